//! Go's `sort.Sort` (pattern-defeating quicksort, Go ≥ 1.19: `src/sort/zsortinterface.go`
//! and `sort.go`), ported step for step. It is not stable: kubectl sorts events with it
//! (`sort.Sort(event.SortableEvents(...))`), so events with equal timestamps come out in
//! exactly the order this algorithm leaves them. Up to 12 elements it is an insertion sort
//! (stable); beyond that ties can move.
//!
//! The algorithm runs once, non-generic, on a permutation of indices (the same comparisons and
//! swaps as on the data itself), so the wasm bundle holds one copy whatever the element type
//! (issue #9); [`crate::sort::apply`] then moves the elements.

/// `sort.Sort(data)` with `less(a, b)` as `data.Less`.
pub fn sort<T>(data: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let n = data.len();
    if n <= 1 {
        return;
    }
    let order = sorted_order(n, &|i, j| less(&data[i], &data[j]));
    crate::sort::apply(order, &mut |i, j| data.swap(i, j));
}

/// The order `sort.Sort` leaves `0..n` in under `less` (on the original indices).
fn sorted_order(n: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut s = Sorter {
        perm: (0..n).collect(),
        less,
    };
    s.pdqsort(0, n, bits_len(n));
    s.perm
}

/// `bits.Len(uint(n))`.
fn bits_len(n: usize) -> usize {
    (usize::BITS - n.leading_zeros()) as usize
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hint {
    Unknown,
    Increasing,
    Decreasing,
}

struct Sorter<'a> {
    perm: Vec<usize>,
    less: &'a dyn Fn(usize, usize) -> bool,
}

