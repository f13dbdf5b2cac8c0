//! The print pack (`/print/`): pages marked `print: true` in one document, a story only when
//! its consent includes print; and the crisis lines printed once at the end of every page.

use crate::common::{Fixture, guide, story};

#[test]
fn the_print_pack_holds_marked_guides_and_stories_whose_consent_includes_print() {
    let f = Fixture::new();
    f.write(
        "trailhead.toml",
        &format!(
            "{}\n[print]\ncontact = \"Drop-in center\\n(413) 555-0142\"\n",
            crate::common::CONFIG
        ),
    );
    f.write(
        "content/guides/housing.md",
        &guide("Housing help", "print: true\n", "## Steps\n\nCall first."),
    );
    f.write("content/guides/other.md", &guide("Not for print", "", "Online only."));
    f.write(
        "content/stories/first.md",
        &story("Printed story", "print: true\n", "## Start\n\nI began.").replace("scope: [web]", "scope: [web, print]"),
    );
    f.write(
        "content/stories/second.md",
        &story("Web only story", "print: true\n", "Only online."),
    );
    let report = f.build_ok();
    let w = report
        .warnings
        .iter()
        .find(|w| w.message.contains("marked `print: true`"))
        .expect("a warning for the story without print consent");
    assert_eq!(
        w.file.as_deref(),
        Some(std::path::Path::new("content/stories/second.md"))
    );
    assert!(w.message.contains("consent does not include"), "{w}");
    let pack = f.out("print/index.html");
    assert!(
        pack.contains("Housing help") && pack.contains("Printed story"),
        "{pack}"
    );
    assert!(
        pack.contains("Call first.") && pack.contains("1-800-662-4357"),
        "the guide's text and contacts"
    );
    assert!(
        !pack.contains("Not for print") && !pack.contains("Web only story"),
        "{pack}"
    );
    assert!(pack.contains("<address class=\"print-contact\">Drop-in center<br>(413) 555-0142</address>"));
    assert!(pack.contains("datetime=\"2026-11-22\""), "the day it was made");
    assert!(
        pack.contains("<a href=\"#print-1\">Housing help</a>"),
        "a table of contents"
    );
    // Every page ends with the crisis lines for print, and the footer links to the pack.
    let page = f.out("guides/other/index.html");
    assert!(page.contains("<section class=\"crisis-print\""));
    assert!(page.contains("href=\"/print/\""));
}

#[test]
fn a_site_with_nothing_to_print_has_no_print_pack() {
    let f = Fixture::new();
    f.build_ok();
    assert!(!f.out_exists("print/index.html"));
    assert!(!f.out("index.html").contains("/print/"));
}
