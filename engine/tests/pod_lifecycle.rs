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
        .map(|e| (e.count, e.message.to_string()))
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
            paperkube_engine::api::SharedObject::Pod(p) if p.metadata.name == name => {
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
        // v1.32+: the waiting message carries the last pull error (`prevPullErrMsg`).
        let waiting = pod(&c, &k).status.container_statuses[0]
            .state
            .waiting
            .clone()
            .expect("waiting");
        assert!(
            waiting.message.starts_with(
                "Back-off pulling image \"nginx:nope\": ErrImagePull: rpc error: code = NotFound"
            ),
            "{}",
            waiting.message
        );
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
    // The fourth attempt is the kubelet's 26th event about the pod within 76 s: past the
    // spam filter's burst of 25, its `Error: ErrImagePull` is counted but not written.
    assert!(failed
        .iter()
        .any(|(n, m)| m == "Error: ErrImagePull" && *n == 3));
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

fn condition(p: &Pod, t: &str) -> (String, String) {
    p.condition(t)
        .map(|c| (c.status.to_string(), c.reason.to_string()))
        .unwrap_or_default()
}

#[test]
fn pending_unschedulable_until_room_appears() {
    let mut c = cluster();
    let big = |c: &mut Cluster, name: &str| {
        create(
            c,
            name,
            json!({"containers": [{"name": "app", "image": "nginx:1.25.3", "resources": {"requests": {"cpu": "3"}}}]}),
        )
    };
    let keys: Vec<ObjectKey> = ["a", "b", "c"].iter().map(|n| big(&mut c, n)).collect();
    c.settle();
    let nodes: std::collections::BTreeSet<String> = keys
        .iter()
        .map(|k| pod(&c, k).spec.node_name.clone())
        .collect();
    assert_eq!(nodes.len(), 3, "one 3-cpu pod per 4-cpu worker");
    let d = big(&mut c, "d");
    c.settle();
    assert_eq!(status(&c, &d), "Pending");
    let p = pod(&c, &d);
    assert_eq!(
        condition(&p, "PodScheduled"),
        ("False".into(), "Unschedulable".into())
    );
    let msg = "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";
    assert_eq!(
        p.condition("PodScheduled").map(|c| c.message.as_str()),
        Some(msg)
    );
    assert_eq!(
        events(&c, "d", "FailedScheduling"),
        vec![(1, msg.to_string())]
    );
    c.advance(Duration::from_secs(60));
    assert_eq!(status(&c, &d), "Pending");
    c.api
        .delete::<Pod>(
            &keys[0],
            DeleteOptions {
                grace_period_seconds: Some(0),
                ..Default::default()
            },
        )
        .expect("deleted");
    c.settle();
    assert!(
        !pod(&c, &d).spec.node_name.is_empty(),
        "placed once room appeared"
    );
    until(&mut c, Duration::from_secs(10), |c| {
        status(c, &d) == "Running"
    });
}

#[test]
fn unschedulable_pod_is_retried_after_five_minutes() {
    // flushUnschedulablePodsLeftover (every 30 s) retries a pod unschedulable for more than
    // podMaxInUnschedulablePodsDuration (5 min): describe then shows "(x2 over 5m30s)".
    let mut c = cluster();
    let d = create(
        &mut c,
        "huge",
        json!({"containers": [{"name": "app", "image": "nginx:1.25.3", "resources": {"requests": {"cpu": "64"}}}]}),
    );
    c.settle();
    let count = |c: &Cluster| events(c, "huge", "FailedScheduling")[0].0;
    assert_eq!(count(&c), 1);
    c.advance(Duration::from_secs(300));
    assert_eq!(count(&c), 1, "not before 5 min have passed");
    c.advance(Duration::from_secs(30));
    assert_eq!(count(&c), 2, "the flush after 5 min retried it");
    assert_eq!(status(&c, &d), "Pending");
    c.advance(Duration::from_secs(330));
    assert_eq!(count(&c), 3, "and again 5 min later");
}

#[test]
fn init_containers_then_pod_initializing() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "web",
        json!({
            "initContainers": [{"name": "wait", "image": "busybox:1.36", "command": ["sh", "-c", "echo waiting; sleep 5"]}],
            "containers": [{"name": "nginx", "image": "nginx:1.25.3"}]
        }),
    );
    let t0 = c.now();
    c.settle();
    assert_eq!(status(&c, &k), "Init:0/1");
    let p = pod(&c, &k);
    assert_eq!(
        condition(&p, "Initialized"),
        ("False".into(), "ContainersNotInitialized".into())
    );
    assert_eq!(
        p.status.container_statuses[0]
            .state
            .waiting
            .as_ref()
            .map(|w| w.reason.as_str()),
        Some("PodInitializing")
    );
    // busybox pulls in 1.21 s, then sleeps 5 s; nginx pulls in 3.52 s meanwhile "PodInitializing".
    let init_done = until(&mut c, Duration::from_secs(20), |c| {
        status(c, &k) == "PodInitializing"
    });
    assert_eq!((init_done - t0).0, 6_300);
    let p = pod(&c, &k);
    assert_eq!(condition(&p, "Initialized"), ("True".into(), String::new()));
    let init = &p.status.init_container_statuses[0];
    assert!(init.ready);
    assert_eq!(
        init.state.terminated.as_ref().map(|t| t.reason.as_str()),
        Some("Completed")
    );
    let running = until(&mut c, Duration::from_secs(20), |c| {
        status(c, &k) == "Running"
    });
    assert_eq!((running - t0).0, 9_800);
    assert_eq!(
        c.logs("default", "web", Some("wait"), false)
            .expect("init logs"),
        "waiting\n"
    );
}

