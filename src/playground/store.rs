//! The quorum store as the page plays it (`crate::quorum`): five to nine nodes on the ring,
//! clients that coordinate their own puts and gets, and the same timeline, playback, fault
//! controls, linearizability checker and history view as the Raft cluster. Like
//! `Playground`, plain data: `apply(StoreIntent)` for what a user does and `tick` for wall
//! time passing, read models for what is drawn, `to_link`/`from_link` for share links.

pub mod feed;

use super::read::{history_lanes, HistoryModel, LinOrder, LinVerdict};
use super::{
    judge, Effects, Notice, Problem, Speed, MAX_EVENTS, MAX_TICK_WALL_US, RECORDED_EVENTS,
};
use crate::quorum::{QActor, QInput, QMsg, QView, QuorumConfig, Ring, Version};
use crate::raft::{Load, Op};
use crate::scenario::store::{self as library, StoreScenario, STORE_VNODES};
use crate::scenario::Caption;
use crate::share::{self, limits, Moment, StoreRun};
use crate::sim::{Action, Duration, NodeId, SimTime, Timeline, TimelineError};

/// Nodes the page's store may have.
pub const STORE_NODES: std::ops::RangeInclusive<u8> = 3..=9;
/// Keys the stage shows on the ring (the page's workloads use x, y, z, u, v, w).
const STAGE_KEYS: [&str; 6] = ["x", "y", "z", "u", "v", "w"];

/// Everything a user can do to the store.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreIntent {
    Crash(NodeId),
    Restart(NodeId),
    /// Cut every link to and from a node or client, or heal them.
    Isolate(NodeId),
    Reconnect(NodeId),
    /// Heal everything, then cut these members (nodes and clients) off from the others.
    Partition(Vec<NodeId>),
    HealAll,
    /// Message loss on every link, in percent.
    SetLoss(u32),
    /// The latency range of every link, in milliseconds.
    SetLatency(u32, u32),
    /// Client `i` (0-based) puts the next value on this key, or gets it.
    Put(u8, String),
    Get(u8, String),
    Configure(StoreSetting),
    Play(bool),
    TogglePlay,
    SetSpeed(Speed),
    StepForward,
    StepBack,
    Seek(SimTime),
    NewSeed(u64),
    OpenScenario(String),
    LeaveScenario,
    NextCue,
    PreviousCue,
}

impl StoreIntent {
    /// Whether this changes what happens in the run (not only how it is watched): a
    /// scenario's captions would no longer be true of it.
    pub fn changes_the_run(&self) -> bool {
        matches!(
            self,
            StoreIntent::Crash(_)
                | StoreIntent::Restart(_)
                | StoreIntent::Isolate(_)
                | StoreIntent::Reconnect(_)
                | StoreIntent::Partition(_)
                | StoreIntent::HealAll
                | StoreIntent::SetLoss(_)
                | StoreIntent::SetLatency(..)
                | StoreIntent::Put(..)
                | StoreIntent::Get(..)
                | StoreIntent::Configure(_)
                | StoreIntent::NewSeed(_)
        )
    }
}

/// A setting that defines the store: the run starts again from time zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreSetting {
    Nodes(u8),
    Clients(u8),
    N(u8),
    W(u8),
    R(u8),
    ReadRepair(bool),
    Sloppy(bool),
    WriteBack(bool),
    /// The clients' own workload, or none (operations only from the page's buttons).
    Load(Option<Load>),
}

/// The page's store before anyone changes it: five nodes, two busy clients, N = 3, W = R = 2.
pub fn default_config() -> QuorumConfig {
    QuorumConfig {
        nodes: 5,
        clients: 2,
        vnodes: STORE_VNODES,
        load: Some(Load {
            read_pct: 50,
            keys: 2,
            think_ms: 200,
        }),
        ..QuorumConfig::default()
    }
}

/// The store's playground, built the first time something needs it. Most visits never open
/// the store's view, and building it (its ring, its clients' first operations) was a tenth of
/// the page's work before its first render.
pub struct LazyStore {
    built: std::cell::OnceCell<Store>,
    /// What to build it with: the page's seed, and the speed and playing of its address.
    seed: u64,
    speed: Speed,
    playing: bool,
}

