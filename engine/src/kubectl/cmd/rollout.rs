//! `kubectl rollout status|history|undo|pause|resume|restart` (`pkg/cmd/rollout`) for
//! Deployments. Texts: controllers.md §4.2–4.5.
//!
//! `rollout status` waits in virtual time: it returns a [`RolloutWait`] that the session
//! re-evaluates on every change to the Deployment while time advances, printing a line per
//! ADDED/MODIFIED event as kubectl does, until the rollout is done, fails, or `--timeout`
//! passes. `--watch=false` prints once.

use super::flags_or_fail;
use crate::api::{Deployment, Kind, Object, ReplicaSet, SharedObject};
use crate::apiserver::{ApiError, ObjectKey, WatchEvent, WatchEventType};
use crate::controller::deployment::{rollback, status_viewer, util};
use crate::kubectl::objects;
use crate::kubectl::parse::{flag, FlagSpec, Parsed};
use crate::kubectl::{Invocation, Outcome, Output, WaitState, Waiter};
use crate::printers::describe::{describe_pod_template, DescribeWriter};
use crate::time::{Duration, Time};
use crate::Cluster;

/// `polymorphichelpers.ChangeCauseAnnotation`.
const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

const SUBCOMMANDS: &[&str] = &["history", "pause", "restart", "resume", "status", "undo"];

const FLAGS: &[FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("selector", Some('l'), true),
    flag("revision", None, true),
    flag("to-revision", None, true),
    flag("watch", Some('w'), false),
    flag("timeout", None, true),
    flag("output", Some('o'), true),
    flag("dry-run", None, true),
    flag("recursive", Some('R'), false),
];

/// A `rollout status` still waiting.
#[derive(Clone, Debug)]
pub struct RolloutWait {
    pub key: ObjectKey,
    pub revision: i64,
    /// `--timeout`: give up at this instant.
    pub deadline: Option<Time>,
}

impl Waiter for RolloutWait {
    /// Prints a line for each ADDED/MODIFIED event of the Deployment (in time order);
    /// stops at success, an error, its deletion, or the deadline.
    fn on_events(
        &mut self,
        cluster: &mut Cluster,
        events: &[WatchEvent],
        out: &mut Output,
    ) -> WaitState {
        let now = cluster.now();
        for ev in events {
            if self.deadline.is_some_and(|d| ev.at > d) {
                return self.time_out(out);
            }
            let SharedObject::Deployment(d) = &ev.object else {
                continue;
            };
            if d.metadata.namespace != self.key.namespace() || d.metadata.name != self.key.name() {
                continue;
            }
            if ev.type_ == WatchEventType::Deleted {
                out.errln("error: object has been deleted");
                return WaitState::Failed;
            }
            match print_status(d, self.revision, out) {
                WaitState::Waiting => {}
                other => return other,
            }
        }
        if self.deadline.is_some_and(|d| now >= d) {
            return self.time_out(out);
        }
        WaitState::Waiting
    }
}

impl RolloutWait {
    fn time_out(&self, out: &mut Output) -> WaitState {
        out.errln("error: timed out waiting for the condition");
        WaitState::Failed
    }
}

fn print_status(d: &Deployment, revision: i64, out: &mut Output) -> WaitState {
    match status_viewer::deployment_status(d, revision) {
        Ok(s) => {
            out.out(s.message);
            if s.done {
                WaitState::Done
            } else {
                WaitState::Waiting
            }
        }
        Err(e) => {
            out.errln(format!("error: {e}"));
            WaitState::Failed
        }
    }
}

pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    let Some((sub, rest)) = words.split_first() else {
        out.out(super::help::rollout());
        return Outcome::failed();
    };
    if !SUBCOMMANDS.contains(&sub.as_str()) {
        out.errln(format!(
            "error: unknown command \"{sub}\"\nSee 'kubectl rollout -h' for help and examples"
        ));
        return Outcome::failed();
    }
    let p = match flags_or_fail(&format!("rollout {sub}"), rest, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.args.is_empty() && p.all("filename").is_empty() {
        out.errln("error: required resource not specified");
        return Outcome::failed();
    }
    let Some((found, mut failed)) = super::select_objects(cluster, &p, &p.args, inv, out) else {
        return Outcome::failed();
    };
    let mut outcome = Outcome::ok();
    for obj in found {
        let Object::Deployment(d) = obj else {
            out.errln(format!(
                "error: no {} has been implemented for {{\"{}\" \"{}\"}}",
                viewer_word(sub),
                obj.kind().group(),
                obj.kind().name()
            ));
            failed = true;
            continue;
        };
        let o = match sub.as_str() {
            "status" => status(cluster, &d, &p, out),
            "history" => history(cluster, &d, &p, out),
            "undo" => undo(cluster, &d, &p, out),
            "pause" => pause_resume(cluster, &d, true, out),
            "resume" => pause_resume(cluster, &d, false, out),
            _ => restart(cluster, &d, out),
        };
        failed |= o.exit_code != 0;
        if o.wait.is_some() {
            outcome.wait = o.wait;
        }
    }
    if failed {
        outcome.exit_code = 1;
    }
    outcome
}

fn viewer_word(sub: &str) -> &'static str {
    match sub {
        "status" => "status viewer",
        "history" => "history viewer",
        "undo" => "rollbacker",
        _ => "updater",
    }
}

fn status(cluster: &Cluster, d: &Deployment, p: &Parsed, out: &mut Output) -> Outcome {
    let revision = match p.get("revision").map(str::parse::<i64>).transpose() {
        Ok(r) => r.unwrap_or(0),
        Err(_) => {
            out.errln(format!(
                "Error: invalid argument \"{}\" for \"--revision\" flag: strconv.ParseInt: parsing \"{}\": invalid syntax",
                p.get("revision").unwrap_or(""),
                p.get("revision").unwrap_or("")
            ));
            return Outcome::failed();
        }
    };
    let timeout = match p.get("timeout").map(Duration::parse_go).transpose() {
        Ok(t) => t.filter(|t| t.as_millis() > 0),
        Err(e) => {
            out.errln(format!(
                "Error: invalid argument \"{}\" for \"--timeout\" flag: {e}",
                p.get("timeout").unwrap_or("")
            ));
            return Outcome::failed();
        }
    };
    let watch = !p.has("watch") || p.bool("watch");
    match print_status(d, revision, out) {
        WaitState::Failed => Outcome::failed(),
        WaitState::Done => Outcome::ok(),
        WaitState::Waiting if !watch => Outcome::ok(),
        WaitState::Waiting => Outcome {
            wait: Some(Box::new(RolloutWait {
                key: ObjectKey::of(d),
                revision,
                deadline: timeout.map(|t| cluster.now() + t),
            })),
            ..Outcome::ok()
        },
    }
}

/// The Deployment's ReplicaSets (controller reference to it).
fn owned(cluster: &Cluster, d: &Deployment) -> Vec<ReplicaSet> {
    cluster
        .api
        .replicasets()
        .in_namespace(&d.metadata.namespace)
        .filter(|rs| {
            rs.metadata
                .controller_ref()
                .is_some_and(|r| r.uid == d.metadata.uid)
        })
        .cloned()
        .collect()
}

fn history(cluster: &Cluster, d: &Deployment, p: &Parsed, out: &mut Output) -> Outcome {
    let name = format!("deployment.apps/{}", d.metadata.name);
    let mut revs: Vec<(i64, ReplicaSet)> = owned(cluster, d)
        .into_iter()
        .filter_map(|rs| util::revision(&rs).ok().map(|r| (r, rs)))
        .collect();
    crate::sort::stable_by_key(&mut revs, |(r, _)| *r);
    if let Some(v) = p.get("revision") {
        let n: i64 = match v.parse() {
            Ok(n) if n >= 0 => n,
            Ok(n) => {
                out.errln(format!("error: revision must be a positive integer: {n}"));
                return Outcome::failed();
            }
            Err(_) => {
                out.errln(format!("Error: invalid argument \"{v}\" for \"--revision\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"));
                return Outcome::failed();
            }
        };
        if n > 0 {
            let Some((_, rs)) = revs.iter().find(|(r, _)| *r == n) else {
                out.errln("error: unable to find the specified revision");
                return Outcome::failed();
            };
            // `ViewHistory` copies the ReplicaSet's change-cause into the template it prints.
            let mut template = rs.spec.template.clone();
            if let Some(cause) = rs.metadata.annotations.get(CHANGE_CAUSE) {
                if !cause.is_empty() {
                    template
                        .metadata
                        .annotations
                        .insert(CHANGE_CAUSE.into(), cause.clone());
                }
            }
            let mut w = DescribeWriter::new();
            describe_pod_template(&mut w, &template);
            out.outln(format!("{name} with revision #{n}\n{}", w.raw()));
            return Outcome::ok();
        }
    }
    if revs.is_empty() {
        out.outln(format!("{name} \nNo rollout history found."));
        return Outcome::ok();
    }
    let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
    for (r, rs) in &revs {
        let cause = rs
            .metadata
            .annotations
            .get(CHANGE_CAUSE)
            .filter(|c| !c.is_empty())
            .cloned()
            .unwrap_or_else(|| "<none>".into());
        rows.push(vec![r.to_string(), cause]);
    }
    let text: String = rows.iter().map(|r| format!("{}\n", r.join("\t"))).collect();
    let table = crate::printers::describe_tabwrite(&text);
    out.outln(format!("{name} \n{table}"));
    Outcome::ok()
}

