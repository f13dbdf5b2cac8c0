use super::*;

fn attr(element: &str, attribute: &str) -> Kind {
    Kind::Attribute {
        element: element.into(),
        attribute: attribute.into(),
    }
}

fn form(element: &str, attribute: &str) -> Kind {
    Kind::Form {
        element: element.into(),
        attribute: attribute.into(),
    }
}

/// Every form a page can load from or send to another site: the markup, what it is, and the
/// text the reported offset must point at (the first occurrence of it in the markup).
fn positives() -> Vec<(&'static str, Kind, &'static str)> {
    vec![
        (
            "<script src=\"https://t.example/a.js\"></script>",
            attr("script", "src"),
            "https://t.example/a.js",
        ),
        (
            "<p>x</p>\n<IMG SRC=\"https://t.example/a.png\">",
            attr("img", "src"),
            "https://t.example/a.png",
        ),
        ("<img src=\"HTTPS://t.example/a.png\">", attr("img", "src"), "HTTPS://"),
        ("<img src=\"HtTp://t.example/a.png\">", attr("img", "src"), "HtTp://"),
        ("<img src=//t.example/a.png>", attr("img", "src"), "//t.example"),
        ("<img src=\"\\\\t.example/a.png\">", attr("img", "src"), "\\\\t.example"),
        ("<img src=\"/\\t.example/a.png\">", attr("img", "src"), "/\\t.example"),
        ("<img src=\"\\/t.example/a.png\">", attr("img", "src"), "\\/t.example"),
        (
            "<img src=\"&#104;ttps://t.example/a.png\">",
            attr("img", "src"),
            "&#104;",
        ),
        (
            "<img src=\"https&colon;//t.example/a.png\">",
            attr("img", "src"),
            "https&colon;",
        ),
        ("<img src=\"ht\ttps://t.example/a.png\">", attr("img", "src"), "ht\ttps"),
        (
            "<img src=\"h&Tab;ttps://t.example/a.png\">",
            attr("img", "src"),
            "h&Tab;",
        ),
        (
            "<img src=\"  \n https://t.example/a.png  \">",
            attr("img", "src"),
            "https://",
        ),
        ("<img src=\"ftp://t.example/a.png\">", attr("img", "src"), "ftp://"),
        ("<img src=\"wss://t.example/a\">", attr("img", "src"), "wss://"),
        ("<img src=\"foo://t.example/a\">", attr("img", "src"), "foo://"),
        (
            "<img srcset=\"/a.png 1x, https://t.example/b.png 2x\">",
            attr("img", "srcset"),
            "https://",
        ),
        (
            "<picture><source srcset=\"https://t.example/b.webp\"></picture>",
            attr("source", "srcset"),
            "https://",
        ),
        (
            "<link rel=\"preload\" as=\"image\" href=\"/a.png\" imagesrcset=\"/a.png 1x,https://t.example/c.png 2x\">",
            attr("link", "imagesrcset"),
            "https://",
        ),
        (
            "<iframe src=\"https://t.example/v\"></iframe>",
            attr("iframe", "src"),
            "https://",
        ),
        (
            "<frameset><frame src=\"https://t.example/f\"></frameset>",
            attr("frame", "src"),
            "https://",
        ),
        (
            "<embed src=\"https://t.example/e.swf\">",
            attr("embed", "src"),
            "https://",
        ),
        (
            "<audio src=\"https://t.example/a.mp3\"></audio>",
            attr("audio", "src"),
            "https://",
        ),
        (
            "<video><track src=\"https://t.example/t.vtt\"></video>",
            attr("track", "src"),
            "https://",
        ),
        (
            "<input type=\"image\" src=\"https://t.example/i.png\">",
            attr("input", "src"),
            "https://",
        ),
        (
            "<video poster=\"https://t.example/p.jpg\"></video>",
            attr("video", "poster"),
            "https://",
        ),
        (
            "<object data=\"https://t.example/o.pdf\"></object>",
            attr("object", "data"),
            "https://",
        ),
        (
            "<object codebase=\"https://t.example/\"></object>",
            attr("object", "codebase"),
            "https://",
        ),
        (
            "<object archive=\"a.jar https://t.example/b.jar\"></object>",
            attr("object", "archive"),
            "https://",
        ),
        (
            "<table background=\"https://t.example/bg.png\"></table>",
            attr("table", "background"),
            "https://",
        ),
        (
            "<html manifest=\"https://t.example/m.appcache\">",
            attr("html", "manifest"),
            "https://",
        ),
        (
            "<a href=\"/x\" attributionsrc=\"https://t.example/r\">x</a>",
            attr("a", "attributionsrc"),
            "https://",
        ),
        (
            "<svg><image href=\"https://t.example/e.png\"/></svg>",
            attr("image", "href"),
            "https://",
        ),
        (
            "<svg><use xlink:href=\"https://t.example/s.svg#i\"/></svg>",
            attr("use", "xlink:href"),
            "https://",
        ),
        (
            "<svg><filter><feImage href=\"https://t.example/f.png\"/></filter></svg>",
            attr("feimage", "href"),
            "https://",
        ),
        (
            "<svg><script href=\"https://t.example/s.js\"/></svg>",
            attr("script", "href"),
            "https://",
        ),
        (
            "<link rel=\"stylesheet\" href=\"https://t.example/s.css\">",
            attr("link", "href"),
            "https://",
        ),
        (
            "<link rel=\"alternate stylesheet\" href=\"https://t.example/s.css\">",
            attr("link", "href"),
            "https://",
        ),
        (
            "<link rel=\"ICON\" href=\"https://t.example/i.ico\">",
            attr("link", "href"),
            "https://",
        ),
        (
            "<link rel=\"something-new\" href=\"https://t.example/x\">",
            attr("link", "href"),
            "https://",
        ),
        (
            "<a href=\"https://ok.example/\" ping=\"https://t.example/p\">x</a>",
            Kind::Ping,
            "https://t.example",
        ),
        (
            "<map><area href=\"/\" ping=\"/a https://t.example/p\"></map>",
            Kind::Ping,
            "https://t.example",
        ),
        (
            "<form action=\"https://t.example/f\"></form>",
            form("form", "action"),
            "https://",
        ),
        (
            "<form><button formaction=\"https://t.example/f\">Go</button></form>",
            form("button", "formaction"),
            "https://",
        ),
        (
            "<meta http-equiv=\"refresh\" content=\"0;url=https://t.example/\">",
            Kind::Refresh,
            "https://",
        ),
        (
            "<meta http-equiv=\"Refresh\" content=\"5; URL = 'https://t.example/'\">",
            Kind::Refresh,
            "https://",
        ),
        (
            "<meta http-equiv=\"refresh\" content=\"0 https://t.example/\">",
            Kind::Refresh,
            "https://",
        ),
        (
            "<meta http-equiv=\"refresh\" content=\" 1.5,'//t.example/'\">",
            Kind::Refresh,
            "//t.example",
        ),
        ("<base href=\"https://t.example/\">", Kind::Base, "https://"),
        (
            "<iframe srcdoc=\"<img src=https://t.example/i.png>\"></iframe>",
            attr("img", "src"),
            "https://",
        ),
        (
            "<iframe srcdoc=\"&lt;img src=https://t.example/i.png&gt;\"></iframe>",
            attr("img", "src"),
            "&lt;",
        ),
        (
            "<noscript><img src=\"https://t.example/n.png\"></noscript>",
            attr("img", "src"),
            "https://",
        ),
        (
            "<p style=\"background:url(https://t.example/b.png)\">x</p>",
            Kind::CssUrl,
            "https://",
        ),
        (
            "<p style=\"background:url( 'https://t.example/b.png' )\">x</p>",
            Kind::CssUrl,
            "https://",
        ),
        (
            "<style>@import \"https://t.example/i.css\";</style>",
            Kind::CssImport,
            "https://",
        ),
        (
            "<style>@import url(https://t.example/i.css);</style>",
            Kind::CssImport,
            "https://",
        ),
        (
            "<style>a{background:url(\\68ttps://t.example/e.png)}</style>",
            Kind::CssUrl,
            "\\68ttps",
        ),
        (
            "<style>a{background:url(\"HTTPS://t.example/e.png\")}</style>",
            Kind::CssUrl,
            "HTTPS",
        ),
        (
            "<style>a{background:image-set(\"https://t.example/x.png\" 1x)}</style>",
            Kind::CssImageSet,
            "https://",
        ),
        (
            "<style>a{background:-webkit-image-set(\"/a.png\" 1x, \"https://t.example/x.png\" 2x)}</style>",
            Kind::CssImageSet,
            "https://",
        ),
        (
            "<style>@font-face{font-family:x;src:url(\"https://t.example/f.woff2\")}</style>",
            Kind::CssUrl,
            "https://",
        ),
        (
            "<style>@media print{a{b:url(//t.example/x.png)}}</style>",
            Kind::CssUrl,
            "//t.example",
        ),
        (
            "<svg><rect fill=\"url(https://t.example/p.svg#g)\"/></svg>",
            Kind::CssUrl,
            "https://",
        ),
        (
            "<svg><path marker-end=\"url(https://t.example/m.svg#m)\"/></svg>",
            Kind::CssUrl,
            "https://",
        ),
        (
            "<svg><g filter=\"url(//t.example/f.svg#f)\"/></svg>",
            Kind::CssUrl,
            "//t.example",
        ),
        (
            "<svg><style>rect{fill:url(https://t.example/p.svg)}</style></svg>",
            Kind::CssUrl,
            "https://",
        ),
        (
            "<template><img src=\"https://t.example/t.png\"></template>",
            attr("img", "src"),
            "https://",
        ),
    ]
}

