//! `pkg/controller/deployment/recreate.go`: scale every old ReplicaSet to 0, wait until
//! their pods are gone (terminating ones included), then create and scale up the new one.

use super::util;
use super::{Dc, SyncResult};
use crate::api::{Deployment, ReplicaSet};
use std::collections::BTreeMap;

impl Dc<'_, '_> {
    /// `rolloutRecreate`.
    pub(super) fn rollout_recreate(
        &mut self,
        d: &mut Deployment,
        rs_list: &[&ReplicaSet],
        pod_map: &BTreeMap<String, Vec<String>>,
    ) -> SyncResult {
        // No new RS yet: never scale up before the old pods are down.
        let (mut new_rs, mut old_rss) =
            self.get_all_replica_sets_and_sync_revision(d, rs_list, false)?;
        let snapshot: Vec<ReplicaSet> = old_rss
            .iter()
            .copied()
            .chain(new_rs.as_deref())
            .cloned()
            .collect();
        let all: Vec<&ReplicaSet> = snapshot.iter().collect();
        if self.scale_down_old_replica_sets_for_recreate(&old_rss, d)? {
            return self.sync_rollout_status(&all, new_rs.as_deref(), d);
        }
        if old_pods_running(new_rs.as_deref(), &old_rss, pod_map) {
            return self.sync_rollout_status(&all, new_rs.as_deref(), d);
        }
        if new_rs.is_none() {
            (new_rs, old_rss) = self.get_all_replica_sets_and_sync_revision(d, rs_list, true)?;
        }
        let Some(new) = new_rs else {
            return Err("no new replica set".into());
        };
        self.scale_replica_set_and_record_event(&new, d.replicas(), d)?;
        if util::deployment_complete(d, &d.status) {
            self.cleanup_deployment(&old_rss, d)?;
        }
        let all: Vec<&ReplicaSet> = old_rss
            .iter()
            .copied()
            .chain(std::iter::once(&*new))
            .collect();
        self.sync_rollout_status(&all, Some(&*new), d)
    }

    /// `scaleDownOldReplicaSetsForRecreate`: every active old RS to 0.
    fn scale_down_old_replica_sets_for_recreate(
        &mut self,
        old_rss: &[&ReplicaSet],
        d: &Deployment,
    ) -> Result<bool, String> {
        let mut scaled = false;
        for rs in util::filter_active(old_rss.iter().copied()) {
            let (s, _) = self.scale_replica_set_and_record_event(rs, 0, d)?;
            scaled |= s;
        }
        Ok(scaled)
    }
}

/// `oldPodsRunning`: old RSes still report pods, or a pod of a non-new RS is not
/// Succeeded/Failed (Pending, Running, Unknown, terminating all count).
pub fn old_pods_running(
    new_rs: Option<&ReplicaSet>,
    old_rss: &[&ReplicaSet],
    pod_map: &BTreeMap<String, Vec<String>>,
) -> bool {
    if util::actual_replica_count(old_rss.iter().copied()) > 0 {
        return true;
    }
    pod_map.iter().any(|(uid, pods)| {
        new_rs.is_none_or(|n| &n.metadata.uid != uid)
            && pods
                .iter()
                .any(|phase| phase != "Succeeded" && phase != "Failed")
    })
}
