//! The playground shell: owns the run (a timeline of the simulated cluster), advances it once
//! per animation frame by a bounded amount of virtual time, and turns user actions into
//! commands of the run. What is drawn lives in `view.rs` and the components it uses.

use crate::check::SafetyChecker;
use crate::raft::{Actor, ClusterConfig, Input, Op};
use crate::sim::{Action, Duration, MsgId, NodeId, Sim, SimTime, Timeline, TimelineError, Trace};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::feed::Feed;
use super::i18n::{Lang, Text};
use super::params::{self, Params, Problem, Theme};
use super::ring_view::{Picture, PictureRef, MOVE_MS};
use crate::ring::lab::{KeySet, Lab};
use crate::ring::{Algorithm, MemberId};
use std::rc::Rc;

/// Virtual microseconds per wall millisecond at each speed step. The default (50) turns a
/// 15 ms message into a 0.3 s flight, slow enough to follow with the eye, and shows a first
/// election within a few seconds.
pub const SPEEDS: [u32; 8] = [2, 5, 10, 25, 50, 100, 250, 1000];
pub const DEFAULT_SPEED: usize = 4;
/// The speeds as multiples of the default, as the speed menu and the `speed` setting write them.
pub const SPEED_LABELS: [&str; 8] = ["0.04×", "0.1×", "0.2×", "0.5×", "1×", "2×", "5×", "20×"];
/// Events one page run keeps at most (its history is what makes rewinding exact): about an
/// hour at 20× with nine servers, and a bounded amount of memory. Past it the run stops and
/// says so; a new seed or a share link starts afresh.
const MAX_PAGE_EVENTS: u64 = 1_000_000;
/// A background tab resumes with a huge frame gap; never jump further than this at once.
const MAX_FRAME_MS: f64 = 100.0;

/// A pending `requestAnimationFrame`: its id (to cancel it) and the callback it will call.
type FrameRequest = (i32, Closure<dyn FnMut(f64)>);

/// What the inspector shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    Node(NodeId),
    /// Lower id first.
    Link(NodeId, NodeId),
    Message(MsgId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeCmd {
    Crash,
    Restart,
    Timeout,
    Write,
    Read,
    /// Cut every link to and from the node.
    Isolate,
    /// Heal every link to and from the node.
    Reconnect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkCmd {
    Cut {
        from: NodeId,
        to: NodeId,
    },
    CutBoth,
    Heal,
    /// Message loss on this link in percent, or the global setting.
    Loss(Option<u32>),
    /// Latency of this link in milliseconds, or the global setting.
    Latency(Option<(u32, u32)>),
}

/// A setting that defines the cluster: changing it starts the run again from time zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    Servers(u8),
    ElectionMin(u32),
    ElectionMax(u32),
    Heartbeat(u32),
    PreVote(bool),
    CheckQuorum(bool),
    /// A teaching switch by its index in `Breaks::NAMES`.
    Break(usize, bool),
}

/// Which lens the page shows: the Raft cluster, the hash ring, or both side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Cluster,
    Ring,
    Both,
}

/// Changes to the ring lab.
pub enum RingMsg {
    Algorithm(String),
    /// An algorithm name, or empty for none.
    Compare(String),
    Vnodes(u32),
    Replicas(u32),
    KeyKind(String),
    KeyCount(u64),
    NamedKeys(String),
    NameInput(String),
    Add,
    Remove(u32),
    ToggleUp(u32),
    Weight(u32, u32),
    KetamaInput(String),
    UseKetama,
}

pub enum Msg {
    Frame(f64),
    SetView(View),
    Ring(RingMsg),
    TogglePlay,
    ToggleLang,
    ToggleTheme,
    Select(Option<Selection>),
    Node(NodeId, NodeCmd),
    Link(NodeId, NodeId, LinkCmd),
    /// The partition tool: toggle a node between the two groups.
    ToggleGroup(NodeId),
    Partition,
    HealAll,
    StepForward,
    StepBack,
    Seek(SimTime),
    /// Put the cursor just after this event (from the feed or a safety violation).
    SeekEvent(u64),
    ClientWrite,
    SetLoss(u32),
    SetLatency(u32, u32),
    Configure(Setting),
    ToggleHelp,
    SetSpeed(usize),
    NewSeed,
    DismissNotice,
    Key(KeyboardEvent),
    /// The window changed size: canvases redraw at the new size.
    Resized,
    /// Show (or hide) the share dialog, putting the run's link in the address bar.
    ToggleShare,
    DownloadRun,
    /// A run file was picked; its text, or why it could not be read.
    OpenFile(web_sys::File),
    FileRead(Result<String, String>),
    ExportTrace,
    ExportSvg,
    ExportPng,
    /// From an embedded page: open this run in the full playground, in a new tab.
    OpenFull,
    /// Open a built-in scenario by id, or leave scenarios ("").
    PickScenario(String),
    NextCue,
    PrevCue,
    OpenScenarioFile(web_sys::File),
    ScenarioRead(Result<String, String>),
}

