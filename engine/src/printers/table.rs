//! A server-side `metav1.Table` and its client-side rendering (cli-runtime
//! `printers/tableprinter.go`: `HumanReadablePrinter.PrintObj`, `decorateTable`,
//! `printTable`, `printRows`).

use super::tabwriter::TableWriter;
use crate::api::meta::{labels_string, SharedLabels};

/// `metav1.TableColumnDefinition` (the parts that affect text output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// As defined (`"Nominated Node"`); the header is the upper-cased name.
    pub name: &'static str,
    /// 0 = always shown; 1 = only with `-o wide`.
    pub priority: u8,
    /// `Format: "name"`: the column that gets the `kind/` prefix when several kinds print.
    pub is_name: bool,
}

impl Column {
    pub const fn new(name: &'static str) -> Self {
        Column {
            name,
            priority: 0,
            is_name: false,
        }
    }
    pub const fn wide(name: &'static str) -> Self {
        Column {
            name,
            priority: 1,
            is_name: false,
        }
    }
    pub const fn name_column() -> Self {
        Column {
            name: "Name",
            priority: 0,
            is_name: true,
        }
    }
}

/// `metav1.TableRowCondition` (pods: `Completed` for Succeeded/Failed). Kept for fidelity;
/// current kubectl prints such rows normally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowCondition {
    pub type_: &'static str,
    pub status: &'static str,
    pub reason: &'static str,
    pub message: &'static str,
}

/// `metav1.TableRow`: every cell (wide ones included) plus the object metadata the client
/// decorates with (namespace, labels).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    pub namespace: String,
    pub labels: SharedLabels,
    pub conditions: Vec<RowCondition>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// `printers.PrintOptions` as `kubectl get` fills it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrintOptions {
    /// `-o wide`: show priority-1 columns.
    pub wide: bool,
    /// `--no-headers`.
    pub no_headers: bool,
    /// `--show-labels`: a trailing LABELS column (`k=v,k2=v2` or `<none>`).
    pub show_labels: bool,
    /// `-A`: a leading NAMESPACE column (never for cluster-scoped kinds).
    pub with_namespace: bool,
    /// `-L key` (repeatable): one column per key, header = last `/` segment upper-cased,
    /// cell = the label value or empty.
    pub label_columns: Vec<String>,
    /// Set when several kinds are printed together: the name cell becomes `<kind>/<name>`
    /// (`pod`, `deployment.apps`, …).
    pub with_kind: Option<String>,
}

/// `formattedEventType` for `--output-watch-events`.
pub fn format_watch_event_type(t: &str) -> String {
    match t {
        "ADDED" => "ADDED   ".into(),
        "MODIFIED" => "MODIFIED".into(),
        "DELETED" => "DELETED ".into(),
        "ERROR" => "ERROR   ".into(),
        other => other.into(),
    }
}

/// `appendCellValue`: a cell containing a line break is cut there and gets `...`.
pub fn sanitize_cell(value: &str) -> String {
    match value.find(['\n', '\r', '\x0c']) {
        Some(i) => format!("{}...", &value[..i]),
        None => value.to_string(),
    }
}

/// `get.go`: what kubectl writes to stderr when nothing was printed. `None` = `-A`.
pub fn no_resources_found(namespace: Option<&str>) -> String {
    match namespace {
        Some(ns) => format!("No resources found in {ns} namespace."),
        None => "No resources found".into(),
    }
}

/// `formatLabelHeaders`: `-L app.kubernetes.io/name` → `NAME`.
fn label_header(key: &str) -> String {
    super::case::to_upper(key.rsplit('/').next().unwrap_or(key))
}

impl Table {
    fn visible(&self, opts: &PrintOptions) -> impl Iterator<Item = (usize, &Column)> {
        let wide = opts.wide;
        self.columns
            .iter()
            .enumerate()
            .filter(move |(_, c)| wide || c.priority == 0)
    }

    /// The header cells after `decorateTable`.
    pub fn header(&self, opts: &PrintOptions) -> Vec<String> {
        let mut h = Vec::new();
        if opts.with_namespace {
            h.push("NAMESPACE".to_string());
        }
        h.extend(
            self.visible(opts)
                .map(|(_, c)| super::case::to_upper(c.name)),
        );
        h.extend(opts.label_columns.iter().map(|k| label_header(k)));
        if opts.show_labels {
            h.push("LABELS".into());
        }
        h
    }

    /// One row's cells after `decorateTable` (namespace, kind prefix, label columns).
    pub fn row_cells(&self, row: &Row, opts: &PrintOptions) -> Vec<String> {
        let mut out = Vec::new();
        if opts.with_namespace {
            out.push(row.namespace.clone());
        }
        for (i, col) in self.visible(opts) {
            let cell = row.cells.get(i).map(String::as_str).unwrap_or("");
            let cell = match (&opts.with_kind, col.is_name) {
                (Some(kind), true) => format!("{kind}/{cell}"),
                _ => cell.to_string(),
            };
            out.push(sanitize_cell(&cell));
        }
        for key in &opts.label_columns {
            out.push(row.labels.get(key).cloned().unwrap_or_default());
        }
        if opts.show_labels {
            out.push(labels_string(&row.labels));
        }
        out
    }

