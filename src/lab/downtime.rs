//! How long a cluster is without a leader after its leader crashes: the Raft paper's §9.3
//! (Figure 16) on a LAN with disks, and the thesis's §9.4 question for a WAN.
//!
//! Each trial is a playground run: a seed, a cluster, and user actions (a forced timeout
//! that makes N1 the first candidate, then the crash of the leader; in the worst case also
//! crashes, writes and restarts that leave the servers' logs of different lengths). `trial_run` rebuilds it, so
//! the page can open any trial in the Cluster view at its crash.
//!
//! Paper setup (§9.3): five servers; a broadcast (request, disk write, reply) of about
//! 15 ms; heartbeats every half minimum election timeout; the leader crashed at a uniformly
//! random moment within its heartbeat interval, after a heartbeat broadcast that reset every
//! follower's timer at once. Measured here: from the crash until every live server has heard
//! the new leader's first AppendEntries.

use super::{Cell, Column, Job, JobKind};
use crate::raft::{ClusterConfig, Input, Op, RaftSim, Role, Term, Timer};
use crate::sim::rng::{Rng, Stream};
use crate::sim::sort;
use crate::sim::{Action, Command, Duration, NetConfig, NodeId, SimError, SimTime};

/// One line of a graph: the election timeout range, and how the trial is set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setup {
    pub min_ms: u32,
    pub max_ms: u32,
    /// LAN (Figure 16) or WAN (thesis §9.4).
    pub wan: bool,
    /// Servers whose logs differ so that some cannot win (the paper's worst case).
    pub worst: bool,
    /// Servers down after the crash: the leader, or the leader and one follower.
    pub failed: u8,
}

/// Figure 16, top graph: the randomness of the timeout; bottom graph: its scale.
pub const TOP: [(u32, u32); 6] = [
    (150, 150),
    (150, 151),
    (150, 155),
    (150, 175),
    (150, 200),
    (150, 300),
];
pub const BOTTOM: [(u32, u32); 5] = [(12, 24), (25, 50), (50, 100), (100, 200), (150, 300)];

/// A trial still without a leader this long after the crash stops there (the paper's
/// graph ends at 10 s; a tenth of its 150–150 trials went further).
pub const LIMIT: Duration = Duration::from_millis(20_000);
/// One-way latency on the LAN: "well under a millisecond".
const LAN_LATENCY_US: (u64, u64) = (200, 500);
/// A disk write on the LAN: with the latency, a broadcast takes about 15 ms.
pub const LAN_DISK_US: u64 = 14_000;
/// The thesis's WAN: 30–40 ms one way, election timeouts of 300–600 ms.
const WAN_LATENCY_US: (u64, u64) = (30_000, 40_000);

pub fn plan_lan(worst: bool) -> Vec<JobKind> {
    TOP.iter()
        .chain(BOTTOM.iter())
        .map(|&(min_ms, max_ms)| {
            JobKind::Downtime(Setup {
                min_ms,
                max_ms,
                wan: false,
                worst,
                failed: 1,
            })
        })
        .collect()
}

pub fn plan_wan() -> Vec<JobKind> {
    [1, 2]
        .into_iter()
        .map(|failed| {
            JobKind::Downtime(Setup {
                min_ms: 300,
                max_ms: 600,
                wan: true,
                worst: false,
                failed,
            })
        })
        .collect()
}

