//! Upstream rows for the controller's scaling steps, run against a real API server (the
//! simulator's stand-in for upstream's fake clientset): TestScale,
//! TestDeploymentController_reconcileNewReplicaSet / reconcileOldReplicaSets /
//! cleanupUnhealthyReplicas / scaleDownOldReplicaSetsForRollingUpdate / cleanupDeployment.

use super::sync::cleanup_candidates;
use super::util::tests::{deployment, i32_of, rows};
use super::*;
use crate::api::{Object, ObjectMeta, SharedObject};
use crate::apiserver::WatchEventType;
use crate::clock::Timers;
use crate::controller::Context;
use crate::record::Recorder;
use serde_json::Value;

struct Harness {
    api: ApiServer,
    recorder: Recorder,
    timers: Timers,
}

impl Harness {
    fn new() -> Self {
        let mut api = ApiServer::new(Time::from_secs(1_463_709_600), 1);
        let ns = crate::api::Namespace {
            metadata: ObjectMeta {
                name: "default".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        api.create(ns).expect("namespace");
        api.take_watch_events();
        Harness {
            api,
            recorder: Recorder::default(),
            timers: Timers::default(),
        }
    }

    fn dc<R>(&mut self, f: impl FnOnce(&mut Dc) -> R) -> R {
        let mut ctx = Context {
            api: &mut self.api,
            recorder: &mut self.recorder,
            timers: &mut self.timers,
        };
        let mut dc = Dc {
            ctx: &mut ctx,
            requeue: None,
        };
        f(&mut dc)
    }

    /// Stores `rs` as given (status and timestamps included) and returns it as stored.
    fn put(&mut self, rs: ReplicaSet) -> ReplicaSet {
        let key = ObjectKey::of(&rs);
        self.api.import(Object::ReplicaSet(rs)).expect("import");
        self.api.replicasets().get(&key).cloned().expect("stored")
    }

    fn replicas(&self, name: &str) -> Option<i32> {
        self.api
            .replicasets()
            .get(&ObjectKey::new("default", name))
            .map(ReplicaSet::replicas)
    }

    /// Event messages recorded since the last call, in order.
    fn events(&mut self) -> Vec<String> {
        self.api
            .take_watch_events()
            .into_iter()
            .filter(|e| e.type_ == WatchEventType::Added)
            .filter_map(|e| match e.object {
                SharedObject::Event(ev) => Some(ev.message.to_string()),
                _ => None,
            })
            .collect()
    }
}

fn rs(name: &str, replicas: i32, available: i32) -> ReplicaSet {
    let mut r = ReplicaSet::default();
    r.metadata.name = name.into();
    r.metadata.namespace = "default".into();
    r.spec.replicas = Some(replicas);
    r.status.available_replicas = available;
    r
}

fn rs_from(v: &Value) -> ReplicaSet {
    let mut r = rs(
        v["name"].as_str().unwrap_or(""),
        i32_of(&v["specReplicas"]),
        i32_of(&v["statusAvailableReplicas"]),
    );
    r.metadata.creation_timestamp = v["creationTimestamp"]
        .as_str()
        .and_then(|s| Time::parse_rfc3339(s).ok());
    if let Some(m) = v["annotations"].as_object() {
        for (k, a) in m {
            r.metadata
                .annotations
                .insert(k.clone(), a.as_str().unwrap_or("").into());
        }
    }
    r
}

fn gated(r: &Value) -> bool {
    r.get("featureGates").is_some()
}

#[test]
fn scale_rows() {
    let mut checked = 0;
    for r in rows("TestScale") {
        let mut h = Harness::new();
        let dd = &r["deployment"];
        let d = deployment(
            i32_of(&dd["replicas"]),
            &dd["maxSurge"],
            &dd["maxUnavailable"],
            dd["strategy"].as_str().unwrap_or("RollingUpdate"),
        );
        let new_rs = (!r["newRS"].is_null()).then(|| h.put(rs_from(&r["newRS"])));
        let olds: Vec<ReplicaSet> = r["oldRSs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| h.put(rs_from(v)))
            .collect();
        h.events();
        let olds: Vec<&ReplicaSet> = olds.iter().collect();
        let result = h.dc(|dc| dc.scale(&d, new_rs.as_ref(), &olds));
        assert!(result.is_ok(), "{}", r["name"]);
        let unchecked: Vec<&str> = r["notCheckedRS"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let (Some(n), Some(want)) = (&new_rs, r["expectedNewRSReplicas"].as_i64()) {
            if !unchecked.contains(&n.metadata.name.as_str()) {
                assert_eq!(
                    h.replicas(&n.metadata.name),
                    Some(want as i32),
                    "{}",
                    r["name"]
                );
            }
        }
        let wants = r["expectedOldRSReplicas"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (old, want) in olds.iter().zip(wants) {
            if !unchecked.contains(&old.metadata.name.as_str()) {
                let got = h.replicas(&old.metadata.name);
                assert_eq!(
                    got,
                    Some(i32_of(&want)),
                    "{} {}",
                    r["name"],
                    old.metadata.name
                );
            }
        }
        let want_events: Vec<String> = r["modelEvents"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e.as_str().map(String::from))
            .collect();
        assert_eq!(h.events(), want_events, "{}", r["name"]);
        checked += 1;
    }
    assert_eq!(checked, 17);
}

#[test]
fn reconcile_new_replica_set_rows() {
    let mut checked = 0;
    for r in rows("TestDeploymentController_reconcileNewReplicaSet") {
        if gated(&r) {
            continue; // DeploymentPodReplacementPolicy (alpha) is not modelled.
        }
        let mut h = Harness::new();
        let d = deployment(
            i32_of(&r["deploymentReplicas"]),
            &r["maxSurge"],
            &r["maxUnavailable"],
            "RollingUpdate",
        );
        let new = h.put(rs("foo-v2", i32_of(&r["newReplicas"]), 0));
        let old = h.put(rs("foo-v1", i32_of(&r["oldReplicas"]), 0));
        let scaled = h.dc(|dc| dc.reconcile_new_replica_set(&[&new, &old], &new, &d));
        let want = r["scaleExpected"].as_bool().unwrap_or(false);
        assert_eq!(scaled, Ok(want), "{}", r["name"]);
        if want {
            assert_eq!(
                h.replicas("foo-v2"),
                Some(i32_of(&r["expectedNewReplicas"])),
                "{}",
                r["name"]
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 5);
}

#[test]
fn reconcile_old_replica_sets_rows() {
    for r in rows("TestDeploymentController_reconcileOldReplicaSets") {
        let mut h = Harness::new();
        let d = deployment(
            i32_of(&r["deploymentReplicas"]),
            &r["maxSurge"],
            &r["maxUnavailable"],
            "RollingUpdate",
        );
        let new = h.put(rs(
            "foo-v2",
            i32_of(&r["newReplicas"]),
            i32_of(&r["availablePodsFromNewRS"]),
        ));
        let old = h.put(rs(
            "foo-v1",
            i32_of(&r["oldReplicas"]),
            i32_of(&r["availablePodsFromOldRS"]),
        ));
        if r["replicaSetUpdateFails"].as_bool() == Some(true) {
            // An update that fails: the ReplicaSet is gone from the API server.
            h.api.remove::<ReplicaSet>(&ObjectKey::of(&old));
        }
        let result = h.dc(|dc| dc.reconcile_old_replica_sets(&[&new, &old], &[&old], &new, &d));
        if r["expectedError"].as_bool() == Some(true) {
            assert!(result.is_err(), "{r}");
            continue;
        }
        let want = r["scaleExpected"].as_bool().unwrap_or(false);
        assert_eq!(result, Ok(want), "{r}");
        if let Some(n) = r["expectedOldReplicas"].as_i64() {
            assert_eq!(h.replicas("foo-v1"), Some(n as i32), "{r}");
        }
    }
}

#[test]
fn cleanup_unhealthy_replicas_rows() {
    for r in rows("TestDeploymentController_cleanupUnhealthyReplicas") {
        let mut h = Harness::new();
        let d = deployment(
            i32_of(&r["deploymentReplicas"]),
            &r["maxSurge"],
            &r["maxUnavailable"],
            "RollingUpdate",
        );
        let old = h.put(rs(
            "foo-v1",
            i32_of(&r["oldReplicas"]),
            i32_of(&r["availablePods"]),
        ));
        let max = i32_of(&r["maxCleanupCount"]);
        let (_, count) = h
            .dc(|dc| dc.cleanup_unhealthy_replicas(vec![old], &d, max))
            .expect("cleanup");
        assert_eq!(count, i32_of(&r["expectedCleanupCount"]), "{r}");
        assert_eq!(
            h.replicas("foo-v1"),
            Some(i32_of(&r["expectedOldReplicasAfter"])),
            "{r}"
        );
    }
}

#[test]
fn scale_down_old_replica_sets_for_rolling_update_rows() {
    for r in rows("TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate") {
        let mut h = Harness::new();
        let d = deployment(
            i32_of(&r["deploymentReplicas"]),
            &r["maxSurge"],
            &r["maxUnavailable"],
            "RollingUpdate",
        );
        let old = h.put(rs(
            "foo-v1",
            i32_of(&r["oldReplicas"]),
            i32_of(&r["availablePods"]),
        ));
        let olds = vec![old.clone()];
        let count = h
            .dc(|dc| dc.scale_down_old_replica_sets_for_rolling_update(&[&old], &olds, &d))
            .expect("scale down");
        let want = r["scaleExpected"].as_bool().unwrap_or(false);
        assert_eq!(count > 0, want, "{r}");
        if let Some(n) = r["expectedOldReplicas"].as_i64() {
            assert_eq!(h.replicas("foo-v1"), Some(n as i32), "{r}");
        }
    }
}

#[test]
fn cleanup_deployment_rows() {
    let mut checked = 0;
    for r in rows("TestDeploymentController_cleanupDeployment") {
        if gated(&r) {
            continue; // DeploymentReplicaSetTerminatingReplicas (alpha) is not modelled.
        }
        let mut h = Harness::new();
        let mut d = deployment(1, &Value::Null, &Value::Null, "RollingUpdate");
        d.spec.revision_history_limit = r["revisionHistoryLimit"].as_i64().map(|n| n as i32);
        let olds: Vec<ReplicaSet> = r["oldRSs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| {
                let mut x = rs(v["name"].as_str().unwrap_or(""), i32_of(&v["spec"]), 0);
                x.status.replicas = i32_of(&v["status"]);
                if v["deleting"].as_bool() == Some(true) {
                    x.metadata.deletion_timestamp = Some(Time::from_secs(1));
                }
                h.put(x)
            })
            .collect();
        let want = r["expectedDeletions"].as_u64().unwrap_or(0) as usize;
        let olds: Vec<&ReplicaSet> = olds.iter().collect();
        assert_eq!(cleanup_candidates(&olds, &d).len(), want, "{}", r["name"]);
        let before = h.api.replicasets().len();
        h.dc(|dc| dc.cleanup_deployment(&olds, &d))
            .expect("cleanup");
        assert_eq!(before - h.api.replicasets().len(), want, "{}", r["name"]);
        checked += 1;
    }
    assert_eq!(checked, 6);
}

#[test]
fn undo_picks_the_previous_revision_and_skips_the_current_one() {
    let mut d = deployment(3, &Value::Null, &Value::Null, "RollingUpdate");
    d.spec
        .template
        .metadata
        .labels
        .insert("app".into(), "web".into());
    let mk = |rev: &str, image: &str| {
        let mut r = rs(&format!("web-{rev}"), 0, 0);
        r.metadata
            .annotations
            .insert(util::REVISION.into(), rev.into());
        r.metadata.annotations.insert(
            "kubernetes.io/change-cause".into(),
            format!("image {image}"),
        );
        r.spec.template = d.spec.template.clone();
        r.spec
            .template
            .metadata
            .labels
            .insert(util::POD_TEMPLATE_HASH.into(), rev.into());
        r.spec
            .template
            .metadata
            .annotations
            .insert("image".into(), image.into());
        r
    };
    let owned = vec![mk("1", "a"), mk("2", "b"), mk("3", "c")];
    d.spec.template = rollback::template_without_hash(&owned[2].spec.template);
    match rollback::undo(&d, &owned, 0) {
        Ok(rollback::Undo::Patch {
            template,
            annotations,
            revision,
        }) => {
            assert_eq!(revision, 2);
            assert_eq!(
                template
                    .metadata
                    .annotations
                    .get("image")
                    .map(String::as_str),
                Some("b")
            );
            assert!(!template
                .metadata
                .labels
                .contains_key(util::POD_TEMPLATE_HASH));
            assert_eq!(
                annotations
                    .get("kubernetes.io/change-cause")
                    .map(String::as_str),
                Some("image b")
            );
            assert!(!annotations.contains_key(util::REVISION));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        rollback::undo(&d, &owned, 3),
        Ok(rollback::Undo::Skipped { to_revision: 3 })
    );
    assert_eq!(
        rollback::undo(&d, &owned, 9),
        Err("unable to find specified revision 9 in history".into())
    );
    assert_eq!(
        rollback::undo(&d, &owned[..1], 0),
        Err("no rollout history found for deployment \"foo\"".into())
    );
}