    /// Header (unless `no_headers` or there are no rows) and rows, as cell lists, with an
    /// optional leading EVENT column (`--output-watch-events`).
    pub fn lines(
        &self,
        opts: &PrintOptions,
        header: bool,
        event: Option<&str>,
    ) -> Vec<Vec<String>> {
        if self.rows.is_empty() {
            // printTable: "avoid printing headers if we have no rows to display".
            return Vec::new();
        }
        let mut lines = Vec::new();
        if header && !opts.no_headers {
            let mut h = self.header(opts);
            if event.is_some() {
                h.insert(0, "EVENT".into());
            }
            lines.push(h);
        }
        for row in &self.rows {
            let mut cells = self.row_cells(row, opts);
            if let Some(e) = event {
                cells.insert(0, format_watch_event_type(e));
            }
            lines.push(cells);
        }
        lines
    }

    /// The whole table as `kubectl get` prints it (empty string for no rows).
    pub fn render(&self, opts: &PrintOptions) -> String {
        TablePrinter::new().print(self, opts, None)
    }
}

/// kubectl's `HumanReadablePrinter` plus its tab writer, kept across calls: use one for a
/// `kubectl get -w` session. Headers print once (again only if the columns change); the
/// writer remembers column widths.
#[derive(Clone, Debug, Default)]
pub struct TablePrinter {
    writer: TableWriter,
    last_header: Option<Vec<String>>,
    printed_headers: bool,
}

impl TablePrinter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Prints `table` (one watch event's object, or a whole list) and flushes.
    pub fn print(&mut self, table: &Table, opts: &PrintOptions, event: Option<&str>) -> String {
        let header = table.header(opts);
        if self.last_header.as_ref() != Some(&header) {
            self.last_header = Some(header);
            self.printed_headers = false;
        }
        let include_header = !self.printed_headers;
        if !table.rows.is_empty() {
            self.printed_headers = true;
        }
        let lines = table.lines(opts, include_header, event);
        if lines.is_empty() {
            return String::new();
        }
        self.writer.write_rows(&lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut labels = crate::api::meta::Labels::new();
        labels.insert("app".into(), "web".into());
        labels.insert("app.kubernetes.io/tier".into(), "front".into());
        Table {
            columns: vec![
                Column::name_column(),
                Column::new("Age"),
                Column::wide("Node"),
            ],
            rows: vec![
                Row {
                    cells: vec!["web-1".into(), "5m".into(), "node-1".into()],
                    namespace: "default".into(),
                    labels: labels.into(),
                    conditions: vec![],
                },
                Row {
                    cells: vec!["x".into(), "1s".into(), "<none>".into()],
                    namespace: "kube-system".into(),
                    ..Row::default()
                },
            ],
        }
    }

    #[test]
    fn plain_and_wide() {
        let t = table();
        assert_eq!(
            t.render(&PrintOptions::default()),
            "NAME    AGE\nweb-1   5m\nx       1s\n"
        );
        let wide = PrintOptions {
            wide: true,
            ..Default::default()
        };
        assert_eq!(
            t.render(&wide),
            "NAME    AGE   NODE\nweb-1   5m    node-1\nx       1s    <none>\n"
        );
    }

    #[test]
    fn namespace_labels_and_label_columns() {
        let opts = PrintOptions {
            with_namespace: true,
            show_labels: true,
            label_columns: vec!["app.kubernetes.io/tier".into(), "missing".into()],
            ..Default::default()
        };
        assert_eq!(
            table().render(&opts),
            "NAMESPACE     NAME    AGE   TIER    MISSING   LABELS\n\
             default       web-1   5m    front             app=web,app.kubernetes.io/tier=front\n\
             kube-system   x       1s                      <none>\n"
        );
    }

    #[test]
    fn no_headers_kind_prefix_and_empty() {
        let opts = PrintOptions {
            no_headers: true,
            with_kind: Some("pod".into()),
            ..Default::default()
        };
        assert_eq!(table().render(&opts), "pod/web-1   5m\npod/x       1s\n");
        let empty = Table {
            columns: table().columns,
            rows: vec![],
        };
        assert_eq!(empty.render(&PrintOptions::default()), "");
        assert_eq!(
            no_resources_found(Some("default")),
            "No resources found in default namespace."
        );
        assert_eq!(no_resources_found(None), "No resources found");
    }

    #[test]
    fn watch_prints_header_once_and_event_column() {
        let t = table();
        let one = |i: usize| Table {
            columns: t.columns.clone(),
            rows: vec![t.rows[i].clone()],
        };
        let mut p = TablePrinter::new();
        let opts = PrintOptions::default();
        assert_eq!(
            p.print(&one(0), &opts, Some("ADDED")),
            "EVENT      NAME    AGE\nADDED      web-1   5m\n"
        );
        assert_eq!(
            p.print(&one(1), &opts, Some("MODIFIED")),
            "MODIFIED   x       1s\n"
        );
    }

    #[test]
    fn multi_line_cells_are_cut() {
        assert_eq!(sanitize_cell("first\nsecond"), "first...");
        assert_eq!(sanitize_cell("plain"), "plain");
    }
}
