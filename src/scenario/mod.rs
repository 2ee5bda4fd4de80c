//! Guided scenarios: a starting configuration, timed actions and captions, with cue points
//! where playback waits for "next". A scenario is data (the built-in ones are in
//! `library.rs`; users write the same thing as a JSON file) and the `Player` applies it to a
//! `World`: the playground, in the page and in the tests that check each scenario's story.

pub mod cause;
mod library;
pub mod store;

pub use library::{all, by_concept, from_file, in_code, FILE as LIBRARY_FILE};

use crate::raft::{Actor, ActorView, Input, Op, RaftSim, Role};
use crate::ring::lab::Lab;
use crate::ring::{Algorithm, RingError};
use crate::share::{ClusterSpec, KeySpec, RingSpec};
use crate::sim::{Action, NodeId, SimTime};
use serde::Serialize;

/// Steps in a scenario at most.
pub const MAX_STEPS: usize = 200;
/// Characters in a scenario title, in each language, at most: the caption box shows it whole
/// on one or two lines.
pub const MAX_TITLE_CHARS: usize = 120;
/// Characters in a scenario's name, in each language, at most: it has to fit the header's
/// picker, which lists the scenarios by name.
pub const MAX_NAME_CHARS: usize = 24;
/// Characters in a step's caption, in each language, at most: a presenter reads it out from
/// the box under the stage (the longest built-in caption is about half of this).
pub const MAX_CAPTION_CHARS: usize = 1000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Default)]
pub struct Caption {
    pub en: String,
    pub zh: String,
}

impl Caption {
    pub fn new(en: &str, zh: &str) -> Caption {
        Caption {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// Refuse a text longer than `max` characters in either language, naming `part`.
    fn check(&self, part: Part, max: usize) -> Result<(), Fault> {
        for (chinese, text) in [(false, &self.en), (true, &self.zh)] {
            // Counting stops just past the bound: a 5 MB caption costs no more than a short one.
            let chars = text.chars().take(max + 1).count();
            if chars > max {
                return Err(Fault::TooLong {
                    part,
                    chinese,
                    max,
                    bytes: text.len(),
                });
            }
        }
        Ok(())
    }
}

/// Why a scenario (a user's file) cannot be played: data, so that the page can say it in
/// either language. `Display` is the English.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// Its id is empty or longer than 64 characters.
    Id,
    /// A text longer than `max` characters (`bytes` long) in English or in Chinese.
    TooLong {
        part: Part,
        chinese: bool,
        max: usize,
        bytes: usize,
    },
    /// A view other than cluster, ring or both.
    View(String),
    /// No steps, or more than `MAX_STEPS`.
    Steps,
    /// Its settings are not a run the page could make.
    Run(crate::share::ShareError),
    /// Steps count from 1.
    Vnodes {
        step: usize,
        asked: u32,
    },
    Replicas {
        step: usize,
        asked: u32,
    },
    RingNode {
        step: usize,
        name: String,
    },
    Client {
        step: usize,
        client: u8,
        clients: u8,
    },
    OutOfOrder {
        step: usize,
    },
    PastAnHour {
        step: usize,
    },
}

/// The texts of a scenario that have a bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Title,
    Name,
    /// A step's caption, counted from 1.
    Caption(usize),
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fault::Id => f.write_str("a scenario needs an id of 1 to 64 characters"),
            Fault::TooLong {
                part,
                chinese,
                max,
                bytes,
            } => {
                let lang = if *chinese { "Chinese" } else { "English" };
                match part {
                    Part::Title => write!(f, "the title in {lang} is longer than {max} characters ({bytes} bytes); keep it to one line"),
                    Part::Name => write!(f, "the name in {lang} is longer than {max} characters ({bytes} bytes)"),
                    Part::Caption(step) => write!(f, "the caption of step {step} in {lang} is longer than {max} characters ({bytes} bytes)"),
                }
            }
            Fault::View(view) => write!(f, "view '{view}' is not cluster, ring or both"),
            Fault::Steps => write!(f, "a scenario needs 1 to {MAX_STEPS} steps"),
            Fault::Run(e) => write!(f, "{e}"),
            Fault::Vnodes { step, asked } => write!(
                f,
                "step {step} asks for {asked} virtual nodes (1 to {})",
                crate::ring::algo::MAX_VNODES
            ),
            Fault::Replicas { step, asked } => write!(
                f,
                "step {step} asks for {asked} replicas (1 to {})",
                crate::ring::lab::MAX_REPLICAS
            ),
            Fault::RingNode { step, name } => write!(
                f,
                "step {step} names ring node {name}, which the ring does not have"
            ),
            Fault::Client {
                step,
                client,
                clients,
            } => write!(
                f,
                "step {step} asks client {client}, but the cluster has {clients}"
            ),
            Fault::OutOfOrder { step } => {
                write!(f, "step {step} comes before the step ahead of it")
            }
            Fault::PastAnHour { step } => write!(f, "step {step} is more than an hour in"),
        }
    }
}

