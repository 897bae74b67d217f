//! Where in the editor's text an error is: YAML syntax errors at the scanner's line and
//! column; the API server's errors (strict decoding, validation), which name a field path
//! such as `spec.template.spec.containers[0].image`, at the line of that field, found by
//! walking the document's indentation (cheap, and good enough for block-style manifests;
//! when the path is not found, no line is marked and the text is still shown verbatim).

use crate::editor_syntax::is_separator;
use paperkube_engine::manifest::{first_yaml_error_at, split_documents};

/// An error shown under the editor: kubectl's words verbatim, and where, if known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorError {
    /// 1-based line in the editor's text.
    pub line: Option<usize>,
    /// 1-based column (YAML syntax errors only).
    pub column: Option<usize>,
    pub message: String,
}

/// The error to show after kubectl ran on `text` and answered `stderr` with `exit_code`;
/// `None` when it succeeded (warnings on stderr with exit code 0 are not errors).
pub fn diagnose(text: &str, exit_code: i32, stderr: &str) -> Option<EditorError> {
    if exit_code == 0 {
        return None;
    }
    let message = stderr.trim_end().to_string();
    if let Some(y) = first_yaml_error_at(text) {
        return Some(EditorError {
            line: Some(y.line),
            column: Some(y.column),
            message: if message.is_empty() {
                y.message
            } else {
                message
            },
        });
    }
    Some(EditorError {
        line: field_line(text, &message),
        column: None,
        message,
    })
}

/// The line of the first field path an API server error names, in the document it is about.
pub fn field_line(text: &str, message: &str) -> Option<usize> {
    let (kind, name, path) = parse_error(message)?;
    let docs = split_documents(text);
    let (start, doc) = docs
        .iter()
        .find(|(_, d)| identity(d).0.as_deref() == kind.as_deref() && name_matches(d, &name))
        .or_else(|| (docs.len() == 1).then(|| &docs[0]))?;
    let lines: Vec<&str> = doc.lines().collect();
    find_path(&lines, &segments(&path)).map(|i| start + i)
}

fn name_matches(doc: &str, name: &Option<String>) -> bool {
    name.is_none() || identity(doc).1 == *name
}

/// (kind, object name if given, field path) from kubectl's error text.
fn parse_error(message: &str) -> Option<(Option<String>, Option<String>, String)> {
    let between = |s: &str, a: &str, b: &str| -> Option<String> {
        let rest = &s[s.find(a)? + a.len()..];
        Some(rest[..rest.find(b)?].to_string())
    };
    for line in message.lines() {
        // `The Deployment "web" is invalid: spec.x: …` (and `* spec.x: …` lines after it).
        if let Some(rest) = line.strip_prefix("The ") {
            let kind = rest.split(' ').next().map(str::to_string);
            let name = between(rest, " \"", "\" is invalid");
            let tail = rest.split_once(" is invalid: ").map(|x| x.1).unwrap_or("");
            let path = tail.split(": ").next().unwrap_or("").trim();
            let path = if path.is_empty() {
                let item = message.lines().find_map(|l| l.strip_prefix("* "))?;
                item.split(": ").next().unwrap_or("").to_string()
            } else {
                path.to_string()
            };
            return Some((kind, name, path));
        }
        // `kubectl edit` lists the causes as the comments it reopens the file with.
        if let Some(item) = line.strip_prefix("# * ") {
            let path = item.split(": ").next().unwrap_or("").to_string();
            return Some((None, None, path));
        }
        // Strict decoding: `…: Deployment in version "v1" cannot be handled as a Deployment: …`
        let kind = between(line, ": ", " in version ")
            .map(|k| k.rsplit(": ").next().unwrap_or(&k).to_string());
        if let Some(path) = between(line, "unknown field \"", "\"")
            .or_else(|| between(line, "duplicate field \"", "\""))
        {
            return Some((kind, None, path));
        }
        // `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`
        if let Some(field) = between(line, "Go struct field ", " of type") {
            let path = field
                .split_once('.')
                .map_or(field.clone(), |x| x.1.to_string());
            return Some((kind, None, path));
        }
    }
    None
}

/// A path segment: a key and, for `containers[0]`, the item index.
#[derive(Debug, PartialEq)]
struct Segment {
    key: String,
    index: Option<usize>,
}

fn segments(path: &str) -> Vec<Segment> {
    path.split('.')
        .filter(|s| !s.is_empty())
        .map(|s| match s.split_once('[') {
            Some((key, rest)) => Segment {
                key: key.to_string(),
                index: rest.trim_end_matches(']').parse().ok(),
            },
            None => Segment {
                key: s.to_string(),
                index: None,
            },
        })
        .collect()
}

/// A line's shape: where its content starts (a dash counts), and its key and key column.
struct Shape<'a> {
    content: usize,
    key: Option<(&'a str, usize)>,
    item: bool,
}

fn shape(line: &str) -> Option<Shape<'_>> {
    let trimmed = line.trim_start_matches(' ');
    if trimmed.is_empty() || trimmed.starts_with('#') || is_separator(line) {
        return None;
    }
    let content = line.len() - trimmed.len();
    let mut col = content;
    let mut rest = trimmed;
    let item = rest == "-" || rest.starts_with("- ");
    while rest == "-" || rest.starts_with("- ") {
        let after = rest[1..].trim_start_matches(' ');
        col += rest.len() - after.len();
        rest = after;
    }
    let key = rest
        .find(':')
        .filter(|&i| matches!(rest.as_bytes().get(i + 1), None | Some(b' ')))
        .map(|i| (rest[..i].trim_matches(['"', '\'']), col));
    Some(Shape { content, key, item })
}

