//! `kubectl edit TYPE/NAME` (`pkg/cmd/util/editor/editoptions.go`). The engine side of an
//! interactive edit: [`run`] answers with an [`EditRequest`] holding the live object as
//! the editor shows it (kubectl's header comment, then `-o yaml`); the host opens its
//! editor and hands the text back to [`submit`]. The CLI cannot open an editor: there a
//! heredoc (`kubectl edit deploy/web <<EOF … EOF`) is the edited file.

use super::{flags_or_fail, select_objects};
use crate::api::{Kind, Object};
use crate::apiserver::ObjectKey;
use crate::kubectl::decode::{self, DecodeError, Validate};
use crate::kubectl::format::to_yaml;
use crate::kubectl::objects::{self, WriteError};
use crate::kubectl::parse::{flag, flag_opt, FlagSpec};
use crate::kubectl::{Invocation, Outcome, Output};
use crate::Cluster;

const FLAGS: &[FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("output", Some('o'), true),
    flag_opt("validate", "strict"),
    flag("windows-line-endings", None, false),
    flag("save-config", None, false),
    flag("subresource", None, true),
    flag("record", None, false),
];

/// kubectl's header above the object.
pub const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/// An edit in progress: the object and the text the editor opens with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditRequest {
    pub kind: Kind,
    pub key: ObjectKey,
    /// What the editor shows first (header + YAML).
    pub text: String,
}

pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    let p = match flags_or_fail("edit", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some((found, failed)) = select_objects(cluster, &p, &p.args, inv, out) else {
        return Outcome::failed();
    };
    if failed {
        return Outcome::failed();
    }
    let Some(obj) = found.into_iter().next() else {
        out.errln("error: no objects passed to edit");
        return Outcome::failed();
    };
    let req = request(&obj);
    match inv.stdin {
        Some(text) => Outcome {
            exit_code: submit(cluster, &req, text, out),
            ..Outcome::default()
        },
        None => Outcome {
            edit: Some(req),
            ..Outcome::ok()
        },
    }
}

/// The edit request for a live object.
pub fn request(obj: &Object) -> EditRequest {
    let m = obj.meta();
    EditRequest {
        kind: obj.kind(),
        key: objects::key(obj.kind(), &m.namespace, &m.name),
        text: format!("{HEADER}{}", to_yaml(&objects::shown_json(obj))),
    }
}

/// Saves the edited text; prints what kubectl prints and returns its exit code. The store
/// is unchanged unless the edit is valid.
pub fn submit(cluster: &mut Cluster, req: &EditRequest, text: &str, out: &mut Output) -> i32 {
    let body: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let original: String = req
        .text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    if body.trim().is_empty() || body == original {
        out.errln("Edit cancelled, no changes made.");
        return 0;
    }
    let qualified = crate::apiserver::errors::qualified(req.kind);
    let fail = |out: &mut Output, reason: &str| {
        out.errln(format!(
            "error: {qualified} \"{}\" {reason}",
            req.key.name()
        ));
        out.errln("error: Edit cancelled, no valid changes were saved.");
        1
    };
    let value = match crate::manifest::yaml_to_json(&body) {
        Ok(v) => v,
        Err(e) => {
            out.errln(format!("error: {e}"));
            return fail(
                out,
                "could not be patched: the edited file is not valid YAML",
            );
        }
    };
    let same_identity = value.get("kind").and_then(|k| k.as_str()) == Some(req.kind.name())
        && value.pointer("/metadata/name").and_then(|n| n.as_str()) == Some(req.key.name());
    if !same_identity {
        out.errln("error: At least one of apiVersion, kind and name was changed");
        return 1;
    }
    let decoded = match decode::decode(value, req.kind, Validate::Strict) {
        Ok(d) => d,
        Err(DecodeError::Server(m)) | Err(DecodeError::Client(m)) => {
            out.errln(format!("error: {m}"));
            return fail(out, "is invalid");
        }
    };
    let Some(live) = cluster.api.get_object(req.kind, &req.key) else {
        out.errln(crate::apiserver::ApiError::not_found(req.kind, req.key.name()).kubectl_line());
        return 1;
    };
    let mut edited = decoded.object;
    let meta = objects::meta_mut(&mut edited);
    meta.resource_version = String::new();
    meta.namespace = req.key.namespace().to_string();
    match objects::update(cluster, &live, edited) {
        Ok(o) => {
            out.outln(format!("{} edited", objects::name_of(&o)));
            0
        }
        Err(WriteError::Invalid { causes, .. }) => {
            for c in &causes {
                out.errln(format!("# * {c}"));
            }
            fail(out, "is invalid")
        }
        Err(e) => {
            e.print(None, out);
            1
        }
    }
}
