//! The parts of the page that change with the clock alone: the stage (messages fly, timers
//! run down), the strip, the playback bar's clock, the caption under the stage and the run's
//! figures.
//!
//! Most frames of a run at an ordinary speed apply no event: only the clock moves. On such a
//! frame the app does not render the whole page again (header, panels, logs, safety: all as
//! they were); it renders these parts into their cells and has only them drawn again. Every
//! other frame, and every user action, renders the whole page as before, these parts with it.

use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// What one part shows, and the way to have it drawn again.
#[derive(Default)]
pub struct LiveCell {
    html: RefCell<Html>,
    redraw: RefCell<Option<UseForceUpdateHandle>>,
}

impl LiveCell {
    /// What the part shows from now on (drawn at the next render of the page or of the part).
    pub fn set(&self, html: Html) {
        *self.html.borrow_mut() = html;
    }

    /// Draw the part again, alone.
    pub fn redraw(&self) {
        if let Some(handle) = self.redraw.borrow().as_ref() {
            handle.force_update();
        }
    }
}

#[derive(Properties, Clone)]
pub struct LiveProps {
    pub cell: Rc<LiveCell>,
    /// Changed by each render of the page, so the part is drawn with it.
    pub version: u64,
}

impl PartialEq for LiveProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.cell, &other.cell) && self.version == other.version
    }
}

#[function_component(Live)]
pub fn live(props: &LiveProps) -> Html {
    let redraw = use_force_update();
    // This render's handle: a part shown again after it was hidden is a new component.
    *props.cell.redraw.borrow_mut() = Some(redraw);
    props.cell.html.borrow().clone()
}
