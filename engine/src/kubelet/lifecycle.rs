//! Graceful termination (`kuberuntime_container.go` `killContainer`, `pod_workers.go`):
//! `Killing` events, the preStop hook, SIGTERM, SIGKILL when the grace period ends, the
//! final status with a terminal phase, then the kubelet deletes the pod object.

use super::runtime::Process;
use super::{Kill, Kubelet, PodWorker, PostStart, StatusWrite, Turn};
use crate::api::pod::Container;
use crate::api::pod::Pod;
use crate::controller::Context;
use crate::record::EventType;
use crate::time::{Duration, Time};

/// `minimumGracePeriodInSeconds`: a container always gets at least 2 s after SIGTERM.
pub const MIN_GRACE_SECONDS: i64 = 2;

/// `activeDeadlineHandler`: the pod's status reason and message once it has been active
/// on the node for `activeDeadlineSeconds`.
pub const DEADLINE_REASON: &str = "DeadlineExceeded";
pub const DEADLINE_MESSAGE: &str = "Pod was active on the node longer than the specified deadline";

/// When the pod passes its `activeDeadlineSeconds`, counted from its start on the node.
pub(super) fn deadline(pod: &Pod, w: &PodWorker) -> Option<Time> {
    let secs = pod.spec.active_deadline_seconds?;
    Some(w.admitted + Duration::from_secs(secs.max(0)))
}

/// How long a postStart hook may run in the simulation (upstream passes no timeout).
const POST_START_LIMIT: Duration = Duration::from_secs(3600);

/// Starts `c`'s `postStart` hook in its new `process` (`startContainer` step 4): an exec
/// hook runs in the container (its files stay), a sleep hook waits. `None` without a hook.
pub(super) fn post_start(
    pod: &Pod,
    c: &Container,
    process: &mut Process,
    now: Time,
) -> Option<PostStart> {
    let hook = c.lifecycle.as_ref()?.post_start.as_ref()?;
    if process.exit.is_some() {
        return None;
    }
    if let Some(e) = &hook.exec {
        let run = process.run_hook(&e.command, now, POST_START_LIMIT);
        // `handlers.go` + the CRI's ExecSync error for a non-zero exit.
        let failure = (run.code != 0).then(|| {
            format!(
                "Exec lifecycle hook ([{}]) for Container {:?} in Pod \"{}_{}({})\" failed - error: command '{}' exited with {}: , message: {:?}",
                e.command.join(" "),
                c.name,
                pod.metadata.name,
                pod.metadata.namespace,
                pod.metadata.uid,
                e.command.join(" "),
                run.code,
                if run.output.is_empty() { String::new() } else { format!("{}\n", run.output) },
            )
        });
        return Some(PostStart {
            until: run.end,
            failure,
            failed: false,
        });
    }
    let secs = hook.sleep.as_ref().map_or(0, |s| s.seconds.max(0));
    Some(PostStart {
        until: now + Duration::from_secs(secs),
        failure: None,
        failed: false,
    })
}

impl Kubelet {
    /// postStart hooks that have returned: the container goes on, or, if the hook failed,
    /// `FailedPostStartHook`, and the container is killed (`PostStartHookError`).
    pub(super) fn finish_post_start(
        &mut self,
        ctx: &mut Context,
        pod: &Pod,
        w: &mut PodWorker,
        now: Time,
    ) {
        let src = &self.source;
        let grace = pod
            .spec
            .termination_grace_period_seconds
            .unwrap_or(30)
            .max(0);
        for c in &mut w.ctrs {
            let Some(inst) = &mut c.current else { continue };
            let Some(hook) = inst
                .post_start
                .clone()
                .filter(|h| h.until <= now && !h.failed)
            else {
                continue;
            };
            let Some(message) = hook.failure else {
                inst.post_start = None;
                continue;
            };
            inst.post_start = Some(PostStart {
                failure: None,
                failed: true,
                ..hook
            });
            // The hook's output stays out of the event, so that secrets do not leak.
            let field = Some(c.field_path());
            ctx.event(
                src,
                pod,
                field.clone(),
                EventType::Warning,
                "FailedPostStartHook",
                "PostStartHook failed",
            );
            ctx.event(
                src,
                pod,
                field,
                EventType::Normal,
                "Killing",
                "FailedPostStartHook",
            );
            c.waiting = Some(crate::api::pod::ContainerStateWaiting {
                reason: "PostStartHookError".into(),
                message,
            });
            c.kill = Some(Kill {
                term_at: hook.until,
                termed: false,
                kill_at: hook.until + Duration::from_secs(grace.max(MIN_GRACE_SECONDS)),
                turn: None,
                hook_signal: None,
            });
        }
        self.progress_kills(w, now);
    }

    /// `activeDeadlineHandler.ShouldEvict`: the event, phase Failed with its reason, and
    /// the pod's containers stopped like a deletion's (grace from the spec).
    pub(super) fn exceed_deadline(
        &mut self,
        ctx: &mut Context,
        pod: &Pod,
        w: &mut PodWorker,
        now: Time,
    ) {
        ctx.event(
            &self.source,
            pod,
            None,
            EventType::Normal,
            DEADLINE_REASON,
            DEADLINE_MESSAGE,
        );
        w.failed = Some((DEADLINE_REASON, DEADLINE_MESSAGE));
        for c in &mut w.ctrs {
            c.pull = None;
            c.retry_at = None;
        }
        let grace = pod
            .spec
            .termination_grace_period_seconds
            .unwrap_or(30)
            .max(0);
        self.begin_kills(ctx, pod, w, grace, now);
        self.progress_kills(w, now);
    }

