//! The widget: one engine session, one clock, and the views of its snapshots.

use crate::actions::{with_strategy, Actions, Command};
use crate::console::Console;
use crate::deployment_view::DeploymentCard;
use crate::editor::{Editor, EditorEvent};
use crate::editor_locate::diagnose;
use crate::editor_state::{EditSession, EditorAction};
use crate::embed::Shared;
use crate::guide::{Guide, Probe};
use crate::i18n::Msg;
use crate::kubectl_panel::{KubectlPanel, WatchLog};
use crate::mount::Config;
use crate::pod_box::Progress;
use crate::pod_panel::PodPanel;
use crate::replay::{Op, Recorder};
use crate::replicaset_lane::{pod_list, ReplicaSetLane};
use crate::snapshot::{Focus, Panel, Snapshot};
use crate::state::{Action, LogEntry, LogKind, State};
use crate::table_view::{NodeStrip, TableView};
use crate::time_controls::{Control, TimeControls};
use paperkube_engine::kubectl::{NoFiles, Output, Stream};
use paperkube_engine::time::Duration;
use paperkube_engine::{Cluster, ClusterConfig, Session};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The namespace the widget draws.
const NAMESPACE: &str = "default";

/// Real milliseconds between clock ticks while playing.
const TICK_MS: u32 = 100;

/// Real milliseconds of engine work one tick may start (see `Session::advance_within`).
const WORK_MS: f64 = 8.0;

#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    pub config: Config,
}

fn cluster_config(config: &Config) -> ClusterConfig {
    ClusterConfig {
        seed: config.seed,
        ..ClusterConfig::default()
    }
}

fn snapshot(session: &Session, config: &Config, focus: &Focus) -> Snapshot {
    Snapshot::take_focused(
        &session.cluster,
        NAMESPACE,
        cluster_config(config).start,
        focus,
    )
}

/// How callbacks change the UI state: unlike the state's handle, it stays the same object
/// across renders, so a callback holding it can be made once.
type Dispatch = UseReducerDispatcher<State>;

/// The session, the config and what the reader focuses on: all a snapshot needs.
#[derive(Clone)]
struct Engine {
    session: Rc<RefCell<Recorder>>,
    focus: Rc<RefCell<Focus>>,
    config: Config,
    /// The `kubectl get pods -w` panel's watch (kubectl_panel.rs).
    pods_watch: Rc<RefCell<WatchLog>>,
    /// What the last snapshot was drawn from, when only that can change it.
    drawn: Rc<RefCell<Option<Stamp>>>,
}

/// A snapshot's inputs at the resolution it draws them. Objects change only with the
/// resourceVersion; printed times (AGE, `(5s ago)`, the clock) only with the whole second,
/// since the server stamps whole seconds. Countdown bars move finer than that, and events
/// may carry a finer `eventTime`: a snapshot that draws either gets no stamp.
#[derive(Clone, Debug, PartialEq)]
struct Stamp {
    resource_version: u64,
    second: i64,
    has_next: bool,
    focus: Focus,
}

impl Stamp {
    /// The stamp of `snap`, just taken of `cluster` with `focus`.
    fn of(snap: &Snapshot, cluster: &Cluster, focus: &Focus) -> Option<Stamp> {
        let timeless = focus.selected.is_none()
            && focus.panel != Panel::Events
            && snap.all_pods().all(|p| p.countdown.is_none());
        timeless.then(|| Stamp::now(cluster, focus))
    }
    /// What a snapshot of `cluster` with `focus` would be stamped now.
    fn now(cluster: &Cluster, focus: &Focus) -> Stamp {
        Stamp {
            resource_version: cluster.api.resource_version(),
            second: cluster.now().unix_seconds(),
            has_next: cluster.has_pending_work() || cluster.next_due().is_some(),
            focus: focus.clone(),
        }
    }
}

