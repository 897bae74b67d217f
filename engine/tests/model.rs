//! Model-based random test across components (issue 9): random sequences of apply, scale,
//! set image, undo, pause, resume, delete pod, crash, lose node, restore node and advance
//! time, run against a whole cluster. Every sequence must
//!
//! - never panic, and keep the cross-component safety invariants after every step (a bound pod
//!   names an existing node; no node holds more pods than its `pods` allocatable; a controlled
//!   object's controller is of the expected kind);
//! - converge once the faults stop (every node powered, every Deployment resumed, every
//!   crashing template fixed, 20 minutes of virtual time): each Deployment's status says all replicas are updated, ready and
//!   available, its ReplicaSets hold exactly `replicas` active pods, all Running and Ready;
//! - give the same output twice: the same seed replays to a byte-identical store.
//!
//! The rollout bounds during an update (maxSurge / maxUnavailable) are the controllers'
//! property test; this one is about the components together. `PAPERKUBE_MODEL_CASES=N` runs
//! more sequences (the documented long run uses 500).

use paperkube_engine::api::{Deployment, Kind, Pod, ReplicaSet};
use paperkube_engine::apiserver::{DeleteOptions, ObjectKey};
use paperkube_engine::testing;
use paperkube_engine::time::Duration;
use paperkube_engine::{Cluster, ClusterConfig};
use std::collections::BTreeMap;

const NAMES: [&str; 3] = ["web", "api", "cache"];
const IMAGES: [&str; 5] = [
    "nginx:1.25.3",
    "nginx:1.26",
    "nginx:1.27",
    "httpd:2.4",
    "blux2/hello-server:1.0",
];
const WORKERS: usize = 3;
/// The widget's "crash" breakage (src/actions.rs, `Breakage::Crash`): the container runs
/// this, starts, and exits 1 five seconds later, over and over.
const CRASH_IMAGE: &str = "busybox:1.36";
const CRASH_COMMAND: [&str; 3] = ["sh", "-c", "echo starting; sleep 5; echo crashing; exit 1"];

/// splitmix64: the test's own seeded randomness.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

