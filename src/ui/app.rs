//! The page's root: owns the playground and the state that only the page has (language,
//! theme, view, selection, dialogs, notices), runs the frame loop, and lays out the panels.
//!
//! Every panel is a component with small props that compare cheaply, and every panel gets the
//! same `dispatch` callback, made once. So when a frame advances the run, only what changed is
//! drawn again: the stage, the strip, the clock, and any panel whose model differs.

use crate::playground::store::{LazyStore, Store, StoreIntent};
use crate::playground::{
    self, page, Effects, Intent, Lang, Notice, Opening, Playground, Problem, Theme, View,
};
use crate::share::link::Linked;
use crate::sim::{MsgId, NodeId};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::chrome::Failure;
use super::ring_panel::RingModel;
use super::ring_view::{Picture, PictureRef, ReadoutModel, MOVE_MS};

/// What the inspector shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    Node(NodeId),
    /// Lower id first.
    Link(NodeId, NodeId),
    Message(MsgId),
}

/// The side panel's tabs (the logs and the safety checks are pinned above them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelTab {
    Ring,
    Inspect,
    Network,
    Cluster,
    Feed,
    History,
}

impl PanelTab {
    pub const ALL: [PanelTab; 6] = [
        PanelTab::Ring,
        PanelTab::Inspect,
        PanelTab::Network,
        PanelTab::Cluster,
        PanelTab::Feed,
        PanelTab::History,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PanelTab::Ring => "ring",
            PanelTab::Inspect => "inspect",
            PanelTab::Network => "network",
            PanelTab::Cluster => "cluster",
            PanelTab::Feed => "feed",
            PanelTab::History => "history",
        }
    }

    pub fn text(self) -> super::i18n::Text {
        use super::i18n::Text;
        match self {
            PanelTab::Ring => Text::TabRing,
            PanelTab::Inspect => Text::TabInspect,
            PanelTab::Network => Text::TabNetwork,
            PanelTab::Cluster => Text::TabCluster,
            PanelTab::Feed => Text::TabFeed,
            PanelTab::History => Text::TabHistory,
        }
    }

    /// Whether the tab belongs to a view: the ring's in the ring views, the rest in the
    /// cluster views.
    pub fn shown_in(self, view: View) -> bool {
        match self {
            PanelTab::Ring => view.shows_ring(),
            _ => view.shows_cluster(),
        }
    }

    /// This tab, or the first one the view has.
    pub fn or_shown(self, view: View) -> PanelTab {
        if self.shown_in(view) {
            self
        } else if view.shows_ring() {
            PanelTab::Ring
        } else {
            PanelTab::Inspect
        }
    }
}

/// What the address bar says of the page: language, view, built-in scenario and, in the Lab,
/// its experiment and settings.
type AddressState = (
    Lang,
    View,
    Option<String>,
    Option<(crate::lab::Experiment, crate::lab::Settings)>,
);

#[derive(Clone)]
pub enum Msg {
    /// Anything the playground does.
    Do(Intent),
    /// Show a tab of the side panel.
    Tab(PanelTab),
    /// "Where does my key go?": the key typed so far.
    LookUpKey(String),
    Frame(f64),
    /// Something done in the Lab view.
    Lab(super::lab::LabMsg),
    Select(Option<Selection>),
    SetView(View),
    ToggleLang,
    ToggleTheme,
    ToggleHelp,
    ToggleLegend,
    /// Show (or hide) the share dialog, putting the run's link in the address bar.
    ToggleShare,
    /// Copy the share link to the clipboard; then whether it worked.
    CopyLink,
    Copied(bool),
    DismissNotices,
    /// A notice of what just happened (a fork, a restart) has been read by now.
    NoticeRead,
    NewSeed,
    Key(KeyboardEvent),
    /// The window changed size: canvases redraw at the new size.
    Resized,
    /// Larger (+1) or smaller (−1) stage and captions, or back to normal (0).
    Zoom(i8),
    DownloadRun,
    /// A run file was picked; then its text, or why it could not be read.
    OpenRunFile(web_sys::File),
    RunFileRead(Result<String, super::share::Why>),
    OpenScenarioFile(web_sys::File),
    ScenarioFileRead(Result<String, super::share::Why>),
    /// Stop opening a long run; the run before it stays.
    CancelOpening,
    /// A number field did not take what was typed as it was.
    /// A number field's value not taken as typed, or (`None`) one that was.
    Adjusted(Option<Adjusted>),
    ExportTrace,
    ExportSvg,
    ExportPng,
    /// From an embedded page: open this run in the full playground, in a new tab.
    OpenFull,
    /// Anything done to the quorum store.
    Store(StoreIntent),
    /// A node of the quorum store picked (or none).
    StoreSelect(Option<NodeId>),
}

/// The one callback every panel sends its messages through.
pub type Dispatch = Callback<Msg>;

/// How long a notice of a fork or a restart stays up: time to read its sentence twice.
const NOTICE_MS: u32 = 8_000;
/// The presenter's zoom, in percent.
const MIN_ZOOM: u32 = 75;
const MAX_ZOOM: u32 = 200;

/// A click that sends `msg`. One closure type for every button: each `reform(|_| …)` is a
/// closure type of its own, with its own code and vtable in the bundle.
pub fn click(d: &Dispatch, msg: Msg) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_: MouseEvent| d.emit(msg.clone()))
}

/// A callback that sends the message `f` makes of an event, when it makes one.
pub fn send_if<E: 'static>(d: &Dispatch, f: impl Fn(E) -> Option<Msg> + 'static) -> Callback<E> {
    let d = d.clone();
    Callback::from(move |e: E| {
        if let Some(msg) = f(e) {
            d.emit(msg);
        }
    })
}

/// A number field's change: the whole number typed, brought within `range` (the field's
/// `current` value if what was typed is not a whole number, as "1.5"; the limit if it is all
/// digits, too many to read, or a negative whole number), written back into the field so that it always shows
/// the value in use, and sent as `f` makes it when it differs from `current`. A value
/// brought within range, or not taken, is said in a notice: the field alone would change
/// under the reader's eyes without a word.
pub fn number_field(
    d: &Dispatch,
    current: u32,
    range: std::ops::RangeInclusive<u32>,
    f: impl Fn(u32) -> Msg + 'static,
) -> Callback<Event> {
    let range = (u64::from(*range.start()), u64::from(*range.end()));
    // Within `range`, so within u32.
    wide_number_field(d, current.into(), range, move |v| f(v as u32))
}

/// `number_field` for settings wider than u32 (the Lab's keys and seed).
pub fn wide_number_field(
    d: &Dispatch,
    current: u64,
    range: (u64, u64),
    f: impl Fn(u64) -> Msg + 'static,
) -> Callback<Event> {
    let d = d.clone();
    Callback::from(move |e: Event| {
        let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
            return;
        };
        let (used, adjusted) = read_number(&input, current, range);
        if used != current {
            d.emit(f(used));
        }
        // A value taken as typed ends a notice about an earlier one (it went on saying
        // "20001 is outside…" over the value typed after it).
        d.emit(Msg::Adjusted(adjusted));
    })
}

