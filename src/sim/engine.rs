//! The event loop: a (time, sequence)-ordered queue of message deliveries and timer expiries,
//! merged with the command log of timed user actions.

use super::hash::StableHasher;
use super::net::{NetConfig, Network};
use super::rng::{Rng, Stream};
use super::time::{Duration, SimTime};
use super::{MsgId, NodeId};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fmt::Debug;
use std::hash::{Hash, Hasher};

/// A sans-IO node. The simulator (or a test, or the UI) drives it through these entry points
/// only; the node answers by writing sends and timer requests into `Out`. It never reads a
/// clock, touches a socket or draws randomness other than `Out::rng`.
pub trait Node: Clone {
    type Msg: Clone + Debug + PartialEq + Hash;
    /// Timer kinds. A node has at most one pending timer of each kind; setting it again
    /// replaces it.
    type Timer: TimerKind;
    /// External inputs from the command log (a client request, "time out now", ...).
    type Input: Clone + Debug + PartialEq + Hash;
    /// What observers (checker, UI, trace) see of the node. Recorded whenever it changes.
    type View: Clone + Debug + PartialEq + Hash;

    fn on_start(&mut self, out: &mut Out<'_, Self>);
    fn on_message(&mut self, from: NodeId, msg: Self::Msg, out: &mut Out<'_, Self>);
    fn on_timer(&mut self, timer: Self::Timer, out: &mut Out<'_, Self>);
    fn on_input(&mut self, input: Self::Input, out: &mut Out<'_, Self>);
    /// The node crashed: forget everything but what it persisted.
    fn on_crash(&mut self);
    /// The node restarts after a crash, from its persistent state.
    fn on_restart(&mut self, out: &mut Out<'_, Self>) {
        self.on_start(out);
    }
    fn view(&self) -> Self::View;
}

/// A node type's timer kinds, numbered, so that the simulator's queue and timer bookkeeping
/// are one piece of code for every node type rather than one copy per type.
pub trait TimerKind: Copy + Debug + Ord + Hash + 'static {
    /// Every kind, in `Ord` order: a kind's number is its position here.
    const ALL: &'static [Self];
    /// The kind's position in `ALL`.
    fn code(self) -> u8;
}

/// What a node asks of the world while handling one input.
pub struct Out<'a, N: Node> {
    now: SimTime,
    me: NodeId,
    rng: &'a mut Rng,
    sends: Vec<(NodeId, N::Msg)>,
    timers: Vec<(N::Timer, Option<Duration>)>,
}

impl<'a, N: Node> Out<'a, N> {
    /// A standalone buffer, for driving a node without a simulator (unit tests).
    pub fn new(now: SimTime, me: NodeId, rng: &'a mut Rng) -> Self {
        Out {
            now,
            me,
            rng,
            sends: Vec::new(),
            timers: Vec::new(),
        }
    }

    /// A buffer over the simulator's own (empty) vectors, so a handler allocates nothing.
    fn with_buffers(
        now: SimTime,
        me: NodeId,
        rng: &'a mut Rng,
        sends: Vec<(NodeId, N::Msg)>,
        timers: Vec<(N::Timer, Option<Duration>)>,
    ) -> Self {
        debug_assert!(sends.is_empty() && timers.is_empty());
        Out {
            now,
            me,
            rng,
            sends,
            timers,
        }
    }
    pub fn now(&self) -> SimTime {
        self.now
    }
    pub fn me(&self) -> NodeId {
        self.me
    }
    /// This node's own random stream (seeded; independent of every other purpose).
    pub fn rng(&mut self) -> &mut Rng {
        self.rng
    }
    pub fn send(&mut self, to: NodeId, msg: N::Msg) {
        self.sends.push((to, msg));
    }
    /// Fire `timer` after `after`, replacing a pending timer of the same kind.
    pub fn set_timer(&mut self, timer: N::Timer, after: Duration) {
        self.timers.push((timer, Some(after)));
    }
    pub fn cancel_timer(&mut self, timer: N::Timer) {
        self.timers.push((timer, None));
    }
    /// Take back the messages asked for since the `from`-th that `hold` selects, in order;
    /// the others stay. A node that must finish something first (a disk write) sends them
    /// itself later.
    pub fn withhold(
        &mut self,
        from: usize,
        hold: impl Fn(&N::Msg) -> bool,
    ) -> Vec<(NodeId, N::Msg)> {
        let tail = self.sends.split_off(from.min(self.sends.len()));
        let (held, kept): (Vec<_>, Vec<_>) = tail.into_iter().partition(|(_, m)| hold(m));
        self.sends.extend(kept);
        held
    }
    /// The messages asked for so far, in order (for tests of a single node).
    pub fn sends(&self) -> &[(NodeId, N::Msg)] {
        &self.sends
    }
    /// The timer requests so far: `Some(delay)` sets, `None` cancels.
    pub fn timers(&self) -> &[(N::Timer, Option<Duration>)] {
        &self.timers
    }
}

/// A user action, applied at its virtual instant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Action<I> {
    Crash(NodeId),
    Restart(NodeId),
    /// Cut the directed link `from → to` (one way).
    Cut {
        from: NodeId,
        to: NodeId,
    },
    Heal {
        from: NodeId,
        to: NodeId,
    },
    /// Cut every link between different groups.
    Partition(Vec<Vec<NodeId>>),
    HealAll,
    SetLoss {
        ppm: u32,
    },
    SetDuplication {
        ppm: u32,
    },
    SetLatency {
        min: Duration,
        max: Duration,
    },
    /// Per-link overrides; `None` returns the link to the global setting.
    SetLinkLoss {
        from: NodeId,
        to: NodeId,
        ppm: Option<u32>,
    },
    SetLinkLatency {
        from: NodeId,
        to: NodeId,
        range: Option<(Duration, Duration)>,
    },
    /// An input for one node (ignored while the node is down or paused).
    Input(NodeId, I),
    /// Freeze a node, like a process stopped by the operating system or a long GC pause: its
    /// handlers stop running but it keeps all its state, and what falls due for it (arriving
    /// messages, timers) waits. No effect on a down or already paused node.
    Pause(NodeId),
    /// Unfreeze a paused node: what waited runs at once, in the order it fell due.
    Resume(NodeId),
}

impl<I> Action<I> {
    /// The same action with its input (if it has one) turned into another node type's.
    pub fn map_input<J>(self, f: impl FnOnce(I) -> J) -> Action<J> {
        match self.split_input() {
            Ok(action) => action,
            Err((n, input)) => Action::Input(n, f(input)),
        }
    }

