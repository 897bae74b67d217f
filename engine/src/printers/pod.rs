//! `kubectl get pods`: `printPod` in `pkg/printers/internalversion/printers.go`
//! (pod-lifecycle.md §1.2–1.6).

use super::human_duration::translate_timestamp_since;
use super::table::{Column, Row, RowCondition, Table};
use crate::api::pod::ContainerStatus;
use crate::api::Pod;
use crate::time::Time;

/// `podColumnDefinitions` (`AddHandlers`).
pub const POD_COLUMNS: [Column; 9] = [
    Column::name_column(),
    Column::new("Ready"),
    Column::new("Status"),
    Column::new("Restarts"),
    Column::new("Age"),
    Column::wide("IP"),
    Column::wide("Node"),
    Column::wide("Nominated Node"),
    Column::wide("Readiness Gates"),
];

/// `podSuccessConditions`.
pub const POD_SUCCEEDED_CONDITION: RowCondition = RowCondition {
    type_: "Completed",
    status: "True",
    reason: "Succeeded",
    message: "The pod has completed successfully.",
};
/// `podFailedConditions`.
pub const POD_FAILED_CONDITION: RowCondition = RowCondition {
    type_: "Completed",
    status: "True",
    reason: "Failed",
    message: "The pod failed.",
};

/// `node.NodeUnreachablePodReason`.
const NODE_LOST: &str = "NodeLost";

/// The computed cells of one pod row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSummary {
    pub name: String,
    pub ready: String,
    pub status: String,
    pub restarts: String,
    pub age: String,
    pub ip: String,
    pub node: String,
    pub nominated_node: String,
    pub readiness_gates: String,
}

/// Restart bookkeeping: a sum and the newest `lastState.terminated.finishedAt`.
#[derive(Clone, Copy, Default)]
struct Restarts {
    count: i64,
    last: Option<Time>,
}

impl Restarts {
    fn add(&mut self, cs: &ContainerStatus) {
        self.count += i64::from(cs.restart_count);
        // `lastRestartDate.Before(&terminatedDate)`: only a later time replaces it; an unset
        // finishedAt (zero time in Go) never does.
        let finished = cs
            .last_state
            .terminated
            .as_ref()
            .and_then(|t| t.finished_at);
        if let Some(f) = finished {
            if self.last.is_none_or(|l| l < f) {
                self.last = Some(f);
            }
        }
    }
}

/// STATUS text of a terminated state without a reason: `Signal:N` or `ExitCode:N`.
fn exit_text(signal: i32, exit_code: i32) -> String {
    if signal != 0 {
        format!("Signal:{signal}")
    } else {
        format!("ExitCode:{exit_code}")
    }
}

/// Whether the init container spec named `name` is a sidecar (`restartPolicy: Always`).
/// Go looks the name up in a map of the spec's init containers; a status without a spec
/// (`initContainers[name]` is nil) is not restartable.
fn is_sidecar(pod: &Pod, name: &str) -> bool {
    pod.spec
        .init_containers
        .iter()
        .rev() // Go's map keeps the last spec with a given name.
        .find(|c| c.name == name)
        .is_some_and(|c| c.is_sidecar())
}

