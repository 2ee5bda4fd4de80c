//! The settings: the network (changed at the current moment, as part of the run) and the
//! cluster (which define the run: changing one starts it again from time zero).

use crate::raft::Breaks;
use crate::sim::NodeId;
use yew::html::Scope;
use yew::prelude::*;

use super::app::{App, Msg, Setting};
use super::i18n::{t, Text};
use super::params;

fn number(e: Event) -> Option<u32> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .and_then(|i| i.value().trim().parse::<u32>().ok())
}

fn checked(e: Event) -> bool {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .is_some_and(|i| i.checked())
}

pub fn network(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let net = &app.timeline.sim().network().config;
    let loss = net.loss_ppm / 10_000;
    let (lo, hi) = (
        net.latency_min.as_micros() as u32 / 1000,
        net.latency_max.as_micros() as u32 / 1000,
    );
    let on_loss = link.callback(|e: InputEvent| {
        let v = e
            .target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|i| i.value().parse().ok())
            .unwrap_or(0);
        Msg::SetLoss(v)
    });
    let on_lo =
        link.batch_callback(move |e: Event| number(e).map(|v| Msg::SetLatency(v, hi.max(v))));
    let on_hi =
        link.batch_callback(move |e: Event| number(e).map(|v| Msg::SetLatency(lo.min(v), v)));
    let chips = app.group.iter().enumerate().map(|(i, &in_a)| {
        let id = NodeId(i as u8);
        html! {
            <button type="button" class={classes!("chip", in_a.then_some("group-a"))}
                aria-pressed={in_a.to_string()}
                aria-label={format!("{id}: {}", if in_a { t(lang, Text::GroupA) } else { t(lang, Text::GroupB) })}
                onclick={link.callback(move |_| Msg::ToggleGroup(id))}>{id.to_string()}</button>
        }
    });
    let splittable = app.group.iter().any(|&g| g) && app.group.iter().any(|&g| !g);
    html! {
        <details class="settings" open=true>
            <summary>{t(lang, Text::NetworkSettings)}</summary>
            <label class="row">{format!("{} {loss}%", t(lang, Text::Loss))}
                <input type="range" min="0" max="50" step="5" value={loss.to_string()}
                    oninput={on_loss} aria-label={t(lang, Text::Loss)} />
            </label>
            <div class="row pair">
                <label>{t(lang, Text::LatencyMin)}
                    <input type="number" min="0" max={params::MAX_LATENCY_MS.to_string()} step="5"
                        value={lo.to_string()} onchange={on_lo} aria-label={t(lang, Text::LatencyMin)} />
                </label>
                <label>{t(lang, Text::LatencyMax)}
                    <input type="number" min="0" max={params::MAX_LATENCY_MS.to_string()} step="5"
                        value={hi.to_string()} onchange={on_hi} aria-label={t(lang, Text::LatencyMax)} />
                </label>
            </div>
            <p class="explain">{t(lang, Text::PartitionHint)}</p>
            <div class="chips" role="group" aria-label={t(lang, Text::GroupA)}>{ for chips }</div>
            <div class="actions">
                <button type="button" disabled={!splittable}
                    onclick={link.callback(|_| Msg::Partition)}>{t(lang, Text::Split)}</button>
                <button type="button" onclick={link.callback(|_| Msg::HealAll)}>{t(lang, Text::HealAll)}</button>
            </div>
        </details>
    }
}

pub fn cluster(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let raft = &app.config.raft;
    let ms = |d: crate::sim::Duration| (d.as_micros() / 1000).to_string();
    let on_servers = link.callback(|e: Event| {
        let v = e
            .target_dyn_into::<web_sys::HtmlSelectElement>()
            .and_then(|s| s.value().parse().ok())
            .unwrap_or(5);
        Msg::Configure(Setting::Servers(v))
    });
    let servers = (1..=params::MAX_NODES).map(|k| {
        html! { <option value={k.to_string()} selected={k == app.config.servers}>{k}</option> }
    });
    let field = |text: Text, value: String, min: u32, max: u32, make: fn(u32) -> Setting| {
        let onchange =
            link.batch_callback(move |e: Event| number(e).map(|v| Msg::Configure(make(v))));
        html! {
            <label>{t(lang, text)}
                <input type="number" min={min.to_string()} max={max.to_string()} step="10"
                    {value} {onchange} aria-label={t(lang, text)} />
            </label>
        }
    };
    let switch = |text: Text, explain: Text, on: bool, make: Box<dyn Fn(bool) -> Setting>| {
        let onchange = link.callback(move |e: Event| Msg::Configure(make(checked(e))));
        html! {
            <label class="switch">
                <input type="checkbox" checked={on} {onchange} aria-label={t(lang, text)} />
                <span><strong>{t(lang, text)}</strong>{" — "}{t(lang, explain)}</span>
            </label>
        }
    };
    let breaks = raft.breaks;
    let break_on = [
        breaks.fixed_timeouts,
        breaks.no_up_to_date_check,
        breaks.many_votes_per_term,
        breaks.commit_old_terms_by_count,
    ];
    let break_texts = [
        (Text::BreakFixed, Text::BreakFixedWhy),
        (Text::BreakUpToDate, Text::BreakUpToDateWhy),
        (Text::BreakManyVotes, Text::BreakManyVotesWhy),
        (Text::BreakOldTerms, Text::BreakOldTermsWhy),
    ];
    debug_assert_eq!(break_texts.len(), Breaks::NAMES.len());
    let teaching = break_texts.iter().enumerate().map(|(i, &(name, why))| {
        html! {
            <div data-break={Breaks::NAMES[i]}>
                { switch(name, why, break_on[i], Box::new(move |on| Setting::Break(i, on))) }
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
                { field(Text::ElectionMin, ms(raft.election_timeout_min), params::MIN_TIMEOUT_MS,
                        params::MAX_TIMEOUT_MS, Setting::ElectionMin) }
                { field(Text::ElectionMax, ms(raft.election_timeout_max), params::MIN_TIMEOUT_MS,
                        params::MAX_TIMEOUT_MS, Setting::ElectionMax) }
            </div>
            <div class="row">
                { field(Text::Heartbeat, ms(raft.heartbeat_interval), params::MIN_HEARTBEAT_MS,
                        params::MAX_HEARTBEAT_MS, Setting::Heartbeat) }
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
