//! Every class of bad input gives a located, plain-words error, and the previous output survives.

use crate::common::{Fixture, guide, render, story};
use trailhead::diagnostics::Diagnostic;

/// Builds once (good), breaks the site with `breakage`, builds again and checks that the build
/// failed with an error in `file` at `line` whose message contains `needle`, and that the
/// previous output is still there, unchanged.
pub(crate) fn assert_fails(
    class: &str,
    breakage: impl FnOnce(&Fixture),
    file: &str,
    line: usize,
    needle: &str,
) -> Vec<Diagnostic> {
    let f = Fixture::new();
    f.build_ok();
    let before = f.all_output();
    assert!(!before.is_empty());
    breakage(&f);
    let errors = f.build_err();
    // `check` finds exactly what `build` finds.
    let built = f.build().expect_err("the build fails").diagnostics;
    let checked = trailhead::check(&f.options())
        .expect_err("the check fails too")
        .diagnostics;
    assert_eq!(render(&checked), render(&built), "check and build differ");
    let hit = errors.iter().find(|d| d.message.contains(needle));
    let Some(d) = hit else {
        panic!("no error containing {needle:?}:\n{}", render(&errors))
    };
    assert_eq!(
        d.file
            .as_deref()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .as_deref(),
        Some(file),
        "{d}"
    );
    assert_eq!(d.line, line, "{d}");
    assert!(d.hint.is_some(), "every error has a hint: {d}");
    assert_eq!(
        f.all_output(),
        before,
        "the previous output must survive a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("trailhead-") && !n.ends_with("trailhead-spare"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind: {leftovers:?}");
    crate::bad_input_table::check_row(class, d, "yes");
    errors
}

#[test]
fn broken_yaml() {
    assert_fails(
        "YAML front matter that does not parse",
        |f| {
            f.write("content/about.md", "---\ntitle: About\nsummary: [unclosed\n---\nText\n");
        },
        "content/about.md",
        3,
        "",
    );
}

#[test]
fn broken_toml() {
    let e = assert_fails(
        "TOML front matter that does not parse",
        |f| {
            f.write(
                "content/about.md",
                "+++\ntitle = \"About\"\nsummary = \"no end\n+++\nText\n",
            );
        },
        "content/about.md",
        3,
        "",
    );
    assert!(e[0].col > 0);
}

#[test]
fn unknown_front_matter_key() {
    let e = assert_fails(
        "A misspelt front-matter field",
        |f| {
            f.write("content/about.md", "---\ntitle: About\nsumary: Who we are\n---\nText\n");
        },
        "content/about.md",
        3,
        "unknown setting `sumary`",
    );
    assert!(
        e[0].hint.as_deref().unwrap().contains("did you mean `summary`?"),
        "{}",
        e[0]
    );
}

#[test]
fn wrong_type() {
    assert_fails(
        "A front-matter value of the wrong kind",
        |f| {
            f.write("content/about.md", "---\ntitle: About\ndraft: maybe\n---\nText\n");
        },
        "content/about.md",
        3,
        "",
    );
}

#[test]
fn bad_date() {
    assert_fails(
        "A date that does not exist",
        |f| {
            f.write(
                "content/stories/first.md",
                &story("First", "", "Body").replace("date: 2026-03-01", "date: 2026-02-30"),
            );
        },
        "content/stories/first.md",
        3,
        "is not a date",
    );
}

#[test]
fn missing_title() {
    assert_fails(
        "A page without a title",
        |f| {
            f.write("content/about.md", "---\nsummary: No title here\n---\nText\n");
        },
        "content/about.md",
        1,
        "no title",
    );
}

#[test]
fn story_without_consent() {
    assert_fails(
        "A story with no consent record",
        |f| {
            f.write(
                "content/stories/first.md",
                "---\ntitle: First\nauthor_display: Sam\n---\nBody\n",
            );
        },
        "content/stories/first.md",
        3,
        "no `consent` record",
    );
}

#[test]
fn story_with_incomplete_consent() {
    assert_fails(
        "A story whose final text was not approved",
        |f| {
            f.write(
                "content/stories/first.md",
                &story("First", "", "Body").replace("final_text_approved: true", "final_text_approved: false"),
            );
        },
        "content/stories/first.md",
        10,
        "has not approved the final text",
    );
}

#[test]
fn unknown_content_note() {
    let e = assert_fails(
        "A content note the site does not have",
        |f| {
            f.write(
                "content/stories/first.md",
                &story("First", "content_notes: [overdoze]\n", "Body"),
            );
        },
        "content/stories/first.md",
        7,
        "unknown content note \"overdoze\"",
    );
    assert_eq!(e[0].col, 17);
    assert!(e[0].hint.as_deref().unwrap().contains("did you mean \"overdose\"?"));
}