#[test]
fn init_error_and_init_crash_loop() {
    let mut c = cluster();
    let spec = |policy: &str| {
        json!({
            "restartPolicy": policy,
            "initContainers": [{"name": "check", "image": "busybox:1.36", "command": ["sh", "-c", "exit 1"]}],
            "containers": [{"name": "app", "image": "nginx:1.25.3"}]
        })
    };
    let never = create(&mut c, "never", spec("Never"));
    let always = create(&mut c, "always", spec("Always"));
    c.settle();
    until(&mut c, Duration::from_secs(5), |c| {
        status(c, &never) == "Init:Error"
    });
    assert_eq!(pod(&c, &never).status.phase, "Failed");
    assert_eq!(status(&c, &always), "Init:Error");
    assert_eq!(pod(&c, &always).status.phase, "Pending");
    until(&mut c, Duration::from_secs(5), |c| {
        status(c, &always) == "Init:CrashLoopBackOff"
    });
    c.advance(Duration::from_secs(60));
    assert_eq!(status(&c, &never), "Init:Error", "Never: no restart");
    assert!(pod(&c, &always).status.init_container_statuses[0].restart_count >= 3);
}

#[test]
fn oom_killed_then_crash_loop() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "memory-demo",
        json!({"containers": [{
            "name": "memory-demo-ctr", "image": "polinux/stress",
            "resources": {"requests": {"memory": "50Mi"}, "limits": {"memory": "100Mi"}},
            "command": ["stress"], "args": ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]
        }]}),
    );
    c.settle();
    until(&mut c, Duration::from_secs(10), |c| {
        status(c, &k) == "OOMKilled"
    });
    let p = pod(&c, &k);
    let t = p.status.container_statuses[0]
        .state
        .terminated
        .clone()
        .expect("terminated");
    assert_eq!((t.exit_code, t.reason.as_str()), (137, "OOMKilled"));
    assert_eq!(p.status.phase, "Running");
    until(&mut c, Duration::from_secs(20), |c| {
        status(c, &k) == "CrashLoopBackOff"
    });
    let p = pod(&c, &k);
    let last = p.status.container_statuses[0]
        .last_state
        .terminated
        .clone()
        .expect("last");
    assert_eq!(last.reason, "OOMKilled");
}

