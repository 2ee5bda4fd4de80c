//! Narration: what just happened, as data the page words in either language. Items are
//! derived from each new event of the run (comparing a server's view before and after, and
//! reading the messages the event sent) and kept with the event's index, so stepping back
//! shows the narration as of that moment.
//!
//! Each item says why, not only what: an election started because a timer fired, because a
//! pre-vote was won or because the leader handed over (TimeoutNow); a leader stepped down
//! because it saw a higher term or, with CheckQuorum, lost touch with a majority. A crash is
//! narrated as a crash, never as the role change it causes.

use crate::raft::{
    Actor, ActorView, Breaks, ClientOutcome, Input, Msg, Op, ReadPath, Role, ServerView, Timer,
};
use crate::scenario::cause::{
    Answer, ElectionCause, PreVoteCause, RefusalCause, SendCause, StepDownCause,
};
use crate::sim::map::{SortedMap, SortedSet};
use crate::sim::{Action, Cause, MsgId, NodeId, Sim, SimTime, Trace};

/// Items kept at most; older ones are dropped.
const MAX_ITEMS: usize = 2000;
/// Messages in flight whose delivery the narration words (rejections, TimeoutNow), at most;
/// the oldest are forgotten first.
const MAX_WATCHED: usize = 4096;

#[derive(Clone, Debug, PartialEq)]
pub enum Happening {
    StartedElection {
        node: NodeId,
        term: u64,
        why: ElectionCause,
    },
    /// A pre-vote round for `term` (the node's own term stays one below).
    StartedPreVote {
        node: NodeId,
        term: u64,
        why: PreVoteCause,
    },
    Voted {
        node: NodeId,
        candidate: NodeId,
        term: u64,
    },
    /// A server granted its vote to a second candidate in the same term: only a teaching switch
    /// lets it (Figure 2: votedFor holds one candidate per term). `first` may be itself.
    VotedAgain {
        node: NodeId,
        candidate: NodeId,
        first: NodeId,
        term: u64,
    },
    /// A server answered a candidate's RequestVote with a refusal (not a pre-vote's).
    Refused {
        node: NodeId,
        candidate: NodeId,
        /// The voter's term, which its answer carries.
        term: u64,
        why: RefusalCause,
    },
    BecameLeader {
        node: NodeId,
        term: u64,
        /// It appended a no-op entry of its term (thesis §6.4); the Figure 8 teaching switch
        /// leaves it out.
        noop: bool,
    },
    Follows {
        node: NodeId,
        leader: NodeId,
        term: u64,
    },
    /// A follower learned of a higher term from a leader's AppendEntries (it missed the
    /// election: down, cut off, or its RequestVote lost): it adopts the term and follows.
    AdoptedTerm {
        node: NodeId,
        leader: NodeId,
        /// Its term before.
        was: u64,
        term: u64,
    },
    SteppedDown {
        node: NodeId,
        term: u64,
        why: StepDownCause,
    },
    /// A candidate (or pre-candidate) heard of a higher `term` from `from` and gave up its
    /// election: it is a follower, of no known leader yet.
    GaveUp {
        node: NodeId,
        term: u64,
        from: NodeId,
    },
    /// A leader moved its commit index to `index`.
    Committed {
        node: NodeId,
        index: u64,
        /// The leader's term.
        term: u64,
        /// The term of entry `index`, when known: the leader's own term unless the Figure 8
        /// teaching switch committed an older entry by counting copies.
        entry_term: Option<u64>,
    },
    /// A leader appended a client's operation to its log.
    Appended {
        node: NodeId,
        index: u64,
        term: u64,
        client: u8,
        op: Option<Op>,
    },
    /// A client (numbered from 1) sent a request to a server.
    ClientSent {
        client: u8,
        server: NodeId,
        op: Op,
        why: SendCause,
    },
    /// A server answered a client.
    Answered {
        server: NodeId,
        client: u8,
        /// The operation answered, when it is the client's latest.
        op: Option<Op>,
        answer: Answer,
        /// For an answered read: how the server served it.
        read: Option<ReadWay>,
    },
    /// A follower refused AppendEntries: its log does not match at `prev_index`. It tells the
    /// leader where to look next: the first index of its conflicting term, or its log's end.
    AppendRejected {
        node: NodeId,
        leader: NodeId,
        prev_index: u64,
        conflict_index: u64,
        conflict_term: Option<u64>,
    },
    /// After a rejection, the leader tries again from `next_index` (nextIndex backs up).
    BackedUp {
        leader: NodeId,
        follower: NodeId,
        next_index: u64,
        entries: u32,
    },
    /// A follower stored several entries from one AppendEntries (a batch of at most
    /// `max_batch`), or one that ends a repair or the catching up of a server that missed an
    /// election.
    AcceptedEntries {
        node: NodeId,
        leader: NodeId,
        from: u64,
        to: u64,
        /// How many entries before `from` the same message also carried, which the follower
        /// already had (it had answered a leader of this term that it stored them).
        repeated: u64,
        max_batch: u32,
        /// The leader had already committed them, without this follower.
        committed: bool,
    },
    /// A follower answered `leader` that its log matches for entries `from..=to`, but those
    /// it holds are `had_from`'s, another leader of the same term: same index and term, so
    /// Figure 2 keeps them. Only two leaders in one term (a teaching switch) get here.
    KeptEntries {
        node: NodeId,
        leader: NodeId,
        had_from: NodeId,
        from: u64,
        to: u64,
        term: u64,
    },
    /// A leader committed up to `index` counting `follower`, which holds `other`'s entries
    /// `from..=to` there, not the leader's (see `KeptEntries`): what it counted as a
    /// majority storing its entries is not one.
    CommittedCountingKept {
        node: NodeId,
        index: u64,
        term: u64,
        follower: NodeId,
        other: NodeId,
        from: u64,
        to: u64,
    },
    /// A leader got a client's read (ReadIndex, or a lease read with no lease) and started a
    /// round of heartbeats: it answers once a majority confirms it still leads.
    ConfirmingRead {
        leader: NodeId,
        client: u8,
        /// The read index: its commit index now.
        index: u64,
        lease: bool,
    },
    /// A follower discarded its entries `from..=to`: they conflicted with `leader`'s log
    /// (Figure 2, AppendEntries step 3), and the leader's took their place.
    Discarded {
        node: NodeId,
        leader: NodeId,
        from: u64,
        to: u64,
    },
    /// A leader was asked to hand leadership to `target` (thesis §3.10).
    TransferStarted {
        leader: NodeId,
        target: NodeId,
    },
    Crashed(NodeId),
    /// A server crashed with a disk write in progress, which was lost: it keeps what the last
    /// completed write recorded. Each pair is (before the crash, after).
    LostWrite {
        node: NodeId,
        term: (u64, u64),
        /// Its vote in its term before the crash, if the crash took it back.
        vote: Option<NodeId>,
        entries: (u64, u64),
        /// It had answered for what it lost (the reply-before-write teaching switch).
        answered: bool,
    },
    Restarted(NodeId),
    Cut(NodeId, NodeId),
    Healed(NodeId, NodeId),
    /// The network was split into these groups. `healed`: links cut earlier that the split
    /// healed first (the partition tool heals every link, then cuts between the groups).
    Partitioned {
        groups: Vec<Vec<NodeId>>,
        healed: u32,
    },
    HealedAll,
    Loss(u32),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FeedItem {
    pub event: u64,
    pub time: SimTime,
    pub what: Happening,
}

/// A message in flight whose delivery is worth a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Watched {
    /// A follower's AppendRejected.
    Rejection,
    TimeoutNow,
    /// A client's read to be served without the log (ReadIndex, or a lease read).
    Read {
        lease: bool,
    },
    /// A candidate's RequestVote (not a pre-vote's), for `term`.
    VoteRequest {
        term: u64,
    },
    /// A follower's success for entries `from..=to` it holds from `other`, another leader of
    /// `term` (`KeptEntries`).
    Kept {
        follower: NodeId,
        term: u64,
        from: u64,
        to: u64,
        other: NodeId,
        matched: u64,
    },
}

