//! The campaign's adversary, in the spirit of Jepsen's nemeses and TigerBeetle's VOPR: per
//! seed it switches whole families of faults on or off (swarm testing: a run without loss
//! or crashes reaches interleavings that noise would hide), draws a cluster and a client
//! workload, and during the run injects episodes of faults, each undone after a while.
//!
//! Episodes are resolved when they fall due, against the run's state ("crash the leader",
//! "transfer leadership to a lagging follower"), and some faults react to events ("crash the
//! leader right after it appended an entry"). Whatever the nemesis decides becomes plain
//! commands in the run's command log, so the log alone replays the run, and shrinks.

use crate::raft::{
    busy_clients, Actor, Breaks, ClusterConfig, Input, Msg, Op, RaftSim, ReadPath, Role, Term,
};
use crate::sim::sort;
use crate::sim::{Action, Cause, Command, Duration, NodeId, Rng, SimTime, Stream, Trace};
use std::fmt;

/// The fault families a seed turns on (swarm testing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Features {
    pub loss: bool,
    pub duplication: bool,
    /// Global latency changes.
    pub latency: bool,
    /// Per-link latency of up to a few election timeouts: messages arriving after term changes,
    /// reordering, late duplicates.
    pub long_delays: bool,
    pub link_loss: bool,
    pub crashes: bool,
    /// A node freezes with its state intact and resumes later (the classic stale leader).
    pub pauses: bool,
    /// Two sides, with or without clients.
    pub partitions: bool,
    /// A node that sees both sides; a ring where each node sees only its neighbours.
    pub bridges_and_rings: bool,
    /// Deaf and mute nodes, single one-way cuts.
    pub one_way: bool,
    pub forced_timeouts: bool,
    pub transfers: bool,
    /// Crash the leader right after it appends an entry, after a TimeoutNow, or while a new
    /// leader's disk is writing; with forced timeouts, crash a candidate whose last entry is
    /// not yet written and make it campaign again at once.
    pub targeted_crashes: bool,
    pub client_crashes: bool,
    /// Clients placed on either side of partitions.
    pub client_partitions: bool,
}

impl Features {
    const NAMES: [&'static str; 15] = [
        "loss",
        "duplication",
        "latency",
        "long-delays",
        "link-loss",
        "crashes",
        "pauses",
        "partitions",
        "bridges-and-rings",
        "one-way",
        "forced-timeouts",
        "transfers",
        "targeted-crashes",
        "client-crashes",
        "client-partitions",
    ];

    fn flags(&self) -> [bool; 15] {
        [
            self.loss,
            self.duplication,
            self.latency,
            self.long_delays,
            self.link_loss,
            self.crashes,
            self.pauses,
            self.partitions,
            self.bridges_and_rings,
            self.one_way,
            self.forced_timeouts,
            self.transfers,
            self.targeted_crashes,
            self.client_crashes,
            self.client_partitions,
        ]
    }

    /// Each family on with probability one half.
    fn draw(rng: &mut Rng) -> Features {
        let mut on = || rng.chance_ppm(500_000);
        Features {
            loss: on(),
            duplication: on(),
            latency: on(),
            long_delays: on(),
            link_loss: on(),
            crashes: on(),
            pauses: on(),
            partitions: on(),
            bridges_and_rings: on(),
            one_way: on(),
            forced_timeouts: on(),
            transfers: on(),
            targeted_crashes: on(),
            client_crashes: on(),
            client_partitions: on(),
        }
    }
}

