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
    /// A client started an operation: it asked the key's replicas `nodes` and waits for `need`
    /// of them (W for a put, R for a get; with write-back a put first asks R for the newest
    /// version, and a get writes what it returns back to W).
    Called {
        client: u8,
        op: Op,
        nodes: Vec<NodeId>,
        need: u8,
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
    GaveUp {
        client: u8,
        op: Op,
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
    Crashed(NodeId),
    Restarted(NodeId),
    /// Every link between `member` (a node or a client) and the others was cut.
    CutOff(NodeId),
    Reconnected(NodeId),
    /// The members split into these sides.
    Partitioned(Vec<Vec<NodeId>>),
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
        // instant a client's answer comes before its next operation's call.
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
                        Step::Asked { nodes: asked } => {
                            let reads = matches!(op, Op::Get { .. }) || config.write_back;
                            StoreHappening::Called {
                                client,
                                need: if reads { config.r } else { config.w },
                                op,
                                nodes: asked.clone(),
                                write_back: config.write_back,
                            }
                        }
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
                        Step::GaveUp { rounds } => StoreHappening::GaveUp {
                            client,
                            op,
                            rounds: *rounds,
                        },
                        Step::Repaired { nodes: repaired } => StoreHappening::Repaired {
                            client,
                            key: op.key().to_string(),
                            nodes: repaired.clone(),
                        },
                    };
                    let key = (note.at, i as u8, note.seq, place);
                    items.push((key, StoreFeedItem { at: note.at, what }));
                }
                // One operation at a time per client: answers come in the history's order.
                let answered = history.iter().filter(|h| h.completed.is_some());
                let answered: Vec<_> = answered.collect();
                for h in tail(&answered, most) {
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
                    items.push(((*at, i as u8, h.seq, 3), StoreFeedItem { at: *at, what }));
                }
            }
            if let Some(r) = actor.as_replica() {
                for h in tail(r.handed_over(), most) {
                    let what = StoreHappening::HandedOver {
                        node: NodeId(i as u8),
                        owner: h.owner,
                        key: h.key.clone(),
                    };
                    items.push(((h.at, i as u8, 0, 0), StoreFeedItem { at: h.at, what }));
                }
            }
        }
        let applied = &sim.commands()[..sim.applied_commands()];
        // A user's action can be several commands (a reconnection heals each link): enough
        // of them for `most` lines.
        // At one instant, the user's actions last (stable: in the order they were given).
        let actions = user_actions(tail(applied, most.saturating_mul(20)), nodes);
        items.extend(
            actions
                .into_iter()
                .map(|item| ((item.at, u8::MAX, 0, 0), item)),
        );
        crate::sim::sort::sort_by_key(&mut items, |(key, _)| *key);
        let skip = items.len().saturating_sub(most);
        items.drain(skip..).map(|(_, item)| item).collect()
    }
}

fn tail<T>(all: &[T], most: usize) -> &[T] {
    &all[all.len().saturating_sub(most)..]
}

/// The user's actions among `commands`, a line each (a client's operation is told by the
/// client, when it starts it).
fn user_actions(commands: &[Command<QInput>], nodes: u8) -> Vec<StoreFeedItem> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < commands.len() {
        let Command { at, action } = &commands[i];
        let what = match action {
            Action::Crash(id) if id.0 < nodes => Some(StoreHappening::Crashed(*id)),
            Action::Restart(id) if id.0 < nodes => Some(StoreHappening::Restarted(*id)),
            Action::Partition(sides) => Some(match sides.as_slice() {
                [one, _] if one.len() == 1 => StoreHappening::CutOff(one[0]),
                _ => StoreHappening::Partitioned(sides.clone()),
            }),
            // A partition heals everything first: its line says it all.
            Action::HealAll
                if commands
                    .get(i + 1)
                    .is_some_and(|c| c.at == *at && matches!(c.action, Action::Partition(_))) =>
            {
                None
            }
            Action::HealAll => Some(StoreHappening::Healed),
            Action::Heal { from, to } => {
                // A reconnection: every link of one member, healed at one instant.
                let heals = commands[i..]
                    .iter()
                    .take_while(|c| c.at == *at && matches!(c.action, Action::Heal { .. }))
                    .count();
                let common = [*from, *to].into_iter().find(|m| {
                    commands[i..i + heals].iter().all(
                        |c| matches!(c.action, Action::Heal { from, to } if from == *m || to == *m),
                    )
                });
                i += heals - 1;
                common.map(StoreHappening::Reconnected)
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
        i += 1;
    }
    items
}
