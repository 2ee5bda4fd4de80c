//! The page's layout: which panels show, and the small props each one gets. Called on every
//! frame, so it only builds models (plain data); the panels whose props did not change are
//! skipped by Yew, and only the models of visible panels are built.

use crate::playground::{QuorumState, View};
use std::rc::Rc;
use yew::prelude::*;

use super::app::{click, App, Msg, PanelTab, Selection};
use super::chrome::{self, Header};
use super::feed::{self, Feed};
use super::guide::ScenarioCaption;
use super::i18n::{t, Lang, Text};
use super::inspector::{Inspected, Inspector};
use super::live::{Live, LiveCell};
use super::logs::Logs;
use super::ring_panel::{KeyLookup, RingPanel};
use super::ring_view::{self, Probe};
use super::safety::Safety;
use super::settings::{ClientSettings, ClusterSettings, NetworkSettings};
use super::spacetime::SpaceTime;
use super::stage::Stage;

/// Happenings the feed lists: at least the latest few, and in a scenario all that the shown
/// cue's caption tells (since the cue before), up to the most.
const FEED_ITEMS: usize = 8;
const FEED_MOST: usize = 200;

pub fn render(app: &App) -> Html {
    app.renders.set(app.renders.get().wrapping_add(1));
    let lang = app.lang;
    let pg = &app.pg;
    let dispatch = app.dispatch.clone();
    let cluster = app.view.shows_cluster();
    let ring = app.view.shows_ring();
    // An embed has no side panel: a story told in the logs brings them beside the stage.
    let logs_in_embed = cluster && app.embed && pg.scenario().is_some_and(|p| p.scenario.logs);
    let scenario = pg.scenario().map(|p| {
        let s = &p.scenario;
        super::guide::CaptionModel {
            title: s.title.clone(),
            caption: p
                .shown
                .and_then(|i| s.steps.get(i))
                .map(|st| st.caption.clone()),
            // A ring scenario's steps have no moment on the clock (the ring changes between
            // them, not in time): its captions are never stamped.
            said_at: p
                .shown
                .and_then(|i| s.steps.get(i))
                .filter(|_| s.view != "ring")
                .map(|st| crate::sim::SimTime::from_millis(st.at_ms))
                // Once the playback bar's clock (in tenths of a millisecond) has moved on:
                // a cue's own client write leaves it a few µs after the cue.
                .filter(|&at| at.0 / 100 < pg.timeline().sim().now().0 / 100),
            cue: p.cue_at(pg.timeline().sim().now()),
            cues: s.cues(),
            finished: p.finished(),
            playing: pg.playing(),
            off_script: p.off_script,
        }
    });
    let theme = app.theme;
    html! {
        <div class={classes!("shell", app.embed.then_some("embed"))} data-theme={theme.name()}
             lang={lang.code()} tabindex="-1" style={format!("--zoom: {}", super::num::fixed(f64::from(app.zoom) / 100.0, 2))}>
            if !app.embed {
                <Header {lang} {theme} view={app.view}
                    seed={if app.view == View::Store { app.store.get().seed() } else { pg.seed() }}
                    scenario={if app.view == View::Store {
                        app.store.get().scenario().map(|p| Rc::new((p.scenario.id.to_string(), p.scenario.name.clone())))
                    } else {
                        pg.scenario().map(|p| Rc::new((p.scenario.id.clone(), p.scenario.name.clone())))
                    }}
                    share_open={app.share.is_some()} help_open={app.show_help} legend_open={app.show_legend}
                    dispatch={dispatch.clone()} />
            }
            { chrome::notices(&chrome::NoticesProps { lang, bad_params: app.bad_params.clone(), notice: app.notice,
                error: app.error.clone(), run_problem: app.run_problem.clone(), dispatch: dispatch.clone(),
                adjusted: app.adjusted.clone(),
                opening: app.opening.as_ref().map(|o| {
                    let (done, head) = o.opening.progress();
                    (done.0, head.0, o.opening.events())
                }) }) }
            if app.show_help { { chrome::help(&chrome::DialogProps { lang, dispatch: dispatch.clone() }) } }
            if app.show_legend { { chrome::legend(&chrome::DialogProps { lang, dispatch: dispatch.clone() }) } }
            if let Some(url) = &app.share {
                { chrome::share_dialog(&chrome::ShareDialogProps { lang, view: app.view, url: url.clone(), copied: app.copied, dispatch: dispatch.clone() }) }
            }
            if app.view == View::Lab {
                <main class={classes!("main", view_class(app.view))} inert={app.dialog_open()}>
                    <super::lab::LabView {lang} model={Rc::new(app.lab_model())} embed={app.embed} dispatch={dispatch.clone()} />
                </main>
            } else if app.view == View::Store {
                { store_view(app) }
            } else {
            <main class={classes!("main", view_class(app.view))} inert={app.dialog_open()}>
                <div class="stage-col">
                    if cluster { { quorum_lost(app) } }
                    if cluster && app.embed { { safety_broken(app) } }
                    // Before the stage in the page's order (the stylesheet shows it under the
                    // stage), so Tab reaches Next before every node and link.
                    // An embed that shows the logs beside the stage keeps what a caption says
                    // of them ("hatched"): only a stage alone leaves it out.
                    if let Some(model) = scenario {
                        <ScenarioCaption {lang} {model} embed={app.embed} logs_shown={logs_in_embed} dispatch={dispatch.clone()} />
                    }
                    <div class="lenses">
                        if cluster { { live(app, &app.live.stage, stage(app)) } }
                        if logs_in_embed {
                            <section class="embed-logs" aria-label={t(lang, Text::Logs)}>
                                <Logs {lang} model={Rc::new(pg.logs())} />
                            </section>
                        }
                        if ring { { ring_lenses(app) } }
                    </div>
                    if cluster {
                        if pg.scenario().is_none() {
                            { live(app, &app.live.caption, feed_caption(app)) }
                        }
                        if !app.embed {
                            { live(app, &app.live.strip, strip(app)) }
                        }
                    }
                </div>
                if !app.embed {
                    <aside class={classes!("panel", cluster.then_some("with-pinned"),
                        (app.selected.is_some() && app.tab.or_shown(app.view) == PanelTab::Inspect).then_some("sheet"))}>
                        if cluster {
                            <div class="pinned">
                                // First, so it is in view however long the logs: Figure 8's
                                // third broken row was below the panel's fold.
                                { safety_broken(app) }
                                <section aria-label={t(lang, Text::Logs)}>
                                    <h2 title={t(lang, Text::LogsHint)}>{t(lang, Text::Logs)}</h2>
                                    <Logs {lang} model={Rc::new(pg.logs())} />
                                </section>
                                <Safety {lang} summary={Rc::new(pg.safety())} dispatch={dispatch.clone()} />
                            </div>
                        }
                        { tab_bar(app) }
                        // Keyed by its tab: each tab opens at its own top, not at the scroll the last one left.
                        // A tab panel only where its tabs are shown (the ring view has one, hidden).
                        <div class="tab-panel" role={cluster.then_some("tabpanel")} id="panel-tab"
                            data-tab={app.tab.or_shown(app.view).name()} key={app.tab.name()}>
                            { tab_panel(app) }
                            // The run's figures are the cluster's: not under the ring alone.
                            if cluster {
                                { live(app, &app.live.stats, stats(app)) }
                            }
                        </div>
                    </aside>
                }
            </main>
            }
            // The ring alone has no time to play: no playback bar there.
            if cluster {
                { live(app, &app.live.controls, controls(app)) }
            } else if app.embed && app.view != View::Store {
                // A slide's ring or Lab still offers the way out to the whole page.
                { chrome::embed_bar(lang, &dispatch) }
            }
        </div>
    }
}

