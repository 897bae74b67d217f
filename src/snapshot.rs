//! An immutable picture of the cluster at one virtual instant: everything the view draws,
//! derived from engine objects and kubectl's own printers (so a box's STATUS is exactly
//! the STATUS column). Built once per tick; components only read it.

use paperkube_engine::api::intstr::IntOrString;
use paperkube_engine::api::{Deployment, Kind, Pod, ReplicaSet};
use paperkube_engine::printers::{self, pod::pod_summary, PrintOptions};
use paperkube_engine::time::Time;
use paperkube_engine::Cluster;

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

#[derive(Clone, Debug, PartialEq)]
pub struct PodView {
    pub name: String,
    pub status: String,
    pub ready: String,
    pub restarts: String,
    pub node: String,
    pub phase: String,
    pub tone: Tone,
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
    /// Resolved `maxSurge` / `maxUnavailable` (RollingUpdate only).
    pub max_surge: Option<i64>,
    pub max_unavailable: Option<i64>,
    /// Newest revision first.
    pub lanes: Vec<ReplicaSetView>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Snapshot {
    pub now: Time,
    pub elapsed_ms: i64,
    pub deployments: Vec<DeploymentView>,
    pub replicasets: Vec<ReplicaSetView>,
    pub pods: Vec<PodView>,
    /// `kubectl get pods` at this instant, as kubectl prints it.
    pub get_pods: String,
    /// Whether anything is scheduled to happen (timers pending).
    pub has_next: bool,
}

fn owned_by<'a>(pods: &'a [&'a Pod], uid: &'a str) -> impl Iterator<Item = &'a &'a Pod> + 'a {
    pods.iter()
        .filter(move |p| p.metadata.controller_ref().is_some_and(|r| r.uid == uid))
}

fn pod_view(pod: &Pod, now: Time) -> PodView {
    let s = pod_summary(pod, now);
    PodView {
        tone: Tone::of(&s.status, &s.ready),
        name: s.name,
        status: s.status,
        ready: s.ready,
        restarts: s.restarts,
        node: pod.spec.node_name.clone(),
        phase: pod.status.phase.clone(),
    }
}

fn rs_view(rs: &ReplicaSet, pods: &[&Pod], now: Time) -> ReplicaSetView {
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
        pods: owned_by(pods, &rs.metadata.uid)
            .map(|p| pod_view(p, now))
            .collect(),
    }
}

fn resolve(v: &Option<IntOrString>, total: i32, round_up: bool) -> Option<i64> {
    v.as_ref()
        .and_then(|v| v.scaled_value(total as i64, round_up).ok())
}

fn deployment_view(
    d: &Deployment,
    rss: &[&ReplicaSet],
    pods: &[&Pod],
    now: Time,
) -> DeploymentView {
    let mut lanes: Vec<ReplicaSetView> = rss
        .iter()
        .filter(|rs| {
            rs.metadata
                .controller_ref()
                .is_some_and(|r| r.uid == d.metadata.uid)
        })
        .map(|rs| rs_view(rs, pods, now))
        .collect();
    lanes.sort_by(|a, b| b.revision.cmp(&a.revision).then(a.name.cmp(&b.name)));
    let ru = d
        .spec
        .strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref());
    DeploymentView {
        name: d.metadata.name.clone(),
        ready: format!("{}/{}", d.status.ready_replicas, d.replicas()),
        replicas: d.replicas(),
        strategy: d
            .spec
            .strategy
            .as_ref()
            .and_then(|s| s.type_.clone())
            .unwrap_or_else(|| "RollingUpdate".into()),
        max_surge: ru.and_then(|r| resolve(&r.max_surge, d.replicas(), true)),
        max_unavailable: ru.and_then(|r| resolve(&r.max_unavailable, d.replicas(), false)),
        lanes,
    }
}

impl Snapshot {
    /// The picture of `namespace` in `cluster` at its current instant.
    pub fn take(cluster: &Cluster, namespace: &str, started: Time) -> Snapshot {
        let now = cluster.now();
        let api = &cluster.api;
        let pods: Vec<&Pod> = api.pods().in_namespace(namespace).collect();
        let rss: Vec<&ReplicaSet> = api.replicasets().in_namespace(namespace).collect();
        let deployments: Vec<DeploymentView> = api
            .deployments()
            .in_namespace(namespace)
            .map(|d| deployment_view(d, &rss, &pods, now))
            .collect();
        let replicasets = rss
            .iter()
            .filter(|rs| {
                rs.metadata
                    .controller_ref()
                    .is_none_or(|r| r.kind != "Deployment")
            })
            .map(|rs| rs_view(rs, &pods, now))
            .collect();
        let standalone = pods
            .iter()
            .filter(|p| {
                p.metadata
                    .controller_ref()
                    .is_none_or(|r| r.kind != "ReplicaSet")
            })
            .map(|p| pod_view(p, now))
            .collect();
        let objects = api.list_objects(Kind::Pod, Some(namespace));
        Snapshot {
            now,
            elapsed_ms: (now - started).as_millis(),
            deployments,
            replicasets,
            pods: standalone,
            get_pods: printers::render_get(&objects, now, &PrintOptions::default()),
            has_next: cluster.has_pending_work() || cluster.next_due().is_some(),
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
    use paperkube_engine::kubectl::{NoFiles, Output};
    use paperkube_engine::time::Duration;
    use paperkube_engine::{ClusterConfig, Session};

    #[test]
    fn snapshot_agrees_with_kubectl_get_pods() {
        let mut s = Session::new(&ClusterConfig::default());
        let mut out = Output::default();
        s.kubectl(
            "kubectl create deployment web --image=nginx:1.25.3 --replicas=3",
            None,
            &NoFiles,
            &mut out,
        );
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
            .all(|p| p.tone == Tone::Ready && p.ready == "1/1"));
        assert_eq!(clock_label(snap.elapsed_ms), "00:00:11");
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
