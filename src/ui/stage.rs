//! The stage: the servers on an ellipse that fills the space the stage has, the links between
//! them (bent around the servers between their ends) and the messages travelling along them
//! at their virtual speed. Pure `props → Html`.
//!
//! The drawing is split by how often it changes: the links and the servers are components of
//! their own, drawn again only when a link is cut or a server changes; the timers, the
//! heartbeat pulse, dropped messages and messages in flight are drawn every frame.

use super::num::{cos, sin};
use crate::playground::{LinkState, StageModel};
use crate::raft::Role;
use crate::share::MAX_SERVERS;
use crate::sim::NodeId;
use std::rc::Rc;
use yew::prelude::*;

use super::app::{click, send_if, Dispatch, Msg, Selection};
use super::i18n::{colon, full_stop, t, Lang, Text};
use super::num::fixed;

/// The stage is 1000 units high; its width follows the space it is shown in.
const HEIGHT: f64 = 1000.0;
/// Room around the ellipse for a node, its role and its vote.
const MARGIN_X: f64 = 170.0;
/// Above the top server: its crown when it leads, whose box reaches about 152 units above
/// its centre (at 130 the crown of a leader at the top was cut off by the stage's edge).
const MARGIN_TOP: f64 = 160.0;
const MARGIN_BOTTOM: f64 = 230.0;
const NODE_R: f64 = 80.0;
/// How far below a server's centre its labels reach (the "voted for" line, descenders included).
const LABELS_BELOW: f64 = NODE_R + 112.0;
/// The role's baseline under a server's centre, and the sizes of the role and vote lines
/// (as in the stylesheet's `.node-role` and `.node-vote`).
const ROLE_BASELINE: f64 = NODE_R + 54.0;
const ROLE_FONT: f64 = 46.0;
const VOTE_FONT: f64 = 44.0;
/// Half the height and half the width of the clients' box.
const CLIENT_HALF_H: f64 = 30.0;
const CLIENT_HALF_W: f64 = 70.0;
const TIMER_R: f64 = NODE_R + 14.0;
/// How far above a server's centre a leader's crown reaches.
const CROWN_TOP: f64 = NODE_R + 80.0;
/// The circumference of the timer arc.
const TIMER_LEN: f64 = std::f64::consts::TAU * TIMER_R;

/// Where things are on a stage of a given shape.
#[derive(Clone, Copy, PartialEq)]
pub struct Layout {
    width: f64,
    height: f64,
    servers: u8,
    /// Nodes and their labels drawn this much larger (a presenter's zoom).
    zoom: f64,
    /// Where each server sits (see `seat`).
    seats: [(f64, f64); MAX_SERVERS as usize],
    /// The box each server's role and vote take under it (see `with_labels`).
    labels: [Labels; MAX_SERVERS as usize],
    /// How the link between servers `a < b` bends around the servers it would pass through
    /// (see `bend_links`): how far its curve's control point stands off the straight line's
    /// middle, to the left going from `a` to `b`. 0: straight.
    bends: [[f64; MAX_SERVERS as usize]; MAX_SERVERS as usize],
}

/// The words under a server, as a box below its centre (in units before the zoom): half as
/// wide as the wider line and reaching down to the last line's descenders.
#[derive(Clone, Copy, PartialEq)]
struct Labels {
    half_width: f64,
    bottom: f64,
}

impl Labels {
    /// The box under a server whose role reads `role` and whose vote line, if any, `vote`.
    fn of(role: &str, vote: Option<&str>) -> Labels {
        let role_half = text_width(role, ROLE_FONT) / 2.0;
        match vote {
            Some(v) => Labels {
                half_width: role_half.max(text_width(v, VOTE_FONT) / 2.0),
                bottom: LABELS_BELOW,
            },
            None => Labels {
                half_width: role_half,
                bottom: ROLE_BASELINE + 0.25 * ROLE_FONT,
            },
        }
    }
}

impl Layout {
    /// A stage `aspect` times as wide as it is high (clamped to 1–3.2). A wide, short stage
    /// (a scenario's caption or a slide takes height) is drawn fewer units high, down to
    /// 70 %, so the servers and their labels scale with the height there is rather than
    /// shrinking into the middle of an empty band. Where the servers cannot sit clear of each
    /// other's labels at the zoom asked for (many servers on a phone, a presenter's zoom on
    /// a small stage), they are drawn smaller until they can, down to half size.
    pub fn new(aspect: f64, servers: u8, zoom: f64) -> Layout {
        let aspect = aspect.clamp(1.0, 3.2);
        let height = HEIGHT * (2.0 / aspect).clamp(0.7, 1.0);
        let mut layout = Layout {
            width: height * aspect,
            height,
            servers,
            zoom,
            seats: [(0.0, 0.0); MAX_SERVERS as usize],
            // Until the servers' words are known, the widest there are.
            labels: [Labels {
                half_width: LABELS_HALF_W,
                bottom: LABELS_BELOW,
            }; MAX_SERVERS as usize],
            bends: [[0.0; MAX_SERVERS as usize]; MAX_SERVERS as usize],
        };
        let smallest = zoom.min(1.0) * 0.5;
        let mut clearance = layout.seat();
        for _ in 0..4 {
            if clearance >= 0.98 || layout.zoom <= smallest {
                break;
            }
            layout.zoom = (layout.zoom * clearance.max(0.5)).max(smallest);
            clearance = layout.seat();
        }
        layout.bend_links();
        layout
    }

    /// Seats the servers on the ellipse, N1 at the top, then clockwise like a clock face.
    ///
    /// A server with its labels takes a box about as wide as its "voted for" line and as tall
    /// as a leader's crown above and its labels below; two boxes are clear when they lie a box's
    /// width apart sideways or a box's height up or down. Servers spaced equally along the
    /// ellipse look best, but on a wide, flat stage the ends crowd (nine servers put N8's
    /// labels on N7). So the seats start equally spaced and move, as little as it takes,
    /// towards the spacing that keeps neighbours furthest apart by that measure. Returns how
    /// clear they are: 1 or more is clear.
    fn seat(&mut self) -> f64 {
        let n = usize::from(self.servers.min(MAX_SERVERS));
        let (cx, cy) = self.center();
        let rx = self.width / 2.0 - MARGIN_X * self.zoom;
        let ry = self.radius_y();
        // An angle from the top, clockwise.
        let point = |a: f64| {
            let a = a - std::f64::consts::FRAC_PI_2;
            (cx + rx * cos(a), cy + ry * sin(a))
        };
        let spread = Spacing::new(n, self.zoom, &point);
        let even = spread.equal_arcs();
        let apart = spread.farthest();
        let want = spread.clearance(&apart).min(1.05);
        // The least move towards the farthest spacing that clears every pair.
        let (mut short, mut enough) = (0.0, 1.0);
        for _ in 0..20 {
            let f = (short + enough) / 2.0;
            if spread.clearance(&blend(&even, &apart, f)) >= want {
                enough = f;
            } else {
                short = f;
            }
        }
        let chosen = blend(&even, &apart, enough);
        let seats = &mut self.seats[..n];
        for (seat, &a) in seats.iter_mut().zip(&chosen[..n]) {
            *seat = point(a);
        }
        // On a wide stage that spacing lifts an odd number's lowest servers up the sides (an
        // arch), and the bottom of the ellipse, kept for them, would stay an empty band: the
        // seats stretch down into it. Further apart up and down, they are only clearer.
        let lowest = seats.iter().map(|s| s.1).fold(cy - ry, f64::max);
        // (Not below the room kept for the lowest server's labels: a presenter's zoom on a
        // short stage gives the ellipse more height than that.)
        let (top, bottom) = (
            cy - ry,
            (cy + ry).min(self.height - MARGIN_BOTTOM * self.zoom),
        );
        if n >= 3 && lowest > top && lowest < bottom - 1.0 {
            for seat in seats.iter_mut() {
                seat.1 = top + (seat.1 - top) * (bottom - top) / (lowest - top);
            }
        }
        spread.clearance(&chosen)
    }

    /// The ellipse's half height: room above the top server for its timer and crown and
    /// below the bottom one for its labels, at its zoom.
    fn radius_y(&self) -> f64 {
        ((self.height - (MARGIN_TOP + MARGIN_BOTTOM) * self.zoom) / 2.0).max(150.0)
    }

    fn view_box(&self) -> String {
        format!("0 0 {} {}", fmt(self.width), fmt(self.height))
    }

    fn center(&self) -> (f64, f64) {
        (
            self.width / 2.0,
            (self.height + (MARGIN_TOP - MARGIN_BOTTOM) * self.zoom) / 2.0,
        )
    }

    /// Where server `i` sits (N1 at the top, then clockwise, like a clock face); anything
    /// else (a client) sits at the client's box.
    pub fn position(&self, i: u8) -> (f64, f64) {
        match self.seats.get(usize::from(i)) {
            Some(&seat) if i < self.servers => seat,
            _ => self.client_point(),
        }
    }

    /// Where the clients' box sits: in the middle, or lower on a short stage, where the top
    /// server's labels reach down to the middle; but above the top of the bottom server's
    /// timer, when an even number of servers puts one straight below the middle.
    fn client_point(&self) -> (f64, f64) {
        let (cx, cy) = self.center();
        if self.servers == 0 {
            return (cx, cy);
        }
        let below_top =
            self.position(0).1 + LABELS_BELOW * self.zoom + CLIENT_HALF_H + WORDS_ABOVE_CLIENTS;
        let mut y = cy.max(below_top);
        if self.servers % 2 == 0 {
            let above_bottom =
                self.position(self.servers / 2).1 - TIMER_R * self.zoom - CLIENT_HALF_H - 8.0;
            if y > above_bottom {
                y = ((below_top + above_bottom) / 2.0).max(cy);
            }
        }
        (cx, y)
    }

