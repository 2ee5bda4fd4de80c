//! The quorum store's view: the ring with its nodes where their tokens stand, each key's
//! preference list as an arc, the clients in the middle and every message on its way
//! (`StoreStageView`); and its side panel: N, W, R and the options, the clients' workload,
//! faults and the page's own puts and gets (`StorePanel`).

use crate::playground::store::{StoreIntent, StoreSetting, StoreStage, STORE_NODES};
use crate::quorum::QuorumConfig;
use crate::raft::Load;
use crate::sim::sort;
use crate::sim::NodeId;
use std::f64::consts::PI;
use std::rc::Rc;
use yew::prelude::*;

use super::app::{click, number_field, send_if, Dispatch, Msg};
use super::i18n::{t, Lang, Text};
use super::num::{cos, fixed, sin};

/// The stage's units: at least this wide and (on a stage no wider than 1.75 : 1) this high.
const W: f64 = 1000.0;
const H: f64 = 760.0;
/// The ring's radius on a stage of that shape.
const RING: f64 = 250.0;
/// Room between the ring and the stage's top or bottom edge: a node's circle and a line or
/// two of its data.
const ROOM_Y: f64 = 95.0;
/// Room between the ring and the stage's side: a node's data lines, anchored beside it.
const ROOM_X: f64 = 250.0;
const NODE_R: f64 = 36.0;
/// Sides of a partition drawn in colours of their own (`side-0` … in the stylesheet).
const SIDE_COLOURS: usize = 4;

/// The stage's shape in its own units and where the ring lies in it.
///
/// A wide, short stage (a slide's iframe, the store under a scenario's caption) drawn in
/// the units of a tall one would scale everything down to the height: in an 800 × 450 slide
/// the ring came out 160 px across with its names 8 px high. There the stage is drawn fewer
/// units high (down to 60 %), so text keeps its size in units and grows on screen, and the
/// ring becomes an ellipse that uses the width it gains.
#[derive(Clone, Copy, PartialEq)]
struct Shape {
    w: f64,
    h: f64,
    cx: f64,
    cy: f64,
    rx: f64,
    ry: f64,
}

impl Shape {
    /// A stage `aspect` thousandths as wide as it is high.
    fn new(aspect: u32) -> Shape {
        let aspect = (f64::from(aspect) / 1000.0).clamp(0.5, 4.0);
        let h = H * (1.75 / aspect).clamp(0.6, 1.0);
        let w = W.max(h * aspect);
        let ry = RING.min(h / 2.0 - ROOM_Y);
        // Where the height squeezes the ring, it widens by as much, as far as the width allows.
        // min and max, not clamp: clamp's check of bounds that are not constants would link
        // float formatting in (for its panic message).
        let rx = (w / 2.0 - ROOM_X).min(2.0 * RING - ry).max(ry);
        Shape {
            w,
            h,
            cx: w / 2.0,
            cy: h / 2.0,
            rx,
            ry,
        }
    }

    /// The point at `angle` on the ring moved `by` units out (in if negative).
    fn at(&self, angle: f64, by: f64) -> (f64, f64) {
        (
            self.cx + (self.rx + by) * cos(angle),
            self.cy + (self.ry + by) * sin(angle),
        )
    }
}

/// A member's name on the page: N1… for nodes, C1… for clients.
pub fn member_name(id: NodeId, nodes: u8) -> String {
    if id.0 < nodes {
        format!("N{}", id.0 + 1)
    } else {
        format!("C{}", id.0 - nodes + 1)
    }
}

/// How ring positions are drawn: the nodes evenly spaced in their clockwise order (tokens
/// drawn where they stand would pile up), everything else placed between the two nodes it
/// falls between, in proportion. Order on the ring, and so every preference list, is kept.
struct Warp {
    /// Node tokens, clockwise.
    tokens: Vec<u64>,
    shape: Shape,
}

impl Warp {
    fn of(m: &StoreStage, shape: Shape) -> Warp {
        let mut tokens: Vec<u64> = m.nodes.iter().map(|n| n.token).collect();
        sort::sort(&mut tokens);
        Warp { tokens, shape }
    }

