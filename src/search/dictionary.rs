//! The word list behind typo tolerance and "did you mean": `search/t.js`, loaded by the search
//! page only when a query word matches nothing (no word, no word it begins).
//!
//! The browser then looks for the closest words, by edit distance, among the site's words of
//! three letters or more (numbers left out), preferring frequent ones: each entry carries a
//! frequency class. Sorted words are front-coded, in one string, entries separated by spaces:
//! a digit (the base-64 alphabet of [`super::shards::ALPHABET`]) for the UTF-16 code units
//! shared with the word before, a digit for the class, then the rest of the word.

use super::index::Index;
use super::shards::ALPHABET;

/// Most words the list holds; a bigger vocabulary keeps its most frequent words.
pub(crate) const MAX_WORDS: usize = 40_000;

/// A word's frequency class: 4·log₂(documents + 1), rounded up, at most 63.
pub(crate) fn class(df: u32) -> u8 {
    let c = (4.0 * f64::from(df.saturating_add(1)).log2()).ceil();
    c.clamp(0.0, 63.0) as u8
}

/// Whether a word goes in the list: three letters or more, not a number.
fn wanted(w: &str) -> bool {
    w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit())
}

/// The list's string.
pub(crate) fn encode(index: &Index) -> String {
    let mut keep: Vec<usize> = (0..index.words.len())
        .filter(|&i| wanted(&index.words[i].word))
        .collect();
    if keep.len() > MAX_WORDS {
        // The most frequent, then back in word order.
        keep.sort_by_key(|&i| (std::cmp::Reverse(index.words[i].df), i));
        keep.truncate(MAX_WORDS);
        keep.sort_unstable();
    }
    let mut out = String::with_capacity(keep.len() * 8);
    let mut prev: Vec<u16> = Vec::new();
    for i in keep {
        let w = &index.words[i];
        let units: Vec<u16> = w.word.encode_utf16().collect();
        let mut shared = prev.iter().zip(&units).take_while(|(a, b)| a == b).count().min(63);
        // Never between the two halves of a surrogate pair.
        if shared > 0 && (0xDC00..0xE000).contains(&units.get(shared).copied().unwrap_or(0)) {
            shared -= 1;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push(char::from(ALPHABET[shared]));
        out.push(char::from(ALPHABET[usize::from(class(w.df))]));
        out.push_str(&String::from_utf16_lossy(&units[shared..]));
        prev = units;
    }
    out
}

/// Reads [`encode`] back: (word, class) (for tests and tools).
#[cfg(test)]
pub(crate) fn decode(s: &str) -> Vec<(String, u8)> {
    let digit = |u: u16| ALPHABET.iter().position(|&a| u16::from(a) == u).unwrap_or(0);
    let mut prev: Vec<u16> = Vec::new();
    let mut out = Vec::new();
    for entry in s.split(' ').filter(|e| !e.is_empty()) {
        let units: Vec<u16> = entry.encode_utf16().collect();
        let mut word = prev[..digit(units[0])].to_vec();
        word.extend_from_slice(&units[2..]);
        out.push((String::from_utf16_lossy(&word), digit(units[1]) as u8));
        prev = word;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Document;

    #[test]
    fn lists_words_of_three_letters_or_more_with_their_frequency() {
        let docs = [
            Document {
                title: "Naloxone",
                body: "Naloxone and narcan, 988, aa, to. Niño 𝒳yz 𝒳yw.",
                language: "en",
                ..Document::default()
            },
            Document {
                title: "Naloxone guide",
                body: "Housing.",
                language: "en",
                ..Document::default()
            },
        ];
        let index = crate::search::index::build(&docs);
        let got = decode(&encode(&index));
        let words: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["guide", "housing", "naloxone", "narcan", "nino", "𝒳yw", "𝒳yz"]);
        let class_of = |w: &str| got.iter().find(|x| x.0 == w).unwrap().1;
        assert_eq!(class_of("naloxone"), class(2));
        assert!(class(2) > class(1) && class(1) > 0);
        assert_eq!(class(u32::MAX), 63);
    }
}
