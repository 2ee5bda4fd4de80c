//! The space-time strip: one lane per node, time running left to right over the most recent
//! stretch of virtual time, each message an arrow from its sender's lane at send time to its
//! receiver's lane at delivery. Causality (who heard what, when) is read off the arrows.
//!
//! Drawn on a canvas: nine busy nodes put well over a thousand arrows in the window, too many
//! DOM elements to rebuild every frame. A click picks the nearest arrow.

use crate::playground::{Arrow, StripModel, Theme, STRIP_WINDOW};
use crate::sim::{Duration, MsgId, NodeId, SimTime};
use std::rc::Rc;
use web_sys::HtmlCanvasElement;

use super::app::{Dispatch, Msg, Selection};

use super::canvas::{context, fit, Palette};
use yew::prelude::*;

use super::i18n::{t, Lang, Text};

/// Layout in CSS pixels.
const LEFT: f64 = 34.0;
const RIGHT: f64 = 8.0;
const LANE_H: f64 = 15.0;
const TOP: f64 = 4.0;
const AXIS_H: f64 = 14.0;
const FONT: &str = "bold 11px system-ui, sans-serif";
/// A click this close to an arrow (CSS pixels) selects it.
const PICK_DISTANCE: f64 = 6.0;

#[derive(Properties, PartialEq)]
pub struct SpaceTimeProps {
    pub lang: Lang,
    /// Not drawn from directly, but a change re-renders the strip, which reads the colours
    /// again from the page's CSS variables.
    pub theme: Theme,
    pub model: Rc<StripModel>,
    pub selected: Option<MsgId>,
    /// Changes when the window is resized: the strip measures its width again.
    pub resizes: u32,
    pub dispatch: Dispatch,
}

/// Pixel geometry shared by drawing and picking.
struct Geometry {
    width: f64,
    /// The left edge in virtual µs; negative early in a run, so "now" is always at the right.
    start: f64,
    span: f64,
}

impl Geometry {
    fn new(width: f64, now: SimTime, window: Duration) -> Self {
        Geometry {
            width,
            start: now.0 as f64 - window.0 as f64,
            span: window.0.max(1) as f64,
        }
    }
    fn x(&self, t: SimTime) -> f64 {
        LEFT + (t.0 as f64 - self.start) / self.span * (self.width - LEFT - RIGHT)
    }
    fn y(lane: u8) -> f64 {
        TOP + LANE_H * (f64::from(lane) + 0.5)
    }
    /// The arrow's segment as drawn now: from its start to how far it has come.
    fn segment(&self, a: &Arrow, now: SimTime) -> (f64, f64, f64, f64) {
        let (x1, y1) = (self.x(a.sent), Self::y(a.from));
        let (x2, y2) = (self.x(a.end), Self::y(a.to));
        let progress = if a.end > now {
            (now - a.sent).0 as f64 / (a.end - a.sent).0.max(1) as f64
        } else {
            1.0
        };
        // A dropped message heads for the receiver's lane but stops where it died.
        (
            x1,
            y1,
            x1 + (x2 - x1) * progress,
            y1 + (y2 - y1) * a.died_at.unwrap_or(1.0) * progress,
        )
    }
}

fn height(lanes: u8) -> f64 {
    TOP * 2.0 + LANE_H * f64::from(lanes) + AXIS_H
}

/// The colours and width the strip is drawn with, read from the page once per theme and
/// window size rather than on every frame (reading them makes the browser compute style and
/// layout).
struct Look {
    key: Option<(Theme, u32)>,
    width: f64,
    line: String,
    muted: String,
    text: String,
    leader: String,
    /// By kind of message, in `KIND_VARS` order.
    kinds: Vec<String>,
    /// The canvas size the context's font was set for (resizing a canvas resets its
    /// context; setting a font is the costliest call of a draw, so it is done once).
    font_for: std::cell::Cell<(u32, u32)>,
}

/// The CSS colour variables messages are drawn with (as on the stage).
const KIND_VARS: [&str; 7] = [
    "--candidate",
    "--granted",
    "--denied",
    "--follower",
    "--sky",
    "--leader",
    "--muted",
];

