//! Guided scenarios in the page: the picker in the header, and the caption box under the stage
//! with back/next. A presenter clicker's PageDown/PageUp (and the arrow keys) move between cue
//! points too; the playground plays the scenario.

use crate::playground::Intent;
use crate::scenario::{self, Caption};
use std::rc::Rc;
use yew::prelude::*;

use super::app::{click, Dispatch, Msg};
use super::i18n::{t, Lang, Text};

pub fn caption(c: &Caption, lang: Lang) -> String {
    caption_in(c, lang, false, false)
}

/// A caption as the whole page (`embed` false) or an embed shows it: an embed has only the
/// stage (and the logs, with `logs_shown`), so what a caption says of the rest of the side
/// panel is left out there (see `scenario::caption_text`).
pub fn caption_in(c: &Caption, lang: Lang, embed: bool, logs_shown: bool) -> String {
    let text = match lang {
        Lang::En => &c.en,
        Lang::Zh if c.zh.is_empty() => &c.en,
        Lang::Zh => &c.zh,
    };
    // "x = 1" and "R + W > N" read as one thing: a line never breaks inside them.
    scenario::keep_formulas_together(&scenario::caption_text(text, embed, logs_shown))
}

pub struct PickerProps {
    pub lang: Lang,
    /// The id and name of the scenario being played.
    pub current: Option<Rc<(String, Caption)>>,
    pub dispatch: Dispatch,
}

/// The scenario list, by short name in the article's concepts: "Fault tolerance: The leader
/// crashes". Drawn again only when the language or the scenario changes.
pub fn scenario_picker(props: &PickerProps) -> Html {
    let lang = props.lang;
    let current = props.current.as_deref().map(|(id, _)| id.as_str());
    let all = scenario::all();
    let stores = scenario::store::all();
    // (concept, id, name, title) in teaching order; the store's scenarios join the other
    // consistency scenarios.
    let mut listed: Vec<(Option<scenario::Concept>, &str, &Caption, &Caption)> = all
        .iter()
        .map(|s| (s.concept, s.id.as_str(), &s.name, &s.title))
        .collect();
    let split = listed
        .iter()
        .rposition(|e| e.0 == Some(scenario::Concept::Consistency))
        .map_or(listed.len(), |i| i + 1);
    listed.splice(
        split..split,
        stores.iter().map(|s| {
            (
                Some(scenario::Concept::Consistency),
                s.id,
                &s.name,
                &s.title,
            )
        }),
    );
    let option = |&(_, id, name, title): &(_, &str, &Caption, &Caption)| {
        let selected = current == Some(id);
        html! {
            <option value={id.to_string()} {selected} title={caption(title, lang)}>{caption(name, lang)}</option>
        }
    };
    let groups = listed.chunk_by(|a, b| a.0 == b.0).map(|group| {
        let options = group.iter().map(option);
        match group[0].0 {
            Some(c) => {
                html! { <optgroup label={t(lang, concept_text(c))}>{ for options }</optgroup> }
            }
            None => html! { <>{ for options }</> },
        }
    });
    // A scenario from a file is listed by its name (or its title) while it plays.
    let custom = props
        .current
        .as_deref()
        .filter(|(id, _)| listed.iter().all(|e| e.1 != id))
        .map(|(id, name)| html! { <option value={id.clone()} selected=true>{caption(name, lang)}</option> });
    let onchange = props.dispatch.reform(|e: Event| {
        let id = e
            .target_dyn_into::<web_sys::HtmlSelectElement>()
            .map(|s| s.value())
            .unwrap_or_default();
        match scenario::find(&id) {
            Some(s) => Msg::Do(Intent::OpenScenario(Box::new(s))),
            None if scenario::store::find(&id).is_some() => {
                Msg::Store(crate::playground::store::StoreIntent::OpenScenario(id))
            }
            None => Msg::Do(Intent::LeaveScenario),
        }
    });
    // The tooltip has the whole title of the scenario chosen (a file's: its name).
    let chosen = match &props.current.as_deref() {
        None => t(lang, Text::FreePlay).to_string(),
        Some((id, name)) => caption(
            listed.iter().find(|e| e.1 == id).map_or(name, |e| e.3),
            lang,
        ),
    };
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    let title = format!("{}{colon}{chosen}", t(lang, Text::Scenario));
    html! {
        <select class="scenario-picker" {onchange} aria-label={t(lang, Text::Scenario)} {title}>
            <option value="" selected={current.is_none()}>{t(lang, Text::FreePlay)}</option>
            { for groups }
            // One child, empty or not: an option spread into the list changes its length, and
            // Yew 0.23 then pairs the options before it with the wrong elements.
            { custom.unwrap_or_default() }
        </select>
    }
}

