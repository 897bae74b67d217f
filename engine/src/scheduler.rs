//! The scheduler (`pkg/scheduler`): binds each pending pod to a node that passes the
//! filters — NodeUnschedulable, TaintToleration, NodeAffinity (nodeSelector),
//! NodeResourcesFit — and scores best by LeastAllocated, choosing at random (the cluster's
//! seeded RNG) among equal scores (`selectHost`). When no node fits it records
//! `FailedScheduling` with `FitError.Error()`'s message and keeps the pod in its
//! unschedulable queue until something that may make room happens, or for at most
//! `podMaxInUnschedulablePodsDuration` (5 min): then it is tried again, and a pod that
//! still fits nowhere gets its FailedScheduling event once more ("(x2 over 5m)").
//!
//! Per-node requests are kept in a cache updated from watch events and at bind time
//! (the scheduler cache's "assume"), so a decision costs O(nodes), not O(pods).

use crate::api::node::{Node, Taint};
use crate::api::pod::PodSpec;
use crate::api::pod::{Pod, PodCondition, Toleration};
use crate::apiserver::{ObjectKey, Table};
use crate::clock::Wake;
use crate::controller::{Context, WorkQueue};
use crate::quantity;
use crate::record::{EventType, Source};
use crate::time::{Duration, Time};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

pub const SCHEDULER_NAME: &str = "default-scheduler";

/// Requests the scorer assumes for a container that sets none
/// (`DefaultMilliCPURequest`, `DefaultMemoryRequest` in `pkg/scheduler/util`).
const DEFAULT_MILLI_CPU: i64 = 100;
const DEFAULT_MEMORY: i64 = 200 * 1024 * 1024;

/// `DefaultPodMaxInUnschedulablePodsDuration`: how long a pod may wait in the
/// unschedulable queue before `flushUnschedulablePodsLeftover` retries it.
const MAX_IN_UNSCHEDULABLE: Duration = Duration::from_secs(300);
/// That flush runs every 30 s (from scheduler start; taken as a multiple of 30 s).
const FLUSH_PERIOD_SECS: i64 = 30;

/// The first flush that finds a pod queued at `since` too old (`now - since > 5 min`).
fn flush_due(since: Time) -> Time {
    let after = (since + MAX_IN_UNSCHEDULABLE).0;
    let period = Duration::from_secs(FLUSH_PERIOD_SECS).0;
    Time((after.div_euclid(period) + 1) * period)
}

fn source() -> Source {
    Source::controller("default-scheduler")
}

/// What one pod asks of its node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Requests {
    pub cpu: i64,
    pub memory: i64,
    /// With the scorer's non-zero defaults.
    pub score_cpu: i64,
    pub score_memory: i64,
}

/// A node's running total of its pods' requests.
#[derive(Clone, Copy, Debug, Default)]
struct Usage {
    req: Requests,
    pods: i64,
}

impl Usage {
    fn add(&mut self, r: &Requests, sign: i64) {
        self.req.cpu += sign * r.cpu;
        self.req.memory += sign * r.memory;
        self.req.score_cpu += sign * r.score_cpu;
        self.req.score_memory += sign * r.score_memory;
        self.pods += sign;
    }
}

/// FxHash maps: a decision looks up every node by name and every pod event looks up the
/// pod, and SipHash was most of the scheduler's time at 10 000 pods. These maps are never
/// iterated, so the hash cannot change any output.
type FxMap<K, V> = HashMap<K, V, crate::record::Fx>;

/// What the scheduler keeps per node: its name, its pods' requests, and its allocatable
/// parsed (cpu m, memory bytes, pods) when it was last listed.
#[derive(Clone, Debug, Default)]
struct NodeInfo {
    name: String,
    usage: Usage,
    allocatable: [i64; 3],
}

/// One node as the last decision listed it (by position): a decision walks every node
/// for every pod (O(pods × nodes), 2.7 M visits at 10 000 replicas), so a node whose
/// name and resourceVersion are unchanged is found without hashing its name and its
/// allocatable is not parsed again.
#[derive(Clone, Debug)]
struct Listed {
    name: String,
    resource_version: String,
    id: usize,
    /// Neither unschedulable nor tainted NoSchedule/NoExecute: for a pod without a
    /// nodeSelector only NodeResourcesFit can turn it away.
    open: bool,
}

