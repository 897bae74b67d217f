//! Defaulting, as the API server applies it before storing (`pkg/apis/core/v1/defaults.go`,
//! `pkg/apis/apps/v1/defaults.go`) plus the admission plugins every cluster runs
//! (`DefaultTolerationSeconds`, `ServiceAccount`). Visible in `kubectl get -o yaml`.

use crate::api::apps::{DeploymentStrategy, PodTemplateSpec, RollingUpdateDeployment};
use crate::api::intstr::IntOrString;
use crate::api::pod::{Container, PodSpec, Toleration};
use crate::api::{Deployment, Pod, ReplicaSet};
use std::rc::Rc;

/// `imagePullPolicy` default: `Always` for `:latest` or no tag, else `IfNotPresent`.
pub fn default_pull_policy(image: &str) -> &'static str {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    match last.split_once(':') {
        None => "Always",
        Some((_, "latest")) => "Always",
        Some(_) if image.contains('@') => "IfNotPresent",
        Some(_) => "IfNotPresent",
    }
}

fn container(c: &mut Container) {
    if c.image_pull_policy.is_none() {
        c.image_pull_policy = Some(default_pull_policy(&c.image).to_string());
    }
    c.termination_message_path
        .get_or_insert_with(|| "/dev/termination-log".into());
    c.termination_message_policy
        .get_or_insert_with(|| "File".into());
    for p in &mut c.ports {
        p.protocol.get_or_insert_with(|| "TCP".into());
    }
    for probe in [
        &mut c.liveness_probe,
        &mut c.readiness_probe,
        &mut c.startup_probe,
    ]
    .into_iter()
    .flatten()
    {
        probe.timeout_seconds.get_or_insert(1);
        probe.period_seconds.get_or_insert(10);
        probe.success_threshold.get_or_insert(1);
        probe.failure_threshold.get_or_insert(3);
        if let Some(h) = &mut probe.http_get {
            h.path.get_or_insert_with(|| "/".into());
            h.scheme.get_or_insert_with(|| "HTTP".into());
        }
    }
}

/// `SetDefaults_PodSpec` and friends (the template form: no admission, no node).
pub fn pod_spec(spec: &mut PodSpec) {
    spec.init_containers.iter_mut().for_each(container);
    spec.containers.iter_mut().for_each(container);
    spec.restart_policy.get_or_insert_with(|| "Always".into());
    spec.termination_grace_period_seconds.get_or_insert(30);
    spec.dns_policy.get_or_insert_with(|| "ClusterFirst".into());
    spec.scheduler_name
        .get_or_insert_with(|| "default-scheduler".into());
    spec.security_context
        .get_or_insert_with(|| serde_json::json!({}));
}

/// A pod as stored: template defaults plus what admission adds (service account,
/// priority, the two 300 s NoExecute tolerations).
pub fn pod(p: &mut Pod) {
    let spec = Rc::make_mut(&mut p.spec);
    pod_spec(spec);
    spec.service_account_name
        .get_or_insert_with(|| "default".into());
    spec.service_account = spec.service_account_name.clone();
    spec.priority.get_or_insert(0);
    spec.enable_service_links.get_or_insert(true);
    spec.preemption_policy
        .get_or_insert_with(|| "PreemptLowerPriority".into());
    let missing = |key: &str, tolerations: &[Toleration]| {
        !tolerations.iter().any(|t| t.key.as_deref() == Some(key))
    };
    let keys = [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ];
    // Exact: a doubling Vec would keep four 112-byte slots for the two of every pod.
    let added = keys
        .iter()
        .filter(|k| missing(k, &spec.tolerations))
        .count();
    spec.tolerations.reserve_exact(added);
    for key in keys {
        if missing(key, &spec.tolerations) {
            spec.tolerations.push(Toleration {
                key: Some(key.into()),
                operator: Some("Exists".into()),
                value: None,
                effect: Some("NoExecute".into()),
                toleration_seconds: Some(300),
            });
        }
    }
    if p.status.phase.is_empty() {
        p.status.phase = "Pending".into();
    }
    if p.status.qos_class.is_empty() {
        p.status.qos_class = qos_class(&p.spec).into();
    }
}

/// `GetPodQOS`: Guaranteed when every container has equal cpu and memory requests and
/// limits, BestEffort when none sets any, else Burstable.
pub fn qos_class(spec: &PodSpec) -> &'static str {
    let all: Vec<&Container> = spec
        .init_containers
        .iter()
        .chain(&spec.containers)
        .collect();
    if all.iter().all(|c| c.resources.is_empty()) {
        return "BestEffort";
    }
    let guaranteed = all.iter().all(|c| {
        ["cpu", "memory"].iter().all(|r| {
            let limit = c.resources.limits.get(*r);
            limit.is_some()
                && c.resources
                    .requests
                    .get(*r)
                    .is_none_or(|q| Some(q) == limit)
        })
    });
    if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

fn template(t: &mut PodTemplateSpec) {
    pod_spec(&mut t.spec);
}

/// `SetDefaults_Deployment`.
pub fn deployment(d: &mut Deployment) {
    d.spec.replicas.get_or_insert(1);
    let strategy = d
        .spec
        .strategy
        .get_or_insert_with(DeploymentStrategy::default);
    let ty = strategy
        .type_
        .get_or_insert_with(|| "RollingUpdate".into())
        .clone();
    if ty == "RollingUpdate" {
        let ru = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateDeployment::default);
        ru.max_unavailable
            .get_or_insert_with(|| IntOrString::String("25%".into()));
        ru.max_surge
            .get_or_insert_with(|| IntOrString::String("25%".into()));
    }
    d.spec.revision_history_limit.get_or_insert(10);
    d.spec.progress_deadline_seconds.get_or_insert(600);
    template(&mut d.spec.template);
}

/// `SetDefaults_ReplicaSet`.
pub fn replicaset(rs: &mut ReplicaSet) {
    rs.spec.replicas.get_or_insert(1);
    template(&mut rs.spec.template);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_policy_by_tag() {
        assert_eq!(default_pull_policy("nginx"), "Always");
        assert_eq!(default_pull_policy("nginx:latest"), "Always");
        assert_eq!(default_pull_policy("nginx:1.25.3"), "IfNotPresent");
        assert_eq!(default_pull_policy("localhost:5000/app"), "Always");
        assert_eq!(
            default_pull_policy("blux2/hello-server:1.0"),
            "IfNotPresent"
        );
    }
}
