//! The pod's phase and conditions as the kubelet computes them: `getPhase`
//! (`pkg/kubelet/kubelet_pods.go`) and `pkg/kubelet/status/generate.go`.
//!
//! Generated at every status write and mostly unchanged: nothing here allocates unless the
//! stored status changes (statuses are looked up in place, messages compared as written).

use crate::api::pod::{Container, ContainerStatus, PodCondition, PodSpec, PodStatus};
use crate::time::Time;
use std::fmt;

/// A pod's init and regular container statuses, looked up by name together (init first).
#[derive(Clone, Copy, Debug)]
pub struct Statuses<'a> {
    pub init: &'a [ContainerStatus],
    pub regular: &'a [ContainerStatus],
}

impl<'a> Statuses<'a> {
    pub fn of(status: &'a PodStatus) -> Statuses<'a> {
        Statuses {
            init: &status.init_container_statuses,
            regular: &status.container_statuses,
        }
    }

    /// `podutil.GetContainerStatus`: the status of the container named `name`.
    fn find(self, name: &str) -> Option<&'a ContainerStatus> {
        self.init
            .iter()
            .chain(self.regular)
            .find(|s| s.name == name)
    }

    fn is_empty(self) -> bool {
        self.init.is_empty() && self.regular.is_empty()
    }
}

/// `kubecontainer.HasAnyRegularContainerStarted`: a regular container is running or has run.
pub fn any_regular_container_started(spec: &PodSpec, statuses: Statuses) -> bool {
    spec.containers.iter().any(|c| {
        statuses
            .find(&c.name)
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
pub fn get_phase(spec: &PodSpec, statuses: Statuses, pod_is_terminal: bool) -> &'static str {
    let mut n = Counts::default();
    for c in &spec.init_containers {
        n.init_container(c, statuses.find(&c.name));
    }
    for c in &spec.containers {
        n.regular_container(statuses.find(&c.name));
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

/// Which containers a condition's message lists, and how it groups them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Listing {
    /// The init containers: `unknown`, then `incomplete`.
    Initialized,
    /// The sidecars and the regular containers: `unknown`, then `unready`.
    ContainersReady,
}

impl Listing {
    /// The containers it looks at, in order.
    fn containers(self, spec: &PodSpec) -> impl Iterator<Item = &Container> {
        let all_init = self == Listing::Initialized;
        spec.init_containers
            .iter()
            .filter(move |c| all_init || c.is_sidecar())
            .chain(spec.containers.iter().filter(move |_| !all_init))
    }

    /// The groups' names: `containers with <name> status: [a b]`.
    fn groups(self) -> [&'static str; 2] {
        match self {
            Listing::Initialized => ["unknown", "incomplete"],
            Listing::ContainersReady => ["unknown", "unready"],
        }
    }

    /// Whether container `c` (with status `s`) is in group `g` (0: unknown).
    fn in_group(self, g: usize, c: &Container, s: Option<&ContainerStatus>) -> bool {
        match (g, s) {
            (0, s) => s.is_none(),
            (_, None) => false,
            (_, Some(s)) if self == Listing::Initialized && c.is_sidecar() => {
                s.started != Some(true)
            }
            (_, Some(s)) => !s.ready,
        }
    }

    /// Whether group `g` lists any container.
    fn any(self, g: usize, spec: &PodSpec, statuses: Statuses) -> bool {
        self.containers(spec)
            .any(|c| self.in_group(g, c, statuses.find(&c.name)))
    }
}

/// A condition's message, written out only where it is stored: comparing it with the
/// stored one allocates nothing.
#[derive(Clone, Debug)]
pub enum Message<'a> {
    Empty,
    /// `containers with <group> status: [a b]` for each non-empty group (Go's `%s` of a
    /// `[]string`), joined by `, `.
    Containers {
        spec: &'a PodSpec,
        statuses: Statuses<'a>,
        listing: Listing,
    },
    Text(String),
}

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Message::Empty => Ok(()),
            Message::Text(t) => f.write_str(t),
            Message::Containers {
                spec,
                statuses,
                listing,
            } => {
                let mut groups_written = 0;
                for (g, what) in listing.groups().into_iter().enumerate() {
                    let mut names = 0;
                    for c in listing.containers(spec) {
                        if !listing.in_group(g, c, statuses.find(&c.name)) {
                            continue;
                        }
                        if names == 0 {
                            if groups_written > 0 {
                                f.write_str(", ")?;
                            }
                            groups_written += 1;
                            write!(f, "containers with {what} status: [")?;
                        } else {
                            f.write_str(" ")?;
                        }
                        f.write_str(&c.name)?;
                        names += 1;
                    }
                    if names > 0 {
                        f.write_str("]")?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl Message<'_> {
    /// Whether `text` is this message.
    fn is(&self, text: &str) -> bool {
        /// Checks what is written against the rest of `text`, stopping at a difference.
        struct Against<'t>(&'t str);
        impl fmt::Write for Against<'_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                match self.0.strip_prefix(s) {
                    Some(rest) => {
                        self.0 = rest;
                        Ok(())
                    }
                    None => Err(fmt::Error),
                }
            }
        }
        let mut against = Against(text);
        fmt::write(&mut against, format_args!("{self}")).is_ok() && against.0.is_empty()
    }

    /// Writes the message over `out` (keeping its buffer).
    fn write_over(&self, out: &mut String) {
        out.clear();
        // Writing to a String cannot fail.
        let _ = fmt::write(out, format_args!("{self}"));
    }
}

