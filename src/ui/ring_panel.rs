//! The ring view's side panel: the algorithm (and the one to compare it with), virtual nodes,
//! replicas, the key set, and the nodes with their load against the ideal.

use crate::ring::lab::{KeySet, MAX_LAB_KEYS, MAX_REPLICAS};
use crate::ring::Algorithm;
use yew::html::Scope;
use yew::prelude::*;

use super::app::{App, Msg, RingMsg};
use super::i18n::{t, Text};
use super::num::fixed;
use super::ring_view::{algorithm_label, colour};

/// The virtual-node counts the slider steps through (1 to 1000, roughly logarithmic).
pub const VNODE_STEPS: [u32; 19] = [
    1, 2, 3, 5, 8, 10, 16, 20, 32, 50, 64, 100, 128, 200, 256, 400, 500, 700, 1000,
];

fn value_of(e: &Event) -> String {
    if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    e.target_dyn_into::<web_sys::HtmlTextAreaElement>()
        .map(|t| t.value())
        .unwrap_or_default()
}

pub fn render(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let lab = &app.lab;
    let algo_options = |selected: Option<Algorithm>, with_none: bool| {
        let none = with_none.then(|| {
            html! { <option value="" selected={selected.is_none()}>{t(lang, Text::NoComparison)}</option> }
        });
        let all = Algorithm::NAMES.iter().map(move |name| {
            let a = Algorithm::parse(name, lab.vnodes).expect("known name");
            let sel = selected.is_some_and(|s| s.name() == *name);
            html! { <option value={*name} selected={sel}>{algorithm_label(a, lang)}</option> }
        });
        html! { <>{ for none }{ for all }</> }
    };
    let on_algo = link.callback(|e: Event| Msg::Ring(RingMsg::Algorithm(value_of(&e))));
    let on_compare = link.callback(|e: Event| Msg::Ring(RingMsg::Compare(value_of(&e))));
    let step = VNODE_STEPS
        .iter()
        .position(|&v| v >= lab.vnodes)
        .unwrap_or(VNODE_STEPS.len() - 1);
    let on_vnodes = link.callback(|e: InputEvent| {
        let i = e
            .target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|i| i.value().parse::<usize>().ok())
            .unwrap_or(0);
        Msg::Ring(RingMsg::Vnodes(VNODE_STEPS[i.min(VNODE_STEPS.len() - 1)]))
    });
    let on_replicas =
        link.callback(|e: Event| Msg::Ring(RingMsg::Replicas(value_of(&e).parse().unwrap_or(1))));
    let replicas = (1..=MAX_REPLICAS).map(|r| {
        html! { <option value={r.to_string()} selected={r == lab.replicas}>{r}</option> }
    });
    let (kind, count) = match &lab.key_set {
        KeySet::Uniform { count } => ("uniform", *count),
        KeySet::Hot { count, .. } => ("hot", *count),
        KeySet::Named(_) => ("named", lab.keys().len() as u64),
    };
    let on_kind = link.callback(|e: Event| Msg::Ring(RingMsg::KeyKind(value_of(&e))));
    let on_count = link.batch_callback(|e: Event| {
        value_of(&e)
            .trim()
            .parse::<u64>()
            .ok()
            .map(|c| Msg::Ring(RingMsg::KeyCount(c)))
    });
    let on_named = link.callback(|e: Event| Msg::Ring(RingMsg::NamedKeys(value_of(&e))));
    let main = &lab.lenses()[0];
    let load = main.load(&lab.members);
    let ideal = load.as_ref().map_or(0.0, |l| l.mean);
    let max_keys = load
        .as_ref()
        .and_then(|l| l.per_member.iter().map(|&(_, c)| c).max())
        .unwrap_or(1)
        .max(1) as f64;
    let scale = max_keys.max(ideal).max(1.0);
    let rows = lab.members.list().iter().map(|m| {
        let id = m.id.0;
        let keys = load
            .as_ref()
            .and_then(|l| l.per_member.iter().find(|(mid, _)| *mid == m.id))
            .map_or(0, |&(_, c)| c);
        let state = if m.up { "up" } else { "down" };
        let on_weight = link.batch_callback(move |e: Event| {
            value_of(&e)
                .trim()
                .parse::<u32>()
                .ok()
                .map(|w| Msg::Ring(RingMsg::Weight(id, w)))
        });
        let name = m.name.clone();
        html! {
            <li class={classes!("ring-node", state)} data-ring-node={m.name.clone()}
                data-keys={keys.to_string()} data-state={state}>
                <span class="swatch" style={format!("background: {}", colour(id))} aria-hidden="true" />
                <span class="name">{&m.name}</span>
                <span class="bar" title={format!("{keys} {}", t(lang, Text::KeysWord))}>
                    <span class="fill" style={format!("width: {}%; background: {}", fixed(keys as f64 / scale * 100.0, 1), colour(id))} />
                    if ideal > 0.0 {
                        <span class="ideal" style={format!("left: {}%", fixed(ideal / scale * 100.0, 1))} />
                    }
                </span>
                <span class="count">{keys}</span>
                <input type="number" min="1" max="10000" value={m.weight.to_string()} onchange={on_weight}
                    aria-label={format!("{} {}", m.name, t(lang, Text::Weight))} title={t(lang, Text::Weight)} />
                <button type="button" onclick={link.callback(move |_| Msg::Ring(RingMsg::ToggleUp(id)))}
                    aria-label={format!("{name}: {}", if m.up { t(lang, Text::MarkDownAria) } else { t(lang, Text::MarkUpAria) })}>
                    { if m.up { t(lang, Text::MarkDown) } else { t(lang, Text::MarkUp) } }
                </button>
                <button type="button" class="remove" onclick={link.callback(move |_| Msg::Ring(RingMsg::Remove(id)))}
                    aria-label={format!("{}: {}", m.name, t(lang, Text::RemoveNodeAria))} title={t(lang, Text::RemoveNode)}>{"×"}</button>
            </li>
        }
    });
    let on_name = link.callback(|e: Event| Msg::Ring(RingMsg::NameInput(value_of(&e))));
    let on_add = link.callback(|e: SubmitEvent| {
        e.prevent_default();
        Msg::Ring(RingMsg::Add)
    });
    let on_ketama = link.callback(|e: Event| Msg::Ring(RingMsg::KetamaInput(value_of(&e))));
    html! {
        <section class="ring-panel" aria-label={t(lang, Text::RingView)}>
            <p class="explain">{t(lang, Text::RingExplainer)}</p>
            if let Some(e) = &app.ring_error {
                <p class="notice error" role="alert" data-testid="ring-error">{e}</p>
            }
            <label class="row">{t(lang, Text::Algorithm)}
                <select onchange={on_algo} aria-label={t(lang, Text::Algorithm)}>{ algo_options(Some(lab.algorithm()), false) }</select>
            </label>
            <label class="row">{t(lang, Text::CompareWith)}
                <select onchange={on_compare} aria-label={t(lang, Text::CompareWith)}>{ algo_options(lab.compared(), true) }</select>
            </label>
            <label class="row">{format!("{} {}", t(lang, Text::VirtualNodes), lab.vnodes)}
                <input type="range" min="0" max={(VNODE_STEPS.len() - 1).to_string()} value={step.to_string()}
                    oninput={on_vnodes} aria-label={t(lang, Text::VirtualNodes)}
                    aria-valuetext={lab.vnodes.to_string()} />
            </label>
            <label class="row">{t(lang, Text::ReplicationFactor)}
                <select onchange={on_replicas} aria-label={t(lang, Text::ReplicationFactor)}>{ for replicas }</select>
            </label>
            <div class="row pair">
                <label>{t(lang, Text::KeySet)}
                    <select onchange={on_kind} aria-label={t(lang, Text::KeySet)}>
                        <option value="uniform" selected={kind == "uniform"}>{t(lang, Text::UniformKeys)}</option>
                        <option value="hot" selected={kind == "hot"}>{t(lang, Text::HotKeys)}</option>
                        <option value="named" selected={kind == "named"}>{t(lang, Text::NamedKeys)}</option>
                    </select>
                </label>
                if kind != "named" {
                    <label>{t(lang, Text::KeysWord)}
                        <input type="number" min="1" max={MAX_LAB_KEYS.to_string()} step="100"
                            value={count.to_string()} onchange={on_count} aria-label={t(lang, Text::KeysWord)} />
                    </label>
                }
            </div>
            if kind == "named" {
                <textarea rows="4" onchange={on_named} aria-label={t(lang, Text::NamedKeys)}
                    value={app.named_keys.clone()} placeholder={"user:42\ncart:7\nsession:abc"} />
            }
            <h3>{t(lang, Text::NodesAndLoad)}</h3>
            <ul class="ring-nodes" data-testid="ring-nodes">{ for rows }</ul>
            if lab.members.is_empty() {
                <p class="warn" role="status">{t(lang, Text::EmptyRing)}</p>
            }
            <form class="add-node" onsubmit={on_add}>
                <input type="text" value={app.new_node_name.clone()} placeholder={lab.next_name()}
                    onchange={on_name} aria-label={t(lang, Text::NewNodeName)} maxlength="40" />
                <button type="submit">{t(lang, Text::AddNode)}</button>
            </form>
            <details>
                <summary>{t(lang, Text::KetamaPaste)}</summary>
                <p class="explain">{t(lang, Text::KetamaHelp)}</p>
                <textarea rows="5" onchange={on_ketama} aria-label={t(lang, Text::KetamaPaste)}
                    value={app.ketama_text.clone()} placeholder={"10.0.1.1:11211 600\n10.0.1.2:11211 300"} />
                <button type="button" onclick={link.callback(|_| Msg::Ring(RingMsg::UseKetama))}>{t(lang, Text::UseServerList)}</button>
            </details>
        </section>
    }
}
