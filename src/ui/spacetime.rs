//! The space-time strip: one lane per node, time running left to right over the most recent
//! stretch of virtual time, each message an arrow from its sender's lane at send time to its
//! receiver's lane at delivery. Causality (who heard what, when) is read off the arrows.
//!
//! Drawn on canvases: nine busy nodes put well over a thousand arrows in the window, too many
//! DOM elements to rebuild every frame. Redrawing them all every frame is costly too (in
//! software rendering, a millisecond and more of a frame), so the strip paints like a chart
//! recorder: the lanes stand on a canvas of their own, and the arrows are drawn on a canvas
//! two windows wide, where x is absolute time. A frame draws only the stretch of each
//! arrow made since the last frame and slides the canvas left (a compositor transform, no
//! repaint). Anything else (a rewind, a fork, a changed arrow, the edge of the canvas, a new
//! selection, theme or size) redraws the window from the model. A click picks the nearest
//! arrow.

use crate::playground::{Arrow, StripCanvas, StripDraw, StripModel, Theme, STRIP_WINDOW};
use crate::sim::{Duration, MsgId, NodeId, SimTime};
use std::rc::Rc;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement};

use super::app::{Dispatch, Msg, Selection};

use super::canvas::{context, fit, Palette};
use yew::prelude::*;

use super::i18n::{t, Lang, Text};

/// Layout in CSS pixels.
const LEFT: f64 = 40.0;
const RIGHT: f64 = 8.0;
const LANE_H: f64 = 17.0;
const TOP: f64 = 4.0;
const AXIS_H: f64 = 17.0;
/// Lane names and the time axis: read from the back of a classroom.
/// The lanes' names and the axis, in CSS pixels at 100 % (the presenter's zoom scales the
/// strip's type and lanes with the stage's).
const FONT_PX: f64 = 14.0;
/// A click this close to an arrow (CSS pixels) selects it.
const PICK_DISTANCE: f64 = 6.0;
/// The arrow canvas is this many windows wide: it slides for all but the last window of it,
/// then the window is drawn again at its left end.
const WINDOWS_WIDE: f64 = 2.0;
/// Each new stretch of an arrow starts this far (CSS pixels) back over the last one, so
/// that the pieces join without a seam.
const OVERLAP_PX: f64 = 0.75;

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
    /// The presenter's zoom, in percent: the lanes and their names grow with it.
    pub zoom: u32,
    pub dispatch: Dispatch,
}

/// Pixel geometry shared by drawing and picking.
struct Geometry {
    width: f64,
    /// The strip's scale (see `scale_of`).
    k: f64,
    /// The left edge in virtual µs; negative early in a run, so "now" is always at the right.
    start: f64,
    span: f64,
}

