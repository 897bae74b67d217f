//! Manifests: YAML and JSON documents into Kubernetes JSON, as kubectl reads them, and
//! `import`.
//!
//! kubectl splits a stream at `---` lines (`k8s.io/apimachinery/pkg/util/yaml`
//! `YAMLReader`), sniffs JSON by a leading `{`, and converts each YAML document with
//! `sigs.k8s.io/yaml.YAMLToJSON`, which parses with go-yaml v2: YAML 1.1 scalars (`yes`,
//! `on` are booleans, `0755` is a number) and libyaml's error texts with a line number
//! relative to the document. The parser here is `saphyr-parser` (events); the scalar
//! resolution and the error wording follow go-yaml (see docs/kubectl.md for the choice).

use crate::api::Object;
use crate::apiserver::errors::ApiError;
use crate::apiserver::validation;
use crate::apiserver::ObjectKey;
use crate::Cluster;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;

/// Largest input accepted, in bytes (a "huge paste" is refused, not parsed).
pub const MAX_INPUT: usize = 1 << 20;

/// The documents of a stream, each with the line (1-based) it starts at.
pub fn split_documents(text: &str) -> Vec<(usize, String)> {
    let mut docs = Vec::new();
    let mut cur = String::new();
    let mut start = 1;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let is_sep = line
            .strip_prefix("---")
            .is_some_and(|rest| rest.trim().is_empty());
        if is_sep {
            docs.push((start, std::mem::take(&mut cur)));
            start = i + 2;
        } else {
            cur.push_str(line);
        }
    }
    docs.push((start, cur));
    docs
}

/// Decodes a stream (YAML or JSON) into its documents' JSON values; `List` objects are
/// expanded into their items and empty documents skipped, as kubectl's resource builder
/// does. The error is kubectl's text after `error parsing <source>: `.
pub fn decode_stream(text: &str) -> Result<Vec<Value>, String> {
    if text.len() > MAX_INPUT {
        return Err(format!(
            "input is {} bytes, larger than the {} bytes this console accepts",
            text.len(),
            MAX_INPUT
        ));
    }
    let mut values = Vec::new();
    if text.trim_start().starts_with('{') {
        let stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        for v in stream {
            values.push(v.map_err(|e| e.to_string())?);
        }
    } else {
        for (_, doc) in split_documents(text) {
            let v =
                yaml_to_json(&doc).map_err(|e| format!("error converting YAML to JSON: {e}"))?;
            values.push(v);
        }
    }
    let mut out = Vec::new();
    for v in values {
        match v {
            Value::Null => {}
            Value::Object(ref m) if m.is_empty() => {}
            Value::Object(ref m)
                if m.get("kind")
                    .and_then(Value::as_str)
                    .is_some_and(|k| k.ends_with("List"))
                    && m.get("items").is_some_and(Value::is_array) =>
            {
                if let Some(Value::Array(items)) = m.get("items") {
                    out.extend(items.iter().cloned());
                }
            }
            v => out.push(v),
        }
    }
    Ok(out)
}

/// For an editor: the first YAML syntax error of a (multi-document) text, as the 1-based
/// line of the problem in the whole text, and kubectl's message (whose `yaml: line N:`
/// counts within the document, and for parser errors such as `did not find expected key`
/// names the line before the problem, go-yaml's quirk).
pub fn first_yaml_error(text: &str) -> Option<(usize, String)> {
    if text.trim_start().starts_with('{') {
        return None;
    }
    for (start, doc) in split_documents(text) {
        if let Err(e) = yaml_to_json(&doc) {
            let line = e
                .strip_prefix("yaml: line ")
                .and_then(|r| r.split(':').next())
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(1);
            let parser_error = e.contains(": did not find expected");
            return Some((start + line.max(1) - 1 + usize::from(parser_error), e));
        }
    }
    None
}

/// Where an editor marks a YAML syntax error: 1-based line and column in the whole text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlErrorAt {
    pub line: usize,
    pub column: usize,
    /// kubectl's text (`yaml: line N: …`, N counted within the document as go-yaml does).
    pub message: String,
}

