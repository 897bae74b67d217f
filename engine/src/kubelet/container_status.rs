//! The container statuses the kubelet reports (`convertToAPIContainerStatuses`), generated
//! into the stored pod's status in place: a sync that changes nothing allocates nothing,
//! and a change replaces only the fields that differ.

use super::{Ctr, Instance};
use crate::api::pod::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    ContainerStatus, VolumeMountStatus,
};

/// Generates the statuses of `ctrs`, in order, into `slots`: whether anything changed.
pub(super) fn fill<'a>(
    slots: &mut Vec<ContainerStatus>,
    ctrs: impl Iterator<Item = &'a Ctr> + Clone,
    has_init: bool,
) -> bool {
    // Exactly the room needed: the list stays with the pod for its whole life, and a push
    // into an empty Vec would reserve four 480-byte statuses for a one-container pod.
    let wanted = ctrs.clone().count();
    if wanted > slots.len() {
        slots.reserve_exact(wanted - slots.len());
    }
    let mut changed = false;
    let mut n = 0;
    for c in ctrs {
        if n == slots.len() {
            slots.push(ContainerStatus::default());
            changed = true;
        }
        changed |= fill_one(&mut slots[n], c, has_init);
        n += 1;
    }
    if slots.len() > n {
        slots.truncate(n);
        changed = true;
    }
    changed
}

/// Generates `c`'s status into `s`: whether anything changed.
fn fill_one(s: &mut ContainerStatus, c: &Ctr, has_init: bool) -> bool {
    let mut changed = set_str(&mut s.name, c.name());
    changed |= set(&mut s.restart_count, c.restart_count);
    changed |= set(&mut s.ready, c.ready());
    changed |= set(&mut s.started, Some(c.started()));
    changed |= clear(&mut s.last_state.waiting) | clear(&mut s.last_state.running);
    // While its postStart hook runs, the container is reported as still being created.
    let current = c
        .current
        .as_ref()
        .filter(|i| i.post_start.is_none() || i.process.exit.is_some());
    changed |= match current {
        None => fill_waiting(s, c, has_init),
        Some(inst) => fill_created(s, c, inst),
    };
    #[cfg(debug_assertions)]
    debug_assert_eq!(
        *s,
        built(c, has_init),
        "fill_one: not what the kubelet reports"
    );
    changed
}

/// A container not created yet (or whose postStart hook still runs).
fn fill_waiting(s: &mut ContainerStatus, c: &Ctr, has_init: bool) -> bool {
    let mut changed = set_str(&mut s.image, &c.spec().image);
    changed |= set_str(&mut s.image_id, "") | set_str(&mut s.container_id, "");
    changed |= set(&mut s.volume_mounts, Vec::new());
    let hooking = c.current.is_some();
    let (reason, message) = match c.waiting.as_ref().filter(|_| !hooking) {
        Some(w) => (w.reason.as_str(), w.message.as_str()),
        None if has_init => ("PodInitializing", ""),
        None => ("ContainerCreating", ""),
    };
    changed |= set_state_waiting(&mut s.state, reason, message);
    changed |= set_ref(&mut s.last_state.terminated, c.last.as_deref());
    changed
}

/// A created container: running, waiting to restart, or terminated.
fn fill_created(s: &mut ContainerStatus, c: &Ctr, inst: &Instance) -> bool {
    let mut changed = set_str(&mut s.image, inst.image.canonical());
    changed |= set_str(&mut s.image_id, inst.image.image_id());
    changed |= set_str(&mut s.container_id, &inst.id);
    // Built only when it differs.
    if !VolumeMountStatus::are_of(&s.volume_mounts, c.spec()) {
        s.volume_mounts = VolumeMountStatus::of(c.spec());
        changed = true;
    }
    match (inst.process.exit.is_some(), &c.waiting) {
        (false, _) => {
            let running = ContainerStateRunning {
                started_at: Some(inst.started_at.truncate_to_seconds()),
            };
            changed |= clear(&mut s.state.waiting) | clear(&mut s.state.terminated);
            changed |= set(&mut s.state.running, Some(running));
            changed |= set_ref(&mut s.last_state.terminated, c.last.as_deref());
        }
        (true, Some(wait)) => {
            changed |= set_state_waiting(&mut s.state, &wait.reason, &wait.message);
            changed |= set_terminated(&mut s.last_state.terminated, inst);
        }
        (true, None) => {
            changed |= clear(&mut s.state.waiting) | clear(&mut s.state.running);
            changed |= set_terminated(&mut s.state.terminated, inst);
            changed |= set_ref(&mut s.last_state.terminated, c.last.as_deref());
        }
    }
    changed
}

