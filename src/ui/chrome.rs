//! The page's chrome: the header, notices, the shortcut list, the share dialog, the playback
//! bar and the statistics. The header is a component, skipped unless its props change; the
//! rest are functions of small props, rebuilt with the app's view (a few dozen elements), of
//! which Yew writes to the page only what changed: on a frame that only moves the run, the
//! clock, the statistics and, in a rewound run, the scrubber. (The playback bar as two
//! components that skip such frames cost 2.1 KB of gzip for no gain measurable here.)

use crate::playground::page::{scrub, BadParam};
use crate::playground::{Intent, Notice, Speed, Theme, View};
use crate::sim::SimTime;
use std::rc::Rc;
use yew::prelude::*;

use super::app::{click, send_if, Dispatch, Msg};
use super::i18n::{expected, keyed, t, Lang, Text};
use super::num::ms;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lang: Lang,
    pub theme: Theme,
    pub view: View,
    pub seed: u64,
    /// The id and name of the scenario being played.
    pub scenario: Option<Rc<(String, crate::scenario::Caption)>>,
    pub share_open: bool,
    pub help_open: bool,
    pub legend_open: bool,
    pub dispatch: Dispatch,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    let tab = |view: View, text: Text| {
        let active = props.view == view;
        html! {
            <button type="button" class={classes!("tab", active.then_some("active"))}
                aria-pressed={super::num::flag(active)}
                onclick={click(d, Msg::SetView(view))}>{t(lang, text)}</button>
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
                { tab(View::Store, Text::StoreView) }
                { tab(View::Lab, Text::LabView) }
            </nav>
            { super::guide::scenario_picker(&super::guide::PickerProps { lang, current: props.scenario.clone(), dispatch: d.clone() }) }
            <span class="spacer" />
            <button type="button" class="share-button" onclick={click(d, Msg::ToggleShare)}
                aria-expanded={super::num::flag(props.share_open)}>{t(lang, Text::Share)}</button>
            // The Lab has a seed of its own among its settings: the playground's is not its.
            if props.view != View::Lab {
                <span class="seed">{t(lang, Text::Seed)}{" "}<code data-testid="seed" title={props.seed.to_string()}>{props.seed}</code></span>
                <button type="button" onclick={click(d, Msg::NewSeed)}
                    aria-label={t(lang, Text::NewSeed)} title={t(lang, Text::NewSeed)}>{"⟳"}</button>
            }
            <button type="button" class="lang" onclick={click(d, Msg::ToggleLang)}
                aria-label={t(lang, Text::SwitchLanguage)}>{t(lang, Text::SwitchLanguage)}</button>
            <button type="button" class="legend-button" onclick={click(d, Msg::ToggleLegend)}
                aria-expanded={super::num::flag(props.legend_open)} title={t(lang, Text::Legend)}>{t(lang, Text::Legend)}</button>
            <button type="button" class="help" onclick={click(d, Msg::ToggleHelp)}
                aria-label={t(lang, Text::Shortcuts)} title={t(lang, Text::Shortcuts)}
                aria-expanded={super::num::flag(props.help_open)}>{"?"}</button>
            <button type="button" class="theme" onclick={click(d, Msg::ToggleTheme)}
                aria-label={t(lang, Text::Theme)} title={t(lang, Text::Theme)}>
                { if props.theme == Theme::Dark { "☀" } else { "☾" } }
            </button>
        </header>
    }
}

/// The bar under an embedded view that has no time to play (the ring, the Lab): only the way
/// out to the whole page.
pub fn embed_bar(lang: Lang, d: &Dispatch) -> Html {
    html! { <footer class="controls">{ open_full(lang, d) }</footer> }
}

/// An embed's way out: the whole page, at the same view and run, in a new tab.
fn open_full(lang: Lang, d: &Dispatch) -> Html {
    html! {
        <>
            <span class="spacer" />
            <button type="button" onclick={click(d, Msg::OpenFull)}
                title={t(lang, Text::OpenFull)}>{t(lang, Text::OpenFull)}</button>
        </>
    }
}

