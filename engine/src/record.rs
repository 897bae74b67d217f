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
    seen: HashMap<Identity, ObjectKey, BuildIdentityHasher>,
    identity_of: HashMap<ObjectKey, Identity>,
}

/// A 128-bit digest of client-go's aggregation key (source, object, type, reason, message):
/// no string is built per event, and two different keys colliding is out of reach (p ≈ n²/2¹²⁹).
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
    // `str` hashes with a terminator, so the fields cannot run into each other. Two SipHash
    // digests with different prefixes give the 128 bits.
    let digest = |salt: u8| {
        let mut h = DefaultHasher::new();
        h.write_u8(salt);
        parts.hash(&mut h);
        h.finish()
    };
    (u128::from(digest(0)) << 64) | u128::from(digest(1))
}

/// The identities are digests already: the map uses their low bits as they are.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

type BuildIdentityHasher = BuildHasherDefault<IdentityHasher>;

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
                name: format!("{}.{nanos:x}", involved.name),
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
        self.identity_of.insert(key.clone(), identity);
        self.seen.insert(identity, key.clone());
        Some(key)
    }

    /// Forgets expired events so the cache stays bounded.
    pub fn forget(&mut self, key: &ObjectKey) {
        if let Some(identity) = self.identity_of.remove(key) {
            self.seen.remove(&identity);
        }
    }
}
