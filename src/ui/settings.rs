//! The settings: the network (changed at the current moment, as part of the run) and the
//! cluster (which define the run: changing one starts it again from time zero).
//!
//! Both panels are drawn again only when their settings change, so a number can be typed
//! into a field while the run plays: it is taken when the field is left (or Enter pressed).

use crate::playground::{Intent, Setting};
use crate::raft::{Break, ClusterConfig, Load, RaftConfig, ReadPath};
use crate::share::{limits, percent_of_ppm};
use crate::sim::{Duration, NetConfig, NodeId};
use yew::prelude::*;

use super::app::{click, number_field, send_if, Dispatch, Msg};
use super::i18n::{t, Lang, Text};

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
    let on_lo = number_field(d, lo, limits::LATENCY_MS, move |v| {
        Msg::Do(Intent::SetLatency(v, hi.max(v)))
    });
    let on_hi = number_field(d, hi, limits::LATENCY_MS, move |v| {
        Msg::Do(Intent::SetLatency(lo.min(v), v))
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
                aria-pressed={super::num::flag(in_a)}
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
        click(d, Msg::Do(Intent::Partition(members.clone())))
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
                <button type="button" onclick={click(d, Msg::Do(Intent::HealAll))}>{t(lang, Text::HealAll)}</button>
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
        Break::ReplyBeforeWrite => (Text::BreakReplyFirst, Text::BreakReplyFirstWhy),
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
        let onchange = number_field(d, value, range.clone(), move |v| {
            Msg::Do(Intent::Configure(make(v)))
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

#[derive(Properties, PartialEq)]
pub struct ClientsProps {
    pub lang: Lang,
    pub config: ClusterConfig,
    pub dispatch: Dispatch,
}

fn read_path_text(p: ReadPath) -> Text {
    match p {
        ReadPath::Log => Text::ReadByLog,
        ReadPath::ReadIndex => Text::ReadByIndex,
        ReadPath::Lease => Text::ReadByLease,
    }
}

/// The clients (how many, how each reads, what each does by itself) and the servers'
/// clocks: the settings of consistency.
#[function_component(ClientSettings)]
pub fn client_settings(props: &ClientsProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    let cfg = &props.config;
    let configure = |s: Setting| Msg::Do(Intent::Configure(s));
    let on_clients = send_if(d, move |e: Event| {
        e.target_dyn_into::<web_sys::HtmlSelectElement>()
            .and_then(|s| s.value().parse().ok())
            .map(|v| configure(Setting::Clients(v)))
    });
    let counts = limits::CLIENTS.map(|k| {
        html! { <option value={k.to_string()} selected={k == cfg.clients}>{k}</option> }
    });
    let rows = cfg.client_ids().enumerate().map(|(i, id)| {
        let i = i as u8;
        let setup = cfg.setup(id);
        let on_read = send_if(d, move |e: Event| {
            e.target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| ReadPath::parse(&s.value()))
                .map(|p| configure(Setting::ClientRead(i, p)))
        });
        let paths = ReadPath::ALL.map(|p| {
            html! { <option value={p.name()} selected={p == setup.read}>{t(lang, read_path_text(p))}</option> }
        });
        let load = setup.load;
        let on_auto = d.reform(move |e: Event| {
            configure(Setting::ClientLoad(i, checked(&e).then(|| load.unwrap_or_default())))
        });
        let field = |text: Text, value: u32, lo: u32, hi: u32, step: u32, set: fn(Load, u32) -> Load| {
            let current = load.unwrap_or_default();
            let onchange = number_field(d, value, lo..=hi, move |v| {
                configure(Setting::ClientLoad(i, Some(set(current, v))))
            });
            html! {
                <label>{t(lang, text)}
                    <input type="number" min={lo.to_string()} max={hi.to_string()} step={step.to_string()}
                        value={value.to_string()} {onchange} aria-label={format!("C{} {}", i + 1, t(lang, text))} />
                </label>
            }
        };
        html! {
            <fieldset class="client" data-client={(i + 1).to_string()}>
                <legend>{format!("C{}", i + 1)}</legend>
                <label class="row">{t(lang, Text::ReadPathLabel)}
                    <select onchange={on_read} aria-label={format!("C{} {}", i + 1, t(lang, Text::ReadPathLabel))}>{ for paths }</select>
                </label>
                <label class="switch">
                    <input type="checkbox" checked={load.is_some()} onchange={on_auto}
                        aria-label={format!("C{} {}", i + 1, t(lang, Text::OwnWorkload))} />
                    <span>{t(lang, Text::OwnWorkload)}</span>
                </label>
                if let Some(l) = load {
                    <div class="row pair">
                        { field(Text::ReadShare, u32::from(l.read_pct), 0, 100, 10, |l, v| Load { read_pct: v.min(100) as u8, ..l }) }
                        { field(Text::KeyCount, u32::from(l.keys), 1, 6, 1, |l, v| Load { keys: v.clamp(1, 6) as u8, ..l }) }
                        { field(Text::ThinkMs, l.think_ms, *Load::THINK_MS.start(), *Load::THINK_MS.end(), 50, |l, v| Load { think_ms: v, ..l }) }
                    </div>
                }
            </fieldset>
        }
    });
    let clocks = cfg.server_ids().map(|id| {
        let i = id.0;
        let rates = u32::from(*limits::CLOCK_PCT.start())..=u32::from(*limits::CLOCK_PCT.end());
        let onchange = number_field(d, cfg.clock(id).into(), rates, move |v| {
            configure(Setting::Clock(i, v as u16))
        });
        let label = format!("N{} {}", i + 1, t(lang, Text::ClockRate));
        html! {
            <label data-clock={(i + 1).to_string()}>{format!("N{}", i + 1)}
                <input type="number" min={limits::CLOCK_PCT.start().to_string()} max={limits::CLOCK_PCT.end().to_string()}
                    step="5" value={cfg.clock(id).to_string()} {onchange} aria-label={label} />
            </label>
        }
    });
    let on_bound = number_field(d, cfg.raft.drift_bound_pct.into(), 0..=50, move |v| {
        configure(Setting::DriftBound(v as u8))
    });
    let lease_ms = cfg.raft.lease().as_micros() / 1000;
    html! {
        <details class="settings" open=true>
            <summary>{t(lang, Text::ClientsAndClocks)}</summary>
            <p class="explain">{t(lang, Text::ReadPathsWhy)}</p>
            <label class="row">{t(lang, Text::ClientCount)}
                <select onchange={on_clients} aria-label={t(lang, Text::ClientCount)}>{ for counts }</select>
            </label>
            // A box of its own: more or fewer rows must not shift the select before them, which
            // Yew would build anew and so take the focus from.
            <div class="slot">{ for rows }</div>
            <h3>{t(lang, Text::ClockRate)}</h3>
            <p class="explain">{t(lang, Text::ClocksWhy)}</p>
            <div class="row clocks">{ for clocks }</div>
            <label class="row">{t(lang, Text::DriftBound)}
                <input type="number" min="0" max="50" step="5" value={cfg.raft.drift_bound_pct.to_string()}
                    onchange={on_bound} aria-label={t(lang, Text::DriftBound)} />
            </label>
            <p class="explain" data-lease-ms={lease_ms.to_string()}>{format!("{} {lease_ms} {}", t(lang, Text::LeaseIs), t(lang, Text::MsUnit))}</p>
        </details>
    }
}
