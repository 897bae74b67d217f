//! The ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`): keeps
//! `spec.replicas` active pods matching the selector, adopting orphans and releasing pods
//! that stopped matching, creating the difference in slow-start batches or deleting the
//! pods ranked first by `ActivePodsWithRanks`, then reporting status.
//!
//! Expectations are not kept: the simulator's informer cache *is* the store, so every
//! create and delete is observed before the next sync (docs/controllers.md).

use super::{Context, WorkQueue};
use crate::api::apps::{ReplicaSetCondition, ReplicaSetStatus};
use crate::api::meta::{OwnerReference, OwnerReferences};
use crate::api::pod::Pod;
use crate::api::{Kind, ObjectMeta, ReplicaSet, Resource};
use crate::apiserver::{
    defaults, validation, ApiError, ApiServer, DeleteOptions, ObjectKey, Reason,
};
use crate::clock::Wake;
use crate::record::Fx;
use crate::record::{EventType, Source};
use crate::time::{Duration, Time};
use rank::{PodFacts, Ranked};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use tally::Tally;

pub use rank::{
    active_pods_less, active_pods_with_ranks_less, deletion_cost, get_pods_to_delete, sort_by_less,
    RankGates,
};

mod rank;
mod tally;

/// `BurstReplicas`: at most this many creates or deletes per sync.
pub const BURST_REPLICAS: usize = 500;
/// `controller.SlowStartInitialBatchSize`.
pub const SLOW_START_INITIAL_BATCH_SIZE: usize = 1;
/// `core.PodDeletionCost`.
pub const POD_DELETION_COST: &str = "controller.kubernetes.io/pod-deletion-cost";
/// `apps.ReplicaSetReplicaFailure`.
pub const REPLICA_FAILURE: &str = "ReplicaFailure";

#[derive(Debug, Default)]
pub struct ReplicaSetController {
    pub queue: WorkQueue,
    /// Wake-ups already on the timer queue, so a resync does not stack duplicates.
    scheduled: HashSet<(ObjectKey, Time), Fx>,
    /// Pod counts kept incrementally, per ReplicaSet without `minReadySeconds`.
    tallies: HashMap<ObjectKey, Tally, Fx>,
    /// The work queue's rate limiter: failed syncs per ReplicaSet since its last success.
    failures: HashMap<ObjectKey, u32>,
}

/// `DefaultTypedControllerRateLimiter`'s per-item exponential back-off: 5 ms doubling per
/// failure, at most 1000 s. (Its overall 10 qps bucket is not modelled: one ReplicaSet's
/// back-off outgrows it after a few failures.)
const RETRY_BASE: Duration = Duration(5);
const RETRY_MAX: Duration = Duration(1_000_000);

fn source() -> Source {
    Source::controller("replicaset-controller")
}

