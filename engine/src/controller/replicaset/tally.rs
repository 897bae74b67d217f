//! A ReplicaSet's pod counts kept up to date from the store's change marks
//! ([`ApiServer::take_pod_changes`]) instead of recounted over every pod at every sync:
//! a rollout of n pods syncs its ReplicaSets O(n) times, so recounting was quadratic.
//! The counts are the same `calculateStatus` computes; only the bookkeeping differs.
//! The same marks keep what a scale-down ranks: the claimed pods in name order with
//! their [`PodFacts`], and how many of them each node runs (`getPodsRankedByRelatedPodsOnSameNode`).

use super::rank::PodFacts;
use super::PodCounts;
use crate::api::meta::LabelSelector;
use crate::api::{Kind, Pod, ReplicaSet};
use crate::apiserver::{ApiServer, ObjectKey, PodChanges};
use crate::record::Fx;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What one pod adds to its ReplicaSet's counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Facts {
    /// Active, controlled by the ReplicaSet and selected by it (`ClaimPods` keeps it).
    claimed: bool,
    fully_labeled: bool,
    ready: bool,
    /// Active and controlled, but no longer selected: `ClaimPods` releases it.
    mismatched: bool,
    /// The node of a claimed pod of the ReplicaSet's namespace (`""`: none yet).
    node: Option<String>,
}

/// [`Facts`] as read from a pod, borrowing its node: most writes change no fact, and
/// comparing first spares a copy of the node's name per write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Read<'p> {
    claimed: bool,
    fully_labeled: bool,
    ready: bool,
    mismatched: bool,
    node: Option<&'p str>,
}

impl<'p> Read<'p> {
    fn of(rs: &ReplicaSet, pod: &'p Pod) -> Read<'p> {
        let controlled = pod.is_active()
            && pod
                .metadata
                .controller_ref()
                .is_some_and(|r| r.uid == rs.metadata.uid);
        if !controlled {
            return Read::default();
        }
        if !rs.spec.selector.matches(&pod.metadata.labels) {
            return Read {
                mismatched: true,
                ..Read::default()
            };
        }
        let same_namespace = pod.metadata.namespace == rs.metadata.namespace;
        Read {
            claimed: true,
            fully_labeled: super::fully_labeled(rs, pod),
            ready: pod.is_ready(),
            mismatched: false,
            node: same_namespace.then_some(pod.spec.node_name.as_str()),
        }
    }

    fn is(&self, f: &Facts) -> bool {
        self.claimed == f.claimed
            && self.fully_labeled == f.fully_labeled
            && self.ready == f.ready
            && self.mismatched == f.mismatched
            && self.node == f.node.as_deref()
    }

    fn to_facts(self) -> Facts {
        Facts {
            claimed: self.claimed,
            fully_labeled: self.fully_labeled,
            ready: self.ready,
            mismatched: self.mismatched,
            node: self.node.map(str::to_string),
        }
    }
}

/// One pod that counts: its facts and, once read for a ranking, its [`PodFacts`].
#[derive(Debug)]
struct Entry {
    facts: Facts,
    rank: Option<PodFacts>,
}

/// The counts of one ReplicaSet (with `minReadySeconds` 0: available means ready, so no
/// count depends on the clock).
#[derive(Debug)]
pub struct Tally {
    uid: String,
    selector: LabelSelector,
    template_labels: crate::api::meta::SharedLabels,
    /// The pods that count (claimed or mismatched), each in a numbered slot of `entries`.
    /// Hashed: most syncs look up a few pods by key, and their names share a long prefix
    /// (slow to compare).
    slots: HashMap<ObjectKey, usize, Fx>,
    /// The same slots in name order (a scale-down ranks in that order).
    order: BTreeMap<ObjectKey, usize>,
    entries: Vec<Option<Entry>>,
    /// Empty slots of `entries`, reused first.
    free: Vec<usize>,
    counts: PodCounts,
    mismatched: BTreeSet<ObjectKey>,
    /// Claimed pods of the ReplicaSet's namespace by node.
    on_node: HashMap<String, usize, Fx>,
}

impl Tally {
    /// Counts every pod the ReplicaSet references, and starts watching its changes.
    pub fn new(api: &mut ApiServer, rs: &ReplicaSet) -> Tally {
        let uid = rs.metadata.uid.clone();
        api.forget_pod_changes(&uid);
        api.take_pod_changes(&uid);
        let mut tally = Tally {
            uid,
            selector: rs.spec.selector.clone(),
            template_labels: rs.spec.template.metadata.labels.clone(),
            slots: HashMap::default(),
            order: BTreeMap::new(),
            entries: Vec::new(),
            free: Vec::new(),
            counts: PodCounts::default(),
            mismatched: BTreeSet::new(),
            on_node: HashMap::default(),
        };
        let keys: Vec<ObjectKey> = api.owned_keys(Kind::Pod, &tally.uid).cloned().collect();
        for key in keys {
            tally.refresh(api, rs, key);
        }
        tally
    }

