//! Share links, run files and exports: the page's state as a `share::Run` and back, and the
//! browser plumbing (address bar, downloads, file picking).

use crate::ring::lab::{KeySet, Lab};
use crate::ring::Algorithm;
use crate::share::{self, ClusterSpec, Moment, RingSpec, Run, ShareError, ViewSpec};
use crate::sim::SimTime;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::app::{App, View};
use super::i18n::Lang;
use super::params::Theme;

/// The fragment key of a run in a link: `…/#run=1.<base64url>`. A fragment never reaches a
/// server, so any static host serves the page and the link can be long.
pub const FRAGMENT: &str = "run=";

impl App {
    /// The whole current run as data.
    pub(super) fn to_run(&self) -> Run {
        let sim = self.timeline.sim();
        let lab = &self.lab;
        Run {
            version: share::VERSION,
            seed: self.params.seed,
            cluster: ClusterSpec::of(&self.config),
            commands: sim.commands().to_vec(),
            moment: Moment {
                events: self.timeline.cursor(),
                time_us: sim.now().0,
                head_us: self.head.max(sim.now()).0,
            },
            view: ViewSpec {
                view: match self.view {
                    View::Cluster => "cluster",
                    View::Ring => "ring",
                    View::Both => "both",
                }
                .into(),
                lang: match self.lang {
                    Lang::En => "en",
                    Lang::Zh => "zh",
                }
                .into(),
                theme: match self.theme {
                    Theme::Light => "light",
                    Theme::Dark => "dark",
                }
                .into(),
                speed: self.speed as u8,
                paused: !self.playing,
            },
            ring: RingSpec {
                members: lab
                    .members
                    .list()
                    .iter()
                    .map(|m| (m.name.clone(), m.weight, m.up))
                    .collect(),
                algorithm: lab.algorithm().name().into(),
                compare: lab.compared().map(|a| a.name().into()),
                vnodes: lab.vnodes,
                replicas: lab.replicas,
                keys: (&lab.key_set).into(),
            },
            // Built-in scenarios travel by name, with the step the viewer has reached.
            scenario: self
                .scenario
                .as_ref()
                .filter(|p| crate::scenario::find(&p.scenario.id).is_some())
                .map(|p| (p.scenario.id.clone(), p.next as u32)),
        }
    }

    /// Replace the page's state with a run: rebuild the cluster from its seed and settings,
    /// replay its commands up to where it was computed, and land on its moment.
    pub(super) fn load_run(&mut self, run: &Run) -> Result<(), String> {
        run.validate().map_err(|e| e.to_string())?;
        let algo = |name: &str| Algorithm::parse(name, run.ring.vnodes).map_err(|e| e.to_string());
        let lab = Lab::restore(
            run.seed,
            &run.ring.members,
            crate::ring::lab::with_vnodes(algo(&run.ring.algorithm)?, run.ring.vnodes),
            run.ring.compare.as_deref().map(algo).transpose()?,
            run.ring.vnodes,
            run.ring.replicas,
            KeySet::from(&run.ring.keys),
        )
        .map_err(|e| e.to_string())?;
        self.params.seed = run.seed;
        self.config = run.cluster.config();
        self.params.nodes = self.config.servers;
        self.lab = lab;
        self.restart();
        for cmd in &run.commands {
            self.timeline
                .act_at(cmd.at, cmd.action.clone())
                .map_err(|e| e.to_string())?;
        }
        self.run_until(SimTime(run.moment.head_us));
        self.seek_moment(run.moment.events, SimTime(run.moment.time_us));
        // Ring nodes that are servers follow the servers as of this moment.
        self.sync_ring();
        self.view = match run.view.view.as_str() {
            "ring" => View::Ring,
            "both" => View::Both,
            _ => View::Cluster,
        };
        self.lang = Lang::parse(&run.view.lang).unwrap_or(self.lang);
        self.theme = if run.view.theme == "dark" {
            Theme::Dark
        } else {
            Theme::Light
        };
        self.speed = usize::from(run.view.speed).min(super::app::SPEEDS.len() - 1);
        self.playing = !run.view.paused;
        self.scenario = run.scenario.as_ref().and_then(|(id, next)| {
            let scenario = crate::scenario::find(id)?;
            let next = (*next as usize).min(scenario.steps.len());
            let shown = scenario.steps[..next]
                .iter()
                .rposition(|s| !s.caption.en.is_empty());
            Some(crate::scenario::Player {
                scenario,
                next,
                shown,
            })
        });
        self.ring_changed(None);
        Ok(())
    }