/// What the page's error line says: something asked for that could not be done.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// The simulation reached one of its bounds.
    Run(crate::sim::TimelineError),
    /// The ring refused these actions of a scenario step.
    Step(Vec<crate::ring::RingError>),
    /// A store scenario that is not in the library.
    NoScenario(String),
    /// A download or an export.
    Refused(super::share::Refused),
}

pub struct NoticesProps {
    pub lang: Lang,
    pub bad_params: Rc<Vec<BadParam>>,
    pub notice: Option<Notice>,
    pub error: Option<Failure>,
    pub run_problem: Option<super::share::RunProblem>,
    pub dispatch: Dispatch,
    pub adjusted: Option<super::app::Adjusted>,
    /// A long run being opened: virtual µs replayed, the run's head, events so far.
    pub opening: Option<(u64, u64, u64)>,
}

/// ": expected …" after a refused setting; in Chinese a full-width colon, and a space after
/// 应为 only before Latin text.
fn refusal(lang: Lang, what: &str) -> String {
    let word = t(lang, Text::ExpectedWord);
    match lang {
        Lang::En => format!(": {word} {what}"),
        Lang::Zh if what.starts_with(|c: char| c.is_ascii()) => format!("：{word} {what}"),
        Lang::Zh => format!("：{word}{what}"),
    }
}

pub fn notices(props: &NoticesProps) -> Html {
    let lang = props.lang;
    let dismiss = html! {
        <button type="button" onclick={click(&props.dispatch, Msg::DismissNotices)}>{t(lang, Text::Dismiss)}</button>
    };
    let bad = (!props.bad_params.is_empty()).then(|| {
        let items = props.bad_params.iter().map(|p| {
            html! {
                <li><code>{format!("{}={}", p.name, p.value)}</code>
                    {refusal(lang, expected(p.expected, lang))}</li>
            }
        });
        html! {
            <div class="notice" role="alert">
                <p>{t(lang, Text::BadParams)}</p>
                <ul>{ for items }</ul>
                { dismiss.clone() }
            </div>
        }
    });
    let info = props.notice.map(|n| {
        let restarted = |dropped: u32| match dropped {
            0 => t(lang, Text::RestartedInfo).to_string(),
            _ => super::i18n::restarted_without(dropped, lang),
        };
        let text = match n {
            Notice::Forked => t(lang, Text::ForkedInfo).to_string(),
            Notice::Restarted { dropped } => restarted(dropped),
            // (No space after a Chinese full stop.)
            Notice::QuorumsLowered { dropped, n, w, r } => format!(
                "{}{}{}",
                restarted(dropped),
                if lang == Lang::Zh { "" } else { " " },
                super::i18n::quorums_lowered(n, w, r, lang)
            ),
            Notice::OpeningCancelled => t(lang, Text::OpeningCancelledInfo).to_string(),
            Notice::RunOverSettings => t(lang, Text::RunOverSettingsInfo).to_string(),
        };
        html! {
            <div class="notice info" role="status" data-testid="info">
                <span>{text}</span>
                { dismiss.clone() }
            </div>
        }
    });
    let adjusted = props.adjusted.as_ref().map(|a| {
        html! {
            <div class="notice info" role="status" data-testid="adjusted">
                <span>{super::i18n::adjusted(a, lang)}</span>
                { dismiss.clone() }
            </div>
        }
    });
    let run_problem = props.run_problem.as_ref().map(|p| {
        use super::share::Source;
        let (head, then) = match p.source {
            Source::Link => (Text::LinkUnusable, Text::RunDefaults),
            Source::RunFile => (Text::RunFileUnusable, Text::RunKept),
            Source::ScenarioFile => (Text::ScenarioFileUnusable, Text::RunKept),
        };
        html! {
            <div class="notice" role="alert" data-testid="run-problem">
                // (A full-width colon ends the Chinese head: no space after it.)
                <p><strong>{t(lang, head)}</strong>{if lang == Lang::Zh { "" } else { " " }}{why_text(&p.why, lang)}</p>
                <p>{t(lang, then)}</p>
                { dismiss.clone() }
            </div>
        }
    });
    let opening = props.opening.map(|(done, head, events)| {
        let text = super::i18n::opening(done, head, events, lang);
        html! {
            <div class="notice info opening" data-testid="opening">
                <span role="status">{text.clone()}</span>
                <progress max={head.max(1).to_string()} value={done.to_string()} aria-label={text}></progress>
                <button type="button" onclick={click(&props.dispatch, Msg::CancelOpening)}>{t(lang, Text::Cancel)}</button>
            </div>
        }
    });
    let error = props.error.as_ref().map(|e| {
        html! { <div class="notice error" role="alert">{super::i18n::failure(e, lang)}{" "}{ dismiss.clone() }</div> }
    });
    // Each kind in a box of its own, so that one appearing does not rebuild those before it.
    html! {
        <div class="notices">
            <div class="slot">{ for bad }</div>
            <div class="slot">{ for run_problem }</div>
            <div class="slot">{ for opening }</div>
            <div class="slot">{ for info }</div>
            <div class="slot">{ for adjusted }</div>
            <div class="slot">{ for error }</div>
        </div>
    }
}

