//! Read models: plain data for each thing the page draws, built from the playground at the
//! cursor. Each is cheap to compare, so a panel whose model did not change is not drawn again.
//! Floats here place things on screen; nothing in them decides what happens in a run.

use crate::check::{Property, Violation};
use crate::raft::{Actor, ActorView, HistoryOp, Msg, Role, Server, ServerView, Timer};
use crate::sim::sort;
use crate::sim::{
    DropReason, Duration, Envelope, Fate, MessageRecord, MsgId, Node, NodeId, SimTime, Timeline,
};

use super::narration::{FeedItem, Happening};
use super::{LinkCmd, Playground};

/// How much recent virtual time the space-time strip shows.
pub const STRIP_WINDOW: Duration = Duration::from_millis(600);
/// Arrows drawn at most in the strip, newest first.
pub const STRIP_MAX: usize = 3000;
/// How long (in wall milliseconds at the current speed) a dropped message's ✕ stays.
const DROP_FADE_WALL_MS: u64 = 700;
/// Log indices shown: the most recent ones.
const LOG_SHOWN: usize = 10;
/// Key-value pairs shown per server.
const KV_SHOWN: usize = 4;

#[derive(Clone, Debug, PartialEq)]
pub struct NodeState {
    pub view: ServerView,
    pub alive: bool,
    /// Share of the election timer left, 0 to 1 (of the longest timeout), when one is running
    /// on a follower or candidate.
    pub timer_left: Option<f64>,
    /// Share of a disk write left, 0 to 1, while the server writes (its answers wait).
    pub disk_left: Option<f64>,
    /// On a leader holding a lease: the share of one lease left, 0 to 1 (real time).
    pub lease_left: Option<f64>,
    /// How fast its clock runs, in percent of real time.
    pub clock_pct: u16,
    /// A live leader cut off from a majority (`Playground::leader_without_majority`).
    pub without_majority: bool,
}

/// A message that died recently: where (a share of the way from `from` to `to`) and how long
/// ago (0 = just now, 1 = about to be forgotten), so its ✕ fades out.
#[derive(Clone, Debug, PartialEq)]
pub struct Drop {
    pub from: NodeId,
    pub to: NodeId,
    pub at: f64,
    pub age: f64,
}

/// The state of the link between two nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    Up,
    /// Cut in one direction only: messages from `.0` to the other node are lost.
    OneWay(NodeId),
    Cut,
}

/// The cluster stage: servers on a circle, links, messages on their way.
#[derive(Clone, Debug, PartialEq)]
pub struct StageModel {
    pub now: SimTime,
    pub nodes: Vec<NodeState>,
    pub messages: Vec<Envelope<Msg>>,
    /// `links[a][b]`, meaningful for a < b.
    pub links: Vec<Vec<LinkState>>,
    /// `link_loss[a][b]` for a < b: the loss in percent a link has of its own (set in its
    /// panel, unlike the network's), the higher of its two ways; `None` where it has none.
    pub link_loss: Vec<Vec<Option<u32>>>,
    pub drops: Vec<Drop>,
    /// The leader's heartbeat pulse: the node and how far the pulse has spread, 0 to 1.
    pub pulse: Option<(NodeId, f64)>,
    /// How many clients the run has (they share one box on the stage).
    pub clients: u8,
}

/// A message drawn as an arrow on the space-time strip.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub id: MsgId,
    /// Lane indices.
    pub from: u8,
    pub to: u8,
    pub sent: SimTime,
    /// When it arrives (or arrived), or when it died.
    pub end: SimTime,
    /// Where along the way it died, 0 to 1, if it was dropped.
    pub died_at: Option<f64>,
    pub kind: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Leader,
    Election,
    PreVote,
    Crash,
    Restart,
}

impl MarkKind {
    /// A one-character symbol: ♛ leader, ◆ election, ◇ pre-vote, ✕ crash, ↻ restart.
    pub fn symbol(self) -> &'static str {
        match self {
            MarkKind::Leader => "♛",
            MarkKind::Election => "◆",
            MarkKind::PreVote => "◇",
            MarkKind::Crash => "✕",
            MarkKind::Restart => "↻",
        }
    }
}

/// A role change or fault marked on a lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub lane: u8,
    pub at: SimTime,
    pub kind: MarkKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StripModel {
    pub now: SimTime,
    /// Servers, then clients.
    pub servers: u8,
    pub lanes: u8,
    /// Lanes of nodes that are down now.
    pub down: Vec<bool>,
    /// Newest first: ids fall, as messages get theirs when sent.
    pub arrows: Vec<Arrow>,
    pub marks: Vec<Mark>,
}

/// The first index at which two of the logs hold entries of different terms, if any: by
/// the prefix hashes (equal prefixes hash alike), a binary search per pair.
fn first_disagreement(logs: &[&crate::raft::Log]) -> Option<u64> {
    let mut first: Option<u64> = None;
    for (k, a) in logs.iter().enumerate() {
        for b in &logs[k + 1..] {
            let common = a.last_index().0.min(b.last_index().0);
            let same = |i: u64| {
                i == 0
                    || a.prefix_hash(crate::raft::LogIndex(i))
                        == b.prefix_hash(crate::raft::LogIndex(i))
            };
            if same(common) {
                continue;
            }
            // The prefixes agree up to `lo` and differ at `hi`.
            let (mut lo, mut hi) = (0, common);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if same(mid) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            first = Some(first.map_or(hi, |f| f.min(hi)));
        }
    }
    first
}

/// The log panel: every server's log over one window of indices, so that entry `i` of each
/// server stands in one column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogsModel {
    /// The first and last index shown (`first > last` while every log is empty).
    pub first: u64,
    pub last: u64,
    pub servers: Vec<ServerLog>,
}

/// One server's row in the log panel.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerLog {
    pub alive: bool,
    /// Its last index.
    pub length: u64,
    /// Its entries at `first..=last`, where it has them.
    pub cells: Vec<Option<LogCell>>,
    pub commit: u64,
    /// Its entries up to here are drawn committed: its commit index while it runs; while it
    /// is down (its commit index, volatile, is gone) the entries it holds that another server
    /// knows to be committed, so a crash does not seem to uncommit anything.
    pub drawn_committed: u64,
    pub applied: u64,
    /// The leader's (matchIndex, nextIndex) for this server, when a leader is known, and which
    /// leader's (an old one may still lead its term beside it).
    pub progress: Option<(NodeId, u64, u64)>,
    /// The key-value state its applied entries built.
    pub kv: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LogCell {
    pub term: u64,
    /// The command, in a few words (`put x=1`, `no-op`).
    pub command: String,
}

