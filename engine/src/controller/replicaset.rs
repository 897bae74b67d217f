//! The ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`): keeps
//! `spec.replicas` active pods matching the selector, adopting orphans and releasing pods
//! that stopped matching, creating the difference in slow-start batches or deleting the
//! pods ranked first by `ActivePodsWithRanks`, then reporting status.
//!
//! Expectations are not kept: the simulator's informer cache *is* the store, so every
//! create and delete is observed before the next sync (docs/controllers.md).

use super::{Context, WorkQueue};
use crate::api::apps::{ReplicaSetCondition, ReplicaSetStatus};
use crate::api::meta::OwnerReference;
use crate::api::pod::Pod;
use crate::api::{Kind, ObjectMeta, ReplicaSet, Resource};
use crate::apiserver::{defaults, validation, ApiError, DeleteOptions, ObjectKey, Reason};
use crate::clock::Wake;
use crate::record::{EventType, Source};
use crate::time::{Duration, Time};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use tally::Tally;

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
    scheduled: HashSet<(ObjectKey, Time)>,
    /// Pod counts kept incrementally, per ReplicaSet without `minReadySeconds`.
    tallies: HashMap<ObjectKey, Tally>,
}

fn source() -> Source {
    Source::controller("replicaset-controller")
}

impl ReplicaSetController {
    /// `syncReplicaSet`.
    pub fn sync(&mut self, ctx: &mut Context, key: &ObjectKey) {
        let now = ctx.now();
        self.scheduled.retain(|(_, due)| *due > now);
        let Some(rs) = ctx.api.replicasets().get(key).cloned() else {
            if let Some(t) = self.tallies.remove(key) {
                ctx.api.forget_pod_changes(t.uid());
            }
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
            manage_replicas(ctx, &rs, claimed)
        } else {
            Ok(())
        };
        let status = calculate_status(&rs, counts, manage.as_ref().err(), now);
        let updated = update_status(ctx, &rs, status).unwrap_or(rs);
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
fn claimed_pods<'a>(api: &'a crate::apiserver::ApiServer, rs: &ReplicaSet) -> Vec<&'a Pod> {
    api.owned_keys(Kind::Pod, &rs.metadata.uid)
        .filter_map(|k| api.pods().get(k))
        .filter(|p| is_claimed(rs, p))
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

/// `manageReplicas`: create or delete the difference; the first error is returned.
fn manage_replicas(ctx: &mut Context, rs: &ReplicaSet, claimed: usize) -> Result<(), String> {
    let diff = claimed as i64 - i64::from(rs.replicas());
    if diff < 0 {
        let n = (diff.unsigned_abs() as usize).min(BURST_REPLICAS);
        let (_, result) =
            slow_start_batch(n, SLOW_START_INITIAL_BATCH_SIZE, || create_pod(ctx, rs));
        return result;
    }
    if diff == 0 {
        return Ok(());
    }
    let n = (diff as usize).min(BURST_REPLICAS);
    let victims: Vec<ObjectKey> = {
        let api = &*ctx.api;
        let owned = claimed_pods(api, rs);
        let related = indirectly_related_pods(api, rs);
        get_pods_to_delete(&owned, &related, n, api.now)
            .into_iter()
            .map(ObjectKey::of)
            .collect()
    };
    let mut first_err = None;
    for key in victims {
        if let Err(e) = delete_pod(ctx, rs, &key) {
            first_err.get_or_insert(e);
        }
    }
    first_err.map_or(Ok(()), Err)
}

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
fn create_pod(ctx: &mut Context, rs: &ReplicaSet) -> Result<(), String> {
    let pod = pod_from_template(rs);
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
            format!("Created pod: {}", p.metadata.name),
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

/// `GetPodFromTemplate`: template labels, annotations and finalizers, a controller
/// reference to the RS and `generateName: <rs>-`.
pub fn pod_from_template(rs: &ReplicaSet) -> Pod {
    let t = &rs.spec.template;
    let mut pod = Pod {
        metadata: ObjectMeta {
            generate_name: format!("{}-", rs.metadata.name),
            namespace: rs.metadata.namespace.clone(),
            labels: t.metadata.labels.clone(),
            annotations: t.metadata.annotations.clone(),
            finalizers: t.metadata.finalizers.clone(),
            owner_references: vec![controller_ref(rs)],
            ..Default::default()
        },
        spec: t.spec.clone(),
        ..Default::default()
    };
    defaults::pod(&mut pod);
    pod
}

/// `RealPodControl.DeletePod`: NotFound is not an error and records nothing.
fn delete_pod(ctx: &mut Context, rs: &ReplicaSet, key: &ObjectKey) -> Result<(), String> {
    match ctx.api.delete::<Pod>(key, DeleteOptions::default()) {
        Ok(_) => {
            let msg = format!("Deleted pod: {}", key.name);
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
// Which pods go first (`getPodsToDelete`, `controller.ActivePodsWithRanks`)
// ---------------------------------------------------------------------------------------

/// Feature gates that change the deletion order (both on by default since v1.22).
#[derive(Clone, Copy, Debug)]
pub struct RankGates {
    pub pod_deletion_cost: bool,
    pub logarithmic_scale_down: bool,
}

impl Default for RankGates {
    fn default() -> Self {
        RankGates {
            pod_deletion_cost: true,
            logarithmic_scale_down: true,
        }
    }
}

/// `getPodsToDelete`: all pods in input order when every pod goes, else the first `diff`
/// by `ActivePodsWithRanks`, ranked by related pods on the same node.
pub fn get_pods_to_delete<'a>(
    pods: &[&'a Pod],
    related: &[&Pod],
    diff: usize,
    now: Time,
) -> Vec<&'a Pod> {
    let mut pods = pods.to_vec();
    if diff < pods.len() {
        let mut on_node: HashMap<&str, usize> = HashMap::new();
        for p in related.iter().filter(|p| p.is_active()) {
            *on_node.entry(p.spec.node_name.as_str()).or_default() += 1;
        }
        let ranked: Vec<(&Pod, usize)> = pods
            .iter()
            .map(|p| {
                (
                    *p,
                    on_node.get(p.spec.node_name.as_str()).copied().unwrap_or(0),
                )
            })
            .collect();
        let order = sort_by_less(ranked.len(), |i, j| {
            active_pods_with_ranks_less(ranked[i], ranked[j], Some(now), RankGates::default())
        });
        pods = order.into_iter().map(|i| ranked[i].0).collect();
    }
    pods.truncate(diff);
    pods
}

/// A stable merge sort of `0..n` by a `less` that may not be a strict total order (Go's
/// `sort.Sort` tolerates that; Rust's `sort_by` may panic on it).
pub fn sort_by_less(n: usize, mut less: impl FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    let mut buf = v.clone();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                if less(v[j], v[i]) {
                    buf[k] = v[j];
                    j += 1;
                } else {
                    buf[k] = v[i];
                    i += 1;
                }
                k += 1;
            }
            buf[k..k + (mid - i)].copy_from_slice(&v[i..mid]);
            k += mid - i;
            buf[k..k + (end - j)].copy_from_slice(&v[j..end]);
            start = end;
        }
        std::mem::swap(&mut v, &mut buf);
        width *= 2;
    }
    v
}

fn phase_ordinal(p: &Pod) -> u8 {
    match p.status.phase.as_str() {
        "Unknown" => 1,
        "Running" => 2,
        _ => 0, // Pending, and a map miss for anything else.
    }
}

/// `GetDeletionCostFromPodAnnotations`: missing or invalid → 0.
pub fn deletion_cost(p: &Pod) -> i32 {
    p.metadata
        .annotations
        .get(POD_DELETION_COST)
        .and_then(|v| v.parse::<i32>().ok())
        .unwrap_or(0)
}

/// `podReadyTime`: the Ready condition's lastTransitionTime (zero when missing).
fn ready_time(p: &Pod) -> Option<Time> {
    p.status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready" && c.status == "True")
        .and_then(|c| c.last_transition_time)
}

/// `maxContainerRestarts`: (regular containers, restartable init containers).
fn max_restarts(p: &Pod) -> (i32, i32) {
    let regular = p
        .status
        .container_statuses
        .iter()
        .map(|c| c.restart_count)
        .max()
        .unwrap_or(0);
    let sidecar = p
        .status
        .init_container_statuses
        .iter()
        .filter(|s| {
            p.spec
                .init_containers
                .iter()
                .any(|c| c.name == s.name && c.is_sidecar())
        })
        .map(|c| c.restart_count)
        .max()
        .unwrap_or(0);
    (regular.max(0), sidecar.max(0))
}

/// `afterOrZero`: a zero time counts as the latest.
fn after_or_zero(a: Option<Time>, b: Option<Time>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a > b,
        (a, _) => a.is_none(),
    }
}

