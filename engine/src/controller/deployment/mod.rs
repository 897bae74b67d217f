//! The Deployment controller (`pkg/controller/deployment/`): owns one ReplicaSet per pod
//! template, rolls from the old ones to the new one by the strategy (`rolling.rs`,
//! `recreate.rs`), scales proportionally and cleans up history (`sync.rs`), reports
//! progress (`progress.rs`) and honours the legacy rollback annotation (`rollback.rs`,
//! which also holds `kubectl rollout undo`'s client side).
//!
//! Each sync works on a copy of the Deployment and on the ReplicaSets as listed at its
//! start, as upstream's lister-based sync does; writes go to the API server at once.

pub mod progress;
pub mod recreate;
pub mod rollback;
pub mod rolling;
pub mod status_viewer;
pub mod sync;
pub mod util;

use super::replicaset::{claim_decision, controller_ref, Claim};
use super::{Context, WorkQueue};
use crate::api::{Deployment, Kind, Pod, ReplicaSet};
use crate::apiserver::{ApiServer, ObjectKey};
use crate::clock::Wake;
use crate::record::{EventType, Source};
use crate::time::{Duration, Time};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

pub(crate) fn source() -> Source {
    Source::controller("deployment-controller")
}

#[derive(Debug, Default)]
pub struct DeploymentController {
    pub queue: WorkQueue,
    /// Wake-ups already on the timer queue, so a resync does not stack duplicates.
    scheduled: HashSet<(ObjectKey, Time)>,
    /// Consecutive failed syncs per key (the work queue's exponential back-off).
    failures: HashMap<ObjectKey, u32>,
    /// The pending progress-deadline check of each Deployment.
    deadline_checks: HashMap<ObjectKey, Time>,
}

/// The rate limiter's per-item back-off: 5 ms doubling up to 1000 s
/// (`workqueue.DefaultControllerRateLimiter`).
fn backoff(failures: u32) -> Duration {
    let ms = 5i64.saturating_mul(1i64 << failures.min(30));
    Duration::from_millis(ms.min(1_000_000))
}

impl DeploymentController {
    /// `syncDeployment` for one key, with the work queue's requeue rules around it.
    pub fn sync(&mut self, ctx: &mut Context, key: &ObjectKey) {
        let now = ctx.now();
        self.scheduled.retain(|(_, due)| *due > now);
        if self.deadline_checks.get(key).is_some_and(|due| *due <= now) {
            self.deadline_checks.remove(key);
        }
        let (result, requeue) = {
            let mut dc = Dc { ctx, requeue: None };
            let r = dc.sync_deployment(key);
            (r, dc.requeue)
        };
        match result {
            Ok(()) => {
                self.failures.remove(key);
            }
            Err(_) => {
                let n = self.failures.entry(key.clone()).or_default();
                let due = now + backoff(*n);
                *n += 1;
                self.wake(ctx, key, due);
            }
        }
        match requeue {
            Some(Requeue::At(due)) => self.check_deadline_at(ctx, key, Some(due)),
            Some(Requeue::NotNeeded) => self.check_deadline_at(ctx, key, None),
            None => {}
        }
    }

    /// Keeps one progress-deadline check per Deployment: the latest one asked for; none
    /// once the rollout completed or timed out (upstream lets stale checks fire as no-op
    /// syncs; withdrawing them keeps "step" from stopping at nothing).
    fn check_deadline_at(&mut self, ctx: &mut Context, key: &ObjectKey, due: Option<Time>) {
        if self.deadline_checks.get(key).copied() == due {
            return;
        }
        let wake = Wake::DeploymentProgress(key.clone());
        if self.deadline_checks.remove(key).is_some() {
            ctx.cancel_wake(&wake);
        }
        if let Some(due) = due {
            self.deadline_checks.insert(key.clone(), due);
            ctx.wake_at(due, wake);
        }
    }

    fn wake(&mut self, ctx: &mut Context, key: &ObjectKey, due: Time) {
        if self.scheduled.insert((key.clone(), due)) {
            ctx.wake_at(due, Wake::Deployment(key.clone()));
        }
    }
}