/// The exited `inst`'s state in `slot`, built only when it differs: whether it did.
fn set_terminated(slot: &mut Option<ContainerStateTerminated>, inst: &Instance) -> bool {
    if slot.as_ref().is_some_and(|t| inst.is_reported_as(t)) {
        return false;
    }
    *slot = inst.terminated();
    true
}

/// The state `waiting` with `reason` and `message`.
fn set_state_waiting(state: &mut ContainerState, reason: &str, message: &str) -> bool {
    let mut changed = clear(&mut state.running) | clear(&mut state.terminated);
    let same = state
        .waiting
        .as_ref()
        .is_some_and(|w| w.reason == reason && w.message == message);
    if !same {
        state.waiting = Some(ContainerStateWaiting {
            reason: reason.to_string(),
            message: message.to_string(),
        });
        changed = true;
    }
    changed
}

/// Replaces `slot` with `v` if they differ: whether it did.
fn set<T: PartialEq>(slot: &mut T, v: T) -> bool {
    let differs = *slot != v;
    if differs {
        *slot = v;
    }
    differs
}

fn set_str(slot: &mut String, v: &str) -> bool {
    let differs = slot != v;
    if differs {
        v.clone_into(slot);
    }
    differs
}

/// [`set`] with a borrowed value, copied only when it differs.
fn set_ref<T: PartialEq + Clone>(slot: &mut Option<T>, v: Option<&T>) -> bool {
    let differs = slot.as_ref() != v;
    if differs {
        *slot = v.cloned();
    }
    differs
}

fn clear<T>(slot: &mut Option<T>) -> bool {
    slot.take().is_some()
}

/// The status built whole, as the kubelet did before generating it in place: what
/// [`fill_one`] must come to (checked in debug builds).
#[cfg(debug_assertions)]
fn built(c: &Ctr, has_init: bool) -> ContainerStatus {
    let default_reason = if has_init {
        "PodInitializing"
    } else {
        "ContainerCreating"
    };
    let mut s = ContainerStatus {
        name: c.name().to_string(),
        image: c.spec().image.clone(),
        restart_count: c.restart_count,
        ready: c.ready(),
        started: Some(c.started()),
        ..Default::default()
    };
    s.last_state.terminated = c.last.as_deref().cloned();
    let current = c
        .current
        .as_ref()
        .filter(|i| i.post_start.is_none() || i.process.exit.is_some());
    match current {
        None => {
            let hooking = c.current.is_some();
            let waiting = c.waiting.clone().filter(|_| !hooking);
            s.state.waiting = Some(waiting.unwrap_or(ContainerStateWaiting {
                reason: default_reason.into(),
                message: String::new(),
            }));
        }
        Some(inst) => {
            inst.image.canonical().clone_into(&mut s.image);
            s.image_id = inst.image.image_id().to_string();
            s.container_id = inst.id.clone();
            s.volume_mounts = VolumeMountStatus::of(c.spec());
            match (inst.terminated(), &c.waiting) {
                (None, _) => {
                    s.state.running = Some(ContainerStateRunning {
                        started_at: Some(inst.started_at.truncate_to_seconds()),
                    })
                }
                (Some(t), Some(wait)) => {
                    s.state.waiting = Some(wait.clone());
                    s.last_state.terminated = Some(t);
                }
                (Some(t), None) => s.state.terminated = Some(t),
            }
        }
    }
    s
}
