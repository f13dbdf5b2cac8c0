//! Text analysis for the search index: Unicode word segmentation (UAX #29), case and accent
//! folding, stop words, and Snowball stemming by language.
//!
//! The browser never stems: it looks up the folded words a reader types in the index's word
//! dictionary, which maps every word of the site to its stem. So [`fold`] must give the same
//! result as the client's `fold` in `search.js` (lowercase, NFD, marks removed, apostrophes
//! removed).

#[cfg(test)]
use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

/// English stop words, folded and sorted.
const STOP_EN: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "dont",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "im",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "ive",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "thats",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Spanish stop words, folded and sorted.
const STOP_ES: &[&str] = &[
    "a", "al", "algo", "algunas", "algunos", "ante", "antes", "como", "con", "contra", "cual", "cuando", "de", "del",
    "desde", "donde", "durante", "e", "el", "ella", "ellas", "ellos", "en", "entre", "era", "eramos", "eran", "eres",
    "es", "esa", "esas", "ese", "eso", "esos", "esta", "estaba", "estaban", "estamos", "estan", "estar", "estas",
    "este", "esto", "estos", "estoy", "fue", "fueron", "fui", "ha", "habia", "han", "has", "hay", "he", "la", "las",
    "le", "les", "lo", "los", "mas", "me", "mi", "mis", "mucho", "muy", "nada", "ni", "no", "nos", "nosotros", "o",
    "os", "otra", "otras", "otro", "otros", "para", "pero", "poco", "por", "porque", "que", "quien", "quienes", "se",
    "sea", "ser", "si", "sido", "sin", "sobre", "son", "su", "sus", "tambien", "te", "tenemos", "tener", "tengo", "ti",
    "tiene", "tienen", "todo", "todos", "tu", "tus", "un", "una", "uno", "unos", "y", "ya", "yo",
];

/// How one language's text is analysed.
pub(crate) struct Analyzer {
    stemmer: Option<Stemmer>,
    stop: &'static [&'static str],
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("stemmer", &self.stemmer.is_some())
            .field("stop_words", &self.stop.len())
            .finish()
    }
}

/// The Snowball algorithm for a BCP 47 tag's primary language, if there is one.
fn algorithm(language: &str) -> Option<Algorithm> {
    let primary = language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    Some(match primary.as_str() {
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "sv" => Algorithm::Swedish,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "da" => Algorithm::Danish,
        "fi" => Algorithm::Finnish,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "hu" => Algorithm::Hungarian,
        "tr" => Algorithm::Turkish,
        "ar" => Algorithm::Arabic,
        "el" => Algorithm::Greek,
        "ta" => Algorithm::Tamil,
        _ => return None,
    })
}

/// The stop words of a BCP 47 tag's primary language (empty when we have no list).
pub(crate) fn stop_words(language: &str) -> &'static [&'static str] {
    match language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "en" => STOP_EN,
        "es" => STOP_ES,
        _ => &[],
    }
}

impl Analyzer {
    /// The analyser for a BCP 47 language tag; unknown languages are folded but not stemmed.
    pub(crate) fn new(language: &str) -> Analyzer {
        Analyzer {
            stemmer: algorithm(language).map(Stemmer::create),
            stop: stop_words(language),
        }
    }

    /// True if the folded word is a stop word of this language.
    pub(crate) fn is_stop(&self, folded: &str) -> bool {
        self.stop.binary_search(&folded).is_ok()
    }

    /// The folded stem of a lowercase word (accents kept, as Snowball expects them).
    pub(crate) fn stem(&self, lower: &str) -> String {
        match &self.stemmer {
            Some(s) => fold(&s.stem(lower)),
            None => fold(lower),
        }
    }
}

/// The words of `text`, lowercased with apostrophes removed (accents kept), in order. Words
/// that are already lowercase are borrowed, not copied.
#[cfg(test)]
pub(crate) fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    let mut out = Vec::new();
    each_word(text, |w| out.push(w));
    out.into_iter()
}

/// Calls `f` with every word of `text` (as [`words`] gives them). Unicode word segmentation
/// (UAX #29) is slow, and most text is ASCII: text is split at ASCII whitespace, which no word
/// spans, and an ASCII piece is segmented by the rules of UAX #29 for ASCII characters.
#[cfg(test)]
pub(crate) fn each_word<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    each_word_ref(text, |w, borrowed| {
        f(borrowed.map_or_else(|| Cow::Owned(w.to_owned()), Cow::Borrowed));
    });
}

