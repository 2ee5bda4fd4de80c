//! Seeded fault-injection campaigns (swarm testing, as in FoundationDB's simulator and
//! TigerBeetle's VOPR): each seed draws its own mix of faults, runs a Raft cluster through a
//! chaos phase and then a healed phase, and checks safety after every event, linearizability
//! of the clients' history, and liveness once the faults stop. Every failure names its seed.

use super::linearizability::{self, Verdict};
use super::{Property, SafetyChecker, Violation};
use crate::raft::{busy_clients, Actor, Breaks, ClusterConfig, Input, RaftSim, Role};
use crate::sim::{Action, Command, Duration, NodeId, Rng, SimTime, Stream};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CampaignConfig {
    /// Fixed cluster size, or `None` to draw one per seed.
    pub servers: Option<u8>,
    pub breaks: Breaks,
    /// Virtual milliseconds of faults, then of healed network.
    pub chaos_ms: u64,
    pub healed_ms: u64,
}

impl Default for CampaignConfig {
    fn default() -> Self {
        CampaignConfig {
            servers: None,
            breaks: Breaks::default(),
            chaos_ms: 4_000,
            healed_ms: 4_000,
        }
    }
}

/// What went wrong in one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    Safety(Violation),
    Linearizability(String),
    /// After the faults stopped, the cluster did not elect a leader or finish the clients'
    /// operations in time.
    Liveness(String),
    /// The simulator stopped (a queue bound was hit).
    Engine(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Safety(v) => write!(f, "safety: {v}"),
            Failure::Linearizability(s) => write!(f, "linearizability: {s}"),
            Failure::Liveness(s) => write!(f, "liveness: {s}"),
            Failure::Engine(s) => write!(f, "engine: {s}"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct RunReport {
    pub seed: u64,
    pub servers: u8,
    pub events: u64,
    pub trace_hash: u64,
    pub client_ops: usize,
    pub failures: Vec<Failure>,
}

/// The faults and settings one seed draws.
#[derive(Clone, Debug)]
pub struct Plan {
    pub cluster: ClusterConfig,
    pub commands: Vec<Command<Input>>,
    pub heal_at: SimTime,
    pub end: SimTime,
}

pub fn plan(seed: u64, cfg: &CampaignConfig) -> Plan {
    let mut rng = Rng::new(seed, Stream::Faults);
    let servers = cfg
        .servers
        .unwrap_or_else(|| [1, 2, 3, 3, 4, 5, 5, 5, 6, 7, 7, 9][rng.below(12) as usize]);
    let heal_at = SimTime::from_millis(cfg.chaos_ms);
    let end = SimTime::from_millis(cfg.chaos_ms + cfg.healed_ms);
    let mut cluster = ClusterConfig {
        servers,
        clients: 3,
        workload: Some(busy_clients(3, heal_at)),
        ..ClusterConfig::default()
    };
    cluster.raft.pre_vote = rng.chance_ppm(500_000);
    cluster.raft.check_quorum = rng.chance_ppm(500_000);
    cluster.raft.breaks = cfg.breaks;
    cluster.net.latency_max = Duration::from_millis(rng.between(10, 60));
    // Small batches make a lagging follower take many steps, which exposes more interleavings.
    cluster.raft.max_batch = [1, 2, 16][rng.below(3) as usize];

    let node = |rng: &mut Rng| NodeId(rng.below(u64::from(servers)) as u8);
    let mut commands = vec![
        Command {
            at: SimTime::ZERO,
            action: Action::SetLoss {
                ppm: rng.between(0, 300_000) as u32,
            },
        },
        Command {
            at: SimTime::ZERO,
            action: Action::SetDuplication {
                ppm: rng.between(0, 100_000) as u32,
            },
        },
    ];
    let faults = rng.between(0, 14);
    let mut times: Vec<u64> = (0..faults)
        .map(|_| rng.below(heal_at.as_micros().max(1)))
        .collect();
    times.sort_unstable();
    for t in times {
        let action = match rng.below(7) {
            0 | 1 => Action::Crash(node(&mut rng)),
            2 => Action::Restart(node(&mut rng)),
            3 => {
                // Two groups, drawn member by member.
                let (mut a, mut b) = (Vec::new(), Vec::new());
                for i in 0..servers {
                    if rng.chance_ppm(500_000) {
                        a.push(NodeId(i));
                    } else {
                        b.push(NodeId(i));
                    }
                }
                Action::Partition(vec![a, b])
            }
            4 => Action::Cut {
                from: node(&mut rng),
                to: node(&mut rng),
            },
            5 => Action::HealAll,
            _ => Action::SetLoss {
                ppm: rng.between(0, 300_000) as u32,
            },
        };
        // Cutting a node's link to itself means nothing; skip rather than redraw, so the
        // stream stays simple.
        if let Action::Cut { from, to } = action {
            if from == to {
                continue;
            }
        }
        commands.push(Command {
            at: SimTime(t),
            action,
        });
    }
    // The healed phase: every fault undone at once.
    let heal = [
        Action::HealAll,
        Action::SetLoss { ppm: 0 },
        Action::SetDuplication { ppm: 0 },
    ];
    for action in heal
        .into_iter()
        .chain((0..servers).map(|i| Action::Restart(NodeId(i))))
    {
        commands.push(Command {
            at: heal_at,
            action,
        });
    }
    Plan {
        cluster,
        commands,
        heal_at,
        end,
    }
}

/// Run one seed of the campaign, checking safety after every event.
pub fn run(seed: u64, cfg: &CampaignConfig) -> RunReport {
    let plan = plan(seed, cfg);
    let mut sim = plan.cluster.build(seed);
    for c in &plan.commands {
        sim.schedule(c.clone())
            .expect("the plan schedules valid commands in order");
    }
    let mut checker = SafetyChecker::new();
    let mut failures = Vec::new();
    loop {
        match sim.next_time() {
            Some(t) if t <= plan.end => {}
            _ => break,
        }
        match sim.step() {
            Ok(Some(ev)) => checker.observe(&sim, &ev),
            Ok(None) => break,
            Err(e) => {
                failures.push(Failure::Engine(e.to_string()));
                break;
            }
        }
    }
    failures.extend(
        Property::FIGURE_3
            .iter()
            .chain(&Property::LEMMAS)
            .filter_map(|&p| checker.first(p).cloned().map(Failure::Safety)),
    );

    let history: Vec<_> = clients(&sim)
        .flat_map(|c| c.history().iter().cloned())
        .collect();
    match linearizability::check(&history) {
        Verdict::Linearizable => {}
        Verdict::Violation(v) => failures.push(Failure::Linearizability(v.to_string())),
        // Not a failure of the system under test; the history was too tangled to decide.
        Verdict::Undecided { .. } => {}
    }
    if let Some(problem) = liveness_problem(&sim) {
        failures.push(Failure::Liveness(problem));
    }
    RunReport {
        seed,
        servers: plan.cluster.servers,
        events: sim.events(),
        trace_hash: sim.trace_hash(),
        client_ops: history.len(),
        failures,
    }
}

fn clients(sim: &RaftSim) -> impl Iterator<Item = &crate::raft::Client> {
    sim.nodes().iter().filter_map(Actor::as_client)
}

/// After the healed phase: one leader that a majority follows in its term, and no client
/// operation still waiting.
pub fn liveness_problem(sim: &RaftSim) -> Option<String> {
    let servers: Vec<_> = sim.nodes().iter().filter_map(Actor::as_server).collect();
    let leader = servers
        .iter()
        .filter(|s| s.role() == Role::Leader)
        .max_by_key(|s| s.term());
    let Some(leader) = leader else {
        return Some("no leader at the end of the healed phase".into());
    };
    let followers = servers
        .iter()
        .filter(|s| s.term() == leader.term() && s.leader() == Some(leader.id()))
        .count() as u32;
    if followers < crate::raft::quorum(servers.len() as u8) {
        return Some(format!(
            "leader {} of term {} is followed by only {followers}",
            leader.id(),
            leader.term()
        ));
    }
    let waiting = clients(sim).filter(|c| !c.is_idle()).count();
    (waiting > 0).then(|| format!("{waiting} client(s) still waiting for an answer"))
}
