//! A Dynamo-style replicated key-value store on the hash ring (DeCandia et al., SOSP 2007),
//! sans-IO like the Raft core and run on the same engine.
//!
//! Each key lives on the first N distinct nodes clockwise from its hash (its preference
//! list, `ring::Placement::preference`). A client coordinates its own operations: a write
//! is acknowledged by W replicas, a read answered by R; a value carries a version (a
//! counter and the writer), and a replica keeps the highest version it has seen. Options,
//! each a lesson:
//! - **read repair**: after a read, replicas that answered with an older version are sent
//!   the newest one;
//! - **sloppy quorum with hinted handoff**: replicas of the preference list that do not
//!   answer in time are replaced by the next nodes on the ring, which keep the value as a
//!   hint for the node it belongs to and hand it over once that node answers again;
//! - **write-back (ABD, Attiya, Bar-Noy and Dolev 1995)**: a write first asks R replicas for
//!   the highest version and writes a higher one; a read writes what it returns back to W
//!   replicas before it answers. With R + W > N this makes the store linearizable.
//!
//! The clients' histories are the Raft clients' (`raft::HistoryOp`), so the same
//! linearizability checker judges them.

pub mod campaign;

use crate::raft::{HistoryOp, Load, Op, Reply};
use crate::ring::{Algorithm, Key, Members, Placement};
use crate::sim::map::{SortedMap, SortedSet};
use crate::sim::{Duration, NetConfig, Node, NodeId, Out, Sim, SimTime, TimerKind};
use std::collections::VecDeque;

/// A value's version: a counter, then the writer that chose it (so two writers never pick
/// the same one). Ordered: the higher version wins everywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub counter: u64,
    pub writer: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum QMsg {
    /// "Your version of `key`?" for operation `op` of the sender.
    Read {
        op: u64,
        key: String,
    },
    ReadReply {
        op: u64,
        version: Version,
        value: Option<String>,
    },
    /// "Keep this version of `key` if it is newer." `hint`: the node it really belongs to,
    /// when the receiver stands in for it (sloppy quorum). `op` 0: a read repair, unacked.
    Write {
        op: u64,
        key: String,
        version: Version,
        value: Option<String>,
        hint: Option<NodeId>,
    },
    WriteAck {
        op: u64,
    },
    /// A stand-in hands a hinted value to the node it belongs to.
    Handoff {
        key: String,
        version: Version,
        value: Option<String>,
    },
    HandoffAck {
        key: String,
        version: Version,
    },
}

impl QMsg {
    pub fn kind(&self) -> &'static str {
        match self {
            QMsg::Read { .. } => "Read",
            QMsg::ReadReply { .. } => "ReadReply",
            QMsg::Write { op: 0, .. } => "ReadRepair",
            QMsg::Write { hint: Some(_), .. } => "HintedWrite",
            QMsg::Write { .. } => "Write",
            QMsg::WriteAck { .. } => "WriteAck",
            QMsg::Handoff { .. } => "Handoff",
            QMsg::HandoffAck { .. } => "HandoffAck",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QTimer {
    /// A coordinator waited long enough for answers.
    Timeout,
    /// A replica tries to hand its hints over.
    Handoff,
    /// A client with a workload of its own sends its next operation.
    Think,
}

impl TimerKind for QTimer {
    const ALL: &'static [Self] = &[QTimer::Timeout, QTimer::Handoff, QTimer::Think];
    fn code(self) -> u8 {
        self as u8
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum QInput {
    /// A client sends this operation (a put or a get).
    Submit(Op),
}

/// The settings of a store.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QuorumConfig {
    /// Replica nodes, on the ring as N1, N2, …
    pub nodes: u8,
    /// Clients, actors after the nodes.
    pub clients: u8,
    /// Replicas per key.
    pub n: u8,
    /// Acknowledgements a write waits for.
    pub w: u8,
    /// Answers a read waits for.
    pub r: u8,
    pub read_repair: bool,
    pub sloppy: bool,
    pub write_back: bool,
    pub vnodes: u32,
    pub net: NetConfig,
    /// How long a coordinator waits for answers before it asks again (or, with a sloppy
    /// quorum, asks the next nodes on the ring).
    pub timeout: Duration,
    /// Rounds of asking before an operation gives up (and stays unanswered in the history).
    pub tries: u8,
    /// The workload every client runs by itself (the page's clients), if any: puts and
    /// gets on keys x, y, z, …, a think time after each answer.
    pub load: Option<Load>,
}

impl Default for QuorumConfig {
    fn default() -> Self {
        QuorumConfig {
            nodes: 5,
            clients: 2,
            n: 3,
            w: 2,
            r: 2,
            read_repair: false,
            sloppy: false,
            write_back: false,
            vnodes: 100,
            net: NetConfig::default(),
            timeout: Duration::from_millis(100),
            tries: 3,
            load: None,
        }
    }
}

/// Settings of the store that no run can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigFault {
    Nodes(u8),
    Clients(u8),
    /// More replicas than nodes.
    N {
        n: u8,
        nodes: u8,
    },
    /// A write or read quorum of none, or of more than the replicas.
    Quorums {
        w: u8,
        r: u8,
        n: u8,
    },
    /// A coordinator that never asks.
    Tries,
    Load(Load),
}

impl std::fmt::Display for ConfigFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            ConfigFault::Nodes(n) => write!(f, "{n} nodes (1 to 9)"),
            ConfigFault::Clients(n) => write!(f, "{n} clients (1 to 5)"),
            ConfigFault::N { n, nodes } => write!(f, "N = {n} with {nodes} nodes"),
            ConfigFault::Quorums { w, r, n } => {
                write!(f, "W = {w} and R = {r} must be 1 to N = {n}")
            }
            ConfigFault::Tries => f.write_str("a coordinator must ask at least once"),
            ConfigFault::Load(l) => write!(
                f,
                "a workload of {} % reads over {} keys, pausing {} ms",
                l.read_pct, l.keys, l.think_ms
            ),
        }
    }
}

