//! DOM helpers shared by the component tests: mount a widget, find elements, type into the
//! kubectl console and press the time controls, as a reader would.
#![allow(dead_code)] // each test binary uses its own subset

use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// Lets Yew render what was dispatched.
pub async fn render() {
    yew::platform::time::sleep(Duration::from_millis(40)).await;
}

/// Adds a `div.paperkube` with the given attributes and mounts every widget on the page.
pub async fn mount(attrs: &[(&str, &str)]) -> Element {
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

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

pub async fn type_command(root: &Element, line: &str) {
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

pub async fn press(root: &Element, action: &str) {
    let button: HtmlElement = find(root, &format!(r#"button[data-action="{action}"]"#))
        .dyn_into()
        .expect("button");
    button.click();
    render().await;
}

pub async fn click(root: &Element, selector: &str) {
    let el: HtmlElement = find(root, selector).dyn_into().expect("clickable");
    el.click();
    render().await;
}

pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

pub fn attr(root: &Element, selector: &str, name: &str) -> String {
    find(root, selector).get_attribute(name).unwrap_or_default()
}
