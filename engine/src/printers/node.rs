//! `kubectl get nodes`: `printNode`, `findNodeRoles`, `getNodeInternalIP`/`ExternalIP`
//! (`pkg/printers/internalversion/printers.go`).

use super::human_duration::translate_timestamp_since;
use super::table::{Column, Row, Table};
use crate::api::Node;
use crate::time::Time;
use std::collections::BTreeSet;

/// `nodeColumnDefinitions`.
pub const NODE_COLUMNS: [Column; 10] = [
    Column::name_column(),
    Column::new("Status"),
    Column::new("Roles"),
    Column::new("Age"),
    Column::new("Version"),
    Column::wide("Internal-IP"),
    Column::wide("External-IP"),
    Column::wide("OS-Image"),
    Column::wide("Kernel-Version"),
    Column::wide("Container-Runtime"),
];

/// STATUS: `Ready` if the Ready condition is True, `NotReady` for False *or Unknown*,
/// `Unknown` only when there is no Ready condition; `,SchedulingDisabled` if cordoned.
pub fn node_status(node: &Node) -> String {
    // Go builds a map type→condition, so the last condition of a type wins.
    let ready = node
        .status
        .conditions
        .iter()
        .rev()
        .find(|c| c.type_ == "Ready");
    let mut status = vec![match ready {
        Some(c) if c.status == "True" => "Ready",
        Some(_) => "NotReady",
        None => "Unknown",
    }];
    if node.spec.unschedulable {
        status.push("SchedulingDisabled");
    }
    status.join(",")
}

/// `findNodeRoles`: `node-role.kubernetes.io/<role>` keys (non-empty role) and the value of
/// `kubernetes.io/role`, sorted and de-duplicated; `<none>` when there are none.
pub fn node_roles(node: &Node) -> String {
    const PREFIX: &str = "node-role.kubernetes.io/";
    let mut roles = BTreeSet::new();
    for (k, v) in node.metadata.labels.iter() {
        if let Some(role) = k.strip_prefix(PREFIX) {
            if !role.is_empty() {
                roles.insert(role.to_string());
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.insert(v.clone());
        }
    }
    if roles.is_empty() {
        return "<none>".into();
    }
    roles.into_iter().collect::<Vec<_>>().join(",")
}

fn address(node: &Node, type_: &str) -> String {
    node.status
        .addresses
        .iter()
        .find(|a| a.type_ == type_)
        .map(|a| a.address.clone())
        .unwrap_or_else(|| "<none>".into())
}

fn unknown_if_empty(s: &str) -> String {
    if s.is_empty() {
        "<unknown>".into()
    } else {
        s.to_string()
    }
}

pub fn node_row(node: &Node, now: Time) -> Row {
    let info = node.status.node_info.clone().unwrap_or_default();
    Row {
        cells: vec![
            node.metadata.name.clone(),
            node_status(node),
            node_roles(node),
            translate_timestamp_since(node.metadata.creation_timestamp, now),
            info.kubelet_version.clone(),
            address(node, "InternalIP"),
            address(node, "ExternalIP"),
            unknown_if_empty(&info.os_image),
            unknown_if_empty(&info.kernel_version),
            unknown_if_empty(&info.container_runtime_version),
        ],
        namespace: String::new(),
        labels: node.metadata.labels.clone(),
        conditions: vec![],
    }
}

pub fn node_table<'a>(items: impl IntoIterator<Item = &'a Node>, now: Time) -> Table {
    Table {
        columns: NODE_COLUMNS.to_vec(),
        rows: items.into_iter().map(|n| node_row(n, now)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printers::table::PrintOptions;

    fn node(v: serde_json::Value) -> Node {
        serde_json::from_value(v).expect("node")
    }

    #[test]
    fn status_and_roles() {
        let n = node(serde_json::json!({
            "metadata": {"name": "cp", "labels": {
                "node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "master",
                "node-role.kubernetes.io/": "x"}},
            "spec": {"unschedulable": true},
            "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}
        }));
        assert_eq!(node_status(&n), "NotReady,SchedulingDisabled");
        assert_eq!(node_roles(&n), "control-plane,master");
        let bare = node(serde_json::json!({"metadata": {"name": "n"}}));
        assert_eq!(node_status(&bare), "Unknown");
        assert_eq!(node_roles(&bare), "<none>");
    }

    #[test]
    fn renders_plain_and_wide() {
        let n = node(serde_json::json!({
            "metadata": {"name": "node-1", "creationTimestamp": "2025-01-01T00:00:00Z"},
            "status": {"conditions": [{"type": "Ready", "status": "True"}],
                "addresses": [{"type": "InternalIP", "address": "172.18.0.2"},
                              {"type": "Hostname", "address": "node-1"}],
                "nodeInfo": {"kubeletVersion": "v1.33.1", "osImage": "Debian GNU/Linux 12 (bookworm)",
                    "kernelVersion": "6.8.0-1", "containerRuntimeVersion": "containerd://2.1.1",
                    "architecture": "amd64", "operatingSystem": "linux"}}
        }));
        let now = Time::parse_rfc3339("2025-01-01T01:10:00Z").expect("now");
        let t = node_table([&n], now);
        assert_eq!(
            t.render(&PrintOptions::default()),
            "NAME     STATUS   ROLES    AGE   VERSION\n\
             node-1   Ready    <none>   70m   v1.33.1\n"
        );
        let wide = PrintOptions {
            wide: true,
            ..Default::default()
        };
        assert_eq!(
            t.render(&wide),
            "NAME     STATUS   ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME\n\
             node-1   Ready    <none>   70m   v1.33.1   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1          containerd://2.1.1\n"
        );
    }
}
