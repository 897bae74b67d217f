//! Deployment helpers, as in `pkg/controller/deployment/util/deployment_util.go` (plus
//! `ComputeHash` and the ReplicaSet sort orders of `pkg/controller/controller_utils.go`).
//! Everything here is a pure function of its arguments.

use crate::api::apps::{DeploymentCondition, DeploymentStatus, PodTemplateSpec};
use crate::api::intstr::IntOrString;
use crate::api::{Deployment, ObjectMeta, ReplicaSet};
use crate::time::{Duration, Time};
use std::cmp::Ordering;

/// `apps.DefaultDeploymentUniqueLabelKey`.
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";
pub const REVISION: &str = "deployment.kubernetes.io/revision";
pub const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
pub const DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
/// `apps.DeprecatedRollbackTo` (the legacy server-side rollback request).
pub const DEPRECATED_ROLLBACK_TO: &str = "deprecated.deployment.rollback.to";
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
/// `sync.go` `maxRevHistoryLengthInChars`.
pub const MAX_REV_HISTORY_LENGTH_IN_CHARS: usize = 2000;
/// `math.MaxInt32`: "never time out" / "keep every revision".
pub const MAX_INT32: i32 = i32::MAX;

// Condition types and reasons (`deployment_util.go`).
pub const AVAILABLE: &str = "Available";
pub const PROGRESSING: &str = "Progressing";
pub const REPLICA_FAILURE: &str = "ReplicaFailure";
pub const MINIMUM_REPLICAS_AVAILABLE: &str = "MinimumReplicasAvailable";
pub const MINIMUM_REPLICAS_UNAVAILABLE: &str = "MinimumReplicasUnavailable";
pub const NEW_RS_NEW_REPLICAS_REASON: &str = "NewReplicaSetCreated";
pub const FOUND_NEW_RS_REASON: &str = "FoundNewReplicaSet";
pub const REPLICA_SET_UPDATED_REASON: &str = "ReplicaSetUpdated";
pub const NEW_RS_AVAILABLE_REASON: &str = "NewReplicaSetAvailable";
pub const TIMED_OUT_REASON: &str = "ProgressDeadlineExceeded";
pub const PAUSED_DEPLOY_REASON: &str = "DeploymentPaused";
pub const RESUMED_DEPLOY_REASON: &str = "DeploymentResumed";
pub const FAILED_RS_CREATE_REASON: &str = "ReplicaSetCreateError";

// ---------------------------------------------------------------------------------------
// The pod-template hash
// ---------------------------------------------------------------------------------------

/// `controller.ComputeHash`: FNV-32a of the template, then of `collisionCount` (4 bytes
/// little-endian plus 4 zero bytes) when set, then `SafeEncodeString` of the decimal sum.
///
/// Go feeds the hasher a spew dump of the `PodTemplateSpec` struct; we feed it the
/// template's canonical JSON (struct field order, sorted maps), without the
/// `pod-template-hash` label. The names look like real ones (1–10 characters of
/// `456789bcdf`), identical templates hash alike, and a collision count changes the hash,
/// but the values differ from a real cluster's (docs/controllers.md).
pub fn pod_template_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut t = template.clone();
    t.metadata.labels.remove(POD_TEMPLATE_HASH);
    let text = serde_json::to_string(&t).unwrap_or_default();
    let mut h: u32 = 0x811c_9dc5;
    let mut feed = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    text.bytes().for_each(&mut feed);
    if let Some(c) = collision_count {
        (c as u32)
            .to_le_bytes()
            .into_iter()
            .chain([0u8; 4])
            .for_each(&mut feed);
    }
    safe_encode(&h.to_string())
}

/// `rand.SafeEncodeString`: each byte mapped into the name alphabet.
pub fn safe_encode(s: &str) -> String {
    let alphabet = crate::apiserver::names::ALPHANUMS;
    s.bytes()
        .map(|c| alphabet[c as usize % alphabet.len()] as char)
        .collect()
}

