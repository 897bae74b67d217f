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

/// kubectl's message when discovery has no such type.
pub fn unknown_type_error(arg: &str) -> String {
    format!("error: the server doesn't have a resource type \"{arg}\"")
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
}