/// Like [`each_word`], without allocating: `f` gets each word, and the same word as a slice of
/// `text` when it is one (a word that had to be lowercased lives in a reused buffer).
///
/// This is the index's hot loop (every word of the site passes here), so ASCII text is read
/// byte by byte with a class table, and each word is checked for capitals while it is read.
pub(crate) fn each_word_ref<'a>(text: &'a str, mut f: impl FnMut(&str, Option<&'a str>)) {
    let mut buf = String::new();
    // A word, and whether it needs lowercasing (capitals or apostrophes in it).
    let mut word = |w: &'a str, lower: bool| {
        if !lower {
            return f(w, Some(w));
        }
        buf.clear();
        if w.is_ascii() {
            buf.extend(
                w.bytes()
                    .filter(|&b| b != b'\'')
                    .map(|b| char::from(b.to_ascii_lowercase())),
            );
        } else {
            buf.extend(
                w.chars()
                    .filter(|c| !matches!(c, '\'' | '’' | 'ʼ'))
                    .flat_map(char::to_lowercase),
            );
        }
        if !buf.is_empty() {
            f(&buf, None);
        }
    };
    // ASCII text is read in one pass; a whitespace-free piece with other characters in it
    // goes to the full Unicode rules. No word spans ASCII whitespace, so the two meet cleanly.
    let b = text.as_bytes();
    let mut pos = 0;
    while pos < b.len() {
        let Some(high) = next_non_ascii(b, pos) else {
            return ascii_words(&text[pos..], &mut word);
        };
        let start = b[pos..high]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(pos, |w| pos + w + 1);
        let end = b[high..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(b.len(), |w| high + w);
        ascii_words(&text[pos..start], &mut word);
        for w in text[start..end].unicode_words() {
            // Combining marks with no letter to carry them (a mark after a space): nothing
            // would be left of the word once folded. Found by fuzzing.
            // (Only a word that starts with a mark can be all marks: checked first, as every
            // word of a page with accents passes here.)
            let mark = |c: char| is_combining_mark(c) || matches!(c, '\'' | '’' | 'ʼ');
            if w.chars().next().is_some_and(mark) && w.chars().nfd().all(mark) {
                continue;
            }
            word(w, w.chars().any(|c| c.is_uppercase() || matches!(c, '\'' | '’' | 'ʼ')));
        }
        pos = end;
    }
}

/// The position of the first non-ASCII byte of `b` from `from` on, checking 16 bytes at a time.
fn next_non_ascii(b: &[u8], from: usize) -> Option<usize> {
    let rest = &b[from..];
    let mut chunks = rest.chunks_exact(16);
    let mut at = from;
    for chunk in chunks.by_ref() {
        if !chunk.is_ascii() {
            return chunk.iter().position(|c| !c.is_ascii()).map(|i| at + i);
        }
        at += 16;
    }
    chunks.remainder().iter().position(|c| !c.is_ascii()).map(|i| at + i)
}

/// What an ASCII byte is to UAX #29 word segmentation, as bit flags.
mod flag {
    /// Part of a word on its own: letters, digits, `_` (ExtendNumLet).
    pub(super) const WORD: u8 = 1;
    /// Letters and digits (a word of `_` alone is not a word).
    pub(super) const ALNUM: u8 = 2;
    /// Capitals: a word with one is lowercased.
    pub(super) const UPPER: u8 = 4;
    /// Letters (ALetter).
    pub(super) const LETTER: u8 = 8;
    /// Digits (Numeric).
    pub(super) const DIGIT: u8 = 16;
    /// Joins two letters: `:` (MidLetter), `.` and `'` (MidNumLet, Single_Quote).
    pub(super) const MID_LETTER: u8 = 32;
    /// Joins two digits: `,` and `;` (MidNum), `.` and `'`.
    pub(super) const MID_NUM: u8 = 64;
    /// The apostrophe, removed from words.
    pub(super) const QUOTE: u8 = 128;
}

/// The flags of every byte (non-ASCII bytes have none; they never reach [`ascii_words`]).
static FLAGS: [u8; 256] = {
    use flag::*;
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = match i as u8 {
            b'a'..=b'z' => WORD | ALNUM | LETTER,
            b'A'..=b'Z' => WORD | ALNUM | LETTER | UPPER,
            b'0'..=b'9' => WORD | ALNUM | DIGIT,
            b'_' => WORD,
            b':' => MID_LETTER,
            b'.' => MID_LETTER | MID_NUM,
            b'\'' => MID_LETTER | MID_NUM | QUOTE,
            b',' | b';' => MID_NUM,
            _ => 0,
        };
        i += 1;
    }
    t
};