pub struct DialogProps {
    pub lang: Lang,
    pub dispatch: Dispatch,
}

pub fn help(props: &DialogProps) -> Html {
    let lang = props.lang;
    let rows = [
        (&["Space"][..], Text::KeySpace),
        (&["←", "→", "PgUp", "PgDn"][..], Text::KeyArrows),
        (&["→", "←", "PgDn", "PgUp"][..], Text::KeyNextCue),
        (&["1", "…", "9"][..], Text::KeySelect),
        (&["c"][..], Text::KeyCrash),
        (&["t"][..], Text::KeyTimeout),
        (&["w", "r"][..], Text::KeyWriteRead),
        (&["i"][..], Text::KeyIsolate),
        (&["h"][..], Text::KeyHeal),
        (&["+", "−", "0"][..], Text::KeyZoom),
        (&["Esc"][..], Text::KeyEscape),
        (&["Tab", "Enter"][..], Text::KeyTab),
        (&["l"][..], Text::KeyLegend),
        (&["?"][..], Text::KeyHelp),
    ];
    let rows = rows.iter().map(|(keys, text)| {
        let keys = keys.iter().map(|k| html! { <><kbd>{*k}</kbd>{" "}</> });
        html! { <><dt>{ for keys }</dt><dd>{t(lang, *text)}</dd></> }
    });
    html! {
        <div class="help-overlay" role="dialog" aria-modal="true" tabindex="-1" aria-label={t(lang, Text::Shortcuts)}>
            <h2>{t(lang, Text::Shortcuts)}</h2>
            <dl>{ for rows }</dl>
            <p class="explain">{t(lang, Text::SpeedMeans)}</p>
            <button type="button" onclick={click(&props.dispatch, Msg::ToggleHelp)}>{t(lang, Text::Close)}</button>
        </div>
    }
}

pub struct ShareDialogProps {
    pub lang: Lang,
    /// What the link holds: the store's run, the Lab's experiment, or the cluster's run.
    pub view: View,
    pub url: String,
    /// Whether the last copy worked, once tried.
    pub copied: Option<bool>,
    pub dispatch: Dispatch,
}

fn picked_file(e: &Event) -> Option<web_sys::File> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .and_then(|i| i.files())
        .and_then(|f| f.get(0))
}

