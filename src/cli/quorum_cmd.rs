//! `ringleader quorum`: the Dynamo-style store on the ring under a seeded fault campaign.

use super::Args;
use ringleader::check::linearizability::Verdict;
use ringleader::quorum::{campaign, QuorumConfig};
use ringleader::sim::{Duration, SimTime};

pub fn quorum(args: &Args) -> Result<(), String> {
    args.reject_unknown(&[
        "nodes",
        "clients",
        "n",
        "w",
        "r",
        "write-back",
        "read-repair",
        "sloppy",
        "seeds",
        "start",
        "chaos-ms",
        "timeout-ms",
        "sweep",
    ])?;
    if args.has("sweep") {
        return sweep(args);
    }
    let config = QuorumConfig {
        nodes: args.num("nodes", 5, 1, 9)?,
        clients: args.num("clients", 3, 1, 5)?,
        n: args.num("n", 3, 1, 9)?,
        w: args.num("w", 2, 1, 9)?,
        r: args.num("r", 2, 1, 9)?,
        write_back: args.has("write-back"),
        read_repair: args.has("read-repair"),
        sloppy: args.has("sloppy"),
        timeout: Duration::from_millis(args.num("timeout-ms", 100, 1, 60_000)?),
        ..QuorumConfig::default()
    };
    config.validate().map_err(|e| e.to_string())?;
    let seeds: u64 = args.num("seeds", 1000, 1, 10_000_000)?;
    let start: u64 = args.num("start", 1, 0, u64::MAX)?;
    let chaos = SimTime::from_millis(args.num("chaos-ms", 4000, 0, 3_600_000)?);
    let until = chaos + Duration::from_millis(3000);
    println!(
        "store: {} nodes, {} clients, N={} W={} R={} (R+W{}N){}{}{}",
        config.nodes,
        config.clients,
        config.n,
        config.w,
        config.r,
        if config.overlapping() { ">" } else { "<=" },
        if config.write_back {
            ", write-back"
        } else {
            ""
        },
        if config.read_repair {
            ", read repair"
        } else {
            ""
        },
        if config.sloppy {
            ", sloppy quorum with hinted handoff"
        } else {
            ""
        },
    );
    let (mut violations, mut undecided, mut ops, mut answered) = (0u64, 0u64, 0usize, 0usize);
    let mut first: Option<campaign::QReport> = None;
    let mut failing = Vec::new();
    for seed in start..start.saturating_add(seeds) {
        let report = campaign::run(seed, &config, chaos, until);
        ops += report.ops;
        answered += report.answered;
        match &report.verdict {
            Verdict::Violation(_) => {
                violations += 1;
                failing.push(seed);
                first.get_or_insert(report);
            }
            Verdict::Undecided { .. } => undecided += 1,
            Verdict::Linearizable => {}
        }
    }
    println!(
        "operations: {ops} invoked, {answered} answered ({:.1} %)",
        100.0 * answered as f64 / ops.max(1) as f64
    );
    if let Some(r) = first {
        if let Verdict::Violation(v) = &r.verdict {
            println!("first failing seed {}: {v}", r.seed);
        }
        let shown: Vec<String> = failing.iter().take(30).map(u64::to_string).collect();
        println!("failing seeds: {}", shown.join(" "));
    }
    println!("runs={seeds} violations={violations} undecided={undecided}");
    Ok(())
}

/// `--sweep`: the same campaign for each quorum setting of N = 3 on five nodes, side by side:
/// how often the history is not linearizable, and how many operations were answered at all.
fn sweep(args: &Args) -> Result<(), String> {
    let seeds: u64 = args.num("seeds", 300, 1, 1_000_000)?;
    let chaos = SimTime::from_millis(args.num("chaos-ms", 4000, 0, 3_600_000)?);
    let until = chaos + Duration::from_millis(3000);
    println!(
        "5 nodes, 3 clients, N = 3, seeds 1-{seeds}, {} ms of faults",
        chaos.as_micros() / 1000
    );
    println!(
        "{:<4} {:<4} {:<8} {:<11} {:<7} {:>16} {:>10}",
        "W", "R", "R+W>N", "write-back", "sloppy", "not linearizable", "answered"
    );
    let rows: [(u8, u8, bool, bool); 8] = [
        (1, 1, false, false),
        (1, 3, false, false),
        (3, 1, false, false),
        (2, 2, false, false),
        (2, 2, true, false),
        (3, 3, true, false),
        (1, 1, true, false),
        (2, 2, true, true),
    ];
    for (w, r, write_back, sloppy) in rows {
        let config = QuorumConfig {
            nodes: 5,
            clients: 3,
            n: 3,
            w,
            r,
            write_back,
            sloppy,
            ..QuorumConfig::default()
        };
        let (mut bad, mut ops, mut answered) = (0u64, 0usize, 0usize);
        for seed in 1..=seeds {
            let report = campaign::run(seed, &config, chaos, until);
            bad += u64::from(report.violated());
            ops += report.ops;
            answered += report.answered;
        }
        println!(
            "{:<4} {:<4} {:<8} {:<11} {:<7} {:>16} {:>9.1}%",
            w,
            r,
            if config.overlapping() { "yes" } else { "no" },
            if write_back { "yes" } else { "no" },
            if sloppy { "yes" } else { "no" },
            format!("{bad}/{seeds}"),
            100.0 * answered as f64 / ops.max(1) as f64
        );
    }
    Ok(())
}
