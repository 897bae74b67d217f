//! Golden texts for the describers, written by hand from describe.go and the specs
//! (pod-lifecycle.md §4.3, controllers.md §4.7); the column widths were worked out by hand
//! from the text/tabwriter block rules, not copied from this code's output.

use super::*;
use crate::api::{Deployment, Event, Node, Object, Pod, ReplicaSet};
use crate::time::Time;
use serde_json::json;

fn t(s: &str) -> Time {
    Time::parse_rfc3339(s).expect("time")
}

fn event(v: serde_json::Value) -> Event {
    serde_json::from_value(v).expect("event")
}

fn ev(reason: &str, from: &str, at: &str, message: &str) -> Event {
    event(json!({
        "type": "Normal", "reason": reason, "message": message,
        "source": {"component": from},
        "firstTimestamp": at, "lastTimestamp": at, "count": 1
    }))
}

fn running_pod() -> Pod {
    serde_json::from_value(json!({
        "metadata": {
            "name": "web-7d9c5b8f4-x2x7q", "namespace": "default",
            "uid": "0b6d5c2e-1f9a-4c43-9d1e-6a7f3e2b9c10",
            "creationTimestamp": "2025-01-01T00:00:00Z",
            "labels": {"app": "web", "pod-template-hash": "7d9c5b8f4"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                "name": "web-7d9c5b8f4", "uid": "rs-uid", "controller": true,
                "blockOwnerDeletion": true}]
        },
        "spec": {
            "containers": [{"name": "nginx", "image": "nginx:1.27",
                "ports": [{"containerPort": 80, "protocol": "TCP"}]}],
            "serviceAccountName": "default", "priority": 0, "nodeName": "node-1",
            "tolerations": [
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                 "effect": "NoExecute", "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists",
                 "effect": "NoExecute", "tolerationSeconds": 300}]
        },
        "status": {
            "phase": "Running", "hostIP": "172.18.0.2", "podIP": "10.244.1.5",
            "podIPs": [{"ip": "10.244.1.5"}], "startTime": "2025-01-01T00:00:00Z",
            "qosClass": "BestEffort",
            "conditions": [
                {"type": "PodReadyToStartContainers", "status": "True"},
                {"type": "Initialized", "status": "True"},
                {"type": "Ready", "status": "True"},
                {"type": "ContainersReady", "status": "True"},
                {"type": "PodScheduled", "status": "True"}],
            "containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 0,
                "started": true, "image": "docker.io/library/nginx:1.27",
                "imageID": "docker.io/library/nginx@sha256:9f1e",
                "containerID": "containerd://4f2a",
                "state": {"running": {"startedAt": "2025-01-01T00:00:04Z"}}}]
        }
    }))
    .expect("pod")
}

/// `running_pod` as stored: ServiceAccount admission has added the token volume and mounts.
fn admitted(mut pod: Pod) -> Pod {
    crate::apiserver::admission::service_account(&mut pod);
    pod
}

