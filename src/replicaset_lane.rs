//! A ReplicaSet as a lane of pods with its desired / current / ready counts.

use crate::i18n::{Lang, Msg};
use crate::pod_box::PodBox;
use crate::snapshot::ReplicaSetView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReplicaSetLaneProps {
    pub lang: Lang,
    pub lane: ReplicaSetView,
}

#[function_component(ReplicaSetLane)]
pub fn replicaset_lane(p: &ReplicaSetLaneProps) -> Html {
    let rs = &p.lane;
    let l = p.lang;
    html! {
        <div class="pk-lane" data-replicaset={rs.name.clone()} data-desired={rs.desired.to_string()}
            data-current={rs.current.to_string()} data-ready={rs.ready.to_string()}>
            <div class="pk-lane-head">
                <span class="pk-kind">{ Msg::ReplicaSet.text(l) }</span>
                <span class="pk-name">{ &rs.name }</span>
                if let Some(rev) = rs.revision {
                    <span class="pk-chip">{ format!("{} {rev}", Msg::Revision.text(l)) }</span>
                }
                <span class="pk-chip pk-image">{ &rs.images }</span>
                <span class="pk-counts">
                    { format!("{} {} · {} {} · {} {}", Msg::Desired.text(l), rs.desired, Msg::Current.text(l), rs.current, Msg::Ready.text(l), rs.ready) }
                </span>
            </div>
            <ul class="pk-pods">
                { for rs.pods.iter().map(|pod| html! { <PodBox key={pod.name.clone()} pod={pod.clone()} /> }) }
            </ul>
        </div>
    }
}
