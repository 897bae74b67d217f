//! Helpers shared by the describers (describe.go): multi-line labels, annotations,
//! tolerations and taints, and the Events table.

use super::gosort;
use super::{DescribeWriter, LEVEL_0, LEVEL_1};
use crate::api::meta::OwnerReference;
use crate::api::node::Taint;
use crate::api::pod::Toleration;
use crate::api::Event;
use crate::printers::human_duration::translate_timestamp_since;
use crate::time::Time;
use std::collections::BTreeMap;

/// `maxAnnotationLen`.
const MAX_ANNOTATION_LEN: usize = 140;
/// `skipAnnotations`: `corev1.LastAppliedConfigAnnotation`.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// `printBool`.
pub fn print_bool(v: bool) -> &'static str {
    if v {
        "True"
    } else {
        "False"
    }
}

/// `printController`: `Kind/name` of the controller owner reference.
pub fn controlled_by(refs: &[OwnerReference]) -> Option<String> {
    refs.iter()
        .find(|r| r.controller == Some(true))
        .map(|r| format!("{}/{}", r.kind, r.name))
}

/// `printLabelsMultilineWithIndent(w, initialIndent, title, "\t", labels, {})`: the first
/// pair after the title, the rest on their own lines in the value column; `<none>` if empty.
pub fn labels_multiline(
    w: &mut DescribeWriter,
    initial_indent: &str,
    title: &str,
    labels: &BTreeMap<String, String>,
) {
    w.write(LEVEL_0, &format!("{initial_indent}{title}:\t"));
    if labels.is_empty() {
        w.write(LEVEL_0, "<none>\n");
        return;
    }
    // BTreeMap iterates in sorted key order (`sort.Strings(keys)`).
    for (i, (k, v)) in labels.iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, initial_indent);
            w.write(LEVEL_0, "\t");
        }
        w.write(LEVEL_0, &format!("{k}={v}\n"));
    }
}

/// Go's `s[:n]` on a string cuts at a byte; cut at the nearest char boundary at or below.
fn cut(s: &str, n: usize) -> &str {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    &s[..n]
}

/// `shorten`.
fn shorten(s: &str, max: usize) -> String {
    if s.len() > max {
        format!("{}...", cut(s, max))
    } else {
        s.to_string()
    }
}

/// `printAnnotationsMultiline`: sorted `key: value`, the last-applied annotation skipped;
/// values that are long (`len(key)+len(value)+2 > 140`) or multi-line go below the key.
pub fn annotations_multiline(
    w: &mut DescribeWriter,
    title: &str,
    annotations: &BTreeMap<String, String>,
) {
    w.write(LEVEL_0, &format!("{title}:\t"));
    let keys: Vec<&String> = annotations.keys().filter(|k| *k != LAST_APPLIED).collect();
    if keys.is_empty() {
        w.write(LEVEL_0, "<none>\n");
        return;
    }
    let indent = "\t";
    for (i, key) in keys.into_iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, indent);
        }
        let raw = annotations.get(key).map(String::as_str).unwrap_or("");
        let value = raw.strip_suffix('\n').unwrap_or(raw);
        if value.len() + key.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.write(LEVEL_0, &format!("{key}:\n"));
            for s in value.split('\n') {
                w.write(
                    LEVEL_0,
                    &format!("{indent}  {}\n", shorten(s, MAX_ANNOTATION_LEN - 2)),
                );
            }
        } else {
            w.write(LEVEL_0, &format!("{key}: {value}\n"));
        }
    }
}

/// One toleration as `printTolerationsMultilineWithIndent` prints it:
/// `key[=value][:effect][ op=Exists][ for Ns]`.
pub fn toleration_text(t: &Toleration) -> String {
    let key = t.key.as_deref().unwrap_or("");
    let value = t.value.as_deref().unwrap_or("");
    let effect = t.effect.as_deref().unwrap_or("");
    let mut s = key.to_string();
    if !value.is_empty() {
        s.push('=');
        s.push_str(value);
    }
    if !effect.is_empty() {
        s.push(':');
        s.push_str(effect);
    }
    if t.operator.as_deref() == Some("Exists") && value.is_empty() {
        if !key.is_empty() || !effect.is_empty() {
            s.push_str(" op=Exists");
        } else {
            s.push_str("op=Exists");
        }
    }
    if let Some(secs) = t.toleration_seconds {
        s.push_str(&format!(" for {secs}s"));
    }
    s
}

