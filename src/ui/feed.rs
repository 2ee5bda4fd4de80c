//! The narration in words: the feed of recent happenings in the side panel, the one-line
//! caption under the stage, and the sentence for each happening in either language.

use crate::playground::{FeedItem, Happening, Intent, ReadWay};
use crate::raft::{Op, Reply};
use crate::scenario::cause::{
    Answer, ElectionCause, PreVoteCause, RefusalCause, SendCause, StepDownCause,
};
use crate::sim::{Duration, NodeId, SimTime};
use std::rc::Rc;
use yew::prelude::*;

use super::app::{click, Dispatch, Msg};
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
                    onclick={click(&props.dispatch, Msg::Do(Intent::SeekEvent(e)))}>{super::num::ms(item.time.0, 1)}</button>
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
    let fit = super::guide::two_lines_fit(&text);
    html! { <p class={classes!("caption", fresh.is_none().then_some("steady"))} style={fit} aria-live="polite" data-testid="caption">{text}</p> }
}

/// The sentence for a happening, in the page's language. The words follow the glossary
/// (src/ui/glossary.md); Chinese uses full-width punctuation and a space between Chinese and
/// Latin letters or digits.
pub fn sentence(what: &Happening, lang: Lang) -> String {
    match lang {
        Lang::En => english(what),
        Lang::Zh => chinese(what),
    }
}