#[test]
fn describe_running_pod() {
    let pod = admitted(running_pod());
    let vol = kube_api_access_volume_name(&pod);
    // Deterministic: pinned so that a change of the derivation is noticed.
    assert_eq!(vol, "kube-api-access-vdp87");
    let events = vec![
        ev("Scheduled", "default-scheduler", "2025-01-01T00:00:00Z",
           "Successfully assigned default/web-7d9c5b8f4-x2x7q to node-1"),
        ev("Pulling", "kubelet", "2025-01-01T00:00:01Z", "Pulling image \"nginx:1.27\""),
        ev("Pulled", "kubelet", "2025-01-01T00:00:04Z",
           "Successfully pulled image \"nginx:1.27\" in 3.52s (3.52s including waiting). Image size: 72099501 bytes."),
        ev("Created", "kubelet", "2025-01-01T00:00:04Z", "Created container: nginx"),
        ev("Started", "kubelet", "2025-01-01T00:00:04Z", "Started container nginx"),
    ];
    let got = describe_pod(&pod, Some(&events), t("2025-01-01T00:01:05Z"));
    let want = "\
Name:             web-7d9c5b8f4-x2x7q
Namespace:        default
Priority:         0
Service Account:  default
Node:             node-1/172.18.0.2
Start Time:       Wed, 01 Jan 2025 00:00:00 +0000
Labels:           app=web
                  pod-template-hash=7d9c5b8f4
Annotations:      <none>
Status:           Running
IP:               10.244.1.5
IPs:
  IP:           10.244.1.5
Controlled By:  ReplicaSet/web-7d9c5b8f4
Containers:
  nginx:
    Container ID:   containerd://4f2a
    Image:          nginx:1.27
    Image ID:       docker.io/library/nginx@sha256:9f1e
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Wed, 01 Jan 2025 00:00:04 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from VOL (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  VOL:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  65s   default-scheduler  Successfully assigned default/web-7d9c5b8f4-x2x7q to node-1
  Normal  Pulling    64s   kubelet            Pulling image \"nginx:1.27\"
  Normal  Pulled     61s   kubelet            Successfully pulled image \"nginx:1.27\" in 3.52s (3.52s including waiting). Image size: 72099501 bytes.
  Normal  Created    61s   kubelet            Created container: nginx
  Normal  Started    61s   kubelet            Started container nginx
"
    .replace("VOL", &vol);
    assert_eq!(got, want);
}

#[test]
fn describe_crash_looping_terminating_pod_without_events() {
    // pod-lifecycle.md §3.5 (crash loop block) and §3.8 (Terminating (lasts …)).
    let mut pod = admitted(running_pod());
    pod.metadata.deletion_timestamp = Some(t("2025-01-01T00:10:30Z"));
    pod.metadata.deletion_grace_period_seconds = Some(30);
    pod.status.pod_ips.clear();
    pod.status.pod_ip.clear();
    pod.status.conditions.clear();
    std::rc::Rc::make_mut(&mut pod.spec).containers[0]
        .ports
        .clear();
    std::rc::Rc::make_mut(&mut pod.spec).containers[0].liveness_probe = Some(
        serde_json::from_value(json!({"httpGet": {"path": "/healthz", "port": 8080}}))
            .expect("probe"),
    );
    pod.status.container_statuses[0] = serde_json::from_value(json!({
        "name": "nginx", "ready": false, "restartCount": 4, "image": "nginx:1.27",
        "imageID": "", "containerID": "containerd://4f2a",
        "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 1m20s"}},
        "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
            "startedAt": "2025-01-01T00:09:00Z", "finishedAt": "2025-01-01T00:09:02Z"}}
    }))
    .expect("status");
    let got = describe_pod(&pod, None, t("2025-01-01T00:10:00Z"));
    let vol = kube_api_access_volume_name(&pod);
    let want = "\
Name:                      web-7d9c5b8f4-x2x7q
Namespace:                 default
Priority:                  0
Service Account:           default
Node:                      node-1/172.18.0.2
Start Time:                Wed, 01 Jan 2025 00:00:00 +0000
Labels:                    app=web
                           pod-template-hash=7d9c5b8f4
Annotations:               <none>
Status:                    Terminating (lasts <invalid>)
Termination Grace Period:  30s
IP:                        
IPs:                       <none>
Controlled By:             ReplicaSet/web-7d9c5b8f4
Containers:
  nginx:
    Container ID:   containerd://4f2a
    Image:          nginx:1.27
    Image ID:       
    Port:           <none>
    Host Port:      <none>
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Wed, 01 Jan 2025 00:09:00 +0000
      Finished:     Wed, 01 Jan 2025 00:09:02 +0000
    Ready:          False
    Restart Count:  4
    Liveness:       http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from VOL (ro)
Volumes:
  VOL:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
"
    .replace("VOL", &vol);
    assert_eq!(got, want);
}

