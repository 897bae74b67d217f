//! The kubelet of one node (`pkg/kubelet`), split like upstream: [`images`] (catalog,
//! pulls, pull back-off), [`runtime`] + [`shell`] (simulated container processes),
//! [`prober`], [`status`] (getPhase and conditions), [`backoff`], [`lifecycle`]
//! (graceful termination) and [`logs`]. It acts only when the cluster routes a pod key to
//! it (a watch event or a timer it asked for) and only while its node has power.

pub mod backoff;
pub mod config;
mod container_status;
pub mod images;
pub mod lifecycle;
pub mod logs;
pub mod prober;
pub mod runtime;
pub mod shell;
pub mod status;

use crate::api::pod::{
    Container, ContainerStateTerminated, ContainerStateWaiting, Pod, PodIp, PodSpec, PodStatus,
};
use crate::apiserver::defaults::default_pull_policy;
use crate::apiserver::ObjectKey;
use crate::clock::Wake;
use crate::controller::{Context, WorkQueue};
use crate::quantity;
use crate::record::{EventType, Source};
use crate::text;
use crate::time::{Duration, Time};
use backoff::Backoff;
use images::{ImageStore, Pull};
use prober::Worker;
use runtime::{Launch, Process};
use std::collections::HashMap;
use std::rc::Rc;

/// PLEG relist period: the kubelet notices a container exit (and restarts it) up to 1 s
/// later (`plegRelistPeriod`); the simulator takes exactly 1 s.
pub const PLEG_RELIST: Duration = Duration::from_secs(1);

/// How long after a pod's terminal status the kubelet has stopped its sandbox and writes
/// the status again with `PodReadyToStartContainers=False` (`SyncTerminatingPod`): the
/// second `Completed`/`Error` row of `kubectl get pods -w`. A simulator choice (real: the
/// time containerd takes to stop the pause container and tear down its network).
pub const SANDBOX_STOP: Duration = Duration::from_millis(500);
/// A pod whose sync failed (image pull errors) is retried after `backOffPeriod` (10 s;
/// the real pod worker adds up to 50 % jitter, the simulator none).
pub const SYNC_ERROR_RETRY: Duration = Duration::from_secs(10);
/// Node lease renewal interval (`leaseDuration` 40 s × 0.25).
pub const LEASE_RENEW: Duration = Duration::from_secs(10);

/// One running (or finished) container instance.
#[derive(Debug)]
struct Instance {
    id: String,
    /// The image's full reference and `imageID`, as the runtime reports them (resolved
    /// once at the start, not at every status; shared by the instances of an image).
    image: Rc<images::Resolved>,
    started_at: Time,
    process: Process,
    /// The `postStart` hook still running (`startContainer` waits for it before the
    /// pod's status moves on), and its error if it fails.
    post_start: Option<PostStart>,
}

#[derive(Clone, Debug)]
struct PostStart {
    until: Time,
    failure: Option<String>,
    /// The hook failed and the container is being killed: it stays reported as being
    /// created until it has stopped.
    failed: bool,
}

impl Instance {
    /// Whether `t` is what [`Instance::terminated`] reports (field by field, as it
    /// builds it; checked against it in debug builds): no copy at every status write.
    fn is_reported_as(&self, t: &ContainerStateTerminated) -> bool {
        let Some(e) = self.process.exit.as_ref() else {
            return false;
        };
        let same = t.exit_code == e.code
            && t.signal == 0
            && t.reason == e.reason
            && t.message == e.message
            && t.started_at == Some(self.started_at.truncate_to_seconds())
            && t.finished_at == Some(e.at.truncate_to_seconds())
            && t.container_id == self.id;
        debug_assert_eq!(same, self.terminated().as_ref() == Some(t));
        same
    }

    fn terminated(&self) -> Option<ContainerStateTerminated> {
        let e = self.process.exit.as_ref()?;
        Some(ContainerStateTerminated {
            exit_code: e.code,
            reason: e.reason.clone(),
            message: e.message.clone(),
            started_at: Some(self.started_at.truncate_to_seconds()),
            finished_at: Some(e.at.truncate_to_seconds()),
            container_id: self.id.clone(),
            ..Default::default()
        })
    }
}

/// An in-progress stop of one container.
#[derive(Clone, Copy, Debug)]
struct Kill {
    /// SIGTERM (after the preStop hook).
    term_at: Time,
    termed: bool,
    /// SIGKILL.
    kill_at: Time,
    /// A sidecar waiting for its turn (`terminationOrdering`): the regular containers and
    /// the sidecars declared after it must stop first. `term_at`/`kill_at` are set when the
    /// turn comes; until then `term_at` is the end of the wait (the grace period).
    turn: Option<Turn>,
    /// When the preStop hook itself signals the main process (`nginx -s quit`).
    hook_signal: Option<Time>,
}

/// What a sidecar's SIGTERM waits for (`waitForTurn`).
#[derive(Clone, Copy, Debug)]
struct Turn {
    /// The end of its preStop hook: the wait starts there.
    from: Time,
    /// Grace seconds left after the hook.
    grace: i64,
}

/// The kubelet's view of one container of a pod.
#[derive(Debug)]
struct Ctr {
    /// The pod spec the kubelet admitted, shared by the pod's containers (a copy of a
    /// 1 KB container per container was most of the kubelet's bytes per pod), and where
    /// this container is in it: `init_containers` when `init`, else `containers`.
    pod_spec: Rc<PodSpec>,
    index: usize,
    init: bool,
    restart_count: i32,
    /// Instances started so far (the next start is a restart when > 0).
    instances: u32,
    current: Option<Instance>,
    // What most containers never have, or not for long, is boxed: the records of every
    // container on the node are kept for its pod's whole life.
    /// `lastState.terminated`.
    last: Option<Box<ContainerStateTerminated>>,
    /// The reason cache: why the container is waiting (ErrImagePull, CrashLoopBackOff …).
    waiting: Option<ContainerStateWaiting>,
    pull: Option<Box<Pull>>,
    probes: Vec<Worker>,
    kill: Option<Kill>,
    /// The previous instance's container ID and log.
    prev_logs: Option<Box<PrevLogs>>,
    /// When to look at this container again (pull retry, back-off end, PLEG).
    retry_at: Option<Time>,
    /// The last failed pull (`prevPullErrMsg`, keyed like the back-off by the image):
    /// `ErrImagePull: <CRI error>`, appended to the ImagePullBackOff message (v1.32+).
    pull_error: Option<Box<(String, String)>>,
}

