//! What a frame of the space-time strip must draw, given what its canvas already holds.
//!
//! The page draws the strip's arrows like a chart recorder: on a canvas where x is absolute
//! time, each frame adds only the stretch each arrow made since the last frame (see
//! `ui::spacetime`). That is only right while the run goes on from what was drawn; this
//! decides when it does not (a rewind, an arrow that changed, a new selection, the canvas's
//! end) and the window must be drawn whole again. It is plain data, so it is tested natively.

use super::read::{Arrow, Mark, StripModel, STRIP_MAX};
use crate::sim::{MsgId, SimTime};

/// An arrow as it was drawn: if any of this changes, what the canvas shows of it is wrong.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Drawn {
    id: MsgId,
    sent: SimTime,
    end: SimTime,
    died_at: Option<f64>,
    from: u8,
    to: u8,
}

impl Drawn {
    fn of(a: &Arrow) -> Drawn {
        Drawn {
            id: a.id,
            sent: a.sent,
            end: a.end,
            died_at: a.died_at,
            from: a.from,
            to: a.to,
        }
    }
}

/// What the strip's arrow canvas holds: at first, nothing.
#[derive(Debug)]
pub struct StripCanvas {
    /// Nothing is drawn (a new or cleared canvas).
    blank: bool,
    /// The arrows drawn, in the model's order: newest first, by falling id.
    arrows: Vec<Drawn>,
    /// Whether they came in that order, so that `drawn` can find them. Any other order is
    /// drawn whole on every frame: slower, never wrong.
    by_falling_id: bool,
    marks: Vec<Mark>,
    /// The time the arrows are drawn up to.
    drawn_to: SimTime,
    selected: Option<MsgId>,
}

/// What a frame draws.
#[derive(Debug, PartialEq)]
pub struct StripDraw<'a> {
    /// Clear the canvas and draw the window from the model.
    pub whole: bool,
    /// Arrows to draw: each from a time (the stretch made since then), or from its start.
    pub pieces: Vec<(&'a Arrow, Option<SimTime>)>,
    /// Marks to draw.
    pub marks: Vec<&'a Mark>,
}

impl StripDraw<'_> {
    /// Nothing to draw: the canvas already shows this model.
    pub fn is_empty(&self) -> bool {
        !self.whole && self.pieces.is_empty() && self.marks.is_empty()
    }
}

impl Default for StripCanvas {
    fn default() -> StripCanvas {
        StripCanvas {
            blank: true,
            arrows: Vec::new(),
            by_falling_id: true,
            marks: Vec::new(),
            drawn_to: SimTime::ZERO,
            selected: None,
        }
    }
}

