//! `serve`: the in-memory preview always equals a fresh full build, whatever the edit; the
//! server answers safely (traversal, 404, content types) and stays on loopback by default.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common::{Fixture, render, story};
use crate::serve_client::{get, serve};
use trailhead::serve::preview::{Outcome, Preview};

/// Every file a full build writes (without the output marker), by key.
fn full_build(f: &Fixture) -> BTreeMap<String, Vec<u8>> {
    f.build_ok();
    let public = f.path("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".trailhead-output")
        .map(|e| {
            let key = e
                .path()
                .strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (key, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn assert_same(preview: &Preview, f: &Fixture, step: &str) {
    let want = full_build(f);
    let got: BTreeMap<String, Vec<u8>> = preview.files().iter().map(|(k, v)| (k.clone(), v.to_vec())).collect();
    let missing: Vec<&String> = want.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    let differ: Vec<&String> = want
        .keys()
        .filter(|k| got.get(*k).is_some_and(|g| g != &want[*k]))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "after {step}: the preview differs from a full build\nmissing: {missing:?}\nextra: {extra:?}\ndiffer: {differ:?}"
    );
}

fn apply(preview: &mut Preview, f: &Fixture, rels: &[&str]) -> Outcome {
    let paths: Vec<PathBuf> = rels.iter().map(|r| f.path(r)).collect();
    let o = preview.apply(&paths);
    assert!(!o.failed(), "rebuild failed:\n{}", render(&o.diagnostics));
    if o.search_stale {
        let s = preview.refresh_search();
        assert!(!s.failed(), "{}", render(&s.diagnostics));
    }
    o
}

/// An edit on disk; returns the paths it touched.
type Edit = dyn Fn(&Fixture) -> Vec<&'static str>;

#[test]
fn preview_equals_a_full_build_after_every_kind_of_edit() {
    let f = Fixture::new();
    let mut preview = Preview::new(f.options());
    let first = preview.full_rebuild("first build");
    assert!(!first.failed(), "{}", render(&first.diagnostics));
    assert_same(&preview, &f, "the first build");

    // A body edit that keeps the word count: only the page and feeds are rendered again.
    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Start\n\nI started."),
    );
    let o = apply(&mut preview, &f, &["content/stories/first.md"]);
    assert!(o.kind.ends_with("edited"), "{}", o.kind);
    assert!(o.rendered <= 5, "a body edit re-rendered {} outputs", o.rendered);
    assert!(
        o.changed.contains(&"stories/first/index.html".to_owned()),
        "{:?}",
        o.changed
    );
    assert!(
        o.changed
            .iter()
            .all(|k| k == "stories/first/index.html" || k.ends_with("atom.xml")),
        "only the page and feeds change: {:?}",
        o.changed
    );
    assert_same(&preview, &f, "a body edit");

    // A body edit that changes what listings show (word count, reading time).
    let long = format!("## Start\n\n{}", "Words that make the story longer. ".repeat(80));
    f.write("content/stories/first.md", &story("First story", "", &long));
    let o = apply(&mut preview, &f, &["content/stories/first.md"]);
    assert!(o.kind.ends_with("edited"), "{}", o.kind);
    assert_same(&preview, &f, "a longer body");

    let steps: Vec<(&str, Box<Edit>)> = vec![
        (
            "a title change",
            Box::new(|f| {
                f.write(
                    "content/stories/second.md",
                    &story("A second story, renamed", "", "Another story."),
                );
                vec!["content/stories/second.md"]
            }),
        ),
        (
            "a new tag",
            Box::new(|f| {
                f.write(
                    "content/stories/first.md",
                    &story("First story", "", "## Start\n\nI began.")
                        .replace("tags: [recovery]", "tags: [recovery, housing]"),
                );
                vec!["content/stories/first.md"]
            }),
        ),
        (
            "a removed tag",
            Box::new(|f| {
                f.write(
                    "content/stories/first.md",
                    &story("First story", "", "## Start\n\nI began.").replace("tags: [recovery]", "tags: [housing]"),
                );
                vec!["content/stories/first.md"]
            }),
        ),
        (
            "a renamed file",
            Box::new(|f| {
                std::fs::rename(f.path("content/stories/first.md"), f.path("content/stories/renamed.md")).unwrap();
                vec!["content/stories/first.md", "content/stories/renamed.md"]
            }),
        ),
        (
            "a deleted file",
            Box::new(|f| {
                f.remove("content/stories/second.md");
                vec!["content/stories/second.md"]
            }),
        ),
        (
            "a new file",
            Box::new(|f| {
                f.write(
                    "content/stories/third.md",
                    &story("Third story", "", "## Middle\n\nA third."),
                );
                vec!["content/stories/third.md"]
            }),
        ),
        (
            "a template edit",
            Box::new(|f| {
                let base = std::fs::read_to_string(f.path("themes/default/templates/base.html")).unwrap();
                f.write(
                    "templates/base.html",
                    &base.replace("Skip to main content", "Skip to the content"),
                );
                vec!["templates/base.html"]
            }),
        ),
        (
            "a config edit",
            Box::new(|f| {
                let cfg = std::fs::read_to_string(f.path("trailhead.toml")).unwrap();
                let title = cfg.lines().find(|l| l.starts_with("title")).unwrap().to_owned();
                f.write(
                    "trailhead.toml",
                    &cfg.replacen(&title, "title = \"A renamed collective\"", 1),
                );
                vec!["trailhead.toml"]
            }),
        ),
        (
            "a stylesheet edit",
            Box::new(|f| {
                let css = std::fs::read_to_string(f.path("themes/default/static/style.css")).unwrap();
                f.write(
                    "themes/default/static/style.css",
                    &format!("{css}\n.new {{ color: red; }}\n"),
                );
                vec!["themes/default/static/style.css"]
            }),
        ),
    ];
    for (step, edit) in steps {
        let rels = edit(&f);
        apply(&mut preview, &f, &rels);
        assert_same(&preview, &f, step);
    }
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_fixing_it_recovers() {
    let f = Fixture::new();
    let mut preview = Preview::new(f.options());
    preview.full_rebuild("first build");
    let before = preview.files().clone();
    f.write(
        "content/stories/first.md",
        "---\ntitle: First story\ndate: [oops\n---\nBody\n",
    );
    let o = preview.apply(&[f.path("content/stories/first.md")]);
    assert!(o.failed());
    let e = o.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/stories/first.md"))
    );
    assert_eq!(e.line, 3, "{e}");
    assert!(e.hint.is_some());
    assert_eq!(preview.files(), &before, "the last good site is still served");

    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Start\n\nI began again."),
    );
    let o = preview.apply(&[f.path("content/stories/first.md")]);
    assert!(!o.failed(), "{}", render(&o.diagnostics));
    if o.search_stale {
        preview.refresh_search();
    }
    assert_same(&preview, &f, "the fix");
}

#[test]
fn an_edit_that_breaks_a_link_is_reported_like_a_full_build_reports_it() {
    let f = Fixture::new();
    let mut preview = Preview::new(f.options());
    assert!(!preview.full_rebuild("first build").failed());
    let broken = story(
        "First story",
        "",
        "## Start\n\nSee [the guide](/guides/nope/), [about](/about/#nowhere) and ![A bench](bench.jpg).",
    );
    f.write("content/stories/first.md", &broken);
    let o = preview.apply(&[f.path("content/stories/first.md")]);
    assert_eq!(
        o.kind, "content/stories/first.md edited",
        "an edit in place, not a full rebuild"
    );
    let full = f.build_err();
    let errors: Vec<String> = o
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    let expected: Vec<String> = full.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 3, "{}", render(&o.diagnostics));
    assert_eq!(errors, expected);
}

#[test]
fn an_edit_that_removes_a_heading_other_pages_link_to_is_reported() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n## Who we are\n\nRead [the start](/stories/first/#start).\n",
    );
    let mut preview = Preview::new(f.options());
    assert!(!preview.full_rebuild("first build").failed());
    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Beginning\n\nI began."),
    );
    let o = preview.apply(&[f.path("content/stories/first.md")]);
    assert_eq!(o.kind, "content/stories/first.md edited");
    let errors: Vec<String> = o
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    let full: Vec<String> = f
        .build_err()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert_eq!(errors.len(), 1, "{}", render(&o.diagnostics));
    assert!(errors[0].contains("content/about.md"), "{}", errors[0]);
    assert_eq!(errors, full);
}

