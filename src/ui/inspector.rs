//! The inspector: what is known about the selected node, link or message, and what can be
//! done to it.

use crate::raft::{ClientOutcome, Command, Msg as RaftMsg, Role, Timer};
use crate::sim::{DropReason, Fate, NodeId};
use yew::html::Scope;
use yew::prelude::*;

use super::app::{App, LinkCmd, Msg, NodeCmd, Selection};
use super::i18n::{t, Text};

pub fn render(app: &App, link: &Scope<App>) -> Html {
    match app.selected {
        Some(Selection::Node(id)) if id.0 < app.config.servers => node(app, link, id),
        Some(Selection::Link(a, b)) if b.0 < app.config.servers => link_panel(app, link, a, b),
        Some(Selection::Message(m)) => match app.timeline.message(m) {
            Some(record) => message(app, link, record),
            None => hint(app),
        },
        _ => hint(app),
    }
}

fn hint(app: &App) -> Html {
    html! { <p class="hint">{t(app.lang, Text::InspectorHint)}</p> }
}

fn close(app: &App, link: &Scope<App>) -> Html {
    html! {
        <button type="button" class="close" onclick={link.callback(|_| Msg::Select(None))}
            aria-label={t(app.lang, Text::Close)} title={t(app.lang, Text::Close)}>{"×"}</button>
    }
}

fn node(app: &App, link: &Scope<App>, id: NodeId) -> Html {
    let lang = app.lang;
    let sim = app.timeline.sim();
    let Some(server) = sim.node(id).as_server() else {
        return hint(app);
    };
    let alive = sim.is_alive(id);
    let role = match (alive, server.role()) {
        (false, _) => t(lang, Text::NodeDown),
        (true, Role::Leader) => t(lang, Text::Leader),
        (true, Role::Candidate | Role::PreCandidate) => t(lang, Text::Candidate),
        (true, Role::Follower) => t(lang, Text::Follower),
    };
    let timer = sim
        .timers_of(id)
        .find(|(t, _)| *t == Timer::Election)
        .filter(|_| alive && server.role() != Role::Leader)
        .map(|(_, at)| (at - sim.now()).to_string());
    let none = || "—".to_string();
    let rows = [
        (Text::Term, server.term().to_string()),
        (
            Text::VotedFor,
            server.voted_for().map_or_else(none, |v| v.to_string()),
        ),
        (
            Text::KnownLeader,
            server.leader().map_or_else(none, |v| v.to_string()),
        ),
        (
            Text::LogLength,
            format!(
                "{} ({} {})",
                server.log().last_index(),
                t(lang, Text::Term),
                server.log().last_term()
            ),
        ),
        (Text::CommitIndex, server.commit_index().to_string()),
        (Text::ElectionTimer, timer.unwrap_or_else(none)),
    ];
    let rows = rows
        .iter()
        .map(|(k, v)| html! { <><dt>{t(lang, *k)}</dt><dd>{v}</dd></> });
    let button = |cmd: NodeCmd, text: Text, key: &'static str| {
        let onclick = link.callback(move |_| Msg::Node(id, cmd));
        html! {
            <button type="button" {onclick} aria-keyshortcuts={key}
                title={format!("{} ({key})", t(lang, text))}>{t(lang, text)}</button>
        }
    };
    html! {
        <div data-inspect="node" data-node={(id.0 + 1).to_string()}>
            <h2>{format!("{id} · {role}")}{ close(app, link) }</h2>
            <dl class="facts">{ for rows }</dl>
            <div class="actions">
                if alive {
                    { button(NodeCmd::Crash, Text::Crash, "c") }
                    { button(NodeCmd::Timeout, Text::ForceTimeout, "t") }
                    { button(NodeCmd::Write, Text::WriteVia, "w") }
                    { button(NodeCmd::Read, Text::ReadVia, "r") }
                } else {
                    { button(NodeCmd::Restart, Text::Restart, "c") }
                }
                { button(NodeCmd::Isolate, Text::Isolate, "i") }
                { button(NodeCmd::Reconnect, Text::Reconnect, "h") }
            </div>
        </div>
    }
}

