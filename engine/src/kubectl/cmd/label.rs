//! `kubectl label` and `kubectl annotate` (`pkg/cmd/label`, `pkg/cmd/annotate`):
//! `key=value` sets, `key-` removes, `--overwrite` replaces, `--list` shows.

use super::{flags_or_fail, select_objects};
use crate::api::Object;
use crate::kubectl::objects;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{Invocation, Outcome, Output};
use crate::Cluster;
use std::collections::BTreeMap;

const FLAGS: &[FlagSpec] = &[
    flag("overwrite", None, false),
    flag("all", None, false),
    flag("all-namespaces", Some('A'), false),
    flag("selector", Some('l'), true),
    flag("filename", Some('f'), true),
    flag("list", None, false),
    flag("local", None, false),
    flag("output", Some('o'), true),
    flag("resource-version", None, true),
    flag("dry-run", None, true),
    flag("recursive", Some('R'), false),
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Labels,
    Annotations,
}

pub fn run(
    cluster: &mut Cluster,
    words: &[String],
    inv: &Invocation,
    out: &mut Output,
    which: Which,
) -> Outcome {
    let verb = if which == Which::Labels {
        "label"
    } else {
        "annotate"
    };
    let p = match flags_or_fail(verb, words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    // Changes are `k=v` or `k-`; the rest name the objects.
    let is_change = |a: &String| a.contains('=') || (a.ends_with('-') && !a.contains('/'));
    let (changes, resources): (Vec<String>, Vec<String>) =
        p.args.iter().cloned().partition(|a| is_change(a));
    if resources.is_empty() && p.all("filename").is_empty() {
        out.errln("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
        return Outcome::failed();
    }
    if changes.is_empty() && !p.bool("list") {
        let what = if which == Which::Labels {
            "label"
        } else {
            "annotation"
        };
        out.errln(format!("error: at least one {what} update is required"));
        return Outcome::failed();
    }
    let mut set = BTreeMap::new();
    let mut remove = Vec::new();
    for c in &changes {
        // label.go `parseLabels`: values are checked before anything is sent.
        if let Some((_, v)) = c.split_once('=').filter(|_| which == Which::Labels) {
            let mut errs = Vec::new();
            let mut probe = crate::api::meta::Labels::new(); // insert: see create's labels
            probe.insert("k".to_string(), v.to_string());
            crate::apiserver::validation::labels(&probe, "", &mut errs);
            if let Some(e) = errs.first() {
                let msg = e
                    .split_once(&format!("\"{v}\": "))
                    .map_or(e.as_str(), |x| x.1);
                out.errln(format!("error: invalid label value: \"{c}\": {msg}"));
                return Outcome::failed();
            }
        }
        if let Some((k, v)) = c.split_once('=') {
            set.insert(k.to_string(), v.to_string());
        } else {
            remove.push(c.trim_end_matches('-').to_string());
        }
    }
    let Some((found, mut failed)) = select_objects(cluster, &p, &resources, inv, out) else {
        return Outcome::failed();
    };
    for obj in found {
        let map = |o: &Object| match which {
            Which::Labels => BTreeMap::clone(&o.meta().labels),
            Which::Annotations => o.meta().annotations.clone(),
        };
        if p.bool("list") {
            for (k, v) in map(&obj) {
                out.outln(format!("{k}={v}"));
            }
            continue;
        }
        let current = map(&obj);
        if !p.bool("overwrite") {
            if let Some((k, v)) = set.iter().find_map(|(k, _)| current.get(k).map(|v| (k, v))) {
                if set.get(k) != Some(v) {
                    out.errln(format!(
                        "error: '{k}' already has a value ({v}), and --overwrite is false"
                    ));
                    failed = true;
                    continue;
                }
            }
        }
        let mut next = current.clone();
        next.extend(set.clone());
        for k in &remove {
            next.remove(k);
        }
        let done = if which == Which::Labels {
            "labeled"
        } else {
            "annotated"
        };
        if next == current {
            out.outln(format!("{} not {done}", objects::name_of(&obj)));
            continue;
        }
        let m = obj.meta();
        let key = objects::key(obj.kind(), &m.namespace, &m.name);
        let res = objects::modify(cluster, obj.kind(), &key, |o| {
            let meta = objects::meta_mut(o);
            match which {
                Which::Labels => meta.labels = next.into(),
                Which::Annotations => meta.annotations = next,
            }
            Ok(())
        });
        match res {
            Ok(Ok(o)) => out.outln(format!("{} {done}", objects::name_of(&o))),
            Ok(Err(e)) => {
                e.print(None, out);
                failed = true;
            }
            Err(e) => {
                out.errln(format!("error: {e}"));
                failed = true;
            }
        }
    }
    if failed {
        Outcome::failed()
    } else {
        Outcome::ok()
    }
}
