//! One playground: the run a user is looking at and everything that goes with it, as plain
//! data with no browser in sight. It holds the seed and the cluster, the timeline of the run
//! (which rewinds and forks), the safety checker and the narration that watch every new
//! event, the ring lab, the guided scenario being played and the playback state.
//!
//! The page and the tests drive it the same way: `apply(Intent)` for everything a user can do
//! and `tick` for the passing of wall time; both return `Effects`, what the page should do
//! beyond redrawing. What is drawn comes from the read models in `read.rs`.

mod intent;
mod narration;
pub mod page;
mod read;
pub mod store;
mod strip;
mod trace;

pub use intent::{Intent, KeyKind, LinkCmd, NodeCmd, RingIntent, Setting};
pub use narration::{FeedItem, Happening, Narration, ReadWay};
pub use page::{Lang, Speed, Theme, View};
pub use read::{
    command_text, op_outcome_text, op_text, Arrow, Drop, HistoryBar, HistoryLane, HistoryModel,
    LinOrder, LinProblem, LinVerdict, LinkDirection, LinkFacts, LinkState, LogCell, LogsModel,
    Mark, MarkKind, NodeFacts, NodeState, QuorumState, SafetyRow, SafetySummary, ServerLog,
    StageModel, Stats, StripModel,
};
pub use read::{STRIP_MAX, STRIP_WINDOW};
pub use strip::{StripCanvas, StripDraw};
pub use trace::{action_text, trace_json};

use crate::check::linearizability::{self, Verdict};
use crate::check::SafetyChecker;
use crate::raft::{Actor, ClusterConfig, HistoryOp, Input, Load, Op, RaftSim, Role};
use crate::ring::lab::{KeySet, Lab, DEFAULT_WEIGHT, MAX_LAB_KEYS};
use crate::ring::{Algorithm, RingError};
use crate::scenario::{self, Player, Scenario, World};
use crate::share::{self, limits, ClusterSpec, Moment, RingSpec, Run, ViewSpec};
use crate::sim::{Action, Duration, NodeId, Sim, SimTime, Timeline, TimelineError, Trace};
use std::cell::OnceCell;

/// Events one run may have: many hours at 20× with nine servers. Memory does not grow with
/// them (the timeline records a window of recent events and replays older moments from
/// snapshots); this bounds how long a seek to the far past can take. Past it the run stops
/// and says so; a new seed or a share link starts afresh.
pub const MAX_EVENTS: u64 = 10_000_000;
/// Events recorded in full (for the strip, the inspector and exact replay checks): about
/// 18 MiB with nine busy servers. Older moments are replayed from sparse snapshots.
pub const RECORDED_EVENTS: u64 = 20_000;
/// A background tab resumes with a huge gap between frames; never jump further at once.
pub const MAX_TICK_WALL_US: u64 = 100_000;
/// About how long (wall ms) a scenario takes from one cue to the next, whatever the span of
/// virtual time between them.
const STRETCH_WALL_MS: u64 = 5_000;
/// A scenario's pace, in virtual µs per wall ms at 1×: between 0.5× and 20×, and no faster
/// than 2× while an election is under way, the part worth watching.
const SCENARIO_RATE: std::ops::RangeInclusive<u64> = 25..=1_000;
const ELECTION_RATE: u64 = 100;
/// The pace of a stretch whose length is not known in advance (it starts a new run).
const DEFAULT_SCENARIO_RATE: u64 = 250;
/// Keys a new ring lab draws.
const DEFAULT_KEYS: u64 = 2_000;
const DEFAULT_VNODES: u32 = 100;
/// The hot key set's distinct keys.
const HOT_DISTINCT: u64 = 200;

/// What the page should do after an intent or a tick, beyond drawing the new state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Effects {
    /// The ring lab changed: draw its pictures again. Holds the node that just left, if one
    /// did, so its keys can be seen leaving it.
    pub ring: Option<RingRedraw>,
    pub notice: Option<Notice>,
    pub problems: Vec<Problem>,
    /// A scenario asks for this view.
    pub view: Option<View>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RingRedraw {
    /// (stable id, name) of a node removed by this change.
    pub removed: Option<(u32, String)>,
}

/// News for a status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Acting in the past discarded the old future.
    Forked,
    /// A cluster setting started the run again from time zero, without the actions the
    /// reader had taken in the run before (how many).
    Restarted { dropped: u32 },
    /// As `Restarted`, the store's N lowered (or its nodes fewer) and W or R with it: neither
    /// can exceed N.
    QuorumsLowered { dropped: u32, n: u8, w: u8, r: u8 },
    /// The reader cancelled opening a long run (a share link or a file): the run before it
    /// stays.
    OpeningCancelled,
    /// A link held a run beside a `scenario=` the run does not have: the run was opened as it
    /// was saved, and the scenario left unused.
    RunOverSettings,
}

/// Something that went wrong, for the page to show in the reader's language.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The simulation hit one of its bounds (queue, length of the run).
    Run(TimelineError),
    /// The ring lab refused a change.
    Ring(RingError),
    /// The ring refused these actions of a scenario step (its other actions were done).
    Step(Vec<RingError>),
    /// A store scenario of this name is not in the library.
    NoScenario(String),
}

pub struct Playground {
    seed: u64,
    config: ClusterConfig,
    timeline: Timeline<Actor>,
    /// Raft's safety properties, checked after every new event of the run.
    checker: SafetyChecker,
    narration: Narration,
    /// The latest virtual time reached, so the scrubber's end stays put while rewound.
    head: SimTime,
    /// The hash ring's lab, built when first looked at (`lab`, `lab_mut`): the cluster view
    /// never needs it, and hashing its keys costs a cold page tens of milliseconds before the
    /// first picture. Until then it is, by construction, the default lab of this seed and
    /// these servers, in step with the cluster (`fresh_lab`): the same ring as a lab kept from
    /// the start. Only its readout of the last change can differ: a lab built late shows the
    /// change that put it in step (the last crashed server going down), not the latest crash
    /// or restart.
    lab: OnceCell<Lab>,
    /// The text of the named key set, kept while another key set is shown.
    named_keys: String,
    scenario: Option<Player>,
    /// The pace of the scenario's current stretch (virtual µs per wall ms at 1×).
    stretch_rate: u64,
    playing: bool,
    speed: Speed,
    /// The clients' history as last checked: (operations, answered) and the verdict.
    linearizability: ((usize, usize), LinVerdict),
    /// The clients' operations as the history view draws them (see `check_history`).
    lin_order: LinOrder,
    /// The linearizability check of the run's growing history, and the run (generation)
    /// and event it was last made at.
    lin: linearizability::Incremental,
    lin_checked: (u64, u64),
    /// Counts new runs (restart, fork, load), so a reader can tell a new run from a later
    /// moment of the same one.
    generation: u64,
    effects: Effects,
}

impl Playground {
    /// A playground for this seed and cluster, with a ring lab of the same servers.
    pub fn new(seed: u64, config: ClusterConfig) -> Playground {
        let mut pg = Playground {
            seed,
            timeline: Timeline::new(config.build(seed)).with_window(RECORDED_EVENTS),
            config,
            checker: SafetyChecker::new(),
            narration: Narration::default(),
            head: SimTime::ZERO,
            lab: OnceCell::new(),
            named_keys: String::new(),
            scenario: None,
            stretch_rate: DEFAULT_SCENARIO_RATE,
            playing: true,
            speed: Speed::default(),
            linearizability: ((0, 0), LinVerdict::default()),
            lin_order: LinOrder::default(),
            lin: linearizability::Incremental::default(),
            lin_checked: (0, 0),
            generation: 0,
            effects: Effects::default(),
        };
        pg.restart();
        pg.effects = Effects::default();
        pg
    }

    /// The playground a URL's settings describe (a scenario named there is opened).
    pub fn from_params(params: &page::Params) -> Playground {
        let mut pg = Playground::new(params.seed, params.cluster());
        pg.speed = params.speed;
        if let Some(s) = params.scenario.as_deref().and_then(scenario::find) {
            pg.open_scenario(s);
        }
        // `paused=1` opens a scenario at its start, waiting for "next". Otherwise it plays
        // to its first cue, which it may have reached already (the hash ring's scenarios
        // have theirs at 0 ms): it waits there, as it would in the page.
        if params.paused {
            pg.playing = false;
        }
        pg.effects = Effects::default();
        pg
    }

    /// The run a share link or file describes: the cluster rebuilt from its seed and
    /// settings, its commands replayed up to where it was computed, the cursor on its moment.
    /// A run that does not fit is refused with the reason, and nothing else changes.
    /// (In one piece: the page opens a long run with `Opening`, a slice per frame.)
    pub fn from_run(run: &Run) -> Result<Playground, share::ShareError> {
        let mut opening = Opening::start(run.clone())?;
        opening.advance(u64::MAX);
        opening.finish().map(|(pg, _)| pg)
    }