/// A previous container instance's ID and log.
type PrevLogs = (String, Vec<(Time, runtime::LogLine)>);

impl Ctr {
    fn new(pod_spec: &Rc<PodSpec>, init: bool, index: usize, admitted: Time) -> Ctr {
        let mut c = Ctr {
            probes: Vec::new(),
            pod_spec: Rc::clone(pod_spec),
            index,
            init,
            restart_count: 0,
            instances: 0,
            current: None,
            last: None,
            waiting: None,
            pull: None,
            kill: None,
            prev_logs: None,
            retry_at: None,
            pull_error: None,
        };
        c.probes = Worker::for_container(c.spec(), admitted);
        c
    }
    /// The container's spec as admitted. `index` was taken from this very list (the
    /// shared spec never changes), so it is always in range.
    fn spec(&self) -> &Container {
        container_of(&self.pod_spec, self.init, self.index)
    }
    fn name(&self) -> &str {
        &self.spec().name
    }
    fn sidecar(&self) -> bool {
        self.init && self.spec().is_sidecar()
    }
    fn running(&self) -> bool {
        self.current.as_ref().is_some_and(|i| i.process.running())
    }
    fn exit(&self) -> Option<&runtime::Exit> {
        self.current.as_ref().and_then(|i| i.process.exit.as_ref())
    }
    fn field_path(&self) -> String {
        let list = if self.init {
            "initContainers"
        } else {
            "containers"
        };
        ["spec.", list, "{", self.name(), "}"].concat()
    }
    /// `started`: running and past its startup probe.
    fn started(&self) -> bool {
        self.running()
            && self
                .current
                .as_ref()
                .is_some_and(|i| i.post_start.is_none())
            && self
                .probes
                .iter()
                .filter(|w| w.kind == prober::Kind::Startup)
                .all(|w| w.success)
    }
    fn probe_ready(&self) -> bool {
        self.probes
            .iter()
            .filter(|w| w.kind == prober::Kind::Readiness)
            .all(|w| w.success)
    }
    /// The status `ready` flag: an init container that finished OK; a running, started,
    /// readiness-passing container otherwise.
    fn ready(&self) -> bool {
        if self.init && !self.sidecar() {
            return self.exit().is_some_and(|e| e.code == 0);
        }
        self.started() && self.probe_ready()
    }
}

/// What the kubelet keeps about one pod (its pod worker).
#[derive(Debug)]
struct PodWorker {
    uid: String,
    admitted: Time,
    pod_ip: String,
    ctrs: Vec<Ctr>,
    initialized: bool,
    terminating: bool,
    /// Failed by the kubelet itself (`activeDeadlineSeconds`): `status.reason` and
    /// `status.message`; its containers are being stopped.
    failed: Option<(&'static str, &'static str)>,
    /// `startTime + activeDeadlineSeconds`, when the pod has one.
    deadline: Option<Time>,
    /// When the pod sandbox stops (set once the pod has finished): from then on
    /// `PodReadyToStartContainers` is False.
    sandbox_stop: Option<Time>,
    /// Earliest wake already scheduled.
    pending_wake: Option<Time>,
    /// What the last sync saw of the pod besides its status (`checkAndUpdatePod` only
    /// syncs a pod again when these change; the kubelet's own status writes do not).
    /// The spec is shared with the containers' records until it changes.
    seen: (Option<Time>, Option<i64>, Rc<PodSpec>),
    /// A resourceVersion of the pod whose spec is known to equal `seen.2` (the one the
    /// last sync saw, or its own status write's): a pod at that version needs no spec
    /// comparison (resourceVersions are never reused).
    seen_rv: String,
}

impl PodWorker {
    /// Whether `pod` is at a version whose spec is known to be `seen.2`.
    fn spec_seen(&self, pod: &Pod) -> bool {
        !self.seen_rv.is_empty() && self.seen_rv == pod.metadata.resource_version
    }
    /// Whether `pod`'s spec differs from the one seen (the same shared spec needs no
    /// field-by-field comparison).
    fn spec_differs(&self, pod: &Pod) -> bool {
        !Rc::ptr_eq(&self.seen.2, &pod.spec) && *self.seen.2 != *pod.spec
    }
}

/// One status write a sync asks for (`generateAPIPodStatus`): [`Kubelet::commit_status`]
/// generates it into the stored pod once the sync holds no copy of it (nothing the status
/// is made of changes in between).
#[derive(Clone, Copy, Debug)]
struct StatusWrite {
    now: Time,
    /// The final status of a pod the kubelet stopped (`podIsTerminal`).
    terminal: bool,
    /// The phase of a pod that was already terminal when the sync began: it stays.
    was: Option<&'static str>,
}

/// Whether the node has power, and since when.
#[derive(Clone, Copy, Debug)]
pub struct Power {
    pub on: bool,
    pub since: Time,
}

#[derive(Debug)]
pub struct Kubelet {
    pub node: String,
    /// The node's name as its wakes carry it.
    wake_node: Rc<str>,
    /// The events' source (component and host), built once rather than per event.
    source: Source,
    pub queue: WorkQueue,
    pub host_ip: String,
    subnet: u8,
    next_ip: u8,
    images: ImageStore,
    crash_backoff: Backoff,
    pull_backoff: Backoff,
    /// The pod workers, hashed: every routed pod event and every sync looks one up, and a
    /// sorted map's search compared the key with several others whose names (cold at
    /// 10 000 pods) share a long prefix. Nothing depends on their order but
    /// [`Kubelet::power_on`], which sorts. Boxed: a table keeps room for up to twice its
    /// entries, and a worker is ~230 bytes.
    pods: HashMap<ObjectKey, Box<PodWorker>, crate::record::Fx>,
    /// The status writes of the sync in progress (kept: no allocation per sync).
    writes: Vec<StatusWrite>,
    pub power: Power,
    /// Node memory (bytes): the limit of a container without `limits.memory`.
    pub node_memory: u64,
}