#[derive(Clone, Debug, Default)]
pub struct Narration {
    items: Vec<FeedItem>,
    /// Each server's view after the last observed event (`None` before its first change).
    views: Vec<Option<ServerView>>,
    /// How many of the actors are servers; the rest are clients.
    servers: u8,
    pre_vote: bool,
    /// The Figure 8 teaching switch: old-term entries commit by counting copies.
    old_terms_by_count: bool,
    max_batch: u32,
    /// The directed links cut now, as far as commands tell.
    cut: SortedSet<(NodeId, NodeId)>,
    /// Links the last `HealAll` healed, and its event index.
    last_heal: Option<(u64, SortedSet<(NodeId, NodeId)>)>,
    watched: SortedMap<MsgId, Watched>,
    /// Each client's latest request: (sequence number, operation, read path).
    requests: SortedMap<NodeId, (u64, Op, ReadPath)>,
    /// The entries each follower answered it stored in its term, and from which leader, since
    /// its last crash or change of term: a message that repeats some of them (a copy, or one
    /// sent before the leader had the answer) stored only the rest.
    accepted: SortedMap<NodeId, Stored>,
    /// Each follower's last `KeptEntries` (leader, first, last index, the other leader): a
    /// copy of the same message says nothing new.
    kept: SortedMap<NodeId, (NodeId, u64, u64, NodeId)>,
    /// Per follower, the last `KeptEntries` answer its leader received (leader, term, first,
    /// last index, the other leader, the answer's match index): that leader's commits up to
    /// the match index count it.
    counted: SortedMap<NodeId, (NodeId, u64, u64, u64, NodeId, u64)>,
    /// Each leader's term and the first index it appended in it: from there on its log holds
    /// entries of its own term, which only it wrote.
    own_from: SortedMap<NodeId, (u64, u64)>,
    /// Each follower's last rejection (leader, prev index, conflict index and term): the same
    /// again (a heartbeat sent before the leader had the first) says nothing new.
    rejected: SortedMap<NodeId, (NodeId, u64, u64, Option<u64>)>,
    breaks: Breaks,
}

/// What a follower answered it stored in one term: runs of indices (leader, first, last),
/// disjoint, each from one leader (a term has one, unless a teaching switch let two lead it).
#[derive(Clone, Debug, Default)]
struct Stored {
    term: u64,
    runs: Vec<(NodeId, u64, u64)>,
}

impl Stored {
    fn run_at(&self, i: u64) -> Option<(NodeId, u64, u64)> {
        self.runs.iter().copied().find(|r| r.1 <= i && i <= r.2)
    }

    /// `leader`'s entries `lo..=hi`, at the indices where the follower held none.
    fn add(&mut self, leader: NodeId, lo: u64, hi: u64) {
        let mut i = lo;
        while i <= hi {
            if let Some(r) = self.run_at(i) {
                i = r.2 + 1;
                continue;
            }
            let next = self.runs.iter().filter(|r| r.1 > i).map(|r| r.1 - 1).min();
            let end = next.map_or(hi, |n| n.min(hi));
            self.runs.push((leader, i, end));
            i = end + 1;
        }
        crate::sim::sort::sort_by_key(&mut self.runs, |r| r.1);
        let mut merged: Vec<(NodeId, u64, u64)> = Vec::with_capacity(self.runs.len());
        for r in self.runs.drain(..) {
            match merged.last_mut() {
                Some(m) if m.0 == r.0 && m.2 + 1 == r.1 => m.2 = r.2,
                _ => merged.push(r),
            }
        }
        self.runs = merged;
    }

    /// The follower discarded its entries from `from` on.
    fn truncate(&mut self, from: u64) {
        self.runs.retain(|r| r.1 < from);
        for r in &mut self.runs {
            r.2 = r.2.min(from - 1);
        }
    }
}

/// How a server served a read, as the feed says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadWay {
    /// As a log entry, committed and applied.
    Log,
    /// ReadIndex: after a heartbeat round confirmed the leader.
    ReadIndex,
    /// Under the leader's lease (renewed by a heartbeat round if it had run out).
    Lease,
    /// From the server's own state, unconfirmed (a teaching switch).
    OwnState,
}

fn server_view(v: &ActorView) -> Option<ServerView> {
    match v {
        ActorView::Server(s) => Some(s.clone()),
        ActorView::Client(_) => None,
    }
}

impl Narration {
    /// The narration of a run of `sim`'s cluster, from its start.
    pub fn new(sim: &Sim<Actor>) -> Narration {
        let servers = sim
            .views()
            .iter()
            .filter(|v| matches!(v, ActorView::Server(_)))
            .count() as u8;
        let config = sim
            .nodes()
            .iter()
            .find_map(Actor::as_server)
            .map(|s| *s.config());
        Narration {
            views: vec![None; usize::from(servers)],
            servers,
            pre_vote: config.is_some_and(|c| c.pre_vote),
            old_terms_by_count: config.is_some_and(|c| c.breaks.commit_old_terms_by_count),
            max_batch: config.map_or(0, |c| c.max_batch),
            breaks: config.map_or_else(Breaks::default, |c| c.breaks),
            ..Narration::default()
        }
    }

