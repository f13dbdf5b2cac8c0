//! Cutting the index into files a browser loads one by one: a manifest, index shards (a range
//! of the sorted word dictionary plus the posting lists of the stems whose first form is in
//! that range) and chunks of stored fields. Every file is a classic script that hands its data
//! to the client: `trailheadSearch("s4", {...});`.
//!
//! Lists of numbers are bit-packed into plain JSON strings, six bits a character (base64url
//! alphabet, least significant bit first): a [`rice`] list is a digit `k`, the count as a
//! variable-length integer (five bits a character, the sixth says "more follows"), then each
//! gap between ascending numbers (minus one, the first from zero) as a Golomb–Rice code with
//! parameter `k` (the quotient in unary, ones ended by a zero, then `k` low bits), followed by
//! fixed-width fields of each entry where a list has them. Posting lists ([`encode_postings`])
//! code a posting's impact and form mask by rank in a per-list table of values, most frequent
//! first, when that is shorter than the raw bits.

use serde_json::{Value, json};

use super::index::{Index, MASK_BITS, Stem};

/// The 64 characters of the compact number encoding (base64url order).
pub(crate) const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `n` as a variable-length integer: five bits a character, least significant first.
pub(crate) fn push_varint(out: &mut String, mut n: u32) {
    while n >= 32 {
        out.push(ALPHABET[(32 | (n & 31)) as usize] as char);
        n >>= 5;
    }
    out.push(ALPHABET[n as usize] as char);
}

/// Appends one character holding 0–63.
pub(crate) fn push_digit(out: &mut String, n: u8) {
    out.push(ALPHABET[usize::from(n & 63)] as char);
}