/// What `requeueStuckDeployment` decided in a sync whose status did not change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requeue {
    At(Time),
    NotNeeded,
}

/// One sync's view of the controller (upstream's `dc`): the context plus the requeue
/// `requeueStuckDeployment` asked for.
pub struct Dc<'c, 'a> {
    pub ctx: &'c mut Context<'a>,
    pub requeue: Option<Requeue>,
}

pub type SyncResult = Result<(), String>;

impl Dc<'_, '_> {
    pub fn now(&self) -> Time {
        self.ctx.now()
    }

    /// `syncDeployment`.
    pub fn sync_deployment(&mut self, key: &ObjectKey) -> SyncResult {
        let Some(mut d) = self.ctx.api.deployments().get(key).cloned() else {
            return Ok(()); // Deleted.
        };
        if d.spec.selector.is_empty() {
            let msg = "This deployment is selecting all pods. A non-empty selector is required.";
            self.event(&d, EventType::Warning, "SelectingAll", msg);
            if d.status.observed_generation < d.metadata.generation {
                d.status.observed_generation = d.metadata.generation;
                self.update_deployment_status(&d)?;
            }
            return Ok(());
        }
        // Shared with the store: a sync copies only the ReplicaSets it writes.
        let listed = self.get_replica_sets_for_deployment(&d)?;
        let rs_list: Vec<&ReplicaSet> = listed.iter().map(|rs| &**rs).collect();
        if d.metadata.deletion_timestamp.is_some() {
            return self.sync_status_only(&mut d, &rs_list);
        }
        self.check_paused_conditions(&mut d)?;
        if d.spec.paused {
            return self.sync(&mut d, &rs_list);
        }
        if rollback::rollback_to(&d).is_some() {
            return self.rollback(&mut d, &rs_list);
        }
        if self.is_scaling_event(&mut d, &rs_list)? {
            return self.sync(&mut d, &rs_list);
        }
        if d.is_recreate() {
            let pod_map = pod_map_for_deployment(self.ctx.api, &d, &rs_list);
            return self.rollout_recreate(&mut d, &rs_list, &pod_map);
        }
        self.rollout_rolling(&mut d, &rs_list)
    }

    /// `getReplicaSetsForDeployment`: the ReplicaSets this Deployment controls after
    /// adopting matching orphans and releasing those that stopped matching, sorted by
    /// creation (as `FindNewReplicaSet` leaves the list).
    fn get_replica_sets_for_deployment(
        &mut self,
        d: &Deployment,
    ) -> Result<Vec<Rc<ReplicaSet>>, String> {
        let api = &self.ctx.api;
        let mut keys = api.owned_by(Kind::ReplicaSet, &d.metadata.uid);
        keys.extend(api.uncontrolled(Kind::ReplicaSet, &d.metadata.namespace));
        crate::sort::stable(&mut keys);
        keys.dedup();
        let mut out = Vec::new();
        for key in keys {
            let Some(rs) = self.ctx.api.replicasets().shared(&key) else {
                continue;
            };
            let matches = d.spec.selector.matches(&rs.metadata.labels);
            match claim_decision(&d.metadata, &rs.metadata, matches) {
                Claim::Keep => out.push(rs),
                Claim::Adopt => {
                    let owner = controller_ref(d);
                    let adopted = self
                        .ctx
                        .api
                        .modify::<ReplicaSet>(&key, |r| r.metadata.owner_references.push(owner));
                    if let Ok(rs) = adopted {
                        out.push(rs);
                    }
                }
                Claim::Release => {
                    let uid = d.metadata.uid.clone();
                    let _ = self.ctx.api.modify::<ReplicaSet>(&key, |r| {
                        r.metadata.owner_references.retain(|o| o.uid != uid)
                    });
                }
                Claim::Ignore => {}
            }
        }
        crate::sort::stable_by(&mut out, |a, b| util::by_creation_timestamp(a, b));
        Ok(out)
    }

