//! The step-by-step guide beside the cluster: a scenario's title and intro, its steps (what
//! to do, why, a hint after a try that did not pass), and a summary at the end. Each step is
//! checked against the engine's state (engine/src/scenario.rs), never against the text typed.
//! Progress is kept in the browser's storage (keyed by page, widget and scenario); corrupt or
//! stale entries are ignored. An inline scenario that does not parse shows why instead.

use crate::i18n::Lang;
use paperkube_engine::scenario::{self, Action, Progress, Scenario};
use paperkube_engine::Cluster;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Work on the cluster the guide asks the app to do; it returns whether the cluster changed
/// (the app then publishes a snapshot).
pub struct Probe(pub Box<dyn FnOnce(&mut Cluster) -> bool>);

/// The guide's own words (the scenario's words are in its file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    Guide,
    StepOf,
    Why,
    Hint,
    Next,
    Done,
    Summary,
    Again,
    PowerOff,
    PowerOn,
    Type,
    Invalid,
    Line,
}

fn word(w: Word, lang: Lang) -> &'static str {
    let (ko, en) = match w {
        Word::Guide => ("실습 가이드", "Guide"),
        Word::StepOf => ("단계", "Step"),
        Word::Why => ("왜 하나요?", "Why?"),
        Word::Hint => ("힌트", "Hint"),
        Word::Next => ("다음", "Next"),
        Word::Done => ("완료", "done"),
        Word::Summary => ("정리", "Summary"),
        Word::Again => (
            "처음부터 다시 하려면 초기화 버튼을 누르세요.",
            "Press Reset to start over.",
        ),
        Word::PowerOff => ("전원 끄기", "Power off"),
        Word::PowerOn => ("전원 켜기", "Power on"),
        Word::Type => ("입력할 명령", "Command to type"),
        Word::Invalid => (
            "이 페이지의 시나리오에 오류가 있어 실습 가이드를 보여 줄 수 없습니다. 클러스터는 그대로 쓸 수 있습니다.",
            "This page's scenario has an error, so the guide cannot be shown. The cluster still works.",
        ),
        Word::Line => ("시나리오 {}번째 줄", "line {} of the scenario"),
    };
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

fn lang_code(lang: Lang) -> &'static str {
    lang.code()
}

/// A text with `backticks` as `<code>`.
fn rich(text: &str) -> Html {
    let parts = text.split('`').enumerate().map(|(i, part)| {
        if i % 2 == 1 {
            html! { <code>{ part }</code> }
        } else {
            html! { { part } }
        }
    });
    html! { <>{ for parts }</> }
}

#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub lang: Lang,
    /// Runs work on the cluster (see [`Probe`]).
    pub probe: Callback<Probe, bool>,
    /// Changes whenever the cluster may have changed (the app's snapshot identity).
    pub tick: usize,
    /// The console's history, newest last: a new line is a try.
    pub history: Rc<Vec<String>>,
    /// The widget's id on the page (`data-id`, else `w<N>`): two widgets of one scenario on
    /// one page keep their own progress.
    pub id: String,
    /// Whether progress is kept in the browser (the widget's `data-persist`).
    #[prop_or(true)]
    pub persist: bool,
    /// Runs the guide's buttons (node power) the way the widget's own buttons run, so a
    /// reload or a share link replays them.
    pub on_run: Callback<crate::actions::Command>,
}

/// What the guide last saw, to tell a new console line and a reset from a clock tick.
#[derive(Default)]
struct Seen {
    history_len: usize,
    last_line: Option<String>,
    /// The API server's resourceVersion: it only grows, so going back means a new cluster.
    resource_version: u64,
}

/// The browser storage key of a scenario's progress in this widget of this page.
pub fn storage_key(path: &str, id: &str, scenario: &str) -> String {
    format!("paperkube-guide:v2:{path}#{id}:{scenario}")
}

/// No key: progress is not kept (`data-persist="false"`).
fn key_of(props: &Props) -> Option<String> {
    props
        .persist
        .then(|| storage_key(&page_path(), &props.id, &props.scenario.name))
}

#[cfg(target_arch = "wasm32")]
fn page_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn page_path() -> String {
    String::new()
}

