//! `str::to_lowercase` / `str::to_uppercase`, character for character as std computes them
//! (the same Unicode data, the final-sigma rule included), from tables about a tenth of the
//! size of std's: std's case tables are ~25 KB of the widget's wasm data (issue 9).
//!
//! The tables are generated from std itself (`regenerate_tables`, an ignored test) and an
//! exhaustive test compares every `char` with std: a toolchain with newer Unicode data fails
//! it until the tables are regenerated.
//!
//! Encoding (LEB128 varints, read front to back):
//! * `*_RUNS`: runs of one-character mappings `start, start+stride, …` that all add the same
//!   delta: per run `gap from the previous start`, `count * 2 + stride - 1`, `zigzag(delta)`.
//! * `*_MULTI`: characters that map to two or three (`0` = none).
//! * `IGNORABLE`, `CASED`: `Case_Ignorable`, and `Cased` minus `Case_Ignorable` (what the
//!   final-sigma rule tests), as boundaries between ranges in and out, delta-coded.

/// `s.to_lowercase()`.
pub fn to_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c == 'Σ' {
            out.push(final_sigma(s, i));
        } else {
            push_mapped(&mut out, c, LOWER_MULTI, LOWER_RUNS);
        }
    }
    out
}

/// `s.to_uppercase()`.
pub fn to_upper(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_uppercase());
        } else {
            push_mapped(&mut out, c, UPPER_MULTI, UPPER_RUNS);
        }
    }
    out
}

fn push_mapped(out: &mut String, c: char, multi: &[[u16; 4]], runs: &[u8]) {
    let u = c as u32;
    if let Some(m) = multi.iter().find(|m| u32::from(m[0]) == u) {
        m[1..]
            .iter()
            .filter(|&&x| x != 0)
            .filter_map(|&x| char::from_u32(u32::from(x)))
            .for_each(|x| out.push(x));
        return;
    }
    out.push(run_lookup(runs, u).and_then(char::from_u32).unwrap_or(c));
}

/// Σ at `i` is ς at the end of a word (Unicode's `Final_Sigma`), else σ.
fn final_sigma(s: &str, i: usize) -> char {
    let before = ignorable_then_cased(s[..i].chars().rev());
    let after = ignorable_then_cased(s[i + 'Σ'.len_utf8()..].chars());
    if before && !after {
        'ς'
    } else {
        'σ'
    }
}

fn ignorable_then_cased(mut chars: impl Iterator<Item = char>) -> bool {
    chars
        .find(|&c| !in_set(IGNORABLE, c as u32))
        .is_some_and(|c| in_set(CASED, c as u32))
}

struct Varints<'a>(&'a [u8]);

impl Iterator for Varints<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let (&b, rest) = self.0.split_first()?;
            self.0 = rest;
            v |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
            shift += 7;
        }
    }
}

fn run_lookup(runs: &[u8], c: u32) -> Option<u32> {
    let mut r = Varints(runs);
    let mut start = 0u32;
    while let Some(gap) = r.next() {
        start += gap;
        let (n2, zz) = (r.next()?, r.next()?);
        if start > c {
            return None;
        }
        let (count, stride) = (n2 >> 1, (n2 & 1) + 1);
        let off = c - start;
        if off % stride == 0 && off / stride < count {
            let delta = (zz >> 1) as i32 ^ -((zz & 1) as i32);
            return Some(c.wrapping_add_signed(delta));
        }
    }
    None
}

fn in_set(bounds: &[u8], c: u32) -> bool {
    let mut at = 0u32;
    let mut inside = false;
    for d in Varints(bounds) {
        at += d;
        if c < at {
            return inside;
        }
        inside = !inside;
    }
    inside
}

include!("case_tables.rs");

#[cfg(test)]
mod tests {
    use super::*;

    fn all_chars() -> impl Iterator<Item = char> {
        (0..=0x10_FFFF).filter_map(char::from_u32)
    }

    /// Where Unicode has cased and case-ignorable characters: planes 0 and 1, and the tags
    /// and variation selectors of plane 14. `nothing_elsewhere` checks the rest.
    fn covered(c: &char) -> bool {
        matches!(*c as u32, 0..=0x1_FFFF | 0xE_0000..=0xE_0FFF)
    }

    fn ends_final(s: String) -> bool {
        s.to_lowercase().ends_with('ς')
    }

    #[test]
    fn every_char_maps_as_std() {
        let mut buf = [0u8; 4];
        for c in all_chars().filter(covered).filter(|&c| c != 'Σ') {
            let s: &str = c.encode_utf8(&mut buf);
            assert_eq!(to_lower(s), s.to_lowercase(), "lower U+{:04X}", c as u32);
            assert_eq!(to_upper(s), s.to_uppercase(), "upper U+{:04X}", c as u32);
        }
    }

    /// The two sets final sigma looks at, against std's own behaviour (see `regenerate_tables`),
    /// then the rule itself on strings.
    #[test]
    fn final_sigma_context_as_std() {
        for c in all_chars().filter(covered) {
            let (after_a, alone) = (ends_final(format!("A{c}Σ")), ends_final(format!("{c}Σ")));
            let u = c as u32;
            assert_eq!(in_set(IGNORABLE, u), after_a && !alone, "U+{u:04X}");
            assert_eq!(in_set(CASED, u), alone, "U+{u:04X}");
        }
        for s in [
            "Σ",
            "ΣΣ",
            "ΑΣ",
            "ΑΣ.",
            "ΑΣ'Β",
            "ΑΣ'",
            "'Σ",
            "ὈΔΥΣΣΕΎΣ",
            "Σ Σ",
            "aΣ\u{301}",
            "a\u{301}Σ",
            "a'Σ'b",
            "aΣ'\u{301}",
        ] {
            assert_eq!(to_lower(s), s.to_lowercase(), "{s:?}");
        }
    }