/// `logarithmicRankDiff`: compares floor(log2(now − t in ns)), −1 when not positive.
fn log_rank_diff(a: Time, b: Time, now: Time) -> i64 {
    let rank = |t: Time| {
        let ns = (now - t).as_millis().saturating_mul(1_000_000);
        if ns > 0 {
            (ns as f64).log2() as i64
        } else {
            -1
        }
    };
    rank(a) - rank(b)
}

/// Compares two times by "newer first": the log-bucket rule when enabled and all are set
/// (equal buckets → smaller UID first), else `afterOrZero`.
fn newer_first(
    a: (&Pod, Option<Time>),
    b: (&Pod, Option<Time>),
    now: Option<Time>,
    log: bool,
) -> bool {
    match (a.1, b.1, now) {
        (Some(ta), Some(tb), Some(now)) if log => {
            let d = log_rank_diff(ta, tb, now);
            if d == 0 {
                a.0.metadata.uid < b.0.metadata.uid
            } else {
                d < 0
            }
        }
        _ => after_or_zero(a.1, b.1),
    }
}

/// `ActivePodsWithRanks.Less(i, j)`: true when pod `i` should be deleted before pod `j`.
pub fn active_pods_with_ranks_less(
    (pi, ri): (&Pod, usize),
    (pj, rj): (&Pod, usize),
    now: Option<Time>,
    gates: RankGates,
) -> bool {
    let (ni, nj) = (&pi.spec.node_name, &pj.spec.node_name);
    // 1. Unassigned < assigned.
    if ni != nj && (ni.is_empty() || nj.is_empty()) {
        return ni.is_empty();
    }
    // 2. Pending < Unknown < Running.
    if phase_ordinal(pi) != phase_ordinal(pj) {
        return phase_ordinal(pi) < phase_ordinal(pj);
    }
    // 3. Not ready < ready.
    if pi.is_ready() != pj.is_ready() {
        return !pi.is_ready();
    }
    // 4. Lower pod-deletion-cost first.
    if gates.pod_deletion_cost && deletion_cost(pi) != deletion_cost(pj) {
        return deletion_cost(pi) < deletion_cost(pj);
    }
    // 5. Doubled up (more related pods on the node) first.
    if ri != rj {
        return ri > rj;
    }
    // 6. Ready for less time first.
    if pi.is_ready() && pj.is_ready() {
        let (ti, tj) = (ready_time(pi), ready_time(pj));
        if ti != tj {
            return newer_first((pi, ti), (pj, tj), now, gates.logarithmic_scale_down);
        }
    }
    // 7. More restarts first.
    if max_restarts(pi) != max_restarts(pj) {
        return max_restarts(pi) > max_restarts(pj);
    }
    // 8. Newer first (a missing creationTimestamp counts as newest).
    let (ci, cj) = (
        pi.metadata.creation_timestamp,
        pj.metadata.creation_timestamp,
    );
    if ci != cj {
        return newer_first((pi, ci), (pj, cj), now, gates.logarithmic_scale_down);
    }
    false
}

