//! The console as the widget drives it: a Session, command lines, time passing, the edit
//! flow and Tab completion.

use paperkube_engine::kubectl::{NoFiles, Output};
use paperkube_engine::time::Duration;
use paperkube_engine::{ClusterConfig, Session};

fn session() -> Session {
    Session::new(&ClusterConfig::default())
}

fn run(s: &mut Session, line: &str) -> (i32, String) {
    let mut out = Output::default();
    let code = s.kubectl(line, None, &NoFiles, &mut out);
    (code, out.text())
}

fn pass(s: &mut Session, secs: i64) -> String {
    let mut out = Output::default();
    s.advance(Duration::from_secs(secs), &mut out);
    out.text()
}

#[test]
fn edit_flow_through_the_session() {
    let mut s = session();
    run(&mut s, "kubectl create deployment web --image=nginx:1.25.3");
    let (code, text) = run(&mut s, "kubectl edit deployment/web");
    assert_eq!((code, text.as_str()), (0, ""));
    let req = s.take_edit().expect("an edit request");
    assert!(req.text.starts_with("# Please edit the object below."));
    assert!(req.text.contains("  replicas: 1\n"));
    // An unchanged buffer is cancelled.
    let mut out = Output::default();
    assert_eq!(s.finish_edit(&req, &req.text, &mut out), 0);
    assert_eq!(out.text(), "Edit cancelled, no changes made.\n");
    // An invalid edit stores nothing.
    let rv = s.cluster.api.resource_version();
    let bad = req.text.replace("  replicas: 1\n", "  replicas: -1\n");
    let mut out = Output::default();
    assert_eq!(s.finish_edit(&req, &bad, &mut out), 1);
    assert!(
        out.text()
            .contains("spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        "{}",
        out.text()
    );
    assert_eq!(rv, s.cluster.api.resource_version());
    // A valid one is saved.
    let good = req.text.replace("  replicas: 1\n", "  replicas: 2\n");
    let mut out = Output::default();
    assert_eq!(s.finish_edit(&req, &good, &mut out), 0);
    assert_eq!(out.text(), "deployment.apps/web edited\n");
    let (_, replicas) = run(
        &mut s,
        "kubectl get deploy web -o jsonpath={.spec.replicas}",
    );
    assert_eq!(replicas, "2");
}

#[test]
fn rollout_status_waits_and_times_out() {
    let mut s = session();
    run(
        &mut s,
        "kubectl create deployment web --image=nginx:1.25.3 --replicas=2",
    );
    let (code, first) = run(&mut s, "kubectl rollout status deployment/web");
    assert_eq!(code, 0);
    assert_eq!(
        first,
        "Waiting for deployment spec update to be observed...\n"
    );
    assert!(s.watching());
    let later = pass(&mut s, 60);
    assert!(
        later.ends_with("deployment \"web\" successfully rolled out\n"),
        "{later}"
    );
    assert!(!s.watching());
    // An image that never pulls: the timeout ends the wait.
    run(
        &mut s,
        "kubectl set image deployment/web nginx=nginx:0.0.0-missing",
    );
    run(
        &mut s,
        "kubectl rollout status deployment/web --timeout=20s",
    );
    let text = pass(&mut s, 60);
    assert!(
        text.ends_with("error: timed out waiting for the condition\n"),
        "{text}"
    );
    assert!(!s.watching());
}

#[test]
fn a_new_line_stops_a_wait() {
    let mut s = session();
    run(&mut s, "kubectl create deployment web --image=nginx:1.25.3");
    run(&mut s, "kubectl rollout status deploy/web");
    assert!(s.watching());
    run(&mut s, "kubectl get deploy");
    assert!(!s.watching());
    assert_eq!(pass(&mut s, 30), "");
}

#[test]
fn completion_candidates() {
    let mut s = session();
    run(&mut s, "kubectl create deployment web --image=nginx:1.25.3");
    assert_eq!(s.complete("kubectl get deployments w"), ["web"]);
    assert_eq!(s.complete("kubectl describe deploy/"), ["deploy/web"]);
    assert_eq!(s.complete("kubectl rollout status deployment "), ["web"]);
    assert!(s.complete("kubectl ").contains(&"apply".to_string()));
}

#[test]
fn delete_texts() {
    let mut s = session();
    run(&mut s, "kubectl run web --image=nginx:1.25.3");
    pass(&mut s, 10);
    assert_eq!(
        run(&mut s, "kubectl delete pod web --now"),
        (0, "pod \"web\" deleted\n".into())
    );
    run(&mut s, "kubectl run db --image=nginx:1.25.3");
    let (code, text) = run(&mut s, "kubectl delete pod db --force --grace-period=0");
    assert_eq!(code, 0);
    assert_eq!(text, "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\npod \"db\" force deleted\n");
    assert_eq!(
        run(&mut s, "kubectl delete pods -l app=none"),
        (0, "No resources found\n".into())
    );
    assert_eq!(
        run(&mut s, "kubectl delete pods"),
        (
            1,
            "error: resource(s) were provided, but no name was specified\n".into()
        )
    );
}

#[test]
fn scale_and_set_image() {
    let mut s = session();
    run(&mut s, "kubectl create deployment web --image=nginx:1.25.3");
    assert_eq!(
        run(&mut s, "kubectl scale deployment/web --replicas=3").1,
        "deployment.apps/web scaled\n"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl scale deploy web --replicas=2 --current-replicas=1"
        )
        .1,
        "error: Expected replicas to be 1, was 3\n"
    );
    assert_eq!(
        run(&mut s, "kubectl set image deploy/web *=nginx:1.26").1,
        "deployment.apps/web image updated\n"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get deploy web -o jsonpath={.spec.template.spec.containers[0].image}"
        )
        .1,
        "nginx:1.26"
    );
}

