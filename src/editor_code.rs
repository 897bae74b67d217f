//! The editor's text area: a native `<textarea>` (so typing, Korean IME, undo, spell-off
//! and screen readers are the browser's own) with transparent text over a coloured layer
//! (`editor_syntax`), and a line-number gutter; both follow the textarea's scrolling.
//!
//! Keys: Tab inserts two spaces; Esc then Tab (or Shift+Tab) leaves the editor, so a
//! keyboard user is never trapped; Enter keeps the line's indentation; Ctrl+Enter (⌘+Enter)
//! submits. Insertions go through `insertText`, which keeps the browser's undo history.

use crate::editor_syntax::{highlight, HIGHLIGHT_LIMIT};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CodeProps {
    pub text: AttrValue,
    pub label: AttrValue,
    /// The ids of the texts that describe the textarea (keys, the error).
    pub described_by: AttrValue,
    pub error_line: Option<usize>,
    pub invalid: bool,
    /// Changes when the textarea should take the focus (a `kubectl edit` opened).
    pub focus_ticket: u32,
    pub on_input: Callback<AttrValue>,
    pub on_submit: Callback<String>,
}

#[function_component(CodeArea)]
pub fn code_area(p: &CodeProps) -> Html {
    let area = use_node_ref();
    let layer = use_node_ref();
    let gutter = use_node_ref();
    // Esc was the last key: the next Tab leaves the editor.
    let escaped = use_mut_ref(|| false);

    {
        let area = area.clone();
        use_effect_with(p.focus_ticket, move |ticket| {
            if *ticket > 0 {
                if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                    let _ = el.focus();
                    let _ = el.set_selection_range(0, 0);
                    el.set_scroll_top(0);
                }
            }
        });
    }
    {
        // A re-render (the error line marked, text replaced) may move the gutter and layer.
        let (area, layer, gutter) = (area.clone(), layer.clone(), gutter.clone());
        use_effect(move || follow_scroll(&area, &layer, &gutter));
    }
    let oninput = {
        let on_input = p.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            on_input.emit(AttrValue::from(el.value()));
        })
    };
    let onscroll = {
        let (area, layer, gutter) = (area.clone(), layer.clone(), gutter.clone());
        Callback::from(move |_: Event| follow_scroll(&area, &layer, &gutter))
    };
    let onkeydown = {
        let (escaped, on_submit, on_input) =
            (escaped.clone(), p.on_submit.clone(), p.on_input.clone());
        Callback::from(move |e: KeyboardEvent| {
            // Keys that finish an IME composition (Korean) belong to the IME.
            if e.is_composing() {
                return;
            }
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let was_escaped = *escaped.borrow();
            *escaped.borrow_mut() = e.key() == "Escape";
            let plain = !(e.ctrl_key() || e.meta_key() || e.alt_key() || e.shift_key());
            match e.key().as_str() {
                "Enter" if e.ctrl_key() || e.meta_key() => {
                    e.prevent_default();
                    on_submit.emit(el.value());
                }
                "Tab" if plain && !was_escaped => {
                    e.prevent_default();
                    insert(&el, "  ", &on_input);
                }
                "Enter" if plain => {
                    e.prevent_default();
                    let indent = indent_at(&el.value(), caret(&el));
                    insert(&el, &format!("\n{indent}"), &on_input);
                }
                _ => {}
            }
        })
    };

    let lines = p.text.split('\n').count();
    html! {
        <div class={classes!("pk-editor-code", (p.text.len() > HIGHLIGHT_LIMIT).then_some("pk-editor-plain"))}>
            <Gutter lines={lines} error_line={p.error_line} node={gutter} />
            <div class="pk-editor-field">
                <Layer text={p.text.clone()} error_line={p.error_line} node={layer} />
                <textarea ref={area} class="pk-editor-text" data-editor="text"
                    aria-label={p.label.clone()} aria-describedby={p.described_by.clone()}
                    aria-invalid={p.invalid.then_some("true")}
                    wrap="off" spellcheck="false" autocomplete="off" autocapitalize="off"
                    value={p.text.clone()} {oninput} {onscroll} {onkeydown} />
            </div>
        </div>
    }
}

