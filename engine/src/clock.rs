//! The virtual clock's timer queue: what falls due when. Timers fire in (due, sequence)
//! order, so two timers due at the same instant fire in the order they were set.

use crate::apiserver::ObjectKey;
use crate::time::Time;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// What a timer wakes when it fires: a key back on a controller's work queue.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wake {
    Deployment(ObjectKey),
    ReplicaSet(ObjectKey),
    /// The kubelet on `node` re-syncs a pod (a pull finished, a back-off ended, a probe is due …).
    Kubelet {
        node: String,
        pod: ObjectKey,
    },
    /// The node lifecycle controller's monitor pass.
    NodeLifecycle,
    /// Taint-based eviction of a pod whose toleration ran out.
    TaintEviction(ObjectKey),
    /// An event reached the API server's event TTL.
    EventExpiry(ObjectKey),
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    due: Time,
    seq: u64,
    wake: Wake,
}

#[derive(Debug, Default)]
pub struct Timers {
    heap: BinaryHeap<Reverse<Entry>>,
    seq: u64,
}

impl Timers {
    pub fn schedule(&mut self, due: Time, wake: Wake) {
        self.seq += 1;
        self.heap.push(Reverse(Entry {
            due,
            seq: self.seq,
            wake,
        }));
    }

    /// When the next timer falls due.
    pub fn next_due(&self) -> Option<Time> {
        self.heap.peek().map(|Reverse(e)| e.due)
    }

    /// Pops the earliest timer due at or before `limit`.
    pub fn pop_due(&mut self, limit: Time) -> Option<(Time, Wake)> {
        if self.next_due()? > limit {
            return None;
        }
        self.heap.pop().map(|Reverse(e)| (e.due, e.wake))
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}