    /// The latest `n` items before `cursor`, newest first.
    pub fn latest(&self, cursor: u64, n: usize) -> impl Iterator<Item = &FeedItem> {
        self.items
            .iter()
            .rev()
            .skip_while(move |i| i.event >= cursor)
            .take(n)
    }

    /// The items from virtual time `from` up to `cursor`, oldest first.
    pub fn since(&self, from: SimTime, cursor: u64) -> impl Iterator<Item = &FeedItem> {
        let start = self.items.partition_point(|i| i.time < from);
        self.items[start..]
            .iter()
            .take_while(move |i| i.event < cursor)
    }

    fn push(&mut self, ev: &Trace<Actor>, what: Happening) {
        self.items.push(FeedItem {
            event: ev.index,
            time: ev.time,
            what,
        });
    }

    fn is_server(&self, id: NodeId) -> bool {
        id.0 < self.servers
    }

    /// A client's number, counted from 1 after the servers.
    fn client_no(&self, id: NodeId) -> u8 {
        id.0 - self.servers + 1
    }

    pub fn observe(&mut self, ev: &Trace<Actor>) {
        if let Cause::Command(action) = &ev.cause {
            self.command(ev, action);
        }
        // What the delivered message was, if it is one we watch.
        let delivered = match ev.cause {
            Cause::Deliver { msg, .. } | Cause::Drop { msg, .. } => self.watched.remove(&msg),
            _ => None,
        };
        // A leader that received a follower's success for entries it holds from another
        // leader counts it: its commits from here on say so.
        if let (
            Some(Watched::Kept {
                follower,
                term,
                from,
                to,
                other,
                matched,
            }),
            Cause::Deliver { to: leader, .. },
        ) = (delivered, &ev.cause)
        {
            self.counted
                .insert(follower, (*leader, term, from, to, other, matched));
        }
        if let Some(n) = ev.node.filter(|&n| self.is_server(n)) {
            self.server_changes(ev, n, delivered);
        }
        // Then what the event sent: a server that stepped down says so before it answers.
        self.messages(ev, delivered);
        if self.items.len() > MAX_ITEMS {
            self.items.drain(..self.items.len() - MAX_ITEMS);
        }
    }

    /// What changed in a server's view: its role, its vote, its log and commit index.
    fn server_changes(&mut self, ev: &Trace<Actor>, n: NodeId, delivered: Option<Watched>) {
        let i = usize::from(n.0);
        let Some(after) = ev.changed.as_ref().and_then(server_view) else {
            // A pre-candidate whose timer runs out asks again: its view does not change.
            let again = matches!(
                ev.cause,
                Cause::Timer {
                    timer: Timer::Election,
                    ..
                }
            ) && self.views[i]
                .as_ref()
                .is_some_and(|v| v.role == Role::PreCandidate);
            if let (true, Some(v)) = (again, self.views[i].as_ref()) {
                let what = Happening::StartedPreVote {
                    node: n,
                    term: v.term.0 + 1,
                    why: PreVoteCause::TimerAgain,
                };
                self.push(ev, what);
            }
            return;
        };
        let before = self.views[i].replace(after.clone());
        // A rejection remembered from an earlier term, or before a crash, is not the one a
        // new rejection repeats, nor one a success now repairs.
        let crash = matches!(
            ev.cause,
            Cause::Command(Action::Crash(_) | Action::Restart(_))
        );
        if before.as_ref().is_none_or(|b| b.term != after.term) || crash {
            self.rejected.remove(&n);
            self.kept.remove(&n);
        }
        // Its log survives a crash, up to what a lost write takes back: what it answered it
        // stored stays true of what is left, unless the term changed. (A lost rewrite may
        // leave older entries of another term there: the next message over them discards
        // them, and trims this record, before its answer is read.)
        match before.as_ref() {
            Some(b) if b.term == after.term => {
                if let (true, Some(stored)) = (crash, self.accepted.get_mut(&n)) {
                    stored.truncate(after.last_index.0 + 1);
                }
            }
            _ => {
                self.accepted.remove(&n);
            }
        }
        // A leader's matchIndex is volatile: a crash or a new term ends what it counted.
        if before.as_ref().is_none_or(|b| b.term != after.term) || crash {
            self.counted.retain(|_, c| c.0 != n);
        }
        // A crash or a restart changes the view (a crashed leader comes back a follower):
        // that is the crash or the restart, narrated as such, not a role change. A crash that
        // lost a disk write in progress says what it lost.
        if let (Cause::Command(Action::Crash(_)), Some(b)) = (&ev.cause, before.as_ref()) {
            let vote_lost = b.term == after.term && b.voted_for != after.voted_for;
            let lost = b.term != after.term || b.last_index != after.last_index || vote_lost;
            if lost {
                let what = Happening::LostWrite {
                    node: n,
                    term: (b.term.0, after.term.0),
                    vote: b.voted_for.filter(|_| vote_lost),
                    entries: (b.last_index.0, after.last_index.0),
                    answered: self.breaks.reply_before_write,
                };
                self.push(ev, what);
            }
        }
        if matches!(
            ev.cause,
            Cause::Command(Action::Crash(_) | Action::Restart(_))
        ) {
            return;
        }
        self.role_change(ev, n, before.as_ref(), &after, delivered);
        // A leader that steps down within its term (another leader of the term reached it, or
        // CheckQuorum) holds its own entries from where it began leading: what another leader
        // of the term sends there, it keeps.
        if let (Some(b), Some(&(t, first))) = (before.as_ref(), self.own_from.get(&n)) {
            let same_term_step_down = b.role == Role::Leader
                && after.role == Role::Follower
                && b.term == after.term
                && t == after.term.0;
            if same_term_step_down && b.last_index.0 >= first {
                let stored = self.accepted.entry(n).or_default();
                if stored.term != t {
                    *stored = Stored {
                        term: t,
                        runs: Vec::new(),
                    };
                }
                stored.add(n, first, b.last_index.0);
            }
        }
        if after.role == Role::Leader
            && before
                .as_ref()
                .is_none_or(|b| b.role != Role::Leader || b.term != after.term)
        {
            let first = before.as_ref().map_or(1, |b| b.last_index.0 + 1);
            self.own_from.insert(n, (after.term.0, first));
        }
        self.vote_and_log(ev, n, before.as_ref(), &after);
    }

