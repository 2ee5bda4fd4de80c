//! Linearizability of a key-value history (Herlihy & Wing), checked with the Wing & Gong
//! search as refined by Lowe and used by Porcupine: partition the history by key (a key-value
//! store is linearizable iff each key is), then search for an order of operations that
//! respects real time, each client's program order and a sequential model of one key,
//! memoising (linearized set, value) pairs.
//!
//! The model is written here, apart from the system's own state machine (`raft::Kv`), so a
//! bug in the store cannot hide in the checker: it is the specification of put, get,
//! compare-and-set and delete, and every reply is compared in full.
//!
//! An operation without a response (its client gave up, crashed, or the run ended) may have
//! taken effect at any point after its invocation, or never: it can be placed anywhere after
//! its call and its result is not compared.
//!
//! The search is iterative (an explicit stack, so a long history cannot overflow the wasm
//! stack) and bounded: at most `Budget::max_states` memoised states (memory) and
//! `Budget::max_steps` tried placements (time, counted, so the bound is deterministic). A
//! search that hits a bound says so: `Verdict::Undecided` is a verdict of its own, never a
//! pass.

use super::spec;
use crate::raft::{HistoryOp, Op, Reply};
use crate::sim::map::SortedMap;
use crate::sim::sort;
use crate::sim::NodeId;
#[allow(clippy::disallowed_types)]
use std::collections::BTreeSet;

/// A history that no sequential order explains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotLinearizable {
    pub key: String,
    /// The operations of that key that the longest valid prefix could not be extended with.
    pub stuck_at: Vec<HistoryOp>,
    /// How many of the key's operations the longest valid prefix linearized.
    pub linearized: usize,
    pub total: usize,
}

impl std::fmt::Display for NotLinearizable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "key '{}' is not linearizable: {} of {} operations ordered, then none of {} fits",
            self.key,
            self.linearized,
            self.total,
            self.stuck_at.len()
        )
    }
}

/// Bounds on the search of one segment of a key's history (see `Search::segments`): counted
/// per segment, so that a verdict depends on the history alone, not on how often a growing
/// history was checked. The whole search of a key (before it was cut into segments) ran out
/// where the sum over its segments would; a key's work is now bounded segment by segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Memoised states at most: the memory bound.
    pub max_states: usize,
    /// Placements tried at most: the time bound, counted rather than measured so that the
    /// verdict is the same on every machine.
    pub max_steps: u64,
}

/// Upper bound on search states per segment, so a pathological history cannot freeze the page.
pub const MAX_STATES: usize = 500_000;
/// Upper bound on placements tried per segment.
pub const MAX_STEPS: u64 = 4_000_000;

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_states: MAX_STATES,
            max_steps: MAX_STEPS,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Linearizable,
    Violation(NotLinearizable),
    /// The search hit its budget on this key without a verdict.
    Undecided {
        key: String,
    },
}

pub fn check(history: &[HistoryOp]) -> Verdict {
    check_within(history, Budget::default())
}

pub fn check_within(history: &[HistoryOp], budget: Budget) -> Verdict {
    check_with_order(history, budget).0
}

/// The verdict, and for each operation of `history` (same indices) its place in the order
/// the search chose for its key: the linearization, when there is one; for the key that
/// has none, the longest valid prefix found (the operations after it have no place).
/// Operations without an answer that the order did not need have no place either, nor do the
/// keys after one that fails, nor the segments after one that ran out of budget.
pub fn check_with_order(history: &[HistoryOp], budget: Budget) -> (Verdict, Vec<Option<u32>>) {
    Incremental::default().check(&[history], budget)
}

/// A history that grows as a run goes on, checked after each change at the cost of what
/// changed. Each key's history is cut into segments that every linearization takes one after
/// another (`Search::segments`); a segment that is over (all answered, ended by an operation
/// that overlaps no other) is searched once, and later checks start from the value it left.
/// A check gives what a check of the whole history from scratch gives, as long as the
/// history only grows between checks: operations added, called after every earlier call, and
/// answers given to pending ones. A history that went back (a run seeked back or forked) is
/// another history: check it with a new `Incremental`.
#[derive(Clone, Debug, Default)]
pub struct Incremental {
    keys: SortedMap<String, Closed>,
    /// Per slice of the history (a client's operations), the places that closed segments
    /// gave its operations.
    ranks: Vec<Vec<Option<u32>>>,
    /// Per slice, how many of its first operations are all in closed segments.
    settled: Vec<usize>,
}

/// What a key's closed segments left.
#[derive(Clone, Debug, Default)]
struct Closed {
    /// The key's operations called at or before this instant are in closed segments.
    through: Option<u64>,
    /// The value they leave.
    value: Option<String>,
    /// The places given so far.
    ranks: u32,
}