/// `EqualIgnoreHash`: templates equal once the `pod-template-hash` label is dropped.
pub fn equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    // Compared in place: every sync compares each listed RS's template this way.
    labels_but_hash(a).eq(labels_but_hash(b))
        && meta_equal_but_labels(&a.metadata, &b.metadata)
        && a.spec == b.spec
}

fn labels_but_hash(t: &PodTemplateSpec) -> impl Iterator<Item = (&String, &String)> {
    let labels = t.metadata.labels.iter();
    labels.filter(|(k, _)| k.as_str() != POD_TEMPLATE_HASH)
}

/// `ObjectMeta` equality leaving out the labels (destructured so a new field is not
/// silently ignored).
fn meta_equal_but_labels(a: &ObjectMeta, b: &ObjectMeta) -> bool {
    let ObjectMeta {
        name,
        generate_name,
        namespace,
        uid,
        resource_version,
        generation,
        creation_timestamp,
        deletion_timestamp,
        deletion_grace_period_seconds,
        labels: _,
        annotations,
        owner_references,
        finalizers,
        managed_fields,
    } = a;
    *name == b.name
        && *generate_name == b.generate_name
        && *namespace == b.namespace
        && *uid == b.uid
        && *resource_version == b.resource_version
        && *generation == b.generation
        && *creation_timestamp == b.creation_timestamp
        && *deletion_timestamp == b.deletion_timestamp
        && *deletion_grace_period_seconds == b.deletion_grace_period_seconds
        && *annotations == b.annotations
        && *owner_references == b.owner_references
        && *finalizers == b.finalizers
        && *managed_fields == b.managed_fields
}

// ---------------------------------------------------------------------------------------
// Strategy arithmetic
// ---------------------------------------------------------------------------------------

pub fn is_rolling_update(d: &Deployment) -> bool {
    !d.is_recreate()
}

fn rolling_params(d: &Deployment) -> (Option<&IntOrString>, Option<&IntOrString>) {
    let ru = d
        .spec
        .strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref());
    (
        ru.and_then(|r| r.max_surge.as_ref()),
        ru.and_then(|r| r.max_unavailable.as_ref()),
    )
}

/// `intstr.GetScaledValueFromIntOrPercent` for an `int32` total.
pub fn scaled_value(v: &IntOrString, total: i32, round_up: bool) -> Result<i32, String> {
    let x = v.scaled_value(i64::from(total), round_up)?;
    Ok(x.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
}

/// `ResolveFenceposts`: surge rounds up, unavailable down; both 0 → unavailable 1.
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrString>,
    max_unavailable: Option<&IntOrString>,
    desired: i32,
) -> Result<(i32, i32), String> {
    let zero = IntOrString::Int(0);
    let surge = scaled_value(max_surge.unwrap_or(&zero), desired, true)?;
    let mut unavailable = scaled_value(max_unavailable.unwrap_or(&zero), desired, false)?;
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    Ok((surge, unavailable))
}

/// `MaxSurge`: 0 unless RollingUpdate.
pub fn max_surge(d: &Deployment) -> i32 {
    if !is_rolling_update(d) {
        return 0;
    }
    let (s, u) = rolling_params(d);
    // Errors are caught by validation.
    resolve_fenceposts(s, u, d.replicas()).map_or(0, |(s, _)| s)
}

/// `MaxUnavailable`: 0 unless RollingUpdate with replicas > 0; never above replicas.
pub fn max_unavailable(d: &Deployment) -> i32 {
    if !is_rolling_update(d) || d.replicas() == 0 {
        return 0;
    }
    let (s, u) = rolling_params(d);
    let unavailable = resolve_fenceposts(s, u, d.replicas()).map_or(0, |(_, u)| u);
    unavailable.min(d.replicas())
}

/// `MinAvailable`.
pub fn min_available(d: &Deployment) -> i32 {
    if !is_rolling_update(d) {
        return 0;
    }
    d.replicas() - max_unavailable(d)
}

