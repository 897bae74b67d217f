//! Every STATUS of the chapter's table, caused by a pod spec as a reader writes it, with
//! Kubernetes' timings (spec: shared/spec/pod-lifecycle.md §3).

use paperkube_engine::api::{Event, Pod};
use paperkube_engine::apiserver::defaults;
use paperkube_engine::apiserver::{DeleteOptions, ObjectKey};
use paperkube_engine::printers::pod::pod_summary;
use paperkube_engine::time::{Duration, Time};
use paperkube_engine::{Cluster, ClusterConfig};
use serde_json::json;

fn cluster() -> Cluster {
    Cluster::new(&ClusterConfig::default())
}

/// Creates a pod from its JSON spec (as `kubectl apply` would, with defaults).
fn create(c: &mut Cluster, name: &str, spec: serde_json::Value) -> ObjectKey {
    let mut p: Pod = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default"},
        "spec": spec,
    }))
    .expect("pod json");
    defaults::pod(&mut p);
    c.api.create(p).expect("created");
    ObjectKey::new("default", name)
}

fn pod(c: &Cluster, k: &ObjectKey) -> Pod {
    c.api.pods().get(k).cloned().expect("pod exists")
}

/// kubectl's STATUS column.
fn status(c: &Cluster, k: &ObjectKey) -> String {
    pod_summary(&pod(c, k), c.now()).status
}

fn restarts(c: &Cluster, k: &ObjectKey) -> String {
    pod_summary(&pod(c, k), c.now()).restarts
}

/// Events about `name` with `reason`, as (count, message).
fn events(c: &Cluster, name: &str, reason: &str) -> Vec<(i32, String)> {
    c.api
        .events()
        .iter()
        .filter(|e: &&Event| e.involved_object.name == name && e.reason == reason)
        .map(|e| (e.count, e.message.clone()))
        .collect()
}

/// Steps the clock in `dt` increments until `f` holds (at most `limit`); returns when.
fn until(c: &mut Cluster, limit: Duration, mut f: impl FnMut(&Cluster) -> bool) -> Time {
    let end = c.now() + limit;
    while c.now() < end {
        if f(c) {
            return c.now();
        }
        c.advance(Duration::from_millis(100));
    }
    panic!("condition not reached within {limit:?}");
}

/// `kubectl get pods -w --output-watch-events` for one pod: EVENT READY STATUS.
fn watch_rows(c: &mut Cluster, name: &str) -> Vec<String> {
    c.take_observed()
        .into_iter()
        .filter_map(|e| match &e.object {
            paperkube_engine::api::Object::Pod(p) if p.metadata.name == name => {
                let s = pod_summary(p, e.at);
                Some(format!("{} {} {}", e.type_.as_str(), s.ready, s.status))
            }
            _ => None,
        })
        .collect()
}

fn secs(d: Duration) -> f64 {
    d.0 as f64 / 1000.0
}

#[test]
fn running_then_terminating_then_gone() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "web",
        json!({"containers": [{"name": "nginx", "image": "nginx:1.25.3"}]}),
    );
    let t0 = c.now();
    c.settle();
    assert_eq!(status(&c, &k), "ContainerCreating");
    let p = pod(&c, &k);
    assert!(p.spec.node_name.starts_with("kind-worker"));
    assert_eq!(p.status.phase, "Pending");
    let running = until(&mut c, Duration::from_secs(10), |c| {
        status(c, &k) == "Running"
    });
    // The pull takes 3.52 s.
    assert!(
        secs(running - t0) >= 3.5 && secs(running - t0) <= 3.7,
        "{:?}",
        running - t0
    );
    let p = pod(&c, &k);
    assert!(p.is_ready());
    assert_eq!(pod_summary(&p, c.now()).ready, "1/1");
    let pulled = events(&c, "web", "Pulled");
    assert_eq!(pulled[0].1, "Successfully pulled image \"nginx:1.25.3\" in 3.52s (3.52s including waiting). Image size: 72099501 bytes.");
    assert_eq!(
        events(&c, "web", "Created")[0].1,
        "Created container: nginx"
    );
    assert_eq!(events(&c, "web", "Started")[0].1, "Started container nginx");
    let logs = c.logs("default", "web", None, false).expect("logs");
    assert!(logs.contains("Configuration complete; ready for start up"));

    c.observe(true);
    c.api
        .delete::<Pod>(&k, DeleteOptions::default())
        .expect("deleted");
    c.settle();
    assert_eq!(status(&c, &k), "Terminating");
    c.advance(Duration::from_secs(1));
    assert!(
        c.api.pods().get(&k).is_none(),
        "the kubelet removed the pod"
    );
    // What `kubectl get pods -w` prints: one row per watch event.
    let rows: Vec<String> = watch_rows(&mut c, "web");
    assert_eq!(
        rows,
        [
            "MODIFIED 1/1 Terminating",
            "MODIFIED 0/1 Terminating",
            "MODIFIED 0/1 Completed",
            "DELETED 0/1 Completed"
        ]
    );
    assert_eq!(
        events(&c, "web", "Killing")[0].1,
        "Stopping container nginx"
    );
}

