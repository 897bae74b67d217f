//! The kubelet of one node (`pkg/kubelet`): runs the pods bound to its node, pulls their
//! images, starts simulated containers, reports their status, and carries out graceful
//! deletion. It acts only when the cluster routes a pod key to it (a watch event or a timer).

pub mod images;

use crate::api::pod::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    ContainerStatus, Pod, PodCondition, PodIp,
};
use crate::apiserver::ObjectKey;
use crate::clock::Wake;
use crate::controller::{Context, WorkQueue};
use crate::record::{EventType, Source};
use crate::time::{Duration, Time};
use std::collections::{BTreeMap, BTreeSet};

/// What the kubelet remembers about one pod between syncs (the runtime's view).
#[derive(Debug, Default)]
struct PodRuntime {
    uid: String,
    /// Image pulls in flight: container name → when the pull completes.
    pulls: BTreeMap<String, Time>,
    started: BTreeSet<String>,
    killing: bool,
}

#[derive(Debug)]
pub struct Kubelet {
    pub node: String,
    pub queue: WorkQueue,
    /// Images present on this node.
    images: BTreeSet<String>,
    pods: BTreeMap<ObjectKey, PodRuntime>,
    /// The node's pod CIDR third octet, for pod IPs (`10.244.<n>.<k>`).
    subnet: u8,
    next_ip: u8,
    pub host_ip: String,
}

impl Kubelet {
    pub fn new(node: &str, subnet: u8, host_ip: &str) -> Self {
        Kubelet {
            node: node.to_string(),
            queue: WorkQueue::default(),
            images: BTreeSet::new(),
            pods: BTreeMap::new(),
            subnet,
            next_ip: 2,
            host_ip: host_ip.to_string(),
        }
    }

    fn source(&self) -> Source {
        Source {
            component: "kubelet",
            host: self.node.clone(),
        }
    }

    pub fn sync(&mut self, ctx: &mut Context, key: &ObjectKey) {
        let Some(pod) = ctx.api.pods().get(key).cloned() else {
            self.pods.remove(key);
            return;
        };
        if pod.spec.node_name != self.node {
            return;
        }
        let fresh = self.pods.get(key).is_none_or(|r| r.uid != pod.metadata.uid);
        if fresh {
            self.pods.insert(
                key.clone(),
                PodRuntime {
                    uid: pod.metadata.uid.clone(),
                    ..Default::default()
                },
            );
        }
        if pod.metadata.deletion_timestamp.is_some() {
            self.kill(ctx, key, &pod);
            return;
        }
        if pod.is_terminal() {
            return;
        }
        if pod.status.container_statuses.is_empty() {
            self.start_pod(ctx, key, &pod);
            return;
        }
        self.continue_pulls(ctx, key, &pod);
    }

    fn start_pod(&mut self, ctx: &mut Context, key: &ObjectKey, pod: &Pod) {
        let now = ctx.now().truncate_to_seconds();
        let ip = format!("10.244.{}.{}", self.subnet, self.next_ip);
        self.next_ip = self.next_ip.wrapping_add(1).max(2);
        let host_ip = self.host_ip.clone();
        let statuses: Vec<ContainerStatus> = pod
            .spec
            .containers
            .iter()
            .map(|c| ContainerStatus {
                name: c.name.clone(),
                image: c.image.clone(),
                state: ContainerState {
                    waiting: Some(ContainerStateWaiting {
                        reason: "ContainerCreating".into(),
                        message: String::new(),
                    }),
                    ..Default::default()
                },
                started: Some(false),
                ..Default::default()
            })
            .collect();
        let names: Vec<String> = pod.spec.containers.iter().map(|c| c.name.clone()).collect();
        let _ = ctx.api.modify_status::<Pod>(key, |p| {
            p.status.start_time = Some(now);
            p.status.host_ip = host_ip.clone();
            p.status.host_ips = vec![PodIp {
                ip: host_ip.clone(),
            }];
            p.status.pod_ip = ip.clone();
            p.status.pod_ips = vec![PodIp { ip: ip.clone() }];
            p.status.container_statuses = statuses;
            set_condition(p, "PodReadyToStartContainers", "True", "", "", now);
            set_condition(p, "Initialized", "True", "", "", now);
            let msg = format!("containers with unready status: [{}]", names.join(" "));
            set_condition(p, "Ready", "False", "ContainersNotReady", &msg, now);
            set_condition(
                p,
                "ContainersReady",
                "False",
                "ContainersNotReady",
                &msg,
                now,
            );
        });
        for c in &pod.spec.containers {
            let field = Some(format!("spec.containers{{{}}}", c.name));
            let present = self.images.contains(&c.image);
            let policy = c.image_pull_policy.as_deref().unwrap_or("IfNotPresent");
            if present && policy != "Always" {
                let msg = format!("Container image \"{}\" already present on machine", c.image);
                ctx.event(
                    &self.source(),
                    pod,
                    field,
                    EventType::Normal,
                    "Pulled",
                    &msg,
                );
                self.pods
                    .entry(key.clone())
                    .or_default()
                    .pulls
                    .insert(c.name.clone(), ctx.now());
            } else {
                ctx.event(
                    &self.source(),
                    pod,
                    field,
                    EventType::Normal,
                    "Pulling",
                    &format!("Pulling image \"{}\"", c.image),
                );
                let pull_ms = images::lookup(&c.image).map_or(1_500, |i| i.pull_ms);
                let done = ctx.now() + Duration::from_millis(pull_ms);
                self.pods
                    .entry(key.clone())
                    .or_default()
                    .pulls
                    .insert(c.name.clone(), done);
                ctx.wake_at(
                    done,
                    Wake::Kubelet {
                        node: self.node.clone(),
                        pod: key.clone(),
                    },
                );
            }
        }
        if let Some(p) = ctx.api.pods().get(key).cloned() {
            self.continue_pulls(ctx, key, &p);
        }
    }