/// `NewRSNewReplicas`: how big the new ReplicaSet may be now. `all_rss` are the RSes whose
/// `spec.replicas` count towards the surge (upstream passes old RSes + the new one).
pub fn new_rs_new_replicas(
    d: &Deployment,
    all_rss: &[&ReplicaSet],
    new_rs: &ReplicaSet,
) -> Result<i32, String> {
    if d.is_recreate() {
        return Ok(d.replicas());
    }
    let (surge, _) = rolling_params(d);
    // Scaled directly (not through ResolveFenceposts); nil is an error upstream.
    let surge = match surge {
        Some(s) => scaled_value(s, d.replicas(), true)?,
        None => return Err("nil value for IntOrString".into()),
    };
    let current = replica_count(all_rss.iter().copied());
    let max_total = d.replicas() + surge;
    if current >= max_total {
        return Ok(new_rs.replicas());
    }
    let up = (max_total - current).min(d.replicas() - new_rs.replicas());
    Ok(new_rs.replicas() + up)
}

// ---------------------------------------------------------------------------------------
// Sums over ReplicaSets
// ---------------------------------------------------------------------------------------

/// `GetReplicaCountForReplicaSets`: Σ spec.replicas.
pub fn replica_count<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i32 {
    rss.into_iter().map(ReplicaSet::replicas).sum()
}

/// `GetActualReplicaCountForReplicaSets`: Σ status.replicas.
pub fn actual_replica_count<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i32 {
    rss.into_iter().map(|rs| rs.status.replicas).sum()
}

/// `GetReadyReplicaCountForReplicaSets`.
pub fn ready_replica_count<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i32 {
    rss.into_iter().map(|rs| rs.status.ready_replicas).sum()
}

/// `GetAvailableReplicaCountForReplicaSets`.
pub fn available_replica_count<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i32 {
    rss.into_iter().map(|rs| rs.status.available_replicas).sum()
}

/// `GetTerminatingReplicaCountForReplicaSets` (feature-gated upstream; unused by the
/// controllers here): `None` when a synced RS does not report the count.
pub fn terminating_replica_count<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> Option<i32> {
    let mut total = 0;
    for rs in rss {
        match rs.status.terminating_replicas {
            Some(n) => total += n,
            None if rs.status.observed_generation > 0 => return None,
            None => {}
        }
    }
    Some(total)
}

/// `controller.FilterActiveReplicaSets`: spec.replicas > 0.
pub fn filter_active<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> Vec<&'a ReplicaSet> {
    rss.into_iter().filter(|rs| rs.replicas() > 0).collect()
}

// ---------------------------------------------------------------------------------------
// Sort orders (`controller_utils.go`, `deployment_util.go`)
// ---------------------------------------------------------------------------------------

/// `ReplicaSetsByCreationTimestamp`: older first, ties by name.
pub fn by_creation_timestamp(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    let ta = a.metadata.creation_timestamp.unwrap_or_default();
    let tb = b.metadata.creation_timestamp.unwrap_or_default();
    ta.cmp(&tb)
        .then_with(|| a.metadata.name.cmp(&b.metadata.name))
}

/// `ReplicaSetsBySizeOlder`: bigger first, ties older first.
pub fn by_size_older(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    b.replicas()
        .cmp(&a.replicas())
        .then_with(|| by_creation_timestamp(a, b))
}

/// `ReplicaSetsBySizeNewer`: bigger first, ties newer first.
pub fn by_size_newer(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    b.replicas()
        .cmp(&a.replicas())
        .then_with(|| by_creation_timestamp(b, a))
}

/// `ReplicaSetsByRevision`: lower revision first; unparsable or equal → by creation.
pub fn by_revision(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    match (revision(a), revision(b)) {
        (Ok(x), Ok(y)) if x != y => x.cmp(&y),
        _ => by_creation_timestamp(a, b),
    }
}

// ---------------------------------------------------------------------------------------
// Revisions and annotations
// ---------------------------------------------------------------------------------------

