//! The placement experiments: balance against virtual nodes, keys moved per algorithm,
//! bounded loads and multi-probe hashing.

use super::{Cell, Column, Experiment, Job, JobKind};
use crate::ring::keys::{self, UniformKeys, ZipfKeys};
use crate::ring::metrics::{
    self, key_space_shares, optimal_fraction, theoretical_cv, theoretical_key_cv, LoadTally,
};
use crate::ring::{Algorithm, Key, MemberId, Members, Placement, Sequence};

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
    col("max_over_mean", "peak ÷ mean keys", "键数峰值 ÷ 平均值"),
];
const MOVED_COLUMNS: [Column; 6] = [
    col("algorithm", "algorithm", "算法"),
    col("add_moved", "moved on add", "加入时迁移"),
    col(
        "add_optimum",
        "even loads need 1/(n+1)",
        "负载均衡至少需迁移 1/(n+1)",
    ),
    col(
        "add_onto_new",
        "of which onto the new node",
        "其中迁往新节点",
    ),
    col("remove_moved", "moved on remove", "移除时迁移"),
    col(
        "remove_optimum",
        "even loads need 1/n",
        "负载均衡至少需迁移 1/n",
    ),
];
const BOUNDED_COLUMNS: [Column; 5] = [
    col("keys", "keys", "键"),
    col("c", "c (cap ÷ mean)", "c（上限 ÷ 平均值）"),
    col("max_over_mean", "peak ÷ mean", "峰值 ÷ 平均值"),
    col("add_moved", "moved on add", "加入时迁移"),
    col(
        "add_optimum",
        "even loads need 1/(n+1)",
        "负载均衡至少需迁移 1/(n+1)",
    ),
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

/// The keys of a trial, made as they are placed: uniform keys, or Zipf requests over a
/// thousand keys.
#[derive(Clone, Debug)]
enum KeySource {
    Uniform(UniformKeys),
    Zipf(ZipfKeys),
}

impl KeySource {
    fn new(seed: u64, trial: u32, zipf: bool) -> KeySource {
        let seed = seed.wrapping_mul(1_000_003).wrapping_add(u64::from(trial));
        if zipf {
            KeySource::Zipf(ZipfKeys::new(seed, HOT_DISTINCT))
        } else {
            KeySource::Uniform(UniformKeys::new(seed))
        }
    }

    fn next_key(&mut self) -> Key {
        match self {
            KeySource::Uniform(k) => k.next_key(),
            KeySource::Zipf(k) => k.next_key(),
        }
    }
}

/// One trial of one row, computed in steps of bounded work, so a page can draw frames
/// between them: each step builds one of its placements, then places a piece of its keys.
/// The figures do not depend on the steps: the keys are counted one at a time either way.
#[derive(Clone, Debug)]
pub struct Trial(State);

#[derive(Clone, Debug)]
enum State {
    /// The figures, known at the start (an election runs whole; a row that does not apply
    /// has none).
    Done(Vec<f64>),
    Placing(Box<Placing>),
}

#[derive(Clone, Debug)]
struct Placing {
    algo: Algorithm,
    /// The member sets still to build a placement over, next last.
    unbuilt: Vec<Members>,
    /// The placements built, in the tally's order, each with its sequence of keys.
    built: Vec<(Placement, Sequence)>,
    /// Keys in all, and keys left to place.
    count: u64,
    left: u64,
    keys: KeySource,
    tally: Tally,
}

/// What a row counts as its keys are placed (each with one replica, as `Placement::assign`).
#[derive(Clone, Debug)]
enum Tally {
    /// Over one ring: the keys per node (its arcs are measured at the end).
    Balance { load: LoadTally },
    /// Over the nodes, one more and one fewer: each key's server before and after a node
    /// joins, and after the last node leaves.
    Moved {
        new: MemberId,
        added: u64,
        onto_new: u64,
        removed: u64,
    },
    /// Over the nodes and one more: the keys per node, and each key's server before and
    /// after the node joins.
    Bounded { load: LoadTally, moved: u64 },
    /// Over the nodes: the keys per node.
    MultiProbe { load: LoadTally },
}

impl Trial {
    /// Trial `t` of a row, with nothing built or placed yet (an election trial is run
    /// whole here).
    pub fn start(job: &Job, t: u32) -> Trial {
        let s = job.settings;
        let n = s.nodes.max(2);
        let grown = |base: &Members| {
            let mut grown = base.clone();
            let new = grown
                .add(&format!("s{}t{t}-node-{}", s.seed, n + 1), 100)
                .expect("a new name");
            (grown, new)
        };
        let (algo, sets, zipf, tally) = match job.kind {
            JobKind::Balance { n, k } => {
                let m = members(n, s.seed, t);
                let load = LoadTally::new(m.list());
                (
                    Algorithm::Ring { vnodes: k },
                    vec![m],
                    false,
                    Tally::Balance { load },
                )
            }
            JobKind::Moved { algo } => {
                if !applies(algo, n) {
                    return Trial(State::Done(Vec::new()));
                }
                let base = members(n, s.seed, t);
                let (grown, new) = grown(&base);
                // Jump hash can only lose its last bucket: every algorithm loses the last node.
                let mut shrunk = base.clone();
                let last = base.list().last().expect("n ≥ 2").id;
                shrunk.remove(last).expect("a member");
                let tally = Tally::Moved {
                    new,
                    added: 0,
                    onto_new: 0,
                    removed: 0,
                };
                (algo, vec![base, grown, shrunk], false, tally)
            }
            JobKind::Bounded { c_percent, zipf } => {
                let base = members(n, s.seed, t);
                let load = LoadTally::new(base.list());
                let (grown, _) = grown(&base);
                let tally = Tally::Bounded { load, moved: 0 };
                (bounded_algo(c_percent), vec![base, grown], zipf, tally)
            }
            JobKind::MultiProbe { probes } => {
                let m = members(n, s.seed, t);
                let load = LoadTally::new(m.list());
                (
                    Algorithm::MultiProbe { probes },
                    vec![m],
                    false,
                    Tally::MultiProbe { load },
                )
            }
            JobKind::SplitVotes { .. } => return Trial(State::Done(super::raft::trial(job, t))),
            JobKind::Downtime(_) => return Trial(State::Done(super::downtime::trial(job, t))),
        };
        let count = s.keys.min(keys::MAX_KEYS);
        let mut unbuilt = sets;
        unbuilt.reverse();
        Trial(State::Placing(Box::new(Placing {
            algo,
            built: Vec::with_capacity(unbuilt.len()),
            unbuilt,
            count,
            left: count,
            keys: KeySource::new(s.seed, t, zipf),
            tally,
        })))
    }

    /// The keys placed so far, in thousandths of the trial's keys.
    pub fn permille(&self) -> u64 {
        match &self.0 {
            State::Done(_) => 0,
            State::Placing(p) => (p.count - p.left) * 1000 / p.count.max(1),
        }
    }

    /// One step: build the next placement, or place up to `keys` more keys. The trial's
    /// figures once every key is placed.
    pub fn advance(&mut self, keys: u64) -> Option<Vec<f64>> {
        let p = match &mut self.0 {
            State::Done(figures) => return Some(std::mem::take(figures)),
            State::Placing(p) => p,
        };
        if let Some(m) = p.unbuilt.pop() {
            let placement = placement(p.algo, &m);
            let sequence = placement.sequence(p.count);
            p.built.push((placement, sequence));
            return None;
        }
        let piece = keys.min(p.left);
        for _ in 0..piece {
            p.tally.place(&mut p.built, &p.keys.next_key());
        }
        p.left -= piece;
        (p.left == 0).then(|| p.tally.figures(&p.built, p.count))
    }
}

impl Tally {
    fn place(&mut self, built: &mut [(Placement, Sequence)], key: &Key) {
        match (self, built) {
            (Tally::Balance { load } | Tally::MultiProbe { load }, [(p, seq)]) => {
                load.add(p.serve(seq, key));
            }
            (
                Tally::Moved {
                    new,
                    added,
                    onto_new,
                    removed,
                },
                [(base, sb), (grown, sg), (shrunk, ss)],
            ) => {
                let before = base.serve(sb, key);
                let after_add = grown.serve(sg, key);
                if after_add != before {
                    *added += 1;
                    *onto_new += u64::from(after_add == Some(*new));
                }
                *removed += u64::from(shrunk.serve(ss, key) != before);
            }
            (Tally::Bounded { load, moved }, [(base, sb), (grown, sg)]) => {
                let before = base.serve(sb, key);
                load.add(before);
                *moved += u64::from(grown.serve(sg, key) != before);
            }
            _ => unreachable!("each tally has its placements"),
        }
    }

    fn figures(&self, built: &[(Placement, Sequence)], count: u64) -> Vec<f64> {
        let members = built[0].0.members();
        match self {
            Tally::Balance { load } => {
                let shares: Vec<f64> = key_space_shares(&built[0].0)
                    .expect("a ring")
                    .iter()
                    .map(|s| s.1)
                    .collect();
                let load = load.summary(members);
                vec![metrics::spread(&shares).1, load.cv, load.max_over_mean]
            }
            Tally::Moved {
                added,
                onto_new,
                removed,
                ..
            } => vec![
                fraction(*added, count),
                // Of the keys that moved, the share onto the new node (all of none).
                if *added == 0 {
                    1.0
                } else {
                    *onto_new as f64 / *added as f64
                },
                fraction(*removed, count),
            ],
            Tally::Bounded { load, moved } => {
                vec![load.summary(members).max_over_mean, fraction(*moved, count)]
            }
            Tally::MultiProbe { load } => vec![load.summary(members).max_over_mean],
        }
    }
}

/// `part` of `whole` keys, as a fraction (none of none: 0).
fn fraction(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The work of building a trial's placements for a row, in the page's units (`PAGE_RUN_WORK`):
/// hashing and sorting eight points, or naming a node, costs about one key placement
/// (measured natively, where a trial of Bounded over 1,000 nodes builds 24 rings of 100,000
/// points in 0.1 s, as long as 190,000 key placements take; this says 350,000).
pub fn build_work(job: &Job) -> u64 {
    let n = u64::from(job.settings.nodes.max(2));
    let one = |algo: Algorithm, n: u64| {
        let points = match algo {
            Algorithm::Ring { vnodes } | Algorithm::BoundedLoad { vnodes, .. } => {
                n * u64::from(vnodes)
            }
            // libketama's 40 digests a node, four points each.
            Algorithm::Ketama => 160 * n,
            Algorithm::Maglev { table_size } => u64::from(table_size),
            Algorithm::ModN | Algorithm::Rendezvous | Algorithm::Jump => 0,
            Algorithm::MultiProbe { .. } => n,
        };
        points / 8 + 2 * n
    };
    match job.kind {
        JobKind::Balance { n, k } => one(Algorithm::Ring { vnodes: k }, u64::from(n)),
        JobKind::Moved { algo } if applies(algo, job.settings.nodes.max(2)) => 3 * one(algo, n),
        JobKind::Moved { .. } => 0,
        JobKind::Bounded { c_percent, .. } => 2 * one(bounded_algo(c_percent), n),
        JobKind::MultiProbe { probes } => one(Algorithm::MultiProbe { probes }, n),
        JobKind::SplitVotes { .. } | JobKind::Downtime(_) => 0,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::{plan, Settings};
    use crate::ring::metrics::{load, movement};

    /// A trial measured the straightforward way: every key set made whole and assigned at
    /// once (`Placement::assign`), loads and movement counted from the assignments.
    fn whole(job: &Job, t: u32) -> Vec<f64> {
        let s = job.settings;
        let n = s.nodes.max(2);
        let key_seed = s.seed.wrapping_mul(1_000_003).wrapping_add(u64::from(t));
        let uniform = keys::uniform(key_seed, s.keys);
        let grow = |m: &Members| {
            let mut grown = m.clone();
            let id = grown
                .add(&format!("s{}t{t}-node-{}", s.seed, n + 1), 100)
                .unwrap();
            (grown, id)
        };
        match job.kind {
            JobKind::Balance { n, k } => {
                let m = members(n, s.seed, t);
                let p = placement(Algorithm::Ring { vnodes: k }, &m);
                let shares: Vec<f64> = key_space_shares(&p).unwrap().iter().map(|s| s.1).collect();
                let l = load(m.list(), &p.assign(&uniform, 1));
                vec![metrics::spread(&shares).1, l.cv, l.max_over_mean]
            }
            JobKind::Moved { algo } => {
                let base = members(n, s.seed, t);
                let (grown, new) = grow(&base);
                let mut shrunk = base.clone();
                shrunk.remove(base.list().last().unwrap().id).unwrap();
                let a = placement(algo, &base).assign(&uniform, 1);
                let add = movement(&a, &placement(algo, &grown).assign(&uniform, 1));
                let remove = movement(&a, &placement(algo, &shrunk).assign(&uniform, 1));
                let onto: u64 = add
                    .flows
                    .iter()
                    .filter(|((_, to), _)| *to == Some(new))
                    .map(|(_, c)| c)
                    .sum();
                let onto = if add.moved == 0 {
                    1.0
                } else {
                    onto as f64 / add.moved as f64
                };
                vec![add.fraction(), onto, remove.fraction()]
            }
            JobKind::Bounded { c_percent, zipf } => {
                let ks = if zipf {
                    keys::zipf(key_seed, HOT_DISTINCT, s.keys)
                } else {
                    uniform
                };
                let algo = bounded_algo(c_percent);
                let base = members(n, s.seed, t);
                let a = placement(algo, &base).assign(&ks, 1);
                let b = placement(algo, &grow(&base).0).assign(&ks, 1);
                vec![
                    load(base.list(), &a).max_over_mean,
                    movement(&a, &b).fraction(),
                ]
            }
            JobKind::MultiProbe { probes } => {
                let m = members(n, s.seed, t);
                let p = placement(Algorithm::MultiProbe { probes }, &m);
                vec![load(m.list(), &p.assign(&uniform, 1)).max_over_mean]
            }
            _ => unreachable!("only the placement rows"),
        }
    }

    #[test]
    fn a_trial_placed_in_pieces_measures_what_the_whole_key_set_does() {
        let s = Settings {
            nodes: 7,
            keys: 1500,
            trials: 2,
            seed: 5,
        };
        for e in [
            Experiment::Balance,
            Experiment::Moved,
            Experiment::Bounded,
            Experiment::MultiProbe,
        ] {
            for job in plan(e, s) {
                if matches!(job.kind, JobKind::Balance { n: 100, .. }) {
                    continue; // the large rings: the smaller rows test the same code
                }
                if let JobKind::Moved { algo } = job.kind {
                    if !applies(algo, s.nodes) {
                        continue;
                    }
                }
                for t in 0..2 {
                    let expected = whole(&job, t);
                    for piece in [1, 7, 1500, u64::MAX] {
                        let mut trial = Trial::start(&job, t);
                        let mut steps = 0;
                        let figures = loop {
                            steps += 1;
                            if let Some(f) = trial.advance(piece) {
                                break f;
                            }
                        };
                        assert_eq!(
                            figures, expected,
                            "{:?} trial {t} in pieces of {piece}",
                            job.kind
                        );
                        let builds = match job.kind {
                            JobKind::Moved { .. } => 3,
                            JobKind::Bounded { .. } => 2,
                            _ => 1,
                        };
                        let pieces = s.keys.div_ceil(piece.min(s.keys));
                        assert_eq!(steps, builds + pieces, "{:?}", job.kind);
                    }
                }
            }
        }
    }
}