#[test]
fn completed_and_error_with_restart_policy_never() {
    let mut c = cluster();
    let ok = create(
        &mut c,
        "ok",
        json!({"restartPolicy": "Never", "containers": [{"name": "job", "image": "busybox:1.36", "command": ["sh", "-c", "echo done"]}]}),
    );
    let bad = create(
        &mut c,
        "bad",
        json!({"restartPolicy": "Never", "containers": [{"name": "job", "image": "busybox:1.36", "command": ["sh", "-c", "echo oops; exit 3"]}]}),
    );
    c.observe(true);
    c.settle();
    c.advance(Duration::from_secs(5));
    assert_eq!(status(&c, &ok), "Completed");
    assert_eq!(status(&c, &bad), "Error");
    // `get pods -w`: one row for the binding, and the terminal status twice: first with
    // the sandbox still up, then once SyncTerminatingPod has stopped it.
    let rows = watch_rows(&mut c, "ok");
    assert_eq!(
        rows,
        [
            "ADDED 0/1 Pending",
            "MODIFIED 0/1 Pending",
            "MODIFIED 0/1 ContainerCreating",
            "MODIFIED 0/1 Completed",
            "MODIFIED 0/1 Completed"
        ]
    );
    let p = pod(&c, &ok);
    assert_eq!(p.status.phase, "Succeeded");
    assert_eq!(
        condition(&p, "Ready"),
        ("False".into(), "PodCompleted".into())
    );
    assert_eq!(condition(&p, "PodReadyToStartContainers").0, "False");
    let p = pod(&c, &bad);
    assert_eq!(p.status.phase, "Failed");
    assert_eq!(
        p.status.container_statuses[0]
            .state
            .terminated
            .as_ref()
            .map(|t| t.exit_code),
        Some(3)
    );
    assert_eq!(
        c.logs("default", "bad", None, false).expect("logs"),
        "oops\n"
    );
    c.advance(Duration::from_secs(600));
    assert_eq!(status(&c, &ok), "Completed", "Never: stays");
    // A finished pod is deleted at once (grace 0).
    c.api
        .delete::<Pod>(&ok, DeleteOptions::default())
        .expect("deleted");
    assert!(c.api.pods().get(&ok).is_none());
}

#[test]
fn busybox_without_command_completes_and_crash_loops() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "bb",
        json!({"containers": [{"name": "bb", "image": "busybox"}]}),
    );
    c.settle();
    until(&mut c, Duration::from_secs(10), |c| {
        status(c, &k) == "Completed"
    });
    until(&mut c, Duration::from_secs(30), |c| {
        status(c, &k) == "CrashLoopBackOff"
    });
    assert_eq!(pod(&c, &k).status.phase, "Running");
}

#[test]
fn terminating_shell_ignores_sigterm_for_the_grace_period() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "sleeper",
        json!({"terminationGracePeriodSeconds": 30, "containers": [{"name": "app", "image": "busybox:1.36", "command": ["sleep", "3600"]}]}),
    );
    c.settle();
    until(&mut c, Duration::from_secs(10), |c| {
        status(c, &k) == "Running"
    });
    c.observe(true);
    let deleted_at = c.now();
    c.api
        .delete::<Pod>(&k, DeleteOptions::default())
        .expect("deleted");
    c.settle();
    assert_eq!(status(&c, &k), "Terminating");
    c.advance(Duration::from_millis(29_900));
    assert_eq!(status(&c, &k), "Terminating");
    let gone = until(&mut c, Duration::from_secs(5), |c| {
        c.api.pods().get(&k).is_none()
    });
    assert_eq!(
        ((gone - deleted_at).0 + 99) / 100,
        300,
        "SIGKILL after 30 s"
    );
    let rows = watch_rows(&mut c, "sleeper");
    assert_eq!(
        rows,
        [
            "MODIFIED 1/1 Terminating",
            "MODIFIED 0/1 Terminating",
            "MODIFIED 0/1 Error",
            "DELETED 0/1 Error"
        ]
    );
}

#[test]
fn prestop_and_trapped_sigterm() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "graceful",
        json!({"containers": [{
            "name": "app", "image": "busybox:1.36",
            "command": ["sh", "-c", "trap 'echo bye; exit 0' TERM; sleep 3600 & wait"],
            "lifecycle": {"preStop": {"exec": {"command": ["sleep", "5"]}}}
        }]}),
    );
    c.settle();
    until(&mut c, Duration::from_secs(10), |c| {
        status(c, &k) == "Running"
    });
    let t = c.now();
    c.api
        .delete::<Pod>(&k, DeleteOptions::default())
        .expect("deleted");
    let gone = until(&mut c, Duration::from_secs(40), |c| {
        c.api.pods().get(&k).is_none()
    });
    assert_eq!(
        ((gone - t).0 + 99) / 100,
        50,
        "preStop sleep 5, then the trap exits at once"
    );
}