    fn command(&mut self, ev: &Trace<Actor>, action: &Action<Input>) {
        let what = match action {
            Action::Crash(n) => Happening::Crashed(*n),
            Action::Restart(n) => Happening::Restarted(*n),
            // A link cut again, or healed while up, changed nothing: no sentence.
            Action::Cut { from, to } => {
                if !self.cut.insert((*from, *to)) {
                    return;
                }
                Happening::Cut(*from, *to)
            }
            Action::Heal { from, to } => {
                if !self.cut.remove(&(*from, *to)) {
                    return;
                }
                Happening::Healed(*from, *to)
            }
            Action::Partition(groups) => {
                let mut cut_now = SortedSet::new();
                for (gi, a) in groups.iter().enumerate() {
                    for (gj, b) in groups.iter().enumerate() {
                        if gi != gj {
                            for &x in a {
                                for &y in b.iter().filter(|&&y| y != x) {
                                    cut_now.insert((x, y));
                                }
                            }
                        }
                    }
                }
                // The partition tool heals everything first, in the event just before: one
                // sentence says both.
                let healed = match self.last_heal.take() {
                    Some((at, links)) if at + 1 == ev.index => {
                        if matches!(
                            self.items.last(),
                            Some(FeedItem {
                                what: Happening::HealedAll,
                                ..
                            })
                        ) {
                            self.items.pop();
                        }
                        links.iter().filter(|l| !cut_now.contains(*l)).count() as u32
                    }
                    _ => 0,
                };
                self.cut.extend(cut_now);
                Happening::Partitioned {
                    groups: groups.clone(),
                    healed,
                }
            }
            Action::HealAll => {
                let links = std::mem::take(&mut self.cut);
                let none = links.is_empty();
                self.last_heal = Some((ev.index, links));
                if none {
                    return;
                }
                Happening::HealedAll
            }
            Action::SetLoss { ppm } => Happening::Loss(*ppm),
            Action::Input(leader, Input::Transfer(target)) => {
                let leads = self
                    .views
                    .get(usize::from(leader.0))
                    .and_then(Option::as_ref)
                    .is_some_and(|v| v.role == Role::Leader);
                if !leads || ev.sent.is_empty() {
                    return;
                }
                Happening::TransferStarted {
                    leader: *leader,
                    target: *target,
                }
            }
            _ => return,
        };
        self.push(ev, what);
    }