fn rs(
    name: &str,
    hash: &str,
    image: &str,
    created: &str,
    spec: i32,
    status: i32,
    owner: &str,
) -> ReplicaSet {
    serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-{name}"),
            "creationTimestamp": created,
            "labels": {"app": "nginx", "pod-template-hash": hash},
            "annotations": {"deployment.kubernetes.io/desired-replicas": "3",
                "deployment.kubernetes.io/max-replicas": "4",
                "deployment.kubernetes.io/revision": "2"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
                "name": "nginx-deployment", "uid": owner, "controller": true}]},
        "spec": {"replicas": spec,
            "selector": {"matchLabels": {"app": "nginx", "pod-template-hash": hash}},
            "template": {"metadata": {"labels": {"app": "nginx", "pod-template-hash": hash}},
                "spec": {"containers": [{"name": "nginx", "image": image,
                    "ports": [{"containerPort": 80, "protocol": "TCP"}]}]}}},
        "status": {"replicas": status, "readyReplicas": status, "availableReplicas": status}
    }))
    .expect("rs")
}

fn deployment() -> Deployment {
    serde_json::from_value(json!({
        "metadata": {"name": "nginx-deployment", "namespace": "default", "uid": "d-uid",
            "creationTimestamp": "2025-01-01T00:00:00Z", "labels": {"app": "nginx"},
            "annotations": {"deployment.kubernetes.io/revision": "2",
                "kubectl.kubernetes.io/last-applied-configuration": "{}"}},
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}},
            "template": {"metadata": {"labels": {"app": "nginx"}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx:1.16.1",
                    "ports": [{"containerPort": 80, "protocol": "TCP"}]}]}},
            "strategy": {"type": "RollingUpdate",
                "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}}},
        "status": {"replicas": 3, "updatedReplicas": 1, "readyReplicas": 3,
            "availableReplicas": 3,
            "conditions": [
                {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                {"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated"}]}
    }))
    .expect("deployment")
}

