//! Consent at its edges: a withdrawn or expired story never blocks the build of other pages,
//! leaves no trace anywhere under the site folder, and the register reports what the build does.

use std::path::Path;

use crate::common::{Fixture, render, story};
use trailhead::diagnostics::Diagnostic;
use trailhead::serve::preview::Preview;

const TITLE: &str = "Maria's long road home";
const SLUG: &str = "marias-long-road-home";
const PHRASE: &str = "kingfisher-lantern-harbor";

/// A fixture whose story `stories/maria.md` (slug `marias-long-road-home`) is linked from four
/// places in four ways, with link texts that are not its title.
fn linked_fixture() -> Fixture {
    let f = Fixture::new();
    f.write("content/stories/maria.md", &maria(""));
    f.write(
        "content/guides/housing.md",
        &crate::common::guide(
            "Housing help",
            "",
            "## Where to start\n\nRead [a story about it](../stories/maria.md) first.\n\nOr [the same story](@/stories/maria.md#the-road).\n",
        ),
    );
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n## Who we are\n\nPeers. One of us wrote [this](/stories/marias-long-road-home/).\n",
    );
    f.write(
        "content/stories/_index.md",
        "---\ntitle: Stories\n---\nStart [here](marias-long-road-home/) if you like.\n",
    );
    f
}

fn maria(consent_extra: &str) -> String {
    story(
        TITLE,
        "slug: marias-long-road-home\n",
        &format!("## The road\n\nI walked past the {PHRASE} every night."),
    )
    .replace("record_id: F-1", &format!("record_id: F-1{consent_extra}"))
}

fn warnings_about<'a>(warnings: &'a [Diagnostic], what: &str) -> Vec<&'a Diagnostic> {
    warnings.iter().filter(|d| d.message.contains(what)).collect()
}