/// The older `controller.ActivePods` order: no ranks, no deletion cost, no log buckets.
pub fn active_pods_less(pi: &Pod, pj: &Pod) -> bool {
    let gates = RankGates {
        pod_deletion_cost: false,
        logarithmic_scale_down: false,
    };
    // Without ranks the restart rule compares regular containers only, as ActivePods does.
    active_pods_with_ranks_less((pi, 0), (pj, 0), None, gates)
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
/// not observed yet), stamping `observedGeneration`.
fn update_status(
    ctx: &mut Context,
    rs: &ReplicaSet,
    mut status: ReplicaSetStatus,
) -> Option<ReplicaSet> {
    let s = &rs.status;
    let steady = s.replicas == status.replicas
        && s.fully_labeled_replicas == status.fully_labeled_replicas
        && s.ready_replicas == status.ready_replicas
        && s.available_replicas == status.available_replicas
        && rs.metadata.generation == s.observed_generation
        && s.conditions == status.conditions;
    if steady {
        return Some(rs.clone());
    }
    status.observed_generation = rs.metadata.generation;
    ctx.api
        .modify_status::<ReplicaSet>(&ObjectKey::of(rs), |r| r.status = status)
        .ok()
        .map(std::rc::Rc::unwrap_or_clone)
}

#[cfg(test)]
mod tests;