    /// Sentences about the messages the event sent: client requests and answers, rejected
    /// and accepted AppendEntries, a leader backing up after a rejection.
    fn messages(&mut self, ev: &Trace<Actor>, delivered: Option<Watched>) {
        let Some(node) = ev.node else { return };
        // A read the leader serves without the log: its round of heartbeats starts here
        // (the thesis's ReadIndex, §6.4). A leader that has not yet committed an entry of its
        // term starts none yet: no line.
        if let (Some(Watched::Read { lease }), Cause::Deliver { from, .. }) = (delivered, &ev.cause)
        {
            let view = self.views.get(usize::from(node.0)).and_then(Option::as_ref);
            let round = ev
                .sent
                .iter()
                .any(|e| matches!(e.msg, Msg::AppendEntries { .. }));
            if let (true, Some(v)) = (round, view.filter(|v| v.role == Role::Leader)) {
                let what = Happening::ConfirmingRead {
                    leader: node,
                    client: self.client_no(*from),
                    index: v.commit_index.0,
                    lease,
                };
                self.push(ev, what);
            }
        }
        for env in &ev.sent {
            // A success after a rejection: the repair the rejection started reached its end.
            let repaired = matches!(env.msg, Msg::AppendReply { success: true, .. })
                && self.rejected.remove(&node).is_some_and(|r| r.0 == env.to);
            match &env.msg {
                Msg::RequestVote {
                    term,
                    pre_vote: false,
                    ..
                } => self.watch(env.id, Watched::VoteRequest { term: term.0 }),
                // A refusal sent as the request is delivered: the view now is the one that
                // decided (a refusal held back for a disk write goes later, when it may not be).
                Msg::Vote {
                    granted: false,
                    pre_vote: false,
                    term,
                    candidate_log,
                } if matches!(ev.cause, Cause::Deliver { from, .. } if from == env.to) => {
                    let Some(Watched::VoteRequest { term: asked }) = delivered else {
                        continue;
                    };
                    let Some(v) = self.views.get(usize::from(node.0)).and_then(Option::as_ref)
                    else {
                        continue;
                    };
                    let mine = (v.last_index.0, v.last_term.0);
                    let theirs = (candidate_log.0 .0, candidate_log.1 .0);
                    // Figure 2's order: the term, a vote already given this term, then the log
                    // check (the last entry's term first, then its index).
                    let why = match v.voted_for {
                        _ if asked < term.0 => RefusalCause::StaleTerm { asked },
                        Some(c) if c != env.to && !self.breaks.many_votes_per_term => {
                            RefusalCause::AlreadyVoted { for_whom: c }
                        }
                        _ if (theirs.1, theirs.0) < (mine.1, mine.0)
                            && !self.breaks.no_up_to_date_check =>
                        {
                            RefusalCause::LogBehind {
                                candidate: theirs,
                                voter: mine,
                            }
                        }
                        // Nothing else refuses a vote: no line rather than a wrong reason.
                        _ => continue,
                    };
                    // A candidate refusing the others because it voted for itself: its own
                    // election's line says that (in a split vote, one per server and round).
                    if why == (RefusalCause::AlreadyVoted { for_whom: node }) {
                        continue;
                    }
                    let what = Happening::Refused {
                        node,
                        candidate: env.to,
                        term: term.0,
                        why,
                    };
                    self.push(ev, what);
                }
                Msg::ClientRequest { seq, op, read } => {
                    let why = match (self.requests.get(&node), &ev.cause) {
                        (Some((last, _, _)), _) if last != seq => SendCause::New,
                        (None, _) => SendCause::New,
                        (_, Cause::Deliver { .. }) => SendCause::Redirect,
                        _ => SendCause::Retry,
                    };
                    self.requests.insert(node, (*seq, op.clone(), *read));
                    if matches!(op, Op::Get { .. }) && *read != ReadPath::Log {
                        let lease = *read == ReadPath::Lease;
                        self.watch(env.id, Watched::Read { lease });
                    }
                    let what = Happening::ClientSent {
                        client: self.client_no(node),
                        server: env.to,
                        op: op.clone(),
                        why,
                    };
                    self.push(ev, what);
                }
                Msg::ClientReply { seq, outcome } => {
                    let request = self.requests.get(&env.to).filter(|(s, ..)| s == seq);
                    let op = request.map(|(_, op, _)| op.clone());
                    let read = request
                        .filter(|(_, op, _)| matches!(op, Op::Get { .. }))
                        .filter(|_| matches!(outcome, ClientOutcome::Done(_)))
                        .map(|&(_, _, path)| match path {
                            _ if self.breaks.local_reads => ReadWay::OwnState,
                            ReadPath::Log => ReadWay::Log,
                            _ if self.breaks.unconfirmed_reads => ReadWay::OwnState,
                            ReadPath::ReadIndex => ReadWay::ReadIndex,
                            ReadPath::Lease => ReadWay::Lease,
                        });
                    // A leader that refuses is handing leadership over (its view is this
                    // event's: one that stepped down is a follower here).
                    let leading = self
                        .views
                        .get(usize::from(node.0))
                        .and_then(Option::as_ref)
                        .is_some_and(|v| v.role == Role::Leader);
                    let answer = match outcome {
                        ClientOutcome::Done(reply) => Answer::Done(reply.clone()),
                        ClientOutcome::NotLeader { leader_hint: None } if leading => {
                            Answer::HandingOver
                        }
                        ClientOutcome::NotLeader { leader_hint } => {
                            Answer::NotLeader { hint: *leader_hint }
                        }
                    };
                    let what = Happening::Answered {
                        server: node,
                        client: self.client_no(env.to),
                        op,
                        answer,
                        read,
                    };
                    self.push(ev, what);
                }
                Msg::AppendReply {
                    success: false,
                    prev_log_index: Some(prev),
                    conflict_index,
                    conflict_term,
                    ..
                } => {
                    self.watch(env.id, Watched::Rejection);
                    let said = (env.to, prev.0, conflict_index.0, conflict_term.map(|t| t.0));
                    if self.rejected.insert(node, said) == Some(said) {
                        continue;
                    }
                    let what = Happening::AppendRejected {
                        node,
                        leader: env.to,
                        prev_index: prev.0,
                        conflict_index: conflict_index.0,
                        conflict_term: conflict_term.map(|t| t.0),
                    };
                    self.push(ev, what);
                }
                Msg::AppendReply {
                    term: reply_term,
                    success: true,
                    prev_log_index: Some(prev),
                    match_index,
                    ..
                } if match_index.0 > prev.0 => {
                    let (first, last, term) = (prev.0 + 1, match_index.0, reply_term.0);
                    let stored = self.accepted.entry(node).or_default();
                    if stored.term != term {
                        *stored = Stored {
                            term,
                            runs: Vec::new(),
                        };
                    }
                    // Another leader of this term (a teaching switch allows two) may have sent
                    // what the follower holds at some of these indices. Where both wrote
                    // entries of their own term, it kept the other's (same index, same term)
                    // and answered this leader with success; below, both sent the same older
                    // entries.
                    let own =
                        |l: NodeId| self.own_from.get(&l).filter(|o| o.0 == term).map(|o| o.1);
                    let both_own = |l: NodeId| own(l).zip(own(env.to)).map(|(a, b)| a.max(b));
                    // The entries it already had at the start of this message: those it
                    // answered it stored from this leader, or older ones from another.
                    let mut new_from = first;
                    while let Some((l, _, hi)) = stored.run_at(new_from) {
                        let end = match both_own(l) {
                            Some(b) if l != env.to => hi.min(b - 1),
                            _ => hi,
                        };
                        if end < new_from {
                            break;
                        }
                        new_from = end + 1;
                    }
                    let kept: Vec<(NodeId, u64, u64)> = stored
                        .runs
                        .iter()
                        .filter_map(|r| {
                            let from = new_from.max(r.1).max(both_own(r.0)?);
                            let to = r.2.min(last);
                            (r.0 != env.to && from <= to).then_some((r.0, from, to))
                        })
                        .collect();
                    stored.add(env.to, first, last);
                    if !kept.is_empty() {
                        for (had_from, from, to) in kept {
                            // The leader counts whichever copy of this answer reaches it.
                            let watched = Watched::Kept {
                                follower: node,
                                term,
                                from,
                                to,
                                other: had_from,
                                matched: last,
                            };
                            self.watch(env.id, watched);
                            let said = (env.to, from, to, had_from);
                            if self.kept.insert(node, said) == Some(said) {
                                continue;
                            }
                            let what = Happening::KeptEntries {
                                node,
                                leader: env.to,
                                had_from,
                                from,
                                to,
                                term,
                            };
                            self.push(ev, what);
                        }
                        continue;
                    }
                    // Several new entries at once, or one that ends a repair or comes with a
                    // term adopted: ordinary replication, an entry at a time, stays quiet.
                    let new = (last + 1).saturating_sub(new_from);
                    if new == 0 || (new == 1 && !repaired && !self.adopted_now(ev, node, env.to)) {
                        continue;
                    }
                    let what = Happening::AcceptedEntries {
                        node,
                        leader: env.to,
                        from: new_from,
                        to: last,
                        repeated: new_from - first,
                        max_batch: self.max_batch,
                        committed: self.leader_committed(env.to, term, last),
                    };
                    self.push(ev, what);
                }
                Msg::AppendEntries {
                    prev_log_index,
                    entries,
                    ..
                } if delivered == Some(Watched::Rejection)
                    && matches!(ev.cause, Cause::Deliver { from, .. } if from == env.to) =>
                {
                    let what = Happening::BackedUp {
                        leader: node,
                        follower: env.to,
                        next_index: prev_log_index.0 + 1,
                        entries: entries.len() as u32,
                    };
                    self.push(ev, what);
                }
                Msg::TimeoutNow { .. } => self.watch(env.id, Watched::TimeoutNow),
                _ => {}
            }
        }
    }

    /// Whether `leader`, as last seen, has committed up to `index`: its entry there is the one
    /// a follower just stored from it (Log Matching), so it was committed without that follower.
    /// (The follower's own commit index may still count an entry of another leader's that the
    /// same message replaced.)
    fn leader_committed(&self, leader: NodeId, term: u64, index: u64) -> bool {
        self.views
            .get(usize::from(leader.0))
            .and_then(Option::as_ref)
            .is_some_and(|v| {
                v.role == Role::Leader && v.term.0 == term && v.commit_index.0 >= index
            })
    }

