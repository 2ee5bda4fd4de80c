//! What happened in the quorum store, line by line, for its event feed: the clients'
//! operations (called, asked again, given up, answered, read-repaired), hints handed over, and
//! what the user did to the nodes and the network. Read from the run as it is at the cursor
//! (the clients' histories and notes, the replicas' handovers, the applied commands), so a
//! rewound run tells only what had happened by then.

use super::Store;
use crate::quorum::{QInput, Step};
use crate::raft::Op;
use crate::sim::{Action, Command, Duration, NodeId, SimTime};

/// One line of the store's feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreFeedItem {
    pub at: SimTime,
    pub what: StoreHappening,
}

/// Clients are numbered from 1 (C1, C2, …); nodes are `NodeId`s (N1 is `NodeId(0)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreHappening {
    /// A client started an operation: it asked the key's replicas `nodes` and waits for W of
    /// them (a put) or R (a get); with write-back a put first waits for R versions, then for W
    /// acknowledgements of a newer one, and a get writes what it returns back and waits for W.
    Called {
        client: u8,
        op: Op,
        nodes: Vec<NodeId>,
        r: u8,
        w: u8,
        write_back: bool,
    },
    /// Too few answers within the timeout: round `round` of `tries`.
    AskedAgain {
        client: u8,
        op: Op,
        /// Sending a version to store, rather than asking for versions.
        writing: bool,
        round: u8,
        tries: u8,
        again: Vec<NodeId>,
        /// (stand-in, the node it stands in for): a sloppy quorum.
        stand_ins: Vec<(NodeId, NodeId)>,
    },
    /// Too few answers in the last round of the phase `writing` says.
    GaveUp {
        client: u8,
        op: Op,
        writing: bool,
        rounds: u8,
    },
    /// A put was acknowledged by W replicas.
    Stored {
        client: u8,
        op: Op,
        w: u8,
    },
    /// A get returned this value (`None`: the key was never written, as far as the answers go).
    Returned {
        client: u8,
        op: Op,
        value: Option<String>,
    },
    /// After a get, the newest version was sent to replicas that answered an older one.
    Repaired {
        client: u8,
        key: String,
        nodes: Vec<NodeId>,
    },
    /// A stand-in's hint reached the node it belongs to.
    HandedOver {
        node: NodeId,
        owner: NodeId,
        key: String,
    },
    /// A node or a client crashed (a client abandons what it was doing).
    Crashed(NodeId),
    Restarted(NodeId),
    /// Every link between `member` (a node or a client) and the others was cut; `healed_first`:
    /// every link was healed before (a split replaces the cuts there were).
    CutOff {
        member: NodeId,
        healed_first: bool,
    },
    /// Every link of `member` was healed.
    Reconnected(NodeId),
    /// Links cut or healed at one instant, (from, to, both ways).
    Cut(Vec<(NodeId, NodeId, bool)>),
    HealedLinks(Vec<(NodeId, NodeId, bool)>),
    /// The members split into these sides; `healed_first`: every link was healed before (a
    /// partition replaces the cuts there were).
    Partitioned {
        sides: Vec<Vec<NodeId>>,
        healed_first: bool,
    },
    Healed,
    Loss {
        percent: u32,
    },
    Latency {
        min: Duration,
        max: Duration,
    },
}

impl Store {
    /// The latest `most` lines as of the cursor, oldest first.
    pub fn feed(&self, most: usize) -> Vec<StoreFeedItem> {
        let sim = self.timeline().sim();
        let config = self.config();
        let nodes = config.nodes;
        // Sorted by (time, member, operation, its step's place in the operation), so that at one
        // instant a client's answer comes before its next operation's call, and the user's
        // actions (member 0) before all: the engine applies them before what falls due then.
        let mut items: Vec<((SimTime, u8, u64, u8), StoreFeedItem)> = Vec::new();
        for (i, actor) in sim.nodes().iter().enumerate() {
            if let Some(c) = actor.as_client() {
                let client = (i as u8).saturating_sub(nodes) + 1;
                let history = c.history();
                let op_of = |seq: u64| {
                    usize::try_from(seq)
                        .ok()
                        .and_then(|s| history.get(s.wrapping_sub(1)))
                        .map(|h| h.op.clone())
                };
                // Each source is in time order: its last `most` lines hold its share of the
                // feed's last `most`.
                for note in tail(c.steps(), most) {
                    let Some(op) = op_of(note.seq) else { continue };
                    let place = match note.step {
                        Step::Asked { .. } => 0,
                        Step::AskedAgain { .. } => 1,
                        Step::Repaired { .. } => 2,
                        Step::GaveUp { .. } => 3,
                    };
                    let what = match &note.step {
                        Step::Asked { nodes: asked } => StoreHappening::Called {
                            client,
                            op,
                            nodes: asked.clone(),
                            r: config.r,
                            w: config.w,
                            write_back: config.write_back,
                        },
                        Step::AskedAgain {
                            round,
                            writing,
                            again,
                            stand_ins,
                        } => StoreHappening::AskedAgain {
                            client,
                            op,
                            writing: *writing,
                            round: *round,
                            tries: config.tries,
                            again: again.clone(),
                            stand_ins: stand_ins.clone(),
                        },
                        Step::GaveUp { rounds, writing } => StoreHappening::GaveUp {
                            client,
                            op,
                            writing: *writing,
                            rounds: *rounds,
                        },
                        Step::Repaired { nodes: repaired } => StoreHappening::Repaired {
                            client,
                            key: op.key().to_string(),
                            nodes: repaired.clone(),
                        },
                    };
                    let key = (note.at, i as u8 + 1, note.seq, place);
                    items.push((key, StoreFeedItem { at: note.at, what }));
                }
                // One operation at a time per client: answers come in the history's order.
                // Looked for from the end: the page asks every frame, of a history that grows.
                let mut answered: Vec<_> = history
                    .iter()
                    .rev()
                    .filter(|h| h.completed.is_some())
                    .take(most)
                    .collect();
                answered.reverse();
                for h in answered {
                    let Some((at, reply)) = &h.completed else {
                        continue;
                    };
                    let what = match &h.op {
                        Op::Get { .. } => StoreHappening::Returned {
                            client,
                            op: h.op.clone(),
                            value: reply.value.clone(),
                        },
                        _ => StoreHappening::Stored {
                            client,
                            op: h.op.clone(),
                            w: config.w,
                        },
                    };
                    items.push((
                        (*at, i as u8 + 1, h.seq, 3),
                        StoreFeedItem { at: *at, what },
                    ));
                }
            }
            if let Some(r) = actor.as_replica() {
                for h in tail(r.handed_over(), most) {
                    let what = StoreHappening::HandedOver {
                        node: NodeId(i as u8),
                        owner: h.owner,
                        key: h.key.clone(),
                    };
                    items.push(((h.at, i as u8 + 1, 0, 0), StoreFeedItem { at: h.at, what }));
                }
            }
        }
        let applied = &sim.commands()[..sim.applied_commands()];
        // Enough of the latest commands for `most` lines (a client's operation, an input,
        // makes none; a reconnection heals each link), from the start of an instant.
        let (mut start, mut kept) = (applied.len(), 0);
        // A line is at most a reconnection's heals: both ways to every other member.
        let per_line = 2 * usize::from(nodes + config.clients);
        while start > 0 && kept < most.saturating_mul(per_line) {
            start -= 1;
            kept += usize::from(!matches!(applied[start].action, Action::Input(..)));
        }
        while start > 0 && applied[start - 1].at == applied[start].at {
            start -= 1;
        }
        let members = nodes + config.clients;
        let actions = user_actions(&applied[start..], members);
        items.extend(actions.into_iter().map(|item| ((item.at, 0, 0, 0), item)));
        crate::sim::sort::sort_by_key(&mut items, |(key, _)| *key);
        let skip = items.len().saturating_sub(most);
        items.drain(skip..).map(|(_, item)| item).collect()
    }
}

