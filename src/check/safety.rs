//! Raft's safety properties (paper Figure 3) and cheap lemmas, checked after every event over
//! the whole history of the run, not only the current state.
//!
//! Only the node an event touched can have changed, so each check looks at that node against
//! the history. Logs are compared through their prefix hash chains (`raft::Log`): two logs
//! agree up to index k exactly when their prefix hashes at k are equal, so most checks cost a
//! hash comparison or a binary search, not a walk over the log.

use super::{Property, Violation};
use crate::raft::{Actor, LogIndex, RaftSim, Role, Server, Term};
use crate::sim::{NodeId, SimTime, Trace};
use std::collections::BTreeMap;

/// At most this many violations are kept with their details (each property's first one is
/// always among them); the rest are only counted.
const KEEP: usize = 64;

/// A prefix of the log as first seen committed or applied, index by index.
#[derive(Clone, Debug, Default)]
struct Chain {
    /// `hashes[k-1]`: the prefix hash at index k.
    hashes: Vec<u64>,
}

impl Chain {
    fn len(&self) -> u64 {
        self.hashes.len() as u64
    }
    fn at(&self, k: u64) -> u64 {
        if k == 0 {
            0
        } else {
            self.hashes[(k - 1) as usize]
        }
    }

    /// Check that `log` agrees with the chain up to `upto` and extend the chain with the rest
    /// of that prefix. `Err` on disagreement; `Ok(true)` if the chain grew.
    fn merge(&mut self, log: &crate::raft::Log, upto: u64) -> Result<bool, ()> {
        let m = upto.min(self.len());
        if log.prefix_hash(LogIndex(m)) != Some(self.at(m)) {
            return Err(());
        }
        let grew = upto > self.len();
        for k in (self.len() + 1)..=upto {
            self.hashes
                .push(log.prefix_hash(LogIndex(k)).expect("within the log"));
        }
        Ok(grew)
    }
}

#[derive(Clone, Debug, Default)]
pub struct SafetyChecker {
    /// The leader of each term, ever.
    leaders: BTreeMap<Term, NodeId>,
    /// Per server: the prefix hashes of its log when last observed, and whether it was then
    /// the leader of that term.
    seen_logs: BTreeMap<NodeId, (Vec<u64>, Option<Term>)>,
    /// Every (index, term) ever held by any log, with its prefix hash (Log Matching).
    entries: BTreeMap<(u64, Term), u64>,
    /// Per server: the last term and vote seen (persistent state, so across restarts too).
    last_seen: BTreeMap<NodeId, (Term, Option<NodeId>)>,
    /// The committed prefix, and per term of first observation the highest index committed.
    committed: Chain,
    committed_by_term: BTreeMap<Term, u64>,
    applied: Chain,
    violations: Vec<Violation>,
    counts: BTreeMap<Property, u64>,
}

struct At {
    event: u64,
    time: SimTime,
}

