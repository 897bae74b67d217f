//! The manifest editor panel: a toggle, the template menu, the text area (`editor_code`),
//! Apply (`kubectl apply -f -` with the text, as a terminal would) or — while a
//! `kubectl edit` holds it — Save and Cancel, and the first error at its line. The panel
//! only reports what the reader does (`EditorEvent`); the app runs kubectl and answers
//! with an `EditorAction`.

use crate::editor_code::CodeArea;
use crate::editor_state::EditorState;
use crate::editor_templates::TEMPLATES;
use crate::i18n::{fill, Lang, Msg};
use std::cell::Cell;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What the reader did in the panel.
#[derive(Clone, Debug, PartialEq)]
pub enum EditorEvent {
    Open(bool),
    Input(AttrValue),
    Template(&'static str),
    RestoreDraft,
    /// Apply the text (`kubectl apply -f -`).
    Apply(String),
    /// Save the `kubectl edit` with this text.
    Save(String),
    /// Close the `kubectl edit` without saving.
    Cancel,
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub lang: Lang,
    pub editor: EditorState,
    pub on_event: Callback<EditorEvent>,
}

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// A prefix for this panel's element ids (several widgets may share a page).
fn new_id() -> String {
    NEXT_ID.with(|n| {
        n.set(n.get() + 1);
        format!("pk-editor-{}", n.get())
    })
}

const DRAFT: &str = "draft";

#[function_component(Editor)]
pub fn editor(p: &EditorProps) -> Html {
    let id = use_state(new_id);
    let (lang, e) = (p.lang, &p.editor);
    let (body_id, keys_id, error_id) = (
        format!("{}-body", *id),
        format!("{}-keys", *id),
        format!("{}-error", *id),
    );
    let emit = |ev: EditorEvent| {
        let on = p.on_event.clone();
        Callback::from(move |_: MouseEvent| on.emit(ev.clone()))
    };
    let on_template = {
        let on = p.on_event.clone();
        Callback::from(move |ev: Event| {
            let sel: HtmlSelectElement = ev.target_unchecked_into();
            let value = sel.value();
            // The menu is an action, not a setting: it goes back to its prompt.
            sel.set_value("");
            if value == DRAFT {
                on.emit(EditorEvent::RestoreDraft);
            } else if let Some(t) = TEMPLATES.iter().find(|t| t.id == value) {
                on.emit(EditorEvent::Template(t.id));
            }
        })
    };
    let on_input = {
        let on = p.on_event.clone();
        Callback::from(move |text: AttrValue| on.emit(EditorEvent::Input(text)))
    };
    let editing = e.edit.as_ref();
    let section = use_node_ref();
    use_return_focus(&section, editing.is_some());
    let on_submit = {
        let (on, editing) = (p.on_event.clone(), editing.is_some());
        Callback::from(move |text: String| {
            on.emit(if editing {
                EditorEvent::Save(text)
            } else {
                EditorEvent::Apply(text)
            })
        })
    };
    let apply_now = {
        let (on, text) = (p.on_event.clone(), e.text.to_string());
        Callback::from(move |_: MouseEvent| on.emit(EditorEvent::Apply(text.clone())))
    };
    let save_now = {
        let (on, text) = (p.on_event.clone(), e.text.to_string());
        Callback::from(move |_: MouseEvent| on.emit(EditorEvent::Save(text.clone())))
    };
    let described_by = if e.error.is_some() {
        format!("{keys_id} {error_id}")
    } else {
        keys_id.clone()
    };
    html! {
        <section ref={section} class="pk-editor" data-editor="panel"
            data-editor-mode={if editing.is_some() { "edit" } else { "apply" }}
            aria-label={Msg::EditorTitle.text(lang)}>
            <div class="pk-editor-bar">
                <button type="button" class="pk-btn" data-action="editor"
                    aria-expanded={e.open.to_string()} aria-controls={body_id.clone()}
                    onclick={emit(EditorEvent::Open(!e.open))}>
                    <span aria-hidden="true">{ if e.open { "▾" } else { "▸" } }</span>
                    { Msg::EditorToggle.text(lang) }
                </button>
                if let Some(edit) = editing {
                    <span class="pk-editor-title">{ &edit.line }</span>
                }
            </div>
            <div id={body_id} class="pk-editor-body" hidden={!e.open}>
                <div class="pk-editor-tools">
                    if editing.is_none() {
                        <label class="pk-editor-template">
                            <span>{ Msg::EditorTemplates.text(lang) }</span>
                            <select data-editor="template" onchange={on_template}>
                                <option value="" selected=true>{ Msg::EditorPickTemplate.text(lang) }</option>
                                { for TEMPLATES.iter().map(|t| html! {
                                    <option value={t.id}>{ t.label.text(lang) }</option>
                                }) }
                                if e.draft.is_some() {
                                    <option value={DRAFT}>{ Msg::EditorDraft.text(lang) }</option>
                                }
                            </select>
                        </label>
                        <button type="button" class="pk-btn pk-btn-primary" data-action="apply-manifest"
                            onclick={apply_now}>{ Msg::EditorApply.text(lang) }</button>
                    } else {
                        <button type="button" class="pk-btn pk-btn-primary" data-action="save-edit"
                            onclick={save_now}>{ Msg::EditorSave.text(lang) }</button>
                        <button type="button" class="pk-btn" data-action="cancel-edit"
                            onclick={emit(EditorEvent::Cancel)}>{ Msg::EditorCancel.text(lang) }</button>
                    }
                </div>
                <CodeArea text={e.text.clone()} label={Msg::EditorLabel.text(lang)}
                    described_by={described_by} error_line={e.error.as_ref().and_then(|x| x.line)}
                    invalid={e.error.is_some()} focus_ticket={e.focus_ticket}
                    on_input={on_input} on_submit={on_submit} />
                <p id={keys_id} class="pk-editor-keys">{ Msg::EditorKeys.text(lang) }</p>
                <div id={error_id} class="pk-editor-error" role="alert">
                    if let Some(err) = &e.error {
                        <div data-editor="error" data-line={err.line.map(|l| l.to_string())}>
                            if let Some(line) = err.line {
                                <strong class="pk-editor-where">{ match err.column {
                                    Some(col) => fill(Msg::EditorLineColumn.text(lang), &[&line, &col]),
                                    None => fill(Msg::EditorLine.text(lang), &[&line]),
                                } }</strong>
                            }
                            <pre class="pk-editor-message">{ &err.message }</pre>
                        </div>
                    }
                </div>
            </div>
        </section>
    }
}

/// When a `kubectl edit` ends (saved or cancelled) while the focus is in the editor, the
/// focus goes back to the console prompt where the reader typed `kubectl edit`.
#[hook]
fn use_return_focus(section: &NodeRef, editing: bool) {
    let was_editing = use_mut_ref(|| false);
    let section = section.clone();
    use_effect_with(editing, move |&editing| {
        let ended = *was_editing.borrow() && !editing;
        *was_editing.borrow_mut() = editing;
        if !ended {
            return;
        }
        let Some(el) = section.cast::<web_sys::Element>() else {
            return;
        };
        // The document's or the shadow root's focused element.
        let active = js_sys::Reflect::get(&el.get_root_node(), &"activeElement".into())
            .ok()
            .and_then(|a| a.dyn_into::<web_sys::Element>().ok());
        let lost = active
            .as_ref()
            .is_none_or(|a| a.tag_name() == "BODY" || el.contains(Some(a)));
        let prompt = el
            .closest(".pk-root")
            .ok()
            .flatten()
            .and_then(|root| root.query_selector(r#"input[aria-label="kubectl"]"#).ok())
            .flatten()
            .and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok());
        if let (true, Some(prompt)) = (lost, prompt) {
            let _ = prompt.focus();
        }
    });
}