fn tail<T>(all: &[T], most: usize) -> &[T] {
    &all[all.len().saturating_sub(most)..]
}

/// The user's actions among `commands`, a line each (a client's operation is told by the
/// client, when it starts it). `members`: the store's nodes and clients.
fn user_actions(commands: &[Command<QInput>], members: u8) -> Vec<StoreFeedItem> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < commands.len() {
        let Command { at, action } = &commands[i];
        let mut next = i + 1;
        let what = match action {
            Action::Crash(id) => Some(StoreHappening::Crashed(*id)),
            Action::Restart(id) => Some(StoreHappening::Restarted(*id)),
            // A partition heals everything first: its line says so.
            Action::HealAll
                if commands
                    .get(i + 1)
                    .is_some_and(|c| c.at == *at && matches!(c.action, Action::Partition(_))) =>
            {
                None
            }
            Action::Partition(sides) => {
                let healed_first = i > 0
                    && commands[i - 1].at == *at
                    && matches!(commands[i - 1].action, Action::HealAll);
                Some(match sides.as_slice() {
                    [a, b] if a.len() == 1 || b.len() == 1 => StoreHappening::CutOff {
                        member: if a.len() == 1 { a[0] } else { b[0] },
                        healed_first,
                    },
                    _ => StoreHappening::Partitioned {
                        sides: sides.clone(),
                        healed_first,
                    },
                })
            }
            Action::HealAll => Some(StoreHappening::Healed),
            Action::Heal { .. } | Action::Cut { .. } => {
                // Links cut, or healed, at this instant: one line for them all.
                let heal = matches!(action, Action::Heal { .. });
                let pairs: Vec<(NodeId, NodeId)> = commands[i..]
                    .iter()
                    .take_while(|c| c.at == *at)
                    .map_while(|c| match c.action {
                        Action::Heal { from, to } if heal => Some((from, to)),
                        Action::Cut { from, to } if !heal => Some((from, to)),
                        _ => None,
                    })
                    .collect();
                next = i + pairs.len();
                // Every link of one member, both ways: a reconnection.
                let all_of = |m: NodeId| {
                    pairs.len() == 2 * usize::from(members.saturating_sub(1))
                        && pairs.iter().all(|&(a, b)| a == m || b == m)
                };
                let (a, b) = pairs[0];
                match [a, b].into_iter().find(|&m| heal && all_of(m)) {
                    Some(m) => Some(StoreHappening::Reconnected(m)),
                    None => {
                        let mut lines: Vec<(NodeId, NodeId, bool)> = Vec::new();
                        for &(from, to) in &pairs {
                            if let Some(line) =
                                lines.iter_mut().find(|(x, y, _)| *x == to && *y == from)
                            {
                                line.2 = true;
                            } else if !lines.iter().any(|&(x, y, _)| x == from && y == to) {
                                lines.push((from, to, false));
                            }
                        }
                        Some(if heal {
                            StoreHappening::HealedLinks(lines)
                        } else {
                            StoreHappening::Cut(lines)
                        })
                    }
                }
            }
            Action::SetLoss { ppm } => Some(StoreHappening::Loss {
                percent: ppm / 10_000,
            }),
            Action::SetLatency { min, max } => Some(StoreHappening::Latency {
                min: *min,
                max: *max,
            }),
            _ => None,
        };
        if let Some(what) = what {
            items.push(StoreFeedItem { at: *at, what });
        }
        i = next;
    }
    items
}