impl Incremental {
    /// The verdict on the history made of `slices` (a client's operations each), and each
    /// operation's place (indices as in the slices joined in order): see `check_with_order`.
    pub fn check(
        &mut self,
        slices: &[&[HistoryOp]],
        budget: Budget,
    ) -> (Verdict, Vec<Option<u32>>) {
        let shrank = slices.len() < self.ranks.len()
            || slices
                .iter()
                .zip(&self.ranks)
                .any(|(s, r)| s.len() < r.len());
        if shrank {
            *self = Incremental::default();
        }
        self.ranks.resize(slices.len(), Vec::new());
        self.settled.resize(slices.len(), 0);
        // Each key's operations not in a closed segment, as (slice, index).
        let mut open: SortedMap<&str, Vec<(usize, usize)>> = SortedMap::new();
        for (c, ops) in slices.iter().enumerate() {
            self.ranks[c].resize(ops.len(), None);
            let mut settled = true;
            for (i, h) in ops.iter().enumerate().skip(self.settled[c]) {
                let key = h.op.key();
                let through = self.keys.get(key).and_then(|k| k.through);
                if through.is_some_and(|t| h.invoked_at.as_micros() <= t) {
                    if settled {
                        self.settled[c] = i + 1;
                    }
                    continue;
                }
                settled = false;
                open.entry(key).or_default().push((c, i));
            }
        }
        // Places in the segment that is not over yet, given again at each check.
        let mut provisional: Vec<((usize, usize), u32)> = Vec::new();
        let mut failed = None;
        for (key, mut at) in open {
            sort::sort_by_key(&mut at, |&(c, i)| {
                let h = &slices[c][i];
                (h.invoked_at, h.client, h.seq)
            });
            let ops: Vec<&HistoryOp> = at.iter().map(|&(c, i)| &slices[c][i]).collect();
            let closed = self.keys.get(key).cloned().unwrap_or_default();
            let search = Search::new(&ops, closed.value.as_deref());
            let (mut value, mut rank) = (search.names.id(closed.value.as_deref()), closed.ranks);
            let segments = search.segments();
            let last = segments.len() - 1;
            let mut outcome = None;
            for (n, segment) in segments.into_iter().enumerate() {
                let end = segment.end;
                match search.run(segment, value, budget) {
                    Outcome::Linearizable(path) => {
                        for &k in &path {
                            if n < last {
                                self.ranks[at[k].0][at[k].1] = Some(rank);
                            } else {
                                provisional.push((at[k], rank));
                            }
                            rank += 1;
                            value = model(value, search.calls[k].op).0;
                        }
                        if n < last {
                            self.keys.insert(
                                key.to_string(),
                                Closed {
                                    through: Some(ops[end - 1].invoked_at.as_micros()),
                                    value: search.names.name(value).map(str::to_string),
                                    ranks: rank,
                                },
                            );
                        }
                    }
                    Outcome::OutOfBudget => {
                        outcome = Some(Verdict::Undecided {
                            key: key.to_string(),
                        });
                        break;
                    }
                    Outcome::Stuck {
                        linearized,
                        tried,
                        prefix,
                    } => {
                        let before = rank as usize;
                        for &k in &prefix {
                            provisional.push((at[k], rank));
                            rank += 1;
                        }
                        outcome = Some(Verdict::Violation(NotLinearizable {
                            key: key.to_string(),
                            stuck_at: tried.into_iter().map(|i| ops[i].clone()).collect(),
                            linearized: before + linearized,
                            total: ops.len() + closed.ranks as usize,
                        }));
                        break;
                    }
                }
            }
            if let Some(verdict) = outcome {
                failed = Some((key.to_string(), verdict));
                break;
            }
        }
        // A key that fails ends the check: the keys after it have no places, as in a search
        // that stops there.
        let mut order: Vec<Option<u32>> = Vec::new();
        let mut starts = Vec::with_capacity(slices.len());
        for (c, ops) in slices.iter().enumerate() {
            starts.push(order.len());
            match &failed {
                None => order.extend_from_slice(&self.ranks[c]),
                Some((key, _)) => order.extend(
                    ops.iter()
                        .zip(&self.ranks[c])
                        .map(|(h, r)| r.filter(|_| h.op.key() <= key.as_str())),
                ),
            }
        }
        for ((c, i), rank) in provisional {
            order[starts[c] + i] = Some(rank);
        }
        (failed.map_or(Verdict::Linearizable, |(_, v)| v), order)
    }
}

// ---- The sequential model of one key (values interned) ----

/// A value of the key, interned: 0 is "absent", `k > 0` the k-th distinct string.
type Value = u32;
const ABSENT: Value = 0;

type KeyOp = spec::KeyOp<Value>;
type KeyReply = spec::KeyReply<Value>;

fn model(current: Value, op: KeyOp) -> (Value, KeyReply) {
    spec::step(&current, &op, &ABSENT)
}

/// The distinct strings of one key's history, sorted: the k-th is value k + 1. The model only
/// compares values for equality, so any numbering that keeps strings apart will do.
struct Interner<'a>(Vec<&'a str>);

