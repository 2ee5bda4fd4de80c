//! Raft's safety properties (paper Figure 3) and cheap lemmas, checked after every event over
//! the whole history of the run, not only the current state.
//!
//! Only the node an event touched can have changed, so each check looks at that node against
//! the history. Logs are compared through their prefix hash chains (`raft::Log`): two logs
//! agree up to index k exactly when their prefix hashes at k are equal, so most checks cost a
//! hash comparison or a binary search, not a walk over the log.

use super::spec::{self, KeyOp};
use super::{Breach, Held, Property, Violation};
use crate::raft::{
    Actor, ClientOutcome, Command, Kv, LogIndex, Msg, Op, RaftSim, Reply, Role, Server, Term,
};
use crate::sim::hash::StableHasher;
use crate::sim::map::SortedMap;
use crate::sim::{Action, Cause, NodeId, SimTime, Trace};
use std::hash::{Hash, Hasher};

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

/// What a server's disk holds (or a write will): its term, vote and log (by length and the
/// hash of its whole content), and the highest commit index the server then knew.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Saved {
    term: Term,
    vote: Option<NodeId>,
    log: (u64, Option<u64>),
    known: u64,
}

impl Saved {
    /// What `s` holds now; `known` is the highest commit index it knew.
    fn of(s: &Server, known: u64) -> Self {
        let last = s.last_index();
        Saved {
            term: s.term(),
            vote: s.voted_for(),
            log: (last.0, s.log().prefix_hash(last)),
            known,
        }
    }
}

/// A server's disk as the checker sees it from outside, after each of the server's events:
/// a write starts when `Server::disk_write_done` shows a new completion time (the write holds
/// the state after that event: a write records the state as it starts), and completes when
/// it shows another or none. With no write in progress, the disk holds the state.
#[derive(Clone, Copy, Debug, Default)]
struct Disk {
    /// The write in progress: when it completes, and what it holds.
    writing: Option<(SimTime, Saved)>,
    /// What the last completed write saved.
    saved: Saved,
}

