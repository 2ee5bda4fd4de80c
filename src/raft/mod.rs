//! Raft (Ongaro & Ousterhout, USENIX ATC 2014; Ongaro's thesis, 2014) as sans-IO state
//! machines: servers, the clients that use them, and the key-value store they replicate.
//!
//! `Server` follows the paper's Figure 2 rule for rule, plus Pre-Vote and CheckQuorum (thesis
//! §9.6) and leadership transfer (thesis §3.10), each a switch. `Breaks` holds the teaching
//! switches: each disables one rule so a user can watch what the rule prevents.

mod client;
mod cluster;
mod kv;
mod log;
mod server;

pub use client::{Client, ClientView, HistoryOp};
pub use client::{ClientSetup, Load, Workload};
pub use cluster::{busy_clients, Actor, ActorView, ClusterConfig, Input, RaftSim, Timer};
pub use kv::{Kv, Op, Reply};
pub use log::Log;
pub use server::{Role, Server, ServerView};

use crate::sim::{Duration, NodeId};
use serde::Serialize;
use std::fmt;

/// A Raft term (§5.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Term(pub u64);

/// A position in the log, counted from 1; 0 means "before the first entry".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LogIndex(pub u64);

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for LogIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a log entry asks the state machine to do.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Command {
    /// Appended by every new leader so it can commit entries of earlier terms (thesis §6.4).
    Noop,
    /// A client operation; `(client, seq)` identifies it across retries.
    Client { client: NodeId, seq: u64, op: Op },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Entry {
    pub term: Term,
    pub command: Command,
}

/// A leader's confirmation round: heartbeats carry the latest, replies echo it. Zero: none
/// yet this term. Hashes as nothing when zero, so the traces of runs that never confirm a
/// read hash as they did before rounds existed (the golden trace hashes pin that).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Round(pub u64);

impl std::hash::Hash for Round {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        if self.0 != 0 {
            state.write_u64(self.0);
        }
    }
}

/// How a leader serves a read (thesis §6.4). Every path answers only from a leader.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum ReadPath {
    /// The read is a log entry like a write: committed, applied, answered.
    #[default]
    Log,
    /// ReadIndex: note the commit index, confirm leadership with a heartbeat round, answer
    /// once applied that far. No log entry, one round trip.
    ReadIndex,
    /// Lease: answer at once while a majority acknowledged a heartbeat sent less than a
    /// lease ago (shorter than the election timeout, shortened again for clock drift).
    Lease,
}

impl std::hash::Hash for ReadPath {
    /// `Log` hashes as nothing: traces from before read paths existed keep their hashes.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            ReadPath::Log => {}
            ReadPath::ReadIndex => state.write_u8(1),
            ReadPath::Lease => state.write_u8(2),
        }
    }
}

impl ReadPath {
    pub const ALL: [ReadPath; 3] = [ReadPath::Log, ReadPath::ReadIndex, ReadPath::Lease];

    /// The name in URLs, scenario files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ReadPath::Log => "log",
            ReadPath::ReadIndex => "read-index",
            ReadPath::Lease => "lease",
        }
    }

    pub fn parse(name: &str) -> Option<ReadPath> {
        ReadPath::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Why a server refused a client request.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ClientOutcome {
    Done(Reply),
    NotLeader { leader_hint: Option<NodeId> },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// §5.2; with `pre_vote`, the thesis §9.6 Pre-Vote round at the prospective `term`.
    RequestVote {
        term: Term,
        last_log_index: LogIndex,
        last_log_term: Term,
        pre_vote: bool,
        /// Sent because the leader asked (leadership transfer): voters skip the leader lease.
        transfer: bool,
    },
    Vote {
        term: Term,
        granted: bool,
        pre_vote: bool,
        /// The candidate's last entry (index, term) as its request gave it: the vote judged
        /// that log. A candidate that crashed before writing an entry, and campaigns for the
        /// same term again without it, must not count a vote given to the longer log.
        candidate_log: (LogIndex, Term),
    },
    /// §5.3; empty `entries` is a heartbeat.
    AppendEntries {
        term: Term,
        prev_log_index: LogIndex,
        prev_log_term: Term,
        entries: Vec<Entry>,
        leader_commit: LogIndex,
        /// The leader's latest confirmation round (thesis §6.4): a reply that echoes it
        /// proves the follower still followed this leader after the round began.
        round: Round,
    },
    AppendReply {
        term: Term,
        success: bool,
        /// The prevLogIndex of the AppendEntries this answers, so the leader can tell a reply
        /// to its current probe from a stale one; `None` when that request was rejected for
        /// its stale term alone, before the log was looked at.
        prev_log_index: Option<LogIndex>,
        /// On success: the index of the last entry known to match the leader's log.
        match_index: LogIndex,
        /// On failure: where the leader should try next (fast backtracking, as in the
        /// thesis's §5.3 note): the first index of the conflicting term, or the log's end.
        conflict_index: LogIndex,
        conflict_term: Option<Term>,
        /// The `round` of the AppendEntries this answers, when its term was accepted.
        round: Round,
    },
    /// Leadership transfer: "start an election now" (thesis §3.10).
    TimeoutNow {
        term: Term,
    },
    ClientRequest {
        seq: u64,
        op: Op,
        /// How the client wants a read served (ignored for writes).
        read: ReadPath,
    },
    ClientReply {
        seq: u64,
        outcome: ClientOutcome,
    },
}

impl Msg {
    /// A short name for the kind of message, stable for the UI and the trace.
    pub fn kind(&self) -> &'static str {
        match self {
            Msg::RequestVote { pre_vote: true, .. } => "PreVote",
            Msg::RequestVote { .. } => "RequestVote",
            Msg::Vote { granted: true, .. } => "VoteGranted",
            Msg::Vote { .. } => "VoteDenied",
            Msg::AppendEntries { entries, .. } if entries.is_empty() => "Heartbeat",
            Msg::AppendEntries { .. } => "AppendEntries",
            Msg::AppendReply { success: true, .. } => "AppendOk",
            Msg::AppendReply { .. } => "AppendRejected",
            Msg::TimeoutNow { .. } => "TimeoutNow",
            Msg::ClientRequest { .. } => "ClientRequest",
            Msg::ClientReply { .. } => "ClientReply",
        }
    }

    /// Whether this message answers an RPC with what the sender must have persisted first
    /// (Figure 2): a vote, an AppendEntries reply. A pre-vote changes nothing persistent.
    pub fn waits_for_disk(&self) -> bool {
        matches!(
            self,
            Msg::Vote {
                pre_vote: false,
                ..
            } | Msg::AppendReply { .. }
        )
    }
}

