//! A query for the ReplicaSet controller's scale-down ranking.

use super::{ApiServer, ObjectKey};
use crate::api::{Kind, Pod};

impl ApiServer {
    /// The pods of `ns` controlled by an owner that is none of `uids`, from the owner
    /// index: with the pods that `uids` control and the uncontrolled ones, every pod of
    /// `ns`, found without walking the namespace. Unordered.
    pub fn pods_controlled_by_others<'a>(
        &'a self,
        ns: &'a str,
        uids: &'a [&str],
    ) -> impl Iterator<Item = &'a Pod> + 'a {
        self.owners
            .by_owner
            .iter()
            .filter(move |(uid, _)| !uids.contains(&uid.as_str()))
            .flat_map(move |(uid, owned)| {
                owned
                    .range((Kind::Pod, ObjectKey::new(ns, ""))..)
                    .take_while(move |(kind, key)| *kind == Kind::Pod && key.namespace() == ns)
                    .filter_map(move |(_, key)| self.pods.get(key))
                    .filter(move |p| p.metadata.controller_ref().is_some_and(|r| r.uid == *uid))
            })
    }
}