    /// Like `map_input`, for an input that may have no counterpart (`None`).
    pub fn try_map_input<J>(self, f: impl FnOnce(I) -> Option<J>) -> Option<Action<J>> {
        match self.split_input() {
            Ok(action) => Some(action),
            Err((n, input)) => f(input).map(|j| Action::Input(n, j)),
        }
    }

    /// The action, if it carries no input (then it is one of any node type); else the node
    /// and the input.
    fn split_input<J>(self) -> Result<Action<J>, (NodeId, I)> {
        Ok(match self {
            Action::Crash(n) => Action::Crash(n),
            Action::Restart(n) => Action::Restart(n),
            Action::Cut { from, to } => Action::Cut { from, to },
            Action::Heal { from, to } => Action::Heal { from, to },
            Action::Partition(groups) => Action::Partition(groups),
            Action::HealAll => Action::HealAll,
            Action::SetLoss { ppm } => Action::SetLoss { ppm },
            Action::SetDuplication { ppm } => Action::SetDuplication { ppm },
            Action::SetLatency { min, max } => Action::SetLatency { min, max },
            Action::SetLinkLoss { from, to, ppm } => Action::SetLinkLoss { from, to, ppm },
            Action::SetLinkLatency { from, to, range } => {
                Action::SetLinkLatency { from, to, range }
            }
            Action::Pause(n) => Action::Pause(n),
            Action::Resume(n) => Action::Resume(n),
            Action::Input(n, input) => return Err((n, input)),
        })
    }
}

/// An action and the instant it takes effect.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Command<I> {
    pub at: SimTime,
    pub action: Action<I>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum DropReason {
    /// Lost at random (the loss setting).
    Loss,
    /// The link was cut when the message was sent or when it would have arrived.
    LinkCut,
    /// The receiver was down when the message arrived.
    NodeDown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Fate {
    InFlight,
    Delivered,
    Dropped(DropReason),
}

/// A message on its way. `arrives_at` is when it is delivered or, for a message the network
/// loses, when it dies (halfway, so the animation shows it vanish on the way).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Envelope<M> {
    pub id: MsgId,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: SimTime,
    pub arrives_at: SimTime,
    pub msg: M,
    /// Decided at send: the network will lose it.
    pub lost: bool,
    /// Set when the network duplicated another message.
    pub duplicate_of: Option<MsgId>,
    /// `Dropped` at once when sent on a cut link; otherwise `InFlight`.
    pub fate_at_send: Fate,
}

/// Why an event happened.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Cause<T, I> {
    Start(NodeId),
    Deliver {
        msg: MsgId,
        from: NodeId,
        to: NodeId,
    },
    Drop {
        msg: MsgId,
        from: NodeId,
        to: NodeId,
        reason: DropReason,
    },
    Timer {
        node: NodeId,
        timer: T,
    },
    Command(Action<I>),
}

/// One processed event: when, why, which node it touched, what it sent and, if the node's
/// view changed, the new view. Enough for the UI to animate, narrate and step backward.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TraceEvent<M, T, I, V> {
    pub index: u64,
    pub time: SimTime,
    pub cause: Cause<T, I>,
    /// The node whose handler ran (none for network-only commands and drops).
    pub node: Option<NodeId>,
    pub sent: Vec<Envelope<M>>,
    pub changed: Option<V>,
}

pub type Trace<N> =
    TraceEvent<<N as Node>::Msg, <N as Node>::Timer, <N as Node>::Input, <N as Node>::View>;

#[derive(Clone, PartialEq, Eq)]
pub enum SimError {
    /// The event queue holds more than `limit` events: a node is flooding the network.
    QueueFull {
        limit: usize,
    },
    /// A command for an instant the simulation has already passed.
    CommandInPast {
        at: SimTime,
        earliest: SimTime,
    },
    NoSuchNode(NodeId),
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::QueueFull { limit } => write!(
                f,
                "the event queue is full ({limit} events): too many messages in flight"
            ),
            SimError::CommandInPast { at, earliest } => {
                write!(f, "an action at {at} is in the past (earliest {earliest})")
            }
            SimError::NoSuchNode(n) => write!(f, "there is no node {n}"),
        }
    }
}

/// The same words as `Display` (what an `unwrap` would print): a derived `Debug` costs the
/// page's bundle its struct-printing code.
impl std::fmt::Debug for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for SimError {}

/// Bounds on the simulator's queues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_queue: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_queue: 200_000 }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Stats {
    pub events: u64,
    pub sent: u64,
    pub delivered: u64,
    pub lost: u64,
    pub cut: u64,
    pub to_down_node: u64,
    pub duplicated: u64,
}

