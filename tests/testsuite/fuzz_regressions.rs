//! Every input the fuzz targets (`fuzz/`) ever found a problem with, and their seeds, checked
//! against the same invariants the targets check (`invariants.rs`), in the normal test run.
//! A new finding goes into `fuzz/regressions/<target>/` with a name that says what it was.

use std::path::{Path, PathBuf};

use crate::invariants;

fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Runs `check` on every seed and regression of `target`; reports all that fail at once.
fn run(target: &str, check: impl Fn(&[u8])) {
    let all = inputs("seeds", target).into_iter().chain(inputs("regressions", target));
    run_inputs(
        target,
        all.map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect(),
        check,
    );
}

fn run_inputs(target: &str, all: Vec<(String, Vec<u8>)>, check: impl Fn(&[u8])) {
    assert!(!all.is_empty(), "no seeds for the {target} target");
    let mut failed = Vec::new();
    for (name, data) in &all {
        if let Err(e) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(data))) {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!("{name}: {why}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} inputs break an invariant:\n{}",
        failed.len(),
        all.len(),
        failed.join("\n")
    );
}

fn site_check(name: &str, shape: fn(&[u8]) -> Vec<u8>) -> impl Fn(&[u8]) {
    let root = std::env::temp_dir().join(format!("trailhead-fuzz-regression-{name}-{}", std::process::id()));
    move |data: &[u8]| {
        invariants::write_site(&root, trailhead::scaffold::DEFAULT_THEME, &shape(data));
        invariants::check_site(&root);
    }
}

#[test]
fn front_matter() {
    run("front_matter", invariants::check_front_matter);
}

#[test]
fn config() {
    run("config", invariants::check_config);
}

#[test]
fn tokenizer() {
    run("tokenizer", invariants::check_tokenizer);
}

#[test]
fn site() {
    run("site", site_check("site", |d| d.to_vec()));
}

#[test]
fn markdown() {
    run("markdown", site_check("markdown", shared::as_bodies));
}

/// The template target's seeds are the theme's own templates (see fuzz/make-seeds.py), read
/// from the theme here rather than kept as copies; then its regressions.
#[test]
fn template() {
    let theme = |t: &str| {
        let (_, text) = trailhead::scaffold::DEFAULT_THEME
            .iter()
            .find(|(p, _)| *p == format!("templates/{t}"))
            .unwrap_or_else(|| panic!("the theme has no templates/{t}"));
        (format!("the theme's templates/{t}"), text.as_bytes().to_vec())
    };
    let all = ["page.html", "story.html", "guide.html", "partials/crisis.html"]
        .map(theme)
        .into_iter()
        .chain(
            inputs("regressions", "template")
                .into_iter()
                .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap())),
        )
        .collect();
    run_inputs("template", all, site_check("template", shared::as_template));
}

#[path = "../../fuzz/src/shared.rs"]
mod shared;

#[test]
fn the_fuzzers_base_site_builds_so_its_pages_are_checked() {
    let root = std::env::temp_dir().join(format!("trailhead-fuzz-base-{}", std::process::id()));
    invariants::write_site(&root, trailhead::scaffold::DEFAULT_THEME, b"");
    let built = trailhead::fuzz_api::build_in_memory(&root, jiff::civil::date(2026, 11, 22));
    let errors: Vec<String> = built
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for page in [
        "stories/a/index.html",
        "guides/b/index.html",
        "es/stories/a/index.html",
        "index.html",
    ] {
        assert!(
            built.files.contains_key(page),
            "{page} not built: {:?}",
            built.files.keys().collect::<Vec<_>>()
        );
    }
    invariants::check_pages(&root, &built);
    // The checks see what they should: a page loading from another website is caught.
    let mut bad = built;
    bad.files.insert(
        "x.html".into(),
        b"<!doctype html><img src=\"https://tracker.example/p.gif\">".to_vec(),
    );
    assert!(std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| invariants::check_pages(&root, &bad))).is_err());
    let _ = std::fs::remove_dir_all(&root);
}
