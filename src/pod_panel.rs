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

/// Where each phase sits in the diagram (x, y of its box in the SVG's 360 × 126 view).
fn phase_box(name: &str) -> (i32, i32) {
    match name {
        "Pending" => (4, 8),
        "Running" => (134, 8),
        "Succeeded" => (264, 8),
        "Failed" => (264, 72),
        _ => (4, 72),
    }
}

/// The arrows a pod moves along (restartPolicy Always keeps a Deployment's pods Running;
/// Succeeded and Failed are terminal; Unknown stands aside: no state, no transition).
const ARROWS: [(&str, &str); 3] = [
    ("Pending", "Running"),
    ("Running", "Succeeded"),
    ("Running", "Failed"),
];

const BOX_W: i32 = 92;
const BOX_H: i32 = 32;

/// Pending → Running → Succeeded / Failed, Unknown aside, drawn as an arrow diagram with
/// the current phase highlighted. The drawing is decoration for sighted readers; the list
/// under it says the same in words (and is what assistive technology reads).
#[function_component(LifecycleDiagram)]
pub fn lifecycle_diagram(p: &LifecycleProps) -> Html {
    let current = if p.phase.is_empty() {
        "Pending"
    } else {
        p.phase.as_str()
    };
    // Several widgets may draw a diagram on one page: each marker needs its own id.
    let head = use_state(|| {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(1);
        format!("pk-lc-head-{}", NEXT.fetch_add(1, Ordering::Relaxed))
    });
    let arrow = |(from, to): (&str, &str)| {
        let (fx, fy) = phase_box(from);
        let (tx, ty) = phase_box(to);
        // Leave the right edge of `from` and reach the left edge of `to`, mid-height.
        let (x1, y1) = (fx + BOX_W, fy + BOX_H / 2);
        let (x2, y2) = (tx - 4, ty + BOX_H / 2);
        let on = from == current;
        html! {
            <line class={classes!("pk-lc-arrow", on.then_some("pk-lc-arrow-next"))}
                x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()}
                marker-end={format!("url(#{})", *head)} />
        }
    };
    let node = |name: &str| {
        let (x, y) = phase_box(name);
        let on = name == current;
        html! {
            <g class={classes!("pk-lc-node", format!("pk-lc-{}", name.to_ascii_lowercase()), on.then_some("pk-lc-current"))}
                data-phase={name.to_string()}>
                <rect x={x.to_string()} y={y.to_string()} width={BOX_W.to_string()} height={BOX_H.to_string()} rx="6" />
                <text x={(x + BOX_W / 2).to_string()} y={(y + BOX_H / 2 + 4).to_string()} text-anchor="middle">
                    { if on { format!("● {name}") } else { name.to_string() } }
                </text>
            </g>
        }
    };
    let now_desc = PHASES
        .iter()
        .find(|(n, _)| *n == current)
        .map(|(_, m)| m.text(p.lang))
        .unwrap_or_default();
    html! {
        <figure class="pk-lifecycle">
            <figcaption>{ Msg::Lifecycle.text(p.lang) }</figcaption>
            <svg class="pk-lc" viewBox="0 0 360 126" role="presentation" aria-hidden="true" focusable="false">
                <defs>
                    <marker id={(*head).clone()} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L8,4 L0,8 z" class="pk-lc-head" />
                    </marker>
                </defs>
                { for ARROWS.iter().map(|a| arrow(*a)) }
                { for PHASES.iter().map(|(name, _)| node(name)) }
                <text class="pk-lc-aside" x="4" y="120">{ Msg::PhaseUnknown.text(p.lang) }</text>
            </svg>
            <p class="pk-lc-now"><strong>{ current }</strong>{ ": " }{ now_desc }</p>
            <ol class="pk-phases pk-sr-only">
                { for PHASES.iter().map(|(name, msg)| {
                    let on = *name == current;
                    html! {
                        <li class={classes!("pk-phase", on.then_some("pk-phase-current"))}
                            aria-current={on.then_some("step")} data-phase={*name}>
                            { *name }{ ": " }{ msg.text(p.lang) }
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