pub struct App {
    pub(super) params: Params,
    pub(super) problems: Vec<Problem>,
    pub(super) lang: Lang,
    pub(super) theme: Theme,
    pub(super) playing: bool,
    pub(super) speed: usize,
    /// The cluster of the current run.
    pub(super) config: ClusterConfig,
    pub(super) timeline: Timeline<Actor>,
    /// Raft's safety properties, checked after every new event of the run.
    pub(super) checker: SafetyChecker,
    pub(super) feed: Feed,
    /// The latest virtual time reached, so the scrubber's end stays put while rewound.
    pub(super) head: SimTime,
    last_frame: Option<f64>,
    frame: Option<FrameRequest>,
    pub(super) error: Option<String>,
    /// A short status line, such as "the run restarted with the new settings".
    pub(super) info: Option<Text>,
    pub(super) show_help: bool,
    pub(super) selected: Option<Selection>,
    /// The partition tool's first group.
    pub(super) group: Vec<bool>,
    pub(super) reduced_motion: bool,
    pub(super) view: View,
    /// The ring lens: its experiment, and one picture per algorithm shown.
    pub(super) lab: Lab,
    pub(super) pictures: Vec<PictureRef>,
    /// When (wall ms) the moved keys of the last membership change started to hop.
    pub(super) ring_anim: Option<f64>,
    /// Progress of that hop, 0 to 1, for this frame.
    pub(super) ring_phase: Option<f64>,
    pub(super) ring_error: Option<String>,
    pub(super) new_node_name: String,
    pub(super) ketama_text: String,
    pub(super) named_keys: String,
    /// Counts window resizes, so canvases know to redraw.
    pub(super) resizes: u32,
    /// The share dialog's link, while it is open.
    pub(super) share: Option<String>,
    /// Why a share link or run file could not be used.
    pub(super) run_problem: Option<String>,
    /// The guided scenario being played, if any.
    pub(super) scenario: Option<crate::scenario::Player>,
    /// The last linearizability verdict, by (operations, answered), so the safety panel does
    /// not search the history again on every frame.
    #[allow(clippy::type_complexity)]
    pub(super) lin_cache: std::cell::RefCell<Option<((usize, usize), (Option<bool>, String))>>,
    _on_resize: Option<Closure<dyn FnMut()>>,
    _on_key: Option<Closure<dyn FnMut(KeyboardEvent)>>,
}

fn wall_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

impl App {
    fn start_frame_loop(&mut self, ctx: &Context<Self>) {
        if self.frame.is_some() || !(self.playing || self.ring_anim.is_some()) {
            return;
        }
        let cb = ctx.link().callback(Msg::Frame);
        let closure = Closure::once(move |ts: f64| cb.emit(ts));
        if let Some(id) = web_sys::window().and_then(|w| {
            w.request_animation_frame(closure.as_ref().unchecked_ref())
                .ok()
        }) {
            self.frame = Some((id, closure));
        }
    }

    fn stop_frame_loop(&mut self) {
        if let Some((id, _)) = self.frame.take() {
            if let Some(w) = web_sys::window() {
                w.cancel_animation_frame(id).ok();
            }
        }
        self.last_frame = None;
    }

    fn pause(&mut self) {
        self.playing = false;
        if self.ring_anim.is_none() {
            self.stop_frame_loop();
        }
    }

    /// Start the run again from time zero with the current seed and cluster settings.
    pub(super) fn restart(&mut self) {
        self.timeline =
            Timeline::new(self.config.build(self.params.seed)).with_max_events(MAX_PAGE_EVENTS);
        self.checker = SafetyChecker::new();
        self.feed = Feed::new(self.timeline.sim());
        self.head = SimTime::ZERO;
        self.error = None;
        self.selected = None;
        self.group = default_group(self.config.servers);
        // Within one run histories only grow or shrink along one line; a new run starts over.
        self.lin_cache.replace(None);
        self.sync_ring();
    }

