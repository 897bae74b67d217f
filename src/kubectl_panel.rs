//! The live kubectl text under the picture — `get pods -w`, `get rs`, `get deploy`,
//! events — exactly what the engine's printers produce, one panel at a time behind tabs.

use crate::i18n::{Lang, Msg};
use crate::snapshot::Panel;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KubectlPanelProps {
    pub lang: Lang,
    /// `kubectl get pods` (always shown: part of the DOM contract).
    pub pods: String,
    /// The tab shown beside it, and its text.
    pub panel: Panel,
    pub text: String,
    pub on_panel: Callback<Panel>,
}

/// The tabs beside the always-visible `get pods`.
pub const TABS: [Panel; 3] = [Panel::ReplicaSets, Panel::Deployments, Panel::Events];

fn empty_text(panel: Panel) -> &'static str {
    match panel {
        Panel::Events | Panel::Pods | Panel::ReplicaSets | Panel::Deployments => {
            "No resources found in default namespace."
        }
    }
}

#[function_component(KubectlPanel)]
pub fn kubectl_panel(p: &KubectlPanelProps) -> Html {
    let or_empty = |t: &str, panel: Panel| {
        if t.is_empty() {
            empty_text(panel).to_string()
        } else {
            t.to_string()
        }
    };
    let text = or_empty(&p.text, p.panel);
    let tab = |panel: Panel| {
        let on = panel == p.panel;
        let on_panel = p.on_panel.clone();
        html! {
            <button type="button" role="tab" class={classes!("pk-tab", on.then_some("pk-tab-on"))}
                aria-selected={on.to_string()} tabindex={if on { "0" } else { "-1" }}
                data-tab={panel.id()} onclick={Callback::from(move |_| on_panel.emit(panel))}>
                { panel.command() }
            </button>
        }
    };
    // ←/→ move between tabs, as in any tab list.
    let onkeydown = {
        let (on_panel, current) = (p.on_panel.clone(), p.panel);
        Callback::from(move |e: KeyboardEvent| {
            let i = TABS.iter().position(|x| *x == current).unwrap_or(0);
            let n = TABS.len();
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                _ => return,
            };
            e.prevent_default();
            on_panel.emit(TABS[next]);
            if let Some(el) = e
                .current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .and_then(|el| {
                    el.query_selector(&format!("[data-tab=\"{}\"]", TABS[next].id()))
                        .ok()
                        .flatten()
                })
                .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
            {
                let _ = el.focus();
            }
        })
    };
    html! {
        <div class="pk-panels">
            <figure class="pk-panel">
                <figcaption>{ Msg::LivePods.text(p.lang) }</figcaption>
                <pre class="pk-terminal" tabindex="0" aria-label="kubectl get pods" data-panel={Panel::Pods.id()}>{ or_empty(&p.pods, Panel::Pods) }</pre>
            </figure>
            <figure class="pk-panel">
                <figcaption>{ Msg::KubectlPanels.text(p.lang) }</figcaption>
                <div class="pk-tabs" role="tablist" aria-label={Msg::KubectlPanels.text(p.lang)} onkeydown={onkeydown}>
                    { for TABS.iter().map(|panel| tab(*panel)) }
                </div>
                <pre class="pk-terminal" role="tabpanel" tabindex="0" aria-label={p.panel.command()} data-panel={p.panel.id()}>{ text }</pre>
            </figure>
        </div>
    }
}
