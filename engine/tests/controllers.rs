//! The chapter's Deployment / ReplicaSet scenarios, driven on a `Cluster` in virtual time.

use paperkube_engine::api::apps::{DeploymentStrategy, RollingUpdateDeployment};
use paperkube_engine::api::intstr::IntOrString;
use paperkube_engine::api::{Deployment, Kind, Pod, ReplicaSet, SharedObject};
use paperkube_engine::apiserver::{
    defaults, DeleteOptions, ObjectKey, Propagation, WatchEvent, WatchEventType,
};
use paperkube_engine::controller::deployment::rollback::{undo, Undo};
use paperkube_engine::controller::deployment::util;
use paperkube_engine::rng::Rng;
use paperkube_engine::testing;
use paperkube_engine::time::Duration;
use paperkube_engine::{Cluster, ClusterConfig};
use std::collections::BTreeSet;

const NAME: &str = "hello-server";

fn deployment(replicas: i32, image: &str, strategy: DeploymentStrategy) -> Deployment {
    let mut d = testing::deployment(NAME, replicas, NAME, image);
    d.spec.strategy = Some(strategy);
    defaults::deployment(&mut d);
    d
}

fn intstr(v: &str) -> IntOrString {
    match v.parse::<i64>() {
        Ok(n) => IntOrString::Int(n),
        Err(_) => IntOrString::String(v.into()),
    }
}

fn rolling(surge: &str, unavailable: &str) -> DeploymentStrategy {
    DeploymentStrategy {
        type_: Some("RollingUpdate".into()),
        rolling_update: Some(RollingUpdateDeployment {
            max_surge: Some(intstr(surge)),
            max_unavailable: Some(intstr(unavailable)),
        }),
    }
}

fn recreate() -> DeploymentStrategy {
    DeploymentStrategy {
        type_: Some("Recreate".into()),
        rolling_update: None,
    }
}

fn key() -> ObjectKey {
    ObjectKey::new("default", NAME)
}

fn start(d: Deployment) -> Cluster {
    let mut c = Cluster::new(&ClusterConfig::default());
    c.api.create(d).expect("create deployment");
    c.advance(Duration::from_secs(60));
    c
}

fn get(c: &Cluster) -> Deployment {
    c.api
        .deployments()
        .get(&key())
        .cloned()
        .expect("deployment")
}

fn set_image(c: &mut Cluster, image: &str) {
    c.api
        .modify::<Deployment>(&key(), |d| {
            d.spec.template.spec.containers[0].image = image.into()
        })
        .expect("set image");
}

/// The Deployment's ReplicaSets, oldest first.
fn replicasets(c: &Cluster) -> Vec<ReplicaSet> {
    let d = get(c);
    let mut v: Vec<ReplicaSet> = c
        .api
        .replicasets()
        .iter()
        .filter(|rs| {
            rs.metadata
                .controller_ref()
                .is_some_and(|r| r.uid == d.metadata.uid)
        })
        .cloned()
        .collect();
    v.sort_by(util::by_creation_timestamp);
    v
}

fn active_pods(c: &Cluster) -> Vec<&Pod> {
    c.api.pods().iter().filter(|p| p.is_active()).collect()
}

fn available_pods(c: &Cluster) -> usize {
    active_pods(c).iter().filter(|p| p.is_ready()).count()
}

fn revision(rs: &ReplicaSet) -> String {
    rs.metadata
        .annotations
        .get(util::REVISION)
        .cloned()
        .unwrap_or_default()
}

fn is_complete(c: &Cluster) -> bool {
    let d = get(c);
    let s = &d.status;
    let r = d.spec.replicas.unwrap_or(1);
    s.observed_generation >= d.metadata.generation
        && s.updated_replicas == r
        && s.replicas == r
        && s.available_replicas == r
}

fn events(c: &Cluster, reason: &str) -> Vec<String> {
    let mut evs: Vec<_> = c
        .api
        .events()
        .iter()
        .filter(|e| e.reason == reason)
        .cloned()
        .collect();
    evs.sort_by_key(|e| {
        (
            e.first_timestamp,
            e.metadata.resource_version.parse::<u64>().unwrap_or(0),
        )
    });
    evs.into_iter().map(|e| e.message.to_string()).collect()
}

