//! The stage: nodes on a circle, the links between them and the messages travelling along
//! them at their virtual speed. Pure `props → Html`.

use super::num::{cos, sin};
use crate::playground::{LinkState, StageModel};
use crate::raft::Role;
use crate::sim::NodeId;
use std::rc::Rc;
use yew::prelude::*;

use super::app::{send_if, Dispatch, Msg, Selection};

use super::i18n::{t, Lang, Text};
use super::num::fixed;

/// Stage coordinates: a 1000 × 1000 square, nodes on a circle of radius `RADIUS`.
const CENTER: f64 = 500.0;
const RADIUS: f64 = 360.0;
const NODE_R: f64 = 62.0;
const TIMER_R: f64 = NODE_R + 13.0;
/// The circumference of the timer arc.
const TIMER_LEN: f64 = std::f64::consts::TAU * TIMER_R;

/// Where node `i` of `n` servers sits; anything else (the client) sits in the middle.
pub fn node_position(i: u8, n: u8) -> (f64, f64) {
    if i >= n {
        return (CENTER, CENTER);
    }
    // Node 1 at the top, then clockwise, like a clock face.
    let angle = std::f64::consts::TAU * f64::from(i) / f64::from(n) - std::f64::consts::FRAC_PI_2;
    (CENTER + RADIUS * cos(angle), CENTER + RADIUS * sin(angle))
}

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub lang: Lang,
    pub model: Rc<StageModel>,
    /// Messages jump in a few steps and nothing pulses (prefers-reduced-motion).
    pub reduced_motion: bool,
    pub selected: Option<Selection>,
    pub dispatch: Dispatch,
}

#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let m = &*props.model;
    let n = m.nodes.len() as u8;
    let (mut selected_node, mut selected_link) = (None, None);
    match props.selected {
        Some(Selection::Node(id)) => selected_node = Some(id),
        Some(Selection::Link(a, b)) => selected_link = Some((a, b)),
        _ => {}
    }
    let bodies: Vec<NodeBody> = m
        .nodes
        .iter()
        .map(|node| NodeBody {
            view: node.view.clone(),
            alive: node.alive,
        })
        .collect();
    let messages = m.messages.iter().map(|m| {
        let (x1, y1) = node_position(m.from.0, n);
        let (x2, y2) = node_position(m.to.0, n);
        let span = (m.arrives_at - m.sent_at).as_micros().max(1) as f64;
        let mut done = ((props.model.now - m.sent_at).as_micros() as f64 / span).clamp(0.0, 1.0);
        if props.reduced_motion {
            // A few discrete positions instead of continuous motion.
            done = (done * 3.0).floor() / 3.0;
        }
        // A lost message dies halfway (the engine ends its span there): it covers only the
        // first half of the link, at the link's real speed.
        let reach = if m.lost { 0.5 * done } else { done };
        let (x, y) = (x1 + (x2 - x1) * reach, y1 + (y2 - y1) * reach);
        let kind = m.msg.kind();
        let selected = props.selected == Some(Selection::Message(m.id));
        let class = classes!(
            "msg",
            format!("msg-{}", kind.to_lowercase()),
            m.lost.then_some("msg-lost"),
            selected.then_some("selected")
        );
        let id = m.id;
        let onclick = props.dispatch.reform(move |e: MouseEvent| {
            e.stop_propagation();
            Msg::Select(Some(Selection::Message(id)))
        });
        let label = format!("{kind} {} → {}", m.from, m.to);
        html! {
            <circle key={m.id.0} class={class} data-kind={kind} cx={fmt(x)} cy={fmt(y)} r="14" {onclick}>
                <title>{label}</title>
            </circle>
        }
    });
    let drops = m.drops.iter().map(|d| {
        let (x1, y1) = node_position(d.from.0, n);
        let (x2, y2) = node_position(d.to.0, n);
        let (x, y) = (x1 + (x2 - x1) * d.at, y1 + (y2 - y1) * d.at);
        html! {
            <text class="drop" x={fmt(x)} y={fmt(y + 9.0)}
                  style={format!("opacity: {}", fixed(1.0 - d.age, 2))}>{"✕"}</text>
        }
    });
    let pulse = m
        .pulse
        .filter(|_| !props.reduced_motion)
        .map(|(id, spread)| {
            let (x, y) = node_position(id.0, n);
            html! {
                <circle class="pulse" cx={fmt(x)} cy={fmt(y)} r={fmt(NODE_R + 8.0 + 70.0 * spread)}
                        style={format!("opacity: {}", fixed((1.0 - spread) * 0.7, 2))} />
            }
        });
    // The election timers: an arc around each follower or candidate that shrinks to nothing
    // when the node times out.
    let timers = m.nodes.iter().enumerate().filter_map(|(i, node)| {
        let left = node.timer_left?;
        let (x, y) = node_position(i as u8, n);
        Some(html! {
            <circle class="timer-arc" cx={fmt(x)} cy={fmt(y)} r={fmt(TIMER_R)}
                style={format!("stroke-dasharray: {}; stroke-dashoffset: {}",
                    fmt(TIMER_LEN), fmt(TIMER_LEN * (1.0 - left)))}
                transform={format!("rotate(-90 {} {})", fmt(x), fmt(y))} />
        })
    });
    let client = m
        .messages
        .iter()
        .any(|m| m.from.0 >= n || m.to.0 >= n)
        .then(|| {
            html! {
                <g class="client">
                    <rect x={fmt(CENTER - 48.0)} y={fmt(CENTER - 22.0)} width="96" height="44" rx="10" />
                    <text x={fmt(CENTER)} y={fmt(CENTER + 8.0)}>{t(props.lang, Text::Client)}</text>
                </g>
            }
        });
    html! {
        <svg class="stage" viewBox="0 0 1000 1000" role="img"
             aria-label={t(props.lang, Text::Network)}>
            <StageLinks lang={props.lang} links={m.links.clone()} selected={selected_link}
                dispatch={props.dispatch.clone()} />
            <g class="client-layer">{ for client }</g>
            <g class="pulses">{ for pulse }</g>
            <StageNodes lang={props.lang} nodes={bodies} selected={selected_node}
                dispatch={props.dispatch.clone()} />
            <g class="timers">{ for timers }</g>
            <g class="drops">{ for drops }</g>
            <g class="messages">{ for messages }</g>
        </svg>
    }
}