/// What starting a container came to.
enum Start {
    Started,
    /// A pull is in flight (later containers of the pod wait: pulls are serial).
    Pulling,
    Failed,
}

impl Kubelet {
    pub fn new(node: &str, subnet: u8, host_ip: &str) -> Self {
        Kubelet {
            node: node.to_string(),
            wake_node: Rc::from(node),
            source: Source {
                component: "kubelet",
                host: node.to_string(),
            },
            queue: WorkQueue::default(),
            host_ip: host_ip.to_string(),
            subnet,
            next_ip: 2,
            images: ImageStore::default(),
            crash_backoff: Backoff::default(),
            pull_backoff: Backoff::default(),
            pods: HashMap::default(),
            writes: Vec::new(),
            power: Power {
                on: true,
                since: Time::default(),
            },
            node_memory: 8_148_024 * 1024,
        }
    }

    /// When the node's lease was last renewed: every 10 s from boot while powered.
    pub fn last_lease_renewal(&self, now: Time) -> Time {
        let upto = if self.power.on { now } else { self.power.since };
        let since = (upto - self.power.since).0.max(0);
        self.power.since + Duration(since - since % LEASE_RENEW.0)
    }

    /// The node loses power at `now`: every container dies, the kubelet stops.
    pub fn power_off(&mut self, now: Time) {
        self.power = Power {
            on: false,
            since: now,
        };
        for w in self.pods.values_mut() {
            for c in &mut w.ctrs {
                if let Some(i) = &mut c.current {
                    i.process.run_until(now);
                    i.process.lost(now);
                }
            }
        }
    }

    /// The node boots at `now`: a fresh kubelet (images stay on disk; back-offs, pod
    /// workers and containers are gone). Returns the pods it must sync.
    pub fn power_on(&mut self, now: Time) -> Vec<ObjectKey> {
        self.power = Power {
            on: true,
            since: now,
        };
        self.crash_backoff = Backoff::default();
        self.pull_backoff = Backoff::default();
        // Synced in key order, as before the workers were hashed.
        let mut keys: Vec<ObjectKey> = self.pods.keys().cloned().collect();
        crate::sort::stable(&mut keys);
        // Containers are gone with the old boot: lastState remembers them as Unknown (255).
        for w in self.pods.values_mut() {
            w.pending_wake = None;
            for c in &mut w.ctrs {
                c.pull = None;
                c.kill = None;
                c.retry_at = None;
                if let Some(i) = c.current.take() {
                    c.last = i.terminated().map(Box::new);
                    c.prev_logs = Some(Box::new((i.id, i.process.logs)));
                    c.waiting = None;
                }
            }
        }
        keys
    }

    pub fn sync(&mut self, ctx: &mut Context, key: &ObjectKey) {
        if !self.power.on {
            return;
        }
        // The stored pod itself rather than a copy: the sync lets go of it before its
        // status writes, so that the store writes it in place.
        let Some(pod) = ctx.api.pods().shared(key) else {
            self.forget(key);
            return;
        };
        if pod.spec.node_name != self.node {
            return;
        }
        // The workers leave the kubelet for the sync (the methods it calls borrow the
        // kubelet; none looks at the workers): the worker is synced where it is stored.
        let mut pods = std::mem::take(&mut self.pods);
        self.sync_pod(ctx, key, pod, &mut pods);
        self.pods = pods;
    }

    /// [`Kubelet::sync`] of a pod on this node, whose worker is (or goes) in `pods`.
    fn sync_pod(
        &mut self,
        ctx: &mut Context,
        key: &ObjectKey,
        pod: Rc<Pod>,
        pods: &mut HashMap<ObjectKey, Box<PodWorker>, crate::record::Fx>,
    ) {
        let now = ctx.now();
        if pods.get(key).is_none_or(|w| w.uid != pod.metadata.uid) {
            if let Some(old) = pods.remove(key) {
                self.forget_backoffs(&old.uid);
            }
            pods.insert(key.clone(), Box::new(self.admit(&pod, now)));
        }
        let Some(w) = pods.get_mut(key) else { return };
        if w.pending_wake.is_some_and(|t| t <= now) {
            w.pending_wake = None;
        }
        w.seen.0 = pod.metadata.deletion_timestamp;
        w.seen.1 = pod.metadata.deletion_grace_period_seconds;
        if !w.spec_seen(&pod) {
            if w.spec_differs(&pod) {
                // Replaced only when it changed (a deletion changes the metadata only).
                w.seen.2 = shared_spec(&pod);
            }
            w.seen_rv.clone_from(&pod.metadata.resource_version);
        }
        for c in &mut w.ctrs {
            if let Some(i) = &mut c.current {
                i.process.run_until(now);
            }
        }
        self.finish_post_start(ctx, &pod, w, now);
        let mut writes = std::mem::take(&mut self.writes);
        if pod.metadata.deletion_timestamp.is_some() {
            let done = self.terminate(ctx, &pod, w, now, &mut writes);
            drop(pod);
            self.commit_status(ctx, key, w, &mut writes);
            self.writes = writes;
            if done {
                // Every container has stopped and the last status is written: the
                // kubelet deletes the pod with grace 0 (`status_manager.go` `canBeDeleted`).
                ctx.api.remove::<Pod>(key);
                let uid = std::mem::take(&mut w.uid);
                pods.remove(key);
                self.forget_backoffs(&uid);
                return;
            }
        } else {
            if !pod.is_terminal() {
                w.deadline = lifecycle::deadline(&pod, w);
                if w.deadline.is_some_and(|d| d <= now) {
                    self.exceed_deadline(ctx, &pod, w, now);
                } else {
                    self.run_probes(ctx, &pod, w, now);
                    self.progress_kills(w, now);
                    self.act(ctx, &pod, w, now);
                }
                writes.push(Self::pod_status(&pod, now, false));
            } else if w.failed.is_some() {
                // Failed by the kubelet: its containers stop, then the final status.
                self.progress_kills(w, now);
                writes.push(Self::pod_status(&pod, now, false));
            } else if w.sandbox_stop.is_some_and(|t| t <= now) {
                // The finished pod's sandbox is gone: its status is written once more.
                writes.push(Self::pod_status(&pod, now, false));
            }
            drop(pod);
            self.commit_status(ctx, key, w, &mut writes);
            self.writes = writes;
        }
        self.schedule(ctx, key, w, now);
    }