fn english(what: &Happening) -> String {
    use Happening::*;
    match what {
        StartedElection { node, term, why } => match why {
            ElectionCause::Timer => format!(
                "{node} heard from no leader before its election timer ran out: it starts an election for term {term} and asks for votes"
            ),
            ElectionCause::TimerAgain => format!(
                "{node}'s election did not finish in time (a split vote, or no majority it can reach): it starts another one, for term {term}"
            ),
            ElectionCause::Forced => {
                format!("{node} was forced to time out: it starts an election for term {term}")
            }
            ElectionCause::PreVoteWon => format!(
                "{node} won its pre-vote (a majority would vote for it): now it starts the real election, for term {term}"
            ),
            ElectionCause::TimeoutNow { from } => format!(
                "{node} got TimeoutNow from the leader {from} (leadership transfer): it starts an election for term {term} at once"
            ),
        },
        StartedPreVote { node, term, why } => match why {
            PreVoteCause::Timer => format!(
                "{node}'s election timer ran out: before raising its term, it asks whether it could win term {term} (pre-vote)"
            ),
            PreVoteCause::TimerAgain => format!(
                "{node} got no majority for its pre-vote in time and asks again about term {term}; its own term stays {}",
                term - 1
            ),
            PreVoteCause::Forced => format!(
                "{node} was forced to time out: it first asks whether it could win term {term} (pre-vote)"
            ),
        },
        Voted {
            node,
            candidate,
            term,
        } => format!("{node} voted for {candidate} in term {term}"),
        VotedAgain {
            node,
            candidate,
            first,
            term,
        } => {
            let first = if first == node {
                "itself".to_string()
            } else {
                first.to_string()
            };
            format!("{node} voted for {candidate} in term {term} too: it had already voted for {first} in that term (a teaching switch allows it)")
        }
        BecameLeader { node, term, noop } => {
            let first = if *noop {
                "; its first entry is a no-op of its own term"
            } else {
                ""
            };
            format!("{node} won a majority of votes and became leader of term {term}{first}")
        }
        Follows { node, leader, term } => {
            format!("{node} follows {leader}, the leader of term {term}")
        }
        GaveUp { node, term, from } => format!(
            "{node} heard of the higher term {term} from {from} and gave up its election: it is a follower now"
        ),
        Refused {
            node,
            candidate,
            term,
            why,
        } => match why {
            RefusalCause::AlreadyVoted { for_whom } => format!(
                "{node} refused its vote to {candidate} in term {term}: it had already voted for {for_whom}"
            ),
            RefusalCause::LogBehind {
                candidate: (ci, ct),
                voter: (mi, mt),
            } => format!(
                "{node} refused its vote to {candidate} in term {term}: {candidate}'s log (last entry {ci}, of term {ct}) is less up to date than its own (last entry {mi}, of term {mt})"
            ),
            RefusalCause::StaleTerm { asked } => format!(
                "{node} refused its vote to {candidate}: {candidate} asked for term {asked}, and {node} is already in term {term}"
            ),
        },
        AdoptedTerm {
            node,
            leader,
            was,
            term,
        } => format!(
            "{node} learned of term {term} from {leader}'s AppendEntries: it adopts it (it was in term {was}) and follows {leader}"
        ),
        ConfirmingRead {
            leader,
            client,
            index,
            lease,
        } => {
            if *lease {
                format!(
                    "{leader} cannot answer C{client}'s read from a lease: it starts a round of heartbeats and answers once a majority confirms it still leads (read index {index})"
                )
            } else {
                format!(
                    "{leader} got C{client}'s read: it starts a round of heartbeats and answers once a majority confirms it still leads (ReadIndex: read index {index})"
                )
            }
        }
        SteppedDown { node, term, why } => match why {
            StepDownCause::HigherTerm { from } => format!(
                "{node} saw the higher term {term} from {from} and stepped down: it is a follower now"
            ),
            StepDownCause::LostQuorum => format!(
                "{node} heard from no majority for an election timeout and stepped down by itself (CheckQuorum)"
            ),
            StepDownCause::SameTermLeader { from } => format!(
                "{node} got AppendEntries from {from}, another leader of its term {term}, and stepped down: it follows {from} now"
            ),
        },
        Committed {
            node,
            index,
            term,
            entry_term,
        } => match entry_term {
            Some(t) if t == term => format!(
                "{node} committed up to index {index}: a majority stores entry {index}, an entry of its own term {term}, and with it everything before"
            ),
            Some(t) => format!(
                "{node} counted up to index {index} as committed because a majority stores it, though entry {index} is from term {t}, not its own term {term}: only the teaching switch allows this (Figure 8)"
            ),
            None => format!(
                "{node} counted up to index {index} as committed because a majority stores it (with the teaching switch on, even entries of earlier terms count)"
            ),
        },
        CommittedCountingKept {
            node,
            index,
            term,
            follower,
            other,
            from,
            to,
        } => {
            let (at, entries) = if from == to {
                (format!("index {from}"), "entry")
            } else {
                (format!("indices {from}–{to}"), "entries")
            };
            format!("{node} committed up to index {index}, counting {follower}; but at {at} {follower} holds {other}'s {entries}, not {node}'s: both leaders of term {term} wrote there")
        }
        Appended {
            node,
            index,
            term,
            client,
            op,
        } => format!(
            "{node} appended C{client}'s {} at index {index} (term {term}) and replicates it with AppendEntries",
            op.as_ref().map_or_else(|| "request".to_string(), op_en)
        ),
        ClientSent {
            client,
            server,
            op,
            why,
        } => match why {
            SendCause::New => format!("Client C{client} asks {server} to {}", op_en(op)),
            SendCause::Retry => format!(
                "Client C{client} got no answer in time and asks {server} instead, to {}",
                op_en(op)
            ),
            SendCause::Redirect => format!(
                "Client C{client} asks {server}, the server it was pointed to, to {}",
                op_en(op)
            ),
        },
        Answered {
            server,
            client,
            op,
            answer,
            read,
        } => match answer {
            Answer::Done(reply) => format!(
                "{server} answers C{client}: {}",
                result_en(op.as_ref(), reply, *read)
            ),
            Answer::NotLeader { hint: Some(l) } => {
                format!("{server} is not the leader and points C{client} to {l}")
            }
            Answer::NotLeader { hint: None } => format!(
                "{server} cannot take C{client}'s request: it knows no leader; the client tries another server after a pause"
            ),
            Answer::HandingOver => format!(
                "{server} is handing leadership over and takes no new request meanwhile: C{client} tries again shortly"
            ),
        },
        AppendRejected {
            node,
            leader,
            prev_index,
            conflict_index,
            conflict_term,
        } => match conflict_term {
            None => format!(
                "{node} rejects AppendEntries from {leader}: its log has no entry at index {prev_index} (it ends at {}), so it tells the leader to go on from index {conflict_index}",
                conflict_index.saturating_sub(1)
            ),
            Some(t) => format!(
                "{node} rejects AppendEntries from {leader}: its entry at index {prev_index} is from term {t}, not the leader's; it tells the leader that its term-{t} entries start at index {conflict_index}"
            ),
        },
        BackedUp {
            leader,
            follower,
            next_index,
            entries,
        } => match entries {
            0 => format!(
                "{leader} moves nextIndex for {follower} back to {next_index} and checks again from there"
            ),
            1 => format!(
                "{leader} moves nextIndex for {follower} back to {next_index} and sends 1 entry from there"
            ),
            n => format!(
                "{leader} moves nextIndex for {follower} back to {next_index} and sends {n} entries from there"
            ),
        },
        AcceptedEntries {
            node,
            leader,
            from,
            to,
            repeated,
            max_batch,
            committed,
        } => {
            let stored = if from == to {
                if *committed {
                    format!("{node} stored entry {from} from {leader}, which the leader had already committed without {node}")
                } else {
                    format!("{node} stored entry {from} from {leader}")
                }
            } else if *repeated == 0 {
                format!(
                    "{node} stored entries {from}–{to} from {leader}, {} in one AppendEntries (at most {max_batch} per message)",
                    to - from + 1
                )
            } else {
                format!("{node} stored entries {from}–{to} from {leader}")
            };
            match repeated {
                0 => stored,
                1 => format!(
                    "{stored}; the same AppendEntries also carried entry {}, which {node} already had",
                    from - 1
                ),
                r => format!(
                    "{stored}; the same AppendEntries also carried entries {}–{}, which {node} already had",
                    from - r,
                    from - 1
                ),
            }
        }
        KeptEntries {
            node,
            leader,
            had_from,
            from,
            to,
            term,
        } => {
            let (entries, them) = if from == to {
                (format!("entry {from}"), "it")
            } else {
                (format!("entries {from}–{to}"), "them")
            };
            if had_from == node {
                return format!("{node} already had {entries} of its own, written while it led term {term}: it kept {them} and answered {leader} with success, as if it stored {leader}'s (Raft takes the same index and term to mean the same entry, as a term has only one leader)");
            }
            format!("{node} already had {entries} from {had_from}, another leader of term {term}: it kept {them} and answered {leader} with success, as if it stored {leader}'s (Raft takes the same index and term to mean the same entry, as a term has only one leader)")
        }
        Discarded {
            node,
            leader,
            from,
            to,
        } if from == to => format!(
            "{node} discarded its entry {from}, which conflicted with {leader}'s log, and took the leader's instead"
        ),
        Discarded {
            node,
            leader,
            from,
            to,
        } => format!(
            "{node} discarded its entries {from}–{to}, which conflicted with {leader}'s log, and took the leader's instead"
        ),
        TransferStarted { leader, target } => format!(
            "{leader} hands leadership to {target}: it takes no new requests, brings {target}'s log up to date, then sends it TimeoutNow"
        ),
        Crashed(n) => format!("{n} crashed: it stops, keeping only what it saved (term, vote, log)"),
        LostWrite {
            node,
            term: (t0, t),
            vote,
            entries: (k0, k),
            answered,
        } => {
            let mut kept = vec![format!("term {t}")];
            if t0 != t {
                kept[0].push_str(&format!(" (it had reached {t0})"));
            }
            if let Some(v) = vote {
                kept.push(format!("no vote (its vote for {v} was not saved yet)"));
            }
            if k0 != k {
                let entries = if *k == 1 { "entry" } else { "entries" };
                kept.push(format!("{k} log {entries} (it had {k0})"));
            }
            let after = if *answered {
                "With the reply-before-write switch on, it had already answered for what it lost: votes or acknowledgements the others may have counted are taken back"
            } else {
                "No vote or acknowledgement it gave is lost: those wait for the disk"
            };
            format!(
                "{node} lost the disk write in progress: it keeps what the last completed write saved: {}. {after}",
                kept.join(", ")
            )
        }
        Restarted(n) => {
            format!("{n} restarted as a follower, with its saved term, vote and log")
        }
        Cut(a, b) => format!("The link {a} → {b} was cut"),
        Healed(a, b) => format!("The link {a} → {b} was healed"),
        Partitioned { groups, healed } => {
            let split = match groups.as_slice() {
                [a, b] if a.len() == 1 || b.len() == 1 => {
                    let alone = if a.len() == 1 { a[0] } else { b[0] };
                    format!("{alone} was cut off from every other server")
                }
                _ => format!(
                    "The network was split into {}: every link between the groups is cut",
                    groups_text(groups, ", ", " | ")
                ),
            };
            match healed {
                0 => split,
                1 => format!("{split}; the split first healed 1 link cut earlier"),
                h => format!("{split}; the split first healed {h} links cut earlier"),
            }
        }
        HealedAll => "Every link was healed".into(),
        Loss(ppm) => format!("Message loss set to {}%", ppm / 10_000),
    }
}