    /// Whether this event's delivery made `node` adopt `leader`'s newer term: it had missed
    /// the election (down, cut off, its RequestVote lost).
    fn adopted_now(&self, ev: &Trace<Actor>, node: NodeId, leader: NodeId) -> bool {
        self.items.iter().rev().take_while(|i| i.event == ev.index).any(|i| {
            matches!(i.what, Happening::AdoptedTerm { node: n, leader: l, .. } if n == node && l == leader)
        })
    }

    fn watch(&mut self, id: MsgId, what: Watched) {
        self.watched.insert(id, what);
        while self.watched.len() > MAX_WATCHED {
            self.watched.pop_first();
        }
    }

    fn role_change(
        &mut self,
        ev: &Trace<Actor>,
        n: NodeId,
        before: Option<&ServerView>,
        after: &ServerView,
        delivered: Option<Watched>,
    ) {
        let term = after.term.0;
        let was = before.map(|b| b.role);
        let forced = matches!(ev.cause, Cause::Command(Action::Input(_, Input::Timeout)));
        let timer = matches!(ev.cause, Cause::Timer { .. });
        let what = match after.role {
            Role::Candidate
                if was != Some(Role::Candidate) || before.is_some_and(|b| b.term != after.term) =>
            {
                let why = match ev.cause {
                    _ if forced => ElectionCause::Forced,
                    _ if timer && was == Some(Role::Candidate) => ElectionCause::TimerAgain,
                    // A single server wins its own pre-vote in the same instant.
                    _ if timer && self.pre_vote => ElectionCause::PreVoteWon,
                    _ if timer => ElectionCause::Timer,
                    Cause::Deliver { from, .. } if delivered == Some(Watched::TimeoutNow) => {
                        ElectionCause::TimeoutNow { from }
                    }
                    _ => ElectionCause::PreVoteWon,
                };
                Happening::StartedElection { node: n, term, why }
            }
            Role::PreCandidate if was != Some(Role::PreCandidate) || timer || forced => {
                let why = match was {
                    _ if forced => PreVoteCause::Forced,
                    Some(Role::PreCandidate) => PreVoteCause::TimerAgain,
                    _ => PreVoteCause::Timer,
                };
                Happening::StartedPreVote {
                    node: n,
                    term: term + 1,
                    why,
                }
            }
            Role::Leader if was != Some(Role::Leader) => Happening::BecameLeader {
                node: n,
                term,
                noop: before.is_some_and(|b| after.last_index > b.last_index)
                    && after.last_term.0 == term,
            },
            Role::Follower if was == Some(Role::Leader) => {
                let same_term = before.is_some_and(|b| b.term == after.term);
                let why = match ev.cause {
                    Cause::Deliver { from, .. } if same_term => {
                        StepDownCause::SameTermLeader { from }
                    }
                    Cause::Deliver { from, .. } => StepDownCause::HigherTerm { from },
                    _ => StepDownCause::LostQuorum,
                };
                Happening::SteppedDown { node: n, term, why }
            }
            Role::Follower if was.is_some_and(|r| r != Role::Follower) => {
                match (after.leader, &ev.cause) {
                    (Some(leader), _) => Happening::Follows {
                        node: n,
                        leader,
                        term,
                    },
                    // A candidate (or pre-candidate) that heard of a higher term, from another
                    // candidate's RequestVote: it gives up its election.
                    (None, Cause::Deliver { from, .. })
                        if before.is_some_and(|b| b.term.0 < term) =>
                    {
                        Happening::GaveUp {
                            node: n,
                            term,
                            from: *from,
                        }
                    }
                    _ => return,
                }
            }
            // A server's first view is a follower's of term 0.
            Role::Follower if before.map_or(0, |b| b.term.0) < term => {
                match (after.leader, &ev.cause) {
                    (Some(leader), Cause::Deliver { from, .. }) if *from == leader => {
                        Happening::AdoptedTerm {
                            node: n,
                            leader,
                            was: before.map_or(0, |b| b.term.0),
                            term,
                        }
                    }
                    _ => return,
                }
            }
            _ => return,
        };
        self.push(ev, what);
    }

