//! `kubectl logs [--previous]` as the kubelet answers it: which container instance a
//! request means (`validateContainerLogStatus` in `pkg/kubelet/kubelet_pods.go`) and the
//! errors kubectl prints when there is none.

use crate::api::pod::{ContainerStatus, Pod};

/// The container ID whose log `kubectl logs` reads, or the error text kubectl prints
/// (`Error from server (BadRequest): …`).
pub fn container_id_for_logs(pod: &Pod, container: &str, previous: bool) -> Result<String, String> {
    let name = &pod.metadata.name;
    let bad = |msg: String| format!("Error from server (BadRequest): {msg}");
    let statuses: Vec<&ContainerStatus> = pod
        .status
        .container_statuses
        .iter()
        .chain(&pod.status.init_container_statuses)
        .collect();
    let Some(s) = statuses.into_iter().find(|s| s.name == container) else {
        let known = pod
            .spec
            .containers
            .iter()
            .chain(&pod.spec.init_containers)
            .any(|c| c.name == container);
        return Err(if known {
            bad(format!("container \"{container}\" in pod \"{name}\" is waiting to start: ContainerCreating"))
        } else {
            bad(format!("container {container} is not valid for pod {name}"))
        });
    };
    let last = s.last_state.terminated.as_ref();
    if previous {
        return match last.filter(|t| !t.container_id.is_empty()) {
            Some(t) => Ok(t.container_id.clone()),
            None => Err(bad(format!(
                "previous terminated container \"{container}\" in pod \"{name}\" not found"
            ))),
        };
    }
    if s.state.running.is_some() {
        return Ok(s.container_id.clone());
    }
    if let Some(t) = &s.state.terminated {
        if !t.container_id.is_empty() {
            return Ok(t.container_id.clone());
        }
        return match last.filter(|t| !t.container_id.is_empty()) {
            Some(l) => Ok(l.container_id.clone()),
            None => Err(bad(format!(
                "container \"{container}\" in pod \"{name}\" is terminated"
            ))),
        };
    }
    if let Some(l) = last {
        if l.container_id.is_empty() {
            return Err(bad(format!(
                "container \"{container}\" in pod \"{name}\" is terminated"
            )));
        }
        return Ok(l.container_id.clone());
    }
    let reason = s.state.waiting.as_ref().map(|w| w.reason.as_str());
    Err(bad(match reason {
        Some("ErrImagePull") => format!("container \"{container}\" in pod \"{name}\" is waiting to start: image can't be pulled"),
        Some("ImagePullBackOff") => format!("container \"{container}\" in pod \"{name}\" is waiting to start: trying and failing to pull image"),
        Some(r) => format!("container \"{container}\" in pod \"{name}\" is waiting to start: {r}"),
        None => format!("container \"{container}\" in pod \"{name}\" is waiting to start - no logs yet"),
    }))
}