    /// The room above the clients' box kept for the words of a request leaving it upwards.
    fn room_above_clients(&self) -> Rect {
        let (cx, cy) = self.client_point();
        let top = cy - CLIENT_HALF_H;
        Rect {
            left: cx - 2.0 * CLIENT_HALF_W,
            top: top - WORDS_ABOVE_CLIENTS,
            right: cx + 2.0 * CLIENT_HALF_W,
            bottom: top,
        }
    }

    /// The point a share `f` of the way from server `a` to server `b`, edge to edge: a
    /// message leaves the rim of its sender's circle (or the clients' box) and reaches the
    /// rim of its receiver's, so its dot never covers a server's name. The way is the link's
    /// curve (see `bend_links`).
    fn along(&self, a: u8, b: u8, f: f64) -> (f64, f64) {
        let curve = self.curve(a, b);
        let length = distance(curve.p, curve.q);
        // The directions in which the way leaves each end, towards the control point.
        let (Some(out), Some(back)) = (unit(curve.p, curve.c), unit(curve.q, curve.c)) else {
            return curve.p;
        };
        // How far the rim is from the middle in that direction: a circle's radius (going
        // down, where the line leaves the words under the server: see `rim_below`), or where
        // the line leaves the clients' box.
        let rim = |i: u8, (ux, uy): (f64, f64), words: bool| {
            if i >= self.servers {
                (CLIENT_HALF_W / ux.abs().max(1e-6)).min(CLIENT_HALF_H / uy.abs().max(1e-6))
            } else if words && uy > 0.0 {
                self.rim_below(ux.abs(), uy)
            } else {
                NODE_R * self.zoom
            }
        };
        let (mut from, mut to) = (rim(a, out, true), rim(b, back, true));
        // Servers seated close (many on a small stage): from the circles, if the words leave
        // no way between them; else from the middles.
        if length <= from + to {
            (from, to) = (rim(a, out, false), rim(b, back, false));
        }
        if length <= from + to {
            return curve.at(f);
        }
        let (t0, t1) = (curve.leaves(from), 1.0 - curve.reversed().leaves(to));
        curve.at(t0 + (t1 - t0) * f)
    }

    /// The link between `a` and `b` (servers or the clients' box) as drawn, from the middle
    /// of one to the middle of the other.
    fn curve(&self, a: u8, b: u8) -> Curve {
        let (i, j) = (usize::from(a.min(b)), usize::from(a.max(b)));
        let bend = if j < usize::from(self.servers) {
            self.bends
                .get(i)
                .and_then(|row| row.get(j))
                .copied()
                .unwrap_or(0.0)
        } else {
            0.0
        };
        // Seen from `b`, the left is the other side.
        let bend = if a < b { bend } else { -bend };
        Curve::new(self.position(a), self.position(b), bend)
    }

    /// Bends each link that, straight, would pass over a third server: its circle, timer and
    /// crown, or the words under it (in their widest box, so that no link moves when a role or
    /// vote changes). A message on such a link seemed to go through that server, and covered
    /// its words on the way. Each takes the least bend that keeps a message's dot clear of
    /// them all and on the stage, towards the stage's middle where both sides would do; a
    /// link that no bend clears takes the one that covers least.
    fn bend_links(&mut self) {
        let n = self.servers.min(MAX_SERVERS);
        for a in 0..n {
            for b in a + 1..n {
                self.bends[usize::from(a)][usize::from(b)] = self.least_bend(a, b);
            }
        }
    }

