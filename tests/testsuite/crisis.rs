//! Crisis help in the built pages: the full band where a reader may arrive in crisis (home,
//! the crisis guide, the not-found page), one row elsewhere whose "More help" opens the same
//! list; the organization's warmline; and the lines offered beside a story by content note.

use crate::common::{CONFIG, Fixture, story};

/// The site's crisis settings with a warmline, a crisis guide and support lines for eating
/// disorders.
fn with_support() -> Fixture {
    let f = Fixture::new();
    f.write(
        "trailhead.toml",
        &format!(
            "{CONFIG}guide = \"guides/crisis-lines.md\"\n\n[[crisis.lines]]\nname = \"Main line\"\nphone = \"988\"\ntext = \"988\"\n\n[[crisis.lines]]\nname = \"Emergency\"\nphone = \"911\"\n\n[crisis.warmline]\nname = \"Our warmline\"\nphone = \"(413) 555-0199\"\n\n[[crisis.support.eating-disorder]]\nname = \"ED helpline\"\nphone = \"1-888-375-7767\"\ndescription = \"Weekdays.\"\n"
        ),
    );
    f
}

/// The `<aside class="crisis…">` of a built page.
fn band(html: &str) -> &str {
    let start = html.find("<aside class=\"crisis").expect("a crisis band");
    let end = start + html[start..].find("</aside>").expect("the band's end");
    &html[start..end]
}

/// The support boxes of a story page, in order.
fn support_boxes(html: &str) -> Vec<&str> {
    html.match_indices("support-box")
        .map(|(i, _)| {
            let start = html[..i].rfind('<').unwrap();
            let close = if html[start..].starts_with("<p") {
                "</p>"
            } else {
                "</div>"
            };
            let end = i + html[i..].find(close).unwrap();
            &html[start..end]
        })
        .collect()
}

#[test]
fn home_crisis_guide_and_not_found_pages_show_the_whole_band_others_one_row() {
    let f = with_support();
    f.build_ok();
    for path in ["index.html", "guides/crisis-lines/index.html", "404.html"] {
        let b = band(&f.out(path)).to_owned();
        assert!(!b.contains("crisis-compact"), "{path}: {b}");
        assert!(b.contains("<ul class=\"crisis-lines\">"), "{path}: {b}");
        assert!(!b.contains("<details"), "{path}: {b}");
    }
    let story = f.out("stories/first/index.html");
    let b = band(&story);
    assert!(b.contains("class=\"crisis crisis-compact\""), "{b}");
    // One row: the heading, the main line's call and text actions, and "More help", which
    // opens the whole list (the same list as the home page's), the intro and the guide.
    let row = &b[..b.find("<details").expect("More help")];
    assert!(row.contains("<h2 class=\"crisis-heading\">Get help now</h2>"), "{row}");
    assert!(
        row.contains("<a class=\"crisis-action\" href=\"tel:988\">Call 988</a>"),
        "{row}"
    );
    assert!(row.contains("href=\"sms:988\">Text 988</a>"), "{row}");
    assert!(!row.contains("911"), "only the main line in the row: {row}");
    assert!(b.contains("<summary>More help</summary>"), "{b}");
    let list = |html: &str| {
        let s = html.find("<ul class=\"crisis-lines\">").unwrap();
        html[s..s + html[s..].find("</ul>").unwrap()].to_owned()
    };
    assert_eq!(
        list(b),
        list(band(&f.out("index.html"))),
        "More help opens the home page's list"
    );
    assert!(b.contains("tel:911"), "{b}");
    assert!(
        b.contains("<a href=\"/guides/crisis-lines/\">Every crisis and support option</a>"),
        "{b}"
    );
}

#[test]
fn the_warmline_follows_the_crisis_lines_with_a_default_description() {
    let f = with_support();
    f.build_ok();
    let home = f.out("index.html");
    let b = band(&home);
    let warm = b.find("<li class=\"crisis-warmline\">").expect("the warmline");
    assert!(warm > b.find("tel:911").unwrap(), "after the crisis lines: {b}");
    assert!(
        b[warm..].contains("<span class=\"crisis-name\">Our warmline</span>"),
        "{b}"
    );
    assert!(
        b[warm..].contains("href=\"tel:+14135550199\">Call (413) 555-0199</a>"),
        "{b}"
    );
    assert!(
        b[warm..].contains("Not an emergency? Talk with someone who has been there."),
        "{b}"
    );
    assert!(
        band(&f.out("about/index.html")).contains("crisis-warmline"),
        "in More help too"
    );
}

