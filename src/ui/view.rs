//! What the playground draws from the state of `App`: the header, the stage with its caption
//! and space-time strip, the side panel (inspector, logs, safety, feed, settings) and the
//! playback bar. Reads the run; every change goes back to `App` as a message.

use crate::check::Property;
use crate::raft::{Actor, ActorView, Role, Timer};
use crate::sim::{DropReason, Duration, Fate, MsgId, NodeId, SimTime};
use yew::html::Scope;
use yew::prelude::*;

use super::app::{App, Msg, Selection, View, DEFAULT_SPEED, SPEEDS, SPEED_LABELS};
use super::feed::{sentence, Happening};
use super::i18n::{property_name, t, Text};
use super::inspector;
use super::logs::{Logs, ServerLog};
use super::params::Theme;
use super::settings;
use super::spacetime::{Arrow, Mark, SpaceTime};
use super::stage::{Drop, LinkState, NodeState, Stage};

/// How much recent virtual time the space-time strip shows.
const STRIP_WINDOW: Duration = Duration::from_millis(600);
/// Arrows drawn at most in the strip, newest first.
const STRIP_MAX: usize = 3000;
/// How long (in wall milliseconds at the current speed) a dropped message's ✕ stays.
const DROP_FADE_WALL_MS: u64 = 700;

pub fn render(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let theme = match app.theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    html! {
        <div class={classes!("shell", app.params.embed.then_some("embed"))} data-theme={theme}
             lang={lang.code()} tabindex="-1">
            if !app.params.embed { { header(app, link) } }
            { notices(app, link) }
            if app.show_help { { help(app, link) } }
            if app.share.is_some() { { share_dialog(app, link) } }
            <main class={classes!("main", view_class(app.view))}>
                <div class="stage-col">
                    <div class="lenses">
                        if app.view != View::Ring { { stage(app, link) } }
                        if app.view != View::Cluster { { ring(app) } }
                    </div>
                    { super::guide::caption_box(app, link) }
                    if app.view != View::Ring {
                        { quorum_warning(app) }
                        if app.scenario.is_none() { { caption(app) } }
                        if !app.params.embed { { strip(app, link) } }
                    }
                </div>
                if !app.params.embed {
                <aside class="panel">
                    if app.view != View::Cluster {
                        { super::ring_panel::render(app, link) }
                    }
                    if app.view != View::Ring {
                        <section class="inspector" aria-label={t(lang, Text::Inspector)} data-testid="inspector">
                            { inspector::render(app, link) }
                        </section>
                        <section aria-label={t(lang, Text::Logs)}>
                            <h2>{t(lang, Text::Logs)}</h2>
                            { logs(app) }
                        </section>
                        { safety(app, link) }
                        { feed(app, link) }
                        { settings::network(app, link) }
                        { settings::cluster(app, link) }
                    }
                    { stats(app) }
                </aside>
                }
            </main>
            { controls(app, link) }
        </div>
    }
}

fn view_class(view: View) -> &'static str {
    match view {
        View::Cluster => "view-cluster",
        View::Ring => "view-ring",
        View::Both => "view-both",
    }
}

fn header(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let tab = |view: View, text: Text| {
        html! {
            <button type="button" class={classes!("tab", (app.view == view).then_some("active"))}
                aria-pressed={(app.view == view).to_string()}
                onclick={link.callback(move |_| Msg::SetView(view))}>{t(lang, text)}</button>
        }
    };
    html! {
        <header class="topbar">
            <h1 class="brand">{"Ringleader"}</h1>
            <span class="tagline">{t(lang, Text::Tagline)}</span>
            <nav class="tabs" aria-label={t(lang, Text::ViewChoice)}>
                { tab(View::Cluster, Text::ClusterView) }
                { tab(View::Ring, Text::RingView) }
                { tab(View::Both, Text::BothViews) }
            </nav>
            { super::guide::picker(app, link) }
            <span class="spacer" />
            <button type="button" class="share-button" onclick={link.callback(|_| Msg::ToggleShare)}
                aria-expanded={app.share.is_some().to_string()}>{t(lang, Text::Share)}</button>
            <span class="seed">{t(lang, Text::Seed)}{" "}<code data-testid="seed">{app.params.seed}</code></span>
            <button type="button" onclick={link.callback(|_| Msg::NewSeed)}
                aria-label={t(lang, Text::NewSeed)} title={t(lang, Text::NewSeed)}>{"⟳"}</button>
            <button type="button" class="lang" onclick={link.callback(|_| Msg::ToggleLang)}
                aria-label={t(lang, Text::SwitchLanguage)}>{t(lang, Text::SwitchLanguage)}</button>
            <button type="button" class="help" onclick={link.callback(|_| Msg::ToggleHelp)}
                aria-label={t(lang, Text::Shortcuts)} title={t(lang, Text::Shortcuts)}
                aria-expanded={app.show_help.to_string()}>{"?"}</button>
            <button type="button" class="theme" onclick={link.callback(|_| Msg::ToggleTheme)}
                aria-label={t(lang, Text::Theme)} title={t(lang, Text::Theme)}>
                { if app.theme == Theme::Dark { "☀" } else { "☾" } }
            </button>
        </header>
    }
}

