//! Mutating admission that runs on every pod create: the `ServiceAccount` plugin
//! (`plugin/pkg/admission/serviceaccount/admission.go`) mounts the API access token.
//! Visible in `kubectl get pod -o yaml` and `kubectl describe pod`.

use crate::api::pod::{Container, Volume, VolumeMount};
use crate::api::Pod;
use crate::apiserver::names::ALPHANUMS;
use serde_json::{json, Value};
use std::rc::Rc;

/// `DefaultAPITokenMountPath`.
pub const SA_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// `ServiceAccountVolumeName`: the token volume is `kube-api-access-<5 random chars>`.
const VOLUME_PREFIX: &str = "kube-api-access-";

/// The 5 characters come from `generateName` (alphabet `bcdfghjklmnpqrstvwxz2456789`).
/// The simulator is deterministic, so they are derived from the pod's uid (FNV-1a 64;
/// the name if the uid is empty): a given pod always gets the same volume name.
pub fn kube_api_access_volume_name(pod: &Pod) -> String {
    volume_name(pod).to_string()
}

/// The volume name as a shared string, written in place (one allocation).
fn volume_name(pod: &Pod) -> Rc<str> {
    let seed = if pod.metadata.uid.is_empty() {
        &pod.metadata.name
    } else {
        &pod.metadata.uid
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let n = ALPHANUMS.len() as u64;
    let mut name = [0u8; VOLUME_PREFIX.len() + 5];
    name[..VOLUME_PREFIX.len()].copy_from_slice(VOLUME_PREFIX.as_bytes());
    for c in &mut name[VOLUME_PREFIX.len()..] {
        *c = ALPHANUMS[(h % n) as usize];
        h /= n;
    }
    // ASCII throughout (the prefix and the alphabet), so always valid.
    Rc::from(std::str::from_utf8(&name).unwrap_or(VOLUME_PREFIX))
}

/// `mountServiceAccountToken`, run after the uid is stamped (the volume name derives from
/// it). Skipped when the pod opts out (`automountServiceAccountToken: false`; the default
/// ServiceAccount does not). An existing `kube-api-access-…` volume is reused; a container
/// that already mounts something at the token path is left alone; the volume is added only
/// if some container got the mount.
pub fn service_account(pod: &mut Pod) {
    if pod.spec.automount_service_account_token == Some(false) {
        return;
    }
    let existing = pod
        .spec
        .volumes
        .iter()
        .map(Volume::name)
        .find(|n| n.starts_with(VOLUME_PREFIX))
        .map(Rc::from);
    let has_volume = existing.is_some();
    let name = existing.unwrap_or_else(|| volume_name(pod));
    let spec = Rc::make_mut(&mut pod.spec);
    let mut needs_volume = false;
    for c in spec.init_containers.iter_mut().chain(&mut spec.containers) {
        needs_volume |= mount(c, &name);
    }
    if needs_volume && !has_volume {
        // Exact: a pod's lists never grow after admission (a doubling Vec would keep 4 slots).
        spec.volumes.reserve_exact(1);
        spec.volumes
            .push(Volume::new(name, TOKEN.with(|t| t.volume.clone())));
    }
}

/// What every pod's token volume and mounts have in common (all but the name), built once
/// and shared by every pod: as per-pod JSON trees they were most of a pod's memory.
struct Shared {
    volume: Rc<Value>,
    mount: Rc<Value>,
}

thread_local! {
    static TOKEN: Shared = Shared {
        volume: Rc::new(token_volume_source()),
        mount: Rc::new(json!({"readOnly": true, "mountPath": SA_MOUNT_PATH})),
    };
}

/// Appends the token mount unless the container mounts something at its path already.
fn mount(c: &mut Container, volume: &Rc<str>) -> bool {
    let taken = c
        .volume_mounts
        .iter()
        .any(|m| m.get("mountPath").and_then(Value::as_str) == Some(SA_MOUNT_PATH));
    if !taken {
        let rest = TOKEN.with(|t| t.mount.clone());
        c.volume_mounts.reserve_exact(1);
        c.volume_mounts.push(VolumeMount::new(volume.clone(), rest));
    }
    !taken
}

/// `createVolume` without the name: the projected volume (token 3607 s, the cluster CA,
/// the namespace), after defaulting (`defaultMode: 420`).
fn token_volume_source() -> Value {
    json!({
        "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
            {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
        ]}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(v: Value) -> Pod {
        serde_json::from_value(v).expect("pod")
    }

    #[test]
    fn every_container_mounts_the_token_volume() {
        let mut p = pod(json!({
            "metadata": {"name": "web", "uid": "0b6d5c2e-1f9a-4c43-9d1e-6a7f3e2b9c10"},
            "spec": {
                "initContainers": [{"name": "init", "image": "busybox"}],
                "containers": [{"name": "web", "image": "nginx",
                    "volumeMounts": [{"name": "data", "mountPath": "/data"}]}],
                "volumes": [{"name": "data", "emptyDir": {}}]
            }
        }));
        service_account(&mut p);
        let v = serde_json::to_value(&p.spec).expect("json");
        let name = "kube-api-access-vdp87";
        assert_eq!(v["volumes"][1]["name"], name);
        assert_eq!(v["volumes"][1]["projected"]["defaultMode"], 420);
        assert_eq!(
            v["volumes"][1]["projected"]["sources"][0]["serviceAccountToken"]["expirationSeconds"],
            3607
        );
        let want = json!({"mountPath": SA_MOUNT_PATH, "name": name, "readOnly": true});
        assert_eq!(v["initContainers"][0]["volumeMounts"], json!([want]));
        assert_eq!(v["containers"][0]["volumeMounts"][1], want);
        // Byte-identical to the object as one JSON tree (the name in its sorted place).
        let whole = json!({
            "name": name,
            "projected": {"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
            ]}
        });
        let split = serde_json::to_string(&p.spec.volumes[1]).expect("json");
        assert_eq!(split, whole.to_string());
        let mount = serde_json::to_string(&p.spec.containers[0].volume_mounts[1]).expect("json");
        assert_eq!(mount, want.to_string());
        // Admission runs once per create; a second run finds the volume and the mounts.
        let before = p.clone();
        service_account(&mut p);
        assert_eq!(p, before);
    }

    #[test]
    fn opt_out_and_taken_path() {
        let mut off = pod(json!({"metadata": {"name": "a"}, "spec": {
            "automountServiceAccountToken": false,
            "containers": [{"name": "c", "image": "nginx"}]}}));
        service_account(&mut off);
        assert!(off.spec.volumes.is_empty() && off.spec.containers[0].volume_mounts.is_empty());
        let mut own = pod(json!({"metadata": {"name": "b"}, "spec": {
            "containers": [{"name": "c", "image": "nginx", "volumeMounts": [
                {"name": "mine", "mountPath": SA_MOUNT_PATH}]}],
            "volumes": [{"name": "mine", "secret": {"secretName": "s"}}]}}));
        service_account(&mut own);
        assert_eq!(own.spec.volumes.len(), 1);
        assert_eq!(own.spec.containers[0].volume_mounts.len(), 1);
    }
}
