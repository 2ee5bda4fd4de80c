//! `ringleader reads`: what each way of reading costs, and what each teaching switch risks.

use super::Args;
use ringleader::check::campaign::{self, CampaignConfig, Failure};
use ringleader::check::linearizability::{self, Verdict};
use ringleader::raft::{Break, Breaks, ClientSetup, ClusterConfig, HistoryOp, Load, Op, ReadPath};
use ringleader::sim::sort;
use ringleader::sim::{NodeId, SimTime};

pub fn reads(args: &Args) -> Result<(), String> {
    args.reject_unknown(&["seed", "seconds", "seeds"])?;
    let seed: u64 = args.num("seed", 1, 0, u64::MAX)?;
    let seconds: u64 = args.num("seconds", 10, 1, 3600)?;
    let seeds: u64 = args.num("seeds", 500, 0, 1_000_000)?;

    // Cost: five servers, 10–20 ms links, three clients that read 80 % of the time.
    println!(
        "cost: 5 servers, 10-20 ms links, 3 clients reading 80 % of {seconds} s (seed {seed})"
    );
    println!(
        "{:<11} {:>6} {:>10} {:>8} {:>12} {:>13}",
        "read path", "reads", "median_ms", "p99_ms", "log_entries", "linearizable"
    );
    for path in ReadPath::ALL {
        let load = Load {
            read_pct: 80,
            keys: 2,
            think_ms: 50,
        };
        let cfg = ClusterConfig {
            servers: 5,
            clients: 3,
            setups: vec![
                ClientSetup {
                    read: path,
                    load: Some(load)
                };
                3
            ],
            ..ClusterConfig::default()
        };
        let mut sim = cfg.build(seed);
        sim.run_until(SimTime::from_millis(seconds * 1000))
            .map_err(|e| e.to_string())?;
        let history: Vec<HistoryOp> = cfg
            .client_ids()
            .flat_map(|c| sim.node(c).as_client().map(|c| c.history().to_vec()))
            .flatten()
            .collect();
        let mut latencies: Vec<u64> = history
            .iter()
            .filter(|h| matches!(h.op, Op::Get { .. }))
            .filter_map(|h| {
                h.completed
                    .as_ref()
                    .map(|(t, _)| (*t - h.invoked_at).as_micros())
            })
            .collect();
        sort::sort(&mut latencies);
        let at = |q: usize| {
            latencies.get((latencies.len() * q / 100).min(latencies.len().saturating_sub(1)))
        };
        let ms = |v: Option<&u64>| v.map_or("-".into(), |v| format!("{:.1}", *v as f64 / 1000.0));
        let log = cfg
            .server_ids()
            .filter_map(|s: NodeId| sim.node(s).as_server().map(|s| s.last_index().0))
            .max()
            .unwrap_or(0);
        let verdict = match linearizability::check(&history) {
            Verdict::Linearizable => "yes",
            Verdict::Violation(_) => "NO",
            _ => "undecided",
        };
        println!(
            "{:<11} {:>6} {:>10} {:>8} {:>12} {:>13}",
            path.name(),
            latencies.len(),
            ms(at(50)),
            ms(at(99)),
            log,
            verdict
        );
    }

    // Risk: the fault campaign with every client on one path, with and without the switch
    // that breaks it.
    if seeds == 0 {
        return Ok(());
    }
    println!();
    println!("risk: the fault campaign, every client on one path, seeds 1-{seeds}");
    println!(
        "{:<11} {:<20} {:>10} {:>11}",
        "read path", "switch", "violations", "first_seed"
    );
    let rows = [
        (ReadPath::Log, None),
        (ReadPath::ReadIndex, None),
        (ReadPath::Lease, None),
        (ReadPath::ReadIndex, Some(Break::UnconfirmedReads)),
        (ReadPath::Lease, Some(Break::UnconfirmedReads)),
        (ReadPath::Lease, Some(Break::LongLease)),
        (ReadPath::Lease, Some(Break::LeaseIgnoresDrift)),
    ];
    for (path, switch) in rows {
        let mut breaks = Breaks::default();
        if let Some(b) = switch {
            breaks.set(b, true);
        }
        let cfg = CampaignConfig {
            breaks,
            reads: Some(path),
            ..CampaignConfig::default()
        };
        let failing: Vec<u64> = (1..=seeds)
            .filter(|&s| {
                campaign::run(s, &cfg)
                    .failures
                    .iter()
                    .any(|f| matches!(f, Failure::Linearizability(_) | Failure::Safety(_)))
            })
            .collect();
        println!(
            "{:<11} {:<20} {:>10} {:>11}",
            path.name(),
            switch.map_or("-", Break::name),
            failing.len(),
            failing.first().map_or("-".into(), u64::to_string)
        );
    }
    Ok(())
}