/// Decodes a string of variable-length integers (for tests and tools).
#[cfg(test)]
pub(crate) fn read_varints(s: &str) -> Vec<u32> {
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

/// Writes bits into base-64 characters, least significant first.
#[derive(Debug, Default)]
pub(crate) struct Bits {
    out: String,
    /// Bits not yet written: fewer than six between calls.
    acc: u64,
    used: u32,
}

impl Bits {
    /// Bits appended to `out`.
    pub(crate) fn after(out: String) -> Bits {
        Bits { out, acc: 0, used: 0 }
    }

    /// The low `width` bits of `v` (`width` at most 32).
    pub(crate) fn put(&mut self, v: u32, width: u32) {
        self.acc |= (u64::from(v) & ((1u64 << width) - 1)) << self.used;
        self.used += width;
        while self.used >= 6 {
            self.out.push(char::from(ALPHABET[(self.acc & 63) as usize]));
            self.acc >>= 6;
            self.used -= 6;
        }
    }

    /// `v` as a Golomb–Rice code with parameter `k`.
    pub(crate) fn rice(&mut self, v: u32, k: u32) {
        let mut q = v >> k;
        while q >= 31 {
            self.put(u32::MAX, 31);
            q -= 31;
        }
        self.put((1 << q) - 1, q + 1);
        self.put(v & ((1 << k) - 1), k);
    }

    /// The characters, the last one padded with zeros.
    pub(crate) fn finish(mut self) -> String {
        if self.used > 0 {
            self.out.push(char::from(ALPHABET[self.acc as usize]));
        }
        self.out
    }
}

/// The Rice parameter that codes `values` in the fewest bits (the smallest such, up to 23).
///
/// The cost `Σ (v >> k) + n·(k + 1)` is convex in `k` (each step up saves less than the one
/// before), so a walk from the parameter the mean suggests finds the minimum in two or three
/// passes instead of trying all 24.
pub(crate) fn best_k(values: impl Iterator<Item = u32> + Clone) -> u32 {
    let cost = |k: u32| {
        values
            .clone()
            .map(|v| u64::from(v >> k) + 1 + u64::from(k))
            .sum::<u64>()
    };
    let (n, sum) = values.clone().fold((0u64, 0u64), |(n, s), v| (n + 1, s + u64::from(v)));
    let mut k = sum.checked_div(n).map_or(0, |mean| mean.max(1).ilog2().min(23));
    let mut c = cost(k);
    // Left while no worse (ties go to the smaller k), else right while better.
    while k > 0 {
        let left = cost(k - 1);
        if left > c {
            break;
        }
        (k, c) = (k - 1, left);
    }
    while k < 23 {
        let right = cost(k + 1);
        if right >= c {
            break;
        }
        (k, c) = (k + 1, right);
    }
    k
}

/// Ascending numbers as a Rice list, each followed by `width` bits of `extra(i)`.
pub(crate) fn rice_list(ids: &[u32], width: u32, extra: impl Fn(usize) -> u32) -> String {
    let gaps = ids.iter().scan(0u32, |next, &d| {
        let g = d - *next;
        *next = d + 1;
        Some(g)
    });
    let k = best_k(gaps.clone());
    let mut out = String::new();
    push_digit(&mut out, k as u8);
    push_varint(&mut out, ids.len() as u32);
    let mut bits = Bits::after(out);
    for (i, g) in gaps.enumerate() {
        bits.rice(g, k);
        bits.put(extra(i), width);
    }
    bits.finish()
}

/// Reads a Rice list back: the numbers and their extra fields (for tests and tools).
#[cfg(test)]
pub(crate) fn read_rice_list(s: &str, width: u32) -> Vec<(u32, u32)> {
    let digit = |c: u8| ALPHABET.iter().position(|&a| a == c).unwrap_or(0) as u32;
    let b = s.as_bytes();
    let k = digit(b[0]);
    let mut at = 1;
    let (mut count, mut shift) = (0u32, 0u32);
    loop {
        let v = digit(b[at]);
        at += 1;
        count |= (v & 31) << shift;
        if v & 32 == 0 {
            break;
        }
        shift += 5;
    }
    let mut pos = at * 6;
    let mut bit = || {
        let v = (digit(b[pos / 6]) >> (pos % 6)) & 1;
        pos += 1;
        v
    };
    let mut out = Vec::new();
    let mut next = 0;
    for _ in 0..count {
        let mut q = 0;
        while bit() == 1 {
            q += 1;
        }
        let mut v = 0;
        for i in 0..k {
            v |= bit() << i;
        }
        let d = next + (q << k | v);
        next = d + 1;
        let mut e = 0;
        for i in 0..width {
            e |= bit() << i;
        }
        out.push((d, e));
    }
    out
}

/// Document ids as a Rice list.
pub(crate) fn encode_docs(docs: &[u32]) -> String {
    rice_list(docs, 0, |_| 0)
}

/// Shortest run of consecutive documents a filter list stores as a range.
pub(crate) const MIN_RUN: usize = 4;

/// The documents of a taxonomy term (for filter counts). Documents are ordered by their first
/// term, so a term's list is mostly one long run plus scattered others: runs of at least
/// [`MIN_RUN`] consecutive ids are stored as `first, last` pairs in a second Rice list, the rest
/// as a Rice list. A term without runs is the single list's string; otherwise
/// `[singles, runs]`.
pub(crate) fn encode_members(ids: &[u32]) -> Value {
    let mut singles = Vec::new();
    let mut runs = Vec::new();
    for g in ids.chunk_by(|a, b| *b == a + 1) {
        if g.len() >= MIN_RUN {
            runs.extend([g[0], g[g.len() - 1]]);
        } else {
            singles.extend_from_slice(g);
        }
    }
    if runs.is_empty() {
        json!(encode_docs(&singles))
    } else {
        json!([encode_docs(&singles), encode_docs(&runs)])
    }
}

/// Reads [`encode_members`] back (for tests and tools).
#[cfg(test)]
pub(crate) fn read_members(v: &Value) -> Vec<u32> {
    let (singles, runs) = match v {
        Value::Array(a) => (a[0].as_str().unwrap_or(""), a.get(1).and_then(Value::as_str)),
        _ => (v.as_str().unwrap_or(""), None),
    };
    let mut out: Vec<u32> = read_rice_list(singles, 0).into_iter().map(|x| x.0).collect();
    if let Some(r) = runs {
        let r: Vec<u32> = read_rice_list(r, 0).into_iter().map(|x| x.0).collect();
        for pair in r.chunks(2) {
            out.extend(pair[0]..=pair[1]);
        }
    }
    out.sort_unstable();
    out
}

/// Bits of a posting's form mask: none for a stem with one form.
pub(crate) fn mask_bits(forms: usize) -> u32 {
    if forms > 1 { forms.min(MASK_BITS) as u32 } else { 0 }
}

/// How a field of a posting (impact or form mask) is coded: by its rank in a table of the
/// list's values, most frequent first, as a Rice code; or raw, `width` bits, when that is no
/// longer.
struct FieldCode {
    /// Values by rank (the first `len`; none when raw).
    table: [u8; 64],
    len: usize,
    /// Rank by value.
    rank: [u32; 64],
    /// Rice parameter of the ranks.
    k: u32,
    /// Bits of a raw value.
    width: u32,
    raw: bool,
}

impl FieldCode {
    fn new(vals: impl Iterator<Item = u32> + Clone, width: u32) -> FieldCode {
        let mut freq = [0u32; 64];
        let mut n = 0u64;
        for v in vals.clone() {
            freq[v as usize] += 1;
            n += 1;
        }
        let mut table = [0u8; 64];
        let mut len = 0;
        for v in 0..64u8 {
            if freq[usize::from(v)] > 0 {
                table[len] = v;
                len += 1;
            }
        }
        table[..len].sort_by_key(|&v| (std::cmp::Reverse(freq[usize::from(v)]), v));
        let mut rank = [0u32; 64];
        for (i, &v) in table[..len].iter().enumerate() {
            rank[usize::from(v)] = i as u32;
        }
        let ranks = vals.map(|v| rank[v as usize]);
        let k = best_k(ranks.clone());
        let coded: u64 = ranks.map(|r| u64::from(r >> k) + 1 + u64::from(k)).sum::<u64>() + 6 * (len as u64 + 1);
        let raw = coded >= u64::from(width) * n;
        FieldCode {
            table,
            len,
            rank,
            k,
            width,
            raw,
        }
    }

    /// The header: `_` (63) for raw; else the digit k, the table's length and its values.
    fn header(&self, out: &mut String) {
        if self.raw {
            push_digit(out, 63);
        } else {
            push_digit(out, self.k as u8);
            push_varint(out, self.len as u32);
            for &v in &self.table[..self.len] {
                push_digit(out, v);
            }
        }
    }

    fn put(&self, bits: &mut Bits, v: u32) {
        if self.raw {
            bits.put(v, self.width);
        } else {
            bits.rice(self.rank[v as usize], self.k);
        }
    }
}

/// A stem's postings: the digit k and the count of a Rice list of its documents, the code of
/// impacts and, for a stem with several forms, of form masks ([`mask_bits`]) — each a
/// frequency table or raw, see `FieldCode` — then per document the gap, its impact and its
/// mask.
#[cfg(test)]
pub(crate) fn encode_postings(stem: &Stem) -> String {
    let mut out = String::new();
    encode_postings_into(&mut out, stem);
    out
}

/// [`encode_postings`], appended to `out`.
fn encode_postings_into(out: &mut String, stem: &Stem) {
    let p = &stem.postings.docs;
    let mb = mask_bits(stem.forms.len());
    let impacts = p.iter().map(|x| u32::from(x.1));
    let masks = p.iter().map(|x| u32::from(x.2));
    let gaps = p.iter().scan(0u32, |next, x| {
        let g = x.0 - *next;
        *next = x.0 + 1;
        Some(g)
    });
    let k = best_k(gaps.clone());
    push_digit(out, k as u8);
    push_varint(out, p.len() as u32);
    if p.is_empty() {
        return;
    }
    let ic = FieldCode::new(impacts, 6);
    ic.header(out);
    let mc = (mb > 0).then(|| FieldCode::new(masks, mb));
    if let Some(mc) = &mc {
        mc.header(out);
    }
    let mut bits = Bits::after(std::mem::take(out));
    for (g, x) in gaps.zip(p) {
        bits.rice(g, k);
        ic.put(&mut bits, u32::from(x.1));
        if let Some(mc) = &mc {
            mc.put(&mut bits, u32::from(x.2));
        }
    }
    *out = bits.finish();
}

/// Reads [`encode_postings`] back: (document, impact, mask) (for tests and tools).
#[cfg(test)]
pub(crate) fn read_postings(s: &str, mb: u32) -> Vec<(u32, u32, u32)> {
    let b = s.as_bytes();
    let digit = |i: usize| ALPHABET.iter().position(|&a| a == b[i]).unwrap_or(0) as u32;
    let mut at = 0;
    let varint = |at: &mut usize| {
        let (mut n, mut shift) = (0u32, 0u32);
        loop {
            let v = digit(*at);
            *at += 1;
            n |= (v & 31) << shift;
            if v & 32 == 0 {
                return n;
            }
            shift += 5;
        }
    };
    let k = digit(at);
    at += 1;
    let count = varint(&mut at);
    if count == 0 {
        return Vec::new();
    }
    let field = |at: &mut usize| -> Option<(u32, Vec<u32>)> {
        let k = digit(*at);
        *at += 1;
        if k == 63 {
            return None;
        }
        let n = varint(at) as usize;
        let t = (0..n).map(|i| digit(*at + i)).collect();
        *at += n;
        Some((k, t))
    };
    let fi = field(&mut at);
    let fm = if mb > 0 { field(&mut at) } else { None };
    let mut pos = at * 6;
    let mut bit = || {
        let v = (digit(pos / 6) >> (pos % 6)) & 1;
        pos += 1;
        v
    };
    let read = |n: u32, bit: &mut dyn FnMut() -> u32| (0..n).fold(0, |v, i| v | bit() << i);
    let rice = |k: u32, bit: &mut dyn FnMut() -> u32| {
        let mut q = 0;
        while bit() == 1 {
            q += 1;
        }
        (q << k) | read(k, bit)
    };
    let mut out = Vec::new();
    let mut next = 0;
    for _ in 0..count {
        let d = next + rice(k, &mut bit);
        next = d + 1;
        let imp = match &fi {
            Some((k, t)) => t[rice(*k, &mut bit) as usize],
            None => read(6, &mut bit),
        };
        let mask = match (&fm, mb) {
            (_, 0) => 1,
            (Some((k, t)), _) => t[rice(*k, &mut bit) as usize],
            (None, _) => read(mb, &mut bit),
        };
        out.push((d, imp, mask));
    }
    out
}

/// One index shard's data and where it starts.
#[derive(Debug)]
pub(crate) struct Shard {
    /// Its first word.
    pub(crate) first_word: String,
    /// Id of the first stem it holds.
    pub(crate) first_stem: u32,
    /// The data as JSON: `{"w": [[word, stem, bit, df], …], "p": [[postings, forms, {stem: pairs}], …]}`.
    pub(crate) data: String,
}

/// A stem's JSON: `[postings, forms, {other stem: pairs}?]`. Written directly: the codes use
/// only the base-64 alphabet, so nothing needs escaping. Pair keys are in the order
/// `serde_json` gives object keys (as strings), so the output is the same.
fn stem_json(stem: &Stem) -> String {
    use std::fmt::Write;
    let mut out = String::from("[\"");
    encode_postings_into(&mut out, stem);
    let _ = write!(out, "\",{}", stem.forms.len());
    if !stem.postings.pairs.is_empty() {
        let mut keys: Vec<(String, &Vec<u32>)> = stem
            .postings
            .pairs
            .iter()
            .map(|(b, docs)| (b.to_string(), docs))
            .collect();
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        out.push_str(",{");
        for (i, (key, docs)) in keys.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "\"{key}\":\"{}\"", encode_docs(docs));
        }
        out.push('}');
    }
    out.push(']');
    out
}

