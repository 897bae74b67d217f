//! The event recorder (client-go `tools/record`): components report what they did as
//! `core/v1` Events; identical events within the correlator's reach are merged into one
//! with a `count`, and every event expires after an hour (the API server's event TTL).

use crate::api::event::{EventSource, ObjectReference};
use crate::api::{Event, ObjectMeta, Resource};
use crate::apiserver::{ApiServer, ObjectKey};
use crate::time::Duration;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// The API server's `--event-ttl` default.
pub const EVENT_TTL: Duration = Duration::from_secs(3600);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// Who reports: `default-scheduler`, `kubelet` on a host, `deployment-controller` …
#[derive(Clone, Debug)]
pub struct Source {
    pub component: &'static str,
    pub host: String,
}

impl Source {
    pub fn controller(component: &'static str) -> Self {
        Source {
            component,
            host: String::new(),
        }
    }
}

/// A reference to `obj` for `involvedObject`, optionally naming a container (`fieldPath`).
pub fn reference<T: Resource>(obj: &T, field_path: Option<String>) -> ObjectReference {
    let m = obj.meta();
    ObjectReference {
        kind: T::KIND.name().to_string(),
        namespace: m.namespace.clone(),
        name: m.name.clone(),
        uid: m.uid.clone(),
        api_version: T::KIND.api_version().to_string(),
        resource_version: m.resource_version.clone(),
        field_path: field_path.unwrap_or_default(),
    }
}

/// client-go's `EventCorrelator` cache: the identity of each event already recorded.
#[derive(Debug, Default)]
pub struct Recorder {
    /// Orders events created within one millisecond (their names sort by creation).
    sequence: u64,
    seen: HashMap<Identity, ObjectKey, Fx>,
    /// By the [`digest`] of the event's key: growing the map then rehashes 16 inline bytes
    /// per entry, not the key's strings behind two pointers.
    identity_of: HashMap<u128, Identity, Fx>,
}

/// A 128-bit digest of client-go's aggregation key (source, object, type, reason, message):
/// no string is built per event, and two different keys colliding is out of reach.
type Identity = u128;

fn identity(
    source: &Source,
    involved: &ObjectReference,
    type_: EventType,
    reason: &str,
    message: &str,
) -> Identity {
    let parts = (
        source.component,
        source.host.as_str(),
        involved.kind.as_str(),
        involved.namespace.as_str(),
        involved.name.as_str(),
        involved.uid.as_str(),
        involved.field_path.as_str(),
        type_.as_str(),
        reason,
        message,
    );
    digest(&parts)
}

/// 128 bits of `value`: SipHash gives the high 64, FxHash (an unrelated function, five times
/// cheaper) the low ones. (`str` hashes with a terminator: fields cannot run into each other.)
fn digest(value: &impl Hash) -> u128 {
    let mut sip = DefaultHasher::new();
    value.hash(&mut sip);
    let mut fx = FxHasher::default();
    value.hash(&mut fx);
    (u128::from(sip.finish()) << 64) | u128::from(fx.finish())
}

/// client-go's event name, `<object>.<hex nanos>`, written without the formatting machinery.
fn event_name(object: &str, nanos: u64) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digits = (64 - nanos.leading_zeros()).div_ceil(4).max(1);
    let mut name = String::with_capacity(object.len() + 1 + digits as usize);
    name.push_str(object);
    name.push('.');
    for i in (0..digits).rev() {
        name.push(char::from(HEX[((nanos >> (4 * i)) & 0xf) as usize]));
    }
    name
}

/// FxHash (rustc's): the low half of a [`digest`], and the recorder's maps' hasher (their
/// keys are digests already). No untrusted input picks these keys.
#[derive(Default)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        // The table indexes by the low bits, which the multiply mixes least.
        self.0.rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0; 8];
            word.copy_from_slice(w);
            self.add(u64::from_le_bytes(word));
        }
        for &b in words.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

type Fx = BuildHasherDefault<FxHasher>;

impl Recorder {
    /// Records an event, merging it into an identical one (same source, object, type, reason
    /// and message) by bumping `count` and `lastTimestamp`. Returns the new event's key when
    /// one was created, so the caller can schedule its expiry.
    pub fn record(
        &mut self,
        api: &mut ApiServer,
        source: &Source,
        involved: ObjectReference,
        type_: EventType,
        reason: &str,
        message: &str,
    ) -> Option<ObjectKey> {
        let now = api.now.truncate_to_seconds();
        let identity = identity(source, &involved, type_, reason, message);
        if let Some(key) = self.seen.get(&identity) {
            if api.bump_event(key, now) {
                return None;
            }
        }
        let ns = if involved.namespace.is_empty() {
            "default".to_string()
        } else {
            involved.namespace.clone()
        };
        // client-go names events `<object>.<hex unix nanoseconds>`.
        self.sequence = (self.sequence + 1) % 1_000_000;
        let nanos = api.now.0.max(0) as u64 * 1_000_000 + self.sequence;
        let event = Event {
            metadata: ObjectMeta {
                name: event_name(&involved.name, nanos),
                namespace: ns,
                ..Default::default()
            },
            involved_object: involved,
            reason: reason.to_string(),
            message: message.to_string(),
            source: EventSource {
                component: source.component.to_string(),
                host: source.host.clone(),
            },
            first_timestamp: Some(now),
            last_timestamp: Some(now),
            count: 1,
            type_: type_.as_str().to_string(),
            reporting_component: source.component.to_string(),
            reporting_instance: source.host.clone(),
            ..Default::default()
        };
        let key = api.create_event(event)?;
        self.identity_of.insert(digest(&key), identity);
        self.seen.insert(identity, key.clone());
        Some(key)
    }

    /// Forgets expired events so the cache stays bounded.
    pub fn forget(&mut self, key: &ObjectKey) {
        if let Some(identity) = self.identity_of.remove(&digest(key)) {
            self.seen.remove(&identity);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_are_the_object_and_hex_nanoseconds() {
        for nanos in [0, 1, 15, 16, 0xabc, 1_735_689_600_000_000_001, u64::MAX] {
            assert_eq!(event_name("web-1", nanos), format!("web-1.{nanos:x}"));
        }
    }

    #[test]
    fn identities_tell_fields_apart() {
        let src = Source::controller("kubelet");
        let obj = |name: &str| ObjectReference {
            kind: "Pod".into(),
            name: name.into(),
            ..Default::default()
        };
        let id = |o: &ObjectReference, reason: &str, message: &str| {
            identity(&src, o, EventType::Normal, reason, message)
        };
        assert_eq!(id(&obj("a"), "Pulled", "x"), id(&obj("a"), "Pulled", "x"));
        assert_ne!(id(&obj("a"), "Pulled", "x"), id(&obj("a"), "Pulle", "dx"));
        assert_ne!(id(&obj("a"), "Pulled", "x"), id(&obj("b"), "Pulled", "x"));
        let warning = identity(&src, &obj("a"), EventType::Warning, "Pulled", "x");
        assert_ne!(id(&obj("a"), "Pulled", "x"), warning);
    }
}
