//! An immutable picture of the cluster at one virtual instant: everything the view draws,
//! derived from engine objects and kubectl's own printers (so a box's STATUS is exactly
//! the STATUS column). Built once per tick; components only read it.
//!
//! Countdowns are derived here from object timestamps and events, never invented: a pull's
//! progress from the `Pulling` event and the image's pull time in the catalog, a crash
//! back-off from `lastState.terminated.finishedAt` and the delay in the `CrashLoopBackOff`
//! message, a grace period from `metadata.deletionTimestamp`.

use paperkube_engine::api::intstr::IntOrString;
use paperkube_engine::api::{
    pod::{ContainerState, ContainerStatus},
    Deployment, Event, Node, Pod, ReplicaSet,
};
use paperkube_engine::kubelet::images;
use paperkube_engine::printers::deployment::deployment_table;
use paperkube_engine::printers::describe::describe_pod;
use paperkube_engine::printers::event::event_table;
use paperkube_engine::printers::replicaset::replicaset_table;
use paperkube_engine::printers::{self, pod::pod_summary, PrintOptions};
use paperkube_engine::time::{Duration, Time};
use paperkube_engine::Cluster;
use std::collections::BTreeMap;

/// How a pod box is coloured; derived from its STATUS text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Waiting to be scheduled or started (Pending, ContainerCreating, Init:…, PodInitializing).
    Starting,
    /// Running and ready.
    Ready,
    /// Running but not ready.
    NotReady,
    /// Something is wrong and the kubelet is backing off (ErrImagePull, CrashLoopBackOff, Error, OOMKilled …).
    Failing,
    /// Finished successfully (Completed).
    Done,
    /// Being deleted.
    Terminating,
    /// Its node stopped reporting.
    Unknown,
}

impl Tone {
    pub fn of(status: &str, ready: &str) -> Tone {
        let all_ready = ready
            .split_once('/')
            .is_some_and(|(a, b)| a == b && a != "0");
        match status {
            "Running" if all_ready => Tone::Ready,
            "Running" | "NotReady" => Tone::NotReady,
            "Completed" | "Succeeded" => Tone::Done,
            "Terminating" => Tone::Terminating,
            "Unknown" | "NodeLost" => Tone::Unknown,
            "Pending" | "ContainerCreating" | "PodInitializing" => Tone::Starting,
            s if s.starts_with("Init:") && s[5..].contains('/') => Tone::Starting,
            _ => Tone::Failing,
        }
    }
    pub fn class(self) -> &'static str {
        match self {
            Tone::Starting => "pk-tone-starting",
            Tone::Ready => "pk-tone-ready",
            Tone::NotReady => "pk-tone-notready",
            Tone::Failing => "pk-tone-failing",
            Tone::Done => "pk-tone-done",
            Tone::Terminating => "pk-tone-terminating",
            Tone::Unknown => "pk-tone-unknown",
        }
    }
    /// A glyph beside the colour, so colour is never the only cue.
    pub fn icon(self) -> &'static str {
        match self {
            Tone::Starting => "◔",
            Tone::Ready => "✓",
            Tone::NotReady => "◑",
            Tone::Failing => "✕",
            Tone::Done => "■",
            Tone::Terminating => "⌛",
            Tone::Unknown => "?",
        }
    }
}

/// What a running countdown measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountdownKind {
    /// An image pull: `Pulling` event + the image's pull time.
    Pull,
    /// Crash-loop back-off: `finishedAt` + the delay in the waiting message.
    BackOff,
    /// Graceful deletion: `deletionTimestamp − grace` … `deletionTimestamp`.
    Grace,
}

/// A span of virtual time the view draws as a bar and a remaining-seconds label.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Countdown {
    pub kind: CountdownKind,
    pub start: Time,
    pub end: Time,
}

