//! Privacy: finding every place a page would load something from, or send something to,
//! another website, and checking that every rendered page carries the site's
//! Content-Security-Policy in a `<meta>` element.
//!
//! Readers may be in unsafe situations: any request to another site tells that site who is
//! reading what. Links (`<a href>`) to other sites are fine: they load nothing until the reader
//! follows them. The build checks Markdown with raw HTML, templates, every rendered page, the
//! stylesheets and SVG files it copies.
//!
//! Markup is read with [`lol_html`], Cloudflare's streaming HTML rewriter, rather than
//! `html5ever`'s tokenizer: its elements and attributes carry byte offsets in the source (so a
//! problem is reported at its `file:line:col`; `html5ever` only gives line numbers), it follows
//! the tree builder's text modes (`<script>`, `<style>`, `<textarea>`, `<title>` and the other
//! raw-text elements, SVG/MathML foreign content and CDATA) without building a tree, and in
//! strict mode it stops rather than guess on the rare markup it cannot read unambiguously —
//! which is reported as an error, so nothing is left unchecked. It is also fast: names and
//! values are read straight from the source slices it locates, without allocating.
//! It reads `<noscript>` as raw text (as a browser with scripts does), so its content is read
//! again as markup here (a browser without scripts loads it). It does not decode character
//! references in attribute values; [`htmlize`] does, by the HTML rules for attributes.
//! Stylesheets are read with `cssparser`, Servo's CSS tokenizer (see [`css`]); the markup
//! pass itself is in [`html`].

mod css;
mod html;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::sync::LazyLock;

pub(crate) use css::remote_loads_in_css;
use html::{Mode, scan};

/// How a page would reach another website.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An element fetches the URL of one of its attributes: `<img src>`, `<svg image href>`,
    /// `<link href>`, `<video poster>`…
    Attribute {
        /// The element's name, lower case.
        element: String,
        /// The attribute's name, lower case.
        attribute: String,
    },
    /// `<a ping>` / `<area ping>`: a message sent when the link is followed.
    Ping,
    /// `<form action>` or `<button formaction>`: what the reader types is sent there.
    Form {
        /// The element's name, lower case.
        element: String,
        /// `action` or `formaction`.
        attribute: String,
    },
    /// `<meta http-equiv="refresh">` sending the reader on to another site.
    Refresh,
    /// `<base href>`: every relative address on the page points at another site.
    Base,
    /// CSS `url(…)` (or `src(…)`).
    CssUrl,
    /// CSS `@import`.
    CssImport,
    /// CSS `image-set(…)` / `-webkit-image-set(…)` with a string.
    CssImageSet,
    /// Markup or CSS that cannot be read unambiguously, so cannot be checked; `url` says why.
    Unreadable,
}

/// One place where a page would load from, or send to, another website.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemoteLoad {
    /// Byte offset in the scanned text of the URL (or of the attribute value holding it).
    pub(crate) offset: usize,
    /// How.
    pub(crate) kind: Kind,
    /// The URL, entity-decoded and trimmed (for [`template_loaders`], the expression).
    pub(crate) url: String,
}

impl RemoteLoad {
    /// What is wrong, in plain words.
    pub(crate) fn message(&self) -> String {
        let url = &self.url;
        let site = host(url);
        let tells = "which tells that site who is reading";
        match &self.kind {
            Kind::Attribute { element, attribute } => {
                format!("this <{element} {attribute}> loads {url} from another website ({site}), {tells}")
            }
            Kind::Ping => format!(
                "this link's ping sends a message to {url} on another website ({site}) whenever it is followed, {tells}"
            ),
            Kind::Form { element, attribute } => format!(
                "this <{element} {attribute}> sends the form to {url} on another website ({site}), {tells} and what they typed"
            ),
            Kind::Refresh => format!(
                "this <meta http-equiv=\"refresh\"> sends the reader on to {url} on another website ({site}) without asking, {tells}"
            ),
            Kind::Base => format!(
                "this <base href> makes the page load its files from {url} on another website ({site}), {tells}"
            ),
            Kind::CssUrl => format!("this CSS url() loads {url} from another website ({site}), {tells}"),
            Kind::CssImport => format!("this CSS @import loads {url} from another website ({site}), {tells}"),
            Kind::CssImageSet => format!("this CSS image-set() loads {url} from another website ({site}), {tells}"),
            Kind::Unreadable => format!(
                "this cannot be read the way a browser would ({url}), so it cannot be checked for loads from other websites"
            ),
        }
    }

    /// How to fix it.
    pub(crate) fn hint(&self) -> &'static str {
        match self.kind {
            Kind::Attribute { .. } | Kind::CssUrl | Kind::CssImport | Kind::CssImageSet => {
                "save the file under static/ or beside the page and point to it there (such as /images/photo.jpg); for a video, map or widget, link to it instead of embedding it"
            }
            Kind::Ping => "remove the ping attribute; the link itself can stay",
            Kind::Form { .. } => {
                "send the form to a page of this site (such as action=\"/search/\"), or link to the other site's form instead"
            }
            Kind::Refresh => {
                "link to the other site instead (<a href=\"…\">…</a>) and let the reader choose to follow it"
            }
            Kind::Base => "remove the <base> element and write addresses relative to the page or starting with /",
            Kind::Unreadable => {
                "simplify the markup: close every <select> before other elements, and keep <script>, <style> and <textarea> out of <select> and <frameset>"
            }
        }
    }
}

/// The site a URL points at, for messages.
fn host(url: &str) -> &str {
    let rest = url.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let rest = rest
        .strip_prefix(':')
        .unwrap_or(if rest.len() == url.len() { url } else { rest });
    let rest = rest.trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if host.is_empty() { url } else { host }
}

