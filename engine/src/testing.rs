//! Fixtures shared by the engine's tests and the benchmarks (`paperkube-bench`): objects
//! as a user would write them, defaulted as the API server would. Nothing here runs in the
//! widget; unused code is dropped from its wasm.

use crate::api::apps::{DeploymentSpec, PodTemplateSpec};
use crate::api::meta::LabelSelector;
use crate::api::pod::{Container, PodSpec};
use crate::api::{Deployment, ObjectMeta};
use crate::apiserver::defaults;
use std::collections::BTreeMap;

/// A Deployment `name` in `default` of `replicas` pods labelled `app=<name>` (its own
/// labels, selector and template), with one container `container` running `image`,
/// defaulted (RollingUpdate 25 %/25 %, revision history 10, progress deadline 600 s …).
pub fn deployment(name: &str, replicas: i32, container: &str, image: &str) -> Deployment {
    let labels: BTreeMap<String, String> = [("app".to_string(), name.to_string())].into();
    let mut d = Deployment {
        metadata: ObjectMeta {
            name: name.into(),
            namespace: "default".into(),
            labels: labels.clone(),
            ..Default::default()
        },
        spec: DeploymentSpec {
            replicas: Some(replicas),
            selector: LabelSelector {
                match_labels: labels.clone(),
                ..Default::default()
            },
            template: PodTemplateSpec {
                metadata: ObjectMeta {
                    labels,
                    ..Default::default()
                },
                spec: PodSpec {
                    containers: vec![Container {
                        name: container.into(),
                        image: image.into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            },
            ..Default::default()
        },
        ..Default::default()
    };
    defaults::deployment(&mut d);
    d
}
