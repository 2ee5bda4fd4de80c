//! The placement algorithms, behind one interface: build a `Placement` from the members, then
//! ask it for a key's preference list (owner first, then replicas) or assign a whole key set.

use super::hash::{hash64, hash64_indexed, ln_deterministic, mix};
use super::keys::Key;
use super::md5::md5;
use super::{Member, MemberId};
use crate::sim::sort;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Algorithm {
    /// `hash mod n`: the naive baseline; almost every key moves when n changes.
    ModN,
    /// Karger et al. (STOC 1997): `vnodes` points per member (scaled by weight/100);
    /// a key belongs to the first point clockwise.
    Ring { vnodes: u32 },
    /// libketama: 40 MD5 digests per share of memory, 4 points per digest.
    Ketama,
    /// Highest random weight (Thaler & Ravishankar 1998), weighted: score = −w / ln(U).
    Rendezvous,
    /// Jump consistent hash (Lamping & Veach 2014): buckets 0..n−1, only the last removable.
    Jump,
    /// Multi-probe consistent hashing (Appleton & O'Reilly 2015): one point per member,
    /// `probes` probes per key, the closest point wins.
    MultiProbe { probes: u32 },
    /// Maglev (Eisenbud et al., NSDI 2016): a prime-sized lookup table filled from each
    /// member's (offset, skip) permutation.
    Maglev { table_size: u32 },
    /// Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam 2018): no member
    /// takes more than c × its fair share (⌈c·m/n⌉ keys with equal weights); a key walks
    /// clockwise past full members.
    BoundedLoad { vnodes: u32, c_percent: u32 },
}

impl Algorithm {
    pub fn name(&self) -> &'static str {
        match self {
            Algorithm::ModN => "mod-n",
            Algorithm::Ring { .. } => "ring",
            Algorithm::Ketama => "ketama",
            Algorithm::Rendezvous => "rendezvous",
            Algorithm::Jump => "jump",
            Algorithm::MultiProbe { .. } => "multi-probe",
            Algorithm::Maglev { .. } => "maglev",
            Algorithm::BoundedLoad { .. } => "bounded-load",
        }
    }

    /// Whether a member's weight decides its share: the ring and bounded loads (by points per
    /// weight), ketama and rendezvous follow the weights; hash mod n, jump, Maglev and
    /// multi-probe give every member an equal share whatever its weight.
    pub fn follows_weights(&self) -> bool {
        match self {
            Algorithm::Ring { .. }
            | Algorithm::BoundedLoad { .. }
            | Algorithm::Ketama
            | Algorithm::Rendezvous => true,
            Algorithm::ModN
            | Algorithm::Jump
            | Algorithm::Maglev { .. }
            | Algorithm::MultiProbe { .. } => false,
        }
    }

    /// Parse a name with default parameters (`ring`, `maglev`, …).
    pub fn parse(name: &str, vnodes: u32) -> Result<Algorithm, RingError> {
        Ok(match name {
            "mod-n" | "modn" | "mod" => Algorithm::ModN,
            "ring" => Algorithm::Ring { vnodes },
            "ketama" => Algorithm::Ketama,
            "rendezvous" | "hrw" => Algorithm::Rendezvous,
            "jump" => Algorithm::Jump,
            "multi-probe" | "multiprobe" => Algorithm::MultiProbe { probes: 21 },
            "maglev" => Algorithm::Maglev { table_size: 65_537 },
            "bounded-load" | "bounded" => Algorithm::BoundedLoad {
                vnodes,
                c_percent: 125,
            },
            other => return Err(RingError::UnknownAlgorithm(other.into())),
        })
    }

    pub const NAMES: [&'static str; 8] = [
        "mod-n",
        "ring",
        "ketama",
        "rendezvous",
        "jump",
        "multi-probe",
        "maglev",
        "bounded-load",
    ];
}

