//! `kubectl get namespaces`: `printNamespace` (`pkg/printers/internalversion/printers.go`).

use super::human_duration::translate_timestamp_since;
use super::table::{Column, Row, Table};
use crate::api::Namespace;
use crate::time::Time;

/// `namespaceColumnDefinitions`.
pub const NAMESPACE_COLUMNS: [Column; 3] = [
    Column::name_column(),
    Column::new("Status"),
    Column::new("Age"),
];

pub fn namespace_row(ns: &Namespace, now: Time) -> Row {
    Row {
        cells: vec![
            ns.metadata.name.clone(),
            ns.status.phase.clone(),
            translate_timestamp_since(ns.metadata.creation_timestamp, now),
        ],
        namespace: String::new(),
        labels: ns.metadata.labels.clone(),
        conditions: vec![],
    }
}

pub fn namespace_table<'a>(items: impl IntoIterator<Item = &'a Namespace>, now: Time) -> Table {
    Table {
        columns: NAMESPACE_COLUMNS.to_vec(),
        rows: items.into_iter().map(|n| namespace_row(n, now)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders() {
        let ns: Namespace = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "kube-system", "creationTimestamp": "2025-01-01T00:00:00Z"},
            "status": {"phase": "Active"}
        }))
        .expect("ns");
        let now = Time::parse_rfc3339("2025-01-03T01:00:00Z").expect("now");
        assert_eq!(
            namespace_table([&ns], now).render(&Default::default()),
            "NAME          STATUS   AGE\nkube-system   Active   2d1h\n"
        );
    }
}