pub fn share_dialog(props: &ShareDialogProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    let on_file = send_if(d, |e: Event| picked_file(&e).map(Msg::OpenRunFile));
    let on_scenario = send_if(d, |e: Event| picked_file(&e).map(Msg::OpenScenarioFile));
    // The run file and the trace are the cluster's run: offered where the cluster is shown,
    // not beside the store's or the Lab's link, which hold something else.
    let (explain, cluster) = match props.view {
        View::Store => (Text::ShareExplainStore, false),
        View::Lab => (Text::ShareExplainLab, false),
        View::Cluster | View::Ring | View::Both => (Text::ShareExplain, true),
    };
    html! {
        <div class="share-dialog" role="dialog" aria-modal="true" aria-label={t(lang, Text::Share)}>
            <h2>{t(lang, Text::Share)}</h2>
            <p class="explain">{t(lang, explain)}</p>
            <input type="text" readonly=true value={props.url.clone()} data-testid="share-link"
                aria-label={t(lang, Text::ShareLink)}
                onfocus={Callback::from(|e: FocusEvent| {
                    if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() { i.select() }
                })} />
            <div class="copy-row">
                <p class="explain" data-testid="share-size">{format!("{} {}", props.url.len(), t(lang, Text::Characters))}</p>
                <button type="button" class="copy" data-testid="copy-link" onclick={click(d, Msg::CopyLink)}>
                    { match props.copied { Some(true) => t(lang, Text::Copied), Some(false) => t(lang, Text::CopyFailed), None => t(lang, Text::Copy) } }
                </button>
            </div>
            <div class="actions">
                if cluster {
                    <button type="button" onclick={click(d, Msg::DownloadRun)}>{t(lang, Text::DownloadRun)}</button>
                }
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
                <button type="button" onclick={click(d, Msg::ExportSvg)}>{t(lang, Text::ExportSvg)}</button>
                <button type="button" onclick={click(d, Msg::ExportPng)}>{t(lang, Text::ExportPng)}</button>
                if cluster {
                    <button type="button" onclick={click(d, Msg::ExportTrace)}>{t(lang, Text::ExportTrace)}</button>
                }
            </div>
            <button type="button" onclick={click(d, Msg::ToggleShare)}>{t(lang, Text::Close)}</button>
        </div>
    }
}

pub struct StatsProps {
    pub lang: Lang,
    pub stats: crate::playground::Stats,
}

/// Figures about the run, folded away by default (tests and curious users open it).
pub fn stats_box(props: &StatsProps) -> Html {
    let lang = props.lang;
    let s = &props.stats;
    html! {
        <details class="stats-box">
            <summary>{t(lang, Text::Statistics)}</summary>
            <dl class="stats">
                <dt>{t(lang, Text::Time)}</dt><dd data-testid="time">{ms(s.time.0, 3)}</dd>
                <dt>{t(lang, Text::Events)}</dt><dd data-testid="events">{s.events}</dd>
                <dt>{t(lang, Text::Sent)}</dt><dd>{s.sent}</dd>
                <dt>{t(lang, Text::Delivered)}</dt><dd>{s.delivered}</dd>
                <dt>{t(lang, Text::Dropped)}</dt><dd>{s.dropped}</dd>
                <dt>{t(lang, Text::Commit)}</dt><dd data-testid="committed">{s.committed}</dd>
                <dt>{t(lang, Text::InFlight)}</dt><dd>{s.in_flight}</dd>
                <dt>{t(lang, Text::TraceHash)}</dt><dd data-testid="trace-hash"><code>{format!("{:016x}", s.trace_hash)}</code></dd>
                <dt>{t(lang, Text::Memory)}</dt><dd data-testid="memory">{format!("{} MiB", memory_mib())}</dd>
            </dl>
        </details>
    }
}

pub struct ControlsProps {
    pub lang: Lang,
    pub embed: bool,
    pub view: View,
    pub playing: bool,
    pub speed: Speed,
    pub cursor: u64,
    pub now: SimTime,
    pub head: SimTime,
    pub forked_at: Option<u64>,
    pub zoom: u32,
    pub dispatch: Dispatch,
}

