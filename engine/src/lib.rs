//! paperkube's engine: a small, deterministic Kubernetes.
//!
//! The layout follows Kubernetes itself: [`api`] holds the object types, [`apiserver`] the
//! store, [`controller`] the reconcilers, [`scheduler`] and [`kubelet`] place and run pods,
//! [`printers`] and [`kubectl`] turn objects into the text kubectl prints, and [`cluster`]
//! owns them all with a virtual clock. Nothing here touches the web or the wall clock.

pub mod api;
pub mod apiserver;
pub mod clock;
pub mod cluster;
pub mod controller;
pub mod kubectl;
pub mod kubelet;
pub mod printers;
pub mod quantity;
pub mod record;
pub mod rng;
pub mod scheduler;
pub mod sort;
pub mod testing;
mod text;
pub mod time;
mod value_de;

pub use cluster::{Cluster, ClusterConfig, LoopStats, DEFAULT_MAX_PODS};
pub mod manifest;
pub mod scenario;
pub mod script;
pub mod session;

pub use session::Session;
