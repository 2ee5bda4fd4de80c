//! The log panel: every server's log over the same window of indices (an index header on
//! top, so entry `i` of each server stands in one column), each cell coloured by term with the
//! term inside and its command in the tooltip; committed entries solid, the uncommitted tail
//! hatched; the key-value state each server has applied at the end of its own row.

use super::i18n::{t, Lang, Text};
use crate::playground::LogsModel;
use std::rc::Rc;
use yew::prelude::*;

/// Distinct term colours; terms further apart than this repeat a colour but are drawn with a
/// bar under the number, so term 11 never passes for term 1.
const TERM_COLOURS: u64 = 10;

#[derive(Properties, PartialEq)]
pub struct LogsProps {
    pub lang: Lang,
    pub model: Rc<LogsModel>,
}

#[function_component(Logs)]
pub fn logs(props: &LogsProps) -> Html {
    let lang = props.lang;
    let m = &*props.model;
    // Logs longer than the window end in a count of the entries past it, and the header in
    // the newest index: a story about index 25 must not look as if the logs end at 11. The
    // count takes the window's last column, so the applied state keeps its room.
    let newest = m.servers.iter().map(|s| s.length).max().unwrap_or(0);
    let beyond = newest > m.last && m.last > m.first;
    let last = if beyond { m.last - 1 } else { m.last };
    // Indices wider than a cell (four digits and more, deep into a long run) label every
    // fourth column, each overflowing into the unlabelled ones after it: side by side, they
    // ran together ("2994229943…").
    let wide = last >= 1000;
    let header = (m.first..=last).map(|i| {
        if wide && (i - m.first) % 4 != 0 {
            html! { <span class="index" /> }
        } else {
            html! { <span class={classes!("index", wide.then_some("wide"))}>{i}</span> }
        }
    });
    let rows = m.servers.iter().enumerate().map(|(i, s)| {
        let cells = s.cells.iter().zip(m.first..=last).map(|(cell, index)| match cell {
            None => html! { <span class="cell empty" /> },
            Some(c) => {
                let committed = index <= s.drawn_committed;
                let state = if committed {
                    t(lang, Text::Committed)
                } else {
                    t(lang, Text::NotCommitted)
                };
                html! {
                    <span class={classes!("cell", format!("term-{}", c.term % TERM_COLOURS),
                                          (c.term / TERM_COLOURS % 2 == 1).then_some("later"),
                                          (!committed).then_some("uncommitted"))}
                          title={format!("{} {index} · {} {} · {} · {state}", t(lang, Text::Entry),
                                         t(lang, Text::Term), c.term,
                                         if c.command == "no-op" { t(lang, Text::NoOp) } else { &c.command })}>
                        {c.term}
                    </span>
                }
            }
        });
        let kv: Vec<String> = s.kv.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut facts = format!(
            "{} {} · {} {}",
            t(lang, Text::CommitShort),
            s.commit,
            t(lang, Text::AppliedShort),
            s.applied
        );
        // Whose view of this log: with two leaders (an old one cut off in its term) it matters.
        if let Some((leader, matched, next)) = s.progress {
            facts.push_str(&match lang {
                Lang::En => format!(" · {leader}'s matchIndex {matched} · nextIndex {next}"),
                Lang::Zh => format!(" · {leader} 记录的 matchIndex {matched} · nextIndex {next}"),
            });
        }
        let state = kv.join(" ");
        html! {
            <li class={classes!("log-row", (!s.alive).then_some("down"))} data-log-node={(i + 1).to_string()}
                data-commit={s.commit.to_string()} data-length={s.length.to_string()}>
                <span class="who" title={facts.clone()}>{format!("N{}", i + 1)}</span>
                <span class="cells">
                    { for cells }
                    if beyond {
                        if s.length > last {
                            <span class="more" title={format!("{}{}{}", t(lang, Text::EntriesNotShown), if lang == Lang::Zh { "：" } else { ": " },
                                                              if s.length == last + 1 { s.length.to_string() } else { format!("{}–{}", last + 1, s.length) })}>
                                {format!("+{}", s.length - last)}
                            </span>
                        } else {
                            <span class="more" />
                        }
                    }
                </span>
                <span class="kv" title={format!("{facts}\n{}: {state}", t(lang, Text::AppliedState))}>
                    { if state.is_empty() { "∅".to_string() } else { state } }
                </span>
            </li>
        }
    });
    html! {
        <ol class="logs" data-testid="logs">
            <li class="log-row log-head" aria-hidden="true">
                <span class="who">{"#"}</span>
                <span class="cells">
                    { for header }
                    if beyond { <span class="index more">{format!("…{newest}")}</span> }
                </span>
                // The whole name where it fits, else the short one (a container query).
                <span class="kv" title={t(lang, Text::AppliedState)}>
                    <span class="full">{t(lang, Text::AppliedState)}</span>
                    <span class="short">{t(lang, Text::AppliedStateShort)}</span>
                </span>
            </li>
            { for rows }
        </ol>
    }
}