fn view_class(view: View) -> &'static str {
    match view {
        View::Cluster => "view-cluster",
        View::Ring => "view-ring",
        View::Both => "view-both",
        View::Lab => "view-lab",
        View::Store => "view-store",
    }
}

fn selected_message(app: &App) -> Option<crate::sim::MsgId> {
    match app.selected {
        Some(Selection::Message(m)) => Some(m),
        _ => None,
    }
}

/// A part that changes with the clock alone (see `live`), shown as `html`.
fn live(app: &App, cell: &Rc<LiveCell>, html: Html) -> Html {
    cell.set(html);
    html! { <Live cell={cell.clone()} version={app.renders.get()} /> }
}

/// The cluster view's parts that change with the clock alone, one cell each.
#[derive(Default)]
pub struct LiveParts {
    stage: Rc<LiveCell>,
    caption: Rc<LiveCell>,
    strip: Rc<LiveCell>,
    stats: Rc<LiveCell>,
    controls: Rc<LiveCell>,
}

/// A frame on which only the clock moved, in the cluster's view: its parts that change with
/// the clock are drawn again, and nothing else (see `live`).
pub fn redraw_live(app: &App) {
    // The same parts, on the same conditions, as `render` shows.
    let parts = &app.live;
    parts.stage.set(stage(app));
    parts.stage.redraw();
    parts.controls.set(controls(app));
    parts.controls.redraw();
    if app.pg.scenario().is_none() {
        parts.caption.set(feed_caption(app));
        parts.caption.redraw();
    }
    if !app.embed {
        parts.strip.set(strip(app));
        parts.strip.redraw();
        parts.stats.set(stats(app));
        parts.stats.redraw();
    }
}

