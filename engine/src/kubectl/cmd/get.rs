//! `kubectl get` (`pkg/cmd/get/get.go`): lists or fetches objects and prints them as a
//! table (the server's column definitions, kubectl's tab writer), optionally watching.

use super::{flags_or_fail, namespace};
use crate::api::meta::LabelSelector;
use crate::api::{Kind, Object};
use crate::apiserver::errors::ApiError;
use crate::apiserver::ObjectKey;
use crate::kubectl::fieldselector::FieldSelector;
use crate::kubectl::parse::Parsed;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::resources;
use crate::kubectl::{decode, output, selector, Invocation};
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
    flag("field-selector", None, true),
    flag("show-labels", None, false),
    flag("no-headers", None, false),
    flag("label-columns", Some('L'), true),
    flag("filename", Some('f'), true),
    flag("recursive", Some('R'), false),
    flag("ignore-not-found", None, false),
    flag("chunk-size", None, true),
    flag("sort-by", None, true),
    flag("allow-missing-template-keys", None, false),
    flag("show-kind", None, false),
];

pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    let p = match flags_or_fail("get", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let targets = if p.all("filename").is_empty() {
        if p.args.is_empty() {
            print_required_resource(out);
            return Outcome::failed();
        }
        match resources::parse_targets(&p.args) {
            Ok(t) => t,
            Err(e) => {
                out.errln(e);
                return Outcome::failed();
            }
        }
    } else {
        match targets_from_files(&p, inv) {
            Ok(t) => t,
            Err(e) => {
                out.errln(e);
                return Outcome::failed();
            }
        }
    };
    let format = match output::parse(p.get("output").unwrap_or("")) {
        Ok(f) => f,
        Err(e) => {
            out.errln(e);
            return Outcome::failed();
        }
    };
    let all_ns = p.bool("all-namespaces") && targets.named.is_empty();
    let ns = namespace(&p);
    let selector = match p.get("selector").map(selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => {
            out.errln(format!("error: {e}"));
            return Outcome::failed();
        }
    };
    let labels = p.get("selector").unwrap_or("");
    let fields = match p
        .get("field-selector")
        .map(|f| FieldSelector::for_kinds(f, &targets.kinds, labels))
        .transpose()
    {
        Ok(f) => f,
        Err(e) => {
            out.errln(e);
            return Outcome::failed();
        }
    };
    let watching = p.bool("watch") || p.bool("watch-only");
    if watching && targets.kinds.len() > 1 {
        out.errln("error: you may only specify a single resource type");
        return Outcome::failed();
    }
    let mut missing = Output::default();
    let (mut objects, mut failed) = fetch(
        cluster,
        &targets,
        &ns,
        all_ns,
        selector.as_ref(),
        &mut missing,
    );
    if let Some(f) = &fields {
        objects.retain(|o| f.matches(o));
    }
    if p.bool("ignore-not-found") {
        failed = false;
    } else {
        out.append(missing);
    }
    if let Some(key) = p.get("sort-by") {
        if let Err(e) = sort_by(&mut objects, key) {
            out.errln(e);
            return Outcome::failed();
        }
    }
    let now = cluster.now();
    let wide = matches!(format, output::Format::Table { wide: true });
    let opts = PrintOptions {
        wide,
        no_headers: p.bool("no-headers"),
        show_labels: p.bool("show-labels"),
        with_namespace: all_ns,
        label_columns: p
            .all("label-columns")
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::to_string)
            .collect(),
        with_kind: None,
    };
    let mut printer = TablePrinter::new();
    let table = matches!(format, output::Format::Table { .. });
    let output_events = p.bool("output-watch-events");
    let mut printed = 0;
    let single_kind = targets.kinds.first().filter(|_| targets.kinds.len() == 1);
    if let (true, false, Some(&kind)) = (watching, p.bool("watch-only"), single_kind) {
        // kubectl's watch prints the list's items one by one (each an ADDED event with
        // --output-watch-events), through the printer the watch keeps using.
        let added = output_events.then_some("ADDED");
        if table {
            let t = table_for(kind, &objects, now);
            let mut o = opts.clone();
            o.with_namespace = all_ns && kind.namespaced();
            out.out(printer.print(&t, &o, added));
        } else {
            for obj in &objects {
                out.out(output::print_watched(&format, obj, added, printed));
                printed += 1;
            }
        }
    } else if !p.bool("watch-only") {
        if table {
            if targets.kinds.len() == 1 {
                let t = table_for(targets.kinds[0], &objects, now);
                let mut o = opts.clone();
                o.with_namespace = all_ns && targets.kinds[0].namespaced();
                out.out(printer.print(&t, &o, None));
            } else {
                out.out(crate::printers::render_get(&objects, now, &opts));
            }
        } else if !objects.is_empty() || targets.named.is_empty() {
            out.out(output::print(&format, &objects, targets.single_item));
        }
    }
    let nothing = objects.is_empty() && targets.named.is_empty() && !watching;
    if nothing && (table || matches!(format, output::Format::Name)) {
        let scoped = targets.kinds.iter().any(|k| k.namespaced()) && !all_ns;
        out.errln(no_resources_found(scoped.then_some(ns.as_str())));
    }
    let watch = (watching && targets.kinds.len() == 1).then(|| {
        let kind = targets.kinds[0];
        let mut o = opts.clone();
        o.with_namespace = all_ns && kind.namespaced();
        Box::new(Watch {
            kind,
            namespace: (kind.namespaced() && !all_ns).then(|| ns.clone()),
            name: (targets.named.len() == 1).then(|| targets.named[0].1.clone()),
            selector,
            fields,
            options: o,
            printer,
            output_events,
            format,
            printed,
        })
    });
    Outcome {
        exit_code: i32::from(failed),
        watch,
        ..Outcome::default()
    }
}

