//! Liveness, claimed only where Raft promises it: while a majority of servers is up, fully
//! connected by fast loss-free links and left alone by everyone else for long enough, that
//! majority has one leader, keeps it, and the clients on its side get answers, even while
//! other servers stay crashed, paused, cut off or deaf (persistent minority faults).
//!
//! The monitor reads only the simulation's state after each event (which nodes are up, which
//! links are cut, slow or lossy), never the fault plan, so a replay of the same commands
//! makes the same claims. Every command other than a client's request can change that state,
//! so each one starts a new window.

use crate::raft::{quorum, Actor, Input, RaftConfig, RaftSim, Role, Term};
use crate::sim::{Action, Cause, Duration, NodeId, SimTime, Trace};

/// A liveness claim that failed: what, when, after which event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stall {
    pub what: String,
    pub time: SimTime,
    pub event: u64,
}

/// How long the claims wait, in (maximum) election timeouts.
pub const ELECT_WITHIN: u64 = 10;

/// A stretch of time during which the network and the nodes do not change.
#[derive(Clone, Debug)]
struct Window {
    /// The stable majority, and the clients that can reach it and no one else.
    majority: Vec<NodeId>,
    clients: Vec<NodeId>,
    /// Claims start once every message sent before the window has arrived.
    from: SimTime,
    /// No one outside the majority can start an election that reaches it (they are down,
    /// paused or cut off from it, or Pre-Vote stops them). CheckQuorum's lease alone does
    /// not protect an election: it holds only while there is a leader.
    undisturbed_elections: bool,
    established: Option<(NodeId, Term, SimTime)>,
    /// Per majority-side client: since when it has been waiting without an answer.
    waiting_since: Vec<(NodeId, Option<SimTime>, u64)>,
}

#[derive(Clone, Debug)]
pub struct LivenessMonitor {
    raft: RaftConfig,
    client_retry: Duration,
    servers: u8,
    clients: u8,
    window: Option<Window>,
    /// A leadership transfer asked of a stable majority's leader, to one of its members: it
    /// must complete (thesis §3.10), unless something else changes first.
    transfer: Option<Transfer>,
    stall: Option<Stall>,
    claims: Claims,
}

/// How many claims a run made and saw kept: how much of it the liveness checks covered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Claims {
    /// Stable majorities that had a leader in time.
    pub leaders: u64,
    /// Transfers that completed as promised.
    pub transfers: u64,
    /// Answers to clients on a stable majority's side.
    pub answers: u64,
}

#[derive(Clone, Debug)]
struct Transfer {
    from: NodeId,
    to: NodeId,
    term: Term,
    majority: Vec<NodeId>,
    by: SimTime,
}

impl LivenessMonitor {
    pub fn new(raft: RaftConfig, servers: u8, clients: u8, client_retry: Duration) -> Self {
        LivenessMonitor {
            raft,
            client_retry,
            servers,
            clients,
            window: None,
            transfer: None,
            stall: None,
            claims: Claims::default(),
        }
    }

    pub fn claims(&self) -> Claims {
        self.claims
    }

    /// The first claim that failed, if any.
    pub fn stall(&self) -> Option<&Stall> {
        self.stall.as_ref()
    }

    /// How long a stable majority may take to settle on a leader.
    fn elect_within(&self) -> Duration {
        Duration(self.raft.election_timeout_max.as_micros() * ELECT_WITHIN)
    }

    /// How long a client on the majority's side may wait for an answer once the majority has a
    /// leader: a retry for each server it cannot reach, a redirect, and an election timeout
    /// for good measure.
    fn answer_within(&self, majority: usize) -> Duration {
        let hops = u64::from(self.servers) - majority as u64 + 2;
        Duration(
            hops * self.client_retry.as_micros() + 2 * self.raft.election_timeout_max.as_micros(),
        )
    }

