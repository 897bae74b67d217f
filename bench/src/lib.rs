//! paperkube's benchmarks: workloads shared by the timed binaries (`src/bin/`), which
//! `./dev bench` runs. Nothing here is a test: timings are compared as ratios measured
//! side by side in one run.

use paperkube_engine::api::Deployment;
use paperkube_engine::apiserver::ObjectKey;
use paperkube_engine::testing;
use paperkube_engine::time::Duration;
use paperkube_engine::{Cluster, ClusterConfig};

/// Pods a worker node takes (its `pods` allocatable).
pub const PODS_PER_NODE: usize = 110;

/// Worker nodes for a rolling update of `replicas` with the default 25 % surge, with room
/// to spare: the cluster grows with the workload, as a real one would.
pub fn workers_for(replicas: usize) -> usize {
    (replicas * 5 / 4).div_ceil(PODS_PER_NODE - 10).max(3)
}

/// A Deployment `web` of `replicas` nginx pods, defaulted as the API server would.
pub fn web(replicas: i32, image: &str) -> Deployment {
    testing::deployment("web", replicas, "nginx", image)
}

/// What a rolling-update run ends with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RolloutOutcome {
    pub replicas: i32,
    pub updated: i32,
    pub available: i32,
    pub pods: usize,
    pub replicasets: usize,
    pub events: usize,
}

impl RolloutOutcome {
    pub fn complete(&self) -> bool {
        self.updated == self.replicas && self.available == self.replicas
    }
}

/// The engine benchmark's workload: create `web` with `replicas` pods, let 5 minutes of
/// virtual time pass, change its image (a rolling update), let 5 more minutes pass. Virtual
/// time advances in 10-second slices; when `limit` of wall-clock time has passed, the run stops
/// early and `stopped_at` says how much virtual time it covered.
pub fn rolling_update(replicas: usize, seed: u64, limit: std::time::Duration) -> Run {
    let started = std::time::Instant::now();
    let mut c = Cluster::new(&ClusterConfig {
        seed,
        workers: workers_for(replicas),
        // The benchmark builds 12 500 pods at 10 000 replicas: no storage quota.
        max_pods: None,
        ..ClusterConfig::default()
    });
    c.api
        .create(web(replicas as i32, "nginx:1.26"))
        .expect("create web");
    let mut covered = 0;
    let mut stopped_at = None;
    for slice in 0..60 {
        if slice == 30 {
            let key = ObjectKey::new("default", "web");
            c.api
                .modify::<Deployment>(&key, |d| {
                    d.spec.template.spec.containers[0].image = "nginx:1.27".into()
                })
                .expect("set image");
        }
        c.advance(Duration::from_secs(10));
        covered += 10;
        if started.elapsed() > limit && slice < 59 {
            stopped_at = Some(covered);
            break;
        }
    }
    let outcome = outcome(&c);
    Run {
        cluster: c,
        outcome,
        stopped_at,
    }
}

/// A finished (or stopped) run.
pub struct Run {
    pub cluster: Cluster,
    pub outcome: RolloutOutcome,
    /// Virtual seconds covered when the wall-clock limit stopped the run.
    pub stopped_at: Option<i64>,
}

pub fn outcome(c: &Cluster) -> RolloutOutcome {
    let d = c
        .api
        .deployments()
        .get(&ObjectKey::new("default", "web"))
        .expect("web exists");
    RolloutOutcome {
        replicas: d.spec.replicas.unwrap_or(1),
        updated: d.status.updated_replicas,
        available: d.status.available_replicas,
        pods: c.api.pods().len(),
        replicasets: c.api.replicasets().len(),
        events: c.api.events().len(),
    }
}
