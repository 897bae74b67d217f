//! Controllers: each reconciles one kind of object towards its spec, one key at a time,
//! as `kube-controller-manager`'s do (`pkg/controller/*`). They read the API server's
//! store directly (the simulator's informer cache is the store itself) and are woken by
//! work-queue keys that the cluster routes to them from watch events and timers.

pub mod deployment;
pub mod garbage_collector;
pub mod nodelifecycle;
pub mod replicaset;

use crate::api::Resource;
use crate::apiserver::{ApiServer, ObjectKey};
use crate::clock::{Timers, Wake};
use crate::record::{self, EventType, Recorder, Source, EVENT_TTL};
use crate::time::{Duration, Time};
use std::collections::{HashSet, VecDeque};

/// A de-duplicating FIFO of keys (client-go's `workqueue`): a key queued twice is
/// processed once.
#[derive(Debug)]
pub struct WorkQueue<K = ObjectKey> {
    order: VecDeque<K>,
    /// FxHash: every routed watch event adds keys, and SipHash cost more than the rest of
    /// the add. Never iterated (the order is `order`'s).
    queued: HashSet<K, record::Fx>,
    /// The room of the last pass's batch, handed back by [`WorkQueue::recycle`]: a pass
    /// then takes its keys without allocating (a large allocation makes glibc consolidate
    /// its fast bins, which cost more than the copy itself at 10 000 pods).
    spare: VecDeque<K>,
}

impl<K> Default for WorkQueue<K> {
    fn default() -> Self {
        WorkQueue {
            order: VecDeque::new(),
            queued: HashSet::default(),
            spare: VecDeque::new(),
        }
    }
}

impl<K: Clone + Eq + std::hash::Hash> WorkQueue<K> {
    pub fn add(&mut self, key: K) {
        if self.queued.insert(key.clone()) {
            self.order.push_back(key);
        }
    }
    pub fn pop(&mut self) -> Option<K> {
        let key = self.order.pop_front()?;
        self.queued.remove(&key);
        Some(key)
    }
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
    pub fn len(&self) -> usize {
        self.order.len()
    }
    /// Takes every key queued so far; keys added while they are processed wait for the next
    /// pass. Hand the batch back with [`WorkQueue::recycle`] once processed.
    pub fn drain(&mut self) -> VecDeque<K> {
        self.queued.clear();
        let spare = std::mem::take(&mut self.spare);
        std::mem::replace(&mut self.order, spare)
    }
    /// Keeps a processed batch's room for the next [`WorkQueue::drain`].
    pub fn recycle(&mut self, mut batch: VecDeque<K>) {
        batch.clear();
        self.spare = batch;
    }
}

/// What a controller may touch while it syncs: the API server, the event recorder and
/// the timer queue (to be woken later, e.g. when `minReadySeconds` has passed).
pub struct Context<'a> {
    pub api: &'a mut ApiServer,
    pub recorder: &'a mut Recorder,
    pub timers: &'a mut Timers,
}

impl Context<'_> {
    pub fn now(&self) -> Time {
        self.api.now
    }

    /// Asks to be woken at `due`.
    pub fn wake_at(&mut self, due: Time, wake: Wake) {
        self.timers.schedule(due, wake);
    }

    /// Withdraws pending wake-ups equal to `wake`.
    pub fn cancel_wake(&mut self, wake: &Wake) {
        self.timers.cancel(wake);
    }

    pub fn wake_after(&mut self, after: Duration, wake: Wake) {
        let due = self.api.now + after;
        self.timers.schedule(due, wake);
    }

    /// Records an event about `obj` (optionally about one of its containers).
    pub fn event<T: Resource>(
        &mut self,
        source: &Source,
        obj: &T,
        field_path: Option<String>,
        type_: EventType,
        reason: &'static str,
        message: &str,
    ) {
        let involved = record::Involved::of(obj, field_path);
        if let Some(key) = self
            .recorder
            .record(self.api, source, involved, type_, reason, message)
        {
            let due = self.api.now + EVENT_TTL;
            self.timers.schedule(due, Wake::EventExpiry(key));
        }
    }
}