/// The word-like segments of ASCII text (WB3–WB13b; whitespace ends a word like any other
/// separator). `emit` also hears whether the word has a capital or an apostrophe, so needs
/// lowercasing.
fn ascii_words<'a>(s: &'a str, emit: &mut impl FnMut(&'a str, bool)) {
    use flag::*;
    let b = s.as_bytes();
    let n = b.len();
    let flags = |i: usize| FLAGS[usize::from(b[i])];
    let mut i = 0;
    loop {
        while i < n && flags(i) & WORD == 0 {
            i += 1;
        }
        if i >= n {
            return;
        }
        let start = i;
        let mut seen = 0u8;
        loop {
            // A run of word bytes: letters and digits eight at a time while they last…
            while let Some(chunk) = b.get(i..i + 8) {
                let (run, upper) = alnum_run(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
                if run > 0 {
                    seen |= ALNUM | if upper { UPPER } else { 0 };
                }
                i += run;
                if run < 8 {
                    break;
                }
            }
            // …then byte by byte (`_`, and the last few bytes).
            while i < n {
                let f = flags(i);
                if f & WORD == 0 {
                    break;
                }
                seen |= f;
                i += 1;
            }
            // …continues over one joiner between two letters or two digits.
            if i + 1 >= n {
                break;
            }
            let (cur, mid, next) = (flags(i - 1), flags(i), flags(i + 1));
            let joins =
                (mid & MID_LETTER != 0 && cur & next & LETTER != 0) || (mid & MID_NUM != 0 && cur & next & DIGIT != 0);
            if !joins {
                break;
            }
            seen |= mid & QUOTE;
            i += 1;
        }
        if seen & ALNUM != 0 {
            emit(&s[start..i], seen & (UPPER | QUOTE) != 0);
        }
    }
}

/// How many of the eight ASCII bytes of `v` (first byte lowest) are letters or digits before
/// the first that is not, and whether a capital is among them. Each test adds a constant to
/// every byte at once and reads the top bit: ASCII bytes never carry into their neighbour.
fn alnum_run(v: u64) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOP: u64 = 0x8080_8080_8080_8080;
    // Between `lo` and `hi` inclusive: b + (0x80 - lo) reaches the top bit and b + (0x7f - hi)
    // does not.
    let within = |x: u64, lo: u64, hi: u64| (x + (0x80 - lo) * ONES) & !(x + (0x7f - hi) * ONES) & TOP;
    // Setting 0x20 turns A–Z into a–z and nothing else into a–z.
    let letter = within(v | (0x20 * ONES), 0x61, 0x7a);
    let digit = within(v, 0x30, 0x39);
    let stop = !(letter | digit) & TOP;
    let run = (stop.trailing_zeros() / 8) as usize;
    // A capital is a letter without 0x20 (moved up to the top bit).
    let capitals = letter & !(v << 2) & TOP;
    let before = if run == 8 { u64::MAX } else { (1u64 << (8 * run)) - 1 };
    (run, capitals & before != 0)
}

