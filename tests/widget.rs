//! Component tests: the real widget mounted in headless Chromium, driven through its DOM
//! contract (docs/dom.md) as a reader would.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

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
        // kubectl's own casing of the prefix is the engine's business; the widget shows it as is.
        log.contains(r#"unknown command "frobnicate" for "kubectl""#),
        "{log}"
    );
    type_command(&root, "kubectl create deployment ok --image=nginx:1.25.3").await;
    assert!(find(&root, r#"[role="log"]"#)
        .text_content()
        .unwrap_or_default()
        .contains("deployment.apps/ok created"));
    root.remove();
}

/// Creates the example with its button and steps until its pods run.
async fn example_running(root: &Element) {
    if !all(root, r#"button[data-action="create-example"]"#).is_empty() {
        click(root, r#"button[data-action="create-example"]"#).await;
    }
    for _ in 0..40 {
        let pods = all(root, "[data-pod]");
        if pods.len() == 3
            && pods
                .iter()
                .all(|p| p.get_attribute("data-status").as_deref() == Some("Running"))
        {
            return;
        }
        press(root, "step").await;
    }
    panic!("the example's pods never ran");
}

#[wasm_bindgen_test]
async fn pulling_pods_show_a_progress_bar_that_ends_when_they_run() {
    let root = mount(&[("data-lang", "en")]).await;
    click(&root, r#"button[data-action="create-example"]"#).await;
    press(&root, "step").await;
    let creating = all(&root, r#"[data-pod][data-status="ContainerCreating"]"#);
    assert_eq!(creating.len(), 3);
    for pod in &creating {
        assert!(
            pod.query_selector(".pk-pod-bar").ok().flatten().is_some(),
            "a pulling pod draws its pull progress"
        );
        let label = pod.text_content().unwrap_or_default();
        assert!(label.contains("pulling image"), "{label}");
    }
    example_running(&root).await;
    assert!(all(&root, ".pk-pod-bar").is_empty(), "no bar once running");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_rollout_meter_draws_replicas_plus_surge_and_the_floor() {
    let root = mount(&[("data-lang", "ko")]).await;
    example_running(&root).await;
    let meter = find(&root, ".pk-rollout");
    assert_eq!(meter.get_attribute("data-max-pods").as_deref(), Some("4"));
    assert_eq!(
        meter.get_attribute("data-min-available").as_deref(),
        Some("3")
    );
    assert_eq!(all(&root, ".pk-slot").len(), 4);
    assert_eq!(all(&root, ".pk-slot-available").len(), 3);
    assert!(
        text(&root, ".pk-rollout").contains("최소 3개 유지"),
        "{}",
        text(&root, ".pk-rollout")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn selecting_a_pod_opens_its_panel_with_phase_status_lifecycle_and_describe() {
    let root = mount(&[("data-lang", "en")]).await;
    example_running(&root).await;
    let name = all(&root, "[data-pod]")[0]
        .get_attribute("data-pod")
        .unwrap_or_default();
    click(&root, &format!(r#"[data-pod="{name}"] button"#)).await;
    let side = find(&root, &format!(r#"aside[data-selected-pod="{name}"]"#));
    assert_eq!(text(&side, r#"[data-field="phase"]"#), "Running");
    assert!(text(&side, r#"[data-field="status"]"#).contains("Running"));
    assert_eq!(
        find(&side, r#"[aria-current="step"]"#)
            .get_attribute("data-phase")
            .as_deref(),
        Some("Running")
    );
    assert_eq!(all(&side, ".pk-phase").len(), 5, "the five phases");
    // The arrow diagram: five phase boxes, three arrows, Running highlighted.
    assert_eq!(all(&side, "svg .pk-lc-node").len(), 5);
    assert_eq!(all(&side, "svg .pk-lc-arrow").len(), 3);
    assert_eq!(attr(&side, "svg .pk-lc-current", "data-phase"), "Running");
    let describe = text(&side, r#"[data-panel="describe-pod"]"#);
    assert!(describe.starts_with("Name:"), "{describe}");
    assert!(
        describe.contains(&name) && describe.contains("Started"),
        "{describe}"
    );
    assert!(text(&side, ".pk-containers").contains("Running (started"));
    assert_eq!(
        find(&root, &format!(r#"[data-pod="{name}"] button"#))
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    // Escape closes it.
    let init = KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    find(&side, "button").dispatch_event(&ev).expect("dispatch");
    render().await;
    assert!(all(&root, "aside").is_empty(), "Escape closes the panel");
    root.remove();
}

#[wasm_bindgen_test]
async fn kubectl_tabs_show_the_engines_text() {
    let root = mount(&[("data-lang", "en")]).await;
    example_running(&root).await;
    let rs = text(&root, r#"[data-panel="get-rs"]"#);
    assert!(rs.starts_with("NAME"), "get rs is the first tab: {rs}");
    assert!(rs.contains("web-"), "{rs}");
    click(&root, r#"[data-tab="get-deploy"]"#).await;
    let deploy = text(&root, r#"[data-panel="get-deploy"]"#);
    assert!(deploy.contains("web    3/3"), "{deploy}");
    click(&root, r#"[data-tab="get-events"]"#).await;
    assert!(text(&root, r#"[data-panel="get-events"]"#).contains("Scheduled"));
    assert!(
        text(&root, r#"[data-panel="get-pods"]"#).starts_with("NAME"),
        "get pods stays visible"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn the_table_view_lists_the_same_pods() {
    let root = mount(&[("data-lang", "en")]).await;
    example_running(&root).await;
    let names: Vec<String> = all(&root, "[data-pod]")
        .iter()
        .filter_map(|p| p.get_attribute("data-pod"))
        .collect();
    click(&root, r#"button[data-action="view-table"]"#).await;
    let rows: Vec<String> = all(&root, "[data-row-pod]")
        .iter()
        .filter_map(|p| p.get_attribute("data-row-pod"))
        .collect();
    assert_eq!(rows, names);
    assert!(text(&root, "table").contains("Running"));
    click(&root, r#"button[data-action="view-picture"]"#).await;
    assert_eq!(all(&root, "[data-pod]").len(), 3);
    root.remove();
}

#[wasm_bindgen_test]
async fn state_changes_are_announced_in_the_live_region() {
    let root = mount(&[("data-lang", "en")]).await;
    click(&root, r#"button[data-action="create-example"]"#).await;
    press(&root, "step").await;
    let live = find(&root, r#"[data-live="announcements"]"#);
    assert_eq!(live.get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(
        live.text_content()
            .unwrap_or_default()
            .contains("created (ContainerCreating)"),
        "{:?}",
        live.text_content()
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn losing_a_node_greys_its_pods_once_the_node_controller_notices() {
    let root = mount(&[("data-lang", "en")]).await;
    example_running(&root).await;
    click(&root, r#"button[data-action="lose-node"]"#).await;
    let log = text(&root, r#"[role="log"]"#);
    assert!(log.contains(": power off"), "{log}");
    assert!(
        all(&root, ".pk-pod-lost").is_empty(),
        "the API has not noticed yet: nothing greys"
    );
    for _ in 0..200 {
        if !all(&root, ".pk-pod-lost").is_empty() {
            break;
        }
        press(&root, "step").await;
    }
    assert!(
        !all(&root, ".pk-pod-lost").is_empty(),
        "pods on the lost node grey"
    );
    assert!(!all(&root, r#"[data-node-ready="Unknown"]"#).is_empty());
    // The fix: power on.
    click(&root, r#"button[data-action="power-on"]"#).await;
    assert!(text(&root, r#"[role="log"]"#).contains(": power on"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_bad_strategy_value_is_refused_before_kubectl() {
    let root = mount(&[("data-lang", "ko")]).await;
    example_running(&root).await;
    let input: HtmlInputElement = find(
        &root,
        r#"[data-form="strategy"] input[data-field="max-surge"]"#,
    )
    .dyn_into()
    .expect("input");
    // What typing does: the value changes and an input event follows.
    input.set_value("lots");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).expect("event");
    input.dispatch_event(&ev).expect("dispatch");
    render().await;
    click(&root, r#"button[data-action="strategy"]"#).await;
    assert!(text(&root, r#"[role="alert"]"#).contains("백분율"));
    assert!(!text(&root, r#"[role="log"]"#).contains("kubectl patch"));
    root.remove();
}
