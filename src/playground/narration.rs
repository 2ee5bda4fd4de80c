//! Narration: what just happened, as data the page words in either language. Items are
//! derived from each new event of the run (comparing a server's view before and after) and
//! kept with the event's index, so stepping back shows the narration as of that moment.

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
pub struct Narration {
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

impl Narration {
    pub fn new(sim: &Sim<Actor>) -> Narration {
        Narration {
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