/// The 0-based line of `path` in a document's lines, or of its deepest part found.
fn find_path(lines: &[&str], path: &[Segment]) -> Option<usize> {
    let mut found = None;
    // Lines after `from` belong to the parent while their content is right of `parent`.
    let mut from = 0;
    let mut parent: Option<usize> = None;
    let mut first_is_item = false;
    for seg in path {
        let mut child: Option<usize> = None;
        let mut hit = None;
        for (i, line) in lines.iter().enumerate().skip(from) {
            let Some(s) = shape(line) else { continue };
            let inside_item = first_is_item && i == from;
            if !inside_item && parent.is_some_and(|p| s.content <= p) {
                break;
            }
            let Some((key, col)) = s.key else { continue };
            let level = *child.get_or_insert(col);
            if col == level && key == seg.key {
                hit = Some((i, col));
                break;
            }
        }
        let Some((i, col)) = hit else { break };
        found = Some(i);
        parent = Some(col);
        from = i + 1;
        first_is_item = false;
        if let Some(n) = seg.index {
            let Some(item) = nth_item(lines, i + 1, col, n) else {
                break;
            };
            found = Some(item);
            from = item;
            // Keys inside the item are right of its dash.
            parent = shape(lines[item]).map(|s| s.content);
            first_is_item = true;
        }
    }
    found
}

/// The line of the `n`-th `- ` item of the sequence under a key at column `key_col`.
fn nth_item(lines: &[&str], from: usize, key_col: usize, n: usize) -> Option<usize> {
    let mut dash: Option<usize> = None;
    let mut count = 0;
    for (i, line) in lines.iter().enumerate().skip(from) {
        let Some(s) = shape(line) else { continue };
        if s.content < key_col || (s.content == key_col && !s.item) {
            return None;
        }
        if s.item && *dash.get_or_insert(s.content) == s.content {
            if count == n {
                return Some(i);
            }
            count += 1;
        }
    }
    None
}

/// A document's top-level `kind` and `metadata.name`, read from its lines.
pub fn identity(doc: &str) -> (Option<String>, Option<String>) {
    let lines: Vec<&str> = doc.lines().collect();
    let value_at = |path: &[Segment]| {
        let i = find_path(&lines, path)?;
        let line = lines[i];
        let v = line[line.find(':')? + 1..].trim();
        let v = v.split(" #").next().unwrap_or("").trim();
        Some(v.trim_matches(['"', '\'']).to_string()).filter(|v| !v.is_empty())
    };
    let kind = value_at(&segments("kind"));
    let name = value_at(&segments("metadata.name"));
    (kind, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25.3\n        ports:\n        - containerPort: 80\n      - name: side\n        image: busybox\n";

    #[test]
    fn paths_walk_the_indentation() {
        let lines: Vec<&str> = DEPLOY.lines().collect();
        let at = |p: &str| find_path(&lines, &segments(p)).map(|i| i + 1);
        assert_eq!(at("spec.replicas"), Some(6));
        assert_eq!(at("spec.template.metadata.labels"), Some(12));
        assert_eq!(at("spec.template.spec.containers[0].image"), Some(17));
        assert_eq!(at("spec.template.spec.containers[1].image"), Some(21));
        assert_eq!(
            at("spec.template.spec.containers[0].ports[0].containerPort"),
            Some(19)
        );
        assert_eq!(at("metadata.name"), Some(4));
        // A missing field: its deepest existing parent.
        assert_eq!(at("spec.strategy"), Some(5));
        assert_eq!(at("spec.template.spec.containers[1].ports"), Some(20));
    }

    #[test]
    fn api_server_errors_point_at_their_field() {
        let text = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n---\n{DEPLOY}");
        let strict = "Error from server (BadRequest): error when creating \"STDIN\": Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replicas\"";
        assert_eq!(field_line(&text, strict), Some(5 + 6));
        let invalid = "The Deployment \"web\" is invalid: \n* spec.template.spec.containers[0].image: Required value";
        assert_eq!(field_line(&text, invalid), Some(5 + 17));
        let unmarshal = "Error from server (BadRequest): error when creating \"STDIN\": Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32";
        assert_eq!(field_line(&text, unmarshal), Some(5 + 6));
        assert_eq!(field_line(&text, "error: no objects passed to apply"), None);
        let edit = "# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\nerror: deployments.apps \"web\" is invalid";
        assert_eq!(field_line(DEPLOY, edit), Some(6));
    }

    #[test]
    fn yaml_errors_have_line_and_column() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: app: x\n";
        let e = diagnose(text, 1, "error: error parsing STDIN: …\n").unwrap();
        assert_eq!((e.line, e.column), (Some(5), Some(14)));
        assert_eq!(e.message, "error: error parsing STDIN: …");
        assert_eq!(diagnose(text, 0, "Warning: x\n"), None);
    }

    #[test]
    fn identity_reads_kind_and_name() {
        assert_eq!(
            identity(DEPLOY),
            (Some("Deployment".into()), Some("web".into()))
        );
    }
}