    fn least_bend(&self, a: u8, b: u8) -> f64 {
        const STEPS: u32 = 24;
        let (p, q) = (self.position(a), self.position(b));
        let length = distance(p, q);
        let (cx, cy) = self.center();
        let middle = ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0);
        let inward = if distance(Curve::new(p, q, 1.0).c, (cx, cy)) < distance(middle, (cx, cy)) {
            1.0
        } else {
            -1.0
        };
        let mut best = (f64::INFINITY, 0.0);
        for k in 0..=STEPS {
            let bend = 0.6 * length * f64::from(k) / f64::from(STEPS);
            for side in [inward, -inward] {
                let covered = self.over_others(a, b, &Curve::new(p, q, side * bend));
                if covered == 0.0 {
                    return side * bend;
                }
                if covered < best.0 {
                    best = (covered, side * bend);
                }
            }
        }
        best.1
    }

    /// How much a message's dot on `curve`, the link between servers `a` and `b`, covers of
    /// every other server and its words, or falls off the stage, summed over its way and
    /// weighed: 0 where it is clear.
    fn over_others(&self, a: u8, b: u8, curve: &Curve) -> f64 {
        const SAMPLES: u32 = 48;
        const THROUGH: f64 = 10.0;
        let z = self.zoom;
        // Each other server's circle (with its timer), which a message must not seem to go
        // through, weighs more than its crown and its words, which it may pass over where no
        // way avoids them all.
        let others: Vec<(f64, Rect)> = (0..self.servers)
            .filter(|&i| i != a && i != b)
            .flat_map(|i| {
                let (x, y) = self.position(i);
                let body = Rect {
                    left: x - TIMER_R * z,
                    top: y - TIMER_R * z,
                    right: x + TIMER_R * z,
                    bottom: y + TIMER_R * z,
                };
                let crown = Rect {
                    top: y - CROWN_TOP * z,
                    bottom: y - TIMER_R * z,
                    ..body
                };
                let words = Rect {
                    left: x - LABELS_HALF_W * z,
                    top: y + TIMER_R * z,
                    right: x + LABELS_HALF_W * z,
                    bottom: y + LABELS_BELOW * z,
                };
                [(THROUGH, body), (1.0, crown), (1.0, words)]
            })
            .collect();
        let stage = Rect {
            left: 0.0,
            top: 0.0,
            right: self.width,
            bottom: self.height,
        };
        (1..SAMPLES)
            .map(|k| {
                let (x, y) = curve.at(f64::from(k) / f64::from(SAMPLES));
                let dot = Rect {
                    left: x - DOT_R,
                    top: y - DOT_R,
                    right: x + DOT_R,
                    bottom: y + DOT_R,
                };
                // (Off the stage only when it is: the difference of two equal areas need not
                // come out as exactly 0.)
                let inside = dot.left >= 0.0
                    && dot.top >= 0.0
                    && dot.right <= self.width
                    && dot.bottom <= self.height;
                let off = if inside {
                    0.0
                } else {
                    4.0 * DOT_R * DOT_R - dot.shared(&stage)
                };
                THROUGH * off
                    + others
                        .iter()
                        .map(|(weight, o)| weight * dot.shared(o))
                        .sum::<f64>()
            })
            .sum()
    }

    /// How far from a server's centre a line leaving it downwards (`across` and `down` the
    /// parts of its direction, sideways and downwards) leaves its circle or, through the
    /// words under it, their box, with room for a message's dot: a message or a ✕ on the line
    /// starts there, so it does not cover the server's role or vote. The box is the widest
    /// words take, whatever they say now: a box that changed with them would make the
    /// messages on their way jump when a server's role or vote changes.
    fn rim_below(&self, across: f64, down: f64) -> f64 {
        let z = self.zoom;
        let circle = NODE_R * z;
        let (top, bottom, half) = (TIMER_R * z, LABELS_BELOW * z, LABELS_HALF_W * z + DOT_R);
        // Where the line is at the box's top: beside the box, it never enters it.
        if across * top / down > half {
            return circle;
        }
        let out = (bottom / down).min(if across > 0.0 {
            half / across
        } else {
            f64::INFINITY
        });
        circle.max(out + DOT_R)
    }

    /// This layout with the words under each server as they read now (`words[i]`: the role
    /// and the vote line, if any), so messages, ✕ marks and words keep off them.
    fn with_labels<'a>(mut self, words: impl Iterator<Item = (&'a str, Option<String>)>) -> Layout {
        for (slot, (role, vote)) in self.labels.iter_mut().zip(words) {
            *slot = Labels::of(role, vote.as_deref());
        }
        self
    }

    /// Where on the line from server `a` to `b` to draw a ✕: the first of the shares of the
    /// way `tries` (edge to edge) at which it covers no server or its words, else the one at
    /// which it covers least. A ✕ in the middle of a long line could land on the words of a
    /// server the line passes under, where no bend keeps the link clear of them.
    fn cross_along(&self, a: u8, b: u8, tries: &[f64]) -> (f64, f64) {
        let mut best = (f64::INFINITY, (0.0, 0.0));
        for &f in tries {
            let (x, y) = self.along(a, b, f);
            let c = self.covered(&Rect {
                left: x - CROSS_HALF,
                top: y - CROSS_HALF,
                right: x + CROSS_HALF,
                bottom: y + CROSS_HALF,
            });
            if c == 0.0 {
                return (x, y);
            }
            if c < best.0 {
                best = (c, (x, y));
            }
        }
        best.1
    }

    /// Where to draw the ✕ of the link between servers `a` and `b` in this state: near the
    /// sender of a one-way cut (whose messages are lost), in the middle of a full cut, or as
    /// near there as is clear of the servers' words; none on a link that is up.
    fn cut_mark(&self, a: u8, b: u8, state: LinkState) -> Option<(f64, f64)> {
        let (from, to, tries): (u8, u8, &[f64]) = match state {
            LinkState::Up => return None,
            LinkState::OneWay(sender) => {
                let (from, to) = if sender == NodeId(b) { (b, a) } else { (a, b) };
                (from, to, &[0.25, 0.18, 0.32, 0.12, 0.38])
            }
            LinkState::Cut => (a, b, &[0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74]),
        };
        Some(self.cross_along(from, to, tries))
    }

    /// How much of a box (in square units) falls outside the stage or, with a little air
    /// around it, on the servers (their circles, timers and crowns, and the role and vote
    /// written under them) and on the clients' box: 0 where it is clear.
    fn covered(&self, b: &Rect) -> f64 {
        self.overlap(&b.aired(), b)
    }

    /// How much of `b` falls outside the stage and of `aired` (`b`, or `b` with air round it)
    /// on the servers and the clients' box.
    fn overlap(&self, aired: &Rect, b: &Rect) -> f64 {
        let z = self.zoom;
        let (cx, cy) = self.client_point();
        let clients = Rect {
            left: cx - CLIENT_HALF_W,
            top: cy - CLIENT_HALF_H,
            right: cx + CLIENT_HALF_W,
            bottom: cy + CLIENT_HALF_H,
        };
        let servers = (0..self.servers).flat_map(|i| {
            let (x, y) = self.position(i);
            let body = Rect {
                left: x - TIMER_R * z,
                top: y - (NODE_R + 80.0) * z,
                right: x + TIMER_R * z,
                bottom: y + TIMER_R * z,
            };
            let labels = self.labels[usize::from(i)];
            let words = Rect {
                left: x - labels.half_width * z,
                top: y + TIMER_R * z,
                right: x + labels.half_width * z,
                bottom: y + labels.bottom * z,
            };
            [body, words]
        });
        let stage = Rect {
            left: 0.0,
            top: 0.0,
            right: self.width,
            bottom: self.height,
        };
        let cut_off = (b.right - b.left) * (b.bottom - b.top) - b.shared(&stage);
        cut_off
            + std::iter::once(clients)
                .chain(servers)
                .map(|o| aired.shared(&o))
                .sum::<f64>()
    }

    /// Of the places a label may take (tried in order), the first clear of every server, the
    /// clients' box and `others` (with air round them: labels of the same kind placed before
    /// it, as two servers' clock rates chose the same gap between them, and room kept for
    /// others); where none is, the one that covers least.
    fn place<'a>(&self, text: &str, font: f64, spots: &'a [Spot], others: &[Rect]) -> &'a Spot {
        let width = text_width(text, font);
        let cost = |spot: &Spot| {
            let r = spot.rect(width, font);
            self.covered(&r) + others.iter().map(|o| o.aired().shared(&r)).sum::<f64>()
        };
        let mut best = (f64::INFINITY, &spots[0]);
        for spot in spots {
            let c = cost(spot);
            if c == 0.0 {
                return spot;
            }
            if c < best.0 {
                best = (c, spot);
            }
        }
        best.1
    }

    /// The index of `place`'s choice (clear of the boxes of other words too: `fixed` ones, a
    /// clock's rate, and `passing` ones, other messages' words), except that the place `kept`
    /// (the one a moving label had in the last frame) stays while it covers nothing but the
    /// air around others' boxes: the first clear place changes as the label moves past
    /// servers, and words that jumped with it would be hard to read. (Nor do they leave it
    /// for words passing by: two messages crossing on a link would both jump.)
    fn place_index(
        &self,
        text: &str,
        font: f64,
        spots: &[&Spot],
        kept: Option<usize>,
        (fixed, passing): (&[Rect], &[Rect]),
    ) -> usize {
        let width = text_width(text, font);
        // Words passing by count only where they would hide a good part of these (several
        // messages leaving one place together): words a little ahead on the same way graze
        // them, and moving aside for those had words start on one side and go over to another.
        let covered = |i: usize| {
            let r = spots[i].rect(width, font);
            let aired = r.aired();
            let passed = passing.iter().map(|o| aired.shared(o)).sum::<f64>();
            let hidden = if passed > 0.25 * width * font {
                passed
            } else {
                0.0
            };
            self.covered(&r) + fixed.iter().map(|o| aired.shared(o)).sum::<f64>() + hidden
        };
        // The kept place may touch the air around another's labels, not cover them (nor the
        // clients' box, which a request's words start beside).
        let bare = |i: usize| {
            let r = spots[i].rect(width, font);
            self.overlap(&r, &r) + fixed.iter().map(|o| r.shared(o)).sum::<f64>()
        };
        if let Some(k) = kept.filter(|&k| k < spots.len() && bare(k) == 0.0) {
            return k;
        }
        let mut best = (f64::INFINITY, 0);
        for i in 0..spots.len() {
            let c = covered(i);
            if c == 0.0 {
                return i;
            }
            if c < best.0 {
                best = (c, i);
            }
        }
        best.1
    }

    /// Where a moving message's words go, `reach` of the way from server `from` to `to`: on one
    /// side of the dot for the whole way where it can (above, below, right or left: the
    /// clearest over the way); near a server (a reply leaving it would cover its name) a little
    /// ahead on the dot's way, or arriving at one a little behind, where no server's labels
    /// are; on another side only where that side has no clear place. Once the words are on a
    /// side (`kept`: their place in the last frame), that side's places come first: a request
    /// whose side was on the clients' box as it left took a place below the dot, and went back
    /// over at the last moment, where below was on the server it went to. (`others` as for
    /// `place_index`.)
    fn place_words(
        &self,
        words: &str,
        (from, to): (u8, u8),
        reach: f64,
        kept: Option<WordPlace>,
        others: (&[Rect], &[Rect]),
    ) -> (WordPlace, Spot) {
        let side = kept.map_or_else(|| self.side_for(words, MSG_FONT, from, to), WordPlace::side);
        let (x1, y1) = self.position(from);
        let (x2, y2) = self.position(to);
        let length = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt().max(1.0);
        let around: Vec<[Spot; 4]> = WordPlace::AHEAD
            .iter()
            .map(|ahead| {
                let f = (reach + ahead / length).clamp(0.0, 1.0);
                let (x, y) = self.along(from, to, f);
                Spot::around_dot(x, y)
            })
            .collect();
        // Last, a line further out on each side of the dot (above, below, then a line up or
        // down on the right and the left): where messages leave the clients' box together,
        // their words stack.
        let line = 1.2 * MSG_FONT;
        let [above, below, right, left] = around[0];
        let stacked = [
            Spot {
                y: above.y - line,
                ..above
            },
            Spot {
                y: below.y + line,
                ..below
            },
            Spot {
                y: right.y - line,
                ..right
            },
            Spot {
                y: right.y + line,
                ..right
            },
            Spot {
                y: left.y - line,
                ..left
            },
            Spot {
                y: left.y + line,
                ..left
            },
        ];
        // The side's places first, then the other three sides' in turn, then the stacked lines.
        let places: Vec<WordPlace> = (0..around.len())
            .map(|ahead| WordPlace::Beside { side, ahead })
            .chain((0..around.len()).flat_map(|ahead| {
                (0..4)
                    .filter(move |&s| s != side)
                    .map(move |s| WordPlace::Beside { side: s, ahead })
            }))
            .chain((0..stacked.len()).map(WordPlace::Stacked))
            .collect();
        let spots: Vec<&Spot> = places
            .iter()
            .map(|place| match *place {
                WordPlace::Beside { side, ahead } => &around[ahead][side],
                WordPlace::Stacked(i) => &stacked[i],
            })
            .collect();
        let kept = kept.and_then(|k| places.iter().position(|&p| p == k));
        let chosen = self.place_index(words, MSG_FONT, &spots, kept, others);
        (places[chosen], *spots[chosen])
    }

    /// Which of `Spot::around_dot`'s sides a moving label keeps to on its way from server
    /// `from` to `to`: the one clearest over the whole way, chosen once per message. Chosen
    /// anew each frame, the clearest side changes as the dot passes each server, and words
    /// that jump from side to side cannot be read.
    fn side_for(&self, text: &str, font: f64, from: u8, to: u8) -> usize {
        let width = text_width(text, font);
        let cost = |side: usize| {
            (1..10)
                .map(|k| {
                    let (x, y) = self.along(from, to, f64::from(k) / 10.0);
                    self.covered(&Spot::around_dot(x, y)[side].rect(width, font))
                })
                .sum::<f64>()
        };
        (0..4)
            .map(|side| (cost(side), side))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map_or(0, |(_, side)| side)
    }

    /// `translate(x y) scale(zoom)` for something drawn around the origin at server `i`.
    fn at(&self, i: u8) -> String {
        let (x, y) = self.position(i);
        format!(
            "translate({} {}) scale({})",
            fmt(x),
            fmt(y),
            fixed(self.zoom, 2)
        )
    }
}

/// Where servers go around the ellipse, as angles from the top (see `Layout::seat`).
struct Spacing<'a> {
    n: usize,
    point: &'a dyn Fn(f64) -> (f64, f64),
    /// A server's box, zoomed.
    foot: (f64, f64),
    /// Points along the ellipse's right half, from the top clockwise to the bottom.
    half: Vec<(f64, f64)>,
}

/// Angles of the servers' seats; only the first `n` count.
type Angles = [f64; MAX_SERVERS as usize];