impl LazyStore {
    pub fn new(seed: u64, speed: Speed, playing: bool) -> LazyStore {
        LazyStore {
            built: std::cell::OnceCell::new(),
            seed,
            speed,
            playing,
        }
    }

    fn build(&self) -> Store {
        let mut s = Store::new(self.seed, default_config());
        s.speed = self.speed;
        s.playing = self.playing;
        s
    }

    pub fn get(&self) -> &Store {
        self.built.get_or_init(|| self.build())
    }

    pub fn get_mut(&mut self) -> &mut Store {
        self.get();
        self.built.get_mut().expect("built by get")
    }

    /// Whether it has been built (a page that never showed the store has not).
    pub fn is_built(&self) -> bool {
        self.built.get().is_some()
    }

    /// Use this store from now on (a share link's).
    pub fn set(&mut self, s: Store) {
        self.built = std::cell::OnceCell::from(s);
    }
}

/// A scenario being played: which cue is shown, and where playback stops next.
#[derive(Clone, Debug, PartialEq)]
pub struct StorePlayer {
    pub scenario: StoreScenario,
    /// The cue shown (0-based).
    pub cue: usize,
    /// The viewer changed the run: no caption describes it any more, and the scenario's
    /// later actions were dropped.
    pub off_script: bool,
}

impl StorePlayer {
    pub fn caption(&self) -> &Caption {
        &self.scenario.steps[self.cue].caption
    }
    pub fn cues(&self) -> usize {
        self.scenario.steps.len()
    }
    pub fn finished(&self) -> bool {
        self.cue + 1 >= self.cues()
    }
}

pub struct Store {
    seed: u64,
    config: QuorumConfig,
    timeline: Timeline<QActor>,
    head: SimTime,
    playing: bool,
    speed: Speed,
    /// (operations, answered) when last checked, the verdict and the order found.
    checked: (usize, usize),
    verdict: LinVerdict,
    order: LinOrder,
    scenario: Option<StorePlayer>,
    effects: Effects,
}

impl Store {
    pub fn new(seed: u64, config: QuorumConfig) -> Store {
        let mut s = Store {
            seed,
            timeline: Timeline::new(config.build(seed))
                .with_window(RECORDED_EVENTS)
                .with_max_events(MAX_EVENTS),
            config,
            head: SimTime::ZERO,
            playing: true,
            speed: Speed::default(),
            checked: (0, 0),
            verdict: LinVerdict::default(),
            order: LinOrder::default(),
            scenario: None,
            effects: Effects::default(),
        };
        s.restart();
        s.effects = Effects::default();
        s
    }

    /// The store a share link describes, at the link's moment.
    pub fn from_link(run: &StoreRun) -> Store {
        let mut s = Store::new(run.seed, run.config.clone());
        s.fresh();
        for c in &run.commands {
            if let Err(e) = s.timeline.act_at(c.at, c.action.clone()) {
                s.effects.problems.push(Problem::Run(e));
            }
        }
        let result = s
            .timeline
            .run_until(SimTime(run.moment.head_us))
            .and_then(|()| {
                s.timeline
                    .seek_moment(run.moment.events, SimTime(run.moment.time_us))
            });
        s.note(result);
        s.head = SimTime(run.moment.head_us).max(s.timeline.sim().now());
        s.speed = Speed::from_index(run.speed);
        s.playing = !run.paused;
        if let Some((id, cue)) = &run.scenario {
            if let Some(scenario) = library::find(id) {
                let cue = (*cue as usize).min(scenario.steps.len().saturating_sub(1));
                s.scenario = Some(StorePlayer {
                    scenario,
                    cue,
                    off_script: false,
                });
            }
        }
        s.check();
        s
    }

