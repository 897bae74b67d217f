//! The garbage collector (`pkg/controller/garbagecollector/garbagecollector.go`):
//! deletes dependents whose owners are all gone (background cascade), carries out the
//! `foregroundDeletion` finalizer (dependents first, the owner once no dependent with
//! `blockOwnerDeletion` is left) and the `orphan` finalizer (owner references removed).
//!
//! Upstream keeps a dependency graph fed by informers; here the API server's owner index
//! is the graph, and the cluster routes every change of an owner or dependent here.

use super::{Context, WorkQueue};
use crate::api::meta::OwnerReference;
use crate::api::{Deployment, Kind, ObjectMeta, Pod, ReplicaSet, SharedObject};
use crate::apiserver::{
    DeleteOptions, ObjectKey, Propagation, Stored, FINALIZER_FOREGROUND, FINALIZER_ORPHAN,
};

#[derive(Debug, Default)]
pub struct GarbageCollector {
    pub queue: WorkQueue<(Kind, ObjectKey)>,
}

impl GarbageCollector {
    pub fn sync(&mut self, ctx: &mut Context, kind: Kind, key: &ObjectKey) {
        let Some(obj) = stored(ctx, kind, key) else {
            return;
        };
        let meta = obj.meta();
        if meta.deletion_timestamp.is_some() {
            if has_finalizer(meta, FINALIZER_ORPHAN) {
                orphan_dependents(ctx, meta);
                remove_finalizer(ctx, kind, key, FINALIZER_ORPHAN);
            }
            if has_finalizer(meta, FINALIZER_FOREGROUND) {
                self.process_deleting_dependents(ctx, kind, key, meta);
            }
            return;
        }
        if let Some(propagation) = attempt_to_delete_item(ctx, kind, key, meta) {
            drop(obj); // Or removing it would have to copy it.
            delete(ctx, kind, key, propagation);
        }
    }

    /// `processDeletingDependentsItem`: delete the dependents; drop the finalizer once no
    /// blocking dependent is left.
    fn process_deleting_dependents(
        &mut self,
        ctx: &mut Context,
        kind: Kind,
        key: &ObjectKey,
        meta: &ObjectMeta,
    ) {
        let dependents = ctx.api.dependents(&meta.uid);
        let blocking = dependents.iter().any(|(k, d)| {
            stored(ctx, *k, d).is_some_and(|o| {
                o.meta()
                    .owner_references
                    .iter()
                    .any(|r| r.uid == meta.uid && r.block_owner_deletion == Some(true))
            })
        });
        if !blocking {
            remove_finalizer(ctx, kind, key, FINALIZER_FOREGROUND);
            return;
        }
        for (k, d) in dependents {
            let deleting_dependents = stored(ctx, k, &d).is_some_and(|o| {
                o.meta().deletion_timestamp.is_some()
                    && has_finalizer(o.meta(), FINALIZER_FOREGROUND)
            });
            if !deleting_dependents {
                self.queue.add((k, d));
            }
        }
    }
}

/// The stored object, shared: the collector looks at most objects without writing them.
fn stored(ctx: &Context, kind: Kind, key: &ObjectKey) -> Option<SharedObject> {
    match kind {
        Kind::Pod => ctx.api.pods().shared(key).map(SharedObject::Pod),
        Kind::ReplicaSet => ctx
            .api
            .replicasets()
            .shared(key)
            .map(SharedObject::ReplicaSet),
        Kind::Deployment => ctx
            .api
            .deployments()
            .shared(key)
            .map(SharedObject::Deployment),
        _ => None,
    }
}

fn has_finalizer(meta: &ObjectMeta, f: &str) -> bool {
    meta.finalizers.iter().any(|x| x == f)
}

/// How an owner reference resolves (`classifyReferences`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerState {
    /// The owner exists and is not waiting for its dependents.
    Solid,
    /// The owner is gone (or its name now belongs to another uid).
    Dangling,
    /// The owner is being deleted in the foreground.
    WaitingForDependentsDeletion,
}