/// A message on its way, as the queue knows it: its slot in `in_flight` and what decides its
/// fate on arrival, without its payload (whose type is the node type's).
#[derive(Clone, Copy, Debug)]
struct Delivery {
    slot: u32,
    from: NodeId,
    to: NodeId,
    lost: bool,
}

#[derive(Clone, Copy, Debug)]
enum Event {
    Start(NodeId),
    /// A message on its way.
    Deliver(Delivery),
    /// A message that reached a paused node before its link was cut and waited there: it is
    /// delivered on resume whatever the link does in between (it is already on the machine).
    Arrived(Delivery),
    /// A node's timer, by its kind's code (`TimerKind::code`).
    Timer(NodeId, u8),
}

/// An entry of the event queue, ordered by (time, sequence number): the earliest first.
#[derive(Clone, Debug)]
struct Queued {
    at: SimTime,
    seq: u64,
    ev: Event,
}

impl Queued {
    fn key(&self) -> (SimTime, u64) {
        (self.at, self.seq)
    }
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest entry.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key().cmp(&self.key())
    }
}

/// A pending timer of a node: its kind's code and the queue key of its expiry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PendingTimer {
    code: u8,
    at: SimTime,
    seq: u64,
}

/// The envelopes of the messages in flight, in reusable slots (a message is looked up on
/// every delivery, so this is a slab rather than a map).
#[derive(Clone, Debug)]
struct Slots<M> {
    slots: Vec<Option<Envelope<M>>>,
    free: Vec<u32>,
    len: usize,
}

impl<M> Slots<M> {
    fn new() -> Self {
        Slots {
            slots: Vec::new(),
            free: Vec::new(),
            len: 0,
        }
    }
    fn insert(&mut self, env: Envelope<M>) -> u32 {
        self.len += 1;
        match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(env);
                i
            }
            None => {
                self.slots.push(Some(env));
                u32::try_from(self.slots.len() - 1).expect("fewer than 2^32 messages in flight")
            }
        }
    }
    fn remove(&mut self, slot: u32) -> Envelope<M> {
        let env = self.slots[slot as usize]
            .take()
            .expect("a queued delivery is always in flight");
        self.free.push(slot);
        self.len -= 1;
        env
    }
    fn iter(&self) -> impl Iterator<Item = &Envelope<M>> {
        self.slots.iter().flatten()
    }
}

/// What the lean path reports of an event: when, why, and which node's handler ran. The
/// messages sent and the views are not recorded (read the state from the simulation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step<T, I> {
    pub index: u64,
    pub time: SimTime,
    pub cause: Cause<T, I>,
    pub node: Option<NodeId>,
}

pub type LeanStep<N> = Step<<N as Node>::Timer, <N as Node>::Input>;

/// What runs next.
enum Next {
    /// The next command of the log.
    Command,
    /// This event, taken off the queue (the clock is at its time).
    Event(Event),
}

/// What the network does with a message sent now.
struct Route {
    id: MsgId,
    arrives_at: SimTime,
    lost: bool,
    fate_at_send: Fate,
    /// The network also delivers a copy.
    duplicate: bool,
}

/// The part of a simulation that does not depend on its node type: the clock, the event
/// queue, the pending timers, which nodes are up or paused, the network and its random draws,
/// the counters and the rolling hash. `Sim<N>` adds the nodes, their messages and the command
/// log. Kept apart so that it is compiled once, not once per node type (the page runs two).
#[derive(Clone)]
struct Core {
    seed: u64,
    now: SimTime,
    last_event_time: Option<SimTime>,
    seq: u64,
    /// Deliveries and timer expiries, earliest first. A cancelled timer stays in the heap
    /// until it surfaces and is skipped (its key no longer matches `timers`); `stale` counts
    /// those, so `queue.len() - stale` is the number of live events. The head is always live
    /// between calls.
    queue: BinaryHeap<Queued>,
    stale: usize,
    alive: Vec<bool>,
    /// Whether the node's start handler (or a restart) has run. A node crashed before its
    /// start event never starts: a down node never acts.
    started: Vec<bool>,
    paused: Vec<bool>,
    /// Per paused node: the events that fell due while it was paused, in order.
    held: Vec<Vec<Event>>,
    /// Each node's pending timers and their queue keys, sorted by kind.
    timers: Vec<Vec<PendingTimer>>,
    timer_rngs: Vec<Rng>,
    net_rng: Rng,
    net: Network,
    next_msg: u64,
    /// Whether the event being processed is recorded (its messages go to the outbox).
    recording: bool,
    limits: Limits,
    stats: Stats,
    hasher: StableHasher,
    /// Events processed by the lean path without hashing: while non-zero, `trace_hash` does
    /// not cover the whole run.
    unhashed: u64,
    /// Whether the recorded views may be stale (the lean path does not keep them).
    views_stale: bool,
    failed: Option<SimError>,
}

impl Core {
    fn new(seed: u64, n: u8, net: NetConfig) -> Self {
        let count = usize::from(n);
        let mut core = Core {
            seed,
            now: SimTime::ZERO,
            last_event_time: None,
            seq: 0,
            queue: BinaryHeap::new(),
            stale: 0,
            alive: vec![true; count],
            started: vec![false; count],
            paused: vec![false; count],
            held: vec![Vec::new(); count],
            timers: vec![Vec::new(); count],
            timer_rngs: (0..n)
                .map(|i| Rng::new(seed, Stream::NodeTimers(i)))
                .collect(),
            net_rng: Rng::new(seed, Stream::Network),
            net: Network::new(n, net),
            next_msg: 0,
            recording: true,
            limits: Limits::default(),
            stats: Stats::default(),
            hasher: StableHasher::new(),
            unhashed: 0,
            views_stale: false,
            failed: None,
        };
        for i in 0..n {
            core.push(SimTime::ZERO, Event::Start(NodeId(i)));
        }
        core
    }

