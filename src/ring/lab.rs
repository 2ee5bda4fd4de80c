//! The ring lab: one experiment in data distribution. A membership, a key set, one algorithm
//! (or two, side by side) and the replication factor; every membership change records which
//! keys moved, against the least that even loads need and against `hash mod n` for the same change.
//!
//! Plain data and pure functions of it, so the browser view and the tests see the same numbers.

use super::algo::{Algorithm, Assignment, Placement, RingError, MAX_VNODES};
use super::keys::{self, Key};
use super::metrics::{self, LoadSummary, Movement};
use super::{MemberId, Members};

/// Keys at most in the lab (the view draws every one).
pub const MAX_LAB_KEYS: u64 = 20_000;
/// Members at most in the lab.
pub const MAX_LAB_MEMBERS: usize = 64;
/// The weight of the servers' ring nodes N1 … Nn.
pub const DEFAULT_WEIGHT: u32 = 100;
/// Replication factor at most.
pub const MAX_REPLICAS: u32 = 5;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySet {
    /// `count` distinct random keys from the seed.
    Uniform { count: u64 },
    /// `count` requests over `distinct` keys, Zipf-skewed: a few keys are hot.
    Hot { distinct: u64, count: u64 },
    /// Keys typed by the user, one per line.
    Named(String),
}

impl KeySet {
    pub fn keys(&self, seed: u64) -> Vec<Key> {
        match self {
            KeySet::Uniform { count } => keys::uniform(seed, (*count).min(MAX_LAB_KEYS)),
            KeySet::Hot { distinct, count } => {
                keys::zipf(seed, *distinct, (*count).min(MAX_LAB_KEYS))
            }
            KeySet::Named(text) => {
                let mut k = keys::named(text);
                k.truncate(MAX_LAB_KEYS as usize);
                k
            }
        }
    }
}

/// What changed in the membership, for the movement readout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Added(String),
    /// A member left (its name, and its weight: its share is what must move).
    Removed(String, u32),
    /// Members that went down (more than one when a scenario's step takes several at once).
    Down(Vec<String>),
    /// Members that came back up.
    Up(Vec<String>),
    /// A member's weight changed (its name, the weight before, after).
    Weight(String, u32, u32),
}

/// One algorithm's view of the lab.
#[derive(Clone, Debug)]
pub struct Lens {
    pub algo: Algorithm,
    pub placement: Result<Placement, RingError>,
    /// Where every key lives now (when the placement could be built).
    pub assignment: Option<Assignment>,
    /// Before the last membership change, and which keys moved in it.
    pub before: Option<Assignment>,
    pub moved: Option<Movement>,
}

impl Lens {
    fn build(algo: Algorithm, members: &Members, keys: &[Key], r: u32) -> Lens {
        let placement = Placement::build(algo, members.list());
        let assignment = placement.as_ref().ok().map(|p| p.assign(keys, r));
        Lens {
            algo,
            placement,
            assignment,
            before: None,
            moved: None,
        }
    }

    pub fn load(&self, members: &Members) -> Option<LoadSummary> {
        self.assignment
            .as_ref()
            .map(|a| metrics::load(members.list(), a))
    }

    /// Keys served by a replica because their first choice is down.
    pub fn served_by_replica(&self) -> u64 {
        self.assignment.as_ref().map_or(0, |a| {
            a.replicas
                .iter()
                .zip(&a.served_by)
                .filter(|(reps, s)| s.is_some() && reps.first() != s.as_ref())
                .count() as u64
        })
    }
}

#[derive(Clone, Debug)]
pub struct Lab {
    pub members: Members,
    pub vnodes: u32,
    pub replicas: u32,
    pub key_set: KeySet,
    pub seed: u64,
    keys: Vec<Key>,
    /// The main algorithm, then the one it is compared with, if any.
    lenses: Vec<Lens>,
    /// The last membership change and the share of keys `hash mod n` would have moved in it
    /// (none for a change of weight: `hash mod n` has no weights to change).
    pub change: Option<(Change, Option<f64>)>,
    /// While a group is open, members going down (or coming up) one after another make one
    /// change, so that "both are back" reads as one event (a scenario's step that takes two
    /// at once, or a seek that finds both changed): `Some(false)` open with no change made in
    /// it yet (the last change, from before it, is not joined), `Some(true)` after one.
    group: Option<bool>,
}

