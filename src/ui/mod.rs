//! The playground in the browser: Yew components over the core. The only module that knows
//! about the DOM; it reads plain data from the simulation and sends it commands.

mod app;
mod canvas;
mod chrome;
mod export;
mod feed;
mod guide;
mod history;
pub mod i18n;
mod inspector;
mod lab;
mod live;
mod logs;
mod num;
mod ring_panel;
mod ring_view;
mod safety;
mod settings;
mod share;
mod spacetime;
mod stage;
mod store;
pub mod store_feed;
mod view;

pub use app::Adjusted;
pub use chrome::Failure;
pub use share::Refused;
use wasm_bindgen::JsCast;

/// Mount the playground into `#app`, replacing the loading indicator.
pub fn mount() {
    install_panic_overlay();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser page has a document");
    let root = document
        .get_element_by_id("app")
        .expect("index.html has an #app element");
    root.set_inner_html("");
    yew::Renderer::<app::App>::with_root(root).render();
}

thread_local! {
    /// The run as of the user's latest action, so a bug report can carry a link that replays
    /// everything that led to the bug.
    static LAST_RUN: std::cell::RefCell<Option<crate::share::Run>> =
        const { std::cell::RefCell::new(None) };
}

/// Keep the run for the bug report (called after each user action, not each frame).
pub(crate) fn remember_run(run: crate::share::Run) {
    LAST_RUN.with(|r| {
        if let Ok(mut slot) = r.try_borrow_mut() {
            *slot = Some(run);
        }
    });
}

/// The replay link of the last remembered run, if it can be read now.
fn replay_link(page: &str) -> Option<String> {
    let run = LAST_RUN.with(|r| r.try_borrow().ok().and_then(|slot| slot.clone()))?;
    Some(share::url_with(page, &run))
}

/// A bug must never leave a blank or frozen page: show what happened and how to recover.
fn install_panic_overlay() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(overlay) = document.create_element("div") else {
            return;
        };
        overlay.set_class_name("panic-overlay");
        overlay.set_attribute("role", "alertdialog").ok();
        let page = document.url().unwrap_or_default();
        let replay = replay_link(&page)
            .map(|l| format!("\nReplay (seed and every action up to the bug): {l}\n"))
            .unwrap_or_default();
        let report =
            format!("Ringleader stopped because of a bug.\n\nPage: {page}\n{replay}\n{message}");
        overlay.set_inner_html(
            "<h2>Something went wrong · 出错了</h2>\
             <p>The playground hit a bug and stopped. Copy the report below into a bug report, \
             then reload. 演练场遇到错误已停止：请复制下面的报告，然后重新加载。</p>\
             <textarea readonly rows=\"6\"></textarea>\
             <button type=\"button\" onclick=\"location.reload()\">Reload · 重新加载</button>",
        );
        if let Some(area) = overlay
            .query_selector("textarea")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            area.set_value(&report);
        }
        if let Some(body) = document.body() {
            body.append_child(&overlay).ok();
        }
    }));
}
