//! Seeded fault-injection campaigns (swarm testing, as in FoundationDB's simulator and
//! TigerBeetle's VOPR): each seed draws its own cluster, client workload and mix of faults
//! (`nemesis`), runs the cluster through a chaos phase and a final heal, and checks safety
//! after every event, liveness where Raft promises it (`liveness`), convergence after the
//! heal, and the linearizability of the clients' history.
//!
//! Every run is a `RunSpec`: a seed, a cluster, a list of actions and the instant of the final
//! heal. A failing run is shrunk by dropping actions while the failure persists, so what a
//! failure reports is a seed plus a short list of actions that reproduces it anywhere: the
//! command line, a test, or the page.

use super::linearizability::{self, Verdict};
use super::liveness::{Claims, LivenessMonitor, Stall};
use super::nemesis::{self, Features, Nemesis};
use super::{Property, SafetyChecker, Violation};
use crate::raft::{Actor, Breaks, ClusterConfig, Input, Op, RaftSim};
use crate::sim::map::SortedSet;
use crate::sim::{Action, Command, Duration, NodeId, SimTime, Trace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CampaignConfig {
    /// Fixed cluster size, or `None` to draw one per seed.
    pub servers: Option<u8>,
    pub breaks: Breaks,
    /// Virtual milliseconds of faults before the final heal.
    pub chaos_ms: u64,
    /// After the heal, the cluster must be at rest (one leader, equal logs committed and
    /// applied, every client answered) within this many virtual milliseconds, plus four disk
    /// writes per client operation still waiting at the heal (`backlog_allowance`).
    pub converge_ms: u64,
    /// Every client reads this way, or `None` to draw the read paths per seed.
    pub reads: Option<crate::raft::ReadPath>,
}

impl Default for CampaignConfig {
    fn default() -> Self {
        CampaignConfig {
            servers: None,
            breaks: Breaks::default(),
            chaos_ms: 6_000,
            converge_ms: 20_000,
            reads: None,
        }
    }
}

/// What went wrong in one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    Safety(Violation),
    Linearizability(String),
    /// The linearizability search hit its bounds: no verdict, which is not a pass.
    Undecided(String),
    Liveness(Stall),
    /// The simulator stopped (a queue bound was hit).
    Engine(String),
}

/// A failure's kind, which a shrunk run must keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FailureKind {
    Safety(Property),
    Linearizability,
    Undecided,
    Liveness,
    Engine,
}

impl Failure {
    pub fn kind(&self) -> FailureKind {
        match self {
            Failure::Safety(v) => FailureKind::Safety(v.property),
            Failure::Linearizability(_) => FailureKind::Linearizability,
            Failure::Undecided(_) => FailureKind::Undecided,
            Failure::Liveness(_) => FailureKind::Liveness,
            Failure::Engine(_) => FailureKind::Engine,
        }
    }

    /// The event after which it was seen, when it has one.
    pub fn event(&self) -> Option<u64> {
        match self {
            Failure::Safety(v) => Some(v.event),
            Failure::Liveness(s) => Some(s.event),
            _ => None,
        }
    }
}

impl std::fmt::Display for FailureKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FailureKind::Safety(p) => write!(f, "safety ({})", p.name()),
            FailureKind::Linearizability => write!(f, "linearizability"),
            FailureKind::Undecided => write!(f, "linearizability undecided"),
            FailureKind::Liveness => write!(f, "liveness"),
            FailureKind::Engine => write!(f, "engine"),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Safety(v) => write!(f, "safety: {v}"),
            Failure::Linearizability(s) => write!(f, "linearizability: {s}"),
            Failure::Undecided(s) => write!(f, "linearizability undecided: {s}"),
            Failure::Liveness(s) => {
                write!(f, "liveness: {} (at event {}, {})", s.what, s.event, s.time)
            }
            Failure::Engine(s) => write!(f, "engine: {s}"),
        }
    }
}

/// A run, as data: replaying it gives the same trace, bit for bit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunSpec {
    pub seed: u64,
    pub cluster: ClusterConfig,
    /// Every action before the final heal (settings, faults, client requests), in time order.
    pub actions: Vec<Command<Input>>,
    /// The final heal: every fault undone and a probe request sent (`heal_commands`); from
    /// then on the cluster must come to rest.
    pub heal_at: SimTime,
    /// By when it must.
    pub limit: SimTime,
}

/// The probe request of the final heal, from the first client.
pub const PROBE_VALUE: &str = "probe";

