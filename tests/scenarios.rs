//! Component tests of the scenario guide: the real widget in headless Chromium, opened on a
//! built-in scenario, driven as a reader would (console, time controls, the guide's buttons).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use web_sys::Element;

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Forgets what widget `id` saved (its cluster and its guide progress). The tests of this
/// file run at the same time on one page, so each uses its own widget ids and clears only
/// those.
fn clear_progress(id: &str) {
    let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let keys: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.contains(&format!("#{id}")))
        .collect();
    for k in keys {
        let _ = s.remove_item(&k);
    }
}

/// The guide's step once it has settled on `want` (the tests of this file share one busy
/// page, so a redraw may take longer than one render pause). Returns what it shows last.
async fn guide_step(root: &Element, want: &str) -> String {
    for _ in 0..50 {
        let now = attr(root, "[data-guide]", "data-step");
        if now == want {
            return now;
        }
        render().await;
    }
    attr(root, "[data-guide]", "data-step")
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
    clear_progress("open-ko");
    let root = mount(&[
        ("data-scenario", "break-and-fix"),
        ("data-lang", "ko"),
        ("data-id", "open-ko"),
    ])
    .await;
    let guide = find(&root, r#"[data-guide="break-and-fix"]"#);
    assert_eq!(
        guide.get_attribute("aria-label").as_deref(),
        Some("실습 가이드")
    );
    assert!(text(&root, ".pk-guide-title").contains("망가뜨리고 고치기"));
    assert_eq!(guide_step(&root, "1").await, "1");
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
    clear_progress("play-en");
    let root = mount(&[
        ("data-scenario", "break-and-fix"),
        ("data-lang", "en"),
        ("data-id", "play-en"),
    ])
    .await;
    assert!(text(&root, ".pk-guide-title").contains("Break and fix"));

    // A wrong try: no such pod. The hint appears, the step stays.
    type_command(&root, "kubectl delete pod hello-server").await;
    assert_eq!(guide_step(&root, "1").await, "1");
    assert!(text(&root, ".pk-guide-hint").contains("hello-server-"));

    let first = attr(&root, "[data-pod]", "data-pod");
    type_command(&root, &format!("kubectl delete pod {first}")).await;
    assert_eq!(guide_step(&root, "2").await, "2");
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
    assert_eq!(guide_step(&root, "4").await, "4");
    step_until_past(&root, 4, 40).await;

    // Reading the events has no check: the guide's "next" button.
    type_command(&root, "kubectl get events").await;
    assert_eq!(guide_step(&root, "5").await, "5");
    press(&root, "guide-next").await;
    assert_eq!(guide_step(&root, "6").await, "6");

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

/// The browser's storage keys that start with `prefix` and contain `part`.
fn stored_keys(prefix: &str, part: &str) -> Vec<String> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("storage");
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix) && k.contains(part))
        .collect()
}

fn set_stored(key: &str, value: Option<&str>) {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("storage");
    match value {
        Some(v) => storage.set_item(key, v).expect("set"),
        None => storage.remove_item(key).expect("remove"),
    }
}

#[wasm_bindgen_test]
async fn progress_survives_a_remount_and_corrupt_progress_is_ignored() {
    clear_progress("remount");
    let attrs = [
        ("data-scenario", "break-and-fix"),
        ("data-lang", "en"),
        ("data-id", "remount"),
    ];
    let root = mount(&attrs).await;
    let first = attr(&root, "[data-pod]", "data-pod");
    type_command(&root, &format!("kubectl delete pod {first}")).await;
    assert_eq!(guide_step(&root, "2").await, "2");
    root.remove();

    // The guide's progress and the cluster are both kept, under their own keys.
    let progress = stored_keys("paperkube-guide:", "#remount:");
    assert_eq!(progress.len(), 1, "{progress:?}");
    let again = mount(&attrs).await;
    assert_eq!(guide_step(&again, "2").await, "2");
    again.remove();

    // Corrupt progress (and a fresh cluster, so step 1 cannot pass by itself): step 1, no crash.
    set_stored(&progress[0], Some("{not json"));
    for key in stored_keys("paperkube:v1:", "#remount") {
        set_stored(&key, None);
    }
    let fresh = mount(&attrs).await;
    assert_eq!(guide_step(&fresh, "1").await, "1");
    fresh.remove();
}

