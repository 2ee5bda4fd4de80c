//! The placement experiments: balance against virtual nodes, keys moved per algorithm,
//! bounded loads and multi-probe hashing.

use super::{Cell, Column, Experiment, Job, JobKind};
use crate::ring::metrics::{
    self, key_space_shares, movement, optimal_fraction, theoretical_cv, theoretical_key_cv,
};
use crate::ring::{keys, Algorithm, Key, MemberId, Members, Placement};

/// Node counts and virtual nodes per node of the balance rows.
pub const BALANCE_N: [u32; 3] = [5, 10, 100];
pub const BALANCE_K: [u32; 4] = [1, 10, 100, 1000];
/// Maglev table sizes (primes): the smaller the table, the coarser its balance and the more
/// it moves.
pub const MAGLEV_TABLES: [u32; 3] = [251, 4099, 65_537];
/// Capacity factors c (in percent of the mean) of the bounded-loads rows.
pub const BOUNDED_C: [u32; 5] = [105, 110, 125, 150, 200];
/// Probe counts of the multi-probe rows.
pub const PROBES: [u32; 6] = [2, 3, 5, 11, 21, 41];
/// Virtual nodes of the ring-based algorithms in the movement and bounded-load rows.
const VNODES: u32 = 100;
/// Distinct keys behind the Zipf requests.
const HOT_DISTINCT: u64 = 1000;

pub fn plan(experiment: Experiment) -> Vec<JobKind> {
    match experiment {
        Experiment::Balance => BALANCE_N
            .iter()
            .flat_map(|&n| BALANCE_K.iter().map(move |&k| JobKind::Balance { n, k }))
            .collect(),
        Experiment::Moved => {
            let mut algos = vec![
                Algorithm::ModN,
                Algorithm::Ring { vnodes: VNODES },
                Algorithm::Ketama,
                Algorithm::Rendezvous,
                Algorithm::Jump,
                Algorithm::MultiProbe { probes: 21 },
                Algorithm::BoundedLoad {
                    vnodes: VNODES,
                    c_percent: 125,
                },
            ];
            algos.extend(
                MAGLEV_TABLES
                    .iter()
                    .map(|&table_size| Algorithm::Maglev { table_size }),
            );
            algos
                .into_iter()
                .map(|algo| JobKind::Moved { algo })
                .collect()
        }
        Experiment::Bounded => [false, true]
            .into_iter()
            .flat_map(|zipf| {
                std::iter::once(None)
                    .chain(BOUNDED_C.iter().map(|&c| Some(c)))
                    .map(move |c_percent| JobKind::Bounded { c_percent, zipf })
            })
            .collect(),
        Experiment::MultiProbe => PROBES
            .iter()
            .map(|&probes| JobKind::MultiProbe { probes })
            .collect(),
        Experiment::SplitVotes => super::raft::plan(),
        Experiment::LeaderCrash => super::downtime::plan_lan(false),
        Experiment::LeaderCrashWorst => super::downtime::plan_lan(true),
        Experiment::WanElection => super::downtime::plan_wan(),
    }
}

const fn col(key: &'static str, en: &'static str, zh: &'static str) -> Column {
    Column { key, en, zh }
}

const BALANCE_COLUMNS: [Column; 7] = [
    col("nodes", "nodes n", "节点数 n"),
    col("vnodes", "virtual nodes k", "虚拟节点数 k"),
    col("arcs_cv", "CV of arcs", "弧长变异系数"),
    col(
        "arcs_theory",
        "theory √((n−1)/(nk+1))",
        "理论值 √((n−1)/(nk+1))",
    ),
    col("keys_cv", "CV of key counts", "键数变异系数"),
    col("keys_theory", "theory with sampling", "含抽样的理论值"),
    col("max_over_mean", "max ÷ mean keys", "键数最大值 ÷ 平均值"),
];
const MOVED_COLUMNS: [Column; 6] = [
    col("algorithm", "algorithm", "算法"),
    col("add_moved", "moved on add", "加入时迁移"),
    col("add_optimum", "optimum 1/(n+1)", "最优值 1/(n+1)"),
    col(
        "add_onto_new",
        "of which onto the new node",
        "其中迁往新节点",
    ),
    col("remove_moved", "moved on remove", "移除时迁移"),
    col("remove_optimum", "optimum 1/n", "最优值 1/n"),
];
const BOUNDED_COLUMNS: [Column; 5] = [
    col("keys", "keys", "键"),
    col("c", "c (cap ÷ mean)", "c（上限 ÷ 平均值）"),
    col("max_over_mean", "max ÷ mean", "最大值 ÷ 平均值"),
    col("add_moved", "moved on add", "加入时迁移"),
    col("add_optimum", "optimum 1/(n+1)", "最优值 1/(n+1)"),
];
const MULTI_PROBE_COLUMNS: [Column; 3] = [
    col("probes", "probes P", "探测次数 P"),
    col("peak_over_mean", "peak ÷ mean", "峰值 ÷ 平均值"),
    col("theory", "1 + 1/(P−1)", "1 + 1/(P−1)"),
];

