//! The scheduler (`pkg/scheduler`): binds each pending pod to a node that fits it — Ready,
//! schedulable, taints tolerated, requests within allocatable — preferring the least
//! loaded, and reports `FailedScheduling` with the scheduler's own message when none fits.

use crate::api::node::{Node, Taint};
use crate::api::pod::{Pod, PodCondition, Toleration};
use crate::apiserver::ObjectKey;
use crate::controller::{Context, WorkQueue};
use crate::quantity;
use crate::record::{EventType, Source};
use std::collections::BTreeMap;

pub const SCHEDULER_NAME: &str = "default-scheduler";

#[derive(Debug, Default)]
pub struct Scheduler {
    pub queue: WorkQueue,
}

fn source() -> Source {
    Source::controller("default-scheduler")
}

/// Why one node cannot take the pod; the texts are the plugins' own.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Unfit {
    Taint(String),
    Unschedulable,
    NotReady,
    InsufficientCpu,
    InsufficientMemory,
    TooManyPods,
}

impl Unfit {
    fn message(&self) -> String {
        match self {
            Unfit::Taint(t) => format!("had untolerated taint {{{t}}}"),
            Unfit::Unschedulable => "were unschedulable".into(),
            Unfit::NotReady => "had untolerated taint {node.kubernetes.io/not-ready: }".into(),
            Unfit::InsufficientCpu => "Insufficient cpu".into(),
            Unfit::InsufficientMemory => "Insufficient memory".into(),
            Unfit::TooManyPods => "Too many pods".into(),
        }
    }
}

impl Scheduler {
    pub fn sync(&mut self, ctx: &mut Context, key: &ObjectKey) {
        let Some(pod) = ctx.api.pods().get(key).cloned() else {
            return;
        };
        let ours = pod
            .spec
            .scheduler_name
            .as_deref()
            .is_none_or(|s| s == SCHEDULER_NAME);
        if !pod.spec.node_name.is_empty() || pod.metadata.deletion_timestamp.is_some() || !ours {
            return;
        }
        if !pod.spec.scheduling_gates.is_empty() {
            return;
        }
        let nodes: Vec<Node> = ctx.api.nodes().iter().cloned().collect();
        let mut fits: Vec<(i64, String)> = Vec::new();
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        for node in &nodes {
            match fit(ctx, &pod, node) {
                Ok(score) => fits.push((score, node.metadata.name.clone())),
                Err(why) => {
                    for w in why {
                        *reasons.entry(w.message()).or_default() += 1;
                    }
                }
            }
        }
        if fits.is_empty() {
            unschedulable(ctx, &pod, nodes.len(), &reasons);
            return;
        }
        let best = fits.iter().map(|f| f.0).max().unwrap_or(0);
        let top: Vec<&String> = fits.iter().filter(|f| f.0 == best).map(|f| &f.1).collect();
        // `selectHost` picks uniformly among the best-scoring nodes.
        let pick = top[ctx.api.rng.below(top.len() as u64) as usize].clone();
        bind(ctx, &pod, &pick);
    }
}

fn tolerates(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| {
        let key_ok = match t.key.as_deref() {
            None | Some("") => t.operator.as_deref() == Some("Exists"),
            Some(k) => k == taint.key,
        };
        let effect_ok = t
            .effect
            .as_deref()
            .is_none_or(|e| e.is_empty() || e == taint.effect);
        let value_ok = t.operator.as_deref() == Some("Exists")
            || t.value.as_deref().unwrap_or("") == taint.value;
        key_ok && effect_ok && value_ok
    })
}

/// Sum of container requests (init containers: the max, as `computePodResourceRequest`).
pub fn pod_requests(pod: &Pod) -> (i64, i64) {
    let sum = |r: &str| -> i64 {
        pod.spec
            .containers
            .iter()
            .filter_map(|c| {
                c.resources
                    .requests
                    .get(r)
                    .and_then(|q| quantity::parse(r, q))
            })
            .sum()
    };
    let init_max = |r: &str| -> i64 {
        pod.spec
            .init_containers
            .iter()
            .filter_map(|c| {
                c.resources
                    .requests
                    .get(r)
                    .and_then(|q| quantity::parse(r, q))
            })
            .max()
            .unwrap_or(0)
    };
    (
        sum("cpu").max(init_max("cpu")),
        sum("memory").max(init_max("memory")),
    )
}

