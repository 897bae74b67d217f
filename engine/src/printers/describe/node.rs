//! `kubectl describe node`: describe.go `describeNode`, `describeNodeLease`,
//! `describeNodeResource`.
//!
//! Simulator-specific sources, documented where used: the node Lease is not stored, so
//! `Lease:` shows the kubelet as holder and the Ready condition's last heartbeat as renew
//! time; Machine ID / System UUID / Boot ID are not stored either and are derived
//! deterministically from the node's uid (or name) so the block looks like a real node's.

use super::common::{annotations_multiline, describe_events, labels_multiline, taints_multiline};
use super::containers::rfc1123z;
use super::quantity::{self, Sum};
use super::{DescribeWriter, LEVEL_0, LEVEL_1};
use crate::api::pod::ResourceList;
use crate::api::{Event, Node, Pod};
use crate::printers::human_duration::translate_timestamp_since;
use crate::printers::node::node_roles;
use crate::time::Time;

/// A sum per resource name. A handful of resources and no ordering needed, so a `Vec` with
/// linear lookup: a `BTreeMap<String, Sum>` would be one more copy of the BTreeMap code in
/// the wasm bundle (issue #9).
type Sums = Vec<(String, Sum)>;

/// The sum for `r`, `init` if there is none yet.
fn slot<'a>(m: &'a mut Sums, r: &str, init: Sum) -> &'a mut Sum {
    let i = match m.iter().position(|(k, _)| k == r) {
        Some(i) => i,
        None => {
            m.push((r.to_string(), init));
            m.len() - 1
        }
    };
    &mut m[i].1
}

/// The sum for `r`, zero if there is none.
fn sum_of(m: &Sums, r: &str) -> Sum {
    m.iter()
        .find(|(k, _)| k == r)
        .map(|(_, s)| *s)
        .unwrap_or_default()
}

/// `resourcehelper.PodRequestsAndLimits` (simplified: no overhead, no sidecar rules):
/// per resource, the larger of the containers' sum and any init container's value.
fn pod_requests_and_limits(pod: &Pod) -> (Sums, Sums) {
    let mut reqs = Sums::new();
    let mut limits = Sums::new();
    let add = |m: &mut Sums, list: &ResourceList| {
        for (r, q) in list {
            let first = !m.iter().any(|(k, _)| k == r);
            slot(m, r, Sum::default()).add(r, q, first);
        }
    };
    for c in &pod.spec.containers {
        add(&mut reqs, &c.resources.requests);
        add(&mut limits, &c.resources.limits);
    }
    let max_in = |m: &mut Sums, list: &ResourceList| {
        for (r, q) in list {
            let mut s = Sum::default();
            s.add(r, q, true);
            let e = slot(m, r, Sum::default());
            if s.value > e.value {
                *e = s;
            }
        }
    };
    for c in &pod.spec.init_containers {
        max_in(&mut reqs, &c.resources.requests);
        max_in(&mut limits, &c.resources.limits);
    }
    (reqs, limits)
}

/// Percent as Go computes it (`int64(float64(x) / float64(alloc) * 100)`); 0 when the
/// node reports no allocatable amount (Go would print a garbage value there).
fn percent(x: i64, alloc: i64) -> i64 {
    if alloc == 0 {
        0
    } else {
        (x as f64 / alloc as f64 * 100.0) as i64
    }
}