pub fn columns(experiment: Experiment) -> &'static [Column] {
    match experiment {
        Experiment::Balance => &BALANCE_COLUMNS,
        Experiment::Moved => &MOVED_COLUMNS,
        Experiment::Bounded => &BOUNDED_COLUMNS,
        Experiment::MultiProbe => &MULTI_PROBE_COLUMNS,
        Experiment::SplitVotes => super::raft::columns(),
        Experiment::LeaderCrash | Experiment::LeaderCrashWorst | Experiment::WanElection => {
            super::downtime::columns()
        }
    }
}

/// `n` members whose names differ per trial, so each trial is an independent ring.
fn members(n: u32, seed: u64, trial: u32) -> Members {
    let mut m = Members::default();
    for i in 1..=n {
        m.add(&format!("s{seed}t{trial}-node-{i}"), 100)
            .expect("within bounds");
    }
    m
}

/// The key set of a trial: uniform keys, or Zipf requests over a thousand keys.
fn key_set(seed: u64, trial: u32, count: u64, zipf: bool) -> Vec<Key> {
    let seed = seed.wrapping_mul(1_000_003).wrapping_add(u64::from(trial));
    if zipf {
        keys::zipf(seed, HOT_DISTINCT, count)
    } else {
        keys::uniform(seed, count)
    }
}

fn placement(algo: Algorithm, m: &Members) -> Placement {
    Placement::build(algo, m.list()).expect("checked by `applies` or valid for every size")
}

/// Whether `algo` can place keys for `n` members (and one more): a Maglev table must have
/// at least one slot per member.
fn applies(algo: Algorithm, n: u32) -> bool {
    match algo {
        Algorithm::Maglev { table_size } => table_size > n,
        _ => true,
    }
}

/// The root mean square: the formulas predict the expected *square* of a CV.
fn rms(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    (values.iter().map(|v| v * v).sum::<f64>() / values.len() as f64).sqrt()
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().sum::<f64>() / values.len() as f64
}

/// Keys moved (as a fraction) when `change` is applied to the members, and the share of the
/// moved keys that went to `onto`, if given.
fn moved(
    algo: Algorithm,
    before: &Members,
    after: &Members,
    ks: &[Key],
    onto: Option<MemberId>,
) -> (f64, f64) {
    let a = placement(algo, before).assign(ks, 1);
    let b = placement(algo, after).assign(ks, 1);
    let mv = movement(&a, &b);
    let onto_new = onto.map_or(0.0, |id| {
        let to_new: u64 = mv
            .flows
            .iter()
            .filter(|((_, to), _)| *to == Some(id))
            .map(|(_, c)| c)
            .sum();
        if mv.moved == 0 {
            1.0
        } else {
            to_new as f64 / mv.moved as f64
        }
    });
    (mv.fraction(), onto_new)
}