    /// The angle of a ring position: the first node at the top, clockwise.
    fn angle(&self, position: u64) -> f64 {
        let n = self.tokens.len();
        if n == 0 {
            return -PI / 2.0;
        }
        // The node at or before the position (wrapping), and the gap to the next one.
        let i = match self.tokens.binary_search(&position) {
            Ok(i) => i,
            Err(0) => n - 1,
            Err(i) => i - 1,
        };
        let from = self.tokens[i];
        let to = self.tokens[(i + 1) % n];
        let gap = to.wrapping_sub(from);
        let into = position.wrapping_sub(from);
        let step = 2.0 * PI / n as f64;
        // Anything between two nodes stands clear of both circles (a key just past a node
        // would hide its dot under it), in the same order along the ring.
        let clear = ((NODE_R + 12.0) / (step * self.shape.ry)).min(0.35);
        let frac = if gap == 0 || into == 0 {
            0.0
        } else {
            clear + (1.0 - 2.0 * clear) * (into as f64 / gap as f64)
        };
        (i as f64 + frac) * step - PI / 2.0
    }

    /// Where a ring position is drawn, moved `by` units out from the ring (in if negative).
    fn at(&self, position: u64, by: f64) -> (f64, f64) {
        self.shape.at(self.angle(position), by)
    }
}

/// Where a member stands: nodes on the ring, clients through the middle: in a row, or
/// from four on in two (five in a row of 88-unit boxes overlapped, and their activity ran
/// together under them).
fn place(m: &StoreStage, warp: &Warp, id: NodeId) -> (f64, f64) {
    let nodes = m.nodes.len() as u8;
    if id.0 < nodes {
        return warp.at(m.nodes[usize::from(id.0)].token, 0.0);
    }
    let i = usize::from(id.0 - nodes);
    let count = m.clients.len().max(1);
    let first_row = if count > 3 { count.div_ceil(2) } else { count };
    let (row, k, in_row) = if i < first_row {
        (0.0, i, first_row)
    } else {
        (1.0, i - first_row, count - first_row)
    };
    let s = &warp.shape;
    let dy = if count > 3 { (row - 0.5) * 92.0 } else { 0.0 };
    (
        s.cx + (k as f64 - (in_row as f64 - 1.0) / 2.0) * 130.0,
        s.cy + dy,
    )
}

/// An arc along the ring from `a` clockwise to `b`, `by` units out from the ring.
fn arc(warp: &Warp, a: u64, b: u64, by: f64) -> String {
    let (x0, y0) = warp.at(a, by);
    let (x1, y1) = warp.at(b, by);
    // Both angles lie in [-π/2, 3π/2), so one turn added to a negative difference is its
    // remainder (rem_euclid would link float remainder code into the page).
    let sweep = warp.angle(b) - warp.angle(a);
    let sweep = if sweep < 0.0 { sweep + 2.0 * PI } else { sweep };
    let large = u8::from(sweep > PI);
    format!(
        "M{} {} A{} {} 0 {} 1 {} {}",
        fixed(x0, 1),
        fixed(y0, 1),
        fixed(warp.shape.rx + by, 1),
        fixed(warp.shape.ry + by, 1),
        large,
        fixed(x1, 1),
        fixed(y1, 1)
    )
}

/// The keys' names: the largest type the stylesheet sets them in (in a slide, on a small
/// screen), and how far out from the ring their middles stand.
const KEY_FONT: f64 = 36.0;
const KEY_NAME_OUT: f64 = 32.0;

/// Something along the ring that names must keep clear of, or a name: its angle, how much
/// room it takes either side (as an angle), and whether it stays where it is (a node).
#[derive(Clone, Copy)]
struct Along {
    angle: f64,
    half: f64,
    fixed: bool,
}

/// Where each of `items` stands: in the same order along the ring, neighbours' rooms not
/// overlapping, names as near their own angles as that allows, fixed items (nodes) where
/// they are.
fn spread(items: &[Along]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort::sort_by_key(&mut order, |&i| (items[i].angle * 1e6) as i64);
    // With the k-th item (in ring order) at `y_k + c_k`, `c_k` the rooms before it, the
    // rooms do not overlap where the `y` never decrease: the closest such `y` (least squares,
    // a node weighing as if it could not move) is the pool-adjacent-violators fit of
    // `angle_k - c_k`, one value per run of items that push against each other.
    let weight = |a: &Along| if a.fixed { 1e9 } else { 1.0 };
    let mut offsets = Vec::with_capacity(order.len());
    let mut c = 0.0;
    for (k, &i) in order.iter().enumerate() {
        if k > 0 {
            c += items[order[k - 1]].half + items[i].half;
        }
        offsets.push(c);
    }
    let mut runs: Vec<(f64, f64, usize)> = Vec::new(); // (weighted sum, weight, how many)
    for (k, &i) in order.iter().enumerate() {
        let w = weight(&items[i]);
        let mut run = ((items[i].angle - offsets[k]) * w, w, 1usize);
        while let Some(&(sum, total, n)) = runs.last() {
            if sum / total <= run.0 / run.1 {
                break;
            }
            runs.pop();
            run = (run.0 + sum, run.1 + total, run.2 + n);
        }
        runs.push(run);
    }
    let mut out = vec![0.0; items.len()];
    let mut k = 0;
    for (sum, total, n) in runs {
        for _ in 0..n {
            out[order[k]] = sum / total + offsets[k];
            k += 1;
        }
    }
    out
}

