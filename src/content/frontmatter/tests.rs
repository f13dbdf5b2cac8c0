//! Unit tests of splitting and reading front matter.

use super::*;

fn parsed(src: &str) -> Result<Parsed, Diagnostic> {
    let s = split(src)?;
    parse(src, &s, Path::new("x.md"))
}

fn fm(src: &str) -> FrontMatter {
    let p = parsed(src).unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    p.fm
}

/// The one problem reading `src` gives.
fn problem(src: &str) -> Diagnostic {
    let mut p = parsed(src).unwrap().problems;
    assert_eq!(p.len(), 1, "{p:?}");
    p.remove(0)
}

#[test]
fn knows_its_fields() {
    let f = known_fields();
    assert!(f.contains(&"author_display") && f.contains(&"final_text_approved") && f.contains(&"hours"));
}

#[test]
fn splits_yaml_and_toml() {
    let s = split("---\ntitle: A\n---\nBody\n").unwrap();
    assert_eq!(s.format, Some(Format::Yaml));
    assert_eq!(s.front, "title: A\n");
    assert_eq!(s.body, "Body\n");
    let s = split("+++\ntitle = \"A\"\n+++\n\nBody").unwrap();
    assert_eq!(s.format, Some(Format::Toml));
    assert_eq!(s.body, "\nBody");
    let s = split("Just text").unwrap();
    assert_eq!(s.format, None);
}

#[test]
fn unclosed_front_matter_is_an_error() {
    let e = split("---\ntitle: A\nBody\n").unwrap_err();
    assert!(e.message.contains("never ends"));
}

#[test]
fn yaml_problems_have_absolute_lines_and_columns() {
    let e = problem("---\ntitle: A\ndate: 2026-13-01\n---\n");
    assert_eq!((e.line, e.col), (3, 7), "{e}");
    assert!(e.message.contains("not a date"), "{e}");
    let e = problem("---\ntitle: A\ntgas: [x]\n---\n");
    assert_eq!((e.line, e.col), (3, 1), "{e}");
    assert!(e.hint.as_deref().unwrap().contains("did you mean `tags`?"), "{e}");
}

#[test]
fn yaml_syntax_errors_stop_reading() {
    let e = parsed("---\ntitle: A\nsummary: [unclosed\n---\n").unwrap_err();
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn every_problem_is_reported() {
    let p = parsed("---\ntitle: [A]\ndraft: maybe\nconsent:\n  dat: 2026-01-01\n  expires: soon\n---\n").unwrap();
    let at: Vec<(usize, usize)> = p.problems.iter().map(|d| (d.line, d.col)).collect();
    assert_eq!(at, [(2, 8), (3, 8), (5, 3), (6, 12)], "{:?}", p.problems);
    assert!(p.fm.unreadable("title") && p.fm.unreadable("consent.expires"));
    assert!(p.fm.consent.is_some());
}

#[test]
fn yaml_plain_numbers_are_text_where_text_is_expected() {
    let f = fm("---\ntitle: 1984\nconsent:\n  record_id: 007\n---\n");
    assert_eq!(f.title.as_deref(), Some("1984"));
    assert_eq!(f.consent.unwrap().record_id.as_deref(), Some("007"));
}

#[test]
fn toml_problems_have_absolute_lines() {
    let e = problem("+++\ntitle = \"A\"\n\ndraft = \"yes\"\n+++\n");
    assert_eq!((e.line, e.col), (4, 9), "{e}");
    let f = fm("+++\ntitle = \"A\"\ndate = 2026-03-14\n+++\n");
    assert_eq!(f.date.unwrap().0, jiff::civil::date(2026, 3, 14));
    let e = problem("+++\ntitle = \"A\"\n[consent]\nscope = [\"web\"]\nrecord = \"F\"\n+++\n");
    assert_eq!((e.line, e.col), (5, 1), "{e}");
    assert!(e.hint.as_deref().unwrap().contains("did you mean `record_id`?"), "{e}");
}

#[test]
fn withdrawn_accepts_bool_or_date() {
    let f = fm("---\nconsent:\n  withdrawn: 2026-10-02\n---\n");
    assert!(matches!(f.consent.unwrap().withdrawn, Some(Withdrawn::On(_))));
    let f = fm("---\nconsent:\n  withdrawn: true\n---\n");
    assert_eq!(f.consent.unwrap().withdrawn, Some(Withdrawn::Flag(true)));
    let f = fm("---\nconsent:\n  withdrawn: [x]\n---\n");
    assert_eq!(f.consent.unwrap().withdrawn, Some(Withdrawn::Unclear));
    let f = fm("+++\n[consent]\nwithdrawn = 2026-10-02\n+++\n");
    assert!(matches!(f.consent.unwrap().withdrawn, Some(Withdrawn::On(_))));
}

#[test]
fn final_text_approved_is_a_flag_or_a_fingerprint() {
    let f = fm("---\nconsent:\n  final_text_approved: \"sha256:0123456789ab\"\n---\n");
    assert!(matches!(
        f.consent.unwrap().final_text_approved,
        Some(Approval::Fingerprint(_))
    ));
    let e = problem("---\nconsent:\n  final_text_approved: maybe\n---\n");
    assert!(e.message.contains("neither true, false"), "{e}");
}