impl ServerLog {
    fn of(
        s: &Server,
        alive: bool,
        progress: Option<(NodeId, u64, u64)>,
        first: u64,
        last: u64,
    ) -> ServerLog {
        let log = s.log();
        ServerLog {
            alive,
            length: log.last_index().0,
            cells: (first..=last)
                .map(|i| {
                    (i <= log.last_index().0).then(|| {
                        let e = log.get(crate::raft::LogIndex(i));
                        LogCell {
                            term: e.term.0,
                            command: command_text(&e.command),
                        }
                    })
                })
                .collect(),
            commit: s.commit_index().0,
            drawn_committed: s.commit_index().0,
            applied: s.last_applied().0,
            progress,
            kv: s
                .kv()
                .entries()
                .take(KV_SHOWN)
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

/// How much of `log` is known committed by a server with `other` log and commit index
/// `commit`: the longest prefix of both within that index (entries of one term at one index
/// mean equal prefixes: Log Matching).
fn known_committed(
    log: &crate::raft::Log,
    other: &crate::raft::Log,
    commit: crate::raft::LogIndex,
) -> u64 {
    let mut k = commit.0.min(log.last_index().0);
    while k > 0 && log.term_at(crate::raft::LogIndex(k)) != other.term_at(crate::raft::LogIndex(k))
    {
        k -= 1;
    }
    k
}

/// A log entry's command in a few words.
pub fn command_text(c: &crate::raft::Command) -> String {
    match c {
        crate::raft::Command::Noop => "no-op".into(),
        crate::raft::Command::Client { op, .. } => op_text(op),
    }
}

/// A client operation in a few words: `put x=1`, `get x`, `cas x 1→2`, `delete x`.
pub fn op_text(op: &crate::raft::Op) -> String {
    use crate::raft::Op;
    match op {
        Op::Put { key, value } => format!("put {key}={value}"),
        Op::Get { key } => format!("get {key}"),
        Op::Cas { key, expected, new } => {
            format!("cas {key} {}→{new}", expected.as_deref().unwrap_or("∅"))
        }
        Op::Delete { key } => format!("delete {key}"),
    }
}

/// What an operation did and saw, in the history view's words: `put x=1`, `get x → 1`,
/// `cas x 1→2 ✗`; an operation still waiting for its answer ends with "…".
pub fn op_outcome_text(h: &HistoryOp) -> String {
    use crate::raft::Op;
    let Some((_, reply)) = &h.completed else {
        return format!("{} …", op_text(&h.op));
    };
    match &h.op {
        Op::Get { .. } => format!(
            "{} → {}",
            op_text(&h.op),
            reply.value.as_deref().unwrap_or("∅")
        ),
        Op::Cas { .. } => format!("{} {}", op_text(&h.op), if reply.ok { "✓" } else { "✗" }),
        _ => op_text(&h.op),
    }
}

/// The order the linearizability checker chose, per operation of the clients' history (in
/// client order, then each client's own order), and the operations it could not place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinOrder {
    pub order: Vec<Option<u32>>,
    pub stuck: Vec<(NodeId, u64)>,
}

/// A lane per client, a bar per operation, tagged with its place in the order `lin` found
/// (its operations are numbered in client order, then each client's own order).
pub fn history_lanes<'a>(
    clients: impl Iterator<Item = (NodeId, &'a [HistoryOp])>,
    lin: &LinOrder,
) -> Vec<HistoryLane> {
    let mut k = 0;
    clients
        .map(|(client, ops)| HistoryLane {
            client,
            bars: ops
                .iter()
                .map(|h| {
                    let rank = lin.order.get(k).copied().flatten();
                    k += 1;
                    HistoryBar {
                        seq: h.seq,
                        key: h.op.key().to_string(),
                        text: op_outcome_text(h),
                        invoked: h.invoked_at,
                        completed: h.completed.as_ref().map(|(t, _)| *t),
                        rank,
                        stuck: lin.stuck.contains(&(h.client, h.seq)),
                    }
                })
                .collect(),
        })
        .collect()
}

/// The history view: one lane per client, a bar per operation.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryModel {
    pub lanes: Vec<HistoryLane>,
    /// The history runs from 0 to here (the cursor).
    pub end: SimTime,
    pub verdict: LinVerdict,
}

impl HistoryModel {
    /// Where the view starts: at the call of the `latest`-th most recent operation, or
    /// earlier when no order exists and the failing part is older: the operations marked ✗
    /// and the last operation of their key placed before them. `None` without operations.
    pub fn window_start(&self, latest: usize) -> Option<SimTime> {
        let bars = || self.lanes.iter().flat_map(|l| l.bars.iter());
        let mut calls: Vec<SimTime> = bars().map(|b| b.invoked).collect();
        sort::sort(&mut calls);
        let recent = *calls.get(calls.len().saturating_sub(latest.max(1)))?;
        let stuck_key = bars().find(|b| b.stuck).map(|b| b.key.clone());
        let failing = bars()
            .filter(|b| b.stuck)
            .map(|b| b.invoked)
            .chain(
                bars()
                    .filter(|b| Some(&b.key) == stuck_key.as_ref() && b.rank.is_some())
                    .max_by_key(|b| b.rank)
                    .map(|b| b.invoked),
            )
            .min();
        Some(failing.map_or(recent, |f| f.min(recent)))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct HistoryLane {
    pub client: NodeId,
    pub bars: Vec<HistoryBar>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HistoryBar {
    pub seq: u64,
    pub key: String,
    pub text: String,
    pub invoked: SimTime,
    /// When the answer came; `None` while it is open.
    pub completed: Option<SimTime>,
    /// Its place in its key's order: the linearization point's number.
    pub rank: Option<u32>,
    /// No order could place it after the longest valid prefix.
    pub stuck: bool,
}

/// One row of the safety panel: a property and its first violation before the cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct SafetyRow {
    pub property: Property,
    pub broken: Option<Violation>,
}

/// The linearizability of the clients' history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinVerdict {
    pub ops: usize,
    /// `None` while undecided (the search hit its bound).
    pub ok: Option<bool>,
    /// What went wrong, or the key the search could not decide.
    pub problem: Option<LinProblem>,
}

/// Why a history is not known to be linearizable (worded by the page, in its language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinProblem {
    /// No order of `key`'s operations explains them: `linearized` of `total` were ordered,
    /// then none of the `stuck` left could come next.
    NoOrder {
        key: String,
        linearized: usize,
        total: usize,
        stuck: usize,
    },
    /// The search for `key` hit its bound.
    Undecided { key: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct SafetySummary {
    /// The five properties of the paper's Figure 3.
    pub figure3: Vec<SafetyRow>,
    /// The earliest broken lemma, if any.
    pub lemma: Option<Violation>,
    pub linearizability: LinVerdict,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    pub time: SimTime,
    pub events: u64,
    pub sent: u64,
    pub delivered: u64,
    pub dropped: u64,
    pub committed: u64,
    pub in_flight: usize,
    pub trace_hash: u64,
}

/// Whether a majority can still form: the most servers one live server can exchange messages
/// with (itself included, over links that work both ways), against the quorum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuorumState {
    pub servers: u8,
    pub largest: u32,
    pub quorum: u32,
}

impl QuorumState {
    pub fn lost(self) -> bool {
        self.largest < self.quorum
    }
}

/// What the inspector shows of a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeFacts {
    pub id: NodeId,
    pub alive: bool,
    pub role: Role,
    pub term: u64,
    pub voted_for: Option<NodeId>,
    pub leader: Option<NodeId>,
    pub last_index: u64,
    pub last_term: u64,
    pub commit: u64,
    /// Time left on the election timer of a live follower or candidate.
    pub timer_left: Option<Duration>,
    /// Whether a link to or from it is cut.
    pub links_cut: bool,
    /// Whether every link between it and another server is cut, both ways.
    pub isolated: bool,
    /// With lease reads: a forced timeout now would break its promise to a leader's lease.
    pub promises_lease: bool,
    /// A live leader cut off from a majority (`Playground::leader_without_majority`).
    pub without_majority: bool,
    /// Whether CheckQuorum is on: a leader steps down by itself without a majority.
    pub check_quorum: bool,
    /// Whether some live servers can form a majority (`QuorumState::lost` is false).
    pub quorum_elsewhere: bool,
}

/// One direction of a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkDirection {
    pub from: NodeId,
    pub to: NodeId,
    pub cut: bool,
    pub latency: (Duration, Duration),
    pub loss_percent: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkFacts {
    pub a: NodeId,
    pub b: NodeId,
    pub there: LinkDirection,
    pub back: LinkDirection,
    /// The link's own loss (percent), if it overrides the global setting.
    pub loss_override: Option<u32>,
    /// Whether `loss_override` says the link's own loss exactly: the same whole percentage
    /// (or none) both ways, as the page sets it. A run file or the fuzzer can make a link
    /// lossy one way, or by a fraction of a percent.
    pub loss_exact: bool,
    pub overridden: bool,
    pub global_loss_percent: u32,
}

impl LinkFacts {
    /// The command a link's loss field sends for `typed` (`None`: the field emptied, the
    /// network's loss), or none when the link already has exactly that: only a change is an
    /// action (one taken in the past forks the run).
    pub fn loss_change(&self, typed: Option<u32>) -> Option<LinkCmd> {
        (!self.loss_exact || self.loss_override != typed).then_some(LinkCmd::Loss(typed))
    }
}

impl Playground {
    /// The clients' history at the cursor, with the order the checker chose.
    pub fn history(&self) -> HistoryModel {
        let sim = self.sim();
        let clients = sim
            .nodes()
            .iter()
            .filter_map(Actor::as_client)
            .map(|c| (c.id(), c.history()));
        HistoryModel {
            lanes: history_lanes(clients, self.lin_order()),
            end: sim.now(),
            verdict: self.linearizability().clone(),
        }
    }