impl QuorumConfig {
    /// What is wrong with these settings, if anything.
    pub fn validate(&self) -> Result<(), ConfigFault> {
        if !(1..=9).contains(&self.nodes) {
            return Err(ConfigFault::Nodes(self.nodes));
        }
        if !(1..=5).contains(&self.clients) {
            return Err(ConfigFault::Clients(self.clients));
        }
        if !(1..=self.nodes).contains(&self.n) {
            return Err(ConfigFault::N {
                n: self.n,
                nodes: self.nodes,
            });
        }
        if !(1..=self.n).contains(&self.w) || !(1..=self.n).contains(&self.r) {
            return Err(ConfigFault::Quorums {
                w: self.w,
                r: self.r,
                n: self.n,
            });
        }
        if self.tries == 0 {
            return Err(ConfigFault::Tries);
        }
        if let Some(load) = self.load {
            if !Load::KEYS.contains(&load.keys)
                || !Load::THINK_MS.contains(&load.think_ms)
                || load.read_pct > 100
            {
                return Err(ConfigFault::Load(load));
            }
        }
        Ok(())
    }

    /// Whether every read quorum meets every write quorum.
    pub fn overlapping(&self) -> bool {
        u32::from(self.r) + u32::from(self.w) > u32::from(self.n)
    }

    pub fn build(&self, seed: u64) -> Sim<QActor> {
        let ring = Ring::new(self.nodes, self.vnodes);
        let replicas = (0..self.nodes).map(|_| QActor::Replica(Replica::default()));
        let clients = (0..self.clients).map(|i| {
            QActor::Client(Box::new(Coordinator::new(
                NodeId(self.nodes + i),
                self.clone(),
                ring.clone(),
            )))
        });
        Sim::new(seed, replicas.chain(clients).collect(), self.net.clone())
    }

    pub fn client_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.clients).map(move |i| NodeId(self.nodes + i))
    }
}

/// The ring the nodes stand on: N1 … Nn with `vnodes` points each.
#[derive(Clone, Debug)]
pub struct Ring {
    placement: Placement,
    members: Members,
}

impl Ring {
    pub fn new(nodes: u8, vnodes: u32) -> Ring {
        let mut members = Members::default();
        for i in 1..=nodes {
            members
                .add(&format!("N{i}"), 100)
                .expect("at most nine members");
        }
        let placement = Placement::build(Algorithm::Ring { vnodes }, members.list())
            .expect("a ring of 1 to 9 members builds");
        Ring { placement, members }
    }

