//! `generateContainerConfig` → `makeEnvironmentVariables` (kubelet_pods.go): a container
//! whose environment names a ConfigMap or Secret that does not exist is not created
//! (`CreateContainerConfigError`). The simulator has no ConfigMaps or Secrets, so every
//! non-optional reference is missing, as on a cluster where nobody created them.

use crate::api::pod::Container;

/// The error `makeEnvironmentVariables` returns, if any: `envFrom` first, then `env`, in
/// order; optional references are skipped. The kubelet's watch-based managers name the
/// resource in the singular (`configmap "x" not found`).
pub fn missing_env_source(c: &Container) -> Option<String> {
    let optional =
        |r: &serde_json::Value| r.get("optional").and_then(|o| o.as_bool()) == Some(true);
    let name = |r: &serde_json::Value| {
        r.get("name")
            .and_then(|n| n.as_str())
            .unwrap_or("")
            .to_string()
    };
    for e in &c.env_from {
        for (field, kind) in [("configMapRef", "configmap"), ("secretRef", "secret")] {
            if let Some(r) = e.get(field).filter(|r| !optional(r)) {
                return Some(format!("{kind} \"{}\" not found", name(r)));
            }
        }
    }
    for e in &c.env {
        let Some(from) = &e.value_from else { continue };
        for (field, kind) in [("configMapKeyRef", "configmap"), ("secretKeyRef", "secret")] {
            if let Some(r) = from.get(field).filter(|r| !optional(r)) {
                return Some(format!("{kind} \"{}\" not found", name(r)));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn container(v: serde_json::Value) -> Container {
        serde_json::from_value(v).expect("container")
    }

    #[test]
    fn env_sources_that_do_not_exist() {
        let c = container(json!({"name": "a", "image": "nginx", "env": [
            {"name": "A", "value": "1"},
            {"name": "B", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "b", "optional": true}}},
            {"name": "C", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "c"}}}
        ]}));
        assert_eq!(
            missing_env_source(&c).as_deref(),
            Some("secret \"creds\" not found")
        );
        let c = container(json!({"name": "a", "image": "nginx",
            "env": [{"name": "C", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "c"}}}],
            "envFrom": [{"configMapRef": {"name": "app-config"}}]}));
        assert_eq!(
            missing_env_source(&c).as_deref(),
            Some("configmap \"app-config\" not found")
        );
        let c = container(json!({"name": "a", "image": "nginx",
            "env": [{"name": "P", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}));
        assert_eq!(missing_env_source(&c), None);
    }
}
