//! Upstream rows: TestSlowStartBatch, TestGetPodsToDelete, TestSortingActivePods,
//! TestSortingActivePodsWithRanks.

use super::*;
use crate::api::pod::{ContainerStatus, PodCondition};
use crate::controller::deployment::util::tests::rows;
use serde_json::Value;

const NOW: Time = Time(1_700_000_000_000);

fn at(v: &Value) -> Option<Time> {
    let h = |n: i64| Duration::from_secs(n * 3600);
    match v.as_str()? {
        "now" => Some(NOW),
        "now-1month" => Some(NOW - Duration::from_secs(30 * 86_400)),
        "now-2h" => Some(NOW - h(2)),
        "now-5h" => Some(NOW - h(5)),
        "now-8h" => Some(NOW - h(8)),
        other => panic!("unknown time {other}"),
    }
}

fn pod_of(name: &str, def: &Value) -> Pod {
    let mut p = Pod::default();
    p.metadata.name = name.into();
    Rc::make_mut(&mut p.spec).node_name = def["nodeName"].as_str().unwrap_or("").into();
    p.status.phase = def["phase"].as_str().unwrap_or("").into();
    if def["ready"].as_bool() == Some(true) {
        p.status.conditions.push(PodCondition {
            type_: "Ready".into(),
            status: "True".into(),
            last_transition_time: at(&def["readySince"]),
            ..Default::default()
        });
    }
    let mut restarts: Vec<i64> = def["restartCounts"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    if let Some(n) = def["restarts"].as_i64() {
        restarts.push(n);
    }
    for (i, n) in restarts.into_iter().enumerate() {
        p.status.container_statuses.push(ContainerStatus {
            name: format!("c{i}"),
            restart_count: n as i32,
            ..Default::default()
        });
    }
    p.metadata.creation_timestamp = at(&def["created"]).or_else(|| at(&def["creationTimestamp"]));
    if let Some(m) = def["annotations"].as_object() {
        for (k, v) in m {
            p.metadata
                .annotations
                .insert(k.clone(), v.as_str().unwrap_or("").into());
        }
    }
    p
}

#[test]
fn slow_start_batch_rows() {
    for r in rows("TestSlowStartBatch") {
        let count = r["count"].as_u64().unwrap_or(0) as usize;
        let ok_calls = r["callsThatSucceedBeforeFailing"].as_u64().unwrap_or(0) as usize;
        let mut calls = 0;
        let (successes, result) = slow_start_batch(count, 1, || {
            calls += 1;
            if calls <= ok_calls {
                Ok(())
            } else {
                Err("fail".into())
            }
        });
        assert_eq!(
            successes as u64,
            r["expectedSuccesses"].as_u64().unwrap_or(0),
            "{}",
            r["name"]
        );
        assert_eq!(
            result.is_err(),
            r["expectedError"].as_bool().unwrap_or(false),
            "{}",
            r["name"]
        );
        assert_eq!(
            calls as u64,
            r["expectedCallCount"].as_u64().unwrap_or(0),
            "{}",
            r["name"]
        );
    }
}

#[test]
fn get_pods_to_delete_rows() {
    let all = crate::controller::deployment::util::tests::cases();
    let t = &all["TestGetPodsToDelete"];
    let defs = &t["podDefinitions"];
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n.as_str().map(String::from))
            .collect()
    };
    for r in t["cases"].as_array().expect("cases") {
        let pods: Vec<Pod> = names(&r["pods"])
            .iter()
            .map(|n| pod_of(n, &defs[n]))
            .collect();
        let related: Vec<Pod> = if r["relatedPodsDefaultsToPods"].as_bool() == Some(true) {
            pods.clone()
        } else {
            names(&r["relatedPods"])
                .iter()
                .map(|n| pod_of(n, &defs[n]))
                .collect()
        };
        let pod_refs: Vec<&Pod> = pods.iter().collect();
        let related_refs: Vec<&Pod> = related.iter().collect();
        let diff = r["diff"].as_u64().unwrap_or(0) as usize;
        let got: Vec<String> = get_pods_to_delete(&pod_refs, &related_refs, diff, NOW)
            .into_iter()
            .map(|p| p.metadata.name.clone())
            .collect();
        assert_eq!(got, names(&r["expectedPodsToDelete"]), "{}", r["name"]);
    }
}

