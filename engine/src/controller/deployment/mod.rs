//! The Deployment controller (`pkg/controller/deployment/`): owns one ReplicaSet per pod
//! template, rolls from old to new by the strategy, and reports status.
//!
//! This first version does a simple rollout (new RS up, old RSes down); the faithful
//! rolling/recreate algorithms live in `rolling.rs`/`recreate.rs` as they land.

pub mod status_viewer;
pub mod util;

use super::replicaset::controller_ref;
use super::{Context, WorkQueue};
use crate::api::apps::{DeploymentCondition, ReplicaSetSpec};
use crate::api::{Deployment, ObjectMeta, ReplicaSet};
use crate::apiserver::ObjectKey;
use crate::record::{EventType, Source};

#[derive(Debug, Default)]
pub struct DeploymentController {
    pub queue: WorkQueue,
}

fn source() -> Source {
    Source::controller("deployment-controller")
}

impl DeploymentController {
    pub fn sync(&mut self, ctx: &mut Context, key: &ObjectKey) {
        let Some(d) = ctx.api.deployments().get(key).cloned() else {
            return;
        };
        if d.metadata.deletion_timestamp.is_some() {
            return;
        }
        let owned = owned_replicasets(ctx, &d);
        let new_rs = match get_or_create_new_rs(ctx, &d, &owned) {
            Some(rs) => rs,
            None => return,
        };
        for rs in owned
            .iter()
            .filter(|rs| rs.metadata.uid != new_rs.metadata.uid)
        {
            scale(ctx, &d, rs, 0);
        }
        scale(ctx, &d, &new_rs, d.replicas());
        update_status(ctx, &d);
    }
}

/// ReplicaSets whose controller is this Deployment.
pub fn owned_replicasets(ctx: &Context, d: &Deployment) -> Vec<ReplicaSet> {
    ctx.api
        .replicasets()
        .in_namespace(&d.metadata.namespace)
        .filter(|rs| {
            rs.metadata
                .controller_ref()
                .is_some_and(|r| r.uid == d.metadata.uid)
        })
        .cloned()
        .collect()
}

fn get_or_create_new_rs(
    ctx: &mut Context,
    d: &Deployment,
    owned: &[ReplicaSet],
) -> Option<ReplicaSet> {
    let hash = util::pod_template_hash(&d.spec.template, d.status.collision_count);
    if let Some(rs) = owned
        .iter()
        .find(|rs| rs.metadata.labels.get(util::POD_TEMPLATE_HASH) == Some(&hash))
    {
        return Some(rs.clone());
    }
    let revision = util::max_revision(owned) + 1;
    let mut template = d.spec.template.clone();
    template
        .metadata
        .labels
        .insert(util::POD_TEMPLATE_HASH.into(), hash.clone());
    let mut selector = d.spec.selector.clone();
    selector
        .match_labels
        .insert(util::POD_TEMPLATE_HASH.into(), hash.clone());
    let mut annotations = d.metadata.annotations.clone();
    annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
    annotations.insert(util::REVISION.into(), revision.to_string());
    annotations.insert(util::DESIRED_REPLICAS.into(), d.replicas().to_string());
    annotations.insert(util::MAX_REPLICAS.into(), d.replicas().to_string());
    let rs = ReplicaSet {
        metadata: ObjectMeta {
            name: format!("{}-{hash}", d.metadata.name),
            namespace: d.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            annotations,
            owner_references: vec![controller_ref(d)],
            ..Default::default()
        },
        spec: ReplicaSetSpec {
            replicas: Some(0),
            min_ready_seconds: d.spec.min_ready_seconds,
            selector,
            template,
        },
        ..Default::default()
    };
    ctx.api.create(rs).ok()
}

fn scale(ctx: &mut Context, d: &Deployment, rs: &ReplicaSet, to: i32) {
    let from = rs.replicas();
    if from == to {
        return;
    }
    let key = ObjectKey::of(rs);
    if ctx
        .api
        .modify::<ReplicaSet>(&key, |r| r.spec.replicas = Some(to))
        .is_ok()
    {
        let dir = if to > from { "up" } else { "down" };
        let msg = format!(
            "Scaled {dir} replica set {} from {from} to {to}",
            rs.metadata.name
        );
        ctx.event(
            &source(),
            d,
            None,
            EventType::Normal,
            "ScalingReplicaSet",
            &msg,
        );
    }
}

fn update_status(ctx: &mut Context, d: &Deployment) {
    let owned = owned_replicasets(ctx, d);
    let hash = util::pod_template_hash(&d.spec.template, d.status.collision_count);
    let is_new = |rs: &&ReplicaSet| rs.metadata.labels.get(util::POD_TEMPLATE_HASH) == Some(&hash);
    let replicas: i32 = owned.iter().map(|rs| rs.status.replicas).sum();
    let updated: i32 = owned
        .iter()
        .filter(is_new)
        .map(|rs| rs.status.replicas)
        .sum();
    let ready: i32 = owned.iter().map(|rs| rs.status.ready_replicas).sum();
    let available: i32 = owned.iter().map(|rs| rs.status.available_replicas).sum();
    let now = ctx.now().truncate_to_seconds();
    let generation = d.metadata.generation;
    let want = d.replicas();
    let _ = ctx.api.modify_status::<Deployment>(&ObjectKey::of(d), |d| {
        d.status.observed_generation = generation;
        d.status.replicas = replicas;
        d.status.updated_replicas = updated;
        d.status.ready_replicas = ready;
        d.status.available_replicas = available;
        d.status.unavailable_replicas = (want - available).max(0);
        let avail = available >= want;
        set_condition(
            &mut d.status.conditions,
            "Available",
            if avail { "True" } else { "False" },
            if avail {
                "MinimumReplicasAvailable"
            } else {
                "MinimumReplicasUnavailable"
            },
            if avail {
                "Deployment has minimum availability."
            } else {
                "Deployment does not have minimum availability."
            },
            now,
        );
    });
}

fn set_condition(
    list: &mut Vec<DeploymentCondition>,
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: crate::time::Time,
) {
    if let Some(c) = list.iter_mut().find(|c| c.type_ == type_) {
        if c.status != status {
            c.last_transition_time = Some(now);
        }
        if c.status != status || c.reason != reason || c.message != message {
            c.last_update_time = Some(now);
        }
        c.status = status.into();
        c.reason = reason.into();
        c.message = message.into();
        return;
    }
    list.push(DeploymentCondition {
        type_: type_.into(),
        status: status.into(),
        last_update_time: Some(now),
        last_transition_time: Some(now),
        reason: reason.into(),
        message: message.into(),
    });
}
