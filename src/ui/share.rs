//! Share links, run files and exports: the page's state as a `share::Run` and back, and the
//! browser plumbing (address bar, downloads, file picking).

use crate::share::{self, Run, ShareError};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The fragment key of a run in a link: `…/#run=1.<base64url>`. A fragment never reaches a
/// server, so any static host serves the page and the link can be long.
pub const FRAGMENT: &str = "run=";

/// The page's own address (without any fragment) with `run` in its fragment: the one way a
/// link to a run is written (the share dialog, "open in Ringleader", the bug report).
pub fn page_url_with(run: &Run) -> String {
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    url_with(&page, run)
}

/// The fragment key of a quorum store run: `…/#store=1.<base64url>`.
pub const STORE_FRAGMENT: &str = "store=";

/// The page's own address with a store run in its fragment.
pub fn page_url_with_store(run: &crate::share::StoreRun) -> String {
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let base = page.split('#').next().unwrap_or_default();
    format!("{base}#{STORE_FRAGMENT}{}", share::link::encode_store(run))
}

/// `url` with `query` in place of its query string (its fragment kept).
pub fn with_query(url: &str, query: &str) -> String {
    let (rest, fragment) = url
        .split_once('#')
        .map_or((url, None), |(r, f)| (r, Some(f)));
    let base = rest.split('?').next().unwrap_or_default();
    match fragment {
        Some(f) => format!("{base}?{query}#{f}"),
        None => format!("{base}?{query}"),
    }
}

/// `page` without its fragment, with `run` in the fragment instead.
pub fn url_with(page: &str, run: &Run) -> String {
    let base = page.split('#').next().unwrap_or_default();
    format!("{base}#{FRAGMENT}{}", share::link::encode(run))
}

/// The run or store run in the page's fragment (`#run=…` or `#store=…`): `None` without one,
/// `Some(Err)` for a link that cannot be used. A link of one kind under the other's key is
/// read as what it is (`share::link::decode_either`).
pub fn link_in_fragment() -> Option<Result<share::link::Linked, ShareError>> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let hash = hash.strip_prefix('#')?;
    if let Some(text) = hash.strip_prefix(STORE_FRAGMENT) {
        Some(share::link::decode_either(text, true))
    } else {
        hash.strip_prefix(FRAGMENT)
            .map(|text| share::link::decode_either(text, false))
    }
}

/// Put a URL in the address bar without reloading.
pub fn replace_url(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        history
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
            .ok();
    }
}

/// The run as pretty JSON, through the browser's own JSON.
pub fn run_to_json(run: &Run) -> Result<String, Refused> {
    let value = serde_wasm_bindgen::to_value(run).map_err(|_| Refused::Json)?;
    js_sys::JSON::stringify_with_replacer_and_space(
        &value,
        &wasm_bindgen::JsValue::NULL,
        &wasm_bindgen::JsValue::from_f64(1.0),
    )
    .ok()
    .and_then(|s| s.as_string())
    .ok_or(Refused::Json)
}

pub use crate::share::file::{run_from_json, scenario_from_json, Why, MAX_FILE_BYTES};

/// Where a run came from that could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The page's address (a share link): the defaults open instead.
    Link,
    /// A run file or a scenario file: the current run stays.
    RunFile,
    ScenarioFile,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RunProblem {
    pub source: Source,
    pub why: Why,
}

/// Why a download or an export did not happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The browser would not make the file (its data, its address or the link to it).
    File,
    /// The run could not be written as JSON.
    Json,
    /// The picture to export is not on the page.
    NotShown,
    /// The picture could not be put together from the page.
    Picture,
}

/// Offer `body` as a file download.
pub fn download(name: &str, mime: &str, body: &str) -> Result<(), Refused> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(body));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| Refused::File)?;
    download_blob(name, &blob)
}

pub fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), Refused> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| Refused::File)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(Refused::File)?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| Refused::File)?
        .dyn_into()
        .map_err(|_| Refused::File)?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url).ok();
    Ok(())
}

/// Read a picked file as text and hand it to `done`; a file too large is not read at all.
pub fn read_file(file: &web_sys::File, done: yew::Callback<Result<String, Why>>) {
    if file.size() > MAX_FILE_BYTES as f64 {
        done.emit(Err(Why::TooLarge));
        return;
    }
    let Ok(reader) = web_sys::FileReader::new() else {
        done.emit(Err(Why::Unreadable));
        return;
    };
    let r = reader.clone();
    let onload = Closure::once_into_js(move || {
        let text = r
            .result()
            .ok()
            .and_then(|v| v.as_string())
            .ok_or(Why::Unreadable);
        done.emit(text);
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    if reader.read_as_text(file).is_err() {
        reader.set_onload(None);
    }
}

/// Put `text` on the clipboard and say whether that worked (a page without clipboard access,
/// an iframe without permission, says no: the link stays selectable in the dialog).
pub fn copy_text(text: &str, done: yew::Callback<bool>) {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        done.emit(false);
        return;
    };
    let promise = clipboard.write_text(text);
    let ok = done.clone();
    let on_ok: Closure<dyn FnMut(wasm_bindgen::JsValue)> =
        Closure::once(move |_: wasm_bindgen::JsValue| ok.emit(true));
    let on_err: Closure<dyn FnMut(wasm_bindgen::JsValue)> =
        Closure::once(move |_: wasm_bindgen::JsValue| done.emit(false));
    let _ = promise.then2(&on_ok, &on_err);
    // The promise settles once, later: the two closures live until then.
    on_ok.forget();
    on_err.forget();
}
