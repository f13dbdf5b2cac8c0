//! The `trailhead` command: exit codes, summaries and messages as editors see them.

mod common;

use assert_cmd::Command;
use common::Fixture;
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
        &common::story("Gone", "", "B").replace("record_id: F-1", "record_id: F-1\n  withdrawn: true"),
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
        .failure()
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
        .stdout(predicate::str::contains("Checked 5 pages: 0 errors"));
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
        .failure()
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
        .failure()
        .stderr(predicate::str::contains("this folder is not a Trailhead site"))
        .stderr(predicate::str::contains("trailhead new"));
}
