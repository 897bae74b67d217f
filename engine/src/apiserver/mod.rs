//! The simulated API server: a typed object store with resourceVersions, generations,
//! uids, name generation, graceful deletion and a log of watch events that the cluster's
//! informers drain to wake controllers.

pub mod admission;
pub mod defaults;
pub mod errors;
mod events;
pub mod names;
mod rs_index;
pub mod validation;

use crate::api::{
    Deployment, Event, Kind, Namespace, Node, Object, Pod, ReplicaSet, Resource, SharedObject,
};
use crate::record::Fx;
use crate::rng::Rng;
use crate::time::Time;
pub use errors::{ApiError, Reason};
use std::cell::OnceCell;
use std::collections::hash_map::{Entry, VacantEntry};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

/// Where an object lives: `(namespace, name)`; cluster-scoped objects have an empty namespace.
///
/// Keys are copied into every index, queue and tally, and compared on every lookup, so both
/// parts are shared strings: a clone bumps two counters instead of copying two strings. The
/// few namespaces are interned, which makes comparing them mostly a pointer comparison.
/// Ordering is `(namespace, name)` by bytes, as with plain strings: listings depend on it.
#[derive(Clone, Debug)]
pub struct ObjectKey {
    namespace: Rc<str>,
    name: Rc<str>,
}

impl ObjectKey {
    pub fn new(namespace: impl AsRef<str>, name: impl AsRef<str>) -> Self {
        ObjectKey {
            namespace: intern_namespace(namespace.as_ref()),
            name: Rc::from(name.as_ref()),
        }
    }
    pub fn of<T: Resource>(obj: &T) -> Self {
        ObjectKey::new(&obj.meta().namespace, &obj.meta().name)
    }
    pub fn namespace(&self) -> &str {
        &self.namespace
    }
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Equal strings, trying the pointer first (interned namespaces, clones of one key).
fn same(a: &Rc<str>, b: &Rc<str>) -> bool {
    Rc::ptr_eq(a, b) || a == b
}

fn compare(a: &Rc<str>, b: &Rc<str>) -> std::cmp::Ordering {
    if Rc::ptr_eq(a, b) {
        std::cmp::Ordering::Equal
    } else {
        a.cmp(b)
    }
}

impl PartialEq for ObjectKey {
    fn eq(&self, other: &Self) -> bool {
        same(&self.name, &other.name) && same(&self.namespace, &other.namespace)
    }
}

impl Eq for ObjectKey {}

impl Ord for ObjectKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        compare(&self.namespace, &other.namespace).then_with(|| compare(&self.name, &other.name))
    }
}

impl PartialOrd for ObjectKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Hashes the bytes, exactly as the pair of strings it replaced did (hashed maps keep their
/// iteration order).
impl std::hash::Hash for ObjectKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.namespace.hash(state);
        self.name.hash(state);
    }
}

/// The interned namespaces. Keys are made one after another for objects of one namespace,
/// or for cluster-scoped ones: those two are found without hashing.
struct Namespaces {
    empty: Rc<str>,
    last: Rc<str>,
    /// Every namespace a key was made for (a handful per cluster; never freed).
    all: std::collections::HashSet<Rc<str>, Fx>,
}

thread_local! {
    static NAMESPACES: std::cell::RefCell<Namespaces> = {
        let empty: Rc<str> = Rc::from("");
        std::cell::RefCell::new(Namespaces {
            last: empty.clone(),
            all: [empty.clone()].into_iter().collect(),
            empty,
        })
    };
}

/// The one shared copy of `ns`.
fn intern_namespace(ns: &str) -> Rc<str> {
    NAMESPACES.with_borrow_mut(|known| {
        if ns.is_empty() {
            return known.empty.clone();
        }
        if *known.last == *ns {
            return known.last.clone();
        }
        let rc = match known.all.get(ns) {
            Some(rc) => rc.clone(),
            None => {
                let rc: Rc<str> = Rc::from(ns);
                known.all.insert(rc.clone());
                rc
            }
        };
        known.last = rc.clone();
        rc
    })
}

impl std::fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(&self.name)
        } else {
            write!(f, "{}/{}", self.namespace, self.name)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchEventType {
    Added,
    Modified,
    Deleted,
}

impl WatchEventType {
    pub fn as_str(self) -> &'static str {
        match self {
            WatchEventType::Added => "ADDED",
            WatchEventType::Modified => "MODIFIED",
            WatchEventType::Deleted => "DELETED",
        }
    }
}

/// One change, with the object as it was right after the change: the store's own copy,
/// shared until the store writes that object again.
#[derive(Clone, Debug)]
pub struct WatchEvent {
    pub type_: WatchEventType,
    pub object: SharedObject,
    pub at: Time,
}

/// All stored objects of one kind. Each object is shared with the watch events that carry
/// it (the engine is single-threaded, in wasm too). Point lookups hash the key: names of one
/// ReplicaSet's pods (and their events) share a long prefix, which made every comparison of
/// an ordered map's search long. The objects live in numbered slots (the key map is one
/// type for every kind); listings walk the slots in (namespace, name) order, sorted by the
/// first listing after an object came or went.
#[derive(Clone, Debug)]
pub struct Table<T> {
    slots: HashMap<ObjectKey, usize, Fx>,
    objects: Vec<Option<Rc<T>>>,
    /// Empty slots, reused first.
    free: Vec<usize>,
    order: OnceCell<Vec<usize>>,
    /// Moves on every write (or possible write) of a stored object: a reader that keeps
    /// facts about every object (the scheduler about every node) checks them once per
    /// decision instead of once per object.
    writes: u64,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            slots: HashMap::default(),
            objects: Vec::new(),
            free: Vec::new(),
            order: OnceCell::new(),
            writes: 0,
        }
    }
}

/// An empty slot of a [`Table`] for one key, from [`Table::vacant`].
pub(crate) struct Vacant<'a, T> {
    slot: VacantEntry<'a, ObjectKey, usize>,
    objects: &'a mut Vec<Option<Rc<T>>>,
    free: &'a mut Vec<usize>,
}

impl<'a, T> Vacant<'a, T> {
    pub(crate) fn insert(self, obj: Rc<T>) -> &'a Rc<T> {
        let objects = self.objects;
        let n = self.free.pop().unwrap_or_else(|| {
            objects.push(None);
            objects.len() - 1
        });
        self.slot.insert(n);
        objects[n].insert(obj)
    }
}