#[test]
fn a_bilingual_preview_equals_a_full_build_after_edits_in_either_language() {
    let f = crate::common::bilingual_site();
    let mut preview = Preview::new(f.options());
    let first = preview.full_rebuild("first build");
    assert!(!first.failed(), "{}", render(&first.diagnostics));
    assert_same(&preview, &f, "the first build");

    // A Spanish guide's body: edited in place, only in Spanish.
    f.write(
        "content/guides/crisis.es.md",
        &crate::common::guide("Líneas de crisis", "", "## Llame\n\nLlame o escriba al 988.")
            .replace("[housing]", "[crisis]"),
    );
    let o = apply(&mut preview, &f, &["content/guides/crisis.es.md"]);
    assert_eq!(o.kind, "content/guides/crisis.es.md edited");
    assert!(o.changed.iter().all(|k| k.starts_with("es/")), "{:?}", o.changed);
    assert_same(&preview, &f, "a Spanish guide edited");

    // An English page, edited in place.
    f.write(
        "content/guides/crisis.md",
        &crate::common::guide("Crisis lines", "", "## Call\n\nCall or text 988."),
    );
    let o = apply(&mut preview, &f, &["content/guides/crisis.md"]);
    assert_eq!(o.kind, "content/guides/crisis.md edited");
    assert_same(&preview, &f, "an English guide edited");

    // A translated story: its consent is its original's, so the whole site is built again.
    f.write(
        "content/stories/first.es.md",
        "---\ntitle: \"Mi primera historia\"\ndate: 2026-03-01\nsummary: \"Una historia.\"\ntags: [recuperación]\nauthor_display: Sam\n---\n\n## Inicio\n\nEmpecé de nuevo.\n",
    );
    apply(&mut preview, &f, &["content/stories/first.es.md"]);
    assert_same(&preview, &f, "a translated story edited");

    // A new Spanish page, a Spanish section's title, and the Spanish settings.
    f.write(
        "content/guides/new.es.md",
        &crate::common::guide("Guía nueva", "", "Texto.").replace("[housing]", "[vivienda]"),
    );
    apply(&mut preview, &f, &["content/guides/new.es.md"]);
    assert_same(&preview, &f, "a new Spanish page");
    f.write("content/guides/_index.es.md", "---\ntitle: Guías prácticas\n---\n");
    apply(&mut preview, &f, &["content/guides/_index.es.md"]);
    assert_same(&preview, &f, "a Spanish section renamed");
    let config = std::fs::read_to_string(f.path("trailhead.toml")).unwrap();
    f.write("trailhead.toml", &config.replace("Biblioteca de prueba", "Biblioteca"));
    apply(&mut preview, &f, &["trailhead.toml"]);
    assert_same(&preview, &f, "the Spanish settings changed");
    assert!(String::from_utf8_lossy(&preview.files()["es/index.html"]).contains("Biblioteca"));
}

