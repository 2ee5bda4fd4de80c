//! The narration in words: the feed of recent happenings in the side panel, the one-line
//! caption under the stage, and the sentence for each happening in either language.

use crate::playground::{FeedItem, Happening, Intent};
use crate::sim::{Duration, NodeId, SimTime};
use std::rc::Rc;
use yew::prelude::*;

use super::app::{Dispatch, Msg};
use super::i18n::{t, Lang, Text};

#[derive(Properties, PartialEq)]
pub struct FeedProps {
    pub lang: Lang,
    /// The latest happenings, newest first.
    pub items: Rc<Vec<FeedItem>>,
    pub playing: bool,
    pub dispatch: Dispatch,
}

#[function_component(Feed)]
pub fn feed(props: &FeedProps) -> Html {
    let lang = props.lang;
    let items = props.items.iter().map(|item| {
        let e = item.event;
        html! {
            <li>
                <button type="button" class="when link-button" title={t(lang, Text::GoToEvent)}
                    onclick={props.dispatch.reform(move |_| Msg::Do(Intent::SeekEvent(e)))}>{super::num::ms(item.time.0, 1)}</button>
                {sentence(&item.what, lang)}
            </li>
        }
    });
    html! {
        <section aria-label={t(lang, Text::WhatHappened)}>
            <h2>{t(lang, Text::WhatHappened)}</h2>
            <ol class="feed" data-testid="feed">
                if props.items.is_empty() {
                    <li class="empty">{t(lang, empty_text(props.playing))}</li>
                } else {
                    { for items }
                }
            </ol>
        </section>
    }
}

/// What to say before anything happened: "press play" only when it is not playing.
fn empty_text(playing: bool) -> Text {
    if playing {
        Text::NothingYetPlaying
    } else {
        Text::NothingYet
    }
}

pub struct CaptionProps {
    pub lang: Lang,
    pub latest: Option<FeedItem>,
    pub playing: bool,
    pub now: SimTime,
    /// The live leader and its term, if there is one.
    pub leader: Option<(NodeId, u64)>,
}

/// How long a happening stays the caption: after that the caption says how things stand.
const CAPTION_FRESH: Duration = Duration::from_millis(1_000);

/// One large line under the stage, what a presenter reads out: the latest happening while it
/// is fresh, then how things stand (a leader keeping order, or an election to come).
pub fn caption(props: &CaptionProps) -> Html {
    let lang = props.lang;
    let fresh = props
        .latest
        .as_ref()
        .filter(|item| props.now - item.time <= CAPTION_FRESH);
    let text = match (fresh, &props.latest, props.leader) {
        (Some(item), _, _) => sentence(&item.what, lang),
        (None, None, _) => t(lang, empty_text(props.playing)).to_string(),
        (None, Some(_), Some((leader, term))) => match lang {
            Lang::En => format!(
                "{leader} leads term {term}: while its heartbeats arrive, its followers start no election."
            ),
            Lang::Zh => format!(
                "{leader} 是第 {term} 任期的领导者：只要它的心跳能够送达，跟随者就不会发起选举。"
            ),
        },
        (None, Some(_), None) => t(lang, Text::NoLeaderNow).to_string(),
    };
    html! { <p class={classes!("caption", fresh.is_none().then_some("steady"))} aria-live="polite" data-testid="caption">{text}</p> }
}

/// The sentence for a happening, in the page's language.
pub fn sentence(what: &Happening, lang: Lang) -> String {
    use Happening::*;
    match (lang, what) {
        (Lang::En, StartedElection { node, term }) => {
            format!("{node} timed out and started an election for term {term}")
        }
        (Lang::Zh, StartedElection { node, term }) => {
            format!("{node} 超时，发起第 {term} 任期的选举")
        }
        (Lang::En, StartedPreVote { node, term }) => {
            format!("{node} timed out and asks whether it could win term {term} (pre-vote)")
        }
        (Lang::Zh, StartedPreVote { node, term }) => {
            format!("{node} 超时，先预投票询问能否赢得第 {term} 任期")
        }
        (
            Lang::En,
            Voted {
                node,
                candidate,
                term,
            },
        ) => {
            format!("{node} voted for {candidate} in term {term}")
        }
        (
            Lang::Zh,
            Voted {
                node,
                candidate,
                term,
            },
        ) => {
            format!("{node} 在第 {term} 任期投票给 {candidate}")
        }
        (Lang::En, BecameLeader { node, term }) => {
            format!("{node} won a majority of votes and became leader of term {term}")
        }
        (Lang::Zh, BecameLeader { node, term }) => {
            format!("{node} 获得多数票，成为第 {term} 任期的领导者")
        }
        (Lang::En, Follows { node, leader, term }) => {
            format!("{node} follows {leader}, the leader of term {term}")
        }
        (Lang::Zh, Follows { node, leader, term }) => {
            format!("{node} 跟随第 {term} 任期的领导者 {leader}")
        }
        (Lang::En, SteppedDown { node, term }) => {
            format!("{node} stepped down and is a follower in term {term}")
        }
        (Lang::Zh, SteppedDown { node, term }) => {
            format!("{node} 退位，在第 {term} 任期成为跟随者")
        }
        (Lang::En, Committed { node, index }) => {
            format!("{node} committed the log up to entry {index}: a majority stores it")
        }
        (Lang::Zh, Committed { node, index }) => {
            format!("{node} 提交了直到第 {index} 条的日志：多数节点已保存")
        }
        (Lang::En, Crashed(n)) => format!("{n} crashed"),
        (Lang::Zh, Crashed(n)) => format!("{n} 宕机"),
        (Lang::En, Restarted(n)) => {
            format!("{n} restarted with its saved term, vote and log")
        }
        (Lang::Zh, Restarted(n)) => format!("{n} 重启，保留了任期、投票和日志"),
        (Lang::En, Cut(a, b)) => format!("The link {a} → {b} was cut"),
        (Lang::Zh, Cut(a, b)) => format!("链路 {a} → {b} 被切断"),
        (Lang::En, Healed(a, b)) => format!("The link {a} → {b} was healed"),
        (Lang::Zh, Healed(a, b)) => format!("链路 {a} → {b} 已恢复"),
        (Lang::En, Partitioned) => "The network was split into partitions".into(),
        (Lang::Zh, Partitioned) => "网络被分区".into(),
        (Lang::En, HealedAll) => "Every link was healed".into(),
        (Lang::Zh, HealedAll) => "所有链路已恢复".into(),
        (Lang::En, Loss(ppm)) => format!("Message loss set to {}%", ppm / 10_000),
        (Lang::Zh, Loss(ppm)) => format!("消息丢失率设为 {}%", ppm / 10_000),
    }
}