/// A word's JSON: `[word, stem, bit, df]`.
fn word_json(w: &super::index::Word) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(w.word.len() + 24);
    out.push('[');
    // A word is a string of letters and digits, but escape it like any other.
    out.push_str(&serde_json::to_string(&w.word).unwrap_or_default());
    let _ = write!(out, ",{},{},{}]", w.stem, w.bit, w.df);
    out
}

/// The index as JSON pieces: one per word and one per stem, encoded once (in parallel) and
/// then only concatenated, whatever the shard size.
#[derive(Debug)]
pub(crate) struct Pieces {
    words: Vec<String>,
    stems: Vec<String>,
}

impl Pieces {
    /// Encodes every word and stem of `index`.
    pub(crate) fn new(index: &Index) -> Pieces {
        use rayon::prelude::*;
        Pieces {
            words: index.words.par_iter().map(word_json).collect(),
            stems: index.stems.par_iter().map(stem_json).collect(),
        }
    }

    /// The bytes all shards take together (for choosing a shard size).
    pub(crate) fn total_size(&self) -> usize {
        self.words.iter().chain(&self.stems).map(|p| p.len() + 1).sum()
    }
}

/// Letters two words must share for a shard not to be cut between them.
pub(crate) const PREFIX_KEEP: usize = 4;

