//! The safety panel: Raft's Figure 3 properties, the lemmas, and linearizability of the
//! clients' history, each ✓ or ✗ as of the cursor; a ✗ links to the event that broke it.

use crate::check::Violation;
use crate::playground::{Intent, SafetySummary};
use std::rc::Rc;
use yew::prelude::*;

use super::app::{click, Dispatch, Msg};
use super::i18n::{property_name, t, violation_text, Lang, Text};

#[derive(Properties, PartialEq)]
pub struct SafetyProps {
    pub lang: Lang,
    pub summary: Rc<SafetySummary>,
    pub dispatch: Dispatch,
}

#[function_component(Safety)]
pub fn safety(props: &SafetyProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    let mark = |broken: Option<&Violation>, label: &str, key: &str| {
        let ok = broken.is_none();
        html! {
            <li class={if ok { "ok" } else { "bad" }} data-property={key.to_string()}
                data-ok={super::num::flag(ok)}
                title={broken.map(|v| violation_text(v, lang)).unwrap_or_default()}>
                <span class="mark" aria-hidden="true">{ if ok { "✓" } else { "✗" } }</span>
                {label.to_string()}
                if let Some(v) = broken {
                    <button type="button" class="at link-button" title={t(lang, Text::GoToEvent)}
                        onclick={let e = v.event; click(d, Msg::Do(Intent::SeekEvent(e)))}>
                        {format!("{} {}", t(lang, Text::Event), v.event + 1)}
                    </button>
                    <span class="why">{violation_text(v, lang)}</span>
                }
            </li>
        }
    };
    let s = &props.summary;
    let figure3 = s.figure3.iter().map(|row| {
        mark(
            row.broken.as_ref(),
            property_name(row.property, lang),
            row.property.name(),
        )
    });
    let lin = &s.linearizability;
    let lin_name = property_name(crate::check::Property::Linearizability, lang);
    html! {
        <section aria-label={t(lang, Text::Safety)}>
            <h2>{t(lang, Text::Safety)}</h2>
            <ul class="safety" data-testid="safety">
                { for figure3 }
                { mark(s.lemma.as_ref(), t(lang, Text::OtherChecks), "lemmas") }
                <li class={if lin.ok == Some(false) { "bad" } else { "ok" }} data-property="Linearizability"
                    data-ok={lin.ok.map_or("unknown".to_string(), |o| o.to_string())} title={lin.problem.as_ref().map(|p| super::i18n::lin_problem(p, lang)).unwrap_or_default()}>
                    <span class="mark" aria-hidden="true">
                        { match lin.ok { Some(true) => "✓", Some(false) => "✗", None => "?" } }
                    </span>
                    {format!("{lin_name}{}", super::i18n::aside(lang, &format!("{} {}", t(lang, Text::ClientOps), super::num::grouped(lin.ops as u64))))}
                </li>
            </ul>
        </section>
    }
}
