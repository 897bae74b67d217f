//! `kubectl describe namespace`: describe.go `describeNamespace`. The simulator has no
//! ResourceQuota or LimitRange objects, so both lists are empty (the server supports
//! them), which prints `No resource quota.` and `No LimitRange resource.`.

use super::common::{annotations_multiline, labels_multiline};
use super::{DescribeWriter, LEVEL_0};
use crate::api::Namespace;

pub fn describe_namespace(ns: &Namespace) -> String {
    let mut w = DescribeWriter::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", ns.metadata.name));
    labels_multiline(&mut w, "", "Labels", &ns.metadata.labels);
    annotations_multiline(&mut w, "Annotations", &ns.metadata.annotations);
    w.write(LEVEL_0, &format!("Status:\t{}\n", ns.status.phase));
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No resource quota.\n");
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No LimitRange resource.\n");
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_namespace() {
        let ns: Namespace = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "default",
                "labels": {"kubernetes.io/metadata.name": "default"}},
            "status": {"phase": "Active"}
        }))
        .expect("ns");
        assert_eq!(
            describe_namespace(&ns),
            "Name:         default\n\
             Labels:       kubernetes.io/metadata.name=default\n\
             Annotations:  <none>\n\
             Status:       Active\n\
             \n\
             No resource quota.\n\
             \n\
             No LimitRange resource.\n"
        );
    }
}