fn shares_start(a: &str, b: &str) -> bool {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count() >= PREFIX_KEEP
}

/// Where a shard starts: its first word and first stem (it runs to the next shard's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Start {
    /// Index of its first word.
    pub(crate) word: usize,
    /// Index of its first stem.
    pub(crate) stem: u32,
}

/// Plans shards of about `target` bytes (a stem with very long postings gets a shard of its
/// own size), from the pieces' sizes alone. Words stay sorted; a stem lives in the shard of its
/// first form.
pub(crate) fn plan(index: &Index, pieces: &Pieces, target: usize) -> Vec<Start> {
    let mut starts = vec![Start { word: 0, stem: 0 }];
    let mut size = 0usize;
    // The size at which the current shard reached the target (0 before).
    let mut reached = 0usize;
    let mut next_stem = 0u32;
    for (i, w) in index.words.iter().enumerate() {
        size += pieces.words[i].len() + 1;
        if w.stem == next_stem {
            size += pieces.stems[w.stem as usize].len() + 1;
            next_stem += 1;
        }
        // A query for a word loads the shard of the word and the shard of its stem; one typed
        // as a prefix also loads the next shard when that starts with it. So a shard is not
        // cut before a form of a stem it holds (that adds no postings), nor between two words
        // with a common start of PREFIX_KEEP letters, until it has grown by another target
        // past the target.
        if size >= target && reached == 0 {
            reached = size;
        }
        let first_stem = starts.last().map_or(0, |s| s.stem);
        let Some(n) = index.words.get(i + 1) else {
            break;
        };
        let homed_here = n.stem >= first_stem && n.stem < next_stem;
        let keep = (homed_here || shares_start(&w.word, &n.word)) && size < reached + target;
        if size >= target && !keep {
            reached = 0;
            size = 0;
            starts.push(Start {
                word: i + 1,
                stem: next_stem,
            });
        }
    }
    starts
}