/// The playback bar: play/pause, step, the timeline, the clock, the speed, the zoom.
pub fn controls(props: &ControlsProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    let play_label = if props.playing {
        t(lang, Text::Pause)
    } else {
        t(lang, Text::Play)
    };
    let speed_options = Speed::all().map(|s| {
        html! { <option value={s.index().to_string()} selected={s == props.speed}>{s.label()}</option> }
    });
    let on_speed = send_if(d, |e: Event| {
        e.target_dyn_into::<web_sys::HtmlSelectElement>()
            .and_then(|s| s.value().parse::<u8>().ok())
            .map(|i| Msg::Do(Intent::SetSpeed(Speed::from_index(i))))
    });
    let head = props.head;
    let on_seek = send_if(d, move |e: InputEvent| {
        e.target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|i| i.value().parse::<u64>().ok())
            .map(|p| Msg::Do(Intent::Seek(scrub::time(p, head))))
    });
    let scrub_at = scrub::position(props.now, props.head);
    let forked = props.forked_at.map(|at| {
        html! {
            <span class="forked" data-testid="forked" title={t(lang, Text::ForkedInfo)}>
                { fork_icon() }{format!(" {} {}", t(lang, Text::ForkedAt), at)}
            </span>
        }
    });
    let cluster = props.view.shows_cluster();
    html! {
        <footer class="controls">
            <button type="button" class="play" onclick={click(d, Msg::Do(Intent::TogglePlay))}
                aria-label={play_label} data-paused={super::num::flag(!props.playing)}>
                <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
                    if props.playing {
                        <rect x="3" y="2" width="3.5" height="12" rx="1" />
                        <rect x="9.5" y="2" width="3.5" height="12" rx="1" />
                    } else {
                        <path d="M4 2 L14 8 L4 14 Z" />
                    }
                </svg>
                <span>{play_label}</span>
            </button>
            <button type="button" onclick={click(d, Msg::Do(Intent::StepBack))}
                aria-label={t(lang, Text::StepBack)} title={t(lang, Text::StepBack)}
                disabled={props.cursor == 0}>
                <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
                    <rect x="2" y="2" width="2.5" height="12" rx="1" /><path d="M14 2 L5 8 L14 14 Z" />
                </svg>
            </button>
            <button type="button" onclick={click(d, Msg::Do(Intent::StepForward))}
                aria-label={t(lang, Text::StepForward)} title={t(lang, Text::StepForwardTitle)}>
                <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
                    <path d="M2 2 L11 8 L2 14 Z" /><rect x="11.5" y="2" width="2.5" height="12" rx="1" />
                </svg>
            </button>
            if !props.embed {
                // The clock changes every frame, and the scrubber whenever a rewound run moves
                // it a step; their boxes keep that change's layout to them (see "relayout
                // boundaries" in style.css).
                <span class="scrub-box">
                    <input type="range" class="scrubber" min="0" max={scrub::STEPS.to_string()}
                        value={scrub_at.to_string()} oninput={on_seek}
                        aria-valuetext={format!("{}.{} %", scrub_at / 10, scrub_at % 10)}
                        aria-label={t(lang, Text::Timeline)} title={t(lang, Text::Timeline)} />
                </span>
            }
            <span class="clock-box">
                <span class="clock" data-testid="clock">{"t = "}{ms(props.now.0, 1)}
                    <span class="event-no" data-testid="cursor">{format!(" · {} {}", t(lang, Text::Event), props.cursor)}</span>
                </span>
            </span>
            <span class="slot">{ for forked }</span>
            if props.embed {
                { open_full(lang, d) }
            } else {
                <label class="speed">{t(lang, Text::Speed)}
                    <select onchange={on_speed} aria-label={t(lang, Text::Speed)} title={t(lang, Text::SpeedMeans)}>{ for speed_options }</select>
                </label>
                <span class="zoom" role="group" aria-label={t(lang, Text::Zoom)}>
                    <button type="button" onclick={click(d, Msg::Zoom(-1))} aria-label={t(lang, Text::ZoomOut)}
                        title={keyed(lang, t(lang, Text::ZoomOut), "−")}>{"A−"}</button>
                    <button type="button" onclick={click(d, Msg::Zoom(0))} data-testid="zoom"
                        title={keyed(lang, t(lang, Text::Zoom), "0")}>{format!("{}%", props.zoom)}</button>
                    <button type="button" onclick={click(d, Msg::Zoom(1))} aria-label={t(lang, Text::ZoomIn)}
                        title={keyed(lang, t(lang, Text::ZoomIn), "+")}>{"A+"}</button>
                </span>
                if cluster {
                    <button type="button" class="write" onclick={click(d, Msg::Do(Intent::ClientWrite))}
                        aria-label={t(lang, Text::ClientWrite)} title={t(lang, Text::ClientWriteHint)}>{t(lang, Text::ClientWrite)}</button>
                }
            }
        </footer>
    }
}

/// The page's WebAssembly memory, in MiB: the run's history lives there.
fn memory_mib() -> usize {
    #[cfg(target_arch = "wasm32")]
    return core::arch::wasm32::memory_size(0) * 64 / 1024;
    #[cfg(not(target_arch = "wasm32"))]
    0
}

