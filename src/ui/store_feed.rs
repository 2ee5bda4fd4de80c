//! The quorum store's event feed: its latest lines (`Store::feed`), newest first, in either
//! language. Words as in the store's panel and the glossary: put 写入, get 读取, replica 副本,
//! sloppy quorum 宽松 Quorum, hinted handoff 提示转交.

use super::app::{click, Dispatch, Msg};
use super::i18n::{t, Text};
use super::store::member_name;
use crate::playground::store::feed::{StoreFeedItem, StoreHappening};
use crate::playground::{Intent, Lang};
use crate::raft::Op;
use crate::sim::{Duration, NodeId, SimTime};
use std::rc::Rc;
use yew::prelude::*;

/// Lines the store's feed shows.
pub const STORE_FEED_LINES: usize = 6;

#[derive(Properties, PartialEq)]
pub struct StoreFeedProps {
    pub lang: Lang,
    /// Oldest first, as `Store::feed` gives them.
    pub items: Rc<Vec<StoreFeedItem>>,
    /// Replica nodes: the members after them are the clients.
    pub nodes: u8,
    pub dispatch: Dispatch,
}

#[function_component(StoreFeed)]
pub fn store_feed(props: &StoreFeedProps) -> Html {
    let lang = props.lang;
    let items = props.items.iter().rev().map(|item| {
        html! {
            <li>
                <button type="button" class="when link-button" title={t(lang, Text::GoToEvent)}
                    onclick={click(&props.dispatch, Msg::Do(Intent::Seek(item.at)))}>{super::num::ms(item.at.0, 1)}</button>
                {sentence(&item.what, props.nodes, lang)}
            </li>
        }
    });
    html! {
        <section aria-label={t(lang, Text::WhatHappened)}>
            <h2>{t(lang, Text::WhatHappened)}</h2>
            <ol class="feed" data-testid="store-feed">
                if props.items.is_empty() {
                    <li class="empty">{t(lang, Text::StoreFeedEmpty)}</li>
                } else {
                    { for items }
                }
            </ol>
        </section>
    }
}

/// How long a line stays news under the stage: after that it is shown dimmed, as the last
/// thing that happened (every line stays true of the run while it is the latest: a client that
/// asked keeps waiting until a line says it was answered, asked again or gave up).
const CAPTION_FRESH: Duration = Duration::from_millis(1_000);

pub struct CaptionProps {
    pub lang: Lang,
    pub latest: Option<StoreFeedItem>,
    pub now: SimTime,
    pub nodes: u8,
    /// The clients have a workload of their own (they start operations without the buttons).
    pub workload: bool,
    /// In a slide: no panel, so no buttons (the keys W and R start C1's put and get).
    pub embed: bool,
}

/// One large line under the store's stage in free play, what a presenter reads out: the
/// feed's latest line (as the cluster's caption tells its feed's), or what starts the first.
pub fn caption(props: &CaptionProps) -> Html {
    let lang = props.lang;
    let fresh = props
        .latest
        .as_ref()
        .is_some_and(|item| props.now - item.at <= CAPTION_FRESH);
    let text = match &props.latest {
        Some(item) => sentence(&item.what, props.nodes, lang),
        None if props.workload => t(lang, Text::StoreCaptionWorkload).to_string(),
        None if props.embed => t(lang, Text::StoreCaptionKeys).to_string(),
        None => t(lang, Text::StoreCaptionButtons).to_string(),
    };
    // Its type fitted to its length in a box of fixed height (see the stylesheet): the
    // store's lines run from a few words to three lines, and a box that followed them would
    // move the stage at each operation.
    let fit = super::guide::caption_fit(&text);
    html! {
        <p class={classes!("caption", "store-caption", (!fresh).then_some("steady"))} aria-live="polite"
            style={fit} data-testid="store-caption">{text}</p>
    }
}

/// A line of the store's feed in the page's language.
pub fn sentence(what: &StoreHappening, nodes: u8, lang: Lang) -> String {
    match lang {
        Lang::En => english(what, nodes),
        Lang::Zh => chinese(what, nodes),
    }
}

