//! `kubectl run NAME --image=IMAGE` (`pkg/cmd/run/run.go`): one Pod, labelled
//! `run=NAME`, its container named after the pod. `pod/web created`.

use super::{flags_or_fail, namespace};
use crate::api::meta::Labels;
use crate::api::pod::{Container, ContainerPort, EnvVar, PodSpec};
use crate::api::{Object, ObjectMeta, Pod};
use crate::kubectl::objects;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{Invocation, Outcome, Output};
use crate::Cluster;

const FLAGS: &[FlagSpec] = &[
    flag("image", None, true),
    flag("port", None, true),
    flag("labels", Some('l'), true),
    flag("env", None, true),
    flag("restart", None, true),
    flag("command", None, false),
    flag("image-pull-policy", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
    flag("rm", None, false),
    flag("stdin", Some('i'), false),
    flag("tty", Some('t'), false),
    flag("attach", None, false),
    flag("annotations", None, true),
];

pub fn run(
    cluster: &mut Cluster,
    words: &[String],
    _inv: &Invocation,
    out: &mut Output,
) -> Outcome {
    let p = match flags_or_fail("run", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    // cobra checks required flags before the command runs.
    let Some(image) = p.get("image").map(str::to_string) else {
        return super::required_flag_error(cluster, "image", out);
    };
    let Some(name) = p.args.first().cloned() else {
        out.errln("error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
        return Outcome::failed();
    };
    if p.bool("stdin") || p.bool("tty") || p.bool("attach") || p.bool("rm") {
        out.errln("error: attaching to a container (-i, -t, --attach, --rm) is not modelled by this simulator");
        return Outcome::failed();
    }
    let restart = p.get("restart").unwrap_or("Always").to_string();
    if !matches!(restart.as_str(), "Always" | "OnFailure" | "Never") {
        out.errln(format!(
            "error: invalid restart policy: {restart}\nSee 'kubectl run -h' for help and examples"
        ));
        return Outcome::failed();
    }
    // Inserts rather than `collect()`: a collected BTreeMap sorts with its own copy of
    // std's sort in the bundle (issue #9). The last value of a repeated key wins either way.
    let mut labels = Labels::new();
    match p.get("labels") {
        Some(l) => {
            for (k, v) in l.split(',').filter_map(|kv| kv.split_once('=')) {
                labels.insert(k.to_string(), v.to_string());
            }
        }
        None => {
            labels.insert("run".to_string(), name.clone());
        }
    }
    let rest = &p.args[1..];
    let (command, args) = if p.bool("command") {
        (rest.to_vec(), vec![])
    } else {
        (vec![], rest.to_vec())
    };
    let port = match p.get("port").map(str::parse::<i32>).transpose() {
        Ok(port) => port,
        Err(_) => {
            out.errln(format!(
                "error: invalid argument \"{}\" for \"--port\" flag",
                p.get("port").unwrap_or("")
            ));
            return Outcome::failed();
        }
    };
    let container = Container {
        name: name.clone(),
        image,
        command,
        args,
        ports: port
            .map(|c| {
                vec![ContainerPort {
                    container_port: c,
                    ..Default::default()
                }]
            })
            .unwrap_or_default(),
        env: p
            .all("env")
            .iter()
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| EnvVar {
                name: k.into(),
                value: Some(v.into()),
                value_from: None,
            })
            .collect(),
        image_pull_policy: p.get("image-pull-policy").map(str::to_string),
        ..Default::default()
    };
    let pod = Pod {
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: namespace(&p),
            labels: labels.into(),
            ..Default::default()
        },
        spec: PodSpec {
            containers: vec![container],
            restart_policy: Some(restart),
            dns_policy: Some("ClusterFirst".into()),
            ..Default::default()
        }
        .into(),
        ..Default::default()
    };
    let obj = Object::Pod(pod);
    if let Some(o) = super::create::dry_run(&p, &obj, out) {
        return o;
    }
    match objects::create(cluster, obj) {
        Ok(_) => {
            out.outln(format!("pod/{name} created"));
            Outcome::ok()
        }
        Err(e) => {
            e.print(None, out);
            Outcome::failed()
        }
    }
}