fn concept_text(c: scenario::Concept) -> Text {
    use scenario::Concept as C;
    match c {
        C::Nodes => Text::ConceptNodes,
        C::Network => Text::ConceptNetwork,
        C::DataDistribution => Text::ConceptDataDistribution,
        C::Consistency => Text::ConceptConsistency,
        C::FaultTolerance => Text::ConceptFaultTolerance,
        C::LoadBalancing => Text::ConceptLoadBalancing,
    }
}

/// What the caption box shows of the scenario being played.
#[derive(Clone, Debug, PartialEq)]
pub struct CaptionModel {
    pub title: Caption,
    /// The caption of the last step shown, if any step has been.
    pub caption: Option<Caption>,
    /// When the run has played on past the moment the caption tells of (the next cue not
    /// reached yet, or the viewer playing on), that moment: the caption is then stamped
    /// with it, so it is read as what was true then, not of what is on the stage now.
    pub said_at: Option<crate::sim::SimTime>,
    /// The cue reached (1-based, 0 before the first) and how many there are.
    pub cue: usize,
    pub cues: usize,
    pub finished: bool,
    pub playing: bool,
    /// The viewer changed the run: no caption describes it any more.
    pub off_script: bool,
}

#[derive(Properties, PartialEq)]
pub struct ScenarioCaptionProps {
    pub lang: Lang,
    /// Shown in an embed: the stage alone, no side panel (but the logs, with `logs_shown`).
    pub embed: bool,
    pub logs_shown: bool,
    pub model: CaptionModel,
    pub dispatch: Dispatch,
}

/// The most of the stage's column a caption's text may take, as a share of its height: the
/// stage, not the words about it, gets the room a presenter's zoom asks for.
const CAPTION_SHARE: f64 = 0.14;
/// The caption's line height, in ems (as in the stylesheet).
const CAPTION_LINE: f64 = 1.4;
/// The column's width over its height that the fit assumes (see `caption_fit`).
const COLUMN_ASPECT: f64 = 1.2;

/// About how many ems wide `text` is set on one line: a Chinese character is an em wide,
/// other letters about half of one.
fn ems(text: &str) -> f64 {
    text.chars()
        .map(|c| if c >= '\u{2e80}' { 1.0 } else { 0.55 })
        .sum::<f64>()
        .max(1.0)
}

/// The largest type in which `text` takes at most two lines of the stage's column, as a CSS
/// length (`--fit2`, in cqw): free play's caption keeps a box two lines of its usual type
/// high, so a longer sentence is set smaller instead of taking a third line (which moved the
/// stage above it). A tenth of the width is left for lines that break between words.
pub(super) fn two_lines_fit(text: &str) -> String {
    format!("--fit2: {}cqw", super::num::fixed(180.0 / ems(text), 2))
}

/// About the largest type in which `text` fills no more than `CAPTION_SHARE` of a column `H`
/// high and `W` wide, as a CSS length: `min(a cqh, b cqw)`. (About: lines wrap whole, the
/// caption box's padding narrows it a little, and its title row is not counted.)
///
/// Its lines number about `ems × f / W` (a Chinese character is an em wide, other letters
/// about half of one) and take `1.4 f` each, so `f² ≤ share × H × W / (1.4 × ems)`. CSS
/// cannot multiply two lengths, so the bound is taken at `W = 1.2 H`, from either side:
/// the smaller of the two is at or under the true bound.
pub(super) fn caption_fit(text: &str) -> String {
    let ems = ems(text);
    let a = (CAPTION_SHARE * COLUMN_ASPECT / (CAPTION_LINE * ems)).sqrt() * 100.0;
    format!(
        "--fit: min({}cqh, {}cqw)",
        super::num::fixed(a, 2),
        super::num::fixed(a / COLUMN_ASPECT, 2)
    )
}