/// A fork, drawn (the "⑂" character is missing from common fonts): one line splitting in two.
fn fork_icon() -> Html {
    html! {
        <svg class="icon fork" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M8 15 V8 M8 8 L3 2 M8 8 L13 2" fill="none" stroke="currentColor"
                stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}

/// Why a link or a file could not be used, as a sentence.
fn why_text(why: &super::share::Why, lang: Lang) -> String {
    use super::share::Why;
    match (lang, why) {
        (_, Why::Run(e)) => format!("{}{}", super::i18n::share_error(e, lang), stop(lang)),
        (Lang::En, Why::Unreadable) => "the browser could not read it as text.".into(),
        (Lang::Zh, Why::Unreadable) => "浏览器无法把它读成文本。".into(),
        (Lang::En, Why::NotJson { line, column }) => {
            format!("it is not JSON (line {line}, column {column}).")
        }
        (Lang::Zh, Why::NotJson { line, column }) => {
            format!("它不是 JSON 格式（第 {line} 行第 {column} 列）。")
        }
        (Lang::En, Why::TooLarge) => format!(
            "it is larger than {} KiB, more than any Ringleader writes.",
            super::share::MAX_FILE_BYTES / 1024
        ),
        (Lang::Zh, Why::TooLarge) => format!(
            "它超过了 {} KiB，比 Ringleader 写出的任何文件都大。",
            super::share::MAX_FILE_BYTES / 1024
        ),
        (Lang::En, Why::Missing(field)) => format!("it has no \"{field}\" field, which it needs."),
        (Lang::Zh, Why::Missing(field)) => format!("它缺少必需的字段“{field}”。"),
        (_, Why::Shape { path, shape }) => {
            let shape = super::i18n::json_shape(shape, lang);
            let detail = match (path.is_empty(), lang) {
                (true, _) => shape,
                (false, Lang::En) => format!("{path}: {shape}"),
                (false, Lang::Zh) => format!("{path}：{shape}"),
            };
            match lang {
                Lang::En => {
                    format!("it is JSON, but not laid out as Ringleader expects ({detail}).")
                }
                Lang::Zh => format!("它是 JSON，但结构不符合 Ringleader 的要求（{detail}）。"),
            }
        }
        (Lang::En, Why::Scenario(fault)) => format!("{fault}."),
        (Lang::Zh, Why::Scenario(fault)) => {
            format!(
                "场景未通过检查（{}）。",
                super::i18n::scenario_fault(fault, lang)
            )
        }
    }
}

fn stop(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ".",
        Lang::Zh => "。",
    }
}