/// `window.localStorage`, when the page may use it (a sandboxed frame may not).
#[cfg(target_arch = "wasm32")]
fn storage_call(method: &str, args: &[&str]) -> Option<wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window()?;
    let storage = js_sys::Reflect::get(&window, &"localStorage".into()).ok()?;
    if storage.is_null() || storage.is_undefined() {
        return None;
    }
    let f: js_sys::Function = js_sys::Reflect::get(&storage, &method.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let args: js_sys::Array = args
        .iter()
        .map(|a| wasm_bindgen::JsValue::from(*a))
        .collect();
    f.apply(&storage, &args).ok()
}

#[cfg(target_arch = "wasm32")]
fn load(key: &str) -> Option<String> {
    storage_call("getItem", &[key])?.as_string()
}

#[cfg(target_arch = "wasm32")]
fn save(key: &str, value: &str) {
    let _ = storage_call("setItem", &[key, value]);
}

#[cfg(not(target_arch = "wasm32"))]
fn load(_key: &str) -> Option<String> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn save(_key: &str, _value: &str) {}

/// The progress saved under `key`, if any is usable for `scenario`.
fn restored(key: Option<&str>, scenario: &Scenario) -> Progress {
    key.and_then(load)
        .and_then(|text| Progress::from_json(&text, scenario))
        .unwrap_or_default()
}

/// Moves `progress` on from what changed since `seen`: a reset starts over, a new console
/// line is a try (hint when it changed something and did not pass), anything else may pass.
fn observe(
    props: &Props,
    progress: &Rc<RefCell<Progress>>,
    seen: &Rc<RefCell<Seen>>,
) -> Option<Progress> {
    let before = progress.borrow().clone();
    let last = props.history.last().cloned();
    let typed = (props.history.len() != seen.borrow().history_len
        || last != seen.borrow().last_line)
        .then(|| last.clone())
        .flatten();
    {
        let mut seen = seen.borrow_mut();
        seen.history_len = props.history.len();
        seen.last_line = last;
    }
    let (scenario, shared, seen) = (props.scenario.clone(), progress.clone(), seen.clone());
    props.probe.emit(Probe(Box::new(move |cluster| {
        let mut p = shared.borrow_mut();
        let rv = cluster.api.resource_version();
        let mut seen = seen.borrow_mut();
        if rv < seen.resource_version {
            // The cluster was reset: the guide starts over with it.
            *p = Progress::default();
        }
        seen.resource_version = rv;
        match &typed {
            Some(line) => p.tried(&scenario, cluster, line),
            None => {
                p.update(&scenario, cluster);
            }
        }
        false
    })));
    let after = progress.borrow().clone();
    (after != before).then_some(after)
}

#[function_component(Guide)]
pub fn guide(props: &Props) -> Html {
    let progress: Rc<RefCell<Progress>> = use_mut_ref({
        let (key, scenario) = (key_of(props), props.scenario.clone());
        move || restored(key.as_deref(), &scenario)
    });
    let seen: Rc<RefCell<Seen>> = use_mut_ref(|| Seen {
        // Lines typed before the guide mounted (a restored console) are not tries.
        history_len: props.history.len(),
        last_line: props.history.last().cloned(),
        resource_version: 0,
    });
    let redraw = use_force_update();
    {
        let (props, progress, seen, redraw) = (
            props.clone(),
            progress.clone(),
            seen.clone(),
            redraw.clone(),
        );
        use_effect_with(props.tick, move |_| {
            if let Some(p) = observe(&props, &progress, &seen) {
                if let Some(key) = key_of(&props) {
                    save(&key, &p.to_json());
                }
                redraw.force_update();
            }
        });
    }
    let on_next = {
        let (progress, key, redraw) = (progress.clone(), key_of(props), redraw.clone());
        Callback::from(move |_: MouseEvent| {
            progress.borrow_mut().next();
            if let Some(key) = &key {
                save(key, &progress.borrow().to_json());
            }
            redraw.force_update();
        })
    };
    let on_action = props.on_run.reform(|action: Action| match action {
        Action::PowerOff(node) => crate::actions::Command::PowerOff(node),
        Action::PowerOn(node) => crate::actions::Command::PowerOn(node),
    });
    let p = progress.borrow().clone();
    view(props, &p, on_next, on_action)
}

