//! The crate's ordered maps and sets: a sorted vector, small in the page.
//!
//! Why not `BTreeMap`: each key and value type instantiates about 4 KB of wasm (node splits,
//! merges, steals, the cursor types), and the page had nineteen of them. A sorted vector is a
//! binary search and a `Vec` insert or remove, a few hundred bytes per type. It iterates in key
//! order exactly as a `BTreeMap` does, so replacing one by the other changes no outcome.
//!
//! The price is an insert or remove in the middle moving the entries after it: right for the
//! maps the simulation keeps (a node, a term, a key of the store, a pending request: tens to a
//! few thousand entries, most inserted at the end). A map that takes many thousands of inserts
//! in random order (the keys of a ring, a search's memo) is built another way.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::ops::{Bound, RangeBounds};

/// An ordered map from `K` to `V`: entries sorted by key, each key once.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SortedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

/// Iterates `(&K, &V)` in key order.
pub type Iter<'a, K, V> =
    std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

impl<K, V> SortedMap<K, V> {
    pub const fn new() -> Self {
        SortedMap {
            entries: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn iter(&self) -> Iter<'_, K, V> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&K, &mut V)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> {
        self.entries.into_iter().map(|(_, v)| v)
    }

    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.entries.first().map(|(k, v)| (k, v))
    }

    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.entries.last().map(|(k, v)| (k, v))
    }

    /// Removes and returns the entry with the smallest key.
    pub fn pop_first(&mut self) -> Option<(K, V)> {
        (!self.entries.is_empty()).then(|| self.entries.remove(0))
    }

    /// Keeps the entries `keep` accepts, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// Where `key` is (`Ok`) or would go (`Err`).
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        // Most inserts come in key order: look at the end first.
        match self.entries.last() {
            None => return Err(0),
            Some((last, _)) => match last.borrow().cmp(key) {
                Ordering::Less => return Err(self.entries.len()),
                Ordering::Equal => return Ok(self.entries.len() - 1),
                Ordering::Greater => {}
            },
        }
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it had.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The entry of `key`, to read, change or fill in one lookup.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let at = self.find(&key);
        Entry { map: self, key, at }
    }

    /// The entries whose keys are in `range`, in key order.
    pub fn range<Q: Ord + ?Sized>(&self, range: impl RangeBounds<Q>) -> Iter<'_, K, V>
    where
        K: Borrow<Q>,
    {
        let start = match range.start_bound() {
            Bound::Included(s) => self.entries.partition_point(|(k, _)| k.borrow() < s),
            Bound::Excluded(s) => self.entries.partition_point(|(k, _)| k.borrow() <= s),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(e) => self.entries.partition_point(|(k, _)| k.borrow() <= e),
            Bound::Excluded(e) => self.entries.partition_point(|(k, _)| k.borrow() < e),
            Bound::Unbounded => self.entries.len(),
        };
        self.entries[start..end.max(start)]
            .iter()
            .map(|(k, v)| (k, v))
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;
    /// The value of `key`; panics if there is none, as `BTreeMap` does.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for the key")
    }
}

/// A key's place in a map: there (`at` is `Ok`) or where it would go (`Err`).
pub struct Entry<'a, K, V> {
    map: &'a mut SortedMap<K, V>,
    key: K,
    at: Result<usize, usize>,
}

impl<'a, K, V> Entry<'a, K, V> {
    /// The value, inserting `make()` first if the key had none.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let i = match self.at {
            Ok(i) => i,
            Err(i) => {
                self.map.entries.insert(i, (self.key, make()));
                i
            }
        };
        &mut self.map.entries[i].1
    }

    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Changes the value if the key has one.
    pub fn and_modify(self, change: impl FnOnce(&mut V)) -> Self {
        if let Ok(i) = self.at {
            change(&mut self.map.entries[i].1);
        }
        self
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    /// Later entries win over earlier ones with the same key, as in `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = SortedMap::new();
        map.extend(iter);
        map
    }
}

impl<K: Ord, V> Extend<(K, V)> for SortedMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// An ordered set: a `SortedMap` without values.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SortedSet<T> {
    map: SortedMap<T, ()>,
}

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: fmt::Debug> fmt::Debug for SortedSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T> SortedSet<T> {
    pub const fn new() -> Self {
        SortedSet {
            map: SortedMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn clear(&mut self) {
        self.map.clear();
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.map.keys()
    }

    pub fn first(&self) -> Option<&T> {
        self.map.first_key_value().map(|(k, _)| k)
    }

    pub fn last(&self) -> Option<&T> {
        self.map.last_key_value().map(|(k, _)| k)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.map.retain(|k, _| keep(k));
    }
}

impl<T: Ord> SortedSet<T> {
    /// Adds `value`; false if it was there already.
    pub fn insert(&mut self, value: T) -> bool {
        self.map.insert(value, ()).is_none()
    }

    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.map.contains_key(value)
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.map.remove(value).is_some()
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = SortedSet::new();
        set.extend(iter);
        set
    }
}

impl<T: Ord> Extend<T> for SortedSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for v in iter {
            self.insert(v);
        }
    }
}

impl<'a, T> IntoIterator for &'a SortedSet<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (T, ())>, fn(&'a (T, ())) -> &'a T>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.entries.iter().map(|(k, ())| k)
    }
}

impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = std::iter::Map<std::vec::IntoIter<(T, ())>, fn((T, ())) -> T>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.entries.into_iter().map(|(k, ())| k)
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_types)] // compared with std's maps
mod tests {
    //! Every operation is checked against `BTreeMap` on the same random sequence: the sorted
    //! vector must be indistinguishable from it.
    use super::*;
    use crate::sim::{Rng, Stream};
    use std::collections::{BTreeMap, BTreeSet};

    fn same<K: Ord + Clone + fmt::Debug, V: Clone + PartialEq + fmt::Debug>(
        ours: &SortedMap<K, V>,
        std: &BTreeMap<K, V>,
    ) {
        let a: Vec<(K, V)> = ours.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let b: Vec<(K, V)> = std.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        assert_eq!(a, b);
        assert_eq!(ours.len(), std.len());
        assert_eq!(ours.first_key_value(), std.first_key_value());
        assert_eq!(ours.last_key_value(), std.last_key_value());
    }

    #[test]
    fn behaves_as_a_btree_map_under_random_operations() {
        for (seed, keys) in [(1u64, 8u64), (2, 40), (3, 300), (4, 3)] {
            let mut rng = Rng::new(seed, Stream::Workload);
            let mut ours: SortedMap<u64, u64> = SortedMap::new();
            let mut std: BTreeMap<u64, u64> = BTreeMap::new();
            for step in 0..3_000u64 {
                let k = rng.below(keys);
                match rng.below(9) {
                    0 | 1 => assert_eq!(ours.insert(k, step), std.insert(k, step)),
                    2 => assert_eq!(ours.remove(&k), std.remove(&k)),
                    3 => assert_eq!(ours.get(&k), std.get(&k)),
                    4 => {
                        *ours.entry(k).or_default() += step;
                        *std.entry(k).or_default() += step;
                    }
                    5 => {
                        ours.entry(k).and_modify(|v| *v /= 2).or_insert(step);
                        std.entry(k).and_modify(|v| *v /= 2).or_insert(step);
                    }
                    6 => {
                        let hi = k + rng.below(keys / 2 + 2);
                        let a: Vec<_> = ours.range(k..hi).collect();
                        let b: Vec<_> = std.range(k..hi).collect();
                        assert_eq!(a, b, "{k}..{hi}");
                        let a: Vec<_> = ours.range(k..=hi).collect();
                        let b: Vec<_> = std.range(k..=hi).collect();
                        assert_eq!(a, b, "{k}..={hi}");
                        let a: Vec<_> = ours.range(k..).collect();
                        let b: Vec<_> = std.range(k..).collect();
                        assert_eq!(a, b, "{k}..");
                        let a: Vec<_> = ours.range(..k).collect();
                        let b: Vec<_> = std.range(..k).collect();
                        assert_eq!(a, b, "..{k}");
                    }
                    7 => assert_eq!(ours.pop_first(), std.pop_first()),
                    _ => {
                        if let Some(v) = ours.get_mut(&k) {
                            *v += 1;
                        }
                        if let Some(v) = std.get_mut(&k) {
                            *v += 1;
                        }
                    }
                }
                same(&ours, &std);
                assert_eq!(ours.contains_key(&k), std.contains_key(&k));
            }
            ours.retain(|k, v| (k + *v) % 3 != 0);
            std.retain(|k, v| (k + *v) % 3 != 0);
            same(&ours, &std);
        }
    }

    #[test]
    fn collecting_keeps_the_last_value_of_a_repeated_key() {
        let pairs = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        let ours: SortedMap<i32, char> = pairs.into_iter().collect();
        let std: BTreeMap<i32, char> = pairs.into_iter().collect();
        same(&ours, &std);
        assert_eq!(
            ours.into_iter().collect::<Vec<_>>(),
            std.into_iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn string_keys_are_looked_up_by_str() {
        let mut m: SortedMap<String, u32> = SortedMap::new();
        for (i, w) in ["pear", "apple", "fig", "apple"].into_iter().enumerate() {
            *m.entry(w.to_string()).or_default() += i as u32;
        }
        assert_eq!(m.get("apple"), Some(&4));
        assert_eq!(
            m.keys().map(String::as_str).collect::<Vec<_>>(),
            ["apple", "fig", "pear"]
        );
        assert_eq!(m.remove("fig"), Some(2));
        assert!(!m.contains_key("fig"));
    }

    #[test]
    fn a_set_behaves_as_a_btree_set() {
        let mut rng = Rng::new(9, Stream::Workload);
        let mut ours: SortedSet<(u8, u8)> = SortedSet::new();
        let mut std: BTreeSet<(u8, u8)> = BTreeSet::new();
        for _ in 0..2_000 {
            let v = (rng.below(6) as u8, rng.below(6) as u8);
            if rng.below(3) == 0 {
                assert_eq!(ours.remove(&v), std.remove(&v));
            } else {
                assert_eq!(ours.insert(v), std.insert(v));
            }
            assert_eq!(ours.contains(&v), std.contains(&v));
            assert!(ours.iter().eq(std.iter()));
            assert_eq!(ours.first(), std.first());
            assert_eq!(ours.last(), std.last());
            assert_eq!(ours.len(), std.len());
        }
    }
}
