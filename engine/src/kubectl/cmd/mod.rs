//! One module per kubectl command (`staging/src/k8s.io/kubectl/pkg/cmd/<verb>`).

pub mod create;
pub mod get;
pub mod help;

use super::parse::{parse_flags, FlagSpec, Parsed};
use super::{Outcome, Output};

/// Parses flags for `verb`; on error prints kubectl's two lines and fails.
pub fn flags_or_fail(
    verb: &str,
    words: &[String],
    specs: &[FlagSpec],
    out: &mut Output,
) -> Result<Parsed, Outcome> {
    parse_flags(words, specs).map_err(|e| {
        out.errln(format!("error: {e}"));
        out.errln(format!("See 'kubectl {verb} --help' for usage."));
        Outcome::failed()
    })
}

/// The namespace a command acts in (`-n`, else `default`).
pub fn namespace(p: &Parsed) -> String {
    p.get("namespace")
        .filter(|n| !n.is_empty())
        .unwrap_or("default")
        .to_string()
}