impl Setup {
    /// The graph of Figure 16 a line belongs to (the 150–300 line is in both; it is listed
    /// with the top one first).
    fn graph(&self, row: usize) -> &'static str {
        if self.wan {
            "wan"
        } else if row < TOP.len() {
            "top"
        } else {
            "bottom"
        }
    }

    pub fn cluster(&self) -> ClusterConfig {
        let base = ClusterConfig::default();
        let (lat, disk) = if self.wan {
            (WAN_LATENCY_US, 0)
        } else {
            (LAN_LATENCY_US, LAN_DISK_US)
        };
        let mut c = ClusterConfig {
            servers: 5,
            clients: 1,
            net: NetConfig {
                latency_min: Duration::from_micros(lat.0),
                latency_max: Duration::from_micros(lat.1),
                ..NetConfig::default()
            },
            ..base
        };
        c.raft.election_timeout_min = Duration::from_millis(u64::from(self.min_ms));
        c.raft.election_timeout_max = Duration::from_millis(u64::from(self.max_ms));
        // The paper: heartbeats every half minimum election timeout.
        c.raft.heartbeat_interval = Duration::from_micros(u64::from(self.min_ms) * 500);
        c.raft.disk_write = Duration::from_micros(disk);
        c
    }

    /// The paper's figures for this line that a cumulative curve can show: (ms, share of
    /// trials in percent) — a median at 50 %, a maximum at 100 %.
    pub fn paper_points(&self) -> &'static [(u32, u32)] {
        match (self.wan, self.min_ms, self.max_ms) {
            (false, 150, 155) => &[(287, 50)],
            (false, 150, 200) => &[(513, 100)],
            (false, 12, 24) => &[(152, 100)],
            _ => &[],
        }
    }

    /// What the paper reports for this line, if anything.
    fn paper(&self) -> &'static str {
        match (self.wan, self.min_ms, self.max_ms) {
            (false, 150, 150) => "> 10 s (consistently)",
            (false, 150, 155) => "median 287 ms",
            (false, 150, 200) => "max 513 ms",
            (false, 12, 24) => "mean 35 ms, max 152 ms",
            _ => "",
        }
    }
}

/// The Chinese of this experiment's words in the table (the CSV keeps the English).
pub fn in_chinese(text: &str) -> Option<&'static str> {
    Some(match text {
        "top" => "上图",
        "bottom" => "下图",
        "wan" => "广域网",
        "> 10 s (consistently)" => "> 10 秒（一贯如此）",
        "median 287 ms" => "中位数 287 毫秒",
        "max 513 ms" => "最大 513 毫秒",
        "mean 35 ms, max 152 ms" => "平均 35 毫秒，最大 152 毫秒",
        _ => return None,
    })
}

/// A trial's run: its seed, its cluster, the user actions, and when the leader crashed.
pub struct TrialRun {
    pub seed: u64,
    pub cluster: ClusterConfig,
    pub commands: Vec<Command<Input>>,
    pub crash_at: SimTime,
    /// Events processed up to and including the crash.
    pub events_at_crash: u64,
}

impl TrialRun {
    /// The run as the page shares it: paused at the moment of the crash.
    pub fn to_run(&self, view: crate::share::ViewSpec) -> crate::share::Run {
        use crate::share::{ClusterSpec, Moment, Run, VERSION};
        Run {
            version: VERSION,
            seed: self.seed,
            cluster: ClusterSpec::of(&self.cluster),
            commands: self.commands.clone(),
            moment: Moment {
                events: self.events_at_crash,
                time_us: self.crash_at.0,
                head_us: self.crash_at.0,
            },
            view,
            ring: Default::default(),
            scenario: None,
        }
    }
}

/// A different seed per trial, short enough to read in the page's header: the Lab's seed,
/// then the row (under 100) and the trial (under 1000).
fn trial_seed(seed: u64, row: u32, t: u32) -> u64 {
    seed.wrapping_mul(100_000)
        .wrapping_add(u64::from(row) * 1000)
        .wrapping_add(u64::from(t))
}

/// Schedule an action at `t`, or just after the last event if that was at `t` already (a
/// setup that took until then to settle).
fn at(sim: &mut RaftSim, t: SimTime, action: Action<Input>) {
    let cmd = Command {
        at: t,
        action: action.clone(),
    };
    if let Err(SimError::CommandInPast { earliest, .. }) = sim.schedule(cmd) {
        // Cannot fail again: `earliest` is the first instant a command may take.
        let _ = sim.schedule(Command {
            at: earliest,
            action,
        });
    }
}

/// The live leader of the highest term, if any.
fn current_leader(sim: &RaftSim) -> Option<NodeId> {
    sim.nodes()
        .iter()
        .filter_map(|a| a.as_server())
        .filter(|s| s.role() == Role::Leader && sim.is_alive(s.id()))
        .max_by_key(|s| s.term())
        .map(|s| s.id())
}

/// Run on, a heartbeat at a time, until every live server follows one leader (at most ten
/// seconds more): the crash must hit a settled leader. Returns when that was.
fn settle(sim: &mut RaftSim, from: SimTime, heartbeat: Duration) -> SimTime {
    let mut now = from;
    while !everyone_heard_a_new_leader(sim, Term(0)) && now < from + Duration::from_millis(10_000) {
        now = now + heartbeat;
        sim.run_until_lean(now).expect("the setup runs");
    }
    now
}