#[wasm_bindgen_test]
async fn a_widget_that_keeps_nothing_keeps_no_progress_either() {
    clear_progress("ephemeral");
    let root = mount(&[
        ("data-scenario", "break-and-fix"),
        ("data-lang", "en"),
        ("data-id", "ephemeral"),
        ("data-persist", "false"),
    ])
    .await;
    let first = attr(&root, "[data-pod]", "data-pod");
    type_command(&root, &format!("kubectl delete pod {first}")).await;
    assert_eq!(guide_step(&root, "2").await, "2");
    root.remove();
    assert_eq!(
        stored_keys("paperkube", "ephemeral"),
        Vec::<String>::new(),
        "data-persist=false keeps nothing in the browser"
    );
}

#[wasm_bindgen_test]
async fn reset_starts_the_guide_over_and_no_scenario_means_no_guide() {
    clear_progress("reset");
    let root = mount(&[
        ("data-scenario", "break-and-fix"),
        ("data-lang", "en"),
        ("data-id", "reset"),
    ])
    .await;
    let first = attr(&root, "[data-pod]", "data-pod");
    type_command(&root, &format!("kubectl delete pod {first}")).await;
    press(&root, "step").await;
    assert_eq!(guide_step(&root, "2").await, "2");
    press(&root, "reset").await;
    assert_eq!(guide_step(&root, "1").await, "1");
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

/// Adds a `div.paperkube` carrying `yaml` as its inline scenario and mounts it.
async fn mount_inline(attrs: &[(&str, &str)], yaml: &str) -> Element {
    let host = document().create_element("div").expect("div");
    host.set_class_name("paperkube");
    for (k, v) in attrs {
        host.set_attribute(k, v).expect("attribute");
    }
    let script = document().create_element("script").expect("script");
    script
        .set_attribute("type", "application/yaml")
        .expect("type");
    script
        .set_attribute("data-paperkube-scenario", "")
        .expect("marker");
    script.set_text_content(Some(yaml));
    host.append_child(&script).expect("append script");
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    paperkube_widget::mount::mount_all();
    render().await;
    host
}

/// An author's scenario as a page would carry it (indented like the page around it).
const INLINE: &str = r#"
    name: scale-web
    title: {ko: "Deployment 늘리기", en: "Scale a Deployment"}
    intro: {ko: "web을 늘려 봅시다.", en: "Let's scale web."}
    seed: 3
    speed: 10
    panels: [time, console]
    start: |
      kubectl create deployment web --image=nginx:1.25.3 --replicas=2
    steps:
      - title: {ko: "3개로 늘리기", en: "Scale to three"}
        do: {ko: "replicas를 3으로 바꿔 보세요.", en: "Change replicas to 3."}
        command: kubectl scale deployment web --replicas=3
        why: {ko: "컨트롤러가 나머지를 맞춥니다.", en: "The controllers do the rest."}
        check:
          cmd: kubectl get deployment web -o jsonpath={.spec.replicas}
          equals: 3
        hint: {ko: "`--replicas=3`으로 주세요.", en: "Use `--replicas=3`."}
    summary: {ko: "늘렸습니다.", en: "Scaled."}
"#;

#[wasm_bindgen_test]
async fn an_inline_scenario_is_followed_without_a_build() {
    clear_progress("inline");
    let root = mount_inline(&[("data-lang", "en"), ("data-id", "inline")], INLINE).await;
    assert_eq!(attr(&root, "[data-guide]", "data-guide"), "scale-web");
    assert!(text(&root, ".pk-guide-title").contains("Scale a Deployment"));
    // Its panels: time and console, no kubectl panels, no break-and-fix buttons.
    assert!(all(&root, ".pk-panels").is_empty());
    assert!(all(&root, ".pk-actions").is_empty());
    assert_eq!(all(&root, r#"button[data-action="step"]"#).len(), 1);
    type_command(&root, "kubectl scale deployment web --replicas=3").await;
    assert_eq!(attr(&root, "[data-guide]", "data-finished"), "true");
    assert!(text(&root, ".pk-guide-summary").contains("Scaled."));
    root.remove();
}

#[wasm_bindgen_test]
async fn an_invalid_inline_scenario_says_where_in_both_languages() {
    let bad = INLINE.replace(
        r#"why: {ko: "컨트롤러가 나머지를 맞춥니다.", en: "The controllers do the rest."}"#,
        r#"why: {ko: "컨트롤러가 나머지를 맞춥니다."}"#,
    );
    for (lang, words) in [
        ("ko", "시나리오 13번째 줄"),
        ("en", "line 13 of the scenario"),
    ] {
        let id = format!("invalid-{lang}");
        clear_progress(&id);
        let root = mount_inline(&[("data-lang", lang), ("data-id", &id)], &bad).await;
        assert!(all(&root, "[data-guide]").is_empty(), "no guide");
        let error = text(&root, ".pk-guide-invalid");
        assert!(error.contains(words), "{error}");
        assert!(error.contains("steps[0].why"), "{error}");
        assert!(error.contains("missing field `en`"), "{error}");
        assert_eq!(attr(&root, ".pk-guide-invalid", "data-guide-error"), "13");
        // The cluster still works: an empty one, a console to type in.
        assert_eq!(all(&root, r#"input[aria-label="kubectl"]"#).len(), 1);
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn a_scenario_opens_its_panels() {
    clear_progress("panels");
    // pod-lifecycle lists `pod` and `events`: the first Pod's panel and the Events tab open.
    let root = mount(&[
        ("data-scenario", "pod-lifecycle"),
        ("data-lang", "en"),
        ("data-id", "panels"),
    ])
    .await;
    assert_eq!(
        attr(&root, "[data-selected-pod]", "data-selected-pod"),
        "init-demo",
        "the first Pod's panel is open"
    );
    assert_eq!(
        attr(&root, r#"[data-tab="get-events"]"#, "aria-selected"),
        "true"
    );
    // It does not list `actions`: no break-and-fix buttons.
    assert!(all(&root, ".pk-actions").is_empty());
    root.remove();
    // `data-controls` on the page still wins over the scenario's panels.
    let root = mount(&[
        ("data-scenario", "pod-lifecycle"),
        ("data-controls", "all"),
        ("data-id", "panels-all"),
    ])
    .await;
    assert_eq!(all(&root, ".pk-actions").len(), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn two_widgets_of_one_scenario_keep_their_own_progress() {
    clear_progress("two-a");
    clear_progress("two-b");
    let a = mount(&[("data-scenario", "break-and-fix"), ("data-id", "two-a")]).await;
    let b = mount(&[("data-scenario", "break-and-fix"), ("data-id", "two-b")]).await;
    let first = attr(&a, "[data-pod]", "data-pod");
    type_command(&a, &format!("kubectl delete pod {first}")).await;
    assert_eq!(guide_step(&a, "2").await, "2");
    assert_eq!(guide_step(&b, "1").await, "1");
    a.remove();
    b.remove();
    // Mounted again, each finds its own step.
    let a = mount(&[("data-scenario", "break-and-fix"), ("data-id", "two-a")]).await;
    let b = mount(&[("data-scenario", "break-and-fix"), ("data-id", "two-b")]).await;
    assert_eq!(guide_step(&a, "2").await, "2");
    assert_eq!(guide_step(&b, "1").await, "1");
    a.remove();
    b.remove();
}
