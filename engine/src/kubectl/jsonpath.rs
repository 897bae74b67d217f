//! kubectl's JSONPath (`k8s.io/client-go/util/jsonpath`): plain text with `{…}` actions,
//! fields, `..` recursion, `[n]`, `[a:b:c]`, `[*]`, unions, filters `?(@.x=="y")`,
//! `{range …}…{end}` and quoted literals. Missing keys print nothing, as kubectl's
//! default `--allow-missing-template-keys=true` makes them.

use super::format::to_json_compact;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    Expr(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Root,
    Current,
    Field(String),
    AllFields,
    Recursive,
    Index(Vec<Index>),
    Filter(Box<Filter>),
}

#[derive(Clone, Debug, PartialEq)]
enum Index {
    All,
    One(i64),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    Key(String),
}

#[derive(Clone, Debug, PartialEq)]
struct Filter {
    left: Operand,
    op: Option<(String, Operand)>,
}

#[derive(Clone, Debug, PartialEq)]
enum Operand {
    Path(Vec<Step>),
    Str(String),
    Num(f64),
}

/// A parsed template.
#[derive(Clone, Debug)]
pub struct Template {
    nodes: Vec<Node>,
}

/// Parses a template; errors are client-go's parser texts.
pub fn parse(template: &str) -> Result<Template, String> {
    let mut stack: Vec<(Vec<Step>, Vec<Node>)> = Vec::new();
    let mut nodes = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let Some(open) = rest.find('{') else {
            nodes.push(Node::Text(rest.to_string()));
            break;
        };
        if open > 0 {
            nodes.push(Node::Text(rest[..open].to_string()));
        }
        let body_start = &rest[open + 1..];
        let close = find_close(body_start).ok_or("unclosed action")?;
        let action = body_start[..close].trim();
        rest = &body_start[close + 1..];
        if let Some(expr) = action.strip_prefix("range") {
            if expr.starts_with(|c: char| c.is_whitespace()) {
                stack.push((parse_expr(expr.trim())?, std::mem::take(&mut nodes)));
                continue;
            }
        }
        if action == "end" {
            let (steps, outer) = stack.pop().ok_or("not in range, nothing to end")?;
            let body = std::mem::replace(&mut nodes, outer);
            nodes.push(Node::Range(steps, body));
            continue;
        }
        for part in split_top(action, ',') {
            let part = part.trim();
            if part.starts_with('"') {
                nodes.push(Node::Text(unquote(part)?));
            } else if !part.is_empty() {
                nodes.push(Node::Expr(parse_expr(part)?));
            }
        }
    }
    if !stack.is_empty() {
        return Err("unclosed range".into());
    }
    Ok(Template { nodes })
}

/// The index of the `}` closing an action, skipping quoted strings and brackets.
fn find_close(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            '}' if depth <= 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Splits at `sep` outside quotes and brackets.
fn split_top(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            c if c == sep && depth == 0 => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

fn unquote(s: &str) -> Result<String, String> {
    let inner = s
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .ok_or("unterminated quoted string")?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some(o) => return Err(format!("invalid syntax: \\{o}")),
            None => return Err("unterminated quoted string".into()),
        }
    }
    Ok(out)
}

fn parse_expr(s: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '$' => {
                steps.push(Step::Root);
                i += 1;
            }
            '@' => {
                steps.push(Step::Current);
                i += 1;
            }
            '.' => {
                if chars.get(i + 1) == Some(&'.') {
                    steps.push(Step::Recursive);
                    i += 2;
                    continue;
                }
                i += 1;
                if chars.get(i) == Some(&'*') {
                    steps.push(Step::AllFields);
                    i += 1;
                    continue;
                }
                // `\.` keeps a dot in the name (`annotations.kubectl\.kubernetes\.io/x`),
                // as client-go's parseField does.
                let mut name = String::new();
                while i < chars.len()
                    && !matches!(chars[i], '.' | '[' | ' ' | ')' | '=' | '!' | '<' | '>')
                {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1;
                    }
                    name.push(chars[i]);
                    i += 1;
                }
                if !name.is_empty() {
                    steps.push(Step::Field(name));
                }
            }
            '[' => {
                let rest: String = chars[i + 1..].iter().collect();
                let close = find_bracket(&rest).ok_or("unterminated array")?;
                let inner = rest[..close].trim();
                i += 1 + rest[..close].chars().count() + 1;
                steps.push(parse_bracket(inner)?);
            }
            c if c.is_whitespace() => i += 1,
            c if c.is_alphanumeric() || c == '_' => {
                // A bare field at the start (`metadata.name` without the dot).
                let st = i;
                while i < chars.len() && !matches!(chars[i], '.' | '[' | ' ') {
                    i += 1;
                }
                steps.push(Step::Field(chars[st..i].iter().collect()));
            }
            c => {
                return Err(format!(
                    "unrecognized character in action: U+{:04X} '{c}'",
                    c as u32
                ))
            }
        }
    }
    Ok(steps)
}