#[derive(Clone, PartialEq, Eq)]
pub enum RingError {
    NoMembers,
    NoSuchMember(MemberId),
    /// A scenario step names a ring node the ring does not have.
    NoNodeNamed(String),
    TooManyMembers(usize),
    BadName(String),
    ZeroWeight(String),
    /// Jump hash numbers its buckets 0..n−1: only the last one can leave.
    JumpRemovesLastOnly {
        name: String,
    },
    UnknownAlgorithm(String),
    /// Virtual nodes outside 1 to `MAX_VNODES`.
    Vnodes,
    /// Bounded loads' capacity factor outside 1.00 to 10.00.
    Capacity,
    /// Multi-probe's probes outside 1 to `MAX_PROBES`.
    Probes,
    /// A Maglev table size that is not a prime from the number of nodes to `MAX_TABLE`.
    MaglevTable(u32),
    BadServerLine(usize, String),
}

/// The same words as `Display`: a derived `Debug` would quote the names with Rust's string
/// escaping, which brings Unicode's tables into the page's bundle (through `unwrap`).
impl fmt::Debug for RingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for RingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RingError::NoMembers => write!(f, "there are no nodes: add one to place keys"),
            RingError::NoSuchMember(id) => write!(f, "there is no node {id}"),
            RingError::NoNodeNamed(name) => write!(f, "there is no ring node {name}"),
            RingError::TooManyMembers(n) => write!(f, "at most {n} nodes"),
            RingError::BadName(n) if n.is_empty() => write!(f, "a node needs a name"),
            RingError::BadName(n) => write!(f, "there is already a node named '{n}'"),
            RingError::ZeroWeight(n) => write!(f, "{n}: a weight must be at least 1"),
            RingError::JumpRemovesLastOnly { name } => write!(
                f,
                "jump hash can only remove its last bucket; {name} is not the last node"
            ),
            RingError::UnknownAlgorithm(name) => write!(f, "unknown algorithm '{name}'"),
            RingError::Vnodes => write!(f, "virtual nodes must be 1 to {MAX_VNODES}"),
            RingError::Capacity => f.write_str("the capacity factor c must be 1.00 to 10.00"),
            RingError::Probes => write!(f, "probes must be 1 to {MAX_PROBES}"),
            RingError::MaglevTable(size) => write!(
                f,
                "the Maglev table size must be a prime, at least the number of nodes \
                 and at most {MAX_TABLE} ({size} is not)"
            ),
            RingError::BadServerLine(no, line) => {
                write!(
                    f,
                    "line {no}: '{line}' is not 'host:port weight' (a space or a tab between)"
                )
            }
        }
    }
}

impl std::error::Error for RingError {}

/// Upper bounds that keep a build bounded in time and memory.
pub const MAX_VNODES: u32 = 1000;
pub const MAX_PROBES: u32 = 64;
pub const MAX_TABLE: u32 = 1_000_003;

#[derive(Clone, Debug)]
enum Table {
    /// mod-n, rendezvous and jump need nothing but the member list.
    Direct,
    /// Points on a 64-bit ring with their members.
    Points(Ring),
    /// libketama's 32-bit continuum, sorted by point.
    Ketama(Vec<(u32, u32)>),
    /// Maglev's lookup table: member index per slot.
    Maglev(Vec<u32>),
}

/// A built placement over a snapshot of the members.
#[derive(Clone, Debug)]
pub struct Placement {
    algo: Algorithm,
    members: Vec<Member>,
    /// Per member: its hash, for rendezvous and multi-probe.
    member_hash: Vec<u64>,
    equal_weights: bool,
    table: Table,
}

/// The room left along a sequence of keys placed one at a time (`Placement::serve`).
#[derive(Clone, Debug)]
pub struct Sequence {
    /// Bounded loads: keys per member so far, and each one's capacity (both empty for the
    /// other algorithms).
    load: Vec<u64>,
    caps: Vec<u64>,
}

/// Where each key of a key set lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// Per key: its replica set, owner first (`r` distinct members, or fewer if n < r).
    pub replicas: Vec<Vec<MemberId>>,
    /// Per key: the first live member of its replica set; `None` if all are down (lost).
    pub served_by: Vec<Option<MemberId>>,
}