    /// Stops a pod that is being deleted; true once it is done, with its last status in
    /// `writes`: the caller then removes the object.
    pub(super) fn terminate(
        &mut self,
        ctx: &mut Context,
        pod: &Pod,
        w: &mut PodWorker,
        now: Time,
        writes: &mut Vec<StatusWrite>,
    ) -> bool {
        let grace = pod
            .metadata
            .deletion_grace_period_seconds
            .or(pod.spec.termination_grace_period_seconds)
            .unwrap_or(30)
            .max(0);
        if !w.terminating {
            w.terminating = true;
            self.begin_kills(ctx, pod, w, grace, now);
        } else {
            // A second delete may shorten the grace period.
            let deadline = now + Duration::from_secs(grace.max(MIN_GRACE_SECONDS));
            for c in &mut w.ctrs {
                if let Some(k) = &mut c.kill {
                    k.kill_at = k.kill_at.min(deadline.max(k.term_at));
                }
            }
        }
        for c in &mut w.ctrs {
            c.pull = None;
            c.retry_at = None;
        }
        self.progress_kills(w, now);
        if w.ctrs.iter().any(|c| c.running() || c.kill.is_some()) {
            writes.push(Self::pod_status(pod, now, false));
            return false;
        }
        // Every container has stopped: the last status, with a terminal phase.
        for c in &mut w.ctrs {
            c.waiting = None;
        }
        writes.push(Self::pod_status(pod, now, false));
        writes.push(Self::pod_status(pod, now, true));
        true
    }

    fn begin_kills(
        &mut self,
        ctx: &mut Context,
        pod: &Pod,
        w: &mut PodWorker,
        grace: i64,
        now: Time,
    ) {
        let src = &self.source;
        for c in &mut w.ctrs {
            let Some(inst) = &c.current else { continue };
            if !inst.process.running() {
                continue;
            }
            let msg = ["Stopping container ", c.name()].concat();
            ctx.event(
                src,
                pod,
                Some(c.field_path()),
                EventType::Normal,
                "Killing",
                &msg,
            );
            let limit = Duration::from_secs(grace);
            let mut hook_signal = None;
            let hook_end = match c
                .spec()
                .lifecycle
                .as_ref()
                .and_then(|l| l.pre_stop.as_ref())
            {
                Some(h) if h.exec.is_some() => {
                    let argv = h
                        .exec
                        .as_ref()
                        .map(|e| e.command.clone())
                        .unwrap_or_default();
                    let (end, signal) = inst.process.hook_end(&argv, now, limit);
                    hook_signal = signal;
                    end
                }
                Some(h) => {
                    now + Duration::from_secs(
                        h.sleep.as_ref().map_or(0, |s| s.seconds).clamp(0, grace),
                    )
                }
                None => now,
            };
            let left = grace - (hook_end - now).0 / 1000;
            // Sidecars wait for the regular containers (and later sidecars) to stop,
            // within what is left of the grace period (KEP-753, `waitForTurn`).
            let turn = (c.sidecar() && grace > 0).then_some(Turn {
                from: hook_end,
                grace: left,
            });
            let left = left.max(MIN_GRACE_SECONDS);
            c.kill = Some(Kill {
                term_at: turn.map_or(hook_end, |t| t.from + Duration::from_secs(t.grace.max(0))),
                termed: false,
                kill_at: hook_end + Duration::from_secs(left),
                turn,
                hook_signal,
            });
        }
    }
}

/// `waitForTurn` for sidecar `i`: once every regular container and every sidecar declared
/// after it has stopped (or its share of the grace period has run out), its SIGTERM is
/// due, with the grace left minus the whole seconds it waited (at least 2 s).
pub(super) fn take_turn(w: &mut PodWorker, i: usize, now: Time) {
    let Some(Kill {
        turn: Some(turn), ..
    }) = w.ctrs[i].kill
    else {
        return;
    };
    let deadline = turn.from + Duration::from_secs(turn.grace.max(0));
    let mut ready_at = Some(turn.from);
    for (j, c) in w.ctrs.iter().enumerate() {
        let before_it = !c.init || (c.sidecar() && j > i);
        if !before_it {
            continue;
        }
        if c.running() {
            ready_at = None;
            break;
        }
        if let Some(e) = c.exit() {
            ready_at = ready_at.map(|t| t.max(e.at));
        }
    }
    let at = match ready_at {
        Some(t) => t.min(deadline),
        None if now >= deadline => deadline,
        None => return,
    };
    let waited = (at - turn.from).0 / 1000;
    let left = (turn.grace - waited).max(MIN_GRACE_SECONDS);
    if let Some(k) = &mut w.ctrs[i].kill {
        k.turn = None;
        k.term_at = at;
        k.kill_at = at + Duration::from_secs(left);
    }
}