/// Every file (and every file or folder name) under the site folder outside `content/`,
/// hidden folders included, that mentions any of `needles`.
fn traces(root: &Path, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for e in walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok) {
        let rel = e
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.is_empty() || rel == "content" || rel.starts_with("content/") {
            continue;
        }
        let lower_name = rel.to_lowercase();
        for n in needles {
            if lower_name.contains(&n.to_lowercase()) {
                found.push(format!("{rel} (its name)"));
            }
        }
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            // Titles are HTML-escaped in pages and JSON-escaped in the search index.
            for n in needles {
                let n = n.to_lowercase();
                let forms = [
                    n.clone(),
                    n.replace('\'', "&#39;"),
                    n.replace('\'', "&#x27;"),
                    n.replace('\'', "\\u0027"),
                ];
                if forms.iter().any(|f| text.contains(f.as_str())) {
                    found.push(rel.clone());
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn withdrawing_a_linked_story_succeeds_and_its_links_become_text() {
    let f = linked_fixture();
    f.build_ok();
    assert!(
        f.out("guides/housing/index.html")
            .contains("href=\"/stories/marias-long-road-home/\"")
    );

    f.write("content/stories/maria.md", &maria("\n  withdrawn: 2026-11-20"));
    let report = f.build_ok();
    assert!(!f.out_exists("stories/marias-long-road-home/index.html"));
    let guide = f.out("guides/housing/index.html");
    assert!(guide.contains("Read a story about it first."), "{guide}");
    assert!(guide.contains("Or the same story."), "{guide}");
    assert!(f.out("about/index.html").contains("One of us wrote this."));
    assert!(f.out("stories/index.html").contains("Start here if you like."));

    let w = warnings_about(&report.warnings, "which is not published");
    let places: Vec<String> = w
        .iter()
        .map(|d| format!("{}:{}:{}", d.file.as_ref().unwrap().display(), d.line, d.col))
        .collect();
    assert_eq!(
        places,
        [
            "content/about.md:6:24",
            "content/guides/housing.md:13:6",
            "content/guides/housing.md:15:4",
            "content/stories/_index.md:4:7",
        ],
        "{}",
        render(&report.warnings)
    );
    assert!(
        w[1].message.contains(
            "the link `../stories/maria.md` points to content/stories/maria.md, which is not published (consent was withdrawn on 2026-11-20), so only the link's text is shown"
        ),
        "{}",
        w[1]
    );
    assert!(w.iter().all(|d| !d.is_error()));
    assert_eq!(report.excluded.len(), 1);
    assert_eq!(report.excluded[0].reason, "consent was withdrawn on 2026-11-20");
}

#[test]
fn expiry_reached_on_a_linked_story_succeeds_too() {
    let f = linked_fixture();
    // The fixtures' today is 2026-11-22.
    f.write("content/stories/maria.md", &maria("\n  expires: 2026-11-22"));
    let report = f.build_ok();
    assert!(!f.out_exists("stories/marias-long-road-home/index.html"));
    assert!(
        f.out("guides/housing/index.html")
            .contains("Read a story about it first.")
    );
    let w = warnings_about(&report.warnings, "(consent expired on 2026-11-22)");
    assert_eq!(w.len(), 4, "{}", render(&report.warnings));
}

#[test]
fn a_withdrawn_story_with_other_mistakes_is_still_left_out() {
    let f = linked_fixture();
    f.build_ok();
    // Withdrawn, with an unknown content note and a malformed withdrawal date: the withdrawal
    // must not wait for the file to be fixed.
    f.write(
        "content/stories/maria.md",
        &maria("\n  withdrawn: 20/11/2026")
            .replace("author_display: Sam\n", "author_display: Sam\ncontent_notes: [grief]\n"),
    );
    let report = f.build_ok();
    assert!(!f.out_exists("stories/marias-long-road-home/index.html"));
    assert_eq!(report.excluded[0].reason, "consent was withdrawn");
    let all = render(&report.warnings);
    assert!(
        all.contains("unknown content note \"grief\" (the story is left out, so this does not stop the build)"),
        "{all}"
    );
    assert!(
        all.contains("`withdrawn` is neither a date nor true, so the story is treated as withdrawn"),
        "{all}"
    );
}

#[test]
fn a_withdrawn_story_leaves_no_trace_under_the_site_folder() {
    let f = linked_fixture();
    // Two builds, so the spare (the previous output) holds the story too.
    f.build_ok();
    f.build_ok();
    assert!(
        !traces(f.root(), &[TITLE, SLUG, PHRASE]).is_empty(),
        "the story is published at first"
    );
    // A build killed midway left its staging folder with the story in it.
    let killed = f.path(".public.trailhead-new-4000001");
    std::fs::create_dir_all(killed.join("stories/marias-long-road-home")).unwrap();
    std::fs::write(killed.join(".trailhead-output"), "").unwrap();
    std::fs::write(
        killed.join("stories/marias-long-road-home/index.html"),
        format!("<h1>{TITLE}</h1><p>{PHRASE}</p>"),
    )
    .unwrap();

    f.write("content/stories/maria.md", &maria("\n  withdrawn: 2026-11-20"));
    f.build_ok();
    assert_eq!(traces(f.root(), &[TITLE, SLUG, PHRASE]), Vec::<String>::new());
    assert!(!killed.exists(), "the killed build's folder is gone");
    assert!(
        f.path(".public.trailhead-spare").is_dir(),
        "the spare is kept for speed"
    );

    // Another build after that keeps it so.
    f.build_ok();
    assert_eq!(traces(f.root(), &[TITLE, SLUG, PHRASE]), Vec::<String>::new());
}

#[test]
fn a_failed_build_says_the_old_site_still_shows_a_withdrawn_story() {
    let f = linked_fixture();
    f.build_ok();
    f.write("content/stories/maria.md", &maria("\n  withdrawn: 2026-11-20"));
    f.write(
        "content/guides/broken.md",
        "---\ntitle: Broken\ndate: not-a-date\n---\n",
    );
    let failure = f.build().expect_err("the broken guide stops the build");
    let all = render(&failure.diagnostics);
    assert!(
        all.contains(&format!(
            "still shows content/stories/maria.md (\"{TITLE}\"), but consent was withdrawn on 2026-11-20: it is only removed by a build that succeeds"
        )),
        "{all}"
    );
    assert!(
        f.out_exists("stories/marias-long-road-home/index.html"),
        "the old output is untouched"
    );
}

#[test]
fn templates_asking_for_a_withdrawn_story_get_nothing() {
    let f = linked_fixture();
    let page = std::fs::read_to_string(f.path("themes/default/templates/page.html")).unwrap();
    let feature = "{% set featured = get_page(path=\"stories/maria.md\") %}{% if featured %}<p class=\"featured\">Featured: {{ featured.title }}</p>{% endif %}\n";
    f.write(
        "templates/page.html",
        &page.replacen("{% block content %}", &format!("{{% block content %}}{feature}"), 1),
    );
    f.build_ok();
    assert!(f.out("about/index.html").contains("Featured: Maria"));

    f.write("content/stories/maria.md", &maria("\n  withdrawn: true"));
    let report = f.build_ok();
    assert!(!f.out("about/index.html").contains("Featured"));
    let w = warnings_about(
        &report.warnings,
        "a template asks for content/stories/maria.md with get_page",
    );
    assert_eq!(w.len(), 1, "{}", render(&report.warnings));
    assert_eq!(w[0].file.as_deref(), Some(Path::new("templates/page.html")));
    assert!(
        w[0].message
            .contains("not published (consent was withdrawn), so it gets nothing")
    );
}

#[test]
fn serve_forgets_a_story_withdrawn_while_it_runs() {
    let f = linked_fixture();
    let mut preview = Preview::new(f.options());
    let first = preview.full_rebuild("first build");
    assert!(!first.failed(), "{}", render(&first.diagnostics));
    let has = |preview: &Preview, needle: &str| {
        preview
            .files()
            .iter()
            .filter(|(_, v)| String::from_utf8_lossy(v).contains(needle))
            .map(|(k, _)| k.clone())
            .collect::<Vec<_>>()
    };
    assert!(!has(&preview, PHRASE).is_empty());

    f.write("content/stories/maria.md", &maria("\n  withdrawn: 2026-11-21"));
    let o = preview.apply(&[f.path("content/stories/maria.md")]);
    assert!(!o.failed(), "{}", render(&o.diagnostics));
    if o.search_stale {
        assert!(!preview.refresh_search().failed());
    }
    for needle in [
        TITLE,
        SLUG,
        PHRASE,
        "Maria&#39;s long road home",
        "Maria\\u0027s long road home",
    ] {
        assert_eq!(has(&preview, needle), Vec::<String>::new(), "{needle} is still served");
    }
}

#[test]
fn safe_messaging_reviews_record_who_and_when() {
    let f = Fixture::new();
    f.write(
        "content/stories/old-form.md",
        &story(
            "Old form",
            "content_notes: [suicide]\nsafe_messaging_reviewed: true\n",
            "Text.",
        ),
    );
    f.write(
        "content/stories/new-form.md",
        &story(
            "New form",
            "content_notes: [self-harm]\nsafe_messaging_review:\n  by: \"J. Rivera, CPS\"\n  date: 2026-02-01\n",
            "Text.",
        ),
    );
    let report = f.build_ok();
    let w = warnings_about(
        &report.warnings,
        "safe_messaging_reviewed: true` does not record who reviewed",
    );
    assert_eq!(w.len(), 1, "{}", render(&report.warnings));
    assert_eq!(
        (w[0].file.as_deref(), w[0].line),
        (Some(Path::new("content/stories/old-form.md")), 8)
    );
    assert!(
        w[0].hint
            .as_deref()
            .unwrap()
            .contains("safe_messaging_review:\n    by:")
    );

    f.write(
        "content/stories/new-form.md",
        &story(
            "New form",
            "content_notes: [self-harm]\nsafe_messaging_review:\n  date: 2026-02-01\n",
            "Text.",
        ),
    );
    let e = f.build_err();
    assert!(
        e[0].message
            .contains("the safe-messaging review does not say who did it"),
        "{}",
        render(&e)
    );
    f.write(
        "content/stories/new-form.md",
        &story("New form", "content_notes: [self-harm]\n", "Text."),
    );
    let e = f.build_err();
    assert!(e[0].message.contains("needs a safe-messaging review"), "{}", render(&e));
}

#[test]
fn an_approved_fingerprint_notices_a_changed_text() {
    let f = Fixture::new();
    let body = "## Start\n\nI began again.";
    let fp = trailhead::consent::fingerprint(body);
    let with = |body: &str| {
        story("Printed", "", body).replace("final_text_approved: true", &format!("final_text_approved: \"{fp}\""))
    };
    f.write("content/stories/printed.md", &with(body));
    let report = f.build_ok();
    assert!(
        warnings_about(&report.warnings, "changed since").is_empty(),
        "{}",
        render(&report.warnings)
    );

    f.write(
        "content/stories/printed.md",
        &with("## Start\n\nI began again, and again."),
    );
    let report = f.build_ok();
    let w = warnings_about(
        &report.warnings,
        "the text of this story changed since the storyteller approved it",
    );
    assert_eq!(w.len(), 1, "{}", render(&report.warnings));
    let now = trailhead::consent::fingerprint("## Start\n\nI began again, and again.");
    assert!(
        w[0].hint
            .as_deref()
            .unwrap()
            .contains(&format!("final_text_approved: \"{now}\""))
    );
    assert!(
        f.out_exists("stories/printed/index.html"),
        "a changed text warns but still publishes"
    );
}

#[test]
fn new_sites_ignore_every_folder_the_build_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("lib");
    trailhead::scaffold::create(&site).unwrap();
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    let patterns: Vec<&str> = ignore
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert_eq!(
        patterns,
        [
            "/public/",
            "/.public.trailhead-*/",
            "/portable/",
            "/.portable.trailhead-*/"
        ]
    );
}

#[test]
fn builds_killed_at_random_moments_leave_the_old_site_whole_and_no_debris() {
    let f = Fixture::new();
    for i in 0..300 {
        f.write(
            &format!("content/stories/s{i:03}.md"),
            &story(
                &format!("Story {i}"),
                "",
                &format!("## Part\n\nWords of story {i}. {PHRASE}"),
            ),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("trailhead");
    let build = || {
        let mut c = std::process::Command::new(&bin);
        c.args(["build", "--root"])
            .arg(f.root())
            .env("TRAILHEAD_TODAY", "2026-11-22")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        c
    };
    let started = std::time::Instant::now();
    assert!(build().status().unwrap().success());
    let full = started.elapsed();
    let reference = f.all_output();
    assert!(reference.len() > 300);

    // Kill builds at moments spread over a whole build (a fixed sequence, so a failure repeats).
    let staging_folders = || {
        std::fs::read_dir(f.root())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(".public.trailhead-new-"))
            .count()
    };
    let mut left_behind = 0;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..12 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let at = full.mul_f64((seed % 1000) as f64 / 1000.0);
        let mut child = build().spawn().unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(f.all_output(), reference, "the previous output is intact and complete");
        assert!(
            staging_folders() <= 1,
            "each build cleans up after the killed ones before it"
        );
        left_behind += staging_folders();
    }
    assert!(
        left_behind > 0,
        "some kills landed mid-build (else this test shows nothing)"
    );
    assert!(build().status().unwrap().success(), "the next build succeeds");
    assert_eq!(f.all_output(), reference);
    let mut beside: Vec<String> = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("public"))
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        [".public.trailhead-spare", "public"],
        "no staging folder is left behind"
    );
}

#[test]
fn a_draft_story_may_wait_for_its_consent() {
    let f = Fixture::new();
    f.write(
        "content/stories/in-progress.md",
        &story("In progress", "draft: true\n", "Text.")
            .replace("  record_id: F-1\n", "")
            .replace("  final_text_approved: true\n", ""),
    );
    let report = f.build_ok();
    assert!(!f.out_exists("stories/in-progress/index.html"));
    let w = warnings_about(
        &report.warnings,
        "(the page is a draft, so this does not stop the build)",
    );
    assert_eq!(w.len(), 2, "{}", render(&report.warnings));
    // Built with drafts (as `serve` does), the same problems are errors.
    let mut o = f.options();
    o.drafts = true;
    let failure = trailhead::build(&o).expect_err("incomplete consent is an error once the draft is built");
    assert!(render(&failure.diagnostics).contains("this story's consent is incomplete: no `record_id`"));
}
