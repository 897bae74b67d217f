//! The API server's write path as kubectl reaches it: defaulting, validation (create and
//! update), then the store. Nothing is stored when validation fails.

use super::Output;
use crate::api::{Kind, Object};
use crate::apiserver::errors::{ApiError, Reason};
use crate::apiserver::{defaults, validation, ObjectKey, Stored};
use crate::Cluster;

/// A rejected write, printed the way kubectl prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// `The Deployment "web" is invalid: …` (kind without group, as `StatusDetails.Kind`).
    Invalid {
        kind: Kind,
        name: String,
        causes: Vec<String>,
    },
    Api(ApiError),
}

impl WriteError {
    /// kubectl's text (`cmdutil.CheckErr`): Invalid errors list their causes, one per line
    /// with `* ` when there are several; other errors `Error from server (Reason): …`.
    pub fn text(&self, source: Option<(&str, &str)>) -> String {
        match self {
            WriteError::Invalid { kind, name, causes } => {
                let prefix = format!("The {} \"{name}\" is invalid: ", kind.name());
                match causes.as_slice() {
                    [one] => format!("{prefix}{one}"),
                    many => {
                        let mut s = prefix;
                        for c in many {
                            s.push_str(&format!("\n* {c}"));
                        }
                        s
                    }
                }
            }
            WriteError::Api(e) if e.reason == Reason::Invalid => format!("The {}", e.message),
            WriteError::Api(e) => match source {
                // `cmdutil.AddSourceToErr`
                Some((verb, src)) => format!(
                    "{}error when {verb} \"{src}\": {}",
                    e.reason.from_server(),
                    e.message
                ),
                None => e.kubectl_line(),
            },
        }
    }

    pub fn print(&self, source: Option<(&str, &str)>, out: &mut Output) {
        out.errln(self.text(source));
    }
}

impl From<ApiError> for WriteError {
    fn from(e: ApiError) -> Self {
        WriteError::Api(e)
    }
}

/// Applies the API server's defaults (what `-o yaml` shows after a create).
pub fn default(obj: &mut Object) {
    match obj {
        Object::Deployment(d) => defaults::deployment(d),
        Object::ReplicaSet(rs) => defaults::replicaset(rs),
        Object::Pod(p) => defaults::pod(p),
        Object::Namespace(ns) => {
            if ns.status.phase.is_empty() {
                ns.status.phase = "Active".into();
            }
        }
        Object::Node(_) | Object::Event(_) => {}
    }
}

/// Field errors for a create.
pub fn validate(obj: &Object) -> Vec<String> {
    match obj {
        Object::Deployment(d) => validation::deployment(d),
        Object::ReplicaSet(rs) => validation::replicaset(rs),
        Object::Pod(p) => validation::pod(p),
        Object::Namespace(ns) => {
            let name = &ns.metadata.name;
            match crate::apiserver::names::dns1123_label_error(name) {
                Some(e) if !name.is_empty() => {
                    vec![format!("metadata.name: Invalid value: \"{name}\": {e}")]
                }
                _ if name.is_empty() => {
                    vec!["metadata.name: Required value: name or generateName is required".into()]
                }
                _ => vec![],
            }
        }
        Object::Node(_) | Object::Event(_) => vec![],
    }
}

/// Field errors for an update of `old` to `new` (immutable fields, then the create rules).
pub fn validate_update(old: &Object, new: &Object) -> Vec<String> {
    let mut errs = match (old, new) {
        (Object::Deployment(o), Object::Deployment(n)) => validation::deployment_update(o, n),
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) => validation::replicaset_update(o, n),
        (Object::Pod(o), Object::Pod(n)) => validation::pod_update(o, n),
        _ => vec![],
    };
    errs.extend(validate(new));
    errs
}

/// Defaults, validates and creates; returns the stored object.
pub fn create(cluster: &mut Cluster, mut obj: Object) -> Result<Object, WriteError> {
    default(&mut obj);
    let errs = validate(&obj);
    if !errs.is_empty() {
        return Err(invalid(&obj, errs));
    }
    fn put<T: Stored>(c: &mut Cluster, o: T) -> Result<Object, WriteError> {
        Ok(std::rc::Rc::unwrap_or_clone(c.api.create(o)?).into_object())
    }
    match obj {
        Object::Deployment(o) => put(cluster, o),
        Object::ReplicaSet(o) => put(cluster, o),
        Object::Pod(o) => put(cluster, o),
        Object::Namespace(o) => put(cluster, o),
        Object::Node(o) => put(cluster, o),
        Object::Event(o) => put(cluster, o),
    }
}

/// Validates against the stored object and writes metadata and spec (status is kept).
pub fn update(cluster: &mut Cluster, old: &Object, mut obj: Object) -> Result<Object, WriteError> {
    default(&mut obj);
    let errs = validate_update(old, &obj);
    if !errs.is_empty() {
        return Err(invalid(&obj, errs));
    }
    fn put<T: Stored>(c: &mut Cluster, o: T) -> Result<Object, WriteError> {
        Ok(std::rc::Rc::unwrap_or_clone(c.api.update(o)?).into_object())
    }
    match obj {
        Object::Deployment(o) => put(cluster, o),
        Object::ReplicaSet(o) => put(cluster, o),
        Object::Pod(o) => put(cluster, o),
        Object::Namespace(o) => put(cluster, o),
        Object::Node(o) => put(cluster, o),
        Object::Event(o) => put(cluster, o),
    }
}