#[test]
fn force_delete_removes_at_once() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "web",
        json!({"containers": [{"name": "nginx", "image": "nginx:1.25.3"}]}),
    );
    c.settle();
    c.advance(Duration::from_secs(5));
    c.api
        .delete::<Pod>(
            &k,
            DeleteOptions {
                grace_period_seconds: Some(0),
                ..Default::default()
            },
        )
        .expect("deleted");
    assert!(c.api.pods().get(&k).is_none());
    c.advance(Duration::from_secs(5));
    assert!(c.api.pods().get(&k).is_none());
}

#[test]
fn liveness_probe_restarts_with_killing_event() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "liveness-exec",
        json!({"containers": [{
            "name": "liveness", "image": "busybox:1.36",
            "args": ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
            "livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]}, "initialDelaySeconds": 5, "periodSeconds": 5}
        }]}),
    );
    let t0 = c.now();
    c.settle();
    until(&mut c, Duration::from_secs(10), |c| {
        status(c, &k) == "Running"
    });
    // Probes tick every 5 s from admission; the file goes at 31.2 s; failures at 35, 40,
    // 45 s; SIGTERM is ignored by sh, so SIGKILL at 75 s; PLEG restarts it at 76 s.
    let restarted = until(&mut c, Duration::from_secs(120), |c| {
        pod(c, &k).status.container_statuses[0].restart_count == 1
    });
    assert_eq!((restarted - t0).0, 76_000);
    let unhealthy = events(&c, "liveness-exec", "Unhealthy");
    assert_eq!(
        unhealthy[0].1,
        "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    );
    assert_eq!(unhealthy[0].0, 3);
    let killing = events(&c, "liveness-exec", "Killing");
    assert_eq!(
        killing[0].1,
        "Container liveness failed liveness probe, will be restarted"
    );
    let p = pod(&c, &k);
    let last = p.status.container_statuses[0]
        .last_state
        .terminated
        .clone()
        .expect("last");
    assert_eq!(
        (last.exit_code, last.reason.as_str()),
        (137, "Error"),
        "sh ignores SIGTERM: killed after 30 s"
    );
}

#[test]
fn readiness_probe_failure_keeps_running_but_not_ready() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "web",
        json!({"containers": [{
            "name": "nginx", "image": "nginx:1.25.3",
            "readinessProbe": {"httpGet": {"path": "/ready", "port": 80}, "periodSeconds": 5}
        }]}),
    );
    c.settle();
    c.advance(Duration::from_secs(30));
    let p = pod(&c, &k);
    assert_eq!(status(&c, &k), "Running");
    assert_eq!(pod_summary(&p, c.now()).ready, "0/1");
    assert_eq!(
        condition(&p, "Ready"),
        ("False".into(), "ContainersNotReady".into())
    );
    assert_eq!(
        p.condition("ContainersReady").map(|c| c.message.as_str()),
        Some("containers with unready status: [nginx]")
    );
    assert_eq!(
        events(&c, "web", "Unhealthy")[0].1,
        "Readiness probe failed: HTTP probe failed with statuscode: 404"
    );
    assert_eq!(p.status.container_statuses[0].restart_count, 0);
}

