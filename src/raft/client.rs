//! A client of the cluster: sends one operation at a time to the server it believes leads,
//! follows redirects, retries lost requests with the same sequence number (so the servers'
//! sessions apply it once), and records the history the linearizability checker reads.

use super::cluster::{Actor, Timer};
use super::kv::{Op, Reply};
use super::{ClientOutcome, Msg, ReadPath};
use crate::sim::{Duration, NodeId, Out, SimTime};
use std::collections::VecDeque;

/// Operations waiting behind the outstanding one, at most.
pub const MAX_QUEUED: usize = 64;

/// One operation as the client saw it: invoked at `invoked_at`, answered (or not).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HistoryOp {
    pub client: NodeId,
    pub seq: u64,
    pub op: Op,
    pub invoked_at: SimTime,
    pub completed: Option<(SimTime, Reply)>,
}

/// A workload the client generates by itself (fault campaigns, "busy clients" in the UI).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Workload {
    pub keys: u8,
    pub think_min: Duration,
    pub think_max: Duration,
    /// No new operations from this instant on (outstanding ones still complete).
    pub until: SimTime,
    /// The share of reads in percent, the rest writes (puts); `None`: the campaign's mix
    /// of puts, gets, compare-and-sets and deletes.
    pub read_share: Option<u8>,
}

/// What a user sets for one client of the page: how it reads, and what it does by itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct ClientSetup {
    pub read: ReadPath,
    pub load: Option<Load>,
}

/// A client's own workload, as the page sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Load {
    /// Reads in percent; the rest are writes.
    pub read_pct: u8,
    /// Keys x, y, z, … it touches (1 to 6).
    pub keys: u8,
    /// Mean pause between an answer and the next operation, in milliseconds.
    pub think_ms: u32,
}

impl Default for Load {
    fn default() -> Self {
        Load {
            read_pct: 50,
            keys: 1,
            think_ms: 300,
        }
    }
}

impl Load {
    pub const KEYS: std::ops::RangeInclusive<u8> = 1..=6;
    pub const THINK_MS: std::ops::RangeInclusive<u32> = 10..=10_000;

