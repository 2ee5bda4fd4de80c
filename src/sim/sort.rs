//! The crate's sorting: stable sorts, small in the page.
//!
//! Why not the standard library's sorts in the page: they are fast but large. Each element
//! type and comparison instantiates about 4 KB of wasm (driftsort for the stable ones, ipnsort
//! for the unstable ones), and the page had sixteen of them. In wasm, one merge sort, compiled
//! once, sorts the elements' places through a comparison behind a pointer; each call site adds
//! only the small code that compares two elements and moves them to their places. Built as the
//! page is (`opt-level = "z"`), it sorts a ring's sixteen thousand points in about the time
//! std's stable sort does. Natively, where size does not count, std's stable sort is faster
//! (a 100,000-point ring builds in a quarter of the time) and is used instead.
//!
//! Every sort here is stable, and a stable sort's result is fixed by the comparison alone: the
//! two algorithms put every element in the same place, natively and in the browser (the unit
//! tests compare them, and the browser tests compare whole runs with native ones).

use std::cmp::Ordering;

/// Sorts `v` in ascending order, keeping equal elements in the order they had.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sorts `v` by `key`, keeping elements with equal keys in the order they had.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` by `cmp`, keeping elements `cmp` calls equal in the order they had.
pub fn sort_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(target_arch = "wasm32")]
    merge_sort_by(v, cmp);
    #[cfg(not(target_arch = "wasm32"))]
    #[allow(clippy::disallowed_methods)]
    v.sort_by(cmp);
}

/// The page's sort (see the module comment): the places sorted, then the elements moved.
#[cfg(any(target_arch = "wasm32", test))]
fn merge_sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let mut from: Vec<usize> = (0..v.len()).collect();
    sort_places(&mut from, &mut |a, b| cmp(&v[a], &v[b]) == Ordering::Less);
    permute(v, &mut from);
}

/// Sorts the places in `order` by `less`, stably: a bottom-up merge sort.
#[cfg(any(target_arch = "wasm32", test))]
fn sort_places(order: &mut [usize], less: &mut dyn FnMut(usize, usize) -> bool) {
    let n = order.len();
    // Sorted runs of `width` places are merged in pairs into runs twice as long, from
    // `order` into `scratch` and back, until one run is the whole.
    let mut scratch = order.to_vec();
    let mut runs_in_order = true;
    let mut width = 1;
    while width < n {
        let (from, to): (&[usize], &mut [usize]) = if runs_in_order {
            (order, &mut scratch)
        } else {
            (&scratch, order)
        };
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (mid + width).min(n);
            let (a, b) = (&from[start..mid], &from[mid..end]);
            let (mut i, mut j) = (0, 0);
            for slot in &mut to[start..end] {
                // On ties `a`'s place goes first: that keeps the sort stable.
                if i == a.len() || (j < b.len() && less(b[j], a[i])) {
                    *slot = b[j];
                    j += 1;
                } else {
                    *slot = a[i];
                    i += 1;
                }
            }
            start = end;
        }
        runs_in_order = !runs_in_order;
        width *= 2;
    }
    if !runs_in_order {
        order.copy_from_slice(&scratch);
    }
}

/// Rearranges `v` so that place `i` holds what was at place `from[i]` (`from` is a
/// permutation, used up as scratch): each cycle of the permutation is rotated by swaps.
#[cfg(any(target_arch = "wasm32", test))]
fn permute<T>(v: &mut [T], from: &mut [usize]) {
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let next = from[at];
            // Marks `at` as placed: a later start that reaches it stops at once.
            from[at] = at;
            if next == start {
                break;
            }
            v.swap(at, next);
            at = next;
        }
    }
}

#[cfg(test)]
// The tests compare with the standard library's sorts.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;
    use crate::sim::{Rng, Stream};

    /// Vectors of every small length and some large ones, with few distinct values (many
    /// ties), many, sorted, reversed and all equal.
    fn cases() -> Vec<Vec<(u8, u32)>> {
        let mut rng = Rng::new(7, Stream::Workload);
        let mut out = Vec::new();
        for len in (0..40).chain([100, 1_000, 4_097]) {
            for distinct in [1, 3, 1_000] {
                // The second field tags each element with its first place, so a test can
                // tell equal keys apart.
                let v: Vec<(u8, u32)> = (0..len)
                    .map(|i| ((rng.below(distinct) % 256) as u8, i))
                    .collect();
                let mut up = v.clone();
                up.sort();
                let mut down = up.clone();
                down.reverse();
                out.extend([v, up, down]);
            }
        }
        out
    }

    #[test]
    fn sorts_like_the_standard_library() {
        for case in cases() {
            let mut ours = case.clone();
            merge_sort_by(&mut ours, Ord::cmp);
            let mut std = case.clone();
            std.sort();
            assert_eq!(ours, std, "{case:?}");
        }
    }

    #[test]
    fn equal_elements_keep_their_order() {
        for case in cases() {
            let mut ours = case.clone();
            merge_sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = case.clone();
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std, "{case:?}");

            let mut ours = case.clone();
            merge_sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            std = case.clone();
            std.sort_by_key(|e| std::cmp::Reverse(e.0));
            assert_eq!(ours, std, "descending {case:?}");
        }
    }

    #[test]
    fn elements_that_are_not_copy_are_moved_to_their_places() {
        for case in cases() {
            let boxed = |v: &[(u8, u32)]| -> Vec<(u8, String)> {
                v.iter().map(|&(k, tag)| (k, tag.to_string())).collect()
            };
            let mut ours = boxed(&case);
            merge_sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = boxed(&case);
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std, "{case:?}");
        }
    }

    #[test]
    fn floats_sort_by_total_order() {
        let mut v = vec![3.5, -0.0, f64::INFINITY, 0.0, -2.0, 1e-9, -f64::INFINITY];
        merge_sort_by(&mut v, f64::total_cmp);
        let bits: Vec<u64> = v.iter().map(|x| x.to_bits()).collect();
        let want: Vec<u64> = [-f64::INFINITY, -2.0, -0.0, 0.0, 1e-9, 3.5, f64::INFINITY]
            .iter()
            .map(|x| x.to_bits())
            .collect();
        assert_eq!(bits, want);
    }
}