impl RunSpec {
    /// The final heal, derived from the actions: network healed and reset, every node that
    /// was crashed restarted and every paused one resumed, and a probe request.
    pub fn heal_commands(&self) -> Vec<Command<Input>> {
        let mut actions = vec![
            Action::HealAll,
            Action::SetLoss { ppm: 0 },
            Action::SetDuplication { ppm: 0 },
            Action::SetLatency {
                min: self.cluster.net.latency_min,
                max: self.cluster.net.latency_max,
            },
        ];
        let mut slow = SortedSet::new();
        let mut lossy = SortedSet::new();
        let mut crashed = SortedSet::new();
        let mut paused = SortedSet::new();
        for c in &self.actions {
            match c.action {
                Action::SetLinkLatency { from, to, .. } => {
                    slow.insert((from, to));
                }
                Action::SetLinkLoss { from, to, .. } => {
                    lossy.insert((from, to));
                }
                Action::Crash(n) => {
                    crashed.insert(n);
                }
                Action::Pause(n) => {
                    paused.insert(n);
                }
                _ => {}
            }
        }
        actions.extend(slow.into_iter().map(|(from, to)| Action::SetLinkLatency {
            from,
            to,
            range: None,
        }));
        actions.extend(lossy.into_iter().map(|(from, to)| Action::SetLinkLoss {
            from,
            to,
            ppm: None,
        }));
        actions.extend(paused.into_iter().map(Action::Resume));
        actions.extend(crashed.into_iter().map(Action::Restart));
        if self.cluster.clients > 0 {
            let client = NodeId(self.cluster.servers);
            actions.push(Action::Input(
                client,
                Input::Submit(Op::Put {
                    key: "a".into(),
                    value: PROBE_VALUE.into(),
                }),
            ));
        }
        actions
            .into_iter()
            .map(|action| Command {
                at: self.heal_at,
                action,
            })
            .collect()
    }

    /// The whole command log: the actions, then the final heal.
    pub fn commands(&self) -> Vec<Command<Input>> {
        let mut all = self.actions.clone();
        all.extend(self.heal_commands());
        all
    }
}

#[derive(Clone, Debug)]
pub struct RunReport {
    pub seed: u64,
    pub servers: u8,
    pub events: u64,
    pub trace_hash: u64,
    pub client_ops: usize,
    /// Where the run stopped: at rest after the heal, at a failure, or at the limit.
    pub end: SimTime,
    pub failures: Vec<Failure>,
    pub spec: RunSpec,
    /// The fault families the seed turned on (empty for a replay).
    pub features: Features,
    /// The liveness claims made and kept.
    pub claims: Claims,
}

/// How often, after the heal, the run looks whether the cluster is at rest.
const REST_CHECK: Duration = Duration(20_000);

/// Run one seed of the campaign.
pub fn run(seed: u64, cfg: &CampaignConfig) -> RunReport {
    let heal_at = SimTime::from_millis(cfg.chaos_ms);
    let plan = nemesis::plan(seed, cfg.servers, cfg.breaks, cfg.reads, heal_at);
    let spec = RunSpec {
        seed,
        cluster: plan.cluster,
        actions: plan.commands,
        heal_at,
        limit: heal_at + Duration::from_millis(cfg.converge_ms),
    };
    let (mut report, _) = execute(spec, Some(plan.nemesis), &mut |_, _| {});
    report.features = plan.features;
    report
}

/// Run a spec as it is (no nemesis): what shrinking, tests and the command line use.
pub fn replay(spec: &RunSpec) -> RunReport {
    execute(spec.clone(), None, &mut |_, _| {}).0
}

/// `replay`, showing `observe` every event, and returning the simulation as it ended.
pub fn replay_observed(
    spec: &RunSpec,
    observe: &mut dyn FnMut(&RaftSim, &Trace<Actor>),
) -> (RunReport, RaftSim) {
    execute(spec.clone(), None, observe)
}

