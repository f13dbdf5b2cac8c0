//! Unit tests of the search shards.

use super::*;
use crate::search::Document;

#[test]
fn best_k_is_the_cheapest_parameter() {
    let exhaustive = |v: &[u32]| {
        (0..24u32)
            .min_by_key(|&k| v.iter().map(|&x| u64::from(x >> k) + 1 + u64::from(k)).sum::<u64>())
            .unwrap_or(0)
    };
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for len in [0usize, 1, 2, 3, 10, 100, 1000] {
        for spread in [1u64, 3, 40, 1000, 100_000, 1 << 31] {
            let v: Vec<u32> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % spread) as u32
                })
                .collect();
            assert_eq!(best_k(v.iter().copied()), exhaustive(&v), "{len} values below {spread}");
        }
    }
}

#[test]
fn varints_round_trip() {
    let mut s = String::new();
    for n in [0, 1, 31, 32, 1000, 65_535, 1 << 20] {
        push_varint(&mut s, n);
    }
    assert_eq!(read_varints(&s), [0, 1, 31, 32, 1000, 65_535, 1 << 20]);
}

#[test]
fn rice_lists_round_trip() {
    for ids in [
        vec![],
        vec![0],
        vec![3, 4, 40, 2000],
        (0..500).collect(),
        (0..300).map(|i| i * 37 + i % 5).collect(),
    ] {
        let s = encode_docs(&ids);
        let back: Vec<u32> = read_rice_list(&s, 0).into_iter().map(|x| x.0).collect();
        assert_eq!(back, ids);
    }
    // Dense lists cost about a bit a number; fields follow each number.
    assert!(encode_docs(&(0..600).collect::<Vec<_>>()).len() < 110);
    let s = rice_list(&[5, 9, 1000], 9, |i| [63, 1, 300][i]);
    assert_eq!(read_rice_list(&s, 9), [(5, 63), (9, 1), (1000, 300)]);
    assert!(s.bytes().all(|c| ALPHABET.contains(&c)));
}

#[test]
fn postings_round_trip_raw_and_by_table() {
    use crate::search::index::{Postings, Stem};
    let stem = |n: u32, forms: usize| Stem {
        stem: "x".into(),
        forms: (0..forms as u32).collect(),
        postings: Postings {
            docs: (0..n)
                .map(|i| {
                    let m = [1u8, 1, 3, 5, 33][(i % 5) as usize] & ((1u8 << mask_bits(forms)) - 1).max(1);
                    (i * 3 + i % 2, [20, 20, 20, 41, 7, 63][(i % 6) as usize], m)
                })
                .collect(),
            pairs: Default::default(),
        },
    };
    for (n, forms) in [(0, 1), (1, 1), (3, 6), (40, 2), (2000, 6)] {
        let s = stem(n, forms);
        let mb = mask_bits(forms);
        let back = read_postings(&encode_postings(&s), mb);
        let want: Vec<(u32, u32, u32)> = s
            .postings
            .docs
            .iter()
            .map(|x| (x.0, u32::from(x.1), if mb > 0 { u32::from(x.2) } else { 1 }))
            .collect();
        assert_eq!(back, want, "{n} {forms}");
    }
    // Few distinct values cost fewer bits than raw fields: here 2 + 2 + 2 bits, not 12.
    let big = encode_postings(&stem(2000, 6));
    assert!(big.len() < 2000 * 7 / 6, "{}", big.len());
    assert!(big.bytes().all(|c| ALPHABET.contains(&c)));
}

#[test]
fn member_lists_store_runs_as_ranges() {
    let cases: Vec<Vec<u32>> = vec![
        vec![],
        vec![7],
        vec![1, 2, 3],
        (100..400).collect(),
        (0..50).chain([70, 71, 90]).chain(200..260).chain([999]).collect(),
    ];
    for ids in cases {
        let v = encode_members(&ids);
        assert_eq!(read_members(&v), ids, "{v}");
    }
    // A run costs two numbers, however long.
    let long = encode_members(&(1000..4000).collect::<Vec<_>>()).to_string();
    assert!(long.len() < 20, "{long}");
    assert!(encode_members(&[1, 5, 9]).is_string());
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
        let width = 6 + mask_bits(index.stems[w.stem as usize].forms.len());
        let docs = read_postings(p[0].as_str().unwrap(), width - 6);
        let want: Vec<(u32, u32, u32)> = index.stems[w.stem as usize]
            .postings
            .docs
            .iter()
            .map(|x| (x.0, u32::from(x.1), if width > 6 { u32::from(x.2) } else { 1 }))
            .collect();
        assert_eq!(docs, want);
    }
    let homed: usize = parsed.iter().map(|s| s["p"].as_array().unwrap().len()).sum();
    assert_eq!(homed, index.stems.len());
    // "helping", "helped", "helps" share a stem with three forms.
    let help = index.words.iter().find(|w| w.word == "helping").unwrap();
    assert_eq!(index.stems[help.stem as usize].forms.len(), 3);
}