    /// `isScalingEvent`: an active RS whose desired-replicas annotation differs from
    /// `spec.replicas` means the user scaled.
    fn is_scaling_event(
        &mut self,
        d: &mut Deployment,
        rs_list: &[&ReplicaSet],
    ) -> Result<bool, String> {
        let (new_rs, old_rss) = self.get_all_replica_sets_and_sync_revision(d, rs_list, false)?;
        let scaled = util::filter_active(old_rss.iter().copied().chain(new_rs.as_deref()))
            .into_iter()
            .filter_map(util::desired_replicas_annotation)
            .any(|desired| desired != d.replicas());
        Ok(scaled)
    }

    // -- writes -------------------------------------------------------------------------

    pub fn event(&mut self, d: &Deployment, type_: EventType, reason: &'static str, message: &str) {
        self.ctx.event(&source(), d, None, type_, reason, message);
    }

    /// `Update` of a ReplicaSet (the simulator's writes do not conflict).
    pub fn update_rs(&mut self, mut rs: ReplicaSet) -> Result<ReplicaSet, String> {
        rs.metadata.resource_version.clear();
        self.ctx
            .api
            .update(rs)
            .map(std::rc::Rc::unwrap_or_clone)
            .map_err(|e| e.message)
    }

    /// `UpdateStatus` of the Deployment. The status strategy keeps metadata other than
    /// labels, so revision annotations set during the sync go in the same write (one
    /// MODIFIED event, as upstream).
    pub fn update_deployment_status(&mut self, d: &Deployment) -> SyncResult {
        let mut d = d.clone();
        d.metadata.resource_version.clear();
        self.ctx
            .api
            .update_status_and_annotations(d)
            .map(|_| ())
            .map_err(|e| e.message)
    }
}

/// `getPodMapForDeployment`: the pods matching the selector, by the uid of the listed RS
/// that controls them (terminating ones included: Recreate waits for them). Only the
/// phase is kept, which is all `oldPodsRunning` looks at.
pub fn pod_map_for_deployment(
    api: &ApiServer,
    d: &Deployment,
    rs_list: &[&ReplicaSet],
) -> BTreeMap<String, Vec<String>> {
    let mut map = BTreeMap::new();
    for rs in rs_list {
        let phases: Vec<String> = api
            .owned_by(Kind::Pod, &rs.metadata.uid)
            .iter()
            .filter_map(|k| api.pods().get(k))
            .filter(|p| {
                p.metadata
                    .controller_ref()
                    .is_some_and(|r| r.uid == rs.metadata.uid)
                    && d.spec.selector.matches(&p.metadata.labels)
            })
            .map(|p| p.status.phase.clone())
            .collect();
        map.insert(rs.metadata.uid.clone(), phases);
    }
    map
}

/// The Deployment controlling `pod` through its ReplicaSet (`getDeploymentForPod`).
pub fn deployment_for_pod<'a>(api: &'a ApiServer, pod: &Pod) -> Option<&'a Deployment> {
    let rs_ref = pod
        .metadata
        .controller_ref()
        .filter(|r| r.kind == "ReplicaSet")?;
    let rs = api
        .replicasets()
        .get(&ObjectKey::new(&pod.metadata.namespace, &rs_ref.name))
        .filter(|rs| rs.metadata.uid == rs_ref.uid)?;
    let d_ref = rs
        .metadata
        .controller_ref()
        .filter(|r| r.kind == "Deployment")?;
    api.deployments()
        .get(&ObjectKey::new(&pod.metadata.namespace, &d_ref.name))
        .filter(|d| d.metadata.uid == d_ref.uid)
}

/// The `deletePod` handler: a Recreate Deployment is synced once its last pod is gone.
pub fn deployment_to_sync_on_pod_delete(api: &ApiServer, pod: &Pod) -> Option<ObjectKey> {
    let d = deployment_for_pod(api, pod)?;
    if !d.is_recreate() {
        return None;
    }
    let rs_list: Vec<&ReplicaSet> = api
        .owned_by(Kind::ReplicaSet, &d.metadata.uid)
        .iter()
        .filter_map(|k| api.replicasets().get(k))
        .collect();
    let remaining: usize = pod_map_for_deployment(api, d, &rs_list)
        .values()
        .map(Vec::len)
        .sum();
    (remaining == 0).then(|| ObjectKey::of(d))
}

#[cfg(test)]
mod tests;
