//! Correctness checks over whole runs: Raft's safety properties after every event, the
//! linearizability of the clients' history, and seeded fault-injection campaigns.
//!
//! A violation is data (which property, which nodes, which event), never a panic, so the UI
//! can show it and a campaign can count it.

mod breach;
pub mod campaign;
pub mod linearizability;
pub mod liveness;
pub mod nemesis;
pub mod repro;
mod safety;
mod spec;

pub use breach::{Breach, Held};
pub use safety::SafetyChecker;

use crate::sim::{NodeId, SimTime};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Property {
    // The five properties of the paper's Figure 3.
    ElectionSafety,
    LeaderAppendOnly,
    LogMatching,
    LeaderCompleteness,
    StateMachineSafety,
    // Cheap lemmas that catch bugs early. A crash may take back a disk write in progress (no
    // one was answered on it): the term, vote and committed prefix then go back no further
    // than what the last completed write saved (safety.rs: `Disk`).
    TermNeverDecreases,
    OneVotePerTerm,
    EntryTermsBounded,
    CommitWithinLog,
    /// When a leader advances its commit index to k, entry k is of its own term (Figure 2's
    /// rule for leaders) and a majority of the actual logs holds its entries up to k (not
    /// only of its matchIndex bookkeeping).
    CommitOnMajority,
    /// A server never loses an entry it once knew to be committed (up to the highest commit
    /// index it ever had, across restarts: its term and log are persistent).
    CommittedKept,
    /// Every granted vote that is sent matches the voter's persisted (term, votedFor).
    VoteRecorded,
    /// A crash restores exactly what the server's last completed disk write saved: its term,
    /// vote and whole log, committed or not (an engine property, as the checker sees the
    /// disk from outside: safety.rs, `Disk`).
    CrashRestoresDisk,
    /// A state machine that applied index i holds what a replay of the committed log up to i
    /// gives (the key-value data and the client sessions).
    AppliedStateMatchesLog,
    /// Every answer a server gives a client is the one the committed log gives that request.
    RepliesMatchLog,
    /// A down or paused node runs no handler and sends nothing (an engine property).
    DownNodesSilent,
    Linearizability,
}

impl Property {
    pub const FIGURE_3: [Property; 5] = [
        Property::ElectionSafety,
        Property::LeaderAppendOnly,
        Property::LogMatching,
        Property::LeaderCompleteness,
        Property::StateMachineSafety,
    ];

    /// Everything the safety checker checks besides Figure 3.
    pub const LEMMAS: [Property; 11] = [
        Property::TermNeverDecreases,
        Property::OneVotePerTerm,
        Property::EntryTermsBounded,
        Property::CommitWithinLog,
        Property::CommitOnMajority,
        Property::CommittedKept,
        Property::VoteRecorded,
        Property::CrashRestoresDisk,
        Property::AppliedStateMatchesLog,
        Property::RepliesMatchLog,
        Property::DownNodesSilent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Property::ElectionSafety => "Election Safety",
            Property::LeaderAppendOnly => "Leader Append-Only",
            Property::LogMatching => "Log Matching",
            Property::LeaderCompleteness => "Leader Completeness",
            Property::StateMachineSafety => "State Machine Safety",
            Property::TermNeverDecreases => "term never decreases (on disk)",
            Property::OneVotePerTerm => "one vote per term",
            Property::EntryTermsBounded => "entry terms bounded and ordered",
            Property::CommitWithinLog => "commit and apply within the log",
            Property::CommitOnMajority => "commit only what a majority stores",
            Property::CommittedKept => "committed entries are kept (on disk)",
            Property::VoteRecorded => "granted votes are recorded",
            Property::CrashRestoresDisk => "a crash restores what the disk saved",
            Property::AppliedStateMatchesLog => "state machines match the committed log",
            Property::RepliesMatchLog => "client replies match the committed log",
            Property::DownNodesSilent => "down nodes stay silent",
            Property::Linearizability => "Linearizability",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub property: Property,
    pub nodes: Vec<NodeId>,
    /// The index of the event after which the property first failed.
    pub event: u64,
    pub time: SimTime,
    pub detail: Breach,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nodes: Vec<String> = self.nodes.iter().map(ToString::to_string).collect();
        write!(
            f,
            "{} violated at event {} ({}), nodes [{}]: {}",
            self.property.name(),
            self.event,
            self.time,
            nodes.join(", "),
            self.detail
        )
    }
}
