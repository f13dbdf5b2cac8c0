//! Turning a request path into a file of the in-memory site, safely: percent-decoding,
//! refusing traversal, directory URLs to `index.html`, content types, and the live-reload
//! script tag added to HTML (only here, never in `build` output).

use std::collections::HashMap;

use axum::body::Bytes;

/// Where the live-reload script is served.
pub const SCRIPT_PATH: &str = "/__trailhead/livereload.js";
/// Where the error overlay's stylesheet is served.
pub const STYLE_PATH: &str = "/__trailhead/overlay.css";
/// The WebSocket the script connects to.
pub const SOCKET_PATH: &str = "/__trailhead/livereload";

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the site, by its key (e.g. `stories/a/index.html`).
    File(String),
    /// A folder asked for without its trailing slash: redirect here.
    Redirect(String),
    /// Nothing: answer with the site's 404 page.
    NotFound,
    /// A path that tries to leave the site or is not valid text.
    Refused,
}

/// Resolves the path part of a request URI (which may carry a query) against `files`.
pub fn resolve(files: &HashMap<String, Bytes>, uri_path: &str) -> Resolved {
    let path = uri_path.split(['?', '#']).next().unwrap_or("");
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Resolved::Refused;
    };
    if decoded.contains('\\') || decoded.contains('\0') {
        return Resolved::Refused;
    }
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return Resolved::Refused,
            s => segments.push(s),
        }
    }
    let key = segments.join("/");
    let is_dir = key.is_empty() || decoded.ends_with('/');
    if is_dir {
        let index = if key.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{key}/index.html")
        };
        return if files.contains_key(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if files.contains_key(&key) {
        Resolved::File(key)
    } else if files.contains_key(&format!("{key}/index.html")) {
        Resolved::Redirect(format!("/{key}/"))
    } else {
        Resolved::NotFound
    }
}

/// The Content-Type for a file key.
pub fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml" | "atom+xml");
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// The URL path a file key is shown at (`stories/a/index.html` → `/stories/a/`).
pub fn url_of(key: &str) -> String {
    match key.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{key}"),
    }
}

/// Adds the live-reload script to an HTML page, before `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>\n");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> HashMap<String, Bytes> {
        [
            "index.html",
            "404.html",
            "stories/index.html",
            "stories/a/index.html",
            "style.css",
            "a b.txt",
        ]
        .into_iter()
        .map(|k| (k.to_owned(), Bytes::from_static(b"x")))
        .collect()
    }

    #[test]
    fn directories_files_and_redirects() {
        let s = site();
        assert_eq!(resolve(&s, "/"), Resolved::File("index.html".into()));
        assert_eq!(
            resolve(&s, "/stories/a/"),
            Resolved::File("stories/a/index.html".into())
        );
        assert_eq!(
            resolve(&s, "/stories/a/?x=1"),
            Resolved::File("stories/a/index.html".into())
        );
        assert_eq!(resolve(&s, "/stories/a"), Resolved::Redirect("/stories/a/".into()));
        assert_eq!(resolve(&s, "/style.css"), Resolved::File("style.css".into()));
        assert_eq!(resolve(&s, "/a%20b.txt"), Resolved::File("a b.txt".into()));
        assert_eq!(resolve(&s, "/nope/"), Resolved::NotFound);
        assert_eq!(resolve(&s, "/nope.css"), Resolved::NotFound);
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        let s = site();
        for p in [
            "/../secret",
            "/stories/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/stories/%2e%2e/%2e%2e/x",
            "/..%5c..%5cwindows",
            "/%00",
            "/%ff%fe",
            "/./index.html",
        ] {
            assert_eq!(resolve(&s, p), Resolved::Refused, "{p}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert!(content_type("quick-exit.js").contains("javascript"));
        assert_eq!(content_type("photo.jpg"), "image/jpeg");
        assert_eq!(content_type("atom.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("_headers"), "application/octet-stream");
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = String::from_utf8(inject(b"<body><p>&lt;/body&gt;</p></BODY></html>")).unwrap();
        assert_eq!(
            out,
            format!("<body><p>&lt;/body&gt;</p><script src=\"{SCRIPT_PATH}\" defer></script>\n</BODY></html>")
        );
        assert!(
            String::from_utf8(inject(b"<p>no body"))
                .unwrap()
                .ends_with("</script>\n")
        );
        assert_eq!(url_of("stories/a/index.html"), "/stories/a/");
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("style.css"), "/style.css");
    }
}