#[test]
fn describe_deployment_mid_rollout() {
    // controllers.md §4.7's example (3 replicas, 25%/25%, one new pod). Old ReplicaSets are
    // kubectl's `allOldRSes` (describe.go passes the second return value of
    // GetAllReplicaSetsInChunks), so the one scaled to 0 is listed too, oldest first.
    let d = deployment();
    let all = vec![
        rs(
            "nginx-deployment-96b9d695",
            "96b9d695",
            "nginx:1.16.1",
            "2025-01-01T00:01:30Z",
            1,
            1,
            "d-uid",
        ),
        rs(
            "nginx-deployment-7d8b49557c",
            "7d8b49557c",
            "nginx:1.14.2",
            "2025-01-01T00:00:00Z",
            2,
            2,
            "d-uid",
        ),
        rs(
            "nginx-deployment-5c689d88bb",
            "5c689d88bb",
            "nginx:1.13",
            "2024-12-31T00:00:00Z",
            0,
            0,
            "d-uid",
        ),
        rs(
            "other-6f5c8b7d9",
            "6f5c8b7d9",
            "nginx:1.16.1",
            "2025-01-01T00:00:00Z",
            1,
            1,
            "other-uid",
        ),
    ];
    let events = vec![
        ev(
            "ScalingReplicaSet",
            "deployment-controller",
            "2025-01-01T00:00:00Z",
            "Scaled up replica set nginx-deployment-7d8b49557c from 0 to 3",
        ),
        ev(
            "ScalingReplicaSet",
            "deployment-controller",
            "2025-01-01T00:01:30Z",
            "Scaled up replica set nginx-deployment-96b9d695 from 0 to 1",
        ),
        ev(
            "ScalingReplicaSet",
            "deployment-controller",
            "2025-01-01T00:01:32Z",
            "Scaled down replica set nginx-deployment-7d8b49557c from 3 to 2",
        ),
    ];
    let got = describe_deployment(&d, &all, Some(&events), t("2025-01-01T00:02:00Z"));
    let want = "\
Name:                   nginx-deployment
Namespace:              default
CreationTimestamp:      Wed, 01 Jan 2025 00:00:00 +0000
Labels:                 app=nginx
Annotations:            deployment.kubernetes.io/revision: 2
Selector:               app=nginx
Replicas:               3 desired | 1 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:         nginx:1.16.1
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    ReplicaSetUpdated
OldReplicaSets:  nginx-deployment-5c689d88bb (0/0 replicas created), nginx-deployment-7d8b49557c (2/2 replicas created)
NewReplicaSet:   nginx-deployment-96b9d695 (1/1 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  2m    deployment-controller  Scaled up replica set nginx-deployment-7d8b49557c from 0 to 3
  Normal  ScalingReplicaSet  30s   deployment-controller  Scaled up replica set nginx-deployment-96b9d695 from 0 to 1
  Normal  ScalingReplicaSet  28s   deployment-controller  Scaled down replica set nginx-deployment-7d8b49557c from 3 to 2
";
    assert_eq!(got, want);
    // A Deployment with no ReplicaSets yet prints neither line; no events → `<none>`,
    // aligned with the preceding tabbed lines (here the Conditions block).
    let got = describe_deployment(&d, &[], Some(&[]), t("2025-01-01T00:02:00Z"));
    assert!(
        got.ends_with(
            "  Available     True    MinimumReplicasAvailable\n  \
         Progressing   True    ReplicaSetUpdated\nEvents:         <none>\n"
        ),
        "{got}"
    );
}

#[test]
fn describe_replicaset_with_pods() {
    let r = rs(
        "nginx-deployment-96b9d695",
        "96b9d695",
        "nginx:1.16.1",
        "2025-01-01T00:01:30Z",
        1,
        1,
        "d-uid",
    );
    let pod = |name: &str, phase: &str, owner: &str| -> Pod {
        serde_json::from_value(json!({
            "metadata": {"name": name, "namespace": "default",
                "labels": {"app": "nginx", "pod-template-hash": "96b9d695"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                    "name": "x", "uid": owner, "controller": true}]},
            "status": {"phase": phase}
        }))
        .expect("pod")
    };
    let pods = vec![
        pod(
            "nginx-deployment-96b9d695-k2x7q",
            "Running",
            "uid-nginx-deployment-96b9d695",
        ),
        pod("orphan-adopted-elsewhere", "Pending", "someone-else"),
    ];
    let events = vec![ev(
        "SuccessfulCreate",
        "replicaset-controller",
        "2025-01-01T00:01:30Z",
        "Created pod: nginx-deployment-96b9d695-k2x7q",
    )];
    let got = describe_replicaset(&r, &pods, Some(&events), t("2025-01-01T00:02:00Z"));
    let want = "\
Name:           nginx-deployment-96b9d695
Namespace:      default
Selector:       app=nginx,pod-template-hash=96b9d695
Labels:         app=nginx
                pod-template-hash=96b9d695
Annotations:    deployment.kubernetes.io/desired-replicas: 3
                deployment.kubernetes.io/max-replicas: 4
                deployment.kubernetes.io/revision: 2
Controlled By:  Deployment/nginx-deployment
Replicas:       1 current / 1 desired
Pods Status:    1 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=nginx
           pod-template-hash=96b9d695
  Containers:
   nginx:
    Image:         nginx:1.16.1
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason            Age   From                   Message
  ----    ------            ----  ----                   -------
  Normal  SuccessfulCreate  30s   replicaset-controller  Created pod: nginx-deployment-96b9d695-k2x7q
";
    assert_eq!(got, want);
}

