//! The numbers that make placements comparable. Computed for display and reports (floats are
//! fine here: nothing in a run depends on them).

use super::algo::{Assignment, Placement};
use super::{Member, MemberId};
use crate::sim::map::SortedMap;

#[derive(Clone, Debug, PartialEq)]
pub struct LoadSummary {
    /// Keys served per live member, in member order.
    pub per_member: Vec<(MemberId, u64)>,
    pub mean: f64,
    /// The fullest member's load over its fair share (the keys in proportion to its weight:
    /// the mean when weights are equal).
    pub max_over_mean: f64,
    /// Coefficient of variation (standard deviation / mean) of the members' loads over their
    /// fair shares (of the loads themselves when weights are equal): a light member, meant
    /// to hold less, is not counted as imbalance.
    pub cv: f64,
    /// Keys with no live replica.
    pub lost: u64,
}

pub fn load(members: &[Member], a: &Assignment) -> LoadSummary {
    let mut tally = LoadTally::new(members);
    for &s in &a.served_by {
        tally.add(s);
    }
    tally.summary(members)
}

/// Keys served per member, counted one key at a time (`load` counts an assignment's).
#[derive(Clone, Debug)]
pub struct LoadTally {
    counts: SortedMap<MemberId, u64>,
    lost: u64,
}

impl LoadTally {
    pub fn new(members: &[Member]) -> LoadTally {
        // Inserted, not collected: collecting a map sorts its input with the standard
        // library's stable sort, which costs the page about 4 KB of wasm per type (see
        // sim::sort).
        let mut counts: SortedMap<MemberId, u64> = SortedMap::new();
        for m in members.iter().filter(|m| m.up) {
            counts.insert(m.id, 0);
        }
        LoadTally { counts, lost: 0 }
    }

    /// One key, served by this member (`None`: lost).
    pub fn add(&mut self, served_by: Option<MemberId>) {
        match served_by {
            Some(id) => *self.counts.entry(id).or_default() += 1,
            None => self.lost += 1,
        }
    }

    pub fn summary(&self, members: &[Member]) -> LoadSummary {
        let (counts, lost) = (&self.counts, self.lost);
        let per_member: Vec<(MemberId, u64)> = members
            .iter()
            .filter_map(|m| counts.get(&m.id).map(|&c| (m.id, c)))
            .collect();
        let values: Vec<f64> = per_member.iter().map(|&(_, c)| c as f64).collect();
        let (mean, _, _) = spread(&values);
        // Each load over its fair share: the served keys in proportion to the weights of the
        // live members.
        let weight = |id: MemberId| members.iter().find(|m| m.id == id).map_or(0, |m| m.weight);
        let weights: f64 = per_member
            .iter()
            .map(|&(id, _)| f64::from(weight(id)))
            .sum();
        let served: f64 = values.iter().sum();
        let relative: Vec<f64> = per_member
            .iter()
            .map(|&(id, c)| {
                let fair = served * f64::from(weight(id)) / weights;
                if fair > 0.0 {
                    c as f64 / fair
                } else {
                    0.0
                }
            })
            .collect();
        let (_, cv, max) = spread(&relative);
        LoadSummary {
            per_member,
            mean,
            max_over_mean: if served > 0.0 { max } else { 0.0 },
            cv,
            lost,
        }
    }
}

/// (mean, coefficient of variation, max) of a list of values.
pub fn spread(values: &[f64]) -> (f64, f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    let max = values.iter().copied().fold(f64::MIN, f64::max);
    let cv = if mean > 0.0 { var.sqrt() / mean } else { 0.0 };
    (mean, cv, max)
}