#[derive(Debug, Default)]
pub struct Scheduler {
    pub queue: WorkQueue,
    /// Pod → (node id, requests) for every bound, non-terminal pod.
    assigned: FxMap<ObjectKey, (usize, Requests)>,
    /// Node name → id in `nodes` (also names of nodes that do not exist, which bound pods
    /// may carry). Ids are never reused for another name.
    ids: FxMap<String, usize>,
    nodes: Vec<NodeInfo>,
    /// The nodes in the order the last decision listed them.
    listed: Vec<Listed>,
    /// The node table's write count when every node of `listed` was last checked: while
    /// it holds, no node changed and the checks (two string comparisons per node, for
    /// every pod: the decision's largest cost at 10 000 replicas) are skipped.
    listed_writes: Option<u64>,
    /// Pods that did not fit anywhere (the unschedulable queue), with the spec they
    /// failed with (a status-only update does not bring them back, `isPodUpdated`) and
    /// when they were queued there.
    unschedulable: Parked,
    /// Scratch room for a decision's best nodes (no allocation per pod).
    best: Vec<usize>,
}

/// The unschedulable queue: its pods in key order (a retry queues them in that order) and
/// what each failed with. A key set and a hash map rather than one BTreeMap of the pair: the
/// set's code is shared with the other `ObjectKey` sets, one BTreeMap instantiation fewer in
/// the bundle (issue #9).
#[derive(Debug, Default)]
struct Parked {
    order: BTreeSet<ObjectKey>,
    specs: HashMap<ObjectKey, (Rc<PodSpec>, Time), crate::record::Fx>,
}

impl Parked {
    fn insert(&mut self, key: ObjectKey, spec: Rc<PodSpec>, since: Time) {
        self.order.insert(key.clone());
        self.specs.insert(key, (spec, since));
    }

    /// Every sync of a pod that fits calls this: an empty queue is answered without
    /// hashing the key.
    fn remove(&mut self, key: &ObjectKey) {
        if !self.specs.is_empty() && self.specs.remove(key).is_some() {
            self.order.remove(key);
        }
    }

    fn get(&self, key: &ObjectKey) -> Option<&(Rc<PodSpec>, Time)> {
        self.specs.get(key)
    }

    /// Empties the queue; its keys in order.
    fn take(&mut self) -> BTreeSet<ObjectKey> {
        self.specs.clear();
        std::mem::take(&mut self.order)
    }
}

/// Why one node cannot take the pod (the first failing filter); the texts are the plugins'
/// own, made only when no node fits.
#[derive(Clone, Copy, Debug)]
enum Unfit<'a> {
    Unschedulable,
    Taint(&'a Taint),
    Selector,
    /// NodeResourcesFit: too many pods, not enough cpu, not enough memory.
    Resources {
        pods: bool,
        cpu: bool,
        memory: bool,
    },
}

impl Unfit<'_> {
    fn messages(&self) -> Vec<String> {
        match self {
            Unfit::Unschedulable => vec!["node(s) were unschedulable".into()],
            Unfit::Taint(t) => vec![format!(
                "node(s) had untolerated taint {{{}: {}}}",
                t.key, t.value
            )],
            Unfit::Selector => vec!["node(s) didn't match Pod's node affinity/selector".into()],
            Unfit::Resources { pods, cpu, memory } => [
                (*pods, "Too many pods"),
                (*cpu, "Insufficient cpu"),
                (*memory, "Insufficient memory"),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, m)| m.to_string())
            .collect(),
        }
    }
    /// `UnschedulableAndUnresolvable`: preemption cannot help on that node.
    fn unresolvable(&self) -> bool {
        !matches!(self, Unfit::Resources { .. })
    }
}

