//! The ring view: where keys live. A ring-like placement is drawn as the hash ring (each
//! node's arcs in its colour, keys as dots at their hash); `hash mod n`, jump, rendezvous and
//! Maglev, which have no ring, as one column of keys per node (Maglev adds an excerpt of its
//! lookup table). After a membership change the keys that moved hop from the old owner to the
//! new one. Drawn on a canvas: 64 nodes × 256 virtual nodes and 10,000 keys are too many DOM
//! elements.

use super::num::{cos, sin};
use crate::ring::lab::Lens;
use crate::ring::{Algorithm, Key, Members};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::canvas::{context, fit, Palette};
use super::i18n::{t, Lang, Text};
use super::num::fixed;
use crate::playground::Theme;

/// How long moved keys take to hop to their new owner, in wall milliseconds.
pub const MOVE_MS: f64 = 1200.0;
/// Points drawn as ticks at most; more would be a solid band anyway.
const MAX_TICKS: usize = 256;
/// Keys are labelled with their names when there are at most this many.
const MAX_KEY_LABELS: usize = 40;
/// The type of the nodes' names on the picture (the ring's points, the columns, the probe's
/// answer), in CSS pixels at 1280×720: as large as the stage's labels, for a projector.
const NAME_PX: f64 = 16.0;
/// Between a key's dot and its name, and between names.
const KEY_NAME_GAP: f64 = 4.0;
/// The type of keys' names and of the Maglev table's caption: smaller, as up to
/// `MAX_KEY_LABELS` names share the ring's inside.
const SMALL_PX: f64 = 14.0;
/// Maglev table slots shown (an excerpt: the whole table is 65,537 slots).
const TABLE_SHOWN: usize = 2048;

/// A qualitative palette (Okabe–Ito's seven first), cycled with a lightness shift past twelve
/// nodes. No two are alike (a test keeps them at least 25 apart in CIELAB): no greys, which
/// would read as a node marked down.
const PALETTE: [&str; 12] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7F3C8D",
    "#66A61E", "#F97B72", "#E7298A", "#8C564B",
];

/// The colour of a node, by its stable id so it keeps its colour when others come and go.
pub fn colour(id: u32) -> String {
    let base = PALETTE[id as usize % PALETTE.len()];
    match id as usize / PALETTE.len() {
        0 => base.to_string(),
        round => format!(
            "color-mix(in srgb, {base} {}%, {})",
            100 - (round % 3) * 25,
            if round % 2 == 1 { "#000" } else { "#fff" }
        ),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Ring,
    /// One column per node.
    Columns,
}

pub fn shape(algo: Algorithm) -> Shape {
    match algo {
        Algorithm::Ring { .. }
        | Algorithm::Ketama
        | Algorithm::BoundedLoad { .. }
        | Algorithm::MultiProbe { .. } => Shape::Ring,
        Algorithm::ModN | Algorithm::Jump | Algorithm::Rendezvous | Algorithm::Maglev { .. } => {
            Shape::Columns
        }
    }
}

/// Everything one canvas draws, computed once per change of the lab (not per frame).
pub struct Picture {
    pub algo: Algorithm,
    pub shape: Shape,
    /// Columns (or legend): (stable id, name, up), current members then a removed one.
    pub nodes: Vec<(u32, String, bool)>,
    /// Of those, the current members (the rest is the removed one, kept for its keys' move).
    pub members: u32,
    /// Ring points: (position, stable id).
    pub points: Vec<(u64, u32)>,
    /// Maglev: the first slots of the lookup table, as stable ids.
    pub table: Vec<u32>,
    pub keys: Rc<Vec<Key>>,
    /// Each key's position on the ring (its hash, or its ketama hash for ketama).
    pub key_pos: Vec<u64>,
    /// Per key: the serving node's stable id now and before the last change.
    pub served: Vec<Option<u32>>,
    pub before: Option<Vec<Option<u32>>>,
    /// Per key: its replica set (stable ids), for the tooltip.
    pub replicas: Vec<Vec<u32>>,
    /// Per key: the first key with its hash (itself, but for a hot key's repeated requests).
    first_of: Vec<u32>,
    /// Column layout: per key, (column, slot in the column) now and before; in a column, one
    /// key's requests side by side.
    pub slot: Vec<(usize, u32)>,
    pub slot_before: Option<Vec<(usize, u32)>>,
    /// Per node (in `nodes` order): its keys that did not move, and its points.
    resting: Vec<Vec<u32>>,
    node_points: Vec<Vec<u32>>,
    /// Keys with no live replica, and keys that moved in the last change.
    lost: Vec<u32>,
    moved_keys: Vec<u32>,
    /// Rendezvous: the placement, to show a hovered key's scores.
    rendezvous: Option<crate::ring::Placement>,
    /// Hot keys: each distinct key asked for more than once.
    heat: Vec<Heat>,
    /// Keys served by another node than the ring's first choice although it is up: bounded
    /// loads sent them on because it was full.
    spilled: Vec<u32>,
    pub error: Option<crate::ring::RingError>,
}

/// A hot key: its first request, how many requests, and who served them (a node's stable
/// id, its requests). Bounded loads spread one key's requests over several nodes.
type Heat = (u32, u32, Vec<(u32, u32)>);

impl Picture {
    pub fn of(
        lens: &Lens,
        members: &Members,
        keys: &Rc<Vec<Key>>,
        removed: Option<(u32, String)>,
    ) -> Picture {
        let mut nodes: Vec<(u32, String, bool)> = members
            .list()
            .iter()
            .map(|m| (m.id.0, m.name.clone(), m.up))
            .collect();
        if let Some((id, name)) = removed {
            nodes.push((id, name, false));
        }
        let ketama = lens.algo == Algorithm::Ketama;
        let key_pos = keys
            .iter()
            .map(|k| {
                if ketama {
                    u64::from(k.ketama) << 32
                } else {
                    k.hash
                }
            })
            .collect();
        let (points, table) = match &lens.placement {
            Ok(p) => (
                p.points().into_iter().map(|(x, id)| (x, id.0)).collect(),
                p.maglev_table()
                    .map(|t| t.iter().take(TABLE_SHOWN).map(|id| id.0).collect())
                    .unwrap_or_default(),
            ),
            Err(_) => (Vec::new(), Vec::new()),
        };
        let ids = |a: &crate::ring::Assignment| -> Vec<Option<u32>> {
            a.served_by.iter().map(|s| s.map(|id| id.0)).collect()
        };
        let served = lens.assignment.as_ref().map(ids).unwrap_or_default();
        let before = lens.before.as_ref().map(ids);
        let replicas = lens
            .assignment
            .as_ref()
            .map(|a| {
                a.replicas
                    .iter()
                    .map(|r| r.iter().map(|id| id.0).collect())
                    .collect()
            })
            .unwrap_or_default();
        // Requests for the same key (the same hash) land on the same spot: each key's first
        // request stands for the others, on the ring and in a column.
        let mut by_hash: Vec<(u64, u32)> = (keys.iter().enumerate())
            .map(|(k, key)| (key.hash, k as u32))
            .collect();
        crate::sim::sort::sort_by_key(&mut by_hash, |&(hash, _)| hash); // stable: first key first
        let mut first_of = vec![0u32; keys.len()];
        let mut same_of = vec![&by_hash[..0]; keys.len()];
        for same in by_hash.chunk_by(|a, b| a.0 == b.0) {
            same_of[same[0].1 as usize] = same;
            for &(_, k) in same {
                first_of[k as usize] = same[0].1;
            }
        }
        // In a column, one key's requests side by side: each key's in turn, at its first.
        let order: Vec<u32> = same_of
            .iter()
            .flat_map(|same| same.iter().map(|s| s.1))
            .collect();
        let slot = slots(&served, &nodes, &order);
        let slot_before = before.as_ref().map(|b| slots(b, &nodes, &order));
        let index_of = |id: u32| nodes.iter().position(|n| n.0 == id);
        let mut resting = vec![Vec::new(); nodes.len()];
        let (mut lost, mut moved_keys) = (Vec::new(), Vec::new());
        for (k, s) in served.iter().enumerate() {
            let was = before.as_ref().map(|b| b[k]);
            match (s.and_then(index_of), was) {
                (None, _) => lost.push(k as u32),
                (Some(_), Some(w)) if w != *s => moved_keys.push(k as u32),
                (Some(i), _) => resting[i].push(k as u32),
            }
        }
        // The heat: in the order of the hashes, each repeated hash as (its first key, how many
        // keys, who served them).
        let heat = by_hash
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|same| same.len() > 1)
            .map(|same| {
                let mut shares: Vec<(u32, u32)> = Vec::new();
                for &(_, k) in same {
                    // (`served` is empty for a placement that failed.)
                    if let Some(id) = served.get(k as usize).copied().flatten() {
                        match shares.iter_mut().find(|(s, _)| *s == id) {
                            Some(share) => share.1 += 1,
                            None => shares.push((id, 1)),
                        }
                    }
                }
                (same[0].1, same.len() as u32, shares)
            })
            .collect();
        // Bounded loads: a key whose ring successor's node is up but served elsewhere was
        // sent on because that node was full. (Its replica list starts where it was sent.)
        let spilled = if matches!(lens.algo, Algorithm::BoundedLoad { .. }) && !points.is_empty() {
            let up = |id: u32| nodes.iter().any(|n| n.0 == id && n.2);
            keys.iter()
                .zip(&served)
                .enumerate()
                .filter(|(_, (key, s))| {
                    let at = points.partition_point(|&(x, _)| x < key.hash) % points.len();
                    let first = points[at].1;
                    s.is_some_and(|s| s != first) && up(first)
                })
                .map(|(k, _)| k as u32)
                .collect()
        } else {
            Vec::new()
        };
        let mut node_points = vec![Vec::new(); nodes.len()];
        for (i, &(_, id)) in points.iter().enumerate() {
            if let Some(n) = index_of(id) {
                node_points[n].push(i as u32);
            }
        }
        Picture {
            algo: lens.algo,
            shape: shape(lens.algo),
            members: members.list().len() as u32,
            nodes,
            points,
            table,
            keys: keys.clone(),
            key_pos,
            first_of,
            served,
            before,
            replicas,
            slot,
            slot_before,
            resting,
            node_points,
            lost,
            moved_keys,
            rendezvous: lens
                .placement
                .as_ref()
                .ok()
                .filter(|p| p.algorithm() == Algorithm::Rendezvous)
                .cloned(),
            heat,
            spilled,
            error: lens.placement.as_ref().err().cloned(),
        }
    }

    fn name(&self, id: u32) -> &str {
        self.nodes
            .iter()
            .find(|n| n.0 == id)
            .map_or("?", |n| n.1.as_str())
    }
}

