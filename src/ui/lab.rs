//! The Lab view: pick an experiment, set it, run it. The app steps it a few milliseconds at a
//! time between frames (`crate::lab::Progress`), so the rows fill in while the page stays live;
//! this component draws the settings, the progress, a chart of our figures against the
//! theory, the table and the source. Pure `props → Html`.

use crate::lab::{self, Cell, Experiment, Settings, Table};
use crate::sim::sort;
use std::rc::Rc;
use yew::prelude::*;

use super::app::{click, wide_number_field, Dispatch, Msg};
use super::i18n::{comma, t, Lang, Text};
use super::num::{fixed, log10, pow10};

/// What the Lab shows: the chosen experiment and settings, the rows so far, and whether it
/// is running.
#[derive(Clone, Debug, PartialEq)]
pub struct LabModel {
    pub experiment: Experiment,
    pub settings: Settings,
    /// The result so far (complete rows only).
    pub table: Option<Table>,
    /// Trials done and trials in all, while running or after.
    pub done: (u64, u64),
    /// How far the trial being computed is, in thousandths.
    pub permille: u64,
    pub running: bool,
    pub error: Option<String>,
}

/// What a user does in the Lab.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LabMsg {
    Pick(Experiment),
    Nodes(u32),
    Keys(u64),
    Trials(u32),
    Seed(u64),
    /// Open trial `trial` of row `row` in the Cluster view, at its crash.
    Open {
        row: u32,
        trial: u32,
    },
    Run,
    Cancel,
    Csv,
}

#[derive(Properties, PartialEq)]
pub struct LabProps {
    pub lang: Lang,
    pub model: Rc<LabModel>,
    /// In a slide: the experiment's question and its chart, fitted to the frame (the picker,
    /// settings, explanation and table are the page's).
    pub embed: bool,
    pub dispatch: Dispatch,
}

fn title(e: Experiment) -> Text {
    match e {
        Experiment::Balance => Text::LabBalance,
        Experiment::Moved => Text::LabMoved,
        Experiment::Bounded => Text::LabBounded,
        Experiment::MultiProbe => Text::LabMultiProbe,
        Experiment::SplitVotes => Text::LabSplitVotes,
        Experiment::LeaderCrash => Text::LabLeaderCrash,
        Experiment::LeaderCrashWorst => Text::LabLeaderCrashWorst,
        Experiment::WanElection => Text::LabWan,
    }
}

fn question(e: Experiment) -> Text {
    match e {
        Experiment::Balance => Text::LabBalanceWhat,
        Experiment::Moved => Text::LabMovedWhat,
        Experiment::Bounded => Text::LabBoundedWhat,
        Experiment::MultiProbe => Text::LabMultiProbeWhat,
        Experiment::SplitVotes => Text::LabSplitVotesWhat,
        Experiment::LeaderCrash => Text::LabLeaderCrashWhat,
        Experiment::LeaderCrashWorst => Text::LabLeaderCrashWorstWhat,
        Experiment::WanElection => Text::LabWanWhat,
    }
}