/// Which of `KIND_VARS` a kind of message is drawn with.
fn kind_colour(kind: &str) -> usize {
    match kind {
        "RequestVote" | "PreVote" => 0,
        "VoteGranted" => 1,
        "VoteDenied" | "AppendRejected" => 2,
        "Heartbeat" | "AppendEntries" => 3,
        "AppendOk" => 4,
        "TimeoutNow" => 5,
        _ => 6,
    }
}

impl Look {
    fn read(canvas: &HtmlCanvasElement, key: (Theme, u32)) -> Look {
        let palette = Palette::of(canvas);
        Look {
            key: Some(key),
            width: f64::from(canvas.client_width()).max(1.0),
            line: palette.var("--line"),
            muted: palette.var("--muted"),
            text: palette.var("--text"),
            leader: palette.var("--leader"),
            kinds: KIND_VARS.iter().map(|v| palette.var(v)).collect(),
            font_for: std::cell::Cell::new((0, 0)),
        }
    }
}

#[function_component(SpaceTime)]
pub fn space_time(props: &SpaceTimeProps) -> Html {
    let canvas = use_node_ref();
    let look = use_mut_ref(|| None::<Look>);
    {
        let canvas = canvas.clone();
        let snapshot = Snapshot::of(props);
        let key = (props.theme, props.resizes);
        // Redraw after every render of the component (every animation frame while playing).
        use_effect(move || {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let mut look = look.borrow_mut();
                if look.as_ref().and_then(|l| l.key) != Some(key) {
                    *look = Some(Look::read(&c, key));
                }
                if let Some(look) = look.as_ref() {
                    draw(&c, &snapshot, look);
                }
            }
        });
    }
    let onclick = {
        let canvas = canvas.clone();
        let model = props.model.clone();
        let d = props.dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let rect = c.get_bounding_client_rect();
            let (px, py) = (
                f64::from(e.client_x()) - rect.left(),
                f64::from(e.client_y()) - rect.top(),
            );
            let g = Geometry::new(rect.width(), model.now, STRIP_WINDOW);
            let nearest = model
                .arrows
                .iter()
                .map(|a| (distance(px, py, g.segment(a, model.now)), a.id))
                .filter(|(d, _)| *d <= PICK_DISTANCE)
                .min_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, id)) = nearest {
                d.emit(Msg::Select(Some(Selection::Message(id))));
            }
        })
    };
    html! {
        <canvas ref={canvas} class="spacetime" data-testid="spacetime" role="img"
            aria-label={t(props.lang, Text::SpaceTime)}
            style={format!("height: {}px", height(props.model.lanes) as u32)}
            {onclick} />
    }
}

/// What a draw needs, taken from the props (the effect outlives the borrow of them).
struct Snapshot {
    model: Rc<StripModel>,
    lanes: Vec<String>,
    selected: Option<MsgId>,
    now_label: &'static str,
}

impl Snapshot {
    fn of(p: &SpaceTimeProps) -> Snapshot {
        let m = &p.model;
        Snapshot {
            model: m.clone(),
            lanes: (0..m.lanes)
                .map(|i| {
                    if i < m.servers {
                        NodeId(i).to_string()
                    } else {
                        t(p.lang, Text::ClientShort).to_string()
                    }
                })
                .collect(),
            selected: p.selected,
            now_label: t(p.lang, Text::Now),
        }
    }
}

/// Distance from a point to a segment.
fn distance(px: f64, py: f64, (x1, y1, x2, y2): (f64, f64, f64, f64)) -> f64 {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len2 = dx * dx + dy * dy;
    let k = if len2 == 0.0 {
        0.0
    } else {
        (((px - x1) * dx + (py - y1) * dy) / len2).clamp(0.0, 1.0)
    };
    ((px - x1 - k * dx).powi(2) + (py - y1 - k * dy).powi(2)).sqrt()
}