fn execute(
    mut spec: RunSpec,
    mut nemesis: Option<Nemesis>,
    observe: &mut dyn FnMut(&RaftSim, &Trace<Actor>),
) -> (RunReport, RaftSim) {
    let mut sim = spec.cluster.build(spec.seed);
    for c in &spec.actions {
        sim.schedule(c.clone())
            .expect("a spec's actions are in time order");
    }
    if nemesis.is_none() {
        for c in spec.heal_commands() {
            sim.schedule(c).expect("the heal comes after the actions");
        }
    }
    let mut healed = nemesis.is_none();
    let mut checker = SafetyChecker::new();
    let mut liveness = LivenessMonitor::new(
        spec.cluster.raft,
        spec.cluster.servers,
        spec.cluster.clients,
        spec.cluster.client_retry,
    );
    let mut failures = Vec::new();
    let mut next_rest_check = spec.heal_at;
    let mut end = SimTime::ZERO;
    loop {
        let next_event = sim.next_time();
        if let Some(n) = nemesis.as_mut() {
            if let Some(t) = n.next_time().filter(|&t| next_event.is_none_or(|e| t <= e)) {
                if t < spec.heal_at {
                    n.act(&mut sim);
                    continue;
                }
            }
        }
        if !healed && next_event.is_none_or(|t| t >= spec.heal_at) {
            // Everything the nemesis did is in the log now; the heal follows from it.
            spec.actions = sim.commands().to_vec();
            spec.limit = spec.limit + backlog_allowance(&sim, &spec.cluster);
            for c in spec.heal_commands() {
                sim.schedule(c).expect("the heal comes after the actions");
            }
            healed = true;
            continue;
        }
        let Some(t) = next_event else { break };
        if t > spec.limit {
            break;
        }
        let ev = match sim.step() {
            Ok(Some(ev)) => ev,
            Ok(None) => break,
            Err(e) => {
                failures.push(Failure::Engine(e.to_string()));
                break;
            }
        };
        end = ev.time;
        observe(&sim, &ev);
        checker.observe(&sim, &ev);
        if !checker.is_clean() {
            break;
        }
        liveness.observe(&sim, &ev);
        if let Some(stall) = liveness.stall() {
            failures.push(Failure::Liveness(stall.clone()));
            break;
        }
        if let Some(n) = nemesis.as_mut() {
            n.react(&mut sim, &ev);
        }
        if ev.time >= next_rest_check {
            next_rest_check = ev.time + REST_CHECK;
            if LivenessMonitor::converged(&sim) {
                break;
            }
        }
    }
    if !healed {
        // Stopped before the heal: what the nemesis scheduled so far is the run.
        spec.actions = sim.commands().to_vec();
    }
    failures.splice(
        0..0,
        Property::FIGURE_3
            .iter()
            .chain(&Property::LEMMAS)
            .filter_map(|&p| checker.first(p).cloned().map(Failure::Safety)),
    );
    if failures.is_empty() && !LivenessMonitor::converged(&sim) {
        failures.push(Failure::Liveness(Stall {
            what: format!(
                "not at rest {} after the final heal: {}",
                spec.limit - spec.heal_at,
                LivenessMonitor::unrest(&sim)
            ),
            time: end,
            event: sim.events().saturating_sub(1),
        }));
    }
    let history: Vec<_> = sim
        .nodes()
        .iter()
        .filter_map(Actor::as_client)
        .flat_map(|c| c.history().iter().cloned())
        .collect();
    if failures.is_empty() {
        match linearizability::check(&history) {
            Verdict::Linearizable => {}
            Verdict::Violation(v) => failures.push(Failure::Linearizability(v.to_string())),
            Verdict::Undecided { key } => failures.push(Failure::Undecided(format!(
                "the search on key '{key}' ran out of its budget"
            ))),
        }
    }
    let report = RunReport {
        seed: spec.seed,
        servers: spec.cluster.servers,
        events: sim.events(),
        trace_hash: sim.trace_hash(),
        client_ops: history.len(),
        end,
        failures,
        spec,
        features: Features::default(),
        claims: liveness.claims(),
    };
    (report, sim)
}

/// Slow disks make every client operation slower, and clients queue what they are asked
/// to do: a backlog built up during the faults takes longer to drain than the window for
/// coming to rest allows, while answers keep coming (at 100 ms a write, about 300 ms an
/// operation). Each operation waiting at the heal adds four disk writes to the window (a
/// write in progress and its own, on the leader, then on a follower); without disks,
/// nothing. The run's limit, and so its replay's `--until-ms`, include it.
fn backlog_allowance(sim: &RaftSim, cluster: &ClusterConfig) -> Duration {
    let waiting: u64 = sim
        .nodes()
        .iter()
        .filter_map(Actor::as_client)
        .map(|c| {
            let v = c.view();
            u64::from(v.queued) + u64::from(v.outstanding.is_some())
        })
        .sum();
    Duration(waiting * 4 * cluster.raft.disk_write.as_micros())
}

/// A failing run made small: its spec, its report, and how many replays shrinking took.
#[derive(Clone, Debug)]
pub struct Shrunk {
    pub spec: RunSpec,
    pub report: RunReport,
    pub replays: u32,
}

/// Drop actions from a failing run while a failure of kind `kind` persists (delta debugging:
/// halves, then quarters, down to single actions, until no single action can go), replaying
/// at most `budget` times.
pub fn shrink(spec: &RunSpec, kind: FailureKind, budget: u32) -> Shrunk {
    let fails = |s: &RunSpec| {
        let r = replay(s);
        r.failures.iter().any(|f| f.kind() == kind).then_some(r)
    };
    let mut best = spec.clone();
    let mut report = fails(&best).unwrap_or_else(|| replay(&best));
    let mut replays = 1;
    let mut chunk = best.actions.len().div_ceil(2).max(1);
    'outer: loop {
        let mut removed = false;
        let mut i = 0;
        while i < best.actions.len() {
            if replays >= budget {
                break 'outer;
            }
            let mut candidate = best.clone();
            let to = (i + chunk).min(candidate.actions.len());
            candidate.actions.drain(i..to);
            replays += 1;
            match fails(&candidate) {
                Some(r) => {
                    best = candidate;
                    report = r;
                    removed = true;
                }
                None => i += chunk,
            }
        }
        if chunk == 1 && !removed {
            break;
        }
        chunk = (chunk / 2).max(1);
    }
    Shrunk {
        spec: best,
        report,
        replays,
    }
}