impl<T: Resource> Table<T> {
    pub fn get(&self, key: &ObjectKey) -> Option<&T> {
        self.get_rc(key).map(|o| &**o)
    }
    fn get_rc(&self, key: &ObjectKey) -> Option<&Rc<T>> {
        self.objects.get(*self.slots.get(key)?)?.as_ref()
    }
    /// The stored object itself, for a reader that also writes the store: drop it before
    /// writing that object, or the write has to copy it.
    pub fn shared(&self, key: &ObjectKey) -> Option<Rc<T>> {
        self.get_rc(key).cloned()
    }
    /// The slots in (namespace, name) order of their keys.
    fn order(&self) -> &[usize] {
        self.order.get_or_init(|| {
            let mut keyed: Vec<(&ObjectKey, usize)> =
                self.slots.iter().map(|(k, n)| (k, *n)).collect();
            crate::sort::stable_by(&mut keyed, |a, b| a.0.cmp(b.0));
            keyed.into_iter().map(|(_, n)| n).collect()
        })
    }
    fn in_order<'a>(&'a self, order: &'a [usize]) -> impl Iterator<Item = &'a T> + 'a {
        order
            .iter()
            .filter_map(|n| self.objects.get(*n)?.as_deref())
    }
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.in_order(self.order())
    }
    /// The object at position `i` of [`Table::iter`]'s order.
    pub fn at(&self, i: usize) -> Option<&T> {
        let n = *self.order().get(i)?;
        self.objects.get(n)?.as_deref()
    }
    pub fn in_namespace<'a>(&'a self, ns: &'a str) -> impl Iterator<Item = &'a T> + 'a {
        let order = self.order();
        let namespace = |n: &usize| {
            self.objects
                .get(*n)
                .and_then(Option::as_ref)
                .map_or("", |o| o.meta().namespace.as_str())
        };
        let start = order.partition_point(|n| namespace(n) < ns);
        let end = start + order[start..].partition_point(|n| namespace(n) == ns);
        self.in_order(&order[start..end])
    }
    pub fn len(&self) -> usize {
        self.slots.len()
    }
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
    /// A count of the writes so far: equal counts of one table mean the same objects, in
    /// the same order, unchanged.
    pub fn writes(&self) -> u64 {
        self.writes
    }
    fn get_mut(&mut self, key: &ObjectKey) -> Option<&mut Rc<T>> {
        let slot = self.objects.get_mut(*self.slots.get(key)?)?.as_mut()?;
        self.writes += 1;
        Some(slot)
    }
    /// Stores `obj` under `key` (its own: listings read a namespace from the object);
    /// returns what was there.
    fn insert(&mut self, key: &ObjectKey, obj: Rc<T>) -> Option<Rc<T>> {
        debug_assert!(*key == ObjectKey::of(&*obj), "stored under another key");
        if let Some(slot) = self.get_mut(key) {
            return Some(std::mem::replace(slot, obj));
        }
        if let Some(vacant) = self.vacant(key.clone()) {
            vacant.insert(obj);
        }
        None
    }
    /// The empty slot for `key`, `None` if an object is stored there.
    pub(crate) fn vacant(&mut self, key: ObjectKey) -> Option<Vacant<'_, T>> {
        match self.slots.entry(key) {
            Entry::Vacant(slot) => {
                self.order.take();
                self.writes += 1;
                Some(Vacant {
                    slot,
                    objects: &mut self.objects,
                    free: &mut self.free,
                })
            }
            Entry::Occupied(_) => None,
        }
    }
    fn remove(&mut self, key: &ObjectKey) -> Option<Rc<T>> {
        let n = self.slots.remove(key)?;
        self.order.take();
        self.writes += 1;
        let obj = self.objects.get_mut(n)?.take();
        self.free.push(n);
        obj
    }
}

/// Lets generic store code find the table of a kind.
pub trait Stored: Resource {
    fn table(api: &ApiServer) -> &Table<Self>;
    fn table_mut(api: &mut ApiServer) -> &mut Table<Self>;
    /// The table and the resourceVersion counter at once (a write in place bumps both).
    fn table_and_version(api: &mut ApiServer) -> (&mut Table<Self>, &mut u64);
    /// Mutating admission that needs the stamped uid (pods: the ServiceAccount token).
    fn admit(&mut self) {}
}

macro_rules! stored {
    ($ty:ident, $field:ident $(, $admit:path)?) => {
        impl Stored for $ty {
            fn table(api: &ApiServer) -> &Table<Self> {
                &api.$field
            }
            fn table_mut(api: &mut ApiServer) -> &mut Table<Self> {
                &mut api.$field
            }
            fn table_and_version(api: &mut ApiServer) -> (&mut Table<Self>, &mut u64) {
                (&mut api.$field, &mut api.resource_version)
            }
            $(fn admit(&mut self) {
                $admit(self)
            })?
        }
    };
}

/// How a delete should treat dependents (`propagationPolicy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Propagation {
    #[default]
    Background,
    Foreground,
    Orphan,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct DeleteOptions {
    /// `gracePeriodSeconds`; `None` uses the object's own (pods: terminationGracePeriodSeconds).
    pub grace_period_seconds: Option<i64>,
    pub propagation: Propagation,
}

pub const FINALIZER_FOREGROUND: &str = "foregroundDeletion";
pub const FINALIZER_ORPHAN: &str = "orphan";

#[derive(Debug)]
pub struct ApiServer {
    /// The clock's current instant; the cluster sets it before anything acts.
    pub now: Time,
    pub rng: Rng,
    resource_version: u64,
    namespaces: Table<Namespace>,
    nodes: Table<Node>,
    pods: Table<Pod>,
    replicasets: Table<ReplicaSet>,
    deployments: Table<Deployment>,
    events: Table<Event>,
    watch_log: Vec<WatchEvent>,
    /// A batch handed back empty ([`ApiServer::recycle_watch_events`]): the next log.
    spare_watch_log: Vec<WatchEvent>,
    /// Set while the pending watch events will only be routed to the components and then
    /// dropped (no host keeps them): see [`ApiServer::remove`].
    watch_routed_only: bool,
    owners: OwnerIndex,
    /// Pods written since their controlling ReplicaSet's controller last asked, by that
    /// ReplicaSet's uid (before and after the write): what its pod counts must look at again.
    pod_changes: HashMap<String, PodChanges, Fx>,
    /// A taken set handed back empty ([`ApiServer::recycle_pod_changes`]): the next one
    /// started, with room (an empty set regrew by doubling after every take).
    spare_pod_changes: PodChanges,
    /// The simulated storage quota: pods the store holds at most (`None`: no limit).
    pod_limit: Option<usize>,
}

