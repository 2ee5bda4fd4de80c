//! The deterministic discrete-event simulator every view runs on.
//!
//! A run is a pure function of (seed, node configuration, network configuration, command log):
//! time is virtual (integer microseconds), events are processed in (time, sequence) order,
//! randomness comes from seeded per-purpose streams, and nodes are sans-IO state machines that
//! return their sends and timer requests as data. Every processed event is recorded in a trace
//! whose rolling hash proves two runs identical, natively and in the browser.

mod engine;
pub mod hash;
pub mod map;
pub mod net;
pub mod ping;
pub mod rng;
pub mod sort;
pub mod time;
mod timeline;

pub use engine::{
    Action, Cause, Command, DropReason, Envelope, Fate, LeanStep, Limits, Node, Out, Sim, SimError,
    Stats, Step, TimerKind, Trace, TraceEvent,
};
pub use net::{Link, NetConfig, Network};
pub use rng::{Rng, Stream};
pub use time::{Duration, SimTime};
pub use timeline::{MessageRecord, Timeline, TimelineError, SNAPSHOT_EVERY};

use serde::Serialize;
use std::fmt;

/// A node of the simulated network (a Raft server, a client, a ring member...). Nodes are
/// numbered from 0; the UI shows them numbered from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct NodeId(pub u8);

impl fmt::Display for NodeId {
    /// People count from one: node 0 is shown as "N1".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "N{}", u16::from(self.0) + 1)
    }
}

/// Every message sent in a run gets the next id, so ids also order messages by send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct MsgId(pub u64);
