//! A whole run as data: the seed, every setting, the command log (each user action with its
//! virtual time), the view and the moment being looked at. Replaying the commands from the
//! seed reproduces the run bit for bit, so this is all a share link or a run file needs.
//!
//! The same `Run` travels two ways: as a compact link (`link.rs`: a binary encoding, LZ77
//! compressed, base64url) and as a JSON file (written in serde's form, read by `file.rs`).
//! Either is validated before use; anything wrong is an error that says what, never a panic.

pub mod file;
pub mod json;
pub mod link;

/// The one set of bounds on what a run may be set to: the page's fields, the URL settings,
/// share links and scenario files all check against these.
pub mod limits {
    use std::ops::RangeInclusive;

    pub const MAX_SERVERS: u8 = 9;
    pub const CLIENTS: RangeInclusive<u8> = 1..=5;
    /// Election timeouts in milliseconds: from a fast LAN (the Raft paper's 12–24 ms line) to
    /// a slow-motion classroom run.
    pub const ELECTION_TIMEOUT_MS: RangeInclusive<u32> = 10..=10_000;
    pub const HEARTBEAT_MS: RangeInclusive<u32> = 1..=5_000;
    /// One-way message latency in milliseconds.
    pub const LATENCY_MS: RangeInclusive<u32> = 0..=2_000;
    /// How long one write to a server's disk takes, in milliseconds.
    pub const DISK_WRITE_MS: RangeInclusive<u32> = 0..=1_000;
    /// How fast a server's clock runs, in percent of real time.
    pub const CLOCK_PCT: RangeInclusive<u16> = 25..=400;
    /// The clock drift a lease allows for, in percent.
    pub const DRIFT_BOUND_PCT: RangeInclusive<u8> = 0..=50;
    /// How long a client waits for an answer before trying again, in milliseconds.
    pub const CLIENT_RETRY_MS: RangeInclusive<u32> = 10..=600_000;

    /// `v` brought into `range`.
    pub fn clamp(v: u32, range: &RangeInclusive<u32>) -> u32 {
        v.clamp(*range.start(), *range.end())
    }
}

/// A chance in parts per million (the engine's unit) from a percentage (the page's).
pub fn ppm_of_percent(percent: u32) -> u32 {
    percent.min(100) * 10_000
}

/// The whole percentage a chance in parts per million rounds down to.
pub fn percent_of_ppm(ppm: u32) -> u32 {
    ppm / 10_000
}

use crate::raft::{Breaks, ClientSetup, ClusterConfig, Input, Load, RaftConfig};
use crate::ring::lab::{KeySet, MAX_LAB_KEYS, MAX_LAB_MEMBERS, MAX_REPLICAS};
use crate::ring::{algo::MAX_VNODES, Algorithm};
use crate::sim::{Action, Command, Duration, NetConfig, NodeId, SimTime};
use serde::Serialize;
use std::fmt;

/// The format version written now; readers accept this and older.
pub const VERSION: u32 = 3;
/// Commands in a run at most (a lecture's worth of clicking, many times over).
pub const MAX_COMMANDS: usize = 20_000;
pub use limits::MAX_SERVERS;
/// The longest run a link may ask to replay, in virtual time.
pub const MAX_HEAD: SimTime = SimTime(3_600_000_000);
/// The largest seed a run may have: 2^53 − 1, the largest whole number that JavaScript's JSON
/// (the page's run files, and most tools that read them) keeps exactly. A larger seed would
/// come back from a run file as a different run.
pub const MAX_SEED: u64 = (1 << 53) - 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Run {
    pub version: u32,
    pub seed: u64,
    pub cluster: ClusterSpec,
    pub commands: Vec<Command<Input>>,
    pub moment: Moment,
    pub view: ViewSpec,
    pub ring: RingSpec,
    /// The guided scenario this run follows, if any, and its current cue.
    pub scenario: Option<(String, u32)>,
}

