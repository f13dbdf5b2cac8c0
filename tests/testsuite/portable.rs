//! The portable copy (`build --portable`): works from a folder with no server, holds only
//! stories whose consent includes `offline`, and names no public address.

use crate::common::{Fixture, bilingual_site, story};

fn portable(f: &Fixture) -> trailhead::pipeline::BuildReport {
    let mut o = f.options();
    o.portable = true;
    o.output = Some(f.path("portable"));
    match trailhead::build(&o) {
        Ok(r) => r,
        Err(e) => panic!("{}", crate::common::render(&e.diagnostics)),
    }
}

/// Every file of the portable copy, by path.
fn files(f: &Fixture) -> Vec<(String, String)> {
    let dir = f.path("portable");
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".trailhead-output")
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (
                rel,
                String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned(),
            )
        })
        .collect()
}

#[test]
fn a_portable_copy_has_relative_links_and_only_offline_stories() {
    let f = Fixture::new();
    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Start\n\nI began.").replace("scope: [web]", "scope: [web, offline]"),
    );
    f.write(
        "content/stories/second.md",
        &story("Web only story", "", "Only on the website. Read [the first](first.md)."),
    );
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n## Who we are\n\nRead [a story](stories/second.md) and [another](stories/first.md#start).\n",
    );
    let report = portable(&f);
    assert!(
        report
            .excluded
            .iter()
            .any(|e| e.path == "stories/second.md" && e.reason.contains("offline"))
    );
    let all = files(&f);
    assert!(!all.is_empty());
    for (path, text) in &all {
        assert!(
            !text.contains("Web only story") && !path.contains("second"),
            "{path} has the web-only story"
        );
        assert!(!text.contains("example.org"), "{path} names the public address");
        assert!(
            !text.contains("href=\"/") && !text.contains("src=\"/"),
            "{path} has a root-relative address"
        );
    }
    for gone in ["atom.xml", "sitemap.xml", "robots.txt", "_headers", "404.html"] {
        assert!(!all.iter().any(|(p, _)| p.ends_with(gone)), "{gone} is for a website");
    }
    let about = &all.iter().find(|(p, _)| p == "about/index.html").unwrap().1;
    assert!(about.contains("href=\"../stories/first/index.html#start\""), "{about}");
    assert!(about.contains("href=\"../style.css\"") && about.contains("src=\"../quick-exit.js\""));
    assert!(about.contains("a story"), "the link to a left-out story keeps its text");
    assert!(!about.contains("stories/second"));
    // The website build still has both, in public/.
    f.build_ok();
    assert!(f.out_exists("stories/second/index.html"));
}

#[test]
fn a_bilingual_portable_copy_links_languages_relatively() {
    let f = bilingual_site();
    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Start\n\nI began.").replace("scope: [web]", "scope: [web, translation, offline]"),
    );
    portable(&f);
    let all = files(&f);
    let es = &all
        .iter()
        .find(|(p, _)| p == "es/stories/first/index.html")
        .expect("the translation")
        .1;
    assert!(
        es.contains("<a href=\"../../../stories/first/index.html\" hreflang=\"en\" lang=\"en\">English</a>"),
        "{es}"
    );
    assert!(es.contains("action=\"../../../es/search/index.html\""), "{es}");
    let search = &all.iter().find(|(p, _)| p == "es/search/index.html").unwrap().1;
    assert!(search.contains("data-index=\"./\" data-root=\"../../\""), "{search}");
}

#[test]
fn the_zip_unpacks_to_one_folder_holding_the_portable_copy() {
    let f = Fixture::new();
    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Start\n\nI began.").replace("scope: [web]", "scope: [web, offline]"),
    );
    f.write(
        "content/stories/second.md",
        &story("Web only story", "", "Only on the website."),
    );
    let mut o = f.options();
    o.zip = Some(f.path("library.zip"));
    o.output = Some(f.path("portable"));
    trailhead::build(&o).unwrap_or_else(|e| panic!("{}", crate::common::render(&e.diagnostics)));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(f.path("library.zip")).unwrap()).unwrap();
    let names: Vec<String> = archive.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert!(names.iter().all(|n| n.starts_with("portable/")), "{names:?}");
    assert!(names.contains(&"portable/index.html".to_owned()));
    assert!(!names.iter().any(|n| n.contains(".trailhead-output")));
    let unpacked = tempfile::tempdir().unwrap();
    archive.extract(unpacked.path()).unwrap();
    for (path, text) in files(&f) {
        let from_zip = std::fs::read_to_string(unpacked.path().join("portable").join(&path)).unwrap();
        assert_eq!(from_zip, text, "{path} differs in the archive");
        assert!(!text.contains("Web only story"), "{path}");
    }
    assert!(!f.path("library.zip.partial").exists());
    // The same site gives the same archive.
    let first = std::fs::read(f.path("library.zip")).unwrap();
    trailhead::build(&o).unwrap();
    assert_eq!(std::fs::read(f.path("library.zip")).unwrap(), first);
}

#[test]
fn portable_in_the_settings_makes_every_build_portable() {
    let f = Fixture::new();
    f.write("trailhead.toml", &format!("portable = true\n{}", crate::common::CONFIG));
    let report = f
        .build()
        .unwrap_or_else(|e| panic!("{}", crate::common::render(&e.diagnostics)));
    assert!(
        report.excluded.iter().any(|e| e.path == "stories/first.md"),
        "no offline scope"
    );
    let home = f.out("index.html");
    assert!(home.contains("href=\"style.css\""), "{home}");
    assert!(!f.out_exists("sitemap.xml"));
}
