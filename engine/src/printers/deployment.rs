//! `kubectl get deploy`: `printDeployment` (`pkg/printers/internalversion/printers.go`).

use super::human_duration::translate_timestamp_since;
use super::replicaset::layout_container_cells;
use super::selector::selector_string;
use super::table::{Column, Row, Table};
use crate::api::Deployment;
use crate::time::Time;

/// `deploymentColumnDefinitions`.
pub const DEPLOYMENT_COLUMNS: [Column; 8] = [
    Column::name_column(),
    Column::new("Ready"),
    Column::new("Up-to-date"),
    Column::new("Available"),
    Column::new("Age"),
    Column::wide("Containers"),
    Column::wide("Images"),
    Column::wide("Selector"),
];

pub fn deployment_row(d: &Deployment, now: Time) -> Row {
    let (names, images) = layout_container_cells(&d.spec.template.spec.containers);
    Row {
        cells: vec![
            d.metadata.name.clone(),
            format!("{}/{}", d.status.ready_replicas, d.replicas()),
            d.status.updated_replicas.to_string(),
            d.status.available_replicas.to_string(),
            translate_timestamp_since(d.metadata.creation_timestamp, now),
            names,
            images,
            // printDeployment uses `selector.String()` directly: empty stays empty.
            selector_string(&d.spec.selector),
        ],
        namespace: d.metadata.namespace.clone(),
        labels: d.metadata.labels.clone(),
        conditions: vec![],
    }
}

pub fn deployment_table<'a>(items: impl IntoIterator<Item = &'a Deployment>, now: Time) -> Table {
    Table {
        columns: DEPLOYMENT_COLUMNS.to_vec(),
        rows: items.into_iter().map(|d| deployment_row(d, now)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printers::table::PrintOptions;

    #[test]
    fn controllers_spec_example() {
        // controllers.md §4.1 example output.
        let d: Deployment = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "nginx-deployment", "namespace": "default",
                         "creationTimestamp": "2025-01-01T00:00:00Z"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}},
                     "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2"}]}}},
            "status": {"replicas": 3, "updatedReplicas": 3, "readyReplicas": 2, "availableReplicas": 2}
        }))
        .expect("deployment");
        let now = Time::parse_rfc3339("2025-01-01T00:00:17Z").expect("now");
        let t = deployment_table([&d], now);
        assert_eq!(
            t.render(&PrintOptions::default()),
            "NAME               READY   UP-TO-DATE   AVAILABLE   AGE\n\
             nginx-deployment   2/3     3            2           17s\n"
        );
        let wide = PrintOptions {
            wide: true,
            ..Default::default()
        };
        assert_eq!(
            t.render(&wide),
            "NAME               READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR\n\
             nginx-deployment   2/3     3            2           17s   nginx        nginx:1.14.2   app=nginx\n"
        );
    }
}
