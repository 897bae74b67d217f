//! `kubectl describe` (`pkg/cmd/describe/describe.go`): the printers' describers; a name
//! that matches nothing exactly describes every object whose name starts with it.

use super::{flags_or_fail, namespace};
use crate::api::{Kind, Object};
use crate::apiserver::ApiError;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{resources, selector, Invocation, Outcome, Output};
use crate::printers::describe::describe_object;
use crate::printers::no_resources_found;
use crate::Cluster;

const FLAGS: &[FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("selector", Some('l'), true),
    flag("all-namespaces", Some('A'), false),
    flag("show-events", None, false),
    flag("chunk-size", None, true),
    flag("recursive", Some('R'), false),
];

pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    let p = match flags_or_fail("describe", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let targets = if !p.all("filename").is_empty() {
        super::get::targets_from_files(&p, inv)
    } else if p.args.is_empty() {
        Err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.".into())
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
    let ns = namespace(&p);
    let all_ns = p.bool("all-namespaces");
    let show_events = !p.has("show-events") || p.bool("show-events");
    let mut chosen: Vec<Object> = Vec::new();
    let mut failed = false;
    if targets.named.is_empty() {
        for &kind in &targets.kinds {
            let scope = (kind.namespaced() && !all_ns).then_some(ns.as_str());
            chosen.extend(
                cluster
                    .api
                    .list_objects(kind, scope)
                    .into_iter()
                    .filter(|o| sel.as_ref().is_none_or(|s| s.matches(&o.meta().labels))),
            );
        }
    } else {
        for (kind, name) in &targets.named {
            let found = by_name_or_prefix(cluster, *kind, &ns, name);
            if found.is_empty() {
                out.errln(ApiError::not_found(*kind, name).kubectl_line());
                failed = true;
            }
            chosen.extend(found);
        }
    }
    if chosen.is_empty() && targets.named.is_empty() {
        let scoped = targets.kinds.iter().any(|k| k.namespaced()) && !all_ns;
        out.errln(no_resources_found(scoped.then_some(ns.as_str())));
        return Outcome::ok();
    }
    let related = everything(cluster);
    let now = cluster.now();
    let mut first = true;
    for o in &chosen {
        let Some(text) = describe_object(o, &related, now, show_events) else {
            out.errln(format!(
                "error: describing {} is not modelled by this simulator",
                o.kind().resource()
            ));
            failed = true;
            continue;
        };
        if !first {
            out.out("\n\n");
        }
        first = false;
        out.out(text);
    }
    if failed {
        Outcome::failed()
    } else {
        Outcome::ok()
    }
}

/// The exact name, else every object whose name starts with it (describe.go's fallback).
fn by_name_or_prefix(cluster: &Cluster, kind: Kind, ns: &str, name: &str) -> Vec<Object> {
    let key = crate::kubectl::objects::key(kind, ns, name);
    if let Some(o) = cluster.api.get_object(kind, &key) {
        return vec![o];
    }
    let scope = kind.namespaced().then_some(ns);
    cluster
        .api
        .list_objects(kind, scope)
        .into_iter()
        .filter(|o| o.meta().name.starts_with(name))
        .collect()
}

/// Every stored object (the describers pick events, ReplicaSets and pods from it).
pub fn everything(cluster: &Cluster) -> Vec<Object> {
    Kind::ALL
        .iter()
        .flat_map(|k| cluster.api.list_objects(*k, None))
        .collect()
}
