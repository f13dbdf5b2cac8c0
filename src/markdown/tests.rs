use std::path::Path;

use super::*;

struct Fixed;

impl Resolver for Fixed {
    fn resolve(&self, path: &str) -> LinkTarget {
        match path {
            "guides/naloxone.md" => LinkTarget::Url("/guides/naloxone/".into()),
            "stories/gone.md" => LinkTarget::Unpublished("consent was withdrawn".into()),
            _ => LinkTarget::Missing(Some("guides/naloxone.md".into())),
        }
    }
}

fn run(body: &str, allow_html: bool) -> (Rendered, Vec<Diagnostic>) {
    let source = format!("---\ntitle: T\n---\n{body}");
    let ctx = context(
        Path::new("content/stories/a.md"),
        &source,
        16,
        "stories/a.md",
        "stories/a.md",
        "/stories/a/",
        &Fixed,
    );
    let mut diags = Vec::new();
    let r = render(
        &ctx,
        &source[16..],
        RenderOptions {
            allow_html,
            words: &crate::i18n::built_in("en"),
        },
        &mut diags,
    );
    (r, diags)
}

#[test]
fn headings_get_stable_unique_ids_and_a_toc() {
    let (r, d) = run("## What helped\n\ntext\n\n## What helped\n\n### Día a día\n", false);
    assert!(d.is_empty(), "{d:?}");
    assert!(
        r.html
            .contains("<h2 id=\"what-helped\"><a class=\"heading-link\" href=\"#what-helped\">What helped</a></h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("id=\"what-helped-1\""));
    assert!(r.html.contains("id=\"dia-a-dia\""));
    assert_eq!(r.toc.len(), 3);
    assert_eq!(r.toc[2].level, 3);
}

#[test]
fn skipped_heading_levels_are_errors_at_their_line() {
    let (_, d) = run("intro\n\n## One\n\n#### Too deep\n", false);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].line, 8);
    assert!(d[0].message.contains("skips a level"));
}

#[test]
fn internal_links_are_rewritten_and_checked() {
    let (r, d) = run(
        "See [naloxone](../guides/naloxone.md#how) and [x](@/guides/naloxone.md).\n\nAnd [gone](gone.md) and [nope](../guides/nalox.md).\n",
        false,
    );
    assert!(r.html.contains("href=\"/guides/naloxone/#how\""));
    assert!(r.html.contains("href=\"/guides/naloxone/\""));
    assert_eq!(r.anchor_refs.len(), 1);
    assert_eq!(r.anchor_refs[0].anchor, "how");
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(
        d[0].message
            .contains("which is not published (consent was withdrawn), so only the link's text is shown")
    );
    assert!(
        !d[0].is_error(),
        "a withdrawn story never stops the build of pages linking to it"
    );
    assert!(r.html.contains("And gone and"), "{}", r.html);
    assert!(!r.html.replace("And gone and", "").contains("gone"), "{}", r.html);
    assert_eq!(
        r.link_targets,
        [
            "guides/naloxone.md",
            "guides/naloxone.md",
            "stories/gone.md",
            "guides/nalox.md"
        ]
    );
    assert_eq!((d[1].line, d[1].col), (6, 25));
    assert!(d[1].hint.as_deref().unwrap().contains("../guides/naloxone.md"));
}

#[test]
fn external_links_are_safe() {
    let (r, _) = run("[988](https://988lifeline.org) [mail](mailto:a@b.org)", false);
    assert!(
        r.html
            .contains("<a href=\"https://988lifeline.org\" rel=\"noopener noreferrer\">988</a>")
    );
    assert!(r.html.contains("<a href=\"mailto:a@b.org\">mail</a>"));
}

#[test]
fn raw_html_is_text_in_stories_unless_allowed() {
    let (r, d) = run("Hi <script>alert(1)</script>\n", false);
    assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
    assert!(!r.html.contains("<script>"));
    assert_eq!(d[0].severity, crate::diagnostics::Severity::Warning);
    let (r, d) = run("Hi <b>there</b>\n", true);
    assert!(r.html.contains("<b>there</b>"));
    assert!(d.is_empty());
}

#[test]
fn callouts_footnotes_tables_and_tasks() {
    let (r, _) = run(
        "> [!WARNING]\n> Call first.\n\nText[^1].\n\n[^1]: A note.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n",
        false,
    );
    assert!(
        r.html
            .contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>")
    );
    assert!(
        r.html
            .contains("<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>")
    );
    assert!(r.html.contains("id=\"fn-1\""));
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("checkbox"));
}