#[test]
fn duplicate_url_between_two_pages() {
    assert_fails(
        "Two pages at one address",
        |f| {
            f.write("content/stories/copy.md", &story("Copy", "slug: first\n", "Body"));
        },
        "content/stories/copy.md",
        7,
        "is the same as the address of content/stories/first.md",
    );
}

#[test]
fn link_to_a_missing_page() {
    let e = assert_fails(
        "A link to a page that does not exist",
        |f| {
            f.write(
                "content/about.md",
                "---\ntitle: About\n---\n\nRead [the guide](guides/crisis-line.md).\n",
            );
        },
        "content/about.md",
        5,
        "which does not exist",
    );
    assert_eq!(e[0].col, 6);
    assert!(
        e[0].hint.as_deref().unwrap().contains("guides/crisis-lines.md"),
        "{}",
        e[0]
    );
}

#[test]
fn missing_anchor() {
    let e = assert_fails(
        "A link to a heading that does not exist",
        |f| {
            f.write(
                "content/about.md",
                "---\ntitle: About\n---\n\nText.\n\nSee [calling](guides/crisis-lines.md#cal).\n",
            );
        },
        "content/about.md",
        7,
        "has no heading with that id",
    );
    assert!(e[0].hint.as_deref().unwrap().contains("#call"));
}

#[test]
fn missing_template() {
    assert_fails(
        "A page asking for a template that does not exist",
        |f| {
            f.write(
                "content/about.md",
                "---\ntitle: About\ntemplate: fancy.html\n---\nText\n",
            );
        },
        "content/about.md",
        3,
        "the template `fancy.html` does not exist",
    );
}

#[test]
fn template_syntax_error() {
    assert_fails(
        "A template that does not parse",
        |f| {
            f.write(
                "templates/page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n",
            );
        },
        "templates/page.html",
        4,
        "template problem",
    );
}

#[test]
fn template_rendering_error_names_the_page() {
    assert_fails(
        "A template that fails on one page",
        |f| {
            f.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.nonexistent.deeper }}\n{% endblock content %}\n");
        },
        "templates/page.html",
        3,
        "while rendering content/",
    );
}

#[test]
fn non_utf8_file() {
    assert_fails(
        "A file that is not UTF-8 text",
        |f| {
            f.write_bytes("content/about.md", b"---\ntitle: About\n---\nCaf\xe9 au lait\n");
        },
        "content/about.md",
        4,
        "not UTF-8",
    );
}

#[test]
fn output_folder_pointing_at_content() {
    let f = Fixture::new();
    f.build_ok();
    let before = f.all_output();
    let mut opts = f.options();
    opts.output = Some(f.path("content"));
    let err = trailhead::build(&opts).unwrap_err();
    let d = &err.diagnostics[0];
    assert!(d.message.contains("refusing to build into"), "{d}");
    assert!(d.message.contains("content folder"), "{d}");
    crate::bad_input_table::check_row_at(
        "An output folder inside the content",
        d,
        "yes (nothing is written)",
        f.root(),
    );
    assert!(f.path("content/about.md").exists(), "content must be untouched");
    assert_eq!(f.all_output(), before);
}

#[test]
fn output_folder_not_made_by_trailhead_is_never_replaced() {
    let f = Fixture::new();
    f.write("my-documents/letter.txt", "private");
    let mut opts = f.options();
    opts.output = Some(f.path("my-documents"));
    let err = trailhead::build(&opts).unwrap_err();
    assert!(err.diagnostics[0].message.contains("was not made by Trailhead"));
    crate::bad_input_table::check_row_at(
        "An output folder Trailhead did not make",
        &err.diagnostics[0],
        "yes (nothing in it is touched)",
        f.root(),
    );
    assert_eq!(
        std::fs::read_to_string(f.path("my-documents/letter.txt")).unwrap(),
        "private"
    );
}

#[test]
fn guide_without_review_date_and_bad_phone() {
    let errors = assert_fails(
        "A guide without a review date, with a contact number that cannot be dialled",
        |f| {
            f.write(
                "content/guides/crisis-lines.md",
                &guide("Crisis lines", "", "## Call\n\nText.")
                    .replace("last_reviewed: 2026-10-01\n", "")
                    .replace("1-800-662-4357", "555-1234"),
            );
        },
        "content/guides/crisis-lines.md",
        2,
        "no `last_reviewed`",
    );
    let phone = errors
        .iter()
        .find(|d| d.message.contains("phone number"))
        .expect("phone error too");
    assert_eq!(phone.line, 7, "{phone}");
}