impl<'a> Spacing<'a> {
    const STEPS: u32 = 720;
    /// A server's box with its labels: wide as a "voted for" line, tall as a leader's crown
    /// above and its labels below.
    const FOOT_W: f64 = 280.0;
    const FOOT_H: f64 = CROWN_TOP + LABELS_BELOW;

    fn new(n: usize, zoom: f64, point: &'a dyn Fn(f64) -> (f64, f64)) -> Self {
        let half = (0..=Self::STEPS).map(|k| point(Self::angle(k))).collect();
        let foot = (Self::FOOT_W * zoom, Self::FOOT_H * zoom);
        Spacing {
            n,
            point,
            foot,
            half,
        }
    }

    fn angle(k: u32) -> f64 {
        std::f64::consts::PI * f64::from(k) / f64::from(Self::STEPS)
    }

    /// How far apart two points are, in boxes: clear at 1 or more.
    fn apart(&self, a: (f64, f64), b: (f64, f64)) -> f64 {
        ((a.0 - b.0).abs() / self.foot.0).max((a.1 - b.1).abs() / self.foot.1)
    }

    /// The closest two seats come, in boxes.
    fn clearance(&self, angles: &Angles) -> f64 {
        let seats: Vec<_> = angles[..self.n].iter().map(|&a| (self.point)(a)).collect();
        let mut least = f64::INFINITY;
        for (i, &a) in seats.iter().enumerate() {
            for &b in &seats[i + 1..] {
                least = least.min(self.apart(a, b));
            }
        }
        least
    }

    /// Seats equally spaced along the ellipse.
    fn equal_arcs(&self) -> Angles {
        let len = |k: usize| {
            let (a, b) = (self.half[k], self.half[k + 1]);
            ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).sqrt()
        };
        let half_len: f64 = (0..self.half.len() - 1).map(len).sum();
        let mut angles = [0.0; MAX_SERVERS as usize];
        let (mut k, mut walked) = (0, 0.0);
        for (i, angle) in angles.iter_mut().enumerate().take(self.n / 2 + 1).skip(1) {
            let goal = 2.0 * half_len * i as f64 / self.n as f64;
            while k + 1 < self.half.len() && walked + len(k) < goal {
                walked += len(k);
                k += 1;
            }
            let f = if k + 1 < self.half.len() {
                ((goal - walked) / len(k)).clamp(0.0, 1.0)
            } else {
                0.0
            };
            *angle = Self::angle(k as u32) + f * Self::angle(1);
        }
        self.mirrored(angles)
    }

    /// Seats as far apart as they can all be: down the right half each sits `d` boxes from
    /// the one before, the largest `d` that leaves room at the bottom (an even number: the
    /// server there) or across it (an odd number: the last one's mirror image).
    fn farthest(&self) -> Angles {
        let right = self.n.max(1).saturating_sub(1) / 2;
        let walk = |d: f64| {
            let mut angles = [0.0; MAX_SERVERS as usize];
            let mut last = self.half[0];
            let mut k = 0;
            for angle in angles.iter_mut().take(right + 1).skip(1) {
                while k < self.half.len() && self.apart(self.half[k], last) < d {
                    k += 1;
                }
                last = *self.half.get(k)?;
                *angle = Self::angle(k as u32);
            }
            let fits = if self.n % 2 == 0 {
                self.apart(last, self.half[self.half.len() - 1]) >= d
            } else {
                2.0 * (last.0 - self.half[0].0).abs() / self.foot.0 >= d
            };
            fits.then_some(angles)
        };
        let (mut fits, mut too_far) = (0.0, 4.0);
        for _ in 0..30 {
            let d = (fits + too_far) / 2.0;
            if walk(d).is_some() {
                fits = d;
            } else {
                too_far = d;
            }
        }
        self.mirrored(walk(fits).unwrap_or([0.0; MAX_SERVERS as usize]))
    }

    /// The right half's seats (1 to n / 2) mirrored on the left; an even number puts one at
    /// the bottom.
    fn mirrored(&self, mut angles: Angles) -> Angles {
        let n = self.n;
        if n % 2 == 0 && n > 0 {
            angles[n / 2] = std::f64::consts::PI;
        }
        for i in 1..=(n.max(1) - 1) / 2 {
            angles[n - i] = std::f64::consts::TAU - angles[i];
        }
        angles
    }
}

/// Seats a share `f` of the way from one spacing to another.
fn blend(a: &Angles, b: &Angles, f: f64) -> Angles {
    let mut out = *a;
    for (o, (x, y)) in out.iter_mut().zip(a.iter().zip(b)) {
        *o = x + (y - x) * f;
    }
    out
}

/// A link's way: a quadratic curve from `p` to `q` with its control point `c` (a straight
/// line when `c` is its middle).
#[derive(Clone, Copy)]
struct Curve {
    p: (f64, f64),
    c: (f64, f64),
    q: (f64, f64),
    bent: bool,
}

impl Curve {
    /// From `p` to `q`, its middle bent `bend` / 2 to the left of the way (its control point
    /// `bend` off the straight line's middle).
    fn new(p: (f64, f64), q: (f64, f64), bend: f64) -> Curve {
        let (nx, ny) = unit(p, q).map_or((0.0, 0.0), |(ux, uy)| (uy, -ux));
        Curve {
            p,
            c: ((p.0 + q.0) / 2.0 + nx * bend, (p.1 + q.1) / 2.0 + ny * bend),
            q,
            bent: bend != 0.0,
        }
    }

    fn at(&self, t: f64) -> (f64, f64) {
        let u = 1.0 - t;
        let (a, b, c) = (u * u, 2.0 * u * t, t * t);
        (
            a * self.p.0 + b * self.c.0 + c * self.q.0,
            a * self.p.1 + b * self.c.1 + c * self.q.1,
        )
    }

    /// The same way, the other way round.
    fn reversed(&self) -> Curve {
        Curve {
            p: self.q,
            q: self.p,
            ..*self
        }
    }

    /// The share of the way at which it is `r` from its start (all of it, if it never is).
    /// The distance grows all along the way for any bend less than √2 times the way's length
    /// (`least_bend` keeps them under 0.6), so a halving search finds it.
    fn leaves(&self, r: f64) -> f64 {
        if !self.bent {
            return (r / distance(self.p, self.q).max(1e-9)).min(1.0);
        }
        let (mut near, mut far) = (0.0, 1.0);
        for _ in 0..40 {
            let t = (near + far) / 2.0;
            if distance(self.at(t), self.p) < r {
                near = t;
            } else {
                far = t;
            }
        }
        near
    }

    /// The part of the way from share `t0` to `t1`, as an SVG path.
    fn path(&self, t0: f64, t1: f64) -> String {
        let (a, b) = (self.at(t0), self.at(t1));
        // The part's control point: from its start, along the way's tangent there.
        let d = t1 - t0;
        let c = (
            a.0 + d * ((1.0 - t0) * (self.c.0 - self.p.0) + t0 * (self.q.0 - self.c.0)),
            a.1 + d * ((1.0 - t0) * (self.c.1 - self.p.1) + t0 * (self.q.1 - self.c.1)),
        );
        format!(
            "M{} {}Q{} {} {} {}",
            fmt(a.0),
            fmt(a.1),
            fmt(c.0),
            fmt(c.1),
            fmt(b.0),
            fmt(b.1)
        )
    }
}

fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).sqrt()
}

/// The direction from `a` to `b`, if they differ.
fn unit(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let l = distance(a, b);
    (l > 0.0).then(|| ((b.0 - a.0) / l, (b.1 - a.1) / l))
}

/// The font sizes of a clock's rate and of a client message's words (as in the stylesheet).
const CLOCK_FONT: f64 = 36.0;
const MSG_FONT: f64 = 40.0;
/// Half the size of a ✕ on a link (a cut, a dropped message).
const CROSS_HALF: f64 = 16.0;
/// Half the width of the words under a server, as messages keep clear of them: the vote
/// line ("voted for N5", the widest common one; "pre-candidate" is rare and brief).
const LABELS_HALF_W: f64 = 165.0;
/// A message's dot's radius, with a little air.
const DOT_R: f64 = 22.0;

/// The air `Layout::covered` keeps round a label's box.
const AIR: f64 = 8.0;

/// Room above the clients' box for the words of a request leaving it upwards (see
/// `client_words`): the first of `Spot::around_dot`'s places, its baseline 30 units above the
/// dot on the box's rim, with the air `covered` keeps round them.
const WORDS_ABOVE_CLIENTS: f64 = 30.0 + 0.85 * MSG_FONT + AIR + 4.0;

/// A box on the stage.
struct Rect {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Rect {
    /// The area two boxes share.
    fn shared(&self, o: &Rect) -> f64 {
        let w = self.right.min(o.right) - self.left.max(o.left);
        let h = self.bottom.min(o.bottom) - self.top.max(o.top);
        w.max(0.0) * h.max(0.0)
    }

    /// This box with a little air around it (a glyph's box is a bit larger than the estimate
    /// of its line).
    fn aired(&self) -> Rect {
        Rect {
            left: self.left - AIR,
            top: self.top - AIR,
            right: self.right + AIR,
            bottom: self.bottom + AIR,
        }
    }
}

/// Which of the places beside its dot a moving message's words took: on one side of the dot
/// (`Spot::around_dot`'s order), at the dot or a little ahead of or behind it on its way, or
/// on a line further out.
#[derive(Clone, Copy, PartialEq, Debug)]
enum WordPlace {
    Beside { side: usize, ahead: usize },
    Stacked(usize),
}

impl WordPlace {
    /// How far ahead of the dot on its way (in units) the `Beside` places are: ahead, where it
    /// leaves a server whose labels its words would cover; behind, where it arrives at one.
    const AHEAD: [f64; 5] = [0.0, 60.0, 120.0, -60.0, -120.0];

