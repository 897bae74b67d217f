//! The ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`): keeps
//! `spec.replicas` active pods matching the selector, adopting orphans and creating or
//! deleting the difference, then reports status.

use super::{Context, WorkQueue};
use crate::api::meta::OwnerReference;
use crate::api::pod::Pod;
use crate::api::{ObjectMeta, ReplicaSet, Resource};
use crate::apiserver::{defaults, DeleteOptions, ObjectKey};
use crate::record::{EventType, Source};

/// `BurstReplicas`: at most this many creates or deletes per sync.
pub const BURST_REPLICAS: usize = 500;

#[derive(Debug, Default)]
pub struct ReplicaSetController {
    pub queue: WorkQueue,
}

fn source() -> Source {
    Source::controller("replicaset-controller")
}

impl ReplicaSetController {
    pub fn sync(&mut self, ctx: &mut Context, key: &ObjectKey) {
        let Some(rs) = ctx.api.replicasets().get(key).cloned() else {
            return;
        };
        let pods = claim_pods(ctx, &rs);
        let active: Vec<&Pod> = pods.iter().filter(|p| p.is_active()).collect();
        if rs.metadata.deletion_timestamp.is_none() {
            manage_replicas(ctx, &rs, &active);
        }
        update_status(ctx, &rs);
    }
}

/// `ClaimPods`: pods controlled by this RS, plus matching orphans it adopts.
fn claim_pods(ctx: &mut Context, rs: &ReplicaSet) -> Vec<Pod> {
    let mut owned = Vec::new();
    let candidates: Vec<Pod> = ctx
        .api
        .pods()
        .in_namespace(&rs.metadata.namespace)
        .cloned()
        .collect();
    for pod in candidates {
        match pod.metadata.controller_ref() {
            Some(r) if r.uid == rs.metadata.uid => owned.push(pod),
            Some(_) => {}
            None => {
                let adoptable = rs.metadata.deletion_timestamp.is_none()
                    && pod.metadata.deletion_timestamp.is_none()
                    && rs.spec.selector.matches(&pod.metadata.labels);
                if adoptable {
                    let owner = controller_ref(rs);
                    if let Ok(p) = ctx.api.modify::<Pod>(&ObjectKey::of(&pod), |p| {
                        p.metadata.owner_references.push(owner)
                    }) {
                        owned.push(p);
                    }
                }
            }
        }
    }
    owned
}

pub fn controller_ref<T: Resource>(owner: &T) -> OwnerReference {
    OwnerReference {
        api_version: T::KIND.api_version().into(),
        kind: T::KIND.name().into(),
        name: owner.meta().name.clone(),
        uid: owner.meta().uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

fn manage_replicas(ctx: &mut Context, rs: &ReplicaSet, active: &[&Pod]) {
    let diff = active.len() as i64 - rs.replicas() as i64;
    if diff < 0 {
        let want = (-diff as usize).min(BURST_REPLICAS);
        // Slow start: batches of 1, 2, 4 … stop at the first failure (`slowStartBatch`).
        let mut created = 0;
        let mut batch = 1;
        'outer: while created < want {
            let n = batch.min(want - created);
            for _ in 0..n {
                if create_pod(ctx, rs).is_err() {
                    break 'outer;
                }
                created += 1;
            }
            batch *= 2;
        }
    } else if diff > 0 {
        let n = (diff as usize).min(BURST_REPLICAS);
        let mut ranked: Vec<&Pod> = active.to_vec();
        ranked.sort_by_key(|p| deletion_rank(p));
        for pod in ranked.into_iter().take(n) {
            let _ = ctx
                .api
                .delete::<Pod>(&ObjectKey::of(pod), DeleteOptions::default());
            ctx.event(
                &source(),
                rs,
                None,
                EventType::Normal,
                "SuccessfulDelete",
                &format!("Deleted pod: {}", pod.metadata.name),
            );
        }
    }
}

/// A simplified `ActivePodsWithRanks` order: unscheduled, then pending, then not ready,
/// then newest first.
fn deletion_rank(
    p: &Pod,
) -> (
    bool,
    u8,
    bool,
    std::cmp::Reverse<Option<crate::time::Time>>,
    String,
) {
    let phase_rank = match p.status.phase.as_str() {
        "Pending" => 0,
        "Unknown" => 1,
        _ => 2,
    };
    (
        !p.spec.node_name.is_empty(),
        phase_rank,
        p.is_ready(),
        std::cmp::Reverse(p.metadata.creation_timestamp),
        p.metadata.uid.clone(),
    )
}

/// `GetPodFromTemplate` + create, with the API server's defaulting.
fn create_pod(ctx: &mut Context, rs: &ReplicaSet) -> Result<(), ()> {
    let t = &rs.spec.template;
    let mut pod = Pod {
        metadata: ObjectMeta {
            generate_name: format!("{}-", rs.metadata.name),
            namespace: rs.metadata.namespace.clone(),
            labels: t.metadata.labels.clone(),
            annotations: t.metadata.annotations.clone(),
            owner_references: vec![controller_ref(rs)],
            ..Default::default()
        },
        spec: t.spec.clone(),
        ..Default::default()
    };
    defaults::pod(&mut pod);
    match ctx.api.create(pod) {
        Ok(pod) => {
            let msg = format!("Created pod: {}", pod.metadata.name);
            ctx.event(
                &source(),
                rs,
                None,
                EventType::Normal,
                "SuccessfulCreate",
                &msg,
            );
            Ok(())
        }
        Err(e) => {
            let msg = format!("Error creating: {}", e.message);
            ctx.event(
                &source(),
                rs,
                None,
                EventType::Warning,
                "FailedCreate",
                &msg,
            );
            Err(())
        }
    }
}

/// `calculateStatus`: counts over the pods this RS controls.
fn update_status(ctx: &mut Context, rs: &ReplicaSet) {
    let now = ctx.now();
    let min_ready = crate::time::Duration::from_secs(rs.spec.min_ready_seconds.unwrap_or(0) as i64);
    let (mut replicas, mut labeled, mut ready, mut available) = (0, 0, 0, 0);
    let mut next_available: Option<crate::time::Time> = None;
    for pod in ctx.api.pods().in_namespace(&rs.metadata.namespace) {
        let owned = pod
            .metadata
            .controller_ref()
            .is_some_and(|r| r.uid == rs.metadata.uid);
        if !owned || !pod.is_active() {
            continue;
        }
        replicas += 1;
        if rs
            .spec
            .template
            .metadata
            .labels
            .iter()
            .all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
        {
            labeled += 1;
        }
        if pod.is_ready() {
            ready += 1;
            let since = pod
                .condition("Ready")
                .and_then(|c| c.last_transition_time)
                .unwrap_or(now);
            if since + min_ready <= now {
                available += 1;
            } else {
                let at = since + min_ready;
                next_available = Some(next_available.map_or(at, |t: crate::time::Time| t.min(at)));
            }
        }
    }
    if let Some(at) = next_available {
        ctx.wake_at(at, crate::clock::Wake::ReplicaSet(ObjectKey::of(rs)));
    }
    let generation = rs.metadata.generation;
    let _ = ctx
        .api
        .modify_status::<ReplicaSet>(&ObjectKey::of(rs), |r| {
            r.status.replicas = replicas;
            r.status.fully_labeled_replicas = labeled;
            r.status.ready_replicas = ready;
            r.status.available_replicas = available;
            r.status.observed_generation = generation;
        });
}