#[test]
fn the_server_is_loopback_safe_and_answers_like_a_static_host() {
    let f = Fixture::new();
    let server = serve(&f, &[]);
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);

    let (status, head, body) = get(&server.addr, "/stories/first/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(head.contains("content-security-policy: default-src 'none'"), "{head}");
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("First story") && html.contains("/__trailhead/livereload.js"));
    assert!(
        !std::fs::read_to_string(f.path("public/stories/first/index.html")).is_ok_and(|s| s.contains("livereload"))
    );

    let (status, head, _) = get(&server.addr, "/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"), "{head}");
    let (status, head, _) = get(&server.addr, "/atom.xml");
    assert_eq!(status, 200);
    assert!(head.contains("xml"), "{head}");

    let (status, head, _) = get(&server.addr, "/stories");
    assert_eq!(status, 301);
    assert!(head.contains("location: /stories/"), "{head}");

    let (status, _, body) = get(&server.addr, "/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        String::from_utf8_lossy(&body).contains("<h1"),
        "the site's own 404 page"
    );

    std::fs::write(f.root().parent().unwrap().join("secret.txt"), "secret").ok();
    for p in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/stories/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%5csecret.txt",
    ] {
        let (status, _, body) = get(&server.addr, p);
        assert!(status == 400 || status == 404, "{p}: {status}");
        assert!(
            !String::from_utf8_lossy(&body).contains("secret"),
            "{p} escaped the site"
        );
    }
    assert!(!f.path("public").exists(), "serve never writes the output folder");
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let l = trailhead::serve::bind("127.0.0.1".parse().unwrap(), port, false).unwrap();
    assert_ne!(l.local_addr().unwrap().port(), port);
    // A port the user named is not swapped for another.
    let e = trailhead::serve::bind("127.0.0.1".parse().unwrap(), port, true).unwrap_err();
    assert!(e.to_string().contains(&format!("port {port} ")), "{e}");
}
