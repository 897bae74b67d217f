//! The pod's phase and conditions as the kubelet computes them: `getPhase`
//! (`pkg/kubelet/kubelet_pods.go`) and `pkg/kubelet/status/generate.go`.

use crate::api::pod::{Container, ContainerStatus, PodCondition, PodSpec, PodStatus};
use crate::time::Time;

/// `podutil.GetContainerStatus`: the status of the container named `name`.
fn find<'a>(statuses: &'a [&'a ContainerStatus], name: &str) -> Option<&'a ContainerStatus> {
    statuses.iter().copied().find(|s| s.name == name)
}

/// `kubecontainer.HasAnyRegularContainerStarted`: a regular container is running or has run.
pub fn any_regular_container_started(spec: &PodSpec, statuses: &[&ContainerStatus]) -> bool {
    spec.containers.iter().any(|c| {
        find(statuses, &c.name)
            .is_some_and(|s| s.state.running.is_some() || s.state.terminated.is_some())
    })
}

#[derive(Default)]
struct Counts {
    pending_regular_init: u32,
    pending_sidecar: u32,
    failed_init: u32,
    unknown: u32,
    running: u32,
    waiting: u32,
    stopped: u32,
    succeeded: u32,
}

impl Counts {
    fn init_container(&mut self, c: &Container, s: Option<&ContainerStatus>) {
        let Some(s) = s else {
            if c.is_sidecar() {
                self.unknown += 1;
            } else {
                self.pending_regular_init += 1;
            }
            return;
        };
        let last_exit = s.last_state.terminated.as_ref().map(|t| t.exit_code);
        if c.is_sidecar() {
            if s.state.running.is_some() {
                self.running += 1;
                if s.started != Some(true) {
                    self.pending_sidecar += 1;
                }
            } else if s.state.terminated.is_some() {
                // A sidecar that stopped will be restarted: it neither blocks nor counts.
            } else if s.state.waiting.is_some() {
                if last_exit.is_none() {
                    self.pending_sidecar += 1;
                    self.waiting += 1;
                }
            } else {
                self.pending_sidecar += 1;
                self.unknown += 1;
            }
            return;
        }
        if s.state.running.is_some() {
            self.pending_regular_init += 1;
        } else if let Some(t) = &s.state.terminated {
            if t.exit_code != 0 {
                self.failed_init += 1;
            }
        } else if s.state.waiting.is_some() {
            match last_exit {
                Some(code) if code != 0 => self.failed_init += 1,
                Some(_) => {}
                None => self.pending_regular_init += 1,
            }
        } else {
            self.pending_regular_init += 1;
        }
    }

    fn regular_container(&mut self, s: Option<&ContainerStatus>) {
        let Some(s) = s else {
            self.unknown += 1;
            return;
        };
        if s.state.running.is_some() {
            self.running += 1;
        } else if let Some(t) = &s.state.terminated {
            self.stopped += 1;
            if t.exit_code == 0 {
                self.succeeded += 1;
            }
        } else if s.state.waiting.is_some() {
            // A container waiting to be restarted has run: it counts as stopped.
            if s.last_state.terminated.is_some() {
                self.stopped += 1;
            } else {
                self.waiting += 1;
            }
        } else {
            self.unknown += 1;
        }
    }
}

/// `getPhase` (v1.31+ split counters; spec §2.1). `statuses` are the init and regular
/// container statuses together, looked up by name. `pod_is_terminal` is true when the
/// kubelet computes the final status of a pod it has stopped (deletion, eviction).
pub fn get_phase(
    spec: &PodSpec,
    statuses: &[&ContainerStatus],
    pod_is_terminal: bool,
) -> &'static str {
    let mut n = Counts::default();
    for c in &spec.init_containers {
        n.init_container(c, find(statuses, &c.name));
    }
    for c in &spec.containers {
        n.regular_container(find(statuses, &c.name));
    }
    let policy = spec.restart_policy.as_deref().unwrap_or("Always");
    if n.failed_init > 0 && policy == "Never" {
        return "Failed";
    }
    let initialized = any_regular_container_started(spec, statuses);
    if n.pending_regular_init > 0 || (n.pending_sidecar > 0 && !initialized) {
        return "Pending";
    }
    if n.waiting > 0 {
        return "Pending";
    }
    if n.running > 0 && n.unknown == 0 {
        return "Running";
    }
    if n.running == 0 && n.stopped > 0 && n.unknown == 0 {
        if pod_is_terminal {
            return if n.stopped == n.succeeded {
                "Succeeded"
            } else {
                "Failed"
            };
        }
        if policy == "Always" {
            return "Running";
        }
        if n.stopped == n.succeeded {
            return "Succeeded";
        }
        if policy == "Never" {
            return "Failed";
        }
        return "Running";
    }
    "Pending"
}

/// A condition as generated (without times; `set_condition` keeps transition times).
#[derive(Clone, Debug, PartialEq)]
pub struct Cond {
    pub type_: &'static str,
    pub status: &'static str,
    pub reason: &'static str,
    pub message: String,
}