#[derive(Clone, Debug)]
enum Op {
    Apply {
        name: &'static str,
        replicas: i32,
        image: &'static str,
    },
    Scale(&'static str, i32),
    SetImage(&'static str, &'static str),
    Undo(&'static str),
    Pause(&'static str),
    Resume(&'static str),
    DeletePod(usize),
    /// The template's container becomes the crashing one.
    Crash(&'static str),
    LoseNode(usize),
    RestoreNode(usize),
    Advance(i64),
}

fn random_op(g: &mut Gen) -> Op {
    let name = g.pick(&NAMES);
    match g.below(21) {
        0..=2 => Op::Apply {
            name,
            replicas: g.below(9) as i32,
            image: g.pick(&IMAGES),
        },
        3 | 4 => Op::Scale(name, g.below(13) as i32),
        5 | 6 => Op::SetImage(name, g.pick(&IMAGES)),
        7 => Op::Undo(name),
        8 => Op::Pause(name),
        9 => Op::Resume(name),
        10 | 11 => Op::DeletePod(g.below(1_000)),
        12 => Op::LoseNode(1 + g.below(WORKERS)),
        13 => Op::RestoreNode(1 + g.below(WORKERS)),
        14 => Op::Crash(name),
        _ => Op::Advance(g.pick(&[0, 1, 3, 10, 30, 90, 400])),
    }
}

fn worker(i: usize) -> String {
    if i == 1 {
        "kind-worker".into()
    } else {
        format!("kind-worker{i}")
    }
}

fn deployment(name: &str, replicas: i32, image: &str) -> Deployment {
    testing::deployment(name, replicas, "app", image)
}

fn key(name: &str) -> ObjectKey {
    ObjectKey::new("default", name)
}

/// Applies one operation as a client would; API errors are fine (a missing object, a
/// conflict), panics are not.
fn apply(c: &mut Cluster, op: &Op) {
    match *op {
        Op::Apply {
            name,
            replicas,
            image,
        } => {
            let d = deployment(name, replicas, image);
            if c.api.deployments().get(&key(name)).is_some() {
                let _ = c.api.modify::<Deployment>(&key(name), |old| {
                    old.spec.replicas = d.spec.replicas;
                    old.spec.template = d.spec.template.clone();
                });
            } else {
                let _ = c.api.create(d);
            }
        }
        Op::Scale(name, n) => {
            let _ = c
                .api
                .modify::<Deployment>(&key(name), |d| d.spec.replicas = Some(n));
        }
        Op::SetImage(name, image) => {
            let _ = c.api.modify::<Deployment>(&key(name), |d| {
                d.spec.template.spec.containers[0].image = image.into()
            });
        }
        Op::Undo(name) => undo(c, name),
        Op::Pause(name) => {
            let _ = c
                .api
                .modify::<Deployment>(&key(name), |d| d.spec.paused = true);
        }
        Op::Resume(name) => {
            let _ = c
                .api
                .modify::<Deployment>(&key(name), |d| d.spec.paused = false);
        }
        Op::DeletePod(i) => {
            let pods: Vec<ObjectKey> = c.api.pods().iter().map(ObjectKey::of).collect();
            if !pods.is_empty() {
                let k = &pods[i % pods.len()];
                let _ = c.api.delete::<Pod>(k, DeleteOptions::default());
            }
        }
        Op::Crash(name) => {
            // What the widget's `kubectl apply` of the crash manifest changes: the first
            // container's image and command (its name and the rest stay).
            let _ = c.api.modify::<Deployment>(&key(name), |d| {
                let container = &mut d.spec.template.spec.containers[0];
                container.image = CRASH_IMAGE.into();
                container.command = CRASH_COMMAND.map(String::from).to_vec();
            });
        }
        Op::LoseNode(i) => {
            let _ = c.power_off(&worker(i));
        }
        Op::RestoreNode(i) => {
            let _ = c.power_on(&worker(i));
        }
        Op::Advance(s) => c.advance(Duration::from_secs(s)),
    }
}

/// The reader's fix for a crashing Deployment: a serving template again (the command gone,
/// a serving image back), as applying the original manifest does. Healthy ones are left
/// alone. Undo is no fix here: the previous revision may crash too.
fn heal(c: &mut Cluster, name: &str) {
    let crashing = c.api.deployments().get(&key(name)).is_some_and(|d| {
        d.spec
            .template
            .spec
            .containers
            .iter()
            .any(|k| !k.command.is_empty())
    });
    if !crashing {
        return;
    }
    let _ = c.api.modify::<Deployment>(&key(name), |d| {
        for k in &mut d.spec.template.spec.containers {
            k.command.clear();
            if k.image == CRASH_IMAGE {
                k.image = IMAGES[0].into();
            }
        }
    });
}

/// `kubectl rollout undo`: the template of the previous revision's ReplicaSet, without its
/// pod-template-hash label, becomes the Deployment's template.
fn undo(c: &mut Cluster, name: &str) {
    let Some(d) = c.api.deployments().get(&key(name)).cloned() else {
        return;
    };
    let revision = |rs: &ReplicaSet| -> i64 {
        rs.metadata
            .annotations
            .get("deployment.kubernetes.io/revision")
            .and_then(|r| r.parse().ok())
            .unwrap_or(0)
    };
    let mut owned: Vec<ReplicaSet> = c
        .api
        .owned_by(Kind::ReplicaSet, &d.metadata.uid)
        .iter()
        .filter_map(|k| c.api.replicasets().get(k).cloned())
        .collect();
    owned.sort_by_key(|rs| std::cmp::Reverse(revision(rs)));
    let Some(previous) = owned.get(1) else {
        return;
    };
    let mut template = previous.spec.template.clone();
    template.metadata.labels.remove("pod-template-hash");
    let _ = c
        .api
        .modify::<Deployment>(&key(name), |d| d.spec.template = template);
}

fn allocatable_pods(c: &Cluster, node: &str) -> usize {
    c.api
        .nodes()
        .get(&ObjectKey::new("", node))
        .and_then(|n| n.status.allocatable.get("pods"))
        .and_then(|p| p.parse().ok())
        .unwrap_or(110)
}

/// Safety, after every step.
fn check_invariants(c: &Cluster, ctx: &str) {
    let mut per_node: BTreeMap<&str, usize> = BTreeMap::new();
    for p in c.api.pods().iter() {
        if !p.spec.node_name.is_empty() {
            assert!(
                c.api
                    .nodes()
                    .get(&ObjectKey::new("", p.spec.node_name.clone()))
                    .is_some(),
                "{ctx}: pod {} is bound to a node that does not exist",
                p.metadata.name
            );
            if p.is_active() {
                *per_node.entry(p.spec.node_name.as_str()).or_default() += 1;
            }
        }
        if let Some(r) = p.metadata.controller_ref() {
            assert_eq!(r.kind, "ReplicaSet", "{ctx}: pod controller kind");
        }
    }
    for (node, n) in per_node {
        assert!(
            n <= allocatable_pods(c, node),
            "{ctx}: node {node} holds {n} active pods, more than it allows"
        );
    }
    for rs in c.api.replicasets().iter() {
        if let Some(r) = rs.metadata.controller_ref() {
            assert_eq!(r.kind, "Deployment", "{ctx}: replicaset controller kind");
        }
    }
}

/// Liveness, once the faults have stopped.
fn check_converged(c: &Cluster, ctx: &str) {
    for d in c.api.deployments().iter() {
        let want = d.spec.replicas.unwrap_or(1);
        let s = &d.status;
        let name = &d.metadata.name;
        assert_eq!(
            s.observed_generation, d.metadata.generation,
            "{ctx}: deployment {name} observed its latest generation"
        );
        assert_eq!(
            (
                s.replicas,
                s.updated_replicas,
                s.ready_replicas,
                s.available_replicas
            ),
            (want, want, want, want),
            "{ctx}: deployment {name} status (replicas, updated, ready, available)"
        );
        let active: Vec<&Pod> = c
            .api
            .owned_by(Kind::ReplicaSet, &d.metadata.uid)
            .iter()
            .filter_map(|k| c.api.replicasets().get(k))
            .flat_map(|rs| c.api.owned_by(Kind::Pod, &rs.metadata.uid))
            .filter_map(|k| c.api.pods().get(&k))
            .filter(|p| p.is_active())
            .collect();
        assert_eq!(
            active.len(),
            want as usize,
            "{ctx}: deployment {name} has {want} active pods"
        );
        for p in active {
            assert!(
                p.status.phase == "Running" && p.is_ready(),
                "{ctx}: pod {} is {} (ready {})",
                p.metadata.name,
                p.status.phase,
                p.is_ready()
            );
        }
    }
}

/// Every stored object, in key order: "the same output".
fn store(c: &Cluster) -> String {
    let mut s = format!("{} rv={}\n", c.now(), c.api.resource_version());
    for kind in [
        Kind::Node,
        Kind::Pod,
        Kind::ReplicaSet,
        Kind::Deployment,
        Kind::Event,
    ] {
        for o in c.api.list_objects(kind, None) {
            s.push_str(&format!("{o:?}\n"));
        }
    }
    s
}

/// One random sequence: its operations, then the end of faults and convergence.
fn run_case(seed: u64, steps: usize) -> String {
    let mut g = Gen(seed);
    let ops: Vec<Op> = (0..steps).map(|_| random_op(&mut g)).collect();
    let mut c = Cluster::new(&ClusterConfig {
        seed,
        workers: WORKERS,
        ..ClusterConfig::default()
    });
    for (i, op) in ops.iter().enumerate() {
        apply(&mut c, op);
        c.settle();
        check_invariants(&c, &format!("seed {seed}, step {i} ({op:?})"));
    }
    // The faults stop: every node back, every Deployment fixed and resumed, time to settle.
    for i in 1..=WORKERS {
        let _ = c.power_on(&worker(i));
    }
    for name in NAMES {
        heal(&mut c, name);
        let _ = c
            .api
            .modify::<Deployment>(&key(name), |d| d.spec.paused = false);
    }
    for _ in 0..20 {
        c.advance(Duration::from_secs(60));
        check_invariants(&c, &format!("seed {seed}, converging"));
    }
    let ctx = format!("seed {seed} after {ops:?}");
    check_converged(&c, &ctx);
    store(&c)
}

fn cases() -> u64 {
    std::env::var("PAPERKUBE_MODEL_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2)
}

#[test]
fn random_operations_keep_invariants_converge_and_repeat() {
    for seed in 1..=cases() {
        let first = run_case(seed, 25);
        let second = run_case(seed, 25);
        assert!(
            first == second,
            "seed {seed}: the same operations gave a different store the second time"
        );
    }
}

/// The crash operation does what the widget's button does: the pods crash and restart (a
/// growing restart count, CrashLoopBackOff), and the reader's fix brings the Deployment back.
#[test]
fn crash_makes_pods_crash_and_the_fix_converges() {
    let mut c = Cluster::new(&ClusterConfig {
        workers: WORKERS,
        ..ClusterConfig::default()
    });
    for op in [
        Op::Apply {
            name: "web",
            replicas: 2,
            image: IMAGES[0],
        },
        Op::Advance(60),
        Op::Crash("web"),
        Op::Advance(120),
    ] {
        apply(&mut c, &op);
        c.settle();
        check_invariants(&c, &format!("{op:?}"));
    }
    let crashing: Vec<&Pod> = c
        .api
        .pods()
        .iter()
        .filter(|p| {
            p.spec.containers[0].image == CRASH_IMAGE
                && p.status
                    .container_statuses
                    .iter()
                    .any(|s| s.restart_count > 0)
        })
        .collect();
    assert!(!crashing.is_empty(), "the crashing pods restart");
    heal(&mut c, "web");
    for _ in 0..20 {
        c.advance(Duration::from_secs(60));
        check_invariants(&c, "healing");
    }
    check_converged(&c, "after the fix");
}
