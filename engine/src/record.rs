//! The event recorder (client-go `tools/record`): components report what they did as
//! `core/v1` Events; each component's event correlator merges identical events into one
//! with a `count`, combines similar ones and drops spam (see [`correlator`]), and every
//! event expires after an hour (the API server's event TTL).

mod aggregate;
mod correlator;
mod lru;
mod spam;

use crate::api::event::{ObjectReference, Shared, SharedPart};
use crate::api::{Event, Kind, ObjectMeta, Resource};
use crate::apiserver::{ApiServer, ObjectKey};
use crate::time::Duration;
use correlator::{Correlator, Keys};
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
    /// The start of every correlator key: which component's correlator.
    fn digest(&self) -> Digest {
        Digest::default().add(&(self.component, self.host.as_str()))
    }

    pub fn controller(component: &'static str) -> Self {
        Source {
            component,
            host: String::new(),
        }
    }
}

/// The object an event is about, optionally one of its containers (`fieldPath`). Its
/// `involvedObject` reference is only built (or shared) for an event that is created: a
/// repeat patches the stored event, and spam is dropped.
pub struct Involved<'a> {
    kind: Kind,
    meta: &'a ObjectMeta,
    field_path: Option<String>,
}

impl<'a> Involved<'a> {
    pub fn of<T: Resource>(obj: &'a T, field_path: Option<String>) -> Self {
        Involved {
            kind: T::KIND,
            meta: obj.meta(),
            field_path,
        }
    }

    fn field_path(&self) -> &str {
        self.field_path.as_deref().unwrap_or_default()
    }

    /// The `involvedObject` of a created event: `last` (the source's last one about this
    /// object) itself when equal — a kubelet reports several events about one container —,
    /// else a new one sharing `last`'s strings where they are equal (and the namespace of
    /// the recorder's last new reference); it becomes `last`.
    fn reference(
        self,
        last: &mut Option<SharedPart<ObjectReference>>,
        namespace: &mut Shared,
    ) -> SharedPart<ObjectReference> {
        let m = self.meta;
        let field_path = self.field_path();
        let prev = last.as_ref().filter(|r| {
            r.name == m.name
                && r.uid == m.uid
                && r.namespace == m.namespace
                && r.kind == self.kind.name()
                && r.api_version == self.kind.api_version()
        });
        if let Some(r) = prev {
            if r.resource_version == m.resource_version && r.field_path == field_path {
                return r.clone();
            }
        }
        let share = |mine: Option<&Shared>, s: &str| match mine {
            Some(mine) if *mine == s => mine.clone(),
            _ => Shared::from(s),
        };
        if *namespace != m.namespace {
            *namespace = m.namespace.as_str().into();
        }
        let reference = SharedPart::new(ObjectReference {
            kind: self.kind.name().into(),
            namespace: namespace.clone(),
            name: share(prev.map(|r| &r.name), &m.name),
            uid: share(prev.map(|r| &r.uid), &m.uid),
            api_version: self.kind.api_version().into(),
            resource_version: share(prev.map(|r| &r.resource_version), &m.resource_version),
            field_path: match prev {
                Some(r) if r.field_path == field_path => r.field_path.clone(),
                _ => self.field_path.map(Shared::from).unwrap_or_default(),
            },
        });
        *last = Some(reference.clone());
        reference
    }
}

/// The components' event correlators (client-go's `EventCorrelator`).
#[derive(Debug, Default)]
pub struct Recorder {
    /// Orders events created within one millisecond (their names sort by creation).
    sequence: u64,
    /// Where an event's name is written before the key copies it (no string per event).
    name: String,
    /// The namespace of the last new `involvedObject`, shared with the next ones.
    namespace: Shared,
    messages: Messages,
    /// By the digest of the source (component and host): one per recording component.
    correlators: HashMap<u128, Correlator, Fx>,
}

/// Recent messages, shared by the events that repeat one ("Created container web" for
/// every pod): a direct-mapped cache by the message's digest, so it never grows.
#[derive(Debug, Default)]
struct Messages(Vec<Shared>);

impl Messages {
    const SLOTS: usize = 256;

    /// `message` as a shared string, the cached copy when the digest's slot holds it.
    fn get(&mut self, digest: u128, message: &str) -> Shared {
        if self.0.is_empty() {
            self.0.resize(Self::SLOTS, Shared::default());
        }
        let slot = &mut self.0[digest as usize % Self::SLOTS];
        if *slot != message {
            *slot = message.into();
        }
        slot.clone()
    }
}

/// The scheduler records through the events.k8s.io API (`EventBroadcasterAdapter`), which
/// has no aggregation or spam filter: its repeats only count.
const NEW_EVENTS_API: &[&str] = &["default-scheduler"];

