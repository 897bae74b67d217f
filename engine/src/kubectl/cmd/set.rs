//! `kubectl set image` (`pkg/cmd/set/set_image.go`): `deployment.apps/web image updated`.

use super::{flags_or_fail, select_objects};
use crate::api::pod::PodSpec;
use crate::api::Object;
use crate::kubectl::objects;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{Invocation, Outcome, Output};
use crate::Cluster;

const IMAGE_FLAGS: &[FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("selector", Some('l'), true),
    flag("all", None, false),
    flag("local", None, false),
    flag("output", Some('o'), true),
    flag("record", None, false),
    flag("dry-run", None, true),
    flag("recursive", Some('R'), false),
];

pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    match words.first().map(String::as_str) {
        Some("image") => image(cluster, &words[1..], inv, out),
        Some(sub @ ("env" | "resources" | "selector" | "serviceaccount" | "subject")) => {
            out.errln(format!("error: \"kubectl set {sub}\" is not modelled by this simulator (only \"set image\" is)"));
            Outcome::failed()
        }
        Some(other) if !other.starts_with('-') => {
            out.errln(format!(
                "error: unknown command \"{other}\" for \"kubectl set\""
            ));
            Outcome::failed()
        }
        _ => {
            out.errln("error: Required resource not specified.\nSee 'kubectl set -h' for help and examples");
            Outcome::failed()
        }
    }
}

/// Sets `container=image` pairs (`*` = every container); false if a name is unknown.
fn set_images(spec: &mut PodSpec, pairs: &[(String, String)]) -> Result<(), String> {
    for (name, image) in pairs {
        let mut hit = false;
        for c in spec
            .init_containers
            .iter_mut()
            .chain(spec.containers.iter_mut())
        {
            if name == "*" || &c.name == name {
                c.image = image.clone();
                hit = true;
            }
        }
        if !hit {
            return Err(format!("unable to find container named \"{name}\""));
        }
    }
    Ok(())
}

fn image(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    let p = match flags_or_fail("set image", words, IMAGE_FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let (pairs, resources): (Vec<&String>, Vec<&String>) =
        p.args.iter().partition(|a| a.contains('='));
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    // The resource builder (Complete) fails before Validate looks at the images.
    if resources.is_empty() && p.all("filename").is_empty() {
        out.errln("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        return Outcome::failed();
    }
    if pairs.is_empty() {
        out.errln("error: at least one image update is required");
        return Outcome::failed();
    }
    let resources: Vec<String> = resources.into_iter().cloned().collect();
    let Some((found, mut failed)) = select_objects(cluster, &p, &resources, inv, out) else {
        return Outcome::failed();
    };
    for obj in found {
        let m = obj.meta();
        let key = objects::key(obj.kind(), &m.namespace, &m.name);
        let res = objects::modify(cluster, obj.kind(), &key, |o| match o {
            Object::Deployment(d) => set_images(&mut d.spec.template.spec, &pairs),
            Object::ReplicaSet(rs) => set_images(&mut rs.spec.template.spec, &pairs),
            Object::Pod(pod) => set_images(std::rc::Rc::make_mut(&mut pod.spec), &pairs),
            other => Err(format!(
                "{}/{} is not a workload with containers",
                other.kind().kubectl_kind(),
                other.meta().name
            )),
        });
        match res {
            Ok(Ok(o)) => out.outln(format!("{} image updated", objects::name_of(&o))),
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