#[test]
fn node_power_loss_taints_evicts_and_replaces() {
    use paperkube_engine::api::apps::{DeploymentSpec, PodTemplateSpec};
    use paperkube_engine::api::meta::LabelSelector;
    use paperkube_engine::api::Deployment;
    let mut c = cluster();
    let labels: std::collections::BTreeMap<String, String> =
        [("app".to_string(), "web".to_string())].into();
    let mut d = Deployment {
        metadata: paperkube_engine::api::ObjectMeta {
            name: "web".into(),
            namespace: "default".into(),
            ..Default::default()
        },
        spec: DeploymentSpec {
            replicas: Some(1),
            selector: LabelSelector {
                match_labels: labels.clone(),
                ..Default::default()
            },
            template: PodTemplateSpec {
                metadata: paperkube_engine::api::ObjectMeta {
                    labels: labels.into(),
                    ..Default::default()
                },
                spec: serde_json::from_value(
                    json!({"containers": [{"name": "nginx", "image": "nginx:1.25.3"}]}),
                )
                .expect("spec"),
            },
            ..Default::default()
        },
        ..Default::default()
    };
    defaults::deployment(&mut d);
    c.api.create(d).expect("deployment");
    c.advance(Duration::from_secs(10));
    let first = c.api.pods().iter().next().cloned().expect("a pod");
    let k = ObjectKey::of(&first);
    let node = first.spec.node_name.clone();
    assert_eq!(status(&c, &k), "Running");
    let off = c.now();
    c.power_off(&node).expect("power off");
    c.advance(Duration::from_secs(40));
    assert_eq!(
        c.api
            .nodes()
            .get(&ObjectKey::new("", node.clone()))
            .map(|n| n.ready_status().to_string()),
        Some("True".into())
    );
    let unknown = until(&mut c, Duration::from_secs(30), |c| {
        c.api
            .nodes()
            .get(&ObjectKey::new("", node.clone()))
            .is_some_and(|n| n.ready_status() == "Unknown")
    });
    let lag = (unknown - off).0;
    assert!(
        (50_000..=65_000).contains(&lag),
        "grace 50 s after the last lease renewal: {lag}"
    );
    let n = c
        .api
        .nodes()
        .get(&ObjectKey::new("", node.clone()))
        .cloned()
        .expect("node");
    let taints: Vec<String> = n
        .spec
        .taints
        .iter()
        .map(|t| format!("{}:{}", t.key, t.effect))
        .collect();
    assert_eq!(
        taints,
        [
            "node.kubernetes.io/unreachable:NoExecute",
            "node.kubernetes.io/unreachable:NoSchedule"
        ]
    );
    let p = pod(&c, &k);
    assert_eq!(condition(&p, "Ready").0, "False");
    assert_eq!(
        pod_summary(&p, c.now()).ready,
        "1/1",
        "container statuses keep their last values"
    );
    assert_eq!(status(&c, &k), "Running");
    assert_eq!(
        events(&c, &first.metadata.name, "NodeNotReady")[0].1,
        "Node is not ready"
    );
    // 300 s after the taint: taint eviction marks the pod for deletion.
    c.advance(Duration::from_secs(295));
    assert_eq!(status(&c, &k), "Running");
    c.advance(Duration::from_secs(10));
    assert_eq!(
        status(&c, &k),
        "Terminating",
        "stays: no kubelet to confirm"
    );
    let ev = events(&c, &first.metadata.name, "TaintManagerEviction");
    assert_eq!(ev[0].1, format!("Marking for deletion Pod {k}"));
    assert_eq!(
        condition(&pod(&c, &k), "DisruptionTarget"),
        ("True".into(), "DeletionByTaintManager".into())
    );
    c.advance(Duration::from_secs(10));
    let replacement = c
        .api
        .pods()
        .iter()
        .find(|p| p.metadata.name != first.metadata.name)
        .cloned()
        .expect("replacement");
    assert_ne!(replacement.spec.node_name, node);
    assert_eq!(pod_summary(&replacement, c.now()).status, "Running");
    c.advance(Duration::from_secs(600));
    assert_eq!(status(&c, &k), "Terminating");
    c.power_on(&node).expect("power on");
    c.settle();
    assert!(
        c.api.pods().get(&k).is_none(),
        "the kubelet finishes the deletion"
    );
    c.advance(Duration::from_secs(10));
    let n = c
        .api
        .nodes()
        .get(&ObjectKey::new("", node.clone()))
        .cloned()
        .expect("node");
    assert_eq!(n.ready_status(), "True");
    assert!(n.spec.taints.is_empty(), "{:?}", n.spec.taints);
    // Nothing left to do: no timer keeps the node controller (or anyone) busy.
    c.advance(Duration::from_secs(3600));
    assert_eq!(c.next_due(), None);
}