    /// Every node in the key's order clockwise: the first N are its preference list, the
    /// rest its stand-ins.
    pub fn order(&self, key: &str) -> Vec<NodeId> {
        let all = self.members.len() as u32;
        self.placement
            .preference(&Key::new(key), all)
            .into_iter()
            .map(|id| NodeId(self.members.position(id).expect("a member of the ring") as u8))
            .collect()
    }

    /// Every point on the ring, in clockwise order, with the node it belongs to.
    pub fn tokens(&self) -> Vec<(u64, NodeId)> {
        self.placement
            .points()
            .into_iter()
            .map(|(at, id)| {
                let node = self.members.position(id).expect("a member of the ring") as u8;
                (at, NodeId(node))
            })
            .collect()
    }

    /// Where a key stands on the ring.
    pub fn position(key: &str) -> u64 {
        Key::new(key).hash
    }
}

// ---- Replicas ----

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReplicaView {
    /// key → (version, value)
    pub store: SortedMap<String, (Version, Option<String>)>,
    /// Hinted values this node keeps for others: (owner, key) → (version, value).
    pub hints: SortedMap<(NodeId, String), (Version, Option<String>)>,
}

/// A replica: it keeps the highest version of each key it was sent, on disk (a crash keeps
/// it), and hands hinted values on.
#[derive(Clone, Debug, Default)]
pub struct Replica {
    data: ReplicaView,
    /// Hints handed over and confirmed, oldest first (for the page's feed).
    handed: Vec<HandedOver>,
}

/// A stand-in's hint that reached the node it belongs to (the owner acknowledged it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandedOver {
    pub at: SimTime,
    pub owner: NodeId,
    pub key: String,
    pub version: Version,
}

/// How often a node holding hints tries to hand them over.
const HANDOFF_EVERY: Duration = Duration::from_millis(200);

impl Replica {
    pub fn view(&self) -> &ReplicaView {
        &self.data
    }

    pub fn handed_over(&self) -> &[HandedOver] {
        &self.handed
    }

    /// The newest version this node knows of `key`, hints included (a stand-in answers with
    /// what it holds for the owner).
    fn current(&self, key: &str) -> (Version, Option<String>) {
        let own = self.data.store.get(key).cloned();
        let hinted = self
            .data
            .hints
            .iter()
            .filter(|((_, k), _)| k == key)
            .map(|(_, v)| v.clone());
        own.into_iter()
            .chain(hinted)
            .max_by_key(|(v, _)| *v)
            .unwrap_or_default()
    }

    fn keep(
        store: &mut SortedMap<String, (Version, Option<String>)>,
        key: &str,
        version: Version,
        value: Option<String>,
    ) {
        let newer = store.get(key).is_none_or(|(v, _)| version > *v);
        if newer {
            store.insert(key.to_string(), (version, value));
        }
    }

    fn handoff(&mut self, out: &mut Out<'_, QActor>) {
        for ((owner, key), (version, value)) in &self.data.hints {
            out.send(
                *owner,
                QMsg::Handoff {
                    key: key.clone(),
                    version: *version,
                    value: value.clone(),
                },
            );
        }
        if !self.data.hints.is_empty() {
            out.set_timer(QTimer::Handoff, HANDOFF_EVERY);
        }
    }

    fn on_message(&mut self, from: NodeId, msg: QMsg, out: &mut Out<'_, QActor>) {
        match msg {
            QMsg::Read { op, key } => {
                let (version, value) = self.current(&key);
                out.send(from, QMsg::ReadReply { op, version, value });
            }
            QMsg::Write {
                op,
                key,
                version,
                value,
                hint,
            } => {
                match hint {
                    Some(owner) => {
                        let had_hints = !self.data.hints.is_empty();
                        let slot = self.data.hints.entry((owner, key)).or_default();
                        if version > slot.0 {
                            *slot = (version, value);
                        }
                        if !had_hints {
                            out.set_timer(QTimer::Handoff, HANDOFF_EVERY);
                        }
                    }
                    None => Self::keep(&mut self.data.store, &key, version, value),
                }
                if op != 0 {
                    out.send(from, QMsg::WriteAck { op });
                }
            }
            QMsg::Handoff {
                key,
                version,
                value,
            } => {
                Self::keep(&mut self.data.store, &key, version, value);
                out.send(from, QMsg::HandoffAck { key, version });
            }
            QMsg::HandoffAck { key, version } => {
                // Handed over: forget the hint unless a newer one came meanwhile.
                if self
                    .data
                    .hints
                    .get(&(from, key.clone()))
                    .is_some_and(|(v, _)| *v <= version)
                {
                    self.data.hints.remove(&(from, key.clone()));
                    self.handed.push(HandedOver {
                        at: out.now(),
                        owner: from,
                        key,
                        version,
                    });
                }
            }
            QMsg::ReadReply { .. } | QMsg::WriteAck { .. } => {}
        }
    }
}

