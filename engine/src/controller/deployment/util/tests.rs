//! The upstream rows of `tests/cases/rollout_cases.json` for the pure helpers.

use super::*;
use crate::api::apps::{DeploymentStrategy, RollingUpdateDeployment};
use crate::api::ObjectMeta;
use serde_json::Value;

pub(crate) fn cases() -> Value {
    let text = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/cases/rollout_cases.json"
    ));
    serde_json::from_str(text).expect("rollout_cases.json parses")
}

pub(crate) fn rows(name: &str) -> Vec<Value> {
    cases()[name]
        .as_array()
        .unwrap_or_else(|| panic!("{name} rows"))
        .clone()
}

pub(crate) fn intstr(v: &Value) -> Option<IntOrString> {
    match v {
        Value::Number(n) => Some(IntOrString::Int(n.as_i64().unwrap_or(0))),
        Value::String(s) => Some(IntOrString::String(s.clone())),
        _ => None,
    }
}

pub(crate) fn i32_of(v: &Value) -> i32 {
    v.as_i64().unwrap_or(0) as i32
}

/// A Deployment like upstream's `newDeployment` test helper.
pub(crate) fn deployment(
    replicas: i32,
    surge: &Value,
    unavailable: &Value,
    strategy: &str,
) -> Deployment {
    let rolling = strategy != "Recreate";
    Deployment {
        metadata: ObjectMeta {
            name: "foo".into(),
            namespace: "default".into(),
            ..Default::default()
        },
        spec: crate::api::apps::DeploymentSpec {
            replicas: Some(replicas),
            strategy: Some(DeploymentStrategy {
                type_: Some(strategy.into()),
                rolling_update: rolling.then(|| RollingUpdateDeployment {
                    max_surge: intstr(surge),
                    max_unavailable: intstr(unavailable),
                }),
            }),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn rs(name: &str, replicas: i32) -> ReplicaSet {
    ReplicaSet {
        metadata: ObjectMeta {
            name: name.into(),
            ..Default::default()
        },
        spec: crate::api::apps::ReplicaSetSpec {
            replicas: Some(replicas),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn resolve_fenceposts_rows() {
    for r in rows("TestResolveFenceposts") {
        let got = resolve_fenceposts(
            intstr(&r["maxSurge"]).as_ref(),
            intstr(&r["maxUnavailable"]).as_ref(),
            i32_of(&r["desiredReplicas"]),
        );
        if r["expectError"].as_bool() == Some(true) {
            assert!(got.is_err(), "{r}");
        } else {
            let want = (
                i32_of(&r["expectedSurge"]),
                i32_of(&r["expectedUnavailable"]),
            );
            assert_eq!(got, Ok(want), "{r}");
        }
    }
}

#[test]
fn new_rs_new_replicas_rows() {
    for r in rows("TestNewRSNewReplicas") {
        let d = deployment(
            i32_of(&r["deploymentReplicas"]),
            &r["maxSurge"],
            &r["maxUnavailable"],
            r["strategyType"].as_str().unwrap_or(""),
        );
        let new = rs("new", i32_of(&r["newRSReplicas"]));
        let others: Vec<ReplicaSet> = r["allReplicaSetsSpecReplicas"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|n| rs("old", i32_of(n)))
            .collect();
        let all: Vec<&ReplicaSet> = others.iter().collect();
        let got = new_rs_new_replicas(&d, &all, &new);
        assert_eq!(
            got,
            Ok(i32_of(&r["expectedNewRSReplicas"])),
            "{}",
            r["name"]
        );
    }
}

fn strategy_deployment(r: &Value) -> Deployment {
    let strategy = r["strategyType"].as_str().unwrap_or("RollingUpdate");
    let replicas = r["deploymentReplicas"].as_i64().map_or(1, |n| n as i32);
    deployment(replicas, &r["maxSurge"], &r["maxUnavailable"], strategy)
}

#[test]
fn max_unavailable_rows() {
    for r in rows("TestMaxUnavailable") {
        let d = strategy_deployment(&r);
        assert_eq!(
            max_unavailable(&d),
            i32_of(&r["expectedMaxUnavailable"]),
            "{}",
            r["name"]
        );
    }
}

#[test]
fn min_available_rows() {
    for r in rows("TestMinAvailable") {
        let d = strategy_deployment(&r);
        assert_eq!(
            min_available(&d),
            i32_of(&r["expectedMinAvailable"]),
            "{}",
            r["name"]
        );
    }
}

#[test]
fn deployment_complete_rows() {
    for r in rows("TestDeploymentComplete") {
        let mut d = deployment(
            i32_of(&r["specReplicas"]),
            &r["maxSurge"],
            &r["maxUnavailable"],
            "RollingUpdate",
        );
        d.metadata.generation = r["generation"].as_i64().unwrap_or(0);
        d.status = DeploymentStatus {
            replicas: i32_of(&r["statusReplicas"]),
            updated_replicas: i32_of(&r["statusUpdatedReplicas"]),
            available_replicas: i32_of(&r["statusAvailableReplicas"]),
            observed_generation: r["observedGeneration"].as_i64().unwrap_or(0),
            ..Default::default()
        };
        let want = r["expectedComplete"].as_bool().unwrap_or(false);
        assert_eq!(deployment_complete(&d, &d.status), want, "{}", r["name"]);
    }
}

fn status_of(v: &Value) -> DeploymentStatus {
    DeploymentStatus {
        replicas: i32_of(&v["replicas"]),
        updated_replicas: i32_of(&v["updatedReplicas"]),
        ready_replicas: i32_of(&v["readyReplicas"]),
        available_replicas: i32_of(&v["availableReplicas"]),
        ..Default::default()
    }
}

#[test]
fn deployment_progressing_rows() {
    for r in rows("TestDeploymentProgressing") {
        let mut d = deployment(10, &Value::Null, &Value::Null, "RollingUpdate");
        d.status = status_of(&r["oldStatus"]);
        let want = r["expectedProgressing"].as_bool().unwrap_or(false);
        assert_eq!(
            deployment_progressing(&d, &status_of(&r["newStatus"])),
            want,
            "{}",
            r["name"]
        );
    }
}

fn time_of(v: &Value) -> Option<Time> {
    v.as_str().and_then(|s| Time::parse_rfc3339(s).ok())
}

#[test]
fn deployment_timed_out_rows() {
    for r in rows("TestDeploymentTimedOut") {
        let mut d = deployment(1, &Value::Null, &Value::Null, "RollingUpdate");
        d.spec.progress_deadline_seconds = r["progressDeadlineSeconds"].as_i64().map(|n| n as i32);
        d.status.conditions.push(DeploymentCondition {
            type_: r["conditionType"].as_str().unwrap_or("").into(),
            status: r["conditionStatus"].as_str().unwrap_or("").into(),
            reason: r["conditionReason"].as_str().unwrap_or("").into(),
            last_update_time: time_of(&r["lastUpdateTime"]),
            ..Default::default()
        });
        let now = time_of(&r["now"]).unwrap_or_default();
        let want = r["expectedTimedOut"].as_bool().unwrap_or(false);
        assert_eq!(
            deployment_timed_out(&d, &d.status, now),
            want,
            "{}",
            r["name"]
        );
    }
}

#[test]
fn replica_set_fraction_rows() {
    for r in rows("TestGetReplicaSetFraction") {
        let mut d = deployment(
            i32_of(&r["deploymentReplicas"]),
            &r["deploymentMaxSurge"],
            &r["deploymentMaxUnavailable"],
            "RollingUpdate",
        );
        d.status.replicas = i32_of(&r["deploymentStatusReplicas"]);
        let mut set = rs("foo", i32_of(&r["rsReplicas"]));
        if let Some(a) = r["rsMaxReplicasAnnotation"].as_str() {
            set.metadata
                .annotations
                .insert(MAX_REPLICAS.into(), a.into());
        }
        assert_eq!(
            replica_set_fraction(&set, &d),
            i32_of(&r["expectedFraction"]),
            "{}",
            r["name"]
        );
    }
}

#[test]
fn replicas_annotations_need_update_rows() {
    for r in rows("TestReplicasAnnotationsNeedUpdate") {
        let mut set = rs("foo", 1);
        if let Some(m) = r["annotations"].as_object() {
            for (k, v) in m {
                set.metadata
                    .annotations
                    .insert(k.clone(), v.as_str().unwrap_or("").into());
            }
        }
        let got = replicas_annotations_need_update(
            &set,
            i32_of(&r["desiredReplicas"]),
            i32_of(&r["maxReplicas"]),
        );
        assert_eq!(
            got,
            r["expectedNeedUpdate"].as_bool().unwrap_or(false),
            "{}",
            r["name"]
        );
    }
}

#[test]
fn revision_history_rows() {
    let d = deployment(1, &Value::Null, &Value::Null, "RollingUpdate");
    for r in rows("TestAnnotationUtils_revisionHistory") {
        let mut set = rs("foo", 1);
        let a = &mut set.metadata.annotations;
        if let Some(v) = r["revisionAnnotationBefore"].as_str() {
            a.insert(REVISION.into(), v.into());
        }
        if let Some(v) = r["revisionHistoryBefore"].as_str() {
            a.insert(REVISION_HISTORY.into(), v.into());
        }
        let limit = r["revHistoryLimitInChars"].as_u64().unwrap_or(0) as usize;
        let new_rev = r["newRevision"].as_str().unwrap_or("");
        set_new_replica_set_annotations(&d, &mut set, new_rev, true, limit);
        let a = &set.metadata.annotations;
        assert_eq!(
            a.get(REVISION).map(String::as_str),
            r["expectedRevision"].as_str(),
            "step {}",
            r["step"]
        );
        assert_eq!(
            a.get(REVISION_HISTORY).map(String::as_str),
            r["expectedRevisionHistory"].as_str(),
            "step {}",
            r["step"]
        );
    }
}

#[test]
fn replica_count_rows() {
    for r in rows("TestGetReplicaCountForReplicaSets") {
        let list: Vec<ReplicaSet> = r["replicaSets"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|x| {
                let mut s = rs(x["name"].as_str().unwrap_or(""), i32_of(&x["spec"]));
                s.status.replicas = i32_of(&x["status"]);
                s.status.terminating_replicas = x["terminating"].as_i64().map(|n| n as i32);
                s.status.observed_generation = x["observedGeneration"].as_i64().unwrap_or(0);
                s
            })
            .collect();
        assert_eq!(
            replica_count(&list),
            i32_of(&r["expectedSpecSum"]),
            "{}",
            r["name"]
        );
        assert_eq!(
            actual_replica_count(&list),
            i32_of(&r["expectedStatusSum"]),
            "{}",
            r["name"]
        );
        let want = r["expectedTerminatingSum"].as_i64().map(|n| n as i32);
        assert_eq!(terminating_replica_count(&list), want, "{}", r["name"]);
    }
}

#[test]
fn safe_encode_rows() {
    for r in rows("SafeEncodeString_derived") {
        let got = safe_encode(r["decimalFnvSum32"].as_str().unwrap_or(""));
        assert_eq!(Some(got.as_str()), r["expectedPodTemplateHash"].as_str());
    }
}

#[test]
fn hash_is_stable_and_moves_with_collision_count() {
    let mut t = PodTemplateSpec::default();
    t.metadata.labels.insert("app".into(), "web".into());
    let h = pod_template_hash(&t, None);
    assert_eq!(h, pod_template_hash(&t.clone(), None));
    assert!(!h.is_empty() && h.len() <= 10);
    assert!(h.bytes().all(|c| b"456789bcdf".contains(&c)), "{h}");
    assert_ne!(h, pod_template_hash(&t, Some(1)));
    assert_ne!(
        pod_template_hash(&t, Some(1)),
        pod_template_hash(&t, Some(2))
    );
    // The hash label itself does not count.
    let mut labelled = t.clone();
    labelled
        .metadata
        .labels
        .insert(POD_TEMPLATE_HASH.into(), h.clone());
    assert_eq!(pod_template_hash(&labelled, None), h);
    assert!(equal_ignore_hash(&labelled, &t));
    t.metadata.labels.insert("tier".into(), "fe".into());
    assert_ne!(pod_template_hash(&t, None), h);
    assert!(!equal_ignore_hash(&labelled, &t));
}

#[test]
fn last_and_max_revision() {
    let mk = |v: &str| {
        let mut s = rs("x", 0);
        s.metadata.annotations.insert(REVISION.into(), v.into());
        s
    };
    let list = [mk("1"), mk("3"), mk("bad"), mk("2")];
    assert_eq!(max_revision(&list), 3);
    assert_eq!(last_revision(&list), 2);
}

#[test]
fn condition_semantics() {
    let mut st = DeploymentStatus::default();
    let t0 = Time::from_secs(100);
    let t1 = Time::from_secs(200);
    set_condition(
        &mut st,
        new_condition(AVAILABLE, "True", MINIMUM_REPLICAS_AVAILABLE, "a", t0),
    );
    set_condition(
        &mut st,
        new_condition(PROGRESSING, "True", NEW_RS_NEW_REPLICAS_REASON, "b", t0),
    );
    // Same status and reason: untouched.
    set_condition(
        &mut st,
        new_condition(AVAILABLE, "True", MINIMUM_REPLICAS_AVAILABLE, "x", t1),
    );
    assert_eq!(st.conditions[0].message, "a");
    // Same status, new reason: moved to the end, transition time kept.
    set_condition(&mut st, new_condition(AVAILABLE, "True", "Other", "c", t1));
    assert_eq!(st.conditions[1].type_, AVAILABLE);
    assert_eq!(st.conditions[1].last_transition_time, Some(t0));
    assert_eq!(st.conditions[1].last_update_time, Some(t1));
}
