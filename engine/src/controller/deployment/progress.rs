//! `pkg/controller/deployment/progress.go`: the Progressing condition and the
//! `progressDeadlineSeconds` timer.

use super::sync::calculate_status;
use super::util;
use super::{Dc, SyncResult};
use crate::api::apps::{DeploymentCondition, DeploymentStatus};
use crate::api::{Deployment, ReplicaSet};
use crate::time::{Duration, Time};

impl Dc<'_, '_> {
    /// `syncRolloutStatus`: status plus Progressing (complete / progressing / timed out)
    /// and the ReplicaFailure condition; when nothing changed, maybe requeue for the
    /// deadline.
    pub(super) fn sync_rollout_status(
        &mut self,
        all: &[&ReplicaSet],
        new_rs: Option<&ReplicaSet>,
        d: &mut Deployment,
    ) -> SyncResult {
        let now = self.now();
        let mut status = calculate_status(all, new_rs, d, now);
        update_progressing(d, &mut status, new_rs, now);
        match replica_failure(all, new_rs) {
            Some(c) => util::set_condition(&mut status, c),
            None => util::remove_condition(&mut status, util::REPLICA_FAILURE),
        }
        if status == d.status {
            self.requeue = Some(match requeue_stuck_deployment(d, &status, now) {
                Some(due) => super::Requeue::At(due),
                None => super::Requeue::NotNeeded,
            });
            return Ok(());
        }
        d.status = status;
        self.update_deployment_status(d)
    }
}

/// The Progressing part of `syncRolloutStatus`.
pub fn update_progressing(
    d: &Deployment,
    status: &mut DeploymentStatus,
    new_rs: Option<&ReplicaSet>,
    now: Time,
) {
    if !util::has_progress_deadline(d) {
        util::remove_condition(status, util::PROGRESSING);
        return;
    }
    let current = util::condition(&d.status, util::PROGRESSING).cloned();
    let complete = status.replicas == status.updated_replicas
        && current
            .as_ref()
            .is_some_and(|c| c.reason == util::NEW_RS_AVAILABLE_REASON);
    if complete {
        return;
    }
    let subject = match new_rs {
        Some(rs) => format!("ReplicaSet \"{}\"", rs.metadata.name),
        None => format!("Deployment \"{}\"", d.metadata.name),
    };
    if util::deployment_complete(d, status) {
        let msg = format!("{subject} has successfully progressed.");
        let c = util::new_condition(
            util::PROGRESSING,
            "True",
            util::NEW_RS_AVAILABLE_REASON,
            &msg,
            now,
        );
        util::set_condition(status, c);
    } else if util::deployment_progressing(d, status) {
        let msg = format!("{subject} is progressing.");
        let mut c = util::new_condition(
            util::PROGRESSING,
            "True",
            util::REPLICA_SET_UPDATED_REASON,
            &msg,
            now,
        );
        // Progress refreshes lastUpdateTime even with an unchanged reason.
        if let Some(cur) = &current {
            if cur.status == "True" {
                c.last_transition_time = cur.last_transition_time;
            }
            util::remove_condition(status, util::PROGRESSING);
        }
        util::set_condition(status, c);
    } else if util::deployment_timed_out(d, status, now) {
        let msg = format!("{subject} has timed out progressing.");
        let c = util::new_condition(
            util::PROGRESSING,
            "False",
            util::TIMED_OUT_REASON,
            &msg,
            now,
        );
        util::set_condition(status, c);
    }
}

/// `getReplicaFailures`: the new RS's ReplicaFailure condition, else the first old one's.
fn replica_failure(
    all: &[&ReplicaSet],
    new_rs: Option<&ReplicaSet>,
) -> Option<DeploymentCondition> {
    let failure_of = |rs: &ReplicaSet| {
        rs.status
            .conditions
            .iter()
            .find(|c| c.type_ == util::REPLICA_FAILURE)
            .map(|c| DeploymentCondition {
                type_: c.type_.clone(),
                status: c.status.clone(),
                last_update_time: c.last_transition_time,
                last_transition_time: c.last_transition_time,
                reason: c.reason.clone(),
                message: c.message.clone(),
            })
    };
    new_rs
        .and_then(failure_of)
        .or_else(|| all.iter().find_map(|rs| failure_of(rs)))
}

/// `requeueStuckDeployment`: when to look again so a stalled rollout times out on time
/// (`lastUpdateTime + progressDeadlineSeconds + 1 s`). Under a second away, upstream
/// requeues rate-limited (5 ms, 10 ms …); here the wake is the first instant past the
/// deadline.
pub fn requeue_stuck_deployment(
    d: &Deployment,
    status: &DeploymentStatus,
    now: Time,
) -> Option<Time> {
    let current = util::condition(&d.status, util::PROGRESSING)?;
    if !util::has_progress_deadline(d) {
        return None;
    }
    if util::deployment_complete(d, status) || current.reason == util::TIMED_OUT_REASON {
        return None;
    }
    if status.replicas == status.updated_replicas && current.reason == util::NEW_RS_AVAILABLE_REASON
    {
        // A finished rollout scaled up past what can run: upstream requeues it rate-limited
        // (10 a second) forever, but `syncRolloutStatus` skips the progress estimate for a
        // complete rollout, so those syncs change nothing. Not modelled (it was a 1 ms loop).
        return None;
    }
    let deadline = Duration::from_secs(i64::from(d.spec.progress_deadline_seconds.unwrap_or(0)));
    let due = current.last_update_time.unwrap_or_default() + deadline;
    let after = due - now;
    if after < Duration::from_secs(1) {
        return Some((due + Duration::from_millis(1)).max(now + Duration::from_millis(1)));
    }
    Some(now + after + Duration::from_secs(1))
}
