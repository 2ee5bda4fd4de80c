//! The ring view's side panel: the algorithm (and the one to compare it with), virtual nodes,
//! replicas, the key set, and the nodes with their load against the ideal.

use crate::playground::{Intent, KeyKind, Playground, RingIntent};
use crate::ring::lab::{KeySet, MAX_LAB_KEYS, MAX_REPLICAS};
use crate::ring::{Algorithm, MemberId};
use std::rc::Rc;
use yew::prelude::*;

use super::app::{click, number_field, send_if, Dispatch, Msg};
use super::i18n::{t, Lang, Text};
use super::num::fixed;
use super::ring_view::{algorithm_choice, algorithm_label, colour};

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

/// One node's row.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeRow {
    pub id: u32,
    pub name: String,
    pub weight: u32,
    pub up: bool,
    pub keys: u64,
    /// Its fair load: the live nodes' keys shared by weight (none while it is down).
    pub ideal: f64,
}

/// What the panel shows, built when the lab changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RingModel {
    pub algorithm: Option<Algorithm>,
    pub compared: Option<Algorithm>,
    pub vnodes: u32,
    pub replicas: u32,
    pub kind: Option<KeyKind>,
    pub count: u64,
    pub named_keys: String,
    pub next_name: String,
    pub nodes: Vec<NodeRow>,
    /// The ideal (mean) load per live node.
    pub ideal: f64,
}

impl RingModel {
    pub fn of(pg: &Playground) -> RingModel {
        let lab = pg.lab();
        let load = lab.lenses()[0].load(&lab.members);
        let count = match &lab.key_set {
            KeySet::Uniform { count } | KeySet::Hot { count, .. } => *count,
            KeySet::Named(_) => lab.keys().len() as u64,
        };
        let members = lab.members.list();
        let live = members.iter().filter(|m| m.up).count() as f64;
        let live_weight: f64 = members
            .iter()
            .filter(|m| m.up)
            .map(|m| f64::from(m.weight))
            .sum();
        let mean = load.as_ref().map_or(0.0, |l| l.mean);
        let fair = |weight: u32, up: bool| {
            if up && live_weight > 0.0 {
                mean * live * f64::from(weight) / live_weight
            } else {
                0.0
            }
        };
        RingModel {
            algorithm: Some(lab.algorithm()),
            compared: lab.compared(),
            vnodes: lab.vnodes,
            replicas: lab.replicas,
            kind: Some(KeyKind::of(&lab.key_set)),
            count,
            named_keys: pg.named_keys().to_string(),
            next_name: lab.next_name(),
            nodes: lab
                .members
                .list()
                .iter()
                .map(|m| NodeRow {
                    id: m.id.0,
                    name: m.name.clone(),
                    weight: m.weight,
                    up: m.up,
                    keys: load
                        .as_ref()
                        .and_then(|l| l.per_member.iter().find(|(mid, _)| *mid == m.id))
                        .map_or(0, |&(_, c)| c),
                    ideal: fair(m.weight, m.up),
                })
                .collect(),
            ideal: load.as_ref().map_or(0.0, |l| l.mean),
        }
    }
}

/// Where a typed key goes: its hash, its preference list, and who serves it now.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyLookup {
    pub key: String,
    pub hash: u64,
    /// Node names, first choice first.
    pub replicas: Vec<String>,
    /// The node serving it (the first live one of its list), if any.
    pub served_by: Option<String>,
}

impl KeyLookup {
    /// Look `key` up in the lab's first algorithm.
    pub fn of(lab: &crate::ring::lab::Lab, key: &str) -> Option<KeyLookup> {
        let k = crate::ring::Key::new(key);
        let placement = lab.lenses().first()?.placement.as_ref().ok()?;
        let ids = placement.preference(&k, lab.replicas);
        let member = |id: MemberId| lab.members.get(id);
        Some(KeyLookup {
            key: key.to_string(),
            hash: if lab.algorithm() == Algorithm::Ketama {
                u64::from(k.ketama)
            } else {
                k.hash
            },
            replicas: ids
                .iter()
                .filter_map(|&id| member(id).map(|m| m.name.clone()))
                .collect(),
            served_by: ids
                .iter()
                .filter_map(|&id| member(id))
                .find(|m| m.up)
                .map(|m| m.name.clone()),
        })
    }
}

#[derive(Properties, PartialEq)]
pub struct RingPanelProps {
    pub lang: Lang,
    pub model: Rc<RingModel>,
    /// Why the last change to the ring was refused: said beside the control it came from.
    pub error: Option<crate::ring::RingError>,
    /// The key typed into "where does my key go?", and where it goes.
    pub lookup: Option<KeyLookup>,
    /// Beside the cluster (the Both view), where the panel shares its height with the logs,
    /// or under a scenario, whose captions explain and point at the loads: the explainer
    /// folds away, so the settings and loads come first.
    pub compact: bool,
    pub dispatch: Dispatch,
}

