//! Nothing a built page loads, or sends, may reach another website: every form of remote load
//! in Markdown, templates, stylesheets and SVG files fails the build at its line and column,
//! and every HTML page carries the Content-Security-Policy in a `<meta>` element.

use crate::common::{Fixture, render};
use trailhead::diagnostics::Diagnostic;

/// Forms of remote load, each written in Markdown on its own line, with the text the error's
/// column must point at.
const FORMS: &[(&str, &str)] = &[
    ("![x](HTTPS://tracker.example/a.png)", "!"),
    ("<svg><image href=\"https://tracker.example/e.png\"/></svg>", "https://"),
    (
        "<a href=\"https://ok.example/\" ping=\"https://tracker.example/p\">ok</a>",
        "https://tracker",
    ),
    (
        "<meta http-equiv=\"refresh\" content=\"0;url=https://tracker.example/r\">",
        "https://",
    ),
    ("<script src=\"https://t.example/a.js\"></script>", "https://"),
    ("<img src=\"//t.example/b.png\" alt=\"\">", "//t.example"),
    ("<img src=\"\\\\t.example/c.png\" alt=\"\">", "\\\\t"),
    ("<img src=\"&#104;ttps://t.example/d.png\" alt=\"\">", "&#104;"),
    ("<img src=\"ht\ttps://t.example/e.png\" alt=\"\">", "ht\t"),
    ("<img src=\"HtTpS://t.example/f.png\" alt=\"\">", "HtTpS"),
    ("<img src=\"   https://t.example/g.png \" alt=\"\">", "https://"),
    (
        "<img srcset=\"/a.png 1x, https://t.example/h.png 2x\" alt=\"\">",
        "https://",
    ),
    ("<video poster=\"https://t.example/i.jpg\"></video>", "https://"),
    ("<object data=\"https://t.example/j.pdf\"></object>", "https://"),
    ("<iframe src=\"https://t.example/k\"></iframe>", "https://"),
    ("<link rel=\"stylesheet\" href=\"https://t.example/l.css\">", "https://"),
    (
        "<form action=\"https://t.example/m\"><button>Go</button></form>",
        "https://",
    ),
    ("<button formaction=\"https://t.example/n\">Go</button>", "https://"),
    ("<base href=\"https://t.example/o/\">", "https://"),
    (
        "<iframe srcdoc=\"<img src=https://t.example/p.png>\"></iframe>",
        "https://",
    ),
    ("<p style=\"background:url(https://t.example/q.png)\">x</p>", "https://"),
    ("<style>@import \"https://t.example/r.css\";</style>", "https://"),
    ("<style>a{background:url(\\68ttps://t.example/s.png)}</style>", "\\68"),
    (
        "<style>a{background:image-set(\"https://t.example/t.png\" 1x)}</style>",
        "https://",
    ),
    ("<svg><rect fill=\"url(https://t.example/u.svg#g)\"/></svg>", "https://"),
    (
        "<noscript><img src=\"https://t.example/v.png\" alt=\"\"></noscript>",
        "https://",
    ),
    ("<svg><use xlink:href=\"https://t.example/w.svg#i\"/></svg>", "https://"),
    ("<audio src=\"https://t.example/x.mp3\"></audio>", "https://"),
    ("<a href=\"/\" attributionsrc=\"https://t.example/y\">x</a>", "https://"),
];

fn location(d: &Diagnostic) -> (String, usize, usize) {
    let file = d
        .file
        .as_deref()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    (file, d.line, d.col)
}

/// Builds once, breaks the fixture, and checks the build fails with an error at each place,
/// and that the previous output survived.
fn assert_errors_at(f: &Fixture, expected: &[(String, usize, usize, String)]) {
    let errors = f.build_err();
    for (file, line, col, needle) in expected {
        let hit = errors
            .iter()
            .any(|d| location(d) == (file.clone(), *line, *col) && d.message.contains(needle.as_str()));
        assert!(
            hit,
            "no error at {file}:{line}:{col} mentioning {needle:?}; errors:\n{}",
            render(&errors)
        );
    }
    for d in &errors {
        assert!(d.hint.is_some(), "every error has a hint: {d}");
    }
}