    /// Advance to virtual time `t`, feeding every new event to the checker and the feed.
    pub(super) fn run_until(&mut self, t: SimTime) {
        let (checker, feed) = (&mut self.checker, &mut self.feed);
        let result = self
            .timeline
            .run_until_with(t, &mut |sim, ev, new| observe(checker, feed, sim, ev, new));
        self.note_error(result);
        self.head = self.head.max(self.timeline.sim().now());
    }

    fn step_forward(&mut self) {
        let (checker, feed) = (&mut self.checker, &mut self.feed);
        let result = self
            .timeline
            .step_with(&mut |sim, ev, new| observe(checker, feed, sim, ev, new))
            .map(|_| ());
        self.note_error(result);
        self.head = self.head.max(self.timeline.sim().now());
    }

    /// Schedule user actions at the cursor's moment (forking if the cursor is in the past)
    /// and apply them at once, so a paused page shows the effect.
    pub(super) fn act_now(&mut self, actions: Vec<Action<Input>>) {
        let mut forked = false;
        for action in actions {
            match self.timeline.act(action) {
                Ok(f) => forked |= f,
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        if forked {
            self.recheck_after_fork();
            self.head = self.timeline.sim().now();
            self.info = Some(Text::ForkedInfo);
        }
        let now = self.timeline.sim().earliest_command_time();
        self.run_until(now);
        self.sync_ring();
    }

    /// One cluster, two lenses: a ring node named after a server (N1 … N9) is down exactly
    /// while that server is crashed. A change shows as keys moving to their replicas.
    pub(super) fn sync_ring(&mut self) {
        let changes =
            crate::scenario::ring_out_of_sync(self.timeline.sim(), &self.lab, self.config.servers);
        if changes.is_empty() {
            return;
        }
        for (id, up) in changes {
            if let Err(e) = self.lab.set_up(id, up) {
                self.ring_error = Some(e.to_string());
            }
        }
        self.ring_changed(None);
    }

    /// Redraw the ring pictures after the lab changed; a membership change starts the hop.
    pub(super) fn ring_changed(&mut self, removed: Option<(u32, String)>) {
        let keys = Rc::new(self.lab.keys().to_vec());
        self.pictures = self
            .lab
            .lenses()
            .iter()
            .map(|lens| {
                PictureRef(Rc::new(Picture::of(
                    lens,
                    &self.lab.members,
                    &keys,
                    removed.clone(),
                )))
            })
            .collect();
        if self.lab.change.is_some() && !self.reduced_motion {
            self.ring_anim = Some(wall_ms());
            self.ring_phase = Some(0.0);
        } else {
            self.ring_anim = None;
            self.ring_phase = None;
        }
    }

    fn ring_message(&mut self, msg: RingMsg) {
        self.ring_error = None;
        let mut removed = None;
        let result = match msg {
            RingMsg::Algorithm(name) => {
                Algorithm::parse(&name, self.lab.vnodes).map(|a| self.lab.set_algorithm(a))
            }
            RingMsg::Compare(name) if name.is_empty() => {
                self.lab.set_compared(None);
                Ok(())
            }
            RingMsg::Compare(name) => {
                Algorithm::parse(&name, self.lab.vnodes).map(|a| self.lab.set_compared(Some(a)))
            }
            RingMsg::Vnodes(v) => {
                self.lab.set_vnodes(v);
                Ok(())
            }
            RingMsg::Replicas(r) => {
                self.lab.set_replicas(r);
                Ok(())
            }
            RingMsg::KeyKind(kind) => {
                let count = self.lab.keys().len().max(1) as u64;
                let set = match kind.as_str() {
                    "hot" => KeySet::Hot {
                        distinct: 200,
                        count,
                    },
                    "named" => KeySet::Named(self.named_keys.clone()),
                    _ => KeySet::Uniform { count },
                };
                self.lab.set_keys(set);
                Ok(())
            }
            RingMsg::KeyCount(count) => {
                let count = count.clamp(1, crate::ring::lab::MAX_LAB_KEYS);
                let set = match self.lab.key_set {
                    KeySet::Hot { distinct, .. } => KeySet::Hot { distinct, count },
                    _ => KeySet::Uniform { count },
                };
                self.lab.set_keys(set);
                Ok(())
            }
            RingMsg::NamedKeys(text) => {
                self.named_keys = text.clone();
                self.lab.set_keys(KeySet::Named(text));
                Ok(())
            }
            RingMsg::NameInput(name) => {
                self.new_node_name = name;
                return;
            }
            RingMsg::Add => {
                let name = match self.new_node_name.trim() {
                    "" => self.lab.next_name(),
                    n => n.to_string(),
                };
                let result = self.lab.add(&name, 100).map(|_| ());
                if result.is_ok() {
                    self.new_node_name.clear();
                }
                result
            }
            RingMsg::Remove(id) => {
                let name = self.lab.members.get(MemberId(id)).map(|m| m.name.clone());
                let result = self.lab.remove(MemberId(id));
                if result.is_ok() {
                    removed = name.map(|n| (id, n));
                }
                result
            }
            RingMsg::ToggleUp(id) => {
                let Some(m) = self.lab.members.get(MemberId(id)).cloned() else {
                    return;
                };
                // A ring node that is also a Raft server goes down by crashing the server.
                if let Some(server) = crate::scenario::server_named(&m.name, self.config.servers) {
                    let cmd = if m.up {
                        NodeCmd::Crash
                    } else {
                        NodeCmd::Restart
                    };
                    self.node_command(server, cmd);
                    return;
                }
                self.lab.set_up(MemberId(id), !m.up)
            }
            RingMsg::Weight(id, w) => self.lab.set_weight(MemberId(id), w.clamp(1, 10_000)),
            RingMsg::KetamaInput(text) => {
                self.ketama_text = text;
                return;
            }
            RingMsg::UseKetama => self.lab.load_ketama(&self.ketama_text.clone()),
        };
        if let Err(e) = result {
            self.ring_error = Some(e.to_string());
        }
        self.ring_changed(removed);
    }

    fn note_error(&mut self, result: Result<(), TimelineError>) {
        if let Err(e) = result {
            self.error = Some(e.to_string());
            self.pause();
        }
    }

    /// After a fork the recorded future is gone: recheck the history up to the cursor so the
    /// checker and the feed describe the new run only.
    fn recheck_after_fork(&mut self) {
        let cursor = self.timeline.cursor();
        let mut checker = SafetyChecker::new();
        let mut feed = Feed::new(self.timeline.sim());
        let result = self.timeline.seek_event(0).and_then(|()| {
            while self.timeline.cursor() < cursor {
                self.timeline
                    .step_with(&mut |sim, ev, _| observe(&mut checker, &mut feed, sim, ev, true))?;
            }
            Ok(())
        });
        self.checker = checker;
        self.feed = feed;
        self.lin_cache.replace(None);
        self.note_error(result);
    }

    /// The page's client: the actor after the servers.
    fn client(&self) -> NodeId {
        NodeId(self.config.servers)
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

    fn next_read(&self) -> Op {
        let n = self.client_ops();
        Op::Get {
            key: ["x", "y", "z"][n.saturating_sub(1) % 3].to_string(),
        }
    }

    fn client_ops(&self) -> usize {
        self.timeline
            .sim()
            .node(self.client())
            .as_client()
            .map_or(0, |c| c.history().len())
    }

    pub(super) fn node_command(&mut self, id: NodeId, cmd: NodeCmd) {
        if id.0 >= self.config.servers {
            return;
        }
        let others = || {
            (0..self.config.servers)
                .map(NodeId)
                .filter(|&o| o != id)
                .collect::<Vec<_>>()
        };
        let actions = match cmd {
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
            NodeCmd::Isolate => vec![Action::Partition(vec![vec![id], others()])],
            NodeCmd::Reconnect => others()
                .into_iter()
                .flat_map(|o| {
                    [
                        Action::Heal { from: id, to: o },
                        Action::Heal { from: o, to: id },
                    ]
                })
                .collect(),
        };
        self.act_now(actions);
    }

    fn link_command(&mut self, a: NodeId, b: NodeId, cmd: LinkCmd) {
        let ms = |v: u32| Duration::from_millis(u64::from(v.min(params::MAX_LATENCY_MS)));
        let both = |f: &dyn Fn(NodeId, NodeId) -> Action<Input>| vec![f(a, b), f(b, a)];
        let actions = match cmd {
            LinkCmd::Cut { from, to } => vec![Action::Cut { from, to }],
            LinkCmd::CutBoth => both(&|from, to| Action::Cut { from, to }),
            LinkCmd::Heal => both(&|from, to| Action::Heal { from, to }),
            LinkCmd::Loss(p) => both(&|from, to| Action::SetLinkLoss {
                from,
                to,
                ppm: p.map(|p| p.min(100) * 10_000),
            }),
            LinkCmd::Latency(range) => {
                let range = range.map(|(lo, hi)| (ms(lo.min(hi)), ms(lo.max(hi))));
                both(&|from, to| Action::SetLinkLatency { from, to, range })
            }
        };
        self.act_now(actions);
    }

    fn configure(&mut self, setting: Setting) {
        let raft = &mut self.config.raft;
        let ms = |v: u32| Duration::from_millis(u64::from(v));
        match setting {
            Setting::Servers(n) => {
                self.config.servers = n.clamp(1, params::MAX_NODES);
                self.params.nodes = self.config.servers;
                // The ring shows the same servers.
                self.lab.reset_members(u32::from(self.config.servers));
                self.ring_changed(None);
            }
            Setting::ElectionMin(v) => {
                let v = v.clamp(params::MIN_TIMEOUT_MS, params::MAX_TIMEOUT_MS);
                raft.election_timeout_min = ms(v);
                raft.election_timeout_max = raft.election_timeout_max.max(ms(v));
            }
            Setting::ElectionMax(v) => {
                let v = v.clamp(params::MIN_TIMEOUT_MS, params::MAX_TIMEOUT_MS);
                raft.election_timeout_max = ms(v);
                raft.election_timeout_min = raft.election_timeout_min.min(ms(v));
            }
            Setting::Heartbeat(v) => {
                raft.heartbeat_interval =
                    ms(v.clamp(params::MIN_HEARTBEAT_MS, params::MAX_HEARTBEAT_MS))
            }
            Setting::PreVote(on) => raft.pre_vote = on,
            Setting::CheckQuorum(on) => raft.check_quorum = on,
            Setting::Break(i, on) => match i {
                0 => raft.breaks.fixed_timeouts = on,
                1 => raft.breaks.no_up_to_date_check = on,
                2 => raft.breaks.many_votes_per_term = on,
                3 => raft.breaks.commit_old_terms_by_count = on,
                _ => return,
            },
        }
        self.restart();
        self.info = Some(Text::RestartedInfo);
    }

    /// Download the current view as a picture: the stage (cluster and both views) or the
    /// ring picture (ring view), as SVG or PNG.
    fn export_picture(&self, png: bool) -> Result<(), String> {
        let name = format!(
            "ringleader-seed-{}-event-{}",
            self.params.seed,
            self.timeline.cursor()
        );
        if self.view != View::Ring {
            let svg = super::export::stage_svg()?;
            return if png {
                super::export::svg_to_png_download(&svg, &format!("{name}.png"), 1600)
            } else {
                super::share::download(&format!("{name}.svg"), "image/svg+xml", &svg)
            };
        }
        let canvas: web_sys::HtmlCanvasElement = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("canvas.ring-canvas").ok().flatten())
            .and_then(|c| c.dyn_into().ok())
            .ok_or("the ring view is not shown")?;
        if png {
            super::export::canvas_png_download(&canvas, &format!("{name}.png"));
            return Ok(());
        }
        let data = canvas
            .to_data_url()
            .map_err(|_| "cannot read the picture")?;
        let (w, h) = (canvas.width(), canvas.height());
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><image href=\"{data}\" width=\"{w}\" height=\"{h}\"/></svg>"
        );
        super::share::download(&format!("{name}.svg"), "image/svg+xml", &svg)
    }

    /// A share link or run file that cannot be used: say why, and start from the defaults.
    pub(super) fn link_problem(&mut self, why: String) {
        self.run_problem = Some(why);
        let defaults = Params::default();
        self.params.seed = defaults.seed;
        self.config = defaults.cluster();
        self.params.nodes = self.config.servers;
        self.lab = Lab::new(defaults.seed, u32::from(self.config.servers), 100, 2_000);
        self.restart();
        self.ring_changed(None);
    }

    /// Keyboard shortcuts. Returns the message to handle, if the key means something here.
    fn key_message(&self, e: &KeyboardEvent) -> Option<Msg> {
        let target = e.target_dyn_into::<web_sys::Element>();
        let tag = target.as_ref().map(|el| el.tag_name()).unwrap_or_default();
        // Typing in a field or choosing in a list keeps its keys.
        if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA") {
            return None;
        }
        let on_control = matches!(tag.as_str(), "BUTTON" | "g" | "circle" | "SUMMARY");
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return None;
        }
        let node = match self.selected {
            Some(Selection::Node(id)) => Some(id),
            _ => None,
        };
        let alive = node.is_some_and(|id| self.timeline.sim().is_alive(id));
        Some(match e.key().as_str() {
            " " if !on_control => Msg::TogglePlay,
            // In a scenario, a presenter clicker moves between cue points.
            "ArrowRight" | "PageDown" if self.scenario.is_some() => Msg::NextCue,
            "ArrowLeft" | "PageUp" if self.scenario.is_some() => Msg::PrevCue,
            "ArrowRight" | "PageDown" => Msg::StepForward,
            "ArrowLeft" | "PageUp" => Msg::StepBack,
            "?" => Msg::ToggleHelp,
            "Escape" => Msg::Select(None),
            k @ ("1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9") => {
                let i = k.parse::<u8>().ok()? - 1;
                if i >= self.config.servers {
                    return None;
                }
                Msg::Select(Some(Selection::Node(NodeId(i))))
            }
            "c" => Msg::Node(
                node?,
                if alive {
                    NodeCmd::Crash
                } else {
                    NodeCmd::Restart
                },
            ),
            "t" => Msg::Node(node?, NodeCmd::Timeout),
            "w" => match node {
                Some(id) => Msg::Node(id, NodeCmd::Write),
                None => Msg::ClientWrite,
            },
            "r" => Msg::Node(node?, NodeCmd::Read),
            "i" => Msg::Node(node?, NodeCmd::Isolate),
            "h" => Msg::HealAll,
            _ => return None,
        })
    }
}

