//! Component tests of the scenario guide: the real widget in headless Chromium, opened on a
//! built-in scenario, driven as a reader would (console, time controls, the guide's buttons).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

async fn render() {
    yew::platform::time::sleep(Duration::from_millis(40)).await;
}

fn clear_progress() {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.clear();
    }
}

async fn mount(attrs: &[(&str, &str)]) -> Element {
    let host = document().create_element("div").expect("div");
    host.set_class_name("paperkube");
    for (k, v) in attrs {
        host.set_attribute(k, v).expect("attribute");
    }
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    paperkube_widget::mount::mount_all();
    render().await;
    host
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

fn attr(root: &Element, selector: &str, name: &str) -> String {
    find(root, selector).get_attribute(name).unwrap_or_default()
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

async fn type_command(root: &Element, line: &str) {
    let input: HtmlInputElement = find(root, r#"input[aria-label="kubectl"]"#)
        .dyn_into()
        .expect("input");
    input.set_value(line);
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    input.dispatch_event(&ev).expect("dispatch");
    render().await;
}

async fn press(root: &Element, action: &str) {
    let button: HtmlElement = find(root, &format!(r#"button[data-action="{action}"]"#))
        .dyn_into()
        .expect("button");
    button.click();
    render().await;
}

/// Presses "step" until the guide leaves `step` (at most `limit` presses).
async fn step_until_past(root: &Element, step: usize, limit: usize) {
    for _ in 0..limit {
        if attr(root, "[data-guide]", "data-step") != step.to_string() {
            return;
        }
        press(root, "step").await;
    }
    panic!(
        "step {step} did not pass after {limit} presses of step; pods:\n{}\nstep disabled: {}",
        text(root, r#"[data-panel="get-pods"]"#),
        find(root, r#"button[data-action="step"]"#).has_attribute("disabled")
    );
}

#[wasm_bindgen_test]
async fn opens_on_the_scenario_with_its_guide_in_korean() {
    clear_progress();
    let root = mount(&[("data-scenario", "break-and-fix"), ("data-lang", "ko")]).await;
    let guide = find(&root, r#"[data-guide="break-and-fix"]"#);
    assert_eq!(
        guide.get_attribute("aria-label").as_deref(),
        Some("실습 가이드")
    );
    assert!(text(&root, ".pk-guide-title").contains("망가뜨리고 고치기"));
    assert_eq!(attr(&root, "[data-guide]", "data-step"), "1");
    assert_eq!(attr(&root, "[data-guide]", "data-steps"), "7");
    assert_eq!(
        attr(&root, r#"[data-guide-step="1"]"#, "data-state"),
        "current"
    );
    // The start script ran: three Running hello-server pods.
    let pods = all(&root, "[data-pod]");
    assert_eq!(pods.len(), 3);
    assert!(pods
        .iter()
        .all(|p| p.get_attribute("data-status").as_deref() == Some("Running")));
    root.remove();
}

#[wasm_bindgen_test]
async fn break_and_fix_plays_through_in_english_with_a_hint_after_a_wrong_try() {
    clear_progress();
    let root = mount(&[("data-scenario", "break-and-fix"), ("data-lang", "en")]).await;
    assert!(text(&root, ".pk-guide-title").contains("Break and fix"));

    // A wrong try: no such pod. The hint appears, the step stays.
    type_command(&root, "kubectl delete pod hello-server").await;
    assert_eq!(attr(&root, "[data-guide]", "data-step"), "1");
    assert!(text(&root, ".pk-guide-hint").contains("hello-server-"));

    let first = attr(&root, "[data-pod]", "data-pod");
    type_command(&root, &format!("kubectl delete pod {first}")).await;
    assert_eq!(attr(&root, "[data-guide]", "data-step"), "2");
    assert_eq!(
        attr(&root, r#"[data-guide-step="1"]"#, "data-state"),
        "done"
    );
    assert!(
        all(&root, ".pk-guide-hint").is_empty(),
        "a new step starts without a hint"
    );

    step_until_past(&root, 2, 40).await;
    type_command(
        &root,
        "kubectl set image deployment/hello-server hello-server=blux2/hello-server:1.9",
    )
    .await;
    assert_eq!(attr(&root, "[data-guide]", "data-step"), "4");
    step_until_past(&root, 4, 40).await;

    // Reading the events has no check: the guide's "next" button.
    type_command(&root, "kubectl get events").await;
    assert_eq!(attr(&root, "[data-guide]", "data-step"), "5");
    press(&root, "guide-next").await;
    assert_eq!(attr(&root, "[data-guide]", "data-step"), "6");

    type_command(
        &root,
        "kubectl set image deployment/hello-server hello-server=blux2/hello-server:1.1",
    )
    .await;
    step_until_past(&root, 7, 80).await;
    assert_eq!(attr(&root, "[data-guide]", "data-finished"), "true");
    assert_eq!(
        attr(&root, "[data-guide]", "data-step"),
        "8",
        "steps + 1 when finished"
    );
    assert!(text(&root, ".pk-guide-summary").contains("Well done"));
    assert_eq!(all(&root, "[data-replicaset]").len(), 3);
    root.remove();
}

#[wasm_bindgen_test]
async fn progress_survives_a_remount_and_corrupt_progress_is_ignored() {
    clear_progress();
    let root = mount(&[("data-scenario", "break-and-fix"), ("data-lang", "en")]).await;
    let first = attr(&root, "[data-pod]", "data-pod");
    type_command(&root, &format!("kubectl delete pod {first}")).await;
    assert_eq!(attr(&root, "[data-guide]", "data-step"), "2");
    root.remove();

    let again = mount(&[("data-scenario", "break-and-fix"), ("data-lang", "en")]).await;
    assert_eq!(attr(&again, "[data-guide]", "data-step"), "2");
    again.remove();

    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("storage");
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with("paperkube-guide:"))
        .collect();
    assert_eq!(keys.len(), 1, "{keys:?}");
    storage.set_item(&keys[0], "{not json").expect("set");
    let fresh = mount(&[("data-scenario", "break-and-fix"), ("data-lang", "en")]).await;
    assert_eq!(attr(&fresh, "[data-guide]", "data-step"), "1");
    fresh.remove();
}

#[wasm_bindgen_test]
async fn reset_starts_the_guide_over_and_no_scenario_means_no_guide() {
    clear_progress();
    let root = mount(&[("data-scenario", "break-and-fix"), ("data-lang", "en")]).await;
    let first = attr(&root, "[data-pod]", "data-pod");
    type_command(&root, &format!("kubectl delete pod {first}")).await;
    press(&root, "step").await;
    assert_eq!(attr(&root, "[data-guide]", "data-step"), "2");
    press(&root, "reset").await;
    assert_eq!(attr(&root, "[data-guide]", "data-step"), "1");
    assert_eq!(
        all(&root, "[data-pod]").len(),
        3,
        "the start script ran again"
    );
    root.remove();

    let plain = mount(&[("data-lang", "en")]).await;
    assert!(all(&plain, "[data-guide]").is_empty());
    plain.remove();
    let unknown = mount(&[("data-scenario", "no-such-scenario")]).await;
    assert!(all(&unknown, "[data-guide]").is_empty());
    unknown.remove();
}