/// The scenario's caption box, with back/next and where we are.
#[function_component(ScenarioCaption)]
pub fn scenario_caption(props: &ScenarioCaptionProps) -> Html {
    let lang = props.lang;
    let m = &props.model;
    let d = &props.dispatch;
    let text = if m.off_script {
        t(lang, Text::OffScript).to_string()
    } else {
        m.caption
            .as_ref()
            .map(|c| caption_in(c, lang, props.embed, props.logs_shown))
            // Opened paused (a slide's link), the story waits for Next: "in a moment" would
            // not come true.
            .unwrap_or_else(|| {
                let opening = if m.playing {
                    Text::ScenarioStarts
                } else {
                    Text::ScenarioWaits
                };
                t(lang, opening).to_string()
            })
    };
    let stamp = m
        .said_at
        .filter(|_| !m.off_script && m.caption.is_some())
        .map(|at| {
            let at = super::num::ms(at.0, 0);
            match lang {
                Lang::En => format!("At t = {at}: "),
                Lang::Zh => format!("t = {at} 时："),
            }
        });
    // The story told to its last cue (not moved back into it) and nothing playing.
    let done = m.finished && m.cue == m.cues && !m.playing;
    // A long caption in a smaller type, so that the stage above it keeps its size: fitted to
    // the column where the page is a fixed grid, by its length elsewhere (`long`).
    let long = text.chars().count() > if lang == Lang::Zh { 110 } else { 260 };
    let fit = caption_fit(&format!("{}{text}", stamp.as_deref().unwrap_or_default()));
    // Unavailable buttons stay focusable (aria-disabled, not disabled): a button that became
    // disabled under the keyboard's focus would drop it to the page's top.
    let (back, next) = (m.cue > 1 || m.off_script, !done && !m.off_script);
    let title = caption(&m.title, lang);
    // Title, position and the buttons share one line, so the caption and the stage keep the
    // height a projector needs.
    html! {
        <div class={classes!("scenario-caption", m.off_script.then_some("off-script"))} data-testid="scenario-caption"
             data-cue={m.cue.to_string()} data-cues={m.cues.to_string()} data-finished={super::num::flag(m.finished)}
             data-off-script={super::num::flag(m.off_script)}>
            <div class="scenario-head">
                <strong class="scenario-title" title={title.clone()}>{title}</strong>
                <span class="cue-count">{format!("{} / {}", m.cue, m.cues)}</span>
                <span class="actions">
                    <button type="button" onclick={back.then(|| click(d, Msg::Do(Intent::PreviousCue)))}
                        aria-disabled={super::num::flag(!back)} aria-keyshortcuts="PageUp">{t(lang, Text::Back)}</button>
                    <button type="button" class="next" onclick={next.then(|| click(d, Msg::Do(Intent::NextCue)))}
                        aria-disabled={super::num::flag(!next)} aria-keyshortcuts="PageDown">
                        { if done { t(lang, Text::TheEnd) } else { t(lang, Text::Next) } }
                    </button>
                    <button type="button" onclick={click(d, Msg::Do(Intent::LeaveScenario))}>
                        {t(lang, Text::LeaveScenario)}
                    </button>
                </span>
            </div>
            <p aria-live="polite" class={classes!(long.then_some("long"), stamp.is_some().then_some("past"))} style={fit}>
                if let Some(stamp) = stamp { <span class="said-at" data-testid="said-at">{stamp}</span> }
                {text}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::caption_fit;

    /// The bounds `caption_fit` writes, in hundredths of a cqh and of a cqw.
    fn bounds(text: &str) -> (u32, u32) {
        let fit = caption_fit(text);
        let inner = fit
            .strip_prefix("--fit: min(")
            .unwrap()
            .strip_suffix("cqw)")
            .unwrap();
        let (a, b) = inner.split_once("cqh, ").unwrap();
        let hundredths = |v: &str| {
            let (whole, part) = v.split_once('.').unwrap();
            whole.parse::<u32>().unwrap() * 100 + part.parse::<u32>().unwrap()
        };
        (hundredths(a), hundredths(b))
    }

    fn cqh(text: &str) -> u32 {
        bounds(text).0
    }

    #[test]
    fn a_caption_four_times_as_long_is_fitted_in_half_the_type() {
        let short = "N3 leads term 1 and sends heartbeats. ".repeat(2);
        let long = short.repeat(4);
        let (s, l) = (cqh(&short), cqh(&long));
        assert!((2 * l).abs_diff(s) <= 2, "{s} {l}");
        // The width's bound is the height's over the aspect assumed (1.2).
        let (a, b) = bounds(&long);
        assert!((b * 12).abs_diff(a * 10) <= 12, "{a} {b}");
    }

    #[test]
    fn a_chinese_character_takes_about_twice_the_room_of_a_letter() {
        let zh = cqh(&"领导者".repeat(40));
        let en = cqh(&"abc".repeat(40));
        assert!(zh < en && en < zh * 3 / 2, "zh {zh}, en {en}");
    }
}
