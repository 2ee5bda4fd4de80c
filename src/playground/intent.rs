//! Everything a user can do to a playground, as data. The page turns clicks and keys into
//! intents; tests build them directly.

use crate::raft::{Break, Load, ReadPath};
use crate::ring::lab::KeySet;
use crate::ring::{Algorithm, MemberId};
use crate::scenario::Scenario;
use crate::sim::{NodeId, SimTime};

use super::page::Speed;

#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    Node(NodeId, NodeCmd),
    Link(NodeId, NodeId, LinkCmd),
    /// The partition tool: heal every link, then cut `group` off from the other servers.
    Partition(Vec<NodeId>),
    HealAll,
    /// Message loss on every link, in percent.
    SetLoss(u32),
    /// The latency range of every link, in milliseconds.
    SetLatency(u32, u32),
    /// The page's client writes through whichever server it thinks leads.
    ClientWrite,
    /// A setting that defines the cluster: the run starts again from time zero.
    Configure(Setting),
    Ring(RingIntent),
    Play(bool),
    TogglePlay,
    SetSpeed(Speed),
    StepForward,
    StepBack,
    /// Put the cursor at this virtual time (at most the head of the run).
    Seek(SimTime),
    /// Put the cursor just after this event (from the feed or a safety violation).
    SeekEvent(u64),
    /// A new run from time zero with this seed (the ring's keys are drawn from it too).
    NewSeed(u64),
    OpenScenario(Box<Scenario>),
    LeaveScenario,
    NextCue,
    PreviousCue,
}

impl Intent {
    /// Whether it changes what happens in the run (a server, a link, the network, a client,
    /// the cluster's settings or seed): a scenario's captions stop describing a run a viewer
    /// changed.
    pub fn changes_the_run(&self) -> bool {
        matches!(
            self,
            Intent::Node(..)
                | Intent::Link(..)
                | Intent::Partition(_)
                | Intent::HealAll
                | Intent::SetLoss(_)
                | Intent::SetLatency(..)
                | Intent::ClientWrite
                | Intent::Configure(_)
                | Intent::NewSeed(_)
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeCmd {
    Crash,
    Restart,
    Timeout,
    /// The page's client writes through this server (a follower redirects it).
    Write,
    Read,
    /// Cut every link to and from the node.
    Isolate,
    /// Heal every link to and from the node.
    Reconnect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkCmd {
    Cut {
        from: NodeId,
        to: NodeId,
    },
    CutBoth,
    Heal,
    /// Message loss on this link in percent, or the global setting.
    Loss(Option<u32>),
    /// Latency of this link in milliseconds, or the global setting.
    Latency(Option<(u32, u32)>),
    /// Back to the global loss and latency.
    UseGlobal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    Servers(u8),
    /// Election timeouts and heartbeat, in milliseconds.
    ElectionMin(u32),
    ElectionMax(u32),
    Heartbeat(u32),
    /// How long each server's disk write takes, in milliseconds.
    DiskWrite(u32),
    PreVote(bool),
    CheckQuorum(bool),
    Break(Break, bool),
    /// How many clients (1 to 5); the page's keys drive the first.
    Clients(u8),
    /// How client `i` (0-based) reads.
    ClientRead(u8, ReadPath),
    /// Client `i`'s own workload, or none.
    ClientLoad(u8, Option<Load>),
    /// How fast server `i`'s clock runs, in percent of real time.
    Clock(u8, u16),
    /// The clock drift leases allow for, in percent.
    DriftBound(u8),
}

/// The kinds of key set the ring lab offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Uniform,
    /// Zipf-distributed requests over a few hundred distinct keys.
    Hot,
    /// Keys the user typed.
    Named,
}

impl KeyKind {
    pub const ALL: [KeyKind; 3] = [KeyKind::Uniform, KeyKind::Hot, KeyKind::Named];

    pub fn of(set: &KeySet) -> KeyKind {
        match set {
            KeySet::Uniform { .. } => KeyKind::Uniform,
            KeySet::Hot { .. } => KeyKind::Hot,
            KeySet::Named(_) => KeyKind::Named,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            KeyKind::Uniform => "uniform",
            KeyKind::Hot => "hot",
            KeyKind::Named => "named",
        }
    }

    pub fn parse(s: &str) -> Option<KeyKind> {
        KeyKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum RingIntent {
    Algorithm(Algorithm),
    Compare(Option<Algorithm>),
    Vnodes(u32),
    Replicas(u32),
    KeyKind(KeyKind),
    KeyCount(u64),
    /// One key per line.
    NamedKeys(String),
    /// Add a node with this name (the next free name if empty).
    Add(String),
    Remove(MemberId),
    /// Mark a node down, or up again; a node that is a Raft server crashes or restarts.
    ToggleUp(MemberId),
    Weight(MemberId, u32),
    /// Replace the nodes with a libketama server list (`host:port weight` lines).
    Ketama(String),
}
