//! A kubectl session against one cluster: what a terminal next to a real cluster is. It
//! runs command lines, keeps an active `kubectl get -w` printing while time passes, and
//! is the one thing both hosts (the CLI and the widget console) drive.

use crate::kubectl::{self, cmd::get::watch_rows, Files, Invocation, Output, Watch};
use crate::kubectl::{WaitState, Waiter};
use crate::time::{Duration, Time};
use crate::{Cluster, ClusterConfig};

pub struct Session {
    pub cluster: Cluster,
    watch: Option<Box<Watch>>,
    wait: Option<Box<dyn Waiter>>,
    edit: Option<kubectl::cmd::edit::EditRequest>,
}

impl Session {
    pub fn new(config: &ClusterConfig) -> Self {
        Session {
            cluster: Cluster::new(config),
            watch: None,
            wait: None,
            edit: None,
        }
    }

    /// Runs one kubectl command line. Any running watch stops first (as when the reader
    /// presses Ctrl+C to type the next command). Returns kubectl's exit code.
    pub fn kubectl(
        &mut self,
        line: &str,
        stdin: Option<&str>,
        files: &dyn Files,
        out: &mut Output,
    ) -> i32 {
        self.stop_watch();
        let words = match kubectl::parse::split_words(line) {
            Ok(w) => w,
            Err(e) => {
                out.errln(format!("error: {e}"));
                return 1;
            }
        };
        let inv = Invocation { stdin, files };
        let outcome = kubectl::run(&mut self.cluster, &words, &inv, out);
        if let Some(w) = outcome.watch {
            // Changes made before the watch started are already in the listing.
            self.cluster.observe_from_now();
            self.watch = Some(w);
        }
        self.edit = outcome.edit;
        if let Some(w) = outcome.wait {
            self.cluster.observe_from_now();
            self.wait = Some(w);
        }
        outcome.exit_code
    }

    /// Lets `dt` of virtual time pass; an active watch prints a row per change.
    pub fn advance(&mut self, dt: Duration, out: &mut Output) {
        let target = self.cluster.now() + dt;
        self.advance_to(target, out);
    }

    pub fn advance_to(&mut self, target: Time, out: &mut Output) {
        self.cluster.advance_to(target);
        self.flush_watch(out);
    }

    /// Like [`Session::advance_to`], one instant at a time, asking `more()` after each
    /// instant with something due whether to go on. Stops early (leaving the clock at the
    /// last instant run, everything due by then done) when `more()` says no, so a host can
    /// bound the work of one animation frame; returns whether `target` was reached. The
    /// result equals `advance_to` of the instant reached, so a recording stays exact.
    pub fn advance_within(
        &mut self,
        target: Time,
        more: &mut dyn FnMut() -> bool,
        out: &mut Output,
    ) -> bool {
        let mut settled = None;
        let reached = loop {
            let now = self.cluster.now();
            // What a command just changed is an instant of its own (settled once).
            let pending = self.cluster.has_pending_work() && settled != Some(now);
            let next = if pending {
                settled = Some(now);
                Some(now)
            } else {
                self.cluster.next_due()
            };
            match next {
                Some(due) if due <= target => {
                    self.cluster.advance_to(due.max(now));
                    if !more() {
                        break false;
                    }
                }
                _ => {
                    self.cluster.advance_to(target);
                    break true;
                }
            }
        };
        self.flush_watch(out);
        reached
    }

    /// Jumps to the next instant something happens (the widget's "step").
    pub fn step(&mut self, out: &mut Output) -> bool {
        let moved = self.cluster.step();
        self.flush_watch(out);
        moved
    }

    fn flush_watch(&mut self, out: &mut Output) {
        if let Some(w) = &mut self.watch {
            let events = self.cluster.take_observed();
            out.out(watch_rows(w, &events));
        }
        if let Some(mut w) = self.wait.take() {
            let events = self.cluster.take_observed();
            if w.on_events(&mut self.cluster, &events, out) == WaitState::Waiting {
                self.wait = Some(w);
            } else if self.watch.is_none() {
                self.cluster.observe(false);
            }
        }
    }

    /// The edit a `kubectl edit` opened (the host shows `text` in its editor, then calls
    /// [`Session::finish_edit`]); taken once.
    pub fn take_edit(&mut self) -> Option<kubectl::cmd::edit::EditRequest> {
        self.edit.take()
    }

    /// Saves an edited object (the editor's text); prints kubectl's lines, returns its exit
    /// code. On failure nothing is stored and the host keeps the reader's text.
    pub fn finish_edit(
        &mut self,
        request: &kubectl::cmd::edit::EditRequest,
        text: &str,
        out: &mut Output,
    ) -> i32 {
        kubectl::cmd::edit::submit(&mut self.cluster, request, text, out)
    }

    /// Tab completion: the words that may follow `line` (commands, subcommands, resource
    /// types, object names of the typed type, `TYPE/NAME` forms).
    pub fn complete(&self, line: &str) -> Vec<String> {
        kubectl::complete::candidates(&self.cluster, line)
    }

    /// Whether a command is still running (the prompt is busy): `get -w`, `rollout status`,
    /// `drain`, `delete` waiting for its objects to go, `logs -f`. The host drives time
    /// ([`Session::advance`], [`Session::step`]); nothing here blocks.
    pub fn watching(&self) -> bool {
        self.watch.is_some() || self.wait.is_some()
    }

    /// Stops an active watch or waiting `rollout status` (Ctrl+C).
    pub fn stop_watch(&mut self) {
        let had = self.watch.take().is_some() | self.wait.take().is_some();
        if had {
            self.cluster.observe(false);
        }
    }
}
