//! What editors read: spelling variants of a tag summed up once each, and code frames of long
//! lines, printed whole through a real build.

use crate::common::{Fixture, render, story};
use trailhead::{BuildReport, Diagnostic};

/// The warnings about tag spellings that make one topic.
fn topic_warnings(r: &BuildReport) -> Vec<&Diagnostic> {
    r.warnings
        .iter()
        .filter(|w| w.message.contains("treated as one topic"))
        .collect()
}

/// A story tagged `tag`, nothing else.
fn tagged(tag: &str) -> String {
    story("A family story", "", "Body.").replace("tags: [recovery]", &format!("tags: [{tag}]"))
}

#[test]
fn each_rare_spelling_of_a_tag_gives_one_warning_suggesting_the_most_used() {
    let f = Fixture::new();
    for i in 1..=12 {
        f.write(&format!("content/stories/family-{i:02}.md"), &tagged("family"));
    }
    f.write("content/stories/upper-a.md", &tagged("Family"));
    f.write("content/stories/upper-b.md", &tagged("Family"));
    f.write("content/stories/shout.md", &tagged("FAMILY"));
    let r = f.build_ok();
    let w = topic_warnings(&r);
    let all = render(&r.warnings);
    assert_eq!(w.len(), 2, "{all}");

    let shout = w
        .iter()
        .find(|w| w.message.contains("\"FAMILY\" (1 page)"))
        .expect(&all);
    assert_eq!(
        shout.to_string(),
        "warning: content/stories/shout.md:5:8: the tags \"FAMILY\" (1 page), \"family\" (12 pages) and \
         \"Family\" (2 pages) are treated as one topic\n \
         5 | tags: [FAMILY]\n   \
           |        ^\n  \
         hint: spell it \"family\" everywhere, as most pages do\n"
    );

    let upper = w
        .iter()
        .find(|w| w.message.contains("\"Family\" (2 pages),"))
        .expect(&all);
    assert_eq!(upper.location(), "content/stories/upper-a.md:5:8");
    assert!(
        upper
            .message
            .contains("\"family\" (12 pages) and \"FAMILY\" (1 page) are treated as one topic"),
        "{upper}"
    );
    assert!(
        upper
            .message
            .ends_with("; \"Family\" is also written in content/stories/upper-b.md"),
        "{upper}"
    );
    assert_eq!(upper.hint.as_deref(), shout.hint.as_deref());

    // Still one topic page, named with the suggested spelling.
    let index = f.out("tags/index.html");
    assert!(
        index.contains(">Family</a> <span class=\"count\">15 pages</span>"),
        "{index}"
    );
    // One topic, shown in title case (from the most used spelling, "family"), never "FAMILY".
    assert_eq!(index.matches(">Family</a>").count(), 2, "A to Z and most used: {index}");
    assert!(!index.contains("FAMILY</a>"), "{index}");
}

#[test]
fn a_rare_spelling_on_many_pages_lists_three_more_files_and_counts_the_rest() {
    let f = Fixture::new();
    for i in 1..=20 {
        f.write(&format!("content/stories/family-{i:02}.md"), &tagged("family"));
    }
    for name in ["a", "b", "c", "d", "e", "f"] {
        f.write(&format!("content/stories/upper-{name}.md"), &tagged("Family"));
    }
    let r = f.build_ok();
    let w = topic_warnings(&r);
    assert_eq!(w.len(), 1, "{}", render(&r.warnings));
    assert_eq!(
        w[0].message,
        "the tags \"Family\" (6 pages) and \"family\" (20 pages) are treated as one topic; \"Family\" is also \
         written in content/stories/upper-b.md, content/stories/upper-c.md, content/stories/upper-d.md and 2 \
         other files"
    );
    assert_eq!(w[0].location(), "content/stories/upper-a.md:5:8");
}

#[test]
fn a_long_line_is_framed_around_the_problem_through_a_build() {
    let f = Fixture::new();
    let line = format!(
        "{}読んでください 🙂 Read [the guide](guides/crisis-line.md) for numbers.{}",
        "Our peers wrote this together. ".repeat(6),
        " More text follows here.".repeat(5)
    );
    f.write("content/about.md", &format!("---\ntitle: About\n---\n\n{line}\n"));
    let errors = f.build_err();
    let d = errors
        .iter()
        .find(|d| d.message.contains("which does not exist"))
        .unwrap_or_else(|| panic!("{}", render(&errors)));
    // Column 202 in characters; 49 terminal columns of context before it (the Japanese
    // characters and the emoji take two each), and a `…` on each cut side.
    let expected = [
        "error: content/about.md:5:202: the link `guides/crisis-line.md` points to \
         content/guides/crisis-line.md, which does not exist",
        " 5 | …eers wrote this together. 読んでください 🙂 Read [the guide](guides/crisis-line.md) for numbers. M…",
        "   |                                                   ^",
        "  hint: did you mean `guides/crisis-lines.md`? Links to other pages are written relative to this file, \
         or as @/ paths from content/",
        "",
    ]
    .join("\n");
    assert_eq!(d.to_string(), expected);
}