/// What every colour, shape and symbol means, drawn as it is drawn on the page.
pub fn legend(props: &DialogProps) -> Html {
    let lang = props.lang;
    let node = |class: &'static str, text: Text| {
        html! {
            <li>
                <svg class="swatch-svg" viewBox="-40 -40 80 80" aria-hidden="true">
                    <g class={classes!("node", class)}>
                        <circle class="body" r="26" />
                        if class.contains("crashed") {
                            <path class="cross" d="M-18 -18 L18 18 M18 -18 L-18 18" />
                        }
                    </g>
                </svg>
                {t(lang, text)}
            </li>
        }
    };
    let msg = |class: &'static str, text: Text| {
        html! {
            <li>
                <svg class="swatch-svg" viewBox="-20 -20 40 40" aria-hidden="true">
                    <circle class={classes!("msg", class)} r="12" />
                </svg>
                {t(lang, text)}
            </li>
        }
    };
    let store_msg = |class: &'static str, text: Text| {
        html! {
            <li>
                <svg class="swatch-svg store-stage" viewBox="-20 -20 40 40" aria-hidden="true">
                    <g class={classes!("flight", class)}><circle r="12" /></g>
                </svg>
                {t(lang, text)}
            </li>
        }
    };
    let symbol = |s: &'static str, text: Text| {
        html! { <li><span class="swatch-symbol" aria-hidden="true">{s}</span>{t(lang, text)}</li> }
    };
    // Drawn as the stage draws them (a glyph such as ◜ was a few pixels across).
    let drawn = |shape: Html, text: Text| {
        html! {
            <li>
                <svg class="swatch-svg" viewBox="-20 -20 40 40" aria-hidden="true">{shape}</svg>
                {t(lang, text)}
            </li>
        }
    };
    html! {
        <div class="legend-overlay" role="dialog" aria-modal="true" tabindex="-1" aria-label={t(lang, Text::Legend)}>
            <h2>{t(lang, Text::Legend)}</h2>
            <div class="legend-columns">
                <section>
                    <h3>{t(lang, Text::LegendServers)}</h3>
                    <ul>
                        { node("up follower", Text::LegendFollower) }
                        { node("up pre-candidate", Text::LegendPreCandidate) }
                        { node("up candidate", Text::LegendCandidate) }
                        { node("up leader", Text::LegendLeader) }
                        { node("down crashed", Text::LegendCrashed) }
                        { drawn(html! { <path class="timer-arc" d="M 0 -15 A 15 15 0 1 1 -15 0" /> }, Text::LegendTimer) }
                        { drawn(html! { <circle class="pulse" r="15" /> }, Text::LegendPulse) }
                        { symbol("▭", Text::LegendDisk) }
                        { symbol(t(lang, Text::LeaseBadge), Text::LegendLease) }
                        { symbol(t(lang, Text::ClockBadge), Text::LegendClock) }
                    </ul>
                    <h3>{t(lang, Text::LegendLinks)}</h3>
                    <ul>
                        { symbol("—", Text::LegendLinkUp) }
                        { symbol("✕", Text::LegendLinkCut) }
                        { drawn(html! { <g class="link lossy"><path class="link-line" d="M -18 0 H 18" /></g> }, Text::LegendLinkLossy) }
                    </ul>
                </section>
                <section>
                    <h3>{t(lang, Text::LegendMessages)}</h3>
                    <ul>
                        { msg("msg-requestvote", Text::LegendVoteRequest) }
                        { msg("msg-votegranted", Text::LegendVoteGranted) }
                        { msg("msg-votedenied", Text::LegendVoteDenied) }
                        { msg("msg-heartbeat", Text::LegendAppend) }
                        { msg("msg-appendok", Text::LegendAppendOk) }
                        { msg("msg-timeoutnow", Text::LegendTimeoutNow) }
                        { msg("msg-clientrequest", Text::LegendClient) }
                        { symbol("✕", Text::LegendDropped) }
                    </ul>
                </section>
                <section>
                    <h3>{t(lang, Text::LegendStripAndLogs)}</h3>
                    <ul>
                        { symbol("♛ ◆ ◇ ✕ ↻", Text::LegendMarks) }
                        { drawn(html! { <line class="legend-down-lane" x1="-18" y1="0" x2="18" y2="0" /> }, Text::LegendDownLane) }
                        <li><span class="cell term-1" aria-hidden="true">{"1"}</span>{t(lang, Text::LegendCell)}</li>
                        <li><span class="cell term-1 uncommitted" aria-hidden="true">{"1"}</span>{t(lang, Text::LegendUncommitted)}</li>
                    </ul>
                    <h3>{t(lang, Text::LegendRing)}</h3>
                    <ul>
                        { symbol("◔", Text::LegendArcs) }
                        { symbol("▪", Text::LegendKeys) }
                        { symbol("□", Text::LegendUnavailable) }
                        { symbol("■", Text::LegendMoved) }
                        { symbol("✕", Text::LegendNoColumn) }
                        { symbol("◎", Text::LegendSpilled) }
                        { symbol("●", Text::LegendHot) }
                    </ul>
                </section>
                <section class="store-legend">
                    <h3>{t(lang, Text::StoreView)}</h3>
                    <ul>
                        { store_msg("m-read", Text::LegendStoreRead) }
                        { store_msg("m-write", Text::LegendStoreWrite) }
                        { store_msg("m-repair", Text::LegendStoreRepair) }
                        { store_msg("m-hint", Text::LegendStoreHint) }
                        { symbol("◠", Text::LegendStorePreference) }
                        { symbol("x=1 v1·C1", Text::LegendStoreHeld) }
                        { symbol("◯", Text::LegendStoreSides) }
                        { symbol("┄", Text::LegendStoreCut) }
                    </ul>
                </section>
            </div>
            <button type="button" onclick={click(&props.dispatch, Msg::ToggleLegend)}>{t(lang, Text::Close)}</button>
        </div>
    }
}
