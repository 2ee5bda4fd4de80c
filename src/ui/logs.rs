//! The log panel: each server's log as cells coloured by term (the term printed inside), with
//! the committed prefix solid and the uncommitted tail hatched, plus the leader's view of each
//! follower (matchIndex / nextIndex) and the key-value state. Pure `props → Html`.

use super::i18n::{t, Lang, Text};
use crate::raft::{Command, Server};
use yew::prelude::*;

/// Entries shown per server: the most recent ones.
const SHOWN: usize = 10;

#[derive(Clone, PartialEq)]
pub struct ServerLog {
    pub alive: bool,
    /// (index, term, is a no-op) of the shown entries.
    pub entries: Vec<(u64, u64, bool)>,
    pub commit: u64,
    pub applied: u64,
    /// The leader's (matchIndex, nextIndex) for this server, when a leader is known.
    pub progress: Option<(u64, u64)>,
    pub kv: Vec<(String, String)>,
}

impl ServerLog {
    pub fn of(s: &Server, alive: bool, progress: Option<(u64, u64)>) -> ServerLog {
        let all = s.log().entries();
        let skip = all.len().saturating_sub(SHOWN);
        ServerLog {
            alive,
            entries: all
                .iter()
                .enumerate()
                .skip(skip)
                .map(|(i, e)| (i as u64 + 1, e.term.0, e.command == Command::Noop))
                .collect(),
            commit: s.commit_index().0,
            applied: s.last_applied().0,
            progress,
            kv: s
                .kv()
                .entries()
                .take(4)
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LogsProps {
    pub lang: Lang,
    pub servers: Vec<ServerLog>,
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