fn apply_undo(c: &mut Cluster, to_revision: i64) -> Undo {
    let d = get(c);
    let owned = replicasets(c);
    let result = undo(&d, &owned, to_revision).expect("undo");
    if let Undo::Patch {
        template,
        annotations,
        ..
    } = &result
    {
        let (t, a) = ((**template).clone(), annotations.clone());
        c.api
            .modify::<Deployment>(&key(), |d| {
                d.spec.template = t;
                d.metadata.annotations = a;
            })
            .expect("patch");
    }
    result
}

#[test]
fn a_deleted_pod_is_replaced_under_a_new_name() {
    let mut c = start(deployment(
        3,
        "blux2/hello-server:1.0",
        rolling("25%", "25%"),
    ));
    assert!(is_complete(&c));
    let rs = &replicasets(&c)[0];
    assert_eq!(
        rs.metadata.name,
        format!("{NAME}-{}", rs.metadata.labels[util::POD_TEMPLATE_HASH])
    );
    let victim = active_pods(&c)[0].metadata.name.clone();
    assert!(victim.starts_with(&format!("{}-", rs.metadata.name)));
    assert_eq!(victim.len(), rs.metadata.name.len() + 6);
    c.api
        .delete::<Pod>(
            &ObjectKey::new("default", victim.clone()),
            DeleteOptions::default(),
        )
        .expect("delete");
    c.settle();
    let names: BTreeSet<String> = active_pods(&c)
        .iter()
        .map(|p| p.metadata.name.clone())
        .collect();
    assert_eq!(names.len(), 3);
    assert!(!names.contains(&victim));
    let created = events(&c, "SuccessfulCreate");
    assert_eq!(created.len(), 4, "{created:?}");
    c.advance(Duration::from_secs(30));
    assert!(is_complete(&c));
}

#[test]
fn a_missing_tag_stalls_then_a_fix_finishes_with_three_replicasets() {
    let mut c = start(deployment(
        3,
        "blux2/hello-server:1.0",
        rolling("25%", "25%"),
    ));
    set_image(&mut c, "blux2/hello-server:9.9");
    c.advance(Duration::from_secs(120));
    let rss = replicasets(&c);
    assert_eq!(rss.len(), 2);
    let (old, new) = (&rss[0], &rss[1]);
    assert_eq!(
        (
            old.replicas(),
            old.status.replicas,
            old.status.ready_replicas
        ),
        (3, 3, 3)
    );
    assert_eq!(
        (
            new.replicas(),
            new.status.replicas,
            new.status.ready_replicas
        ),
        (1, 1, 0)
    );
    let d = get(&c);
    assert_eq!(
        (
            d.status.ready_replicas,
            d.status.updated_replicas,
            d.status.available_replicas
        ),
        (3, 1, 3)
    );
    let progressing = util::condition(&d.status, util::PROGRESSING).expect("progressing");
    assert_eq!(progressing.reason, util::REPLICA_SET_UPDATED_REASON);
    assert_eq!(
        progressing.message,
        format!("ReplicaSet \"{}\" is progressing.", new.metadata.name)
    );
    assert_eq!(
        events(&c, "ScalingReplicaSet").last().map(String::as_str),
        Some(format!("Scaled up replica set {} from 0 to 1", new.metadata.name).as_str())
    );
    assert_eq!((revision(old), revision(new)), ("1".into(), "2".into()));

    set_image(&mut c, "blux2/hello-server:1.1");
    c.advance(Duration::from_secs(180));
    assert!(is_complete(&c));
    let rss = replicasets(&c);
    assert_eq!(rss.len(), 3);
    let sizes: Vec<i32> = rss.iter().map(ReplicaSet::replicas).collect();
    assert_eq!(sizes, vec![0, 0, 3]);
    assert_eq!(
        rss.iter().map(revision).collect::<Vec<_>>(),
        vec!["1", "2", "3"]
    );
    let d = get(&c);
    assert_eq!(
        d.metadata
            .annotations
            .get(util::REVISION)
            .map(String::as_str),
        Some("3")
    );
    let conds: Vec<(&str, &str)> = d
        .status
        .conditions
        .iter()
        .map(|c| (c.type_.as_str(), c.reason.as_str()))
        .collect();
    assert_eq!(
        conds,
        vec![
            ("Available", "MinimumReplicasAvailable"),
            ("Progressing", "NewReplicaSetAvailable")
        ]
    );

    // Undo to revision 1: the first RS comes back as revision 4, remembering 1.
    assert!(matches!(
        apply_undo(&mut c, 1),
        Undo::Patch { revision: 1, .. }
    ));
    c.advance(Duration::from_secs(180));
    assert!(is_complete(&c));
    let rss = replicasets(&c);
    assert_eq!(rss.len(), 3, "no new ReplicaSet on rollback");
    assert_eq!(rss[0].replicas(), 3);
    assert_eq!(revision(&rss[0]), "4");
    assert_eq!(
        rss[0]
            .metadata
            .annotations
            .get(util::REVISION_HISTORY)
            .map(String::as_str),
        Some("1")
    );
    assert_eq!(
        get(&c)
            .metadata
            .annotations
            .get(util::REVISION)
            .map(String::as_str),
        Some("4")
    );
    // Undo again: back to revision 3's template.
    assert!(matches!(
        apply_undo(&mut c, 0),
        Undo::Patch { revision: 3, .. }
    ));
    c.advance(Duration::from_secs(180));
    assert!(is_complete(&c));
    assert_eq!(
        replicasets(&c)
            .iter()
            .map(ReplicaSet::replicas)
            .collect::<Vec<_>>(),
        vec![0, 0, 3]
    );
}