fn chinese(what: &Happening) -> String {
    use Happening::*;
    match what {
        StartedElection { node, term, why } => match why {
            ElectionCause::Timer => format!(
                "{node} 的选举计时器到期前没有收到领导者的消息：它发起第 {term} 任期的选举，请求其他服务器投票"
            ),
            ElectionCause::TimerAgain => format!(
                "{node} 的选举没能及时完成（选票瓜分，或联系不到多数派）：它再发起第 {term} 任期的选举"
            ),
            ElectionCause::Forced => {
                format!("{node} 被强制超时：发起第 {term} 任期的选举")
            }
            ElectionCause::PreVoteWon => format!(
                "{node} 赢得了预投票（多数派愿意投票给它）：现在正式发起第 {term} 任期的选举"
            ),
            ElectionCause::TimeoutNow { from } => format!(
                "{node} 收到领导者 {from} 发来的 TimeoutNow（领导权转移）：立即发起第 {term} 任期的选举"
            ),
        },
        StartedPreVote { node, term, why } => match why {
            PreVoteCause::Timer => format!(
                "{node} 的选举计时器到期：它先不增加任期，而是通过预投票询问自己能否赢得第 {term} 任期"
            ),
            PreVoteCause::TimerAgain => format!(
                "{node} 的预投票没能及时得到多数派同意，再次询问第 {term} 任期；它自己的任期仍是 {}",
                term - 1
            ),
            PreVoteCause::Forced => format!(
                "{node} 被强制超时：先通过预投票询问自己能否赢得第 {term} 任期"
            ),
        },
        Voted {
            node,
            candidate,
            term,
        } => format!("{node} 在第 {term} 任期投票给 {candidate}"),
        VotedAgain {
            node,
            candidate,
            first,
            term,
        } => {
            let first = if first == node {
                "自己".to_string()
            } else {
                first.to_string()
            };
            format!("{node} 在第 {term} 任期又投票给 {candidate}：它在本任期已投票给 {first}（教学开关允许这样做）")
        }
        BecameLeader { node, term, noop } => {
            let first = if *noop {
                "；它的第一个条目是本任期的空操作条目"
            } else {
                ""
            };
            format!("{node} 获得多数票，成为第 {term} 任期的领导者{first}")
        }
        Follows { node, leader, term } => {
            format!("{node} 跟随第 {term} 任期的领导者 {leader}")
        }
        GaveUp { node, term, from } => format!(
            "{node} 从 {from} 处得知更高的第 {term} 任期，于是放弃选举，成为跟随者"
        ),
        Refused {
            node,
            candidate,
            term,
            why,
        } => match why {
            RefusalCause::AlreadyVoted { for_whom } => format!(
                "{node} 在第 {term} 任期拒绝投票给 {candidate}：它已投票给 {for_whom}"
            ),
            RefusalCause::LogBehind {
                candidate: (ci, ct),
                voter: (mi, mt),
            } => format!(
                "{node} 在第 {term} 任期拒绝投票给 {candidate}：{candidate} 的日志（最后条目索引 {ci}，属于第 {ct} 任期）不如它自己的新（最后条目索引 {mi}，属于第 {mt} 任期）"
            ),
            RefusalCause::StaleTerm { asked } => format!(
                "{node} 拒绝投票给 {candidate}：{candidate} 请求的是第 {asked} 任期，而 {node} 已处于第 {term} 任期"
            ),
        },
        AdoptedTerm {
            node,
            leader,
            was,
            term,
        } => format!(
            "{node} 从 {leader} 的 AppendEntries 得知第 {term} 任期：它把自己的任期更新为 {term}（原为 {was}），并跟随 {leader}"
        ),
        ConfirmingRead {
            leader,
            client,
            index,
            lease,
        } => {
            if *lease {
                format!(
                    "{leader} 无法凭租约直接回答客户端 C{client} 的读请求：它发起一轮心跳，等多数派确认它仍是领导者后再回答（读索引 {index}）"
                )
            } else {
                format!(
                    "{leader} 收到客户端 C{client} 的读请求：它发起一轮心跳，等多数派确认它仍是领导者后再回答（ReadIndex：读索引 {index}）"
                )
            }
        }
        SteppedDown { node, term, why } => match why {
            StepDownCause::HigherTerm { from } => format!(
                "{node} 从 {from} 处得知更高的第 {term} 任期，于是下台，成为跟随者"
            ),
            StepDownCause::LostQuorum => format!(
                "{node} 在一个选举超时内没有收到多数派的回应，主动下台（CheckQuorum）"
            ),
            StepDownCause::SameTermLeader { from } => format!(
                "{node} 收到 {from}（同为第 {term} 任期的领导者）发来的 AppendEntries，于是下台，现在跟随 {from}"
            ),
        },
        Committed {
            node,
            index,
            term,
            entry_term,
        } => match entry_term {
            Some(t) if t == term => format!(
                "{node} 提交到索引 {index}：多数派已保存索引 {index} 的条目，它属于领导者自己的第 {term} 任期，之前的条目随之一并提交"
            ),
            Some(t) => format!(
                "{node} 因多数派已保存而把索引 {index} 及之前的条目计为已提交，但索引 {index} 的条目属于第 {t} 任期，不是它自己的第 {term} 任期：只有教学开关允许这样做（图 8）"
            ),
            None => format!(
                "{node} 因多数派已保存而把索引 {index} 及之前的条目计为已提交（教学开关打开时，更早任期的条目也这样计算）"
            ),
        },
        CommittedCountingKept {
            node,
            index,
            term,
            follower,
            other,
            from,
            to,
        } => {
            let at = if from == to {
                format!("索引 {from}")
            } else {
                format!("索引 {from}–{to}")
            };
            format!("{node} 提交到索引 {index}，把 {follower} 算进了多数派；但 {follower} 在{at} 处保存的是 {other} 的条目，不是 {node} 的：第 {term} 任期的两个领导者都在这里写入了条目")
        }
        Appended {
            node,
            index,
            term,
            client,
            op,
        } => format!(
            "{node} 把客户端 C{client} 的请求（{}）追加到索引 {index}（第 {term} 任期），并通过 AppendEntries 复制给跟随者",
            op.as_ref().map_or_else(|| "请求".to_string(), op_zh)
        ),
        ClientSent {
            client,
            server,
            op,
            why,
        } => match why {
            SendCause::New => format!("客户端 C{client} 向 {server} 发出请求：{}", op_zh(op)),
            SendCause::Retry => format!(
                "客户端 C{client} 没有及时收到回复，改向 {server} 重发请求：{}",
                op_zh(op)
            ),
            SendCause::Redirect => format!(
                "客户端 C{client} 按指引改向 {server} 发出请求：{}",
                op_zh(op)
            ),
        },
        Answered {
            server,
            client,
            op,
            answer,
            read,
        } => match answer {
            Answer::Done(reply) => format!(
                "{server} 回复客户端 C{client}：{}",
                result_zh(op.as_ref(), reply, *read)
            ),
            Answer::NotLeader { hint: Some(l) } => {
                format!("{server} 不是领导者，告诉客户端 C{client} 去找 {l}")
            }
            Answer::NotLeader { hint: None } => format!(
                "{server} 无法处理客户端 C{client} 的请求：它不知道领导者是谁；客户端稍等片刻后改试另一台服务器"
            ),
            Answer::HandingOver => format!(
                "{server} 正在转移领导权，期间不接受新请求：客户端 C{client} 稍后重试"
            ),
        },
        AppendRejected {
            node,
            leader,
            prev_index,
            conflict_index,
            conflict_term,
        } => match conflict_term {
            None => format!(
                "{node} 拒绝了 {leader} 的 AppendEntries：它的日志在索引 {prev_index} 处没有条目（只到索引 {}），于是告诉领导者从索引 {conflict_index} 处继续",
                conflict_index.saturating_sub(1)
            ),
            Some(t) => format!(
                "{node} 拒绝了 {leader} 的 AppendEntries：它在索引 {prev_index} 处的条目属于第 {t} 任期，与领导者的不一致；它告诉领导者，自己第 {t} 任期的条目从索引 {conflict_index} 开始"
            ),
        },
        BackedUp {
            leader,
            follower,
            next_index,
            entries,
        } => match entries {
            0 => format!(
                "{leader} 把 {follower} 的 nextIndex 回退到 {next_index}，从那里重新检查"
            ),
            n => format!(
                "{leader} 把 {follower} 的 nextIndex 回退到 {next_index}，从那里发送 {n} 个条目"
            ),
        },
        AcceptedEntries {
            node,
            leader,
            from,
            to,
            repeated,
            max_batch,
            committed,
        } => {
            let stored = if from == to {
                if *committed {
                    format!("{node} 保存了 {leader} 发来的索引 {from} 的条目；领导者此前已提交该条目，没有等 {node}")
                } else {
                    format!("{node} 保存了 {leader} 发来的索引 {from} 的条目")
                }
            } else if *repeated == 0 {
                format!(
                    "{node} 通过一条 AppendEntries 保存了 {leader} 发来的索引 {from}–{to} 的 {} 个条目（每条消息最多 {max_batch} 个）",
                    to - from + 1
                )
            } else {
                format!("{node} 保存了 {leader} 发来的索引 {from}–{to} 的条目")
            };
            match repeated {
                0 => stored,
                1 => format!(
                    "{stored}；同一条 AppendEntries 还带来了索引 {} 的条目，{node} 此前已经有了",
                    from - 1
                ),
                r => format!(
                    "{stored}；同一条 AppendEntries 还带来了索引 {}–{} 的条目，{node} 此前已经有了",
                    from - r,
                    from - 1
                ),
            }
        }
        KeptEntries {
            node,
            leader,
            had_from,
            from,
            to,
            term,
        } => {
            let (entries, them) = if from == to {
                (format!("索引 {from}"), "该条目")
            } else {
                (format!("索引 {from}–{to}"), "这些条目")
            };
            if had_from == node {
                return format!("{node} 已有{entries} 的条目，是它担任第 {term} 任期领导者时自己写入的：它保留了{them}，并向 {leader} 回复成功（success），仿佛保存的是 {leader} 的条目（Raft 认为索引和任期都相同就是同一个条目，因为一个任期只有一个领导者）");
            }
            format!("{node} 已有 {had_from}（第 {term} 任期的另一个领导者）发来的{entries} 的条目：它保留了{them}，并向 {leader} 回复成功（success），仿佛保存的是 {leader} 的条目（Raft 认为索引和任期都相同就是同一个条目，因为一个任期只有一个领导者）")
        }
        Discarded {
            node,
            leader,
            from,
            to,
        } if from == to => format!(
            "{node} 丢弃了自己的条目 {from}：它与 {leader} 的日志冲突，改用领导者的条目"
        ),
        Discarded {
            node,
            leader,
            from,
            to,
        } => format!(
            "{node} 丢弃了自己的条目 {from}–{to}：它们与 {leader} 的日志冲突，改用领导者的条目"
        ),
        TransferStarted { leader, target } => format!(
            "{leader} 把领导权转移给 {target}：暂停接收新请求，先让 {target} 的日志追上，再向它发送 TimeoutNow"
        ),
        Crashed(n) => format!("{n} 宕机：停止运行，只保留已持久化的任期、投票和日志"),
        LostWrite {
            node,
            term: (t0, t),
            vote,
            entries: (k0, k),
            answered,
        } => {
            let mut kept = vec![format!("第 {t} 任期")];
            if t0 != t {
                kept[0].push_str(&format!("（原为第 {t0} 任期）"));
            }
            if let Some(v) = vote {
                kept.push(format!("没有投票记录（投给 {v} 的一票尚未写入）"));
            }
            if k0 != k {
                kept.push(format!("{k} 个日志条目（原有 {k0} 个）"));
            }
            let after = if *answered {
                "“写盘之前就回复”开关打开时，它已为丢失的内容回复过：其他服务器可能已算上的投票或确认就此作废"
            } else {
                "它给出的投票和确认都不会丢失：这些要等写盘完成才发出"
            };
            format!(
                "{node} 正在进行的磁盘写入丢失：它只保留上一次写完的内容：{}。{after}",
                kept.join("，")
            )
        }
        Restarted(n) => format!("{n} 重启，带着保存的任期、投票和日志，以跟随者身份恢复运行"),
        Cut(a, b) => format!("链路 {a} → {b} 被切断"),
        Healed(a, b) => format!("链路 {a} → {b} 已恢复"),
        Partitioned { groups, healed } => {
            let split = match groups.as_slice() {
                [a, b] if a.len() == 1 || b.len() == 1 => {
                    let alone = if a.len() == 1 { a[0] } else { b[0] };
                    format!("{alone} 与其他所有服务器断开")
                }
                _ => format!(
                    "网络被分成 {} 组（{}）：组与组之间的链路全部切断",
                    groups.len(),
                    groups_text(groups, "、", " | ")
                ),
            };
            match healed {
                0 => split,
                h => format!("{split}；分组前先恢复了之前切断的 {h} 条链路"),
            }
        }
        HealedAll => "所有链路已恢复".into(),
        Loss(ppm) => format!("丢包率设为 {}%", ppm / 10_000),
    }
}

