//! `kubectl apply -f` (`pkg/cmd/apply/apply.go`): creates what is missing (`created`),
//! updates what differs (`configured`), leaves the rest (`unchanged`), and records the
//! manifest in `kubectl.kubernetes.io/last-applied-configuration`.
//!
//! Not a three-way strategic merge: the manifest's spec replaces the live spec (status is
//! kept), labels and annotations are merged (keys dropped from the manifest since the
//! last apply are removed), and `spec.replicas` absent from both the manifest and the
//! last applied one keeps the live count (as after `kubectl scale`).

use super::{flags_or_fail, manifest_name, manifest_namespace, read_manifests};
use crate::api::Object;
use crate::kubectl::decode::{self, DecodeError, Validate};
use crate::kubectl::format::to_json_compact;
use crate::kubectl::objects::{self, WriteError};
use crate::kubectl::parse::{flag, flag_opt, FlagSpec, Parsed};
use crate::kubectl::{Invocation, Outcome, Output};
use crate::Cluster;
use serde_json::Value;

pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

const FLAGS: &[FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("recursive", Some('R'), false),
    flag_opt("validate", "strict"),
    flag_opt("dry-run", "unchanged"),
    flag("output", Some('o'), true),
    flag("force", None, false),
    flag("server-side", None, false),
    flag("field-manager", None, true),
    flag("record", None, false),
    flag("overwrite", None, false),
    flag("prune", None, false),
    flag("wait", None, false),
    flag("selector", Some('l'), true),
];

/// How one object turned out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    Created,
    Configured,
    Unchanged,
}

impl Applied {
    fn as_str(self) -> &'static str {
        match self {
            Applied::Created => "created",
            Applied::Configured => "configured",
            Applied::Unchanged => "unchanged",
        }
    }
}

pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    let p = match flags_or_fail("apply", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if let Some(sub) = p.args.first() {
        return match sub.as_str() {
            "view-last-applied" | "set-last-applied" | "edit-last-applied" => {
                out.errln(format!(
                    "error: \"kubectl apply {sub}\" is not modelled by this simulator"
                ));
                Outcome::failed()
            }
            other => {
                out.errln(format!(
                    "error: Unexpected args: [{other}]\nSee 'kubectl apply -h' for help and examples"
                ));
                Outcome::failed()
            }
        };
    }
    if p.all("filename").is_empty() {
        out.errln("error: must specify one of -f and -k");
        out.errln("");
        return Outcome::failed();
    }
    apply_files(cluster, &p, inv, out, Mode::Apply)
}

/// `apply` or `create -f`: the same reading and decoding, different writes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Apply,
    Create,
}