/// A run of the quorum store (`crate::quorum`) as data: what its share link carries. The
/// store's settings, every action with its time (faults and the page's operations; the
/// clients' own workload comes from the seed), and the moment looked at.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreRun {
    pub seed: u64,
    pub config: crate::quorum::QuorumConfig,
    pub commands: Vec<Command<crate::quorum::QInput>>,
    pub moment: Moment,
    pub speed: u8,
    pub paused: bool,
    /// The store scenario this run follows, if any, and its cue (0-based).
    pub scenario: Option<(String, u32)>,
}

impl StoreRun {
    /// Refuse what the page could not have made.
    pub fn validate(&self) -> Result<(), ShareError> {
        if self.seed > MAX_SEED {
            return Err(invalid(Impossible::Seed(self.seed)));
        }
        let c = &self.config;
        c.validate().map_err(|e| invalid(Impossible::Store(e)))?;
        if !(3..=MAX_SERVERS).contains(&c.nodes) {
            return Err(invalid(Impossible::StoreNodes(c.nodes)));
        }
        let ms = |d: Duration| d.as_micros() / 1000;
        let latency = u64::from(*limits::LATENCY_MS.end());
        if ms(c.net.latency_max) > latency || c.net.latency_min > c.net.latency_max {
            return Err(invalid(Impossible::Latency {
                min_ms: ms(c.net.latency_min),
                max_ms: ms(c.net.latency_max),
            }));
        }
        if c.net.loss_ppm > 1_000_000 || c.net.duplicate_ppm > 1_000_000 {
            return Err(invalid(Impossible::Chance));
        }
        if !(1..=10_000_000).contains(&c.timeout.as_micros()) || c.tries > 20 {
            return Err(invalid(Impossible::Timeout));
        }
        if !(1..=MAX_VNODES).contains(&c.vnodes) {
            return Err(invalid(Impossible::Vnodes(c.vnodes)));
        }
        if self.speed >= crate::playground::Speed::STEPS {
            return Err(invalid(Impossible::SpeedStep(self.speed)));
        }
        let members = c.nodes + c.clients;
        for (i, cmd) in self.commands.iter().enumerate() {
            let bad = |n: &NodeId| n.0 >= members;
            let wrong = match &cmd.action {
                Action::Crash(n) | Action::Restart(n) | Action::Pause(n) | Action::Resume(n) => {
                    bad(n) || n.0 >= c.nodes
                }
                Action::Cut { from, to }
                | Action::Heal { from, to }
                | Action::SetLinkLoss { from, to, .. }
                | Action::SetLinkLatency { from, to, .. } => bad(from) || bad(to),
                Action::Partition(groups) => groups.iter().flatten().any(bad),
                Action::Input(n, _) => n.0 < c.nodes || bad(n),
                Action::SetLoss { ppm } | Action::SetDuplication { ppm } => *ppm > 1_000_000,
                Action::SetLatency { min, max } => min > max || ms(*max) > latency,
                Action::HealAll => false,
            };
            if wrong {
                return Err(invalid(Impossible::Action {
                    index: i as u32 + 1,
                    of: self.commands.len() as u32,
                    at_ms: cmd.at.0 / 1000,
                }));
            }
        }
        if self.moment.time_us > self.moment.head_us {
            return Err(invalid(Impossible::Moment));
        }
        if self.moment.head_us > MAX_STORE_RUN_US {
            return Err(invalid(Impossible::RunLength {
                s: self.moment.head_us / 1_000_000,
                max_s: MAX_STORE_RUN_US / 1_000_000,
            }));
        }
        Ok(())
    }
}

/// How long a shared store run may be, in virtual µs: opening the link replays it all.
pub const MAX_STORE_RUN_US: u64 = 2 * 3_600 * 1_000_000;

