//! The simulation: owns the API server, the controllers, the scheduler, one kubelet per
//! node and the virtual clock, and runs them as a discrete-event loop.
//!
//! `advance_to(t)` repeatedly (1) lets every component react to what changed until nothing
//! does, then (2) moves the clock to the earliest instant a timer is due (no later than `t`)
//! and fires every timer due then; finally the clock stands at `t`. Nothing acts between calls: commands never advance time.

use crate::api::node::{
    Node, NodeAddress, NodeCondition, NodeSpec, NodeStatus, NodeSystemInfo, Taint,
};
use crate::api::{Kind, Namespace, ObjectMeta, Pod, SharedObject};
use crate::apiserver::{ApiServer, ObjectKey, WatchEvent};
use crate::clock::{Timers, Wake};
use crate::controller::deployment::DeploymentController;
use crate::controller::garbage_collector::GarbageCollector;
use crate::controller::nodelifecycle::NodeLifecycleController;
use crate::controller::replicaset::ReplicaSetController;
use crate::controller::Context;
use crate::kubelet::Kubelet;
use crate::record::Fx;
use crate::record::{Recorder, EVENT_TTL};
use crate::scheduler::Scheduler;
use crate::time::{Duration, Time};
use std::collections::{BTreeMap, HashMap};

/// The Kubernetes version the simulated cluster reports.
pub const KUBERNETES_VERSION: &str = "v1.33.1";

/// How a cluster starts.
#[derive(Clone, Debug)]
pub struct ClusterConfig {
    pub start: Time,
    pub seed: u64,
    /// Worker nodes (named like a kind cluster's: `kind-worker`, `kind-worker2`, …), beside
    /// one tainted `kind-control-plane`.
    pub workers: usize,
    /// The simulated storage quota: how many pods the API server stores at most. A pod
    /// create beyond it fails as on a cluster whose etcd space quota is exhausted
    /// (`etcdserver: mvcc: database space exceeded`), so a runaway `scale` stops there
    /// instead of creating pods without end at one instant. `None`: no limit.
    pub max_pods: Option<usize>,
}

/// [`ClusterConfig::max_pods`] by default: three times what the default nodes run (110
/// each), and small enough that the widget stays responsive at the limit (its per-tick
/// snapshot of every pod took 84 ms natively at 4 000 pods, 7.4 ms at 330) and that creating
/// them all at one instant takes a fraction of a second. It must stay under client-go's
/// 4096-entry event cache, or the scheduler's repeated FailedScheduling of the pods left
/// Pending stop being one Event each (at 5 000, an hour left 47 682 Events instead of 4 652).
pub const DEFAULT_MAX_PODS: usize = 1_000;

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            start: Time::from_secs(1_735_689_600),
            seed: 1,
            workers: 3,
            max_pods: Some(DEFAULT_MAX_PODS),
        }
    }
}

/// Passes of the reconcile loop at one instant before the cluster declares a livelock.
const MAX_PASSES_PER_INSTANT: usize = 10_000;

pub struct Cluster {
    pub api: ApiServer,
    timers: Timers,
    recorder: Recorder,
    deployments: DeploymentController,
    replicasets: ReplicaSetController,
    gc: GarbageCollector,
    node_lifecycle: NodeLifecycleController,
    scheduler: Scheduler,
    kubelets: Kubelets,
    /// Changes kept for a host that watches (kubectl `-w`, the widget's announcements).
    observed: Vec<WatchEvent>,
    /// Changes made before a watch started (still to be routed): not shown to it.
    observe_skip: usize,
    observing: bool,
    stats: LoopStats,
    /// A second copy of one kind's changes for a host's own live view (the widget's
    /// `get pods -w` panel), so it never competes with the reader's `kubectl get -w`.
    tapped: Option<Tap>,
}

/// One kubelet per node, in node-name order (the order they run and report leases in), with
/// a hashed index: the components look kubelets up by node name for every pod event, and a
/// BTreeMap compared the long shared `kind-worker` prefixes at every level (issue #9).
#[derive(Default)]
struct Kubelets {
    all: Vec<Kubelet>,
    by_name: HashMap<String, usize, Fx>,
}

