//! The Lab: experiments from the papers, re-run on the same core as the playground.
//!
//! An experiment is a pure function of its settings: `plan` lists its jobs (one row of the
//! result each), and `Progress` computes them a step at a time (a trial started, one of its
//! placements built, or a piece of its keys placed), so the page can run them between frames
//! and never freeze; the command line runs them all. Same settings, same rows, on every
//! target: the random choices come from the seeded generator and the hashes are our own.

pub mod downtime;
mod raft;
mod ring;

use std::fmt::Write;

pub use raft::{SPLIT_LATENCY_PERMILLE, SPLIT_SERVERS};
pub use ring::{BALANCE_K, BALANCE_N, BOUNDED_C, MAGLEV_TABLES, PROBES};

/// The experiments, in the order the Lab offers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Experiment {
    /// Load spread against virtual nodes: arcs and a finite key set against the theory.
    Balance,
    /// Keys moved when one node joins or leaves, per algorithm, against the least that even
    /// loads need.
    Moved,
    /// Consistent hashing with bounded loads: peak ÷ mean and movement against c.
    Bounded,
    /// Multi-probe consistent hashing: peak ÷ mean against the number of probes.
    MultiProbe,
    /// Raft's first election: how often it fails against the message latency, with the real
    /// protocol, next to a bound from the timeouts alone.
    SplitVotes,
    /// Time to replace a crashed leader on a LAN with disks (Raft paper §9.3, Figure 16),
    /// the typical case: every server could win.
    LeaderCrash,
    /// The same, in the paper's worst case: logs of different lengths make some servers
    /// ineligible.
    LeaderCrashWorst,
    /// Elections over a WAN (thesis §9.4): one or two servers failed.
    WanElection,
}

impl Experiment {
    pub const ALL: [Experiment; 8] = [
        Experiment::Balance,
        Experiment::Moved,
        Experiment::Bounded,
        Experiment::MultiProbe,
        Experiment::SplitVotes,
        Experiment::LeaderCrash,
        Experiment::LeaderCrashWorst,
        Experiment::WanElection,
    ];

    /// Whether it runs Raft clusters (its trials open in the Cluster view; the node and key
    /// settings do not apply).
    pub fn is_raft(self) -> bool {
        matches!(
            self,
            Experiment::SplitVotes
                | Experiment::LeaderCrash
                | Experiment::LeaderCrashWorst
                | Experiment::WanElection
        )
    }

