//! `pkg/controller/deployment/sync.go`: finding or creating the new ReplicaSet, scaling
//! (proportionally while a rollout is in flight), history clean-up and status.

use super::util::{self, MAX_REV_HISTORY_LENGTH_IN_CHARS, POD_TEMPLATE_HASH};
use super::{Dc, SyncResult};
use crate::api::apps::{DeploymentStatus, ReplicaSetSpec};
use crate::api::{Deployment, ObjectMeta, ReplicaSet};
use crate::apiserver::{DeleteOptions, ObjectKey, Reason};
use crate::controller::replicaset::controller_ref;
use crate::record::EventType;
use crate::time::Time;
use std::borrow::Cow;
use std::collections::HashMap;

impl Dc<'_, '_> {
    /// `syncStatusOnly`: a Deployment being deleted only reports status.
    pub(super) fn sync_status_only(
        &mut self,
        d: &mut Deployment,
        rs_list: &[&ReplicaSet],
    ) -> SyncResult {
        let (new_rs, old_rss) = self.get_all_replica_sets_and_sync_revision(d, rs_list, false)?;
        let all: Vec<&ReplicaSet> = old_rss.iter().copied().chain(new_rs.as_deref()).collect();
        self.sync_deployment_status(&all, new_rs.as_deref(), d)
    }

    /// `sync`: scaling only (paused Deployments and scaling events); no new ReplicaSet.
    pub(super) fn sync(&mut self, d: &mut Deployment, rs_list: &[&ReplicaSet]) -> SyncResult {
        let (new_rs, old_rss) = self.get_all_replica_sets_and_sync_revision(d, rs_list, false)?;
        self.scale(d, new_rs.as_deref(), &old_rss)?;
        if d.spec.paused && super::rollback::rollback_to(d).is_none() {
            self.cleanup_deployment(&old_rss, d)?;
        }
        let all: Vec<&ReplicaSet> = old_rss.iter().copied().chain(new_rs.as_deref()).collect();
        self.sync_deployment_status(&all, new_rs.as_deref(), d)
    }

    /// `checkPausedConditions`: Progressing=Unknown DeploymentPaused / DeploymentResumed.
    pub(super) fn check_paused_conditions(&mut self, d: &mut Deployment) -> SyncResult {
        if !util::has_progress_deadline(d) {
            return Ok(());
        }
        let cond = util::condition(&d.status, util::PROGRESSING);
        if cond.is_some_and(|c| c.reason == util::TIMED_OUT_REASON) {
            return Ok(()); // Do not overwrite a reported lack of progress.
        }
        let paused_cond = cond.is_some_and(|c| c.reason == util::PAUSED_DEPLOY_REASON);
        let now = self.now();
        let c = if d.spec.paused && !paused_cond {
            util::new_condition(
                util::PROGRESSING,
                "Unknown",
                util::PAUSED_DEPLOY_REASON,
                "Deployment is paused",
                now,
            )
        } else if !d.spec.paused && paused_cond {
            util::new_condition(
                util::PROGRESSING,
                "Unknown",
                util::RESUMED_DEPLOY_REASON,
                "Deployment is resumed",
                now,
            )
        } else {
            return Ok(());
        };
        util::set_condition(&mut d.status, c);
        self.update_deployment_status(d)
    }

    /// `getAllReplicaSetsAndSyncRevision`: the new RS (created when asked and missing)
    /// and every old one.
    /// The new RS is borrowed from `rs_list` unless this sync wrote it.
    pub(super) fn get_all_replica_sets_and_sync_revision<'r>(
        &mut self,
        d: &mut Deployment,
        rs_list: &[&'r ReplicaSet],
        create: bool,
    ) -> Result<(Option<Cow<'r, ReplicaSet>>, Vec<&'r ReplicaSet>), String> {
        let (_, all_old) = find_old_replica_sets(d, rs_list);
        let new_rs = self.get_new_replica_set(d, rs_list, &all_old, create)?;
        Ok((new_rs, all_old))
    }

