//! client-go's `flowcontrol.Backoff` (`staging/src/k8s.io/client-go/util/flowcontrol/backoff.go`)
//! without jitter: one doubling back-off per key, capped, forgotten when it has been quiet
//! for twice the cap.
//!
//! The kubelet keeps two: crash loops (key `<pod uid>/<container>`, initial 10 s, cap
//! 300 s: `initialCrashLoopBackOff`/`MaxCrashLoopBackOff` in `pkg/kubelet/kubelet.go`) and
//! image pulls (key `<pod uid>_<image>`, `imageBackOffPeriod` 10 s, `MaxImageBackOff` 300 s).

use crate::time::{Duration, Time};
use std::collections::HashMap;

/// Initial crash-loop and image-pull back-off (`initialCrashLoopBackOff`, `imageBackOffPeriod`).
pub const INITIAL: Duration = Duration::from_secs(10);
/// `MaxContainerBackOff` and `MaxImageBackOff`.
pub const MAX: Duration = Duration::from_secs(300);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    backoff: Duration,
    last_update: Time,
}

#[derive(Clone, Debug)]
pub struct Backoff {
    initial: Duration,
    max: Duration,
    /// Only looked up by key (and pruned by prefix), never listed in order, so a hash map:
    /// one less BTreeMap instantiation in the bundle (issue 9).
    entries: HashMap<String, Entry, crate::record::Fx>,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(INITIAL, MAX)
    }
}

impl Backoff {
    pub fn new(initial: Duration, max: Duration) -> Self {
        Backoff {
            initial,
            max,
            entries: HashMap::default(),
        }
    }

    /// `hasExpired`: quiet for more than twice the cap.
    fn expired(&self, event_time: Time, last_update: Time) -> bool {
        event_time - last_update > Duration(self.max.0 * 2)
    }

    /// `Next`: the first failure (or the first after a quiet spell) starts at `initial`,
    /// each later one doubles it up to `max`. `now` becomes the entry's `lastUpdate`.
    pub fn next(&mut self, id: &str, event_time: Time, now: Time) {
        let fresh = match self.entries.get(id) {
            None => true,
            Some(e) => self.expired(event_time, e.last_update),
        };
        let backoff = if fresh {
            self.initial
        } else {
            let cur = self.entries.get(id).map_or(self.initial, |e| e.backoff);
            Duration((cur.0 * 2).min(self.max.0))
        };
        self.entries.insert(
            id.to_string(),
            Entry {
                backoff,
                last_update: now,
            },
        );
    }

    /// `IsInBackOffSince`: whether `now − event_time` is still inside the current window
    /// (the crash loop asks with the exited container's `finishedAt`).
    pub fn in_backoff_since(&self, id: &str, event_time: Time, now: Time) -> bool {
        match self.entries.get(id) {
            None => false,
            Some(e) if self.expired(event_time, e.last_update) => false,
            Some(e) => now - event_time < e.backoff,
        }
    }

    /// `IsInBackOffSinceUpdate`: whether `now − lastUpdate` is inside the window (image pulls).
    pub fn in_backoff_since_update(&self, id: &str, now: Time) -> bool {
        match self.entries.get(id) {
            None => false,
            Some(e) if self.expired(now, e.last_update) => false,
            Some(e) => now - e.last_update < e.backoff,
        }
    }

    /// The current window of `id` (`Get`), zero when none.
    pub fn get(&self, id: &str) -> Duration {
        self.entries.get(id).map_or(Duration::ZERO, |e| e.backoff)
    }

    /// When the window that started at `since` ends.
    pub fn until(&self, id: &str, since: Time) -> Time {
        since + self.get(id)
    }

    /// When the window counted from the last update ends.
    pub fn until_update(&self, id: &str) -> Option<Time> {
        self.entries.get(id).map(|e| e.last_update + e.backoff)
    }

    /// Forgets every key that starts with `prefix` (a deleted pod's entries).
    pub fn forget_prefix(&mut self, prefix: &str) {
        self.entries.retain(|k, _| !k.starts_with(prefix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_to_the_cap_and_resets_after_quiet() {
        let mut b = Backoff::default();
        let t0 = Time::from_secs(1000);
        assert!(!b.in_backoff_since("k", t0, t0));
        let mut waits = Vec::new();
        for i in 0..8 {
            let now = t0 + Duration::from_secs(i * 1000);
            b.next("k", now, now);
            waits.push(b.get("k").0 / 1000);
        }
        // Each step is 1000 s apart: more than 2 × 300 s, so every entry expired.
        assert_eq!(waits, vec![10; 8]);
        let mut b = Backoff::default();
        let mut waits = Vec::new();
        for i in 0..8 {
            let now = t0 + Duration::from_secs(i);
            b.next("k", now, now);
            waits.push(b.get("k").0 / 1000);
        }
        assert_eq!(waits, vec![10, 20, 40, 80, 160, 300, 300, 300]);
        let now = t0 + Duration::from_secs(10);
        assert!(b.in_backoff_since("k", now, now + Duration::from_secs(299)));
        assert!(!b.in_backoff_since("k", now, now + Duration::from_secs(300)));
    }
}