/// The partition tool's starting split: the first ⌊(n−1)/2⌋ nodes against the rest, so the
/// first group is a minority.
pub fn default_group(servers: u8) -> Vec<bool> {
    let minority = (servers.saturating_sub(1) / 2).max(1);
    (0..servers).map(|i| i < minority).collect()
}

/// Feed a new event to the safety checker and the event feed.
fn observe(
    checker: &mut SafetyChecker,
    feed: &mut Feed,
    sim: &Sim<Actor>,
    ev: &Trace<Actor>,
    new: bool,
) {
    if new {
        checker.observe(sim, ev);
        feed.observe(ev);
    }
}

fn media_matches(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let query = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        let (params, problems) = params::parse(&query);
        let theme = params
            .theme
            .unwrap_or(if media_matches("(prefers-color-scheme: dark)") {
                Theme::Dark
            } else {
                Theme::Light
            });
        let config = params.cluster();
        let mut app = App {
            lang: params.lang,
            theme,
            playing: !params.paused,
            speed: DEFAULT_SPEED,
            timeline: Timeline::new(config.build(params.seed)),
            config,
            checker: SafetyChecker::new(),
            feed: Feed::default(),
            head: SimTime::ZERO,
            params,
            problems,
            last_frame: None,
            frame: None,
            error: None,
            info: None,
            show_help: false,
            selected: None,
            group: Vec::new(),
            reduced_motion: media_matches("(prefers-reduced-motion: reduce)"),
            view: View::Cluster,
            lab: Lab::new(1, 5, 100, 2_000),
            pictures: Vec::new(),
            ring_anim: None,
            ring_phase: None,
            ring_error: None,
            new_node_name: String::new(),
            ketama_text: String::new(),
            named_keys: String::new(),
            resizes: 0,
            share: None,
            run_problem: None,
            scenario: None,
            lin_cache: std::cell::RefCell::new(None),
            _on_resize: None,
            _on_key: None,
        };
        let resized = ctx.link().callback(|_: ()| Msg::Resized);
        let on_resize = Closure::<dyn FnMut()>::new(move || resized.emit(()));
        if let Some(w) = web_sys::window() {
            w.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref())
                .ok();
        }
        app._on_resize = Some(on_resize);
        // Keys anywhere in the page (also inside an iframe once it has focus): presenter
        // clickers send PageDown/PageUp or arrows to whatever has focus.
        let key = ctx.link().callback(Msg::Key);
        let on_key = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| key.emit(e));
        if let Some(w) = web_sys::window() {
            w.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())
                .ok();
        }
        app._on_key = Some(on_key);
        if let Some(speed) = app.params.speed {
            app.speed = speed;
        }
        app.view = app.params.view;
        app.lab = Lab::new(app.params.seed, u32::from(app.config.servers), 100, 2_000);
        app.ring_changed(None);
        app.restart();
        match super::share::run_in_fragment() {
            Some(Ok(run)) => {
                if let Err(e) = app.load_run(&run) {
                    app.link_problem(e);
                }
            }
            Some(Err(e)) => app.link_problem(e.to_string()),
            None => {
                if let Some(s) = app
                    .params
                    .scenario
                    .as_deref()
                    .and_then(crate::scenario::find)
                {
                    let paused = app.params.paused;
                    app.start_scenario(s);
                    // `paused=1` opens the scenario at its start, waiting for "next".
                    if paused {
                        app.playing = false;
                    }
                }
            }
        }
        app.start_frame_loop(ctx);
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let by_user = !matches!(msg, Msg::Frame(_) | Msg::Resized);
        let render = self.handle(ctx, msg);
        if by_user {
            super::remember_run(self.to_run());
        }
        render
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        super::view::render(self, ctx.link())
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.stop_frame_loop();
    }
}