impl Placement {
    pub fn build(algo: Algorithm, members: &[Member]) -> Result<Placement, RingError> {
        if members.is_empty() {
            return Err(RingError::NoMembers);
        }
        let member_hash: Vec<u64> = members.iter().map(|m| hash64(&m.name)).collect();
        let table = match algo {
            Algorithm::ModN | Algorithm::Rendezvous | Algorithm::Jump => Table::Direct,
            Algorithm::Ring { vnodes } | Algorithm::BoundedLoad { vnodes, .. } => {
                if vnodes == 0 || vnodes > MAX_VNODES {
                    return Err(RingError::Vnodes);
                }
                if let Algorithm::BoundedLoad { c_percent, .. } = algo {
                    if !(100..=1000).contains(&c_percent) {
                        return Err(RingError::Capacity);
                    }
                }
                Table::Points(Ring::new(ring_points(members, vnodes)))
            }
            Algorithm::Ketama => Table::Ketama(ketama_continuum(members)),
            Algorithm::MultiProbe { probes } => {
                if probes == 0 || probes > MAX_PROBES {
                    return Err(RingError::Probes);
                }
                let pts: Vec<(u64, u32)> = member_hash
                    .iter()
                    .enumerate()
                    .map(|(i, &h)| (h, i as u32))
                    .collect();
                Table::Points(Ring::new(pts))
            }
            Algorithm::Maglev { table_size } => {
                if !is_prime(table_size)
                    || (table_size as usize) < members.len()
                    || table_size > MAX_TABLE
                {
                    return Err(RingError::MaglevTable(table_size));
                }
                let perms: Vec<(u64, u64)> = members
                    .iter()
                    .map(|m| maglev_permutation(&m.name, u64::from(table_size)))
                    .collect();
                Table::Maglev(maglev_populate(&perms, table_size))
            }
        };
        Ok(Placement {
            algo,
            equal_weights: members.iter().all(|m| m.weight == members[0].weight),
            members: members.to_vec(),
            member_hash,
            table,
        })
    }

    pub fn algorithm(&self) -> Algorithm {
        self.algo
    }
    pub fn members(&self) -> &[Member] {
        &self.members
    }
    fn n(&self) -> u64 {
        self.members.len() as u64
    }