impl<'a> Interner<'a> {
    /// The strings of `ops`, and `extra` (the value a key's earlier segments left).
    fn of(ops: &[&'a HistoryOp], extra: Option<&'a str>) -> Self {
        let mut names: Vec<&str> = extra.into_iter().collect();
        for h in ops {
            match &h.op {
                Op::Put { value, .. } => names.push(value),
                Op::Cas { expected, new, .. } => {
                    names.extend(expected.as_deref().into_iter().chain([new.as_str()]))
                }
                Op::Get { .. } | Op::Delete { .. } => {}
            }
            if let Some((_, Reply { value: Some(v), .. })) = &h.completed {
                names.push(v);
            }
        }
        sort::sort(&mut names);
        names.dedup();
        Interner(names)
    }

    fn id(&self, v: Option<&str>) -> Value {
        let Some(v) = v else { return ABSENT };
        let at = self.0.binary_search(&v);
        at.expect("every string of the history is interned") as Value + 1
    }

    /// The string of a value; none for "absent".
    fn name(&self, v: Value) -> Option<&'a str> {
        v.checked_sub(1).map(|i| self.0[i as usize])
    }
}

// ---- The search ----

enum Outcome {
    /// The order found (operations that needed no place are left out).
    Linearizable(Vec<usize>),
    OutOfBudget,
    /// The deepest prefix found, and the operations that all failed to extend it.
    Stuck {
        linearized: usize,
        tried: Vec<usize>,
        prefix: Vec<usize>,
    },
}

/// One operation of the key, ready for the search.
struct Call {
    op: KeyOp,
    /// The observed reply, if the operation was answered.
    reply: Option<KeyReply>,
    invoked: u64,
    completed: Option<u64>,
    /// The same client's latest earlier operation that was answered: a client issues its
    /// next operation only after the previous one's answer, so this one follows it, even
    /// when the answer and the next call fall on the same virtual instant.
    follows: Option<usize>,
}

struct Search<'a> {
    calls: Vec<Call>,
    names: Interner<'a>,
}

/// A level of the depth-first search: the operations that may come next, the next one to
/// try, and how to undo the placement that led here.
struct Frame {
    candidates: Vec<usize>,
    next: usize,
    undo: Option<(usize, Value)>,
}

impl<'a> Search<'a> {
    fn new(ops: &[&'a HistoryOp], start: Option<&'a str>) -> Search<'a> {
        let names = Interner::of(ops, start);
        let mut last_answered: SortedMap<NodeId, (u64, usize)> = SortedMap::new();
        let mut calls = Vec::with_capacity(ops.len());
        // Program order by sequence number, whatever the order of equal invocation times.
        let mut by_client: Vec<usize> = (0..ops.len()).collect();
        sort::sort_by_key(&mut by_client, |&i| (ops[i].client, ops[i].seq));
        let mut follows = vec![None; ops.len()];
        for &i in &by_client {
            let h = ops[i];
            follows[i] = last_answered
                .get(&h.client)
                .filter(|&&(seq, _)| seq < h.seq)
                .map(|&(_, j)| j);
            if h.completed.is_some() {
                last_answered.insert(h.client, (h.seq, i));
            }
        }
        for (i, h) in ops.iter().enumerate() {
            let op = match &h.op {
                Op::Put { value, .. } => KeyOp::Put(names.id(Some(value.as_str()))),
                Op::Get { .. } => KeyOp::Get,
                Op::Cas { expected, new, .. } => KeyOp::Cas {
                    expected: names.id(expected.as_deref()),
                    new: names.id(Some(new.as_str())),
                },
                Op::Delete { .. } => KeyOp::Delete,
            };
            let reply = h.completed.as_ref().map(|(_, r): &(_, Reply)| KeyReply {
                ok: r.ok,
                value: names.id(r.value.as_deref()),
            });
            calls.push(Call {
                op,
                reply,
                invoked: h.invoked_at.as_micros(),
                completed: h.completed.as_ref().map(|(t, _)| t.as_micros()),
                follows: follows[i],
            });
        }
        Search { calls, names }
    }

    /// The key's operations (in order of invocation) cut into segments that every
    /// linearization takes one after another, each ending with an operation that overlaps no
    /// other: every operation before it was answered before its call, and it was answered
    /// before the next one's call. Such an operation is last in its segment in any order, so
    /// the value it leaves is the same in all of them, and the next segment is searched from
    /// it alone. The search is then as long as a segment, not as the whole history (a minute
    /// of five busy clients: 30,000 operations, 0.4 s searched whole), and it finds the order
    /// and the verdict the whole search would: a dead end in a segment cannot be undone by
    /// another order of the segments before it, which all leave the same value.
    fn segments(&self) -> Vec<std::ops::Range<usize>> {
        let calls = &self.calls;
        let (mut out, mut lo) = (Vec::new(), 0);
        // Whether every operation so far was answered, and the latest answer among them.
        let (mut all_answered, mut latest) = (true, None::<u64>);
        for (k, c) in calls.iter().enumerate() {
            let alone_before = all_answered && latest.is_none_or(|t| t < c.invoked);
            let alone_after = calls
                .get(k + 1)
                .zip(c.completed)
                .is_some_and(|(next, done)| done < next.invoked);
            if alone_before && alone_after {
                out.push(lo..k + 1);
                lo = k + 1;
            }
            all_answered &= c.completed.is_some();
            latest = latest.max(c.completed);
        }
        if lo < calls.len() || out.is_empty() {
            out.push(lo..calls.len());
        }
        out
    }

