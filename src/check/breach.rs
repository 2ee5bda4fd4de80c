//! What the safety checker saw when a property broke, as data: the servers, terms and indices
//! involved. English here (campaign reports, the command line, the page in English); the page
//! words each case in its own language from the same numbers (ui/i18n.rs).

use crate::raft::Reply;
use crate::sim::NodeId;
use std::fmt;

/// A term, a vote and a log length: what a server holds, or what its disk saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Held {
    pub term: u64,
    pub vote: Option<NodeId>,
    pub entries: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Breach {
    /// After a crash the server holds other than its last completed disk write saved. (A log
    /// of the same length with other entries reads alike in these words; a hash told them
    /// apart.)
    CrashLostWrite {
        id: NodeId,
        holds: Held,
        saved: Held,
    },
    /// A leader whose term is not yet on its disk.
    LeadsUnsavedTerm {
        id: NodeId,
        term: u64,
        saved: u64,
    },
    SentWhileDown {
        id: NodeId,
        kind: &'static str,
    },
    RanWhileDown {
        id: NodeId,
    },
    TimerWhileDown {
        id: NodeId,
    },
    /// Seen in the messages: two grants in one term.
    VotedTwice {
        id: NodeId,
        term: u64,
        first: NodeId,
        then: NodeId,
    },
    /// Seen in the server's state: its vote given, then a vote for itself in the same term.
    VotedThenSelf {
        id: NodeId,
        term: u64,
        first: NodeId,
    },
    /// Seen in the server's state: its recorded vote changed within a term.
    VoteChanged {
        id: NodeId,
        term: u64,
        first: Option<NodeId>,
        then: Option<NodeId>,
    },
    VoteNotRecorded {
        id: NodeId,
        to: NodeId,
        term: u64,
        holds_term: u64,
        holds_vote: Option<NodeId>,
    },
    /// A reply to a client that the committed log does not give (`expected` none: the request
    /// is not committed at all).
    WrongReply {
        id: NodeId,
        client: NodeId,
        seq: u64,
        reply: Reply,
        expected: Option<Reply>,
    },
    TermWentBack {
        id: NodeId,
        from: u64,
        to: u64,
    },
    CommitPastLog {
        id: NodeId,
        applied: u64,
        commit: u64,
        length: u64,
    },
    TwoLeaders {
        first: NodeId,
        second: NodeId,
        term: u64,
    },
    LeaderRewrote {
        id: NodeId,
        term: u64,
        from: u64,
    },
    TermsDecrease {
        id: NodeId,
        index: u64,
    },
    LogsDiverge {
        id: NodeId,
        term: u64,
        index: u64,
    },
    TermAhead {
        id: NodeId,
        term: u64,
    },
    CommittedDiffers {
        id: NodeId,
        index: u64,
    },
    AppliedDiffers {
        id: NodeId,
        index: u64,
    },
    CommittedEarlierTerm {
        id: NodeId,
        term: u64,
        index: u64,
    },
    CommittedOnMinority {
        id: NodeId,
        term: u64,
        index: u64,
        holding: u32,
        total: u8,
    },
    CommittedLost {
        id: NodeId,
        index: u64,
    },
    StateDiffers {
        id: NodeId,
        applied: u64,
    },
    LeaderLacks {
        id: NodeId,
        term: u64,
        index: u64,
    },
}

/// A vote as the checker names it: the server voted for, or nobody.
pub fn vote(n: Option<NodeId>) -> String {
    n.map_or_else(|| "nobody".to_string(), |n| n.to_string())
}

impl fmt::Display for Held {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (term, v, n) = (self.term, vote(self.vote), self.entries);
        write!(f, "term {term}, vote {v}, {n} entries")
    }
}