/// An operation as the verb phrase after "asks N1 to".
fn op_en(op: &Op) -> String {
    match op {
        Op::Put { key, value } => format!("write {key} = {value}"),
        Op::Get { key } => format!("read {key}"),
        Op::Cas { key, expected, new } => format!(
            "set {key} to {new} if it is {}",
            expected.as_deref().unwrap_or("absent")
        ),
        Op::Delete { key } => format!("delete {key}"),
    }
}

fn op_zh(op: &Op) -> String {
    match op {
        Op::Put { key, value } => format!("写入 {key} = {value}"),
        Op::Get { key } => format!("读取 {key}"),
        Op::Cas { key, expected, new } => match expected {
            Some(e) => format!("若 {key} 为 {e}，则改为 {new}"),
            None => format!("若 {key} 不存在，则设为 {new}"),
        },
        Op::Delete { key } => format!("删除 {key}"),
    }
}

/// What a completed operation returned, as the client learns it.
/// How a read was served, in words.
fn read_way_en(read: Option<ReadWay>) -> &'static str {
    match read {
        None | Some(ReadWay::Log) => "read through the log",
        Some(ReadWay::ReadIndex) => "ReadIndex: read once a heartbeat round confirmed the leader",
        Some(ReadWay::Lease) => "read under the leader's lease",
        Some(ReadWay::OwnState) => "read from its own state, leadership unconfirmed",
    }
}

