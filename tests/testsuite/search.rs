//! The search index a build writes: files, contents, what is left out, determinism.

use crate::common::{Fixture, guide, story};

fn manifest(f: &Fixture) -> serde_json::Value {
    let text = f.out("search/index.js");
    let json = text
        .strip_prefix("trailheadSearch(\"index\",")
        .and_then(|t| t.trim_end().strip_suffix(");"))
        .expect("a classic script calling trailheadSearch");
    serde_json::from_str(json).expect("JSON")
}

fn search_text(f: &Fixture) -> String {
    f.all_output()
        .into_iter()
        .filter(|(p, _)| p.starts_with("search/") && p.ends_with(".js"))
        .map(|(_, t)| t)
        .collect()
}

#[test]
fn the_build_writes_a_manifest_shards_and_stored_fields() {
    let f = Fixture::new();
    let r = f.build_ok();
    assert_eq!(r.search_documents, 5);
    assert!(r.search_files >= 3, "{}", r.search_files);
    assert!(r.search_bytes > 0);
    assert!(f.out_exists("search/index.html"), "the search page");
    assert!(f.out_exists("search.js"), "the client");
    let m = manifest(&f);
    assert_eq!(m["n"], 5);
    assert!(m["shards"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(f.out_exists("search/s0.js") && f.out_exists("search/d0.js"));
    let page = f.out("search/index.html");
    assert!(
        page.contains(r#"<script src="../search.js" defer></script>"#),
        "relative script for file://"
    );
    assert!(page.contains(r#"autocomplete="off""#));
    let home = f.out("index.html");
    assert!(home.contains(r#"<form class="site-search" role="search" action="/search/" method="get">"#));
}

#[test]
fn withdrawn_stories_and_opted_out_pages_are_not_indexed() {
    let f = Fixture::new();
    f.write(
        "content/stories/gone.md",
        &story("Gone story", "", "Quixotic marmalade words.")
            .replace("  record_id: F-1\n", "  record_id: F-1\n  withdrawn: true\n"),
    );
    f.write(
        "content/private.md",
        "---\ntitle: Private\nsearch: false\n---\nZanzibarian notes.\n",
    );
    let r = f.build_ok();
    assert_eq!(r.search_documents, 5);
    let text = search_text(&f).to_lowercase();
    for word in ["quixotic", "marmalade", "zanzibarian", "gone story", "/private/"] {
        assert!(!text.contains(word), "{word} is in the index");
    }
    assert!(text.contains("\"crisis\""), "other words are");
}

#[test]
fn spanish_pages_are_stemmed_in_spanish() {
    let f = Fixture::new();
    f.write(
        "content/guides/apoyo.md",
        &guide("Apoyo", "language: es\n", "La recuperación y recuperarse."),
    );
    f.build_ok();
    let text = search_text(&f);
    // Both forms are in the dictionary and point at the same stem.
    let stem_of = |w: &str| {
        let at = text
            .find(&format!("[\"{w}\","))
            .unwrap_or_else(|| panic!("{w} not indexed"));
        let rest = &text[at + w.len() + 4..];
        rest[..rest.find(',').expect("stem id")].to_owned()
    };
    assert_eq!(stem_of("recuperacion"), stem_of("recuperarse"));
}

#[test]
fn a_page_language_must_be_a_language_tag() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\nlanguage: spanish!\n---\nText.\n",
    );
    let errs = f.build_err();
    assert!(
        errs[0].message.contains("not a BCP 47 language tag"),
        "{}",
        errs[0].message
    );
}

#[test]
fn a_page_cannot_take_the_search_page_address() {
    let f = Fixture::new();
    f.write("content/search.md", "---\ntitle: Search\n---\nText.\n");
    let errs = f.build_err();
    assert!(errs.iter().any(|e| e.message.contains("search page")), "{errs:?}");
}

#[test]
fn the_index_is_deterministic() {
    let f = Fixture::new();
    f.build_ok();
    let first = search_text(&f);
    f.build_ok();
    assert_eq!(first, search_text(&f));
}