    fn node_count(&self) -> u8 {
        self.alive.len() as u8
    }

    fn earliest_command_time(&self) -> SimTime {
        match self.last_event_time {
            Some(t) if t >= self.now => SimTime(t.0 + 1),
            _ => self.now,
        }
    }

    /// When the next event or command (due at `next_command`) happens, if any.
    fn next_time(&self, next_command: Option<SimTime>) -> Option<SimTime> {
        // Events that will wait for a paused node do not happen at their time.
        let ev = if self.paused.iter().any(|&p| p) {
            self.queue
                .iter()
                .filter(|q| self.is_live(q) && self.waits_for_paused(&q.ev).is_none())
                .map(Queued::key)
                .min()
                .map(|k| k.0)
        } else {
            debug_assert!(self.queue.peek().is_none_or(|q| self.is_live(q)));
            self.queue.peek().map(|q| q.at)
        };
        match (ev, next_command) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn push(&mut self, at: SimTime, ev: Event) -> (SimTime, u64) {
        let seq = self.seq;
        self.seq += 1;
        self.queue.push(Queued { at, seq, ev });
        (at, seq)
    }

    /// Whether a queue entry is still due: every entry is, except a timer that was cancelled
    /// or set again since.
    fn is_live(&self, q: &Queued) -> bool {
        match q.ev {
            Event::Timer(id, code) => self.timers[usize::from(id.0)]
                .iter()
                .any(|p| p.code == code && p.at == q.at && p.seq == q.seq),
            _ => true,
        }
    }

    /// Drop cancelled timers from the head of the queue, so the head is a live event.
    fn drop_stale_head(&mut self) {
        while let Some(q) = self.queue.peek() {
            if self.is_live(q) {
                return;
            }
            self.queue.pop();
            self.stale -= 1;
        }
    }

    /// Carry out a handler's timer request: cancel the node's pending timer of this kind and,
    /// for `Some(after)`, set it to fire after that long.
    fn set_timer(&mut self, id: NodeId, code: u8, after: Option<Duration>) {
        let i = usize::from(id.0);
        if let Some(pos) = self.timers[i].iter().position(|p| p.code == code) {
            // Its queue entry turns stale.
            self.timers[i].remove(pos);
            self.stale += 1;
        }
        if let Some(after) = after {
            let (at, seq) = self.push(self.now + after, Event::Timer(id, code));
            let list = &mut self.timers[i];
            let pos = list.partition_point(|p| p.code < code);
            list.insert(pos, PendingTimer { code, at, seq });
        }
    }

    fn check_queue(&mut self) -> Result<(), SimError> {
        if self.queue.len() - self.stale > self.limits.max_queue {
            let e = SimError::QueueFull {
                limit: self.limits.max_queue,
            };
            self.failed = Some(e.clone());
            return Err(e);
        }
        Ok(())
    }

    /// Choose what runs next: the command due at `next_command` or the earliest event.
    fn next(&mut self, next_command: Option<SimTime>) -> Result<Option<Next>, SimError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        self.hold_events_of_paused_nodes();
        let next_ev = self.queue.peek().map(Queued::key);
        let take_command = match (next_ev, next_command) {
            (None, None) => return Ok(None),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            // Commands go first among equals: a user acting "now" acts before what is due.
            (Some((te, _)), Some(tc)) => tc <= te,
        };
        if take_command {
            return Ok(Some(Next::Command));
        }
        let q = self.queue.pop().expect("peeked above");
        self.now = q.at;
        Ok(Some(Next::Event(q.ev)))
    }

    /// Close the event that happened at `time`; returns its index.
    fn finish(&mut self, time: SimTime) -> u64 {
        self.drop_stale_head();
        self.last_event_time = Some(time);
        let index = self.stats.events;
        self.stats.events += 1;
        index
    }

    /// The paused node an event would wait for, if any. A message lost on the way or dropped
    /// by a cut link is not waiting for the node: it dies at its time as usual.
    fn waits_for_paused(&self, ev: &Event) -> Option<NodeId> {
        let id = match *ev {
            Event::Start(id) | Event::Timer(id, _) => id,
            Event::Arrived(d) => d.to,
            Event::Deliver(d) => {
                if d.lost || (d.from != d.to && !self.net.is_up(d.from, d.to)) {
                    return None;
                }
                d.to
            }
        };
        self.paused[usize::from(id.0)].then_some(id)
    }

    /// Move the events at the head of the queue that fall due for a paused node aside, until
    /// the head is an event that can run.
    fn hold_events_of_paused_nodes(&mut self) {
        if !self.paused.iter().any(|&p| p) {
            return;
        }
        while let Some(q) = self.queue.peek() {
            let Some(id) = self.waits_for_paused(&q.ev) else {
                return;
            };
            let ev = match self.queue.pop().expect("peeked above").ev {
                Event::Deliver(d) => Event::Arrived(d),
                other => other,
            };
            self.held[usize::from(id.0)].push(ev);
            self.drop_stale_head();
        }
    }

