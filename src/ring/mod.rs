//! Data distribution: where keys live on a set of nodes, by consistent hashing and its
//! relatives, and the numbers that make the algorithms comparable (load spread, keys moved on
//! a membership change, keys without a live replica).
//!
//! Every algorithm is a pure function of the member list and the key, in integers (or, for
//! weighted rendezvous and ketama weights, in IEEE basic float operations only, which give the
//! same bits on every target): the same placement natively and in the browser.

pub mod algo;
pub mod hash;
pub mod keys;
pub mod lab;
pub mod md5;
pub mod metrics;

pub use algo::{Algorithm, Assignment, Placement, RingError, Sequence};
pub use keys::Key;

use serde::Serialize;
use std::fmt;

/// A member's identity, stable across membership changes (its position in the list is not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct MemberId(pub u32);

impl fmt::Display for MemberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Member {
    pub id: MemberId,
    /// What the member's points are hashed from ("host:port" for ketama).
    pub name: String,
    /// Relative capacity: 100 is one standard share (for ketama, the memory value).
    pub weight: u32,
    pub up: bool,
}

/// The membership of a cluster, in the order members joined.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Members {
    list: Vec<Member>,
    next_id: u32,
}

/// Members at most; the UI and the metrics are sized for it.
pub const MAX_MEMBERS: usize = 1024;

impl Members {
    /// `n` members named `node-1` … `node-n`, weight 100.
    pub fn named(n: u32) -> Members {
        let mut m = Members::default();
        for i in 1..=n {
            m.add(&format!("node-{i}"), 100).expect("within bounds");
        }
        m
    }

    pub fn list(&self) -> &[Member] {
        &self.list
    }
    pub fn len(&self) -> usize {
        self.list.len()
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    pub fn get(&self, id: MemberId) -> Option<&Member> {
        self.list.iter().find(|m| m.id == id)
    }
    pub fn by_name(&self, name: &str) -> Option<&Member> {
        self.list.iter().find(|m| m.name == name)
    }

    pub fn add(&mut self, name: &str, weight: u32) -> Result<MemberId, RingError> {
        if self.list.len() >= MAX_MEMBERS {
            return Err(RingError::TooManyMembers(MAX_MEMBERS));
        }
        if name.is_empty() || self.by_name(name).is_some() {
            return Err(RingError::BadName(name.to_string()));
        }
        if weight == 0 {
            return Err(RingError::ZeroWeight(name.to_string()));
        }
        let id = MemberId(self.next_id);
        self.next_id += 1;
        self.list.push(Member {
            id,
            name: name.to_string(),
            weight,
            up: true,
        });
        Ok(id)
    }

    pub fn remove(&mut self, id: MemberId) -> Result<Member, RingError> {
        let pos = self.position(id)?;
        Ok(self.list.remove(pos))
    }

    pub fn set_up(&mut self, id: MemberId, up: bool) -> Result<(), RingError> {
        let pos = self.position(id)?;
        self.list[pos].up = up;
        Ok(())
    }

    pub fn set_weight(&mut self, id: MemberId, weight: u32) -> Result<(), RingError> {
        if weight == 0 {
            return Err(RingError::ZeroWeight(id.to_string()));
        }
        let pos = self.position(id)?;
        self.list[pos].weight = weight;
        Ok(())
    }

    pub fn position(&self, id: MemberId) -> Result<usize, RingError> {
        self.list
            .iter()
            .position(|m| m.id == id)
            .ok_or(RingError::NoSuchMember(id))
    }

    /// Parse a libketama server list: `host:port<TAB or space>weight` per line; `#` comments
    /// and blank lines are skipped. Errors name the line.
    pub fn from_ketama_servers(text: &str) -> Result<Members, RingError> {
        let mut m = Members::default();
        for (no, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(addr), Some(weight), None) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(RingError::BadServerLine(no + 1, line.to_string()));
            };
            let weight: u32 = weight
                .parse()
                .map_err(|_| RingError::BadServerLine(no + 1, line.to_string()))?;
            m.add(addr, weight)
                .map_err(|_| RingError::BadServerLine(no + 1, line.to_string()))?;
        }
        if m.is_empty() {
            return Err(RingError::NoMembers);
        }
        Ok(m)
    }
}
