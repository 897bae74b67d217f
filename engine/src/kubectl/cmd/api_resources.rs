//! `kubectl api-resources` (`pkg/cmd/apiresources`): the kinds the simulated API server
//! serves, sorted by group then name, in kubectl's table writer.

use super::flags_or_fail;
use crate::api::Kind;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{resources, Outcome, Output};
use crate::printers::TableWriter;

const FLAGS: &[FlagSpec] = &[
    flag("output", Some('o'), true),
    flag("namespaced", None, false),
    flag("api-group", None, true),
    flag("no-headers", None, false),
    flag("sort-by", None, true),
    flag("verbs", None, true),
    flag("cached", None, false),
    flag("categories", None, true),
];

pub fn run(words: &[String], out: &mut Output) -> Outcome {
    let p = match flags_or_fail("api-resources", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let wide = p.get("output") == Some("wide");
    let name_only = p.get("output") == Some("name");
    let mut kinds: Vec<Kind> = Kind::ALL.to_vec();
    crate::sort::stable_by_key(&mut kinds, |k| (k.group(), k.resource()));
    if p.has("namespaced") {
        let want = p.bool("namespaced");
        kinds.retain(|k| k.namespaced() == want);
    }
    if let Some(g) = p.get("api-group") {
        kinds.retain(|k| k.group() == g);
    }
    if name_only {
        for k in kinds {
            match k.group() {
                "" => out.outln(k.resource()),
                g => out.outln(format!("{}.{g}", k.resource())),
            }
        }
        return Outcome::ok();
    }
    let mut rows = Vec::new();
    if !p.bool("no-headers") {
        let mut h = vec!["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"];
        if wide {
            h.extend(["VERBS", "CATEGORIES"]);
        }
        rows.push(h.into_iter().map(String::from).collect());
    }
    for k in kinds {
        let mut r = vec![
            k.resource().to_string(),
            resources::short_names(k).join(","),
            k.api_version().to_string(),
            k.namespaced().to_string(),
            k.name().to_string(),
        ];
        if wide {
            r.push("create,delete,deletecollection,get,list,patch,update,watch".into());
            r.push(
                if matches!(k, Kind::Pod | Kind::Deployment | Kind::ReplicaSet) {
                    "all".into()
                } else {
                    String::new()
                },
            );
        }
        rows.push(r);
    }
    out.out(TableWriter::new().write_rows(&rows));
    Outcome::ok()
}