/// `printTolerationsMultilineWithIndent(w, initialIndent, title, "\t", tolerations)`,
/// sorted by key with `sort.Slice` (Go's pdqsort: see `gosort`).
pub fn tolerations_multiline(
    w: &mut DescribeWriter,
    initial_indent: &str,
    title: &str,
    tolerations: &[Toleration],
) {
    w.write(LEVEL_0, &format!("{initial_indent}{title}:\t"));
    if tolerations.is_empty() {
        w.write(LEVEL_0, "<none>\n");
        return;
    }
    let mut sorted: Vec<&Toleration> = tolerations.iter().collect();
    gosort::sort(&mut sorted, |a, b| {
        a.key.as_deref().unwrap_or("") < b.key.as_deref().unwrap_or("")
    });
    for (i, t) in sorted.into_iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, initial_indent);
            w.write(LEVEL_0, "\t");
        }
        w.write(LEVEL_0, &format!("{}\n", toleration_text(t)));
    }
}

/// `Taint.ToString()`: `key[=value]:effect`.
pub fn taint_text(t: &Taint) -> String {
    let mut s = t.key.clone();
    if !t.value.is_empty() {
        s.push('=');
        s.push_str(&t.value);
    }
    s.push(':');
    s.push_str(&t.effect);
    s
}

/// `printTaintsMultilineWithIndent(w, "", "Taints", "\t", taints)`, sorted by
/// `effect + "," + key`.
pub fn taints_multiline(w: &mut DescribeWriter, title: &str, taints: &[Taint]) {
    w.write(LEVEL_0, &format!("{title}:\t"));
    if taints.is_empty() {
        w.write(LEVEL_0, "<none>\n");
        return;
    }
    let mut sorted: Vec<&Taint> = taints.iter().collect();
    let key = |t: &Taint| format!("{},{}", t.effect, t.key);
    gosort::sort(&mut sorted, |a, b| key(a) < key(b));
    for (i, t) in sorted.into_iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, "\t");
        }
        w.write(LEVEL_0, &format!("{}\n", taint_text(t)));
    }
}

/// `event.SortableEvents` (kubectl `pkg/util/event`): by `eventTime(e)` = lastTimestamp,
/// else eventTime (the simulator has no event series), with Go's `sort.Sort` (pdqsort,
/// ported in `gosort`) so that ties land exactly where kubectl puts them.
pub fn sort_events(events: &[Event]) -> Vec<&Event> {
    let key = |e: &Event| e.last_timestamp.or(e.event_time.map(|m| m.0));
    let mut v: Vec<&Event> = events.iter().collect();
    // Go's zero time sorts before every real time, like `None` does here.
    gosort::sort(&mut v, |a, b| key(a) < key(b));
    v
}

/// describe.go `searchEvents`: the events whose `involvedObject` has the object's name,
/// namespace and uid (and kind, unless `kind` is empty — the pod describer clears it), in
/// the given (API list) order. Nodes are searched twice, by uid and by name-as-uid (kubelet
/// node events use the name), and the two results are concatenated, as `NodeDescriber`
/// does.
pub fn search_events(kind: &str, meta: &crate::api::ObjectMeta, events: &[Event]) -> Vec<Event> {
    let matches = |e: &&Event, uid: &str| {
        let o = &e.involved_object;
        o.name == meta.name
            && o.namespace == meta.namespace
            && (kind.is_empty() || o.kind == kind)
            && (uid.is_empty() || o.uid == uid)
    };
    let mut found: Vec<Event> = events
        .iter()
        .filter(|e| matches(e, &meta.uid))
        .cloned()
        .collect();
    if kind == "Node" {
        found.extend(events.iter().filter(|e| matches(e, &meta.name)).cloned());
    }
    found
}