    // ---- What it holds ----

    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }
    pub fn servers(&self) -> u8 {
        self.config.servers
    }
    pub fn timeline(&self) -> &Timeline<Actor> {
        &self.timeline
    }
    pub fn sim(&self) -> &RaftSim {
        self.timeline.sim()
    }
    pub fn checker(&self) -> &SafetyChecker {
        &self.checker
    }
    pub fn narration(&self) -> &Narration {
        &self.narration
    }
    pub fn lab(&self) -> &Lab {
        self.lab.get_or_init(|| self.fresh_lab())
    }

    fn lab_mut(&mut self) -> &mut Lab {
        if self.lab.get().is_none() {
            self.lab = OnceCell::from(self.fresh_lab());
        }
        self.lab.get_mut().expect("the lab was built above")
    }

    /// The ring as a run carries it. The page saves the run after every click, so a lab no
    /// one has looked at is described without being built (`fresh_lab` is what it would be).
    fn ring_spec(&self) -> RingSpec {
        let Some(lab) = self.lab.get() else {
            let sim = self.timeline.sim();
            return RingSpec {
                members: (0..self.config.servers)
                    .map(NodeId)
                    .map(|id| (id.to_string(), DEFAULT_WEIGHT, sim.is_alive(id)))
                    .collect(),
                algorithm: Algorithm::Ring {
                    vnodes: DEFAULT_VNODES,
                }
                .name()
                .into(),
                compare: None,
                vnodes: DEFAULT_VNODES,
                replicas: 1,
                keys: share::KeySpec::Uniform {
                    count: DEFAULT_KEYS,
                },
            };
        };
        RingSpec {
            members: lab
                .members
                .list()
                .iter()
                .map(|m| (m.name.clone(), m.weight, m.up))
                .collect(),
            algorithm: lab.algorithm().name().into(),
            compare: lab.compared().map(|a| a.name().into()),
            vnodes: lab.vnodes,
            replicas: lab.replicas,
            keys: (&lab.key_set).into(),
        }
    }

    /// The lab as it stands when no one has looked at it yet: the default one of this seed and
    /// these servers, with a ring node down exactly while its server is crashed (marked down in
    /// order, so its last change is the last of them going down).
    fn fresh_lab(&self) -> Lab {
        let mut lab = Lab::new(
            self.seed,
            u32::from(self.config.servers),
            DEFAULT_VNODES,
            DEFAULT_KEYS,
        );
        for (id, up) in scenario::ring_out_of_sync(self.timeline.sim(), &lab, self.config.servers) {
            // The lab's own N1 … Nn: a refusal cannot happen, and the cluster is the truth.
            let _ = lab.set_up(id, up);
        }
        lab
    }
    pub fn named_keys(&self) -> &str {
        &self.named_keys
    }
    pub fn scenario(&self) -> Option<&Player> {
        self.scenario.as_ref()
    }
    pub fn playing(&self) -> bool {
        self.playing
    }
    pub fn speed(&self) -> Speed {
        self.speed
    }
    /// The latest moment computed (the end of the scrubber).
    pub fn head(&self) -> SimTime {
        self.head.max(self.timeline.sim().now())
    }
    pub fn generation(&self) -> u64 {
        self.generation
    }
    /// The linearizability of the clients' history at the cursor.
    pub fn linearizability(&self) -> &LinVerdict {
        &self.linearizability.1
    }
    /// The order behind that verdict.
    pub fn lin_order(&self) -> &LinOrder {
        &self.lin_order
    }

    // ---- Doing ----

    /// Carry out what a user asked for.
    pub fn apply(&mut self, intent: Intent) -> Effects {
        // A server's or a link's command that would change nothing leaves the story on
        // script: `act_for_viewer` takes it off only if something is done.
        let maybe_nothing = matches!(
            intent,
            Intent::Node(..) | Intent::Link(..) | Intent::HealAll
        );
        if intent.changes_the_run() && !maybe_nothing {
            self.leave_script();
        }
        match intent {
            Intent::Node(id, cmd) => {
                let actions = self.node_actions(id, cmd);
                self.act_for_viewer(actions);
            }
            Intent::Link(a, b, cmd) => {
                let actions = self.link_actions(a, b, cmd);
                self.act_for_viewer(actions);
            }
            Intent::Partition(group) => {
                let servers = self.server_ids();
                let (a, b): (Vec<NodeId>, Vec<NodeId>) =
                    servers.into_iter().partition(|id| group.contains(id));
                if !a.is_empty() && !b.is_empty() {
                    self.act_now(vec![Action::HealAll, Action::Partition(vec![a, b])]);
                }
            }
            Intent::HealAll => self.act_for_viewer(vec![Action::HealAll]),
            Intent::SetLoss(percent) => self.act_now(vec![Action::SetLoss {
                ppm: share::ppm_of_percent(percent),
            }]),
            Intent::SetLatency(lo, hi) => {
                let (min, max) = latency_range(lo, hi);
                self.act_now(vec![Action::SetLatency { min, max }]);
            }
            Intent::ClientWrite => {
                let op = self.next_write();
                self.act_now(vec![Action::Input(self.client(), Input::Submit(op))]);
            }
            Intent::Configure(setting) => self.configure(setting),
            Intent::Ring(r) => self.ring_intent(r),
            Intent::Play(on) => self.playing = on,
            Intent::TogglePlay => self.playing = !self.playing,
            Intent::SetSpeed(s) => self.speed = s,
            Intent::StepForward => {
                self.playing = false;
                // The next thing to happen may be the scenario's own step (a crash, a heal): it
                // is carried out at its moment, as playing would, so that the run keeps to the
                // story its captions tell.
                match self.step_due() {
                    Some(at) => {
                        self.play_step(at);
                        self.sync_ring();
                    }
                    None => self.step_observed(),
                }
                self.after_move();
            }
            Intent::StepBack => {
                self.playing = false;
                let back = self.timeline.cursor().saturating_sub(1);
                let result = self.timeline.seek_event(back);
                self.note(result);
                self.after_move();
            }
            Intent::Seek(t) => {
                self.playing = false;
                let result = self.timeline.seek_time(t.min(self.head()));
                self.note(result);
                self.after_move();
            }
            Intent::SeekEvent(event) => {
                self.playing = false;
                let result = self.timeline.seek_event(event + 1);
                self.note(result);
                self.after_move();
            }
            Intent::NewSeed(seed) => {
                self.seed = seed;
                self.restart();
                // The ring's random keys come from the seed too: a shared run rebuilds them
                // from it.
                if let Some(lab) = self.lab.get_mut() {
                    lab.reseed(seed);
                }
                self.ring_changed(None);
            }
            Intent::OpenScenario(s) => self.open_scenario(*s),
            Intent::LeaveScenario => self.scenario = None,
            Intent::NextCue => self.next_cue(),
            Intent::PreviousCue => self.previous_cue(),
        }
        std::mem::take(&mut self.effects)
    }

    /// Wall time passed (in microseconds): play on by as much virtual time as the speed says.
    pub fn tick(&mut self, wall_us: u64) -> Effects {
        if self.playing {
            // A scenario has a pace of its own; the speed menu scales it (1× keeps it).
            let rate = match self.scenario {
                Some(_) => {
                    let pace = if self.electing() {
                        self.stretch_rate.min(ELECTION_RATE)
                    } else {
                        self.stretch_rate
                    };
                    pace * self.speed.micros_per_wall_ms() / Speed::default().micros_per_wall_ms()
                }
                None => self.speed.micros_per_wall_ms(),
            };
            let advance = wall_us.min(MAX_TICK_WALL_US) * rate / 1000;
            let target = self.timeline.sim().now() + Duration(advance);
            if self.scenario.is_some() {
                self.scenario_tick(target);
                self.sync_caption();
            } else {
                self.run_until(target);
                self.sync_ring();
            }
        }
        std::mem::take(&mut self.effects)
    }

    /// The run as data, with the page's view settings, for a share link or a file.
    pub fn to_run(&self, view: View, lang: Lang, theme: Theme) -> Run {
        let sim = self.timeline.sim();
        Run {
            version: share::VERSION,
            seed: self.seed,
            cluster: ClusterSpec::of(&self.config),
            commands: sim.commands().to_vec(),
            moment: Moment {
                events: self.timeline.cursor(),
                time_us: sim.now().0,
                head_us: self.head().0,
            },
            view: ViewSpec {
                view: view.name().into(),
                lang: lang.name().into(),
                theme: theme.name().into(),
                speed: self.speed.index(),
                paused: !self.playing,
            },
            ring: self.ring_spec(),
            // Built-in scenarios travel by name, with the step the viewer has reached.
            scenario: self
                .scenario
                .as_ref()
                .filter(|p| scenario::find(&p.scenario.id).is_some() && !p.off_script)
                .map(|p| (p.scenario.id.clone(), p.next as u32)),
        }
    }

    // ---- The run ----

    /// Start the run again from time zero with the current seed and cluster settings.
    fn restart(&mut self) {
        self.timeline = Timeline::new(self.config.build(self.seed))
            .with_max_events(MAX_EVENTS)
            .with_window(RECORDED_EVENTS);
        self.checker = SafetyChecker::new();
        self.narration = Narration::new(self.timeline.sim());
        self.head = SimTime::ZERO;
        self.generation += 1;
        self.check_history();
        self.sync_ring();
    }

    /// Advance to virtual time `t`, feeding every new event to the checker and the narration.
    fn run_until(&mut self, t: SimTime) {
        let (checker, narration) = (&mut self.checker, &mut self.narration);
        let result = self.timeline.run_until_with(t, &mut |sim, ev, new| {
            observe(checker, narration, sim, ev, new)
        });
        self.note(result);
        self.head = self.head.max(self.timeline.sim().now());
        self.check_history();
    }

    /// Process one event, feeding it to the checker and the narration if it is new.
    fn step_observed(&mut self) {
        let (checker, narration) = (&mut self.checker, &mut self.narration);
        let result = self
            .timeline
            .step_with(&mut |sim, ev, new| observe(checker, narration, sim, ev, new))
            .map(|_| ());
        self.note(result);
    }

    /// After the cursor moved by a step or a seek.
    fn after_move(&mut self) {
        self.head = self.head.max(self.timeline.sim().now());
        self.check_history();
        self.sync_ring();
        self.sync_caption();
    }

    /// A scenario's caption and cue follow the cursor (a seek back shows that moment's).
    fn sync_caption(&mut self) {
        let now = self.timeline.sim().now();
        if let Some(player) = self.scenario.as_mut().filter(|p| !p.off_script) {
            player.caption_at(now);
        }
    }

    /// Schedule user actions at the cursor's moment (forking if the cursor is in the past)
    /// and apply them at once, so a paused page shows the effect.
    fn act_now(&mut self, actions: Vec<Action<Input>>) {
        // When the commands are due: the cursor's moment, which may lie between events (the
        // timeline slider lands there). Re-checking after a fork replays to the cursor's last
        // event, whose clock is earlier, so run on to this moment below.
        let due = self.timeline.sim().earliest_command_time();
        let mut forked = false;
        for action in actions {
            match self.timeline.act(action) {
                Ok(f) => forked |= f,
                Err(e) => self.effects.problems.push(Problem::Run(e)),
            }
        }
        if forked {
            self.recheck_after_fork();
            self.head = self.timeline.sim().now();
            self.effects.notice = Some(Notice::Forked);
        }
        let now = self.timeline.sim().earliest_command_time().max(due);
        self.run_until(now);
        self.sync_ring();
    }

    /// After a fork the recorded future is gone: check the history up to the cursor again so
    /// the checker and the narration describe the new run only.
    fn recheck_after_fork(&mut self) {
        let cursor = self.timeline.cursor();
        let mut checker = SafetyChecker::new();
        let mut narration = Narration::new(self.timeline.sim());
        let result = self.timeline.seek_event(0).and_then(|()| {
            while self.timeline.cursor() < cursor {
                self.timeline.step_with(&mut |sim, ev, _| {
                    observe(&mut checker, &mut narration, sim, ev, true)
                })?;
            }
            Ok(())
        });
        self.checker = checker;
        self.narration = narration;
        self.generation += 1;
        self.note(result);
    }

    fn note(&mut self, result: Result<(), TimelineError>) {
        if let Err(e) = result {
            self.effects.problems.push(Problem::Run(e));
            self.playing = false;
        }
    }

    /// Put the cursor on a moment of a share link: after `events` events, at time `t`.
    fn seek_moment(&mut self, events: u64, t: SimTime) {
        let result = self.timeline.seek_moment(events, t);
        self.note(result);
        self.check_history();
        self.sync_caption();
    }

    /// Check the clients' history again when it changed (an operation was invoked or
    /// answered), not on every event.
    fn check_history(&mut self) {
        let clients: Vec<&crate::raft::Client> = self
            .timeline
            .sim()
            .nodes()
            .iter()
            .filter_map(Actor::as_client)
            .collect();
        let ops: usize = clients.iter().map(|c| c.history().len()).sum();
        let answered = clients
            .iter()
            .flat_map(|c| c.history())
            .filter(|h| h.completed.is_some())
            .count();
        if self.linearizability.0 == (ops, answered) && ops > 0 {
            return;
        }
        // The history only grows while the run goes forward; a new run or a step back is
        // another history, checked afresh.
        let at = (self.generation, self.timeline.cursor());
        if at.0 != self.lin_checked.0 || at.1 < self.lin_checked.1 {
            self.lin = linearizability::Incremental::default();
        }
        self.lin_checked = at;
        let slices: Vec<&[HistoryOp]> = clients.iter().map(|c| c.history()).collect();
        let (verdict, order) = self.lin.check(&slices, linearizability::Budget::default());
        let (verdict, order) = judge(ops, verdict, order);
        self.lin_order = order;
        self.linearizability = ((ops, answered), verdict);
    }

    // ---- Commands ----

    fn server_ids(&self) -> Vec<NodeId> {
        (0..self.config.servers).map(NodeId).collect()
    }

    /// The page's client: the actor after the servers.
    fn client(&self) -> NodeId {
        NodeId(self.config.servers)
    }

    /// The page client's operations so far: begun, and queued behind the one it waits for
    /// (without these, a write asked for while another waited took the same key and value).
    fn client_ops(&self) -> usize {
        self.timeline
            .sim()
            .node(self.client())
            .as_client()
            .map_or(0, |c| c.history().len() + c.view().queued as usize)
    }

    /// The next write of the page's client: keys cycle over x, y, z so the store shows
    /// several of them; the value counts the operations.
    fn next_write(&self) -> Op {
        let n = self.client_ops();
        Op::Put {
            key: ["x", "y", "z"][n % 3].to_string(),
            value: (n + 1).to_string(),
        }
    }

    /// The next read: the key the last write went to.
    fn next_read(&self) -> Op {
        let n = self.client_ops();
        Op::Get {
            key: ["x", "y", "z"][n.saturating_sub(1) % 3].to_string(),
        }
    }

    /// What a command to server `id` does (nothing for a server the cluster lacks).
    fn node_actions(&self, id: NodeId, cmd: NodeCmd) -> Vec<Action<Input>> {
        if id.0 >= self.config.servers {
            return Vec::new();
        }
        let others: Vec<NodeId> = self.server_ids().into_iter().filter(|&o| o != id).collect();
        match cmd {
            NodeCmd::Crash => vec![Action::Crash(id)],
            NodeCmd::Restart => vec![Action::Restart(id)],
            NodeCmd::Timeout => vec![Action::Input(id, Input::Timeout)],
            NodeCmd::Write => vec![Action::Input(
                self.client(),
                Input::SubmitTo(id, self.next_write()),
            )],
            NodeCmd::Read => vec![Action::Input(
                self.client(),
                Input::SubmitTo(id, self.next_read()),
            )],
            NodeCmd::Isolate => vec![Action::Partition(vec![vec![id], others])],
            NodeCmd::Reconnect => others
                .into_iter()
                .flat_map(|o| {
                    [
                        Action::Heal { from: id, to: o },
                        Action::Heal { from: o, to: id },
                    ]
                })
                .collect(),
        }
    }

    /// A viewer's command, leaving out what would change nothing (a cut link cut again, a
    /// running server restarted, a leader's forced timeout): it would put a line in the feed
    /// that is not true of the run, take a scenario off its script, and, in the past, discard
    /// the recorded future for it.
    fn act_for_viewer(&mut self, actions: Vec<Action<Input>>) {
        let actions: Vec<Action<Input>> = actions
            .into_iter()
            .filter(|a| self.would_change(a))
            .collect();
        if !actions.is_empty() {
            self.leave_script();
            self.act_now(actions);
        }
    }

    /// The viewer changed the run: a scenario's captions no longer describe it.
    fn leave_script(&mut self) {
        if let Some(player) = &mut self.scenario {
            player.off_script = true;
            player.shown = None;
        }
    }

    fn would_change(&self, action: &Action<Input>) -> bool {
        let sim = self.timeline.sim();
        let net = sim.network();
        match action {
            Action::Cut { from, to } => net.is_up(*from, *to),
            Action::Heal { from, to } => !net.is_up(*from, *to),
            Action::HealAll => !net.cut_links().is_empty(),
            // Isolating a server already cut off from every other.
            Action::Partition(groups) => groups.iter().enumerate().any(|(i, a)| {
                groups
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .any(|(_, b)| a.iter().any(|&x| b.iter().any(|&y| net.is_up(x, y))))
            }),
            Action::Crash(n) => sim.is_alive(*n),
            Action::Restart(n) => !sim.is_alive(*n),
            Action::Input(n, Input::Timeout) => {
                sim.is_alive(*n)
                    && sim
                        .node(*n)
                        .as_server()
                        .is_some_and(|s| s.role() != Role::Leader)
            }
            _ => true,
        }
    }

    /// What a command to the link between servers `a` and `b` does.
    fn link_actions(&self, a: NodeId, b: NodeId, cmd: LinkCmd) -> Vec<Action<Input>> {
        let n = self.config.servers;
        if a.0 >= n || b.0 >= n || a == b {
            return Vec::new();
        }
        let both = |f: &dyn Fn(NodeId, NodeId) -> Action<Input>| vec![f(a, b), f(b, a)];
        match cmd {
            LinkCmd::Cut { from, to } => vec![Action::Cut { from, to }],
            LinkCmd::CutBoth => both(&|from, to| Action::Cut { from, to }),
            LinkCmd::Heal => both(&|from, to| Action::Heal { from, to }),
            LinkCmd::Loss(p) => both(&|from, to| Action::SetLinkLoss {
                from,
                to,
                ppm: p.map(share::ppm_of_percent),
            }),
            LinkCmd::Latency(range) => {
                let range = range.map(|(lo, hi)| latency_range(lo, hi));
                both(&|from, to| Action::SetLinkLatency { from, to, range })
            }
            LinkCmd::UseGlobal => {
                let mut actions = both(&|from, to| Action::SetLinkLoss {
                    from,
                    to,
                    ppm: None,
                });
                actions.extend(both(&|from, to| Action::SetLinkLatency {
                    from,
                    to,
                    range: None,
                }));
                actions
            }
        }
    }

    /// The settings of client `i` (0-based), if it exists, filled in up to it.
    fn client_setup(&mut self, i: u8) -> Option<&mut crate::raft::ClientSetup> {
        if i >= self.config.clients {
            return None;
        }
        let i = usize::from(i);
        if self.config.setups.len() <= i {
            self.config.setups.resize(i + 1, Default::default());
        }
        self.config.setups.get_mut(i)
    }

    fn configure(&mut self, setting: Setting) {
        let raft = &mut self.config.raft;
        let ms = |v: u32, range| Duration::from_millis(u64::from(limits::clamp(v, range)));
        match setting {
            Setting::Servers(n) => {
                self.config.servers = n.clamp(1, limits::MAX_SERVERS);
                // The ring shows the same servers.
                if let Some(lab) = self.lab.get_mut() {
                    lab.reset_members(u32::from(self.config.servers));
                }
                self.ring_changed(None);
            }
            Setting::ElectionMin(v) => {
                raft.election_timeout_min = ms(v, &limits::ELECTION_TIMEOUT_MS);
                raft.election_timeout_max =
                    raft.election_timeout_max.max(raft.election_timeout_min);
            }
            Setting::ElectionMax(v) => {
                raft.election_timeout_max = ms(v, &limits::ELECTION_TIMEOUT_MS);
                raft.election_timeout_min =
                    raft.election_timeout_min.min(raft.election_timeout_max);
            }
            Setting::Heartbeat(v) => raft.heartbeat_interval = ms(v, &limits::HEARTBEAT_MS),
            Setting::DiskWrite(v) => raft.disk_write = ms(v, &limits::DISK_WRITE_MS),
            Setting::PreVote(on) => raft.pre_vote = on,
            Setting::CheckQuorum(on) => raft.check_quorum = on,
            Setting::Break(b, on) => raft.breaks.set(b, on),
            Setting::DriftBound(d) => {
                raft.drift_bound_pct = d.clamp(
                    *limits::DRIFT_BOUND_PCT.start(),
                    *limits::DRIFT_BOUND_PCT.end(),
                )
            }
            Setting::Clients(n) => {
                let n = n.clamp(*limits::CLIENTS.start(), *limits::CLIENTS.end());
                self.config.clients = n;
                self.config.setups.truncate(usize::from(n));
            }
            Setting::ClientRead(i, read) => {
                if let Some(setup) = self.client_setup(i) {
                    setup.read = read;
                }
            }
            Setting::ClientLoad(i, load) => {
                let load = load.map(|l| Load {
                    read_pct: l.read_pct.min(100),
                    keys: l.keys.clamp(*Load::KEYS.start(), *Load::KEYS.end()),
                    think_ms: l
                        .think_ms
                        .clamp(*Load::THINK_MS.start(), *Load::THINK_MS.end()),
                });
                if let Some(setup) = self.client_setup(i) {
                    setup.load = load;
                }
            }
            Setting::Clock(i, pct) => {
                if i < self.config.servers {
                    let i = usize::from(i);
                    if self.config.clock_pct.len() <= i {
                        self.config.clock_pct.resize(i + 1, 100);
                    }
                    self.config.clock_pct[i] =
                        pct.clamp(*limits::CLOCK_PCT.start(), *limits::CLOCK_PCT.end());
                }
            }
        }
        let dropped = self.timeline.sim().commands().len() as u32;
        self.restart();
        self.effects.notice = Some(Notice::Restarted { dropped });
    }

    // ---- The ring ----

    /// One cluster, two lenses: a ring node named after a server (N1 … N9) is down exactly
    /// while that server is crashed. A change shows as keys moving to their replicas.
    fn sync_ring(&mut self) {
        // A lab not built yet is built in step (`fresh_lab`).
        let Some(lab) = self.lab.get_mut() else {
            return;
        };
        let changes = scenario::ring_out_of_sync(self.timeline.sim(), lab, self.config.servers);
        if changes.is_empty() {
            return;
        }
        // Servers found changed together (a seek past a step that took two down) are one
        // change on the ring, as when the step was played.
        let grouped = changes.len() > 1 && lab.open_group();
        for (id, up) in changes {
            if let Err(e) = lab.set_up(id, up) {
                self.effects.problems.push(Problem::Ring(e));
            }
        }
        if grouped {
            lab.close_group();
        }
        self.ring_changed(None);
    }

    fn ring_changed(&mut self, removed: Option<(u32, String)>) {
        // A later change in the same intent keeps the removed node of an earlier one.
        let removed = removed.or_else(|| self.effects.ring.take().and_then(|r| r.removed));
        self.effects.ring = Some(RingRedraw { removed });
    }

    fn ring_intent(&mut self, intent: RingIntent) {
        let mut removed = None;
        self.lab_mut();
        let lab = self.lab.get_mut().expect("the lab was built above");
        let result: Result<(), RingError> = match intent {
            RingIntent::Algorithm(a) => {
                lab.set_algorithm(crate::ring::lab::with_vnodes(a, lab.vnodes));
                Ok(())
            }
            RingIntent::Compare(a) => {
                lab.set_compared(a);
                Ok(())
            }
            RingIntent::Vnodes(v) => {
                lab.set_vnodes(v);
                Ok(())
            }
            RingIntent::Replicas(r) => {
                lab.set_replicas(r);
                Ok(())
            }
            RingIntent::KeyKind(kind) => {
                let count = lab.keys().len().max(1) as u64;
                lab.set_keys(match kind {
                    KeyKind::Uniform => KeySet::Uniform { count },
                    KeyKind::Hot => KeySet::Hot {
                        distinct: HOT_DISTINCT,
                        count,
                    },
                    KeyKind::Named => KeySet::Named(self.named_keys.clone()),
                });
                Ok(())
            }
            RingIntent::KeyCount(count) => {
                let count = count.clamp(1, MAX_LAB_KEYS);
                let set = match lab.key_set {
                    KeySet::Hot { distinct, .. } => KeySet::Hot { distinct, count },
                    _ => KeySet::Uniform { count },
                };
                lab.set_keys(set);
                Ok(())
            }
            RingIntent::NamedKeys(text) => {
                self.named_keys = text.clone();
                lab.set_keys(KeySet::Named(text));
                Ok(())
            }
            RingIntent::Add(name) => {
                let name = match name.trim() {
                    "" => lab.next_name(),
                    n => n.to_string(),
                };
                lab.add(&name, 100).map(|_| ())
            }
            RingIntent::Remove(id) => {
                let name = lab.members.get(id).map(|m| m.name.clone());
                let result = lab.remove(id);
                if result.is_ok() {
                    removed = name.map(|n| (id.0, n));
                }
                result
            }
            RingIntent::ToggleUp(id) => {
                let Some(m) = lab.members.get(id).cloned() else {
                    return;
                };
                // A ring node that is also a Raft server goes down by crashing the server.
                if let Some(server) = scenario::server_named(&m.name, self.config.servers) {
                    let cmd = if m.up {
                        NodeCmd::Crash
                    } else {
                        NodeCmd::Restart
                    };
                    let actions = self.node_actions(server, cmd);
                    self.act_now(actions);
                    return;
                }
                lab.set_up(id, !m.up)
            }
            RingIntent::Weight(id, w) => lab.set_weight(id, w.clamp(1, 10_000)),
            RingIntent::Ketama(text) => lab.load_ketama(&text),
        };
        if let Err(e) = result {
            self.effects.problems.push(Problem::Ring(e));
        }
        self.ring_changed(removed);
    }

    // ---- Scenarios ----

    /// Open a scenario from its start; playback runs to the first cue, at the scenario's pace.
    fn open_scenario(&mut self, s: Scenario) {
        self.effects.view = Some(View::parse(&s.view).unwrap_or_default());
        let player = Player::start(s, self);
        self.scenario = Some(player);
        self.ring_changed(None);
        self.speed = Speed::default();
        self.playing = true;
        self.scenario_tick(self.timeline.sim().now());
        self.start_stretch();
    }

    /// Set the pace of the stretch to the next cue so it takes about `STRETCH_WALL_MS`.
    fn start_stretch(&mut self) {
        let now = self.timeline.sim().now();
        let until = self.scenario.as_ref().and_then(|p| {
            let rest = &p.scenario.steps[p.next..];
            let end = rest.iter().position(|s| s.cue)?;
            // After a restart the times are those of a new run.
            let restarts = rest[..=end].iter().any(|s| {
                s.actions
                    .iter()
                    .any(|a| matches!(a, scenario::Do::Restart(_)))
            });
            (!restarts).then(|| SimTime::from_millis(rest[end].at_ms))
        });
        self.stretch_rate = match until {
            Some(t) if t > now => {
                ((t - now).0 / STRETCH_WALL_MS).clamp(*SCENARIO_RATE.start(), *SCENARIO_RATE.end())
            }
            _ => DEFAULT_SCENARIO_RATE,
        };
    }

    /// Whether an election is under way: a candidate, or votes asked or given in flight.
    fn electing(&self) -> bool {
        let sim = self.timeline.sim();
        sim.nodes().iter().filter_map(Actor::as_server).any(|s| {
            sim.is_alive(s.id()) && matches!(s.role(), Role::Candidate | Role::PreCandidate)
        }) || sim.in_flight().any(|m| {
            matches!(
                m.msg,
                crate::raft::Msg::RequestVote { .. } | crate::raft::Msg::Vote { .. }
            )
        })
    }

    /// Apply the scenario's steps due by `target`, stopping at a cue; then run to `target`
    /// unless a cue paused playback.
    fn scenario_tick(&mut self, target: SimTime) {
        while let Some(at) = self.scenario.as_ref().and_then(Player::next_time) {
            if at > target {
                break;
            }
            if self.play_step(at) {
                self.playing = false;
                return;
            }
        }
        if self.playing && target > self.timeline.sim().now() {
            self.run_until(target);
        }
        self.sync_ring();
    }

    /// Run on to the scenario's next step, due at `at`, and carry it out; whether it is a cue.
    fn play_step(&mut self, at: SimTime) -> bool {
        if at > self.timeline.sim().now() {
            self.run_until(at);
        }
        let Some(mut player) = self.scenario.take() else {
            return false;
        };
        let cue = player.apply_next(self);
        self.scenario = Some(player);
        self.ring_changed(None);
        cue.unwrap_or_else(|e| {
            self.effects.problems.push(Problem::Step(e));
            false
        })
    }

    /// The scenario's next step when it comes before the run's next event (ties go to the
    /// event, as in play: a step at `t` follows the events at `t`). Only at the head: behind
    /// it, the steps already played have had their effect on the run's record (their actions
    /// are replayed with it), and the player is past them.
    fn step_due(&self) -> Option<SimTime> {
        let at = self.scenario.as_ref().and_then(Player::next_time)?;
        let at_head = self.timeline.cursor() == self.timeline.computed();
        let first = self.timeline.sim().next_time().is_none_or(|next| next > at);
        (at_head && first).then_some(at)
    }

    /// "Next": at a cue, play on to the next one at the scenario's pace; on the way there,
    /// go to it at once (a presenter never waits for the story to catch up).
    fn next_cue(&mut self) {
        if self.scenario.as_ref().is_none_or(|p| p.off_script) {
            return;
        }
        if self.scenario.as_ref().is_some_and(Player::finished) {
            // Every step has run; moved back into the story, play it again from there.
            if self.timeline.sim().now() < self.head() {
                self.playing = true;
            }
            return;
        }
        if !self.playing {
            self.playing = true;
            self.start_stretch();
            self.scenario_tick(self.timeline.sim().now());
            return;
        }
        let Some(mut player) = self.scenario.take() else {
            return;
        };
        let result = player.run_to_cue(self);
        self.scenario = Some(player);
        self.ring_changed(None);
        self.sync_ring();
        match result {
            Ok(true) => self.playing = false,
            // The last steps have run: the story plays on from there.
            Ok(false) => {}
            Err(e) => self.effects.problems.push(Problem::Step(e)),
        }
    }

    /// "Back": replay the scenario from its start up to the previous cue.
    fn previous_cue(&mut self) {
        let Some(player) = self.scenario.take() else {
            return;
        };
        let target = if player.off_script {
            player.cue_index()
        } else {
            player.cue_at(self.timeline.sim().now())
        }
        .saturating_sub(1);
        let mut replay = Player::start(player.scenario, self);
        for _ in 0..target {
            match replay.run_to_cue(self) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => self.effects.problems.push(Problem::Step(e)),
            }
        }
        self.scenario = Some(replay);
        self.ring_changed(None);
        self.playing = false;
        if target == 0 {
            self.next_cue();
        }
    }
}