    fn continue_pulls(&mut self, ctx: &mut Context, key: &ObjectKey, pod: &Pod) {
        let now = ctx.now();
        let Some(rt) = self.pods.get(key) else { return };
        let due: Vec<(String, Time)> = rt
            .pulls
            .iter()
            .filter(|(name, at)| **at <= now && !rt.started.contains(*name))
            .map(|(n, t)| (n.clone(), *t))
            .collect();
        for (name, _) in due {
            let Some(c) = pod.spec.containers.iter().find(|c| c.name == name) else {
                continue;
            };
            let field = Some(format!("spec.containers{{{}}}", c.name));
            let Some(img) = images::lookup(&c.image) else {
                let (repo, tag) = images::split_image(&c.image);
                let full = images::canonical(&c.image);
                let _ = (repo, tag);
                let err = format!(
                    "rpc error: code = NotFound desc = failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": {full}: not found"
                );
                ctx.event(
                    &self.source(),
                    pod,
                    field.clone(),
                    EventType::Warning,
                    "Failed",
                    &format!("Failed to pull image \"{}\": {err}", c.image),
                );
                ctx.event(
                    &self.source(),
                    pod,
                    field,
                    EventType::Warning,
                    "Failed",
                    "Error: ErrImagePull",
                );
                let msg = err.clone();
                let _ = ctx.api.modify_status::<Pod>(key, |p| {
                    if let Some(s) = p
                        .status
                        .container_statuses
                        .iter_mut()
                        .find(|s| s.name == name)
                    {
                        s.state = ContainerState {
                            waiting: Some(ContainerStateWaiting {
                                reason: "ErrImagePull".into(),
                                message: msg.clone(),
                            }),
                            ..Default::default()
                        };
                    }
                });
                if let Some(rt) = self.pods.get_mut(key) {
                    rt.started.insert(name.clone());
                }
                continue;
            };
            if !self.images.contains(&c.image) {
                let secs = img.pull_ms as f64 / 1000.0;
                let d = Duration::from_millis(img.pull_ms).go_string();
                let _ = secs;
                let msg = format!(
                    "Successfully pulled image \"{}\" in {d} ({d} including waiting). Image size: {} bytes.",
                    c.image, img.size_bytes
                );
                ctx.event(
                    &self.source(),
                    pod,
                    field.clone(),
                    EventType::Normal,
                    "Pulled",
                    &msg,
                );
                self.images.insert(c.image.clone());
            }
            ctx.event(
                &self.source(),
                pod,
                field.clone(),
                EventType::Normal,
                "Created",
                &format!("Created container: {}", c.name),
            );
            ctx.event(
                &self.source(),
                pod,
                field,
                EventType::Normal,
                "Started",
                &format!("Started container {}", c.name),
            );
            let started_at = now.truncate_to_seconds();
            let image_id = format!(
                "{}@sha256:{:064x}",
                images::canonical(&c.image)
                    .rsplit_once(':')
                    .map_or("", |x| x.0),
                img.size_bytes
            );
            let container_id = format!("containerd://{:064x}", ctx.api.rng.next_u64());
            let _ = ctx.api.modify_status::<Pod>(key, |p| {
                if let Some(s) = p
                    .status
                    .container_statuses
                    .iter_mut()
                    .find(|s| s.name == name)
                {
                    s.state = ContainerState {
                        running: Some(ContainerStateRunning {
                            started_at: Some(started_at),
                        }),
                        ..Default::default()
                    };
                    s.ready = true;
                    s.started = Some(true);
                    s.image = images::canonical(&s.image);
                    s.image_id = image_id.clone();
                    s.container_id = container_id.clone();
                }
                refresh_pod_conditions(p, started_at);
            });
            if let Some(rt) = self.pods.get_mut(key) {
                rt.started.insert(name.clone());
            }
        }
    }