#[test]
fn a_stalled_rollout_exceeds_its_progress_deadline() {
    let mut d = deployment(3, "blux2/hello-server:1.0", rolling("25%", "25%"));
    d.spec.progress_deadline_seconds = Some(60);
    let mut c = start(d);
    set_image(&mut c, "blux2/hello-server:9.9");
    let set_at = c.now();
    c.advance(Duration::from_secs(30));
    let d = get(&c);
    assert_eq!(
        util::condition(&d.status, util::PROGRESSING).map(|c| c.status.as_str()),
        Some("True")
    );
    c.advance(Duration::from_secs(60));
    let d = get(&c);
    let p = util::condition(&d.status, util::PROGRESSING).expect("progressing");
    assert_eq!(
        (p.status.as_str(), p.reason.as_str()),
        ("False", util::TIMED_OUT_REASON)
    );
    let new = &replicasets(&c)[1];
    assert_eq!(
        p.message,
        format!(
            "ReplicaSet \"{}\" has timed out progressing.",
            new.metadata.name
        )
    );
    let at = p.last_update_time.expect("time");
    assert!(
        at > set_at + Duration::from_secs(60) && at <= set_at + Duration::from_secs(63),
        "{at:?}"
    );
    let status = paperkube_engine::controller::deployment::status_viewer::deployment_status(&d, 0);
    assert_eq!(
        status,
        Err(format!(
            "deployment \"{NAME}\" exceeded its progress deadline"
        ))
    );
}

/// Runs to `until`, one timer instant at a time, calling `check` after every instant.
fn step_until(
    c: &mut Cluster,
    until: paperkube_engine::time::Time,
    mut check: impl FnMut(&Cluster),
) {
    check(c);
    while c.next_due().is_some_and(|t| t <= until) {
        c.step();
        check(c);
    }
    c.advance_to(until);
    check(c);
}

#[test]
fn four_replicas_never_exceed_five_pods_nor_drop_below_three_available() {
    let mut c = start(deployment(
        4,
        "blux2/hello-server:1.0",
        rolling("25%", "25%"),
    ));
    let old_uid = replicasets(&c)[0].metadata.uid.clone();
    c.observe(true);
    set_image(&mut c, "blux2/hello-server:1.1");
    c.settle();
    let rss = replicasets(&c);
    // Sync 1 creates the new RS with 1 (surge) and scales the old one to 3 (unavailable 1),
    // sync 2 raises the new RS to 2; then the unavailable new pods block.
    assert_eq!((rss[0].replicas(), rss[1].replicas()), (3, 2));
    // What `get pods -w` shows: one new pod, one old pod terminating, then the second new pod.
    let steps: Vec<&str> = c
        .take_observed()
        .iter()
        .filter_map(|ev| match &ev.object {
            SharedObject::Pod(_) if ev.type_ == WatchEventType::Added => Some("new pod"),
            SharedObject::Pod(p)
                if p.metadata.deletion_timestamp.is_some()
                    && p.metadata.owner_references[0].uid == old_uid
                    && p.status.phase == "Running"
                    && p.is_ready() =>
            {
                Some("old pod terminating")
            }
            _ => None,
        })
        .collect();
    assert_eq!(steps, ["new pod", "old pod terminating", "new pod"]);
    assert_eq!(events(&c, "SuccessfulDelete").len(), 1);
    assert_eq!(active_pods(&c).len(), 5);
    let until = c.now() + Duration::from_secs(300);
    step_until(&mut c, until, |c| {
        assert!(active_pods(c).len() <= 5, "{} pods", active_pods(c).len());
        assert!(available_pods(c) >= 3, "{} available", available_pods(c));
    });
    assert!(is_complete(&c));
}