#[test]
fn short_power_cut_restarts_containers() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "web",
        json!({"containers": [{"name": "nginx", "image": "nginx:1.25.3"}]}),
    );
    c.settle();
    c.advance(Duration::from_secs(10));
    let node = pod(&c, &k).spec.node_name.clone();
    c.power_off(&node).expect("off");
    c.advance(Duration::from_secs(20));
    assert_eq!(status(&c, &k), "Running", "nobody has noticed yet");
    c.power_on(&node).expect("on");
    c.settle();
    let p = pod(&c, &k);
    let s = &p.status.container_statuses[0];
    assert_eq!(s.restart_count, 1);
    let last = s.last_state.terminated.clone().expect("last state");
    assert_eq!((last.exit_code, last.reason.as_str()), (255, "Unknown"));
    assert_eq!(status(&c, &k), "Running");
    assert!(c.power_on(&node).is_err());
}

#[test]
fn sidecar_starts_before_the_app_and_counts_in_ready() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "app",
        json!({
            "initContainers": [{"name": "log", "image": "busybox:1.36", "restartPolicy": "Always", "command": ["sh", "-c", "while true; do sleep 5; done"]}],
            "containers": [{"name": "web", "image": "nginx:1.25.3"}]
        }),
    );
    c.settle();
    assert_eq!(status(&c, &k), "Init:0/1");
    until(&mut c, Duration::from_secs(10), |c| {
        status(c, &k) == "PodInitializing"
    });
    until(&mut c, Duration::from_secs(10), |c| {
        status(c, &k) == "Running"
    });
    let p = pod(&c, &k);
    assert_eq!(pod_summary(&p, c.now()).ready, "2/2");
    assert_eq!(p.status.phase, "Running");
}

#[test]
fn startup_probe_gates_liveness_and_started() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "slow",
        json!({"containers": [{
            "name": "app", "image": "busybox:1.36",
            "command": ["sh", "-c", "sleep 20; touch /tmp/ready; sleep 3600"],
            "startupProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "periodSeconds": 5, "failureThreshold": 10},
            "livenessProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "periodSeconds": 5}
        }]}),
    );
    c.settle();
    c.advance(Duration::from_secs(10));
    let p = pod(&c, &k);
    assert_eq!(p.status.container_statuses[0].started, Some(false));
    assert_eq!(pod_summary(&p, c.now()).ready, "0/1");
    c.advance(Duration::from_secs(20));
    let p = pod(&c, &k);
    assert_eq!(p.status.container_statuses[0].started, Some(true));
    assert_eq!(pod_summary(&p, c.now()).ready, "1/1");
    assert_eq!(p.status.container_statuses[0].restart_count, 0);
    assert!(events(&c, "slow", "Unhealthy")
        .iter()
        .all(|(_, m)| m.starts_with("Startup probe failed")));
}

#[test]
fn drain_plan_refuses_bare_pods_without_force() {
    use paperkube_engine::controller::nodelifecycle::{drain_plan, evict};
    let mut c = cluster();
    let k = create(
        &mut c,
        "bare",
        json!({"containers": [{"name": "nginx", "image": "nginx:1.25.3"}]}),
    );
    c.settle();
    let node = pod(&c, &k).spec.node_name.clone();
    let plan = drain_plan(&c.api, &node, false, false);
    assert_eq!(
        plan.errors,
        ["cannot delete Pods that declare no controller (use --force to override): default/bare"]
    );
    assert!(plan.evict.is_empty());
    let plan = drain_plan(&c.api, &node, true, false);
    assert_eq!(
        plan.warnings,
        ["deleting Pods that declare no controller: default/bare"]
    );
    assert_eq!(plan.evict, std::slice::from_ref(&k));
    c.advance(Duration::from_secs(5));
    evict(&mut c.api, &k).expect("evicted");
    assert_eq!(
        condition(&pod(&c, &k), "DisruptionTarget"),
        ("True".into(), "EvictionByEvictionAPI".into())
    );
    assert_eq!(status(&c, &k), "Terminating");
    c.advance(Duration::from_secs(1));
    assert!(c.api.pods().get(&k).is_none());
}