fn find_bracket(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '(' => depth += 1,
            ')' => depth -= 1,
            ']' if depth == 0 => return Some(i),
            ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn parse_bracket(inner: &str) -> Result<Step, String> {
    if let Some(f) = inner.strip_prefix('?') {
        let f = f
            .trim()
            .strip_prefix('(')
            .and_then(|x| x.strip_suffix(')'))
            .ok_or_else(|| format!("invalid filter: {inner}"))?;
        return Ok(Step::Filter(Box::new(parse_filter(f)?)));
    }
    let mut idx = Vec::new();
    for part in split_top(inner, ',') {
        let part = part.trim();
        if part == "*" {
            idx.push(Index::All);
        } else if part.starts_with('\'') || part.starts_with('"') {
            let inner = &part[1..];
            let inner = inner
                .strip_suffix('\'')
                .or_else(|| inner.strip_suffix('"'))
                .unwrap_or(inner);
            idx.push(Index::Key(inner.to_string()));
        } else if part.contains(':') {
            let nums: Vec<&str> = part.split(':').collect();
            if nums.len() > 3 {
                return Err(format!("invalid array index {part}"));
            }
            let n = |k: usize| -> Result<Option<i64>, String> {
                match nums.get(k).map(|s| s.trim()) {
                    None | Some("") => Ok(None),
                    Some(s) => s
                        .parse()
                        .map(Some)
                        .map_err(|_| format!("invalid array index {part}")),
                }
            };
            idx.push(Index::Slice(n(0)?, n(1)?, n(2)?));
        } else {
            idx.push(Index::One(
                part.parse()
                    .map_err(|_| format!("invalid array index {part}"))?,
            ));
        }
    }
    Ok(Step::Index(idx))
}

fn parse_filter(f: &str) -> Result<Filter, String> {
    for op in ["==", "!=", "<=", ">=", "<", ">"] {
        if let Some((l, r)) = split_op(f, op) {
            return Ok(Filter {
                left: operand(l.trim())?,
                op: Some((op.to_string(), operand(r.trim())?)),
            });
        }
    }
    Ok(Filter {
        left: operand(f.trim())?,
        op: None,
    })
}

fn split_op<'a>(s: &'a str, op: &str) -> Option<(&'a str, &'a str)> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if c == '"' || c == '\'' {
            quote = Some(c);
        } else if s[i..].starts_with(op) {
            return Some((&s[..i], &s[i + op.len()..]));
        }
    }
    None
}

fn operand(s: &str) -> Result<Operand, String> {
    if (s.starts_with('"') && s.ends_with('"') || s.starts_with('\'') && s.ends_with('\''))
        && s.len() >= 2
    {
        return Ok(Operand::Str(s[1..s.len() - 1].to_string()));
    }
    if let Ok(n) = s.parse::<f64>() {
        return Ok(Operand::Num(n));
    }
    Ok(Operand::Path(parse_expr(s)?))
}

impl Template {
    /// Runs the template against `data`; kubectl adds no newline at the end.
    pub fn execute(&self, data: &Value) -> String {
        let mut out = String::new();
        run(&self.nodes, data, data, &mut out);
        out
    }

    /// Each value the template's expressions produce (custom-columns joins them with `,`).
    pub fn execute_values(&self, data: &Value) -> Vec<String> {
        let mut vals = Vec::new();
        for n in &self.nodes {
            if let Node::Expr(steps) = n {
                vals.extend(eval(steps, data, data).into_iter().map(text));
            }
        }
        vals
    }
}

fn run(nodes: &[Node], root: &Value, cur: &Value, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Expr(steps) => {
                let vals = eval(steps, root, cur);
                let texts: Vec<String> = vals.iter().map(|v| text(v)).collect();
                out.push_str(&texts.join(" "));
            }
            Node::Range(steps, body) => {
                for v in eval(steps, root, cur) {
                    // `range` over a list walks its elements.
                    match v {
                        Value::Array(items) => {
                            for item in items {
                                run(body, root, item, out);
                            }
                        }
                        other => run(body, root, other, out),
                    }
                }
            }
        }
    }
}

/// How a result prints: strings raw, numbers and bools as Go prints them, the rest as JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => to_json_compact(other),
    }
}

fn eval<'a>(steps: &[Step], root: &'a Value, cur: &'a Value) -> Vec<&'a Value> {
    let mut vals: Vec<&Value> = vec![cur];
    for step in steps {
        let mut next = Vec::new();
        for v in vals {
            apply(step, root, v, &mut next);
        }
        vals = next;
    }
    vals
}

fn apply<'a>(step: &Step, root: &'a Value, v: &'a Value, next: &mut Vec<&'a Value>) {
    match step {
        Step::Root => next.push(root),
        Step::Current => next.push(v),
        Step::Field(name) => {
            if let Some(x) = v.get(name.as_str()) {
                next.push(x);
            }
        }
        Step::AllFields => match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                crate::sort::stable(&mut keys);
                next.extend(keys.into_iter().map(|k| &m[k.as_str()]));
            }
            Value::Array(a) => next.extend(a.iter()),
            _ => {}
        },
        Step::Recursive => descend(v, next),
        Step::Index(idx) => {
            for i in idx {
                index(i, v, next);
            }
        }
        Step::Filter(f) => {
            let items: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                Value::Object(m) => m.values().collect(),
                _ => vec![],
            };
            next.extend(items.into_iter().filter(|item| filter(f, root, item)));
        }
    }
}