/// True for a URL (already entity-decoded) that points at another website, read the way a
/// browser's URL parser reads it: C0 controls and spaces around it and tabs and newlines inside
/// it do not count, the scheme is case-insensitive, `http`/`https`/`ftp`/`ws`/`wss` always
/// reach a host (with any slashes or backslashes), any other scheme does when followed by
/// `//`, and `//host`, `\\host`, `/\host`, `\/host` reach a host by themselves.
pub(crate) fn is_remote(url: &str) -> bool {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: Cow<'_, str> = if trimmed.contains(['\t', '\n', '\r']) {
        Cow::Owned(trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect())
    } else {
        Cow::Borrowed(trimmed)
    };
    let b = cleaned.as_bytes();
    let slash = |c: Option<&u8>| matches!(c, Some(b'/' | b'\\'));
    if slash(b.first()) {
        return slash(b.get(1));
    }
    // A scheme: a letter, then letters, digits, `+`, `-`, `.`, then `:`.
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let Some(colon) = b
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))
    else {
        return false;
    };
    if b[colon] != b':' {
        return false;
    }
    let scheme = &cleaned[..colon];
    let special = ["http", "https", "ftp", "ws", "wss"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme));
    special || b[colon + 1..].starts_with(b"//")
}

/// Every place in `html` that would load from, or send to, another website. Values that are
/// template expressions (`{{ … }}`) are skipped: rendered pages are checked separately.
pub(crate) fn remote_loads_in_html(html: &str) -> Vec<RemoteLoad> {
    scan(html, Mode::Loads, false, None).loads
}

/// The loading attributes of a template whose value is a template expression, such as
/// `<link rel="stylesheet" href="{{ config.extra.css }}">`: where a remote load found in a
/// rendered page can come from. `url` is the expression.
pub(crate) fn template_loaders(template: &str) -> Vec<RemoteLoad> {
    scan(template, Mode::Expressions, false, None).loads
}

/// The Content-Security-Policy of [`crate::output::meta::CSP`] without the directives a
/// `<meta>` element cannot carry (`frame-ancestors`, `report-uri`, `sandbox`).
pub(crate) fn meta_csp() -> &'static str {
    static VALUE: LazyLock<String> = LazyLock::new(|| {
        crate::output::meta::CSP
            .split(';')
            .map(str::trim)
            .filter(|d| {
                let name = d.split_ascii_whitespace().next().unwrap_or("");
                !d.is_empty() && !["frame-ancestors", "report-uri", "sandbox"].contains(&name)
            })
            .collect::<Vec<_>>()
            .join("; ")
    });
    &VALUE
}

/// The `<meta>` element that carries [`meta_csp`], for pages written without a template.
pub(crate) fn csp_meta_element() -> String {
    format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        crate::util::text::escape_html(meta_csp())
    )
}

/// Where a rendered page's Content-Security-Policy `<meta>` element stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Csp {
    /// In the head, before anything that loads, with the site's policy.
    Present,
    /// Not in the page (or not in its head).
    Missing,
    /// Present, but after an element (named) that may load something, at that element's offset.
    After {
        /// The element that comes first.
        element: String,
        /// Its byte offset.
        offset: usize,
    },
    /// Present with another policy than the site's.
    Different {
        /// The policy found.
        found: String,
    },
}

/// One read of a rendered page: its remote loads and its Content-Security-Policy.
#[derive(Debug)]
pub(crate) struct PageScan {
    /// What would load from other websites.
    pub(crate) loads: Vec<RemoteLoad>,
    /// The policy `<meta>` element.
    pub(crate) csp: Csp,
}

/// Reads a rendered page once: every remote load and where its policy `<meta>` stands.
pub(crate) fn scan_page(html: &str) -> PageScan {
    let scan = scan(html, Mode::Loads, true, None);
    PageScan {
        loads: scan.loads,
        csp: scan.csp.unwrap_or(Csp::Missing),
    }
}

/// Bodies shorter than this are read with their page: cutting them out saves nothing.
const MIN_HOLE: usize = 1024;

/// Reads a rendered page that shows a Markdown `body` already checked on its own (its images
/// and raw HTML, at their lines in the Markdown): the page is read with the body cut out and a
/// comment in its place, which halves the work on a story or a guide. That is only sound when
/// the body stands in ordinary content, so the pass must meet the comment where the body was;
/// otherwise (a template that puts the body in an attribute, a `<style>`, a `<noscript>`…)
/// the whole page is read. A page with any finding is read whole again, so every message is
/// the same as without the cut.
pub(crate) fn scan_page_around(html: &str, body: &str) -> PageScan {
    if body.len() < MIN_HOLE {
        return scan_page(html);
    }
    // Found by its first bytes, then compared whole: a searcher for the whole body would first
    // study all of it.
    let prefix = &body[..body.floor_char_boundary(64)];
    let Some(start) = html
        .match_indices(prefix)
        .map(|(at, _)| at)
        .find(|&at| html[at..].starts_with(body))
    else {
        return scan_page(html);
    };
    let end = start + body.len();
    let mut holed = String::with_capacity(html.len() - body.len() + html::HOLE.len());
    holed.push_str(&html[..start]);
    holed.push_str(html::HOLE);
    holed.push_str(&html[end..]);
    let found = scan(&holed, Mode::Loads, true, Some(start));
    if !found.hole_seen || !found.loads.is_empty() || found.csp != Some(Csp::Present) {
        return scan_page(html);
    }
    PageScan {
        loads: Vec::new(),
        csp: Csp::Present,
    }
}
