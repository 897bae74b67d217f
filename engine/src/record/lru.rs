//! groupcache's `lru.Cache` as client-go's event correlator uses it: at most `capacity`
//! entries; a lookup or a write makes its entry the most recent; writing a new key into a
//! full cache evicts the least recently used entry.

use super::Fx;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// client-go's `maxLruCacheEntries`: each of the correlator's three caches holds this many.
pub const MAX_LRU_CACHE_ENTRIES: usize = 4096;

const NIL: u32 = u32::MAX;

/// Entries in a slab, chained most recent first; keys are the correlator's 128-bit digests.
/// The index maps a key's high 64 bits (a digest: already mixed) to its slot, in half the
/// room of a 128-bit key; a key whose high half another key holds there goes to `collided`.
#[derive(Debug)]
pub struct Lru<V> {
    capacity: usize,
    index: HashMap<u64, u32, Fx>,
    collided: HashMap<u128, u32, Fx>,
    slots: Vec<Slot<V>>,
    head: u32,
    tail: u32,
}

/// The key as two words: a `u128` would align the slot (and pad it) to 16 bytes.
#[derive(Debug)]
struct Slot<V> {
    key: [u64; 2],
    value: V,
    prev: u32,
    next: u32,
}

/// A 128-bit digest as two words (also the aggregator's form of a message digest).
pub(super) fn split(key: u128) -> [u64; 2] {
    [(key >> 64) as u64, key as u64]
}

impl<V> Default for Lru<V> {
    fn default() -> Self {
        Lru::with_capacity(MAX_LRU_CACHE_ENTRIES)
    }
}

impl<V> Lru<V> {
    pub fn with_capacity(capacity: usize) -> Self {
        Lru {
            capacity: capacity.max(1),
            index: HashMap::default(),
            collided: HashMap::default(),
            slots: Vec::new(),
            head: NIL,
            tail: NIL,
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// The slot holding `key`.
    fn find(&self, key: u128) -> Option<u32> {
        let [high, _] = split(key);
        match self.index.get(&high) {
            Some(&i) if self.slots[i as usize].key == split(key) => Some(i),
            _ if self.collided.is_empty() => None,
            _ => self.collided.get(&key).copied(),
        }
    }

    fn index_insert(&mut self, key: u128, i: u32) {
        match self.index.entry(split(key)[0]) {
            Entry::Vacant(e) => {
                e.insert(i);
            }
            Entry::Occupied(_) => {
                self.collided.insert(key, i);
            }
        }
    }

    fn index_remove(&mut self, key: [u64; 2], i: u32) {
        match self.index.get(&key[0]) {
            Some(&j) if j == i => {
                self.index.remove(&key[0]);
            }
            _ => {
                let key = (u128::from(key[0]) << 64) | u128::from(key[1]);
                self.collided.remove(&key);
            }
        }
    }

    /// `Get`: the entry for `key`, now the most recent.
    pub fn get_mut(&mut self, key: u128) -> Option<&mut V> {
        let i = self.find(key)?;
        self.promote(i);
        Some(&mut self.slots[i as usize].value)
    }

    /// `Get`, and on a miss `Add` of `make()`.
    pub fn get_or_put(&mut self, key: u128, make: impl FnOnce() -> V) -> &mut V {
        match self.find(key) {
            Some(i) => {
                self.promote(i);
                &mut self.slots[i as usize].value
            }
            None => self.insert_new(key, make()),
        }
    }

    /// `Add`: stores `value` under `key` as the most recent entry, evicting the least recent
    /// one when a new key overflows the cache.
    pub fn put(&mut self, key: u128, value: V) -> &mut V {
        if let Some(i) = self.find(key) {
            self.promote(i);
            let slot = &mut self.slots[i as usize];
            slot.value = value;
            return &mut slot.value;
        }
        self.insert_new(key, value)
    }

    /// `put` of a key that is not in the cache.
    fn insert_new(&mut self, key: u128, value: V) -> &mut V {
        let i = if self.slots.len() < self.capacity {
            self.slots.push(Slot {
                key: split(key),
                value,
                prev: NIL,
                next: NIL,
            });
            (self.slots.len() - 1) as u32
        } else {
            // Full: the oldest slot is reused for the new key.
            let i = self.tail;
            self.unlink(i);
            let old = self.slots[i as usize].key;
            self.index_remove(old, i);
            let slot = &mut self.slots[i as usize];
            slot.key = split(key);
            slot.value = value;
            i
        };
        self.index_insert(key, i);
        self.link_front(i);
        &mut self.slots[i as usize].value
    }

    fn promote(&mut self, i: u32) {
        if self.head != i {
            self.unlink(i);
            self.link_front(i);
        }
    }

    fn unlink(&mut self, i: u32) {
        let (prev, next) = {
            let s = &self.slots[i as usize];
            (s.prev, s.next)
        };
        match prev {
            NIL => self.head = next,
            p => self.slots[p as usize].next = next,
        }
        match next {
            NIL => self.tail = prev,
            n => self.slots[n as usize].prev = prev,
        }
    }

    fn link_front(&mut self, i: u32) {
        let old = self.head;
        {
            let s = &mut self.slots[i as usize];
            s.prev = NIL;
            s.next = old;
        }
        match old {
            NIL => self.tail = i,
            o => self.slots[o as usize].prev = i,
        }
        self.head = i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_the_least_recently_used() {
        let mut lru = Lru::with_capacity(3);
        for k in 1..=3 {
            lru.put(k, k * 10);
        }
        assert_eq!(lru.get_mut(1).copied(), Some(10)); // 1 is now the most recent
        lru.put(4, 40); // evicts 2
        assert_eq!(lru.len(), 3);
        assert!(lru.get_mut(2).is_none());
        lru.put(3, 31); // an update refreshes 3
        lru.put(5, 50); // evicts 1
        assert!(lru.get_mut(1).is_none());
        assert_eq!(lru.get_mut(3).copied(), Some(31));
        assert_eq!(lru.get_mut(4).copied(), Some(40));
        assert_eq!(lru.get_mut(5).copied(), Some(50));
    }

    /// Keys that share their high half are told apart (through `collided`), also when
    /// evicted in either order.
    #[test]
    fn keys_sharing_a_high_half() {
        let k = |lo: u128| (7 << 64) | lo;
        let mut lru = Lru::with_capacity(3);
        for lo in 1..=3 {
            lru.put(k(lo), lo);
        }
        for lo in 1..=3 {
            assert_eq!(lru.get_mut(k(lo)).copied(), Some(lo));
        }
        assert!(lru.get_mut(k(4)).is_none());
        lru.put(k(4), 4); // evicts k(1), the one the index held
        assert!(lru.get_mut(k(1)).is_none());
        lru.put(5, 5); // evicts k(2)
        for (key, v) in [(k(3), 3), (k(4), 4), (5, 5)] {
            assert_eq!(lru.get_mut(key).copied(), Some(v));
        }
        assert!(lru.get_mut(k(2)).is_none());
        lru.put(k(1), 1); // evicts k(3)
        assert_eq!(lru.get_mut(k(1)).copied(), Some(1));
        assert_eq!(lru.get_mut(k(4)).copied(), Some(4));
        assert!(lru.get_mut(k(3)).is_none());
        assert_eq!(lru.len(), 3);
    }

    #[test]
    fn a_single_entry_cache_keeps_the_last_key() {
        let mut lru = Lru::with_capacity(1);
        lru.put(1, 'a');
        lru.put(2, 'b');
        assert!(lru.get_mut(1).is_none());
        assert_eq!(lru.get_mut(2).copied(), Some('b'));
    }
}