    /// The side of the dot: above, below, right or left.
    fn side(self) -> usize {
        match self {
            WordPlace::Beside { side, .. } => side,
            // Above, below, then a line up and a line down on the right and on the left.
            WordPlace::Stacked(i) => [0, 1, 2, 2, 3, 3][i],
        }
    }
}

/// Where a line of text may stand: its anchor point and which end of it is there.
#[derive(Clone, Copy)]
struct Spot {
    x: f64,
    y: f64,
    anchor: &'static str,
}

impl Spot {
    /// The box of a line `width` wide in a `font` unit font set at this spot.
    fn rect(&self, width: f64, font: f64) -> Rect {
        let left = match self.anchor {
            "start" => self.x,
            "end" => self.x - width,
            _ => self.x - width / 2.0,
        };
        Rect {
            left,
            top: self.y - 0.85 * font,
            right: left + width,
            bottom: self.y + 0.25 * font,
        }
    }

    /// The places a message's words may take around a dot at (x, y): above, below, to the
    /// right and to the left.
    fn around_dot(x: f64, y: f64) -> [Spot; 4] {
        [
            Spot {
                x,
                y: y - 30.0,
                anchor: "middle",
            },
            Spot {
                x,
                y: y + 58.0,
                anchor: "middle",
            },
            Spot {
                x: x + 24.0,
                y: y + 14.0,
                anchor: "start",
            },
            Spot {
                x: x - 24.0,
                y: y + 14.0,
                anchor: "end",
            },
        ]
    }

    /// The inline style that sets the anchor (a stylesheet's text-anchor beats an attribute).
    fn style(&self) -> String {
        format!("text-anchor: {}", self.anchor)
    }
}

/// About how wide a line of text is: a Chinese character is a square, the rest about 0.62 of
/// the font's size (bold sans digits and letters).
fn text_width(text: &str, font: f64) -> f64 {
    text.chars()
        .map(|c| {
            if u32::from(c) >= 0x2e80 {
                font
            } else {
                0.62 * font
            }
        })
        .sum()
}

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub lang: Lang,
    pub model: Rc<StageModel>,
    /// Width over height of the space the stage is shown in, in thousandths.
    pub aspect: u32,
    /// The presenter's zoom, in percent.
    pub zoom: u32,
    /// Messages jump in a few steps and nothing pulses (prefers-reduced-motion).
    pub reduced_motion: bool,
    /// In an embed there is no inspector: a click only selects (for the keys c, t, i), so
    /// nothing promises more, and the links are no stops for Tab.
    pub embed: bool,
    pub selected: Option<Selection>,
    pub dispatch: Dispatch,
}

#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let m = &*props.model;
    let n = m.nodes.len() as u8;
    // Seating the servers walks the ellipse: once per shape, not per frame.
    let layout = *use_memo((props.aspect, n, props.zoom), |&(aspect, n, zoom)| {
        Layout::new(f64::from(aspect) / 1000.0, n, f64::from(zoom) / 100.0)
    });
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
            without_majority: node.without_majority,
        })
        .collect();
    let layout = layout.with_labels(bodies.iter().map(|b| b.words(props.lang)));
    // A clock that does not keep real time: its server's name and rate, beside the node (above its right
    // shoulder, or where no other server's labels are), else under its labels or over its
    // crown (a server at the stage's edge has no room beside it). Kept clear of each other and
    // of the room above the clients' box, where a request's words go as it leaves.
    let mut placed: Vec<Rect> = vec![layout.room_above_clients()];
    let clocks: Vec<Html> = m.nodes.iter().enumerate().filter(|(_, node)| node.clock_pct != 100).map(|(i, node)| {
        let (x, y) = layout.position(i as u8);
        let z = layout.zoom;
        // Named: between two servers, a rate could be either's.
        let words = format!("{} {} {} %", NodeId(i as u8), t(props.lang, Text::ClockBadge), node.clock_pct);
        let (side, above, level) = (TIMER_R * z + 2.0, y - NODE_R * 0.75 * z, y + 10.0 * z);
        let spots = [
            Spot { x: x + side, y: above, anchor: "start" },
            Spot { x: x - side, y: above, anchor: "end" },
            Spot { x: x + side, y: level, anchor: "start" },
            Spot { x: x - side, y: level, anchor: "end" },
            Spot { x, y: y + LABELS_BELOW * z + 10.0 + 0.85 * CLOCK_FONT, anchor: "middle" },
            Spot { x, y: y - CROWN_TOP * z - 20.0, anchor: "middle" },
        ];
        let spot = layout.place(&words, CLOCK_FONT, &spots, &placed);
        placed.push(spot.rect(text_width(&words, CLOCK_FONT), CLOCK_FONT));
        html! {
            <text class="clock-rate" data-clock-node={(i + 1).to_string()} x={fmt(spot.x)} y={fmt(spot.y)}
                  style={spot.style()}>
                <title>{t(props.lang, Text::ClockRate)}</title>
                {words}
            </text>
        }
    }).collect();
    // Where each client message's words were in the last frame (message, place), so that
    // they stay there while it is clear (see `Layout::place_index`).
    let word_places = use_mut_ref(Vec::<(crate::sim::MsgId, WordPlace)>::new);
    let last_places = std::mem::take(&mut *word_places.borrow_mut());
    // What moving words keep clear of besides the servers and the clients' box: the clocks'
    // rates (they stay put) and the words of the messages placed before them (three
    // clients' writes leaving the box together were written one over another).
    let rates: Vec<Rect> = placed.into_iter().skip(1).collect();
    let passing = std::cell::RefCell::new(Vec::new());
    let messages = m.messages.iter().map(|m| {
        let span = (m.arrives_at - m.sent_at).as_micros().max(1) as f64;
        let mut done = ((props.model.now - m.sent_at).as_micros() as f64 / span).clamp(0.0, 1.0);
        if props.reduced_motion {
            // A few discrete positions instead of continuous motion.
            done = (done * 3.0).floor() / 3.0;
        }
        // A lost message dies halfway (the engine ends its span there): it covers only the
        // first half of the link, at the link's real speed.
        let reach = if m.lost { 0.5 * done } else { done };
        let (x, y) = layout.along(m.from.0, m.to.0, reach);
        let kind = m.msg.kind();
        let selected = props.selected == Some(Selection::Message(m.id));
        let class = classes!(
            "msg",
            format!("msg-{}", kind.to_ascii_lowercase()),
            m.lost.then_some("msg-lost"),
            selected.then_some("selected")
        );
        let id = m.id;
        let onclick = props.dispatch.reform(move |e: MouseEvent| {
            e.stop_propagation();
            Msg::Select(Some(Selection::Message(id)))
        });
        let label = format!("{kind} {} → {}", m.from, m.to);
        let circle = html! {
            <circle class={class} data-kind={kind} cx={fmt(x)} cy={fmt(y)} r="15" {onclick}>
                <title>{label}</title>
            </circle>
        };
        // A client's request carries its operation and a reply what came back: both are
        // written beside the dot, so the class sees who asked what and what it got.
        // With more than one client sharing the box, the words name whose message it is.
        let client = (m.from.0 >= n).then_some(m.from).or((m.to.0 >= n).then_some(m.to));
        let whose = client.filter(|_| props.model.clients > 1).map(|c| format!("C{}", c.0 - n + 1));
        match client_words(props.lang, &m.msg, whose.as_deref()) {
            Some(words) => {
                let kept = last_places.iter().find(|p| p.0 == m.id).map(|p| p.1);
                let (place, spot) = layout.place_words(
                    &words,
                    (m.from.0, m.to.0),
                    reach,
                    kept,
                    (&rates, &passing.borrow()),
                );
                word_places.borrow_mut().push((m.id, place));
                passing
                    .borrow_mut()
                    .push(spot.rect(text_width(&words, MSG_FONT), MSG_FONT));
                // Which side of the dot the words are on, for the tests.
                let shown_side = place.side();
                html! {
                    <g key={m.id.0}>
                        {circle}
                        <text class="msg-op" data-kind={kind} data-msg={m.id.0.to_string()} data-side={shown_side.to_string()} x={fmt(spot.x)} y={fmt(spot.y)}
                              style={spot.style()}>{words}</text>
                    </g>
                }
            }
            None => html! { <g key={m.id.0}>{circle}</g> },
        }
    });
    let drops = m.drops.iter().map(|d| {
        // Where it died, or as near there as is clear of the servers' words.
        let (x, y) = layout.cross_along(
            d.from.0,
            d.to.0,
            &[0.0, 0.05, -0.05, 0.1, -0.1, 0.15, -0.15]
                .map(|off: f64| (d.at + off).clamp(0.0, 1.0)),
        );
        html! {
            <text class="drop" x={fmt(x)} y={fmt(y + 11.0)}
                  style={format!("opacity: {}", fixed(1.0 - d.age, 2))}>{"✕"}</text>
        }
    });
    let pulse = m
        .pulse
        .filter(|_| !props.reduced_motion)
        .map(|(id, spread)| {
            html! {
                <circle class="pulse" transform={layout.at(id.0)} r={fmt(NODE_R + 8.0 + 70.0 * spread)}
                        style={format!("opacity: {}", fixed((1.0 - spread) * 0.7, 2))} />
            }
        });
    // The election timers: an arc around each follower or candidate that shrinks to nothing
    // when the node times out.
    let timers = m.nodes.iter().enumerate().filter_map(|(i, node)| {
        let left = node.timer_left?;
        Some(html! {
            <circle class="timer-arc" transform={format!("{} rotate(-90)", layout.at(i as u8))} r={fmt(TIMER_R)}
                style={format!("stroke-dasharray: {}; stroke-dashoffset: {}",
                    fmt(TIMER_LEN), fmt(TIMER_LEN * (1.0 - left)))} />
        })
    });
    // A disk write in progress: a badge below the node that empties as the write completes
    // (the server's votes and acknowledgements wait for it).
    let disks = m.nodes.iter().enumerate().filter_map(|(i, node)| {
        let left = node.disk_left?;
        let (x, y) = layout.position(i as u8);
        Some(html! {
            <g class="disk-write" data-disk-of={(i + 1).to_string()} transform={format!("translate({} {})", fmt(x + NODE_R * 0.8), fmt(y - NODE_R * 0.8))}>
                <title>{t(props.lang, Text::DiskWriting)}</title>
                <rect class="disk-body" x="-22" y="-16" width="44" height="32" rx="6" />
                <rect class="disk-left" x="-22" y={fmt(16.0 - 32.0 * left)} width="44" height={fmt(32.0 * left)} rx="6" />
                <line x1="-14" y1="-6" x2="14" y2="-6" />
            </g>
        })
    });
    // A leader's lease: a bar under the node that empties as the lease runs out (reads by
    // lease are answered at once while it lasts).
    let leases = m.nodes.iter().enumerate().filter_map(|(i, node)| {
        let left = node.lease_left?;
        let (x, y) = layout.position(i as u8);
        Some(html! {
            <g class="lease" data-lease-node={(i + 1).to_string()}
                transform={format!("translate({} {})", fmt(x - NODE_R * 1.25), fmt(y - NODE_R * 0.75))}>
                <title>{t(props.lang, Text::LeaseHeld)}</title>
                <rect class="lease-body" x="-60" y="-22" width="120" height="44" rx="22" />
                <rect class="lease-left" x="-60" y="-22" width={fmt(120.0 * left)} height="44" rx="22" />
                <text y="10">{t(props.lang, Text::LeaseBadge)}</text>
            </g>
        })
    });
    let (cx, cy) = layout.client_point();
    let client = m
        .messages
        .iter()
        .any(|m| m.from.0 >= n || m.to.0 >= n)
        .then(|| {
            html! {
                <g class="client" transform={format!("translate({} {})", fmt(cx), fmt(cy))}>
                    <rect x={fmt(-CLIENT_HALF_W)} y={fmt(-CLIENT_HALF_H)} width={fmt(2.0 * CLIENT_HALF_W)}
                          height={fmt(2.0 * CLIENT_HALF_H)} rx="12" />
                    <text y="13">{t(props.lang, if m.clients > 1 { Text::Clients } else { Text::Client })}</text>
                </g>
            }
        });
    let links = LinksProps {
        lang: props.lang,
        layout,
        links: m.links.clone(),
        loss: m.link_loss.clone(),
        selected: selected_link,
        embed: props.embed,
        dispatch: props.dispatch.clone(),
    };
    html! {
        <svg class="stage" viewBox={layout.view_box()} role="img"
             aria-label={t(props.lang, Text::Network)}>
            <StageLinks ..links.clone() />
            <g class="client-layer">{ for client }</g>
            <g class="pulses">{ for pulse }</g>
            <StageNodes lang={props.lang} {layout} nodes={bodies} selected={selected_node}
                embed={props.embed} dispatch={props.dispatch.clone()} />
            <g class="timers">{ for timers }</g>
            <g class="disks">{ for disks }</g>
            <g class="leases">{ for leases }</g>
            <g class="clocks">{ for clocks }</g>
            <LinkTargets ..links />
            <g class="drops">{ for drops }</g>
            <g class="messages">{ for messages }</g>
        </svg>
    }
}