impl Kubelets {
    /// Adds `kubelet` in its name's place (nodes are only added while the cluster is built).
    fn insert(&mut self, kubelet: Kubelet) {
        let at = self.all.partition_point(|k| k.node < kubelet.node);
        if self.all.get(at).is_some_and(|k| k.node == kubelet.node) {
            self.all[at] = kubelet;
            return;
        }
        self.all.insert(at, kubelet);
        self.by_name = self
            .all
            .iter()
            .enumerate()
            .map(|(i, k)| (k.node.clone(), i))
            .collect();
    }

    fn get(&self, node: &str) -> Option<&Kubelet> {
        self.by_name.get(node).and_then(|&i| self.all.get(i))
    }

    fn get_mut(&mut self, node: &str) -> Option<&mut Kubelet> {
        self.by_name.get(node).and_then(|&i| self.all.get_mut(i))
    }

    fn iter(&self) -> std::slice::Iter<'_, Kubelet> {
        self.all.iter()
    }

    fn iter_mut(&mut self) -> std::slice::IterMut<'_, Kubelet> {
        self.all.iter_mut()
    }
}

/// What [`Cluster::tap`] keeps: `kind`'s changes, after skipping the `skip` changes made
/// before the tap started (a watch shows only what follows its listing).
#[derive(Clone, Debug)]
struct Tap {
    kind: Kind,
    skip: usize,
    events: Vec<WatchEvent>,
}

/// How much work the discrete-event loop did (the engine benchmark prints it): instants
/// visited, timers fired, reconcile passes and controller syncs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoopStats {
    pub instants: u64,
    pub timers: u64,
    pub passes: u64,
    pub replicaset_syncs: u64,
    pub deployment_syncs: u64,
    pub kubelet_syncs: u64,
}