/// The scenario player acts on the playground as a viewer would.
impl World for Playground {
    fn sim(&self) -> &RaftSim {
        self.timeline.sim()
    }

    fn advance_to(&mut self, t: SimTime) {
        self.run_until(t);
        self.sync_ring();
    }

    fn act(&mut self, actions: Vec<Action<Input>>) {
        self.act_now(actions);
    }

    fn restart(&mut self, seed: u64, cluster: &ClusterSpec) {
        self.seed = seed;
        self.config = cluster.config();
        Playground::restart(self);
    }

    fn lab(&mut self) -> &mut Lab {
        self.lab_mut()
    }

    fn ring_up(&mut self, name: &str, up: bool) -> Result<(), RingError> {
        if let Some(server) = scenario::server_named(name, self.config.servers) {
            let cmd = if up { NodeCmd::Restart } else { NodeCmd::Crash };
            let actions = self.node_actions(server, cmd);
            self.act_now(actions);
            return Ok(());
        }
        let id = self
            .lab()
            .members
            .by_name(name)
            .map(|m| m.id)
            .ok_or_else(|| RingError::NoNodeNamed(name.into()))?;
        self.lab_mut().set_up(id, up)
    }
}

/// A latency range in milliseconds as durations, the right way up and within bounds.
fn latency_range(lo: u32, hi: u32) -> (Duration, Duration) {
    let ms = |v: u32| Duration::from_millis(u64::from(limits::clamp(v, &limits::LATENCY_MS)));
    (ms(lo.min(hi)), ms(lo.max(hi)))
}