impl Countdown {
    /// How far along at `now`, 0.0 … 1.0.
    pub fn fraction(&self, now: Time) -> f64 {
        let total = (self.end - self.start).as_millis();
        if total <= 0 {
            return 1.0;
        }
        ((now - self.start).as_millis() as f64 / total as f64).clamp(0.0, 1.0)
    }
    /// Whole seconds left at `now` (rounded up; never negative).
    pub fn remaining_secs(&self, now: Time) -> i64 {
        let ms = (self.end - now).as_millis().max(0);
        (ms + 999) / 1000
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodView {
    pub name: String,
    pub status: String,
    pub ready: String,
    pub restarts: String,
    pub node: String,
    pub phase: String,
    pub tone: Tone,
    /// The pod's node is not Ready (its Ready condition is Unknown or False).
    pub node_lost: bool,
    /// A pull, back-off or grace period in progress.
    pub countdown: Option<Countdown>,
    /// Being deleted and a container has a `preStop` hook.
    pub pre_stop: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSetView {
    pub name: String,
    pub revision: Option<i64>,
    pub images: String,
    pub hash: String,
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub pods: Vec<PodView>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentView {
    pub name: String,
    pub ready: String,
    pub replicas: i32,
    pub strategy: String,
    /// `maxSurge` / `maxUnavailable` as written (`1`, `25%`).
    pub max_surge_spec: Option<String>,
    pub max_unavailable_spec: Option<String>,
    /// Resolved `maxSurge` / `maxUnavailable` (RollingUpdate only).
    pub max_surge: Option<i64>,
    pub max_unavailable: Option<i64>,
    /// `status.replicas` (pods of every ReplicaSet, as the controller counts them).
    pub total: i32,
    pub available: i32,
    pub updated: i32,
    pub paused: bool,
    /// `spec.selector.matchLabels` (a manifest applied over it must keep them).
    pub selector: Vec<(String, String)>,
    /// The first container's name and image (what `kubectl set image` addresses).
    pub container: String,
    pub image: String,
    /// Newest revision first.
    pub lanes: Vec<ReplicaSetView>,
}

impl DeploymentView {
    /// `replicas + maxSurge`: how many pods the rollout may run at once.
    pub fn max_pods(&self) -> Option<i64> {
        self.max_surge.map(|s| self.replicas as i64 + s)
    }
    /// `replicas − maxUnavailable`: how many must stay available.
    pub fn min_available(&self) -> Option<i64> {
        self.max_unavailable
            .map(|u| (self.replicas as i64 - u).max(0))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub name: String,
    /// The Ready condition's status (`True`, `False`, `Unknown`).
    pub ready: String,
    /// Whether the simulated machine has power.
    pub powered: bool,
    pub pods: usize,
}

/// One container's state, for the side panel.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerView {
    pub name: String,
    pub init: bool,
    pub state: String,
    pub last_state: String,
    pub ready: bool,
    pub restarts: i32,
}

/// The selected pod, in full.
#[derive(Clone, Debug, PartialEq)]
pub struct PodDetail {
    pub pod: PodView,
    pub containers: Vec<ContainerView>,
    /// `kubectl describe pod` text.
    pub describe: String,
}

/// The kubectl text panels under the picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Panel {
    Pods,
    #[default]
    ReplicaSets,
    Deployments,
    Events,
}

impl Panel {
    pub const ALL: [Panel; 4] = [
        Panel::Pods,
        Panel::ReplicaSets,
        Panel::Deployments,
        Panel::Events,
    ];
    /// The `data-panel` value.
    pub fn id(self) -> &'static str {
        match self {
            Panel::Pods => "get-pods",
            Panel::ReplicaSets => "get-rs",
            Panel::Deployments => "get-deploy",
            Panel::Events => "get-events",
        }
    }
    /// The command whose output the panel shows.
    pub fn command(self) -> &'static str {
        match self {
            Panel::Pods => "kubectl get pods",
            Panel::ReplicaSets => "kubectl get rs",
            Panel::Deployments => "kubectl get deploy",
            Panel::Events => "kubectl get events",
        }
    }
}

/// What the reader is looking at, which decides what a snapshot bothers to compute.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Focus {
    pub selected: Option<String>,
    pub panel: Panel,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Snapshot {
    pub now: Time,
    pub elapsed_ms: i64,
    pub deployments: Vec<DeploymentView>,
    pub replicasets: Vec<ReplicaSetView>,
    pub pods: Vec<PodView>,
    pub nodes: Vec<NodeView>,
    /// `kubectl get pods` at this instant, as kubectl prints it.
    pub get_pods: String,
    /// `kubectl get pods -w` since the start (filled in by the app's `WatchLog`).
    pub get_pods_w: String,
    /// The focused panel's text (`get pods` again when that is the panel).
    pub panel: Panel,
    pub panel_text: String,
    /// The selected pod, when it still exists.
    pub detail: Option<PodDetail>,
    /// Whether anything is scheduled to happen (timers pending).
    pub has_next: bool,
}

/// The events about each object, by uid, oldest first.
type EventIndex<'a> = BTreeMap<&'a str, Vec<&'a Event>>;

fn index_events<'a>(events: impl Iterator<Item = &'a Event>) -> EventIndex<'a> {
    let mut idx: EventIndex = BTreeMap::new();
    for e in events {
        idx.entry(e.involved_object.uid.as_str())
            .or_default()
            .push(e);
    }
    for list in idx.values_mut() {
        paperkube_engine::sort::stable_by_key(list, |e| e.last_timestamp.or(e.first_timestamp));
    }
    idx
}

