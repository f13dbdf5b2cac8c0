//! Unit tests of the search index.

use super::*;

fn doc<'a>(title: &'a str, body: &'a str, language: &'a str) -> Document<'a> {
    Document {
        title,
        body,
        language,
        ..Document::default()
    }
}

#[test]
fn pair_table_keeps_heading_pairs_and_repeated_ones() {
    let raw = |a: u64, b: u64, heading: bool| a << 33 | b << 1 | u64::from(heading);
    let mut t = PairTable::default();
    let mut kept = t.keep(&[
        raw(0, 1, true),
        raw(1, 2, false),
        raw(2, 3, false),
        raw(1, 2, false),
        raw(3, 4, false),
        raw(0, 1, false),
        raw(1, 2, false),
    ]);
    kept.sort_unstable();
    assert_eq!(kept, [(0, 1), (1, 2)]);
    // Reused for the next document, from empty.
    assert_eq!(t.keep(&[raw(2, 3, false)]), []);
    let many: Vec<u64> = (0..5000)
        .flat_map(|i| [raw(i, i + 1, false), raw(i, i + 1, false)])
        .collect();
    assert_eq!(t.keep(&many).len(), 5000);
}

#[test]
fn packs_short_words_exactly() {
    let words = [
        "a",
        "ab",
        "abc",
        "abcd",
        "abcde",
        "abcdefg",
        "abcdefgh",
        "abcdefghi",
        "niño",
        "abcdefghijklmnop",
    ];
    for w in words {
        let k = packed(w).unwrap();
        let bytes = k.to_le_bytes();
        assert_eq!(&bytes[..w.len()], w.as_bytes(), "{w}");
        assert!(bytes[w.len()..].iter().all(|&b| b == 0), "{w}");
    }
    assert_eq!(packed(""), None);
    assert_eq!(packed("abcdefghijklmnopq"), None);
}

#[test]
fn impacts_saturate_and_rank_fields() {
    let body = |tf: f64| impact(tf, 1 << 4);
    assert!(body(1.0) < body(2.0));
    assert!(body(1000.0) <= MAX_IMPACT);
    const { assert!(FIELD_WEIGHTS[0] > FIELD_WEIGHTS[4], "title above body") };
    const { assert!(FIELD_WEIGHTS[1] > FIELD_WEIGHTS[4], "headings above body") };
}

/// Title, headings, summary and topics outrank any amount of body text; a phrase in the body
/// is one only when met twice.
#[test]
fn fields_outweigh_body_text_and_phrases_are_kept() {
    let many = "support people, then a group. ".repeat(30);
    let docs = [
        // Both words, many times, never side by side.
        doc("Notes", &many, "en"),
        // Named after them, said once.
        doc("Support groups", "Ours meets on Tuesdays.", "en"),
        Document {
            summary: Some("What a support group is."),
            ..doc("Tuesdays", "It meets weekly.", "en")
        },
        Document {
            headings: vec!["Our support group"],
            ..doc("Tuesdays", "It meets weekly.", "en")
        },
        Document {
            terms_text: vec!["Support groups"],
            ..doc("Tuesdays", "It meets weekly.", "en")
        },
        // Side by side twice in the body, and once only.
        doc("Notes", "A support group. Then another support group.", "en"),
        doc("Notes", "A support group.", "en"),
    ];
    let idx = build(&docs);
    let stem = |w: &str| {
        let word = idx.words.iter().find(|x| x.word == w).unwrap_or_else(|| panic!("{w}"));
        &idx.stems[word.stem as usize]
    };
    let of = |w: &str, d: u32| stem(w).postings.docs.iter().find(|x| x.0 == d).map_or(0, |x| x.1);
    for d in 1..5 {
        for w in ["support", "group"] {
            assert!(of(w, d) > of(w, 0), "{w} in document {d}: {} vs {}", of(w, d), of(w, 0));
        }
    }
    assert!(of("support", 1) > of("support", 3), "title above a heading");
    // The phrase: kept where it is in the title, summary or a heading, or met twice.
    let (support, group) = (stem("support"), stem("group"));
    let group_id = idx.words.iter().find(|x| x.word == "group").unwrap().stem;
    let support_id = idx.words.iter().find(|x| x.word == "support").unwrap().stem;
    let pair = support
        .postings
        .pairs
        .get(&(group_id * 2))
        .or_else(|| group.postings.pairs.get(&(support_id * 2 + 1)))
        .expect("a phrase list");
    assert_eq!(pair, &vec![1, 2, 3, 5]);
}

#[test]
fn maps_forms_to_one_stem_and_counts_documents() {
    let docs = [
        doc("Housing help", "Finding housing was hard. Housed at last.", "en"),
        doc("Work", "The group helped me find housing and work.", "en"),
        doc("Otra", "La vivienda y las viviendas.", "es"),
    ];
    let idx = build(&docs);
    let find = |w: &str| idx.words.iter().find(|x| x.word == w).unwrap_or_else(|| panic!("{w}"));
    assert_eq!(find("housing").stem, find("housed").stem);
    assert_eq!(find("housing").df, 2);
    assert_eq!(find("vivienda").stem, find("viviendas").stem);
    assert!(
        idx.words.iter().all(|w| w.word != "the" && w.word != "la"),
        "stop words are left out"
    );
    let housing = &idx.stems[find("housing").stem as usize];
    let ds: Vec<u32> = housing.postings.docs.iter().map(|d| d.0).collect();
    assert_eq!(ds, [0, 1]);
    // A title match weighs more than a body match.
    assert!(housing.postings.docs[0].1 > housing.postings.docs[1].1);
    // "housing help" is a phrase in document 0's title.
    // It lives with the rarer stem, or the first of two as rare ("help" and "helped"
    // are on two pages too).
    let help = find("help").stem;
    assert_eq!(housing.postings.pairs.get(&(help * 2)), Some(&vec![0]));
    // Words are sorted; stems are numbered in order of their first form.
    assert!(idx.words.windows(2).all(|w| w[0].word < w[1].word));
    let firsts: Vec<u32> = idx.stems.iter().map(|s| *s.forms.iter().min().unwrap()).collect();
    assert!(firsts.windows(2).all(|w| w[0] < w[1]));
}
