//! `kubectl apply -f` (`pkg/cmd/apply/apply.go`): creates what is missing (`created`),
//! updates what differs (`configured`), leaves the rest (`unchanged`), and records the
//! manifest in `kubectl.kubernetes.io/last-applied-configuration`.
//!
//! An existing object gets kubectl's client-side apply (`apply/patcher.go`): a three-way
//! strategic merge patch from the last applied configuration, the manifest and the live
//! object (`strategic.rs`), `unchanged` when that patch is `{}`. Fields dropped from the
//! manifest since the last apply are deleted; fields others set (`kubectl scale`'s
//! replicas) survive when the manifest does not mention them.

use super::{flags_or_fail, manifest_name, manifest_namespace, read_manifests};
use crate::api::Object;
use crate::kubectl::decode::{self, DecodeError, Validate};
use crate::kubectl::format::to_json_compact;
use crate::kubectl::objects::{self, WriteError};
use crate::kubectl::parse::{flag, flag_opt, FlagSpec, Parsed};
use crate::kubectl::{strategic, Invocation, Outcome, Output};
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
    let (dry, dry_run) = match p.get("dry-run") {
        None | Some("none") => (DryRun::None, ""),
        Some("client") => (DryRun::Client, " (dry run)"),
        Some("server") => (DryRun::Server, " (server dry run)"),
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
        let print = |out: &mut Output, obj: &Object, how: Applied| {
            if output == "name" {
                out.outln(objects::name_of(obj));
            } else {
                out.outln(format!(
                    "{} {}{dry_run}",
                    objects::name_of(obj),
                    how.as_str()
                ));
            }
        };
        let key = objects::key(kind, &ns, manifest_name(&v));
        let live = cluster.api.get_object(kind, &key);
        if let (Mode::Apply, Some(live)) = (mode, live) {
            match patch_existing(cluster, &live, &v, validate, dry, &source, out) {
                Ok((obj, how)) => print(out, &obj, how),
                Err(e) => errors.push(e),
            }
            continue;
        }
        let decoded = match decode::decode(v.clone(), kind, validate) {
            Ok(d) => d,
            Err(DecodeError::Server(m)) => {
                errors.push(format!(
                    "Error from server (BadRequest): error when creating \"{source}\": {m}"
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
        let mut obj = decoded.object;
        if mode == Mode::Apply {
            objects::meta_mut(&mut obj)
                .annotations
                .insert(LAST_APPLIED.into(), last_applied(&v));
        }
        match create_one(cluster, obj, dry != DryRun::None) {
            Ok((obj, how)) => print(out, &obj, how),
            Err(e) => errors.push(e.text(Some(("creating", &source)))),
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

/// How `--dry-run` was given.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DryRun {
    None,
    Client,
    Server,
}

/// The manifest as kubectl sends it: with `last-applied-configuration` set to itself
/// (`util.GetModifiedConfiguration`).
fn modified_configuration(manifest: &Value) -> Value {
    let annotation = last_applied(manifest);
    let mut m = manifest.clone();
    if let Some(obj) = m.as_object_mut() {
        let meta = obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(meta) = meta.as_object_mut() {
            let annots = meta
                .entry("annotations")
                .or_insert_with(|| Value::Object(Default::default()));
            if !annots.is_object() {
                *annots = Value::Object(Default::default());
            }
            if let Some(a) = annots.as_object_mut() {
                a.insert(LAST_APPLIED.into(), Value::String(annotation));
            }
        }
    }
    m
}

/// `deployments/web`: `Info.ObjectName()`.
fn object_name(kind: crate::api::Kind, name: &str) -> String {
    format!("{}/{name}", kind.resource())
}

/// `Info.String()`: the REST mapping and the name, as kubectl quotes them in patch errors.
fn info_string(kind: crate::api::Kind, ns: &str, name: &str) -> String {
    let version = kind.api_version().rsplit('/').next().unwrap_or("v1");
    format!(
        "Resource: \"{g}/{version}, Resource={r}\", GroupVersionKind: \"{g}/{version}, Kind={k}\"\nName: \"{name}\", Namespace: \"{ns}\"",
        g = kind.group(),
        r = kind.resource(),
        k = kind.name(),
    )
}

/// `error when applying patch: … for: "SRC": error when patching "SRC": <server message>`
/// (`apply.go` wrapping `patcher.Patch`'s error; both through `cmdutil.AddSourceToErr`).
fn patch_error(
    reason: &str,
    patch: &serde_json::Map<String, Value>,
    kind: crate::api::Kind,
    ns: &str,
    name: &str,
    source: &str,
    message: &str,
) -> String {
    let from_server = if reason.is_empty() {
        "Error from server: ".to_string()
    } else {
        format!("Error from server ({reason}): ")
    };
    format!(
        "{from_server}error when applying patch:\n{}\nto:\n{}\nfor: \"{source}\": error when patching \"{source}\": {message}",
        to_json_compact(&Value::Object(patch.clone())),
        info_string(kind, ns, name)
    )
}

/// An existing object: kubectl's three-way strategic merge patch (`patcher.go`
/// `patchSimple`), the server's patch (`StrategicMergeMapPatch`, strict decoding,
/// defaults, update validation). `Ok` with `Unchanged` when the patch is `{}`.
#[allow(clippy::too_many_arguments)]
fn patch_existing(
    cluster: &mut Cluster,
    live: &Object,
    manifest: &Value,
    validate: Validate,
    dry_run: DryRun,
    source: &str,
    out: &mut Output,
) -> Result<(Object, Applied), String> {
    let kind = live.kind();
    let lm = live.meta().clone();
    if dry_run == DryRun::Client {
        // apply.go computes no patch under --dry-run=client: always `configured`.
        return Ok((live.clone(), Applied::Configured));
    }
    let original: serde_json::Map<String, Value> = match lm.annotations.get(LAST_APPLIED) {
        Some(s) => serde_json::from_str(s).unwrap_or_default(),
        None => {
            out.errln(format!(
                "Warning: resource {} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.",
                object_name(kind, &lm.name)
            ));
            Default::default()
        }
    };
    let modified = modified_configuration(manifest);
    let modified = modified.as_object().cloned().unwrap_or_default();
    let current = objects::shown_json(live);
    let current = current.as_object().cloned().unwrap_or_default();
    let ty = strategic::root(kind);
    let patch = strategic::three_way(&original, &modified, &current, ty).map_err(|e| {
        format!(
            "error: error when applying patch:\n\nto:\n{}\nfor: \"{source}\": {e}",
            info_string(kind, &lm.namespace, &lm.name)
        )
    })?;
    if patch.is_empty() || (from_live_output(manifest) && only_last_applied(&patch)) {
        return Ok((live.clone(), Applied::Unchanged));
    }
    let fail = |reason: &str, message: &str| {
        patch_error(
            reason,
            &patch,
            kind,
            &lm.namespace,
            &lm.name,
            source,
            message,
        )
    };
    let patched = strategic::apply(current.clone(), patch.clone(), ty).map_err(|e| fail("", &e))?;
    let rv = patched
        .get("metadata")
        .and_then(|m| m.get("resourceVersion"))
        .and_then(Value::as_str)
        .unwrap_or("");
    if !rv.is_empty() && rv != lm.resource_version {
        let e = crate::apiserver::ApiError::conflict(kind, &lm.name);
        return Err(fail("Conflict", &e.message));
    }
    let decoded = match decode::decode(Value::Object(patched), kind, validate) {
        Ok(d) => d,
        Err(DecodeError::Server(m)) | Err(DecodeError::Client(m)) => {
            return Err(patched_decode_error(&m, &Value::Object(patch)))
        }
    };
    for w in &decoded.warnings {
        out.errln(w);
    }
    let mut obj = keep_server_fields(live, decoded.object);
    objects::default(&mut obj);
    if obj == *live {
        // The server's no-op update: nothing stored, yet kubectl sent a patch.
        return Ok((obj, Applied::Configured));
    }
    if dry_run == DryRun::Server {
        let errs = objects::validate_update(live, &obj);
        if !errs.is_empty() {
            return Err(objects::invalid(&obj, errs).text(None));
        }
        return Ok((obj, Applied::Configured));
    }
    match objects::update(cluster, live, obj) {
        Ok(o) => Ok((o, Applied::Configured)),
        Err(e @ WriteError::Invalid { .. }) => Err(e.text(None)),
        Err(WriteError::Api(e)) if e.reason == crate::apiserver::errors::Reason::Invalid => {
            Err(WriteError::Api(e).text(None))
        }
        Err(WriteError::Api(e)) => Err(fail(e.reason.as_str(), &e.message)),
    }
}

/// The server decoding a strategically patched object (`handlers/patch.go`
/// `applyPatchToObject`): unknown fields under strict validation and wrong types are both
/// an Invalid `patch` quoting the patch map, which kubectl prints as
/// `The request is invalid: patch: Invalid value: "map[…]": <cause>`.
pub(crate) fn patched_decode_error(message: &str, patch: &Value) -> String {
    let inner = message
        .split_once("cannot be handled as a ")
        .and_then(|(_, rest)| rest.split_once(": "))
        .map(|(_, m)| m)
        .unwrap_or(message);
    format!(
        "The request is invalid: patch: Invalid value: {}: {}",
        strategic::go_quote(&strategic::go_v(patch)),
        converter_error(inner)
    )
}

/// `runtime.DefaultUnstructuredConverter`'s words for a value of the wrong type: a string
/// or map where a number, bool or string belongs is `unrecognized type: int32`; a number
/// where a string belongs is `cannot convert int64 to string`.
fn converter_error(decode_message: &str) -> String {
    if decode_message.starts_with("strict decoding error") {
        return decode_message.to_string();
    }
    match decode_message.rsplit_once(" of type ") {
        Some((head, "string")) if head.contains("cannot unmarshal number") => {
            "cannot convert int64 to string".into()
        }
        Some((_, ty)) => format!("unrecognized type: {ty}"),
        None => decode_message.to_string(),
    }
}

/// A `kubectl get -o yaml|json` dump carries the server's `resourceVersion`.
fn from_live_output(manifest: &Value) -> bool {
    manifest
        .pointer("/metadata/resourceVersion")
        .and_then(Value::as_str)
        .is_some_and(|rv| !rv.is_empty())
}

/// The patch changes nothing but the last-applied annotation.
fn only_last_applied(patch: &serde_json::Map<String, Value>) -> bool {
    let mut p = Value::Object(patch.clone());
    if let Some(a) = p
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        a.remove(LAST_APPLIED);
        let empty = a.is_empty();
        if empty {
            if let Some(m) = p.pointer_mut("/metadata").and_then(Value::as_object_mut) {
                m.remove("annotations");
            }
        }
    }
    if p.pointer("/metadata")
        .and_then(Value::as_object)
        .is_some_and(|m| m.is_empty())
    {
        if let Some(o) = p.as_object_mut() {
            o.remove("metadata");
        }
    }
    p.as_object().is_some_and(|o| o.is_empty())
}

/// What the server keeps from the stored object on an update (`rest.BeforeUpdate`, the
/// strategies' `PrepareForUpdate`): identity, timestamps, generation, status.
pub(crate) fn keep_server_fields(live: &Object, mut desired: Object) -> Object {
    let lm = live.meta().clone();
    {
        let dm = objects::meta_mut(&mut desired);
        dm.uid = lm.uid.clone();
        dm.resource_version = lm.resource_version.clone();
        dm.creation_timestamp = lm.creation_timestamp;
        dm.generation = lm.generation;
        dm.deletion_timestamp = lm.deletion_timestamp;
        dm.deletion_grace_period_seconds = lm.deletion_grace_period_seconds;
        dm.managed_fields = lm.managed_fields.clone();
    }
    match (&mut desired, live) {
        (Object::Deployment(d), Object::Deployment(l)) => d.status = l.status.clone(),
        (Object::ReplicaSet(d), Object::ReplicaSet(l)) => d.status = l.status.clone(),
        (Object::Pod(d), Object::Pod(l)) => d.status = l.status.clone(),
        (Object::Namespace(d), Object::Namespace(l)) => d.status = l.status.clone(),
        (Object::Node(d), Object::Node(l)) => d.status = l.status.clone(),
        _ => {}
    }
    desired
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

    /// Client-side apply's merge rules (apply/patcher.go, strategicpatch/patch.go).
    #[test]
    fn three_way_merge_deletes_what_the_manifest_dropped_and_keeps_the_rest() {
        let mut s = Session::new(&ClusterConfig::default());
        let two = WEB
            .replace("  name: web\n", "  name: web\n  labels:\n    app: web\n    tier: front\n")
            .replace(
                "        image: nginx:1.25.3\n",
                "        image: nginx:1.25.3\n        env:\n        - name: A\n          value: \"1\"\n      - name: side\n        image: busybox:1.36\n",
            );
        assert_eq!(
            run(&mut s, "kubectl apply -f -", Some(&two)),
            "deployment.apps/web created\n"
        );
        run(&mut s, "kubectl label deploy web owner=ops", None);
        // Back to one container without env and without the label it set.
        let one = WEB.replace("  name: web\n", "  name: web\n  labels:\n    app: web\n");
        assert_eq!(
            run(&mut s, "kubectl apply -f -", Some(&one)),
            "deployment.apps/web configured\n"
        );
        let got = run(
            &mut s,
            "kubectl get deploy web -o jsonpath={.metadata.labels}/{.spec.template.spec.containers[*].name}/{.spec.template.spec.containers[0].env}",
            None,
        );
        assert_eq!(got, r#"{"app":"web","owner":"ops"}/nginx/"#);
    }

    #[test]
    fn switching_to_recreate_drops_the_rolling_update_defaults() {
        let mut s = Session::new(&ClusterConfig::default());
        run(&mut s, "kubectl apply -f -", Some(WEB));
        let recreate = WEB.replace(
            "spec:\n  selector",
            "spec:\n  strategy:\n    type: Recreate\n  selector",
        );
        assert_eq!(
            run(&mut s, "kubectl apply -f -", Some(&recreate)),
            "deployment.apps/web configured\n"
        );
        assert_eq!(
            run(
                &mut s,
                "kubectl get deploy web -o jsonpath={.spec.strategy}",
                None
            ),
            r#"{"type":"Recreate"}"#
        );
    }

    #[test]
    fn a_stale_dump_conflicts_and_a_typo_is_refused_with_the_patch() {
        let mut s = Session::new(&ClusterConfig::default());
        run(&mut s, "kubectl apply -f -", Some(WEB));
        let yaml = run(&mut s, "kubectl get deploy web -o yaml", None);
        run(&mut s, "kubectl label deploy web owner=ops", None);
        let rv = s.cluster.api.resource_version();
        let text = run(
            &mut s,
            "kubectl apply -f -",
            Some(&yaml.replace("app: web\n  name", "app: web2\n  name")),
        );
        assert!(
            text.starts_with("Error from server (Conflict): error when applying patch:\n{"),
            "{text}"
        );
        assert!(text.ends_with("for: \"STDIN\": error when patching \"STDIN\": Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again\n"), "{text}");
        let typo = WEB.replace("spec:\n  selector", "spec:\n  replica: 3\n  selector");
        let text = run(&mut s, "kubectl apply -f -", Some(&typo));
        assert!(text.starts_with("The request is invalid: patch: Invalid value: \"map[metadata:map[annotations:map[kubectl.kubernetes.io/last-applied-configuration:"), "{text}");
        assert!(
            text.ends_with(
                "spec:map[replica:3]]\": strict decoding error: unknown field \"spec.replica\"\n"
            ),
            "{text}"
        );
        assert_eq!(rv, s.cluster.api.resource_version());
    }

    #[test]
    fn apply_over_create_warns_about_the_missing_annotation() {
        let mut s = Session::new(&ClusterConfig::default());
        run(
            &mut s,
            "kubectl create deployment web --image=nginx:1.25.3",
            None,
        );
        let text = run(&mut s, "kubectl apply -f -", Some(WEB));
        assert_eq!(text, "Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\ndeployment.apps/web configured\n");
        assert_eq!(
            run(&mut s, "kubectl apply -f -", Some(WEB)),
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