impl Scheduler {
    /// The informers' view of a pod: keeps the per-node totals. Returns true when room
    /// may have appeared (a pod left a node or finished).
    pub fn observe_pod(&mut self, pod: &Pod, deleted: bool) -> bool {
        let key = ObjectKey::of(pod);
        let counts = !deleted && !pod.spec.node_name.is_empty() && !pod.is_terminal();
        if deleted {
            self.unschedulable.remove(&key);
        }
        if counts {
            let on = |id: &usize| self.nodes.get(*id).map(|n| n.name.as_str());
            if self
                .assigned
                .get(&key)
                .is_none_or(|(id, _)| on(id) != Some(pod.spec.node_name.as_str()))
            {
                self.unassign(&key);
                self.assign(key, &pod.spec.node_name, pod_requests(pod));
            }
            return false;
        }
        self.unassign(&key)
    }

    /// The id of the node named `name`, made on first sight.
    fn id_of(&mut self, name: &str) -> usize {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = self.nodes.len();
        self.nodes.push(NodeInfo {
            name: name.to_string(),
            ..NodeInfo::default()
        });
        self.ids.insert(name.to_string(), id);
        id
    }

    fn assign(&mut self, key: ObjectKey, node: &str, r: Requests) {
        let id = self.id_of(node);
        self.nodes[id].usage.add(&r, 1);
        self.assigned.insert(key, (id, r));
    }

    fn unassign(&mut self, key: &ObjectKey) -> bool {
        let Some((id, r)) = self.assigned.remove(key) else {
            return false;
        };
        if let Some(i) = self.nodes.get_mut(id) {
            i.usage.add(&r, -1);
        }
        true
    }

    /// Something may have made room (a pod left, a node changed): retry every pod in the
    /// unschedulable queue (`MoveAllToActiveOrBackoffQueue`).
    pub fn retry_unschedulable(&mut self) {
        for k in self.unschedulable.take() {
            self.queue.add(k);
        }
    }

    /// `flushUnschedulablePodsLeftover`: a pod unschedulable for more than 5 min is tried
    /// again (a later failure re-queued it with a fresh time and its own flush).
    pub fn flush(&mut self, key: &ObjectKey, now: Time) {
        let stale = self
            .unschedulable
            .get(key)
            .is_some_and(|(_, since)| now.0 - since.0 > MAX_IN_UNSCHEDULABLE.0);
        if stale {
            self.unschedulable.remove(key);
            self.queue.add(key.clone());
        }
    }

    /// Whether a watch event about an unbound pod should queue it: not when it waits in
    /// the unschedulable queue and only its status changed.
    pub fn wants(&self, pod: &Pod) -> bool {
        self.unschedulable
            .get(&ObjectKey::of(pod))
            .is_none_or(|(spec, _)| *spec != pod.spec)
    }

    /// The id of the node listed at position `i`, its allocatable parsed again when it is
    /// not the node the last listing had there, as it was then.
    /// The node listed at position `i` (its id and whether it is open), its allocatable
    /// parsed again when it is not the node the last listing had there, as it was then.
    fn listed_at(&mut self, i: usize, node: &Node) -> (usize, bool) {
        let m = &node.metadata;
        if let Some(l) = self.listed.get(i) {
            if l.resource_version == m.resource_version && l.name == m.name {
                return (l.id, l.open);
            }
        }
        let id = self.id_of(&m.name);
        let get = |r: &str| parse(&node.status.allocatable, r).unwrap_or(0);
        self.nodes[id].allocatable = [get("cpu"), get("memory"), get("pods")];
        let open = !node.spec.unschedulable && !node.spec.taints.iter().any(repels);
        let l = Listed {
            name: m.name.clone(),
            resource_version: m.resource_version.clone(),
            id,
            open,
        };
        match self.listed.get_mut(i) {
            Some(slot) => *slot = l,
            None => self.listed.push(l), // Listed in order: `i` is the length.
        }
        (id, open)
    }

