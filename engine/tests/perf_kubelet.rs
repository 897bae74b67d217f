//! Scale checks for the scheduler and kubelets, ignored by default; run with
//! `N=10000 cargo test --release -p paperkube-engine --test perf_kubelet -- --ignored --nocapture`.

use paperkube_engine::apiserver::defaults;
use paperkube_engine::testing;
use paperkube_engine::time::Duration;
use paperkube_engine::{Cluster, ClusterConfig};

#[test]
#[ignore]
fn ten_thousand_pods() {
    let mut c = Cluster::new(&ClusterConfig {
        workers: 100,
        max_pods: None,
        ..Default::default()
    });
    let replicas = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let d = testing::deployment("web", replicas, "nginx", "nginx:1.25.3");
    c.api.create(d).expect("deployment");
    let t = std::time::Instant::now();
    c.advance(Duration::from_secs(60));
    let running = c
        .api
        .pods()
        .iter()
        .filter(|p| p.status.phase == "Running")
        .count();
    eprintln!(
        "{} pods, {running} running, {:?}",
        c.api.pods().len(),
        t.elapsed()
    );
}

/// Bare pods: the scheduler and kubelets alone.
#[test]
#[ignore]
fn bare_pods() {
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let mut c = Cluster::new(&ClusterConfig {
        workers: 100,
        max_pods: None,
        ..Default::default()
    });
    for i in 0..n {
        let mut p: paperkube_engine::api::Pod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": format!("p{i}"), "namespace": "default"},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25.3"}]}
        }))
        .expect("pod");
        defaults::pod(&mut p);
        c.api.create(p).expect("create");
    }
    let t = std::time::Instant::now();
    c.settle();
    eprintln!("settle (schedule + admit): {:?}", t.elapsed());
    c.advance(Duration::from_secs(60));
    let running = c
        .api
        .pods()
        .iter()
        .filter(|p| p.status.phase == "Running")
        .count();
    eprintln!(
        "bare: {} pods, {running} running, {:?}",
        c.api.pods().len(),
        t.elapsed()
    );
}
