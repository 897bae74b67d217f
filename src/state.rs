//! The widget's UI state and its reducer. The engine's session lives beside it (in the
//! app); this state holds only what the view shows: the latest snapshot, the clock
//! controls and the console transcript.

use crate::editor_state::{EditorAction, EditorState};
use crate::i18n::{fill, Lang, Msg};
use crate::snapshot::{Panel, Snapshot};
use std::rc::Rc;
use yew::prelude::*;

/// The speeds the faster/slower buttons step through (virtual seconds per real second).
pub const SPEEDS: [f64; 4] = [1.0, 2.0, 10.0, 60.0];

/// How many console lines are kept (older ones scroll away).
const LOG_LIMIT: usize = 400;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogKind {
    Input,
    Stdout,
    Stderr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    pub kind: LogKind,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub lang: Lang,
    pub snapshot: Rc<Snapshot>,
    pub playing: bool,
    pub speed: f64,
    pub log: Vec<LogEntry>,
    pub history: Vec<String>,
    /// The pod whose side panel is open.
    pub selected: Option<String>,
    /// The kubectl panel shown under the picture.
    pub panel: Panel,
    /// The picture drawn as a table instead of boxes.
    pub table: bool,
    /// The latest state changes, for the polite live region.
    pub announcement: String,
    /// The manifest editor (its text survives closing it and resets).
    pub editor: EditorState,
}

pub enum Action {
    Snapshot(Rc<Snapshot>),
    Play,
    Pause,
    Faster,
    Slower,
    /// A command the reader typed (kept for ↑ history) and what it printed.
    Ran {
        line: String,
        output: Vec<LogEntry>,
    },
    /// Output that arrived while time passed (watch rows).
    Printed(Vec<LogEntry>),
    ClearLog,
    /// Back to the start: a fresh snapshot, paused, empty console.
    Reset(Rc<Snapshot>),
    /// Open (or with `None` close) a pod's side panel.
    Select(Option<String>),
    ShowPanel(Panel),
    ShowTable(bool),
    Editor(EditorAction),
}

impl State {
    pub fn new(lang: Lang, speed: f64, snapshot: Snapshot) -> Self {
        State {
            lang,
            snapshot: Rc::new(snapshot),
            playing: false,
            speed,
            log: Vec::new(),
            history: Vec::new(),
            selected: None,
            panel: Panel::ReplicaSets,
            table: false,
            announcement: String::new(),
            editor: EditorState::default(),
        }
    }

    fn push_log(&mut self, entries: Vec<LogEntry>) {
        self.log.extend(entries);
        if self.log.len() > LOG_LIMIT {
            let cut = self.log.len() - LOG_LIMIT;
            self.log.drain(..cut);
        }
    }
}

/// The next speed up or down from `current` (keeps a custom `data-speed` reachable).
pub fn step_speed(current: f64, faster: bool) -> f64 {
    if faster {
        SPEEDS
            .iter()
            .copied()
            .find(|s| *s > current)
            .unwrap_or(current)
    } else {
        SPEEDS
            .iter()
            .rev()
            .copied()
            .find(|s| *s < current)
            .unwrap_or(current)
    }
}

/// `pairs` as a map sorted by name, the last value of a repeated name winning (as a collected
/// `BTreeMap` would): a sorted `Vec` and the engine's one sort keep two more copies of the
/// BTreeMap code out of the wasm bundle (issue #9).
fn by_name<V>(mut pairs: Vec<(&str, V)>) -> Vec<(&str, V)> {
    paperkube_engine::sort::stable_by(&mut pairs, |a, b| a.0.cmp(b.0));
    let mut out: Vec<(&str, V)> = Vec::with_capacity(pairs.len());
    for p in pairs {
        if out.last().is_some_and(|l| l.0 == p.0) {
            out.pop();
        }
        out.push(p);
    }
    out
}

/// The value for `name` in a [`by_name`] map.
fn lookup<'a, V>(map: &'a [(&str, V)], name: &str) -> Option<&'a V> {
    map.binary_search_by(|e| e.0.cmp(name))
        .ok()
        .map(|i| &map[i].1)
}

/// How many changes one announcement names (the rest are in the picture and the table).
const ANNOUNCE_LIMIT: usize = 3;

/// What changed between two snapshots, in words: `pod web-…: CrashLoopBackOff, restart 3`.
pub fn announce(lang: Lang, old: &Snapshot, new: &Snapshot) -> String {
    let before = by_name(
        old.all_pods()
            .map(|p| (p.name.as_str(), (p.status.as_str(), p.restarts.as_str())))
            .collect(),
    );
    let mut lines: Vec<String> = Vec::new();
    for p in new.all_pods() {
        match lookup(&before, &p.name) {
            None => lines.push(fill(Msg::AnnounceNew.text(lang), &[&p.name, &p.status])),
            Some((status, restarts)) if *status != p.status || *restarts != p.restarts => {
                let count = p.restarts.split(' ').next().unwrap_or("0");
                lines.push(fill(
                    Msg::AnnouncePod.text(lang),
                    &[&p.name, &p.status, &count],
                ))
            }
            Some(_) => {}
        }
    }
    let now = by_name(new.all_pods().map(|p| (p.name.as_str(), ())).collect());
    for (name, _) in before.iter().filter(|(n, _)| lookup(&now, n).is_none()) {
        lines.push(fill(Msg::AnnounceGone.text(lang), &[name]));
    }
    let more = lines.len().saturating_sub(ANNOUNCE_LIMIT);
    lines.truncate(ANNOUNCE_LIMIT);
    if more > 0 {
        lines.push(format!("(+{more})"));
    }
    lines.join("; ")
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Snapshot(snap) => {
                let said = announce(s.lang, &s.snapshot, &snap);
                if !said.is_empty() {
                    s.announcement = said;
                }
                if s.selected.is_some() && snap.detail.is_none() {
                    // The selected pod is gone: its panel closes.
                    s.selected = None;
                }
                s.snapshot = snap;
            }
            Action::Select(name) => s.selected = name,
            Action::ShowPanel(panel) => s.panel = panel,
            Action::ShowTable(on) => s.table = on,
            Action::Editor(a) => s.editor.reduce(a),
            Action::Play => s.playing = true,
            Action::Pause => s.playing = false,
            Action::Faster => s.speed = step_speed(s.speed, true),
            Action::Slower => s.speed = step_speed(s.speed, false),
            Action::Ran { line, output } => {
                if s.history.last() != Some(&line) {
                    s.history.push(line.clone());
                }
                let mut entries = vec![LogEntry {
                    kind: LogKind::Input,
                    text: line,
                }];
                entries.extend(output);
                s.push_log(entries);
            }
            Action::Printed(output) => s.push_log(output),
            Action::ClearLog => s.log.clear(),
            Action::Reset(snap) => {
                s.snapshot = snap;
                s.playing = false;
                s.log.clear();
                s.selected = None;
                s.announcement.clear();
                // The edited object is gone; the reader's manifest stays.
                s.editor.reduce(EditorAction::EndEdit);
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_step_through_the_list() {
        assert_eq!(step_speed(1.0, true), 2.0);
        assert_eq!(step_speed(60.0, true), 60.0);
        assert_eq!(step_speed(5.0, true), 10.0);
        assert_eq!(step_speed(5.0, false), 2.0);
        assert_eq!(step_speed(1.0, false), 1.0);
    }
}
