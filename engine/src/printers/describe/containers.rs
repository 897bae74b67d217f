//! Containers and pod templates as describe.go prints them: `describeContainers`,
//! `describeContainerBasicInfo`, `describeContainerState`/`describeStatus`,
//! `describeResources`, `DescribeProbe`, `describeContainerEnvVars`,
//! `describeContainerVolumes`, `DescribePodTemplate`, `describeVolumes`.

use super::common::{annotations_multiline, labels_multiline, print_bool, tolerations_multiline};
use super::{DescribeWriter, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3};
use crate::api::apps::PodTemplateSpec;
use crate::api::pod::{Container, ContainerState, ContainerStatus, Probe, ResourceRequirements};
use crate::time::Time;

/// A `volumeMounts` entry (the simulator only mounts the service-account token).
#[derive(Clone, Debug)]
pub struct Mount {
    pub path: String,
    pub volume: String,
    pub read_only: bool,
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
    mounts: &[Mount],
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
        env_vars(w, c);
        volume_mounts(w, mounts);
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
        let scheme = h.scheme.as_deref().unwrap_or("HTTP").to_lowercase();
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

/// `describeContainerEnvVars` for literal values (the simulator has no `valueFrom`).
fn env_vars(w: &mut DescribeWriter, c: &Container) {
    let none = if c.env.is_empty() { "\t<none>" } else { "" };
    w.write(LEVEL_2, &format!("Environment:{none}\n"));
    for e in &c.env {
        let value = e.value.as_deref().unwrap_or("");
        for (i, s) in value.split('\n').enumerate() {
            if i == 0 {
                w.write(LEVEL_3, &format!("{}:\t{s}\n", e.name));
            } else {
                w.write(LEVEL_3, &format!("\t{s}\n"));
            }
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
        let flag = if m.read_only { "ro" } else { "rw" };
        w.write(LEVEL_3, &format!("{} from {} ({flag})\n", m.path, m.volume));
    }
}

/// `DescribePodTemplate` (used by describe deployment / replicaset). Templates have no
/// volumes in the simulator, so `Volumes:` is `<none>`, as for a plain Deployment.
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
            &[],
            "  ",
        );
    }
    describe_containers(w, "Containers", &t.spec.containers, None, &[], "  ");
    w.write(LEVEL_0, "  Volumes:\t<none>\n");
    labels_multiline(w, "", "  Node-Selectors", &t.spec.node_selector);
    tolerations_multiline(w, "", "  Tolerations", &t.spec.tolerations);
}