/// The source article's six concepts (节点、网络、数据分布、一致性、故障容错、负载均衡), in the
/// article's order. Each built-in scenario teaches one of them, and the picker groups the
/// scenarios by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Concept {
    /// 节点
    Nodes,
    /// 网络
    Network,
    /// 数据分布
    DataDistribution,
    /// 一致性 (data consistency; nothing to do with the "consistent" of consistent hashing)
    Consistency,
    /// 故障容错
    FaultTolerance,
    /// 负载均衡
    LoadBalancing,
}

impl Concept {
    /// In the article's order.
    pub const ALL: [Concept; 6] = [
        Concept::Nodes,
        Concept::Network,
        Concept::DataDistribution,
        Concept::Consistency,
        Concept::FaultTolerance,
        Concept::LoadBalancing,
    ];
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scenario {
    pub id: String,
    /// A few words for the header's picker ("The leader crashes"); the title says the rest.
    pub name: Caption,
    pub title: Caption,
    /// The article's concept this scenario teaches, for the picker's groups (a user's file
    /// may leave it out).
    pub concept: Option<Concept>,
    /// "cluster", "ring" or "both".
    pub view: String,
    pub seed: u64,
    pub cluster: ClusterSpec,
    pub ring: RingSpec,
    pub steps: Vec<Step>,
    /// The story is told in the servers' logs (entries appended, committed, overwritten): an
    /// embed, which has no side panel, shows them beside the stage.
    pub logs: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Virtual time of the step, in milliseconds from the start of the run (a `Restart`
    /// starts a new run at zero).
    pub at_ms: u64,
    pub actions: Vec<Do>,
    pub caption: Caption,
    /// Pause here until the viewer asks for the next step.
    pub cue: bool,
}

/// What a step does. Cluster actions naming "the leader" or "a follower" are resolved when
/// the step runs, into plain actions that go into the run's command log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Do {
    /// A plain action of the simulation.
    Act(Action<Input>),
    CrashLeader,
    /// Crash the first follower that is up.
    CrashFollower,
    RestartCrashed,
    /// Cut a follower off from everyone.
    IsolateFollower,
    /// The leader and ⌊(n−1)/2⌋−1 others against the rest.
    PartitionLeaderMinority,
    /// The page's client writes `key = value` through the leader (or N1 without one).
    WriteToLeader {
        key: String,
        value: String,
    },
    /// Client number `client` (counted from 1) sends `op` to the leader (or N1 without one).
    Request {
        client: u8,
        op: Op,
    },
    /// Cut the leader off from every other server (clients still reach it).
    IsolateLeader,
    /// The leader hands leadership to the first follower that is up (thesis §3.10).
    TransferLeadership,
    /// Start a new run at time zero with these cluster settings (same seed).
    Restart(ClusterSpec),
    RingAdd(String),
    RingRemove(String),
    RingDown(String),
    RingUp(String),
    RingVnodes(u32),
    RingReplicas(u32),
    RingAlgorithm(String),
    RingCompare(Option<String>),
    RingKeys(KeySpec),
}

/// What the player acts on.
pub trait World {
    fn sim(&self) -> &RaftSim;
    /// Run the cluster until virtual time `t`.
    fn advance_to(&mut self, t: SimTime);
    /// Apply actions at the current moment.
    fn act(&mut self, actions: Vec<Action<Input>>);
    /// A new run from time zero with this seed and cluster.
    fn restart(&mut self, seed: u64, cluster: &ClusterSpec);
    fn lab(&mut self) -> &mut Lab;
    /// Mark a ring node up or down; a ring node named after a server crashes or restarts it.
    fn ring_up(&mut self, name: &str, up: bool) -> Result<(), RingError>;
}

/// One cluster, two lenses: the server a ring node stands for, when it is named after one
/// (N1 … N9) of the cluster's `servers`.
/// A caption's words on the whole page, or in an embed, which shows the stage alone (and the
/// logs, for a scenario told in them): the parts marked `[[…]]` speak of the side panel's logs
/// and are left out of an embed without them; the parts marked `{{…}}` speak of the page's
/// tabs (History, Events) and are left out of every embed. On the page only the marks go. An
/// unclosed mark stays as written.
pub fn caption_text(text: &str, embed: bool, logs_shown: bool) -> String {
    let text = keep_marked(text, b'{', b'}', !embed);
    keep_marked(&text, b'[', b']', !embed || logs_shown)
}

/// `text` with each part between `oo` and `cc` (two of each byte) kept, or left out.
fn keep_marked(text: &str, o: u8, c: u8, keep: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = find_pair(rest, o) {
        let inner = &rest[open + 2..];
        let Some(close) = find_pair(inner, c) else {
            break;
        };
        out.push_str(&rest[..open]);
        if keep {
            out.push_str(&inner[..close]);
        }
        rest = &inner[close + 2..];
    }
    out.push_str(rest);
    out
}

/// Where `bb` (two of an ASCII byte) first stands in `text`. A byte scan rather than
/// `str::find("[[")`: a str pattern links the whole of std's string searcher into the page.
fn find_pair(text: &str, b: u8) -> Option<usize> {
    text.as_bytes().windows(2).position(|w| w == [b, b])
}

/// A caption's text with each short formula's spaces made non-breaking, so that "x = 1" or
/// "R + W > N" never breaks across lines: a space on each side of `=`, `+`, `>` or `≤`.
pub fn keep_formulas_together(text: &str) -> String {
    const NBSP: char = '\u{a0}';
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let mut ahead = chars.clone();
            if let (Some(op @ ('=' | '+' | '>' | '≤')), Some(' ')) = (ahead.next(), ahead.next())
            {
                out.push(NBSP);
                out.push(op);
                out.push(NBSP);
                chars = ahead;
                continue;
            }
        }
        out.push(c);
    }
    out
}

