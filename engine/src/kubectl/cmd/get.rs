//! `kubectl get` (`pkg/cmd/get/get.go`): lists or fetches objects and prints them as a
//! table (the server's column definitions, kubectl's tab writer), optionally watching.

use super::{flags_or_fail, namespace};
use crate::api::meta::LabelSelector;
use crate::api::{Kind, Object};
use crate::apiserver::errors::ApiError;
use crate::apiserver::ObjectKey;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::resources;
use crate::kubectl::{Outcome, Output, Watch};
use crate::printers::table::{no_resources_found, PrintOptions, Table, TablePrinter};
use crate::time::Time;
use crate::Cluster;

const FLAGS: &[FlagSpec] = &[
    flag("output", Some('o'), true),
    flag("watch", Some('w'), false),
    flag("watch-only", None, false),
    flag("output-watch-events", None, false),
    flag("all-namespaces", Some('A'), false),
    flag("selector", Some('l'), true),
    flag("show-labels", None, false),
    flag("no-headers", None, false),
    flag("label-columns", Some('L'), true),
];

pub fn run(cluster: &mut Cluster, words: &[String], out: &mut Output) -> Outcome {
    let p = match flags_or_fail("get", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some((type_arg, names)) = split_type_and_names(&p.args, out) else {
        return Outcome::failed();
    };
    let Some(kind) = resources::resolve(&type_arg) else {
        out.errln(resources::unknown_type_error(&type_arg));
        return Outcome::failed();
    };
    let all_ns = p.bool("all-namespaces") && names.is_empty();
    let ns = namespace(&p);
    let selector = match p.get("selector").map(parse_selector).transpose() {
        Ok(s) => s,
        Err(e) => {
            out.errln(format!("error: {e}"));
            return Outcome::failed();
        }
    };
    let output = p.get("output").unwrap_or("");
    if !matches!(output, "" | "wide") {
        out.errln(format!(
            "error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
        ));
        return Outcome::failed();
    }
    let opts = PrintOptions {
        wide: output == "wide",
        no_headers: p.bool("no-headers"),
        show_labels: p.bool("show-labels"),
        with_namespace: all_ns && kind.namespaced(),
        label_columns: p
            .all("label-columns")
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::to_string)
            .collect(),
        with_kind: None,
    };
    let now = cluster.now();
    let scope = if kind.namespaced() && !all_ns {
        Some(ns.as_str())
    } else {
        None
    };
    let mut objects = Vec::new();
    let mut failed = false;
    if names.is_empty() {
        objects = cluster.api.list_objects(kind, scope);
        if let Some(sel) = &selector {
            objects.retain(|o| sel.matches(&o.meta().labels));
        }
    } else {
        for name in &names {
            let key = ObjectKey::new(
                if kind.namespaced() { ns.as_str() } else { "" },
                name.as_str(),
            );
            match cluster.api.get_object(kind, &key) {
                Some(o) => objects.push(o),
                None => {
                    out.errln(ApiError::not_found(kind, name).kubectl_line());
                    failed = true;
                }
            }
        }
    }
    let watching = p.bool("watch") || p.bool("watch-only");
    let mut printer = TablePrinter::new();
    if !p.bool("watch-only") {
        let table = table_for(kind, &objects, now);
        out.out(printer.print(&table, &opts, None));
    }
    if objects.is_empty() && names.is_empty() && !watching {
        out.errln(no_resources_found(if all_ns || !kind.namespaced() {
            None
        } else {
            Some(&ns)
        }));
    }
    let watch = watching.then(|| {
        Box::new(Watch {
            kind,
            namespace: scope.map(str::to_string),
            name: (names.len() == 1).then(|| names[0].clone()),
            selector,
            options: opts,
            printer,
            output_events: p.bool("output-watch-events"),
        })
    });
    Outcome {
        exit_code: i32::from(failed),
        watch,
    }
}

/// `TYPE NAME…`, `TYPE/NAME…`; prints kubectl's error when no type is given.
fn split_type_and_names(args: &[String], out: &mut Output) -> Option<(String, Vec<String>)> {
    let Some(first) = args.first() else {
        out.errln("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.");
        out.errln("");
        out.errln("error: Required resource not specified.");
        out.errln("Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).");
        out.errln("See 'kubectl get -h' for help and examples");
        return None;
    };
    if let Some((t, n)) = first.split_once('/') {
        let mut names = vec![n.to_string()];
        for a in &args[1..] {
            names.push(a.split_once('/').map_or(a.as_str(), |x| x.1).to_string());
        }
        return Some((t.to_string(), names));
    }
    Some((first.clone(), args[1..].to_vec()))
}

/// A minimal `-l` parser: `k=v`, `k==v`, `k!=v`, `k`, `!k`, comma-separated.
pub fn parse_selector(s: &str) -> Result<LabelSelector, String> {
    use crate::api::meta::LabelSelectorRequirement as Req;
    let mut sel = LabelSelector::default();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let req = |key: &str, op: &str, values: Vec<String>| Req {
            key: key.to_string(),
            operator: op.to_string(),
            values,
        };
        if let Some((k, v)) = part.split_once("!=") {
            sel.match_expressions
                .push(req(k.trim(), "NotIn", vec![v.trim().to_string()]));
        } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
            sel.match_labels
                .insert(k.trim().to_string(), v.trim().to_string());
        } else if let Some(k) = part.strip_prefix('!') {
            sel.match_expressions
                .push(req(k.trim(), "DoesNotExist", vec![]));
        } else if part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        {
            sel.match_expressions.push(req(part, "Exists", vec![]));
        } else {
            return Err(format!(
                "unable to parse requirement: found '{part}', expected: identifier"
            ));
        }
    }
    Ok(sel)
}

/// The server-side table for objects of one kind.
pub fn table_for(kind: Kind, objects: &[Object], now: Time) -> Table {
    use crate::printers::{deployment, event, namespace, node, pod, replicaset};
    macro_rules! of {
        ($variant:ident) => {
            objects.iter().filter_map(|o| match o {
                Object::$variant(x) => Some(x),
                _ => None,
            })
        };
    }
    match kind {
        Kind::Pod => pod::pod_table(of!(Pod), now),
        Kind::ReplicaSet => replicaset::replicaset_table(of!(ReplicaSet), now),
        Kind::Deployment => deployment::deployment_table(of!(Deployment), now),
        Kind::Node => node::node_table(of!(Node), now),
        Kind::Namespace => namespace::namespace_table(of!(Namespace), now),
        Kind::Event => event::event_table(of!(Event), now),
    }
}

/// The rows a watch prints for the changes since the last call.
pub fn watch_rows(watch: &mut Watch, events: &[crate::apiserver::WatchEvent]) -> String {
    let mut text = String::new();
    for ev in events {
        let obj = &ev.object;
        if obj.kind() != watch.kind {
            continue;
        }
        let m = obj.meta();
        if watch
            .namespace
            .as_deref()
            .is_some_and(|ns| ns != m.namespace)
        {
            continue;
        }
        if watch.name.as_deref().is_some_and(|n| n != m.name) {
            continue;
        }
        if watch
            .selector
            .as_ref()
            .is_some_and(|s| !s.matches(&m.labels))
        {
            continue;
        }
        let table = table_for(watch.kind, std::slice::from_ref(obj), ev.at);
        let event = watch.output_events.then(|| ev.type_.as_str());
        text.push_str(&watch.printer.print(&table, &watch.options, event));
    }
    text
}
