//! The replicated log, with a hash chain over its prefixes: `prefix_hash(k)` identifies
//! entries 1..=k as a whole, so comparing two logs up to an index is one comparison. The
//! safety checker relies on it to check Log Matching and friends in constant time per event.

use super::{Entry, LogIndex, Term};
use crate::sim::hash::StableHasher;
use std::hash::{Hash, Hasher};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Log {
    entries: Vec<Entry>,
    /// `prefix[i]` is the hash of entries `1..=i+1`.
    prefix: Vec<u64>,
}

impl Log {
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
    pub fn len(&self) -> u64 {
        self.entries.len() as u64
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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
        &self.entries[(i.0 - 1) as usize]
    }
    /// Entries `from..=to`, clamped to the log.
    pub fn slice(&self, from: LogIndex, to: LogIndex) -> &[Entry] {
        let start = (from.0.max(1) - 1) as usize;
        let end = (to.0.min(self.len()) as usize).max(start);
        &self.entries[start..end]
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
}
