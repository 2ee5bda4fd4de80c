//! A stable hash: the same bytes on every target and every run, for trace hashes and anything
//! else that must agree between the native build and the browser.
//!
//! `std`'s `DefaultHasher` is unspecified and `usize` is 32 bits on wasm32, so derived `Hash`
//! impls fed to an ordinary hasher would disagree across targets. This hasher writes every
//! integer as little-endian bytes of a fixed width, `usize`/`isize` (lengths, enum
//! discriminants) as 64-bit, and mixes with FNV-1a followed by a SplitMix64 finaliser.

use std::hash::{Hash, Hasher};

const FNV_OFFSET: u64 = 0xCBF2_9CE4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01B3;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StableHasher {
    state: u64,
}

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher { state: FNV_OFFSET }
    }
}

impl StableHasher {
    pub fn new() -> Self {
        Self::default()
    }

    /// The hash of one value.
    pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
        let mut h = StableHasher::new();
        value.hash(&mut h);
        h.finish()
    }
}

impl Hasher for StableHasher {
    #[inline]
    fn finish(&self) -> u64 {
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.state ^= u64::from(b);
            self.state = self.state.wrapping_mul(FNV_PRIME);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.write(&i.to_le_bytes());
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write(&i.to_le_bytes());
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.write(&i.to_le_bytes());
    }
    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.write(&i.to_le_bytes());
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    #[inline]
    fn write_i8(&mut self, i: i8) {
        self.write_u8(i as u8);
    }
    #[inline]
    fn write_i16(&mut self, i: i16) {
        self.write_u16(i as u16);
    }
    #[inline]
    fn write_i32(&mut self, i: i32) {
        self.write_u32(i as u32);
    }
    #[inline]
    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64);
    }
    #[inline]
    fn write_i128(&mut self, i: i128) {
        self.write_u128(i as u128);
    }
    #[inline]
    fn write_isize(&mut self, i: isize) {
        self.write_u64(i as i64 as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usize_hashes_like_u64_so_wasm32_agrees_with_x86_64() {
        assert_eq!(StableHasher::of(&7usize), StableHasher::of(&7u64));
        assert_eq!(StableHasher::of(&vec![1u8, 2]), {
            let mut h = StableHasher::new();
            h.write_u64(2);
            h.write_u8(1);
            h.write_u8(2);
            h.finish()
        });
    }

    #[test]
    fn golden_value_pins_the_hash() {
        // FNV-1a of "a" is 0xAF63DC4C8601EC8C; the finaliser then mixes it.
        let mut h = StableHasher::new();
        h.write(b"a");
        assert_eq!(h.state, 0xAF63_DC4C_8601_EC8C);
        assert_ne!(h.finish(), h.state);
    }
}
