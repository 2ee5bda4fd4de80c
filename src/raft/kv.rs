//! The replicated state machine: a key-value store with client sessions, so that a retried
//! request is applied once (thesis §6.3).

use crate::sim::map::SortedMap;
use crate::sim::NodeId;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Reply {
    pub ok: bool,
    pub value: Option<String>,
}

/// As a safety violation names it: `ok`, `ok "1"`, `refused, found "2"`.
impl std::fmt::Display for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.ok { "ok" } else { "refused, found" })?;
        match &self.value {
            Some(v) => write!(f, " \"{v}\""),
            None if self.ok => Ok(()),
            None => f.write_str(" nothing"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Kv {
    data: SortedMap<String, String>,
    /// Per client: the last sequence number applied and its reply.
    sessions: SortedMap<NodeId, (u64, Reply)>,
}

impl Kv {
    /// Apply `op` from `(client, seq)` (thesis §6.3). A new sequence number is applied and its
    /// reply remembered; the latest one applied again returns the remembered reply without
    /// applying it twice; an older one is a stale duplicate from a client that has since moved
    /// on: not applied, and `None`, since its reply is no longer kept.
    pub fn apply(&mut self, client: NodeId, seq: u64, op: &Op) -> Option<Reply> {
        if let Some((last, reply)) = self.sessions.get(&client) {
            if seq == *last {
                return Some(reply.clone());
            }
            if seq < *last {
                return None;
            }
        }
        let reply = self.apply_op(op);
        self.sessions.insert(client, (seq, reply.clone()));
        Some(reply)
    }

    /// The operation itself, without sessions.
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

    /// Every client session: the last sequence number applied and its reply, by client.
    pub fn sessions(&self) -> impl Iterator<Item = (NodeId, u64, &Reply)> {
        self.sessions.iter().map(|(c, (s, r))| (*c, *s, r))
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
        assert!(kv.apply(c, 2, &cas).unwrap().ok);
        // The retry of seq 2 must not run the Cas again (it would now fail).
        assert!(kv.apply(c, 2, &cas).unwrap().ok);
        assert_eq!(kv.get("x"), Some("2"));
    }

    #[test]
    fn an_older_sequence_number_gets_no_reply_rather_than_the_newest_one() {
        let mut kv = Kv::default();
        let c = NodeId(7);
        let put_reply = kv.apply(c, 1, &put("x", "1"));
        let get = Op::Get { key: "x".into() };
        let get_reply = kv.apply(c, 2, &get);
        assert_ne!(put_reply, get_reply);
        assert_eq!(
            kv.apply(c, 1, &put("x", "9")),
            None,
            "not applied, not answered"
        );
        assert_eq!(kv.get("x"), Some("1"));
        assert_eq!(kv.apply(c, 2, &get), get_reply);
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