/// `printPod`'s READY / STATUS / RESTARTS (and AGE, wide cells).
pub fn pod_summary(pod: &Pod, now: Time) -> PodSummary {
    let status = &pod.status;
    let total = pod.spec.containers.len()
        + pod
            .spec
            .init_containers
            .iter()
            .filter(|c| c.is_sidecar())
            .count();
    let mut ready = 0usize;
    // Step 1: phase, overridden by status.reason.
    let mut reason = if status.reason.is_empty() {
        status.phase.clone()
    } else {
        status.reason.clone()
    };
    // Step 2: {type: PodScheduled, reason: SchedulingGated}.
    if status
        .conditions
        .iter()
        .any(|c| c.type_ == "PodScheduled" && c.reason == "SchedulingGated")
    {
        reason = "SchedulingGated".into();
    }

    // Step 4: the init loop.
    let mut restarts = Restarts::default();
    let mut sidecar_restarts = Restarts::default();
    let mut initializing = false;
    for (i, cs) in status.init_container_statuses.iter().enumerate() {
        restarts.add(cs);
        let sidecar = is_sidecar(pod, &cs.name);
        if sidecar {
            sidecar_restarts.add(cs);
        }
        let st = &cs.state;
        if st.terminated.as_ref().is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if sidecar && cs.started == Some(true) {
            if cs.ready {
                ready += 1;
            }
            continue;
        }
        if let Some(t) = &st.terminated {
            reason = if t.reason.is_empty() {
                format!("Init:{}", exit_text(t.signal, t.exit_code))
            } else {
                format!("Init:{}", t.reason)
            };
        } else if let Some(w) = st
            .waiting
            .as_ref()
            .filter(|w| !w.reason.is_empty() && w.reason != "PodInitializing")
        {
            reason = format!("Init:{}", w.reason);
        } else {
            reason = format!("Init:{i}/{}", pod.spec.init_containers.len());
        }
        initializing = true;
        break;
    }

    // Steps 5–7.
    if !initializing || pod.condition_true("Initialized") {
        restarts = sidecar_restarts;
        let mut has_running = false;
        for cs in status.container_statuses.iter().rev() {
            restarts.add(cs);
            let st = &cs.state;
            if let Some(w) = st.waiting.as_ref().filter(|w| !w.reason.is_empty()) {
                reason = w.reason.clone();
            } else if let Some(t) = &st.terminated {
                reason = if t.reason.is_empty() {
                    exit_text(t.signal, t.exit_code)
                } else {
                    t.reason.clone()
                };
            } else if cs.ready && st.running.is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if pod.is_ready() {
                "Running"
            } else {
                "NotReady"
            }
            .into();
        }
    }

    // Step 8.
    if pod.metadata.deletion_timestamp.is_some() && status.reason == NODE_LOST {
        reason = "Unknown".into();
    } else if pod.metadata.deletion_timestamp.is_some() && !pod.is_terminal() {
        reason = "Terminating".into();
    }

    let restarts_text = match restarts.last {
        Some(last) if restarts.count != 0 => format!(
            "{} ({} ago)",
            restarts.count,
            translate_timestamp_since(Some(last), now)
        ),
        _ => restarts.count.to_string(),
    };
    PodSummary {
        name: pod.metadata.name.clone(),
        ready: format!("{ready}/{total}"),
        status: reason,
        restarts: restarts_text,
        age: translate_timestamp_since(pod.metadata.creation_timestamp, now),
        ip: none_if_empty(status.pod_ips.first().map(|p| p.ip.as_str()).unwrap_or("")),
        node: none_if_empty(&pod.spec.node_name),
        nominated_node: none_if_empty(&status.nominated_node_name),
        readiness_gates: readiness_gates(pod),
    }
}

fn none_if_empty(s: &str) -> String {
    if s.is_empty() {
        "<none>".into()
    } else {
        s.to_string()
    }
}

/// READINESS GATES: `<true>/<gates>`; the first condition of a gate's type decides.
fn readiness_gates(pod: &Pod) -> String {
    let gates = &pod.spec.readiness_gates;
    if gates.is_empty() {
        return "<none>".into();
    }
    let trues = gates
        .iter()
        .filter(|g| {
            pod.status
                .conditions
                .iter()
                .find(|c| c.type_ == g.condition_type)
                .is_some_and(|c| c.status == "True")
        })
        .count();
    format!("{trues}/{}", gates.len())
}

/// One table row (all cells, wide included).
pub fn pod_row(pod: &Pod, now: Time) -> Row {
    let s = pod_summary(pod, now);
    let conditions = match pod.status.phase.as_str() {
        "Succeeded" => vec![POD_SUCCEEDED_CONDITION],
        "Failed" => vec![POD_FAILED_CONDITION],
        _ => vec![],
    };
    Row {
        cells: vec![
            s.name,
            s.ready,
            s.status,
            s.restarts,
            s.age,
            s.ip,
            s.node,
            s.nominated_node,
            s.readiness_gates,
        ],
        namespace: pod.metadata.namespace.clone(),
        labels: pod.metadata.labels.clone(),
        conditions,
    }
}

