//! `kubectl create deployment|namespace` (`pkg/cmd/create`).

use super::{flags_or_fail, namespace};
use crate::api::apps::{DeploymentSpec, PodTemplateSpec};
use crate::api::meta::{LabelSelector, Labels};
use crate::api::pod::{Container, ContainerPort, PodSpec};
use crate::api::{Deployment, Kind, Namespace, ObjectMeta};
use crate::apiserver::errors::{ApiError, Reason};
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{Invocation, Outcome, Output};
use crate::Cluster;

const DEPLOYMENT_FLAGS: &[FlagSpec] = &[
    flag("image", None, true),
    flag("replicas", Some('r'), true),
    flag("port", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

const FILE_FLAGS: &[FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("recursive", Some('R'), false),
    crate::kubectl::parse::flag_opt("validate", "strict"),
    crate::kubectl::parse::flag_opt("dry-run", "unchanged"),
    flag("output", Some('o'), true),
    flag("save-config", None, false),
    flag("edit", None, false),
    flag("record", None, false),
];

pub fn run(cluster: &mut Cluster, words: &[String], inv: &Invocation, out: &mut Output) -> Outcome {
    if words
        .iter()
        .any(|w| w.starts_with("-f") || w.starts_with("--filename"))
    {
        let p = match flags_or_fail("create", words, FILE_FLAGS, out) {
            Ok(p) => p,
            Err(o) => return o,
        };
        return super::apply::apply_files(cluster, &p, inv, out, super::apply::Mode::Create);
    }
    match words.first().map(String::as_str) {
        Some("deployment") | Some("deploy") => deployment(cluster, &words[1..], out),
        Some("namespace") | Some("ns") => create_namespace(cluster, &words[1..], out),
        Some(other) if !other.starts_with('-') => {
            out.errln(format!(
                "error: unknown command \"{other}\" for \"kubectl create\""
            ));
            Outcome::failed()
        }
        _ => {
            out.errln("error: must specify one of -f and -k");
            out.errln("");
            Outcome::failed()
        }
    }
}

/// `--dry-run=client|server`: prints the object (or the `(dry run)` line) and stops.
pub fn dry_run(
    p: &crate::kubectl::parse::Parsed,
    obj: &crate::api::Object,
    out: &mut Output,
) -> Option<Outcome> {
    let server = match p.get("dry-run") {
        None | Some("none") => return None,
        Some("client") => false,
        Some("server") => true,
        Some(other) => {
            out.errln(format!(
                "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            ));
            return Some(Outcome::failed());
        }
    };
    let explicit_ns = p.get("namespace").is_some_and(|n| !n.is_empty());
    let output = p.get("output").unwrap_or("");
    Some(
        match crate::kubectl::objects::print_dry_run(obj, explicit_ns, server, output) {
            Ok(text) => {
                out.out(text);
                Outcome::ok()
            }
            Err(e) => {
                out.errln(e);
                Outcome::failed()
            }
        },
    )
}

/// Prints an API error as kubectl does (Invalid errors have their own shape).
pub fn print_api_error(e: &ApiError, out: &mut Output) {
    if e.reason == Reason::Invalid {
        out.errln(format!("The {}", e.message));
    } else {
        out.errln(e.kubectl_line());
    }
}

/// The container name kubectl derives from an image (`blux2/hello-server:1.0` → `hello-server`).
fn container_name(image: &str) -> String {
    let base = image.split('@').next().unwrap_or(image);
    let last = base.rsplit('/').next().unwrap_or(base);
    let name = last.split(':').next().unwrap_or(last);
    name.to_ascii_lowercase()
        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-")
}

/// The Deployment `kubectl create deployment` builds: labels, selector and template labels
/// `app=<name>` (create_deployment.go), not yet defaulted.
pub(crate) fn app_deployment(
    name: &str,
    namespace: &str,
    replicas: i32,
    containers: Vec<Container>,
) -> Deployment {
    // An insert, not `[..].into()`: the array conversion brings its own bulk-build copy of
    // the BTreeMap code into the wasm bundle (issue #9).
    let mut labels = Labels::new();
    labels.insert("app".to_string(), name.to_string());
    Deployment {
        metadata: ObjectMeta {
            name: name.into(),
            namespace: namespace.into(),
            labels: labels.clone().into(),
            ..Default::default()
        },
        spec: DeploymentSpec {
            replicas: Some(replicas),
            selector: LabelSelector {
                match_labels: labels.clone(),
                ..Default::default()
            },
            template: PodTemplateSpec {
                metadata: ObjectMeta {
                    labels: labels.into(),
                    ..Default::default()
                },
                spec: PodSpec {
                    containers,
                    ..Default::default()
                },
            },
            ..Default::default()
        },
        ..Default::default()
    }
}

fn deployment(cluster: &mut Cluster, words: &[String], out: &mut Output) -> Outcome {
    let p = match flags_or_fail("create deployment", words, DEPLOYMENT_FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    // cobra checks required flags before the command runs.
    let images = p.all("image");
    if images.is_empty() {
        return super::required_flag_error(cluster, "image", out);
    }
    let Some(name) = p.args.first().cloned() else {
        out.errln("error: exactly one NAME is required, got 0");
        out.errln("See 'kubectl create deployment -h' for help and examples");
        return Outcome::failed();
    };
    let replicas = match p.get("replicas").map(str::parse::<i32>).transpose() {
        Ok(r) => r.unwrap_or(1),
        Err(_) => {
            let v = p.get("replicas").unwrap_or_default();
            out.errln(format!("Error: invalid argument \"{v}\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl create deployment --help' for usage."));
            return Outcome::failed();
        }
    };
    let port = p.get("port").and_then(|v| v.parse::<i32>().ok());
    let containers = images
        .iter()
        .map(|img| Container {
            name: container_name(img),
            image: img.clone(),
            ports: port
                .map(|p| {
                    vec![ContainerPort {
                        container_port: p,
                        ..Default::default()
                    }]
                })
                .unwrap_or_default(),
            ..Default::default()
        })
        .collect();
    let d = app_deployment(&name, &namespace(&p), replicas, containers);
    let obj = crate::api::Object::Deployment(d);
    if let Some(o) = dry_run(&p, &obj, out) {
        return o;
    }
    match crate::kubectl::objects::create(cluster, obj) {
        Ok(_) => {
            out.outln(format!("deployment.apps/{name} created"));
            Outcome::ok()
        }
        Err(e) => {
            // create_deployment.go wraps the API error: `failed to create deployment: %v`.
            let msg = match e {
                crate::kubectl::objects::WriteError::Invalid { kind, name, causes } => {
                    ApiError::invalid(kind, &name, &causes).message
                }
                crate::kubectl::objects::WriteError::Api(e) => e.message,
            };
            out.errln(format!("error: failed to create deployment: {msg}"));
            Outcome::failed()
        }
    }
}

fn create_namespace(cluster: &mut Cluster, words: &[String], out: &mut Output) -> Outcome {
    let p = match flags_or_fail(
        "create namespace",
        words,
        &[flag("dry-run", None, true)],
        out,
    ) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some(name) = p.args.first().cloned() else {
        out.errln("error: exactly one NAME is required, got 0");
        return Outcome::failed();
    };
    if let Some(e) = crate::apiserver::names::dns1123_label_error(&name) {
        print_api_error(
            &ApiError::invalid(
                Kind::Namespace,
                &name,
                &[format!("metadata.name: Invalid value: \"{name}\": {e}")],
            ),
            out,
        );
        return Outcome::failed();
    }
    let ns = Namespace {
        metadata: ObjectMeta {
            name: name.clone(),
            ..Default::default()
        },
        status: crate::api::node::NamespaceStatus {
            phase: "Active".into(),
        },
        ..Default::default()
    };
    match cluster.api.create(ns) {
        Ok(_) => {
            out.outln(format!("namespace/{name} created"));
            Outcome::ok()
        }
        Err(e) => {
            print_api_error(&e, out);
            Outcome::failed()
        }
    }
}