impl fmt::Display for Features {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let on: Vec<&str> = Self::NAMES
            .iter()
            .zip(self.flags())
            .filter(|(_, on)| *on)
            .map(|(n, _)| *n)
            .collect();
        if on.is_empty() {
            write!(f, "no faults")
        } else {
            write!(f, "{}", on.join(" "))
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Crash,
    Pause,
    Halves,
    Bridge,
    Ring,
    Deaf,
    Mute,
    OneWay,
    Loss,
    Duplication,
    Latency,
    LongDelay,
    LinkLoss,
    Timeout,
    Transfer,
    ClientCrash,
    /// The leader is cut off from the other servers, not from the clients: the shape in
    /// which a deposed leader may still answer reads (thesis §6.4).
    IsolateLeader,
}

#[derive(Clone, Copy, Debug)]
struct Episode {
    at: SimTime,
    kind: Kind,
    lasts: Duration,
}

/// What a seed draws before its run: the cluster, the features, the client workload and
/// settings as commands, and the nemesis that will act during the run.
pub struct Plan {
    pub cluster: ClusterConfig,
    pub features: Features,
    pub commands: Vec<Command<Input>>,
    pub nemesis: Nemesis,
}

pub struct Nemesis {
    rng: Rng,
    features: Features,
    episodes: Vec<Episode>,
    next: usize,
    /// Faults end before the final heal.
    heal_at: SimTime,
    servers: u8,
    clients: u8,
    latency_max: Duration,
    election_max: Duration,
    election_min: Duration,
    drift_pct: u8,
    /// The seed's clocks drift (within the bound).
    drifting: bool,
    /// Probe operations written so far (their values are unique: `C.pK`).
    probes: u64,
    base_latency: (Duration, Duration),
    targeted_left: u32,
    transfers_left: u32,
    /// The chance, in ppm, that a leader's append or TimeoutNow draws a targeted crash.
    targeted_chance: u32,
    /// The leader last crashed with its entry on a minority: the next leader's first append
    /// gets the same treatment, which leaves two conflicting uncommitted suffixes (the
    /// paper's Figure 8).
    follow_up: Option<NodeId>,
    /// The highest term a leader was seen in: its first event as leader may draw a crash
    /// while its disk is writing.
    newest_leader: Term,
}

const PPM: u64 = 1_000_000;

pub fn plan(
    seed: u64,
    servers: Option<u8>,
    breaks: Breaks,
    forced_reads: Option<ReadPath>,
    heal_at: SimTime,
) -> Plan {
    let mut rng = Rng::new(seed, Stream::Faults);
    let servers =
        servers.unwrap_or_else(|| [1, 2, 3, 3, 4, 5, 5, 5, 6, 7, 7, 9][rng.below(12) as usize]);
    let clients = rng.between(1, 5) as u8;
    let features = Features::draw(&mut rng);
    let targeting = rng.below(3);
    let mut cluster = ClusterConfig {
        servers,
        clients,
        client_retry: Duration::from_millis([100, 200, 400][rng.below(3) as usize]),
        ..ClusterConfig::default()
    };
    cluster.raft.pre_vote = rng.chance_ppm(500_000);
    cluster.raft.check_quorum = rng.chance_ppm(500_000);
    cluster.raft.breaks = breaks;
    // Half the seeds give every server a disk (Figure 2: persist before answering); all of
    // them with the switch that answers before writing, which does nothing without one.
    let mut disk = Rng::new(seed, Stream::Disk);
    if disk.chance_ppm(500_000) || breaks.reply_before_write {
        // A quarter of those have a slow disk, as slow as a message round trip or slower, so
        // a candidate's or leader's own write can finish after its peers' answers.
        let slowest = if disk.chance_ppm(250_000) {
            100_000
        } else {
            15_000
        };
        cluster.raft.disk_write = Duration::from_micros(disk.between(100, slowest));
    }
    // Half the seeds read without the log: each client by ReadIndex or by lease (thesis
    // §6.4); and half the seeds' clocks drift, each server's anywhere within the bound the
    // lease allows for, often right at it.
    let mut reads = Rng::new(seed, Stream::Reads);
    if reads.chance_ppm(500_000) || forced_reads.is_some() {
        cluster.setups = (0..clients)
            .map(|_| crate::raft::ClientSetup {
                read: forced_reads.unwrap_or(ReadPath::ALL[reads.between(1, 2) as usize]),
                load: None,
            })
            .collect();
    }
    if reads.chance_ppm(500_000) {
        cluster.raft.drift_bound_pct = reads.between(5, 40) as u8;
        let d = u64::from(cluster.raft.drift_bound_pct);
        cluster.clock_pct = (0..servers)
            .map(|_| {
                let off = if reads.chance_ppm(500_000) {
                    [0, 2 * d][reads.below(2) as usize]
                } else {
                    reads.between(0, 2 * d)
                };
                (100 + off - d) as u16
            })
            .collect();
    }
    // A third of the read-path seeds run on a LAN, 2–5 ms a hop: there a new leader can be
    // elected and commit a write while a deposed leader still trusts a lease that ignores
    // the clocks' drift (lease-ignores-drift), a window of about 2d times the minimum
    // election timeout. (The main stream draws the same either way, so other seeds keep
    // their runs.)
    let lan = !cluster.setups.is_empty() && reads.chance_ppm(333_333);
    let wan_max = rng.between(10, 60);
    let latency_max = if lan { 2 + wan_max % 4 } else { wan_max };
    cluster.net.latency_min = Duration::from_millis(rng.between(1, latency_max / 2));
    cluster.net.latency_max = Duration::from_millis(latency_max);

    let mut commands = Vec::new();
    let at_zero = |action| Command {
        at: SimTime::ZERO,
        action,
    };
    if features.loss {
        let ppm = rng.between(0, 100_000) as u32;
        commands.push(at_zero(Action::SetLoss { ppm }));
    }
    if features.duplication {
        let ppm = rng.between(0, 100_000) as u32;
        commands.push(at_zero(Action::SetDuplication { ppm }));
    }
    if features.crashes && rng.chance_ppm(250_000) {
        // A server down from the very first instant, as when a teacher crashes one before
        // pressing play; it comes back later.
        let down = NodeId(rng.below(u64::from(servers)) as u8);
        commands.push(at_zero(Action::Crash(down)));
        commands.push(Command {
            at: SimTime(rng.between(1, heal_at.as_micros().max(2) - 1)),
            action: Action::Restart(down),
        });
    }

    let kinds: Vec<Kind> = [
        (features.crashes, Kind::Crash),
        (features.pauses, Kind::Pause),
        (features.partitions, Kind::Halves),
        (features.bridges_and_rings && servers >= 3, Kind::Bridge),
        (features.bridges_and_rings && servers >= 4, Kind::Ring),
        (features.one_way, Kind::Deaf),
        (features.one_way, Kind::Mute),
        (features.one_way, Kind::OneWay),
        (features.loss, Kind::Loss),
        (features.duplication, Kind::Duplication),
        (features.latency, Kind::Latency),
        (features.long_delays, Kind::LongDelay),
        (features.link_loss, Kind::LinkLoss),
        (features.forced_timeouts, Kind::Timeout),
        (features.transfers, Kind::Transfer),
        (features.client_crashes, Kind::ClientCrash),
        // Only where clients read without the log (so every other seed draws as before).
        (!cluster.setups.is_empty(), Kind::IsolateLeader),
        (!cluster.setups.is_empty(), Kind::IsolateLeader),
        (!cluster.setups.is_empty(), Kind::IsolateLeader),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, k)| k)
    .collect();
    let mut episodes = Vec::new();
    if !kinds.is_empty() {
        // Few long episodes leave stable stretches for the liveness claims; many short ones
        // make chaos.
        let count = rng.between(1, 16);
        for _ in 0..count {
            let kind = kinds[rng.below(kinds.len() as u64) as usize];
            let at = SimTime(rng.below(heal_at.as_micros().max(1)));
            let lasts = if rng.chance_ppm(500_000) {
                Duration::from_millis(rng.between(20, 600))
            } else {
                Duration::from_millis(rng.between(600, 4_000))
            };
            episodes.push(Episode { at, kind, lasts });
        }
        sort::sort_by_key(&mut episodes, |e| e.at);
    }