#[test]
fn every_form_of_remote_load_is_found_at_its_offset() {
    let cases = positives();
    assert!(cases.len() >= 30);
    for (html, kind, needle) in cases {
        let found = remote_loads_in_html(html);
        assert_eq!(found.len(), 1, "{html}: {found:?}");
        assert_eq!(found[0].kind, kind, "{html}");
        let at = html.find(needle).unwrap();
        assert_eq!(found[0].offset, at, "{html}: points at {:?}", &html[found[0].offset..]);
        assert!(is_remote(&found[0].url), "{html}: {}", found[0].url);
        assert!(!found[0].message().is_empty() && !found[0].hint().is_empty());
    }
}

/// Markup with nothing that reaches another website.
const NEGATIVES: &[&str] = &[
    "<a href=\"https://988lifeline.org/\">988</a>",
    "<a href=\"HTTPS://988lifeline.org/\" rel=\"noopener noreferrer\">988</a>",
    "<map><area href=\"https://example.org/\"></map>",
    "<link rel=\"canonical\" href=\"https://example.org/x/\">",
    "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"https://example.org/atom.xml\">",
    "<link rel=\"author license\" href=\"https://example.org/me\">",
    "<link rel=\"stylesheet\" href=\"/style.css\"><script src=\"/quick-exit.js\" defer></script>",
    "<img src=\"photo.jpg\" alt=\"A river\"><img src=\"../img/a.png\"><img src=\"#frag\">",
    "<img src=\"a//b.png\"><img src=\"a/\\\\b.png\"><img srcset=\"a.png 1x, b//c.png 2x\">",
    "<img src=\"data:image/png;base64,AAAA\">",
    "<a href=\"mailto:help@example.org\">m</a><a href=\"tel:+15551234\">t</a><a href=\"sms:+15551234\">s</a>",
    "<script type=\"application/ld+json\">{\"url\": \"https://example.org/\", \"image\": \"https://example.org/a.png\"}</script>",
    "<script>document.write('<img src=\"https://x.example/a.png\">')</script>",
    "<textarea><img src=\"https://x.example/a.png\"></textarea>",
    "<title><link rel=stylesheet href=\"https://x.example/s.css\"></title>",
    "<!-- <img src=\"https://x.example/a.png\"> -->",
    "<p>Read <code>&lt;img src=\"https://x.example/a.png\"&gt;</code></p>",
    "<link rel=\"stylesheet\" href=\"{{ config.extra.css }}\">",
    "<p title=\"url(https://x.example/)\" data-src=\"https://x.example/\">x</p>",
    "<p style=\"content: 'https://x.example/'\">x</p>",
    "<style>@namespace svg \"http://www.w3.org/2000/svg\"; a::after{content:\"https://x.example/\"}</style>",
    "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"https://x.example/\">x</a><use href=\"#icon\"/><rect fill=\"url(#g)\"/></svg>",
    "<form action=\"/search/\"><button formaction=\"/other/\">Go</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0; url=/new/\"><meta http-equiv=\"refresh\" content=\"30\">",
    "<meta property=\"og:image\" content=\"https://example.org/a.png\">",
    "<a href=\"/x\" ping=\"/count\">x</a>",
    "<img src=\"javascript:void(0)\">",
    "<iframe srcdoc=\"<p>hello</p>\"></iframe>",
];

