//! What kubectl prints: the server-side table printers (`kubectl get`), kubectl's table
//! writer, `HumanDuration`, and (in [`describe`]) `kubectl describe`.
//!
//! Everything here is a pure function of objects and `now`. Sources are cited per file;
//! the project specs are `pod-lifecycle.md` §1, §4, §6 and `controllers.md` §4.
//!
//! Entry points:
//! * `kubectl get`: [`render_get`] (any mix of kinds), or [`table_for`] + [`Table::render`];
//!   for `get -w` keep one [`TablePrinter`] and call `print` per watch event. Empty output
//!   means: print [`no_resources_found`] to stderr.
//! * `kubectl describe`: [`describe::describe_object`], or the per-kind functions in
//!   [`describe`].
//! * AGE text: [`human_duration()`], [`translate_timestamp_since`].

pub mod case;
pub mod deployment;
pub mod describe;
pub mod event;
pub mod human_duration;
pub mod namespace;
pub mod node;
pub mod pod;
pub mod replicaset;
pub mod selector;
pub mod table;
pub mod tabwriter;

pub use human_duration::{human_duration, translate_timestamp_since};
pub use table::{no_resources_found, Column, PrintOptions, Row, Table, TablePrinter};
pub use tabwriter::{describe_tabwrite, TableWriter};

use crate::api::{Kind, Object};
use crate::time::Time;

/// The column definitions of a kind's table.
pub fn columns_for(kind: Kind) -> Vec<Column> {
    match kind {
        Kind::Pod => pod::POD_COLUMNS.to_vec(),
        Kind::ReplicaSet => replicaset::REPLICASET_COLUMNS.to_vec(),
        Kind::Deployment => deployment::DEPLOYMENT_COLUMNS.to_vec(),
        Kind::Node => node::NODE_COLUMNS.to_vec(),
        Kind::Namespace => namespace::NAMESPACE_COLUMNS.to_vec(),
        Kind::Event => event::EVENT_COLUMNS.to_vec(),
    }
}

/// The table row of any object (all cells, wide ones included).
pub fn row_for(obj: &Object, now: Time) -> Row {
    match obj {
        Object::Pod(o) => pod::pod_row(o, now),
        Object::ReplicaSet(o) => replicaset::replicaset_row(o, now),
        Object::Deployment(o) => deployment::deployment_row(o, now),
        Object::Node(o) => node::node_row(o, now),
        Object::Namespace(o) => namespace::namespace_row(o, now),
        Object::Event(o) => event::event_row(o, now),
    }
}

/// The table for the objects of `kind` among `objects` (others are skipped), in the given
/// order (kubectl prints the API server's list order: by namespace, then name).
pub fn table_for(kind: Kind, objects: &[Object], now: Time) -> Table {
    Table {
        columns: columns_for(kind),
        rows: objects
            .iter()
            .filter(|o| o.kind() == kind)
            .map(|o| row_for(o, now))
            .collect(),
    }
}

/// `kubectl get` stdout for a list that may mix kinds (`kubectl get deploy,rs,pods`), as
/// `get.go` prints it: consecutive objects of one kind form one table; when more than one
/// kind is present each name is prefixed `<kind>/` (`pod/web`, `deployment.apps/web`);
/// tables are separated by a blank line and each starts with fresh column widths.
/// `opts.with_namespace` (`-A`) is dropped for cluster-scoped kinds.
/// Empty output means the caller should print [`no_resources_found`] to stderr.
pub fn render_get(objects: &[Object], now: Time, opts: &PrintOptions) -> String {
    let multiple_kinds = objects.windows(2).any(|w| w[0].kind() != w[1].kind());
    let mut out = String::new();
    let mut start = 0;
    while start < objects.len() {
        let kind = objects[start].kind();
        let end = objects[start..]
            .iter()
            .position(|o| o.kind() != kind)
            .map_or(objects.len(), |n| start + n);
        let mut group_opts = opts.clone();
        group_opts.with_namespace = opts.with_namespace && kind.namespaced();
        if multiple_kinds {
            group_opts.with_kind = Some(kind.kubectl_kind());
        }
        let text = table_for(kind, &objects[start..end], now).render(&group_opts);
        // separatorWriterWrapper: a blank line before a new group, only with headers and
        // only if something was written before.
        if !out.is_empty() && !opts.no_headers && !text.is_empty() {
            out.push('\n');
        }
        out.push_str(&text);
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: serde_json::Value) -> Object {
        Object::from_json(v).expect("object")
    }

    #[test]
    fn mixed_kinds_like_kubectl_get() {
        let objects = vec![
            obj(
                serde_json::json!({"kind": "Deployment", "apiVersion": "apps/v1",
                "metadata": {"name": "web", "namespace": "default",
                             "creationTimestamp": "2025-01-01T00:00:00Z"},
                "spec": {"replicas": 1},
                "status": {"replicas": 1, "updatedReplicas": 1, "readyReplicas": 1,
                           "availableReplicas": 1}}),
            ),
            obj(serde_json::json!({"kind": "Pod", "apiVersion": "v1",
                "metadata": {"name": "web-7d9c5b8f4-x2x7q", "namespace": "default",
                             "creationTimestamp": "2025-01-01T00:00:00Z"},
                "spec": {"containers": [{"name": "nginx", "image": "nginx"}]},
                "status": {"phase": "Running", "containerStatuses": [{"name": "nginx",
                    "ready": true, "restartCount": 0, "state": {"running": {}}}]}})),
        ];
        let now = Time::parse_rfc3339("2025-01-01T00:00:42Z").expect("now");
        assert_eq!(
            render_get(&objects, now, &PrintOptions::default()),
            "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n\
             deployment.apps/web   1/1     1            1           42s\n\
             \n\
             NAME                      READY   STATUS    RESTARTS   AGE\n\
             pod/web-7d9c5b8f4-x2x7q   1/1     Running   0          42s\n"
        );
        assert_eq!(render_get(&[], now, &PrintOptions::default()), "");
    }

    #[test]
    fn all_namespaces_skips_cluster_scoped() {
        let objects = vec![obj(
            serde_json::json!({"kind": "Namespace", "apiVersion": "v1",
            "metadata": {"name": "default", "creationTimestamp": "2025-01-01T00:00:00Z"},
            "status": {"phase": "Active"}}),
        )];
        let now = Time::parse_rfc3339("2025-01-01T00:00:05Z").expect("now");
        let opts = PrintOptions {
            with_namespace: true,
            ..Default::default()
        };
        assert_eq!(
            render_get(&objects, now, &opts),
            "NAME      STATUS   AGE\ndefault   Active   5s\n"
        );
    }
}