    /// The cluster stage at the cursor.
    pub fn stage(&self) -> StageModel {
        let sim = self.sim();
        let now = sim.now();
        let nodes: Vec<NodeState> = sim
            .views()
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v {
                ActorView::Server(view) => {
                    let id = NodeId(i as u8);
                    Some(NodeState {
                        view: view.clone(),
                        alive: sim.is_alive(id),
                        timer_left: self.election_timer_share(id, view.role),
                        disk_left: self.disk_write_share(id),
                        lease_left: self.lease_share(id),
                        clock_pct: self.config().clock(id),
                        without_majority: self.leader_without_majority(id),
                    })
                }
                ActorView::Client(_) => None,
            })
            .collect();
        let servers = nodes.len() as u8;
        let net = sim.network();
        let links = (0..servers)
            .map(|a| {
                (0..servers)
                    .map(|b| {
                        let (na, nb) = (NodeId(a), NodeId(b));
                        match (net.is_up(na, nb), net.is_up(nb, na)) {
                            (true, true) => LinkState::Up,
                            (false, true) => LinkState::OneWay(na),
                            (true, false) => LinkState::OneWay(nb),
                            (false, false) => LinkState::Cut,
                        }
                    })
                    .collect()
            })
            .collect();
        let link_loss = (0..servers)
            .map(|a| {
                (0..servers)
                    .map(|b| {
                        let (na, nb) = (NodeId(a), NodeId(b));
                        let own = |x, y| net.link(x, y).loss_ppm;
                        own(na, nb)
                            .or(own(nb, na))
                            .map(|_| net.loss_ppm(na, nb).max(net.loss_ppm(nb, na)))
                            .map(crate::share::percent_of_ppm)
                    })
                    .collect()
            })
            .collect();
        let drops = recent_drops(self.timeline(), self.speed());
        StageModel {
            now,
            nodes,
            messages: sim.in_flight().cloned().collect(),
            links,
            link_loss,
            drops,
            pulse: self.heartbeat_pulse(),
            clients: self.config().clients,
        }
    }