#[function_component(LabView)]
pub fn lab_view(props: &LabProps) -> Html {
    let lang = props.lang;
    let m = &props.model;
    let d = &props.dispatch;
    let picker = Experiment::ALL.into_iter().map(|e| {
        let active = e == m.experiment;
        html! {
            <button type="button" class={classes!("lab-pick", active.then_some("active"))}
                aria-pressed={super::num::flag(active)} data-experiment={e.id()} disabled={m.running}
                onclick={click(d, Msg::Lab(LabMsg::Pick(e)))}>
                <strong>{t(lang, title(e))}</strong>
                <span>{t(lang, question(e))}</span>
            </button>
        }
    });
    let number = |label: Text,
                  value: u64,
                  range: (u64, u64),
                  make: fn(u64) -> LabMsg,
                  off: bool| {
        // The field always shows the value the Lab will use: a number out of range becomes
        // the nearest limit, anything else (a negative, a fraction) the value it had; a
        // notice says so, as the other settings' fields do.
        let on_change = wide_number_field(d, value, range, move |v| Msg::Lab(make(v)));
        html! {
            <label class={classes!("lab-field", (label == Text::LabSeed).then_some("seed"))}>{t(lang, label)}
                // A setting the experiment does not use shows no value: it would be read as
                // the one it runs with.
                <input type="number" min={range.0.to_string()} max={range.1.to_string()}
                    value={if off { String::new() } else { value.to_string() }}
                    placeholder={if off { "—" } else { "" }}
                    title={if off { t(lang, Text::LabNotUsed) } else { "" }}
                    disabled={off || m.running} onchange={on_change} />
            </label>
        }
    };
    let s = m.settings;
    let (lo, hi) = (lab::limits::NODES.start(), lab::limits::NODES.end());
    let (klo, khi) = (lab::limits::KEYS.start(), lab::limits::KEYS.end());
    let (tlo, thi) = (lab::limits::TRIALS.start(), lab::limits::TRIALS.end());
    let (done, all) = m.done;
    // A slide shows one of Figure 16's two graphs at a time (side by side, their type was
    // 7 px), with a switch between them.
    let graph = use_state(|| 0usize);
    const GRAPHS: [(&str, Text); 2] =
        [("top", Text::LabTopGraph), ("bottom", Text::LabBottomGraph)];
    let figure = |i: usize, tb: &Table| {
        let (name, heading) = GRAPHS[i];
        html! {
            <figure class="lab-figure">
                if !props.embed {
                    <h3 class="lab-graph">{t(lang, heading)}</h3>
                }
                { chart(tb, lang, Some(name), d) }
            </figure>
        }
    };
    let graph_picks = GRAPHS.iter().enumerate().map(|(i, &(_, heading))| {
        let pick = {
            let graph = graph.clone();
            Callback::from(move |_: MouseEvent| graph.set(i))
        };
        html! {
            <button type="button" aria-pressed={super::num::flag(*graph == i)} onclick={pick}>
                {t(lang, heading)}</button>
        }
    });
    let chart = m
        .table
        .as_ref()
        .filter(|t| !t.rows.is_empty())
        .map(|tb| match tb.experiment {
            // Figure 16's two graphs, each its own chart.
            Experiment::LeaderCrash | Experiment::LeaderCrashWorst => html! {
                if props.embed {
                    <div class="lab-figures">
                        <div class="lab-graph-picks" role="group">{ for graph_picks }</div>
                        { figure(*graph, tb) }
                    </div>
                } else {
                    { figure(0, tb) }
                    { figure(1, tb) }
                }
            },
            _ => html! { <figure class="lab-figure">{ chart(tb, lang, None, d) }</figure> },
        });
    let table = (!props.embed)
        .then(|| m.table.as_ref().map(|t| table(t, lang)))
        .flatten();
    html! {
        <section class="lab" aria-label={t(lang, Text::LabView)} data-testid="lab">
            if props.embed {
                <h2 class="lab-title">{format!("{}{}{}", t(lang, title(m.experiment)), super::i18n::colon(lang), t(lang, question(m.experiment)))}</h2>
            } else {
                <div class="lab-picks">{ for picker }</div>
            }
            <div class="lab-controls">
                { number(Text::LabNodes, u64::from(s.nodes), (u64::from(*lo), u64::from(*hi)),
                    |v| LabMsg::Nodes(v as u32), m.experiment == Experiment::Balance || m.experiment.is_raft()) }
                { number(Text::LabKeys, s.keys, (*klo, *khi), LabMsg::Keys, m.experiment.is_raft()) }
                { number(Text::LabTrials, u64::from(s.trials), (u64::from(*tlo), u64::from(*thi)),
                    |v| LabMsg::Trials(v as u32), false) }
                // Any seed a link or the command line takes (it stopped at 2^32 − 1).
                { number(Text::LabSeed, s.seed, (0, u64::MAX), LabMsg::Seed, false) }
                if m.running {
                    <button type="button" class="lab-run" onclick={click(d, Msg::Lab(LabMsg::Cancel))}>
                        {t(lang, Text::Cancel)}</button>
                } else {
                    <button type="button" class="lab-run primary" onclick={click(d, Msg::Lab(LabMsg::Run))}>
                        {t(lang, Text::LabRun)}</button>
                }
                if m.table.as_ref().is_some_and(|t| !t.rows.is_empty()) && !m.running {
                    <button type="button" onclick={click(d, Msg::Lab(LabMsg::Csv))}>
                        {t(lang, Text::LabCsv)}</button>
                }
                if all > 0 {
                    <progress data-testid="lab-progress" max={all.to_string()}
                        value={format!("{done}.{:03}", m.permille.min(999))}
                        aria-label={t(lang, Text::LabProgress)} />
                    <span class="lab-count">{format!("{done} / {all}")}</span>
                }
            </div>
            if let Some(e) = &m.error {
                <p class="lab-error" role="alert">{e}</p>
            }
            if !m.running && all > 0 && done < all {
                <p class="lab-partial" role="status">{t(lang, Text::LabCancelled)}</p>
            }
            if !props.embed {
                <p class="lab-about">{t(lang, about(m.experiment))}</p>
            }
            // A box of their own: results appearing must not shift the fields and the Run button
            // before them, which Yew would build anew and so take the focus from.
            <div class="slot lab-results">{ for chart }{ for table }</div>
            <p class="lab-source">{t(lang, Text::LabSource)}{if lang == Lang::Zh { "" } else { " " }}<cite>{if lang == Lang::Zh { m.experiment.citation_zh() } else { m.experiment.citation() }}</cite></p>
        </section>
    }
}

fn about(e: Experiment) -> Text {
    match e {
        Experiment::Balance => Text::LabBalanceAbout,
        Experiment::Moved => Text::LabMovedAbout,
        Experiment::Bounded => Text::LabBoundedAbout,
        Experiment::MultiProbe => Text::LabMultiProbeAbout,
        Experiment::SplitVotes => Text::LabSplitVotesAbout,
        Experiment::LeaderCrash => Text::LabLeaderCrashAbout,
        Experiment::LeaderCrashWorst => Text::LabLeaderCrashWorstAbout,
        Experiment::WanElection => Text::LabWanAbout,
    }
}

