//! `kubectl describe pod`: describe.go `describePod` (pod-lifecycle.md §4.3).

use super::common::{
    annotations_multiline, controlled_by, describe_events, labels_multiline, tolerations_multiline,
};
use super::containers::{describe_containers, describe_volumes, Mount};
use super::{DescribeWriter, LEVEL_0, LEVEL_1};
use crate::api::{Event, Pod};
use crate::apiserver::names::ALPHANUMS;
use crate::printers::human_duration::translate_timestamp_since;
use crate::time::Time;

/// Where the ServiceAccount admission plugin mounts the token volume.
const SA_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// The projected token volume every pod gets from ServiceAccount admission is named
/// `kube-api-access-<5 random chars>` (`generateName`-style, alphabet
/// `bcdfghjklmnpqrstvwxz2456789`). The simulator stores no volumes, so describe derives
/// the 5 characters deterministically from the pod's uid (FNV-1a 64; the name if the uid
/// is empty): a given pod always shows the same volume name.
pub fn kube_api_access_volume_name(pod: &Pod) -> String {
    let seed = if pod.metadata.uid.is_empty() {
        &pod.metadata.name
    } else {
        &pod.metadata.uid
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let n = ALPHANUMS.len() as u64;
    let suffix: String = (0..5)
        .map(|_| {
            let c = ALPHANUMS[(h % n) as usize] as char;
            h /= n;
            c
        })
        .collect();
    format!("kube-api-access-{suffix}")
}

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
    // ServiceAccount admission appends the token volume and mounts it in every container;
    // the simulator stores neither, so describe adds them (unless the pod opted out, or
    // already carries one, as a pod imported from a real cluster does).
    let has_token = pod.spec.volumes.iter().any(|v| {
        v.get("name")
            .and_then(|n| n.as_str())
            .is_some_and(|n| n.starts_with("kube-api-access-"))
    });
    let token = (pod.spec.automount_service_account_token != Some(false) && !has_token)
        .then(|| kube_api_access_volume_name(pod));
    let mounts: Vec<Mount> = token
        .iter()
        .map(|volume| Mount {
            path: SA_MOUNT_PATH.into(),
            volume: volume.clone(),
            read_only: true,
            sub_path: String::new(),
        })
        .collect();
    let st = &pod.status;
    if !pod.spec.init_containers.is_empty() {
        describe_containers(
            &mut w,
            "Init Containers",
            &pod.spec.init_containers,
            Some(&st.init_container_statuses),
            &mounts,
            Some(pod),
            "",
        );
    }
    describe_containers(
        &mut w,
        "Containers",
        &pod.spec.containers,
        Some(&st.container_statuses),
        &mounts,
        Some(pod),
        "",
    );
    conditions(&mut w, pod);
    let mut volumes = pod.spec.volumes.clone();
    volumes.extend(token.iter().map(|name| token_volume(name)));
    describe_volumes(&mut w, &volumes, "");
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
                .map_or("<none>", |c| c.status.as_str());
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

/// `describeVolumes` for the ServiceAccount admission's projected volume
/// (`printProjectedVolumeSource`: sources in admission order — token, CA config map,
/// downward API namespace).
/// The projected volume ServiceAccount admission adds (`kube-api-access-…`).
fn token_volume(name: &str) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
            {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
        ]}
    })
}