/// A condition as generated (without times; `set_condition` keeps transition times).
#[derive(Clone, Debug)]
pub struct Cond<'a> {
    pub type_: &'static str,
    pub status: &'static str,
    pub reason: &'static str,
    pub message: Message<'a>,
}

impl<'a> Cond<'a> {
    fn new(
        type_: &'static str,
        status: &'static str,
        reason: &'static str,
        message: Message<'a>,
    ) -> Cond<'a> {
        Cond {
            type_,
            status,
            reason,
            message,
        }
    }
    fn ok(type_: &'static str) -> Cond<'a> {
        Cond::new(type_, "True", "", Message::Empty)
    }
}

/// `GeneratePodInitializedCondition`.
pub fn initialized<'a>(spec: &'a PodSpec, statuses: Statuses<'a>, phase: &str) -> Cond<'a> {
    const T: &str = "Initialized";
    if spec.init_containers.is_empty() {
        return Cond::ok(T);
    }
    let listing = Listing::Initialized;
    let unknown = listing.any(0, spec, statuses);
    if phase == "Succeeded" && !unknown {
        return Cond::new(T, "True", "PodCompleted", Message::Empty);
    }
    if any_regular_container_started(spec, statuses) {
        return Cond::ok(T);
    }
    if !unknown && !listing.any(1, spec, statuses) {
        return Cond::ok(T);
    }
    let msg = Message::Containers {
        spec,
        statuses,
        listing,
    };
    Cond::new(T, "False", "ContainersNotInitialized", msg)
}

/// `GenerateContainersReadyCondition`.
pub fn containers_ready<'a>(spec: &'a PodSpec, statuses: Statuses<'a>, phase: &str) -> Cond<'a> {
    const T: &str = "ContainersReady";
    if statuses.is_empty() {
        return Cond::new(T, "False", "UnknownContainerStatuses", Message::Empty);
    }
    let listing = Listing::ContainersReady;
    let unknown = listing.any(0, spec, statuses);
    if phase == "Succeeded" && !unknown {
        return Cond::new(T, "False", "PodCompleted", Message::Empty);
    }
    if phase == "Failed" {
        return Cond::new(T, "False", "PodFailed", Message::Empty);
    }
    if !unknown && !listing.any(1, spec, statuses) {
        return Cond::ok(T);
    }
    let msg = Message::Containers {
        spec,
        statuses,
        listing,
    };
    Cond::new(T, "False", "ContainersNotReady", msg)
}

