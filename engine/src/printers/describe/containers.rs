//! Containers and pod templates as describe.go prints them: `describeContainers`,
//! `describeContainerBasicInfo`, `describeContainerState`/`describeStatus`,
//! `describeResources`, `DescribeProbe`, `describeContainerEnvVars`,
//! `describeContainerVolumes`, `DescribePodTemplate`, `describeVolumes`.

use super::common::{annotations_multiline, labels_multiline, print_bool, tolerations_multiline};
use super::{DescribeWriter, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3};
use crate::api::apps::PodTemplateSpec;
use crate::api::pod::{
    Container, ContainerState, ContainerStatus, Probe, ResourceRequirements, Volume, VolumeMount,
};
use crate::api::Pod;
use crate::time::Time;

/// A `volumeMounts` entry.
#[derive(Clone, Debug)]
struct Mount {
    pub path: String,
    pub volume: String,
    pub read_only: bool,
    pub sub_path: String,
}

fn str_field<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v.get(key).and_then(|x| x.as_str()).unwrap_or("")
}

fn bool_field(v: &serde_json::Value, key: &str) -> bool {
    v.get(key).and_then(|x| x.as_bool()).unwrap_or(false)
}

impl Mount {
    /// A container's `volumeMounts` entry (kept as JSON by the simulator).
    fn of(v: &VolumeMount) -> Mount {
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("");
        Mount {
            path: text("mountPath").into(),
            volume: v.name().into(),
            read_only: v.get("readOnly").and_then(|x| x.as_bool()) == Some(true),
            sub_path: text("subPath").into(),
        }
    }
}

/// `time.Time{}.Format(time.RFC1123Z)`: what describe prints for an unset timestamp.
const ZERO_TIME_RFC1123Z: &str = "Mon, 01 Jan 0001 00:00:00 +0000";

pub fn rfc1123z(t: Option<Time>) -> String {
    t.map_or_else(|| ZERO_TIME_RFC1123Z.to_string(), Time::rfc1123z)
}

/// `describeContainers(label, containers, statuses, resolver, w, space)`. `statuses` is
/// `None` for pod templates (no Container ID, Image ID or State lines).
pub fn describe_containers(
    w: &mut DescribeWriter,
    label: &str,
    containers: &[Container],
    statuses: Option<&[ContainerStatus]>,
    pod: Option<&Pod>,
    space: &str,
) {
    let none = if containers.is_empty() { " <none>" } else { "" };
    w.write(LEVEL_0, &format!("{space}{label}:{none}\n"));
    for c in containers {
        // Go builds a map name → status: the last status with a name wins.
        let status = statuses.and_then(|s| s.iter().rev().find(|st| st.name == c.name));
        basic_info(w, c, status, space);
        command(w, c);
        if let Some(st) = status {
            container_state(w, st);
        }
        describe_resources(w, &c.resources, LEVEL_2);
        probes(w, c);
        if !c.env_from.is_empty() {
            env_from(w, c);
        }
        env_vars(w, c, pod);
        let mounts: Vec<Mount> = c.volume_mounts.iter().map(Mount::of).collect();
        volume_mounts(w, &mounts);
    }
}

