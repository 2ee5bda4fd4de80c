//! The settings: the network (changed at the current moment, as part of the run) and the
//! cluster (which define the run: changing one starts it again from time zero).
//!
//! Both panels are drawn again only when their settings change, so a number can be typed
//! into a field while the run plays: it is taken when the field is left (or Enter pressed).

use crate::playground::{Intent, Setting};
use crate::raft::{Break, RaftConfig};
use crate::share::{limits, percent_of_ppm};
use crate::sim::{Duration, NetConfig, NodeId};
use yew::prelude::*;

use super::app::{send_if, Dispatch, Msg};
use super::i18n::{t, Lang, Text};

fn number(e: &Event) -> Option<u32> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .and_then(|i| i.value().trim().parse::<u32>().ok())
}

fn checked(e: &Event) -> bool {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .is_some_and(|i| i.checked())
}

fn ms(d: Duration) -> u32 {
    u32::try_from(d.as_micros() / 1000).unwrap_or(u32::MAX)
}

/// The partition tool's starting split: the first ⌊(n−1)/2⌋ servers against the rest, so the
/// first group is a minority.
pub fn default_group(servers: u8) -> Vec<bool> {
    let minority = (servers.saturating_sub(1) / 2).max(1);
    (0..servers).map(|i| i < minority).collect()
}

#[derive(Properties, PartialEq)]
pub struct NetworkProps {
    pub lang: Lang,
    pub servers: u8,
    pub net: NetConfig,
    pub dispatch: Dispatch,
}

#[function_component(NetworkSettings)]
pub fn network_settings(props: &NetworkProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    // The partition tool's first group: the page's own choice until it is applied.
    let group = use_state(|| default_group(props.servers));
    let loss = percent_of_ppm(props.net.loss_ppm);
    let (lo, hi) = (ms(props.net.latency_min), ms(props.net.latency_max));
    let on_loss = send_if(d, |e: InputEvent| {
        e.target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|i| i.value().parse().ok())
            .map(|v| Msg::Do(Intent::SetLoss(v)))
    });
    let on_lo = send_if(d, move |e: Event| {
        number(&e).map(|v| Msg::Do(Intent::SetLatency(v, hi.max(v))))
    });
    let on_hi = send_if(d, move |e: Event| {
        number(&e).map(|v| Msg::Do(Intent::SetLatency(lo.min(v), v)))
    });
    let chips = group.iter().enumerate().map(|(i, &in_a)| {
        let id = NodeId(i as u8);
        let toggle = {
            let group = group.clone();
            Callback::from(move |_| {
                let mut g = (*group).clone();
                g[i] = !g[i];
                group.set(g);
            })
        };
        html! {
            <button type="button" class={classes!("chip", in_a.then_some("group-a"))}
                aria-pressed={in_a.to_string()}
                aria-label={format!("{id}: {}", if in_a { t(lang, Text::GroupA) } else { t(lang, Text::GroupB) })}
                onclick={toggle}>{id.to_string()}</button>
        }
    });
    let splittable = group.iter().any(|&g| g) && group.iter().any(|&g| !g);
    let split = {
        let members: Vec<NodeId> = group
            .iter()
            .enumerate()
            .filter(|(_, &g)| g)
            .map(|(i, _)| NodeId(i as u8))
            .collect();
        d.reform(move |_| Msg::Do(Intent::Partition(members.clone())))
    };
    let max_latency = limits::LATENCY_MS.end().to_string();
    html! {
        <details class="settings" open=true>
            <summary>{t(lang, Text::NetworkSettings)}</summary>
            <label class="row">{format!("{} {loss}%", t(lang, Text::Loss))}
                <input type="range" min="0" max="50" step="5" value={loss.to_string()}
                    oninput={on_loss} aria-label={t(lang, Text::Loss)} />
            </label>
            <div class="row pair">
                <label>{t(lang, Text::LatencyMin)}
                    <input type="number" min="0" max={max_latency.clone()} step="5"
                        value={lo.to_string()} onchange={on_lo} aria-label={t(lang, Text::LatencyMin)} />
                </label>
                <label>{t(lang, Text::LatencyMax)}
                    <input type="number" min="0" max={max_latency} step="5"
                        value={hi.to_string()} onchange={on_hi} aria-label={t(lang, Text::LatencyMax)} />
                </label>
            </div>
            <p class="explain">{t(lang, Text::PartitionHint)}</p>
            <div class="chips" role="group" aria-label={t(lang, Text::GroupA)}>{ for chips }</div>
            <div class="actions">
                <button type="button" disabled={!splittable} onclick={split}>{t(lang, Text::Split)}</button>
                <button type="button" onclick={d.reform(|_| Msg::Do(Intent::HealAll))}>{t(lang, Text::HealAll)}</button>
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub lang: Lang,
    pub servers: u8,
    pub raft: RaftConfig,
    pub dispatch: Dispatch,
}