    /// Outside `covered`, std maps nothing and nothing is cased or case-ignorable, and the
    /// tables end before it.
    #[test]
    fn nothing_elsewhere() {
        for c in all_chars().filter(|c| !covered(c)) {
            assert!(
                c.to_lowercase().eq([c]) && c.to_uppercase().eq([c]),
                "U+{:04X}",
                c as u32
            );
            let final_after = ends_final(format!("A{c}Σ"));
            assert!(
                !final_after && !ends_final(format!("{c}Σ")),
                "U+{:04X}",
                c as u32
            );
        }
        for runs in [LOWER_RUNS, UPPER_RUNS] {
            let v: Vec<u32> = Varints(runs).collect();
            let mut start = 0;
            for r in v.chunks(3) {
                start += r[0];
                assert!(start + ((r[1] & 1) + 1) * (r[1] >> 1) < 0x2_0000);
            }
        }
        for set in [IGNORABLE, CASED] {
            let v: Vec<u32> = Varints(set).collect();
            assert!(v.len() % 2 == 0 && v.iter().sum::<u32>() <= 0xE_1000);
        }
    }

    #[test]
    fn strings_as_std() {
        for s in [
            "",
            "NAME",
            "Pod",
            "föö-Bär/ẞ",
            "İstanbul",
            "ǅungla",
            "ﬁle",
            "Straße",
            "ΐ",
        ] {
            assert_eq!(to_lower(s), s.to_lowercase(), "{s:?}");
            assert_eq!(to_upper(s), s.to_uppercase(), "{s:?}");
        }
    }

    /// Prints `case_tables.rs` from this toolchain's std:
    /// `cargo test -p paperkube-engine regenerate_tables -- --ignored --nocapture`,
    /// then paste the output into the file and run `cargo fmt`.
    #[test]
    #[ignore]
    fn regenerate_tables() {
        let lower = |c: char| c.to_lowercase().collect::<Vec<_>>();
        let upper = |c: char| c.to_uppercase().collect::<Vec<_>>();
        let (lr, lm) = mapping_tables(&lower);
        let (ur, um) = mapping_tables(&upper);
        // Σ's context: I = case-ignorable, C = cased and not case-ignorable (see final_sigma).
        let ignorable: Vec<bool> = (0..=0x10_FFFFu32)
            .map(|u| {
                char::from_u32(u)
                    .is_some_and(|c| ends_final(format!("A{c}Σ")) && !ends_final(format!("{c}Σ")))
            })
            .collect();
        let cased: Vec<bool> = (0..=0x10_FFFFu32)
            .map(|u| char::from_u32(u).is_some_and(|c| ends_final(format!("{c}Σ"))))
            .collect();
        println!("// Generated by `regenerate_tables` in case.rs from std's Unicode data.");
        println!("const LOWER_RUNS: &[u8] = &{lr:?};");
        println!("const LOWER_MULTI: &[[u16; 4]] = &{lm:?};");
        println!("const UPPER_RUNS: &[u8] = &{ur:?};");
        println!("const UPPER_MULTI: &[[u16; 4]] = &{um:?};");
        println!("const IGNORABLE: &[u8] = &{:?};", bounds(&ignorable));
        println!("const CASED: &[u8] = &{:?};", bounds(&cased));
    }

    fn varint(out: &mut Vec<u8>, mut v: u32) {
        while v >= 0x80 {
            out.push((v & 0x7f) as u8 | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }

    fn mapping_tables(f: &dyn Fn(char) -> Vec<char>) -> (Vec<u8>, Vec<[u16; 4]>) {
        let mut singles = Vec::new();
        let mut multi = Vec::new();
        for c in all_chars().filter(|c| !c.is_ascii()) {
            match f(c).as_slice() {
                [d] if *d == c => {}
                [d] => singles.push((c as u32, *d as u32)),
                m => {
                    let mut row = [c as u16, 0, 0, 0];
                    for (slot, x) in row[1..].iter_mut().zip(m) {
                        *slot = u16::try_from(*x as u32).expect("BMP");
                    }
                    assert_eq!(u32::from(row[0]), c as u32, "BMP");
                    multi.push(row);
                }
            }
        }
        let mut out = Vec::new();
        let (mut i, mut prev) = (0, 0u32);
        while i < singles.len() {
            let (s, d) = singles[i];
            let delta = i64::from(d) - i64::from(s);
            let mut best = (1usize, 1u32);
            for stride in [1u32, 2] {
                let mut n = 1;
                while i + n < singles.len()
                    && singles[i + n].0 == s + stride * n as u32
                    && i64::from(singles[i + n].1) - i64::from(singles[i + n].0) == delta
                {
                    n += 1;
                }
                if n > best.0 {
                    best = (n, stride);
                }
            }
            varint(&mut out, s - prev);
            varint(&mut out, best.0 as u32 * 2 + best.1 - 1);
            let zz = ((delta << 1) ^ (delta >> 63)) as u32;
            varint(&mut out, zz);
            prev = s;
            i += best.0;
        }
        (out, multi)
    }

    fn bounds(set: &[bool]) -> Vec<u8> {
        let mut out = Vec::new();
        let (mut prev, mut inside) = (0u32, false);
        for (u, &b) in set.iter().enumerate() {
            if b != inside {
                varint(&mut out, u as u32 - prev);
                prev = u as u32;
                inside = b;
            }
        }
        out
    }
}