impl Engine {
    fn snapshot(&self) -> Rc<Snapshot> {
        Rc::new(self.take())
    }
    fn take(&self) -> Snapshot {
        let watch = self
            .pods_watch
            .borrow_mut()
            .feed(&mut self.session.borrow_mut().cluster);
        let session = self.session.borrow();
        let focus = self.focus.borrow();
        let mut snap = snapshot(&session, &self.config, &focus);
        snap.get_pods_w = watch;
        *self.drawn.borrow_mut() = Stamp::of(&snap, &session.cluster, &focus);
        snap
    }
    /// Publishes a fresh snapshot (after a command, a step, a change of focus).
    fn refresh(&self, dispatch: &Dispatch) {
        dispatch.dispatch(Action::Snapshot(self.snapshot()));
        crate::embed::touched(&self.session);
    }
    /// After a clock tick: publishes a snapshot unless it would draw the last one again
    /// (at 1x, nine ticks in ten while nothing happens).
    fn tick(&self, dispatch: &Dispatch) {
        let same = self.drawn.borrow().as_ref().is_some_and(|drawn| {
            *drawn == Stamp::now(&self.session.borrow().cluster, &self.focus.borrow())
        });
        if same {
            crate::embed::touched(&self.session);
        } else {
            self.refresh(dispatch);
        }
    }
}

/// The console lines a command shows: the line, and a heredoc body as a terminal shows it.
fn echoed(line: &str, stdin: Option<&str>) -> String {
    match stdin {
        Some(body) => format!("{line} <<EOF\n{}EOF", body),
        None => line.to_string(),
    }
}

/// Turns engine output into console log entries, one per line.
pub fn log_entries(out: &Output) -> Vec<LogEntry> {
    out.chunks
        .iter()
        .flat_map(|(stream, text)| {
            let kind = match stream {
                Stream::Stdout => LogKind::Stdout,
                Stream::Stderr => LogKind::Stderr,
            };
            text.lines().map(move |l| LogEntry {
                kind,
                text: l.to_string(),
            })
        })
        .collect()
}

/// Runs a kubectl line through the session as the console does (echo, output, snapshot);
/// a `kubectl edit` opens the editor on the object. Returns kubectl's exit code and output.
fn run_kubectl(
    engine: &Engine,
    dispatch: &Dispatch,
    line: &str,
    stdin: Option<&str>,
) -> (i32, Output) {
    let mut out = Output::default();
    let (code, edit) = {
        let mut session = engine.session.borrow_mut();
        let code = session.kubectl(line, stdin, &NoFiles, &mut out);
        (code, session.take_edit())
    };
    dispatch.dispatch(Action::Ran {
        line: echoed(line, stdin),
        output: log_entries(&out),
    });
    if let Some(request) = edit {
        let line = line.to_string();
        dispatch.dispatch(Action::Editor(EditorAction::BeginEdit(EditSession {
            request,
            line,
        })));
    }
    engine.refresh(dispatch);
    (code, out)
}

/// What the editor's Apply, Save and Cancel do: `kubectl apply -f -` with the text, or
/// finishing the `kubectl edit` (a saved edit is recorded as the heredoc form, so a reload
/// or share link replays it); the first error goes back to the editor.
fn on_editor_event(engine: &Engine, state: &UseReducerHandle<State>, event: EditorEvent) {
    let stderr = |out: &Output| {
        out.chunks
            .iter()
            .filter(|(s, _)| *s == Stream::Stderr)
            .map(|(_, t)| t.as_str())
            .collect::<String>()
    };
    let editor = |a: EditorAction| state.dispatch(Action::Editor(a));
    match event {
        EditorEvent::Open(open) => editor(EditorAction::Open(open)),
        EditorEvent::Input(text) => editor(EditorAction::Input(text)),
        EditorEvent::Template(id) => editor(EditorAction::Template(id)),
        EditorEvent::RestoreDraft => editor(EditorAction::RestoreDraft),
        EditorEvent::Apply(mut text) => {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            let (code, out) = run_kubectl(
                engine,
                &state.dispatcher(),
                "kubectl apply -f -",
                Some(&text),
            );
            editor(EditorAction::Result(diagnose(&text, code, &stderr(&out))));
        }
        EditorEvent::Save(_) | EditorEvent::Cancel => {
            let Some(edit) = state.editor.edit.clone() else {
                return;
            };
            let text = match event {
                EditorEvent::Save(text) => text,
                _ => edit.request.text.clone(),
            };
            let mut out = Output::default();
            let code = {
                let mut rec = engine.session.borrow_mut();
                let code = rec.finish_edit(&edit.request, &text, &mut out);
                if code == 0 && out.text().contains(" edited\n") {
                    rec.ops.push(Op::Kubectl {
                        l: edit.line.clone(),
                        i: Some(text.clone()),
                    });
                }
                code
            };
            state.dispatch(Action::Printed(log_entries(&out)));
            if code == 0 {
                editor(EditorAction::EndEdit);
            } else {
                editor(EditorAction::Result(diagnose(&text, code, &stderr(&out))));
            }
            engine.refresh(&state.dispatcher());
        }
    }
}