/// `Revision`: the revision annotation; missing → 0.
pub fn revision(rs: &ReplicaSet) -> Result<i64, String> {
    match rs.metadata.annotations.get(REVISION) {
        None => Ok(0),
        Some(v) => v
            .parse::<i64>()
            .map_err(|_| format!("strconv.ParseInt: parsing {v:?}: invalid syntax")),
    }
}

/// `MaxRevision`: the highest revision; parse errors are skipped.
pub fn max_revision<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i64 {
    rss.into_iter()
        .filter_map(|rs| revision(rs).ok())
        .max()
        .unwrap_or(0)
        .max(0)
}

/// `LastRevision`: the second-highest revision.
pub fn last_revision<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i64 {
    let (mut max, mut second) = (0i64, 0i64);
    for v in rss.into_iter().filter_map(|rs| revision(rs).ok()) {
        if v >= max {
            second = max;
            max = v;
        } else if v > second {
            second = v;
        }
    }
    second
}

/// `skipCopyAnnotation`: annotations a Deployment does not hand to its ReplicaSets.
pub fn skip_copy_annotation(key: &str) -> bool {
    matches!(
        key,
        LAST_APPLIED
            | REVISION
            | REVISION_HISTORY
            | DESIRED_REPLICAS
            | MAX_REPLICAS
            | DEPRECATED_ROLLBACK_TO
    )
}

/// `copyDeploymentAnnotationsToReplicaSet`; true when something changed.
pub fn copy_deployment_annotations_to_rs(d: &Deployment, rs: &mut ReplicaSet) -> bool {
    let mut changed = false;
    for (k, v) in &d.metadata.annotations {
        if skip_copy_annotation(k) || rs.metadata.annotations.get(k) == Some(v) {
            continue;
        }
        rs.metadata.annotations.insert(k.clone(), v.clone());
        changed = true;
    }
    changed
}

/// `SetNewReplicaSetAnnotations`: copies the Deployment's annotations, moves the revision
/// forward (appending the old one to `revision-history` when it existed, trimmed from the
/// front to `rev_history_limit_in_chars`) and, for a ReplicaSet about to be created, sets
/// the replica annotations. True when something changed.
pub fn set_new_replica_set_annotations(
    d: &Deployment,
    rs: &mut ReplicaSet,
    new_revision: &str,
    exists: bool,
    rev_history_limit_in_chars: usize,
) -> bool {
    let mut changed = copy_deployment_annotations_to_rs(d, rs);
    let old_revision = rs.metadata.annotations.get(REVISION).cloned();
    let old_int = match old_revision.as_deref() {
        None | Some("") => 0,
        Some(v) => match v.parse::<i64>() {
            Ok(n) => n,
            Err(_) => return false,
        },
    };
    let Ok(new_int) = new_revision.parse::<i64>() else {
        return false;
    };
    if old_int < new_int {
        rs.metadata
            .annotations
            .insert(REVISION.into(), new_revision.into());
        changed = true;
    }
    if let Some(old) = old_revision.filter(|_| old_int < new_int) {
        append_revision_history(rs, &old, rev_history_limit_in_chars);
    }
    if !exists {
        let replicas = d.replicas();
        changed |= set_replicas_annotations(rs, replicas, replicas + max_surge(d));
    }
    changed
}

fn append_revision_history(rs: &mut ReplicaSet, old: &str, limit: usize) {
    let history = rs
        .metadata
        .annotations
        .get(REVISION_HISTORY)
        .cloned()
        .unwrap_or_default();
    let entries: Vec<&str> = history.split(',').collect();
    if entries.first().is_none_or(|e| e.is_empty()) {
        rs.metadata
            .annotations
            .insert(REVISION_HISTORY.into(), old.into());
        return;
    }
    let mut total = history.len() + old.len() + 1;
    let mut start = 0;
    while total > limit && start < entries.len() {
        total -= entries[start].len() + 1;
        start += 1;
    }
    if total <= limit {
        let mut kept: Vec<&str> = entries[start..].to_vec();
        kept.push(old);
        rs.metadata
            .annotations
            .insert(REVISION_HISTORY.into(), kept.join(","));
    }
}

