//! Exports: the current view as an SVG or PNG picture (the trace is written by the
//! playground, `playground::trace_json`).

use super::share::Refused;
use crate::playground::View;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Download the current view as a picture: the stage (cluster and both views) or the ring
/// picture (ring view), as SVG or PNG, under `name` plus the extension.
pub fn picture(view: View, name: &str, png: bool) -> Result<(), Refused> {
    if view != View::Ring {
        let svg = if view == View::Lab {
            stage_svg(&lab_charts()?)?
        } else {
            stage_svg(&shown("svg.stage")?)?
        };
        return if png {
            svg_to_png_download(&svg, &format!("{name}.png"), 1600)
        } else {
            super::share::download(&format!("{name}.svg"), "image/svg+xml", &svg)
        };
    }
    let canvas: web_sys::HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("canvas.ring-canvas").ok().flatten())
        .and_then(|c| c.dyn_into().ok())
        .ok_or(Refused::NotShown)?;
    if png {
        canvas_png_download(&canvas, &format!("{name}.png"));
        return Ok(());
    }
    let data = canvas.to_data_url().map_err(|_| Refused::Picture)?;
    let (w, h) = (canvas.width(), canvas.height());
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><image href=\"{data}\" width=\"{w}\" height=\"{h}\"/></svg>"
    );
    super::share::download(&format!("{name}.svg"), "image/svg+xml", &svg)
}

/// The first element the page shows that matches `selector`.
fn shown(selector: &str) -> Result<web_sys::Element, Refused> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .ok_or(Refused::NotShown)
}

/// The Lab's chart, or its charts one under the other in one picture (Figure 16 has two
/// graphs).
fn lab_charts() -> Result<web_sys::Element, Refused> {
    let first = shown("svg.lab-chart")?;
    // Each chart is in a figure of its own, the figures side by side in their box.
    let mut charts = Vec::new();
    let mut next = first.parent_element();
    while let Some(figure) = next {
        if let Ok(Some(chart)) = figure.query_selector("svg.lab-chart") {
            charts.push(chart);
        }
        next = figure.next_element_sibling();
    }
    if charts.len() == 1 {
        return Ok(first);
    }
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(Refused::Picture)?;
    let whole = document
        .create_element_ns(Some("http://www.w3.org/2000/svg"), "svg")
        .map_err(|_| Refused::Picture)?;
    let (mut width, mut y) = (0u32, 0u32);
    for chart in charts {
        // "0 0 w h", in whole units (the chart writes them so).
        let size: Vec<u32> = chart
            .get_attribute("viewBox")
            .unwrap_or_default()
            .split(' ')
            .filter_map(|s| s.parse().ok())
            .collect();
        let [_, _, w, h] = size[..] else {
            return Err(Refused::Picture);
        };
        let copy: web_sys::Element = chart
            .clone_node_with_deep(true)
            .map_err(|_| Refused::Picture)?
            .dyn_into()
            .map_err(|_| Refused::Picture)?;
        copy.set_attribute("y", &y.to_string()).ok();
        copy.set_attribute("width", &w.to_string()).ok();
        copy.set_attribute("height", &h.to_string()).ok();
        whole.append_child(&copy).map_err(|_| Refused::Picture)?;
        width = width.max(w);
        y += h;
    }
    whole
        .set_attribute("viewBox", &format!("0 0 {width} {y}"))
        .ok();
    whole.set_attribute("class", "lab-chart").ok();
    Ok(whole)
}

/// A drawing of the page as a standalone SVG: the drawing plus the page's style sheet and
/// the current theme's colours, so it looks the same outside the page.
pub fn stage_svg(svg: &web_sys::Element) -> Result<String, Refused> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(Refused::Picture)?;
    let shell = document
        .query_selector(".shell")
        .ok()
        .flatten()
        .ok_or(Refused::Picture)?;
    let clone: web_sys::Element = svg
        .clone_node_with_deep(true)
        .map_err(|_| Refused::Picture)?
        .dyn_into()
        .map_err(|_| Refused::Picture)?;
    let style = web_sys::window()
        .and_then(|w| w.get_computed_style(&shell).ok().flatten())
        .ok_or(Refused::Picture)?;
    let vars: Vec<String> = [
        "--bg",
        "--surface",
        "--text",
        "--muted",
        "--line",
        "--accent",
        "--leader",
        "--candidate",
        "--follower",
        "--crashed",
        "--granted",
        "--denied",
        "--sky",
    ]
    .iter()
    .map(|v| {
        format!(
            "{v}: {};",
            style.get_property_value(v).unwrap_or_default().trim()
        )
    })
    .collect();
    let mut css = String::new();
    let sheets = document.style_sheets();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets
            .item(i)
            .and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok())
        else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else {
            continue;
        };
        for j in 0..rules.length() {
            if let Some(rule) = rules.item(j) {
                css.push_str(&rule.css_text());
                css.push('\n');
            }
        }
    }
    clone
        .set_attribute("xmlns", "http://www.w3.org/2000/svg")
        .ok();
    clone.set_attribute("width", "1000").ok();
    clone.set_attribute("height", "1000").ok();
    clone
        .set_attribute(
            "style",
            &format!(
                "{} background: var(--bg); font-family: system-ui, sans-serif;",
                vars.join(" ")
            ),
        )
        .ok();
    let markup = web_sys::XmlSerializer::new()
        .and_then(|s| s.serialize_to_string(&clone))
        .map_err(|_| Refused::Picture)?;
    // The style sheet goes right after the opening tag, escaped: this is XML, and a rule's
    // text can hold `<` (`@media (width <= 760px)`, as the minified sheet writes it) or `&`.
    let open_end = markup.find('>').ok_or(Refused::Picture)? + 1;
    Ok(format!(
        "{}<style>{}</style>{}",
        &markup[..open_end],
        xml_text(&css),
        &markup[open_end..]
    ))
}

/// `text` as XML character data.
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Render an SVG to a PNG of `size` × `size` pixels and download it.
pub fn svg_to_png_download(svg: &str, name: &str, size: u32) -> Result<(), Refused> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(Refused::Picture)?;
    let img: web_sys::HtmlImageElement = document
        .create_element("img")
        .map_err(|_| Refused::Picture)?
        .dyn_into()
        .map_err(|_| Refused::Picture)?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| Refused::Picture)?
        .dyn_into()
        .map_err(|_| Refused::Picture)?;
    canvas.set_width(size);
    canvas.set_height(size);
    let name = name.to_string();
    let (img2, canvas2) = (img.clone(), canvas.clone());
    let onload = Closure::once_into_js(move || {
        let Some(ctx) = canvas2
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        ctx.draw_image_with_html_image_element_and_dw_and_dh(
            &img2,
            0.0,
            0.0,
            f64::from(size),
            f64::from(size),
        )
        .ok();
        canvas_png_download(&canvas2, &name);
    });
    img.set_onload(Some(onload.unchecked_ref()));
    let data = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    );
    img.set_src(&data);
    Ok(())
}

/// Download a canvas as a PNG.
pub fn canvas_png_download(canvas: &web_sys::HtmlCanvasElement, name: &str) {
    let name = name.to_string();
    let done = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
        if let Some(blob) = blob {
            super::share::download_blob(&name, &blob).ok();
        }
    });
    canvas.to_blob(done.unchecked_ref()).ok();
}
