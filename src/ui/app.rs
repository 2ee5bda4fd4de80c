//! The playground shell: header, stage, side panel, playback. Owns the simulation and advances
//! it once per animation frame, by a bounded amount of virtual time.

use crate::check::{Property, SafetyChecker};
use crate::raft::{Actor, ActorView, ClusterConfig, Input, Op, RaftSim};
use crate::sim::{Action, NodeId, Sim, SimTime, Timeline, TimelineError, Trace};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::feed::{sentence, Feed};
use super::i18n::{property_name, t, Lang, Text};
use super::logs::{Logs, ServerLog};
use super::params::{self, Params, Problem, Theme};
use super::stage::{LinkState, NodeState, Stage};

/// Virtual microseconds per wall millisecond at each speed step. The default (50) turns a
/// 15 ms message into a 0.3 s flight, slow enough to follow with the eye, and shows a first
/// election within a few seconds.
const SPEEDS: [u32; 7] = [5, 12, 25, 50, 100, 250, 1000];
const DEFAULT_SPEED: usize = 3;
/// A background tab resumes with a huge frame gap; never jump further than this at once.
const MAX_FRAME_MS: f64 = 100.0;

/// A pending `requestAnimationFrame`: its id (to cancel it) and the callback it will call.
type FrameRequest = (i32, Closure<dyn FnMut(f64)>);

pub enum Msg {
    Frame(f64),
    TogglePlay,
    ToggleLang,
    ToggleTheme,
    ToggleNode(NodeId),
    StepForward,
    StepBack,
    ClientWrite,
    CycleLink(NodeId, NodeId),
    SetLoss(u32),
    SetNodes(u8),
    ToggleHelp,
    SetSpeed(usize),
    NewSeed,
    DismissNotice,
}

pub struct App {
    params: Params,
    problems: Vec<Problem>,
    lang: Lang,
    theme: Theme,
    playing: bool,
    speed: usize,
    timeline: Timeline<Actor>,
    /// Raft's safety properties, checked after every new event of the run.
    checker: SafetyChecker,
    feed: Feed,
    last_frame: Option<f64>,
    frame: Option<FrameRequest>,
    error: Option<String>,
    show_help: bool,
}

