//! kubectl, as the simulator's console and CLI speak it: one parser and one set of
//! printers for both hosts. A command reads and writes the cluster's API server only; it
//! never advances time.

pub mod cmd;
pub mod format;
pub mod parse;
pub mod resources;

use crate::api::Kind;
use crate::printers::table::{PrintOptions, TablePrinter};
use crate::Cluster;

/// Which stream a piece of output belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// What a command printed, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
}

impl Output {
    pub fn out(&mut self, text: impl Into<String>) {
        self.push(Stream::Stdout, text.into());
    }
    /// Writes a line to stdout (adds the newline).
    pub fn outln(&mut self, line: impl AsRef<str>) {
        self.push(Stream::Stdout, format!("{}\n", line.as_ref()));
    }
    /// Writes a line to stderr (adds the newline).
    pub fn errln(&mut self, line: impl AsRef<str>) {
        self.push(Stream::Stderr, format!("{}\n", line.as_ref()));
    }
    fn push(&mut self, stream: Stream, text: String) {
        if text.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((s, t)) if *s == stream => t.push_str(&text),
            _ => self.chunks.push((stream, text)),
        }
    }
    pub fn append(&mut self, other: Output) {
        for (s, t) in other.chunks {
            self.push(s, t);
        }
    }
    /// Everything, stdout and stderr interleaved as a terminal shows them.
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, t)| t.as_str()).collect()
    }
}

/// Where `-f PATH` reads from: the CLI's file system, or the widget's editor buffers.
pub trait Files {
    fn read(&self, path: &str) -> Result<String, String>;
}

/// A host without files: every `-f PATH` fails like a missing file.
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        Err(format!("the path \"{path}\" does not exist"))
    }
}

/// A `kubectl get -w` that keeps printing rows as the cluster changes.
#[derive(Debug)]
pub struct Watch {
    pub kind: Kind,
    /// `None`: all namespaces.
    pub namespace: Option<String>,
    /// Only this object, when one was named.
    pub name: Option<String>,
    pub selector: Option<crate::api::meta::LabelSelector>,
    pub options: PrintOptions,
    pub printer: TablePrinter,
    pub output_events: bool,
}

/// What running a command left behind.
#[derive(Debug, Default)]
pub struct Outcome {
    /// kubectl's exit code (0 success, 1 error).
    pub exit_code: i32,
    pub watch: Option<Box<Watch>>,
}

impl Outcome {
    pub fn ok() -> Self {
        Outcome::default()
    }
    pub fn failed() -> Self {
        Outcome {
            exit_code: 1,
            watch: None,
        }
    }
}

/// What a command needs besides its words.
pub struct Invocation<'a> {
    /// Standard input (a heredoc body), for `-f -`.
    pub stdin: Option<&'a str>,
    pub files: &'a dyn Files,
}

/// Runs one kubectl command line (already split into words, `kubectl` first).
pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    let args = match words.first().map(String::as_str) {
        Some("kubectl") | Some("k") => &words[1..],
        _ => words,
    };
    let Some((verb, rest)) = args.split_first() else {
        out.out(cmd::help::root());
        return Outcome::ok();
    };
    match verb.as_str() {
        "get" => cmd::get::run(cluster, rest, out),
        "create" => cmd::create::run(cluster, rest, inv, out),
        "help" | "--help" | "-h" => {
            out.out(cmd::help::root());
            Outcome::ok()
        }
        other => {
            out.errln(format!(
                "error: unknown command \"{other}\" for \"kubectl\""
            ));
            out.errln("");
            out.errln("Did you mean this?");
            Outcome::failed()
        }
    }
}
