//! A tiny seeded PRNG (SplitMix64) with the few helpers the generator needs.
//!
//! Hand-rolled on purpose: its output depends only on the seed, never on a crate version, the
//! platform or the pointer width, so a library generated today is byte-identical tomorrow and on
//! any machine.

/// SplitMix64 (Steele, Lea, Flood 2014): one 64-bit state, passes BigCrush, trivially portable.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// A generator for item `index` of a stream seeded with `seed`: items are independent, so
    /// page 7 is the same whatever the number of pages.
    pub(crate) fn for_item(seed: u64, stream: u64, index: u64) -> Self {
        let mut r = Rng::new(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.0 ^= r.next_u64() ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`), by multiply-shift (no modulo bias worth caring about here).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// `true` with probability `percent`/100.
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn from cumulative integer weights (`cumulative` ascending, last = total).
    pub(crate) fn weighted(&mut self, cumulative: &[u64]) -> usize {
        let total = *cumulative.last().expect("weights");
        let x = self.next_u64() % total;
        cumulative.partition_point(|&c| c <= x)
    }

    /// `k` distinct indexes in `0..n`, drawn with `cumulative` weights, in draw order.
    pub(crate) fn distinct_weighted(&mut self, cumulative: &[u64], k: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(k);
        while out.len() < k.min(cumulative.len()) {
            let i = self.weighted(cumulative);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    /// `k` distinct elements of `items` (k ≤ len), in draw order.
    pub(crate) fn sample<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let mut idx: Vec<usize> = Vec::with_capacity(k);
        while idx.len() < k.min(items.len()) {
            let i = self.below(items.len());
            if !idx.contains(&i) {
                idx.push(i);
            }
        }
        idx.into_iter().map(|i| &items[i]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_sequence() {
        // Reference values of SplitMix64 seeded with 0.
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn helpers_stay_in_range() {
        let mut r = Rng::new(42);
        let cum = [5, 8, 9, 10];
        for _ in 0..1000 {
            assert!(r.below(7) < 7);
            let x = r.range(2, 5);
            assert!((2..=5).contains(&x));
            assert!(r.weighted(&cum) < 4);
        }
        let d = r.distinct_weighted(&cum, 3);
        assert_eq!(d.len(), 3);
        assert!(d.iter().all(|i| d.iter().filter(|j| *j == i).count() == 1));
    }
}
