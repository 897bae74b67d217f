//! The garbage collector (`pkg/controller/garbagecollector`): deletes objects whose owners
//! are gone (background cascade), and carries out `foregroundDeletion` and `orphan`
//! finalizers.

use super::{Context, WorkQueue};
use crate::api::{Deployment, Kind, Pod, ReplicaSet};
use crate::apiserver::{
    DeleteOptions, ObjectKey, Propagation, Stored, FINALIZER_FOREGROUND, FINALIZER_ORPHAN,
};

#[derive(Debug, Default)]
pub struct GarbageCollector {
    pub queue: WorkQueue<(Kind, ObjectKey)>,
}

impl GarbageCollector {
    pub fn sync(&mut self, ctx: &mut Context, kind: Kind, key: &ObjectKey) {
        match kind {
            Kind::Pod => process::<Pod>(ctx, key),
            Kind::ReplicaSet => process::<ReplicaSet>(ctx, key),
            Kind::Deployment => process::<Deployment>(ctx, key),
            _ => {}
        }
    }
}

fn process<T: Stored>(ctx: &mut Context, key: &ObjectKey) {
    let Some(obj) = ctx.api.get::<T>(key).cloned() else {
        return;
    };
    let meta = obj.meta();
    if meta.deletion_timestamp.is_some() {
        if meta.finalizers.iter().any(|f| f == FINALIZER_ORPHAN) {
            orphan_dependents(ctx, &meta.namespace, &meta.uid);
            remove_finalizer::<T>(ctx, key, FINALIZER_ORPHAN);
        }
        if meta.finalizers.iter().any(|f| f == FINALIZER_FOREGROUND) {
            let dependents = dependents(ctx, &meta.namespace, &meta.uid);
            if dependents.is_empty() {
                remove_finalizer::<T>(ctx, key, FINALIZER_FOREGROUND);
            } else {
                let opts = DeleteOptions {
                    propagation: Propagation::Foreground,
                    ..Default::default()
                };
                for (kind, dep) in dependents {
                    delete(ctx, kind, &dep, opts);
                }
            }
        }
        return;
    }
    if meta.owner_references.is_empty() {
        return;
    }
    let owner_alive = meta.owner_references.iter().any(|r| {
        let owner_key = ObjectKey::new(meta.namespace.clone(), r.name.clone());
        let uid = match Kind::from_name(&r.kind) {
            Some(Kind::Deployment) => ctx
                .api
                .deployments()
                .get(&owner_key)
                .map(|o| o.metadata.uid.clone()),
            Some(Kind::ReplicaSet) => ctx
                .api
                .replicasets()
                .get(&owner_key)
                .map(|o| o.metadata.uid.clone()),
            Some(Kind::Pod) => ctx
                .api
                .pods()
                .get(&owner_key)
                .map(|o| o.metadata.uid.clone()),
            // Owners of kinds the simulator does not model are assumed alive.
            _ => Some(r.uid.clone()),
        };
        uid.as_deref() == Some(r.uid.as_str())
    });
    if !owner_alive {
        delete(ctx, T::KIND, key, DeleteOptions::default());
    }
}

fn delete(ctx: &mut Context, kind: Kind, key: &ObjectKey, opts: DeleteOptions) {
    let _ = match kind {
        Kind::Pod => ctx.api.delete::<Pod>(key, opts).map(|_| ()),
        Kind::ReplicaSet => ctx.api.delete::<ReplicaSet>(key, opts).map(|_| ()),
        Kind::Deployment => ctx.api.delete::<Deployment>(key, opts).map(|_| ()),
        _ => Ok(()),
    };
}

/// Objects with an owner reference to `uid`, as (kind, key).
fn dependents(ctx: &Context, ns: &str, uid: &str) -> Vec<(Kind, ObjectKey)> {
    let owns = |refs: &[crate::api::meta::OwnerReference]| refs.iter().any(|r| r.uid == uid);
    let mut out: Vec<(Kind, ObjectKey)> = Vec::new();
    out.extend(
        ctx.api
            .replicasets()
            .in_namespace(ns)
            .filter(|o| owns(&o.metadata.owner_references))
            .map(|o| (Kind::ReplicaSet, ObjectKey::of(o))),
    );
    out.extend(
        ctx.api
            .pods()
            .in_namespace(ns)
            .filter(|o| owns(&o.metadata.owner_references))
            .map(|o| (Kind::Pod, ObjectKey::of(o))),
    );
    out
}

fn orphan_dependents(ctx: &mut Context, ns: &str, uid: &str) {
    for (kind, key) in dependents(ctx, ns, uid) {
        let strip =
            |refs: &mut Vec<crate::api::meta::OwnerReference>| refs.retain(|r| r.uid != uid);
        let _ = match kind {
            Kind::Pod => ctx
                .api
                .modify::<Pod>(&key, |o| strip(&mut o.metadata.owner_references))
                .map(|_| ()),
            Kind::ReplicaSet => ctx
                .api
                .modify::<ReplicaSet>(&key, |o| strip(&mut o.metadata.owner_references))
                .map(|_| ()),
            _ => Ok(()),
        };
    }
}

fn remove_finalizer<T: Stored>(ctx: &mut Context, key: &ObjectKey, finalizer: &str) {
    let _ = ctx
        .api
        .modify::<T>(key, |o| o.meta_mut().finalizers.retain(|f| f != finalizer));
}
