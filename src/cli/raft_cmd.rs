//! `ringleader raft`, `fuzz` and `elections`.

use super::{percent_to_ppm, Args};
use ringleader::check::campaign::{self, CampaignConfig, Failure, FailureKind};
use ringleader::check::linearizability::{self, Verdict};
use ringleader::check::liveness::Claims;
use ringleader::check::{repro, SafetyChecker};
use ringleader::raft::{
    busy_clients, Actor, Breaks, ClientSetup, ClusterConfig, Command, RaftSim, ReadPath, Role,
};
use ringleader::share::{self, link, ClusterSpec, Moment, RingSpec, Run, ViewSpec};
use ringleader::sim::map::SortedMap;
use ringleader::sim::sort;
use ringleader::sim::{Action, Command as SimCommand, Duration, NodeId, SimTime, Trace};
use std::time::Instant;

fn breaks(args: &Args) -> Result<Breaks, String> {
    let mut b = Breaks::default();
    for rule in args.all("break") {
        b.set_named(rule)?;
    }
    Ok(b)
}

pub(super) fn read_path(name: &str) -> Result<ReadPath, String> {
    ReadPath::parse(name).ok_or_else(|| {
        let names: Vec<&str> = ReadPath::ALL.iter().map(|p| p.name()).collect();
        format!("--read: '{name}' is not one of {}", names.join(", "))
    })
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
        "workload",
        "latency",
        "client-retry-ms",
        "at",
        "final-heal-ms",
        "read",
        "clock",
        "drift-bound",
        "disk-ms",
    ])?;
    // Its runs are printed as share links: the page's bound on seeds.
    let seed: u64 = args.num("seed", 1, 0, share::MAX_SEED)?;
    let servers: u8 = args.num("nodes", 5, 1, 9)?;
    let clients: u8 = args.num("clients", 1, 0, 8)?;
    let ms = |flag: &str, default: u64| -> Result<SimTime, String> {
        match args.all(flag).last() {
            None => Ok(SimTime::from_millis(default)),
            Some(v) => repro::parse_ms(v)
                .map(SimTime)
                .map_err(|e| format!("--{flag}: {e}")),
        }
    };
    let until = ms("until-ms", 3000)?;
    let loss: u32 = args.num("loss", 0, 0, 100)?;
    let workload = match args.all("workload").last().map(String::as_str) {
        None | Some("busy") => (clients > 0).then(|| busy_clients(3, until)),
        Some("none") => None,
        Some(w) => return Err(format!("--workload: '{w}' is not busy or none")),
    };
    let mut cfg = ClusterConfig {
        servers,
        clients,
        workload,
        ..ClusterConfig::default()
    };
    cfg.raft.pre_vote = args.has("pre-vote");
    cfg.raft.check_quorum = args.has("check-quorum");
    cfg.raft.breaks = breaks(args)?;
    if let Some(r) = args.all("latency").last() {
        let (lo, hi) = r
            .split_once('-')
            .ok_or_else(|| format!("--latency: '{r}' is not LO-HI (ms)"))?;
        cfg.net.latency_min = Duration(repro::parse_ms(lo)?);
        cfg.net.latency_max = Duration(repro::parse_ms(hi)?);
    }
    if let Some(r) = args.all("client-retry-ms").last() {
        cfg.client_retry =
            Duration(repro::parse_ms(r).map_err(|e| format!("--client-retry-ms: {e}"))?);
    }
    // `--read C:PATH`: client C (1-based) reads by log, read-index or lease.
    for spec in args.all("read") {
        let (c, path) = spec
            .split_once(':')
            .ok_or_else(|| format!("--read: '{spec}' is not CLIENT:PATH"))?;
        let c = c
            .parse::<u8>()
            .ok()
            .filter(|&c| c >= 1 && c <= clients)
            .ok_or_else(|| format!("--read: client '{c}' is not in 1..={clients}"))?;
        let path = read_path(path)?;
        let i = usize::from(c - 1);
        if cfg.setups.len() <= i {
            cfg.setups.resize(i + 1, ClientSetup::default());
        }
        cfg.setups[i].read = path;
    }
    // `--clock N:PCT`: server N's clock runs at PCT % of real time.
    for spec in args.all("clock") {
        let (n, pct) = spec
            .split_once(':')
            .ok_or_else(|| format!("--clock: '{spec}' is not SERVER:PERCENT"))?;
        let n = parse_node(n, "clock", servers)?;
        let pct = pct
            .parse::<u16>()
            .ok()
            .filter(|p| share::limits::CLOCK_PCT.contains(p))
            .ok_or_else(|| format!("--clock: '{pct}' is not a percentage in 25..=400"))?;
        let i = usize::from(n.0);
        if cfg.clock_pct.len() <= i {
            cfg.clock_pct.resize(i + 1, 100);
        }
        cfg.clock_pct[i] = pct;
    }
    cfg.raft.drift_bound_pct = args.num("drift-bound", ringleader::raft::DRIFT_BOUND_PCT, 0, 50)?;
    if args.has("disk-ms") {
        let disk = ms("disk-ms", 0)?.0;
        if disk > u64::from(*share::limits::DISK_WRITE_MS.end()) * 1000 {
            return Err(format!(
                "--disk-ms: at most {} ms",
                share::limits::DISK_WRITE_MS.end()
            ));
        }
        cfg.raft.disk_write = Duration(disk);
    }
    let mut commands = Vec::new();
    if loss > 0 {
        commands.push(SimCommand {
            at: SimTime::ZERO,
            action: Action::SetLoss {
                ppm: percent_to_ppm(loss),
            },
        });
    }
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
        commands.push(SimCommand {
            at: ms("heal-ms", 0)?,
            action: Action::HealAll,
        });
    }
    for a in args.all("at") {
        commands
            .push(repro::parse_command(a, servers + clients).map_err(|e| format!("--at: {e}"))?);
    }
    sort::sort_by_key(&mut commands, |c| c.at);

    let mut leaders: SortedMap<u64, (NodeId, SimTime)> = SortedMap::new();
    let mut note_leader = |sim: &RaftSim, ev: &Trace<Actor>| {
        if let (Some(id), Some(_)) = (ev.node, &ev.changed) {
            if let Some(s) = sim.node(id).as_server() {
                if s.role() == Role::Leader {
                    leaders.entry(s.term().0).or_insert((id, ev.time));
                }
            }
        }
    };
    if args.has("final-heal-ms") {
        // A campaign run: the final heal, convergence and every check of the campaign.
        let heal_at = ms("final-heal-ms", 0)?;
        if commands.iter().any(|c| c.at >= heal_at) {
            return Err("--at: every action comes before --final-heal-ms".into());
        }
        let spec = campaign::RunSpec {
            seed,
            cluster: cfg,
            actions: commands,
            heal_at,
            limit: until.max(heal_at),
        };
        let (report, sim) = campaign::replay_observed(&spec, &mut note_leader);
        summary(&sim, seed, &leaders);
        println!(
            "stopped at {} ({})",
            report.end,
            if report.failures.is_empty() {
                "at rest after the final heal"
            } else {
                "failure"
            }
        );
        println!("failures: {}", report.failures.len());
        for f in &report.failures {
            println!("  {f}");
        }
        println!(
            "events={} trace_hash={:016x}",
            report.events, report.trace_hash
        );
        return Ok(());
    }

    let mut sim = cfg.build(seed);
    for c in commands {
        sim.schedule(c).map_err(|e| e.to_string())?;
    }
    let mut checker = SafetyChecker::new();
    while sim.next_time().is_some_and(|t| t <= until) {
        let Some(ev) = sim.step().map_err(|e| e.to_string())? else {
            break;
        };
        checker.observe(&sim, &ev);
        note_leader(&sim, &ev);
    }
    summary(&sim, seed, &leaders);
    let history: Vec<_> = sim
        .nodes()
        .iter()
        .filter_map(Actor::as_client)
        .flat_map(|c| c.history().iter().cloned())
        .collect();
    match linearizability::check(&history) {
        Verdict::Linearizable => println!("linearizability: ok"),
        Verdict::Violation(v) => println!("linearizability: VIOLATED: {v}"),
        Verdict::Undecided { key } => {
            println!("linearizability: UNDECIDED on key {key} (the search ran out of its budget)")
        }
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

/// Leaders per term, each server's state, and the clients' operations.
fn summary(sim: &RaftSim, seed: u64, leaders: &SortedMap<u64, (NodeId, SimTime)>) {
    let servers = sim.nodes().iter().filter_map(Actor::as_server).count();
    let clients = sim.nodes().iter().filter_map(Actor::as_client).count();
    println!(
        "seed={seed} servers={servers} clients={clients} until={}",
        sim.now()
    );
    for (term, (id, at)) in leaders {
        println!("term {term}: leader {id} elected at {at}");
    }
    for s in sim.nodes().iter().filter_map(Actor::as_server) {
        let noops = s
            .log()
            .entries()
            .filter(|e| e.command == Command::Noop)
            .count();
        println!(
            "{} {:9} term={} log={} (no-ops {}) commit={} applied={}{}",
            s.id(),
            s.role().name(),
            s.term(),
            s.log().len(),
            noops,
            s.commit_index(),
            s.last_applied(),
            if sim.is_alive(s.id()) { "" } else { " (down)" }
        );
    }
    let history: Vec<_> = sim
        .nodes()
        .iter()
        .filter_map(Actor::as_client)
        .flat_map(|c| c.history())
        .collect();
    let done = history.iter().filter(|h| h.completed.is_some()).count();
    println!(
        "client operations: {} invoked, {done} answered",
        history.len()
    );
}

pub fn fuzz(args: &Args) -> Result<(), String> {
    args.reject_unknown(&["seeds", "start", "nodes", "break", "shrink", "read"])?;
    let seeds: u64 = args.num("seeds", 1000, 1, u64::MAX)?;
    let start: u64 = args.num("start", 1, 0, u64::MAX)?;
    let shrink_first: u32 = args.num("shrink", 1, 0, 1000)?;
    let cfg = CampaignConfig {
        servers: if args.has("nodes") {
            Some(args.num("nodes", 5, 1, 9)?)
        } else {
            None
        },
        breaks: breaks(args)?,
        reads: match args.all("read").last() {
            None => None,
            Some(p) => Some(read_path(p)?),
        },
        ..CampaignConfig::default()
    };
    let clock = Instant::now();
    let (mut events, mut ops) = (0u64, 0usize);
    let mut claims = Claims::default();
    let mut failing: Vec<campaign::RunReport> = Vec::new();
    let (mut violations, mut undecided) = (0u64, 0u64);
    let mut kinds: SortedMap<FailureKind, u64> = SortedMap::new();
    for seed in start..start.saturating_add(seeds) {
        let report = campaign::run(seed, &cfg);
        events += report.events;
        ops += report.client_ops;
        claims.leaders += report.claims.leaders;
        claims.transfers += report.claims.transfers;
        claims.answers += report.claims.answers;
        if report.failures.is_empty() {
            continue;
        }
        println!(
            "seed {seed} ({} servers; {}):",
            report.servers, report.features
        );
        for f in &report.failures {
            println!("  {f}");
            *kinds.entry(f.kind()).or_default() += 1;
        }
        if report
            .failures
            .iter()
            .all(|f| f.kind() == FailureKind::Undecided)
        {
            undecided += 1;
        } else {
            violations += 1;
        }
        failing.push(report);
    }
    let secs = clock.elapsed().as_secs_f64();
    println!("events={events} client_ops={ops} wall={secs:.1}s");
    println!(
        "liveness claims kept: stable majorities led={} transfers completed={} answers on the majority side={}",
        claims.leaders, claims.transfers, claims.answers
    );
    if !failing.is_empty() {
        let list: Vec<String> = failing.iter().map(|r| r.seed.to_string()).collect();
        println!("failing seeds: {}", list.join(" "));
        let by_kind: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        println!("failures by kind: {}", by_kind.join(", "));
    }
    for report in failing.iter().take(shrink_first as usize) {
        let kind = report.failures[0].kind();
        let shrunk = campaign::shrink(&report.spec, kind, 3_000);
        println!(
            "seed {} shrunk to {} of {} actions ({} replays); it still fails with {kind}:",
            report.seed,
            shrunk.spec.actions.len(),
            report.spec.actions.len(),
            shrunk.replays
        );
        for f in shrunk
            .report
            .failures
            .iter()
            .filter(|f| f.kind() == kind)
            .take(1)
        {
            println!("  {f}");
        }
        println!("  replay: {}", repro::command_line(&shrunk.spec));
        match share_link(&shrunk.report, kind) {
            Ok(link) => println!("  open in the page: #run={link}"),
            Err(why) => println!("  no share link: {why}"),
        }
    }
    println!(
        "runs={seeds} violations={violations} undecided={undecided} seeds_per_sec={:.1}",
        seeds as f64 / secs
    );
    Ok(())
}

/// A share link that opens the run in the page at the event where the failure of `kind` was
/// seen (or at the end of the run for a verdict over the whole history).
fn share_link(report: &campaign::RunReport, kind: FailureKind) -> Result<String, String> {
    let spec = &report.spec;
    let cluster = ClusterSpec::of(&spec.cluster);
    if cluster.config() != spec.cluster {
        return Err("the run uses settings the page cannot hold".into());
    }
    let failure = report.failures.iter().find(|f| f.kind() == kind);
    let (events, time) = match failure {
        Some(Failure::Safety(v)) => (v.event + 1, v.time),
        Some(Failure::Liveness(s)) => (s.event + 1, s.time),
        _ => (report.events, report.end),
    };
    let run = Run {
        version: share::VERSION,
        seed: spec.seed,
        cluster,
        commands: spec.commands(),
        moment: Moment {
            events,
            time_us: time.0,
            head_us: report.end.0,
        },
        view: ViewSpec {
            view: "cluster".into(),
            lang: "en".into(),
            theme: "light".into(),
            speed: 2,
            paused: true,
        },
        ring: RingSpec::default(),
        scenario: None,
    };
    run.validate().map_err(|e| e.to_string())?;
    Ok(link::encode(&run))
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
    sort::sort(&mut times);
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