#[test]
fn nothing_is_found_in_links_local_files_and_text() {
    for html in NEGATIVES {
        assert_eq!(remote_loads_in_html(html), vec![], "{html}");
    }
}

#[test]
fn is_remote_reads_urls_as_a_browser_does() {
    for url in [
        "https://a.example/",
        "HTTP://a.example/",
        "hTTpS://a.example",
        "//a.example",
        "\\\\a.example",
        "/\\a.example",
        "\\/a.example",
        " \u{1}https://a.example ",
        "ht\ttp\ns://a.example",
        "https:a.example",
        "ftp://a.example",
        "ws://a.example",
        "WSS://a.example",
        "git+ssh://a.example/x",
    ] {
        assert!(is_remote(url), "{url:?}");
    }
    for url in [
        "",
        "/a",
        "a//b",
        "./a",
        "../a",
        "#frag",
        "?q=1",
        "mailto:a@example.org",
        "tel:+1555",
        "sms:+1555",
        "data:text/plain,x",
        "javascript:x",
        "a:b",
        "1http://x",
        "/ /a",
    ] {
        assert!(!is_remote(url), "{url:?}");
    }
}

#[test]
fn stylesheets_are_read_with_their_escapes_and_strings() {
    let css = "a{}\n@font-face { src: url( 'https://f.example/a.woff2' ) }\n@import 'http://i.example/x.css' screen;\nb{background:url(\\2f\\2f e.example/x.png)}";
    let found = remote_loads_in_css(css);
    let offsets: Vec<usize> = found.iter().map(|l| l.offset).collect();
    assert_eq!(
        offsets,
        vec![
            css.find("https://").unwrap(),
            css.find("http://").unwrap(),
            css.find("\\2f").unwrap()
        ]
    );
    assert_eq!(found[2].url, "//e.example/x.png");
    assert_eq!(remote_loads_in_css("a{b:url(/x.png);c:\"https://x.example/\"}"), vec![]);
}