fn read_way_zh(read: Option<ReadWay>) -> &'static str {
    match read {
        None | Some(ReadWay::Log) => "经日志读取",
        Some(ReadWay::ReadIndex) => "ReadIndex：一轮心跳确认领导者身份后读取",
        Some(ReadWay::Lease) => "在领导者租约内读取",
        Some(ReadWay::OwnState) => "未经确认，直接读本地状态",
    }
}

fn result_en(op: Option<&Op>, reply: &Reply, read: Option<ReadWay>) -> String {
    let how = read_way_en(read);
    match (op, reply) {
        (Some(Op::Put { key, value }), _) => {
            format!("done, {key} = {value} is committed and applied")
        }
        (Some(Op::Get { key }), Reply { value: Some(v), .. }) => {
            format!("{key} = {v} ({how})")
        }
        (Some(Op::Get { key }), Reply { value: None, .. }) => {
            format!("{key} has no value ({how})")
        }
        (Some(Op::Cas { key, new, .. }), Reply { ok: true, .. }) => {
            format!("done, {key} is now {new}")
        }
        (Some(Op::Cas { key, .. }), Reply { value, .. }) => format!(
            "not done: {key} is {}",
            value.as_deref().unwrap_or("absent")
        ),
        (Some(Op::Delete { key }), _) => format!("done, {key} is deleted"),
        (None, _) => "done".into(),
    }
}