/// For an editor: the first YAML syntax error with the position the scanner marks (the
/// token it could not take), which is where a reader looks; [`first_yaml_error`] keeps
/// go-yaml's line arithmetic for the message.
pub fn first_yaml_error_at(text: &str) -> Option<YamlErrorAt> {
    if text.trim_start().starts_with('{') {
        return None;
    }
    for (start, doc) in split_documents(text) {
        let Err(message) = yaml_to_json(&doc) else {
            continue;
        };
        let marked = Parser::new_from_str(&doc).find_map(|item| item.err());
        let (line, column) = match marked {
            Some(e) => (start + e.marker().line().max(1) - 1, e.marker().col() + 1),
            // Not a scanner error (an unknown anchor): the document's first line.
            None => (start, 1),
        };
        return Some(YamlErrorAt {
            line,
            column,
            message,
        });
    }
    None
}

/// Kept for callers of the first cut: JSON or YAML documents.
pub fn decode_documents(text: &str) -> Result<Vec<Value>, String> {
    decode_stream(text)
}

/// One YAML document to JSON, go-yaml style. Errors read `yaml: line N: <problem>`.
pub fn yaml_to_json(doc: &str) -> Result<Value, String> {
    let mut builder = Builder::default();
    let mut docs_seen = 0;
    for item in Parser::new_from_str(doc) {
        let (event, _span) = item.map_err(|e| go_yaml_error(&e, doc))?;
        match event {
            Event::DocumentStart(_) => {
                docs_seen += 1;
                if docs_seen > 1 {
                    break;
                }
            }
            Event::DocumentEnd | Event::StreamEnd => {
                if builder.done.is_some() {
                    break;
                }
            }
            ev => builder.event(ev)?,
        }
    }
    Ok(builder.done.unwrap_or(Value::Null))
}

enum Frame {
    Seq(Vec<Value>, usize),
    Map(Map<String, Value>, Option<String>, usize),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Value>,
    done: Option<Value>,
}

impl Builder {
    fn event(&mut self, ev: Event<'_>) -> Result<(), String> {
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let tag = tag.map(|t| t.suffix.clone());
                let is_key = matches!(self.stack.last(), Some(Frame::Map(_, None, _)));
                let v = resolve_scalar(&text, style, tag.as_deref());
                let v = if is_key {
                    Value::String(key_string(&text, v))
                } else {
                    v
                };
                self.value(v, anchor);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq(Vec::new(), anchor)),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map(Map::new(), None, anchor)),
            Event::SequenceEnd | Event::MappingEnd => {
                let (v, anchor) = match self.stack.pop() {
                    Some(Frame::Seq(items, a)) => (Value::Array(items), a),
                    Some(Frame::Map(m, _, a)) => (Value::Object(m), a),
                    None => return Ok(()),
                };
                self.value(v, anchor);
            }
            Event::Alias(id) => {
                let v = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| "yaml: unknown anchor referenced".to_string())?;
                self.value(v, 0);
            }
            _ => {}
        }
        Ok(())
    }

    fn value(&mut self, v: Value, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, v.clone());
        }
        match self.stack.last_mut() {
            None => self.done = Some(v),
            Some(Frame::Seq(items, _)) => items.push(v),
            Some(Frame::Map(m, key, _)) => match key.take() {
                None => *key = Some(v.as_str().unwrap_or_default().to_string()),
                Some(k) => {
                    m.insert(k, v);
                }
            },
        }
    }
}

/// A mapping key as sigs.k8s.io/yaml turns it into a JSON key.
fn key_string(raw: &str, resolved: Value) -> String {
    match resolved {
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        _ => raw.to_string(),
    }
}

/// go-yaml v2 `resolve()` for a scalar, then to JSON.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    let s = || Value::String(text.to_string());
    match tag {
        Some("str") => return s(),
        Some("int") | Some("float") => {
            return number(text).unwrap_or_else(s);
        }
        Some("bool") => return yaml_bool(text).map(Value::Bool).unwrap_or_else(s),
        Some("null") => return Value::Null,
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return s();
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    if let Some(b) = yaml_bool(text) {
        return Value::Bool(b);
    }
    number(text).unwrap_or_else(s)
}

/// YAML 1.1 booleans as go-yaml v2 resolves them.
pub fn yaml_bool(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            Some(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            Some(false)
        }
        _ => None,
    }
}

/// An int (Go `ParseInt(s, 0, 64)` after removing `_`) or a float (go-yaml's float form).
fn number(text: &str) -> Option<Value> {
    let first = text.chars().next()?;
    if !("+-.0123456789".contains(first)) {
        return None;
    }
    let plain: String = text.chars().filter(|c| *c != '_').collect();
    if let Some(i) = go_parse_int(&plain) {
        return Some(Value::from(i));
    }
    if is_yaml_float(&plain) {
        return plain
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number);
    }
    None
}