#[test]
fn template_expressions_are_left_to_the_rendered_page() {
    let template = "<link rel=\"stylesheet\" href=\"{{ config.extra.css }}\">\n<a href=\"{{ x }}\">x</a>";
    assert_eq!(remote_loads_in_html(template), vec![]);
    let found = template_loaders(template);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, attr("link", "href"));
    assert_eq!(found[0].offset, template.find("{{").unwrap());
    assert_eq!(found[0].url, "{{ config.extra.css }}");
}

#[test]
fn markup_that_cannot_be_read_safely_is_reported() {
    let found = remote_loads_in_html("<select><xmp><script>x</script></select>");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, Kind::Unreadable);
    let deep = format!("<style>{}</style>", "(".repeat(200));
    assert_eq!(remote_loads_in_html(&deep)[0].kind, Kind::Unreadable);
}

#[test]
fn unclosed_markup_does_not_panic() {
    for s in [
        "<",
        "<img src=",
        "<img src=\"https://x",
        "<style>url(",
        "<a b='",
        "<link rel=stylesheet href",
        "<noscript><img src=https://x.example/a",
    ] {
        let _ = remote_loads_in_html(s);
        let _ = scan_page(s);
    }
}

#[test]
fn the_page_policy_must_come_first_in_the_head() {
    let meta = csp_meta_element();
    let page = |head: &str| {
        format!("<!doctype html><html><head><meta charset=\"utf-8\">{head}</head><body><p>x</p></body></html>")
    };
    assert_eq!(scan_page(&page(&meta)).csp, Csp::Present);
    let canonical = format!("<link rel=\"canonical\" href=\"https://example.org/\">{meta}");
    assert_eq!(scan_page(&page(&canonical)).csp, Csp::Present);
    assert_eq!(scan_page(&page("<title>x</title>")).csp, Csp::Missing);
    let late = page(&format!("<link rel=\"stylesheet\" href=\"/s.css\">{meta}"));
    assert_eq!(
        scan_page(&late).csp,
        Csp::After {
            element: "link".into(),
            offset: late.find("<link").unwrap()
        }
    );
    assert_eq!(
        scan_page(&page(&format!("<title>Hello</title>\n{meta}"))).csp,
        Csp::Present
    );
    let text = page(&format!("<title>x</title>Hello{meta}"));
    assert_eq!(
        scan_page(&text).csp,
        Csp::After {
            element: "text".into(),
            offset: text.find("Hello").unwrap()
        }
    );
    let in_body = format!("<!doctype html><html><head></head><body>{meta}</body></html>");
    assert!(matches!(scan_page(&in_body).csp, Csp::After { ref element, .. } if element == "body"));
    let weaker = page("<meta http-equiv=\"content-security-policy\" content=\"default-src *\">");
    assert_eq!(
        scan_page(&weaker).csp,
        Csp::Different {
            found: "default-src *".into()
        }
    );
    assert!(!meta_csp().contains("frame-ancestors"));
    assert!(meta_csp().contains("default-src 'none'"));
}