impl App {
    fn start_frame_loop(&mut self, ctx: &Context<Self>) {
        if self.frame.is_some() || !self.playing {
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

    fn reset(&mut self, seed: u64) {
        self.params.seed = seed;
        self.timeline = Timeline::new(cluster(&self.params));
        self.checker = SafetyChecker::new();
        self.feed = Feed::new(self.timeline.sim());
        self.error = None;
    }

    /// Advance to virtual time `t`, feeding every new event to the checker and the feed.
    fn run_until(&mut self, t: SimTime) {
        let (checker, feed) = (&mut self.checker, &mut self.feed);
        let result = self
            .timeline
            .run_until_with(t, &mut |sim, ev, new| observe(checker, feed, sim, ev, new));
        self.note_error(result);
    }

    fn step_forward(&mut self) {
        let (checker, feed) = (&mut self.checker, &mut self.feed);
        let result = self
            .timeline
            .step_with(&mut |sim, ev, new| observe(checker, feed, sim, ev, new))
            .map(|_| ());
        self.note_error(result);
    }

    /// Schedule user actions at the cursor's moment (forking if the cursor is in the past)
    /// and apply them at once, so a paused page shows the effect.
    fn act_now(&mut self, actions: Vec<Action<Input>>) {
        let mut forked = false;
        for action in actions {
            match self.timeline.act(action) {
                Ok(f) => forked |= f,
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        if forked {
            self.recheck_after_fork();
        }
        let now = self.timeline.sim().earliest_command_time();
        self.run_until(now);
    }

    fn note_error(&mut self, result: Result<(), TimelineError>) {
        if let Err(e) = result {
            self.error = Some(e.to_string());
            self.playing = false;
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
        self.note_error(result);
    }
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

/// How much of a follower's or candidate's election timer is left, as a share of the longest
/// timeout; `None` for leaders (their timer paces CheckQuorum) and crashed nodes.
fn election_timer_left(sim: &RaftSim, id: NodeId, view: &crate::raft::ServerView) -> Option<f64> {
    if view.role == crate::raft::Role::Leader || !sim.is_alive(id) {
        return None;
    }
    let max = sim
        .node(id)
        .as_server()?
        .config()
        .election_timeout_max
        .as_micros();
    let (_, at) = sim
        .timers_of(id)
        .find(|(t, _)| *t == crate::raft::Timer::Election)?;
    let left = (at - sim.now()).as_micros();
    Some((left as f64 / max.max(1) as f64).clamp(0.0, 1.0))
}

/// The cluster the page shows: Raft servers with the teaching defaults and any broken rules.
fn cluster(params: &Params) -> RaftSim {
    let mut config = ClusterConfig {
        servers: params.nodes,
        // One client, driven by the "client write" button, so replication can be watched.
        clients: 1,
        ..ClusterConfig::default()
    };
    config.raft.breaks = params.breaks;
    config.build(params.seed)
}

fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
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
        let theme = params.theme.unwrap_or(if prefers_dark() {
            Theme::Dark
        } else {
            Theme::Light
        });
        let mut app = App {
            lang: params.lang,
            theme,
            playing: !params.paused,
            speed: DEFAULT_SPEED,
            timeline: Timeline::new(cluster(&params)),
            checker: SafetyChecker::new(),
            feed: Feed::default(),
            params,
            problems,
            last_frame: None,
            frame: None,
            error: None,
            show_help: false,
        };
        app.feed = Feed::new(app.timeline.sim());
        app.start_frame_loop(ctx);
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Frame(ts) => {
                self.frame = None;
                let dt = self
                    .last_frame
                    .map_or(0.0, |last| (ts - last).clamp(0.0, MAX_FRAME_MS));
                self.last_frame = Some(ts);
                let advance = (dt * f64::from(SPEEDS[self.speed])) as u64;
                let target = SimTime(self.timeline.sim().now().0 + advance);
                self.run_until(target);
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
            Msg::ToggleNode(id) => {
                let action = if self.timeline.sim().is_alive(id) {
                    Action::Crash(id)
                } else {
                    Action::Restart(id)
                };
                self.act_now(vec![action]);
            }
            Msg::CycleLink(a, b) => {
                // up → cut a→b → cut b→a → cut both → up.
                let net = self.timeline.sim().network();
                let actions = match (net.is_up(a, b), net.is_up(b, a)) {
                    (true, true) | (true, false) => vec![Action::Cut { from: a, to: b }],
                    (false, true) => vec![
                        Action::Heal { from: a, to: b },
                        Action::Cut { from: b, to: a },
                    ],
                    (false, false) => vec![
                        Action::Heal { from: a, to: b },
                        Action::Heal { from: b, to: a },
                    ],
                };
                self.act_now(actions);
            }
            Msg::SetLoss(percent) => {
                let ppm = percent.min(100) * 10_000;
                self.act_now(vec![Action::SetLoss { ppm }]);
            }
            Msg::SetNodes(n) => {
                self.params.nodes = n.clamp(1, params::MAX_NODES);
                self.reset(self.params.seed);
            }
            Msg::ClientWrite => {
                // The client is the actor after the servers. Keys cycle over x, y, z so the
                // store shows several of them; the value counts the writes.
                let client = NodeId(self.params.nodes);
                let n = self
                    .timeline
                    .sim()
                    .node(client)
                    .as_client()
                    .map_or(0, |c| c.history().len());
                let key = ["x", "y", "z"][n % 3].to_string();
                let op = Op::Put {
                    key,
                    value: (n + 1).to_string(),
                };
                self.act_now(vec![Action::Input(client, Input::Submit(op))]);
            }
            Msg::StepForward => {
                self.playing = false;
                self.stop_frame_loop();
                self.step_forward();
            }
            Msg::StepBack => {
                self.playing = false;
                self.stop_frame_loop();
                let back = self.timeline.cursor().saturating_sub(1);
                let result = self.timeline.seek_event(back);
                self.note_error(result);
            }
            Msg::SetSpeed(i) => self.speed = i.min(SPEEDS.len() - 1),
            Msg::NewSeed => {
                let mut bytes = [0u8; 8];
                // The only place true randomness enters: choosing a seed. The run itself is
                // a function of the seed.
                let seed = match getrandom::fill(&mut bytes) {
                    Ok(()) => u64::from_le_bytes(bytes) % 1_000_000,
                    Err(_) => self.params.seed.wrapping_add(1),
                };
                self.reset(seed);
            }
            Msg::DismissNotice => self.problems.clear(),
            Msg::ToggleHelp => self.show_help = !self.show_help,
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let sim = self.timeline.sim();
        let nodes: Vec<NodeState> = sim
            .views()
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v {
                ActorView::Server(view) => Some(NodeState {
                    view: view.clone(),
                    alive: sim.is_alive(NodeId(i as u8)),
                    timer_left: election_timer_left(sim, NodeId(i as u8), view),
                }),
                ActorView::Client(_) => None,
            })
            .collect();
        let servers = nodes.len() as u8;
        let messages: Vec<_> = sim
            .in_flight()
            .filter(|m| m.from.0 < servers && m.to.0 < servers)
            .cloned()
            .collect();
        let net = sim.network();
        let links: Vec<Vec<LinkState>> = (0..servers)
            .map(|a| {
                (0..servers)
                    .map(|b| {
                        let (ab, ba) = (
                            net.is_up(NodeId(a), NodeId(b)),
                            net.is_up(NodeId(b), NodeId(a)),
                        );
                        match (ab, ba) {
                            (true, true) => LinkState::Up,
                            (false, true) => LinkState::OneWay(NodeId(a)),
                            (true, false) => LinkState::OneWay(NodeId(b)),
                            (false, false) => LinkState::Cut,
                        }
                    })
                    .collect()
            })
            .collect();
        let committed = nodes
            .iter()
            .map(|n| n.view.commit_index.0)
            .max()
            .unwrap_or(0);
        let stats = sim.stats();
        let theme = match self.theme {
            Theme::Light => "light",
            Theme::Dark => "dark",
        };
        let play_label = if self.playing {
            t(lang, Text::Pause)
        } else {
            t(lang, Text::Play)
        };
        let notice = (!self.problems.is_empty()).then(|| {
            let items = self.problems.iter().map(|p| {
                html! { <li><code>{format!("{}={}", p.name, p.value)}</code>{": expected "}{p.expected}</li> }
            });
            html! {
                <div class="notice" role="alert">
                    <p>{"Some settings in the link could not be used; the defaults are shown instead. · 链接中的部分设置无效，已改用默认值。"}</p>
                    <ul>{ for items }</ul>
                    <button type="button" onclick={link.callback(|_| Msg::DismissNotice)}>{t(lang, Text::Dismiss)}</button>
                </div>
            }
        });
        let cursor = self.timeline.cursor();
        let mark = |broken: Option<&crate::check::Violation>, label: &str, key: &str| {
            let ok = broken.is_none();
            html! {
                <li class={if ok { "ok" } else { "bad" }} data-property={key.to_string()}
                    data-ok={ok.to_string()}
                    title={broken.map(|v| v.to_string()).unwrap_or_default()}>
                    <span class="mark" aria-hidden="true">{ if ok { "✓" } else { "✗" } }</span>
                    {label.to_string()}
                    if let Some(v) = broken {
                        <span class="at">{format!(" ({} {})", t(lang, Text::Event), v.event + 1)}</span>
                    }
                </li>
            }
        };
        let first_before = |p: Property| self.checker.first(p).filter(|v| v.event < cursor);
        let safety = Property::FIGURE_3
            .iter()
            .map(|&p| mark(first_before(p), property_name(p, lang), p.name()));
        let lemma = [
            Property::TermNeverDecreases,
            Property::OneVotePerTerm,
            Property::EntryTermsBounded,
            Property::CommitWithinLog,
        ]
        .into_iter()
        .filter_map(first_before)
        .min_by_key(|v| v.event);
        let feed_items: Vec<Html> = self
            .feed
            .latest(cursor, 6)
            .map(|item| html! {
                <li><span class="when">{item.time.to_string()}</span>{sentence(&item.what, lang)}</li>
            })
            .collect();
        // The live leader of the highest term, and its view of every follower's log.
        let leader_progress = sim
            .nodes()
            .iter()
            .filter_map(Actor::as_server)
            .filter(|s| sim.is_alive(s.id()))
            .filter_map(|s| s.progress().map(|p| (s.term(), s.id(), p)))
            .max_by_key(|(term, _, _)| *term)
            .map(|(_, id, p)| (id, p));
        let logs: Vec<ServerLog> = sim
            .nodes()
            .iter()
            .filter_map(Actor::as_server)
            .map(|s| {
                let progress = leader_progress
                    .as_ref()
                    .filter(|(leader, _)| *leader != s.id())
                    .and_then(|(_, p)| p.get(usize::from(s.id().0)))
                    .map(|(next, matched)| (matched.0, next.0));
                ServerLog::of(s, sim.is_alive(s.id()), progress)
            })
            .collect();
        let loss_percent = sim.network().config.loss_ppm / 10_000;
        let on_loss = link.callback(|e: InputEvent| {
            let v = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .and_then(|i| i.value().parse().ok())
                .unwrap_or(0);
            Msg::SetLoss(v)
        });
        let on_nodes = link.callback(|e: Event| {
            let v = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
                .unwrap_or(5);
            Msg::SetNodes(v)
        });
        let node_options = (1..=params::MAX_NODES).map(|k| {
            html! { <option value={k.to_string()} selected={k == self.params.nodes}>{k}</option> }
        });
        let speed_options = SPEEDS.iter().enumerate().map(|(i, s)| {
            let label = format!("{}×", f64::from(*s) / f64::from(SPEEDS[DEFAULT_SPEED]));
            html! { <option value={i.to_string()} selected={i == self.speed}>{label}</option> }
        });
        let on_speed = link.callback(|e: Event| {
            let v = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
                .unwrap_or(DEFAULT_SPEED);
            Msg::SetSpeed(v)
        });
        let on_key = link.batch_callback(|e: KeyboardEvent| {
            let target_is_control = e.target_dyn_into::<web_sys::Element>().is_some_and(|el| {
                matches!(el.tag_name().as_str(), "BUTTON" | "SELECT" | "INPUT" | "g")
            });
            let msg = match e.key().as_str() {
                " " if !target_is_control => Msg::TogglePlay,
                "ArrowRight" | "PageDown" => Msg::StepForward,
                "ArrowLeft" | "PageUp" => Msg::StepBack,
                "?" => Msg::ToggleHelp,
                _ => return None,
            };
            e.prevent_default();
            Some(msg)
        });
        html! {
            <div class="shell" data-theme={theme} lang={lang.code()} onkeydown={on_key} tabindex="-1">
                <header class="topbar">
                    <h1 class="brand">{"Ringleader"}</h1>
                    <span class="tagline">{t(lang, Text::Tagline)}</span>
                    <span class="spacer" />
                    <button type="button" class="lang" onclick={link.callback(|_| Msg::ToggleLang)}
                        aria-label={t(lang, Text::SwitchLanguage)}>{t(lang, Text::SwitchLanguage)}</button>
                    <button type="button" class="help" onclick={link.callback(|_| Msg::ToggleHelp)}
                        aria-label={t(lang, Text::Shortcuts)} title={t(lang, Text::Shortcuts)}
                        aria-expanded={self.show_help.to_string()}>{"?"}</button>
                    <button type="button" class="theme" onclick={link.callback(|_| Msg::ToggleTheme)}
                        aria-label={t(lang, Text::Theme)} title={t(lang, Text::Theme)}>
                        { if self.theme == Theme::Dark { "☀" } else { "☾" } }
                    </button>
                </header>
                { for notice }
                if self.show_help {
                    <div class="help-overlay" role="dialog" aria-label={t(lang, Text::Shortcuts)}>
                        <h2>{t(lang, Text::Shortcuts)}</h2>
                        <dl>
                            <dt><kbd>{"Space"}</kbd></dt><dd>{t(lang, Text::KeySpace)}</dd>
                            <dt><kbd>{"←"}</kbd>{" "}<kbd>{"→"}</kbd>{" · "}<kbd>{"PgUp"}</kbd>{" "}<kbd>{"PgDn"}</kbd></dt>
                            <dd>{t(lang, Text::KeyArrows)}</dd>
                            <dt><kbd>{"Tab"}</kbd>{" + "}<kbd>{"Enter"}</kbd></dt><dd>{t(lang, Text::KeyNode)}</dd>
                            <dt><kbd>{"Tab"}</kbd>{" + "}<kbd>{"Enter"}</kbd></dt><dd>{t(lang, Text::KeyLink)}</dd>
                            <dt><kbd>{"?"}</kbd></dt><dd>{t(lang, Text::KeyHelp)}</dd>
                        </dl>
                        <button type="button" onclick={link.callback(|_| Msg::ToggleHelp)}>{t(lang, Text::Close)}</button>
                    </div>
                }
                if let Some(e) = &self.error {
                    <div class="notice error" role="alert">{e}</div>
                }
                <main class="main">
                    <section class="stage-wrap" aria-label={t(lang, Text::Network)}>
                        <Stage {lang} now={sim.now()} {nodes} {messages} {links}
                            on_node_click={link.callback(Msg::ToggleNode)}
                            on_link_click={link.callback(|(a, b)| Msg::CycleLink(a, b))} />
                    </section>
                    <section class="log-panel" aria-label={t(lang, Text::Logs)}>
                        <h2>{t(lang, Text::Logs)}</h2>
                        <Logs {lang} servers={logs} />
                    </section>
                    <aside class="panel">
                        <p class="explainer">{t(lang, Text::RaftExplainer)}</p>
                        <div class="settings">
                            <label>{t(lang, Text::ClusterSize)}
                                <select onchange={on_nodes} aria-label={t(lang, Text::ClusterSize)}>{ for node_options }</select>
                            </label>
                            <label>{format!("{} {loss_percent}%", t(lang, Text::Loss))}
                                <input type="range" min="0" max="50" step="5" value={loss_percent.to_string()}
                                    oninput={on_loss} aria-label={t(lang, Text::Loss)} />
                            </label>
                        </div>
                        <h2>{t(lang, Text::Safety)}</h2>
                        <ul class="safety" data-testid="safety">
                            { for safety }
                            { mark(lemma, t(lang, Text::OtherChecks), "lemmas") }
                        </ul>
                        <h2>{t(lang, Text::WhatHappened)}</h2>
                        <ol class="feed" aria-live="polite" data-testid="feed">
                            if feed_items.is_empty() {
                                <li class="empty">{t(lang, Text::NothingYet)}</li>
                            } else {
                                { for feed_items }
                            }
                        </ol>
                        <dl class="stats">
                            <dt>{t(lang, Text::Time)}</dt><dd data-testid="time">{sim.now().to_string()}</dd>
                            <dt>{t(lang, Text::Events)}</dt><dd data-testid="events">{stats.events}</dd>
                            <dt>{t(lang, Text::Sent)}</dt><dd>{stats.sent}</dd>
                            <dt>{t(lang, Text::Delivered)}</dt><dd>{stats.delivered}</dd>
                            <dt>{t(lang, Text::Dropped)}</dt><dd>{stats.lost + stats.cut + stats.to_down_node}</dd>
                            <dt>{t(lang, Text::Commit)}</dt><dd data-testid="committed">{committed}</dd>
                            <dt>{t(lang, Text::InFlight)}</dt><dd>{sim.in_flight().count()}</dd>
                            <dt>{"trace hash"}</dt><dd data-testid="trace-hash"><code>{format!("{:016x}", sim.trace_hash())}</code></dd>
                        </dl>
                    </aside>
                </main>
                <footer class="controls">
                    <button type="button" class="play" onclick={link.callback(|_| Msg::TogglePlay)}
                        aria-label={play_label} aria-pressed={(!self.playing).to_string()}>
                        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
                            if self.playing {
                                <rect x="3" y="2" width="3.5" height="12" rx="1" />
                                <rect x="9.5" y="2" width="3.5" height="12" rx="1" />
                            } else {
                                <path d="M4 2 L14 8 L4 14 Z" />
                            }
                        </svg>
                        <span>{play_label}</span>
                    </button>
                    <button type="button" onclick={link.callback(|_| Msg::StepBack)}
                        aria-label={t(lang, Text::StepBack)} title={t(lang, Text::StepBack)}
                        disabled={cursor == 0}>
                        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
                            <rect x="2" y="2" width="2.5" height="12" rx="1" /><path d="M14 2 L5 8 L14 14 Z" />
                        </svg>
                    </button>
                    <button type="button" onclick={link.callback(|_| Msg::StepForward)}
                        aria-label={t(lang, Text::StepForward)} title={t(lang, Text::StepForward)}>
                        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
                            <path d="M2 2 L11 8 L2 14 Z" /><rect x="11.5" y="2" width="2.5" height="12" rx="1" />
                        </svg>
                    </button>
                    <button type="button" class="write" onclick={link.callback(|_| Msg::ClientWrite)}
                        aria-label={t(lang, Text::ClientWrite)}>{t(lang, Text::ClientWrite)}</button>
                    <label>{t(lang, Text::Speed)}
                        <select onchange={on_speed} aria-label={t(lang, Text::Speed)}>{ for speed_options }</select>
                    </label>
                    <span class="seed">{t(lang, Text::Seed)}{" "}<code data-testid="seed">{self.params.seed}</code></span>
                    <button type="button" onclick={link.callback(|_| Msg::NewSeed)}
                        aria-label={t(lang, Text::NewSeed)} title={t(lang, Text::NewSeed)}>{"⟳"}</button>
                    <span class="clock">{"t = "}{sim.now().to_string()}
                        <span class="event-no" data-testid="cursor">{format!("  {} {cursor}", t(lang, Text::Event))}</span>
                    </span>
                </footer>
            </div>
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.stop_frame_loop();
    }
}
