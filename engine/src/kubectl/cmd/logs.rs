//! `kubectl logs POD|TYPE/NAME [-c CONTAINER] [-p] [--tail=N] [-f]` (`pkg/cmd/logs`),
//! through the kubelets' log accessor. `-f` prints what is there, then keeps following
//! while virtual time passes (a [`Waiter`]) until that container instance ends, as the
//! kubelet closes the stream when the container exits.

use super::{flags_or_fail, namespace};
use crate::api::Object;
use crate::apiserver::WatchEvent;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{resources, Invocation, Outcome, Output, WaitState, Waiter};
use crate::Cluster;

const FLAGS: &[FlagSpec] = &[
    flag("container", Some('c'), true),
    flag("previous", Some('p'), false),
    flag("follow", Some('f'), false),
    flag("tail", None, true),
    flag("timestamps", None, false),
    flag("all-containers", None, false),
    flag("selector", Some('l'), true),
    flag("since", None, true),
    flag("prefix", None, false),
];

const USAGE: &str = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";

pub fn run(
    cluster: &mut Cluster,
    words: &[String],
    _inv: &Invocation,
    out: &mut Output,
) -> Outcome {
    let p = match flags_or_fail("logs", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let ns = namespace(&p);
    let pod = match p.args.as_slice() {
        [] => {
            out.errln(USAGE);
            return Outcome::failed();
        }
        [one] if !one.contains('/') => one.clone(),
        [one] => match pod_for(cluster, &ns, one, out) {
            Ok(p) => p,
            Err(e) => {
                out.errln(e);
                return Outcome::failed();
            }
        },
        [pod, container] if p.get("container").is_none() => {
            return print_logs(cluster, &ns, pod, Some(container), &p, out)
        }
        _ => {
            out.errln(USAGE);
            return Outcome::failed();
        }
    };
    let container = p.get("container").map(str::to_string);
    print_logs(cluster, &ns, &pod, container.as_deref(), &p, out)
}

fn print_logs(
    cluster: &Cluster,
    ns: &str,
    pod: &str,
    container: Option<&str>,
    p: &crate::kubectl::parse::Parsed,
    out: &mut Output,
) -> Outcome {
    match cluster.logs(ns, pod, container, p.bool("previous")) {
        Ok(text) => {
            let follow = (p.bool("follow") && !p.bool("previous"))
                .then(|| Follow::start(cluster, ns, pod, container, text.len()))
                .flatten();
            let text = match p.get("tail").and_then(|t| t.parse::<i64>().ok()) {
                Some(n) if n >= 0 => {
                    let lines: Vec<&str> = text.lines().collect();
                    let skip = lines.len().saturating_sub(n as usize);
                    lines[skip..].iter().map(|l| format!("{l}\n")).collect()
                }
                _ => text,
            };
            out.out(text);
            Outcome {
                wait: follow.map(|f| Box::new(f) as Box<dyn Waiter>),
                ..Outcome::ok()
            }
        }
        Err(e) => {
            out.errln(e);
            Outcome::failed()
        }
    }
}

/// `deploy/web`, `rs/x`, `pod/x`: the pod kubectl picks (the first of the selector's).
fn pod_for(cluster: &Cluster, ns: &str, arg: &str, out: &mut Output) -> Result<String, String> {
    let t = resources::parse_targets(&[arg.to_string()])?;
    let Some((kind, name)) = t.named.first() else {
        return Err(USAGE.into());
    };
    let key = crate::kubectl::objects::key(*kind, ns, name);
    let Some(obj) = cluster.api.get_object(*kind, &key) else {
        return Err(crate::apiserver::ApiError::not_found(*kind, name).kubectl_line());
    };
    let selector = match &obj {
        Object::Pod(p) => return Ok(p.metadata.name.clone()),
        Object::Deployment(d) => d.spec.selector.clone(),
        Object::ReplicaSet(rs) => rs.spec.selector.clone(),
        other => {
            return Err(format!(
                "error: cannot get the logs from {}",
                other.kind().kubectl_kind()
            ))
        }
    };
    let mut pods: Vec<_> = cluster
        .api
        .pods()
        .in_namespace(ns)
        .filter(|p| selector.matches(&p.metadata.labels))
        .collect();
    crate::sort::stable_by_key(&mut pods, |p| {
        (
            !p.is_ready(),
            p.metadata.creation_timestamp,
            p.metadata.name.clone(),
        )
    });
    let first = pods
        .first()
        .map(|p| p.metadata.name.clone())
        .ok_or_else(|| "error: timed out waiting for the condition".to_string())?;
    if pods.len() > 1 {
        // logs.go: `Found %v pods, using pod/%v`
        out.errln(format!("Found {} pods, using pod/{first}", pods.len()));
    }
    Ok(first)
}

/// `logs -f`: the container instance being followed and how much of its log is printed.
#[derive(Debug)]
struct Follow {
    namespace: String,
    pod: String,
    container: String,
    container_id: String,
    printed: usize,
}

impl Follow {
    /// Follows the running instance of the container; `None` when it is not running
    /// (its log is complete: kubectl prints it and returns).
    fn start(
        cluster: &Cluster,
        ns: &str,
        pod: &str,
        container: Option<&str>,
        printed: usize,
    ) -> Option<Follow> {
        let p = cluster
            .api
            .pods()
            .get(&crate::apiserver::ObjectKey::new(ns, pod))?;
        let name = match container {
            Some(c) => c.to_string(),
            None => {
                let annotated = p
                    .metadata
                    .annotations
                    .get("kubectl.kubernetes.io/default-container");
                annotated
                    .or(p.spec.containers.first().map(|c| &c.name))?
                    .clone()
            }
        };
        let status = p
            .status
            .container_statuses
            .iter()
            .chain(&p.status.init_container_statuses)
            .find(|s| s.name == name)?;
        status.state.running.as_ref()?;
        Some(Follow {
            namespace: ns.to_string(),
            pod: pod.to_string(),
            container: name,
            container_id: status.container_id.clone(),
            printed,
        })
    }

    /// Prints what the instance logged since the last call.
    fn print_new(&mut self, cluster: &Cluster, previous: bool, out: &mut Output) {
        if let Ok(text) = cluster.logs(&self.namespace, &self.pod, Some(&self.container), previous)
        {
            if let Some(new) = text.get(self.printed..) {
                out.out(new);
            }
            self.printed = self.printed.max(text.len());
        }
    }
}

impl Waiter for Follow {
    fn on_events(
        &mut self,
        cluster: &mut Cluster,
        _events: &[WatchEvent],
        out: &mut Output,
    ) -> WaitState {
        let key = crate::apiserver::ObjectKey::new(&self.namespace, &self.pod);
        let Some(pod) = cluster.api.pods().get(&key) else {
            return WaitState::Done;
        };
        let status = pod
            .status
            .container_statuses
            .iter()
            .chain(&pod.status.init_container_statuses)
            .find(|s| s.name == self.container)
            .cloned();
        let Some(status) = status else {
            return WaitState::Done;
        };
        let running_same =
            status.state.running.is_some() && status.container_id == self.container_id;
        let ended_here = status
            .state
            .terminated
            .as_ref()
            .is_some_and(|t| t.container_id == self.container_id);
        if running_same || ended_here {
            self.print_new(cluster, false, out);
            return if running_same {
                WaitState::Waiting
            } else {
                WaitState::Done
            };
        }
        // Restarted since: the followed instance is now the previous one.
        let previous = status
            .last_state
            .terminated
            .as_ref()
            .is_some_and(|t| t.container_id == self.container_id);
        if previous {
            self.print_new(cluster, true, out);
        }
        WaitState::Done
    }
}
