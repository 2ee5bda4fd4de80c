//! The lean path (`Sim::step_lean`, `Sim::step_hashed`) runs the same simulation as the full
//! path (`Sim::step`): the same events in the same order and the same states, only less of
//! it written down. Checked on ping networks and on the fault campaign's Raft runs.

use ringleader::check::campaign::{self, CampaignConfig};
use ringleader::raft::{Actor, RaftSim};
use ringleader::sim::ping::{ping_sim, PingNode};
use ringleader::sim::{Action, Command, Duration, Node, NodeId, Sim, SimTime};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Path {
    Full,
    Hashed,
    Lean,
}

/// What a run ended as: everything but the records.
#[derive(Debug, PartialEq)]
struct Outcome<V> {
    events: u64,
    now: SimTime,
    stats: ringleader::sim::Stats,
    views: Vec<V>,
    alive: Vec<bool>,
    in_flight: Vec<(u64, u8, u8, SimTime)>,
    /// The time and node of every event, in order.
    steps: Vec<(SimTime, Option<NodeId>)>,
    hash: Option<u64>,
}

fn drive<N: Node>(mut sim: Sim<N>, until: SimTime, path: Path) -> Outcome<N::View> {
    let mut steps = Vec::new();
    while sim.next_time().is_some_and(|t| t <= until) {
        let step = match path {
            Path::Full => sim.step().unwrap().map(|e| (e.time, e.node)),
            Path::Hashed => sim.step_hashed().unwrap().map(|e| (e.time, e.node)),
            Path::Lean => sim.step_lean().unwrap().map(|e| (e.time, e.node)),
        };
        steps.extend(step);
    }
    sim.refresh_views();
    let n = sim.node_count();
    Outcome {
        events: sim.events(),
        now: sim.now(),
        stats: sim.stats(),
        views: sim.views().to_vec(),
        alive: (0..n).map(|i| sim.is_alive(NodeId(i))).collect(),
        in_flight: sim
            .in_flight()
            .map(|e| (e.id.0, e.from.0, e.to.0, e.arrives_at))
            .collect(),
        steps,
        hash: sim.hash_covers_the_run().then(|| sim.trace_hash()),
    }
}

fn at(ms: u64, action: Action<()>) -> Command<()> {
    Command {
        at: SimTime::from_millis(ms),
        action,
    }
}

/// A ping network with loss, duplication, a crash, a restart, a pause and a cut.
fn ping_run(seed: u64) -> Sim<PingNode> {
    let mut sim = ping_sim(seed, 6);
    for c in [
        at(0, Action::SetLoss { ppm: 150_000 }),
        at(0, Action::SetDuplication { ppm: 50_000 }),
        at(250, Action::Crash(NodeId(1))),
        at(400, Action::Pause(NodeId(2))),
        at(
            450,
            Action::Cut {
                from: NodeId(3),
                to: NodeId(2),
            },
        ),
        at(700, Action::Restart(NodeId(1))),
        at(900, Action::Resume(NodeId(2))),
        at(950, Action::Crash(NodeId(4))),
    ] {
        sim.schedule(c).unwrap();
    }
    sim
}

#[test]
fn ping_runs_end_the_same_on_every_path_and_hash_the_same() {
    let until = SimTime::from_millis(1500);
    for seed in 1..=40 {
        let full = drive(ping_run(seed), until, Path::Full);
        let hashed = drive(ping_run(seed), until, Path::Hashed);
        let lean = drive(ping_run(seed), until, Path::Lean);
        assert!(full.events > 500, "seed {seed}: {} events", full.events);
        assert_eq!(full, hashed, "seed {seed}: hashed");
        assert_eq!(lean.hash, None);
        assert_eq!(Outcome { hash: None, ..full }, lean, "seed {seed}: lean");
    }
}

/// The fault campaign's runs (crashes, partitions, pauses, loss, clients) replayed three ways.
fn campaign_sim(seed: u64) -> (RaftSim, SimTime) {
    let spec = campaign::run(seed, &CampaignConfig::default()).spec;
    let mut sim = spec.cluster.build(spec.seed);
    for c in spec.commands() {
        sim.schedule(c).unwrap();
    }
    (sim, spec.limit)
}

#[test]
fn raft_campaign_runs_end_the_same_on_every_path_and_hash_the_same() {
    for seed in 1..=25 {
        let (sim, until) = campaign_sim(seed);
        let full = drive::<Actor>(sim.clone(), until, Path::Full);
        let hashed = drive::<Actor>(sim.clone(), until, Path::Hashed);
        let lean = drive::<Actor>(sim, until, Path::Lean);
        assert!(full.events > 300, "seed {seed}: {} events", full.events);
        assert_eq!(full, hashed, "seed {seed}: hashed");
        assert_eq!(Outcome { hash: None, ..full }, lean, "seed {seed}: lean");
    }
}

#[test]
fn after_a_lean_stretch_the_full_path_records_what_a_full_run_records() {
    // A batch run can go fast to an interesting moment, then record from there: the records
    // from that moment on are those of a run recorded from the start.
    let (sim, _) = campaign_sim(7);
    let mut recorded = sim.clone();
    let mut fast = sim;
    let mut full_trace = Vec::new();
    for _ in 0..3000 {
        full_trace.push(recorded.step().unwrap().unwrap());
    }
    for _ in 0..2000 {
        fast.step_lean().unwrap().unwrap();
    }
    assert!(!fast.hash_covers_the_run());
    for expected in &full_trace[2000..] {
        assert_eq!(&fast.step().unwrap().unwrap(), expected);
    }
    assert_eq!(fast.stats(), recorded.stats());
}

#[test]
fn in_flight_lists_messages_in_the_order_they_were_sent() {
    let mut sim = ping_sim(3, 5);
    sim.schedule(at(
        0,
        Action::SetLatency {
            min: Duration::from_millis(1),
            max: Duration::from_millis(300),
        },
    ))
    .unwrap();
    sim.run_until_lean(SimTime::from_millis(900)).unwrap();
    let ids: Vec<u64> = sim.in_flight().map(|e| e.id.0).collect();
    assert!(ids.len() > 10, "{ids:?}");
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert_eq!(ids.len(), sim.in_flight_count());
}