    /// Whether `node` (at position `i`) takes the pod, and its score. `checked`: the node
    /// table is as `listed` last saw it in full.
    fn fit_at<'n>(
        &mut self,
        i: usize,
        node: &'n Node,
        pod: &Pod,
        req: &Requests,
        checked: bool,
    ) -> Result<i64, Unfit<'n>> {
        let (id, open) = match self.listed.get(i) {
            Some(l) if checked => (l.id, l.open),
            _ => self.listed_at(i, node),
        };
        let info = &self.nodes[id];
        if open && pod.spec.node_selector.is_empty() {
            // What `fit` comes to for this node, without reading it.
            return fit_resources(req, &info.usage, info.allocatable);
        }
        fit(pod, req, node, &info.usage, info.allocatable)
    }

    /// The positions of the nodes that take `pod` with the best score, in listing order
    /// (empty: none takes it). Every node is looked at, for every pod.
    fn best_nodes(
        &mut self,
        nodes: &Table<Node>,
        pod: &Pod,
        req: &Requests,
        best: &mut Vec<usize>,
    ) {
        best.clear();
        let mut best_score = i64::MIN;
        let mut note = |i: usize, score: i64| {
            if score > best_score {
                best_score = score;
                best.clear();
            }
            if score == best_score {
                best.push(i);
            }
        };
        let checked = self.listed_writes == Some(nodes.writes());
        if checked && pod.spec.node_selector.is_empty() && self.listed.len() >= nodes.len() {
            // No node changed since the last full look: an open node is judged from the
            // kept facts alone, without reading the node.
            for (i, l) in self.listed[..nodes.len()].iter().enumerate() {
                let info = &self.nodes[l.id];
                let fits = if l.open {
                    fit_resources(req, &info.usage, info.allocatable)
                } else if let Some(node) = nodes.at(i) {
                    fit(pod, req, node, &info.usage, info.allocatable)
                } else {
                    continue;
                };
                if let Ok(score) = fits {
                    note(i, score);
                }
            }
            return;
        }
        for (i, node) in nodes.iter().enumerate() {
            if let Ok(score) = self.fit_at(i, node, pod, req, checked) {
                note(i, score);
            }
        }
        self.listed_writes = Some(nodes.writes());
    }

    pub fn sync(&mut self, ctx: &mut Context, key: &ObjectKey) {
        // The stored pod itself, not a copy; dropped before the binding writes it.
        let Some(pod) = ctx.api.pods().shared(key) else {
            self.unschedulable.remove(key);
            return;
        };
        let ours = pod
            .spec
            .scheduler_name
            .as_deref()
            .is_none_or(|s| s == SCHEDULER_NAME);
        if !pod.spec.node_name.is_empty() || pod.metadata.deletion_timestamp.is_some() || !ours {
            self.unschedulable.remove(key);
            return;
        }
        if !pod.spec.scheduling_gates.is_empty() {
            gated(ctx, &pod);
            return;
        }
        let req = pod_requests(&pod);
        // The best nodes' positions, in a buffer kept between decisions.
        let mut best = std::mem::take(&mut self.best);
        let nodes = ctx.api.nodes();
        self.best_nodes(nodes, &pod, &req, &mut best);
        if best.is_empty() {
            self.best = best;
            // Why each node failed, read again only when none fits (nothing changed since).
            let misfits: Vec<Unfit> = nodes
                .iter()
                .enumerate()
                .filter_map(|(i, node)| self.fit_at(i, node, &pod, &req, true).err())
                .collect();
            let msg = diagnose(nodes.len(), &misfits);
            let now = ctx.api.now;
            self.unschedulable
                .insert(key.clone(), pod.spec.clone(), now);
            ctx.timers
                .schedule(flush_due(now), Wake::SchedulerFlush(key.clone()));
            unschedulable(ctx, &pod, &msg);
            return;
        }
        self.unschedulable.remove(key);
        let chosen = best[ctx.api.rng.below(best.len() as u64) as usize];
        self.best = best;
        let Some(pick) = ctx
            .api
            .nodes()
            .iter()
            .nth(chosen)
            .map(|n| n.metadata.name.clone())
        else {
            return;
        };
        drop(pod);
        if bind(ctx, key, &pick) {
            self.unassign(key);
            self.assign(key.clone(), &pick, req);
        }
    }
}

/// `v1helper.TolerationsTolerateTaint`.
pub fn tolerates(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| toleration_matches(t, taint))
}

