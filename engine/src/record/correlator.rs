//! client-go's `EventCorrelator`, one per recording component (each kubelet, each
//! controller has its own broadcaster): `EventCorrelate` runs aggregate → observe → filter
//! in that order, so an occurrence the spam filter drops was still counted and a later
//! write carries the full count.

use super::aggregate::Aggregator;
use super::lru::Lru;
use super::spam::SpamFilter;
use crate::api::event::{EventSource, ObjectReference, SharedPart};
use crate::apiserver::ObjectKey;
use crate::time::Time;

/// The correlator's keys of one event, as 128-bit digests (see `Keys::of` in record.rs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keys {
    /// The recording component (source component and host): which correlator.
    pub source: u128,
    /// `getSpamKey`: source and involved object.
    pub spam: u128,
    /// `EventAggregatorByReasonFunc`'s aggregate key: spam key, type and reason.
    pub aggregate: u128,
    /// `getEventKey`: aggregate key, field path and message.
    pub event: u128,
    /// The aggregator's local key: the message.
    pub message: u128,
}

/// `eventLog`: what the correlator remembers of an event it wrote (or dropped).
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// The name given at the first occurrence, and its namespace.
    pub key: ObjectKey,
    pub count: i32,
    pub first: Time,
}

/// One correlated occurrence to write: the event is created when `count` is 1 (or its
/// stored copy is gone), else patched with `count` and `lastTimestamp`.
#[derive(Debug)]
pub struct Occurrence<'a> {
    /// The occurrence counts on its group's `(combined from similar events)` event.
    pub aggregated: bool,
    pub seen: &'a Observation,
}

#[derive(Debug, Default)]
pub struct Correlator {
    aggregator: Aggregator,
    /// `eventLogger`'s cache, by event key or (for aggregate events) aggregate key.
    logger: Lru<Observation>,
    spam: SpamFilter,
    /// The reporting component and host, shared by the component's events.
    pub source: SharedPart<EventSource>,
}

impl Correlator {
    /// The correlator of `component` on `host`.
    pub fn of(component: &'static str, host: &str) -> Self {
        Correlator {
            source: SharedPart::new(EventSource {
                component: component.into(),
                host: host.into(),
            }),
            ..Default::default()
        }
    }

