//! `core/v1` Event, as the kubelet and controllers record them (client-go's recorder).

use super::meta::ObjectMeta;
use crate::time::{MicroTime, Time};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

/// A field that is usually one of a few constants ("v1", "Normal", "Pulled", "kubelet" …):
/// a constant is interned (one copy, shared by every event that names it), any other
/// string is a [`Shared`] copy. 16 bytes, where a `Cow<'static, str>` takes 24. Read as
/// `&str`; serialised and parsed exactly as a `String`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Shared);

impl Text {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

fn is_empty(s: &Text) -> bool {
    is_blank(&s.0)
}

impl From<&'static str> for Text {
    /// Interned by address: the constants are the program's own strings, a bounded set.
    fn from(s: &'static str) -> Self {
        thread_local! {
            static INTERNED: RefCell<HashMap<(usize, usize), Shared, crate::record::Fx>> =
                RefCell::default();
        }
        if s.is_empty() {
            return Text::default();
        }
        INTERNED.with_borrow_mut(|interned| {
            let copy = interned
                .entry((s.as_ptr() as usize, s.len()))
                .or_insert_with(|| Shared::from(s));
            Text(copy.clone())
        })
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Shared::from(s))
    }
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

/// Reads, comparisons with strings, printing and serde for the string types below: each
/// reads as its `as_str()` and is serialised and parsed exactly as a `String`.
macro_rules! string_like {
    ($($t:ident),*) => {$(
        impl std::ops::Deref for $t {
            type Target = str;
            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<String> for $t {
            fn eq(&self, other: &String) -> bool {
                self.as_str() == other
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map($t::from)
            }
        }
    )*};
}

string_like!(Text, Shared);

/// A part of an event that consecutive events usually have in common (the involved
/// object, the source): held once behind a reference count, so each stored event carries a
/// pointer instead of the whole part. Reads and writes go through to the part (a write to a
/// part that other events share copies it first). Serialised and parsed exactly as the part.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SharedPart<T>(Rc<T>);

impl<T> SharedPart<T> {
    pub fn new(part: T) -> Self {
        SharedPart(Rc::new(part))
    }
    /// Whether both are the same allocation (not just equal).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for SharedPart<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> std::ops::DerefMut for SharedPart<T> {
    fn deref_mut(&mut self) -> &mut T {
        Rc::make_mut(&mut self.0)
    }
}

impl<T> From<T> for SharedPart<T> {
    fn from(part: T) -> Self {
        SharedPart::new(part)
    }
}

impl<T: fmt::Debug> fmt::Debug for SharedPart<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
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
    /// Shared with the previous event when it was about the same object and container.
    #[serde(default)]
    pub involved_object: SharedPart<ObjectReference>,
    #[serde(default)]
    pub reason: Text,
    /// Shared by events with the same message (a kubelet's "Created container web" …).
    #[serde(default)]
    pub message: Shared,
    /// Shared by a component's events.
    #[serde(default)]
    pub source: SharedPart<EventSource>,
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
    /// Shared, as the strings above, by the events about one object (and container).
    #[serde(default, skip_serializing_if = "is_blank")]
    pub resource_version: Shared,
    #[serde(default, skip_serializing_if = "is_blank")]
    pub field_path: Shared,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventSource {
    #[serde(default, skip_serializing_if = "is_empty")]
    pub component: Text,
    #[serde(default, skip_serializing_if = "is_blank")]
    pub host: Shared,
}
