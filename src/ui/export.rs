//! Exports: the trace as JSON, and the current view as an SVG or PNG picture.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::app::App;
use crate::raft::{ActorView, Input, Op, Timer};
use crate::sim::{Action, Cause, DropReason, NodeId};

/// A JSON string literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The run's trace up to the cursor: one object per event with its time, cause, node, the
/// messages it sent (kind, to, fate at send) and the node's view after it.
pub fn trace_json(app: &App) -> String {
    let sim = app.timeline.sim();
    let cursor = app.timeline.cursor() as usize;
    let events: Vec<String> = app.timeline.trace()[..cursor]
        .iter()
        .map(|ev| {
            let sent: Vec<String> = ev
                .sent
                .iter()
                .map(|m| {
                    format!(
                        "{{\"id\":{},\"kind\":{},\"from\":{},\"to\":{},\"arrives_us\":{},\"lost\":{}}}",
                        m.id.0,
                        quote(m.msg.kind()),
                        m.from.0 + 1,
                        m.to.0 + 1,
                        m.arrives_at.0,
                        m.lost
                    )
                })
                .collect();
            format!(
                "{{\"event\":{},\"time_us\":{},\"node\":{},\"cause\":{},\"sent\":[{}],\"view\":{}}}",
                ev.index,
                ev.time.0,
                ev.node.map_or("null".into(), |n| (n.0 + 1).to_string()),
                quote(&cause_text(&ev.cause)),
                sent.join(","),
                ev.changed.as_ref().map_or("null".into(), view_json)
            )
        })
        .collect();
    format!(
        "{{\"format\":\"ringleader-trace\",\"version\":1,\"seed\":{},\"servers\":{},\"trace_hash\":\"{:016x}\",\"events\":[\n{}\n]}}\n",
        app.params.seed,
        app.config.servers,
        sim.trace_hash(),
        events.join(",\n")
    )
}

fn node(n: NodeId) -> String {
    n.to_string()
}

/// What caused an event, in words.
fn cause_text(cause: &Cause<Timer, Input>) -> String {
    match cause {
        Cause::Start(n) => format!("start {}", node(*n)),
        Cause::Deliver { msg, from, to } => format!("deliver #{} {} → {}", msg.0, from, to),
        Cause::Drop {
            msg,
            from,
            to,
            reason,
        } => {
            let why = match reason {
                DropReason::Loss => "lost",
                DropReason::LinkCut => "link cut",
                DropReason::NodeDown => "receiver down",
            };
            format!("drop #{} {} → {} ({why})", msg.0, from, to)
        }
        Cause::Timer { node: n, timer } => {
            let which = match timer {
                Timer::Election => "election",
                Timer::Heartbeat => "heartbeat",
                Timer::ClientRetry => "client retry",
                Timer::ClientNext => "client next",
            };
            format!("{which} timer of {}", node(*n))
        }
        Cause::Command(action) => format!("user: {}", action_text(action)),
    }
}

/// A user action, in words.
pub fn action_text(a: &Action<Input>) -> String {
    let op = |op: &Op| match op {
        Op::Put { key, value } => format!("put {key}={value}"),
        Op::Get { key } => format!("get {key}"),
        Op::Cas { key, new, .. } => format!("cas {key}→{new}"),
        Op::Delete { key } => format!("delete {key}"),
    };
    let ms = |d: crate::sim::Duration| d.to_string();
    match a {
        Action::Crash(n) => format!("crash {n}"),
        Action::Restart(n) => format!("restart {n}"),
        Action::Pause(n) => format!("pause {n}"),
        Action::Resume(n) => format!("resume {n}"),
        Action::Cut { from, to } => format!("cut {from} → {to}"),
        Action::Heal { from, to } => format!("heal {from} → {to}"),
        Action::Partition(groups) => {
            let groups: Vec<String> = groups
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect();
            format!("partition {}", groups.join(" | "))
        }
        Action::HealAll => "heal all links".into(),
        Action::SetLoss { ppm } => format!("loss {} ppm", ppm),
        Action::SetDuplication { ppm } => format!("duplication {} ppm", ppm),
        Action::SetLatency { min, max } => format!("latency {}–{}", ms(*min), ms(*max)),
        Action::SetLinkLoss { from, to, ppm } => match ppm {
            Some(p) => format!("loss {from} → {to} {p} ppm"),
            None => format!("loss {from} → {to} global"),
        },
        Action::SetLinkLatency { from, to, range } => match range {
            Some((lo, hi)) => format!("latency {from} → {to} {}–{}", ms(*lo), ms(*hi)),
            None => format!("latency {from} → {to} global"),
        },
        Action::Input(n, Input::Timeout) => format!("force timeout {n}"),
        Action::Input(n, Input::Transfer(to)) => format!("{n} transfers leadership to {to}"),
        Action::Input(n, Input::Submit(o)) => format!("client {n}: {}", op(o)),
        Action::Input(n, Input::SubmitTo(s, o)) => format!("client {n} via {s}: {}", op(o)),
    }
}

/// A node's view after an event, as a JSON object.
fn view_json(v: &ActorView) -> String {
    let opt = |n: Option<NodeId>| n.map_or("null".into(), |n| quote(&n.to_string()));
    match v {
        ActorView::Server(s) => format!(
            "{{\"role\":{},\"term\":{},\"voted_for\":{},\"leader\":{},\"last_index\":{},\"last_term\":{},\"commit\":{},\"applied\":{}}}",
            quote(s.role.name()),
            s.term,
            opt(s.voted_for),
            opt(s.leader),
            s.last_index,
            s.last_term,
            s.commit_index,
            s.last_applied
        ),
        ActorView::Client(c) => format!(
            "{{\"client_target\":{},\"outstanding\":{},\"completed\":{},\"queued\":{}}}",
            quote(&c.target.to_string()),
            c.outstanding.map_or("null".into(), |s| s.to_string()),
            c.completed,
            c.queued
        ),
    }
}

/// The stage as a standalone SVG: the drawing plus the page's style sheet and the current
/// theme's colours, so it looks the same outside the page.
pub fn stage_svg() -> Result<String, String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let svg = document
        .query_selector("svg.stage")
        .ok()
        .flatten()
        .ok_or("the cluster view is not shown")?;
    let shell = document
        .query_selector(".shell")
        .ok()
        .flatten()
        .ok_or("no page")?;
    let clone: web_sys::Element = svg
        .clone_node_with_deep(true)
        .map_err(|_| "cannot copy the stage")?
        .dyn_into()
        .map_err(|_| "cannot copy the stage")?;
    let style = web_sys::window()
        .and_then(|w| w.get_computed_style(&shell).ok().flatten())
        .ok_or("no style")?;
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
        .map_err(|_| "cannot write the SVG")?;
    // The style sheet goes right after the opening tag.
    let open_end = markup.find('>').ok_or("cannot write the SVG")? + 1;
    Ok(format!(
        "{}<style>{}</style>{}",
        &markup[..open_end],
        css.replace("]]>", ""),
        &markup[open_end..]
    ))
}

/// Render an SVG to a PNG of `size` × `size` pixels and download it.
pub fn svg_to_png_download(svg: &str, name: &str, size: u32) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let img: web_sys::HtmlImageElement = document
        .create_element("img")
        .map_err(|_| "no image")?
        .dyn_into()
        .map_err(|_| "no image")?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| "no canvas")?
        .dyn_into()
        .map_err(|_| "no canvas")?;
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
