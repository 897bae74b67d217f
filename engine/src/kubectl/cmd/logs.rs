//! `kubectl logs POD|TYPE/NAME [-c CONTAINER] [-p] [--tail=N]` (`pkg/cmd/logs`), through
//! the kubelets' log accessor. `-f` prints what is there now (no streaming).

use super::{flags_or_fail, namespace};
use crate::api::Object;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{resources, Invocation, Outcome, Output};
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
            let text = match p.get("tail").and_then(|t| t.parse::<i64>().ok()) {
                Some(n) if n >= 0 => {
                    let lines: Vec<&str> = text.lines().collect();
                    let skip = lines.len().saturating_sub(n as usize);
                    lines[skip..].iter().map(|l| format!("{l}\n")).collect()
                }
                _ => text,
            };
            out.out(text);
            Outcome::ok()
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
    pods.sort_by_key(|p| {
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
