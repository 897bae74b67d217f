//! `kubectl describe deployment`: describe.go `describeDeployment`,
//! `printReplicaSetsByLabels` and kubectl `pkg/util/deployment` (`GetAllReplicaSetsInChunks`,
//! `findNewReplicaSet`, `findOldReplicaSets`, `EqualIgnoreHash`). controllers.md §4.7.

use super::common::{annotations_multiline, describe_events, labels_multiline};
use super::containers::{describe_pod_template, rfc1123z};
use super::{DescribeWriter, LEVEL_0, LEVEL_1};
use crate::api::apps::PodTemplateSpec;
use crate::api::{Deployment, Event, ReplicaSet};
use crate::printers::selector::selector_string;
use crate::time::Time;

/// `appsv1.DefaultDeploymentUniqueLabelKey`.
const POD_TEMPLATE_HASH: &str = "pod-template-hash";

/// The ReplicaSets describe shows: `old` is kubectl's *second* return value of
/// `GetAllReplicaSetsInChunks` (`allOldRSes`: every old RS, including those scaled to 0),
/// which is what current `DeploymentDescriber.Describe` passes (`_, oldResult, newResult`).
pub struct DeploymentReplicaSets<'a> {
    pub old: Vec<&'a ReplicaSet>,
    pub new: Option<&'a ReplicaSet>,
}

/// `EqualIgnoreHash`: templates equal once `pod-template-hash` is dropped from both.
fn equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    let strip = |t: &PodTemplateSpec| {
        let mut t = t.clone();
        t.metadata.labels.remove(POD_TEMPLATE_HASH);
        t
    };
    strip(a) == strip(b)
}

/// `listReplicaSets` (same namespace, labels match the selector, controlled by the
/// Deployment), sorted by creation time then name (`replicaSetsByCreationTimestamp`, which
/// `findNewReplicaSet` applies in place); the new RS is the oldest with an equal template.
pub fn deployment_replica_sets<'a>(
    d: &Deployment,
    all: &'a [ReplicaSet],
) -> DeploymentReplicaSets<'a> {
    let mut owned: Vec<&ReplicaSet> = all
        .iter()
        .filter(|rs| rs.metadata.namespace == d.metadata.namespace)
        .filter(|rs| d.spec.selector.matches(&rs.metadata.labels))
        .filter(|rs| {
            rs.metadata
                .controller_ref()
                .is_some_and(|r| r.uid == d.metadata.uid)
        })
        .collect();
    crate::sort::stable_by(&mut owned, |a, b| {
        (a.metadata.creation_timestamp, &a.metadata.name)
            .cmp(&(b.metadata.creation_timestamp, &b.metadata.name))
    });
    let new = owned
        .iter()
        .copied()
        .find(|rs| equal_ignore_hash(&rs.spec.template, &d.spec.template));
    let old = owned
        .into_iter()
        .filter(|rs| new.is_none_or(|n| n.metadata.uid != rs.metadata.uid))
        .collect();
    DeploymentReplicaSets { old, new }
}

/// `printReplicaSetsByLabels`: `name (status.replicas/spec.replicas replicas created)`.
fn replica_sets_text(list: &[&ReplicaSet]) -> String {
    if list.is_empty() {
        return "<none>".into();
    }
    list.iter()
        .map(|rs| {
            format!(
                "{} ({}/{} replicas created)",
                rs.metadata.name,
                rs.status.replicas,
                rs.replicas()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `describeDeployment`. `replica_sets` may be every ReplicaSet in the namespace (filtered
/// as kubectl does); `events` are the Deployment's own events or `None`.
pub fn describe_deployment(
    d: &Deployment,
    replica_sets: &[ReplicaSet],
    events: Option<&[Event]>,
    now: Time,
) -> String {
    let mut w = DescribeWriter::new();
    let m = &d.metadata;
    w.write(LEVEL_0, &format!("Name:\t{}\n", m.name));
    w.write(LEVEL_0, &format!("Namespace:\t{}\n", m.namespace));
    w.write(
        LEVEL_0,
        &format!("CreationTimestamp:\t{}\n", rfc1123z(m.creation_timestamp)),
    );
    labels_multiline(&mut w, "", "Labels", &m.labels);
    annotations_multiline(&mut w, "Annotations", &m.annotations);
    w.write(
        LEVEL_0,
        &format!("Selector:\t{}\n", selector_string(&d.spec.selector)),
    );
    let s = &d.status;
    w.write(
        LEVEL_0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            d.replicas(),
            s.updated_replicas,
            s.replicas,
            s.available_replicas,
            s.unavailable_replicas
        ),
    );
    let strategy = d.spec.strategy.clone().unwrap_or_default();
    w.write(
        LEVEL_0,
        &format!("StrategyType:\t{}\n", strategy.type_.unwrap_or_default()),
    );
    w.write(
        LEVEL_0,
        &format!(
            "MinReadySeconds:\t{}\n",
            d.spec.min_ready_seconds.unwrap_or(0)
        ),
    );
    if let Some(ru) = &strategy.rolling_update {
        let text = |v: &Option<crate::api::intstr::IntOrString>| {
            v.as_ref()
                .map_or_else(|| "<nil>".to_string(), |v| v.to_string())
        };
        w.write(
            LEVEL_0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                text(&ru.max_unavailable),
                text(&ru.max_surge)
            ),
        );
    }
    describe_pod_template(&mut w, &d.spec.template);
    if !s.conditions.is_empty() {
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
        w.write(LEVEL_1, "----\t------\t------\n");
        for c in &s.conditions {
            w.write(
                LEVEL_1,
                &format!("{} \t{}\t{}\n", c.type_, c.status, c.reason),
            );
        }
    }
    let rss = deployment_replica_sets(d, replica_sets);
    if !rss.old.is_empty() || rss.new.is_some() {
        w.write(
            LEVEL_0,
            &format!("OldReplicaSets:\t{}\n", replica_sets_text(&rss.old)),
        );
        let new: Vec<&ReplicaSet> = rss.new.into_iter().collect();
        w.write(
            LEVEL_0,
            &format!("NewReplicaSet:\t{}\n", replica_sets_text(&new)),
        );
    }
    if let Some(events) = events {
        describe_events(&mut w, events, now);
    }
    w.finish()
}