/// Column and slot of each key: keys stack up in their node's column in `order`; keys with
/// no live replica go to a last "lost" column.
fn slots(
    served: &[Option<u32>],
    nodes: &[(u32, String, bool)],
    order: &[u32],
) -> Vec<(usize, u32)> {
    let mut fill = vec![0u32; nodes.len() + 1];
    let mut slot = vec![(0, 0); served.len()];
    // (`served` is empty for a placement that failed.)
    for &k in order.iter().filter(|&&k| (k as usize) < served.len()) {
        let col = served[k as usize]
            .and_then(|id| nodes.iter().position(|n| n.0 == id))
            .unwrap_or(nodes.len());
        slot[k as usize] = (col, fill[col]);
        fill[col] += 1;
    }
    slot
}

/// `Rc` compared by pointer: a new picture is a new allocation.
#[derive(Clone)]
pub struct PictureRef(pub Rc<Picture>);

impl PartialEq for PictureRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct RingCanvasProps {
    pub lang: Lang,
    pub picture: PictureRef,
    /// Progress of the hop of moved keys, 0 to 1, while it runs.
    pub phase: Option<f64>,
    pub theme: &'static str,
    pub label: String,
    /// Changes when the window is resized.
    pub resizes: u32,
    /// A key to point at, when someone asked where it goes.
    pub probe: Option<Rc<Probe>>,
    /// The presenter's zoom, in percent: the picture's type grows with it.
    pub zoom: u32,
}

/// Where each key was drawn last, for hovering: (x, y) in CSS pixels.
type Drawn = Rc<RefCell<Vec<(f32, f32)>>>;

#[function_component(RingCanvas)]
pub fn ring_canvas(props: &RingCanvasProps) -> Html {
    let canvas = use_node_ref();
    let drawn: Drawn = use_mut_ref(Vec::new).clone();
    let cache = use_mut_ref(Cache::new);
    let tip = use_state(|| None::<(String, String)>);
    {
        let canvas = canvas.clone();
        let drawn = drawn.clone();
        let cache = cache.clone();
        let picture = props.picture.clone();
        let phase = props.phase;
        let probe = props.probe.clone();
        let lang = props.lang;
        let zoom = props.zoom;
        let deps = (
            props.picture.clone(),
            props.lang,
            phase.map(|p| (p * 1000.0) as u32),
            props.theme,
            props.resizes,
            props.probe.clone(),
            zoom,
        );
        use_effect_with(deps, move |_| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                draw(
                    &c,
                    &picture.0,
                    lang,
                    phase,
                    probe.as_deref(),
                    zoom,
                    &drawn,
                    &cache,
                );
            }
        });
    }
    let onmousemove = {
        let canvas = canvas.clone();
        let drawn = drawn.clone();
        let tip = tip.clone();
        let picture = props.picture.clone();
        let lang = props.lang;
        Callback::from(move |e: MouseEvent| {
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let rect = c.get_bounding_client_rect();
            let (x, y) = (
                f64::from(e.client_x()) - rect.left(),
                f64::from(e.client_y()) - rect.top(),
            );
            let nearest = drawn
                .borrow()
                .iter()
                .enumerate()
                .map(|(i, &(kx, ky))| {
                    let d = (f64::from(kx) - x).powi(2) + (f64::from(ky) - y).powi(2);
                    (d, i)
                })
                .filter(|(d, _)| *d <= 36.0)
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, i)| i);
            let place = tip_place(x, y, rect.width(), rect.height());
            tip.set(nearest.map(|i| (place, describe_key(&picture.0, i, lang))));
        })
    };
    let onmouseleave = {
        let tip = tip.clone();
        Callback::from(move |_| tip.set(None))
    };
    html! {
        <figure class="ring-figure">
            <div class="ring-canvas-wrap">
                <canvas ref={canvas} class="ring-canvas" role="img" aria-label={props.label.clone()}
                    data-algorithm={props.picture.0.algo.name()}
                    data-spilled={props.picture.0.spilled.len().to_string()}
                    data-split-keys={props.picture.0.heat.iter().filter(|h| h.2.len() > 1).count().to_string()}
                    {onmousemove} {onmouseleave} />
                if let Some((place, text)) = &*tip {
                    <div class="key-tip" role="tooltip" style={place.clone()}>
                        { for text.lines().map(|l| html! { <div>{l}</div> }) }
                    </div>
                }
            </div>
            if let Some(e) = &props.picture.0.error {
                <p class="notice error" role="alert">{super::i18n::ring_error(e, props.lang)}</p>
            }
        </figure>
    }
}

