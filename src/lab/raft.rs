//! The Raft experiment: how often the very first election fails, with the real protocol,
//! against the message latency.
//!
//! Every server starts at time zero with a timeout drawn uniformly from 150–300 ms (a range
//! R of 150 ms) and every message takes exactly l. The first server to time out asks for
//! votes; its requests arrive l later. The round can only fail if another server times out
//! before then and becomes a candidate of the same term, so it fails at most with the
//! chance that the two earliest of n uniform timeouts lie within l of each other,
//! 1 − (1 − l/R)^n (the spacings of uniform points). The protocol does better than that
//! bound: the first candidate still wins if the others leave it a majority.

use super::{Cell, Column, Job, JobKind};
use crate::raft::{ClusterConfig, Role};
use crate::sim::sort;
use crate::sim::{Duration, NetConfig, SimTime};

/// Cluster sizes of the rows.
pub const SPLIT_SERVERS: [u8; 4] = [3, 5, 7, 9];
/// Message latency of the rows, in thousandths of the timeout range.
pub const SPLIT_LATENCY_PERMILLE: [u32; 5] = [10, 20, 50, 100, 200];
/// A trial that has elected nobody by then is counted as failed (it never happens with these
/// settings, and the bound keeps a broken build from running forever).
const LIMIT: SimTime = SimTime::from_millis(10_000);

pub fn plan() -> Vec<JobKind> {
    SPLIT_SERVERS
        .iter()
        .flat_map(|&servers| {
            SPLIT_LATENCY_PERMILLE
                .iter()
                .map(move |&latency_permille| JobKind::SplitVotes {
                    servers,
                    latency_permille,
                })
        })
        .collect()
}

const COLUMNS: [Column; 6] = [
    Column {
        key: "servers",
        en: "servers n",
        zh: "服务器数 n",
    },
    Column {
        key: "latency_ms",
        en: "latency l (ms)",
        zh: "延迟 l（毫秒）",
    },
    Column {
        key: "l_over_r",
        en: "l ÷ timeout range",
        zh: "l ÷ 超时范围",
    },
    Column {
        key: "first_round_failed",
        en: "first round failed",
        zh: "首轮失败比例",
    },
    Column {
        key: "bound",
        en: "bound 1 − (1 − l/R)ⁿ",
        zh: "上界 1 − (1 − l/R)ⁿ",
    },
    Column {
        key: "median_ms",
        en: "median time to a leader (ms)",
        zh: "选出领导者的中位时间（毫秒）",
    },
];

pub fn columns() -> &'static [Column] {
    &COLUMNS
}

/// The width R of the range election timeouts are drawn from, in µs.
fn range_us() -> u64 {
    let raft = ClusterConfig::default().raft;
    raft.election_timeout_max.as_micros() - raft.election_timeout_min.as_micros()
}

fn cluster(servers: u8, latency_permille: u32) -> ClusterConfig {
    let base = ClusterConfig::default();
    let l = Duration::from_micros(range_us() * u64::from(latency_permille) / 1000);
    ClusterConfig {
        servers,
        clients: 0,
        net: NetConfig {
            latency_min: l,
            latency_max: l,
            ..NetConfig::default()
        },
        ..base
    }
}

/// One election: whether its first round failed (1 or 0) and when the first leader was
/// elected, in ms.
pub fn trial(job: &Job, t: u32) -> Vec<f64> {
    let JobKind::SplitVotes {
        servers,
        latency_permille,
    } = job.kind
    else {
        return Vec::new();
    };
    let seed = job
        .settings
        .seed
        .wrapping_mul(1_000_003)
        .wrapping_add(u64::from(t));
    let mut sim = cluster(servers, latency_permille).build(seed);
    while sim.next_time().is_some_and(|next| next <= LIMIT) {
        let Ok(Some(ev)) = sim.step_lean() else {
            break;
        };
        let Some(id) = ev.node else {
            continue;
        };
        if let Some(s) = sim.node(id).as_server() {
            if s.role() == Role::Leader {
                let failed = if s.term().0 > 1 { 1.0 } else { 0.0 };
                return vec![failed, ev.time.as_micros() as f64 / 1000.0];
            }
        }
    }
    vec![1.0, LIMIT.as_micros() as f64 / 1000.0]
}

pub fn finish(job: &Job, samples: &[Vec<f64>]) -> Vec<Cell> {
    let JobKind::SplitVotes {
        servers,
        latency_permille,
    } = job.kind
    else {
        return Vec::new();
    };
    let l_over_r = f64::from(latency_permille) / 1000.0;
    let failed: Vec<f64> = samples.iter().filter_map(|s| s.first().copied()).collect();
    let mut times: Vec<f64> = samples.iter().filter_map(|s| s.get(1).copied()).collect();
    sort::sort_by(&mut times, f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    vec![
        Cell::Int(u64::from(servers)),
        Cell::Real(range_us() as f64 * l_over_r / 1000.0, 1),
        Cell::Real(l_over_r, 3),
        Cell::Real(failed.iter().sum::<f64>() / failed.len().max(1) as f64, 3),
        Cell::Real(1.0 - (1.0 - l_over_r).powi(i32::from(servers)), 3),
        Cell::Real(median, 1),
    ]
}