fn owner_state(ctx: &Context, ns: &str, r: &OwnerReference) -> OwnerState {
    let Some(kind) = Kind::from_name(&r.kind) else {
        return OwnerState::Solid; // Kinds the simulator does not model are assumed alive.
    };
    let key = ObjectKey::new(if kind.namespaced() { ns } else { "" }, &r.name);
    match stored(ctx, kind, &key).as_ref().map(SharedObject::meta) {
        Some(m) if m.uid == r.uid => {
            if m.deletion_timestamp.is_some() && has_finalizer(m, FINALIZER_FOREGROUND) {
                OwnerState::WaitingForDependentsDeletion
            } else {
                OwnerState::Solid
            }
        }
        Some(_) | None if matches!(kind, Kind::Pod | Kind::ReplicaSet | Kind::Deployment) => {
            OwnerState::Dangling
        }
        _ => OwnerState::Solid,
    }
}

/// `attemptToDeleteItem` for an object that is not being deleted: how to delete it, if it goes.
fn attempt_to_delete_item(
    ctx: &mut Context,
    kind: Kind,
    key: &ObjectKey,
    meta: &ObjectMeta,
) -> Option<Propagation> {
    if meta.owner_references.is_empty() {
        return None;
    }
    // Most items (every pod write comes here) have one solid owner: no list is built.
    let (mut solid, mut waiting, mut stale) = (false, false, false);
    for r in meta.owner_references.iter() {
        match owner_state(ctx, &meta.namespace, r) {
            OwnerState::Solid => solid = true,
            OwnerState::WaitingForDependentsDeletion => (waiting, stale) = (true, true),
            OwnerState::Dangling => stale = true,
        }
    }
    if solid {
        if stale {
            // Keep the item, but drop references to owners that are gone or going.
            let stale: Vec<String> = meta
                .owner_references
                .iter()
                .filter(|r| owner_state(ctx, &meta.namespace, r) != OwnerState::Solid)
                .map(|r| r.uid.clone())
                .collect();
            modify_meta(ctx, kind, key, |m| {
                m.owner_references.retain(|r| !stale.contains(&r.uid))
            });
        }
        return None;
    }
    let has_dependents = !ctx.api.dependents(&meta.uid).is_empty();
    Some(if waiting && has_dependents {
        Propagation::Foreground
    } else if has_finalizer(meta, FINALIZER_ORPHAN) {
        Propagation::Orphan
    } else if has_finalizer(meta, FINALIZER_FOREGROUND) {
        Propagation::Foreground
    } else {
        Propagation::Background
    })
}

fn delete(ctx: &mut Context, kind: Kind, key: &ObjectKey, propagation: Propagation) {
    let opts = DeleteOptions {
        propagation,
        ..Default::default()
    };
    let _ = match kind {
        Kind::Pod => ctx.api.delete::<Pod>(key, opts).map(|_| ()),
        Kind::ReplicaSet => ctx.api.delete::<ReplicaSet>(key, opts).map(|_| ()),
        Kind::Deployment => ctx.api.delete::<Deployment>(key, opts).map(|_| ()),
        _ => Ok(()),
    };
}

fn modify_meta(ctx: &mut Context, kind: Kind, key: &ObjectKey, f: impl FnOnce(&mut ObjectMeta)) {
    fn apply<T: Stored>(ctx: &mut Context, key: &ObjectKey, f: impl FnOnce(&mut ObjectMeta)) {
        let _ = ctx.api.modify::<T>(key, |o| f(o.meta_mut()));
    }
    match kind {
        Kind::Pod => apply::<Pod>(ctx, key, f),
        Kind::ReplicaSet => apply::<ReplicaSet>(ctx, key, f),
        Kind::Deployment => apply::<Deployment>(ctx, key, f),
        _ => {}
    }
}

/// `orphanDependents`: remove the owner reference from every dependent.
fn orphan_dependents(ctx: &mut Context, owner: &ObjectMeta) {
    for (kind, key) in ctx.api.dependents(&owner.uid) {
        let uid = owner.uid.clone();
        modify_meta(ctx, kind, &key, |m| {
            m.owner_references.retain(|r| r.uid != uid)
        });
    }
}

fn remove_finalizer(ctx: &mut Context, kind: Kind, key: &ObjectKey, finalizer: &str) {
    modify_meta(ctx, kind, key, |m| m.finalizers.retain(|f| f != finalizer));
}
