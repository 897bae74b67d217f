//! Resource type names as kubectl resolves them through discovery: plural, singular,
//! short names, kinds and `resource.group` forms (`po`, `pods`, `deploy`,
//! `deployments.apps`, `Deployment`).

use crate::api::Kind;

struct Names {
    kind: Kind,
    singular: &'static str,
    short: &'static [&'static str],
}

const NAMES: &[Names] = &[
    Names {
        kind: Kind::Pod,
        singular: "pod",
        short: &["po"],
    },
    Names {
        kind: Kind::ReplicaSet,
        singular: "replicaset",
        short: &["rs"],
    },
    Names {
        kind: Kind::Deployment,
        singular: "deployment",
        short: &["deploy"],
    },
    Names {
        kind: Kind::Node,
        singular: "node",
        short: &["no"],
    },
    Names {
        kind: Kind::Namespace,
        singular: "namespace",
        short: &["ns"],
    },
    Names {
        kind: Kind::Event,
        singular: "event",
        short: &["ev"],
    },
];

/// Resolves a resource type argument; `None` when the server does not have it.
pub fn resolve(arg: &str) -> Option<Kind> {
    let lower = arg.to_ascii_lowercase();
    let (name, group) = match lower.split_once('.') {
        Some((n, g)) => (n.to_string(), Some(g.to_string())),
        None => (lower.clone(), None),
    };
    NAMES.iter().find_map(|n| {
        let k = n.kind;
        let name_ok =
            name == k.resource() || name == n.singular || n.short.contains(&name.as_str());
        let group_ok = match group.as_deref() {
            None => true,
            Some(g) => {
                g == k.group()
                    || (k.group().is_empty() && g == "core")
                    || g == format!("{}/v1", k.group())
                    || (k.group() == "apps" && g == "v1.apps")
            }
        };
        (name_ok && group_ok).then_some(k)
    })
}

/// The short names discovery lists for a kind (`po`, `deploy`, …).
pub fn short_names(kind: Kind) -> Vec<&'static str> {
    NAMES
        .iter()
        .filter(|n| n.kind == kind)
        .flat_map(|n| n.short.iter().copied())
        .collect()
}

/// Every name a reader may type for a resource type (Tab completion).
pub fn all_type_names() -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for n in NAMES {
        v.push(n.kind.resource().to_string());
        v.push(n.singular.to_string());
        v.extend(n.short.iter().map(|s| s.to_string()));
    }
    v.push("all".into());
    crate::sort::stable(&mut v);
    v.dedup();
    v
}

/// kubectl's message when discovery has no such type.
pub fn unknown_type_error(arg: &str) -> String {
    format!("error: the server doesn't have a resource type \"{arg}\"")
}

/// What the positional arguments of `get`, `delete`, `describe`… name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Targets {
    /// The kinds, in the order given (duplicates removed).
    pub kinds: Vec<Kind>,
    /// `(kind, name)` pairs when names were given.
    pub named: Vec<(Kind, String)>,
    /// One object named with one kind (`get pod web`, `get pod/web`): print it bare,
    /// not as a `List`.
    pub single_item: bool,
}

/// The kinds `kubectl get all` shows, among those the simulator models.
pub const ALL_CATEGORY: &[Kind] = &[Kind::Pod, Kind::Deployment, Kind::ReplicaSet];

/// Parses `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…` (`ResourceBuilder.ResourceTypeOrNameArgs`).
/// Errors are kubectl's lines.
pub fn parse_targets(args: &[String]) -> Result<Targets, String> {
    let mut t = Targets::default();
    let Some(first) = args.first() else {
        return Ok(t);
    };
    let resolve_one = |ty: &str| -> Result<Vec<Kind>, String> {
        if ty == "all" {
            return Ok(ALL_CATEGORY.to_vec());
        }
        resolve(ty)
            .map(|k| vec![k])
            .ok_or_else(|| unknown_type_error(ty))
    };
    if first.contains('/') {
        for a in args {
            let Some((ty, name)) = a.split_once('/') else {
                return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into());
            };
            if ty.is_empty() || name.is_empty() {
                return Err(
                    "error: arguments in resource/name form must have a single resource and name"
                        .to_string(),
                );
            }
            let k = resolve(ty).ok_or_else(|| unknown_type_error(ty))?;
            if !t.kinds.contains(&k) {
                t.kinds.push(k);
            }
            t.named.push((k, name.to_string()));
        }
        t.single_item = args.len() == 1;
        return Ok(t);
    }
    for ty in first.split(',').filter(|s| !s.is_empty()) {
        for k in resolve_one(ty)? {
            if !t.kinds.contains(&k) {
                t.kinds.push(k);
            }
        }
    }
    for name in &args[1..] {
        if name.contains('/') {
            return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into());
        }
        for k in &t.kinds {
            t.named.push((*k, name.clone()));
        }
    }
    t.single_item = args.len() == 2 && t.kinds.len() == 1 && !first.contains(',');
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_names() {
        for a in ["po", "pod", "pods", "Pod", "pods.core"] {
            assert_eq!(resolve(a), Some(Kind::Pod), "{a}");
        }
        for a in [
            "deploy",
            "deployment",
            "deployments.apps",
            "deployment.apps",
            "Deployment",
        ] {
            assert_eq!(resolve(a), Some(Kind::Deployment), "{a}");
        }
        assert_eq!(resolve("rs"), Some(Kind::ReplicaSet));
        assert_eq!(resolve("pods.apps"), None);
        assert_eq!(resolve("services"), None);
    }

    #[test]
    fn targets() {
        let w = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let t = parse_targets(&w("deploy,rs")).unwrap();
        assert_eq!(t.kinds, [Kind::Deployment, Kind::ReplicaSet]);
        let t = parse_targets(&w("deploy/web pod/x")).unwrap();
        assert_eq!(t.named.len(), 2);
        assert!(!t.single_item);
        assert!(parse_targets(&w("pod web")).unwrap().single_item);
        assert!(parse_targets(&w("pod/web")).unwrap().single_item);
        assert!(parse_targets(&w("pod pod/web")).is_err());
        assert_eq!(parse_targets(&w("all")).unwrap().kinds.len(), 3);
    }
}