fn view(
    props: &Props,
    p: &Progress,
    on_next: Callback<MouseEvent>,
    on_action: Callback<Action>,
) -> Html {
    let (s, lang) = (&props.scenario, props.lang);
    let code = lang_code(lang);
    let finished = p.finished(s);
    let current = p.step.min(s.steps.len());
    html! {
        <aside class="pk-guide" aria-label={word(Word::Guide, lang)} data-guide={s.name.clone()}
            data-step={(current + 1).to_string()} data-steps={s.steps.len().to_string()}
            data-finished={finished.to_string()}>
            <h3 class="pk-guide-title">{ s.title.get(code) }</h3>
            <p class="pk-guide-intro">{ rich(s.intro.get(code)) }</p>
            <ol class="pk-guide-steps">
                { for s.steps.iter().enumerate().map(|(i, step)| {
                    let state = if i < current { "done" } else if i == current { "current" } else { "todo" };
                    html! {
                        <li class={classes!("pk-guide-step", format!("pk-guide-{state}"))}
                            data-guide-step={(i + 1).to_string()} data-state={state}
                            aria-current={(i == current).then_some("step")}>
                            <span class="pk-guide-mark" aria-hidden="true">
                                { if i < current { "✓".to_string() } else { (i + 1).to_string() } }
                            </span>
                            <span class="pk-guide-step-title">
                                <span class="pk-visually-hidden">{ format!("{} {}: ", word(Word::StepOf, lang), i + 1) }</span>
                                { step.title.get(code) }
                                if i < current {
                                    <span class="pk-visually-hidden">{ format!(" ({})", word(Word::Done, lang)) }</span>
                                }
                            </span>
                            if i == current {
                                { current_step(step, p.hint, lang, on_next.clone(), on_action.clone()) }
                            }
                        </li>
                    }
                }) }
            </ol>
            if finished {
                <section class="pk-guide-summary" role="status">
                    <h4>{ word(Word::Summary, lang) }</h4>
                    <p>{ rich(s.summary.get(code)) }</p>
                    <p class="pk-guide-again">{ word(Word::Again, lang) }</p>
                </section>
            }
        </aside>
    }
}

fn current_step(
    step: &scenario::Step,
    hint: bool,
    lang: Lang,
    on_next: Callback<MouseEvent>,
    on_action: Callback<Action>,
) -> Html {
    let code = lang_code(lang);
    let action = step.action.as_deref().and_then(|a| Action::parse(a).ok());
    html! {
        <div class="pk-guide-body">
            <p class="pk-guide-do">{ rich(step.todo.get(code)) }</p>
            if let Some(cmd) = &step.command {
                <pre class="pk-guide-cmd" aria-label={word(Word::Type, lang)}><code>{ cmd }</code></pre>
            }
            if let Some(a) = action {
                { action_button(a, lang, on_action) }
            }
            <p class="pk-guide-why"><strong>{ word(Word::Why, lang) }</strong>{ " " }{ rich(step.why.get(code)) }</p>
            if hint {
                if let Some(h) = &step.hint {
                    <p class="pk-guide-hint" role="status"><strong>{ word(Word::Hint, lang) }</strong>{ " " }{ rich(h.get(code)) }</p>
                }
            }
            if step.check.is_empty() {
                <button type="button" class="pk-btn pk-guide-next" data-action="guide-next" onclick={on_next}>
                    { word(Word::Next, lang) }
                </button>
            }
        </div>
    }
}

fn action_button(action: Action, lang: Lang, on_action: Callback<Action>) -> Html {
    let label = match &action {
        Action::PowerOff(n) => format!("{} {n}", word(Word::PowerOff, lang)),
        Action::PowerOn(n) => format!("{} {n}", word(Word::PowerOn, lang)),
    };
    let onclick = Callback::from(move |_: MouseEvent| on_action.emit(action.clone()));
    html! {
        <button type="button" class="pk-btn pk-guide-action" data-action="guide-action" {onclick}>{ label }</button>
    }
}

/// What the widget shows in place of the guide when the page's inline scenario does not parse:
/// the reader's language around the parser's message, which names the field (and its line).
pub fn invalid(e: &crate::scenarios::Invalid, lang: Lang) -> Html {
    let place = e
        .line
        .map(|n| format!("{}: ", word(Word::Line, lang).replace("{}", &n.to_string())));
    html! {
        <aside class="pk-guide pk-guide-invalid" aria-label={word(Word::Guide, lang)} role="alert"
            data-guide-error={e.line.map(|n| n.to_string()).unwrap_or_default()}>
            <p>{ word(Word::Invalid, lang) }</p>
            <pre class="pk-guide-error">{ place.unwrap_or_default() }{ &e.message }</pre>
        </aside>
    }
}
