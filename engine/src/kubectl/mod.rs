//! kubectl, as the simulator's console and CLI speak it: one parser and one set of
//! printers for both hosts. A command reads and writes the cluster's API server only; it
//! never advances time.

pub mod cmd;
pub mod complete;
pub mod decode;
pub mod fieldselector;
pub mod format;
pub mod jsonpatch;
pub mod jsonpath;
pub mod objects;
pub mod output;
pub mod parse;
pub mod resources;
pub mod selector;
pub mod strategic;

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
    pub fields: Option<fieldselector::FieldSelector>,
    pub options: PrintOptions,
    pub printer: TablePrinter,
    pub output_events: bool,
    /// `-o`: a table, or each object in that format.
    pub format: output::Format,
    /// Objects printed so far (yaml's `---` between documents, custom-columns' header).
    pub printed: usize,
}

/// What running a command left behind.
#[derive(Debug, Default)]
pub struct Outcome {
    /// kubectl's exit code (0 success, 1 error).
    pub exit_code: i32,
    pub watch: Option<Box<Watch>>,
    /// A command that goes on while time advances (`rollout status`, `drain`).
    pub wait: Option<Box<dyn Waiter>>,
    /// `kubectl edit` without a heredoc: the host opens its editor on this text.
    pub edit: Option<cmd::edit::EditRequest>,
}

/// How a waiting command stands after new events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitState {
    Waiting,
    Done,
    Failed,
}

/// A command still running after it returned (`rollout status` waiting for the rollout,
/// `drain` waiting for evicted pods to go). The session feeds it every change while time
/// advances; the next command line stops it, as Ctrl+C would.
pub trait Waiter: std::fmt::Debug {
    /// Handles the changes since the last call (in time order) and prints what kubectl
    /// would; `cluster.now()` is the current instant.
    fn on_events(
        &mut self,
        cluster: &mut Cluster,
        events: &[crate::apiserver::WatchEvent],
        out: &mut Output,
    ) -> WaitState;
}

impl Outcome {
    pub fn ok() -> Self {
        Outcome::default()
    }
    pub fn failed() -> Self {
        Outcome {
            exit_code: 1,
            ..Outcome::default()
        }
    }
}

/// What a command needs besides its words.
pub struct Invocation<'a> {
    /// Standard input (a heredoc body), for `-f -`.
    pub stdin: Option<&'a str>,
    pub files: &'a dyn Files,
}

/// The commands this console knows (for `help`, suggestions and Tab completion).
pub const COMMANDS: &[&str] = &[
    "annotate",
    "api-resources",
    "apply",
    "cordon",
    "create",
    "delete",
    "describe",
    "drain",
    "edit",
    "explain",
    "get",
    "label",
    "logs",
    "patch",
    "rollout",
    "run",
    "scale",
    "set",
    "uncordon",
    "version",
];

/// Real kubectl commands the simulator does not model.
const NOT_MODELLED: &[&str] = &[
    "expose",
    "port-forward",
    "exec",
    "top",
    "replace",
    "wait",
    "diff",
    "config",
    "cluster-info",
    "taint",
    "autoscale",
    "attach",
    "cp",
    "proxy",
    "auth",
    "debug",
    "events",
    "certificate",
    "kustomize",
    "completion",
    "plugin",
    "api-versions",
    "alpha",
];