/// `strconv.ParseInt(s, 0, 64)`: sign, then `0x`, `0o`, `0b`, leading-`0` octal, or decimal.
pub fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(digits, radix).ok()?;
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
pub fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - st
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// libyaml's problem texts as go-yaml prints them (`yaml: line N: …`). go-yaml reports a
/// scanner error's line 1-based and a parser error's line 0-based (its `fail()` adds 1
/// only for scanner errors), and no line at all when the mark is on the first line.
fn go_yaml_error(e: &ScanError, doc: &str) -> String {
    let info = e.info();
    let (problem, parser_error) = go_problem(info);
    let mut zero_based = e.marker().line().saturating_sub(1);
    if problem == "found unexpected end of stream" {
        // libyaml marks the end of the input, saphyr the start of the scalar.
        zero_based = doc.matches('\n').count();
    }
    let line = if parser_error {
        zero_based
    } else {
        zero_based + usize::from(zero_based > 0)
    };
    if line == 0 {
        format!("yaml: {problem}")
    } else {
        format!("yaml: line {line}: {problem}")
    }
}

fn go_problem(info: &str) -> (Cow<'static, str>, bool) {
    let stripped = match info.strip_prefix("while ") {
        Some(rest) => rest.split_once(", ").map_or(info, |x| x.1),
        None => info,
    };
    let parser = |s: &'static str| (Cow::Borrowed(s), true);
    let scanner = |s: &'static str| (Cow::Borrowed(s), false);
    match stripped {
        "did not find expected key" => parser("did not find expected key"),
        "did not find expected '-' indicator" => parser("did not find expected '-' indicator"),
        "did not find expected node content" => parser("did not find expected node content"),
        "did not find expected ',' or '}'" => parser("did not find expected ',' or '}'"),
        "expected ',' or ']'" => parser("did not find expected ',' or ']'"),
        "did not find expected <document start>" => {
            parser("did not find expected <document start>")
        }
        "simple key expect ':'" | "simple key expected" => scanner("could not find expected ':'"),
        "unexpected eof" => scanner("found unexpected end of stream"),
        s if s.starts_with("tab")
            || s.contains("found a tab")
            || s.starts_with("unexpected character") =>
        {
            scanner("found character that cannot start any token")
        }
        s => (Cow::Owned(s.to_string()), false),
    }
}

/// The CLI's `import`: objects go into the store exactly as given, status included. All or
/// nothing: every object is decoded and checked before the first is stored.
pub fn import(cluster: &mut Cluster, text: &str) -> Result<usize, String> {
    let docs = decode_stream(text)?;
    let objects: Vec<Object> = docs
        .into_iter()
        .map(Object::from_json)
        .collect::<Result<_, _>>()?;
    if objects.iter().any(|o| o.meta().name.is_empty()) {
        // The API server's own check, made before anything is stored.
        return Err("import: object has no metadata.name".into());
    }
    if let Some(e) = objects.iter().find_map(unselected_template) {
        return Err(e);
    }
    cluster
        .api
        .check_pod_room(new_pods(cluster, &objects))
        .map_err(|e| e.message)?;
    let n = objects.len();
    for o in objects {
        cluster.api.import(o).map_err(|e| e.message)?;
    }
    Ok(n)
}

/// Pods of the file the store does not hold yet (each key once; an empty namespace is
/// `default`, as the import stores it): what the storage quota must make room for.
fn new_pods(cluster: &Cluster, objects: &[Object]) -> usize {
    // The store's own set type for pod keys: no new map code in the wasm bundle.
    let keys: crate::apiserver::PodChanges = objects
        .iter()
        .filter_map(|o| match o {
            Object::Pod(p) => {
                let ns = match p.metadata.namespace.as_str() {
                    "" => "default",
                    ns => ns,
                };
                Some(ObjectKey::new(ns, &p.metadata.name))
            }
            _ => None,
        })
        .filter(|k| cluster.api.pods().get(k).is_none())
        .collect();
    keys.len()
}