/// Filters then scores one node: `Ok(score)` (higher is better) or why it does not fit.
fn fit(ctx: &Context, pod: &Pod, node: &Node) -> Result<i64, Vec<Unfit>> {
    let mut why = Vec::new();
    if node.spec.unschedulable {
        why.push(Unfit::Unschedulable);
    }
    for taint in &node.spec.taints {
        if matches!(taint.effect.as_str(), "NoSchedule" | "NoExecute")
            && !tolerates(&pod.spec.tolerations, taint)
        {
            if taint.key == "node.kubernetes.io/not-ready" {
                why.push(Unfit::NotReady);
            } else {
                why.push(Unfit::Taint(format!("{}: {}", taint.key, taint.value)));
            }
            break;
        }
    }
    if !why.is_empty() {
        return Err(why);
    }
    let alloc = |r: &str| {
        node.status
            .allocatable
            .get(r)
            .and_then(|q| quantity::parse(r, q))
            .unwrap_or(0)
    };
    let (cpu_cap, mem_cap, pods_cap) = (alloc("cpu"), alloc("memory"), alloc("pods"));
    let on_node: Vec<&Pod> = ctx
        .api
        .pods()
        .iter()
        .filter(|p| p.spec.node_name == node.metadata.name && !p.is_terminal())
        .collect();
    let (mut cpu, mut mem) = pod_requests(pod);
    for p in &on_node {
        let (c, m) = pod_requests(p);
        cpu += c;
        mem += m;
    }
    if pods_cap > 0 && on_node.len() as i64 + 1 > pods_cap {
        why.push(Unfit::TooManyPods);
    }
    if cpu_cap > 0 && cpu > cpu_cap {
        why.push(Unfit::InsufficientCpu);
    }
    if mem_cap > 0 && mem > mem_cap {
        why.push(Unfit::InsufficientMemory);
    }
    if !why.is_empty() {
        return Err(why);
    }
    // LeastAllocated-like: fewer pods and less requested is better.
    Ok(-(on_node.len() as i64))
}

fn bind(ctx: &mut Context, pod: &Pod, node: &str) {
    let now = ctx.now().truncate_to_seconds();
    let key = ObjectKey::of(pod);
    let node_name = node.to_string();
    let bound = ctx
        .api
        .modify::<Pod>(&key, |p| p.spec.node_name = node_name.clone());
    let Ok(bound) = bound else { return };
    let _ = ctx.api.modify_status::<Pod>(&key, |p| {
        p.status.conditions.retain(|c| c.type_ != "PodScheduled");
        p.status.conditions.push(PodCondition {
            type_: "PodScheduled".into(),
            status: "True".into(),
            last_transition_time: Some(now),
            ..Default::default()
        });
    });
    let msg = format!(
        "Successfully assigned {}/{} to {node}",
        pod.metadata.namespace, pod.metadata.name
    );
    ctx.event(
        &source(),
        &bound,
        None,
        EventType::Normal,
        "Scheduled",
        &msg,
    );
}

/// `0/4 nodes are available: 1 node(s) had untolerated taint {…}, 3 Insufficient cpu.
/// preemption: 0/4 nodes are available: …` (`FitError.Error`, reasons sorted).
fn unschedulable(ctx: &mut Context, pod: &Pod, total: usize, reasons: &BTreeMap<String, usize>) {
    let mut parts: Vec<String> = reasons
        .iter()
        .map(|(msg, n)| {
            if msg.starts_with("Insufficient") || msg.starts_with("Too many") {
                format!("{n} {msg}")
            } else {
                format!("{n} node(s) {msg}")
            }
        })
        .collect();
    parts.sort();
    let message = format!(
        "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling.",
        parts.join(", ")
    );
    let now = ctx.now().truncate_to_seconds();
    let key = ObjectKey::of(pod);
    let msg = message.clone();
    let updated = ctx.api.modify_status::<Pod>(&key, |p| {
        let changed = p
            .condition("PodScheduled")
            .is_none_or(|c| c.status != "False" || c.message != msg);
        if changed {
            p.status.conditions.retain(|c| c.type_ != "PodScheduled");
            p.status.conditions.push(PodCondition {
                type_: "PodScheduled".into(),
                status: "False".into(),
                last_transition_time: Some(now),
                reason: "Unschedulable".into(),
                message: msg.clone(),
                ..Default::default()
            });
        }
    });
    if let Ok(p) = updated {
        ctx.event(
            &source(),
            &p,
            None,
            EventType::Warning,
            "FailedScheduling",
            &message,
        );
    }
}