pub fn server_named(name: &str, servers: u8) -> Option<NodeId> {
    (0..servers).map(NodeId).find(|id| id.to_string() == name)
}

/// Ring nodes named after servers whose up/down state disagrees with the server's: (ring
/// node, whether the server is alive).
pub fn ring_out_of_sync(
    sim: &RaftSim,
    lab: &Lab,
    servers: u8,
) -> Vec<(crate::ring::MemberId, bool)> {
    (0..servers)
        .map(NodeId)
        .filter_map(|id| {
            let alive = sim.is_alive(id);
            let m = lab.members.by_name(&id.to_string())?;
            (m.up != alive).then_some((m.id, alive))
        })
        .collect()
}

/// The live leader of the highest term, if any.
pub fn leader(sim: &RaftSim) -> Option<(NodeId, u64)> {
    sim.nodes()
        .iter()
        .filter_map(Actor::as_server)
        .filter(|s| s.role() == Role::Leader && sim.is_alive(s.id()))
        .max_by_key(|s| s.term())
        .map(|s| (s.id(), s.term().0))
}

fn servers(sim: &RaftSim) -> Vec<NodeId> {
    sim.views()
        .iter()
        .enumerate()
        .filter(|(_, v)| matches!(v, ActorView::Server(_)))
        .map(|(i, _)| NodeId(i as u8))
        .collect()
}