/// Build a trial up to its crash: the simulation just after the crash, when it was, and the
/// crashed leader's term.
fn prepare(setup: &Setup, seed: u64) -> (RaftSim, SimTime, Term) {
    let cluster = setup.cluster();
    let mut sim = cluster.build(seed);
    let mut rng = Rng::new(seed, Stream::Workload);
    let client = NodeId(cluster.servers);
    let c = &cluster.raft;
    let lat_max = cluster.net.latency_max;
    // N1 times out first and usually wins; with timeouts near the broadcast time another
    // server may end up leading, so the leader is looked up, not assumed.
    at(
        &mut sim,
        SimTime::from_millis(1),
        Action::Input(NodeId(0), Input::Timeout),
    );
    let mut ready = SimTime::from_millis(1) + c.election_timeout_max + c.election_timeout_max;
    sim.run_until_lean(ready).expect("the setup runs");
    ready = settle(&mut sim, ready, c.heartbeat_interval);
    let first = current_leader(&sim).unwrap_or(NodeId(0));
    if setup.worst {
        // Logs of four lengths: three followers go down one after another, the leader
        // writing an entry after each, and come back together just before the crash.
        let gap = Duration(4 * lat_max.0 + 2 * c.disk_write.0 + 5_000);
        let followers: Vec<NodeId> = cluster.server_ids().filter(|&id| id != first).collect();
        for (i, &down) in followers.iter().rev().take(3).enumerate() {
            at(&mut sim, ready, Action::Crash(down));
            let op = Op::Put {
                key: "x".into(),
                value: (i + 1).to_string(),
            };
            at(
                &mut sim,
                ready,
                Action::Input(client, Input::SubmitTo(first, op)),
            );
            ready = ready + gap;
        }
        sim.run_until_lean(ready).expect("the setup runs");
        ready = settle(&mut sim, ready, c.heartbeat_interval);
    }
    let leader = current_leader(&sim).unwrap_or(first);
    let term = sim.node(leader).as_server().map_or(Term(0), |s| s.term());
    // The next heartbeat broadcast resets every listening follower's timer; the crash comes
    // at a uniformly random moment before the one after.
    let beat = sim
        .timers_of(leader)
        .find(|(t, _)| *t == Timer::Heartbeat)
        .map_or(ready, |(_, at)| at);
    let hb = c.heartbeat_interval.0;
    let mut earliest = beat + Duration(1);
    if setup.worst {
        // Back just after that broadcast (which they missed), with their shorter logs.
        let back = beat + lat_max + Duration(1);
        for id in cluster.server_ids() {
            if !sim.is_alive(id) {
                at(&mut sim, back, Action::Restart(id));
            }
        }
        earliest = back + Duration(1);
    }
    let latest = beat + Duration(hb.saturating_sub(1));
    let crash_at = SimTime(rng.between(earliest.0, latest.0.max(earliest.0)));
    at(&mut sim, crash_at, Action::Crash(leader));
    if setup.failed >= 2 {
        // And one follower with it: the first that is not the leader.
        let other = cluster
            .server_ids()
            .find(|&id| id != leader)
            .expect("five servers");
        at(&mut sim, crash_at, Action::Crash(other));
    }
    sim.run_until_lean(crash_at)
        .expect("the run reaches the crash");
    (sim, crash_at, term)
}

/// The run of trial `t` of a row, for opening it in the Cluster view.
pub fn trial_run(job: &Job, t: u32) -> Option<TrialRun> {
    let JobKind::Downtime(setup) = job.kind else {
        return None;
    };
    let seed = trial_seed(job.settings.seed, job.row, t);
    let (sim, crash_at, _) = prepare(&setup, seed);
    Some(TrialRun {
        seed,
        cluster: setup.cluster(),
        commands: sim.commands().to_vec(),
        crash_at,
        events_at_crash: sim.events(),
    })
}

/// Whether every live server follows a leader of a term after `old`: the new leader's first
/// AppendEntries has reached them all.
fn everyone_heard_a_new_leader(sim: &RaftSim, old: Term) -> bool {
    let servers = sim.nodes().iter().filter_map(|a| a.as_server());
    let mut leader = None;
    for s in servers {
        if !sim.is_alive(s.id()) {
            continue;
        }
        if s.term() <= old {
            return false;
        }
        let l = if s.role() == Role::Leader {
            Some(s.id())
        } else {
            s.leader()
        };
        match (l, leader) {
            (None, _) => return false,
            (Some(l), None) => leader = Some(l),
            (Some(l), Some(k)) if l != k => return false,
            _ => {}
        }
    }
    leader.is_some()
}