    /// The name on the command line and in links.
    pub fn id(self) -> &'static str {
        match self {
            Experiment::Balance => "balance",
            Experiment::Moved => "moved",
            Experiment::Bounded => "bounded",
            Experiment::MultiProbe => "multi-probe",
            Experiment::SplitVotes => "split-votes",
            Experiment::LeaderCrash => "leader-crash",
            Experiment::LeaderCrashWorst => "leader-crash-worst",
            Experiment::WanElection => "wan-election",
        }
    }

    pub fn parse(id: &str) -> Option<Experiment> {
        Experiment::ALL.into_iter().find(|e| e.id() == id)
    }

    /// Where the result being re-created was published. A reference's note in brackets is
    /// English; `citation_zh` gives it in Chinese.
    pub fn citation(self) -> &'static str {
        match self {
            Experiment::Balance => {
                "Karger et al., STOC 1997; Stoica et al., Chord, SIGCOMM 2001 (virtual nodes)"
            }
            Experiment::Moved => {
                "Karger et al., STOC 1997; Lamping & Veach, arXiv:1406.2294, 2014 (jump); Eisenbud et al., Maglev, NSDI 2016"
            }
            Experiment::Bounded => "Mirrokni, Thorup & Zadimoghaddam, SODA 2018",
            Experiment::MultiProbe => "Appleton & O'Reilly, arXiv:1505.00062, 2015",
            Experiment::SplitVotes => {
                "Ongaro & Ousterhout, USENIX ATC 2014, §5.2; Ongaro, PhD thesis, Stanford 2014, §9.2–9.3"
            }
            Experiment::LeaderCrash | Experiment::LeaderCrashWorst => {
                "Ongaro & Ousterhout, USENIX ATC 2014, §9.3, Figure 16"
            }
            Experiment::WanElection => "Ongaro, PhD thesis, Stanford 2014, §9.4",
        }
    }

    /// The citation on a Chinese page: the notes in brackets translated.
    pub fn citation_zh(self) -> &'static str {
        match self {
            Experiment::Balance => {
                "Karger et al., STOC 1997; Stoica et al., Chord, SIGCOMM 2001（虚拟节点）"
            }
            Experiment::Moved => {
                "Karger et al., STOC 1997; Lamping & Veach, arXiv:1406.2294, 2014（跳跃一致性哈希）; Eisenbud et al., Maglev, NSDI 2016"
            }
            other => other.citation(),
        }
    }

    /// The settings it starts with.
    pub fn defaults(self) -> Settings {
        match self {
            Experiment::Balance => Settings {
                nodes: 10,
                keys: 10_000,
                trials: 20,
                seed: 1,
            },
            Experiment::Moved => Settings {
                nodes: 10,
                keys: 100_000,
                trials: 1,
                seed: 1,
            },
            Experiment::Bounded | Experiment::MultiProbe => Settings {
                nodes: 10,
                keys: 100_000,
                trials: 1,
                seed: 1,
            },
            // Servers and latencies (or timeouts) are the rows; trials are elections per row.
            Experiment::SplitVotes
            | Experiment::LeaderCrash
            | Experiment::LeaderCrashWorst
            | Experiment::WanElection => Settings {
                nodes: 5,
                keys: 100,
                trials: 1000,
                seed: 1,
            },
        }
    }
}

/// What an experiment may be asked to do. Every field is bounded (`Settings::check`) so a
/// run stays within seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Nodes (for Balance: the node counts are fixed rows and this is ignored).
    pub nodes: u32,
    /// Keys (or requests) placed in each trial.
    pub keys: u64,
    /// Independent trials per row (different node names, different keys).
    pub trials: u32,
    pub seed: u64,
}

pub mod limits {
    use std::ops::RangeInclusive;
    pub const NODES: RangeInclusive<u32> = 2..=1000;
    pub const KEYS: RangeInclusive<u64> = 100..=1_000_000;
    pub const TRIALS: RangeInclusive<u32> = 1..=1000;
}

impl Settings {
    /// The settings, or the first that is out of its range.
    pub fn check(self) -> Result<Settings, OutOfRange> {
        if !limits::NODES.contains(&self.nodes) {
            return Err(OutOfRange::Nodes);
        }
        if !limits::KEYS.contains(&self.keys) {
            return Err(OutOfRange::Keys);
        }
        if !limits::TRIALS.contains(&self.trials) {
            return Err(OutOfRange::Trials);
        }
        Ok(self)
    }
}

/// A setting outside its range (`limits`): the page words it in its language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutOfRange {
    Nodes,
    Keys,
    Trials,
}

impl OutOfRange {
    /// The setting's range.
    pub fn range(self) -> (u64, u64) {
        match self {
            OutOfRange::Nodes => (
                u64::from(*limits::NODES.start()),
                u64::from(*limits::NODES.end()),
            ),
            OutOfRange::Keys => (*limits::KEYS.start(), *limits::KEYS.end()),
            OutOfRange::Trials => (
                u64::from(*limits::TRIALS.start()),
                u64::from(*limits::TRIALS.end()),
            ),
        }
    }
}

impl std::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            OutOfRange::Nodes => "nodes",
            OutOfRange::Keys => "keys",
            OutOfRange::Trials => "trials",
        };
        let (lo, hi) = self.range();
        write!(f, "{name} must be {lo} to {hi}")
    }
}

/// Why the page will not run some settings that are within range: the page computes a run
/// in small steps between frames, so it stays live, but a run must end within about a minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TooLarge {
    /// Even one trial per row would take too long: at most this many keys at these nodes.
    Trial { keys_max: u64 },
    /// The trials would: at most this many with these keys and nodes.
    Run { trials_max: u32 },
}