/// The state as last rendered: the editor's Save and Cancel read the edit in progress from
/// it, so that their callback, too, can be made once.
type Latest = Rc<RefCell<UseReducerHandle<State>>>;

/// The app's callbacks that children hold (see `use_memo` in [`app`]).
#[derive(Clone)]
struct Handlers {
    on_command: Callback<String>,
    on_run: Callback<Command>,
    on_complete: Callback<String, Vec<String>>,
    on_interrupt: Callback<()>,
    on_clear: Callback<()>,
    on_select: Callback<String>,
    on_close: Callback<()>,
    on_panel: Callback<Panel>,
    on_guide: Callback<Probe, bool>,
    on_control: Callback<Control>,
    on_editor: Callback<EditorEvent>,
}

impl Handlers {
    fn new(engine: &Engine, dispatch: &Dispatch, latest: &Latest) -> Handlers {
        let (e, d) = (engine.clone(), dispatch.clone());
        let on_command = Callback::from(move |line: String| {
            run_kubectl(&e, &d, &line, None);
        });
        let e = engine.clone();
        let on_complete = Callback::from(move |line: String| e.session.borrow().complete(&line));
        let e = engine.clone();
        let on_interrupt = Callback::from(move |_| e.session.borrow_mut().stop_watch());
        let d = dispatch.clone();
        let on_clear = Callback::from(move |_| d.dispatch(Action::ClearLog));
        Handlers {
            on_command,
            on_run: on_run(engine, dispatch),
            on_complete,
            on_interrupt,
            on_clear,
            on_select: on_focus(engine, dispatch, |focus, name: String| {
                let again = focus.selected.as_deref() == Some(name.as_str());
                focus.selected = (!again).then_some(name);
                Action::Select(focus.selected.clone())
            }),
            on_close: on_focus(engine, dispatch, |focus, ()| {
                focus.selected = None;
                Action::Select(None)
            }),
            on_panel: on_focus(engine, dispatch, |focus, panel: Panel| {
                focus.panel = panel;
                Action::ShowPanel(panel)
            }),
            on_guide: on_guide(engine, dispatch),
            on_control: on_control(engine, dispatch),
            on_editor: {
                let (engine, latest) = (engine.clone(), latest.clone());
                Callback::from(move |event: EditorEvent| {
                    // Cloned out first: the dispatches below may render, which updates it.
                    let state = latest.borrow().clone();
                    on_editor_event(&engine, &state, event)
                })
            },
        }
    }
}

/// What the action buttons run: kubectl lines, a strategy change, a node's power.
fn on_run(engine: &Engine, dispatch: &Dispatch) -> Callback<Command> {
    let (engine, dispatch) = (engine.clone(), dispatch.clone());
    let run_line = {
        let (engine, dispatch) = (engine.clone(), dispatch.clone());
        move |line: String, stdin: Option<String>| {
            run_kubectl(&engine, &dispatch, &line, stdin.as_deref());
        }
    };
    Callback::from(move |cmd: Command| match cmd {
        Command::Kubectl { line, stdin } => run_line(line, stdin),
        Command::Strategy { name, strategy } => {
            // What a reader does without `kubectl patch`: get -o json, edit, apply.
            let mut out = Output::default();
            engine.session.borrow_mut().kubectl(
                &format!("kubectl get deployment {name} -o json"),
                None,
                &NoFiles,
                &mut out,
            );
            match with_strategy(&out.text(), &strategy) {
                Some(manifest) => run_line("kubectl apply -f -".into(), Some(manifest)),
                None => run_line(format!("kubectl get deployment {name}"), None),
            }
        }
        Command::PowerOff(ref node) | Command::PowerOn(ref node) => {
            let on = matches!(cmd, Command::PowerOn(_));
            // Through the recorder (embedding), so a reload or a share link replays it.
            let result = engine.session.borrow_mut().power(node, on);
            let text = match result {
                Ok(()) => format!("# {node}: power {}", if on { "on" } else { "off" }),
                Err(e) => e,
            };
            dispatch.dispatch(Action::Printed(vec![LogEntry {
                kind: LogKind::Input,
                text,
            }]));
            engine.refresh(&dispatch);
        }
    })
}

