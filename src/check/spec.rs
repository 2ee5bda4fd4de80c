//! The specification of the key-value store, one key at a time, written apart from the
//! system's own state machine (`raft::Kv`) so that a bug there cannot hide in the checkers.
//! The linearizability checker and the safety checker's replay of the committed log both
//! read it. `V` is how a checker represents a value of the key, with a chosen "absent".

/// An operation on one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum KeyOp<V> {
    Put(V),
    Get,
    /// Set the key to `new` if it holds `expected` (which may be "absent").
    Cas {
        expected: V,
        new: V,
    },
    Delete,
}

/// What an operation answers: `ok` is false only for a compare-and-set that did not match;
/// `value` is what a get read or what a failed compare-and-set found, "absent" otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct KeyReply<V> {
    pub ok: bool,
    pub value: V,
}

/// The key's value after `op` on `current`, and the reply `op` must get.
pub(super) fn step<V: Clone + PartialEq>(
    current: &V,
    op: &KeyOp<V>,
    absent: &V,
) -> (V, KeyReply<V>) {
    let done = KeyReply {
        ok: true,
        value: absent.clone(),
    };
    match op {
        KeyOp::Put(v) => (v.clone(), done),
        KeyOp::Delete => (absent.clone(), done),
        KeyOp::Get => (
            current.clone(),
            KeyReply {
                ok: true,
                value: current.clone(),
            },
        ),
        KeyOp::Cas { expected, new } if expected == current => (new.clone(), done),
        KeyOp::Cas { .. } => (
            current.clone(),
            KeyReply {
                ok: false,
                value: current.clone(),
            },
        ),
    }
}
