//! `ringleader raft`, `fuzz` and `elections`.

use super::{percent_to_ppm, Args};
use ringleader::check::campaign::{self, CampaignConfig};
use ringleader::check::linearizability::{self, Verdict};
use ringleader::check::SafetyChecker;
use ringleader::raft::{busy_clients, Actor, Breaks, ClusterConfig, Command, Role};
use ringleader::sim::{Action, Command as SimCommand, NodeId, SimTime};
use std::collections::BTreeMap;
use std::time::Instant;

fn breaks(args: &Args) -> Result<Breaks, String> {
    let mut b = Breaks::default();
    for rule in args.all("break") {
        b.set_named(rule)?;
    }
    Ok(b)
}

/// `N@MS` with N a 1-based server number.
fn node_at(spec: &str, flag: &str, servers: u8) -> Result<(NodeId, SimTime), String> {
    let (node, ms) = spec
        .split_once('@')
        .ok_or_else(|| format!("--{flag}: '{spec}' is not NODE@MS"))?;
    let node = parse_node(node, flag, servers)?;
    let ms: u64 = ms
        .parse()
        .map_err(|_| format!("--{flag}: '{ms}' is not a time in ms"))?;
    Ok((node, SimTime::from_millis(ms)))
}

fn parse_node(s: &str, flag: &str, servers: u8) -> Result<NodeId, String> {
    s.trim()
        .parse::<u8>()
        .ok()
        .filter(|&k| k >= 1 && k <= servers)
        .map(|k| NodeId(k - 1))
        .ok_or_else(|| format!("--{flag}: node '{s}' is not in 1..={servers}"))
}

pub fn raft(args: &Args) -> Result<(), String> {
    args.reject_unknown(&[
        "seed",
        "nodes",
        "clients",
        "until-ms",
        "loss",
        "crash",
        "restart",
        "partition",
        "heal-ms",
        "pre-vote",
        "check-quorum",
        "break",
    ])?;
    let seed: u64 = args.num("seed", 1, 0, u64::MAX)?;
    let servers: u8 = args.num("nodes", 5, 1, 9)?;
    let clients: u8 = args.num("clients", 1, 0, 8)?;
    let until = SimTime::from_millis(args.num("until-ms", 3000, 0, 86_400_000)?);
    let loss: u32 = args.num("loss", 0, 0, 100)?;
    let mut cfg = ClusterConfig {
        servers,
        clients,
        workload: (clients > 0).then(|| busy_clients(3, until)),
        ..ClusterConfig::default()
    };
    cfg.raft.pre_vote = args.has("pre-vote");
    cfg.raft.check_quorum = args.has("check-quorum");
    cfg.raft.breaks = breaks(args)?;
    let mut commands = vec![SimCommand {
        at: SimTime::ZERO,
        action: Action::SetLoss {
            ppm: percent_to_ppm(loss),
        },
    }];
    for spec in args.all("crash") {
        let (n, at) = node_at(spec, "crash", servers)?;
        commands.push(SimCommand {
            at,
            action: Action::Crash(n),
        });
    }
    for spec in args.all("restart") {
        let (n, at) = node_at(spec, "restart", servers)?;
        commands.push(SimCommand {
            at,
            action: Action::Restart(n),
        });
    }
    for spec in args.all("partition") {
        let (groups, ms) = spec
            .split_once('@')
            .ok_or_else(|| format!("--partition: '{spec}' is not GROUPS@MS"))?;
        let groups = groups
            .split('|')
            .map(|g| {
                g.split(',')
                    .map(|n| parse_node(n, "partition", servers))
                    .collect()
            })
            .collect::<Result<Vec<Vec<NodeId>>, String>>()?;
        let ms: u64 = ms
            .parse()
            .map_err(|_| format!("--partition: '{ms}' is not ms"))?;
        commands.push(SimCommand {
            at: SimTime::from_millis(ms),
            action: Action::Partition(groups),
        });
    }
    if args.has("heal-ms") {
        let ms: u64 = args.num("heal-ms", 0, 0, 86_400_000)?;
        commands.push(SimCommand {
            at: SimTime::from_millis(ms),
            action: Action::HealAll,
        });
    }
    commands.sort_by_key(|c| c.at);

    let mut sim = cfg.build(seed);
    for c in commands {
        sim.schedule(c).map_err(|e| e.to_string())?;
    }
    let mut checker = SafetyChecker::new();
    let mut leaders: BTreeMap<u64, (NodeId, SimTime)> = BTreeMap::new();
    while sim.next_time().is_some_and(|t| t <= until) {
        let Some(ev) = sim.step().map_err(|e| e.to_string())? else {
            break;
        };
        checker.observe(&sim, &ev);
        if let (Some(id), Some(_)) = (ev.node, &ev.changed) {
            if let Some(s) = sim.node(id).as_server() {
                if s.role() == Role::Leader {
                    leaders.entry(s.term().0).or_insert((id, ev.time));
                }
            }
        }
    }
    println!(
        "seed={seed} servers={servers} clients={clients} until={}",
        sim.now()
    );
    for (term, (id, at)) in &leaders {
        println!("term {term}: leader {id} elected at {at}");
    }
    for s in sim.nodes().iter().filter_map(Actor::as_server) {
        let noops = s
            .log()
            .entries()
            .iter()
            .filter(|e| e.command == Command::Noop)
            .count();
        println!(
            "{} {:9} term={} log={} (no-ops {}) commit={} applied={}",
            s.id(),
            s.role().name(),
            s.term(),
            s.log().len(),
            noops,
            s.commit_index(),
            s.last_applied()
        );
    }
    let history: Vec<_> = sim
        .nodes()
        .iter()
        .filter_map(Actor::as_client)
        .flat_map(|c| c.history().iter().cloned())
        .collect();
    let done = history.iter().filter(|h| h.completed.is_some()).count();
    println!(
        "client operations: {} invoked, {done} answered",
        history.len()
    );
    match linearizability::check(&history) {
        Verdict::Linearizable => println!("linearizability: ok"),
        Verdict::Violation(v) => println!("linearizability: VIOLATED: {v}"),
        Verdict::Undecided { key } => println!("linearizability: undecided on key {key}"),
    }
    println!("safety violations: {}", checker.total_violations());
    for v in checker.violations() {
        println!("  {v}");
    }
    println!(
        "events={} trace_hash={:016x}",
        sim.events(),
        sim.trace_hash()
    );
    Ok(())
}

