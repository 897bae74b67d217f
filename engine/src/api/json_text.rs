//! Reads the compact JSON text serde_json writes for an object back into the `Value` that
//! `serde_json::to_value` builds for it.
//!
//! Why (issue 9, bundle size): `Object::to_json` writes text with the serializer the
//! pod-template hash already needs, instead of compiling a second serializer (into `Value`)
//! for every API type. serde_json's own reader is not used for the way back: without its
//! `float_roundtrip` feature (+8 KB of wasm) it can round a 16–17-digit float in an opaque
//! field (`securityContext`, `affinity`, …) to a neighbouring double. Here floats go through
//! std's exact parser, so every number reads back bit for bit.

use serde_json::{Map, Number, Value};

/// The value `text` (serde_json's compact output) spells; `None` if it is not such text.
pub fn read(text: &str) -> Option<Value> {
    let mut r = Reader { s: text, i: 0 };
    let v = r.value()?;
    (r.i == text.len()).then_some(v)
}

struct Reader<'a> {
    s: &'a str,
    i: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        self.i += usize::from(hit);
        hit
    }

    fn value(&mut self) -> Option<Value> {
        match self.peek()? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => self.string().map(Value::String),
            b't' => self.word("true", Value::Bool(true)),
            b'f' => self.word("false", Value::Bool(false)),
            b'n' => self.word("null", Value::Null),
            _ => self.number().map(Value::Number),
        }
    }

    fn word(&mut self, w: &str, v: Value) -> Option<Value> {
        let hit = self.s[self.i..].starts_with(w);
        self.i += if hit { w.len() } else { 0 };
        hit.then_some(v)
    }

    fn object(&mut self) -> Option<Value> {
        self.i += 1;
        let mut m = Map::new();
        if self.eat(b'}') {
            return Some(Value::Object(m));
        }
        loop {
            let k = self.string()?;
            if !self.eat(b':') {
                return None;
            }
            let v = self.value()?;
            m.insert(k, v);
            if self.eat(b'}') {
                return Some(Value::Object(m));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn array(&mut self) -> Option<Value> {
        self.i += 1;
        let mut a = Vec::new();
        if self.eat(b']') {
            return Some(Value::Array(a));
        }
        loop {
            a.push(self.value()?);
            if self.eat(b']') {
                return Some(Value::Array(a));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let mut out = String::new();
        loop {
            let start = self.i;
            while !matches!(self.peek()?, b'"' | b'\\') {
                self.i += 1;
            }
            // Split only at ASCII bytes, so both ends are character boundaries.
            out.push_str(self.s.get(start..self.i)?);
            if self.eat(b'"') {
                return Some(out);
            }
            self.i += 1;
            let c = match self.peek()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                // serde_json writes `\u00XX` for the other control characters only.
                b'u' => {
                    let hex = self.s.get(self.i + 1..self.i + 5)?;
                    self.i += 4;
                    char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                }
                _ => return None,
            };
            self.i += 1;
            out.push(c);
        }
    }

    /// As serde_json reads them: integers as u64 (i64 when negative), the rest as f64.
    fn number(&mut self) -> Option<Number> {
        let start = self.i;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.i += 1;
        }
        let tok = &self.s[start..self.i];
        if tok.contains(['.', 'e', 'E']) {
            Number::from_f64(tok.parse().ok()?)
        } else if tok.starts_with('-') {
            tok.parse::<i64>().ok().map(Number::from)
        } else {
            tok.parse::<u64>().ok().map(Number::from)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_back_what_serde_json_writes() {
        let v = json!({
            "s": "plain \"quoted\" back\\slash / tab\t nl\n cr\r \u{8}\u{c}\u{1}\u{1f}\u{7f} é ✓ 😀",
            "ints": [0, 1, -1, u64::MAX, i64::MIN, i64::MAX],
            "floats": [0.5, -0.0, 1e21, 1.5e-7, 5e-324, 1.7976931348623157e308,
                1.2345678901234567, 0.30000000000000004, 2.2250738585072014e-308],
            "nested": {"a": [], "b": {}, "c": [{"d": null, "e": true, "f": false}]},
            "": ""
        });
        let text = serde_json::to_string(&v).expect("json");
        let back = read(&text).expect("reads");
        assert_eq!(back, v);
        assert_eq!(serde_json::to_string(&back).expect("json"), text);
        for f in v["floats"].as_array().expect("floats") {
            let back = read(&f.to_string()).expect("reads");
            assert_eq!(
                back.as_f64().map(f64::to_bits),
                f.as_f64().map(f64::to_bits)
            );
        }
    }

    /// `Object::to_json` builds the tree `serde_json::to_value` builds, opaque fields and
    /// their floats included.
    #[test]
    fn objects_read_back_as_to_value_builds_them() {
        let pod: crate::api::Pod = serde_json::from_value(json!({
            "metadata": {"name": "web", "labels": {"app": "web"}, "annotations": {"a": "é\n"}},
            "spec": {
                "containers": [{"name": "c", "image": "nginx", "securityContext":
                    {"runAsUser": 1.2345678901234567, "x": [5e-324, -0.0, 1e300, -7]}}],
                "affinity": {"w": 0.30000000000000004},
                "volumes": [{"name": "v", "emptyDir": {"sizeLimit": 2.5}}]
            },
            "status": {"phase": "Running", "containerStatuses": [{"name": "c", "restartCount": 3}]}
        }))
        .expect("pod");
        let want = serde_json::to_value(&pod).expect("value");
        let got = crate::api::Object::Pod(pod).to_json();
        assert_eq!(got, want);
        assert_eq!(got.to_string(), want.to_string());
    }

    #[test]
    fn refuses_what_serde_json_does_not_write() {
        for bad in [
            "", "{", "[1,]", "{\"a\"}", "\"open", "\"\\x\"", "tru", "1 ", "--1", "1.2.3",
        ] {
            assert_eq!(read(bad), None, "{bad:?}");
        }
    }
}
