//! Every problem in a file's front matter is reported in one build, each at its own line and
//! column; only front matter that is not valid YAML or TOML at all stops at its first error.

use crate::common::{Fixture, guide, render};
use trailhead::diagnostics::Diagnostic;

/// `file:line:col: message` of every error, in order.
fn lines(errors: &[Diagnostic]) -> Vec<String> {
    errors
        .iter()
        .map(|d| format!("{}: {}", d.location().replace('\\', "/"), d.message))
        .collect()
}

fn errors_of(file: &str, text: &str) -> Vec<Diagnostic> {
    let f = Fixture::new();
    f.write(file, text);
    f.build_err()
}

/// A story with seven independent mistakes in its front matter (also snapshotted in `wording`).
pub(crate) const YAML_STORY: &str = r#"---
title: "First story"
date: 2026-02-30
sumary: "A story."
author_display: Sam
content_notes: [overdoze]
consent:
  date: 2026-01-01
  scope: [web, prnt]
  final_text_approved: true
  expires: next year
  signed_by: Sam
---

I began.
"#;

#[test]
fn seven_mistakes_in_a_yaml_story_come_in_one_build() {
    let errors = errors_of("content/stories/first.md", YAML_STORY);
    let f = "content/stories/first.md";
    assert_eq!(
        lines(&errors),
        [
            format!("{f}:3:7: \"2026-02-30\" is not a date of the calendar (check the month and the day)"),
            format!("{f}:4:1: unknown setting `sumary`"),
            format!("{f}:6:17: unknown content note \"overdoze\""),
            format!("{f}:7:1: this story's consent is incomplete: no `record_id`"),
            format!("{f}:9:16: unknown consent scope \"prnt\""),
            format!("{f}:11:12: \"next year\" is not a date"),
            format!("{f}:12:3: unknown setting `signed_by`"),
        ],
        "{}",
        render(&errors)
    );
    let hint = |needle: &str| {
        errors
            .iter()
            .find(|d| d.message.contains(needle))
            .and_then(|d| d.hint.clone())
            .unwrap_or_default()
    };
    assert!(hint("sumary").contains("did you mean `summary`?"), "{}", hint("sumary"));
    assert!(hint("overdoze").contains("did you mean \"overdose\"?"));
    assert!(hint("prnt").contains("did you mean \"print\"?"));
    assert!(
        hint("signed_by").contains("Known fields here: date, scope"),
        "{}",
        hint("signed_by")
    );
    assert!(errors.iter().all(|d| d.hint.is_some()));
}

const TOML_STORY: &str = r#"+++
title = "First story"
date = "2026-02-30"
sumary = "A story."
author_display = "Sam"
content_notes = ["overdoze"]

[consent]
date = 2026-01-01
scope = ["web", "prnt"]
final_text_approved = true
expires = "next year"
signed_by = "Sam"
+++

I began.
"#;

#[test]
fn seven_mistakes_in_a_toml_story_come_in_one_build() {
    let errors = errors_of("content/stories/first.md", TOML_STORY);
    let f = "content/stories/first.md";
    assert_eq!(
        lines(&errors),
        [
            format!("{f}:3:8: \"2026-02-30\" is not a date of the calendar (check the month and the day)"),
            format!("{f}:4:1: unknown setting `sumary`"),
            format!("{f}:6:18: unknown content note \"overdoze\""),
            format!("{f}:8:2: this story's consent is incomplete: no `record_id`"),
            format!("{f}:10:17: unknown consent scope \"prnt\""),
            format!("{f}:12:11: \"next year\" is not a date"),
            format!("{f}:13:1: unknown setting `signed_by`"),
        ],
        "{}",
        render(&errors)
    );
}

#[test]
fn values_of_the_wrong_kind_are_each_reported_and_the_checks_go_on() {
    let text = "---\ntitle: [First]\ndraft: maybe\nweight: heavy\nauthor_display: Sam\nconsent:\n  date: 2026-01-01\n  scope: web\n  final_text_approved: perhaps\n  record_id: F-1\n---\n\nI began.\n";
    let errors = errors_of("content/stories/first.md", text);
    let f = "content/stories/first.md";
    assert_eq!(
        lines(&errors),
        [
            format!("{f}:2:8: wrong kind of value for `title`: found a list, expected text"),
            format!("{f}:3:8: wrong kind of value for `draft`: found the text \"maybe\", expected true or false"),
            format!("{f}:4:9: wrong kind of value for `weight`: found the text \"heavy\", expected a whole number"),
            format!("{f}:8:10: wrong kind of value for `consent.scope`: found the text \"web\", expected a list"),
            format!(
                "{f}:9:24: \"perhaps\" is neither true, false nor a text fingerprint such as \"sha256:3f9a1c2b7d4e\""
            ),
        ],
        "{}",
        render(&errors)
    );
}

