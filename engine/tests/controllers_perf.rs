//! A 10 000-replica rollout through 10 virtual minutes (the budget is ≤ 2 s natively).
//! Ignored by default (slow in a debug build); run it optimised:
//! `cargo test --release -p paperkube-engine --test controllers_perf -- --ignored --nocapture`
//! (`PK_PERF_N` sets the replica count).

use paperkube_engine::api::node::Node;
use paperkube_engine::api::Deployment;
use paperkube_engine::apiserver::ObjectKey;
use paperkube_engine::testing;
use paperkube_engine::time::Duration;
use paperkube_engine::{Cluster, ClusterConfig};

pub fn big(replicas: i32) -> Deployment {
    testing::deployment("big", replicas, "web", "nginx:1.25.3")
}

#[test]
#[ignore = "performance budget; run with --release -- --ignored"]
fn ten_thousand_replicas_roll_out() {
    let n = std::env::var("PK_PERF_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) {
            1_000
        } else {
            10_000
        });
    let mut c = Cluster::new(&ClusterConfig {
        workers: 100,
        max_pods: None,
        ..Default::default()
    });
    // Room for every pod: raise each node's pod capacity.
    let nodes: Vec<ObjectKey> = c.api.nodes().iter().map(ObjectKey::of).collect();
    for k in nodes {
        let _ = c.api.modify_status::<Node>(&k, |node| {
            node.status.capacity.insert("pods".into(), "1000".into());
            node.status.allocatable.insert("pods".into(), "1000".into());
        });
    }
    c.api.create(big(n)).expect("create");
    let t0 = std::time::Instant::now();
    c.advance(Duration::from_secs(120));
    let key = ObjectKey::new("default", "big");
    c.api
        .modify::<Deployment>(&key, |d| {
            d.spec.template.spec.containers[0].image = "nginx:1.26".into()
        })
        .expect("set image");
    c.advance(Duration::from_secs(600));
    let elapsed = t0.elapsed();
    let d = c.api.deployments().get(&key).expect("deployment");
    eprintln!("{n} replicas: {elapsed:?}");
    assert_eq!(d.status.updated_replicas, n);
    assert_eq!(d.status.available_replicas, n);
    if !cfg!(debug_assertions) {
        assert!(elapsed.as_secs_f64() <= 2.0, "took {elapsed:?}");
    }
}