/// `SetDeploymentRevision`; true when the annotation changed.
pub fn set_deployment_revision(d: &mut Deployment, revision: &str) -> bool {
    if d.metadata.annotations.get(REVISION).map(String::as_str) == Some(revision) {
        return false;
    }
    d.metadata
        .annotations
        .insert(REVISION.into(), revision.into());
    true
}

/// `SetReplicasAnnotations`; true when something changed.
pub fn set_replicas_annotations(rs: &mut ReplicaSet, desired: i32, max: i32) -> bool {
    let mut changed = false;
    for (k, v) in [(DESIRED_REPLICAS, desired), (MAX_REPLICAS, max)] {
        let v = v.to_string();
        if rs.metadata.annotations.get(k) != Some(&v) {
            rs.metadata.annotations.insert(k.into(), v);
            changed = true;
        }
    }
    changed
}

/// `ReplicasAnnotationsNeedUpdate`.
pub fn replicas_annotations_need_update(rs: &ReplicaSet, desired: i32, max: i32) -> bool {
    let a = &rs.metadata.annotations;
    a.get(DESIRED_REPLICAS) != Some(&desired.to_string())
        || a.get(MAX_REPLICAS) != Some(&max.to_string())
}

fn int32_annotation(rs: &ReplicaSet, key: &str) -> Option<i32> {
    rs.metadata.annotations.get(key)?.parse::<i32>().ok()
}

/// `GetDesiredReplicasAnnotation`.
pub fn desired_replicas_annotation(rs: &ReplicaSet) -> Option<i32> {
    int32_annotation(rs, DESIRED_REPLICAS)
}

/// `getMaxReplicasAnnotation`.
pub fn max_replicas_annotation(rs: &ReplicaSet) -> Option<i32> {
    int32_annotation(rs, MAX_REPLICAS)
}

// ---------------------------------------------------------------------------------------
// Proportional scaling
// ---------------------------------------------------------------------------------------

/// `getReplicaSetFraction`: how much `rs` should grow (or shrink) when the Deployment's
/// size changed since the RS's max-replicas annotation was written.
pub fn replica_set_fraction(rs: &ReplicaSet, d: &Deployment) -> i32 {
    if d.replicas() == 0 {
        return -rs.replicas();
    }
    let max_now = i64::from(d.replicas()) + i64::from(max_surge(d));
    let before = match max_replicas_annotation(rs) {
        Some(n) if n != 0 => n,
        // Missing or 0: fall back to the current size; 0 prevents a division by zero.
        _ if d.status.replicas == 0 => return 0,
        _ => d.status.replicas,
    };
    let size = (i64::from(rs.replicas()) * max_now) as f64 / f64::from(before);
    // `integer.RoundToInt32` is `math.Round`: half away from zero, as is `f64::round`.
    size.round() as i32 - rs.replicas()
}

/// `GetProportion`: the share of `to_add` for `rs`, capped by what is still left.
pub fn proportion(rs: Option<&ReplicaSet>, d: &Deployment, to_add: i32, added: i32) -> i32 {
    let Some(rs) = rs else { return 0 };
    if rs.replicas() == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = replica_set_fraction(rs, d);
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// `FindActiveOrLatest`: the only active RS; else (none active) the new RS or the newest
/// old one; `None` when two or more are active.
pub fn find_active_or_latest<'a>(
    new_rs: Option<&'a ReplicaSet>,
    old_rss: &[&'a ReplicaSet],
) -> Option<&'a ReplicaSet> {
    if new_rs.is_none() && old_rss.is_empty() {
        return None;
    }
    let mut olds: Vec<&ReplicaSet> = old_rss.to_vec();
    crate::sort::stable_by(&mut olds, |a, b| by_creation_timestamp(b, a));
    let active = filter_active(olds.iter().copied().chain(new_rs));
    match active.len() {
        0 => new_rs.or_else(|| olds.first().copied()),
        1 => active.first().copied(),
        _ => None,
    }
}

