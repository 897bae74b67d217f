//! groupcache's `lru.Cache` as client-go's event correlator uses it: at most `capacity`
//! entries; a lookup or a write makes its entry the most recent; writing a new key into a
//! full cache evicts the least recently used entry.

use super::Fx;
use std::collections::HashMap;

/// client-go's `maxLruCacheEntries`: each of the correlator's three caches holds this many.
pub const MAX_LRU_CACHE_ENTRIES: usize = 4096;

const NIL: u32 = u32::MAX;

/// Entries in a slab, chained most recent first; keys are the correlator's 128-bit digests.
#[derive(Debug)]
pub struct Lru<V> {
    capacity: usize,
    index: HashMap<u128, u32, Fx>,
    slots: Vec<Slot<V>>,
    head: u32,
    tail: u32,
}

#[derive(Debug)]
struct Slot<V> {
    key: u128,
    value: V,
    prev: u32,
    next: u32,
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
            slots: Vec::new(),
            head: NIL,
            tail: NIL,
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// `Get`: the entry for `key`, now the most recent.
    pub fn get_mut(&mut self, key: u128) -> Option<&mut V> {
        let i = *self.index.get(&key)?;
        self.promote(i);
        Some(&mut self.slots[i as usize].value)
    }

    /// `Add`: stores `value` under `key` as the most recent entry, evicting the least recent
    /// one when a new key overflows the cache.
    pub fn put(&mut self, key: u128, value: V) -> &mut V {
        if let Some(&i) = self.index.get(&key) {
            self.promote(i);
            let slot = &mut self.slots[i as usize];
            slot.value = value;
            return &mut slot.value;
        }
        let i = if self.slots.len() < self.capacity {
            self.slots.push(Slot {
                key,
                value,
                prev: NIL,
                next: NIL,
            });
            (self.slots.len() - 1) as u32
        } else {
            // Full: the oldest slot is reused for the new key.
            let i = self.tail;
            self.unlink(i);
            let slot = &mut self.slots[i as usize];
            self.index.remove(&slot.key);
            slot.key = key;
            slot.value = value;
            i
        };
        self.index.insert(key, i);
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

    #[test]
    fn a_single_entry_cache_keeps_the_last_key() {
        let mut lru = Lru::with_capacity(1);
        lru.put(1, 'a');
        lru.put(2, 'b');
        assert!(lru.get_mut(1).is_none());
        assert_eq!(lru.get_mut(2).copied(), Some('b'));
    }
}
