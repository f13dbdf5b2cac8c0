//! The inverted index: every document's words counted per field, words mapped to stems, and
//! for every stem the documents that contain it with a precomputed BM25F impact.
//!
//! Scores are computed at build time as far as they can be: each posting carries the stem's
//! BM25F term-frequency component for that document (field weights and length normalisation
//! included), quantised to 1–63, so the browser needs no document lengths; it multiplies by
//! the stem's IDF, which it computes from the posting list's length.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use super::Document;
use super::tokenize::{Analyzer, each_word_ref, fold};

mod score;
use score::{DocImpacts, FIELDS, impacts};
#[cfg(test)]
use score::{FIELD_WEIGHTS, MAX_IMPACT, impact};
pub(crate) use score::{K1, TEXT_MAX};

/// The index's many small keys are hashed with rustc's Fx hash (much faster than SipHash,
/// and nothing here faces untrusted keys chosen to collide).
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// The most documents a phrase (pair of stems) lists: the phrase boost reorders the top
/// results, and a phrase found on more pages than this stops telling them apart.
pub(crate) const MAX_PAIR_DOCS: usize = 64;
/// Forms of a stem that get their own bit in a posting's mask; the last bit means "another form".
pub(crate) const MASK_BITS: usize = 6;

/// The documents containing one stem.
#[derive(Debug, Default)]
pub(crate) struct Postings {
    /// (document, quantised impact 1–63, mask of the stem's forms present).
    pub(crate) docs: Vec<(u32, u8, u8)>,
    /// Phrases of this stem and another, rarer or as rare (a pair lives with the rarer of its
    /// two stems): by `2 × other` when this stem comes first, `2 × other + 1` when the other
    /// one does, the documents where the two are next to each other.
    pub(crate) pairs: BTreeMap<u32, Vec<u32>>,
}

/// A stem and its forms.
#[derive(Debug)]
pub(crate) struct Stem {
    /// The folded stem.
    pub(crate) stem: String,
    /// Its forms, most frequent first (a form's position is its bit in posting masks).
    pub(crate) forms: Vec<u32>,
    /// Where its documents are.
    pub(crate) postings: Postings,
}

/// A folded word as readers type it.
#[derive(Debug)]
pub(crate) struct Word {
    /// The folded word.
    pub(crate) word: String,
    /// Its stem (index into [`Index::stems`]).
    pub(crate) stem: u32,
    /// Its bit in the stem's posting masks.
    pub(crate) bit: u8,
    /// How many documents contain this exact word.
    pub(crate) df: u32,
}

/// The whole inverted index, ready to be cut into shards.
#[derive(Debug)]
pub(crate) struct Index {
    /// Every word, sorted.
    pub(crate) words: Vec<Word>,
    /// Stems, in the order of their first (smallest) form.
    pub(crate) stems: Vec<Stem>,
}