/// The settings that define the cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterSpec {
    pub servers: u8,
    pub election_min_us: u64,
    pub election_max_us: u64,
    pub heartbeat_us: u64,
    pub pre_vote: bool,
    pub check_quorum: bool,
    pub breaks: Breaks,
    pub latency_min_us: u64,
    pub latency_max_us: u64,
    pub loss_ppm: u32,
    pub duplicate_ppm: u32,
    /// Clients: the page drives the first; scripted scenarios may use more (at most 5).
    pub clients: u8,
    /// How long a client waits for an answer before trying again.
    pub client_retry_us: u64,
    /// How long each server's write to stable storage takes (0: instant; older files leave
    /// it out, and `file.rs` reads 0).
    pub disk_write_us: u64,
    /// Per client: how it reads and its own workload (format 3; missing: the defaults).
    pub setups: Vec<ClientSetup>,
    /// Per server: its clock's rate in percent of real time (format 3; missing: 100).
    pub clock_pct: Vec<u16>,
    /// The clock drift leases allow for, in percent (format 3; missing:
    /// `raft::DRIFT_BOUND_PCT`).
    pub drift_bound_pct: u8,
}

impl Default for ClusterSpec {
    fn default() -> Self {
        // The teaching defaults, with the page's one client.
        ClusterSpec::of(&ClusterConfig::default())
    }
}

impl Default for RingSpec {
    fn default() -> Self {
        RingSpec {
            members: (1..=5).map(|i| (format!("N{i}"), 100, true)).collect(),
            algorithm: "ring".into(),
            compare: None,
            vnodes: 100,
            replicas: 1,
            keys: KeySpec::Uniform { count: 2000 },
        }
    }
}

/// Where the viewer is: after `events` events, at virtual time `time_us`, in a run computed
/// up to `head_us`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
pub struct Moment {
    pub events: u64,
    pub time_us: u64,
    pub head_us: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ViewSpec {
    /// "cluster", "ring", "both", "lab" or "store".
    pub view: String,
    /// "en" or "zh".
    pub lang: String,
    /// "light" or "dark".
    pub theme: String,
    /// Index into the speed steps.
    pub speed: u8,
    pub paused: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RingSpec {
    /// (name, weight, up) in join order.
    pub members: Vec<(String, u32, bool)>,
    pub algorithm: String,
    pub compare: Option<String>,
    pub vnodes: u32,
    pub replicas: u32,
    pub keys: KeySpec,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum KeySpec {
    Uniform { count: u64 },
    Hot { distinct: u64, count: u64 },
    Named(String),
}

impl From<&KeySet> for KeySpec {
    fn from(k: &KeySet) -> Self {
        match k {
            KeySet::Uniform { count } => KeySpec::Uniform { count: *count },
            KeySet::Hot { distinct, count } => KeySpec::Hot {
                distinct: *distinct,
                count: *count,
            },
            KeySet::Named(t) => KeySpec::Named(t.clone()),
        }
    }
}

impl From<&KeySpec> for KeySet {
    fn from(k: &KeySpec) -> Self {
        match k {
            KeySpec::Uniform { count } => KeySet::Uniform { count: *count },
            KeySpec::Hot { distinct, count } => KeySet::Hot {
                distinct: *distinct,
                count: *count,
            },
            KeySpec::Named(t) => KeySet::Named(t.clone()),
        }
    }
}

/// What is wrong with a link or a file, in words for the notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not base64url, or not our prefix.
    NotALink,
    /// Made by a newer Ringleader: the link's format and the newest this one reads (runs and
    /// the store's runs have formats of their own).
    FutureVersion { found: u32, newest: u32 },
    /// Ends early (a cut link, or an edit near its end that leaves the run unfinished: the two
    /// cannot be told apart).
    Truncated,
    /// The checksum does not match: the link was cut or edited.
    Damaged,
    /// Decodes, but a value is out of range.
    Invalid(Impossible),
    /// Larger than any run we write.
    TooLarge,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotALink => write!(f, "this is not a Ringleader run (unexpected characters or format)"),
            ShareError::FutureVersion { found, newest } => write!(
                f,
                "this run was saved by a newer Ringleader (format {found}; this one reads up to {newest})"
            ),
            ShareError::Truncated => write!(f, "the run ends early: the link was cut off when it was copied, or its end was edited"),
            ShareError::Damaged => write!(f, "the run is damaged: its checksum does not match (was the link edited?)"),
            ShareError::Invalid(what) => write!(f, "the run has an impossible setting: {what}"),
            ShareError::TooLarge => write!(f, "the run is larger than any Ringleader writes"),
        }
    }
}

