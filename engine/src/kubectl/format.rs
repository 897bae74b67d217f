//! `-o yaml` and `-o json` exactly as kubectl writes them.
//!
//! kubectl prints unstructured objects: JSON maps, so keys come out **sorted** in both
//! formats. `-o json` is Go's `json.MarshalIndent(obj, "", "    ")` (HTML-safe escapes:
//! `<`, `>`, `&` as `\u003c`…) plus a newline; `-o yaml` is `sigs.k8s.io/yaml.JSONToYAML`,
//! i.e. go-yaml v2's emitter: 2-space indent, sequences not indented under their key,
//! strings quoted only when needed, long plain and single-quoted strings folded at column 80.

use crate::manifest::{go_parse_int, is_yaml_float, yaml_bool};
use serde_json::Value;

/// Go's `json.MarshalIndent` with four spaces, keys sorted, and a final newline.
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    json_value(v, 0, &mut out);
    out.push('\n');
    out
}

/// Compact JSON as Go's `json.Marshal` writes it (keys sorted, HTML-safe).
pub fn to_json_compact(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::sort::stable(&mut keys);
            let parts: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", json_string(k), to_json_compact(&m[k.as_str()])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(to_json_compact).collect();
            format!("[{}]", parts.join(","))
        }
        Value::String(s) => json_string(s),
        other => other.to_string(),
    }
}