impl Sorter<'_> {
    fn less(&self, i: usize, j: usize) -> bool {
        (self.less)(self.perm[i], self.perm[j])
    }
    fn swap(&mut self, i: usize, j: usize) {
        self.perm.swap(i, j);
    }

    fn insertion_sort(&mut self, a: usize, b: usize) {
        for i in a + 1..b {
            let mut j = i;
            while j > a && self.less(j, j - 1) {
                self.swap(j, j - 1);
                j -= 1;
            }
        }
    }

    fn sift_down(&mut self, lo: usize, hi: usize, first: usize) {
        let mut root = lo;
        loop {
            let mut child = 2 * root + 1;
            if child >= hi {
                return;
            }
            if child + 1 < hi && self.less(first + child, first + child + 1) {
                child += 1;
            }
            if !self.less(first + root, first + child) {
                return;
            }
            self.swap(first + root, first + child);
            root = child;
        }
    }

    fn heap_sort(&mut self, a: usize, b: usize) {
        let first = a;
        let hi = b - a;
        for i in (0..=(hi - 1) / 2).rev() {
            self.sift_down(i, hi, first);
        }
        for i in (0..hi).rev() {
            self.swap(first, first + i);
            self.sift_down(0, i, first);
        }
    }

    fn pdqsort(&mut self, mut a: usize, mut b: usize, mut limit: usize) {
        const MAX_INSERTION: usize = 12;
        let mut was_balanced = true;
        let mut was_partitioned = true;
        loop {
            let length = b - a;
            if length <= MAX_INSERTION {
                self.insertion_sort(a, b);
                return;
            }
            if limit == 0 {
                self.heap_sort(a, b);
                return;
            }
            if !was_balanced {
                self.break_patterns(a, b);
                limit -= 1;
            }
            let (mut pivot, mut hint) = self.choose_pivot(a, b);
            if hint == Hint::Decreasing {
                self.reverse_range(a, b);
                pivot = (b - 1) - (pivot - a);
                hint = Hint::Increasing;
            }
            if was_balanced
                && was_partitioned
                && hint == Hint::Increasing
                && self.partial_insertion_sort(a, b)
            {
                return;
            }
            if a > 0 && !self.less(a - 1, pivot) {
                a = self.partition_equal(a, b, pivot);
                continue;
            }
            let (mid, already) = self.partition(a, b, pivot);
            was_partitioned = already;
            let (left, right) = (mid - a, b - mid);
            let threshold = length / 8;
            if left < right {
                was_balanced = left >= threshold;
                self.pdqsort(a, mid, limit);
                a = mid + 1;
            } else {
                was_balanced = right >= threshold;
                self.pdqsort(mid + 1, b, limit);
                b = mid;
            }
        }
    }

    fn partition(&mut self, a: usize, b: usize, pivot: usize) -> (usize, bool) {
        self.swap(a, pivot);
        // i and j are inclusive; j may go to a (never below, since data[a] is the pivot).
        let (mut i, mut j) = (a + 1, b - 1);
        while i <= j && self.less(i, a) {
            i += 1;
        }
        while i <= j && !self.less(j, a) {
            j -= 1;
        }
        if i > j {
            self.swap(j, a);
            return (j, true);
        }
        self.swap(i, j);
        i += 1;
        j -= 1;
        loop {
            while i <= j && self.less(i, a) {
                i += 1;
            }
            while i <= j && !self.less(j, a) {
                j -= 1;
            }
            if i > j {
                break;
            }
            self.swap(i, j);
            i += 1;
            j -= 1;
        }
        self.swap(j, a);
        (j, false)
    }

    fn partition_equal(&mut self, a: usize, b: usize, pivot: usize) -> usize {
        self.swap(a, pivot);
        let (mut i, mut j) = (a + 1, b - 1);
        loop {
            while i <= j && !self.less(a, i) {
                i += 1;
            }
            while i <= j && self.less(a, j) {
                j -= 1;
            }
            if i > j {
                break;
            }
            self.swap(i, j);
            i += 1;
            j -= 1;
        }
        i
    }

    fn partial_insertion_sort(&mut self, a: usize, b: usize) -> bool {
        const MAX_STEPS: usize = 5;
        const SHORTEST_SHIFTING: usize = 50;
        let mut i = a + 1;
        for _ in 0..MAX_STEPS {
            while i < b && !self.less(i, i - 1) {
                i += 1;
            }
            if i == b {
                return true;
            }
            if b - a < SHORTEST_SHIFTING {
                return false;
            }
            self.swap(i, i - 1);
            if i - a >= 2 {
                let mut j = i - 1;
                while j >= 1 {
                    if !self.less(j, j - 1) {
                        break;
                    }
                    self.swap(j, j - 1);
                    j -= 1;
                }
            }
            if b - i >= 2 {
                for j in i + 1..b {
                    if !self.less(j, j - 1) {
                        break;
                    }
                    self.swap(j, j - 1);
                }
            }
        }
        false
    }

    fn break_patterns(&mut self, a: usize, b: usize) {
        let length = b - a;
        if length >= 8 {
            // `xorshift(length)` and its `Next` from src/sort/sort.go.
            let mut random = length as u64;
            let modulus = 1usize << bits_len(length);
            let start = a + (length / 4) * 2 - 1;
            for idx in start..=a + (length / 4) * 2 + 1 {
                random ^= random << 13;
                random ^= random >> 7;
                random ^= random << 17;
                let mut other = (random as usize) & (modulus - 1);
                if other >= length {
                    other -= length;
                }
                self.swap(idx, a + other);
            }
        }
    }

    fn choose_pivot(&mut self, a: usize, b: usize) -> (usize, Hint) {
        const SHORTEST_NINTHER: usize = 50;
        const MAX_SWAPS: usize = 4 * 3;
        let l = b - a;
        let mut swaps = 0usize;
        let mut i = a + l / 4;
        let mut j = a + l / 4 * 2;
        let mut k = a + l / 4 * 3;
        if l >= 8 {
            if l >= SHORTEST_NINTHER {
                i = self.median(i - 1, i, i + 1, &mut swaps);
                j = self.median(j - 1, j, j + 1, &mut swaps);
                k = self.median(k - 1, k, k + 1, &mut swaps);
            }
            j = self.median(i, j, k, &mut swaps);
        }
        match swaps {
            0 => (j, Hint::Increasing),
            MAX_SWAPS => (j, Hint::Decreasing),
            _ => (j, Hint::Unknown),
        }
    }

    fn order2(&self, a: usize, b: usize, swaps: &mut usize) -> (usize, usize) {
        if self.less(b, a) {
            *swaps += 1;
            (b, a)
        } else {
            (a, b)
        }
    }

    fn median(&self, a: usize, b: usize, c: usize, swaps: &mut usize) -> usize {
        let (a, b) = self.order2(a, b, swaps);
        let (b, c) = self.order2(b, c, swaps);
        let _ = c;
        let (_a, b) = self.order2(a, b, swaps);
        b
    }

    fn reverse_range(&mut self, a: usize, b: usize) {
        let (mut i, mut j) = (a, b - 1);
        while i < j {
            self.swap(i, j);
            i += 1;
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_small_inputs_are_stable() {
        let mut v: Vec<(u32, usize)> = [3, 1, 2, 1, 3, 0, 2, 1]
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i))
            .collect();
        sort(&mut v, |a, b| a.0 < b.0);
        assert_eq!(
            v,
            vec![
                (0, 5),
                (1, 1),
                (1, 3),
                (1, 7),
                (2, 2),
                (2, 6),
                (3, 0),
                (3, 4)
            ]
        );
    }

    #[test]
    fn sorts_large_inputs_of_every_shape() {
        for n in [13usize, 50, 51, 200, 1000] {
            for shape in 0..4 {
                let mut v: Vec<u64> = (0..n as u64)
                    .map(|i| match shape {
                        0 => i,
                        1 => n as u64 - i,
                        2 => (i * 7919) % 31,
                        _ => i % 3,
                    })
                    .collect();
                let mut want = v.clone();
                want.sort();
                sort(&mut v, |a, b| a < b);
                assert_eq!(v, want, "n={n} shape={shape}");
            }
        }
    }

    #[test]
    fn ties_move_beyond_twelve_elements_like_go() {
        // Twelve equal keys then a smaller one. Traced by hand through zsortinterface.go:
        // choosePivot picks index 6 (no swaps → "increasing"); partialInsertionSort gives
        // up (slice shorter than 50); partition swaps the pivot to the front and the 0 key
        // forward, leaving [12, 6, 2, 3, 4, 5, 0, 7, 8, 9, 10, 11, 1]; the remaining 11
        // elements go through a (stable) insertion sort.
        let mut v: Vec<(u8, usize)> = (0..13).map(|i| (u8::from(i != 12), i)).collect();
        sort(&mut v, |a, b| a.0 < b.0);
        let order: Vec<usize> = v.iter().map(|p| p.1).collect();
        assert_eq!(order, vec![12, 6, 2, 3, 4, 5, 0, 7, 8, 9, 10, 11, 1]);
        // All ties and already in order: partialInsertionSort returns at once.
        let mut same: Vec<(u8, usize)> = (0..13).map(|i| (0, i)).collect();
        sort(&mut same, |a, b| a.0 < b.0);
        assert!(same.iter().enumerate().all(|(i, p)| p.1 == i));
    }
}