/// The gutter and the layer show the part of the text the textarea scrolled to.
fn follow_scroll(area: &NodeRef, layer: &NodeRef, gutter: &NodeRef) {
    let Some(a) = area.cast::<HtmlTextAreaElement>() else {
        return;
    };
    if let Some(l) = layer.cast::<HtmlElement>() {
        l.set_scroll_top(a.scroll_top());
        l.set_scroll_left(a.scroll_left());
    }
    if let Some(g) = gutter.cast::<HtmlElement>() {
        g.set_scroll_top(a.scroll_top());
    }
}

/// Inserts at the caret as typing would (the browser's undo history keeps it); where
/// `insertText` is unavailable, splices the value and reports it.
fn insert(el: &HtmlTextAreaElement, text: &str, on_input: &Callback<AttrValue>) {
    let done = el
        .owner_document()
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| {
            d.exec_command_with_show_ui_and_value("insertText", false, text)
                .ok()
        })
        .unwrap_or(false);
    if !done {
        let start = el.selection_start().ok().flatten().unwrap_or(0);
        let end = el.selection_end().ok().flatten().unwrap_or(start);
        let _ = el.set_range_text_with_start_and_end_and_mode(text, start, end, "end");
        on_input.emit(AttrValue::from(el.value()));
    }
}

/// The caret's byte offset in `el.value()` (the DOM counts UTF-16 units).
fn caret(el: &HtmlTextAreaElement) -> usize {
    let units = el.selection_start().ok().flatten().unwrap_or(0) as usize;
    let value = el.value();
    let mut seen = 0;
    for (i, c) in value.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    value.len()
}

/// The indentation a new line gets after the text before `at`: the line's own, two more
/// after a `key:` that opens a block, the item's key column after `- key: value`.
pub fn indent_at(text: &str, at: usize) -> String {
    let before = text.get(..at).unwrap_or(text);
    let line = before.rsplit('\n').next().unwrap_or("");
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let rest = line[spaces..].trim_end();
    let width = if let Some(item) = rest.strip_prefix("- ") {
        let inner = item.len() - item.trim_start_matches(' ').len();
        spaces + 2 + inner + if item.ends_with(':') { 2 } else { 0 }
    } else if rest.ends_with(':') {
        spaces + 2
    } else {
        spaces
    };
    " ".repeat(width)
}

#[derive(Properties, PartialEq)]
struct GutterProps {
    lines: usize,
    error_line: Option<usize>,
    node: NodeRef,
}

/// Line numbers as three text runs (before, the marked line, after): cheap for long texts.
#[function_component(Gutter)]
fn gutter(p: &GutterProps) -> Html {
    let numbers = |from: usize, to: usize| (from..to).map(|n| format!("{n}\n")).collect::<String>();
    let marked = p.error_line.filter(|l| (1..=p.lines).contains(l));
    html! {
        <div class="pk-editor-gutter" aria-hidden="true" ref={p.node.clone()} data-editor="gutter">
            <pre>
                if let Some(line) = marked {
                    { numbers(1, line) }
                    <span class="pk-editor-gutter-err" data-error-line={line.to_string()}>{ format!("{line}\n") }</span>
                    { numbers(line + 1, p.lines + 1) }
                } else {
                    { numbers(1, p.lines + 1) }
                }
            </pre>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LayerProps {
    text: AttrValue,
    error_line: Option<usize>,
    node: NodeRef,
}

/// The coloured copy of the text, behind the textarea (hidden from screen readers: the
/// textarea is what they read).
#[function_component(Layer)]
fn layer(p: &LayerProps) -> Html {
    let html = use_memo(p.text.clone(), |text| {
        highlight(text).map(|h| Html::from_html_unchecked(AttrValue::from(h)))
    });
    html! {
        <div class="pk-editor-layer" aria-hidden="true" ref={p.node.clone()}>
            <div class="pk-editor-layer-body">
                if let Some(line) = p.error_line {
                    <div class="pk-editor-errband" style={format!("--pk-err-line:{}", line.saturating_sub(1))}></div>
                }
                <pre>{ (*html).clone().unwrap_or_default() }</pre>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::indent_at;

    #[test]
    fn new_lines_keep_the_indentation() {
        let t = "spec:\n  containers:\n    - name: web\n      image: x";
        assert_eq!(indent_at(t, 5), "  ");
        assert_eq!(indent_at(t, 19), "    ");
        assert_eq!(indent_at(t, t.find("web").unwrap() + 3), "      ");
        assert_eq!(indent_at(t, t.len()), "      ");
        assert_eq!(indent_at("- ports:", 8), "    ");
    }
}
