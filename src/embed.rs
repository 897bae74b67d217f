//! Embedding: what a host page gets around the widget. Restores a widget's cluster from the
//! browser's storage or from a share link, saves it as the reader goes, offers "share" and
//! "export for kind", and exposes the API the loader (embed/paperkube.js) calls:
//! `mountWidget(host, root, onPanic)` → a [`Widget`] with `setActive(bool)`, `save()`.
//! See docs/embedding.md.

use crate::app::App;
use crate::i18n::Lang;
use crate::mount::Config;
use crate::replay::{self, Recorder, Rejected};
use crate::state::LogEntry;
use paperkube_engine::kubectl::Output;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The widget's recorded session, shared by the app (which drives it) and the embedding
/// (which saves, shares and exports it). Compared by identity.
#[derive(Clone)]
pub struct Shared(pub Rc<RefCell<Recorder>>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shared(..)")
    }
}

impl Shared {
    /// A fresh recorded session for `config` (its inline script run, the transcript dropped).
    pub fn fresh(config: &Config) -> Shared {
        let mut out = Output::default();
        Shared(Rc::new(RefCell::new(Recorder::fresh(config, &mut out))))
    }
}

/// What the embedding tells the reader about where the cluster came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Restored,
    FromLink,
    StorageIgnored,
    LinkIgnored,
}

/// The embedding's own words (the widget's are in i18n.rs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    Share,
    Export,
    Restored,
    FromLink,
    StorageIgnored,
    LinkIgnored,
    LinkHelp,
    ExportHelp,
    Download,
    Close,
}

fn word(w: Word, lang: Lang) -> &'static str {
    let (ko, en) = match w {
        Word::Share => ("링크로 공유", "Share link"),
        Word::Export => ("kind용 내보내기", "Export for kind"),
        Word::Restored => (
            "이 브라우저에 저장된 클러스터를 이어서 보여 줍니다. 처음부터 하려면 초기화를 누르세요.",
            "Your cluster was restored from this browser. Press Reset to start over.",
        ),
        Word::FromLink => (
            "공유 링크의 클러스터를 다시 만들었습니다.",
            "The cluster from the shared link was rebuilt.",
        ),
        Word::StorageIgnored => (
            "저장된 상태를 읽을 수 없어(손상되었거나 예전 형식) 무시하고 새로 시작합니다.",
            "Saved state could not be read (corrupt or an old format); starting fresh.",
        ),
        Word::LinkIgnored => (
            "공유 링크를 읽을 수 없어 무시했습니다.",
            "The shared link could not be read and was ignored.",
        ),
        Word::LinkHelp => (
            "이 링크를 열면 같은 클러스터가 다시 만들어집니다:",
            "Opening this link rebuilds the same cluster:",
        ),
        Word::ExportHelp => (
            "실제 kind 클러스터에서 같은 명령을 실행하는 bash 스크립트:",
            "A bash script that runs the same commands on a real kind cluster:",
        ),
        Word::Download => ("내려받기", "Download"),
        Word::Close => ("닫기", "Close"),
    };
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

/// Where saved state lives: one local-storage key per page and widget.
pub fn storage_key(path: &str, id: &str) -> String {
    format!("paperkube:v{}:{path}#{id}", replay::FORMAT)
}

/// The share-link fragment's name for a widget: `#paperkube-<id>=<state>`.
pub fn fragment_name(id: &str) -> String {
    format!("paperkube-{id}")
}

/// Finds `name=value` among `&`-separated fragment parts.
pub fn fragment_value<'a>(hash: &'a str, name: &str) -> Option<&'a str> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix(name)?.strip_prefix('='))
}

