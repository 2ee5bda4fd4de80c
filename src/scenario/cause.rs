//! Why things happen in a run, as the narration records them: why a server started an
//! election or a pre-vote, why a leader stepped down, why a client sent a request, and what a
//! server answered. Plain data: the playground's narration fills it in and the page words it
//! (`ui::feed::sentence`), in either language.

use crate::raft::Reply;
use crate::sim::NodeId;

/// Why a server started an election (incremented its term and asked for votes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElectionCause {
    /// Its election timer ran out: it heard from no leader in time.
    Timer,
    /// It was already a candidate and its timer ran out again: that election did not finish
    /// (a split vote, or no majority it could reach).
    TimerAgain,
    /// A user forced its timeout.
    Forced,
    /// A majority answered yes to its pre-vote (thesis §9.6).
    PreVoteWon,
    /// The leader handed leadership over to it (TimeoutNow, thesis §3.10).
    TimeoutNow { from: NodeId },
}

/// Why a server began a pre-vote round (its term unchanged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreVoteCause {
    Timer,
    /// It was already a pre-candidate: no majority said yes before its timer ran out again.
    TimerAgain,
    Forced,
}

/// Why a leader became a follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepDownCause {
    /// A message from `from` carried a higher term (Figure 2, all servers).
    HigherTerm { from: NodeId },
    /// CheckQuorum: no majority answered it for an election timeout.
    LostQuorum,
    /// `from` leads the same term and sent it AppendEntries: only a teaching switch lets two
    /// servers win one term.
    SameTermLeader { from: NodeId },
}

/// Why a server refused its vote to a candidate (Figure 2, RequestVote).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefusalCause {
    /// It had already voted for another candidate in this term.
    AlreadyVoted { for_whom: NodeId },
    /// The candidate's log (its last entry's index and term) is less up to date than the
    /// voter's (§5.4.1).
    LogBehind {
        candidate: (u64, u64),
        voter: (u64, u64),
    },
    /// The candidate asked for a term lower than the voter's.
    StaleTerm { asked: u64 },
}

/// Why a client sent its request to this server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendCause {
    /// A new operation.
    New,
    /// No answer in time: the same operation again, to the next server.
    Retry,
    /// The server it asked pointed it to the leader.
    Redirect,
}

/// What a server told a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The operation was committed and applied; its result.
    Done(Reply),
    /// Not the leader: try `hint` (or, with none, another server later).
    NotLeader { hint: Option<NodeId> },
    /// The leader, handing leadership over: it takes no new request meanwhile (the client
    /// tries again later).
    HandingOver,
}