/// Case and accent folding: lowercase, canonical decomposition, combining marks removed,
/// apostrophes removed. `"Salud Mental"` → `"salud mental"`, `"Niño"` → `"nino"`.
pub(crate) fn fold(word: &str) -> String {
    if word.is_ascii() {
        let mut s = word.to_ascii_lowercase();
        s.retain(|c| c != '\'');
        return s;
    }
    word.chars()
        .flat_map(char::to_lowercase)
        .nfd()
        .filter(|c| !is_combining_mark(*c) && !matches!(c, '\'' | '’' | 'ʼ'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_without_a_letter_are_no_word() {
        let mut got = Vec::new();
        each_word_ref("x86 \u{654} n\u{670}stanbul \u{7af}ve", |w, _| got.push(fold(w)));
        assert!(got.iter().all(|w| !w.is_empty()), "{got:?}");
        assert!(
            got.contains(&"ve".to_owned()) && got.contains(&"x86".to_owned()),
            "{got:?}"
        );
    }

    #[test]
    fn word_refs_borrow_plain_words_and_lowercase_the_rest() {
        let text = "Don't panic: the Niño café, ÉTÉ";
        let mut got = Vec::new();
        each_word_ref(text, |w, b| got.push((w.to_owned(), b.is_some())));
        assert_eq!(
            got,
            [
                ("dont".to_owned(), false),
                ("panic".to_owned(), true),
                ("the".to_owned(), true),
                ("niño".to_owned(), false),
                ("café".to_owned(), true),
                ("été".to_owned(), false),
            ]
        );
    }

    #[test]
    fn stop_lists_are_sorted_and_folded() {
        for list in [STOP_EN, STOP_ES] {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                list.windows(2).find(|w| w[0] >= w[1])
            );
            assert!(list.iter().all(|w| fold(w) == *w));
        }
    }

    #[test]
    fn segments_unicode_words() {
        let w: Vec<Cow<'_, str>> = words("Peer-support groups, 24/7! Don’t wait. ¿Dónde está la clínica?").collect();
        assert_eq!(
            w,
            [
                "peer", "support", "groups", "24", "7", "dont", "wait", "dónde", "está", "la", "clínica"
            ]
        );
    }

    /// Checks [`words`] against `unicode-segmentation` on 20,000 random texts over `alphabet`,
    /// up to `max_len` characters long.
    fn matches_unicode_words_on_random_text(alphabet: &str, mut seed: u64, max_len: u64) {
        let alphabet: Vec<char> = alphabet.chars().collect();
        for _ in 0..20_000 {
            let len = seed % max_len + 1;
            let mut text = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let fast: Vec<Cow<'_, str>> = words(&text).collect();
            let slow: Vec<String> = text
                .unicode_words()
                .map(|w| {
                    w.chars()
                        .filter(|c| !matches!(c, '\'' | '’' | 'ʼ'))
                        .flat_map(char::to_lowercase)
                        .collect::<String>()
                })
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(fast, slow, "{text:?}");
        }
    }

    #[test]
    fn the_ascii_path_segments_like_unicode_words() {
        matches_unicode_words_on_random_text("aZk09_:.',;-/ \n!é’", 0x2545_f491_4f6c_dd1d, 32);
    }

    #[test]
    fn long_ascii_words_segment_like_unicode_words() {
        // Mostly letters and digits, so runs of eight and more (read eight bytes at a time)
        // are common.
        matches_unicode_words_on_random_text("abcdefghijklmnopqrstuvwxyzAMZ0159_ .'\n", 0x9e37_79b9_7f4a_7c15, 64);
        let mut got = Vec::new();
        each_word_ref("Recovering peer SUPPORT specialists", |w, kept| {
            got.push((w.to_owned(), kept.is_some()))
        });
        assert_eq!(
            got,
            [
                ("recovering".to_owned(), false),
                ("peer".to_owned(), true),
                ("support".to_owned(), false),
                ("specialists".to_owned(), true)
            ]
        );
    }

    #[test]
    fn alnum_runs_read_eight_bytes_at_once() {
        let run = |s: &[u8; 8]| alnum_run(u64::from_le_bytes(*s));
        assert_eq!(run(b"abcdefgh"), (8, false));
        assert_eq!(run(b"abcDefgh"), (8, true));
        assert_eq!(run(b"ab9 Zefg"), (3, false));
        assert_eq!(run(b"@[`{/:AZ"), (0, false));
        assert_eq!(run(b"Zz09_abc"), (4, true));
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Clínica"), "clinica");
        assert_eq!(fold("NIÑO"), "nino");
        assert_eq!(fold("Don't"), "dont");
        assert_eq!(fold("Über"), "uber");
    }

    #[test]
    fn stems_english_and_spanish() {
        let en = Analyzer::new("en-US");
        assert_eq!(en.stem("recovering"), en.stem("recovered"));
        assert_eq!(en.stem("groups"), "group");
        assert_eq!(en.stem("housing"), en.stem("housed"));
        let es = Analyzer::new("es");
        assert_eq!(es.stem("viviendas"), es.stem("vivienda"));
        assert_eq!(es.stem("recuperación"), es.stem("recuperaciones"));
        assert_eq!(es.stem("clínicas"), "clinic");
        assert_eq!(es.stem("recuperación"), es.stem("recuperarse"));
        let none = Analyzer::new("xx");
        assert_eq!(none.stem("Wörter"), "worter");
    }

    #[test]
    fn knows_stop_words_by_language() {
        assert!(Analyzer::new("en").is_stop("the"));
        assert!(!Analyzer::new("en").is_stop("housing"));
        assert!(Analyzer::new("es").is_stop("esta"));
        assert!(!Analyzer::new("fr").is_stop("the"));
    }
}