fn table(tb: &Table, lang: Lang) -> Html {
    let cols = lab::columns(tb.experiment);
    // A unit stays whole on its line: Chinese breaks between any two characters, and
    // "中位数（毫秒）" read "中位数（毫" over "秒）".
    let head = cols.iter().map(|c| {
        let name = if lang == Lang::Zh { c.zh } else { c.en };
        let (word, unit) = name.split_at(name.find(['（', '(']).unwrap_or(name.len()));
        html! { <th scope="col" data-col={c.key}>{word}<span class="unit">{unit}</span></th> }
    });
    let rows = tb.rows.iter().map(|r| {
        let cells = r
            .iter()
            .zip(cols)
            .map(|(v, c)| match v {
                // A tail percentile the trials cannot resolve (lab::downtime::tail).
                Cell::Missing => html! {
                    <td data-col={c.key} class="unresolved" title={t(lang, Text::LabTooFewTrials)}>{"—"}</td>
                },
                // A time over trials stopped at 20 s without a leader: a lower bound.
                Cell::AtLeast(..) => html! {
                    <td data-col={c.key} class="censored" title={t(lang, Text::LabStopped)}>{v.to_string()}</td>
                },
                _ => html! { <td data-col={c.key}>{cell_text(v, lang)}</td> },
            });
        html! { <tr>{ for cells }</tr> }
    });
    html! {
        <div class="lab-table-wrap">
            <table class="lab-table" data-testid="lab-table">
                <thead><tr>{ for head }</tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            if tb.has_lower_bounds() {
                <p class="lab-source" data-testid="lab-lower-bounds">{t(lang, Text::LabStopped)}</p>
            }
        </div>
    }
}

/// A cell as the page shows it: the key sets named in the reader's language (the CSV keeps
/// the stable names).
fn cell_text(v: &Cell, lang: Lang) -> String {
    match v {
        Cell::Text(name) if name == "uniform" => t(lang, Text::LabUniform).into(),
        Cell::Text(name) if name == "zipf" => t(lang, Text::LabZipf).into(),
        Cell::Text(words) if lang == Lang::Zh => lab::downtime::in_chinese(words)
            .map(String::from)
            .or_else(|| algorithm_in_chinese(words))
            .unwrap_or_else(|| words.clone()),
        other => other.to_string(),
    }
}

/// A row's algorithm (`lab::ring`'s labels: an id and its parameter) in Chinese; the names
/// of ketama and Maglev stay as they are, as in `ring_view::algorithm_label`.
fn algorithm_in_chinese(label: &str) -> Option<String> {
    let (id, parameter) = label.split_once(' ').unwrap_or((label, ""));
    let name = match id {
        "mod-n" => "取模哈希",
        "ring" => "哈希环",
        "rendezvous" => "rendezvous 哈希",
        "jump" => "跳跃一致性哈希",
        "multi-probe" => "多探针",
        "maglev" => "Maglev",
        "bounded-load" => "有界负载",
        _ => return None,
    };
    Some(if parameter.is_empty() {
        name.into()
    } else {
        format!("{name} {parameter}")
    })
}

/// A line of the chart: its points, and whether it is the theory (dashed) or ours.
struct Line {
    label: String,
    points: Vec<(f64, f64)>,
    theory: bool,
    colour: &'static str,
    /// For a line of trials: the row and, per point, the trial it is (a click opens it).
    trials: Option<(u32, Vec<u32>)>,
    /// Figures from the paper: hollow squares, no line, each with its words.
    paper: Option<Vec<String>>,
}

const COLOURS: [&str; 6] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
];

/// Points of a cumulative curve drawn per line: enough to read it, few enough to draw.
const CDF_POINTS: usize = 40;