    /// Put the cursor after `events` events at virtual time `t` (a moment may sit between
    /// events, or among several events of one instant).
    pub(super) fn seek_moment(&mut self, events: u64, t: SimTime) {
        let trace = self.timeline.trace();
        let at_or_before = trace.partition_point(|e| e.time <= t) as u64;
        let result = if at_or_before == events {
            self.timeline.seek_time(t)
        } else {
            self.timeline.seek_event(events)
        };
        if let Err(e) = result {
            self.error = Some(e.to_string());
        }
    }

    /// The page's address with this run in its fragment.
    pub(super) fn share_url(&self) -> String {
        let base = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let base = base.split('#').next().unwrap_or_default();
        format!("{base}#{FRAGMENT}{}", share::link::encode(&self.to_run()))
    }
}

/// The run in the page's fragment, if there is one: `None` without one, `Some(Err)` for a
/// link that cannot be used.
pub fn run_in_fragment() -> Option<Result<Run, ShareError>> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let text = hash.strip_prefix('#')?.strip_prefix(FRAGMENT)?;
    Some(share::link::decode(text))
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
pub fn run_to_json(run: &Run) -> Result<String, String> {
    let value = serde_wasm_bindgen::to_value(run).map_err(|e| e.to_string())?;
    js_sys::JSON::stringify_with_replacer_and_space(
        &value,
        &wasm_bindgen::JsValue::NULL,
        &wasm_bindgen::JsValue::from_f64(1.0),
    )
    .ok()
    .and_then(|s| s.as_string())
    .ok_or_else(|| "the run could not be written as JSON".to_string())
}

pub fn run_from_json(text: &str) -> Result<Run, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "the file is not JSON".to_string())?;
    let run: Run = serde_wasm_bindgen::from_value(value)
        .map_err(|e| format!("the file is not a Ringleader run: {e}"))?;
    run.validate().map_err(|e| e.to_string())?;
    Ok(run)
}

/// A user's scenario file, checked before it is played.
pub fn scenario_from_json(text: &str) -> Result<crate::scenario::Scenario, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "the file is not JSON".to_string())?;
    let s: crate::scenario::Scenario = serde_wasm_bindgen::from_value(value)
        .map_err(|e| format!("the file is not a Ringleader scenario: {e}"))?;
    s.validate()?;
    Ok(s)
}

/// Offer `body` as a file download.
pub fn download(name: &str, mime: &str, body: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(body));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser refused to make the file".to_string())?;
    download_blob(name, &blob)
}

pub fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob)
        .map_err(|_| "the browser refused to make the file".to_string())?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no link element")?
        .dyn_into()
        .map_err(|_| "no link element")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url).ok();
    Ok(())
}

/// Read a picked file as text and hand it to `done`.
pub fn read_file(file: &web_sys::File, done: yew::Callback<Result<String, String>>) {
    let Ok(reader) = web_sys::FileReader::new() else {
        done.emit(Err("the browser cannot read files".into()));
        return;
    };
    let r = reader.clone();
    let onload = Closure::once_into_js(move || {
        let text = r
            .result()
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| "the file could not be read as text".to_string());
        done.emit(text);
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    if reader.read_as_text(file).is_err() {
        reader.set_onload(None);
    }
}