#[test]
fn a_guide_reports_each_contact_at_its_own_place() {
    let text = guide("Crisis lines", "", "## Call\n\nCall someone.").replace(
        "contacts:\n  - name: Helpline\n    phone: \"1-800-662-4357\"\n",
        "contacts:\n  - name: Helpline\n    phone: \"1-800-662-4357\"\n  - name: Warmline\n    phone: \"555-1234\"\n    hour: 9-5\n  - name: Textline\n    languages: [en, english]\n    text: 741741\n",
    );
    let errors = errors_of("content/guides/crisis-lines.md", &text);
    let f = "content/guides/crisis-lines.md";
    // The guide is not published, so a link to it from another story breaks too.
    let errors: Vec<Diagnostic> = errors
        .into_iter()
        .filter(|d| d.file.as_deref().is_some_and(|p| p.ends_with("crisis-lines.md")))
        .collect();
    let got = lines(&errors);
    assert_eq!(got.len(), 3, "{}", render(&errors));
    assert!(
        got[0].starts_with(&format!(
            "{f}:10:12: the phone number of contact \"Warmline\" is not valid"
        )),
        "{got:?}"
    );
    assert_eq!(got[1], format!("{f}:11:5: unknown setting `hour`"));
    assert_eq!(
        got[2],
        format!("{f}:13:21: \"english\" in the languages of contact \"Textline\" is not a language code")
    );
    assert!(
        errors[1].hint.as_deref().unwrap().contains("did you mean `hours`?"),
        "{}",
        errors[1]
    );
}

#[test]
fn a_yaml_syntax_error_stops_at_its_first_error() {
    let text = YAML_STORY.replace("sumary: \"A story.\"", "summary: [unclosed");
    let errors = errors_of("content/stories/first.md", &text);
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    let d = &errors[0];
    assert_eq!(
        d.file
            .as_deref()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .as_deref(),
        Some("content/stories/first.md")
    );
    // The parser notices the unclosed list at the next `key: value` line; the message points
    // where the list opens.
    assert_eq!((d.line, d.col), (4, 10), "{d}");
    assert!(d.message.contains("this `[` is never closed"), "{d}");
    assert!(d.hint.is_some(), "{d}");
}

#[test]
fn a_withdrawn_story_with_mistakes_is_left_out_not_failed() {
    let f = Fixture::new();
    f.write(
        "content/stories/first.md",
        "---\ntitle: First\nsumary: typo\nauthor_display: Sam\nconsent:\n  date: 2026-01-01\n  scope: [web]\n  final_text_approved: true\n  record_id: F-1\n  withdrawn: 29/11/2026\n---\n\nI began.\n",
    );
    let report = f.build_ok();
    let _ = report;
    assert!(!f.out_exists("stories/first/index.html"));
}

#[test]
fn a_draft_whose_front_matter_cannot_be_read_still_stops_the_build() {
    let errors = errors_of(
        "content/stories/third.md",
        "---\ntitle: Third\ndraft: true\nsumary: typo\nauthor_display: Sam\n---\n\nNot yet.\n",
    );
    assert_eq!(
        lines(&errors),
        ["content/stories/third.md:4:1: unknown setting `sumary`"],
        "{}",
        render(&errors)
    );
}

#[test]
fn the_body_of_a_page_whose_front_matter_has_errors_is_still_checked() {
    let text = YAML_STORY.replace(
        "I began.",
        "## Start\n\nSee [the guide](/guides/nope/), [the other](../guides/gone.md) and ![](photo.jpg).",
    );
    let f = Fixture::new();
    f.write("content/stories/first.md", &text);
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n## Who we are\n\nRead [the first story](stories/first.md#start).\n",
    );
    let errors = f.build_err();
    let got = lines(&errors);
    let file = "content/stories/first.md";
    assert_eq!(
        got.iter().filter(|l| l.starts_with(file)).count(),
        11,
        "{}",
        render(&errors)
    );
    for needle in ["/guides/nope/", "../guides/gone.md", "has no alt text"] {
        assert!(
            got.iter().any(|l| l.contains(needle)),
            "{needle} not reported:\n{}",
            render(&errors)
        );
    }
    // A link to the page that failed is not called dead: its own errors say why it is missing.
    assert!(
        !got.iter().any(|l| l.starts_with("content/about.md")),
        "{}",
        render(&errors)
    );
}
