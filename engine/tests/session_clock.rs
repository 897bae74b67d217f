//! The widget's bounded clock (`Session::advance_within`): stopping between instants and going
//! on later gives exactly what one `advance_to` gives, so a frame budget never changes what
//! the reader sees, only when.

use paperkube_engine::kubectl::{NoFiles, Output};
use paperkube_engine::time::Duration;
use paperkube_engine::{ClusterConfig, Session};

fn rollout() -> Session {
    let mut s = Session::new(&ClusterConfig::default());
    let mut out = Output::default();
    s.kubectl(
        "kubectl create deployment web --image=nginx:1.25.3 --replicas=6",
        None,
        &NoFiles,
        &mut out,
    );
    s
}

/// Everything a reader could compare: the pods and ReplicaSets as kubectl prints them, the
/// events, and the store's resourceVersion.
fn picture(s: &mut Session) -> String {
    let mut out = Output::default();
    for line in [
        "kubectl get pods -o wide",
        "kubectl get rs",
        "kubectl get events",
    ] {
        s.kubectl(line, None, &NoFiles, &mut out);
    }
    format!("{}rv {}", out.text(), s.cluster.api.resource_version())
}

#[test]
fn a_bounded_clock_reaches_the_same_cluster_in_several_frames() {
    let mut whole = rollout();
    let target = whole.cluster.now() + Duration::from_secs(60);
    whole.advance_to(target, &mut Output::default());

    let mut framed = rollout();
    let mut frames = 0;
    // One instant per frame: the tightest budget there is.
    while !framed.advance_within(target, &mut || false, &mut Output::default()) {
        frames += 1;
        assert!(frames < 10_000, "the clock must reach its target");
    }
    assert!(frames >= 2, "a rollout has several instants ({frames})");
    assert_eq!(framed.cluster.now(), target);
    assert_eq!(picture(&mut framed), picture(&mut whole));
}

#[test]
fn a_stopped_frame_leaves_the_clock_at_the_last_instant_run() {
    let mut s = rollout();
    let start = s.cluster.now();
    let target = start + Duration::from_secs(60);
    assert!(!s.advance_within(target, &mut || false, &mut Output::default()));
    let reached = s.cluster.now();
    assert!(reached < target, "stopped early");
    // The same instant reached with advance_to: the same cluster.
    let mut again = rollout();
    again.advance_to(reached, &mut Output::default());
    assert_eq!(picture(&mut s), picture(&mut again));
    // A generous budget goes all the way.
    assert!(s.advance_within(target, &mut || true, &mut Output::default()));
    assert_eq!(s.cluster.now(), target);
}