/// The name and the one-line "what will go wrong" of each teaching switch.
fn break_texts(b: Break) -> (Text, Text) {
    match b {
        Break::FixedTimeouts => (Text::BreakFixed, Text::BreakFixedWhy),
        Break::NoUpToDateCheck => (Text::BreakUpToDate, Text::BreakUpToDateWhy),
        Break::ManyVotesPerTerm => (Text::BreakManyVotes, Text::BreakManyVotesWhy),
        Break::CommitOldTermsByCount => (Text::BreakOldTerms, Text::BreakOldTermsWhy),
        Break::LocalReads => (Text::BreakLocalReads, Text::BreakLocalReadsWhy),
        Break::UnconfirmedReads => (Text::BreakUnconfirmed, Text::BreakUnconfirmedWhy),
        Break::LongLease => (Text::BreakLongLease, Text::BreakLongLeaseWhy),
        Break::LeaseIgnoresDrift => (Text::BreakDrift, Text::BreakDriftWhy),
    }
}

#[function_component(ClusterSettings)]
pub fn cluster_settings(props: &ClusterProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    let raft = &props.raft;
    let on_servers = send_if(d, |e: Event| {
        e.target_dyn_into::<web_sys::HtmlSelectElement>()
            .and_then(|s| s.value().parse().ok())
            .map(|v| Msg::Do(Intent::Configure(Setting::Servers(v))))
    });
    let servers = (1..=limits::MAX_SERVERS).map(|k| {
        html! { <option value={k.to_string()} selected={k == props.servers}>{k}</option> }
    });
    let field = |text: Text,
                 value: u32,
                 range: &std::ops::RangeInclusive<u32>,
                 make: fn(u32) -> Setting| {
        let onchange = send_if(d, move |e: Event| {
            number(&e).map(|v| Msg::Do(Intent::Configure(make(v))))
        });
        html! {
            <label>{t(lang, text)}
                <input type="number" min={range.start().to_string()} max={range.end().to_string()} step="10"
                    value={value.to_string()} {onchange} aria-label={t(lang, text)} />
            </label>
        }
    };
    let switch = |text: Text, explain: Text, on: bool, make: Box<dyn Fn(bool) -> Setting>| {
        let onchange = d.reform(move |e: Event| Msg::Do(Intent::Configure(make(checked(&e)))));
        html! {
            <label class="switch">
                <input type="checkbox" checked={on} {onchange} aria-label={t(lang, text)} />
                <span><strong>{t(lang, text)}</strong>{" — "}{t(lang, explain)}</span>
            </label>
        }
    };
    let teaching = Break::ALL.iter().map(|&b| {
        let (name, why) = break_texts(b);
        html! {
            <div data-break={b.name()}>
                { switch(name, why, raft.breaks.get(b), Box::new(move |on| Setting::Break(b, on))) }
            </div>
        }
    });
    let slow_heartbeat = raft.heartbeat_interval >= raft.election_timeout_min;
    html! {
        <details class="settings" open=true>
            <summary>{t(lang, Text::ClusterSettings)}</summary>
            <p class="explain">{t(lang, Text::RestartsRun)}</p>
            <label class="row">{t(lang, Text::ClusterSize)}
                <select onchange={on_servers} aria-label={t(lang, Text::ClusterSize)}>{ for servers }</select>
            </label>
            <div class="row pair">
                { field(Text::ElectionMin, ms(raft.election_timeout_min), &limits::ELECTION_TIMEOUT_MS, Setting::ElectionMin) }
                { field(Text::ElectionMax, ms(raft.election_timeout_max), &limits::ELECTION_TIMEOUT_MS, Setting::ElectionMax) }
            </div>
            <div class="row">
                { field(Text::Heartbeat, ms(raft.heartbeat_interval), &limits::HEARTBEAT_MS, Setting::Heartbeat) }
                { field(Text::DiskWrite, ms(raft.disk_write), &limits::DISK_WRITE_MS, Setting::DiskWrite) }
            </div>
            if slow_heartbeat {
                <p class="warn" role="status">{t(lang, Text::SlowHeartbeat)}</p>
            }
            { switch(Text::PreVote, Text::PreVoteWhy, raft.pre_vote, Box::new(Setting::PreVote)) }
            { switch(Text::CheckQuorum, Text::CheckQuorumWhy, raft.check_quorum, Box::new(Setting::CheckQuorum)) }
            <h3>{t(lang, Text::TeachingSwitches)}</h3>
            { for teaching }
        </details>
    }
}
