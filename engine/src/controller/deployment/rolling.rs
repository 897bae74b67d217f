//! `pkg/controller/deployment/rolling.go`: one pass scales the new ReplicaSet up **or**
//! the old ones down, within maxSurge and maxUnavailable.

use super::util;
use super::{Dc, SyncResult};
use crate::api::{Deployment, ReplicaSet};

impl Dc<'_, '_> {
    /// `rolloutRolling`.
    pub(super) fn rollout_rolling(
        &mut self,
        d: &mut Deployment,
        rs_list: &[&ReplicaSet],
    ) -> SyncResult {
        let (new_rs, old_rss) = self.get_all_replica_sets_and_sync_revision(d, rs_list, true)?;
        let Some(new_rs) = new_rs else {
            return Err("no new replica set".into());
        };
        // As upstream, `allRSs` keeps the objects as they were before this pass scaled them.
        let all: Vec<&ReplicaSet> = old_rss
            .iter()
            .copied()
            .chain(std::iter::once(&*new_rs))
            .collect();
        if self.reconcile_new_replica_set(&all, &new_rs, d)? {
            return self.sync_rollout_status(&all, Some(&*new_rs), d);
        }
        let active_old = util::filter_active(old_rss.iter().copied());
        if self.reconcile_old_replica_sets(&all, &active_old, &new_rs, d)? {
            return self.sync_rollout_status(&all, Some(&*new_rs), d);
        }
        if util::deployment_complete(d, &d.status) {
            self.cleanup_deployment(&old_rss, d)?;
        }
        self.sync_rollout_status(&all, Some(&*new_rs), d)
    }

    /// `reconcileNewReplicaSet`: scale the new RS down to `replicas` if above, else up to
    /// `NewRSNewReplicas`. True when it scaled.
    pub fn reconcile_new_replica_set(
        &mut self,
        all: &[&ReplicaSet],
        new_rs: &ReplicaSet,
        d: &Deployment,
    ) -> Result<bool, String> {
        if new_rs.replicas() == d.replicas() {
            return Ok(false);
        }
        if new_rs.replicas() > d.replicas() {
            return self
                .scale_replica_set_and_record_event(new_rs, d.replicas(), d)
                .map(|(scaled, _)| scaled);
        }
        let n = util::new_rs_new_replicas(d, all, new_rs)?;
        self.scale_replica_set_and_record_event(new_rs, n, d)
            .map(|(scaled, _)| scaled)
    }

    /// `reconcileOldReplicaSets`: how far the old RSes may shrink without dropping below
    /// `replicas − maxUnavailable` available pods, counting unavailable new pods as a
    /// debt; unhealthy old pods go first. True when anything was scaled down.
    pub fn reconcile_old_replica_sets(
        &mut self,
        all: &[&ReplicaSet],
        old_rss: &[&ReplicaSet],
        new_rs: &ReplicaSet,
        d: &Deployment,
    ) -> Result<bool, String> {
        let old_pods = util::replica_count(old_rss.iter().copied());
        if old_pods == 0 {
            return Ok(false);
        }
        let all_pods = util::replica_count(all.iter().copied());
        let min_available = d.replicas() - util::max_unavailable(d);
        let new_unavailable = new_rs.replicas() - new_rs.status.available_replicas;
        let max_scaled_down = all_pods - min_available - new_unavailable;
        if max_scaled_down <= 0 {
            return Ok(false);
        }
        // Copied only now: most passes return above without scaling anything down.
        let old_rss = old_rss.iter().map(|rs| (*rs).clone()).collect();
        let (old_rss, cleaned) = self.cleanup_unhealthy_replicas(old_rss, d, max_scaled_down)?;
        let all: Vec<&ReplicaSet> = old_rss.iter().chain(std::iter::once(new_rs)).collect();
        let scaled_down = self.scale_down_old_replica_sets_for_rolling_update(&all, &old_rss, d)?;
        Ok(cleaned + scaled_down > 0)
    }

    /// `cleanupUnhealthyReplicas`: oldest first, drop up to `max_cleanup` replicas that
    /// are not available. Returns the (updated) old RSes and how many went.
    pub fn cleanup_unhealthy_replicas(
        &mut self,
        mut old_rss: Vec<ReplicaSet>,
        d: &Deployment,
        max_cleanup: i32,
    ) -> Result<(Vec<ReplicaSet>, i32), String> {
        crate::sort::stable_by(&mut old_rss, util::by_creation_timestamp);
        let mut total = 0;
        for slot in old_rss.iter_mut() {
            if total >= max_cleanup {
                break;
            }
            let (spec, available) = (slot.replicas(), slot.status.available_replicas);
            if spec == 0 || spec == available {
                continue;
            }
            let count = (max_cleanup - total).min(spec - available);
            let target = spec - count;
            if target > spec {
                return Err(format!(
                    "when cleaning up unhealthy replicas, got invalid request to scale down {}/{} {spec} -> {target}",
                    slot.metadata.namespace, slot.metadata.name
                ));
            }
            let (_, updated) = self.scale_replica_set_and_record_event(slot, target, d)?;
            total += count;
            *slot = updated;
        }
        Ok((old_rss, total))
    }

    /// `scaleDownOldReplicaSetsForRollingUpdate`: oldest first, remove available old
    /// replicas down to `replicas − maxUnavailable` available in total.
    pub fn scale_down_old_replica_sets_for_rolling_update(
        &mut self,
        all: &[&ReplicaSet],
        old_rss: &[ReplicaSet],
        d: &Deployment,
    ) -> Result<i32, String> {
        let min_available = d.replicas() - util::max_unavailable(d);
        let available = util::available_replica_count(all.iter().copied());
        if available <= min_available {
            return Ok(0);
        }
        let mut olds: Vec<&ReplicaSet> = old_rss.iter().collect();
        crate::sort::stable_by(&mut olds, |a, b| util::by_creation_timestamp(a, b));
        let budget = available - min_available;
        let mut total = 0;
        for rs in olds {
            if total >= budget {
                break;
            }
            if rs.replicas() == 0 {
                continue;
            }
            let count = rs.replicas().min(budget - total);
            let target = rs.replicas() - count;
            if target > rs.replicas() {
                return Err(format!(
                    "when scaling down old replica set, got invalid request to scale down {}/{} {} -> {target}",
                    rs.metadata.namespace,
                    rs.metadata.name,
                    rs.replicas()
                ));
            }
            self.scale_replica_set_and_record_event(rs, target, d)?;
            total += count;
        }
        Ok(total)
    }
}
