//! Building fixture sites and the bundled demo library, asserting on the output.

use crate::common::{Fixture, guide, story, tiny_png};

#[test]
fn pages_sections_and_pretty_urls() {
    let f = Fixture::new();
    let r = f.build_ok();
    assert_eq!(r.pages, 5);
    for path in [
        "index.html",
        "about/index.html",
        "stories/index.html",
        "stories/first/index.html",
        "guides/crisis-lines/index.html",
        "tags/index.html",
        "tags/recovery/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "stories/atom.xml",
        "tags/recovery/atom.xml",
        "_headers",
        "style.css",
    ] {
        assert!(f.out_exists(path), "missing {path}");
    }
    let second = f.out("stories/second/index.html");
    assert!(
        second.contains("href=\"/guides/crisis-lines/#call\""),
        "internal link rewritten"
    );
    assert!(second.contains("<h1>Second story</h1>"));
    assert_eq!(second.matches("<h1").count(), 1);
}

#[test]
fn slug_overrides_the_file_name_and_aliases_redirect() {
    let f = Fixture::new();
    f.write(
        "content/stories/first.md",
        &story("First", "slug: a-new-start\naliases: [/old/first/]\n", "Body"),
    );
    f.build_ok();
    assert!(f.out_exists("stories/a-new-start/index.html"));
    assert!(!f.out_exists("stories/first/index.html"));
    let alias = f.out("old/first/index.html");
    assert!(alias.contains("url=/stories/a-new-start/"));
    assert!(alias.contains("rel=\"canonical\" href=\"https://example.org/stories/a-new-start/\""));
}

#[test]
fn toml_front_matter_works_like_yaml() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "+++\ntitle = \"About us\"\ndate = 2026-01-02\ntags = [\"community\"]\n+++\n\nHello.\n",
    );
    f.build_ok();
    assert!(f.out("about/index.html").contains("<h1>About us</h1>"));
    assert!(f.out_exists("tags/community/index.html"));
}

#[test]
fn term_pages_are_paginated_newest_first() {
    let f = Fixture::new();
    for (i, day) in ["01", "02", "03", "04", "05"].iter().enumerate() {
        f.write(
            &format!("content/stories/s{i}.md"),
            &story(&format!("Story {i}"), "", "Body").replace("date: 2026-03-01", &format!("date: 2026-04-{day}")),
        );
    }
    f.build_ok();
    // 7 recovery pages (5 new + 2 fixture stories), 2 per page.
    assert!(f.out_exists("tags/recovery/page/4/index.html"));
    assert!(!f.out_exists("tags/recovery/page/5/index.html"));
    let first = f.out("tags/recovery/index.html");
    assert!(first.contains("Story 4") && first.contains("Story 3"), "newest first");
    assert!(!first.contains("Story 2"));
    assert!(first.contains("href=\"/tags/recovery/page/2/\""));
    let index = f.out("tags/index.html");
    assert!(
        index.contains(">Recovery</a> <span class=\"count\">7 pages</span>"),
        "{index}"
    );
}

#[test]
fn two_spellings_of_a_term_merge_with_a_warning() {
    let f = Fixture::new();
    f.write(
        "content/stories/first.md",
        &story("First", "", "Body").replace("tags: [recovery]", "tags: [Recovery]"),
    );
    let r = f.build_ok();
    let w = r
        .warnings
        .iter()
        .find(|w| w.message.contains("treated as one topic"))
        .expect("warning");
    assert!(
        w.message.contains("\"recovery\"") && w.message.contains("\"Recovery\""),
        "{w}"
    );
    assert!(
        w.message.contains("content/stories/first.md")
            || w.file.as_deref().unwrap().ends_with("first.md")
            || w.file.as_deref().unwrap().ends_with("second.md")
    );
    assert!(f.out_exists("tags/recovery/index.html"));
}