/// A message kind's colour class.
fn kind_class(kind: &str) -> &'static str {
    match kind {
        "Read" | "ReadReply" => "m-read",
        "Write" | "WriteAck" => "m-write",
        "ReadRepair" => "m-repair",
        _ => "m-hint",
    }
}

#[derive(Properties, PartialEq)]
pub struct StoreStageProps {
    pub lang: Lang,
    pub model: Rc<StoreStage>,
    /// The stage's width over its height, in thousandths.
    pub aspect: u32,
    pub selected: Option<NodeId>,
    pub dispatch: Dispatch,
}

#[function_component(StoreStageView)]
pub fn store_stage(props: &StoreStageProps) -> Html {
    let lang = props.lang;
    let m = &*props.model;
    let nodes = m.nodes.len() as u8;
    let d = &props.dispatch;
    let key_colours = ["k0", "k1", "k2", "k3", "k4", "k5"];
    let shape = Shape::new(props.aspect);
    let warp = &Warp::of(m, shape);
    // Each key: a mark where it stands and the arc of its preference list, clockwise to the
    // N-th node; drawn inside the ring, one lane per key.
    // Names stand just outside the ring, spread along it where keys sit close together (two
    // keys in one gap between nodes wrote one name over the other).
    // (Rooms along the ring as angles where it curves tightest: never too little room.)
    let unit = 1.0 / (shape.rx.min(shape.ry) + KEY_NAME_OUT);
    let longest = m
        .keys
        .iter()
        .map(|k| k.name.chars().count())
        .max()
        .unwrap_or(1);
    let room = (KEY_FONT * 0.62 * longest as f64 + 10.0).max(KEY_FONT * 1.3) * unit;
    let names = m.keys.iter().map(|k| Along {
        angle: warp.angle(k.position),
        half: room / 2.0,
        fixed: false,
    });
    // The nodes' circles (the first node, at the top, also where the ring closes).
    let circles = m
        .nodes
        .iter()
        .map(|n| warp.angle(n.token))
        .chain(m.nodes.first().map(|n| warp.angle(n.token) + 2.0 * PI))
        .map(|angle| Along {
            angle,
            half: (NODE_R + 6.0) * unit,
            fixed: true,
        });
    let name_angles = spread(&names.chain(circles).collect::<Vec<_>>());
    let keys = m.keys.iter().enumerate().map(|(i, k)| {
        let lane = -18.0 - 10.0 * i as f64;
        let last = k
            .preference
            .last()
            .map_or(k.position, |id| m.nodes[usize::from(id.0)].token);
        let (kx, ky) = shape.at(name_angles[i], KEY_NAME_OUT);
        let (dx, dy) = warp.at(k.position, 0.0);
        let class = key_colours[i % key_colours.len()];
        // A name moved along the ring is tied to its dot.
        let moved = (name_angles[i] - warp.angle(k.position)).abs() > 1e-3;
        let (tx, ty) = shape.at(name_angles[i], KEY_NAME_OUT - KEY_FONT / 2.0);
        html! {
            <g class={classes!("key", class)} data-key={k.name.clone()}>
                <path class="pref" d={arc(warp, k.position, last, lane)} />
                if moved {
                    <line class="tie" x1={fixed(dx, 1)} y1={fixed(dy, 1)} x2={fixed(tx, 1)} y2={fixed(ty, 1)} />
                }
                <circle class="key-dot" cx={fixed(dx, 1)} cy={fixed(dy, 1)} r="8" />
                <text class="key-name" x={fixed(kx, 1)} y={fixed(ky, 1)}>{k.name.clone()}</text>
                <title>{format!("{}: {}", k.name, k.preference.iter().map(|&id| member_name(id, nodes)).collect::<Vec<_>>().join(", "))}</title>
            </g>
        }
    });
    // A partition is drawn as its sides: each side's colour round its nodes and on its
    // clients, and the sides named under the quorum's figures. Other cuts (a link; more sides
    // than colours) as dashed lines, one per cut pair.
    let sides = m.sides().filter(|s| s.len() <= SIDE_COLOURS);
    let cuts = m.cut.iter().filter(|(a, b)| a < b && sides.is_none()).map(|&(a, b)| {
        let ((x0, y0), (x1, y1)) = (place(m, warp, a), place(m, warp, b));
        html! { <line class="cut" x1={fixed(x0, 1)} y1={fixed(y0, 1)} x2={fixed(x1, 1)} y2={fixed(y1, 1)} /> }
    });
    let side_class = |k: usize| format!("side-{k}");
    // One member cut off from all the rest (a node isolated): only it is marked; ringing
    // everyone else as well would draw the whole store as the thing that happened.
    let lone = sides.as_ref().and_then(|s| match s.as_slice() {
        [a, b] if a.len() == 1 && b.len() > 1 => Some(0),
        [a, b] if b.len() == 1 && a.len() > 1 => Some(1),
        _ => None,
    });
    let marked = |k: usize| lone.is_none_or(|lone| lone == k);
    // Nodes get a ring round their circle; a client's box is tinted instead (side by side,
    // rings round boxes would run into each other).
    let side_of = |id: NodeId| {
        sides
            .iter()
            .flatten()
            .position(|side| side.contains(&id))
            .filter(|&k| marked(k))
            .map(side_class)
    };
    let halos = m.nodes.iter().filter_map(|n| {
        let class = side_of(n.id)?;
        let (x, y) = place(m, warp, n.id);
        Some(html! { <circle class={classes!("halo", class.clone())} data-member={member_name(n.id, nodes)} data-side={class.clone()}
            cx={fixed(x, 1)} cy={fixed(y, 1)} r={fixed(NODE_R + 9.0, 0)} /> })
    });
    let sides_line = sides.as_ref().map(|sides| {
        let named: Vec<String> = sides
            .iter()
            .map(|side| side.iter().map(|&id| member_name(id, nodes)).collect::<Vec<_>>().join(" "))
            .collect();
        // On one line while short (it must stay clear of the top node's data); else each side
        // on a line of its own.
        let one_line = named.iter().map(|n| n.len() + 3).sum::<usize>() <= 28;
        let names = named.into_iter().enumerate().map(|(k, text)| {
            html! { <>
                if k > 0 && one_line { <tspan class="sep">{" | "}</tspan> }
                if one_line {
                    <tspan class={marked(k).then(|| side_class(k))}>{text}</tspan>
                } else {
                    <tspan class={marked(k).then(|| side_class(k))} x="16" dy="1.2em">{text}</tspan>
                }
            </> }
        });
        html! {
            <text class="sides" x="16" y="70" data-testid="store-sides">
                {format!("{}{}", t(lang, Text::StoreSides), if lang == Lang::Zh { "：" } else { ": " })}
                { for names }
            </text>
        }
    });
    let flights = m.flights.iter().map(|f| {
        let ((x0, y0), (x1, y1)) = (place(m, warp, f.from), place(m, warp, f.to));
        // A lost message dies halfway (its ✕ is drawn there): its dot goes no further.
        let p = f64::from(f.progress) / 1000.0 * if f.lost { 0.5 } else { 1.0 };
        let (x, y) = (x0 + (x1 - x0) * p, y0 + (y1 - y0) * p);
        html! {
            <g class={classes!("flight", kind_class(f.kind), f.lost.then_some("lost"))} data-kind={f.kind}>
                <line class="path" x1={fixed(x0, 1)} y1={fixed(y0, 1)} x2={fixed(x1, 1)} y2={fixed(y1, 1)} />
                <circle cx={fixed(x, 1)} cy={fixed(y, 1)} r="9" />
                // Named once clear of the boxes it leaves and reaches.
                if (150..=850).contains(&f.progress) {
                    <text x={fixed(x, 1)} y={fixed(y - 13.0, 1)}>{f.kind}</text>
                }
            </g>
        }
    });
    // Where messages died (on a cut link, to a down node, or lost on the way): the captions
    // tell of writes "dropped", and the legend promises a ✕ for each.
    let drops = m.drops.iter().map(|d| {
        let ((x0, y0), (x1, y1)) = (place(m, warp, d.from), place(m, warp, d.to));
        // Where it died, kept clear of the circle or box at either end.
        let clear = (NODE_R + 30.0) / (x1 - x0).hypot(y1 - y0).max(1.0);
        let at = d.at.max(clear.min(0.5)).min(1.0 - clear.min(0.5));
        let (x, y) = (x0 + (x1 - x0) * at, y0 + (y1 - y0) * at);
        html! {
            <text class="drop" x={fixed(x, 1)} y={fixed(y + 11.0, 1)}
                style={format!("opacity: {}", fixed(1.0 - d.age, 2))}>{"✕"}</text>
        }
    });
    let node_views = m.nodes.iter().map(|n| {
        let (x, y) = warp.at(n.token, 0.0);
        let (mut tx, mut ty) = warp.at(n.token, NODE_R + 26.0);
        let mut anchor = if tx < shape.cx - 20.0 {
            "end"
        } else if tx > shape.cx + 20.0 {
            "start"
        } else {
            "middle"
        };
        // A node at the top has its data beside it, from its top down: above it, a second
        // line would fall into its circle, and a first ran into the N, W, R line at the
        // stage's top left in a slide.
        if anchor == "middle" && ty < y {
            (tx, ty, anchor) = (x + NODE_R + 12.0, y - NODE_R + 14.0, "start");
        }
        let id = n.id;
        let selected = props.selected == Some(id);
        let state = if !n.up { "down" } else if n.isolated { "isolated" } else { "up" };
        // Each value with its version (counter · writer): the higher version wins.
        let version = |v: &crate::quorum::Version| {
            if v.counter == 0 {
                " v0".to_string()
            } else {
                format!(" v{}·{}", v.counter, member_name(NodeId(v.writer), nodes))
            }
        };
        let lines = n
            .data
            .iter()
            .map(|v| {
                let text = format!("{}={}", v.key, v.value.as_deref().unwrap_or("∅"));
                (text, version(&v.version), false)
            })
            .chain(n.hints.iter().map(|v| {
                let text = format!(
                    "{}={} → {}",
                    v.key,
                    v.value.as_deref().unwrap_or("∅"),
                    v.owner.map_or_else(String::new, |o| member_name(o, nodes))
                );
                (text, version(&v.version), true)
            }))
            .take(6)
            .enumerate()
            .map(|(i, (line, ver, hint))| {
                html! {
                    <tspan class={classes!(hint.then_some("hint"))} x={fixed(tx, 1)}
                        dy={if i == 0 { "0" } else { "1.15em" }}>{line}<tspan class="ver">{ver}</tspan></tspan>
                }
            });
        let onclick = click(d, Msg::StoreSelect(Some(id)));
        // Enter or Space, as on the cluster's servers.
        let onkeydown = send_if(d, move |e: KeyboardEvent| {
            (e.key() == "Enter" || e.key() == " ").then(|| {
                e.prevent_default();
                Msg::StoreSelect(Some(id))
            })
        });
        let label = format!(
            "{} · {}",
            member_name(id, nodes),
            match state {
                "down" => t(lang, Text::StoreNodeDown),
                "isolated" => t(lang, Text::StoreNodeIsolated),
                _ => t(lang, Text::StoreNodeUp),
            }
        );
        html! {
            <g key={id.0} class={classes!("snode", state, selected.then_some("selected"))} data-node={member_name(id, nodes)}
                data-state={state} tabindex="0" role="button" aria-label={label.clone()} aria-pressed={super::num::flag(selected)}
                {onclick} {onkeydown}>
                <title>{label}</title>
                <circle cx={fixed(x, 1)} cy={fixed(y, 1)} r={fixed(NODE_R, 0)} />
                <text class="name" x={fixed(x, 1)} y={fixed(y + 7.0, 1)}>{member_name(id, nodes)}</text>
                <text class="data" x={fixed(tx, 1)} y={fixed(ty, 1)} text-anchor={anchor}>{ for lines }</text>
            </g>
        }
    });
    let clients = m.clients.iter().map(|c| {
        let (x, y) = place(m, warp, c.id);
        let name = member_name(c.id, nodes);
        let doing = c.doing.clone().unwrap_or_default();
        html! {
            <g key={c.id.0} class={classes!("sclient", c.isolated.then_some("isolated"), side_of(c.id))} data-client={name.clone()}>
                <rect x={fixed(x - 44.0, 1)} y={fixed(y - 24.0, 1)} width="88" height="48" rx="10" />
                <text class="name" x={fixed(x, 1)} y={fixed(y + 7.0, 1)}>{name.clone()}</text>
                <text class="doing" x={fixed(x, 1)} y={fixed(y + 46.0, 1)}>{doing}</text>
                <title>{format!("{name}: {} {} · {} {}", c.completed, t(lang, Text::StoreAnswered), c.gave_up, t(lang, Text::StoreGaveUp))}</title>
            </g>
        }
    });
    let quorum = format!(
        "N = {} · W = {} · R = {} · R + W {} N",
        m.n,
        m.w,
        m.r,
        if u32::from(m.r) + u32::from(m.w) > u32::from(m.n) {
            ">"
        } else {
            "≤"
        }
    );
    html! {
        <svg class="store-stage" viewBox={format!("0 0 {} {}", fixed(shape.w, 0), fixed(shape.h, 0))} role="img" data-testid="store-stage"
            aria-label={t(lang, Text::StoreStage)} preserveAspectRatio="xMidYMid meet">
            <ellipse class="ring" cx={fixed(shape.cx, 0)} cy={fixed(shape.cy, 0)} rx={fixed(shape.rx, 0)} ry={fixed(shape.ry, 0)} />
            <text class="quorum" x="16" y="34" data-testid="store-nwr">{quorum}</text>
            // Each list in a group of its own: Yew matches unkeyed children from the end, so
            // a message more in flight or a key more moved every node's name onto another
            // node's element (the keyboard's focus, and Enter, went with it).
            { sides_line.unwrap_or_default() }
            <g>{ for keys }</g>
            <g>{ for halos }</g>
            <g>{ for cuts }</g>
            <g class="nodes">{ for node_views }</g>
            <g>{ for clients }</g>
            <g class="drops">{ for drops }</g>
            <g>{ for flights }</g>
        </svg>
    }
}