#[test]
fn same_seed_same_lifecycle() {
    let run = || {
        let mut c = cluster();
        create(
            &mut c,
            "a",
            json!({"containers": [{"name": "x", "image": "busybox:1.36", "command": ["sh", "-c", "sleep 3; exit 1"]}]}),
        );
        create(
            &mut c,
            "b",
            json!({"containers": [{"name": "x", "image": "nginx:nope"}]}),
        );
        c.observe(true);
        c.advance(Duration::from_secs(120));
        let rows = watch_rows(&mut c, "a");
        assert!(rows.len() > 5);
        (
            rows,
            c.api
                .pods()
                .iter()
                .map(|p| format!("{p:?}"))
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(run(), run());
}

#[test]
fn sidecar_stops_after_the_main_container() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "app",
        json!({
            "initContainers": [{"name": "log", "image": "busybox:1.36", "restartPolicy": "Always",
                "command": ["sh", "-c", "trap 'echo bye; exit 0' TERM; while true; do sleep 1; done"]}],
            "containers": [{"name": "main", "image": "busybox:1.36",
                "command": ["sh", "-c", "trap 'sleep 3; exit 0' TERM; sleep 600 & wait"]}]
        }),
    );
    c.settle();
    until(&mut c, Duration::from_secs(20), |c| {
        status(c, &k) == "Running"
    });
    c.advance(Duration::from_secs(5));
    c.observe(true);
    let deleted_at = c.now();
    c.api
        .delete::<Pod>(&k, DeleteOptions::default())
        .expect("deleted");
    c.advance(Duration::from_secs(40));
    assert!(
        c.api.pods().get(&k).is_none(),
        "the kubelet removed the pod"
    );
    // The last status the kubelet wrote, with both containers terminated.
    let last = c
        .take_observed()
        .into_iter()
        .filter_map(|e| match e.object {
            paperkube_engine::api::SharedObject::Pod(p) => Some(p),
            _ => None,
        })
        .next_back()
        .expect("pod events");
    let finished = |s: &paperkube_engine::api::pod::ContainerStatus| {
        s.state
            .terminated
            .as_ref()
            .and_then(|t| t.finished_at)
            .expect("terminated")
    };
    let main = finished(&last.status.container_statuses[0]);
    let log = finished(&last.status.init_container_statuses[0]);
    let d = secs(main - deleted_at.truncate_to_seconds());
    assert!(
        (3.0..=4.0).contains(&d),
        "main stops 3 s after SIGTERM: {d}"
    );
    assert!(log >= main, "the sidecar stops after the main container");
    assert!(
        secs(log - deleted_at) < 6.0,
        "and promptly: its trap exits 0"
    );
    let codes: Vec<i32> = [
        &last.status.init_container_statuses[0],
        &last.status.container_statuses[0],
    ]
    .iter()
    .filter_map(|s| s.state.terminated.as_ref().map(|t| t.exit_code))
    .collect();
    assert_eq!(codes, [0, 0]);
    // Both got the Killing event at the deletion (killContainer records it first).
    assert_eq!(events(&c, "app", "Killing").len(), 2);
}

#[test]
fn active_deadline_fails_the_pod_and_stops_its_containers() {
    let mut c = cluster();
    let k = create(
        &mut c,
        "deadline",
        json!({"activeDeadlineSeconds": 20, "containers": [{"name": "app", "image": "busybox:1.36",
            "command": ["sh", "-c", "sleep 3600"]}]}),
    );
    let t0 = c.now();
    c.settle();
    let failed = until(&mut c, Duration::from_secs(30), |c| {
        pod(c, &k).status.phase == "Failed"
    });
    assert_eq!(
        secs(failed - t0).round(),
        20.0,
        "counted from the start on the node"
    );
    let p = pod(&c, &k);
    assert_eq!(p.status.reason, "DeadlineExceeded");
    assert_eq!(
        p.status.message,
        "Pod was active on the node longer than the specified deadline"
    );
    assert_eq!(status(&c, &k), "DeadlineExceeded");
    assert_eq!(
        events(&c, "deadline", "DeadlineExceeded"),
        [(
            1,
            "Pod was active on the node longer than the specified deadline".to_string()
        )]
    );
    // The shell ignores SIGTERM: killed when the 30 s grace period ends, never restarted.
    c.advance(Duration::from_secs(29));
    assert_eq!(status(&c, &k), "DeadlineExceeded");
    c.advance(Duration::from_secs(2));
    assert_eq!(status(&c, &k), "Error");
    let p = pod(&c, &k);
    let t = p.status.container_statuses[0]
        .state
        .terminated
        .clone()
        .expect("terminated");
    assert_eq!(t.exit_code, 137);
    assert_eq!(p.status.phase, "Failed");
    c.advance(Duration::from_secs(60));
    assert_eq!(restarts(&c, &k), "0");
}

