//! Manifests that use real Kubernetes fields the simulator does not act on (volumes, mounts,
//! env from secrets …) are accepted and kept, as a real API server accepts them; misspelt
//! fields are still refused by strict decoding.

use paperkube_engine::kubectl::{NoFiles, Output};
use paperkube_engine::time::Duration;
use paperkube_engine::{ClusterConfig, Session};

const POD_WITH_VOLUME: &str = "apiVersion: v1
kind: Pod
metadata:
  name: data
spec:
  volumes:
  - name: scratch
    emptyDir: {}
  containers:
  - name: web
    image: nginx:1.25.3
    volumeMounts:
    - name: scratch
      mountPath: /data
    env:
    - name: PASSWORD
      valueFrom:
        secretKeyRef:
          name: db
          key: password
";

fn run(s: &mut Session, line: &str, stdin: Option<&str>) -> String {
    let mut out = Output::default();
    s.kubectl(line, stdin, &NoFiles, &mut out);
    out.text()
}

#[test]
fn unmodelled_real_fields_are_accepted_and_kept() {
    let mut s = Session::new(&ClusterConfig::default());
    assert_eq!(
        run(&mut s, "kubectl apply -f -", Some(POD_WITH_VOLUME)),
        "pod/data created\n"
    );
    let mut out = Output::default();
    s.advance(Duration::from_secs(10), &mut out);
    let yaml = run(&mut s, "kubectl get pod data -o yaml", None);
    assert!(yaml.contains("emptyDir: {}"), "{yaml}");
    assert!(yaml.contains("mountPath: /data"), "{yaml}");
    assert!(yaml.contains("secretKeyRef:"), "{yaml}");
    // The Secret does not exist (the simulator has none), so, as on a real cluster where
    // nobody created it, the container is not created.
    let status = run(
        &mut s,
        "kubectl get pod data -o jsonpath={.status.phase}/{.status.containerStatuses[0].state.waiting.message}",
        None,
    );
    assert_eq!(status, "Pending/secret \"db\" not found");
}

#[test]
fn misspelt_fields_are_still_refused() {
    let mut s = Session::new(&ClusterConfig::default());
    let typo = POD_WITH_VOLUME
        .replace("mountPath", "mountPth")
        .replace("  volumes:", "  volumez:");
    let text = run(&mut s, "kubectl apply -f -", Some(&typo));
    assert!(
        text.contains("strict decoding error: unknown field \"spec.volumez\""),
        "{text}"
    );
    assert!(run(&mut s, "kubectl get pods", None).contains("No resources found"));
}

/// An imported controller whose selector misses its template would create pods it never
/// counts, without end (a real API server never stores one): import refuses it whole.
#[test]
fn import_refuses_a_selector_that_misses_its_template() {
    let mut s = Session::new(&ClusterConfig::default());
    let text = r#"{"kind": "List", "apiVersion": "v1", "items": [
      {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "extra"}},
      {"apiVersion": "apps/v1", "kind": "ReplicaSet",
       "metadata": {"name": "runaway", "namespace": "default", "uid": "u-1"},
       "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "a"}},
                "template": {"metadata": {"labels": {"app": "b"}},
                             "spec": {"containers": [{"name": "c", "image": "nginx:1.25.3"}]}}}}
    ]}"#;
    let rv = s.cluster.api.resource_version();
    let err = paperkube_engine::manifest::import(&mut s.cluster, text).unwrap_err();
    assert!(
        err.contains("`selector` does not match template `labels`"),
        "{err}"
    );
    assert_eq!(s.cluster.api.resource_version(), rv, "nothing stored");
    s.cluster.advance(Duration::from_secs(60));
    assert!(run(&mut s, "kubectl get pods", None).contains("No resources found"));
}

/// The storage quota holds for `import` too: a file with more new pods than the quota has
/// room for is refused whole, with etcd's space error.
#[test]
fn import_respects_the_pod_quota() {
    let config = ClusterConfig {
        max_pods: Some(2),
        ..ClusterConfig::default()
    };
    let mut s = Session::new(&config);
    let pod = |name: &str| {
        format!(
            r#"{{"apiVersion": "v1", "kind": "Pod", "metadata": {{"name": "{name}"}},
                "spec": {{"containers": [{{"name": "c", "image": "nginx:1.25.3"}}]}}}}"#
        )
    };
    let file = |names: &[&str]| {
        let items: Vec<String> = names.iter().map(|n| pod(n)).collect();
        format!(
            r#"{{"kind": "List", "apiVersion": "v1", "items": [{}]}}"#,
            items.join(",")
        )
    };
    let rv = s.cluster.api.resource_version();
    let err =
        paperkube_engine::manifest::import(&mut s.cluster, &file(&["a", "b", "c"])).unwrap_err();
    assert!(err.contains("database space exceeded"), "{err}");
    assert_eq!(s.cluster.api.resource_version(), rv, "nothing stored");
    // Two fit; importing one of them again replaces it and needs no room.
    paperkube_engine::manifest::import(&mut s.cluster, &file(&["a", "b"])).expect("two fit");
    paperkube_engine::manifest::import(&mut s.cluster, &file(&["a"])).expect("a replace");
    assert_eq!(s.cluster.api.pods().len(), 2);
}
