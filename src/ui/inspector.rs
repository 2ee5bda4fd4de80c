//! The inspector: what is known about the selected node, link or message, and what can be
//! done to it.

use crate::playground::{command_text, op_text, Intent, LinkCmd, LinkFacts, NodeCmd, NodeFacts};
use crate::raft::{ClientOutcome, Msg as RaftMsg, Role};
use crate::sim::{DropReason, Fate, MessageRecord};
use std::rc::Rc;
use yew::prelude::*;

use super::app::{click, number_field, read_number, Dispatch, Msg};
use super::i18n::{colon, keyed, t, Lang, Text};
use super::num::ms;

/// The selected thing, as the inspector draws it.
#[derive(Clone, Debug, PartialEq)]
pub enum Inspected {
    Nothing,
    Node(NodeFacts),
    Link(LinkFacts),
    /// A message and whether it has ended as of the cursor.
    Message(Rc<MessageRecord<RaftMsg>>, bool),
}

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub lang: Lang,
    pub inspected: Inspected,
    pub dispatch: Dispatch,
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let (lang, d) = (props.lang, &props.dispatch);
    let body = match &props.inspected {
        Inspected::Node(f) => node(lang, d, f),
        Inspected::Link(f) => link_panel(lang, d, f),
        Inspected::Message(record, ended) => message(lang, d, record, *ended),
        Inspected::Nothing => html! {
            <>
                <p class="hint">{t(lang, Text::InspectorHint)}</p>
                <p class="explain raft-explainer" data-testid="raft-explainer">{t(lang, Text::RaftExplainer)}</p>
            </>
        },
    };
    html! {
        <section class="inspector" aria-label={t(lang, Text::Inspector)} data-testid="inspector">
            { body }
        </section>
    }
}

fn close(lang: Lang, d: &Dispatch) -> Html {
    html! {
        <button type="button" class="close" onclick={click(d, Msg::Select(None))}
            aria-label={t(lang, Text::Close)} title={t(lang, Text::Close)}>{"×"}</button>
    }
}

fn node(lang: Lang, d: &Dispatch, f: &NodeFacts) -> Html {
    let id = f.id;
    let role = super::stage::role_text(lang, f.alive, f.role);
    let none = || "—".to_string();
    let rows = [
        (Text::Term, f.term.to_string()),
        (
            Text::VotedFor,
            f.voted_for.map_or_else(none, |v| v.to_string()),
        ),
        (
            Text::KnownLeader,
            f.leader.map_or_else(none, |v| v.to_string()),
        ),
        (
            Text::LogLength,
            format!(
                "{}{}",
                f.last_index,
                super::i18n::aside(lang, &format!("{} {}", t(lang, Text::Term), f.last_term))
            ),
        ),
        (Text::CommitIndex, f.commit.to_string()),
        (
            Text::ElectionTimer,
            f.timer_left.map_or_else(none, |d| ms(d.0, 1)),
        ),
    ];
    let rows = rows
        .iter()
        .map(|(k, v)| html! { <><dt>{t(lang, *k)}</dt><dd>{v}</dd></> });
    let button = |cmd: NodeCmd, text: Text, key: &'static str| {
        // Disabled where it would change nothing: a leader has no election timer to run out,
        // a server with no link cut has nothing to reconnect, an isolated one nothing to cut.
        // Unavailable buttons stay focusable (aria-disabled, not disabled): Isolate, pressed
        // from the keyboard, would otherwise drop the focus to the page's top.
        let enabled = match cmd {
            NodeCmd::Timeout => f.role != Role::Leader,
            NodeCmd::Reconnect => f.links_cut,
            NodeCmd::Isolate => !f.isolated,
            _ => true,
        };
        html! {
            <button type="button" onclick={enabled.then(|| click(d, Msg::Do(Intent::Node(id, cmd))))}
                aria-disabled={super::num::flag(!enabled)} aria-keyshortcuts={(!key.is_empty()).then_some(key)}
                title={match key {
                    "" => t(lang, text).to_string(),
                    // A forced timeout inside a lease is a fault the lease does not survive.
                    _ if cmd == NodeCmd::Timeout && f.promises_lease =>
                        format!("{}{}{}", keyed(lang, t(lang, text), key), colon(lang), t(lang, Text::ForceTimeoutBreaksLease)),
                    _ => keyed(lang, t(lang, text), key),
                }}>{t(lang, text)}</button>
        }
    };
    html! {
        <div data-inspect="node" data-node={(id.0 + 1).to_string()}>
            <h2>{format!("{id} · {role}")}{ close(lang, d) }</h2>
            // First, above the facts: below them it was under the panel's fold.
            if f.without_majority {
                <p class="hint warn" data-testid="no-majority-leader">
                    {t(lang, Text::NoMajorityExplained)}
                    // (Whether others can elect a leader depends on more than the links: a
                    // follower that still hears this leader's heartbeats starts no election.)
                    if !f.quorum_elsewhere {
                        {t(lang, Text::NoMajorityAnywhere)}
                    }
                    if f.check_quorum {
                        {t(lang, Text::NoMajorityCheckQuorum)}
                    }
                </p>
            }
            <dl class="facts">{ for rows }</dl>
            <div class="actions">
                // Crash and Restart in one place, so that the keyboard's focus stays on the
                // button that undoes what it just did (in two branches, Yew matched Restart
                // with the last button of the other, and the focus went to "Client read").
                if f.alive {
                    { button(NodeCmd::Crash, Text::Crash, "c") }
                } else {
                    { button(NodeCmd::Restart, Text::Restart, "c") }
                }
                if f.alive {
                    { button(NodeCmd::Timeout, Text::ForceTimeout, "t") }
                    { button(NodeCmd::Write, Text::WriteVia, "w") }
                    { button(NodeCmd::Read, Text::ReadVia, "r") }
                }
                { button(NodeCmd::Isolate, Text::Isolate, "i") }
                { button(NodeCmd::Reconnect, Text::Reconnect, "") }
            </div>
        </div>
    }
}

