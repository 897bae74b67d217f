//! Elastic-tabstop alignment, ported from Go's `text/tabwriter` and its kubectl fork
//! `github.com/liggitt/tabwriter` (which adds `RememberWidths`).
//!
//! Model (from the Go package documentation and `format`): input is lines of cells; a cell
//! is *terminated* by a tab. The text after a line's last tab is a trailing cell that never
//! belongs to a column and is never padded. Tab-terminated cells in column `j` align over a
//! *column block*: a maximal run of consecutive lines that all have a tab-terminated cell in
//! column `j`, nested inside the block of column `j - 1`. A column's width is
//! `max(minwidth, longest cell + padding)`, measured in runes (`utf8.RuneCount`).
//!
//! Two configurations are used by kubectl:
//! * [`TableWriter`]: `printers.GetNewTabWriter` (cli-runtime `tabwriter.go`): minwidth 6,
//!   tabwidth 4, padding 3, pad char ' ', flag `RememberWidths` (widths persist across
//!   flushes and only grow: `kubectl get -w` rows drift right of the header).
//! * [`describe_tabwrite`]: `describe.go` `tabbedString`: `tabwriter.NewWriter(out, 0, 8, 2,
//!   ' ', 0)`.

/// One cell: its text, its width in runes and whether a tab terminated it.
#[derive(Clone, Debug)]
struct Cell {
    text: String,
    width: usize,
}

/// Go `tabwriter.Writer` state that survives flushes (configuration and remembered widths).
#[derive(Clone, Debug)]
pub struct GoTabWriter {
    minwidth: usize,
    padding: usize,
    padchar: char,
    remember_widths: bool,
    /// `maxwidths`: per-column widths remembered across flushes (RememberWidths only).
    maxwidths: Vec<usize>,
}

impl GoTabWriter {
    /// `tabwriter.NewWriter(out, minwidth, tabwidth, padding, padchar, flags)` with only the
    /// flags kubectl uses. (`tabwidth` only matters when padding with tabs, which kubectl
    /// never does, so it is not modelled.)
    pub fn new(minwidth: usize, padding: usize, padchar: char, remember_widths: bool) -> Self {
        GoTabWriter {
            minwidth,
            padding,
            padchar,
            remember_widths,
            maxwidths: Vec::new(),
        }
    }

    /// `Write(text)` followed by `Flush()`: the aligned text. Like Go's `Write`, a line with
    /// a single cell (no tab) flushes everything before it (it cannot affect alignment).
    pub fn write_and_flush(&mut self, text: &str) -> String {
        let mut out = String::new();
        let mut lines: Vec<Vec<Cell>> = vec![Vec::new()];
        let mut rest = text;
        while let Some(pos) = rest.find(['\t', '\n']) {
            let (cell_text, sep) = (&rest[..pos], rest.as_bytes()[pos]);
            rest = &rest[pos + 1..];
            let ncells = push_cell(&mut lines, cell_text);
            if sep == b'\n' {
                lines.push(Vec::new());
                if ncells == 1 {
                    self.flush(&mut out, &mut lines);
                }
            }
        }
        if !rest.is_empty() {
            push_cell(&mut lines, rest);
        }
        self.flush(&mut out, &mut lines);
        out
    }

    /// Remembered widths (`RememberedWidths`), for tests and diagnostics.
    pub fn remembered_widths(&self) -> &[usize] {
        &self.maxwidths
    }

    /// `SetRememberedWidths(nil)`: kubectl `get` does this when it moves to the next resource
    /// type (`get.go`), so each table gets its own widths.
    pub fn reset_widths(&mut self) {
        self.maxwidths.clear();
    }

    fn flush(&mut self, out: &mut String, lines: &mut Vec<Vec<Cell>>) {
        let mut widths = Vec::new();
        self.format(out, lines, &mut widths, 0, lines.len());
        lines.clear();
        lines.push(Vec::new());
    }

    /// Go `format`: finds the column block for column `widths.len()` and recurses.
    fn format(
        &mut self,
        out: &mut String,
        lines: &[Vec<Cell>],
        widths: &mut Vec<usize>,
        line0: usize,
        line1: usize,
    ) {
        let column = widths.len();
        let has_column = |line: &Vec<Cell>| line.len() > column + 1;
        let mut line0 = line0;
        let mut this = line0;
        while this < line1 {
            if !has_column(&lines[this]) {
                this += 1;
                continue;
            }
            // Print the lines before the block, then measure the block.
            self.write_lines(out, lines, widths, line0, this);
            line0 = this;
            let mut width = self.minwidth;
            while this < line1 && has_column(&lines[this]) {
                width = width.max(lines[this][column].width + self.padding);
                this += 1;
            }
            if self.remember_widths {
                width = self.remember(widths, width);
            }
            widths.push(width);
            self.format(out, lines, widths, line0, this);
            widths.pop();
            line0 = this;
        }
        self.write_lines(out, lines, widths, line0, line1);
    }

    /// The `RememberWidths` branch of liggitt/tabwriter's `format`, verbatim in logic.
    fn remember(&mut self, widths: &[usize], width: usize) -> usize {
        let col = widths.len();
        if self.maxwidths.len() < col {
            self.maxwidths
                .extend_from_slice(&widths[self.maxwidths.len()..]);
        }
        if self.maxwidths.len() == col {
            self.maxwidths.push(width);
            width
        } else if self.maxwidths[col] > width {
            self.maxwidths[col]
        } else {
            self.maxwidths[col] = width;
            width
        }
    }