/// What a number field holds, as `number_field` takes it: the value to use (written back into
/// the field) and, when that is not what was typed, the notice that says so.
pub fn read_number(
    input: &web_sys::HtmlInputElement,
    current: u64,
    range: (u64, u64),
) -> (u64, Option<Adjusted>) {
    let typed = input.value();
    let text = typed.trim();
    // The value to use, and whether it is what was typed (`None`: not a whole number).
    let (used, as_typed) = match text.parse::<u64>() {
        Ok(v) => {
            let used = v.clamp(range.0, range.1);
            (used, Some(used == v))
        }
        // All digits, yet too many to read: far above the limit.
        Err(_) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            (range.1, Some(false))
        }
        // A negative whole number: below the limit ("-5" is outside 1 to 20,000).
        Err(_)
            if text.len() > 1
                && text.starts_with('-')
                && text.bytes().skip(1).all(|b| b.is_ascii_digit()) =>
        {
            (range.0, Some(false))
        }
        Err(_) => (current, None),
    };
    input.set_value(&used.to_string());
    let adjusted = (as_typed != Some(true) && !text.is_empty()).then(|| Adjusted {
        field: input
            .get_attribute("aria-label")
            .or_else(|| input.closest("label").ok()??.text_content())
            .unwrap_or_default()
            .trim()
            .to_string(),
        typed: text.to_string(),
        used,
        range,
        kept: as_typed.is_none(),
    });
    (used, adjusted)
}

/// A number field's value that was not taken as typed: out of range (brought within it), or
/// not a whole number (the value in use kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adjusted {
    /// The field's name, as its label says it.
    pub field: String,
    pub typed: String,
    pub used: u64,
    pub range: (u64, u64),
    /// Not a whole number: the value in use was kept.
    pub kept: bool,
}

/// A run a link or a file asked for, being replayed a slice per frame.
pub struct OpeningRun {
    pub(super) opening: Opening,
    source: super::share::Source,
    /// The address's own language and theme, which win over the run's.
    address: (Option<Lang>, Option<Theme>),
    /// What to say once the run is open (a scenario in the address that it left unused).
    then: Option<Notice>,
}

/// Wall time one frame gives to opening a long run: the page stays live and can cancel.
const OPENING_SLICE_MS: f64 = 12.0;
/// A run that opens within this much wall time opens at once, without a progress line.
const OPENING_AT_ONCE_MS: f64 = 40.0;

/// Why the Lab did not run an experiment or open a trial.
pub(super) enum LabRefusal {
    /// Settings within range that the page cannot run and stay live.
    TooLarge(crate::lab::TooLarge, crate::lab::Settings),
    /// A trial's run that could not be opened.
    Trial(crate::share::ShareError),
    /// Settings out of range (worded in the page's language; the page's fields and its link
    /// reader keep them in range, so the page does not reach it).
    Settings(crate::lab::OutOfRange),
}

pub struct App {
    pub(super) pg: Playground,
    /// The quorum store's run (its own view; built when first shown, it plays only while
    /// shown).
    pub(super) store: LazyStore,
    pub(super) store_selected: Option<NodeId>,
    pub(super) embed: bool,
    pub(super) lang: Lang,
    pub(super) theme: Theme,
    pub(super) view: View,
    pub(super) selected: Option<Selection>,
    pub(super) tab: PanelTab,
    /// The key typed into "where does my key go?".
    pub(super) key_lookup: String,
    pub(super) show_help: bool,
    pub(super) show_legend: bool,
    /// A dialog opened: move the focus into it after the next render.
    focus_dialog: bool,
    /// What had the focus when the first dialog opened: it gets it back when the last closes.
    opener: Option<web_sys::Element>,
    /// The last dialog closed: give `opener` the focus after the next render.
    refocus: bool,
    /// The scenario's cue the page last scrolled for (on a phone), if a scenario plays.
    scrolled_cue: Option<usize>,
    /// The scenario was left: move the focus to the page after the next render.
    focus_shell: bool,
    /// The language, view and built-in scenario the address bar says (`follow_address`).
    address: AddressState,
    /// The language the document's title and `lang` were last set for.
    titled: Option<Lang>,
    /// The share dialog's link, while it is open.
    pub(super) share: Option<String>,
    /// Whether copying the link worked, once tried.
    pub(super) copied: Option<bool>,
    pub(super) reduced_motion: bool,
    pub(super) bad_params: Rc<Vec<page::BadParam>>,
    pub(super) notice: Option<Notice>,
    /// A number typed that a field did not take as it was: said until read.
    pub(super) adjusted: Option<Adjusted>,
    /// A long run being opened, a slice per frame, with a progress line and Cancel.
    pub(super) opening: Option<OpeningRun>,
    /// Takes the notice away after `NOTICE_MS`: it floats over the top of the stage.
    notice_timer: Option<gloo_timers::callback::Timeout>,
    /// The run stopped (a bound was reached) or a scenario step failed.
    pub(super) error: Option<super::chrome::Failure>,
    pub(super) ring_error: Option<crate::ring::RingError>,
    /// Why a share link or run file could not be used.
    pub(super) run_problem: Option<super::share::RunProblem>,
    /// The ring lens: one picture per algorithm shown, its numbers, and the panel's model,
    /// all rebuilt when the lab changes (never per frame).
    pub(super) pictures: Vec<(PictureRef, Rc<ReadoutModel>)>,
    pub(super) ring_model: Rc<RingModel>,
    /// The lab changed while no ring was on screen: its pictures are built when one is (a
    /// cold page that opens on the cluster view never draws the ring).
    ring_stale: bool,
    /// When (wall ms) the moved keys of the last membership change started to hop.
    ring_anim: Option<f64>,
    /// Progress of that hop, 0 to 1, for this frame.
    pub(super) ring_phase: Option<f64>,
    /// Counts window resizes, so canvases know to redraw.
    pub(super) resizes: u32,
    /// Width over height of the stage's space, in thousandths: the stage fills it.
    pub(super) stage_aspect: u32,
    /// The presenter's zoom of the stage and captions, in percent.
    pub(super) zoom: u32,
    /// The Lab: what is chosen, and the experiment being run (or last run).
    pub(super) lab_experiment: crate::lab::Experiment,
    pub(super) lab_settings: crate::lab::Settings,
    lab_progress: Option<crate::lab::Progress>,
    lab_running: bool,
    /// Why the Lab did not run or open a trial: worded when drawn, in the page's language.
    lab_error: Option<LabRefusal>,
    pub(super) dispatch: Dispatch,
    /// The parts drawn again on a frame where only the clock moved (see `live`).
    pub(super) live: super::view::LiveParts,
    /// Renders of the whole page so far: each one draws the live parts with it.
    pub(super) renders: std::cell::Cell<u64>,
    /// The id of the pending `requestAnimationFrame`, to cancel it.
    frame: Option<i32>,
    /// What each frame calls, made once: a closure made per frame is a JS function and its
    /// wrapper to collect, sixty times a second.
    on_frame: Closure<dyn FnMut(f64)>,
    /// The window, looked up once (each lookup crosses into JS and checks its type).
    window: Option<web_sys::Window>,
    last_frame: Option<f64>,
    _on_resize: Option<Closure<dyn FnMut()>>,
    /// Watches the lenses' box, which changes without the window (a caption that wraps,
    /// a notice shown), so the stage and the ring's canvas take the new shape.
    lens_observer: Option<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>,
    /// The lenses' box watched, if any, and the view it belongs to.
    observed: Option<(View, Option<web_sys::Element>)>,
    _on_key: Option<Closure<dyn FnMut(KeyboardEvent)>>,
    /// The button the pointer last pressed, until Tab moves the focus: a button keeps the
    /// focus after a click, and Space there should play or pause, not press it again.
    pointer_pressed: Rc<std::cell::RefCell<Option<web_sys::Element>>>,
    _on_pointer: Option<Closure<dyn FnMut(web_sys::PointerEvent)>>,
}

fn wall_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The layouts where the page scrolls and the playback bar and the caption stay at the
/// screen's bottom (the style sheet's phone rules).
const PHONE: &str = "(max-width: 760px), (max-height: 560px)";

