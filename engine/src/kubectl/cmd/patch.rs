//! `kubectl patch (-f FILENAME | TYPE NAME) -p PATCH [--type strategic|merge|json]`
//! (`pkg/cmd/patch/patch.go`): the server applies the patch (`handlers/patch.go`),
//! decodes the result (unknown fields are warnings: kubectl patch sends no
//! `fieldValidation`, the server's default is `Warn`), defaults and validates it as an
//! update. `deployment.apps/web patched`, or `patched (no change)` when nothing changed.

use super::{flags_or_fail, select_objects};
use crate::api::Object;
use crate::kubectl::cmd::apply::keep_server_fields;
use crate::kubectl::decode::{self, DecodeError, Validate};
use crate::kubectl::objects::{self, WriteError};
use crate::kubectl::parse::{flag, flag_opt, FlagSpec};
use crate::kubectl::{format, jsonpatch, strategic, Invocation, Outcome, Output};
use crate::Cluster;
use serde_json::Value;

const FLAGS: &[FlagSpec] = &[
    flag("patch", Some('p'), true),
    flag("patch-file", None, true),
    flag("type", None, true),
    flag("filename", Some('f'), true),
    flag("recursive", Some('R'), false),
    flag("kustomize", Some('k'), true),
    flag("local", None, false),
    flag_opt("dry-run", "unchanged"),
    flag("output", Some('o'), true),
    flag("field-manager", None, true),
    flag("subresource", None, true),
    flag("record", None, false),
    flag("allow-missing-template-keys", None, false),
    flag("show-managed-fields", None, false),
    flag("template", None, true),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum PatchType {
    Strategic,
    Merge,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DryRun {
    None,
    Client,
    Server,
}

pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    let p = match flags_or_fail("patch", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let fail = |out: &mut Output, e: String| {
        out.errln(e);
        Outcome::failed()
    };
    let inline = p.get("patch").unwrap_or("");
    let file = p.get("patch-file").unwrap_or("");
    if !inline.is_empty() && !file.is_empty() {
        return fail(
            out,
            "error: cannot specify --patch and --patch-file together".into(),
        );
    }
    if inline.is_empty() && file.is_empty() {
        return fail(
            out,
            "error: must specify --patch or --patch-file containing the contents of the patch"
                .into(),
        );
    }
    let local = p.bool("local");
    if local && !p.args.is_empty() {
        return fail(
            out,
            "error: cannot specify --local and server resources".into(),
        );
    }
    let dry = match p.get("dry-run") {
        None | Some("none") => DryRun::None,
        Some("client") => DryRun::Client,
        Some("server") => DryRun::Server,
        Some(other) => {
            return fail(
                out,
                format!("error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."),
            )
        }
    };
    if local && dry == DryRun::Server {
        return fail(
            out,
            "error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?"
                .into(),
        );
    }
    let kind = match crate::printers::case::to_lower(p.get("type").unwrap_or("strategic")).as_str()
    {
        "strategic" => PatchType::Strategic,
        "merge" => PatchType::Merge,
        "json" => PatchType::Json,
        _ => {
            return fail(
                out,
                format!(
                    "error: --type must be one of [json merge strategic], not \"{}\"",
                    p.get("type").unwrap_or("")
                ),
            )
        }
    };
    let text = if file.is_empty() {
        inline.to_string()
    } else {
        match inv.files.read(file) {
            Ok(t) => t,
            Err(_) => {
                return fail(
                    out,
                    format!(
                        "error: unable to read patch file: open {file}: no such file or directory"
                    ),
                )
            }
        }
    };
    let patch = match crate::manifest::yaml_to_json(&text) {
        Ok(v) => v,
        Err(e) => {
            let e = e.trim_start_matches("error converting YAML to JSON: ");
            return fail(out, format!("error: unable to parse \"{inline}\": {e}"));
        }
    };
    let Some((found, mut failed)) = select_objects(cluster, &p, &p.args, inv, out) else {
        return Outcome::failed();
    };
    if found.is_empty() && !failed {
        return fail(out, "error: no objects passed to patch".into());
    }
    let output = p.get("output").unwrap_or("");
    for live in found {
        match patch_one(cluster, &live, &patch, kind, dry, local) {
            Ok((obj, changed, warnings)) => {
                for w in warnings {
                    out.errln(w);
                }
                print(&obj, changed, dry, output, out);
            }
            Err(e) => {
                out.errln(e);
                failed = true;
            }
        }
    }
    if failed {
        Outcome::failed()
    } else {
        Outcome::ok()
    }
}

fn print(obj: &Object, changed: bool, dry: DryRun, output: &str, out: &mut Output) {
    match output {
        "name" => out.outln(objects::name_of(obj)),
        "yaml" => out.out(format::to_yaml(&objects::shown_json(obj))),
        "json" => out.out(format::to_json(&objects::shown_json(obj))),
        _ => {
            let op = if changed {
                "patched"
            } else {
                "patched (no change)"
            };
            let suffix = match dry {
                DryRun::Client => " (dry run)",
                DryRun::Server => " (server dry run)",
                DryRun::None => "",
            };
            out.outln(format!("{} {op}{suffix}", objects::name_of(obj)));
        }
    }
}

/// The server's side (or the client's, for `--local` and `--dry-run=client`): the patched
/// object, whether it differs from the live one, and any warnings.
fn patch_one(
    cluster: &mut Cluster,
    live: &Object,
    patch: &Value,
    kind: PatchType,
    dry: DryRun,
    local: bool,
) -> Result<(Object, bool, Vec<String>), String> {
    let client_side = local || dry == DryRun::Client;
    let server_error = |reason: &str, msg: &str| {
        if client_side {
            format!("error: {msg}")
        } else if reason.is_empty() {
            format!("Error from server: {msg}")
        } else {
            format!("Error from server ({reason}): {msg}")
        }
    };
    let current = objects::shown_json(live);
    let ty = strategic::root(live.kind());
    let patched = match kind {
        PatchType::Merge => {
            if !patch.is_object() {
                return Err(server_error(
                    "BadRequest",
                    &format!(
                        "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                        json_type(patch)
                    ),
                ));
            }
            jsonpatch::merge_patch(current.clone(), patch)
        }
        PatchType::Json => jsonpatch::json_patch(current.clone(), patch)
            .map_err(|e| server_error("BadRequest", &e))?,
        PatchType::Strategic => {
            let (Some(doc), Some(p)) = (current.as_object(), patch.as_object()) else {
                return Err(server_error(
                    "BadRequest",
                    &format!(
                        "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                        json_type(patch)
                    ),
                ));
            };
            Value::Object(
                strategic::apply(doc.clone(), p.clone(), ty).map_err(|e| server_error("", &e))?,
            )
        }
    };
    let lm = live.meta();
    let rv = patched
        .pointer("/metadata/resourceVersion")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !client_side && !rv.is_empty() && rv != lm.resource_version {
        let e = crate::apiserver::ApiError::conflict(live.kind(), &lm.name);
        return Err(e.kubectl_line());
    }
    if client_side {
        // patch.go decodes the result as unstructured and compares it with what it read.
        let changed = !strategic::json_eq(&patched, &current);
        let obj = Object::from_json(patched).map_err(|e| format!("error: {e}"))?;
        return Ok((obj, changed, vec![]));
    }
    let decoded = match decode::decode(patched, live.kind(), Validate::Warn) {
        Ok(d) => d,
        Err(DecodeError::Server(m)) | Err(DecodeError::Client(m)) => {
            return Err(if kind == PatchType::Strategic {
                crate::kubectl::cmd::apply::patched_decode_error(&m, patch)
            } else {
                server_error("BadRequest", &m)
            })
        }
    };
    let mut obj = keep_server_fields(live, decoded.object);
    objects::default(&mut obj);
    if obj == *live {
        return Ok((obj, false, decoded.warnings));
    }
    if dry == DryRun::Server {
        let errs = objects::validate_update(live, &obj);
        if !errs.is_empty() {
            return Err(objects::invalid(&obj, errs).text(None));
        }
        return Ok((obj, true, decoded.warnings));
    }
    match objects::update(cluster, live, obj) {
        Ok(o) => Ok((o, true, decoded.warnings)),
        Err(e @ WriteError::Invalid { .. }) => Err(e.text(None)),
        Err(WriteError::Api(e)) => Err(WriteError::Api(e).text(None)),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Null => "null",
    }
}

#[cfg(test)]
mod tests {
    use crate::kubectl::{NoFiles, Output};
    use crate::{ClusterConfig, Session};

    fn run(s: &mut Session, line: &str) -> String {
        let mut out = Output::default();
        s.kubectl(line, None, &NoFiles, &mut out);
        out.text()
    }

    #[test]
    fn three_patch_types_and_no_change() {
        let mut s = Session::new(&ClusterConfig::default());
        run(&mut s, "kubectl create deployment web --image=nginx:1.25.3");
        let p = r#"kubectl patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}'"#;
        assert_eq!(run(&mut s, p), "deployment.apps/web patched\n");
        let rv = s.cluster.api.resource_version();
        assert_eq!(run(&mut s, p), "deployment.apps/web patched (no change)\n");
        assert_eq!(rv, s.cluster.api.resource_version());
        assert_eq!(
            run(
                &mut s,
                r#"kubectl patch deploy web --type=merge -p '{"spec":{"replicas":2}}'"#
            ),
            "deployment.apps/web patched\n"
        );
        assert_eq!(
            run(
                &mut s,
                r#"kubectl patch deploy web --type json -p '[{"op":"add","path":"/metadata/labels/tier","value":"front"}]'"#
            ),
            "deployment.apps/web patched\n"
        );
        assert_eq!(
            run(&mut s, "kubectl get deploy web -o jsonpath={.spec.replicas}/{.metadata.labels.tier}/{.spec.template.spec.containers[0].image}"),
            "2/front/nginx:1.26"
        );
    }

    #[test]
    fn refused_patches_store_nothing() {
        let mut s = Session::new(&ClusterConfig::default());
        run(&mut s, "kubectl create deployment web --image=nginx:1.25.3");
        let rv = s.cluster.api.resource_version();
        assert_eq!(
            run(&mut s, r#"kubectl patch deploy web -p '{"spec":{"replicas":-1}}'"#),
            "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"
        );
        assert_eq!(
            run(&mut s, r#"kubectl patch deploy web --type json -p '[{"op":"replace","path":"/spec/nope","value":1}]'"#),
            "Error from server (BadRequest): replace operation does not apply: doc is missing key: /spec/nope: missing value\n"
        );
        assert_eq!(
            run(&mut s, "kubectl patch deploy web"),
            "error: must specify --patch or --patch-file containing the contents of the patch\n"
        );
        assert_eq!(rv, s.cluster.api.resource_version());
    }
}
