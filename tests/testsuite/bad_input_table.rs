//! `docs/bad-input.md`, the table of every class of bad input with its message, is checked
//! against the tests: each test that breaks a site compares the diagnostic it got with its
//! class's row ([`check_row`]), and one test checks that every row has a test and every test a
//! row. So the table cannot drift from what Trailhead says.
//!
//! After a deliberate change of wording, or to add classes, write the rows the tests see and
//! rebuild the table from them:
//!
//! ```sh
//! TRAILHEAD_BAD_INPUT_ROWS=target/bad-input-rows cargo test --test testsuite
//! TRAILHEAD_BAD_INPUT_ROWS=target/bad-input-rows cargo test --test testsuite the_bad_input_table
//! ```

use std::path::{Path, PathBuf};

use trailhead::diagnostics::Diagnostic;

const TABLE: &str = "docs/bad-input.md";
const BEGIN: &str = "<!-- rows: checked by tests/testsuite/bad_input_table.rs -->";
const END: &str = "<!-- end of rows -->";
/// The functions whose first argument names a class (a string literal on the next line).
const CALLS: [&str; 3] = ["assert_fails(", "check_row(", "check_row_at("];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A table cell: pipes escaped, on one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The row a diagnostic gives its class: where it points, its message and hint, and whether
/// the previous output survives.
fn row(class: &str, d: &Diagnostic, survives: &str) -> String {
    let place = match (&d.file, d.line) {
        (Some(f), 0) => format!("`{}`", f.to_string_lossy().replace('\\', "/")),
        (Some(f), line) => format!("`{}:{line}:{}`", f.to_string_lossy().replace('\\', "/"), d.col),
        (None, _) => "(no file)".to_owned(),
    };
    format!(
        "| {} | {} | {} {} | {} | {survives} |",
        cell(class),
        place,
        if d.is_error() { "error:" } else { "warning:" },
        cell(&d.message),
        cell(d.hint.as_deref().unwrap_or("")),
    )
}

fn slug(class: &str) -> String {
    class
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Checks that `docs/bad-input.md` has this class's row as the diagnostic gives it. With
/// `TRAILHEAD_BAD_INPUT_ROWS=DIR`, writes the row into `DIR` instead (see the module's text).
pub(crate) fn check_row(class: &str, d: &Diagnostic, survives: &str) {
    let expected = row(class, d, survives);
    if let Some(dir) = std::env::var_os("TRAILHEAD_BAD_INPUT_ROWS") {
        let dir = repo().join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(slug(class)), &expected).unwrap();
        return;
    }
    let table = std::fs::read_to_string(repo().join(TABLE)).unwrap();
    let prefix = format!("| {} |", cell(class));
    let found = table.lines().find(|l| l.starts_with(&prefix));
    assert_eq!(
        found,
        Some(expected.as_str()),
        "{TABLE} does not say what Trailhead says for \"{class}\"; after a deliberate change, rebuild it (see tests/testsuite/bad_input_table.rs)"
    );
}

/// [`check_row`] for a diagnostic that names folders of a fixture site: `root` reads `SITE`.
pub(crate) fn check_row_at(class: &str, d: &Diagnostic, survives: &str, root: &Path) {
    let root = root.display().to_string();
    let mut d = d.clone();
    d.message = d.message.replace(&root, "SITE");
    d.hint = d.hint.map(|h| h.replace(&root, "SITE"));
    check_row(class, &d, survives);
}

/// The classes the tests check, in the order they are written, from the test sources.
fn classes_in_tests() -> Vec<String> {
    let dir = repo().join("tests/testsuite");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && !p.ends_with("bad_input_table.rs"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for call in CALLS {
            for (i, _) in source.match_indices(call) {
                // Only calls, not the functions' definitions.
                if source[..i].ends_with("fn ") {
                    continue;
                }
                let rest = source[i + call.len()..].trim_start();
                if let Some(lit) = rest.strip_prefix('"') {
                    out.push(lit[..lit.find('"').unwrap()].to_owned());
                }
            }
        }
    }
    out
}

fn rows_of(table: &str) -> Vec<String> {
    let start = table.find(BEGIN).expect("the rows' start marker") + BEGIN.len();
    let end = table.find(END).expect("the rows' end marker");
    table[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| class") && !l.starts_with("|---"))
        .map(str::to_owned)
        .collect()
}

fn class_of(row: &str) -> String {
    let inner = &row[2..];
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                out.push('|');
                chars.next();
            }
            '|' => break,
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

#[test]
fn the_bad_input_table_has_a_row_for_every_tested_class_and_no_other() {
    let path = repo().join(TABLE);
    let table = std::fs::read_to_string(&path).unwrap();
    let tested = classes_in_tests();
    if let Some(dir) = std::env::var_os("TRAILHEAD_BAD_INPUT_ROWS") {
        let dir: &Path = &repo().join(dir);
        let rows: Vec<String> = tested
            .iter()
            .map(|c| {
                std::fs::read_to_string(dir.join(slug(c)))
                    .unwrap_or_else(|_| panic!("no row written for \"{c}\": run the other tests first"))
            })
            .collect();
        let start = table.find(BEGIN).unwrap() + BEGIN.len();
        let end = table.find(END).unwrap();
        let header =
            "\n| class | where | what Trailhead says | hint | previous output survives |\n|---|---|---|---|---|\n";
        let rebuilt = format!("{}{header}{}\n{}", &table[..start], rows.join("\n"), &table[end..]);
        std::fs::write(&path, rebuilt).unwrap();
        return;
    }
    let documented: Vec<String> = rows_of(&table).iter().map(|r| class_of(r)).collect();
    let mut seen = std::collections::HashSet::new();
    for c in &tested {
        assert!(seen.insert(c), "\"{c}\" is tested twice under one name");
    }
    let missing: Vec<&String> = tested.iter().filter(|c| !documented.contains(c)).collect();
    let untested: Vec<&String> = documented.iter().filter(|c| !tested.contains(c)).collect();
    assert!(
        missing.is_empty(),
        "classes with a test but no row in {TABLE}: {missing:?}"
    );
    assert!(untested.is_empty(), "rows of {TABLE} no test checks: {untested:?}");
    assert!(
        tested.len() >= 40,
        "only {} classes of bad input are tested",
        tested.len()
    );
}