/// Teaching switches: each breaks one rule of Raft, off by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Breaks {
    /// Every server uses the same election timeout: elections split forever (§5.2).
    pub fixed_timeouts: bool,
    /// Grant votes without the "at least as up-to-date" check (§5.4.1).
    pub no_up_to_date_check: bool,
    /// Grant a vote to every candidate of a term, not only the first (§5.2).
    pub many_votes_per_term: bool,
    /// Commit an entry once a majority stores it, even from an earlier term (§5.4.2, Fig. 8);
    /// new leaders also skip their no-op, as in the figure.
    pub commit_old_terms_by_count: bool,
    /// Every server answers a read from its own state at once, leader or not, without the
    /// log (thesis §6.4 says why not: a follower or a deposed leader may be behind).
    pub local_reads: bool,
    /// A leader answers ReadIndex and lease reads from its own state at once, without
    /// confirming it still leads: a deposed leader in a partition answers with old values.
    pub unconfirmed_reads: bool,
    /// Lease reads use a lease of twice the maximum election timeout: another leader can be
    /// elected, and write, while the old one still believes its lease.
    pub long_lease: bool,
    /// The lease is the whole minimum election timeout, as if every clock kept perfect time:
    /// a leader with a slow clock holds it after a follower with a fast clock has given up.
    pub lease_ignores_drift: bool,
    /// Votes and AppendEntries replies leave before the term, vote and log they speak for are
    /// on disk (Figure 2: "updated on stable storage before responding"): a crash takes back
    /// a vote or an entry that others already counted. Only with a disk write time.
    pub reply_before_write: bool,
}

/// One teaching switch, by name. `Break::ALL` is the one list of them: the settings panel,
/// the URL, share links and the command line all go through it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Break {
    FixedTimeouts,
    NoUpToDateCheck,
    ManyVotesPerTerm,
    CommitOldTermsByCount,
    LocalReads,
    UnconfirmedReads,
    LongLease,
    LeaseIgnoresDrift,
    ReplyBeforeWrite,
}

impl Break {
    /// In the order of share links' bits: a new switch goes last.
    pub const ALL: [Break; 9] = [
        Break::FixedTimeouts,
        Break::NoUpToDateCheck,
        Break::ManyVotesPerTerm,
        Break::CommitOldTermsByCount,
        Break::LocalReads,
        Break::UnconfirmedReads,
        Break::LongLease,
        Break::LeaseIgnoresDrift,
        Break::ReplyBeforeWrite,
    ];

    /// The name in URLs and on the command line (`--break`).
    pub fn name(self) -> &'static str {
        match self {
            Break::FixedTimeouts => "fixed-timeouts",
            Break::NoUpToDateCheck => "no-up-to-date-check",
            Break::ManyVotesPerTerm => "many-votes-per-term",
            Break::CommitOldTermsByCount => "commit-old-terms-by-count",
            Break::LocalReads => "local-reads",
            Break::UnconfirmedReads => "unconfirmed-reads",
            Break::LongLease => "long-lease",
            Break::LeaseIgnoresDrift => "lease-ignores-drift",
            Break::ReplyBeforeWrite => "reply-before-write",
        }
    }

    pub fn parse(name: &str) -> Option<Break> {
        Break::ALL.into_iter().find(|b| b.name() == name)
    }
}