    /// The space-time strip: the last `STRIP_WINDOW` of virtual time.
    pub fn strip(&self) -> StripModel {
        let sim = self.sim();
        let now = sim.now();
        let cursor = self.timeline().cursor();
        let start = SimTime(now.0.saturating_sub(STRIP_WINDOW.0));
        let arrows = self
            .recent_messages(STRIP_WINDOW)
            .filter(|r| r.envelope.from != r.envelope.to)
            .filter_map(|r| {
                let env = &r.envelope;
                let ended = r.ended_by.is_some_and(|e| e < cursor);
                let (end, died_at) = match (ended, death(env, r.fate)) {
                    (true, Some((end, at))) => (end, Some(at)),
                    (_, _) if env.lost => (env.arrives_at, Some(0.5)),
                    _ => (env.arrives_at, None),
                };
                (end >= start).then_some(Arrow {
                    id: env.id,
                    from: env.from.0,
                    to: env.to.0,
                    sent: env.sent_at,
                    end,
                    died_at,
                    kind: env.msg.kind(),
                })
            })
            .take(STRIP_MAX)
            .collect();
        let marks = self
            .narration()
            .since(start, cursor)
            .filter_map(|item| {
                let (lane, kind) = match item.what {
                    Happening::BecameLeader { node, .. } => (node, MarkKind::Leader),
                    Happening::StartedElection { node, .. } => (node, MarkKind::Election),
                    Happening::StartedPreVote { node, .. } => (node, MarkKind::PreVote),
                    Happening::Crashed(node) => (node, MarkKind::Crash),
                    Happening::Restarted(node) => (node, MarkKind::Restart),
                    _ => return None,
                };
                Some(Mark {
                    lane: lane.0,
                    at: item.time,
                    kind,
                })
            })
            .collect();
        StripModel {
            now,
            servers: self.servers(),
            lanes: sim.node_count(),
            down: (0..sim.node_count())
                .map(|i| !sim.is_alive(NodeId(i)))
                .collect(),
            arrows,
            marks,
        }
    }

    /// Every server's log over the latest indices, with the live leader's view of each
    /// follower.
    pub fn logs(&self) -> LogsModel {
        let sim = self.sim();
        // The live leader of the highest term, and its view of every follower's log.
        let leader_progress = sim
            .nodes()
            .iter()
            .filter_map(Actor::as_server)
            .filter(|s| sim.is_alive(s.id()))
            .filter_map(|s| s.progress().map(|p| (s.term(), s.id(), p)))
            .max_by_key(|(term, _, _)| *term)
            .map(|(_, id, p)| (id, p));
        let servers = || sim.nodes().iter().filter_map(Actor::as_server);
        let newest = servers().map(|s| s.log().last_index().0).max().unwrap_or(0);
        let tail = newest.saturating_sub(LOG_SHOWN as u64 - 1).max(1);
        // The newest entries, unless two logs disagree before them: then the window starts
        // where they first do, so the conflict that repair must resolve is on screen.
        let logs: Vec<&crate::raft::Log> = servers().map(|s| s.log()).collect();
        let first = first_disagreement(&logs).map_or(tail, |i| i.min(tail));
        let last = newest.min(first + LOG_SHOWN as u64 - 1);
        LogsModel {
            first,
            last,
            servers: servers()
                .map(|s| {
                    let progress = leader_progress
                        .as_ref()
                        .filter(|(leader, _)| *leader != s.id())
                        .and_then(|(leader, p)| Some((*leader, p.get(usize::from(s.id().0))?)))
                        .map(|(leader, (next, matched))| (leader, matched.0, next.0));
                    let alive = sim.is_alive(s.id());
                    let mut row = ServerLog::of(s, alive, progress, first, last);
                    if !alive {
                        row.drawn_committed = servers()
                            .map(|o| known_committed(s.log(), o.log(), o.commit_index()))
                            .max()
                            .unwrap_or(0);
                    }
                    row
                })
                .collect(),
        }
    }

    /// Raft's safety properties as of the cursor.
    pub fn safety(&self) -> SafetySummary {
        let cursor = self.timeline().cursor();
        let first_before = |p: Property| self.checker().first(p).filter(|v| v.event < cursor);
        SafetySummary {
            figure3: Property::FIGURE_3
                .iter()
                .map(|&property| SafetyRow {
                    property,
                    broken: first_before(property).cloned(),
                })
                .collect(),
            lemma: Property::LEMMAS
                .into_iter()
                .filter_map(first_before)
                .min_by_key(|v| v.event)
                .cloned(),
            linearizability: self.linearizability().clone(),
        }
    }

    /// The happenings before the cursor that the feed lists, newest first: the latest `n`;
    /// in a scenario, all those since the cue before the one shown (what its caption tells),
    /// if more, up to `most`.
    pub fn feed(&self, n: usize, most: usize) -> Vec<FeedItem> {
        let cursor = self.timeline().cursor();
        let since = self.scenario().and_then(|p| {
            let shown = p.shown?;
            let steps = p.scenario.steps.get(..=shown)?;
            let before = steps[..shown].iter().rposition(|s| s.cue)?;
            // A restart at that cue or since started a new run, and a new clock, at zero.
            let restarted = steps[before..].iter().any(|s| {
                s.actions
                    .iter()
                    .any(|d| matches!(d, crate::scenario::Do::Restart(_)))
            });
            Some(if restarted {
                SimTime::ZERO
            } else {
                SimTime::from_millis(steps[before].at_ms)
            })
        });
        let told = since.map_or(0, |t| self.narration().since(t, cursor).count());
        self.narration()
            .latest(cursor, told.clamp(n, most.max(n)))
            .cloned()
            .collect()
    }

    pub fn stats(&self) -> Stats {
        let sim = self.sim();
        let stats = sim.stats();
        Stats {
            time: sim.now(),
            events: stats.events,
            sent: stats.sent,
            delivered: stats.delivered,
            dropped: stats.lost + stats.cut + stats.to_down_node,
            committed: sim
                .nodes()
                .iter()
                .filter_map(Actor::as_server)
                .map(|s| s.commit_index().0)
                .max()
                .unwrap_or(0),
            in_flight: sim.in_flight().count(),
            trace_hash: sim.trace_hash(),
        }
    }