pub fn apply_files(
    cluster: &mut Cluster,
    p: &Parsed,
    inv: &Invocation,
    out: &mut Output,
    mode: Mode,
) -> Outcome {
    let validate = match Validate::parse(p.get("validate")) {
        Ok(v) => v,
        Err(e) => {
            out.errln(format!("error: {e}"));
            return Outcome::failed();
        }
    };
    let dry_run = match p.get("dry-run") {
        None | Some("none") => "",
        Some("client") => " (dry run)",
        Some("server") => " (server dry run)",
        Some(other) => {
            out.errln(format!(
                "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            ));
            return Outcome::failed();
        }
    };
    let output = p.get("output").unwrap_or("");
    if !matches!(output, "" | "name") {
        out.errln(format!("error: --output {output} is not supported by this console's apply (use -o name, or kubectl get afterwards)"));
        return Outcome::failed();
    }
    let docs = match read_manifests(p, inv) {
        Ok(d) => d,
        Err(e) => {
            out.errln(e);
            return Outcome::failed();
        }
    };
    // The resource builder maps every document before anything is sent.
    let mut kinds = Vec::new();
    for (source, v) in &docs {
        if validate == Validate::Ignore && v.get("kind").is_none() {
            out.errln(format!(
                "error: unable to decode \"{source}\": Object 'Kind' is missing in '{}'",
                to_json_compact(v)
            ));
            return Outcome::failed();
        }
        match decode::manifest_kind(v, source, manifest_name(v)) {
            Ok(k) => kinds.push(k),
            Err(DecodeError::Client(e)) | Err(DecodeError::Server(e)) => {
                out.errln(e);
                return Outcome::failed();
            }
        }
    }
    if docs.is_empty() {
        out.errln(
            "error: no objects passed to ".to_string()
                + if mode == Mode::Apply {
                    "apply"
                } else {
                    "create"
                },
        );
        return Outcome::failed();
    }
    let verb = "creating";
    let mut errors: Vec<String> = Vec::new();
    for ((source, v), kind) in docs.into_iter().zip(kinds) {
        let ns = match manifest_namespace(&v, p) {
            Ok(ns) => ns,
            Err(e) => {
                out.errln(e);
                return Outcome::failed();
            }
        };
        let mut v = v;
        if kind.namespaced() {
            set_namespace(&mut v, &ns);
        }
        let decoded = match decode::decode(v.clone(), kind, validate) {
            Ok(d) => d,
            Err(DecodeError::Server(m)) => {
                errors.push(format!(
                    "Error from server (BadRequest): error when {verb} \"{source}\": {m}"
                ));
                continue;
            }
            Err(DecodeError::Client(m)) => {
                errors.push(m);
                continue;
            }
        };
        for w in &decoded.warnings {
            out.errln(w);
        }
        let result = if mode == Mode::Apply {
            apply_one(cluster, decoded.object, &v, !dry_run.is_empty())
        } else {
            create_one(cluster, decoded.object, !dry_run.is_empty())
        };
        match result {
            Ok((obj, how)) => {
                if output == "name" {
                    out.outln(objects::name_of(&obj));
                } else {
                    out.outln(format!(
                        "{} {}{dry_run}",
                        objects::name_of(&obj),
                        how.as_str()
                    ));
                }
            }
            Err(e) => {
                let verb = if mode == Mode::Apply && matches!(e, WriteError::Api(_)) {
                    "applying"
                } else {
                    "creating"
                };
                errors.push(e.text(Some((verb, &source))));
            }
        }
    }
    for e in &errors {
        out.errln(e);
    }
    if errors.is_empty() {
        Outcome::ok()
    } else {
        Outcome::failed()
    }
}

fn set_namespace(v: &mut Value, ns: &str) {
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.insert("namespace".into(), Value::String(ns.to_string()));
    } else if let Some(obj) = v.as_object_mut() {
        obj.insert("metadata".into(), serde_json::json!({ "namespace": ns }));
    }
}

fn create_one(
    cluster: &mut Cluster,
    obj: Object,
    dry_run: bool,
) -> Result<(Object, Applied), WriteError> {
    if dry_run {
        let mut o = obj;
        objects::default(&mut o);
        let errs = objects::validate(&o);
        if !errs.is_empty() {
            return Err(objects::invalid(&o, errs));
        }
        return Ok((o, Applied::Created));
    }
    objects::create(cluster, obj).map(|o| (o, Applied::Created))
}

/// The manifest as `last-applied-configuration` records it: compact JSON, keys sorted,
/// the annotation itself removed (an empty `annotations: {}` stays, as kubectl's does).
pub fn last_applied(manifest: &Value) -> String {
    let mut m = manifest.clone();
    if let Some(meta) = m.get_mut("metadata").and_then(Value::as_object_mut) {
        let mut annots = meta
            .get("annotations")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        annots.remove(LAST_APPLIED);
        meta.insert("annotations".into(), Value::Object(annots));
    }
    format!("{}\n", to_json_compact(&m))
}

fn apply_one(
    cluster: &mut Cluster,
    mut obj: Object,
    manifest: &Value,
    dry_run: bool,
) -> Result<(Object, Applied), WriteError> {
    let annotation = last_applied(manifest);
    objects::meta_mut(&mut obj)
        .annotations
        .insert(LAST_APPLIED.into(), annotation);
    let meta = obj.meta();
    let key = objects::key(obj.kind(), &meta.namespace, &meta.name);
    let Some(live) = cluster.api.get_object(obj.kind(), &key) else {
        return create_one(cluster, obj, dry_run);
    };
    let from_live_output = !meta.resource_version.is_empty();
    let mut merged = merge(&live, obj, manifest);
    objects::default(&mut merged);
    if merged == live || (from_live_output && equal_but_last_applied(&merged, &live)) {
        return Ok((live, Applied::Unchanged));
    }
    if dry_run {
        let errs = objects::validate_update(&live, &merged);
        if !errs.is_empty() {
            return Err(objects::invalid(&merged, errs));
        }
        return Ok((merged, Applied::Configured));
    }
    objects::update(cluster, &live, merged).map(|o| (o, Applied::Configured))
}

fn equal_but_last_applied(a: &Object, b: &Object) -> bool {
    let mut a = a.clone();
    let mut b = b.clone();
    objects::meta_mut(&mut a).annotations.remove(LAST_APPLIED);
    objects::meta_mut(&mut b).annotations.remove(LAST_APPLIED);
    a == b
}

/// The live object with the manifest's metadata and spec laid over it.
fn merge(live: &Object, mut desired: Object, manifest: &Value) -> Object {
    let old_applied: Value = live
        .meta()
        .annotations
        .get(LAST_APPLIED)
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null);
    let lm = live.meta().clone();
    {
        let dm = objects::meta_mut(&mut desired);
        merge_map(&mut dm.labels, &lm.labels, &old_applied, "labels");
        merge_map(
            &mut dm.annotations,
            &lm.annotations,
            &old_applied,
            "annotations",
        );
        dm.uid = lm.uid.clone();
        dm.resource_version = lm.resource_version.clone();
        dm.creation_timestamp = lm.creation_timestamp;
        dm.generation = lm.generation;
        dm.deletion_timestamp = lm.deletion_timestamp;
        dm.deletion_grace_period_seconds = lm.deletion_grace_period_seconds;
        dm.managed_fields = lm.managed_fields.clone();
        if dm.owner_references.is_empty() {
            dm.owner_references = lm.owner_references.clone();
        }
        if dm.finalizers.is_empty() {
            dm.finalizers = lm.finalizers.clone();
        }
        if dm.generate_name.is_empty() {
            dm.generate_name = lm.generate_name.clone();
        }
    }
    let keeps_replicas = manifest.pointer("/spec/replicas").is_none()
        && old_applied.pointer("/spec/replicas").is_none();
    match (&mut desired, live) {
        (Object::Deployment(d), Object::Deployment(l)) => {
            if keeps_replicas {
                d.spec.replicas = l.spec.replicas;
            }
            d.status = l.status.clone();
        }
        (Object::ReplicaSet(d), Object::ReplicaSet(l)) => {
            if keeps_replicas {
                d.spec.replicas = l.spec.replicas;
            }
            d.status = l.status.clone();
        }
        (Object::Pod(d), Object::Pod(l)) => {
            if d.spec.node_name.is_empty() {
                d.spec.node_name = l.spec.node_name.clone();
            }
            d.status = l.status.clone();
        }
        (Object::Namespace(d), Object::Namespace(l)) => d.status = l.status.clone(),
        (Object::Node(d), Object::Node(l)) => d.status = l.status.clone(),
        _ => {}
    }
    desired
}