/// A change of what the reader looks at: `change` updates the focus and says what the UI
/// state does; a snapshot for the new focus follows.
fn on_focus<T: 'static>(
    engine: &Engine,
    dispatch: &Dispatch,
    change: impl Fn(&mut Focus, T) -> Action + 'static,
) -> Callback<T> {
    let (engine, dispatch) = (engine.clone(), dispatch.clone());
    Callback::from(move |value: T| {
        let action = change(&mut engine.focus.borrow_mut(), value);
        dispatch.dispatch(action);
        engine.refresh(&dispatch);
    })
}

/// Scenario guide hook (issue 10): the guide reads its checks and presses its buttons
/// through this; when that changed the cluster, a snapshot follows.
fn on_guide(engine: &Engine, dispatch: &Dispatch) -> Callback<Probe, bool> {
    let (engine, dispatch) = (engine.clone(), dispatch.clone());
    Callback::from(move |probe: Probe| {
        let changed = {
            let Ok(mut s) = engine.session.try_borrow_mut() else {
                return false;
            };
            (probe.0)(&mut s.cluster)
        };
        if changed {
            engine.refresh(&dispatch);
        }
        changed
    })
}

/// The time controls.
fn on_control(engine: &Engine, dispatch: &Dispatch) -> Callback<Control> {
    let (engine, dispatch) = (engine.clone(), dispatch.clone());
    Callback::from(move |c: Control| match c {
        Control::Play => dispatch.dispatch(Action::Play),
        Control::Pause => dispatch.dispatch(Action::Pause),
        Control::Faster => dispatch.dispatch(Action::Faster),
        Control::Slower => dispatch.dispatch(Action::Slower),
        Control::Step => {
            let mut out = Output::default();
            engine.session.borrow_mut().step(&mut out);
            dispatch.dispatch(Action::Printed(log_entries(&out)));
            engine.refresh(&dispatch);
        }
        Control::Reset => {
            // Embedding: back to the widget's base (scenario start, then inline script).
            let mut out = Output::default();
            *engine.session.borrow_mut() = Recorder::fresh(&engine.config, &mut out);
            engine.focus.borrow_mut().selected = None;
            dispatch.dispatch(Action::Reset(engine.snapshot()));
            dispatch.dispatch(Action::Printed(log_entries(&out)));
            crate::embed::touched(&engine.session);
        }
    })
}