impl SafetyChecker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
    pub fn total_violations(&self) -> u64 {
        self.counts.values().sum()
    }
    /// The first violation of `p`, if any.
    pub fn first(&self, p: Property) -> Option<&Violation> {
        self.violations.iter().find(|v| v.property == p)
    }
    pub fn is_clean(&self) -> bool {
        self.counts.is_empty()
    }

    fn report(&mut self, at: &At, property: Property, nodes: Vec<NodeId>, detail: String) {
        let first_of_kind = !self.counts.contains_key(&property);
        *self.counts.entry(property).or_default() += 1;
        if first_of_kind || self.violations.len() < KEEP {
            self.violations.push(Violation {
                property,
                nodes,
                event: at.event,
                time: at.time,
                detail,
            });
        }
    }

    /// Check the cluster after `ev` was processed.
    pub fn observe(&mut self, sim: &RaftSim, ev: &Trace<Actor>) {
        let Some(id) = ev.node else { return };
        let Some(server) = sim.node(id).as_server() else {
            return;
        };
        let at = At {
            event: ev.index,
            time: ev.time,
        };
        self.check_term_and_vote(&at, server);
        self.check_election_safety(&at, server);
        self.check_log_changes(&at, server);
        let extended = self.check_committed(&at, server);
        self.check_applied(&at, server);
        if server.role() == Role::Leader {
            self.check_leader_completeness(&at, server);
        }
        if extended {
            for leader in servers(sim).filter(|l| l.role() == Role::Leader && l.id() != id) {
                self.check_leader_completeness(&at, leader);
            }
        }
    }

    fn check_term_and_vote(&mut self, at: &At, s: &Server) {
        let id = s.id();
        if let Some(&(term, vote)) = self.last_seen.get(&id) {
            if s.term() < term {
                self.report(
                    at,
                    Property::TermNeverDecreases,
                    vec![id],
                    format!("{id} went from term {term} back to {}", s.term()),
                );
            }
            if s.term() == term && vote.is_some() && s.voted_for() != vote {
                self.report(
                    at,
                    Property::OneVotePerTerm,
                    vec![id],
                    format!(
                        "{id} voted for {} and then {} in term {term}",
                        show(vote),
                        show(s.voted_for())
                    ),
                );
            }
        }
        self.last_seen.insert(id, (s.term(), s.voted_for()));
        if s.commit_index() > s.last_index() || s.last_applied() > s.commit_index() {
            self.report(
                at,
                Property::CommitWithinLog,
                vec![id],
                format!(
                    "{id}: applied {} / commit {} / log length {}",
                    s.last_applied(),
                    s.commit_index(),
                    s.last_index()
                ),
            );
        }
    }

    fn check_election_safety(&mut self, at: &At, s: &Server) {
        if s.role() != Role::Leader {
            return;
        }
        let id = s.id();
        match self.leaders.get(&s.term()) {
            Some(&other) if other != id => {
                self.report(
                    at,
                    Property::ElectionSafety,
                    vec![other, id],
                    format!("{other} and {id} were both leaders of term {}", s.term()),
                );
            }
            Some(_) => {}
            None => {
                self.leaders.insert(s.term(), id);
            }
        }
    }

    /// What changed in the node's log since it was last seen: Leader Append-Only for what was
    /// removed, Log Matching and the term lemmas for what was added.
    fn check_log_changes(&mut self, at: &At, s: &Server) {
        let id = s.id();
        let log = s.log();
        let leading = (s.role() == Role::Leader).then_some(s.term());
        let (mut seen, was_leading) = self.seen_logs.remove(&id).unwrap_or_default();
        // The longest prefix unchanged since last time (prefix hashes agree up to a point,
        // then differ: binary search).
        let common = (seen.len() as u64).min(log.len());
        let (mut lo, mut hi) = (0u64, common);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if log.prefix_hash(LogIndex(mid)) == Some(seen[(mid - 1) as usize]) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let kept = lo;
        if kept < seen.len() as u64 && was_leading.is_some() && was_leading == leading {
            self.report(
                at,
                Property::LeaderAppendOnly,
                vec![id],
                format!(
                    "leader {id} of term {} removed or changed its entries from index {}",
                    s.term(),
                    kept + 1
                ),
            );
        }
        seen.truncate(kept as usize);
        for k in (kept + 1)..=log.len() {
            let i = LogIndex(k);
            let term = log.term_at(i).expect("within the log");
            let hash = log.prefix_hash(i).expect("within the log");
            if log.term_at(LogIndex(k - 1)).is_some_and(|prev| prev > term) {
                self.report(
                    at,
                    Property::EntryTermsBounded,
                    vec![id],
                    format!("{id}'s log terms decrease at index {k}"),
                );
            }
            match self.entries.get(&(k, term)) {
                Some(&h) if h != hash => {
                    self.report(
                        at,
                        Property::LogMatching,
                        vec![id],
                        format!(
                            "{id} holds an entry of term {term} at index {k} whose preceding \
                         entries differ from another log's with the same index and term"
                        ),
                    );
                }
                Some(_) => {}
                None => {
                    self.entries.insert((k, term), hash);
                }
            }
            seen.push(hash);
        }
        if log.last_term() > s.term() {
            self.report(
                at,
                Property::EntryTermsBounded,
                vec![id],
                format!(
                    "{id} holds an entry of a term later than its own ({})",
                    s.term()
                ),
            );
        }
        self.seen_logs.insert(id, (seen, leading));
    }

    /// Compare the node's committed prefix with the committed history and extend it. Returns
    /// whether the history grew.
    fn check_committed(&mut self, at: &At, s: &Server) -> bool {
        let c = s.commit_index().0.min(s.last_index().0);
        match self.committed.merge(s.log(), c) {
            Err(()) => {
                let detail = format!(
                    "{} considers committed entries up to index {c} that differ from entries \
                     committed before",
                    s.id()
                );
                self.report(at, Property::StateMachineSafety, vec![s.id()], detail);
                false
            }
            Ok(false) => false,
            Ok(true) => {
                let top = self.committed_by_term.entry(s.term()).or_default();
                *top = (*top).max(c);
                true
            }
        }
    }

    fn check_applied(&mut self, at: &At, s: &Server) {
        let a = s.last_applied().0.min(s.last_index().0);
        if self.applied.merge(s.log(), a).is_err() {
            let detail = format!(
                "{} applied entries up to index {a} that differ from what another server applied",
                s.id()
            );
            self.report(at, Property::StateMachineSafety, vec![s.id()], detail);
        }
    }

    /// Every entry committed in a term before the leader's must be in the leader's log.
    fn check_leader_completeness(&mut self, at: &At, leader: &Server) {
        let Some(k) = self
            .committed_by_term
            .range(..leader.term())
            .map(|(_, &k)| k)
            .max()
        else {
            return;
        };
        if leader.log().prefix_hash(LogIndex(k)) != Some(self.committed.at(k)) {
            self.report(
                at,
                Property::LeaderCompleteness,
                vec![leader.id()],
                format!(
                "leader {} of term {} lacks entries committed (up to index {k}) in earlier terms",
                leader.id(), leader.term()),
            );
        }
    }
}

fn servers(sim: &RaftSim) -> impl Iterator<Item = &Server> {
    sim.nodes().iter().filter_map(Actor::as_server)
}

fn show(n: Option<NodeId>) -> String {
    n.map_or_else(|| "nobody".to_string(), |n| n.to_string())
}