/// Angles for labels around a circle of radius `rr` (boxes `widths` by `height`, centred on
/// it), each as near its point's angle as lets it clear its neighbours: points close on the
/// ring would print their names over each other. Along the circle a box takes its width
/// at the top and bottom and its height at the sides.
fn spread_labels(angles: &[f64], widths: &[f64], height: f64, rr: f64) -> Vec<f64> {
    let mut seats = angles.to_vec();
    let m = seats.len();
    if m < 2 || rr <= 0.0 {
        return seats;
    }
    let extent = |i: usize, a: f64| widths[i] * sin(a).abs() + height * cos(a).abs();
    let gap = 4.0;
    // Labels that cannot all fit around the circle would be pushed far from their points and
    // still overlap: leave them on their points.
    let room: f64 = (0..m).map(|i| extent(i, angles[i]) + gap).sum();
    if room > 0.9 * std::f64::consts::TAU * rr {
        return seats;
    }
    let mut order: Vec<usize> = (0..m).collect();
    crate::sim::sort::sort_by(&mut order, |&i, &j| angles[i].total_cmp(&angles[j]));
    for _ in 0..60 {
        let mut moved = false;
        for k in 0..m {
            let (i, j) = (order[k], order[(k + 1) % m]);
            let wrap = if k + 1 == m {
                std::f64::consts::TAU
            } else {
                0.0
            };
            let apart = seats[j] + wrap - seats[i];
            let need = ((extent(i, seats[i]) + extent(j, seats[j])) / 2.0 + gap) / rr;
            // (Half a pixel of slack: a moved label's extent changes a little with its angle.)
            if apart + 0.5 / rr < need {
                let push = (need - apart) / 2.0;
                seats[i] -= push;
                seats[j] += push;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    seats
}

/// Where a key's name is written, beside its dot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameSide {
    Left,
    Right,
    Above,
    Below,
}

/// The box (left, top, right, bottom) of a name `width` by `height` on `side` of a dot `dot`
/// wide at (x, y).
fn name_box(x: f64, y: f64, side: NameSide, width: f64, height: f64, dot: f64) -> [f64; 4] {
    let off = dot / 2.0 + KEY_NAME_GAP;
    match side {
        NameSide::Left => [x - off - width, y - height / 2.0, x - off, y + height / 2.0],
        NameSide::Right => [x + off, y - height / 2.0, x + off + width, y + height / 2.0],
        NameSide::Above => [x - width / 2.0, y - off - height, x + width / 2.0, y - off],
        NameSide::Below => [x - width / 2.0, y + off, x + width / 2.0, y + off + height],
    }
}

/// A few keys' places inside the ring, with their names. Each key stays at its hash angle
/// (what the ring means); its distance from the centre means nothing (for many keys it is a
/// few hash bits, to texture a dense set), so it is chosen, with the side of its name, to
/// keep every name clear of the other names and keys and off the ring's band: names written
/// where their dots fell ran over each other and over the band. The outermost clear place
/// first, which leaves the room nearer the centre to the names that need it. Names `widths`
/// wide and `height` high beside marks `marks` wide (a key's dot, or a hot key's disc), around
/// the centre (0, 0), at distances in `inner..=outer`, inside the circle of radius `outer`
/// (a mark may reach `KEY_NAME_GAP` past it: the band is further out). Returns each key's
/// distance and its name's side, or `None` for a name with no clear place: it is left out,
/// and the key's tooltip still names it.
fn seat_keys(
    angles: &[f64],
    widths: &[f64],
    marks: &[f64],
    height: f64,
    (inner, outer): (f64, f64),
) -> Vec<(f64, Option<NameSide>)> {
    /// Distances tried, evenly from `outer` in to `inner`.
    const STEPS: u32 = 24;
    let gap = KEY_NAME_GAP;
    let radii: Vec<f64> = (0..=STEPS)
        .map(|j| outer - (outer - inner) * f64::from(j) / f64::from(STEPS))
        .collect();
    let mut seats = vec![(outer, None); angles.len()];
    // Boxes taken so far (left, top, right, bottom): dots, and names with their key's index.
    let mut taken: Vec<([f64; 4], Option<usize>)> = Vec::new();
    let apart = |a: [f64; 4], b: [f64; 4]| {
        a[2] + gap <= b[0] || b[2] + gap <= a[0] || a[3] + gap <= b[1] || b[3] + gap <= a[1]
    };
    let clear = |taken: &[([f64; 4], Option<usize>)], b: [f64; 4], names_only: bool| {
        taken
            .iter()
            .all(|&(t, name)| (names_only && name.is_none()) || apart(b, t))
    };
    let mark_box = |x: f64, y: f64, w: f64| [x - w / 2.0, y - w / 2.0, x + w / 2.0, y + w / 2.0];
    // The farthest point of a box from the centre is one of its corners.
    let inside =
        |b: [f64; 4]| b[0].abs().max(b[2].abs()).hypot(b[1].abs().max(b[3].abs())) <= outer;
    // A mark is round: it keeps clear of the band when its far edge does.
    let mark_inside = |r: f64, w: f64| r + w / 2.0 <= outer + gap;
    // The widest marks first (the hottest keys, whose names matter most and need the most
    // room), then around the ring.
    let mut order: Vec<usize> = (0..angles.len()).collect();
    crate::sim::sort::sort_by(&mut order, |&i, &j| {
        (marks[j].total_cmp(&marks[i])).then(angles[i].total_cmp(&angles[j]))
    });
    for i in order {
        let (c, s) = (cos(angles[i]), sin(angles[i]));
        // The name towards the centre first: outwards it would sooner reach the band.
        let sides = if c > 0.0 {
            [
                NameSide::Left,
                NameSide::Right,
                NameSide::Above,
                NameSide::Below,
            ]
        } else {
            [
                NameSide::Right,
                NameSide::Left,
                NameSide::Above,
                NameSide::Below,
            ]
        };
        let mark = marks[i];
        let named = radii.iter().find_map(|&r| {
            let (x, y) = (r * c, r * s);
            let d = mark_box(x, y, mark);
            let free = mark_inside(r, mark) && clear(&taken, d, false);
            sides.iter().find_map(|&side| {
                let b = name_box(x, y, side, widths[i], height, mark);
                let fits = free && clear(&taken, b, false) && inside(b);
                fits.then_some((r, side, b, d))
            })
        });
        let (r, side) = match named {
            Some((r, side, b, d)) => {
                taken.push((b, Some(i)));
                taken.push((d, None));
                (r, Some(side))
            }
            None => {
                // A mark with no name: where nothing covers it, else where no name does, else
                // as far out as it stays off the band (or at `inner`, a disc too wide for any
                // place), and the names over it are left out (a name must not hide a key).
                let dot_at = |r: f64| mark_box(r * c, r * s, mark);
                let within = || radii.iter().copied().filter(|&r| mark_inside(r, mark));
                let r = within()
                    .find(|&r| clear(&taken, dot_at(r), false))
                    .or_else(|| within().find(|&r| clear(&taken, dot_at(r), true)))
                    .or_else(|| within().next())
                    .unwrap_or(inner);
                let d = dot_at(r);
                taken.retain(|&(b, name)| match name {
                    Some(k) if !apart(b, d) => {
                        seats[k].1 = None;
                        false
                    }
                    _ => true,
                });
                taken.push((d, None));
                (r, None)
            }
        };
        seats[i] = (r, side);
    }
    seats
}

/// Where a key's tooltip goes: beside the pointer, on the side of the ring's centre, so that
/// near the ring's right or bottom edge it opens inwards (not over the side panel or off the
/// page).
fn tip_place(x: f64, y: f64, w: f64, h: f64) -> String {
    let across = if x > w / 2.0 {
        format!("right: {}px", fixed(w - x + 12.0, 0))
    } else {
        format!("left: {}px", fixed(x + 12.0, 0))
    };
    let down = if y > h / 2.0 {
        format!("bottom: {}px", fixed(h - y + 12.0, 0))
    } else {
        format!("top: {}px", fixed(y + 12.0, 0))
    };
    format!("{across}; {down}")
}

fn describe_key(p: &Picture, i: usize, lang: Lang) -> String {
    let Some(key) = p.keys.get(i) else {
        return String::new();
    };
    let owner = p.served.get(i).copied().flatten();
    let replicas: Vec<&str> = p
        .replicas
        .get(i)
        .map(|r| r.iter().map(|&id| p.name(id)).collect())
        .unwrap_or_default();
    let hash = if p.algo == Algorithm::Ketama {
        format!("{:08x} (ketama)", key.ketama)
    } else {
        format!("{:016x}", key.hash)
    };
    // A hot key is asked for many times; bounded loads may serve its requests on several
    // nodes (the disc drawn split): each with its share of the requests.
    let heat = p
        .heat
        .iter()
        .find(|h| p.keys.get(h.0 as usize).is_some_and(|k| k.hash == key.hash));
    let split = heat.is_some_and(|h| h.2.len() > 1);
    let served = match heat {
        Some((_, _, shares)) if split => shares
            .iter()
            .map(|&(id, n)| format!("{}{}", p.name(id), super::i18n::aside(lang, &n.to_string())))
            .collect::<Vec<_>>()
            .join(if lang == Lang::Zh { "、" } else { ", " }),
        _ => owner.map_or_else(
            || t(lang, Text::LostKey).to_string(),
            |id| p.name(id).to_string(),
        ),
    };
    let mut text = format!(
        "{}\n{} {hash}\n{} {served}",
        key.name,
        t(lang, Text::Hash),
        t(lang, Text::ServedBy),
    );
    // A split key's requests each have their own list, from where each was sent.
    if !split {
        text.push_str(&format!(
            "\n{} {}",
            t(lang, Text::Replicas),
            replicas.join(", ")
        ));
    }
    if let Some((_, requests, _)) = heat {
        text.push_str(&format!("\n{} {requests}", t(lang, Text::RequestsWord)));
    }
    if let Some(placement) = &p.rendezvous {
        let top: Vec<String> = placement
            .rendezvous_scores(key)
            .iter()
            .take(4)
            .map(|(id, score)| format!("{} {}", p.name(id.0), fixed(*score, 3)))
            .collect();
        text.push_str(&format!("\n{} {}", t(lang, Text::Scores), top.join(" · ")));
    }
    text
}

/// Which part of the picture to draw: everything that stays put during the hop (drawn once
/// per change into an offscreen canvas), or the moved keys at a moment of their hop.
#[derive(Clone, Copy, PartialEq)]
enum Layer {
    Static,
    Moving(f64),
}

/// The offscreen static layer and what it was drawn for (picture, size, theme).
pub struct Cache {
    canvas: Option<HtmlCanvasElement>,
    key: Option<(usize, u32, u32, String, Lang, u32)>,
}

impl Cache {
    pub fn new() -> Cache {
        Cache {
            canvas: None,
            key: None,
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn draw(
    canvas: &HtmlCanvasElement,
    p: &Rc<Picture>,
    lang: Lang,
    phase: Option<f64>,
    probe: Option<&Probe>,
    zoom: u32,
    drawn: &Drawn,
    cache: &RefCell<Cache>,
) {
    let Some(ctx) = context(canvas) else {
        return;
    };
    let palette_css = Palette::of(canvas);
    let var = |name: &str| palette_css.var(name);
    let (w, h) = (
        f64::from(canvas.client_width()).max(1.0),
        f64::from(canvas.client_height()).max(1.0),
    );
    let ratio = fit(canvas, w, h);
    let type_scale = type_scale(w.min(h), zoom);
    let (pw, ph) = (canvas.width(), canvas.height());
    let colours: Vec<(u32, String)> = p.nodes.iter().map(|n| (n.0, colour(n.0))).collect();
    let colour_of = |id: u32| {
        colours
            .iter()
            .find(|c| c.0 == id)
            .map_or_else(|| colour(id), |c| c.1.clone())
    };
    let (text, muted, line) = (var("--text"), var("--muted"), var("--line"));
    let palette = (text.as_str(), muted.as_str(), line.as_str());
    let paint = |ctx: &CanvasRenderingContext2d, layer: Layer, positions: &mut [(f32, f32)]| {
        ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
        match p.shape {
            Shape::Ring => draw_ring(
                ctx,
                p,
                layer,
                (w, h, type_scale),
                &colour_of,
                positions,
                palette,
            ),
            Shape::Columns => draw_columns(
                ctx,
                p,
                lang,
                layer,
                (w, h, type_scale),
                &colour_of,
                positions,
                palette,
            ),
        }
    };
    // The static layer: redrawn only when the picture, the size or the theme changed.
    let key = (Rc::as_ptr(p) as usize, pw, ph, text.clone(), lang, zoom);
    let mut cache = cache.borrow_mut();
    if cache.key.as_ref() != Some(&key) {
        let offscreen = cache.canvas.clone().or_else(|| {
            web_sys::window()?
                .document()?
                .create_element("canvas")
                .ok()?
                .dyn_into::<HtmlCanvasElement>()
                .ok()
        });
        let Some(off) = offscreen else {
            return;
        };
        off.set_width(pw);
        off.set_height(ph);
        let Some(octx) = context(&off) else {
            return;
        };
        let mut positions = vec![(0f32, 0f32); p.keys.len()];
        paint(&octx, Layer::Static, &mut positions);
        *drawn.borrow_mut() = positions;
        cache.canvas = Some(off);
        cache.key = Some(key);
    }
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
    ctx.clear_rect(0.0, 0.0, f64::from(pw), f64::from(ph));
    if let Some(off) = &cache.canvas {
        ctx.draw_image_with_html_canvas_element(off, 0.0, 0.0).ok();
    }
    let mut unused = Vec::new();
    paint(&ctx, Layer::Moving(phase.unwrap_or(1.0)), &mut unused);
    if let (Some(probe), Shape::Ring) = (probe, p.shape) {
        ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
        draw_probe(&ctx, p, probe, (w, h, type_scale), &text, &colour_of);
    }
}

/// A key someone typed: where its hash falls on the ring, and who serves it.
#[derive(Clone, Debug, PartialEq)]
pub struct Probe {
    pub name: String,
    /// Its position on the ring (its hash; for ketama its ketama hash).
    pub position: u64,
    /// The node serving it, if any is up.
    pub served_by: Option<u32>,
}

/// A radial needle from the centre to the key's hash, and the key's name at its tip.
fn draw_probe(
    ctx: &CanvasRenderingContext2d,
    p: &Picture,
    probe: &Probe,
    (w, h, type_scale): (f64, f64, f64),
    text: &str,
    colour_of: &dyn Fn(u32) -> String,
) {
    let size = w.min(h);
    let (cx, cy) = (w / 2.0, h / 2.0);
    let r = ring_radius(size, type_scale);
    let a = angle(probe.position);
    let colour = probe.served_by.map_or_else(|| text.to_string(), colour_of);
    ctx.set_stroke_style_str(text);
    ctx.set_line_width(2.5);
    ctx.begin_path();
    ctx.move_to(cx + size * 0.08 * cos(a), cy + size * 0.08 * sin(a));
    ctx.line_to(cx + (r + 8.0) * cos(a), cy + (r + 8.0) * sin(a));
    ctx.stroke();
    ctx.set_fill_style_str(&colour);
    ctx.begin_path();
    ctx.arc(
        cx + r * cos(a),
        cy + r * sin(a),
        7.0,
        0.0,
        std::f64::consts::TAU,
    )
    .ok();
    ctx.fill();
    ctx.set_fill_style_str(text);
    ctx.set_font(&font(NAME_PX, true, type_scale));
    ctx.set_text_align(if cos(a) >= 0.0 { "start" } else { "end" });
    ctx.set_text_baseline("middle");
    let served = probe.served_by.map_or("—", |id| p.name(id));
    ctx.fill_text(
        &format!("{} → {served}", probe.name),
        cx + (r + 16.0 * type_scale) * cos(a),
        cy + (r + 16.0 * type_scale) * sin(a),
    )
    .ok();
}

/// Angle of a 64-bit ring position, clockwise from the top.
fn angle(pos: u64) -> f64 {
    pos as f64 / 18_446_744_073_709_551_616.0 * std::f64::consts::TAU - std::f64::consts::FRAC_PI_2
}

#[allow(clippy::too_many_arguments)]
fn draw_ring(
    ctx: &CanvasRenderingContext2d,
    p: &Picture,
    layer: Layer,
    (w, h, type_scale): (f64, f64, f64),
    colour_of: &dyn Fn(u32) -> String,
    positions: &mut [(f32, f32)],
    (text, muted, line): (&str, &str, &str),
) {
    let size = w.min(h);
    let (cx, cy) = (w / 2.0, h / 2.0);
    let r = ring_radius(size, type_scale);
    let band = ring_band(size);
    if layer == Layer::Static {
        // The ring itself.
        ctx.set_stroke_style_str(line);
        ctx.set_line_width(1.0);
        ctx.begin_path();
        ctx.arc(cx, cy, r, 0.0, std::f64::consts::TAU).ok();
        ctx.stroke();
        // Arcs: each point owns the stretch before it (counter-clockwise to the previous point).
        // One path per node, so 16,000 arcs cost 64 strokes.
        ctx.set_line_width(band);
        let n = p.points.len();
        for (node, points) in p.nodes.iter().zip(&p.node_points) {
            ctx.set_stroke_style_str(&colour_of(node.0));
            ctx.begin_path();
            for &i in points {
                let (i, x) = (i as usize, p.points[i as usize].0);
                let prev = if i == 0 {
                    p.points[n - 1].0
                } else {
                    p.points[i - 1].0
                };
                let (a0, a1) = (angle(prev), angle(x));
                let a1 = if n == 1 || a1 <= a0 {
                    a1 + std::f64::consts::TAU
                } else {
                    a1
                };
                ctx.move_to(cx + r * cos(a0), cy + r * sin(a0));
                ctx.arc(cx, cy, r, a0, a1).ok();
            }
            ctx.stroke();
        }
        // Ticks at the points, when they are few enough to tell apart.
        if n <= MAX_TICKS {
            ctx.set_line_width(1.0);
            ctx.set_stroke_style_str(muted);
            ctx.begin_path();
            for &(x, _) in &p.points {
                let a = angle(x);
                ctx.move_to(
                    cx + (r - band * 0.9) * cos(a),
                    cy + (r - band * 0.9) * sin(a),
                );
                ctx.line_to(
                    cx + (r + band * 0.9) * cos(a),
                    cy + (r + band * 0.9) * sin(a),
                );
            }
            ctx.stroke();
        }
        // Point labels, when each node has only a few points.
        if n <= 48 {
            ctx.set_fill_style_str(text);
            ctx.set_font(&font(NAME_PX, true, type_scale));
            ctx.set_text_align("center");
            ctx.set_text_baseline("middle");
            let rr = r + band + (NAME_PX + 1.0) * type_scale;
            let angles: Vec<f64> = p.points.iter().map(|&(x, _)| angle(x)).collect();
            // Boxes a little wider than the type (bold digits and capitals, about 0.7 em).
            let widths: Vec<f64> = p
                .points
                .iter()
                .map(|&(_, id)| p.name(id).chars().count() as f64 * 0.77 * NAME_PX * type_scale)
                .collect();
            let seats = spread_labels(&angles, &widths, (NAME_PX + 2.0) * type_scale, rr);
            ctx.set_stroke_style_str(muted);
            ctx.set_line_width(1.0);
            ctx.begin_path();
            for ((&a, &s), w) in angles.iter().zip(&seats).zip(&widths) {
                // A label moved off its point to clear its neighbours: a thread back to it,
                // ending at the label's box (its half-extent along the radius).
                if (s - a).abs() * rr > 4.0 {
                    ctx.move_to(cx + (r + band) * cos(a), cy + (r + band) * sin(a));
                    let inward =
                        (w * cos(s).abs() + (NAME_PX + 2.0) * type_scale * sin(s).abs()) / 2.0;
                    let rl = rr - inward - 2.0;
                    ctx.line_to(cx + rl * cos(s), cy + rl * sin(s));
                }
            }
            ctx.stroke();
            for (&(_, id), &s) in p.points.iter().zip(&seats) {
                ctx.fill_text(p.name(id), cx + rr * cos(s), cy + rr * sin(s))
                    .ok();
            }
        }
    }
    // Keys in a band inside the ring, at their hash angle; the radius spreads them by a few
    // hash bits so dense key sets read as a textured band. A few keys, each named, are seated
    // by `seat_keys` instead.
    let (inner, outer) = (size * 0.22, r - band - 6.0);
    // A few keys, each named: dots large enough to show their owner's colour.
    let named = p.keys.len() <= MAX_KEY_LABELS;
    let dot = if named {
        5.0 * type_scale
    } else if p.keys.len() > 4000 {
        1.6
    } else {
        2.4
    };
    let hashed = |k: usize| {
        // Low bits, folded: ketama's positions have none of their own.
        let bits = p.key_pos[k] ^ (p.key_pos[k] >> 32);
        let spread = (bits & 0xffff) as f64 / 65_536.0;
        inner + (outer - inner) * spread
    };
    let name_px = SMALL_PX * type_scale;
    // A hot key's name says how many requests ask for it.
    let labels: Vec<String> = if named {
        let mut labels: Vec<String> = p.keys.iter().map(|k| k.name.clone()).collect();
        for &(k, n, _) in &p.heat {
            labels[k as usize] = format!("{} ×{n}", labels[k as usize]);
        }
        labels
    } else {
        Vec::new()
    };
    let widths: Vec<f64> = if named {
        ctx.set_font(&font(SMALL_PX, false, type_scale));
        (labels.iter())
            .map(|l| ctx.measure_text(l).map_or(0.0, |m| m.width()))
            .collect()
    } else {
        Vec::new()
    };
    // Hot keys: a disc whose area grows with the requests for the key, the hottest's radius
    // half the keys' band (drawn below, on the static layer).
    let hottest = p.heat.iter().map(|h| h.1).max().unwrap_or(1);
    let heat_radius = |n: u32| {
        let widest = (outer - inner) * 0.5;
        (widest * (f64::from(n) / f64::from(hottest)).sqrt()).max(dot * 1.5)
    };
    // Each key's mark as seated: its dot, or a hot key's disc.
    let mut marks = vec![dot; if named { p.keys.len() } else { 0 }];
    for &(k, n, _) in &p.heat {
        if let Some(mark) = marks.get_mut(k as usize) {
            *mark = 2.0 * heat_radius(n);
        }
    }
    let seats = if named {
        // A hot key's requests share one spot, one disc and one name: each key is seated once,
        // by its first request (the one the heat is drawn at).
        let first: Vec<usize> = p.first_of.iter().map(|&f| f as usize).collect();
        let distinct: Vec<usize> = (0..p.keys.len()).filter(|&k| first[k] == k).collect();
        let pick = |of: &[f64]| distinct.iter().map(|&k| of[k]).collect::<Vec<f64>>();
        let angles: Vec<f64> = distinct.iter().map(|&k| angle(p.key_pos[k])).collect();
        // Few keys leave the middle free: room for their names.
        let seated = seat_keys(
            &angles,
            &pick(&widths),
            &pick(&marks),
            name_px,
            (outer * 0.3, outer),
        );
        (first.iter().enumerate())
            .map(|(k, &f)| {
                let seat = seated[distinct.partition_point(|&d| d < f)];
                if f == k {
                    seat
                } else {
                    (seat.0, None)
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let place = |k: usize| {
        let a = angle(p.key_pos[k]);
        let rr = seats.get(k).map_or_else(|| hashed(k), |s| s.0);
        (cx + rr * cos(a), cy + rr * sin(a), a)
    };
    batch(
        ctx,
        p,
        layer,
        colour_of,
        positions,
        muted,
        // An unavailable key is drawn hollow, twice as wide as a key with an owner: at the
        // size of the others its outline closes into a grey dot, and "hollow" goes unseen
        // (a named key's larger dot reads as hollow at less).
        if named {
            (dot, dot * 1.6, dot * 1.4)
        } else {
            (dot, dot * 2.2, dot * 2.0)
        },
        false,
        &|k| {
            let (x, y, _) = place(k);
            (x, y)
        },
        &|k, t| {
            // A moved key hops outward towards the ring and back as its colour changes.
            let (x, y, a) = place(k);
            let hop = sin(t * std::f64::consts::PI) * size * 0.06;
            (x + hop * cos(a), y + hop * sin(a))
        },
    );
    if layer == Layer::Static {
        // Hot keys' discs, cut like a pie by who served them. See-through, so the keys under
        // it show, with a rim in each server's own colour: faded alone, one node's blue read
        // as another's lighter blue.
        ctx.set_line_width(3.0);
        for (k, n, shares) in &p.heat {
            let (x, y, _) = place(*k as usize);
            let radius = heat_radius(*n);
            let mut from = -std::f64::consts::FRAC_PI_2;
            for &(id, count) in shares {
                let to = from + std::f64::consts::TAU * f64::from(count) / f64::from(*n);
                let colour = colour_of(id);
                ctx.set_fill_style_str(&colour);
                ctx.set_stroke_style_str(&colour);
                ctx.set_global_alpha(0.35);
                ctx.begin_path();
                ctx.move_to(x, y);
                ctx.arc(x, y, radius, from, to).ok();
                ctx.close_path();
                ctx.fill();
                ctx.set_global_alpha(1.0);
                ctx.begin_path();
                ctx.arc(x, y, radius - 1.5, from, to).ok();
                ctx.stroke();
                from = to;
            }
        }
        // Keys bounded loads sent on from a full node: a ring around each.
        ctx.set_stroke_style_str(text);
        ctx.set_line_width(1.0);
        ctx.begin_path();
        // (Close around a named key's larger dot: its name is near.)
        let spill = if named { dot } else { dot * 2.4 };
        for &k in &p.spilled {
            let (x, y, _) = place(k as usize);
            ctx.move_to(x + spill, y);
            ctx.arc(x, y, spill, 0.0, std::f64::consts::TAU).ok();
        }
        ctx.stroke();
        // A few keys: their names, on the side `seat_keys` chose.
        ctx.set_fill_style_str(text);
        ctx.set_font(&font(SMALL_PX, false, type_scale));
        ctx.set_text_baseline("middle");
        ctx.set_text_align("start");
        for (k, label) in labels.iter().enumerate() {
            let Some(&(_, Some(side))) = seats.get(k) else {
                continue;
            };
            let (x, y, _) = place(k);
            let b = name_box(x, y, side, widths[k], name_px, marks[k]);
            ctx.fill_text(label, b[0], (b[1] + b[3]) / 2.0).ok();
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_columns(
    ctx: &CanvasRenderingContext2d,
    p: &Picture,
    lang: Lang,
    layer: Layer,
    (w, h, type_scale): (f64, f64, f64),
    colour_of: &dyn Fn(u32) -> String,
    positions: &mut [(f32, f32)],
    (text, muted, line): (&str, &str, &str),
) {
    let lost = p.served.iter().any(Option::is_none)
        || p.before
            .as_ref()
            .is_some_and(|b| b.iter().any(Option::is_none));
    let columns = p.nodes.len() + usize::from(lost);
    // Maglev's table excerpt on top: 128 cells a row, as large as fits (at most 6 px).
    let table_cols = 128usize;
    let table_rows = p.table.len().div_ceil(table_cols);
    let cell = ((w - 16.0) / table_cols as f64).min(6.0);
    let top = if p.table.is_empty() {
        8.0
    } else {
        4.0 + table_rows as f64 * cell + 8.0 + SMALL_PX * type_scale
    };
    let label_h = 8.0 + NAME_PX * type_scale;
    let (left, right) = (8.0, 8.0);
    let col_w = (w - left - right) / columns.max(1) as f64;
    let gap = (col_w * 0.12).min(10.0);
    let height = h - top - label_h - 6.0;
    // Dot size so the fullest column fits (before and after).
    let mut fill = vec![0u32; columns + 1];
    for &(c, s) in p.slot.iter().chain(p.slot_before.iter().flatten()) {
        fill[c] = fill[c].max(s + 1);
    }
    let fullest = f64::from(fill.iter().copied().max().unwrap_or(1).max(1));
    let inner_w = (col_w - gap).max(2.0);
    // The square root shares the column's area out, but whole squares to a row leave a part
    // of each row empty, and the fullest column would then rise past the top (where it was
    // cut flat, and looked as full as the others). So: the largest size at which the rows
    // it takes fit, with this many to a row or one more.
    // A few keys, each named: one to a row with its name beside it, where the rows fit and
    // the columns leave room for the start of a name (names are cut to their column).
    let row_h = (SMALL_PX + 6.0) * type_scale;
    let named =
        p.keys.len() <= MAX_KEY_LABELS && fullest * row_h <= height && inner_w >= 4.0 * row_h;
    let dot = if named {
        row_h
    } else {
        let rows_of = |per_row: f64| (fullest / per_row.max(1.0)).ceil();
        let mut dot = (inner_w * height / fullest).sqrt().min(14.0);
        let per_row = (inner_w / dot).floor().max(1.0);
        if rows_of(per_row) * dot > height {
            let more = inner_w / (per_row + 1.0);
            dot = (height / rows_of(per_row)).max(if rows_of(per_row + 1.0) * more <= height {
                more
            } else {
                0.0
            });
        }
        dot.max(1.0)
    };
    // (A hair over, so that a row of exactly `inner_w / dot` squares counts them all.)
    let per_row = if named {
        1
    } else {
        (inner_w / dot + 1e-9).floor().max(1.0) as u32
    };
    let at = |(c, s): (usize, u32)| {
        let x = left + c as f64 * col_w + gap / 2.0 + f64::from(s % per_row) * dot + dot / 2.0;
        let y = top + height - f64::from(s / per_row) * dot - dot / 2.0;
        (x, y)
    };
    // Maglev: the start of its lookup table, one cell per slot, coloured by owner.
    if layer == Layer::Static && !p.table.is_empty() {
        let (cols, rows) = (table_cols, table_rows);
        for node in &p.nodes {
            ctx.set_fill_style_str(&colour_of(node.0));
            ctx.begin_path();
            for (i, &id) in p.table.iter().enumerate() {
                if id == node.0 {
                    ctx.rect(
                        left + (i % cols) as f64 * cell,
                        4.0 + (i / cols) as f64 * cell,
                        cell,
                        cell,
                    );
                }
            }
            ctx.fill();
        }
        ctx.set_fill_style_str(muted);
        ctx.set_font(&font(SMALL_PX, false, type_scale));
        ctx.set_text_align("start");
        ctx.set_text_baseline("top");
        ctx.fill_text(
            &match lang {
                Lang::En => format!("Maglev lookup table: first {} slots", p.table.len()),
                Lang::Zh => format!("Maglev 查找表：前 {} 个槽位", p.table.len()),
            },
            left,
            6.0 + rows as f64 * cell,
        )
        .ok();
    }
    // Column labels and baselines.
    if layer == Layer::Static {
        ctx.set_text_align("center");
        ctx.set_text_baseline("top");
        ctx.set_font(&font(NAME_PX, true, type_scale));
        // Every k-th column named where names are wider than their columns (at 30 and more
        // nodes "N1N2N3…" ran together): about 0.62 of the type's size a character.
        let widest = p
            .nodes
            .iter()
            .map(|n| n.1.chars().count())
            .max()
            .unwrap_or(1);
        let every = ((widest as f64 * NAME_PX * type_scale * 0.62 + 6.0) / col_w)
            .ceil()
            .max(1.0) as usize;
        for c in 0..columns {
            let x = left + c as f64 * col_w + col_w / 2.0;
            let (label, up) = match p.nodes.get(c) {
                Some(n) => (n.1.as_str(), n.2),
                None => ("✕", false),
            };
            ctx.set_fill_style_str(if up { text } else { muted });
            // (A node down, and the column of keys no live node serves, always named.)
            if c % every == 0 || !up {
                ctx.fill_text(label, x, top + height + 6.0).ok();
            }
            ctx.set_stroke_style_str(line);
            ctx.set_line_width(1.0);
            ctx.begin_path();
            ctx.move_to(left + c as f64 * col_w + gap / 2.0, top + height + 1.0);
            ctx.line_to(
                left + (c + 1) as f64 * col_w - gap / 2.0,
                top + height + 1.0,
            );
            ctx.stroke();
        }
    }
    // A moved key is larger than one that stayed, as on the ring; but a key on this grid
    // cannot grow past its cell: larger than its cell, moved keys merged into solid blocks
    // and a key that stayed, ringed by its cell's gap, read as hollow (which is "unavailable").
    // So after a change the keys that stayed shrink, and every key keeps a gap around it.
    // At least a pixel between squares (their edges are on whole pixels), where a key's cell
    // is 2 px or more.
    let sq = if named {
        10.0 * type_scale
    } else {
        (dot * 0.8).min(dot - 1.0).max(1.0)
    };
    let stayed = match (p.moved_keys.is_empty(), named) {
        (true, _) => sq,
        (false, true) => sq * 0.6,
        (false, false) => dot * 0.5,
    };
    batch(
        ctx,
        p,
        layer,
        colour_of,
        positions,
        muted,
        (stayed, sq, stayed),
        true,
        &|k| at(p.slot[k]),
        &|k, t| {
            let (x2, y2) = at(p.slot[k]);
            let (x1, y1) = p.slot_before.as_ref().map_or((x2, y2), |b| at(b[k]));
            // Eased flight from the old column to the new one, with a small arc.
            let e = t * t * (3.0 - 2.0 * t);
            (
                x1 + (x2 - x1) * e,
                y1 + (y2 - y1) * e - sin(t * std::f64::consts::PI) * 30.0,
            )
        },
    );
    if named && layer == Layer::Static {
        ctx.set_fill_style_str(text);
        ctx.set_font(&font(SMALL_PX, false, type_scale));
        ctx.set_text_align("start");
        ctx.set_text_baseline("middle");
        // From a name's start (past its key's square) to its column's gap.
        let room = inner_w - dot;
        // One key's requests in a column are rows side by side (`slots`): named once, with
        // their number, level with the middle of their rows.
        // Each column's keys, by slot.
        let mut rows: Vec<Vec<u32>> = vec![Vec::new(); p.nodes.len() + 1];
        for (k, &(c, s)) in p.slot.iter().enumerate() {
            let column = &mut rows[c];
            if column.len() <= s as usize {
                column.resize(s as usize + 1, 0);
            }
            column[s as usize] = k as u32;
        }
        for (c, column) in rows.iter().enumerate() {
            let mut s = 0;
            for same in column.chunk_by(|&a, &b| p.first_of[a as usize] == p.first_of[b as usize]) {
                let (k, bottom, top) = (same[0], s, s + same.len() as u32 - 1);
                s += same.len() as u32;
                let name = &p.keys[k as usize].name;
                let label = match same.len() {
                    1 => cut_to(ctx, name, room),
                    n => {
                        // The number kept whole: the name is cut instead.
                        let count = format!(" ×{n}");
                        let width = ctx.measure_text(&count).map_or(0.0, |m| m.width());
                        format!("{}{count}", cut_to(ctx, name, room - width))
                    }
                };
                let ((x, y), (_, y_top)) = (at((c, bottom)), at((c, top)));
                ctx.fill_text(&label, x + dot / 2.0, (y + y_top) / 2.0).ok();
            }
        }
    }
}

/// `text`, cut short with an ellipsis where it is wider than `room` in the context's font.
fn cut_to(ctx: &CanvasRenderingContext2d, text: &str, room: f64) -> String {
    let width = |t: &str| ctx.measure_text(t).map_or(0.0, |m| m.width());
    if width(text) <= room {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while cut.pop().is_some() {
        let shown = format!("{cut}…");
        if width(&shown) <= room {
            return shown;
        }
    }
    String::new()
}

/// A key's square, `size` wide, centred on (x, y), added to the current path. On a grid
/// (`snap`) its edges go to whole pixels, so squares a pixel or more apart keep a clear pixel
/// between them: at fractional edges the gap was painted half-tone by both, and a grid of
/// keys merged into a solid block. Scattered keys are not snapped (a key of two or three
/// pixels would come out as a bar of either).
fn square(ctx: &CanvasRenderingContext2d, x: f64, y: f64, size: f64, snap: bool) {
    let (left, top) = (x - size / 2.0, y - size / 2.0);
    if snap {
        let (right, bottom) = ((x + size / 2.0).round(), (y + size / 2.0).round());
        let (left, top) = (left.round(), top.round());
        ctx.rect(left, top, (right - left).max(1.0), (bottom - top).max(1.0));
    } else {
        ctx.rect(left, top, size, size);
    }
}

/// Draw the keys of a layer. Static: one path per node for its keys that did not move, then
/// the hollow keys with no live replica; `positions` gets every key's resting place. Moving:
/// the moved keys, larger, in their old colour for the first half of the hop and their new
/// colour after it; they rest there, larger, until the next change.
#[allow(clippy::too_many_arguments)]
fn batch(
    ctx: &CanvasRenderingContext2d,
    p: &Picture,
    layer: Layer,
    colour_of: &dyn Fn(u32) -> String,
    positions: &mut [(f32, f32)],
    lost_colour: &str,
    (small, big, hollow): (f64, f64, f64),
    snap: bool,
    rest: &dyn Fn(usize) -> (f64, f64),
    moving: &dyn Fn(usize, f64) -> (f64, f64),
) {
    match layer {
        Layer::Static => {
            for (node, keys) in p.nodes.iter().zip(&p.resting) {
                ctx.set_fill_style_str(&colour_of(node.0));
                ctx.begin_path();
                for &k in keys {
                    let (x, y) = rest(k as usize);
                    positions[k as usize] = (x as f32, y as f32);
                    square(ctx, x, y, small, snap);
                }
                ctx.fill();
            }
            ctx.set_stroke_style_str(lost_colour);
            ctx.set_line_width(1.2);
            ctx.begin_path();
            for &k in &p.lost {
                let (x, y) = rest(k as usize);
                positions[k as usize] = (x as f32, y as f32);
                square(ctx, x, y, hollow, snap);
            }
            ctx.stroke();
            for &k in &p.moved_keys {
                let (x, y) = rest(k as usize);
                positions[k as usize] = (x as f32, y as f32);
            }
        }
        Layer::Moving(t) => {
            for &k in &p.moved_keys {
                let k = k as usize;
                let (x, y) = moving(k, t);
                let from = p.before.as_ref().and_then(|b| b[k]);
                let id = if t < 0.5 { from } else { p.served[k] };
                ctx.set_fill_style_str(&id.map_or_else(|| lost_colour.to_string(), colour_of));
                ctx.begin_path();
                square(ctx, x, y, big, snap);
                ctx.fill();
            }
        }
    }
}

/// The numbers under a picture, computed once per change of the lab.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadoutModel {
    pub algo: Algorithm,
    /// The first (main) algorithm, as opposed to the one compared with it.
    pub main: bool,
    /// Keys moved by the last change: how many and what share.
    pub moved: Option<(u64, f64)>,
    pub optimal: Option<f64>,
    /// The share `hash mod n` would have moved, for comparison.
    pub mod_n: Option<f64>,
    pub load: Option<crate::ring::metrics::LoadSummary>,
    /// The members that went down (true) or came back in the last change: keys did not move,
    /// replicas served them (but bounded loads place keys on live nodes only: they moved).
    pub failure: Option<(Vec<String>, bool)>,
    /// The spread the theory predicts for a ring with virtual nodes.
    pub theory: Option<f64>,
    pub from_replica: u64,
    /// Whether every member has the same weight: if not, loads are read against each one's
    /// share by weight, and the figures say so.
    pub even: bool,
    /// Hot keys: the counts are of requests (a key asked for many times counts as many).
    pub hot: bool,
    /// On how many nodes each key is kept (the replication factor, or fewer nodes).
    pub copies: usize,
}

impl ReadoutModel {
    pub fn of(
        lens: &Lens,
        members: &Members,
        change: Option<&crate::ring::lab::Change>,
        mod_n: Option<f64>,
        optimal: Option<f64>,
        main: bool,
        key_set: &crate::ring::lab::KeySet,
    ) -> ReadoutModel {
        use crate::ring::lab::{Change, KeySet};
        let uniform_keys = matches!(key_set, KeySet::Uniform { .. });
        let even = members
            .list()
            .windows(2)
            .all(|w| w[0].weight == w[1].weight);
        ReadoutModel {
            even,
            hot: matches!(key_set, KeySet::Hot { .. }),
            failure: match change {
                Some(Change::Down(n)) => Some((n.clone(), true)),
                Some(Change::Up(n)) => Some((n.clone(), false)),
                _ => None,
            },
            algo: lens.algo,
            main,
            moved: lens.moved.as_ref().map(|m| (m.moved, m.fraction())),
            optimal,
            mod_n: mod_n.filter(|_| lens.algo != Algorithm::ModN),
            load: lens.load(members),
            // The theory is of uniform keys and equal weights; hot keys repeat, named keys are
            // a handful, and a heavier node is meant to hold more.
            theory: (matches!(lens.algo, Algorithm::Ring { .. }) && uniform_keys && even)
                .then(|| theory(lens.algo, members, lens.load(members).as_ref())),
            from_replica: lens.served_by_replica(),
            copies: lens
                .assignment
                .as_ref()
                .and_then(|a| a.replicas.iter().map(Vec::len).max())
                .unwrap_or(1),
        }
    }
}

/// "N3", "N3 and N4", "N3, N4 and N5"; in Chinese "N3、N4 和 N5".
fn names_list(names: &[String], lang: Lang) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => {
            let sep = if lang == Lang::Zh { "、" } else { ", " };
            format!("{} {} {last}", rest.join(sep), t(lang, Text::And))
        }
    }
}

fn readout(r: &ReadoutModel, lang: Lang) -> Html {
    let pct = |f: f64| format!("{}%", fixed(f * 100.0, 1));
    // Bounded loads place keys on live nodes only: a node down or back moves keys, where
    // the other algorithms keep the placement and serve its keys from a replica.
    // (Not when nothing moved: a node that held no keys, or every node down, its keys
    // unavailable.)
    let bounded = matches!(r.algo, Algorithm::BoundedLoad { .. })
        && r.moved.is_some_and(|(moved, _)| moved > 0)
        && r.load.as_ref().is_some_and(|l| !l.per_member.is_empty());
    let moved_line = |(moved, fraction): (u64, f64)| {
        html! {
            <>
                {t(lang, if r.hot { Text::RequestsMoved } else { Text::KeysMoved })}{ if lang == Lang::Zh { "：" } else { ": " } }
                <b data-moved={if r.main { moved.to_string() } else { String::new() }}
                   data-moved-fraction={fixed(fraction, 4)}>
                    {format!("{moved}{}", super::i18n::aside(lang, &pct(fraction)))}
                </b>
            </>
        }
    };
    html! {
        <div class="ring-readout" data-lens={r.algo.name()}>
            <strong>{algorithm_label(r.algo, lang)}</strong>
            // Replicas change nothing drawn until a node is down: said, so that setting N shows.
            if r.copies > 1 {
                <span class="nw" data-copies={r.copies.to_string()}>{match lang {
                    Lang::En => format!(" · each key on {} nodes", r.copies),
                    Lang::Zh => format!(" · 每个键存放在 {} 个节点上", r.copies),
                }}</span>
            }
            if let Some((nodes, down)) = &r.failure {
                <div data-failure={nodes.join(" ")}>
                    {format!("{} {}", names_list(nodes, lang), t(lang, match (*down, &r.load, nodes.len() > 1) {
                        (false, _, false) if bounded => Text::CameBackBounded,
                        (false, _, true) if bounded => Text::CameBackBoundedMany,
                        (false, _, false) => Text::CameBack,
                        (false, _, true) => Text::CameBackMany,
                        (true, _, false) if bounded => Text::WentDownBounded,
                        (true, _, true) if bounded => Text::WentDownBoundedMany,
                        // Without a replica its keys have nowhere else to be served from.
                        (true, Some(l), false) if r.from_replica == 0 && l.lost > 0 => Text::WentDownNoReplica,
                        (true, Some(l), true) if r.from_replica == 0 && l.lost > 0 => Text::WentDownManyNoReplica,
                        (true, _, false) => Text::WentDown,
                        (true, _, true) => Text::WentDownMany,
                    }))}
                </div>
                if let Some(m) = r.moved.filter(|_| bounded) {
                    <div>{moved_line(m)}</div>
                }
            } else if let Some(m) = r.moved {
                <div>
                    {moved_line(m)}
                    if let Some(o) = r.optimal {
                        {format!(" · {} {}", t(lang, if r.even { Text::Optimum } else { Text::OptimumByWeight }), pct(o))}
                    }
                    if let Some(c) = r.mod_n {
                        <span data-mod-n-fraction={fixed(c, 4)}>{format!(" · {} {}", t(lang, Text::ModNShort), pct(c))}</span>
                    }
                </div>
            }
            if r.load.as_ref().is_some_and(|l| l.lost == 0 && l.per_member.iter().all(|&(_, c)| c == 0)) {
                // An empty list of named keys (or a count of 0): no loads to compare.
                <div data-no-keys="true">{t(lang, Text::NoKeysToPlace)}</div>
            } else if let Some(l) = &r.load {
                <div data-cv={fixed(l.cv, 4)} data-lost={l.lost.to_string()}>
                    // Each figure with its name on one line: "由副本提供" broke as "由副 / 本提供".
                    <span class="nw">{format!("{} {}", t(lang, if r.even { Text::MaxOverMean } else { Text::MaxOverShare }), fixed(l.max_over_mean, 2))}</span>
                    {" · "}
                    <span class="nw">{format!("{} {}", t(lang, Text::Spread), fixed(l.cv, 3))}</span>
                    if let Some(th) = r.theory {
                        // (The space before it outside, where the line may break.)
                        { if lang == Lang::En { " " } else { "" } }
                        <span class="nw">{super::i18n::aside(lang, &format!("{} {}", t(lang, Text::Theory), fixed(th, 3))).trim_start()}</span>
                    }
                    {" · "}
                    <span class="nw">{format!("{} {}", t(lang, Text::LostKeys), l.lost)}</span>
                    {" · "}
                    <span class="nw">{format!("{} {}", t(lang, Text::FromReplica), r.from_replica)}</span>
                </div>
            }
        </div>
    }
}

pub struct RingLensProps {
    pub lang: Lang,
    pub theme: Theme,
    pub picture: PictureRef,
    pub readout: Rc<ReadoutModel>,
    /// Progress of the hop of moved keys, 0 to 1, while it runs.
    pub phase: Option<f64>,
    pub resizes: u32,
    pub probe: Option<Rc<Probe>>,
    /// The presenter's zoom, in percent.
    pub zoom: u32,
}

/// One algorithm's picture and its numbers.
pub fn ring_lens(props: &RingLensProps) -> Html {
    let lang = props.lang;
    let label = format!(
        "{}: {}",
        t(lang, Text::RingView),
        algorithm_label(props.readout.algo, lang)
    );
    html! {
        <div class="lens">
            <RingCanvas {lang} picture={props.picture.clone()} phase={props.phase}
                theme={props.theme.name()} {label} resizes={props.resizes} probe={props.probe.clone()}
                zoom={props.zoom} />
            <div class="lens-figures">
                { readout(&props.readout, lang) }
                if props.picture.0.shape == Shape::Ring && props.picture.0.nodes.len() <= PALETTE.len() {
                    // Current members only: a removed node is gone, not down.
                    { colour_key(props.picture.0.nodes.get(..props.picture.0.members as usize).unwrap_or_default()) }
                }
            </div>
        </div>
    }
}

/// Which colour is which node, for a ring whose points are too many to name (a slide has no
/// side panel with the node list; on the page that list is often below the fold).
fn colour_key(nodes: &[(u32, String, bool)]) -> Html {
    html! {
        <div class="colour-key" data-testid="colour-key">
            { for nodes.iter().map(|(id, name, up)| html! {
                <span class={classes!("key-node", (!up).then_some("down"))} data-key-node={name.clone()}>
                    <span class="swatch" style={format!("background: {}", colour(*id))} aria-hidden="true" />
                    {name}
                </span>
            }) }
        </div>
    }
}

/// The spread the theory expects of the key counts shown: the arcs' own spread plus the
/// chance of where a finite set of keys falls (live members only, as the loads are).
fn theory(
    algo: Algorithm,
    members: &Members,
    load: Option<&crate::ring::metrics::LoadSummary>,
) -> f64 {
    match algo {
        Algorithm::Ring { vnodes } => {
            let live = load.map_or(members.len(), |l| l.per_member.len()) as u32;
            let keys = load.map_or(0, |l| l.per_member.iter().map(|(_, c)| c).sum());
            crate::ring::metrics::theoretical_key_cv(live, vnodes, keys)
        }
        _ => 0.0,
    }
}

/// The width of the ring's band of points, in canvas pixels.
fn ring_band(size: f64) -> f64 {
    (size * 0.035).max(6.0)
}

/// The ring's radius: most of the canvas, leaving room outside the band for the points'
/// names (`NAME_PX` type, centred a line out, both scaled), which a small canvas (a slide)
/// otherwise cuts.
fn ring_radius(size: f64, type_scale: f64) -> f64 {
    (size * 0.42)
        .min(size / 2.0 - ring_band(size) - (NAME_PX + 11.0) * type_scale)
        .max(size * 0.25)
}

/// How much larger than its base size the picture's type is drawn: with the canvas, from the
/// size it has at 1280×720 up to half as large again on a big screen (a projector shows the
/// whole canvas, so 16 px on a 1080-pixel picture reads as small type), times the presenter's
/// zoom, as the stage's labels are.
fn type_scale(size: f64, zoom: u32) -> f64 {
    (size / 560.0).clamp(1.0, 1.5) * f64::from(zoom) / 100.0
}

/// A canvas font of `px` CSS pixels, scaled.
fn font(px: f64, bold: bool, scale: f64) -> String {
    format!(
        "{}{}px system-ui, sans-serif",
        if bold { "bold " } else { "" },
        fixed(px * scale, 1)
    )
}

/// An algorithm's name as a choice in a list, short enough for the ring panel's narrow select:
/// what a setting beside the list already shows (virtual nodes) and the longer glosses are
/// left to `algorithm_label`, which the list's tooltip and the ring's caption show.
pub fn algorithm_choice(algo: Algorithm, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match algo {
        Algorithm::Ring { .. } if zh => "一致性哈希环".into(),
        Algorithm::Ring { .. } => "consistent hashing ring".into(),
        Algorithm::Ketama if zh => "ketama（memcached）".into(),
        Algorithm::Ketama => "ketama (memcached)".into(),
        Algorithm::Rendezvous if zh => "rendezvous 哈希".into(),
        Algorithm::Rendezvous => "rendezvous (HRW)".into(),
        Algorithm::Maglev { table_size } if zh => format!("Maglev（{table_size} 个槽位）"),
        Algorithm::MultiProbe { probes } if zh => format!("多探针（{probes} 次探测）"),
        Algorithm::BoundedLoad { c_percent, .. } => {
            let c = fixed(f64::from(c_percent) / 100.0, 2);
            if zh {
                format!("有界负载（c={c}）")
            } else {
                format!("bounded loads (c={c})")
            }
        }
        _ => algorithm_label(algo, lang),
    }
}

pub fn algorithm_label(algo: Algorithm, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match algo {
        Algorithm::ModN => {
            if zh {
                "取模哈希（hash mod n）".into()
            } else {
                "hash mod n".into()
            }
        }
        Algorithm::Ring { vnodes } => {
            if zh {
                format!("一致性哈希环（每个节点 {vnodes} 个虚拟节点）")
            } else {
                let nodes = if vnodes == 1 { "node" } else { "nodes" };
                format!("consistent hashing ring ({vnodes} virtual {nodes} each)")
            }
        }
        Algorithm::Ketama => {
            if zh {
                "ketama（libketama，memcached 客户端所用）".into()
            } else {
                "ketama (libketama, memcached)".into()
            }
        }
        Algorithm::Rendezvous => {
            if zh {
                "rendezvous 哈希（最高随机权重）".into()
            } else {
                "rendezvous (highest random weight)".into()
            }
        }
        Algorithm::Jump => {
            if zh {
                "跳跃一致性哈希（jump）".into()
            } else {
                "jump consistent hash".into()
            }
        }
        Algorithm::MultiProbe { probes } => {
            if zh {
                format!("多探针一致性哈希（{probes} 次探测）")
            } else {
                format!("multi-probe ({probes} probes)")
            }
        }
        Algorithm::Maglev { table_size } => {
            if zh {
                format!("Maglev（查找表 {table_size} 个槽位）")
            } else {
                format!("Maglev ({table_size} slots)")
            }
        }
        Algorithm::BoundedLoad { vnodes, c_percent } => {
            if zh {
                format!(
                    "有界负载一致性哈希（c = {}，{vnodes} 个虚拟节点）",
                    fixed(f64::from(c_percent) / 100.0, 2)
                )
            } else {
                format!(
                    "bounded loads (c = {}, {vnodes} virtual nodes)",
                    fixed(f64::from(c_percent) / 100.0, 2)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{cos, describe_key, seat_keys, sin, spread_labels, Algorithm, Lang, Picture};
    use crate::ring::lab::{KeySet, Lab};
    use std::rc::Rc;

    #[test]
    fn a_hot_key_that_bounded_loads_split_names_each_node_with_its_requests() {
        // Its tip said one node although its requests were served on several (the disc is
        // drawn split between them).
        let mut lab = Lab::new(1, 5, 100, 2000);
        lab.set_algorithm(Algorithm::BoundedLoad {
            vnodes: 100,
            c_percent: 125,
        });
        lab.set_keys(KeySet::Hot {
            distinct: 200,
            count: 2000,
        });
        let keys = Rc::new(lab.keys().to_vec());
        let p = Picture::of(&lab.lenses()[0], &lab.members, &keys, None);
        let (first, requests, shares) = p
            .heat
            .iter()
            .find(|h| h.2.len() > 1)
            .cloned()
            .expect("a hot key split between nodes");
        // Any of its requests: the same tip.
        let same: Vec<usize> = (0..keys.len())
            .filter(|&k| keys[k].hash == keys[first as usize].hash)
            .collect();
        let tip = describe_key(&p, same[same.len() - 1], Lang::En);
        let served: Vec<String> = shares
            .iter()
            .map(|&(id, n)| format!("{} ({n})", p.name(id)))
            .collect();
        assert!(
            tip.contains(&format!("served by {}", served.join(", "))),
            "{tip}"
        );
        assert!(tip.ends_with(&format!("requests {requests}")), "{tip}");
        assert!(
            !tip.contains("replicas"),
            "each request has its own list: {tip}"
        );
        assert_eq!(shares.iter().map(|s| s.1).sum::<u32>(), requests);
        let zh = describe_key(&p, first as usize, Lang::Zh);
        let (id, n) = shares[0];
        assert!(zh.contains(&format!("{}（{n}）、", p.name(id))), "{zh}");
    }

    /// The labels' boxes (centre x, y; half width, half height) around a circle of radius rr.
    fn boxes(seats: &[f64], widths: &[f64], h: f64, rr: f64) -> Vec<(f64, f64, f64, f64)> {
        seats
            .iter()
            .zip(widths)
            .map(|(&a, &w)| (rr * cos(a), rr * sin(a), w / 2.0, h / 2.0))
            .collect()
    }

    #[test]
    fn labels_of_points_close_on_the_ring_are_moved_apart_and_lone_ones_stay() {
        let rr = 200.0;
        let h = 15.0;
        // Two points 2° apart at the top (as N4 and N1 in virtual-nodes' first cue), two at
        // the right side, and one alone at the bottom left.
        let top = -std::f64::consts::FRAC_PI_2;
        let deg = std::f64::consts::PI / 180.0;
        let angles = [top, top + 2.0 * deg, 0.0, 1.0 * deg, 2.3];
        let widths = [17.0, 17.0, 17.0, 25.5, 17.0];
        let overlaps = |seats: &[f64]| {
            let b = boxes(seats, &widths, h, rr);
            let mut n = 0;
            for i in 0..b.len() {
                for j in i + 1..b.len() {
                    let (x, y) = ((b[i].0 - b[j].0).abs(), (b[i].1 - b[j].1).abs());
                    if x < b[i].2 + b[j].2 && y < b[i].3 + b[j].3 {
                        n += 1;
                    }
                }
            }
            n
        };
        assert_eq!(overlaps(&angles), 2, "the labels at their points overlap");
        let seats = spread_labels(&angles, &widths, h, rr);
        assert_eq!(overlaps(&seats), 0, "seats {seats:?}");
        assert_eq!(seats[4], angles[4], "a lone label stays on its point");
        // Moved no further than it takes: each pair about its own middle.
        for (i, j) in [(0, 1), (2, 3)] {
            let mid = (angles[i] + angles[j]) / 2.0;
            assert!(((seats[i] + seats[j]) / 2.0 - mid).abs() < 1e-9);
            assert!(
                (seats[j] - seats[i]) < 12.0 * deg,
                "{} apart",
                (seats[j] - seats[i]) / deg
            );
        }
    }

    #[test]
    fn labels_across_the_start_of_the_circle_are_moved_apart_too() {
        // The picture's angles run from the top (−π/2) round to 3π/2: a pair either side of
        // the top straddles the wrap, where labels stand side by side.
        let (top, tau) = (-std::f64::consts::FRAC_PI_2, std::f64::consts::TAU);
        let angles = [top + 0.001, top + tau - 0.001];
        let seats = spread_labels(&angles, &[20.0, 20.0], 15.0, 200.0);
        let apart = (seats[0] + tau - seats[1]) * 200.0;
        assert!(apart >= 20.0 + 4.0 - 0.5, "{apart} px apart");
        assert!(
            apart < 20.0 + 4.0 + 1.0,
            "no further than it takes: {apart} px"
        );
    }

    /// CIELAB (D65) of a `#RRGGBB` colour.
    #[allow(clippy::disallowed_methods)] // A test's arithmetic: neither a run nor the bundle.
    fn lab(hex: &str) -> [f64; 3] {
        let linear = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = (linear(1), linear(3), linear(5));
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
        let y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
        let z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
        [116.0 * y - 16.0, 500.0 * (x - y), 200.0 * (y - z)]
    }

    #[test]
    fn no_two_node_colours_look_alike() {
        // Nine nodes once showed N3 and N9 in two greens 2.6 apart: one colour to the eye.
        for (i, a) in super::PALETTE.iter().enumerate() {
            for b in &super::PALETTE[i + 1..] {
                let (p, q) = (lab(a), lab(b));
                let apart = (0..3).map(|k| (p[k] - q[k]).powi(2)).sum::<f64>().sqrt();
                assert!(apart >= 25.0, "{a} and {b}: {apart:.1} apart");
            }
            // Not a grey: a node marked down is drawn grey.
            let [_, u, v] = lab(a);
            assert!(u.hypot(v) >= 20.0, "{a} is nearly grey");
        }
    }

    /// Dots' and names' boxes of `seat_keys`' answer, around (0, 0), each with whether it is
    /// a name's.
    fn key_boxes(
        angles: &[f64],
        widths: &[f64],
        marks: &[f64],
        height: f64,
        seats: &[(f64, Option<super::NameSide>)],
    ) -> Vec<([f64; 4], bool)> {
        let mut boxes = Vec::new();
        for (i, &(r, side)) in seats.iter().enumerate() {
            let (x, y, w) = (r * cos(angles[i]), r * sin(angles[i]), marks[i]);
            let d = [x - w / 2.0, y - w / 2.0, x + w / 2.0, y + w / 2.0];
            boxes.push((d, false));
            if let Some(side) = side {
                boxes.push((super::name_box(x, y, side, widths[i], height, w), true));
            }
        }
        boxes
    }

    /// `n` keys at random angles with names 70 to 100 px wide, from `seed`.
    fn some_keys(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64 ^ seed.wrapping_mul(7919);
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| (next() * std::f64::consts::TAU, 70.0 + 30.0 * next()))
            .unzip()
    }

    /// Checks `seat_keys`' answer: no name over a name or a key, nothing on the band, every
    /// key at its distance range. The first `hot` keys are hot: discs 20 to 60 px wide.
    /// Returns how many names were left out.
    fn unnamed_checked(n: usize, hot: usize, seed: u64, (inner, outer): (f64, f64)) -> usize {
        let height = 14.0;
        let (angles, widths) = some_keys(n, seed);
        let marks: Vec<f64> = (0..n)
            .map(|i| {
                if i < hot {
                    20.0 + 40.0 * (widths[i] - 70.0) / 30.0
                } else {
                    5.0
                }
            })
            .collect();
        let seats = seat_keys(&angles, &widths, &marks, height, (inner, outer));
        assert!(seats.iter().all(|s| (inner..=outer).contains(&s.0)));
        for (&(r, _), &w) in seats.iter().zip(&marks) {
            // (The band is further out than `outer`, by more than the gap.)
            assert!(
                r + w / 2.0 <= outer + super::KEY_NAME_GAP,
                "seed {seed}: a disc on the band"
            );
        }
        let boxes = key_boxes(&angles, &widths, &marks, height, &seats);
        for (i, &(a, a_name)) in boxes.iter().enumerate() {
            // (A dot at `outer` still keeps clear of the band, which is further out.)
            let far = a[0].abs().max(a[2].abs()).hypot(a[1].abs().max(a[3].abs()));
            assert!(
                far <= outer || !a_name,
                "seed {seed}: box {i} reaches the band: {far:.1}"
            );
            for (j, &(b, b_name)) in boxes.iter().enumerate().skip(i + 1) {
                let apart = a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
                // (Two keys whose names are left out may share a spot, if none is clear.)
                let dots = !a_name && !b_name;
                assert!(
                    apart || dots,
                    "seed {seed}: boxes {i} and {j} overlap: {a:?} {b:?}"
                );
            }
        }
        seats.iter().filter(|s| s.1.is_none()).count()
    }

    #[test]
    fn a_few_keys_names_keep_clear_of_each_other_of_the_keys_and_of_the_band() {
        // Names written where their keys' dots fell (a few hash bits from the centre) ran over
        // each other and over the ring's band. The ring of a 1280×720 page (the keys' band
        // from 65 to 215 px from the centre), names of 14 px type; 30 sets of keys each.
        for seed in 0..30 {
            assert_eq!(
                unnamed_checked(12, 0, seed, (65.0, 215.0)),
                0,
                "seed {seed}"
            );
        }
        // Forty names fill the disc: a few find no clear place and are left out.
        let unnamed: usize = (0..30)
            .map(|seed| unnamed_checked(40, 0, seed, (65.0, 215.0)))
            .sum();
        assert!(unnamed <= 30 * 40 / 8, "{unnamed} of 1200 names left out");
        // A slide's small ring: many are left out, and the rest still keep clear.
        let unnamed = unnamed_checked(40, 0, 1, (30.0, 100.0));
        assert!(0 < unnamed && unnamed < 40, "{unnamed} left out");
        // Hot keys (Zipf requests, fewer distinct keys): their discs, up to 60 px wide, are
        // kept clear of names and inside the band like dots (the discs covered names, and the
        // hottest crossed the band).
        let unnamed: usize = (0..30)
            .map(|seed| unnamed_checked(16, 6, seed, (65.0, 215.0)))
            .sum();
        assert!(unnamed <= 30 * 16 / 8, "{unnamed} of 480 names left out");
    }

    #[test]
    fn labels_too_many_to_fit_stay_on_their_points() {
        let angles: Vec<f64> = (0..48).map(|i| f64::from(i) * 0.13).collect();
        let seats = spread_labels(&angles, &[30.0; 48], 15.0, 150.0);
        assert_eq!(seats, angles);
    }
}