#[derive(Properties, PartialEq)]
struct LinksProps {
    lang: Lang,
    /// `links[a][b]` for a < b.
    links: Vec<Vec<LinkState>>,
    selected: Option<(NodeId, NodeId)>,
    dispatch: Dispatch,
}

/// The links between servers: drawn again only when one is cut, healed or selected.
#[function_component(StageLinks)]
fn stage_links(props: &LinksProps) -> Html {
    let n = props.links.len() as u8;
    let links = (0..n).flat_map(|a| ((a + 1)..n).map(move |b| (a, b))).map(|(a, b)| {
        let (x1, y1) = node_position(a, n);
        let (x2, y2) = node_position(b, n);
        let state = props.links[usize::from(a)][usize::from(b)];
        let (na, nb) = (NodeId(a), NodeId(b));
        let name = match state {
            LinkState::Up => "up",
            LinkState::OneWay(_) => "one-way",
            LinkState::Cut => "cut",
        };
        // Where to draw the ✕: near the sender of a one-way cut, in the middle of a full cut.
        let cross_at = match state {
            LinkState::Up => None,
            LinkState::OneWay(from) if from == na => Some(0.3),
            LinkState::OneWay(_) => Some(0.7),
            LinkState::Cut => Some(0.5),
        };
        let describe = match state {
            LinkState::Up => t(props.lang, Text::LinkUp).to_string(),
            LinkState::OneWay(from) => {
                let to = if from == na { nb } else { na };
                format!("{} {from} → {to}", t(props.lang, Text::LinkCutOneWay))
            }
            LinkState::Cut => t(props.lang, Text::LinkCut).to_string(),
        };
        let label = format!("{na}–{nb}: {describe}. {}", t(props.lang, Text::LinkClick));
        let selected = props.selected == Some((na, nb));
        let s = Selection::Link(na, nb);
        html! {
            <g class={classes!("link", name, selected.then_some("selected"))} data-link={format!("{}-{}", a + 1, b + 1)}
               data-state={name} role="button" tabindex="0" aria-label={label.clone()}
               onclick={props.dispatch.reform(move |_| Msg::Select(Some(s)))}
               onkeydown={enter_selects(&props.dispatch, s)}>
                <title>{label}</title>
                <line class="link-hit" x1={fmt(x1)} y1={fmt(y1)} x2={fmt(x2)} y2={fmt(y2)} />
                <line class="link-line" x1={fmt(x1)} y1={fmt(y1)} x2={fmt(x2)} y2={fmt(y2)} />
                if let Some(f) = cross_at {
                    <text class="link-cross" x={fmt(x1 + (x2 - x1) * f)} y={fmt(y1 + (y2 - y1) * f + 9.0)}>{"✕"}</text>
                }
            </g>
        }
    });
    html! { <g class="links">{ for links }</g> }
}