/// The algorithm with the lab's virtual-node count where it takes one.
pub fn with_vnodes(algo: Algorithm, vnodes: u32) -> Algorithm {
    match algo {
        Algorithm::Ring { .. } => Algorithm::Ring { vnodes },
        Algorithm::BoundedLoad { c_percent, .. } => Algorithm::BoundedLoad { vnodes, c_percent },
        other => other,
    }
}

impl Lab {
    /// `n` members named N1 … Nn (the names of the cluster's servers), a ring of `vnodes`
    /// virtual nodes each, and `keys` uniform keys.
    pub fn new(seed: u64, n: u32, vnodes: u32, keys: u64) -> Lab {
        let mut members = Members::default();
        for i in 1..=n.min(MAX_LAB_MEMBERS as u32) {
            members
                .add(&format!("N{i}"), DEFAULT_WEIGHT)
                .expect("distinct names");
        }
        let vnodes = vnodes.clamp(1, MAX_VNODES);
        let mut lab = Lab {
            members,
            vnodes,
            replicas: 1,
            key_set: KeySet::Uniform {
                count: keys.min(MAX_LAB_KEYS),
            },
            seed,
            keys: Vec::new(),
            lenses: Vec::new(),
            change: None,
            group: None,
        };
        lab.keys = lab.key_set.keys(seed);
        lab.lenses = vec![Lens::build(
            Algorithm::Ring { vnodes },
            &lab.members,
            &lab.keys,
            1,
        )];
        lab
    }

    /// A lab with exactly these members (name, weight, up) and settings, as a saved run
    /// describes it.
    pub fn restore(
        seed: u64,
        members: &[(String, u32, bool)],
        algo: Algorithm,
        compare: Option<Algorithm>,
        vnodes: u32,
        replicas: u32,
        key_set: KeySet,
    ) -> Result<Lab, RingError> {
        let mut lab = Lab::new(seed, 0, vnodes, 1);
        for (name, weight, up) in members.iter().take(MAX_LAB_MEMBERS) {
            let id = lab.members.add(name, *weight)?;
            lab.members.set_up(id, *up)?;
        }
        lab.replicas = replicas.clamp(1, MAX_REPLICAS);
        lab.key_set = key_set;
        lab.keys = lab.key_set.keys(seed);
        lab.lenses[0].algo = algo;
        lab.set_compared(compare);
        Ok(lab)
    }

    pub fn keys(&self) -> &[Key] {
        &self.keys
    }
    pub fn lenses(&self) -> &[Lens] {
        &self.lenses
    }
    pub fn algorithm(&self) -> Algorithm {
        self.lenses[0].algo
    }
    pub fn compared(&self) -> Option<Algorithm> {
        self.lenses.get(1).map(|l| l.algo)
    }

    /// Rebuild every lens from scratch (settings changed): no movement to show.
    fn rebuild(&mut self) {
        let algos: Vec<Algorithm> = self
            .lenses
            .iter()
            .map(|l| with_vnodes(l.algo, self.vnodes))
            .collect();
        self.lenses = algos
            .into_iter()
            .map(|a| Lens::build(a, &self.members, &self.keys, self.replicas))
            .collect();
        self.change = None;
    }

    pub fn set_algorithm(&mut self, algo: Algorithm) {
        self.lenses[0].algo = algo;
        self.rebuild();
    }

    pub fn set_compared(&mut self, algo: Option<Algorithm>) {
        self.lenses.truncate(1);
        if let Some(a) = algo {
            self.lenses.push(Lens::build(
                with_vnodes(a, self.vnodes),
                &self.members,
                &self.keys,
                self.replicas,
            ));
        }
        self.rebuild();
    }

    pub fn set_vnodes(&mut self, vnodes: u32) {
        self.vnodes = vnodes.clamp(1, MAX_VNODES);
        self.rebuild();
    }

    pub fn set_replicas(&mut self, r: u32) {
        self.replicas = r.clamp(1, MAX_REPLICAS);
        self.rebuild();
    }

    /// Draw the key set again from another seed.
    pub fn reseed(&mut self, seed: u64) {
        self.seed = seed;
        self.set_keys(self.key_set.clone());
    }

    pub fn set_keys(&mut self, key_set: KeySet) {
        self.key_set = key_set;
        self.keys = self.key_set.keys(self.seed);
        self.rebuild();
    }

    /// Replace the membership with N1 … Nn (the cluster's servers), keeping the settings.
    pub fn reset_members(&mut self, n: u32) {
        let mut members = Members::default();
        for i in 1..=n.min(MAX_LAB_MEMBERS as u32) {
            members
                .add(&format!("N{i}"), DEFAULT_WEIGHT)
                .expect("distinct names");
        }
        self.members = members;
        self.rebuild();
    }