fn feed_caption(app: &App) -> Html {
    let pg = &app.pg;
    feed::caption(&feed::CaptionProps {
        lang: app.lang,
        latest: pg.feed(1, 1).pop(),
        playing: pg.playing(),
        now: pg.sim().now(),
        leader: crate::scenario::leader(pg.sim()),
    })
}

fn strip(app: &App) -> Html {
    html! {
        <SpaceTime lang={app.lang} theme={app.theme} model={Rc::new(app.pg.strip())}
            selected={selected_message(app)} resizes={app.resizes} zoom={app.zoom} dispatch={app.dispatch.clone()} />
    }
}

fn stats(app: &App) -> Html {
    chrome::stats_box(&chrome::StatsProps {
        lang: app.lang,
        stats: app.pg.stats(),
    })
}

fn controls(app: &App) -> Html {
    let pg = &app.pg;
    chrome::controls(&chrome::ControlsProps {
        lang: app.lang,
        embed: app.embed,
        view: app.view,
        playing: pg.playing(),
        speed: pg.speed(),
        cursor: pg.timeline().cursor(),
        now: pg.sim().now(),
        head: pg.head(),
        forked_at: pg.timeline().forked_at(),
        zoom: app.zoom,
        dispatch: app.dispatch.clone(),
    })
}

fn stage(app: &App) -> Html {
    html! {
        <section class="stage-wrap" aria-label={t(app.lang, Text::Network)}>
            <Stage lang={app.lang} model={Rc::new(app.pg.stage())} aspect={app.stage_aspect}
                zoom={app.zoom} reduced_motion={app.reduced_motion} embed={app.embed}
                selected={app.selected} dispatch={app.dispatch.clone()} />
        </section>
    }
}

/// The banner above the stage when no majority can form (above it, not over it: the servers it
/// speaks of stay in sight).
fn quorum_lost(app: &App) -> Html {
    let quorum = app.pg.quorum();
    html! {
        if quorum.lost() {
            { quorum_banner(&QuorumBannerProps { lang: app.lang, state: quorum }) }
        }
    }
}

/// The properties broken as of the cursor, and linearizability when the clients' history has
/// none, in a line a scenario's caption may be read against: over an embed's stage (it has no
/// safety panel), at the top of the page's side panel (whose rows may be below its fold).
fn safety_broken(app: &App) -> Html {
    let s = app.pg.safety();
    let broken: Vec<&str> =
        s.figure3
            .iter()
            .filter(|row| row.broken.is_some())
            .map(|row| super::i18n::property_name(row.property, app.lang))
            .chain(s.lemma.as_ref().map(|_| t(app.lang, Text::OtherChecks)))
            .chain((app.pg.linearizability().ok == Some(false)).then(|| {
                super::i18n::property_name(crate::check::Property::Linearizability, app.lang)
            }))
            .collect();
    broken_banner(app.lang, &broken)
}

/// "✗ Safety broken: …" over an embedded stage, if anything is.
fn broken_banner(lang: Lang, broken: &[&str]) -> Html {
    if broken.is_empty() {
        return html! {};
    }
    let list = broken.join(super::i18n::comma(lang));
    let text = format!(
        "✗ {}{}{list}",
        t(lang, Text::SafetyBroken),
        super::i18n::colon(lang)
    );
    html! {
        <p class="quorum-warning" role="status" data-testid="safety-broken" title={text.clone()}>{text}</p>
    }
}

/// The side panel's tabs: what is not pinned above them.
fn tab_bar(app: &App) -> Html {
    let lang = app.lang;
    // The tab shown: the one chosen, or the view's first if this view has not that one.
    let shown = app.tab.or_shown(app.view);
    let tabs = PanelTab::ALL
        .into_iter()
        .filter(|tab| tab.shown_in(app.view))
        .map(|tab| {
            let active = shown == tab;
            html! {
                <button type="button" role="tab" class={classes!("panel-tab", active.then_some("active"))}
                    aria-selected={active.to_string()} aria-controls="panel-tab" data-tab={tab.name()}
                    onclick={click(&app.dispatch, Msg::Tab(tab))}>{t(lang, tab.text())}</button>
            }
        });
    html! { <div class="panel-tabs" role="tablist" aria-label={t(lang, Text::PanelTabs)}>{ for tabs }</div> }
}

