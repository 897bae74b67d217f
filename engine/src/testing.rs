//! Fixtures shared by the engine's tests and the benchmarks (`paperkube-bench`): objects
//! as a user would write them, defaulted as the API server would. Nothing here runs in the
//! widget; unused code is dropped from its wasm.

use crate::api::pod::Container;
use crate::api::Deployment;
use crate::apiserver::defaults;
use crate::kubectl::cmd::create::app_deployment;

/// A Deployment `name` in `default` of `replicas` pods labelled `app=<name>` (its own
/// labels, selector and template), with one container `container` running `image`,
/// defaulted (RollingUpdate 25 %/25 %, revision history 10, progress deadline 600 s …).
pub fn deployment(name: &str, replicas: i32, container: &str, image: &str) -> Deployment {
    let containers = vec![Container {
        name: container.into(),
        image: image.into(),
        ..Default::default()
    }];
    let mut d = app_deployment(name, "default", replicas, containers);
    defaults::deployment(&mut d);
    d
}
