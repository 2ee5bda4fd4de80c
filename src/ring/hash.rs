//! The hashes that place keys and members. Explicit and stable across targets: never `std`'s
//! `DefaultHasher`, never reduced through `usize`.

use super::md5::md5;
use crate::sim::rng::splitmix64;

/// A 64-bit hash of a string, eight bytes at a time (multiply-xorshift per word, then the
/// SplitMix64 finaliser): fast enough for millions of lookups a second, well mixed, and the
/// same on every target.
pub fn hash64(s: &str) -> u64 {
    const M: u64 = 0x9FB2_1C65_1E98_DF25;
    let bytes = s.as_bytes();
    let mut h = 0x9E37_79B9_7F4A_7C15 ^ (bytes.len() as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("chunks_exact gives 8 bytes"));
        h = (h ^ w).wrapping_mul(M);
        h ^= h >> 29;
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut w = 0u64;
        for (i, &b) in rest.iter().enumerate() {
            w |= u64::from(b) << (8 * i);
        }
        h = (h ^ w).wrapping_mul(M);
        h ^= h >> 29;
    }
    splitmix64(&mut h)
}

/// The hash of a string with a number appended ("the i-th point of member x").
pub fn hash64_indexed(s: &str, i: u64) -> u64 {
    mix(hash64(s), i)
}

/// Mix two 64-bit values into one (for derived probes and per-(key, member) scores).
pub fn mix(a: u64, b: u64) -> u64 {
    let mut s = a ^ b.rotate_left(32) ^ 0x632B_E59B_D9B4_E019;
    splitmix64(&mut s)
}

/// libketama's key hash: the first four bytes of the MD5 digest, little-endian.
pub fn ketama_hash(s: &str) -> u32 {
    let d = md5(s.as_bytes());
    u32::from_le_bytes([d[0], d[1], d[2], d[3]])
}

/// Natural logarithm using only IEEE-754 basic operations (exactly rounded on every target),
/// so weighted rendezvous scores are bit-identical natively and in wasm; `f64::ln` calls the
/// platform's libm, which may differ in the last bit. For `x` in (0, 1].
pub fn ln_deterministic(x: f64) -> f64 {
    debug_assert!(x > 0.0 && x.is_finite());
    // x = m · 2^e with m in [1, 2): read the exponent from the bits.
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let (m, e) = if exp == 0 {
        // Subnormal: scale up first (exact, a power of two).
        let y = x * 18014398509481984.0; // 2^54
        let b = y.to_bits();
        (
            f64::from_bits((b & !(0x7ff << 52)) | (1023 << 52)),
            ((b >> 52) & 0x7ff) as i64 - 1023 - 54,
        )
    } else {
        (
            f64::from_bits((bits & !(0x7ff << 52)) | (1023 << 52)),
            exp - 1023,
        )
    };
    // ln m = 2 atanh((m - 1) / (m + 1)), |t| < 1/3: the series converges fast.
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let mut term = t;
    let mut sum = 0.0;
    let mut k = 1.0;
    // |t| < 1/3, so 20 terms leave an error below 1e-19, under f64's precision.
    for _ in 0..20 {
        sum += term / k;
        term *= t2;
        k += 2.0;
    }
    const LN_2: f64 = std::f64::consts::LN_2;
    2.0 * sum + (e as f64) * LN_2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ketama_hash_matches_libketama() {
        // python_ketama's tests: ketama.hashi("test") == 3446378249.
        assert_eq!(ketama_hash("test"), 3_446_378_249);
    }

    #[test]
    // Compares with the platform's logarithm on purpose.
    #[allow(clippy::disallowed_methods)]
    fn deterministic_ln_agrees_with_libm_closely() {
        for &x in &[1.0, 0.5, 0.1, 0.999_999, 1e-10, 1e-300, 5e-324, 0.75, 0.333] {
            let (a, b) = (ln_deterministic(x), x.ln());
            assert!(
                (a - b).abs() <= 1e-12 * b.abs().max(1.0),
                "ln({x}): {a} vs {b}"
            );
        }
    }
}
