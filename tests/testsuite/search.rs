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
    assert!(
        f.out_exists("search.js") && f.out_exists("search-index.js"),
        "the client"
    );
    let m = manifest(&f);
    assert_eq!(m["n"], 5);
    assert!(m["shards"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(f.out_exists("search/s0.js") && f.out_exists("search/d0.js"));
    let page = f.out("search/index.html");
    assert!(
        page.contains(r#"<script src="../search-index.js" defer></script><script src="../search.js" defer></script>"#),
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

/// The manifest of the index under `dir` (`search`, `es/search`).
fn manifest_at(f: &Fixture, dir: &str) -> serde_json::Value {
    let text = f.out(&format!("{dir}/index.js"));
    let json = text
        .strip_prefix("trailheadSearch(\"index\",")
        .and_then(|t| t.trim_end().strip_suffix(");"))
        .expect("a classic script calling trailheadSearch");
    serde_json::from_str(json).expect("JSON")
}

/// The words of the index's dictionary (every shard's).
fn indexed_words(f: &Fixture) -> Vec<String> {
    let mut words = Vec::new();
    for (path, text) in f.all_output() {
        if !(path.starts_with("search/s") && path.ends_with(".js")) {
            continue;
        }
        let json = &text[text.find(',').expect("key") + 1..text.rfind(')').expect("call")];
        let shard: serde_json::Value = serde_json::from_str(json).expect("JSON");
        for w in shard["w"].as_array().expect("words") {
            words.push(w[0].as_str().expect("a word").to_owned());
        }
    }
    words
}

#[test]
fn two_letter_words_and_numbers_are_indexed() {
    let f = Fixture::new();
    f.write(
        "content/guides/groups.md",
        &guide(
            "Groups",
            "",
            "Some people go to AA or NA. Call 988, or 211 for housing.",
        ),
    );
    f.build_ok();
    let words = indexed_words(&f);
    for w in ["aa", "na", "988", "211", "housing"] {
        assert!(words.iter().any(|x| x == w), "{w} is not indexed: {words:?}");
    }
    // The word list for typos has the site's words of three letters or more, no numbers:
    // front-coded entries (shared length, frequency class, the rest), separated by spaces.
    let text = f.out("search/t.js");
    let json = &text[text.find(',').expect("key") + 1..text.rfind(')').expect("call")];
    let list: String = serde_json::from_str(json).expect("a JSON string");
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut prev = String::new();
    let mut typos = Vec::new();
    for entry in list.split(' ') {
        let shared = ALPHABET.find(&entry[..1]).expect("a digit");
        prev = format!("{}{}", &prev[..shared], &entry[2..]);
        typos.push(prev.clone());
    }
    assert!(typos.windows(2).all(|w| w[0] < w[1]), "{typos:?}");
    assert!(
        typos.iter().any(|w| w == "housing") && typos.iter().any(|w| w == "people"),
        "{typos:?}"
    );
    assert!(
        !typos.iter().any(|w| w == "aa" || w == "988" || w == "211"),
        "{typos:?}"
    );
}

#[test]
fn synonyms_in_both_languages_come_from_the_theme_and_the_site() {
    let f = crate::common::bilingual_site();
    let config = std::fs::read_to_string(f.path("trailhead.toml")).expect("config");
    f.write(
        "trailhead.toml",
        &format!(
            "{config}\n[search.synonyms]\n\"food pantry\" = \"food bank\"\nrehab = []\n\n[languages.es.search.synonyms]\ndespensa = \"banco de comida\"\n"
        ),
    );
    f.write(
        "content/guides/help.md",
        &guide(
            "Help",
            "",
            "Carry naloxone. Eating disorders are treatable. The food bank is open; so is treatment.",
        ),
    );
    f.write(
        "content/guides/ayuda.es.md",
        &guide("Ayuda", "", "Ayuda con la vivienda y el banco de comida.").replace("[housing]", "[vivienda]"),
    );
    f.build_ok();
    let en = manifest_at(&f, "search");
    let es = manifest_at(&f, "es/search");
    // The theme's English list, as forms the index holds ("disorders").
    assert_eq!(en["syn"]["narcan"], serde_json::json!(["naloxone"]), "{}", en["syn"]);
    assert_eq!(en["syn"]["anorexia"], serde_json::json!(["eating disorders"]));
    // The site's own entries: added, and one of the theme's removed.
    assert_eq!(en["syn"]["food pantry"], serde_json::json!(["food bank"]));
    assert!(en["syn"].get("rehab").is_none(), "{}", en["syn"]);
    // Spanish: the theme's Spanish list and the Spanish table, never the English ones.
    assert_eq!(es["syn"]["alquiler"][0], "vivienda", "{}", es["syn"]);
    assert_eq!(es["syn"]["despensa"], serde_json::json!(["banco de comida"]));
    assert!(es["syn"].get("food pantry").is_none() && en["syn"].get("alquiler").is_none());
    // Only what the site can answer: no page says "buprenorphine".
    assert!(en["syn"].get("bupe").is_none());
}

#[test]
fn a_bad_synonym_is_an_error_where_it_is_written() {
    let f = Fixture::new();
    let config = std::fs::read_to_string(f.path("trailhead.toml")).expect("config");
    f.write(
        "trailhead.toml",
        &format!("{config}\n[search.synonyms]\nrehab = [\"treatment\", \"?!\"]\n"),
    );
    let errs = f.build_err();
    let line = config.lines().count() + 3;
    assert_eq!(errs.len(), 1, "{}", crate::common::render(&errs));
    assert_eq!(
        errs[0].to_string(),
        format!(
            "error: trailhead.toml:{line}:23: the synonym \"rehab\" has an alternative with no words: \"?!\"\n \
             {line} | rehab = [\"treatment\", \"?!\"]\n    \
             |                       ^\n  \
             hint: write the words the pages use, e.g. rehab = [\"treatment\", \"detox\"], or remove it\n"
        )
    );
    // The theme's lists are checked as well, in their own file.
    let f = Fixture::new();
    f.write(
        "themes/default/search/synonyms.en.toml",
        "# Ours.\nnarcan = \"naloxone\"\n\"a b c d e\" = \"x\"\n",
    );
    let errs = f.build_err();
    assert_eq!(errs.len(), 1, "{}", crate::common::render(&errs));
    assert_eq!(errs[0].location(), "themes/default/search/synonyms.en.toml:3:1");
    assert!(errs[0].message.contains("has 5 words"), "{}", errs[0]);
}

#[test]
fn a_theme_without_synonym_lists_uses_the_default_ones() {
    let f = Fixture::new();
    f.write("content/guides/n.md", &guide("Naloxone", "", "Carry naloxone."));
    std::fs::remove_dir_all(f.path("themes/default/search")).expect("remove");
    f.build_ok();
    assert_eq!(manifest(&f)["syn"]["narcan"], serde_json::json!(["naloxone"]));
}

#[test]
fn the_manifest_names_the_crisis_guide_of_each_language() {
    let f = crate::common::bilingual_site();
    f.build_ok();
    let es = manifest_at(&f, "es/search");
    let id = es["crisis"].as_u64().expect("the Spanish crisis guide") as usize;
    let chunk = es["chunk"].as_u64().expect("chunk size") as usize;
    let text = f.out(&format!("es/search/d{}.js", id / chunk));
    let json = &text[text.find(',').expect("key") + 1..text.rfind(')').expect("call")];
    let records: serde_json::Value = serde_json::from_str(json).expect("JSON");
    assert_eq!(records[id % chunk][0], "/es/guides/crisis/");
    // The English site names no crisis guide.
    assert!(manifest_at(&f, "search")["crisis"].is_null());
}
