//! Probes (`pkg/kubelet/prober`): one worker per container and probe kind, ticking every
//! `periodSeconds` from when the pod was admitted (`worker.run`), skipping until
//! `initialDelaySeconds` after the container started, and flipping its result only after
//! `successThreshold`/`failureThreshold` identical results in a row (`doProbe`).

use super::runtime::Process;
use crate::api::intstr::IntOrString;
use crate::api::pod::{Container, Probe};
use crate::time::{Duration, Time};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Liveness,
    Readiness,
    Startup,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Liveness => "Liveness",
            Kind::Readiness => "Readiness",
            Kind::Startup => "Startup",
        }
    }
}

/// One probe run's outcome.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Success,
    /// `<Kind> probe failed: <output>`.
    Failure(String),
    /// `<Kind> probe errored: <error>` (counts as a failure).
    Error(String),
}

#[derive(Clone, Debug)]
pub struct Worker {
    pub kind: Kind,
    pub probe: Probe,
    /// The next tick.
    pub next: Time,
    last_success: Option<bool>,
    run: i32,
    /// The result the kubelet acts on (`resultsManager`).
    pub success: bool,
    /// Set after a liveness/startup failure until the container is replaced.
    pub on_hold: bool,
    /// The container instance the result belongs to.
    container_id: String,
}

impl Worker {
    pub fn new(kind: Kind, probe: &Probe, admitted: Time) -> Worker {
        Worker {
            kind,
            probe: probe.clone(),
            next: admitted,
            last_success: None,
            run: 0,
            success: kind == Kind::Liveness,
            on_hold: false,
            container_id: String::new(),
        }
    }

    pub fn for_container(c: &Container, admitted: Time) -> Vec<Worker> {
        let mut out = Vec::new();
        if let Some(p) = &c.startup_probe {
            out.push(Worker::new(Kind::Startup, p, admitted));
        }
        if let Some(p) = &c.liveness_probe {
            out.push(Worker::new(Kind::Liveness, p, admitted));
        }
        if let Some(p) = &c.readiness_probe {
            out.push(Worker::new(Kind::Readiness, p, admitted));
        }
        out
    }

    fn period(&self) -> Duration {
        Duration::from_secs(i64::from(self.probe.period_seconds.unwrap_or(10).max(1)))
    }

    /// A new container instance resets the result to the kind's initial value.
    pub fn reset_for(&mut self, container_id: &str) {
        if self.container_id != container_id {
            self.container_id = container_id.to_string();
            self.success = self.kind == Kind::Liveness;
            self.last_success = None;
            self.run = 0;
            self.on_hold = false;
        }
    }

    /// Whether this tick should probe: the container runs, has started (or this is the
    /// startup probe and it has not), and `initialDelaySeconds` have passed since
    /// `startedAt` (whole seconds, as the API stores it).
    pub fn should_probe(&self, started_at: Time, started: bool, now: Time) -> bool {
        if self.on_hold {
            return false;
        }
        match self.kind {
            Kind::Startup if started => return false,
            Kind::Liveness | Kind::Readiness if !started => return false,
            _ => {}
        }
        let elapsed = (now - started_at.truncate_to_seconds()).0 / 1000;
        elapsed >= i64::from(self.probe.initial_delay_seconds.unwrap_or(0))
    }

    /// Moves the ticker past `now`.
    pub fn advance(&mut self, now: Time) {
        let period = self.period();
        while self.next <= now {
            self.next = self.next + period;
        }
    }

    /// Feeds one outcome; returns true when the acted-on result flipped.
    pub fn record(&mut self, outcome: &Outcome) -> bool {
        let ok = *outcome == Outcome::Success;
        if self.last_success == Some(ok) {
            self.run += 1;
        } else {
            self.last_success = Some(ok);
            self.run = 1;
        }
        let threshold = if ok {
            self.probe.success_threshold.unwrap_or(1)
        } else {
            self.probe.failure_threshold.unwrap_or(3)
        };
        if self.run < threshold {
            return false;
        }
        let flipped = self.success != ok;
        self.success = ok;
        if !ok && matches!(self.kind, Kind::Liveness | Kind::Startup) {
            self.on_hold = true;
            self.run = 0;
        }
        flipped
    }
}

fn port_number(port: &IntOrString, c: &Container) -> Option<i32> {
    match port {
        IntOrString::Int(n) => i32::try_from(*n).ok(),
        IntOrString::String(name) => c
            .ports
            .iter()
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .map(|p| p.container_port)
            .or_else(|| name.parse().ok()),
    }
}

/// Runs `probe` against the container's process (`prober.runProbe`).
pub fn run(probe: &Probe, c: &Container, p: &Process, pod_ip: &str, now: Time) -> Outcome {
    let timeout = Duration::from_secs(i64::from(probe.timeout_seconds.unwrap_or(1).max(1)));
    if let Some(h) = &probe.http_get {
        let Some(port) = port_number(&h.port, c) else {
            return Outcome::Error(format!("unable to find port {:?}", h.port));
        };
        let path = h.path.clone().unwrap_or_else(|| "/".into());
        let scheme = h.scheme.as_deref().unwrap_or("HTTP").to_ascii_lowercase();
        let host = h.host.clone().unwrap_or_else(|| pod_ip.to_string());
        return match p.http_get(port, &path, now) {
            Some(code) if (200..400).contains(&code) => Outcome::Success,
            Some(code) => Outcome::Failure(format!("HTTP probe failed with statuscode: {code}")),
            None => Outcome::Failure(format!(
                "Get \"{scheme}://{host}:{port}{path}\": dial tcp {host}:{port}: connect: connection refused"
            )),
        };
    }
    if let Some(t) = &probe.tcp_socket {
        let Some(port) = port_number(&t.port, c) else {
            return Outcome::Error(format!("unable to find port {:?}", t.port));
        };
        return if p.tcp_open(port) {
            Outcome::Success
        } else {
            Outcome::Failure(format!(
                "dial tcp {pod_ip}:{port}: connect: connection refused"
            ))
        };
    }
    if let Some(e) = &probe.exec {
        return match p.exec(&e.command, now, timeout) {
            Ok((0, _)) => Outcome::Success,
            Ok((_, out)) => Outcome::Failure(out),
            Err(err) => Outcome::Error(err),
        };
    }
    Outcome::Error("missing probe handler".into())
}

/// `kubectl describe`'s probe line is the printers'; the event message is ours.
pub fn event_message(kind: Kind, outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Success => None,
        Outcome::Failure(out) => Some(format!("{} probe failed: {}", kind.name(), out.trim())),
        Outcome::Error(err) => Some(format!("{} probe errored: {}", kind.name(), err.trim())),
    }
}
