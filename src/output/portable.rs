//! The portable copy (`trailhead build --portable`): a site that works opened straight from a
//! folder or a USB stick, with no server, on any system. Every page is rewritten on its way to
//! the sink, with the same HTML tokenizer as the privacy checks (`lol_html`), never by string
//! replacement: each address within the site becomes relative to the page (`../guides/x/`),
//! and a folder address gets its `index.html`, because a browser opening files shows a folder
//! listing, not its index page. What only makes sense on a website is left out: the canonical
//! and alternate links and structured data, which name the public address (`base_url`).
//!
//! The pages reach the address checks before this rewriting, so links are checked as written.

use std::borrow::Cow;
use std::path::Path;
use std::sync::LazyLock;

use lol_html::html_content::Element;
use lol_html::{ElementContentHandlers, HtmlRewriter, Selector, Settings};

use super::Sink;

/// Passes files on to `inner`, rewriting every HTML page for use from a folder.
pub(crate) struct PortableSink<'a> {
    inner: &'a dyn Sink,
}

impl<'a> PortableSink<'a> {
    /// Rewrites what goes to `inner`.
    pub(crate) fn new(inner: &'a dyn Sink) -> Self {
        PortableSink { inner }
    }
}

impl Sink for PortableSink<'_> {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let rel = rel.trim_start_matches('/');
        if rel.ends_with(".html")
            && let Ok(html) = std::str::from_utf8(&bytes)
        {
            let page = rewrite(rel, html).map_err(std::io::Error::other)?;
            return self.inner.put(rel, page.into_bytes());
        }
        self.inner.put(rel, bytes)
    }

    fn copy(&self, rel: &str, src: &Path) -> std::io::Result<()> {
        self.inner.copy(rel, src)
    }
}

/// The attributes that hold an address of the site.
const URL_ATTRIBUTES: [&str; 4] = ["href", "src", "action", "poster"];

static ANY: LazyLock<Selector> = LazyLock::new(|| "*".parse().expect("valid selector"));

/// The page at `rel` (`es/guides/x/index.html`), rewritten to work from a folder.
pub(crate) fn rewrite(rel: &str, html: &str) -> Result<String, String> {
    let mut out = Vec::with_capacity(html.len() + 1024);
    let settings = Settings::new().append_element_content_handler((
        Cow::Borrowed(&*ANY),
        ElementContentHandlers::default().element(|el: &mut Element<'_, '_>| {
            portable_element(rel, el);
            Ok(())
        }),
    ));
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
    rewriter
        .write(html.as_bytes())
        .and_then(|()| rewriter.end())
        .map_err(|e| format!("cannot rewrite {rel} for the portable copy: {e}"))?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

fn portable_element(rel: &str, el: &mut Element<'_, '_>) {
    let tag = el.tag_name();
    // Only meaningful on the website, and they name its public address.
    let link_rel = el.get_attribute("rel").unwrap_or_default().to_ascii_lowercase();
    if (tag == "link" && (link_rel.contains("canonical") || link_rel.contains("alternate")))
        || (tag == "script"
            && el
                .get_attribute("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")))
    {
        el.remove();
        return;
    }
    for name in URL_ATTRIBUTES {
        if let Some(value) = el.get_attribute(name)
            && let Some(local) = relative_url(rel, &value)
        {
            // Setting an attribute only fails for a name that is not valid, never these.
            let _ = el.set_attribute(name, &local);
        }
    }
}

/// `url` (an address within the site, `/guides/x/#contacts`) as seen from the page at `rel`,
/// relative and ending in `index.html` for a folder: `../guides/x/index.html#contacts`. A
/// relative address of a folder (`../tags/`) only gets its `index.html`. `None` for anything
/// else (another site, `tel:`, `#top`, a relative address of a file).
pub(crate) fn relative_url(rel: &str, url: &str) -> Option<String> {
    let Some(path) = url.strip_prefix('/') else {
        let scheme = url.find(':').is_some_and(|c| {
            url[..c]
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "+-.".contains(ch))
        });
        let end = url.find(['?', '#']).unwrap_or(url.len());
        let (path, rest) = url.split_at(end);
        return (!scheme && !path.is_empty() && path.ends_with('/')).then(|| format!("{path}index.html{rest}"));
    };
    if path.starts_with('/') {
        return None;
    }
    let split = path.find(['?', '#']).unwrap_or(path.len());
    let (path, rest) = path.split_at(split);
    let depth = rel.matches('/').count();
    let mut out = "../".repeat(depth);
    out.push_str(path);
    if path.is_empty() || path.ends_with('/') {
        out.push_str("index.html");
    }
    out.push_str(rest);
    Some(out)
}