/// `Toleration.ToleratesTaint`.
pub fn toleration_matches(t: &Toleration, taint: &Taint) -> bool {
    let effect_ok = t
        .effect
        .as_deref()
        .is_none_or(|e| e.is_empty() || e == taint.effect);
    let key_ok = match t.key.as_deref() {
        None | Some("") => t.operator.as_deref() == Some("Exists"),
        Some(k) => k == taint.key,
    };
    let value_ok = match t.operator.as_deref() {
        Some("Exists") => true,
        _ => t.value.as_deref().unwrap_or("") == taint.value,
    };
    effect_ok && key_ok && value_ok
}

fn parse(list: &crate::api::pod::ResourceList, r: &str) -> Option<i64> {
    list.get(r).and_then(|q| quantity::parse(r, q))
}

/// `computePodResourceRequest`: the sum over containers, at least the largest init
/// container's; the scorer's variant puts in defaults for containers that set none.
pub fn pod_requests(pod: &Pod) -> Requests {
    let mut r = Requests::default();
    for c in &pod.spec.containers {
        let (cpu, mem) = (
            parse(&c.resources.requests, "cpu"),
            parse(&c.resources.requests, "memory"),
        );
        r.cpu += cpu.unwrap_or(0);
        r.memory += mem.unwrap_or(0);
        r.score_cpu += cpu.unwrap_or(DEFAULT_MILLI_CPU);
        r.score_memory += mem.unwrap_or(DEFAULT_MEMORY);
    }
    for c in &pod.spec.init_containers {
        let (cpu, mem) = (
            parse(&c.resources.requests, "cpu"),
            parse(&c.resources.requests, "memory"),
        );
        r.cpu = r.cpu.max(cpu.unwrap_or(0));
        r.memory = r.memory.max(mem.unwrap_or(0));
    }
    r
}

/// The filters in the default profile's order; a node stops at the first failing plugin.
fn fit<'a>(
    pod: &Pod,
    req: &Requests,
    node: &'a Node,
    usage: &Usage,
    alloc: [i64; 3],
) -> Result<i64, Unfit<'a>> {
    if node.spec.unschedulable
        && !tolerates(
            &pod.spec.tolerations,
            &Taint {
                key: "node.kubernetes.io/unschedulable".into(),
                effect: "NoSchedule".into(),
                ..Default::default()
            },
        )
    {
        return Err(Unfit::Unschedulable);
    }
    let untolerated = node
        .spec
        .taints
        .iter()
        .find(|t| repels(t) && !tolerates(&pod.spec.tolerations, t));
    if let Some(t) = untolerated {
        return Err(Unfit::Taint(t));
    }
    // Most pods select no labels: no map walk per node then.
    let selected = pod.spec.node_selector.is_empty()
        || pod
            .spec
            .node_selector
            .iter()
            .all(|(k, v)| node.metadata.labels.get(k) == Some(v));
    if !selected {
        return Err(Unfit::Selector);
    }
    fit_resources(req, usage, alloc)
}

/// A taint that keeps pods that do not tolerate it off the node.
fn repels(t: &Taint) -> bool {
    matches!(t.effect.as_str(), "NoSchedule" | "NoExecute")
}

/// NodeResourcesFit, the last filter, and the score of a node that passes.
fn fit_resources<'a>(req: &Requests, usage: &Usage, alloc: [i64; 3]) -> Result<i64, Unfit<'a>> {
    let [cpu_cap, mem_cap, pods_cap] = alloc;
    let pods = usage.pods + 1 > pods_cap;
    let cpu = req.cpu > 0 && usage.req.cpu + req.cpu > cpu_cap;
    let memory = req.memory > 0 && usage.req.memory + req.memory > mem_cap;
    if pods || cpu || memory {
        return Err(Unfit::Resources { pods, cpu, memory });
    }
    // NodeResourcesFit's LeastAllocated score: the free share of cpu and memory.
    let free = |cap: i64, used: i64| {
        if cap <= 0 {
            0
        } else {
            (cap - used).max(0) * 100 / cap
        }
    };
    Ok((free(cpu_cap, usage.req.score_cpu + req.score_cpu)
        + free(mem_cap, usage.req.score_memory + req.score_memory))
        / 2)
}

