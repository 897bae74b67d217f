//! The live kubectl text under the picture — `get pods` and `get pods -w`, `get rs`,
//! `get deploy`, events — exactly what the engine's printers produce, behind tabs.

use crate::i18n::{Lang, Msg};
use crate::snapshot::Panel;
use paperkube_engine::api::Kind;
use paperkube_engine::kubectl::cmd::get::watch_rows;
use paperkube_engine::kubectl::{self, Invocation, NoFiles, Output, Watch};
use paperkube_engine::Cluster;
use std::collections::VecDeque;
use yew::prelude::*;

/// The command the `-w` panel runs, as a reader would type it.
pub const WATCH_LINE: &str = "kubectl get pods -w";

/// How many `-w` lines the panel keeps, about a terminal's height (older rows scroll away;
/// the header stays on top).
pub const WATCH_LIMIT: usize = 24;

/// A `kubectl get pods -w` left running beside the picture: the table once, then a row per
/// change, printed by the engine's own watch printer. It reads the cluster through its own
/// tap, so the reader's console (and its `-w`) is untouched, and nothing is recorded.
#[derive(Debug, Default)]
pub struct WatchLog {
    watch: Option<Box<Watch>>,
    lines: VecDeque<String>,
}

impl WatchLog {
    /// Runs `kubectl get pods -w` against `cluster` (a read: nothing changes) and starts
    /// its tap.
    pub fn start(cluster: &mut Cluster) -> WatchLog {
        let mut out = Output::default();
        let mut log = WatchLog::default();
        let inv = Invocation {
            stdin: None,
            files: &NoFiles,
        };
        cluster.tap(Some(Kind::Pod));
        cluster.take_tapped();
        // Straight into `get`, as `kubectl::run` does with this line once it took `kubectl
        // get` off: that dispatcher has every verb inlined (~80 KB of wasm), and the browser
        // compiles a function when it is first called, so the first frame would wait for
        // every command to compile (issue 9, start-up).
        let words: Vec<String> = WATCH_LINE.split(' ').skip(2).map(str::to_string).collect();
        log.watch = kubectl::cmd::get::run(cluster, &words, &inv, &mut out).watch;
        log.push(&out.text());
        log
    }

    /// Prints a row per change since the last call; a cluster that is not tapped (a fresh
    /// session after a reset) starts the watch over. Returns the panel's text.
    pub fn feed(&mut self, cluster: &mut Cluster) -> String {
        if !cluster.tapping() || self.watch.is_none() {
            *self = WatchLog::start(cluster);
        }
        let events = cluster.take_tapped();
        if let Some(w) = self.watch.as_mut() {
            if !events.is_empty() {
                let rows = watch_rows(w, &events);
                self.push(&rows);
            }
        }
        self.text()
    }

    fn push(&mut self, text: &str) {
        self.lines.extend(text.lines().map(str::to_string));
        while self.lines.len() > WATCH_LIMIT {
            // Keep the header (the first line) as a terminal's scrollback would show it on top.
            self.lines.remove(1);
        }
    }

    pub fn text(&self) -> String {
        let mut t = String::new();
        for l in &self.lines {
            t.push_str(l);
            t.push('\n');
        }
        t
    }
}

#[derive(Properties, PartialEq)]
pub struct KubectlPanelProps {
    pub lang: Lang,
    /// `kubectl get pods` (always in the DOM: part of the DOM contract).
    pub pods: String,
    /// `kubectl get pods -w` since the widget started (or was reset).
    pub pods_watch: String,
    /// The tab shown beside it, and its text.
    pub panel: Panel,
    pub text: String,
    pub on_panel: Callback<Panel>,
}

/// The tabs beside the pods panel.
pub const TABS: [Panel; 3] = [Panel::ReplicaSets, Panel::Deployments, Panel::Events];

const EMPTY: &str = "No resources found in default namespace.";