fn descend<'a>(v: &'a Value, next: &mut Vec<&'a Value>) {
    next.push(v);
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::sort::stable(&mut keys);
            for k in keys {
                descend(&m[k.as_str()], next);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| descend(x, next)),
        _ => {}
    }
}

fn index<'a>(i: &Index, v: &'a Value, next: &mut Vec<&'a Value>) {
    match (i, v) {
        (Index::Key(k), Value::Object(m)) => next.extend(m.get(k)),
        (Index::All, Value::Array(a)) => next.extend(a.iter()),
        (Index::All, Value::Object(m)) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::sort::stable(&mut keys);
            next.extend(keys.into_iter().map(|k| &m[k.as_str()]));
        }
        (Index::One(n), Value::Array(a)) => {
            let len = a.len() as i64;
            let at = if *n < 0 { n + len } else { *n };
            if (0..len).contains(&at) {
                next.push(&a[at as usize]);
            }
        }
        (Index::Slice(s, e, step), Value::Array(a)) => {
            let len = a.len() as i64;
            let norm = |x: i64| if x < 0 { (x + len).max(0) } else { x.min(len) };
            let start = s.map_or(0, norm);
            let end = e.map_or(len, norm);
            let step = step.unwrap_or(1).max(1);
            let mut k = start;
            while k < end {
                next.push(&a[k as usize]);
                k += step;
            }
        }
        _ => {}
    }
}

fn filter(f: &Filter, root: &Value, item: &Value) -> bool {
    let left = resolve(&f.left, root, item);
    let Some((op, right)) = &f.op else {
        return left.is_some();
    };
    let right = resolve(right, root, item);
    let (Some(l), Some(r)) = (left, right) else {
        return false;
    };
    let cmp = match (&l, &r) {
        (Value::Number(a), Value::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (a, b) => (a == b).then_some(std::cmp::Ordering::Equal),
    };
    use std::cmp::Ordering::*;
    match op.as_str() {
        "==" => cmp == Some(Equal),
        "!=" => cmp != Some(Equal),
        "<" => cmp == Some(Less),
        ">" => cmp == Some(Greater),
        "<=" => matches!(cmp, Some(Less | Equal)),
        ">=" => matches!(cmp, Some(Greater | Equal)),
        _ => false,
    }
}

fn resolve(o: &Operand, root: &Value, item: &Value) -> Option<Value> {
    match o {
        Operand::Str(s) => Some(Value::String(s.clone())),
        Operand::Num(n) => serde_json::Number::from_f64(*n).map(Value::Number),
        Operand::Path(steps) => eval(steps, root, item).first().map(|v| (*v).clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run_t(t: &str, v: &Value) -> String {
        parse(t).unwrap().execute(v)
    }

    #[test]
    fn kubectl_examples() {
        let list = json!({"kind": "List", "items": [
            {"metadata": {"name": "a"}, "status": {"phase": "Running"}, "spec": {"containers": [{"image": "nginx"}, {"image": "busybox"}]}},
            {"metadata": {"name": "b"}, "status": {"phase": "Pending"}, "spec": {"containers": [{"image": "redis"}]}}
        ]});
        assert_eq!(run_t("{.items[*].metadata.name}", &list), "a b");
        assert_eq!(run_t("{.items[0].metadata.name}", &list), "a");
        assert_eq!(run_t("{.items[-1].metadata.name}", &list), "b");
        assert_eq!(
            run_t(
                "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}",
                &list
            ),
            "a\tRunning\nb\tPending\n"
        );
        assert_eq!(
            run_t(
                "{.items[?(@.status.phase==\"Running\")].metadata.name}",
                &list
            ),
            "a"
        );
        assert_eq!(run_t("{..image}", &list), "nginx busybox redis");
        assert_eq!(run_t("{.status.phase}", &list), "");
        assert_eq!(run_t("{.items[1].metadata}", &list), "{\"name\":\"b\"}");
        assert_eq!(
            run_t("name: {$.items[0]['metadata'].name}", &list),
            "name: a"
        );
    }

    #[test]
    fn escaped_dots_stay_in_the_field_name() {
        let pod = json!({"metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}}});
        assert_eq!(
            run_t(
                "{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}",
                &pod
            ),
            "{}"
        );
    }

    #[test]
    fn parse_errors() {
        assert_eq!(parse("{.status.phase").unwrap_err(), "unclosed action");
        assert_eq!(parse("{end}").unwrap_err(), "not in range, nothing to end");
        assert!(parse("{.items[x]}").is_err());
        // A multi-byte character before the closing quote must not split a char.
        assert_eq!(run_t("{['é']}", &serde_json::json!({"é": 1})), "1");
        let _ = parse("{['é]}");
    }
}