    /// The operations of `range` that may be linearized next, given which of them are placed
    /// (those before the range all are): every operation answered before one's call must
    /// already be placed, and so must its client's previous answered operation.
    fn candidates(&self, range: &std::ops::Range<usize>, placed: &[bool]) -> Vec<usize> {
        let calls = &self.calls[range.clone()];
        let deadline = calls
            .iter()
            .zip(placed)
            .filter(|(_, &p)| !p)
            .filter_map(|(c, _)| c.completed)
            .min();
        let Some(deadline) = deadline else {
            return Vec::new();
        };
        range
            .clone()
            .filter(|&i| {
                let c = &self.calls[i];
                !placed[i - range.start]
                    && c.invoked <= deadline
                    && c.follows.is_none_or(|j| {
                        // (Before the range: placed. After it, where a client's sequence
                        // numbers disagree with its calls' order: not placed.)
                        j < range.start || (j < range.end && placed[j - range.start])
                    })
            })
            .collect()
    }

    /// Search the operations of `range` for an order, starting from `start`, the value the
    /// segments before it left. Indices in the outcome are the key's.
    fn run(&self, range: std::ops::Range<usize>, start: Value, budget: Budget) -> Outcome {
        let (lo, n) = (range.start, range.len());
        let calls = &self.calls[range.clone()];
        let mut answered_left = calls.iter().filter(|c| c.reply.is_some()).count();
        if answered_left == 0 {
            return Outcome::Linearizable(Vec::new());
        }
        let mut placed = vec![false; n];
        let mut bits = vec![0u64; n.div_ceil(64)];
        let mut value = start;
        // The search's memo takes many thousands of inserts in no order: a B-tree, not a
        // sorted vector (sim::map), whose inserts would move the entries after each.
        #[allow(clippy::disallowed_types)]
        let mut memo: BTreeSet<(Vec<u64>, Value)> = BTreeSet::new();
        let mut steps = 0u64;
        let mut best: (usize, Vec<usize>, Vec<usize>) = (0, Vec::new(), Vec::new());
        // The operations placed so far, in order (what the stack's frames placed).
        let path = |stack: &[Frame]| -> Vec<usize> {
            stack
                .iter()
                .filter_map(|f| f.undo.map(|(i, _)| i))
                .collect()
        };
        let mut stack = vec![Frame {
            candidates: self.candidates(&range, &placed),
            next: 0,
            undo: None,
        }];
        while let Some(frame) = stack.last_mut() {
            let Some(&i) = frame.candidates.get(frame.next) else {
                // Every candidate failed here: remember the deepest such point, then back up.
                let depth = stack.len() - 1;
                if depth >= best.0 {
                    best.2 = path(&stack);
                }
                let frame = stack.pop().expect("non-empty");
                if depth >= best.0 {
                    best.0 = depth;
                    best.1 = frame.candidates;
                }
                if let Some((j, before)) = frame.undo {
                    let j = j - lo;
                    placed[j] = false;
                    bits[j / 64] &= !(1 << (j % 64));
                    value = before;
                    if calls[j].reply.is_some() {
                        answered_left += 1;
                    }
                }
                continue;
            };
            frame.next += 1;
            steps += 1;
            if steps > budget.max_steps {
                return Outcome::OutOfBudget;
            }
            let call = &self.calls[i];
            let (after, reply) = model(value, call.op);
            if call.reply.is_some_and(|observed| observed != reply) {
                continue;
            }
            let local = i - lo;
            bits[local / 64] |= 1 << (local % 64);
            if !memo.insert((bits.clone(), after)) {
                bits[local / 64] &= !(1 << (local % 64));
                continue;
            }
            if memo.len() > budget.max_states {
                return Outcome::OutOfBudget;
            }
            placed[local] = true;
            if call.reply.is_some() {
                answered_left -= 1;
                if answered_left == 0 {
                    let mut order = path(&stack);
                    order.push(i);
                    return Outcome::Linearizable(order);
                }
            }
            let before = value;
            value = after;
            stack.push(Frame {
                candidates: self.candidates(&range, &placed),
                next: 0,
                undo: Some((i, before)),
            });
        }
        Outcome::Stuck {
            linearized: best.0,
            tried: best.1,
            prefix: best.2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{NodeId, SimTime};

    fn op(client: u8, seq: u64, op: Op, call: u64, ret: Option<(u64, Reply)>) -> HistoryOp {
        HistoryOp {
            client: NodeId(client),
            seq,
            op,
            invoked_at: SimTime(call),
            completed: ret.map(|(t, r)| (SimTime(t), r)),
        }
    }
    fn put(v: &str) -> Op {
        Op::Put {
            key: "x".into(),
            value: v.into(),
        }
    }
    fn get() -> Op {
        Op::Get { key: "x".into() }
    }
    fn ok() -> Reply {
        Reply {
            ok: true,
            value: None,
        }
    }
    fn read(v: Option<&str>) -> Reply {
        Reply {
            ok: true,
            value: v.map(Into::into),
        }
    }

    #[test]
    fn sequential_history_is_linearizable() {
        let h = [
            op(0, 1, put("1"), 0, Some((10, ok()))),
            op(1, 1, get(), 20, Some((30, read(Some("1"))))),
        ];
        assert_eq!(check(&h), Verdict::Linearizable);
    }

    #[test]
    fn a_stale_read_after_a_completed_write_is_caught() {
        let h = [
            op(0, 1, put("1"), 0, Some((10, ok()))),
            op(0, 2, put("2"), 20, Some((30, ok()))),
            op(1, 1, get(), 40, Some((50, read(Some("1"))))),
        ];
        match check(&h) {
            Verdict::Violation(v) => {
                assert_eq!(v.key, "x");
                assert_eq!(v.linearized, 2);
                assert_eq!(v.stuck_at.len(), 1);
                assert_eq!(v.stuck_at[0].op, get());
            }
            other => panic!("expected a violation, got {other:?}"),
        }
    }

    #[test]
    fn the_order_is_a_linearization_and_a_violation_keeps_its_longest_prefix() {
        // The get overlaps the put and sees its value: put first, then get; the second
        // client's get of another key has its own order.
        let h = [
            op(1, 1, get(), 10, Some((20, read(Some("1"))))),
            op(0, 1, put("1"), 0, Some((100, ok()))),
            op(2, 1, Op::Get { key: "y".into() }, 5, Some((6, read(None)))),
        ];
        let (verdict, order) = check_with_order(&h, Budget::default());
        assert_eq!(verdict, Verdict::Linearizable);
        assert_eq!(order, vec![Some(1), Some(0), Some(0)]);
        // A stale read: the two puts are ordered, the get fits nowhere after them.
        let h = [
            op(0, 1, put("1"), 0, Some((10, ok()))),
            op(0, 2, put("2"), 20, Some((30, ok()))),
            op(1, 1, get(), 40, Some((50, read(Some("1"))))),
        ];
        let (verdict, order) = check_with_order(&h, Budget::default());
        assert!(matches!(verdict, Verdict::Violation(_)));
        assert_eq!(order, vec![Some(0), Some(1), None]);
    }

    #[test]
    fn concurrent_operations_may_take_either_order() {
        let h = [
            op(0, 1, put("1"), 0, Some((100, ok()))),
            op(1, 1, get(), 10, Some((20, read(Some("1"))))),
            op(2, 1, get(), 30, Some((40, read(Some("1"))))),
        ];
        assert_eq!(check(&h), Verdict::Linearizable);
    }

    #[test]
    fn reads_may_not_go_back_in_time() {
        // Both reads overlap the write, but once one read saw "1" a later one cannot see None.
        let h = [
            op(0, 1, put("1"), 0, Some((100, ok()))),
            op(1, 1, get(), 10, Some((20, read(Some("1"))))),
            op(2, 1, get(), 30, Some((40, read(None)))),
        ];
        assert!(matches!(check(&h), Verdict::Violation(_)));
    }

    #[test]
    fn an_unanswered_write_may_or_may_not_have_happened() {
        let seen = [
            op(0, 1, put("1"), 0, None),
            op(1, 1, get(), 50, Some((60, read(Some("1"))))),
        ];
        assert_eq!(check(&seen), Verdict::Linearizable);
        let unseen = [
            op(0, 1, put("1"), 0, None),
            op(1, 1, get(), 50, Some((60, read(None)))),
        ];
        assert_eq!(check(&unseen), Verdict::Linearizable);
    }

    #[test]
    fn a_failed_cas_must_report_the_value_it_found() {
        let cas = Op::Cas {
            key: "x".into(),
            expected: Some("0".into()),
            new: "9".into(),
        };
        let good = [
            op(0, 1, put("1"), 0, Some((10, ok()))),
            op(
                1,
                1,
                cas.clone(),
                20,
                Some((
                    30,
                    Reply {
                        ok: false,
                        value: Some("1".into()),
                    },
                )),
            ),
        ];
        assert_eq!(check(&good), Verdict::Linearizable);
        let bad = [
            op(0, 1, put("1"), 0, Some((10, ok()))),
            op(
                1,
                1,
                cas,
                20,
                Some((
                    30,
                    Reply {
                        ok: true,
                        value: None,
                    },
                )),
            ),
        ];
        assert!(matches!(check(&bad), Verdict::Violation(_)));
    }

    #[test]
    fn keys_are_checked_independently() {
        let h = [
            op(0, 1, put("1"), 0, Some((10, ok()))),
            op(
                1,
                1,
                Op::Get { key: "y".into() },
                20,
                Some((30, read(None))),
            ),
        ];
        assert_eq!(check(&h), Verdict::Linearizable);
    }

    #[test]
    fn a_clients_next_call_at_the_instant_of_its_previous_answer_comes_after_it() {
        // The test: put 1 returns at t=100; the same client's get, invoked at t=100,
        // returns nothing. The get follows the put in program order, so it must see "1".
        let stale = [
            op(0, 1, put("1"), 0, Some((100, ok()))),
            op(0, 2, get(), 100, Some((150, read(None)))),
        ];
        assert!(matches!(check(&stale), Verdict::Violation(_)));
        let fresh = [
            op(0, 1, put("1"), 0, Some((100, ok()))),
            op(0, 2, get(), 100, Some((150, read(Some("1"))))),
        ];
        assert_eq!(check(&fresh), Verdict::Linearizable);
        // Another client's call at that instant is concurrent with the answer: either order.
        let other = [
            op(0, 1, put("1"), 0, Some((100, ok()))),
            op(1, 1, get(), 100, Some((150, read(None)))),
        ];
        assert_eq!(check(&other), Verdict::Linearizable);
    }

    #[test]
    fn the_whole_reply_is_compared_writes_included() {
        let wrong_put = [op(0, 1, put("1"), 0, Some((10, read(Some("1")))))];
        assert!(matches!(check(&wrong_put), Verdict::Violation(_)));
        let failed_delete = [op(
            0,
            1,
            Op::Delete { key: "x".into() },
            0,
            Some((
                10,
                Reply {
                    ok: false,
                    value: None,
                },
            )),
        )];
        assert!(matches!(check(&failed_delete), Verdict::Violation(_)));
    }

    #[test]
    fn a_successful_cas_sets_the_value_and_a_delete_removes_it() {
        let cas = |expected: Option<&str>, new: &str| Op::Cas {
            key: "x".into(),
            expected: expected.map(Into::into),
            new: new.into(),
        };
        let h = [
            op(0, 1, cas(None, "a"), 0, Some((10, ok()))),
            op(0, 2, cas(Some("a"), "b"), 20, Some((30, ok()))),
            op(0, 3, get(), 40, Some((50, read(Some("b"))))),
            op(0, 4, Op::Delete { key: "x".into() }, 60, Some((70, ok()))),
            op(0, 5, get(), 80, Some((90, read(None)))),
        ];
        assert_eq!(check(&h), Verdict::Linearizable);
        let mut lost_cas = h.clone();
        lost_cas[2].completed = Some((SimTime(50), read(Some("a"))));
        assert!(matches!(check(&lost_cas), Verdict::Violation(_)));
    }

    /// The search over each key's whole history, as one segment (what `check_with_order`
    /// did before it cut histories into segments).
    fn whole(history: &[HistoryOp]) -> (Verdict, Vec<Option<u32>>) {
        let mut by_key: SortedMap<&str, Vec<usize>> = SortedMap::new();
        for (i, h) in history.iter().enumerate() {
            by_key.entry(h.op.key()).or_default().push(i);
        }
        let mut order = vec![None; history.len()];
        for (key, mut idx) in by_key {
            sort::sort_by_key(&mut idx, |&i| {
                let h = &history[i];
                (h.invoked_at, h.client, h.seq)
            });
            let ops: Vec<&HistoryOp> = idx.iter().map(|&i| &history[i]).collect();
            let mut place = |path: &[usize]| {
                for (rank, &k) in path.iter().enumerate() {
                    order[idx[k]] = Some(rank as u32);
                }
            };
            match Search::new(&ops, None).run(0..ops.len(), ABSENT, Budget::default()) {
                Outcome::Linearizable(path) => place(&path),
                Outcome::OutOfBudget => unreachable!("small histories"),
                Outcome::Stuck {
                    linearized,
                    tried,
                    prefix,
                } => {
                    place(&prefix);
                    let stuck_at = tried.into_iter().map(|i| ops[i].clone()).collect();
                    let total = ops.len();
                    let key = key.to_string();
                    let v = NotLinearizable {
                        key,
                        stuck_at,
                        linearized,
                        total,
                    };
                    return (Verdict::Violation(v), order);
                }
            }
        }
        (Verdict::Linearizable, order)
    }

    /// A random history of clients calling one after another on two keys: puts, gets,
    /// compare-and-sets (matching or not) and deletes, each taking effect at a random instant
    /// between its call and its answer (so the history is linearizable); durations of 0 to 3
    /// (many ties); some operations never answered (taking effect or not), their client
    /// carrying on or stopping; and in about half the histories one answer changed (a value
    /// read from another write, a flipped outcome, an absent value), which most orders
    /// contradict.
    fn random_history(seed: u64) -> Vec<HistoryOp> {
        let mut rng = crate::sim::Rng::new(seed, crate::sim::rng::Stream::Workload);
        let (clients, carry_on) = (2 + rng.below(3) as u8, seed % 2 == 0);
        let mut calls = Vec::new();
        for c in 0..clients {
            let mut t = rng.below(3);
            for seq in 1..=(3 + rng.below(10)) {
                let took = rng.below(4);
                let effect = t + rng.below(took + 1);
                let key = if rng.below(3) == 0 { "y" } else { "x" };
                let answered = rng.below(10) != 0;
                let applied = answered || rng.below(2) == 0;
                let kind = rng.below(8);
                calls.push((effect, c, seq, key, t, t + took, answered, applied, kind));
                if !answered && !carry_on {
                    break;
                }
                t += took + rng.below(3);
            }
        }
        // Take effect in order of the chosen instants, on a model of the store.
        sort::sort(&mut calls);
        let mut store: SortedMap<&str, String> = SortedMap::new();
        let mut written: Vec<String> = Vec::new();
        let liar = match rng.below(2) {
            0 => rng.below(calls.len() as u64) as usize,
            _ => usize::MAX,
        };
        let mut history = Vec::new();
        for (n, &(_, c, seq, key, call, done, answered, applied, kind)) in calls.iter().enumerate()
        {
            let value = format!("{c}.{seq}");
            let now = store.get(&key).cloned();
            let (k, v) = (key.to_string(), value.clone());
            let (op, reply, next) = match kind {
                0..=2 => (
                    Op::Put { key: k, value: v },
                    ok(),
                    Some(Some(value.clone())),
                ),
                3..=4 => (Op::Get { key: k }, read(now.as_deref()), None),
                5..=6 => {
                    let expected = if rng.below(2) == 0 {
                        now.clone()
                    } else if written.is_empty() || rng.below(3) == 0 {
                        None
                    } else {
                        Some(written[rng.below(written.len() as u64) as usize].clone())
                    };
                    let matches = expected == now;
                    let op = Op::Cas {
                        key: k,
                        expected,
                        new: v,
                    };
                    match matches {
                        true => (op, ok(), Some(Some(value.clone()))),
                        false => (
                            op,
                            Reply {
                                ok: false,
                                value: now.clone(),
                            },
                            None,
                        ),
                    }
                }
                _ => (Op::Delete { key: k }, ok(), Some(None)),
            };
            match next.filter(|_| applied) {
                Some(Some(v)) => {
                    store.insert(key, v);
                }
                Some(None) => {
                    store.remove(&key);
                }
                None => {}
            }
            if matches!(op, Op::Put { .. } | Op::Cas { .. }) {
                written.push(value);
            }
            let mut reply = answered.then_some((SimTime(done), reply));
            if let Some((_, r)) = reply.as_mut().filter(|_| n == liar) {
                match rng.below(3) {
                    0 if !written.is_empty() => {
                        r.value = Some(written[rng.below(written.len() as u64) as usize].clone())
                    }
                    1 => r.ok = !r.ok,
                    _ => r.value = None,
                }
            }
            history.push(op_of(c, seq, op, call, reply));
        }
        history
    }

    fn op_of(client: u8, seq: u64, o: Op, call: u64, ret: Option<(SimTime, Reply)>) -> HistoryOp {
        op(client, seq, o, call, ret.map(|(t, r)| (t.0, r)))
    }

    #[test]
    fn segments_give_the_verdict_and_the_order_of_the_whole_search() {
        let (mut cut, mut violations) = (0, 0);
        for seed in 0..5_000 {
            let h = random_history(seed);
            let segmented = check_with_order(&h, Budget::default());
            assert_eq!(segmented, whole(&h), "seed {seed}: {h:?}");
            violations += matches!(segmented.0, Verdict::Violation(_)) as u32;
            let mut keys: Vec<&str> = h.iter().map(|o| o.op.key()).collect();
            sort::sort(&mut keys);
            keys.dedup();
            for key in keys {
                let mut ops: Vec<&HistoryOp> = h.iter().filter(|o| o.op.key() == key).collect();
                sort::sort_by_key(&mut ops, |o| (o.invoked_at, o.client, o.seq));
                cut += (Search::new(&ops, None).segments().len() > 1) as u32;
            }
        }
        // Both kinds of verdict, and histories that were cut, were compared.
        assert!(violations > 100, "{violations} violations");
        assert!(cut > 1_000, "{cut} keys cut into segments");
    }

    #[test]
    fn a_growing_history_checked_again_and_again_gets_what_a_fresh_check_gets() {
        let (mut checks, mut reused, mut violations) = (0, 0, 0);
        for seed in 0..1_000 {
            let full = random_history(seed);
            let clients: Vec<NodeId> = {
                let mut c: Vec<NodeId> = full.iter().map(|h| h.client).collect();
                sort::sort(&mut c);
                c.dedup();
                c
            };
            let end = full
                .iter()
                .filter_map(|h| h.completed.as_ref())
                .map(|c| c.0 .0)
                .max();
            let mut inc = Incremental::default();
            for now in 0..=end.unwrap_or(0) + 1 {
                // The history as it stood at `now`: calls made by then, answers given by then.
                let slices: Vec<Vec<HistoryOp>> = clients
                    .iter()
                    .map(|&c| {
                        let mut ops: Vec<HistoryOp> = full
                            .iter()
                            .filter(|h| h.client == c && h.invoked_at.0 <= now)
                            .cloned()
                            .collect();
                        sort::sort_by_key(&mut ops, |h| h.seq);
                        for h in &mut ops {
                            if h.completed.as_ref().is_some_and(|(t, _)| t.0 > now) {
                                h.completed = None;
                            }
                        }
                        ops
                    })
                    .collect();
                let joined: Vec<HistoryOp> = slices.iter().flatten().cloned().collect();
                let refs: Vec<&[HistoryOp]> = slices.iter().map(Vec::as_slice).collect();
                let again = inc.check(&refs, Budget::default());
                assert_eq!(
                    again,
                    check_with_order(&joined, Budget::default()),
                    "seed {seed} at {now}"
                );
                checks += 1;
                reused += inc.settled.iter().filter(|&&n| n > 0).count();
                violations += matches!(again.0, Verdict::Violation(_)) as u32;
            }
        }
        assert!(
            checks > 10_000 && violations > 500,
            "{checks} checks, {violations} violations"
        );
        assert!(
            reused > 10_000,
            "closed segments were reused {reused} times"
        );
    }

    #[test]
    fn the_budget_bounds_each_segment_not_the_key() {
        // Four operations one after another: four segments of one placement each.
        let h = vec![
            op(0, 1, put("a"), 0, Some((1, ok()))),
            op(1, 1, get(), 2, Some((3, read(Some("a"))))),
            op(0, 2, put("b"), 4, Some((5, ok()))),
            op(1, 2, get(), 6, Some((7, read(Some("b"))))),
        ];
        let two = Budget {
            max_states: 2,
            max_steps: 2,
        };
        let ops: Vec<&HistoryOp> = h.iter().collect();
        assert!(matches!(
            Search::new(&ops, None).run(0..4, ABSENT, two),
            Outcome::OutOfBudget
        ));
        assert_eq!(check_within(&h, two), Verdict::Linearizable);
        // Out of budget in the third segment (two concurrent puts, then a read of one): the
        // two before it keep their places.
        let one = Budget {
            max_states: 1,
            max_steps: 1,
        };
        let mut h = h;
        h.insert(2, op(2, 1, put("c"), 4, Some((5, ok()))));
        let (verdict, order) = check_with_order(&h, one);
        assert_eq!(verdict, Verdict::Undecided { key: "x".into() });
        assert_eq!(order, [Some(0), Some(1), None, None, None]);
    }

    #[test]
    fn a_client_whose_numbers_disagree_with_its_calls_is_judged_not_panicked_over() {
        // Sequence 2 called before sequence 1: the first must follow the second, which comes
        // later in time. No order exists; the whole search said so, and so do the segments.
        let h = vec![
            op(0, 2, put("a"), 0, Some((1, ok()))),
            op(0, 1, put("b"), 10, Some((11, ok()))),
        ];
        let (verdict, _) = check_with_order(&h, Budget::default());
        assert!(matches!(verdict, Verdict::Violation(_)), "{verdict:?}");
        assert_eq!(check_with_order(&h, Budget::default()), whole(&h));
    }

    #[test]
    fn a_search_over_its_budget_is_undecided_not_a_pass() {
        // Many concurrent unanswered writes and reads: a large search space.
        let mut h: Vec<HistoryOp> = (0..12)
            .map(|c| op(c, 1, put(&c.to_string()), 0, None))
            .collect();
        h.push(op(
            20,
            1,
            get(),
            5,
            Some((1000, read(Some("nobody wrote this")))),
        ));
        let tiny = Budget {
            max_states: 50,
            max_steps: 1_000,
        };
        assert_eq!(
            check_within(&h, tiny),
            Verdict::Undecided { key: "x".into() }
        );
        assert!(matches!(check(&h), Verdict::Violation(_)));
        let tiny_time = Budget {
            max_states: usize::MAX,
            max_steps: 100,
        };
        assert_eq!(
            check_within(&h, tiny_time),
            Verdict::Undecided { key: "x".into() }
        );
    }

    #[test]
    fn a_long_history_is_searched_without_deep_recursion() {
        // 3,000 sequential operations on a 256 KiB stack: a recursive search would need a
        // frame per operation.
        let h: Vec<HistoryOp> = (0..3000u64)
            .map(|i| {
                let t = i * 10;
                if i % 2 == 0 {
                    op(0, i + 1, put(&i.to_string()), t, Some((t + 5, ok())))
                } else {
                    let last = (i - 1).to_string();
                    op(1, i + 1, get(), t, Some((t + 5, read(Some(&last)))))
                }
            })
            .collect();
        let verdict = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || check(&h))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(verdict, Verdict::Linearizable);
    }
}