#[function_component(App)]
pub fn app(props: &Props) -> Html {
    let config = props.config.clone();
    // Embedding hook (src/embed.rs): the session may come restored (storage, share link) in
    // `config.session`, else a fresh one (`Recorder::fresh` runs the scenario's start script,
    // then the widget's inline script). A `Recorder` is driven exactly like a `Session` and
    // remembers what was done, for reloads and share links.
    let shared = use_state(|| {
        config
            .session
            .clone()
            .unwrap_or_else(|| Shared::fresh(&config))
    });
    let session: Rc<RefCell<Recorder>> = shared.0.clone();
    // Scenario hook (issue 10): its `panels` may open the Events tab or a Pod's panel.
    let focus: Rc<RefCell<Focus>> =
        use_mut_ref(|| crate::scenarios::opening(&config, &session.borrow().cluster));
    let engine = Engine {
        session,
        focus,
        config: config.clone(),
        pods_watch: use_mut_ref(WatchLog::default),
        drawn: use_mut_ref(|| None),
    };
    let state = use_reducer({
        let engine = engine.clone();
        move || {
            let mut state = State::new(config.lang, config.speed, engine.take());
            // Embedding: a restored cluster keeps its console transcript and ↑ history.
            state.log = (*config.initial_log).clone();
            state.history = engine.session.borrow().history();
            let focus = engine.focus.borrow();
            (state.selected, state.panel) = (focus.selected.clone(), focus.panel);
            state
        }
    });

    use_clock(&state, &engine, config.active);

    // Made once per config: children compare their props, and a callback made anew each tick
    // would differ every time, so every pod box would be drawn again on every tick.
    let latest: Latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    let handlers = use_memo(props.config.clone(), {
        let (engine, dispatch) = (engine.clone(), state.dispatcher());
        move |_| Handlers::new(&engine, &dispatch, &latest)
    });
    let Handlers {
        on_command,
        on_run,
        on_complete,
        on_interrupt,
        on_clear,
        on_select,
        on_close,
        on_panel,
        on_guide,
        on_control,
        on_editor,
    } = (*handlers).clone();
    let on_view = |table: bool| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ShowTable(table)))
    };
    let lang = state.lang;
    let snap = state.snapshot.clone();
    let now = snap.now;
    let selected = state.selected.clone();
    let empty = snap.deployments.is_empty() && snap.replicasets.is_empty() && snap.pods.is_empty();
    let selected_pod = snap.detail.as_ref().map(|d| d.pod.clone());
    // Scenario guide hook (issue 10).
    let guide = config.guide.clone().map(|guide| match guide {
        Ok(scenario) => html! {
            <Guide scenario={scenario} lang={lang} probe={on_guide.clone()} id={config.id.clone()}
                persist={config.persist} on_run={on_run.clone()}
                tick={Rc::as_ptr(&snap) as usize}
                history={Rc::new(state.history.clone())} />
        },
        Err(invalid) => crate::guide::invalid(&invalid, lang),
    });
    // Embedding: `data-controls` picks the panels (the cluster picture is always drawn).
    let shown = config.controls;
    html! {
        <section class="pk-root" lang={lang.code()} aria-label={Msg::Widget.text(lang)}>
            if shown.time {
                <TimeControls lang={lang} playing={state.playing} speed={state.speed}
                    elapsed_ms={snap.elapsed_ms} has_next={snap.has_next} on_control={on_control} />
            }
            <div class={classes!("pk-main", snap.detail.is_some().then_some("pk-main-with-side"))}>
                <div class="pk-stage" aria-label={Msg::Cluster.text(lang)} role="region">
                    <div class="pk-stage-bar">
                        <NodeStrip lang={lang} nodes={snap.nodes.clone()} />
                        <div class="pk-view-toggle" role="group" aria-label={Msg::ViewAs.text(lang)}>
                            <button type="button" class="pk-btn" data-action="view-picture" aria-pressed={(!state.table).to_string()} onclick={on_view(false)}>{ Msg::Picture.text(lang) }</button>
                            <button type="button" class="pk-btn" data-action="view-table" aria-pressed={state.table.to_string()} onclick={on_view(true)}>{ Msg::Table.text(lang) }</button>
                        </div>
                    </div>
                    if empty {
                        <p class="pk-empty">{ Msg::EmptyCluster.text(lang) }</p>
                    } else if state.table {
                        <TableView lang={lang} snapshot={snap.clone()} on_select={on_select.clone()} />
                    } else {
                        { for snap.deployments.iter().map(|d| html! {
                            <DeploymentCard key={d.name.clone()} lang={lang} deployment={d.clone()} now={now}
                                selected={selected.clone()} on_select={on_select.clone()} />
                        }) }
                        { for snap.replicasets.iter().map(|rs| html! {
                            <ReplicaSetLane key={rs.name.clone()} lang={lang} lane={rs.clone()} now={now}
                                selected={selected.clone()} on_select={on_select.clone()} />
                        }) }
                        if !snap.pods.is_empty() {
                            <div class="pk-standalone">
                                <h3 class="pk-subtitle">{ Msg::StandalonePods.text(lang) }</h3>
                                { pod_list(lang, &snap.pods, now, &selected, &on_select) }
                            </div>
                        }
                        <p class="pk-hint">{ Msg::SelectHint.text(lang) }</p>
                    }
                </div>
                if let Some(detail) = snap.detail.clone() {
                    <PodPanel lang={lang} progress={Progress::of(&detail.pod, now)} detail={detail} on_close={on_close} />
                }
            </div>
            { for guide }
            if shown.actions {
                <Actions lang={lang} deployments={snap.deployments.clone()} nodes={snap.nodes.clone()}
                    selected={selected_pod} on_run={on_run} />
            }
            if shown.pods {
                <KubectlPanel lang={lang} pods={snap.get_pods.clone()} pods_watch={snap.get_pods_w.clone()} panel={state.panel}
                    text={snap.text_of(state.panel).to_string()} on_panel={on_panel} />
            }
            if shown.console {
                <Editor lang={lang} editor={state.editor.clone()} on_event={on_editor} />
            }
            if shown.console {
                <Console lang={lang} log={state.log.clone()} history={state.history.clone()}
                    on_command={on_command} on_interrupt={on_interrupt} on_clear={on_clear}
                    on_complete={on_complete} />
            }
            <div class="pk-sr-only" role="status" aria-live="polite" aria-atomic="true" data-live="announcements">
                { &state.announcement }
            </div>
        </section>
    }
}

