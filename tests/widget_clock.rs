//! Component tests of the widget's clock and of mounting, in a real browser (headless Chromium
//! through wasm-bindgen-test-runner; see .cargo/config.toml and webdriver.json). tests/widget.rs
//! covers the DOM contract and stepping; this file covers what runs on its own: the played clock
//! (real timers) and `mount_all` over several hosts. Run by `./dev test` as
//! `cargo test -p paperkube-widget --target wasm32-unknown-unknown --tests`.
#![cfg(target_arch = "wasm32")]

use paperkube_widget::app::{App, Props};
use paperkube_widget::i18n::Lang;
use paperkube_widget::mount::{self, Config};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh `<div class="paperkube">` in the page.
fn host() -> Element {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    el.set_class_name("paperkube");
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn render(config: Config) -> Element {
    let el = host();
    // Mounted by hand here, so mount_all (tested below) must leave it alone.
    el.set_attribute("data-paperkube-mounted", "").unwrap();
    yew::Renderer::<App>::with_root_and_props(el.clone(), Props { config }).render();
    el
}

/// Lets Yew's scheduler and the widget's timers run.
async fn tick(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

/// Lets real time pass until `done()` holds or `limit_ms` ran out; returns the time waited.
async fn wait_until(limit_ms: u64, done: impl Fn() -> bool) -> u64 {
    let mut waited = 0;
    while !done() && waited < limit_ms {
        tick(100).await;
        waited += 100;
    }
    waited
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn english(speed: f64) -> Config {
    Config {
        lang: Lang::En,
        speed,
        ..Config::default()
    }
}

/// Types a line into the console and presses Enter, as a reader would.
fn type_line(root: &Element, line: &str) {
    let input: HtmlInputElement = find(root, r#"input[aria-label="kubectl"]"#)
        .dyn_into()
        .unwrap();
    input.set_value(line);
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

fn press(root: &Element, action: &str) {
    let button: HtmlElement = find(root, &format!(r#"button[data-action="{action}"]"#))
        .dyn_into()
        .unwrap();
    button.click();
}

fn log_text(root: &Element) -> String {
    find(root, r#"[role="log"]"#)
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_played_clock_runs_a_deployment_to_three_running_pods_on_its_own() {
    let root = render(english(60.0));
    tick(50).await;
    type_line(
        &root,
        "kubectl create deployment web --image=nginx:1.25.3 --replicas=3",
    );
    tick(50).await;
    let log = log_text(&root);
    assert!(log.contains("deployment.apps/web created"), "log: {log}");
    assert_eq!(
        count(&root, r#"[data-pod][data-status="Running"]"#),
        0,
        "commands alone do not advance time"
    );

    press(&root, "play");
    let waited = wait_until(10_000, || {
        count(&root, r#"[data-pod][data-status="Running"]"#) >= 3
    })
    .await;
    assert_eq!(
        count(&root, r#"[data-pod][data-status="Running"]"#),
        3,
        "3 Running pods after {waited} ms at 60×"
    );
    assert_eq!(count(&root, r#"[data-pod][data-ready="1/1"]"#), 3);
    assert_eq!(count(&root, r#"[data-deployment="web"]"#), 1);
    let rs = find(&root, "[data-replicaset]");
    assert_eq!(rs.get_attribute("data-desired").as_deref(), Some("3"));
    assert_eq!(rs.get_attribute("data-ready").as_deref(), Some("3"));

    press(&root, "reset");
    tick(50).await;
    assert_eq!(
        count(&root, "[data-pod], [data-replicaset], [data-deployment]"),
        0,
        "reset empties the cluster"
    );
}

#[wasm_bindgen_test]
async fn mount_all_mounts_each_host_once_with_its_attributes() {
    let a = host();
    a.set_attribute("data-lang", "en").unwrap();
    let b = host();
    b.set_attribute("data-lang", "ko").unwrap();
    mount::mount_all();
    mount::mount_all(); // a second call must not mount a second widget into the same host
    tick(50).await;
    for el in [&a, &b] {
        assert!(el.has_attribute("data-paperkube-mounted"));
        assert_eq!(
            count(el, r#"input[aria-label="kubectl"]"#),
            1,
            "one widget per host"
        );
    }
    assert_eq!(
        find(&a, "[lang]").get_attribute("lang").as_deref(),
        Some("en")
    );
    assert_eq!(
        find(&b, "[lang]").get_attribute("lang").as_deref(),
        Some("ko")
    );
}

/// What the clock shows (`00:00:00` …).
fn clock(root: &Element) -> String {
    find(root, "time").text_content().unwrap_or_default()
}

/// Makes the page report itself hidden or shown, as a browser does when the reader switches
/// tabs (headless Chromium never hides a page by itself).
fn set_tab_hidden(hidden: bool) {
    let script = format!(
        "Object.defineProperty(document, 'hidden', {{ configurable: true, get: () => {hidden} }});\
         document.dispatchEvent(new Event('visibilitychange'));"
    );
    js_sys::eval(&script).unwrap();
}

#[wasm_bindgen_test]
async fn a_played_widget_stops_off_screen_and_in_a_hidden_tab() {
    let window = web_sys::window().unwrap();
    window.scroll_to_with_x_and_y(0.0, 0.0);
    // A page with the widget far below the fold.
    let spacer: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    spacer.style().set_property("height", "6000px").unwrap();
    document().body().unwrap().append_child(&spacer).unwrap();
    let el = host();
    el.set_attribute("data-lang", "en").unwrap();
    el.set_attribute("data-speed", "60").unwrap();
    mount::mount_all();
    tick(100).await;
    let start = clock(&el);
    type_line(
        &el,
        "kubectl create deployment far --image=nginx:1.25.3 --replicas=2",
    );
    press(&el, "play");
    tick(1_000).await;
    assert_eq!(clock(&el), start, "off-screen, the clock does not run");
    assert_eq!(count(&el, r#"[data-pod][data-status="Running"]"#), 0);

    // Scrolled into view, it runs.
    el.scroll_into_view();
    let waited = wait_until(10_000, || {
        count(&el, r#"[data-pod][data-status="Running"]"#) >= 2
    })
    .await;
    assert_eq!(
        count(&el, r#"[data-pod][data-status="Running"]"#),
        2,
        "visible again, the clock ran for {waited} ms"
    );

    // A hidden tab stops it; shown again, it goes on.
    set_tab_hidden(true);
    tick(200).await;
    let stopped = clock(&el);
    tick(1_000).await;
    assert_eq!(clock(&el), stopped, "a hidden tab stops the clock");
    set_tab_hidden(false);
    wait_until(5_000, || clock(&el) != stopped).await;
    assert_ne!(clock(&el), stopped, "shown again, the clock goes on");
    el.remove();
    spacer.remove();
    window.scroll_to_with_x_and_y(0.0, 0.0);
}