/// Languages of the documents, deduplicated in order, and each document's language index.
fn languages(docs: &[Document<'_>]) -> (Vec<String>, Vec<usize>) {
    let mut langs: Vec<String> = Vec::new();
    let of = docs
        .iter()
        .map(|d| {
            let l = d.language.to_ascii_lowercase();
            langs.iter().position(|x| *x == l).unwrap_or_else(|| {
                langs.push(l);
                langs.len() - 1
            })
        })
        .collect();
    (langs, of)
}

/// One document's words: ids in its chunk's [`Vocab`] while documents are read, word ids
/// ([`Index::words`]) once the vocabularies are merged.
#[derive(Default)]
struct DocTerms {
    /// Unique words (stop words left out).
    words: Vec<u32>,
    /// Occurrences per field, by position in `words`.
    counts: Vec<[u16; FIELDS]>,
    /// Tokens per field (stop words left out).
    lens: [u32; FIELDS],
    /// Adjacent word pairs worth a phrase boost (positions in `words`): in the title or a
    /// heading, or twice in the body.
    pairs: Vec<(u32, u32)>,
}

/// The words of a run of documents, each stored once: body words borrowed from the pages,
/// other words copied once.
#[derive(Default)]
struct Vocab<'a> {
    /// Per language: word of up to 16 bytes, packed by [`packed`] → its slot. Most words are
    /// this short, and a packed word hashes and compares as two integers, with no string to
    /// follow.
    short: Vec<FastMap<u128, Slot>>,
    /// Per language: longer word → its slot.
    long: Vec<FastMap<Cow<'a, str>, Slot>>,
    /// (language, lowercase word) by id.
    words: Vec<(usize, Cow<'a, str>)>,
    /// Whether the word is a stop word, by id.
    stop: Vec<bool>,
    /// Scratch: a document's adjacent pairs, reused.
    raw: Vec<u64>,
    /// Scratch: an open-addressing table counting a document's pairs, reused.
    pair_table: PairTable,
}

/// Counts a document's adjacent pairs without sorting them: keys `first << 32 | second` (never
/// 0: the two words differ), and per key whether it was met in a title, heading or summary
/// (bit 0) and met more than once (bit 1).
#[derive(Default)]
struct PairTable {
    keys: Vec<u64>,
    marks: Vec<u8>,
}

impl PairTable {
    /// The pairs of `raw` (`first << 33 | second << 1 | in a title, heading or summary`) worth
    /// a phrase boost: in a title, heading or summary, or met twice. In no particular order.
    fn keep(&mut self, raw: &[u64]) -> Vec<(u32, u32)> {
        let size = (raw.len() * 2).next_power_of_two().max(16);
        self.keys.clear();
        self.keys.resize(size, 0);
        self.marks.clear();
        self.marks.resize(size, 0);
        let shift = 64 - size.trailing_zeros();
        let mut kept = Vec::new();
        for &r in raw {
            let key = r >> 1;
            let mut i = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize;
            loop {
                match self.keys[i] {
                    0 => {
                        self.keys[i] = key;
                        self.marks[i] = (r & 1) as u8;
                        if r & 1 == 1 {
                            kept.push(key);
                        }
                        break;
                    }
                    k if k == key => {
                        let m = self.marks[i];
                        if m == 0 {
                            kept.push(key);
                        }
                        self.marks[i] = m | 2 | (r & 1) as u8;
                        break;
                    }
                    _ => i = (i + 1) & (size - 1),
                }
            }
        }
        kept.into_iter().map(|k| ((k >> 32) as u32, k as u32)).collect()
    }
}

/// A word's entry in a [`Vocab`]: everything reading a word needs, in one place.
#[derive(Clone, Copy)]
struct Slot {
    /// Its id.
    id: u32,
    /// The document (number in the run) that last saw it; [`STOP`] for a stop word.
    doc: u32,
    /// Its position in that document's words.
    pos: u32,
}

/// [`Slot::doc`] of a stop word.
const STOP: u32 = u32::MAX;
/// [`Slot::doc`] of a word no document of the run has seen yet.
const UNSEEN: u32 = u32::MAX - 1;

/// A word of at most 16 bytes as one integer: its bytes, little-endian, zero-padded. No word
/// holds a zero byte, so two words get the same number only if they are the same.
fn packed(w: &str) -> Option<u128> {
    let b = w.as_bytes();
    let n = b.len();
    let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or_default());
    let half = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().unwrap_or_default()));
    Some(match n {
        // Overlapping loads: the bytes both cover are the same, so OR-ing them is exact.
        9..=16 => u128::from(word(0)) | u128::from(word(n - 8) >> (8 * (16 - n))) << 64,
        8 => u128::from(word(0)),
        4..=7 => u128::from(half(0) | half(n - 4) << (8 * (n - 4))),
        1..=3 => {
            u128::from(u64::from(b[0]) | u64::from(b[n / 2]) << (8 * (n / 2)) | u64::from(b[n - 1]) << (8 * (n - 1)))
        }
        _ => return None,
    })
}