/// `GeneratePodReadyCondition`: ContainersReady, then the readiness gates.
/// `conditions`: the pod's, which the gates name.
pub fn ready<'a>(
    spec: &PodSpec,
    conditions: &[PodCondition],
    containers_ready: &Cond<'a>,
) -> Cond<'a> {
    const T: &str = "Ready";
    if containers_ready.status != "True" {
        return Cond {
            type_: T,
            ..containers_ready.clone()
        };
    }
    let mut msgs = Vec::new();
    for g in &spec.readiness_gates {
        match conditions.iter().find(|c| c.type_ == g.condition_type) {
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
    let msg = Message::Text(msgs.join(", "));
    Cond::new(T, "False", "ReadinessGatesNotReady", msg)
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
/// sort then). Whether it changed anything.
fn set_condition(conditions: &mut Vec<PodCondition>, c: &Cond, now: Time) -> bool {
    match conditions.iter_mut().find(|x| x.type_ == c.type_) {
        Some(x) => {
            // Only what changed is replaced: the fields are mostly the same each time.
            let mut changed = false;
            if x.status != c.status {
                x.last_transition_time = Some(now);
                x.status = c.status.into();
                changed = true;
            }
            if x.reason != c.reason {
                x.reason = c.reason.into();
                changed = true;
            }
            if !c.message.is(&x.message) {
                c.message.write_over(&mut x.message);
                changed = true;
            }
            changed
        }
        None => {
            let at = if in_order(conditions) {
                conditions
                    .iter()
                    .position(|x| rank(&x.type_) > rank(c.type_))
            } else {
                None
            };
            let new = PodCondition {
                type_: c.type_.into(),
                status: c.status.into(),
                last_transition_time: Some(now),
                reason: c.reason.into(),
                message: c.message.to_string(),
                ..Default::default()
            };
            conditions.insert(at.unwrap_or(conditions.len()), new);
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
    let PodStatus {
        init_container_statuses,
        container_statuses,
        conditions,
        ..
    } = status;
    let statuses = Statuses {
        init: init_container_statuses,
        regular: container_statuses,
    };
    let init = initialized(spec, statuses, phase);
    let cr = containers_ready(spec, statuses, phase);
    let rd = ready(spec, conditions, &cr);
    // `GeneratePodReadyToStartContainersCondition`: True while the sandbox is ready.
    let sandbox = if sandbox_ready {
        Cond::ok("PodReadyToStartContainers")
    } else {
        Cond::new("PodReadyToStartContainers", "False", "", Message::Empty)
    };
    let conds = [sandbox, init, rd, cr, Cond::ok("PodScheduled")];
    // Room for the new ones, reserved once (no regrowth to twice the room).
    let missing = conds
        .iter()
        .filter(|c| !conditions.iter().any(|x| x.type_ == c.type_))
        .count();
    conditions.reserve_exact(missing);
    let mut changed = false;
    for c in &conds {
        changed |= set_condition(conditions, c, now);
    }
    // The kubelet's order, once: a stable sort after each insert would end the same.
    // Unsorted means two conditions (of different types) trade places: a change.
    if !in_order(conditions) {
        crate::sort::stable_by_key(conditions, |x| rank(&x.type_));
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
            let statuses = Statuses {
                init: if with_init {
                    &pod.status.init_container_statuses
                } else {
                    &[]
                },
                regular: &pod.status.container_statuses,
            };
            let got = get_phase(&pod.spec, statuses, terminal);
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
        let (init, regular) = ([status("init", false)], [status("a", false)]);
        let all = Statuses {
            init: &init,
            regular: &regular,
        };
        let init = initialized(&pod.spec, all, "Pending");
        assert_eq!(init.reason, "ContainersNotInitialized");
        let want = "containers with incomplete status: [init]";
        assert_eq!(init.message.to_string(), want);
        assert!(init.message.is(want) && !init.message.is("containers"));
        let cr = containers_ready(&pod.spec, all, "Pending");
        let want = "containers with unknown status: [b], containers with unready status: [a]";
        assert_eq!(cr.message.to_string(), want);
        assert!(cr.message.is(want) && !cr.message.is(&[want, "]"].concat()));
        let mut stored = "old".to_string();
        cr.message.write_over(&mut stored);
        assert_eq!(stored, want);
        assert_eq!(
            ready(&pod.spec, &pod.status.conditions, &cr).reason,
            "ContainersNotReady"
        );
        assert_eq!(
            containers_ready(&pod.spec, all, "Failed").reason,
            "PodFailed"
        );
    }
}