/// The page's bound on a run, in key placements weighted by the nodes each looks at
/// (rendezvous hashing and bounded loads look at more of them per key): `keys × (1 + nodes
/// / 100)` per trial of a row, `nodes / 25` for Moved, plus the building of each trial's
/// placements (`ring::build_work`). Measured in the page, the default Moved run (a million
/// of them) takes about 2.3 s, so a run stays within about a minute. The command line has
/// no such bound.
pub const PAGE_RUN_WORK: u64 = 30_000_000;

/// The work of placing one key in a row of this experiment, in key placements weighted by
/// the nodes each looks at; `None` for the experiments without keys.
fn key_weight(experiment: Experiment, s: Settings) -> Option<u64> {
    match experiment {
        Experiment::Balance => Some(1), // its rows fix their own node counts
        // Its rows include rendezvous hashing (every node for every key) and Maglev's tables.
        Experiment::Moved => Some(1 + u64::from(s.nodes) / 25),
        Experiment::Bounded | Experiment::MultiProbe => Some(1 + u64::from(s.nodes) / 100),
        // Elections: no keys; a trial is one election, short at any setting.
        Experiment::SplitVotes
        | Experiment::LeaderCrash
        | Experiment::LeaderCrashWorst
        | Experiment::WanElection => None,
    }
}

/// Whether the page can run these settings (within range: `Settings::check`) and stay live.
pub fn fits_the_page(experiment: Experiment, s: Settings) -> Result<(), TooLarge> {
    let Some(weight) = key_weight(experiment, s) else {
        return Ok(());
    };
    let jobs = plan(experiment, s);
    let rows = jobs.len() as u64;
    let build: u64 = jobs.iter().map(ring::build_work).sum();
    let per_trial = s.keys * weight * rows + build;
    if per_trial > PAGE_RUN_WORK {
        return Err(TooLarge::Trial {
            keys_max: PAGE_RUN_WORK.saturating_sub(build) / (weight * rows),
        });
    }
    if per_trial * u64::from(s.trials) > PAGE_RUN_WORK {
        let most = (PAGE_RUN_WORK / per_trial.max(1)).min(u64::from(u32::MAX)) as u32;
        return Err(TooLarge::Run { trials_max: most });
    }
    Ok(())
}

/// The weighted key placements of one step of `Progress`: a few milliseconds in the page. (A
/// step that builds a placement is as long as that takes: a few tens of milliseconds for the
/// largest, Ketama's over 1,000 nodes.)
pub const PIECE_WORK: u64 = 4096;

/// One row to compute.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub experiment: Experiment,
    /// Its place in the plan (trials of different rows use different seeds).
    pub row: u32,
    pub settings: Settings,
    pub kind: JobKind,
}

/// What one row measures.
#[derive(Clone, Debug, PartialEq)]
pub enum JobKind {
    Balance { n: u32, k: u32 },
    Moved { algo: crate::ring::Algorithm },
    Bounded { c_percent: Option<u32>, zipf: bool },
    MultiProbe { probes: u32 },
    SplitVotes { servers: u8, latency_permille: u32 },
    Downtime(downtime::Setup),
}

/// A column: a stable key (CSV and JSON) and its heading in each language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

/// One value of a result.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Int(u64),
    /// A measured or predicted number, printed with `decimals` digits.
    Real(f64, u8),
    Text(String),
    /// A figure the trials cannot give (too few of them): empty in a CSV, null in JSON.
    Missing,
    /// A lower bound, printed "≥ x" (`{"at_least": x}` in JSON): a figure over trials some of
    /// which were stopped before their end (Figure 16's 20 s), whose true value is this or
    /// more.
    AtLeast(f64, u8),
}