impl Cond {
    fn new(
        type_: &'static str,
        status: &'static str,
        reason: &'static str,
        message: String,
    ) -> Cond {
        Cond {
            type_,
            status,
            reason,
            message,
        }
    }
    fn ok(type_: &'static str) -> Cond {
        Cond::new(type_, "True", "", String::new())
    }
}

/// `containers with <what> status: [a b]` for each non-empty group (Go's `%s` of a
/// `[]string`), joined by `, `: built in one string.
fn containers_message(groups: [(&str, &[&str]); 2]) -> String {
    let mut out = String::new();
    for (what, names) in groups.into_iter().filter(|(_, n)| !n.is_empty()) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str("containers with ");
        out.push_str(what);
        out.push_str(" status: [");
        for (i, n) in names.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(n);
        }
        out.push(']');
    }
    out
}

/// `GeneratePodInitializedCondition`.
pub fn initialized(spec: &PodSpec, statuses: &[&ContainerStatus], phase: &str) -> Cond {
    const T: &str = "Initialized";
    if spec.init_containers.is_empty() {
        return Cond::ok(T);
    }
    let mut unknown = Vec::new();
    let mut incomplete = Vec::new();
    for c in &spec.init_containers {
        match find(statuses, &c.name) {
            None => unknown.push(c.name.as_str()),
            Some(s) if c.is_sidecar() => {
                if s.started != Some(true) {
                    incomplete.push(c.name.as_str());
                }
            }
            Some(s) => {
                if !s.ready {
                    incomplete.push(c.name.as_str());
                }
            }
        }
    }
    if phase == "Succeeded" && unknown.is_empty() {
        return Cond::new(T, "True", "PodCompleted", String::new());
    }
    if any_regular_container_started(spec, statuses) {
        return Cond::ok(T);
    }
    if unknown.is_empty() && incomplete.is_empty() {
        return Cond::ok(T);
    }
    let msg = containers_message([("unknown", &unknown), ("incomplete", &incomplete)]);
    Cond::new(T, "False", "ContainersNotInitialized", msg)
}

/// `GenerateContainersReadyCondition`.
pub fn containers_ready(spec: &PodSpec, statuses: &[&ContainerStatus], phase: &str) -> Cond {
    const T: &str = "ContainersReady";
    if statuses.is_empty() {
        return Cond::new(T, "False", "UnknownContainerStatuses", String::new());
    }
    let mut unknown = Vec::new();
    let mut unready = Vec::new();
    let sidecars = spec.init_containers.iter().filter(|c| c.is_sidecar());
    for c in sidecars.chain(&spec.containers) {
        match find(statuses, &c.name) {
            None => unknown.push(c.name.as_str()),
            Some(s) if !s.ready => unready.push(c.name.as_str()),
            Some(_) => {}
        }
    }
    if phase == "Succeeded" && unknown.is_empty() {
        return Cond::new(T, "False", "PodCompleted", String::new());
    }
    if phase == "Failed" {
        return Cond::new(T, "False", "PodFailed", String::new());
    }
    if unknown.is_empty() && unready.is_empty() {
        return Cond::ok(T);
    }
    let msg = containers_message([("unknown", &unknown), ("unready", &unready)]);
    Cond::new(T, "False", "ContainersNotReady", msg)
}

/// `GeneratePodReadyCondition`: ContainersReady, then the readiness gates.
pub fn ready(spec: &PodSpec, status: &PodStatus, containers_ready: &Cond) -> Cond {
    const T: &str = "Ready";
    if containers_ready.status != "True" {
        return Cond {
            type_: T,
            ..containers_ready.clone()
        };
    }
    let mut msgs = Vec::new();
    for g in &spec.readiness_gates {
        match status
            .conditions
            .iter()
            .find(|c| c.type_ == g.condition_type)
        {
            None => msgs.push(format!(
                "corresponding condition of pod readiness gate \"{}\" does not exist.",
                g.condition_type
            )),
            Some(c) if c.status != "True" => msgs.push(format!(
                "the status of pod readiness gate \"{}\" is not \"True\", but {}",
                g.condition_type, c.status
            )),
            Some(_) => {}
        }
    }
    if msgs.is_empty() {
        return Cond::ok(T);
    }
    Cond::new(T, "False", "ReadinessGatesNotReady", msgs.join(", "))
}

/// The order the kubelet writes its conditions in (`generateAPIPodStatus`); conditions it
/// does not own (`DisruptionTarget`, readiness gates) come first.
const ORDER: [&str; 5] = [
    "PodReadyToStartContainers",
    "Initialized",
    "Ready",
    "ContainersReady",
    "PodScheduled",
];

/// Where a condition of type `type_` goes in the kubelet's order (0: not the kubelet's).
fn rank(type_: &str) -> usize {
    ORDER.iter().position(|o| *o == type_).map_or(0, |i| i + 1)
}

fn in_order(conditions: &[PodCondition]) -> bool {
    conditions.is_sorted_by_key(|x| rank(&x.type_))
}

