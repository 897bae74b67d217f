//! `kubectl delete` (`pkg/cmd/delete/delete.go`): by name, `TYPE/NAME`, `-f`, `-l`,
//! `--all`, with `--grace-period`, `--now`, `--force` and `--cascade`. The cluster is
//! v1.33, so the line is `pod "x" deleted` (v1.34 added ` from <ns> namespace`).
//! Like kubectl's default `--wait=true`, the command then waits until the objects are gone
//! (a [`Waiter`] the session feeds while virtual time passes; the next command line
//! stops it, as Ctrl+C would); `--timeout` ends it with kubectl's error.

use super::{flags_or_fail, namespace};
use crate::api::Kind;
use crate::apiserver::{DeleteOptions, Propagation};
use crate::apiserver::{ObjectKey, WatchEvent, WatchEventType};
use crate::kubectl::cmd::get::targets_from_files;
use crate::kubectl::objects;
use crate::kubectl::parse::{flag, flag_opt, FlagSpec, Parsed};
use crate::kubectl::{resources, selector, Invocation, Outcome, Output, WaitState, Waiter};
use crate::time::Time;
use crate::Cluster;

const FLAGS: &[FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("selector", Some('l'), true),
    flag("all", None, false),
    flag("all-namespaces", Some('A'), false),
    flag("grace-period", None, true),
    flag("force", None, false),
    flag("now", None, false),
    flag("wait", None, false),
    flag_opt("cascade", "background"),
    flag("ignore-not-found", None, false),
    flag("output", Some('o'), true),
    flag("timeout", None, true),
    flag("recursive", Some('R'), false),
    flag_opt("dry-run", "unchanged"),
];