    /// Whether the counts were kept for this ReplicaSet as it is now (a new selector or
    /// template labels change every pod's facts).
    pub fn fits(&self, rs: &ReplicaSet) -> bool {
        self.uid == rs.metadata.uid
            && self.selector == rs.spec.selector
            && self.template_labels == rs.spec.template.metadata.labels
    }

    pub fn uid(&self) -> &str {
        &self.uid
    }

    /// Looks again at the pods written since the last update.
    pub fn update(&mut self, api: &mut ApiServer, rs: &ReplicaSet) {
        let changed = api.take_pod_changes(&self.uid);
        self.apply(api, rs, &changed);
        api.recycle_pod_changes(changed);
    }

    /// Looks again at `changed`, taken from [`ApiServer::take_pod_changes`], in whatever
    /// order the set gives (a recycled set gives another): no count depends on it.
    pub fn apply(&mut self, api: &ApiServer, rs: &ReplicaSet, changed: &PodChanges) {
        for key in changed {
            self.refresh(api, rs, key.clone());
        }
    }

    pub fn counts(&self) -> PodCounts {
        self.counts
    }

    /// Controlled active pods the selector no longer selects, in key order.
    pub fn mismatched(&self) -> impl Iterator<Item = &ObjectKey> {
        self.mismatched.iter()
    }

    /// Claimed pods of the ReplicaSet's namespace by node.
    pub fn on_node(&self) -> impl Iterator<Item = (&str, usize)> {
        self.on_node.iter().map(|(n, c)| (n.as_str(), *c))
    }

    /// The claimed pods in name order with their rank facts (read again for the pods
    /// written since the last call).
    pub fn claimed(&mut self, api: &ApiServer) -> impl Iterator<Item = (&ObjectKey, &PodFacts)> {
        for (key, n) in &self.order {
            let Some(e) = self.entries.get_mut(*n).and_then(Option::as_mut) else {
                continue;
            };
            if e.facts.claimed && e.rank.is_none() {
                e.rank = api.pods().get(key).map(PodFacts::of);
            }
        }
        let entries = &self.entries;
        self.order.iter().filter_map(move |(key, n)| {
            let e = entries.get(*n)?.as_ref()?;
            let facts = e.rank.as_ref().filter(|_| e.facts.claimed)?;
            Some((key, facts))
        })
    }

    fn refresh(&mut self, api: &ApiServer, rs: &ReplicaSet, key: ObjectKey) {
        let read = api
            .pods()
            .get(&key)
            .map(|p| Read::of(rs, p))
            .unwrap_or_default();
        let slot = self.slots.get(&key).copied();
        let (old, new) = match slot.and_then(|n| self.entries.get_mut(n)?.as_mut()) {
            Some(e) => {
                // Any write may change what ranks it: read it again when ranking.
                e.rank = None;
                if read.is(&e.facts) {
                    return;
                }
                let new = read.to_facts();
                (std::mem::replace(&mut e.facts, new.clone()), new)
            }
            None if read == Read::default() => return,
            None => {
                let new = read.to_facts();
                let entry = Entry {
                    facts: new.clone(),
                    rank: None,
                };
                let n = self.free.pop().unwrap_or(self.entries.len());
                if n == self.entries.len() {
                    self.entries.push(None);
                }
                self.entries[n] = Some(entry);
                self.slots.insert(key.clone(), n);
                self.order.insert(key.clone(), n);
                (Facts::default(), new)
            }
        };
        self.add(&old, -1);
        self.add(&new, 1);
        if new.mismatched {
            self.mismatched.insert(key.clone());
        } else if old.mismatched {
            self.mismatched.remove(&key);
        }
        if new == Facts::default() {
            if let Some(n) = self.slots.remove(&key) {
                self.order.remove(&key);
                self.entries[n] = None;
                self.free.push(n);
            }
        }
    }