impl std::error::Error for ShareError {}

fn invalid(what: Impossible) -> ShareError {
    ShareError::Invalid(what)
}

/// What a run or a store run holds that the page could not have made: data, so that the page
/// can say it in either language. `Display` is the English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Impossible {
    Seed(u64),
    Servers(u8),
    StoreNodes(u8),
    /// Milliseconds, as the settings say them.
    ElectionTimeout {
        min_ms: u64,
        max_ms: u64,
    },
    Heartbeat(u64),
    Latency {
        min_ms: u64,
        max_ms: u64,
    },
    /// A loss or duplication chance above 100 %.
    Chance,
    Clients(u8),
    ClientRetry,
    DiskWrite(u64),
    /// Settings for more clients than the cluster has.
    Setups {
        given: u32,
        clients: u8,
    },
    Workload {
        read_pct: u8,
        keys: u8,
        think_ms: u32,
    },
    /// A server's clock rate outside its range, or rates for more servers than there are.
    ClockRates,
    /// An action setting a clock to this rate.
    ClockRate(u16),
    DriftBound(u8),
    RingNodes(u32),
    RingNode {
        name: String,
        weight: u32,
    },
    Ring(crate::ring::RingError),
    /// A placement algorithm by a name none has.
    Algorithm(String),
    Vnodes(u32),
    Replicas(u32),
    Keys(u64),
    /// An action on a node that does not exist.
    NoSuchNode(NodeId),
    OutOfOrder,
    /// An action after the longest run a link replays.
    TooLate,
    LatencyUpsideDown,
    /// The moment shown is outside the run.
    Moment,
    ViewLangTheme,
    /// The store's coordinators' timeout or tries.
    Timeout,
    SpeedStep(u8),
    /// A store's action (counted from 1) on a node it lacks or with a value out of range.
    Action {
        index: u32,
        of: u32,
        at_ms: u64,
    },
    /// A store run longer than the page replays, in seconds.
    RunLength {
        s: u64,
        max_s: u64,
    },
    /// What the quorum store's own check of its settings found.
    Store(crate::quorum::ConfigFault),
    /// The replay reached one of the simulation's bounds.
    Run(crate::sim::TimelineError),
    /// A store scenario that is not in the library.
    NoScenario(String),
}

