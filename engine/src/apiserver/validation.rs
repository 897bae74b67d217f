//! Validation with the API server's field paths and messages (`pkg/apis/*/validation`).
//! Each function returns the list of field errors; empty means valid.

use super::names::{dns1123_label_error, dns1123_subdomain_error};
use crate::api::apps::PodTemplateSpec;
use crate::api::intstr::IntOrString;
use crate::api::pod::PodSpec;
use crate::api::{Deployment, ObjectMeta, Pod, ReplicaSet};

/// `ValidateLabels` (`apimachinery/pkg/apis/meta/v1/validation`): qualified-name keys and
/// label values, with the API server's messages.
pub fn labels(l: &crate::api::meta::Labels, path: &str, errs: &mut Vec<String>) {
    const NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    const VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    let ok = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            && s.starts_with(|c: char| c.is_ascii_alphanumeric())
            && s.ends_with(|c: char| c.is_ascii_alphanumeric())
    };
    for (k, v) in l {
        let name = k.rsplit_once('/').map_or(k.as_str(), |x| x.1);
        if name.is_empty() || !ok(name) {
            errs.push(format!("{path}: Invalid value: \"{k}\": {NAME_MSG}"));
        } else if name.len() > 63 {
            errs.push(format!(
                "{path}: Invalid value: \"{k}\": name part must be no more than 63 characters"
            ));
        }
        if !v.is_empty() && !ok(v) {
            errs.push(format!("{path}: Invalid value: \"{v}\": {VALUE_MSG}"));
        } else if v.len() > 63 {
            errs.push(format!(
                "{path}: Invalid value: \"{v}\": must be no more than 63 characters"
            ));
        }
    }
}

fn meta(m: &ObjectMeta, errs: &mut Vec<String>) {
    if m.name.is_empty() && m.generate_name.is_empty() {
        errs.push("metadata.name: Required value: name or generateName is required".into());
    } else if !m.name.is_empty() {
        if let Some(e) = dns1123_subdomain_error(&m.name) {
            errs.push(format!("metadata.name: Invalid value: \"{}\": {e}", m.name));
        }
    }
    labels(&m.labels, "metadata.labels", errs);
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
            let p = indexed(path, field, i);
            if c.name.is_empty() {
                errs.push(format!("{p}.name: Required value"));
            } else if let Some(e) = dns1123_label_error(&c.name) {
                errs.push(format!("{p}.name: Invalid value: \"{}\": {e}", c.name));
            } else if !seen.insert(c.name.as_str()) {
                errs.push(format!("{p}.name: Duplicate value: \"{}\"", c.name));
            }
            if c.image.trim().is_empty() {
                errs.push(format!("{p}.image: Required value"));
            }
            container_ports(c, &p, errs);
            if let Some(pp) = &c.image_pull_policy {
                if !matches!(pp.as_str(), "Always" | "IfNotPresent" | "Never") {
                    errs.push(format!("{p}.imagePullPolicy: Unsupported value: \"{pp}\": supported values: \"Always\", \"IfNotPresent\", \"Never\""));
                }
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

/// `{path}.{field}[{i}]`, built by hand: every valid pod's every container pays for it.
fn indexed(path: &str, field: &str, i: usize) -> String {
    let mut p = [path, ".", field, "["].concat();
    crate::text::push_num(&mut p, i as u64, 10, 0);
    p.push(']');
    p
}

/// `validateContainerPorts`.
fn container_ports(c: &crate::api::pod::Container, path: &str, errs: &mut Vec<String>) {
    for (i, port) in c.ports.iter().enumerate() {
        let p = indexed(path, "ports", i);
        if port.container_port == 0 {
            errs.push(format!("{p}.containerPort: Required value"));
        } else if !(1..=65535).contains(&port.container_port) {
            errs.push(format!(
                "{p}.containerPort: Invalid value: {}: must be between 1 and 65535, inclusive",
                port.container_port
            ));
        }
        if let Some(proto) = &port.protocol {
            if !matches!(proto.as_str(), "TCP" | "UDP" | "SCTP") {
                errs.push(format!("{p}.protocol: Unsupported value: \"{proto}\": supported values: \"SCTP\", \"TCP\", \"UDP\""));
            }
        }
    }
}

pub fn pod(p: &Pod) -> Vec<String> {
    let mut errs = Vec::new();
    meta(&p.metadata, &mut errs);
    pod_spec(&p.spec, "spec", &mut errs);
    errs
}

/// The selector must select the template's pods: otherwise the controller would create pods
/// it never counts, forever.
pub fn selects_template(
    t: &PodTemplateSpec,
    selector: &crate::api::meta::LabelSelector,
    errs: &mut Vec<String>,
) {
    // A missing selector is `labels.Nothing()` to `LabelSelectorAsSelector`: it matches no
    // template either, so the API server reports both (the classic apps/v1 upgrade error).
    if selector.is_empty() {
        errs.push("spec.selector: Required value".into());
    }
    if selector.is_empty() || !selector.matches(&t.metadata.labels) {
        errs.push(format!(
            "spec.template.metadata.labels: Invalid value: map[string]string{{{}}}: `selector` does not match template `labels`",
            go_map(&t.metadata.labels)
        ));
    }
}

fn template(
    t: &PodTemplateSpec,
    selector: &crate::api::meta::LabelSelector,
    errs: &mut Vec<String>,
) {
    selects_template(t, selector, errs);
    labels(&t.metadata.labels, "spec.template.metadata.labels", errs);
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
    strategy(d, &mut errs);
    let min_ready = d.spec.min_ready_seconds.unwrap_or(0);
    nonnegative(i64::from(min_ready), "spec.minReadySeconds", &mut errs);
    if let Some(r) = d.spec.revision_history_limit {
        nonnegative(i64::from(r), "spec.revisionHistoryLimit", &mut errs);
    }
    if let Some(p) = d.spec.progress_deadline_seconds {
        nonnegative(i64::from(p), "spec.progressDeadlineSeconds", &mut errs);
        if p <= min_ready {
            errs.push(format!(
                "spec.progressDeadlineSeconds: Invalid value: {p}: must be greater than minReadySeconds"
            ));
        }
    }
    errs
}

fn nonnegative(v: i64, path: &str, errs: &mut Vec<String>) {
    if v < 0 {
        errs.push(format!(
            "{path}: Invalid value: {v}: must be greater than or equal to 0"
        ));
    }
}

/// Go's `%#v` of an `intstr.IntOrString`.
fn go_intstr(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => format!("intstr.IntOrString{{Type:0, IntVal:{i}, StrVal:\"\"}}"),
        IntOrString::String(s) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{s:?}}}"),
    }
}

