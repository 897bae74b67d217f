//! client-go's `EventSourceObjectSpamFilter`: one token bucket per source and involved object
//! (`getSpamKey`: component, host, kind, namespace, name, uid, apiVersion). Each occurrence
//! of an event, new or a repeat, takes a token; without one the event is not written.

use super::lru::Lru;
use crate::api::event::{ObjectReference, SharedPart};
use crate::time::Time;

/// `defaultSpamBurst`: a source may write 25 events about one object at once.
pub const SPAM_BURST: u32 = 25;
/// `defaultSpamQPS`, a float32 `1/300` (one token per five minutes) widened to the float64
/// `rate.Limit`: 0.0033333334326744080, so a token takes 299.999991 s, not 300.
pub const SPAM_QPS: f64 = (1.0f32 / 300.0f32) as f64;

const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// `flowcontrol.NewTokenBucketRateLimiterWithClock(qps, burst, clock)`: a
/// golang.org/x/time/rate `Limiter` asked `AllowN(now, 1)` by `TryAccept`.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenBucket {
    tokens: f64,
    /// `None` is Go's zero `time.Time`: a new limiter refills to `burst` on first use.
    last: Option<Time>,
}

impl Default for TokenBucket {
    /// `rate.NewLimiter`: no tokens at the zero time, i.e. full at any real time.
    fn default() -> Self {
        TokenBucket {
            tokens: 0.0,
            last: None,
        }
    }
}

impl TokenBucket {
    /// `reserveN(now, 1, 0).ok`: takes a token if one is there (allowing for the float
    /// remainder `durationFromTokens` rounds to zero nanoseconds).
    pub fn try_accept(&mut self, now: Time) -> bool {
        let (last, mut tokens) = self.advance(now);
        tokens -= 1.0;
        let wait = if tokens < 0.0 {
            duration_from_tokens(-tokens)
        } else {
            0
        };
        if wait <= 0 && SPAM_BURST >= 1 {
            self.last = Some(now);
            self.tokens = tokens;
            true
        } else {
            self.last = last;
            false
        }
    }

    /// `advance`: the tokens at `now`, refilled continuously since `last`, at most `burst`.
    fn advance(&self, now: Time) -> (Option<Time>, f64) {
        let last = match self.last {
            Some(l) if now < l => Some(now),
            l => l,
        };
        // Go's `t.Sub(zero time)` saturates at the largest Duration.
        let elapsed = match last {
            Some(l) => (now - l).as_millis().saturating_mul(1_000_000),
            None => i64::MAX,
        };
        let tokens = (self.tokens + tokens_from_duration(elapsed)).min(f64::from(SPAM_BURST));
        (last, tokens)
    }
}

/// `Limit.tokensFromDuration`: `d.Seconds() * limit`, `Seconds` split as Go splits it.
fn tokens_from_duration(nanos: i64) -> f64 {
    let seconds = (nanos / NANOS_PER_SECOND) as f64 + (nanos % NANOS_PER_SECOND) as f64 / 1e9;
    seconds * SPAM_QPS
}

/// `Limit.durationFromTokens` in nanoseconds; Go's float-to-int conversion truncates.
fn duration_from_tokens(tokens: f64) -> i64 {
    (1e9 * (tokens / SPAM_QPS)) as i64
}

/// The filter's LRU of buckets by spam key (`maxLruCacheEntries`): a source that reports on
/// more than 4096 other objects in between forgets an object's bucket, which starts full.
#[derive(Debug, Default)]
pub struct SpamFilter {
    buckets: Lru<Entry>,
}

/// An object's bucket, and the source's last `involvedObject` for it (not upstream's: the
/// recorder shares it between events; unfiltered sources only keep that).
#[derive(Debug, Default)]
struct Entry {
    bucket: TokenBucket,
    last_reference: Option<SharedPart<ObjectReference>>,
}

impl SpamFilter {
    /// `Filter`: true when the event is spam (no token left for its source and object).
    pub fn filter(&mut self, spam_key: u128, now: Time) -> bool {
        !self.entry(spam_key).bucket.try_accept(now)
    }

    /// The last `involvedObject` the source wrote about the object of `spam_key`.
    pub fn last_reference(&mut self, spam_key: u128) -> &mut Option<SharedPart<ObjectReference>> {
        &mut self.entry(spam_key).last_reference
    }

    fn entry(&mut self, spam_key: u128) -> &mut Entry {
        self.buckets.get_or_put(spam_key, Entry::default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Duration;

    const T0: Time = Time(1_735_689_600_000);

    fn secs(s: i64) -> Time {
        T0 + Duration::from_millis(s * 1000)
    }

    #[test]
    fn burst_of_25_then_one_per_five_minutes() {
        let mut f = SpamFilter::default();
        let passed = (0..30).filter(|_| !f.filter(1, T0)).count();
        assert_eq!(passed, 25);
        // 1/float32(300) refills a token in 299.999991 s: not yet at 299.999 s, at 300 s.
        assert!(f.filter(1, T0 + Duration::from_millis(299_999)));
        assert!(!f.filter(1, secs(300)));
        assert!(f.filter(1, secs(301)));
        assert!(!f.filter(1, secs(600)));
        // An idle hour refills 12 tokens, not more than the burst after a day.
        let passed = (0..30).filter(|_| !f.filter(1, secs(4200))).count();
        assert_eq!(passed, 12);
        let passed = (0..30)
            .filter(|_| !f.filter(1, secs(4200 + 86_400)))
            .count();
        assert_eq!(passed, 25);
    }

    #[test]
    fn a_refused_request_keeps_the_fraction_earned() {
        let mut f = SpamFilter::default();
        for _ in 0..25 {
            assert!(!f.filter(7, T0));
        }
        // Refusals at 100 s and 200 s do not reset the refill: the token is due at 300 s.
        assert!(f.filter(7, secs(100)));
        assert!(f.filter(7, secs(200)));
        assert!(!f.filter(7, secs(300)));
    }

    #[test]
    fn buckets_are_per_key() {
        let mut f = SpamFilter::default();
        for _ in 0..25 {
            assert!(!f.filter(1, T0));
        }
        assert!(f.filter(1, T0));
        assert!(!f.filter(2, T0));
    }

    /// events_cache_test.go `the-same-event-is-spam-if-happens-too-frequently`: with the
    /// test's interval clock (1 s per `Now`, three reads per event) the 27th occurrence of
    /// an event is skipped.
    #[test]
    fn upstream_vector_same_event_is_spam_if_too_frequent() {
        let mut f = SpamFilter::default();
        let skipped: Vec<bool> = (0..27).map(|i| f.filter(3, secs(3 * i + 2))).collect();
        assert!(skipped[..25].iter().all(|s| !s));
        assert!(skipped[25] && skipped[26]);
    }

    #[test]
    fn a_bucket_evicted_from_the_lru_starts_full() {
        let mut f = SpamFilter {
            buckets: Lru::with_capacity(2),
        };
        for _ in 0..25 {
            assert!(!f.filter(1, T0));
        }
        assert!(f.filter(1, T0));
        f.filter(2, T0);
        f.filter(3, T0); // evicts key 1
        assert!(!f.filter(1, T0));
    }
}
