//! The promises every input must keep, whatever an editor writes: no panic, every problem a
//! diagnostic that points inside its file, no page that loads anything from another website,
//! pages that a real HTML5 parser (html5ever) reads without an error, and the same bytes every
//! time. The fuzz targets (`fuzz/`) check these on every input they try, and
//! `fuzz_regressions.rs` on every input they ever found a problem with.
//!
//! Shared by both through `#[path]`, so it uses nothing but Trailhead, `jiff` and `scraper`.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::Path;

use trailhead::Diagnostic;
use trailhead::fuzz_api::{Built, build_in_memory, remote_loads};

/// The files a fuzz input can fill, in order: the input is cut at 0xFF bytes, and part `i`
/// replaces file `i` of [`base_site`] (an empty part, or one left out, keeps the base file;
/// there is no template until the input gives one).
pub const SLOTS: [&str; 7] = [
    "trailhead.toml",
    "content/_index.md",
    "content/stories/a.md",
    "content/guides/b.md",
    "content/about.md",
    "content/stories/a.es.md",
    "templates/page.html",
];

/// A small valid bilingual site: a home page, a story with its translation, a guide, a page.
pub fn base_site() -> BTreeMap<&'static str, Vec<u8>> {
    let story = "---\ntitle: \"A story\"\ndate: 2026-03-01\nsummary: \"A story.\"\ntags: [recovery]\nauthor_display: Sam\ncontent_notes: [overdose]\nconsent:\n  date: 2026-01-01\n  scope: [web, translation]\n  final_text_approved: true\n  record_id: F-1\n---\n\n## Start\n\nI began. See [the guide](../guides/b.md#call).\n";
    let guide = "---\ntitle: \"A guide\"\ndate: 2026-02-01\ntags: [housing]\nlast_reviewed: 2026-10-01\ncontacts:\n  - name: Helpline\n    phone: \"1-800-662-4357\"\n---\n\n## Call\n\nCall someone.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    BTreeMap::from([
        (SLOTS[0], b"title = \"Fuzz\"\nbase_url = \"https://example.org\"\nlanguage = \"en\"\n\n[crisis]\nlast_verified = \"2026-11-01\"\n\n[languages.es]\ntitle = \"Fuzz es\"\n".to_vec()),
        (SLOTS[1], b"---\ntitle: Home\n---\nWelcome.\n".to_vec()),
        (SLOTS[2], story.as_bytes().to_vec()),
        (SLOTS[3], guide.as_bytes().to_vec()),
        (SLOTS[4], b"---\ntitle: About\n---\n## Who we are\n\nPeers.\n".to_vec()),
        (SLOTS[5], b"---\ntitle: \"Una historia\"\ndate: 2026-03-01\nsummary: \"Una.\"\ntags: [recuperacion]\nauthor_display: Sam\n---\n\nEmpece.\n".to_vec()),
        ("content/staying-safer-online.md", b"---\ntitle: Safer\n---\nText.\n".to_vec()),
        ("content/stories/_index.md", b"---\ntitle: Stories\n---\n".to_vec()),
        ("content/guides/_index.md", b"---\ntitle: Guides\n---\n".to_vec()),
    ])
}

/// Cuts a fuzz input into the files it replaces.
pub fn parts(data: &[u8]) -> Vec<(&'static str, &[u8])> {
    data.split(|&b| b == 0xFF)
        .zip(SLOTS)
        .map(|(part, slot)| (slot, part))
        .filter(|(_, part)| !part.is_empty())
        .collect()
}

/// Writes the base site with `data`'s parts into `root` (emptied first), with the default
/// theme from `theme` (a folder holding `templates/`, `static/` and `i18n/`).
pub fn write_site(root: &Path, theme: &[(&str, &str)], data: &[u8]) {
    let _ = std::fs::remove_dir_all(root);
    let mut files = base_site();
    for (slot, part) in parts(data) {
        files.insert(slot, part.to_vec());
    }
    for (rel, bytes) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    for (rel, text) in theme {
        let path = root.join("themes/default").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Builds the site in `root` twice and checks every invariant; panics with what broke.
pub fn check_site(root: &Path) {
    let today = jiff::civil::date(2026, 11, 22);
    let first = build_in_memory(root, today);
    check_diagnostics(root, &first.diagnostics);
    check_pages(root, &first);
    let second = build_in_memory(root, today);
    assert!(first.files == second.files, "two builds of the same input differ");
    assert_eq!(
        first.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>(),
        second.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "two builds of the same input report different problems"
    );
}

/// Every diagnostic that names a file of the site points at a line that file has.
pub fn check_diagnostics(root: &Path, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(!d.message.trim().is_empty(), "a diagnostic without a message: {d:?}");
        let (Some(file), line) = (&d.file, d.line) else {
            continue;
        };
        if line == 0 {
            continue;
        }
        let Ok(bytes) = std::fs::read(root.join(file)) else {
            continue;
        };
        let lines = trailhead::diagnostics::text_lines(&String::from_utf8_lossy(&bytes)).count();
        assert!(line <= lines + 1, "{d}: line {line} of a {lines}-line file");
        assert!(d.col >= 1, "{d}: column 0");
    }
}

/// No page loads from another website; pages parse without an HTML error when nothing in
/// the input could have asked for raw HTML (no `<` in the content, the theme's own templates).
pub fn check_pages(root: &Path, built: &Built) {
    let raw_html_possible = std::fs::read_dir(root.join("templates")).is_ok()
        || walk_text(&root.join("content"))
            .iter()
            .any(|t| t.contains('<') || t.contains("&"));
    for (path, bytes) in &built.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{path} is not UTF-8"));
        let loads = remote_loads(&html);
        assert!(loads.is_empty(), "{path} loads from another website: {loads:?}");
        if raw_html_possible {
            continue;
        }
        let doc = scraper::Html::parse_document(&html);
        assert!(
            doc.errors.is_empty(),
            "{path} is not well-formed HTML: {:?}",
            doc.errors
        );
    }
}

fn walk_text(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk_text(&p));
        } else if let Ok(bytes) = std::fs::read(&p) {
            out.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    out
}

/// The front-matter parser on its own: a problem points inside the text.
pub fn check_front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(d) = trailhead::fuzz_api::front_matter(text) {
        let lines = trailhead::diagnostics::text_lines(text).count();
        assert!(d.line <= lines + 1, "{d}: line {} of {lines}", d.line);
        assert!(!d.message.is_empty());
    }
}

/// `trailhead.toml` on its own: problems point inside the text.
pub fn check_config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lines = trailhead::diagnostics::text_lines(text).count();
    for d in trailhead::fuzz_api::config(text) {
        assert!(d.line <= lines + 1, "{d}: line {} of {lines}", d.line);
        assert!(!d.message.is_empty());
    }
}

/// The search tokenizer: words are non-empty, folding a folded word changes nothing, and the
/// same text gives the same words every time.
pub fn check_tokenizer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let words = trailhead::fuzz_api::search_words(&text);
    for w in &words {
        assert!(!w.is_empty(), "an empty word from {text:?}");
        assert_eq!(&trailhead::fuzz_api::fold(w), w, "folding {w:?} again changes it");
    }
    assert_eq!(words, trailhead::fuzz_api::search_words(&text));
}