impl fmt::Display for Impossible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Impossible::*;
        match self {
            Seed(seed) => write!(f, "seed {seed} (at most {MAX_SEED})"),
            Servers(n) => write!(f, "{n} servers (1 to {})", limits::MAX_SERVERS),
            StoreNodes(n) => write!(f, "{n} store nodes (3 to {})", limits::MAX_SERVERS),
            ElectionTimeout { min_ms, max_ms } => {
                write!(f, "election timeout {min_ms}–{max_ms} ms")
            }
            Heartbeat(ms) => write!(f, "heartbeat every {ms} ms"),
            Latency { min_ms, max_ms } => write!(f, "latency {min_ms}–{max_ms} ms"),
            Chance => f.write_str("a chance above 100 %"),
            Clients(n) => write!(f, "{n} clients (1 to 5)"),
            ClientRetry => f.write_str("a client retry time"),
            DiskWrite(ms) => write!(f, "a disk write of {ms} ms"),
            Setups { given, clients } => write!(f, "settings for {given} clients, of {clients}"),
            Workload {
                read_pct,
                keys,
                think_ms,
            } => write!(
                f,
                "a client workload of {read_pct} % reads on {keys} keys every {think_ms} ms"
            ),
            ClockRates => f.write_str("a clock rate outside 25–400 %"),
            ClockRate(pct) => write!(f, "a clock rate of {pct} %"),
            DriftBound(pct) => write!(f, "a drift bound of {pct} %"),
            RingNodes(n) => write!(f, "{n} ring nodes (at most {MAX_LAB_MEMBERS})"),
            RingNode { name, weight } => write!(f, "ring node '{name}' with weight {weight}"),
            Ring(e) => write!(f, "{e}"),
            Algorithm(name) => write!(f, "unknown algorithm '{name}'"),
            Vnodes(n) => write!(f, "{n} virtual nodes (1 to {MAX_VNODES})"),
            Replicas(n) => write!(f, "replication factor {n}"),
            Keys(n) => write!(f, "{n} keys (at most {MAX_LAB_KEYS})"),
            NoSuchNode(n) => write!(f, "an action on {n}, which does not exist"),
            OutOfOrder => f.write_str("actions out of time order"),
            TooLate => f.write_str("an action after the longest run a link replays"),
            LatencyUpsideDown => f.write_str("a latency range upside down"),
            Moment => f.write_str("a moment outside the run"),
            ViewLangTheme => f.write_str("an unknown view, language or theme"),
            Timeout => f.write_str("the coordinators' timeout"),
            SpeedStep(step) => write!(f, "speed step {step}"),
            Action { index, of, at_ms } => write!(f, "action {index} of {of} (at {at_ms} ms)"),
            RunLength { s, max_s } => write!(f, "a run of {s} s (at most {max_s} s)"),
            Store(fault) => write!(f, "{fault}"),
            Run(e) => write!(f, "{e}"),
            NoScenario(id) => write!(f, "no store scenario called {id}"),
        }
    }
}

/// `v` without the trailing entries equal to `default` (what a missing entry means).
fn trimmed<T: Clone + PartialEq>(v: &[T], default: &T) -> Vec<T> {
    let keep = v.iter().rposition(|x| x != default).map_or(0, |i| i + 1);
    v[..keep].to_vec()
}

impl ClusterSpec {
    pub fn of(c: &ClusterConfig) -> ClusterSpec {
        ClusterSpec {
            servers: c.servers,
            election_min_us: c.raft.election_timeout_min.0,
            election_max_us: c.raft.election_timeout_max.0,
            heartbeat_us: c.raft.heartbeat_interval.0,
            pre_vote: c.raft.pre_vote,
            check_quorum: c.raft.check_quorum,
            breaks: c.raft.breaks,
            latency_min_us: c.net.latency_min.0,
            latency_max_us: c.net.latency_max.0,
            loss_ppm: c.net.loss_ppm,
            duplicate_ppm: c.net.duplicate_ppm,
            clients: c.clients,
            client_retry_us: c.client_retry.0,
            disk_write_us: c.raft.disk_write.0,
            setups: trimmed(&c.setups, &ClientSetup::default()),
            clock_pct: trimmed(&c.clock_pct, &100),
            drift_bound_pct: c.raft.drift_bound_pct,
        }
    }

    /// The cluster this describes: the servers and the clients.
    pub fn config(&self) -> ClusterConfig {
        ClusterConfig {
            servers: self.servers,
            clients: self.clients,
            client_retry: Duration(self.client_retry_us),
            raft: RaftConfig {
                election_timeout_min: Duration(self.election_min_us),
                election_timeout_max: Duration(self.election_max_us),
                heartbeat_interval: Duration(self.heartbeat_us),
                pre_vote: self.pre_vote,
                check_quorum: self.check_quorum,
                breaks: self.breaks,
                disk_write: Duration(self.disk_write_us),
                drift_bound_pct: self.drift_bound_pct,
                ..RaftConfig::default()
            },
            setups: self.setups.clone(),
            clock_pct: self.clock_pct.clone(),
            net: NetConfig {
                latency_min: Duration(self.latency_min_us),
                latency_max: Duration(self.latency_max_us),
                loss_ppm: self.loss_ppm,
                duplicate_ppm: self.duplicate_ppm,
            },
            ..ClusterConfig::default()
        }
    }