// ---- Clients: each coordinates its own operations ----

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Phase {
    /// Asking replicas for their version (a read; a write's first phase with write-back).
    Query,
    /// Sending a version to replicas (a write; a read's write-back).
    Store,
}

/// The operation a coordinator is working on.
#[derive(Clone, Debug)]
struct Pending {
    /// Index into the history.
    index: usize,
    /// Message id of the current phase (a fresh one per phase, so late answers are ignored).
    op: u64,
    key: String,
    phase: Phase,
    /// Nodes asked in this phase, each with the node it stands in for (sloppy quorum).
    asked: Vec<(NodeId, Option<NodeId>)>,
    /// Query answers.
    answers: SortedMap<NodeId, (Version, Option<String>)>,
    acks: SortedSet<NodeId>,
    /// The version and value being stored (write, or read write-back).
    storing: Option<(Version, Option<String>)>,
    /// What a read returns once its write-back is acknowledged.
    result: Option<Option<String>>,
    round: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CoordinatorView {
    pub outstanding: Option<u64>,
    pub completed: u64,
    pub gave_up: u64,
}

/// What a coordinator did for an operation besides calling it and answering it (the history
/// has those), for the page's feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// It sent the operation's first requests: to these nodes (the key's N replicas).
    Asked { nodes: Vec<NodeId> },
    /// Too few answers in time: round `round` asks the silent nodes again, or (sloppy quorum)
    /// asks a stand-in for each, (stand-in, the node it stands in for).
    AskedAgain {
        round: u8,
        /// Whether it is sending a version to store (a put, a get's write-back) rather than
        /// asking for versions (a get, a put's first round with write-back).
        writing: bool,
        again: Vec<NodeId>,
        stand_ins: Vec<(NodeId, NodeId)>,
    },
    /// Too few answers in the last round of a phase (`writing` as for `AskedAgain`): the
    /// operation stays unanswered.
    GaveUp { rounds: u8, writing: bool },
    /// After a get, the newest version sent to the replicas that answered older ones.
    Repaired { nodes: Vec<NodeId> },
}

/// One `Step` of the operation with sequence number `seq` in the client's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepNote {
    pub at: SimTime,
    pub seq: u64,
    pub step: Step,
}

#[derive(Clone, Debug)]
pub struct Coordinator {
    id: NodeId,
    config: QuorumConfig,
    ring: Ring,
    queue: VecDeque<Op>,
    history: Vec<HistoryOp>,
    /// Oldest first.
    steps: Vec<StepNote>,
    pending: Option<Pending>,
    next_op: u64,
    /// The highest version counter this client has seen (a Lamport clock for writes
    /// without write-back).
    seen: u64,
    completed: u64,
    gave_up: u64,
    /// Puts this client chose a value for.
    puts: u64,
}

impl Coordinator {
    fn new(id: NodeId, config: QuorumConfig, ring: Ring) -> Self {
        Coordinator {
            id,
            config,
            ring,
            queue: VecDeque::new(),
            history: Vec::new(),
            steps: Vec::new(),
            pending: None,
            next_op: 1,
            seen: 0,
            completed: 0,
            gave_up: 0,
            puts: 0,
        }
    }

    /// A value no other client writes: client i of c writes i + 1, i + 1 + c, i + 1 + 2c, …
    /// so every read tells which write it saw, and the numbers stay short on the stage.
    fn own_value(&mut self) -> String {
        let clients = u64::from(self.config.clients);
        let index = u64::from(self.id.0 - self.config.nodes);
        self.puts += 1;
        ((self.puts - 1) * clients + index + 1).to_string()
    }

    pub fn history(&self) -> &[HistoryOp] {
        &self.history
    }

    pub fn steps(&self) -> &[StepNote] {
        &self.steps
    }

