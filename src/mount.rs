//! Finds every `<div class="paperkube">` on the page and mounts an independent widget in
//! it, configured by its `data-` attributes (see docs/embedding.md for the DOM contract).

use crate::embed::Shared;
use crate::i18n::Lang;
use crate::scenarios::Invalid;
use crate::state::LogEntry;
use paperkube_engine::scenario::Scenario;
use std::rc::Rc;

/// The widget's settings, read from the host element (and the page's query string).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub scenario: String,
    pub lang: Lang,
    pub speed: f64,
    pub seed: u64,
    /// `data-height`: the widget's height in CSS pixels (it scrolls inside); `None` = natural.
    pub height: Option<u32>,
    /// `data-controls`: which panels to show.
    pub controls: Controls,
    /// The inline `<script type="text/x-kubectl">` child: run through the session at start.
    pub script: String,
    /// `data-id`, else `w<N>` (the widget's position on the page, from 1): names its saved
    /// state and its share links.
    pub id: String,
    /// `data-persist="false"` turns off saving the cluster in the browser.
    pub persist: bool,
    /// The scenario the guide follows (issue 10): the inline one if the host has one, else the
    /// built-in one `scenario` names; `Err` when the inline one does not parse.
    pub guide: Option<Result<Rc<Scenario>, Invalid>>,
    /// The inline scenario's text (part of the saved state's fingerprint).
    pub scenario_text: String,
    // Set by the embedding (src/embed.rs), not read from attributes:
    /// False while the widget is off-screen or its tab hidden: the clock stops.
    pub active: bool,
    /// The session restored from storage or a share link (`None`: the app starts a fresh one).
    pub session: Option<Shared>,
    /// What the console shows at start (the restored replay's transcript).
    pub initial_log: Rc<Vec<LogEntry>>,
}

/// The panels `data-controls` can show (a comma- or space-separated list of `time`, `actions`
/// (break-and-fix buttons), `pods` (the live kubectl panels), `console`, `share`; `all` or
/// absent = every one). The cluster picture is always shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Controls {
    pub time: bool,
    pub actions: bool,
    pub pods: bool,
    pub console: bool,
    pub share: bool,
}

impl Controls {
    pub const ALL: Controls = Controls {
        time: true,
        actions: true,
        pods: true,
        console: true,
        share: true,
    };

    /// Unknown words are ignored; a list of only unknown words means every panel.
    pub fn parse(list: &str) -> Controls {
        let words: Vec<String> = list
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(|w| w.trim().to_ascii_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        let known = ["time", "actions", "pods", "console", "share", "none"];
        if words.iter().any(|w| w == "all") || !words.iter().any(|w| known.contains(&w.as_str())) {
            return Controls::ALL;
        }
        let has = |k: &str| words.iter().any(|w| w == k);
        Controls {
            time: has("time"),
            actions: has("actions"),
            pods: has("pods"),
            console: has("console"),
            share: has("share"),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            scenario: String::new(),
            lang: Lang::Ko,
            speed: 1.0,
            seed: 1,
            height: None,
            controls: Controls::ALL,
            script: String::new(),
            id: "w1".into(),
            persist: true,
            guide: None,
            scenario_text: String::new(),
            active: true,
            session: None,
            initial_log: Rc::default(),
        }
    }
}

impl Config {
    /// Builds a config from attribute lookups, falling back to the page language and defaults.
    pub fn from_lookup(attr: impl Fn(&str) -> Option<String>, page_lang: Option<String>) -> Config {
        // Scenario hook (issue 10): the scenario's seed, speed and panels are the defaults.
        let inline = attr(crate::scenarios::INLINE).unwrap_or_default();
        let guide = crate::scenarios::resolve(attr("scenario").as_deref(), Some(&inline));
        let d = crate::scenarios::defaults(guide.as_ref());
        let lang = attr("lang")
            .and_then(|l| Lang::parse(&l))
            .or_else(|| page_lang.and_then(|l| Lang::parse(l.split('-').next().unwrap_or(&l))))
            .unwrap_or(d.lang);
        let speed = attr("speed")
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0 && *s <= 3600.0)
            .unwrap_or(d.speed);
        let seed = attr("seed")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(d.seed);
        let height = attr("height")
            .and_then(|h| h.trim().trim_end_matches("px").parse::<u32>().ok())
            .filter(|h| (120..=4000).contains(h));
        let id: String = attr("id")
            .map(|i| {
                i.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .take(64)
                    .collect()
            })
            .filter(|i: &String| !i.is_empty())
            .unwrap_or(d.id);
        let scenario = match &guide {
            Some(Ok(s)) => s.name.clone(),
            _ => attr("scenario").unwrap_or_default().trim().to_string(),
        };
        Config {
            scenario,
            lang,
            speed,
            seed,
            height,
            controls: attr("controls")
                .map(|c| Controls::parse(&c))
                .unwrap_or(d.controls),
            script: String::new(),
            id,
            persist: attr("persist").is_none_or(|p| p.trim() != "false"),
            guide,
            scenario_text: inline,
            ..d
        }
    }
}

