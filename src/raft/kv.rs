//! The replicated state machine: a key-value store with client sessions, so that a retried
//! request is applied once (thesis §6.3).

use crate::sim::NodeId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Op {
    Put {
        key: String,
        value: String,
    },
    Get {
        key: String,
    },
    /// Set `key` to `new` if its value is `expected` (`None`: absent).
    Cas {
        key: String,
        expected: Option<String>,
        new: String,
    },
    Delete {
        key: String,
    },
}

impl Op {
    pub fn key(&self) -> &str {
        match self {
            Op::Put { key, .. } | Op::Get { key } | Op::Cas { key, .. } | Op::Delete { key } => key,
        }
    }
}

/// The result of an operation: `ok` is false only for a compare-and-set that did not match;
/// `value` is the value read (Get) or found (a failed Cas).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reply {
    pub ok: bool,
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Kv {
    data: BTreeMap<String, String>,
    /// Per client: the last sequence number applied and its reply.
    sessions: BTreeMap<NodeId, (u64, Reply)>,
}

impl Kv {
    /// Apply `op` from `(client, seq)`; a sequence number already applied returns the
    /// remembered reply without applying it again.
    pub fn apply(&mut self, client: NodeId, seq: u64, op: &Op) -> Reply {
        if let Some((last, reply)) = self.sessions.get(&client) {
            if seq <= *last {
                return reply.clone();
            }
        }
        let reply = self.apply_op(op);
        self.sessions.insert(client, (seq, reply.clone()));
        reply
    }

    /// The model itself, without sessions (the linearizability checker uses it too).
    pub fn apply_op(&mut self, op: &Op) -> Reply {
        match op {
            Op::Put { key, value } => {
                self.data.insert(key.clone(), value.clone());
                Reply {
                    ok: true,
                    value: None,
                }
            }
            Op::Get { key } => Reply {
                ok: true,
                value: self.data.get(key).cloned(),
            },
            Op::Cas { key, expected, new } => {
                let current = self.data.get(key).cloned();
                if current == *expected {
                    self.data.insert(key.clone(), new.clone());
                    Reply {
                        ok: true,
                        value: None,
                    }
                } else {
                    Reply {
                        ok: false,
                        value: current,
                    }
                }
            }
            Op::Delete { key } => {
                self.data.remove(key);
                Reply {
                    ok: true,
                    value: None,
                }
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.data.get(key).map(String::as_str)
    }

    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.data.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn last_applied_seq(&self, client: NodeId) -> Option<u64> {
        self.sessions.get(&client).map(|(s, _)| *s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(k: &str, v: &str) -> Op {
        Op::Put {
            key: k.into(),
            value: v.into(),
        }
    }

    #[test]
    fn a_retried_request_is_applied_once() {
        let mut kv = Kv::default();
        let c = NodeId(7);
        kv.apply(c, 1, &put("x", "1"));
        let cas = Op::Cas {
            key: "x".into(),
            expected: Some("1".into()),
            new: "2".into(),
        };
        assert!(kv.apply(c, 2, &cas).ok);
        // The retry of seq 2 must not run the Cas again (it would now fail).
        assert!(kv.apply(c, 2, &cas).ok);
        assert_eq!(kv.get("x"), Some("2"));
    }

    #[test]
    fn cas_reports_the_value_it_found() {
        let mut kv = Kv::default();
        let cas = Op::Cas {
            key: "k".into(),
            expected: Some("a".into()),
            new: "b".into(),
        };
        assert_eq!(
            kv.apply_op(&cas),
            Reply {
                ok: false,
                value: None
            }
        );
        kv.apply_op(&put("k", "z"));
        assert_eq!(
            kv.apply_op(&cas),
            Reply {
                ok: false,
                value: Some("z".into())
            }
        );
        kv.apply_op(&Op::Delete { key: "k".into() });
        assert_eq!(kv.apply_op(&Op::Get { key: "k".into() }).value, None);
    }
}