/// What a node's drawing depends on, apart from its timer.
#[derive(Clone, PartialEq)]
struct NodeBody {
    view: crate::raft::ServerView,
    alive: bool,
}

#[derive(Properties, PartialEq)]
struct NodesProps {
    lang: Lang,
    nodes: Vec<NodeBody>,
    selected: Option<NodeId>,
    dispatch: Dispatch,
}

/// The servers: drawn again when one changes role, term, vote or log, not on every frame.
#[function_component(StageNodes)]
fn stage_nodes(props: &NodesProps) -> Html {
    let n = props.nodes.len() as u8;
    let nodes = props.nodes.iter().enumerate().map(|(i, node)| {
        let id = NodeId(i as u8);
        let (x, y) = node_position(id.0, n);
        let state = if node.alive { "up" } else { "down" };
        let role = if node.alive {
            node.view.role.name()
        } else {
            "crashed"
        };
        let action = t(props.lang, Text::ClickToSelect);
        let selected = props.selected == Some(id);
        let onclick = props.dispatch.reform(move |_| Msg::Select(Some(Selection::Node(id))));
        let onkeydown = enter_selects(&props.dispatch, Selection::Node(id));
        let role_text = match (node.alive, node.view.role) {
            (false, _) => t(props.lang, Text::NodeDown),
            (true, Role::Leader) => t(props.lang, Text::Leader),
            (true, Role::Candidate | Role::PreCandidate) => t(props.lang, Text::Candidate),
            (true, Role::Follower) => t(props.lang, Text::Follower),
        };
        let status = format!("{} {}", t(props.lang, Text::Term), node.view.term);
        html! {
            <g class={classes!("node", state, role, selected.then_some("selected"))} data-node-id={(i + 1).to_string()}
               data-state={state} data-role={role} data-term={node.view.term.0.to_string()}
               role="button" tabindex="0"
               aria-label={format!("{id}: {role_text}, {status}. {action}")}
               {onclick} {onkeydown}>
                // Keyed by role and term: a new element on every change, so its CSS pop plays once.
                <circle key={format!("{role}{}", node.view.term)} class="body" cx={fmt(x)} cy={fmt(y)} r={fmt(NODE_R)} />
                if node.alive && node.view.role == Role::Leader {
                    <text class="crown" x={fmt(x)} y={fmt(y - NODE_R - 14.0)}>{"♛"}</text>
                }
                if !node.alive {
                    <path class="cross" d={format!(
                        "M{} {} L{} {} M{} {} L{} {}",
                        fmt(x - 30.0), fmt(y - 30.0), fmt(x + 30.0), fmt(y + 30.0),
                        fmt(x + 30.0), fmt(y - 30.0), fmt(x - 30.0), fmt(y + 30.0))} />
                }
                <text class="node-label" x={fmt(x)} y={fmt(y - 6.0)}>{id.to_string()}</text>
                <text class="node-sub" x={fmt(x)} y={fmt(y + 28.0)}>{status}</text>
                <text class="node-role" x={fmt(x)} y={fmt(y + NODE_R + 40.0)}>{role_text}</text>
                if let Some(v) = node.view.voted_for.filter(|_| node.alive && node.view.role != Role::Leader) {
                    <text class="node-vote" x={fmt(x)} y={fmt(y + NODE_R + 70.0)}>
                        {format!("{} {v}", t(props.lang, Text::VotedFor))}
                    </text>
                }
            </g>
        }
    });
    html! { <g class="nodes">{ for nodes }</g> }
}

/// Enter or Space on a focused node or link selects it, as a click would.
fn enter_selects(dispatch: &Dispatch, s: Selection) -> Callback<KeyboardEvent> {
    send_if(dispatch, move |e: KeyboardEvent| {
        (e.key() == "Enter" || e.key() == " ").then(|| {
            e.prevent_default();
            Msg::Select(Some(s))
        })
    })
}

/// SVG numbers with one decimal: enough precision, shorter DOM.
fn fmt(v: f64) -> String {
    fixed(v, 1)
}