impl fmt::Display for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Breach::*;
        match self {
            CrashLostWrite { id, holds, saved } => write!(
                f,
                "after its crash {id} holds {holds}; its last completed disk write saved {saved}"
            ),
            LeadsUnsavedTerm { id, term, saved } => write!(
                f,
                "{id} leads term {term} while its disk holds term {saved}: a crash would take \
                 back a term it led"
            ),
            SentWhileDown { id, kind } => write!(f, "{id} sent a {kind} while down or paused"),
            RanWhileDown { id } => write!(f, "a handler of {id} ran while it was down or paused"),
            TimerWhileDown { id } => write!(f, "{id} is down with a timer pending"),
            VotedTwice {
                id,
                term,
                first,
                then,
            } => {
                write!(
                    f,
                    "{id} gave its vote in term {term} to {first} and then to {then}"
                )
            }
            VotedThenSelf { id, term, first } => {
                write!(
                    f,
                    "{id} gave its vote in term {term} to {first} and then voted for itself"
                )
            }
            VoteChanged {
                id,
                term,
                first,
                then,
            } => {
                let (first, then) = (vote(*first), vote(*then));
                write!(f, "{id} voted for {first} and then {then} in term {term}")
            }
            VoteNotRecorded {
                id,
                to,
                term,
                holds_term,
                holds_vote,
            } => write!(
                f,
                "{id} granted {to} its vote in term {term} but holds term {holds_term} and vote \
                 for {}",
                vote(*holds_vote)
            ),
            WrongReply {
                id,
                client,
                seq,
                reply,
                expected: Some(e),
            } => write!(
                f,
                "{id} answered request {seq} of {client} with {reply}; the committed log gives {e}"
            ),
            WrongReply {
                id,
                client,
                seq,
                expected: None,
                ..
            } => {
                write!(
                    f,
                    "{id} answered request {seq} of {client}, which is not committed"
                )
            }
            TermWentBack { id, from, to } => write!(f, "{id} went from term {from} back to {to}"),
            CommitPastLog {
                id,
                applied,
                commit,
                length,
            } => {
                write!(
                    f,
                    "{id}: applied {applied} / commit {commit} / log length {length}"
                )
            }
            TwoLeaders {
                first,
                second,
                term,
            } => {
                write!(f, "{first} and {second} were both leaders of term {term}")
            }
            LeaderRewrote { id, term, from } => write!(
                f,
                "leader {id} of term {term} removed or changed its entries from index {from}"
            ),
            TermsDecrease { id, index } => write!(f, "{id}'s log terms decrease at index {index}"),
            LogsDiverge { id, term, index } => write!(
                f,
                "{id} holds an entry of term {term} at index {index} whose preceding entries \
                 differ from another log's with the same index and term"
            ),
            TermAhead { id, term } => {
                write!(
                    f,
                    "{id} holds an entry of a term later than its own ({term})"
                )
            }
            CommittedDiffers { id, index } => write!(
                f,
                "{id} considers committed entries up to index {index} that differ from entries \
                 committed before"
            ),
            AppliedDiffers { id, index } => write!(
                f,
                "{id} applied entries up to index {index} that differ from what another server \
                 applied"
            ),
            CommittedEarlierTerm { id, term, index } => write!(
                f,
                "leader {id} of term {term} committed up to index {index}, an entry of an \
                 earlier term"
            ),
            CommittedOnMinority {
                id,
                term,
                index,
                holding,
                total,
            } => write!(
                f,
                "leader {id} of term {term} committed up to index {index}, which only {holding} \
                 of {total} logs hold"
            ),
            CommittedLost { id, index } => write!(
                f,
                "{id} lost or changed entries it knew committed (up to index {index})"
            ),
            StateDiffers { id, applied } => write!(
                f,
                "{id}'s state machine after applying {applied} entries is not what the \
                 committed log gives"
            ),
            LeaderLacks { id, term, index } => write!(
                f,
                "leader {id} of term {term} lacks entries committed (up to index {index}) in \
                 earlier terms"
            ),
        }
    }
}