    /// Replace the membership with a libketama server list and switch to ketama.
    pub fn load_ketama(&mut self, text: &str) -> Result<(), RingError> {
        let members = Members::from_ketama_servers(text)?;
        if members.len() > MAX_LAB_MEMBERS {
            return Err(RingError::TooManyMembers(MAX_LAB_MEMBERS));
        }
        self.members = members;
        self.lenses[0].algo = Algorithm::Ketama;
        self.rebuild();
        Ok(())
    }

    /// Apply a membership change and record which keys moved, per lens and for `hash mod n`.
    fn change_members(
        &mut self,
        change: Change,
        apply: impl FnOnce(&mut Members) -> Result<(), RingError>,
    ) -> Result<(), RingError> {
        let mut next = self.members.clone();
        apply(&mut next)?;
        // Within a group, a member going the same way as the last change joins it: the names
        // gather, and what moved counts from before the group's first change.
        let joined = match (&self.change, &change) {
            (Some((Change::Down(names), _)), Change::Down(more)) if self.group == Some(true) => {
                Some((Change::Down([&names[..], more].concat()), names, false))
            }
            (Some((Change::Up(names), _)), Change::Up(more)) if self.group == Some(true) => {
                Some((Change::Up([&names[..], more].concat()), names, true))
            }
            _ => None,
        };
        let grouped = joined.is_some();
        let (change, from) = match joined {
            Some((merged, names, up)) => (merged, self.members_before(names, up)),
            None => (change, self.members.clone()),
        };
        // Jump hash can only lose its last bucket: refuse before changing anything.
        if let Change::Removed(name, _) = &change {
            let id = self.members.by_name(name).map(|m| m.id);
            for lens in &self.lenses {
                if let (Ok(p), Some(id)) = (&lens.placement, id) {
                    p.check_removal(id)?;
                }
            }
        }
        let mod_n = |members: &Members| {
            Placement::build(Algorithm::ModN, members.list())
                .ok()
                .map(|p| p.assign(&self.keys, self.replicas))
        };
        let mod_n_moved = match (mod_n(&from), mod_n(&next)) {
            _ if matches!(change, Change::Weight(..)) => None,
            (Some(a), Some(b)) => Some(metrics::movement(&a, &b).fraction()),
            // From or to zero members: every key changes hands.
            _ => Some(1.0),
        };
        self.members = next;
        let old: Vec<Lens> = std::mem::take(&mut self.lenses);
        self.lenses = old
            .into_iter()
            .map(|prev| {
                let mut lens = Lens::build(prev.algo, &self.members, &self.keys, self.replicas);
                // In a group, the assignment before its first change.
                let before = if grouped {
                    prev.before
                } else {
                    prev.assignment
                };
                if let (Some(a), Some(b)) = (&before, &lens.assignment) {
                    lens.moved = Some(metrics::movement(a, b));
                }
                lens.before = before;
                lens
            })
            .collect();
        self.change = Some((change, mod_n_moved));
        if self.group.is_some() {
            self.group = Some(true);
        }
        Ok(())
    }

    pub fn add(&mut self, name: &str, weight: u32) -> Result<MemberId, RingError> {
        if self.members.len() >= MAX_LAB_MEMBERS {
            return Err(RingError::TooManyMembers(MAX_LAB_MEMBERS));
        }
        let name = name.trim().to_string();
        let mut id = MemberId(0);
        self.change_members(Change::Added(name.clone()), |m| {
            id = m.add(&name, weight)?;
            Ok(())
        })?;
        Ok(id)
    }

    /// The next free name N<k>, for the "add a node" field.
    pub fn next_name(&self) -> String {
        (1..)
            .map(|k| format!("N{k}"))
            .find(|n| self.members.by_name(n).is_none())
            .expect("a free name")
    }

    pub fn remove(&mut self, id: MemberId) -> Result<(), RingError> {
        let name = self.name_of(id)?;
        let weight = self.members.get(id).map_or(0, |m| m.weight);
        self.change_members(Change::Removed(name, weight), |m| m.remove(id).map(|_| ()))
    }

    pub fn set_up(&mut self, id: MemberId, up: bool) -> Result<(), RingError> {
        let name = self.name_of(id)?;
        if self.members.get(id).is_some_and(|m| m.up == up) {
            return Ok(());
        }
        let change = if up {
            Change::Up(vec![name])
        } else {
            Change::Down(vec![name])
        };
        self.change_members(change, |m| m.set_up(id, up))
    }