    pub fn observe(&mut self, sim: &RaftSim, ev: &Trace<Actor>) {
        if self.stall.is_some() {
            return;
        }
        let changes_the_world = ev.index == 0
            || match &ev.cause {
                Cause::Command(Action::Input(id, _)) => id.0 < self.servers,
                Cause::Command(_) => true,
                _ => false,
            };
        let settle = Duration(2 * self.raft.election_timeout_max.as_micros());
        if changes_the_world {
            self.transfer = self.transfer_claim(ev, settle);
            // The claims start once the past has played out: forced timeouts and transfers
            // change the leader on purpose (a transfer lasts an election timeout at most), a
            // resumed node runs at once what waited, and CheckQuorum judges a leader on a
            // whole round that may predate the change.
            self.window = self.stable_majority(sim, ev.time + settle);
            return;
        }
        if let Some(t) = &self.transfer {
            let server = |id: NodeId| sim.node(id).as_server().expect("a server");
            let target = server(t.to);
            let done = target.role() == Role::Leader
                && target.term() == t.term
                && t.majority.iter().all(|&m| {
                    let s = server(m);
                    s.term() == t.term && (m == t.to || s.leader() == Some(t.to))
                });
            if done {
                self.transfer = None;
                self.claims.transfers += 1;
            } else if ev.time > t.by {
                self.stall = Some(Stall {
                    what: format!(
                        "the transfer of leadership from {} to {} in a stable majority did not \
                         make {} leader of term {} within {settle}",
                        t.from, t.to, t.to, t.term
                    ),
                    time: ev.time,
                    event: ev.index,
                });
                return;
            }
        }
        let now = ev.time;
        let elect_within = self.elect_within();
        let answer_within = self
            .window
            .as_ref()
            .map(|w| self.answer_within(w.majority.len()));
        let Some(w) = self.window.as_mut() else {
            return;
        };
        if now < w.from {
            return;
        }
        let fail = |what: String| Stall {
            what,
            time: now,
            event: ev.index,
        };
        let server = |id: NodeId| sim.node(id).as_server().expect("a server");
        match w.established {
            None => {
                if let Some(leader) = w
                    .majority
                    .iter()
                    .map(|&id| server(id))
                    .find(|s| s.role() == Role::Leader)
                {
                    let (l, term) = (leader.id(), leader.term());
                    let all_follow = w.majority.iter().all(|&id| {
                        let s = server(id);
                        s.term() == term && (id == l || s.leader() == Some(l))
                    });
                    if all_follow {
                        w.established = Some((l, term, now));
                        self.claims.leaders += 1;
                        for c in &mut w.waiting_since {
                            c.1 = None;
                        }
                    }
                }
                if w.established.is_none() && now - w.from > elect_within {
                    let names: Vec<String> = w.majority.iter().map(ToString::to_string).collect();
                    self.stall = Some(fail(format!(
                        "no leader followed by the stable majority [{}] within {} of it \
                         forming",
                        names.join(", "),
                        elect_within
                    )));
                }
            }
            Some((l, term, _)) => {
                if let Some(s) = w
                    .majority
                    .iter()
                    .map(|&id| server(id))
                    .find(|s| s.term() != term || (s.id() == l && s.role() != Role::Leader))
                {
                    self.stall = Some(fail(format!(
                        "leader {l} of term {term} lost its place ({} is {} of term {}) while \
                         the majority around it was stable",
                        s.id(),
                        s.role().name(),
                        s.term()
                    )));
                    return;
                }
                let within = answer_within.expect("a window");
                for (c, since, completed) in &mut w.waiting_since {
                    let client = sim.node(*c).as_client().expect("a client");
                    let done = client.view().completed;
                    if client.is_idle() || done != *completed {
                        if done != *completed {
                            self.claims.answers += 1;
                        }
                        *since = None;
                        *completed = done;
                        continue;
                    }
                    let since = *since.get_or_insert(now);
                    if now - since > within {
                        self.stall = Some(fail(format!(
                            "client {c} on the majority's side waited more than {within} for \
                             an answer while leader {l} of term {term} was stable"
                        )));
                        return;
                    }
                }
            }
        }
    }

