//! The replicated log, with a hash chain over its prefixes: `prefix_hash(k)` identifies
//! entries 1..=k as a whole, so comparing two logs up to an index is one comparison. The
//! safety checker relies on it to check Log Matching and friends in constant time per event.

use super::{Entry, LogIndex, Term};
use crate::sim::hash::StableHasher;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Log {
    entries: Chunked<Entry>,
    /// `prefix[i]` is the hash of entries `1..=i+1`.
    prefix: Chunked<u64>,
}

impl Log {
    /// Entries `1..=len`, in order.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &Entry> {
        self.entries.iter()
    }
    pub fn len(&self) -> u64 {
        self.entries.len() as u64
    }
    pub fn is_empty(&self) -> bool {
        self.entries.len() == 0
    }
    pub fn last_index(&self) -> LogIndex {
        LogIndex(self.len())
    }
    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(Term(0), |e| e.term)
    }
    /// The term at `i`; `Term(0)` at index 0; `None` past the end.
    pub fn term_at(&self, i: LogIndex) -> Option<Term> {
        match i.0 {
            0 => Some(Term(0)),
            k => self.entries.get((k - 1) as usize).map(|e| e.term),
        }
    }
    /// The entry at `i` (1-based). Panics outside `1..=len`.
    pub fn get(&self, i: LogIndex) -> &Entry {
        self.entries
            .get((i.0 - 1) as usize)
            .expect("an index within the log")
    }
    /// Copies of entries `from..=to`, clamped to the log (what an AppendEntries carries).
    pub fn slice(&self, from: LogIndex, to: LogIndex) -> Vec<Entry> {
        let start = (from.0.max(1) - 1) as usize;
        let end = (to.0.min(self.len()) as usize).max(start);
        (start..end)
            .filter_map(|i| self.entries.get(i).cloned())
            .collect()
    }
    /// The hash of entries `1..=i`; 0 for index 0. `None` past the end.
    pub fn prefix_hash(&self, i: LogIndex) -> Option<u64> {
        match i.0 {
            0 => Some(0),
            k => self.prefix.get((k - 1) as usize).copied(),
        }
    }

    pub fn push(&mut self, entry: Entry) {
        let mut h = StableHasher::new();
        self.prefix.last().copied().unwrap_or(0).hash(&mut h);
        entry.hash(&mut h);
        self.prefix.push(h.finish());
        self.entries.push(entry);
    }

    /// Keep entries `1..=len`.
    pub fn truncate(&mut self, len: u64) {
        self.entries.truncate(len as usize);
        self.prefix.truncate(len as usize);
    }
}

/// Entries per shared chunk.
const CHUNK: usize = 64;

/// A vector whose filled chunks are shared by its clones. The timeline keeps snapshots of the
/// whole simulation for rewinding, each holding every server's log: with plain vectors each
/// snapshot copied every log, and memory grew with the logs times the snapshots. Chunks are
/// only appended to while they are the tail, and a chunk is never changed once filled (a
/// truncation into one copies its kept part back into the tail), so sharing is invisible.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Chunked<T> {
    full: Vec<Rc<[T]>>,
    tail: Vec<T>,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            full: Vec::new(),
            tail: Vec::new(),
        }
    }
}

impl<T: Clone> Chunked<T> {
    fn len(&self) -> usize {
        self.full.len() * CHUNK + self.tail.len()
    }

    fn get(&self, i: usize) -> Option<&T> {
        match self.full.get(i / CHUNK) {
            Some(chunk) => chunk.get(i % CHUNK),
            None => self.tail.get(i - self.full.len() * CHUNK),
        }
    }

    fn last(&self) -> Option<&T> {
        self.tail
            .last()
            .or_else(|| self.full.last().and_then(|c| c.last()))
    }

    fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.full.iter().flat_map(|c| c.iter()).chain(&self.tail)
    }

    fn push(&mut self, value: T) {
        self.tail.push(value);
        if self.tail.len() == CHUNK {
            self.full.push(std::mem::take(&mut self.tail).into());
        }
    }

    fn truncate(&mut self, len: usize) {
        let kept_full = len / CHUNK;
        if kept_full < self.full.len() {
            self.tail = self.full[kept_full][..len % CHUNK].to_vec();
            self.full.truncate(kept_full);
        } else {
            self.tail.truncate(len - kept_full * CHUNK);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raft::Command;

    fn e(term: u64) -> Entry {
        Entry {
            term: Term(term),
            command: Command::Noop,
        }
    }

    #[test]
    fn equal_prefixes_have_equal_hashes_and_different_ones_do_not() {
        let (mut a, mut b) = (Log::default(), Log::default());
        assert!(a.is_empty());
        for t in [1, 1, 2] {
            a.push(e(t));
            b.push(e(t));
        }
        assert_eq!(a.prefix_hash(LogIndex(3)), b.prefix_hash(LogIndex(3)));
        assert!(!a.is_empty());
        b.truncate(2);
        b.push(e(3));
        assert_eq!(a.prefix_hash(LogIndex(2)), b.prefix_hash(LogIndex(2)));
        assert_ne!(a.prefix_hash(LogIndex(3)), b.prefix_hash(LogIndex(3)));
        assert_eq!(b.term_at(LogIndex(3)), Some(Term(3)));
        assert_eq!(b.term_at(LogIndex(4)), None);
        assert_eq!(b.slice(LogIndex(2), LogIndex(9)).len(), 2);
    }

    /// The chunked log against a plain vector, across chunk boundaries, with truncations into
    /// filled chunks and clones that must not see each other's changes.
    #[test]
    fn behaves_as_a_vector_across_chunks_and_clones() {
        let mut rng = crate::sim::Rng::new(5, crate::sim::Stream::Workload);
        let mut log = Log::default();
        let mut plain: Vec<Entry> = Vec::new();
        let mut clones: Vec<(Log, Vec<Entry>)> = Vec::new();
        for step in 0..4_000u64 {
            // The log grows by about a quarter entry a step; a truncation drops up to two
            // chunks' worth, as a follower's repair does.
            match rng.below(100) {
                0 => {
                    let len = (plain.len() as u64).saturating_sub(rng.below(2 * CHUNK as u64));
                    log.truncate(len);
                    plain.truncate(len as usize);
                }
                1..=9 => clones.push((log.clone(), plain.clone())),
                _ => {
                    log.push(e(step));
                    plain.push(e(step));
                }
            }
            assert_eq!(log.len(), plain.len() as u64);
            assert!(log.entries().eq(plain.iter()));
            assert!(log.entries().rev().eq(plain.iter().rev()));
            assert_eq!(log.last_term(), plain.last().map_or(Term(0), |e| e.term));
            let k = rng.below(plain.len() as u64 + 2);
            assert_eq!(
                log.term_at(LogIndex(k)),
                k.checked_sub(1)
                    .map_or(Some(Term(0)), |i| plain.get(i as usize).map(|e| e.term))
            );
            let to = k + rng.below(80);
            let want: Vec<Entry> = plain
                .iter()
                .skip(k.max(1) as usize - 1)
                .take((to + 1).saturating_sub(k.max(1)) as usize)
                .cloned()
                .collect();
            assert_eq!(log.slice(LogIndex(k), LogIndex(to)), want, "{k}..={to}");
        }
        assert!(
            clones.len() > 100 && plain.len() > 10 * CHUNK,
            "{}",
            plain.len()
        );
        for (log, plain) in &clones {
            assert!(
                log.entries().eq(plain.iter()),
                "a clone changed with its original"
            );
            let mut fresh = Log::default();
            plain.iter().cloned().for_each(|x| fresh.push(x));
            assert_eq!(log, &fresh);
            assert_eq!(
                log.prefix_hash(log.last_index()),
                fresh.prefix_hash(fresh.last_index())
            );
        }
    }

    /// The point of the chunks: a clone (a timeline snapshot) shares the filled ones.
    #[test]
    fn a_clone_shares_the_filled_chunks() {
        let mut log = Log::default();
        for t in 0..(3 * CHUNK as u64 + 5) {
            log.push(e(t));
        }
        let copy = log.clone();
        assert_eq!(log.entries.full.len(), 3);
        for (a, b) in log.entries.full.iter().zip(&copy.entries.full) {
            assert!(Rc::ptr_eq(a, b));
        }
        assert!(Rc::ptr_eq(&log.prefix.full[2], &copy.prefix.full[2]));
    }
}