/// The cluster actions a step's `Do` stands for now.
pub fn resolve(d: &Do, sim: &RaftSim) -> Vec<Action<Input>> {
    let all = servers(sim);
    let client = NodeId(all.len() as u8);
    let lead = leader(sim).map(|(id, _)| id);
    let follower = all
        .iter()
        .copied()
        .find(|&id| Some(id) != lead && sim.is_alive(id));
    let others = |id: NodeId| all.iter().copied().filter(|&o| o != id).collect::<Vec<_>>();
    match d {
        Do::Act(a) => vec![a.clone()],
        Do::CrashLeader => lead.map(Action::Crash).into_iter().collect(),
        Do::CrashFollower => follower.map(Action::Crash).into_iter().collect(),
        Do::RestartCrashed => all
            .iter()
            .filter(|&&id| !sim.is_alive(id))
            .map(|&id| Action::Restart(id))
            .collect(),
        Do::IsolateFollower => follower
            .map(|f| Action::Partition(vec![vec![f], others(f)]))
            .into_iter()
            .collect(),
        Do::IsolateLeader => lead
            .map(|l| Action::Partition(vec![vec![l], others(l)]))
            .into_iter()
            .collect(),
        Do::TransferLeadership => match (lead, follower) {
            (Some(l), Some(f)) => vec![Action::Input(l, Input::Transfer(f))],
            _ => Vec::new(),
        },
        Do::Request { client: c, op } => vec![Action::Input(
            NodeId(client.0 + c.saturating_sub(1)),
            Input::SubmitTo(lead.unwrap_or(NodeId(0)), op.clone()),
        )],
        Do::PartitionLeaderMinority => {
            let Some(l) = lead else { return Vec::new() };
            let size = (all.len().saturating_sub(1) / 2).max(1);
            let mut minority = vec![l];
            minority.extend(others(l).into_iter().take(size - 1));
            let majority: Vec<NodeId> = all
                .iter()
                .copied()
                .filter(|id| !minority.contains(id))
                .collect();
            vec![Action::HealAll, Action::Partition(vec![minority, majority])]
        }
        Do::WriteToLeader { key, value } => vec![Action::Input(
            client,
            Input::SubmitTo(
                lead.unwrap_or(NodeId(0)),
                Op::Put {
                    key: key.clone(),
                    value: value.clone(),
                },
            ),
        )],
        _ => Vec::new(),
    }
}

impl Scenario {
    /// Check a scenario (a user's file especially) before playing it.
    pub fn validate(&self) -> Result<(), Fault> {
        if self.id.is_empty() || self.id.len() > 64 {
            return Err(Fault::Id);
        }
        self.title.check(Part::Title, MAX_TITLE_CHARS)?;
        self.name.check(Part::Name, MAX_NAME_CHARS)?;
        if !matches!(self.view.as_str(), "cluster" | "ring" | "both") {
            return Err(Fault::View(self.view.clone()));
        }
        if self.steps.is_empty() || self.steps.len() > MAX_STEPS {
            return Err(Fault::Steps);
        }
        for (i, step) in self.steps.iter().enumerate() {
            step.caption
                .check(Part::Caption(i + 1), MAX_CAPTION_CHARS)?;
        }
        let probe = crate::share::Run {
            version: crate::share::VERSION,
            seed: self.seed,
            cluster: self.cluster.clone(),
            commands: Vec::new(),
            moment: Default::default(),
            view: crate::share::ViewSpec {
                view: self.view.clone(),
                lang: "en".into(),
                theme: "light".into(),
                speed: 0,
                paused: true,
            },
            ring: self.ring.clone(),
            scenario: None,
        };
        probe.validate().map_err(Fault::Run)?;
        let mut last = 0;
        let mut clients = self.cluster.clients;
        // The ring nodes a step may name: the ring's own, the cluster's servers (the ring
        // follows them) and those a step adds.
        let servers = |n: u8| (1..=n).map(|k| format!("N{k}"));
        let mut known: Vec<String> = servers(self.cluster.servers)
            .chain(self.ring.members.iter().map(|m| m.0.clone()))
            .collect();
        for (i, step) in self.steps.iter().enumerate() {
            for d in &step.actions {
                match d {
                    Do::RingVnodes(v) if !(1..=crate::ring::algo::MAX_VNODES).contains(v) => {
                        return Err(Fault::Vnodes {
                            step: i + 1,
                            asked: *v,
                        });
                    }
                    Do::RingReplicas(r) if !(1..=crate::ring::lab::MAX_REPLICAS).contains(r) => {
                        return Err(Fault::Replicas {
                            step: i + 1,
                            asked: *r,
                        });
                    }
                    Do::RingAdd(name) => known.push(name.clone()),
                    Do::RingRemove(name) | Do::RingDown(name) | Do::RingUp(name)
                        if !known.contains(name) =>
                    {
                        return Err(Fault::RingNode {
                            step: i + 1,
                            name: name.clone(),
                        });
                    }
                    Do::Restart(spec) => {
                        clients = spec.clients;
                        known.extend(servers(spec.servers));
                    }
                    Do::Request { client, .. } if *client == 0 || *client > clients => {
                        return Err(Fault::Client {
                            step: i + 1,
                            client: *client,
                            clients,
                        });
                    }
                    _ => {}
                }
            }
            let restarts = step.actions.iter().any(|a| matches!(a, Do::Restart(_)));
            if step.at_ms < last && !restarts {
                return Err(Fault::OutOfOrder { step: i + 1 });
            }
            last = if restarts { 0 } else { step.at_ms };
            if step.at_ms > 3_600_000 {
                return Err(Fault::PastAnHour { step: i + 1 });
            }
        }
        Ok(())
    }