#[test]
fn post_start_hook_runs_before_the_container_counts_as_running() {
    let mut c = cluster();
    let ok = create(
        &mut c,
        "hooked",
        json!({"containers": [{"name": "app", "image": "busybox:1.36",
            "command": ["sh", "-c", "sleep 3600"],
            "lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "echo hi > /tmp/message; sleep 5"]}}},
            "readinessProbe": {"exec": {"command": ["cat", "/tmp/message"]}, "periodSeconds": 2}}]}),
    );
    let bad = create(
        &mut c,
        "badhook",
        json!({"containers": [{"name": "app", "image": "busybox:1.36",
            "command": ["sh", "-c", "sleep 3600"],
            "lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "echo boom; exit 1"]}}}}]}),
    );
    let t0 = c.now();
    c.settle();
    let running = until(&mut c, Duration::from_secs(20), |c| {
        status(c, &ok) == "Running"
    });
    // Pull 1.21 s, then the 5 s hook; the file it wrote makes the probe pass.
    assert!(secs(running - t0) >= 6.2, "{:?}", running - t0);
    until(&mut c, Duration::from_secs(10), |c| {
        pod_summary(&pod(c, &ok), c.now()).ready == "1/1"
    });
    // The failing hook: FailedPostStartHook, the container killed (the shell ignores
    // SIGTERM: 30 s), then PostStartHookError with the runner's message.
    assert_eq!(status(&c, &bad), "ContainerCreating");
    assert_eq!(
        events(&c, "badhook", "FailedPostStartHook"),
        [(1, "PostStartHook failed".to_string())]
    );
    assert_eq!(events(&c, "badhook", "Killing")[0].1, "FailedPostStartHook");
    until(&mut c, Duration::from_secs(40), |c| {
        status(c, &bad) == "PostStartHookError"
    });
    let p = pod(&c, &bad);
    let s = &p.status.container_statuses[0];
    let msg = &s.state.waiting.as_ref().expect("waiting").message;
    assert!(
        msg.starts_with("Exec lifecycle hook ([sh -c echo boom; exit 1]) for Container \"app\" in Pod \"badhook_default("),
        "{msg}"
    );
    assert!(msg.ends_with("failed - error: command 'sh -c echo boom; exit 1' exited with 1: , message: \"boom\\n\""), "{msg}");
    assert_eq!(
        s.last_state.terminated.as_ref().map(|t| t.exit_code),
        Some(137)
    );
}

#[test]
fn prestop_nginx_quit_ends_the_pod_promptly() {
    // The Kubernetes docs' lifecycle-events example.
    let mut c = cluster();
    let k = create(
        &mut c,
        "lifecycle-demo",
        json!({"containers": [{"name": "lifecycle-demo-container", "image": "nginx",
            "lifecycle": {"preStop": {"exec": {"command": ["/bin/sh", "-c",
                "nginx -s quit; while killall -0 nginx; do sleep 1; done"]}}}}]}),
    );
    c.settle();
    until(&mut c, Duration::from_secs(10), |c| {
        status(c, &k) == "Running"
    });
    let t0 = c.now();
    c.api
        .delete::<Pod>(&k, DeleteOptions::default())
        .expect("deleted");
    let gone = until(&mut c, Duration::from_secs(40), |c| {
        c.api.pods().get(&k).is_none()
    });
    // nginx drains in 0.1 s; the hook's next `killall -0` (1 s later) finds it gone.
    let d = secs(gone - t0);
    assert!(
        (1.0..=1.3).contains(&d),
        "removed after {d} s, not the 30 s grace period"
    );
}
