//! Kubernetes API objects as plain Rust structs with Kubernetes' own JSON field names.
//!
//! Hand-written rather than `k8s-openapi`: only the fields paperkube models, which keeps the
//! wasm bundle small (see the README's bundle figures). Fields the simulator does not model
//! are ignored on input.

pub mod apps;
pub mod event;
pub mod intstr;
mod json_text;
pub mod meta;
pub mod node;
pub mod pod;
pub mod volume;

pub use apps::{Deployment, ReplicaSet};
pub use event::Event;
pub use meta::ObjectMeta;
pub use node::{Namespace, Node};
pub use pod::Pod;

use serde::{de::DeserializeOwned, Serialize};
use std::rc::Rc;

/// The kinds of object the simulated API server stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Namespace,
    Node,
    Pod,
    ReplicaSet,
    Deployment,
    Event,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Namespace,
        Kind::Node,
        Kind::Pod,
        Kind::ReplicaSet,
        Kind::Deployment,
        Kind::Event,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::Node => "Node",
            Kind::Pod => "Pod",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Deployment => "Deployment",
            Kind::Event => "Event",
        }
    }
    pub fn api_version(self) -> &'static str {
        match self {
            Kind::ReplicaSet | Kind::Deployment => "apps/v1",
            _ => "v1",
        }
    }
    /// The plural resource name (`pods`, `replicasets`, …).
    pub fn resource(self) -> &'static str {
        match self {
            Kind::Namespace => "namespaces",
            Kind::Node => "nodes",
            Kind::Pod => "pods",
            Kind::ReplicaSet => "replicasets",
            Kind::Deployment => "deployments",
            Kind::Event => "events",
        }
    }
    /// The API group (`""` for core).
    pub fn group(self) -> &'static str {
        match self {
            Kind::ReplicaSet | Kind::Deployment => "apps",
            _ => "",
        }
    }
    pub fn namespaced(self) -> bool {
        !matches!(self, Kind::Namespace | Kind::Node)
    }
    /// `deployment.apps`, `pod`: how kubectl's name printer spells the kind.
    pub fn kubectl_kind(self) -> String {
        let lower = self.name().to_ascii_lowercase();
        match self.group() {
            "" => lower,
            g => format!("{lower}.{g}"),
        }
    }
    pub fn from_name(kind: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == kind)
    }
}

/// Implemented by every stored kind: gives the store and controllers uniform access.
pub trait Resource: Clone + Default + Serialize + DeserializeOwned + PartialEq + 'static {
    const KIND: Kind;
    fn meta(&self) -> &ObjectMeta;
    fn meta_mut(&mut self) -> &mut ObjectMeta;
    fn into_object(self) -> Object;
    fn from_object(obj: &Object) -> Option<&Self>;
    /// Wraps a stored object for a watch event without copying it.
    fn share(obj: Rc<Self>) -> SharedObject;
    /// Sets `apiVersion` and `kind`, which the API server always fills in.
    fn set_type_meta(&mut self);
    /// Copies `status` from `other` (the main resource ignores status; the status
    /// subresource ignores everything else).
    fn copy_status_from(&mut self, other: &Self);
    /// Exchanges `status` with `other`'s (a status write moves the new status in).
    fn swap_status(&mut self, other: &mut Self);
    fn status_eq(&self, other: &Self) -> bool;
    /// A copy of the status alone (everything else default): cheaper than the object.
    fn status_only(&self) -> Self;
    /// Whether everything but metadata and status is equal (`generation` moves otherwise).
    fn spec_eq(&self, other: &Self) -> bool;
    /// Copies everything but `status` from `other`.
    fn copy_spec_from(&mut self, other: &Self);
}

/// Any stored object.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Namespace(Namespace),
    Node(Node),
    Pod(Pod),
    ReplicaSet(ReplicaSet),
    Deployment(Deployment),
    Event(Event),
}

macro_rules! resource {
    ($ty:ident) => {
        resource!($ty, {
            fn copy_status_from(&mut self, other: &Self) {
                self.status = other.status.clone();
            }
            fn swap_status(&mut self, other: &mut Self) {
                std::mem::swap(&mut self.status, &mut other.status);
            }
            fn status_eq(&self, other: &Self) -> bool {
                self.status == other.status
            }
            fn status_only(&self) -> Self {
                $ty {
                    status: self.status.clone(),
                    ..Default::default()
                }
            }
            fn spec_eq(&self, other: &Self) -> bool {
                self.spec == other.spec
            }
            fn copy_spec_from(&mut self, other: &Self) {
                // Field by field: cloning `other` whole would copy its status only to drop it.
                *self = $ty {
                    api_version: other.api_version.clone(),
                    kind: other.kind.clone(),
                    metadata: other.metadata.clone(),
                    spec: other.spec.clone(),
                    status: std::mem::take(&mut self.status),
                };
            }
        });
    };
    ($ty:ident, { $($extra:item)* }) => {
        impl Resource for $ty {
            const KIND: Kind = Kind::$ty;
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
            fn into_object(self) -> Object {
                Object::$ty(self)
            }
            fn from_object(obj: &Object) -> Option<&Self> {
                match obj {
                    Object::$ty(o) => Some(o),
                    _ => None,
                }
            }
            fn share(obj: Rc<Self>) -> SharedObject {
                SharedObject::$ty(obj)
            }
            fn set_type_meta(&mut self) {
                self.api_version = Kind::$ty.api_version().into();
                self.kind = Kind::$ty.name().into();
            }
            $($extra)*
        }
    };
}
resource!(Namespace);
resource!(Node);
resource!(Pod);
resource!(ReplicaSet);
resource!(Deployment);
// Events have no status subresource: everything is "spec".
resource!(Event, {
    fn copy_status_from(&mut self, _other: &Self) {}
    fn swap_status(&mut self, _other: &mut Self) {}
    fn status_eq(&self, _other: &Self) -> bool {
        true
    }
    fn status_only(&self) -> Self {
        Event::default()
    }
    fn spec_eq(&self, other: &Self) -> bool {
        let meta = |e: &Event| Event {
            metadata: ObjectMeta::default(),
            api_version: Default::default(),
            kind: Default::default(),
            ..e.clone()
        };
        meta(self) == meta(other)
    }
    fn copy_spec_from(&mut self, other: &Self) {
        *self = other.clone();
    }
});

