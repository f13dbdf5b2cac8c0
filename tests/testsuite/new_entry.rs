//! `trailhead new story "Title"` and `trailhead new guide "Title"` in an existing site.

use crate::common::Fixture;
use assert_cmd::Command;
use predicates::prelude::*;

fn trailhead() -> Command {
    let mut c = Command::cargo_bin("trailhead").unwrap();
    c.env("TRAILHEAD_TODAY", "2026-11-22");
    c
}

fn new(f: &Fixture, kind: &str, title: &str) -> assert_cmd::assert::Assert {
    trailhead().args(["new", kind, title, "--root"]).arg(f.root()).assert()
}

fn build(f: &Fixture) -> assert_cmd::assert::Assert {
    trailhead().args(["build", "--root"]).arg(f.root()).assert()
}

#[test]
fn new_story_is_written_in_the_stories_folder_with_today_and_a_slug() {
    let f = Fixture::new();
    new(&f, "story", "Finding My Way: Back Home")
        .success()
        .stdout(predicate::str::contains("finding-my-way-back-home.md"));
    let text = f.read("content/stories/finding-my-way-back-home.md");
    assert!(text.contains("title: \"Finding My Way: Back Home\""), "{text}");
    assert!(text.contains("date: 2026-11-22"), "{text}");
    for field in [
        "summary:",
        "tags:",
        "author_display:",
        "content_notes:",
        "consent:",
        "record_id:",
    ] {
        assert!(text.contains(field), "{field} missing:\n{text}");
    }
    // Every field is explained by a comment line just before it.
    assert!(text.lines().filter(|l| l.trim_start().starts_with('#')).count() >= 10);
}

#[test]
fn new_story_does_not_build_until_consent_is_filled_in_and_builds_after() {
    let f = Fixture::new();
    new(&f, "story", "Small steps").success();
    build(&f)
        .code(1)
        .stderr(predicate::str::contains("content/stories/small-steps.md"))
        .stderr(predicate::str::contains(
            "the storyteller has not approved the final text",
        ))
        .stderr(predicate::str::contains("consent is incomplete: no `date`"))
        .stderr(predicate::str::contains("consent is incomplete: no `scope`"))
        .stderr(predicate::str::contains("consent is incomplete: no `record_id`"));
    let path = "content/stories/small-steps.md";
    let text = f
        .read(path)
        .replace("  date:\n", "  date: 2026-11-20\n")
        .replace("scope: []", "scope: [web]")
        .replace("final_text_approved: false", "final_text_approved: true")
        .replace("record_id: \"\"", "record_id: FORM-2026-7")
        .replace("summary: \"\"", "summary: \"Small steps forward.\"");
    f.write(path, &text);
    build(&f).success();
    let page = f.read("public/stories/small-steps/index.html");
    assert!(page.contains("Small steps"));
}

#[test]
fn new_guide_is_written_in_the_guides_folder_and_builds() {
    let f = Fixture::new();
    new(&f, "guide", "Getting to appointments").success();
    let text = f.read("content/guides/getting-to-appointments.md");
    assert!(text.contains("last_reviewed: 2026-11-22"), "{text}");
    assert!(text.contains("contacts:"), "{text}");
    build(&f).success();
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let f = Fixture::new();
    let before = f.read("content/stories/first.md");
    new(&f, "story", "First")
        .code(1)
        .stderr(predicate::str::contains(
            "content/stories/first.md already exists; it was left as it was",
        ))
        .stderr(predicate::str::contains("hint: choose another title"));
    assert_eq!(f.read("content/stories/first.md"), before);
}

#[test]
fn new_outside_a_site_and_new_dir_still_makes_sites() {
    let dir = tempfile::tempdir().unwrap();
    trailhead()
        .args(["new", "story", "A title", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("has no trailhead.toml"));
    trailhead()
        .args(["new"])
        .arg(dir.path().join("site"))
        .assert()
        .success();
    assert!(dir.path().join("site/trailhead.toml").is_file());
}

#[test]
fn the_editor_refuses_a_network_address_without_the_explicit_flag() {
    let f = Fixture::new();
    trailhead()
        .args(["serve", "--edit", "--bind", "0.0.0.0", "--port", "0", "--root"])
        .arg(f.root())
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .failure()
        .stderr(predicate::str::contains("only runs on this computer"))
        .stderr(predicate::str::contains("--edit-on-network"));
}