/// Keys of written pods, hashed: a pod is written several times between two syncs of its
/// ReplicaSet, and the order they are looked at again in does not matter.
pub(crate) type PodChanges = std::collections::HashSet<ObjectKey, Fx>;

/// Pods, ReplicaSets and Deployments by the uid of every owner they reference, and those
/// without a controller (client-go's indexers: controllers and the garbage collector look
/// up dependents without scanning the namespace).
#[derive(Debug, Default)]
struct OwnerIndex {
    by_owner: HashMap<String, BTreeSet<(Kind, ObjectKey)>, Fx>,
    uncontrolled: BTreeSet<(Kind, ObjectKey)>,
}

impl OwnerIndex {
    fn indexed(kind: Kind) -> bool {
        matches!(kind, Kind::Pod | Kind::ReplicaSet | Kind::Deployment)
    }

    fn update(
        &mut self,
        kind: Kind,
        key: &ObjectKey,
        old: Option<&crate::api::ObjectMeta>,
        new: Option<&crate::api::ObjectMeta>,
    ) {
        if !Self::indexed(kind) {
            return;
        }
        if let (Some(o), Some(n)) = (old, new) {
            if o.owner_references == n.owner_references {
                return;
            }
        }
        let entry = (kind, key.clone());
        if let Some(m) = old {
            for r in m.owner_references.iter() {
                if let Some(set) = self.by_owner.get_mut(&r.uid) {
                    set.remove(&entry);
                    if set.is_empty() {
                        self.by_owner.remove(&r.uid);
                    }
                }
            }
            self.uncontrolled.remove(&entry);
        }
        if let Some(m) = new {
            for r in m.owner_references.iter() {
                // Looked up first: the owner is usually indexed already (no uid copy).
                match self.by_owner.get_mut(&r.uid) {
                    Some(set) => set.insert(entry.clone()),
                    None => self
                        .by_owner
                        .entry(r.uid.clone())
                        .or_default()
                        .insert(entry.clone()),
                };
            }
            if m.controller_ref().is_none() {
                self.uncontrolled.insert(entry);
            }
        }
    }
}

stored!(Namespace, namespaces);
stored!(Node, nodes);
stored!(Pod, pods, admission::service_account);
stored!(ReplicaSet, replicasets);
stored!(Deployment, deployments);
stored!(Event, events);

impl ApiServer {
    pub fn new(now: Time, seed: u64) -> Self {
        ApiServer {
            now,
            rng: Rng::new(seed),
            resource_version: 0,
            namespaces: Table::default(),
            nodes: Table::default(),
            pods: Table::default(),
            replicasets: Table::default(),
            deployments: Table::default(),
            events: Table::default(),
            watch_log: Vec::new(),
            spare_watch_log: Vec::new(),
            watch_routed_only: false,
            owners: OwnerIndex::default(),
            pod_changes: HashMap::default(),
            spare_pod_changes: PodChanges::default(),
            pod_limit: None,
        }
    }

    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    pub fn pods(&self) -> &Table<Pod> {
        &self.pods
    }
    pub fn replicasets(&self) -> &Table<ReplicaSet> {
        &self.replicasets
    }
    pub fn deployments(&self) -> &Table<Deployment> {
        &self.deployments
    }
    pub fn nodes(&self) -> &Table<Node> {
        &self.nodes
    }
    pub fn namespaces(&self) -> &Table<Namespace> {
        &self.namespaces
    }
    pub fn events(&self) -> &Table<Event> {
        &self.events
    }

    /// Pods, ReplicaSets and Deployments with an owner reference to `owner_uid`.
    pub fn dependents(&self, owner_uid: &str) -> Vec<(Kind, ObjectKey)> {
        self.owners
            .by_owner
            .get(owner_uid)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Keys of the objects of `kind` with an owner reference to `owner_uid`, in key order.
    pub fn owned_by(&self, kind: Kind, owner_uid: &str) -> Vec<ObjectKey> {
        self.owned_keys(kind, owner_uid).cloned().collect()
    }

    /// As [`ApiServer::owned_by`], without copying the keys.
    pub fn owned_keys<'a>(
        &'a self,
        kind: Kind,
        owner_uid: &str,
    ) -> impl Iterator<Item = &'a ObjectKey> + 'a {
        self.owners
            .by_owner
            .get(owner_uid)
            .into_iter()
            .flat_map(move |s| {
                s.range((kind, ObjectKey::new("", ""))..)
                    .take_while(move |(k, _)| *k == kind)
                    .map(|(_, key)| key)
            })
    }

    /// Keys of the objects of `kind` in `ns` that have no controller (adoption candidates).
    pub fn uncontrolled(&self, kind: Kind, ns: &str) -> Vec<ObjectKey> {
        let start = (kind, ObjectKey::new(ns, ""));
        self.owners
            .uncontrolled
            .range(start..)
            .take_while(|(k, key)| *k == kind && key.namespace() == ns)
            .map(|(_, key)| key.clone())
            .collect()
    }