    /// Whether a majority can still work together. A leader needs votes from, and then
    /// replies from, a majority over direct links that work both ways (Raft does not relay),
    /// so what counts is the best-connected live server: itself and the live servers it can
    /// exchange messages with. With partial cuts a connected group can still lack one.
    pub fn quorum(&self) -> QuorumState {
        let sim = self.sim();
        let n = self.servers();
        let largest = (0..n)
            .map(NodeId)
            .filter(|&a| sim.is_alive(a))
            .map(|a| self.reach(a))
            .max()
            .unwrap_or(0);
        QuorumState {
            servers: n,
            largest,
            quorum: crate::raft::quorum(n),
        }
    }

    /// How many servers live server `a` can work with: itself and the live servers it can
    /// exchange messages with over links that work both ways. A link that loses every
    /// message (its own loss at 100 %) works no more than a cut one.
    fn reach(&self, a: NodeId) -> u32 {
        let sim = self.sim();
        let net = sim.network();
        let carries =
            |from, to| net.is_up(from, to) && net.loss_ppm(from, to) < crate::sim::net::PPM;
        1 + (0..self.servers())
            .map(NodeId)
            .filter(|&b| b != a && sim.is_alive(b) && carries(a, b) && carries(b, a))
            .count() as u32
    }

    /// Whether `id` is a live leader that cannot work with a majority: it still leads its
    /// term, but nothing new can commit through it (its entries cannot reach a majority).
    pub fn leader_without_majority(&self, id: NodeId) -> bool {
        let sim = self.sim();
        sim.is_alive(id)
            && sim
                .node(id)
                .as_server()
                .is_some_and(|s| s.role() == Role::Leader)
            && self.reach(id) < crate::raft::quorum(self.servers())
    }

    /// What the inspector shows of server `id`.
    pub fn node_facts(&self, id: NodeId) -> Option<NodeFacts> {
        if id.0 >= self.servers() {
            return None;
        }
        let sim = self.sim();
        let s = sim.node(id).as_server()?;
        let alive = sim.is_alive(id);
        Some(NodeFacts {
            id,
            alive,
            role: s.role(),
            term: s.term().0,
            voted_for: s.voted_for(),
            leader: s.leader(),
            last_index: s.log().last_index().0,
            last_term: s.log().last_term().0,
            commit: s.commit_index().0,
            timer_left: sim
                .timers_of(id)
                .find(|(t, _)| *t == Timer::Election)
                .filter(|_| alive && s.role() != Role::Leader)
                .map(|(_, at)| at - sim.now()),
            links_cut: sim
                .network()
                .cut_links()
                .iter()
                .any(|&(from, to)| from == id || to == id),
            isolated: (0..self.servers())
                .map(NodeId)
                .all(|o| o == id || !(sim.network().is_up(id, o) || sim.network().is_up(o, id))),
            promises_lease: alive && s.promises_lease(sim.now()),
            without_majority: self.leader_without_majority(id),
            check_quorum: self.config().raft.check_quorum,
            quorum_elsewhere: !self.quorum().lost(),
        })
    }

    /// What the inspector shows of the link between `a` and `b`.
    pub fn link_facts(&self, a: NodeId, b: NodeId) -> Option<LinkFacts> {
        let n = self.servers();
        if a.0 >= n || b.0 >= n || a == b {
            return None;
        }
        let net = self.sim().network();
        let direction = |from: NodeId, to: NodeId| LinkDirection {
            from,
            to,
            cut: net.link(from, to).cut,
            latency: net.latency_range(from, to),
            loss_percent: crate::share::percent_of_ppm(net.loss_ppm(from, to)),
        };
        let link = net.link(a, b);
        let loss_override = link.loss_ppm.map(crate::share::percent_of_ppm);
        let loss_exact = link.loss_ppm == loss_override.map(crate::share::ppm_of_percent)
            && net.link(b, a).loss_ppm == link.loss_ppm;
        Some(LinkFacts {
            a,
            b,
            there: direction(a, b),
            back: direction(b, a),
            loss_override,
            loss_exact,
            overridden: link.latency.is_some() || loss_override.is_some(),
            global_loss_percent: crate::share::percent_of_ppm(net.config.loss_ppm),
        })
    }

    /// A message and whether it has ended (delivered or dropped) as of the cursor.
    pub fn message(&self, id: MsgId) -> Option<(&MessageRecord<Msg>, bool)> {
        let record = self.timeline().message(id)?;
        let ended = record
            .ended_by
            .is_some_and(|e| e < self.timeline().cursor());
        Some((record, ended))
    }

    /// Message records sent up to now and within `span` before it (plus the longest latency,
    /// so slow messages still in view are included), newest first.
    fn recent_messages(&self, span: Duration) -> impl Iterator<Item = &MessageRecord<Msg>> {
        recent_messages(self.timeline(), span)
    }

    /// How much of a follower's or candidate's election timer is left, as a share of the
    /// longest timeout; `None` for leaders (their timer paces CheckQuorum) and crashed nodes.
    fn election_timer_share(&self, id: NodeId, role: Role) -> Option<f64> {
        let sim = self.sim();
        if role == Role::Leader || !sim.is_alive(id) {
            return None;
        }
        let max = self.config().raft.election_timeout_max.as_micros();
        let (_, at) = sim.timers_of(id).find(|(t, _)| *t == Timer::Election)?;
        let left = (at - sim.now()).as_micros();
        Some((left as f64 / max.max(1) as f64).clamp(0.0, 1.0))
    }

    /// How much of a leader's lease is left, as a share of one lease, in real time.
    fn lease_share(&self, id: NodeId) -> Option<f64> {
        let sim = self.sim();
        let server = sim.node(id).as_server()?;
        if server.role() != crate::raft::Role::Leader || !sim.is_alive(id) {
            return None;
        }
        let until = server.lease_until()?;
        let left = until.0.checked_sub(sim.now().0).filter(|&l| l > 0)?;
        // One lease lasts `lease()` on the leader's clock: longer in real time if it is slow.
        let length = self.config().raft.lease().as_micros() * 100 / u64::from(server.clock_pct());
        Some((left as f64 / length.max(1) as f64).clamp(0.0, 1.0))
    }

    /// How much of a server's disk write in progress is left, as a share of one write.
    fn disk_write_share(&self, id: NodeId) -> Option<f64> {
        let sim = self.sim();
        let write = self.config().raft.disk_write.as_micros();
        let done = sim.node(id).as_server()?.disk_write_done()?;
        let left = (done - sim.now()).as_micros();
        Some((left as f64 / write.max(1) as f64).clamp(0.0, 1.0))
    }

