//! A Raft server (paper Figure 2), sans-IO: it reacts to messages, timers and inputs by
//! writing sends and timer requests into `Out`.

use super::cluster::{Actor, Timer};
use super::kv::Kv;
use super::log::Log;
use super::{
    quorum, ClientOutcome, Command, Entry, LogIndex, Msg, RaftConfig, ReadPath, Round, Term,
};
use crate::sim::map::SortedMap;
use crate::sim::sort;
use crate::sim::{Duration, NodeId, Out, SimTime};
use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Follower,
    /// Running a Pre-Vote round (thesis §9.6): its term is not yet incremented.
    PreCandidate,
    Candidate,
    Leader,
}

impl Role {
    /// The name of the stable UI contract (`data-role`): a pre-candidate shows as a candidate.
    pub fn name(self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::PreCandidate => "pre-candidate",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        }
    }
}

/// What the checker, the trace and the UI see of a server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServerView {
    pub role: Role,
    pub term: Term,
    pub voted_for: Option<NodeId>,
    pub leader: Option<NodeId>,
    pub last_index: LogIndex,
    pub last_term: Term,
    pub commit_index: LogIndex,
    pub last_applied: LogIndex,
    /// Entries this server has discarded so far because a leader's conflicted with them
    /// (Figure 2, AppendEntries step 3): so the feed can say when a log is rewritten.
    pub discarded: u64,
}

#[derive(Clone, Debug)]
pub struct Server {
    id: NodeId,
    /// Servers of the cluster are `NodeId(0)..NodeId(servers)`.
    servers: u8,
    config: RaftConfig,

    // Persistent state (Figure 2): survives a crash.
    term: Term,
    voted_for: Option<NodeId>,
    log: Log,

    // Volatile state.
    role: Role,
    leader: Option<NodeId>,
    commit_index: LogIndex,
    last_applied: LogIndex,
    kv: Kv,
    /// Bit i: server i granted this node's (pre-)vote in the current round.
    votes: u16,
    /// When this node last heard from a leader it accepted (the Pre-Vote/CheckQuorum lease).
    last_leader_contact: Option<SimTime>,

    /// When each server last answered this node in its current term (a granted vote, a reply
    /// to AppendEntries): what CheckQuorum and the leader's own lease count.
    answered_at: Vec<Option<SimTime>>,

    // Volatile state on leaders, reinitialised after each election.
    next_index: Vec<LogIndex>,
    match_index: Vec<LogIndex>,
    /// A leadership transfer in progress: the target, and when it began.
    transfer: Option<(NodeId, SimTime)>,
    /// Entries this leader appended for clients, to answer them once applied.
    awaiting: SortedMap<LogIndex, NodeId>,

    /// Entries discarded so far for conflicting with a leader's (see `ServerView`).
    discarded: u64,

    /// Writes to stable storage in progress, in order (see `with_disk`). A crash loses them
    /// and the replies that wait for them, unsent.
    disk: VecDeque<DiskWrite>,
    /// What the last completed write left on disk: a crash with a write in progress goes back
    /// to it. Between handlers with no write in progress it is the persistent state itself
    /// (every change is a write); during a handler it is what the handler's changes are not
    /// yet. Unused without a disk (`disk_write` zero: a write is instant).
    stable: Stable,

    /// How fast this server's clock runs, in percent of real time. Every duration it
    /// measures (timeouts, heartbeats, leases) is on this clock.
    clock_pct: u16,
    /// When the rate last changed: (real time, what the clock read then).
    clock_base: (SimTime, SimTime),
    /// With leases: no vote for anyone until then (local clock), after a (re)start.
    votes_held_until: Option<SimTime>,

    // Reads on a leader (thesis §6.4), reset with each term.
    /// The latest confirmation round this leader started.
    round: u64,
    /// The latest round each server echoed.
    acked: Vec<u64>,
    /// When each recent round was sent (local clock), oldest first.
    round_sent: VecDeque<(u64, SimTime)>,
    /// Reads waiting to be answered.
    reads: Vec<PendingRead>,
    /// A client reads by lease: every heartbeat is a round, to keep the lease.
    lease_wanted: bool,
    /// Reads may be answered at once until then (local clock).
    lease_until: Option<SimTime>,
    /// This leader sent a TimeoutNow in its term: the target may campaign whenever it
    /// arrives, and voters ignore leases for it, so no lease holds for the rest of the term.
    lease_forfeited: bool,
}

/// One write to stable storage: when it completes, what it writes (taken when it starts: a
/// write queued behind another takes everything written until then), and the replies that wait
/// for it.
#[derive(Clone, Debug)]
struct DiskWrite {
    done: SimTime,
    content: Option<Stable>,
    replies: Vec<(NodeId, Msg)>,
}

/// Figure 2's persistent state, as a write leaves it on disk.
#[derive(Clone, Debug, Default)]
struct Stable {
    term: Term,
    voted_for: Option<NodeId>,
    log: Log,
}

/// A read waiting on a leader: for its read index (once this leader has committed an entry
/// of its term), for its round to be acknowledged by a majority, then for the index to be
/// applied.
#[derive(Clone, Debug)]
struct PendingRead {
    client: NodeId,
    seq: u64,
    key: String,
    index: Option<LogIndex>,
    round: u64,
}