fn undo(cluster: &mut Cluster, d: &Deployment, p: &Parsed, out: &mut Output) -> Outcome {
    let to: i64 = match p.get("to-revision").map(str::parse).transpose() {
        Ok(v) => v.unwrap_or(0),
        Err(_) => {
            let v = p.get("to-revision").unwrap_or("");
            out.errln(format!("Error: invalid argument \"{v}\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"));
            return Outcome::failed();
        }
    };
    let name = format!("deployment.apps/{}", d.metadata.name);
    match rollback::undo(d, &owned(cluster, d), to) {
        Err(e) => {
            out.errln(format!("error: {e}"));
            Outcome::failed()
        }
        Ok(rollback::Undo::Skipped { to_revision }) => {
            out.outln(format!(
                "{name} skipped rollback (current template already matches revision {to_revision})"
            ));
            Outcome::ok()
        }
        Ok(rollback::Undo::Patch {
            template,
            annotations,
            ..
        }) => write(cluster, d, out, &format!("{name} rolled back"), move |n| {
            n.spec.template = *template;
            n.metadata.annotations = annotations;
        }),
    }
}

fn pause_resume(cluster: &mut Cluster, d: &Deployment, pause: bool, out: &mut Output) -> Outcome {
    let n = &d.metadata.name;
    if d.spec.paused == pause {
        let what = if pause {
            "is already paused"
        } else {
            "is not paused"
        };
        out.errln(format!("error: deployments.apps \"{n}\" {what}"));
        return Outcome::failed();
    }
    let word = if pause { "paused" } else { "resumed" };
    write(
        cluster,
        d,
        out,
        &format!("deployment.apps/{n} {word}"),
        |x| x.spec.paused = pause,
    )
}

fn restart(cluster: &mut Cluster, d: &Deployment, out: &mut Output) -> Outcome {
    let n = &d.metadata.name;
    if d.spec.paused {
        out.errln(format!("error: deployments.apps \"{n}\" can't restart paused deployment (run rollout resume first)"));
        return Outcome::failed();
    }
    const KEY: &str = "kubectl.kubernetes.io/restartedAt";
    let now = cluster.now().truncate_to_seconds().rfc3339();
    if d.spec.template.metadata.annotations.get(KEY) == Some(&now) {
        out.errln(format!("error: failed to create patch for {n}: if restart has already been triggered within the past second, please wait before attempting to trigger another"));
        return Outcome::failed();
    }
    write(
        cluster,
        d,
        out,
        &format!("deployment.apps/{n} restarted"),
        move |x| {
            x.spec.template.metadata.annotations.insert(KEY.into(), now);
        },
    )
}

fn write(
    cluster: &mut Cluster,
    d: &Deployment,
    out: &mut Output,
    done: &str,
    f: impl FnOnce(&mut Deployment),
) -> Outcome {
    let key = ObjectKey::of(d);
    let res = objects::modify(cluster, Kind::Deployment, &key, |o| {
        if let Object::Deployment(x) = o {
            f(x);
        }
        Ok(())
    });
    match res {
        Ok(Ok(_)) => {
            out.outln(done);
            Outcome::ok()
        }
        Ok(Err(e)) => {
            e.print(None, out);
            Outcome::failed()
        }
        Err(e) => {
            out.errln(ApiError::bad_request(e).kubectl_line());
            Outcome::failed()
        }
    }
}