#[test]
fn all_problems_are_reported_at_once() {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\nsumary: x\n---\n");
    f.write(
        "content/stories/first.md",
        &story("First", "content_notes: [nope]\n", "Body"),
    );
    f.write(
        "content/guides/crisis-lines.md",
        &guide("Crisis", "", "[x](missing.md)"),
    );
    let errors = f.build_err();
    let files: std::collections::BTreeSet<String> = errors
        .iter()
        .filter_map(|d| d.file.as_ref())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    // The broken guide body also breaks the link to its `#call` heading from another story.
    assert_eq!(files.len(), 4, "{}", render(&errors));
}

#[test]
fn heading_level_skip_is_an_error_at_its_line() {
    assert_fails(
        "A heading that skips a level",
        |f| {
            f.write("content/about.md", "---\ntitle: About\n---\n\n## One\n\n#### Three\n");
        },
        "content/about.md",
        7,
        "skips a level",
    );
}

#[test]
fn unknown_config_key() {
    let e = assert_fails(
        "A misspelt setting in trailhead.toml",
        |f| {
            f.write("trailhead.toml", &format!("paginate = 5\n{}", crate::common::CONFIG));
        },
        "trailhead.toml",
        1,
        "unknown setting `paginate`",
    );
    assert!(
        e[0].hint.as_deref().unwrap().contains("did you mean `paginate_by`?"),
        "{}",
        e[0]
    );
}

#[test]
fn raw_html_that_embeds_another_website() {
    let e = assert_fails(
        "Raw HTML that embeds another website",
        |f| {
            let cfg = std::fs::read_to_string(f.path("trailhead.toml")).unwrap();
            f.write(
                "trailhead.toml",
                &cfg.replacen("paginate_by", "allow_html = true\npaginate_by", 1),
            );
            f.write(
                "content/guides/crisis-lines.md",
                &guide(
                    "Crisis lines",
                    "",
                    "## Call\n\nCall someone.\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n",
                ),
            );
        },
        "content/guides/crisis-lines.md",
        15,
        "loads https://www.youtube.com/embed/x from another website",
    );
    assert!(e[0].hint.as_deref().unwrap().contains("link to it instead"), "{}", e[0]);
}

#[test]
fn template_that_loads_a_script_from_another_website() {
    assert_fails(
        "A template that loads a script from another website",
        |f| {
            let base = std::fs::read_to_string(f.path("themes/default/templates/base.html")).unwrap();
            let broken = base.replacen(
                "</head>",
                "<script src=\"https://cdn.example.com/analytics.js\"></script>\n</head>",
                1,
            );
            f.write("templates/base.html", &broken);
        },
        "templates/base.html",
        base_line_of("</head>"),
        "<script src> loads https://cdn.example.com/analytics.js",
    );
}

