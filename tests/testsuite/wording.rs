//! Snapshots of the full text editors read: every diagnostic's message, code frame and hint,
//! as `trailhead build` prints them. A change of wording shows up as a snapshot diff to review
//! (run `INSTA_UPDATE=always cargo test` and read the `.snap` changes before committing them).

use crate::common::{Fixture, guide, render, story, tiny_png};

fn printed(f: &Fixture) -> String {
    let all = match f.build() {
        Ok(report) => report.warnings,
        Err(failure) => failure.diagnostics,
    };
    render(&all)
}

#[test]
fn a_story_with_seven_mistakes() {
    let f = Fixture::new();
    f.write("content/stories/first.md", crate::frontmatter::YAML_STORY);
    insta::assert_snapshot!(printed(&f));
}

#[test]
fn links_to_a_withdrawn_story_and_a_missing_address() {
    let f = Fixture::new();
    f.write(
        "content/stories/second.md",
        &story("Second story", "", "Another story.")
            .replace("record_id: F-1", "record_id: F-1\n  withdrawn: 2026-11-20"),
    );
    f.write(
        "content/guides/crisis-lines.md",
        &guide(
            "Crisis lines",
            "",
            "## Call\n\nRead [a story](../stories/second.md), [another](/stories/nowhere/) and [the call](#call).",
        ),
    );
    insta::assert_snapshot!(printed(&f));
}

#[test]
fn remote_loads_in_markdown_and_a_template() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n## Who we are\n\n<img alt=\"x\" src=\"HTTPS://tracker.example/a.png\">\n\n<a href=\"/\" ping=\"https://tracker.example/p\">home</a>\n",
    );
    let page = std::fs::read_to_string(f.path("themes/default/templates/page.html")).unwrap();
    f.write(
        "templates/page.html",
        &page.replacen(
            "{% block content %}",
            "{% block content %}<script src=\"//cdn.example/x.js\"></script>",
            1,
        ),
    );
    insta::assert_snapshot!(printed(&f));
}

#[test]
fn images_files_and_front_matter_syntax() {
    let f = Fixture::new();
    f.write_bytes("content/stories/IMG_2034.png", &tiny_png());
    f.write(
        "content/stories/first.md",
        &story(
            "First story",
            "",
            "## Start\n\n![IMG_2034.png](IMG_2034.png)\n\n![](bench.png)\n\n[The form](intake.pdf)",
        ),
    );
    f.write(
        "content/guides/broken.md",
        "---\ntitle: Broken\ntags: [housing\ndate: 2026-01-01\n---\nText\n",
    );
    insta::assert_snapshot!(printed(&f));
}

#[test]
fn a_dead_link_in_the_theme() {
    let f = Fixture::new();
    f.remove("content/staying-safer-online.md");
    insta::assert_snapshot!(printed(&f));
}