#[test]
fn sorting_active_pods_rows() {
    for r in rows("TestSortingActivePods") {
        let pods: Vec<Pod> = r["pods"]
            .as_array()
            .expect("pods")
            .iter()
            .map(|d| pod_of(d["name"].as_str().unwrap_or(""), d))
            .collect();
        let want: Vec<String> = r["expectedOrder"]
            .as_array()
            .expect("order")
            .iter()
            .filter_map(|n| n.as_str().map(String::from))
            .collect();
        let mut rng = crate::rng::Rng::new(7);
        for _ in 0..20 {
            let mut shuffled: Vec<&Pod> = pods.iter().collect();
            for i in (1..shuffled.len()).rev() {
                shuffled.swap(i, rng.below(i as u64 + 1) as usize);
            }
            let order = sort_by_less(shuffled.len(), |i, j| {
                active_pods_less(shuffled[i], shuffled[j])
            });
            let got: Vec<String> = order
                .iter()
                .map(|&i| shuffled[i].metadata.name.clone())
                .collect();
            assert_eq!(got, want);
        }
    }
}

#[test]
fn sorting_active_pods_with_ranks_rows() {
    let all = crate::controller::deployment::util::tests::cases();
    let t = &all["TestSortingActivePodsWithRanks"];
    let defs = &t["podDefinitions"];
    let pod = |n: &Value| {
        let name = n.as_str().unwrap_or("");
        pod_of(name, &defs[name])
    };
    let mut checked = 0;
    for r in t["equalityCases"].as_array().expect("equality") {
        let (a, b) = (pod(&r["p1"]), pod(&r["p2"]));
        let ranks = r["ranks"].as_array().expect("ranks");
        let (ra, rb) = (
            ranks[0].as_u64().unwrap_or(0) as usize,
            ranks[1].as_u64().unwrap_or(0) as usize,
        );
        let g = RankGates::default();
        assert!(
            !active_pods_with_ranks_less((&a, ra), (&b, rb), Some(NOW), g),
            "{r}"
        );
        assert!(
            !active_pods_with_ranks_less((&b, rb), (&a, ra), Some(NOW), g),
            "{r}"
        );
        checked += 1;
    }
    for r in t["inequalityCases"].as_array().expect("inequality") {
        let (a, b) = (pod(&r["lesser"]), pod(&r["greater"]));
        let ra = r["lesserRank"].as_u64().unwrap_or(0) as usize;
        let rb = r["greaterRank"].as_u64().unwrap_or(0) as usize;
        let mut g = RankGates::default();
        if r["featureGateOverrides"]["PodDeletionCost"].as_bool() == Some(false) {
            g.pod_deletion_cost = false;
        }
        assert!(
            active_pods_with_ranks_less((&a, ra), (&b, rb), Some(NOW), g),
            "{r}"
        );
        assert!(
            !active_pods_with_ranks_less((&b, rb), (&a, ra), Some(NOW), g),
            "{r}"
        );
        checked += 1;
    }
    assert_eq!(checked, 27);
}

#[test]
fn claim_decisions() {
    let mut owner = ObjectMeta {
        uid: "rs".into(),
        namespace: "default".into(),
        ..Default::default()
    };
    let mut pod = ObjectMeta {
        namespace: "default".into(),
        ..Default::default()
    };
    assert_eq!(claim_decision(&owner, &pod, true), Claim::Adopt);
    assert_eq!(claim_decision(&owner, &pod, false), Claim::Ignore);
    pod.owner_references.push(OwnerReference {
        uid: "rs".into(),
        controller: Some(true),
        ..Default::default()
    });
    assert_eq!(claim_decision(&owner, &pod, true), Claim::Keep);
    assert_eq!(claim_decision(&owner, &pod, false), Claim::Release);
    owner.deletion_timestamp = Some(NOW);
    assert_eq!(claim_decision(&owner, &pod, false), Claim::Ignore);
    pod.owner_references[0].uid = "other".into();
    assert_eq!(claim_decision(&owner, &pod, true), Claim::Ignore);
}

#[test]
fn availability_needs_min_ready_strictly_passed() {
    let mut p = Pod::default();
    p.status.conditions.push(PodCondition {
        type_: "Ready".into(),
        status: "True".into(),
        last_transition_time: Some(NOW),
        ..Default::default()
    });
    assert!(is_pod_available(&p, 0, NOW));
    assert!(!is_pod_available(&p, 5, NOW + Duration::from_secs(5)));
    assert!(is_pod_available(&p, 5, NOW + Duration::from_millis(5001)));
}