impl Disk {
    fn saw(&mut self, front: Option<SimTime>, now: Saved) {
        if let Some((done, content)) = self.writing {
            if front != Some(done) {
                self.saved = content;
                self.writing = None;
            }
        }
        match front {
            None => self.saved = now,
            Some(done) if self.writing.is_none() => self.writing = Some((done, now)),
            Some(_) => {}
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct SafetyChecker {
    /// The leader of each term, ever.
    leaders: SortedMap<Term, NodeId>,
    /// Per server: the prefix hashes of its log when last observed, and whether it was then
    /// the leader of that term.
    seen_logs: SortedMap<NodeId, (Vec<u64>, Option<Term>)>,
    /// Every (index, term) ever held by any log, with its prefix hash (Log Matching).
    entries: SortedMap<(u64, Term), u64>,
    /// Per server: the last term and vote seen (persistent state, so across restarts too).
    last_seen: SortedMap<NodeId, (Term, Option<NodeId>)>,
    /// Per server: its disk as seen from outside (`Disk`). A crash can go back no further
    /// than what the last completed write saved.
    disks: SortedMap<NodeId, Disk>,
    /// Every granted vote sent, by (voter, term): the candidate. What a voter keeps may be
    /// taken back by a crash; what it sent may not, nor may it then vote for itself.
    votes_sent: SortedMap<(NodeId, Term), NodeId>,
    /// The committed prefix, and per term of first observation the highest index committed.
    committed: Chain,
    committed_by_term: SortedMap<Term, u64>,
    applied: Chain,
    /// Per server: the highest commit index it ever had (its log keeps that prefix).
    known_committed: SortedMap<NodeId, u64>,
    /// Per server: its commit index when last observed (volatile: zero after a crash).
    seen_commit: SortedMap<NodeId, LogIndex>,
    /// The committed log replayed on the specification of the store.
    replay: Replay,
    violations: Vec<Violation>,
    counts: SortedMap<Property, u64>,
}

/// The committed log applied, entry by entry, to the store's specification (`spec`) with
/// client sessions (thesis §6.3), independently of `raft::Kv`: what every state machine that
/// applied index i must hold, and what every client request must be answered.
#[derive(Clone, Debug, Default)]
struct Replay {
    data: SortedMap<String, String>,
    sessions: SortedMap<NodeId, (u64, Reply)>,
    /// The reply of each request, by (client, sequence number).
    replies: SortedMap<NodeId, SortedMap<u64, Reply>>,
    /// `states[i-1]`: the hash of the state after entries 1..=i.
    states: Vec<u64>,
}

impl Replay {
    fn len(&self) -> u64 {
        self.states.len() as u64
    }

    fn apply(&mut self, command: &Command) {
        if let Command::Client { client, seq, op } = command {
            // A sequence number at or below the session's is a retry: not applied again.
            let fresh = self.sessions.get(client).is_none_or(|(last, _)| seq > last);
            if fresh {
                let reply = self.apply_op(op);
                self.sessions.insert(*client, (*seq, reply.clone()));
                // A session's fresh sequence numbers rise: each insert goes at the end.
                self.replies.entry(*client).or_default().insert(*seq, reply);
            }
        }
        let hash = state_hash(
            self.data.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            self.sessions.iter().map(|(c, (s, r))| (*c, *s, r)),
        );
        self.states.push(hash);
    }

    fn apply_op(&mut self, op: &Op) -> Reply {
        let key = op.key().to_string();
        let spec_op = match op {
            Op::Put { value, .. } => KeyOp::Put(Some(value.clone())),
            Op::Get { .. } => KeyOp::Get,
            Op::Cas { expected, new, .. } => KeyOp::Cas {
                expected: expected.clone(),
                new: Some(new.clone()),
            },
            Op::Delete { .. } => KeyOp::Delete,
        };
        let current = self.data.get(&key).cloned();
        let (after, reply) = spec::step(&current, &spec_op, &None);
        match after {
            Some(v) => self.data.insert(key, v),
            None => self.data.remove(&key),
        };
        Reply {
            ok: reply.ok,
            value: reply.value,
        }
    }

    /// The state after `applied` entries.
    fn state_at(&self, applied: u64) -> Option<u64> {
        match applied {
            0 => Some(state_hash(std::iter::empty(), std::iter::empty())),
            k => self.states.get((k - 1) as usize).copied(),
        }
    }
}

/// A state machine's contents as one number: its key-value pairs and client sessions, in
/// order.
fn state_hash<'a>(
    data: impl Iterator<Item = (&'a str, &'a str)>,
    sessions: impl Iterator<Item = (NodeId, u64, &'a Reply)>,
) -> u64 {
    let mut h = StableHasher::new();
    for (k, v) in data {
        (0u8, k, v).hash(&mut h);
    }
    for (c, s, r) in sessions {
        (1u8, c, s, r).hash(&mut h);
    }
    h.finish()
}

fn kv_hash(kv: &Kv) -> u64 {
    state_hash(kv.entries(), kv.sessions())
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

    fn report(&mut self, at: &At, property: Property, nodes: Vec<NodeId>, detail: Breach) {
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
        let at = At {
            event: ev.index,
            time: ev.time,
        };
        self.check_down_nodes(&at, sim, ev);
        if let Some(server) = ev.node.and_then(|id| sim.node(id).as_server()) {
            let id = server.id();
            let own_crash = matches!(&ev.cause, Cause::Command(Action::Crash(c)) if *c == id);
            if own_crash {
                self.lost_write(id);
                self.check_restored(&at, server);
            }
            self.check_term_and_vote(&at, server);
            self.check_leader_term_on_disk(&at, server);
            self.check_election_safety(&at, server);
            self.check_log_changes(&at, server);
            let extended = self.check_committed(&at, server);
            self.check_applied(&at, server);
            self.check_commit_on_majority(&at, sim, server);
            self.check_committed_kept(&at, server);
            self.check_applied_state(&at, server);
            if server.role() == Role::Leader {
                self.check_leader_completeness(&at, server);
            }
            if extended {
                for leader in servers(sim).filter(|l| l.role() == Role::Leader && l.id() != id) {
                    self.check_leader_completeness(&at, leader);
                }
            }
        }
        self.check_sent(&at, sim, ev);
        if let Some(s) = ev.node.and_then(|id| sim.node(id).as_server()) {
            let known = self.known_committed.get(&s.id()).copied().unwrap_or(0);
            let now = Saved::of(s, known);
            self.disks
                .entry(s.id())
                .or_default()
                .saw(s.disk_write_done(), now);
        }
    }

    /// `id` crashed: a disk write in progress is lost (Figure 2 persists before answering, so
    /// no one was told of it), and it comes back with what the last completed write saved, so
    /// that is what its term, vote and log are judged against now.
    fn lost_write(&mut self, id: NodeId) {
        let Some(disk) = self.disks.get_mut(&id) else {
            return;
        };
        if disk.writing.take().is_some() {
            let saved = disk.saved;
            self.last_seen.insert(id, (saved.term, saved.vote));
            self.known_committed.insert(id, saved.known);
        }
    }

    /// `id` has just crashed: it holds exactly what its disk saved, no less (a write it
    /// completed may have been acknowledged, and counted towards a commit) and no more (a
    /// write in progress is lost), down to the uncommitted end of its log.
    fn check_restored(&mut self, at: &At, s: &Server) {
        let id = s.id();
        let Some(disk) = self.disks.get(&id) else {
            return; // never seen before: nothing written yet
        };
        let saved = disk.saved;
        let now = Saved::of(s, saved.known);
        if now != saved {
            let held = |s: Saved| Held {
                term: s.term.0,
                vote: s.vote,
                entries: s.log.0,
            };
            let (holds, saved) = (held(now), held(saved));
            let detail = Breach::CrashLostWrite { id, holds, saved };
            self.report(at, Property::CrashRestoresDisk, vec![id], detail);
        }
    }

    /// A crash may take back a term still being written, but never one the server leads: a
    /// leader's term and vote are on disk before it leads, or a crash could bring it back in
    /// the term before, to win the same term again and lead it twice with two logs.
    fn check_leader_term_on_disk(&mut self, at: &At, s: &Server) {
        let (saved, _) = s.term_on_disk();
        if s.role() == Role::Leader && saved != s.term() {
            let id = s.id();
            let detail = Breach::LeadsUnsavedTerm {
                id,
                term: s.term().0,
                saved: saved.0,
            };
            self.report(at, Property::TermNeverDecreases, vec![id], detail);
        }
    }

    /// A node that is down or paused after the event did nothing during it: no message from
    /// it, no change to its state (but for its own crash), and, if down, no timer pending.
    fn check_down_nodes(&mut self, at: &At, sim: &RaftSim, ev: &Trace<Actor>) {
        let quiet = |id: NodeId| sim.is_alive(id) && !sim.is_paused(id);
        if let Some(env) = ev.sent.iter().find(|e| !quiet(e.from)) {
            let (id, kind) = (env.from, env.msg.kind());
            let detail = Breach::SentWhileDown { id, kind };
            self.report(at, Property::DownNodesSilent, vec![id], detail);
        }
        let Some(id) = ev.node.filter(|&id| !quiet(id)) else {
            return;
        };
        let own_crash = matches!(&ev.cause, Cause::Command(Action::Crash(c)) if *c == id);
        if ev.changed.is_some() && !own_crash {
            self.report(
                at,
                Property::DownNodesSilent,
                vec![id],
                Breach::RanWhileDown { id },
            );
        }
        if !sim.is_alive(id) && sim.timers_of(id).next().is_some() {
            self.report(
                at,
                Property::DownNodesSilent,
                vec![id],
                Breach::TimerWhileDown { id },
            );
        }
    }

    /// What the event sent: granted votes must be recorded, answers to clients must be the
    /// committed log's.
    fn check_sent(&mut self, at: &At, sim: &RaftSim, ev: &Trace<Actor>) {
        for env in &ev.sent {
            let Some(s) = sim.node(env.from).as_server() else {
                continue;
            };
            if let Msg::Vote {
                term,
                granted: true,
                pre_vote: false,
                ..
            } = &env.msg
            {
                match self.votes_sent.get(&(env.from, *term)).copied() {
                    Some(first) if first != env.to => {
                        let detail = Breach::VotedTwice {
                            id: env.from,
                            term: term.0,
                            first,
                            then: env.to,
                        };
                        self.report(at, Property::OneVotePerTerm, vec![env.from], detail);
                    }
                    Some(_) => {}
                    None => {
                        self.votes_sent.insert((env.from, *term), env.to);
                    }
                }
            }
            match &env.msg {
                Msg::Vote {
                    term,
                    granted: true,
                    pre_vote: false,
                    ..
                    // A vote that waited for the disk may leave after its sender moved to
                    // a later term; in its own term it must be the recorded one.
                } if s.term() == *term && s.voted_for() != Some(env.to) || s.term() < *term => {
                    let detail = Breach::VoteNotRecorded {
                        id: s.id(),
                        to: env.to,
                        term: term.0,
                        holds_term: s.term().0,
                        holds_vote: s.voted_for(),
                    };
                    self.report(at, Property::VoteRecorded, vec![s.id()], detail);
                }
                Msg::ClientReply {
                    seq,
                    outcome: ClientOutcome::Done(reply),
                } => {
                    let expected = (self.replay.replies.get(&env.to)).and_then(|r| r.get(seq));
                    // A read by ReadIndex or lease is answered outside the log by design, and
                    // with the local-reads switch any read is: the linearizability checker
                    // judges those.
                    let read_outside = sim.node(env.to).as_client().is_some_and(|c| {
                        c.read_path() != crate::raft::ReadPath::Log
                            && c.history().iter().rev().any(|h| {
                                h.seq == *seq && matches!(h.op, crate::raft::Op::Get { .. })
                            })
                    });
                    let outside_the_log =
                        expected.is_none() && (s.config().breaks.local_reads || read_outside);
                    if expected != Some(reply) && !outside_the_log {
                        let detail = Breach::WrongReply {
                            id: s.id(),
                            client: env.to,
                            seq: *seq,
                            reply: reply.clone(),
                            expected: expected.cloned(),
                        };
                        self.report(at, Property::RepliesMatchLog, vec![s.id()], detail);
                    }
                }
                _ => {}
            }
        }
    }

    fn check_term_and_vote(&mut self, at: &At, s: &Server) {
        let id = s.id();
        if s.role() == Role::Candidate && s.voted_for() == Some(id) {
            if let Some(&other) = self.votes_sent.get(&(id, s.term())).filter(|&&o| o != id) {
                let detail = Breach::VotedThenSelf {
                    id,
                    term: s.term().0,
                    first: other,
                };
                self.report(at, Property::OneVotePerTerm, vec![id], detail);
            }
        }
        if let Some(&(term, vote)) = self.last_seen.get(&id) {
            if s.term() < term {
                self.report(
                    at,
                    Property::TermNeverDecreases,
                    vec![id],
                    Breach::TermWentBack {
                        id,
                        from: term.0,
                        to: s.term().0,
                    },
                );
            }
            if s.term() == term && vote.is_some() && s.voted_for() != vote {
                self.report(
                    at,
                    Property::OneVotePerTerm,
                    vec![id],
                    Breach::VoteChanged {
                        id,
                        term: term.0,
                        first: vote,
                        then: s.voted_for(),
                    },
                );
            }
        }
        self.last_seen.insert(id, (s.term(), s.voted_for()));
        if s.commit_index() > s.last_index() || s.last_applied() > s.commit_index() {
            self.report(
                at,
                Property::CommitWithinLog,
                vec![id],
                Breach::CommitPastLog {
                    id,
                    applied: s.last_applied().0,
                    commit: s.commit_index().0,
                    length: s.last_index().0,
                },
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
                    Breach::TwoLeaders {
                        first: other,
                        second: id,
                        term: s.term().0,
                    },
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
                Breach::LeaderRewrote {
                    id,
                    term: s.term().0,
                    from: kept + 1,
                },
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
                    Breach::TermsDecrease { id, index: k },
                );
            }
            match self.entries.get(&(k, term)) {
                Some(&h) if h != hash => {
                    self.report(
                        at,
                        Property::LogMatching,
                        vec![id],
                        Breach::LogsDiverge {
                            id,
                            term: term.0,
                            index: k,
                        },
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
                Breach::TermAhead {
                    id,
                    term: s.term().0,
                },
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
                let detail = Breach::CommittedDiffers {
                    id: s.id(),
                    index: c,
                };
                self.report(at, Property::StateMachineSafety, vec![s.id()], detail);
                false
            }
            Ok(false) => false,
            Ok(true) => {
                let top = self.committed_by_term.entry(s.term()).or_default();
                *top = (*top).max(c);
                for k in (self.replay.len() + 1)..=c {
                    self.replay.apply(&s.log().get(LogIndex(k)).command);
                }
                true
            }
        }
    }

    fn check_applied(&mut self, at: &At, s: &Server) {
        let a = s.last_applied().0.min(s.last_index().0);
        if self.applied.merge(s.log(), a).is_err() {
            let detail = Breach::AppliedDiffers {
                id: s.id(),
                index: a,
            };
            self.report(at, Property::StateMachineSafety, vec![s.id()], detail);
        }
    }

    /// A leader that advanced its commit index to k did so because a majority stores its
    /// entries up to k: check the logs themselves, not the leader's matchIndex.
    fn check_commit_on_majority(&mut self, at: &At, sim: &RaftSim, s: &Server) {
        let id = s.id();
        let before = self
            .seen_commit
            .insert(id, s.commit_index())
            .unwrap_or_default();
        let k = s.commit_index();
        if s.role() != Role::Leader || k <= before {
            return;
        }
        // Figure 2's rule for leaders: the entry at the new commit index is of the current
        // term (earlier ones commit with it). The Figure 8 teaching switch breaks this rule
        // on purpose; the other checks show what follows from it.
        let entry_term = s.log().term_at(k);
        if entry_term != Some(s.term()) && !s.config().breaks.commit_old_terms_by_count {
            self.report(
                at,
                Property::CommitOnMajority,
                vec![id],
                Breach::CommittedEarlierTerm {
                    id,
                    term: s.term().0,
                    index: k.0,
                },
            );
            return;
        }
        let mine = s.log().prefix_hash(k);
        let holding = servers(sim)
            .filter(|o| o.log().prefix_hash(k) == mine)
            .count() as u32;
        let total = servers(sim).count() as u8;
        if holding < crate::raft::quorum(total) {
            self.report(
                at,
                Property::CommitOnMajority,
                vec![id],
                Breach::CommittedOnMinority {
                    id,
                    term: s.term().0,
                    index: k.0,
                    holding,
                    total,
                },
            );
        }
    }

    /// A server keeps, across restarts, the entries up to the highest commit index it ever had.
    fn check_committed_kept(&mut self, at: &At, s: &Server) {
        let id = s.id();
        let known = self.known_committed.entry(id).or_default();
        *known = (*known).max(s.commit_index().0);
        let k = *known;
        if k > self.committed.len() {
            return; // its committed prefix disagreed with the history: reported already
        }
        if s.log().prefix_hash(LogIndex(k)) != Some(self.committed.at(k)) {
            self.report(
                at,
                Property::CommittedKept,
                vec![id],
                Breach::CommittedLost { id, index: k },
            );
        }
    }

    /// The server's state machine against the replay of the committed log at its applied
    /// index.
    fn check_applied_state(&mut self, at: &At, s: &Server) {
        let a = s.last_applied().0;
        let Some(expected) = self.replay.state_at(a) else {
            return; // applied beyond the committed history: reported as State Machine Safety
        };
        if kv_hash(s.kv()) != expected {
            self.report(
                at,
                Property::AppliedStateMatchesLog,
                vec![s.id()],
                Breach::StateDiffers {
                    id: s.id(),
                    applied: a,
                },
            );
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
                Breach::LeaderLacks {
                    id: leader.id(),
                    term: leader.term().0,
                    index: k,
                },
            );
        }
    }
}

fn servers(sim: &RaftSim) -> impl Iterator<Item = &Server> {
    sim.nodes().iter().filter_map(Actor::as_server)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_goes_back_to_the_last_completed_write_even_when_writes_run_back_to_back() {
        let term = |t: u64| Saved {
            term: Term(t),
            vote: Some(NodeId(0)),
            ..Saved::default()
        };
        let mut disk = Disk::default();
        disk.saw(None, term(1)); // at rest: the disk holds term 1
        disk.saw(Some(SimTime(10)), term(2)); // a write of term 2 starts
        disk.saw(Some(SimTime(10)), term(2)); // still writing
        assert_eq!(disk.saved, term(1));
        // The write completed and the next started at once: the disk never rested, yet term
        // 2 is on it, and a crash now may go back no further.
        disk.saw(Some(SimTime(20)), term(3));
        assert_eq!(disk.saved, term(2));
        assert_eq!(disk.writing, Some((SimTime(20), term(3))));
        disk.saw(None, term(3));
        assert_eq!((disk.saved, disk.writing), (term(3), None));
    }
}
