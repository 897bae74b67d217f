//! `kubectl describe` (`staging/src/k8s.io/kubectl/pkg/describe/describe.go`): pure functions
//! of the object, its related objects (events, ReplicaSets, pods) and `now`.
//!
//! Every describer writes through a [`DescribeWriter`], the equivalent of describe.go's
//! `tabbedString` + `PrefixWriter`: text goes through Go's `text/tabwriter` with minwidth 0,
//! tabwidth 8, padding 2 and pad char ' ', and each indentation level is two spaces.

mod common;
mod containers;
mod deployment;
mod gosort;
mod namespace;
mod node;
mod pod;
mod quantity;
mod replicaset;

pub use crate::apiserver::admission::kube_api_access_volume_name;
pub use common::{describe_events, search_events, sort_events};
pub use containers::describe_pod_template;
pub use deployment::{deployment_replica_sets, describe_deployment, DeploymentReplicaSets};
pub use namespace::describe_namespace;
pub use node::describe_node;
pub use pod::describe_pod;
pub use replicaset::{describe_replicaset, pod_status_counts, PodStatusCounts};

use super::tabwriter::GoTabWriter;
use crate::api::{Event, Object, Pod, ReplicaSet};
use crate::time::Time;

/// `kubectl describe <kind> <name>` for any object the simulator stores. `related` is
/// whatever else the caller has (typically every stored object): events are picked with
/// [`search_events`], ReplicaSets and pods are filtered the way each describer's kubectl
/// code does. `show_events` is `--show-events` (default true). Returns `None` for Events,
/// which kubectl describes with its generic (unstructured) describer, not modelled here.
pub fn describe_object(
    target: &Object,
    related: &[Object],
    now: Time,
    show_events: bool,
) -> Option<String> {
    let meta = target.meta();
    let all_events: Vec<Event> = related
        .iter()
        .filter_map(|o| match o {
            Object::Event(e) => Some(e.clone()),
            _ => None,
        })
        .collect();
    let events_for = |kind: &str| search_events(kind, meta, &all_events);
    let pods = || -> Vec<Pod> {
        related
            .iter()
            .filter_map(|o| match o {
                Object::Pod(p) if p.metadata.namespace == meta.namespace => Some(p.clone()),
                _ => None,
            })
            .collect()
    };
    let all_pods = || -> Vec<Pod> {
        related
            .iter()
            .filter_map(|o| match o {
                Object::Pod(p) => Some(p.clone()),
                _ => None,
            })
            .collect()
    };
    Some(match target {
        Object::Pod(p) => {
            // PodDescriber clears the reference's kind before searching.
            let ev = events_for("");
            describe_pod(p, show_events.then_some(ev.as_slice()), now)
        }
        Object::ReplicaSet(rs) => {
            let ev = events_for("ReplicaSet");
            describe_replicaset(rs, &pods(), show_events.then_some(ev.as_slice()), now)
        }
        Object::Deployment(d) => {
            let ev = events_for("Deployment");
            let rss: Vec<ReplicaSet> = related
                .iter()
                .filter_map(|o| match o {
                    Object::ReplicaSet(r) => Some(r.clone()),
                    _ => None,
                })
                .collect();
            describe_deployment(d, &rss, show_events.then_some(ev.as_slice()), now)
        }
        Object::Node(n) => {
            let ev = events_for("Node");
            describe_node(n, &all_pods(), show_events.then_some(ev.as_slice()), now)
        }
        Object::Namespace(ns) => describe_namespace(ns),
        Object::Event(_) => return None,
    })
}

/// describe.go's `LEVEL_0`…`LEVEL_4`: each level indents by two spaces.
pub const LEVEL_0: usize = 0;
pub const LEVEL_1: usize = 1;
pub const LEVEL_2: usize = 2;
pub const LEVEL_3: usize = 3;

/// `tabbedString` + `prefixWriter`: collects text, aligns it like Go's tabwriter.
pub struct DescribeWriter {
    tw: GoTabWriter,
    pending: String,
    out: String,
}

impl Default for DescribeWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl DescribeWriter {
    /// `out.Init(buf, 0, 8, 2, ' ', 0)`.
    pub fn new() -> Self {
        DescribeWriter {
            tw: GoTabWriter::new(0, 2, ' ', false),
            pending: String::new(),
            out: String::new(),
        }
    }

    /// `PrefixWriter.Write(level, ...)`: the text, prefixed by two spaces per level.
    pub fn write(&mut self, level: usize, text: &str) {
        for _ in 0..level {
            self.pending.push_str("  ");
        }
        self.pending.push_str(text);
    }

    /// `PrefixWriter.Flush()`: formats everything written so far (ends all column blocks).
    pub fn flush(&mut self) {
        let text = std::mem::take(&mut self.pending);
        let formatted = self.tw.write_and_flush(&text);
        self.out.push_str(&formatted);
    }

    /// What was written, before any tab alignment (`rollout history --revision` prints the
    /// pod template this way: straight to the output, tabs raw).
    pub fn raw(self) -> String {
        self.out + &self.pending
    }

    /// The final `out.Flush()` of `tabbedString`.
    pub fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

#[cfg(test)]
mod tests;