    /// The live leader's heartbeat pulse: how far it has spread since the last heartbeat.
    fn heartbeat_pulse(&self) -> Option<(NodeId, f64)> {
        let sim = self.sim();
        let interval = self.config().raft.heartbeat_interval.as_micros().max(1);
        sim.nodes()
            .iter()
            .filter_map(Actor::as_server)
            .filter(|s| s.role() == Role::Leader && sim.is_alive(s.id()))
            .max_by_key(|s| s.term())
            .and_then(|s| {
                let (_, at) = sim
                    .timers_of(s.id())
                    .find(|(t, _)| *t == Timer::Heartbeat)?;
                let left = (at - sim.now()).as_micros().min(interval);
                Some((s.id(), 1.0 - left as f64 / interval as f64))
            })
    }
}

/// Message records of a timeline sent up to its cursor and within `span` before now (plus
/// the longest latency, so slow messages still in view are included), newest first.
fn recent_messages<N: Node>(
    timeline: &Timeline<N>,
    span: Duration,
) -> impl Iterator<Item = &MessageRecord<N::Msg>> {
    let net = timeline.sim().network();
    let n = net.size();
    // The longest latency any link can have now: no message older than this is still flying.
    let longest = (0..n)
        .flat_map(|a| (0..n).map(move |b| (NodeId(a), NodeId(b))))
        .map(|(a, b)| net.latency_range(a, b).1)
        .fold(net.config.latency_max, Duration::max);
    let cursor = timeline.cursor();
    let records = timeline.messages();
    let end = records.partition_point(|r| r.sent_by < cursor);
    let from = SimTime(timeline.sim().now().0.saturating_sub(span.0 + longest.0));
    records[..end]
        .iter()
        .rev()
        .take_while(move |r| r.envelope.sent_at >= from)
}

/// Crosses where messages died recently, in the cluster's stage and the store's; "recently"
/// scales with the speed so a cross stays on screen for the same wall time at any speed. A
/// cut's crosses go when the link is up again: right after a heal they would say it still
/// drops.
pub(crate) fn recent_drops<N: Node>(
    timeline: &Timeline<N>,
    speed: super::page::Speed,
) -> Vec<Drop> {
    let fade = Duration(DROP_FADE_WALL_MS * speed.micros_per_wall_ms());
    let cursor = timeline.cursor();
    let (now, net) = (timeline.sim().now(), timeline.sim().network());
    recent_messages(timeline, fade)
        .filter(|r| r.ended_by.is_some_and(|e| e < cursor))
        .filter(|r| {
            r.fate != Fate::Dropped(DropReason::LinkCut)
                || !net.is_up(r.envelope.from, r.envelope.to)
        })
        .filter_map(|r| {
            let (end, at) = death(&r.envelope, r.fate)?;
            let age = (now - end).0 as f64 / fade.0.max(1) as f64;
            (age < 1.0).then_some(Drop {
                from: r.envelope.from,
                to: r.envelope.to,
                at,
                age,
            })
        })
        .collect()
}