impl ReplicaSetController {
    /// `syncReplicaSet`.
    pub fn sync(&mut self, ctx: &mut Context, key: &ObjectKey) {
        let now = ctx.now();
        self.scheduled.retain(|(_, due)| *due > now);
        let Some(rs) = ctx.api.replicasets().shared(key) else {
            if let Some(t) = self.tallies.remove(key) {
                ctx.api.forget_pod_changes(t.uid());
            }
            self.failures.remove(key);
            return;
        };
        // Status is computed from the pods as listed before manageReplicas, as upstream.
        let (claimed, counts, next_available) = if rs.spec.min_ready_seconds.unwrap_or(0) == 0 {
            let counts = self.claim_and_count(ctx, &rs, key);
            (counts.replicas.max(0) as usize, counts, None)
        } else {
            // Availability depends on the clock: count from scratch.
            if let Some(t) = self.tallies.remove(key) {
                ctx.api.forget_pod_changes(t.uid());
            }
            let claimed = claim_pods(ctx, &rs);
            let pods = claimed_pods(ctx.api, &rs);
            (
                claimed,
                count_pods(&rs, &pods, now),
                next_available_at(&rs, &pods, now),
            )
        };
        let manage = if rs.metadata.deletion_timestamp.is_none() {
            self.manage_replicas(ctx, &rs, claimed)
        } else {
            Ok(())
        };
        self.rate_limit(ctx, key, manage.is_err());
        let status = calculate_status(&rs, counts, manage.as_ref().err(), now);
        let updated = update_status(ctx, &rs, status);
        if let Some(due) = next_available {
            // `updatePod`: a pod that turned ready is looked at again after
            // minReadySeconds + 1 s (here counted from its Ready transition).
            self.wake(ctx, key, due);
        }
        let min_ready = updated.spec.min_ready_seconds.unwrap_or(0);
        let s = &updated.status;
        if manage.is_ok()
            && min_ready > 0
            && s.ready_replicas == updated.replicas()
            && s.available_replicas != updated.replicas()
        {
            // Resync after minReadySeconds "as a last line of defense against clock skew".
            self.wake(ctx, key, now + Duration::from_secs(i64::from(min_ready)));
        }
    }

    /// `ClaimPods` and the status counts from the kept tally: adopt matching orphans,
    /// release controlled pods that stopped matching, then count.
    fn claim_and_count(
        &mut self,
        ctx: &mut Context,
        rs: &ReplicaSet,
        key: &ObjectKey,
    ) -> PodCounts {
        let tally = match self.tallies.entry(key.clone()) {
            Entry::Occupied(e) if e.get().fits(rs) => e.into_mut(),
            Entry::Occupied(mut e) => {
                e.insert(Tally::new(ctx.api, rs));
                e.into_mut()
            }
            Entry::Vacant(e) => e.insert(Tally::new(ctx.api, rs)),
        };
        tally.update(ctx.api, rs);
        let (_, adopt, mut release) = {
            let orphans = ctx.api.uncontrolled(Kind::Pod, &rs.metadata.namespace);
            claim_decisions(ctx.api, rs, orphans.iter())
        };
        if rs.metadata.deletion_timestamp.is_none() {
            release.extend(tally.mismatched().cloned());
        }
        apply_claims(ctx, rs, adopt, release);
        tally.update(ctx.api, rs);
        tally.counts()
    }

    /// `manageReplicas`: create or delete the difference; the first error is returned.
    fn manage_replicas(
        &mut self,
        ctx: &mut Context,
        rs: &ReplicaSet,
        claimed: usize,
    ) -> Result<(), String> {
        let diff = claimed as i64 - i64::from(rs.replicas());
        if diff < 0 {
            let n = (diff.unsigned_abs() as usize).min(BURST_REPLICAS);
            // One controller reference shared by the pods of this sync.
            let owners = OwnerReferences::from(vec![controller_ref(rs)]);
            let (_, result) = slow_start_batch(n, SLOW_START_INITIAL_BATCH_SIZE, || {
                create_pod(ctx, rs, owners.clone())
            });
            return result;
        }
        if diff == 0 {
            return Ok(());
        }
        let n = (diff as usize).min(BURST_REPLICAS);
        let victims = match self.pods_to_delete_kept(ctx.api, rs, n) {
            Some(victims) => victims,
            None => pods_to_delete_listed(ctx.api, rs, n),
        };
        debug_assert_eq!(victims, pods_to_delete_listed(ctx.api, rs, n));
        let mut first_err = None;
        for key in victims {
            if let Err(e) = delete_pod(ctx, rs, &key) {
                first_err.get_or_insert(e);
            }
        }
        first_err.map_or(Ok(()), Err)
    }