/// Live keys stay unless the previous apply set them and this manifest dropped them.
fn merge_map(
    desired: &mut std::collections::BTreeMap<String, String>,
    live: &std::collections::BTreeMap<String, String>,
    old_applied: &Value,
    field: &str,
) {
    let applied_before = old_applied
        .pointer(&format!("/metadata/{field}"))
        .and_then(Value::as_object);
    for (k, v) in live {
        let dropped = applied_before.is_some_and(|m| m.contains_key(k));
        if !desired.contains_key(k) && !dropped {
            desired.insert(k.clone(), v.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::kubectl::{NoFiles, Output};
    use crate::{ClusterConfig, Session};

    fn run(s: &mut Session, line: &str, stdin: Option<&str>) -> String {
        let mut out = Output::default();
        s.kubectl(line, stdin, &NoFiles, &mut out);
        out.text()
    }

    const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25.3\n";

    #[test]
    fn created_configured_unchanged() {
        let mut s = Session::new(&ClusterConfig::default());
        assert_eq!(
            run(&mut s, "kubectl apply -f -", Some(WEB)),
            "deployment.apps/web created\n"
        );
        assert_eq!(
            run(&mut s, "kubectl apply -f -", Some(WEB)),
            "deployment.apps/web unchanged\n"
        );
        let changed = WEB.replace("1.25.3", "1.26");
        assert_eq!(
            run(&mut s, "kubectl apply -f -", Some(&changed)),
            "deployment.apps/web configured\n"
        );
        // A scale survives a re-apply of a manifest without replicas.
        run(&mut s, "kubectl scale deploy web --replicas=4", None);
        assert_eq!(
            run(&mut s, "kubectl apply -f -", Some(&changed)),
            "deployment.apps/web unchanged\n"
        );
        let ann = run(
            &mut s,
            "kubectl get deploy web -o jsonpath={.metadata.annotations}",
            None,
        );
        assert!(ann.contains(r#"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"web\",\"namespace\":\"default\"}"#), "{ann}");
    }

    #[test]
    fn live_yaml_applies_back_unchanged() {
        let mut s = Session::new(&ClusterConfig::default());
        run(&mut s, "kubectl apply -f -", Some(WEB));
        let mut out = Output::default();
        s.advance(crate::time::Duration::from_secs(30), &mut out);
        let yaml = run(&mut s, "kubectl get deploy web -o yaml", None);
        assert!(yaml.contains("      creationTimestamp: null\n"), "{yaml}");
        assert!(yaml.contains("        resources: {}\n"), "{yaml}");
        let rv = s.cluster.api.resource_version();
        assert_eq!(
            run(&mut s, "kubectl apply -f -", Some(&yaml)),
            "deployment.apps/web unchanged\n"
        );
        assert_eq!(rv, s.cluster.api.resource_version());
        let json = run(&mut s, "kubectl get deploy web -o json", None);
        assert_eq!(
            run(&mut s, "kubectl apply -f -", Some(&json)),
            "deployment.apps/web unchanged\n"
        );
    }

    #[test]
    fn rejected_documents_store_nothing() {
        let mut s = Session::new(&ClusterConfig::default());
        let rv = s.cluster.api.resource_version();
        let bad = WEB.replace("app: web\n    spec", "app: api\n    spec");
        let text = run(&mut s, "kubectl apply -f -", Some(&bad));
        assert!(
            text.starts_with("The Deployment \"web\" is invalid: spec.template.metadata.labels"),
            "{text}"
        );
        assert_eq!(rv, s.cluster.api.resource_version());
    }
}
