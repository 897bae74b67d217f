//! `kubectl cordon|uncordon|drain NODE` (`pkg/cmd/drain`). Drain cordons, evicts the
//! pods the drain filters allow (through the Eviction API), then waits in virtual time
//! for each to be gone (`pod/x evicted`) before `node/x drained`.

use super::flags_or_fail;
use crate::api::{Kind, Object};
use crate::apiserver::{ApiError, ObjectKey, WatchEvent, WatchEventType};
use crate::controller::nodelifecycle;
use crate::kubectl::objects;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{Invocation, Outcome, Output, WaitState, Waiter};
use crate::time::{Duration, Time};
use crate::Cluster;
use std::collections::BTreeSet;

const CORDON_FLAGS: &[FlagSpec] = &[
    flag("selector", Some('l'), true),
    flag("dry-run", None, true),
];

const DRAIN_FLAGS: &[FlagSpec] = &[
    flag("force", None, false),
    flag("ignore-daemonsets", None, false),
    flag("delete-emptydir-data", None, false),
    flag("delete-local-data", None, false),
    flag("grace-period", None, true),
    flag("timeout", None, true),
    flag("selector", Some('l'), true),
    flag("pod-selector", None, true),
    flag("disable-eviction", None, false),
    flag("skip-wait-for-delete-timeout", None, true),
    flag("dry-run", None, true),
];

/// Sets `spec.unschedulable`; prints `node/x cordoned` or `node/x already cordoned`.
fn set_unschedulable(cluster: &mut Cluster, node: &str, on: bool, out: &mut Output) -> bool {
    let key = ObjectKey::new("", node);
    let Some(Object::Node(n)) = cluster.api.get_object(Kind::Node, &key) else {
        out.errln(ApiError::not_found(Kind::Node, node).kubectl_line());
        return false;
    };
    let word = if on { "cordoned" } else { "uncordoned" };
    if n.spec.unschedulable == on {
        out.outln(format!("node/{node} already {word}"));
        return true;
    }
    let res = objects::modify(cluster, Kind::Node, &key, |o| {
        if let Object::Node(n) = o {
            n.spec.unschedulable = on;
        }
        Ok(())
    });
    match res {
        Ok(Ok(_)) => {
            out.outln(format!("node/{node} {word}"));
            true
        }
        Ok(Err(e)) => {
            e.print(None, out);
            false
        }
        Err(e) => {
            out.errln(format!("error: {e}"));
            false
        }
    }
}

pub fn cordon(cluster: &mut Cluster, words: &[String], on: bool, out: &mut Output) -> Outcome {
    let verb = if on { "cordon" } else { "uncordon" };
    let p = match flags_or_fail(verb, words, CORDON_FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let [node] = p.args.as_slice() else {
        out.errln(format!(
            "error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples"
        ));
        return Outcome::failed();
    };
    if set_unschedulable(cluster, node, on, out) {
        Outcome::ok()
    } else {
        Outcome::failed()
    }
}

/// A drain waiting for its evicted pods to disappear.
#[derive(Debug)]
pub struct DrainWait {
    node: String,
    pending: BTreeSet<ObjectKey>,
    deadline: Option<Time>,
}

impl Waiter for DrainWait {
    fn on_events(
        &mut self,
        cluster: &mut Cluster,
        events: &[WatchEvent],
        out: &mut Output,
    ) -> WaitState {
        for ev in events {
            if self.deadline.is_some_and(|d| ev.at > d) {
                break;
            }
            if ev.type_ != WatchEventType::Deleted || ev.object.kind() != Kind::Pod {
                continue;
            }
            let m = ev.object.meta();
            if self.pending.remove(&ObjectKey::new(&m.namespace, &m.name)) {
                out.outln(format!("pod/{} evicted", m.name));
            }
        }
        if self.pending.is_empty() {
            out.outln(format!("node/{} drained", self.node));
            return WaitState::Done;
        }
        if self.deadline.is_some_and(|d| cluster.now() >= d) {
            let first = self
                .pending
                .iter()
                .next()
                .cloned()
                .unwrap_or_else(|| ObjectKey::new("", ""));
            out.errln(format!(
                "error: unable to drain node \"{}\" due to error: [error when waiting for pod \"{}\" in namespace \"{}\" to terminate: global timeout reached], continuing command...\nThere are pending nodes to be drained:\n {}",
                self.node, first.name(), first.namespace(), self.node
            ));
            return WaitState::Failed;
        }
        WaitState::Waiting
    }
}

pub fn drain(
    cluster: &mut Cluster,
    words: &[String],
    _inv: &Invocation,
    out: &mut Output,
) -> Outcome {
    let p = match flags_or_fail("drain", words, DRAIN_FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let [node] = p.args.as_slice() else {
        out.errln("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples");
        return Outcome::failed();
    };
    let timeout = match p.get("timeout").map(Duration::parse_go).transpose() {
        Ok(t) => t.filter(|t| t.as_millis() > 0),
        Err(e) => {
            out.errln(format!(
                "Error: invalid argument \"{}\" for \"--timeout\" flag: {e}",
                p.get("timeout").unwrap_or("")
            ));
            return Outcome::failed();
        }
    };
    if !set_unschedulable(cluster, node, true, out) {
        return Outcome::failed();
    }
    let plan = nodelifecycle::drain_plan(
        &cluster.api,
        node,
        p.bool("force"),
        p.bool("ignore-daemonsets"),
    );
    if !plan.errors.is_empty() {
        let all = plan.errors.join(", ");
        out.errln(format!(
            "error: unable to drain node \"{node}\" due to error: {all}, continuing command...\nThere are pending nodes to be drained:\n {node}\n{}",
            plan.errors.join("\n")
        ));
        return Outcome::failed();
    }
    for w in &plan.warnings {
        out.errln(format!("Warning: {w}"));
    }
    let mut pending = BTreeSet::new();
    for key in &plan.evict {
        out.outln(format!("evicting pod {key}"));
        match nodelifecycle::evict(&mut cluster.api, key) {
            Ok(_) => {
                pending.insert(key.clone());
            }
            Err(e) => out.errln(format!(
                "error when evicting pods/\"{}\" -n \"{}\" (will retry after 5s): {}",
                key.name(),
                key.namespace(),
                e.message
            )),
        }
    }
    // Pods already gone (no grace) are reported at once.
    let gone: Vec<ObjectKey> = pending
        .iter()
        .filter(|k| cluster.api.pods().get(k).is_none())
        .cloned()
        .collect();
    for k in gone {
        pending.remove(&k);
        out.outln(format!("pod/{} evicted", k.name()));
    }
    if pending.is_empty() {
        out.outln(format!("node/{node} drained"));
        return Outcome::ok();
    }
    Outcome {
        wait: Some(Box::new(DrainWait {
            node: node.clone(),
            pending,
            deadline: timeout.map(|t| cluster.now() + t),
        })),
        ..Outcome::ok()
    }
}
