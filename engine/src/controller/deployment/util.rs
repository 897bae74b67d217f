//! Deployment helpers (`pkg/controller/deployment/util/deployment_util.go`,
//! `pkg/controller/controller_utils.go` `ComputeHash`).

use crate::api::apps::PodTemplateSpec;
use crate::api::ReplicaSet;

pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";
pub const REVISION: &str = "deployment.kubernetes.io/revision";
pub const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
pub const DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";

/// FNV-32a over a canonical JSON form of the template (Go hashes its own debug dump, which
/// cannot be reproduced; see docs/differences.md), then `SafeEncodeString` of the decimal
/// text, so names look like real ones: 1–10 characters from `456789bcdf`.
pub fn pod_template_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut t = template.clone();
    t.metadata.labels.remove(POD_TEMPLATE_HASH);
    let text = serde_json::to_string(&t).unwrap_or_default();
    let mut h: u32 = 0x811c_9dc5;
    let mut feed = |b: u8| {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    };
    text.bytes().for_each(&mut feed);
    if let Some(c) = collision_count {
        (c as u32)
            .to_le_bytes()
            .into_iter()
            .chain([0u8; 4])
            .for_each(&mut feed);
    }
    safe_encode(&h.to_string())
}

/// `rand.SafeEncodeString`: each byte mapped into the name alphabet.
pub fn safe_encode(s: &str) -> String {
    let alphabet = crate::apiserver::names::ALPHANUMS;
    s.bytes()
        .map(|c| alphabet[c as usize % alphabet.len()] as char)
        .collect()
}

/// The highest `deployment.kubernetes.io/revision` among `rss` (0 when none).
pub fn max_revision(rss: &[ReplicaSet]) -> i64 {
    rss.iter()
        .filter_map(|rs| rs.metadata.annotations.get(REVISION)?.parse().ok())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_encode_matches_upstream_examples() {
        assert_eq!(safe_encode("3314112556"), "775855699b");
        assert_eq!(safe_encode("52658251"), "96b9d695");
    }
}
