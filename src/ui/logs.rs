//! The log panel: each server's log as cells coloured by term (the term printed inside), with
//! the committed prefix solid and the uncommitted tail hatched, plus the leader's view of each
//! follower (matchIndex / nextIndex) and the key-value state. Pure `props → Html`.

use super::i18n::{t, Lang, Text};
use crate::playground::ServerLog;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LogsProps {
    pub lang: Lang,
    pub servers: Rc<Vec<ServerLog>>,
}

#[function_component(Logs)]
pub fn logs(props: &LogsProps) -> Html {
    let lang = props.lang;
    let rows = props.servers.iter().enumerate().map(|(i, s)| {
        let cells = s.entries.iter().map(|&(index, term, noop)| {
            let committed = index <= s.commit;
            html! {
                <span class={classes!("cell", format!("term-{}", term % 8), (!committed).then_some("uncommitted"))}
                      title={format!("{} {index} · {} {term}{}", t(lang, Text::Entry), t(lang, Text::Term),
                                     if noop { " · no-op" } else { "" })}>
                    {term}
                </span>
            }
        });
        let progress = s.progress.map(|(m, n)| format!("match {m} · next {n}"));
        let kv: Vec<String> = s.kv.iter().map(|(k, v)| format!("{k}={v}")).collect();
        html! {
            <li class={classes!("log-row", (!s.alive).then_some("down"))} data-log-node={(i + 1).to_string()}
                data-commit={s.commit.to_string()} data-length={s.entries.last().map_or(0, |e| e.0).to_string()}>
                <span class="who">{format!("N{}", i + 1)}</span>
                <span class="cells">{ for cells }</span>
                <span class="marks">
                    {format!("{} {} · {} {}", t(lang, Text::CommitShort), s.commit, t(lang, Text::AppliedShort), s.applied)}
                    if let Some(p) = progress { <span class="progress">{p}</span> }
                    if !kv.is_empty() { <span class="kv">{kv.join(" ")}</span> }
                </span>
            </li>
        }
    });
    html! {
        <ol class="logs" data-testid="logs">{ for rows }</ol>
    }
}
