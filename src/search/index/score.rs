//! What a stem is worth in a document: BM25F over its fields, plus a bonus for the most
//! important field it is in, quantised to the 1–63 a posting stores.
//!
//! BM25F alone saturates: a word said twenty times in a long body comes out almost level with
//! the same word once in the title, so pages that merely use the words of a query outranked
//! the pages named after it. So impacts come in tiers: a stem only in the body gets 1–31 (BM25F
//! saturation, [`TEXT_MAX`]); a stem in the title, a heading, the summary or the topics gets
//! more than any body text, by the best of these fields ([`FIELD_BONUS`]) plus its own
//! saturation (every field, weighted, length-normalised) scaled to 1–16.

use super::{DocTerms, MASK_BITS};

/// Fields, in the order of [`FIELD_WEIGHTS`].
pub(crate) const FIELDS: usize = 5;
/// Title, headings, summary, taxonomy terms, body.
pub(crate) const FIELD_WEIGHTS: [f64; FIELDS] = [6.0, 3.0, 2.0, 2.0, 1.0];
/// BM25 length normalisation per field.
const FIELD_B: [f64; FIELDS] = [0.5, 0.5, 0.5, 0.3, 0.75];
/// BM25 saturation.
pub(crate) const K1: f64 = 1.2;
/// Highest quantised impact.
pub(crate) const MAX_IMPACT: u8 = 63;
/// Highest impact of a stem in the body alone.
pub(crate) const TEXT_MAX: u8 = 31;
/// A stem in the title, headings, summary or topics starts above [`TEXT_MAX`], by the best of
/// these fields it is in…
pub(crate) const FIELD_BONUS: [u8; FIELDS - 1] = [16, 8, 4, 0];
/// …and adds its text part, scaled to 1–16.
const FIELD_SPAN: u8 = MAX_IMPACT - TEXT_MAX - FIELD_BONUS[0];
/// Fields whose adjacent words always make a phrase (title, headings, summary); in the body
/// and topics a pair must be met twice.
pub(crate) const PHRASE_FIELDS: usize = 3;

/// One document's contribution to the postings.
pub(super) struct DocImpacts {
    /// (stem, quantised impact, form mask), by stem.
    pub(super) impacts: Vec<(u32, u8, u8)>,
    /// Phrases: (first stem, second stem, summed impacts of the two).
    pub(super) pairs: Vec<(u32, u32, u16)>,
}

/// A document's impact per stem (its forms' counts summed per field) and its phrases as stems.
///
/// `info` is every word's stem and mask bit, `stem << 3 | bit`: four bytes a word, so the
/// lookups stay in cache.
/// `order` is scratch space, reused from document to document.
pub(super) fn impacts(t: &DocTerms, info: &[u32], avg: &[f64; FIELDS], order: &mut Vec<u64>) -> DocImpacts {
    // Length normalisation per field, once per document.
    let mut norm = [0f64; FIELDS];
    for (f, n) in norm.iter_mut().enumerate() {
        *n = 1.0 - FIELD_B[f] + FIELD_B[f] * f64::from(t.lens[f]) / avg[f];
    }
    let stem = |pos: u32| info[t.words[pos as usize] as usize] >> 3;
    // (stem and bit, position in the document's words), sorted: a stem's forms side by side.
    order.clear();
    order.extend(
        t.words
            .iter()
            .zip(&t.counts)
            .enumerate()
            .filter(|(_, (_, c))| c.iter().any(|&x| x > 0))
            .map(|(i, (w, _))| u64::from(info[*w as usize]) << 32 | i as u64),
    );
    order.sort_unstable();
    let groups = order.chunk_by(|a, b| a >> 35 == b >> 35);
    let mut impacts: Vec<(u32, u8, u8)> = Vec::with_capacity(groups.clone().count());
    impacts.extend(groups.map(|group| {
        let mut tf = [0u32; FIELDS];
        let mut mask = 0u8;
        for &x in group {
            for (sum, c) in tf.iter_mut().zip(t.counts[x as u32 as usize]) {
                *sum += u32::from(c);
            }
            mask |= 1 << ((x >> 32) & 7);
        }
        let mut x = 0.0;
        let mut fields = 0u8;
        for f in 0..FIELDS {
            // Most words are in the body alone: an empty field adds nothing.
            if tf[f] > 0 {
                x += FIELD_WEIGHTS[f] * f64::from(tf[f]) / norm[f];
                fields |= 1 << f;
            }
        }
        ((group[0] >> 35) as u32, impact(x, fields), mask)
    }));
    const { assert!(MASK_BITS <= 8) };
    let weight = |s: u32| {
        impacts
            .binary_search_by_key(&s, |x| x.0)
            .map_or(0, |i| u16::from(impacts[i].1))
    };
    let mut pairs: Vec<(u32, u32)> = t
        .pairs
        .iter()
        .map(|&(a, b)| (stem(a), stem(b)))
        .filter(|(a, b)| a != b)
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let pairs = pairs.into_iter().map(|(a, b)| (a, b, weight(a) + weight(b))).collect();
    DocImpacts { impacts, pairs }
}

/// A posting's impact, 1–63, from `tf` (the weighted, length-normalised term frequency) and
/// `fields`, the fields the stem is in (bit 0 the title … bit 4 the body).
pub(crate) fn impact(tf: f64, fields: u8) -> u8 {
    let saturated = tf * (K1 + 1.0) / (K1 + tf) / (K1 + 1.0);
    let scaled = |max: u8| (saturated * f64::from(max)).round().clamp(1.0, f64::from(max)) as u8;
    match (0..FIELDS - 1).find(|&f| fields & (1 << f) != 0) {
        Some(f) => TEXT_MAX + FIELD_BONUS[f] + scaled(FIELD_SPAN),
        None => scaled(TEXT_MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_or_heading_outweighs_any_amount_of_body_text() {
        const { assert!(FIELD_SPAN >= 8) };
        let body = |tf: f64| impact(tf, 1 << 4);
        assert!(body(0.1) >= 1);
        assert!(body(1.0) < body(2.0), "more is more, in the body too");
        assert_eq!(body(1000.0), TEXT_MAX);
        // Once in the title (weight 6) beats a hundred times in the body.
        assert!(impact(6.0, 1) > body(100.0));
        // A heading, the summary or a topic, even with little weight, too.
        for f in 1..4 {
            assert!(impact(0.1, 1 << f) > body(100.0), "field {f}");
        }
        assert!(impact(6.0, 1) > impact(6.0, 1 << 1), "title above headings");
        assert!(impact(1000.0, 0b11111) <= MAX_IMPACT);
    }
}
