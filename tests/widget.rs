//! Component tests: the real widget mounted in headless Chromium, driven through its DOM
//! contract (docs/dom.md) as a reader would.
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

/// Lets Yew render what was dispatched.
async fn render() {
    yew::platform::time::sleep(Duration::from_millis(40)).await;
}

/// Adds a `div.paperkube` with the given attributes and mounts every widget on the page.
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

#[wasm_bindgen_test]
async fn mounts_with_the_dom_contract_in_korean() {
    let root = mount(&[("data-lang", "ko"), ("data-speed", "1")]).await;
    for action in ["play", "pause", "step", "faster", "slower", "reset"] {
        find(&root, &format!(r#"button[data-action="{action}"]"#));
    }
    find(&root, r#"[role="log"]"#);
    let play = find(&root, r#"button[data-action="play"]"#);
    assert_eq!(play.get_attribute("aria-label").as_deref(), Some("재생"));
    assert!(
        find(&root, r#"button[data-action="pause"]"#).has_attribute("disabled"),
        "paused at start"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_deployment_steps_to_three_running_pods() {
    let root = mount(&[("data-lang", "en")]).await;
    type_command(
        &root,
        "kubectl create deployment web --image=nginx:1.25.3 --replicas=3",
    )
    .await;
    let log = find(&root, r#"[role="log"]"#)
        .text_content()
        .unwrap_or_default();
    assert!(
        log.contains("deployment.apps/web created"),
        "console shows kubectl's answer: {log}"
    );
    // Commands do not advance time: the deployment is drawn, no pods yet.
    find(&root, r#"[data-deployment="web"]"#);
    assert!(all(&root, "[data-pod]").is_empty());

    press(&root, "step").await;
    let pods = all(&root, "[data-pod]");
    assert_eq!(pods.len(), 3);
    assert!(pods
        .iter()
        .all(|p| p.get_attribute("data-status").as_deref() == Some("ContainerCreating")));
    let lane = find(&root, "[data-replicaset]");
    assert_eq!(lane.get_attribute("data-desired").as_deref(), Some("3"));
    assert_eq!(lane.get_attribute("data-current").as_deref(), Some("3"));

    press(&root, "step").await;
    let pods = all(&root, "[data-pod]");
    let panel = find(&root, r#"[data-panel="get-pods"]"#)
        .text_content()
        .unwrap_or_default();
    for pod in &pods {
        assert_eq!(pod.get_attribute("data-status").as_deref(), Some("Running"));
        assert_eq!(pod.get_attribute("data-ready").as_deref(), Some("1/1"));
        let name = pod.get_attribute("data-pod").unwrap_or_default();
        assert!(
            panel
                .lines()
                .any(|l| l.starts_with(&name) && l.contains("Running")),
            "the picture agrees with kubectl get pods: {panel}"
        );
    }
    assert_eq!(
        find(&root, "[data-replicaset]")
            .get_attribute("data-ready")
            .as_deref(),
        Some("3")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn widgets_on_one_page_are_independent_and_reset_works() {
    let a = mount(&[("data-lang", "en")]).await;
    let b = mount(&[("data-lang", "en")]).await;
    type_command(&a, "kubectl create deployment one --image=nginx:1.25.3").await;
    press(&a, "step").await;
    assert_eq!(all(&a, "[data-pod]").len(), 1);
    assert!(
        all(&b, "[data-pod]").is_empty(),
        "the other widget has its own cluster"
    );
    press(&a, "reset").await;
    assert!(all(&a, "[data-pod]").is_empty());
    assert!(all(&a, "[data-deployment]").is_empty());
    a.remove();
    b.remove();
}

#[wasm_bindgen_test]
async fn a_bad_command_answers_like_kubectl_and_the_widget_keeps_running() {
    let root = mount(&[("data-lang", "en")]).await;
    type_command(&root, "kubectl get pods nope").await;
    type_command(&root, "kubectl frobnicate").await;
    type_command(&root, "kubectl get pods 'unterminated").await;
    let log = find(&root, r#"[role="log"]"#)
        .text_content()
        .unwrap_or_default();
    assert!(
        log.contains(r#"Error from server (NotFound): pods "nope" not found"#),
        "{log}"
    );
    assert!(
        log.contains(r#"error: unknown command "frobnicate" for "kubectl""#),
        "{log}"
    );
    type_command(&root, "kubectl create deployment ok --image=nginx:1.25.3").await;
    assert!(find(&root, r#"[role="log"]"#)
        .text_content()
        .unwrap_or_default()
        .contains("deployment.apps/ok created"));
    root.remove();
}
