//! Every link a reader can click is checked against the built site's address map: Markdown
//! links and images (at their line), page bundles, and the links templates put on pages.

use crate::common::{Fixture, render, story, tiny_png};
use trailhead::diagnostics::Diagnostic;

fn located(errors: &[Diagnostic]) -> Vec<String> {
    errors
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                d.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default(),
                d.line,
                d.col,
                d.message
            )
        })
        .collect()
}

#[test]
fn links_and_images_to_missing_addresses_are_errors_at_their_line() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n## Who we are\n\n[a](/guides/does-not-exist/) and [b](../nope/).\n\n[c](/guides/crisis-lines/#nowhere) [d](#not-here)\n\n![A bench](bench.png)\n\n![A bench](/images/bench.png)\n",
    );
    let errors = f.build_err();
    assert_eq!(
        located(&errors),
        [
            "content/about.md:6:1: the link `/guides/does-not-exist/` points to /guides/does-not-exist/, which is not a page or file of this site",
            "content/about.md:6:34: the link `../nope/` points to /nope/, which is not a page or file of this site",
            "content/about.md:8:1: the link `/guides/crisis-lines/#nowhere` points to `#nowhere` on /guides/crisis-lines/, which has no element with that id",
            "content/about.md:8:36: the link points to `#not-here`, but content/about.md has no heading with that id",
            "content/about.md:10:1: `bench.png` points to content/bench.png, which does not exist",
            "content/about.md:12:1: the image `/images/bench.png` points to /images/bench.png, which is not a page or file of this site",
        ],
        "{}",
        render(&errors)
    );
    assert!(
        errors[0].hint.as_deref().unwrap().contains("did you mean `/guides/"),
        "{}",
        errors[0]
    );
    assert!(errors[2].hint.as_deref().unwrap().contains("#call"), "{}", errors[2]);
}

#[test]
fn links_to_pages_files_feeds_and_anchors_that_exist_build() {
    let f = Fixture::new();
    f.write_bytes("static/forms/intake.png", &tiny_png());
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n## Who we are\n\n[a](/guides/crisis-lines/#call) [b](../stories/first/) [c](/atom.xml) [d](/style.css) [e](/search/) [f](#who-we-are)\n\n![A form](/forms/intake.png)\n",
    );
    let report = f.build_ok();
    assert!(report.warnings.is_empty(), "{}", render(&report.warnings));
}

#[test]
fn an_image_beside_its_page_is_published_where_the_page_finds_it() {
    let f = Fixture::new();
    f.write_bytes("content/stories/photo.png", &tiny_png());
    f.write(
        "content/stories/bad1.md",
        &story("Bad one", "", "## A\n\n![A bench](photo.png)"),
    );
    f.build_ok();
    let html = f.out("stories/bad1/index.html");
    assert!(
        html.contains("<img src=\"/stories/photo.png\" alt=\"A bench\""),
        "{html}"
    );
    assert!(f.out_exists("stories/photo.png"));
}

#[test]
fn page_bundles_publish_their_files_beside_the_page() {
    let f = Fixture::new();
    f.write_bytes("content/stories/first/bench.png", &tiny_png());
    f.write_bytes("content/stories/first/handout.pdf", b"%PDF-1.4 handout");
    f.write(
        "content/stories/first.md",
        &story(
            "First story",
            "",
            "## Start\n\n![A bench by the river](bench.png)\n\n[The handout](handout.pdf)",
        ),
    );
    f.build_ok();
    let html = f.out("stories/first/index.html");
    assert!(
        html.contains("<img src=\"/stories/first/bench.png\" alt=\"A bench by the river\""),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/stories/first/handout.pdf\">The handout</a>"),
        "{html}"
    );
    assert!(f.out_exists("stories/first/bench.png") && f.out_exists("stories/first/handout.pdf"));

    // A withdrawn story's own files go with it.
    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Start\n\n![A bench by the river](bench.png)")
            .replace("record_id: F-1", "record_id: F-1\n  withdrawn: true"),
    );
    f.build_ok();
    assert!(
        !f.out_exists("stories/first/bench.png"),
        "the photo of a withdrawn story is not published"
    );
    assert!(!f.out_exists("stories/first/handout.pdf"));
}

#[test]
fn a_dead_link_in_a_template_is_reported_against_the_template_and_its_pages() {
    let f = Fixture::new();
    f.remove("content/about.md");
    let errors = f.build_err();
    let d = errors
        .iter()
        .find(|d| d.message.contains("a template links to `/about/`"))
        .unwrap_or_else(|| panic!("{}", render(&errors)));
    assert_eq!(
        d.file.as_deref(),
        Some(std::path::Path::new("themes/default/templates/base.html"))
    );
    assert!(d.line > 1 && d.col > 1, "{d}");
    assert!(d.message.contains("pages (such as /"), "{d}");
    assert!(
        d.message.ends_with("but that is not a page or file of this site"),
        "{d}"
    );
    assert_eq!(
        errors.len(),
        1,
        "one error for the link, not one per page:\n{}",
        render(&errors)
    );
}