    /// `getPodsToDelete` from the kept tallies: the claimed pods with their read facts,
    /// ranked by the related pods the siblings' tallies count per node. `None` when `rs`
    /// keeps no tally (minReadySeconds) or a sibling lives in another namespace.
    fn pods_to_delete_kept(
        &mut self,
        api: &mut ApiServer,
        rs: &ReplicaSet,
        diff: usize,
    ) -> Option<Vec<ObjectKey>> {
        let key = ObjectKey::of(rs);
        let claimed = self
            .tallies
            .get(&key)
            .filter(|t| t.fits(rs))?
            .counts()
            .replicas;
        let on_node = if diff < claimed.max(0) as usize {
            self.related_on_node(api, rs)?
        } else {
            HashMap::default()
        };
        let now = api.now;
        let tally = self.tallies.get_mut(&key)?;
        let pods: Vec<(&ObjectKey, &PodFacts)> = tally.claimed(api).collect();
        if diff >= pods.len() {
            return Some(pods.into_iter().map(|(k, _)| k.clone()).collect());
        }
        let ranked: Vec<Ranked> = pods
            .iter()
            .map(|(_, f)| {
                let rank = on_node.get(f.node.as_str()).copied().unwrap_or(0);
                Ranked::new(f, rank, Some(now))
            })
            .collect();
        let first = rank::first_to_delete(&ranked, diff);
        Some(first.into_iter().map(|i| pods[i].0.clone()).collect())
    }

    /// `getIndirectlyRelatedPods` counted by node, active pods only (as `getPodsToDelete`
    /// counts them): the siblings' tallies count the pods they claim; what they do not
    /// (pods no longer selected by their controller, orphans, pods of other controllers)
    /// is looked at one by one. `None` when a sibling lives in another namespace.
    fn related_on_node(
        &mut self,
        api: &mut ApiServer,
        rs: &ReplicaSet,
    ) -> Option<HashMap<String, usize, Fx>> {
        let Some(owner) = rs.metadata.controller_ref() else {
            return Some(HashMap::default());
        };
        let ns = rs.metadata.namespace.as_str();
        let siblings: Vec<ObjectKey> = api
            .owned::<ReplicaSet>(&owner.uid)
            .filter(|r| {
                r.metadata
                    .controller_ref()
                    .is_some_and(|c| c.uid == owner.uid)
            })
            .map(ObjectKey::of)
            .collect();
        if siblings.iter().any(|k| k.namespace() != ns) {
            return None;
        }
        for key in &siblings {
            self.update_tally(api, key);
        }
        let api = &*api;
        let sibling_rss: Vec<&ReplicaSet> = siblings
            .iter()
            .filter_map(|k| api.replicasets().get(k))
            .collect();
        let related = |p: &Pod| {
            p.is_active()
                && sibling_rss
                    .iter()
                    .any(|s| s.spec.selector.matches(&p.metadata.labels))
        };
        let mut on_node: HashMap<String, usize, Fx> = HashMap::default();
        let mut others: Vec<ObjectKey> = api.uncontrolled(Kind::Pod, ns);
        for key in &siblings {
            let tally = self.tallies.get(key)?;
            for (node, n) in tally.on_node() {
                *on_node.entry(node.to_string()).or_default() += n;
            }
            others.extend(tally.mismatched().cloned());
        }
        let uids: Vec<&str> = sibling_rss
            .iter()
            .map(|s| s.metadata.uid.as_str())
            .collect();
        let foreign = api.pods_controlled_by_others(ns, &uids);
        let others = others
            .iter()
            .filter(|k| k.namespace() == ns)
            .filter_map(|k| api.pods().get(k))
            .chain(foreign);
        for p in others.filter(|p| related(p)) {
            *on_node.entry(p.spec.node_name.clone()).or_default() += 1;
        }
        Some(on_node)
    }