/// `DescribeEvents`. `events` are the ones describe.go's `searchEvents` finds (same
/// involvedObject name, namespace and uid), in API list order.
///
/// AGE: `<first>` where first = HumanDuration since eventTime, else since firstTimestamp;
/// with `count > 1`: `<since lastTimestamp> (x<count> over <first>)`. FROM: source
/// component, else reportingController. MESSAGE is trimmed.
pub fn describe_events(w: &mut DescribeWriter, events: &[Event], now: Time) {
    if events.is_empty() {
        w.write(LEVEL_0, "Events:\t<none>\n");
        return;
    }
    // describe.go calls `w.Flush()` here, but its `flusher` interface wants `Flush()` and
    // `*tabwriter.Writer` has `Flush() error`, so the call does nothing. The `Events:` line
    // (no tab) ends every column block anyway.
    w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
    for e in sort_events(events) {
        let first = match e.event_time {
            Some(t) => translate_timestamp_since(Some(t.0), now),
            None => translate_timestamp_since(e.first_timestamp, now),
        };
        let interval = if e.count > 1 {
            format!(
                "{} (x{} over {first})",
                translate_timestamp_since(e.last_timestamp, now),
                e.count
            )
        } else {
            first
        };
        let source = if e.source.component.is_empty() {
            &*e.reporting_component
        } else {
            &*e.source.component
        };
        w.write(
            LEVEL_1,
            &format!(
                "{}\t{}\t{interval}\t{source}\t{}\n",
                e.type_,
                e.reason,
                e.message.trim()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish(f: impl FnOnce(&mut DescribeWriter)) -> String {
        let mut w = DescribeWriter::new();
        f(&mut w);
        w.finish()
    }

    #[test]
    fn labels_and_annotations() {
        let mut labels = BTreeMap::new();
        labels.insert("pod-template-hash".to_string(), "7d9c".to_string());
        labels.insert("app".to_string(), "web".to_string());
        let mut ann = BTreeMap::new();
        ann.insert(LAST_APPLIED.to_string(), "{}".to_string());
        ann.insert(
            "deployment.kubernetes.io/revision".to_string(),
            "2".to_string(),
        );
        ann.insert("long".to_string(), "x".repeat(150));
        let out = finish(|w| {
            w.write(LEVEL_0, "Name:\tweb\n");
            labels_multiline(w, "", "Labels", &labels);
            annotations_multiline(w, "Annotations", &ann);
            labels_multiline(w, "", "Node-Selectors", &BTreeMap::new());
        });
        let expected = format!(
            "Name:            web\n\
             Labels:          app=web\n\
             \x20                pod-template-hash=7d9c\n\
             Annotations:     deployment.kubernetes.io/revision: 2\n\
             \x20                long:\n\
             \x20                  {}...\n\
             Node-Selectors:  <none>\n",
            "x".repeat(138)
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn tolerations_sorted_by_key() {
        let t = |key: &str, op: &str, effect: &str, secs: Option<i64>| Toleration {
            key: (!key.is_empty()).then(|| key.to_string()),
            operator: Some(op.to_string()),
            value: None,
            effect: (!effect.is_empty()).then(|| effect.to_string()),
            toleration_seconds: secs,
        };
        let tols = vec![
            t(
                "node.kubernetes.io/unreachable",
                "Exists",
                "NoExecute",
                Some(300),
            ),
            t(
                "node.kubernetes.io/not-ready",
                "Exists",
                "NoExecute",
                Some(300),
            ),
            t("", "Exists", "", None),
        ];
        let out = finish(|w| tolerations_multiline(w, "", "Tolerations", &tols));
        assert_eq!(
            out,
            "Tolerations:  op=Exists\n\
             \x20             node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n\
             \x20             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
        );
    }

    fn event(reason: &str, first: i64, last: i64, count: i32) -> Event {
        let mut e = Event {
            reason: reason.to_string().into(),
            type_: "Normal".into(),
            message: format!(" {reason} message \n").into(),
            first_timestamp: Some(Time::from_secs(first)),
            last_timestamp: Some(Time::from_secs(last)),
            count,
            ..Default::default()
        };
        e.source.component = "kubelet".into();
        e
    }

    #[test]
    fn events_table_aggregates_and_sorts() {
        let now = Time::from_secs(1000);
        let events = vec![
            event("BackOff", 880, 988, 6),
            event("Scheduled", 860, 860, 1),
            event("Pulling", 870, 870, 1),
        ];
        let out = finish(|w| describe_events(w, &events, now));
        assert_eq!(
            out,
            "Events:\n\
             \x20 Type    Reason     Age               From     Message\n\
             \x20 ----    ------     ----              ----     -------\n\
             \x20 Normal  Scheduled  2m20s             kubelet  Scheduled message\n\
             \x20 Normal  Pulling    2m10s             kubelet  Pulling message\n\
             \x20 Normal  BackOff    12s (x6 over 2m)  kubelet  BackOff message\n"
        );
        assert_eq!(
            finish(|w| describe_events(w, &[], now)),
            "Events:  <none>\n"
        );
    }
}