/// `printPodList`.
pub fn pod_table<'a>(pods: impl IntoIterator<Item = &'a Pod>, now: Time) -> Table {
    Table {
        columns: POD_COLUMNS.to_vec(),
        rows: pods.into_iter().map(|p| pod_row(p, now)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Deserialize)]
    struct Case {
        name: String,
        reference_now: String,
        wide: bool,
        pod: Pod,
        expect: BTreeMap<String, String>,
    }

    fn cases() -> Vec<Case> {
        serde_json::from_str(include_str!("../../tests/cases/pod_printer_upstream.json"))
            .expect("pod_printer_upstream.json parses into api::Pod")
    }

    #[test]
    fn all_upstream_printer_rows() {
        let cases = cases();
        assert_eq!(cases.len(), 39);
        for c in &cases {
            let now = Time::parse_rfc3339(&c.reference_now).expect("reference_now");
            let s = pod_summary(&c.pod, now);
            let row = pod_row(&c.pod, now);
            let mut got: BTreeMap<&str, String> = BTreeMap::from([
                ("name", s.name.clone()),
                ("ready", s.ready.clone()),
                ("status", s.status.clone()),
                ("restarts", s.restarts.clone()),
                ("age", s.age.clone()),
            ]);
            if c.wide {
                got.insert("ip", s.ip.clone());
                got.insert("node", s.node.clone());
                got.insert("nominated_node", s.nominated_node.clone());
                got.insert("readiness_gates", s.readiness_gates.clone());
            }
            if let Some(rc) = row.conditions.first() {
                got.insert(
                    "row_condition",
                    format!("{}={} reason={}", rc.type_, rc.status, rc.reason),
                );
            }
            let want: BTreeMap<&str, String> = c
                .expect
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            assert_eq!(got, want, "case {}", c.name);
        }
    }

    #[test]
    fn renders_like_kubectl() {
        let pod: Pod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "web", "namespace": "default",
                         "creationTimestamp": "2025-01-01T00:00:00Z"},
            "spec": {"containers": [{"name": "nginx", "image": "nginx"}], "nodeName": "node-1"},
            "status": {"phase": "Running", "podIPs": [{"ip": "10.244.0.5"}],
                "containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 2,
                    "state": {"running": {}},
                    "lastState": {"terminated": {"exitCode": 1,
                                                 "finishedAt": "2025-01-01T00:04:00Z"}}}]}
        }))
        .expect("pod");
        let now = Time::parse_rfc3339("2025-01-01T00:05:53Z").expect("now");
        let t = pod_table([&pod], now);
        assert_eq!(
            t.render(&Default::default()),
            "NAME   READY   STATUS    RESTARTS       AGE\n\
             web    1/1     Running   2 (113s ago)   5m53s\n"
        );
        let wide = super::super::table::PrintOptions {
            wide: true,
            ..Default::default()
        };
        assert_eq!(
            t.render(&wide),
            "NAME   READY   STATUS    RESTARTS       AGE     IP           NODE     NOMINATED NODE   READINESS GATES\n\
             web    1/1     Running   2 (113s ago)   5m53s   10.244.0.5   node-1   <none>           <none>\n"
        );
    }

    #[test]
    fn watch_rows_drift_like_spec_section_6() {
        // pod-lifecycle.md §6's `kubectl get pods --watch` example, event by event.
        use crate::printers::table::{PrintOptions, TablePrinter};
        let created = "2025-01-01T00:00:00Z";
        let pod = |status: serde_json::Value| -> Pod {
            serde_json::from_value(serde_json::json!({
                "metadata": {"name": "web", "namespace": "default", "creationTimestamp": created},
                "spec": {"containers": [{"name": "nginx", "image": "nginx"}]},
                "status": status
            }))
            .expect("pod")
        };
        let pending = pod(serde_json::json!({"phase": "Pending"}));
        let creating = pod(
            serde_json::json!({"phase": "Pending", "containerStatuses": [
            {"name": "nginx", "ready": false, "restartCount": 0,
             "state": {"waiting": {"reason": "ContainerCreating"}}}]}),
        );
        let running = pod(
            serde_json::json!({"phase": "Running", "containerStatuses": [
            {"name": "nginx", "ready": true, "restartCount": 0, "state": {"running": {}}}]}),
        );
        let at = |s: &str| Time::parse_rfc3339(s).expect("time");
        let mut printer = TablePrinter::new();
        let opts = PrintOptions::default();
        let mut out = String::new();
        for (p, now) in [
            (&pending, at(created)),
            (&pending, at(created)),
            (&creating, at(created)),
            (&running, at("2025-01-01T00:00:03Z")),
        ] {
            out.push_str(&printer.print(&pod_table([p], now), &opts, None));
        }
        assert_eq!(
            out,
            "NAME   READY   STATUS    RESTARTS   AGE\n\
             web    0/1     Pending   0          0s\n\
             web    0/1     Pending   0          0s\n\
             web    0/1     ContainerCreating   0          0s\n\
             web    1/1     Running             0          3s\n"
        );
    }
}
