//! Cutting the index into files a browser loads one by one: a manifest, index shards (a range
//! of the sorted word dictionary plus the posting lists of the stems whose first form is in
//! that range) and chunks of stored fields. Every file is a classic script that hands its data
//! to the client: `trailheadSearch("s4", {...});`.
//!
//! Numbers in posting lists are written as base-64 variable-length integers (five bits a
//! character, the sixth says "more follows"), which keeps them inside plain JSON strings.

use serde_json::{Value, json};

use super::index::{Index, Stem};

/// The 64 characters of the compact number encoding (base64url order).
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `n` as a variable-length integer: five bits a character, least significant first.
pub fn push_varint(out: &mut String, mut n: u32) {
    while n >= 32 {
        out.push(ALPHABET[(32 | (n & 31)) as usize] as char);
        n >>= 5;
    }
    out.push(ALPHABET[n as usize] as char);
}

/// Appends one character holding 0–63.
pub fn push_digit(out: &mut String, n: u8) {
    out.push(ALPHABET[usize::from(n & 63)] as char);
}

/// Decodes a string of variable-length integers (for tests and tools).
pub fn read_varints(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut n, mut shift) = (0u32, 0u32);
    for c in s.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c).unwrap_or(0) as u32;
        n |= (v & 31) << shift;
        if v & 32 != 0 {
            shift += 5;
        } else {
            out.push(n);
            n = 0;
            shift = 0;
        }
    }
    out
}

/// Document ids as gaps.
pub fn encode_docs(docs: impl IntoIterator<Item = u32>) -> String {
    let mut out = String::new();
    let mut prev = 0;
    for d in docs {
        push_varint(&mut out, d - prev);
        prev = d;
    }
    out
}

/// A stem's postings: per document its gap, its impact and (for stems with several forms)
/// the mask of forms present.
pub fn encode_postings(stem: &Stem) -> String {
    let mut out = String::with_capacity(stem.postings.docs.len() * 3);
    let mut prev = 0;
    let multi = stem.forms.len() > 1;
    for &(d, q, mask) in &stem.postings.docs {
        push_varint(&mut out, d - prev);
        prev = d;
        push_digit(&mut out, q);
        if multi {
            push_digit(&mut out, mask);
        }
    }
    out
}

/// One index shard's data and where it starts.
#[derive(Debug)]
pub struct Shard {
    /// Its first word.
    pub first_word: String,
    /// Id of the first stem it holds.
    pub first_stem: u32,
    /// The data as JSON: `{"w": [[word, stem, bit, df], …], "p": [[postings, forms, {stem: pairs}], …]}`.
    pub data: String,
}

fn stem_json(stem: &Stem) -> String {
    let mut v = vec![json!(encode_postings(stem)), json!(stem.forms.len())];
    if !stem.postings.pairs.is_empty() {
        let pairs: serde_json::Map<String, Value> = stem
            .postings
            .pairs
            .iter()
            .map(|(b, docs)| (b.to_string(), json!(encode_docs(docs.iter().copied()))))
            .collect();
        v.push(Value::Object(pairs));
    }
    Value::Array(v).to_string()
}

/// The index as JSON pieces: one per word and one per stem, encoded once (in parallel) and
/// then only concatenated, whatever the shard size.
#[derive(Debug)]
pub struct Pieces {
    words: Vec<String>,
    stems: Vec<String>,
}

impl Pieces {
    /// Encodes every word and stem of `index`.
    pub fn new(index: &Index) -> Pieces {
        use rayon::prelude::*;
        Pieces {
            words: index
                .words
                .par_iter()
                .map(|w| json!([w.word, w.stem, w.bit, w.df]).to_string())
                .collect(),
            stems: index.stems.par_iter().map(stem_json).collect(),
        }
    }

    /// The bytes all shards take together (for choosing a shard size).
    pub fn total_size(&self) -> usize {
        self.words.iter().chain(&self.stems).map(|p| p.len() + 1).sum()
    }
}