/// The shards a [`plan`] describes, their data joined from the pieces.
pub(crate) fn build(index: &Index, pieces: &Pieces, starts: &[Start]) -> Vec<Shard> {
    use rayon::prelude::*;
    (0..starts.len())
        .into_par_iter()
        .map(|i| {
            let s = starts[i];
            let (word_end, stem_end) = starts
                .get(i + 1)
                .map_or((index.words.len(), index.stems.len()), |n| (n.word, n.stem as usize));
            let words = &pieces.words[s.word..word_end];
            let stems = &pieces.stems[s.stem as usize..stem_end];
            let len: usize = words.iter().chain(stems).map(|p| p.len() + 1).sum();
            let mut data = String::with_capacity(len + 16);
            data.push_str("{\"w\":[");
            for (j, w) in words.iter().enumerate() {
                if j > 0 {
                    data.push(',');
                }
                data.push_str(w);
            }
            data.push_str("],\"p\":[");
            for (j, st) in stems.iter().enumerate() {
                if j > 0 {
                    data.push(',');
                }
                data.push_str(st);
            }
            data.push_str("]}");
            Shard {
                first_word: index.words.get(s.word).map_or_else(String::new, |w| w.word.clone()),
                first_stem: s.stem,
                data,
            }
        })
        .collect()
}

/// Cuts the index into shards of about `target` bytes: [`plan`], then [`build`].
#[cfg(test)]
pub(crate) fn cut(index: &Index, pieces: &Pieces, target: usize) -> Vec<Shard> {
    build(index, pieces, &plan(index, pieces, target))
}

#[cfg(test)]
mod tests;