impl Server {
    pub fn new(id: NodeId, servers: u8, config: RaftConfig) -> Self {
        assert!((1..=9).contains(&servers), "a cluster has 1 to 9 servers");
        assert!(id.0 < servers);
        Server {
            id,
            servers,
            config,
            term: Term(0),
            voted_for: None,
            log: Log::default(),
            role: Role::Follower,
            leader: None,
            commit_index: LogIndex(0),
            last_applied: LogIndex(0),
            kv: Kv::default(),
            votes: 0,
            last_leader_contact: None,
            answered_at: vec![None; usize::from(servers)],
            next_index: vec![LogIndex(1); usize::from(servers)],
            match_index: vec![LogIndex(0); usize::from(servers)],
            transfer: None,
            awaiting: SortedMap::new(),
            discarded: 0,
            disk: VecDeque::new(),
            stable: Stable::default(),
            clock_pct: 100,
            clock_base: (SimTime::ZERO, SimTime::ZERO),
            votes_held_until: None,
            round: 0,
            acked: vec![0; usize::from(servers)],
            round_sent: VecDeque::new(),
            reads: Vec::new(),
            lease_wanted: false,
            lease_until: None,
            lease_forfeited: false,
        }
    }

    /// A clock that runs at `pct` percent of real time (100: perfect; at least 1).
    pub fn with_clock(mut self, pct: u16) -> Self {
        self.clock_pct = pct.max(1);
        self
    }

    /// What this server's clock reads at the real time `now`.
    pub fn local(&self, now: SimTime) -> SimTime {
        let (real, local) = self.clock_base;
        SimTime(local.0 + now.0.saturating_sub(real.0) * u64::from(self.clock_pct) / 100)
    }

    /// From real time `now` on, the clock runs at `pct` percent (at least 1). It reads on
    /// from where it stood; timers already set keep their real deadlines.
    pub fn set_clock(&mut self, pct: u16, now: SimTime) {
        self.clock_base = (now, self.local(now));
        self.clock_pct = pct.max(1);
    }

    /// Set a timer for a duration measured on this server's clock: a fast clock fires early.
    fn set_local_timer(&self, out: &mut Out<'_, Actor>, timer: Timer, after: Duration) {
        let pct = u64::from(self.clock_pct);
        let real = if pct == 100 {
            after.as_micros()
        } else {
            (after.as_micros() * 100).div_ceil(pct)
        };
        out.set_timer(timer, Duration(real));
    }

    /// The real time at which this server's clock reads `local` (at its current rate).
    pub fn real(&self, local: SimTime) -> SimTime {
        let (real, base) = self.clock_base;
        SimTime(real.0 + local.0.saturating_sub(base.0) * 100 / u64::from(self.clock_pct))
    }

    // ---- Read access for the checker and the UI ----

    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn term(&self) -> Term {
        self.term
    }
    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    pub fn log(&self) -> &Log {
        &self.log
    }
    pub fn commit_index(&self) -> LogIndex {
        self.commit_index
    }
    pub fn last_applied(&self) -> LogIndex {
        self.last_applied
    }
    pub fn kv(&self) -> &Kv {
        &self.kv
    }
    pub fn config(&self) -> &RaftConfig {
        &self.config
    }
    /// The leader's view of each server's log: (nextIndex, matchIndex).
    pub fn progress(&self) -> Option<Vec<(LogIndex, LogIndex)>> {
        (self.role == Role::Leader).then(|| {
            self.next_index
                .iter()
                .copied()
                .zip(self.match_index.iter().copied())
                .collect()
        })
    }
    /// Until when (real time) this leader may answer reads at once, if it holds a lease.
    pub fn lease_until(&self) -> Option<SimTime> {
        self.lease_until.map(|t| self.real(t))
    }
    pub fn clock_pct(&self) -> u16 {
        self.clock_pct
    }
    /// Reads this leader holds until its round is confirmed or its index applied.
    pub fn pending_reads(&self) -> usize {
        self.reads.len()
    }
    /// When the disk write in progress completes, if one is.
    pub fn disk_write_done(&self) -> Option<SimTime> {
        self.disk.front().map(|w| w.done)
    }
    /// Whether the end of the log is not yet on disk (a crash now would take it back).
    pub fn log_unwritten(&self) -> bool {
        self.own_match() < self.last_index()
    }
    /// The term and vote a crash now would leave this server with: what the last completed
    /// write saved (with no disk time, every change is saved at once).
    pub fn term_on_disk(&self) -> (Term, Option<NodeId>) {
        if self.config.disk_write == Duration::ZERO {
            return (self.term, self.voted_for);
        }
        (self.stable.term, self.stable.voted_for)
    }
    pub fn view(&self) -> ServerView {
        ServerView {
            role: self.role,
            term: self.term,
            voted_for: self.voted_for,
            leader: self.leader,
            last_index: self.last_index(),
            last_term: self.last_term(),
            commit_index: self.commit_index,
            last_applied: self.last_applied,
            discarded: self.discarded,
        }
    }

    pub fn last_index(&self) -> LogIndex {
        self.log.last_index()
    }
    fn last_term(&self) -> Term {
        self.log.last_term()
    }
    fn term_at(&self, i: LogIndex) -> Option<Term> {
        self.log.term_at(i)
    }
    fn entry(&self, i: LogIndex) -> &Entry {
        self.log.get(i)
    }

    fn peers(&self) -> impl Iterator<Item = NodeId> {
        let me = self.id;
        (0..self.servers).map(NodeId).filter(move |&p| p != me)
    }
    fn bit(id: NodeId) -> u16 {
        1 << id.0
    }
    fn has_quorum(&self, bits: u16) -> bool {
        bits.count_ones() >= quorum(self.servers)
    }

    /// Whether a majority, this node included, answered it in its current term less than
    /// `window` ago.
    fn heard_from_majority_within(&self, now: SimTime, window: Duration) -> bool {
        let answered = self
            .answered_at
            .iter()
            .enumerate()
            .filter(|&(i, t)| i == usize::from(self.id.0) || t.is_some_and(|t| now - t < window))
            .count() as u32;
        answered >= quorum(self.servers)
    }

    fn note_answer(&mut self, from: NodeId, now: SimTime) {
        self.answered_at[usize::from(from.0)] = Some(now);
    }