#[test]
fn every_form_in_markdown_fails_the_build_at_its_line_and_column() {
    let f = Fixture::new();
    f.build_ok();
    let before = f.all_output();
    let head = "---\ntitle: About\n---\n";
    let mut body = String::new();
    let mut expected = Vec::new();
    let mut line = head.matches('\n').count() + 1;
    for (form, needle) in FORMS {
        body.push_str(form);
        body.push_str("\n\n");
        let col = form[..form.find(needle).unwrap()].chars().count() + 1;
        expected.push(("content/about.md".to_owned(), line, col, "another website".to_owned()));
        line += 2;
    }
    assert!(FORMS.len() >= 25);
    f.write("content/about.md", &format!("{head}{body}"));
    assert_errors_at(&f, &expected);
    assert_eq!(
        f.all_output(),
        before,
        "the previous output must survive a failed build"
    );
}

#[test]
fn the_four_forms_that_used_to_build_now_fail_with_plain_words() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        &format!(
            "---\ntitle: About\n---\n{}\n",
            FORMS[..4].iter().map(|(m, _)| *m).collect::<Vec<_>>().join("\n\n")
        ),
    );
    let errors = f.build_err();
    let text = render(&errors);
    for needle in [
        "loads HTTPS://tracker.example/a.png from another website (tracker.example)",
        "<image href> loads https://tracker.example/e.png",
        "ping sends a message to https://tracker.example/p",
        "<meta http-equiv=\"refresh\"> sends the reader on to https://tracker.example/r",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
    assert!(text.contains("tells that site who is reading"));
    assert!(text.contains("link to the other site instead"));
}

#[test]
fn a_template_override_with_a_remote_load_fails_at_the_template_line() {
    let f = Fixture::new();
    let page = std::fs::read_to_string(f.path("themes/default/templates/page.html")).unwrap();
    let broken = page.replacen(
        "{% block content %}\n",
        "{% block content %}\n<img alt=\"\" src=\"https://t.example/banner.png\">\n",
        1,
    );
    f.write("templates/page.html", &broken);
    let line = broken[..broken.find("<img").unwrap()].matches('\n').count() + 1;
    let col = "<img alt=\"\" src=\"".len() + 1;
    assert_errors_at(
        &f,
        &[(
            "templates/page.html".into(),
            line,
            col,
            "<img src> loads https://t.example/banner.png".into(),
        )],
    );
}

#[test]
fn stylesheets_and_svg_files_with_remote_loads_fail_at_their_lines() {
    let f = Fixture::new();
    f.write(
        "static/extra.css",
        "body { color: black; }\n@import url(\"https://fonts.example/x.css\");\n",
    );
    f.write(
        "static/icon.svg",
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n  <image xlink:href=\"https://t.example/i.png\" width=\"1\" height=\"1\"/>\n</svg>\n",
    );
    f.write(
        "content/guides/map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<style>\n  rect { fill: url(//t.example/p.svg#g) }\n</style>\n</svg>\n",
    );
    assert_errors_at(
        &f,
        &[
            (
                "static/extra.css".into(),
                2,
                14,
                "CSS @import loads https://fonts.example/x.css".into(),
            ),
            (
                "static/icon.svg".into(),
                3,
                22,
                "<image xlink:href> loads https://t.example/i.png".into(),
            ),
            (
                "content/guides/map.svg".into(),
                3,
                20,
                "CSS url() loads //t.example/p.svg#g".into(),
            ),
        ],
    );
}

#[test]
fn local_svg_files_and_links_to_other_sites_build() {
    let f = Fixture::new();
    f.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"https://example.org/\"><use href=\"#x\"/></a></svg>\n",
    );
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\nSee [988](https://988lifeline.org/), [shouting](HTTPS://example.org/a), [slashes](//example.org/b) and [mail](mailto:help@example.org).\n",
    );
    f.build_ok();
    let html = f.out("about/index.html");
    for href in ["https://988lifeline.org/", "HTTPS://example.org/a", "//example.org/b"] {
        assert!(
            html.contains(&format!("<a href=\"{href}\" rel=\"noopener noreferrer\">")),
            "{href} in:\n{html}"
        );
    }
    assert!(html.contains("<a href=\"mailto:help@example.org\">"));
    assert!(f.out_exists("logo.svg"));
}