    /// The stored objects of type `T` with an owner reference to `owner_uid`, in key order.
    pub fn owned<'a, T: Stored>(&'a self, owner_uid: &str) -> impl Iterator<Item = &'a T> + 'a {
        let table = T::table(self);
        self.owned_keys(T::KIND, owner_uid)
            .filter_map(move |k| table.get(k))
    }

    /// The pods bound to `node` (`spec.nodeName`), in key order. A scan: the kubelets and
    /// the scheduler keep their own per-node views, and a kept index (a sorted set per
    /// node) cost every binding and removal a search among cold keys (2 % of the run at
    /// 10 000 replicas) for no reader.
    pub fn pods_on_node<'a>(&'a self, node: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
        self.pods
            .iter()
            .filter(move |p| !node.is_empty() && p.spec.node_name == node)
    }

    /// How many pods are bound to `node`.
    pub fn pod_count_on_node(&self, node: &str) -> usize {
        self.pods_on_node(node).count()
    }

    /// The pods created, written or removed since the last call for the ReplicaSet with
    /// `rs_uid` that it controlled before or after the write, unordered; the first call
    /// starts the watch and returns nothing. The ReplicaSet controller keeps its pod counts
    /// from these instead of recounting every pod at every sync.
    pub(crate) fn take_pod_changes(&mut self, rs_uid: &str) -> PodChanges {
        match self.pod_changes.get_mut(rs_uid) {
            Some(set) => std::mem::replace(set, std::mem::take(&mut self.spare_pod_changes)),
            None => {
                self.pod_changes
                    .insert(rs_uid.to_string(), PodChanges::default());
                PodChanges::default()
            }
        }
    }

    /// Hands back a set from [`ApiServer::take_pod_changes`] once read: its room is reused.
    pub(crate) fn recycle_pod_changes(&mut self, mut set: PodChanges) {
        set.clear();
        if set.capacity() > self.spare_pod_changes.capacity() {
            self.spare_pod_changes = set;
        }
    }

    /// Stops [`ApiServer::take_pod_changes`] for `rs_uid` (removing the ReplicaSet does too).
    pub fn forget_pod_changes(&mut self, rs_uid: &str) {
        self.pod_changes.remove(rs_uid);
    }

    pub fn get<T: Stored>(&self, key: &ObjectKey) -> Option<&T> {
        T::table(self).get(key)
    }

    /// Any object by kind and key, as an [`Object`].
    pub fn get_object(&self, kind: Kind, key: &ObjectKey) -> Option<Object> {
        match kind {
            Kind::Namespace => self.namespaces.get(key).cloned().map(Object::Namespace),
            Kind::Node => self.nodes.get(key).cloned().map(Object::Node),
            Kind::Pod => self.pods.get(key).cloned().map(Object::Pod),
            Kind::ReplicaSet => self.replicasets.get(key).cloned().map(Object::ReplicaSet),
            Kind::Deployment => self.deployments.get(key).cloned().map(Object::Deployment),
            Kind::Event => self.events.get(key).cloned().map(Object::Event),
        }
    }

    /// All objects of a kind, in (namespace, name) order; `ns = None` means all namespaces.
    pub fn list_objects(&self, kind: Kind, ns: Option<&str>) -> Vec<Object> {
        fn pick<T: Resource>(t: &Table<T>, ns: Option<&str>) -> Vec<Object> {
            match ns {
                Some(ns) => t.in_namespace(ns).cloned().map(T::into_object).collect(),
                None => t.iter().cloned().map(T::into_object).collect(),
            }
        }
        let ns = if kind.namespaced() { ns } else { None };
        match kind {
            Kind::Namespace => pick(&self.namespaces, ns),
            Kind::Node => pick(&self.nodes, ns),
            Kind::Pod => pick(&self.pods, ns),
            Kind::ReplicaSet => pick(&self.replicasets, ns),
            Kind::Deployment => pick(&self.deployments, ns),
            Kind::Event => pick(&self.events, ns),
        }
    }

    /// Whether changes were made that the informers have not taken yet.
    pub fn has_unrouted_changes(&self) -> bool {
        !self.watch_log.is_empty()
    }

    /// Takes the watch events recorded since the last call (the informers' feed).
    pub fn take_watch_events(&mut self) -> Vec<WatchEvent> {
        // The next pass usually writes about as much: start with room for it rather than
        // regrowing by doubling. The room is a recycled batch's when there is one: at
        // 10 000 replicas a pass logs ~10 000 events, and a fresh buffer that size each
        // pass came from new pages (page faults) every time.
        let mut next = std::mem::take(&mut self.spare_watch_log);
        next.reserve(self.watch_log.len());
        std::mem::replace(&mut self.watch_log, next)
    }

    /// Hands back a batch from [`ApiServer::take_watch_events`] once it is read: its
    /// events are dropped now and its room is reused for a later batch.
    pub fn recycle_watch_events(&mut self, mut events: Vec<WatchEvent>) {
        events.clear();
        if events.capacity() > self.spare_watch_log.capacity() {
            self.spare_watch_log = events;
        }
    }

    /// Says whether the watch events recorded from now on will only be routed to the
    /// components (which read no pod's resourceVersion) and dropped, never shown to a host.
    pub(crate) fn set_watch_routed_only(&mut self, on: bool) {
        self.watch_routed_only = on;
    }

    /// How many watch events are waiting for [`ApiServer::take_watch_events`].
    pub fn pending_watch_events(&self) -> usize {
        self.watch_log.len()
    }

    /// Stores `obj` under `key`, keeping the indexes; returns what was there.
    fn put<T: Stored>(&mut self, key: &ObjectKey, obj: Rc<T>) -> Option<Rc<T>> {
        let previous = T::table_mut(self).insert(key, Rc::clone(&obj));
        self.index(key, previous.as_deref(), Some(&*obj));
        previous
    }

    /// Removes the object under `key`, keeping the indexes.
    fn take<T: Stored>(&mut self, key: &ObjectKey) -> Option<Rc<T>> {
        let obj = T::table_mut(self).remove(key)?;
        self.index(key, Some(&*obj), None);
        Some(obj)
    }

    fn index<T: Stored>(&mut self, key: &ObjectKey, old: Option<&T>, new: Option<&T>) {
        self.owners
            .update(T::KIND, key, old.map(|o| o.meta()), new.map(|n| n.meta()));
        if T::KIND == Kind::ReplicaSet && new.is_none() {
            if let Some(o) = old {
                self.pod_changes.remove(&o.meta().uid);
            }
        }
        if T::KIND != Kind::Pod {
            return;
        }
        for meta in [old, new].into_iter().flatten().map(Resource::meta) {
            if let Some(r) = meta.controller_ref().filter(|r| r.kind == "ReplicaSet") {
                if let Some(set) = self.pod_changes.get_mut(&r.uid) {
                    set.insert(key.clone());
                }
            }
        }
    }

    /// Sets the simulated storage quota on pods ([`crate::ClusterConfig::max_pods`]).
    pub fn set_pod_limit(&mut self, limit: Option<usize>) {
        self.pod_limit = limit;
    }

    /// The storage quota's answer to storing `new` more pods: etcd's space error when they
    /// do not fit (an `import` checks its whole file before storing anything).
    pub fn check_pod_room(&self, new: usize) -> Result<(), ApiError> {
        match self.pod_limit {
            Some(max) if self.pods.len().saturating_add(new) > max => Err(ApiError::no_space()),
            _ => Ok(()),
        }
    }

    /// Gives `rv` the next resourceVersion.
    fn bump_rv(&mut self, rv: &mut String) {
        next_version(&mut self.resource_version, rv);
    }

    fn record<T: Resource>(&mut self, type_: WatchEventType, obj: &Rc<T>) {
        self.watch_log.push(WatchEvent {
            type_,
            object: T::share(Rc::clone(obj)),
            at: self.now,
        });
    }

    /// POST: names a `generateName` object, stamps uid, resourceVersion, creationTimestamp
    /// and generation. Defaulting and validation are the caller's (see [`defaults`],
    /// [`validation`]) so that controllers and kubectl share one path.
    pub fn create<T: Stored>(&mut self, mut obj: T) -> Result<Rc<T>, ApiError> {
        let kind = T::KIND;
        if kind.namespaced() {
            if obj.meta().namespace.is_empty() {
                obj.meta_mut().namespace = "default".into();
            }
            let ns = &obj.meta().namespace;
            if kind != Kind::Event && self.namespaces.get(&ObjectKey::new("", ns)).is_none() {
                return Err(ApiError::namespace_not_found(ns));
            }
            if kind == Kind::Pod && self.pod_limit.is_some_and(|max| self.pods.len() >= max) {
                return Err(ApiError::no_space());
            }
        } else {
            obj.meta_mut().namespace.clear();
        }
        let key = if obj.meta().name.is_empty() {
            let meta = obj.meta_mut();
            if meta.generate_name.is_empty() {
                return Err(ApiError::invalid(
                    kind,
                    "",
                    &["metadata.name: Required value: name or generateName is required".into()],
                ));
            }
            // The API server retries a generated name that already exists.
            loop {
                let name = names::generate_name(&mut self.rng, &meta.generate_name);
                let key = ObjectKey::new(&meta.namespace, &name);
                if T::table(self).get(&key).is_none() {
                    meta.name = name;
                    break key;
                }
            }
        } else {
            ObjectKey::of(&obj)
        };
        if T::table(self).get(&key).is_some() {
            return Err(ApiError::already_exists(kind, key.name()));
        }
        obj.set_type_meta();
        let meta = obj.meta_mut();
        meta.uid = self.rng.uuid();
        meta.creation_timestamp = Some(self.now.truncate_to_seconds());
        meta.deletion_timestamp = None;
        meta.deletion_grace_period_seconds = None;
        obj.admit();
        if matches!(kind, Kind::Deployment | Kind::ReplicaSet) {
            obj.meta_mut().generation = 1;
        }
        self.bump_rv(&mut obj.meta_mut().resource_version);
        let obj = Rc::new(obj);
        self.record(WatchEventType::Added, &obj);
        self.put(&key, Rc::clone(&obj));
        Ok(obj)
    }

    /// PUT on the main resource: replaces metadata and spec, keeps the stored status (as the
    /// real API server does). A non-empty `resourceVersion` must match the stored one;
    /// `generation` moves when the spec changes.
    pub fn update<T: Stored>(&mut self, obj: T) -> Result<Rc<T>, ApiError> {
        self.write(obj, Subresource::Main)
    }

    /// PUT on the status subresource: replaces status only.
    pub fn update_status<T: Stored>(&mut self, obj: T) -> Result<Rc<T>, ApiError> {
        self.write(obj, Subresource::Status)
    }

    /// PUT on the status subresource of a kind whose status strategy keeps annotations
    /// (`deploymentStatusStrategy.PrepareForUpdate` resets only spec and labels): the
    /// Deployment controller's revision annotation and its status in one write, one event.
    pub fn update_status_and_annotations<T: Stored>(&mut self, obj: T) -> Result<Rc<T>, ApiError> {
        self.write(obj, Subresource::StatusAndAnnotations)
    }

    fn write<T: Stored>(&mut self, mut obj: T, to: Subresource) -> Result<Rc<T>, ApiError> {
        let key = ObjectKey::of(&obj);
        let Some(old) = T::table(self).get_rc(&key) else {
            return Err(ApiError::not_found(T::KIND, key.name()));
        };
        if !obj.meta().resource_version.is_empty()
            && obj.meta().resource_version != old.meta().resource_version
        {
            return Err(ApiError::conflict(T::KIND, key.name()));
        }
        if to != Subresource::Main {
            return Ok(self.write_status(&key, obj, to));
        }
        obj.copy_status_from(old);
        let old_meta = old.meta();
        let spec_changed = old_meta.generation > 0 && !old.spec_eq(&obj);
        let generation = old_meta.generation + i64::from(spec_changed);
        let (uid, created) = (old_meta.uid.clone(), old_meta.creation_timestamp);
        let (deleting, grace) = (
            old_meta.deletion_timestamp,
            old_meta.deletion_grace_period_seconds,
        );
        let rv = old_meta.resource_version.clone();
        obj.set_type_meta();
        let m = obj.meta_mut();
        m.uid = uid;
        m.creation_timestamp = created;
        m.deletion_timestamp = deleting;
        m.deletion_grace_period_seconds = grace;
        m.generation = generation;
        m.resource_version = rv;
        if **old == obj {
            // A no-op update does not bump resourceVersion, as in etcd3 storage.
            return Ok(Rc::clone(old));
        }
        self.bump_rv(&mut obj.meta_mut().resource_version);
        let obj = Rc::new(obj);
        self.record(WatchEventType::Modified, &obj);
        self.put(&key, Rc::clone(&obj));
        self.finish_deletion_if_done::<T>(&key);
        Ok(obj)
    }

    /// A status write of the stored object under `key` (checked to exist): moves `obj`'s
    /// status (and annotations if `to` says so) into the stored object, in place unless a
    /// watch event still holds it.
    fn write_status<T: Stored>(&mut self, key: &ObjectKey, mut obj: T, to: Subresource) -> Rc<T> {
        let annotations = to == Subresource::StatusAndAnnotations;
        let (table, version) = T::table_and_version(self);
        let Some(slot) = table.get_mut(key) else {
            return Rc::new(obj); // Unreachable: the caller found it.
        };
        if obj.status_eq(slot)
            && (!annotations || obj.meta().annotations == slot.meta().annotations)
        {
            return Rc::clone(slot); // A no-op: no new resourceVersion.
        }
        match Rc::get_mut(slot) {
            Some(stored) => {
                stored.swap_status(&mut obj);
                if annotations {
                    std::mem::swap(
                        &mut stored.meta_mut().annotations,
                        &mut obj.meta_mut().annotations,
                    );
                }
            }
            None => {
                // A watch event holds the stored object: a new one with its metadata and
                // spec around the new status (not a copy of the old status to replace).
                let new_annotations =
                    annotations.then(|| std::mem::take(&mut obj.meta_mut().annotations));
                obj.copy_spec_from(slot);
                if let Some(a) = new_annotations {
                    obj.meta_mut().annotations = a;
                }
                *slot = Rc::new(obj);
            }
        }
        // Not shared any more.
        next_version(version, &mut Rc::make_mut(slot).meta_mut().resource_version);
        let obj = Rc::clone(slot);
        self.record(WatchEventType::Modified, &obj);
        // Metadata and spec are unchanged: this only notes the pod for its ReplicaSet.
        self.index(key, Some(&*obj), Some(&*obj));
        self.finish_deletion_if_done::<T>(key);
        obj
    }

    /// Applies `f` to the stored object and writes metadata and spec back if they changed.
    pub fn modify<T: Stored>(
        &mut self,
        key: &ObjectKey,
        f: impl FnOnce(&mut T),
    ) -> Result<Rc<T>, ApiError> {
        let Some(mut obj) = T::table(self).get(key).cloned() else {
            return Err(ApiError::not_found(T::KIND, key.name()));
        };
        f(&mut obj);
        self.update(obj)
    }

    /// A subresource that writes spec and status together in one update (one MODIFIED), as
    /// `pods/binding` does for `spec.nodeName` and `PodScheduled` (`assignPod`).
    pub fn modify_with_status<T: Stored>(
        &mut self,
        key: &ObjectKey,
        f: impl FnOnce(&mut T),
    ) -> Result<Rc<T>, ApiError> {
        let Some(old) = T::table(self).get_rc(key) else {
            return Err(ApiError::not_found(T::KIND, key.name()));
        };
        let mut obj = (**old).clone();
        f(&mut obj);
        if **old == obj {
            return Ok(Rc::clone(old));
        }
        self.bump_rv(&mut obj.meta_mut().resource_version);
        let obj = Rc::new(obj);
        self.record(WatchEventType::Modified, &obj);
        self.put(key, Rc::clone(&obj));
        Ok(obj)
    }

    /// `pods/binding` (`assignPod`): sets `spec.nodeName` of a pod not bound yet and lets
    /// `f` set its `PodScheduled` condition, in one write (one MODIFIED). In place: the pod
    /// is copied only while a watch event still holds it.
    pub fn bind_pod(
        &mut self,
        key: &ObjectKey,
        node: &str,
        f: impl FnOnce(&mut crate::api::pod::PodStatus),
    ) -> Result<Rc<Pod>, ApiError> {
        let Some(slot) = self.pods.get_mut(key) else {
            return Err(ApiError::not_found(Kind::Pod, key.name()));
        };
        if !slot.spec.node_name.is_empty() || node.is_empty() {
            return Err(ApiError::conflict(Kind::Pod, key.name()));
        }
        let pod = Rc::make_mut(slot);
        Rc::make_mut(&mut pod.spec).node_name = node.to_string();
        f(&mut pod.status);
        next_version(
            &mut self.resource_version,
            &mut pod.metadata.resource_version,
        );
        let obj = Rc::clone(slot);
        self.record(WatchEventType::Modified, &obj);
        // Metadata is unchanged (the owner index stays as it is): this only notes the pod
        // for its ReplicaSet.
        self.index::<Pod>(key, Some(&*obj), Some(&*obj));
        Ok(obj)
    }

    /// Applies `f` to the stored object's status and writes it if it changed. In place: the
    /// object is copied only while a watch event still holds it. `f` must change status
    /// only (what the status subresource keeps; debug builds check).
    pub fn modify_status<T: Stored>(
        &mut self,
        key: &ObjectKey,
        f: impl FnOnce(&mut T),
    ) -> Result<Rc<T>, ApiError> {
        let (table, version) = T::table_and_version(self);
        let Some(slot) = table.get_mut(key) else {
            return Err(ApiError::not_found(T::KIND, key.name()));
        };
        let before = slot.status_only();
        #[cfg(debug_assertions)]
        let whole = T::clone(slot);
        let obj = Rc::make_mut(slot);
        f(obj);
        #[cfg(debug_assertions)]
        {
            let mut rest = obj.clone();
            rest.copy_status_from(&whole);
            debug_assert!(rest == whole, "modify_status: f changed more than status");
        }
        if obj.status_eq(&before) {
            return Ok(Rc::clone(slot)); // A no-op: no new resourceVersion.
        }
        next_version(version, &mut obj.meta_mut().resource_version);
        let obj = Rc::clone(slot);
        Ok(self.status_written(key, obj))
    }

    /// [`ApiServer::modify_status`] for a writer that knows whether it changed the status
    /// (`f` says so, exactly): no copy of the old status to compare with. In place unless a
    /// watch event holds the object (then even a no-op copies it, harmlessly).
    pub fn modify_status_if<T: Stored>(
        &mut self,
        key: &ObjectKey,
        f: impl FnOnce(&mut T) -> bool,
    ) -> Result<Rc<T>, ApiError> {
        let (table, version) = T::table_and_version(self);
        let Some(slot) = table.get_mut(key) else {
            return Err(ApiError::not_found(T::KIND, key.name()));
        };
        #[cfg(debug_assertions)]
        let whole = T::clone(slot);
        let obj = Rc::make_mut(slot);
        let changed = f(obj);
        #[cfg(debug_assertions)]
        {
            debug_assert!(
                changed != obj.status_eq(&whole),
                "modify_status_if: f misreported"
            );
            let mut rest = obj.clone();
            rest.copy_status_from(&whole);
            debug_assert!(
                rest == whole,
                "modify_status_if: f changed more than status"
            );
        }
        if !changed {
            return Ok(Rc::clone(slot)); // A no-op: no new resourceVersion.
        }
        next_version(version, &mut obj.meta_mut().resource_version);
        let obj = Rc::clone(slot);
        Ok(self.status_written(key, obj))
    }

    /// After a status change in place to `obj`, stored under `key` with its new
    /// resourceVersion: the MODIFIED event, the ReplicaSet's note, a finished deletion.
    fn status_written<T: Stored>(&mut self, key: &ObjectKey, obj: Rc<T>) -> Rc<T> {
        self.record(WatchEventType::Modified, &obj);
        // Metadata and spec are unchanged: this only notes the pod for its ReplicaSet.
        self.index(key, Some(&*obj), Some(&*obj));
        self.finish_deletion_if_done::<T>(key);
        obj
    }

    /// DELETE. Pods on a node get a graceful deletion (deletionTimestamp = now + grace) and
    /// are removed by their kubelet; objects with finalizers wait for them; the rest go now.
    pub fn delete<T: Stored>(
        &mut self,
        key: &ObjectKey,
        opts: DeleteOptions,
    ) -> Result<Rc<T>, ApiError> {
        let Some(stored) = T::table(self).get(key) else {
            return Err(ApiError::not_found(T::KIND, key.name()));
        };
        let grace = match Pod::from_object_ref(stored) {
            Some(pod) => pod.graceful_delete_seconds(opts.grace_period_seconds),
            None => 0,
        };
        // Foreground and orphan propagation add a finalizer.
        let finalizers =
            !stored.meta().finalizers.is_empty() || opts.propagation != Propagation::Background;
        if grace == 0 && !finalizers {
            return self
                .remove::<T>(key)
                .ok_or_else(|| ApiError::not_found(T::KIND, key.name()));
        }
        let deadline = self.now + crate::time::Duration::from_secs(grace);
        let existing = stored.meta().deletion_timestamp;
        if existing.is_some_and(|e| grace > 0 && deadline >= e && !finalizers) {
            // A second delete may only shorten the grace period: nothing to write.
            return T::table(self)
                .shared(key)
                .ok_or_else(|| ApiError::not_found(T::KIND, key.name()));
        }
        // Written in place: copied only while a watch event still holds the object.
        let (table, version) = T::table_and_version(self);
        let Some(slot) = table.get_mut(key) else {
            return Err(ApiError::not_found(T::KIND, key.name()));
        };
        let obj = Rc::make_mut(slot);
        match opts.propagation {
            Propagation::Foreground => add_finalizer(obj.meta_mut(), FINALIZER_FOREGROUND),
            Propagation::Orphan => add_finalizer(obj.meta_mut(), FINALIZER_ORPHAN),
            Propagation::Background => {}
        }
        let meta = obj.meta_mut();
        if existing.is_none_or(|e| deadline < e) {
            meta.deletion_timestamp = Some(deadline.truncate_to_seconds());
            meta.deletion_grace_period_seconds = Some(grace);
        }
        next_version(version, &mut meta.resource_version);
        let obj = Rc::clone(slot);
        self.record(WatchEventType::Modified, &obj);
        // Owner references and the node are unchanged: this only notes the pod for its
        // ReplicaSet.
        self.index(key, Some(&*obj), Some(&*obj));
        Ok(obj)
    }

    /// Removes the object now (a grace-period-0 delete by its kubelet, or the end of finalizers).
    pub fn remove<T: Stored>(&mut self, key: &ObjectKey) -> Option<Rc<T>> {
        let mut obj = self.take::<T>(key)?;
        let modified = self.unshare_last_event(&obj);
        self.bump_rv(&mut Rc::make_mut(&mut obj).meta_mut().resource_version);
        if let Some((type_, at)) = modified {
            let object = T::share(Rc::clone(&obj));
            self.watch_log.push(WatchEvent { type_, object, at });
        }
        self.record(WatchEventType::Deleted, &obj);
        Some(obj)
    }

    /// A kubelet's last status write leaves the pod it then removes shared with that
    /// write's pending MODIFIED event, and the DELETED event's new resourceVersion would
    /// copy the whole pod. When that event is the last one and will only be routed, it is
    /// taken out (to be put back sharing the removed object: only its resourceVersion
    /// differs, which routing does not read), so the object is written in place.
    fn unshare_last_event<T: Stored>(&mut self, obj: &Rc<T>) -> Option<(WatchEventType, Time)> {
        let last = self.watch_log.last()?;
        let only_holder =
            Rc::strong_count(obj) == 2 && std::ptr::eq(last.object.meta(), obj.meta());
        if T::KIND != Kind::Pod || !self.watch_routed_only || !only_holder {
            return None;
        }
        self.watch_log.pop().map(|ev| (ev.type_, ev.at))
    }

    /// An object being deleted whose last finalizer was removed (and, for pods, whose
    /// kubelet is done) disappears.
    fn finish_deletion_if_done<T: Stored>(&mut self, key: &ObjectKey) {
        let done = T::table(self).get(key).is_some_and(|o| {
            o.meta().deletion_timestamp.is_some()
                && o.meta().finalizers.is_empty()
                && (T::KIND != Kind::Pod || o.meta().deletion_grace_period_seconds == Some(0))
        });
        if done {
            self.remove::<T>(key);
        }
    }

    /// Puts an object into the store exactly as given (status included): the CLI's `import`.
    pub fn import(&mut self, obj: Object) -> Result<(), ApiError> {
        fn put<T: Stored>(api: &mut ApiServer, mut o: T) {
            o.set_type_meta();
            if T::KIND.namespaced() && o.meta().namespace.is_empty() {
                o.meta_mut().namespace = "default".into();
            }
            if o.meta().uid.is_empty() {
                o.meta_mut().uid = api.rng.uuid();
            }
            api.bump_rv(&mut o.meta_mut().resource_version);
            let key = ObjectKey::of(&o);
            let type_ = if T::table(api).get(&key).is_some() {
                WatchEventType::Modified
            } else {
                WatchEventType::Added
            };
            let o = Rc::new(o);
            api.record(type_, &o);
            api.put(&key, o);
        }
        if obj.meta().name.is_empty() {
            return Err(ApiError::bad_request("import: object has no metadata.name"));
        }
        match obj {
            Object::Namespace(o) => put(self, o),
            Object::Node(o) => put(self, o),
            Object::Pod(o) => put(self, o),
            Object::ReplicaSet(o) => put(self, o),
            Object::Deployment(o) => put(self, o),
            Object::Event(o) => put(self, o),
        }
        Ok(())
    }
}

