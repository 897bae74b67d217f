//! One serde deserializer over a borrowed `serde_json::Value` that, in the same pass, records
//! the paths of unknown (ignored) fields and the path at which a type error happened.
//!
//! Why not `serde_ignored` + `serde_path_to_error`: each wrapper instantiates every
//! `Deserialize` impl of the API once more (together ~600 KB of wasm before wasm-opt,
//! docs/performance.md). Every typed decode of the engine (manifests, `import`, scenarios)
//! goes through this one deserializer, so the derive code exists once in the bundle.
//!
//! Paths are written as `serde_path_to_error` writes them (`spec.template.spec.containers[0].
//! name`, `.` for the root), which is also sigs.k8s.io/json's form for unknown fields.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Unexpected, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;

/// A decoding error: serde's message and, when below the root, where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    msg: String,
    path: Option<String>,
}

impl Error {
    /// `spec.replicas`, or `.` for the root.
    pub fn path(&self) -> &str {
        self.path.as_deref().unwrap_or(".")
    }
    /// serde's message without the path (`invalid type: string "three", expected i32`).
    pub fn message(&self) -> &str {
        &self.msg
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            msg: msg.to_string(),
            path: None,
        }
    }
    // As serde_json words them: JSON says `null` where serde says `unit value`.
    fn invalid_type(unexp: Unexpected, exp: &dyn de::Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid type: {}, expected {exp}",
            Json(unexp)
        ))
    }
    fn invalid_value(unexp: Unexpected, exp: &dyn de::Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid value: {}, expected {exp}",
            Json(unexp)
        ))
    }
}

struct Json<'a>(Unexpected<'a>);

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Unit => f.write_str("null"),
            u => u.fmt(f),
        }
    }
}

/// Decodes `T` from `v`; on success also returns the paths of the fields `T` ignored.
pub fn from_value<T: DeserializeOwned>(v: &Value) -> Result<(T, Vec<String>), Error> {
    let state = State::default();
    let t = T::deserialize(De { v, st: &state })?;
    Ok((t, state.unknown.into_inner()))
}

enum Seg<'de> {
    Key(&'de str),
    Index(usize),
}

#[derive(Default)]
struct State<'de> {
    path: RefCell<Vec<Seg<'de>>>,
    unknown: RefCell<Vec<String>>,
}

impl<'de> State<'de> {
    fn path_string(&self) -> String {
        let mut s = String::new();
        for seg in self.path.borrow().iter() {
            match seg {
                Seg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Seg::Index(i) => {
                    s.push('[');
                    s.push_str(&i.to_string());
                    s.push(']');
                }
            }
        }
        s
    }

    /// Deserializes `v` one segment below the current path; the innermost failure names it.
    /// Instantiated once per decoded type (issue #9: ~100 copies), so the path work is in the
    /// non-generic `enter` and `leave`.
    fn below<T>(&self, seg: Seg<'de>, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
        self.enter(seg);
        let mut r = f();
        self.leave(r.as_mut().err());
        r
    }

    #[inline(never)]
    fn enter(&self, seg: Seg<'de>) {
        self.path.borrow_mut().push(seg);
    }

    /// The innermost failure keeps its path; an outer `below` leaves it alone.
    #[inline(never)]
    fn leave(&self, failed: Option<&mut Error>) {
        if let Some(e) = failed {
            if e.path.is_none() {
                e.path = Some(self.path_string());
            }
        }
        self.path.borrow_mut().pop();
    }
}

/// Out of line: `Deserializer::mismatch` is instantiated once per visitor (~80).
#[inline(never)]
fn mismatch(v: &Value, exp: &dyn de::Expected) -> Error {
    de::Error::invalid_type(unexpected(v), exp)
}

/// serde_json's `Value` deserializer fails with `invalid length` when a visitor succeeds
/// before reading every element. Every visitor this deserializer meets (derived structs,
/// `Vec`, `BTreeMap`, `Value`, serde's untagged `Content`) reads to the end, so that error
/// cannot happen; it is checked in debug builds instead of being compiled into each of the ~80
/// instantiations (issue 9, bundle size). A visitor that stops early (a tuple, say) must
/// bring the check back.
fn drained(ok: bool, left: usize) {
    debug_assert!(
        !ok || left == 0,
        "a visitor succeeded before the end of its array or map"
    );
}

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

#[derive(Clone, Copy)]
struct De<'s, 'de> {
    v: &'de Value,
    st: &'s State<'de>,
}

impl<'s, 'de> De<'s, 'de> {
    fn visit_array<V: Visitor<'de>>(self, a: &'de [Value], visitor: V) -> Result<V::Value, Error> {
        let mut seq = Seq {
            it: a.iter().enumerate(),
            st: self.st,
        };
        let out = visitor.visit_seq(&mut seq);
        drained(out.is_ok(), seq.it.len());
        out
    }

    fn visit_object<V: Visitor<'de>>(
        self,
        m: &'de Map<String, Value>,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let mut map = MapAcc {
            it: m.iter(),
            value: None,
            st: self.st,
        };
        let out = visitor.visit_map(&mut map);
        drained(out.is_ok(), map.it.len());
        out
    }

    fn visit_number<V: Visitor<'de>>(
        n: &serde_json::Number,
        visitor: V,
    ) -> Result<V::Value, Error> {
        match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => visitor.visit_u64(u),
            (None, Some(i)) => visitor.visit_i64(i),
            _ => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
        }
    }

    /// The value is not of the JSON type the target asked for.
    fn mismatch<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        Err(mismatch(self.v, &visitor))
    }

    fn number<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Value::Number(n) => Self::visit_number(n, visitor),
            _ => self.mismatch(visitor),
        }
    }
}