#[test]
fn image_pull_failure_backs_off_10_20_40() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "bad",
        json!({"containers": [{"name": "app", "image": "nginx:nope"}]}),
    );
    let t0 = c.now();
    c.settle();
    let err = until(&mut c, Duration::from_secs(5), |c| {
        status(c, &k) == "ErrImagePull"
    });
    let p = pod(&c, &k);
    let w = p.status.container_statuses[0]
        .state
        .waiting
        .clone()
        .expect("waiting");
    assert!(w.message.starts_with("rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:nope\""));
    assert_eq!(p.status.phase, "Pending");
    assert_eq!(restarts(&c, &k), "0");
    // After each failure the window is 10, 20, 40 s; the kubelet retries a failing pod
    // every 10 s, so each next attempt comes at the first retry after the window.
    let mut attempts = vec![err];
    for _ in 0..3 {
        until(&mut c, Duration::from_secs(5), |c| {
            status(c, &k) == "ImagePullBackOff"
        });
        let next = until(&mut c, Duration::from_secs(200), |c| {
            status(c, &k) == "ErrImagePull"
        });
        attempts.push(next);
    }
    let gaps: Vec<i64> = attempts
        .windows(2)
        .map(|w| ((w[1] - w[0]).0 + 500) / 1000)
        .collect();
    assert_eq!(gaps, vec![12, 22, 42], "from {t0:?}");
    let failed = events(&c, "bad", "Failed");
    assert!(failed
        .iter()
        .any(|(n, m)| m == "Error: ErrImagePull" && *n == 4));
    assert!(failed.iter().any(|(_, m)| m == "Error: ImagePullBackOff"));
    let backoff = events(&c, "bad", "BackOff");
    assert_eq!(backoff[0].1, "Back-off pulling image \"nginx:nope\"");
    assert_eq!(events(&c, "bad", "Pulling")[0].0, 4);
    assert_eq!(
        c.logs("default", "bad", None, false).unwrap_err(),
        "Error from server (BadRequest): container \"app\" in pod \"bad\" is waiting to start: image can't be pulled"
    );
}

#[test]
fn crash_loop_waits_10_20_40() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "crash",
        json!({"containers": [{"name": "app", "image": "busybox:1.36", "command": ["sh", "-c", "echo starting; sleep 2; exit 1"]}]}),
    );
    c.settle();
    until(&mut c, Duration::from_secs(10), |c| {
        status(c, &k) == "Running"
    });
    let started = until(&mut c, Duration::from_secs(10), |c| {
        status(c, &k) == "Error"
    });
    assert_eq!(pod(&c, &k).status.phase, "Running");
    // The first crash restarts at once (after PLEG notices, 1 s).
    let r1 = until(&mut c, Duration::from_secs(5), |c| {
        status(c, &k) == "Running"
    });
    assert_eq!((r1 - started).0, 1000);
    assert_eq!(restarts(&c, &k), "1 (1s ago)");
    let p = pod(&c, &k);
    let last = p.status.container_statuses[0]
        .last_state
        .terminated
        .clone()
        .expect("last");
    assert_eq!((last.exit_code, last.reason.as_str()), (1, "Error"));
    // Then the waits are 10, 20, 40 s from each crash.
    let mut waits = Vec::new();
    for _ in 0..3 {
        let crashed = until(&mut c, Duration::from_secs(10), |c| {
            status(c, &k) == "Error"
        });
        until(&mut c, Duration::from_secs(5), |c| {
            status(c, &k) == "CrashLoopBackOff"
        });
        let back = until(&mut c, Duration::from_secs(100), |c| {
            status(c, &k) == "Running"
        });
        waits.push(((back - crashed).0 + 50) / 1000);
    }
    assert_eq!(waits, vec![10, 20, 40]);
    assert_eq!(pod(&c, &k).status.container_statuses[0].restart_count, 4);
    let b = events(&c, "crash", "BackOff");
    assert_eq!(b.len(), 1);
    assert!(b[0]
        .1
        .starts_with("Back-off restarting failed container app in pod crash_default("));
    assert_eq!(b[0].0, 3);
    let logs = c.logs("default", "crash", None, false).expect("logs");
    assert_eq!(logs, "starting\n");
    let prev = c.logs("default", "crash", None, true).expect("previous");
    assert_eq!(prev, "starting\n");
}
