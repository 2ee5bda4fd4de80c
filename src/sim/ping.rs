//! The simplest useful node: every period it pings every other node, and answers pings with
//! pongs. It proves the engine (timers, sends, loss, cuts, crashes) before Raft arrives, and
//! it is what `ringleader run` simulates.

use super::engine::{Node, Out, TimerKind};
use super::time::Duration;
use super::NodeId;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PingMsg {
    Ping { round: u32 },
    Pong { round: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PingTimer {
    Tick,
}

impl TimerKind for PingTimer {
    const ALL: &'static [Self] = &[PingTimer::Tick];
    fn code(self) -> u8 {
        self as u8
    }
}

#[derive(Clone, Debug)]
pub struct PingNode {
    peers: u8,
    period: Duration,
    /// Survives crashes, like a counter written to disk.
    boots: u32,
    round: u32,
    pongs: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PingView {
    pub boots: u32,
    pub round: u32,
    pub pongs: u32,
}

impl PingNode {
    /// A node of a network of `peers` nodes (itself included).
    pub fn new(peers: u8, period: Duration) -> Self {
        PingNode {
            peers,
            period,
            boots: 0,
            round: 0,
            pongs: 0,
        }
    }

    /// A jittered period, so nodes drift apart like real ones (drawn from the node's stream).
    fn next_tick(&self, out: &mut Out<'_, Self>) -> Duration {
        let p = self.period.as_micros();
        Duration(out.rng().between(p - p / 10, p + p / 10))
    }
}

impl Node for PingNode {
    type Msg = PingMsg;
    type Timer = PingTimer;
    type Input = ();
    type View = PingView;

    fn on_start(&mut self, out: &mut Out<'_, Self>) {
        self.boots += 1;
        let after = self.next_tick(out);
        out.set_timer(PingTimer::Tick, after);
    }

    fn on_message(&mut self, from: NodeId, msg: PingMsg, out: &mut Out<'_, Self>) {
        match msg {
            PingMsg::Ping { round } => out.send(from, PingMsg::Pong { round }),
            PingMsg::Pong { .. } => self.pongs += 1,
        }
    }

    fn on_timer(&mut self, PingTimer::Tick: PingTimer, out: &mut Out<'_, Self>) {
        self.round += 1;
        let me = out.me();
        for peer in (0..self.peers).map(NodeId).filter(|&p| p != me) {
            out.send(peer, PingMsg::Ping { round: self.round });
        }
        let after = self.next_tick(out);
        out.set_timer(PingTimer::Tick, after);
    }

    /// A poke from the command log pings everyone at once.
    fn on_input(&mut self, (): (), out: &mut Out<'_, Self>) {
        self.on_timer(PingTimer::Tick, out);
    }

    fn on_crash(&mut self) {
        self.round = 0;
        self.pongs = 0;
    }

    fn view(&self) -> PingView {
        PingView {
            boots: self.boots,
            round: self.round,
            pongs: self.pongs,
        }
    }
}

/// A ping network of `n` nodes pinging every 100 ms over the default network.
pub fn ping_sim(seed: u64, n: u8) -> super::Sim<PingNode> {
    let nodes = (0..n)
        .map(|_| PingNode::new(n, Duration::from_millis(100)))
        .collect();
    super::Sim::new(seed, nodes, super::NetConfig::default())
}