#[test]
fn a_story_offers_the_lines_of_its_content_notes_before_and_after_it() {
    let f = with_support();
    f.write(
        "content/stories/eating.md",
        &story("Eating", "content_notes: [eating-disorder]\n", "I ate."),
    );
    f.write(
        "content/stories/both.md",
        &story("Both", "content_notes: [overdose, eating-disorder]\n", "Both."),
    );
    f.write(
        "content/stories/use.md",
        &story("Use", "content_notes: [substance-use]\n", "Used."),
    );
    f.write(
        "content/stories/closed.md",
        &story(
            "Closed",
            "collapse: true\ncontent_notes: [eating-disorder]\n",
            "Closed.",
        ),
    );
    f.build_ok();

    // Open story: one line before it (the first support line, named for screen readers),
    // the whole box after it, which the short one does not link to when it says it all.
    let eating = f.out("stories/eating/index.html");
    let boxes = support_boxes(&eating);
    assert_eq!(boxes.len(), 2, "{boxes:#?}");
    assert!(
        boxes[0].starts_with("<p class=\"support-box support-compact\" role=\"note\">If this brings up hard feelings:"),
        "{}",
        boxes[0]
    );
    assert!(
        boxes[0].contains(
            "<a href=\"tel:+18883757767\" aria-label=\"ED helpline: Call 1-888-375-7767\">Call 1-888-375-7767</a>"
        ),
        "{}",
        boxes[0]
    );
    assert!(
        !boxes[0].contains("988") && !boxes[0].contains("#support-end"),
        "{}",
        boxes[0]
    );
    assert!(boxes[1].contains("id=\"support-end\""), "{}", boxes[1]);
    assert!(
        boxes[1].contains("<span class=\"support-name\">ED helpline</span>"),
        "{}",
        boxes[1]
    );
    assert!(
        boxes[1].contains("<span class=\"support-description\">Weekdays.</span>"),
        "{}",
        boxes[1]
    );
    assert!(
        !boxes[1].contains("tel:988"),
        "an eating-disorder story offers its own line: {}",
        boxes[1]
    );
    assert!(eating.find("support-compact") < eating.find("<div class=\"story-body\">"));
    assert!(eating.find("id=\"support-end\"") > eating.find("<div class=\"story-body\">"));

    // A crisis note brings the main crisis line first; more than one line: a link to the rest.
    let both = f.out("stories/both/index.html");
    let boxes = support_boxes(&both);
    assert!(boxes[0].contains("aria-label=\"Main line: Call 988\""), "{}", boxes[0]);
    assert!(
        boxes[0].contains("<a href=\"#support-end\">More support"),
        "{}",
        boxes[0]
    );
    let end = boxes[1];
    assert!(end.find("Main line") < end.find("ED helpline"), "{end}");

    // A note without lines of its own and no crisis note: no box.
    assert!(support_boxes(&f.out("stories/use/index.html")).is_empty());

    // A closed story: the whole box before the toggle (it is all the reader sees).
    let closed = f.out("stories/closed/index.html");
    let boxes = support_boxes(&closed);
    assert_eq!(boxes.len(), 2);
    assert!(
        boxes[0].starts_with("<div class=\"support-box\" role=\"note\">"),
        "{}",
        boxes[0]
    );
    assert!(boxes[0].contains("ED helpline"), "{}", boxes[0]);
}

#[test]
fn support_lines_for_a_note_the_site_does_not_have_are_an_error() {
    let f = with_support();
    let config = std::fs::read_to_string(f.root().join("trailhead.toml")).unwrap();
    f.write(
        "trailhead.toml",
        &format!("{config}\n[[crisis.support.eating]]\nname = \"X\"\nphone = \"988\"\n"),
    );
    let errors = f.build_err();
    let text = crate::common::render(&errors);
    assert!(
        text.contains("support lines for \"eating\", which is not a content note of this site"),
        "{text}"
    );
    assert!(text.contains("did you mean `eating-disorder`?"), "{text}");
}
