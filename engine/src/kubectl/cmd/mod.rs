//! One module per kubectl command (`staging/src/k8s.io/kubectl/pkg/cmd/<verb>`).

pub mod api_resources;
pub mod apply;
pub mod create;
pub mod delete;
pub mod describe;
pub mod edit;
pub mod explain;
pub mod get;
pub mod help;
pub mod label;
pub mod logs;
pub mod node;
pub mod patch;
pub mod rollout;
pub mod run;
pub mod scale;
pub mod set;
pub mod version;

use super::parse::{parse_flags, FlagSpec, Parsed};
use super::{Outcome, Output};

/// Parses flags for `verb`; on error prints kubectl's two lines and fails.
pub fn flags_or_fail(
    verb: &str,
    words: &[String],
    specs: &[FlagSpec],
    out: &mut Output,
) -> Result<Parsed, Outcome> {
    let p = parse_flags(words, specs).map_err(|e| {
        // cobra's flag errors come back through `cmdutil.CheckErr` as `Error: …`.
        out.errln(format!("Error: {e}"));
        out.errln(format!("See 'kubectl {verb} --help' for usage."));
        Outcome::failed()
    })?;
    // pflag announces a deprecated flag as it parses it (`RecordFlags` marks --record).
    if p.has("record") {
        out.errln("Flag --record has been deprecated, --record will be removed in the future");
    }
    Ok(p)
}

/// The namespace a command acts in (`-n`, else `default`).
pub fn namespace(p: &Parsed) -> String {
    p.get("namespace")
        .filter(|n| !n.is_empty())
        .unwrap_or("default")
        .to_string()
}

/// The documents of every `-f` source, in order, each with the source name kubectl
/// prints (`STDIN` for `-f -`, else the path as given). Errors are kubectl's lines.
pub fn read_manifests(
    p: &Parsed,
    inv: &super::Invocation,
) -> Result<Vec<(String, serde_json::Value)>, String> {
    let mut docs = Vec::new();
    for path in p.all("filename") {
        let (source, text) = if path == "-" {
            ("STDIN".to_string(), inv.stdin.unwrap_or("").to_string())
        } else {
            match inv.files.read(path) {
                Ok(t) => (path.clone(), t),
                Err(e) => return Err(format!("error: {e}")),
            }
        };
        let values = crate::manifest::decode_stream(&text)
            .map_err(|e| format!("error: error parsing {source}: {e}"))?;
        docs.extend(values.into_iter().map(|v| (source.clone(), v)));
    }
    Ok(docs)
}

/// `metadata.name` of a manifest, or "".
pub fn manifest_name(v: &serde_json::Value) -> &str {
    v.pointer("/metadata/name")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
}

/// The namespace an object from a file goes to: its own, else `-n`, else `default`;
/// kubectl refuses a manifest whose namespace contradicts an explicit `-n`.
pub fn manifest_namespace(v: &serde_json::Value, p: &Parsed) -> Result<String, String> {
    let own = v
        .pointer("/metadata/namespace")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("");
    match p.get("namespace").filter(|n| !n.is_empty()) {
        Some(flag) if !own.is_empty() && own != flag => Err(format!(
            "error: the namespace from the provided object \"{own}\" does not match the namespace \"{flag}\". You must pass '--namespace={own}' to perform this operation."
        )),
        Some(flag) => Ok(flag.to_string()),
        None if !own.is_empty() => Ok(own.to_string()),
        None => Ok("default".into()),
    }
}

/// The objects a command acts on: `-f`, `TYPE NAME…`, `TYPE/NAME…`, or `TYPE` with
/// `-l`/`--all`. Prints kubectl's errors (NotFound per missing name); `None` when nothing
/// could be resolved at all. The flag is true when some name was missing.
pub fn select_objects(
    cluster: &crate::Cluster,
    p: &Parsed,
    args: &[String],
    inv: &super::Invocation,
    out: &mut Output,
) -> Option<(Vec<crate::api::Object>, bool)> {
    let targets = if !p.all("filename").is_empty() {
        get::targets_from_files(p, inv)
    } else if args.is_empty() {
        Err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'".to_string())
    } else {
        super::resources::parse_targets(args)
    };
    let targets = match targets {
        Ok(t) => t,
        Err(e) => {
            out.errln(e);
            return None;
        }
    };
    let sel = match p.get("selector").map(super::selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => {
            out.errln(format!("error: {e}"));
            return None;
        }
    };
    if targets.named.is_empty() && sel.is_none() && !p.bool("all") {
        out.errln("error: resource(s) were provided, but no name was specified");
        return None;
    }
    let ns = namespace(p);
    let all_ns = p.has("all-namespaces") && p.bool("all-namespaces");
    Some(get::fetch(
        cluster,
        &targets,
        &ns,
        all_ns,
        sel.as_ref(),
        out,
    ))
}

/// kubectl ≥ 1.32 reports a missing required flag through klog:
/// `E0101 00:00:00.000000   4242 run.go:72] "command failed" err="required flag(s) \"image\" not set"`.
/// The time is the virtual clock's; the process id is fixed.
pub fn required_flag_error(cluster: &crate::Cluster, name: &str, out: &mut Output) -> Outcome {
    let t = cluster.now().rfc3339();
    // 2025-01-01T00:00:00Z → 0101 00:00:00
    let (date, time) = t.split_once('T').unwrap_or((&t, ""));
    let md: String = date.split('-').skip(1).collect();
    let hms = time.trim_end_matches('Z').split('.').next().unwrap_or("");
    out.errln(format!(
        "E{md} {hms}.000000    4242 run.go:72] \"command failed\" err=\"required flag(s) \\\"{name}\\\" not set\""
    ));
    Outcome::failed()
}
