//! Graceful termination (`kuberuntime_container.go` `killContainer`, `pod_workers.go`):
//! `Killing` events, the preStop hook, SIGTERM, SIGKILL when the grace period ends, the
//! final status with a terminal phase, then the kubelet deletes the pod object.

use super::{Kill, Kubelet, PodWorker};
use crate::api::pod::Pod;
use crate::apiserver::ObjectKey;
use crate::controller::Context;
use crate::record::EventType;
use crate::time::{Duration, Time};

/// `minimumGracePeriodInSeconds`: a container always gets at least 2 s after SIGTERM.
pub const MIN_GRACE_SECONDS: i64 = 2;

impl Kubelet {
    /// Stops a pod that is being deleted; true once it is done and the object removed.
    pub(super) fn terminate(
        &mut self,
        ctx: &mut Context,
        pod: &Pod,
        w: &mut PodWorker,
        now: Time,
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
        if w.ctrs.iter().any(|c| c.running()) {
            self.write_status(ctx, pod, w, now, false);
            return false;
        }
        // Every container has stopped: the last status, with a terminal phase, then the
        // kubelet deletes the pod with grace 0 (`status_manager.go` `canBeDeleted`).
        for c in &mut w.ctrs {
            c.waiting = None;
        }
        self.write_status(ctx, pod, w, now, false);
        self.write_status(ctx, pod, w, now, true);
        let key = ObjectKey::of(pod);
        ctx.api.remove::<Pod>(&key);
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
        let src = self.source();
        for c in &mut w.ctrs {
            let Some(inst) = &c.current else { continue };
            if !inst.process.running() {
                continue;
            }
            let msg = format!("Stopping container {}", c.name());
            ctx.event(
                &src,
                pod,
                Some(c.field_path()),
                EventType::Normal,
                "Killing",
                &msg,
            );
            let limit = Duration::from_secs(grace);
            let hook_end = match c.spec.lifecycle.as_ref().and_then(|l| l.pre_stop.as_ref()) {
                Some(h) if h.exec.is_some() => {
                    let argv = h
                        .exec
                        .as_ref()
                        .map(|e| e.command.clone())
                        .unwrap_or_default();
                    inst.process.hook_end(&argv, now, limit)
                }
                Some(h) => {
                    now + Duration::from_secs(
                        h.sleep.as_ref().map_or(0, |s| s.seconds).clamp(0, grace),
                    )
                }
                None => now,
            };
            let left = (grace - (hook_end - now).0 / 1000).max(MIN_GRACE_SECONDS);
            c.kill = Some(Kill {
                term_at: hook_end,
                termed: false,
                kill_at: hook_end + Duration::from_secs(left),
            });
        }
    }
}
