//! A ReplicaSet as a lane of pods with its revision, image, hash and desired / current /
//! ready counts.

use crate::i18n::{Lang, Msg};
use crate::pod_box::{PodBox, Progress};
use crate::snapshot::ReplicaSetView;
use paperkube_engine::time::Time;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReplicaSetLaneProps {
    pub lang: Lang,
    pub lane: ReplicaSetView,
    pub now: Time,
    #[prop_or_default]
    pub selected: Option<String>,
    pub on_select: Callback<String>,
    /// The newest lane of a Deployment (drawn as the target of the rollout).
    #[prop_or_default]
    pub newest: bool,
}

/// The pod boxes of a lane.
pub fn pod_list(
    lang: Lang,
    pods: &[crate::snapshot::PodView],
    now: Time,
    selected: &Option<String>,
    on_select: &Callback<String>,
) -> Html {
    html! {
        <ul class="pk-pods">
            { for pods.iter().map(|pod| html! {
                <PodBox key={pod.name.clone()} lang={lang} pod={pod.clone()} progress={Progress::of(pod, now)}
                    selected={selected.as_deref() == Some(pod.name.as_str())} on_select={on_select.clone()} />
            }) }
        </ul>
    }
}

#[function_component(ReplicaSetLane)]
pub fn replicaset_lane(p: &ReplicaSetLaneProps) -> Html {
    let rs = &p.lane;
    let l = p.lang;
    html! {
        <section class={classes!("pk-lane", p.newest.then_some("pk-lane-new"), (rs.desired == 0 && rs.current == 0).then_some("pk-lane-idle"))}
            data-replicaset={rs.name.clone()} data-desired={rs.desired.to_string()}
            data-current={rs.current.to_string()} data-ready={rs.ready.to_string()}
            aria-label={format!("ReplicaSet {}", rs.name)}>
            <div class="pk-lane-head">
                <span class="pk-kind">{ Msg::ReplicaSet.text(l) }</span>
                <span class="pk-name">{ &rs.name }</span>
                if let Some(rev) = rs.revision {
                    <span class="pk-chip">{ format!("{} {rev}", Msg::Revision.text(l)) }</span>
                }
                <span class="pk-chip pk-image">{ &rs.images }</span>
                if !rs.hash.is_empty() {
                    <span class="pk-hash" title="pod-template-hash">{ format!("#{}", rs.hash) }</span>
                }
                <span class="pk-counts">
                    { format!("{} {} · {} {} · {} {}", Msg::Desired.text(l), rs.desired, Msg::Current.text(l), rs.current, Msg::Ready.text(l), rs.ready) }
                </span>
            </div>
            { pod_list(l, &rs.pods, p.now, &p.selected, &p.on_select) }
        </section>
    }
}