/// Reads a host element's configuration: its `data-` attributes (the page's query string
/// overrides `speed`, `lang`, `seed`, `scenario`), its inline script, and its position.
#[cfg(target_arch = "wasm32")]
pub fn config_of(el: &web_sys::Element) -> Config {
    use wasm_bindgen::JsCast;
    let window = web_sys::window();
    let document = window.as_ref().and_then(|w| w.document());
    let params = window
        .as_ref()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok());
    let page_lang = document
        .as_ref()
        .and_then(|d| d.document_element())
        .map(|e| e.get_attribute("lang").unwrap_or_default());
    let host = el.clone();
    let attr = move |name: &str| {
        if name == crate::scenarios::INLINE {
            // Not an attribute: the host's inline scenario, if it has one (issue 10).
            return host
                .query_selector(crate::scenarios::INLINE_SELECTOR)
                .ok()
                .flatten()
                .and_then(|s| s.text_content());
        }
        let from_query = matches!(name, "speed" | "lang" | "seed" | "scenario");
        from_query
            .then(|| params.as_ref().and_then(|q| q.get(name)))
            .flatten()
            .or_else(|| host.get_attribute(&format!("data-{name}")))
    };
    let mut config = Config::from_lookup(attr, page_lang);
    if el.get_attribute("data-id").is_none() {
        // The position among the page's widgets, from 1.
        if let Some(list) = document.and_then(|d| d.query_selector_all("div.paperkube").ok()) {
            let pos = (0..list.length()).find(|i| {
                list.item(*i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|e| &e == el)
            });
            if let Some(p) = pos {
                config.id = format!("w{}", p + 1);
            }
        }
    }
    if let Ok(Some(script)) = el.query_selector(r#"script[type="text/x-kubectl"]"#) {
        config.script = script.text_content().unwrap_or_default();
    }
    config
}

/// Mounts every `div.paperkube` not yet mounted, all in this wasm instance, in place (no
/// shadow root). The demo page and the component tests use this; the embedding loader
/// (embed/paperkube.js) instead claims each host and calls [`crate::embed::mount_widget`].
#[cfg(target_arch = "wasm32")]
pub fn mount_all() {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(hosts) = document.query_selector_all("div.paperkube") else {
        return;
    };
    for i in 0..hosts.length() {
        let Some(el) = hosts
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if el.has_attribute("data-paperkube-mounted") {
            continue;
        }
        let _ = el.set_attribute("data-paperkube-mounted", "");
        let mut config = config_of(&el);
        // Without the loader, hosts may come and go (the component tests add and remove them),
        // so a position is no identity: only a widget with its own data-id is kept.
        config.persist &= el.has_attribute("data-id");
        let widget = crate::embed::render(el.clone(), config, false);
        visibility::watch(el, widget);
    }
}

/// The demo page's counterpart of the loader's observers (embed/loader.js): a widget's clock
/// runs only while it is near the viewport and the tab is shown, so a page of widgets costs
/// nothing where the reader is not looking (issue 9: no timer fires while hidden or off-screen).
#[cfg(target_arch = "wasm32")]
mod visibility {
    use crate::embed::Widget;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    struct Watched {
        widget: Widget,
        /// Whether the host intersects the viewport (grown by 200 px, as the loader does).
        near: bool,
    }

    thread_local! {
        static WATCHED: RefCell<Vec<Rc<RefCell<Watched>>>> = const { RefCell::new(Vec::new()) };
        static OBSERVER: Option<web_sys::IntersectionObserver> = observer();
    }