#[test]
fn withdrawn_and_expired_stories_appear_nowhere() {
    let f = Fixture::new();
    f.write(
        "content/stories/gone.md",
        &story("Zebra crossing memories", "", "Unique-body-text-xyz")
            .replace("record_id: F-1", "record_id: F-1\n  withdrawn: 2026-10-02")
            .replace("tags: [recovery]", "tags: [recovery, onlygone]"),
    );
    f.write(
        "content/stories/old.md",
        &story("Quokka afternoon", "", "Another-unique-body-abc")
            .replace("record_id: F-1", "record_id: F-1\n  expires: 2026-06-30"),
    );
    let r = f.build_ok();
    let reasons: Vec<String> = r.excluded.iter().map(|e| format!("{}: {}", e.path, e.reason)).collect();
    assert_eq!(
        reasons,
        [
            "stories/gone.md: consent was withdrawn on 2026-10-02",
            "stories/old.md: consent expired on 2026-06-30"
        ]
    );
    for (path, text) in f.all_output() {
        for needle in [
            "Zebra crossing",
            "Unique-body-text",
            "Quokka",
            "Another-unique-body",
            "stories/gone",
            "stories/old",
            "onlygone",
        ] {
            assert!(!text.contains(needle), "{needle} found in {path}");
        }
    }
    assert!(
        f.out("tags/index.html")
            .contains("<span class=\"count\">2 pages</span>")
    );
}

#[test]
fn listings_never_show_the_body_of_a_noted_story() {
    let f = Fixture::new();
    let body = "The opening line of a hard story that should never be excerpted.\n\n<!-- more -->\n\nMore.";
    f.write(
        "content/stories/noted.md",
        &story("Noted", "content_notes: [overdose]\ncollapse: true\n", body),
    );
    f.build_ok();
    let page = f.out("stories/noted/index.html");
    assert!(page.contains("This story mentions: overdose."));
    assert!(page.contains("<details class=\"story-body\">"));
    assert!(page.contains("support-box"), "overdose stories show support links");
    for listing in [
        "index.html",
        "stories/index.html",
        "tags/recovery/index.html",
        "atom.xml",
        "stories/atom.xml",
        "tags/recovery/atom.xml",
    ] {
        let text = f.out(listing);
        assert!(!text.contains("should never be excerpted"), "body excerpt in {listing}");
    }
    assert!(f.out("stories/index.html").contains("This story mentions: overdose."));
    assert!(f.out("atom.xml").contains("This story mentions: overdose."));
}

#[test]
fn story_pages_show_permission_not_consent_details() {
    let f = Fixture::new();
    f.build_ok();
    let page = f.out("stories/first/index.html");
    assert!(page.contains("Shared with permission"));
    assert!(!page.contains("F-1"), "record ids never reach readers");
    assert!(page.contains("\"@type\":\"Article\""));
}

#[test]
fn guides_show_contacts_with_tel_links_and_review_state() {
    let f = Fixture::new();
    f.write(
        "content/guides/crisis-lines.md",
        &guide("Crisis lines", "", "## Call\n\nCall.")
            .replace("last_reviewed: 2026-10-01", "last_reviewed: 2025-01-01"),
    );
    let r = f.build_ok();
    assert!(r.warnings.iter().any(|w| w.message.contains("due for review")));
    let page = f.out("guides/crisis-lines/index.html");
    assert!(page.contains("href=\"tel:+18006624357\">Call 1-800-662-4357</a>"));
    assert!(page.contains("Hours can change. Call before you go."));
    assert!(page.contains("We are re-checking"));
    assert!(page.contains("\"@type\":\"ContactPoint\""));
}

#[test]
fn drafts_only_with_the_flag() {
    let f = Fixture::new();
    f.write("content/news.md", "---\ntitle: News\ndraft: true\n---\nDraft.\n");
    f.build_ok();
    assert!(!f.out_exists("news/index.html"));
    let mut o = f.options();
    o.drafts = true;
    trailhead::build(&o).unwrap();
    assert!(f.out_exists("news/index.html"));
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let f = Fixture::new();
    f.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Custom lost page</h1>{% endblock content %}",
    );
    f.write("static/style.css", "/* mine */");
    f.write("content/stories/photo.txt", "asset");
    f.build_ok();
    assert!(f.out("404.html").contains("Custom lost page"));
    assert_eq!(f.out("style.css"), "/* mine */");
    assert_eq!(f.out("stories/photo.txt"), "asset");
}