fn event_time(e: &Event) -> Option<Time> {
    e.event_time
        .map(|m| m.0)
        .or(e.last_timestamp)
        .or(e.first_timestamp)
}

/// `back-off 20s restarting failed container=…` → 20s.
pub fn backoff_delay(message: &str) -> Option<Duration> {
    let rest = message.strip_prefix("back-off ")?;
    let word = rest.split_whitespace().next()?;
    Duration::parse_go(word).ok()
}

fn waiting_reason(s: &ContainerState) -> Option<&str> {
    s.waiting.as_ref().map(|w| w.reason.as_str())
}

/// The countdown a pod is in, if any, derived from its objects and events.
fn countdown(pod: &Pod, events: &[&Event]) -> Option<Countdown> {
    if let Some(end) = pod.metadata.deletion_timestamp {
        let grace = pod
            .metadata
            .deletion_grace_period_seconds
            .unwrap_or_default();
        return Some(Countdown {
            kind: CountdownKind::Grace,
            start: end - Duration::from_secs(grace),
            end,
        });
    }
    let statuses = pod
        .status
        .init_container_statuses
        .iter()
        .chain(pod.status.container_statuses.iter());
    for cs in statuses {
        if let Some(c) = backoff(cs) {
            return Some(c);
        }
    }
    pull(pod, events)
}

fn backoff(cs: &ContainerStatus) -> Option<Countdown> {
    let w = cs.state.waiting.as_ref()?;
    if w.reason != "CrashLoopBackOff" {
        return None;
    }
    let delay = backoff_delay(&w.message)?;
    let start = cs.last_state.terminated.as_ref()?.finished_at?;
    Some(Countdown {
        kind: CountdownKind::BackOff,
        start,
        end: start + delay,
    })
}

/// A pull in flight: the newest `Pulling` event with no `Pulled`/`Failed` after it, while a
/// container still waits in `ContainerCreating`/`PodInitializing`.
fn pull(pod: &Pod, events: &[&Event]) -> Option<Countdown> {
    let creating = pod
        .status
        .init_container_statuses
        .iter()
        .chain(pod.status.container_statuses.iter())
        .any(|cs| {
            matches!(
                waiting_reason(&cs.state),
                Some("ContainerCreating") | Some("PodInitializing")
            )
        });
    if !creating {
        return None;
    }
    let last = events
        .iter()
        .rev()
        .find(|e| matches!(&*e.reason, "Pulling" | "Pulled" | "Failed"))?;
    if last.reason != "Pulling" {
        return None;
    }
    let image = last
        .message
        .strip_prefix("Pulling image \"")?
        .strip_suffix('"')?;
    let ms = images::lookup(image)?.pull_ms;
    let start = event_time(last)?;
    Some(Countdown {
        kind: CountdownKind::Pull,
        start,
        end: start + Duration::from_millis(ms),
    })
}

fn pod_view(pod: &Pod, now: Time, lost: &[&str], events: &EventIndex) -> PodView {
    let s = pod_summary(pod, now);
    let evs = events
        .get(pod.metadata.uid.as_str())
        .map(Vec::as_slice)
        .unwrap_or_default();
    let countdown = countdown(pod, evs);
    PodView {
        tone: Tone::of(&s.status, &s.ready),
        node_lost: !pod.spec.node_name.is_empty() && lost.contains(&pod.spec.node_name.as_str()),
        pre_stop: pod.metadata.is_deleting()
            && pod
                .spec
                .containers
                .iter()
                .any(|c| c.lifecycle.as_ref().is_some_and(|l| l.pre_stop.is_some())),
        countdown,
        name: s.name,
        status: s.status,
        ready: s.ready,
        restarts: s.restarts,
        node: pod.spec.node_name.clone(),
        phase: pod.status.phase.clone(),
    }
}