    /// `getNewReplicaSet`: syncs the existing new RS's annotations and revision, or
    /// creates it (`<deployment>-<hash>`) when `create` is set.
    fn get_new_replica_set<'r>(
        &mut self,
        d: &mut Deployment,
        rs_list: &[&'r ReplicaSet],
        old_rss: &[&ReplicaSet],
        create: bool,
    ) -> Result<Option<Cow<'r, ReplicaSet>>, String> {
        let existing = find_new_replica_set(d, rs_list);
        let new_revision = (util::max_revision(old_rss.iter().copied()) + 1).to_string();
        if let Some(existing) = existing {
            return self
                .sync_existing_new_rs(d, existing, &new_revision)
                .map(Some);
        }
        if !create {
            return Ok(None);
        }
        self.create_new_rs(d, old_rss, &new_revision)
            .map(|rs| rs.map(Cow::Owned))
    }

    fn sync_existing_new_rs<'r>(
        &mut self,
        d: &mut Deployment,
        rs: &'r ReplicaSet,
        new_revision: &str,
    ) -> Result<Cow<'r, ReplicaSet>, String> {
        // For an existing RS only the annotations change: work on a copy of the metadata
        // and copy the whole RS (its pod template) only when it has to be written.
        let mut probe = ReplicaSet {
            metadata: rs.metadata.clone(),
            ..Default::default()
        };
        let annotations_updated = util::set_new_replica_set_annotations(
            d,
            &mut probe,
            new_revision,
            true,
            MAX_REV_HISTORY_LENGTH_IN_CHARS,
        );
        let min_ready_changed = rs.spec.min_ready_seconds != d.spec.min_ready_seconds;
        if annotations_updated || min_ready_changed {
            let mut rs = rs.clone();
            rs.metadata = probe.metadata;
            rs.spec.min_ready_seconds = d.spec.min_ready_seconds;
            return self.update_rs(rs).map(Cow::Owned);
        }
        let revision = rs
            .metadata
            .annotations
            .get(util::REVISION)
            .cloned()
            .unwrap_or_default();
        let mut needs_update = util::set_deployment_revision(d, &revision);
        if util::has_progress_deadline(d) && util::condition(&d.status, util::PROGRESSING).is_none()
        {
            let msg = format!("Found new replica set \"{}\"", rs.metadata.name);
            let c = util::new_condition(
                util::PROGRESSING,
                "True",
                util::FOUND_NEW_RS_REASON,
                &msg,
                self.now(),
            );
            util::set_condition(&mut d.status, c);
            needs_update = true;
        }
        if needs_update {
            self.update_deployment_status(d)?;
        }
        // An unparsable revision can leave copied annotations unreported, unwritten.
        if probe.metadata.annotations == rs.metadata.annotations {
            return Ok(Cow::Borrowed(rs));
        }
        let mut rs = rs.clone();
        rs.metadata = probe.metadata;
        Ok(Cow::Owned(rs))
    }

    fn create_new_rs(
        &mut self,
        d: &mut Deployment,
        old_rss: &[&ReplicaSet],
        new_revision: &str,
    ) -> Result<Option<ReplicaSet>, String> {
        let mut rs = new_replica_set_for(d);
        let all: Vec<&ReplicaSet> = old_rss
            .iter()
            .copied()
            .chain(std::iter::once(&rs))
            .collect();
        let replicas = util::new_rs_new_replicas(d, &all, &rs)?;
        rs.spec.replicas = Some(replicas);
        util::set_new_replica_set_annotations(
            d,
            &mut rs,
            new_revision,
            false,
            MAX_REV_HISTORY_LENGTH_IN_CHARS,
        );
        let name = rs.metadata.name.clone();
        let (created, already_exists) = match self.ctx.api.create(rs) {
            Ok(rs) => (std::rc::Rc::unwrap_or_clone(rs), false),
            Err(e) if e.reason == Reason::AlreadyExists => match self.existing_if_ours(d, &name) {
                Some(rs) => (rs, true),
                None => return Err(self.bump_collision_count(d, e.message)),
            },
            Err(e) => {
                let msg = format!("Failed to create new replica set \"{name}\": {}", e.message);
                if util::has_progress_deadline(d) {
                    let c = util::new_condition(
                        util::PROGRESSING,
                        "False",
                        util::FAILED_RS_CREATE_REASON,
                        &msg,
                        self.now(),
                    );
                    util::set_condition(&mut d.status, c);
                    let _ = self.update_deployment_status(d);
                }
                self.event(d, EventType::Warning, util::FAILED_RS_CREATE_REASON, &msg);
                return Err(e.message);
            }
        };
        if !already_exists && replicas > 0 {
            let msg = format!(
                "Scaled up replica set {} from 0 to {replicas}",
                created.metadata.name
            );
            self.event(d, EventType::Normal, "ScalingReplicaSet", &msg);
        }
        let mut needs_update = util::set_deployment_revision(d, new_revision);
        if !already_exists && util::has_progress_deadline(d) {
            let msg = format!("Created new replica set \"{}\"", created.metadata.name);
            let c = util::new_condition(
                util::PROGRESSING,
                "True",
                util::NEW_RS_NEW_REPLICAS_REASON,
                &msg,
                self.now(),
            );
            util::set_condition(&mut d.status, c);
            needs_update = true;
        }
        if needs_update {
            self.update_deployment_status(d)?;
        }
        Ok(Some(created))
    }

    /// An RS of that name that is ours and has our template is the new RS after all.
    fn existing_if_ours(&self, d: &Deployment, name: &str) -> Option<ReplicaSet> {
        let key = ObjectKey::new(&d.metadata.namespace, name);
        let rs = self.ctx.api.replicasets().get(&key)?;
        let ours = rs
            .metadata
            .controller_ref()
            .is_some_and(|r| r.uid == d.metadata.uid);
        (ours && util::equal_ignore_hash(&d.spec.template, &rs.spec.template)).then(|| rs.clone())
    }

    /// A hash collision: `status.collisionCount++` so the next sync hashes differently.
    fn bump_collision_count(&mut self, d: &mut Deployment, err: String) -> String {
        let count = d.status.collision_count.get_or_insert(0);
        *count = count.saturating_add(1);
        let _ = self.update_deployment_status(d);
        err
    }

    /// `scale`: resize the only active RS, or zero the old ones once the new one is
    /// saturated, or spread the difference proportionally (RollingUpdate).
    pub(super) fn scale(
        &mut self,
        d: &Deployment,
        new_rs: Option<&ReplicaSet>,
        old_rss: &[&ReplicaSet],
    ) -> SyncResult {
        if let Some(rs) = util::find_active_or_latest(new_rs, old_rss) {
            if rs.replicas() == d.replicas() {
                return Ok(());
            }
            return self
                .scale_replica_set_and_record_event(rs, d.replicas(), d)
                .map(|_| ());
        }
        if util::is_saturated(d, new_rs) {
            // `FindActiveOrLatest` left the old RSes sorted newest first.
            let mut newest_first: Vec<&ReplicaSet> = old_rss.to_vec();
            crate::sort::stable_by(&mut newest_first, |a, b| util::by_creation_timestamp(b, a));
            for old in util::filter_active(newest_first) {
                self.scale_replica_set_and_record_event(old, 0, d)?;
            }
            return Ok(());
        }
        if !util::is_rolling_update(d) {
            return Ok(());
        }
        for (rs, size) in proportional_sizes(d, new_rs, old_rss) {
            self.scale_replica_set(rs, size, d)?;
        }
        Ok(())
    }

    /// `scaleReplicaSetAndRecordEvent`: no-op when already at `n`.
    pub(super) fn scale_replica_set_and_record_event(
        &mut self,
        rs: &ReplicaSet,
        n: i32,
        d: &Deployment,
    ) -> Result<(bool, ReplicaSet), String> {
        if rs.replicas() == n {
            return Ok((false, rs.clone()));
        }
        self.scale_replica_set(rs, n, d)
    }

    /// `scaleReplicaSet`: writes the size and the replica annotations in one update when
    /// either is off, and records `Scaled up|down replica set X from A to B`.
    pub(super) fn scale_replica_set(
        &mut self,
        rs: &ReplicaSet,
        n: i32,
        d: &Deployment,
    ) -> Result<(bool, ReplicaSet), String> {
        let size_changed = rs.replicas() != n;
        let max = d.replicas() + util::max_surge(d);
        let annotations_changed = util::replicas_annotations_need_update(rs, d.replicas(), max);
        if !size_changed && !annotations_changed {
            return Ok((false, rs.clone()));
        }
        let old = rs.replicas();
        let mut copy = rs.clone();
        copy.spec.replicas = Some(n);
        util::set_replicas_annotations(&mut copy, d.replicas(), max);
        let updated = self.update_rs(copy)?;
        if size_changed {
            let op = if old < n { "up" } else { "down" };
            let msg = format!(
                "Scaled {op} replica set {} from {old} to {n}",
                updated.metadata.name
            );
            self.event(d, EventType::Normal, "ScalingReplicaSet", &msg);
        }
        Ok((size_changed, updated))
    }

    /// `cleanupDeployment`: deletes the oldest-revision old RSes beyond
    /// `revisionHistoryLimit`, but only those fully scaled down and synced.
    pub(super) fn cleanup_deployment(
        &mut self,
        old_rss: &[&ReplicaSet],
        d: &Deployment,
    ) -> SyncResult {
        for key in cleanup_candidates(old_rss, d) {
            match self
                .ctx
                .api
                .delete::<ReplicaSet>(&key, DeleteOptions::default())
            {
                Err(e) if e.reason != Reason::NotFound => return Err(e.message),
                _ => {}
            }
        }
        Ok(())
    }

    /// `syncDeploymentStatus`: `calculateStatus`, written when it changed.
    pub(super) fn sync_deployment_status(
        &mut self,
        all: &[&ReplicaSet],
        new_rs: Option<&ReplicaSet>,
        d: &mut Deployment,
    ) -> SyncResult {
        let status = calculate_status(all, new_rs, d, self.now());
        if status == d.status {
            return Ok(());
        }
        d.status = status;
        self.update_deployment_status(d)
    }
}