/// A tab list where ←/→ move between tabs, as in any tab list (WAI-ARIA tabs pattern).
fn tab_list<T: Copy + PartialEq + 'static>(
    label: &str,
    tabs: Vec<(T, &'static str, &'static str)>,
    current: T,
    on_pick: Callback<T>,
) -> Html {
    let ids: Vec<(T, &'static str)> = tabs.iter().map(|(t, id, _)| (*t, *id)).collect();
    let onkeydown = {
        let on_pick = on_pick.clone();
        Callback::from(move |e: KeyboardEvent| {
            let n = ids.len();
            let i = ids.iter().position(|(t, _)| *t == current).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            on_pick.emit(ids[next].0);
            if let Some(el) = e
                .current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .and_then(|el| {
                    el.query_selector(&format!("[data-tab=\"{}\"]", ids[next].1))
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
        <div class="pk-tabs" role="tablist" aria-label={label.to_string()} onkeydown={onkeydown}>
            { for tabs.into_iter().map(|(t, id, text)| {
                let on = t == current;
                let on_pick = on_pick.clone();
                html! {
                    <button type="button" role="tab" class={classes!("pk-tab", on.then_some("pk-tab-on"))}
                        aria-selected={on.to_string()} tabindex={if on { "0" } else { "-1" }}
                        data-tab={id} onclick={Callback::from(move |_| on_pick.emit(t))}>{ text }</button>
                }
            }) }
        </div>
    }
}

#[function_component(KubectlPanel)]
pub fn kubectl_panel(p: &KubectlPanelProps) -> Html {
    let watching = use_state(|| false);
    let or_empty = |t: &str| {
        if t.is_empty() {
            EMPTY.to_string()
        } else {
            t.to_string()
        }
    };
    let pods_tabs = tab_list(
        Msg::LivePods.text(p.lang),
        vec![
            (false, Panel::Pods.id(), Panel::Pods.command()),
            (true, "get-pods-w", WATCH_LINE),
        ],
        *watching,
        {
            let watching = watching.clone();
            Callback::from(move |w| watching.set(w))
        },
    );
    let other_tabs = tab_list(
        Msg::KubectlPanels.text(p.lang),
        TABS.iter().map(|t| (*t, t.id(), t.command())).collect(),
        p.panel,
        p.on_panel.clone(),
    );
    html! {
        <div class="pk-panels">
            <figure class="pk-panel">
                <figcaption>{ Msg::LivePods.text(p.lang) }</figcaption>
                { pods_tabs }
                <pre class="pk-terminal" role="tabpanel" tabindex="0" aria-label={Panel::Pods.command()}
                    data-panel={Panel::Pods.id()} hidden={*watching}>{ or_empty(&p.pods) }</pre>
                <pre class="pk-terminal pk-watch" role="tabpanel" tabindex="0" aria-label={WATCH_LINE}
                    data-panel="get-pods-w" hidden={!*watching}>{ &p.pods_watch }</pre>
            </figure>
            <figure class="pk-panel">
                <figcaption>{ Msg::KubectlPanels.text(p.lang) }</figcaption>
                { other_tabs }
                <pre class="pk-terminal" role="tabpanel" tabindex="0" aria-label={p.panel.command()} data-panel={p.panel.id()}>{ or_empty(&p.text) }</pre>
            </figure>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paperkube_engine::time::Duration;
    use paperkube_engine::{ClusterConfig, Session};

    /// The panel prints what `kubectl get pods -w` in the console prints, row for row.
    #[test]
    fn the_watch_panel_matches_the_consoles_get_w() {
        let mut s = Session::new(&ClusterConfig::default());
        let mut log = WatchLog::start(&mut s.cluster);
        let mut console = Output::default();
        s.kubectl(
            "kubectl create deployment web --image=nginx:1.25.3 --replicas=2",
            None,
            &NoFiles,
            &mut console,
        );
        let mut console = Output::default();
        s.kubectl(WATCH_LINE, None, &NoFiles, &mut console);
        // Both start after the create: feed the panel once so it has seen the same changes.
        log.feed(&mut s.cluster);
        let before = log.lines.len();
        let mut rows = Output::default();
        s.advance(Duration::from_secs(20), &mut rows);
        let text = log.feed(&mut s.cluster);
        let panel_rows: Vec<&str> = text.lines().skip(before).collect();
        let rows = rows.text();
        let console_rows: Vec<&str> = rows.lines().map(str::trim_end).collect();
        assert!(!panel_rows.is_empty());
        assert_eq!(
            panel_rows.iter().map(|r| r.trim_end()).collect::<Vec<_>>(),
            console_rows
        );
        assert!(text.starts_with("NAME "), "{text}");
        assert_eq!(text.matches("NAME ").count(), 1, "header once: {text}");
    }

    /// The panel's first table is what the console's `kubectl get pods -w` prints first,
    /// on an empty cluster and on one with pods.
    #[test]
    fn the_watch_panel_starts_as_the_consoles_get_w() {
        let mut s = Session::new(&ClusterConfig::default());
        for create in [
            "",
            "kubectl create deployment web --image=nginx:1.25.3 --replicas=2",
        ] {
            let mut out = Output::default();
            if !create.is_empty() {
                s.kubectl(create, None, &NoFiles, &mut out);
                s.advance(Duration::from_secs(3), &mut out);
            }
            let panel = WatchLog::start(&mut s.cluster).text();
            let mut console = Output::default();
            s.kubectl(WATCH_LINE, None, &NoFiles, &mut console);
            s.stop_watch();
            assert_eq!(panel, console.text());
        }
    }

    #[test]
    fn the_watch_panel_is_bounded_and_keeps_its_header() {
        let mut s = Session::new(&ClusterConfig::default());
        let mut log = WatchLog::start(&mut s.cluster);
        let mut out = Output::default();
        s.kubectl(
            "kubectl create deployment web --image=nginx:1.25.3 --replicas=30",
            None,
            &NoFiles,
            &mut out,
        );
        for _ in 0..10 {
            s.advance(Duration::from_secs(5), &mut out);
            log.feed(&mut s.cluster);
        }
        assert_eq!(log.lines.len(), WATCH_LIMIT);
        assert!(log.lines[0].starts_with("NAME "));
        // A fresh session (a reset) starts the watch over.
        let mut fresh = Session::new(&ClusterConfig::default());
        assert_eq!(log.feed(&mut fresh.cluster), "");
    }
}
