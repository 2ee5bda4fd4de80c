//! The history view: one lane per client, each operation a bar from its call to its answer
//! (dashed while it has none), labelled with what it did and saw. The tags (x1, x2, y1…) are
//! the order the linearizability checker chose, key by key; when no order exists, the operations it
//! could not place after its longest valid prefix are marked ✗. A click on a bar puts the
//! cursor at the operation's call. Pure `props → Html`.

use crate::playground::{HistoryBar, HistoryModel, Intent};
use crate::sim::SimTime;
use std::rc::Rc;
use yew::prelude::*;

use super::app::{click, Dispatch, Msg};
use super::i18n::{t, Lang, Text};
use super::num::fixed;

/// The most recent operations shown (older ones scroll off the left edge, unless they are
/// part of why no order exists).
const SHOWN: usize = 16;
const W: f64 = 340.0;
const LEFT: f64 = 30.0;
const LANE: f64 = 48.0;
const BAR: f64 = 20.0;
/// About how wide a character of a label is, in view units (at the label's 14 px).
const CHAR: f64 = 7.7;
/// About how wide a character of a tag is (at its 12 px, bold).
const TAG_CHAR: f64 = 7.2;

/// Why no order exists, in words: how far the order got, and for a read that missed a write
/// that had completed before it began, which ones.
/// What follows the first "→ " of an operation's text (`get x → 1` gives `1`). Found by
/// char: a str pattern (`split_once("→ ")`) links a string search into the bundle.
fn after_arrow(text: &str) -> Option<&str> {
    text.match_indices('→')
        .find_map(|(i, arrow)| text[i + arrow.len()..].strip_prefix(' '))
}

fn why_not(m: &HistoryModel, lang: Lang) -> String {
    let lanes = || {
        m.lanes
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.bars.iter().map(move |b| (i, b)))
    };
    let stuck = lanes().find(|(_, b)| b.stuck);
    let key = stuck.map(|(_, b)| b.key.clone()).unwrap_or_default();
    let ordered = lanes()
        .filter(|(_, b)| b.key == key && b.rank.is_some())
        .count();
    let mut text = match (lang, ordered) {
        (Lang::En, 1) => format!("Not linearizable: no single order of the operations on key {key} explains every answer. The tagged one fits; no operation marked ✗ can come after it."),
        (Lang::En, n) => format!("Not linearizable: no single order of the operations on key {key} explains every answer. The {n} tagged ones fit, in the order of their tags; no operation marked ✗ can come after them."),
        (Lang::Zh, 1) => format!("不是线性一致的：对键 {key} 上的操作，找不到一个能解释所有回复的次序。带标签的那个操作能排进这个次序；标 ✗ 的操作都无法排在它之后。"),
        (Lang::Zh, n) => format!("不是线性一致的：对键 {key} 上的操作，找不到一个能解释所有回复的次序。带标签的 {n} 个操作能按标签的顺序排进这个次序；标 ✗ 的操作都无法排在它们之后。"),
    };
    // Operations outside the order found (never reached, or unanswered ones it did not need)
    // have neither a tag nor a ✗: said so, or such a bar reads as unexplained (the sloppy
    // quorum's last read).
    if lanes().any(|(_, b)| b.key == key && b.rank.is_none() && !b.stuck) {
        text.push_str(match lang {
            Lang::En => " Bars with neither a tag nor ✗ are not in that order: the search stops where no operation fits.",
            Lang::Zh => "既无标签也无 ✗ 的操作不在这个次序里：搜索到没有操作能排进去的地方就停下了。",
        });
    }
    // A read that began after the last placed operation of its key had completed, and
    // returned something else than that put wrote or that get returned.
    let read = stuck.filter(|(_, b)| b.text.starts_with("get ") && b.completed.is_some());
    let before = read.and_then(|(_, r)| {
        lanes()
            .filter(|(_, b)| b.key == key && b.rank.is_some())
            .filter(|(_, b)| b.completed.is_some_and(|c| c < r.invoked))
            .max_by_key(|(_, b)| b.rank)
    });
    if let (Some((ri, r)), Some((bi, b))) = (read, before) {
        let seen = after_arrow(&r.text);
        let put = b
            .text
            .strip_prefix("put ")
            .and_then(|t| t.split_once('='))
            .map(|(_, v)| v);
        let got = b
            .text
            .starts_with("get ")
            .then(|| after_arrow(&b.text))
            .flatten();
        let sentence = match (put, got, seen) {
            (Some(w), _, Some(v)) if w != v => Some(match lang {
                Lang::En => format!(
                    "C{}'s {} began after {} had completed, yet did not see it.",
                    ri + 1,
                    r.text,
                    b.text
                ),
                Lang::Zh => format!(
                    "C{} 的 {} 在 {} 完成之后才发出，却没有看到它。",
                    ri + 1,
                    r.text,
                    b.text
                ),
            }),
            (_, Some(g), Some(v)) if g != v => Some(match lang {
                Lang::En => format!(
                    "C{}'s {} began after C{}'s {} had returned, yet no write of {v} can come between them.",
                    ri + 1,
                    r.text,
                    bi + 1,
                    b.text
                ),
                Lang::Zh => format!(
                    "C{} 的 {} 在 C{} 的 {} 返回之后才发出，但两者之间不可能有写入 {v} 的操作。",
                    ri + 1,
                    r.text,
                    bi + 1,
                    b.text
                ),
            }),
            _ => None,
        };
        if let Some(sentence) = sentence {
            if lang == Lang::En {
                text.push(' ');
            }
            text.push_str(&sentence);
        }
    }
    text
}

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub lang: Lang,
    pub model: Rc<HistoryModel>,
    pub dispatch: Dispatch,
    /// What to say before the first operation.
    #[prop_or(Text::HistoryEmpty)]
    pub empty: Text,
}