    commands.extend(workload(seed, &cluster, heal_at));
    sort::sort_by_key(&mut commands, |c| c.at);
    let nemesis = Nemesis {
        rng,
        features,
        episodes,
        next: 0,
        heal_at,
        servers,
        clients,
        latency_max: cluster.net.latency_max,
        election_max: cluster.raft.election_timeout_max,
        election_min: cluster.raft.election_timeout_min,
        drift_pct: cluster.raft.drift_bound_pct,
        drifting: !cluster.clock_pct.is_empty(),
        probes: 0,
        base_latency: (cluster.net.latency_min, cluster.net.latency_max),
        targeted_left: 8,
        transfers_left: 4,
        targeted_chance: [100_000, 300_000, 600_000][targeting as usize],
        follow_up: None,
        newest_leader: Term(0),
    };
    Plan {
        cluster,
        features,
        commands,
        nemesis,
    }
}

/// The clients' requests, as commands: each client sends a small random operation on a few
/// keys after a random think time, most to whichever server it believes leads, some to a
/// server of its choice. Values are unique, so every read tells which write it saw, and a
/// compare-and-set expects a value some client wrote (or absence), so they contend.
fn workload(seed: u64, cluster: &ClusterConfig, until: SimTime) -> Vec<Command<Input>> {
    let mut rng = Rng::new(seed, Stream::Workload);
    let keys = rng.between(1, 3);
    let shape = busy_clients(keys as u8, until);
    // Busy or quiet clients (swarm): a quiet cluster lets a new leader's first round trips
    // go by without client entries, the shape that Figure 8 needs.
    let slow = [1, 3, 8][rng.below(3) as usize];
    let mut written: Vec<Vec<String>> = vec![Vec::new(); keys as usize];
    let mut commands = Vec::new();
    for client in cluster.client_ids() {
        let mut t = SimTime::ZERO;
        let mut n = 0u64;
        loop {
            let think = rng.between(
                shape.think_min.as_micros(),
                slow * shape.think_max.as_micros(),
            );
            t = t + Duration(think);
            if t >= until {
                break;
            }
            n += 1;
            let k = rng.below(keys) as usize;
            let key = char::from(b'a' + k as u8).to_string();
            let value = format!("{}.{n}", client.0);
            // A client that reads without the log mostly reads (seven in ten), so that reads
            // keep coming while its server may be a deposed leader.
            let draw = rng.below(10);
            let draw = match cluster.setup(client).read {
                ReadPath::Log => draw,
                _ if draw >= 3 => 4,
                _ => draw,
            };
            let op = match draw {
                0..=3 => {
                    written[k].push(value.clone());
                    Op::Put { key, value }
                }
                4..=6 => Op::Get { key },
                7..=8 => {
                    let seen = &written[k];
                    let expected = (!seen.is_empty() && rng.chance_ppm(700_000))
                        .then(|| seen[rng.below(seen.len() as u64) as usize].clone());
                    written[k].push(value.clone());
                    Op::Cas {
                        key,
                        expected,
                        new: value,
                    }
                }
                _ => Op::Delete { key },
            };
            let input = if rng.chance_ppm(200_000) {
                let server = NodeId(rng.below(u64::from(cluster.servers)) as u8);
                Input::SubmitTo(server, op)
            } else {
                Input::Submit(op)
            };
            commands.push(Command {
                at: t,
                action: Action::Input(client, input),
            });
        }
    }
    commands
}