impl<'a> Vocab<'a> {
    /// The slot of a lowercase word, added on first sight.
    fn slot(&mut self, lang: usize, w: &str, keep: Option<&'a str>, analyzer: &Analyzer) -> &mut Slot {
        use std::collections::hash_map::Entry;
        if self.short.len() <= lang {
            self.short.resize_with(lang + 1, FastMap::default);
            self.long.resize_with(lang + 1, FastMap::default);
        }
        let Vocab {
            short,
            long,
            words,
            stop,
            ..
        } = self;
        let mut new = || {
            let id = words.len() as u32;
            let w: Cow<'a, str> = keep.map_or_else(|| Cow::Owned(w.to_owned()), Cow::Borrowed);
            let is_stop = if w.is_ascii() {
                analyzer.is_stop(&w)
            } else {
                analyzer.is_stop(&fold(&w))
            };
            stop.push(is_stop);
            words.push((lang, w));
            let doc = if is_stop { STOP } else { UNSEEN };
            Slot { id, doc, pos: 0 }
        };
        match packed(w) {
            Some(k) => match short[lang].entry(k) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(new()),
            },
            None => {
                let key: Cow<'a, str> = keep.map_or_else(|| Cow::Owned(w.to_owned()), Cow::Borrowed);
                match long[lang].entry(key) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => e.insert(new()),
                }
            }
        }
    }
}

/// Reads one document into a [`DocTerms`], adding its words to the chunk's vocabulary.
struct Reader<'v, 'a> {
    vocab: &'v mut Vocab<'a>,
    analyzer: &'v Analyzer,
    lang: usize,
    /// Number of the document in its chunk (marks [`Slot::doc`]).
    doc: u32,
    d: DocTerms,
    /// Adjacent pairs as met: first << 33 | second << 1 | in the title, a heading or the summary.
    raw: Vec<u64>,
    prev: Option<u32>,
}

impl<'a> Reader<'_, 'a> {
    fn add(&mut self, w: &str, keep: Option<&'a str>, f: usize) {
        let slot = self.vocab.slot(self.lang, w, keep, self.analyzer);
        let p = if slot.doc == self.doc {
            slot.pos
        } else if slot.doc == STOP {
            return;
        } else {
            let p = self.d.words.len() as u32;
            (slot.doc, slot.pos) = (self.doc, p);
            self.d.words.push(slot.id);
            self.d.counts.push([0; FIELDS]);
            p
        };
        let c = &mut self.d.counts[p as usize][f];
        *c = c.saturating_add(1);
        self.d.lens[f] += 1;
        if let Some(q) = self.prev
            && q != p
        {
            self.raw
                .push(u64::from(q) << 33 | u64::from(p) << 1 | u64::from(f < score::PHRASE_FIELDS));
        }
        self.prev = Some(p);
    }

    fn finish(mut self) -> DocTerms {
        // Pairs kept when in a title, heading or summary, or met twice elsewhere.
        self.d.pairs = self.vocab.pair_table.keep(&self.raw);
        self.raw.clear();
        self.vocab.raw = std::mem::take(&mut self.raw);
        self.d.words.shrink_to_fit();
        self.d.counts.shrink_to_fit();
        self.d
    }
}

fn analyse<'a>(doc: &Document<'a>, vocab: &mut Vocab<'a>, analyzer: &Analyzer, lang: usize, n: u32) -> DocTerms {
    let raw = std::mem::take(&mut vocab.raw);
    let mut r = Reader {
        vocab,
        analyzer,
        lang,
        doc: n,
        d: DocTerms::default(),
        raw,
        prev: None,
    };
    let tags = doc.terms_text.join(" ");
    let headings = doc.headings.join("\n");
    let fields: [&str; FIELDS - 1] = [doc.title, &headings, doc.summary.unwrap_or(""), &tags];
    // Headings (and lines) are separate phrases: a pair never spans two of them.
    for (f, text) in fields.iter().enumerate() {
        for part in text.split('\n') {
            r.prev = None;
            each_word_ref(part, |w, _| r.add(w, None, f));
        }
    }
    // Body words are borrowed from the page for the whole build.
    let body: &'a str = doc.body;
    for part in body.split('\n') {
        r.prev = None;
        each_word_ref(part, |w, kept| r.add(w, kept, FIELDS - 1));
    }
    r.finish()
}

