//! One pod, drawn as a box coloured and labelled by its kubectl STATUS.

use crate::snapshot::PodView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PodBoxProps {
    pub pod: PodView,
}

/// The random suffix kubectl users recognise a pod by (`web-7d9c5b8f4-x2x7q` → `x2x7q`).
fn short_name(name: &str) -> &str {
    name.rsplit('-')
        .next()
        .filter(|s| s.len() == 5)
        .unwrap_or(name)
}

#[function_component(PodBox)]
pub fn pod_box(p: &PodBoxProps) -> Html {
    let pod = &p.pod;
    let title = format!(
        "{}  {}  {}  restarts {}  {}",
        pod.name, pod.ready, pod.status, pod.restarts, pod.node
    );
    html! {
        <li class={classes!("pk-pod", pod.tone.class())} title={title}
            data-pod={pod.name.clone()} data-status={pod.status.clone()} data-ready={pod.ready.clone()}>
            <span class="pk-pod-icon" aria-hidden="true">{ pod.tone.icon() }</span>
            <span class="pk-pod-name">{ short_name(&pod.name) }</span>
            <span class="pk-pod-status">{ &pod.status }</span>
            <span class="pk-pod-ready">{ &pod.ready }</span>
        </li>
    }
}
