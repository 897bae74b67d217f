//! The simulated storage quota (`ClusterConfig::max_pods`): a runaway `kubectl scale`
//! stops at the limit with etcd's error, the ReplicaSet and Deployment report it as a real
//! cluster's controllers do, and scaling back down heals.

use paperkube_engine::api::{Deployment, Event, Pod, ReplicaSet};
use paperkube_engine::apiserver::errors::NO_SPACE;
use paperkube_engine::apiserver::{ObjectKey, Reason};
use paperkube_engine::testing;
use paperkube_engine::time::Duration;
use paperkube_engine::{Cluster, ClusterConfig, DEFAULT_MAX_PODS};

/// Pods the three default workers run (110 each).
const RUNNING: i32 = 330;

fn web() -> ObjectKey {
    ObjectKey::new("default", "web")
}

fn scale(c: &mut Cluster, replicas: i32) {
    c.api
        .modify::<Deployment>(&web(), |d| d.spec.replicas = Some(replicas))
        .expect("scale web");
}

fn the_rs(c: &Cluster) -> &ReplicaSet {
    let mut all = c.api.replicasets().iter();
    let rs = all.next().expect("one ReplicaSet");
    assert!(all.next().is_none());
    rs
}

fn condition<'a>(rs: &'a ReplicaSet, type_: &str) -> Option<(&'a str, &'a str, &'a str)> {
    rs.status
        .conditions
        .iter()
        .find(|c| c.type_ == type_)
        .map(|c| (c.status.as_str(), c.reason.as_str(), c.message.as_str()))
}

fn deployment_condition<'a>(d: &'a Deployment, type_: &str) -> Option<(&'a str, &'a str)> {
    d.status
        .conditions
        .iter()
        .find(|c| c.type_ == type_)
        .map(|c| (c.status.as_str(), c.reason.as_str()))
}

fn failed_creates(c: &Cluster) -> Vec<&Event> {
    c.api
        .events()
        .iter()
        .filter(|e| e.reason == "FailedCreate")
        .collect()
}

fn bare_pod(name: &str) -> Pod {
    serde_json::from_value(serde_json::json!({
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]}
    }))
    .expect("pod")
}

#[test]
fn scale_to_a_million_stops_at_the_limit_and_heals() {
    let mut c = Cluster::new(&ClusterConfig::default());
    c.api
        .create(testing::deployment("web", 3, "nginx", "nginx"))
        .expect("create web");
    c.advance(Duration::from_secs(10));
    scale(&mut c, 1_000_000);
    let t0 = c.now();
    c.settle();
    assert_eq!(c.api.pods().len(), DEFAULT_MAX_PODS);
    // The retries (5 ms, 10 ms …) are housekeeping: "step" goes to what a reader sees next.
    let next = c.next_due().expect("pods to start");
    assert!(
        next > t0 + Duration::from_millis(5),
        "next step at {next:?}"
    );

    // `manageReplicas` failed: the Warning event and the ReplicaFailure condition.
    let rs = the_rs(&c);
    assert_eq!(rs.status.replicas, DEFAULT_MAX_PODS as i32);
    assert_eq!(
        condition(rs, "ReplicaFailure"),
        Some(("True", "FailedCreate", NO_SPACE))
    );
    // The ReplicaSet wrote far more than 25 events about itself at this instant: the spam
    // filter drops its FailedCreate until a token comes back (one per 5 minutes).
    assert!(failed_creates(&c).is_empty());

    // A pod of one's own is refused with the API server's 500.
    let err = c.api.create(bare_pod("extra")).expect_err("over the limit");
    assert_eq!((err.reason, err.reason.code()), (Reason::Unknown, 500));
    assert_eq!(
        err.kubectl_line(),
        "Error from server: etcdserver: mvcc: database space exceeded"
    );

    // What runs is what the nodes hold; the Deployment is not Available.
    c.advance(Duration::from_secs(120));
    assert_eq!(c.api.pods().len(), DEFAULT_MAX_PODS);
    let d = c.api.deployments().get(&web()).expect("web");
    assert_eq!(d.status.available_replicas, RUNNING);
    assert_eq!(
        deployment_condition(d, "Available"),
        Some(("False", "MinimumReplicasUnavailable"))
    );
    assert_eq!(
        deployment_condition(d, "ReplicaFailure"),
        Some(("True", "FailedCreate"))
    );

    // The retries back off (5 ms doubling up to 1000 s): a bounded number of attempts,
    // which a later write of the event counts.
    c.advance(Duration::from_secs(3600));
    let failed = failed_creates(&c);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].type_, "Warning");
    assert_eq!(
        failed[0].message,
        "Error creating: etcdserver: mvcc: database space exceeded"
    );
    let attempts = failed[0].count;
    assert!(attempts > 1 && attempts < 2_000, "{attempts} attempts");

    scale(&mut c, 3);
    c.advance(Duration::from_secs(120));
    assert_eq!(c.api.pods().len(), 3);
    let rs = the_rs(&c);
    assert_eq!(condition(rs, "ReplicaFailure"), None);
    let d = c.api.deployments().get(&web()).expect("web");
    assert_eq!(d.status.available_replicas, 3);
    assert_eq!(
        deployment_condition(d, "Available").map(|c| c.0),
        Some("True")
    );
    assert_eq!(deployment_condition(d, "ReplicaFailure"), None);
    c.api.create(bare_pod("extra")).expect("room again");
}

#[test]
fn without_a_limit_the_store_takes_more() {
    let mut c = Cluster::new(&ClusterConfig {
        max_pods: None,
        ..ClusterConfig::default()
    });
    for i in 0..=DEFAULT_MAX_PODS {
        c.api.create(bare_pod(&format!("p{i}"))).expect("no quota");
    }
    let mut small = Cluster::new(&ClusterConfig {
        max_pods: Some(2),
        ..ClusterConfig::default()
    });
    small.api.create(bare_pod("a")).expect("first");
    small.api.create(bare_pod("b")).expect("second");
    let err = small.api.create(bare_pod("c")).expect_err("third");
    assert_eq!(err.message, NO_SPACE);
}
