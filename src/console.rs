//! The kubectl console: a text input that submits on Enter, with ↑/↓ history, Tab
//! completion (`Session::complete`) when the prompt holds text, Ctrl+C to stop a watch and
//! Ctrl+L to clear, over a log screen readers follow.

use crate::i18n::{Lang, Msg};
use crate::state::{LogEntry, LogKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub lang: Lang,
    pub log: Vec<LogEntry>,
    pub history: Vec<String>,
    pub on_command: Callback<String>,
    pub on_interrupt: Callback<()>,
    pub on_clear: Callback<()>,
    /// The words that may end the line (`Session::complete`).
    pub on_complete: Callback<String, Vec<String>>,
}

/// What Tab does to the line, as bash does: one candidate completes the word (and a space
/// follows), several extend it to their common prefix, else they are listed.
#[derive(Debug, PartialEq)]
pub enum Completion {
    Line(String),
    List(Vec<String>),
    Nothing,
}

pub fn complete_line(line: &str, candidates: &[String]) -> Completion {
    let start = line.rfind(' ').map_or(0, |i| i + 1);
    let (head, partial) = line.split_at(start);
    match candidates {
        [] => Completion::Nothing,
        [one] => Completion::Line(format!("{head}{one} ")),
        many => {
            let first = &many[0];
            let common = many.iter().skip(1).fold(first.len(), |n, c| {
                first
                    .char_indices()
                    .zip(c.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((i, a), _)| (i + a.len_utf8()).min(n))
            });
            let prefix = &first[..common];
            if prefix.len() > partial.len() && prefix.starts_with(partial) {
                Completion::Line(format!("{head}{prefix}"))
            } else {
                Completion::List(many.to_vec())
            }
        }
    }
}

#[function_component(Console)]
pub fn console(p: &ConsoleProps) -> Html {
    let input = use_node_ref();
    // Position in history while browsing with ↑/↓ (None = a fresh line).
    let cursor = use_state(|| None::<usize>);
    // Candidates listed by the last Tab (cleared by the next key).
    let listed = use_state(Vec::<String>::new);
    let log_ref = use_node_ref();
    {
        let log_ref = log_ref.clone();
        use_effect_with(p.log.len(), move |_| {
            if let Some(el) = log_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let onkeydown = {
        let (input, cursor, history) = (input.clone(), cursor.clone(), p.history.clone());
        let (listed, on_complete) = (listed.clone(), p.on_complete.clone());
        let (on_command, on_interrupt, on_clear) = (
            p.on_command.clone(),
            p.on_interrupt.clone(),
            p.on_clear.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            if !listed.is_empty() {
                listed.set(Vec::new());
            }
            match (e.key().as_str(), e.ctrl_key()) {
                // On an empty prompt Tab moves on, so the console never traps the keyboard.
                ("Tab", false)
                    if !e.shift_key()
                        && !e.alt_key()
                        && !e.is_composing()
                        && !el.value().trim().is_empty() =>
                {
                    e.prevent_default();
                    let line = el.value();
                    match complete_line(&line, &on_complete.emit(line.clone())) {
                        Completion::Line(done) => el.set_value(&done),
                        Completion::List(words) => listed.set(words),
                        Completion::Nothing => {}
                    }
                }
                ("Enter", _) => {
                    // A `kubectl edit` moves the focus to the editor: the Enter stays here.
                    e.prevent_default();
                    let line = el.value().trim().to_string();
                    if !line.is_empty() {
                        on_command.emit(line);
                    }
                    el.set_value("");
                    cursor.set(None);
                }
                ("c", true) => {
                    e.prevent_default();
                    on_interrupt.emit(());
                }
                ("l", true) => {
                    e.prevent_default();
                    on_clear.emit(());
                }
                ("ArrowUp", _) if !history.is_empty() => {
                    e.prevent_default();
                    let i = cursor.map_or(history.len() - 1, |i| i.saturating_sub(1));
                    el.set_value(&history[i]);
                    cursor.set(Some(i));
                }
                ("ArrowDown", _) => {
                    e.prevent_default();
                    match *cursor {
                        Some(i) if i + 1 < history.len() => {
                            el.set_value(&history[i + 1]);
                            cursor.set(Some(i + 1));
                        }
                        _ => {
                            el.set_value("");
                            cursor.set(None);
                        }
                    }
                }
                _ => {}
            }
        })
    };
    html! {
        <div class="pk-console">
            <div class="pk-terminal pk-log" role="log" aria-live="polite" tabindex="0" aria-label={Msg::Console.text(p.lang)} ref={log_ref}>
                { for p.log.iter().map(|entry| {
                    let class = match entry.kind {
                        LogKind::Input => "pk-log-input",
                        LogKind::Stdout => "pk-log-out",
                        LogKind::Stderr => "pk-log-err",
                    };
                    let text = if entry.kind == LogKind::Input { format!("$ {}", entry.text) } else { entry.text.clone() };
                    html! { <div class={class}>{ text }</div> }
                }) }
            </div>
            <label class="pk-prompt">
                <span aria-hidden="true">{ "$" }</span>
                <input ref={input} type="text" aria-label="kubectl" spellcheck="false" autocomplete="off"
                    autocapitalize="off" placeholder={Msg::ConsolePlaceholder.text(p.lang)} onkeydown={onkeydown} />
            </label>
            <div class="pk-completions" aria-live="polite" data-console="completions">
                { listed.join("  ") }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tab_completes_like_bash() {
        assert_eq!(
            complete_line("kubectl ge", &words(&["get"])),
            Completion::Line("kubectl get ".into())
        );
        assert_eq!(
            complete_line("kubectl get deploy", &words(&["deployment", "deployments"])),
            Completion::Line("kubectl get deployment".into())
        );
        assert_eq!(
            complete_line("kubectl get ", &words(&["pods", "deployments"])),
            Completion::List(words(&["pods", "deployments"]))
        );
        assert_eq!(complete_line("kubectl frob", &[]), Completion::Nothing);
    }
}
