//! The virtual clock's timer queue: what falls due when. Timers fire in (due, sequence)
//! order, so two timers due at the same instant fire in the order they were set.

use crate::apiserver::ObjectKey;
use crate::time::Time;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::rc::Rc;

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
        /// Shared with the kubelet (no copy of the node's name per wake).
        node: Rc<str>,
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

/// An in-order [`Wake::EventExpiry`].
#[derive(Debug)]
struct Expiry {
    due: Time,
    seq: u64,
    key: ObjectKey,
}

/// Separate queues, so that "the next thing that happens" can skip housekeeping while all
/// still fire in global (due, sequence) order.
#[derive(Debug, Default)]
pub struct Timers {
    significant: BinaryHeap<Reverse<Entry>>,
    housekeeping: BinaryHeap<Reverse<Entry>>,
    /// Event expiries in the order they were set. Each new event's is due one TTL after it
    /// was recorded, so (due, sequence) only grows along the queue: a tenth of a million
    /// events cost a push and a pop each, no heap sifts. An expiry set out of order (a
    /// repeat moved the event's TTL) goes to `housekeeping`. Only the key is held (a
    /// `Wake` is twice its size): one entry per event in a large rollout.
    expiries: VecDeque<Expiry>,
    seq: u64,
}

fn peek(h: &BinaryHeap<Reverse<Entry>>) -> Option<(Time, u64)> {
    h.peek().map(|Reverse(e)| (e.due, e.seq))
}

/// Which queue holds the earliest timer.
#[derive(Clone, Copy, PartialEq)]
enum Queue {
    Significant,
    Housekeeping,
    Expiries,
}

impl Timers {
    pub fn schedule(&mut self, due: Time, wake: Wake) {
        self.seq += 1;
        let in_order = self.expiries.back().is_none_or(|last| last.due <= due);
        let wake = match wake {
            Wake::EventExpiry(key) if in_order => {
                let seq = self.seq;
                self.expiries.push_back(Expiry { due, seq, key });
                return;
            }
            wake => wake,
        };
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
        self.earliest().map(|(t, _)| t)
    }

    /// The earliest timer's (due, sequence) and queue.
    fn earliest(&self) -> Option<(Time, Queue)> {
        let expiry = self.expiries.front().map(|e| (e.due, e.seq));
        [
            (peek(&self.significant), Queue::Significant),
            (peek(&self.housekeeping), Queue::Housekeeping),
            (expiry, Queue::Expiries),
        ]
        .into_iter()
        .filter_map(|(at, q)| at.map(|at| (at, q)))
        .min_by_key(|&(at, _)| at)
        .map(|((due, _), q)| (due, q))
    }

    /// When the next timer that changes something a reader sees falls due.
    pub fn next_significant_due(&self) -> Option<Time> {
        peek(&self.significant).map(|(t, _)| t)
    }

    /// Pops the earliest timer due at or before `limit`.
    pub fn pop_due(&mut self, limit: Time) -> Option<(Time, Wake)> {
        let (due, queue) = self.earliest()?;
        if due > limit {
            return None;
        }
        let entry = match queue {
            Queue::Significant => self.significant.pop().map(|Reverse(e)| e),
            Queue::Housekeeping => self.housekeeping.pop().map(|Reverse(e)| e),
            Queue::Expiries => self.expiries.pop_front().map(|e| Entry {
                due: e.due,
                seq: e.seq,
                wake: Wake::EventExpiry(e.key),
            }),
        };
        entry.map(|e| (e.due, e.wake))
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
        if let Wake::EventExpiry(key) = wake {
            self.expiries.retain(|e| &e.key != key);
        }
    }

    pub fn len(&self) -> usize {
        self.significant.len() + self.housekeeping.len() + self.expiries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Whatever mix of timers is set, popped and cancelled, the queues fire them in the
    /// order one heap of (due, sequence) would.
    #[test]
    fn fires_in_global_due_then_sequence_order() {
        let mut rng = Rng::new(3);
        let mut timers = Timers::default();
        let mut reference: Vec<(Time, u64, Wake)> = Vec::new();
        let (mut seq, mut now) = (0, 0);
        let mut fired = (Vec::new(), Vec::new());
        for _ in 0..5000 {
            let r = rng.next_u64();
            let key = ObjectKey::new("default", format!("e{}", r % 50));
            match r % 10 {
                // Mostly in-order expiries, some out of order, some other timers.
                0..=5 => {
                    let due = if r % 10 == 5 {
                        now + (r % 300) as i64
                    } else {
                        now + 3600
                    };
                    seq += 1;
                    timers.schedule(Time(due), Wake::EventExpiry(key.clone()));
                    reference.push((Time(due), seq, Wake::EventExpiry(key)));
                }
                6 => {
                    let due = now + (r % 7000) as i64;
                    let wake = if r % 3 == 0 {
                        Wake::SchedulerFlush(key)
                    } else {
                        Wake::ReplicaSet(key)
                    };
                    seq += 1;
                    timers.schedule(Time(due), wake.clone());
                    reference.push((Time(due), seq, wake));
                }
                7 => {
                    let wake = Wake::EventExpiry(key);
                    timers.cancel(&wake);
                    reference.retain(|(_, _, w)| *w != wake);
                }
                _ => {
                    now += (r % 900) as i64;
                    reference.sort_by_key(|(due, seq, _)| (*due, *seq));
                    let due = reference.partition_point(|(d, _, _)| d.0 <= now);
                    fired
                        .1
                        .extend(reference.drain(..due).map(|(d, _, w)| (d, w)));
                    while let Some(t) = timers.pop_due(Time(now)) {
                        fired.0.push(t);
                    }
                }
            }
            assert_eq!(timers.len(), reference.len());
            reference.sort_by_key(|(due, seq, _)| (*due, *seq));
            assert_eq!(timers.next_due(), reference.first().map(|(d, _, _)| *d));
        }
        assert!(fired.0.len() > 1000);
        assert_eq!(fired.0, fired.1);
    }
}