fn link_panel(lang: Lang, d: &Dispatch, f: &LinkFacts) -> Html {
    let (a, b) = (f.a, f.b);
    let direction = |dir: &crate::playground::LinkDirection| {
        let state = if dir.cut {
            t(lang, Text::DirectionCut)
        } else {
            t(lang, Text::LinkUp)
        };
        let (lo, hi) = (ms(dir.latency.0 .0, 1), ms(dir.latency.1 .0, 1));
        html! {
            <li data-direction={format!("{}-{}", dir.from.0 + 1, dir.to.0 + 1)} data-cut={dir.cut.to_string()}>
                <strong>{format!("{} → {}", dir.from, dir.to)}</strong>
                {format!("{}{state} · {lo}–{hi} · {} {}%", colon(lang), t(lang, Text::Loss), dir.loss_percent)}
            </li>
        }
    };
    // A button that would change nothing (cut a link already cut, heal one that is up) is
    // disabled: it shows the link's state and never puts an untrue line in the feed. It stays
    // focusable (aria-disabled), so that the keyboard's focus is not lost when it is pressed.
    let cmd = |c: LinkCmd, text: String, enabled: bool| {
        html! { <button type="button" aria-disabled={super::num::flag(!enabled)}
        onclick={enabled.then(|| click(d, Msg::Do(Intent::Link(a, b, c))))}>{text}</button> }
    };
    // Empty: the network's loss. Otherwise a percentage as the other number fields take one,
    // said in a notice when it is not what was typed ("1.5" cleared the link's own loss).
    let on_loss = {
        let d = d.clone();
        let facts = *f;
        let (own, network) = (f.loss_override, f.global_loss_percent);
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let (typed, adjusted) = if input.value().trim().is_empty() {
                (None, None)
            } else {
                let (used, adjusted) = read_number(&input, own.unwrap_or(network).into(), (0, 100));
                let kept = adjusted.as_ref().is_some_and(|note| note.kept);
                if own.is_none() && kept {
                    // Not a number, and the link had no loss of its own: it still has none.
                    input.set_value("");
                }
                // A number not taken keeps the link as it is.
                (if kept { own } else { Some(used as u32) }, adjusted)
            };
            if adjusted.as_ref().is_none_or(|note| !note.kept) {
                if let Some(cmd) = facts.loss_change(typed) {
                    d.emit(Msg::Do(Intent::Link(a, b, cmd)));
                }
            }
            d.emit(Msg::Adjusted(adjusted));
        })
    };
    let (lo, hi) = f.there.latency;
    let (lo, hi) = (
        (lo.as_micros() / 1000) as u32,
        (hi.as_micros() / 1000) as u32,
    );
    let latency_input = |is_min: bool| {
        let value = if is_min { lo } else { hi };
        let on_change = number_field(d, value, crate::share::limits::LATENCY_MS, move |v| {
            let range = if is_min {
                (v, hi.max(v))
            } else {
                (lo.min(v), v)
            };
            Msg::Do(Intent::Link(a, b, LinkCmd::Latency(Some(range))))
        });
        let label = if is_min {
            t(lang, Text::LatencyMin)
        } else {
            t(lang, Text::LatencyMax)
        };
        html! {
            <label>{label}
                <input type="number" min="0" max={crate::share::limits::LATENCY_MS.end().to_string()} step="5"
                    value={value.to_string()} onchange={on_change} aria-label={format!("{a}–{b} {label}")} />
            </label>
        }
    };
    html! {
        <div data-inspect="link" data-link-selected={format!("{}-{}", a.0 + 1, b.0 + 1)}>
            <h2>{format!("{a} ⇄ {b}")}{ close(lang, d) }</h2>
            <ul class="directions">{ direction(&f.there) }{ direction(&f.back) }</ul>
            <div class="actions">
                { cmd(LinkCmd::Cut { from: a, to: b }, format!("{} {a} → {b}", t(lang, Text::CutVerb)), !f.there.cut) }
                { cmd(LinkCmd::Cut { from: b, to: a }, format!("{} {b} → {a}", t(lang, Text::CutVerb)), !f.back.cut) }
                { cmd(LinkCmd::CutBoth, t(lang, Text::CutBoth).to_string(), !f.there.cut || !f.back.cut) }
                { cmd(LinkCmd::Heal, t(lang, Text::Heal).to_string(), f.there.cut || f.back.cut) }
            </div>
            <div class="link-settings">
                <label>{format!("{} %", t(lang, Text::Loss))}
                    <input type="number" min="0" max="100" step="5"
                        value={f.loss_override.map(|p| p.to_string()).unwrap_or_default()}
                        placeholder={f.global_loss_percent.to_string()}
                        onchange={on_loss} aria-label={format!("{a}–{b} {}", t(lang, Text::Loss))} />
                </label>
                { latency_input(true) }
                { latency_input(false) }
                if f.overridden {
                    <button type="button" onclick={click(d, Msg::Do(Intent::Link(a, b, LinkCmd::UseGlobal)))}>
                        {t(lang, Text::UseGlobal)}</button>
                }
            </div>
        </div>
    }
}