/// Scroll the stage (with the ring's pictures and their figures) to the top of the screen if
/// the caption box or the playback bar covers part of it (on a phone on its side the caption
/// box sits beside the stage; the bar still covers its foot until it is scrolled up).
fn scroll_stage_clear() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let find = |sel: &str| doc.query_selector(sel).ok().flatten();
    let Some(stage) = find(".lenses") else {
        return;
    };
    let s = stage.get_bounding_client_rect();
    let covers = |sel: &str| {
        find(sel).is_some_and(|el| {
            let o = el.get_bounding_client_rect();
            o.top() + 1.0 < s.bottom()
                && s.top() + 1.0 < o.bottom()
                && o.left() + 1.0 < s.right()
                && s.left() + 1.0 < o.right()
        })
    };
    if s.top() < 0.0 || covers("[data-testid=scenario-caption]") || covers(".controls") {
        stage.scroll_into_view_with_bool(true);
    }
}

fn media_matches(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let query = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        let (params, bad_params) = page::parse(&query);
        let theme = params
            .theme
            .unwrap_or(if media_matches("(prefers-color-scheme: dark)") {
                Theme::Dark
            } else {
                Theme::Light
            });
        let mut app = App {
            pg: Playground::from_params(&params),
            store: LazyStore::new(params.seed, params.speed, !params.paused),
            store_selected: None,
            embed: params.embed,
            lang: params.lang,
            theme,
            view: params.view,
            selected: None,
            tab: PanelTab::Inspect,
            key_lookup: String::new(),
            show_help: false,
            show_legend: false,
            focus_dialog: false,
            opener: None,
            refocus: false,
            scrolled_cue: None,
            focus_shell: false,
            address: (Lang::En, View::Cluster, None, None),
            titled: None,
            share: None,
            copied: None,
            reduced_motion: media_matches("(prefers-reduced-motion: reduce)"),
            bad_params: Rc::new(bad_params),
            notice: None,
            adjusted: None,
            opening: None,
            notice_timer: None,
            error: None,
            ring_error: None,
            run_problem: None,
            pictures: Vec::new(),
            ring_model: Rc::default(),
            ring_stale: true,
            ring_anim: None,
            ring_phase: None,
            resizes: 0,
            stage_aspect: 1000,
            zoom: 100,
            lab_experiment: crate::lab::Experiment::Balance,
            lab_settings: crate::lab::Experiment::Balance.defaults(),
            lab_progress: None,
            lab_running: false,
            lab_error: None,
            dispatch: ctx.link().callback(|m| m),
            live: Default::default(),
            renders: Default::default(),
            frame: None,
            on_frame: {
                let cb = ctx.link().callback(Msg::Frame);
                Closure::new(move |ts: f64| cb.emit(ts))
            },
            window: web_sys::window(),
            last_frame: None,
            _on_resize: None,
            lens_observer: None,
            observed: None,
            _on_key: None,
            pointer_pressed: Rc::default(),
            _on_pointer: None,
        };
        if let Some(s) = params.scenario.as_deref().and_then(crate::scenario::find) {
            app.view = View::parse(&s.view).unwrap_or(app.view);
        }
        // A quorum store scenario opens in the store's view (`paused=1`: at its start).
        if let Some(id) = params
            .scenario
            .as_deref()
            .filter(|id| crate::scenario::store::find(id).is_some())
        {
            let store = app.store.get_mut();
            store.apply(StoreIntent::OpenScenario(id.to_string()));
            store.apply(StoreIntent::SetSpeed(params.speed));
            store.apply(StoreIntent::Play(!params.paused));
            app.view = View::Store;
        }
        // A Lab link opens the Lab and runs its experiment: the same settings give the same
        // rows, so the link carries the results too.
        if let Some((experiment, settings)) = params.lab {
            app.view = View::Lab;
            app.lab_experiment = experiment;
            app.lab_settings = settings;
            app.lab(super::lab::LabMsg::Run);
        }
        match super::share::link_in_fragment() {
            Some(Ok(Linked::Store(run))) => {
                app.store.set(Store::from_link(&run));
                app.view = View::Store;
            }
            Some(Ok(Linked::Run(run))) => {
                // The address's own language and theme, where it says them (rightly), win
                // over the run's: `?lang=zh#run=…` opens a run shared in English in Chinese.
                let said = |key: &str| {
                    page::pairs(&query).any(|(name, _)| name == key)
                        && !app.bad_params.iter().any(|b| b.name == key)
                };
                let lang = said("lang").then_some(params.lang);
                let theme = params.theme.filter(|_| said("theme"));
                // A share link made in a scenario carries the same scenario in its run; one
                // that does not (an address edited by hand) opens the run as it was, and says
                // once it is open that the address's scenario was left unused. (A store
                // scenario is opened in the store's view, and a Lab's settings in the Lab's:
                // both are used there.)
                let own_scenario = run.scenario.as_ref().map(|(id, _)| id.as_str());
                let unused = params.scenario.as_deref().is_some_and(|id| {
                    crate::scenario::find(id).is_some() && Some(id) != own_scenario
                });
                let then = unused.then_some(Notice::RunOverSettings);
                app.open_run(*run, super::share::Source::Link, (lang, theme), then);
            }
            Some(Err(e)) => app.refuse_link(e),
            None => {}
        }
        app.redraw_ring(None);
        app.address = app.address_state();
        app.listen(ctx);
        app.start_frame_loop();
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let by_user = !matches!(msg, Msg::Frame(_) | Msg::Resized | Msg::NoticeRead);
        // Leaving a scenario removes the button that had the focus: the page takes it, so
        // Tab starts from the top and not from nowhere.
        if matches!(msg, Msg::Do(Intent::LeaveScenario)) {
            self.focus_shell = true;
        }
        let render = self.handle(ctx, msg);
        if self.ring_stale && self.view.shows_ring() {
            // Drawn as it is now; the hop of a change made out of sight is not replayed.
            self.redraw_ring(None);
            self.ring_anim = None;
            self.ring_phase = None;
        }
        if by_user {
            super::remember_run(self.to_run());
            self.follow_address();
        }
        self.start_frame_loop();
        render
    }

    fn view(&self, _ctx: &Context<Self>) -> Html {
        super::view::render(self)
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        // The stage takes the shape of its space once that space has been laid out.
        if first_render {
            ctx.link().send_message(Msg::Resized);
        }
        self.observe_lenses();
        // The page's title and language follow the page's language (screen readers, fonts).
        if self.titled != Some(self.lang) {
            self.titled = Some(self.lang);
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                doc.set_title(super::i18n::t(self.lang, super::i18n::Text::PageTitle));
                if let Some(root) = doc.document_element() {
                    root.set_attribute("lang", self.lang.code()).ok();
                }
            }
        }
        if std::mem::take(&mut self.focus_shell) {
            let shell = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(".shell").ok().flatten())
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = shell {
                el.focus().ok();
            }
        }
        if std::mem::take(&mut self.refocus) {
            if let Some(el) = self.opener.take() {
                if let Some(html) = el.dyn_ref::<web_sys::HtmlElement>() {
                    html.focus().ok();
                } else if let Some(svg) = el.dyn_ref::<web_sys::SvgElement>() {
                    svg.focus().ok();
                }
            }
        }
        // A dialog that just opened takes the focus, so the keyboard is in it.
        if std::mem::take(&mut self.focus_dialog) {
            let target = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(
                        ".share-dialog input[type=text], .help-overlay, .legend-overlay",
                    )
                    .ok()
                    .flatten()
                })
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = target {
                el.focus().ok();
            }
        }
        // On a phone the caption box and the playback bar stay at the screen's bottom, over
        // the stage's lower half until the page is scrolled to it: a scenario opened or a new
        // cue brings the stage up to the top, clear of them.
        let cue = if self.view == View::Store {
            self.store.get().scenario().map(|p| p.cue)
        } else {
            let now = self.pg.timeline().sim().now();
            self.pg.scenario().map(|p| p.cue_at(now))
        };
        if cue != self.scrolled_cue {
            self.scrolled_cue = cue;
            if cue.is_some() && !self.embed && media_matches(PHONE) {
                scroll_stage_clear();
            }
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.stop_frame_loop();
    }
}

