//! `-o` for `kubectl get` and friends (`k8s.io/cli-runtime/pkg/genericclioptions`
//! `PrintFlags`): yaml, json, name, jsonpath, custom-columns; tables are the printers'.

use super::format::{to_json, to_yaml};
use super::jsonpath::{self, Template};
use super::objects::{name_of, shown_json};
use crate::api::Object;
use crate::printers::TableWriter;
use serde_json::{json, Value};

#[derive(Clone, Debug)]
pub enum Format {
    Table { wide: bool },
    Yaml,
    Json,
    Name,
    JsonPath(Template),
    CustomColumns(Vec<(String, Template)>),
}

const ALLOWED: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

/// Parses `-o`; errors are kubectl's lines (with `error: `).
pub fn parse(o: &str) -> Result<Format, String> {
    let (name, arg) = match o.split_once('=') {
        Some((n, a)) => (n, Some(a)),
        None => (o, None),
    };
    Ok(match (name, arg) {
        ("", None) => Format::Table { wide: false },
        ("wide", None) => Format::Table { wide: true },
        ("yaml", None) => Format::Yaml,
        ("json", None) => Format::Json,
        ("name", None) => Format::Name,
        ("jsonpath", Some(t)) => Format::JsonPath(
            jsonpath::parse(t).map_err(|e| format!("error: error parsing jsonpath {t}, {e}\n"))?,
        ),
        ("jsonpath", None) => {
            return Err("error: template format specified but no template given".into())
        }
        ("custom-columns", Some(spec)) => Format::CustomColumns(custom_columns(spec)?),
        ("custom-columns", None) => {
            return Err("error: custom-columns format specified but no custom columns given".into())
        }
        _ => {
            return Err(format!(
                "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: {ALLOWED}"
            ))
        }
    })
}

/// `custom-columns=HEADER:.path,…` (`NewCustomColumnsPrinterFromSpec`).
fn custom_columns(spec: &str) -> Result<Vec<(String, Template)>, String> {
    if spec.is_empty() {
        return Err("error: custom-columns format specified but no custom columns given".into());
    }
    let mut cols = Vec::new();
    for part in spec.split(',') {
        let Some((header, expr)) = part.split_once(':') else {
            return Err(format!(
                "error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            ));
        };
        let t = jsonpath::parse(&relaxed(expr))
            .map_err(|e| format!("error: error parsing jsonpath {expr}, {e}"))?;
        cols.push((header.to_string(), t));
    }
    Ok(cols)
}

/// `RelaxedJSONPathExpression`: `.a.b`, `a.b`, `{.a.b}` all mean `{.a.b}`.
fn relaxed(expr: &str) -> String {
    let e = expr.trim();
    if e.starts_with('{') && e.ends_with('}') {
        return e.to_string();
    }
    let e = e.trim_start_matches('$');
    if e.starts_with('.') {
        format!("{{{e}}}")
    } else {
        format!("{{.{e}}}")
    }
}

/// kubectl's `List` wrapper for several objects.
pub fn list_of(objects: &[Object]) -> Value {
    json!({
        "apiVersion": "v1",
        "items": objects.iter().map(shown_json).collect::<Vec<_>>(),
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    })
}

/// Prints objects in a non-table format; `single` prints the one object bare.
pub fn print(format: &Format, objects: &[Object], single: bool) -> String {
    let data = || match objects {
        [one] if single => shown_json(one),
        many => list_of(many),
    };
    match format {
        Format::Yaml => to_yaml(&data()),
        Format::Json => to_json(&data()),
        Format::Name => objects
            .iter()
            .map(|o| format!("{}\n", name_of(o)))
            .collect(),
        Format::JsonPath(t) => t.execute(&data()),
        Format::CustomColumns(cols) => custom_table(cols, objects),
        Format::Table { .. } => String::new(),
    }
}

/// One object as a watch prints it in a non-table format (`kubectl get -w -o …`): each
/// object on its own, wrapped in a `WatchEvent` with `--output-watch-events`; `count` is
/// how many objects this watch printed before (yaml separates documents with `---`).
pub fn print_watched(format: &Format, obj: &Object, event: Option<&str>, count: usize) -> String {
    let shown = shown_json(obj);
    let data = match event {
        Some(t) => json!({"type": t, "object": shown}),
        None => shown,
    };
    match format {
        Format::Yaml if count > 0 => format!("---\n{}", to_yaml(&data)),
        Format::Yaml => to_yaml(&data),
        Format::Json => to_json(&data),
        Format::Name => format!("{}\n", name_of(obj)),
        Format::JsonPath(t) => t.execute(&data),
        Format::CustomColumns(cols) => {
            let text = custom_table(cols, std::slice::from_ref(obj));
            // The header once, as the custom-columns printer does for one kind.
            if count > 0 {
                text.split_once('\n')
                    .map_or(String::new(), |(_, rows)| rows.to_string())
            } else {
                text
            }
        }
        Format::Table { .. } => String::new(),
    }
}

fn custom_table(cols: &[(String, Template)], objects: &[Object]) -> String {
    let mut rows = vec![cols.iter().map(|(h, _)| h.clone()).collect::<Vec<_>>()];
    for o in objects {
        let v = shown_json(o);
        rows.push(
            cols.iter()
                .map(|(_, t)| {
                    let cell = t.execute_values(&v);
                    if cell.is_empty() {
                        "<none>".to_string()
                    } else {
                        cell.join(",")
                    }
                })
                .collect(),
        );
    }
    TableWriter::new().write_rows(&rows)
}