fn json_value(v: &Value, depth: usize, out: &mut String) {
    let pad = |d: usize| "    ".repeat(d);
    match v {
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::sort::stable(&mut keys);
            out.push_str("{\n");
            for (i, k) in keys.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&json_string(k));
                out.push_str(": ");
                json_value(&m[k.as_str()], depth + 1, out);
                out.push_str(if i + 1 < keys.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        Value::Array(a) => {
            out.push_str("[\n");
            for (i, item) in a.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                json_value(item, depth + 1, out);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        Value::String(s) => out.push_str(&json_string(s)),
        other => out.push_str(&other.to_string()),
    }
}

/// A JSON string literal with Go's escaping (`encoding/json` `encodeState.string`).
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// go-yaml v2's `best_width`.
const BEST_WIDTH: usize = 80;

/// The YAML document kubectl prints for a JSON value (a map at the top).
pub fn to_yaml(v: &Value) -> String {
    let mut e = Emitter::default();
    match v {
        Value::Object(m) if !m.is_empty() => e.map(m, 0),
        Value::Array(a) if !a.is_empty() => e.seq(a, 0),
        other => {
            e.scalar_value(other, 0, false);
            e.newline();
        }
    }
    e.out
}

#[derive(Default)]
struct Emitter {
    out: String,
    column: usize,
}

impl Emitter {
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        self.column += s.chars().count();
    }
    fn newline(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }
    fn indent(&mut self, n: usize) {
        if self.column > 0 {
            self.newline();
        }
        self.write(&" ".repeat(n));
    }

    fn map(&mut self, m: &serde_json::Map<String, Value>, indent: usize) {
        let mut keys: Vec<&String> = m.keys().collect();
        crate::sort::stable(&mut keys);
        for (i, k) in keys.into_iter().enumerate() {
            // The first key of a map inside a sequence item follows its "- ".
            if i > 0 || self.column == 0 {
                self.indent(indent);
            }
            self.scalar_str(k, indent, true);
            self.write(":");
            self.value_after_key(&m[k.as_str()], indent);
        }
        if self.column > 0 {
            self.newline();
        }
    }

    fn value_after_key(&mut self, v: &Value, indent: usize) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                self.newline();
                self.map(m, indent + 2);
            }
            Value::Array(a) if !a.is_empty() => {
                self.newline();
                self.seq(a, indent);
            }
            other => {
                self.write(" ");
                self.scalar_value(other, indent + 2, false);
                self.newline();
            }
        }
    }

    fn seq(&mut self, a: &[Value], indent: usize) {
        for (i, item) in a.iter().enumerate() {
            // A sequence inside a sequence item starts after the outer "- ".
            if i > 0 || self.column == 0 {
                self.indent(indent);
            }
            self.write("- ");
            match item {
                Value::Object(m) if !m.is_empty() => self.map(m, indent + 2),
                Value::Array(inner) if !inner.is_empty() => self.seq(inner, indent + 2),
                other => {
                    self.scalar_value(other, indent + 2, false);
                    self.newline();
                }
            }
        }
        if self.column > 0 {
            self.newline();
        }
    }

    fn scalar_value(&mut self, v: &Value, indent: usize, key: bool) {
        match v {
            Value::Null => self.write("null"),
            Value::Bool(b) => self.write(if *b { "true" } else { "false" }),
            Value::Number(n) => self.write(&go_number(n)),
            Value::String(s) => self.scalar_str(s, indent, key),
            Value::Object(_) => self.write("{}"),
            Value::Array(_) => self.write("[]"),
        }
    }

    fn scalar_str(&mut self, s: &str, indent: usize, key: bool) {
        let a = analyze(s);
        if !key && s.contains('\n') && a.block_allowed {
            return self.literal(s, indent);
        }
        if resolves_to_non_string(s) || a.special || a.multiline {
            return self.double_quoted(s, indent, !key);
        }
        if a.plain_allowed {
            self.folded(s, indent, !key, false);
        } else {
            self.folded(s, indent, !key, true);
        }
    }

    /// Plain (`quote = false`) or single-quoted text, breaking at a space past column 80
    /// as `yaml_emitter_write_plain_scalar` / `…_single_quoted_scalar` do.
    fn folded(&mut self, s: &str, indent: usize, allow_breaks: bool, quote: bool) {
        if quote {
            self.write("'");
        }
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                let inner = !quote || (i != 0 && i + 1 != chars.len());
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_space && inner {
                    self.newline();
                    self.write(&" ".repeat(indent));
                } else {
                    self.write(" ");
                }
                spaces = true;
            } else {
                if quote && c == '\'' {
                    self.write("'");
                }
                let mut buf = [0u8; 4];
                self.write(c.encode_utf8(&mut buf));
                spaces = false;
            }
        }
        if quote {
            self.write("'");
        }
    }

    fn double_quoted(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        self.write("\"");
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i != 0
                    && i + 1 != chars.len()
                {
                    self.newline();
                    self.write(&" ".repeat(indent));
                    if chars.get(i + 1) == Some(&' ') {
                        self.write("\\");
                    }
                } else {
                    self.write(" ");
                }
                spaces = true;
                continue;
            }
            spaces = false;
            let esc = match c {
                '\0' => "\\0".to_string(),
                '\u{7}' => "\\a".into(),
                '\u{8}' => "\\b".into(),
                '\t' => "\\t".into(),
                '\n' => "\\n".into(),
                '\u{b}' => "\\v".into(),
                '\u{c}' => "\\f".into(),
                '\r' => "\\r".into(),
                '\u{1b}' => "\\e".into(),
                '"' => "\\\"".into(),
                '\\' => "\\\\".into(),
                '\u{85}' => "\\N".into(),
                '\u{a0}' => "\\_".into(),
                '\u{2028}' => "\\L".into(),
                '\u{2029}' => "\\P".into(),
                c if !printable(c) => {
                    let v = c as u32;
                    if v <= 0xff {
                        format!("\\x{v:02X}")
                    } else if v <= 0xffff {
                        format!("\\u{v:04X}")
                    } else {
                        format!("\\U{v:08X}")
                    }
                }
                c => c.to_string(),
            };
            self.write(&esc);
        }
        self.write("\"");
    }

    /// `|`, `|-` or `|+`, the text's lines at `indent`.
    fn literal(&mut self, s: &str, indent: usize) {
        let chomp = if !s.ends_with('\n') {
            "-"
        } else if s.ends_with("\n\n") || s == "\n" {
            "+"
        } else {
            ""
        };
        let hint = if s.starts_with(' ') || s.starts_with('\n') {
            "2"
        } else {
            ""
        };
        self.write(&format!("|{hint}{chomp}"));
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            self.newline();
            if !line.is_empty() {
                self.write(&" ".repeat(indent));
                self.write(line);
            }
        }
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` for floats; integers as they are.
fn go_number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f.fract() == 0.0 && f.abs() < 1e21 {
        let exp = if f == 0.0 {
            0
        } else {
            f.abs().log10().floor() as i32
        };
        let digits = format!("{}", f.abs() as u64).trim_end_matches('0').len() as i32;
        if exp < 21 && exp >= digits.max(1) && exp >= 6 {
            // Go's shortest 'g' switches to exponent form at 1e+21 or when the exponent
            // is past the digits (1e+06).
            let mant = f / 10f64.powi(exp);
            return format!("{mant}e+{exp:02}");
        }
        return format!("{}", f as i64);
    }
    format!("{f}")
}

/// libyaml `IS_PRINTABLE`.
fn printable(c: char) -> bool {
    let v = c as u32;
    v == 0x0A
        || (0x20..=0x7E).contains(&v)
        || v == 0x85
        || (0xA0..=0xD7FF).contains(&v)
        || ((0xE000..=0xFFFD).contains(&v) && v != 0xFEFF)
        || (0x10000..=0x10FFFF).contains(&v)
}

struct Analysis {
    plain_allowed: bool,
    block_allowed: bool,
    special: bool,
    multiline: bool,
}

/// `yaml_emitter_analyze_scalar`, for the block context kubectl's output is in.
fn analyze(s: &str) -> Analysis {
    let chars: Vec<char> = s.chars().collect();
    let mut block_indicators = false;
    let mut special = false;
    let mut multiline = false;
    let mut space_break = false;
    let mut trailing_space_line = false;
    if s.starts_with("---") || s.starts_with("...") {
        block_indicators = true;
    }
    let blank = |c: Option<&char>| matches!(c, None | Some(' ') | Some('\t') | Some('\n'));
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1);
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if blank(next) => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if blank(next) => block_indicators = true,
                '#' if matches!(chars.get(i - 1), Some(' ') | Some('\t')) => {
                    block_indicators = true
                }
                _ => {}
            }
        }
        if !printable(c) || c == '\u{feff}' {
            special = true;
        }
        if c == '\n' {
            multiline = true;
            if i > 0 && chars[i - 1] == ' ' {
                space_break = true;
                trailing_space_line = true;
            }
        }
    }
    let leading_space = matches!(chars.first(), Some(' '));
    let trailing_space = matches!(chars.last(), Some(' '));
    let plain_allowed = !s.is_empty()
        && !block_indicators
        && !leading_space
        && !trailing_space
        && !multiline
        && !special;
    Analysis {
        plain_allowed,
        block_allowed: !special && !space_break && !trailing_space_line && !trailing_space,
        special,
        multiline,
    }
}

/// Whether go-yaml v2 would read the plain text back as something other than a string
/// (then its encoder double-quotes it): null, YAML 1.1 bools, numbers, timestamps,
/// base-60 floats (`1:20`), `<<`.
pub fn resolves_to_non_string(s: &str) -> bool {
    if matches!(
        s,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "<<"
            | ".nan"
            | ".NaN"
            | ".NAN"
            | ".inf"
            | ".Inf"
            | ".INF"
            | "+.inf"
            | "+.Inf"
            | "+.INF"
            | "-.inf"
            | "-.Inf"
            | "-.INF"
    ) || yaml_bool(s).is_some()
    {
        return true;
    }
    let Some(first) = s.chars().next() else {
        return true;
    };
    if !"+-.0123456789".contains(first) {
        return false;
    }
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    go_parse_int(&plain).is_some()
        || plain.trim_start_matches(['-', '+']).parse::<u64>().is_ok()
        || is_yaml_float(&plain)
        || (first == '.' && plain.parse::<f64>().is_ok())
        || is_timestamp(s)
        || is_base60_float(s)
}

/// go-yaml v2's timestamp forms: `2006-1-2T15:4:5.999999999Z07:00`, `2006-1-2 15:4:5…`,
/// `2006-1-2`.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let num = |i: &mut usize, min: usize, max: usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - st < max {
            *i += 1;
        }
        (*i - st) >= min
    };
    let lit = |i: &mut usize, c: u8| {
        if b.get(*i) == Some(&c) {
            *i += 1;
            true
        } else {
            false
        }
    };
    if !(num(&mut i, 4, 4)
        && lit(&mut i, b'-')
        && num(&mut i, 1, 2)
        && lit(&mut i, b'-')
        && num(&mut i, 1, 2))
    {
        return false;
    }
    if i == b.len() {
        return true;
    }
    if !(lit(&mut i, b'T') || lit(&mut i, b't') || lit(&mut i, b' ')) {
        return false;
    }
    if !(num(&mut i, 1, 2)
        && lit(&mut i, b':')
        && num(&mut i, 1, 2)
        && lit(&mut i, b':')
        && num(&mut i, 1, 2))
    {
        return false;
    }
    if lit(&mut i, b'.') && !num(&mut i, 1, 9) {
        return false;
    }
    if i == b.len() || lit(&mut i, b'Z') && i == b.len() {
        return true;
    }
    if lit(&mut i, b'+') || lit(&mut i, b'-') {
        return num(&mut i, 2, 2) && lit(&mut i, b':') && num(&mut i, 2, 2) && i == b.len();
    }
    false
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let body = s.trim_start_matches(['-', '+']);
    let (main, frac) = match body.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (body, None),
    };
    if frac.is_some_and(|f| !f.chars().all(|c| c.is_ascii_digit() || c == '_')) {
        return false;
    }
    let mut parts = main.split(':');
    let Some(head) = parts.next() else {
        return false;
    };
    if !head.starts_with(|c: char| c.is_ascii_digit())
        || !head.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && rest.iter().all(|p| {
            let b = p.as_bytes();
            match b.len() {
                1 => b[0].is_ascii_digit(),
                2 => (b'0'..=b'5').contains(&b[0]) && b[1].is_ascii_digit(),
                _ => false,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_like_kubectl() {
        let v = json!({
            "metadata": {"name": "web", "annotations": {"deployment.kubernetes.io/revision": "1", "a": "x: y", "b": "", "c": "true", "t": "2025-01-01T00:00:00Z", "l": "{\"a\":1}\n"}},
            "spec": {"containers": [{"name": "nginx", "ports": [{"containerPort": 80}], "args": []}], "replicas": 3, "x": {}},
            "apiVersion": "v1",
        });
        let expected = r#"apiVersion: v1
metadata:
  annotations:
    a: 'x: y'
    b: ""
    c: "true"
    deployment.kubernetes.io/revision: "1"
    l: |
      {"a":1}
    t: "2025-01-01T00:00:00Z"
  name: web
spec:
  containers:
  - args: []
    name: nginx
    ports:
    - containerPort: 80
  replicas: 3
  x: {}
"#;
        assert_eq!(to_yaml(&v), expected);
    }

    #[test]
    fn long_strings_fold_at_80() {
        let msg = "Deployment does not have minimum availability because one of its pods is not ready yet.";
        let y = to_yaml(&json!({"status": {"message": msg}}));
        assert_eq!(
            y,
            "status:\n  message: Deployment does not have minimum availability because one of its pods is\n    not ready yet.\n"
        );
    }

    #[test]
    fn quoting_rules() {
        for s in [
            "1",
            "0x1F",
            "1.5",
            "yes",
            "On",
            "null",
            "~",
            "1e3",
            "1:20",
            "2025-01-01",
            ".5",
        ] {
            assert!(resolves_to_non_string(s), "{s}");
        }
        for s in ["nginx", "nginx:1.25", "1.25.3", "v1", "web-1", "a b"] {
            assert!(!resolves_to_non_string(s), "{s}");
        }
        assert_eq!(to_yaml(&json!({"a": "- x"})), "a: '- x'\n");
        assert_eq!(to_yaml(&json!({"a": "it's"})), "a: it's\n");
        assert_eq!(to_yaml(&json!({"a": "*x"})), "a: '*x'\n");
        assert_eq!(to_yaml(&json!({"a": "tab\there"})), "a: \"tab\\there\"\n");
    }

    #[test]
    fn json_like_go() {
        let v = json!({"b": [], "a": {"x": "<&>"}, "c": [1, {}]});
        assert_eq!(
            to_json(&v),
            "{\n    \"a\": {\n        \"x\": \"\\u003c\\u0026\\u003e\"\n    },\n    \"b\": [],\n    \"c\": [\n        1,\n        {}\n    ]\n}\n"
        );
    }
}