    pub fn cues(&self) -> usize {
        self.steps.iter().filter(|s| s.cue).count()
    }
}

/// The built-in scenario called `id`.
pub fn find(id: &str) -> Option<Scenario> {
    all().into_iter().find(|s| s.id == id)
}

/// Plays a scenario on a world, step by step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Player {
    pub scenario: Scenario,
    /// The next step to apply.
    pub next: usize,
    /// The step whose caption is shown.
    pub shown: Option<usize>,
    /// The viewer changed the run (crashed a server, cut a link, …): the captions no longer
    /// describe it, so none is shown and the script stops; Back replays it from the start.
    pub off_script: bool,
}

impl Player {
    /// Set the world up as the scenario starts.
    pub fn start(scenario: Scenario, world: &mut dyn World) -> Player {
        world.restart(scenario.seed, &scenario.cluster);
        apply_ring_spec(world.lab(), &scenario.ring, scenario.seed);
        Player {
            scenario,
            next: 0,
            shown: None,
            off_script: false,
        }
    }

    /// When the next step is due, in the current run's virtual time.
    pub fn next_time(&self) -> Option<SimTime> {
        if self.off_script {
            return None;
        }
        self.scenario
            .steps
            .get(self.next)
            .map(|s| SimTime::from_millis(s.at_ms))
    }

    pub fn finished(&self) -> bool {
        self.next >= self.scenario.steps.len()
    }

    /// Apply the next step (its time has come) and show its caption. Returns whether it is a
    /// cue, where playback waits, or what the ring refused of the step's actions (the others
    /// are carried out).
    pub fn apply_next(&mut self, world: &mut dyn World) -> Result<bool, Vec<RingError>> {
        let Some(step) = self.scenario.steps.get(self.next).cloned() else {
            return Ok(false);
        };
        self.next += 1;
        // Silent steps (no caption) keep the previous caption up.
        if !step.caption.en.is_empty() {
            self.shown = Some(self.next - 1);
        }
        let mut errors = Vec::new();
        // Ring nodes taken down (or brought back) in one step are one change on the ring:
        // "N3 and N4 are back", as the step's caption tells it.
        let ups_and_downs = step
            .actions
            .iter()
            .filter(|d| matches!(d, Do::RingUp(_) | Do::RingDown(_)))
            .count();
        let grouped = ups_and_downs > 1 && world.lab().open_group();
        for d in &step.actions {
            if let Err(e) = apply(d, self.scenario.seed, world) {
                errors.push(e);
            }
        }
        if grouped {
            world.lab().close_group();
        }
        if errors.is_empty() {
            Ok(step.cue)
        } else {
            Err(errors)
        }
    }