#[derive(Properties, PartialEq, Clone)]
struct LinksProps {
    lang: Lang,
    layout: Layout,
    /// `links[a][b]` for a < b.
    links: Vec<Vec<LinkState>>,
    /// `loss[a][b]` for a < b: a link's own loss in percent, if it has one.
    loss: Vec<Vec<Option<u32>>>,
    selected: Option<(NodeId, NodeId)>,
    embed: bool,
    dispatch: Dispatch,
}

fn link_name(state: LinkState) -> &'static str {
    match state {
        LinkState::Up => "up",
        LinkState::OneWay(_) => "one-way",
        LinkState::Cut => "cut",
    }
}

/// Every pair of servers, lower id first.
fn pairs(n: u8) -> impl Iterator<Item = (u8, u8)> {
    (0..n).flat_map(move |a| ((a + 1)..n).map(move |b| (a, b)))
}

/// The links between servers, as drawn (under everything): redrawn only when one is cut,
/// healed or selected, or a server's words change (a cut's ✕ keeps off them).
#[function_component(StageLinks)]
fn stage_links(props: &LinksProps) -> Html {
    let n = props.links.len() as u8;
    let layout = props.layout;
    let links = pairs(n).map(|(a, b)| {
        let way = layout.curve(a, b).path(0.0, 1.0);
        let state = props.links[usize::from(a)][usize::from(b)];
        let cross_at = layout.cut_mark(a, b, state);
        let selected = props.selected == Some((NodeId(a), NodeId(b)));
        // A link with a loss of its own is dotted and says how much it loses, near its middle
        // where that is clear of the servers' words: else it looks like any other, and the
        // class sees ✕ marks without the link that causes them.
        let loss = props.loss[usize::from(a)][usize::from(b)];
        let loss_at = loss.map(|_| layout.cross_along(a, b, &[0.5, 0.4, 0.6, 0.3, 0.7]));
        html! {
            <g class={classes!("link", link_name(state), loss.is_some().then_some("lossy"), selected.then_some("selected"))}>
                <path class="link-line" d={way} />
                if let Some((x, y)) = cross_at {
                    <text class="link-cross" x={fmt(x)} y={fmt(y + 11.0)}>{"✕"}</text>
                }
                if let (Some(pct), Some((x, y))) = (loss, loss_at) {
                    <text class="link-loss" data-loss={pct.to_string()} x={fmt(x)} y={fmt(y + 8.0)}>
                        {format!("{} {pct} %", t(props.lang, Text::Loss))}</text>
                }
            </g>
        }
    });
    html! { <g class="links" aria-hidden="true">{ for links }</g> }
}

/// What can be clicked or focused on a link: a wide transparent stroke along it from node edge
/// to node edge, after the servers in the page, so the keyboard reaches the servers first.
#[function_component(LinkTargets)]
fn link_targets(props: &LinksProps) -> Html {
    let n = props.links.len() as u8;
    let layout = props.layout;
    let edge = (NODE_R + 10.0) * layout.zoom;
    let targets = pairs(n).map(|(a, b)| {
        let curve = layout.curve(a, b);
        let k = (edge / distance(curve.p, curve.q).max(1.0)).min(0.45);
        let state = props.links[usize::from(a)][usize::from(b)];
        let (na, nb) = (NodeId(a), NodeId(b));
        let describe = match state {
            LinkState::Up => t(props.lang, Text::LinkUp).to_string(),
            LinkState::OneWay(from) => {
                let to = if from == na { nb } else { na };
                format!(
                    "{}{}{from} → {to}",
                    t(props.lang, Text::LinkCutOneWay),
                    colon(props.lang)
                )
            }
            LinkState::Cut => t(props.lang, Text::LinkCut).to_string(),
        };
        let describe = match props.loss[usize::from(a)][usize::from(b)] {
            Some(pct) => format!("{describe} · {} {pct} %", t(props.lang, Text::Loss)),
            None => describe,
        };
        let label = if props.embed {
            format!("{na}–{nb}{}{describe}", colon(props.lang))
        } else {
            format!(
                "{na}–{nb}{}{describe}{}{}",
                colon(props.lang),
                full_stop(props.lang),
                t(props.lang, Text::LinkClick)
            )
        };
        let selected = props.selected == Some((na, nb));
        let s = Selection::Link(na, nb);
        html! {
            <path class={classes!("link-hit", selected.then_some("selected"))}
                data-link={format!("{}-{}", a + 1, b + 1)} data-state={link_name(state)}
                role={(!props.embed).then_some("button")} tabindex={(!props.embed).then_some("0")}
                aria-label={label.clone()}
                d={curve.path(k, 1.0 - k)}
                onclick={click(&props.dispatch, Msg::Select(Some(s)))}
                onkeydown={enter_selects(&props.dispatch, s)}>
                <title>{label}</title>
            </path>
        }
    });
    html! { <g class="link-targets">{ for targets }</g> }
}

/// What a node's drawing depends on, apart from its timer.
#[derive(Clone, PartialEq)]
struct NodeBody {
    view: crate::raft::ServerView,
    alive: bool,
    /// A leader cut off from a majority.
    without_majority: bool,
}

impl NodeBody {
    /// The words under the server: its role, and whom it voted for (a leader voted for
    /// itself: it does not say so; a leader cut off from a majority says that instead).
    fn words(&self, lang: Lang) -> (&'static str, Option<String>) {
        let second = if self.without_majority {
            Some(t(lang, Text::NoMajorityBadge).to_string())
        } else {
            self.view
                .voted_for
                .filter(|_| self.alive && self.view.role != Role::Leader)
                .map(|v| format!("{} {v}", t(lang, Text::VotedFor)))
        };
        (role_text(lang, self.alive, self.view.role), second)
    }
}