/// Each member's share of the hash space, for ring-like placements (the arc before each of
/// its points). `None` for algorithms without a ring.
pub fn key_space_shares(p: &Placement) -> Option<Vec<(MemberId, f64)>> {
    let pts = p.points();
    if pts.is_empty() {
        return None;
    }
    // Inserted, not collected (see `load`).
    let mut share: SortedMap<MemberId, u128> = SortedMap::new();
    for m in p.members() {
        share.insert(m.id, 0);
    }
    for (i, &(x, id)) in pts.iter().enumerate() {
        let prev = if i == 0 {
            pts[pts.len() - 1].0
        } else {
            pts[i - 1].0
        };
        let arc = x.wrapping_sub(prev);
        // A single point owns the whole ring.
        let arc = if pts.len() == 1 {
            u64::MAX as u128 + 1
        } else {
            u128::from(arc)
        };
        *share.entry(id).or_default() += arc;
    }
    let whole = (u64::MAX as f64) + 1.0;
    Some(
        p.members()
            .iter()
            .map(|m| (m.id, share[&m.id] as f64 / whole))
            .collect(),
    )
}

/// The theory: with n members of k random points each, CV of the shares ≈ √((n−1)/(nk+1)).
pub fn theoretical_cv(n: u32, k: u32) -> f64 {
    let (n, k) = (f64::from(n), f64::from(k));
    ((n - 1.0) / (n * k + 1.0)).sqrt()
}

/// The spread of *key counts* to expect, not only of arc shares: `keys` uniform keys fall on
/// the arcs by chance, which adds the sampling variance of a multinomial, CV² ≈ (n−1)/keys,
/// to the arcs' own. With 5 members of 100 virtual nodes and 2,000 keys that is 0.10, where
/// the arcs alone give 0.089, so a readout of a finite key set can be compared with it.
pub fn theoretical_key_cv(n: u32, k: u32, keys: u64) -> f64 {
    let arcs = theoretical_cv(n, k);
    if keys == 0 {
        return arcs;
    }
    (arcs * arcs + (f64::from(n) - 1.0) / keys as f64).sqrt()
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Movement {
    pub moved: u64,
    pub total: u64,
    /// (from, to) → keys; `None` is "no live replica".
    pub flows: SortedMap<(Option<MemberId>, Option<MemberId>), u64>,
}

impl Movement {
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.moved as f64 / self.total as f64
        }
    }
}

/// Which keys changed the member serving them between two assignments of the same keys.
pub fn movement(before: &Assignment, after: &Assignment) -> Movement {
    assert_eq!(
        before.served_by.len(),
        after.served_by.len(),
        "the same keys"
    );
    let mut m = Movement {
        total: before.served_by.len() as u64,
        ..Movement::default()
    };
    for (a, b) in before.served_by.iter().zip(&after.served_by) {
        if a != b {
            m.moved += 1;
            *m.flows.entry((*a, *b)).or_default() += 1;
        }
    }
    m
}

/// The least any algorithm must move when the member count goes from `before` to `after`:
/// |Δ| / max(before, after) (adding 1 to n: 1/(n+1)).
pub fn optimal_fraction(before: usize, after: usize) -> f64 {
    let (lo, hi) = (before.min(after), before.max(after));
    if hi == 0 {
        0.0
    } else {
        (hi - lo) as f64 / hi as f64
    }
}

/// A fingerprint of an assignment (MD5 of every key's replica list), to compare placements
/// across runs and targets at a glance.
pub fn fingerprint(a: &Assignment) -> String {
    let mut text = String::new();
    for replicas in &a.replicas {
        for id in replicas {
            text.push_str(&id.0.to_string());
            text.push(',');
        }
        text.push(';');
    }
    super::md5::hex(&super::md5::md5(text.as_bytes()))
}

