//! The picture as a table: the same pods, owners, nodes and countdowns, for readers who
//! prefer rows (and screen readers).

use crate::i18n::{Lang, Msg};
use crate::pod_box::Progress;
use crate::snapshot::{NodeView, PodView, Snapshot};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TableViewProps {
    pub lang: Lang,
    pub snapshot: std::rc::Rc<Snapshot>,
    pub on_select: Callback<String>,
}

fn row(l: Lang, owner: &str, pod: &PodView, s: &Snapshot, on_select: &Callback<String>) -> Html {
    let progress = Progress::of(pod, s.now)
        .map(|p| p.label(l))
        .unwrap_or_default();
    let onclick = {
        let (on_select, name) = (on_select.clone(), pod.name.clone());
        Callback::from(move |_| on_select.emit(name.clone()))
    };
    html! {
        <tr data-row-pod={pod.name.clone()}>
            <th scope="row"><button type="button" class="pk-link" onclick={onclick}>{ &pod.name }</button></th>
            <td>{ owner.to_string() }</td>
            <td>{ &pod.node }if pod.node_lost { { format!(" ({})", Msg::NodeLost.text(l)) } }</td>
            <td class={pod.tone.class()}><span aria-hidden="true">{ pod.tone.icon() }{ " " }</span>{ &pod.status }</td>
            <td>{ &pod.ready }</td>
            <td>{ &pod.restarts }</td>
            <td>{ progress }</td>
        </tr>
    }
}

#[function_component(TableView)]
pub fn table_view(p: &TableViewProps) -> Html {
    let l = p.lang;
    let s = &*p.snapshot;
    let rows = s
        .deployments
        .iter()
        .flat_map(|d| d.lanes.iter())
        .chain(s.replicasets.iter())
        .flat_map(|rs| rs.pods.iter().map(move |pod| (rs.name.as_str(), pod)))
        .chain(s.pods.iter().map(|pod| ("—", pod)));
    html! {
        <table class="pk-table" data-view="table">
            <caption>{ Msg::TableCaption.text(l) }</caption>
            <thead><tr>
                <th scope="col">{ "NAME" }</th>
                <th scope="col">{ Msg::Owner.text(l) }</th>
                <th scope="col">{ Msg::Node.text(l) }</th>
                <th scope="col">{ "STATUS" }</th>
                <th scope="col">{ "READY" }</th>
                <th scope="col">{ "RESTARTS" }</th>
                <th scope="col">{ Msg::Countdown.text(l) }</th>
            </tr></thead>
            <tbody>
                { for rows.map(|(owner, pod)| row(l, owner, pod, s, &p.on_select)) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeStripProps {
    pub lang: Lang,
    pub nodes: Vec<NodeView>,
}

/// The worker nodes, with a powered-off or not-Ready node marked in words and a glyph.
#[function_component(NodeStrip)]
pub fn node_strip(p: &NodeStripProps) -> Html {
    let l = p.lang;
    html! {
        <ul class="pk-nodes" aria-label={Msg::Nodes.text(l)}>
            { for p.nodes.iter().map(|n| {
                let ok = n.ready == "True";
                let (icon, note) = match (n.powered, ok) {
                    (true, true) => ("▣", String::new()),
                    (false, _) => ("⏻", format!(" · {}", Msg::PoweredOff.text(l))),
                    (true, false) => ("⌁", String::new()),
                };
                let state = if ok { String::new() } else { format!(" · Ready={} ({})", n.ready, Msg::NodeNotReady.text(l)) };
                html! {
                    <li class={classes!("pk-node", (!ok).then_some("pk-node-lost"), (!n.powered).then_some("pk-node-off"))}
                        data-node={n.name.clone()} data-node-ready={n.ready.clone()}>
                        <span aria-hidden="true">{ icon }{ " " }</span>{ &n.name }{ note }{ state }
                    </li>
                }
            }) }
        </ul>
    }
}