fn link_panel(app: &App, link: &Scope<App>, a: NodeId, b: NodeId) -> Html {
    let lang = app.lang;
    let net = app.timeline.sim().network();
    let direction = |from: NodeId, to: NodeId| {
        let l = net.link(from, to);
        let state = if l.cut {
            t(lang, Text::LinkCut)
        } else {
            t(lang, Text::LinkUp)
        };
        let (lo, hi) = net.latency_range(from, to);
        let loss = net.loss_ppm(from, to) / 10_000;
        html! {
            <li data-direction={format!("{}-{}", from.0 + 1, to.0 + 1)} data-cut={l.cut.to_string()}>
                <strong>{format!("{from} → {to}")}</strong>{format!(": {state} · {lo}–{hi} · {} {loss}%", t(lang, Text::Loss))}
            </li>
        }
    };
    let cmd = |c: LinkCmd, text: String| {
        html! { <button type="button" onclick={link.callback(move |_| Msg::Link(a, b, c))}>{text}</button> }
    };
    let override_loss = net.link(a, b).loss_ppm.map(|p| p / 10_000);
    let on_loss = link.callback(move |e: Event| {
        let v = e
            .target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|i| i.value().parse::<u32>().ok());
        Msg::Link(a, b, LinkCmd::Loss(v))
    });
    let (lo, hi) = net.latency_range(a, b);
    let latency_input = |is_min: bool| {
        let on_change = link.callback(move |e: Event| {
            let v = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .and_then(|i| i.value().parse::<u32>().ok())
                .unwrap_or(0);
            let (lo, hi) = (lo.as_micros() as u32 / 1000, hi.as_micros() as u32 / 1000);
            Msg::Link(
                a,
                b,
                LinkCmd::Latency(Some(if is_min {
                    (v, hi.max(v))
                } else {
                    (lo.min(v), v)
                })),
            )
        });
        let value = if is_min { lo } else { hi }.as_micros() / 1000;
        let label = if is_min {
            t(lang, Text::LatencyMin)
        } else {
            t(lang, Text::LatencyMax)
        };
        html! {
            <label>{label}
                <input type="number" min="0" max="2000" step="5" value={value.to_string()}
                    onchange={on_change} aria-label={format!("{a}–{b} {label}")} />
            </label>
        }
    };
    let overridden = net.link(a, b).latency.is_some() || override_loss.is_some();
    html! {
        <div data-inspect="link" data-link-selected={format!("{}-{}", a.0 + 1, b.0 + 1)}>
            <h2>{format!("{a} ⇄ {b}")}{ close(app, link) }</h2>
            <ul class="directions">{ direction(a, b) }{ direction(b, a) }</ul>
            <div class="actions">
                { cmd(LinkCmd::Cut { from: a, to: b }, format!("{} {a} → {b}", t(lang, Text::CutVerb))) }
                { cmd(LinkCmd::Cut { from: b, to: a }, format!("{} {b} → {a}", t(lang, Text::CutVerb))) }
                { cmd(LinkCmd::CutBoth, t(lang, Text::CutBoth).to_string()) }
                { cmd(LinkCmd::Heal, t(lang, Text::Heal).to_string()) }
            </div>
            <div class="link-settings">
                <label>{format!("{} %", t(lang, Text::Loss))}
                    <input type="number" min="0" max="100" step="5"
                        value={override_loss.map(|p| p.to_string()).unwrap_or_default()}
                        placeholder={(net.config.loss_ppm / 10_000).to_string()}
                        onchange={on_loss} aria-label={format!("{a}–{b} {}", t(lang, Text::Loss))} />
                </label>
                { latency_input(true) }
                { latency_input(false) }
                if overridden {
                    <button type="button" onclick={link.batch_callback(move |_| vec![
                        Msg::Link(a, b, LinkCmd::Loss(None)),
                        Msg::Link(a, b, LinkCmd::Latency(None)),
                    ])}>{t(lang, Text::UseGlobal)}</button>
                }
            </div>
        </div>
    }
}