    /// A pod the kubelet drops (deleted from the API, or replaced): its processes stop.
    fn forget(&mut self, key: &ObjectKey) {
        if let Some(w) = self.pods.remove(key) {
            self.forget_backoffs(&w.uid);
        }
    }

    /// The back-off entries of the pod `uid`'s containers and images go with it.
    fn forget_backoffs(&mut self, uid: &str) {
        self.crash_backoff.forget_prefix(uid);
        self.pull_backoff.forget_prefix(uid);
    }

    /// Pod admission: a sandbox and IP, one record per container. A pod whose status
    /// already lists containers (the kubelet restarted) picks up their restart counts.
    fn admit(&mut self, pod: &Pod, now: Time) -> PodWorker {
        let pod_ip = if pod.status.pod_ip.is_empty() || !self.power_since_boot(pod) {
            let mut ip = String::with_capacity(15);
            ip.push_str("10.244.");
            text::push_num(&mut ip, self.subnet.into(), 10, 0);
            ip.push('.');
            text::push_num(&mut ip, self.next_ip.into(), 10, 0);
            self.next_ip = self.next_ip.checked_add(1).unwrap_or(2).max(2);
            ip
        } else {
            pod.status.pod_ip.clone()
        };
        let spec = shared_spec(pod);
        let (inits, regulars) = (spec.init_containers.len(), spec.containers.len());
        let mut ctrs: Vec<Ctr> = (0..inits)
            .map(|i| Ctr::new(&spec, true, i, now))
            .chain((0..regulars).map(|i| Ctr::new(&spec, false, i, now)))
            .collect();
        let old = pod
            .status
            .init_container_statuses
            .iter()
            .chain(&pod.status.container_statuses);
        for s in old {
            let Some(c) = ctrs.iter_mut().find(|c| c.name() == s.name) else {
                continue;
            };
            c.restart_count = s.restart_count;
            let ran = s.state.running.is_some() || s.state.terminated.is_some();
            if ran || s.last_state.terminated.is_some() {
                c.instances = 1;
                c.last = s
                    .state
                    .terminated
                    .clone()
                    .or(s.last_state.terminated.clone())
                    .map(Box::new);
                if let Some(r) = &s.state.running {
                    c.last = Some(Box::new(ContainerStateTerminated {
                        exit_code: 255,
                        reason: "Unknown".into(),
                        started_at: r.started_at,
                        finished_at: Some(now.truncate_to_seconds()),
                        container_id: s.container_id.clone(),
                        ..Default::default()
                    }));
                }
            }
        }
        PodWorker {
            uid: pod.metadata.uid.clone(),
            admitted: now,
            pod_ip,
            initialized: pod.condition_true("Initialized")
                && !pod.status.container_statuses.is_empty()
                || pod.spec.init_containers.is_empty(),
            ctrs,
            terminating: false,
            failed: None,
            deadline: None,
            sandbox_stop: None,
            pending_wake: None,
            seen: (
                pod.metadata.deletion_timestamp,
                pod.metadata.deletion_grace_period_seconds,
                spec,
            ),
            seen_rv: pod.metadata.resource_version.clone(),
        }
    }

    /// Whether a watch event about `pod` needs a sync (config.go `checkAndUpdatePod`): a
    /// pod new to this kubelet, or a change other than status (deletion, spec).
    /// `key` is the pod's.
    pub fn wants(&self, key: &ObjectKey, pod: &Pod) -> bool {
        match self.pods.get(key) {
            None => true,
            Some(w) => {
                w.uid != pod.metadata.uid
                    || w.seen.0 != pod.metadata.deletion_timestamp
                    || w.seen.1 != pod.metadata.deletion_grace_period_seconds
                    || (!w.spec_seen(pod) && w.spec_differs(pod))
            }
        }
    }

    /// Whether this boot of the kubelet already knew the pod's IP (an IP from an earlier
    /// boot belongs to a sandbox that is gone).
    fn power_since_boot(&self, _pod: &Pod) -> bool {
        false
    }