    /// The workload it runs: pauses of half to one and a half times the mean, forever.
    pub fn workload(self) -> Workload {
        let think = u64::from(self.think_ms) * 1000;
        Workload {
            keys: self.keys,
            think_min: Duration(think / 2),
            think_max: Duration(think * 3 / 2),
            until: SimTime(u64::MAX),
            read_share: Some(self.read_pct.min(100)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClientView {
    pub target: NodeId,
    pub outstanding: Option<u64>,
    pub completed: u64,
    pub queued: u32,
}

#[derive(Clone, Debug)]
pub struct Client {
    id: NodeId,
    servers: u8,
    target: NodeId,
    next_seq: u64,
    queue: VecDeque<Op>,
    /// Index into `history` of the operation awaiting its reply.
    outstanding: Option<usize>,
    history: Vec<HistoryOp>,
    retry_after: Duration,
    workload: Option<Workload>,
    read: ReadPath,
    completed: u64,
}

impl Client {
    pub fn new(id: NodeId, servers: u8, retry_after: Duration, workload: Option<Workload>) -> Self {
        Client {
            id,
            servers,
            // Spread the first guesses over the servers.
            target: NodeId(id.0 % servers),
            next_seq: 1,
            queue: VecDeque::new(),
            outstanding: None,
            history: Vec::new(),
            retry_after,
            workload,
            read: ReadPath::Log,
            completed: 0,
        }
    }

    /// Reads go by `read` (the server answers the others through the log).
    pub fn reading_by(mut self, read: ReadPath) -> Self {
        self.read = read;
        self
    }
    pub fn read_path(&self) -> ReadPath {
        self.read
    }

    pub fn history(&self) -> &[HistoryOp] {
        &self.history
    }
    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn is_idle(&self) -> bool {
        self.outstanding.is_none() && self.queue.is_empty()
    }
    pub fn view(&self) -> ClientView {
        ClientView {
            target: self.target,
            outstanding: self.outstanding.map(|i| self.history[i].seq),
            completed: self.completed,
            queued: self.queue.len() as u32,
        }
    }

    pub fn on_start(&mut self, out: &mut Out<'_, Actor>) {
        if self.workload.is_some() {
            self.schedule_next(out);
        }
    }

    /// Queue an operation (from the user, or the workload). A full queue drops the newest.
    pub fn submit(&mut self, op: Op, out: &mut Out<'_, Actor>) {
        if self.queue.len() < MAX_QUEUED {
            self.queue.push_back(op);
        }
        self.issue_next(out);
    }

    /// Queue an operation and address the next request to `server`, whether or not it leads.
    pub fn submit_to(&mut self, server: NodeId, op: Op, out: &mut Out<'_, Actor>) {
        if server.0 < self.servers && self.outstanding.is_none() {
            self.target = server;
        }
        self.submit(op, out);
    }

    fn issue_next(&mut self, out: &mut Out<'_, Actor>) {
        if self.outstanding.is_some() {
            return;
        }
        let Some(op) = self.queue.pop_front() else {
            return;
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        self.history.push(HistoryOp {
            client: self.id,
            seq,
            op,
            invoked_at: out.now(),
            completed: None,
        });
        self.outstanding = Some(self.history.len() - 1);
        self.send_outstanding(out);
    }

    fn send_outstanding(&mut self, out: &mut Out<'_, Actor>) {
        if let Some(i) = self.outstanding {
            let h = &self.history[i];
            out.send(
                self.target,
                Msg::ClientRequest {
                    seq: h.seq,
                    op: h.op.clone(),
                    read: self.read,
                },
            );
            out.set_timer(Timer::ClientRetry, self.retry_after);
        }
    }

    fn next_server(&mut self) {
        self.target = NodeId((self.target.0 + 1) % self.servers);
    }

    pub fn on_timer(&mut self, timer: Timer, out: &mut Out<'_, Actor>) {
        match timer {
            Timer::ClientRetry => {
                // No answer in time: the request or its reply was lost, or the server died.
                self.next_server();
                self.send_outstanding(out);
            }
            Timer::ClientNext => {
                // Closed loop: the next operation comes a think time after the last answer.
                if self.is_idle() {
                    let op = self.random_op(out);
                    self.submit(op, out);
                }
            }
            Timer::Election | Timer::Heartbeat | Timer::Disk => {}
        }
    }

    fn schedule_next(&mut self, out: &mut Out<'_, Actor>) {
        if let Some(w) = self.workload {
            let think = Duration(
                out.rng()
                    .between(w.think_min.as_micros(), w.think_max.as_micros()),
            );
            if out.now() + think < w.until {
                out.set_timer(Timer::ClientNext, think);
            }
        }
    }

    /// A random operation on a small key space, so operations contend. Values are unique
    /// (`client.seq`), which makes every read tell which write it saw.
    fn random_op(&mut self, out: &mut Out<'_, Actor>) -> Op {
        let keys = self.workload.map_or(1, |w| w.keys.max(1));
        let value = format!("{}.{}", self.id.0, self.next_seq);
        if let Some(share) = self.workload.and_then(|w| w.read_share) {
            // The page's workloads use the keys the page's buttons use: x, y, z, …
            let key =
                ["x", "y", "z", "u", "v", "w"][out.rng().below(u64::from(keys.min(6))) as usize];
            let key = key.to_string();
            return if out.rng().below(100) < u64::from(share) {
                Op::Get { key }
            } else {
                Op::Put { key, value }
            };
        }
        let key = char::from(b'a' + (out.rng().below(u64::from(keys)) as u8)).to_string();
        match out.rng().below(10) {
            0..=3 => Op::Put { key, value },
            4..=6 => Op::Get { key },
            7..=8 => {
                // Expect a value this client saw for the key, or absence.
                let expected = self
                    .history
                    .iter()
                    .rev()
                    .filter(|h| h.op.key() == key.as_str())
                    .find_map(|h| match (&h.op, &h.completed) {
                        (Op::Put { value, .. }, Some(_)) => Some(value.clone()),
                        (Op::Get { .. }, Some((_, r))) => r.value.clone(),
                        _ => None,
                    });
                Op::Cas {
                    key,
                    expected,
                    new: value,
                }
            }
            _ => Op::Delete { key },
        }
    }

    /// The client process died: the operation in progress is abandoned (it stays in the
    /// history without an answer: it may or may not take effect) and queued ones are lost.
    /// The sequence counter survives, like a session id kept on disk, so a restarted client
    /// never reuses a number its session has seen.
    pub fn on_crash(&mut self) {
        self.outstanding = None;
        self.queue.clear();
    }

    pub fn on_message(&mut self, _from: NodeId, msg: Msg, out: &mut Out<'_, Actor>) {
        let Msg::ClientReply { seq, outcome } = msg else {
            return;
        };
        let Some(i) = self.outstanding else {
            return; // a late or duplicated reply
        };
        if self.history[i].seq != seq {
            return;
        }
        match outcome {
            ClientOutcome::Done(reply) => {
                self.history[i].completed = Some((out.now(), reply));
                self.outstanding = None;
                self.completed += 1;
                out.cancel_timer(Timer::ClientRetry);
                self.issue_next(out);
                if self.is_idle() {
                    self.schedule_next(out);
                }
            }
            ClientOutcome::NotLeader { leader_hint } => {
                match leader_hint {
                    Some(l) => {
                        self.target = l;
                        self.send_outstanding(out);
                    }
                    None => {
                        // No leader known (an election may be under way): try the next
                        // server after a pause rather than at once; the retry timer moves
                        // on to it.
                        out.set_timer(
                            Timer::ClientRetry,
                            Duration(self.retry_after.as_micros() / 4),
                        );
                    }
                }
            }
        }
    }
}