/// Sets a condition, moving `lastTransitionTime` only when its status changes
/// (`updateLastTransitionTime` in the status manager); a new one goes last, or, into a list
/// in the kubelet's order, where the stable sort of [`apply_conditions`] would move it (no
/// sort then). `room`: how many conditions may still be added, reserved at the first
/// (no regrowth to twice the room per condition). Whether it changed anything.
fn set_condition(status: &mut PodStatus, c: &Cond, now: Time, room: usize) -> bool {
    match status.conditions.iter_mut().find(|x| x.type_ == c.type_) {
        Some(x) => {
            // Only what changed is replaced: the fields are mostly the same each time.
            let mut changed = false;
            if x.status != c.status {
                x.last_transition_time = Some(now);
                x.status = c.status.to_string();
                changed = true;
            }
            if x.reason != c.reason {
                x.reason = c.reason.to_string();
                changed = true;
            }
            if x.message != c.message {
                x.message.clone_from(&c.message);
                changed = true;
            }
            changed
        }
        None => {
            let list = &mut status.conditions;
            let at = if in_order(list) {
                list.iter().position(|x| rank(&x.type_) > rank(c.type_))
            } else {
                None
            };
            let new = PodCondition {
                type_: c.type_.to_string(),
                status: c.status.to_string(),
                last_transition_time: Some(now),
                reason: c.reason.to_string(),
                message: c.message.clone(),
                ..Default::default()
            };
            list.reserve_exact(room);
            list.insert(at.unwrap_or(list.len()), new);
            true
        }
    }
}

/// Writes the kubelet's four conditions for `phase` (`PodScheduled` is re-asserted True).
/// Whether the conditions changed.
pub fn apply_conditions(
    spec: &PodSpec,
    status: &mut PodStatus,
    phase: &str,
    sandbox_ready: bool,
    now: Time,
) -> bool {
    let (init, cr) = {
        let all: Vec<&ContainerStatus> = status
            .init_container_statuses
            .iter()
            .chain(&status.container_statuses)
            .collect();
        (
            initialized(spec, &all, phase),
            containers_ready(spec, &all, phase),
        )
    };
    let rd = ready(spec, status, &cr);
    // `GeneratePodReadyToStartContainersCondition`: True while the sandbox is ready.
    let sandbox = if sandbox_ready {
        Cond::ok("PodReadyToStartContainers")
    } else {
        Cond::new("PodReadyToStartContainers", "False", "", String::new())
    };
    let conds = [sandbox, init, rd, cr, Cond::ok("PodScheduled")];
    let mut changed = false;
    for (i, c) in conds.iter().enumerate() {
        changed |= set_condition(status, c, now, conds.len() - i);
    }
    // The kubelet's order, once: a stable sort after each insert would end the same.
    // Unsorted means two conditions (of different types) trade places: a change.
    if !in_order(&status.conditions) {
        crate::sort::stable_by_key(&mut status.conditions, |x| rank(&x.type_));
        changed = true;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::Pod;
    use serde_json::Value;

    /// Every row of `pod_phase_cases.json` (transcribed from `kubelet_pods_test.go`).
    #[test]
    fn pod_phase_cases() {
        let cases: Vec<Value> =
            serde_json::from_str(include_str!("../../tests/cases/pod_phase_cases.json"))
                .expect("cases parse");
        assert_eq!(cases.len(), 68);
        let mut failures = Vec::new();
        for case in &cases {
            let name = case["name"].as_str().unwrap_or("?");
            let pod: Pod = serde_json::from_value(case["pod"].clone()).expect("pod parses");
            let terminal = case["pod_is_terminal"].as_bool().unwrap_or(false);
            let with_init = case["statuses_passed_to_getPhase"]
                .as_str()
                .is_some_and(|s| s.starts_with("initContainerStatuses"));
            let mut statuses: Vec<&ContainerStatus> = Vec::new();
            if with_init {
                statuses.extend(&pod.status.init_container_statuses);
            }
            statuses.extend(&pod.status.container_statuses);
            let got = get_phase(&pod.spec, &statuses, terminal);
            let want = case["expect_phase"].as_str().unwrap_or("");
            if got != want {
                failures.push(format!("{name}: got {got}, want {want}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    fn status(name: &str, ready: bool) -> ContainerStatus {
        ContainerStatus {
            name: name.into(),
            ready,
            ..Default::default()
        }
    }

    #[test]
    fn condition_messages() {
        let pod: Pod = serde_json::from_value(serde_json::json!({
            "spec": {"initContainers": [{"name": "init"}], "containers": [{"name": "a"}, {"name": "b"}]}
        }))
        .expect("pod");
        let (i, a) = (status("init", false), status("a", false));
        let all = vec![&i, &a];
        let init = initialized(&pod.spec, &all, "Pending");
        assert_eq!(init.reason, "ContainersNotInitialized");
        assert_eq!(init.message, "containers with incomplete status: [init]");
        let cr = containers_ready(&pod.spec, &all, "Pending");
        assert_eq!(
            cr.message,
            "containers with unknown status: [b], containers with unready status: [a]"
        );
        assert_eq!(
            ready(&pod.spec, &pod.status, &cr).reason,
            "ContainersNotReady"
        );
        assert_eq!(
            containers_ready(&pod.spec, &all, "Failed").reason,
            "PodFailed"
        );
    }
}
