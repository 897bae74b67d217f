//! `resource.Quantity` text as describe prints it (`Quantity.String()`, canonical form):
//! values are parsed with the engine's [`crate::quantity::parse`] (cpu in millicores,
//! everything else in base units) and re-printed with the largest exact suffix — binary
//! (`Ki`, `Mi`, …) when the text used one and the value is at least 1024, else decimal
//! (`m`, `k`, `M`, …), as `CanonicalizeBytes` does for BinarySI and DecimalSI.

pub use crate::quantity::parse;

/// A summed `resource.Quantity`: its value (millicores for cpu, else base units) and
/// whether the first addend was written with a binary suffix (Go keeps the first
/// operand's format when adding).
#[derive(Clone, Copy, Debug, Default)]
pub struct Sum {
    pub value: i64,
    pub binary: bool,
}

impl Sum {
    pub fn add(&mut self, resource: &str, q: &str, first: bool) {
        let v = parse(resource, q).unwrap_or(0);
        if first {
            self.binary = q.trim().ends_with('i');
        }
        self.value += v;
    }

    /// `Quantity.String()` in canonical form for the values describe sums.
    pub fn text(&self, resource: &str) -> String {
        if self.value == 0 {
            return "0".into();
        }
        if resource == "cpu" {
            return if self.value % 1000 == 0 {
                format_bytes(self.value / 1000, false)
            } else {
                format!("{}m", self.value)
            };
        }
        format_bytes(self.value, self.binary)
    }
}

/// Canonical BinarySI (`Ki`, `Mi`, … when exact and ≥ 1024) or DecimalSI (`k`, `M`, …).
pub fn format_bytes(v: i64, binary: bool) -> String {
    const BIN: [&str; 6] = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    const DEC: [&str; 6] = ["k", "M", "G", "T", "P", "E"];
    let (base, suffixes) = if binary && v.abs() >= 1024 {
        (1024, BIN)
    } else {
        (1000, DEC)
    };
    let (mut n, mut idx) = (v, None);
    while n != 0 && n % base == 0 && idx.map_or(0, |i| i + 1) < suffixes.len() {
        n /= base;
        idx = Some(idx.map_or(0, |i| i + 1));
    }
    match idx {
        Some(i) => format!("{n}{}", suffixes[i]),
        None => n.to_string(),
    }
}

/// The canonical text of a stored quantity (`0.5` cpu → `500m`, `1024Mi` → `1Gi`);
/// unparsable text is printed as it is.
pub fn canonical(resource: &str, q: &str) -> String {
    if parse(resource, q).is_none() {
        return q.to_string();
    }
    let mut s = Sum::default();
    s.add(resource, q, true);
    s.text(resource)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantity_text() {
        assert_eq!(canonical("cpu", "0.5"), "500m");
        assert_eq!(canonical("cpu", "2000m"), "2");
        assert_eq!(canonical("memory", "1024Mi"), "1Gi");
        assert_eq!(canonical("memory", "8148024Ki"), "8148024Ki");
        assert_eq!(canonical("memory", "1000M"), "1G");
        assert_eq!(canonical("pods", "110"), "110");
        assert_eq!(canonical("memory", "lots"), "lots");
        assert_eq!(format_bytes(192 * 1024 * 1024, true), "192Mi");
        assert_eq!(format_bytes(1536 * 1024 * 1024, true), "1536Mi");
        assert_eq!(format_bytes(512, true), "512");
        assert_eq!(format_bytes(2_000_000, false), "2M");
        assert_eq!(format_bytes(1_500_000, false), "1500k");
        let mut s = Sum::default();
        s.add("cpu", "250m", true);
        s.add("cpu", "750m", false);
        assert_eq!(s.text("cpu"), "1");
        s.add("cpu", "100m", false);
        assert_eq!(s.text("cpu"), "1100m");
        assert_eq!(Sum::default().text("memory"), "0");
    }
}