impl StripCanvas {
    /// What to draw so that the canvas shows `m` with `selected` highlighted. `fits`: whether
    /// the canvas still reaches `m.now` (else it is drawn whole again, further along).
    pub fn plan<'a>(
        &self,
        m: &'a StripModel,
        selected: Option<MsgId>,
        fits: bool,
    ) -> StripDraw<'a> {
        let whole = self.blank
            || !self.by_falling_id
            || !fits
            || self.selected != selected
            || m.now < self.drawn_to
            || m.arrows.len() >= STRIP_MAX
            || m.arrows
                .iter()
                .any(|a| self.drawn(a.id).is_some_and(|d| *d != Drawn::of(a)));
        if whole {
            return StripDraw {
                whole,
                pieces: m.arrows.iter().map(|a| (a, None)).collect(),
                marks: m.marks.iter().collect(),
            };
        }
        let pieces = m
            .arrows
            .iter()
            .filter_map(|a| match self.drawn(a.id) {
                None => Some((a, None)),
                // Still on its way when last drawn, and time has moved on.
                Some(_) if a.end > self.drawn_to && m.now > self.drawn_to => {
                    Some((a, Some(self.drawn_to)))
                }
                Some(_) => None,
            })
            .collect();
        StripDraw {
            whole,
            pieces,
            marks: m.marks.iter().filter(|k| !self.marks.contains(k)).collect(),
        }
    }

    /// The canvas now shows `m` with `selected` highlighted.
    pub fn drew(&mut self, m: &StripModel, selected: Option<MsgId>) {
        self.blank = false;
        self.arrows = m.arrows.iter().map(Drawn::of).collect();
        self.by_falling_id = self.arrows.windows(2).all(|w| w[0].id > w[1].id);
        self.marks.clone_from(&m.marks);
        self.drawn_to = m.now;
        self.selected = selected;
    }

    fn drawn(&self, id: MsgId) -> Option<&Drawn> {
        self.arrows
            .binary_search_by(|d| id.cmp(&d.id))
            .ok()
            .map(|i| &self.arrows[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::MarkKind;

    fn arrow(id: u64, sent_ms: u64, end_ms: u64) -> Arrow {
        Arrow {
            id: MsgId(id),
            from: 0,
            to: 1,
            sent: SimTime::from_millis(sent_ms),
            end: SimTime::from_millis(end_ms),
            died_at: None,
            kind: "AppendEntries",
        }
    }

    fn model(now_ms: u64, arrows: Vec<Arrow>, marks: Vec<Mark>) -> StripModel {
        StripModel {
            now: SimTime::from_millis(now_ms),
            servers: 2,
            lanes: 2,
            down: vec![false, false],
            arrows,
            marks,
        }
    }

    fn ids(d: &StripDraw<'_>) -> Vec<(u64, Option<u64>)> {
        d.pieces
            .iter()
            .map(|(a, since)| (a.id.0, since.map(|t| t.0 / 1000)))
            .collect()
    }

    #[test]
    fn a_new_canvas_is_drawn_whole() {
        let m = model(50, vec![arrow(2, 30, 70), arrow(1, 10, 40)], vec![]);
        let d = StripCanvas::default().plan(&m, None, true);
        assert!(d.whole);
        assert_eq!(ids(&d), [(2, None), (1, None)]);
    }

    #[test]
    fn a_frame_adds_new_arrows_and_what_flying_ones_made_and_nothing_else() {
        let mut c = StripCanvas::default();
        let m1 = model(50, vec![arrow(2, 30, 70), arrow(1, 10, 40)], vec![]);
        c.drew(&m1, None);
        let m2 = model(
            60,
            vec![arrow(3, 55, 90), arrow(2, 30, 70), arrow(1, 10, 40)],
            vec![],
        );
        let d = c.plan(&m2, None, true);
        assert!(!d.whole);
        // 1 had arrived by 50 ms: not drawn again; 2 grows from 50 ms; 3 is new.
        assert_eq!(ids(&d), [(3, None), (2, Some(50))]);
        c.drew(&m2, None);
        // Paused: the same model again draws nothing.
        assert!(c.plan(&m2, None, true).is_empty());
    }

    #[test]
    fn a_new_mark_alone_is_drawn_alone() {
        let mut c = StripCanvas::default();
        let m1 = model(50, vec![arrow(1, 10, 40)], vec![]);
        c.drew(&m1, None);
        let mark = Mark {
            lane: 1,
            at: SimTime::from_millis(50),
            kind: MarkKind::Leader,
        };
        // Stepping one event: same time, a new mark.
        let m2 = model(50, vec![arrow(1, 10, 40)], vec![mark.clone()]);
        let d = c.plan(&m2, None, true);
        assert!(!d.whole && d.pieces.is_empty());
        assert_eq!(d.marks, [&mark]);
    }

    #[test]
    fn going_back_a_changed_arrow_a_new_selection_or_the_canvas_end_draw_it_whole() {
        let mut c = StripCanvas::default();
        let m1 = model(50, vec![arrow(2, 30, 70), arrow(1, 10, 40)], vec![]);
        c.drew(&m1, None);
        // A rewind.
        let back = model(45, vec![arrow(2, 30, 70), arrow(1, 10, 40)], vec![]);
        assert!(c.plan(&back, None, true).whole);
        // Message 2's receiver crashed: it dies on its way, and its arrow stops short.
        let mut dying = arrow(2, 30, 70);
        dying.died_at = Some(0.88);
        let changed = model(55, vec![dying, arrow(1, 10, 40)], vec![]);
        assert!(c.plan(&changed, None, true).whole);
        // A click on a message.
        let later = model(55, vec![arrow(2, 30, 70), arrow(1, 10, 40)], vec![]);
        assert!(!c.plan(&later, None, true).whole);
        assert!(c.plan(&later, Some(MsgId(2)), true).whole);
        // The canvas does not reach `now` any more.
        assert!(c.plan(&later, None, false).whole);
    }

    #[test]
    fn arrows_out_of_their_order_are_drawn_whole_every_frame() {
        let mut c = StripCanvas::default();
        let m = model(50, vec![arrow(1, 10, 40), arrow(2, 30, 70)], vec![]);
        c.drew(&m, None);
        assert!(c.plan(&m, None, true).whole);
    }

    #[test]
    fn the_model_lists_arrows_newest_first() {
        let mut pg = crate::playground::tests::playground();
        crate::playground::tests::play_for(&mut pg, crate::sim::Duration::from_millis(400));
        let m = pg.strip();
        assert!(m.arrows.len() > 20, "{} arrows", m.arrows.len());
        assert!(m.arrows.windows(2).all(|w| w[0].id > w[1].id));
        // And on a run forked in its past.
        use crate::playground::{Intent, NodeCmd};
        pg.apply(Intent::Seek(SimTime::from_millis(300)));
        pg.apply(Intent::Node(crate::sim::NodeId(1), NodeCmd::Crash));
        crate::playground::tests::play_for(&mut pg, crate::sim::Duration::from_millis(200));
        let m = pg.strip();
        assert!(pg.timeline().forked_at().is_some() && m.arrows.len() > 20);
        assert!(m.arrows.windows(2).all(|w| w[0].id > w[1].id));
    }
}