fn tab_panel(app: &App) -> Html {
    let lang = app.lang;
    let pg = &app.pg;
    let dispatch = app.dispatch.clone();
    match app.tab.or_shown(app.view) {
        PanelTab::Ring => html! {
            <RingPanel {lang} model={app.ring_model.clone()}
                error={app.ring_error.clone()}
                lookup={key_lookup(app)} compact={app.view == View::Both || pg.scenario().is_some()} {dispatch} />
        },
        PanelTab::Inspect => html! {
            <Inspector {lang} inspected={inspected(app)} {dispatch} />
        },
        PanelTab::Network => html! {
            <NetworkSettings {lang} key={pg.servers()} servers={pg.servers()}
                net={pg.sim().network().config.clone()} {dispatch} />
        },
        PanelTab::Cluster => html! {
            <>
                <ClusterSettings {lang} servers={pg.servers()} raft={pg.config().raft} dispatch={dispatch.clone()} />
                <ClientSettings {lang} config={pg.config().clone()} {dispatch} />
            </>
        },
        PanelTab::Feed => html! {
            <Feed {lang} items={Rc::new(pg.feed(FEED_ITEMS, FEED_MOST))} playing={pg.playing()} {dispatch} />
        },
        PanelTab::History => html! {
            <super::history::History {lang} model={Rc::new(pg.history())} {dispatch} />
        },
    }
}

/// What the inspector shows: the selected node, link or message, as of the cursor.
fn inspected(app: &App) -> Inspected {
    let pg = &app.pg;
    match app.selected {
        Some(Selection::Node(id)) => pg
            .node_facts(id)
            .map_or(Inspected::Nothing, Inspected::Node),
        Some(Selection::Link(a, b)) => pg
            .link_facts(a, b)
            .map_or(Inspected::Nothing, Inspected::Link),
        Some(Selection::Message(m)) => pg.message(m).map_or(Inspected::Nothing, |(r, ended)| {
            Inspected::Message(Rc::new(r.clone()), ended)
        }),
        None => Inspected::Nothing,
    }
}

/// The typed key of "where does my key go?", looked up, once something is typed.
fn key_lookup(app: &App) -> Option<KeyLookup> {
    let key = app.key_lookup.trim();
    (!key.is_empty())
        .then(|| KeyLookup::of(app.pg.lab(), key))
        .flatten()
}

/// The ring lens: one picture per algorithm (two in compare mode), with its numbers.
fn ring_lenses(app: &App) -> Html {
    let lang = app.lang;
    let lab = app.pg.lab();
    let probe = |i: usize| -> Option<Rc<Probe>> {
        let key = app.key_lookup.trim();
        if key.is_empty() {
            return None;
        }
        let lens = lab.lenses().get(i)?;
        let placement = lens.placement.as_ref().ok()?;
        let k = crate::ring::Key::new(key);
        let served_by = placement
            .preference(&k, lab.replicas)
            .into_iter()
            .find(|&id| lab.members.get(id).is_some_and(|m| m.up))
            .map(|id| id.0);
        Some(Rc::new(Probe {
            name: key.to_string(),
            position: if lens.algo == crate::ring::Algorithm::Ketama {
                u64::from(k.ketama) << 32
            } else {
                k.hash
            },
            served_by,
        }))
    };
    let lenses = app
        .pictures
        .iter()
        .enumerate()
        .map(|(i, (picture, readout))| {
            ring_view::ring_lens(&ring_view::RingLensProps {
                lang,
                theme: app.theme,
                picture: picture.clone(),
                readout: readout.clone(),
                phase: app.ring_phase,
                resizes: app.resizes,
                probe: probe(i),
                zoom: app.zoom,
            })
        });
    html! {
        <section class={classes!("ring-wrap", (app.pictures.len() > 1).then_some("compare"))}
            aria-label={t(lang, Text::RingView)} data-testid="ring">
            { for lenses }
        </section>
    }
}

pub struct QuorumBannerProps {
    pub lang: Lang,
    pub state: QuorumState,
}

