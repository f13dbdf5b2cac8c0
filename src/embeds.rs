//! Finding things a page would load from another website: scripts, stylesheets, fonts, images,
//! frames and media with absolute URLs, and CSS `url(…)`/`@import` of absolute URLs.
//!
//! Such a load tells that website who is reading what, and breaks the site's strict
//! Content-Security-Policy. Links (`<a href>`) to other sites are fine: they load nothing until
//! the reader follows them. The build checks Markdown with raw HTML, templates, every rendered
//! page and the stylesheets it copies.

/// One resource that would load from another website.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteLoad {
    /// Byte offset in the scanned text where the URL starts.
    pub offset: usize,
    /// What loads it, e.g. `<script src>` or `CSS url()`.
    pub what: String,
    /// The URL.
    pub url: String,
}

/// Elements and the attributes through which they load something.
const LOADERS: &[(&str, &[&str])] = &[
    ("script", &["src"]),
    ("img", &["src", "srcset"]),
    ("iframe", &["src"]),
    ("frame", &["src"]),
    ("embed", &["src"]),
    ("object", &["data"]),
    ("source", &["src", "srcset"]),
    ("video", &["src", "poster"]),
    ("audio", &["src"]),
    ("track", &["src"]),
    ("input", &["src"]),
    ("link", &["href"]),
];

/// `<link rel>` values that make the browser fetch the `href` (others, such as `canonical` or
/// `alternate`, only describe a page).
const FETCHING_RELS: &[&str] = &[
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "preconnect",
    "dns-prefetch",
];

/// True for URLs that point at another website: `http:`, `https:` or protocol-relative `//`.
pub fn is_remote(url: &str) -> bool {
    let u = url.trim_start();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || u.starts_with("//")
}

/// Every resource in `html` that would load from another website. Values that are template
/// expressions (`{{ … }}`) are skipped: rendered pages are checked separately.
pub fn remote_loads_in_html(html: &str) -> Vec<RemoteLoad> {
    scan(html, false)
}

/// The loading attributes of a template whose value is a template expression, such as
/// `<link rel="stylesheet" href="{{ config.extra.css }}">`: where a remote load found in a
/// rendered page can come from.
pub fn template_loaders(template: &str) -> Vec<RemoteLoad> {
    scan(template, true)
}

fn scan(html: &str, expressions: bool) -> Vec<RemoteLoad> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let start = i + rel + 1;
        let name_end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |p| start + p);
        let raw_name = &html[start..name_end];
        let tag_end = html[name_end..].find('>').map_or(html.len(), |p| name_end + p);
        // Most tags load nothing and carry no style: skip them without allocating.
        let loader = LOADERS.iter().find(|(n, _)| n.eq_ignore_ascii_case(raw_name));
        let is_style = raw_name.eq_ignore_ascii_case("style");
        let inside = &html.as_bytes()[name_end..tag_end];
        if loader.is_none() && !is_style && !inside.windows(5).any(|w| w.eq_ignore_ascii_case(b"style")) {
            i = tag_end.max(start);
            continue;
        }
        let name = raw_name.to_ascii_lowercase();
        if is_style {
            let close = html[tag_end..]
                .to_ascii_lowercase()
                .find("</style")
                .map_or(html.len(), |p| tag_end + p);
            for mut r in remote_loads_in_css(&html[tag_end..close])
                .into_iter()
                .filter(|_| !expressions)
            {
                r.offset += tag_end;
                found.push(r);
            }
            i = close.max(start);
            continue;
        }
        let attrs = attributes(&html[name_end..tag_end], name_end);
        if let Some((_, style, at)) = attrs.iter().find(|(n, _, _)| n == "style" && !expressions) {
            for mut r in remote_loads_in_css(style) {
                r.offset += at;
                found.push(r);
            }
        }
        if let Some((_, loads)) = loader {
            let fetches = name != "link"
                || attrs.iter().any(|(n, v, _)| {
                    n == "rel"
                        && v.split_ascii_whitespace()
                            .any(|r| FETCHING_RELS.contains(&r.to_ascii_lowercase().as_str()))
                });
            for (attr, value, at) in &attrs {
                if !fetches || !loads.contains(&attr.as_str()) || value.contains("{{") != expressions {
                    continue;
                }
                if expressions {
                    found.push(RemoteLoad {
                        offset: *at,
                        what: format!("<{name} {attr}>"),
                        url: value.clone(),
                    });
                    continue;
                }
                let urls: Vec<&str> = if attr == "srcset" {
                    value.split(',').filter_map(|c| c.split_whitespace().next()).collect()
                } else {
                    vec![value.as_str()]
                };
                for url in urls.into_iter().filter(|u| is_remote(u)) {
                    found.push(RemoteLoad {
                        offset: *at,
                        what: format!("<{name} {attr}>"),
                        url: url.trim().to_string(),
                    });
                }
            }
        }
        i = tag_end.max(start);
    }
    found
}