const NO_RESOURCES: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// `--cascade`, `--grace-period`, `--now`, `--force` as `DeleteFlags.ToOptions` and
/// `DeleteOptions.Complete` resolve them.
fn delete_options(p: &Parsed) -> Result<(DeleteOptions, bool), String> {
    let propagation = match p.get("cascade").unwrap_or("background") {
        "background" | "true" => Propagation::Background,
        "foreground" => Propagation::Foreground,
        "orphan" | "false" => Propagation::Orphan,
        other => {
            return Err(format!(
                "error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            ))
        }
    };
    let mut grace: i64 = match p.get("grace-period") {
        None => -1,
        Some(v) => v.parse().map_err(|_| {
            format!("Error: invalid argument \"{v}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl delete --help' for usage.")
        })?,
    };
    let force = p.bool("force");
    if p.bool("now") {
        if grace != -1 {
            return Err("error: --now and --grace-period cannot be specified together".into());
        }
        grace = 1;
    }
    if grace == 0 && !force {
        grace = 1;
    }
    if force && grace < 0 {
        grace = 0;
    }
    Ok((
        DeleteOptions {
            grace_period_seconds: (grace >= 0).then_some(grace),
            propagation,
        },
        force && grace == 0,
    ))
}

pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    let p = match flags_or_fail("delete", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let (opts, force) = match delete_options(&p) {
        Ok(x) => x,
        Err(e) => {
            out.errln(e);
            return Outcome::failed();
        }
    };
    let targets = if !p.all("filename").is_empty() {
        targets_from_files(&p, inv)
    } else if p.args.is_empty() {
        Err(NO_RESOURCES.to_string())
    } else {
        resources::parse_targets(&p.args)
    };
    let targets = match targets {
        Ok(t) => t,
        Err(e) => {
            out.errln(e);
            return Outcome::failed();
        }
    };
    let sel = match p.get("selector").map(selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => {
            out.errln(format!("error: {e}"));
            return Outcome::failed();
        }
    };
    if targets.named.is_empty() && sel.is_none() && !p.bool("all") {
        out.errln("error: resource(s) were provided, but no name was specified");
        return Outcome::failed();
    }
    let ns = namespace(&p);
    let all_ns = p.bool("all-namespaces");
    let mut items: Vec<(Kind, ObjectKey)> = Vec::new();
    let mut failed = false;
    if targets.named.is_empty() {
        for &kind in &targets.kinds {
            let scope = (kind.namespaced() && !all_ns).then_some(ns.as_str());
            for o in cluster.api.list_objects(kind, scope) {
                if sel.as_ref().is_none_or(|s| s.matches(&o.meta().labels)) {
                    let m = o.meta();
                    items.push((kind, objects::key(kind, &m.namespace, &m.name)));
                }
            }
        }
    } else {
        for (kind, name) in &targets.named {
            items.push((*kind, objects::key(*kind, &ns, name)));
        }
    }
    if force {
        out.errln("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
    }
    let dry_run = p.has("dry-run") && p.get("dry-run") != Some("none");
    let timeout = match p.get("timeout").map(crate::time::Duration::parse_go) {
        None => None,
        Some(Ok(d)) if d.as_millis() > 0 => Some(d),
        Some(Ok(_)) => None,
        Some(Err(_)) => {
            let v = p.get("timeout").unwrap_or("");
            out.errln(format!("Error: invalid argument \"{v}\" for \"--timeout\" flag: time: invalid duration \"{v}\"\nSee 'kubectl delete --help' for usage."));
            return Outcome::failed();
        }
    };
    let mut found = 0;
    let mut deleted: Vec<(Kind, ObjectKey, String)> = Vec::new();
    for (kind, key) in items {
        let Some(obj) = cluster.api.get_object(kind, &key) else {
            if !p.bool("ignore-not-found") {
                out.errln(crate::apiserver::ApiError::not_found(kind, key.name()).kubectl_line());
                failed = true;
            }
            continue;
        };
        found += 1;
        deleted.push((kind, key.clone(), obj.meta().uid.clone()));
        if !dry_run {
            if let Err(e) = objects::delete(cluster, kind, &key, opts) {
                out.errln(e.kubectl_line());
                failed = true;
                continue;
            }
        }
        let ks = objects::kind_string(kind);
        if p.get("output") == Some("name") {
            out.outln(format!("{ks}/{}", key.name()));
        } else {
            let op = if force { "force deleted" } else { "deleted" };
            let suffix = if dry_run { " (dry run)" } else { "" };
            out.outln(format!("{ks} \"{}\" {op}{suffix}", key.name()));
        }
    }
    if found == 0 && !failed && targets.named.is_empty() {
        out.outln("No resources found");
    }
    let mut outcome = if failed {
        Outcome::failed()
    } else {
        Outcome::ok()
    };
    // delete.go: no wait for a dry run or `--wait=false`; only what is still there.
    let wait = p.get("wait").is_none_or(|w| w == "true");
    if wait && !dry_run {
        deleted.retain(|(kind, key, uid)| still_there(cluster, *kind, key, uid));
        if !deleted.is_empty() {
            outcome.wait = Some(Box::new(DeleteWait {
                pending: deleted,
                deadline: timeout.map(|d| cluster.now() + d),
            }));
        }
    }
    outcome
}

fn still_there(cluster: &Cluster, kind: Kind, key: &ObjectKey, uid: &str) -> bool {
    cluster
        .api
        .get_object(kind, key)
        .is_some_and(|o| o.meta().uid == uid)
}

/// kubectl's wait after a delete (`cmdwait.IsDeleted`): done when every deleted object
/// (same uid) is gone; prints nothing unless it times out.
#[derive(Debug)]
struct DeleteWait {
    pending: Vec<(Kind, ObjectKey, String)>,
    deadline: Option<Time>,
}

impl Waiter for DeleteWait {
    fn on_events(
        &mut self,
        cluster: &mut Cluster,
        events: &[WatchEvent],
        out: &mut Output,
    ) -> WaitState {
        // In time order, so a deletion after the deadline still times out.
        let mut late = false;
        for ev in events {
            if self.deadline.is_some_and(|d| ev.at > d) {
                late = true;
                break;
            }
            if ev.type_ == WatchEventType::Deleted {
                let m = ev.object.meta();
                self.pending.retain(|(kind, key, uid)| {
                    !(ev.object.kind() == *kind && key.name() == m.name && *uid == m.uid)
                });
            }
        }
        if !late {
            self.pending
                .retain(|(kind, key, uid)| still_there(cluster, *kind, key, uid));
        }
        let Some((kind, key, _)) = self.pending.first() else {
            return WaitState::Done;
        };
        if self.deadline.is_some_and(|d| cluster.now() >= d) {
            out.errln(format!(
                "error: timed out waiting for the condition on {}/{}",
                kind.resource(),
                key.name()
            ));
            return WaitState::Failed;
        }
        WaitState::Waiting
    }
}