/// The policy the `<meta>` element must carry: `_headers`' without what a meta cannot hold.
fn meta_policy() -> String {
    trailhead::CSP
        .split(';')
        .map(str::trim)
        .filter(|d| !d.starts_with("frame-ancestors") && !d.starts_with("report-uri") && !d.starts_with("sandbox"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Checks every HTML file under `dir` has exactly one policy `<meta>`, before any stylesheet
/// or script.
fn assert_every_page_has_the_policy(dir: &std::path::Path) -> usize {
    let tag = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        meta_policy()
    );
    let mut pages = 0;
    for e in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        if e.path().extension().is_some_and(|x| x == "html") {
            pages += 1;
            let html = std::fs::read_to_string(e.path()).unwrap();
            let html = html.replace("&#39;", "'").replace("&#x27;", "'");
            assert_eq!(
                html.matches("http-equiv=\"Content-Security-Policy\"").count(),
                1,
                "{}",
                e.path().display()
            );
            let at = html
                .find(&tag)
                .unwrap_or_else(|| panic!("{}: no {tag}\n{html}", e.path().display()));
            let head_end = html.find("</head>").unwrap();
            assert!(at < head_end, "{}", e.path().display());
            for loader in ["<link rel=\"stylesheet\"", "<script", "<style"] {
                if let Some(l) = html.find(loader) {
                    assert!(at < l, "{}: the policy comes after {loader}", e.path().display());
                }
            }
        }
    }
    pages
}

#[test]
fn every_page_of_a_fixture_carries_the_policy_in_a_meta_element() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\naliases: [\"/old-about/\", \"/older.html\"]\n---\nPeers.\n",
    );
    f.build_ok();
    assert!(f.out("old-about/index.html").contains("Content-Security-Policy"));
    let pages = assert_every_page_has_the_policy(&f.path("public"));
    assert!(pages >= 10, "{pages}");
}

#[test]
fn every_page_of_the_demo_carries_the_policy_in_a_meta_element() {
    let out = tempfile::tempdir().unwrap();
    let mut o = trailhead::BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
    o.output = Some(out.path().to_path_buf());
    o.today = Some(jiff::civil::date(2026, 11, 22));
    if let Err(e) = trailhead::build(&o) {
        panic!("{}", render(&e.diagnostics));
    }
    let pages = assert_every_page_has_the_policy(out.path());
    assert!(pages >= 20, "{pages}");
}

#[test]
fn a_template_without_the_policy_fails_the_build_with_the_line_to_add() {
    let f = Fixture::new();
    f.build_ok();
    let before = f.all_output();
    let base = std::fs::read_to_string(f.path("themes/default/templates/base.html")).unwrap();
    let line = "<meta http-equiv=\"Content-Security-Policy\" content=\"{{ csp }}\">\n";
    assert!(base.contains(line));
    f.write("templates/base.html", &base.replacen(line, "", 1));
    let errors = f.build_err();
    let d = errors
        .iter()
        .find(|d| d.message.contains("no Content-Security-Policy <meta> element"))
        .unwrap_or_else(|| panic!("{}", render(&errors)));
    let head_line = base[..base.find("<head>").unwrap()].matches('\n').count() + 1;
    assert_eq!(location(d), ("templates/base.html".into(), head_line, 1), "{d}");
    assert!(d.message.contains("base.html"), "{d}");
    assert!(d.hint.as_deref().unwrap().contains(line.trim_end()), "{d}");
    assert_eq!(f.all_output(), before);

    // After a stylesheet, it is too late.
    let late = base
        .replacen(line, "", 1)
        .replacen("</head>", &format!("{line}</head>"), 1);
    f.write("templates/base.html", &late);
    let errors = f.build_err();
    assert!(
        errors.iter().any(|d| d.message.contains("comes after <link>")),
        "{}",
        render(&errors)
    );
}