impl App {
    /// Handle one message; returns whether to render.
    fn handle(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            // The playback bar, the caption box and the history speak to the store here.
            Msg::Do(intent) if self.view == View::Store && store_intent(&intent).is_some() => {
                if let Some(i) = store_intent(&intent) {
                    let fx = self.store.get_mut().apply(i);
                    self.absorb(fx);
                }
            }
            Msg::Store(intent) => {
                if matches!(intent, StoreIntent::OpenScenario(_)) {
                    self.view = View::Store;
                    self.store_selected = None;
                }
                let fx = self.store.get_mut().apply(intent);
                self.absorb(fx);
                if self
                    .store_selected
                    .is_some_and(|id| id.0 >= self.store.get().config().nodes)
                {
                    self.store_selected = None;
                }
            }
            Msg::StoreSelect(s) => {
                self.store_selected = if self.store_selected == s { None } else { s };
            }
            Msg::Do(intent) => {
                if matches!(intent, Intent::Ring(_)) {
                    self.ring_error = None;
                }
                let fx = self.pg.apply(intent);
                self.absorb(fx);
            }
            Msg::Frame(ts) => {
                self.frame = None;
                let dt = self
                    .last_frame
                    .map_or(0.0, |last| (ts - last).clamp(0.0, 1_000.0));
                self.last_frame = Some(ts);
                if self.opening.is_some() {
                    // The run shown waits while the one asked for is opened.
                    self.open_slice(OPENING_SLICE_MS);
                } else if self.view == View::Lab {
                    // The run waits while the Lab has the page; the Lab gets the frame.
                    self.lab_slice();
                } else if self.view == View::Store {
                    let fx = self.store.get_mut().tick((dt * 1000.0) as u64);
                    self.absorb(fx);
                } else {
                    let before = (self.pg.sim().events(), self.pg.timeline().cursor());
                    let fx = self.pg.tick((dt * 1000.0) as u64);
                    let clock_only = fx == Effects::default()
                        && before == (self.pg.sim().events(), self.pg.timeline().cursor())
                        && self.clock_only_view();
                    self.absorb(fx);
                    if clock_only {
                        super::view::redraw_live(self);
                        return false;
                    }
                }
                if let Some(start) = self.ring_anim {
                    let phase = (wall_ms() - start) / MOVE_MS;
                    if phase >= 1.0 {
                        self.ring_anim = None;
                        self.ring_phase = None;
                    } else {
                        self.ring_phase = Some(phase.max(0.0));
                    }
                }
            }
            Msg::Lab(m) => self.lab(m),
            Msg::Select(s) => {
                self.selected = if self.selected == s { None } else { s };
                // What was picked is shown at once.
                if self.selected.is_some() {
                    self.tab = PanelTab::Inspect;
                }
            }
            Msg::Tab(tab) => self.tab = tab,
            Msg::LookUpKey(key) => self.key_lookup = key,
            Msg::SetView(v) => self.view = v,
            Msg::ToggleLang => self.lang = self.lang.other(),
            Msg::ToggleTheme => self.theme = self.theme.other(),
            Msg::ToggleHelp => {
                self.note_opener();
                self.show_help = !self.show_help;
                self.focus_dialog = self.show_help;
                self.refocus_opener();
            }
            Msg::ToggleLegend => {
                self.note_opener();
                self.show_legend = !self.show_legend;
                self.focus_dialog = self.show_legend;
                self.refocus_opener();
            }
            Msg::CopyLink => {
                if let Some(url) = &self.share {
                    super::share::copy_text(url, ctx.link().callback(Msg::Copied));
                }
                return false;
            }
            Msg::Copied(ok) => self.copied = Some(ok),
            Msg::ToggleShare => {
                self.copied = None;
                self.note_opener();
                if self.share.is_some() {
                    self.share = None;
                    self.refocus_opener();
                } else {
                    let url = self.share_url();
                    super::share::replace_url(&url);
                    self.share = Some(url);
                    self.focus_dialog = true;
                }
            }
            Msg::NoticeRead => {
                self.notice = None;
                self.adjusted = None;
                self.notice_timer = None;
            }
            Msg::Adjusted(Some(a)) => {
                self.adjusted = Some(a);
                self.notice_goes_by();
            }
            Msg::Adjusted(None) => self.adjusted = None,
            Msg::CancelOpening => {
                if let Some(o) = self.opening.take() {
                    if o.source == super::share::Source::Link {
                        self.drop_fragment();
                    }
                    self.absorb(Effects {
                        notice: Some(Notice::OpeningCancelled),
                        ..Effects::default()
                    });
                }
            }
            Msg::DismissNotices => {
                self.bad_params = Rc::default();
                self.notice = None;
                self.adjusted = None;
                self.run_problem = None;
                self.error = None;
            }
            Msg::NewSeed => {
                let mut bytes = [0u8; 8];
                // The only place true randomness enters: choosing a seed. The run itself is
                // a function of the seed.
                let seed = match getrandom::fill(&mut bytes) {
                    Ok(()) => u64::from_le_bytes(bytes) % 1_000_000,
                    Err(_) => self.pg.seed().wrapping_add(1),
                };
                let fx = if self.view == View::Store {
                    self.store.get_mut().apply(StoreIntent::NewSeed(seed))
                } else {
                    self.pg.apply(Intent::NewSeed(seed))
                };
                self.absorb(fx);
                self.selected = None;
            }
            Msg::Key(e) => {
                // Tab in an open dialog was handled as it happened (see `listen`).
                if e.key() == "Tab" && self.dialog_open() {
                    return false;
                }
                // A closed list changes its value on arrows, PageDown, Home and letters, and
                // the scenario picker opens what it shows: a clicker's PageDown on it would
                // open another scenario. There those keys are the page's; the list opens with
                // Space, Enter, Alt+Down or F4.
                if (on_scenario_picker(&e) && !e.alt_key() && !picker_opens_with(&e.key()))
                    || is_clicker_key(&e)
                {
                    e.prevent_default();
                }
                let Some(msg) = self.key_message(&e) else {
                    return false;
                };
                e.prevent_default();
                return self.handle(ctx, msg);
            }
            Msg::Resized => {
                self.resizes = self.resizes.wrapping_add(1);
                self.measure_stage();
            }
            Msg::Zoom(step) => {
                self.zoom = match step {
                    0 => 100,
                    s if s > 0 => (self.zoom + 25).min(MAX_ZOOM),
                    _ => self.zoom.saturating_sub(25).max(MIN_ZOOM),
                };
            }
            Msg::DownloadRun => {
                let result = super::share::run_to_json(&self.to_run()).and_then(|json| {
                    super::share::download(
                        &format!("ringleader-seed-{}.json", self.pg.seed()),
                        "application/json",
                        &json,
                    )
                });
                if let Err(e) = result {
                    self.error = Some(Failure::Refused(e));
                }
            }
            Msg::OpenRunFile(file) => {
                super::share::read_file(&file, ctx.link().callback(Msg::RunFileRead));
                return false;
            }
            Msg::RunFileRead(text) => {
                use super::share::{RunProblem, Source};
                self.run_problem = None;
                match text.and_then(|t| super::share::run_from_json(&t)) {
                    Ok(run) => self.open_run(run, Source::RunFile, (None, None), None),
                    // A bad file leaves the current run as it was.
                    Err(why) => {
                        self.run_problem = Some(RunProblem {
                            source: Source::RunFile,
                            why,
                        })
                    }
                }
            }
            Msg::OpenScenarioFile(file) => {
                super::share::read_file(&file, ctx.link().callback(Msg::ScenarioFileRead));
                return false;
            }
            Msg::ScenarioFileRead(text) => {
                use super::share::{RunProblem, Source};
                self.run_problem = None;
                let scenario = text.and_then(|t| super::share::scenario_from_json(&t));
                match scenario {
                    Ok(s) => {
                        self.share = None;
                        let fx = self.pg.apply(Intent::OpenScenario(Box::new(s)));
                        self.absorb(fx);
                    }
                    Err(why) => {
                        self.run_problem = Some(RunProblem {
                            source: Source::ScenarioFile,
                            why,
                        })
                    }
                }
            }
            Msg::ExportTrace => {
                let json = playground::trace_json(&self.pg);
                if let Err(e) = super::share::download(
                    &format!("ringleader-trace-seed-{}.json", self.pg.seed()),
                    "application/json",
                    &json,
                ) {
                    self.error = Some(Failure::Refused(e));
                }
            }
            Msg::ExportSvg | Msg::ExportPng => {
                let name = if self.view == View::Lab {
                    format!("ringleader-lab-{}", self.lab_experiment.id())
                } else {
                    format!(
                        "ringleader-seed-{}-event-{}",
                        self.pg.seed(),
                        self.pg.timeline().cursor()
                    )
                };
                let png = matches!(msg, Msg::ExportPng);
                if let Err(e) = super::export::picture(self.view, &name, png) {
                    self.error = Some(Failure::Refused(e));
                }
            }
            Msg::OpenFull => {
                if let Some(w) = web_sys::window() {
                    let url = page::without_setting(&self.share_url(), "embed");
                    w.open_with_url_and_target(&url, "_blank").ok();
                }
                return false;
            }
        }
        true
    }

    /// Watch the lenses' box of the view shown (looked up when the view changes, which may
    /// replace it). Its first report comes at once, then one per change of its size.
    fn observe_lenses(&mut self) {
        let Some((observer, _)) = &self.lens_observer else {
            return;
        };
        if self.observed.as_ref().is_some_and(|(v, _)| *v == self.view) {
            return;
        }
        let lenses = self
            .window
            .as_ref()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".lenses").ok().flatten());
        observer.disconnect();
        if let Some(el) = &lenses {
            observer.observe(el);
        }
        self.observed = Some((self.view, lenses));
    }

    /// Measure the stage's space, so the stage can fill it.
    fn measure_stage(&mut self) {
        let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".stage-wrap").ok().flatten())
        else {
            return;
        };
        let (w, h) = (el.client_width(), el.client_height());
        if w > 0 && h > 0 {
            let aspect = (f64::from(w) / f64::from(h) * 1000.0) as u32;
            // A caption a line longer or shorter changes the stage's height by a few per
            // cent; redrawing for it would reseat the servers (on a wide stage even switch
            // them between a circle and an arch) at every cue. The drawing keeps its layout
            // and only scales until the shape has changed by more than 8 %.
            let (old, new) = (u64::from(self.stage_aspect), u64::from(aspect));
            if new * 100 > old * 108 || new * 108 < old * 100 {
                self.stage_aspect = aspect;
            }
        }
    }

    /// What just happened, said once: it goes by itself (problems and refused links stay
    /// until dismissed).
    fn notice_goes_by(&mut self) {
        let d = self.dispatch.clone();
        self.notice_timer = Some(gloo_timers::callback::Timeout::new(NOTICE_MS, move || {
            d.emit(Msg::NoticeRead)
        }));
    }

    /// Take in what the playground reports.
    fn absorb(&mut self, fx: Effects) {
        if let Some(r) = fx.ring {
            self.redraw_ring(r.removed);
        }
        if fx.notice.is_some() {
            self.notice = fx.notice;
            self.notice_goes_by();
        }
        if let Some(v) = fx.view {
            self.view = v;
        }
        for p in fx.problems {
            match p {
                Problem::Ring(e) => self.ring_error = Some(e),
                Problem::Run(e) => self.error = Some(Failure::Run(e)),
                Problem::Step(errors) => self.error = Some(Failure::Step(errors)),
                Problem::NoScenario(id) => self.error = Some(Failure::NoScenario(id)),
            }
        }
        // A selection may outlive what it pointed at (fewer servers after a restart).
        if let Some(Selection::Node(id) | Selection::Link(_, id)) = self.selected {
            if id.0 >= self.pg.servers() {
                self.selected = None;
            }
        }
    }

    /// The ring lab changed: build its pictures, numbers and panel again, and start the hop
    /// of moved keys after a membership change.
    fn redraw_ring(&mut self, removed: Option<(u32, String)>) {
        if !self.view.shows_ring() {
            self.ring_stale = true;
            return;
        }
        self.ring_stale = false;
        let lab = self.pg.lab();
        let keys = Rc::new(lab.keys().to_vec());
        // hash mod n's share beside another algorithm's figures, unless hash mod n is shown
        // beside it with its own (in a slide's narrow column the line pushed them out of frame).
        let mod_n = lab.change.as_ref().and_then(|(_, f)| *f).filter(|_| {
            lab.lenses()
                .iter()
                .all(|l| l.algo != crate::ring::Algorithm::ModN)
        });
        let optimal = lab.optimal_moved();
        self.pictures = lab
            .lenses()
            .iter()
            .enumerate()
            .map(|(i, lens)| {
                (
                    PictureRef(Rc::new(Picture::of(
                        lens,
                        &lab.members,
                        &keys,
                        removed.clone(),
                    ))),
                    Rc::new(ReadoutModel::of(
                        lens,
                        &lab.members,
                        lab.change.as_ref().map(|(c, _)| c),
                        mod_n,
                        optimal,
                        i == 0,
                        &lab.key_set,
                    )),
                )
            })
            .collect();
        self.ring_model = Rc::new(RingModel::of(&self.pg));
        if lab.change.is_some() && !self.reduced_motion {
            self.ring_anim = Some(wall_ms());
            self.ring_phase = Some(0.0);
        } else {
            self.ring_anim = None;
            self.ring_phase = None;
        }
    }

    /// Replace the run with one from a link or a file, with its view settings.
    fn take_run(&mut self, pg: Playground, view: &crate::share::ViewSpec) {
        self.pg = pg;
        self.view = View::parse(&view.view).unwrap_or(self.view);
        self.lang = Lang::parse(&view.lang).unwrap_or(self.lang);
        self.theme = Theme::parse(&view.theme).unwrap_or(self.theme);
        self.selected = None;
        self.redraw_ring(None);
    }

    /// A share link that cannot be used: say why, and open what the rest of the address
    /// asks for (its seed, view, language…), as a page without the link would. The broken
    /// part leaves the address bar, so a reload does not refuse it again.
    fn refuse_link(&mut self, why: crate::share::ShareError) {
        self.run_problem = Some(super::share::RunProblem {
            source: super::share::Source::Link,
            why: super::share::Why::Run(why),
        });
        self.drop_fragment();
    }

    /// Take the share link out of the address bar, so that a reload does not open it again.
    fn drop_fragment(&mut self) {
        let here = web_sys::window().and_then(|w| w.location().href().ok());
        if let Some((page, _)) = here.as_deref().and_then(|h| h.split_once('#')) {
            super::share::replace_url(page);
        }
    }

    /// Open a run a link or a file describes. Most open within a frame's time, at once; a
    /// long one (millions of events) is replayed a slice per frame with a progress line, and
    /// the reader can cancel it. A run that cannot be opened is refused with the reason.
    fn open_run(
        &mut self,
        run: crate::share::Run,
        source: super::share::Source,
        address: (Option<Lang>, Option<Theme>),
        then: Option<Notice>,
    ) {
        match Opening::start(run) {
            Ok(opening) => {
                self.opening = Some(OpeningRun {
                    opening,
                    source,
                    address,
                    then,
                });
                self.open_slice(OPENING_AT_ONCE_MS);
            }
            Err(why) => self.refuse_run(source, why),
        }
    }

    /// Replay the run being opened for about `budget_ms` of wall time; take it once done.
    fn open_slice(&mut self, budget_ms: f64) {
        let Some(o) = self.opening.as_mut() else {
            return;
        };
        let start = wall_ms();
        while !o.opening.advance(2_000) {
            if wall_ms() - start > budget_ms {
                return;
            }
        }
        let Some(o) = self.opening.take() else {
            return;
        };
        match o.opening.finish() {
            Ok((pg, run)) => {
                self.take_run(pg, &run.view);
                let (lang, theme) = o.address;
                self.lang = lang.unwrap_or(self.lang);
                self.theme = theme.unwrap_or(self.theme);
                self.share = None;
                super::remember_run(self.to_run());
                if o.then.is_some() {
                    self.absorb(Effects {
                        notice: o.then,
                        ..Effects::default()
                    });
                }
            }
            Err(why) => self.refuse_run(o.source, why),
        }
    }

    /// A run from a link or a file that cannot be opened: say why; the run shown stays.
    fn refuse_run(&mut self, source: super::share::Source, why: crate::share::ShareError) {
        use super::share::{RunProblem, Source, Why};
        match source {
            Source::Link => self.refuse_link(why),
            _ => {
                self.run_problem = Some(RunProblem {
                    source,
                    why: Why::Run(why),
                })
            }
        }
    }

    /// What the address bar should say: the language, the view and the built-in scenario.
    fn address_state(&self) -> AddressState {
        // A scenario taken off its script is no longer what is on screen.
        let scenario = if self.view == View::Store {
            self.store
                .get()
                .scenario()
                .filter(|p| !p.off_script)
                .map(|p| p.scenario.id.to_string())
                .filter(|id| crate::scenario::store::find(id).is_some())
        } else {
            self.pg
                .scenario()
                .filter(|p| !p.off_script)
                .map(|p| p.scenario.id.clone())
                .filter(|id| crate::scenario::find(id).is_some())
        };
        let lab = (self.view == View::Lab).then_some((self.lab_experiment, self.lab_settings));
        (self.lang, self.view, scenario, lab)
    }

    /// When the language, view, scenario or the Lab's experiment and settings changed, say so
    /// in the address bar (in place, no reload), so that a reload or a copied address opens
    /// what is on screen; leaving the Lab drops its experiment's settings, which would open
    /// the Lab again.
    fn follow_address(&mut self) {
        let now = self.address_state();
        if now == self.address {
            return;
        }
        let Some(here) = web_sys::window().and_then(|w| w.location().href().ok()) else {
            return;
        };
        let (lang, view, scenario, lab) = &now;
        let mut url = page::with_setting(&here, "lang", Some(lang.name()));
        url = page::with_setting(&url, "view", Some(view.name()));
        url = page::with_setting(&url, "scenario", scenario.as_deref());
        let lab = lab.map(|(e, s)| {
            [
                e.id().to_string(),
                s.nodes.to_string(),
                s.keys.to_string(),
                s.trials.to_string(),
                s.seed.to_string(),
            ]
        });
        for (i, key) in ["lab", "lab-nodes", "lab-keys", "lab-trials", "lab-seed"]
            .into_iter()
            .enumerate()
        {
            url = page::with_setting(&url, key, lab.as_ref().map(|v| v[i].as_str()));
        }
        if url != here {
            super::share::replace_url(&url);
        }
        self.address = now;
    }

    pub(super) fn to_run(&self) -> crate::share::Run {
        self.pg.to_run(self.view, self.lang, self.theme)
    }

    /// Whether a dialog (help, legend, share) is open: the page under it is inert.
    pub(super) fn dialog_open(&self) -> bool {
        self.show_help || self.show_legend || self.share.is_some()
    }

    /// Before a dialog opens over none: remember what has the focus, to give it back.
    fn note_opener(&mut self) {
        if !self.dialog_open() {
            // An HTML control or a server or link of the stage (SVG).
            self.opener = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
        }
    }

    /// After a dialog closed: once none is open, the focus goes back where it was, after
    /// the render that makes the page under it no longer inert.
    fn refocus_opener(&mut self) {
        self.refocus = !self.dialog_open() && self.opener.is_some();
    }

    /// The page's address with what the view shows: the store's run, the Lab's experiment
    /// and settings, or the cluster's run.
    fn share_url(&self) -> String {
        if self.view == View::Store {
            return super::share::page_url_with_store(&self.store.get().to_link());
        }
        let url = super::share::page_url_with(&self.to_run());
        if self.view == View::Lab {
            let query = page::lab_query(self.lab_experiment, self.lab_settings);
            return super::share::with_query(&url, &query);
        }
        url
    }

    // ---- The Lab ----

    fn lab(&mut self, m: super::lab::LabMsg) {
        use super::lab::LabMsg;
        let s = &mut self.lab_settings;
        let stale = match m {
            LabMsg::Pick(e) => {
                self.lab_experiment = e;
                *s = e.defaults();
                true
            }
            LabMsg::Nodes(v) => std::mem::replace(&mut s.nodes, v) != v,
            LabMsg::Keys(v) => std::mem::replace(&mut s.keys, v) != v,
            LabMsg::Trials(v) => std::mem::replace(&mut s.trials, v) != v,
            LabMsg::Seed(v) => std::mem::replace(&mut s.seed, v) != v,
            LabMsg::Run => {
                let (e, s) = (self.lab_experiment, self.lab_settings);
                let fits = crate::lab::Progress::new(e, s)
                    .map_err(LabRefusal::Settings)
                    .and_then(|p| {
                        crate::lab::fits_the_page(e, s)
                            .map(|()| p)
                            .map_err(|too| LabRefusal::TooLarge(too, s))
                    });
                match fits {
                    Ok(p) => {
                        self.lab_progress = Some(p);
                        self.lab_running = true;
                        self.lab_error = None;
                    }
                    Err(e) => self.lab_error = Some(e),
                }
                false
            }
            LabMsg::Cancel => {
                self.lab_running = false;
                false
            }
            LabMsg::Open { row, trial } => {
                // The trial is a seeded run: rebuilt from its row and number, it is the same
                // run, opened paused at the crash.
                let job = crate::lab::plan(self.lab_experiment, self.lab_settings)
                    .into_iter()
                    .nth(row as usize);
                let run = job
                    .and_then(|j| crate::lab::downtime::trial_run(&j, trial))
                    .map(|r| {
                        r.to_run(crate::share::ViewSpec {
                            view: View::Cluster.name().into(),
                            lang: self.lang.name().into(),
                            theme: self.theme.name().into(),
                            speed: self.pg.speed().index(),
                            paused: true,
                        })
                    });
                match run.map(|run| Playground::from_run(&run).map(|pg| (pg, run))) {
                    Some(Ok((pg, run))) => self.take_run(pg, &run.view),
                    Some(Err(why)) => {
                        self.lab_error = Some(LabRefusal::Trial(why));
                    }
                    None => {}
                }
                false
            }
            LabMsg::Csv => {
                if let Some(p) = &self.lab_progress {
                    let name = format!("ringleader-lab-{}.csv", p.table.experiment.id());
                    if let Err(e) = super::share::download(&name, "text/csv", &p.table.csv()) {
                        self.error = Some(Failure::Refused(e));
                    }
                }
                false
            }
        };
        // Results of other settings no longer describe what is shown.
        if stale && !self.lab_running {
            self.lab_progress = None;
            self.lab_error = None;
        }
    }

    /// Run Lab steps for about 10 ms of this frame, at least one, so the page stays live.
    fn lab_slice(&mut self) {
        let Some(p) = self.lab_progress.as_mut().filter(|_| self.lab_running) else {
            return;
        };
        let start = wall_ms();
        while p.step() {
            if wall_ms() - start > 10.0 {
                return;
            }
        }
        self.lab_running = false;
    }

    pub(super) fn lab_model(&self) -> super::lab::LabModel {
        super::lab::LabModel {
            experiment: self.lab_experiment,
            settings: self.lab_settings,
            table: self.lab_progress.as_ref().map(|p| p.table.clone()),
            done: self.lab_progress.as_ref().map_or((0, 0), |p| p.done()),
            permille: self
                .lab_progress
                .as_ref()
                .map_or(0, crate::lab::Progress::trial_permille),
            running: self.lab_running,
            error: self.lab_error.as_ref().map(|e| match e {
                LabRefusal::TooLarge(too, s) => super::i18n::too_large(*too, *s, self.lang),
                LabRefusal::Trial(why) => super::i18n::share_error(why, self.lang),
                LabRefusal::Settings(out) => super::i18n::out_of_range(*out, self.lang),
            }),
        }
    }

    // ---- Frames and listeners ----

    fn start_frame_loop(&mut self) {
        // (The Lab runs only while it is shown: elsewhere its run waits, and costs no frames.)
        let wanted = if self.view == View::Store {
            self.store.get().playing()
        } else {
            self.pg.playing()
        } || self.ring_anim.is_some()
            || (self.lab_running && self.view == View::Lab)
            || self.opening.is_some();
        if !wanted {
            self.stop_frame_loop();
            return;
        }
        if self.frame.is_some() {
            return;
        }
        self.frame = self.window.as_ref().and_then(|w| {
            w.request_animation_frame(self.on_frame.as_ref().unchecked_ref())
                .ok()
        });
    }

    /// Whether, when only the clock moved, the page shows nothing that changes but the live
    /// parts: the cluster alone, no scenario (its caption follows the clock), no ring moving,
    /// and no panel that counts time (an inspected node's timer, the clients' history).
    fn clock_only_view(&self) -> bool {
        self.view == View::Cluster
            && self.pg.scenario().is_none()
            && self.ring_anim.is_none()
            && self.selected.is_none()
            && self.tab.or_shown(self.view) != PanelTab::History
    }

    fn stop_frame_loop(&mut self) {
        if let Some(id) = self.frame.take() {
            if let Some(w) = &self.window {
                w.cancel_animation_frame(id).ok();
            }
        }
        self.last_frame = None;
    }

    fn listen(&mut self, ctx: &Context<Self>) {
        let Some(w) = web_sys::window() else {
            return;
        };
        let resized = ctx.link().callback(|_: ()| Msg::Resized);
        let on_resize = Closure::<dyn FnMut()>::new(move || resized.emit(()));
        w.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref())
            .ok();
        self._on_resize = Some(on_resize);
        let resized = ctx.link().callback(|_: ()| Msg::Resized);
        let on_lenses = Closure::<dyn FnMut()>::new(move || resized.emit(()));
        if let Ok(o) = web_sys::ResizeObserver::new(on_lenses.as_ref().unchecked_ref()) {
            self.lens_observer = Some((o, on_lenses));
        }
        // Keys anywhere in the page (also inside an iframe once it has focus): presenter
        // clickers send PageDown/PageUp or arrows to whatever has focus.
        let pressed = self.pointer_pressed.clone();
        let on_pointer =
            Closure::<dyn FnMut(web_sys::PointerEvent)>::new(move |e: web_sys::PointerEvent| {
                let button = e
                    .target_dyn_into::<web_sys::Element>()
                    .and_then(|el| el.closest("button, summary").ok().flatten());
                *pressed.borrow_mut() = button;
            });
        w.add_event_listener_with_callback_and_bool(
            "pointerdown",
            on_pointer.as_ref().unchecked_ref(),
            true,
        )
        .ok();
        self._on_pointer = Some(on_pointer);
        let pressed = self.pointer_pressed.clone();
        let key = ctx.link().callback(Msg::Key);
        let on_key = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if e.key() == "Tab" {
                pressed.borrow_mut().take();
            }
            // Tab and Shift+Tab go round inside an open dialog, not on to the page. Done here,
            // while the event is dispatched: Yew handles messages later (its scheduler runs
            // in a microtask), and the default action must not depend on when that runs.
            let plain = !e.ctrl_key() && !e.alt_key() && !e.meta_key();
            if e.key() == "Tab" && plain && keep_focus_in_dialog(e.shift_key()) {
                e.prevent_default();
            }
            key.emit(e)
        });
        w.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())
            .ok();
        self._on_key = Some(on_key);
    }

    /// Keyboard shortcuts. Returns the message to handle, if the key means something here.
    fn key_message(&self, e: &KeyboardEvent) -> Option<Msg> {
        use crate::playground::NodeCmd;
        let target = e.target_dyn_into::<web_sys::Element>();
        let tag = target.as_ref().map(|el| el.tag_name()).unwrap_or_default();
        // Typing in a field or choosing in a list keeps its keys, but Escape; the scenario
        // picker keeps only those that open it.
        let picker = on_scenario_picker(e);
        if picker && picker_opens_with(&e.key()) {
            return None;
        }
        // The timeline's scrubber keeps Home and End only: after a drag the focus stays on it,
        // and the page's keys (a server's number, Space, ← → a step) must still work.
        let scrubber = target
            .as_ref()
            .is_some_and(|el| el.matches(".scrubber").unwrap_or(false));
        if scrubber && matches!(e.key().as_str(), "Home" | "End") {
            return None;
        }
        // A bar of the history keeps the arrows, Home and End: they move along the lanes.
        let bar = target
            .as_ref()
            .is_some_and(|el| el.matches(".history-lanes .op").unwrap_or(false));
        if bar
            && matches!(
                e.key().as_str(),
                "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Home" | "End"
            )
        {
            return None;
        }
        if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
            && !picker
            && !scrubber
            && !is_clicker_key(e)
            && e.key() != "Escape"
        {
            return None;
        }
        // Escape closes what is open, wherever the focus is.
        if e.key() == "Escape" {
            return Some(if self.opening.is_some() {
                Msg::CancelOpening
            } else if self.share.is_some() {
                Msg::ToggleShare
            } else if self.show_help {
                Msg::ToggleHelp
            } else if self.show_legend {
                Msg::ToggleLegend
            } else {
                Msg::Select(None)
            });
        }
        // Under an open dialog the page takes no keys: only the dialog's own key closes it.
        if self.dialog_open() {
            return match e.key().as_str() {
                "?" if self.show_help => Some(Msg::ToggleHelp),
                "l" if self.show_legend => Some(Msg::ToggleLegend),
                _ => None,
            };
        }
        // Space on a focused control (a button, or a server, link or trial drawn as one)
        // presses it, and does not also play or pause. A button the pointer pressed keeps the
        // focus: Space there plays or pauses, as it did before the click, rather than pressing
        // it again (a second client write).
        let pointer_focus = || target.is_some() && *self.pointer_pressed.borrow() == target;
        let on_control = (matches!(tag.as_str(), "BUTTON" | "SUMMARY") && !pointer_focus())
            || target
                .as_ref()
                .and_then(|el| el.get_attribute("role"))
                .as_deref()
                == Some("button");
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return None;
        }
        if self.view == View::Store {
            return self.store_key(&e.key(), on_control);
        }
        let node = match self.selected {
            Some(Selection::Node(id)) => Some(id),
            _ => None,
        };
        let alive = node.is_some_and(|id| self.pg.sim().is_alive(id));
        let scenario = self.pg.scenario().is_some();
        let act = |i: Intent| Some(Msg::Do(i));
        match e.key().as_str() {
            " " if !on_control => act(Intent::TogglePlay),
            // In a scenario, a presenter clicker moves between cue points.
            "ArrowRight" | "PageDown" if scenario => act(Intent::NextCue),
            "ArrowLeft" | "PageUp" if scenario => act(Intent::PreviousCue),
            "ArrowRight" | "PageDown" => act(Intent::StepForward),
            "ArrowLeft" | "PageUp" => act(Intent::StepBack),
            "?" => Some(Msg::ToggleHelp),
            "l" => Some(Msg::ToggleLegend),
            "Escape" => Some(Msg::Select(None)),
            k @ ("1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9") => {
                // A key selects (a click toggles): "2 c" crashes N2 and "2 c" again restarts it.
                let i = k.parse::<u8>().ok()? - 1;
                let pick = Some(Selection::Node(NodeId(i)));
                (i < self.pg.servers() && self.selected != pick).then_some(Msg::Select(pick))
            }
            "c" => act(Intent::Node(
                node?,
                if alive {
                    NodeCmd::Crash
                } else {
                    NodeCmd::Restart
                },
            )),
            "t" => act(Intent::Node(node?, NodeCmd::Timeout)),
            "w" => act(match node {
                Some(id) => Intent::Node(id, NodeCmd::Write),
                None => Intent::ClientWrite,
            }),
            "r" => act(Intent::Node(node?, NodeCmd::Read)),
            "i" => act(Intent::Node(node?, NodeCmd::Isolate)),
            "h" => act(Intent::HealAll),
            "+" | "=" => Some(Msg::Zoom(1)),
            "-" => Some(Msg::Zoom(-1)),
            "0" => Some(Msg::Zoom(0)),
            _ => None,
        }
    }

    /// The keys of the quorum store's view.
    fn store_key(&self, key: &str, on_control: bool) -> Option<Msg> {
        let store = |i: StoreIntent| Some(Msg::Store(i));
        let node = self.store_selected;
        let quorum = self.store.get();
        let sim = quorum.sim();
        let scenario = quorum.scenario().is_some();
        match key {
            " " if !on_control => store(StoreIntent::TogglePlay),
            "ArrowRight" | "PageDown" if scenario => store(StoreIntent::NextCue),
            "ArrowLeft" | "PageUp" if scenario => store(StoreIntent::PreviousCue),
            "ArrowRight" | "PageDown" => store(StoreIntent::StepForward),
            "ArrowLeft" | "PageUp" => store(StoreIntent::StepBack),
            "?" => Some(Msg::ToggleHelp),
            "l" => Some(Msg::ToggleLegend),
            k @ ("1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9") => {
                let i = k.parse::<u8>().ok()? - 1;
                let pick = Some(NodeId(i));
                (i < quorum.config().nodes && self.store_selected != pick)
                    .then_some(Msg::StoreSelect(pick))
            }
            "c" => store(if sim.is_alive(node?) {
                StoreIntent::Crash(node?)
            } else {
                StoreIntent::Restart(node?)
            }),
            "i" => store(
                if quorum.stage().nodes.get(usize::from(node?.0))?.isolated {
                    StoreIntent::Reconnect(node?)
                } else {
                    StoreIntent::Isolate(node?)
                },
            ),
            "h" => store(StoreIntent::HealAll),
            "w" => store(StoreIntent::Put(0, "x".into())),
            "r" => store(StoreIntent::Get(0, "x".into())),
            "+" | "=" => Some(Msg::Zoom(1)),
            "-" => Some(Msg::Zoom(-1)),
            "0" => Some(Msg::Zoom(0)),
            _ => None,
        }
    }
}