#[test]
fn global_flags_before_the_verb() {
    let mut s = session();
    let (code, text) = run(&mut s, "kubectl -n kube-system get pods");
    assert_eq!(code, 0);
    assert_eq!(text, "No resources found in kube-system namespace.\n");
    let (code, text) = run(&mut s, "kubectl --bogus get pods");
    assert_eq!(code, 1);
    assert!(text.starts_with("Error: unknown flag: --bogus"));
}

#[test]
fn delete_waits_in_virtual_time_until_the_pod_is_gone() {
    let mut s = session();
    run(&mut s, "kubectl run web --image=nginx:1.25.3");
    pass(&mut s, 10);
    assert_eq!(
        run(&mut s, "kubectl delete pod web"),
        (0, "pod \"web\" deleted\n".to_string())
    );
    // kubectl's --wait=true: the command is still running while the pod terminates.
    assert!(s.watching());
    assert_eq!(pass(&mut s, 30), "");
    assert!(!s.watching());
    assert!(run(&mut s, "kubectl get pod web").1.contains("NotFound"));

    run(&mut s, "kubectl run api --image=nginx:1.25.3");
    pass(&mut s, 10);
    run(&mut s, "kubectl delete pod api --wait=false");
    assert!(!s.watching());
    run(&mut s, "kubectl run db --image=nginx:1.25.3");
    pass(&mut s, 10);
    run(&mut s, "kubectl delete pod db --timeout=1ms");
    assert_eq!(
        pass(&mut s, 30),
        "error: timed out waiting for the condition on pods/db\n"
    );
    assert!(!s.watching());
}

#[test]
fn logs_follow_prints_lines_as_they_come_until_the_container_ends() {
    let mut s = session();
    run(
        &mut s,
        "kubectl run counter --image=busybox:1.36 --restart=Never -- sh -c 'for i in 1 2 3 4 5; do echo tick $i; sleep 2; done'",
    );
    pass(&mut s, 5);
    let (code, first) = run(&mut s, "kubectl logs -f counter");
    assert_eq!(code, 0);
    assert!(first.starts_with("tick 1\n"), "{first}");
    assert!(s.watching());
    let rest = pass(&mut s, 30);
    assert_eq!(
        format!("{first}{rest}"),
        "tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n"
    );
    assert!(!s.watching(), "the stream ends with the container");
    // A finished container's log is printed whole and nothing waits.
    run(&mut s, "kubectl logs -f counter");
    assert!(!s.watching());
}