/// `ValidateDeploymentStrategy` and `ValidateRollingUpdateDeployment`.
fn strategy(d: &Deployment, errs: &mut Vec<String>) {
    let Some(st) = &d.spec.strategy else {
        return;
    };
    match st.type_.as_deref().unwrap_or("RollingUpdate") {
        "Recreate" => {
            if st.rolling_update.is_some() {
                errs.push("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'".into());
            }
        }
        "RollingUpdate" => {
            let Some(ru) = &st.rolling_update else {
                return;
            };
            let path = "spec.strategy.rollingUpdate";
            for (name, v) in [("maxUnavailable", &ru.max_unavailable), ("maxSurge", &ru.max_surge)] {
                if let Some(v) = v {
                    positive_int_or_percent(v, &format!("{path}.{name}"), errs);
                }
            }
            let value = |v: &Option<IntOrString>| match v {
                Some(IntOrString::Int(i)) => *i,
                Some(IntOrString::String(s)) => s
                    .strip_suffix('%')
                    .and_then(|p| p.parse::<i64>().ok())
                    .unwrap_or(0),
                None => 0,
            };
            if value(&ru.max_unavailable) == 0 && value(&ru.max_surge) == 0 {
                let shown = ru
                    .max_unavailable
                    .as_ref()
                    .map_or_else(|| go_intstr(&IntOrString::Int(0)), go_intstr);
                errs.push(format!(
                    "{path}.maxUnavailable: Invalid value: {shown}: may not be 0 when `maxSurge` is 0"
                ));
            }
            if let Some(IntOrString::String(s)) = &ru.max_unavailable {
                if s.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()).is_some_and(|p| p > 100) {
                    errs.push(format!(
                        "{path}.maxUnavailable: Invalid value: {}: must not be greater than 100%",
                        go_intstr(&IntOrString::String(s.clone()))
                    ));
                }
            }
        }
        other => errs.push(format!(
            "spec.strategy.type: Unsupported value: \"{other}\": supported values: \"Recreate\", \"RollingUpdate\""
        )),
    }
}