pub fn fuzz(args: &Args) -> Result<(), String> {
    args.reject_unknown(&["seeds", "start", "nodes", "break"])?;
    let seeds: u64 = args.num("seeds", 1000, 1, u64::MAX)?;
    let start: u64 = args.num("start", 1, 0, u64::MAX)?;
    let cfg = CampaignConfig {
        servers: if args.has("nodes") {
            Some(args.num("nodes", 5, 1, 9)?)
        } else {
            None
        },
        breaks: breaks(args)?,
        ..CampaignConfig::default()
    };
    let clock = Instant::now();
    let (mut failed, mut events, mut ops) = (Vec::new(), 0u64, 0usize);
    for seed in start..start.saturating_add(seeds) {
        let report = campaign::run(seed, &cfg);
        events += report.events;
        ops += report.client_ops;
        if !report.failures.is_empty() {
            println!("seed {seed} ({} servers):", report.servers);
            for f in &report.failures {
                println!("  {f}");
            }
            failed.push(seed);
        }
    }
    let secs = clock.elapsed().as_secs_f64();
    println!("events={events} client_ops={ops} wall={secs:.1}s");
    if !failed.is_empty() {
        let list: Vec<String> = failed.iter().map(u64::to_string).collect();
        println!("failing seeds: {}", list.join(" "));
    }
    println!(
        "runs={seeds} violations={} seeds_per_sec={:.1}",
        failed.len(),
        seeds as f64 / secs
    );
    Ok(())
}

pub fn elections(args: &Args) -> Result<(), String> {
    args.reject_unknown(&["seeds", "nodes"])?;
    let seeds: u64 = args.num("seeds", 1000, 1, 1_000_000)?;
    let servers: u8 = args.num("nodes", 5, 1, 9)?;
    let cfg = ClusterConfig {
        servers,
        clients: 0,
        ..ClusterConfig::default()
    };
    let limit = SimTime::from_millis(60_000);
    let mut times = Vec::new();
    let mut none = 0;
    for seed in 1..=seeds {
        let mut sim = cfg.build(seed);
        let mut elected = None;
        while let Some(t) = sim.next_time() {
            if t > limit {
                break;
            }
            let Some(ev) = sim.step().map_err(|e| e.to_string())? else {
                break;
            };
            if let Some(id) = ev.node {
                if sim
                    .node(id)
                    .as_server()
                    .is_some_and(|s| s.role() == Role::Leader)
                {
                    elected = Some(ev.time);
                    break;
                }
            }
        }
        match elected {
            Some(t) => times.push(t.as_micros()),
            None => none += 1,
        }
    }
    times.sort_unstable();
    let pick = |q: u64| {
        times
            .get(((times.len() as u64 - 1) * q / 100) as usize)
            .copied()
    };
    let ms = |us: Option<u64>| us.map_or("-".into(), |u| format!("{:.1} ms", u as f64 / 1000.0));
    println!(
        "first election, {servers} servers, {seeds} seeds: median={} p99={} max={} no_leader={none}",
        ms(pick(50)),
        ms(pick(99)),
        ms(times.last().copied())
    );
    Ok(())
}
