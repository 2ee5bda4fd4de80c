//! Key sets: named keys, uniform random keys from the seed, and Zipf-skewed hot keys.

use super::hash::{hash64, ketama_hash};
use crate::sim::{Rng, Stream};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub name: String,
    pub hash: u64,
    pub ketama: u32,
}

impl Key {
    pub fn new(name: &str) -> Key {
        Key {
            name: name.to_string(),
            hash: hash64(name),
            ketama: ketama_hash(name),
        }
    }
}

/// Keys at most in one key set (bounded memory and time).
pub const MAX_KEYS: u64 = 1_000_000;

/// `count` distinct keys `key-<n>` with `n` drawn from the seed.
pub fn uniform(seed: u64, count: u64) -> Vec<Key> {
    let mut keys = UniformKeys::new(seed);
    (0..count.min(MAX_KEYS)).map(|_| keys.next_key()).collect()
}

/// The keys of `uniform`, one at a time (the Lab places them a piece per frame).
#[derive(Clone, Debug)]
pub struct UniformKeys {
    rng: Rng,
    next: u64,
}

impl UniformKeys {
    pub fn new(seed: u64) -> UniformKeys {
        UniformKeys {
            rng: Rng::new(seed, Stream::Workload),
            next: 0,
        }
    }

    pub fn next_key(&mut self) -> Key {
        let i = self.next;
        self.next += 1;
        Key::new(&format!("key-{i}-{:x}", self.rng.next_u64() & 0xffff))
    }
}

/// `count` requests over `distinct` keys with Zipf(1) popularity: key k is requested with
/// probability ∝ 1/k. Drawn with integer arithmetic only (a fixed-point cumulative table), so
/// the same requests everywhere. Requests for the same key repeat it, so loads count hits.
pub fn zipf(seed: u64, distinct: u64, count: u64) -> Vec<Key> {
    let mut requests = ZipfKeys::new(seed, distinct);
    (0..count.min(MAX_KEYS))
        .map(|_| requests.next_key())
        .collect()
}

/// The requests of `zipf`, one at a time.
#[derive(Clone, Debug)]
pub struct ZipfKeys {
    keys: Vec<Key>,
    cumulative: Vec<u64>,
    total: u64,
    rng: Rng,
}

impl ZipfKeys {
    pub fn new(seed: u64, distinct: u64) -> ZipfKeys {
        let distinct = distinct.clamp(1, 100_000);
        let keys: Vec<Key> = (1..=distinct)
            .map(|k| Key::new(&format!("hot-{k}")))
            .collect();
        const ONE: u64 = 1 << 40;
        let mut cumulative = Vec::with_capacity(keys.len());
        let mut total = 0u64;
        for k in 1..=distinct {
            total += ONE / k;
            cumulative.push(total);
        }
        ZipfKeys {
            keys,
            cumulative,
            total,
            rng: Rng::new(seed, Stream::Workload),
        }
    }

    pub fn next_key(&mut self) -> Key {
        let x = self.rng.below(self.total);
        let i = self.cumulative.partition_point(|&c| c <= x);
        self.keys[i].clone()
    }
}

/// Named keys, one per non-empty line (trimmed).
pub fn named(text: &str) -> Vec<Key> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(MAX_KEYS as usize)
        .map(Key::new)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zipf_makes_the_first_key_the_hottest() {
        let reqs = zipf(1, 100, 20_000);
        let first = reqs.iter().filter(|k| k.name == "hot-1").count();
        let tenth = reqs.iter().filter(|k| k.name == "hot-10").count();
        // P(1) = 1/H_100 ≈ 0.193; P(10) ≈ 0.019.
        assert!((3500..4300).contains(&first), "{first}");
        assert!(tenth * 5 < first, "{tenth} vs {first}");
    }

    #[test]
    fn uniform_keys_are_reproducible() {
        assert_eq!(uniform(5, 10), uniform(5, 10));
        assert_ne!(uniform(5, 10), uniform(6, 10));
    }
}