#[test]
fn untrusted_strings_are_escaped() {
    let f = Fixture::new();
    f.write(
        "content/stories/x.md",
        &story("<script>alert(1)</script>", "", "Body <img src=x onerror=alert(1)>"),
    );
    let r = f.build_ok();
    let page = f.out("stories/x/index.html");
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<img src=x"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message.contains("raw HTML is turned off in stories"))
    );
}

#[test]
fn output_is_deterministic() {
    let f = Fixture::new();
    f.build_ok();
    let a = f.all_output();
    f.build_ok();
    assert_eq!(a, f.all_output());
}

#[test]
fn privacy_headers_and_meta() {
    let f = Fixture::new();
    f.build_ok();
    let headers = f.out("_headers");
    assert!(headers.contains("Content-Security-Policy: default-src 'none'; script-src 'self'"));
    assert!(headers.contains("Referrer-Policy: no-referrer"));
    let home = f.out("index.html");
    assert!(home.contains("<meta name=\"referrer\" content=\"no-referrer\">"));
    assert!(home.contains("aria-label=\"Get help now\""));
    assert!(home.contains("href=\"tel:988\">Call 988</a>"));
    let skip = home.find("Skip to main content").unwrap();
    let exit = home.find("class=\"quick-exit\"").unwrap();
    let main = home.find("<main").unwrap();
    assert!(skip < exit && exit < main);
    assert!(!home.contains(" style="), "no inline styles");
}

#[test]
fn new_scaffolds_a_site_that_builds_and_refuses_non_empty_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    trailhead::scaffold::create(&dir).unwrap();
    // The scaffold dates its pages today (or TRAILHEAD_TODAY), so it is built with the same
    // day; a fixed date would call them "in the future" on any later day.
    let o = trailhead::BuildOptions::new(&dir);
    let r = trailhead::build(&o).unwrap();
    assert!(r.pages >= 3, "{r:?}");
    assert!(dir.join("public/stories/a-first-story/index.html").exists());
    assert!(dir.join("public/guides/reach-a-crisis-line/index.html").exists());
    assert!(dir.join("public/about/index.html").exists());
    let e = trailhead::scaffold::create(&dir).unwrap_err();
    assert!(e.message.contains("not empty"));
}

#[test]
fn new_writes_a_workflow_that_checks_builds_and_publishes_every_day() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    trailhead::scaffold::create(&dir).unwrap();
    let text = std::fs::read_to_string(dir.join(".github/workflows/site.yml")).unwrap();
    let yaml: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    // `on` is a string in YAML 1.2 and `true` in YAML 1.1; accept either spelling.
    let on = yaml.get("on").or_else(|| yaml.get("true")).expect("an `on:` key");
    for trigger in ["push", "schedule", "workflow_dispatch"] {
        assert!(on.get(trigger).is_some(), "the workflow does not run on {trigger}");
    }
    let cron = on["schedule"][0]["cron"].as_str().expect("a cron schedule");
    assert_eq!(cron.split_whitespace().count(), 5, "{cron}");
    let steps: Vec<&serde_json::Value> = yaml["jobs"]
        .as_object()
        .expect("jobs")
        .values()
        .flat_map(|job| job["steps"].as_array().expect("steps"))
        .collect();
    let step = |command: &str| {
        *steps
            .iter()
            .find(|s| {
                s["run"]
                    .as_str()
                    .is_some_and(|r| r.lines().any(|l| l.trim() == command))
            })
            .unwrap_or_else(|| panic!("no step runs `{command}`"))
    };
    let commands = ["trailhead check", "trailhead consent --within 60", "trailhead build"];
    for command in commands {
        step(command);
    }
    // Expiring consent (exit code 3) warns without stopping the publication.
    let consent = step("trailhead consent --within 60");
    assert_eq!(consent["continue-on-error"], serde_json::json!(true));
    assert!(consent["name"].as_str().unwrap().contains("60 days"));
    let uses = |action: &str| {
        steps
            .iter()
            .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(action)))
    };
    assert_eq!(
        uses("actions/upload-pages-artifact@").unwrap()["with"]["path"],
        "public"
    );
    assert!(uses("actions/deploy-pages@").is_some());
    assert!(uses("dtolnay/rust-toolchain@").is_some());
    assert_eq!(yaml["permissions"]["pages"], "write");
    assert_eq!(yaml["permissions"]["id-token"], "write");
    // On crates.io the name `trailhead` is another program: Trailhead comes from a Git address.
    let install = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .flat_map(str::lines)
        .find(|l| l.trim_start().starts_with("cargo install"))
        .expect("a step installs Trailhead");
    assert!(install.contains("--git"), "{install}");
    // The deployment guide describes the same commands.
    let guide =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy.md")).unwrap();
    for command in commands {
        assert!(guide.contains(command), "docs/deploy.md does not mention `{command}`");
    }
}

