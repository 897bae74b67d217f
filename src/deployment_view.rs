//! A Deployment card: its strategy, the rollout arithmetic drawn live, and one lane per
//! ReplicaSet, newest revision on top.

use crate::i18n::{fill, Lang, Msg};
use crate::replicaset_lane::ReplicaSetLane;
use crate::snapshot::DeploymentView;
use paperkube_engine::time::Time;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DeploymentCardProps {
    pub lang: Lang,
    pub deployment: DeploymentView,
    pub now: Time,
    #[prop_or_default]
    pub selected: Option<String>,
    pub on_select: Callback<String>,
}

#[function_component(DeploymentCard)]
pub fn deployment_card(p: &DeploymentCardProps) -> Html {
    let d = &p.deployment;
    let l = p.lang;
    let strategy = match (&d.max_surge_spec, &d.max_unavailable_spec) {
        (Some(s), Some(u)) => format!("{} · maxSurge {s} · maxUnavailable {u}", d.strategy),
        _ => d.strategy.clone(),
    };
    html! {
        <article class="pk-deployment" data-deployment={d.name.clone()} data-ready={d.ready.clone()}
            data-up-to-date={d.updated.to_string()} data-available={d.available.to_string()} aria-label={format!("Deployment {}", d.name)}>
            <header class="pk-deployment-head">
                <span class="pk-kind">{ Msg::Deployment.text(l) }</span>
                <span class="pk-name">{ &d.name }</span>
                <span class="pk-chip">{ format!("READY {}", d.ready) }</span>
                <span class="pk-strategy">{ strategy }</span>
                if d.paused {
                    <span class="pk-chip pk-paused">{ "⏸ " }{ Msg::RolloutPaused.text(l) }</span>
                }
            </header>
            <RolloutMeter lang={l} deployment={d.clone()} />
            { for d.lanes.iter().enumerate().map(|(i, rs)| html! {
                <ReplicaSetLane key={rs.name.clone()} lang={l} lane={rs.clone()} now={p.now}
                    selected={p.selected.clone()} on_select={p.on_select.clone()} newest={i == 0 && d.lanes.len() > 1} />
            }) }
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct RolloutMeterProps {
    pub lang: Lang,
    pub deployment: DeploymentView,
}

/// `replicas + maxSurge` slots, filled by the pods that exist, with the
/// `replicas − maxUnavailable` floor marked: why the controller waits.
#[function_component(RolloutMeter)]
pub fn rollout_meter(p: &RolloutMeterProps) -> Html {
    let d = &p.deployment;
    let l = p.lang;
    let (Some(max), Some(floor), Some(surge), Some(unavail)) = (
        d.max_pods(),
        d.min_available(),
        d.max_surge,
        d.max_unavailable,
    ) else {
        return html! {
            <p class="pk-rollout pk-rollout-note">{ Msg::Recreate.text(l) }</p>
        };
    };
    let total = d.total as i64;
    let slots = max.max(total).clamp(0, 200);
    let rolling = d.lanes.iter().filter(|rs| rs.current > 0).count() > 1;
    let note = if rolling && d.available as i64 <= floor {
        Some(Msg::RolloutWaits)
    } else if rolling && total >= max {
        Some(Msg::RolloutFull)
    } else {
        None
    };
    html! {
        <div class="pk-rollout" data-max-pods={max.to_string()} data-min-available={floor.to_string()}>
            <ol class="pk-slots" aria-hidden="true">
                { for (0..slots).map(|i| {
                    let used = i < total;
                    let available = i < d.available as i64;
                    let class = classes!(
                        "pk-slot",
                        used.then_some("pk-slot-used"),
                        available.then_some("pk-slot-available"),
                        (i >= d.replicas as i64).then_some("pk-slot-surge"),
                        (i + 1 == floor).then_some("pk-slot-floor"),
                    );
                    let title = if used { Msg::SlotPod.text(l) } else { Msg::SlotFree.text(l) };
                    html! { <li class={class} title={title}></li> }
                }) }
            </ol>
            <p class="pk-rollout-text">
                <span class="pk-rollout-max">{ fill(Msg::RolloutSlots.text(l), &[&max, &d.replicas, &surge]) }</span>
                <span class="pk-rollout-floor">{ fill(Msg::RolloutFloor.text(l), &[&floor, &d.replicas, &unavail]) }</span>
                <span class="pk-rollout-now">{ fill(Msg::RolloutNow.text(l), &[&d.total, &d.available, &d.updated]) }</span>
            </p>
            if let Some(n) = note {
                <p class="pk-rollout-note">{ n.text(l) }</p>
            }
        </div>
    }
}