#[derive(Properties, PartialEq)]
struct NodesProps {
    lang: Lang,
    layout: Layout,
    nodes: Vec<NodeBody>,
    selected: Option<NodeId>,
    embed: bool,
    dispatch: Dispatch,
}

/// The servers: drawn again when one changes role, term, vote or log, not on every frame.
/// Each is drawn around the origin and placed (and zoomed) by a transform.
#[function_component(StageNodes)]
fn stage_nodes(props: &NodesProps) -> Html {
    let lang = props.lang;
    let nodes = props.nodes.iter().enumerate().map(|(i, node)| {
        let id = NodeId(i as u8);
        let state = if node.alive { "up" } else { "down" };
        let role = if node.alive {
            node.view.role.name()
        } else {
            "crashed"
        };
        let selected = props.selected == Some(id);
        let onclick = click(&props.dispatch, Msg::Select(Some(Selection::Node(id))));
        let onkeydown = enter_selects(&props.dispatch, Selection::Node(id));
        let (role_text, vote) = node.words(lang);
        // "N4: leader, term 1" (in Chinese with its own punctuation), what a cut-off leader's
        // line means, and what a click does.
        let cut_off = node.without_majority.then_some("no-majority");
        let (colon, comma) = (super::i18n::colon(lang), super::i18n::comma(lang));
        let mut label = format!("{id}{colon}{role_text}{comma}{} {}", t(lang, Text::Term), node.view.term);
        match cut_off {
            Some(_) => label = format!("{label}{comma}{}", t(lang, Text::NoMajorityLeader)),
            None => label.push_str(if lang == Lang::Zh { "。" } else { "." }),
        }
        if !props.embed {
            if lang == Lang::En {
                label.push(' ');
            }
            label.push_str(t(lang, Text::ClickToSelect));
        }
        html! {
            <g class={classes!("node", state, role, cut_off, selected.then_some("selected"))} data-node-id={(i + 1).to_string()}
               data-state={state} data-role={role} data-term={node.view.term.0.to_string()}
               transform={props.layout.at(id.0)} role="button" tabindex="0"
               aria-label={label}
               {onclick} {onkeydown}>
                <circle class="focus-ring" r={fmt(NODE_R + 30.0)} />
                // Keyed by role and term: a new element on every change, so its CSS pop plays once.
                <circle key={format!("{role}{}", node.view.term)} class="body" r={fmt(NODE_R)} />
                if node.alive && node.view.role == Role::Leader {
                    <text class="crown" y={fmt(-NODE_R - 16.0)}>{"♛"}</text>
                }
                <text class="node-label" y="-2">{id.to_string()}</text>
                <text class="node-sub" y="42" textLength={fits_circle(lang, node.view.term.0)}
                      lengthAdjust="spacingAndGlyphs">{format!("{} {}", t(lang, Text::Term), node.view.term)}</text>
                // Over the name, rim to rim: under it the words hid all but a fragment.
                if !node.alive {
                    <path class="cross" d="M-56 -56 L56 56 M56 -56 L-56 56" />
                }
                <text class="node-role" y={fmt(ROLE_BASELINE)}>{role_text}</text>
                if let Some(v) = vote {
                    <text class="node-vote" y={fmt(LABELS_BELOW - 10.0)}>
                        if cut_off.is_some() {
                            <title>{t(lang, Text::NoMajorityLeader)}</title>
                        }
                        {v}
                    </text>
                }
            </g>
        }
    });
    html! { <g class="nodes">{ for nodes }</g> }
}

/// The width a server's "term N" is pressed into when it would run over its circle's rim
/// ("term 13"), from the font's advance widths (40 units high: a digit 25.4 wide, "term " 108,
/// "任期 " 93); none when it fits.
fn fits_circle(lang: Lang, term: u64) -> Option<&'static str> {
    let digits = term.checked_ilog10().unwrap_or(0) + 1;
    let words = if lang == Lang::Zh { 93 } else { 108 };
    (words + 25 * digits > 132).then_some("132")
}

/// A server's role in words (a pre-candidate is not yet a candidate: its term has not moved).
pub fn role_text(lang: Lang, alive: bool, role: Role) -> &'static str {
    match (alive, role) {
        (false, _) => t(lang, Text::NodeDown),
        (true, Role::Leader) => t(lang, Text::Leader),
        (true, Role::Candidate) => t(lang, Text::Candidate),
        (true, Role::PreCandidate) => t(lang, Text::PreCandidate),
        (true, Role::Follower) => t(lang, Text::Follower),
    }
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