/// `IsSaturated`: the new RS has all replicas, desired and available.
pub fn is_saturated(d: &Deployment, rs: Option<&ReplicaSet>) -> bool {
    let Some(rs) = rs else { return false };
    let Some(desired) = desired_replicas_annotation(rs) else {
        return false;
    };
    rs.replicas() == d.replicas()
        && desired == d.replicas()
        && rs.status.available_replicas == d.replicas()
}

// ---------------------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------------------

/// `HasProgressDeadline`.
pub fn has_progress_deadline(d: &Deployment) -> bool {
    d.spec
        .progress_deadline_seconds
        .is_some_and(|s| s != MAX_INT32)
}

/// `HasRevisionHistoryLimit`.
pub fn has_revision_history_limit(d: &Deployment) -> bool {
    d.spec
        .revision_history_limit
        .is_some_and(|l| l != MAX_INT32)
}

/// `DeploymentComplete`.
pub fn deployment_complete(d: &Deployment, status: &DeploymentStatus) -> bool {
    let r = d.replicas();
    status.updated_replicas == r
        && status.replicas == r
        && status.available_replicas == r
        && status.observed_generation >= d.metadata.generation
}

/// `DeploymentProgressing`: any sign of progress from `d.status` to `new`.
pub fn deployment_progressing(d: &Deployment, new: &DeploymentStatus) -> bool {
    let old = &d.status;
    let old_old = old.replicas - old.updated_replicas;
    let new_old = new.replicas - new.updated_replicas;
    new.updated_replicas > old.updated_replicas
        || new_old < old_old
        || new.ready_replicas > old.ready_replicas
        || new.available_replicas > old.available_replicas
}

/// `DeploymentTimedOut`: no progress for `progressDeadlineSeconds` since the Progressing
/// condition's `lastUpdateTime`.
pub fn deployment_timed_out(d: &Deployment, new: &DeploymentStatus, now: Time) -> bool {
    if !has_progress_deadline(d) {
        return false;
    }
    let Some(c) = condition(new, PROGRESSING) else {
        return false;
    };
    if c.reason == NEW_RS_AVAILABLE_REASON {
        return false;
    }
    if c.reason == TIMED_OUT_REASON {
        return true;
    }
    let from = c.last_update_time.unwrap_or_default();
    let deadline = Duration::from_secs(i64::from(d.spec.progress_deadline_seconds.unwrap_or(0)));
    from + deadline < now
}

// ---------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------

/// `NewDeploymentCondition` (timestamps at `now`, second precision as stored).
pub fn new_condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: Time,
) -> DeploymentCondition {
    let now = now.truncate_to_seconds();
    DeploymentCondition {
        type_: type_.into(),
        status: status.into(),
        last_update_time: Some(now),
        last_transition_time: Some(now),
        reason: reason.into(),
        message: message.into(),
    }
}

/// `GetDeploymentCondition`.
pub fn condition<'a>(status: &'a DeploymentStatus, type_: &str) -> Option<&'a DeploymentCondition> {
    status.conditions.iter().find(|c| c.type_ == type_)
}

/// `SetDeploymentCondition`: same status and reason → untouched; otherwise the old entry
/// goes and the new one is appended, keeping `lastTransitionTime` if the status is the same.
pub fn set_condition(status: &mut DeploymentStatus, mut c: DeploymentCondition) {
    if let Some(cur) = condition(status, &c.type_) {
        if cur.status == c.status && cur.reason == c.reason {
            return;
        }
        if cur.status == c.status {
            c.last_transition_time = cur.last_transition_time;
        }
    }
    remove_condition(status, &c.type_.clone());
    status.conditions.push(c);
}

/// `RemoveDeploymentCondition`.
pub fn remove_condition(status: &mut DeploymentStatus, type_: &str) {
    status.conditions.retain(|c| c.type_ != type_);
}

#[cfg(test)]
pub(crate) mod tests;