/// Where and when a dropped message died: (time, share of the way from sender to receiver).
fn death<M>(env: &Envelope<M>, fate: Fate) -> Option<(SimTime, f64)> {
    match fate {
        Fate::Dropped(_) if env.fate_at_send != Fate::InFlight => Some((env.sent_at, 0.12)),
        Fate::Dropped(DropReason::Loss) => Some((env.arrives_at, 0.5)),
        Fate::Dropped(_) => Some((env.arrives_at, 0.88)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::{Intent, NodeCmd};
    use crate::raft::ClusterConfig;

    fn bar(seq: u64, key: &str, at_ms: u64, rank: Option<u32>, stuck: bool) -> HistoryBar {
        HistoryBar {
            seq,
            key: key.into(),
            text: String::new(),
            invoked: SimTime::from_millis(at_ms),
            completed: Some(SimTime::from_millis(at_ms + 5)),
            rank,
            stuck,
        }
    }

    #[test]
    fn the_history_window_shows_the_latest_operations_and_reaches_back_to_a_failure() {
        // 30 operations on y, one every 10 ms; on x, an early write placed first and an early
        // read that no order can place after it.
        let mut bars: Vec<HistoryBar> = (0..30)
            .map(|i| bar(i, "y", 100 + 10 * i, Some(i as u32), false))
            .collect();
        bars.push(bar(40, "x", 20, Some(0), false));
        bars.push(bar(41, "x", 50, None, true));
        let mut m = HistoryModel {
            lanes: vec![HistoryLane {
                client: NodeId(5),
                bars,
            }],
            end: SimTime::from_millis(500),
            verdict: LinVerdict::default(),
        };
        // The failing part starts at the placed write's call, 20 ms.
        assert_eq!(m.window_start(16), Some(SimTime::from_millis(20)));
        // Without a failure: the 16th most recent call, y's 15th at 240 ms.
        m.lanes[0].bars.iter_mut().for_each(|b| b.stuck = false);
        assert_eq!(m.window_start(16), Some(SimTime::from_millis(240)));
        m.lanes[0].bars.clear();
        assert_eq!(m.window_start(16), None);
    }

    fn five() -> Playground {
        let config = ClusterConfig {
            servers: 5,
            clients: 1,
            ..ClusterConfig::default()
        };
        Playground::new(1, config)
    }

    #[test]
    fn the_history_has_a_bar_per_operation_numbered_in_the_order_that_explains_it() {
        let mut pg = five();
        assert!(pg.history().lanes.iter().all(|l| l.bars.is_empty()));
        pg.run_until(SimTime::from_millis(1000));
        pg.apply(Intent::ClientWrite);
        pg.run_until(SimTime::from_millis(1500));
        pg.apply(Intent::ClientWrite);
        // The second write is still on its way.
        pg.run_until(SimTime::from_millis(1501));
        let h = pg.history();
        assert_eq!(h.lanes.len(), 1);
        let bars = &h.lanes[0].bars;
        assert_eq!(bars.len(), 2);
        assert!(bars[0].completed.is_some() && bars[0].text.starts_with("put "));
        assert_eq!(bars[0].rank, Some(0));
        assert!(bars[1].completed.is_none() && bars[1].text.ends_with('…'));
        assert!(bars.iter().all(|b| !b.stuck));
        assert_eq!(h.verdict.ok, Some(true));
        assert_eq!(h.end, SimTime::from_millis(1501));
    }

    #[test]
    fn the_quorum_is_lost_when_a_majority_is_down_and_back_when_one_restarts() {
        let mut pg = five();
        assert!(!pg.quorum().lost());
        for i in 0..3 {
            pg.apply(Intent::Node(NodeId(i), NodeCmd::Crash));
        }
        assert_eq!(pg.quorum().largest, 2);
        assert!(pg.quorum().lost());
        pg.apply(Intent::Node(NodeId(0), NodeCmd::Restart));
        assert!(!pg.quorum().lost());
    }

    #[test]
    fn a_leader_cut_off_from_a_majority_is_marked_until_it_steps_down() {
        let mut pg = five();
        pg.run_until(SimTime::from_millis(1000));
        let leaders = |pg: &Playground| -> Vec<NodeId> {
            pg.stage()
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.alive && n.view.role == Role::Leader)
                .map(|(i, _)| NodeId(i as u8))
                .collect()
        };
        let marked = |pg: &Playground| -> Vec<NodeId> {
            let stage = pg.stage();
            (0..5u8)
                .map(NodeId)
                .filter(|&id| {
                    let on_stage = stage.nodes[usize::from(id.0)].without_majority;
                    assert_eq!(on_stage, pg.node_facts(id).unwrap().without_majority);
                    on_stage
                })
                .collect()
        };
        let old = leaders(&pg)[0];
        assert!(marked(&pg).is_empty());
        // Replies to the leader lost from three followers: it reaches itself and one other.
        let others: Vec<NodeId> = (0..5u8).map(NodeId).filter(|&id| id != old).collect();
        for &o in &others[..3] {
            pg.apply(Intent::Link(o, old, LinkCmd::Cut { from: o, to: old }));
        }
        assert_eq!(marked(&pg), vec![old]);
        pg.apply(Intent::HealAll);
        assert!(marked(&pg).is_empty());
        // Cut off with one follower: the other three elect a leader of their own, which is
        // not marked; the old one is until it hears of the new term.
        pg.apply(Intent::Partition(vec![old, others[3]]));
        assert_eq!(marked(&pg), vec![old]);
        pg.run_until(SimTime::from_millis(3000));
        let now = leaders(&pg);
        assert_eq!(now.len(), 2, "the old leader and a new one: {now:?}");
        assert_eq!(marked(&pg), vec![old]);
        pg.apply(Intent::HealAll);
        pg.run_until(SimTime::from_millis(4000));
        assert!(marked(&pg).is_empty());
        // A crashed leader is not marked, nor is a follower cut off.
        let leader = leaders(&pg)[0];
        pg.apply(Intent::Node(leader, NodeCmd::Crash));
        assert!(marked(&pg).is_empty());
        let follower = NodeId(if leader.0 == 0 { 1 } else { 0 });
        pg.apply(Intent::Node(follower, NodeCmd::Isolate));
        assert!(marked(&pg).is_empty());
    }

    #[test]
    fn partial_cuts_that_leave_no_server_with_a_majority_lose_the_quorum_though_all_are_connected()
    {
        // A ring of five: each server talks to its two neighbours only. With itself that is
        // three of five, a majority: a server can win its neighbours' votes and commit.
        let mut pg = five();
        let cut = |pg: &mut Playground, a: u8, b: u8| {
            pg.apply(Intent::Link(NodeId(a), NodeId(b), LinkCmd::CutBoth));
        };
        for (a, b) in [(0, 2), (0, 3), (1, 3), (1, 4), (2, 4)] {
            cut(&mut pg, a, b);
        }
        let q = pg.quorum();
        assert_eq!((q.largest, q.quorum), (3, 3));
        assert!(!q.lost());
        // A line N1–N2–N3–N4–N5 (the ring opened between N5 and N1): N2, N3 and N4 still
        // have two neighbours each.
        cut(&mut pg, 4, 0);
        assert!(!pg.quorum().lost());
        // Cut N2–N3 too: pieces N1–N2 and N3–N4–N5; N4 still reaches N3 and N5.
        cut(&mut pg, 1, 2);
        assert!(!pg.quorum().lost());
        // And N4–N5: the longest piece is N3–N4, no server reaches two others.
        cut(&mut pg, 3, 4);
        assert_eq!(pg.quorum().largest, 2);
        assert!(pg.quorum().lost());
    }

    #[test]
    fn a_link_that_loses_every_message_counts_as_cut() {
        use crate::playground::LinkCmd;
        let mut pg = five();
        // N1 keeps N2 and N3 (three of five); its links to N4 and N5 lose everything.
        for b in [3, 4] {
            pg.apply(Intent::Link(NodeId(0), NodeId(b), LinkCmd::Loss(Some(100))));
        }
        // N2 to N5 still reach one another: the quorum stands.
        assert!(!pg.quorum().lost());
        assert_eq!(pg.reach(NodeId(0)), 3);
        // One more, N1–N3: N1 can work with N2 alone.
        pg.apply(Intent::Link(NodeId(0), NodeId(2), LinkCmd::Loss(Some(100))));
        assert_eq!(pg.reach(NodeId(0)), 2);
        // At 95 % a link still carries a message now and then.
        pg.apply(Intent::Link(NodeId(0), NodeId(2), LinkCmd::Loss(Some(95))));
        assert_eq!(pg.reach(NodeId(0)), 3);
    }

    #[test]
    fn a_connected_group_without_a_hub_has_no_majority() {
        // Seven servers in a line: connected, but no server talks to more than two others,
        // and a majority of seven is four.
        let config = ClusterConfig {
            servers: 7,
            clients: 1,
            ..ClusterConfig::default()
        };
        let mut pg = Playground::new(1, config);
        for a in 0..7u8 {
            for b in (a + 2)..7u8 {
                pg.apply(Intent::Link(NodeId(a), NodeId(b), LinkCmd::CutBoth));
            }
        }
        let q = pg.quorum();
        assert_eq!((q.largest, q.quorum), (3, 4));
        assert!(q.lost(), "connected, yet no leader can gather a majority");
    }

    #[test]
    fn the_stage_shows_every_server_and_a_cut_link() {
        let mut pg = five();
        pg.apply(Intent::Link(
            NodeId(0),
            NodeId(1),
            crate::playground::LinkCmd::Cut {
                from: NodeId(0),
                to: NodeId(1),
            },
        ));
        let stage = pg.stage();
        assert_eq!(stage.nodes.len(), 5);
        assert_eq!(stage.links[0][1], LinkState::OneWay(NodeId(0)));
        assert_eq!(stage.links[0][2], LinkState::Up);
        let facts = pg.link_facts(NodeId(0), NodeId(1)).unwrap();
        assert!(facts.there.cut && !facts.back.cut);
    }

    #[test]
    fn the_stage_names_a_links_own_loss_and_not_the_networks() {
        use crate::playground::LinkCmd;
        let mut pg = five();
        pg.apply(Intent::SetLoss(20));
        pg.apply(Intent::Link(NodeId(0), NodeId(2), LinkCmd::Loss(Some(80))));
        let stage = pg.stage();
        assert_eq!(stage.link_loss[0][2], Some(80));
        assert_eq!(
            stage.link_loss[0][1], None,
            "the network's 20 % is no link's own"
        );
        pg.apply(Intent::Link(NodeId(0), NodeId(2), LinkCmd::UseGlobal));
        assert_eq!(pg.stage().link_loss[0][2], None);
    }

    /// A link's loss field sends only a change, and a loss the field cannot say (one way, a
    /// fraction of a percent) is always changed by what is typed.
    #[test]
    fn a_links_loss_field_sends_only_a_change() {
        use crate::playground::LinkCmd;
        use crate::sim::Action;
        let (a, b) = (NodeId(0), NodeId(1));
        let mut pg = five();
        let facts = |pg: &Playground| pg.link_facts(a, b).unwrap();
        assert_eq!(
            facts(&pg).loss_change(None),
            None,
            "no loss of its own: unchanged"
        );
        assert_eq!(
            facts(&pg).loss_change(Some(0)),
            Some(LinkCmd::Loss(Some(0)))
        );
        pg.apply(Intent::Link(a, b, LinkCmd::Loss(Some(42))));
        assert!(facts(&pg).loss_exact);
        assert_eq!(facts(&pg).loss_change(Some(42)), None);
        assert_eq!(facts(&pg).loss_change(None), Some(LinkCmd::Loss(None)));
        // 42.7 % one way, 42 % the other: the field says 42, and 42 typed makes it so.
        pg.act_now(vec![Action::SetLinkLoss {
            from: a,
            to: b,
            ppm: Some(427_000),
        }]);
        assert_eq!(facts(&pg).loss_override, Some(42));
        assert!(!facts(&pg).loss_exact);
        assert_eq!(
            facts(&pg).loss_change(Some(42)),
            Some(LinkCmd::Loss(Some(42)))
        );
        // Lossy only the other way: an emptied field clears it.
        pg.apply(Intent::Link(a, b, LinkCmd::Loss(None)));
        pg.act_now(vec![Action::SetLinkLoss {
            from: b,
            to: a,
            ppm: Some(300_000),
        }]);
        assert_eq!(facts(&pg).loss_override, None);
        assert_eq!(facts(&pg).loss_change(None), Some(LinkCmd::Loss(None)));
        pg.apply(Intent::Link(a, b, LinkCmd::Loss(None)));
        assert_eq!(facts(&pg).loss_change(None), None);
    }

    #[test]
    fn a_cut_links_crosses_go_when_it_heals_and_losses_stay() {
        let mut pg = five();
        crate::playground::tests::play_for(&mut pg, Duration::from_millis(1_500));
        let n1 = NodeId(0);
        let cut_from_n1 = |pg: &Playground| {
            pg.stage()
                .drops
                .iter()
                .filter(|d| d.from == n1 || d.to == n1)
                .count()
        };
        for b in 1..5 {
            pg.apply(Intent::Link(n1, NodeId(b), LinkCmd::CutBoth));
        }
        crate::playground::tests::play_for(&mut pg, Duration::from_millis(300));
        assert!(
            cut_from_n1(&pg) > 0,
            "the cut drops messages to and from N1"
        );
        for a in 1..5 {
            for b in a + 1..5 {
                pg.apply(Intent::Link(
                    NodeId(a),
                    NodeId(b),
                    crate::playground::LinkCmd::Loss(Some(100)),
                ));
            }
        }
        crate::playground::tests::play_for(&mut pg, Duration::from_millis(300));
        for b in 1..5 {
            pg.apply(Intent::Link(
                n1,
                NodeId(b),
                crate::playground::LinkCmd::Heal,
            ));
        }
        assert_eq!(
            cut_from_n1(&pg),
            0,
            "healed: no cross says N1's links still drop"
        );
        let lost = pg
            .stage()
            .drops
            .iter()
            .filter(|d| d.from != n1 && d.to != n1)
            .count();
        assert!(lost > 0, "losses on links that are up still show");
    }

    #[test]
    fn after_the_first_election_the_strip_marks_the_leader_and_every_log_holds_its_no_op() {
        let mut pg = five();
        crate::playground::tests::play_for(&mut pg, Duration::from_millis(1_500));
        let stage = pg.stage();
        let leaders: Vec<&NodeState> = stage
            .nodes
            .iter()
            .filter(|n| n.view.role == Role::Leader)
            .collect();
        assert_eq!(leaders.len(), 1, "one leader after 1.5 s");
        assert!(
            leaders[0].timer_left.is_none(),
            "a leader has no election timer arc"
        );
        assert!(stage.pulse.is_some(), "the leader pulses its heartbeats");
        let strip = pg.strip();
        assert_eq!((strip.lanes, strip.servers), (6, 5));
        assert!(
            strip.marks.iter().any(|m| m.kind == MarkKind::Leader)
                || pg
                    .feed(100, 100)
                    .iter()
                    .any(|f| matches!(f.what, Happening::BecameLeader { .. }))
        );
        // The new leader's no-op reaches every server and commits.
        let logs = pg.logs();
        assert_eq!((logs.first, logs.last), (1, 1));
        assert!(logs
            .servers
            .iter()
            .all(|l| l.length == 1 && l.cells[0].as_ref().is_some_and(|c| c.command == "no-op")));
        assert!(pg.safety().figure3.iter().all(|r| r.broken.is_none()));
        assert_eq!(pg.stats().committed, 1);
    }
}