/// The linearizability checker's verdict on a history, and the order it found (or the
/// operations it could not place), as the history view draws them.
/// The checker's verdict on the clients' `ops` operations, as the page reads it.
fn judge(ops: usize, verdict: Verdict, order: Vec<Option<u32>>) -> (LinVerdict, LinOrder) {
    let order = LinOrder {
        order,
        stuck: match &verdict {
            Verdict::Violation(v) => v.stuck_at.iter().map(|h| (h.client, h.seq)).collect(),
            _ => Vec::new(),
        },
    };
    let verdict = match verdict {
        Verdict::Linearizable => LinVerdict {
            ops,
            ok: Some(true),
            problem: None,
        },
        Verdict::Violation(v) => LinVerdict {
            ops,
            ok: Some(false),
            problem: Some(LinProblem::NoOrder {
                key: v.key,
                linearized: v.linearized,
                total: v.total,
                stuck: v.stuck_at.len(),
            }),
        },
        Verdict::Undecided { key } => LinVerdict {
            ops,
            ok: None,
            problem: Some(LinProblem::Undecided { key }),
        },
    };
    (verdict, order)
}

/// A share link's or file's run being opened: rebuilt, then replayed a slice at a time, so
/// that a run of millions of events keeps the page live, shows how far it has come and can be
/// cancelled. However it is sliced, it replays the same events in the same order: the run it
/// gives is the one `Playground::from_run` gives.
pub struct Opening {
    pg: Playground,
    run: Run,
}

