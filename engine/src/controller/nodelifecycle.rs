//! The node lifecycle controller (`pkg/controller/nodelifecycle`) and the taint eviction
//! controller (`pkg/controller/tainteviction`), plus the engine side of `kubectl drain`.
//!
//! * Every [`NODE_MONITOR_PERIOD`] the controller checks each node's lease; one not renewed
//!   for more than [`NODE_MONITOR_GRACE_PERIOD`] makes the node's conditions `Unknown`
//!   (`NodeStatusUnknown`, "Kubelet stopped posting node status."), taints it
//!   `node.kubernetes.io/unreachable` (NoExecute, then NoSchedule) and sets its pods'
//!   `Ready` condition to False (`MarkPodsNotReady`).
//! * The taint eviction controller deletes each pod on a NoExecute-tainted node when its
//!   toleration runs out (300 s by default, from admission), with a `DisruptionTarget`
//!   condition and a `TaintManagerEviction` event.

use super::{Context, WorkQueue};
use crate::api::node::{Node, NodeCondition, Taint};
use crate::api::pod::{Pod, PodCondition};
use crate::apiserver::{ApiError, ApiServer, DeleteOptions, ObjectKey};
use crate::clock::Wake;
use crate::record::{EventType, Source};
use crate::scheduler::toleration_matches;
use crate::time::{Duration, Time};
use std::collections::HashMap;

/// `--node-monitor-period`.
pub const NODE_MONITOR_PERIOD: Duration = Duration::from_secs(5);
/// `--node-monitor-grace-period`: 50 s since Kubernetes v1.32 (40 s before).
pub const NODE_MONITOR_GRACE_PERIOD: Duration = Duration::from_secs(50);
pub const UNREACHABLE: &str = "node.kubernetes.io/unreachable";
pub const NOT_READY: &str = "node.kubernetes.io/not-ready";

fn node_controller() -> Source {
    Source::controller("node-controller")
}

fn taint_controller() -> Source {
    Source::controller("taint-eviction-controller")
}

#[derive(Debug)]
pub struct NodeLifecycleController {
    /// Node names whose taints changed (the taint eviction controller's queue).
    pub queue: WorkQueue,
    /// Monitor passes run at `start + k × NODE_MONITOR_PERIOD`.
    start: Time,
    /// Scheduled evictions: pod → (node, when). Only looked up by key, never walked, so a
    /// hash map: one less BTreeMap instantiation in the bundle (issue 9).
    evictions: HashMap<ObjectKey, (String, Time), crate::record::Fx>,
}

impl NodeLifecycleController {
    pub fn new(start: Time) -> Self {
        NodeLifecycleController {
            queue: WorkQueue::default(),
            start,
            evictions: HashMap::default(),
        }
    }

    /// The first monitor pass strictly after `t`.
    pub fn pass_after(&self, t: Time) -> Time {
        let p = NODE_MONITOR_PERIOD.0;
        let since = (t - self.start).0.max(0);
        self.start + Duration((since / p + 1) * p)
    }

    /// When the monitor pass that notices a lease last renewed at `renewed` runs.
    pub fn detection_pass(&self, renewed: Time) -> Time {
        self.pass_after(renewed + NODE_MONITOR_GRACE_PERIOD)
    }