#[test]
fn describe_node_subset() {
    let node: Node = serde_json::from_value(json!({
        "metadata": {"name": "node-1", "uid": "node-uid-1",
            "creationTimestamp": "2025-01-01T00:00:00Z",
            "labels": {"kubernetes.io/hostname": "node-1", "kubernetes.io/os": "linux"}},
        "spec": {"podCIDR": "10.244.1.0/24", "providerID": "kind://docker/kind/node-1",
            "taints": [{"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"},
                       {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}]},
        "status": {
            "capacity": {"cpu": "8", "memory": "16Gi", "pods": "110"},
            "allocatable": {"cpu": "8", "memory": "16Gi", "pods": "110", "hugepages-2Mi": "0"},
            "conditions": [{"type": "Ready", "status": "Unknown",
                "lastHeartbeatTime": "2025-01-01T00:05:00Z",
                "lastTransitionTime": "2025-01-01T00:05:40Z",
                "reason": "NodeStatusUnknown", "message": "Kubelet stopped posting node status."}],
            "addresses": [{"type": "InternalIP", "address": "172.18.0.3"},
                          {"type": "Hostname", "address": "node-1"}],
            "nodeInfo": {"architecture": "amd64", "containerRuntimeVersion": "containerd://2.1.1",
                "kernelVersion": "6.8.0", "kubeletVersion": "v1.33.1",
                "operatingSystem": "linux", "osImage": "Debian GNU/Linux 12 (bookworm)"}}
    }))
    .expect("node");
    let pod: Pod = serde_json::from_value(json!({
        "metadata": {"name": "web", "namespace": "default",
            "creationTimestamp": "2025-01-01T00:01:00Z"},
        "spec": {"nodeName": "node-1", "containers": [{"name": "a", "image": "nginx",
            "resources": {"requests": {"cpu": "250m", "memory": "128Mi"},
                          "limits": {"memory": "256Mi"}}}]},
        "status": {"phase": "Running"}
    }))
    .expect("pod");
    let got = describe_node(&node, &[pod], Some(&[]), t("2025-01-01T00:10:00Z"));
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(lines[0], "Name:               node-1");
    assert_eq!(lines[1], "Roles:              <none>");
    assert!(got.contains(
        "Taints:             node.kubernetes.io/unreachable:NoExecute\n                    node.kubernetes.io/unreachable:NoSchedule\nUnschedulable:      false\n"
    ), "{got}");
    assert!(got.contains(
        "Lease:\n  HolderIdentity:  node-1\n  AcquireTime:     <unset>\n  RenewTime:       Wed, 01 Jan 2025 00:05:00 +0000\n"
    ), "{got}");
    assert!(got.contains(
        "Conditions:\n  Type    Status    LastHeartbeatTime                 LastTransitionTime                Reason              Message\n  \
         ----    ------    -----------------                 ------------------                ------              -------\n  \
         Ready   Unknown   Wed, 01 Jan 2025 00:05:00 +0000   Wed, 01 Jan 2025 00:05:40 +0000   NodeStatusUnknown   Kubelet stopped posting node status.\n"
    ), "{got}");
    assert!(got.contains(
        "Non-terminated Pods:          (1 in total)\n  \
         Namespace                   Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age\n  \
         ---------                   ----    ------------  ----------  ---------------  -------------  ---\n  \
         default                     web     250m (3%)     0 (0%)      128Mi (0%)       256Mi (1%)     9m\n"
    ), "{got}");
    assert!(
        got.ends_with(
            "  Resource           Requests    Limits\n  \
         --------           --------    ------\n  \
         cpu                250m (3%)   0 (0%)\n  \
         memory             128Mi (0%)  256Mi (1%)\n  \
         ephemeral-storage  0 (0%)      0 (0%)\n  \
         hugepages-2Mi      0 (0%)      0 (0%)\n\
         Events:              <none>\n"
        ),
        "{got}"
    );
}