#[test]
fn max_surge_100_percent_doubles_then_drops_the_old_half() {
    let mut c = start(deployment(
        4,
        "blux2/hello-server:1.0",
        rolling("100%", "0%"),
    ));
    set_image(&mut c, "blux2/hello-server:1.1");
    c.settle();
    assert_eq!(active_pods(&c).len(), 8);
    let mut peak = 0;
    let until = c.now() + Duration::from_secs(300);
    step_until(&mut c, until, |c| {
        peak = peak.max(active_pods(c).len());
        assert!(available_pods(c) >= 4);
    });
    assert_eq!(peak, 8);
    assert!(is_complete(&c));
    assert_eq!(
        replicasets(&c)
            .iter()
            .map(ReplicaSet::replicas)
            .collect::<Vec<_>>(),
        vec![0, 4]
    );
}

#[test]
fn recreate_creates_no_new_pod_until_the_old_ones_are_gone() {
    let mut c = start(deployment(10, "blux2/hello-server:1.0", recreate()));
    assert!(is_complete(&c));
    let old_uid = replicasets(&c)[0].metadata.uid.clone();
    c.observe(true);
    set_image(&mut c, "blux2/hello-server:1.1");
    c.advance(Duration::from_secs(300));
    assert!(is_complete(&c));
    // Replay the watch stream: no new-RS pod may appear while an old pod exists.
    let mut old_pods: BTreeSet<String> = BTreeSet::new();
    let mut saw_new = false;
    for p in c.api.pods().iter() {
        assert_ne!(p.metadata.owner_references[0].uid, old_uid);
    }
    // Old pods that existed when the image changed.
    let mut first = true;
    for ev in c.take_observed() {
        let SharedObject::Pod(p) = &ev.object else {
            continue;
        };
        let owner = p
            .metadata
            .controller_ref()
            .map(|r| r.uid.clone())
            .unwrap_or_default();
        if first {
            first = false;
        }
        match (ev.type_, owner == old_uid) {
            (WatchEventType::Deleted, true) => {
                old_pods.remove(&p.metadata.name);
            }
            (_, true) => {
                old_pods.insert(p.metadata.name.clone());
            }
            (WatchEventType::Added, false) => {
                assert!(
                    old_pods.is_empty(),
                    "new pod {} while old pods remain",
                    p.metadata.name
                );
                saw_new = true;
            }
            _ => {}
        }
    }
    assert!(saw_new);
    let scaling = events(&c, "ScalingReplicaSet");
    let rss = replicasets(&c);
    assert_eq!(
        scaling[scaling.len() - 2..].to_vec(),
        vec![
            format!(
                "Scaled down replica set {} from 10 to 0",
                rss[0].metadata.name
            ),
            format!(
                "Scaled up replica set {} from 0 to 10",
                rss[1].metadata.name
            ),
        ]
    );
}