    /// The run as a share link's data.
    pub fn to_link(&self) -> StoreRun {
        let sim = self.timeline.sim();
        StoreRun {
            seed: self.seed,
            config: self.config.clone(),
            commands: sim.commands().to_vec(),
            moment: Moment {
                events: self.timeline.cursor(),
                time_us: sim.now().as_micros(),
                head_us: self.head.as_micros(),
            },
            speed: self.speed.index(),
            paused: !self.playing,
            // A run taken off its script is free play.
            scenario: self
                .scenario
                .as_ref()
                .filter(|p| !p.off_script)
                .map(|p| (p.scenario.id.to_string(), p.cue as u32)),
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn config(&self) -> &QuorumConfig {
        &self.config
    }
    pub fn timeline(&self) -> &Timeline<QActor> {
        &self.timeline
    }
    pub fn sim(&self) -> &crate::sim::Sim<QActor> {
        self.timeline.sim()
    }
    pub fn playing(&self) -> bool {
        self.playing
    }
    pub fn speed(&self) -> Speed {
        self.speed
    }
    pub fn head(&self) -> SimTime {
        self.head
    }
    pub fn scenario(&self) -> Option<&StorePlayer> {
        self.scenario.as_ref()
    }
    pub fn verdict(&self) -> &LinVerdict {
        &self.verdict
    }

    // ---- Doing ----

    pub fn apply(&mut self, intent: StoreIntent) -> Effects {
        if intent.changes_the_run() {
            if let Some(p) = self.scenario.as_mut().filter(|p| !p.off_script) {
                // The story's later steps would play into a run they were not written for.
                p.off_script = true;
                self.timeline.drop_pending_actions();
            }
        }
        match intent {
            StoreIntent::Crash(id) if self.is_node(id) => self.act_now(vec![Action::Crash(id)]),
            StoreIntent::Restart(id) if self.is_node(id) => self.act_now(vec![Action::Restart(id)]),
            StoreIntent::Isolate(id) if self.is_member(id) => {
                let others: Vec<NodeId> = self.members().filter(|&m| m != id).collect();
                self.act_now(vec![Action::Partition(vec![vec![id], others])]);
            }
            StoreIntent::Reconnect(id) if self.is_member(id) => {
                let actions = self
                    .members()
                    .filter(|&m| m != id)
                    .flat_map(|m| {
                        [
                            Action::Heal { from: id, to: m },
                            Action::Heal { from: m, to: id },
                        ]
                    })
                    .collect();
                self.act_now(actions);
            }
            StoreIntent::Partition(group) => {
                let (a, b): (Vec<NodeId>, Vec<NodeId>) =
                    self.members().partition(|id| group.contains(id));
                if !a.is_empty() && !b.is_empty() {
                    self.act_now(vec![Action::HealAll, Action::Partition(vec![a, b])]);
                }
            }
            StoreIntent::HealAll => self.act_now(vec![Action::HealAll]),
            StoreIntent::SetLoss(percent) => self.act_now(vec![Action::SetLoss {
                ppm: share::ppm_of_percent(percent),
            }]),
            StoreIntent::SetLatency(lo, hi) => {
                let ms = |v: u32| {
                    Duration::from_millis(u64::from(limits::clamp(v, &limits::LATENCY_MS)))
                };
                let (min, max) = (ms(lo.min(hi)), ms(lo.max(hi)));
                self.act_now(vec![Action::SetLatency { min, max }]);
            }
            StoreIntent::Put(i, key) if i < self.config.clients => {
                // The client picks the value (its own numbers, never another client's).
                let value = String::new();
                let client = NodeId(self.config.nodes + i);
                self.act_now(vec![Action::Input(
                    client,
                    QInput::Submit(Op::Put { key, value }),
                )]);
            }
            StoreIntent::Get(i, key) if i < self.config.clients => {
                let client = NodeId(self.config.nodes + i);
                self.act_now(vec![Action::Input(client, QInput::Submit(Op::Get { key }))]);
            }
            StoreIntent::Configure(setting) => {
                self.scenario = None;
                self.configure(setting);
            }
            StoreIntent::Play(on) => self.playing = on,
            StoreIntent::TogglePlay => self.playing = !self.playing,
            StoreIntent::SetSpeed(s) => self.speed = s,
            StoreIntent::StepForward => {
                self.playing = false;
                let result = self.timeline.step().map(|_| ());
                self.note(result);
                self.after_move();
            }
            StoreIntent::StepBack => {
                self.playing = false;
                let back = self.timeline.cursor().saturating_sub(1);
                let result = self.timeline.seek_event(back);
                self.note(result);
                self.after_move();
            }
            StoreIntent::Seek(t) => {
                self.playing = false;
                let result = self.timeline.seek_time(t.min(self.head));
                self.note(result);
                self.after_move();
            }
            StoreIntent::NewSeed(seed) => {
                self.seed = seed;
                self.scenario = None;
                self.restart();
            }
            StoreIntent::OpenScenario(id) => match library::find(&id) {
                Some(s) => self.open_scenario(s),
                None => self.effects.problems.push(Problem::NoScenario(id)),
            },
            StoreIntent::LeaveScenario => self.scenario = None,
            StoreIntent::NextCue => self.next_cue(),
            StoreIntent::PreviousCue => self.previous_cue(),
            // A node or client that does not exist (a stale click after a settings change).
            StoreIntent::Crash(_)
            | StoreIntent::Restart(_)
            | StoreIntent::Isolate(_)
            | StoreIntent::Reconnect(_)
            | StoreIntent::Put(..)
            | StoreIntent::Get(..) => {}
        }
        std::mem::take(&mut self.effects)
    }

    /// Wall time passed (µs): play on by as much virtual time as the speed says. A scenario
    /// stops where its current cue ends.
    pub fn tick(&mut self, wall_us: u64) -> Effects {
        if self.playing {
            let advance = wall_us.min(MAX_TICK_WALL_US) * self.speed.micros_per_wall_ms() / 1000;
            let mut target = self.timeline.sim().now() + Duration(advance);
            if let Some(p) = self.scenario.as_ref().filter(|p| !p.off_script) {
                // Just before the next cue's actions, which its caption introduces.
                let stop = SimTime(p.scenario.stop(p.cue).0.saturating_sub(1));
                if target >= stop {
                    target = stop;
                    self.playing = false;
                }
            }
            self.run_until(target);
        }
        std::mem::take(&mut self.effects)
    }

    fn is_node(&self, id: NodeId) -> bool {
        id.0 < self.config.nodes
    }

    fn is_member(&self, id: NodeId) -> bool {
        id.0 < self.config.nodes + self.config.clients
    }

    fn members(&self) -> impl Iterator<Item = NodeId> {
        (0..self.config.nodes + self.config.clients).map(NodeId)
    }

    fn configure(&mut self, setting: StoreSetting) {
        let c = &mut self.config;
        let (w, r) = (c.w, c.r);
        let sets_quorum = matches!(setting, StoreSetting::W(_) | StoreSetting::R(_));
        match setting {
            StoreSetting::Nodes(n) => {
                c.nodes = n.clamp(*STORE_NODES.start(), *STORE_NODES.end());
                c.n = c.n.min(c.nodes);
            }
            StoreSetting::Clients(n) => c.clients = n.clamp(1, 5),
            StoreSetting::N(n) => c.n = n.clamp(1, c.nodes),
            StoreSetting::W(w) => c.w = w.clamp(1, c.n),
            StoreSetting::R(r) => c.r = r.clamp(1, c.n),
            StoreSetting::ReadRepair(on) => c.read_repair = on,
            StoreSetting::Sloppy(on) => c.sloppy = on,
            StoreSetting::WriteBack(on) => c.write_back = on,
            StoreSetting::Load(load) => {
                c.load = load.map(|l| Load {
                    read_pct: l.read_pct.min(100),
                    keys: l.keys.clamp(*Load::KEYS.start(), *Load::KEYS.end()),
                    think_ms: l
                        .think_ms
                        .clamp(*Load::THINK_MS.start(), *Load::THINK_MS.end()),
                })
            }
        }
        c.w = c.w.clamp(1, c.n);
        c.r = c.r.clamp(1, c.n);
        let lowered = !sets_quorum && (c.w < w || c.r < r);
        let (n, w, r) = (c.n, c.w, c.r);
        let dropped = self.timeline.sim().commands().len() as u32;
        self.restart();
        self.effects.notice = Some(if lowered {
            Notice::QuorumsLowered { dropped, n, w, r }
        } else {
            Notice::Restarted { dropped }
        });
    }

    /// A new run from time zero with the current seed and settings.
    fn restart(&mut self) {
        self.fresh();
        self.run_until(SimTime::ZERO);
    }

    /// A new timeline with nothing run yet (actions at time zero may still be scheduled).
    fn fresh(&mut self) {
        self.timeline = Timeline::new(self.config.build(self.seed))
            .with_window(RECORDED_EVENTS)
            .with_max_events(MAX_EVENTS);
        self.head = SimTime::ZERO;
        self.checked = (0, 0);
        self.verdict = LinVerdict::default();
        self.order = LinOrder::default();
    }

    fn open_scenario(&mut self, scenario: StoreScenario) {
        self.seed = scenario.seed;
        self.config = scenario.config.clone();
        self.fresh();
        for step in &scenario.steps {
            for c in &step.actions {
                if let Err(e) = self.timeline.act_at(c.at, c.action.clone()) {
                    self.effects.problems.push(Problem::Run(e));
                }
            }
        }
        self.scenario = Some(StorePlayer {
            scenario,
            cue: 0,
            off_script: false,
        });
        self.playing = true;
        self.run_until(SimTime::ZERO);
    }

    /// Paused inside the current cue's part of the run with something left to happen in it,
    /// play the rest of it; otherwise show the next cue and play its part (first to the end
    /// of the current one, if "next" came early).
    fn next_cue(&mut self) {
        let Some(p) = self.scenario.as_ref().filter(|p| !p.off_script) else {
            return;
        };
        let stop = p.scenario.stop(p.cue);
        // Paused inside the cue's part of the run (opened paused, or paused by hand): play
        // the rest of it, which its caption announces, as Next does in the cluster's stories;
        // with nothing left to happen in it (stepped to its last event), go on to the next
        // cue (the last cue's part plays to its end: there is nothing to go on to).
        let sim = self.timeline.sim();
        let quiet = sim.next_time().is_none_or(|t| t >= stop) && !p.finished();
        let rest = sim.now().0 + 1 < stop.0 && !quiet;
        if !self.playing && rest {
            self.playing = true;
            return;
        }
        if p.finished() {
            // The last cue, playing: on to its end at once, as Next goes on to any other
            // cue (a presenter never waits for the story to catch up).
            let end = SimTime(stop.0.saturating_sub(1));
            if self.playing && self.timeline.sim().now() < end {
                self.run_until(end);
                self.playing = false;
            }
            return;
        }
        if self.timeline.sim().now() < stop {
            self.run_until(stop);
        }
        if let Some(p) = &mut self.scenario {
            p.cue += 1;
        }
        self.playing = true;
    }

    /// Back to the start of the previous cue; off script, the story is played again from its
    /// start up to there.
    fn previous_cue(&mut self) {
        if let Some(p) = self.scenario.as_ref().filter(|p| p.off_script) {
            let (scenario, cue) = (p.scenario.clone(), p.cue.saturating_sub(1));
            let start = scenario.steps[cue].at;
            self.open_scenario(scenario);
            self.run_until(start);
            if let Some(p) = &mut self.scenario {
                p.cue = cue;
            }
            return;
        }
        let Some(p) = &mut self.scenario else {
            return;
        };
        p.cue = p.cue.saturating_sub(1);
        let start = p.scenario.steps[p.cue].at;
        let result = self.timeline.seek_time(start);
        self.note(result);
        self.after_move();
        self.playing = true;
    }

    fn act_now(&mut self, actions: Vec<Action<QInput>>) {
        let due = self.timeline.sim().earliest_command_time();
        let mut forked = false;
        for action in actions {
            match self.timeline.act(action) {
                Ok(f) => forked |= f,
                Err(e) => self.effects.problems.push(Problem::Run(e)),
            }
        }
        if forked {
            self.head = self.timeline.sim().now();
            self.effects.notice = Some(Notice::Forked);
            // A scenario's later actions were part of the discarded future.
            if let Some(p) = &mut self.scenario {
                p.off_script = true;
            }
        }
        let now = self.timeline.sim().earliest_command_time().max(due);
        self.run_until(now);
    }

    fn run_until(&mut self, t: SimTime) {
        let result = self.timeline.run_until(t);
        self.note(result);
        self.head = self.head.max(self.timeline.sim().now());
        self.check();
    }

    fn after_move(&mut self) {
        let now = self.timeline.sim().now();
        self.head = self.head.max(now);
        // The caption follows the cursor: the cue whose part of the run holds this moment
        // (a step forward past a cue's end is in the next one's, its actions under way).
        if let Some(p) = self.scenario.as_mut().filter(|p| !p.off_script) {
            p.cue = p
                .scenario
                .steps
                .iter()
                .filter(|s| s.at <= now)
                .count()
                .saturating_sub(1);
        }
        self.check();
    }

    fn note(&mut self, result: Result<(), TimelineError>) {
        if let Err(e) = result {
            self.effects.problems.push(Problem::Run(e));
            self.playing = false;
        }
    }

    /// Judge the clients' history again when an operation was invoked or answered.
    fn check(&mut self) {
        // Counted in place (every frame); copied and judged only when something changed.
        let (mut ops, mut answered) = (0, 0);
        for h in self.ops() {
            ops += 1;
            answered += usize::from(h.completed.is_some());
        }
        if self.checked == (ops, answered) && ops > 0 {
            return;
        }
        self.checked = (ops, answered);
        let history = crate::quorum::history(self.timeline.sim());
        let budget = crate::check::linearizability::Budget::default();
        let (verdict, order) = crate::check::linearizability::check_with_order(&history, budget);
        let (verdict, order) = judge(history.len(), verdict, order);
        self.verdict = verdict;
        self.order = order;
    }

    // ---- Read models ----

    /// The clients' history, as the history view draws it.
    pub fn history(&self) -> HistoryModel {
        let sim = self.timeline.sim();
        let clients = sim
            .nodes()
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.as_client().map(|c| (NodeId(i as u8), c.history())));
        HistoryModel {
            lanes: history_lanes(clients, &self.order),
            end: sim.now(),
            verdict: self.verdict.clone(),
        }
    }

    /// The ring, its nodes and clients, and the messages on their way, at the cursor.
    pub fn stage(&self) -> StoreStage {
        let sim = self.timeline.sim();
        let now = sim.now();
        let ring = Ring::new(self.config.nodes, self.config.vnodes);
        let tokens = ring.tokens();
        let net = sim.network();
        let members: Vec<NodeId> = self.members().collect();
        let isolated = |id: NodeId| {
            members
                .iter()
                .filter(|&&m| m != id)
                .all(|&m| !net.is_up(id, m) && !net.is_up(m, id))
        };
        let nodes = (0..self.config.nodes)
            .map(NodeId)
            .map(|id| {
                let (data, hints) = match &sim.views()[usize::from(id.0)] {
                    QView::Replica(v) => (
                        v.store
                            .iter()
                            .map(|(k, (ver, val))| StoreValue {
                                key: k.clone(),
                                value: val.clone(),
                                version: *ver,
                                owner: None,
                            })
                            .collect(),
                        v.hints
                            .iter()
                            .map(|((owner, k), (ver, val))| StoreValue {
                                key: k.clone(),
                                value: val.clone(),
                                version: *ver,
                                owner: Some(*owner),
                            })
                            .collect(),
                    ),
                    QView::Client(_) => (Vec::new(), Vec::new()),
                };
                StoreNode {
                    id,
                    token: tokens
                        .iter()
                        .find(|(_, n)| *n == id)
                        .map_or(0, |(at, _)| *at),
                    up: sim.is_alive(id),
                    isolated: isolated(id),
                    data,
                    hints,
                }
            })
            .collect();
        let clients = self
            .config
            .client_ids()
            .map(|id| {
                let c = sim.node(id).as_client();
                let doing = c.and_then(|c| {
                    c.history()
                        .iter()
                        .rev()
                        .find(|h| h.completed.is_none())
                        .filter(|_| {
                            matches!(&sim.views()[usize::from(id.0)],
                                QView::Client(v) if v.outstanding.is_some())
                        })
                        .map(|h| super::read::op_text(&h.op))
                });
                let (completed, gave_up) = match &sim.views()[usize::from(id.0)] {
                    QView::Client(v) => (v.completed, v.gave_up),
                    QView::Replica(_) => (0, 0),
                };
                StoreClient {
                    id,
                    doing,
                    completed,
                    gave_up,
                    isolated: isolated(id),
                }
            })
            .collect();
        let keys = STAGE_KEYS
            .iter()
            .take(self.shown_keys())
            .map(|k| StoreKey {
                name: (*k).to_string(),
                position: Ring::position(k),
                preference: ring
                    .order(k)
                    .into_iter()
                    .take(usize::from(self.config.n))
                    .collect(),
            })
            .collect();
        let flights = sim
            .in_flight()
            .filter(|e| e.arrives_at > now && e.sent_at <= now)
            .map(|e| {
                let span = (e.arrives_at - e.sent_at).as_micros().max(1);
                let done = (now - e.sent_at).as_micros();
                Flight {
                    from: e.from,
                    to: e.to,
                    kind: e.msg.kind(),
                    key: match &e.msg {
                        QMsg::Read { key, .. }
                        | QMsg::Write { key, .. }
                        | QMsg::Handoff { key, .. }
                        | QMsg::HandoffAck { key, .. } => Some(key.clone()),
                        _ => None,
                    },
                    progress: (done * 1000 / span) as u16,
                    lost: e.lost,
                }
            })
            .collect();
        StoreStage {
            now,
            nodes,
            clients,
            keys,
            flights,
            drops: super::read::recent_drops(&self.timeline, self.speed),
            cut: net.cut_links(),
            n: self.config.n,
            w: self.config.w,
            r: self.config.r,
        }
    }

    /// Every client's operations, in client order, without copying them.
    fn ops(&self) -> impl Iterator<Item = &crate::raft::HistoryOp> {
        self.timeline
            .sim()
            .nodes()
            .iter()
            .filter_map(QActor::as_client)
            .flat_map(|c| c.history())
    }

    /// The keys the workload touches (at least x, the key the page's buttons use).
    fn shown_keys(&self) -> usize {
        let used = self
            .ops()
            .map(|h| {
                STAGE_KEYS
                    .iter()
                    .position(|k| *k == h.op.key())
                    .map_or(0, |i| i + 1)
            })
            .max()
            .unwrap_or(0);
        let load = self.config.load.map_or(1, |l| usize::from(l.keys));
        used.max(load).clamp(1, STAGE_KEYS.len())
    }
}

impl StoreStage {
    /// The members (nodes, then clients) split into sides, when the cut links are exactly a
    /// partition: every link between two sides cut both ways, none within a side. The stage
    /// then draws the sides instead of every cut link (a mesh no one can read). `None` for no
    /// cuts, or cuts of another shape (one link, one way).
    pub fn sides(&self) -> Option<Vec<Vec<NodeId>>> {
        let members: Vec<NodeId> = self
            .nodes
            .iter()
            .map(|n| n.id)
            .chain(self.clients.iter().map(|c| c.id))
            .collect();
        sides_of(&members, &self.cut)
    }
}

/// `StoreStage::sides` for these members and cut links (each a direction cut).
fn sides_of(members: &[NodeId], cut: &[(NodeId, NodeId)]) -> Option<Vec<Vec<NodeId>>> {
    if cut.is_empty() {
        return None;
    }
    // (Sorted for binary search: the stage asks on every frame of a partition.)
    let mut sorted = cut.to_vec();
    crate::sim::sort::sort(&mut sorted);
    let is_cut = |a: NodeId, b: NodeId| sorted.binary_search(&(a, b)).is_ok();
    let up = |a: NodeId, b: NodeId| !is_cut(a, b) && !is_cut(b, a);
    let down = |a: NodeId, b: NodeId| is_cut(a, b) && is_cut(b, a);
    // Sides grow from each member not yet placed: its side is everyone it reaches.
    let mut side_of: Vec<Option<usize>> = vec![None; members.len()];
    let mut sides: Vec<Vec<NodeId>> = Vec::new();
    for i in 0..members.len() {
        if side_of[i].is_some() {
            continue;
        }
        let k = sides.len();
        side_of[i] = Some(k);
        let mut side = vec![members[i]];
        let mut next = 0;
        while next < side.len() {
            let a = side[next];
            next += 1;
            for (j, &b) in members.iter().enumerate() {
                if side_of[j].is_none() && up(a, b) {
                    side_of[j] = Some(k);
                    side.push(b);
                }
            }
        }
        sides.push(side);
    }
    let clean = members.iter().enumerate().all(|(i, &a)| {
        members.iter().enumerate().all(|(j, &b)| {
            i == j
                || if side_of[i] == side_of[j] {
                    up(a, b)
                } else {
                    down(a, b)
                }
        })
    });
    (sides.len() > 1 && clean).then(|| {
        sides.iter_mut().for_each(|s| crate::sim::sort::sort(s));
        sides
    })
}

#[derive(Clone, Debug, PartialEq)]
pub struct StoreStage {
    pub now: SimTime,
    pub nodes: Vec<StoreNode>,
    pub clients: Vec<StoreClient>,
    pub keys: Vec<StoreKey>,
    pub flights: Vec<Flight>,
    /// Messages that died recently (lost, or dropped by a cut link or a down node): each
    /// drawn as a ✕ that fades.
    pub drops: Vec<super::read::Drop>,
    pub cut: Vec<(NodeId, NodeId)>,
    pub n: u8,
    pub w: u8,
    pub r: u8,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StoreNode {
    pub id: NodeId,
    /// Where its token stands on the ring.
    pub token: u64,
    pub up: bool,
    pub isolated: bool,
    pub data: Vec<StoreValue>,
    /// Values kept for another node (sloppy quorum).
    pub hints: Vec<StoreValue>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StoreValue {
    pub key: String,
    pub value: Option<String>,
    pub version: Version,
    /// For a hint: the node it belongs to.
    pub owner: Option<NodeId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StoreClient {
    pub id: NodeId,
    /// The operation it is coordinating, if any.
    pub doing: Option<String>,
    pub completed: u64,
    pub gave_up: u64,
    pub isolated: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StoreKey {
    pub name: String,
    pub position: u64,
    /// Its first N nodes clockwise.
    pub preference: Vec<NodeId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub from: NodeId,
    pub to: NodeId,
    pub kind: &'static str,
    pub key: Option<String>,
    /// How far along, in thousandths.
    pub progress: u16,
    /// The network will drop it halfway.
    pub lost: bool,
}

#[cfg(test)]
mod tests {
    use super::sides_of;
    use crate::sim::NodeId;

    /// Both directions of every link between the groups cut.
    fn split(groups: &[&[u8]]) -> Vec<(NodeId, NodeId)> {
        let mut cut = Vec::new();
        for (i, g) in groups.iter().enumerate() {
            for h in &groups[i + 1..] {
                for &a in *g {
                    for &b in *h {
                        cut.push((NodeId(a), NodeId(b)));
                        cut.push((NodeId(b), NodeId(a)));
                    }
                }
            }
        }
        cut
    }

    fn ids(v: &[u8]) -> Vec<NodeId> {
        v.iter().map(|&i| NodeId(i)).collect()
    }

    #[test]
    fn a_partition_is_drawn_as_its_sides_and_other_cuts_as_links() {
        let members = ids(&[0, 1, 2, 3, 4, 5, 6]);
        // The sloppy-quorum scenario's split: nodes 0, 3, 4 and client 5 | nodes 1, 2, client 6.
        let cut = split(&[&[0, 3, 4, 5], &[1, 2, 6]]);
        assert_eq!(
            sides_of(&members, &cut),
            Some(vec![ids(&[0, 3, 4, 5]), ids(&[1, 2, 6])])
        );
        // A node cut off from everyone, and a pair split from the rest: three sides.
        let cut = split(&[&[2], &[0, 5], &[1, 3, 4, 6]]);
        assert_eq!(sides_of(&members, &cut).map(|s| s.len()), Some(3));
        // No cuts; one link cut (both ways); one direction of a partition left up; a link
        // cut inside a side: not a partition, drawn link by link.
        assert_eq!(sides_of(&members, &[]), None);
        let one = [(NodeId(0), NodeId(1)), (NodeId(1), NodeId(0))];
        assert_eq!(sides_of(&members, &one), None);
        let mut one_way = split(&[&[0, 3, 4, 5], &[1, 2, 6]]);
        one_way.retain(|&(a, b)| !(a == NodeId(1) && b == NodeId(0)));
        assert_eq!(sides_of(&members, &one_way), None);
        let mut inside = split(&[&[0, 3, 4, 5], &[1, 2, 6]]);
        inside.push((NodeId(3), NodeId(4)));
        assert_eq!(sides_of(&members, &inside), None);
    }
}