/// Which part of an object a PUT replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Subresource {
    Main,
    Status,
    StatusAndAnnotations,
}

/// Bumps the store's counter and writes it into `rv` (in its own buffer: no allocation).
fn next_version(counter: &mut u64, rv: &mut String) {
    *counter += 1;
    rv.clear();
    crate::text::push_num(rv, *counter, 10, 0);
}

fn add_finalizer(meta: &mut crate::api::ObjectMeta, f: &str) {
    if !meta.finalizers.iter().any(|x| x == f) {
        meta.finalizers.push(f.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::meta::OwnerReference;
    use crate::api::{Namespace, ObjectMeta};

    fn api() -> ApiServer {
        let mut api = ApiServer::new(Time::from_secs(1_735_689_600), 1);
        let ns = Namespace {
            metadata: ObjectMeta {
                name: "default".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        api.create(ns).unwrap();
        api
    }

    fn pod(name: &str, node: &str, owner: Option<&str>) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.namespace = "default".into();
        Rc::make_mut(&mut p.spec).node_name = node.into();
        if let Some(uid) = owner {
            p.metadata.owner_references.push(OwnerReference {
                api_version: "apps/v1".into(),
                kind: "ReplicaSet".into(),
                name: "rs".into(),
                uid: uid.into(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            });
        }
        p
    }

    fn names<'a>(pods: impl Iterator<Item = &'a Pod>) -> Vec<&'a str> {
        pods.map(|p| p.metadata.name.as_str()).collect()
    }

    #[test]
    fn pods_on_node_follow_binding_moves_and_removal() {
        let mut api = api();
        api.create(pod("b", "n1", None)).unwrap();
        api.create(pod("a", "n1", None)).unwrap();
        api.create(pod("c", "", None)).unwrap();
        assert_eq!(names(api.pods_on_node("n1")), ["a", "b"]);
        assert_eq!(api.pod_count_on_node("n1"), 2);
        assert_eq!(api.pod_count_on_node(""), 0, "unbound pods are not indexed");
        // Binding (an update of spec.nodeName) and a move.
        api.modify::<Pod>(&ObjectKey::new("default", "c"), |p| {
            Rc::make_mut(&mut p.spec).node_name = "n2".into()
        })
        .unwrap();
        api.modify::<Pod>(&ObjectKey::new("default", "a"), |p| {
            Rc::make_mut(&mut p.spec).node_name = "n2".into()
        })
        .unwrap();
        assert_eq!(names(api.pods_on_node("n1")), ["b"]);
        assert_eq!(names(api.pods_on_node("n2")), ["a", "c"]);
        // Graceful deletion keeps the pod on its node until its kubelet removes it.
        api.delete::<Pod>(&ObjectKey::new("default", "a"), DeleteOptions::default())
            .unwrap();
        assert_eq!(names(api.pods_on_node("n2")), ["a", "c"]);
        api.remove::<Pod>(&ObjectKey::new("default", "a"));
        api.remove::<Pod>(&ObjectKey::new("default", "c"));
        assert_eq!(api.pods_on_node("n2").count(), 0);
        // Imported pods are found too.
        api.import(Object::Pod(pod("d", "n3", None))).unwrap();
        assert_eq!(names(api.pods_on_node("n3")), ["d"]);
    }

    #[test]
    fn owned_lookups_borrow_in_key_order() {
        let mut api = api();
        api.create(pod("y", "n1", Some("u1"))).unwrap();
        api.create(pod("x", "", Some("u1"))).unwrap();
        api.create(pod("z", "", Some("u2"))).unwrap();
        let keys: Vec<&str> = api.owned_keys(Kind::Pod, "u1").map(|k| k.name()).collect();
        assert_eq!(keys, ["x", "y"]);
        assert_eq!(names(api.owned::<Pod>("u1")), ["x", "y"]);
        assert_eq!(api.owned_keys(Kind::ReplicaSet, "u1").count(), 0);
        assert_eq!(
            api.owned_by(Kind::Pod, "u1"),
            vec![
                ObjectKey::new("default", "x"),
                ObjectKey::new("default", "y")
            ]
        );
        // Releasing (dropping the reference) leaves the index.
        api.modify::<Pod>(&ObjectKey::new("default", "x"), |p| {
            p.metadata.owner_references.clear()
        })
        .unwrap();
        assert_eq!(names(api.owned::<Pod>("u1")), ["y"]);
        assert_eq!(
            api.uncontrolled(Kind::Pod, "default"),
            vec![ObjectKey::new("default", "x")]
        );
    }

    #[test]
    fn generation_moves_with_the_spec_only() {
        let mut api = api();
        let mut d = Deployment::default();
        d.metadata.name = "web".into();
        d.metadata.namespace = "default".into();
        d.spec.replicas = Some(1);
        api.create(d).unwrap();
        let key = ObjectKey::new("default", "web");
        let gen = |api: &ApiServer| api.get::<Deployment>(&key).unwrap().metadata.generation;
        assert_eq!(gen(&api), 1);
        api.modify::<Deployment>(&key, |d| {
            d.metadata.labels.insert("a".into(), "b".into());
        })
        .unwrap();
        assert_eq!(gen(&api), 1, "metadata is not spec");
        api.modify_status::<Deployment>(&key, |d| d.status.replicas = 3)
            .unwrap();
        assert_eq!(gen(&api), 1, "status is not spec");
        api.modify::<Deployment>(&key, |d| d.spec.replicas = Some(2))
            .unwrap();
        assert_eq!(gen(&api), 2);
    }
}
