//! `resource.Quantity` parsing for the two resources the simulator schedules and limits:
//! cpu (in millicores) and memory (in bytes).

/// Parses `q` for resource `r`: cpu → millicores (`500m`, `1`, `0.5`), anything else →
/// its base unit (`128Mi`, `1G`, `1e3`, plain integers). `None` when malformed.
pub fn parse(r: &str, q: &str) -> Option<i64> {
    let q = q.trim();
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(q.len());
    let (num, suffix) = q.split_at(split);
    let value: f64 = num.parse().ok()?;
    let mult: f64 = match suffix {
        "" => 1.0,
        "m" => 0.001,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024f64.powi(4),
        s if s.starts_with('e') || s.starts_with('E') => 10f64.powi(s[1..].parse().ok()?),
        _ => return None,
    };
    let base = value * mult;
    let scaled = if r == "cpu" { base * 1000.0 } else { base };
    if !scaled.is_finite() || scaled < 0.0 {
        return None;
    }
    Some(scaled.ceil() as i64)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn parses_cpu_and_memory() {
        assert_eq!(parse("cpu", "500m"), Some(500));
        assert_eq!(parse("cpu", "2"), Some(2000));
        assert_eq!(parse("cpu", "0.25"), Some(250));
        assert_eq!(parse("memory", "128Mi"), Some(134_217_728));
        assert_eq!(parse("memory", "1G"), Some(1_000_000_000));
        assert_eq!(parse("memory", "lots"), None);
    }
}