/// While playing, advances the session every tick by real elapsed time × speed and
/// publishes a snapshot; nothing runs while paused — nor, for the embedding, while `active`
/// is false (off-screen, hidden tab).
#[hook]
fn use_clock(state: &UseReducerHandle<State>, engine: &Engine, active: bool) {
    let deps = (state.playing && active, state.speed.to_bits());
    let (state, engine) = (state.clone(), engine.clone());
    use_effect_with(deps, move |&(playing, speed_bits)| {
        let interval = playing.then(|| {
            let speed = f64::from_bits(speed_bits);
            let last = Rc::new(RefCell::new(js_sys::Date::now()));
            gloo_timers::callback::Interval::new(TICK_MS, move || {
                // Embedding: after a panic (release aborts) this instance touches nothing.
                if crate::embed::halted() {
                    return;
                }
                let now = js_sys::Date::now();
                // A throttled background tab must not jump minutes at once.
                let real_ms = (now - *last.borrow()).clamp(0.0, 1000.0);
                *last.borrow_mut() = now;
                let dt = Duration::from_millis((real_ms * speed).round() as i64);
                let mut out = Output::default();
                // A frame's worth of engine work at most: when many instants fall in one
                // tick (a rollout at 60×), the clock slows down instead of dropping frames.
                let mut more = || js_sys::Date::now() - now < WORK_MS;
                let mut session = engine.session.borrow_mut();
                let target = session.session.cluster.now() + dt;
                session.advance_within(target, &mut more, &mut out);
                drop(session);
                if !out.chunks.is_empty() {
                    state.dispatch(Action::Printed(log_entries(&out)));
                }
                engine.tick(&state.dispatcher());
            })
        });
        move || drop(interval)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Within one stamp, a snapshot draws exactly what the last one drew.
    #[test]
    fn a_snapshot_with_the_same_stamp_draws_the_same() {
        let mut s = Session::new(&ClusterConfig::default());
        let mut out = Output::default();
        let line = "kubectl create deployment web --image=nginx:1.25.3 --replicas=3";
        s.kubectl(line, None, &NoFiles, &mut out);
        let focus = Focus::default();
        let start = ClusterConfig::default().start;
        let (mut same, mut stamped) = (0, 0);
        let mut last: Option<(Stamp, Snapshot)> = None;
        for _ in 0..400 {
            s.advance(Duration::from_millis(150), &mut out);
            let mut snap = Snapshot::take_focused(&s.cluster, NAMESPACE, start, &focus);
            let stamp = Stamp::of(&snap, &s.cluster, &focus);
            if let (Some((was, before)), Some(now)) = (&last, &stamp) {
                if was == now {
                    (snap.now, snap.elapsed_ms) = (before.now, before.elapsed_ms);
                    assert_eq!(&snap, before, "at {}", s.cluster.now().rfc3339());
                    same += 1;
                }
            }
            stamped += usize::from(stamp.is_some());
            last = stamp.map(|st| (st, snap));
        }
        assert!(
            same > 100 && stamped > same,
            "{same} skipped of {stamped} stamped"
        );
    }
}