#[test]
fn tables_scroll_in_a_focusable_region_named_by_their_headings() {
    let (r, _) = run("| Type | *Cost* |\n|---|---|\n| Medicaid | Free |\n", false);
    assert!(
        r.html.starts_with(
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table: Type, Cost\"><table>"
        ),
        "{}",
        r.html
    );
    assert!(r.html.trim_end().ends_with("</table>\n</div>"), "{}", r.html);
}

#[test]
fn more_marker_gives_a_summary_and_words_are_counted() {
    let (r, _) = run("First part here.\n\n<!-- more -->\n\nSecond part.\n", false);
    assert_eq!(r.summary_html.as_deref(), Some("<p>First part here.</p>\n"));
    assert!(r.html.contains("Second part."));
    assert_eq!(r.word_count, 5);
    assert_eq!(r.reading_minutes, 1);
}

#[test]
fn remote_images_are_refused() {
    let (_, d) = run("![a map](https://maps.example.com/x.png)", false);
    assert!(
        d[0].message.contains("<img src> loads https://") && d[0].message.contains("from another website"),
        "{}",
        d[0].message
    );
}

#[test]
fn smart_punctuation() {
    let (r, _) = run("\"Hello\" -- it's fine...", false);
    assert!(r.html.contains("“Hello” – it’s fine…"), "{}", r.html);
}

#[test]
fn passages_in_another_language_are_marked_even_where_html_is_off() {
    let (r, diags) = run(
        "She said <span lang=\"es\">te quiero, mijo</span> and hung up.\n\n<div lang='es-MX'>\n\nUna oración **entera**.\n\n</div>\n\nAfter.\n",
        false,
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert!(
        r.html.contains("<span lang=\"es\">te quiero, mijo</span>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<div lang=\"es-mx\">"), "{}", r.html);
    assert!(
        r.html.contains("<strong>entera</strong>"),
        "Markdown inside the passage still works"
    );
    assert_eq!(r.html.matches("</div>").count(), 1, "{}", r.html);
}

#[test]
fn a_closing_tag_without_its_passage_is_shown_as_text() {
    let (r, diags) = run("Text.\n\n</div>\n\n<span lang=\"not a tag\">x</span>\n", false);
    assert!(!r.html.contains("</div>"), "{}", r.html);
    assert!(r.html.contains("&lt;/div&gt;"), "{}", r.html);
    assert!(
        r.html.contains("&lt;span lang=&quot;not a tag&quot;&gt;")
            || r.html.contains("&lt;span lang=\"not a tag\"&gt;"),
        "{}",
        r.html
    );
    assert_eq!(diags.len(), 1, "one warning about raw HTML");
}

#[test]
fn task_list_checkboxes_are_labelled_by_their_item_and_footnotes_link_back() {
    let (r, diags) = run(
        "- [x] Call the drop-in center\n- [ ] Pack a bag\n\nA claim.[^src]\n\n[^src]: Where it comes from.\n",
        false,
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert!(
        r.html.contains(
            "<input type=\"checkbox\" disabled checked aria-labelledby=\"task-1\"> <span id=\"task-1\">Call the drop-in center</span>"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("aria-labelledby=\"task-2\"> <span id=\"task-2\">Pack a bag</span>")
    );
    assert!(
        r.html
            .contains("<sup class=\"footnote-reference\" id=\"fnref-src\"><a href=\"#fn-src\">1</a></sup>")
    );
    assert!(
        r.html
            .contains("<a class=\"footnote-backref\" href=\"#fnref-src\" aria-label=\"Back to the text\">↩</a>"),
        "{}",
        r.html
    );
}

#[test]
fn phone_numbers_in_running_text_can_be_tapped() {
    let (r, diags) = run(
        "Call us at (413) 555-0142, or text 988.\n\n[Our line, (413) 555-0142](https://example.org)\n\n```\n(413) 555-0142\n```\n",
        true,
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert!(
        r.html
            .contains("Call us at <a href=\"tel:+14135550142\">(413) 555-0142</a>, or text 988."),
        "{}",
        r.html
    );
    assert_eq!(
        r.html.matches("tel:").count(),
        1,
        "not inside a link or code: {}",
        r.html
    );
    assert!(r.plain.contains("Call us at (413) 555-0142, or text 988."));
}