    /// Put a node's waiting events back in the queue at the current instant, in the order they
    /// fell due (on resume, or on a crash that ends the pause).
    fn release_held(&mut self, id: NodeId) {
        let i = usize::from(id.0);
        for ev in std::mem::take(&mut self.held[i]) {
            let (at, seq) = self.push(self.now, ev);
            if let Event::Timer(_, code) = ev {
                // The held expiry's old key is replaced: it is no longer in the queue.
                let p = self.timers[i]
                    .iter_mut()
                    .find(|p| p.code == code)
                    .expect("a held timer is still registered");
                p.at = at;
                p.seq = seq;
            }
        }
    }

    /// A node's start event: whether its start handler runs. A node crashed before its start
    /// (a crash at the very first instant, which as a command runs before the events of that
    /// instant) stays down and silent, and one restarted before it has already started.
    fn start(&mut self, id: NodeId) -> bool {
        let i = usize::from(id.0);
        if !self.alive[i] || self.started[i] {
            return false;
        }
        self.started[i] = true;
        true
    }

    /// A timer fires: it is no longer pending.
    fn fire_timer(&mut self, id: NodeId, code: u8) {
        let list = &mut self.timers[usize::from(id.0)];
        let pos = list.iter().position(|p| p.code == code);
        debug_assert!(pos.is_some(), "a queued timer is always registered");
        if let Some(pos) = pos {
            list.remove(pos);
        }
    }

    /// A message reaches the end of its way (`arrived`: it waited at a paused node): why it
    /// is dropped, or `None` if it is delivered.
    fn fate_on_arrival(&mut self, d: Delivery, arrived: bool) -> Option<DropReason> {
        let reason = if d.lost {
            Some(DropReason::Loss)
        } else if !arrived && d.from != d.to && !self.net.is_up(d.from, d.to) {
            Some(DropReason::LinkCut)
        } else if !self.alive[usize::from(d.to.0)] {
            Some(DropReason::NodeDown)
        } else {
            None
        };
        let counter = match reason {
            Some(DropReason::Loss) => &mut self.stats.lost,
            Some(DropReason::LinkCut) => &mut self.stats.cut,
            Some(DropReason::NodeDown) => &mut self.stats.to_down_node,
            None => &mut self.stats.delivered,
        };
        *counter += 1;
        reason
    }

    /// A node crashes; returns whether it was up (then its handler `on_crash` runs).
    fn crash(&mut self, id: NodeId) -> bool {
        let i = usize::from(id.0);
        if !self.alive[i] {
            return false;
        }
        self.alive[i] = false;
        // Pending expiries turn stale, except those already held for a pause (they are not in
        // the queue, and are dropped below).
        for p in std::mem::take(&mut self.timers[i]) {
            let held = self.held[i]
                .iter()
                .any(|ev| matches!(ev, Event::Timer(_, c) if *c == p.code));
            if !held {
                self.stale += 1;
            }
        }
        if self.paused[i] {
            // A crash ends the pause: what waited dies with the process (messages are dropped
            // on arrival at a down node; timers are gone).
            self.paused[i] = false;
            self.held[i].retain(|ev| !matches!(ev, Event::Timer(..)));
            self.release_held(id);
        }
        true
    }

    /// A node restarts; returns whether it was down (then its handler `on_restart` runs).
    fn restart(&mut self, id: NodeId) -> bool {
        let i = usize::from(id.0);
        if self.alive[i] {
            return false;
        }
        self.alive[i] = true;
        self.started[i] = true;
        true
    }

    fn pause(&mut self, id: NodeId) {
        let i = usize::from(id.0);
        if self.alive[i] {
            self.paused[i] = true;
        }
    }

    fn resume(&mut self, id: NodeId) {
        let i = usize::from(id.0);
        if self.paused[i] {
            self.paused[i] = false;
            self.release_held(id);
        }
    }

    /// Whether a node is up and not paused (an input reaches it).
    fn is_running(&self, id: NodeId) -> bool {
        let i = usize::from(id.0);
        self.alive[i] && !self.paused[i]
    }

    /// Send a message now: its id, and what the network does with it. `original` is false
    /// for the network's own copy of a message (a copy is not copied again).
    fn route(&mut self, from: NodeId, to: NodeId, original: bool) -> Route {
        assert!(
            to.0 < self.node_count(),
            "{from} sent a message to {to}, which does not exist"
        );
        let id = MsgId(self.next_msg);
        self.next_msg += 1;
        self.stats.sent += 1;
        let now = self.now;
        let mut route = Route {
            id,
            arrives_at: now,
            lost: false,
            fate_at_send: Fate::InFlight,
            duplicate: false,
        };
        if from != to {
            if !self.net.is_up(from, to) {
                self.stats.cut += 1;
                route.fate_at_send = Fate::Dropped(DropReason::LinkCut);
                return route;
            }
            // Always the same draws in the same order, so the network stream stays aligned.
            let (lo, hi) = self.net.latency_range(from, to);
            let latency = Duration(self.net_rng.between(lo.0, hi.0));
            route.lost = self.net_rng.chance_ppm(self.net.loss_ppm(from, to));
            // A lost message dies halfway; a delivered one arrives after its latency.
            route.arrives_at = if route.lost {
                now + Duration(latency.0 / 2)
            } else {
                now + latency
            };
        }
        route.duplicate = original
            && !route.lost
            && from != to
            && self.net_rng.chance_ppm(self.net.config.duplicate_ppm);
        if route.duplicate {
            self.stats.duplicated += 1;
        }
        route
    }
}