/// A real cluster never stores a controller whose selector misses its template (validation
/// refuses it); imported, its controller would create pods it never counts, without end.
fn unselected_template(o: &Object) -> Option<String> {
    let (kind, name, template, selector) = match o {
        Object::ReplicaSet(rs) => (
            o.kind(),
            &rs.metadata.name,
            &rs.spec.template,
            &rs.spec.selector,
        ),
        Object::Deployment(d) => (
            o.kind(),
            &d.metadata.name,
            &d.spec.template,
            &d.spec.selector,
        ),
        _ => return None,
    };
    let mut errs = Vec::new();
    validation::selects_template(template, selector, &mut errs);
    (!errs.is_empty()).then(|| ApiError::invalid(kind, name, &errs).message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_1_1_scalars_like_go_yaml() {
        let v = yaml_to_json(
            "a: yes\nb: \"yes\"\nc: 0755\nd: 1.5\ne: ~\nf: 08\ng: nginx:1.25\nh: '3'\ni: 1_000\n",
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"a": true, "b": "yes", "c": 493, "d": 1.5, "e": null, "f": 8.0, "g": "nginx:1.25", "h": "3", "i": 1000})
        );
    }

    #[test]
    fn documents_split_at_separator_lines() {
        let docs =
            decode_stream("a: 1\n---\n---\nb: 2\n--- \nkind: List\nitems:\n- c: 3\n").unwrap();
        assert_eq!(
            docs,
            vec![json!({"a": 1}), json!({"b": 2}), json!({"c": 3})]
        );
    }

    #[test]
    fn errors_like_go_yaml() {
        // The classic: a value where a new key was expected.
        let e = yaml_to_json("metadata:\n  name: web\n  labels: app: web\n").unwrap_err();
        assert_eq!(
            e,
            "yaml: line 3: mapping values are not allowed in this context"
        );
        let e = yaml_to_json("a:\n  b: 1\n c: 2\n").unwrap_err();
        assert_eq!(e, "yaml: line 2: did not find expected key");
    }

    /// Texts checked against a real kubectl (v1.32 client, same go-yaml).
    #[test]
    fn errors_match_real_kubectl() {
        let head = "kind: Deployment\napiVersion: apps/v1\n";
        for (body, want) in [
            (
                "a: b\n  c: d\n",
                "yaml: line 2: mapping values are not allowed in this context",
            ),
            (
                &*format!("{head}metadata:\n\tname: x\n"),
                "yaml: line 4: found character that cannot start any token",
            ),
            (
                &*format!("{head}metadata:\n  name: \"x\n"),
                "yaml: line 5: found unexpected end of stream",
            ),
            (
                &*format!("{head}metadata:\n  name: x\n   labels: {{}}\n"),
                "yaml: line 5: mapping values are not allowed in this context",
            ),
            (
                &*format!("{head}metadata:\n  name: x\n labels: {{}}\n"),
                "yaml: line 4: did not find expected key",
            ),
            (
                &*format!("{head}spec:\n  containers:\n  - name: x\n   image: y\n"),
                "yaml: line 5: did not find expected key",
            ),
        ] {
            assert_eq!(yaml_to_json(body).unwrap_err(), want, "{body}");
        }
    }

    #[test]
    fn error_lines_in_the_whole_text() {
        let text = "a: 1\n---\nb: 2\nc:\n  d: 1\n e: 2\n";
        assert_eq!(
            first_yaml_error(text),
            Some((6, "yaml: line 3: did not find expected key".to_string()))
        );
        assert_eq!(first_yaml_error("a: 1\n"), None);
    }

    #[test]
    fn error_positions_for_an_editor() {
        let text = "a: 1\n---\nmetadata:\n  name: web\n  labels: app: web\n";
        let e = first_yaml_error_at(text).unwrap();
        assert_eq!((e.line, e.column), (5, 14));
        assert_eq!(
            e.message,
            "yaml: line 3: mapping values are not allowed in this context"
        );
        let e = first_yaml_error_at("a:\n  b: 1\n c: 2\n").unwrap();
        assert_eq!(e.line, 3);
        assert_eq!(first_yaml_error_at("a: 1\n"), None);
    }

    #[test]
    fn anchors_and_json() {
        let v = yaml_to_json("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(v, json!({"a": {"k": "v"}, "b": {"k": "v"}}));
        let docs = decode_stream("{\"kind\":\"Pod\"}").unwrap();
        assert_eq!(docs, vec![json!({"kind": "Pod"})]);
    }
}