    fn vote_and_log(
        &mut self,
        ev: &Trace<Actor>,
        n: NodeId,
        before: Option<&ServerView>,
        after: &ServerView,
    ) {
        let term = after.term.0;
        let voted_now = after.voted_for.is_some()
            && after.voted_for != Some(n)
            && before.is_none_or(|b| b.voted_for != after.voted_for || b.term != after.term);
        if let (true, Some(candidate)) = (voted_now, after.voted_for) {
            let first = before
                .filter(|b| b.term == after.term)
                .and_then(|b| b.voted_for);
            let what = match first {
                Some(first) => Happening::VotedAgain {
                    node: n,
                    candidate,
                    first,
                    term,
                },
                None => Happening::Voted {
                    node: n,
                    candidate,
                    term,
                },
            };
            self.push(ev, what);
        }
        // One AppendEntries truncates a log at most once, at its first conflicting entry:
        // what was discarded runs from there to the old last entry.
        if let (Some(b), Cause::Deliver { from: leader, .. }) = (before, &ev.cause) {
            let count = after.discarded - b.discarded;
            if count > 0 {
                let from = b.last_index.0 + 1 - count;
                // What it had answered it stored from there on is gone.
                self.kept.remove(&n);
                self.counted.remove(&n);
                if let Some(stored) = self.accepted.get_mut(&n) {
                    stored.truncate(from);
                }
                let what = Happening::Discarded {
                    node: n,
                    leader: *leader,
                    from,
                    to: b.last_index.0,
                };
                self.push(ev, what);
            }
        }
        if after.role != Role::Leader {
            return;
        }
        // A client's request delivered to the leader, which appended it.
        if let Cause::Deliver { from, .. } = ev.cause {
            if !self.is_server(from) && before.is_some_and(|b| after.last_index > b.last_index) {
                let op = self.requests.get(&from).map(|(_, op, _)| op.clone());
                let what = Happening::Appended {
                    node: n,
                    index: after.last_index.0,
                    term,
                    client: self.client_no(from),
                    op,
                };
                self.push(ev, what);
            }
        }
        if before.is_some_and(|b| after.commit_index > b.commit_index) {
            // Raft commits by counting only entries of the leader's term; the Figure 8 switch
            // also counts older ones, whose term is known when the commit reaches the end.
            let entry_term = if after.commit_index == after.last_index {
                Some(after.last_term.0)
            } else if !self.old_terms_by_count {
                Some(term)
            } else {
                None
            };
            let (was, index) = (before.map_or(0, |b| b.commit_index.0), after.commit_index.0);
            // A follower that kept another leader's entries (two leaders in one term) answered
            // with success: the leader counted it, though it holds the other's there. Said of
            // the commit that passes those entries.
            let counted = self
                .counted
                .iter()
                .find(|(_, c)| c.0 == n && c.1 == term && c.2 <= index && was < c.3 && index <= c.5)
                .map(|(&f, &(_, _, from, to, other, _))| {
                    (f, from.max(was + 1), to.min(index), other)
                });
            let what = match counted {
                Some((follower, from, to, other)) => Happening::CommittedCountingKept {
                    node: n,
                    index,
                    term,
                    follower,
                    other,
                    from,
                    to,
                },
                None => Happening::Committed {
                    node: n,
                    index,
                    term,
                    entry_term,
                },
            };
            self.push(ev, what);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::tests::play_for;
    use crate::playground::{Intent, LinkCmd, NodeCmd, Playground};
    use crate::raft::{ClusterConfig, RaftConfig, Reply, Term};
    use crate::sim::Duration;

    fn playground(raft: RaftConfig) -> Playground {
        Playground::new(
            7,
            ClusterConfig {
                raft,
                ..ClusterConfig::default()
            },
        )
    }

    /// Every item so far, oldest first.
    fn items(pg: &Playground) -> Vec<Happening> {
        pg.narration()
            .since(SimTime::ZERO, pg.timeline().cursor())
            .map(|i| i.what.clone())
            .collect()
    }

    fn leader(pg: &Playground) -> NodeId {
        crate::scenario::leader(pg.sim()).expect("a leader").0
    }

    #[test]
    fn a_crash_that_loses_a_disk_write_says_what_was_lost() {
        let mut pg = playground(RaftConfig {
            disk_write: Duration::from_millis(15),
            ..RaftConfig::default()
        });
        // Until the first write that changes the term (the first candidate's): crash it then.
        let writing = |pg: &Playground| {
            pg.server_ids().into_iter().find(|&id| {
                let s = pg.sim().node(id).as_server().expect("a server");
                s.disk_write_done().is_some() && s.term() > Term(0)
            })
        };
        let mut steps = 0;
        while writing(&pg).is_none() {
            pg.apply(Intent::StepForward);
            steps += 1;
            assert!(steps < 10_000, "no write in the first 10,000 events");
        }
        let id = writing(&pg).expect("found above");
        let s = pg.sim().node(id).as_server().expect("a server");
        let (term, vote, last) = (s.term().0, s.voted_for(), s.last_index().0);
        assert_eq!(vote, Some(id), "a candidate, its own vote not yet written");
        let before = items(&pg).len();
        pg.apply(Intent::Node(id, NodeCmd::Crash));
        let s = pg.sim().node(id).as_server().expect("a server");
        let lost = Happening::LostWrite {
            node: id,
            term: (term, s.term().0),
            vote: None,
            entries: (last, s.last_index().0),
            answered: false,
        };
        assert_eq!(items(&pg)[before..], [Happening::Crashed(id), lost]);
        assert_eq!(
            (s.term().0, s.voted_for()),
            (term - 1, None),
            "the term it had before"
        );
    }

    #[test]
    fn crashing_the_leader_is_narrated_as_a_crash_not_a_step_down() {
        let mut pg = playground(RaftConfig::default());
        play_for(&mut pg, Duration::from_millis(1_000));
        let l = leader(&pg);
        let before = items(&pg).len();
        pg.apply(Intent::Node(l, NodeCmd::Crash));
        assert_eq!(items(&pg)[before..], [Happening::Crashed(l)]);
        pg.apply(Intent::Node(l, NodeCmd::Restart));
        assert_eq!(items(&pg).last(), Some(&Happening::Restarted(l)));
        assert!(!items(&pg)
            .iter()
            .any(|h| matches!(h, Happening::SteppedDown { node, .. } if *node == l)));
    }

    #[test]
    fn the_split_tool_says_it_healed_the_earlier_cuts_inside_the_groups() {
        let mut pg = playground(RaftConfig::default());
        let (n1, n2, n3, n4) = (NodeId(0), NodeId(1), NodeId(2), NodeId(3));
        // One cut inside the second group, one across the groups (cut again by the split).
        pg.apply(Intent::Link(n3, n4, LinkCmd::CutBoth));
        pg.apply(Intent::Link(n1, n3, LinkCmd::CutBoth));
        pg.apply(Intent::Partition(vec![n1, n2]));
        let all = items(&pg);
        assert_eq!(
            all.last(),
            Some(&Happening::Partitioned {
                groups: vec![vec![n1, n2], vec![n3, n4, NodeId(4)]],
                healed: 2
            })
        );
        assert!(
            !all.contains(&Happening::HealedAll),
            "one sentence for the tool"
        );
        // The node's own "isolate" heals nothing first.
        pg.apply(Intent::Node(n2, NodeCmd::Isolate));
        assert!(matches!(
            items(&pg).last(),
            Some(Happening::Partitioned { healed: 0, .. })
        ));
        pg.apply(Intent::HealAll);
        assert_eq!(items(&pg).last(), Some(&Happening::HealedAll));
    }

    #[test]
    fn a_scenario_cutting_a_cut_link_or_healing_an_open_one_is_not_narrated() {
        use crate::scenario::World;
        let mut pg = playground(RaftConfig::default());
        let (n1, n2) = (NodeId(0), NodeId(1));
        pg.act(vec![
            Action::Heal { from: n1, to: n2 },
            Action::HealAll,
            Action::Cut { from: n1, to: n2 },
            Action::Cut { from: n1, to: n2 },
        ]);
        assert_eq!(items(&pg), [Happening::Cut(n1, n2)]);
        pg.act(vec![Action::HealAll, Action::HealAll]);
        assert_eq!(items(&pg), [Happening::Cut(n1, n2), Happening::HealedAll]);
    }

    #[test]
    fn a_follower_that_drops_entries_a_new_leader_overwrote_says_so() {
        let mut pg = playground(RaftConfig::default());
        play_for(&mut pg, Duration::from_millis(1_000));
        let old = leader(&pg);
        let follower = (0..5).map(NodeId).find(|&n| n != old).unwrap();
        // The old leader and one follower cut off; a write there reaches only the two.
        pg.apply(Intent::Partition(vec![old, follower]));
        pg.apply(Intent::Node(old, NodeCmd::Write));
        play_for(&mut pg, Duration::from_millis(2_000));
        let last =
            |pg: &Playground, n: NodeId| pg.sim().node(n).as_server().unwrap().last_index().0;
        let theirs = last(&pg, follower);
        assert_eq!(last(&pg, old), theirs, "the write reached the follower");
        assert_ne!(leader(&pg), old, "the majority elected another leader");
        pg.apply(Intent::HealAll);
        play_for(&mut pg, Duration::from_millis(1_000));
        for n in [old, follower] {
            let said = items(&pg).into_iter().find_map(|h| match h {
                Happening::Discarded { node, from, to, .. } if node == n => Some((from, to)),
                _ => None,
            });
            let (from, to) = said.unwrap_or_else(|| panic!("{n} discarded nothing"));
            assert!(
                from <= theirs && to == theirs,
                "{n}: {from}–{to}, last {theirs}"
            );
        }
    }

    #[test]
    fn a_write_through_a_follower_is_narrated_from_request_to_answer() {
        let mut pg = playground(RaftConfig::default());
        play_for(&mut pg, Duration::from_millis(1_000));
        let l = leader(&pg);
        let f = (0..5).map(NodeId).find(|&n| n != l).unwrap();
        let before = items(&pg).len();
        pg.apply(Intent::Node(f, NodeCmd::Write));
        play_for(&mut pg, Duration::from_millis(300));
        let x1 = Op::Put {
            key: "x".into(),
            value: "1".into(),
        };
        let story: Vec<Happening> = items(&pg)[before..]
            .iter()
            .filter(|h| {
                matches!(
                    h,
                    Happening::ClientSent { .. }
                        | Happening::Answered { .. }
                        | Happening::Appended { .. }
                )
            })
            .cloned()
            .collect();
        let appended_at = match story.get(3) {
            Some(Happening::Appended { index, .. }) => *index,
            other => panic!("{other:?} in {story:?}"),
        };
        assert_eq!(
            story,
            [
                Happening::ClientSent {
                    client: 1,
                    server: f,
                    op: x1.clone(),
                    why: SendCause::New
                },
                Happening::Answered {
                    server: f,
                    client: 1,
                    op: Some(x1.clone()),
                    answer: Answer::NotLeader { hint: Some(l) },
                    read: None
                },
                Happening::ClientSent {
                    client: 1,
                    server: l,
                    op: x1.clone(),
                    why: SendCause::Redirect
                },
                Happening::Appended {
                    node: l,
                    index: appended_at,
                    term: 1,
                    client: 1,
                    op: Some(x1.clone())
                },
                Happening::Answered {
                    server: l,
                    client: 1,
                    op: Some(x1),
                    answer: Answer::Done(Reply {
                        ok: true,
                        value: None
                    }),
                    read: None
                },
            ]
        );
        assert!(items(&pg).contains(&Happening::Committed {
            node: l,
            index: appended_at,
            term: 1,
            entry_term: Some(1)
        }));
        // A read says what came back.
        pg.apply(Intent::Node(l, NodeCmd::Read));
        play_for(&mut pg, Duration::from_millis(300));
        assert!(items(&pg).contains(&Happening::Answered {
            server: l,
            client: 1,
            op: Some(Op::Get { key: "x".into() }),
            answer: Answer::Done(Reply {
                ok: true,
                value: Some("1".into())
            }),
            read: Some(ReadWay::Log)
        }));
    }

    #[test]
    fn with_pre_vote_an_election_starts_because_the_pre_vote_was_won() {
        let mut pg = playground(RaftConfig {
            pre_vote: true,
            ..RaftConfig::default()
        });
        play_for(&mut pg, Duration::from_millis(1_000));
        let all = items(&pg);
        let elections: Vec<_> = all
            .iter()
            .filter_map(|h| match h {
                Happening::StartedElection { why, .. } => Some(*why),
                _ => None,
            })
            .collect();
        assert!(!elections.is_empty());
        assert!(
            elections.iter().all(|w| *w == ElectionCause::PreVoteWon),
            "{elections:?}"
        );
        assert!(all.iter().any(|h| matches!(
            h,
            Happening::StartedPreVote {
                why: PreVoteCause::Timer,
                ..
            }
        )));
        let l = leader(&pg);
        let f = (0..5).map(NodeId).find(|&n| n != l).unwrap();
        pg.apply(Intent::Node(f, NodeCmd::Timeout));
        assert_eq!(
            items(&pg).last(),
            Some(&Happening::StartedPreVote {
                node: f,
                term: 2,
                why: PreVoteCause::Forced
            })
        );
    }

    #[test]
    fn a_vote_request_that_arrives_after_the_voter_moved_on_is_refused_for_its_term() {
        let mut pg = playground(RaftConfig::default());
        // N1's messages to N3 take 150 ms; meanwhile N2 asks for term 1, then for term 2.
        pg.apply(Intent::Link(
            NodeId(0),
            NodeId(2),
            LinkCmd::Latency(Some((150, 150))),
        ));
        pg.apply(Intent::Node(NodeId(0), NodeCmd::Timeout));
        pg.apply(Intent::Node(NodeId(1), NodeCmd::Timeout));
        pg.apply(Intent::Node(NodeId(1), NodeCmd::Timeout));
        play_for(&mut pg, Duration::from_millis(200));
        let refusals: Vec<_> = items(&pg)
            .into_iter()
            .filter(
                |h| matches!(h, Happening::Refused { candidate, .. } if *candidate == NodeId(0)),
            )
            .collect();
        // N3 is in term 2 (at least) when N1's request for term 1 reaches it.
        assert!(
            refusals.iter().any(|h| matches!(h,
                Happening::Refused { node, term, why: RefusalCause::StaleTerm { asked: 1 }, .. }
                    if *node == NodeId(2) && *term >= 2)),
            "{refusals:?}"
        );
    }

    #[test]
    fn a_forced_timeout_and_a_second_round_say_so() {
        let mut pg = playground(RaftConfig::default());
        pg.apply(Intent::Node(NodeId(2), NodeCmd::Timeout));
        assert_eq!(
            items(&pg).last(),
            Some(&Happening::StartedElection {
                node: NodeId(2),
                term: 1,
                why: ElectionCause::Forced
            })
        );
        // Cut off, its election cannot finish: the next one is "again".
        pg.apply(Intent::Node(NodeId(2), NodeCmd::Isolate));
        play_for(&mut pg, Duration::from_millis(400));
        assert!(items(&pg).contains(&Happening::StartedElection {
            node: NodeId(2),
            term: 2,
            why: ElectionCause::TimerAgain
        }));
    }
}
