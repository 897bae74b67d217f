//! `kubectl get rs`: `printReplicaSet` (`pkg/printers/internalversion/printers.go`).

use super::human_duration::translate_timestamp_since;
use super::selector::format_label_selector;
use super::table::{Column, Row, Table};
use crate::api::pod::Container;
use crate::api::ReplicaSet;
use crate::time::Time;

/// `replicaSetColumnDefinitions`.
pub const REPLICASET_COLUMNS: [Column; 8] = [
    Column::name_column(),
    Column::new("Desired"),
    Column::new("Current"),
    Column::new("Ready"),
    Column::new("Age"),
    Column::wide("Containers"),
    Column::wide("Images"),
    Column::wide("Selector"),
];

/// `layoutContainerCells`: container names and images, each joined with `,`.
pub fn layout_container_cells(containers: &[Container]) -> (String, String) {
    let names = containers.iter().map(|c| c.name.as_str());
    let images = containers.iter().map(|c| c.image.as_str());
    (
        names.collect::<Vec<_>>().join(","),
        images.collect::<Vec<_>>().join(","),
    )
}

pub fn replicaset_row(rs: &ReplicaSet, now: Time) -> Row {
    let (names, images) = layout_container_cells(&rs.spec.template.spec.containers);
    Row {
        cells: vec![
            rs.metadata.name.clone(),
            rs.replicas().to_string(),
            rs.status.replicas.to_string(),
            rs.status.ready_replicas.to_string(),
            translate_timestamp_since(rs.metadata.creation_timestamp, now),
            names,
            images,
            format_label_selector(&rs.spec.selector),
        ],
        namespace: rs.metadata.namespace.clone(),
        labels: rs.metadata.labels.clone(),
        conditions: vec![],
    }
}

pub fn replicaset_table<'a>(items: impl IntoIterator<Item = &'a ReplicaSet>, now: Time) -> Table {
    Table {
        columns: REPLICASET_COLUMNS.to_vec(),
        rows: items.into_iter().map(|r| replicaset_row(r, now)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printers::table::PrintOptions;

    #[test]
    fn controllers_spec_example() {
        // controllers.md §4.1 example output.
        let rs: ReplicaSet = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "nginx-deployment-96b9d695", "namespace": "default",
                         "creationTimestamp": "2025-01-01T00:00:00Z"},
            "spec": {"replicas": 3,
                     "selector": {"matchLabels": {"app": "nginx", "pod-template-hash": "96b9d695"}},
                     "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2"}]}}},
            "status": {"replicas": 3, "readyReplicas": 3, "availableReplicas": 3}
        }))
        .expect("rs");
        let now = Time::parse_rfc3339("2025-01-01T00:00:23Z").expect("now");
        let t = replicaset_table([&rs], now);
        assert_eq!(
            t.render(&PrintOptions::default()),
            "NAME                        DESIRED   CURRENT   READY   AGE\n\
             nginx-deployment-96b9d695   3         3         3       23s\n"
        );
        let wide = PrintOptions {
            wide: true,
            ..Default::default()
        };
        assert_eq!(
            t.render(&wide),
            "NAME                        DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES         SELECTOR\n\
             nginx-deployment-96b9d695   3         3         3       23s   nginx        nginx:1.14.2   app=nginx,pod-template-hash=96b9d695\n"
        );
    }
}