fn message(lang: Lang, d: &Dispatch, record: &MessageRecord<RaftMsg>, ended: bool) -> Html {
    let env = &record.envelope;
    let fate = match (ended, record.fate) {
        (false, _) | (_, Fate::InFlight) => t(lang, Text::FateInFlight),
        (true, Fate::Delivered) => t(lang, Text::FateDelivered),
        (true, Fate::Dropped(DropReason::Loss)) => t(lang, Text::FateLost),
        (true, Fate::Dropped(DropReason::LinkCut)) => t(lang, Text::FateCut),
        (true, Fate::Dropped(DropReason::NodeDown)) => t(lang, Text::FateNodeDown),
    };
    let fields = fields(&env.msg, lang)
        .into_iter()
        .map(|(k, v)| html! { <><dt><code>{k}</code></dt><dd>{v}</dd></> });
    html! {
        <div data-inspect="message" data-kind={env.msg.kind()}>
            <h2>{format!("{} · {} → {}", env.msg.kind(), env.from, env.to)}{ close(lang, d) }</h2>
            <dl class="facts">
                <dt>{t(lang, Text::SentAt)}</dt><dd>{ms(env.sent_at.0, 3)}</dd>
                <dt>{t(lang, Text::EndsAt)}</dt><dd>{ms(env.arrives_at.0, 3)}</dd>
                <dt>{t(lang, Text::Fate)}</dt><dd data-testid="fate">{fate}</dd>
                { for fields }
            </dl>
        </div>
    }
}

/// The fields of a message under the names the Raft paper's Figure 2 uses.
fn fields(msg: &RaftMsg, lang: Lang) -> Vec<(&'static str, String)> {
    let entries = |es: &[crate::raft::Entry]| {
        if es.is_empty() {
            "[]".to_string()
        } else {
            let shown: Vec<String> = es
                .iter()
                .take(6)
                .map(|e| format!("{}:{}", e.term, command_text(&e.command)))
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
            candidate_log: (index, log_term),
        } => vec![
            ("term", term.to_string()),
            ("voteGranted", granted.to_string()),
            ("preVote", pre_vote.to_string()),
            // The request's last entry, echoed: a vote counts only for the log it judged.
            ("lastLogIndex", index.to_string()),
            ("lastLogTerm", log_term.to_string()),
        ],
        RaftMsg::AppendEntries {
            term,
            prev_log_index,
            prev_log_term,
            entries: es,
            leader_commit,
            round,
        } => vec![
            ("term", term.to_string()),
            ("prevLogIndex", prev_log_index.to_string()),
            ("prevLogTerm", prev_log_term.to_string()),
            ("entries", entries(es)),
            ("leaderCommit", leader_commit.to_string()),
            ("round", round.0.to_string()),
        ],
        RaftMsg::AppendReply {
            term,
            success,
            prev_log_index,
            match_index,
            conflict_index,
            conflict_term,
            round,
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
            ("round", round.0.to_string()),
        ],
        RaftMsg::TimeoutNow { term } => vec![("term", term.to_string())],
        RaftMsg::ClientRequest { seq, op, read } => {
            vec![
                ("seq", seq.to_string()),
                ("op", op_text(op)),
                ("read", read.name().to_string()),
            ]
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
                        "{} {}",
                        t(lang, Text::NotLeaderTry),
                        leader_hint.map_or("?".into(), |l| l.to_string())
                    ),
                },
            ),
        ],
    }
}