#[test]
fn describe_object_picks_the_right_events() {
    let pod = running_pod();
    let mut mine = ev(
        "Pulling",
        "kubelet",
        "2025-01-01T00:00:01Z",
        "Pulling image \"nginx:1.27\"",
    );
    mine.involved_object.kind = "Pod".into();
    mine.involved_object.name = pod.metadata.name.as_str().into();
    mine.involved_object.namespace = "default".into();
    mine.involved_object.uid = pod.metadata.uid.as_str().into();
    // Same name, earlier incarnation (other uid): not shown.
    let mut old = mine.clone();
    old.involved_object.uid = "previous-uid".into();
    old.reason = "Killing".into();
    // Another pod: not shown.
    let mut other = mine.clone();
    other.involved_object.name = "web-other".into();
    other.reason = "Started".into();
    let related: Vec<Object> = vec![
        Object::Event(old),
        Object::Event(mine),
        Object::Event(other),
        Object::Pod(pod.clone()),
    ];
    let now = t("2025-01-01T00:01:05Z");
    let text = describe_object(&Object::Pod(pod.clone()), &related, now, true).expect("pod");
    assert!(
        text.ends_with(
            "Events:\n  Type    Reason   Age   From     Message\n  \
         ----    ------   ----  ----     -------\n  \
         Normal  Pulling  64s   kubelet  Pulling image \"nginx:1.27\"\n"
        ),
        "{text}"
    );
    let quiet = describe_object(&Object::Pod(pod), &related, now, false).expect("pod");
    assert!(quiet.ends_with("op=Exists for 300s\n"), "{quiet}");
    assert!(!quiet.contains("Events:"));
}

#[test]
fn describe_initializing_pod_with_resources_env_and_probe() {
    let pod: Pod = serde_json::from_value(json!({
        "metadata": {"name": "app-0", "namespace": "default", "uid": "u-app-0"},
        "spec": {
            "nodeName": "node-1",
            "nodeSelector": {"disktype": "ssd"},
            "initContainers": [{"name": "init-db", "image": "busybox:1.36",
                "command": ["sh", "-c", "until nslookup db; do sleep 2; done"]}],
            "containers": [{"name": "app", "image": "example/app:2",
                "ports": [{"containerPort": 8080, "protocol": "TCP"},
                          {"containerPort": 9090, "protocol": "TCP"}],
                "args": ["--port=8080"],
                "env": [{"name": "MODE", "value": "prod"}, {"name": "MULTI", "value": "a\nb"}],
                "resources": {"requests": {"cpu": "0.25", "memory": "64Mi"},
                              "limits": {"memory": "128Mi"}},
                "readinessProbe": {"exec": {"command": ["cat", "/tmp/ready"]},
                    "initialDelaySeconds": 5, "periodSeconds": 5}}]
        },
        "status": {
            "phase": "Pending", "hostIP": "172.18.0.2", "podIP": "10.244.1.7",
            "podIPs": [{"ip": "10.244.1.7"}], "startTime": "2025-01-01T00:00:00Z",
            "qosClass": "Burstable",
            "conditions": [
                {"type": "PodReadyToStartContainers", "status": "True"},
                {"type": "Initialized", "status": "False"},
                {"type": "Ready", "status": "False"},
                {"type": "ContainersReady", "status": "False"},
                {"type": "PodScheduled", "status": "True"}],
            "initContainerStatuses": [{"name": "init-db", "ready": false, "restartCount": 0,
                "image": "busybox:1.36", "imageID": "docker.io/library/busybox@sha256:bb",
                "containerID": "containerd://aa",
                "state": {"running": {"startedAt": "2025-01-01T00:00:02Z"}}}],
            "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0,
                "image": "example/app:2", "imageID": "",
                "state": {"waiting": {"reason": "PodInitializing"}}}]
        }
    }))
    .expect("pod");
    let pod = admitted(pod);
    let vol = kube_api_access_volume_name(&pod);
    let got = describe_pod(&pod, None, t("2025-01-01T00:00:30Z"));
    let want = "\
Name:         app-0
Namespace:    default
Node:         node-1/172.18.0.2
Start Time:   Wed, 01 Jan 2025 00:00:00 +0000
Labels:       <none>
Annotations:  <none>
Status:       Pending
IP:           10.244.1.7
IPs:
  IP:  10.244.1.7
