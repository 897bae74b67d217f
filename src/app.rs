//! The widget: one engine session, one clock, and the views of its snapshots.

use crate::console::Console;
use crate::deployment_view::DeploymentCard;
use crate::i18n::Msg;
use crate::kubectl_panel::KubectlPanel;
use crate::mount::Config;
use crate::pod_box::PodBox;
use crate::replicaset_lane::ReplicaSetLane;
use crate::snapshot::Snapshot;
use crate::state::{Action, LogEntry, LogKind, State};
use crate::time_controls::{Control, TimeControls};
use paperkube_engine::kubectl::{NoFiles, Output, Stream};
use paperkube_engine::time::Duration;
use paperkube_engine::{ClusterConfig, Session};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The namespace the widget draws.
const NAMESPACE: &str = "default";

/// Real milliseconds between clock ticks while playing.
const TICK_MS: u32 = 100;

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

fn new_session(config: &Config) -> Session {
    Session::new(&cluster_config(config))
}

fn snapshot(session: &Session, config: &Config) -> Snapshot {
    Snapshot::take(&session.cluster, NAMESPACE, cluster_config(config).start)
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

#[function_component(App)]
pub fn app(props: &Props) -> Html {
    let config = props.config.clone();
    let session: Rc<RefCell<Session>> = use_mut_ref({
        let config = config.clone();
        move || new_session(&config)
    });
    let state = use_reducer({
        let (session, config) = (session.clone(), config.clone());
        move || {
            State::new(
                config.lang,
                config.speed,
                snapshot(&session.borrow(), &config),
            )
        }
    });

    use_clock(&state, &session, &config);

    let on_command = {
        let (state, session, config) = (state.clone(), session.clone(), config.clone());
        Callback::from(move |line: String| {
            let mut out = Output::default();
            let mut s = session.borrow_mut();
            s.kubectl(&line, None, &NoFiles, &mut out);
            state.dispatch(Action::Ran {
                line,
                output: log_entries(&out),
            });
            state.dispatch(Action::Snapshot(Rc::new(snapshot(&s, &config))));
        })
    };
    let on_interrupt = {
        let session = session.clone();
        Callback::from(move |_| session.borrow_mut().stop_watch())
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ClearLog))
    };
    let on_control = {
        let (state, session, config) = (state.clone(), session.clone(), config.clone());
        Callback::from(move |c: Control| match c {
            Control::Play => state.dispatch(Action::Play),
            Control::Pause => state.dispatch(Action::Pause),
            Control::Faster => state.dispatch(Action::Faster),
            Control::Slower => state.dispatch(Action::Slower),
            Control::Step => {
                let mut out = Output::default();
                let mut s = session.borrow_mut();
                s.step(&mut out);
                state.dispatch(Action::Printed(log_entries(&out)));
                state.dispatch(Action::Snapshot(Rc::new(snapshot(&s, &config))));
            }
            Control::Reset => {
                let fresh = new_session(&config);
                let snap = Rc::new(snapshot(&fresh, &config));
                *session.borrow_mut() = fresh;
                state.dispatch(Action::Reset(snap));
            }
        })
    };

    let lang = state.lang;
    let snap = state.snapshot.clone();
    let empty = snap.deployments.is_empty() && snap.replicasets.is_empty() && snap.pods.is_empty();
    html! {
        <section class="pk-root" lang={lang.code()} aria-label={Msg::Widget.text(lang)}>
            <TimeControls lang={lang} playing={state.playing} speed={state.speed}
                elapsed_ms={snap.elapsed_ms} has_next={snap.has_next} on_control={on_control} />
            <div class="pk-stage" aria-label={Msg::Cluster.text(lang)}>
                if empty {
                    <p class="pk-empty">{ Msg::EmptyCluster.text(lang) }</p>
                }
                { for snap.deployments.iter().map(|d| html! { <DeploymentCard key={d.name.clone()} lang={lang} deployment={d.clone()} /> }) }
                { for snap.replicasets.iter().map(|rs| html! { <ReplicaSetLane key={rs.name.clone()} lang={lang} lane={rs.clone()} /> }) }
                if !snap.pods.is_empty() {
                    <div class="pk-standalone">
                        <h3 class="pk-subtitle">{ Msg::StandalonePods.text(lang) }</h3>
                        <ul class="pk-pods">
                            { for snap.pods.iter().map(|p| html! { <PodBox key={p.name.clone()} pod={p.clone()} /> }) }
                        </ul>
                    </div>
                }
            </div>
            <KubectlPanel lang={lang} text={snap.get_pods.clone()} />
            <Console lang={lang} log={state.log.clone()} history={state.history.clone()}
                on_command={on_command} on_interrupt={on_interrupt} on_clear={on_clear} />
        </section>
    }
}

/// While playing, advances the session every tick by real elapsed time × speed and
/// publishes a snapshot; nothing runs while paused.
#[hook]
fn use_clock(state: &UseReducerHandle<State>, session: &Rc<RefCell<Session>>, config: &Config) {
    let deps = (state.playing, state.speed.to_bits());
    let (state, session, config) = (state.clone(), session.clone(), config.clone());
    use_effect_with(deps, move |&(playing, speed_bits)| {
        let interval = playing.then(|| {
            let speed = f64::from_bits(speed_bits);
            let last = Rc::new(RefCell::new(js_sys::Date::now()));
            gloo_timers::callback::Interval::new(TICK_MS, move || {
                let now = js_sys::Date::now();
                // A throttled background tab must not jump minutes at once.
                let real_ms = (now - *last.borrow()).clamp(0.0, 1000.0);
                *last.borrow_mut() = now;
                let dt = Duration::from_millis((real_ms * speed).round() as i64);
                let mut out = Output::default();
                let mut s = session.borrow_mut();
                s.advance(dt, &mut out);
                if !out.chunks.is_empty() {
                    state.dispatch(Action::Printed(log_entries(&out)));
                }
                state.dispatch(Action::Snapshot(Rc::new(snapshot(&s, &config))));
            })
        });
        move || drop(interval)
    });
}
