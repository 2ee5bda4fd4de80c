//! A Raft cluster as a simulation: servers `0..servers`, then clients, all actors of one
//! simulated network.

use super::client::{Client, ClientView, Workload};
use super::kv::Op;
use super::server::{Server, ServerView};
use super::{Msg, RaftConfig};
use crate::sim::{Duration, NetConfig, Node, NodeId, Out, Sim, SimTime};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timer {
    Election,
    Heartbeat,
    ClientRetry,
    ClientNext,
    /// A server's disk write completes: the replies that waited for it leave.
    Disk,
}

/// Inputs from the command log.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Input {
    /// A server's election timer fires now.
    Timeout,
    /// The leader hands leadership to the given server.
    Transfer(NodeId),
    /// A client sends this operation.
    Submit(Op),
    /// A client sends this operation to this server first (a follower redirects it).
    SubmitTo(NodeId, Op),
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
            Actor::Server(s) if timer == Timer::Disk => s.disk_written(out),
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
        }
    }
}

impl ClusterConfig {
    pub fn build(&self, seed: u64) -> RaftSim {
        let servers = (0..self.servers)
            .map(|i| Actor::Server(Box::new(Server::new(NodeId(i), self.servers, self.raft))));
        let clients = (0..self.clients).map(|i| {
            Actor::Client(Client::new(
                NodeId(self.servers + i),
                self.servers,
                self.client_retry,
                self.workload,
            ))
        });
        Sim::new(seed, servers.chain(clients).collect(), self.net.clone())
    }

    pub fn server_ids(&self) -> impl Iterator<Item = NodeId> {
        (0..self.servers).map(NodeId)
    }

    pub fn client_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.clients).map(move |i| NodeId(self.servers + i))
    }
}

/// A workload of small random operations on `keys` keys until `until`.
pub fn busy_clients(keys: u8, until: SimTime) -> Workload {
    Workload {
        keys,
        think_min: Duration::from_millis(20),
        think_max: Duration::from_millis(120),
        until,
    }
}
