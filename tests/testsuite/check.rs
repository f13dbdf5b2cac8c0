//! `trailhead check` runs the whole pipeline without writing: it fails exactly when `build`
//! fails, with the same diagnostics (the bad-input table in `bad_input.rs` checks that for
//! every case, and every fixture build in the suite compares their warnings).

use crate::common::{Fixture, render};
use assert_cmd::Command;

/// Breaks a good fixture; `check` and `build` then fail with the same diagnostics, and `check`
/// wrote nothing.
fn same_failure(breakage: impl FnOnce(&Fixture), needle: &str) {
    let f = Fixture::new();
    breakage(&f);
    let checked = trailhead::check(&f.options()).expect_err("check fails");
    assert!(!f.path("public").exists(), "check writes nothing");
    let built = trailhead::build(&f.options()).expect_err("build fails");
    assert_eq!(render(&checked.diagnostics), render(&built.diagnostics));
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains(needle)),
        "{}",
        render(&checked.diagnostics)
    );
}

fn override_page(f: &Fixture, from: &str, to: &str) {
    let page = std::fs::read_to_string(f.path("themes/default/templates/page.html")).unwrap();
    assert!(page.contains(from), "{page}");
    f.write("templates/page.html", &page.replacen(from, to, 1));
}

#[test]
fn an_unknown_filter_in_a_template() {
    same_failure(
        |f| {
            override_page(
                f,
                "{% block content %}",
                "{% block content %}{{ page.title | no_such_filter }}",
            )
        },
        "no_such_filter",
    );
}

#[test]
fn a_remote_script_in_a_template() {
    same_failure(
        |f| {
            override_page(
                f,
                "{% block content %}",
                "{% block content %}<script src=\"https://cdn.example/x.js\"></script>",
            )
        },
        "cdn.example",
    );
}

#[test]
fn a_template_reading_a_field_that_does_not_exist() {
    same_failure(
        |f| {
            override_page(
                f,
                "{% block content %}",
                "{% block content %}{{ page.no_such_field.deeper }}",
            )
        },
        "no_such_field",
    );
}

#[test]
fn check_json_prints_one_object_per_problem() {
    let f = Fixture::new();
    f.write(
        "content/guides/broken.md",
        "---\ntitle: Broken\ndate: not-a-date\n---\n[x](nope.md)\n",
    );
    let out = Command::cargo_bin("trailhead")
        .unwrap()
        .env("TRAILHEAD_TODAY", "2026-11-22")
        .args(["check", "--json", "--root"])
        .arg(f.root())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(!lines.is_empty(), "{stdout}");
    let date = lines
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("not a date"))
        .expect("the bad date");
    assert_eq!(date["severity"], "error");
    assert_eq!(date["file"], "content/guides/broken.md");
    assert_eq!(date["line"], 3);
    assert!(date["col"].as_u64().unwrap() > 0);
    assert!(date["hint"].is_string() || date["hint"].is_null());
    assert!(String::from_utf8(out.stderr).unwrap().contains("The check stopped"));
}