    /// Graceful deletion, simplified: every container stops at once with exit 0, then the
    /// kubelet deletes the pod object.
    fn kill(&mut self, ctx: &mut Context, key: &ObjectKey, pod: &Pod) {
        let Some(rt) = self.pods.get_mut(key) else {
            return;
        };
        if rt.killing {
            return;
        }
        rt.killing = true;
        let now = ctx.now().truncate_to_seconds();
        for c in &pod.spec.containers {
            let running = pod
                .status
                .container_statuses
                .iter()
                .any(|s| s.name == c.name && s.state.running.is_some());
            if running {
                let field = Some(format!("spec.containers{{{}}}", c.name));
                ctx.event(
                    &self.source(),
                    pod,
                    field,
                    EventType::Normal,
                    "Killing",
                    &format!("Stopping container {}", c.name),
                );
            }
        }
        let _ = ctx.api.modify_status::<Pod>(key, |p| {
            for s in &mut p.status.container_statuses {
                let started_at = s.state.running.as_ref().and_then(|r| r.started_at);
                s.state = ContainerState {
                    terminated: Some(ContainerStateTerminated {
                        exit_code: 0,
                        reason: "Completed".into(),
                        started_at,
                        finished_at: Some(now),
                        container_id: s.container_id.clone(),
                        ..Default::default()
                    }),
                    ..Default::default()
                };
                s.ready = false;
                s.started = Some(false);
            }
        });
        ctx.api.remove::<Pod>(key);
        self.pods.remove(key);
    }
}

/// Ready / ContainersReady from the container statuses, and the phase.
fn refresh_pod_conditions(p: &mut Pod, now: Time) {
    let unready: Vec<String> = p
        .status
        .container_statuses
        .iter()
        .filter(|s| !s.ready)
        .map(|s| s.name.clone())
        .collect();
    if unready.is_empty() {
        set_condition(p, "ContainersReady", "True", "", "", now);
        set_condition(p, "Ready", "True", "", "", now);
    } else {
        let msg = format!("containers with unready status: [{}]", unready.join(" "));
        set_condition(
            p,
            "ContainersReady",
            "False",
            "ContainersNotReady",
            &msg,
            now,
        );
        set_condition(p, "Ready", "False", "ContainersNotReady", &msg, now);
    }
    let all_running = p
        .status
        .container_statuses
        .iter()
        .all(|s| s.state.running.is_some());
    if all_running && !p.status.container_statuses.is_empty() {
        p.status.phase = "Running".into();
    }
}

/// Sets a pod condition, moving `lastTransitionTime` only when the status changes; keeps
/// the kubelet's order (PodReadyToStartContainers, Initialized, Ready, ContainersReady,
/// PodScheduled).
pub fn set_condition(
    p: &mut Pod,
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: Time,
) {
    if let Some(c) = p.status.conditions.iter_mut().find(|c| c.type_ == type_) {
        if c.status != status {
            c.last_transition_time = Some(now);
        }
        c.status = status.into();
        c.reason = reason.into();
        c.message = message.into();
    } else {
        p.status.conditions.push(PodCondition {
            type_: type_.into(),
            status: status.into(),
            last_transition_time: Some(now),
            reason: reason.into(),
            message: message.into(),
            ..Default::default()
        });
    }
    const ORDER: [&str; 5] = [
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodScheduled",
    ];
    p.status
        .conditions
        .sort_by_key(|c| ORDER.iter().position(|o| *o == c.type_).unwrap_or(0));
}