    /// `monitorNodeHealth`: `leases` holds each node's last lease renewal and whether its
    /// kubelet still renews it, sorted by node name (one entry per node). Returns when another
    /// pass is needed (a lease that will go stale); healthy nodes need none, so an idle
    /// cluster has no timer pending.
    pub fn monitor(
        &mut self,
        ctx: &mut Context,
        leases: &[(String, (Time, bool))],
    ) -> Option<Time> {
        debug_assert!(
            leases.windows(2).all(|w| w[0].0 < w[1].0),
            "leases by node name"
        );
        let now = ctx.now();
        let mut next: Option<Time> = None;
        let nodes: Vec<Node> = ctx.api.nodes().iter().cloned().collect();
        for node in nodes {
            let name = node.metadata.name.as_str();
            let Ok(i) = leases.binary_search_by(|(n, _)| n.as_str().cmp(name)) else {
                continue;
            };
            let (renewed, renewing) = leases[i].1;
            let stale = now - renewed > NODE_MONITOR_GRACE_PERIOD;
            let ready = node.ready_status().to_string();
            if stale && ready != "Unknown" {
                mark_unknown(ctx, &node, ready == "True");
            } else if !stale && ready == "True" && has_taint(&node, UNREACHABLE, "NoExecute") {
                let key = ObjectKey::new("", node.metadata.name.clone());
                let _ = ctx.api.modify::<Node>(&key, |n| {
                    n.spec.taints.retain(|t| {
                        !(t.effect == "NoExecute" && (t.key == UNREACHABLE || t.key == NOT_READY))
                    });
                });
            } else if !stale && !renewing {
                let due = self.detection_pass(renewed);
                next = Some(next.map_or(due, |n: Time| n.min(due)));
            }
        }
        next.filter(|t| *t > now)
    }

    /// Taint bookkeeping for one node after it changed: the NoSchedule taint that follows
    /// the Ready condition (`doNoScheduleTaintingPass`) and the taint eviction controller's
    /// per-pod timers (`handleNodeUpdate`).
    pub fn sync_node(&mut self, ctx: &mut Context, name: &str) {
        let key = ObjectKey::new("", name);
        let Some(node) = ctx.api.nodes().get(&key).cloned() else {
            return;
        };
        sync_no_schedule(ctx, &node);
        let now = ctx.now();
        let noexec: Vec<Taint> = node
            .spec
            .taints
            .iter()
            .filter(|t| t.effect == "NoExecute")
            .cloned()
            .collect();
        let pods: Vec<Pod> = ctx
            .api
            .pods()
            .iter()
            .filter(|p| p.spec.node_name == name && p.is_active())
            .cloned()
            .collect();
        for pod in pods {
            let pk = ObjectKey::of(&pod);
            if noexec.is_empty() {
                if self.evictions.remove(&pk).is_some() {
                    let msg = format!("Cancelling deletion of Pod {pk}");
                    ctx.event(
                        &taint_controller(),
                        &pod,
                        None,
                        EventType::Normal,
                        "TaintManagerEviction",
                        &msg,
                    );
                }
                continue;
            }
            match min_toleration(&pod, &noexec) {
                None => {
                    self.evictions.insert(pk.clone(), (name.to_string(), now));
                    self.evict(ctx, &pk);
                }
                Some(None) => {}
                Some(Some(secs)) => {
                    let due = now + Duration::from_secs(secs.max(0));
                    let keep = self.evictions.get(&pk).is_some_and(|(_, t)| *t <= due);
                    if !keep {
                        self.evictions.insert(pk.clone(), (name.to_string(), due));
                        ctx.wake_at(due, Wake::TaintEviction(pk));
                    }
                }
            }
        }
    }

    /// A scheduled eviction fell due (`addConditionAndDeletePod`).
    pub fn evict(&mut self, ctx: &mut Context, key: &ObjectKey) {
        let now = ctx.now();
        match self.evictions.get(key) {
            Some((_, due)) if *due <= now => {}
            _ => return,
        }
        let Some((node, _)) = self.evictions.remove(key) else {
            return;
        };
        let Some(pod) = ctx.api.pods().get(key).cloned() else {
            return;
        };
        if pod.spec.node_name != node || !pod.is_active() {
            return;
        }
        add_disruption_target(
            ctx.api,
            key,
            "DeletionByTaintManager",
            "Taint manager: deleting due to NoExecute taint",
        );
        let msg = format!("Marking for deletion Pod {key}");
        ctx.event(
            &taint_controller(),
            &pod,
            None,
            EventType::Normal,
            "TaintManagerEviction",
            &msg,
        );
        let _ = ctx.api.delete::<Pod>(key, DeleteOptions::default());
    }
}

