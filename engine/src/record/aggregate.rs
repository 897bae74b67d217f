//! client-go's `EventAggregator` with `EventAggregatorByReasonFunc`: events that differ only
//! in their message (same source, involved object, type, reason, reporting controller and
//! instance) are grouped; once ten different messages were seen with no gap longer than ten
//! minutes, each further new message becomes one occurrence of a single aggregate event,
//! `(combined from similar events): <message>`, keyed by the group.

use super::lru::{split, Lru};
use crate::time::{Duration, Time};

/// `defaultAggregateMaxEvents`.
pub const AGGREGATE_MAX_EVENTS: usize = 10;
/// `defaultAggregateIntervalInSeconds`: a longer gap since the group's last event restarts it.
pub const AGGREGATE_INTERVAL: Duration = Duration::from_secs(600);

/// `EventAggregatorByReasonMessageFunc`.
pub fn aggregate_message(message: &str) -> String {
    format!("(combined from similar events): {message}")
}

/// `aggregateRecord`: the group's distinct messages (their digests, in arrival order) and
/// its last event. One per object and reason: kept small (40 bytes). Most groups only ever
/// see one message: that one is held inline, the others (at most nine) on the heap. (Each
/// digest as two words: a `u128` would align the group to 16 bytes.)
#[derive(Debug, Default)]
struct Group {
    /// The first message: valid once `last` is set (every occurrence leaves one).
    first: [u64; 2],
    /// The later ones. Boxed: 8 bytes in every group rather than a `Vec`'s 24, and most
    /// groups never have a second message.
    #[allow(clippy::box_collection)]
    more: Option<Box<Vec<[u64; 2]>>>,
    /// `None` is Go's zero time: older than any interval.
    last: Option<Time>,
}

impl Group {
    fn more(&self) -> &[[u64; 2]] {
        self.more.as_deref().map_or(&[], Vec::as_slice)
    }

    /// The local key set of an occurrence at `now` with message `key`: restarted with
    /// `key` when the group is stale (its last event longer than the interval ago, or
    /// none), else `key` added if new. Returns the set's size.
    fn add(&mut self, key: u128, now: Time) -> usize {
        let key = split(key);
        let stale = self.last.is_none_or(|last| now - last > AGGREGATE_INTERVAL);
        if stale {
            self.first = key;
            if let Some(more) = &mut self.more {
                more.clear();
            }
        } else if self.first != key && !self.more().contains(&key) {
            self.more.get_or_insert_default().push(key);
        }
        self.last = Some(now);
        1 + self.more().len()
    }
}

/// The aggregator's LRU of groups by aggregate key (`maxLruCacheEntries`).
#[derive(Debug, Default)]
pub struct Aggregator {
    groups: Lru<Group>,
}

impl Aggregator {
    /// `EventAggregate`: whether the event with message digest `local_key` in group
    /// `aggregate_key` becomes the group's aggregate event.
    pub fn aggregate(&mut self, aggregate_key: u128, local_key: u128, now: Time) -> bool {
        let group = self.groups.get_or_put(aggregate_key, Group::default);
        if group.add(local_key, now) < AGGREGATE_MAX_EVENTS {
            return false;
        }
        // "do not grow our local key set any larger than max": upstream pops an arbitrary
        // member of the Go map (`PopAny`, random iteration order). The one just added is a
        // possible pick and the deterministic one: the first nine messages keep their own
        // events and every later new message counts on the aggregate.
        // (With ten in the set, the last one added is among the later ones.)
        if let Some(more) = &mut group.more {
            more.pop();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Time = Time(1_735_689_600_000);

    fn at(secs: i64) -> Time {
        T0 + Duration::from_secs(secs)
    }

    #[test]
    fn the_tenth_distinct_message_aggregates() {
        let mut a = Aggregator::default();
        for m in 0..9 {
            assert!(!a.aggregate(1, m, at(m as i64)));
        }
        assert!(a.aggregate(1, 9, at(9)));
        assert!(a.aggregate(1, 10, at(10)));
        // A message among the first nine is not new: it keeps counting on its own event.
        assert!(!a.aggregate(1, 3, at(11)));
        // Another group (say another reason) is separate.
        assert!(!a.aggregate(2, 9, at(12)));
    }

    #[test]
    fn a_gap_longer_than_ten_minutes_starts_over() {
        let mut a = Aggregator::default();
        for m in 0..9 {
            assert!(!a.aggregate(1, m, at(0)));
        }
        // Exactly 600 s is not longer than the interval.
        assert!(a.aggregate(1, 9, at(600)));
        assert!(!a.aggregate(1, 10, at(1201)));
        for m in 11..19 {
            assert!(!a.aggregate(1, m, at(1202)));
        }
        assert!(a.aggregate(1, 19, at(1203)));
    }

    #[test]
    fn groups_stay_small() {
        assert_eq!(std::mem::size_of::<Group>(), 40);
    }

    #[test]
    fn aggregate_messages_carry_the_prefix() {
        assert_eq!(
            aggregate_message("Created pod: web-x"),
            "(combined from similar events): Created pod: web-x"
        );
    }
}