    fn note(&mut self, index: usize, step: Step, out: &Out<'_, QActor>) {
        self.steps.push(StepNote {
            at: out.now(),
            seq: self.history[index].seq,
            step,
        });
    }

    fn view(&self) -> CoordinatorView {
        CoordinatorView {
            outstanding: self.pending.as_ref().map(|p| self.history[p.index].seq),
            completed: self.completed,
            gave_up: self.gave_up,
        }
    }

    /// The client's own workload: its next operation comes a think time after the last
    /// answer (or give-up), while it has nothing else to do.
    fn schedule_next(&mut self, out: &mut Out<'_, QActor>) {
        if let Some(load) = self.config.load {
            let think = u64::from(load.think_ms) * 1000;
            let pause = out.rng().between(think / 2, think * 3 / 2);
            out.set_timer(QTimer::Think, Duration(pause));
        }
    }

    fn on_think(&mut self, out: &mut Out<'_, QActor>) {
        let Some(load) = self.config.load else {
            return;
        };
        if self.pending.is_some() || !self.queue.is_empty() {
            return; // the answer to the current operation schedules the next
        }
        let keys = u64::from(load.keys.clamp(1, 6));
        let key = ["x", "y", "z", "u", "v", "w"][out.rng().below(keys) as usize].to_string();
        let op = if out.rng().below(100) < u64::from(load.read_pct) {
            Op::Get { key }
        } else {
            let value = self.own_value();
            Op::Put { key, value }
        };
        self.submit(op, out);
    }

    /// Queue an operation; a put with an empty value gets one of the client's own.
    fn submit(&mut self, op: Op, out: &mut Out<'_, QActor>) {
        let op = match op {
            Op::Put { key, value } if value.is_empty() => Op::Put {
                key,
                value: self.own_value(),
            },
            op => {
                // A value given (a scenario's): the client's own numbers go on above it.
                if let Op::Put { value, .. } = &op {
                    let given: u64 = value.parse().unwrap_or(0);
                    let (clients, index) = (
                        u64::from(self.config.clients),
                        u64::from(self.id.0 - self.config.nodes),
                    );
                    while self.puts * clients + index < given {
                        self.puts += 1;
                    }
                }
                op
            }
        };
        if matches!(op, Op::Put { .. } | Op::Get { .. }) && self.queue.len() < 64 {
            self.queue.push_back(op);
        }
        self.start_next(out);
    }

    fn start_next(&mut self, out: &mut Out<'_, QActor>) {
        if self.pending.is_some() {
            return;
        }
        let Some(op) = self.queue.pop_front() else {
            return;
        };
        let key = op.key().to_string();
        self.history.push(HistoryOp {
            client: self.id,
            seq: self.history.len() as u64 + 1,
            op: op.clone(),
            invoked_at: out.now(),
            completed: None,
        });
        match (op, self.config.write_back) {
            (Op::Put { value, .. }, false) => {
                // Last-writer-wins: a version from this client's own counter, at once.
                let version = Version {
                    counter: self.seen + 1,
                    writer: self.id.0,
                };
                self.seen = version.counter;
                self.begin(key, Phase::Store, Some((version, Some(value))), out);
            }
            _ => self.begin(key, Phase::Query, None, out),
        }
    }

    /// Start a phase of the current operation: ask the key's preference list.
    fn begin(
        &mut self,
        key: String,
        phase: Phase,
        storing: Option<(Version, Option<String>)>,
        out: &mut Out<'_, QActor>,
    ) {
        let op = self.next_op;
        self.next_op += 1;
        let first = self.pending.is_none();
        let index = self
            .pending
            .as_ref()
            .map_or(self.history.len() - 1, |p| p.index);
        let result = self.pending.as_ref().and_then(|p| p.result.clone());
        let home: Vec<(NodeId, Option<NodeId>)> = self
            .ring
            .order(&key)
            .into_iter()
            .take(usize::from(self.config.n))
            .map(|n| (n, None))
            .collect();
        let mut p = Pending {
            index,
            op,
            key,
            phase,
            asked: home,
            answers: SortedMap::new(),
            acks: SortedSet::new(),
            storing,
            result,
            round: 1,
        };
        for &(to, hint) in &p.asked {
            out.send(to, Self::request(&p, hint));
        }
        p.round = 1;
        if first {
            let nodes = p.asked.iter().map(|&(n, _)| n).collect();
            self.note(index, Step::Asked { nodes }, out);
        }
        self.pending = Some(p);
        out.set_timer(QTimer::Timeout, self.config.timeout);
    }

