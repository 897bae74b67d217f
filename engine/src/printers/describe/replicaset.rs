//! `kubectl describe replicaset`: describe.go `describeReplicaSet` and
//! `getPodStatusForController`.

use super::common::{annotations_multiline, controlled_by, describe_events, labels_multiline};
use super::containers::describe_pod_template;
use super::{DescribeWriter, LEVEL_0, LEVEL_1};
use crate::api::{Event, Pod, ReplicaSet};
use crate::printers::selector::format_label_selector;
use crate::time::Time;

/// `Pods Status:` counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PodStatusCounts {
    pub running: usize,
    pub waiting: usize,
    pub succeeded: usize,
    pub failed: usize,
}

/// `getPodStatusForController`: pods matching `selector` *and* controlled by `uid`,
/// counted by phase (Pending counts as Waiting).
pub fn pod_status_counts<'a>(
    pods: impl IntoIterator<Item = &'a Pod>,
    selector: &crate::api::meta::LabelSelector,
    uid: &str,
) -> PodStatusCounts {
    let mut c = PodStatusCounts::default();
    for p in pods {
        if !selector.matches(&p.metadata.labels) {
            continue;
        }
        if p.metadata.controller_ref().is_none_or(|r| r.uid != uid) {
            continue;
        }
        match p.status.phase.as_str() {
            "Running" => c.running += 1,
            "Pending" => c.waiting += 1,
            "Succeeded" => c.succeeded += 1,
            "Failed" => c.failed += 1,
            _ => {}
        }
    }
    c
}

/// `describeReplicaSet`. `pods` may be all pods of the namespace (they are filtered as
/// kubectl does); `events` are the ReplicaSet's own events or `None` (`--show-events=false`).
pub fn describe_replicaset(
    rs: &ReplicaSet,
    pods: &[Pod],
    events: Option<&[Event]>,
    now: Time,
) -> String {
    let mut w = DescribeWriter::new();
    let m = &rs.metadata;
    w.write(LEVEL_0, &format!("Name:\t{}\n", m.name));
    w.write(LEVEL_0, &format!("Namespace:\t{}\n", m.namespace));
    w.write(
        LEVEL_0,
        &format!("Selector:\t{}\n", format_label_selector(&rs.spec.selector)),
    );
    labels_multiline(&mut w, "", "Labels", &m.labels);
    annotations_multiline(&mut w, "Annotations", &m.annotations);
    if let Some(c) = controlled_by(&m.owner_references) {
        w.write(LEVEL_0, &format!("Controlled By:\t{c}\n"));
    }
    w.write(
        LEVEL_0,
        &format!(
            "Replicas:\t{} current / {} desired\n",
            rs.status.replicas,
            rs.replicas()
        ),
    );
    let c = pod_status_counts(pods, &rs.spec.selector, &m.uid);
    w.write(LEVEL_0, "Pods Status:\t");
    w.write(
        LEVEL_0,
        &format!(
            "{} Running / {} Waiting / {} Succeeded / {} Failed\n",
            c.running, c.waiting, c.succeeded, c.failed
        ),
    );
    describe_pod_template(&mut w, &rs.spec.template);
    if !rs.status.conditions.is_empty() {
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
        w.write(LEVEL_1, "----\t------\t------\n");
        for cond in &rs.status.conditions {
            w.write(
                LEVEL_1,
                &format!("{} \t{}\t{}\n", cond.type_, cond.status, cond.reason),
            );
        }
    }
    if let Some(events) = events {
        describe_events(&mut w, events, now);
    }
    w.finish()
}
