//! Numbers as text without the standard library's float formatting, which is a large part of
//! a wasm bundle: round to a fixed number of decimals in integers, then print integers.

/// `v` with `decimals` digits after the point (at most 6), rounded half away from zero;
/// `0` for what is not a number, so an SVG attribute stays valid.
pub fn fixed(v: f64, decimals: u32) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    crate::lab::fixed(v, decimals.min(6) as u8)
}

/// A boolean attribute's value (`aria-pressed`, `data-ok`): a static string, where
/// `bool::to_string` would allocate one through the formatting machinery at every call site.
pub fn flag(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// The browser's sine and cosine: the page draws with them, and Rust's own would add their
/// tables and range reduction to the bundle for no gain in a picture.
#[cfg(target_arch = "wasm32")]
pub fn sin(x: f64) -> f64 {
    js_sys::Math::sin(x)
}

#[cfg(target_arch = "wasm32")]
pub fn cos(x: f64) -> f64 {
    js_sys::Math::cos(x)
}

/// Natively (the drawing's geometry under unit tests) there is no browser: Rust's own.
#[cfg(not(target_arch = "wasm32"))]
#[allow(clippy::disallowed_methods)]
pub fn sin(x: f64) -> f64 {
    x.sin()
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(clippy::disallowed_methods)]
pub fn cos(x: f64) -> f64 {
    x.cos()
}

/// The browser's logarithm and power, for the Lab's logarithmic axes (same reason).
pub fn log10(x: f64) -> f64 {
    js_sys::Math::log10(x)
}

pub fn pow10(x: f64) -> f64 {
    js_sys::Math::pow(10.0, x)
}

/// Virtual microseconds as milliseconds, the unit of every time on the page: `96.6 ms` with
/// one decimal, `96.611 ms` with three (exact). Integers only, rounded half up.
pub fn ms(us: u64, decimals: u32) -> String {
    let decimals = decimals.min(3);
    let unit = 10u64.pow(3 - decimals);
    let rounded = (us + unit / 2) / unit;
    let scale = 10u64.pow(decimals);
    if decimals == 0 {
        format!("{rounded} ms")
    } else {
        format!(
            "{}.{:0width$} ms",
            rounded / scale,
            rounded % scale,
            width = decimals as usize
        )
    }
}

/// A whole number with its thousands grouped: 1,000,000.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fixed;

    #[test]
    fn like_the_standard_formatting() {
        for (v, d, want) in [
            (1.25, 1, "1.3"),
            (0.0, 2, "0.00"),
            (-1.23456, 3, "-1.235"),
            (512.04, 1, "512.0"),
            (99.95, 0, "100"),
            (0.0403, 4, "0.0403"),
        ] {
            assert_eq!(fixed(v, d), want);
        }
    }

    #[test]
    fn grouped_by_thousands() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (10_909, "10,909"),
            (1_000_000, "1,000,000"),
        ] {
            assert_eq!(super::grouped(n), text);
        }
    }
}