/// `Running (since …)`, `Waiting: CrashLoopBackOff`, `Terminated: Error (exit 1)`, or `—`.
pub fn state_text(s: &ContainerState) -> String {
    if let Some(w) = &s.waiting {
        return format!("Waiting: {}", w.reason);
    }
    if let Some(r) = &s.running {
        return match r.started_at {
            Some(t) => format!("Running (started {})", t.rfc3339()),
            None => "Running".into(),
        };
    }
    if let Some(t) = &s.terminated {
        return format!("Terminated: {} (exit code {})", t.reason, t.exit_code);
    }
    "—".into()
}

fn container_views(pod: &Pod) -> Vec<ContainerView> {
    let view = |cs: &ContainerStatus, init: bool| ContainerView {
        name: cs.name.clone(),
        init,
        state: state_text(&cs.state),
        last_state: state_text(&cs.last_state),
        ready: cs.ready,
        restarts: cs.restart_count,
    };
    let mut out: Vec<ContainerView> = pod
        .status
        .init_container_statuses
        .iter()
        .map(|cs| view(cs, true))
        .chain(
            pod.status
                .container_statuses
                .iter()
                .map(|cs| view(cs, false)),
        )
        .collect();
    if out.is_empty() {
        // Not started yet: the spec's containers, with no state.
        out = pod
            .spec
            .init_containers
            .iter()
            .map(|c| (c, true))
            .chain(pod.spec.containers.iter().map(|c| (c, false)))
            .map(|(c, init)| ContainerView {
                name: c.name.clone(),
                init,
                state: "—".into(),
                last_state: "—".into(),
                ready: false,
                restarts: 0,
            })
            .collect();
    }
    out
}

fn rs_view(
    rs: &ReplicaSet,
    pods: &[&Pod],
    now: Time,
    lost: &[&str],
    events: &EventIndex,
) -> ReplicaSetView {
    ReplicaSetView {
        name: rs.metadata.name.clone(),
        revision: rs
            .metadata
            .annotations
            .get("deployment.kubernetes.io/revision")
            .and_then(|r| r.parse().ok()),
        images: rs
            .spec
            .template
            .spec
            .containers
            .iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(","),
        hash: rs
            .metadata
            .labels
            .get("pod-template-hash")
            .cloned()
            .unwrap_or_default(),
        desired: rs.replicas(),
        current: rs.status.replicas,
        ready: rs.status.ready_replicas,
        pods: pods
            .iter()
            .filter(|p| {
                p.metadata
                    .controller_ref()
                    .is_some_and(|r| r.uid == rs.metadata.uid)
            })
            .map(|p| pod_view(p, now, lost, events))
            .collect(),
    }
}

fn resolve(v: &Option<IntOrString>, total: i32, round_up: bool) -> Option<i64> {
    v.as_ref()
        .and_then(|v| v.scaled_value(total as i64, round_up).ok())
}

fn spec_text(v: &Option<IntOrString>) -> Option<String> {
    v.as_ref().map(|v| match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    })
}