#[derive(Properties, PartialEq)]
pub struct StorePanelProps {
    pub lang: Lang,
    pub config: QuorumConfig,
    /// The selected node and whether it is up and reachable.
    pub selected: Option<(NodeId, bool, bool)>,
    pub loss_pct: u32,
    pub latency: (u32, u32),
    pub dispatch: Dispatch,
}

/// The store's settings, faults and the page's operations.
#[function_component(StorePanel)]
pub fn store_panel(props: &StorePanelProps) -> Html {
    let lang = props.lang;
    let c = &props.config;
    let d = &props.dispatch;
    let chosen = use_state(Vec::<NodeId>::new);
    let toggle = |f: fn(bool) -> StoreSetting| {
        send_if(d, move |e: Event| {
            e.target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|i| Msg::Store(StoreIntent::Configure(f(i.checked()))))
        })
    };
    let number = |label: Text,
                  value: u8,
                  min: u8,
                  max: u8,
                  f: fn(u8) -> StoreSetting,
                  testid: &'static str| {
        let onchange = number_field(
            d,
            u32::from(value),
            u32::from(min)..=u32::from(max),
            move |v: u32| Msg::Store(StoreIntent::Configure(f(v as u8))),
        );
        html! {
            <label>{t(lang, label)}
                <input type="number" min={min.to_string()} max={max.to_string()} value={value.to_string()}
                    data-testid={testid} {onchange} />
            </label>
        }
    };
    let check =
        |label: Text, hint: Text, on: bool, f: fn(bool) -> StoreSetting, testid: &'static str| {
            html! {
                <label class="check" title={t(lang, hint)}>
                    <input type="checkbox" checked={on} data-testid={testid} onchange={toggle(f)} />
                    {t(lang, label)}
                </label>
            }
        };
    let overlapping = c.overlapping();
    let load = c.load;
    let load_on = load.is_some();
    let with_load =
        move |current: u32, range: std::ops::RangeInclusive<u32>, f: fn(Load, u32) -> Load| {
            number_field(d, current, range, move |v| {
                let l = load.unwrap_or_default();
                Msg::Store(StoreIntent::Configure(StoreSetting::Load(Some(f(l, v)))))
            })
        };
    let on_load = send_if(d, move |e: Event| {
        e.target_dyn_into::<web_sys::HtmlInputElement>().map(|i| {
            let l = i.checked().then(|| {
                load.unwrap_or(Load {
                    read_pct: 50,
                    keys: 2,
                    think_ms: 300,
                })
            });
            Msg::Store(StoreIntent::Configure(StoreSetting::Load(l)))
        })
    });
    let selected = props.selected.map(|(id, up, reachable)| {
        let name = member_name(id, c.nodes);
        let crash = if up { StoreIntent::Crash(id) } else { StoreIntent::Restart(id) };
        let isolate = if reachable { StoreIntent::Isolate(id) } else { StoreIntent::Reconnect(id) };
        html! {
            <div class="actions node-actions" data-testid="store-node-actions">
                <strong>{name}</strong>
                <button type="button" onclick={click(d, Msg::Store(crash.clone()))} aria-keyshortcuts="C">
                    { if up { t(lang, Text::Crash) } else { t(lang, Text::Restart) } }</button>
                <button type="button" onclick={click(d, Msg::Store(isolate.clone()))} aria-keyshortcuts="I">
                    { if reachable { t(lang, Text::Isolate) } else { t(lang, Text::Reconnect) } }</button>
            </div>
        }
    });
    let members = (0..c.nodes + c.clients).map(NodeId).map(|id| {
        let on = chosen.contains(&id);
        let chosen = chosen.clone();
        let onclick = Callback::from(move |_| {
            let mut v = (*chosen).clone();
            if let Some(i) = v.iter().position(|&x| x == id) {
                v.remove(i);
            } else {
                v.push(id);
            }
            chosen.set(v);
        });
        html! {
            <button type="button" class={classes!("chip", on.then_some("on"))} aria-pressed={super::num::flag(on)}
                data-member={member_name(id, c.nodes)} {onclick}>{member_name(id, c.nodes)}</button>
        }
    });
    let split = {
        let group = (*chosen).clone();
        let chosen = chosen.clone();
        let d = d.clone();
        Callback::from(move |_| {
            d.emit(Msg::Store(StoreIntent::Partition(group.clone())));
            chosen.set(Vec::new());
        })
    };
    let clients = (0..c.clients).map(|i| {
        let name = format!("C{}", i + 1);
        html! {
            <div class="actions client-ops" data-client={name.clone()}>
                <strong>{name}</strong>
                <button type="button" onclick={click(d, Msg::Store(StoreIntent::Put(i, "x".into())))}>{t(lang, Text::StorePutX)}</button>
                <button type="button" onclick={click(d, Msg::Store(StoreIntent::Get(i, "x".into())))}>{t(lang, Text::StoreGetX)}</button>
            </div>
        }
    });
    let on_loss = number_field(d, props.loss_pct, 0..=100, |v| {
        Msg::Store(StoreIntent::SetLoss(v))
    });
    let (lo, hi) = props.latency;
    let on_lo = number_field(d, lo, 0..=2000, move |v| {
        Msg::Store(StoreIntent::SetLatency(v, hi.max(v)))
    });
    let on_hi = number_field(d, hi, 0..=2000, move |v| {
        Msg::Store(StoreIntent::SetLatency(lo.min(v), v))
    });
    html! {
        <div class="store-panel" data-testid="store-panel">
            // A node chosen on the stage (a click, or Enter on it): its actions first, where
            // the eye and the next Tab go, not under the settings.
            <div class="slot">{ for selected }</div>
            <h2>{t(lang, Text::StoreOperations)}</h2>
            // In a box: a list spread among its siblings changes their count, and Yew 0.23 then
            // rebuilds the ones before it (the chosen node's actions, and the focus on them).
            <div class="slot">{ for clients }</div>
            <p class="hint" data-testid="store-operations-hint">
                {super::i18n::store_operations_hint(lang, c.timeout.as_micros(), c.tries)}
            </p>
            <h2>{t(lang, Text::StoreQuorums)}</h2>
            <p class={classes!("warn", overlapping.then_some("ok"))} data-testid="store-overlap">
                { if overlapping { t(lang, Text::StoreOverlap) } else { t(lang, Text::StoreNoOverlap) } }
            </p>
            <div class="link-settings">
                { number(Text::StoreNodes, c.nodes, *STORE_NODES.start(), *STORE_NODES.end(), StoreSetting::Nodes, "store-nodes") }
                { number(Text::StoreN, c.n, 1, c.nodes, StoreSetting::N, "store-n") }
                { number(Text::StoreClients, c.clients, 1, 5, StoreSetting::Clients, "store-clients") }
                { number(Text::StoreW, c.w, 1, c.n, StoreSetting::W, "store-w") }
                { number(Text::StoreR, c.r, 1, c.n, StoreSetting::R, "store-r") }
            </div>
            { check(Text::StoreWriteBack, Text::StoreWriteBackHint, c.write_back, StoreSetting::WriteBack, "store-write-back") }
            { check(Text::StoreReadRepair, Text::StoreReadRepairHint, c.read_repair, StoreSetting::ReadRepair, "store-read-repair") }
            { check(Text::StoreSloppy, Text::StoreSloppyHint, c.sloppy, StoreSetting::Sloppy, "store-sloppy") }
            <p class="hint">{t(lang, Text::StoreSettingsRestart)}</p>
            <h2>{t(lang, Text::StoreWorkload)}</h2>
            <label class="check">
                <input type="checkbox" checked={load_on} data-testid="store-load" onchange={on_load} />
                {t(lang, Text::StoreLoadOn)}
            </label>
            if let Some(l) = load {
                <div class="link-settings">
                    <label>{t(lang, Text::ReadShare)}
                        <input type="number" min="0" max="100" value={l.read_pct.to_string()}
                            onchange={with_load(l.read_pct.into(), 0..=100, |l, v| Load { read_pct: v.min(100) as u8, ..l })} />
                    </label>
                    <label>{t(lang, Text::StoreKeys)}
                        <input type="number" min="1" max="6" value={l.keys.to_string()}
                            onchange={with_load(l.keys.into(), 1..=6, |l, v| Load { keys: v.clamp(1, 6) as u8, ..l })} />
                    </label>
                    <label>{t(lang, Text::StoreThink)}
                        <input type="number" min="10" max="10000" value={l.think_ms.to_string()}
                            onchange={with_load(l.think_ms, Load::THINK_MS, |l, v| Load { think_ms: v, ..l })} />
                    </label>
                </div>
            }
            <h2>{t(lang, Text::StoreFaults)}</h2>
            <p class="hint">{t(lang, Text::StoreFaultsHint)}</p>
            <div class="actions partition-tool" role="group" aria-label={t(lang, Text::StorePartition)}>
                { for members }
            </div>
            <div class="actions">
                <button type="button" onclick={split} disabled={chosen.is_empty()} data-testid="store-split">
                    {t(lang, Text::StorePartition)}</button>
                <button type="button" onclick={click(d, Msg::Store(StoreIntent::HealAll))} aria-keyshortcuts="H">
                    {t(lang, Text::HealAll)}</button>
            </div>
            <div class="link-settings">
                <label>{t(lang, Text::StoreLoss)}
                    <input type="number" min="0" max="100" value={props.loss_pct.to_string()} onchange={on_loss} />
                </label>
                <label>{t(lang, Text::StoreLatencyMin)}
                    <input type="number" min="0" max="2000" value={lo.to_string()} onchange={on_lo} />
                </label>
                <label>{t(lang, Text::StoreLatencyMax)}
                    <input type="number" min="0" max="2000" value={hi.to_string()} onchange={on_hi} />
                </label>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{spread, Along};

    fn name(angle: f64) -> Along {
        Along {
            angle,
            half: 0.1,
            fixed: false,
        }
    }

    fn close(got: &[f64], want: &[f64]) -> bool {
        got.iter().zip(want).all(|(g, w)| (g - w).abs() < 1e-6)
    }

    #[test]
    fn names_of_keys_close_together_spread_around_them_in_ring_order_and_clear_of_nodes() {
        // Far apart: where they are.
        let apart = spread(&[name(0.5), name(0.1), name(1.0)]);
        assert!(close(&apart, &[0.5, 0.1, 1.0]), "{apart:?}");
        // Two close: each moved half the way, centred on both, in the same order.
        let two = spread(&[name(1.02), name(1.0)]);
        assert!(close(&two, &[1.11, 0.91]), "{two:?}");
        // A third close to the pair joins their cluster; a far one stays.
        let four = spread(&[name(1.0), name(1.05), name(1.1), name(3.0)]);
        assert!(close(&four, &[0.85, 1.05, 1.25, 3.0]), "{four:?}");
        // Beside a node (which stays), the pair moves away from it, not onto it.
        let node = Along {
            angle: 0.8,
            half: 0.15,
            fixed: true,
        };
        let beside = spread(&[name(1.02), name(1.0), node]);
        assert!(close(&beside, &[1.25, 1.05, 0.8]), "{beside:?}");
    }
}
