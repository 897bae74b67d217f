//! paperkube's widget: a Kubernetes cluster drawn inside a documentation page.
//!
//! `mount` finds every `<div class="paperkube">` and renders an [`app::App`] into it; each
//! widget owns one engine [`paperkube_engine::Session`] and renders immutable
//! [`snapshot::Snapshot`]s of it. Components never call controllers: they send actions.

pub mod actions;
pub mod app;
pub mod console;
pub mod deployment_view;
pub mod editor;
pub mod editor_code;
pub mod editor_locate;
pub mod editor_state;
pub mod editor_syntax;
pub mod editor_templates;
pub mod embed;
pub mod guide;
pub mod i18n;
pub mod kubectl_panel;
pub mod mount;
pub mod pod_box;
pub mod pod_panel;
pub mod replay;
pub mod replicaset_lane;
pub mod scenarios;
pub mod snapshot;
pub mod state;
pub mod table_view;
pub mod time_controls;

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    mount::mount_all();
}