impl Geometry {
    fn new(width: f64, now: SimTime, window: Duration, k: f64) -> Self {
        Geometry {
            width,
            k,
            start: now.0 as f64 - window.0 as f64,
            span: window.0.max(1) as f64,
        }
    }
    fn x(&self, t: SimTime) -> f64 {
        LEFT * self.k + (t.0 as f64 - self.start) / self.span * (self.width - LEFT * self.k - RIGHT)
    }
    /// The arrow's segment as drawn now: from its start to how far it has come.
    fn segment(&self, a: &Arrow, now: SimTime) -> (f64, f64, f64, f64) {
        let (x1, y1) = (self.x(a.sent), lane_y(a.from, self.k));
        let (x2, y2) = (self.x(a.end), lane_y(a.to, self.k));
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

/// The middle of a lane, at zoom `k`.
fn lane_y(lane: u8, k: f64) -> f64 {
    (TOP + LANE_H * (f64::from(lane) + 0.5)) * k
}

fn height(lanes: u8, k: f64) -> f64 {
    (TOP * 2.0 + LANE_H * f64::from(lanes) + AXIS_H) * k
}

/// The zoom in percent as a factor (the page keeps it within 75–200 %; the clamp only
/// guards the arithmetic).
fn factor(zoom: u32) -> f64 {
    f64::from(zoom.clamp(50, 300)) / 100.0
}

/// The strip's scale: its type size over `FONT_PX`. The stylesheet sets that size: the
/// presenter's zoom, but where the page is a fixed grid no more than keeps the strip within
/// 23 % of the stage's column (see `.spacetime` there). `zoom` where it cannot be read.
fn scale_of(strip: &HtmlElement, zoom: u32) -> f64 {
    web_sys::window()
        .and_then(|w| w.get_computed_style(strip).ok().flatten())
        .and_then(|style| style.get_property_value("font-size").ok())
        .and_then(|size| px(&size))
        .map_or(factor(zoom), |size| (size / FONT_PX).clamp(0.5, 3.0))
}

/// A CSS length in pixels ("13.93px"), read without the float parser (its tables would
/// cost the page more than the rest of the strip).
fn px(text: &str) -> Option<f64> {
    let number = text.trim().strip_suffix("px")?;
    let (whole, part) = number.split_once('.').unwrap_or((number, ""));
    let mut value = f64::from(whole.parse::<u32>().ok()?);
    let mut unit = 1.0;
    for digit in part.chars().take(4) {
        unit /= 10.0;
        value += unit * f64::from(digit.to_digit(10)?);
    }
    Some(value)
}

/// The colours, width and scale the strip is drawn with, read from the page once per theme,
/// window size, zoom and number of lanes rather than on every frame (reading them makes the
/// browser compute style and layout).
struct Look {
    /// Theme, window resizes, zoom and lanes: a change of any may change the look.
    key: Option<(Theme, u32, u32, u8)>,
    width: f64,
    /// The scale (see `scale_of`: the zoom, or less where the column is short), and the
    /// font it gives.
    k: f64,
    font: String,
    line: String,
    muted: String,
    text: String,
    leader: String,
    /// By kind of message, in `KIND_VARS` order.
    kinds: Vec<String>,
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
    fn read(strip: &HtmlElement, canvas: &HtmlCanvasElement, key: (Theme, u32, u32, u8)) -> Look {
        let palette = Palette::of(canvas);
        let k = scale_of(strip, key.2);
        Look {
            key: Some(key),
            width: f64::from(canvas.client_width()).max(1.0),
            k,
            font: format!(
                "bold {}px system-ui, sans-serif",
                super::num::fixed(FONT_PX * k, 0)
            ),
            line: palette.var("--line"),
            muted: palette.var("--muted"),
            text: palette.var("--text"),
            leader: palette.var("--leader"),
            kinds: KIND_VARS.iter().map(|v| palette.var(v)).collect(),
        }
    }
}

#[function_component(SpaceTime)]
pub fn space_time(props: &SpaceTimeProps) -> Html {
    let lanes_canvas = use_node_ref();
    let arrows_canvas = use_node_ref();
    let look = use_mut_ref(|| None::<Look>);
    let painter = use_mut_ref(Painter::default);
    let strip_ref = use_node_ref();
    // The scale the strip was last read at: its height is drawn with it.
    let k = use_state_eq(|| factor(props.zoom));
    {
        let lanes_canvas = lanes_canvas.clone();
        let arrows_canvas = arrows_canvas.clone();
        let strip_ref = strip_ref.clone();
        let scale = k.clone();
        let snapshot = Snapshot::of(props);
        let key = (props.theme, props.resizes, props.zoom, props.model.lanes);
        // Draw after every render of the component (every animation frame while playing).
        use_effect(move || {
            if let (Some(strip), Some(lanes), Some(arrows)) = (
                strip_ref.cast::<HtmlElement>(),
                lanes_canvas.cast::<HtmlCanvasElement>(),
                arrows_canvas.cast::<HtmlCanvasElement>(),
            ) {
                let mut look = look.borrow_mut();
                if look.as_ref().and_then(|l| l.key) != Some(key) {
                    let read = Look::read(&strip, &lanes, key);
                    // A new scale gives the strip a new height: drawn in the next render.
                    scale.set(read.k);
                    *look = Some(read);
                    *painter.borrow_mut() = Painter::default();
                }
                if let Some(look) = look.as_ref() {
                    painter.borrow_mut().draw(&lanes, &arrows, &snapshot, look);
                }
            }
        });
    }
    let k = *k;
    let onclick = {
        let model = props.model.clone();
        let d = props.dispatch.clone();
        let strip_ref = strip_ref.clone();
        Callback::from(move |e: MouseEvent| {
            // The strip by its ref: Yew listens on the page's root, so the event's current
            // target is the root, not the strip.
            let Some(strip) = strip_ref.cast::<HtmlElement>() else {
                return;
            };
            let rect = strip.get_bounding_client_rect();
            let (px, py) = (
                f64::from(e.client_x()) - rect.left(),
                f64::from(e.client_y()) - rect.top(),
            );
            let g = Geometry::new(rect.width(), model.now, STRIP_WINDOW, k);
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
        <div class="spacetime" data-testid="spacetime" role="img" ref={strip_ref}
            aria-label={t(props.lang, Text::SpaceTime)}
            // The canvases fill the box inside its 1 px border: the box is 2 px taller.
            style={format!("--lanes: {}; height: {}px", props.model.lanes, height(props.model.lanes, k) as u32 + 2)}
            {onclick}>
            <canvas ref={lanes_canvas} class="spacetime-lanes" aria-hidden="true" />
            <div class="spacetime-arrows" style={format!("left: {}px; right: {}px", super::num::fixed(LEFT * k, 0), super::num::fixed(RIGHT, 0))}>
                <canvas ref={arrows_canvas} aria-hidden="true" />
            </div>
        </div>
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
                        // Named as everywhere else on the page, so two clients' lanes differ.
                        format!("C{}", i - m.servers + 1)
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

/// The strip's two canvases: what the arrow canvas holds, and where it stands.
#[derive(Default)]
struct Painter {
    /// The lanes as last drawn: names, which are down, the axis's word for now.
    lanes: Option<(Vec<String>, Vec<bool>, &'static str)>,
    /// The arrows and marks on the arrow canvas.
    canvas: StripCanvas,
    /// The arrow canvas's left edge in virtual µs, once it has been drawn.
    origin: Option<f64>,
    /// Its width and height in CSS pixels.
    wide: f64,
    high: f64,
    /// CSS pixels per virtual µs.
    scale: f64,
    /// The canvas's CSS transform.
    shift: String,
}

impl Painter {
    fn draw(
        &mut self,
        lanes: &HtmlCanvasElement,
        arrows: &HtmlCanvasElement,
        s: &Snapshot,
        look: &Look,
    ) {
        let m = &*s.model;
        let h = height(m.lanes, look.k);
        let lanes_key = (s.lanes.clone(), m.down.clone(), s.now_label);
        if self.lanes.as_ref() != Some(&lanes_key) {
            draw_lanes(lanes, s, look, h);
            self.lanes = Some(lanes_key);
        }
        let clip = (look.width - LEFT * look.k - RIGHT).max(1.0);
        let scale = clip / STRIP_WINDOW.0 as f64;
        let now = m.now.0 as f64;
        // A lane more or fewer (a run restarted with other settings) changes the height.
        let fits = self.origin.is_some_and(|origin| {
            self.scale == scale && self.high == h && (now - origin) * scale <= self.wide
        });
        let plan = self.canvas.plan(m, s.selected, fits);
        // The context and the pixel ratio only when there is something to draw: most frames
        // only slide the canvas, and each lookup crosses into the browser.
        let ctx = if plan.whole || !plan.is_empty() {
            context(arrows)
        } else {
            None
        };
        let ratio = if let (true, Some(ctx)) = (plan.whole, &ctx) {
            self.wide = (clip * WINDOWS_WIDE).ceil();
            self.high = h;
            self.scale = scale;
            self.origin = Some(now - STRIP_WINDOW.0 as f64);
            let ratio = fit(arrows, self.wide, h);
            let style = arrows.style();
            // Both are whole numbers of pixels.
            let px = |v: f64| format!("{}px", super::num::fixed(v, 0));
            style.set_property("width", &px(self.wide)).ok();
            style.set_property("height", &px(h)).ok();
            ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
            ctx.clear_rect(
                0.0,
                0.0,
                f64::from(arrows.width()),
                f64::from(arrows.height()),
            );
            // Set once per whole draw, not per frame: setting a canvas font resolves its
            // family, which costs more than the rest of a frame's drawing (resizing a canvas
            // resets it, and only a whole draw resizes).
            ctx.set_font(&look.font);
            ctx.set_text_baseline("middle");
            ctx.set_text_align("center");
            ratio
        } else if ctx.is_some() {
            web_sys::window().map_or(1.0, |w| w.device_pixel_ratio().max(1.0))
        } else {
            1.0
        };
        let origin = self.origin.unwrap_or(now);
        // Nothing new (paused, or between messages): leave the canvas alone, so the browser
        // has nothing to repaint or hand over.
        if let (false, Some(ctx)) = (plan.is_empty(), &ctx) {
            ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
            let plot = Plot {
                k: look.k,
                origin,
                scale: self.scale,
                now: m.now,
            };
            plot.draw(ctx, &plan, s.selected, look);
        }
        self.canvas.drew(m, s.selected);
        // Slide the canvas so that `now` stands at the right edge of the window.
        let shift = format!(
            "translateX({}px)",
            super::num::fixed(clip - (now - origin) * self.scale, 2)
        );
        if shift != self.shift {
            arrows.style().set_property("transform", &shift).ok();
            self.shift = shift;
        }
    }
}

/// Where things are on the arrow canvas: x is absolute virtual time.
struct Plot {
    /// The strip's scale (see `scale_of`).
    k: f64,
    origin: f64,
    scale: f64,
    now: SimTime,
}

impl Plot {
    fn x(&self, t: SimTime) -> f64 {
        (t.0 as f64 - self.origin) * self.scale
    }

    /// The tip of an arrow at time `t` (at most its end).
    fn tip(&self, a: &Arrow, t: SimTime) -> (f64, f64) {
        let progress = if t >= a.end {
            1.0
        } else {
            (t - a.sent).0 as f64 / (a.end - a.sent).0.max(1) as f64
        };
        let (x1, y1) = (self.x(a.sent), lane_y(a.from, self.k));
        let (x2, y2) = (self.x(a.end), lane_y(a.to, self.k));
        // A dropped message heads for the receiver's lane but stops where it died.
        (
            x1 + (x2 - x1) * progress,
            y1 + (y2 - y1) * a.died_at.unwrap_or(1.0) * progress,
        )
    }

    /// Draws a frame's pieces: the arrows' new stretches (one path per colour: a stroke per
    /// arrow would be thousands of strokes a frame with nine busy nodes), then the ends of
    /// those that ended (a dot where one arrived, ✕ where one died), then new marks.
    fn draw(
        &self,
        ctx: &CanvasRenderingContext2d,
        plan: &StripDraw<'_>,
        selected: Option<MsgId>,
        look: &Look,
    ) {
        ctx.set_line_width(1.5);
        for (k, colour) in look.kinds.iter().enumerate() {
            ctx.set_stroke_style_str(colour);
            ctx.set_fill_style_str(colour);
            ctx.begin_path();
            for &(a, since) in &plan.pieces {
                if kind_colour(a.kind) == k {
                    self.stretch(ctx, a, since);
                }
            }
            ctx.stroke();
            ctx.begin_path();
            for &(a, _) in &plan.pieces {
                if kind_colour(a.kind) == k && a.end <= self.now && a.died_at.is_none() {
                    let (x, y) = self.tip(a, a.end);
                    ctx.move_to(x + 2.2, y);
                    ctx.arc(x, y, 2.2, 0.0, std::f64::consts::TAU).ok();
                }
            }
            ctx.fill();
        }
        if let Some(&(a, since)) = plan.pieces.iter().find(|(a, _)| selected == Some(a.id)) {
            ctx.set_stroke_style_str(&look.kinds[kind_colour(a.kind)]);
            ctx.set_line_width(4.0);
            ctx.begin_path();
            self.stretch(ctx, a, since);
            ctx.stroke();
        }
        ctx.set_fill_style_str(&look.leader);
        for &(a, _) in &plan.pieces {
            if a.end <= self.now && a.died_at.is_some() {
                let (x, y) = self.tip(a, a.end);
                ctx.fill_text("✕", x, y).ok();
            }
        }
        ctx.set_fill_style_str(&look.text);
        for mark in &plan.marks {
            ctx.fill_text(
                mark.kind.symbol(),
                self.x(mark.at),
                lane_y(mark.lane, self.k),
            )
            .ok();
        }
    }

    /// Adds to the path the arrow's stretch from `since` (or its start) to now.
    fn stretch(&self, ctx: &CanvasRenderingContext2d, a: &Arrow, since: Option<SimTime>) {
        let (x1, y1) = match since {
            None => (self.x(a.sent), lane_y(a.from, self.k)),
            Some(t) => {
                // Start a little back over the last stretch, so that the two join.
                let back = (OVERLAP_PX / self.scale) as u64;
                let t = SimTime(t.0.saturating_sub(back).max(a.sent.0));
                self.tip(a, t)
            }
        };
        let (x2, y2) = self.tip(a, self.now.min(a.end));
        ctx.move_to(x1, y1);
        ctx.line_to(x2, y2);
    }
}

/// The lanes, their names and the time axis: drawn only when they change.
fn draw_lanes(canvas: &HtmlCanvasElement, s: &Snapshot, look: &Look, h: f64) {
    let Some(ctx) = context(canvas) else {
        return;
    };
    let m = &*s.model;
    let width = look.width;
    let ratio = fit(canvas, width, h);
    ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
    ctx.clear_rect(0.0, 0.0, width, h);
    ctx.set_font(&look.font);
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
            let y = lane_y(i as u8, look.k);
            ctx.fill_text(name, 4.0, y).ok();
            ctx.move_to(LEFT * look.k, y);
            ctx.line_to(width - RIGHT, y);
        }
        ctx.stroke();
    }
    ctx.set_line_dash(&js_sys::Array::new()).ok();
    ctx.set_text_align("start");
    let ms = STRIP_WINDOW.0 / 1000;
    let axis = h - AXIS_H * look.k / 2.0;
    ctx.fill_text(&format!("−{ms} ms"), LEFT * look.k, axis)
        .ok();
    ctx.set_text_align("end");
    ctx.fill_text(s.now_label, width - RIGHT, axis).ok();
    ctx.set_text_align("start");
}