    /// Go `writeLines`: cells in measured columns are padded; a trailing cell is not. Every
    /// line but the last buffered one (the incomplete line after the final newline) ends
    /// with a newline.
    fn write_lines(
        &self,
        out: &mut String,
        lines: &[Vec<Cell>],
        widths: &[usize],
        line0: usize,
        line1: usize,
    ) {
        for (i, line) in lines.iter().enumerate().take(line1).skip(line0) {
            for (j, c) in line.iter().enumerate() {
                out.push_str(&c.text);
                if let Some(&w) = widths.get(j) {
                    out.extend(std::iter::repeat_n(self.padchar, w.saturating_sub(c.width)));
                }
            }
            if i + 1 != lines.len() {
                out.push('\n');
            }
        }
    }
}

/// Terminates a cell on the current (last) line; returns the line's cell count.
fn push_cell(lines: &mut [Vec<Cell>], text: &str) -> usize {
    let cell = Cell {
        text: text.to_string(),
        width: text.chars().count(),
    };
    match lines.last_mut() {
        Some(line) => {
            line.push(cell);
            line.len()
        }
        None => 0,
    }
}

/// kubectl's table writer (`printers.GetNewTabWriter`): minwidth 6, padding 3, pad ' ',
/// `RememberWidths`. Keep one per `kubectl get` output stream; each call to
/// [`TableWriter::write_rows`] is one `Flush()`.
#[derive(Clone, Debug)]
pub struct TableWriter {
    tw: GoTabWriter,
}

impl Default for TableWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl TableWriter {
    pub fn new() -> Self {
        TableWriter {
            tw: GoTabWriter::new(6, 3, ' ', true),
        }
    }

    /// Writes rows (cells joined by tabs, each row ending in a newline) and flushes.
    /// Column widths remembered from earlier calls are kept and can only grow.
    pub fn write_rows(&mut self, rows: &[Vec<String>]) -> String {
        let mut text = String::new();
        for row in rows {
            text.push_str(&row.join("\t"));
            text.push('\n');
        }
        self.tw.write_and_flush(&text)
    }

    /// Forget remembered widths (kubectl `get` does this between resource types).
    pub fn reset_widths(&mut self) {
        self.tw.reset_widths();
    }

    pub fn remembered_widths(&self) -> &[usize] {
        self.tw.remembered_widths()
    }
}

/// `describe.go` `tabbedString`: the whole describe output through
/// `tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`.
pub fn describe_tabwrite(text: &str) -> String {
    GoTabWriter::new(0, 2, ' ', false).write_and_flush(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn kubectl_get_pods_layout() {
        // pod-lifecycle.md §1.1: "NAME    READY   STATUS    RESTARTS   AGE".
        let mut w = TableWriter::new();
        let out = w.write_rows(&[
            row(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]),
            row(&["web", "1/1", "Running", "0", "3s"]),
        ]);
        assert_eq!(
            out,
            "NAME   READY   STATUS    RESTARTS   AGE\n\
             web    1/1     Running   0          3s\n"
        );
    }

    #[test]
    fn minwidth_six_and_last_cell_unpadded() {
        let mut w = TableWriter::new();
        let out = w.write_rows(&[row(&["A", "B"]), row(&["a", "bbbbbbbbbbbb"])]);
        assert_eq!(out, "A     B\na     bbbbbbbbbbbb\n");
    }

    #[test]
    fn watch_widths_only_grow() {
        // pod-lifecycle.md §6: the header is printed once, later rows drift.
        let mut w = TableWriter::new();
        let first = w.write_rows(&[
            row(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]),
            row(&["web", "0/1", "Pending", "0", "0s"]),
        ]);
        assert_eq!(
            first,
            "NAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          0s\n"
        );
        let second = w.write_rows(&[row(&["web", "0/1", "ContainerCreating", "0", "0s"])]);
        assert_eq!(second, "web    0/1     ContainerCreating   0          0s\n");
        // Narrower again: the remembered (grown) width stays.
        let third = w.write_rows(&[row(&["web", "1/1", "Running", "0", "3s"])]);
        assert_eq!(third, "web    1/1     Running             0          3s\n");
        assert_eq!(w.remembered_widths(), &[7, 8, 20, 11]);
        w.reset_widths();
        let fresh = w.write_rows(&[row(&["web", "1/1", "Running", "0", "3s"])]);
        assert_eq!(fresh, "web   1/1   Running   0     3s\n");
    }

    #[test]
    fn describe_blocks_break_at_lines_without_tabs() {
        let text = "Name:\tweb\nNamespace:\tdefault\nIPs:\n  IP:\t10.0.0.1\nLonger label:\tx\n";
        let out = describe_tabwrite(text);
        assert_eq!(
            out,
            "Name:       web\nNamespace:  default\nIPs:\n  IP:          10.0.0.1\nLonger label:  x\n"
        );
    }

    #[test]
    fn describe_nested_column_blocks() {
        // Go doc example: the b and c cells are in distinct column blocks because the
        // third line has no second column.
        let text = "aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n";
        let out = GoTabWriter::new(0, 1, ' ', false).write_and_flush(text);
        assert_eq!(out, "aaaa bbb d\naa   b   dd\na    \naa   cccc eee\n");
    }

    #[test]
    fn text_without_final_newline_is_kept() {
        assert_eq!(describe_tabwrite("a\tb"), "a  b");
        assert_eq!(describe_tabwrite(""), "");
    }
}
