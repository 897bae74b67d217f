//! A Deployment card: its strategy and one lane per ReplicaSet, newest revision on top.

use crate::i18n::{Lang, Msg};
use crate::replicaset_lane::ReplicaSetLane;
use crate::snapshot::DeploymentView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DeploymentCardProps {
    pub lang: Lang,
    pub deployment: DeploymentView,
}

#[function_component(DeploymentCard)]
pub fn deployment_card(p: &DeploymentCardProps) -> Html {
    let d = &p.deployment;
    let strategy = match (d.max_surge, d.max_unavailable) {
        (Some(s), Some(u)) => format!("{} · maxSurge {s} · maxUnavailable {u}", d.strategy),
        _ => d.strategy.clone(),
    };
    html! {
        <article class="pk-deployment" data-deployment={d.name.clone()}>
            <header class="pk-deployment-head">
                <span class="pk-kind">{ Msg::Deployment.text(p.lang) }</span>
                <span class="pk-name">{ &d.name }</span>
                <span class="pk-chip">{ format!("READY {}", d.ready) }</span>
                <span class="pk-strategy">{ strategy }</span>
            </header>
            { for d.lanes.iter().map(|rs| html! { <ReplicaSetLane key={rs.name.clone()} lang={p.lang} lane={rs.clone()} /> }) }
        </article>
    }
}
