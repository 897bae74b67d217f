//! Hand-built text for hot paths. `format!` goes through `fmt::Arguments`, padding logic and
//! a growing buffer (~1 000 instructions a call); this appends digits directly.

/// Appends `n` in base `radix` (10 or 16, lower case), zero-padded to `width` digits:
/// `format!("{n:0width$}")` or `format!("{n:0width$x}")`.
pub(crate) fn push_num(out: &mut String, n: u64, radix: u64, width: usize) {
    // A constant radix turns each digit's division into a multiply and shifts.
    let (buf, len) = match radix {
        16 => digits::<16>(n),
        _ => digits::<10>(n),
    };
    // Room reserved once; the mask tells the compiler each char is one byte (no UTF-8
    // encoding branch per push).
    out.reserve(len.max(width));
    for _ in len..width {
        out.push('0');
    }
    for &b in buf[..len].iter().rev() {
        out.push(char::from(b & 0x7f));
    }
}

/// `n`'s digits in base `RADIX`, least significant first, and how many there are. Filled
/// from the front: a buffer returned right-aligned was unrolled into per-byte registers
/// (twice the instructions).
fn digits<const RADIX: u64>(mut n: u64) -> ([u8; 20], usize) {
    let mut buf = [0u8; 20]; // u64::MAX has 20 decimal digits
    let mut len = 0;
    while len < buf.len() {
        buf[len] = b"0123456789abcdef"[(n % RADIX) as usize];
        len += 1;
        n /= RADIX;
        if n == 0 {
            break;
        }
    }
    (buf, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_num_matches_format() {
        let mut values = vec![0, 1, 9, 10, 15, 16, 99, 100, 999, 1000, 65_535, u64::MAX];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            values.push(x >> (x % 64));
        }
        for n in values {
            for width in [0, 1, 2, 3, 4, 6, 16, 25] {
                let mut s = String::from("x");
                push_num(&mut s, n, 10, width);
                assert_eq!(s, format!("x{n:0width$}"));
                let mut s = String::new();
                push_num(&mut s, n, 16, width);
                assert_eq!(s, format!("{n:0width$x}"));
            }
        }
    }
}