    fn add(&mut self, f: &Facts, sign: i32) {
        let c = &mut self.counts;
        c.replicas += sign * i32::from(f.claimed);
        c.fully_labeled += sign * i32::from(f.fully_labeled);
        c.ready += sign * i32::from(f.ready);
        c.available += sign * i32::from(f.ready);
        if let Some(node) = &f.node {
            if sign > 0 {
                match self.on_node.get_mut(node) {
                    Some(n) => *n += 1,
                    None => {
                        self.on_node.insert(node.clone(), 1);
                    }
                }
            } else if let Some(n) = self.on_node.get_mut(node) {
                *n -= 1;
                if *n == 0 {
                    self.on_node.remove(node);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::PodCondition;
    use crate::api::{Namespace, ObjectMeta};
    use crate::controller::replicaset::{controller_ref, count_pods};
    use crate::time::Time;

    fn labels(app: &str) -> BTreeMap<String, String> {
        [("app".to_string(), app.to_string())].into()
    }

    /// What `calculateStatus` counts from scratch, to compare with the tally.
    fn recount(api: &ApiServer, rs: &ReplicaSet) -> PodCounts {
        let pods: Vec<&Pod> = api
            .owned::<Pod>(&rs.metadata.uid)
            .filter(|p| Read::of(rs, p).claimed)
            .collect();
        count_pods(rs, &pods, api.now)
    }

    #[test]
    fn tally_follows_writes_like_a_recount() {
        let mut api = ApiServer::new(Time::from_secs(1_735_689_600), 1);
        let mut ns = Namespace::default();
        ns.metadata.name = "default".into();
        api.create(ns).unwrap();
        let mut rs = ReplicaSet::default();
        rs.metadata.name = "web".into();
        rs.spec.selector.match_labels = labels("web");
        rs.spec.template.metadata.labels = labels("web").into();
        let rs = api.create(rs).unwrap();
        let pod = |name: &str, app: &str| Pod {
            metadata: ObjectMeta {
                name: name.into(),
                labels: labels(app).into(),
                owner_references: vec![controller_ref(&*rs)].into(),
                ..Default::default()
            },
            ..Default::default()
        };
        api.create(pod("a", "web")).unwrap();
        let mut tally = Tally::new(&mut api, &rs);
        assert_eq!(tally.counts().replicas, 1);
        for name in ["b", "c", "d"] {
            api.create(pod(name, "web")).unwrap();
        }
        api.create(pod("other", "db")).unwrap();
        let ready = |p: &mut Pod| {
            p.status.conditions.push(PodCondition {
                type_: "Ready".into(),
                status: "True".into(),
                ..Default::default()
            })
        };
        for name in ["a", "b"] {
            api.modify_status::<Pod>(&ObjectKey::new("default", name), ready)
                .unwrap();
        }
        api.remove::<Pod>(&ObjectKey::new("default", "c"));
        api.modify::<Pod>(&ObjectKey::new("default", "d"), |p| {
            p.metadata.labels = labels("moved").into()
        })
        .unwrap();
        tally.update(&mut api, &rs);
        let want = recount(&api, &rs);
        assert_eq!(tally.counts(), want);
        assert_eq!((want.replicas, want.ready, want.available), (2, 2, 2));
        let mismatched: Vec<&str> = tally.mismatched().map(|k| k.name()).collect();
        assert_eq!(mismatched, ["d", "other"], "controlled but not selected");
        // A pod being deleted is no longer active: it leaves every count.
        api.delete::<Pod>(&ObjectKey::new("default", "a"), Default::default())
            .unwrap();
        tally.update(&mut api, &rs);
        assert_eq!(tally.counts(), recount(&api, &rs));
        assert_eq!(tally.counts().replicas, 1);
    }
}