    /// The points of a ring-like placement (for drawing): (position as a fraction of the
    /// 64-bit ring scaled to u64, member).
    pub fn points(&self) -> Vec<(u64, MemberId)> {
        match &self.table {
            Table::Points(ring) => ring
                .pos
                .iter()
                .zip(&ring.owner)
                .map(|(&x, &i)| (x, self.members[i as usize].id))
                .collect(),
            Table::Ketama(p) => p
                .iter()
                .map(|&(x, i)| (u64::from(x) << 32, self.members[i as usize].id))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// libketama's `ketama_get_server` for a key hash: the point it lands on and its member.
    pub fn ketama_lookup(&self, h: u32) -> Option<(u32, MemberId)> {
        match &self.table {
            Table::Ketama(pts) if !pts.is_empty() => {
                let (p, i) = pts[ketama_search(pts, h)];
                Some((p, self.members[i as usize].id))
            }
            _ => None,
        }
    }

    /// Maglev's lookup table (member per slot), for drawing.
    pub fn maglev_table(&self) -> Option<Vec<MemberId>> {
        match &self.table {
            Table::Maglev(t) => Some(t.iter().map(|&i| self.members[i as usize].id).collect()),
            _ => None,
        }
    }

    /// The key's owner (its first choice), without building a preference list.
    pub fn owner(&self, key: &Key) -> MemberId {
        match (&self.algo, &self.table) {
            (Algorithm::Ring { .. } | Algorithm::BoundedLoad { .. }, Table::Points(ring)) => {
                self.members[ring.owner[ring.successor(key.hash)] as usize].id
            }
            _ => self.preference(key, 1)[0],
        }
    }

    /// The key's preference list: up to `r` distinct members, owner first. Bounded-load
    /// placement depends on the other keys too; use `assign` for it.
    pub fn preference(&self, key: &Key, r: u32) -> Vec<MemberId> {
        let r = u64::from(r).clamp(1, self.n());
        let idx = self.preference_indices(key, r);
        idx.into_iter()
            .map(|i| self.members[i as usize].id)
            .collect()
    }

    fn preference_indices(&self, key: &Key, r: u64) -> Vec<u32> {
        let n = self.n();
        let mut out: Vec<u32> = Vec::with_capacity(r as usize);
        let push = |i: u32, out: &mut Vec<u32>| {
            if !out.contains(&i) {
                out.push(i);
            }
        };
        match (&self.algo, &self.table) {
            (Algorithm::ModN, _) => {
                let first = key.hash % n;
                for k in 0..r {
                    push(((first + k) % n) as u32, &mut out);
                }
            }
            (Algorithm::Jump, _) => {
                push(jump_hash(key.hash, n as u32), &mut out);
                // Replicas: jump again with derived keys; fall back to the next buckets.
                let mut attempt = 1;
                while (out.len() as u64) < r && attempt <= 4 * n {
                    push(jump_hash(mix(key.hash, attempt), n as u32), &mut out);
                    attempt += 1;
                }
                let mut b = u64::from(out[0]);
                while (out.len() as u64) < r {
                    b = (b + 1) % n;
                    push(b as u32, &mut out);
                }
            }
            (Algorithm::Rendezvous, _) => {
                let scores: Vec<f64> = (0..self.members.len())
                    .map(|i| self.rendezvous_score(key.hash, i))
                    .collect();
                // The r highest scores, highest first; ties (practically impossible) by member
                // order. Picked one at a time: r is a replica count, and sorting every member
                // for every key cost more than that.
                while (out.len() as u64) < r {
                    let best = (0..n as u32).filter(|i| !out.contains(i)).max_by(|&a, &b| {
                        scores[a as usize]
                            .total_cmp(&scores[b as usize])
                            .then(b.cmp(&a))
                    });
                    let Some(best) = best else { break };
                    out.push(best);
                }
            }
            (Algorithm::MultiProbe { probes }, Table::Points(ring)) => {
                // The probe whose clockwise successor point is nearest decides the owner.
                let (start, _) = (0..u64::from(*probes))
                    .map(|p| {
                        let probe = mix(key.hash, p);
                        let at = ring.successor(probe);
                        (at, ring.pos[at].wrapping_sub(probe))
                    })
                    .min_by_key(|&(at, d)| (d, at))
                    .expect("at least one probe");
                ring.walk(start, r, &mut out);
            }
            (_, Table::Points(ring)) => ring.walk(ring.successor(key.hash), r, &mut out),
            (_, Table::Ketama(pts)) => {
                let start = ketama_search(pts, key.ketama);
                let mut at = start;
                while (out.len() as u64) < r {
                    push(pts[at].1, &mut out);
                    at = (at + 1) % pts.len();
                    if at == start {
                        break;
                    }
                }
            }
            (_, Table::Maglev(t)) => {
                let m = t.len() as u64;
                let start = key.hash % m;
                let mut k = 0;
                while (out.len() as u64) < r && k < m {
                    push(t[((start + k) % m) as usize], &mut out);
                    k += 1;
                }
            }
            (_, Table::Direct) => unreachable!("only direct algorithms have a direct table"),
        }
        out
    }

    /// Rendezvous only: every member's score for `key`, highest first (for showing why a key
    /// lives where it does).
    pub fn rendezvous_scores(&self, key: &Key) -> Vec<(MemberId, f64)> {
        if self.algo != Algorithm::Rendezvous {
            return Vec::new();
        }
        let mut scores: Vec<(MemberId, f64)> = (0..self.members.len())
            .map(|i| (self.members[i].id, self.rendezvous_score(key.hash, i)))
            .collect();
        sort::sort_by(&mut scores, |a, b| b.1.total_cmp(&a.1));
        scores
    }

    /// −w / ln(U) with U in (0, 1) from the (key, member) hash: highest wins. Weight 100 is
    /// the unit, so equal weights reduce to "highest hash wins".
    fn rendezvous_score(&self, key_hash: u64, i: usize) -> f64 {
        let h = mix(key_hash, self.member_hash[i]);
        let u = ((h >> 11) as f64 + 0.5) / 9_007_199_254_740_992.0; // 2^53
        if self.equal_weights {
            // −w/ln(U) grows with U: with equal weights the highest U wins, no log needed.
            return u;
        }
        -f64::from(self.members[i].weight) / ln_deterministic(u)
    }

    /// Place every key with replication factor `r`. Down members serve nothing: a key is
    /// served by the first live member of its replica set, or lost if there is none.
    pub fn assign(&self, keys: &[Key], r: u32) -> Assignment {
        let r = u64::from(r).clamp(1, self.n());
        if let (Algorithm::BoundedLoad { c_percent, .. }, Table::Points(ring)) =
            (&self.algo, &self.table)
        {
            return self.assign_bounded(ring, *c_percent, keys, r);
        }
        let mut replicas = Vec::with_capacity(keys.len());
        let mut served_by = Vec::with_capacity(keys.len());
        for key in keys {
            let pref = self.preference_indices(key, r);
            served_by.push(
                pref.iter()
                    .map(|&i| &self.members[i as usize])
                    .find(|m| m.up)
                    .map(|m| m.id),
            );
            replicas.push(pref.iter().map(|&i| self.members[i as usize].id).collect());
        }
        Assignment {
            replicas,
            served_by,
        }
    }

    /// Bounded loads: each live member's capacity is c × its fair share (`capacities`); keys,
    /// in order, walk clockwise from their point to the first live member with room.
    fn assign_bounded(&self, ring: &Ring, c_percent: u32, keys: &[Key], r: u64) -> Assignment {
        let caps = self.capacities(c_percent, keys.len() as u64);
        let mut load = vec![0u64; self.members.len()];
        let mut replicas = Vec::with_capacity(keys.len());
        let mut served_by = Vec::with_capacity(keys.len());
        for key in keys {
            let mut pref = Vec::new();
            match self.bounded_owner(ring, &mut load, &caps, key) {
                Some(at) => {
                    ring.walk(at, r, &mut pref);
                    served_by.push(Some(self.members[pref[0] as usize].id));
                }
                None => {
                    served_by.push(None);
                    ring.walk(ring.successor(key.hash), r, &mut pref);
                }
            }
            replicas.push(pref.iter().map(|&i| self.members[i as usize].id).collect());
        }
        Assignment {
            replicas,
            served_by,
        }
    }

    /// The bounded loads' capacity of each member for `keys` keys: ⌈c·m·w/W⌉ for a live member
    /// of weight w (W the live members' total weight), so c × its fair share: ⌈c·m/n⌉, the
    /// paper's, when weights are equal (HAProxy sizes weighted servers' slots the same way).
    /// A down member takes none. In u64 (u128's division costs the page 0.5 KB): the percent
    /// c·100 ≤ 1,000 (`build` refuses more), m ≤ `keys::MAX_KEYS` (10^6) and w < 2^32 keep
    /// c·m·w below 2^62; were it reached, the saturated product would loosen the cap, not
    /// panic.
    fn capacities(&self, c_percent: u32, keys: u64) -> Vec<u64> {
        let live_weight: u64 = self
            .members
            .iter()
            .filter(|m| m.up)
            .map(|m| u64::from(m.weight))
            .sum();
        self.members
            .iter()
            .map(|m| {
                if !m.up || live_weight == 0 {
                    return 0;
                }
                let share = u64::from(c_percent)
                    .saturating_mul(keys)
                    .saturating_mul(u64::from(m.weight));
                share.div_ceil(100 * live_weight).max(1)
            })
            .collect()
    }

    /// The point where a key stops under bounded loads (its walk clockwise to the first live
    /// member with room), counted in `load`; `None` if every live member is full.
    fn bounded_owner(
        &self,
        ring: &Ring,
        load: &mut [u64],
        caps: &[u64],
        key: &Key,
    ) -> Option<usize> {
        let start = ring.successor(key.hash);
        (0..ring.len())
            .map(|k| (start + k) % ring.len())
            .find(|&at| {
                let i = ring.owner[at] as usize;
                self.members[i].up && load[i] < caps[i]
            })
            .inspect(|&at| load[ring.owner[at] as usize] += 1)
    }

    /// A sequence of `keys` keys in all, to place one at a time with `serve` (bounded loads
    /// size their capacity from the whole).
    pub fn sequence(&self, keys: u64) -> Sequence {
        match self.algo {
            Algorithm::BoundedLoad { c_percent, .. } => Sequence {
                load: vec![0; self.members.len()],
                caps: self.capacities(c_percent, keys),
            },
            _ => Sequence {
                load: Vec::new(),
                caps: Vec::new(),
            },
        }
    }

    /// The member serving the next key of a sequence: key by key, the `served_by` of
    /// `assign` with one replica (a key takes the room the keys before it left).
    pub fn serve(&self, seq: &mut Sequence, key: &Key) -> Option<MemberId> {
        if let (Algorithm::BoundedLoad { .. }, Table::Points(ring)) = (&self.algo, &self.table) {
            return self
                .bounded_owner(ring, &mut seq.load, &seq.caps, key)
                .map(|at| self.members[ring.owner[at] as usize].id);
        }
        self.preference_indices(key, 1)
            .iter()
            .map(|&i| &self.members[i as usize])
            .find(|m| m.up)
            .map(|m| m.id)
    }

    /// Whether removing `id` is possible for this algorithm (jump: only the last bucket).
    pub fn check_removal(&self, id: MemberId) -> Result<(), RingError> {
        let pos = self
            .members
            .iter()
            .position(|m| m.id == id)
            .ok_or(RingError::NoSuchMember(id))?;
        if self.algo == Algorithm::Jump && pos + 1 != self.members.len() {
            return Err(RingError::JumpRemovesLastOnly {
                name: self.members[pos].name.clone(),
            });
        }
        Ok(())
    }
}

/// Points on the 64-bit ring, sorted, with positions and owners in separate arrays so the
/// binary search runs over densely packed `u64`s.
#[derive(Clone, Debug)]
struct Ring {
    pos: Vec<u64>,
    owner: Vec<u32>,
}

impl Ring {
    fn new(mut points: Vec<(u64, u32)>) -> Ring {
        sort::sort(&mut points);
        Ring {
            pos: points.iter().map(|p| p.0).collect(),
            owner: points.iter().map(|p| p.1).collect(),
        }
    }

    fn len(&self) -> usize {
        self.pos.len()
    }

    /// Index of the first point at or after `h`, wrapping to the first point.
    fn successor(&self, h: u64) -> usize {
        let i = self.pos.partition_point(|&p| p < h);
        if i == self.pos.len() {
            0
        } else {
            i
        }
    }

    /// Collect up to `r` distinct members clockwise from point `start`.
    fn walk(&self, start: usize, r: u64, out: &mut Vec<u32>) {
        let mut at = start;
        for _ in 0..self.len() {
            if out.len() as u64 >= r {
                break;
            }
            let i = self.owner[at];
            if !out.contains(&i) {
                out.push(i);
            }
            at = (at + 1) % self.len();
        }
    }
}

/// How many points a ring gives a member: `vnodes` per weight 100 (one standard share),
/// rounded down, and at least one. With few points the rounding shows: at one virtual node,
/// weights 100 and 150 both get one point and so the same share.
pub fn ring_point_count(vnodes: u32, weight: u32) -> u64 {
    (u64::from(vnodes) * u64::from(weight) / 100).max(1)
}

/// The member whose points stray furthest from what its weight asks for (k·w/100 points),
/// if the points' shares differ from the weights' by 5 % or more for some member (weights
/// whose points round alike, 140 and 280 at one point per 100, keep their proportions and
/// are not reported): its index, its points and the points asked for, in hundredths.
pub fn rounded_weight(vnodes: u32, weights: &[u32]) -> Option<(usize, u64, u64)> {
    let points: Vec<u64> = weights
        .iter()
        .map(|&w| ring_point_count(vnodes, w))
        .collect();
    let (total_w, total_p) = (
        weights.iter().map(|&w| u128::from(w)).sum::<u128>(),
        points.iter().map(|&p| u128::from(p)).sum::<u128>(),
    );
    // Member i's share by points against its share by weight: p/P against w/W.
    let share_off = |i: usize| {
        let (given, asked) = (
            u128::from(points[i]) * total_w,
            u128::from(weights[i]) * total_p,
        );
        20 * given.abs_diff(asked) >= asked
    };
    if !(0..weights.len()).any(share_off) {
        return None;
    }
    // The furthest off, |100p − kw| / kw, compared as cross products.
    let off = |i: usize| {
        let asked = u64::from(vnodes) * u64::from(weights[i]);
        ((points[i] * 100).abs_diff(asked), asked)
    };
    (0..weights.len())
        .max_by(|&a, &b| {
            let ((ea, aa), (eb, ab)) = (off(a), off(b));
            (u128::from(ea) * u128::from(ab)).cmp(&(u128::from(eb) * u128::from(aa)))
        })
        .map(|i| (i, points[i], off(i).1))
}

fn ring_points(members: &[Member], vnodes: u32) -> Vec<(u64, u32)> {
    let mut pts = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let count = ring_point_count(vnodes, m.weight);
        // `hash64_indexed(name, k)`, the name hashed once.
        let name = hash64(&m.name);
        for k in 0..count {
            pts.push((mix(name, k), i as u32));
        }
    }
    pts
}

/// libketama's continuum: per member ⌊pct · 40 · n⌋ MD5 digests of "addr-k", four
/// little-endian points each. The weight arithmetic is libketama's own (`pct` in single
/// precision, the product in double, then `floorf`), kept so pasted server lists place keys
/// exactly as a real client does; IEEE basic operations give the same bits everywhere.
fn ketama_continuum(members: &[Member]) -> Vec<(u32, u32)> {
    let total: u64 = members.iter().map(|m| u64::from(m.weight)).sum();
    let n = members.len() as f32;
    let mut pts = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let pct = m.weight as f32 / total as f32;
        let digests = ((f64::from(pct) * 40.0 * f64::from(n)) as f32).floor() as u32;
        for k in 0..digests {
            let d = md5(format!("{}-{}", m.name, k).as_bytes());
            for h in 0..4 {
                let p = u32::from_le_bytes([d[h * 4], d[h * 4 + 1], d[h * 4 + 2], d[h * 4 + 3]]);
                pts.push((p, i as u32));
            }
        }
    }
    // Stable sort: equal points keep their insertion order (libketama's qsort leaves that
    // unspecified; equal 32-bit points are rare enough not to matter in practice).
    sort::sort_by_key(&mut pts, |&(p, _)| p);
    pts
}