fn has_taint(node: &Node, key: &str, effect: &str) -> bool {
    node.spec
        .taints
        .iter()
        .any(|t| t.key == key && t.effect == effect)
}

/// The shortest `tolerationSeconds` among the tolerations of `taints`: `None` when some
/// taint is not tolerated (evict now), `Some(None)` when tolerated forever.
fn min_toleration(pod: &Pod, taints: &[Taint]) -> Option<Option<i64>> {
    let mut min: Option<i64> = None;
    for taint in taints {
        let matching: Vec<_> = pod
            .spec
            .tolerations
            .iter()
            .filter(|t| toleration_matches(t, taint))
            .collect();
        if matching.is_empty() {
            return None;
        }
        for t in matching {
            if let Some(s) = t.toleration_seconds {
                min = Some(min.map_or(s, |m| m.min(s)));
            }
        }
    }
    Some(min)
}

/// The node's conditions go Unknown, it is tainted unreachable, its pods lose Ready.
fn mark_unknown(ctx: &mut Context, node: &Node, was_ready: bool) {
    let now = ctx.now().truncate_to_seconds();
    let key = ObjectKey::of(node);
    let _ = ctx.api.modify_status::<Node>(&key, |n| {
        for c in &mut n.status.conditions {
            set_unknown(c, now);
        }
    });
    let _ = ctx.api.modify::<Node>(&key, |n| {
        n.spec
            .taints
            .retain(|t| !(t.effect == "NoExecute" && t.key == NOT_READY));
        if !has_taint(n, UNREACHABLE, "NoExecute") {
            n.spec.taints.push(Taint {
                key: UNREACHABLE.into(),
                effect: "NoExecute".into(),
                time_added: Some(now),
                ..Default::default()
            });
        }
    });
    if !was_ready {
        return;
    }
    let msg = format!("Node {} status is now: NodeNotReady", node.metadata.name);
    ctx.event(
        &node_controller(),
        node,
        None,
        EventType::Normal,
        "NodeNotReady",
        &msg,
    );
    mark_pods_not_ready(ctx, &node.metadata.name);
}

fn set_unknown(c: &mut NodeCondition, now: Time) {
    if c.status != "Unknown" {
        c.last_transition_time = Some(now);
    }
    c.status = "Unknown".into();
    c.reason = "NodeStatusUnknown".into();
    c.message = "Kubelet stopped posting node status.".into();
}

/// `MarkPodsNotReady` (`pkg/controller/util/node/controller_utils.go`).
fn mark_pods_not_ready(ctx: &mut Context, node: &str) {
    let now = ctx.now().truncate_to_seconds();
    let keys: Vec<ObjectKey> = ctx
        .api
        .pods()
        .iter()
        .filter(|p| p.spec.node_name == node && p.condition_true("Ready"))
        .map(ObjectKey::of)
        .collect();
    for key in keys {
        let updated = ctx.api.modify_status::<Pod>(&key, |p| {
            if let Some(c) = p.status.conditions.iter_mut().find(|c| c.type_ == "Ready") {
                c.status = "False".into();
                c.last_transition_time = Some(now);
            }
        });
        if let Ok(p) = updated {
            ctx.event(
                &node_controller(),
                &*p,
                None,
                EventType::Warning,
                "NodeNotReady",
                "Node is not ready",
            );
        }
    }
}

/// The NoSchedule taint mirrors the Ready condition: Unknown → unreachable, False →
/// not-ready, True → none.
fn sync_no_schedule(ctx: &mut Context, node: &Node) {
    let want = match node.ready_status() {
        "Unknown" => Some(UNREACHABLE),
        "False" => Some(NOT_READY),
        _ => None,
    };
    let ours = |t: &Taint| t.effect == "NoSchedule" && (t.key == UNREACHABLE || t.key == NOT_READY);
    let have: Vec<&str> = node
        .spec
        .taints
        .iter()
        .filter(|t| ours(t))
        .map(|t| t.key.as_str())
        .collect();
    if have == want.into_iter().collect::<Vec<_>>() {
        return;
    }
    let key = ObjectKey::of(node);
    let _ = ctx.api.modify::<Node>(&key, |n| {
        n.spec.taints.retain(|t| !ours(t));
        if let Some(k) = want {
            n.spec.taints.push(Taint {
                key: k.into(),
                effect: "NoSchedule".into(),
                ..Default::default()
            });
        }
    });
}