/// Builds the widget's session: from a share link in the URL fragment if there is one for this
/// widget, else from the browser's storage, else fresh. Unusable state is ignored with a notice.
pub fn restore(
    config: &Config,
    link: Option<&str>,
    stored: Option<&str>,
) -> (Recorder, Vec<LogEntry>, Option<Notice>) {
    let mut out = Output::default();
    let mut notice = None;
    if let Some(l) = link {
        match replay::from_link(l, config) {
            Ok(rec) => {
                let r = Recorder::replay(config, &rec, &mut out);
                return (r, crate::app::log_entries(&out), Some(Notice::FromLink));
            }
            Err(_) => notice = Some(Notice::LinkIgnored),
        }
    }
    if let Some(s) = stored {
        match replay::from_json(s, config) {
            Ok(rec) => {
                let r = Recorder::replay(config, &rec, &mut out);
                let log = crate::app::log_entries(&out);
                return (r, log, notice.or(Some(Notice::Restored)));
            }
            // A different page version: start fresh quietly.
            Err(Rejected::OtherPage) => {}
            Err(Rejected::Corrupt | Rejected::OldFormat) => {
                notice = notice.or(Some(Notice::StorageIgnored))
            }
        }
    }
    let r = Recorder::fresh(config, &mut out);
    (r, crate::app::log_entries(&out), notice)
}

#[derive(Properties, PartialEq, Clone)]
pub struct EmbeddedProps {
    /// With `session` (always set here), `initial_log` and `active` filled in.
    pub config: Config,
    pub notice: Option<Notice>,
}

#[derive(Clone, PartialEq)]
enum Open {
    Nothing,
    Link(String),
    Export(String),
}

/// The widget plus the embedding's bar (notice, share, export).
#[function_component(Embedded)]
pub fn embedded(p: &EmbeddedProps) -> Html {
    let open = use_state(|| Open::Nothing);
    let notice = use_state(|| p.notice);
    let lang = p.config.lang;
    let session = p
        .config
        .session
        .clone()
        .unwrap_or_else(|| Shared::fresh(&p.config));
    let on_share = {
        let (open, session, config) = (open.clone(), session.clone(), p.config.clone());
        Callback::from(move |_| {
            let record = session.0.borrow().record();
            open.set(Open::Link(share_url(&config, &replay::to_link(&record))));
        })
    };
    let on_export = {
        let (open, session, config) = (open.clone(), session.clone(), p.config.clone());
        Callback::from(move |_| open.set(Open::Export(session.0.borrow().kind_script(&config))))
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |_| open.set(Open::Nothing))
    };
    let on_dismiss = {
        let notice = notice.clone();
        Callback::from(move |_| notice.set(None))
    };
    let bar = p.config.controls.share.then(|| {
        html! {
            <div class="pk-embed-bar">
                <button type="button" class="pk-btn" data-embed="share" onclick={on_share}>{ word(Word::Share, lang) }</button>
                <button type="button" class="pk-btn" data-embed="export" onclick={on_export}>{ word(Word::Export, lang) }</button>
            </div>
        }
    });
    let panel = match &*open {
        Open::Nothing => Html::default(),
        Open::Link(url) => html! {
            <div class="pk-embed-panel" data-embed-panel="share">
                <label>{ word(Word::LinkHelp, lang) }
                    <input type="text" readonly=true value={url.clone()} data-embed="link" />
                </label>
                <button type="button" class="pk-btn" onclick={on_close}>{ word(Word::Close, lang) }</button>
            </div>
        },
        Open::Export(text) => {
            let href = format!(
                "data:text/x-shellscript;charset=utf-8,{}",
                String::from(js_sys::encode_uri_component(text))
            );
            html! {
                <div class="pk-embed-panel" data-embed-panel="export">
                    <p>{ word(Word::ExportHelp, lang) }</p>
                    <pre data-embed="kind-script">{ text.clone() }</pre>
                    <a class="pk-btn" href={href} download="paperkube-kind.sh">{ word(Word::Download, lang) }</a>
                    <button type="button" class="pk-btn" onclick={on_close}>{ word(Word::Close, lang) }</button>
                </div>
            }
        }
    };
    let notice_html = notice.map(|n| {
        let w = match n {
            Notice::Restored => Word::Restored,
            Notice::FromLink => Word::FromLink,
            Notice::StorageIgnored => Word::StorageIgnored,
            Notice::LinkIgnored => Word::LinkIgnored,
        };
        let kind = match n {
            Notice::Restored => "restored",
            Notice::FromLink => "link",
            Notice::StorageIgnored => "storage-ignored",
            Notice::LinkIgnored => "link-ignored",
        };
        html! {
            <p class="pk-embed-notice" role="status" data-notice={kind}>
                { word(w, lang) }
                <button type="button" class="pk-embed-x" aria-label={word(Word::Close, lang)} onclick={on_dismiss}>{ "×" }</button>
            </p>
        }
    });
    html! {
        <div class="pk-embed" lang={lang.code()}>
            { for notice_html }
            <App config={p.config.clone()} />
            { for bar }
            { panel }
        </div>
    }
}