/// Runs one kubectl command line (already split into words, `kubectl` first).
pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    let args = match words.first().map(String::as_str) {
        Some("kubectl") | Some("k") => &words[1..],
        _ => words,
    };
    // Global flags may come before the verb (`kubectl -n kube-system get pods`).
    let (verb_at, verb) = match find_verb(args) {
        Ok(Some(v)) => v,
        Ok(None) => {
            out.out(cmd::help::root());
            return Outcome::ok();
        }
        Err(e) => {
            out.errln(format!("Error: {e}"));
            out.errln("See 'kubectl --help' for usage.");
            return Outcome::failed();
        }
    };
    let rest: Vec<String> = args[..verb_at]
        .iter()
        .chain(&args[verb_at + 1..])
        .cloned()
        .collect();
    if rest.iter().any(|w| w == "--help" || w == "-h") {
        let mut path = vec![verb.as_str()];
        path.extend(
            rest.iter()
                .take_while(|w| !w.starts_with('-'))
                .take(1)
                .map(String::as_str),
        );
        out.out(cmd::help::command(&path));
        return Outcome::ok();
    }
    let rest = &rest[..];
    match verb.as_str() {
        "get" => cmd::get::run(cluster, rest, inv, out),
        "create" => cmd::create::run(cluster, rest, inv, out),
        "apply" => cmd::apply::run(cluster, rest, inv, out),
        "delete" => cmd::delete::run(cluster, rest, inv, out),
        "scale" => cmd::scale::run(cluster, rest, inv, out),
        "set" => cmd::set::run(cluster, rest, inv, out),
        "rollout" => cmd::rollout::run(cluster, rest, inv, out),
        "describe" => cmd::describe::run(cluster, rest, inv, out),
        "label" => cmd::label::run(cluster, rest, inv, out, cmd::label::Which::Labels),
        "annotate" => cmd::label::run(cluster, rest, inv, out, cmd::label::Which::Annotations),
        "run" => cmd::run::run(cluster, rest, inv, out),
        "logs" => cmd::logs::run(cluster, rest, inv, out),
        "patch" => cmd::patch::run(cluster, rest, inv, out),
        "cordon" => cmd::node::cordon(cluster, rest, true, out),
        "uncordon" => cmd::node::cordon(cluster, rest, false, out),
        "drain" => cmd::node::drain(cluster, rest, inv, out),
        "edit" => cmd::edit::run(cluster, rest, inv, out),
        "explain" => cmd::explain::run(rest, out),
        "version" => cmd::version::run(rest, out),
        "api-resources" => cmd::api_resources::run(rest, out),
        "help" => {
            out.out(cmd::help::root());
            Outcome::ok()
        }
        other if NOT_MODELLED.contains(&other) => {
            out.errln(format!(
                "error: \"kubectl {other}\" is not modelled by this simulator"
            ));
            Outcome::failed()
        }
        other => {
            out.errln(unknown_command(other, "kubectl", COMMANDS));
            Outcome::failed()
        }
    }
}

/// The first word that is not a global flag (or its value).
fn find_verb(args: &[String]) -> Result<Option<(usize, String)>, String> {
    let mut i = 0;
    while i < args.len() {
        let w = &args[i];
        if w == "--help" || w == "-h" {
            return Ok(None);
        }
        if !w.starts_with('-') || w == "-" {
            return Ok(Some((i, w.clone())));
        }
        let name = w.trim_start_matches('-');
        let (name, inline) = match name.split_once('=') {
            Some((n, _)) => (n, true),
            None => (name, false),
        };
        let spec = parse::GLOBAL_FLAGS.iter().find(|f| {
            f.long == name || (w.len() == 2 && f.short.is_some_and(|c| name.starts_with(c)))
        });
        match spec {
            Some(f) if f.takes_value && !inline && (w.starts_with("--") || w.len() <= 2) => i += 2,
            Some(_) => i += 1,
            None if w.starts_with("-n") && w.len() > 2 => i += 1,
            None => {
                return Err(if w.starts_with("--") {
                    format!("unknown flag: {}", w.split('=').next().unwrap_or(w))
                } else {
                    format!(
                        "unknown shorthand flag: '{}' in {w}",
                        w.chars().nth(1).unwrap_or('-')
                    )
                })
            }
        }
    }
    Ok(None)
}

/// cobra's `unknown command "x" for "kubectl"` with its "Did you mean this?" suggestions
/// (Levenshtein distance ≤ 2, or a prefix).
pub fn unknown_command(word: &str, parent: &str, known: &[&str]) -> String {
    let mut s = format!("Error: unknown command \"{word}\" for \"{parent}\"");
    let lower = crate::printers::case::to_lower(word);
    let suggestions: Vec<&str> = known
        .iter()
        .copied()
        .filter(|k| levenshtein(&lower, k) <= 2 || k.starts_with(&lower))
        .collect();
    if !suggestions.is_empty() {
        s.push_str("\n\nDid you mean this?");
        for k in suggestions {
            s.push_str(&format!("\n\t{k}"));
        }
        s.push('\n');
    }
    s
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
