//! The cluster's one source of randomness: a small seeded PRNG (SplitMix64), so that the
//! same seed and inputs give byte-identical output natively and in wasm.

#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        // Lemire's multiply-shift; the bias for the small n used here is negligible.
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// A uniform integer in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// `n` characters drawn uniformly from `alphabet`.
    pub fn string_from(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[self.below(alphabet.len() as u64) as usize] as char)
            .collect()
    }

    /// A random (version 4) UUID, as the API server gives every object.
    pub fn uuid(&mut self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let a = self.next_u64();
        let b = self.next_u64();
        // The 32 hex digits of `a` then `b`; digits 12 and 16 give way to the version (4)
        // and the variant (8 + the top two bits of `b`). Written in place: one allocation.
        let mut hex = [0; 32];
        let bytes = ((u128::from(a) << 64) | u128::from(b)).to_be_bytes();
        for (pair, byte) in hex.chunks_exact_mut(2).zip(bytes) {
            pair[0] = HEX[usize::from(byte >> 4)];
            pair[1] = HEX[usize::from(byte & 0xf)];
        }
        let mut out = [b'-'; 36];
        out[0..8].copy_from_slice(&hex[0..8]);
        out[9..13].copy_from_slice(&hex[8..12]);
        out[14] = b'4';
        out[15..18].copy_from_slice(&hex[13..16]);
        out[19] = HEX[(8 + (b >> 62)) as usize];
        out[20..23].copy_from_slice(&hex[17..20]);
        out[24..36].copy_from_slice(&hex[20..32]);
        // ASCII throughout: the check cannot fail (and takes the ASCII fast path, which
        // `from_utf8_lossy`'s chunking does not).
        String::from_utf8(out.to_vec()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    #[test]
    fn uuid_shape() {
        let u = Rng::new(1).uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert_eq!(u.matches('-').count(), 4);
    }

    /// The in-place formatting gives the string the `format!` version gave.
    #[test]
    fn uuid_matches_the_formatted_layout() {
        let (mut r, mut reference) = (Rng::new(9), Rng::new(9));
        for _ in 0..1000 {
            let (a, b) = (reference.next_u64(), reference.next_u64());
            let hex = format!("{a:016x}{b:016x}");
            let expected = format!(
                "{}-{}-4{}-{:x}{}-{}",
                &hex[0..8],
                &hex[8..12],
                &hex[13..16],
                8 + (b >> 62),
                &hex[17..20],
                &hex[20..32]
            );
            assert_eq!(r.uuid(), expected);
        }
    }
}