/// This page's address with the widget's state in the fragment (other fragment parts kept).
#[cfg(target_arch = "wasm32")]
fn share_url(config: &Config, state: &str) -> String {
    let loc = web_sys::window().map(|w| w.location());
    let href = loc.as_ref().and_then(|l| l.href().ok()).unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default().to_string();
    let hash = loc.and_then(|l| l.hash().ok()).unwrap_or_default();
    let name = fragment_name(&config.id);
    let mut parts: Vec<String> = hash
        .trim_start_matches('#')
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with(&format!("{name}=")))
        .map(str::to_string)
        .collect();
    parts.push(format!("{name}={state}"));
    format!("{base}#{}", parts.join("&"))
}

#[cfg(not(target_arch = "wasm32"))]
fn share_url(config: &Config, state: &str) -> String {
    format!("#{}={state}", fragment_name(&config.id))
}

// ---------------------------------------------------------------------------------------------
// the browser side: storage, mounting, the loader's API

#[cfg(target_arch = "wasm32")]
mod web {
    use super::*;
    use wasm_bindgen::prelude::*;

    fn storage() -> Option<web_sys::Storage> {
        // Storage can be missing or throw (disabled, file:// in some browsers): never fatal.
        web_sys::window()?.local_storage().ok().flatten()
    }

    fn page_path() -> String {
        web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default()
    }

    /// A mounted widget: the loader keeps it to pause, resume and save it.
    #[wasm_bindgen]
    pub struct Widget {
        handle: yew::AppHandle<Embedded>,
        props: EmbeddedProps,
        saver: Saver,
        root: web_sys::Element,
    }

    #[derive(Clone)]
    struct Saver {
        key: Option<String>,
        session: Shared,
        last: Rc<RefCell<String>>,
        /// `Date.now()` of the last save triggered by a change (see [`touched`]).
        last_try: Rc<std::cell::Cell<f64>>,
        /// A one-shot save is scheduled for the end of the current throttle window.
        pending: Rc<std::cell::Cell<bool>>,
    }

    impl Saver {
        /// Writes the record when it changed; storage errors (quota, disabled) are ignored.
        fn save(&self) {
            let Some(key) = &self.key else { return };
            let json = replay::to_json(&self.session.0.borrow().record());
            if *self.last.borrow() == json {
                return;
            }
            if let Some(s) = storage() {
                if s.set_item(key, &json).is_ok() {
                    *self.last.borrow_mut() = json;
                }
            }
        }
    }

    thread_local! {
        /// The savers of this instance's persisting widgets, found by their session.
        static SAVERS: RefCell<Vec<Saver>> = const { RefCell::new(Vec::new()) };
    }