    // ---- Timers ----

    fn reset_election_timer(&mut self, out: &mut Out<'_, Actor>) {
        let (lo, hi) = (
            self.config.election_timeout_min.as_micros(),
            self.config.election_timeout_max.as_micros(),
        );
        // §5.2: randomised timeouts make split votes rare. The teaching switch removes the
        // randomness to show why it is there. The draw happens either way, so the switch
        // does not shift the node's random stream.
        let drawn = out.rng().between(lo, hi);
        let timeout = if self.config.breaks.fixed_timeouts {
            lo
        } else {
            drawn
        };
        self.set_local_timer(out, Timer::Election, Duration(timeout));
    }

    // ---- Stable storage (Figure 2: "updated on stable storage before responding") ----

    /// What a write to stable storage records: term, vote and log (the log by its length and
    /// the hash of its whole content, so a rewrite of the same length counts).
    fn durable(&self) -> (Term, Option<NodeId>, LogIndex, Option<u64>) {
        let last = self.last_index();
        (self.term, self.voted_for, last, self.log.prefix_hash(last))
    }

    /// Run one handler with a disk that takes `disk_write` per write. If the handler changed
    /// the persistent state, that is a write, started at once or after the one in progress, and the
    /// handler's replies (`Msg::waits_for_disk`) leave when it completes. Replies of a later
    /// handler wait behind earlier writes too, so none tells a peer of state that is not yet
    /// on disk. Requests (RequestVote, AppendEntries) leave at once: a candidate or leader
    /// writes in parallel with asking (thesis §10.2.1), and so wins only once its own term
    /// and vote are written, and counts its own copy of an entry only once written
    /// (`own_vote_written`, `own_match`). A crash loses the writes in progress and the
    /// replies waiting for them: the server comes back with what the last completed write
    /// recorded.
    pub fn with_disk(
        &mut self,
        out: &mut Out<'_, Actor>,
        f: impl FnOnce(&mut Self, &mut Out<'_, Actor>),
    ) {
        if self.config.disk_write == Duration::ZERO {
            return f(self, out);
        }
        let before = self.durable();
        let mark = out.sends().len();
        f(self, out);
        let wrote = self.durable() != before;
        if !wrote && self.disk.is_empty() {
            return;
        }
        // The teaching switch lets the replies go now, before the write they speak for.
        let held = if self.config.breaks.reply_before_write {
            Vec::new()
        } else {
            out.withhold(mark, Msg::waits_for_disk)
        };
        if wrote && self.disk.len() < 2 {
            let start = self
                .disk
                .back()
                .map_or(out.now(), |w| w.done)
                .max(out.now());
            let done = start + self.config.disk_write;
            // A write that starts now records the state now; one queued behind the write in
            // progress records what there is when it starts.
            let content = self.disk.is_empty().then(|| self.persistent_now());
            if self.disk.is_empty() {
                out.set_timer(Timer::Disk, done - out.now());
            }
            self.disk.push_back(DiskWrite {
                done,
                content,
                replies: held,
            });
        } else if let Some(w) = self.disk.back_mut() {
            // Behind the write in progress: the next write takes everything written until it
            // starts (group commit), so a busy server queues one write, not one per message.
            w.replies.extend(held);
        }
    }

    fn persistent_now(&self) -> Stable {
        Stable {
            term: self.term,
            voted_for: self.voted_for,
            log: self.log.clone(),
        }
    }

    /// The disk write at the head of the queue completed: send what waited for it, start the
    /// next, and count what is now written (see `on_written`).
    pub fn disk_written(&mut self, out: &mut Out<'_, Actor>) {
        while let Some(w) = self.disk.front() {
            if w.done > out.now() {
                out.set_timer(Timer::Disk, w.done - out.now());
                break;
            }
            let w = self.disk.pop_front().expect("peeked above");
            if let Some(content) = w.content {
                self.stable = content;
            }
            if !self.disk.is_empty() {
                let now = self.persistent_now();
                if let Some(next) = self.disk.front_mut() {
                    next.content = Some(now);
                }
            }
            for (to, msg) in w.replies {
                // A vote is granted when it is given, once written: the election timer starts
                // again then (Figure 2), not while the disk still works on it. (A server that
                // has since become leader keeps its timer: it paces CheckQuorum there.)
                let granted = matches!(
                    msg,
                    Msg::Vote {
                        granted: true,
                        pre_vote: false,
                        ..
                    }
                );
                if granted && self.role != Role::Leader {
                    self.reset_election_timer(out);
                }
                out.send(to, msg);
            }
        }
    }

    /// After a write completed: a candidate whose own vote is now on disk may have won, and a
    /// leader's own copy of its entries counts towards committing them.
    pub fn on_written(&mut self, out: &mut Out<'_, Actor>) {
        match self.role {
            Role::Candidate => self.maybe_win(out),
            Role::Leader => {
                self.match_index[usize::from(self.id.0)] = self.own_match();
                self.advance_commit(out);
            }
            _ => {}
        }
    }

    /// Whether this server's term and vote for itself are on disk: only then does it win.
    /// A candidate that won on a vote it then lost in a crash could vote again in the same
    /// term, for another, and the term have two leaders; or lead the same term twice.
    fn own_vote_written(&self) -> bool {
        self.config.disk_write == Duration::ZERO
            || (self.stable.term == self.term && self.stable.voted_for == Some(self.id))
    }

    /// How far this server's log is on disk: a leader counts its own copy of an entry towards
    /// a majority only once written (thesis §10.2.1), or a crash could lose an entry that a
    /// majority counting it had committed.
    fn own_match(&self) -> LogIndex {
        if self.config.disk_write == Duration::ZERO {
            return self.last_index();
        }
        // The longest prefix the disk and memory share: entries with the same index and term
        // are the same entry (Log Matching), so the last index where the terms agree.
        let mut i = self.last_index().min(self.stable.log.last_index());
        while i > LogIndex(0) && self.stable.log.term_at(i) != self.log.term_at(i) {
            i = LogIndex(i.0 - 1);
        }
        i
    }

    // ---- Entry points (called by `Actor`) ----

    pub fn on_start(&mut self, out: &mut Out<'_, Actor>) {
        if self.config.leases && self.term > Term(0) {
            // Restarted: it may have acknowledged a leader just before it crashed, and that
            // leader may still hold a lease counting on this server's silence. (A server in
            // term 0 has acknowledged no one.)
            self.votes_held_until = Some(self.local(out.now()) + self.config.election_timeout_min);
        }
        self.reset_election_timer(out);
    }

    /// A crash loses everything but `term`, `voted_for` and `log` (Figure 2, "persistent").
    /// A write in progress is lost: the server comes back with what the last completed one
    /// recorded.
    pub fn on_crash(&mut self) {
        let stable = if self.disk.is_empty() {
            self.persistent_now()
        } else {
            std::mem::take(&mut self.stable)
        };
        let persistent = (stable.term, stable.voted_for, stable.log);
        let clock = (self.clock_pct, self.clock_base);
        *self = Server::new(self.id, self.servers, self.config);
        (self.term, self.voted_for, self.log) = persistent;
        self.stable = self.persistent_now();
        // The hardware clock keeps running through a crash.
        (self.clock_pct, self.clock_base) = clock;
    }

    pub fn on_timer(&mut self, timer: Timer, out: &mut Out<'_, Actor>) {
        match (timer, self.role) {
            (Timer::Election, Role::Leader) => self.check_quorum(out),
            (Timer::Election, _) => {
                if self.config.pre_vote {
                    self.start_pre_vote(out);
                } else {
                    self.start_election(out, false);
                }
            }
            (Timer::Heartbeat, Role::Leader) => {
                // Thesis §3.10: a transfer that has not completed within an election timeout
                // is abandoned, and the leader takes client requests again. Checked at each
                // heartbeat, so it ends within a heartbeat interval of that deadline.
                let now = self.local(out.now());
                if self
                    .transfer
                    .is_some_and(|(_, since)| now - since >= self.config.election_timeout_max)
                {
                    self.transfer = None;
                }
                if self.lease_wanted {
                    self.start_round(out);
                } else {
                    self.broadcast_append(out);
                }
                self.set_local_timer(out, Timer::Heartbeat, self.config.heartbeat_interval);
            }
            _ => {}
        }
    }

    /// Start an election now, as if the election timer had fired (a user's "force timeout").
    pub fn force_timeout(&mut self, out: &mut Out<'_, Actor>) {
        if self.role != Role::Leader {
            self.on_timer(Timer::Election, out);
        }
    }

    /// Leadership transfer (thesis §3.10): bring `target` up to date, then tell it to start
    /// an election at once.
    pub fn transfer_leadership(&mut self, target: NodeId, out: &mut Out<'_, Actor>) {
        if self.role != Role::Leader || target == self.id || target.0 >= self.servers {
            return;
        }
        self.transfer = Some((target, self.local(out.now())));
        // The target will campaign at once, ignoring leases: this leader's ends here.
        self.lease_until = None;
        if self.match_index[usize::from(target.0)] == self.last_index() {
            self.send_timeout_now(target, out);
        } else {
            self.send_append(target, out);
        }
    }

    /// Tell the transfer's target to campaign now. Its election ignores the voters' lease
    /// promises, and the message may arrive after the transfer was abandoned: this leader's
    /// lease is over for the term, even if it goes on leading.
    fn send_timeout_now(&mut self, target: NodeId, out: &mut Out<'_, Actor>) {
        self.lease_forfeited = true;
        self.lease_until = None;
        out.send(target, Msg::TimeoutNow { term: self.term });
    }

    pub fn on_message(&mut self, from: NodeId, msg: Msg, out: &mut Out<'_, Actor>) {
        match msg {
            Msg::RequestVote {
                term,
                last_log_index,
                last_log_term,
                pre_vote,
                transfer,
            } => self.on_request_vote(
                from,
                term,
                (last_log_index, last_log_term),
                pre_vote,
                transfer,
                out,
            ),
            Msg::Vote {
                term,
                granted,
                pre_vote,
                candidate_log,
            } => self.on_vote(from, term, granted, pre_vote, candidate_log, out),
            Msg::AppendEntries {
                term,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
                round,
            } => self.on_append_entries(
                from,
                term,
                (prev_log_index, prev_log_term),
                entries,
                leader_commit,
                round,
                out,
            ),
            Msg::AppendReply {
                term,
                success,
                prev_log_index,
                match_index,
                conflict_index,
                conflict_term,
                round,
            } => self.on_append_reply(
                from,
                term,
                success,
                prev_log_index,
                match_index,
                (conflict_index, conflict_term),
                round,
                out,
            ),
            Msg::TimeoutNow { term } => {
                if term == self.term && self.role != Role::Leader {
                    self.start_election(out, true);
                }
            }
            Msg::ClientRequest { seq, op, read } => {
                self.on_client_request(from, seq, op, read, out)
            }
            Msg::ClientReply { .. } => {}
        }
    }

    // ---- Elections (§5.2, §5.4.1; thesis §9.6) ----

    /// Figure 2, "all servers": a message with a higher term makes this node a follower of
    /// that term.
    fn adopt_term(&mut self, term: Term) {
        debug_assert!(term > self.term);
        self.term = term;
        self.voted_for = None;
        self.answered_at.iter_mut().for_each(|t| *t = None);
        self.become_follower(None);
    }

    fn become_follower(&mut self, leader: Option<NodeId>) {
        self.role = Role::Follower;
        self.leader = leader;
        self.votes = 0;
        self.transfer = None;
        self.awaiting.clear();
        // Unanswered reads are dropped: their clients try again elsewhere.
        self.reads.clear();
        self.lease_wanted = false;
        self.lease_until = None;
    }

    fn start_pre_vote(&mut self, out: &mut Out<'_, Actor>) {
        self.role = Role::PreCandidate;
        self.leader = None;
        self.votes = Self::bit(self.id);
        self.reset_election_timer(out);
        self.request_votes(Term(self.term.0 + 1), true, false, out);
        self.maybe_win(out);
    }

    fn start_election(&mut self, out: &mut Out<'_, Actor>, transfer: bool) {
        self.term = Term(self.term.0 + 1);
        self.answered_at.iter_mut().for_each(|t| *t = None);
        self.role = Role::Candidate;
        self.leader = None;
        self.voted_for = Some(self.id);
        self.votes = Self::bit(self.id);
        self.reset_election_timer(out);
        self.request_votes(self.term, false, transfer, out);
        self.maybe_win(out);
    }

    fn request_votes(&self, term: Term, pre_vote: bool, transfer: bool, out: &mut Out<'_, Actor>) {
        for p in self.peers() {
            out.send(
                p,
                Msg::RequestVote {
                    term,
                    last_log_index: self.last_index(),
                    last_log_term: self.last_term(),
                    pre_vote,
                    transfer,
                },
            );
        }
    }

    /// §5.4.1: the candidate's log is at least as up-to-date as ours.
    fn log_up_to_date(&self, (last_index, last_term): (LogIndex, Term)) -> bool {
        (last_term, last_index) >= (self.last_term(), self.last_index())
    }

    /// Within the leader lease, a vote request is a disruption, not a need (thesis §4.2.3,
    /// §9.6): a follower heard from a live leader less than the minimum election timeout ago;
    /// a leader heard from a majority within that time (as etcd, it counts as its own leader).
    fn in_leader_lease(&self, now: SimTime) -> bool {
        let window = self.config.election_timeout_min;
        match self.role {
            Role::Leader => self.heard_from_majority_within(now, window),
            _ => {
                self.leader.is_some() && self.last_leader_contact.is_some_and(|t| now - t < window)
            }
        }
    }

    /// With leases, a server promises a leader's lease its silence for a minimum election
    /// timeout after it last heard from that leader, or after it restarted (thesis §6.4.1),
    /// whatever term it has learned since and however it learned it (a late vote reply, a
    /// reply to AppendEntries). `now` is on this server's clock.
    fn promised(&self, now: SimTime) -> bool {
        let window = self.config.election_timeout_min;
        self.config.leases
            && (self.votes_held_until.is_some_and(|t| now < t)
                || self.last_leader_contact.is_some_and(|t| now - t < window))
    }

    /// Whether a forced timeout now would break that promise (the page says so): a timer
    /// that runs out early is a clock beyond the bound leases assume.
    pub fn promises_lease(&self, now: SimTime) -> bool {
        self.role != Role::Leader && self.promised(self.local(now))
    }

    fn on_request_vote(
        &mut self,
        from: NodeId,
        term: Term,
        candidate_log: (LogIndex, Term),
        pre_vote: bool,
        transfer: bool,
        out: &mut Out<'_, Actor>,
    ) {
        let up_to_date =
            self.config.breaks.no_up_to_date_check || self.log_up_to_date(candidate_log);
        let now = self.local(out.now());
        let held = self.votes_held_until.is_some_and(|t| now < t);
        if pre_vote {
            // A pre-vote changes nothing here: no term adoption, no recorded vote.
            let granted = term > self.term
                && up_to_date
                && !held
                && (self.role != Role::Leader && !self.in_leader_lease(now));
            let reply_term = if granted { term } else { self.term };
            out.send(
                from,
                Msg::Vote {
                    term: reply_term,
                    granted,
                    pre_vote: true,
                    candidate_log,
                },
            );
            return;
        }
        if (self.config.check_quorum || self.config.leases)
            && !transfer
            && term > self.term
            && (held || self.in_leader_lease(now))
        {
            // CheckQuorum's lease: ignore the request entirely, term included.
            return;
        }
        if !transfer && term >= self.term && self.role != Role::Leader && self.promised(now) {
            // No vote while the promise lasts, but the one it already gave this term.
            if !(term == self.term && self.voted_for == Some(from)) {
                return;
            }
        }
        if term > self.term {
            self.adopt_term(term);
        }
        let free = match self.voted_for {
            None => true,
            Some(c) => c == from || self.config.breaks.many_votes_per_term,
        };
        let granted = term == self.term && free && up_to_date;
        if granted {
            self.voted_for = Some(from);
            // Granting a vote resets the election timer (Figure 2, followers).
            self.reset_election_timer(out);
        }
        out.send(
            from,
            Msg::Vote {
                term: self.term,
                granted,
                pre_vote: false,
                candidate_log,
            },
        );
    }

    fn on_vote(
        &mut self,
        from: NodeId,
        term: Term,
        granted: bool,
        pre_vote: bool,
        candidate_log: (LogIndex, Term),
        out: &mut Out<'_, Actor>,
    ) {
        if term > self.term && !(pre_vote && granted) {
            self.adopt_term(term);
            self.reset_election_timer(out);
            return;
        }
        let counts = match self.role {
            Role::PreCandidate => pre_vote && term == Term(self.term.0 + 1),
            Role::Candidate => !pre_vote && term == self.term,
            _ => false,
        };
        // A grant counts only for the log it judged (see `Msg::Vote`).
        let for_this_log = candidate_log == (self.last_index(), self.last_term());
        if counts && granted && for_this_log {
            self.votes |= Self::bit(from);
            if !pre_vote {
                self.note_answer(from, self.local(out.now()));
            }
            self.maybe_win(out);
        }
    }

    fn maybe_win(&mut self, out: &mut Out<'_, Actor>) {
        // A candidate leads only once its own term and vote are on disk, even if its peers'
        // votes alone make a majority: a leader whose term a crash took back would come back in
        // the term before, campaign for the same term again, win it again (its voters already
        // chose it) and lead one term twice with two different logs.
        if self.role == Role::Candidate && !self.own_vote_written() {
            return;
        }
        if !self.has_quorum(self.votes) {
            return;
        }
        match self.role {
            Role::PreCandidate => self.start_election(out, false),
            Role::Candidate => self.become_leader(out),
            _ => {}
        }
    }

    fn become_leader(&mut self, out: &mut Out<'_, Actor>) {
        self.role = Role::Leader;
        self.leader = Some(self.id);
        self.transfer = None;
        let next = LogIndex(self.last_index().0 + 1);
        self.next_index.iter_mut().for_each(|n| *n = next);
        self.match_index.iter_mut().for_each(|m| *m = LogIndex(0));
        // Thesis §6.4: a no-op of the new term lets earlier-term entries commit promptly.
        // The Figure 8 teaching switch leaves it out, as the paper's figure does: the no-op
        // would otherwise commit alongside the old entries and hide the problem.
        if !self.config.breaks.commit_old_terms_by_count {
            self.log.push(Entry {
                term: self.term,
                command: Command::Noop,
            });
        }
        self.match_index[usize::from(self.id.0)] = self.own_match();
        self.round = 0;
        self.acked.iter_mut().for_each(|a| *a = 0);
        self.round_sent.clear();
        self.lease_forfeited = false;
        self.advance_commit(out);
        self.broadcast_append(out);
        self.set_local_timer(out, Timer::Heartbeat, self.config.heartbeat_interval);
        // As leader the election timer paces CheckQuorum.
        self.set_local_timer(out, Timer::Election, self.config.election_timeout_max);
    }

    /// CheckQuorum: a leader that has not heard from a majority for an election timeout
    /// steps down, so a partitioned leader does not linger. Its election timer paces the
    /// rounds, one every (maximum) election timeout.
    fn check_quorum(&mut self, out: &mut Out<'_, Actor>) {
        let round = self.config.election_timeout_max;
        let now = self.local(out.now());
        if self.config.check_quorum && !self.heard_from_majority_within(now, round) {
            self.become_follower(None);
            self.reset_election_timer(out);
            return;
        }
        self.set_local_timer(out, Timer::Election, round);
    }

    // ---- Log replication (§5.3, §5.4.2) ----

    fn broadcast_append(&mut self, out: &mut Out<'_, Actor>) {
        for p in self.peers().collect::<Vec<_>>() {
            self.send_append(p, out);
        }
    }

    fn send_append(&self, to: NodeId, out: &mut Out<'_, Actor>) {
        let next = self.next_index[usize::from(to.0)];
        let prev = LogIndex(next.0 - 1);
        let last = LogIndex(prev.0 + u64::from(self.config.max_batch));
        let entries = self.log.slice(next, last);
        out.send(
            to,
            Msg::AppendEntries {
                term: self.term,
                prev_log_index: prev,
                prev_log_term: self.term_at(prev).expect("nextIndex is within the log"),
                entries,
                leader_commit: self.commit_index,
                round: Round(self.round),
            },
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn on_append_entries(
        &mut self,
        from: NodeId,
        term: Term,
        (prev_log_index, prev_log_term): (LogIndex, Term),
        entries: Vec<Entry>,
        leader_commit: LogIndex,
        round: Round,
        out: &mut Out<'_, Actor>,
    ) {
        let reject = |s: &Self, conflict_index, conflict_term| Msg::AppendReply {
            term: s.term,
            success: false,
            prev_log_index: Some(prev_log_index),
            match_index: LogIndex(0),
            conflict_index,
            conflict_term,
            // A rejected log still accepted the leader's term: it confirms the round.
            round,
        };
        if term < self.term {
            // §5.1: a stale leader learns the new term from the reply. The log was not looked
            // at, and the reply says so: the same node may lead our term by the time it
            // arrives, and must not read it as a log mismatch.
            out.send(
                from,
                Msg::AppendReply {
                    term: self.term,
                    success: false,
                    prev_log_index: None,
                    match_index: LogIndex(0),
                    conflict_index: LogIndex(0),
                    conflict_term: None,
                    round: Round(0),
                },
            );
            return;
        }
        if term > self.term {
            self.adopt_term(term);
        }
        if self.role != Role::Follower || self.leader != Some(from) {
            self.become_follower(Some(from));
        }
        self.last_leader_contact = Some(self.local(out.now()));
        self.reset_election_timer(out);

        // Consistency check on prevLogIndex/prevLogTerm.
        match self.term_at(prev_log_index) {
            None => {
                let end = LogIndex(self.last_index().0 + 1);
                out.send(from, reject(self, end, None));
                return;
            }
            Some(t) if t != prev_log_term => {
                let first = (1..=prev_log_index.0)
                    .rev()
                    .take_while(|&i| self.term_at(LogIndex(i)) == Some(t))
                    .last()
                    .unwrap_or(prev_log_index.0);
                out.send(from, reject(self, LogIndex(first), Some(t)));
                return;
            }
            Some(_) => {}
        }
        // Append, truncating only at the first conflicting entry: a stale or duplicated
        // message must never cut off entries that a later message already added.
        let mut index = prev_log_index;
        for entry in entries {
            index = LogIndex(index.0 + 1);
            match self.term_at(index) {
                Some(t) if t == entry.term => continue,
                Some(_) => {
                    self.discarded += self.last_index().0 - (index.0 - 1);
                    self.log.truncate(index.0 - 1);
                    self.log.push(entry);
                }
                None => self.log.push(entry),
            }
        }
        let last_new = index;
        // Figure 2: commitIndex = min(leaderCommit, index of last new entry), but never
        // backwards: a delayed or duplicated message may carry an older, shorter view.
        let known = leader_commit.min(last_new);
        if known > self.commit_index {
            self.commit_index = known;
            self.apply_committed(out);
        }
        out.send(
            from,
            Msg::AppendReply {
                term: self.term,
                success: true,
                prev_log_index: Some(prev_log_index),
                match_index: last_new,
                conflict_index: LogIndex(0),
                conflict_term: None,
                round,
            },
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn on_append_reply(
        &mut self,
        from: NodeId,
        term: Term,
        success: bool,
        prev_log_index: Option<LogIndex>,
        match_index: LogIndex,
        (conflict_index, conflict_term): (LogIndex, Option<Term>),
        round: Round,
        out: &mut Out<'_, Actor>,
    ) {
        if term > self.term {
            self.adopt_term(term);
            self.reset_election_timer(out);
            return;
        }
        if self.role != Role::Leader || term < self.term {
            return;
        }
        self.note_answer(from, self.local(out.now()));
        let i = usize::from(from.0);
        if round.0 > self.acked[i] {
            self.acked[i] = round.0;
            self.serve_reads(out);
        }
        if !success {
            // Only a rejection of the current probe says where to look next. One that answers
            // an AppendEntries of an earlier term (no prevLogIndex echoed) or an earlier probe
            // (delayed, duplicated, reordered) is stale.
            let current_probe = LogIndex(self.next_index[i].0 - 1);
            if prev_log_index != Some(current_probe) {
                return;
            }
        }
        if success {
            // Only news moves the follower on. A reply that tells nothing new (a duplicate,
            // or the answer to one of several messages in flight with the same entries) sends
            // nothing: each reply sending the next batch would multiply the messages in
            // flight with every duplicate and heartbeat, without bound.
            let progress = match_index > self.match_index[i];
            if progress {
                self.match_index[i] = match_index;
            }
            self.next_index[i] = self.next_index[i].max(LogIndex(self.match_index[i].0 + 1));
            self.advance_commit(out);
            if self.transfer.is_some_and(|(to, _)| to == from)
                && self.match_index[i] == self.last_index()
            {
                self.send_timeout_now(from, out);
            }
            if progress && self.next_index[i] <= self.last_index() {
                self.send_append(from, out);
            }
        } else {
            // Fast backtracking: skip the whole conflicting term at once.
            let mut next = match conflict_term {
                Some(t) => self
                    .last_index_of_term(t)
                    .map_or(conflict_index, |k| LogIndex(k.0 + 1)),
                None => conflict_index,
            };
            next = next
                .max(LogIndex(self.match_index[i].0 + 1))
                .min(LogIndex(self.last_index().0 + 1));
            if next < self.next_index[i] {
                self.next_index[i] = next;
                self.send_append(from, out);
            }
        }
    }

    fn last_index_of_term(&self, t: Term) -> Option<LogIndex> {
        // Counted from the end: the index of the last entry of term `t`.
        let from_end = self.log.entries().rev().position(|e| e.term == t)?;
        Some(LogIndex(self.log.len() - from_end as u64))
    }

    /// §5.3/§5.4.2: commit the highest index stored on a majority whose entry is of the
    /// current term; earlier entries commit with it (Log Matching).
    fn advance_commit(&mut self, out: &mut Out<'_, Actor>) {
        let mut n = self.last_index();
        while n > self.commit_index {
            let stored = self.match_index.iter().filter(|&&m| m >= n).count() as u32;
            let current_term = self.entry(n).term == self.term;
            if stored >= quorum(self.servers)
                && (current_term || self.config.breaks.commit_old_terms_by_count)
            {
                self.commit_index = n;
                self.apply_committed(out);
                return;
            }
            n = LogIndex(n.0 - 1);
        }
    }

    fn apply_committed(&mut self, out: &mut Out<'_, Actor>) {
        debug_assert!(self.commit_index <= self.last_index());
        while self.last_applied < self.commit_index {
            self.last_applied = LogIndex(self.last_applied.0 + 1);
            let entry = self.entry(self.last_applied).clone();
            if let Command::Client { client, seq, op } = &entry.command {
                let reply = self.kv.apply(*client, *seq, op);
                let awaited = self.awaiting.remove(&self.last_applied).is_some();
                if let Some(reply) = reply.filter(|_| awaited && self.role == Role::Leader) {
                    out.send(
                        *client,
                        Msg::ClientReply {
                            seq: *seq,
                            outcome: ClientOutcome::Done(reply),
                        },
                    );
                }
            }
        }
        if self.role == Role::Leader && !self.reads.is_empty() {
            self.start_pending_reads(out);
            self.serve_reads(out);
        }
    }

    // ---- Reads without the log (thesis §6.4) ----

    /// Whether this leader has committed an entry of its own term: only then is its commit
    /// index known to cover every entry committed before it was elected.
    fn committed_this_term(&self) -> bool {
        self.term_at(self.commit_index) == Some(self.term)
    }

    fn on_read(
        &mut self,
        client: NodeId,
        seq: u64,
        key: String,
        path: ReadPath,
        out: &mut Out<'_, Actor>,
    ) {
        if self.config.breaks.unconfirmed_reads {
            // The teaching switch: answer as if it surely still leads.
            return self.answer_read(client, seq, &key, out);
        }
        if path == ReadPath::Lease {
            self.lease_wanted = true;
            let now = self.local(out.now());
            if self.committed_this_term()
                && self.transfer.is_none()
                && self.lease_until.is_some_and(|t| now < t)
            {
                // Within the lease no other leader can have been elected: the state
                // machine, applied up to the commit index, is current.
                return self.answer_read(client, seq, &key, out);
            }
        }
        // ReadIndex, and a lease read without a lease (its round starts the lease).
        self.reads.push(PendingRead {
            client,
            seq,
            key,
            index: None,
            round: 0,
        });
        self.start_pending_reads(out);
    }

    /// Give waiting reads their read index (the commit index now, once this leader has
    /// committed an entry of its term) and start one round that confirms them all.
    fn start_pending_reads(&mut self, out: &mut Out<'_, Actor>) {
        if !self.committed_this_term() || self.reads.iter().all(|r| r.index.is_some()) {
            return;
        }
        let index = self.commit_index;
        let round = self.start_round(out);
        for r in self.reads.iter_mut().filter(|r| r.index.is_none()) {
            r.index = Some(index);
            r.round = round;
        }
        self.serve_reads(out);
    }

    /// A heartbeat to every follower that carries a new round number.
    fn start_round(&mut self, out: &mut Out<'_, Actor>) -> u64 {
        self.round += 1;
        let now = self.local(out.now());
        self.round_sent.push_back((self.round, now));
        if self.round_sent.len() > 64 {
            self.round_sent.pop_front();
        }
        self.broadcast_append(out);
        self.round
    }

    /// The latest round a majority (this leader included) has acknowledged.
    fn confirmed_round(&self) -> u64 {
        let mut acked: Vec<u64> = (0..self.servers)
            .map(|i| {
                if i == self.id.0 {
                    self.round
                } else {
                    self.acked[usize::from(i)]
                }
            })
            .collect();
        sort::sort_by(&mut acked, |a, b| b.cmp(a));
        acked[quorum(self.servers) as usize - 1]
    }

    /// Answer the reads whose round a majority acknowledged and whose index is applied, and
    /// extend the lease from the confirmed round's sending.
    fn serve_reads(&mut self, out: &mut Out<'_, Actor>) {
        let confirmed = self.confirmed_round();
        if self.lease_wanted && self.transfer.is_none() && !self.lease_forfeited {
            if let Some(&(_, sent)) = self.round_sent.iter().rev().find(|(r, _)| *r <= confirmed) {
                let until = sent + self.config.lease();
                self.lease_until = Some(self.lease_until.map_or(until, |t| t.max(until)));
            }
        }
        let applied = self.last_applied;
        let (ready, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.reads)
            .into_iter()
            .partition(|r| r.index.is_some_and(|i| i <= applied) && r.round <= confirmed);
        self.reads = waiting;
        for r in ready {
            self.answer_read(r.client, r.seq, &r.key, out);
        }
    }

    fn answer_read(&self, client: NodeId, seq: u64, key: &str, out: &mut Out<'_, Actor>) {
        let value = self.kv.get(key).map(String::from);
        out.send(
            client,
            Msg::ClientReply {
                seq,
                outcome: ClientOutcome::Done(super::Reply { ok: true, value }),
            },
        );
    }

    // ---- Clients (thesis §6) ----

    fn on_client_request(
        &mut self,
        client: NodeId,
        seq: u64,
        op: super::Op,
        read: ReadPath,
        out: &mut Out<'_, Actor>,
    ) {
        if let (true, super::Op::Get { key }) = (self.config.breaks.local_reads, &op) {
            // The teaching switch: answer from this server's own state machine, now.
            self.answer_read(client, seq, key, out);
            return;
        }
        if self.role != Role::Leader {
            out.send(
                client,
                Msg::ClientReply {
                    seq,
                    outcome: ClientOutcome::NotLeader {
                        leader_hint: self.leader.filter(|&l| l != self.id),
                    },
                },
            );
            return;
        }
        if let (ReadPath::ReadIndex | ReadPath::Lease, super::Op::Get { key }) = (read, &op) {
            return self.on_read(client, seq, key.clone(), read, out);
        }
        // Already applied: answer from the session table, without appending again (thesis
        // §6.3). An older sequence number than the session's last is a stale duplicate whose
        // client has moved on; its reply is gone, so it gets none.
        if self.kv.last_applied_seq(client).is_some_and(|s| s >= seq) {
            if let Some(reply) = self.kv.apply(client, seq, &op) {
                out.send(
                    client,
                    Msg::ClientReply {
                        seq,
                        outcome: ClientOutcome::Done(reply),
                    },
                );
            }
            return;
        }
        // Already in the log but not applied: wait for it rather than append a duplicate.
        let pending = (self.last_applied.0..self.last_index().0).find_map(|k| {
            let i = LogIndex(k + 1);
            matches!(&self.entry(i).command,
                Command::Client { client: c, seq: s, .. } if *c == client && *s == seq)
            .then_some(i)
        });
        if let Some(i) = pending {
            self.awaiting.insert(i, client);
            return;
        }
        // Thesis §3.10: no new entries while leadership is being handed over, or the target
        // could campaign with a shorter log than the voters and lose. The client tries
        // again shortly, by when the cluster has a leader again.
        if self.transfer.is_some() {
            out.send(
                client,
                Msg::ClientReply {
                    seq,
                    outcome: ClientOutcome::NotLeader { leader_hint: None },
                },
            );
            return;
        }
        self.log.push(Entry {
            term: self.term,
            command: Command::Client { client, seq, op },
        });
        let last = self.last_index();
        self.awaiting.insert(last, client);
        self.match_index[usize::from(self.id.0)] = self.own_match();
        self.advance_commit(out);
        for p in self.peers().collect::<Vec<_>>() {
            // Send at once to followers that are caught up; the others are mid-repair.
            if self.next_index[usize::from(p.0)] == last {
                self.send_append(p, out);
            }
        }
    }
}
