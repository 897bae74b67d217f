//! Virtual time. The simulation never reads the wall clock: every timestamp is a
//! [`Time`] on the cluster's own clock, counted in milliseconds since the Unix epoch.
//!
//! Kubernetes' `metav1.Time` is serialized as RFC 3339 with second precision, so
//! [`Time`] serializes that way too; `Time::truncate_to_seconds` mirrors what the API
//! server does to every timestamp it stores.

use crate::text;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A point on the virtual clock, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Time(pub i64);

/// A span of virtual time in milliseconds (may be negative).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration(pub i64);

impl Duration {
    pub const ZERO: Duration = Duration(0);
    pub const fn from_secs(s: i64) -> Self {
        // Saturates: an imported or typed grace period can be any int64.
        Duration(s.saturating_mul(1000))
    }
    pub const fn from_millis(ms: i64) -> Self {
        Duration(ms)
    }
    pub fn as_millis(self) -> i64 {
        self.0
    }
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// Parses a Go `time.ParseDuration` string such as `500ms`, `10s`, `1m30s`, `2h`.
    pub fn parse_go(s: &str) -> Result<Duration, String> {
        let err = || format!("time: invalid duration \"{s}\"");
        let (neg, mut rest) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        if rest == "0" {
            return Ok(Duration::ZERO);
        }
        if rest.is_empty() {
            return Err(err());
        }
        let mut total: f64 = 0.0;
        while !rest.is_empty() {
            let num_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .ok_or_else(|| format!("time: missing unit in duration \"{s}\""))?;
            if num_len == 0 {
                return Err(err());
            }
            let value: f64 = rest[..num_len].parse().map_err(|_| err())?;
            rest = &rest[num_len..];
            let unit_len = rest
                .find(|c: char| c.is_ascii_digit() || c == '.')
                .unwrap_or(rest.len());
            let unit_ms = match &rest[..unit_len] {
                "ns" => 1e-6,
                "us" | "µs" | "μs" => 1e-3,
                "ms" => 1.0,
                "s" => 1000.0,
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                u => return Err(format!("time: unknown unit \"{u}\" in duration \"{s}\"")),
            };
            rest = &rest[unit_len..];
            total += value * unit_ms;
        }
        if total > 1e15 {
            return Err(err());
        }
        let ms = total.round() as i64;
        Ok(Duration(if neg { -ms } else { ms }))
    }

    /// Formats like Go's `time.Duration.String()` (`10s`, `1m20s`, `5m0s`, `1.561s`, `523ms`).
    pub fn go_string(self) -> String {
        let ms = self.0;
        if ms == 0 {
            return "0s".into();
        }
        // Built by hand: timers and back-offs format durations in the hot loop.
        let mut out = String::with_capacity(12);
        if ms < 0 {
            out.push('-');
        }
        let ms = ms.unsigned_abs();
        if ms < 1000 {
            text::push_num(&mut out, ms, 10, 0);
            out.push_str("ms");
            return out;
        }
        let (h, m, s) = (ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60);
        if h > 0 {
            text::push_num(&mut out, h, 10, 0);
            out.push('h');
        }
        if h > 0 || m > 0 {
            text::push_num(&mut out, m, 10, 0);
            out.push('m');
        }
        text::push_num(&mut out, s, 10, 0);
        let (mut frac, mut width) = (ms % 1000, 3);
        if frac > 0 {
            // Three digits with the trailing zeros dropped: 0.050 s is `0.05s`.
            while frac % 10 == 0 {
                frac /= 10;
                width -= 1;
            }
            out.push('.');
            text::push_num(&mut out, frac, 10, width);
        }
        out.push('s');
        out
    }
}

impl std::ops::Add<Duration> for Time {
    type Output = Time;
    fn add(self, d: Duration) -> Time {
        Time(self.0.saturating_add(d.0))
    }
}
impl std::ops::Sub<Duration> for Time {
    type Output = Time;
    fn sub(self, d: Duration) -> Time {
        Time(self.0.saturating_sub(d.0))
    }
}
impl std::ops::Sub<Time> for Time {
    type Output = Duration;
    fn sub(self, t: Time) -> Duration {
        Duration(self.0.saturating_sub(t.0))
    }
}
impl std::ops::Add for Duration {
    type Output = Duration;
    fn add(self, d: Duration) -> Duration {
        Duration(self.0.saturating_add(d.0))
    }
}