/// `FindNewReplicaSet`: the oldest RS whose template equals the Deployment's.
pub fn find_new_replica_set<'a>(
    d: &Deployment,
    rs_list: &[&'a ReplicaSet],
) -> Option<&'a ReplicaSet> {
    let mut sorted: Vec<&ReplicaSet> = rs_list.to_vec();
    crate::sort::stable_by(&mut sorted, |a, b| util::by_creation_timestamp(a, b));
    sorted
        .into_iter()
        .find(|rs| util::equal_ignore_hash(&rs.spec.template, &d.spec.template))
}

/// `FindOldReplicaSets`: (old RSes with replicas, all old RSes).
pub fn find_old_replica_sets<'a>(
    d: &Deployment,
    rs_list: &[&'a ReplicaSet],
) -> (Vec<&'a ReplicaSet>, Vec<&'a ReplicaSet>) {
    let new_uid = find_new_replica_set(d, rs_list).map(|rs| rs.metadata.uid.clone());
    let all: Vec<&ReplicaSet> = rs_list
        .iter()
        .copied()
        .filter(|rs| new_uid.as_deref() != Some(rs.metadata.uid.as_str()))
        .collect();
    let required = all
        .iter()
        .copied()
        .filter(|rs| rs.replicas() != 0)
        .collect();
    (required, all)
}