    fn tab_shown() -> bool {
        web_sys::window()
            .and_then(|w| w.document())
            .is_none_or(|d| !d.hidden())
    }

    fn update(w: &mut Watched) {
        let active = w.near && tab_shown();
        w.widget.set_active(active);
    }

    /// One observer for every host, and one `visibilitychange` listener for the page.
    fn observer() -> Option<web_sys::IntersectionObserver> {
        let on_change = Closure::<dyn FnMut(js_sys::Array)>::new(|entries: js_sys::Array| {
            for entry in entries.iter() {
                let Ok(entry) = entry.dyn_into::<web_sys::IntersectionObserverEntry>() else {
                    continue;
                };
                let target = entry.target();
                WATCHED.with(|all| {
                    for w in all.borrow().iter() {
                        let mut w = w.borrow_mut();
                        if *w.widget.root() == target {
                            w.near = entry.is_intersecting();
                            update(&mut w);
                        }
                    }
                });
            }
        });
        let init = web_sys::IntersectionObserverInit::new();
        init.set_root_margin("200px 0px");
        let observer = web_sys::IntersectionObserver::new_with_options(
            on_change.as_ref().unchecked_ref(),
            &init,
        )
        .ok()?;
        on_change.forget();
        let on_visibility = Closure::<dyn FnMut()>::new(|| {
            WATCHED.with(|all| {
                all.borrow()
                    .iter()
                    .for_each(|w| update(&mut w.borrow_mut()))
            });
        });
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            let _ = d.add_event_listener_with_callback(
                "visibilitychange",
                on_visibility.as_ref().unchecked_ref(),
            );
        }
        on_visibility.forget();
        // A page being left saves what it shows (the widget saves when it stops).
        let on_leave = Closure::<dyn FnMut()>::new(|| {
            WATCHED.with(|all| all.borrow().iter().for_each(|w| w.borrow().widget.save()));
        });
        if let Some(w) = web_sys::window() {
            let _ =
                w.add_event_listener_with_callback("pagehide", on_leave.as_ref().unchecked_ref());
        }
        on_leave.forget();
        Some(observer)
    }

    /// Starts watching `host`; without IntersectionObserver the widget is simply active.
    pub fn watch(host: web_sys::Element, widget: Widget) {
        let watched = Rc::new(RefCell::new(Watched {
            widget,
            near: false,
        }));
        let observed = OBSERVER.with(|o| match o {
            Some(o) => {
                o.observe(&host);
                true
            }
            None => false,
        });
        if !observed {
            watched.borrow_mut().near = true;
            update(&mut watched.borrow_mut());
        }
        WATCHED.with(|all| all.borrow_mut().push(watched));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_with_fallbacks() {
        let c = Config::from_lookup(
            |k| (k == "speed").then(|| "60".to_string()),
            Some("en-US".into()),
        );
        assert_eq!((c.lang, c.speed), (Lang::En, 60.0));
        let c = Config::from_lookup(|k| (k == "speed").then(|| "-3".to_string()), None);
        assert_eq!((c.lang, c.speed), (Lang::Ko, 1.0));
        let c = Config::from_lookup(
            |k| (k == "lang").then(|| "en".to_string()),
            Some("ko".into()),
        );
        assert_eq!(c.lang, Lang::En);
    }

    #[test]
    fn height_controls_id_persist() {
        let attrs = |k: &str| match k {
            "height" => Some("480px".to_string()),
            "controls" => Some("console, time".to_string()),
            "id" => Some("roll out/1".to_string()),
            "persist" => Some("false".to_string()),
            _ => None,
        };
        let c = Config::from_lookup(attrs, None);
        assert_eq!(c.height, Some(480));
        assert_eq!(
            c.controls,
            Controls {
                time: true,
                actions: false,
                pods: false,
                console: true,
                share: false
            }
        );
        assert_eq!(c.id, "rollout1");
        assert!(!c.persist);
        assert_eq!(Controls::parse("bogus"), Controls::ALL);
        assert!(!Controls::parse("none").console);
        let c = Config::from_lookup(|k| (k == "height").then(|| "9".to_string()), None);
        assert_eq!(c.height, None);
    }
}