fn list(ids: &[NodeId], nodes: u8, sep: &str) -> String {
    ids.iter()
        .map(|&id| member_name(id, nodes))
        .collect::<Vec<_>>()
        .join(sep)
}

fn sides(groups: &[Vec<NodeId>], nodes: u8, sep: &str) -> String {
    groups
        .iter()
        .map(|g| list(g, nodes, sep))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Links as "C1 → N2" (one way) or "C1 ↔ N2" (both ways).
fn links(lines: &[(NodeId, NodeId, bool)], nodes: u8, sep: &str) -> String {
    lines
        .iter()
        .map(|&(a, b, both)| {
            let arrow = if both { "↔" } else { "→" };
            format!(
                "{} {arrow} {}",
                member_name(a, nodes),
                member_name(b, nodes)
            )
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// Which phase of an operation (see `StoreHappening::AskedAgain`), in each language.
fn phase_en(op: &Op, writing: bool) -> &'static str {
    match (op, writing) {
        (Op::Get { .. }, true) => "its write-back",
        (Op::Get { .. }, false) => "its query",
        (_, true) => "its write",
        (_, false) => "its version query",
    }
}

fn phase_zh(op: &Op, writing: bool) -> &'static str {
    match (op, writing) {
        (Op::Get { .. }, true) => "回写阶段",
        (Op::Get { .. }, false) => "版本查询",
        (_, true) => "写入阶段",
        (_, false) => "版本查询",
    }
}

/// The noun for `n` of it: "1 answer", "2 answers".
fn count<'a>(n: u8, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn op_en(op: &Op) -> String {
    match op {
        Op::Put { key, value } => format!("put {key} = {value}"),
        other => crate::playground::op_text(other),
    }
}

fn op_zh(op: &Op) -> String {
    match op {
        Op::Put { key, value } => format!("写入 {key} = {value}"),
        Op::Get { key } => format!("读取 {key}"),
        other => crate::playground::op_text(other),
    }
}

fn english(what: &StoreHappening, nodes: u8) -> String {
    use StoreHappening::*;
    let name = |id: NodeId| member_name(id, nodes);
    match what {
        Called {
            client,
            op,
            nodes: asked,
            r,
            w,
            write_back,
        } => {
            let to = list(asked, nodes, ", ");
            let o = op_en(op);
            let answers = count(*r, "answer", "answers");
            let acks = count(*w, "acknowledgement", "acknowledgements");
            match (op, write_back) {
                (Op::Put { key, .. }, true) => format!(
                    "C{client} {o}: it first asks {to} for their version of {key} and waits for R = {r} {answers}, then sends them a newer version and waits for W = {w} {acks}"
                ),
                (Op::Put { .. }, false) => format!(
                    "C{client} {o}: it sends it to {to}, the key's replicas, and waits for W = {w} {acks}"
                ),
                (_, true) => format!(
                    "C{client} {o}: it asks {to}, the key's replicas, and waits for R = {r} {answers}, then writes the newest back to them and waits for W = {w} {acks}"
                ),
                (_, false) => format!(
                    "C{client} {o}: it asks {to}, the key's replicas, and waits for R = {r} {answers}"
                ),
            }
        }
        AskedAgain {
            client,
            op,
            writing,
            round,
            tries,
            again,
            stand_ins,
        } => {
            let (answers, verb) = if *writing {
                ("acknowledgements", "sends it to")
            } else {
                ("answers", "asks")
            };
            let mut asks = Vec::new();
            if !again.is_empty() {
                asks.push(format!("{verb} {} again", list(again, nodes, ", ")));
            }
            if !stand_ins.is_empty() {
                let instead = stand_ins
                    .iter()
                    .map(|&(s, owner)| format!("{} in place of {}", name(s), name(owner)))
                    .collect::<Vec<_>>()
                    .join(", ");
                asks.push(format!("{verb} {instead} (sloppy quorum)"));
            }
            format!(
                "C{client} {}: too few {answers} to {} in time; in round {round} of {tries} it {}",
                op_en(op),
                phase_en(op, *writing),
                asks.join(" and ")
            )
        }
        GaveUp {
            client,
            op,
            writing,
            rounds,
        } => {
            let answers = if *writing {
                "acknowledgements"
            } else {
                "answers"
            };
            let after = match (op, writing) {
                (Op::Get { .. }, _) => "",
                (_, true) => " (it may or may not have taken effect)",
                (_, false) => " (it never sent its value)",
            };
            format!(
                "C{client} gave up {}: {rounds} rounds of {} got too few {answers}; it stays unanswered in the history{after}",
                op_en(op),
                phase_en(op, *writing)
            )
        }
        Stored { client, op, w } => {
            format!(
                "C{client}'s {} is done: W = {w} {} acknowledged it",
                op_en(op),
                count(*w, "node", "nodes")
            )
        }
        Returned {
            client,
            op,
            value: Some(v),
        } => format!("C{client}'s {} returned {v}", op_en(op)),
        Returned {
            client,
            op,
            value: None,
        } => format!(
            "C{client}'s {} returned ∅: no node that answered had a value",
            op_en(op)
        ),
        Repaired {
            client,
            key,
            nodes: stale,
        } => format!(
            "C{client} sends the newest {key} to {}, which answered with {} (read repair)",
            list(stale, nodes, ", "),
            if stale.len() > 1 {
                "older versions"
            } else {
                "an older version"
            }
        ),
        HandedOver { node, owner, key } => format!(
            "{} handed {key} over to {}, for which it kept it as a hint (hinted handoff)",
            name(*node),
            name(*owner)
        ),
        Crashed(n) if n.0 < nodes => format!(
            "{} crashed (a replica keeps what it stored: it is on disk)",
            name(*n)
        ),
        Crashed(c) => format!(
            "{} crashed: an operation it was coordinating, if any, stays unanswered",
            name(*c)
        ),
        Restarted(n) => format!("{} restarted", name(*n)),
        CutOff {
            member,
            healed_first,
        } => format!(
            "{}{} was cut off from every other node and client",
            if *healed_first {
                "Every link was healed, then "
            } else {
                ""
            },
            name(*member)
        ),
        Reconnected(m) => format!("{} was reconnected", name(*m)),
        Partitioned {
            sides: groups,
            healed_first,
        } => format!(
            "{}he network was split: {} (every link between the sides is cut)",
            if *healed_first {
                "Every link was healed, then t"
            } else {
                "T"
            },
            sides(groups, nodes, " ")
        ),
        Cut(lines) => format!("Links cut: {}", links(lines, nodes, ", ")),
        HealedLinks(lines) => format!("Links healed: {}", links(lines, nodes, ", ")),
        Healed => "Every link was healed".into(),
        Loss { percent } => format!("Message loss set to {percent}%"),
        Latency { min, max } => format!(
            "Latency set to {}–{} ms",
            min.as_micros() / 1000,
            max.as_micros() / 1000
        ),
    }
}

fn chinese(what: &StoreHappening, nodes: u8) -> String {
    use StoreHappening::*;
    let name = |id: NodeId| member_name(id, nodes);
    match what {
        Called {
            client,
            op,
            nodes: asked,
            r,
            w,
            write_back,
        } => {
            let to = list(asked, nodes, "、");
            let o = op_zh(op);
            match (op, write_back) {
                (Op::Put { key, .. }, true) => format!(
                    "C{client} {o}：先向 {to} 询问 {key} 的版本，等待 R = {r} 个应答，再把更新的版本发给它们，等待 W = {w} 个确认"
                ),
                (Op::Put { .. }, false) => format!(
                    "C{client} {o}：发给该键的副本 {to}，等待 W = {w} 个确认"
                ),
                (_, true) => format!(
                    "C{client} {o}：询问该键的副本 {to}，等待 R = {r} 个应答，再把最新的值回写给它们，等待 W = {w} 个确认"
                ),
                (_, false) => format!(
                    "C{client} {o}：询问该键的副本 {to}，等待 R = {r} 个应答"
                ),
            }
        }
        AskedAgain {
            client,
            op,
            writing,
            round,
            tries,
            again,
            stand_ins,
        } => {
            let (answers, again_verb) = if *writing {
                ("确认", "重新发给")
            } else {
                ("应答", "再次询问")
            };
            let mut asks = Vec::new();
            if !again.is_empty() {
                asks.push(format!("{again_verb} {}", list(again, nodes, "、")));
            }
            if !stand_ins.is_empty() {
                let instead = stand_ins
                    .iter()
                    .map(|&(s, owner)| format!("{} 代替 {}", name(s), name(owner)))
                    .collect::<Vec<_>>()
                    .join("、");
                asks.push(format!("请 {instead}（宽松 Quorum）"));
            }
            format!(
                "C{client} {}：{}没有及时收到足够的{answers}；第 {round} 轮（共 {tries} 轮）{}",
                op_zh(op),
                phase_zh(op, *writing),
                asks.join("，并")
            )
        }
        GaveUp {
            client,
            op,
            writing,
            rounds,
        } => {
            let answers = if *writing { "确认" } else { "应答" };
            let after = match (op, writing) {
                (Op::Get { .. }, _) => "",
                (_, true) => "（可能已生效，也可能没有）",
                (_, false) => "（它从未发出要写入的值）",
            };
            format!(
                "C{client} 放弃了{}：{} {rounds} 轮都没有收到足够的{answers}；这次操作在历史中一直没有完成{after}",
                op_zh(op),
                phase_zh(op, *writing)
            )
        }
        Stored { client, op, w } => {
            format!("C{client} 的{} 完成：W = {w} 个节点已确认", op_zh(op))
        }
        Returned {
            client,
            op,
            value: Some(v),
        } => format!("C{client} 的{} 返回 {v}", op_zh(op)),
        Returned {
            client,
            op,
            value: None,
        } => format!("C{client} 的{} 返回 ∅：应答的节点都没有值", op_zh(op)),
        Repaired {
            client,
            key,
            nodes: stale,
        } => format!(
            "C{client} 把 {key} 的最新版本发给应答了旧版本的 {}（读修复）",
            list(stale, nodes, "、")
        ),
        HandedOver { node, owner, key } => format!(
            "{} 把替 {} 暂存的 {key} 转交给了 {}（提示转交）",
            name(*node),
            name(*owner),
            name(*owner)
        ),
        Crashed(n) if n.0 < nodes => {
            format!("{} 宕机（副本存储的数据在磁盘上，不会丢失）", name(*n))
        }
        Crashed(c) => format!("{} 宕机：它若正在协调操作，该操作不会完成", name(*c)),
        Restarted(n) => format!("{} 重启", name(*n)),
        CutOff {
            member,
            healed_first,
        } => format!(
            "{}{} 与其他所有节点和客户端断开",
            if *healed_first {
                "先恢复所有链路，然后 "
            } else {
                ""
            },
            name(*member)
        ),
        Reconnected(m) => format!("{} 恢复连接", name(*m)),
        Partitioned {
            sides: groups,
            healed_first,
        } => format!(
            "{}网络被分成 {} 组：{}（组与组之间的链路全部切断）",
            if *healed_first {
                "先恢复所有链路，然后"
            } else {
                ""
            },
            groups.len(),
            sides(groups, nodes, "、")
        ),
        Cut(lines) => format!("链路被切断：{}", links(lines, nodes, "、")),
        HealedLinks(lines) => format!("链路已恢复：{}", links(lines, nodes, "、")),
        Healed => "所有链路已恢复".into(),
        Loss { percent } => format!("丢包率设为 {percent}%"),
        Latency { min, max } => format!(
            "延迟设为 {}–{} 毫秒",
            min.as_micros() / 1000,
            max.as_micros() / 1000
        ),
    }
}
