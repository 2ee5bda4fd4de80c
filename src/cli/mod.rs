//! The headless runner: the same core as the playground, driven from the command line.

use ringleader::sim::map::SortedMap;
use ringleader::sim::ping::ping_sim;
use ringleader::sim::{Action, Command, SimTime};
use std::time::Instant;

const HELP: &str = "\
ringleader — the headless runner of the Ringleader playground

USAGE:
    ringleader <COMMAND> [OPTIONS]

COMMANDS:
    run      Simulate a network of ping nodes and print a summary ending with trace_hash=
             --seed S        run seed (default 1)
             --nodes N       number of nodes, 1-255 (default 5)
             --until-ms T    virtual milliseconds to simulate (default 1000)
             --loss PCT      message loss in percent, 0-100 (default 0)
             --dup PCT       message duplication in percent, 0-100 (default 0)
             --crash N@MS    crash node N (1-based) at virtual time MS; repeatable
    bench    Measure simulated events per second of the engine (a figure, not a test)
             --nodes N       number of nodes (default 9)
             --events E      events to simulate (default 2000000)
    raft     Simulate a Raft cluster; print leaders per term, commits and violations
             --seed S        run seed (default 1)
             --nodes N       servers, 1-9 (default 5)
             --clients K     clients sending random operations, 0-8 (default 1)
             --until-ms T    virtual milliseconds to simulate (default 3000)
             --loss PCT      message loss in percent (default 0)
             --crash N@MS    crash server N (1-based) at MS; repeatable
             --restart N@MS  restart server N at MS; repeatable
             --partition A|B@MS  split servers into groups, e.g. 1,2|3,4,5@500; repeatable
             --heal-ms MS    heal every cut link at MS
             --pre-vote      turn on Pre-Vote
             --check-quorum  turn on CheckQuorum
             --break RULE    turn off one rule of Raft (teaching switch); repeatable:
                             fixed-timeouts, no-up-to-date-check, many-votes-per-term,
                             commit-old-terms-by-count, local-reads, unconfirmed-reads,
                             long-lease, lease-ignores-drift, reply-before-write
             --read C:PATH   client C reads by log, read-index or lease; repeatable
             --clock N:PCT   server N's clock runs at PCT % of real time (25-400); repeatable
             --drift-bound P the clock drift leases allow for, in percent (default 10)
             --disk-ms MS    each server's disk write time (default 0: writes are instant)
             --workload W    busy (clients send random operations; default) or none
             --latency LO-HI message latency in ms (default 10-20)
             --client-retry-ms MS  how long a client waits before trying again (default 400)
             --at T:ACTION   any action at T ms, nodes counted from 1 with clients after the
                             servers; repeatable. ACTION is one of crash:N restart:N pause:N
                             resume:N timeout:N transfer:N>T clock:N:PCT cut:A>B heal:A>B heal-all
                             partition:1,2|3,4 loss:PPM dup:PPM latency:LO-HI
                             link-loss:A>B:PPM|off link-latency:A>B:LO-HI|off
                             submit:C:OP submit-to:C>S:OP, OP put:K=V get:K cas:K:OLD>NEW del:K
             --final-heal-ms MS  replay as a campaign run: at MS every fault is undone and a
                             probe request sent; the cluster must then come to rest by
                             --until-ms; liveness, safety and linearizability are checked
    fuzz     Run a seeded fault-injection campaign; ends with
             runs= violations= undecided= seeds_per_sec=
             --seeds N       number of seeds (default 1000)
             --start S       first seed (default 1)
             --nodes K       fixed cluster size (default: drawn per seed)
             --break RULE    as for raft; violations are then expected
             --shrink N      shrink the first N failing runs and print each as a replay
                             command line and a share link (default 1)
             --read PATH     every client reads by log, read-index or lease (default: drawn)
    reads    What each read path costs (latency, log entries) in a quiet cluster, and what
             the campaign finds with each path and each read teaching switch
             --seed S        seed of the cost runs (default 1)
             --seconds T     virtual seconds of each cost run (default 10)
             --seeds N       campaign seeds per row (default 500; 0 skips the campaign)
    quorum   The Dynamo-style store on the ring (N replicas per key, writes wait for W
             acknowledgements, reads for R answers) under a seeded fault campaign; ends with
             runs= violations= undecided= (linearizability of the clients' history)
             --nodes K       nodes on the ring (default 5)
             --clients C     clients, 1-5 (default 3)
             --n N --w W --r R   replicas per key and quorums (default 3, 2, 2)
             --write-back    ABD: writes ask R replicas for the newest version first, reads
                             write what they return back to W replicas
             --read-repair   after a read, send the newest version to replicas that are behind
             --sloppy        a sloppy quorum: silent replicas are replaced by the next nodes
                             on the ring, which keep a hint and hand it over later
             --seeds N       seeds (default 1000), --start S first seed (default 1)
             --chaos-ms T    virtual ms of faults before everything heals (default 4000)
             --sweep         a table: the campaign for each quorum setting of N = 3 side by
                             side (not linearizable, operations answered; --seeds default 300)
    elections  Time to the first leader over many seeds (median, p99, max)
             --seeds N       number of seeds (default 1000)
             --nodes K       servers (default 5)
    ring     Place keys with a hashing algorithm; print load statistics and movement
             --algo A        mod-n, ring, ketama, rendezvous, jump, multi-probe, maglev,
                             bounded-load (default ring)
             --nodes N       nodes node-1..node-N (default 10)
             --vnodes K      virtual nodes per node, 1-1000 (default 100)
             --keys M        uniform random keys (default 100000)
             --zipf D        instead: M requests over D hot keys with Zipf skew
             --replicas R    replication factor (default 1)
             --remove X      then remove node X (name or number) and report movement
             --add Y         then add node Y and report movement
    fuzz-links  Fuzz the share-link decoder; prints inputs= survived=
             --inputs N      inputs to try (default 100000)
             --seed S        fuzzing seed (default 1)
    jump     ringleader jump <key> <buckets>: the jump-hash bucket (key decimal or 0x-hex)
    locate   Read keys one per line on stdin; print key<TAB>server
             --servers FILE  a libketama server list (host:port<TAB>weight per line)
             --algo A        placement algorithm (default ketama)
    lab      ringleader lab <experiment>: re-run a published result
             balance      load spread (CV) against virtual nodes k, for n = 5, 10, 100:
                          arcs and a finite key set against √((n−1)/(nk+1)) and sampling
             moved        keys moved when one node joins or leaves, per algorithm,
                          against the 1/(n+1) and 1/n that even loads need (Maglev at three
                          table sizes)
             bounded      bounded loads: peak ÷ mean and keys moved against c, uniform and
                          Zipf keys
             multi-probe  peak ÷ mean against the probe count P, against 1 + 1/(P−1)
             split-votes  Raft's first election with the real protocol: the share whose
                          first round fails, for n = 3, 5, 7, 9 and latency l, against
                          the bound 1 − (1 − l/R)^n (trials = elections per row)
             leader-crash        time without a leader after it crashes, on a LAN
                          with 14 ms disks (Raft paper §9.3, Figure 16), per timeout range
             leader-crash-worst  the same with logs of different lengths (the paper's
                          worst case)
             wan-election        the same over a WAN: 30–40 ms, timeouts 300–600 ms, one
                          or two servers failed (thesis §9.4)
             --nodes N       nodes (default 10; balance uses its own rows)
             --keys M        keys or requests per trial (default 10000 balance, else 100000)
             --trials T      independent trials per row (default 20 balance, 1000
                             the Raft experiments, else 1)
             --seed S        seed of names and keys (default 1)
             --format F      table (default), csv or json
    help     Print this text
";

mod lab_cmd;
mod quorum_cmd;
mod raft_cmd;
mod reads_cmd;
mod ring_cmd;

/// Parsed `--flag value` pairs; a flag given twice keeps every value. Switches (flags without
/// a value) are listed in `SWITCHES`.
pub struct Args {
    flags: SortedMap<String, Vec<String>>,
}

const SWITCHES: [&str; 6] = [
    "pre-vote",
    "check-quorum",
    "write-back",
    "read-repair",
    "sloppy",
    "sweep",
];

impl Args {
    fn parse(args: &[String]) -> Result<Args, String> {
        let mut flags: SortedMap<String, Vec<String>> = SortedMap::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let name = a
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument '{a}'"))?;
            if SWITCHES.contains(&name) {
                flags
                    .entry(name.to_string())
                    .or_default()
                    .push(String::new());
                continue;
            }
            let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
            flags
                .entry(name.to_string())
                .or_default()
                .push(value.clone());
        }
        Ok(Args { flags })
    }

    /// The last value of `--name` as a number in `lo..=hi`, or `default` when absent.
    pub fn num<T>(&self, name: &str, default: T, lo: T, hi: T) -> Result<T, String>
    where
        T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
    {
        match self.flags.get(name).and_then(|v| v.last()) {
            None => Ok(default),
            Some(s) => {
                let v: T = s
                    .parse()
                    .map_err(|_| format!("--{name}: '{s}' is not a number"))?;
                if v < lo || v > hi {
                    return Err(format!("--{name}: {v} is outside {lo}..={hi}"));
                }
                Ok(v)
            }
        }
    }

    pub fn all(&self, name: &str) -> &[String] {
        self.flags.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn has(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }

    pub fn reject_unknown(&self, known: &[&str]) -> Result<(), String> {
        match self.flags.keys().find(|k| !known.contains(&k.as_str())) {
            Some(k) => Err(format!("unknown option --{k} (see ringleader help)")),
            None => Ok(()),
        }
    }
}

pub fn main(argv: Vec<String>) -> i32 {
    let Some((cmd, rest)) = argv.split_first() else {
        print!("{HELP}");
        return 2;
    };
    if cmd == "lab" {
        return match lab_cmd::lab(rest) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        };
    }
    if cmd == "jump" {
        return match ring_cmd::jump(rest) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        };
    }
    let result = Args::parse(rest).and_then(|args| match cmd.as_str() {
        "run" => run(&args),
        "bench" => bench(&args),
        "raft" => raft_cmd::raft(&args),
        "fuzz" => raft_cmd::fuzz(&args),
        "reads" => reads_cmd::reads(&args),
        "quorum" => quorum_cmd::quorum(&args),
        "elections" => raft_cmd::elections(&args),
        "ring" => ring_cmd::ring(&args),
        "locate" => ring_cmd::locate(&args),
        "fuzz-links" => fuzz_links(&args),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command '{other}' (see ringleader help)")),
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

fn fuzz_links(args: &Args) -> Result<(), String> {
    use ringleader::share::link;
    args.reject_unknown(&["inputs", "seed"])?;
    let inputs: u64 = args.num("inputs", 100_000, 1, 100_000_000)?;
    let seed: u64 = args.num("seed", 1, 0, u64::MAX)?;
    let valid = link::encode(&link::example());
    let start = Instant::now();
    let survived = link::fuzz(seed, inputs, &valid);
    println!(
        "example link: {} characters; inputs={inputs} survived={survived} ({:.0} inputs/s)",
        valid.len(),
        inputs as f64 / start.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn percent_to_ppm(pct: u32) -> u32 {
    pct * 10_000
}

fn run(args: &Args) -> Result<(), String> {
    args.reject_unknown(&["seed", "nodes", "until-ms", "loss", "dup", "crash"])?;
    let seed: u64 = args.num("seed", 1, 0, u64::MAX)?;
    let n: u8 = args.num("nodes", 5, 1, 255)?;
    let until: u64 = args.num("until-ms", 1000, 0, 86_400_000)?;
    let loss: u32 = args.num("loss", 0, 0, 100)?;
    let dup: u32 = args.num("dup", 0, 0, 100)?;
    let mut sim = ping_sim(seed, n);
    let mut at_zero = |action| {
        sim.schedule(Command {
            at: SimTime::ZERO,
            action,
        })
        .map_err(|e| e.to_string())
    };
    at_zero(Action::SetLoss {
        ppm: percent_to_ppm(loss),
    })?;
    at_zero(Action::SetDuplication {
        ppm: percent_to_ppm(dup),
    })?;
    for spec in args.all("crash") {
        let (node, ms) = spec
            .split_once('@')
            .ok_or_else(|| format!("--crash: '{spec}' is not NODE@MS"))?;
        let node: u8 = node
            .parse()
            .ok()
            .filter(|&k| k >= 1 && k <= n)
            .ok_or_else(|| format!("--crash: node '{node}' is not in 1..={n}"))?;
        let ms: u64 = ms
            .parse()
            .map_err(|_| format!("--crash: '{ms}' is not a time in ms"))?;
        sim.schedule(Command {
            at: SimTime::from_millis(ms),
            action: Action::Crash(ringleader::sim::NodeId(node - 1)),
        })
        .map_err(|e| e.to_string())?;
    }
    sim.run_until(SimTime::from_millis(until))
        .map_err(|e| e.to_string())?;
    let s = sim.stats();
    println!("seed={seed} nodes={n} until={}", sim.now());
    println!(
        "events={} sent={} delivered={} lost={} cut={} to_down_node={} duplicated={}",
        s.events, s.sent, s.delivered, s.lost, s.cut, s.to_down_node, s.duplicated
    );
    for (i, v) in sim.views().iter().enumerate() {
        let id = ringleader::sim::NodeId(i as u8);
        let state = if sim.is_alive(id) { "up" } else { "down" };
        println!(
            "{id} {state} boots={} round={} pongs={}",
            v.boots, v.round, v.pongs
        );
    }
    println!("trace_hash={:016x}", sim.trace_hash());
    Ok(())
}

fn bench(args: &Args) -> Result<(), String> {
    args.reject_unknown(&["nodes", "events"])?;
    let n: u8 = args.num("nodes", 9, 2, 255)?;
    let events: u64 = args.num("events", 2_000_000, 1, u64::MAX)?;
    // The same run three ways: recorded in full (what the page does), hashed without records,
    // and lean (what batch experiments do). The first two must end with the same hash and all
    // three in the same state.
    let mut outcomes = Vec::new();
    for path in ["full", "hashed", "lean"] {
        let mut sim = ping_sim(1, n);
        sim.schedule(Command {
            at: SimTime::ZERO,
            action: Action::SetLoss { ppm: 100_000 },
        })
        .map_err(|e| e.to_string())?;
        let start = Instant::now();
        while sim.events() < events {
            let more = match path {
                "full" => sim.step().map_err(|e| e.to_string())?.is_some(),
                "hashed" => sim.step_hashed().map_err(|e| e.to_string())?.is_some(),
                _ => sim.step_lean().map_err(|e| e.to_string())?.is_some(),
            };
            if !more {
                break;
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let hash = if sim.hash_covers_the_run() {
            format!("{:016x}", sim.trace_hash())
        } else {
            "-".to_string()
        };
        println!(
            "engine: path={path} nodes={n} events={} virtual={} wall={:.3}s events_per_sec={:.0} trace_hash={hash}",
            sim.events(),
            sim.now(),
            secs,
            sim.events() as f64 / secs
        );
        sim.refresh_views();
        outcomes.push((sim.stats(), sim.now(), sim.views().to_vec(), hash));
    }
    let same_state = outcomes
        .windows(2)
        .all(|w| (w[0].0, w[0].1, &w[0].2) == (w[1].0, w[1].1, &w[1].2));
    if !same_state || outcomes[0].3 != outcomes[1].3 {
        return Err("the three paths disagree: this is a bug in the engine".into());
    }
    println!("trace_hash={}", outcomes[0].3);
    Ok(())
}
