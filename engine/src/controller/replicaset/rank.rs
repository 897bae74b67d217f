//! Which pods go first (`getPodsToDelete`, `controller.ActivePodsWithRanks`).
//!
//! Each pod's compared facts are read once into a [`PodFacts`] (the ReplicaSet tally keeps
//! them between syncs), so a comparison reads no maps; the sort is the same stable merge
//! sort as before, stopped at the pods that go: the order it yields is unchanged.

use super::POD_DELETION_COST;
use crate::api::pod::Pod;
use crate::time::Time;
use std::collections::HashMap;

/// Feature gates that change the deletion order (both on by default since v1.22).
#[derive(Clone, Copy, Debug)]
pub struct RankGates {
    pub pod_deletion_cost: bool,
    pub logarithmic_scale_down: bool,
}

impl Default for RankGates {
    fn default() -> Self {
        RankGates {
            pod_deletion_cost: true,
            logarithmic_scale_down: true,
        }
    }
}

/// What `ActivePodsWithRanks.Less` reads of one pod, but its rank and the clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodFacts {
    pub node: String,
    phase: u8,
    ready: bool,
    cost: i32,
    /// `podReadyTime`, read only when the pod is ready.
    ready_time: Option<Time>,
    restarts: (i32, i32),
    created: Option<Time>,
    uid: String,
}

impl PodFacts {
    pub fn of(p: &Pod) -> PodFacts {
        PodFacts {
            node: p.spec.node_name.clone(),
            phase: phase_ordinal(p),
            ready: p.is_ready(),
            cost: deletion_cost(p),
            ready_time: ready_time(p),
            restarts: max_restarts(p),
            created: p.metadata.creation_timestamp,
            uid: p.metadata.uid.clone(),
        }
    }
}

/// One pod as ranked at one instant: its facts copied next to its rank and its times' log2
/// buckets (`None` without a clock or a time), so that a comparison reads one contiguous
/// value instead of chasing pointers (a scale-down of 10 000 pods compares ~10^5 pairs).
#[derive(Clone, Copy, Debug)]
pub struct Ranked<'a> {
    assigned: bool,
    phase: u8,
    ready: bool,
    cost: i32,
    rank: usize,
    ready_time: Option<Time>,
    ready_bucket: Option<i64>,
    restarts: (i32, i32),
    created: Option<Time>,
    created_bucket: Option<i64>,
    /// The uid's first 16 bytes, big-endian (zero-padded): compares as the uid does
    /// whenever two heads differ.
    uid_head: u128,
    uid: &'a str,
}