#[test]
fn pause_holds_template_changes_and_resume_rolls_them_out_once() {
    let mut c = start(deployment(
        3,
        "blux2/hello-server:1.0",
        rolling("25%", "25%"),
    ));
    c.api
        .modify::<Deployment>(&key(), |d| d.spec.paused = true)
        .expect("pause");
    c.settle();
    let p = util::condition(&get(&c).status, util::PROGRESSING)
        .cloned()
        .expect("cond");
    assert_eq!(
        (p.status.as_str(), p.reason.as_str(), p.message.as_str()),
        ("Unknown", "DeploymentPaused", "Deployment is paused")
    );
    set_image(&mut c, "blux2/hello-server:1.1");
    c.advance(Duration::from_secs(30));
    set_image(&mut c, "blux2/hello-server:1.2");
    c.advance(Duration::from_secs(30));
    assert_eq!(replicasets(&c).len(), 1, "no new ReplicaSet while paused");
    c.api
        .modify::<Deployment>(&key(), |d| d.spec.paused = false)
        .expect("resume");
    c.settle();
    assert_eq!(replicasets(&c).len(), 2, "one rollout on resume");
    c.advance(Duration::from_secs(180));
    assert!(is_complete(&c));
    let rss = replicasets(&c);
    assert_eq!(rss.len(), 2);
    assert_eq!(
        rss[1].spec.template.spec.containers[0].image,
        "blux2/hello-server:1.2"
    );
}

#[test]
fn scaling_mid_rollout_is_proportional() {
    let mut c = start(deployment(
        10,
        "blux2/hello-server:1.0",
        rolling("25%", "25%"),
    ));
    set_image(&mut c, "blux2/hello-server:9.9"); // Stalls: new 3? (surge 3, unavailable 2)
    c.advance(Duration::from_secs(60));
    let before: Vec<i32> = replicasets(&c).iter().map(ReplicaSet::replicas).collect();
    assert_eq!(before.iter().sum::<i32>(), 13);
    c.api
        .modify::<Deployment>(&key(), |d| d.spec.replicas = Some(20))
        .expect("scale");
    c.settle();
    let after: Vec<i32> = replicasets(&c).iter().map(ReplicaSet::replicas).collect();
    // allowed 20 + 5 = 25, spread by the max-replicas annotation (13).
    assert_eq!(after.iter().sum::<i32>(), 25, "{before:?} -> {after:?}");
    for (b, a) in before.iter().zip(&after) {
        assert!(a >= b);
    }
}

#[test]
fn revision_history_limit_deletes_the_oldest_empty_replicasets() {
    let mut d = deployment(2, "nginx:1.24.0", rolling("25%", "25%"));
    d.spec.revision_history_limit = Some(1);
    let mut c = start(d);
    for image in ["nginx:1.25.3", "nginx:1.26", "nginx:1.27"] {
        set_image(&mut c, image);
        c.advance(Duration::from_secs(120));
    }
    let rss = replicasets(&c);
    assert_eq!(rss.iter().map(revision).collect::<Vec<_>>(), vec!["3", "4"]);
}

fn deletion_scenario(propagation: Propagation) -> Cluster {
    let mut c = start(deployment(
        3,
        "blux2/hello-server:1.0",
        rolling("25%", "25%"),
    ));
    let opts = DeleteOptions {
        propagation,
        ..Default::default()
    };
    c.api.delete::<Deployment>(&key(), opts).expect("delete");
    c.advance(Duration::from_secs(60));
    c
}

#[test]
fn deleting_a_deployment_cascades() {
    for p in [Propagation::Background, Propagation::Foreground] {
        let c = deletion_scenario(p);
        assert!(c.api.deployments().is_empty(), "{p:?}");
        assert!(c.api.replicasets().is_empty(), "{p:?}");
        assert!(c.api.pods().is_empty(), "{p:?}");
    }
    let c = deletion_scenario(Propagation::Orphan);
    assert!(c.api.deployments().is_empty());
    assert_eq!(c.api.replicasets().len(), 1);
    assert!(c
        .api
        .replicasets()
        .iter()
        .all(|rs| rs.metadata.owner_references.is_empty()));
    assert_eq!(c.api.pods().len(), 3);
    assert_eq!(
        c.api
            .dependents(
                &c.api
                    .replicasets()
                    .iter()
                    .next()
                    .map(|r| r.metadata.uid.clone())
                    .unwrap_or_default()
            )
            .len(),
        3
    );
    let _ = Kind::Pod;
}

// ---------------------------------------------------------------------------------------
// Property test: random operations keep the bounds and always converge.
// ---------------------------------------------------------------------------------------

const IMAGES: [&str; 4] = ["nginx:1.24.0", "nginx:1.25.3", "nginx:1.26", "nginx:1.27"];