    /// Brings the tally of the ReplicaSet `key` up to date (starting one if needed).
    fn update_tally(&mut self, api: &mut ApiServer, key: &ObjectKey) {
        let Some(rs) = api.replicasets().get(key) else {
            return;
        };
        match self.tallies.get_mut(key) {
            Some(tally) if tally.fits(rs) => {
                let uid = rs.metadata.uid.clone();
                let changed = api.take_pod_changes(&uid);
                if let Some(rs) = api.replicasets().get(key) {
                    tally.apply(api, rs, &changed);
                }
                api.recycle_pod_changes(changed);
            }
            _ => {
                let rs = rs.clone();
                let tally = Tally::new(api, &rs);
                self.tallies.insert(key.clone(), tally);
            }
        }
    }

    /// `processNextWorkItem`: a failed sync is retried after the rate limiter's back-off
    /// (`AddRateLimited`), a successful one resets it (`Forget`).
    fn rate_limit(&mut self, ctx: &mut Context, key: &ObjectKey, failed: bool) {
        if !failed {
            self.failures.remove(key);
            return;
        }
        let n = self.failures.entry(key.clone()).or_default();
        let delay = Duration(RETRY_BASE.0 << (*n).min(20)).min(RETRY_MAX);
        *n = n.saturating_add(1);
        // The delaying queue keeps one wait per item, the earliest.
        let due = ctx.now() + delay;
        if !self.scheduled.iter().any(|(k, t)| k == key && *t <= due)
            && self.scheduled.insert((key.clone(), due))
        {
            ctx.wake_at(due, Wake::ReplicaSetRetry(key.clone()));
        }
    }

    fn wake(&mut self, ctx: &mut Context, key: &ObjectKey, due: Time) {
        if self.scheduled.insert((key.clone(), due)) {
            ctx.wake_at(due, Wake::ReplicaSet(key.clone()));
        }
    }
}

/// A controller owner reference to `owner` (`metav1.NewControllerRef`).
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

// ---------------------------------------------------------------------------------------
// Adoption and release (`controller_ref_manager.go` `ClaimPods`)
// ---------------------------------------------------------------------------------------

/// What `ClaimObject` decides for one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    Keep,
    Adopt,
    Release,
    Ignore,
}

/// `BaseControllerRefManager.ClaimObject`, as a decision.
pub fn claim_decision(owner: &ObjectMeta, obj: &ObjectMeta, matches: bool) -> Claim {
    match obj.controller_ref() {
        Some(r) if r.uid != owner.uid => Claim::Ignore,
        Some(_) if matches => Claim::Keep,
        Some(_) if owner.deletion_timestamp.is_some() => Claim::Ignore,
        Some(_) => Claim::Release,
        None if owner.deletion_timestamp.is_some() || !matches => Claim::Ignore,
        None if obj.deletion_timestamp.is_some() => Claim::Ignore,
        None if obj.namespace != owner.namespace => Claim::Ignore,
        None => Claim::Adopt,
    }
}

/// Whether `pod` counts for `rs` once claimed: active, controlled by it, selected by it.
fn is_claimed(rs: &ReplicaSet, pod: &Pod) -> bool {
    pod.is_active()
        && pod
            .metadata
            .controller_ref()
            .is_some_and(|r| r.uid == rs.metadata.uid)
        && rs.spec.selector.matches(&pod.metadata.labels)
}

/// The claimed pods, in name order (after [`claim_pods`] ran).
fn claimed_pods<'a>(api: &'a ApiServer, rs: &ReplicaSet) -> Vec<&'a Pod> {
    api.owned_keys(Kind::Pod, &rs.metadata.uid)
        .filter_map(|k| api.pods().get(k))
        .filter(|p| is_claimed(rs, p))
        .collect()
}

/// `getPodsToDelete` over the claimed pods and the related pods as listed from the store.
fn pods_to_delete_listed(api: &ApiServer, rs: &ReplicaSet, diff: usize) -> Vec<ObjectKey> {
    let owned = claimed_pods(api, rs);
    let related = indirectly_related_pods(api, rs);
    get_pods_to_delete(&owned, &related, diff, api.now)
        .into_iter()
        .map(ObjectKey::of)
        .collect()
}