/// The ReplicaSet `getNewReplicaSet` would create (before its size and annotations).
pub fn new_replica_set_for(d: &Deployment) -> ReplicaSet {
    let hash = util::pod_template_hash(&d.spec.template, d.status.collision_count);
    let mut template = d.spec.template.clone();
    template
        .metadata
        .labels
        .insert(POD_TEMPLATE_HASH.into(), hash.clone());
    let mut selector = d.spec.selector.clone();
    selector
        .match_labels
        .insert(POD_TEMPLATE_HASH.into(), hash.clone());
    ReplicaSet {
        metadata: ObjectMeta {
            name: format!("{}-{hash}", d.metadata.name),
            namespace: d.metadata.namespace.clone(),
            owner_references: vec![controller_ref(d)].into(),
            labels: template.metadata.labels.clone(),
            ..Default::default()
        },
        spec: ReplicaSetSpec {
            replicas: Some(0),
            min_ready_seconds: d.spec.min_ready_seconds,
            selector,
            template,
        },
        ..Default::default()
    }
}

/// The sizes `scale` gives every active RS when spreading `replicas + maxSurge − Σ spec`
/// proportionally (`GetProportion`), leftovers to the first in scaling order.
pub fn proportional_sizes<'a>(
    d: &Deployment,
    new_rs: Option<&'a ReplicaSet>,
    old_rss: &[&'a ReplicaSet],
) -> Vec<(&'a ReplicaSet, i32)> {
    let mut all = util::filter_active(old_rss.iter().copied().chain(new_rs));
    let current = util::replica_count(all.iter().copied());
    let allowed = if d.replicas() > 0 {
        d.replicas() + util::max_surge(d)
    } else {
        0
    };
    let to_add = allowed - current;
    if to_add > 0 {
        crate::sort::stable_by(&mut all, |a, b| util::by_size_newer(a, b));
    } else if to_add < 0 {
        crate::sort::stable_by(&mut all, |a, b| util::by_size_older(a, b));
    }
    let mut added = 0;
    let mut sizes: HashMap<&str, i32> = HashMap::new();
    for rs in &all {
        let p = if to_add != 0 {
            util::proportion(Some(rs), d, to_add, added)
        } else {
            0
        };
        sizes.insert(&rs.metadata.name, rs.replicas() + p);
        added += p;
    }
    let mut out = Vec::new();
    for (i, rs) in all.iter().enumerate() {
        let mut size = sizes.get(rs.metadata.name.as_str()).copied().unwrap_or(0);
        if i == 0 && to_add != 0 {
            size = (size + to_add - added).max(0);
        }
        out.push((*rs, size));
    }
    out
}