fn notices(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let problems = (!app.problems.is_empty()).then(|| {
        let items = app.problems.iter().map(|p| {
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
    let info = app.info.map(|text| {
        html! {
            <div class="notice info" role="status" data-testid="info">
                <span>{t(lang, text)}</span>
                <button type="button" onclick={link.callback(|_| Msg::DismissNotice)}>{t(lang, Text::Dismiss)}</button>
            </div>
        }
    });
    let run_problem = app.run_problem.as_ref().map(|why| {
        html! {
            <div class="notice" role="alert" data-testid="run-problem">
                <p><strong>{t(lang, Text::RunUnusable)}</strong>{" "}{why}{"."}</p>
                <p>{t(lang, Text::RunDefaults)}</p>
                <button type="button" onclick={link.callback(|_| Msg::DismissNotice)}>{t(lang, Text::Dismiss)}</button>
            </div>
        }
    });
    let error = app.error.as_ref().map(|e| {
        html! { <div class="notice error" role="alert">{e}</div> }
    });
    html! { <div class="notices">{ for problems }{ for run_problem }{ for info }{ for error }</div> }
}

fn share_dialog(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let url = app.share.clone().unwrap_or_default();
    let on_file = link.batch_callback(|e: Event| {
        e.target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
            .map(Msg::OpenFile)
    });
    let on_scenario = link.batch_callback(|e: Event| {
        e.target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
            .map(Msg::OpenScenarioFile)
    });
    html! {
        <div class="share-dialog" role="dialog" aria-label={t(lang, Text::Share)}>
            <h2>{t(lang, Text::Share)}</h2>
            <p class="explain">{t(lang, Text::ShareExplain)}</p>
            <input type="text" readonly=true value={url.clone()} data-testid="share-link"
                aria-label={t(lang, Text::ShareLink)}
                onfocus={Callback::from(|e: FocusEvent| {
                    if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() { i.select() }
                })} />
            <p class="explain" data-testid="share-size">{format!("{} {}", url.len(), t(lang, Text::Characters))}</p>
            <div class="actions">
                <button type="button" onclick={link.callback(|_| Msg::DownloadRun)}>{t(lang, Text::DownloadRun)}</button>
                <label class="file-button">{t(lang, Text::OpenRun)}
                    <input type="file" accept=".json,application/json" onchange={on_file}
                        aria-label={t(lang, Text::OpenRun)} />
                </label>
                <label class="file-button">{t(lang, Text::OpenScenario)}
                    <input type="file" accept=".json,application/json" onchange={on_scenario}
                        aria-label={t(lang, Text::OpenScenario)} />
                </label>
            </div>
            <div class="actions">
                <button type="button" onclick={link.callback(|_| Msg::ExportSvg)}>{t(lang, Text::ExportSvg)}</button>
                <button type="button" onclick={link.callback(|_| Msg::ExportPng)}>{t(lang, Text::ExportPng)}</button>
                <button type="button" onclick={link.callback(|_| Msg::ExportTrace)}>{t(lang, Text::ExportTrace)}</button>
            </div>
            <button type="button" onclick={link.callback(|_| Msg::ToggleShare)}>{t(lang, Text::Close)}</button>
        </div>
    }
}

fn help(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let rows = [
        (&["Space"][..], Text::KeySpace),
        (&["←", "→", "PgUp", "PgDn"][..], Text::KeyArrows),
        (&["1", "…", "9"][..], Text::KeySelect),
        (&["c"][..], Text::KeyCrash),
        (&["t"][..], Text::KeyTimeout),
        (&["w", "r"][..], Text::KeyWriteRead),
        (&["i", "h"][..], Text::KeyIsolate),
        (&["Esc"][..], Text::KeyEscape),
        (&["Tab", "Enter"][..], Text::KeyTab),
        (&["?"][..], Text::KeyHelp),
    ];
    let rows = rows.iter().map(|(keys, text)| {
        let keys = keys.iter().map(|k| html! { <><kbd>{*k}</kbd>{" "}</> });
        html! { <><dt>{ for keys }</dt><dd>{t(lang, *text)}</dd></> }
    });
    html! {
        <div class="help-overlay" role="dialog" aria-label={t(lang, Text::Shortcuts)}>
            <h2>{t(lang, Text::Shortcuts)}</h2>
            <dl>{ for rows }</dl>
            <button type="button" onclick={link.callback(|_| Msg::ToggleHelp)}>{t(lang, Text::Close)}</button>
        </div>
    }
}

fn stage(app: &App, link: &Scope<App>) -> Html {
    let sim = app.timeline.sim();
    let now = sim.now();
    let nodes: Vec<NodeState> = sim
        .views()
        .iter()
        .enumerate()
        .filter_map(|(i, v)| match v {
            ActorView::Server(view) => Some(NodeState {
                view: view.clone(),
                alive: sim.is_alive(NodeId(i as u8)),
                timer_left: election_timer_left(app, NodeId(i as u8), view.role),
            }),
            ActorView::Client(_) => None,
        })
        .collect();
    let servers = nodes.len() as u8;
    let net = sim.network();
    let links: Vec<Vec<LinkState>> = (0..servers)
        .map(|a| {
            (0..servers)
                .map(|b| {
                    let (na, nb) = (NodeId(a), NodeId(b));
                    match (net.is_up(na, nb), net.is_up(nb, na)) {
                        (true, true) => LinkState::Up,
                        (false, true) => LinkState::OneWay(na),
                        (true, false) => LinkState::OneWay(nb),
                        (false, false) => LinkState::Cut,
                    }
                })
                .collect()
        })
        .collect();
    let messages: Vec<_> = sim.in_flight().cloned().collect();
    // Crosses where messages died recently; "recently" scales with the speed so a cross
    // stays on screen for the same wall time at any speed.
    let fade = Duration(DROP_FADE_WALL_MS * u64::from(SPEEDS[app.speed]));
    let cursor = app.timeline.cursor();
    let drops: Vec<Drop> = recent_messages(app, fade)
        .filter(|r| r.ended_by.is_some_and(|e| e < cursor))
        .filter_map(|r| {
            let (end, at) = death(&r.envelope, r.fate)?;
            let age = (now - end).0 as f64 / fade.0.max(1) as f64;
            (age < 1.0).then_some(Drop {
                from: r.envelope.from,
                to: r.envelope.to,
                at,
                age,
            })
        })
        .collect();
    let pulse = heartbeat_pulse(app);
    let (selected_node, selected_link, selected_msg) = match app.selected {
        Some(Selection::Node(id)) => (Some(id), None, None),
        Some(Selection::Link(a, b)) => (None, Some((a, b)), None),
        Some(Selection::Message(m)) => (None, None, Some(m)),
        None => (None, None, None),
    };
    html! {
        <section class="stage-wrap" aria-label={t(app.lang, Text::Network)}>
            <Stage lang={app.lang} {now} {nodes} {messages} {links} {drops} {pulse}
                reduced_motion={app.reduced_motion}
                {selected_node} {selected_link} {selected_msg}
                on_node_click={link.callback(|id| Msg::Select(Some(Selection::Node(id))))}
                on_link_click={link.callback(|(a, b)| Msg::Select(Some(Selection::Link(a, b))))}
                on_msg_click={link.callback(|m| Msg::Select(Some(Selection::Message(m))))} />
        </section>
    }
}

/// The ring lens: one picture per algorithm (two in compare mode), with its numbers.
fn ring(app: &App) -> Html {
    let lang = app.lang;
    let lab = &app.lab;
    let mod_n = lab.change.as_ref().map(|(_, f)| *f);
    let optimal = lab.optimal_moved();
    let theme = if app.theme == Theme::Dark {
        "dark"
    } else {
        "light"
    };
    let figures = app.pictures.iter().zip(lab.lenses()).enumerate().map(|(i, (picture, lens))| {
        let label = format!("{}: {}", t(lang, Text::RingView), super::ring_view::algorithm_label(lens.algo, lang));
        html! {
            <div class="lens">
                <super::ring_view::RingCanvas {lang} picture={picture.clone()} phase={app.ring_phase} {theme} {label}
                    resizes={app.resizes} />
                { super::ring_view::readout(lens, &lab.members, mod_n, optimal, lang, i == 0) }
            </div>
        }
    });
    html! {
        <section class={classes!("ring-wrap", (lab.lenses().len() > 1).then_some("compare"))}
            aria-label={t(lang, Text::RingView)} data-testid="ring">
            { for figures }
        </section>
    }
}

/// Where and when a dropped message died: (time, share of the way from sender to receiver).
fn death(env: &crate::sim::Envelope<crate::raft::Msg>, fate: Fate) -> Option<(SimTime, f64)> {
    match fate {
        Fate::Dropped(_) if env.fate_at_send != Fate::InFlight => Some((env.sent_at, 0.12)),
        Fate::Dropped(DropReason::Loss) => Some((env.arrives_at, 0.5)),
        Fate::Dropped(_) => Some((env.arrives_at, 0.88)),
        _ => None,
    }
}

/// Message records sent up to now and within `span` before it (plus the longest latency, so
/// slow messages still in view are included), newest first.
fn recent_messages(
    app: &App,
    span: Duration,
) -> impl Iterator<Item = &crate::sim::MessageRecord<crate::raft::Msg>> {
    let now = app.timeline.sim().now();
    let cursor = app.timeline.cursor();
    let records = app.timeline.messages();
    let end = records.partition_point(|r| r.sent_by < cursor);
    let from = SimTime(now.0.saturating_sub(span.0 + longest_latency(app).0));
    records[..end]
        .iter()
        .rev()
        .take_while(move |r| r.envelope.sent_at >= from)
}

/// The longest latency any link can have now: no message older than this is still flying.
fn longest_latency(app: &App) -> Duration {
    let net = app.timeline.sim().network();
    let n = net.size();
    (0..n)
        .flat_map(|a| (0..n).map(move |b| (NodeId(a), NodeId(b))))
        .map(|(a, b)| net.latency_range(a, b).1)
        .fold(net.config.latency_max, Duration::max)
}

/// How much of a follower's or candidate's election timer is left, as a share of the longest
/// timeout; `None` for leaders (their timer paces CheckQuorum) and crashed nodes.
fn election_timer_left(app: &App, id: NodeId, role: Role) -> Option<f64> {
    let sim = app.timeline.sim();
    if role == Role::Leader || !sim.is_alive(id) {
        return None;
    }
    let max = app.config.raft.election_timeout_max.as_micros();
    let (_, at) = sim.timers_of(id).find(|(t, _)| *t == Timer::Election)?;
    let left = (at - sim.now()).as_micros();
    Some((left as f64 / max.max(1) as f64).clamp(0.0, 1.0))
}

/// The live leader's heartbeat pulse: how far it has spread since the last heartbeat.
fn heartbeat_pulse(app: &App) -> Option<(NodeId, f64)> {
    let sim = app.timeline.sim();
    let interval = app.config.raft.heartbeat_interval.as_micros().max(1);
    sim.nodes()
        .iter()
        .filter_map(Actor::as_server)
        .filter(|s| s.role() == Role::Leader && sim.is_alive(s.id()))
        .max_by_key(|s| s.term())
        .and_then(|s| {
            let (_, at) = sim
                .timers_of(s.id())
                .find(|(t, _)| *t == Timer::Heartbeat)?;
            let left = (at - sim.now()).as_micros().min(interval);
            Some((s.id(), 1.0 - left as f64 / interval as f64))
        })
}

/// The largest group of live servers that can all talk to each other (both ways), by size.
fn largest_connected_group(app: &App) -> u8 {
    let sim = app.timeline.sim();
    let net = sim.network();
    let n = app.config.servers;
    let mut seen = vec![false; usize::from(n)];
    let mut best = 0;
    for start in 0..n {
        if seen[usize::from(start)] || !sim.is_alive(NodeId(start)) {
            continue;
        }
        let mut stack = vec![start];
        seen[usize::from(start)] = true;
        let mut size = 0;
        while let Some(a) = stack.pop() {
            size += 1;
            for b in 0..n {
                let (na, nb) = (NodeId(a), NodeId(b));
                if !seen[usize::from(b)]
                    && sim.is_alive(nb)
                    && net.is_up(na, nb)
                    && net.is_up(nb, na)
                {
                    seen[usize::from(b)] = true;
                    stack.push(b);
                }
            }
        }
        best = best.max(size);
    }
    best
}

/// Said plainly when no majority can form: nothing can be elected or committed.
fn quorum_warning(app: &App) -> Html {
    let quorum = crate::raft::quorum(app.config.servers);
    let largest = u32::from(largest_connected_group(app));
    if largest >= quorum {
        return html! {};
    }
    let text = match app.lang {
        super::i18n::Lang::En => format!(
            "No majority: at most {largest} of {} servers can reach each other, and {quorum} are needed. \
             No leader can be elected and nothing can commit.",
            app.config.servers
        ),
        super::i18n::Lang::Zh => format!(
            "没有多数派：{} 台服务器中最多只有 {largest} 台能互相通信，至少需要 {quorum} 台。\
             无法选出领导者，也无法提交任何条目。",
            app.config.servers
        ),
    };
    html! { <p class="quorum-warning" role="status" data-testid="no-quorum">{text}</p> }
}

/// The latest happening in one large line under the stage: what a presenter reads out.
fn caption(app: &App) -> Html {
    let latest = app.feed.latest(app.timeline.cursor(), 1).next();
    let text = latest.map_or_else(
        || t(app.lang, Text::NothingYet).to_string(),
        |item| sentence(&item.what, app.lang),
    );
    html! { <p class="caption" aria-live="polite" data-testid="caption">{text}</p> }
}

fn strip(app: &App, link: &Scope<App>) -> Html {
    let sim = app.timeline.sim();
    let now = sim.now();
    let cursor = app.timeline.cursor();
    let start = SimTime(now.0.saturating_sub(STRIP_WINDOW.0));
    let lanes: Vec<String> = (0..sim.node_count())
        .map(|i| {
            if i < app.config.servers {
                NodeId(i).to_string()
            } else {
                t(app.lang, Text::ClientShort).to_string()
            }
        })
        .collect();
    let down: Vec<bool> = (0..sim.node_count())
        .map(|i| !sim.is_alive(NodeId(i)))
        .collect();
    let arrows: Vec<Arrow> = recent_messages(app, STRIP_WINDOW)
        .filter(|r| r.envelope.from != r.envelope.to)
        .filter_map(|r| {
            let env = &r.envelope;
            let ended = r.ended_by.is_some_and(|e| e < cursor);
            let (end, died_at) = match (ended, death(env, r.fate)) {
                (true, Some((end, at))) => (end, Some(at)),
                (_, _) if env.lost => (env.arrives_at, Some(0.5)),
                _ => (env.arrives_at, None),
            };
            (end >= start).then_some(Arrow {
                id: env.id,
                from: env.from.0,
                to: env.to.0,
                sent: env.sent_at,
                end,
                died_at,
                kind: env.msg.kind(),
            })
        })
        .take(STRIP_MAX)
        .collect();
    let marks: Vec<Mark> = app
        .feed
        .since(start, cursor)
        .filter_map(|item| {
            let (lane, symbol) = match item.what {
                Happening::BecameLeader { node, .. } => (node, "♛"),
                Happening::StartedElection { node, .. } => (node, "◆"),
                Happening::StartedPreVote { node, .. } => (node, "◇"),
                Happening::Crashed(node) => (node, "✕"),
                Happening::Restarted(node) => (node, "↻"),
                _ => return None,
            };
            Some(Mark {
                lane: lane.0,
                at: item.time,
                symbol,
            })
        })
        .collect();
    let selected = match app.selected {
        Some(Selection::Message(m)) => Some(m),
        _ => None,
    };
    html! {
        <SpaceTime lang={app.lang} {now} window={STRIP_WINDOW} {lanes} {down} {arrows} {marks}
            {selected} theme={if app.theme == Theme::Dark { "dark" } else { "light" }} on_select={link.callback(|m: MsgId| Msg::Select(Some(Selection::Message(m))))} />
    }
}

fn logs(app: &App) -> Html {
    let sim = app.timeline.sim();
    // The live leader of the highest term, and its view of every follower's log.
    let leader_progress = sim
        .nodes()
        .iter()
        .filter_map(Actor::as_server)
        .filter(|s| sim.is_alive(s.id()))
        .filter_map(|s| s.progress().map(|p| (s.term(), s.id(), p)))
        .max_by_key(|(term, _, _)| *term)
        .map(|(_, id, p)| (id, p));
    let servers: Vec<ServerLog> = sim
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
    html! { <Logs lang={app.lang} {servers} /> }
}

fn safety(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let cursor = app.timeline.cursor();
    let mark = |broken: Option<&crate::check::Violation>, label: &str, key: &str| {
        let ok = broken.is_none();
        html! {
            <li class={if ok { "ok" } else { "bad" }} data-property={key.to_string()}
                data-ok={ok.to_string()}
                title={broken.map(|v| v.to_string()).unwrap_or_default()}>
                <span class="mark" aria-hidden="true">{ if ok { "✓" } else { "✗" } }</span>
                {label.to_string()}
                if let Some(v) = broken {
                    <button type="button" class="at link-button" title={t(lang, Text::GoToEvent)}
                        onclick={let e = v.event; link.callback(move |_| Msg::SeekEvent(e))}>
                        {format!("{} {}", t(lang, Text::Event), v.event + 1)}
                    </button>
                }
            </li>
        }
    };
    let first_before = |p: Property| app.checker.first(p).filter(|v| v.event < cursor);
    let figure3 = Property::FIGURE_3
        .iter()
        .map(|&p| mark(first_before(p), property_name(p, lang), p.name()));
    let lemma = Property::LEMMAS
        .into_iter()
        .filter_map(first_before)
        .min_by_key(|v| v.event);
    let (ops, lin_ok, lin_title) = linearizability(app);
    let lin_name = property_name(Property::Linearizability, lang);
    html! {
        <section aria-label={t(lang, Text::Safety)}>
            <h2>{t(lang, Text::Safety)}</h2>
            <ul class="safety" data-testid="safety">
                { for figure3 }
                { mark(lemma, t(lang, Text::OtherChecks), "lemmas") }
                <li class={if lin_ok == Some(false) { "bad" } else { "ok" }} data-property="Linearizability"
                    data-ok={lin_ok.map_or("unknown".to_string(), |o| o.to_string())} title={lin_title}>
                    <span class="mark" aria-hidden="true">
                        { match lin_ok { Some(true) => "✓", Some(false) => "✗", None => "?" } }
                    </span>
                    {format!("{lin_name} ({} {ops})", t(lang, Text::ClientOps))}
                </li>
            </ul>
        </section>
    }
}

/// The clients' operations so far, checked as a history of the key-value store: (operations,
/// verdict if decided, what went wrong). Checked again only when the history changed, not
/// every frame.
fn linearizability(app: &App) -> (usize, Option<bool>, String) {
    use crate::check::linearizability::{check, Verdict};
    let clients: Vec<&crate::raft::Client> = app
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
    let mut cache = app.lin_cache.borrow_mut();
    if let Some(((o, a), verdict)) = cache.as_ref() {
        if (*o, *a) == (ops, answered) {
            return (ops, verdict.0, verdict.1.clone());
        }
    }
    let history: Vec<crate::raft::HistoryOp> = clients
        .iter()
        .flat_map(|c| c.history().iter().cloned())
        .collect();
    let verdict = match check(&history) {
        Verdict::Linearizable => (Some(true), String::new()),
        Verdict::Violation(v) => (Some(false), v.to_string()),
        Verdict::Undecided { key } => (None, key),
    };
    *cache = Some(((ops, answered), verdict.clone()));
    (ops, verdict.0, verdict.1)
}

fn feed(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let items: Vec<Html> = app
        .feed
        .latest(app.timeline.cursor(), 8)
        .map(|item| {
            let e = item.event;
            html! {
                <li>
                    <button type="button" class="when link-button" title={t(lang, Text::GoToEvent)}
                        onclick={link.callback(move |_| Msg::SeekEvent(e))}>{item.time.to_string()}</button>
                    {sentence(&item.what, lang)}
                </li>
            }
        })
        .collect();
    html! {
        <section aria-label={t(lang, Text::WhatHappened)}>
            <h2>{t(lang, Text::WhatHappened)}</h2>
            <ol class="feed" data-testid="feed">
                if items.is_empty() {
                    <li class="empty">{t(lang, Text::NothingYet)}</li>
                } else {
                    { for items }
                }
            </ol>
        </section>
    }
}

fn stats(app: &App) -> Html {
    let lang = app.lang;
    let sim = app.timeline.sim();
    let stats = sim.stats();
    let committed = sim
        .nodes()
        .iter()
        .filter_map(Actor::as_server)
        .map(|s| s.commit_index().0)
        .max()
        .unwrap_or(0);
    html! {
        <details class="stats-box">
            <summary>{t(lang, Text::Statistics)}</summary>
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
        </details>
    }
}

fn controls(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let sim = app.timeline.sim();
    let cursor = app.timeline.cursor();
    let play_label = if app.playing {
        t(lang, Text::Pause)
    } else {
        t(lang, Text::Play)
    };
    let speed_options = SPEED_LABELS.iter().enumerate().map(|(i, label)| {
        html! { <option value={i.to_string()} selected={i == app.speed}>{label}</option> }
    });
    let on_speed = link.callback(|e: Event| {
        let v = e
            .target_dyn_into::<web_sys::HtmlSelectElement>()
            .and_then(|s| s.value().parse().ok())
            .unwrap_or(DEFAULT_SPEED);
        Msg::SetSpeed(v)
    });
    let on_seek = link.callback(|e: InputEvent| {
        let v = e
            .target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|i| i.value().parse::<u64>().ok())
            .unwrap_or(0);
        Msg::Seek(SimTime(v))
    });
    let head = app.head.max(sim.now());
    let forked = app.timeline.forked_at().map(|at| {
        html! {
            <span class="forked" data-testid="forked" title={t(lang, Text::ForkedInfo)}>
                {format!("⑂ {} {}", t(lang, Text::ForkedAt), at)}
            </span>
        }
    });
    html! {
        <footer class="controls">
            <button type="button" class="play" onclick={link.callback(|_| Msg::TogglePlay)}
                aria-label={play_label} aria-pressed={(!app.playing).to_string()}>
                <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
                    if app.playing {
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
            if !app.params.embed {
                <input type="range" class="scrubber" min="0" max={head.0.to_string()} step="1000"
                    value={sim.now().0.to_string()} oninput={on_seek}
                    aria-label={t(lang, Text::Timeline)} title={t(lang, Text::Timeline)} />
            }
            <span class="clock" data-testid="clock">{"t = "}{sim.now().to_string()}
                <span class="event-no" data-testid="cursor">{format!(" · {} {cursor}", t(lang, Text::Event))}</span>
            </span>
            { for forked }
            if app.params.embed {
                <span class="spacer" />
                <button type="button" onclick={link.callback(|_| Msg::OpenFull)}
                    title={t(lang, Text::OpenFull)}>{t(lang, Text::OpenFull)}</button>
            } else {
                <label class="speed">{t(lang, Text::Speed)}
                    <select onchange={on_speed} aria-label={t(lang, Text::Speed)}>{ for speed_options }</select>
                </label>
                <button type="button" class="write" onclick={link.callback(|_| Msg::ClientWrite)}
                    aria-label={t(lang, Text::ClientWrite)} title={t(lang, Text::ClientWriteHint)}>{t(lang, Text::ClientWrite)}</button>
            }
        </footer>
    }
}