fn ports_text(c: &Container, host: bool) -> String {
    c.ports
        .iter()
        .map(|p| {
            let port = if host {
                p.host_port.unwrap_or(0)
            } else {
                p.container_port
            };
            format!("{port}/{}", p.protocol.as_deref().unwrap_or("TCP"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "<none>"
    } else {
        s
    }
}

/// `describeContainerBasicInfo`.
fn basic_info(
    w: &mut DescribeWriter,
    c: &Container,
    status: Option<&ContainerStatus>,
    space: &str,
) {
    let name_indent = if space.is_empty() { "" } else { " " };
    w.write(LEVEL_1, &format!("{name_indent}{}:\n", c.name));
    if let Some(st) = status {
        w.write(LEVEL_2, &format!("Container ID:\t{}\n", st.container_id));
    }
    w.write(LEVEL_2, &format!("Image:\t{}\n", c.image));
    if let Some(st) = status {
        w.write(LEVEL_2, &format!("Image ID:\t{}\n", st.image_id));
    }
    let ports = ports_text(c, false);
    if ports.contains(',') {
        w.write(LEVEL_2, &format!("Ports:\t{ports}\n"));
    } else {
        w.write(LEVEL_2, &format!("Port:\t{}\n", or_none(&ports)));
    }
    let host_ports = ports_text(c, true);
    if host_ports.contains(',') {
        w.write(LEVEL_2, &format!("Host Ports:\t{host_ports}\n"));
    } else {
        w.write(LEVEL_2, &format!("Host Port:\t{}\n", or_none(&host_ports)));
    }
}

/// `describeContainerCommand`: each item (and each line of it) on its own line.
fn command(w: &mut DescribeWriter, c: &Container) {
    for (title, items) in [("Command", &c.command), ("Args", &c.args)] {
        if items.is_empty() {
            continue;
        }
        w.write(LEVEL_2, &format!("{title}:\n"));
        for item in items {
            for s in item.split('\n') {
                w.write(LEVEL_3, &format!("{s}\n"));
            }
        }
    }
}

/// `describeContainerState`.
fn container_state(w: &mut DescribeWriter, st: &ContainerStatus) {
    describe_status(w, "State", &st.state);
    if st.last_state.terminated.is_some() {
        describe_status(w, "Last State", &st.last_state);
    }
    w.write(LEVEL_2, &format!("Ready:\t{}\n", print_bool(st.ready)));
    w.write(LEVEL_2, &format!("Restart Count:\t{}\n", st.restart_count));
}

/// `describeStatus`: Running / Waiting (reason only; the message is not shown) /
/// Terminated; an empty state prints as Waiting.
fn describe_status(w: &mut DescribeWriter, name: &str, state: &ContainerState) {
    if let Some(r) = &state.running {
        w.write(LEVEL_2, &format!("{name}:\tRunning\n"));
        w.write(LEVEL_3, &format!("Started:\t{}\n", rfc1123z(r.started_at)));
    } else if let Some(wt) = &state.waiting {
        w.write(LEVEL_2, &format!("{name}:\tWaiting\n"));
        if !wt.reason.is_empty() {
            w.write(LEVEL_3, &format!("Reason:\t{}\n", wt.reason));
        }
    } else if let Some(t) = &state.terminated {
        w.write(LEVEL_2, &format!("{name}:\tTerminated\n"));
        if !t.reason.is_empty() {
            w.write(LEVEL_3, &format!("Reason:\t{}\n", t.reason));
        }
        if !t.message.is_empty() {
            w.write(LEVEL_3, &format!("Message:\t{}\n", t.message));
        }
        w.write(LEVEL_3, &format!("Exit Code:\t{}\n", t.exit_code));
        if t.signal > 0 {
            w.write(LEVEL_3, &format!("Signal:\t{}\n", t.signal));
        }
        w.write(LEVEL_3, &format!("Started:\t{}\n", rfc1123z(t.started_at)));
        w.write(
            LEVEL_3,
            &format!("Finished:\t{}\n", rfc1123z(t.finished_at)),
        );
    } else {
        w.write(LEVEL_2, &format!("{name}:\tWaiting\n"));
    }
}

/// `describeResources`: `Limits:` / `Requests:` with one `name:\tquantity` per resource,
/// sorted by name, each quantity in canonical form (`Quantity.String()`).
pub fn describe_resources(w: &mut DescribeWriter, r: &ResourceRequirements, level: usize) {
    for (title, list) in [("Limits", &r.limits), ("Requests", &r.requests)] {
        if list.is_empty() {
            continue;
        }
        w.write(level, &format!("{title}:\n"));
        for (name, q) in list {
            let q = super::quantity::canonical(name, q);
            w.write(level + 1, &format!("{name}:\t{q}\n"));
        }
    }
}

/// `DescribeProbe`. Unset fields print as the API defaults (delay 0, timeout 1, period 10,
/// success 1, failure 3), which is what a stored object would hold.
pub fn describe_probe(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(1),
        p.period_seconds.unwrap_or(10),
        p.success_threshold.unwrap_or(1),
        p.failure_threshold.unwrap_or(3)
    );
    if let Some(e) = &p.exec {
        // `fmt.Sprintf("exec %v", []string)` prints `[a b c]`.
        return format!("exec [{}] {attrs}", e.command.join(" "));
    }
    if let Some(h) = &p.http_get {
        let scheme = crate::printers::case::to_lower(h.scheme.as_deref().unwrap_or("HTTP"));
        let host = h.host.as_deref().unwrap_or("");
        let port = h.port.to_string();
        // net.JoinHostPort brackets hosts that contain a colon (IPv6).
        let hostport = if port.is_empty() {
            host.to_string()
        } else if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let path = h.path.as_deref().unwrap_or("");
        // url.URL.String() inserts a "/" before a relative path when there is a host.
        let sep = if !path.is_empty() && !path.starts_with('/') && !hostport.is_empty() {
            "/"
        } else {
            ""
        };
        return format!("http-get {scheme}://{hostport}{sep}{path} {attrs}");
    }
    if let Some(t) = &p.tcp_socket {
        return format!("tcp-socket :{} {attrs}", t.port);
    }
    format!("unknown {attrs}")
}

fn probes(w: &mut DescribeWriter, c: &Container) {
    for (title, probe) in [
        ("Liveness", &c.liveness_probe),
        ("Readiness", &c.readiness_probe),
        ("Startup", &c.startup_probe),
    ] {
        if let Some(p) = probe {
            w.write(LEVEL_2, &format!("{title}:\t{}\n", describe_probe(p)));
        }
    }
}

/// `describeContainerEnvVars`: literal values, or where a `valueFrom` points (the simulator
/// resolves neither field paths nor ConfigMaps, so a fieldRef prints no value).
fn env_vars(w: &mut DescribeWriter, c: &Container, pod: Option<&Pod>) {
    let none = if c.env.is_empty() { "\t<none>" } else { "" };
    w.write(LEVEL_2, &format!("Environment:{none}\n"));
    for e in &c.env {
        let Some(from) = &e.value_from else {
            let value = e.value.as_deref().unwrap_or("");
            for (i, s) in value.split('\n').enumerate() {
                if i == 0 {
                    w.write(LEVEL_3, &format!("{}:\t{s}\n", e.name));
                } else {
                    w.write(LEVEL_3, &format!("\t{s}\n"));
                }
            }
            continue;
        };
        let name = &e.name;
        if let Some(f) = from.get("fieldRef") {
            let api = f.get("apiVersion").and_then(|x| x.as_str()).unwrap_or("v1");
            let path = str_field(f, "fieldPath");
            let value = pod.map(|p| field_path_value(p, path)).unwrap_or_default();
            w.write(LEVEL_3, &format!("{name}:\t{value} ({api}:{path})\n"));
        } else if let Some(r) = from.get("resourceFieldRef") {
            let res = str_field(r, "resource");
            let value = resource_value(c, res);
            w.write(LEVEL_3, &format!("{name}:\t{value} ({res})\n"));
        } else if let Some(k) = from.get("secretKeyRef") {
            let (key, src, opt) = (
                str_field(k, "key"),
                str_field(k, "name"),
                bool_field(k, "optional"),
            );
            w.write(
                LEVEL_3,
                &format!("{name}:\t<set to the key '{key}' in secret '{src}'>\tOptional: {opt}\n"),
            );
        } else if let Some(k) = from.get("configMapKeyRef") {
            let (key, src, opt) = (
                str_field(k, "key"),
                str_field(k, "name"),
                bool_field(k, "optional"),
            );
            w.write(
                LEVEL_3,
                &format!(
                    "{name}:\t<set to the key '{key}' of config map '{src}'>\tOptional: {opt}\n"
                ),
            );
        }
    }
}

/// `fieldpath.ExtractFieldPathAsString` for the paths the downward API allows.
fn field_path_value(pod: &Pod, path: &str) -> String {
    let m = &pod.metadata;
    let keyed = |prefix: &str, map: &std::collections::BTreeMap<String, String>| {
        path.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix("']"))
            .and_then(|k| map.get(k).cloned())
            .unwrap_or_default()
    };
    match path {
        "metadata.name" => m.name.clone(),
        "metadata.namespace" => m.namespace.clone(),
        "metadata.uid" => m.uid.clone(),
        "spec.nodeName" => pod.spec.node_name.clone(),
        "spec.serviceAccountName" => pod.spec.service_account_name.clone().unwrap_or_default(),
        "status.podIP" => pod.status.pod_ip.clone(),
        "status.hostIP" => pod.status.host_ip.clone(),
        p if p.starts_with("metadata.labels['") => keyed("metadata.labels['", &m.labels),
        p if p.starts_with("metadata.annotations['") => {
            keyed("metadata.annotations['", &m.annotations)
        }
        _ => String::new(),
    }
}

/// `ExtractContainerResourceValue` with the default divisor: cpu in whole cores (rounded
/// up), memory in bytes; an unset limit is the node's allocatable.
fn resource_value(c: &Container, resource: &str) -> String {
    let Some((kind, name)) = resource.split_once('.') else {
        return String::new();
    };
    let list = if kind == "limits" {
        &c.resources.limits
    } else {
        &c.resources.requests
    };
    let v = list
        .get(name)
        .and_then(|q| crate::quantity::parse(name, q))
        .unwrap_or(0);
    match (kind, name, v) {
        ("limits", "cpu" | "memory", 0) => "node allocatable".into(),
        (_, "cpu", v) => ((v + 999) / 1000).to_string(),
        (_, _, v) => v.to_string(),
    }
}

/// `describeContainerEnvFrom`.
fn env_from(w: &mut DescribeWriter, c: &Container) {
    w.write(LEVEL_2, "Environment Variables from:\n");
    for e in &c.env_from {
        let (from, r) = match (e.get("configMapRef"), e.get("secretRef")) {
            (Some(r), _) => ("ConfigMap", Some(r)),
            (None, Some(r)) => ("Secret", Some(r)),
            _ => ("", None),
        };
        let name = r.map_or("", |r| str_field(r, "name"));
        let optional = r.is_some_and(|r| bool_field(r, "optional"));
        let prefix = str_field(e, "prefix");
        if prefix.is_empty() {
            w.write(LEVEL_3, &format!("{name}\t{from}\tOptional: {optional}\n"));
        } else {
            w.write(
                LEVEL_3,
                &format!("{name}\t{from} with prefix '{prefix}'\tOptional: {optional}\n"),
            );
        }
    }
}

/// `describeContainerVolumes`: `path from volume (ro|rw)`, sorted by mount path.
fn volume_mounts(w: &mut DescribeWriter, mounts: &[Mount]) {
    let none = if mounts.is_empty() { "\t<none>" } else { "" };
    w.write(LEVEL_2, &format!("Mounts:{none}\n"));
    let mut sorted: Vec<&Mount> = mounts.iter().collect();
    super::gosort::sort(&mut sorted, |a, b| a.path < b.path);
    for m in sorted {
        let mut flags = if m.read_only { "ro" } else { "rw" }.to_string();
        if !m.sub_path.is_empty() {
            flags.push_str(&format!(",path={:?}", m.sub_path));
        }
        w.write(
            LEVEL_3,
            &format!("{} from {} ({flags})\n", m.path, m.volume),
        );
    }
}

/// `describeVolumes` for the volume types readers write; others print `<unknown>`.
pub fn describe_volumes(w: &mut DescribeWriter, volumes: &[Volume], space: &str) {
    if volumes.is_empty() {
        w.write(LEVEL_0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.write(LEVEL_0, &format!("{space}Volumes:\n"));
    let indent = if space.is_empty() { "" } else { " " };
    for v in volumes {
        w.write(LEVEL_1, &format!("{indent}{}:\n", v.name()));
        volume_source(w, v);
    }
}

fn volume_source(w: &mut DescribeWriter, v: &Volume) {
    if let Some(h) = v.get("hostPath") {
        let ty = h.get("type").and_then(|x| x.as_str()).unwrap_or("<none>");
        let path = str_field(h, "path");
        w.write(
            LEVEL_2,
            &format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{path}\n    HostPathType:\t{ty}\n"),
        );
    } else if let Some(e) = v.get("emptyDir") {
        let medium = str_field(e, "medium");
        let size = e
            .get("sizeLimit")
            .and_then(|x| x.as_str())
            .map(|q| super::quantity::canonical("storage", q))
            .filter(|q| q != "0")
            .unwrap_or_else(|| "<unset>".into());
        w.write(
            LEVEL_2,
            &format!("Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{medium}\n    SizeLimit:\t{size}\n"),
        );
    } else if let Some(s) = v.get("secret") {
        let (name, opt) = (str_field(s, "secretName"), bool_field(s, "optional"));
        w.write(
            LEVEL_2,
            &format!("Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{name}\n    Optional:\t{opt}\n"),
        );
    } else if let Some(c) = v.get("configMap") {
        let (name, opt) = (str_field(c, "name"), bool_field(c, "optional"));
        w.write(
            LEVEL_2,
            &format!("Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{name}\n    Optional:\t{opt}\n"),
        );
    } else if let Some(c) = v.get("persistentVolumeClaim") {
        let (name, ro) = (str_field(c, "claimName"), bool_field(c, "readOnly"));
        w.write(
            LEVEL_2,
            &format!("Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{name}\n    ReadOnly:\t{ro}\n"),
        );
    } else if let Some(p) = v.get("projected") {
        projected(w, p);
    } else if let Some(d) = v.get("downwardAPI") {
        w.write(
            LEVEL_2,
            "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n",
        );
        for item in d
            .get("items")
            .and_then(|x| x.as_array())
            .into_iter()
            .flatten()
        {
            let path = str_field(item, "path");
            if let Some(f) = item.get("fieldRef") {
                w.write(
                    LEVEL_3,
                    &format!("{} -> {path}\n", str_field(f, "fieldPath")),
                );
            }
            if let Some(r) = item.get("resourceFieldRef") {
                w.write(
                    LEVEL_3,
                    &format!("{} -> {path}\n", str_field(r, "resource")),
                );
            }
        }
    } else {
        w.write(LEVEL_1, "<unknown>\n");
    }
}

/// `printProjectedVolumeSource`.
fn projected(w: &mut DescribeWriter, p: &serde_json::Value) {
    w.write(
        LEVEL_2,
        "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
    );
    for src in p
        .get("sources")
        .and_then(|x| x.as_array())
        .into_iter()
        .flatten()
    {
        if let Some(s) = src.get("secret") {
            let (name, opt) = (str_field(s, "name"), bool_field(s, "optional"));
            w.write(
                LEVEL_2,
                &format!("SecretName:\t{name}\n    Optional:\t{opt}\n"),
            );
        } else if src.get("downwardAPI").is_some() {
            w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
        } else if let Some(c) = src.get("configMap") {
            let (name, opt) = (str_field(c, "name"), bool_field(c, "optional"));
            w.write(
                LEVEL_2,
                &format!("ConfigMapName:\t{name}\n    Optional:\t{opt}\n"),
            );
        } else if let Some(t) = src.get("serviceAccountToken") {
            let secs = t
                .get("expirationSeconds")
                .and_then(|x| x.as_i64())
                .unwrap_or(3600);
            w.write(LEVEL_2, &format!("TokenExpirationSeconds:\t{secs}\n"));
        }
    }
}

/// `DescribePodTemplate` (used by describe deployment / replicaset). A template has only
/// the volumes its author wrote (the token volume is added to pods, not templates).
pub fn describe_pod_template(w: &mut DescribeWriter, t: &PodTemplateSpec) {
    w.write(LEVEL_0, "Pod Template:\n");
    labels_multiline(w, "", "  Labels", &t.metadata.labels);
    if !t.metadata.annotations.is_empty() {
        annotations_multiline(w, "  Annotations", &t.metadata.annotations);
    }
    if let Some(sa) = t
        .spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(LEVEL_1, &format!("Service Account:\t{sa}\n"));
    }
    if !t.spec.init_containers.is_empty() {
        describe_containers(
            w,
            "Init Containers",
            &t.spec.init_containers,
            None,
            None,
            "  ",
        );
    }
    describe_containers(w, "Containers", &t.spec.containers, None, None, "  ");
    describe_volumes(w, &t.spec.volumes, "  ");
    labels_multiline(w, "", "  Node-Selectors", &t.spec.node_selector);
    tolerations_multiline(w, "", "  Tolerations", &t.spec.tolerations);
}