/// Times one read of every page of a built site: `TRAILHEAD_SCAN_DIR=/tmp/out cargo test
/// --release --lib scan_speed -- --ignored --nocapture`.
#[test]
#[ignore]
fn scan_speed() {
    let Ok(dir) = std::env::var("TRAILHEAD_SCAN_DIR") else {
        return;
    };
    let pages: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    let bytes: usize = pages.iter().map(String::len).sum();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let mut n = 0;
        for p in &pages {
            n += scan_page(p).loads.len();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "{} pages, {:.1} MB: {:.3} s, {:.0} MB/s ({n})",
            pages.len(),
            bytes as f64 / 1e6,
            s,
            bytes as f64 / 1e6 / s
        );
    }
}

fn page_with(body_slot: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\">{}<title>T</title></head><body>{}</body></html>",
        csp_meta_element(),
        body_slot.replace("BODY", body)
    )
}

#[test]
fn a_page_is_read_around_its_checked_body_only_where_that_is_sound() {
    let body = format!("<p>{}</p>", "Words of a story. ".repeat(100));
    // In ordinary content: nothing to find, and the cut is used.
    let page = page_with("<main>BODY</main>", &body);
    let scan = scan_page_around(&page, &body);
    assert_eq!((scan.loads.len(), &scan.csp), (0, &Csp::Present));
    let holed = format!(
        "{}{}{}",
        &page[..page.find(&body).unwrap()],
        html::HOLE,
        &page[page.find(&body).unwrap() + body.len()..]
    );
    assert!(html::scan(&holed, Mode::Loads, true, Some(page.find(&body).unwrap())).hole_seen);

    // A load in the page around the body is still found, exactly as a whole read finds it.
    let page = page_with("<main>BODY</main><img alt=\"\" src=\"https://t.example/p.png\">", &body);
    let around = scan_page_around(&page, &body);
    assert_eq!(around.loads.len(), 1);
    assert_eq!(around.loads[0].offset, scan_page(&page).loads[0].offset);

    // The body inside <style> would be CSS there: the whole page is read, and its url() found.
    let css_body = format!(
        "body {{ background: url(https://t.example/b.png) }} /* {} */",
        "x".repeat(1100)
    );
    let page = page_with("<style>BODY</style>", &css_body);
    assert_eq!(scan_page_around(&page, &css_body).loads.len(), 1);
    // Inside <noscript> (text to the tokenizer, markup to a browser without scripts): the same.
    let img_body = format!(
        "<img alt=\"\" src=\"https://t.example/b.png\"><p>{}</p>",
        "x".repeat(1100)
    );
    let page = page_with("<noscript><div>BODY</div></noscript>", &img_body);
    assert_eq!(scan_page_around(&page, &img_body).loads.len(), 1);
    // In an attribute: the comment is not met, so the whole page is read.
    let attr_page = page_with("<div title=\"BODY\"></div><main>x</main>", &body);
    let holed_start = attr_page.find(&body).unwrap();
    let holed = format!(
        "{}{}{}",
        &attr_page[..holed_start],
        html::HOLE,
        &attr_page[holed_start + body.len()..]
    );
    assert!(!html::scan(&holed, Mode::Loads, true, Some(holed_start)).hole_seen);
}