/// Said plainly when no majority can form: nothing can be elected or committed. (Shown only
/// then: a component that renders nothing trips Yew 0.23's reconciliation of its siblings,
/// yewstack/yew#4092.)
pub fn quorum_banner(props: &QuorumBannerProps) -> Html {
    let s = props.state;
    let (largest, servers, quorum) = (s.largest, s.servers, s.quorum);
    let text = match props.lang {
        Lang::En => format!(
            "No majority: no server can exchange messages with {quorum} of the {servers} servers (itself included); \
             the best reaches {largest}. No new leader can be elected and nothing can commit."
        ),
        Lang::Zh => format!(
            "没有多数派：{servers} 台服务器中，没有一台能与 {quorum} 台（含自己）互通消息，最多只有 {largest} 台。\
             无法选出新的领导者，也无法提交任何条目。"
        ),
    };
    html! { <p class="quorum-warning" role="status" data-testid="no-quorum">{text}</p> }
}

/// The quorum store's view: its ring stage and caption, the history of its clients and its
/// settings, and the playback bar.
fn store_view(app: &App) -> Html {
    use super::store::{StorePanel, StoreStageView};
    let lang = app.lang;
    let store = app.store.get();
    let dispatch = app.dispatch.clone();
    let stage = Rc::new(store.stage());
    let caption = store.scenario().map(|p| super::guide::CaptionModel {
        title: p.scenario.title.clone(),
        caption: Some(p.caption().clone()),
        said_at: None,
        cue: p.cue + 1,
        cues: p.cues(),
        // The last cue is done once its part of the run has played (Next plays it).
        finished: p.finished() && store.sim().now().0 + 1 >= p.scenario.end.0,
        playing: store.playing(),
        off_script: p.off_script,
    });
    let selected = app.store_selected.and_then(|id| {
        let n = stage.nodes.get(usize::from(id.0))?;
        Some((id, n.up, !n.isolated))
    });
    let net = store.sim().network();
    let latency = (
        (net.config.latency_min.as_micros() / 1000) as u32,
        (net.config.latency_max.as_micros() / 1000) as u32,
    );
    let loss_pct = crate::share::percent_of_ppm(net.config.loss_ppm);
    let tl = store.timeline();
    // Read by the panel's feed and free play's caption: a slide playing a scenario has neither.
    let feed = Rc::new(if app.embed && store.scenario().is_some() {
        Vec::new()
    } else {
        store.feed(super::store_feed::STORE_FEED_LINES)
    });
    html! {
        <>
            <main class={classes!("main", "view-store")} inert={app.dialog_open()}>
                <div class="stage-col">
                    // An embed has no history view: a history no order explains is said over the stage.
                    if app.embed && store.verdict().ok == Some(false) {
                        { broken_banner(lang, &[super::i18n::property_name(crate::check::Property::Linearizability, lang)]) }
                    }
                    // Before the stage in the page's order, shown under it (as in the cluster's view).
                    if let Some(model) = caption {
                        <ScenarioCaption {lang} {model} embed={app.embed} logs_shown={false} dispatch={dispatch.clone()} />
                    }
                    <div class="lenses">
                        <section class="stage-wrap" aria-label={t(lang, Text::StoreView)}>
                            <StoreStageView {lang} model={stage.clone()} aspect={app.stage_aspect} selected={app.store_selected} dispatch={dispatch.clone()} />
                        </section>
                    </div>
                    // Free play's caption: what just happened, as the cluster's says it.
                    if store.scenario().is_none() {
                        { super::store_feed::caption(&super::store_feed::CaptionProps { lang,
                            latest: feed.last().cloned(), now: store.sim().now(), nodes: store.config().nodes,
                            workload: store.config().load.is_some(), embed: app.embed }) }
                    }
                    // The stage's footnote, as text that wraps, in the page's type.
                    <p class="store-note" aria-hidden="true">{t(lang, Text::StoreEvenly)}</p>
                </div>
                if !app.embed {
                    <aside class="panel store-aside">
                        <section aria-label={t(lang, Text::StoreHistory)}>
                            <h2>{t(lang, Text::StoreHistory)}</h2>
                            <super::history::History {lang} model={Rc::new(store.history())} dispatch={dispatch.clone()}
                                empty={Text::StoreHistoryEmpty} />
                        </section>
                        <super::store_feed::StoreFeed {lang} nodes={store.config().nodes} dispatch={dispatch.clone()}
                            items={feed.clone()} />
                        <StorePanel {lang} config={store.config().clone()} {selected} {loss_pct} {latency}
                            dispatch={dispatch.clone()} />
                    </aside>
                }
            </main>
            { chrome::controls(&chrome::ControlsProps { lang, embed: app.embed, view: app.view, playing: store.playing(),
                speed: store.speed(), cursor: tl.cursor(), now: store.sim().now(),
                head: store.head(), forked_at: tl.forked_at(), zoom: app.zoom, dispatch }) }
        </>
    }
}
