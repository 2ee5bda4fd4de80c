//! What the canvas pictures share: the 2D context, the page's colours (CSS variables, so the
//! theme applies), and sizing the backing store to the element at the device's pixel ratio.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, CssStyleDeclaration, HtmlCanvasElement};

pub fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
}

/// The computed style of an element, to read the theme's colours from.
pub struct Palette(Option<CssStyleDeclaration>);

impl Palette {
    pub fn of(element: &HtmlCanvasElement) -> Palette {
        Palette(
            web_sys::window()
                .and_then(|w| w.get_computed_style(element).ok())
                .flatten(),
        )
    }

    /// A CSS variable's value (`--text`), or a neutral grey if it is not set.
    pub fn var(&self, name: &str) -> String {
        self.0
            .as_ref()
            .and_then(|c| c.get_property_value(name).ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "#888".into())
    }
}

/// Size the canvas's pixels to `width` × `height` CSS pixels at the device pixel ratio;
/// returns the ratio (the transform to draw in CSS pixels).
pub fn fit(canvas: &HtmlCanvasElement, width: f64, height: f64) -> f64 {
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio().max(1.0));
    let (pw, ph) = ((width * ratio) as u32, (height * ratio) as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    ratio
}