/// libketama's lookup: the first point at or after the key's hash, wrapping to the first;
/// a hash equal to 0 or above the last point maps to the first point.
fn ketama_search(pts: &[(u32, u32)], h: u32) -> usize {
    let i = pts.partition_point(|&(p, _)| p < h);
    if i == pts.len() {
        0
    } else {
        i
    }
}

/// Jump consistent hash, exactly as in Lamping & Veach (2014), Figure 1: the 64-bit LCG with
/// multiplier 2862933555777941757, and the top 31 bits for the jump. Integer and float
/// operations here are exact or basic IEEE, identical on every target.
pub fn jump_hash(mut key: u64, buckets: u32) -> u32 {
    assert!(buckets > 0, "jump hash needs at least one bucket");
    let mut b: i64 = -1;
    let mut j: i64 = 0;
    while j < i64::from(buckets) {
        b = j;
        key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
        j = (((b + 1) as f64) * ((1u64 << 31) as f64 / (((key >> 33) + 1) as f64))) as i64;
    }
    b as u32
}

/// Maglev's permutation of a member (paper §3.4): offset = h1 mod M, skip = h2 mod (M−1) + 1.
fn maglev_permutation(name: &str, m: u64) -> (u64, u64) {
    let h1 = hash64_indexed(name, 0xA1);
    let h2 = hash64_indexed(name, 0xB2);
    (h1 % m, h2 % (m - 1) + 1)
}

