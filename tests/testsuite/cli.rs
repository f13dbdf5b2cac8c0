//! The `trailhead` command: exit codes, summaries and messages as editors see them.

use crate::common::Fixture;
use assert_cmd::Command;
use predicates::prelude::*;

fn trailhead() -> Command {
    let mut c = Command::cargo_bin("trailhead").unwrap();
    c.env("TRAILHEAD_TODAY", "2026-11-22");
    c
}

#[test]
fn build_prints_a_summary() {
    let f = Fixture::new();
    trailhead()
        .args(["build", "--root"])
        .arg(f.root())
        .assert()
        .success()
        .stdout(predicate::str::contains("Built 5 pages, 3 sections and 2 topics"))
        .stdout(predicate::str::contains("0 warnings"));
}

#[test]
fn build_reports_left_out_stories() {
    let f = Fixture::new();
    f.write(
        "content/stories/gone.md",
        &crate::common::story("Gone", "", "B").replace("record_id: F-1", "record_id: F-1\n  withdrawn: true"),
    );
    trailhead()
        .args(["build", "--root"])
        .arg(f.root())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Left out content/stories/gone.md (\"Gone\"): consent was withdrawn.",
        ));
}

#[test]
fn a_failed_build_exits_non_zero_with_file_line_and_hint() {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\nsumary: x\n---\n");
    trailhead()
        .args(["build", "--root"])
        .arg(f.root())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: content/about.md:3:1: unknown setting `sumary`",
        ))
        .stderr(predicate::str::contains("hint: did you mean `summary`?"))
        .stderr(predicate::str::contains("The previous output was left as it was."));
}

#[test]
fn base_url_and_output_flags() {
    let f = Fixture::new();
    let out = f.path("elsewhere");
    trailhead()
        .args(["build", "--base-url", "https://peers.example.net", "--root"])
        .arg(f.root())
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://peers.example.net/stories/first/</loc>"));
}

#[test]
fn check_writes_nothing() {
    let f = Fixture::new();
    trailhead()
        .args(["check", "--root"])
        .arg(f.root())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Checked 5 pages, 3 sections and 2 topics (31 files): no errors, 0 warnings",
        ));
    assert!(!f.path("public").exists());
}

#[test]
fn new_then_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("library");
    trailhead().arg("new").arg(&dir).assert().success();
    trailhead()
        .arg("new")
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not empty"));
    trailhead().current_dir(&dir).arg("build").assert().success();
    assert!(dir.join("public/index.html").exists());
}

#[test]
fn outside_a_site_the_message_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    trailhead()
        .current_dir(tmp.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("this folder is not a Trailhead site"))
        .stderr(predicate::str::contains("trailhead new"));
}