/// Fetches, changes with `f` and updates (the `kubectl scale|set|label|…` path).
pub fn modify(
    cluster: &mut Cluster,
    kind: Kind,
    key: &ObjectKey,
    f: impl FnOnce(&mut Object) -> Result<(), String>,
) -> Result<Result<Object, WriteError>, String> {
    let Some(old) = cluster.api.get_object(kind, key) else {
        return Ok(Err(WriteError::Api(ApiError::not_found(kind, key.name()))));
    };
    let mut new = old.clone();
    f(&mut new)?;
    Ok(update(cluster, &old, new))
}

pub fn invalid(obj: &Object, causes: Vec<String>) -> WriteError {
    WriteError::Invalid {
        kind: obj.kind(),
        name: obj.meta().name.clone(),
        causes,
    }
}

/// Mutable access to any object's metadata.
pub fn meta_mut(obj: &mut Object) -> &mut crate::api::ObjectMeta {
    match obj {
        Object::Namespace(o) => &mut o.metadata,
        Object::Node(o) => &mut o.metadata,
        Object::Pod(o) => &mut o.metadata,
        Object::ReplicaSet(o) => &mut o.metadata,
        Object::Deployment(o) => &mut o.metadata,
        Object::Event(o) => &mut o.metadata,
    }
}

/// The object's JSON as kubectl shows it (`managedFields` hidden, as kubectl ≥ 1.21 does).
///
/// The API server (Go `encoding/json`) also writes two things our structs leave out:
/// `resources: {}` on every container (a struct, never omitted) and, through v1.33,
/// `creationTimestamp: null` in a pod template's metadata (a zero `metav1.Time`).
pub fn shown_json(obj: &Object) -> serde_json::Value {
    use serde_json::Value;
    let mut v = obj.to_json();
    if let Some(m) = v.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        m.remove("managedFields");
    }
    fn containers(spec: Option<&mut Value>) {
        let Some(spec) = spec.and_then(Value::as_object_mut) else {
            return;
        };
        for field in ["initContainers", "containers"] {
            if let Some(list) = spec.get_mut(field).and_then(Value::as_array_mut) {
                for c in list.iter_mut().filter_map(Value::as_object_mut) {
                    c.entry("resources")
                        .or_insert_with(|| Value::Object(Default::default()));
                }
            }
        }
    }
    containers(v.get_mut("spec"));
    if let Some(t) = v
        .pointer_mut("/spec/template")
        .and_then(Value::as_object_mut)
    {
        let meta = t
            .entry("metadata")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(m) = meta.as_object_mut() {
            m.entry("creationTimestamp").or_insert(Value::Null);
        }
        containers(t.get_mut("spec"));
    }
    v
}

/// `kind.group/name`, kubectl's name printer.
pub fn name_of(obj: &Object) -> String {
    format!("{}/{}", obj.kind().kubectl_kind(), obj.meta().name)
}

/// The key of an object in `ns` (cluster-scoped kinds ignore it).
pub fn key(kind: Kind, ns: &str, name: &str) -> ObjectKey {
    ObjectKey::new(if kind.namespaced() { ns } else { "" }, name)
}

/// DELETE of any kind.
pub fn delete(
    cluster: &mut Cluster,
    kind: Kind,
    key: &ObjectKey,
    opts: crate::apiserver::DeleteOptions,
) -> Result<(), ApiError> {
    use crate::api::{Deployment, Event, Namespace, Node, Pod, ReplicaSet};
    let api = &mut cluster.api;
    match kind {
        Kind::Pod => api.delete::<Pod>(key, opts).map(drop),
        Kind::Deployment => api.delete::<Deployment>(key, opts).map(drop),
        Kind::ReplicaSet => api.delete::<ReplicaSet>(key, opts).map(drop),
        Kind::Namespace => api.delete::<Namespace>(key, opts).map(drop),
        Kind::Node => api.delete::<Node>(key, opts).map(drop),
        Kind::Event => api.delete::<Event>(key, opts).map(drop),
    }
}

/// `deployment.apps`, `pod`: the kind string `kubectl delete` prints.
pub fn kind_string(kind: Kind) -> String {
    kind.kubectl_kind()
}

/// `--dry-run=client` of a generator command (`create deployment`, `run`): the object as
/// kubectl built it, printed with `-o` (`yaml`, `json`, `name`) or as
/// `deployment.apps/web created (dry run)`. kubectl's client-side object has
/// `creationTimestamp: null`, `resources: {}`, `strategy: {}` and `status: {}`, and a
/// namespace only when `-n` was given.
pub fn print_dry_run(
    obj: &Object,
    explicit_ns: bool,
    server: bool,
    output: &str,
) -> Result<String, String> {
    use serde_json::Value;
    let mut v = shown_json(obj);
    if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        m.insert("creationTimestamp".into(), Value::Null);
        if !explicit_ns {
            m.remove("namespace");
        }
    }
    if obj.kind() == Kind::Deployment {
        if let Some(spec) = v.get_mut("spec").and_then(Value::as_object_mut) {
            spec.entry("strategy")
                .or_insert_with(|| Value::Object(Default::default()));
        }
    }
    if let Some(o) = v.as_object_mut() {
        o.insert("apiVersion".into(), obj.kind().api_version().into());
        o.insert("kind".into(), obj.kind().name().into());
        o.insert("status".into(), Value::Object(Default::default()));
    }
    let suffix = if server { "server dry run" } else { "dry run" };
    Ok(match output {
        "" => format!("{} created ({suffix})\n", name_of(obj)),
        "name" => format!("{}\n", name_of(obj)),
        "yaml" => super::format::to_yaml(&v),
        "json" => super::format::to_json(&v),
        o => match super::output::parse(o)? {
            super::output::Format::JsonPath(t) => t.execute(&v),
            _ => {
                return Err(format!(
                    "error: --output {o} is not supported with --dry-run in this console"
                ))
            }
        },
    })
}