impl<'a> Ranked<'a> {
    pub fn new(facts: &'a PodFacts, rank: usize, now: Option<Time>) -> Ranked<'a> {
        let bucket = |t: Option<Time>| Some(log_bucket(t?, now?));
        Ranked {
            assigned: !facts.node.is_empty(),
            phase: facts.phase,
            ready: facts.ready,
            cost: facts.cost,
            rank,
            ready_time: facts.ready_time,
            ready_bucket: bucket(facts.ready_time),
            restarts: facts.restarts,
            created: facts.created,
            created_bucket: bucket(facts.created),
            uid_head: head(&facts.uid),
            uid: &facts.uid,
        }
    }

    /// `uid < other.uid`, from the heads when they differ.
    fn uid_less(&self, other: &Ranked) -> bool {
        if self.uid_head != other.uid_head {
            self.uid_head < other.uid_head
        } else {
            self.uid < other.uid
        }
    }
}

/// The first 16 bytes of `s` as a big-endian number, zero-padded.
fn head(s: &str) -> u128 {
    let mut buf = [0u8; 16];
    let n = s.len().min(16);
    buf[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(buf)
}

/// `getPodsToDelete`: all pods in input order when every pod goes, else the first `diff`
/// by `ActivePodsWithRanks`, ranked by related pods on the same node.
pub fn get_pods_to_delete<'a>(
    pods: &[&'a Pod],
    related: &[&Pod],
    diff: usize,
    now: Time,
) -> Vec<&'a Pod> {
    if diff >= pods.len() {
        return pods.to_vec();
    }
    let mut on_node: HashMap<&str, usize> = HashMap::new();
    for p in related.iter().filter(|p| p.is_active()) {
        *on_node.entry(p.spec.node_name.as_str()).or_default() += 1;
    }
    let facts: Vec<PodFacts> = pods.iter().map(|p| PodFacts::of(p)).collect();
    let ranked: Vec<Ranked> = facts
        .iter()
        .map(|f| {
            let rank = on_node.get(f.node.as_str()).copied().unwrap_or(0);
            Ranked::new(f, rank, Some(now))
        })
        .collect();
    first_to_delete(&ranked, diff)
        .into_iter()
        .map(|i| pods[i])
        .collect()
}

/// The indices of the first `diff` of `ranked` in `ActivePodsWithRanks` order (default gates).
pub fn first_to_delete(ranked: &[Ranked], diff: usize) -> Vec<usize> {
    let gates = RankGates::default();
    first_by_less(ranked.len(), diff, &mut |i, j| {
        ranked_less(&ranked[i], &ranked[j], gates)
    })
}

/// A stable merge sort of `0..n` by a `less` that may not be a strict total order (Go's
/// `sort.Sort` tolerates that; Rust's `sort_by` may panic on it).
pub fn sort_by_less(n: usize, mut less: impl FnMut(usize, usize) -> bool) -> Vec<usize> {
    first_by_less(n, n, &mut less)
}

/// The first `keep` of [`sort_by_less`]'s order. The bottom-up merge pairs the same runs;
/// a merge's first `keep` outputs depend only on its inputs' first `keep`, so every run is
/// cut there. With a `less` that is not a strict weak order the full sort decides, which
/// is why this is not a partial selection. (Not generic: one copy in the wasm bundle.)
pub fn first_by_less(
    n: usize,
    keep: usize,
    less: &mut dyn FnMut(usize, usize) -> bool,
) -> Vec<usize> {
    let mut cur: Vec<usize> = (0..n).collect();
    // Runs as (start, len) in `cur`.
    let mut runs: Vec<(usize, usize)> = (0..n).map(|i| (i, 1)).collect();
    let mut next = Vec::with_capacity(n);
    while runs.len() > 1 {
        next.clear();
        let mut merged = Vec::with_capacity(runs.len().div_ceil(2));
        for pair in runs.chunks(2) {
            let start = next.len();
            let (a, b) = match *pair {
                [a, b] => (a, b),
                [a] => (a, (0, 0)),
                _ => unreachable!("chunks of two"),
            };
            merge_into(
                &mut next,
                &cur[a.0..a.0 + a.1],
                &cur[b.0..b.0 + b.1],
                keep,
                less,
            );
            merged.push((start, next.len() - start));
        }
        std::mem::swap(&mut cur, &mut next);
        runs = merged;
    }
    cur.truncate(keep);
    cur
}

/// Appends the first `keep` of the stable merge of `a` and `b` (ties keep `a` first).
fn merge_into(
    out: &mut Vec<usize>,
    a: &[usize],
    b: &[usize],
    keep: usize,
    less: &mut dyn FnMut(usize, usize) -> bool,
) {
    let end = out.len() + keep.min(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while out.len() < end && i < a.len() && j < b.len() {
        if less(b[j], a[i]) {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    let room = end - out.len();
    let rest_a = &a[i..i + room.min(a.len() - i)];
    out.extend_from_slice(rest_a);
    let room = end - out.len();
    out.extend_from_slice(&b[j..j + room.min(b.len() - j)]);
}

fn phase_ordinal(p: &Pod) -> u8 {
    match p.status.phase.as_str() {
        "Unknown" => 1,
        "Running" => 2,
        _ => 0, // Pending, and a map miss for anything else.
    }
}

/// `GetDeletionCostFromPodAnnotations`: missing or invalid → 0.
pub fn deletion_cost(p: &Pod) -> i32 {
    p.metadata
        .annotations
        .get(POD_DELETION_COST)
        .and_then(|v| v.parse::<i32>().ok())
        .unwrap_or(0)
}

/// `podReadyTime`: the Ready condition's lastTransitionTime (zero when missing).
fn ready_time(p: &Pod) -> Option<Time> {
    p.status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready" && c.status == "True")
        .and_then(|c| c.last_transition_time)
}

/// `maxContainerRestarts`: (regular containers, restartable init containers).
fn max_restarts(p: &Pod) -> (i32, i32) {
    let regular = p
        .status
        .container_statuses
        .iter()
        .map(|c| c.restart_count)
        .max()
        .unwrap_or(0);
    let sidecar = p
        .status
        .init_container_statuses
        .iter()
        .filter(|s| {
            p.spec
                .init_containers
                .iter()
                .any(|c| c.name == s.name && c.is_sidecar())
        })
        .map(|c| c.restart_count)
        .max()
        .unwrap_or(0);
    (regular.max(0), sidecar.max(0))
}

/// `afterOrZero`: a zero time counts as the latest.
fn after_or_zero(a: Option<Time>, b: Option<Time>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a > b,
        (a, _) => a.is_none(),
    }
}

/// floor(log2(now − t in ns)), −1 when not positive (`logarithmicRankDiff`'s terms).
fn log_bucket(t: Time, now: Time) -> i64 {
    let ns = (now - t).as_millis().saturating_mul(1_000_000);
    if ns > 0 {
        (ns as f64).log2() as i64
    } else {
        -1
    }
}

/// Compares two times by "newer first": the log-bucket rule when enabled and all are set
/// (equal buckets → smaller UID first), else `afterOrZero`.
fn newer_first(
    (ta, ba): (Option<Time>, Option<i64>),
    (tb, bb): (Option<Time>, Option<i64>),
    uid_less: impl FnOnce() -> bool,
    log: bool,
) -> bool {
    match (ba, bb) {
        (Some(ba), Some(bb)) if log => {
            if ba == bb {
                uid_less()
            } else {
                ba < bb
            }
        }
        _ => after_or_zero(ta, tb),
    }
}

/// `ActivePodsWithRanks.Less(i, j)` over read facts.
pub fn ranked_less(i: &Ranked, j: &Ranked, gates: RankGates) -> bool {
    // 1. Unassigned < assigned.
    if i.assigned != j.assigned {
        return !i.assigned;
    }
    // 2. Pending < Unknown < Running.
    if i.phase != j.phase {
        return i.phase < j.phase;
    }
    // 3. Not ready < ready.
    if i.ready != j.ready {
        return !i.ready;
    }
    // 4. Lower pod-deletion-cost first.
    if gates.pod_deletion_cost && i.cost != j.cost {
        return i.cost < j.cost;
    }
    // 5. Doubled up (more related pods on the node) first.
    if i.rank != j.rank {
        return i.rank > j.rank;
    }
    let log = gates.logarithmic_scale_down;
    // 6. Ready for less time first.
    if i.ready && j.ready && i.ready_time != j.ready_time {
        return newer_first(
            (i.ready_time, i.ready_bucket),
            (j.ready_time, j.ready_bucket),
            || i.uid_less(j),
            log,
        );
    }
    // 7. More restarts first.
    if i.restarts != j.restarts {
        return i.restarts > j.restarts;
    }
    // 8. Newer first (a missing creationTimestamp counts as newest).
    if i.created != j.created {
        return newer_first(
            (i.created, i.created_bucket),
            (j.created, j.created_bucket),
            || i.uid_less(j),
            log,
        );
    }
    false
}

/// `ActivePodsWithRanks.Less(i, j)`: true when pod `i` should be deleted before pod `j`.
pub fn active_pods_with_ranks_less(
    (pi, ri): (&Pod, usize),
    (pj, rj): (&Pod, usize),
    now: Option<Time>,
    gates: RankGates,
) -> bool {
    let (fi, fj) = (PodFacts::of(pi), PodFacts::of(pj));
    ranked_less(
        &Ranked::new(&fi, ri, now),
        &Ranked::new(&fj, rj, now),
        gates,
    )
}

/// The older `controller.ActivePods` order: no ranks, no deletion cost, no log buckets.
pub fn active_pods_less(pi: &Pod, pj: &Pod) -> bool {
    let gates = RankGates {
        pod_deletion_cost: false,
        logarithmic_scale_down: false,
    };
    // Without ranks the restart rule compares regular containers only, as ActivePods does.
    active_pods_with_ranks_less((pi, 0), (pj, 0), None, gates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(uid: &str) -> PodFacts {
        PodFacts {
            node: String::new(),
            phase: 0,
            ready: false,
            cost: 0,
            ready_time: None,
            restarts: (0, 0),
            created: None,
            uid: uid.into(),
        }
    }

    #[test]
    fn uid_heads_order_as_the_uids() {
        let uids = [
            "",
            "a",
            "ab",
            "ab\u{0}",
            "0123456789abcdef",
            "0123456789abcdef0",
            "0123456789abcdef1",
            "0123456789abcdeg",
            "9f1c2a4e-0b7d-4c1e-8a2f-3d5e6f7a8b9c",
            "9f1c2a4e-0b7d-4c1e-8a2f-3d5e6f7a8b9d",
            "9f1c2a4e-0b7d-4c1f-0000-000000000000",
        ];
        let all: Vec<PodFacts> = uids.iter().map(|u| facts(u)).collect();
        for a in &all {
            for b in &all {
                let (ra, rb) = (Ranked::new(a, 0, None), Ranked::new(b, 0, None));
                assert_eq!(ra.uid_less(&rb), a.uid < b.uid, "{:?} < {:?}", a.uid, b.uid);
            }
        }
    }
}