/// Adopts matching orphans and releases pods whose labels stopped matching; returns how
/// many active pods the RS then controls.
fn claim_pods(ctx: &mut Context, rs: &ReplicaSet) -> usize {
    let (kept, adopt, release) = {
        let api = &*ctx.api;
        let owned = api.owned_keys(Kind::Pod, &rs.metadata.uid);
        let orphans = api.uncontrolled(Kind::Pod, &rs.metadata.namespace);
        claim_decisions(api, rs, owned.chain(orphans.iter()))
    };
    kept + apply_claims(ctx, rs, adopt, release)
}

/// `ClaimObject` over the active pods of `keys`: how many are kept, which to adopt and
/// which to release.
fn claim_decisions<'a>(
    api: &crate::apiserver::ApiServer,
    rs: &ReplicaSet,
    keys: impl Iterator<Item = &'a ObjectKey>,
) -> (usize, Vec<ObjectKey>, Vec<ObjectKey>) {
    let (mut kept, mut adopt, mut release) = (0, Vec::new(), Vec::new());
    for key in keys {
        let Some(pod) = api.pods().get(key) else {
            continue;
        };
        if !pod.is_active() {
            continue; // `FilterActivePods` runs before the claim.
        }
        let matches = rs.spec.selector.matches(&pod.metadata.labels);
        match claim_decision(&rs.metadata, &pod.metadata, matches) {
            Claim::Keep => kept += 1,
            Claim::Adopt => adopt.push(key.clone()),
            Claim::Release => release.push(key.clone()),
            Claim::Ignore => {}
        }
    }
    (kept, adopt, release)
}

/// Writes the adoptions and releases; returns how many adoptions succeeded.
fn apply_claims(
    ctx: &mut Context,
    rs: &ReplicaSet,
    adopt: Vec<ObjectKey>,
    release: Vec<ObjectKey>,
) -> usize {
    let mut adopted_ok = 0;
    for key in adopt {
        let owner = controller_ref(rs);
        let adopted = ctx
            .api
            .modify::<Pod>(&key, |p| p.metadata.owner_references.push(owner));
        if adopted.is_ok() {
            adopted_ok += 1;
        }
    }
    for key in release {
        let uid = rs.metadata.uid.clone();
        let _ = ctx.api.modify::<Pod>(&key, |p| {
            p.metadata.owner_references.retain(|r| r.uid != uid)
        });
    }
    adopted_ok
}

// ---------------------------------------------------------------------------------------
// manageReplicas
// ---------------------------------------------------------------------------------------

