//! The manifest editor's part of the widget state (a field of `state::State`, changed by
//! `state::Action::Editor`). Nothing the reader typed is dropped: the text survives closing
//! the panel; loading a template over a changed text keeps that text as the draft (the
//! template menu offers it back); a `kubectl edit` puts the manifest aside and gives it back
//! when the edit is saved or cancelled.

use crate::editor_locate::EditorError;
use crate::editor_templates;
use paperkube_engine::kubectl::cmd::edit::EditRequest;
use yew::AttrValue;

/// A `kubectl edit` in progress: the engine's request and the line the reader typed.
#[derive(Clone, Debug, PartialEq)]
pub struct EditSession {
    pub request: EditRequest,
    pub line: String,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct EditorState {
    pub open: bool,
    pub text: AttrValue,
    /// The text a template replaced (offered back in the template menu).
    pub draft: Option<AttrValue>,
    /// The manifest put aside while a `kubectl edit` holds the editor.
    pub aside: Option<AttrValue>,
    pub edit: Option<EditSession>,
    pub error: Option<EditorError>,
    /// Bumped when the editor should take the focus (an edit opened).
    pub focus_ticket: u32,
}

pub enum EditorAction {
    Open(bool),
    Input(AttrValue),
    Template(&'static str),
    /// Back to the draft a template replaced (the template text, if changed, becomes the draft).
    RestoreDraft,
    /// What the last apply or save answered (`None`: it succeeded).
    Result(Option<EditorError>),
    BeginEdit(EditSession),
    /// The edit was saved or cancelled: the manifest comes back, the panel closes.
    EndEdit,
}

impl EditorState {
    /// Whether the current text is the reader's own (not empty, not a template as written).
    fn is_own(&self) -> bool {
        !self.text.trim().is_empty() && !editor_templates::is_template(&self.text)
    }

    pub fn reduce(&mut self, action: EditorAction) {
        match action {
            EditorAction::Open(open) => self.open = open,
            EditorAction::Input(text) => self.text = text,
            EditorAction::Template(id) => {
                let Some(t) = editor_templates::find(id) else {
                    return;
                };
                if self.is_own() {
                    self.draft = Some(self.text.clone());
                }
                self.text = AttrValue::Static(t.text);
                self.error = None;
            }
            EditorAction::RestoreDraft => {
                if let Some(draft) = self.draft.take() {
                    if self.is_own() {
                        self.draft = Some(self.text.clone());
                    }
                    self.text = draft;
                    self.error = None;
                }
            }
            EditorAction::Result(error) => self.error = error,
            EditorAction::BeginEdit(session) => {
                match &self.edit {
                    // A second edit replaces the first; its changed text becomes the draft.
                    Some(old) if *self.text != *old.request.text => {
                        self.draft = Some(self.text.clone())
                    }
                    Some(_) => {}
                    None => self.aside = Some(self.text.clone()),
                }
                self.text = AttrValue::from(session.request.text.clone());
                self.edit = Some(session);
                self.error = None;
                self.open = true;
                self.focus_ticket += 1;
            }
            EditorAction::EndEdit => {
                if self.edit.take().is_some() {
                    self.text = self.aside.take().unwrap_or_default();
                    self.error = None;
                    self.open = false;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paperkube_engine::api::Kind;
    use paperkube_engine::apiserver::ObjectKey;

    fn edit() -> EditSession {
        EditSession {
            request: EditRequest {
                kind: Kind::Deployment,
                key: ObjectKey::new("default", "web"),
                text: "kind: Deployment\n".into(),
            },
            line: "kubectl edit deployment/web".into(),
        }
    }

    #[test]
    fn a_template_keeps_the_readers_text_as_draft() {
        let mut s = EditorState::default();
        s.reduce(EditorAction::Input("kind: Pod\nmine: 1\n".into()));
        s.reduce(EditorAction::Template("pod"));
        assert_eq!(s.draft.as_deref(), Some("kind: Pod\nmine: 1\n"));
        // Moving on through templates does not overwrite the draft.
        s.reduce(EditorAction::Template("deployment"));
        assert_eq!(s.draft.as_deref(), Some("kind: Pod\nmine: 1\n"));
        s.reduce(EditorAction::RestoreDraft);
        assert_eq!(&*s.text, "kind: Pod\nmine: 1\n");
        assert_eq!(s.draft, None);
    }

    #[test]
    fn an_edit_puts_the_manifest_aside_and_gives_it_back() {
        let mut s = EditorState::default();
        s.reduce(EditorAction::Input("mine".into()));
        s.reduce(EditorAction::BeginEdit(edit()));
        assert!(s.open);
        assert_eq!(&*s.text, "kind: Deployment\n");
        s.reduce(EditorAction::Input("kind: Deployment\nx: 1\n".into()));
        s.reduce(EditorAction::EndEdit);
        assert_eq!(&*s.text, "mine");
        assert!(s.edit.is_none() && !s.open);
    }
}