/// Days since 1970-01-01 → (year, month, day). Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day) → days since 1970-01-01. Howard Hinnant's `days_from_civil`.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
    weekday: usize,
}

impl Time {
    pub fn from_secs(s: i64) -> Time {
        Time(s * 1000)
    }
    pub fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }
    pub fn truncate_to_seconds(self) -> Time {
        Time(self.unix_seconds() * 1000)
    }

    fn civil(self) -> Civil {
        let secs = self.unix_seconds();
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: sod / 3600,
            minute: (sod / 60) % 60,
            second: sod % 60,
            // 1970-01-01 was a Thursday.
            weekday: (days + 4).rem_euclid(7) as usize,
        }
    }

    /// RFC 3339 with second precision, as `metav1.Time` marshals: `2025-01-01T00:00:00Z`.
    pub fn rfc3339(self) -> String {
        let mut s = self.date_time(21);
        s.push('Z');
        s
    }

    /// RFC 3339 with microseconds, as `metav1.MicroTime` marshals.
    pub fn rfc3339_micro(self) -> String {
        let mut s = self.date_time(28);
        s.push('.');
        text::push_num(&mut s, self.0.rem_euclid(1000) as u64 * 1000, 10, 6);
        s.push('Z');
        s
    }

    /// `2025-01-01T00:00:00` built by hand (hot: every timestamp), as
    /// `format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}")` prints it.
    fn date_time(self, capacity: usize) -> String {
        let c = self.civil();
        let mut s = String::with_capacity(capacity);
        if c.year < 0 {
            // `{:04}` counts the sign in the width.
            s.push('-');
        }
        let width = if c.year < 0 { 3 } else { 4 };
        text::push_num(&mut s, c.year.unsigned_abs(), 10, width);
        let parts = [
            c.month as u64,
            c.day as u64,
            c.hour as u64,
            c.minute as u64,
            c.second as u64,
        ];
        for (sep, n) in ['-', '-', 'T', ':', ':'].into_iter().zip(parts) {
            s.push(sep);
            text::push_num(&mut s, n, 10, 2);
        }
        s
    }

    /// RFC 1123 with numeric zone, as `kubectl describe` prints: `Wed, 01 Jan 2025 00:00:00 +0000`.
    pub fn rfc1123z(self) -> String {
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let c = self.civil();
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
            DAYS[c.weekday],
            c.day,
            MONTHS[(c.month - 1) as usize],
            c.year,
            c.hour,
            c.minute,
            c.second
        )
    }

    /// Parses RFC 3339 (`2025-01-01T00:00:00Z`, fractional seconds and `±hh:mm` offsets allowed).
    pub fn parse_rfc3339(s: &str) -> Result<Time, String> {
        let err = || format!("parsing time \"{s}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse");
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Result<i64, String> {
            s.get(r)
                .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|t| t.parse().ok())
                .ok_or_else(err)
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return Err(err());
        }
        let mut rest = &s[19..];
        let mut millis = 0i64;
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(frac.len());
            if n == 0 {
                return Err(err());
            }
            let digits = format!("{:0<3}", &frac[..n.min(3)]);
            millis = digits.parse().map_err(|_| err())?;
            rest = &frac[n..];
        }
        let offset_secs = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
                // `get`: a multi-byte character may straddle the fixed offsets.
                let part = |r| rest.get(r).and_then(|t: &str| t.parse::<i64>().ok());
                let hh = part(1..3).ok_or_else(err)?;
                let mm = part(4..6).ok_or_else(err)?;
                let o = hh * 3600 + mm * 60;
                if rest.starts_with('-') {
                    -o
                } else {
                    o
                }
            }
            _ => return Err(err()),
        };
        let days = days_from_civil(year, month as u32, day as u32);
        let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
        Ok(Time(secs * 1000 + millis))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Time::parse_rfc3339(&s).map_err(serde::de::Error::custom)
    }
}