impl Keys {
    /// Digests of client-go's correlator keys, each extending the previous one, so no string
    /// is built per event and two different keys colliding is out of reach. (Upstream joins
    /// the fields with no separator; `str` hashes with a terminator here.) The reporting
    /// controller and instance of the aggregate key are the source's component and host.
    fn of(
        source: &Source,
        involved: &Involved,
        type_: EventType,
        reason: &str,
        message: &str,
    ) -> Keys {
        let d = source.digest();
        let source_key = d.value();
        let m = involved.meta;
        let d = d.add(&(
            involved.kind.name(),
            m.namespace.as_str(),
            m.name.as_str(),
            m.uid.as_str(),
            involved.kind.api_version(),
        ));
        let spam = d.value();
        let d = d.add(&(type_.as_str(), reason));
        let aggregate = d.value();
        let message_key = Digest::default().add(&message).value();
        let event = d.add(&(involved.field_path(), message_key)).value();
        Keys {
            source: source_key,
            spam,
            aggregate,
            event,
            message: message_key,
        }
    }
}

/// 128 bits of the values added: a lane of folded 64×64→128-bit multiplies (wyhash's
/// mixing step) gives the high 64, FxHash (an unrelated function) the low ones; both read
/// each word once. Several times cheaper than SipHash, and no untrusted input picks these
/// keys. (`str` hashes with a terminator, and a last partial word carries its length:
/// fields cannot run into each other.) Cloned to extend a key.
#[derive(Clone)]
struct Digest {
    mix: u64,
    fx: FxHasher,
}

impl Default for Digest {
    fn default() -> Self {
        // Not zero: zero words at the start would leave a zero state unchanged.
        Digest {
            mix: 0x243f_6a88_85a3_08d3,
            fx: FxHasher::default(),
        }
    }
}

/// The high and low 64 bits of `x × k`, xored.
fn fold(x: u64, k: u64) -> u64 {
    let p = u128::from(x) * u128::from(k);
    (p as u64) ^ ((p >> 64) as u64)
}

impl Digest {
    fn add(mut self, value: &impl Hash) -> Self {
        value.hash(&mut self);
        self
    }
    fn value(&self) -> u128 {
        (u128::from(self.finish()) << 64) | u128::from(self.fx.finish())
    }
    fn word(&mut self, word: u64) {
        self.mix = fold(self.mix ^ word, 0x9e37_79b9_7f4a_7c15);
        self.fx.add(word);
    }
}

impl Hasher for Digest {
    fn finish(&self) -> u64 {
        fold(self.mix, 0xbf58_476d_1ce4_e5b9)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0; 8];
            word.copy_from_slice(w);
            self.word(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            // Zero-padded, its length in the top byte: "ab" and "ab\0" differ. (Byte by
            // byte: a copy of a variable length is a call to memcpy.)
            let word = rest.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b));
            self.word(word | ((rest.len() as u64) << 56));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.word(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.word(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.word(n as u64);
    }
}

/// client-go's event name, `<object>.<hex nanos>`, written into `out` without the
/// formatting machinery.
fn write_event_name(out: &mut String, object: &str, nanos: u64) {
    out.clear();
    out.push_str(object);
    out.push('.');
    crate::text::push_num(out, nanos, 16, 1);
}

/// FxHash (rustc's): the low half of a [`Digest`], and the recorder's maps' hasher (their
/// keys are digests already). No untrusted input picks these keys.
#[derive(Clone, Default)]
pub(crate) struct FxHasher(u64);

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

pub(crate) type Fx = BuildHasherDefault<FxHasher>;

impl Recorder {
    /// The component `source` starts again (a kubelet boots): a new process, a new
    /// broadcaster, an empty correlator. Its next events are new events, with full buckets.
    pub fn restart(&mut self, source: &Source) {
        self.correlators.remove(&source.digest().value());
    }