/// The simulation state. Cheap enough to clone, which is how the timeline keeps snapshots.
#[derive(Clone)]
pub struct Sim<N: Node> {
    core: Core,
    /// Commands sorted by (time, position in the log); `next_command` have been applied.
    commands: Vec<Command<N::Input>>,
    next_command: usize,
    nodes: Vec<N>,
    views: Vec<N::View>,
    in_flight: Slots<N::Msg>,
    /// Messages sent by the event being processed (empty between events); only filled when
    /// the event is recorded.
    outbox: Vec<Envelope<N::Msg>>,
    /// Buffers lent to each handler's `Out`, kept so a handler allocates nothing.
    spare_sends: Vec<(NodeId, N::Msg)>,
    spare_timers: Vec<(N::Timer, Option<Duration>)>,
}

impl<N: Node> Sim<N> {
    /// A run of `nodes` (node i gets `NodeId(i)`); every node starts at time zero.
    pub fn new(seed: u64, nodes: Vec<N>, net: NetConfig) -> Self {
        assert!(
            !nodes.is_empty() && nodes.len() <= usize::from(u8::MAX),
            "a simulation has 1 to 255 nodes"
        );
        Sim {
            core: Core::new(seed, nodes.len() as u8, net),
            commands: Vec::new(),
            next_command: 0,
            views: nodes.iter().map(Node::view).collect(),
            nodes,
            in_flight: Slots::new(),
            outbox: Vec::new(),
            spare_sends: Vec::new(),
            spare_timers: Vec::new(),
        }
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.core.limits = limits;
        self
    }

