//! The foundation slice at the API level: a Deployment becomes a ReplicaSet and three
//! running pods on worker nodes, in virtual time.

use paperkube_engine::api::Deployment;
use paperkube_engine::testing;
use paperkube_engine::time::Duration;
use paperkube_engine::{Cluster, ClusterConfig};

fn web(replicas: i32) -> Deployment {
    testing::deployment("web", replicas, "nginx", "nginx:1.25.3")
}

#[test]
fn deployment_runs_three_pods() {
    let mut c = Cluster::new(&ClusterConfig::default());
    c.api.create(web(3)).unwrap();
    // Commands do not advance time: nothing has reacted yet.
    assert_eq!(c.api.pods().len(), 0);
    c.settle();
    assert_eq!(c.api.replicasets().len(), 1);
    assert_eq!(c.api.pods().len(), 3);
    for p in c.api.pods().iter() {
        assert!(
            p.spec.node_name.starts_with("kind-worker"),
            "scheduled on a worker: {}",
            p.spec.node_name
        );
        assert_eq!(p.status.phase, "Pending");
    }
    c.advance(Duration::from_secs(10));
    for p in c.api.pods().iter() {
        assert_eq!(p.status.phase, "Running", "{}", p.metadata.name);
        assert!(p.is_ready());
    }
    let d = c.api.deployments().iter().next().unwrap();
    assert_eq!(d.status.ready_replicas, 3);
    assert_eq!(d.status.available_replicas, 3);
}

#[test]
fn same_seed_same_names() {
    let run = |seed| {
        let mut c = Cluster::new(&ClusterConfig {
            seed,
            ..Default::default()
        });
        c.api.create(web(3)).unwrap();
        c.advance(Duration::from_secs(10));
        c.api
            .pods()
            .iter()
            .map(|p| format!("{}@{}", p.metadata.name, p.spec.node_name))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

#[test]
fn step_settles_first_then_jumps_to_the_next_significant_timer() {
    let mut c = Cluster::new(&ClusterConfig::default());
    let start = c.now();
    c.api.create(web(1)).unwrap();
    assert!(c.has_pending_work());
    assert!(c.step(), "the create is something to react to");
    assert_eq!(
        c.now(),
        start,
        "reacting to a command takes no virtual time"
    );
    assert_eq!(c.api.pods().len(), 1);
    // Next: the image pull finishes; the pod runs.
    assert!(c.step());
    assert!(c.now() > start && c.now() < start + Duration::from_secs(10));
    assert_eq!(c.api.pods().iter().next().unwrap().status.phase, "Running");
    // Only housekeeping (event expiry) is left: step does not jump an hour for it.
    assert!(!c.step());
    assert!(c.now() < start + Duration::from_secs(10));
}