/// Cuts the index into shards of about `target` bytes (a stem with very long postings gets a
/// shard of its own size). Words stay sorted; a stem lives in the shard of its first form.
pub fn cut(index: &Index, pieces: &Pieces, target: usize) -> Vec<Shard> {
    let mut shards = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut stems: Vec<&str> = Vec::new();
    let mut first_word = String::new();
    let mut first_stem = 0u32;
    let mut size = 0usize;
    let mut next_stem = 0u32;
    let finish = |words: &mut Vec<&str>, stems: &mut Vec<&str>| {
        let data = format!("{{\"w\":[{}],\"p\":[{}]}}", words.join(","), stems.join(","));
        words.clear();
        stems.clear();
        data
    };
    for (i, w) in index.words.iter().enumerate() {
        if words.is_empty() {
            first_word = w.word.clone();
            first_stem = next_stem;
        }
        words.push(&pieces.words[i]);
        size += pieces.words[i].len() + 1;
        if w.stem == next_stem {
            stems.push(&pieces.stems[w.stem as usize]);
            size += pieces.stems[w.stem as usize].len() + 1;
            next_stem += 1;
        }
        if size >= target {
            shards.push(Shard {
                first_word: std::mem::take(&mut first_word),
                first_stem,
                data: finish(&mut words, &mut stems),
            });
            size = 0;
        }
    }
    if !words.is_empty() || shards.is_empty() {
        shards.push(Shard {
            first_word,
            first_stem,
            data: finish(&mut words, &mut stems),
        });
    }
    shards
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Document;

    #[test]
    fn varints_round_trip() {
        let mut s = String::new();
        for n in [0, 1, 31, 32, 1000, 65_535, 1 << 20] {
            push_varint(&mut s, n);
        }
        assert_eq!(read_varints(&s), [0, 1, 31, 32, 1000, 65_535, 1 << 20]);
        assert_eq!(encode_docs([3, 4, 40]), "DBkB");
        assert_eq!(read_varints(&encode_docs([3, 4, 40, 2000])), [3, 1, 36, 1960]);
    }

    #[test]
    fn shards_partition_sorted_words_and_home_each_stem_once() {
        let bodies: Vec<String> = (0..60)
            .map(|i| format!("word{i} helping helped helps topic{} shared", i % 7))
            .collect();
        let docs: Vec<Document<'_>> = bodies
            .iter()
            .map(|b| Document {
                title: "Title",
                body: b,
                language: "en",
                ..Document::default()
            })
            .collect();
        let index = crate::search::index::build(&docs);
        let pieces = Pieces::new(&index);
        let shards = cut(&index, &pieces, 300);
        let parsed: Vec<Value> = shards.iter().map(|s| serde_json::from_str(&s.data).unwrap()).collect();
        assert!(shards.len() > 3, "{}", shards.len());
        // Shard lookup: the last shard whose first word is <= the word holds it.
        for w in &index.words {
            let i = shards.partition_point(|s| s.first_word.as_str() <= w.word.as_str()) - 1;
            let ws = parsed[i]["w"].as_array().unwrap();
            assert!(
                ws.iter().any(|x| x[0] == w.word.as_str()),
                "{} not in shard {i}",
                w.word
            );
            let home = shards.partition_point(|s| s.first_stem <= w.stem) - 1;
            let local = (w.stem - shards[home].first_stem) as usize;
            let p = &parsed[home]["p"][local];
            let docs = read_varints(p[0].as_str().unwrap());
            assert!(!docs.is_empty());
        }
        let homed: usize = parsed.iter().map(|s| s["p"].as_array().unwrap().len()).sum();
        assert_eq!(homed, index.stems.len());
        // "helping", "helped", "helps" share a stem with three forms.
        let help = index.words.iter().find(|w| w.word == "helping").unwrap();
        assert_eq!(index.stems[help.stem as usize].forms.len(), 3);
    }
}
