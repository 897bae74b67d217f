//! Tab completion for the console: what may come next after the words typed so far.

use super::{parse::split_words, resources, COMMANDS};
use crate::Cluster;

/// Candidates for the last (partial) word of `line`, sorted; each is a whole word.
pub fn candidates(cluster: &Cluster, line: &str) -> Vec<String> {
    let trailing_space = line.ends_with(' ');
    let mut words = split_words(line).unwrap_or_default();
    if words.first().map(String::as_str) == Some("kubectl") {
        words.remove(0);
    }
    let partial = if trailing_space {
        String::new()
    } else {
        words.pop().unwrap_or_default()
    };
    let positional: Vec<&String> = words.iter().filter(|w| !w.starts_with('-')).collect();
    let namespace = flag_value(&words, "-n", "--namespace").unwrap_or_else(|| "default".into());
    let mut out: Vec<String> = match positional.as_slice() {
        [] => COMMANDS.iter().map(|s| s.to_string()).collect(),
        [verb] if verb.as_str() == "rollout" => {
            ["history", "pause", "restart", "resume", "status", "undo"]
                .iter()
                .map(|s| s.to_string())
                .collect()
        }
        [verb] if verb.as_str() == "create" => vec!["deployment".into(), "namespace".into()],
        [verb] if verb.as_str() == "set" => vec!["image".into()],
        [verb] if matches!(verb.as_str(), "cordon" | "uncordon" | "drain") => {
            names(cluster, "nodes", &namespace)
        }
        [verb] if matches!(verb.as_str(), "version" | "api-resources" | "run") => vec![],
        [_] | [_, _] if partial.contains('/') => {
            let (ty, _) = partial.split_once('/').unwrap_or(("", ""));
            names(cluster, ty, &namespace)
                .into_iter()
                .map(|n| format!("{ty}/{n}"))
                .collect()
        }
        [verb] if verb.as_str() == "logs" => names(cluster, "pods", &namespace),
        [_] => resources::all_type_names(),
        [verb, sub] if matches!(verb.as_str(), "rollout" | "set") && !sub.is_empty() => {
            vec!["deployment".into(), "deployments".into(), "deploy".into()]
        }
        [_, ty] | [_, _, ty] => names(cluster, ty, &namespace),
        _ => vec![],
    };
    out.retain(|c| c.starts_with(&partial));
    crate::sort::stable(&mut out);
    out.dedup();
    out
}

fn flag_value(words: &[String], short: &str, long: &str) -> Option<String> {
    let mut it = words.iter();
    while let Some(w) = it.next() {
        if w == short || w == long {
            return it.next().cloned();
        }
        if let Some(v) = w.strip_prefix(&format!("{long}=")) {
            return Some(v.to_string());
        }
    }
    None
}

/// Names of the objects of a typed resource type (`po`, `deployments`, …) in `ns`.
fn names(cluster: &Cluster, ty: &str, ns: &str) -> Vec<String> {
    let Some(kind) = resources::resolve(ty.split(',').next().unwrap_or(ty)) else {
        return vec![];
    };
    cluster
        .api
        .list_objects(kind, Some(ns))
        .iter()
        .map(|o| o.meta().name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClusterConfig;

    #[test]
    fn completes_commands_types_and_names() {
        let c = Cluster::new(&ClusterConfig::default());
        assert_eq!(candidates(&c, "kubectl ge"), ["get"]);
        assert!(candidates(&c, "kubectl get ").contains(&"pods".to_string()));
        assert_eq!(
            candidates(&c, "kubectl get deploy"),
            ["deploy", "deployment", "deployments"]
        );
        assert_eq!(candidates(&c, "kubectl get nodes kind-w").len(), 3);
        assert_eq!(
            candidates(&c, "kubectl cordon kind-worker2"),
            ["kind-worker2"]
        );
        assert_eq!(candidates(&c, "kubectl rollout st"), ["status"]);
        assert_eq!(
            candidates(&c, "kubectl get no/kind-c"),
            ["no/kind-control-plane"]
        );
    }
}
