//! `core/v1` Event, as the kubelet and controllers record them (client-go's recorder).

use super::meta::ObjectMeta;
use crate::time::{MicroTime, Time};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::rc::Rc;

/// A field that is usually one of a few constants ("v1", "Normal", "Pulled", "kubelet" …):
/// the recorder borrows those instead of allocating a copy per event. Read as `&str`;
/// serialised and parsed exactly as a `String`.
pub type Text = Cow<'static, str>;

fn is_empty(s: &Text) -> bool {
    s.is_empty()
}

/// A string the recorder shares between events: the reporting host, an involved object's
/// namespace, name and uid (a kubelet reports several events about one pod in a row). A
/// clone is a reference count, not a copy. Read as `&str`; serialised and parsed exactly
/// as a `String`.
///
/// The empty string is `None`: a default (as in `..Default::default()`) allocates
/// nothing. No `Some("")` is ever made, so the derived comparisons are those of `str`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shared(Option<Rc<str>>);

impl Shared {
    pub fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or_default()
    }
}

fn is_blank(s: &Shared) -> bool {
    s.0.is_none()
}

impl std::ops::Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Self {
        Shared((!s.is_empty()).then(|| Rc::from(s)))
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Self {
        Shared((!s.is_empty()).then(|| Rc::from(s)))
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Shared {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Shared::from)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(default)]
    pub api_version: Text,
    #[serde(default)]
    pub kind: Text,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub involved_object: ObjectReference,
    #[serde(default)]
    pub reason: Text,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub source: EventSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_timestamp: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_timestamp: Option<Time>,
    #[serde(default)]
    pub count: i32,
    #[serde(default, rename = "type")]
    pub type_: Text,
    /// Written even when unset, as Go writes it (`metav1.MicroTime` is a struct: `omitempty`
    /// never drops it; its zero value marshals as `null`).
    #[serde(default)]
    pub event_time: Option<MicroTime>,
    /// Written even when empty (no `omitempty` on `reportingComponent`, `reportingInstance`):
    /// controllers leave the instance empty, aggregate events both.
    #[serde(default)]
    pub reporting_component: Text,
    #[serde(default)]
    pub reporting_instance: Shared,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    #[serde(default, skip_serializing_if = "is_empty")]
    pub kind: Text,
    #[serde(default, skip_serializing_if = "is_blank")]
    pub namespace: Shared,
    #[serde(default, skip_serializing_if = "is_blank")]
    pub name: Shared,
    #[serde(default, skip_serializing_if = "is_blank")]
    pub uid: Shared,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub api_version: Text,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field_path: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventSource {
    #[serde(default, skip_serializing_if = "is_empty")]
    pub component: Text,
    #[serde(default, skip_serializing_if = "is_blank")]
    pub host: Shared,
}
