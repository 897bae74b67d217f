//! What client-go's event correlator shows a reader of `kubectl describe`: similar events
//! combined into one (aggregation) and a noisy object's events thinned (the spam filter).

use paperkube_engine::kubectl::{NoFiles, Output};
use paperkube_engine::time::Duration;
use paperkube_engine::{ClusterConfig, Session};

fn run(s: &mut Session, line: &str) -> String {
    let mut out = Output::default();
    let code = s.kubectl(line, None, &NoFiles, &mut out);
    assert_eq!(code, 0, "{line}: {}", out.text());
    out.text()
}

fn pass(s: &mut Session, secs: i64) {
    let mut out = Output::default();
    s.advance(Duration::from_secs(secs), &mut out);
}

/// The lines of the describe output's Events table (after its header).
fn event_lines(describe: &str) -> Vec<&str> {
    describe
        .lines()
        .skip_while(|l| !l.starts_with("Events:"))
        .skip(3)
        .collect()
}

#[test]
fn a_replicaset_scaled_to_20_combines_its_created_pod_events() {
    let mut s = Session::new(&ClusterConfig::default());
    run(&mut s, "kubectl create deployment web --image=nginx:1.25.3");
    pass(&mut s, 30);
    run(&mut s, "kubectl scale deployment web --replicas=20");
    pass(&mut s, 30);
    let describe = run(&mut s, "kubectl describe rs");
    let lines = event_lines(&describe);
    let created: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains("SuccessfulCreate"))
        .collect();
    // Nine `Created pod` events of their own, then one aggregate counting the other eleven.
    assert_eq!(created.len(), 10, "{describe}");
    let plain = created
        .iter()
        .filter(|l| l.contains("replicaset-controller  Created pod: web-"))
        .count();
    assert_eq!(plain, 9, "{describe}");
    let combined = created
        .iter()
        .find(|l| l.contains("(combined from similar events): Created pod: web-"))
        .expect(&describe);
    assert!(combined.contains("(x11 over "), "{combined}");
    // The aggregate is a fresh event without the reporting fields, which Go still writes.
    let yaml = run(
        &mut s,
        "kubectl get events --field-selector reason=SuccessfulCreate -o yaml",
    );
    let aggregate = yaml
        .split("- apiVersion: v1\n")
        .find(|e| e.contains("(combined from similar events)"))
        .expect(&yaml);
    assert!(aggregate.contains("  count: 11\n"), "{aggregate}");
    assert!(aggregate.contains("  eventTime: null\n"), "{aggregate}");
    assert!(
        aggregate.contains("  reportingComponent: \"\"\n  reportingInstance: \"\"\n"),
        "{aggregate}"
    );
    assert!(
        yaml.contains("  reportingComponent: replicaset-controller\n  reportingInstance: \"\"\n"),
        "{yaml}"
    );
    // Twenty pods exist all the same.
    let pods = run(&mut s, "kubectl get pods --no-headers");
    assert_eq!(pods.lines().count(), 20);
}

#[test]
fn a_crash_looping_pods_events_are_thinned_by_the_spam_filter() {
    let mut s = Session::new(&ClusterConfig::default());
    run(&mut s, "kubectl run crash --image=busybox:1.36");
    pass(&mut s, 1800);
    let get = |s: &mut Session, path: &str| {
        run(s, &format!("kubectl get pod crash -o jsonpath={{{path}}}"))
    };
    let restarts: i32 = get(&mut s, ".status.containerStatuses[0].restartCount")
        .parse()
        .expect("restartCount");
    let events = run(
        &mut s,
        "kubectl get events --field-selector involvedObject.name=crash,reason=Created \
         -o jsonpath={.items[0].count},{.items[0].lastTimestamp}",
    );
    let (count, last) = events.split_once(',').expect("count,lastTimestamp");
    let count: i32 = count.parse().expect("count");
    // Every restart creates the container again, but once the kubelet's 25 events about the
    // pod are spent, only one event a five minutes is written (here the restart's first,
    // `Pulled`): `Created` stops counting early.
    assert!(restarts >= 9, "{restarts}");
    assert!(count < restarts, "Created x{count}, {restarts} restarts");
    assert!(last < "2025-01-01T00:10:00Z", "{last}");
    let describe = run(&mut s, "kubectl describe pod crash");
    let pulled = event_lines(&describe)
        .into_iter()
        .find(|l| l.contains("already present on machine"))
        .expect(&describe);
    // ... while the event that gets the token carries every occurrence, dropped ones too.
    assert!(
        pulled.contains(&format!("(x{restarts} over ")),
        "{describe}"
    );
}

#[test]
fn a_deleted_event_comes_back_with_its_name_count_and_first_timestamp() {
    let mut s = Session::new(&ClusterConfig::default());
    run(&mut s, "kubectl create deployment web --image=nginx:1.25.3");
    pass(&mut s, 30);
    let scaled_up = |s: &mut Session| {
        let all = run(
            s,
            "kubectl get events --field-selector reason=ScalingReplicaSet \
             -o custom-columns=NAME:.metadata.name,COUNT:.count,FIRST:.firstTimestamp,MESSAGE:.message --no-headers",
        );
        all.lines()
            .find(|l| l.ends_with("from 1 to 2"))
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
    };
    run(&mut s, "kubectl scale deployment web --replicas=2");
    pass(&mut s, 10);
    let first = scaled_up(&mut s).expect("scaled up from 1 to 2");
    run(&mut s, "kubectl scale deployment web --replicas=1");
    pass(&mut s, 10);
    run(&mut s, "kubectl delete events --all");
    assert_eq!(scaled_up(&mut s), None);
    pass(&mut s, 10);
    run(&mut s, "kubectl scale deployment web --replicas=2");
    pass(&mut s, 10);
    // client-go patches the event it remembers; the patch finds it gone, so it creates it
    // again: same name, first timestamp, and the count the correlator kept.
    let again = scaled_up(&mut s).expect("scaled up from 1 to 2 again");
    let want = first.replacen(" 1 ", " 2 ", 1);
    assert_eq!(again, want);
}

#[test]
fn a_rebooted_kubelet_records_new_events() {
    let mut s = Session::new(&ClusterConfig::default());
    for _ in 0..2 {
        s.cluster.power_off("kind-worker").expect("power off");
        pass(&mut s, 60);
        s.cluster.power_on("kind-worker").expect("power on");
        pass(&mut s, 30);
    }
    // Each boot is a new kubelet process with an empty correlator: `Starting kubelet.` is a
    // new event each time, not a count on the previous one.
    let counts = run(
        &mut s,
        "kubectl get events --field-selector involvedObject.name=kind-worker,reason=Starting \
         -o jsonpath={.items[*].count}",
    );
    assert_eq!(counts, "1 1");
}
