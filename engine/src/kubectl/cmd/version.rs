//! `kubectl version` (`pkg/cmd/version`).

use super::flags_or_fail;
use crate::cluster::KUBERNETES_VERSION;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{Outcome, Output};

const FLAGS: &[FlagSpec] = &[flag("client", None, false), flag("output", Some('o'), true)];

/// kubectl v1.33's bundled kustomize.
pub const KUSTOMIZE_VERSION: &str = "v5.6.0";

pub fn run(words: &[String], out: &mut Output) -> Outcome {
    let p = match flags_or_fail("version", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    out.outln(format!("Client Version: {KUBERNETES_VERSION}"));
    out.outln(format!("Kustomize Version: {KUSTOMIZE_VERSION}"));
    if !p.bool("client") {
        out.outln(format!("Server Version: {KUBERNETES_VERSION}"));
    }
    Outcome::ok()
}