    /// Runs the probes due by `now` (`prober.worker.doProbe`).
    fn run_probes(&mut self, ctx: &mut Context, pod: &Pod, w: &mut PodWorker, now: Time) {
        let grace_default = pod.spec.termination_grace_period_seconds.unwrap_or(30);
        for c in &mut w.ctrs {
            let Some(inst) = &c.current else {
                // The workers tick from admission whether or not the container runs.
                for p in &mut c.probes {
                    p.advance(now);
                }
                continue;
            };
            let (id, started_at) = (inst.id.clone(), inst.started_at);
            for i in 0..c.probes.len() {
                if c.probes[i].next > now {
                    continue;
                }
                c.probes[i].advance(now);
                if !c.current.as_ref().is_some_and(|i| i.process.running()) || c.kill.is_some() {
                    continue;
                }
                c.probes[i].reset_for(&id);
                let started = c.started();
                if !c.probes[i].should_probe(started_at, started, now) {
                    continue;
                }
                let Some(inst) = &c.current else { continue };
                let outcome =
                    prober::run(&c.probes[i].probe, c.spec(), &inst.process, &w.pod_ip, now);
                let kind = c.probes[i].kind;
                if let Some(msg) = prober::event_message(kind, &outcome) {
                    ctx.event(
                        &self.source,
                        pod,
                        Some(c.field_path()),
                        EventType::Warning,
                        "Unhealthy",
                        &msg,
                    );
                }
                c.probes[i].record(&outcome);
                let failed = !c.probes[i].success && c.probes[i].on_hold;
                if failed && matches!(kind, prober::Kind::Liveness | prober::Kind::Startup) {
                    let which = if kind == prober::Kind::Liveness {
                        "liveness"
                    } else {
                        "startup"
                    };
                    let msg = format!(
                        "Container {} failed {which} probe, will be restarted",
                        c.name()
                    );
                    ctx.event(
                        &self.source,
                        pod,
                        Some(c.field_path()),
                        EventType::Normal,
                        "Killing",
                        &msg,
                    );
                    let grace = c.probes[i]
                        .probe
                        .termination_grace_period_seconds
                        .unwrap_or(grace_default);
                    c.kill = Some(Kill {
                        term_at: now,
                        termed: false,
                        kill_at: now + Duration::from_secs(grace.max(lifecycle::MIN_GRACE_SECONDS)),
                        turn: None,
                        hook_signal: None,
                    });
                }
            }
        }
    }

    /// Delivers due SIGTERMs and SIGKILLs.
    fn progress_kills(&mut self, w: &mut PodWorker, now: Time) {
        // Regular containers first, then sidecars from the last declared to the first:
        // each sidecar's turn depends on the ones stopped before it.
        let n = w.ctrs.len();
        for i in 0..n {
            if !w.ctrs[i].sidecar() {
                Self::progress_kill(w, i, now);
            }
        }
        for i in (0..n).rev() {
            if w.ctrs[i].sidecar() {
                Self::progress_kill(w, i, now);
            }
        }
    }

    /// [`Kubelet::progress_kills`] of container `i`.
    fn progress_kill(w: &mut PodWorker, i: usize, now: Time) {
        if w.ctrs[i].kill.is_some_and(|k| k.turn.is_some()) {
            lifecycle::take_turn(w, i, now);
        }
        let c = &mut w.ctrs[i];
        let (Some(k), Some(inst)) = (&mut c.kill, &mut c.current) else {
            return;
        };
        if k.turn.is_some() {
            return;
        }
        if let Some(t) = k.hook_signal.filter(|t| *t <= now) {
            k.hook_signal = None;
            inst.process.term(t);
        }
        if !k.termed && k.term_at <= now {
            k.termed = true;
            inst.process.term(k.term_at);
        }
        if k.kill_at <= now {
            inst.process.kill(k.kill_at);
        }
        inst.process.run_until(now);
        // killContainer returns once the preStop hook has too (it may outlive the
        // process it stopped, as `while killall -0 nginx; do sleep 1; done` does).
        if !inst.process.running() && (k.termed || k.term_at <= now) {
            c.kill = None;
        }
    }

    /// `computePodActions` + `SyncPod`: init containers in order, then sidecar and
    /// regular container starts and restarts.
    fn act(&mut self, ctx: &mut Context, pod: &Pod, w: &mut PodWorker, now: Time) {
        let policy = pod.spec.restart_policy.as_deref().unwrap_or("Always");
        if !w.initialized {
            for i in 0..w.ctrs.len() {
                if !w.ctrs[i].init {
                    break;
                }
                let sidecar = w.ctrs[i].sidecar();
                if w.ctrs[i].current.is_none() {
                    self.start(ctx, pod, w, i, now);
                    return;
                }
                if w.ctrs[i].running() {
                    if sidecar && w.ctrs[i].started() {
                        continue;
                    }
                    return;
                }
                let code = w.ctrs[i].exit().map_or(0, |e| e.code);
                if !sidecar && code == 0 {
                    continue;
                }
                if sidecar || policy != "Never" {
                    self.restart(ctx, pod, w, i, now);
                }
                return;
            }
            w.initialized = true;
        }
        let mut pulling = false;
        for i in 0..w.ctrs.len() {
            let c = &w.ctrs[i];
            if c.init && !c.sidecar() {
                continue;
            }
            if c.current.is_none() {
                if pulling {
                    continue;
                }
                if matches!(self.start(ctx, pod, w, i, now), Start::Pulling) {
                    pulling = true;
                }
                continue;
            }
            let Some(code) = c.exit().map(|e| e.code) else {
                continue;
            };
            let again = c.sidecar()
                || match policy {
                    "Always" => true,
                    "OnFailure" => code != 0,
                    _ => false,
                };
            if again && !pulling {
                self.restart(ctx, pod, w, i, now);
            }
        }
        self.stop_sidecars_if_done(w, policy, pod, now);
    }

    /// With `OnFailure`/`Never`, sidecars are stopped once every regular container has
    /// finished for good (KEP-753).
    fn stop_sidecars_if_done(&mut self, w: &mut PodWorker, policy: &str, pod: &Pod, now: Time) {
        if policy == "Always" {
            return;
        }
        let done = w
            .ctrs
            .iter()
            .filter(|c| !c.init)
            .all(|c| c.exit().is_some_and(|e| policy == "Never" || e.code == 0));
        if !done {
            return;
        }
        let grace = pod.spec.termination_grace_period_seconds.unwrap_or(30);
        for c in w
            .ctrs
            .iter_mut()
            .filter(|c| c.sidecar() && c.running() && c.kill.is_none())
        {
            c.kill = Some(Kill {
                term_at: now,
                termed: false,
                kill_at: now + Duration::from_secs(grace.max(lifecycle::MIN_GRACE_SECONDS)),
                turn: None,
                hook_signal: None,
            });
        }
        self.progress_kills(w, now);
    }