/// `slowStartBatch`: calls `f` in batches of 1, 2, 4 … (capped by what remains); a batch
/// with a failure ends the run. Returns the successes and the first error.
pub fn slow_start_batch(
    count: usize,
    initial_batch_size: usize,
    mut f: impl FnMut() -> Result<(), String>,
) -> (usize, Result<(), String>) {
    let mut remaining = count;
    let mut successes = 0;
    let mut batch = remaining.min(initial_batch_size);
    while batch > 0 {
        // The calls of a batch run in parallel upstream: all are made.
        let mut first_err = None;
        for _ in 0..batch {
            match f() {
                Ok(()) => successes += 1,
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_err {
            return (successes, Err(e));
        }
        remaining -= batch;
        batch = (2 * batch).min(remaining);
    }
    (successes, Ok(()))
}

/// `RealPodControl.CreatePods` with `GetPodFromTemplate`; the API server names the pod
/// from `generateName` and applies defaults and validation.
fn create_pod(ctx: &mut Context, rs: &ReplicaSet, owners: OwnerReferences) -> Result<(), String> {
    let pod = pod_from_template(rs, owners);
    let created = if pod.metadata.labels.is_empty() {
        Err("unable to create pods, no labels".to_string())
    } else {
        let errs = validation::pod(&pod);
        if errs.is_empty() {
            ctx.api.create(pod).map_err(|e| e.message)
        } else {
            Err(ApiError::invalid(Kind::Pod, "", &errs).message)
        }
    };
    let (type_, reason, msg) = match &created {
        Ok(p) => (
            EventType::Normal,
            "SuccessfulCreate",
            ["Created pod: ", &p.metadata.name].concat(),
        ),
        Err(e) => (
            EventType::Warning,
            "FailedCreate",
            format!("Error creating: {e}"),
        ),
    };
    ctx.event(&source(), rs, None, type_, reason, &msg);
    created.map(|_| ())
}

/// `GetPodFromTemplate`: template labels, annotations and finalizers, `owners` (a
/// controller reference to the RS) and `generateName: <rs>-`.
pub fn pod_from_template(rs: &ReplicaSet, owners: OwnerReferences) -> Pod {
    let t = &rs.spec.template;
    let mut pod = Pod {
        metadata: ObjectMeta {
            generate_name: [&rs.metadata.name, "-"].concat(),
            namespace: rs.metadata.namespace.clone(),
            labels: t.metadata.labels.clone(),
            annotations: t.metadata.annotations.clone(),
            finalizers: t.metadata.finalizers.clone(),
            owner_references: owners,
            ..Default::default()
        },
        spec: Rc::new(t.spec.clone()),
        ..Default::default()
    };
    defaults::pod(&mut pod);
    pod
}

/// `RealPodControl.DeletePod`: NotFound is not an error and records nothing.
fn delete_pod(ctx: &mut Context, rs: &ReplicaSet, key: &ObjectKey) -> Result<(), String> {
    match ctx.api.delete::<Pod>(key, DeleteOptions::default()) {
        Ok(_) => {
            let msg = ["Deleted pod: ", key.name()].concat();
            ctx.event(
                &source(),
                rs,
                None,
                EventType::Normal,
                "SuccessfulDelete",
                &msg,
            );
            Ok(())
        }
        Err(e) if e.reason == Reason::NotFound => Ok(()),
        Err(e) => {
            let msg = format!("Error deleting: {}", e.message);
            ctx.event(
                &source(),
                rs,
                None,
                EventType::Warning,
                "FailedDelete",
                &msg,
            );
            Err(format!("unable to delete pods: {}", e.message))
        }
    }
}

/// `getIndirectlyRelatedPods`: the pods selected by every RS with the same controller
/// (for a Deployment: all of its ReplicaSets), each pod once.
fn indirectly_related_pods<'a>(
    api: &'a crate::apiserver::ApiServer,
    rs: &'a ReplicaSet,
) -> Vec<&'a Pod> {
    let Some(owner) = rs.metadata.controller_ref() else {
        return Vec::new();
    };
    let siblings: Vec<&ReplicaSet> = api
        .owned_keys(Kind::ReplicaSet, &owner.uid)
        .filter_map(|k| api.replicasets().get(k))
        .filter(|r| {
            r.metadata
                .controller_ref()
                .is_some_and(|c| c.uid == owner.uid)
        })
        .collect();
    api.pods()
        .in_namespace(&rs.metadata.namespace)
        .filter(|pod| {
            siblings
                .iter()
                .any(|s| s.spec.selector.matches(&pod.metadata.labels))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Status (`replica_set_utils.go`)
// ---------------------------------------------------------------------------------------

/// `podutil.IsPodAvailable`: ready, and ready for longer than minReadySeconds.
pub fn is_pod_available(p: &Pod, min_ready_seconds: i32, now: Time) -> bool {
    if !p.is_ready() {
        return false;
    }
    if min_ready_seconds == 0 {
        return true;
    }
    let since = p.condition("Ready").and_then(|c| c.last_transition_time);
    since.is_some_and(|t| t + Duration::from_secs(i64::from(min_ready_seconds)) < now)
}

/// Counts over the claimed pods: (replicas, fullyLabeled, ready, available).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PodCounts {
    pub replicas: i32,
    pub fully_labeled: i32,
    pub ready: i32,
    pub available: i32,
}

/// Whether the pod carries every label of the ReplicaSet's template.
fn fully_labeled(rs: &ReplicaSet, p: &Pod) -> bool {
    rs.spec
        .template
        .metadata
        .labels
        .iter()
        .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
}

pub fn count_pods(rs: &ReplicaSet, pods: &[&Pod], now: Time) -> PodCounts {
    let min_ready = rs.spec.min_ready_seconds.unwrap_or(0);
    let mut c = PodCounts {
        replicas: pods.len() as i32,
        ..Default::default()
    };
    for p in pods {
        if fully_labeled(rs, p) {
            c.fully_labeled += 1;
        }
        if p.is_ready() {
            c.ready += 1;
            if is_pod_available(p, min_ready, now) {
                c.available += 1;
            }
        }
    }
    c
}

/// When the next ready-but-not-yet-available pod should be looked at again.
fn next_available_at(rs: &ReplicaSet, pods: &[&Pod], now: Time) -> Option<Time> {
    let min_ready = rs.spec.min_ready_seconds.unwrap_or(0);
    if min_ready <= 0 {
        return None;
    }
    let wait = Duration::from_secs(i64::from(min_ready) + 1);
    pods.iter()
        .filter(|p| p.is_ready() && !is_pod_available(p, min_ready, now))
        .filter_map(|p| p.condition("Ready").and_then(|c| c.last_transition_time))
        .map(|t| (t + wait).max(now))
        .min()
}

/// `calculateStatus`: counts, plus the ReplicaFailure condition when manageReplicas failed.
pub fn calculate_status(
    rs: &ReplicaSet,
    c: PodCounts,
    manage_err: Option<&String>,
    now: Time,
) -> ReplicaSetStatus {
    let mut status = rs.status.clone();
    let failure = status.conditions.iter().any(|c| c.type_ == REPLICA_FAILURE);
    match manage_err {
        Some(e) if !failure => {
            let diff = i64::from(c.replicas) - i64::from(rs.replicas());
            let reason = match diff {
                d if d < 0 => "FailedCreate",
                d if d > 0 => "FailedDelete",
                _ => "",
            };
            status.conditions.push(ReplicaSetCondition {
                type_: REPLICA_FAILURE.into(),
                status: "True".into(),
                last_transition_time: Some(now.truncate_to_seconds()),
                reason: reason.into(),
                message: e.clone(),
            });
        }
        None if failure => status.conditions.retain(|c| c.type_ != REPLICA_FAILURE),
        _ => {}
    }
    status.replicas = c.replicas;
    status.fully_labeled_replicas = c.fully_labeled;
    status.ready_replicas = c.ready;
    status.available_replicas = c.available;
    status
}

/// `updateReplicaSetStatus`: writes only when something changed (or the generation was
/// not observed yet), stamping `observedGeneration`. Returns the ReplicaSet as stored after.
fn update_status(
    ctx: &mut Context,
    rs: &Rc<ReplicaSet>,
    mut status: ReplicaSetStatus,
) -> Rc<ReplicaSet> {
    let s = &rs.status;
    let steady = s.replicas == status.replicas
        && s.fully_labeled_replicas == status.fully_labeled_replicas
        && s.ready_replicas == status.ready_replicas
        && s.available_replicas == status.available_replicas
        && rs.metadata.generation == s.observed_generation
        && s.conditions == status.conditions;
    if steady {
        return Rc::clone(rs);
    }
    status.observed_generation = rs.metadata.generation;
    ctx.api
        .modify_status::<ReplicaSet>(&ObjectKey::of(&**rs), |r| r.status = status)
        .unwrap_or_else(|_| Rc::clone(rs))
}

#[cfg(test)]
mod tests;