/// Builds the index of `docs` (document ids are positions in `docs`).
pub(crate) fn build(docs: &[Document<'_>]) -> Index {
    let (langs, lang_of) = languages(docs);
    let analyzers: Vec<Analyzer> = langs.iter().map(|l| Analyzer::new(l)).collect();
    // Documents are read in runs, each with its own vocabulary, so a word is looked up by
    // string once per run and stored as a number everywhere else.
    let run = docs.len().div_ceil(32).max(1);
    let (vocabs, runs): (Vec<Vocab<'_>>, Vec<Vec<DocTerms>>) = docs
        .par_chunks(run)
        .enumerate()
        .map(|(c, chunk)| {
            let mut vocab = Vocab::default();
            let terms = chunk
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let l = lang_of[c * run + i];
                    analyse(d, &mut vocab, &analyzers[l], l, i as u32)
                })
                .collect();
            vocab.short = Vec::new();
            vocab.long = Vec::new();
            (vocab, terms)
        })
        .unzip();

    // Every (language, lowercase word) once, sorted; then its folded form and its stem.
    let mut variants: Vec<(usize, &str)> = vocabs
        .iter()
        .flat_map(|v| {
            v.words
                .iter()
                .zip(&v.stop)
                .filter(|(_, s)| !**s)
                .map(|((l, w), _)| (*l, w.as_ref()))
        })
        .collect();
    variants.par_sort_unstable();
    variants.dedup();
    let analysed: Vec<(String, String)> = variants
        .par_iter()
        .map(|(l, w)| (fold(w), analyzers[*l].stem(w)))
        .collect();
    // One stem per folded word: the smallest, so the choice is deterministic.
    let mut pairs: Vec<(&str, &str)> = analysed.iter().map(|(f, s)| (f.as_str(), s.as_str())).collect();
    pairs.par_sort_unstable();
    pairs.dedup_by(|next, kept| next.0 == kept.0);
    let stem_of_word = pairs;
    // Variant → word id (its folded form's place among the sorted words).
    let variant_word: Vec<u32> = analysed
        .par_iter()
        .map(|(f, _)| stem_of_word.partition_point(|x| x.0 < f.as_str()) as u32)
        .collect();

    // Stems in order of their first form; words already sorted.
    let mut stem_ids: FastMap<&str, u32> = FastMap::default();
    let mut stems: Vec<Stem> = Vec::new();
    let mut words_out: Vec<Word> = Vec::with_capacity(stem_of_word.len());
    for &(w, s) in &stem_of_word {
        let id = *stem_ids.entry(s).or_insert_with(|| {
            stems.push(Stem {
                stem: s.to_owned(),
                forms: Vec::new(),
                postings: Postings::default(),
            });
            (stems.len() - 1) as u32
        });
        stems[id as usize].forms.push(words_out.len() as u32);
        words_out.push(Word {
            word: w.to_owned(),
            stem: id,
            bit: 0,
            df: 0,
        });
    }
    drop((stem_ids, stem_of_word));
    // Half a million small strings: freed on both threads.
    analysed.into_par_iter().for_each(drop);

    // Each document's words as word ids (a run's vocabulary mapped once); document
    // frequencies of words.
    let terms: Vec<DocTerms> = vocabs
        .par_iter()
        .zip(runs)
        .flat_map_iter(|(v, mut terms)| {
            let to_word: Vec<u32> = v
                .words
                .iter()
                .zip(&v.stop)
                .map(|((l, w), stop)| {
                    if *stop {
                        return u32::MAX;
                    }
                    let i = variants.binary_search(&(*l, w.as_ref())).unwrap_or(0);
                    variant_word[i]
                })
                .collect();
            for t in &mut terms {
                for w in &mut t.words {
                    *w = to_word[*w as usize];
                }
            }
            terms
        })
        .collect();
    drop(vocabs);
    // Per thread: counts, and the last document that counted each word (two lowercase forms
    // of a page can fold to one word).
    let nw = words_out.len();
    let (df, _) = terms
        .par_iter()
        .enumerate()
        .fold(
            || (vec![0u32; nw], vec![u32::MAX; nw]),
            |(mut df, mut last), (i, t)| {
                for &w in &t.words {
                    if last[w as usize] != i as u32 {
                        last[w as usize] = i as u32;
                        df[w as usize] += 1;
                    }
                }
                (df, last)
            },
        )
        .reduce_with(|(mut a, l), (b, _)| {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
            (a, l)
        })
        .unwrap_or_default();
    for (w, n) in words_out.iter_mut().zip(df) {
        w.df = n;
    }
    // Mask bits: a stem's most frequent forms first.
    for s in &mut stems {
        s.forms
            .sort_by(|a, b| words_out[*b as usize].df.cmp(&words_out[*a as usize].df).then(a.cmp(b)));
        for (i, w) in s.forms.iter().enumerate() {
            words_out[*w as usize].bit = i.min(MASK_BITS - 1) as u8;
        }
    }

    // Average field lengths, then each document's impacts per stem and its phrases.
    let n = docs.len().max(1) as f64;
    let mut avg = [0f64; FIELDS];
    for t in &terms {
        for (a, len) in avg.iter_mut().zip(t.lens) {
            *a += f64::from(len);
        }
    }
    for a in &mut avg {
        *a = (*a / n).max(1.0);
    }
    let info: Vec<u32> = words_out.iter().map(|w| w.stem << 3 | u32::from(w.bit)).collect();
    let per_doc: Vec<DocImpacts> = terms
        .into_par_iter()
        .map_init(Vec::new, |order, t| impacts(&t, &info, &avg, order))
        .collect();
    drop(info);

    // Postings, in document order: stems are split into ranges filled in parallel, each
    // reading its part of every document's list (sorted by stem).
    // A few ranges per thread: each one binary-searches every document once.
    let ranges = stems.len().div_ceil(4 * rayon::current_num_threads()).max(256);
    stems.par_chunks_mut(ranges).enumerate().for_each(|(r, chunk)| {
        let (lo, hi) = ((r * ranges) as u32, (r * ranges + chunk.len()) as u32);
        // Counted first, so every list is allocated once at its size.
        let mut count = vec![0u32; chunk.len()];
        let mut from = Vec::with_capacity(per_doc.len());
        for d in &per_doc {
            let start = d.impacts.partition_point(|x| x.0 < lo);
            from.push(start);
            for x in d.impacts[start..].iter().take_while(|x| x.0 < hi) {
                count[(x.0 - lo) as usize] += 1;
            }
        }
        for (stem, n) in chunk.iter_mut().zip(count) {
            stem.postings.docs.reserve_exact(n as usize);
        }
        for (doc, d) in per_doc.iter().enumerate() {
            for &(s, q, mask) in d.impacts[from[doc]..].iter().take_while(|x| x.0 < hi) {
                chunk[(s - lo) as usize].postings.docs.push((doc as u32, q, mask));
            }
        }
    });
    // Pair lists keep the documents where the two words weigh most, at most MAX_PAIR_DOCS:
    // by pair, heaviest first, then by document.
    // One number per row, so the sort compares integers: pair, then weight (heaviest first),
    // then document.
    let mut pair_rows: Vec<u128> = per_doc
        .par_iter()
        .enumerate()
        .flat_map_iter(|(doc, d)| {
            d.pairs.iter().map(move |&(a, b, w)| {
                u128::from(a) << 96 | u128::from(b) << 64 | u128::from(u16::MAX - w) << 32 | doc as u128
            })
        })
        .collect();
    per_doc.into_par_iter().for_each(drop);
    pair_rows.par_sort_unstable();
    for group in pair_rows.chunk_by(|x, y| x >> 64 == y >> 64) {
        let (a, b) = ((group[0] >> 96) as u32, (group[0] >> 64) as u32);
        let mut docs: Vec<u32> = group.iter().take(MAX_PAIR_DOCS).map(|&x| x as u32).collect();
        docs.sort_unstable();
        // A pair lives with its rarer stem, so a common word never carries the pairs of
        // everything around it.
        let (df_a, df_b) = (
            stems[a as usize].postings.docs.len(),
            stems[b as usize].postings.docs.len(),
        );
        if df_a <= df_b {
            stems[a as usize].postings.pairs.insert(b * 2, docs);
        } else {
            stems[b as usize].postings.pairs.insert(a * 2 + 1, docs);
        }
    }
    Index {
        words: words_out,
        stems,
    }
}

#[cfg(test)]
mod tests;
