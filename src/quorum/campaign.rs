//! Seeded fault campaigns for the quorum store: each seed draws latencies, a workload of
//! puts and gets on one to three keys from every client, and episodes of faults (crashes,
//! partitions that may split the clients too, loss); at the end every fault is healed.
//! The clients' history is then checked for linearizability.

use super::{history, QActor, QInput, QuorumConfig};
use crate::check::linearizability::{self, Verdict};
use crate::raft::Op;
use crate::sim::sort;
use crate::sim::{Action, Command, Duration, NodeId, Rng, Sim, SimTime, Stream};

/// What one seed's run came to.
#[derive(Clone, Debug)]
pub struct QReport {
    pub seed: u64,
    pub ops: usize,
    pub answered: usize,
    pub verdict: Verdict,
    pub trace_hash: u64,
}

impl QReport {
    pub fn violated(&self) -> bool {
        matches!(self.verdict, Verdict::Violation(_))
    }
}

/// The seed's latencies, workload and faults as commands, up to `chaos` (then healed).
pub fn plan(
    seed: u64,
    base: &QuorumConfig,
    chaos: SimTime,
) -> (QuorumConfig, Vec<Command<QInput>>) {
    let mut rng = Rng::new(seed, Stream::Faults);
    let mut config = base.clone();
    let hi = rng.between(5, 40);
    config.net.latency_min = Duration::from_millis(rng.between(1, hi));
    config.net.latency_max = Duration::from_millis(hi);
    let mut commands = Vec::new();
    let at = |t: u64, action| Command {
        at: SimTime(t),
        action,
    };
    let everyone = config.nodes + config.clients;
    // Faults: a few episodes, each undone after a while.
    for _ in 0..rng.between(1, 8) {
        let start = rng.below(chaos.as_micros());
        let end = (start + rng.between(50_000, 1_500_000)).min(chaos.as_micros());
        match rng.below(3) {
            0 => {
                let node = NodeId(rng.below(u64::from(config.nodes)) as u8);
                commands.push(at(start, Action::Crash(node)));
                commands.push(at(end, Action::Restart(node)));
            }
            1 => {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                for id in (0..everyone).map(NodeId) {
                    if rng.chance_ppm(500_000) {
                        a.push(id);
                    } else {
                        b.push(id);
                    }
                }
                commands.push(at(start, Action::Partition(vec![a, b])));
                commands.push(at(end, Action::HealAll));
            }
            _ => {
                let ppm = rng.between(50_000, 400_000) as u32;
                commands.push(at(start, Action::SetLoss { ppm }));
                commands.push(at(end, Action::SetLoss { ppm: 0 }));
            }
        }
    }
    // The workload: puts with unique values and gets, on one or two keys.
    let mut work = Rng::new(seed, Stream::Workload);
    let keys = work.between(1, 3);
    for client in config.client_ids().collect::<Vec<_>>() {
        let mut t = 0;
        let mut n = 0;
        loop {
            t += work.between(20_000, 250_000);
            if t >= chaos.as_micros() {
                break;
            }
            n += 1;
            let key = ["x", "y", "z"][work.below(keys) as usize].to_string();
            let op = if work.chance_ppm(500_000) {
                Op::Put {
                    key,
                    value: format!("{}.{n}", client.0),
                }
            } else {
                Op::Get { key }
            };
            commands.push(at(t, Action::Input(client, QInput::Submit(op))));
        }
    }
    // Everything healed at the end of the chaos.
    for node in (0..config.nodes).map(NodeId) {
        commands.push(at(chaos.as_micros(), Action::Restart(node)));
    }
    commands.push(at(chaos.as_micros(), Action::HealAll));
    commands.push(at(chaos.as_micros(), Action::SetLoss { ppm: 0 }));
    sort::sort_by_key(&mut commands, |c| c.at);
    (config, commands)
}

/// Run one seed: `chaos` of faults, then the rest of `until` to settle.
pub fn run(seed: u64, base: &QuorumConfig, chaos: SimTime, until: SimTime) -> QReport {
    let (config, commands) = plan(seed, base, chaos);
    let mut sim: Sim<QActor> = config.build(seed);
    for c in commands {
        // A restart of a node that is up is refused by nothing and does nothing.
        sim.schedule(c).expect("the plan names nodes of the store");
    }
    sim.run_until(until).expect("the store's run completes");
    let h = history(&sim);
    QReport {
        seed,
        ops: h.len(),
        answered: h.iter().filter(|o| o.completed.is_some()).count(),
        verdict: linearizability::check(&h),
        trace_hash: sim.trace_hash(),
    }
}