/// Each `deserialize_*` visits only the JSON type its target accepts (as serde_json's own
/// `Value` deserializer does, but a struct never from an array, as in Go): the visitor's other
/// `visit_*` methods (a struct's positional `visit_seq`, for one) are never instantiated,
/// which keeps the derive code small.
impl<'s, 'de> de::Deserializer<'de> for De<'s, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => Self::visit_number(n, visitor),
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(a) => self.visit_array(a, visitor),
            Value::Object(m) => self.visit_object(m, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Value::Bool(b) => visitor.visit_bool(*b),
            _ => self.mismatch(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Value::String(s) => visitor.visit_borrowed_str(s),
            _ => self.mismatch(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Value::Null => visitor.visit_unit(),
            _ => self.mismatch(visitor),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Value::Array(a) => self.visit_array(a, visitor),
            _ => self.mismatch(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Value::Object(m) => self.visit_object(m, visitor),
            _ => self.mismatch(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! { i128 u128 bytes byte_buf }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.v {
            Value::String(s) => visitor.visit_enum(BorrowedStrDeserializer::<Error>::new(s)),
            Value::Object(m) => match single(m) {
                Some((k, v)) => visitor.visit_enum(Variant { k, v, st: self.st }),
                None => Err(de::Error::invalid_value(
                    Unexpected::Map,
                    &"map with a single key",
                )),
            },
            other => Err(de::Error::invalid_type(unexpected(other), &"string or map")),
        }
    }

    /// A field the target type does not know: remember where, skip the value.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.st.unknown.borrow_mut().push(self.st.path_string());
        visitor.visit_unit()
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
}

fn single(m: &Map<String, Value>) -> Option<(&String, &Value)> {
    let mut it = m.iter();
    match (it.next(), it.next()) {
        (Some(kv), None) => Some(kv),
        _ => None,
    }
}

struct Seq<'s, 'de> {
    it: std::iter::Enumerate<std::slice::Iter<'de, Value>>,
    st: &'s State<'de>,
}

impl<'s, 'de> de::SeqAccess<'de> for Seq<'s, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some((i, v)) = self.it.next() else {
            return Ok(None);
        };
        let st = self.st;
        st.below(Seg::Index(i), || seed.deserialize(De { v, st }).map(Some))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.it.len())
    }
}

struct MapAcc<'s, 'de> {
    it: serde_json::map::Iter<'de>,
    value: Option<(&'de str, &'de Value)>,
    st: &'s State<'de>,
}

impl<'s, 'de> de::MapAccess<'de> for MapAcc<'s, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((k, v)) = self.it.next() else {
            return Ok(None);
        };
        self.value = Some((k, v));
        seed.deserialize(BorrowedStrDeserializer::new(k)).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let Some((k, v)) = self.value.take() else {
            return Err(de::Error::custom("value is missing"));
        };
        let st = self.st;
        st.below(Seg::Key(k), || seed.deserialize(De { v, st }))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.it.len())
    }
}

/// `{"Variant": value}`, serde's externally tagged form.
struct Variant<'s, 'de> {
    k: &'de str,
    v: &'de Value,
    st: &'s State<'de>,
}

impl<'s, 'de> de::EnumAccess<'de> for Variant<'s, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), Error> {
        let tag = seed.deserialize(BorrowedStrDeserializer::new(self.k))?;
        Ok((tag, self))
    }
}

impl<'s, 'de> de::VariantAccess<'de> for Variant<'s, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.v {
            Value::Null => Ok(()),
            other => Err(de::Error::invalid_type(unexpected(other), &"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        let (v, st) = (self.v, self.st);
        st.below(Seg::Key(self.k), || seed.deserialize(De { v, st }))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        let (v, st) = (self.v, self.st);
        st.below(Seg::Key(self.k), || {
            de::Deserializer::deserialize_any(De { v, st }, visitor)
        })
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.tuple_variant(0, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        n: i32,
        #[serde(default)]
        labels: BTreeMap<String, String>,
        #[serde(default)]
        o: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[test]
    fn unknown_fields_are_named_by_path() {
        let v =
            json!({"items": [{"n": 1}, {"n": 2, "x": {"deep": 1}, "labels": {"a": "b"}}], "y": 3});
        let (o, unknown) = from_value::<Outer>(&v).expect("decodes");
        assert_eq!(o.items.len(), 2);
        assert_eq!(unknown, ["items[1].x", "y"]);
    }

    #[test]
    fn errors_name_the_innermost_path() {
        let v = json!({"items": [{"n": 1}, {"n": "two"}]});
        let e = from_value::<Outer>(&v).unwrap_err();
        assert_eq!(e.path(), "items[1].n");
        assert_eq!(e.message(), "invalid type: string \"two\", expected i32");
        let e = from_value::<Outer>(&json!({"items": [{"n": 1, "labels": {"a": 1}}]})).unwrap_err();
        assert_eq!(e.path(), "items[0].labels.a");
        let e = from_value::<Outer>(&json!({"items": [{}]})).unwrap_err();
        assert_eq!((e.path(), e.message()), ("items[0]", "missing field `n`"));
        let e = from_value::<Outer>(&json!([[]])).unwrap_err();
        assert_eq!(
            (e.path(), e.message()),
            (".", "invalid type: sequence, expected struct Outer")
        );
        let e = from_value::<Outer>(&json!({"items": null})).unwrap_err();
        assert_eq!(e.message(), "invalid type: null, expected a sequence");
    }
}