    fn request(p: &Pending, hint: Option<NodeId>) -> QMsg {
        match (p.phase, &p.storing) {
            (Phase::Store, Some((version, value))) => QMsg::Write {
                op: p.op,
                key: p.key.clone(),
                version: *version,
                value: value.clone(),
                hint,
            },
            _ => QMsg::Read {
                op: p.op,
                key: p.key.clone(),
            },
        }
    }

    fn on_timeout(&mut self, out: &mut Out<'_, QActor>) {
        let Some(mut p) = self.pending.take() else {
            return;
        };
        if p.round >= self.config.tries {
            // Unavailable: the operation stays unanswered (it may or may not have taken
            // effect) and the client moves on.
            self.gave_up += 1;
            let step = Step::GaveUp {
                rounds: p.round,
                writing: p.phase == Phase::Store,
            };
            self.note(p.index, step, out);
            self.start_next(out);
            if self.pending.is_none() {
                self.schedule_next(out);
            }
            return;
        }
        p.round += 1;
        let silent: Vec<(NodeId, Option<NodeId>)> = p
            .asked
            .iter()
            .copied()
            .filter(|(n, _)| !p.answers.contains_key(n) && !p.acks.contains(n))
            .collect();
        let (mut again, mut stand_ins) = (Vec::new(), Vec::new());
        if self.config.sloppy {
            // Replace each silent node by the next node on the ring not yet asked; it keeps
            // the value for the node it stands in for.
            let mut fresh = self
                .ring
                .order(&p.key)
                .into_iter()
                .filter(|n| !p.asked.iter().any(|(a, _)| a == n))
                .collect::<VecDeque<_>>();
            for (node, hint) in silent {
                let owner = hint.unwrap_or(node);
                match fresh.pop_front() {
                    Some(stand_in) => {
                        p.asked.push((stand_in, Some(owner)));
                        out.send(stand_in, Self::request(&p, Some(owner)));
                        stand_ins.push((stand_in, owner));
                    }
                    None => {
                        out.send(node, Self::request(&p, hint));
                        again.push(node);
                    }
                }
            }
        } else {
            for (node, hint) in silent {
                out.send(node, Self::request(&p, hint));
                again.push(node);
            }
        }
        let step = Step::AskedAgain {
            round: p.round,
            writing: p.phase == Phase::Store,
            again,
            stand_ins,
        };
        self.note(p.index, step, out);
        self.pending = Some(p);
        out.set_timer(QTimer::Timeout, self.config.timeout);
    }

    fn on_message(&mut self, from: NodeId, msg: QMsg, out: &mut Out<'_, QActor>) {
        let Some(p) = self.pending.as_mut() else {
            return;
        };
        match msg {
            QMsg::ReadReply { op, version, value } if op == p.op && p.phase == Phase::Query => {
                self.seen = self.seen.max(version.counter);
                p.answers.insert(from, (version, value));
                if p.answers.len() >= usize::from(self.config.r) {
                    self.queried(out);
                }
            }
            QMsg::WriteAck { op } if op == p.op && p.phase == Phase::Store => {
                p.acks.insert(from);
                if p.acks.len() >= usize::from(self.config.w) {
                    let p = self.pending.take().expect("matched above");
                    let reply = Reply {
                        ok: true,
                        value: p.result.clone().flatten(),
                    };
                    self.complete(p.index, reply, out);
                }
            }
            _ => {}
        }
    }

