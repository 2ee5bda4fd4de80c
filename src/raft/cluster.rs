//! A Raft cluster as a simulation: servers `0..servers`, then clients, all actors of one
//! simulated network.

use super::client::{Client, ClientSetup, ClientView, Workload};
use super::kv::Op;
use super::server::{Server, ServerView};
use super::{Msg, RaftConfig, ReadPath};
use crate::sim::{Duration, NetConfig, Node, NodeId, Out, Sim, SimTime, TimerKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timer {
    Election,
    Heartbeat,
    ClientRetry,
    ClientNext,
    /// A server's disk write completes: the replies that waited for it leave.
    Disk,
}

impl TimerKind for Timer {
    const ALL: &'static [Self] = &[
        Timer::Election,
        Timer::Heartbeat,
        Timer::ClientRetry,
        Timer::ClientNext,
        Timer::Disk,
    ];
    fn code(self) -> u8 {
        self as u8
    }
}

/// Inputs from the command log.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Input {
    /// A server's election timer fires now.
    Timeout,
    /// The leader hands leadership to the given server.
    Transfer(NodeId),
    /// A client sends this operation.
    Submit(Op),
    /// A client sends this operation to this server first (a follower redirects it).
    SubmitTo(NodeId, Op),
    /// A server's clock runs at this percentage of real time from now on.
    SetClock(u16),
}

#[derive(Clone, Debug)]
pub enum Actor {
    Server(Box<Server>),
    Client(Client),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ActorView {
    Server(ServerView),
    Client(ClientView),
}

pub type RaftSim = Sim<Actor>;

impl Actor {
    pub fn as_server(&self) -> Option<&Server> {
        match self {
            Actor::Server(s) => Some(s),
            Actor::Client(_) => None,
        }
    }
    pub fn as_client(&self) -> Option<&Client> {
        match self {
            Actor::Client(c) => Some(c),
            Actor::Server(_) => None,
        }
    }
}

impl Node for Actor {
    type Msg = Msg;
    type Timer = Timer;
    type Input = Input;
    type View = ActorView;

    fn on_start(&mut self, out: &mut Out<'_, Self>) {
        match self {
            Actor::Server(s) => s.on_start(out),
            Actor::Client(c) => c.on_start(out),
        }
    }
    fn on_message(&mut self, from: NodeId, msg: Msg, out: &mut Out<'_, Self>) {
        match self {
            Actor::Server(s) => s.with_disk(out, |s, out| s.on_message(from, msg, out)),
            Actor::Client(c) => c.on_message(from, msg, out),
        }
    }
    fn on_timer(&mut self, timer: Timer, out: &mut Out<'_, Self>) {
        match self {
            Actor::Server(s) if timer == Timer::Disk => {
                s.disk_written(out);
                s.with_disk(out, |s, out| s.on_written(out));
            }
            Actor::Server(s) => s.with_disk(out, |s, out| s.on_timer(timer, out)),
            Actor::Client(c) => c.on_timer(timer, out),
        }
    }
    fn on_input(&mut self, input: Input, out: &mut Out<'_, Self>) {
        match (self, input) {
            (Actor::Server(s), Input::Timeout) => s.with_disk(out, |s, out| s.force_timeout(out)),
            (Actor::Server(s), Input::Transfer(to)) => {
                s.with_disk(out, |s, out| s.transfer_leadership(to, out))
            }
            (Actor::Server(s), Input::SetClock(pct)) => s.set_clock(pct, out.now()),
            (Actor::Client(c), Input::Submit(op)) => c.submit(op, out),
            (Actor::Client(c), Input::SubmitTo(server, op)) => c.submit_to(server, op, out),
            _ => {}
        }
    }
    fn on_crash(&mut self) {
        match self {
            Actor::Server(s) => s.on_crash(),
            Actor::Client(c) => c.on_crash(),
        }
    }
    fn view(&self) -> ActorView {
        match self {
            Actor::Server(s) => ActorView::Server(s.view()),
            Actor::Client(c) => ActorView::Client(c.view()),
        }
    }
}

/// Everything that defines a cluster run besides the seed and the command log.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClusterConfig {
    pub servers: u8,
    pub clients: u8,
    pub raft: RaftConfig,
    pub net: NetConfig,
    pub client_retry: Duration,
    /// When set, every client generates operations by itself.
    pub workload: Option<Workload>,
    /// Per client, in order: its read path and its own workload (which replaces `workload`).
    /// Missing entries are the default: reads through the log, no workload of its own.
    pub setups: Vec<ClientSetup>,
    /// Per server, in order: how fast its clock runs, in percent of real time. Missing
    /// entries keep perfect time.
    pub clock_pct: Vec<u16>,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            servers: 5,
            clients: 1,
            raft: RaftConfig::default(),
            net: NetConfig::default(),
            client_retry: Duration::from_millis(400),
            workload: None,
            setups: Vec::new(),
            clock_pct: Vec::new(),
        }
    }
}

impl ClusterConfig {
    pub fn build(&self, seed: u64) -> RaftSim {
        let mut raft = self.raft;
        // Lease reads are safe only if servers honour the leases they grant.
        raft.leases |= self
            .client_ids()
            .any(|c| self.setup(c).read == ReadPath::Lease);
        let servers = (0..self.servers).map(|i| {
            let server =
                Server::new(NodeId(i), self.servers, raft).with_clock(self.clock(NodeId(i)));
            Actor::Server(Box::new(server))
        });
        let clients = self.client_ids().map(|id| {
            let setup = self.setup(id);
            Actor::Client(
                Client::new(
                    id,
                    self.servers,
                    self.client_retry,
                    setup.load.map(|l| l.workload()).or(self.workload),
                )
                .reading_by(setup.read),
            )
        });
        Sim::new(seed, servers.chain(clients).collect(), self.net.clone())
    }

    pub fn server_ids(&self) -> impl Iterator<Item = NodeId> {
        (0..self.servers).map(NodeId)
    }

    pub fn client_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.clients).map(move |i| NodeId(self.servers + i))
    }

    /// What was set for the client `id` (an actor id, after the servers).
    pub fn setup(&self, id: NodeId) -> ClientSetup {
        let i = usize::from(id.0.saturating_sub(self.servers));
        self.setups.get(i).copied().unwrap_or_default()
    }

    /// How fast the clock of server `id` runs, in percent of real time.
    pub fn clock(&self, id: NodeId) -> u16 {
        self.clock_pct
            .get(usize::from(id.0))
            .copied()
            .unwrap_or(100)
    }
}

/// A workload of small random operations on `keys` keys until `until`.
pub fn busy_clients(keys: u8, until: SimTime) -> Workload {
    Workload {
        keys,
        think_min: Duration::from_millis(20),
        think_max: Duration::from_millis(120),
        until,
        read_share: None,
    }
}