/// The live leader of the highest term, if any.
fn leader(sim: &RaftSim) -> Option<&crate::raft::Server> {
    sim.nodes()
        .iter()
        .filter_map(Actor::as_server)
        .filter(|s| s.role() == Role::Leader && sim.is_alive(s.id()) && !sim.is_paused(s.id()))
        .max_by_key(|s| s.term())
}

impl Nemesis {
    /// When the next episode falls due, if before the final heal.
    pub fn next_time(&self) -> Option<SimTime> {
        self.episodes.get(self.next).map(|e| e.at)
    }

    fn node(&mut self, n: u8) -> NodeId {
        NodeId(self.rng.below(u64::from(n)) as u8)
    }

    /// A server to hit: the leader half of the time.
    fn victim(&mut self, sim: &RaftSim) -> NodeId {
        let leader = leader(sim).map(|s| s.id());
        match leader {
            Some(l) if self.rng.chance_ppm(500_000) => l,
            _ => self.node(self.servers),
        }
    }

    fn schedule(&self, sim: &mut RaftSim, at: SimTime, action: Action<Input>) {
        if at >= self.heal_at {
            return; // the final heal undoes it
        }
        let at = at.max(sim.earliest_command_time());
        sim.schedule(Command { at, action })
            .expect("the nemesis acts on nodes of the cluster, now or later");
    }