/// The words written beside a client's message: the operation on a request, the answer on a
/// reply (the value read, done, refused, or the server to try instead); named for the client
/// (`whose`) when there are several: "C2: put x=1", "→ C2: ✓".
fn client_words(lang: Lang, msg: &crate::raft::Msg, whose: Option<&str>) -> Option<String> {
    use crate::raft::{ClientOutcome, Msg as Wire};
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    let named = |words: String| match whose {
        Some(c) => format!("{c}{colon}{words}"),
        None => words,
    };
    match msg {
        Wire::ClientRequest { op, .. } => Some(named(crate::playground::op_text(op))),
        Wire::ClientReply { outcome, .. } => {
            let (arrow, answer) = match outcome {
                ClientOutcome::Done(reply) => (
                    true,
                    match (&reply.value, reply.ok) {
                        (Some(v), true) => v.clone(),
                        (None, true) => "✓".into(),
                        (Some(v), false) => format!("✗ ({v})"),
                        (None, false) => "✗".into(),
                    },
                ),
                ClientOutcome::NotLeader {
                    leader_hint: Some(l),
                } => (false, format!("{} {l}", t(lang, Text::NotLeaderTry))),
                ClientOutcome::NotLeader { leader_hint: None } => {
                    (false, t(lang, Text::NoLeaderKnown).into())
                }
            };
            // Named, every answer carries the arrow: "→ C1: not the leader; try N2" reads as
            // said to C1. Unnamed, a refusal reads on its own.
            Some(match (whose, arrow) {
                (Some(_), _) => format!("→ {}", named(answer)),
                (None, true) => format!("→ {answer}"),
                (None, false) => answer,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stage with servers at these seats (built by hand: seating them calls the browser's
    /// Math, which a native test does not have).
    fn seated(at: &[(f64, f64)]) -> Layout {
        let mut layout = Layout {
            width: 2000.0,
            height: HEIGHT,
            servers: at.len() as u8,
            zoom: 1.0,
            seats: [(0.0, 0.0); MAX_SERVERS as usize],
            labels: [Labels::of("follower", Some("voted for N5")); MAX_SERVERS as usize],
            bends: [[0.0; MAX_SERVERS as usize]; MAX_SERVERS as usize],
        };
        layout.seats[..at.len()].copy_from_slice(at);
        layout
    }

    /// Two servers, N1 at (500, 300) and N2 at `(dx, dy)` from it.
    fn pair(dx: f64, dy: f64) -> Layout {
        seated(&[(500.0, 300.0), (500.0 + dx, 300.0 + dy)])
    }

    fn from_centre(layout: &Layout, f: f64) -> f64 {
        let (x, y) = layout.along(0, 1, f);
        ((x - 500.0).powi(2) + (y - 300.0).powi(2)).sqrt()
    }

    #[test]
    fn a_message_leaving_downwards_starts_below_the_words() {
        let layout = pair(0.0, 600.0);
        let (_, y) = layout.along(0, 1, 0.0);
        assert!(y >= 300.0 + LABELS_BELOW + 15.0, "{y}");
        // Arriving from below, it ends at the top of the receiver's circle.
        assert!((from_centre(&layout, 1.0) - (600.0 - NODE_R)).abs() < 1e-9);
    }

    #[test]
    fn a_message_leaving_sideways_or_upwards_starts_at_the_circle() {
        for (dx, dy) in [(800.0, 0.0), (700.0, -400.0), (800.0, 60.0)] {
            let layout = pair(dx, dy);
            assert!(
                (from_centre(&layout, 0.0) - NODE_R).abs() < 1e-9,
                "{dx} {dy}"
            );
        }
        // Steeply down and to the side: past the words' box side.
        let layout = pair(300.0, 300.0);
        let start = from_centre(&layout, 0.0);
        assert!(
            start > NODE_R && start < LABELS_BELOW * 2f64.sqrt() + DOT_R,
            "{start}"
        );
    }

    #[test]
    fn a_message_starts_below_the_words_when_that_is_past_half_its_way() {
        // Straight down, 350 apart: the sender's words reach further than half the way, yet
        // the dot starts below them and still ends at the receiver's circle.
        let layout = pair(0.0, 350.0);
        let start = from_centre(&layout, 0.0);
        assert!(start >= LABELS_BELOW + DOT_R, "{start}");
        assert!((from_centre(&layout, 1.0) - (350.0 - NODE_R)).abs() < 1e-9);
    }

    #[test]
    fn servers_too_close_for_their_words_still_send_from_their_circles() {
        // Straight down, closer than the words reach: the dot starts at the circle's rim,
        // not at the server's centre (on its name).
        let layout = pair(0.0, 250.0);
        assert!((from_centre(&layout, 0.0) - NODE_R).abs() < 1e-9);
        assert!((from_centre(&layout, 1.0) - (250.0 - NODE_R)).abs() < 1e-9);
    }

    #[test]
    fn a_one_way_cut_is_marked_near_the_server_whose_messages_are_lost() {
        let layout = pair(1000.0, 0.0);
        let (near_a, _) = layout.cut_mark(0, 1, LinkState::OneWay(NodeId(0))).unwrap();
        let (near_b, _) = layout.cut_mark(0, 1, LinkState::OneWay(NodeId(1))).unwrap();
        let (middle, _) = layout.cut_mark(0, 1, LinkState::Cut).unwrap();
        assert!(near_a < 800.0 && near_b > 1200.0, "{near_a} {near_b}");
        assert!((middle - 1000.0).abs() < 1e-9, "{middle}");
        assert_eq!(layout.cut_mark(0, 1, LinkState::Up), None);
    }

    #[test]
    fn a_clients_words_name_it_only_among_several() {
        use crate::raft::{ClientOutcome, Msg as Wire, Op, ReadPath, Reply};
        let put = Wire::ClientRequest {
            seq: 1,
            op: Op::Put {
                key: "x".into(),
                value: "1".into(),
            },
            read: ReadPath::Log,
        };
        let read = |value: Option<&str>| Wire::ClientReply {
            seq: 1,
            outcome: ClientOutcome::Done(Reply {
                ok: true,
                value: value.map(Into::into),
            }),
        };
        let moved = Wire::ClientReply {
            seq: 1,
            outcome: ClientOutcome::NotLeader {
                leader_hint: Some(NodeId(1)),
            },
        };
        let words = |m: &Wire, whose| client_words(Lang::En, m, whose).unwrap();
        assert_eq!(words(&put, None), "put x=1");
        assert_eq!(words(&put, Some("C2")), "C2: put x=1");
        assert_eq!(words(&read(Some("1")), None), "→ 1");
        assert_eq!(words(&read(Some("1")), Some("C2")), "→ C2: 1");
        assert_eq!(words(&read(None), Some("C1")), "→ C1: ✓");
        assert_eq!(words(&moved, None), "not the leader; try N2");
        assert_eq!(words(&moved, Some("C1")), "→ C1: not the leader; try N2");
        assert_eq!(
            client_words(Lang::Zh, &put, Some("C2")).unwrap(),
            "C2：put x=1"
        );
    }

    #[test]
    fn a_moving_label_keeps_its_place_in_the_air_around_the_clients_box_but_not_on_it() {
        let layout = seated(&[(300.0, 200.0), (1700.0, 200.0), (1000.0, 900.0)]);
        let (cx, cy) = layout.client_point();
        let words = "C1: get x";
        let width = text_width(words, MSG_FONT);
        // Words starting `gap` units right of the box, on its middle line.
        let beside = |gap: f64| Spot {
            x: cx + CLIENT_HALF_W + gap,
            y: cy,
            anchor: "start",
        };
        let clear = Spot {
            x: 1000.0,
            y: 600.0,
            anchor: "middle",
        };
        assert_eq!(layout.covered(&clear.rect(width, MSG_FONT)), 0.0);
        for (gap, kept) in [(4.0, 0), (-1.0, 1), (-20.0, 1)] {
            let near = beside(gap);
            let spots = [&near, &clear];
            assert_eq!(
                layout.place_index(words, MSG_FONT, &spots, Some(0), (&[], &[])),
                kept,
                "{gap} units from the box"
            );
        }
    }

    #[test]
    fn moving_words_keep_clear_of_words_placed_before_them() {
        let layout = seated(&[(300.0, 200.0), (1700.0, 200.0), (1000.0, 900.0)]);
        let words = "C2: put b=1";
        let width = text_width(words, MSG_FONT);
        let first = Spot {
            x: 1000.0,
            y: 600.0,
            anchor: "middle",
        };
        let second = Spot {
            x: 1000.0,
            y: 480.0,
            anchor: "middle",
        };
        let spots = [&first, &second];
        let place = |kept, fixed: &[Rect], passing: &[Rect]| {
            layout.place_index(words, MSG_FONT, &spots, kept, (fixed, passing))
        };
        assert_eq!(place(None, &[], &[]), 0);
        // Another message's words or a clock's rate at the first place: the second.
        let taken = [first.rect(width, MSG_FONT)];
        assert_eq!(place(None, &[], &taken), 1);
        assert_eq!(place(None, &taken, &[]), 1);
        // Where this message's words stood in the last frame, they stay for words passing by,
        // not for a clock's rate.
        assert_eq!(place(Some(0), &[], &taken), 0);
        assert_eq!(place(Some(0), &taken, &[]), 1);
    }

    #[test]
    fn moving_words_keep_the_side_they_took_and_fall_behind_the_dot_as_it_arrives() {
        // N2 sends down-left to N1. The words' side for the whole way is above the dot, but as
        // they leave N2 its places there are on N2's labels, and they take the left.
        let layout = seated(&[(300.0, 500.0), (1300.0, 200.0)]);
        let words = "put x=1";
        assert_eq!(layout.side_for(words, MSG_FONT, 1, 0), 0);
        let mut kept = None;
        let mut way = Vec::new();
        for k in 0..=50 {
            let reach = f64::from(k) / 50.0;
            let (place, spot) = layout.place_words(words, (1, 0), reach, kept, (&[], &[]));
            // Never on a server or the clients' box.
            let r = spot.rect(text_width(words, MSG_FONT), MSG_FONT);
            assert_eq!(layout.overlap(&r, &r), 0.0, "{reach}");
            way.push((reach, place));
            kept = Some(place);
        }
        // They keep to the left (where it is covered at the dot, falling behind it: first 60
        // units, then 120) until the dot reaches N1's circle, and go over to its right only
        // there; they never go back to the side first chosen, above.
        let sides: Vec<usize> = way.iter().map(|(_, p)| p.side()).collect();
        let to_right = sides.iter().position(|&s| s != 3).unwrap_or(sides.len());
        assert!(way[to_right].0 >= 0.85, "{way:?}");
        assert!(sides[to_right..].iter().all(|&s| s == 2), "{sides:?}");
        let behind: Vec<usize> = way[..to_right]
            .iter()
            .filter_map(|(_, p)| match *p {
                WordPlace::Beside { ahead, .. } if WordPlace::AHEAD[ahead] < 0.0 => Some(ahead),
                _ => None,
            })
            .collect();
        assert!(behind.contains(&4), "{way:?}");
    }

    #[test]
    fn a_cross_keeps_off_a_third_servers_words() {
        // A link from N1 to N2 passing just under N3's circle, through its role: the middle
        // is covered, so the ✕ moves along to a clear place.
        let layout = seated(&[(200.0, 300.0), (1600.0, 300.0), (900.0, 180.0)]);
        let tries = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74];
        let (x, y) = layout.along(0, 1, 0.5);
        let cross = |x: f64, y: f64| Rect {
            left: x - CROSS_HALF,
            top: y - CROSS_HALF,
            right: x + CROSS_HALF,
            bottom: y + CROSS_HALF,
        };
        assert!(
            layout.covered(&cross(x, y)) > 0.0,
            "the middle is under N3's words"
        );
        let (x, y) = layout.cross_along(0, 1, &tries);
        assert_eq!(layout.covered(&cross(x, y)), 0.0, "({x}, {y})");
    }
    #[test]
    fn a_link_bends_around_a_server_between_its_ends() {
        // N3 sits on the straight line from N1 to N2: the link bends, clear of N3's circle,
        // crown and words (over them, the lesser bend); N1 to N3 stays straight.
        let mut layout = seated(&[(200.0, 300.0), (1600.0, 300.0), (900.0, 300.0)]);
        layout.bend_links();
        let bend = layout.curve(0, 1);
        assert!(bend.bent);
        assert_eq!(layout.over_others(0, 1, &bend), 0.0);
        let (_, y) = layout.along(0, 1, 0.5);
        assert!(y <= 300.0 - CROWN_TOP - DOT_R, "{y}");
        // The same way seen from either end.
        let (x, y) = layout.along(1, 0, 0.5);
        let (x2, y2) = layout.along(0, 1, 0.5);
        assert!((x - x2).abs() < 1e-6 && (y - y2).abs() < 1e-6);
        assert_eq!(layout.curve(0, 2).c, (550.0, 300.0));
        // A triangle: nothing between any two, no bend.
        let mut triangle = seated(&[(941.0, 130.0), (1522.2, 770.0), (359.8, 770.0)]);
        triangle.bend_links();
        for (a, b) in [(0, 1), (0, 2), (1, 2)] {
            assert!(!triangle.curve(a, b).bent, "N{}–N{}", a + 1, b + 1);
        }
        // Straight, it went through N3.
        let straight = Curve::new((200.0, 300.0), (1600.0, 300.0), 0.0);
        assert!(layout.over_others(0, 1, &straight) > 0.0);
    }

    #[test]
    fn a_part_of_a_curve_is_drawn_on_the_curve() {
        let curve = Curve::new((0.0, 0.0), (1000.0, 0.0), 400.0);
        let path = curve.path(0.2, 0.7);
        let numbers: Vec<f64> = path
            .split(['M', 'Q', ' '])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let [x0, y0, cx, cy, x1, y1] = numbers[..] else {
            panic!("{path}")
        };
        let part = Curve {
            p: (x0, y0),
            c: (cx, cy),
            q: (x1, y1),
            bent: true,
        };
        for k in 0..=10 {
            let f = f64::from(k) / 10.0;
            let (a, b) = (part.at(f), curve.at(0.2 + 0.5 * f));
            assert!(
                (a.0 - b.0).abs() < 0.2 && (a.1 - b.1).abs() < 0.2,
                "{a:?} {b:?}"
            );
        }
    }
}