fn result_zh(op: Option<&Op>, reply: &Reply, read: Option<ReadWay>) -> String {
    let how = read_way_zh(read);
    match (op, reply) {
        (Some(Op::Put { key, value }), _) => format!("完成，{key} = {value} 已提交并应用"),
        (Some(Op::Get { key }), Reply { value: Some(v), .. }) => {
            format!("{key} = {v}（{how}）")
        }
        (Some(Op::Get { key }), Reply { value: None, .. }) => {
            format!("{key} 没有值（{how}）")
        }
        (Some(Op::Cas { key, new, .. }), Reply { ok: true, .. }) => {
            format!("完成，{key} 现在是 {new}")
        }
        (Some(Op::Cas { key, .. }), Reply { value, .. }) => match value {
            Some(v) => format!("未执行：{key} 现在是 {v}"),
            None => format!("未执行：{key} 不存在"),
        },
        (Some(Op::Delete { key }), _) => format!("完成，{key} 已删除"),
        (None, _) => "完成".into(),
    }
}

/// Groups of servers, e.g. "N1, N2 | N3, N4, N5".
fn groups_text(groups: &[Vec<NodeId>], within: &str, between: &str) -> String {
    groups
        .iter()
        .map(|g| {
            g.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(within)
        })
        .collect::<Vec<_>>()
        .join(between)
}