impl Cluster {
    pub fn new(config: &ClusterConfig) -> Cluster {
        let mut cluster = Cluster {
            api: ApiServer::new(config.start, config.seed),
            timers: Timers::default(),
            recorder: Recorder::default(),
            deployments: DeploymentController::default(),
            replicasets: ReplicaSetController::default(),
            gc: GarbageCollector::default(),
            node_lifecycle: NodeLifecycleController::new(config.start),
            scheduler: Scheduler::default(),
            kubelets: Kubelets::default(),
            observed: Vec::new(),
            observe_skip: 0,
            observing: false,
            stats: LoopStats::default(),
            tapped: None,
        };
        for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let namespace = Namespace {
                metadata: ObjectMeta {
                    name: ns.into(),
                    ..Default::default()
                },
                status: crate::api::node::NamespaceStatus {
                    phase: "Active".into(),
                },
                ..Default::default()
            };
            let _ = cluster.api.create(namespace);
        }
        cluster.api.set_pod_limit(config.max_pods);
        cluster.add_node("kind-control-plane", 0, true);
        for i in 1..=config.workers {
            let name = if i == 1 {
                "kind-worker".to_string()
            } else {
                format!("kind-worker{i}")
            };
            cluster.add_node(&name, i, false);
        }
        // The cluster's own objects were there before anyone looked.
        cluster.api.take_watch_events();
        cluster
    }

    fn add_node(&mut self, name: &str, index: usize, control_plane: bool) {
        let host_ip = format!("172.18.0.{}", index + 2);
        let now = self.api.now.truncate_to_seconds();
        let mut labels = BTreeMap::new();
        for (k, v) in [
            ("beta.kubernetes.io/arch", "amd64"),
            ("beta.kubernetes.io/os", "linux"),
            ("kubernetes.io/arch", "amd64"),
            ("kubernetes.io/hostname", name),
            ("kubernetes.io/os", "linux"),
        ] {
            labels.insert(k.to_string(), v.to_string());
        }
        let mut taints = Vec::new();
        if control_plane {
            labels.insert(
                "node-role.kubernetes.io/control-plane".into(),
                String::new(),
            );
            taints.push(Taint {
                key: "node-role.kubernetes.io/control-plane".into(),
                effect: "NoSchedule".into(),
                ..Default::default()
            });
        }
        // Inserts rather than `collect()`: a collected BTreeMap sorts with its own copy of
        // std's sort (issue #9).
        let mut resources = BTreeMap::new();
        for (k, v) in [
            ("cpu", "4"),
            ("ephemeral-storage", "102626232Ki"),
            ("hugepages-2Mi", "0"),
            ("memory", "8148024Ki"),
            ("pods", "110"),
        ] {
            resources.insert(k.to_string(), v.to_string());
        }
        let node = Node {
            metadata: ObjectMeta {
                name: name.into(),
                labels: labels.into(),
                ..Default::default()
            },
            spec: NodeSpec {
                pod_cidr: format!("10.244.{index}.0/24"),
                provider_id: format!("kind://docker/kind/{name}"),
                taints,
                ..Default::default()
            },
            status: NodeStatus {
                capacity: resources.clone(),
                allocatable: resources,
                conditions: node_conditions(now),
                addresses: vec![
                    NodeAddress {
                        type_: "InternalIP".into(),
                        address: host_ip.clone(),
                    },
                    NodeAddress {
                        type_: "Hostname".into(),
                        address: name.into(),
                    },
                ],
                node_info: Some(NodeSystemInfo {
                    architecture: "amd64".into(),
                    container_runtime_version: "containerd://2.1.1".into(),
                    kernel_version: "6.8.0-1017-gcp".into(),
                    kubelet_version: KUBERNETES_VERSION.into(),
                    operating_system: "linux".into(),
                    os_image: "Debian GNU/Linux 12 (bookworm)".into(),
                }),
            },
            ..Default::default()
        };
        let _ = self.api.create(node);
        let mut kubelet = Kubelet::new(name, index as u8, &host_ip);
        kubelet.power.since = self.api.now;
        self.kubelets.insert(kubelet);
    }

    pub fn now(&self) -> Time {
        self.api.now
    }

    /// The loop's work counters since the cluster started.
    pub fn stats(&self) -> LoopStats {
        self.stats
    }

    /// `kubectl logs <pod> [-c <container>] [--previous]`: the container's output, or the
    /// error text kubectl prints. Without a container, the first one (kubectl's default,
    /// or the `kubectl.kubernetes.io/default-container` annotation).
    pub fn logs(
        &self,
        namespace: &str,
        pod: &str,
        container: Option<&str>,
        previous: bool,
    ) -> Result<String, String> {
        let key = ObjectKey::new(namespace, pod);
        let Some(p) = self.api.pods().get(&key) else {
            return Err(format!(
                "Error from server (NotFound): pods \"{pod}\" not found"
            ));
        };
        let annotated = p
            .metadata
            .annotations
            .get("kubectl.kubernetes.io/default-container")
            .map(String::as_str);
        let first = p.spec.containers.first().map(|c| c.name.as_str());
        let Some(name) = container.or(annotated).or(first) else {
            return Err(format!("error: pod {pod} has no containers"));
        };
        let id = crate::kubelet::logs::container_id_for_logs(p, name, previous)?;
        let Some(kubelet) = self.kubelets.get(&p.spec.node_name) else {
            return Ok(String::new());
        };
        if !kubelet.power.on {
            return Err(format!(
                "Error from server: Get \"https://{}:10250/containerLogs/{namespace}/{pod}/{name}\": dial tcp {}:10250: connect: no route to host",
                kubelet.host_ip, kubelet.host_ip
            ));
        }
        let lines = kubelet.container_logs(&key, name, &id).unwrap_or_default();
        Ok(lines.into_iter().map(|(_, l)| l + "\n").collect())
    }

    /// When the next thing a reader would see is due (what "step" jumps to); housekeeping
    /// such as event expiry does not count.
    pub fn next_due(&self) -> Option<Time> {
        self.timers.next_significant_due()
    }

    /// Whether something has changed that components have not reacted to yet (a command
    /// just ran): "step" then settles the current instant first.
    pub fn has_pending_work(&self) -> bool {
        self.api.has_unrouted_changes() || !self.idle()
    }

    /// Starts keeping watch events for [`Cluster::take_observed`].
    pub fn observe(&mut self, on: bool) {
        self.observing = on;
        self.observe_skip = 0;
        if !on {
            self.observed.clear();
        }
    }

    /// Starts a watch from the store's current resourceVersion: changes already made
    /// (even those the components have not seen yet) are in the listing, not in the watch.
    pub fn observe_from_now(&mut self) {
        self.observe(true);
        self.observed.clear();
        self.observe_skip = self.api.pending_watch_events();
    }

    /// The changes since the last call, in order, with the instant of each.
    pub fn take_observed(&mut self) -> Vec<WatchEvent> {
        std::mem::take(&mut self.observed)
    }

    /// Starts (or with `None` stops) keeping a copy of `kind`'s changes for
    /// [`Cluster::take_tapped`], independent of [`Cluster::observe`].
    pub fn tap(&mut self, kind: Option<Kind>) {
        let skip = self.api.pending_watch_events();
        self.tapped = kind.map(|kind| Tap {
            kind,
            skip,
            events: Vec::new(),
        });
    }

    /// Whether [`Cluster::tap`] is on.
    pub fn tapping(&self) -> bool {
        self.tapped.is_some()
    }

    /// The tapped changes since the last call, in order.
    pub fn take_tapped(&mut self) -> Vec<WatchEvent> {
        self.tapped
            .as_mut()
            .map(|t| std::mem::take(&mut t.events))
            .unwrap_or_default()
    }

    /// Runs everything due up to `now + dt`.
    pub fn advance(&mut self, dt: Duration) {
        let target = self.api.now + dt;
        self.advance_to(target);
    }

    /// Runs everything due up to `target`, in time order, and leaves the clock there.
    pub fn advance_to(&mut self, target: Time) {
        loop {
            self.reconcile();
            let Some(due) = self.timers.next_due().filter(|&due| due <= target) else {
                break;
            };
            let instant = due.max(self.api.now);
            self.api.now = instant;
            self.stats.instants += 1;
            // Every timer due at this instant fires (in the order they were set) before the
            // components react, as informers and work queues batch what happens at once:
            // one reconcile per instant instead of one per timer.
            while let Some((_, wake)) = self.timers.pop_due(instant) {
                self.stats.timers += 1;
                self.fire(wake);
            }
        }
        if target > self.api.now {
            self.api.now = target;
        }
    }

    /// Lets everything react to what is due now, without moving the clock (`sleep 0s`).
    pub fn settle(&mut self) {
        let now = self.api.now;
        self.advance_to(now);
    }

    /// Runs the next thing that happens: what is pending now if anything is, else the next
    /// significant timer (and everything due up to it). False when nothing is left to do.
    pub fn step(&mut self) -> bool {
        if self.has_pending_work() {
            self.settle();
            return true;
        }
        match self.timers.next_significant_due() {
            Some(due) => {
                self.advance_to(due.max(self.api.now));
                true
            }
            None => false,
        }
    }

    fn fire(&mut self, wake: Wake) {
        match wake {
            Wake::Deployment(k) | Wake::DeploymentProgress(k) => self.deployments.queue.add(k),
            Wake::ReplicaSet(k) | Wake::ReplicaSetRetry(k) => self.replicasets.queue.add(k),
            Wake::Kubelet { node, pod } => {
                if let Some(kl) = self.kubelets.get_mut(&node) {
                    kl.queue.add(pod);
                }
            }
            Wake::NodeLifecycle => self.monitor_nodes(),
            Wake::TaintEviction(key) => {
                let mut ctx = Context {
                    api: &mut self.api,
                    recorder: &mut self.recorder,
                    timers: &mut self.timers,
                };
                self.node_lifecycle.evict(&mut ctx, &key);
            }
            Wake::EventExpiry(key) => self.expire_event(key),
            Wake::SchedulerFlush(key) => self.scheduler.flush(&key, self.api.now),
        }
    }

    /// The node lifecycle controller's monitor pass, fed with the kubelets' leases.
    fn monitor_nodes(&mut self) {
        let now = self.api.now;
        // In the kubelets' order, which is node-name order: the controller looks them up by
        // binary search (no BTreeMap instantiation for this one map, issue #9).
        let leases: Vec<(String, (Time, bool))> = self
            .kubelets
            .iter()
            .map(|k| (k.node.clone(), (k.last_lease_renewal(now), k.power.on)))
            .collect();
        let mut ctx = Context {
            api: &mut self.api,
            recorder: &mut self.recorder,
            timers: &mut self.timers,
        };
        if let Some(next) = self.node_lifecycle.monitor(&mut ctx, &leases) {
            self.timers.schedule(next, Wake::NodeLifecycle);
        }
    }

    /// **Simulator command, not kubectl**: `node` loses power now. Its containers die and
    /// its kubelet stops renewing the node lease; after the node monitor grace period
    /// (50 s) the node controller marks it `Unknown` and taints it unreachable.
    pub fn power_off(&mut self, node: &str) -> Result<(), String> {
        let now = self.api.now;
        let Some(kl) = self.kubelets.get_mut(node) else {
            return Err(format!(
                "Error from server (NotFound): nodes \"{node}\" not found"
            ));
        };
        if !kl.power.on {
            return Err(format!("node {node} is already powered off"));
        }
        kl.power_off(now);
        let renewed = kl.last_lease_renewal(now);
        let due = self.node_lifecycle.detection_pass(renewed);
        self.timers.schedule(due, Wake::NodeLifecycle);
        Ok(())
    }

    /// **Simulator command, not kubectl**: `node` boots again. The kubelet posts Ready,
    /// restarts the pods still bound to it (containers gone with the old boot show
    /// `lastState` `Unknown`, exit 255) and finishes deleting pods marked for deletion;
    /// the node controller lifts the unreachable taints at its next pass.
    pub fn power_on(&mut self, node: &str) -> Result<(), String> {
        let now = self.api.now;
        let Some(kl) = self.kubelets.get_mut(node) else {
            return Err(format!(
                "Error from server (NotFound): nodes \"{node}\" not found"
            ));
        };
        if kl.power.on {
            return Err(format!("node {node} is already powered on"));
        }
        let mut keys = kl.power_on(now);
        keys.extend(
            self.api
                .pods()
                .iter()
                .filter(|p| p.spec.node_name == node)
                .map(ObjectKey::of),
        );
        for k in keys {
            kl.queue.add(k);
        }
        // A new kubelet process: its event correlator starts empty.
        self.recorder.restart(&crate::record::Source {
            component: "kubelet",
            host: node.to_string(),
        });
        let stamp = now.truncate_to_seconds();
        let key = ObjectKey::new("", node);
        let _ = self.api.modify_status::<Node>(&key, |n| {
            for (c, fresh) in n.status.conditions.iter_mut().zip(node_conditions(stamp)) {
                if c.status != fresh.status {
                    c.last_transition_time = Some(stamp);
                }
                c.status = fresh.status;
                c.reason = fresh.reason;
                c.message = fresh.message;
                c.last_heartbeat_time = Some(stamp);
            }
        });
        if let Some(n) = self.api.nodes().get(&key).cloned() {
            let src = crate::record::Source {
                component: "kubelet",
                host: node.to_string(),
            };
            let mut ctx = Context {
                api: &mut self.api,
                recorder: &mut self.recorder,
                timers: &mut self.timers,
            };
            ctx.event(
                &src,
                &n,
                None,
                crate::record::EventType::Normal,
                "Starting",
                "Starting kubelet.",
            );
            let msg = format!("Node {node} status is now: NodeReady");
            ctx.event(
                &src,
                &n,
                None,
                crate::record::EventType::Normal,
                "NodeReady",
                &msg,
            );
        }
        let next = self.node_lifecycle.pass_after(now);
        self.timers.schedule(next, Wake::NodeLifecycle);
        Ok(())
    }

    /// Whether `node`'s simulated machine has power.
    pub fn powered(&self, node: &str) -> Option<bool> {
        self.kubelets.get(node).map(|k| k.power.on)
    }

    fn expire_event(&mut self, key: ObjectKey) {
        let Some(ev) = self.api.events().get(&key) else {
            return;
        };
        let last = ev
            .last_timestamp
            .or(ev.first_timestamp)
            .unwrap_or(self.api.now);
        if last + EVENT_TTL > self.api.now {
            self.timers
                .schedule(last + EVENT_TTL, Wake::EventExpiry(key));
            return;
        }
        // The recorders' correlators keep the event in their LRUs, as client-go's do: a
        // repeat re-creates it with the next count and its first timestamp.
        self.api.remove::<crate::api::Event>(&key);
    }

    /// Runs the components until no queue has work: the instant's "controllers react".
    fn reconcile(&mut self) {
        for pass in 0..MAX_PASSES_PER_INSTANT {
            let events = self.api.take_watch_events();
            for ev in &events {
                self.route(ev);
            }
            if let Some(t) = &mut self.tapped {
                let skip = std::mem::take(&mut t.skip).min(events.len());
                let kind = t.kind;
                t.events.extend(
                    events[skip..]
                        .iter()
                        .filter(|e| e.object.kind() == kind)
                        .cloned(),
                );
            }
            if self.observing {
                let skip = std::mem::take(&mut self.observe_skip).min(events.len());
                self.observed.extend(events.into_iter().skip(skip));
            } else {
                // Gone before the components run: the store then writes the objects these
                // events shared in place instead of copying them.
                self.api.recycle_watch_events(events);
            }
            if self.idle() {
                return;
            }
            // This pass's events are taken by the next one and, with no host keeping them,
            // only routed (`route` reads no pod's resourceVersion): the store may then
            // write a pod in place instead of copying it for them (`ApiServer::remove`).
            let last = pass + 1 == MAX_PASSES_PER_INSTANT;
            let routed_only = !self.observing && self.tapped.is_none() && !last;
            self.api.set_watch_routed_only(routed_only);
            self.run_once();
            self.api.set_watch_routed_only(false);
        }
    }

    fn idle(&self) -> bool {
        self.deployments.queue.is_empty()
            && self.replicasets.queue.is_empty()
            && self.gc.queue.is_empty()
            && self.scheduler.queue.is_empty()
            && self.node_lifecycle.queue.is_empty()
            && self.kubelets.iter().all(|k| k.queue.is_empty())
    }

    fn run_once(&mut self) {
        self.stats.passes += 1;
        self.stats.deployment_syncs += self.deployments.queue.len() as u64;
        self.stats.replicaset_syncs += self.replicasets.queue.len() as u64;
        self.stats.kubelet_syncs += self
            .kubelets
            .iter()
            .map(|k| k.queue.len() as u64)
            .sum::<u64>();
        let mut ctx = Context {
            api: &mut self.api,
            recorder: &mut self.recorder,
            timers: &mut self.timers,
        };
        // ReplicaSets before Deployments: a ReplicaSet's pods are created or deleted
        // before the Deployment's next step (a real ReplicaSet controller reacts within
        // milliseconds, while the Deployment controller is still re-syncing), so the first
        // rollout step shows one new pod and one old pod terminating, then the next.
        // Each batch is handed back to its queue so that the next pass reuses its room.
        let keys = self.replicasets.queue.drain();
        for key in &keys {
            self.replicasets.sync(&mut ctx, key);
        }
        self.replicasets.queue.recycle(keys);
        let keys = self.deployments.queue.drain();
        for key in &keys {
            self.deployments.sync(&mut ctx, key);
        }
        self.deployments.queue.recycle(keys);
        let keys = self.gc.queue.drain();
        for (kind, key) in &keys {
            self.gc.sync(&mut ctx, *kind, key);
        }
        self.gc.queue.recycle(keys);
        let keys = self.node_lifecycle.queue.drain();
        for key in &keys {
            self.node_lifecycle.sync_node(&mut ctx, key.name());
        }
        self.node_lifecycle.queue.recycle(keys);
        let keys = self.scheduler.queue.drain();
        for key in &keys {
            self.scheduler.sync(&mut ctx, key);
        }
        self.scheduler.queue.recycle(keys);
        for kubelet in self.kubelets.iter_mut() {
            let keys = kubelet.queue.drain();
            for key in &keys {
                kubelet.sync(&mut ctx, key);
            }
            kubelet.queue.recycle(keys);
        }
    }

    /// The informers' event handlers: who wants to hear about this change.
    fn route(&mut self, ev: &WatchEvent) {
        let deleted = ev.type_ == crate::apiserver::WatchEventType::Deleted;
        self.route_gc(ev.object.kind(), ev.object.meta(), deleted);
        match &ev.object {
            SharedObject::Pod(pod) => self.route_pod(pod, deleted),
            SharedObject::ReplicaSet(rs) => {
                self.replicasets.queue.add(ObjectKey::of(&**rs));
                self.enqueue_owner_deployment(&rs.metadata);
                if rs.metadata.controller_ref().is_none() && !deleted {
                    self.enqueue_matching_deployments(rs);
                }
            }
            SharedObject::Deployment(d) => self.deployments.queue.add(ObjectKey::of(&**d)),
            SharedObject::Node(n) => {
                // Room may have appeared: retry the unschedulable pods.
                self.scheduler.retry_unschedulable();
                if !deleted {
                    self.node_lifecycle.queue.add(ObjectKey::of(&**n));
                }
            }
            SharedObject::Namespace(_) | SharedObject::Event(_) => {}
        }
    }

    /// The garbage collector's graph builder: an object with owners (or being deleted)
    /// is looked at; when one goes, its dependents and its owners are.
    fn route_gc(&mut self, kind: Kind, meta: &ObjectMeta, deleted: bool) {
        if !matches!(kind, Kind::Pod | Kind::ReplicaSet | Kind::Deployment) {
            return;
        }
        if !deleted {
            if !meta.owner_references.is_empty() || meta.deletion_timestamp.is_some() {
                self.gc
                    .queue
                    .add((kind, ObjectKey::new(&meta.namespace, &meta.name)));
            }
            return;
        }
        for dependent in self.api.dependents(&meta.uid) {
            self.gc.queue.add(dependent);
        }
        for r in meta.owner_references.iter() {
            if let Some(k) = Kind::from_name(&r.kind) {
                let ns = if k.namespaced() { &meta.namespace } else { "" };
                self.gc.queue.add((k, ObjectKey::new(ns, &r.name)));
            }
        }
    }

    fn route_pod(&mut self, pod: &Pod, deleted: bool) {
        let key = ObjectKey::of(pod);
        if self.scheduler.observe_pod(pod, deleted) {
            // Freed room may let a pending pod in.
            self.scheduler.retry_unschedulable();
        }
        match pod.metadata.controller_ref() {
            Some(r) if r.kind == "ReplicaSet" => {
                let rs_key = ObjectKey::new(&pod.metadata.namespace, &r.name);
                if deleted {
                    // `deletePod`: a Recreate Deployment waits for its last pod to go.
                    if let Some(d) = crate::controller::deployment::deployment_to_sync_on_pod_delete(
                        &self.api, pod,
                    ) {
                        self.deployments.queue.add(d);
                    }
                }
                self.replicasets.queue.add(rs_key);
            }
            Some(_) => {}
            None if !deleted => {
                let ns = pod.metadata.namespace.clone();
                let matching: Vec<ObjectKey> = self
                    .api
                    .replicasets()
                    .in_namespace(&ns)
                    .filter(|rs| rs.spec.selector.matches(&pod.metadata.labels))
                    .map(ObjectKey::of)
                    .collect();
                for k in matching {
                    self.replicasets.queue.add(k);
                }
            }
            None => {}
        }
        if deleted {
            if !pod.spec.node_name.is_empty() {
                if let Some(kl) = self.kubelets.get_mut(&pod.spec.node_name) {
                    kl.queue.add(key);
                }
            }
            return;
        }
        if pod.spec.node_name.is_empty() {
            if self.scheduler.wants(pod) {
                self.scheduler.queue.add(key);
            }
        } else if let Some(kl) = self.kubelets.get_mut(&pod.spec.node_name) {
            if kl.wants(&key, pod) {
                kl.queue.add(key);
            }
        }
    }

    fn enqueue_owner_deployment(&mut self, meta: &ObjectMeta) {
        if let Some(r) = meta.controller_ref().filter(|r| r.kind == "Deployment") {
            self.deployments
                .queue
                .add(ObjectKey::new(&meta.namespace, &r.name));
        }
    }

    fn enqueue_matching_deployments(&mut self, rs: &crate::api::ReplicaSet) {
        let keys: Vec<ObjectKey> = self
            .api
            .deployments()
            .in_namespace(&rs.metadata.namespace)
            .filter(|d| d.spec.selector.matches(&rs.metadata.labels))
            .map(ObjectKey::of)
            .collect();
        for k in keys {
            self.deployments.queue.add(k);
        }
    }
}

fn node_conditions(now: Time) -> Vec<NodeCondition> {
    let cond = |t: &str, s: &str, reason: &str, message: &str| NodeCondition {
        type_: t.into(),
        status: s.into(),
        last_heartbeat_time: Some(now),
        last_transition_time: Some(now),
        reason: reason.into(),
        message: message.into(),
    };
    vec![
        cond(
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        cond(
            "DiskPressure",
            "False",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
        ),
        cond(
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
        ),
        cond(
            "Ready",
            "True",
            "KubeletReady",
            "kubelet is posting ready status",
        ),
    ]
}