/// A stored object shared with the store (what a watch event carries): the store and every
/// watcher hold the same allocation, and the store copies it only when it writes the object
/// again while a watcher still holds it.
#[derive(Clone, Debug)]
pub enum SharedObject {
    Namespace(Rc<Namespace>),
    Node(Rc<Node>),
    Pod(Rc<Pod>),
    ReplicaSet(Rc<ReplicaSet>),
    Deployment(Rc<Deployment>),
    Event(Rc<Event>),
}

impl SharedObject {
    pub fn kind(&self) -> Kind {
        match self {
            SharedObject::Namespace(_) => Kind::Namespace,
            SharedObject::Node(_) => Kind::Node,
            SharedObject::Pod(_) => Kind::Pod,
            SharedObject::ReplicaSet(_) => Kind::ReplicaSet,
            SharedObject::Deployment(_) => Kind::Deployment,
            SharedObject::Event(_) => Kind::Event,
        }
    }
    pub fn meta(&self) -> &ObjectMeta {
        match self {
            SharedObject::Namespace(o) => &o.metadata,
            SharedObject::Node(o) => &o.metadata,
            SharedObject::Pod(o) => &o.metadata,
            SharedObject::ReplicaSet(o) => &o.metadata,
            SharedObject::Deployment(o) => &o.metadata,
            SharedObject::Event(o) => &o.metadata,
        }
    }
    /// An owned copy, for printers that take an [`Object`].
    pub fn to_object(&self) -> Object {
        match self {
            SharedObject::Namespace(o) => Object::Namespace((**o).clone()),
            SharedObject::Node(o) => Object::Node((**o).clone()),
            SharedObject::Pod(o) => Object::Pod((**o).clone()),
            SharedObject::ReplicaSet(o) => Object::ReplicaSet((**o).clone()),
            SharedObject::Deployment(o) => Object::Deployment((**o).clone()),
            SharedObject::Event(o) => Object::Event((**o).clone()),
        }
    }
}

impl Object {
    pub fn kind(&self) -> Kind {
        match self {
            Object::Namespace(_) => Kind::Namespace,
            Object::Node(_) => Kind::Node,
            Object::Pod(_) => Kind::Pod,
            Object::ReplicaSet(_) => Kind::ReplicaSet,
            Object::Deployment(_) => Kind::Deployment,
            Object::Event(_) => Kind::Event,
        }
    }
    pub fn meta(&self) -> &ObjectMeta {
        match self {
            Object::Namespace(o) => &o.metadata,
            Object::Node(o) => &o.metadata,
            Object::Pod(o) => &o.metadata,
            Object::ReplicaSet(o) => &o.metadata,
            Object::Deployment(o) => &o.metadata,
            Object::Event(o) => &o.metadata,
        }
    }
    /// The object as Kubernetes JSON (struct field order, as `kubectl get -o json` prints).
    ///
    /// Written as JSON text and read back (`json_text`, exactly) rather than built with
    /// `serde_json::to_value`: the pod-template hash already needs the text writer for the
    /// pod types, and one serializer instead of two is ~6 KB less gzipped wasm (issue 9).
    pub fn to_json(&self) -> serde_json::Value {
        let text = match self {
            Object::Namespace(o) => serde_json::to_string(o),
            Object::Node(o) => serde_json::to_string(o),
            Object::Pod(o) => serde_json::to_string(o),
            Object::ReplicaSet(o) => serde_json::to_string(o),
            Object::Deployment(o) => serde_json::to_string(o),
            Object::Event(o) => serde_json::to_string(o),
        };
        // Serializing plain structs of strings and numbers cannot fail.
        text.ok()
            .and_then(|t| json_text::read(&t))
            .unwrap_or(serde_json::Value::Null)
    }
    /// Decodes one object from Kubernetes JSON by its `kind` (lenient: unknown fields ignored).
    pub fn from_json(v: serde_json::Value) -> Result<Object, String> {
        let kind = v
            .get("kind")
            .and_then(|k| k.as_str())
            .unwrap_or("")
            .to_string();
        fn de<T: DeserializeOwned>(v: serde_json::Value) -> Result<T, String> {
            crate::value_de::from_value(&v)
                .map(|(t, _unknown)| t)
                .map_err(|e| e.to_string())
        }
        Ok(match kind.as_str() {
            "Namespace" => Object::Namespace(de(v)?),
            "Node" => Object::Node(de(v)?),
            "Pod" => Object::Pod(de(v)?),
            "ReplicaSet" => Object::ReplicaSet(de(v)?),
            "Deployment" => Object::Deployment(de(v)?),
            "Event" => Object::Event(de(v)?),
            "" => return Err("Object 'Kind' is missing".into()),
            k => return Err(format!("no matches for kind \"{k}\" in the simulator")),
        })
    }
}