/// Where a refusal is said: beside the control whose change it refuses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ErrorSpot {
    /// The algorithm and its settings, at the top.
    Settings,
    /// A node's row (its weight, its removal).
    Nodes,
    /// The new node's name.
    Add,
    /// The pasted server list.
    Ketama,
}

impl ErrorSpot {
    fn of(e: &crate::ring::RingError) -> ErrorSpot {
        use crate::ring::RingError::*;
        match e {
            BadName(_) | TooManyMembers(_) => ErrorSpot::Add,
            // An empty list is the only way to ask for a ring of no nodes.
            BadServerLine(..) | NoMembers => ErrorSpot::Ketama,
            NoSuchMember(_) | NoNodeNamed(_) | ZeroWeight(_) | JumpRemovesLastOnly { .. } => {
                ErrorSpot::Nodes
            }
            UnknownAlgorithm(_) | Vnodes | Capacity | Probes | MaglevTable(_) => {
                ErrorSpot::Settings
            }
        }
    }
}

fn ring(i: RingIntent) -> Msg {
    Msg::Do(Intent::Ring(i))
}

#[function_component(RingPanel)]
pub fn ring_panel(props: &RingPanelProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    let m = &*props.model;
    let vnodes = m.vnodes;
    // What the user is typing, kept here until it is submitted.
    let new_name = use_state(String::new);
    let ketama_text = use_state(String::new);
    // A node removed from the keyboard takes its focused × with it: the focus goes to the
    // field that adds a node, not to the page's top (nor to another node's ×, where a second
    // press would remove that node too).
    let name_field = use_node_ref();
    let algo_options = |selected: Option<Algorithm>, with_none: bool| {
        let none = with_none.then(|| {
            html! { <option value="" selected={selected.is_none()}>{t(lang, Text::NoComparison)}</option> }
        });
        let all = Algorithm::NAMES.iter().filter_map(move |name| {
            let a = Algorithm::parse(name, vnodes).ok()?;
            let sel = selected.is_some_and(|s| s.name() == *name);
            Some(html! { <option value={*name} selected={sel} title={algorithm_label(a, lang)}>{algorithm_choice(a, lang)}</option> })
        });
        html! { <>{ for none }{ for all }</> }
    };
    let on_algo = send_if(d, move |e: Event| {
        Algorithm::parse(&value_of(&e), vnodes)
            .ok()
            .map(|a| ring(RingIntent::Algorithm(a)))
    });
    let on_compare = d.reform(move |e: Event| {
        ring(RingIntent::Compare(
            Algorithm::parse(&value_of(&e), vnodes).ok(),
        ))
    });
    let step = VNODE_STEPS
        .iter()
        .position(|&v| v >= m.vnodes)
        .unwrap_or(VNODE_STEPS.len() - 1);
    let on_vnodes = d.reform(|e: InputEvent| {
        let i = e
            .target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|i| i.value().parse::<usize>().ok())
            .unwrap_or(0);
        ring(RingIntent::Vnodes(
            VNODE_STEPS[i.min(VNODE_STEPS.len() - 1)],
        ))
    });
    let on_replicas = send_if(d, |e: Event| {
        value_of(&e)
            .parse()
            .ok()
            .map(|r| ring(RingIntent::Replicas(r)))
    });
    let replicas = (1..=MAX_REPLICAS).map(|r| {
        html! { <option value={r.to_string()} selected={r == m.replicas}>{r}</option> }
    });
    let kind = m.kind.unwrap_or(KeyKind::Uniform);
    let count_word = if kind == KeyKind::Hot {
        Text::RequestsWord
    } else {
        Text::KeysWord
    };
    let on_kind = send_if(d, |e: Event| {
        KeyKind::parse(&value_of(&e)).map(|k| ring(RingIntent::KeyKind(k)))
    });
    let on_count = number_field(d, m.count as u32, 1..=MAX_LAB_KEYS as u32, |c| {
        ring(RingIntent::KeyCount(c.into()))
    });
    let on_named = d.reform(|e: Event| ring(RingIntent::NamedKeys(value_of(&e))));
    let vnodes_in = |a: Option<Algorithm>| {
        a.is_some_and(|a| matches!(a, Algorithm::Ring { .. } | Algorithm::BoundedLoad { .. }))
    };
    // The slider serves the ring compared with this one too (hash mod n beside a ring).
    let uses_vnodes = vnodes_in(m.algorithm) || vnodes_in(m.compared);
    let compared_only = uses_vnodes && !vnodes_in(m.algorithm);
    // Why the virtual nodes slider is off: ketama and multi-probe do use a ring of points.
    let no_vnodes = t(
        lang,
        match m.algorithm {
            Some(Algorithm::Ketama) => Text::KetamaPoints,
            Some(Algorithm::MultiProbe { .. }) => Text::MultiProbePoints,
            _ => Text::NoVirtualNodes,
        },
    );
    // The algorithms shown (compared too) that give every node an equal share whatever its
    // weight, said so when the weights differ.
    let uneven = m.nodes.windows(2).any(|w| w[0].weight != w[1].weight);
    let ignoring_weights = [m.algorithm, m.compared.filter(|&c| Some(c) != m.algorithm)]
        .into_iter()
        .flatten()
        .filter(|a| uneven && !a.follows_weights())
        .map(|a| {
            html! {
                <p class="explain" data-testid="weights-ignored">
                    {format!("{}{}", algorithm_choice(a, lang), t(lang, Text::WeightsIgnored))}
                </p>
            }
        });
    // With few points a ring cannot follow the weights closely: said, for the live node
    // furthest off, when the shares by points differ from those by weight. (Bounded loads cap
    // each node by its weight, so there the points are not the whole story.)
    let ring_shown = [m.algorithm, m.compared]
        .iter()
        .any(|a| matches!(a, Some(Algorithm::Ring { .. })));
    let live: Vec<&NodeRow> = m.nodes.iter().filter(|n| n.up).collect();
    let weights: Vec<u32> = live.iter().map(|n| n.weight).collect();
    let rounded = ring_shown
        .then(|| crate::ring::algo::rounded_weight(m.vnodes, &weights))
        .flatten()
        .map(|(i, points, asked)| {
            let n = live[i];
            html! {
                <p class="explain" data-testid="weight-rounded">
                    {super::i18n::weight_rounded(lang, m.vnodes, &n.name, n.weight, points, asked)}
                </p>
            }
        });
    let on_lookup = d.reform(|e: InputEvent| {
        Msg::LookUpKey(
            e.target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default(),
        )
    });
    let lookup = props.lookup.as_ref().map(|l| {
        let served = match &l.served_by {
            Some(n) if l.replicas.first() == Some(n) => format!("{} {n}", t(lang, Text::ServedBy)),
            Some(n) => format!("{} {n}{}", t(lang, Text::ServedBy), super::i18n::aside(lang, t(lang, Text::ByReplica))),
            None => t(lang, Text::Unavailable).to_string(),
        };
        html! {
            <div class="lookup-result" data-testid="key-lookup" data-served-by={l.served_by.clone().unwrap_or_default()}>
                <div>{format!("{} {:016x}", t(lang, Text::Hash), l.hash)}</div>
                <div>{format!("{}{}{}", t(lang, Text::PreferenceList), super::i18n::colon(lang),
                    l.replicas.join(if lang == Lang::Zh { "、" } else { ", " }))}</div>
                <div><strong>{served}</strong></div>
            </div>
        }
    });
    let scale = m
        .nodes
        .iter()
        .map(|n| n.keys as f64)
        .chain(m.nodes.iter().map(|n| n.ideal))
        .fold(m.ideal, f64::max)
        .max(1.0);
    // Hot keys repeat: a node's load is the requests it serves, not distinct keys.
    let counted = if kind == KeyKind::Hot {
        Text::RequestsCounted
    } else {
        Text::KeysCounted
    };
    let rows = m.nodes.iter().map(|n| {
        let id = MemberId(n.id);
        let state = if n.up { "up" } else { "down" };
        // The field shows the weight the ring uses (1 to 10,000; a negative or a fraction
        // leaves it as it was).
        let weight = n.weight;
        let on_weight = number_field(d, weight, 1..=10_000, move |w| ring(RingIntent::Weight(id, w)));
        let keys = n.keys;
        let on_remove = {
            let (d, name_field) = (d.clone(), name_field.clone());
            Callback::from(move |e: MouseEvent| {
                d.emit(ring(RingIntent::Remove(id)));
                // A click from the keyboard has no mouse clicks to count (detail 0); a tap
                // keeps the focus where it falls (a phone would open its keyboard for the
                // field). Once the page is drawn again (Yew renders before a timeout's task):
                // only if the × is gone (a refused removal keeps it) and the focus with it.
                let Some(button) = e.target_dyn_into::<web_sys::Element>().filter(|_| e.detail() == 0) else {
                    return;
                };
                let name_field = name_field.clone();
                gloo_timers::callback::Timeout::new(0, move || {
                    let lost = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.active_element())
                        .is_none_or(|a| a.tag_name() == "BODY");
                    if !button.is_connected() && lost {
                        if let Some(field) = name_field.cast::<web_sys::HtmlElement>() {
                            let _ = field.focus();
                        }
                    }
                })
                .forget();
            })
        };
        // Keyed by node: a removed node's row goes with its buttons. Unkeyed, the focused
        // × stayed in the page as another node's, and a second press removed that node.
        html! {
            <li key={n.id.to_string()} class={classes!("ring-node", state, (n.name.chars().count() > 5).then_some("long"))} data-ring-node={n.name.clone()}
                data-keys={keys.to_string()} data-state={state}>
                <span class="swatch" style={format!("background: {}", colour(n.id))} aria-hidden="true" />
                <span class="name" title={n.name.clone()}>{&n.name}</span>
                <span class="bar" title={format!("{keys} {}", t(lang, counted))}>
                    <span class="fill" style={format!("width: {}%; background: {}", fixed(keys as f64 / scale * 100.0, 1), colour(n.id))} />
                    if n.ideal > 0.0 {
                        <span class="ideal" style={format!("left: {}%", fixed(n.ideal / scale * 100.0, 1))} />
                    }
                </span>
                <span class="count">{keys}</span>
                <input type="number" min="1" max="10000" value={n.weight.to_string()} onchange={on_weight}
                    aria-label={format!("{} {}", n.name, t(lang, Text::Weight))} title={t(lang, Text::Weight)} />
                <button type="button" onclick={click(d, ring(RingIntent::ToggleUp(id)))}
                    aria-label={format!("{}: {}", n.name, if n.up { t(lang, Text::MarkDownAria) } else { t(lang, Text::MarkUpAria) })}>
                    { if n.up { t(lang, Text::MarkDown) } else { t(lang, Text::MarkUp) } }
                </button>
                <button type="button" class="remove" onclick={on_remove}
                    aria-label={format!("{}: {}", n.name, t(lang, Text::RemoveNodeAria))} title={t(lang, Text::RemoveNode)}>{"×"}</button>
            </li>
        }
    });
    let on_name = {
        let new_name = new_name.clone();
        Callback::from(move |e: Event| new_name.set(value_of(&e)))
    };
    let on_add = {
        let new_name = new_name.clone();
        let d = d.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            d.emit(ring(RingIntent::Add((*new_name).clone())));
        })
    };
    // The name typed is kept until a node is added (a refused one is there to correct).
    {
        let new_name = new_name.clone();
        use_effect_with(m.nodes.len(), move |_| new_name.set(String::new()));
    }
    // A refusal said is brought into sight (the panel scrolls; the form may be at its foot).
    use_effect_with(props.error.clone(), |error| {
        let said = error.as_ref().and_then(|_| {
            web_sys::window()?
                .document()?
                .query_selector("[data-testid=ring-error]")
                .ok()
                .flatten()
        });
        if let Some(el) = said {
            let how = web_sys::ScrollIntoViewOptions::new();
            how.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&how);
        }
    });
    // Said where the user acted: at the top of a scrolled panel it was out of sight.
    let error_at = |spot: ErrorSpot| {
        props
            .error
            .as_ref()
            .filter(|e| ErrorSpot::of(e) == spot)
            .map(|e| html! { <p class="notice error" role="alert" data-testid="ring-error">{super::i18n::ring_error(e, lang)}</p> })
    };
    let on_ketama = {
        let ketama_text = ketama_text.clone();
        Callback::from(move |e: Event| ketama_text.set(value_of(&e)))
    };
    let use_ketama = {
        let text = (*ketama_text).clone();
        click(d, ring(RingIntent::Ketama(text.clone())))
    };
    html! {
        <section class="ring-panel" aria-label={t(lang, Text::RingView)}>
            if props.compact {
                <details class="about">
                    <summary>{t(lang, Text::AboutHashRing)}</summary>
                    <p class="explain">{t(lang, Text::RingExplainer)}</p>
                </details>
            } else {
                <p class="explain">{t(lang, Text::RingExplainer)}</p>
            }
            <div class="slot">{ for error_at(ErrorSpot::Settings) }</div>
            <label class="row">{t(lang, Text::Algorithm)}
                <select onchange={on_algo} aria-label={t(lang, Text::Algorithm)}
                        title={m.algorithm.map(|a| algorithm_label(a, lang))}>{ algo_options(m.algorithm, false) }</select>
            </label>
            <label class="row">{t(lang, Text::CompareWith)}
                <select onchange={on_compare} aria-label={t(lang, Text::CompareWith)}
                        title={m.compared.map(|a| algorithm_label(a, lang))}>{ algo_options(m.compared, true) }</select>
            </label>
            <label class="row">{format!("{} {}", t(lang, Text::VirtualNodes), m.vnodes)}
                <input type="range" min="0" max={(VNODE_STEPS.len() - 1).to_string()} value={step.to_string()}
                    oninput={on_vnodes} aria-label={t(lang, Text::VirtualNodes)}
                    aria-valuetext={m.vnodes.to_string()} disabled={!uses_vnodes}
                    title={if uses_vnodes { "" } else { no_vnodes }} />
            </label>
            // Parts that come and go each in a box of their own (`slot`): Yew 0.23 reconciled the
            // controls after an empty part with the wrong elements (a refused name rebuilt the
            // form and dropped the focus, and the algorithm's list later showed another's choice).
            <div class="slot">
                if !uses_vnodes {
                    <p class="explain">{no_vnodes}</p>
                } else if compared_only {
                    <p class="explain">{format!("{no_vnodes}{}{}", if lang == Lang::En { " " } else { "" }, t(lang, Text::VnodesComparedOnly))}</p>
                }
            </div>
            <label class="row">{t(lang, Text::ReplicationFactor)}
                <select onchange={on_replicas} aria-label={t(lang, Text::ReplicationFactor)}>{ for replicas }</select>
            </label>
            <div class="row pair">
                <label>{t(lang, Text::KeySet)}
                    <select onchange={on_kind} aria-label={t(lang, Text::KeySet)}>
                        <option value="uniform" selected={kind == KeyKind::Uniform}>{t(lang, Text::UniformKeys)}</option>
                        <option value="hot" selected={kind == KeyKind::Hot}>{t(lang, Text::HotKeys)}</option>
                        <option value="named" selected={kind == KeyKind::Named}>{t(lang, Text::NamedKeys)}</option>
                    </select>
                </label>
                if kind != KeyKind::Named {
                    // Hot keys repeat: the count is of requests, over fewer distinct keys.
                    <label>{t(lang, count_word)}
                        <input type="number" min="1" max={MAX_LAB_KEYS.to_string()} step="100"
                            value={m.count.to_string()} onchange={on_count} aria-label={t(lang, count_word)} />
                    </label>
                }
            </div>
            <div class="slot">
                if kind == KeyKind::Named {
                    <textarea rows="4" onchange={on_named} aria-label={t(lang, Text::NamedKeys)}
                        value={m.named_keys.clone()} placeholder={"user:42\ncart:7\nsession:abc"} />
                }
            </div>
            <label class="row lookup">{t(lang, Text::WhereDoesMyKeyGo)}
                <input type="text" placeholder="user:42" oninput={on_lookup} maxlength="200"
                    aria-label={t(lang, Text::WhereDoesMyKeyGo)} />
            </label>
            // In a box of its own: an answer appearing must not shift the field before it,
            // which Yew would then build anew (losing what is typed and the focus).
            <div class="lookup-slot" aria-live="polite">{ for lookup }</div>
            <h3>{t(lang, Text::NodesAndLoad)}</h3>
            <ul class="ring-nodes" data-testid="ring-nodes">{ for rows }</ul>
            <div class="slot">
                { for ignoring_weights }
                { for rounded }
                { for error_at(ErrorSpot::Nodes) }
                if m.nodes.is_empty() {
                    <p class="warn" role="status">{t(lang, Text::EmptyRing)}</p>
                }
            </div>
            <form class="add-node" onsubmit={on_add}>
                <input type="text" ref={name_field} value={(*new_name).clone()} placeholder={m.next_name.clone()}
                    onchange={on_name} aria-label={t(lang, Text::NewNodeName)} maxlength="40" />
                <button type="submit">{t(lang, Text::AddNode)}</button>
            </form>
            <div class="slot">{ for error_at(ErrorSpot::Add) }</div>
            <details>
                <summary>{t(lang, Text::KetamaPaste)}</summary>
                <p class="explain">{t(lang, Text::KetamaHelp)}</p>
                <textarea rows="5" onchange={on_ketama} aria-label={t(lang, Text::KetamaPaste)}
                    value={(*ketama_text).clone()} placeholder={"10.0.1.1:11211 600\n10.0.1.2:11211 300"} />
                <button type="button" onclick={use_ketama}>{t(lang, Text::UseServerList)}</button>
                <div class="slot">{ for error_at(ErrorSpot::Ketama) }</div>
            </details>
        </section>
    }
}