    /// The app calls this after every change it publishes (a command, a tick, a step). It
    /// saves at once, or — within [`SAVE_MS`] of the last save — once at the end of that
    /// window; the widget also saves when it stops (off-screen, hidden tab) and when the page
    /// goes away. No interval: an idle widget fires nothing (issue 9).
    pub fn touched(session: &Rc<RefCell<Recorder>>) {
        if halted() {
            return;
        }
        let saver = SAVERS.with(|all| {
            all.borrow()
                .iter()
                .find(|s| Rc::ptr_eq(&s.session.0, session))
                .cloned()
        });
        let Some(saver) = saver else { return };
        let wait = saver.last_try.get() + f64::from(SAVE_MS) - js_sys::Date::now();
        if wait <= 0.0 {
            saver.last_try.set(js_sys::Date::now());
            saver.save();
        } else if !saver.pending.replace(true) {
            gloo_timers::callback::Timeout::new(wait.ceil() as u32, move || {
                saver.pending.set(false);
                if !halted() {
                    saver.last_try.set(js_sys::Date::now());
                    saver.save();
                }
            })
            .forget();
        }
    }

    impl Widget {
        /// The element the widget renders into.
        pub fn root(&self) -> &web_sys::Element {
            &self.root
        }
    }

    #[wasm_bindgen]
    impl Widget {
        /// Starts (true) or stops (false) the widget's clock; stopping saves.
        #[wasm_bindgen(js_name = setActive)]
        pub fn set_active(&mut self, active: bool) {
            if self.props.config.active != active {
                self.props.config.active = active;
                self.handle.update(self.props.clone());
            }
            if !active {
                self.saver.save();
            }
        }

        /// Saves the cluster now (the loader calls it when the page is hidden).
        pub fn save(&self) {
            self.saver.save();
        }

        /// Virtual milliseconds since the cluster started (for tests and host pages).
        #[wasm_bindgen(js_name = elapsedMs)]
        pub fn elapsed_ms(&self) -> f64 {
            self.saver.session.0.borrow().elapsed_ms() as f64
        }

        /// Whether the widget's clock may run now (visible and the tab shown).
        #[wasm_bindgen(js_name = isActive)]
        pub fn is_active(&self) -> bool {
            self.props.config.active
        }

        /// The storage key of this widget ("" when it does not persist).
        #[wasm_bindgen(js_name = storageKey)]
        pub fn storage_key(&self) -> String {
            self.saver.key.clone().unwrap_or_default()
        }
    }

    /// Renders the embedded widget into `root`, configured from `host`.
    pub fn render(root: web_sys::Element, mut config: Config, active: bool) -> Widget {
        let window = web_sys::window();
        let hash = window
            .as_ref()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        let link = fragment_value(&hash, &fragment_name(&config.id)).map(str::to_string);
        let key = config
            .persist
            .then(|| super::storage_key(&page_path(), &config.id));
        let stored = key
            .as_ref()
            .and_then(|k| storage().and_then(|s| s.get_item(k).ok().flatten()));
        let (recorder, log, notice) = restore(&config, link.as_deref(), stored.as_deref());
        if let Some(h) = config.height {
            // Through the CSSOM, not a style attribute: allowed under `style-src 'self'`.
            if let Some(el) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&root) {
                let style = el.style();
                let _ = style.set_property("display", "block");
                let _ = style.set_property("height", &format!("{h}px"));
                let _ = style.set_property("overflow", "auto");
            }
        }
        let session = Shared(Rc::new(RefCell::new(recorder)));
        config.active = active;
        config.session = Some(session.clone());
        config.initial_log = Rc::new(log);
        let props = EmbeddedProps { config, notice };
        // What storage holds is what was restored: only a change is written (junk that was
        // ignored stays until the reader does something, and its notice shows until then).
        let restored = replay::to_json(&session.0.borrow().record());
        let saver = Saver {
            key,
            session,
            last: Rc::new(RefCell::new(restored)),
            last_try: Rc::default(),
            pending: Rc::default(),
        };
        if saver.key.is_some() {
            SAVERS.with(|all| all.borrow_mut().push(saver.clone()));
        }
        let handle =
            yew::Renderer::<Embedded>::with_root_and_props(root.clone(), props.clone()).render();
        Widget {
            handle,
            props,
            saver,
            root,
        }
    }

    const SAVE_MS: u32 = 500;

    thread_local! {
        static ON_PANIC: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
        static HALTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// True once this wasm instance panicked: its timers stop touching its state.
    pub fn halted() -> bool {
        HALTED.with(|h| h.get())
    }

    /// The loader's entry point: mounts one widget into `root` (inside `host`'s shadow root),
    /// configured from `host`. `on_panic(message)` is called if this instance panics; the
    /// release build aborts on panic, so the loader then replaces the widget with an error
    /// and a reset button (each widget has its own wasm instance, so the others go on).
    #[wasm_bindgen(js_name = mountWidget)]
    pub fn mount_widget(
        host: web_sys::Element,
        root: web_sys::Element,
        on_panic: Option<js_sys::Function>,
        active: bool,
    ) -> Widget {
        ON_PANIC.with(|f| *f.borrow_mut() = on_panic);
        yew::set_custom_panic_hook(Box::new(|info| {
            HALTED.with(|h| h.set(true));
            let message = info.to_string();
            web_sys::console::error_1(&JsValue::from_str(&format!("paperkube: {message}")));
            ON_PANIC.with(|f| {
                if let Some(f) = f.borrow().as_ref() {
                    let _ = f.call1(&JsValue::NULL, &JsValue::from_str(&message));
                }
            });
        }));
        let _ = host.set_attribute("data-paperkube-mounted", "");
        render(root, crate::mount::config_of(&host), active)
    }

    /// For the tests of the loader's isolation: panics inside this widget's instance.
    #[wasm_bindgen(js_name = panicForTest)]
    pub fn panic_for_test(message: String) {
        panic!("{message}");
    }
}