/// Which old RSes `cleanupDeployment` deletes.
pub fn cleanup_candidates(old_rss: &[&ReplicaSet], d: &Deployment) -> Vec<ObjectKey> {
    if !util::has_revision_history_limit(d) {
        return Vec::new();
    }
    let mut alive: Vec<&ReplicaSet> = old_rss
        .iter()
        .copied()
        .filter(|rs| rs.metadata.deletion_timestamp.is_none())
        .collect();
    let limit = i64::from(d.spec.revision_history_limit.unwrap_or(0));
    let diff = alive.len() as i64 - limit;
    if diff <= 0 {
        return Vec::new();
    }
    crate::sort::stable_by(&mut alive, |a, b| util::by_revision(a, b));
    alive
        .into_iter()
        .take(diff as usize)
        .filter(|rs| {
            rs.status.replicas == 0
                && rs.replicas() == 0
                && rs.metadata.generation <= rs.status.observed_generation
                && rs.metadata.deletion_timestamp.is_none()
        })
        .map(ObjectKey::of)
        .collect()
}

/// `calculateStatus`: counts over the ReplicaSets plus the Available condition.
pub fn calculate_status(
    all: &[&ReplicaSet],
    new_rs: Option<&ReplicaSet>,
    d: &Deployment,
    now: Time,
) -> DeploymentStatus {
    let available = util::available_replica_count(all.iter().copied());
    let total = util::replica_count(all.iter().copied());
    let mut status = DeploymentStatus {
        observed_generation: d.metadata.generation,
        replicas: util::actual_replica_count(all.iter().copied()),
        updated_replicas: util::actual_replica_count(new_rs),
        ready_replicas: util::ready_replica_count(all.iter().copied()),
        available_replicas: available,
        unavailable_replicas: (total - available).max(0),
        terminating_replicas: None,
        conditions: d.status.conditions.clone(),
        collision_count: d.status.collision_count,
    };
    // Saturating: an imported Deployment may hold any replicas, negative included.
    let c = if available >= d.replicas().saturating_sub(util::max_unavailable(d)) {
        util::new_condition(
            util::AVAILABLE,
            "True",
            util::MINIMUM_REPLICAS_AVAILABLE,
            "Deployment has minimum availability.",
            now,
        )
    } else {
        util::new_condition(
            util::AVAILABLE,
            "False",
            util::MINIMUM_REPLICAS_UNAVAILABLE,
            "Deployment does not have minimum availability.",
            now,
        )
    };
    util::set_condition(&mut status, c);
    status
}