/// What the shared controls (playback bar, caption box, history) mean for the store.
fn store_intent(intent: &Intent) -> Option<StoreIntent> {
    Some(match *intent {
        Intent::Play(on) => StoreIntent::Play(on),
        Intent::TogglePlay => StoreIntent::TogglePlay,
        Intent::SetSpeed(s) => StoreIntent::SetSpeed(s),
        Intent::StepForward => StoreIntent::StepForward,
        Intent::StepBack => StoreIntent::StepBack,
        Intent::Seek(t) => StoreIntent::Seek(t),
        Intent::NextCue => StoreIntent::NextCue,
        Intent::PreviousCue => StoreIntent::PreviousCue,
        Intent::LeaveScenario => StoreIntent::LeaveScenario,
        Intent::HealAll => StoreIntent::HealAll,
        Intent::NewSeed(seed) => StoreIntent::NewSeed(seed),
        _ => return None,
    })
}

/// Whether a key event is on the scenario picker (the header's list of scenarios). By its
/// class attribute: an SVG element's `className` is no string.
fn on_scenario_picker(e: &KeyboardEvent) -> bool {
    e.target_dyn_into::<web_sys::Element>()
        .is_some_and(|el| el.get_attribute("class").as_deref() == Some("scenario-picker"))
}

/// A presenter's clicker sends PageDown and PageUp to whatever has the focus; on a list, a
/// slider or a number field they would change its value (the ring's algorithm, in the middle
/// of a story). They are the page's everywhere but in a text area.
fn is_clicker_key(e: &KeyboardEvent) -> bool {
    matches!(e.key().as_str(), "PageDown" | "PageUp")
        && e.target_dyn_into::<web_sys::Element>()
            .is_none_or(|el| el.tag_name() != "TEXTAREA")
}