fn consent_json(out: &[u8]) -> Vec<serde_json::Value> {
    serde_json::from_slice::<serde_json::Value>(out)
        .expect("one JSON array")
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn the_consent_register_lists_every_demo_story_with_its_state() {
    let demo = env!("CARGO_MANIFEST_DIR");
    let out = trailhead()
        .args(["consent", "--json", "--root", demo])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let stories = consent_json(&out);
    // 14 English stories, three Spanish translations and one story written in Spanish.
    assert_eq!(stories.len(), 18);
    let state = |file: &str| {
        stories
            .iter()
            .find(|s| s["file"] == file)
            .unwrap_or_else(|| panic!("{file} is missing"))["state"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(state("content/stories/a-year-of-small-steps.md"), "withdrawn");
    assert_eq!(state("content/stories/coming-home-from-deployment.md"), "expired");
    let published = stories.iter().filter(|s| s["state"] == "published").count();
    assert_eq!(published, 16);
    let translated = stories
        .iter()
        .find(|s| s["file"] == "content/stories/why-i-carry-naloxone.es.md")
        .unwrap();
    assert_eq!(translated["translation_of"], "content/stories/why-i-carry-naloxone.md");
    assert_eq!(translated["record_id"], "RPSC-2025-021", "the original's consent");
    assert_eq!(
        translated["url"],
        "https://riverbend-peers.example.org/es/stories/why-i-carry-naloxone/"
    );
    let naloxone = stories
        .iter()
        .find(|s| s["file"] == "content/stories/why-i-carry-naloxone.md")
        .unwrap();
    assert_eq!(naloxone["record_id"], "RPSC-2025-021");
    assert_eq!(naloxone["display_name"], "Travis");
    assert_eq!(naloxone["expires"], "2027-07-22");
    assert_eq!(naloxone["scope"], serde_json::json!(["web", "print", "translation"]));
    assert_eq!(
        naloxone["url"],
        "https://riverbend-peers.example.org/stories/why-i-carry-naloxone/"
    );
    assert_eq!(
        naloxone["linked_from"],
        serde_json::json!(["content/stories/when-my-son-started-using.md"])
    );
    for s in &stories {
        for key in [
            "file",
            "record_id",
            "state",
            "expires",
            "url",
            "linked_from",
            "display_name",
            "scope",
            "consent_date",
        ] {
            assert!(s.get(key).is_some(), "{key} missing in {s}");
        }
    }
}

#[test]
fn the_consent_register_exits_3_when_consent_ends_soon() {
    let f = Fixture::new();
    f.write(
        "content/stories/soon.md",
        &crate::common::story("Soon", "", "Text.").replace("record_id: F-1", "record_id: F-9\n  expires: 2027-01-10"),
    );
    f.write(
        "content/stories/gone.md",
        &crate::common::story("Gone", "", "Text.").replace("record_id: F-1", "record_id: F-8\n  withdrawn: 2026-10-01"),
    );
    f.write(
        "content/stories/print-only.md",
        &crate::common::story("Print only", "", "Text.").replace("scope: [web]", "scope: [print]"),
    );
    f.write(
        "content/stories/draft.md",
        &crate::common::story("Draft", "draft: true\n", "Text."),
    );
    f.write(
        "content/stories/incomplete.md",
        &crate::common::story("Incomplete", "", "Text.").replace("  record_id: F-1\n", ""),
    );
    // 2027-01-10 is 49 days after 2026-11-22: expiring within the default 60 days, not within 30.
    let out = trailhead()
        .args(["consent", "--json", "--root"])
        .arg(f.root())
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let states: Vec<(String, String)> = consent_json(&out)
        .iter()
        .map(|s| {
            (
                s["file"].as_str().unwrap().to_owned(),
                s["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("draft", "draft"),
        ("first", "published"),
        ("gone", "withdrawn"),
        ("incomplete", "incomplete"),
        ("print-only", "not-for-web"),
        ("second", "published"),
        ("soon", "expiring"),
    ]
    .iter()
    .map(|(f, s)| (format!("content/stories/{f}.md"), s.to_string()))
    .collect();
    assert_eq!(states, want);
    trailhead()
        .args(["consent", "--within", "30", "--root"])
        .arg(f.root())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\nexpiring ").not())
        .stdout(predicate::str::contains(
            "In all: 1 draft, 1 incomplete, 1 not-for-web, 3 published, 1 withdrawn.",
        ));
    trailhead()
        .args(["consent", "--root"])
        .arg(f.root())
        .env("TRAILHEAD_TODAY", "2026-12-01")
        .assert()
        .code(3)
        .stdout(predicate::str::contains(
            "expiring     content/stories/soon.md  \"Soon\"\n             record F-9 · shown as Sam · scope web · consent 2026-01-01 · expires 2027-01-10",
        ))
        .stdout(predicate::str::contains(
            "In all: 1 draft, 1 expiring, 1 incomplete, 1 not-for-web, 2 published, 1 withdrawn.",
        ))
        .stderr(predicate::str::contains("the site has 1 problem that stops the build"));
}