/// Adds the `DisruptionTarget` condition a pod gets before it is deleted by a controller.
pub fn add_disruption_target(api: &mut ApiServer, key: &ObjectKey, reason: &str, message: &str) {
    let now = api.now.truncate_to_seconds();
    let _ = api.modify_status::<Pod>(key, |p| {
        p.status
            .conditions
            .retain(|c| c.type_ != "DisruptionTarget");
        p.status.conditions.insert(
            0,
            PodCondition {
                type_: "DisruptionTarget".into(),
                status: "True".into(),
                last_transition_time: Some(now),
                reason: reason.to_string().into(),
                message: message.into(),
                ..Default::default()
            },
        );
    });
}

/// The Eviction API (`pods/eviction`, what `kubectl drain` calls): no PodDisruptionBudget
/// exists in the simulator, so the pod gets `DisruptionTarget` (EvictionByEvictionAPI)
/// and a default graceful delete.
pub fn evict(api: &mut ApiServer, key: &ObjectKey) -> Result<Pod, ApiError> {
    if api.pods().get(key).is_none() {
        return Err(ApiError::not_found(crate::api::Kind::Pod, key.name()));
    }
    add_disruption_target(api, key, "EvictionByEvictionAPI", "Eviction API: evicting");
    api.delete::<Pod>(key, DeleteOptions::default())
        .map(std::rc::Rc::unwrap_or_clone)
}

/// What `kubectl drain` would do with the pods on a node (`kubectl/pkg/drain/filters.go`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrainPlan {
    /// Pods to evict, in name order.
    pub evict: Vec<ObjectKey>,
    /// kubectl's warnings, e.g. `deleting Pods that declare no controller: default/web`.
    pub warnings: Vec<String>,
    /// Fatal filter errors, e.g. `cannot delete Pods that declare no controller (use
    /// --force to override): default/web`; when non-empty nothing is evicted.
    pub errors: Vec<String>,
}

/// Filters the pods on `node` as `kubectl drain` does (`--force`, `--ignore-daemonsets`).
pub fn drain_plan(api: &ApiServer, node: &str, force: bool, ignore_daemonsets: bool) -> DrainPlan {
    let mut plan = DrainPlan::default();
    let (mut unmanaged, mut daemons) = (Vec::new(), Vec::new());
    for p in api.pods().iter().filter(|p| p.spec.node_name == node) {
        let key = ObjectKey::of(p);
        if p.metadata
            .annotations
            .contains_key("kubernetes.io/config.mirror")
        {
            continue;
        }
        match p.metadata.controller_ref().map(|r| r.kind.as_str()) {
            Some("DaemonSet") => {
                daemons.push(key.to_string());
                continue;
            }
            None => unmanaged.push(key.to_string()),
            Some(_) => {}
        }
        plan.evict.push(key);
    }
    let mut fatal = |cond: bool, fatal: &str, warn: &str, list: &[String]| {
        if list.is_empty() {
            return;
        }
        if cond {
            plan.warnings.push(format!("{warn}: {}", list.join(", ")));
        } else {
            plan.errors.push(format!("{fatal}: {}", list.join(", ")));
        }
    };
    fatal(
        ignore_daemonsets,
        "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
        "ignoring DaemonSet-managed Pods",
        &daemons,
    );
    fatal(
        force,
        "cannot delete Pods that declare no controller (use --force to override)",
        "deleting Pods that declare no controller",
        &unmanaged,
    );
    if !plan.errors.is_empty() {
        plan.evict.clear();
    }
    plan
}