/// The line of the first `needle` in the default theme's base.html.
fn base_line_of(needle: &str) -> usize {
    let base = trailhead::scaffold::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == "templates/base.html")
        .unwrap()
        .1;
    base[..base.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn template_value_that_loads_from_another_website() {
    assert_fails(
        "A setting that makes a template load from another website",
        |f| {
            let cfg = std::fs::read_to_string(f.path("trailhead.toml")).unwrap();
            f.write(
                "trailhead.toml",
                &format!("{cfg}\n[extra]\nfont_css = \"https://fonts.example.com/css?family=Inter\"\n"),
            );
            let base = std::fs::read_to_string(f.path("themes/default/templates/base.html")).unwrap();
            let broken = base.replacen(
                "</head>",
                "<link rel=\"stylesheet\" href=\"{{ config.extra.font_css }}\">\n</head>",
                1,
            );
            f.write("templates/base.html", &broken);
        },
        "templates/base.html",
        base_line_of("</head>"),
        "loads https://fonts.example.com/css?family=Inter from another website",
    );
}

#[test]
fn stylesheet_that_loads_a_font_from_another_website() {
    assert_fails(
        "A stylesheet that loads a font from another website",
        |f| {
            f.write(
                "static/extra.css",
                "body { color: black; }\n@font-face { font-family: X; src: url(\"https://fonts.example.com/x.woff2\"); }\n",
            );
        },
        "static/extra.css",
        2,
        "CSS url() loads https://fonts.example.com/x.woff2",
    );
}

#[test]
fn image_without_alt_text() {
    let e = assert_fails(
        "An image without alt text",
        |f| {
            f.write_bytes("content/stories/river.png", &crate::common::tiny_png());
            f.write(
                "content/stories/first.md",
                &story("First story", "", "## Start\n\nI began.\n\n![](river.png)\n"),
            );
        },
        "content/stories/first.md",
        18,
        "this image has no alt text",
    );
    assert!(e[0].hint.as_deref().unwrap().contains("\"decorative\""), "{}", e[0]);
}

#[test]
fn image_whose_alt_text_is_its_file_name() {
    assert_fails(
        "An image whose alt text is its file name",
        |f| {
            f.write_bytes("content/stories/IMG_2034.png", &crate::common::tiny_png());
            f.write(
                "content/stories/first.md",
                &story(
                    "First story",
                    "",
                    "## Start\n\nI began.\n\n![IMG_2034.png](IMG_2034.png)\n",
                ),
            );
        },
        "content/stories/first.md",
        18,
        "the alt text of this image is its file name",
    );
}

#[test]
fn template_with_an_unknown_filter() {
    let e = assert_fails(
        "A template with an unknown filter",
        |f| {
            let base = std::fs::read_to_string(f.path("themes/default/templates/base.html")).unwrap();
            f.write(
                "templates/base.html",
                &base.replacen("</head>", "{{ config.title | shout }}\n</head>", 1),
            );
        },
        "templates/base.html",
        base_line_of("</head>"),
        "Unknown filter `shout`",
    );
    assert!(e[0].hint.as_deref().unwrap().contains("human_date"), "{}", e[0]);
}

#[test]
fn crisis_guide_that_is_not_a_page() {
    let e = assert_fails(
        "A crisis guide that is not a page",
        |f| {
            let cfg = std::fs::read_to_string(f.path("trailhead.toml")).unwrap();
            f.write(
                "trailhead.toml",
                &cfg.replacen("last_verified", "guide = \"guides/crisis-line.md\"\nlast_verified", 1),
            );
        },
        "trailhead.toml",
        std::fs::read_to_string(crate::common::Fixture::new().path("trailhead.toml"))
            .unwrap()
            .lines()
            .position(|l| l.starts_with("last_verified"))
            .unwrap()
            + 1,
        "[crisis] guide names content/guides/crisis-line.md",
    );
    assert!(
        e[0].hint.as_deref().unwrap().contains("guides/crisis-lines.md"),
        "{}",
        e[0]
    );
}

#[test]
fn a_failed_build_into_a_recycled_folder_leaves_the_output_untouched() {
    let f = Fixture::new();
    f.build_ok();
    f.build_ok();
    let before = f.all_output();
    f.write("content/about.md", "---\ntitle: About\nsumary: typo\n---\nText\n");
    let errors = f.build_err();
    assert!(
        errors.iter().any(|d| d.message.contains("sumary")),
        "{}",
        render(&errors)
    );
    assert_eq!(f.all_output(), before);
    f.write("content/about.md", "---\ntitle: About\n---\n## Who we are\n\nPeers.\n");
    f.build_ok();
    assert_eq!(
        f.all_output(),
        before,
        "the spare that held the failed build's files was pruned"
    );
}

#[test]
fn an_unclosed_list_is_reported_where_it_opens() {
    let e = assert_fails(
        "A list in front matter that is never closed",
        |f| {
            f.write(
                "content/about.md",
                "---\ntitle: About\ndate: [not a date\nupdated: 2026-02-10\n---\nText\n",
            );
        },
        "content/about.md",
        3,
        "this `[` is never closed",
    );
    assert_eq!(e[0].col, 7, "{}", e[0]);
}

#[test]
fn an_alias_that_takes_a_pages_address_is_one_error_and_the_page_stays_whole() {
    let errors = assert_fails(
        "An alias that takes a page's address",
        |f| {
            f.write(
                "content/stories/second.md",
                &story("Second", "aliases: [/old/, \"/about/\"]\n", "Body"),
            );
        },
        "content/stories/second.md",
        7,
        "this page's alias /about/ is the same as the address of content/about.md",
    );
    assert_eq!(errors.iter().filter(|d| d.is_error()).count(), 1, "{}", render(&errors));
    assert_eq!(errors[0].col, 18, "{}", errors[0]);
}

#[test]
fn a_static_file_with_the_path_of_a_page() {
    let errors = assert_fails(
        "A static file at a page's address",
        |f| {
            f.write("static/about/index.html", "<p>mine</p>");
        },
        "static/about/index.html",
        0,
        "two parts of this site are written to the same file, /about/index.html",
    );
    assert_eq!(errors.iter().filter(|d| d.is_error()).count(), 1, "{}", render(&errors));
}