fn draw(canvas: &HtmlCanvasElement, s: &Snapshot, look: &Look) {
    let Some(ctx) = context(canvas) else {
        return;
    };
    let width = look.width;
    let m = &*s.model;
    let h = height(m.lanes);
    let ratio = fit(canvas, width, h);
    ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
    ctx.clear_rect(0.0, 0.0, width, h);
    let g = Geometry::new(width, m.now, STRIP_WINDOW);
    // One font for every label, set once: setting a canvas font resolves its family, which
    // costs more than all the rest of a draw.
    let size = (canvas.width(), canvas.height());
    if look.font_for.get() != size {
        ctx.set_font(FONT);
        look.font_for.set(size);
    }
    ctx.set_text_baseline("middle");
    ctx.set_fill_style_str(&look.muted);
    ctx.set_stroke_style_str(&look.line);
    ctx.set_line_width(1.0);
    // Lanes: solid for nodes that are up, dashed for those that are down.
    for down in [false, true] {
        let dash = js_sys::Array::new();
        if down {
            dash.push(&3.0.into());
            dash.push(&4.0.into());
        }
        ctx.set_line_dash(&dash).ok();
        ctx.begin_path();
        for (i, name) in s.lanes.iter().enumerate() {
            if m.down.get(i).copied().unwrap_or(false) != down {
                continue;
            }
            let y = Geometry::y(i as u8);
            ctx.fill_text(name, 4.0, y).ok();
            ctx.move_to(LEFT, y);
            ctx.line_to(width - RIGHT, y);
        }
        ctx.stroke();
    }
    ctx.set_line_dash(&js_sys::Array::new()).ok();
    // Arrows: one path per colour (a stroke per arrow would be thousands of strokes a frame
    // with nine busy nodes), then their ends: a dot where one arrived, ✕ where one died.
    let segments: Vec<(f64, f64, f64, f64)> =
        m.arrows.iter().map(|a| g.segment(a, m.now)).collect();
    ctx.set_line_width(1.5);
    for (k, colour) in look.kinds.iter().enumerate() {
        ctx.set_stroke_style_str(colour);
        ctx.set_fill_style_str(colour);
        ctx.begin_path();
        for (a, &(x1, y1, x2, y2)) in m.arrows.iter().zip(&segments) {
            if kind_colour(a.kind) == k {
                ctx.move_to(x1, y1);
                ctx.line_to(x2, y2);
            }
        }
        ctx.stroke();
        ctx.begin_path();
        for (a, &(_, _, x2, y2)) in m.arrows.iter().zip(&segments) {
            if kind_colour(a.kind) == k && a.end <= m.now && a.died_at.is_none() {
                ctx.move_to(x2 + 2.2, y2);
                ctx.arc(x2, y2, 2.2, 0.0, std::f64::consts::TAU).ok();
            }
        }
        ctx.fill();
    }
    if let Some((a, &(x1, y1, x2, y2))) = m
        .arrows
        .iter()
        .zip(&segments)
        .find(|(a, _)| s.selected == Some(a.id))
    {
        ctx.set_stroke_style_str(&look.kinds[kind_colour(a.kind)]);
        ctx.set_line_width(4.0);
        ctx.begin_path();
        ctx.move_to(x1, y1);
        ctx.line_to(x2, y2);
        ctx.stroke();
    }
    ctx.set_fill_style_str(&look.leader);
    ctx.set_text_align("center");
    for (a, &(_, _, x2, y2)) in m.arrows.iter().zip(&segments) {
        if a.end <= m.now && a.died_at.is_some() {
            ctx.fill_text("✕", x2, y2).ok();
        }
    }
    ctx.set_fill_style_str(&look.text);
    for mark in &m.marks {
        ctx.fill_text(mark.kind.symbol(), g.x(mark.at), Geometry::y(mark.lane))
            .ok();
    }
    ctx.set_fill_style_str(&look.muted);
    ctx.set_text_align("start");
    let ms = STRIP_WINDOW.0 / 1000;
    ctx.fill_text(&format!("−{ms} ms"), LEFT, h - AXIS_H / 2.0)
        .ok();
    ctx.set_text_align("end");
    ctx.fill_text(s.now_label, width - RIGHT, h - AXIS_H / 2.0)
        .ok();
    ctx.set_text_align("start");
}