/// The message for a pod no node fits: each failing node's reasons, counted.
fn diagnose(total: usize, misfits: &[Unfit]) -> String {
    // A few distinct reasons, counted in a list: `fit_error` sorts the printed parts anyway,
    // so no BTreeMap instantiation is needed for their order (issue #9).
    let mut reasons: Vec<(String, usize)> = Vec::new();
    let unresolvable = misfits.iter().filter(|u| u.unresolvable()).count();
    for m in misfits {
        for text in m.messages() {
            match reasons.iter_mut().find(|(r, _)| *r == text) {
                Some((_, n)) => *n += 1,
                None => reasons.push((text, 1)),
            }
        }
    }
    fit_error(total, &reasons, unresolvable, misfits.len() - unresolvable)
}

/// `FitError.Error()` plus the preemption post-filter's diagnosis, e.g.
/// `0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.`
/// Every pod has priority 0 here, so preemption never finds victims.
fn fit_error(
    total: usize,
    reasons: &[(String, usize)],
    unresolvable: usize,
    resolvable: usize,
) -> String {
    let mut parts: Vec<String> = reasons.iter().map(|(m, n)| format!("{n} {m}")).collect();
    crate::sort::stable(&mut parts);
    let mut pre = Vec::new();
    if unresolvable > 0 {
        pre.push(format!(
            "{unresolvable} Preemption is not helpful for scheduling"
        ));
    }
    if resolvable > 0 {
        pre.push(format!(
            "{resolvable} No preemption victims found for incoming pod"
        ));
    }
    crate::sort::stable(&mut pre);
    format!(
        "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {}.",
        parts.join(", "),
        pre.join(", ")
    )
}

/// Binding (`pods/binding`): `spec.nodeName`, `PodScheduled=True`, the `Scheduled` event.
fn bind(ctx: &mut Context, key: &ObjectKey, node: &str) -> bool {
    let now = ctx.now().truncate_to_seconds();
    // One write for nodeName and the condition: watchers see a single MODIFIED.
    let Ok(bound) = ctx.api.bind_pod(key, node, |status| {
        status.conditions.retain(|c| c.type_ != "PodScheduled");
        status.conditions.push(PodCondition {
            type_: "PodScheduled".into(),
            status: "True".into(),
            last_transition_time: Some(now),
            ..Default::default()
        });
    }) else {
        return false;
    };
    let msg = [
        "Successfully assigned ",
        key.namespace(),
        "/",
        key.name(),
        " to ",
        node,
    ]
    .concat();
    ctx.event(
        &source(),
        &*bound,
        None,
        EventType::Normal,
        "Scheduled",
        &msg,
    );
    true
}

/// `PodScheduled=False` with reason `Unschedulable` and the `FailedScheduling` event.
fn unschedulable(ctx: &mut Context, pod: &Pod, message: &str) {
    set_scheduled_false(ctx, pod, "Unschedulable", message);
    ctx.event(
        &source(),
        pod,
        None,
        EventType::Warning,
        "FailedScheduling",
        message,
    );
}

/// A pod with `schedulingGates` waits: `PodScheduled=False`, reason `SchedulingGated`.
fn gated(ctx: &mut Context, pod: &Pod) {
    set_scheduled_false(
        ctx,
        pod,
        "SchedulingGated",
        "Scheduling is blocked due to non-empty scheduling gates",
    );
}

fn set_scheduled_false(ctx: &mut Context, pod: &Pod, reason: &str, message: &str) {
    let now = ctx.now().truncate_to_seconds();
    let key = ObjectKey::of(pod);
    let _ = ctx.api.modify_status::<Pod>(&key, |p| {
        let same = p
            .condition("PodScheduled")
            .is_some_and(|c| c.status == "False" && c.reason == reason && c.message == message);
        if !same {
            p.status.conditions.retain(|c| c.type_ != "PodScheduled");
            p.status.conditions.push(PodCondition {
                type_: "PodScheduled".into(),
                status: "False".into(),
                last_transition_time: Some(now),
                reason: reason.to_string().into(),
                message: message.into(),
                ..Default::default()
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_error_message() {
        let r = [
            (
                "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"
                    .to_string(),
                1,
            ),
            ("Insufficient cpu".to_string(), 3),
        ];
        assert_eq!(
            fit_error(4, &r, 1, 3),
            "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod."
        );
    }
}