Init Containers:
  init-db:
    Container ID:  containerd://aa
    Image:         busybox:1.36
    Image ID:      docker.io/library/busybox@sha256:bb
    Port:          <none>
    Host Port:     <none>
    Command:
      sh
      -c
      until nslookup db; do sleep 2; done
    State:          Running
      Started:      Wed, 01 Jan 2025 00:00:02 +0000
    Ready:          False
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from VOL (ro)
Containers:
  app:
    Container ID:  
    Image:         example/app:2
    Image ID:      
    Ports:         8080/TCP, 9090/TCP
    Host Ports:    0/TCP, 0/TCP
    Args:
      --port=8080
    State:          Waiting
      Reason:       PodInitializing
    Ready:          False
    Restart Count:  0
    Limits:
      memory:  128Mi
    Requests:
      cpu:      250m
      memory:   64Mi
    Readiness:  exec [cat /tmp/ready] delay=5s timeout=1s period=5s #success=1 #failure=3
    Environment:
      MODE:   prod
      MULTI:  a
              b
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from VOL (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 False 
  Ready                       False 
  ContainersReady             False 
  PodScheduled                True 
Volumes:
  VOL:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              disktype=ssd
Tolerations:                 <none>
"
    .replace("VOL", &vol);
    assert_eq!(got, want);
}

#[test]
fn describe_pod_volumes_mounts_and_env_sources() {
    let mut pod = running_pod();
    let c = &mut std::rc::Rc::make_mut(&mut pod.spec).containers[0];
    c.volume_mounts = vec![
        json!({"name": "html", "mountPath": "/usr/share/nginx/html", "readOnly": true}).into(),
        json!({"name": "cache", "mountPath": "/cache", "subPath": "web"}).into(),
    ];
    c.env = serde_json::from_value(json!([
        {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
        {"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "app", "key": "level"}}},
        {"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "token", "optional": true}}}
    ]))
    .expect("env");
    c.env_from = vec![
        json!({"configMapRef": {"name": "app"}}),
        json!({"secretRef": {"name": "creds"}, "prefix": "S_"}),
    ];
    std::rc::Rc::make_mut(&mut pod.spec).volumes = vec![
        json!({"name": "html", "emptyDir": {}}).into(),
        json!({"name": "cache", "emptyDir": {"medium": "Memory", "sizeLimit": "512Mi"}}).into(),
        json!({"name": "conf", "configMap": {"name": "app"}}).into(),
    ];
    let opted_out = pod.clone();
    let pod = admitted(pod);
    let got = describe_pod(&pod, None, t("2025-01-01T00:01:00Z"));
    let from = got
        .find("    Environment Variables from:")
        .expect("envFrom block");
    let to = got.find("Conditions:").expect("conditions");
    assert_eq!(
        &got[from..to],
        "    Environment Variables from:
      app    ConfigMap                Optional: false
      creds  Secret with prefix 'S_'  Optional: false
    Environment:
      POD_NAME:  web-7d9c5b8f4-x2x7q (v1:metadata.name)
      LEVEL:     <set to the key 'level' of config map 'app'>  Optional: false
      TOKEN:     <set to the key 'token' in secret 'creds'>    Optional: true
    Mounts:
      /cache from cache (rw,path=\"web\")
      /usr/share/nginx/html from html (ro)
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-vdp87 (ro)
"
    );
    let from = got.find("Volumes:").expect("volumes");
    let to = got.find("QoS Class:").expect("qos");
    assert_eq!(
        &got[from..to],
        "Volumes:
  html:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:     
    SizeLimit:  <unset>
  cache:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:     Memory
    SizeLimit:  512Mi
  conf:
    Type:      ConfigMap (a volume populated by a ConfigMap)
    Name:      app
    Optional:  false
  kube-api-access-vdp87:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
"
    );
    // automountServiceAccountToken: false — no token volume, no mount.
    let mut pod = opted_out;
    std::rc::Rc::make_mut(&mut pod.spec).automount_service_account_token = Some(false);
    let got = describe_pod(&admitted(pod), None, t("2025-01-01T00:01:00Z"));
    assert!(!got.contains("kube-api-access"));
}
