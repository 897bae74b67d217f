//! One pod, drawn as a box coloured and labelled by its kubectl STATUS, with an icon so
//! colour is never the only cue, and a bar for a pull, a crash back-off or a grace period.
//! The box is a button: pressing it opens the pod's side panel.

use crate::i18n::{Lang, Msg};
use crate::snapshot::{CountdownKind, PodView};
use paperkube_engine::time::Time;
use yew::prelude::*;

/// A countdown as drawn at one instant: how far along (in hundredths) and seconds left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub kind: CountdownKind,
    pub percent: u8,
    pub remaining_secs: i64,
}

impl Progress {
    /// The pod's countdown at `now`, if it has one.
    pub fn of(pod: &PodView, now: Time) -> Option<Progress> {
        pod.countdown.map(|c| Progress {
            kind: c.kind,
            percent: (c.fraction(now) * 100.0).round() as u8,
            remaining_secs: c.remaining_secs(now),
        })
    }

    /// `pulling image 2s`, `restart in 14s`, `grace period 27s`.
    pub fn label(self, lang: Lang) -> String {
        let what = match self.kind {
            CountdownKind::Pull => Msg::Pulling,
            CountdownKind::BackOff => Msg::BackingOff,
            CountdownKind::Grace => Msg::Grace,
        };
        format!(
            "{} {}{}",
            what.text(lang),
            self.remaining_secs,
            Msg::Seconds.text(lang)
        )
    }
}

#[derive(Properties, PartialEq)]
pub struct PodBoxProps {
    pub lang: Lang,
    pub pod: PodView,
    pub progress: Option<Progress>,
    #[prop_or_default]
    pub selected: bool,
    pub on_select: Callback<String>,
}

/// The random suffix kubectl users recognise a pod by (`web-7d9c5b8f4-x2x7q` → `x2x7q`).
pub fn short_name(name: &str) -> &str {
    name.rsplit('-')
        .next()
        .filter(|s| s.len() == 5)
        .unwrap_or(name)
}

#[function_component(PodBox)]
pub fn pod_box(p: &PodBoxProps) -> Html {
    let pod = &p.pod;
    let l = p.lang;
    // Read aloud after the visible text (which stays part of the button's name).
    let mut details = format!(", READY {}, RESTARTS {}", pod.ready, pod.restarts);
    if !pod.node.is_empty() {
        details.push_str(&format!(", {} {}", Msg::Node.text(l), pod.node));
    }
    if pod.node_lost {
        details.push_str(&format!(" ({})", Msg::NodeLost.text(l)));
    }
    let short = short_name(&pod.name);
    let prefix = pod.name.strip_suffix(short).unwrap_or_default();
    let onclick = {
        let (on_select, name) = (p.on_select.clone(), pod.name.clone());
        Callback::from(move |_| on_select.emit(name.clone()))
    };
    let class = classes!(
        "pk-pod",
        pod.tone.class(),
        pod.node_lost.then_some("pk-pod-lost"),
        p.selected.then_some("pk-pod-selected"),
    );
    html! {
        <li class={class} data-pod={pod.name.clone()} data-status={pod.status.clone()} data-ready={pod.ready.clone()}>
            <button type="button" class="pk-pod-button" aria-pressed={p.selected.to_string()}
                title={pod.name.clone()} onclick={onclick}>
                <span class="pk-pod-icon" aria-hidden="true">{ if pod.node_lost { "⌁" } else { pod.tone.icon() } }</span>
                <span class="pk-pod-name"><span class="pk-sr-only">{ "pod " }{ prefix }</span>{ short }</span>
                <span class="pk-pod-status">{ &pod.status }</span>
                <span class="pk-pod-ready" aria-hidden="true">{ &pod.ready }</span>
                <span class="pk-sr-only">{ details }</span>
                if let Some(pr) = p.progress {
                    <span class={classes!("pk-pod-bar", format!("pk-bar-{}", kind_class(pr.kind)))} aria-hidden="true">
                        <span class="pk-pod-bar-fill" style={format!("width:{}%", pr.percent)}></span>
                    </span>
                    <span class="pk-pod-count">{ pr.label(l) }</span>
                }
                if pod.pre_stop {
                    <span class="pk-pod-prestop">{ Msg::PreStop.text(l) }</span>
                }
            </button>
        </li>
    }
}

fn kind_class(k: CountdownKind) -> &'static str {
    match k {
        CountdownKind::Pull => "pull",
        CountdownKind::BackOff => "backoff",
        CountdownKind::Grace => "grace",
    }
}