impl Opening {
    /// Check the run and schedule its commands; nothing is replayed yet.
    pub fn start(run: Run) -> Result<Opening, share::ShareError> {
        run.validate()?;
        let lab = restore_lab(run.seed, &run.ring)
            .map_err(|e| share::ShareError::Invalid(share::Impossible::Ring(e)))?;
        let mut pg = Playground::new(run.seed, run.cluster.config());
        pg.lab = OnceCell::from(lab);
        pg.named_keys = match &run.ring.keys {
            share::KeySpec::Named(text) => text.clone(),
            _ => String::new(),
        };
        for cmd in &run.commands {
            pg.timeline
                .act_at(cmd.at, cmd.action.clone())
                .map_err(|e| share::ShareError::Invalid(share::Impossible::Run(e)))?;
        }
        Ok(Opening { pg, run })
    }

    /// Replay at most `events` more events towards the run's head; whether all are done (or
    /// the replay stopped on a problem, which `finish` reports).
    pub fn advance(&mut self, events: u64) -> bool {
        let mut left = events;
        while left > 0 && !self.done() {
            self.pg.step_observed();
            left -= 1;
        }
        self.done()
    }

    fn done(&self) -> bool {
        let head = SimTime(self.run.moment.head_us);
        !self.pg.effects.problems.is_empty()
            || self.pg.timeline.sim().next_time().is_none_or(|t| t > head)
    }

    /// Virtual time replayed so far and the run's head: how far the opening has come.
    pub fn progress(&self) -> (SimTime, SimTime) {
        (
            self.pg.timeline.sim().now(),
            SimTime(self.run.moment.head_us),
        )
    }

    /// Events replayed so far.
    pub fn events(&self) -> u64 {
        self.pg.timeline.computed()
    }

    /// Replay what is left and put the cursor on the run's moment: the playground and the run
    /// it was opened from, or why the run cannot be shown.
    pub fn finish(self) -> Result<(Playground, Run), share::ShareError> {
        let Opening { mut pg, run } = self;
        if pg.effects.problems.is_empty() {
            pg.run_until(SimTime(run.moment.head_us));
        }
        pg.seek_moment(run.moment.events, SimTime(run.moment.time_us));
        pg.sync_ring();
        pg.speed = Speed::from_index(run.view.speed);
        pg.playing = !run.view.paused;
        pg.scenario = run.scenario.as_ref().and_then(|(id, next)| {
            let scenario = scenario::find(id)?;
            let next = (*next as usize).min(scenario.steps.len());
            Some(Player {
                scenario,
                next,
                shown: None,
                off_script: false,
            })
        });
        pg.sync_caption();
        if let Some(e) = pg.effects.problems.first() {
            return Err(share::ShareError::Invalid(impossible(e)));
        }
        pg.effects = Effects::default();
        Ok((pg, run))
    }
}

/// The lab a run's ring settings describe.
fn restore_lab(seed: u64, ring: &RingSpec) -> Result<Lab, crate::ring::RingError> {
    use crate::ring::Algorithm;
    let algo = |name: &str| Algorithm::parse(name, ring.vnodes);
    Lab::restore(
        seed,
        &ring.members,
        crate::ring::lab::with_vnodes(algo(&ring.algorithm)?, ring.vnodes),
        ring.compare.as_deref().map(algo).transpose()?,
        ring.vnodes,
        ring.replicas,
        KeySet::from(&ring.keys),
    )
}

fn impossible(p: &Problem) -> share::Impossible {
    match p {
        Problem::Ring(e) => share::Impossible::Ring(e.clone()),
        // The first: a run file's reason names one.
        Problem::Step(e) => share::Impossible::Ring(e[0].clone()),
        Problem::Run(e) => share::Impossible::Run(e.clone()),
        Problem::NoScenario(id) => share::Impossible::NoScenario(id.clone()),
    }
}

