//! `kubectl get events`: `printEvent` (`pkg/printers/internalversion/printers.go`).
//!
//! Order: neither the printer (`printEventList`) nor `kubectl get` (`get.go`, without
//! `--sort-by`) sorts events; rows come in the API server's list order, i.e. by
//! namespace and name (etcd key order). Event names are `<object>.<hex time>`, so rows are
//! grouped by object. Pass the events in store order.

use super::human_duration::translate_timestamp_since;
use super::table::{Column, Row, Table};
use crate::api::Event;
use crate::time::Time;

/// `eventColumnDefinitions` (current order: wide columns interleaved).
pub const EVENT_COLUMNS: [Column; 10] = [
    Column::new("Last Seen"),
    Column::new("Type"),
    Column::new("Reason"),
    Column::new("Object"),
    Column::wide("Subobject"),
    Column::wide("Source"),
    Column::new("Message"),
    Column::wide("First Seen"),
    Column::wide("Count"),
    Column {
        name: "Name",
        priority: 1,
        is_name: true,
    },
];

/// `formatEventSource`: component (else reportingController), then `, host` (else
/// reportingInstance) when non-empty.
pub fn format_event_source(e: &Event) -> String {
    let first = |a: &str, b: &str| {
        if a.is_empty() {
            b.to_string()
        } else {
            a.to_string()
        }
    };
    let component = first(&e.source.component, &e.reporting_component);
    let instance = first(&e.source.host, &e.reporting_instance);
    if instance.is_empty() {
        component
    } else {
        format!("{component}, {instance}")
    }
}

/// FIRST SEEN: firstTimestamp, else eventTime.
pub fn event_first_seen(e: &Event, now: Time) -> String {
    match e.first_timestamp {
        Some(t) => translate_timestamp_since(Some(t), now),
        None => translate_timestamp_since(e.event_time.map(|m| m.0), now),
    }
}

/// LAST SEEN: lastTimestamp, else the FIRST SEEN text.
pub fn event_last_seen(e: &Event, now: Time) -> String {
    match e.last_timestamp {
        Some(t) => translate_timestamp_since(Some(t), now),
        None => event_first_seen(e, now),
    }
}

/// OBJECT: `<lower-case kind>/<name>`, or just the kind when there is no name.
pub fn event_target(e: &Event) -> String {
    let kind = super::case::to_lower(&e.involved_object.kind);
    if e.involved_object.name.is_empty() {
        kind
    } else {
        format!("{kind}/{}", e.involved_object.name)
    }
}

pub fn event_row(e: &Event, now: Time) -> Row {
    // "Singleton events don't have a count set in the new API."
    let count = if e.count == 0 { 1 } else { e.count };
    Row {
        cells: vec![
            event_last_seen(e, now),
            e.type_.to_string(),
            e.reason.to_string(),
            event_target(e),
            e.involved_object.field_path.to_string(),
            format_event_source(e),
            e.message.trim().to_string(),
            event_first_seen(e, now),
            count.to_string(),
            e.metadata.name.clone(),
        ],
        namespace: e.metadata.namespace.clone(),
        labels: e.metadata.labels.clone(),
        conditions: vec![],
    }
}

pub fn event_table<'a>(items: impl IntoIterator<Item = &'a Event>, now: Time) -> Table {
    Table {
        columns: EVENT_COLUMNS.to_vec(),
        rows: items.into_iter().map(|e| event_row(e, now)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printers::table::PrintOptions;

    fn ev() -> Event {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": "web.181a2b3c4d5e6f70", "namespace": "default"},
            "involvedObject": {"kind": "Pod", "name": "web", "namespace": "default",
                               "fieldPath": "spec.containers{nginx}"},
            "reason": "Pulling", "message": "Pulling image \"nginx\"\n", "type": "Normal",
            "source": {"component": "kubelet", "host": "node-1"},
            "firstTimestamp": "2025-01-01T00:00:00Z", "lastTimestamp": "2025-01-01T00:01:00Z",
            "count": 3
        }))
        .expect("event")
    }

    #[test]
    fn renders_plain_and_wide() {
        let now = Time::parse_rfc3339("2025-01-01T00:02:00Z").expect("now");
        let t = event_table([&ev()], now);
        assert_eq!(
            t.render(&PrintOptions::default()),
            "LAST SEEN   TYPE     REASON    OBJECT    MESSAGE\n\
             60s         Normal   Pulling   pod/web   Pulling image \"nginx\"\n"
        );
        let wide = PrintOptions {
            wide: true,
            ..Default::default()
        };
        assert_eq!(
            t.render(&wide),
            "LAST SEEN   TYPE     REASON    OBJECT    SUBOBJECT                SOURCE            MESSAGE                 FIRST SEEN   COUNT   NAME\n\
             60s         Normal   Pulling   pod/web   spec.containers{nginx}   kubelet, node-1   Pulling image \"nginx\"   2m           3       web.181a2b3c4d5e6f70\n"
        );
    }

    #[test]
    fn fallbacks() {
        let now = Time::parse_rfc3339("2025-01-01T00:02:00Z").expect("now");
        let mut e = ev();
        e.last_timestamp = None;
        e.count = 0;
        e.source = Default::default();
        e.reporting_component = "deployment-controller".into();
        e.involved_object.name = Default::default();
        let r = event_row(&e, now);
        assert_eq!(r.cells[0], "2m");
        assert_eq!(r.cells[3], "pod");
        assert_eq!(r.cells[5], "deployment-controller");
        assert_eq!(r.cells[8], "1");
    }
}