/// Maglev's population algorithm (paper, Pseudocode 1): members take turns claiming the next
/// free slot of their permutation until the table is full.
pub fn maglev_populate(perms: &[(u64, u64)], table_size: u32) -> Vec<u32> {
    let m = u64::from(table_size);
    let mut next = vec![0u64; perms.len()];
    let mut entry = vec![u32::MAX; table_size as usize];
    let mut filled = 0u64;
    'outer: loop {
        for (i, &(offset, skip)) in perms.iter().enumerate() {
            let mut c = (offset + next[i] * skip) % m;
            while entry[c as usize] != u32::MAX {
                next[i] += 1;
                c = (offset + next[i] * skip) % m;
            }
            entry[c as usize] = i as u32;
            next[i] += 1;
            filled += 1;
            if filled == m {
                break 'outer;
            }
        }
    }
    entry
}

fn is_prime(n: u32) -> bool {
    if n < 2 {
        return false;
    }
    let n = u64::from(n);
    let mut d = 2u64;
    while d * d <= n {
        if n % d == 0 {
            return false;
        }
        d += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jump_matches_guavas_golden_values() {
        // Guava HashingTest.testConsistentHash_linearCongruentialGeneratorCompatibility.
        let want = [
            0, 55, 62, 8, 45, 59, 86, 97, 82, 59, 73, 37, 17, 56, 86, 21, 90, 37, 38, 83,
        ];
        for (k, &w) in want.iter().enumerate() {
            assert_eq!(jump_hash(k as u64, 100), w, "key {k}");
        }
        assert_eq!(jump_hash(2, 100_001), 80_343);
        assert_eq!(jump_hash(10_863_919_174_838_991, 11), 6);
    }

    #[test]
    fn maglev_reproduces_the_papers_worked_example() {
        // NSDI 2016 Table 1: M = 7; B0 (offset 3, skip 4), B1 (0, 2), B2 (3, 1).
        let t = maglev_populate(&[(3, 4), (0, 2), (3, 1)], 7);
        assert_eq!(t, [1, 0, 1, 0, 2, 2, 0], "before B1 is removed");
        let t = maglev_populate(&[(3, 4), (3, 1)], 7);
        // After removing B1 (indices now B0 → 0, B2 → 1).
        assert_eq!(t, [0, 0, 0, 0, 1, 1, 1], "after B1 is removed");
    }

    #[test]
    fn a_weight_rounded_to_whole_points_is_found() {
        // One virtual node: weights 100 and 150 both get one point, 1.5 asked for.
        assert_eq!(rounded_weight(1, &[100, 150]), Some((1, 1, 150)));
        // A tiny weight is rounded up to its one point: 0.5 asked for.
        assert_eq!(rounded_weight(1, &[100, 50]), Some((1, 1, 50)));
        // Exact at ten points per 100; 85 points for 85.12 is within 5 %.
        assert_eq!(rounded_weight(10, &[100, 150, 300]), None);
        assert_eq!(rounded_weight(64, &[100, 133]), None);
        // 4.75 asked for, 4 given: 16 % short. Equal weights share alike however they round,
        // and so do weights whose points keep their proportions.
        assert_eq!(rounded_weight(5, &[100, 95]), Some((1, 4, 475)));
        assert_eq!(rounded_weight(1, &[150, 150]), None);
        assert_eq!(rounded_weight(1, &[140, 280]), None);
        // The furthest off is named: 1 point for 1.9 (47 %), not 1 for 0.95 (5 %).
        assert_eq!(rounded_weight(1, &[95, 190]), Some((1, 1, 190)));
        // Shares 5 % apart or more: one point each for 100 and 105 is 2.4 % off.
        assert_eq!(rounded_weight(1, &[100, 105]), None);
        assert_eq!(rounded_weight(1, &[100, 115]), Some((1, 1, 115)));
        assert!(rounded_weight(1, &[]).is_none());
    }

    #[test]
    fn primes() {
        assert!(is_prime(7) && is_prime(65_537) && !is_prime(65_535) && !is_prime(1));
    }
}
