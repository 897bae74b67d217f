//! `kubectl explain TYPE[.field…]` for the fields the simulator models, in the plaintext
//! template of kubectl's OpenAPI v3 explain (`pkg/explain/v2/templates/plaintext.tmpl`).
//! Descriptions are the API reference's, shortened to their first sentences.

use super::flags_or_fail;
use crate::api::Kind;
use crate::kubectl::parse::{flag, FlagSpec};
use crate::kubectl::{resources, Outcome, Output};

const FLAGS: &[FlagSpec] = &[
    flag("recursive", None, false),
    flag("api-version", None, true),
    flag("output", Some('o'), true),
];

/// A schema node: name, type as explain prints it, required, description, children.
struct Field {
    name: &'static str,
    ty: &'static str,
    required: bool,
    desc: &'static str,
    children: fn() -> Vec<Field>,
}

const fn f(name: &'static str, ty: &'static str, desc: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        desc,
        children: none,
    }
}

fn none() -> Vec<Field> {
    Vec::new()
}

fn with(mut fl: Field, children: fn() -> Vec<Field>) -> Field {
    fl.children = children;
    fl
}

fn required(mut fl: Field) -> Field {
    fl.required = true;
    fl
}

const API_VERSION: &str = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
const KIND: &str = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
const METADATA: &str = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