    /// A transfer asked of the established leader of a stable majority, to another member,
    /// promises that member's leadership in the next term: the leader takes no new entries
    /// while it brings the target up to date, so the target's vote request wins every member
    /// (it skips their leases). Any other change before it completes voids the promise.
    fn transfer_claim(&self, ev: &Trace<Actor>, within: Duration) -> Option<Transfer> {
        let Cause::Command(Action::Input(from, Input::Transfer(to))) = &ev.cause else {
            return None;
        };
        let w = self.window.as_ref()?;
        let (leader, term, _) = w.established?;
        (leader == *from
            && *to != leader
            && w.majority.contains(to)
            && w.undisturbed_elections
            && ev.time >= w.from)
            .then(|| Transfer {
                from: leader,
                to: *to,
                term: Term(term.0 + 1),
                majority: w.majority.clone(),
                by: ev.time + within,
            })
    }

    /// The largest set of servers, a majority, that are up, unpaused and linked pairwise by
    /// fast loss-free links both ways, while every other server is harmless to it; `None` if
    /// there is none (then nothing is claimed until the next change).
    fn stable_majority(&self, sim: &RaftSim, from: SimTime) -> Option<Window> {
        let n = self.servers;
        let net = sim.network();
        let up = |id: NodeId| sim.is_alive(id) && !sim.is_paused(id);
        // Fast enough that heartbeats keep every lease: between two answers to the leader's
        // heartbeats pass at most a heartbeat interval and a round trip (with a disk write
        // before the answer), which must stay under the minimum election timeout (no link is
        // fast enough if heartbeats are slower).
        // Both measured on the servers' own clocks: the slowest clock stretches the
        // heartbeat interval in real time, the fastest shortens the timeout.
        let rates = || {
            (0..n)
                .filter_map(|i| sim.node(NodeId(i)).as_server())
                .map(|s| u64::from(s.clock_pct().max(1)))
        };
        let (slowest, fastest) = (rates().min().unwrap_or(100), rates().max().unwrap_or(100));
        let fast = Duration(
            (self.raft.election_timeout_min.as_micros() * 100 / fastest)
                .saturating_sub(self.raft.heartbeat_interval.as_micros() * 100 / slowest)
                .saturating_sub(self.raft.disk_write.as_micros())
                / 2,
        );
        let good = |a: NodeId, b: NodeId| {
            net.is_up(a, b) && net.loss_ppm(a, b) == 0 && net.latency_range(a, b).1 < fast
        };
        let reaches = |a: NodeId, b: NodeId| net.is_up(a, b) && net.loss_ppm(a, b) < 1_000_000;
        let need = quorum(n);
        let mut best: Option<(Vec<NodeId>, bool)> = None;
        for mask in 1u32..(1 << n) {
            if mask.count_ones() < need
                || best
                    .as_ref()
                    .is_some_and(|b| b.0.len() as u32 >= mask.count_ones())
            {
                continue;
            }
            let members: Vec<NodeId> = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(NodeId)
                .collect();
            let clique = members.iter().all(|&a| up(a))
                && members
                    .iter()
                    .all(|&a| members.iter().all(|&b| a == b || good(a, b)));
            if !clique {
                continue;
            }
            // Everyone else must be unable to disturb it: down, paused, unable to send to it,
            // or (with Pre-Vote or CheckQuorum, whose leases ignore it) unable to hear it.
            let shielded = self.raft.pre_vote || self.raft.check_quorum;
            let outsiders = || (0..n).map(NodeId).filter(|x| mask & (1 << x.0) == 0);
            let silent = |x: NodeId| !up(x) || members.iter().all(|&m| !reaches(x, m));
            let deaf = |x: NodeId| members.iter().all(|&m| !reaches(m, x));
            // A deaf leader's heartbeats still reach the members and keep them following
            // it; only CheckQuorum makes it step down.
            let leads = |x: NodeId| {
                sim.node(x)
                    .as_server()
                    .is_some_and(|s| s.role() == Role::Leader)
            };
            let harmless = outsiders().all(|x| {
                silent(x) || (shielded && deaf(x) && (self.raft.check_quorum || !leads(x)))
            });
            if harmless {
                let undisturbed = outsiders().all(|x| silent(x) || (self.raft.pre_vote && deaf(x)));
                best = Some((members, undisturbed));
            }
        }
        let (majority, undisturbed_elections) = best?;
        // Clients on the majority's side: up, linked like a member to all of it, and unable
        // to talk with anyone outside it (who could keep it waiting with stale answers).
        let clients: Vec<NodeId> = (n..n + self.clients)
            .map(NodeId)
            .filter(|&c| {
                up(c)
                    && majority.iter().all(|&m| good(c, m) && good(m, c))
                    && (0..n)
                        .map(NodeId)
                        .filter(|x| !majority.contains(x))
                        .all(|x| !up(x) || !reaches(c, x) || !reaches(x, c))
            })
            .collect();
        let drained = sim.in_flight().map(|e| e.arrives_at).max().unwrap_or(from);
        Some(Window {
            majority,
            waiting_since: clients.iter().map(|&c| (c, None, 0)).collect(),
            clients,
            from: from.max(drained),
            undisturbed_elections,
            established: None,
        })
    }