    /// An exited container that should run again: after PLEG notices it, either back-off
    /// (`CrashLoopBackOff`) or a new instance (`doBackOff` in kuberuntime_manager.go).
    fn restart(&mut self, ctx: &mut Context, pod: &Pod, w: &mut PodWorker, i: usize, now: Time) {
        let Some(finished) = w.ctrs[i].exit().map(|e| e.at) else {
            return;
        };
        if w.ctrs[i].pull.is_some() {
            // The restart was decided already; its image pull is in flight.
            self.start(ctx, pod, w, i, now);
            return;
        }
        if now < finished + PLEG_RELIST {
            w.ctrs[i].retry_at = Some(finished + PLEG_RELIST);
            return;
        }
        let key = [&w.uid, "/", w.ctrs[i].name()].concat();
        if self.crash_backoff.in_backoff_since(&key, finished, now) {
            let until = self.crash_backoff.until(&key, finished);
            let c = &mut w.ctrs[i];
            c.retry_at = Some(until);
            if c.waiting
                .as_ref()
                .is_some_and(|x| x.reason == "CrashLoopBackOff")
            {
                return;
            }
            let d = self.crash_backoff.get(&key).go_string();
            let who = format!(
                "{}_{}({})",
                pod.metadata.name, pod.metadata.namespace, pod.metadata.uid
            );
            c.waiting = Some(ContainerStateWaiting {
                reason: "CrashLoopBackOff".into(),
                message: format!(
                    "back-off {d} restarting failed container={} pod={who}",
                    c.name()
                ),
            });
            let msg = format!(
                "Back-off restarting failed container {} in pod {who}",
                c.name()
            );
            ctx.event(
                &self.source,
                pod,
                Some(c.field_path()),
                EventType::Warning,
                "BackOff",
                &msg,
            );
            return;
        }
        self.crash_backoff.next(&key, finished, now);
        self.start(ctx, pod, w, i, now);
    }

    /// Ensures the image, then creates and starts a new instance of container `i`.
    fn start(
        &mut self,
        ctx: &mut Context,
        pod: &Pod,
        w: &mut PodWorker,
        i: usize,
        now: Time,
    ) -> Start {
        match self.ensure_image(ctx, pod, w, i, now) {
            Start::Started => {}
            other => return other,
        }
        let c = &mut w.ctrs[i];
        if let Some(err) = config::missing_env_source(c.spec()) {
            // `startContainer`: the Failed event, the reason cache, a retry with the
            // failing pod's next sync.
            let field = Some(c.field_path());
            let msg = format!("Error: {err}");
            ctx.event(&self.source, pod, field, EventType::Warning, "Failed", &msg);
            c.waiting = Some(ContainerStateWaiting {
                reason: "CreateContainerConfigError".into(),
                message: err,
            });
            c.retry_at = Some(now + SYNC_ERROR_RETRY);
            return Start::Failed;
        }
        c.retry_at = None;
        let memory_limit = c
            .spec()
            .resources
            .limits
            .get("memory")
            .and_then(|q| quantity::parse("memory", q))
            .map_or(self.node_memory, |m| m.max(0) as u64);
        let mut env: Vec<(String, String)> = Vec::with_capacity(1 + c.spec().env.len());
        env.push(("HOSTNAME".into(), pod.metadata.name.clone()));
        for e in &c.spec().env {
            env.push((e.name.clone(), e.value.clone().unwrap_or_default()));
        }
        let mut process = Process::start(
            Launch {
                image: &c.spec().image,
                command: &c.spec().command,
                args: &c.spec().args,
                env,
                memory_limit,
            },
            now,
        );
        let mut id = String::with_capacity(77);
        id.push_str("containerd://");
        for _ in 0..4 {
            text::push_num(&mut id, ctx.api.rng.next_u64(), 16, 16);
        }
        if let Some(old) = c.current.take() {
            c.last = old.terminated().map(Box::new);
            c.prev_logs = Some(Box::new((old.id, old.process.logs)));
        }
        if c.instances > 0 {
            // Saturates: an imported pod may already count 2147483647 restarts.
            c.restart_count = c.restart_count.saturating_add(1);
        }
        c.instances += 1;
        c.waiting = None;
        c.kill = None;
        let src = &self.source;
        let field = Some(c.field_path());
        ctx.event(
            src,
            pod,
            field.clone(),
            EventType::Normal,
            "Created",
            &["Created container: ", c.name()].concat(),
        );
        let start_error = process
            .exit
            .as_ref()
            .filter(|e| e.reason == "StartError")
            .map(|e| e.message.clone());
        match start_error {
            Some(msg) => ctx.event(
                src,
                pod,
                field,
                EventType::Warning,
                "Failed",
                &["Error: ", &msg].concat(),
            ),
            None => ctx.event(
                src,
                pod,
                field,
                EventType::Normal,
                "Started",
                &["Started container ", c.name()].concat(),
            ),
        }
        let post_start = lifecycle::post_start(pod, c.spec(), &mut process, now);
        c.current = Some(Instance {
            id,
            image: images::resolve(&c.spec().image),
            started_at: now,
            process,
            post_start,
        });
        Start::Started
    }