    /// Apply the episode that falls due now; it schedules its own undoing.
    pub fn act(&mut self, sim: &mut RaftSim) {
        let Some(&ep) = self.episodes.get(self.next) else {
            return;
        };
        self.next += 1;
        let now = ep.at.max(sim.earliest_command_time());
        let end = now + ep.lasts;
        let everyone = self.servers + self.clients;
        let mut now_do: Vec<Action<Input>> = Vec::new();
        let mut then_do: Vec<Action<Input>> = Vec::new();
        let cut_both = |a: NodeId, b: NodeId, now_do: &mut Vec<_>, then_do: &mut Vec<_>| {
            for (from, to) in [(a, b), (b, a)] {
                now_do.push(Action::Cut { from, to });
                then_do.push(Action::Heal { from, to });
            }
        };
        match ep.kind {
            Kind::Crash => {
                let v = self.victim(sim);
                now_do.push(Action::Crash(v));
                then_do.push(Action::Restart(v));
            }
            Kind::Pause => {
                let v = self.victim(sim);
                now_do.push(Action::Pause(v));
                then_do.push(Action::Resume(v));
            }
            Kind::IsolateLeader => {
                if let Some(l) = leader(sim).map(|s| s.id()) {
                    for p in (0..self.servers).map(NodeId).filter(|&p| p != l) {
                        cut_both(l, p, &mut now_do, &mut then_do);
                    }
                    if self.servers >= 3 && self.clients >= 2 {
                        self.probe_deposed_leader(sim, l, now);
                    }
                }
            }
            Kind::Halves => {
                let mut order: Vec<NodeId> = (0..self.servers).map(NodeId).collect();
                self.shuffle(&mut order);
                let split = self.rng.between(1, u64::from(self.servers.max(2)) - 1) as usize;
                let (mut a, mut b) = (order[..split].to_vec(), order[split..].to_vec());
                if self.features.client_partitions {
                    for c in (self.servers..everyone).map(NodeId) {
                        if self.rng.chance_ppm(500_000) {
                            a.push(c);
                        } else {
                            b.push(c);
                        }
                    }
                }
                now_do.push(Action::Partition(vec![a, b]));
                then_do.push(Action::HealAll);
            }
            Kind::Bridge => {
                let bridge = self.node(self.servers);
                let (mut a, mut b) = (Vec::new(), Vec::new());
                for i in (0..self.servers).map(NodeId).filter(|&i| i != bridge) {
                    if self.rng.chance_ppm(500_000) {
                        a.push(i);
                    } else {
                        b.push(i);
                    }
                }
                for &x in &a {
                    for &y in &b {
                        cut_both(x, y, &mut now_do, &mut then_do);
                    }
                }
            }
            Kind::Ring => {
                let mut order: Vec<NodeId> = (0..self.servers).map(NodeId).collect();
                self.shuffle(&mut order);
                let n = order.len();
                for i in 0..n {
                    for j in (i + 1)..n {
                        let adjacent = j == i + 1 || (i == 0 && j == n - 1);
                        if !adjacent {
                            cut_both(order[i], order[j], &mut now_do, &mut then_do);
                        }
                    }
                }
            }
            Kind::Deaf | Kind::Mute => {
                let v = self.victim(sim);
                for o in (0..everyone).map(NodeId).filter(|&o| o != v) {
                    let (from, to) = if ep.kind == Kind::Deaf {
                        (o, v)
                    } else {
                        (v, o)
                    };
                    now_do.push(Action::Cut { from, to });
                    then_do.push(Action::Heal { from, to });
                }
            }
            Kind::OneWay => {
                let from = self.node(everyone);
                let to = self.node(self.servers);
                if from != to {
                    now_do.push(Action::Cut { from, to });
                    then_do.push(Action::Heal { from, to });
                }
            }
            Kind::Loss => {
                now_do.push(Action::SetLoss {
                    ppm: self.rng.between(0, 300_000) as u32,
                });
                then_do.push(Action::SetLoss { ppm: 0 });
            }
            Kind::Duplication => {
                now_do.push(Action::SetDuplication {
                    ppm: self.rng.between(0, 300_000) as u32,
                });
                then_do.push(Action::SetDuplication { ppm: 0 });
            }
            Kind::Latency => {
                let max = self.rng.between(1, 150);
                let min = self.rng.between(0, max);
                now_do.push(Action::SetLatency {
                    min: Duration::from_millis(min),
                    max: Duration::from_millis(max),
                });
                let (min, max) = self.base_latency;
                then_do.push(Action::SetLatency { min, max });
            }
            Kind::LongDelay => {
                // A few links slow and uneven, up to three election timeouts: messages arrive
                // after term changes, out of order, and duplicates arrive late.
                let links = self.rng.between(1, 4);
                for _ in 0..links {
                    let (from, to) = (self.node(everyone), self.node(everyone));
                    if from == to {
                        continue;
                    }
                    let hi = self.rng.between(1, 3 * self.election_max.as_micros());
                    let lo = self.rng.between(0, hi);
                    now_do.push(Action::SetLinkLatency {
                        from,
                        to,
                        range: Some((Duration(lo), Duration(hi))),
                    });
                    then_do.push(Action::SetLinkLatency {
                        from,
                        to,
                        range: None,
                    });
                }
            }
            Kind::LinkLoss => {
                let (from, to) = (self.node(everyone), self.node(everyone));
                if from != to {
                    let ppm = self.rng.between(200_000, PPM) as u32;
                    now_do.push(Action::SetLinkLoss {
                        from,
                        to,
                        ppm: Some(ppm),
                    });
                    then_do.push(Action::SetLinkLoss {
                        from,
                        to,
                        ppm: None,
                    });
                }
            }
            Kind::Timeout => {
                let v = self.node(self.servers);
                now_do.push(Action::Input(v, Input::Timeout));
            }
            Kind::Transfer => self.transfer(sim, now, &mut now_do),
            Kind::ClientCrash => {
                if self.clients > 0 {
                    let c = NodeId(self.servers + self.rng.below(u64::from(self.clients)) as u8);
                    now_do.push(Action::Crash(c));
                    then_do.push(Action::Restart(c));
                }
            }
        }
        for a in now_do {
            self.schedule(sim, now, a);
        }
        for a in then_do {
            self.schedule(sim, end, a);
        }
    }