    fn validate(&self) -> Result<(), ShareError> {
        let ms = |us: u64| us / 1000;
        let within_ms = |us: u64, range: &std::ops::RangeInclusive<u32>| {
            (u64::from(*range.start()) * 1000..=u64::from(*range.end()) * 1000).contains(&us)
        };
        if !(1..=limits::MAX_SERVERS).contains(&self.servers) {
            return Err(invalid(Impossible::Servers(self.servers)));
        }
        if !within_ms(self.election_min_us, &limits::ELECTION_TIMEOUT_MS)
            || !within_ms(self.election_max_us, &limits::ELECTION_TIMEOUT_MS)
            || self.election_max_us < self.election_min_us
        {
            return Err(invalid(Impossible::ElectionTimeout {
                min_ms: ms(self.election_min_us),
                max_ms: ms(self.election_max_us),
            }));
        }
        if !within_ms(self.heartbeat_us, &limits::HEARTBEAT_MS) {
            return Err(invalid(Impossible::Heartbeat(ms(self.heartbeat_us))));
        }
        if !within_ms(self.latency_min_us, &limits::LATENCY_MS)
            || !within_ms(self.latency_max_us, &limits::LATENCY_MS)
            || self.latency_max_us < self.latency_min_us
        {
            return Err(invalid(Impossible::Latency {
                min_ms: ms(self.latency_min_us),
                max_ms: ms(self.latency_max_us),
            }));
        }
        if self.loss_ppm > 1_000_000 || self.duplicate_ppm > 1_000_000 {
            return Err(invalid(Impossible::Chance));
        }
        if !limits::CLIENTS.contains(&self.clients) {
            return Err(invalid(Impossible::Clients(self.clients)));
        }
        if !within_ms(self.client_retry_us, &limits::CLIENT_RETRY_MS) {
            return Err(invalid(Impossible::ClientRetry));
        }
        if !within_ms(self.disk_write_us, &limits::DISK_WRITE_MS) {
            return Err(invalid(Impossible::DiskWrite(ms(self.disk_write_us))));
        }
        if self.setups.len() > usize::from(self.clients) {
            return Err(invalid(Impossible::Setups {
                given: self.setups.len() as u32,
                clients: self.clients,
            }));
        }
        for load in self.setups.iter().filter_map(|s| s.load) {
            if load.read_pct > 100
                || !Load::KEYS.contains(&load.keys)
                || !Load::THINK_MS.contains(&load.think_ms)
            {
                return Err(invalid(Impossible::Workload {
                    read_pct: load.read_pct,
                    keys: load.keys,
                    think_ms: load.think_ms,
                }));
            }
        }
        if self.clock_pct.len() > usize::from(self.servers)
            || self
                .clock_pct
                .iter()
                .any(|p| !limits::CLOCK_PCT.contains(p))
        {
            return Err(invalid(Impossible::ClockRates));
        }
        if !limits::DRIFT_BOUND_PCT.contains(&self.drift_bound_pct) {
            return Err(invalid(Impossible::DriftBound(self.drift_bound_pct)));
        }
        Ok(())
    }
}

impl RingSpec {
    fn validate(&self) -> Result<(), ShareError> {
        if self.members.len() > MAX_LAB_MEMBERS {
            return Err(invalid(Impossible::RingNodes(self.members.len() as u32)));
        }
        for (name, weight, _) in &self.members {
            if name.is_empty() || name.len() > 64 || *weight == 0 || *weight > 10_000 {
                return Err(invalid(Impossible::RingNode {
                    name: name.clone(),
                    weight: *weight,
                }));
            }
        }
        for name in std::iter::once(&self.algorithm).chain(self.compare.iter()) {
            Algorithm::parse(name, self.vnodes.clamp(1, MAX_VNODES))
                .map_err(|_| invalid(Impossible::Algorithm(name.clone())))?;
        }
        if !(1..=MAX_VNODES).contains(&self.vnodes) {
            return Err(invalid(Impossible::Vnodes(self.vnodes)));
        }
        if !(1..=MAX_REPLICAS).contains(&self.replicas) {
            return Err(invalid(Impossible::Replicas(self.replicas)));
        }
        match &self.keys {
            KeySpec::Uniform { count } | KeySpec::Hot { count, .. } if *count > MAX_LAB_KEYS => {
                Err(invalid(Impossible::Keys(*count)))
            }
            KeySpec::Named(t) if t.len() > 200_000 => Err(ShareError::TooLarge),
            _ => Ok(()),
        }
    }
}