impl Breaks {
    pub fn get(&self, b: Break) -> bool {
        match b {
            Break::FixedTimeouts => self.fixed_timeouts,
            Break::NoUpToDateCheck => self.no_up_to_date_check,
            Break::ManyVotesPerTerm => self.many_votes_per_term,
            Break::CommitOldTermsByCount => self.commit_old_terms_by_count,
            Break::LocalReads => self.local_reads,
            Break::UnconfirmedReads => self.unconfirmed_reads,
            Break::LongLease => self.long_lease,
            Break::LeaseIgnoresDrift => self.lease_ignores_drift,
            Break::ReplyBeforeWrite => self.reply_before_write,
        }
    }

    pub fn set(&mut self, b: Break, on: bool) {
        let field = match b {
            Break::FixedTimeouts => &mut self.fixed_timeouts,
            Break::NoUpToDateCheck => &mut self.no_up_to_date_check,
            Break::ManyVotesPerTerm => &mut self.many_votes_per_term,
            Break::CommitOldTermsByCount => &mut self.commit_old_terms_by_count,
            Break::LocalReads => &mut self.local_reads,
            Break::UnconfirmedReads => &mut self.unconfirmed_reads,
            Break::LongLease => &mut self.long_lease,
            Break::LeaseIgnoresDrift => &mut self.lease_ignores_drift,
            Break::ReplyBeforeWrite => &mut self.reply_before_write,
        };
        *field = on;
    }

    /// Turn on the switch called `name`, or say which names exist.
    pub fn set_named(&mut self, name: &str) -> Result<(), String> {
        let b = Break::parse(name).ok_or_else(|| {
            let names: Vec<&str> = Break::ALL.iter().map(|b| b.name()).collect();
            format!("unknown rule '{name}'; one of: {}", names.join(", "))
        })?;
        self.set(b, true);
        Ok(())
    }
}

/// Settings of every server of a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct RaftConfig {
    pub election_timeout_min: Duration,
    pub election_timeout_max: Duration,
    pub heartbeat_interval: Duration,
    pub pre_vote: bool,
    pub check_quorum: bool,
    /// Entries per AppendEntries message at most, so a lagging follower is repaired in
    /// bounded steps rather than one giant message.
    pub max_batch: u32,
    /// How long one write to stable storage takes. Figure 2: a server persists its term,
    /// vote and new entries before it answers an RPC, so its votes and AppendEntries replies
    /// leave only once the write completes. Zero: a disk as fast as memory.
    pub disk_write: Duration,
    /// Servers honour leader leases (thesis §6.4.1): a server that heard from its leader
    /// less than a minimum election timeout ago, or restarted less than that ago, ignores
    /// vote requests. Lease reads are safe only so; the cluster turns it on when a client
    /// reads by lease.
    pub leases: bool,
    /// How far any server's clock may run fast or slow, in percent: a lease is shortened so
    /// it stays safe within this bound.
    pub drift_bound_pct: u8,
    pub breaks: Breaks,
}

/// The drift bound a lease assumes by default, in percent. Real clocks drift by parts per
/// million; a visible bound makes the lease's margin visible too.
pub const DRIFT_BOUND_PCT: u8 = 10;

impl RaftConfig {
    /// How long a leader may serve reads after a heartbeat round a majority acknowledged,
    /// counted on its own clock from when the round was sent: the minimum election timeout
    /// (no server votes sooner after hearing from it), shortened so that a leader clock slow
    /// by the bound and a follower clock fast by it still agree: × (1 − d) / (1 + d).
    pub fn lease(&self) -> Duration {
        let eto = self.election_timeout_min.as_micros();
        if self.breaks.long_lease {
            return Duration(2 * self.election_timeout_max.as_micros());
        }
        if self.breaks.lease_ignores_drift {
            return Duration(eto);
        }
        let d = u64::from(self.drift_bound_pct.min(99));
        Duration(eto * (100 - d) / (100 + d))
    }
}

impl Default for RaftConfig {
    /// Timeouts of 150–300 ms (the paper's §9.3 recommendation) and heartbeats every 50 ms:
    /// with 10–20 ms messages an election is easy to follow when animated.
    fn default() -> Self {
        RaftConfig {
            election_timeout_min: Duration::from_millis(150),
            election_timeout_max: Duration::from_millis(300),
            heartbeat_interval: Duration::from_millis(50),
            pre_vote: false,
            check_quorum: false,
            max_batch: 16,
            disk_write: Duration::ZERO,
            leases: false,
            drift_bound_pct: DRIFT_BOUND_PCT,
            breaks: Breaks::default(),
        }
    }
}

/// The majority of a cluster of `n` servers.
pub fn quorum(n: u8) -> u32 {
    u32::from(n) / 2 + 1
}