    /// The history that shows a deposed leader's stale read, as Jepsen's tests do: once the
    /// cut-off leader `old` may have been replaced, one client writes through another server
    /// (after making it campaign as early as the lease rules allow), and another client then
    /// reads the same key through `old`, several times. A leader that confirms its reads, or
    /// whose lease is safe, never answers those reads with the old value.
    fn probe_deposed_leader(&mut self, sim: &mut RaftSim, old: NodeId, now: SimTime) {
        let others: Vec<NodeId> = (0..self.servers)
            .map(NodeId)
            .filter(|&p| p != old)
            .collect();
        let via = others[self.rng.below(others.len() as u64) as usize];
        let writer = NodeId(self.servers + self.rng.below(u64::from(self.clients)) as u8);
        let reader = loop {
            let c = NodeId(self.servers + self.rng.below(u64::from(self.clients)) as u8);
            if c != writer {
                break c;
            }
        };
        let key = ["a", "b", "c"][self.rng.below(3) as usize].to_string();
        self.probes += 1;
        let value = format!("{}.p{}", writer.0, self.probes);
        // Followers with the fastest clock the bound allows stop honouring the old leader's
        // lease after the minimum election timeout on their clock.
        let d = u64::from(self.drift_pct.min(99));
        let hold = Duration(self.election_min.as_micros() * 100 / (100 + d) + 1_000);
        // With drifting clocks, the worst the bound allows, from now on: the old leader's
        // clock slow, every other server's fast.
        if self.drifting {
            let d = u16::from(self.drift_pct.min(99));
            self.schedule(sim, now, Action::Input(old, Input::SetClock(100 - d)));
            for &p in &others {
                self.schedule(sim, now, Action::Input(p, Input::SetClock(100 + d)));
            }
        }
        let hop = self.latency_max;
        let elect = now + hold;
        let write = elect + Duration(4 * hop.as_micros());
        self.schedule(sim, elect, Action::Input(via, Input::Timeout));
        self.schedule(
            sim,
            write,
            Action::Input(
                writer,
                Input::SubmitTo(
                    via,
                    Op::Put {
                        key: key.clone(),
                        value,
                    },
                ),
            ),
        );
        for k in 0..8 {
            let at = write + Duration((4 + k) * hop.as_micros());
            let get = Op::Get { key: key.clone() };
            self.schedule(sim, at, Action::Input(reader, Input::SubmitTo(old, get)));
        }
    }