#[cfg(target_arch = "wasm32")]
pub use web::{halted, mount_widget, render, touched, Widget};

/// Outside the browser nothing panics into a host page.
#[cfg(not(target_arch = "wasm32"))]
pub fn halted() -> bool {
    false
}

/// Outside the browser there is no storage to save to.
#[cfg(not(target_arch = "wasm32"))]
pub fn touched(_session: &Rc<RefCell<Recorder>>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_and_keys() {
        assert_eq!(
            fragment_value("#a=1&paperkube-w2=XYZ&b", "paperkube-w2"),
            Some("XYZ")
        );
        assert_eq!(fragment_value("#paperkube-w22=1", "paperkube-w2"), None);
        assert_eq!(
            storage_key("/course/ko/", "w1"),
            "paperkube:v1:/course/ko/#w1"
        );
    }

    #[test]
    fn restore_prefers_link_then_storage_and_survives_garbage() {
        let config = Config {
            script: "kubectl create deployment web --image=nginx --replicas=1\n".into(),
            ..Config::default()
        };
        let (r, log, n) = restore(&config, None, Some("garbage"));
        assert_eq!(n, Some(Notice::StorageIgnored));
        assert!(r.ops.is_empty());
        assert!(log
            .iter()
            .any(|e| e.text.contains("deployment.apps/web created")));

        let mut out = Output::default();
        let mut a = Recorder::fresh(&config, &mut out);
        a.kubectl(
            "kubectl create deployment api --image=nginx",
            None,
            &paperkube_engine::kubectl::NoFiles,
            &mut out,
        );
        let stored = replay::to_json(&a.record());
        let (r, log, n) = restore(&config, None, Some(&stored));
        assert_eq!(n, Some(Notice::Restored));
        assert_eq!(r.history().len(), 1);
        assert!(
            log.iter()
                .any(|e| e.text.contains("deployment.apps/api created")),
            "{log:?}"
        );

        let (r, _, n) = restore(&config, Some("%%%"), Some(&stored));
        assert_eq!(n, Some(Notice::LinkIgnored));
        assert_eq!(r.history().len(), 1, "storage still used after a bad link");

        let link = replay::to_link(&a.record());
        let (r, _, n) = restore(&config, Some(&link), None);
        assert_eq!(n, Some(Notice::FromLink));
        assert_eq!(r.history().len(), 1);
    }
}
