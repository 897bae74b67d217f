//! `metav1.ObjectMeta`, owner references and label selectors.

use crate::time::Time;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::rc::Rc;

pub type Labels = BTreeMap<String, String>;

fn is_zero_i64(v: &i64) -> bool {
    *v == 0
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub generate_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub generation: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "SharedLabels::is_empty")]
    pub labels: SharedLabels,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "OwnerReferences::is_empty")]
    pub owner_references: OwnerReferences,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
    /// Accepted and kept for round-tripping `-o yaml`; the simulator does not model field managers.
    /// Boxed: almost never set, and every object (each event too) holds the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_fields: Option<Box<serde_json::Value>>,
}

/// A field shared copy-on-write: `DerefMut` (or `make_mut`) copies it when shared; every
/// empty one shares one value. Serialized, compared and `Debug`-printed exactly as `$t`.
macro_rules! shared {
    ($(#[$doc:meta])* $name:ident, $t:ty, $empty:ident) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name(Rc<$t>);

        thread_local! {
            static $empty: Rc<$t> = Rc::default();
        }

        impl $name {
            /// The value to write (copied first when shared).
            pub fn make_mut(&mut self) -> &mut $t {
                Rc::make_mut(&mut self.0)
            }
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name($empty.with(Rc::clone))
            }
        }

        impl Deref for $name {
            type Target = $t;
            fn deref(&self) -> &$t {
                &self.0
            }
        }

        /// Copy-on-write, as `make_mut`.
        impl DerefMut for $name {
            fn deref_mut(&mut self) -> &mut $t {
                self.make_mut()
            }
        }

        impl From<$t> for $name {
            fn from(v: $t) -> Self {
                $name(Rc::new(v))
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                Rc::ptr_eq(&self.0, &other.0) || self.0 == other.0
            }
        }

        impl PartialEq<$t> for $name {
            fn eq(&self, other: &$t) -> bool {
                *self.0 == *other
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$t>::deserialize(d).map($name::from)
            }
        }
    };
}

shared!(
    /// An object's labels: a pod shares its template's (it copies them verbatim,
    /// `GetPodFromTemplate`) and a copy of an object shares them.
    SharedLabels,
    Labels,
    NO_LABELS
);

shared!(
    /// An object's owner references: the pods a ReplicaSet creates in one sync share one
    /// list, and a copy of an object shares it.
    OwnerReferences,
    Vec<OwnerReference>,
    NO_OWNERS
);

impl ObjectMeta {
    /// The owner reference with `controller: true`, if any (`metav1.GetControllerOf`).
    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        self.owner_references
            .iter()
            .find(|r| r.controller == Some(true))
    }
    pub fn is_deleting(&self) -> bool {
        self.deletion_timestamp.is_some()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: Labels,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

impl LabelSelector {
    /// Whether `labels` satisfy this selector (`metav1.LabelSelectorAsSelector` semantics).
    /// An empty selector matches everything, as in Kubernetes.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| {
                let have = labels.get(&r.key);
                match r.operator.as_str() {
                    "In" => have.is_some_and(|v| r.values.contains(v)),
                    "NotIn" => !have.is_some_and(|v| r.values.contains(v)),
                    "Exists" => have.is_some(),
                    "DoesNotExist" => have.is_none(),
                    _ => false,
                }
            })
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// The selector as kubectl prints it in wide output (`app=web,pod-template-hash=7d9c`).
    pub fn to_selector_string(&self) -> String {
        let mut parts: Vec<String> = self
            .match_labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for r in &self.match_expressions {
            let vals = {
                let mut v = r.values.clone();
                crate::sort::stable(&mut v);
                v.join(",")
            };
            parts.push(match r.operator.as_str() {
                "In" => format!("{} in ({vals})", r.key),
                "NotIn" => format!("{} notin ({vals})", r.key),
                "Exists" => r.key.clone(),
                "DoesNotExist" => format!("!{}", r.key),
                op => format!("{} {op} ({vals})", r.key),
            });
        }
        crate::sort::stable(&mut parts);
        parts.join(",")
    }
}

/// `metav1.Condition`-like shape shared by the condition lists this simulator keeps.
pub fn labels_string(labels: &Labels) -> String {
    if labels.is_empty() {
        return "<none>".into();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}