/// The cumulative curves of a downtime experiment's rows in `graph` (all rows if `None`),
/// and the paper's figures for them.
fn downtime_lines(tb: &Table, lang: Lang, graph: Option<&str>) -> Vec<Line> {
    let mut out = Vec::new();
    let mut marks = Vec::new();
    let jobs = lab::plan(tb.experiment, tb.settings);
    let rows = (0..tb.rows.len()).filter(|&r| {
        graph.is_none_or(|g| tb.get(r, "graph").map(ToString::to_string).as_deref() == Some(g))
    });
    for (i, r) in rows.enumerate() {
        let Some(times) = tb.samples.get(r).filter(|s| !s.is_empty()) else {
            continue;
        };
        let mut order: Vec<u32> = (0..times.len() as u32).collect();
        sort::sort_by(&mut order, |&a, &b| {
            times[a as usize].total_cmp(&times[b as usize])
        });
        let n = order.len();
        let picks: Vec<usize> = (1..=CDF_POINTS.min(n))
            .map(|k| (k * n).div_ceil(CDF_POINTS.min(n)) - 1)
            .collect();
        // A trial still without a leader at the limit has no time to plot: the curve stops at
        // the share that got one, and the legend says how many did not.
        let limit = lab::downtime::LIMIT.as_micros() as f64 / 1000.0;
        let ended = |k: &usize| times[order[*k] as usize] < limit;
        let points = picks
            .iter()
            .filter(|k| ended(k))
            .map(|&k| (times[order[k] as usize], (k + 1) as f64 / n as f64))
            .collect();
        let trials = picks
            .iter()
            .filter(|k| ended(k))
            .map(|&k| order[k])
            .collect();
        let unended = times.iter().filter(|&&t| t >= limit).count();
        let timeouts = tb
            .get(r, "timeouts_ms")
            .map(ToString::to_string)
            .unwrap_or_default();
        let failed = tb.get(r, "failed").and_then(Cell::as_f64).unwrap_or(1.0);
        let mut label = if tb.experiment == Experiment::WanElection {
            failed_label(lang, failed as u32)
        } else {
            format!("{timeouts} {}", t(lang, Text::MsUnit))
        };
        if unended > 0 {
            let secs = lab::downtime::LIMIT.as_micros() / 1_000_000;
            let share = match lang {
                Lang::En => format!("{unended}/{n} > {secs} s"),
                Lang::Zh => format!("{unended}/{n} 超过 {secs} 秒"),
            };
            label.push_str(&super::i18n::aside(lang, &share));
        }
        let colour = COLOURS[i % COLOURS.len()];
        // The paper's figures for this line: a median, a maximum.
        let paper = tb
            .get(r, "paper")
            .map(ToString::to_string)
            .unwrap_or_default();
        let words = format!(
            "{}{}{timeouts} {}{}{}",
            t(lang, Text::LabPaper),
            comma(lang),
            t(lang, Text::MsUnit),
            comma(lang),
            cell_text(&Cell::Text(paper), lang)
        );
        if let Some(lab::JobKind::Downtime(setup)) = jobs.get(r).map(|j| &j.kind) {
            for &(ms, percent) in setup.paper_points() {
                marks.push((f64::from(ms), f64::from(percent) / 100.0, words.clone()));
            }
        }
        out.push(Line {
            label,
            points,
            theory: false,
            colour,
            trials: Some((r as u32, trials)),
            paper: None,
        });
    }
    if !marks.is_empty() {
        out.push(Line {
            label: t(lang, Text::LabPaper).into(),
            points: marks.iter().map(|m| (m.0, m.1)).collect(),
            theory: true,
            colour: "#666",
            trials: None,
            paper: Some(marks.into_iter().map(|m| m.2).collect()),
        });
    }
    out
}

/// A round step of about `raw` (1, 2, 2.5 or 5 times a power of ten) and the decimals it needs.
fn nice_step(raw: f64) -> (f64, u32) {
    let e = log10(raw.max(1e-9)).floor();
    let f = raw / pow10(e);
    let (m, e) = if f <= 1.0 {
        (1.0, e)
    } else if f <= 2.0 {
        (2.0, e)
    } else if f <= 2.5 {
        (2.5, e)
    } else if f <= 5.0 {
        (5.0, e)
    } else {
        (1.0, e + 1.0)
    };
    let quarter = u32::from(m == 2.5);
    (m * pow10(e), (-e).max(0.0) as u32 + quarter)
}