impl Run {
    /// Check everything a replay relies on: versions, ranges, node ids, time order.
    pub fn validate(&self) -> Result<(), ShareError> {
        if self.version > VERSION {
            return Err(ShareError::FutureVersion {
                found: self.version,
                newest: VERSION,
            });
        }
        if self.seed > MAX_SEED {
            return Err(invalid(Impossible::Seed(self.seed)));
        }
        self.cluster.validate()?;
        self.ring.validate()?;
        if self.commands.len() > MAX_COMMANDS {
            return Err(ShareError::TooLarge);
        }
        // The servers and the clients.
        let actors = self.cluster.servers + self.cluster.clients;
        let node = |n: &NodeId| {
            if n.0 < actors {
                Ok(())
            } else {
                Err(invalid(Impossible::NoSuchNode(*n)))
            }
        };
        let mut last = SimTime::ZERO;
        for c in &self.commands {
            if c.at < last {
                return Err(invalid(Impossible::OutOfOrder));
            }
            if c.at > MAX_HEAD {
                return Err(invalid(Impossible::TooLate));
            }
            last = c.at;
            match &c.action {
                Action::Crash(n) | Action::Restart(n) | Action::Pause(n) | Action::Resume(n) => {
                    node(n)?
                }
                Action::Cut { from, to } | Action::Heal { from, to } => {
                    node(from)?;
                    node(to)?
                }
                Action::Partition(groups) => {
                    for n in groups.iter().flatten() {
                        node(n)?
                    }
                }
                Action::SetLinkLoss { from, to, ppm } => {
                    node(from)?;
                    node(to)?;
                    if ppm.is_some_and(|p| p > 1_000_000) {
                        return Err(invalid(Impossible::Chance));
                    }
                }
                Action::SetLinkLatency { from, to, range } => {
                    node(from)?;
                    node(to)?;
                    if range.is_some_and(|(lo, hi)| lo > hi) {
                        return Err(invalid(Impossible::LatencyUpsideDown));
                    }
                }
                Action::SetLoss { ppm } | Action::SetDuplication { ppm } if *ppm > 1_000_000 => {
                    return Err(invalid(Impossible::Chance))
                }
                Action::SetLatency { min, max } if min > max => {
                    return Err(invalid(Impossible::LatencyUpsideDown))
                }
                Action::Input(n, input) => {
                    node(n)?;
                    if let Input::Transfer(t) | Input::SubmitTo(t, _) = input {
                        node(t)?
                    }
                    if let Input::SetClock(pct) = input {
                        if !limits::CLOCK_PCT.contains(pct) {
                            return Err(invalid(Impossible::ClockRate(*pct)));
                        }
                    }
                }
                _ => {}
            }
        }
        if self.moment.head_us > MAX_HEAD.0 || self.moment.time_us > self.moment.head_us {
            return Err(invalid(Impossible::Moment));
        }
        // A run shared from the Lab or the store carries the cluster's run too, with that view.
        if !matches!(
            self.view.view.as_str(),
            "cluster" | "ring" | "both" | "lab" | "store"
        ) || !matches!(self.view.lang.as_str(), "en" | "zh")
            || !matches!(self.view.theme.as_str(), "light" | "dark")
        {
            return Err(invalid(Impossible::ViewLangTheme));
        }
        Ok(())
    }
}
