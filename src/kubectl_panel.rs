//! The live `kubectl get pods` text under the picture: the engine's printer output.

use crate::i18n::{Lang, Msg};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KubectlPanelProps {
    pub lang: Lang,
    pub text: String,
}

#[function_component(KubectlPanel)]
pub fn kubectl_panel(p: &KubectlPanelProps) -> Html {
    let text = if p.text.is_empty() {
        "No resources found in default namespace.".to_string()
    } else {
        p.text.clone()
    };
    html! {
        <figure class="pk-panel">
            <figcaption>{ Msg::LivePods.text(p.lang) }</figcaption>
            <pre class="pk-terminal" data-panel="get-pods">{ text }</pre>
        </figure>
    }
}
