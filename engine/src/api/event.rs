//! `core/v1` Event, as the kubelet and controllers record them (client-go's recorder).

use super::meta::ObjectMeta;
use crate::time::{MicroTime, Time};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A field that is usually one of a few constants ("v1", "Normal", "Pulled", "kubelet" …):
/// the recorder borrows those instead of allocating a copy per event. Read as `&str`;
/// serialised and parsed exactly as a `String`.
pub type Text = Cow<'static, str>;

fn is_empty(s: &Text) -> bool {
    s.is_empty()
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
    pub reporting_instance: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    #[serde(default, skip_serializing_if = "is_empty")]
    pub kind: Text,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
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
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub host: String,
}