    /// `EnsureImageExists`: pull policy, the serial puller and the pull back-off.
    fn ensure_image(
        &mut self,
        ctx: &mut Context,
        pod: &Pod,
        w: &mut PodWorker,
        i: usize,
        now: Time,
    ) -> Start {
        let src = &self.source;
        let c = &mut w.ctrs[i];
        // The spec outlives the borrows of `c` below (it is shared, and never changes).
        let spec = Rc::clone(&c.pod_spec);
        let container = container_of(&spec, c.init, c.index);
        let image = container.image.as_str();
        if c.pull.as_ref().is_some_and(|p| now < p.done) {
            return Start::Pulling;
        }
        if let Some(p) = c.pull.take() {
            return match p.result {
                Ok(size) => {
                    self.images.store(image);
                    ctx.event(
                        src,
                        pod,
                        Some(c.field_path()),
                        EventType::Normal,
                        "Pulled",
                        &p.pulled_message(size),
                    );
                    Start::Started
                }
                Err(err) => {
                    let key = format!("{}_{image}", w.uid);
                    self.pull_backoff.next(&key, now, now);
                    ctx.event(
                        src,
                        pod,
                        Some(c.field_path()),
                        EventType::Warning,
                        "Failed",
                        &format!("Failed to pull image \"{image}\": {err}"),
                    );
                    ctx.event(
                        src,
                        pod,
                        Some(c.field_path()),
                        EventType::Warning,
                        "Failed",
                        "Error: ErrImagePull",
                    );
                    c.pull_error = Some(Box::new((
                        image.to_string(),
                        format!("ErrImagePull: {err}"),
                    )));
                    c.waiting = Some(ContainerStateWaiting {
                        reason: "ErrImagePull".into(),
                        message: err,
                    });
                    // The failed sync's own PLEG/status events bring the pod back a moment
                    // later, inside the back-off window: ImagePullBackOff.
                    c.retry_at = Some(now + PLEG_RELIST);
                    Start::Failed
                }
            };
        }
        if let Err(e) = images::check(image) {
            let msg = format!("Failed to apply default image tag \"{image}\": {e}");
            return refuse_image(ctx, src, pod, c, "InspectFailed", "InvalidImageName", msg);
        }
        let policy = container
            .image_pull_policy
            .as_deref()
            .unwrap_or_else(|| default_pull_policy(image));
        let present = self.images.is_present(image);
        if present && policy != "Always" {
            let msg = ["Container image \"", image, "\" already present on machine"].concat();
            let field = Some(c.field_path());
            ctx.event(src, pod, field, EventType::Normal, "Pulled", &msg);
            return Start::Started;
        }
        if policy == "Never" {
            let msg =
                format!("Container image \"{image}\" is not present with pull policy of Never");
            return refuse_image(
                ctx,
                src,
                pod,
                c,
                "ErrImageNeverPull",
                "ErrImageNeverPull",
                msg,
            );
        }
        let key = [&w.uid, "_", image].concat();
        if self.pull_backoff.in_backoff_since_update(&key, now) {
            let msg = format!("Back-off pulling image \"{image}\"");
            let field = Some(c.field_path());
            ctx.event(src, pod, field.clone(), EventType::Normal, "BackOff", &msg);
            ctx.event(
                src,
                pod,
                field,
                EventType::Warning,
                "Failed",
                "Error: ImagePullBackOff",
            );
            // The waiting message carries the last pull error (`pullImage`, v1.32+).
            let message = match c.pull_error.as_deref() {
                Some((img, err)) if *img == image => format!("{msg}: {err}"),
                _ => msg,
            };
            c.waiting = Some(ContainerStateWaiting {
                reason: "ImagePullBackOff".into(),
                message,
            });
            c.retry_at = Some(now + SYNC_ERROR_RETRY);
            return Start::Failed;
        }
        c.pull_error = None;
        ctx.event(
            src,
            pod,
            Some(c.field_path()),
            EventType::Normal,
            "Pulling",
            &["Pulling image \"", image, "\""].concat(),
        );
        let p = self.images.pull(image, now);
        c.retry_at = Some(p.done);
        c.pull = Some(Box::new(p));
        Start::Pulling
    }

    /// `generateAPIPodStatus`, asked for: see [`StatusWrite`].
    /// `terminal`: the final status of a pod the kubelet stopped (`podIsTerminal`).
    fn pod_status(pod: &Pod, now: Time, terminal: bool) -> StatusWrite {
        let was = pod
            .is_terminal()
            .then_some(if pod.status.phase == "Succeeded" {
                "Succeeded"
            } else {
                "Failed"
            });
        StatusWrite { now, terminal, was }
    }

