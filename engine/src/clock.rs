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
    /// The Deployment controller's progress-deadline check (`requeueStuckDeployment`);
    /// withdrawn when the rollout completes first.
    DeploymentProgress(ObjectKey),
    ReplicaSet(ObjectKey),
    /// A ReplicaSet whose sync failed is tried again after the work queue's back-off.
    ReplicaSetRetry(ObjectKey),
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
    /// The scheduler's periodic flush may move a pod that waited 5 min as unschedulable.
    SchedulerFlush(ObjectKey),
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    due: Time,
    seq: u64,
    wake: Wake,
}

impl Wake {
    /// Housekeeping nobody watches (event expiry), or that recurs for as long as a pod
    /// cannot be placed or created (the scheduler's retry, a failed ReplicaSet sync's):
    /// "step" does not stop for it.
    pub fn is_housekeeping(&self) -> bool {
        matches!(
            self,
            Wake::EventExpiry(_) | Wake::SchedulerFlush(_) | Wake::ReplicaSetRetry(_)
        )
    }
}

/// Two queues, so that "the next thing that happens" can skip housekeeping while both
/// still fire in global (due, sequence) order.
#[derive(Debug, Default)]
pub struct Timers {
    significant: BinaryHeap<Reverse<Entry>>,
    housekeeping: BinaryHeap<Reverse<Entry>>,
    seq: u64,
}

fn peek(h: &BinaryHeap<Reverse<Entry>>) -> Option<(Time, u64)> {
    h.peek().map(|Reverse(e)| (e.due, e.seq))
}

impl Timers {
    pub fn schedule(&mut self, due: Time, wake: Wake) {
        self.seq += 1;
        let heap = if wake.is_housekeeping() {
            &mut self.housekeeping
        } else {
            &mut self.significant
        };
        heap.push(Reverse(Entry {
            due,
            seq: self.seq,
            wake,
        }));
    }

    /// When the next timer of any kind falls due.
    pub fn next_due(&self) -> Option<Time> {
        [peek(&self.significant), peek(&self.housekeeping)]
            .into_iter()
            .flatten()
            .min()
            .map(|(t, _)| t)
    }

    /// When the next timer that changes something a reader sees falls due.
    pub fn next_significant_due(&self) -> Option<Time> {
        peek(&self.significant).map(|(t, _)| t)
    }

    /// Pops the earliest timer due at or before `limit`.
    pub fn pop_due(&mut self, limit: Time) -> Option<(Time, Wake)> {
        let heap = match (peek(&self.significant), peek(&self.housekeeping)) {
            (Some(a), Some(b)) if b < a => &mut self.housekeeping,
            (Some(_), _) => &mut self.significant,
            (None, Some(_)) => &mut self.housekeeping,
            (None, None) => return None,
        };
        if peek(heap)?.0 > limit {
            return None;
        }
        heap.pop().map(|Reverse(e)| (e.due, e.wake))
    }

    /// Withdraws every pending timer equal to `wake` (a check that became pointless, so
    /// that "step" does not stop at it).
    pub fn cancel(&mut self, wake: &Wake) {
        let heap = if wake.is_housekeeping() {
            &mut self.housekeeping
        } else {
            &mut self.significant
        };
        heap.retain(|Reverse(e)| &e.wake != wake);
    }

    pub fn len(&self) -> usize {
        self.significant.len() + self.housekeeping.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