/// The keys the scenario picker keeps: those that open its list, and Tab, which leaves it.
fn picker_opens_with(key: &str) -> bool {
    matches!(key, " " | "Enter" | "F4" | "Tab")
}

/// Moves the focus to the next (or, going back, the previous) control of the open dialog (the
/// last opened: share, then legend, then help in the page's order), round from the last to the
/// first, or into the dialog if it is elsewhere. The order is the dialog's own, never the
/// browser's, which would go on to whatever the page or the browser offers next. Whether a
/// dialog is open (and so the key's default action is to be prevented).
fn keep_focus_in_dialog(back: bool) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(dialog) = [".share-dialog", ".legend-overlay", ".help-overlay"]
        .iter()
        .find_map(|s| doc.query_selector(s).ok().flatten())
    else {
        return false;
    };
    let Ok(items) = dialog.query_selector_all(
        "button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea, a[href], [tabindex]:not([tabindex='-1'])",
    ) else {
        return true;
    };
    let n = items.length();
    if n == 0 {
        return true;
    }
    let active: Option<web_sys::Node> = doc.active_element().map(Into::into);
    let at = (0..n).find(|&i| items.item(i).is_some() && items.item(i) == active);
    let next = match (at, back) {
        (None, false) => 0,
        (None, true) => n - 1,
        (Some(i), false) => (i + 1) % n,
        (Some(i), true) => (i + n - 1) % n,
    };
    if let Some(el) = items
        .item(next)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        el.focus().ok();
    }
    true
}