    /// Run to the next cue (or the end), as a headless viewer pressing "next" would.
    pub fn run_to_cue(&mut self, world: &mut dyn World) -> Result<bool, Vec<RingError>> {
        while let Some(t) = self.next_time() {
            if t > world.sim().now() {
                world.advance_to(t);
            }
            if self.apply_next(world)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The cue count reached by time `now` (1-based, 0 before the first): after a seek back
    /// into the story, the cue of that moment, not the furthest one played.
    pub fn cue_at(&self, now: SimTime) -> usize {
        let (earlier, run) = self.scenario.steps[..self.next].split_at(self.run_start());
        earlier.iter().filter(|s| s.cue).count()
            + run
                .iter()
                .filter(|s| s.cue && SimTime::from_millis(s.at_ms) <= now)
                .count()
    }

    /// Show the caption of the moment `now`: the last captioned step played by then (the
    /// timeline may have been moved back before steps already played).
    pub fn caption_at(&mut self, now: SimTime) {
        let start = self.run_start();
        let played = &self.scenario.steps[..self.next];
        let captioned = |s: &Step| !s.caption.en.is_empty();
        self.shown = played[start..]
            .iter()
            .rposition(|s| captioned(s) && SimTime::from_millis(s.at_ms) <= now)
            .map(|i| start + i)
            .or_else(|| played[..start].iter().rposition(captioned));
    }

    /// Where the run on screen began among the steps played: just after the last step that
    /// restarted the world (that step, and all before it, happened before this run's clock
    /// began; the times of the steps after it are on the new clock).
    fn run_start(&self) -> usize {
        self.scenario.steps[..self.next]
            .iter()
            .rposition(|s| s.actions.iter().any(|d| matches!(d, Do::Restart(_))))
            .map_or(0, |i| i + 1)
    }

    /// The cue count reached so far (1-based, 0 before the first).
    pub fn cue_index(&self) -> usize {
        self.scenario.steps[..self.next]
            .iter()
            .filter(|s| s.cue)
            .count()
    }
}

fn apply(d: &Do, seed: u64, world: &mut dyn World) -> Result<(), RingError> {
    match d {
        Do::Restart(spec) => {
            world.restart(seed, spec);
            Ok(())
        }
        Do::RingAdd(name) => world.lab().add(name, 100).map(|_| ()),
        Do::RingRemove(name) => {
            let lab = world.lab();
            let id = lab
                .members
                .by_name(name)
                .map(|m| m.id)
                .ok_or_else(|| RingError::NoNodeNamed(name.clone()))?;
            lab.remove(id)
        }
        Do::RingDown(name) => world.ring_up(name, false),
        Do::RingUp(name) => world.ring_up(name, true),
        Do::RingVnodes(v) => {
            world.lab().set_vnodes(*v);
            Ok(())
        }
        Do::RingReplicas(r) => {
            world.lab().set_replicas(*r);
            Ok(())
        }
        Do::RingAlgorithm(name) => {
            let lab = world.lab();
            let a = Algorithm::parse(name, lab.vnodes)?;
            lab.set_algorithm(crate::ring::lab::with_vnodes(a, lab.vnodes));
            Ok(())
        }
        Do::RingCompare(name) => {
            let lab = world.lab();
            let a = name
                .as_deref()
                .map(|n| Algorithm::parse(n, lab.vnodes))
                .transpose()?;
            lab.set_compared(a);
            Ok(())
        }
        Do::RingKeys(k) => {
            world.lab().set_keys(k.into());
            Ok(())
        }
        cluster => {
            let actions = resolve(cluster, world.sim());
            world.act(actions);
            Ok(())
        }
    }
}

/// Set a lab to a ring spec (the scenario's starting ring).
pub fn apply_ring_spec(lab: &mut Lab, spec: &RingSpec, seed: u64) {
    let algo = |name: &str| Algorithm::parse(name, spec.vnodes).ok();
    if let Ok(new) = Lab::restore(
        seed,
        &spec.members,
        algo(&spec.algorithm)
            .map(|a| crate::ring::lab::with_vnodes(a, spec.vnodes))
            .unwrap_or(Algorithm::Ring {
                vnodes: spec.vnodes,
            }),
        spec.compare.as_deref().and_then(algo),
        spec.vnodes,
        spec.replicas,
        (&spec.keys).into(),
    ) {
        *lab = new;
    }
}