    /// Leadership transfer to a caught-up, lagging, crashed or cut-off server, sometimes with
    /// a crash of the leader or the target while it is under way.
    fn transfer(&mut self, sim: &mut RaftSim, now: SimTime, now_do: &mut Vec<Action<Input>>) {
        let Some(l) = leader(sim) else {
            return;
        };
        let (lid, progress, last) = (l.id(), l.progress().unwrap_or_default(), l.last_index());
        let others: Vec<NodeId> = (0..self.servers)
            .map(NodeId)
            .filter(|&o| o != lid)
            .collect();
        if others.is_empty() {
            return;
        }
        let pick = |rng: &mut Rng, set: Vec<NodeId>| -> Option<NodeId> {
            (!set.is_empty()).then(|| set[rng.below(set.len() as u64) as usize])
        };
        let caught_up: Vec<NodeId> = others
            .iter()
            .copied()
            .filter(|o| progress.get(usize::from(o.0)).is_some_and(|p| p.1 == last))
            .collect();
        let lagging: Vec<NodeId> = others
            .iter()
            .copied()
            .filter(|o| progress.get(usize::from(o.0)).is_some_and(|p| p.1 < last))
            .collect();
        let down: Vec<NodeId> = others
            .iter()
            .copied()
            .filter(|&o| !sim.is_alive(o))
            .collect();
        let cut: Vec<NodeId> = others
            .iter()
            .copied()
            .filter(|&o| !sim.network().is_up(lid, o))
            .collect();
        let target = match self.rng.below(5) {
            0 => pick(&mut self.rng, caught_up),
            1 => pick(&mut self.rng, lagging),
            2 => pick(&mut self.rng, down),
            3 => pick(&mut self.rng, cut),
            _ => None,
        }
        .unwrap_or_else(|| others[self.rng.below(others.len() as u64) as usize]);
        now_do.push(Action::Input(lid, Input::Transfer(target)));
        if self.rng.chance_ppm(250_000) {
            // A crash while the transfer is under way, of the leader or of the target, a
            // moment after the transfer began.
            let victim = if self.rng.chance_ppm(500_000) {
                lid
            } else {
                target
            };
            let crash_at = now + Duration(self.rng.between(1, 2 * self.latency_max.as_micros()));
            let back = crash_at + Duration::from_millis(self.rng.between(50, 1_500));
            self.schedule(sim, crash_at, Action::Crash(victim));
            self.schedule(sim, back, Action::Restart(victim));
        }
    }