impl Cell {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Cell::Int(v) => Some(*v as f64),
            Cell::Real(v, _) => Some(*v),
            Cell::Text(_) | Cell::Missing | Cell::AtLeast(..) => None,
        }
    }
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Int(v) => write!(f, "{v}"),
            Cell::Real(v, d) => write!(f, "{}", fixed(*v, *d)),
            Cell::Text(t) => f.write_str(t),
            Cell::Missing => Ok(()),
            Cell::AtLeast(v, d) => write!(f, "≥ {}", fixed(*v, *d)),
        }
    }
}

/// A number with a fixed count of decimals, in integers (no float formatting, which is large
/// in a wasm bundle and the same everywhere this way). The page prints its numbers with it too.
pub fn fixed(v: f64, decimals: u8) -> String {
    let decimals = u32::from(decimals.min(6));
    if !v.is_finite() {
        return "NaN".into();
    }
    let scale = 10i64.pow(decimals);
    let scaled = (v * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let (whole, frac) = (scaled.abs() / scale, scaled.abs() % scale);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac:0width$}", width = decimals as usize)
    }
}

/// The jobs of an experiment, in row order.
pub fn plan(experiment: Experiment, settings: Settings) -> Vec<Job> {
    ring::plan(experiment)
        .into_iter()
        .enumerate()
        .map(|(row, kind)| Job {
            experiment,
            row: row as u32,
            settings,
            kind,
        })
        .collect()
}

/// The distribution a row is summarised from, when it is drawn whole (the downtime
/// experiments' cumulative curves): the first measure of every trial, in trial order.
fn distribution(job: &Job, samples: &[Vec<f64>]) -> Vec<f64> {
    match job.kind {
        JobKind::Downtime(_) => samples.iter().filter_map(|s| s.first().copied()).collect(),
        _ => Vec::new(),
    }
}

/// An experiment being computed a step at a time, so a page can run it in slices between
/// frames and show the rows as they complete. A step starts a trial of a row (builds its
/// placements, or runs an election whole) or places a piece of its keys.
#[derive(Clone, Debug)]
pub struct Progress {
    jobs: Vec<Job>,
    row: usize,
    samples: Vec<Vec<f64>>,
    trial: Option<ring::Trial>,
    /// Keys placed per step.
    piece: u64,
    pub table: Table,
}

impl Progress {
    pub fn new(experiment: Experiment, settings: Settings) -> Result<Progress, OutOfRange> {
        let settings = settings.check()?;
        Ok(Progress {
            jobs: plan(experiment, settings),
            row: 0,
            samples: Vec::new(),
            trial: None,
            piece: PIECE_WORK / key_weight(experiment, settings).unwrap_or(1),
            table: Table {
                experiment,
                settings,
                rows: Vec::new(),
                samples: Vec::new(),
            },
        })
    }

    /// Take the next step; `false` once every row is done.
    pub fn step(&mut self) -> bool {
        let Some(job) = self.jobs.get(self.row) else {
            return false;
        };
        let t = self.samples.len() as u32;
        let Some(trial) = &mut self.trial else {
            self.trial = Some(ring::Trial::start(job, t));
            return true;
        };
        let Some(figures) = trial.advance(self.piece.max(1)) else {
            return true;
        };
        self.trial = None;
        self.samples.push(figures);
        if t + 1 == job.settings.trials.max(1) {
            self.table.rows.push(ring::finish(job, &self.samples));
            self.table.samples.push(distribution(job, &self.samples));
            self.samples.clear();
            self.row += 1;
        }
        self.row < self.jobs.len()
    }

    /// Trials done and trials in all.
    pub fn done(&self) -> (u64, u64) {
        let per_row = u64::from(self.table.settings.trials.max(1));
        (
            self.row as u64 * per_row + self.samples.len() as u64,
            self.jobs.len() as u64 * per_row,
        )
    }

    /// How far the trial being computed is, in thousandths (a long trial moves the page's
    /// progress bar as its keys are placed).
    pub fn trial_permille(&self) -> u64 {
        self.trial.as_ref().map_or(0, ring::Trial::permille)
    }