/// One fingerprint over every algorithm (default parameters, `vnodes` virtual nodes) placing
/// `keys` on `members` with `r` replicas: proof that placements agree across targets.
pub fn fingerprint_all(
    members: &super::Members,
    keys: &[super::Key],
    vnodes: u32,
    r: u32,
) -> String {
    let mut prints = String::new();
    for name in super::Algorithm::NAMES {
        let algo = super::Algorithm::parse(name, vnodes).expect("a known name");
        match Placement::build(algo, members.list()) {
            Ok(p) => prints.push_str(&fingerprint(&p.assign(keys, r))),
            Err(e) => prints.push_str(&e.to_string()),
        }
    }
    super::md5::hex(&super::md5::md5(prints.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::sort;

    #[test]
    fn theory_matches_the_reference_table() {
        // REFERENCE.md: n = 10 → k=1: 0.90, k=10: 0.30, k=100: 0.095, k=1000: 0.030.
        for (k, want) in [(1, 0.90), (10, 0.30), (100, 0.095), (1000, 0.030)] {
            let got = theoretical_cv(10, k);
            assert!((got - want).abs() < 0.006, "k={k}: {got}");
        }
        assert!((optimal_fraction(4, 5) - 0.2).abs() < 1e-12);
    }

    fn loads(weights: &[u32], counts: &[usize]) -> LoadSummary {
        let members: Vec<Member> = weights
            .iter()
            .enumerate()
            .map(|(i, &weight)| Member {
                id: MemberId(i as u32),
                name: format!("N{}", i + 1),
                weight,
                up: true,
            })
            .collect();
        let served_by = counts
            .iter()
            .enumerate()
            .flat_map(|(i, &c)| std::iter::repeat_n(Some(MemberId(i as u32)), c))
            .collect();
        load(
            &members,
            &Assignment {
                replicas: Vec::new(),
                served_by,
            },
        )
    }

    #[test]
    fn loads_are_measured_against_each_members_weighted_share() {
        // Equal weights: against the mean.
        let even = loads(&[100, 100], &[10, 30]);
        assert!((even.max_over_mean - 1.5).abs() < 1e-12);
        assert!((even.cv - 0.5).abs() < 1e-12);
        // A member of a third the weight holding a third the keys is as it should be.
        let weighted = loads(&[100, 300], &[25, 75]);
        assert!((weighted.max_over_mean - 1.0).abs() < 1e-12, "{weighted:?}");
        assert!(weighted.cv.abs() < 1e-12, "{weighted:?}");
        // Holding half the keys instead: twice its share, the other 2/3 of its own.
        let over = loads(&[100, 300], &[50, 50]);
        assert!((over.max_over_mean - 2.0).abs() < 1e-12, "{over:?}");
        assert_eq!(over.mean, 50.0);
    }

    #[test]
    fn the_key_count_theory_matches_random_rings_with_finite_key_sets() {
        // n members × k random points on a circle of 2^64 positions, then `keys` random keys,
        // each owned by the next point clockwise. The formulas give the expected *square* of
        // the CV: over 400 seeded rings the mean square must match the one with the sampling
        // term (within 10 %) and not the arcs alone.
        let (n, k, keys) = (5u32, 20u32, 500u64);
        let runs = 400u32;
        let mut total = 0.0;
        for seed in 0..u64::from(runs) {
            let mut points = random_points(seed, n, k);
            sort::sort(&mut points);
            let mut counts = vec![0u64; n as usize];
            let mut state = seed ^ 0x5eed;
            for _ in 0..keys {
                let key = crate::sim::rng::splitmix64(&mut state);
                let i = points.partition_point(|&(p, _)| p < key) % points.len();
                counts[points[i].1 as usize] += 1;
            }
            let mean = keys as f64 / f64::from(n);
            let var = counts
                .iter()
                .map(|&c| (c as f64 - mean).powi(2))
                .sum::<f64>()
                / f64::from(n);
            total += var / (mean * mean);
        }
        let got = total / f64::from(runs);
        let arcs = theoretical_cv(n, k).powi(2);
        let with_keys = theoretical_key_cv(n, k, keys).powi(2);
        assert!(
            (got - with_keys).abs() < 0.1 * with_keys && (got - arcs).abs() > 0.1 * arcs,
            "mean CV² {got}, arcs {arcs}, with keys {with_keys}"
        );
    }

    /// `k` random points for each of `n` members, each tagged with its member.
    fn random_points(seed: u64, n: u32, k: u32) -> Vec<(u64, u32)> {
        let mut state = seed;
        (0..n * k)
            .map(|i| (crate::sim::rng::splitmix64(&mut state), i % n))
            .collect()
    }
}