impl App {
    /// Handle one message; returns whether to render.
    fn handle(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Frame(ts) => {
                self.frame = None;
                if self.playing {
                    let dt = self
                        .last_frame
                        .map_or(0.0, |last| (ts - last).clamp(0.0, MAX_FRAME_MS));
                    let advance = (dt * f64::from(SPEEDS[self.speed])) as u64;
                    let target = SimTime(self.timeline.sim().now().0 + advance);
                    if self.scenario.is_some() {
                        // Steps fire at their times; a cue pauses playback.
                        self.scenario_tick(target);
                    } else {
                        self.run_until(target);
                        self.sync_ring();
                    }
                }
                self.last_frame = Some(ts);
                if let Some(start) = self.ring_anim {
                    let phase = (wall_ms() - start) / MOVE_MS;
                    if phase >= 1.0 {
                        self.ring_anim = None;
                        self.ring_phase = None;
                    } else {
                        self.ring_phase = Some(phase.max(0.0));
                    }
                }
                self.start_frame_loop(ctx);
            }
            Msg::SetView(v) => self.view = v,
            Msg::Ring(m) => {
                self.ring_message(m);
                self.start_frame_loop(ctx);
            }
            Msg::TogglePlay => {
                self.playing = !self.playing;
                if self.playing {
                    self.start_frame_loop(ctx);
                } else {
                    self.stop_frame_loop();
                }
            }
            Msg::ToggleLang => self.lang = self.lang.other(),
            Msg::ToggleTheme => {
                self.theme = match self.theme {
                    Theme::Light => Theme::Dark,
                    Theme::Dark => Theme::Light,
                }
            }
            Msg::Select(s) => self.selected = if self.selected == s { None } else { s },
            Msg::Node(id, cmd) => self.node_command(id, cmd),
            Msg::Link(a, b, cmd) => self.link_command(a, b, cmd),
            Msg::ToggleGroup(id) => {
                if let Some(g) = self.group.get_mut(usize::from(id.0)) {
                    *g = !*g;
                }
            }
            Msg::Partition => {
                let (a, b): (Vec<NodeId>, Vec<NodeId>) = (0..self.config.servers)
                    .map(NodeId)
                    .partition(|id| self.group.get(usize::from(id.0)).copied().unwrap_or(false));
                if !a.is_empty() && !b.is_empty() {
                    self.act_now(vec![Action::HealAll, Action::Partition(vec![a, b])]);
                }
            }
            Msg::HealAll => self.act_now(vec![Action::HealAll]),
            Msg::SetLoss(percent) => {
                let ppm = percent.min(100) * 10_000;
                self.act_now(vec![Action::SetLoss { ppm }]);
            }
            Msg::SetLatency(lo, hi) => {
                let ms = |v: u32| Duration::from_millis(u64::from(v.min(params::MAX_LATENCY_MS)));
                self.act_now(vec![Action::SetLatency {
                    min: ms(lo.min(hi)),
                    max: ms(lo.max(hi)),
                }]);
            }
            Msg::Configure(setting) => self.configure(setting),
            Msg::ClientWrite => {
                let op = self.next_write();
                self.act_now(vec![Action::Input(self.client(), Input::Submit(op))]);
            }
            Msg::StepForward => {
                self.pause();
                self.step_forward();
                self.sync_ring();
            }
            Msg::StepBack => {
                self.pause();
                let back = self.timeline.cursor().saturating_sub(1);
                let result = self.timeline.seek_event(back);
                self.note_error(result);
                self.sync_ring();
            }
            Msg::Seek(t) => {
                self.pause();
                let result = self.timeline.seek_time(t.min(self.head));
                self.note_error(result);
                self.sync_ring();
            }
            Msg::SeekEvent(event) => {
                self.pause();
                let result = self.timeline.seek_event(event + 1);
                self.note_error(result);
                self.sync_ring();
            }
            Msg::SetSpeed(i) => self.speed = i.min(SPEEDS.len() - 1),
            Msg::NewSeed => {
                let mut bytes = [0u8; 8];
                // The only place true randomness enters: choosing a seed. The run itself is
                // a function of the seed.
                self.params.seed = match getrandom::fill(&mut bytes) {
                    Ok(()) => u64::from_le_bytes(bytes) % 1_000_000,
                    Err(_) => self.params.seed.wrapping_add(1),
                };
                self.restart();
                // The ring's random keys come from the seed too: a shared run rebuilds them
                // from it.
                self.lab.reseed(self.params.seed);
                self.ring_changed(None);
            }
            Msg::ToggleShare => {
                if self.share.is_some() {
                    self.share = None;
                } else {
                    let url = self.share_url();
                    super::share::replace_url(&url);
                    self.share = Some(url);
                }
            }
            Msg::DownloadRun => {
                let result = super::share::run_to_json(&self.to_run()).and_then(|json| {
                    super::share::download(
                        &format!("ringleader-seed-{}.json", self.params.seed),
                        "application/json",
                        &json,
                    )
                });
                if let Err(e) = result {
                    self.error = Some(e);
                }
            }
            Msg::OpenFile(file) => {
                super::share::read_file(&file, ctx.link().callback(Msg::FileRead));
                return false;
            }
            Msg::FileRead(text) => {
                self.run_problem = None;
                let run = text.and_then(|t| super::share::run_from_json(&t));
                match run.and_then(|run| self.load_run(&run)) {
                    Ok(()) => {
                        self.share = None;
                        self.start_frame_loop(ctx);
                    }
                    // A bad file leaves the current run as it was.
                    Err(e) => self.run_problem = Some(e),
                }
            }
            Msg::ExportTrace => {
                let json = super::export::trace_json(self);
                if let Err(e) = super::share::download(
                    &format!("ringleader-trace-seed-{}.json", self.params.seed),
                    "application/json",
                    &json,
                ) {
                    self.error = Some(e);
                }
            }
            Msg::ExportSvg | Msg::ExportPng => {
                let png = matches!(msg, Msg::ExportPng);
                if let Err(e) = self.export_picture(png) {
                    self.error = Some(e);
                }
            }
            Msg::OpenFull => {
                if let Some(w) = web_sys::window() {
                    let l = w.location();
                    let base = format!(
                        "{}{}",
                        l.origin().unwrap_or_default(),
                        l.pathname().unwrap_or_default()
                    );
                    let url = format!(
                        "{base}#{}{}",
                        super::share::FRAGMENT,
                        crate::share::link::encode(&self.to_run())
                    );
                    w.open_with_url_and_target(&url, "_blank").ok();
                }
                return false;
            }
            Msg::PickScenario(id) => {
                if id.is_empty() {
                    self.scenario = None;
                } else if let Some(s) = crate::scenario::find(&id) {
                    self.start_scenario(s);
                }
                self.start_frame_loop(ctx);
            }
            Msg::NextCue => {
                self.next_cue();
                self.start_frame_loop(ctx);
            }
            Msg::PrevCue => {
                self.previous_cue();
                self.start_frame_loop(ctx);
            }
            Msg::OpenScenarioFile(file) => {
                super::share::read_file(&file, ctx.link().callback(Msg::ScenarioRead));
                return false;
            }
            Msg::ScenarioRead(text) => {
                self.run_problem = None;
                match text.and_then(|t| super::share::scenario_from_json(&t)) {
                    Ok(s) => {
                        self.share = None;
                        self.start_scenario(s);
                        self.start_frame_loop(ctx);
                    }
                    Err(e) => self.run_problem = Some(e),
                }
            }
            Msg::Resized => self.resizes = self.resizes.wrapping_add(1),
            Msg::DismissNotice => {
                self.problems.clear();
                self.info = None;
                self.run_problem = None;
            }
            Msg::ToggleHelp => self.show_help = !self.show_help,
            Msg::Key(e) => {
                let Some(msg) = self.key_message(&e) else {
                    return false;
                };
                e.prevent_default();
                return self.handle(ctx, msg);
            }
        }
        true
    }
}