/// One trial of one row: the figures it measured (their meaning depends on the row).
pub fn trial(job: &Job, t: u32) -> Vec<f64> {
    let s = job.settings;
    match job.kind {
        JobKind::Balance { n, k } => {
            let m = members(n, s.seed, t);
            let p = placement(Algorithm::Ring { vnodes: k }, &m);
            let shares: Vec<f64> = key_space_shares(&p)
                .expect("a ring")
                .iter()
                .map(|s| s.1)
                .collect();
            let ks = key_set(s.seed, t, s.keys, false);
            let load = metrics::load(m.list(), &p.assign(&ks, 1));
            vec![metrics::spread(&shares).1, load.cv, load.max_over_mean]
        }
        JobKind::Moved { algo } => {
            let n = s.nodes.max(2);
            if !applies(algo, n) {
                return Vec::new();
            }
            let base = members(n, s.seed, t);
            let ks = key_set(s.seed, t, s.keys, false);
            let mut grown = base.clone();
            let new = grown
                .add(&format!("s{}t{t}-node-{}", s.seed, n + 1), 100)
                .expect("a new name");
            let (add, onto) = moved(algo, &base, &grown, &ks, Some(new));
            // Jump hash can only lose its last bucket: every algorithm loses the last node.
            let mut shrunk = base.clone();
            let last = base.list().last().expect("n ≥ 2").id;
            shrunk.remove(last).expect("a member");
            vec![add, onto, moved(algo, &base, &shrunk, &ks, None).0]
        }
        JobKind::Bounded { c_percent, zipf } => {
            let n = s.nodes.max(2);
            let algo = bounded_algo(c_percent);
            let base = members(n, s.seed, t);
            let ks = key_set(s.seed, t, s.keys, zipf);
            let load = metrics::load(base.list(), &placement(algo, &base).assign(&ks, 1));
            let mut grown = base.clone();
            grown
                .add(&format!("s{}t{t}-node-{}", s.seed, n + 1), 100)
                .expect("a new name");
            vec![load.max_over_mean, moved(algo, &base, &grown, &ks, None).0]
        }
        JobKind::MultiProbe { probes } => {
            let n = s.nodes.max(2);
            let m = members(n, s.seed, t);
            let ks = key_set(s.seed, t, s.keys, false);
            let p = placement(Algorithm::MultiProbe { probes }, &m);
            vec![metrics::load(m.list(), &p.assign(&ks, 1)).max_over_mean]
        }
        JobKind::SplitVotes { .. } => super::raft::trial(job, t),
        JobKind::Downtime(_) => super::downtime::trial(job, t),
    }
}

fn bounded_algo(c_percent: Option<u32>) -> Algorithm {
    match c_percent {
        Some(c_percent) => Algorithm::BoundedLoad {
            vnodes: VNODES,
            c_percent,
        },
        None => Algorithm::Ring { vnodes: VNODES },
    }
}

/// The row of a job from the figures of its trials (`samples[t]` is trial `t`).
pub fn finish(job: &Job, samples: &[Vec<f64>]) -> Vec<Cell> {
    let s = job.settings;
    let n = s.nodes.max(2);
    let column =
        |i: usize| -> Vec<f64> { samples.iter().filter_map(|v| v.get(i).copied()).collect() };
    match job.kind {
        JobKind::Balance { n, k } => vec![
            Cell::Int(u64::from(n)),
            Cell::Int(u64::from(k)),
            Cell::Real(rms(&column(0)), 4),
            Cell::Real(theoretical_cv(n, k), 4),
            Cell::Real(rms(&column(1)), 4),
            Cell::Real(theoretical_key_cv(n, k, s.keys), 4),
            Cell::Real(mean(&column(2)), 3),
        ],
        JobKind::Moved { algo } => {
            if !applies(algo, n) {
                let none = || Cell::Text("—".into());
                return vec![
                    Cell::Text(label(algo)),
                    none(),
                    none(),
                    none(),
                    none(),
                    none(),
                ];
            }
            vec![
                Cell::Text(label(algo)),
                Cell::Real(mean(&column(0)), 4),
                Cell::Real(optimal_fraction(n as usize, n as usize + 1), 4),
                Cell::Real(mean(&column(1)), 3),
                Cell::Real(mean(&column(2)), 4),
                Cell::Real(optimal_fraction(n as usize, n as usize - 1), 4),
            ]
        }
        JobKind::Bounded { c_percent, zipf } => vec![
            Cell::Text(if zipf { "zipf" } else { "uniform" }.into()),
            match c_percent {
                Some(c) => Cell::Real(f64::from(c) / 100.0, 2),
                None => Cell::Text("∞".into()),
            },
            Cell::Real(mean(&column(0)), 3),
            Cell::Real(mean(&column(1)), 4),
            Cell::Real(optimal_fraction(n as usize, n as usize + 1), 4),
        ],
        JobKind::MultiProbe { probes } => vec![
            Cell::Int(u64::from(probes)),
            Cell::Real(mean(&column(0)), 3),
            Cell::Real(1.0 + 1.0 / (f64::from(probes) - 1.0), 3),
        ],
        JobKind::SplitVotes { .. } => super::raft::finish(job, samples),
        JobKind::Downtime(_) => super::downtime::finish(job, samples),
    }
}

/// An algorithm with its parameter, as a row label.
fn label(algo: Algorithm) -> String {
    match algo {
        Algorithm::Ring { vnodes } => format!("ring k={vnodes}"),
        Algorithm::MultiProbe { probes } => format!("multi-probe P={probes}"),
        Algorithm::Maglev { table_size } => format!("maglev M={table_size}"),
        Algorithm::BoundedLoad { c_percent, .. } => {
            format!(
                "bounded-load c={}",
                super::fixed(f64::from(c_percent) / 100.0, 2)
            )
        }
        other => other.name().to_string(),
    }
}
