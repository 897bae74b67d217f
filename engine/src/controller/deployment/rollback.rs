//! Rollback. `kubectl rollout undo` works client-side ([`undo`]): it copies an old
//! ReplicaSet's template (and non-controller annotations) back into the Deployment; the
//! controller then finds that RS again as the new one and moves its revision forward
//! (`getNewReplicaSet`). The legacy server-side request, the
//! `deprecated.deployment.rollback.to` annotation, is handled as `rollback.go` does.

use super::util;
use super::{Dc, SyncResult};
use crate::api::apps::PodTemplateSpec;
use crate::api::{Deployment, ReplicaSet};
use crate::record::EventType;
use std::collections::BTreeMap;

pub const ROLLBACK_REVISION_NOT_FOUND: &str = "DeploymentRollbackRevisionNotFound";
pub const ROLLBACK_TEMPLATE_UNCHANGED: &str = "DeploymentRollbackTemplateUnchanged";
pub const ROLLBACK_DONE: &str = "DeploymentRollback";

/// `getRollbackTo`: the revision asked for by the legacy annotation (invalid → none).
pub fn rollback_to(d: &Deployment) -> Option<i64> {
    d.metadata
        .annotations
        .get(util::DEPRECATED_ROLLBACK_TO)
        .filter(|v| !v.is_empty())?
        .parse()
        .ok()
}

impl Dc<'_, '_> {
    /// `rollback`: the legacy annotation-driven rollback.
    pub(super) fn rollback(&mut self, d: &mut Deployment, rs_list: &[&ReplicaSet]) -> SyncResult {
        let (new_rs, old_rss) = self.get_all_replica_sets_and_sync_revision(d, rs_list, true)?;
        let all: Vec<&ReplicaSet> = old_rss.iter().copied().chain(new_rs.as_deref()).collect();
        let mut revision = rollback_to(d).unwrap_or(0);
        if revision == 0 {
            revision = util::last_revision(all.iter().copied());
            if revision == 0 {
                self.event(
                    d,
                    EventType::Warning,
                    ROLLBACK_REVISION_NOT_FOUND,
                    "Unable to find last revision.",
                );
                return self.update_deployment_and_clear_rollback_to(d);
            }
        }
        let target = all
            .iter()
            .find(|rs| util::revision(rs).ok() == Some(revision))
            .map(|rs| (*rs).clone());
        let Some(target) = target else {
            let msg = "Unable to find the revision to rollback to.";
            self.event(d, EventType::Warning, ROLLBACK_REVISION_NOT_FOUND, msg);
            return self.update_deployment_and_clear_rollback_to(d);
        };
        if util::equal_ignore_hash(&d.spec.template, &target.spec.template) {
            let msg = format!(
                "The rollback revision contains the same template as current deployment \"{}\"",
                d.metadata.name
            );
            self.event(d, EventType::Warning, ROLLBACK_TEMPLATE_UNCHANGED, &msg);
            return self.update_deployment_and_clear_rollback_to(d);
        }
        d.spec.template = template_without_hash(&target.spec.template);
        d.metadata.annotations = rollback_annotations(d, &target);
        self.update_deployment_and_clear_rollback_to(d)?;
        let msg = format!(
            "Rolled back deployment \"{}\" to revision {revision}",
            d.metadata.name
        );
        self.event(d, EventType::Normal, ROLLBACK_DONE, &msg);
        Ok(())
    }

    fn update_deployment_and_clear_rollback_to(&mut self, d: &mut Deployment) -> SyncResult {
        d.metadata.annotations.remove(util::DEPRECATED_ROLLBACK_TO);
        let mut copy = d.clone();
        copy.metadata.resource_version.clear();
        self.ctx.api.update(copy).map(|_| ()).map_err(|e| e.message)
    }
}

/// `SetFromReplicaSetTemplate`: the RS template without the hash label.
pub fn template_without_hash(t: &PodTemplateSpec) -> PodTemplateSpec {
    let mut t = t.clone();
    t.metadata.labels.remove(util::POD_TEMPLATE_HASH);
    t
}

/// `SetDeploymentAnnotationsTo` (and kubectl's patch): the Deployment's controller
/// annotations kept, every other annotation taken from the target RS.
pub fn rollback_annotations(d: &Deployment, target: &ReplicaSet) -> BTreeMap<String, String> {
    // Inserts rather than `collect()`: a collected BTreeMap sorts with its own copy of std's
    // sort (issue #9).
    let mut out = BTreeMap::new();
    for (k, v) in &d.metadata.annotations {
        if util::skip_copy_annotation(k) {
            out.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in &target.metadata.annotations {
        if !util::skip_copy_annotation(k) {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// What `kubectl rollout undo` does to a Deployment.
#[derive(Clone, Debug, PartialEq)]
pub enum Undo {
    /// The template already matches that revision: `skipped rollback (current template
    /// already matches revision N)`, N being the `--to-revision` value.
    Skipped { to_revision: i64 },
    /// Replace `spec.template` and `metadata.annotations` with these (one patch), then
    /// print `rolled back`.
    Patch {
        template: Box<PodTemplateSpec>,
        annotations: BTreeMap<String, String>,
        /// The revision rolled back to.
        revision: i64,
    },
}

/// kubectl's `DeploymentRollbacker.Rollback` (`polymorphichelpers/rollback.go`).
/// `owned` are the Deployment's ReplicaSets (controller reference to it); `to_revision`
/// is `--to-revision` (0 = the previous revision). Errors are kubectl's texts (printed
/// after `error: `).
pub fn undo(d: &Deployment, owned: &[ReplicaSet], to_revision: i64) -> Result<Undo, String> {
    let not_found = || format!("unable to find specified revision {to_revision} in history");
    if to_revision < 0 {
        return Err(not_found());
    }
    let target = revision_to_restore(d, owned, to_revision)?;
    if d.spec.paused {
        return Err("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".into());
    }
    if util::equal_ignore_hash(&target.spec.template, &d.spec.template) {
        return Ok(Undo::Skipped { to_revision });
    }
    Ok(Undo::Patch {
        template: Box::new(template_without_hash(&target.spec.template)),
        annotations: rollback_annotations(d, target),
        revision: util::revision(target).unwrap_or(0),
    })
}

/// kubectl's `deploymentRevision`: the RS with `to_revision`, or for 0 the second-newest.
pub fn revision_to_restore<'a>(
    d: &Deployment,
    owned: &'a [ReplicaSet],
    to_revision: i64,
) -> Result<&'a ReplicaSet, String> {
    let (mut latest, mut latest_rev): (Option<&ReplicaSet>, i64) = (None, -1);
    let (mut previous, mut previous_rev): (Option<&ReplicaSet>, i64) = (None, -1);
    for rs in owned {
        let Ok(v) = util::revision(rs) else { continue };
        if to_revision == 0 {
            if latest_rev < v {
                (previous, previous_rev) = (latest, latest_rev);
                (latest, latest_rev) = (Some(rs), v);
            } else if previous_rev < v {
                (previous, previous_rev) = (Some(rs), v);
            }
        } else if to_revision == v {
            return Ok(rs);
        }
    }
    if to_revision > 0 {
        return Err(format!(
            "unable to find specified revision {to_revision} in history"
        ));
    }
    previous.ok_or_else(|| {
        format!(
            "no rollout history found for deployment \"{}\"",
            d.metadata.name
        )
    })
}