/// A legend entry cut into lines that fit beside the chart: about 18 Latin letters (a Chinese
/// character counts two), broken at spaces, or between Chinese characters.
fn legend_lines(label: &str) -> Vec<String> {
    const FITS: usize = 18;
    let width = |c: char| if c.is_ascii() { 1 } else { 2 };
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in label.split_inclusive(' ') {
        let w: usize = word.trim_end().chars().map(width).sum();
        if used > 0 && used + w > FITS {
            // The space stays at the line's end: the text still reads whole (a screen reader).
            lines.push(line.clone());
            line.clear();
            used = 0;
        }
        for c in word.chars() {
            // A run of Chinese longer than a line breaks between its characters.
            if used + width(c) > FITS && !c.is_ascii() {
                lines.push(line.trim_end().to_string());
                line.clear();
                used = 0;
            }
            line.push(c);
            used += width(c);
        }
    }
    if !line.trim_end().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// A WAN line: how many servers failed (the leader, and maybe one more).
fn failed_label(lang: Lang, failed: u32) -> String {
    match lang {
        Lang::En => format!("{failed} failed"),
        Lang::Zh => format!("{failed} 台故障"),
    }
}

fn num(cell: Option<&Cell>) -> Option<f64> {
    cell.and_then(Cell::as_f64)
}

/// The lines of an experiment's chart, its axes' names, and whether x is logarithmic.
fn lines(tb: &Table, lang: Lang, graph: Option<&str>) -> (Vec<Line>, Text, Text, bool) {
    let col = |row: usize, key: &str| num(tb.get(row, key));
    let rows = 0..tb.rows.len();
    match tb.experiment {
        Experiment::LeaderCrash | Experiment::LeaderCrashWorst | Experiment::WanElection => (
            downtime_lines(tb, lang, graph),
            Text::LabAxisDowntime,
            Text::LabAxisCumulative,
            true,
        ),
        Experiment::Balance => {
            let mut out = Vec::new();
            for (i, n) in lab::BALANCE_N.iter().enumerate() {
                let of = |key: &str| -> Vec<(f64, f64)> {
                    rows.clone()
                        .filter(|&r| col(r, "nodes") == Some(f64::from(*n)))
                        .filter_map(|r| Some((col(r, "vnodes")?, col(r, key)?)))
                        .collect()
                };
                let colour = COLOURS[i % COLOURS.len()];
                out.push(Line {
                    label: format!("n = {n}"),
                    points: of("keys_cv"),
                    theory: false,
                    colour,
                    trials: None,
                    paper: None,
                });
                out.push(Line {
                    label: format!("n = {n}{}{}", comma(lang), t(lang, Text::LabTheory)),
                    points: of("keys_theory"),
                    theory: true,
                    colour,
                    trials: None,
                    paper: None,
                });
            }
            (out, Text::LabAxisVnodes, Text::LabAxisCv, true)
        }
        Experiment::Moved => {
            // Bars: one per algorithm, the least that even loads need as a dashed line across.
            let points = rows
                .clone()
                .filter_map(|r| Some((r as f64, col(r, "add_moved")?)))
                .collect();
            let optimum = rows
                .clone()
                .filter_map(|r| Some((r as f64, col(r, "add_optimum")?)))
                .collect();
            (
                vec![
                    Line {
                        label: t(lang, Text::LabMovedOnAdd).into(),
                        points,
                        theory: false,
                        colour: COLOURS[0],
                        trials: None,
                        paper: None,
                    },
                    Line {
                        label: t(lang, Text::LabOptimum).into(),
                        points: optimum,
                        theory: true,
                        colour: COLOURS[1],
                        trials: None,
                        paper: None,
                    },
                ],
                Text::LabAxisAlgorithm,
                Text::LabAxisMoved,
                false,
            )
        }
        Experiment::Bounded => {
            let mut out = Vec::new();
            for (i, (kind, label)) in [("uniform", Text::LabUniform), ("zipf", Text::LabZipf)]
                .into_iter()
                .enumerate()
            {
                let points = rows
                    .clone()
                    .filter(|&r| {
                        tb.get(r, "keys").map(ToString::to_string).as_deref() == Some(kind)
                    })
                    .filter_map(|r| Some((col(r, "c")?, col(r, "max_over_mean")?)))
                    .collect();
                out.push(Line {
                    label: t(lang, label).into(),
                    points,
                    theory: false,
                    colour: COLOURS[i],
                    trials: None,
                    paper: None,
                });
                // The plain ring (c = ∞, no number to stand at): its peak as a level across.
                let (lo, hi) = (lab::BOUNDED_C.iter().min(), lab::BOUNDED_C.iter().max());
                let plain = rows.clone().find(|&r| {
                    col(r, "c").is_none()
                        && tb.get(r, "keys").map(ToString::to_string).as_deref() == Some(kind)
                });
                if let (Some(r), Some(&lo), Some(&hi)) = (plain, lo, hi) {
                    if let Some(peak) = col(r, "max_over_mean") {
                        out.push(Line {
                            label: format!(
                                "{}{}{}",
                                t(lang, label),
                                comma(lang),
                                t(lang, Text::LabNoCap)
                            ),
                            points: vec![
                                (f64::from(lo) / 100.0, peak),
                                (f64::from(hi) / 100.0, peak),
                            ],
                            theory: true,
                            colour: COLOURS[i],
                            trials: None,
                            paper: None,
                        });
                    }
                }
            }
            let cap = lab::BOUNDED_C
                .iter()
                .map(|&c| (f64::from(c) / 100.0, f64::from(c) / 100.0))
                .collect();
            out.push(Line {
                label: t(lang, Text::LabCap).into(),
                points: cap,
                theory: true,
                colour: COLOURS[2],
                trials: None,
                paper: None,
            });
            (out, Text::LabAxisC, Text::LabAxisPeak, false)
        }
        Experiment::SplitVotes => {
            let mut out = Vec::new();
            for (i, n) in lab::SPLIT_SERVERS.iter().enumerate() {
                let of = |key: &str| -> Vec<(f64, f64)> {
                    rows.clone()
                        .filter(|&r| col(r, "servers") == Some(f64::from(*n)))
                        .filter_map(|r| Some((col(r, "l_over_r")?, col(r, key)?)))
                        .collect()
                };
                let colour = COLOURS[i % COLOURS.len()];
                out.push(Line {
                    label: format!("n = {n}"),
                    points: of("first_round_failed"),
                    theory: false,
                    colour,
                    trials: None,
                    paper: None,
                });
                out.push(Line {
                    label: format!("n = {n}{}{}", comma(lang), t(lang, Text::LabBound)),
                    points: of("bound"),
                    theory: true,
                    colour,
                    trials: None,
                    paper: None,
                });
            }
            (out, Text::LabAxisLatency, Text::LabAxisFailed, false)
        }
        Experiment::MultiProbe => {
            let of = |key: &str| -> Vec<(f64, f64)> {
                rows.clone()
                    .filter_map(|r| Some((col(r, "probes")?, col(r, key)?)))
                    .collect()
            };
            (
                vec![
                    Line {
                        label: t(lang, Text::LabMeasured).into(),
                        points: of("peak_over_mean"),
                        theory: false,
                        colour: COLOURS[0],
                        trials: None,
                        paper: None,
                    },
                    Line {
                        label: "1 + 1/(P−1)".into(),
                        points: of("theory"),
                        theory: true,
                        colour: COLOURS[1],
                        trials: None,
                        paper: None,
                    },
                ],
                Text::LabAxisProbes,
                Text::LabAxisPeak,
                true,
            )
        }
    }
}

const W: f64 = 640.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 180.0;
const TOP: f64 = 16.0;

/// Our figures (solid, with dots) against the theory (dashed), on the experiment's axes.
fn chart(tb: &Table, lang: Lang, graph: Option<&str>, d: &Dispatch) -> Html {
    let (lines, x_name, y_name, log_x) = lines(tb, lang, graph);
    let cumulative = lines.iter().any(|l| l.trials.is_some());
    let all: Vec<(f64, f64)> = lines
        .iter()
        .flat_map(|l| l.points.iter().copied())
        .collect();
    if all.is_empty() {
        return Html::default();
    }
    let bars = tb.experiment == Experiment::Moved;
    // Bars are named under the axis, slanted (30°: steeper took a third of the chart's height,
    // and the chart, fitted to a slide's short frame by its height, set its type at 9.6 px).
    let (h, bottom) = if bars { (300.0, 96.0) } else { (300.0, 44.0) };
    let log_y = tb.experiment == Experiment::Balance;
    let tx = |x: f64| if log_x { log10(x.max(1e-9)) } else { x };
    let ty = |y: f64| if log_y { log10(y.max(1e-9)) } else { y };
    let (mut x0, mut x1) = all.iter().fold((f64::MAX, f64::MIN), |(a, b), p| {
        (a.min(tx(p.0)), b.max(tx(p.0)))
    });
    let (mut y0, mut y1) = all.iter().fold((f64::MAX, f64::MIN), |(a, b), p| {
        (a.min(ty(p.1)), b.max(ty(p.1)))
    });
    if bars {
        x0 -= 0.6;
        x1 += 0.6;
        y0 = 0.0;
    }
    if !log_y && !bars {
        y0 = y0.min(1.0);
    }
    if (x1 - x0).abs() < 1e-9 {
        x1 = x0 + 1.0;
    }
    if (y1 - y0).abs() < 1e-9 {
        y1 = y0 + 1.0;
    }
    let pad = (y1 - y0) * 0.06;
    // Shares and ratios never go below zero: neither does the axis.
    let floor = if !log_y && y0 >= 0.0 { 0.0 } else { f64::MIN };
    let (y0, y1) = if cumulative {
        // Shares of trials: the whole range, so the curves of both graphs compare.
        (0.0, 1.0)
    } else {
        (if bars { y0 } else { (y0 - pad).max(floor) }, y1 + pad)
    };
    // Round ticks on y (1, 2, 2.5 or 5 times a power of ten apart; on a log axis 1, 2 and 5 of
    // each decade), and a linear axis widened to the ticks around the data.
    let (step, y_decimals) = if cumulative {
        (0.25, 2)
    } else {
        nice_step((y1 - y0) / 4.0)
    };
    let (y0, y1) = if cumulative || log_y {
        (y0, y1)
    } else {
        ((y0 / step).floor() * step, (y1 / step).ceil() * step)
    };
    let y_values: Vec<f64> = if log_y {
        (-6..6)
            .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * pow10(f64::from(e))))
            .filter(|&v| ty(v) >= y0 - 1e-9 && ty(v) <= y1 + 1e-9)
            .collect()
    } else {
        let first = (y0 / step).ceil() as i64;
        let last = (y1 / step + 1e-9).floor() as i64;
        (first..=last).map(|k| k as f64 * step).collect()
    };
    let px = move |x: f64| LEFT + (tx(x) - x0) / (x1 - x0) * (W - LEFT - RIGHT);
    let py = move |y: f64| h - bottom - (ty(y) - y0) / (y1 - y0) * (h - TOP - bottom);
    // Ticks: the data's own x values (at most a dozen), and five on y.
    // (In the order the lines give them; no sort, whose code would cost the bundle more.)
    let mut xs: Vec<f64> = Vec::new();
    if cumulative {
        // Times spread over decades: round ones on the log axis.
        let steps = [1.0, 2.0, 5.0];
        for decade in 0..6 {
            for s in steps {
                let x = s * pow10(f64::from(decade));
                if tx(x) >= x0 - 1e-9 && tx(x) <= x1 + 1e-9 {
                    xs.push(x);
                }
            }
        }
    } else {
        for p in &all {
            if !xs.iter().any(|x| (x - p.0).abs() < 1e-12) {
                xs.push(p.0);
            }
        }
    }
    let decimals = if xs.iter().any(|x| x.fract().abs() > 1e-9) {
        2
    } else {
        0
    };
    // Labels closer than 34 units to the last one drawn are left out (1.05 next to 1.10).
    let mut last = f64::MIN;
    let xs: Vec<f64> = xs
        .into_iter()
        .filter(|&x| {
            let keep = bars || px(x) - last >= 34.0;
            if keep {
                last = px(x);
            }
            keep
        })
        .collect();
    let x_ticks = xs.iter().take(12).map(|&x| {
        let label = if bars {
            tb.get(x as usize, "algorithm").map(|c| cell_text(c, lang)).unwrap_or_default()
        } else {
            fixed(x, decimals)
        };
        html! {
            <g class="tick">
                <line x1={fixed(px(x), 1)} x2={fixed(px(x), 1)} y1={fixed(h - bottom, 1)} y2={fixed(h - bottom + 4.0, 1)} />
                <text class={classes!(bars.then_some("slanted"))} x={fixed(px(x), 1)} y={fixed(h - bottom + 16.0, 1)}
                    transform={bars.then(|| format!("rotate(30 {} {})", fixed(px(x), 1), fixed(h - bottom + 16.0, 1)))}>{label}</text>
            </g>
        }
    });
    let y_ticks = y_values.iter().map(|&value| {
        let y = py(value);
        let decimals = if log_y {
            (-log10(value).floor()).max(0.0) as u32
        } else {
            y_decimals
        };
        html! {
            <g class="tick">
                <line class="grid" x1={fixed(LEFT, 1)} x2={fixed(W - RIGHT, 1)} y1={fixed(y, 1)} y2={fixed(y, 1)} />
                <text class="y" x={fixed(LEFT - 6.0, 1)} y={fixed(y + 4.0, 1)}>{fixed(value, decimals)}</text>
            </g>
        }
    });
    let bar_w = if bars {
        (W - LEFT - RIGHT) / (x1 - x0) * 0.6
    } else {
        0.0
    };
    // Lines a legend entry takes beyond its first, summed over the entries above each.
    let extra_lines: Vec<usize> = lines
        .iter()
        .scan(0, |above, l| {
            let mine = *above;
            *above += legend_lines(&l.label).len() - 1;
            Some(mine)
        })
        .collect();
    // Theory lines last, over the measured ones: dashed and thinner, they leave a measured
    // line on them seen between and beside their dashes, where the other way round a bound
    // that a measured line lies on all along (the cap c under Zipf requests) would vanish.
    let drawn = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.theory)
        .chain(lines.iter().enumerate().filter(|(_, l)| l.theory))
        .map(|(i, l)| {
        let path: Vec<String> = l
            .points
            .iter()
            .map(|&(x, y)| format!("{},{}", fixed(px(x), 1), fixed(py(y), 1)))
            .collect();
        let shape = if bars && !l.theory {
            let rects = l.points.iter().map(|&(x, y)| {
                html! {
                    <rect x={fixed(px(x) - bar_w / 2.0, 1)} y={fixed(py(y), 1)} width={fixed(bar_w, 1)}
                        height={fixed((h - bottom - py(y)).max(0.0), 1)} fill={l.colour}>
                        <title>{format!("{} {}", tb.get(x as usize, "algorithm").map(|c| cell_text(c, lang)).unwrap_or_default(), fixed(y, 4))}</title>
                    </rect>
                }
            });
            html! { <g class="bars">{ for rects }</g> }
        } else if bars {
            // The least that even loads need: a short dashed tick over each bar.
            let ticks = l.points.iter().map(|&(x, y)| {
                html! { <line class="theory" x1={fixed(px(x) - bar_w / 2.0 - 4.0, 1)} x2={fixed(px(x) + bar_w / 2.0 + 4.0, 1)}
                    y1={fixed(py(y), 1)} y2={fixed(py(y), 1)} stroke={l.colour} /> }
            });
            html! { <g>{ for ticks }</g> }
        } else if let Some(words) = &l.paper {
            let marks = l.points.iter().zip(words).map(|(&(x, y), w)| html! {
                <rect class="paper-mark" x={fixed(px(x) - 6.0, 1)} y={fixed(py(y) - 6.0, 1)} width="12" height="12">
                    <title>{w}</title>
                </rect>
            });
            html! { <g>{ for marks }</g> }
        } else if let Some((row, trials)) = &l.trials {
            // Each dot is a trial: a click (or Enter) opens it in the Cluster view.
            // One stop of the Tab key per line (a dot per trial was a stop, 440 in a chart):
            // the dot last visited; the arrows go from dot to dot along it (up and right to
            // the next, a longer time), Home and End to its ends, Enter opens one.
            let row = *row;
            let on_key = {
                let d = d.clone();
                Callback::from(move |e: KeyboardEvent| {
                    let Some(dot) = e.target_dyn_into::<web_sys::Element>() else {
                        return;
                    };
                    let line = dot.parent_element();
                    let to = match e.key().as_str() {
                        "Enter" | " " => {
                            if let Some(trial) = dot.get_attribute("data-trial").and_then(|t| t.parse().ok()) {
                                d.emit(Msg::Lab(LabMsg::Open { row, trial }));
                            }
                            e.prevent_default();
                            return;
                        }
                        "ArrowRight" | "ArrowUp" => dot.next_element_sibling(),
                        "ArrowLeft" | "ArrowDown" => dot.previous_element_sibling(),
                        // The line's polyline comes first, then its dots.
                        "Home" => line.and_then(|l| l.first_element_child()).and_then(|p| p.next_element_sibling()),
                        "End" => line.and_then(|l| l.last_element_child()),
                        _ => return,
                    };
                    e.prevent_default();
                    if let Some(next) = to.filter(|n| n.tag_name() == "circle") {
                        let _ = dot.set_attribute("tabindex", "-1");
                        let _ = next.set_attribute("tabindex", "0");
                        let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::SvgElement>(next).focus();
                    }
                })
            };
            let dots = l.points.iter().zip(trials).enumerate().map(|(k, (&(x, y), &trial))| {
                html! {
                    <circle class="trial" cx={fixed(px(x), 1)} cy={fixed(py(y), 1)} r="5" fill={l.colour}
                        tabindex={if k == 0 { "0" } else { "-1" }} role="button" data-row={row.to_string()} data-trial={trial.to_string()}
                        onclick={click(d, Msg::Lab(LabMsg::Open { row, trial }))}>
                        <title>{format!("{} · {} {} · {} · {}", l.label, fixed(x, 1), t(lang, Text::MsUnit), fixed(y, 3), t(lang, Text::LabOpenTrial))}</title>
                    </circle>
                }
            });
            html! {
                <g onkeydown={on_key}>
                    <polyline points={path.join(" ")} fill="none" stroke={l.colour} />
                    { for dots }
                </g>
            }
        } else {
            let dots = (!l.theory).then(|| {
                l.points.iter().map(|&(x, y)| html! {
                    <circle cx={fixed(px(x), 1)} cy={fixed(py(y), 1)} r="4" fill={l.colour}>
                        <title>{format!("{} · {} {} · {} {}", l.label, t(lang, x_name),
                            fixed(x, if x.fract() == 0.0 { 0 } else { 2 }), t(lang, y_name), fixed(y, 4))}</title>
                    </circle>
                }).collect::<Html>()
            });
            html! {
                <g>
                    <polyline points={path.join(" ")} fill="none" stroke={l.colour}
                        class={classes!(l.theory.then_some("theory"))} />
                    { for dots }
                </g>
            }
        };
        let wrapped = legend_lines(&l.label);
        let ly = TOP + 8.0 + 20.0 * i as f64 + 16.0 * extra_lines[i] as f64;
        html! {
            // Keyed by its count of dots: a run with other trials draws it anew, the Tab stop
            // the keys moved along it (set in the page, not by Yew) back on its first dot.
            <g class="line" key={format!("{i}/{}", l.points.len())} data-theory={super::num::flag(l.theory)}>
                {shape}
                if l.paper.is_some() {
                    <rect class="paper-mark" x={fixed(W - RIGHT + 17.0, 1)} y={fixed(ly - 6.0, 1)} width="12" height="12" />
                } else {
                    <line class={classes!(l.theory.then_some("theory"))} x1={fixed(W - RIGHT + 12.0, 1)} x2={fixed(W - RIGHT + 34.0, 1)}
                        y1={fixed(ly, 1)} y2={fixed(ly, 1)} stroke={l.colour} />
                }
                <text class="legend" x={fixed(W - RIGHT + 40.0, 1)} y={fixed(ly + 4.0, 1)}>
                    { for wrapped.into_iter().enumerate().map(|(k, line)| html! {
                        <tspan x={fixed(W - RIGHT + 40.0, 1)} dy={if k == 0 { "0" } else { "16" }}>{line}</tspan>
                    }) }
                </text>
            </g>
        }
    });
    // The y axis's name runs along the plot's height: a longer one is set narrower to fit.
    let y_title = format!(
        "{}{}",
        t(lang, y_name),
        if log_y {
            t(lang, Text::LabLogScale)
        } else {
            ""
        }
    );
    let room = h - TOP - bottom;
    let y_squeeze = (axis_name_width(&y_title) > room).then_some(room);
    html! {
        <svg class="lab-chart" viewBox={format!("0 0 {} {}", fixed(W, 0), fixed(h, 0))} role="img"
            aria-label={format!("{}{}{} / {}", t(lang, title(tb.experiment)), super::i18n::colon(lang), t(lang, y_name), t(lang, x_name))}>
            <rect class="bg" x="0" y="0" width={fixed(W, 0)} height={fixed(h, 0)} />
            { for y_ticks }
            { for x_ticks }
            <line class="axis" x1={fixed(LEFT, 1)} x2={fixed(W - RIGHT, 1)} y1={fixed(h - bottom, 1)} y2={fixed(h - bottom, 1)} />
            <line class="axis" x1={fixed(LEFT, 1)} x2={fixed(LEFT, 1)} y1={fixed(TOP, 1)} y2={fixed(h - bottom, 1)} />
            if !bars {
                <text class="axis-name" x={fixed((LEFT + W - RIGHT) / 2.0, 1)} y={fixed(h - 6.0, 1)}>
                    {t(lang, x_name)}{ if log_x { t(lang, Text::LabLogScale) } else { "" } }</text>
            }
            <text class="axis-name y" x="14" y={fixed(TOP + (h - TOP - bottom) / 2.0, 1)}
                transform={format!("rotate(-90 14 {})", fixed(TOP + (h - TOP - bottom) / 2.0, 1))}
                textLength={y_squeeze.map(|l| fixed(l, 1))} lengthAdjust={y_squeeze.map(|_| "spacingAndGlyphs")}>
                {y_title}</text>
            { for drawn }
        </svg>
    }
}

/// About how wide an axis's name is in the chart's units (13 px type: a Chinese character a
/// square, the rest about 0.6 of it).
fn axis_name_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if u32::from(c) >= 0x2e80 { 13.0 } else { 7.8 })
        .sum()
}