    fn shuffle(&mut self, v: &mut [NodeId]) {
        for i in (1..v.len()).rev() {
            let j = self.rng.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
    }

    /// A new leader with a disk write in progress (its no-op entry; or its own term and vote,
    /// were it to lead before writing them): crash it before the write completes, so the
    /// crash takes back what the write held. Returns whether it did.
    fn crash_new_leader_mid_write(
        &mut self,
        sim: &mut RaftSim,
        ev: &Trace<Actor>,
        id: NodeId,
    ) -> bool {
        let Some(s) = sim.node(id).as_server() else {
            return false;
        };
        if s.role() != Role::Leader || s.term() <= self.newest_leader {
            return false;
        }
        self.newest_leader = s.term();
        let Some(done) = s.disk_write_done().filter(|&done| done > ev.time) else {
            return false;
        };
        if !self.features.targeted_crashes
            || self.targeted_left == 0
            || !self.rng.chance_ppm(self.targeted_chance)
        {
            return false;
        }
        self.targeted_left -= 1;
        let at = ev.time + Duration(self.rng.between(1, (done - ev.time).as_micros() - 1));
        let back = at + Duration::from_millis(self.rng.between(50, 1_000));
        self.schedule(sim, at, Action::Crash(id));
        self.schedule(sim, back, Action::Restart(id));
        true
    }

    /// A follower that has just received an entry it has not yet written: make it campaign,
    /// crash it before the write completes (the crash takes back the entry, the new term and
    /// the vote for itself), bring it back at once and make it campaign again, for the same
    /// term with a shorter log, while the votes granted to its first request are still on
    /// the way. A vote counts only for the log it judged: counted here, it would elect a
    /// leader without an entry its voter may hold committed. Returns whether it did.
    fn campaign_twice(&mut self, sim: &mut RaftSim, ev: &Trace<Actor>, id: NodeId) -> bool {
        if !(self.features.targeted_crashes && self.features.forced_timeouts)
            || self.targeted_left == 0
            || !matches!(ev.cause, Cause::Deliver { from, .. } if from.0 < self.servers)
        {
            return false;
        }
        let Some(s) = sim.node(id).as_server() else {
            return false;
        };
        let Some(done) = s.disk_write_done() else {
            return false;
        };
        let window = (done - ev.time).as_micros();
        if s.role() != Role::Follower
            || window < 3
            || !s.log_unwritten()
            || !self.rng.chance_ppm(self.targeted_chance / 4)
        {
            return false;
        }
        self.targeted_left -= 1;
        let campaign = ev.time + Duration(self.rng.between(1, window - 2));
        let crash = campaign + Duration(self.rng.between(1, (done - campaign).as_micros() - 1));
        // Back soon, often before the votes return (a round trip takes at least twice the
        // least latency, and a grant leaves only once the voter's disk has written it).
        let back = crash + Duration(self.rng.between(1, self.latency_max.as_micros().max(2)));
        self.schedule(sim, campaign, Action::Input(id, Input::Timeout));
        self.schedule(sim, crash, Action::Crash(id));
        self.schedule(sim, back, Action::Restart(id));
        self.schedule(sim, back + Duration(1), Action::Input(id, Input::Timeout));
        true
    }

    /// React to an event: crash a leader right after it appended a client's entry (its
    /// followers have it or not, the shape of the paper's Figure 8), or right after a
    /// TimeoutNow left it.
    pub fn react(&mut self, sim: &mut RaftSim, ev: &Trace<Actor>) {
        if ev.time >= self.heal_at {
            return;
        }
        let Some(id) = ev.node.filter(|id| id.0 < self.servers) else {
            return;
        };
        if self.crash_new_leader_mid_write(sim, ev, id) || self.campaign_twice(sim, ev, id) {
            return;
        }
        let appended = matches!(ev.cause, Cause::Deliver { from, .. } if from.0 >= self.servers)
            && ev.sent.iter().any(
                |e| matches!(&e.msg, Msg::AppendEntries { entries, .. } if !entries.is_empty()),
            );
        if appended && self.features.transfers && self.transfers_left > 0 && self.servers > 1 {
            // A transfer right after an append: its target lags by that entry, so the
            // leader first brings it up to date. Asked in a calm stretch (nothing but client
            // requests for a few election timeouts), where it must complete.
            let calm_since = sim
                .commands()
                .iter()
                .rev()
                .find(|c| {
                    c.at <= ev.time
                        && !matches!(c.action, Action::Input(n, _) if n.0 >= self.servers)
                })
                .map_or(SimTime::ZERO, |c| c.at);
            let calm = ev.time - calm_since > Duration(3 * self.election_max.as_micros());
            if calm && self.rng.chance_ppm(500_000) {
                self.transfers_left -= 1;
                let others: Vec<NodeId> =
                    (0..self.servers).map(NodeId).filter(|&o| o != id).collect();
                let to = others[self.rng.below(others.len() as u64) as usize];
                self.schedule(
                    sim,
                    ev.time + Duration(1),
                    Action::Input(id, Input::Transfer(to)),
                );
                return;
            }
        }
        if !self.features.targeted_crashes || self.targeted_left == 0 {
            return;
        }
        let handed_over = ev
            .sent
            .iter()
            .any(|e| matches!(e.msg, Msg::TimeoutNow { .. }));
        let follow_up = appended && self.follow_up.is_some_and(|l| l != id);
        if !(appended || handed_over) || !(follow_up || self.rng.chance_ppm(self.targeted_chance)) {
            return;
        }
        self.targeted_left -= 1;
        self.follow_up = None;
        let back_after = Duration::from_millis(self.rng.between(50, 1_000));
        if appended && (follow_up || self.rng.chance_ppm(500_000)) {
            if !follow_up {
                self.follow_up = Some(id);
            }
            // The entry reaches a minority only: the leader's links to the others are cut
            // while its messages are on the way (they die on arrival), and it crashes.
            let mut others: Vec<NodeId> =
                (0..self.servers).map(NodeId).filter(|&o| o != id).collect();
            self.shuffle(&mut others);
            let reached = self
                .rng
                .between(0, u64::from(crate::raft::quorum(self.servers)) - 2);
            let at = ev.time + Duration(1);
            let back = at + back_after;
            for &o in &others[reached as usize..] {
                self.schedule(sim, at, Action::Cut { from: id, to: o });
                self.schedule(sim, back, Action::Heal { from: id, to: o });
            }
            self.schedule(sim, at, Action::Crash(id));
            self.schedule(sim, back, Action::Restart(id));
            return;
        }
        // Before or just after the first followers store the entry.
        let at = ev.time + Duration(self.rng.between(1, 2 * self.latency_max.as_micros()));
        self.schedule(sim, at, Action::Crash(id));
        self.schedule(sim, at + back_after, Action::Restart(id));
    }
}