    /// Records an event through its component's correlator: merged into an identical one
    /// (`count`, `lastTimestamp`), counted on its group's aggregate event, or dropped as
    /// spam. Returns the key of an event it created, so the caller can schedule its expiry.
    pub fn record(
        &mut self,
        api: &mut ApiServer,
        source: &Source,
        involved: Involved,
        type_: EventType,
        reason: &'static str,
        message: &str,
    ) -> Option<ObjectKey> {
        let now = api.now.truncate_to_seconds();
        let keys = Keys::of(source, &involved, type_, reason, message);
        let filtered = !NEW_EVENTS_API.contains(&source.component);
        let (sequence, buf) = (&mut self.sequence, &mut self.name);
        let name = || {
            let ns = match involved.meta.namespace.as_str() {
                "" => "default",
                ns => ns,
            };
            // client-go names events `<object>.<hex unix nanoseconds>`.
            *sequence = (*sequence + 1) % 1_000_000;
            let nanos = api.now.0.max(0) as u64 * 1_000_000 + *sequence;
            write_event_name(buf, &involved.meta.name, nanos);
            ObjectKey::new(ns, &*buf)
        };
        let correlator = self
            .correlators
            .entry(keys.source)
            .or_insert_with(|| Correlator::of(source.component, &source.host));
        let event_source = correlator.source.clone();
        let occurrence = correlator.correlate(&keys, api.now, now, filtered, name)?;
        let combined = occurrence
            .aggregated
            .then(|| aggregate::aggregate_message(message));
        let message = combined.as_deref().unwrap_or(message);
        // `UpdateState` caches a written aggregate event under its own event key too.
        let written = combined
            .as_ref()
            .map(|m| Keys::of(source, &involved, type_, reason, m).event);
        let seen = occurrence.seen.clone();
        // client-go patches a repeat and creates the event when the patch finds it gone.
        if seen.count > 1 && api.bump_event(&seen.key, seen.count, now, message) {
            if let Some(k) = written {
                correlator.update_state(k, seen);
            }
            return None;
        }
        // The aggregate event is a fresh `v1.Event` without the reporting fields.
        let (reporting_component, reporting_instance) = match written {
            Some(_) => (Default::default(), Shared::default()),
            None => (source.component.into(), event_source.host.clone()),
        };
        let event = Event {
            metadata: ObjectMeta {
                name: seen.key.name().to_string(),
                namespace: seen.key.namespace().to_string(),
                ..Default::default()
            },
            involved_object: involved
                .reference(correlator.last_reference(keys.spam), &mut self.namespace),
            reason: reason.into(),
            message: match written {
                Some(_) => message.into(),
                None => self.messages.get(keys.message, message),
            },
            source: event_source,
            first_timestamp: Some(seen.first),
            last_timestamp: Some(now),
            count: seen.count,
            type_: type_.as_str().into(),
            reporting_component,
            reporting_instance,
            // Set by the API server. (Every field is listed: a default `involvedObject` or
            // `source` would allocate a part only to drop it.)
            api_version: Default::default(),
            kind: Default::default(),
            event_time: None,
        };
        let key = seen.key.clone();
        let state = written.map(|k| (k, seen));
        let key = api.create_event(key, event)?;
        if let Some((k, seen)) = state {
            correlator.update_state(k, seen);
        }
        Some(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_are_the_object_and_hex_nanoseconds() {
        for nanos in [0, 1, 15, 16, 0xabc, 1_735_689_600_000_000_001, u64::MAX] {
            let mut name = String::from("stale");
            write_event_name(&mut name, "web-1", nanos);
            assert_eq!(name, format!("web-1.{nanos:x}"));
        }
    }

    /// Both lanes see every field's bytes, length and terminator: shifted or padded
    /// fields digest differently.
    #[test]
    fn digests_tell_padding_and_boundaries_apart() {
        let d = |v: &(&str, &str)| Digest::default().add(v).value();
        let all = [
            d(&("ab", "")),
            d(&("a", "b")),
            d(&("ab\0", "")),
            d(&("", "ab")),
            d(&("abcdefgh", "")),
            d(&("abcdefgh\0", "")),
        ];
        for (i, x) in all.iter().enumerate() {
            for y in &all[i + 1..] {
                assert_ne!(x >> 64, y >> 64);
                assert_ne!(x, y);
            }
        }
        assert_eq!(d(&("ab", "c")), d(&("ab", "c")));
    }

    #[test]
    fn identities_tell_fields_apart() {
        let src = Source::controller("kubelet");
        let pod = |name: &str| crate::api::Pod {
            metadata: ObjectMeta {
                name: name.into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let (a_pod, b_pod) = (pod("a"), pod("b"));
        fn obj(p: &crate::api::Pod) -> Involved<'_> {
            Involved::of(p, None)
        }
        let id = |o: &Involved, reason: &str, message: &str| {
            Keys::of(&src, o, EventType::Normal, reason, message)
        };
        let a = id(&obj(&a_pod), "Pulled", "x");
        assert_eq!(a, id(&obj(&a_pod), "Pulled", "x"));
        let b = id(&obj(&a_pod), "Pulle", "dx");
        assert_ne!(a.event, b.event);
        assert_ne!(a.aggregate, b.aggregate);
        assert_eq!(a.spam, b.spam);
        // Another message: the same group, another event and local key.
        let c = id(&obj(&a_pod), "Pulled", "y");
        assert_eq!(
            (a.source, a.spam, a.aggregate),
            (c.source, c.spam, c.aggregate)
        );
        assert_ne!((a.event, a.message), (c.event, c.message));
        // Another container: the same group and local key, another event.
        let container = Involved::of(&a_pod, Some("spec.containers{web}".into()));
        let d = id(&container, "Pulled", "x");
        assert_eq!((a.aggregate, a.message), (d.aggregate, d.message));
        assert_ne!(a.event, d.event);
        let other = id(&obj(&b_pod), "Pulled", "x");
        assert_ne!(
            (a.spam, a.aggregate, a.event),
            (other.spam, other.aggregate, other.event)
        );
        assert_eq!(a.source, other.source);
        let warning = Keys::of(&src, &obj(&a_pod), EventType::Warning, "Pulled", "x");
        assert_ne!(a.aggregate, warning.aggregate);
        assert_ne!(a.event, warning.event);
        assert_ne!(
            a.source,
            Keys::of(
                &Source::controller("k"),
                &obj(&a_pod),
                EventType::Normal,
                "Pulled",
                "x"
            )
            .source
        );
    }
}