/// FNV-1a 64 of `seed` with a salt, as 16 hex digits.
fn fnv_hex(seed: &str, salt: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in salt.bytes().chain(seed.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn uuid_like(seed: &str, salt: &str) -> String {
    let a = fnv_hex(seed, salt);
    let b = fnv_hex(seed, &format!("{salt}-2"));
    format!(
        "{}-{}-{}-{}-{}",
        &a[..8],
        &a[8..12],
        &a[12..16],
        &b[..4],
        &b[4..16]
    )
}

/// `describeNode`. `pods` may be every pod (kubectl lists those with `spec.nodeName` = node
/// and a phase other than Succeeded/Failed); `events` are the node's events or `None`.
pub fn describe_node(node: &Node, pods: &[Pod], events: Option<&[Event]>, now: Time) -> String {
    let mut w = DescribeWriter::new();
    let m = &node.metadata;
    w.write(LEVEL_0, &format!("Name:\t{}\n", m.name));
    w.write(LEVEL_0, &format!("Roles:\t{}\n", node_roles(node)));
    labels_multiline(&mut w, "", "Labels", &m.labels);
    annotations_multiline(&mut w, "Annotations", &m.annotations);
    w.write(
        LEVEL_0,
        &format!("CreationTimestamp:\t{}\n", rfc1123z(m.creation_timestamp)),
    );
    taints_multiline(&mut w, "Taints", &node.spec.taints);
    w.write(
        LEVEL_0,
        &format!("Unschedulable:\t{}\n", node.spec.unschedulable),
    );
    lease(&mut w, node);
    conditions(&mut w, node);
    w.write(LEVEL_0, "Addresses:\n");
    for a in &node.status.addresses {
        w.write(LEVEL_1, &format!("{}:\t{}\n", a.type_, a.address));
    }
    for (title, list) in [
        ("Capacity", &node.status.capacity),
        ("Allocatable", &node.status.allocatable),
    ] {
        if !list.is_empty() {
            w.write(LEVEL_0, &format!("{title}:\n"));
            for (r, q) in list {
                let q = quantity::canonical(r, q);
                w.write(LEVEL_0, &format!("  {r}:\t{q}\n"));
            }
        }
    }
    system_info(&mut w, node);
    if !node.spec.pod_cidr.is_empty() {
        w.write(LEVEL_0, &format!("PodCIDR:\t{}\n", node.spec.pod_cidr));
        // The simulator keeps one CIDR; `spec.podCIDRs` would hold the same value.
        w.write(LEVEL_0, &format!("PodCIDRs:\t{}\n", node.spec.pod_cidr));
    }
    if !node.spec.provider_id.is_empty() {
        w.write(
            LEVEL_0,
            &format!("ProviderID:\t{}\n", node.spec.provider_id),
        );
    }
    let on_node: Vec<&Pod> = pods
        .iter()
        .filter(|p| p.spec.node_name == m.name && !p.is_terminal())
        .collect();
    node_resources(&mut w, node, &on_node, now);
    if let Some(events) = events {
        describe_events(&mut w, events, now);
    }
    w.finish()
}

fn lease(w: &mut DescribeWriter, node: &Node) {
    w.write(LEVEL_0, "Lease:\n");
    w.write(
        LEVEL_1,
        &format!("HolderIdentity:\t{}\n", node.metadata.name),
    );
    w.write(LEVEL_1, "AcquireTime:\t<unset>\n");
    let renew = node
        .condition("Ready")
        .and_then(|c| c.last_heartbeat_time)
        .map_or_else(|| "<unset>".to_string(), |t| t.rfc1123z());
    w.write(LEVEL_1, &format!("RenewTime:\t{renew}\n"));
}

fn conditions(w: &mut DescribeWriter, node: &Node) {
    if node.status.conditions.is_empty() {
        return;
    }
    w.write(
        LEVEL_0,
        "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
    );
    w.write(
        LEVEL_1,
        "----\t------\t-----------------\t------------------\t------\t-------\n",
    );
    for c in &node.status.conditions {
        w.write(
            LEVEL_1,
            &format!(
                "{} \t{} \t{} \t{} \t{} \t{}\n",
                c.type_,
                c.status,
                rfc1123z(c.last_heartbeat_time),
                rfc1123z(c.last_transition_time),
                c.reason,
                c.message
            ),
        );
    }
}

fn system_info(w: &mut DescribeWriter, node: &Node) {
    let info = node.status.node_info.clone().unwrap_or_default();
    let seed = if node.metadata.uid.is_empty() {
        node.metadata.name.as_str()
    } else {
        node.metadata.uid.as_str()
    };
    let machine_id = format!("{}{}", fnv_hex(seed, "machine"), fnv_hex(seed, "machine-2"));
    w.write(LEVEL_0, "System Info:\n");
    let rows = [
        ("Machine ID", machine_id),
        ("System UUID", uuid_like(seed, "system")),
        ("Boot ID", uuid_like(seed, "boot")),
        ("Kernel Version", info.kernel_version),
        ("OS Image", info.os_image),
        ("Operating System", info.operating_system),
        ("Architecture", info.architecture),
        ("Container Runtime Version", info.container_runtime_version),
        ("Kubelet Version", info.kubelet_version),
        // Deprecated and left empty by kubelets since v1.31.
        ("Kube-Proxy Version", String::new()),
    ];
    for (k, v) in rows {
        w.write(LEVEL_0, &format!("  {k}:\t{v}\n"));
    }
}

/// `describeNodeResource`.
fn node_resources(w: &mut DescribeWriter, node: &Node, pods: &[&Pod], now: Time) {
    let alloc_list = if node.status.allocatable.is_empty() {
        &node.status.capacity
    } else {
        &node.status.allocatable
    };
    let alloc = |r: &str| {
        alloc_list
            .get(r)
            .and_then(|q| quantity::parse(r, q))
            .unwrap_or(0)
    };
    w.write(
        LEVEL_0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.write(
        LEVEL_1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.write(
        LEVEL_1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let mut total_req = Sums::new();
    let mut total_lim = Sums::new();
    for p in pods {
        let (req, lim) = pod_requests_and_limits(p);
        let cell = |s: Sum, r: &str| format!("{} ({}%)", s.text(r), percent(s.value, alloc(r)));
        w.write(
            LEVEL_1,
            &format!(
                "{}\t{}\t\t{}\t{}\t{}\t{}\t{}\n",
                p.metadata.namespace,
                p.metadata.name,
                cell(sum_of(&req, "cpu"), "cpu"),
                cell(sum_of(&lim, "cpu"), "cpu"),
                cell(sum_of(&req, "memory"), "memory"),
                cell(sum_of(&lim, "memory"), "memory"),
                translate_timestamp_since(p.metadata.creation_timestamp, now)
            ),
        );
        for (src, dst) in [(&req, &mut total_req), (&lim, &mut total_lim)] {
            for (r, s) in src {
                let init = Sum {
                    value: 0,
                    binary: s.binary,
                };
                slot(dst, r, init).value += s.value;
            }
        }
    }
    w.write(
        LEVEL_0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
    w.write(LEVEL_1, "--------\t--------\t------\n");
    let mut rows: Vec<String> = vec!["cpu".into(), "memory".into(), "ephemeral-storage".into()];
    rows.extend(
        alloc_list
            .keys()
            .filter(|k| k.starts_with("hugepages-"))
            .cloned(),
    );
    for r in rows {
        let req = sum_of(&total_req, &r);
        let lim = sum_of(&total_lim, &r);
        let a = alloc(&r);
        w.write(
            LEVEL_1,
            &format!(
                "{r}\t{} ({}%)\t{} ({}%)\n",
                req.text(&r),
                percent(req.value, a),
                lim.text(&r),
                percent(lim.value, a)
            ),
        );
    }
}