/// Writes the folder `dir` (a built portable copy) as a zip archive at `file` that unpacks to
/// one folder, named like `dir`, with `index.html` at its top. Files are in name order with a
/// fixed date, so the same site gives the same archive. Written beside `file` first and moved
/// into place, so a failure leaves no half-written archive.
pub(crate) fn write_zip(dir: &Path, file: &Path) -> std::io::Result<()> {
    use std::io::Write as _;
    let top = dir
        .file_name()
        .map_or_else(|| "site".to_owned(), |n| n.to_string_lossy().into_owned());
    let partial = file.with_extension("zip.partial");
    let result = (|| {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&partial)?);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(std::io::Error::other)?;
            let rel = crate::util::paths::to_slash(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
            if rel.is_empty() || rel == super::atomic::MARKER {
                continue;
            }
            let name = format!("{top}/{rel}");
            if entry.file_type().is_dir() {
                zip.add_directory(name, options.unix_permissions(0o755))
                    .map_err(std::io::Error::other)?;
            } else {
                zip.start_file(name, options).map_err(std::io::Error::other)?;
                zip.write_all(&std::fs::read(entry.path())?)?;
            }
        }
        zip.finish().map_err(std::io::Error::other)?.sync_all()
    })();
    match result {
        Ok(()) => std::fs::rename(&partial, file),
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_relative_and_folders_get_their_index() {
        assert_eq!(relative_url("index.html", "/").unwrap(), "index.html");
        assert_eq!(relative_url("index.html", "/guides/").unwrap(), "guides/index.html");
        assert_eq!(
            relative_url("guides/x/index.html", "/style.css").unwrap(),
            "../../style.css"
        );
        assert_eq!(
            relative_url("es/guides/x/index.html", "/about/#contact").unwrap(),
            "../../../about/index.html#contact"
        );
        assert_eq!(
            relative_url("search/index.html", "/search/?q=a").unwrap(),
            "../search/index.html?q=a"
        );
        assert_eq!(
            relative_url("search/index.html", "../tags/").unwrap(),
            "../tags/index.html"
        );
        assert_eq!(relative_url("search/index.html", "./").unwrap(), "./index.html");
        for other in [
            "https://988lifeline.org",
            "https://example.org/a/",
            "//cdn.example/x.js",
            "tel:988",
            "#main",
            "../style.css",
            "index.html",
        ] {
            assert_eq!(relative_url("a/index.html", other), None, "{other}");
        }
    }

    #[test]
    fn pages_are_rewritten_with_the_tokenizer() {
        let html = r#"<!doctype html><html><head><link rel="canonical" href="https://example.org/a/"><link rel="alternate" hreflang="es" href="https://example.org/es/a/"><link rel="stylesheet" href="/style.css"><script type="application/ld+json">{"url":"https://example.org/a/"}</script><script src="/quick-exit.js" defer></script></head><body><a href="/">Home</a> <a href="https://988lifeline.org">988</a> <form action="/search/"></form> <img src="/a/photo.jpg" alt="x"> <p>Text about /guides/ stays.</p></body></html>"#;
        let out = rewrite("a/index.html", html).unwrap();
        assert!(!out.contains("example.org"), "{out}");
        assert!(out.contains(r#"<link rel="stylesheet" href="../style.css">"#), "{out}");
        assert!(out.contains(r#"<script src="../quick-exit.js" defer>"#));
        assert!(out.contains(r#"<a href="../index.html">Home</a>"#));
        assert!(out.contains(r#"<a href="https://988lifeline.org">"#));
        assert!(out.contains(r#"<form action="../search/index.html">"#));
        assert!(out.contains(r#"<img src="../a/photo.jpg" alt="x">"#));
        assert!(out.contains("Text about /guides/ stays."));
    }
}
