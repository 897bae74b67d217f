//! `duration.HumanDuration` (`k8s.io/apimachinery/pkg/util/duration/duration.go`) and the
//! printers' `translateTimestampSince` (`pkg/printers/internalversion/printers.go`).

use crate::time::{Duration, Time};

/// `HumanDuration`: the AGE / LAST SEEN / "(10s ago)" text. Go truncates every division
/// toward zero (`int(d.Seconds())`, `int(d / time.Minute)`), and so does Rust's `/` on
/// integers, so the millisecond value gives the same result as Go's nanoseconds.
pub fn human_duration(d: Duration) -> String {
    let ms = d.as_millis();
    let seconds = ms / 1000;
    // "Allow deviation no more than 2 seconds (excluded) to tolerate machine time inconsistence".
    if seconds < -1 {
        return "<invalid>".into();
    } else if seconds < 0 {
        return "0s".into();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = ms / 60_000;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = ms / 3_600_000;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        format!("{hours}h{m}m")
    } else if hours < 48 {
        format!("{hours}h")
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        format!("{}d{h}h", hours / 24)
    } else if hours < 24 * 365 * 2 {
        format!("{}d", hours / 24)
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        format!("{}y{dy}d", hours / 24 / 365)
    } else {
        format!("{}y", hours / 24 / 365)
    }
}

/// `translateTimestampSince`: `<unknown>` for an unset (zero) timestamp, else
/// `HumanDuration(now - t)`.
pub fn translate_timestamp_since(t: Option<Time>, now: Time) -> String {
    match t {
        None => "<unknown>".into(),
        Some(t) => human_duration(now - t),
    }
}

/// `translateTimestampUntil`: `HumanDuration(t - now)` (used by describe for deadlines).
pub fn translate_timestamp_until(t: Option<Time>, now: Time) -> String {
    match t {
        None => "<unknown>".into(),
        Some(t) => human_duration(t - now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Case {
        seconds: f64,
        duration_ns: i64,
        expect: String,
        source: String,
    }

    /// Converts exact nanoseconds to the simulator's millisecond [`Duration`].
    ///
    /// Every row but one is a whole number of milliseconds. The exception is
    /// `TestHumanDurationBoundaries`' −1.999999999 s (−1 999 999 999 ns), 1 ns inside the
    /// `<invalid>` threshold. We round it toward zero, to −1 999 ms: that stays on the same
    /// side of every threshold, because HumanDuration itself truncates toward zero
    /// (trunc(trunc(ns / 10^6) / 10^3) == trunc(ns / 10^9)); `whole_seconds_agree` below
    /// checks this for each row rather than trusting it.
    fn to_millis(ns: i64) -> i64 {
        ns / 1_000_000
    }

    fn cases() -> Vec<Case> {
        let raw = include_str!("../../tests/cases/duration_cases.json");
        serde_json::from_str(raw).expect("duration_cases.json parses")
    }

    #[test]
    fn all_upstream_duration_rows() {
        let cases = cases();
        assert_eq!(cases.len(), 56, "the spec promises 56 rows");
        let mut inexact = 0;
        for c in &cases {
            if c.duration_ns % 1_000_000 != 0 {
                inexact += 1;
            }
            let got = human_duration(Duration::from_millis(to_millis(c.duration_ns)));
            assert_eq!(
                got, c.expect,
                "{} s ({} ns) from {}",
                c.seconds, c.duration_ns, c.source
            );
        }
        assert_eq!(inexact, 1, "exactly one row is finer than a millisecond");
    }

    #[test]
    fn whole_seconds_agree() {
        for c in cases() {
            let exact = c.duration_ns / 1_000_000_000;
            let via_ms = to_millis(c.duration_ns) / 1000;
            assert_eq!(exact, via_ms, "row {} ns", c.duration_ns);
        }
    }

    #[test]
    fn translate_timestamp_since_rows() {
        let now = Time::from_secs(1_735_689_600);
        assert_eq!(translate_timestamp_since(None, now), "<unknown>");
        let since =
            |secs: i64| translate_timestamp_since(Some(now - Duration::from_secs(secs)), now);
        assert_eq!(since(0), "0s");
        assert_eq!(since(353), "5m53s");
        assert_eq!(since(6 * 3600 + 35 * 60), "6h35m");
        assert_eq!(since(2 * 86400 + 3 * 3600), "2d3h");
        assert_eq!(
            translate_timestamp_since(Some(now + Duration::from_secs(5)), now),
            "<invalid>"
        );
        assert_eq!(
            translate_timestamp_until(Some(now + Duration::from_secs(30)), now),
            "30s"
        );
    }
}