#[test]
fn the_demo_library_builds_cleanly() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let mut o = trailhead::BuildOptions::new(root);
    o.output = Some(out.path().join("public"));
    o.today = Some(jiff::civil::date(2026, 11, 22));
    let r = match trailhead::build(&o) {
        Ok(r) => r,
        Err(e) => panic!("{}", crate::common::render(&e.diagnostics)),
    };
    assert!(r.warnings.is_empty(), "{}", crate::common::render(&r.warnings));
    let stories = std::fs::read_dir(root.join("content/stories")).unwrap().count() - 1;
    let guides = std::fs::read_dir(root.join("content/guides")).unwrap().count() - 1;
    assert!(stories - r.excluded.len() >= 12, "at least 12 published stories");
    assert!(guides >= 12, "at least 12 guides");
    assert!(r.excluded.len() >= 2, "the demo shows consent handling");
    let tags = std::fs::read_dir(out.path().join("public/tags"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert!(tags >= 15, "at least 15 topics, found {tags}");
    for p in [
        "index.html",
        "stories/index.html",
        "stories/page/2/index.html",
        "guides/index.html",
        "tags/index.html",
        "tags/recovery/page/2/index.html",
        "atom.xml",
        "sitemap.xml",
        "404.html",
        "about/index.html",
    ] {
        assert!(out.path().join("public").join(p).exists(), "demo lacks {p}");
    }
}

#[test]
fn decorative_images_get_empty_alt_text_and_described_ones_keep_theirs() {
    let f = Fixture::new();
    f.write_bytes("content/stories/river.png", &tiny_png());
    f.write(
        "content/stories/first.md",
        &story(
            "First story",
            "",
            "## Start\n\n![](river.png \"decorative\")\n\n![The river at dawn](river.png)\n",
        ),
    );
    f.build_ok();
    let html = f.out("stories/first/index.html");
    assert!(html.contains(r#"<img src="/stories/river.png" alt="" />"#), "{html}");
    assert!(
        html.contains(r#"<img src="/stories/river.png" alt="The river at dawn" />"#),
        "{html}"
    );
}

/// A PNG with the author's name and a place in text chunks and an EXIF block.
fn png_with_metadata() -> Vec<u8> {
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(data);
        c.extend_from_slice(&crc32(&crc_input).to_be_bytes());
        c
    }
    let png = tiny_png();
    let (head, tail) = png.split_at(33);
    let mut out = head.to_vec();
    out.extend(chunk(b"tEXt", b"Author\0Jane Real-Name"));
    out.extend(chunk(b"eXIf", b"MM\0*\0\0\0\x08\0\0\0\0\0\0GPS 41.87 N 87.62 W"));
    out.extend_from_slice(tail);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn published_images_lose_their_hidden_metadata() {
    let f = Fixture::new();
    let original = png_with_metadata();
    assert!(String::from_utf8_lossy(&original).contains("Jane Real-Name"));
    f.write_bytes("content/stories/photo.png", &original);
    f.write_bytes("static/images/team.png", &original);
    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Start\n\n![Our group at the park](photo.png)\n"),
    );
    f.build_ok();
    for out in ["stories/photo.png", "images/team.png"] {
        let bytes = std::fs::read(f.path(&format!("public/{out}"))).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Jane") && !text.contains("GPS"), "{out} kept metadata");
        assert!(
            bytes.starts_with(b"\x89PNG") && text.contains("IDAT") && text.contains("IEND"),
            "{out} is still a PNG"
        );
    }
}

#[test]
fn rebuilds_reuse_the_previous_output_but_equal_a_fresh_build() {
    let f = Fixture::new();
    f.write(
        "content/stories/third.md",
        &story("Third story", "", "## Middle\n\nA third."),
    );
    f.build_ok();
    f.build_ok();
    assert!(
        f.root().join(".public.trailhead-spare").is_dir(),
        "the older output is kept as a spare"
    );
    f.remove("content/stories/third.md");
    f.build_ok();
    f.build_ok();
    let recycled = f.all_output();
    assert!(
        recycled
            .iter()
            .all(|(p, text)| !p.contains("third") && !text.contains("Third story")),
        "a removed page must not survive in a recycled output"
    );
    let fresh = tempfile::tempdir().unwrap();
    let mut opts = f.options();
    opts.output = Some(fresh.path().join("public"));
    trailhead::build(&opts).unwrap();
    let mut fresh_files: Vec<String> = walkdir::WalkDir::new(fresh.path().join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(fresh.path().join("public"))
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    fresh_files.sort();
    let mut recycled_files: Vec<String> = recycled.into_iter().map(|(p, _)| p).collect();
    recycled_files.sort();
    assert_eq!(recycled_files, fresh_files);
}

#[test]
fn a_rebuild_leaves_files_whose_bytes_did_not_change_alone() {
    use std::time::{Duration, SystemTime};
    let f = Fixture::new();
    f.write("static/notes.txt", "first words");
    f.build_ok();
    f.build_ok();
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let mtime = |rel: &str| std::fs::metadata(f.path(rel)).unwrap().modified().unwrap();
    let age = |rel: &str| {
        std::fs::File::options()
            .write(true)
            .open(f.path(rel))
            .unwrap()
            .set_modified(old)
            .unwrap()
    };
    // The output and the spare both hold this build's bytes now; mark the files as old.
    for rel in [
        "public/stories/first/index.html",
        "public/guides/index.html",
        "public/about/index.html",
    ] {
        age(rel);
        age(&rel.replace("public/", ".public.trailhead-spare/"));
    }
    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Start\n\nI began again."),
    );
    // The same length, a newer file: copied again.
    std::thread::sleep(Duration::from_millis(20));
    f.write("static/notes.txt", "other words");
    let report = f.build_ok();
    assert!(
        report.unchanged > 0 && report.unchanged < report.files,
        "{} of {} unchanged",
        report.unchanged,
        report.files
    );
    assert_ne!(
        mtime("public/stories/first/index.html"),
        old,
        "the edited story was written"
    );
    assert!(f.out("stories/first/index.html").contains("I began again."));
    assert_eq!(
        mtime("public/about/index.html"),
        old,
        "an unchanged page was not rewritten"
    );
    assert_eq!(
        f.out("notes.txt"),
        "other words",
        "a changed static file of the same length is copied"
    );
    // A spare whose files were emptied is written in full again.
    f.remove("content/stories/first.md");
    f.build_ok();
    let report = f.build_ok();
    assert!(!f.out_exists("stories/first/index.html"));
    assert!(f.out("about/index.html").contains("Peers."));
    assert!(report.unchanged < report.files);
}

#[test]
fn an_anonymous_storyteller_is_not_named_anonymous_and_the_toggle_says_what_it_does() {
    let f = Fixture::new();
    f.write(
        "content/stories/first.md",
        &story(
            "First story",
            "collapse: true\ncontent_notes: [substance-use]\n",
            "## Start\n\nI began.",
        )
        .replace("author_display: Sam", "author_display: Anonymous"),
    );
    f.build_ok();
    let page = f.out("stories/first/index.html");
    assert!(page.contains("<p class=\"byline\">Shared anonymously</p>"), "{page}");
    assert!(!page.contains("Shared by Anonymous"));
    assert!(page.contains(
        "<span class=\"toggle-show\">Show the story</span><span class=\"toggle-hide\">Hide the story</span>"
    ));
    assert!(!f.out("stories/index.html").contains("Shared by Anonymous"));
    assert!(page.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"));
    assert!(f.out("favicon.svg").starts_with("<svg"));
}

#[test]
fn sound_and_video_from_the_site_play_and_need_a_transcript() {
    let f = Fixture::new();
    f.write_bytes("static/media/ana.mp3", b"ID3");
    f.write(
        "content/guides/first.md",
        &guide(
            "First guide",
            "",
            "## Listen\n\n<audio controls src=\"/media/ana.mp3\"></audio>\n\nMore.",
        ),
    );
    let report = f.build_ok();
    let w = report
        .warnings
        .iter()
        .find(|w| w.message.contains("no transcript"))
        .expect("a warning without a transcript");
    assert_eq!(w.file.as_deref(), Some(std::path::Path::new("content/guides/first.md")));
    assert!(f.out("_headers").contains("media-src 'self'"));
    f.write(
        "content/guides/first.md",
        &guide(
            "First guide",
            "",
            "## Listen\n\n<audio controls src=\"/media/ana.mp3\"></audio>\n\n<details class=\"transcript\"><summary>Transcript</summary>\n\nAna: I started going to the group in May.\n\n</details>\n",
        ),
    );
    let report = f.build_ok();
    assert!(!report.warnings.iter().any(|w| w.message.contains("transcript")));
    assert!(
        f.out("guides/first/index.html")
            .contains("<audio controls src=\"/media/ana.mp3\"></audio>")
    );
}

#[test]
fn a_collapsed_story_shows_its_storytellers_words_or_summary_above_the_toggle() {
    let f = Fixture::new();
    f.write(
        "content/stories/first.md",
        &story(
            "First story",
            "collapse: true\ncontent_notes: [substance-use]\npull_quote: \"I am still here.\"\n",
            "## Start\n\nI began.",
        ),
    );
    f.write(
        "content/stories/second.md",
        &story("Second story", "collapse: true\ncontent_notes: [overdose]\n", "Body."),
    );
    f.build_ok();
    let first = f.out("stories/first/index.html");
    let quote = first.find("<blockquote class=\"pull-quote\"><p>I am still here.</p><footer>Sam</footer></blockquote>");
    let toggle = first.find("<details class=\"story-body\">");
    assert!(quote.is_some() && quote < toggle, "{first}");
    let second = f.out("stories/second/index.html");
    let lead = second
        .find("<p class=\"lead\">A story.</p>")
        .expect("the summary instead");
    assert!(Some(lead) < second.find("<details class=\"story-body\">"), "{second}");
    f.write(
        "content/guides/first.md",
        &guide("First guide", "pull_quote: \"x\"\n", "Text."),
    );
    let errors = f.build_err();
    assert!(
        errors.iter().any(|e| e.message.contains("`pull_quote`")),
        "{}",
        crate::common::render(&errors)
    );
}

#[test]
fn terms_have_display_names_and_their_addresses_stay() {
    let f = Fixture::new();
    f.write(
        "trailhead.toml",
        &crate::common::CONFIG.replace(
            "taxonomies = [\"tags\"]",
            "taxonomies = [{ name = \"tags\", names = { lgbtq = \"LGBTQ+\" } }]",
        ),
    );
    f.write(
        "content/stories/first.md",
        &story("First story", "", "Body.").replace("[recovery]", "[harm reduction, lgbtq]"),
    );
    f.build_ok();
    let page = f.out("tags/harm-reduction/index.html");
    assert!(page.contains("<h1>Harm Reduction</h1>"), "{page}");
    assert!(f.out("tags/lgbtq/index.html").contains("<h1>LGBTQ+</h1>"));
    assert!(f.out("stories/first/index.html").contains(">Harm Reduction</a>"));
}