/// `ValidatePositiveIntOrPercent`.
fn positive_int_or_percent(v: &IntOrString, path: &str, errs: &mut Vec<String>) {
    match v {
        IntOrString::Int(i) if *i < 0 => errs.push(format!(
            "{path}: Invalid value: {}: must be greater than or equal to 0",
            i
        )),
        IntOrString::String(s) => {
            let pct = s.strip_suffix('%').and_then(|p| p.parse::<i64>().ok());
            match pct {
                None => errs.push(format!(
                    "{path}: Invalid value: {}: must be an integer or percentage (e.g '5%')",
                    go_intstr(v)
                )),
                Some(p) if p < 0 => errs.push(format!(
                    "{path}: Invalid value: {}: must be greater than or equal to 0",
                    go_intstr(v)
                )),
                Some(_) => {}
            }
        }
        _ => {}
    }
}

/// Go's `%#v` of a `metav1.LabelSelector` (how `field is immutable` errors show it).
fn go_selector(s: &crate::api::meta::LabelSelector) -> String {
    let labels = if s.match_labels.is_empty() {
        "map[string]string(nil)".to_string()
    } else {
        format!("map[string]string{{{}}}", go_map(&s.match_labels))
    };
    let exprs = if s.match_expressions.is_empty() {
        "[]v1.LabelSelectorRequirement(nil)".to_string()
    } else {
        let items: Vec<String> = s
            .match_expressions
            .iter()
            .map(|r| {
                let values = if r.values.is_empty() {
                    "[]string(nil)".to_string()
                } else {
                    let v: Vec<String> = r.values.iter().map(|x| format!("{x:?}")).collect();
                    format!("[]string{{{}}}", v.join(", "))
                };
                format!(
                    "v1.LabelSelectorRequirement{{Key:{:?}, Operator:{:?}, Values:{values}}}",
                    r.key, r.operator
                )
            })
            .collect();
        format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
    };
    format!("v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{exprs}}}")
}

fn immutable_selector(
    old: &crate::api::meta::LabelSelector,
    new: &crate::api::meta::LabelSelector,
    errs: &mut Vec<String>,
) {
    if old != new {
        errs.push(format!(
            "spec.selector: Invalid value: {}: field is immutable",
            go_selector(new)
        ));
    }
}

/// `ValidateDeploymentUpdate`: the selector is immutable in apps/v1.
pub fn deployment_update(old: &Deployment, new: &Deployment) -> Vec<String> {
    let mut errs = Vec::new();
    immutable_selector(&old.spec.selector, &new.spec.selector, &mut errs);
    errs
}

/// `ValidateReplicaSetUpdate`: the selector is immutable in apps/v1.
pub fn replicaset_update(old: &ReplicaSet, new: &ReplicaSet) -> Vec<String> {
    let mut errs = Vec::new();
    immutable_selector(&old.spec.selector, &new.spec.selector, &mut errs);
    errs
}

/// `ValidatePodUpdate`: only images, activeDeadlineSeconds, added tolerations and
/// terminationGracePeriodSeconds may change (the API server also prints a diff, left out).
pub fn pod_update(old: &Pod, new: &Pod) -> Vec<String> {
    let mut comparable = PodSpec::clone(&new.spec);
    for (c, o) in comparable.containers.iter_mut().zip(&old.spec.containers) {
        c.image = o.image.clone();
    }
    for (c, o) in comparable
        .init_containers
        .iter_mut()
        .zip(&old.spec.init_containers)
    {
        c.image = o.image.clone();
    }
    comparable.active_deadline_seconds = old.spec.active_deadline_seconds;
    comparable.termination_grace_period_seconds = old.spec.termination_grace_period_seconds;
    if comparable.node_name.is_empty() {
        comparable.node_name = old.spec.node_name.clone();
    }
    let added_only = old
        .spec
        .tolerations
        .iter()
        .all(|t| comparable.tolerations.contains(t));
    if added_only {
        comparable.tolerations = old.spec.tolerations.clone();
    }
    if comparable != *old.spec {
        return vec!["spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)".into()];
    }
    Vec::new()
}