/// Feed a new event to the safety checker and the narration.
fn observe(
    checker: &mut SafetyChecker,
    narration: &mut Narration,
    sim: &Sim<Actor>,
    ev: &Trace<Actor>,
    new: bool,
) {
    if new {
        checker.observe(sim, ev);
        narration.observe(ev);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::raft::Break;

    /// Play at 20× until `span` of virtual time has passed, in frames of 50 wall ms.
    pub(crate) fn play_for(pg: &mut Playground, span: Duration) {
        pg.apply(Intent::SetSpeed(Speed::from_index(Speed::STEPS - 1)));
        pg.apply(Intent::Play(true));
        let end = pg.sim().now() + span;
        while pg.sim().now() < end && pg.playing() {
            pg.tick(50_000);
        }
    }

    pub(crate) fn playground() -> Playground {
        Playground::new(
            7,
            ClusterConfig {
                servers: 5,
                clients: 1,
                ..ClusterConfig::default()
            },
        )
    }

    fn leader(pg: &Playground) -> Option<NodeId> {
        scenario::leader(pg.sim()).map(|(id, _)| id)
    }

    #[test]
    fn writes_asked_for_while_one_waits_each_take_the_next_key_and_value() {
        let mut pg = playground();
        play_for(&mut pg, Duration::from_millis(1_000));
        pg.apply(Intent::Play(false));
        for _ in 0..3 {
            pg.apply(Intent::ClientWrite);
        }
        let client = pg.sim().node(pg.client()).as_client().expect("the client");
        assert!(
            client.view().queued > 0,
            "the later writes wait in the queue"
        );
        play_for(&mut pg, Duration::from_millis(1_000));
        let client = pg.sim().node(pg.client()).as_client().expect("the client");
        let puts: Vec<String> = client
            .history()
            .iter()
            .map(|h| format!("{:?}", h.op))
            .collect();
        assert_eq!(puts.len(), 3);
        for (i, key) in ["x", "y", "z"].iter().enumerate() {
            assert!(
                puts[i].contains(&format!("{key:?}"))
                    && puts[i].contains(&format!("\"{}\"", i + 1)),
                "{puts:?}"
            );
        }
    }

    #[test]
    fn ticks_advance_virtual_time_by_the_speed_and_pausing_stops_them() {
        let mut pg = playground();
        pg.tick(20_000);
        // 1×: 50 virtual µs per wall ms.
        assert_eq!(pg.sim().now(), SimTime(1_000));
        pg.apply(Intent::SetSpeed(Speed::from_index(7)));
        pg.tick(20_000);
        assert_eq!(pg.sim().now(), SimTime(21_000));
        // A background tab's long gap counts as one bounded frame.
        pg.tick(10_000_000);
        assert_eq!(pg.sim().now(), SimTime(121_000));
        pg.apply(Intent::TogglePlay);
        pg.tick(20_000);
        assert_eq!(pg.sim().now(), SimTime(121_000));
    }

    #[test]
    fn acting_in_the_past_forks_the_run_and_says_so() {
        let mut pg = playground();
        play_for(&mut pg, Duration::from_millis(1_000));
        let head = pg.timeline().cursor();
        pg.apply(Intent::SeekEvent(head / 2));
        assert_eq!(pg.timeline().cursor(), head / 2 + 1);
        let fx = pg.apply(Intent::Node(NodeId(0), NodeCmd::Crash));
        assert_eq!(fx.notice, Some(Notice::Forked));
        assert_eq!(pg.timeline().forked_at(), Some(head / 2 + 1));
        assert!(!pg.sim().is_alive(NodeId(0)));
        // The checker and narration describe the new run only: nothing past the fork.
        assert!(pg
            .narration()
            .latest(u64::MAX, 1)
            .all(|i| i.event < pg.timeline().cursor()));
        assert!(pg.head() <= pg.sim().now());
    }

    #[test]
    fn what_would_change_nothing_is_not_done_and_forks_nothing() {
        let mut pg = playground();
        let (n1, n2) = (NodeId(0), NodeId(1));
        let said = |pg: &Playground| pg.narration().latest(u64::MAX, usize::MAX).count();
        // Nothing is cut and N2 runs: reconnecting, healing and restarting are no events.
        let events = pg.timeline().cursor();
        for intent in [
            Intent::Node(n2, NodeCmd::Reconnect),
            Intent::Link(n1, n2, LinkCmd::Heal),
            Intent::HealAll,
            Intent::Node(n2, NodeCmd::Restart),
        ] {
            pg.apply(intent);
        }
        assert_eq!(pg.timeline().cursor(), events);
        assert_eq!(said(&pg), 0);
        // A link cut twice is cut once; "both ways" then cuts only the other way, and
        // reconnecting N2 heals the two.
        let links = |pg: &Playground| -> Vec<Happening> {
            let mut said: Vec<Happening> = pg
                .narration()
                .latest(u64::MAX, usize::MAX)
                .map(|i| i.what.clone())
                .filter(|h| matches!(h, Happening::Cut(..) | Happening::Healed(..)))
                .collect();
            said.reverse();
            said
        };
        let cut = LinkCmd::Cut { from: n1, to: n2 };
        pg.apply(Intent::Link(n1, n2, cut));
        pg.apply(Intent::Link(n1, n2, cut));
        pg.apply(Intent::Link(n1, n2, LinkCmd::CutBoth));
        pg.apply(Intent::Node(n2, NodeCmd::Reconnect));
        // Isolated twice: cut off once.
        pg.apply(Intent::Node(n1, NodeCmd::Isolate));
        pg.apply(Intent::Node(n1, NodeCmd::Isolate));
        let splits = pg
            .narration()
            .latest(u64::MAX, usize::MAX)
            .filter(|i| matches!(i.what, Happening::Partitioned { .. }))
            .count();
        assert_eq!(splits, 1);
        assert_eq!(
            links(&pg),
            [
                Happening::Cut(n1, n2),
                Happening::Cut(n2, n1),
                Happening::Healed(n2, n1),
                Happening::Healed(n1, n2)
            ]
        );
        // A leader has no election timer to run out: in the past, forcing it forks nothing.
        play_for(&mut pg, Duration::from_millis(1_000));
        let head = pg.timeline().cursor();
        pg.apply(Intent::SeekEvent(head - 2));
        let leader = scenario::leader(pg.sim()).expect("a leader").0;
        let fx = pg.apply(Intent::Node(leader, NodeCmd::Timeout));
        assert_eq!(fx.notice, None);
        assert_eq!(pg.timeline().forked_at(), None);
        // A follower's does.
        let follower = (0..5).map(NodeId).find(|&n| n != leader).unwrap();
        let fx = pg.apply(Intent::Node(follower, NodeCmd::Timeout));
        assert_eq!(fx.notice, Some(Notice::Forked));
    }

    #[test]
    fn a_crash_made_in_the_past_is_seen_at_once_even_between_events() {
        for at in 0..8 {
            let mut pg = playground();
            play_for(&mut pg, Duration::from_millis(200));
            if at == 7 {
                // Between events, as the timeline slider lands.
                pg.apply(Intent::Seek(SimTime(pg.head().0 / 2)));
            } else {
                pg.apply(Intent::SeekEvent(at));
            }
            pg.apply(Intent::Node(NodeId(0), NodeCmd::Crash));
            assert!(!pg.sim().is_alive(NodeId(0)), "crashed at once ({at})");
            assert!(!pg.stage().nodes[0].alive, "drawn crashed at once ({at})");
        }
    }

    #[test]
    fn a_cluster_setting_restarts_the_run_from_time_zero_with_the_same_seed() {
        let mut pg = playground();
        play_for(&mut pg, Duration::from_millis(500));
        pg.apply(Intent::Node(NodeId(1), NodeCmd::Crash));
        play_for(&mut pg, Duration::from_millis(100));
        let fx = pg.apply(Intent::Configure(Setting::Servers(7)));
        // The crash was not carried over, and the notice counts it.
        assert_eq!(fx.notice, Some(Notice::Restarted { dropped: 1 }));
        assert!(pg.sim().commands().is_empty());
        assert_eq!(pg.sim().now(), SimTime::ZERO);
        assert_eq!(pg.servers(), 7);
        assert_eq!(
            pg.lab().members.list().len(),
            7,
            "the ring shows the same servers"
        );
        assert_eq!(pg.seed(), 7);
        pg.apply(Intent::Configure(Setting::ElectionMin(1)));
        assert_eq!(
            pg.config().raft.election_timeout_min,
            Duration::from_millis(u64::from(*limits::ELECTION_TIMEOUT_MS.start()))
        );
        pg.apply(Intent::Configure(Setting::ElectionMin(400)));
        assert!(pg.config().raft.election_timeout_max >= Duration::from_millis(400));
        pg.apply(Intent::Configure(Setting::Break(
            Break::ManyVotesPerTerm,
            true,
        )));
        assert!(pg.config().raft.breaks.many_votes_per_term);
        // Nothing done since: nothing left behind.
        let fx = pg.apply(Intent::Configure(Setting::Servers(5)));
        assert_eq!(fx.notice, Some(Notice::Restarted { dropped: 0 }));
    }

    #[test]
    fn crashing_a_server_marks_its_ring_node_down_and_marking_it_up_restarts_it() {
        let mut pg = playground();
        pg.lab(); // The ring is on screen (a lab no one looked at has nothing to redraw).
        let fx = pg.apply(Intent::Node(NodeId(2), NodeCmd::Crash));
        assert!(fx.ring.is_some(), "the ring redraws");
        let n3 = pg.lab().members.by_name("N3").unwrap().clone();
        assert!(!n3.up);
        pg.apply(Intent::Ring(RingIntent::ToggleUp(n3.id)));
        assert!(pg.sim().is_alive(NodeId(2)));
        assert!(pg.lab().members.by_name("N3").unwrap().up);
    }

    #[test]
    fn servers_a_seek_finds_changed_together_are_one_change_on_the_ring() {
        use crate::ring::lab::Change;
        let mut pg = playground();
        pg.lab();
        play_for(&mut pg, Duration::from_millis(50));
        let before = pg.sim().now();
        pg.apply(Intent::Node(NodeId(2), NodeCmd::Crash));
        play_for(&mut pg, Duration::from_millis(50));
        pg.apply(Intent::Node(NodeId(3), NodeCmd::Crash));
        play_for(&mut pg, Duration::from_millis(50));
        let change = |pg: &Playground| pg.lab().change.as_ref().map(|c| c.0.clone());
        // Crashed one at a time: each its own change.
        assert_eq!(change(&pg), Some(Change::Down(vec!["N4".into()])));
        // Back to before both (the first crash came at `before` itself): they come back
        // together.
        pg.apply(Intent::Seek(SimTime(before.0 / 2)));
        assert_eq!(
            change(&pg),
            Some(Change::Up(vec!["N3".into(), "N4".into()]))
        );
    }

    #[test]
    fn a_ring_lab_first_looked_at_late_holds_the_ring_of_one_kept_in_step_from_the_start() {
        let intents = [
            Intent::NewSeed(11),
            Intent::Configure(Setting::Servers(7)),
            Intent::Node(NodeId(2), NodeCmd::Crash),
            Intent::Node(NodeId(4), NodeCmd::Crash),
            Intent::Node(NodeId(2), NodeCmd::Restart),
            Intent::Node(NodeId(6), NodeCmd::Crash),
        ];
        let mut early = playground();
        early.lab();
        let mut late = playground();
        for intent in intents {
            early.apply(intent.clone());
            late.apply(intent);
            play_for(&mut early, Duration::from_millis(50));
            play_for(&mut late, Duration::from_millis(50));
        }
        // Share links (and the run the page saves after every click) carry the same ring,
        // without building the lab no one looked at.
        let ring = |pg: &Playground| pg.to_run(View::Cluster, Lang::En, Theme::Light).ring;
        assert_eq!(ring(&early), ring(&late));
        assert!(
            late.lab.get().is_none(),
            "nothing looked at the late one's lab"
        );
        let (a, b) = (early.lab(), late.lab());
        assert_eq!(a.members, b.members);
        assert_eq!((a.seed, a.vnodes, a.replicas), (11, 100, 1));
        assert_eq!((b.seed, b.vnodes, b.replicas), (11, 100, 1));
        assert_eq!(a.keys(), b.keys());
        let down: Vec<_> = b
            .members
            .list()
            .iter()
            .filter(|m| !m.up)
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(down, ["N5", "N7"]);
        assert_eq!(
            format!("{:?}", a.lenses()[0].assignment),
            format!("{:?}", b.lenses()[0].assignment)
        );
    }

    #[test]
    fn the_partition_tool_cuts_exactly_between_the_groups() {
        let mut pg = playground();
        pg.apply(Intent::Link(NodeId(2), NodeId(3), LinkCmd::CutBoth));
        pg.apply(Intent::Partition(vec![NodeId(0), NodeId(1)]));
        let net = pg.sim().network();
        assert!(!net.is_up(NodeId(0), NodeId(2)) && !net.is_up(NodeId(3), NodeId(1)));
        assert!(net.is_up(NodeId(0), NodeId(1)));
        // The split healed the earlier manual cut inside the majority.
        assert!(net.is_up(NodeId(2), NodeId(3)));
        // A group with every server, or none, is not a split.
        let before = pg.sim().commands().len();
        pg.apply(Intent::Partition(vec![]));
        assert_eq!(pg.sim().commands().len(), before);
    }

    #[test]
    fn writes_through_a_follower_are_redirected_and_committed() {
        let mut pg = playground();
        play_for(&mut pg, Duration::from_millis(1_500));
        let leader = leader(&pg).expect("a leader");
        let follower = (0..5).map(NodeId).find(|&n| n != leader).unwrap();
        pg.apply(Intent::Node(follower, NodeCmd::Write));
        play_for(&mut pg, Duration::from_millis(500));
        let history = pg
            .sim()
            .node(NodeId(5))
            .as_client()
            .unwrap()
            .history()
            .to_vec();
        assert_eq!(history.len(), 1);
        assert!(history[0].completed.is_some(), "{history:?}");
        assert_eq!(pg.linearizability().ok, Some(true));
        assert_eq!(pg.linearizability().ops, 1);
    }

    #[test]
    fn a_run_saved_and_loaded_is_the_same_run_at_the_same_moment() {
        let mut pg = playground();
        play_for(&mut pg, Duration::from_millis(800));
        pg.apply(Intent::Node(NodeId(1), NodeCmd::Crash));
        pg.apply(Intent::SetLoss(20));
        pg.apply(Intent::Ring(RingIntent::Vnodes(10)));
        play_for(&mut pg, Duration::from_millis(400));
        pg.apply(Intent::StepBack);
        let run = pg.to_run(View::Both, Lang::Zh, Theme::Dark);
        let link = share::link::decode(&share::link::encode(&run)).unwrap();
        assert_eq!(link, run);
        let copy = Playground::from_run(&run).unwrap();
        assert_eq!(copy.sim().trace_hash(), pg.sim().trace_hash());
        assert_eq!(copy.timeline().cursor(), pg.timeline().cursor());
        assert_eq!(copy.sim().now(), pg.sim().now());
        assert_eq!(copy.head(), pg.head());
        assert_eq!(copy.lab().vnodes, 10);
        assert!(!copy.playing());
        assert_eq!(copy.to_run(View::Both, Lang::Zh, Theme::Dark), run);
    }

    #[test]
    fn a_run_opened_a_slice_at_a_time_is_the_run_opened_in_one_piece() {
        let mut pg = playground();
        play_for(&mut pg, Duration::from_millis(600));
        pg.apply(Intent::Node(NodeId(2), NodeCmd::Crash));
        pg.apply(Intent::SetLoss(30));
        play_for(&mut pg, Duration::from_millis(900));
        pg.apply(Intent::Node(NodeId(1), NodeCmd::Write));
        play_for(&mut pg, Duration::from_millis(300));
        pg.apply(Intent::StepBack);
        let run = pg.to_run(View::Cluster, Lang::En, Theme::Light);
        let whole = Playground::from_run(&run).unwrap();
        let mut opening = Opening::start(run.clone()).unwrap();
        assert_eq!(
            opening.events(),
            0,
            "nothing replayed before the first slice"
        );
        let (mut slices, mut last) = (0, (0, SimTime::ZERO));
        while !opening.advance(13) {
            slices += 1;
            let now = (opening.events(), opening.progress().0);
            assert!(
                now.0 == last.0 + 13 && now.1 >= last.1,
                "{last:?} -> {now:?}"
            );
            assert!(now.1 <= opening.progress().1, "never past the head");
            last = now;
        }
        assert!(slices > 10, "the run took {slices} slices");
        let (sliced, back) = opening.finish().unwrap();
        assert_eq!(back, run);
        assert_eq!(sliced.sim().trace_hash(), whole.sim().trace_hash());
        assert_eq!(sliced.sim().trace_hash(), pg.sim().trace_hash());
        assert_eq!(sliced.timeline().cursor(), whole.timeline().cursor());
        assert_eq!(sliced.sim().now(), whole.sim().now());
        assert_eq!(sliced.head(), whole.head());
        // What the checker and the narration saw: the live run's, event for event.
        assert_eq!(sliced.checker().violations(), pg.checker().violations());
        let feed = |p: &Playground| {
            let cursor = p.timeline().cursor();
            p.narration()
                .latest(cursor, 500)
                .cloned()
                .collect::<Vec<_>>()
        };
        assert!(feed(&pg).len() > 5);
        assert_eq!(feed(&sliced), feed(&pg));
        assert_eq!(feed(&whole), feed(&pg));
        assert_eq!(sliced.linearizability(), pg.linearizability());
        assert_eq!(sliced.to_run(View::Cluster, Lang::En, Theme::Light), run);
    }

    /// The verdict and order a check of the whole history from scratch gives.
    fn checked_afresh(pg: &Playground) -> (LinVerdict, LinOrder) {
        let history: Vec<HistoryOp> = pg
            .sim()
            .nodes()
            .iter()
            .filter_map(Actor::as_client)
            .flat_map(|c| c.history().iter().cloned())
            .collect();
        let budget = linearizability::Budget::default();
        let (verdict, order) = linearizability::check_with_order(&history, budget);
        judge(history.len(), verdict, order)
    }

    #[test]
    fn the_live_check_of_the_history_is_the_check_from_scratch_at_every_frame() {
        let mut pg = playground();
        pg.apply(Intent::Configure(Setting::Clients(3)));
        let load = Load {
            read_pct: 50,
            keys: 2,
            think_ms: 5,
        };
        for i in 0..3 {
            pg.apply(Intent::Configure(Setting::ClientLoad(i, Some(load))));
        }
        pg.apply(Intent::SetSpeed(Speed::from_index(Speed::STEPS - 1)));
        pg.apply(Intent::Play(true));
        let (mut frames, mut verdicts) = (0, Vec::new());
        let check = |pg: &Playground, frames: &mut u32| {
            let live = (pg.linearizability().clone(), pg.lin_order().clone());
            assert_eq!(
                live,
                checked_afresh(pg),
                "at event {}",
                pg.timeline().cursor()
            );
            *frames += 1;
            live.0.ok
        };
        for n in 0..1_000 {
            pg.tick(20_000);
            verdicts.push(check(&pg, &mut frames));
            match n {
                // The leader cut off: answers wait or are lost, and another leader is elected.
                100 => {
                    if let Some(l) = leader(&pg) {
                        pg.apply(Intent::Partition(vec![l]));
                    }
                }
                // Back a few events, then on again; a crash in the past forks the run.
                300 => {
                    for _ in 0..30 {
                        pg.apply(Intent::StepBack);
                    }
                    check(&pg, &mut frames);
                    pg.apply(Intent::Node(NodeId(0), NodeCmd::Crash));
                    pg.apply(Intent::Play(true));
                }
                600 => {
                    pg.apply(Intent::Seek(SimTime(pg.sim().now().0 / 2)));
                    check(&pg, &mut frames);
                    pg.apply(Intent::Play(true));
                }
                _ => {}
            }
        }
        let ops = pg.linearizability().ops;
        assert!(ops > 300, "{ops} operations");
        assert!(verdicts.iter().all(|v| *v == Some(true)), "{verdicts:?}");
    }

    #[test]
    fn a_run_that_does_not_fit_is_refused_with_a_reason() {
        let pg = playground();
        let mut run = pg.to_run(View::Cluster, Lang::En, Theme::Light);
        run.cluster.servers = 12;
        let why = Playground::from_run(&run).err().unwrap().to_string();
        assert!(why.contains("12 servers"), "{why}");
    }

    #[test]
    fn a_scenario_stops_at_each_cue_and_back_returns_to_the_previous_one() {
        let mut pg = playground();
        let s = scenario::find("leader-crash").unwrap();
        let cues = s.cues();
        let fx = pg.apply(Intent::OpenScenario(Box::new(s)));
        assert_eq!(fx.view, Some(View::Cluster));
        let mut reached = Vec::new();
        for _ in 0..cues {
            // Play until the next cue pauses playback.
            while pg.playing() {
                pg.tick(100_000);
            }
            reached.push(pg.scenario().unwrap().cue_index());
            pg.apply(Intent::NextCue);
        }
        assert_eq!(reached, (1..=cues).collect::<Vec<_>>());
        let at = pg.scenario().unwrap().cue_index();
        pg.apply(Intent::PreviousCue);
        assert_eq!(pg.scenario().unwrap().cue_index(), at - 1);
        assert!(!pg.playing());
        pg.apply(Intent::LeaveScenario);
        assert!(pg.scenario().is_none());
    }

    /// A step forward at a cue runs into the scenario's next step: its actions are carried out
    /// at their moment, as playing would, and its caption shown (the run went on without them,
    /// and the captions that followed told another run).
    #[test]
    fn a_step_forward_carries_out_the_scenarios_step_at_its_moment() {
        let mut pg = at_cue("leader-crash", 1);
        let n3 = NodeId(2);
        assert!(pg.timeline().sim().is_alive(n3));
        let crash = SimTime::from_millis(700);
        while pg.timeline().sim().now() < crash {
            pg.apply(Intent::StepForward);
        }
        assert_eq!(pg.timeline().sim().now(), crash);
        assert!(
            !pg.timeline().sim().is_alive(n3),
            "the leader N3 crashed at 700 ms"
        );
        let player = pg.scenario().unwrap();
        assert_eq!((player.cue_index(), player.off_script), (2, false));
        let shown = player
            .shown
            .map(|i| player.scenario.steps[i].caption.en.clone());
        assert!(shown.unwrap_or_default().contains("N3 crashed"));
        // Stepped back and forward again, the run replays its record: the same crash.
        let cursor = pg.timeline().cursor();
        pg.apply(Intent::StepBack);
        pg.apply(Intent::StepBack);
        pg.apply(Intent::StepForward);
        pg.apply(Intent::StepForward);
        assert_eq!(pg.timeline().cursor(), cursor);
        assert!(!pg.timeline().sim().is_alive(n3));
        // And Next plays on from there to the next cue, N2's election.
        pg.apply(Intent::NextCue);
        while pg.playing() {
            pg.tick(100_000);
        }
        assert_eq!(pg.scenario().unwrap().cue_index(), 3);
    }

    /// Plays a scenario to its `cues`-th cue.
    fn at_cue(name: &str, cues: usize) -> Playground {
        let mut pg = playground();
        pg.apply(Intent::OpenScenario(Box::new(
            scenario::find(name).unwrap(),
        )));
        for cue in 1..=cues {
            while pg.playing() {
                pg.tick(100_000);
            }
            assert_eq!(pg.scenario().unwrap().cue_index(), cue);
            if cue < cues {
                pg.apply(Intent::NextCue);
            }
        }
        pg
    }

    #[test]
    fn a_scenario_opened_from_a_link_waits_at_its_first_cue() {
        // The hash ring's scenarios have every cue at 0 ms: opened playing, mod-n showed its
        // first caption for one frame, then its second.
        for (query, cue) in [
            ("?scenario=mod-n", 1),
            ("?scenario=virtual-nodes", 1),
            ("?scenario=leader-crash", 1),
            ("?scenario=mod-n&paused=1", 1),
            ("?scenario=leader-crash&paused=1", 0),
        ] {
            let (params, bad) = page::parse(query);
            assert!(bad.is_empty(), "{query}");
            let mut pg = Playground::from_params(&params);
            // Twenty seconds of frames: long enough for leader-crash to reach its first cue.
            for _ in 0..1250 {
                pg.tick(16_000);
            }
            assert_eq!(pg.scenario().unwrap().cue_index(), cue, "{query}");
            assert!(!pg.playing(), "{query}");
        }
    }

    fn caption_shown(pg: &Playground) -> Option<String> {
        let p = pg.scenario()?;
        p.shown.map(|i| p.scenario.steps[i].caption.en.clone())
    }

    #[test]
    fn a_seek_back_into_a_scenario_shows_the_caption_and_cue_of_that_moment() {
        let mut pg = at_cue("partition", 3);
        let now = pg.timeline().sim().now();
        let third = caption_shown(&pg).unwrap();
        assert_eq!(pg.scenario().unwrap().cue_at(now), 3);
        // To the start: no step has played by then.
        pg.apply(Intent::Seek(SimTime::ZERO));
        assert_eq!(caption_shown(&pg), None);
        assert_eq!(pg.scenario().unwrap().cue_at(SimTime::ZERO), 0);
        // Back to where it was: the same caption again.
        pg.apply(Intent::Seek(now));
        assert_eq!(caption_shown(&pg), Some(third));
        // Halfway: a caption of an earlier step, and an earlier cue.
        pg.apply(Intent::Seek(SimTime(now.0 / 2)));
        let p = pg.scenario().unwrap();
        assert!(p.cue_at(SimTime(now.0 / 2)) < 3);
        let step = p.shown.unwrap();
        assert!(SimTime::from_millis(p.scenario.steps[step].at_ms) <= SimTime(now.0 / 2));
    }

    #[test]
    fn at_every_cue_of_every_scenario_the_moment_shows_the_cue_and_caption_just_played() {
        // The caption and count follow the cursor's time; at a cue they must be the ones
        // the player just applied, also in scenarios that restart the world (a new clock).
        for s in scenario::all() {
            let id = s.id.clone();
            let cues = s.cues();
            let mut pg = playground();
            pg.apply(Intent::OpenScenario(Box::new(s)));
            for cue in 1..=cues {
                while pg.playing() {
                    pg.tick(100_000);
                }
                let p = pg.scenario().unwrap();
                let played = p.scenario.steps[..p.next]
                    .iter()
                    .rposition(|s| !s.caption.en.is_empty());
                assert_eq!(p.cue_index(), cue, "{id}");
                assert_eq!(p.cue_at(pg.timeline().sim().now()), cue, "{id} cue {cue}");
                assert_eq!(p.shown, played, "{id} cue {cue}");
                pg.apply(Intent::NextCue);
            }
        }
    }

    /// The feed lists all that the shown cue's caption tells, past its usual eight lines:
    /// pre-vote's fifth caption ("N1 heard term 11 and stepped down") comes after more than
    /// eight happenings.
    #[test]
    fn a_scenarios_feed_lists_all_that_its_caption_tells() {
        let mut pg = at_cue("pre-vote", 5);
        let stepped_down = |h: &Happening| matches!(h, Happening::SteppedDown { node, term: 11, .. } if *node == NodeId(0));
        let shown = pg.feed(8, 40);
        assert!(shown.len() > 8, "{}", shown.len());
        assert!(shown.iter().any(|i| stepped_down(&i.what)));
        assert!(!pg.feed(8, 8).iter().any(|i| stepped_down(&i.what)));
        // Out of the scenario, the latest eight.
        pg.apply(Intent::LeaveScenario);
        assert_eq!(pg.feed(8, 40).len(), 8);
        // After a cue that restarts the run (a new clock from zero; the cue's own moment is on
        // the old one's), all of the new run's: write-before-reply's restart moved late on
        // the old clock, so that a feed counted from its moment would find nothing new.
        let mut s = scenario::find("write-before-reply").unwrap();
        let restart = |st: &scenario::Step| {
            st.actions
                .iter()
                .any(|d| matches!(d, scenario::Do::Restart(_)))
        };
        let r = s.steps.iter().position(restart).unwrap();
        assert!(s.steps[r].cue);
        s.steps[r].at_ms += 10_000;
        let cue = s.steps[..=r].iter().filter(|st| st.cue).count() + 1;
        let mut pg = playground();
        pg.apply(Intent::OpenScenario(Box::new(s)));
        for at in 1..=cue {
            while pg.playing() {
                pg.tick(100_000);
            }
            if at < cue {
                pg.apply(Intent::NextCue);
            }
        }
        let told = pg
            .narration()
            .since(SimTime::ZERO, pg.timeline().cursor())
            .count();
        assert!(told > 8, "{told}");
        assert_eq!(pg.feed(8, 200).len(), told);
    }

    #[test]
    fn at_the_end_of_a_story_moved_back_into_it_next_plays_it_again() {
        let cues = scenario::find("partition").unwrap().cues();
        let mut pg = at_cue("partition", cues);
        assert!(pg.scenario().unwrap().finished());
        pg.apply(Intent::NextCue);
        assert!(!pg.playing(), "at the end: nothing more to play");
        pg.apply(Intent::Seek(SimTime::ZERO));
        pg.apply(Intent::NextCue);
        assert!(pg.playing());
        let before = pg.timeline().sim().now();
        pg.tick(100_000);
        assert!(pg.timeline().sim().now() > before);
        assert!(pg.scenario().unwrap().cue_at(pg.timeline().sim().now()) < cues);
    }

    #[test]
    fn a_viewer_whose_command_changes_nothing_leaves_the_story_on_script() {
        // At the partition story's first cue nothing is cut and every server runs.
        let mut pg = at_cue("partition", 1);
        pg.apply(Intent::HealAll);
        pg.apply(Intent::Node(NodeId(3), NodeCmd::Restart));
        assert!(!pg.scenario().unwrap().off_script);
        pg.apply(Intent::Node(NodeId(3), NodeCmd::Crash));
        assert!(pg.scenario().unwrap().off_script);
    }

    #[test]
    fn a_viewer_who_changes_the_run_stops_the_script_and_back_restores_it() {
        let mut pg = at_cue("partition", 1);
        let steps_played = pg.scenario().unwrap().next;
        pg.apply(Intent::Node(NodeId(3), NodeCmd::Crash));
        let p = pg.scenario().unwrap();
        assert!(p.off_script);
        assert_eq!(
            caption_shown(&pg),
            None,
            "no caption describes a changed run"
        );
        // Next does nothing, and playing on applies no more of the script.
        pg.apply(Intent::NextCue);
        pg.apply(Intent::Play(true));
        for _ in 0..100 {
            pg.tick(100_000);
        }
        assert_eq!(pg.scenario().unwrap().next, steps_played);
        // A share link of the changed run is free play, not the story.
        let run = pg.to_run(View::Cluster, Lang::En, Theme::Light);
        assert!(run.scenario.is_none());
        // Playback's own controls are not changes to the run.
        assert!(
            !Intent::TogglePlay.changes_the_run() && !Intent::Seek(SimTime::ZERO).changes_the_run()
        );
        // Back replays the story: on script again, at its first cue.
        pg.apply(Intent::PreviousCue);
        while pg.playing() {
            pg.tick(100_000);
        }
        let p = pg.scenario().unwrap();
        assert!(!p.off_script);
        assert_eq!(p.cue_index(), 1);
        assert!(caption_shown(&pg).is_some());
    }

    #[test]
    fn next_on_the_way_to_a_cue_goes_there_at_once_and_a_stretch_takes_a_few_seconds() {
        let mut pg = playground();
        let s = scenario::find("leader-crash").unwrap();
        pg.apply(Intent::OpenScenario(Box::new(s)));
        // Wherever the first stretch ends, it is paced to take a few seconds of wall time.
        let mut frames = 0;
        while pg.playing() {
            pg.tick(16_667);
            frames += 1;
        }
        let seconds = frames * 16_667 / 1_000_000;
        assert!(
            (2..=12).contains(&seconds),
            "the first stretch took {seconds} s"
        );
        assert_eq!(pg.scenario().unwrap().cue_index(), 1);
        // Next starts the next stretch; Next again, one frame later, lands on its cue.
        pg.apply(Intent::NextCue);
        assert!(pg.playing());
        pg.tick(16_667);
        pg.apply(Intent::NextCue);
        assert!(!pg.playing());
        assert_eq!(pg.scenario().unwrap().cue_index(), 2);
    }

    #[test]
    fn a_new_seed_restarts_the_run_and_redraws_the_ring_keys() {
        let mut pg = playground();
        let keys_before = pg.lab().keys()[0].hash;
        play_for(&mut pg, Duration::from_millis(300));
        let fx = pg.apply(Intent::NewSeed(99));
        assert_eq!(pg.seed(), 99);
        assert_eq!(pg.sim().now(), SimTime::ZERO);
        assert!(fx.ring.is_some());
        assert_ne!(pg.lab().keys()[0].hash, keys_before);
    }

    #[test]
    fn ring_changes_report_the_removed_node_and_refusals_as_problems() {
        let mut pg = playground();
        let n5 = pg.lab().members.by_name("N5").unwrap().id;
        let fx = pg.apply(Intent::Ring(RingIntent::Remove(n5)));
        assert_eq!(fx.ring.unwrap().removed, Some((n5.0, "N5".to_string())));
        let fx = pg.apply(Intent::Ring(RingIntent::Add("N1".into())));
        assert!(
            matches!(fx.problems.as_slice(), [Problem::Ring(_)]),
            "{fx:?}"
        );
        pg.apply(Intent::Ring(RingIntent::NamedKeys("a\nb\nc".into())));
        assert_eq!(pg.lab().keys().len(), 3);
        pg.apply(Intent::Ring(RingIntent::KeyKind(KeyKind::Uniform)));
        pg.apply(Intent::Ring(RingIntent::KeyKind(KeyKind::Named)));
        assert_eq!(pg.lab().keys().len(), 3, "the named keys are kept");
    }

    #[test]
    fn stepping_pauses_and_moves_one_event_each_way() {
        let mut pg = playground();
        pg.apply(Intent::StepForward);
        pg.apply(Intent::StepForward);
        assert!(!pg.playing());
        assert_eq!(pg.timeline().cursor(), 2);
        pg.apply(Intent::StepBack);
        assert_eq!(pg.timeline().cursor(), 1);
        assert_eq!(
            pg.sim().node(NodeId(0)).as_server().unwrap().role(),
            Role::Follower
        );
    }
}
