//! Component tests of the scenario guide: the real widget in headless Chromium, opened on a
//! built-in scenario, driven as a reader would (console, time controls, the guide's buttons).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use web_sys::Element;

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn clear_progress() {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.clear();
    }
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
