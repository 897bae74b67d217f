//! Component tests of the manifest editor (docs/dom.md, "The manifest editor"): the real
//! widget in headless Chromium, driven as a reader would — typing into the textarea,
//! pressing Apply, Save and Cancel, picking templates, `kubectl edit` from the console.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlSelectElement, HtmlTextAreaElement};
use web_sys::{KeyboardEvent, KeyboardEventInit};

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

const TEXT: &str = r#"textarea[data-editor="text"]"#;

fn textarea(root: &Element) -> HtmlTextAreaElement {
    find(root, TEXT).dyn_into().expect("textarea")
}

fn bubbling(kind: &str) -> Event {
    let init = EventInit::new();
    init.set_bubbles(true);
    Event::new_with_event_init_dict(kind, &init).expect("event")
}

/// Replaces the editor's text as typing or pasting would (an `input` event).
async fn type_manifest(root: &Element, text: &str) {
    let ta = textarea(root);
    ta.set_value(text);
    ta.dispatch_event(&bubbling("input")).expect("dispatch");
    render().await;
}

async fn open_editor(root: &Element) {
    if attr(root, r#"button[data-action="editor"]"#, "aria-expanded") != "true" {
        press(root, "editor").await;
    }
}

async fn pick_template(root: &Element, value: &str) {
    let select: HtmlSelectElement = find(root, r#"select[data-editor="template"]"#)
        .dyn_into()
        .expect("select");
    select.set_value(value);
    select
        .dispatch_event(&bubbling("change"))
        .expect("dispatch");
    render().await;
}

fn log(root: &Element) -> String {
    text(root, r#"[role="log"]"#)
}

/// What the last command printed (the log after its `$ line`).
async fn kubectl_answer(root: &Element, line: &str) -> String {
    type_command(root, line).await;
    let entries = all(root, r#"[role="log"] > div"#);
    let at = entries
        .iter()
        .rposition(|e| e.text_content().unwrap_or_default() == format!("$ {line}"))
        .expect("the command is echoed");
    entries[at + 1..]
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25.3
";

#[wasm_bindgen_test]
async fn apply_creates_what_the_manifest_says_and_prints_kubectls_lines() {
    let root = mount(&[("data-lang", "en")]).await;
    open_editor(&root).await;
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  containers:\n  - name: c\n    image: nginx:1.25.3\n";
    type_manifest(&root, &format!("{DEPLOYMENT}---\n{pod}")).await;
    press(&root, "apply-manifest").await;
    let log = log(&root);
    assert!(log.contains("$ kubectl apply -f - <<EOF"), "{log}");
    assert!(log.contains("deployment.apps/web created"), "{log}");
    assert!(log.contains("pod/solo created"), "{log}");
    assert!(all(&root, r#"[data-editor="error"]"#).is_empty());
    assert!(!textarea(&root).has_attribute("aria-invalid"));
    for _ in 0..6 {
        press(&root, "step").await;
    }
    let running = all(&root, r#"[data-pod][data-status="Running"]"#);
    assert_eq!(running.len(), 3, "two web pods and solo run");
    // The text stays, as the file stays after `kubectl apply -f`: applying again is a no-op.
    press(&root, "apply-manifest").await;
    assert!(log_tail(&root).contains("deployment.apps/web unchanged"));
    root.remove();
}

fn log_tail(root: &Element) -> String {
    let entries = all(root, r#"[role="log"] > div"#);
    let start = entries
        .iter()
        .rposition(|e| e.text_content().unwrap_or_default().starts_with("$ "))
        .unwrap_or(0);
    entries[start..]
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

#[wasm_bindgen_test]
async fn a_yaml_mistake_is_shown_at_its_line_and_nothing_is_created() {
    let root = mount(&[("data-lang", "en")]).await;
    open_editor(&root).await;
    let broken = DEPLOYMENT.replace("  name: web\n", "  name: web\n  labels: app: web\n");
    type_manifest(&root, &broken).await;
    press(&root, "apply-manifest").await;

    let error = find(&root, r#"[data-editor="error"]"#);
    assert_eq!(error.get_attribute("data-line").as_deref(), Some("5"));
    let shown = error.text_content().unwrap_or_default();
    assert!(shown.contains("Line 5, column 14"), "{shown}");
    assert!(
        shown.contains("error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context"),
        "kubectl's words, verbatim: {shown}"
    );
    find(&root, r#"[data-editor="gutter"] [data-error-line="5"]"#);
    let ta = textarea(&root);
    assert_eq!(ta.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = ta.get_attribute("aria-describedby").unwrap_or_default();
    let error_id = find(&root, ".pk-editor-error").id();
    assert!(described.split(' ').any(|id| id == error_id), "{described}");
    // The reader's text is untouched.
    assert_eq!(ta.value(), broken);
    assert!(kubectl_answer(&root, "kubectl get deployments")
        .await
        .contains("No resources found"));

    // Fixed, it applies and the error goes.
    type_manifest(&root, DEPLOYMENT).await;
    press(&root, "apply-manifest").await;
    assert!(all(&root, r#"[data-editor="error"]"#).is_empty());
    assert!(all(&root, "[data-error-line]").is_empty());
    assert!(!textarea(&root).has_attribute("aria-invalid"));
    assert!(log(&root).contains("deployment.apps/web created"));
    root.remove();
}

#[wasm_bindgen_test]
async fn an_api_server_error_is_verbatim_and_points_at_the_field() {
    let root = mount(&[("data-lang", "ko")]).await;
    open_editor(&root).await;
    type_manifest(&root, &DEPLOYMENT.replace("  replicas: 2", "  replica: 2")).await;
    press(&root, "apply-manifest").await;
    let error = find(&root, r#"[data-editor="error"]"#);
    assert_eq!(error.get_attribute("data-line").as_deref(), Some("6"));
    let shown = text(&root, ".pk-editor-message");
    assert_eq!(
        shown,
        "Error from server (BadRequest): error when creating \"STDIN\": Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\""
    );
    assert!(text(&root, ".pk-editor-where").contains("6번째 줄"));
    // A validation error (selector vs labels), at the template's labels.
    type_manifest(
        &root,
        &DEPLOYMENT.replace("        app: web", "        app: api"),
    )
    .await;
    press(&root, "apply-manifest").await;
    let shown = text(&root, ".pk-editor-message");
    assert!(
        shown.starts_with(
            "The Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value"
        ),
        "{shown}"
    );
    assert_eq!(
        attr(&root, r#"[data-editor="error"]"#, "data-line"),
        "12",
        "the labels: line under template.metadata"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn templates_keep_the_readers_draft_and_closing_keeps_the_text() {
    let root = mount(&[("data-lang", "en")]).await;
    open_editor(&root).await;
    type_manifest(&root, "kind: Pod\n# mine\n").await;
    // Closing and reopening the panel keeps the text.
    press(&root, "editor").await;
    assert!(find(&root, ".pk-editor-body").has_attribute("hidden"));
    press(&root, "editor").await;
    assert_eq!(textarea(&root).value(), "kind: Pod\n# mine\n");

    pick_template(&root, "replicaset").await;
    assert!(textarea(&root).value().contains("name: httpserver"));
    assert!(
        all(
            &root,
            r#"select[data-editor="template"] option[value="draft"]"#
        )
        .len()
            == 1
    );
    press(&root, "apply-manifest").await;
    assert!(log(&root).contains("replicaset.apps/httpserver created"));

    pick_template(&root, "draft").await;
    assert_eq!(textarea(&root).value(), "kind: Pod\n# mine\n");
    root.remove();
}

#[wasm_bindgen_test]
async fn kubectl_edit_opens_the_live_object_and_save_applies_it() {
    let root = mount(&[("data-lang", "en")]).await;
    open_editor(&root).await;
    type_manifest(&root, "# my manifest\n").await;
    type_command(
        &root,
        "kubectl create deployment web --image=nginx:1.25.3 --replicas=3",
    )
    .await;
    type_command(&root, "kubectl edit deployment/web").await;

    assert_eq!(
        attr(&root, r#"[data-editor="panel"]"#, "data-editor-mode"),
        "edit"
    );
    assert!(!find(&root, ".pk-editor-body").has_attribute("hidden"));
    let opened = textarea(&root).value();
    assert!(
        opened.starts_with(
            "# Please edit the object below. Lines beginning with a '#' will be ignored,"
        ),
        "{opened}"
    );
    assert!(opened.contains("  replicas: 3\n"), "{opened}");
    // The edit takes the focus, as kubectl opens an editor.
    let active = document().active_element().expect("focus");
    assert_eq!(active.get_attribute("data-editor").as_deref(), Some("text"));

    type_manifest(
        &root,
        &opened.replacen("  replicas: 3\n", "  replicas: 5\n", 1),
    )
    .await;
    press(&root, "save-edit").await;
    assert!(log(&root).contains("deployment.apps/web edited"));
    assert_eq!(
        attr(&root, r#"[data-editor="panel"]"#, "data-editor-mode"),
        "apply"
    );
    assert!(find(&root, ".pk-editor-body").has_attribute("hidden"));
    // The manifest put aside comes back.
    assert_eq!(textarea(&root).value(), "# my manifest\n");
    assert_eq!(
        kubectl_answer(
            &root,
            "kubectl get deployment web -o jsonpath={.spec.replicas}"
        )
        .await,
        "5"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn an_invalid_edit_keeps_the_text_and_cancel_changes_nothing() {
    let root = mount(&[("data-lang", "en")]).await;
    type_command(
        &root,
        "kubectl create deployment web --image=nginx:1.25.3 --replicas=3",
    )
    .await;
    type_command(&root, "kubectl edit deployment web").await;
    let opened = textarea(&root).value();
    let bad = opened.replacen("  replicas: 3\n", "  replicas: -1\n", 1);
    type_manifest(&root, &bad).await;
    press(&root, "save-edit").await;

    assert_eq!(
        attr(&root, r#"[data-editor="panel"]"#, "data-editor-mode"),
        "edit"
    );
    assert_eq!(textarea(&root).value(), bad, "the reader's text is kept");
    let message = text(&root, ".pk-editor-message");
    assert!(
        message.contains("spec.replicas: Invalid value: -1"),
        "{message}"
    );
    assert!(
        message.ends_with("error: Edit cancelled, no valid changes were saved."),
        "{message}"
    );
    let line = bad.lines().position(|l| l == "  replicas: -1").unwrap() + 1;
    assert_eq!(
        attr(&root, r#"[data-editor="error"]"#, "data-line"),
        line.to_string()
    );

    press(&root, "cancel-edit").await;
    assert!(log(&root).contains("Edit cancelled, no changes made."));
    assert_eq!(
        attr(&root, r#"[data-editor="panel"]"#, "data-editor-mode"),
        "apply"
    );
    assert_eq!(
        kubectl_answer(
            &root,
            "kubectl get deployment web -o jsonpath={.spec.replicas}"
        )
        .await,
        "3"
    );
    root.remove();
}

fn key(el: &HtmlTextAreaElement, key: &str, ctrl: bool) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    el.dispatch_event(&ev).expect("dispatch");
    ev.default_prevented()
}

#[wasm_bindgen_test]
async fn tab_indents_but_escape_then_tab_leaves_and_ctrl_enter_applies() {
    let root = mount(&[("data-lang", "en")]).await;
    open_editor(&root).await;
    type_manifest(&root, DEPLOYMENT).await;
    let ta = textarea(&root);
    ta.focus().expect("focus");
    let end = ta.value().encode_utf16().count() as u32;
    ta.set_selection_range(end, end).expect("caret");
    assert!(key(&ta, "Tab", false), "Tab stays in the editor");
    render().await;
    assert_eq!(
        textarea(&root).value(),
        format!("{DEPLOYMENT}  "),
        "two spaces"
    );
    assert!(!key(&ta, "Escape", false));
    assert!(!key(&ta, "Tab", false), "after Esc, Tab moves the focus on");
    assert!(
        key(&ta, "Tab", false),
        "only the Tab right after Esc leaves"
    );

    type_manifest(&root, DEPLOYMENT).await;
    assert!(key(&textarea(&root), "Enter", true));
    render().await;
    assert!(log(&root).contains("deployment.apps/web created"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_huge_paste_is_kept_plain_and_refused_clearly() {
    let root = mount(&[("data-lang", "en")]).await;
    open_editor(&root).await;
    // 1.2 MB: more than the engine accepts, far more than the editor colours.
    let huge = "# padding line for a huge paste\n".repeat(40_000);
    type_manifest(&root, &huge).await;
    assert_eq!(all(&root, ".pk-editor-code.pk-editor-plain").len(), 1);
    press(&root, "apply-manifest").await;
    let message = text(&root, ".pk-editor-message");
    assert!(message.contains("larger than the"), "{message}");
    assert_eq!(
        textarea(&root).value().len(),
        huge.len(),
        "the text is kept"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn tab_in_the_console_completes_and_an_empty_prompt_lets_tab_move_on() {
    let root = mount(&[("data-lang", "en")]).await;
    type_command(&root, "kubectl create deployment web --image=nginx:1.25.3").await;
    let input: web_sys::HtmlInputElement = find(&root, r#"input[aria-label="kubectl"]"#)
        .dyn_into()
        .expect("input");
    let tab = |el: &web_sys::HtmlInputElement| {
        let init = KeyboardEventInit::new();
        init.set_key("Tab");
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
        el.dispatch_event(&ev).expect("dispatch");
        ev.default_prevented()
    };
    input.set_value("kubectl ge");
    assert!(tab(&input));
    assert_eq!(input.value(), "kubectl get ");
    input.set_value("kubectl get deployment w");
    assert!(tab(&input));
    assert_eq!(input.value(), "kubectl get deployment web ");
    input.set_value("");
    assert!(!tab(&input), "an empty prompt does not hold the focus");
    root.remove();
}