/// About how wide a label is, in view units: a character other than ASCII (∅, →, Chinese)
/// takes nearly twice the room.
fn label_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { CHAR } else { 1.8 * CHAR })
        .sum()
}

/// The chart's stop of the Tab key: a bar, by its lane and its operation's number in that
/// client.
type Stop = Option<(usize, u64)>;

/// The keys of a focused bar (the chart is one stop of the Tab key; no bar was one before):
/// ← → to the bar before or after it in its lane, ↑ ↓ to the bar of the nearest lane above or
/// below that has one, whose call is nearest in time, Home and End to its lane's ends, Enter or
/// Space to its call (as a click). The stop moves with the focus.
fn on_bar_key(d: &Dispatch, stop: UseStateHandle<Stop>) -> Callback<KeyboardEvent> {
    use web_sys::Element;
    let d = d.clone();
    Callback::from(move |e: KeyboardEvent| {
        let Some(bar) = e.target_dyn_into::<Element>() else {
            return;
        };
        // Bars carry their call's time, each lane's in a group of their own.
        let at = |b: &Element| -> Option<u64> { b.get_attribute("data-at")?.parse().ok() };
        let Some(here) = at(&bar) else {
            return;
        };
        if e.alt_key() || e.ctrl_key() || e.meta_key() {
            return;
        }
        let walk = |from: Option<Element>, forward: bool| {
            std::iter::successors(from, move |b: &Element| {
                if forward {
                    b.next_element_sibling()
                } else {
                    b.previous_element_sibling()
                }
            })
        };
        let lane = bar.parent_element().and_then(|bars| bars.parent_element());
        let to = match e.key().as_str() {
            "Enter" | " " => {
                e.prevent_default();
                d.emit(Msg::Do(Intent::Seek(SimTime(here))));
                return;
            }
            "ArrowRight" => bar.next_element_sibling(),
            "ArrowLeft" => bar.previous_element_sibling(),
            "Home" => walk(Some(bar.clone()), false).last(),
            "End" => walk(Some(bar.clone()), true).last(),
            k @ ("ArrowUp" | "ArrowDown") => {
                let up = k == "ArrowUp";
                let first = lane.and_then(|l| walk(Some(l), !up).nth(1));
                // The nearest lane with a bar shown; in it, the call nearest in time.
                walk(first, !up)
                    .find_map(|l| l.last_element_child()?.last_element_child())
                    .and_then(|last| {
                        walk(Some(last), false)
                            .min_by_key(|b| at(b).map_or(u64::MAX, |t| t.abs_diff(here)))
                    })
            }
            _ => return,
        };
        e.prevent_default();
        if let Some(next) = to {
            let lane = next
                .parent_element()
                .and_then(|b| b.parent_element()?.get_attribute("data-lane")?.parse().ok());
            let seq = next.get_attribute("data-seq").and_then(|s| s.parse().ok());
            stop.set(lane.zip(seq));
            let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::SvgElement>(next).focus();
        }
    })
}