fn deployment_view(d: &Deployment, lanes: Vec<ReplicaSetView>) -> DeploymentView {
    let strategy = d.spec.strategy.as_ref();
    let ru = strategy.and_then(|s| s.rolling_update.as_ref());
    let first = d.spec.template.spec.containers.first();
    let strategy_type = strategy
        .and_then(|s| s.type_.clone())
        .unwrap_or_else(|| "RollingUpdate".into());
    let rolling = strategy_type == "RollingUpdate";
    DeploymentView {
        name: d.metadata.name.clone(),
        ready: format!("{}/{}", d.status.ready_replicas, d.replicas()),
        replicas: d.replicas(),
        max_surge_spec: ru.and_then(|r| spec_text(&r.max_surge)).filter(|_| rolling),
        max_unavailable_spec: ru
            .and_then(|r| spec_text(&r.max_unavailable))
            .filter(|_| rolling),
        max_surge: ru
            .and_then(|r| resolve(&r.max_surge, d.replicas(), true))
            .filter(|_| rolling),
        max_unavailable: ru
            .and_then(|r| resolve(&r.max_unavailable, d.replicas(), false))
            .filter(|_| rolling),
        strategy: strategy_type,
        total: d.status.replicas,
        available: d.status.available_replicas,
        updated: d.status.updated_replicas,
        paused: d.spec.paused,
        selector: d
            .spec
            .selector
            .match_labels
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        container: first.map(|c| c.name.clone()).unwrap_or_default(),
        image: first.map(|c| c.image.clone()).unwrap_or_default(),
        lanes,
    }
}

fn node_view(n: &Node, cluster: &Cluster, pods: &[&Pod]) -> NodeView {
    NodeView {
        name: n.metadata.name.clone(),
        ready: n
            .status
            .conditions
            .iter()
            .find(|c| c.type_ == "Ready")
            .map(|c| c.status.clone())
            .unwrap_or_else(|| "Unknown".into()),
        powered: cluster.powered(&n.metadata.name).unwrap_or(true),
        pods: pods
            .iter()
            .filter(|p| p.spec.node_name == n.metadata.name)
            .count(),
    }
}

impl Snapshot {
    /// The picture of `namespace` in `cluster` at its current instant.
    pub fn take(cluster: &Cluster, namespace: &str, started: Time) -> Snapshot {
        Snapshot::take_focused(cluster, namespace, started, &Focus::default())
    }

    /// The picture, plus what the reader focuses on: the selected pod's detail and the
    /// chosen kubectl panel (computed only when shown).
    pub fn take_focused(
        cluster: &Cluster,
        namespace: &str,
        started: Time,
        focus: &Focus,
    ) -> Snapshot {
        let now = cluster.now();
        let api = &cluster.api;
        let pods: Vec<&Pod> = api.pods().in_namespace(namespace).collect();
        let rss: Vec<&ReplicaSet> = api.replicasets().in_namespace(namespace).collect();
        let events = index_events(api.events().in_namespace(namespace));
        let nodes: Vec<NodeView> = api
            .nodes()
            .iter()
            .map(|n| node_view(n, cluster, &pods))
            .collect();
        let lost: Vec<&str> = nodes
            .iter()
            .filter(|n| n.ready != "True")
            .map(|n| n.name.as_str())
            .collect();
        let deployments: Vec<DeploymentView> = api
            .deployments()
            .in_namespace(namespace)
            .map(|d| {
                let mut lanes: Vec<ReplicaSetView> = rss
                    .iter()
                    .filter(|rs| {
                        rs.metadata
                            .controller_ref()
                            .is_some_and(|r| r.uid == d.metadata.uid)
                    })
                    .map(|rs| rs_view(rs, &pods, now, &lost, &events))
                    .collect();
                paperkube_engine::sort::stable_by(&mut lanes, |a, b| {
                    b.revision.cmp(&a.revision).then(a.name.cmp(&b.name))
                });
                deployment_view(d, lanes)
            })
            .collect();
        let replicasets = rss
            .iter()
            .filter(|rs| {
                rs.metadata
                    .controller_ref()
                    .is_none_or(|r| r.kind != "Deployment")
            })
            .map(|rs| rs_view(rs, &pods, now, &lost, &events))
            .collect();
        let standalone = pods
            .iter()
            .filter(|p| {
                p.metadata
                    .controller_ref()
                    .is_none_or(|r| r.kind != "ReplicaSet")
            })
            .map(|p| pod_view(p, now, &lost, &events))
            .collect();
        // Printed from borrowed objects: `render_get` would take owned copies of them all.
        let opts = PrintOptions::default();
        let get_pods = printers::pod::pod_table(pods.iter().copied(), now).render(&opts);
        let panel_table = match focus.panel {
            Panel::Pods => None,
            Panel::ReplicaSets => Some(replicaset_table(rss.iter().copied(), now)),
            Panel::Deployments => Some(deployment_table(
                api.deployments().in_namespace(namespace),
                now,
            )),
            Panel::Events => Some(event_table(api.events().in_namespace(namespace), now)),
        };
        let panel_text = panel_table.map(|t| t.render(&opts)).unwrap_or_default();
        let detail = focus.selected.as_deref().and_then(|name| {
            let pod = pods.iter().find(|p| p.metadata.name == name)?;
            let evs: Vec<Event> = events
                .get(pod.metadata.uid.as_str())
                .map(|v| v.iter().map(|e| (*e).clone()).collect())
                .unwrap_or_default();
            Some(PodDetail {
                pod: pod_view(pod, now, &lost, &events),
                containers: container_views(pod),
                describe: describe_pod(pod, Some(&evs), now),
            })
        });
        Snapshot {
            now,
            elapsed_ms: (now - started).as_millis(),
            deployments,
            replicasets,
            pods: standalone,
            nodes,
            get_pods,
            get_pods_w: String::new(),
            panel: focus.panel,
            panel_text,
            detail,
            has_next: cluster.has_pending_work() || cluster.next_due().is_some(),
        }
    }