fn message(app: &App, link: &Scope<App>, record: &crate::sim::MessageRecord<RaftMsg>) -> Html {
    let lang = app.lang;
    let env = &record.envelope;
    let cursor = app.timeline.cursor();
    let ended = record.ended_by.is_some_and(|e| e < cursor);
    let fate = match (ended, record.fate) {
        (false, _) | (_, Fate::InFlight) => t(lang, Text::FateInFlight),
        (true, Fate::Delivered) => t(lang, Text::FateDelivered),
        (true, Fate::Dropped(DropReason::Loss)) => t(lang, Text::FateLost),
        (true, Fate::Dropped(DropReason::LinkCut)) => t(lang, Text::FateCut),
        (true, Fate::Dropped(DropReason::NodeDown)) => t(lang, Text::FateNodeDown),
    };
    let fields = fields(&env.msg)
        .into_iter()
        .map(|(k, v)| html! { <><dt><code>{k}</code></dt><dd>{v}</dd></> });
    html! {
        <div data-inspect="message" data-kind={env.msg.kind()}>
            <h2>{format!("{} · {} → {}", env.msg.kind(), env.from, env.to)}{ close(app, link) }</h2>
            <dl class="facts">
                <dt>{t(lang, Text::SentAt)}</dt><dd>{env.sent_at.to_string()}</dd>
                <dt>{t(lang, Text::EndsAt)}</dt><dd>{env.arrives_at.to_string()}</dd>
                <dt>{t(lang, Text::Fate)}</dt><dd data-testid="fate">{fate}</dd>
                { for fields }
            </dl>
        </div>
    }
}

/// The fields of a message under the names the Raft paper's Figure 2 uses.
fn fields(msg: &RaftMsg) -> Vec<(&'static str, String)> {
    let entries = |es: &[crate::raft::Entry]| {
        if es.is_empty() {
            "[]".to_string()
        } else {
            let shown: Vec<String> = es
                .iter()
                .take(6)
                .map(|e| match &e.command {
                    Command::Noop => format!("{}:no-op", e.term),
                    Command::Client { op, .. } => format!("{}:{}", e.term, op_text(op)),
                })
                .collect();
            let more = if es.len() > 6 { " …" } else { "" };
            format!("[{}{more}] ({})", shown.join(", "), es.len())
        }
    };
    match msg {
        RaftMsg::RequestVote {
            term,
            last_log_index,
            last_log_term,
            pre_vote,
            transfer,
        } => vec![
            ("term", term.to_string()),
            ("lastLogIndex", last_log_index.to_string()),
            ("lastLogTerm", last_log_term.to_string()),
            ("preVote", pre_vote.to_string()),
            ("transfer", transfer.to_string()),
        ],
        RaftMsg::Vote {
            term,
            granted,
            pre_vote,
        } => vec![
            ("term", term.to_string()),
            ("voteGranted", granted.to_string()),
            ("preVote", pre_vote.to_string()),
        ],
        RaftMsg::AppendEntries {
            term,
            prev_log_index,
            prev_log_term,
            entries: es,
            leader_commit,
        } => vec![
            ("term", term.to_string()),
            ("prevLogIndex", prev_log_index.to_string()),
            ("prevLogTerm", prev_log_term.to_string()),
            ("entries", entries(es)),
            ("leaderCommit", leader_commit.to_string()),
        ],
        RaftMsg::AppendReply {
            term,
            success,
            prev_log_index,
            match_index,
            conflict_index,
            conflict_term,
        } => vec![
            ("term", term.to_string()),
            ("success", success.to_string()),
            (
                "prevLogIndex",
                prev_log_index.map_or("— (stale term)".into(), |i| i.to_string()),
            ),
            ("matchIndex", match_index.to_string()),
            ("conflictIndex", conflict_index.to_string()),
            (
                "conflictTerm",
                conflict_term.map_or("—".into(), |t| t.to_string()),
            ),
        ],
        RaftMsg::TimeoutNow { term } => vec![("term", term.to_string())],
        RaftMsg::ClientRequest { seq, op } => {
            vec![("seq", seq.to_string()), ("op", op_text(op))]
        }
        RaftMsg::ClientReply { seq, outcome } => vec![
            ("seq", seq.to_string()),
            (
                "outcome",
                match outcome {
                    ClientOutcome::Done(reply) => match &reply.value {
                        Some(v) => format!("ok={} value={v}", reply.ok),
                        None => format!("ok={}", reply.ok),
                    },
                    ClientOutcome::NotLeader { leader_hint } => format!(
                        "not leader, try {}",
                        leader_hint.map_or("?".into(), |l| l.to_string())
                    ),
                },
            ),
        ],
    }
}

fn op_text(op: &crate::raft::Op) -> String {
    use crate::raft::Op;
    match op {
        Op::Put { key, value } => format!("put {key}={value}"),
        Op::Get { key } => format!("get {key}"),
        Op::Cas { key, expected, new } => {
            format!("cas {key} {}→{new}", expected.as_deref().unwrap_or("∅"))
        }
        Op::Delete { key } => format!("delete {key}"),
    }
}