    /// `EventCorrelate` at `now` (`stamp` is `now` as the API server stores it). `name`
    /// names a first occurrence. `None` when the spam filter drops the occurrence.
    /// `filtered` false skips aggregation and the spam filter (dedup only).
    pub fn correlate(
        &mut self,
        keys: &Keys,
        now: Time,
        stamp: Time,
        filtered: bool,
        name: impl FnOnce() -> ObjectKey,
    ) -> Option<Occurrence<'_>> {
        let aggregated = filtered && self.aggregator.aggregate(keys.aggregate, keys.message, now);
        let cache_key = if aggregated {
            keys.aggregate
        } else {
            keys.event
        };
        self.observe(cache_key, stamp, name);
        if filtered && self.spam.filter(keys.spam, now) {
            return None;
        }
        let seen = self.logger.get_mut(cache_key)?;
        Some(Occurrence { aggregated, seen })
    }

    /// `eventObserve`: one more occurrence of the event cached under `key`.
    fn observe(&mut self, key: u128, stamp: Time, name: impl FnOnce() -> ObjectKey) {
        match self.logger.get_mut(key) {
            Some(seen) => seen.count = seen.count.wrapping_add(1),
            None => {
                self.logger.put(
                    key,
                    Observation {
                        key: name(),
                        count: 1,
                        first: stamp,
                    },
                );
            }
        }
    }

    /// The `involvedObject` of this source's last new event about the object of spam key
    /// `spam` (kept with the object's token bucket), for the next one to share.
    pub fn last_reference(&mut self, spam: u128) -> &mut Option<SharedPart<ObjectReference>> {
        self.spam.last_reference(spam)
    }

    /// `UpdateState` after a write of an aggregate event: the server's copy is cached under
    /// its own event key (with the combined message), which only takes an LRU slot.
    pub fn update_state(&mut self, event_key: u128, seen: Observation) {
        self.logger.put(event_key, seen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Duration;

    const T0: Time = Time(1_735_689_600_000);

    fn keys(reason: u128, message: u128) -> Keys {
        Keys {
            source: 1,
            spam: 2,
            aggregate: 100 + reason,
            event: 1000 * (100 + reason) + message,
            message,
        }
    }

    /// Replays `events` (keys, seconds after T0) as events_cache_test.go's scenarios do and
    /// returns the last one's (aggregated, count), `None` when it was skipped.
    fn replay(events: &[(Keys, i64)]) -> Option<(bool, i32)> {
        let mut c = Correlator::default();
        let mut n = 0;
        let mut last = None;
        for (k, s) in events {
            let now = T0 + Duration::from_secs(*s);
            last = c
                .correlate(k, now, now, true, || {
                    n += 1;
                    ObjectKey::new("ns", format!("e{n}"))
                })
                .map(|o| (o.aggregated, o.seen.count));
        }
        last
    }

    /// The scenarios' interval clock is read three times per event (the test's timestamp,
    /// the aggregator, the spam filter): events are `3 × interval` apart.
    fn spaced(keys: impl IntoIterator<Item = Keys>, interval: i64) -> Vec<(Keys, i64)> {
        keys.into_iter()
            .enumerate()
            .map(|(i, k)| (k, 3 * interval * i as i64))
            .collect()
    }

    #[test]
    fn upstream_scenarios() {
        let dup = keys(1, 1);
        // create-a-single-event
        assert_eq!(replay(&spaced([keys(0, 0)], 5)), Some((false, 1)));
        // the-same-event-should-just-count
        assert_eq!(replay(&spaced([dup; 2], 5)), Some((false, 2)));
        // the-same-event-should-just-count-even-if-more-than-aggregate
        assert_eq!(replay(&spaced([dup; 11], 30)), Some((false, 11)));
        // the-same-event-is-spam-if-happens-too-frequently
        assert_eq!(replay(&spaced([dup; 27], 1)), None);
        // similar-events-should-aggregate-event: nine similar messages, then a tenth.
        let similar = |n: usize| (0..n as u128).map(|m| keys(2, m));
        assert_eq!(replay(&spaced(similar(10), 5)), Some((true, 1)));
        // similar-events-many-times-should-count-the-aggregate
        assert_eq!(replay(&spaced(similar(11), 5)), Some((true, 2)));
        // similar-events-whose-interval-is-greater-than-aggregate-interval-do-not-aggregate
        assert_eq!(replay(&spaced(similar(10), 600)), Some((false, 1)));
    }

    #[test]
    fn a_dropped_occurrence_is_still_counted() {
        let dup = keys(1, 1);
        let mut events = vec![(dup, 0); 30];
        events.push((dup, 300));
        // 25 written, 5 dropped, the next token at 300 s writes count 31.
        assert_eq!(replay(&events), Some((false, 31)));
    }

    #[test]
    fn a_dropped_first_occurrence_keeps_its_name_and_time() {
        let mut c = Correlator::default();
        let mut n = 0;
        let mut name = || {
            n += 1;
            ObjectKey::new("ns", format!("e{n}"))
        };
        for m in 0..25 {
            assert!(c.correlate(&keys(m, m), T0, T0, true, &mut name).is_some());
        }
        assert!(c.correlate(&keys(99, 0), T0, T0, true, &mut name).is_none());
        let later = T0 + Duration::from_secs(300);
        let o = c
            .correlate(&keys(99, 0), later, later, true, &mut name)
            .expect("a token again");
        assert_eq!(
            (o.seen.key.name(), o.seen.count, o.seen.first),
            ("e26", 2, T0)
        );
    }

    #[test]
    fn unfiltered_components_only_deduplicate() {
        let mut c = Correlator::default();
        for i in 1..=40 {
            let o = c
                .correlate(&keys(1, 1), T0, T0, false, || ObjectKey::new("ns", "e"))
                .expect("never dropped");
            assert_eq!((o.aggregated, o.seen.count), (false, i));
        }
    }
}
