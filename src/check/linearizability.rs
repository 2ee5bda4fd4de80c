//! Linearizability of a key-value history (Herlihy & Wing), checked with the Wing & Gong
//! search as refined by Lowe and used by Porcupine: partition the history by key (a key-value
//! store is linearizable iff each key is), then search for an order of operations that
//! respects real time and the sequential model, memoising (linearized set, state) pairs.
//!
//! An operation without a response (its client gave up or the run ended) may have taken
//! effect at any point after its invocation, or never: it can be placed anywhere after its
//! call and its result is not compared.

use crate::raft::{HistoryOp, Kv, Op, Reply};
use std::collections::{BTreeMap, BTreeSet};

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

/// Upper bound on search states per key, so a pathological history cannot freeze the page.
pub const MAX_STATES: usize = 2_000_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Linearizable,
    Violation(NotLinearizable),
    /// The search hit `MAX_STATES` on this key without a verdict.
    Undecided {
        key: String,
    },
}

pub fn check(history: &[HistoryOp]) -> Verdict {
    let mut by_key: BTreeMap<&str, Vec<&HistoryOp>> = BTreeMap::new();
    for h in history {
        by_key.entry(h.op.key()).or_default().push(h);
    }
    for (key, mut ops) in by_key {
        ops.sort_by_key(|h| (h.invoked_at, h.client, h.seq));
        let mut search = Search {
            ops: &ops,
            memo: BTreeSet::new(),
            best: (0, Vec::new()),
            budget_hit: false,
        };
        let mut done = vec![false; ops.len()];
        if search.dfs(&mut done, 0, &Kv::default()) {
            continue;
        }
        if search.budget_hit {
            return Verdict::Undecided {
                key: key.to_string(),
            };
        }
        let (linearized, stuck) = search.best;
        return Verdict::Violation(NotLinearizable {
            key: key.to_string(),
            stuck_at: stuck.into_iter().map(|i| ops[i].clone()).collect(),
            linearized,
            total: ops.len(),
        });
    }
    Verdict::Linearizable
}

/// A search state already explored: which operations are placed, and the store's contents.
type Explored = (Vec<bool>, Vec<(String, String)>);

struct Search<'a> {
    ops: &'a [&'a HistoryOp],
    memo: BTreeSet<Explored>,
    /// The deepest point reached: ops linearized, and the candidates that all failed there.
    best: (usize, Vec<usize>),
    budget_hit: bool,
}

impl Search<'_> {
    fn dfs(&mut self, done: &mut Vec<bool>, count: usize, state: &Kv) -> bool {
        // Finished when every answered operation is placed; unanswered ones may never have
        // happened.
        let remaining_answered = self
            .ops
            .iter()
            .zip(done.iter())
            .any(|(h, &d)| !d && h.completed.is_some());
        if !remaining_answered {
            return true;
        }
        // Any operation still to place must be invoked before the earliest response among
        // the unplaced ones: that response happened-before everything invoked after it.
        let deadline = self
            .ops
            .iter()
            .zip(done.iter())
            .filter(|(_, &d)| !d)
            .filter_map(|(h, _)| h.completed.as_ref().map(|(t, _)| *t))
            .min()
            .expect("an answered op remains");
        let mut tried = Vec::new();
        for i in 0..self.ops.len() {
            let h = self.ops[i];
            if done[i] || h.invoked_at > deadline {
                continue;
            }
            tried.push(i);
            let mut next = state.clone();
            let reply = next.apply_op(&h.op);
            if let Some((_, expected)) = &h.completed {
                if !same_outcome(&h.op, &reply, expected) {
                    continue;
                }
            }
            done[i] = true;
            let key = (
                done.clone(),
                next.entries().map(|(k, v)| (k.into(), v.into())).collect(),
            );
            let fresh = self.memo.insert(key);
            if self.memo.len() > MAX_STATES {
                self.budget_hit = true;
                done[i] = false;
                return false;
            }
            if fresh && self.dfs(done, count + 1, &next) {
                return true;
            }
            done[i] = false;
            if self.budget_hit {
                return false;
            }
        }
        if count >= self.best.0 {
            self.best = (count, tried);
        }
        false
    }
}

/// Whether the model's reply explains the observed one. Writes carry no value to compare.
fn same_outcome(op: &Op, model: &Reply, observed: &Reply) -> bool {
    match op {
        Op::Get { .. } | Op::Cas { .. } => model == observed,
        Op::Put { .. } | Op::Delete { .. } => model.ok == observed.ok,
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
}