    pub fn finished(&self) -> bool {
        self.row >= self.jobs.len()
    }
}

/// The columns of an experiment's table.
pub fn columns(experiment: Experiment) -> &'static [Column] {
    ring::columns(experiment)
}

/// A whole experiment at once (the command line and the tests).
pub fn table(experiment: Experiment, settings: Settings) -> Result<Table, OutOfRange> {
    let mut progress = Progress::new(experiment, settings)?;
    while progress.step() {}
    Ok(progress.table)
}

/// An experiment's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub experiment: Experiment,
    pub settings: Settings,
    pub rows: Vec<Vec<Cell>>,
    /// Per row, what it summarises when the chart draws it whole (else empty): for the
    /// downtime experiments, every trial's time in trial order.
    pub samples: Vec<Vec<f64>>,
}

impl Table {
    /// The value in `row` of the column with `key`.
    pub fn get(&self, row: usize, key: &str) -> Option<&Cell> {
        let col = columns(self.experiment).iter().position(|c| c.key == key)?;
        self.rows.get(row)?.get(col)
    }

    /// Aligned columns for a terminal, headed by the experiment and its source.
    pub fn text(&self) -> String {
        let cols = columns(self.experiment);
        let mut cells: Vec<Vec<String>> = vec![cols.iter().map(|c| c.key.to_string()).collect()];
        cells.extend(
            self.rows
                .iter()
                .map(|r| r.iter().map(ToString::to_string).collect()),
        );
        let widths: Vec<usize> = (0..cols.len())
            .map(|i| {
                cells
                    .iter()
                    .map(|r| r[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let s = self.settings;
        let mut out = format!(
            "# {} (nodes={} keys={} trials={} seed={})\n# {}\n",
            self.experiment.id(),
            s.nodes,
            s.keys,
            s.trials,
            s.seed,
            self.experiment.citation()
        );
        for row in &cells {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:>w$}"))
                .collect();
            let _ = writeln!(out, "{}", line.join("  ").trim_end());
        }
        if self.has_lower_bounds() {
            out.push_str(
                "# ≥ marks a lower bound: some trials were stopped at 20 s without a leader.\n",
            );
        }
        out
    }

    /// Whether a cell is a lower bound (`Cell::AtLeast`), which the reader must be told.
    pub fn has_lower_bounds(&self) -> bool {
        self.rows
            .iter()
            .flatten()
            .any(|c| matches!(c, Cell::AtLeast(..)))
    }

    pub fn csv(&self) -> String {
        let cols = columns(self.experiment);
        let mut out = cols.iter().map(|c| c.key).collect::<Vec<_>>().join(",");
        out.push('\n');
        for row in &self.rows {
            let line: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(t) if t.contains([',', '"']) => {
                        format!("\"{}\"", t.replace('"', "\"\""))
                    }
                    other => other.to_string(),
                })
                .collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
        out
    }

    pub fn json(&self) -> String {
        let cols = columns(self.experiment);
        let s = self.settings;
        let mut out = format!(
            "{{\"experiment\":\"{}\",\"citation\":{},\"settings\":{{\"nodes\":{},\"keys\":{},\"trials\":{},\"seed\":{}}},\"rows\":[",
            self.experiment.id(),
            json_string(self.experiment.citation()),
            s.nodes,
            s.keys,
            s.trials,
            s.seed
        );
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('{');
            for (j, (c, v)) in cols.iter().zip(row).enumerate() {
                if j > 0 {
                    out.push(',');
                }
                let value = match v {
                    Cell::Text(t) => json_string(t),
                    Cell::Real(x, _) if !x.is_finite() => "null".into(),
                    Cell::Missing => "null".into(),
                    Cell::AtLeast(x, d) => format!("{{\"at_least\":{}}}", fixed(*x, *d)),
                    other => other.to_string(),
                };
                let _ = write!(out, "\"{}\":{value}", c.key);
            }
            out.push('}');
        }
        out.push_str("]}\n");
        out
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