/// Every absolute URL a stylesheet would load through `url(…)` or `@import`.
pub fn remote_loads_in_css(css: &str) -> Vec<RemoteLoad> {
    let lower = css.to_ascii_lowercase();
    let mut found = Vec::new();
    for (key, what) in [("@import", "CSS @import"), ("url(", "CSS url()")] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(key) {
            let at = from + p + key.len();
            let rest = css[at..].trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
            let rest = rest.strip_prefix("url(").unwrap_or(rest);
            let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
            let url: String = rest
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ')' | ';') && !c.is_whitespace())
                .collect();
            if is_remote(&url) {
                let offset = css.len() - rest.len();
                found.push(RemoteLoad {
                    offset,
                    what: what.into(),
                    url,
                });
            }
            from = at;
        }
    }
    // `@import url(…)` is found by both keys; keep the first, `@import`.
    found.sort_by_key(|r| r.offset);
    found.dedup_by_key(|r| r.offset);
    found
}

/// The attributes of one tag's inside (after its name): (lower-case name, value, offset of the
/// value in the whole text).
fn attributes(inside: &str, base: usize) -> Vec<(String, String, usize)> {
    let b = inside.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'/') {
            i += 1;
        }
        if name_start == i {
            i += 1;
            continue;
        }
        let name = inside[name_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            out.push((name, String::new(), base + i));
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let (value_start, value_end) = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = inside[i + 1..].find(q as char).map_or(b.len(), |p| i + 1 + p);
                (i + 1, end)
            }
            _ => {
                let end = inside[i..].find(|c: char| c.is_whitespace()).map_or(b.len(), |p| i + p);
                (i, end)
            }
        };
        out.push((name, inside[value_start..value_end].to_string(), base + value_start));
        i = value_end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(html: &str) -> Vec<(String, String)> {
        remote_loads_in_html(html)
            .into_iter()
            .map(|r| (r.what, r.url))
            .collect()
    }

    #[test]
    fn finds_scripts_styles_fonts_images_and_frames() {
        let html = r#"<script src="https://cdn.example/x.js"></script>
<link rel="stylesheet" href="//fonts.example/css">
<img alt="a" src='http://img.example/a.png'>
<iframe src=https://video.example/embed/1></iframe>
<img srcset="/local.png 1x, https://img.example/b.png 2x" alt="">
<style>@import url("https://fonts.example/f.css"); body { background: url(https://bg.example/b.jpg) }</style>
<p style="background-image: url('https://x.example/y.png')">hi</p>"#;
        assert_eq!(
            urls(html),
            vec![
                ("<script src>".into(), "https://cdn.example/x.js".into()),
                ("<link href>".into(), "//fonts.example/css".into()),
                ("<img src>".into(), "http://img.example/a.png".into()),
                ("<iframe src>".into(), "https://video.example/embed/1".into()),
                ("<img srcset>".into(), "https://img.example/b.png".into()),
                ("CSS @import".into(), "https://fonts.example/f.css".into()),
                ("CSS url()".into(), "https://bg.example/b.jpg".into()),
                ("CSS url()".into(), "https://x.example/y.png".into()),
            ]
        );
    }

    #[test]
    fn links_local_files_and_descriptive_link_elements_are_fine() {
        let html = r#"<a href="https://988lifeline.org/">988</a>
<link rel="canonical" href="https://example.org/x/">
<link rel="alternate" type="application/atom+xml" href="https://example.org/atom.xml">
<script src="/quick-exit.js" defer></script><img src="photo.jpg" alt="A river">
<script type="application/ld+json">{"url": "https://example.org/"}</script>
<link rel="stylesheet" href="{{ config.base_url }}/style.css">"#;
        assert_eq!(urls(html), vec![]);
    }

    #[test]
    fn offsets_point_at_the_url() {
        let html = "<p>x</p>\n<SCRIPT SRC=\"https://a.example/t.js\"></SCRIPT>";
        let r = &remote_loads_in_html(html)[0];
        assert!(html[r.offset..].starts_with("https://a.example/t.js"));
        let css = "a{}\n@font-face { src: url( 'https://f.example/a.woff2' ) }";
        let r = &remote_loads_in_css(css)[0];
        assert!(css[r.offset..].starts_with("https://f.example/a.woff2"));
    }

    #[test]
    fn unclosed_tags_do_not_panic() {
        for s in [
            "<",
            "<img src=",
            "<img src=\"https://x",
            "<style>url(",
            "<a b='",
            "<link rel=stylesheet href",
        ] {
            let _ = remote_loads_in_html(s);
        }
        assert_eq!(
            urls("<img src=https://x.example/a.png"),
            vec![("<img src>".into(), "https://x.example/a.png".into())]
        );
    }
}
