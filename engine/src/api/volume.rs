//! `Volume` and `VolumeMount`: accepted, kept and printed back as JSON (the simulator does
//! not mount anything), with the `name` kept apart so that pods share the rest.
//!
//! Why: the ServiceAccount admission gives every pod the same projected token volume and
//! the same mount under a per-pod name (`kube-api-access-xxxxx`). As whole JSON trees they
//! were ~30 allocations and ~9 KB per pod; split, a pod holds its name and a reference.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use std::fmt;
use std::rc::Rc;

/// A JSON object of a keyed list (`volumes`, `volumeMounts`) split into its `name` and the
/// remaining fields, shared between pods. Serializes exactly as the whole object.
#[derive(Clone, PartialEq)]
pub struct Named {
    /// `None` when the object has no string `name` (then `rest` is the value as written).
    name: Option<Rc<str>>,
    /// The object without `name`.
    rest: Rc<Value>,
}

/// A pod's `spec.volumes` entry.
pub type Volume = Named;
/// A container's `volumeMounts` entry.
pub type VolumeMount = Named;

impl Named {
    /// `rest` is the object's other fields (it must not hold `name`): share one `Rc`
    /// between all the objects that differ only by name.
    pub fn new(name: Rc<str>, rest: Rc<Value>) -> Named {
        debug_assert!(rest.is_object() && rest.get("name").is_none());
        Named {
            name: Some(name),
            rest,
        }
    }

    /// `name`, or "" when absent (or not a string).
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }

    /// `name` as a shared string (for the status, which repeats it on every sync).
    pub fn shared_name(&self) -> Rc<str> {
        self.name.clone().unwrap_or_else(|| Rc::from(""))
    }

    /// A field other than `name` (see `name`).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.rest.get(key)
    }
}

/// Splits `name` off an object; any other value is kept whole.
impl From<Value> for Named {
    fn from(mut v: Value) -> Named {
        let name = match v.as_object_mut() {
            Some(o) if o.get("name").is_some_and(Value::is_string) => match o.remove("name") {
                Some(Value::String(s)) => Some(Rc::from(s)),
                _ => None,
            },
            _ => None,
        };
        Named {
            name,
            rest: Rc::new(v),
        }
    }
}

/// A field of the whole object: the name, or one of the others.
enum Field<'a> {
    Name(&'a str),
    Other(&'a Value),
}

impl Named {
    /// The whole object's fields in serde_json's order (sorted by key: `name` goes back
    /// between the keys that sort before and after it); `None` if it is not split.
    fn fields(&self) -> Option<impl Iterator<Item = (&str, Field<'_>)>> {
        let (Some(name), Value::Object(rest)) = (&self.name, &*self.rest) else {
            return None;
        };
        fn other<'a>((k, v): (&'a String, &'a Value)) -> (&'a str, Field<'a>) {
            (k, Field::Other(v))
        }
        let before = rest.iter().filter(|(k, _)| k.as_str() < "name").map(other);
        let after = rest.iter().filter(|(k, _)| k.as_str() > "name").map(other);
        let name = std::iter::once(("name", Field::Name(name)));
        Some(before.chain(name).chain(after))
    }
}

impl Serialize for Field<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Name(n) => s.serialize_str(n),
            Field::Other(v) => v.serialize(s),
        }
    }
}

/// As `Value` prints it (`String("…")`).
impl fmt::Debug for Field<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Name(n) => write!(f, "String({n:?})"),
            Field::Other(v) => v.fmt(f),
        }
    }
}

/// Byte-identical to the unsplit object.
impl Serialize for Named {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Some(fields) = self.fields() else {
            return self.rest.serialize(s);
        };
        let rest_len = self.rest.as_object().map_or(0, |o| o.len());
        let mut map = s.serialize_map(Some(rest_len + 1))?;
        for (k, v) in fields {
            map.serialize_entry(k, &v)?;
        }
        map.end()
    }
}

/// As the unsplit `Value` prints (the determinism golden digests the store's `{:?}`).
impl fmt::Debug for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(fields) = self.fields() else {
            return self.rest.fmt(f);
        };
        f.write_str("Object ")?;
        f.debug_map().entries(fields).finish()
    }
}

impl<'de> Deserialize<'de> for Named {
    /// Accepts any JSON, as the `Value` it replaces did.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Named, D::Error> {
        Value::deserialize(d).map(Named::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Round trips byte-identically, `name` in its sorted place, odd input kept as written.
    #[test]
    fn serializes_as_the_whole_object() {
        for v in [
            json!({"name": "a", "emptyDir": {}}),
            json!({"name": "kube-api-access-x", "projected": {"defaultMode": 420}}),
            json!({"mountPath": "/m", "name": "n", "readOnly": true, "subPath": "s"}),
            json!({"name": "only"}),
            json!({"emptyDir": {}}),
            json!({"name": 7, "secret": {}}),
            json!({}),
            json!("text"),
            json!(null),
        ] {
            let n = Named::from(v.clone());
            let text = serde_json::to_string(&n).expect("json");
            assert_eq!(text, serde_json::to_string(&v).expect("json"));
            assert_eq!(serde_json::to_value(&n).expect("value"), v);
            let back: Named = serde_json::from_str(&text).expect("decode");
            assert_eq!(back, n);
            assert_eq!(format!("{n:?}"), format!("{v:?}"));
            assert_eq!(format!("{n:#?}"), format!("{v:#?}"));
        }
        let n = Named::from(json!({"name": "a", "hostPath": {"path": "/p"}}));
        assert_eq!(n.name(), "a");
        assert_eq!(n.get("hostPath"), Some(&json!({"path": "/p"})));
        assert_eq!(Named::from(json!({"name": 7})).name(), "");
    }
}