    /// R answers are in: a read returns the newest (after writing it back, with
    /// write-back); a write with write-back now stores a higher version.
    fn queried(&mut self, out: &mut Out<'_, QActor>) {
        let p = self.pending.take().expect("a query in progress");
        let (newest, value) = p
            .answers
            .values()
            .max_by_key(|(v, _)| *v)
            .cloned()
            .expect("R ≥ 1 answers");
        let op = self.history[p.index].op.clone();
        match op {
            Op::Put { value: new, .. } => {
                let version = Version {
                    counter: newest.counter.max(self.seen) + 1,
                    writer: self.id.0,
                };
                self.seen = version.counter;
                self.pending = Some(p.clone());
                self.begin(p.key, Phase::Store, Some((version, Some(new))), out);
            }
            _ => {
                if self.config.read_repair {
                    let mut repaired = Vec::new();
                    for (node, (v, _)) in &p.answers {
                        if *v < newest {
                            repaired.push(*node);
                            let hint = p
                                .asked
                                .iter()
                                .find(|(n, _)| n == node)
                                .and_then(|(_, h)| *h);
                            out.send(
                                *node,
                                QMsg::Write {
                                    op: 0,
                                    key: p.key.clone(),
                                    version: newest,
                                    value: value.clone(),
                                    hint,
                                },
                            );
                        }
                    }
                    if !repaired.is_empty() {
                        self.note(p.index, Step::Repaired { nodes: repaired }, out);
                    }
                }
                if self.config.write_back {
                    let mut p = p;
                    p.result = Some(value.clone());
                    let key = p.key.clone();
                    self.pending = Some(p);
                    self.begin(key, Phase::Store, Some((newest, value)), out);
                } else {
                    let reply = Reply { ok: true, value };
                    self.complete(p.index, reply, out);
                }
            }
        }
    }

    fn complete(&mut self, index: usize, reply: Reply, out: &mut Out<'_, QActor>) {
        self.history[index].completed = Some((out.now(), reply));
        self.completed += 1;
        self.pending = None;
        out.cancel_timer(QTimer::Timeout);
        self.start_next(out);
        if self.pending.is_none() {
            self.schedule_next(out);
        }
    }
}

// ---- The actors of one simulated network ----

#[derive(Clone, Debug)]
pub enum QActor {
    Replica(Replica),
    Client(Box<Coordinator>),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum QView {
    Replica(ReplicaView),
    Client(CoordinatorView),
}

impl QActor {
    pub fn as_replica(&self) -> Option<&Replica> {
        match self {
            QActor::Replica(r) => Some(r),
            QActor::Client(_) => None,
        }
    }
    pub fn as_client(&self) -> Option<&Coordinator> {
        match self {
            QActor::Client(c) => Some(c),
            QActor::Replica(_) => None,
        }
    }
}

impl Node for QActor {
    type Msg = QMsg;
    type Timer = QTimer;
    type Input = QInput;
    type View = QView;

    fn on_start(&mut self, out: &mut Out<'_, Self>) {
        match self {
            QActor::Replica(r) => r.handoff(out),
            QActor::Client(c) => c.schedule_next(out),
        }
    }
    fn on_message(&mut self, from: NodeId, msg: QMsg, out: &mut Out<'_, Self>) {
        match self {
            QActor::Replica(r) => r.on_message(from, msg, out),
            QActor::Client(c) => c.on_message(from, msg, out),
        }
    }
    fn on_timer(&mut self, timer: QTimer, out: &mut Out<'_, Self>) {
        match (self, timer) {
            (QActor::Replica(r), QTimer::Handoff) => r.handoff(out),
            (QActor::Client(c), QTimer::Timeout) => c.on_timeout(out),
            (QActor::Client(c), QTimer::Think) => c.on_think(out),
            _ => {}
        }
    }
    fn on_input(&mut self, input: QInput, out: &mut Out<'_, Self>) {
        if let (QActor::Client(c), QInput::Submit(op)) = (self, input) {
            c.submit(op, out);
        }
    }
    /// A replica keeps its data and hints (they are on disk); a client abandons what it was
    /// doing, as a Raft client does.
    fn on_crash(&mut self) {
        if let QActor::Client(c) = self {
            c.pending = None;
            c.queue.clear();
        }
    }
    fn view(&self) -> QView {
        match self {
            QActor::Replica(r) => QView::Replica(r.data.clone()),
            QActor::Client(c) => QView::Client(c.view()),
        }
    }
}

/// Every client's history, in client order.
pub fn history(sim: &Sim<QActor>) -> Vec<HistoryOp> {
    sim.nodes()
        .iter()
        .filter_map(QActor::as_client)
        .flat_map(|c| c.history().iter().cloned())
        .collect()
}

/// When the last operation of any client was invoked or answered.
pub fn last_activity(sim: &Sim<QActor>) -> SimTime {
    history(sim)
        .iter()
        .map(|h| h.completed.as_ref().map_or(h.invoked_at, |(t, _)| *t))
        .max()
        .unwrap_or(SimTime::ZERO)
}
