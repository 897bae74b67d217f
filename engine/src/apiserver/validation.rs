//! Validation with the API server's field paths and messages (`pkg/apis/*/validation`).
//! Each function returns the list of field errors; empty means valid.

use super::names::{dns1123_label_error, dns1123_subdomain_error};
use crate::api::apps::PodTemplateSpec;
use crate::api::pod::PodSpec;
use crate::api::{Deployment, ObjectMeta, Pod, ReplicaSet};

fn meta(m: &ObjectMeta, errs: &mut Vec<String>) {
    if m.name.is_empty() && m.generate_name.is_empty() {
        errs.push("metadata.name: Required value: name or generateName is required".into());
    } else if !m.name.is_empty() {
        if let Some(e) = dns1123_subdomain_error(&m.name) {
            errs.push(format!("metadata.name: Invalid value: \"{}\": {e}", m.name));
        }
    }
}

fn pod_spec(spec: &PodSpec, path: &str, errs: &mut Vec<String>) {
    if spec.containers.is_empty() {
        errs.push(format!("{path}.containers: Required value"));
    }
    let mut seen = std::collections::BTreeSet::new();
    let groups = [
        ("initContainers", &spec.init_containers),
        ("containers", &spec.containers),
    ];
    for (field, list) in groups {
        for (i, c) in list.iter().enumerate() {
            let p = format!("{path}.{field}[{i}]");
            if c.name.is_empty() {
                errs.push(format!("{p}.name: Required value"));
            } else if let Some(e) = dns1123_label_error(&c.name) {
                errs.push(format!("{p}.name: Invalid value: \"{}\": {e}", c.name));
            } else if !seen.insert(c.name.clone()) {
                errs.push(format!("{p}.name: Duplicate value: \"{}\"", c.name));
            }
            if c.image.trim().is_empty() {
                errs.push(format!("{p}.image: Required value"));
            }
        }
    }
    if let Some(rp) = &spec.restart_policy {
        if !matches!(rp.as_str(), "Always" | "OnFailure" | "Never") {
            errs.push(format!(
                "{path}.restartPolicy: Unsupported value: \"{rp}\": supported values: \"Always\", \"OnFailure\", \"Never\""
            ));
        }
    }
}

pub fn pod(p: &Pod) -> Vec<String> {
    let mut errs = Vec::new();
    meta(&p.metadata, &mut errs);
    pod_spec(&p.spec, "spec", &mut errs);
    errs
}

fn template(
    t: &PodTemplateSpec,
    selector: &crate::api::meta::LabelSelector,
    errs: &mut Vec<String>,
) {
    if selector.is_empty() {
        errs.push("spec.selector: Required value".into());
    } else if !selector.matches(&t.metadata.labels) {
        errs.push(format!(
            "spec.template.metadata.labels: Invalid value: map[string]string{{{}}}: `selector` does not match template `labels`",
            go_map(&t.metadata.labels)
        ));
    }
    pod_spec(&t.spec, "spec.template.spec", errs);
    if let Some(rp) = &t.spec.restart_policy {
        if matches!(rp.as_str(), "OnFailure" | "Never") {
            errs.push(format!("spec.template.spec.restartPolicy: Unsupported value: \"{rp}\": supported values: \"Always\""));
        }
    }
}

/// Go's `%#v` of a `map[string]string`: `"app":"web", "tier":"fe"`.
fn go_map(labels: &crate::api::meta::Labels) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("\"{k}\":\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn replicas(v: Option<i32>, errs: &mut Vec<String>) {
    if let Some(r) = v.filter(|r| *r < 0) {
        errs.push(format!(
            "spec.replicas: Invalid value: {r}: must be greater than or equal to 0"
        ));
    }
}

pub fn replicaset(rs: &ReplicaSet) -> Vec<String> {
    let mut errs = Vec::new();
    meta(&rs.metadata, &mut errs);
    replicas(rs.spec.replicas, &mut errs);
    template(&rs.spec.template, &rs.spec.selector, &mut errs);
    errs
}

pub fn deployment(d: &Deployment) -> Vec<String> {
    let mut errs = Vec::new();
    meta(&d.metadata, &mut errs);
    replicas(d.spec.replicas, &mut errs);
    template(&d.spec.template, &d.spec.selector, &mut errs);
    if let Some(ru) = d
        .spec
        .strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
    {
        let zero = |v: &Option<crate::api::intstr::IntOrString>| {
            v.as_ref()
                .is_none_or(|v| v.scaled_value(100, true).is_ok_and(|x| x == 0))
        };
        if zero(&ru.max_surge) && zero(&ru.max_unavailable) {
            errs.push(
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"
                    .into(),
            );
        }
    }
    errs
}