    /// Whether the cluster is at rest: every server up, one leader followed by all in its term,
    /// every log equal to the leader's and committed and applied to its end, and every client
    /// idle.
    pub fn converged(sim: &RaftSim) -> bool {
        let servers: Vec<_> = sim.nodes().iter().filter_map(Actor::as_server).collect();
        let Some(leader) = servers.iter().find(|s| s.role() == Role::Leader) else {
            return false;
        };
        let last = leader.log().last_index();
        let top = leader.log().prefix_hash(last);
        servers.iter().all(|s| {
            sim.is_alive(s.id())
                && !sim.is_paused(s.id())
                && s.term() == leader.term()
                && (s.id() == leader.id() || s.leader() == Some(leader.id()))
                && s.log().last_index() == last
                && s.log().prefix_hash(last) == top
                && s.commit_index() == last
                && s.last_applied() == last
        }) && sim
            .nodes()
            .iter()
            .filter_map(Actor::as_client)
            .all(|c| c.is_idle())
    }

    /// Why the cluster is not at rest, for the report of a run that never converged.
    pub fn unrest(sim: &RaftSim) -> String {
        let servers: Vec<_> = sim.nodes().iter().filter_map(Actor::as_server).collect();
        let leaders: Vec<String> = servers
            .iter()
            .filter(|s| s.role() == Role::Leader)
            .map(|s| format!("{} (term {})", s.id(), s.term()))
            .collect();
        let logs: Vec<String> = servers
            .iter()
            .map(|s| {
                format!(
                    "{} {} t{} log {} commit {}",
                    s.id(),
                    s.role().name(),
                    s.term(),
                    s.log().last_index(),
                    s.commit_index()
                )
            })
            .collect();
        let waiting = sim
            .nodes()
            .iter()
            .filter_map(Actor::as_client)
            .filter(|c| !c.is_idle())
            .count();
        format!(
            "leaders [{}]; {}; {waiting} client(s) waiting",
            leaders.join(", "),
            logs.join("; ")
        )
    }

    /// The stable majority of the current window, if any (for tests and reports).
    pub fn majority(&self) -> Option<&[NodeId]> {
        self.window.as_ref().map(|w| w.majority.as_slice())
    }

    /// The clients on the current majority's side.
    pub fn majority_clients(&self) -> Option<&[NodeId]> {
        self.window.as_ref().map(|w| w.clients.as_slice())
    }
}