fn print_required_resource(out: &mut Output) {
    out.errln("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.");
    out.errln("");
    out.errln("error: Required resource not specified.");
    out.errln("Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).");
    out.errln("See 'kubectl get -h' for help and examples");
}

/// `kubectl get -f FILE`: the objects the manifests name.
pub fn targets_from_files(p: &Parsed, inv: &Invocation) -> Result<resources::Targets, String> {
    let docs = super::read_manifests(p, inv)?;
    let mut t = resources::Targets::default();
    for (source, v) in &docs {
        let kind =
            decode::manifest_kind(v, source, super::manifest_name(v)).map_err(|e| match e {
                decode::DecodeError::Client(m) | decode::DecodeError::Server(m) => m,
            })?;
        if !t.kinds.contains(&kind) {
            t.kinds.push(kind);
        }
        t.named.push((kind, super::manifest_name(v).to_string()));
    }
    t.single_item = t.named.len() == 1;
    Ok(t)
}

/// Lists or fetches; prints NotFound lines for missing names.
pub fn fetch(
    cluster: &Cluster,
    targets: &resources::Targets,
    ns: &str,
    all_ns: bool,
    selector: Option<&LabelSelector>,
    out: &mut Output,
) -> (Vec<Object>, bool) {
    let mut objects = Vec::new();
    let mut failed = false;
    if targets.named.is_empty() {
        for &kind in &targets.kinds {
            let scope = (kind.namespaced() && !all_ns).then_some(ns);
            let mut list = cluster.api.list_objects(kind, scope);
            if let Some(sel) = selector {
                list.retain(|o| sel.matches(&o.meta().labels));
            }
            objects.extend(list);
        }
    } else {
        for (kind, name) in &targets.named {
            let key = ObjectKey::new(if kind.namespaced() { ns } else { "" }, name.as_str());
            match cluster.api.get_object(*kind, &key) {
                Some(o) => objects.push(o),
                None => {
                    out.errln(ApiError::not_found(*kind, name).kubectl_line());
                    failed = true;
                }
            }
        }
    }
    (objects, failed)
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
        // Printers take an owned object: copied only for the rows shown.
        let obj = &obj.to_object();
        if watch.fields.as_ref().is_some_and(|f| !f.matches(obj)) {
            continue;
        }
        let event = watch.output_events.then(|| ev.type_.as_str());
        if matches!(watch.format, output::Format::Table { .. }) {
            let table = table_for(watch.kind, std::slice::from_ref(obj), ev.at);
            text.push_str(&watch.printer.print(&table, &watch.options, event));
        } else {
            text.push_str(&output::print_watched(
                &watch.format,
                obj,
                event,
                watch.printed,
            ));
            watch.printed += 1;
        }
    }
    text
}

/// `--sort-by=<jsonpath>` (`get/sorter.go`): numbers numerically, the rest as strings;
/// objects without the field first, order otherwise kept.
fn sort_by(objects: &mut [Object], expr: &str) -> Result<(), String> {
    let e = expr.trim();
    let braced = if e.starts_with('{') {
        e.to_string()
    } else if e.starts_with('.') {
        format!("{{{e}}}")
    } else {
        format!("{{.{e}}}")
    };
    let t = crate::kubectl::jsonpath::parse(&braced)
        .map_err(|err| format!("error: error parsing jsonpath {braced}, {err}"))?;
    let key = |o: &Object| {
        let v = crate::kubectl::objects::shown_json(o);
        let vals = t.execute_values(&v);
        let first = vals.into_iter().next();
        let num = first.as_deref().and_then(|s| s.parse::<f64>().ok());
        (first.is_some(), num, first)
    };
    let mut keyed: Vec<_> = objects.iter().cloned().map(|o| (key(&o), o)).collect();
    crate::sort::stable_by(&mut keyed, |(a, _), (b, _)| {
        a.0.cmp(&b.0).then_with(|| match (a.1, b.1) {
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
            _ => a.2.cmp(&b.2),
        })
    });
    for (slot, (_, o)) in objects.iter_mut().zip(keyed) {
        *slot = o;
    }
    Ok(())
}
