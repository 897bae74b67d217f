//! `kubectl describe pod`: describe.go `describePod` (pod-lifecycle.md §4.3).

use super::common::{
    annotations_multiline, controlled_by, describe_events, labels_multiline, tolerations_multiline,
};
use super::containers::{describe_containers, describe_volumes};
use super::{DescribeWriter, LEVEL_0, LEVEL_1};
use crate::api::{Event, Pod};
use crate::printers::human_duration::translate_timestamp_since;
use crate::time::Time;

/// `seccompProfile` from the pod's (free-form) security context.
fn seccomp(pod: &Pod) -> Option<(String, Option<String>)> {
    let p = pod.spec.security_context.as_ref()?.get("seccompProfile")?;
    let ty = p.get("type")?.as_str()?.to_string();
    let local = p
        .get("localhostProfile")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    Some((ty, local))
}

/// `describePod`. `events` are the pod's events (`searchEvents`: same name, namespace and
/// uid) or `None` for `--show-events=false`.
pub fn describe_pod(pod: &Pod, events: Option<&[Event]>, now: Time) -> String {
    let mut w = DescribeWriter::new();
    header(&mut w, pod, now);
    // The ServiceAccount token volume and its mounts are in the object (admission put
    // them there), so describe and `-o yaml` agree.
    let st = &pod.status;
    if !pod.spec.init_containers.is_empty() {
        describe_containers(
            &mut w,
            "Init Containers",
            &pod.spec.init_containers,
            Some(&st.init_container_statuses),
            Some(pod),
            "",
        );
    }
    describe_containers(
        &mut w,
        "Containers",
        &pod.spec.containers,
        Some(&st.container_statuses),
        Some(pod),
        "",
    );
    conditions(&mut w, pod);
    describe_volumes(&mut w, &pod.spec.volumes, "");
    let qos = if st.qos_class.is_empty() {
        crate::apiserver::defaults::qos_class(&pod.spec)
    } else {
        st.qos_class.as_str()
    };
    w.write(LEVEL_0, &format!("QoS Class:\t{qos}\n"));
    labels_multiline(&mut w, "", "Node-Selectors", &pod.spec.node_selector);
    tolerations_multiline(&mut w, "", "Tolerations", &pod.spec.tolerations);
    if let Some(events) = events {
        describe_events(&mut w, events, now);
    }
    w.finish()
}

/// Everything from `Name:` to `NominatedNodeName:`.
fn header(w: &mut DescribeWriter, pod: &Pod, now: Time) {
    let (meta, spec, st) = (&pod.metadata, &pod.spec, &pod.status);
    w.write(LEVEL_0, &format!("Name:\t{}\n", meta.name));
    w.write(LEVEL_0, &format!("Namespace:\t{}\n", meta.namespace));
    if let Some(p) = spec.priority {
        w.write(LEVEL_0, &format!("Priority:\t{p}\n"));
    }
    if let Some(sa) = spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(LEVEL_0, &format!("Service Account:\t{sa}\n"));
    }
    if spec.node_name.is_empty() {
        w.write(LEVEL_0, "Node:\t<none>\n");
    } else {
        w.write(
            LEVEL_0,
            &format!("Node:\t{}/{}\n", spec.node_name, st.host_ip),
        );
    }
    if let Some(t) = st.start_time {
        w.write(LEVEL_0, &format!("Start Time:\t{}\n", t.rfc1123z()));
    }
    labels_multiline(w, "", "Labels", &meta.labels);
    annotations_multiline(w, "Annotations", &meta.annotations);
    if meta.deletion_timestamp.is_some() && !pod.is_terminal() {
        w.write(
            LEVEL_0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                translate_timestamp_since(meta.deletion_timestamp, now)
            ),
        );
        w.write(
            LEVEL_0,
            &format!(
                "Termination Grace Period:\t{}s\n",
                meta.deletion_grace_period_seconds.unwrap_or(0)
            ),
        );
    } else {
        w.write(LEVEL_0, &format!("Status:\t{}\n", st.phase));
    }
    if !st.reason.is_empty() {
        w.write(LEVEL_0, &format!("Reason:\t{}\n", st.reason));
    }
    if !st.message.is_empty() {
        w.write(LEVEL_0, &format!("Message:\t{}\n", st.message));
    }
    if let Some((ty, local)) = seccomp(pod) {
        w.write(LEVEL_0, &format!("SeccompProfile:\t{ty}\n"));
        if ty == "Localhost" {
            let local = local.unwrap_or_default();
            w.write(LEVEL_0, &format!("LocalhostProfile:\t{local}\n"));
        }
    }
    w.write(LEVEL_0, &format!("IP:\t{}\n", st.pod_ip));
    if st.pod_ips.is_empty() {
        w.write(LEVEL_0, "IPs:\t<none>\n");
    } else {
        w.write(LEVEL_0, "IPs:\n");
        for ip in &st.pod_ips {
            w.write(LEVEL_1, &format!("IP:\t{}\n", ip.ip));
        }
    }
    if let Some(c) = controlled_by(&meta.owner_references) {
        w.write(LEVEL_0, &format!("Controlled By:\t{c}\n"));
    }
    if !st.nominated_node_name.is_empty() {
        w.write(
            LEVEL_0,
            &format!("NominatedNodeName:\t{}\n", st.nominated_node_name),
        );
    }
}

/// `Readiness Gates:` and `Conditions:` (each row is `"%v \t%v \n"`: note the spaces).
fn conditions(w: &mut DescribeWriter, pod: &Pod) {
    let st = &pod.status;
    if !pod.spec.readiness_gates.is_empty() {
        w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
        for g in &pod.spec.readiness_gates {
            let status = st
                .conditions
                .iter()
                .find(|c| c.type_ == g.condition_type)
                .map_or("<none>", |c| &*c.status);
            w.write(LEVEL_1, &format!("{} \t{status} \n", g.condition_type));
        }
    }
    if !st.conditions.is_empty() {
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
        for c in &st.conditions {
            w.write(LEVEL_1, &format!("{} \t{} \n", c.type_, c.status));
        }
    }
}