#[function_component(History)]
pub fn history(props: &HistoryProps) -> Html {
    let lang = props.lang;
    let m = &props.model;
    // The bar last moved to with the keys, while it is shown.
    let moved_to = use_state_eq(|| Stop::None);
    // The latest operations, and the failing part of the history when no order exists.
    let Some(start) = m.window_start(SHOWN) else {
        return html! { <p class="explain" data-testid="history">{t(lang, props.empty)}</p> };
    };
    let end = m.end.max(start + crate::sim::Duration(1));
    let span = (end - start).as_micros() as f64;
    let x = move |at: SimTime| {
        LEFT + (at.max(start) - start).as_micros() as f64 / span * (W - LEFT - 6.0)
    };
    let shown: Vec<Vec<&HistoryBar>> = m
        .lanes
        .iter()
        .map(|lane| {
            lane.bars
                .iter()
                .filter(|b| b.completed.is_none_or(|c| c >= start) || b.invoked >= start)
                .collect()
        })
        .collect();
    // The chart's stop of the Tab key: the bar last moved to with the keys while it is shown,
    // else the latest bar of the first lane that has one.
    let stop: Stop = (*moved_to)
        .filter(|&(lane, seq)| {
            shown
                .get(lane)
                .is_some_and(|bars| bars.iter().any(|b| b.seq == seq))
        })
        .or_else(|| {
            shown
                .iter()
                .enumerate()
                .find_map(|(i, bars)| Some((i, bars.last()?.seq)))
        });
    let lanes = m.lanes.iter().zip(&shown).enumerate().map(|(i, (lane, shown))| {
        let y = 18.0 + LANE * i as f64;
        // Where each bar's tag goes, if anywhere: at the bar's start (not over the lane's
        // name), and left out where it would run into the tag drawn before it in the lane,
        // as short operations in a row do ("x10x105x10…" reads as nothing); the bar's tooltip
        // still names it.
        let mut right = f64::NEG_INFINITY;
        let tags: Vec<Option<(String, f64, f64)>> = shown.iter().map(|b| {
            let tag = format!("{}{}", b.key, b.rank? + 1);
            let w = tag.chars().count() as f64 * TAG_CHAR + 6.0;
            let at = x(b.invoked).max(LEFT + w / 2.0);
            (at - w / 2.0 >= right + 2.0).then(|| {
                right = at + w / 2.0;
                (tag, at, w)
            })
        }).collect();
        // Where each bar's label goes: over the bar, or under it where the label before it
        // in the lane takes that room, moved back from the right edge where it would run past
        // it (the latest operation's "get x → ∅" was cut on a phone); left out only where
        // neither row has room ("put x=1put x=2" ran together, and a read the verdict names
        // had no label).
        let mut ends = [f64::NEG_INFINITY; 2];
        let labels: Vec<Option<(f64, f64)>> = shown.iter().map(|b| {
            let w = label_width(&b.text);
            let at = (x(b.invoked) + 9.0).min(W - 2.0 - w);
            let row = (0..2).find(|&r| at >= ends[r] + CHAR)?;
            ends[row] = at + w;
            Some((at, if row == 0 { y - 3.0 } else { y + BAR + 13.0 }))
        }).collect();
        let bars = shown.iter().enumerate().map(|(j, b)| {
            let (x0, x1) = (x(b.invoked), x(b.completed.unwrap_or(end)));
            let w = (x1 - x0).max(3.0);
            let label = labels[j].map(|(at, ly)| (b.text.clone(), at, ly));
            let at = b.invoked;
            let state = if b.stuck {
                "stuck"
            } else if b.completed.is_none() {
                "open"
            } else {
                "done"
            };
            let onclick = click(&props.dispatch, Msg::Do(Intent::Seek(at)));
            // The place in its key's order, named with the key: "x1", "y1", "x2"…
            let rank = tags[j].as_ref().map(|(tag, at, w)| {
                html! {
                    <g class="rank">
                        <rect x={fixed(at - w / 2.0, 1)} y={fixed(y + 1.0, 1)} width={fixed(*w, 1)} height={fixed(BAR - 2.0, 1)} rx="7" />
                        <text x={fixed(*at, 1)} y={fixed(y + BAR / 2.0 + 4.0, 1)}>{tag}</text>
                    </g>
                }
            });
            let named = b.rank.map_or_else(String::new, |r| format!("{}{} · ", b.key, r + 1));
            // Keyed by the operation: as older bars scroll off, the focus stays on its bar.
            html! {
                <g key={b.seq} class={classes!("op", state)} data-seq={b.seq.to_string()} data-state={state} data-key={b.key.clone()}
                    data-rank={b.rank.map(|r| (r + 1).to_string())} data-at={at.0.to_string()} {onclick} role="button"
                    tabindex={if stop == Some((i, b.seq)) { "0" } else { "-1" }}>
                    <title>{format!("{named}{} · {} {} → {}", b.text, fixed(b.invoked.as_micros() as f64 / 1000.0, 1), t(lang, Text::MsUnit),
                        b.completed.map_or_else(|| t(lang, Text::HistoryNoAnswer).to_string(), |c| format!("{} {}", fixed(c.as_micros() as f64 / 1000.0, 1), t(lang, Text::MsUnit))))}</title>
                    <rect x={fixed(x0, 1)} y={fixed(y, 1)} width={fixed(w, 1)} height={fixed(BAR, 1)} rx="3" />
                    if let Some((l, lx, ly)) = label {
                        <text class="label" x={fixed(lx, 1)} y={fixed(ly, 1)}>{l}</text>
                    }
                    if b.stuck {
                        <text class="cross" x={fixed(x0 + w / 2.0, 1)} y={fixed(y + BAR - 3.0, 1)}>{"✗"}</text>
                    }
                    // One child, shown or not (an option spread among them changes their count).
                    { rank.unwrap_or_default() }
                </g>
            }
        });
        html! {
            <g key={lane.client.0} class="lane" data-client={lane.client.to_string()} data-lane={i.to_string()}>
                <text class="who" x="2" y={fixed(y + BAR - 3.0, 1)}>{format!("C{}", i + 1)}</text>
                <line x1={fixed(LEFT, 1)} x2={fixed(W - 6.0, 1)} y1={fixed(y + BAR / 2.0, 1)} y2={fixed(y + BAR / 2.0, 1)} />
                // The bars in a group of their own, all keyed: Yew 0.23 matches children by key
                // only where every one has a key, and rebuilt every bar (and lost the focus on
                // one) as a new one came.
                <g class="bars">{ for bars }</g>
            </g>
        }
    });
    let h = 18.0 + LANE * m.lanes.len() as f64;
    let v = &m.verdict;
    let (mark, words) = match v.ok {
        Some(true) => ("✓", t(lang, Text::HistoryLinearizable).to_string()),
        None => ("?", t(lang, Text::HistoryUndecided).to_string()),
        Some(false) => ("✗", why_not(m, lang)),
    };
    html! {
        <section class="history" data-testid="history" aria-label={t(lang, Text::TabHistory)}>
            <svg class="history-lanes" viewBox={format!("0 0 {} {}", fixed(W, 0), fixed(h, 0))} role="group"
                aria-label={t(lang, Text::HistoryWhat)} onkeydown={on_bar_key(&props.dispatch, moved_to.clone())}>
                { for lanes }
            </svg>
            <p class={classes!("verdict", (v.ok == Some(false)).then_some("bad"))} data-ok={v.ok.map_or("unknown".to_string(), |o| o.to_string())}>
                <span class="mark" aria-hidden="true">{mark}</span>{" "}{words}</p>
            <p class="explain">{t(lang, Text::HistoryWhat)}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::after_arrow;

    #[test]
    fn the_answer_follows_the_first_arrow_and_space() {
        assert_eq!(after_arrow("get x → 1"), Some("1"));
        // A key or value with an arrow of its own: split where `split_once("→ ")` would.
        assert_eq!(after_arrow("get a→b → 1"), Some("1"));
        assert_eq!(after_arrow("get x → a→ b"), Some("a→ b"));
        assert_eq!(after_arrow("get x → "), Some(""));
        assert_eq!(after_arrow("cas x 1→2"), None);
        assert_eq!(after_arrow("get x …"), None);
    }
}