    /// The members as they were before `names` went down (`up` false) or came up: the
    /// start of a group of changes.
    fn members_before(&self, names: &[String], up: bool) -> Members {
        let mut m = self.members.clone();
        for name in names {
            if let Some(id) = m.by_name(name).map(|x| x.id) {
                m.set_up(id, !up).ok();
            }
        }
        m
    }

    /// Open a group of changes that read as one (see `group`). Returns false, and changes
    /// nothing, when one is open already: its opener closes it.
    pub fn open_group(&mut self) -> bool {
        if self.group.is_some() {
            return false;
        }
        self.group = Some(false);
        true
    }

    pub fn close_group(&mut self) {
        self.group = None;
    }

    pub fn set_weight(&mut self, id: MemberId, weight: u32) -> Result<(), RingError> {
        let name = self.name_of(id)?;
        let before = self.members.get(id).map_or(weight, |m| m.weight);
        self.change_members(Change::Weight(name, before, weight), |m| {
            m.set_weight(id, weight)
        })
    }

    fn name_of(&self, id: MemberId) -> Result<String, RingError> {
        self.members
            .get(id)
            .map(|m| m.name.clone())
            .ok_or(RingError::NoSuchMember(id))
    }

    /// The least share of keys any algorithm must move in the last change, where there is one,
    /// to keep every member's load in proportion to its weight: the share of the total weight
    /// that the change moves (1/(n+1) for an addition to n equal members, 1/n for a removal
    /// from n).
    pub fn optimal_moved(&self) -> Option<f64> {
        let t1: f64 = self
            .members
            .list()
            .iter()
            .map(|m| f64::from(m.weight))
            .sum();
        let share = |w: u32, total: f64| {
            if total > 0.0 {
                f64::from(w) / total
            } else {
                0.0
            }
        };
        match &self.change.as_ref()?.0 {
            Change::Added(name) => Some(share(self.members.by_name(name)?.weight, t1)),
            Change::Removed(_, w) => Some(share(*w, t1 + f64::from(*w))),
            // The member's share of the total weight moves from before/T0 to after/T1; what
            // it gains (or the others gain) is the least that must move.
            &Change::Weight(_, before, after) => {
                let t0 = t1 - f64::from(after) + f64::from(before);
                Some((share(after, t1) - share(before, t0)).abs())
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_to_move_is_the_share_of_the_weight_that_changes_hands() {
        let mut lab = Lab::new(1, 4, 100, 2000);
        lab.add("N5", 100).unwrap();
        assert!((lab.optimal_moved().unwrap() - 0.2).abs() < 1e-12, "1/5");
        // N1 ten times as heavy: adding a standard member moves 100/1500 of the keys.
        let n1 = lab.members.by_name("N1").unwrap().id;
        lab.set_weight(n1, 1000).unwrap();
        lab.add("N6", 100).unwrap();
        assert!((lab.optimal_moved().unwrap() - 100.0 / 1500.0).abs() < 1e-12);
        // And removing N1 moves its 1000 of the 1500.
        lab.remove(n1).unwrap();
        assert!((lab.optimal_moved().unwrap() - 1000.0 / 1500.0).abs() < 1e-12);
    }

    #[test]
    fn members_coming_back_in_one_group_make_one_change_counted_from_before_it() {
        let mut lab = Lab::new(1, 5, 100, 2000);
        lab.set_replicas(2);
        let all_up = lab.lenses()[0].assignment.clone().unwrap();
        let id = |lab: &Lab, n: &str| lab.members.by_name(n).unwrap().id;
        let (n3, n4) = (id(&lab, "N3"), id(&lab, "N4"));
        lab.set_up(n3, false).unwrap();
        lab.set_up(n4, false).unwrap();
        // Outside a group, each is its own change.
        assert_eq!(
            lab.change.as_ref().unwrap().0,
            Change::Down(vec!["N4".into()])
        );
        let both_down = lab.lenses()[0].assignment.clone().unwrap();
        assert!(lab.open_group());
        assert!(!lab.open_group(), "one group at a time");
        lab.set_up(n3, true).unwrap();
        lab.set_up(n4, true).unwrap();
        lab.close_group();
        let (change, mod_n) = lab.change.clone().unwrap();
        assert_eq!(change, Change::Up(vec!["N3".into(), "N4".into()]));
        let lens = &lab.lenses()[0];
        assert_eq!(lens.before.as_ref().unwrap().served_by, both_down.served_by);
        assert_eq!(
            lens.assignment.as_ref().unwrap().served_by,
            all_up.served_by
        );
        let expected = metrics::movement(&both_down, &all_up);
        assert_eq!(lens.moved.as_ref().unwrap().moved, expected.moved);
        assert!(expected.moved > 0);
        // hash mod n from both down to both up, not from N3's return alone.
        let mod_n_of = |lab: &Lab, up: bool| {
            let mut m = lab.members.clone();
            m.set_up(n3, up).unwrap();
            m.set_up(n4, up).unwrap();
            Placement::build(Algorithm::ModN, m.list())
                .unwrap()
                .assign(lab.keys(), 2)
        };
        let whole = metrics::movement(&mod_n_of(&lab, false), &mod_n_of(&lab, true)).fraction();
        assert_eq!(mod_n, Some(whole));
        // A change of another kind in the group is its own.
        lab.open_group();
        lab.set_up(n3, false).unwrap();
        lab.set_up(n4, false).unwrap();
        assert_eq!(
            lab.change.as_ref().unwrap().0,
            Change::Down(vec!["N3".into(), "N4".into()])
        );
        lab.set_up(n4, true).unwrap();
        lab.close_group();
        assert_eq!(
            lab.change.as_ref().unwrap().0,
            Change::Up(vec!["N4".into()])
        );
        // A group does not join the change made before it opened.
        lab.open_group();
        lab.set_up(n3, true).unwrap();
        lab.close_group();
        assert_eq!(
            lab.change.as_ref().unwrap().0,
            Change::Up(vec!["N3".into()])
        );
    }

    #[test]
    fn adding_a_fifth_node_moves_a_fifth_with_the_ring_and_most_with_mod_n() {
        let mut lab = Lab::new(1, 4, 200, 10_000);
        lab.add("N5", 100).unwrap();
        let ring = lab.lenses()[0].moved.as_ref().unwrap().fraction();
        let mod_n = lab.change.clone().unwrap().1.unwrap();
        assert!((0.14..0.27).contains(&ring), "ring moved {ring}");
        assert!((0.70..0.90).contains(&mod_n), "mod-n moved {mod_n}");
        assert_eq!(lab.optimal_moved(), Some(0.2));
    }

    #[test]
    fn a_down_node_loses_keys_only_without_replicas() {
        let mut lab = Lab::new(1, 5, 100, 5_000);
        let id = lab.members.by_name("N3").unwrap().id;
        lab.set_up(id, false).unwrap();
        let lost = lab.lenses()[0].load(&lab.members).unwrap().lost;
        assert!(lost > 500, "N = 1: N3's keys are lost ({lost})");
        lab.set_replicas(2);
        let lens = &lab.lenses()[0];
        assert_eq!(lens.load(&lab.members).unwrap().lost, 0);
        assert_eq!(
            lens.served_by_replica(),
            lost,
            "the same keys, now from a replica"
        );
    }

    #[test]
    fn jump_refuses_to_remove_a_middle_bucket_and_changes_nothing() {
        let mut lab = Lab::new(1, 5, 10, 100);
        lab.set_algorithm(Algorithm::Jump);
        let before = lab.members.clone();
        let id = lab.members.by_name("N2").unwrap().id;
        assert!(lab.remove(id).is_err());
        assert_eq!(lab.members, before);
        let last = lab.members.by_name("N5").unwrap().id;
        assert!(lab.remove(last).is_ok());
    }

    #[test]
    fn compare_mode_measures_both_algorithms_on_the_same_change() {
        let mut lab = Lab::new(2, 4, 100, 4_000);
        lab.set_compared(Some(Algorithm::ModN));
        lab.add("N5", 100).unwrap();
        let ring = lab.lenses()[0].moved.as_ref().unwrap().fraction();
        let modn = lab.lenses()[1].moved.as_ref().unwrap().fraction();
        assert!(ring < 0.3 && modn > 0.7, "{ring} vs {modn}");
        assert_eq!(Some(modn), lab.change.clone().unwrap().1);
    }

    #[test]
    fn a_heavier_node_must_take_only_what_its_weight_gains_and_mod_n_has_no_figure() {
        let mut lab = Lab::new(1, 4, 100, 8_000);
        let id = lab.members.by_name("N1").unwrap().id;
        lab.set_weight(id, 300).unwrap();
        // N1's share of the weight goes from 100/400 to 300/600.
        assert_eq!(lab.optimal_moved(), Some(0.25));
        assert_eq!(lab.change.clone().unwrap().1, None);
        let ring = lab.lenses()[0].moved.as_ref().unwrap().fraction();
        assert!(ring >= 0.2, "the ring moved {ring}");
    }
}