    /// The phase of the generated status (`getPhase` and what overrides it), and when the
    /// sandbox stops: a pod that finished on its own is first reported with its sandbox
    /// still up (`syncPod`), then again once `SyncTerminatingPod` has stopped it; one the
    /// kubelet failed is reported once more, when its containers and sandbox are stopped.
    fn phase(
        status: &PodStatus,
        spec: &PodSpec,
        w: &mut PodWorker,
        s: StatusWrite,
    ) -> &'static str {
        let mut phase = status::get_phase(spec, status::Statuses::of(status), s.terminal);
        if let Some(was) = s.was {
            phase = was;
        }
        // `generateAPIPodStatus`: a pod sync handler that evicts forces Failed.
        if w.failed.is_some() {
            phase = "Failed";
        }
        let running = w.ctrs.iter().any(|c| c.running());
        let now = s.now;
        if s.terminal || (w.failed.is_some() && !running) {
            w.sandbox_stop = Some(w.sandbox_stop.map_or(now, |t| t.min(now)));
        } else if matches!(phase, "Succeeded" | "Failed") && !running {
            w.sandbox_stop.get_or_insert(now + SANDBOX_STOP);
        }
        phase
    }

    /// The status manager's writes, in order, once the sync holds no copy of the pod: each
    /// merged into the stored status (in place unless a watch event holds the pod), written
    /// only if it differs.
    fn commit_status(
        &self,
        ctx: &mut Context,
        key: &ObjectKey,
        w: &mut PodWorker,
        writes: &mut Vec<StatusWrite>,
    ) {
        for s in writes.drain(..) {
            let merged = ctx
                .api
                .modify_status_if::<Pod>(key, |pod| self.merge_status(pod, w, s));
            let Ok(pod) = merged else { return };
            // A status write leaves the spec as the sync saw it.
            w.seen_rv.clone_from(&pod.metadata.resource_version);
        }
    }

    /// Generates the write `s` into `pod`'s status (what the status manager merges): whether
    /// anything changed. Only what differs is replaced.
    fn merge_status(&self, pod: &mut Pod, w: &mut PodWorker, s: StatusWrite) -> bool {
        let (old, spec) = (&mut pod.status, &pod.spec);
        let has_init = !spec.init_containers.is_empty();
        let mut changed = container_status::fill(
            &mut old.init_container_statuses,
            w.ctrs.iter().filter(|c| c.init),
            has_init,
        );
        changed |= container_status::fill(
            &mut old.container_statuses,
            w.ctrs.iter().filter(|c| !c.init),
            has_init,
        );
        let phase = Self::phase(old, spec, w, s);
        let sandbox_ready = w.sandbox_stop.is_none_or(|t| s.now < t);
        let same_phase = old.phase == phase;
        if !same_phase {
            old.phase = phase.to_string();
            changed = true;
        }
        let (reason, message) = match w.failed {
            Some((r, m)) => (r, m),
            None if same_phase => (old.reason.as_str(), old.message.as_str()),
            None => ("", ""),
        };
        if old.reason != reason || old.message != message {
            (old.reason, old.message) = (reason.to_string(), message.to_string());
            changed = true;
        }
        changed |= set_ip(&mut old.host_ip, &mut old.host_ips, &self.host_ip);
        changed |= set_ip(&mut old.pod_ip, &mut old.pod_ips, &w.pod_ip);
        if old.start_time.is_none() {
            old.start_time = Some(w.admitted.truncate_to_seconds());
            changed = true;
        }
        let stamp = s.now.truncate_to_seconds();
        changed |= status::apply_conditions(spec, old, phase, sandbox_ready, stamp);
        changed
    }

    /// Asks for the next wake: the earliest thing any container waits for.
    fn schedule(&mut self, ctx: &mut Context, key: &ObjectKey, w: &mut PodWorker, now: Time) {
        let mut next: Option<Time> = None;
        let mut at = |t: Option<Time>| {
            if let Some(t) = t.filter(|t| *t > now) {
                next = Some(next.map_or(t, |n: Time| n.min(t)));
            }
        };
        at(w.sandbox_stop);
        if w.failed.is_none() {
            at(w.deadline);
        }
        for c in &w.ctrs {
            at(c.retry_at.filter(|t| *t > now));
            at(c.pull.as_ref().map(|p| p.done));
            if let Some(i) = &c.current {
                at(i.process.next_wake());
                if i.process.running() {
                    for p in &c.probes {
                        if !p.on_hold {
                            at(Some(p.next));
                        }
                    }
                }
                // An exit needs a look from PLEG (restart decisions, final status).
                if let Some(e) = &i.process.exit {
                    if e.at + PLEG_RELIST > now {
                        at(Some(e.at + PLEG_RELIST));
                    }
                }
            }
            if let Some(k) = c.kill {
                at(Some(if k.termed { k.kill_at } else { k.term_at }));
            }
            if let Some(h) = c
                .current
                .as_ref()
                .and_then(|i| i.post_start.as_ref())
                .filter(|h| !h.failed)
            {
                // A hook that returned at once is looked at in the next instant.
                at(Some(h.until.max(now + Duration::from_millis(1))));
            }
        }
        let Some(t) = next else { return };
        let t = t.max(now + Duration::from_millis(1));
        if w.pending_wake.is_some_and(|p| p <= t) {
            return;
        }
        w.pending_wake = Some(t);
        ctx.wake_at(
            t,
            Wake::Kubelet {
                node: Rc::clone(&self.wake_node),
                pod: key.clone(),
            },
        );
    }

    /// The log of the container instance `container_id` of `container`.
    pub fn container_logs(
        &self,
        key: &ObjectKey,
        container: &str,
        container_id: &str,
    ) -> Option<Vec<(Time, String)>> {
        let w = self.pods.get(key)?;
        let c = w.ctrs.iter().find(|c| c.name() == container)?;
        if let Some(i) = c.current.as_ref().filter(|i| i.id == container_id) {
            return Some(owned_logs(&i.process.logs));
        }
        c.prev_logs
            .as_deref()
            .filter(|(id, _)| id == container_id)
            .map(|(_, l)| owned_logs(l))
    }
}

/// `pod`'s spec as the kubelet saw it, shared with the pod (a later write of the pod's
/// spec copies it: this one stays what was seen), and by the kubelet's records of the pod.
fn shared_spec(pod: &Pod) -> Rc<PodSpec> {
    Rc::clone(&pod.spec)
}

/// Container `index` of `spec`'s init containers (`init`) or regular containers.
fn container_of(spec: &PodSpec, init: bool, index: usize) -> &Container {
    let list = if init {
        &spec.init_containers
    } else {
        &spec.containers
    };
    &list[index]
}

/// A log's lines as `kubectl logs` takes them.
fn owned_logs(logs: &[(Time, runtime::LogLine)]) -> Vec<(Time, String)> {
    logs.iter().map(|(t, l)| (*t, l.to_string())).collect()
}

/// Sets an address and its one-entry list (`hostIP`/`hostIPs`, `podIP`/`podIPs`) to `ip`:
/// whether either changed.
fn set_ip(one: &mut String, list: &mut Vec<PodIp>, ip: &str) -> bool {
    let mut changed = false;
    if one != ip {
        ip.clone_into(one);
        changed = true;
    }
    if !matches!(list.as_slice(), [only] if only.ip == ip) {
        *list = vec![PodIp { ip: ip.to_string() }];
        changed = true;
    }
    changed
}

/// An image the kubelet refuses without pulling (`InvalidImageName`, `ErrImageNeverPull`): the
/// two Warning events once, when the container enters that state, and the waiting reason.
fn refuse_image(
    ctx: &mut Context,
    src: &Source,
    pod: &Pod,
    c: &mut Ctr,
    event_reason: &'static str,
    waiting_reason: &str,
    msg: String,
) -> Start {
    if c.waiting
        .as_ref()
        .is_none_or(|x| x.reason != waiting_reason)
    {
        let field = Some(c.field_path());
        ctx.event(
            src,
            pod,
            field.clone(),
            EventType::Warning,
            event_reason,
            &msg,
        );
        let failed = format!("Error: {waiting_reason}");
        ctx.event(src, pod, field, EventType::Warning, "Failed", &failed);
    }
    c.waiting = Some(ContainerStateWaiting {
        reason: waiting_reason.into(),
        message: msg,
    });
    Start::Failed
}