/// One trial: the time without a leader, in ms (capped at `LIMIT`), and when the crash was.
pub fn trial(job: &Job, t: u32) -> Vec<f64> {
    let JobKind::Downtime(setup) = job.kind else {
        return Vec::new();
    };
    let seed = trial_seed(job.settings.seed, job.row, t);
    let (mut sim, crash_at, old) = prepare(&setup, seed);
    let limit = crash_at + LIMIT;
    let mut end = limit;
    while sim.next_time().is_some_and(|next| next <= limit) {
        let Ok(Some(step)) = sim.step_lean() else {
            break;
        };
        if step.node.is_some() && everyone_heard_a_new_leader(&sim, old) {
            end = step.time;
            break;
        }
    }
    vec![(end - crash_at).as_micros() as f64 / 1000.0]
}

const COLUMNS: [Column; 10] = [
    Column {
        key: "graph",
        en: "graph",
        zh: "图",
    },
    Column {
        key: "timeouts_ms",
        en: "election timeouts (ms)",
        zh: "选举超时（毫秒）",
    },
    Column {
        key: "failed",
        en: "servers failed",
        zh: "故障服务器数",
    },
    Column {
        key: "median_ms",
        en: "median (ms)",
        zh: "中位数（毫秒）",
    },
    Column {
        key: "mean_ms",
        en: "mean (ms)",
        zh: "平均（毫秒）",
    },
    Column {
        key: "p99_ms",
        en: "99th percentile (ms)",
        zh: "第 99 百分位（毫秒）",
    },
    Column {
        key: "p999_ms",
        en: "99.9th percentile (ms)",
        zh: "第 99.9 百分位（毫秒）",
    },
    Column {
        key: "max_ms",
        en: "max (ms)",
        zh: "最大（毫秒）",
    },
    Column {
        key: "over_10s",
        en: "share over 10 s",
        zh: "超过 10 秒的比例",
    },
    Column {
        key: "paper",
        en: "the paper",
        zh: "论文",
    },
];

pub fn columns() -> &'static [Column] {
    &COLUMNS
}

/// The value below which a share `q` of the sorted samples lie (nearest rank).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// A tail percentile, if the trials can tell it from the maximum: by nearest rank the 99th
/// needs 100 trials and the 99.9th 1,000 (with fewer it is the maximum, and a table that
/// printed it would claim a tail it never measured).
fn tail(sorted: &[f64], q: f64, needs: usize) -> Cell {
    if sorted.len() < needs {
        Cell::Missing
    } else {
        time_cell(quantile(sorted, q))
    }
}

/// `LIMIT` in ms, as the trials give their times.
fn limit_ms() -> f64 {
    LIMIT.as_micros() as f64 / 1000.0
}

/// A time of the table: at the limit, the trial was stopped there, its time "≥ 20000.0".
fn time_cell(ms: f64) -> Cell {
    if ms >= limit_ms() {
        Cell::AtLeast(ms, 1)
    } else {
        Cell::Real(ms, 1)
    }
}

pub fn finish(job: &Job, samples: &[Vec<f64>]) -> Vec<Cell> {
    let JobKind::Downtime(setup) = job.kind else {
        return Vec::new();
    };
    let mut times: Vec<f64> = samples.iter().filter_map(|s| s.first().copied()).collect();
    sort::sort_by(&mut times, f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
    let over = times.iter().filter(|&&t| t > 10_000.0).count() as f64 / times.len().max(1) as f64;
    // A trial stopped at the limit counts as the limit: a figure it reaches is a lower bound.
    let stopped = times.last().is_some_and(|&t| t >= limit_ms());
    let mean = if stopped {
        Cell::AtLeast(mean, 1)
    } else {
        Cell::Real(mean, 1)
    };
    vec![
        Cell::Text(setup.graph(job.row as usize).into()),
        Cell::Text(format!("{}–{}", setup.min_ms, setup.max_ms)),
        Cell::Int(u64::from(setup.failed)),
        time_cell(quantile(&times, 0.5)),
        mean,
        tail(&times, 0.99, 100),
        tail(&times, 0.999, 1000),
        time_cell(times.last().copied().unwrap_or(0.0)),
        Cell::Real(over, 3),
        Cell::Text(setup.paper().into()),
    ]
}