    /// The text of `panel` at this instant.
    pub fn text_of(&self, panel: Panel) -> &str {
        match panel {
            Panel::Pods => &self.get_pods,
            _ if panel == self.panel => &self.panel_text,
            _ => "",
        }
    }

    /// Every pod drawn, wherever it sits.
    pub fn all_pods(&self) -> impl Iterator<Item = &PodView> {
        self.deployments
            .iter()
            .flat_map(|d| d.lanes.iter())
            .chain(self.replicasets.iter())
            .flat_map(|rs| rs.pods.iter())
            .chain(self.pods.iter())
    }
}

/// `hh:mm:ss` of virtual time since the widget started.
pub fn clock_label(elapsed_ms: i64) -> String {
    let s = elapsed_ms.max(0) / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use paperkube_engine::api::Kind;
    use paperkube_engine::kubectl::{NoFiles, Output};
    use paperkube_engine::{ClusterConfig, Session};

    fn session_with_web() -> Session {
        let mut s = Session::new(&ClusterConfig::default());
        let mut out = Output::default();
        s.kubectl(
            "kubectl create deployment web --image=nginx:1.25.3 --replicas=3",
            None,
            &NoFiles,
            &mut out,
        );
        s
    }

    #[test]
    fn snapshot_agrees_with_kubectl_get_pods() {
        let mut s = session_with_web();
        let mut out = Output::default();
        s.advance(Duration::from_secs(1), &mut out);
        let snap = Snapshot::take(&s.cluster, "default", ClusterConfig::default().start);
        assert_eq!(snap.deployments.len(), 1);
        let lane = &snap.deployments[0].lanes[0];
        assert_eq!((lane.desired, lane.current), (3, 3));
        for pod in snap.all_pods() {
            assert_eq!(pod.status, "ContainerCreating");
            assert!(snap
                .get_pods
                .contains(&format!("{}   0/1     ContainerCreating", pod.name)));
        }
        s.advance(Duration::from_secs(10), &mut out);
        let snap = Snapshot::take(&s.cluster, "default", ClusterConfig::default().start);
        assert!(snap
            .all_pods()
            .all(|p| p.tone == Tone::Ready && p.ready == "1/1" && p.countdown.is_none()));
        assert_eq!(clock_label(snap.elapsed_ms), "00:00:11");
    }

    #[test]
    fn a_pull_in_flight_is_a_countdown_from_the_pulling_event() {
        let mut s = session_with_web();
        let mut out = Output::default();
        s.advance(Duration::from_millis(1500), &mut out);
        let snap = Snapshot::take(&s.cluster, "default", ClusterConfig::default().start);
        let pulls: Vec<_> = snap.all_pods().filter_map(|p| p.countdown).collect();
        assert!(!pulls.is_empty(), "pods pulling nginx show a countdown");
        for c in pulls {
            assert_eq!(c.kind, CountdownKind::Pull);
            assert_eq!(
                (c.end - c.start).as_millis(),
                3_520,
                "nginx's catalog pull time"
            );
            let f = c.fraction(snap.now);
            assert!((0.0..1.0).contains(&f), "{f}");
        }
    }

    #[test]
    fn rollout_arithmetic_comes_from_the_strategy() {
        let mut s = session_with_web();
        let mut out = Output::default();
        s.advance(Duration::from_secs(1), &mut out);
        let snap = Snapshot::take(&s.cluster, "default", ClusterConfig::default().start);
        let d = &snap.deployments[0];
        // Defaults: 25% / 25% of 3 → surge rounds up to 1, unavailable down to 0.
        assert_eq!(d.max_surge_spec.as_deref(), Some("25%"));
        assert_eq!((d.max_pods(), d.min_available()), (Some(4), Some(3)));
        assert_eq!(
            (d.container.as_str(), d.image.as_str()),
            ("nginx", "nginx:1.25.3")
        );
    }

    #[test]
    fn focus_computes_the_selected_pods_detail_and_panel() {
        let mut s = session_with_web();
        let mut out = Output::default();
        s.advance(Duration::from_secs(10), &mut out);
        let first = Snapshot::take(&s.cluster, "default", ClusterConfig::default().start);
        let name = first.all_pods().next().map(|p| p.name.clone());
        let focus = Focus {
            selected: name.clone(),
            panel: Panel::ReplicaSets,
        };
        let snap = Snapshot::take_focused(
            &s.cluster,
            "default",
            ClusterConfig::default().start,
            &focus,
        );
        let detail = snap.detail.clone().expect("detail of the selected pod");
        assert_eq!(Some(detail.pod.name.clone()), name);
        assert!(detail.describe.contains("Events:"), "{}", detail.describe);
        assert!(detail.describe.contains("Pulling"), "{}", detail.describe);
        assert_eq!(detail.containers.len(), 1);
        assert!(detail.containers[0].state.starts_with("Running"));
        assert!(snap.text_of(Panel::ReplicaSets).starts_with("NAME"));
        assert_eq!(snap.text_of(Panel::Events), "");
    }

    #[test]
    fn panels_print_what_kubectl_get_prints() {
        let mut s = session_with_web();
        let mut out = Output::default();
        s.advance(Duration::from_secs(3), &mut out);
        let start = ClusterConfig::default().start;
        let (api, now) = (&s.cluster.api, s.cluster.now());
        let get = |kind| {
            printers::render_get(
                &api.list_objects(kind, Some("default")),
                now,
                &PrintOptions::default(),
            )
        };
        for (panel, kind) in [
            (Panel::ReplicaSets, Kind::ReplicaSet),
            (Panel::Deployments, Kind::Deployment),
            (Panel::Events, Kind::Event),
        ] {
            let focus = Focus {
                selected: None,
                panel,
            };
            let snap = Snapshot::take_focused(&s.cluster, "default", start, &focus);
            assert_eq!(snap.get_pods, get(Kind::Pod));
            assert_eq!(snap.text_of(panel), get(kind), "{panel:?}");
        }
    }

    #[test]
    fn backoff_delay_parses_the_waiting_message() {
        assert_eq!(
            backoff_delay("back-off 20s restarting failed container=c pod=p_default(u)"),
            Some(Duration::from_secs(20))
        );
        assert_eq!(
            backoff_delay("back-off 2m40s restarting"),
            Some(Duration::from_secs(160))
        );
        assert_eq!(backoff_delay("Back-off pulling image"), None);
    }

    #[test]
    fn countdown_fraction_and_remaining() {
        let c = Countdown {
            kind: CountdownKind::Grace,
            start: Time(0),
            end: Time(30_000),
        };
        assert_eq!(c.fraction(Time(15_000)), 0.5);
        assert_eq!(c.remaining_secs(Time(15_001)), 15);
        assert_eq!(c.remaining_secs(Time(40_000)), 0);
        assert_eq!(c.fraction(Time(-5)), 0.0);
    }

    #[test]
    fn tones_follow_status() {
        assert_eq!(Tone::of("Running", "1/1"), Tone::Ready);
        assert_eq!(Tone::of("Running", "0/1"), Tone::NotReady);
        assert_eq!(Tone::of("Init:0/1", "0/1"), Tone::Starting);
        assert_eq!(Tone::of("Init:Error", "0/1"), Tone::Failing);
        assert_eq!(Tone::of("CrashLoopBackOff", "0/1"), Tone::Failing);
        assert_eq!(Tone::of("Completed", "0/1"), Tone::Done);
    }
}
