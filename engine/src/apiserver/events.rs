//! The event recorder's two writes (client-go's POST of a new Event and its PATCH of
//! `count`): the same resourceVersions, uids and watch events as [`ApiServer::create`] and
//! [`ApiServer::update`], without the generic path's copies of the object. Tens of thousands
//! of events are recorded in a large rollout.

use super::{ApiServer, ObjectKey, WatchEventType};
use crate::api::{Event, Resource};
use crate::time::Time;
use std::rc::Rc;

impl ApiServer {
    /// Creates `event`, which the recorder has named `key` (its namespace and name, the
    /// key the recorder's correlator and the expiry timer hold too). `None` when an event of
    /// that name exists (`create`'s AlreadyExists).
    pub(crate) fn create_event(&mut self, key: ObjectKey, mut event: Event) -> Option<ObjectKey> {
        debug_assert!(key == ObjectKey::of(&event), "named by its key");
        if key.name().is_empty() {
            return None;
        }
        // One search of the events table (the largest one): the vacant slot is filled.
        let slot = self.events.vacant(key.clone())?;
        event.set_type_meta();
        let meta = &mut event.metadata;
        meta.uid = self.rng.uuid();
        meta.creation_timestamp = Some(self.now.truncate_to_seconds());
        meta.deletion_timestamp = None;
        meta.deletion_grace_period_seconds = None;
        // `next_rv`, inline: the slot holds the table.
        self.resource_version += 1;
        meta.resource_version = version_string(self.resource_version);
        let event = Rc::clone(slot.insert(Rc::new(event)));
        self.index::<Event>(&key, None, Some(&*event));
        self.record(WatchEventType::Added, &event);
        Some(key)
    }

    /// The recorder's patch of a repeat of the stored event `key` seen at `now`: `count`,
    /// `lastTimestamp` and `message` (which only an aggregate event changes), as a PUT of the
    /// patched copy would. False when it is gone.
    pub(crate) fn bump_event(
        &mut self,
        key: &ObjectKey,
        count: i32,
        now: Time,
        message: &str,
    ) -> bool {
        let Some(slot) = self.events.get_mut(key) else {
            return false;
        };
        if slot.metadata.deletion_timestamp.is_some() {
            // Only an imported event can be stored mid-deletion: the PUT also finishes it.
            let bumped = Event {
                count,
                last_timestamp: Some(now),
                message: message.into(),
                ..(**slot).clone()
            };
            let _ = self.update(bumped);
            return true;
        }
        // Stored objects already carry their type meta, uid and timestamps; only count,
        // lastTimestamp, message and the resourceVersion move (never a no-op: the count
        // changes).
        // Copied only while a watch event still holds the stored object.
        let event = Rc::make_mut(slot);
        event.count = count;
        event.last_timestamp = Some(now);
        if event.message != message {
            event.message = message.into();
        }
        self.resource_version += 1; // `next_rv`, inline: the slot holds the table.
        event.metadata.resource_version = version_string(self.resource_version);
        let event = Rc::clone(slot);
        self.record(WatchEventType::Modified, &event);
        true
    }
}

/// A resourceVersion's decimal digits, without the formatting machinery (two per event).
fn version_string(version: u64) -> String {
    let mut s = String::with_capacity(20);
    crate::text::push_num(&mut s, version, 10, 1);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ObjectMeta;

    fn event(name: &str) -> Event {
        Event {
            metadata: ObjectMeta {
                name: name.into(),
                namespace: "default".into(),
                ..Default::default()
            },
            reason: "Pulled".into(),
            count: 1,
            ..Default::default()
        }
    }

    /// Both paths leave the store and the watch log exactly as the generic writes do.
    #[test]
    fn same_store_and_watch_events_as_create_and_update() {
        let now = Time::from_secs(1_735_689_600);
        let (mut fast, mut generic) = (ApiServer::new(now, 7), ApiServer::new(now, 7));
        let key = ObjectKey::new("default", "a.1");
        let key = fast.create_event(key, event("a.1")).expect("created");
        let created = generic.create(event("a.1")).expect("created");
        assert_eq!(key, ObjectKey::of(&*created));
        assert!(
            fast.create_event(key.clone(), event("a.1")).is_none(),
            "already exists"
        );
        for api in [&mut fast, &mut generic] {
            api.now = now + crate::time::Duration::from_secs(5);
        }
        let later = Time::from_secs(1_735_689_605);
        assert!(fast.bump_event(&key, 2, later, ""));
        let stored = generic.events().get(&key).cloned().expect("stored");
        generic
            .update(Event {
                count: stored.count + 1,
                last_timestamp: Some(later),
                ..stored
            })
            .expect("updated");
        assert_eq!(fast.events().get(&key), generic.events().get(&key));
        assert_eq!(fast.resource_version(), generic.resource_version());
        let (a, b) = (fast.take_watch_events(), generic.take_watch_events());
        assert_eq!(a.len(), 2);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(
                (x.type_, x.object.to_object(), x.at),
                (y.type_, y.object.to_object(), y.at)
            );
        }
        assert!(!fast.bump_event(&ObjectKey::new("default", "gone"), 2, later, ""));
    }
}
