//! The selected pod's side panel: its phase beside the kubectl STATUS (the confusion
//! readers ask about most), the five-phase lifecycle with the current phase highlighted,
//! each container's state and last state, and `kubectl describe pod`.

use crate::i18n::{Lang, Msg};
use crate::pod_box::Progress;
use crate::snapshot::PodDetail;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PodPanelProps {
    pub lang: Lang,
    pub detail: PodDetail,
    pub progress: Option<Progress>,
    pub on_close: Callback<()>,
}

/// The five phases, as the chapter's diagram draws them.
pub const PHASES: [(&str, Msg); 5] = [
    ("Pending", Msg::PhasePending),
    ("Running", Msg::PhaseRunning),
    ("Succeeded", Msg::PhaseSucceeded),
    ("Failed", Msg::PhaseFailed),
    ("Unknown", Msg::PhaseUnknown),
];

#[derive(Properties, PartialEq)]
pub struct LifecycleProps {
    pub lang: Lang,
    pub phase: String,
}

/// Pending → Running → Succeeded / Failed, and Unknown, with the current phase marked.
#[function_component(LifecycleDiagram)]
pub fn lifecycle_diagram(p: &LifecycleProps) -> Html {
    let current = if p.phase.is_empty() {
        "Pending"
    } else {
        p.phase.as_str()
    };
    html! {
        <figure class="pk-lifecycle">
            <figcaption>{ Msg::Lifecycle.text(p.lang) }</figcaption>
            <ol class="pk-phases">
                { for PHASES.iter().map(|(name, msg)| {
                    let on = *name == current;
                    html! {
                        <li class={classes!("pk-phase", format!("pk-phase-{}", name.to_ascii_lowercase()), on.then_some("pk-phase-current"))}
                            aria-current={on.then_some("step")} data-phase={*name}>
                            <span class="pk-phase-name">{ if on { "● " } else { "○ " } }{ *name }</span>
                            <span class="pk-phase-desc">{ msg.text(p.lang) }</span>
                        </li>
                    }
                }) }
            </ol>
        </figure>
    }
}

#[function_component(PodPanel)]
pub fn pod_panel(p: &PodPanelProps) -> Html {
    let l = p.lang;
    let d = &p.detail;
    let pod = &d.pod;
    let phase = if pod.phase.is_empty() {
        "Pending"
    } else {
        pod.phase.as_str()
    };
    let close = {
        let on_close = p.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    let onkeydown = {
        let on_close = p.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    html! {
        <aside class="pk-side" aria-label={format!("{}: {}", Msg::PodPanel.text(l), pod.name)} data-selected-pod={pod.name.clone()} onkeydown={onkeydown}>
            <header class="pk-side-head">
                <h3 class="pk-name">{ &pod.name }</h3>
                <button type="button" class="pk-btn pk-close" data-action="close-pod" aria-label={Msg::Close.text(l)} onclick={close}>
                    <span aria-hidden="true">{ "✕" }</span>
                </button>
            </header>
            <dl class="pk-compare">
                <div class="pk-compare-item">
                    <dt>{ Msg::Phase.text(l) }</dt>
                    <dd class="pk-big" data-field="phase">{ phase }</dd>
                </div>
                <div class={classes!("pk-compare-item", pod.tone.class())}>
                    <dt>{ Msg::StatusColumn.text(l) }</dt>
                    <dd class="pk-big" data-field="status"><span aria-hidden="true">{ pod.tone.icon() }{ " " }</span>{ &pod.status }</dd>
                </div>
            </dl>
            <p class="pk-hint">{ Msg::PhaseVsStatus.text(l) }</p>
            if let Some(pr) = p.progress {
                <p class="pk-side-progress">
                    <progress max="100" value={pr.percent.to_string()} aria-label={pr.label(l)}></progress>
                    { " " }{ pr.label(l) }
                </p>
            }
            <LifecycleDiagram lang={l} phase={phase.to_string()} />
            <table class="pk-containers">
                <caption>{ Msg::Containers.text(l) }</caption>
                <thead><tr>
                    <th scope="col">{ "name" }</th>
                    <th scope="col">{ Msg::State.text(l) }</th>
                    <th scope="col">{ Msg::LastState.text(l) }</th>
                    <th scope="col">{ Msg::ContainerReady.text(l) }</th>
                    <th scope="col">{ Msg::Restarts.text(l) }</th>
                </tr></thead>
                <tbody>
                    { for d.containers.iter().map(|c| html! {
                        <tr>
                            <th scope="row">{ &c.name }if c.init { <small>{ format!(" ({})", Msg::InitContainer.text(l)) }</small> }</th>
                            <td>{ &c.state }</td>
                            <td>{ &c.last_state }</td>
                            <td>{ if c.ready { "true" } else { "false" } }</td>
                            <td>{ c.restarts }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <details class="pk-describe" open=true>
                <summary>{ format!("{} {}", Msg::DescribeEvents.text(l), pod.name) }</summary>
                <pre class="pk-terminal" data-panel="describe-pod" tabindex="0">{ &d.describe }</pre>
            </details>
        </aside>
    }
}
