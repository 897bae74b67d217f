//! `kubectl scale` (`pkg/cmd/scale/scale.go`): sets `spec.replicas` of Deployments and
//! ReplicaSets through the scale subresource. `deployment.apps/web scaled`.

use super::{flags_or_fail, select_objects};
use crate::api::Object;
use crate::kubectl::objects;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{Invocation, Outcome, Output};
use crate::Cluster;

const FLAGS: &[FlagSpec] = &[
    flag("replicas", None, true),
    flag("current-replicas", None, true),
    flag("resource-version", None, true),
    flag("filename", Some('f'), true),
    flag("selector", Some('l'), true),
    flag("all", None, false),
    flag("timeout", None, true),
    flag("output", Some('o'), true),
    flag("recursive", Some('R'), false),
    flag("record", None, false),
];

fn int_flag(p: &crate::kubectl::parse::Parsed, name: &str) -> Result<Option<i64>, String> {
    match p.get(name) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            format!("Error: invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl scale --help' for usage.")
        }),
    }
}

pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    let p = match flags_or_fail("scale", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let (replicas, current) = match (int_flag(&p, "replicas"), int_flag(&p, "current-replicas")) {
        (Ok(r), Ok(c)) => (r, c),
        (Err(e), _) | (_, Err(e)) => {
            out.errln(e);
            return Outcome::failed();
        }
    };
    let Some(replicas) = replicas else {
        return super::required_flag_error(cluster, "replicas", out);
    };
    if replicas < 0 {
        out.errln("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
        return Outcome::failed();
    }
    let Some((found, mut failed)) = select_objects(cluster, &p, &p.args, inv, out) else {
        return Outcome::failed();
    };
    if found.is_empty() && !failed {
        out.errln("error: no objects passed to scale");
        return Outcome::failed();
    }
    let replicas = i32::try_from(replicas).unwrap_or(i32::MAX);
    for obj in found {
        let live = match &obj {
            Object::Deployment(d) => d.spec.replicas,
            Object::ReplicaSet(rs) => rs.spec.replicas,
            _ => {
                out.errln("Error from server (NotFound): the server could not find the requested resource");
                failed = true;
                continue;
            }
        };
        if let Some(c) = current {
            let live = i64::from(live.unwrap_or(1));
            if c != live {
                out.errln(format!("error: Expected replicas to be {c}, was {live}"));
                failed = true;
                continue;
            }
        }
        let m = obj.meta();
        let key = objects::key(obj.kind(), &m.namespace, &m.name);
        let res = objects::modify(cluster, obj.kind(), &key, |o| {
            match o {
                Object::Deployment(d) => d.spec.replicas = Some(replicas),
                Object::ReplicaSet(rs) => rs.spec.replicas = Some(replicas),
                _ => {}
            }
            Ok(())
        });
        match res {
            Ok(Ok(o)) => out.outln(format!("{} scaled", objects::name_of(&o))),
            Ok(Err(e)) => {
                e.print(None, out);
                failed = true;
            }
            Err(e) => {
                out.errln(format!("error: {e}"));
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
