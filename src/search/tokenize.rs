//! Text analysis for the search index: Unicode word segmentation (UAX #29), case and accent
//! folding, stop words, and Snowball stemming by language.
//!
//! The browser never stems: it looks up the folded words a reader types in the index's word
//! dictionary, which maps every word of the site to its stem. So [`fold`] must give the same
//! result as the client's `fold` in `search.js` (lowercase, NFD, marks removed, apostrophes
//! removed).

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
pub struct Analyzer {
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
pub fn stop_words(language: &str) -> &'static [&'static str] {
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
    pub fn new(language: &str) -> Analyzer {
        Analyzer {
            stemmer: algorithm(language).map(Stemmer::create),
            stop: stop_words(language),
        }
    }

    /// True if the folded word is a stop word of this language.
    pub fn is_stop(&self, folded: &str) -> bool {
        self.stop.binary_search(&folded).is_ok()
    }

    /// The folded stem of a lowercase word (accents kept, as Snowball expects them).
    pub fn stem(&self, lower: &str) -> String {
        match &self.stemmer {
            Some(s) => fold(&s.stem(lower)),
            None => fold(lower),
        }
    }
}

/// The words of `text`, lowercased with apostrophes removed (accents kept), in order. Words
/// that are already lowercase are borrowed, not copied.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    let mut out = Vec::new();
    each_word(text, |w| out.push(w));
    out.into_iter()
}

/// Calls `f` with every word of `text` (as [`words`] gives them). Unicode word segmentation
/// (UAX #29) is slow, and most text is ASCII: text is split at ASCII whitespace, which no word
/// spans, and an ASCII piece is segmented by the rules of UAX #29 for ASCII characters.
pub fn each_word<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    each_word_ref(text, |w, borrowed| {
        f(borrowed.map_or_else(|| Cow::Owned(w.to_owned()), Cow::Borrowed));
    });
}

/// Like [`each_word`], without allocating: `f` gets each word, and the same word as a slice of
/// `text` when it is one (a word that had to be lowercased lives in a reused buffer).
pub fn each_word_ref<'a>(text: &'a str, mut f: impl FnMut(&str, Option<&'a str>)) {
    let mut buf = String::new();
    let mut emit = |w: &'a str| {
        let ascii = w.is_ascii();
        let plain = if ascii {
            !w.bytes().any(|b| b.is_ascii_uppercase() || b == b'\'')
        } else {
            !w.chars().any(|c| c.is_uppercase() || matches!(c, '\'' | '’' | 'ʼ'))
        };
        if plain {
            return f(w, Some(w));
        }
        buf.clear();
        if ascii {
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
    for piece in text.split(|c: char| c.is_ascii_whitespace()) {
        if piece.is_empty() {
            continue;
        }
        if !piece.is_ascii() {
            piece.unicode_words().for_each(&mut emit);
            continue;
        }
        ascii_words(piece, &mut emit);
    }
}

/// UAX #29 word classes of ASCII characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `_` (ExtendNumLet).
    Joiner,
    /// `:` (MidLetter).
    MidLetter,
    /// `.` and `'` (MidNumLet, Single_Quote).
    MidNumLet,
    /// `,` and `;` (MidNum).
    MidNum,
    Other,
}

fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'_' => Class::Joiner,
        b':' => Class::MidLetter,
        b'.' | b'\'' => Class::MidNumLet,
        b',' | b';' => Class::MidNum,
        _ => Class::Other,
    }
}

/// The word-like segments of an ASCII piece without whitespace (WB5–WB13b).
fn ascii_words<'a>(s: &'a str, emit: &mut impl FnMut(&'a str)) {
    use Class::*;
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).map_or(Other, |&c| class(c));
    let mut i = 0;
    while i < b.len() {
        if !matches!(at(i), Letter | Digit | Joiner) {
            i += 1;
            continue;
        }
        let start = i;
        let mut alnum = at(i) != Joiner;
        loop {
            let (cur, next) = (at(i), at(i + 1));
            let joins = match next {
                Letter | Digit | Joiner => true,
                MidLetter => cur == Letter && at(i + 2) == Letter,
                MidNumLet => (cur == Letter && at(i + 2) == Letter) || (cur == Digit && at(i + 2) == Digit),
                MidNum => cur == Digit && at(i + 2) == Digit,
                Other => false,
            };
            if !joins {
                break;
            }
            i += if matches!(next, Letter | Digit | Joiner) { 1 } else { 2 };
            alnum |= at(i) != Joiner;
        }
        i += 1;
        if alnum {
            emit(&s[start..i]);
        }
    }
}

/// Case and accent folding: lowercase, canonical decomposition, combining marks removed,
/// apostrophes removed. `"Salud Mental"` → `"salud mental"`, `"Niño"` → `"nino"`.
pub fn fold(word: &str) -> String {
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

    #[test]
    fn the_ascii_path_segments_like_unicode_words() {
        let alphabet: Vec<char> = "aZk09_:.',;-/ \n!é’".chars().collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let len = (seed >> 59) as usize + 1;
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
