//! One stable sort for the crate and the widget, to keep the wasm bundle small (issue #9).
//!
//! `slice::sort_by` instantiates std's driftsort (about 4 KB of code) once per element type
//! and comparator. Here the sorting itself is one non-generic merge sort over indices behind
//! `&mut dyn FnMut`; the generic wrappers only build the comparator and apply the resulting
//! permutation with swaps. The result is the same order as `slice::sort_by`: a stable sort
//! under a consistent comparator has exactly one result.

use std::cmp::Ordering;

/// `v.sort_by(cmp)`: stable.
pub fn stable_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let mut less = |i: usize, j: usize| cmp(&v[i], &v[j]) == Ordering::Less;
    if is_sorted(v.len(), &mut less) {
        return;
    }
    let order = merge_order(v.len(), &mut less);
    apply(order, &mut |i, j| v.swap(i, j));
}

/// `v.sort_by_key(key)`: stable.
pub fn stable_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    stable_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`: stable.
pub fn stable<T: Ord>(v: &mut [T]) {
    stable_by(v, T::cmp);
}

/// Whether no element is less than the one before it: then a stable sort leaves the slice as
/// it is, and the controllers' and the kubelet's small lists mostly arrive sorted (no
/// allocation for them).
fn is_sorted(n: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> bool {
    (1..n).all(|k| !less(k, k - 1))
}

/// The stable sorted order of `0..n` under `less` (a bottom-up merge sort): `order[k]` is the
/// index of the element that belongs at position `k`.
pub fn merge_order(n: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    let mut buf = v.clone();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            merge_runs(&v, &mut buf, start, mid, end, less);
            start = end;
        }
        std::mem::swap(&mut v, &mut buf);
        width *= 2;
    }
    v
}

/// Merges `src[start..mid]` and `src[mid..end]` into `dst[start..end]`; on ties the left run
/// goes first (stability).
fn merge_runs(
    src: &[usize],
    dst: &mut [usize],
    start: usize,
    mid: usize,
    end: usize,
    less: &mut dyn FnMut(usize, usize) -> bool,
) {
    let (mut i, mut j, mut k) = (start, mid, start);
    while i < mid && j < end {
        if less(src[j], src[i]) {
            dst[k] = src[j];
            j += 1;
        } else {
            dst[k] = src[i];
            i += 1;
        }
        k += 1;
    }
    dst[k..k + (mid - i)].copy_from_slice(&src[i..mid]);
    k += mid - i;
    dst[k..k + (end - j)].copy_from_slice(&src[j..end]);
}

/// Rearranges a slice so that position `k` receives the element at `order[k]`, through
/// `swap(a, b)` calls that follow each cycle of the permutation.
pub fn apply(order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    let mut done = vec![false; order.len()];
    for start in 0..order.len() {
        let mut at = start;
        while !done[at] {
            done[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator: the tests need no crate for shuffles.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn same_order_as_std_sort_by_including_ties() {
        let mut seed = 7;
        for n in 0..200 {
            let v: Vec<(u64, usize)> = (0..n).map(|i| (lcg(&mut seed) % 5, i)).collect();
            let mut want = v.clone();
            want.sort_by_key(|x| x.0);
            let mut got = v;
            stable_by_key(&mut got, |x| x.0);
            assert_eq!(got, want, "n = {n}");
        }
    }

    #[test]
    fn apply_moves_each_element_once_per_cycle() {
        let mut v = vec!['a', 'b', 'c', 'd', 'e'];
        apply(vec![3, 0, 4, 1, 2], &mut |i, j| v.swap(i, j));
        assert_eq!(v, vec!['d', 'a', 'e', 'b', 'c']);
    }

    #[test]
    fn plain_sort_of_strings() {
        let mut v = vec!["b".to_string(), "a".into(), "c".into(), "a".into()];
        stable(&mut v);
        assert_eq!(v, ["a", "a", "b", "c"]);
    }
}