/// `metav1.MicroTime`: the same instant, serialized with microseconds (used by `eventTime`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct MicroTime(pub Time);

impl Serialize for MicroTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.rfc3339_micro())
    }
}

impl<'de> Deserialize<'de> for MicroTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Time::deserialize(d).map(MicroTime)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-built formatters print what the `format!` they replaced printed.
    #[test]
    fn hand_built_formats_match_format() {
        let mut ms = vec![
            0,
            1,
            -1,
            999,
            1000,
            1001,
            1050,
            59_999,
            60_000,
            3_600_000,
            i64::MAX / 4,
        ];
        ms.extend([
            -62_135_596_800_000,
            -62_167_219_200_001,
            -70_000_000_000_000,
            253_402_300_800_000,
        ]);
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..5000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ms.push((x >> (x % 40 + 8)) as i64 * if x & 1 == 0 { 1 } else { -1 });
        }
        for ms in ms {
            let t = Time(ms);
            let c = t.civil();
            let old = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                c.year, c.month, c.day, c.hour, c.minute, c.second
            );
            assert_eq!(t.rfc3339(), format!("{old}Z"));
            let micro = format!("{old}.{:06}Z", ms.rem_euclid(1000) * 1000);
            assert_eq!(t.rfc3339_micro(), micro);
            assert_eq!(Duration(ms).go_string(), old_go_string(ms), "{ms}");
        }
    }

    fn old_go_string(ms: i64) -> String {
        if ms == 0 {
            return "0s".into();
        }
        let neg = ms < 0;
        let ms = ms.unsigned_abs();
        let body = if ms < 1000 {
            format!("{ms}ms")
        } else {
            let h = ms / 3_600_000;
            let m = (ms / 60_000) % 60;
            let s = (ms / 1000) % 60;
            let frac = ms % 1000;
            let secs = if frac == 0 {
                format!("{s}s")
            } else {
                let f = format!("{frac:03}");
                format!("{s}.{}s", f.trim_end_matches('0'))
            };
            if h > 0 {
                format!("{h}h{m}m{secs}")
            } else if m > 0 {
                format!("{m}m{secs}")
            } else {
                secs
            }
        };
        if neg {
            format!("-{body}")
        } else {
            body
        }
    }

    #[test]
    fn rfc3339_round_trip() {
        let t = Time::parse_rfc3339("2025-01-01T00:00:00Z").unwrap();
        assert_eq!(t.0, 1_735_689_600_000);
        assert_eq!(t.rfc3339(), "2025-01-01T00:00:00Z");
        assert_eq!(t.rfc1123z(), "Wed, 01 Jan 2025 00:00:00 +0000");
        let t2 = Time::parse_rfc3339("2024-02-29T23:59:59.5+09:00").unwrap();
        assert_eq!(t2.rfc3339(), "2024-02-29T14:59:59Z");
        assert!(Time::parse_rfc3339("yesterday").is_err());
        // Found by the import fuzz: a character straddling the offset's digits.
        assert!(Time::parse_rfc3339("2025-01-01T00:00:00+0é00").is_err());
        assert!(Time::parse_rfc3339("2025-01-01T00:00:00+00é0").is_err());
    }

    #[test]
    fn go_durations() {
        assert_eq!(
            Duration::parse_go("1m30s").unwrap(),
            Duration::from_secs(90)
        );
        assert_eq!(
            Duration::parse_go("500ms").unwrap(),
            Duration::from_millis(500)
        );
        assert_eq!(Duration::parse_go("0s").unwrap(), Duration::ZERO);
        assert!(Duration::parse_go("10").is_err());
        assert!(Duration::parse_go("abc").is_err());
        assert_eq!(Duration::from_secs(80).go_string(), "1m20s");
        assert_eq!(Duration::from_secs(300).go_string(), "5m0s");
        assert_eq!(Duration::from_millis(1561).go_string(), "1.561s");
        assert_eq!(Duration::from_millis(523).go_string(), "523ms");
    }
}
