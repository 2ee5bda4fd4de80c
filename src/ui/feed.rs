//! The event feed: what just happened, in plain words. Items are derived from each new event
//! of the run (comparing a server's view before and after) and kept with the event's index,
//! so stepping back shows the feed as of that moment.

use super::i18n::Lang;
use crate::raft::{Actor, ActorView, Input, Role, ServerView};
use crate::sim::{Action, Cause, NodeId, Sim, SimTime, Trace};

/// Items kept at most; older ones are dropped.
const MAX_ITEMS: usize = 2000;

#[derive(Clone, Debug, PartialEq)]
pub enum Happening {
    StartedElection {
        node: NodeId,
        term: u64,
    },
    StartedPreVote {
        node: NodeId,
        term: u64,
    },
    Voted {
        node: NodeId,
        candidate: NodeId,
        term: u64,
    },
    BecameLeader {
        node: NodeId,
        term: u64,
    },
    Follows {
        node: NodeId,
        leader: NodeId,
        term: u64,
    },
    SteppedDown {
        node: NodeId,
        term: u64,
    },
    Committed {
        node: NodeId,
        index: u64,
    },
    Crashed(NodeId),
    Restarted(NodeId),
    Cut(NodeId, NodeId),
    Healed(NodeId, NodeId),
    Partitioned,
    HealedAll,
    Loss(u32),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FeedItem {
    pub event: u64,
    pub time: SimTime,
    pub what: Happening,
}

#[derive(Clone, Debug, Default)]
pub struct Feed {
    items: Vec<FeedItem>,
    /// Each server's view after the last observed event.
    views: Vec<Option<ServerView>>,
}

fn server_view(v: &ActorView) -> Option<ServerView> {
    match v {
        ActorView::Server(s) => Some(s.clone()),
        ActorView::Client(_) => None,
    }
}

impl Feed {
    pub fn new(sim: &Sim<Actor>) -> Feed {
        Feed {
            items: Vec::new(),
            views: sim.views().iter().map(server_view).collect(),
        }
    }

    /// The latest `n` items before `cursor`, newest first.
    pub fn latest(&self, cursor: u64, n: usize) -> impl Iterator<Item = &FeedItem> {
        self.items
            .iter()
            .rev()
            .skip_while(move |i| i.event >= cursor)
            .take(n)
    }

    /// The items from virtual time `from` up to `cursor`, oldest first.
    pub fn since(&self, from: SimTime, cursor: u64) -> impl Iterator<Item = &FeedItem> {
        let start = self.items.partition_point(|i| i.time < from);
        self.items[start..]
            .iter()
            .take_while(move |i| i.event < cursor)
    }

    pub fn observe(&mut self, ev: &Trace<Actor>) {
        let push = |items: &mut Vec<FeedItem>, what| {
            items.push(FeedItem {
                event: ev.index,
                time: ev.time,
                what,
            })
        };
        if let Cause::Command(action) = &ev.cause {
            let what = match action {
                Action::Crash(n) => Some(Happening::Crashed(*n)),
                Action::Restart(n) => Some(Happening::Restarted(*n)),
                Action::Cut { from, to } => Some(Happening::Cut(*from, *to)),
                Action::Heal { from, to } => Some(Happening::Healed(*from, *to)),
                Action::Partition(_) => Some(Happening::Partitioned),
                Action::HealAll => Some(Happening::HealedAll),
                Action::SetLoss { ppm } => Some(Happening::Loss(*ppm)),
                _ => None,
            };
            if let Some(what) = what {
                push(&mut self.items, what);
            }
        }
        let (Some(n), Some(after)) = (ev.node, ev.changed.as_ref().and_then(server_view)) else {
            return;
        };
        let i = usize::from(n.0);
        let before = self.views.get(i).cloned().flatten();
        let timed_out = matches!(ev.cause, Cause::Timer { .. })
            || matches!(ev.cause, Cause::Command(Action::Input(_, Input::Timeout)));
        let role_changed = before.as_ref().is_none_or(|b| b.role != after.role);
        let term = after.term.0;
        if role_changed {
            let what = match after.role {
                Role::Candidate => Some(Happening::StartedElection { node: n, term }),
                Role::PreCandidate => Some(Happening::StartedPreVote {
                    node: n,
                    term: term + 1,
                }),
                Role::Leader => Some(Happening::BecameLeader { node: n, term }),
                Role::Follower if before.as_ref().is_some_and(|b| b.role == Role::Leader) => {
                    Some(Happening::SteppedDown { node: n, term })
                }
                Role::Follower => after.leader.map(|leader| Happening::Follows {
                    node: n,
                    leader,
                    term,
                }),
            };
            if let Some(what) = what {
                push(&mut self.items, what);
            }
        } else if timed_out && after.role == Role::Candidate {
            push(
                &mut self.items,
                Happening::StartedElection { node: n, term },
            );
        }
        let voted_now = after.voted_for.is_some()
            && after.voted_for != Some(n)
            && before
                .as_ref()
                .is_none_or(|b| b.voted_for != after.voted_for || b.term != after.term);
        if let (true, Some(candidate)) = (voted_now, after.voted_for) {
            push(
                &mut self.items,
                Happening::Voted {
                    node: n,
                    candidate,
                    term,
                },
            );
        }
        if after.role == Role::Leader
            && before
                .as_ref()
                .is_some_and(|b| after.commit_index > b.commit_index)
        {
            push(
                &mut self.items,
                Happening::Committed {
                    node: n,
                    index: after.commit_index.0,
                },
            );
        }
        if i < self.views.len() {
            self.views[i] = Some(after);
        }
        if self.items.len() > MAX_ITEMS {
            self.items.drain(..self.items.len() - MAX_ITEMS);
        }
    }
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