fn meta() -> Vec<Field> {
    vec![
        f("annotations", "map[string]string", "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata."),
        f("generateName", "string", "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided."),
        f("labels", "map[string]string", "Map of string keys and values that can be used to organize and categorize (scope and select) objects."),
        f("name", "string", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically."),
        f("namespace", "string", "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace."),
    ]
}

fn selector() -> Vec<Field> {
    vec![
        f("matchExpressions", "[]LabelSelectorRequirement", "matchExpressions is a list of label selector requirements. The requirements are ANDed."),
        f("matchLabels", "map[string]string", "matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is \"key\", the operator is \"In\", and the values array contains only \"value\". The requirements are ANDed."),
    ]
}

fn container() -> Vec<Field> {
    vec![
        f("args", "[]string", "Arguments to the entrypoint. The container image's CMD is used if this is not provided."),
        f("command", "[]string", "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided."),
        f("env", "[]EnvVar", "List of environment variables to set in the container. Cannot be updated."),
        f("image", "string", "Container image name. More info: https://kubernetes.io/docs/concepts/containers/images"),
        f("imagePullPolicy", "string", "Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated."),
        f("livenessProbe", "Probe", "Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated."),
        required(f("name", "string", "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.")),
        f("ports", "[]ContainerPort", "List of ports to expose from the container."),
        f("readinessProbe", "Probe", "Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated."),
        f("resources", "ResourceRequirements", "Compute Resources required by this container. Cannot be updated."),
        f("startupProbe", "Probe", "StartupProbe indicates that the Pod has successfully initialized."),
    ]
}

fn pod_spec() -> Vec<Field> {
    vec![
        required(with(f("containers", "[]Container", "List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated."), container)),
        f("dnsPolicy", "string", "Set DNS policy for the pod. Defaults to \"ClusterFirst\"."),
        with(f("initContainers", "[]Container", "List of initialization containers belonging to the pod."), container),
        f("nodeName", "string", "NodeName indicates in which node this pod is scheduled."),
        f("nodeSelector", "map[string]string", "NodeSelector is a selector which must be true for the pod to fit on a node."),
        f("restartPolicy", "string", "Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always."),
        f("schedulerName", "string", "If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler."),
        f("terminationGracePeriodSeconds", "integer", "Optional duration in seconds the pod needs to terminate gracefully. Defaults to 30 seconds."),
        f("tolerations", "[]Toleration", "If specified, the pod's tolerations."),
    ]
}

fn template() -> Vec<Field> {
    vec![
        with(f("metadata", "ObjectMeta", METADATA), meta),
        with(f("spec", "PodSpec", "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"), pod_spec),
    ]
}

fn deployment_spec() -> Vec<Field> {
    vec![
        f("minReadySeconds", "integer", "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)"),
        f("paused", "boolean", "Indicates that the deployment is paused."),
        f("progressDeadlineSeconds", "integer", "The maximum time in seconds for a deployment to make progress before it is considered to be failed. Defaults to 600s."),
        f("replicas", "integer", "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."),
        f("revisionHistoryLimit", "integer", "The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10."),
        required(with(f("selector", "LabelSelector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."), selector)),
        with(f("strategy", "DeploymentStrategy", "The deployment strategy to use to replace existing pods with new ones."), strategy),
        required(with(f("template", "PodTemplateSpec", "Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is \"Always\"."), template)),
    ]
}

fn strategy() -> Vec<Field> {
    vec![
        with(f("rollingUpdate", "RollingUpdateDeployment", "Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate."), rolling),
        f("type", "string", "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate."),
    ]
}

fn rolling() -> Vec<Field> {
    vec![
        f("maxSurge", "IntOrString", "The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%."),
        f("maxUnavailable", "IntOrString", "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%."),
    ]
}

fn rs_spec() -> Vec<Field> {
    vec![
        f("minReadySeconds", "integer", "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available."),
        f("replicas", "integer", "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1."),
        required(with(f("selector", "LabelSelector", "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set."), selector)),
        with(f("template", "PodTemplateSpec", "Template is the object that describes the pod that will be created if insufficient replicas are detected."), template),
    ]
}

fn top(kind: Kind) -> (&'static str, Vec<Field>) {
    let common = |spec: Field| {
        vec![
            f("apiVersion", "string", API_VERSION),
            f("kind", "string", KIND),
            with(f("metadata", "ObjectMeta", METADATA), meta),
            spec,
            f(
                "status",
                "Object",
                "Most recently observed status. Populated by the system. Read-only.",
            ),
        ]
    };
    match kind {
        Kind::Pod => ("Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.", common(with(f("spec", "PodSpec", "Specification of the desired behavior of the pod."), pod_spec))),
        Kind::Deployment => ("Deployment enables declarative updates for Pods and ReplicaSets.", common(with(f("spec", "DeploymentSpec", "Specification of the desired behavior of the Deployment."), deployment_spec))),
        Kind::ReplicaSet => ("ReplicaSet ensures that a specified number of pod replicas are running at any given time.", common(with(f("spec", "ReplicaSetSpec", "Spec defines the specification of the desired behavior of the ReplicaSet."), rs_spec))),
        Kind::Namespace => ("Namespace provides a scope for Names. Use of multiple namespaces is optional.", common(f("spec", "NamespaceSpec", "Spec defines the behavior of the Namespace."))),
        Kind::Node => ("Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).", common(f("spec", "NodeSpec", "Spec defines the behavior of a node."))),
        Kind::Event => ("Event is a report of an event somewhere in the cluster.", vec![
            f("apiVersion", "string", API_VERSION),
            f("kind", "string", KIND),
            f("message", "string", "A human-readable description of the status of this operation."),
            with(f("metadata", "ObjectMeta", METADATA), meta),
            f("reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
            f("type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
        ]),
    }
}

/// Word-wraps at 80 columns with a 4-space indent (explain's `wrap 76 | indent 4`).
fn wrap(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for w in text.split_whitespace() {
        if !cur.is_empty() && cur.len() + 1 + w.len() > 80 - indent {
            lines.push(format!("{pad}{cur}"));
            cur.clear();
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(format!("{pad}{cur}"));
    }
    lines.join("\n")
}

fn ty(fl: &Field) -> String {
    let req = if fl.required { " -required-" } else { "" };
    format!("<{}>{req}", fl.ty)
}

pub fn run(words: &[String], out: &mut Output) -> Outcome {
    let p = match flags_or_fail("explain", words, FLAGS, out) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some(arg) = p.args.first() else {
        out.errln("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.");
        return Outcome::failed();
    };
    let mut path = arg.split('.');
    let type_name = path.next().unwrap_or("");
    let Some(kind) = resources::resolve(type_name) else {
        out.errln(format!(
            "error: the server doesn't have a resource type \"{type_name}\""
        ));
        return Outcome::failed();
    };
    let (desc, mut fields) = top(kind);
    let mut field: Option<Field> = None;
    for seg in path {
        let Some(next) = fields.into_iter().find(|f| f.name == seg) else {
            out.errln(format!("error: field \"{seg}\" does not exist"));
            return Outcome::failed();
        };
        fields = (next.children)();
        field = Some(next);
    }
    let mut s = String::new();
    if !kind.group().is_empty() {
        s.push_str(&format!("GROUP:      {}\n", kind.group()));
    }
    s.push_str(&format!("KIND:       {}\nVERSION:    v1\n\n", kind.name()));
    let description = match &field {
        Some(fl) => {
            s.push_str(&format!("FIELD: {} {}\n\n", fl.name, ty(fl)));
            fl.desc
        }
        None => desc,
    };
    s.push_str(&format!("DESCRIPTION:\n{}\n    \n", wrap(description, 4)));
    if !fields.is_empty() {
        s.push_str("FIELDS:\n");
        for fl in &fields {
            s.push_str(&format!(
                "  {}\t{}\n{}\n\n",
                fl.name,
                ty(fl),
                wrap(fl.desc, 4)
            ));
        }
    }
    out.out(s);
    Outcome::ok()
}