/// (most active pods, fewest available pods) the strategy allows: `replicas + maxSurge` and
/// `replicas − maxUnavailable` (`MinAvailable`: 0 for Recreate, which takes every old pod
/// down first).
fn bounds(d: &Deployment) -> (usize, usize) {
    let r = d.spec.replicas.unwrap_or(1);
    let surge = util::max_surge(d);
    ((r + surge) as usize, util::min_available(d).max(0) as usize)
}

/// Recreate's promise: pods of two ReplicaSets never run side by side. A pod that has not
/// finished (Pending, Running, Terminating) keeps its ReplicaSet "running" until it is gone.
fn recreate_overlap(c: &Cluster) -> Option<Vec<String>> {
    let owners: BTreeSet<String> = c
        .api
        .pods()
        .iter()
        .filter(|p| p.status.phase != "Succeeded" && p.status.phase != "Failed")
        .filter_map(|p| p.metadata.controller_ref().map(|r| r.name.clone()))
        .collect();
    (owners.len() > 1).then(|| owners.into_iter().collect())
}

/// Replays pod watch events onto the set of active pod names; fails at the first write
/// after which more than `bound` pods are active.
fn replay_writes(
    live: &mut BTreeSet<String>,
    writes: &[WatchEvent],
    bound: usize,
) -> Result<(), String> {
    for ev in writes {
        let SharedObject::Pod(p) = &ev.object else {
            continue;
        };
        let name = p.metadata.name.clone();
        if ev.type_ != WatchEventType::Deleted && p.is_active() {
            live.insert(name.clone());
        } else {
            live.remove(&name);
        }
        if live.len() > bound {
            return Err(format!(
                "{} active pods (> {bound}) after {:?} of {name} at {}",
                live.len(),
                ev.type_,
                ev.at
            ));
        }
    }
    Ok(())
}