    pub fn seed(&self) -> u64 {
        self.core.seed
    }
    pub fn now(&self) -> SimTime {
        self.core.now
    }
    pub fn events(&self) -> u64 {
        self.core.stats.events
    }
    pub fn stats(&self) -> Stats {
        self.core.stats
    }
    pub fn nodes(&self) -> &[N] {
        &self.nodes
    }
    pub fn node(&self, id: NodeId) -> &N {
        &self.nodes[usize::from(id.0)]
    }
    /// Every node's view as of the last recorded event (after lean steps, call
    /// `refresh_views` first).
    pub fn views(&self) -> &[N::View] {
        &self.views
    }
    pub fn is_alive(&self, id: NodeId) -> bool {
        self.core.alive[usize::from(id.0)]
    }
    /// Paused nodes are alive but frozen (see `Action::Pause`).
    pub fn is_paused(&self, id: NodeId) -> bool {
        self.core.paused[usize::from(id.0)]
    }
    pub fn network(&self) -> &Network {
        &self.core.net
    }
    pub fn node_count(&self) -> u8 {
        self.core.node_count()
    }
    pub fn error(&self) -> Option<&SimError> {
        self.core.failed.as_ref()
    }
    /// The rolling hash of every event processed so far (see `hash_covers_the_run`).
    pub fn trace_hash(&self) -> u64 {
        self.core.hasher.finish()
    }
    /// Whether `trace_hash` covers every event: false once `step_lean` has run an event.
    pub fn hash_covers_the_run(&self) -> bool {
        self.core.unhashed == 0
    }
    /// The messages in flight, in the order they were sent.
    pub fn in_flight(&self) -> impl Iterator<Item = &Envelope<N::Msg>> {
        let mut all: Vec<&Envelope<N::Msg>> = self.in_flight.iter().collect();
        super::sort::sort_by(&mut all, |a, b| a.id.cmp(&b.id));
        all.into_iter()
    }
    /// How many messages are in flight.
    pub fn in_flight_count(&self) -> usize {
        self.in_flight.len
    }
    /// A node's pending timers and when they fire.
    pub fn timers_of(&self, id: NodeId) -> impl Iterator<Item = (N::Timer, SimTime)> + '_ {
        self.core.timers[usize::from(id.0)]
            .iter()
            .map(|p| (timer_kind::<N::Timer>(p.code), p.at))
    }
    pub fn commands(&self) -> &[Command<N::Input>] {
        &self.commands
    }
    /// How many commands of the log have taken effect.
    pub fn applied_commands(&self) -> usize {
        self.next_command
    }

    /// The earliest instant a new command can be scheduled for without rewriting history.
    pub fn earliest_command_time(&self) -> SimTime {
        self.core.earliest_command_time()
    }

    /// Append a command to the log. Commands take effect before events of the same instant,
    /// and only from now on: the past is changed by forking (see `Timeline`).
    pub fn schedule(&mut self, cmd: Command<N::Input>) -> Result<(), SimError> {
        let earliest = self.earliest_command_time();
        if cmd.at < earliest {
            return Err(SimError::CommandInPast {
                at: cmd.at,
                earliest,
            });
        }
        self.check_nodes(&cmd.action)?;
        // Keep the log sorted by time; among equal times, by order of scheduling.
        let pos = self.commands.partition_point(|c| c.at <= cmd.at);
        debug_assert!(pos >= self.next_command);
        self.commands.insert(pos, cmd);
        Ok(())
    }

    fn check_nodes(&self, action: &Action<N::Input>) -> Result<(), SimError> {
        let n = self.node_count();
        let bad = |id: &NodeId| id.0 >= n;
        let offender = match action {
            Action::Crash(a)
            | Action::Restart(a)
            | Action::Input(a, _)
            | Action::Pause(a)
            | Action::Resume(a) => bad(a).then_some(*a),
            Action::Cut { from, to }
            | Action::Heal { from, to }
            | Action::SetLinkLoss { from, to, .. }
            | Action::SetLinkLatency { from, to, .. } => {
                [*from, *to].into_iter().find(|id| bad(id))
            }
            Action::Partition(groups) => groups.iter().flatten().copied().find(|id| bad(id)),
            Action::HealAll
            | Action::SetLoss { .. }
            | Action::SetDuplication { .. }
            | Action::SetLatency { .. } => None,
        };
        offender.map_or(Ok(()), |id| Err(SimError::NoSuchNode(id)))
    }

    /// Replace the not-yet-applied part of the command log (used when restoring a snapshot
    /// taken before later commands were added, and when forking).
    pub(super) fn set_pending_commands(&mut self, pending: &[Command<N::Input>]) {
        self.commands.truncate(self.next_command);
        self.commands.extend_from_slice(pending);
    }

    /// When the next command of the log is due, if any.
    fn next_command_time(&self) -> Option<SimTime> {
        self.commands.get(self.next_command).map(|c| c.at)
    }

    /// When the next event or command happens, if any.
    pub fn next_time(&self) -> Option<SimTime> {
        self.core.next_time(self.next_command_time())
    }

    /// Process every event up to and including `t`, then set the clock to `t`.
    pub fn run_until(&mut self, t: SimTime) -> Result<(), SimError> {
        while self.next_time().is_some_and(|next| next <= t) {
            self.step()?;
        }
        self.core.now = self.core.now.max(t);
        Ok(())
    }

    /// `run_until` on the lean path (no records, no hash): the same outcome, faster.
    pub fn run_until_lean(&mut self, t: SimTime) -> Result<(), SimError> {
        while self.next_time().is_some_and(|next| next <= t) {
            self.step_lean()?;
        }
        self.core.now = self.core.now.max(t);
        Ok(())
    }

    /// Set the clock forward to `t` without processing anything (nothing may be due before).
    pub(super) fn advance_clock(&mut self, t: SimTime) {
        debug_assert!(self.next_time().is_none_or(|next| next > t));
        self.core.now = self.core.now.max(t);
    }

    /// Process the next event or command, recording it in full: the trace event (what was
    /// sent, the node's new view) and the rolling hash. `Ok(None)` when nothing is left.
    pub fn step(&mut self) -> Result<Option<Trace<N>>, SimError> {
        if self.core.views_stale {
            self.refresh_views();
        }
        self.core.recording = true;
        let Some((index, time, cause, node)) = self.advance()? else {
            return Ok(None);
        };
        let sent = std::mem::take(&mut self.outbox);
        let changed = node.and_then(|id| self.view_change(id));
        let ev = TraceEvent {
            index,
            time,
            cause,
            node,
            sent,
            changed,
        };
        ev.hash(&mut self.core.hasher);
        self.core.check_queue()?;
        Ok(Some(ev))
    }

    /// Process the next event or command on the lean path for batch runs: no trace record,
    /// no view comparison, no hash. The run is the same as with `step` (the same events in
    /// the same order, the same states), only less of it is written down; afterwards
    /// `trace_hash` no longer covers the run (see `step_hashed`).
    pub fn step_lean(&mut self) -> Result<Option<LeanStep<N>>, SimError> {
        self.core.recording = false;
        let Some((index, time, cause, node)) = self.advance()? else {
            return Ok(None);
        };
        self.core.unhashed += 1;
        self.core.views_stale = true;
        self.core.check_queue()?;
        Ok(Some(Step {
            index,
            time,
            cause,
            node,
        }))
    }

    /// Like `step_lean`, but keeping the rolling hash: `trace_hash` ends up the same as with
    /// `step`, without building the records.
    pub fn step_hashed(&mut self) -> Result<Option<LeanStep<N>>, SimError> {
        if self.core.views_stale {
            self.refresh_views();
        }
        self.core.recording = true;
        let Some((index, time, cause, node)) = self.advance()? else {
            return Ok(None);
        };
        let changed = node.and_then(|id| self.view_change(id));
        // The bytes `TraceEvent::hash` would write, field by field (a derived `Hash` writes
        // the fields in declaration order; a `Vec` writes its length, then its elements).
        let h = &mut self.core.hasher;
        index.hash(h);
        time.hash(h);
        cause.hash(h);
        node.hash(h);
        self.outbox.hash(h);
        changed.hash(h);
        self.outbox.clear();
        self.core.check_queue()?;
        Ok(Some(Step {
            index,
            time,
            cause,
            node,
        }))
    }

    /// Bring every node's recorded view up to date (after lean steps).
    pub fn refresh_views(&mut self) {
        for (v, n) in self.views.iter_mut().zip(&self.nodes) {
            *v = n.view();
        }
        self.core.views_stale = false;
    }

    /// The node's new view, if its handler changed it.
    fn view_change(&mut self, id: NodeId) -> Option<N::View> {
        let i = usize::from(id.0);
        let v = self.nodes[i].view();
        (v != self.views[i]).then(|| {
            self.views[i] = v.clone();
            v
        })
    }

    /// Take the next command or event and run it: (index, time, cause, node whose handler ran).
    #[allow(clippy::type_complexity)]
    fn advance(
        &mut self,
    ) -> Result<Option<(u64, SimTime, Cause<N::Timer, N::Input>, Option<NodeId>)>, SimError> {
        let Some(next) = self.core.next(self.next_command_time())? else {
            return Ok(None);
        };
        let (time, cause, node) = match next {
            Next::Command => {
                let cmd = self.commands[self.next_command].clone();
                self.next_command += 1;
                self.core.now = self.core.now.max(cmd.at);
                let node = self.apply_action(&cmd.action);
                (cmd.at, Cause::Command(cmd.action), node)
            }
            Next::Event(ev) => self.process(ev),
        };
        let index = self.core.finish(time);
        Ok(Some((index, time, cause, node)))
    }

    /// Run one event; returns (time, cause, node whose handler ran).
    fn process(&mut self, ev: Event) -> (SimTime, Cause<N::Timer, N::Input>, Option<NodeId>) {
        let now = self.core.now;
        match ev {
            Event::Start(id) => {
                if !self.core.start(id) {
                    return (now, Cause::Start(id), None);
                }
                self.run_handler(id, |node, out| node.on_start(out));
                (now, Cause::Start(id), Some(id))
            }
            Event::Timer(id, code) => {
                self.core.fire_timer(id, code);
                let timer = timer_kind::<N::Timer>(code);
                self.run_handler(id, |node, out| node.on_timer(timer, out));
                (now, Cause::Timer { node: id, timer }, Some(id))
            }
            Event::Deliver(d) | Event::Arrived(d) => {
                let arrived = matches!(ev, Event::Arrived(_));
                let env = self.in_flight.remove(d.slot);
                let (msg, from, to) = (env.id, d.from, d.to);
                if let Some(reason) = self.core.fate_on_arrival(d, arrived) {
                    let cause = Cause::Drop {
                        msg,
                        from,
                        to,
                        reason,
                    };
                    return (now, cause, None);
                }
                self.run_handler(to, |node, out| node.on_message(from, env.msg, out));
                (now, Cause::Deliver { msg, from, to }, Some(to))
            }
        }
    }

    /// Apply a user action; returns the node whose handler ran, if any.
    fn apply_action(&mut self, action: &Action<N::Input>) -> Option<NodeId> {
        let net = &mut self.core.net;
        match action {
            Action::Crash(id) => {
                if self.core.crash(*id) {
                    self.nodes[usize::from(id.0)].on_crash();
                }
                return Some(*id);
            }
            Action::Restart(id) => {
                if self.core.restart(*id) {
                    self.run_handler(*id, |node, out| node.on_restart(out));
                }
                return Some(*id);
            }
            Action::Input(id, input) => {
                if self.core.is_running(*id) {
                    let input = input.clone();
                    self.run_handler(*id, |node, out| node.on_input(input, out));
                }
                return Some(*id);
            }
            Action::Pause(id) => self.core.pause(*id),
            Action::Resume(id) => self.core.resume(*id),
            Action::Cut { from, to } => net.link_mut(*from, *to).cut = true,
            Action::Heal { from, to } => net.link_mut(*from, *to).cut = false,
            Action::Partition(groups) => net.partition(groups),
            Action::HealAll => net.heal_all(),
            Action::SetLoss { ppm } => net.config.loss_ppm = (*ppm).min(super::net::PPM),
            Action::SetDuplication { ppm } => {
                net.config.duplicate_ppm = (*ppm).min(super::net::PPM)
            }
            Action::SetLatency { min, max } => {
                net.config.latency_min = *min.min(max);
                net.config.latency_max = *min.max(max);
            }
            Action::SetLinkLoss { from, to, ppm } => {
                net.link_mut(*from, *to).loss_ppm = ppm.map(|p| p.min(super::net::PPM))
            }
            Action::SetLinkLatency { from, to, range } => {
                net.link_mut(*from, *to).latency = range.map(|(a, b)| (a.min(b), a.max(b)))
            }
        }
        None
    }

    /// Call one handler of node `id` and carry out what it asked for.
    fn run_handler(&mut self, id: NodeId, f: impl FnOnce(&mut N, &mut Out<'_, N>)) {
        let i = usize::from(id.0);
        let sends = std::mem::take(&mut self.spare_sends);
        let timers = std::mem::take(&mut self.spare_timers);
        let core = &mut self.core;
        let mut out = Out::with_buffers(core.now, id, &mut core.timer_rngs[i], sends, timers);
        f(&mut self.nodes[i], &mut out);
        let Out {
            mut sends,
            mut timers,
            ..
        } = out;
        for (timer, after) in timers.drain(..) {
            debug_assert_eq!(
                N::Timer::ALL.get(usize::from(timer.code())),
                Some(&timer),
                "TimerKind::ALL lists every kind at its code"
            );
            self.core.set_timer(id, timer.code(), after);
        }
        for (to, msg) in sends.drain(..) {
            self.send(id, to, msg, None);
        }
        self.spare_sends = sends;
        self.spare_timers = timers;
    }

    fn send(&mut self, from: NodeId, to: NodeId, msg: N::Msg, duplicate_of: Option<MsgId>) {
        let route = self.core.route(from, to, duplicate_of.is_none());
        let env = Envelope {
            id: route.id,
            from,
            to,
            sent_at: self.core.now,
            arrives_at: route.arrives_at,
            msg,
            lost: route.lost,
            duplicate_of,
            fate_at_send: route.fate_at_send,
        };
        if route.fate_at_send != Fate::InFlight {
            if self.core.recording {
                self.outbox.push(env);
            }
            return;
        }
        let copy = route.duplicate.then(|| env.msg.clone());
        if self.core.recording {
            self.outbox.push(env.clone());
        }
        let slot = self.in_flight.insert(env);
        let delivery = Delivery {
            slot,
            from,
            to,
            lost: route.lost,
        };
        self.core.push(route.arrives_at, Event::Deliver(delivery));
        if let Some(msg) = copy {
            self.send(from, to, msg, Some(route.id));
        }
    }
}

/// The timer kind numbered `code`.
fn timer_kind<T: TimerKind>(code: u8) -> T {
    T::ALL[usize::from(code)]
}