fn random_run(seed: u64) {
    let mut rng = Rng::new(seed);
    let strategy = match rng.below(4) {
        0 => rolling("25%", "25%"),
        1 => rolling("1", "0"),
        2 => rolling("50%", "1"),
        _ => recreate(),
    };
    let is_recreate = strategy.type_.as_deref() == Some("Recreate");
    let mut c = Cluster::new(&ClusterConfig {
        seed,
        ..Default::default()
    });
    c.api
        .create(deployment(rng.range(1, 6) as i32, IMAGES[0], strategy))
        .expect("create");
    c.advance(Duration::from_secs(60));
    // The floor for available pods; user scale-downs and pod deletions lower it.
    let mut floor = available_pods(&c);
    // Every write is replayed as well: the surge bound holds after each one, not only once
    // an instant has settled (`kubectl get pods -w` shows every write).
    let mut live: BTreeSet<String> = active_pods(&c)
        .iter()
        .map(|p| p.metadata.name.clone())
        .collect();
    c.observe(true);
    for step in 0..25 {
        let op = rng.below(6);
        let d = get(&c);
        let max_before = bounds(&d).0;
        match op {
            0 => {
                let n = rng.range(1, 8) as i32;
                c.api
                    .modify::<Deployment>(&key(), |d| d.spec.replicas = Some(n))
                    .expect("scale");
            }
            1 => set_image(&mut c, IMAGES[rng.below(IMAGES.len() as u64) as usize]),
            2 if !d.spec.paused => {
                let owned = replicasets(&c);
                if let Ok(Undo::Patch {
                    template,
                    annotations,
                    ..
                }) = undo(&d, &owned, 0)
                {
                    let (t, a) = (*template, annotations);
                    c.api
                        .modify::<Deployment>(&key(), |d| {
                            d.spec.template = t;
                            d.metadata.annotations = a;
                        })
                        .expect("undo");
                }
            }
            3 => {
                let paused = !d.spec.paused;
                c.api
                    .modify::<Deployment>(&key(), |d| d.spec.paused = paused)
                    .expect("pause");
            }
            4 => {
                let pods = active_pods(&c);
                if !pods.is_empty() {
                    let victim = ObjectKey::of(pods[rng.below(pods.len() as u64) as usize]);
                    let _ = c.api.delete::<Pod>(&victim, DeleteOptions::default());
                }
            }
            _ => {}
        }
        c.settle();
        let (max_pods, min_available) = bounds(&get(&c));
        // A scale-down lowers the bound before the controllers have acted on it.
        let writes = c.take_observed();
        if let Err(e) = replay_writes(&mut live, &writes, max_before.max(max_pods)) {
            panic!("seed {seed} step {step} op {op}: {e}");
        }
        if matches!(op, 0 | 4) {
            floor = available_pods(&c);
        }
        floor = floor.min(min_available);
        let until = c.now() + Duration::from_millis(rng.range(0, 20_000));
        step_until(&mut c, until, |c| {
            let (max_pods, _) = bounds(&get(c));
            let pods = active_pods(c).len();
            if pods > max_pods {
                let d = get(c);
                let rss: Vec<(String, i32, i32, String)> = replicasets(c)
                    .iter()
                    .map(|r| {
                        (
                            r.metadata.name.clone(),
                            r.replicas(),
                            r.status.replicas,
                            revision(r),
                        )
                    })
                    .collect();
                let pods: Vec<(String, bool, String)> = c
                    .api
                    .pods()
                    .iter()
                    .map(|p| {
                        (
                            p.metadata.name.clone(),
                            p.is_active(),
                            p.status.phase.clone(),
                        )
                    })
                    .collect();
                panic!("seed {seed} step {step} op {op}: > {max_pods}; d {:?} paused {} strategy {:?}\n{rss:?}\n{pods:?}", d.spec.replicas, d.spec.paused, d.spec.strategy);
            }
            let available = available_pods(c);
            assert!(
                available >= floor,
                "seed {seed} step {step} op {op}: {available} available < {floor}"
            );
            if is_recreate {
                if let Some(owners) = recreate_overlap(c) {
                    panic!(
                        "seed {seed} step {step} op {op}: Recreate runs pods of {owners:?} at once"
                    );
                }
            }
        });
        let writes = c.take_observed();
        if let Err(e) = replay_writes(&mut live, &writes, max_pods) {
            panic!("seed {seed} step {step} op {op}: {e}");
        }
        floor = floor.max(available_pods(&c)).min(bounds(&get(&c)).1);
    }
    c.api
        .modify::<Deployment>(&key(), |d| d.spec.paused = false)
        .expect("resume");
    c.advance(Duration::from_secs(600));
    assert!(
        is_complete(&c),
        "seed {seed}: not converged: {:?}",
        get(&c).status
    );
    let d = get(&c);
    let rss = replicasets(&c);
    let active: Vec<&ReplicaSet> = rss.iter().filter(|rs| rs.replicas() > 0).collect();
    assert_eq!(active.len(), 1, "seed {seed}");
    assert!(
        util::equal_ignore_hash(&active[0].spec.template, &d.spec.template),
        "seed {seed}"
    );
    assert_eq!(
        active_pods(&c).len() as i32,
        d.spec.replicas.unwrap_or(1),
        "seed {seed}"
    );
}

#[test]
fn random_operations_keep_bounds_and_converge() {
    let seeds: u64 = std::env::var("PK_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);
    for seed in 1..=seeds {
        random_run(seed);
    }
}

#[test]
fn min_ready_seconds_delays_availability() {
    let mut d = deployment(2, "blux2/hello-server:1.0", rolling("25%", "25%"));
    d.spec.min_ready_seconds = Some(5);
    let mut c = Cluster::new(&ClusterConfig::default());
    c.api.create(d).expect("create");
    // Until every pod is ready, then a little: ready but not yet available.
    let mut ready_at = None;
    while ready_at.is_none() && c.step() {
        let s = get(&c).status;
        if s.ready_replicas == 2 {
            ready_at = Some(c.now());
            assert_eq!(
                s.available_replicas, 0,
                "available only after minReadySeconds"
            );
        }
    }
    let ready_at = ready_at.expect("pods became ready");
    c.advance_to(ready_at + Duration::from_secs(4));
    assert_eq!(get(&c).status.available_replicas, 0);
    c.advance_to(ready_at + Duration::from_secs(8));
    let rs = &replicasets(&c)[0];
    assert_eq!(rs.spec.min_ready_seconds, Some(5));
    assert_eq!(get(&c).status.available_replicas, 2);
    assert!(is_complete(&c));
}
