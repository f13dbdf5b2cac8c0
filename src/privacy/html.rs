//! The markup pass: one read of HTML (or SVG) with `lol_html`, finding every attribute, style
//! sheet and nested document that reaches another website, and, for a rendered page, where its
//! Content-Security-Policy `<meta>` element stands.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::LazyLock;

use lol_html::html_content::{Element, TextChunk};
use lol_html::{DocumentContentHandlers, ElementContentHandlers, HtmlRewriter, Selector, Settings};

use super::{Csp, Kind, RemoteLoad, is_remote, meta_csp, remote_loads_in_css};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Remote URLs, skipping template expressions.
    Loads,
    /// Template expressions in loading attributes.
    Expressions,
}

pub(super) struct Found {
    pub(super) loads: Vec<RemoteLoad>,
    pub(super) csp: Option<Csp>,
    /// The pass met the [`HOLE`] comment at the offset it was asked to look for: what was cut
    /// out there stood in ordinary content (not in an attribute, a `<style>`, a `<script>`).
    pub(super) hole_seen: bool,
}

/// The comment that stands in for a page's Markdown body while the page around it is read.
pub(super) const HOLE: &str = "<!--trailhead-body-->";

/// Markup found inside other markup, read after the pass: `<noscript>` content and
/// `<iframe srcdoc>`. `exact` is false when the text was decoded, so offsets inside it do not
/// match the source and every find is reported at `offset`.
struct Nested {
    offset: usize,
    text: String,
    exact: bool,
}

struct State<'a> {
    src: &'a str,
    mode: Mode,
    loads: Vec<RemoteLoad>,
    nested: Vec<Nested>,
    /// Checking a page's policy: where it stands so far.
    csp: Option<CspProgress>,
    style: TextBuffer,
    noscript: TextBuffer,
}

#[derive(Default)]
struct CspProgress {
    /// The policy `<meta>` and its offset.
    found: Option<(Csp, usize)>,
    /// The first element that may load something, before the policy.
    first_loader: Option<(String, usize)>,
}

#[derive(Default)]
struct TextBuffer {
    start: Option<usize>,
    text: String,
    /// Inside SVG or MathML, where character references in text are decoded.
    foreign: bool,
}

impl TextBuffer {
    /// Adds a chunk; returns the whole text node (and its offset) when it is complete.
    fn push(&mut self, chunk: &TextChunk<'_>) -> Option<(usize, String, bool)> {
        let loc = chunk.source_location().bytes();
        if self.start.is_none() {
            self.start = Some(loc.start);
        }
        self.text.push_str(chunk.as_str());
        if !chunk.last_in_text_node() {
            return None;
        }
        let start = self.start.take().unwrap_or(loc.start);
        Some((start, std::mem::take(&mut self.text), self.foreign))
    }
}

/// Every element is read. (Matching only the elements that carry an attribute the pass reads,
/// with a selector list such as `[src], [style], [href]:not(a):not(area), …`, was measured
/// slower: lol_html's selector machine then checks some thirty attribute selectors per
/// element, 1.27 s against 0.86 s for the 180 MB of a 10,000-page library.)
static ANY: LazyLock<Selector> = LazyLock::new(|| "*".parse().expect("valid selector"));
static STYLE: LazyLock<Selector> = LazyLock::new(|| "style".parse().expect("valid selector"));
static NOSCRIPT: LazyLock<Selector> = LazyLock::new(|| "noscript".parse().expect("valid selector"));

pub(super) fn scan(html: &str, mode: Mode, page: bool, hole: Option<usize>) -> Found {
    let hole_seen = std::cell::Cell::new(false);
    let state = RefCell::new(State {
        src: html,
        mode,
        loads: Vec::new(),
        nested: Vec::new(),
        csp: page.then(CspProgress::default),
        style: TextBuffer::default(),
        noscript: TextBuffer::default(),
    });
    let result = {
        let mut settings = Settings::new();
        let seen = &hole_seen;
        if let Some(at) = hole {
            settings = settings.append_document_content_handler(DocumentContentHandlers::default().comments(
                move |c: &mut lol_html::html_content::Comment<'_>| {
                    if c.source_location().bytes().start == at && c.text() == "trailhead-body" {
                        seen.set(true);
                    }
                    Ok(())
                },
            ));
        }
        let settings = settings
            .append_element_content_handler((
                Cow::Borrowed(&*ANY),
                ElementContentHandlers::default().element(|el: &mut Element<'_, '_>| {
                    state.borrow_mut().element(el);
                    Ok(())
                }),
            ))
            .append_element_content_handler((
                Cow::Borrowed(&*STYLE),
                ElementContentHandlers::default().text(|t: &mut TextChunk<'_>| {
                    let mut s = state.borrow_mut();
                    if let Some((at, text, foreign)) = s.style.push(t)
                        && mode == Mode::Loads
                    {
                        s.css(&text, at, foreign);
                    }
                    Ok(())
                }),
            ))
            .append_element_content_handler((
                Cow::Borrowed(&*NOSCRIPT),
                ElementContentHandlers::default().text(|t: &mut TextChunk<'_>| {
                    let mut s = state.borrow_mut();
                    if let Some((offset, text, _)) = s.noscript.push(t) {
                        s.nested.push(Nested {
                            offset,
                            text,
                            exact: true,
                        });
                    }
                    Ok(())
                }),
            ));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        rewriter.write(html.as_bytes()).and_then(|()| rewriter.end())
    };
    let mut state = state.into_inner();
    if let Err(e) = result {
        state.loads.push(RemoteLoad {
            offset: 0,
            kind: Kind::Unreadable,
            url: e.to_string(),
        });
    }
    for n in std::mem::take(&mut state.nested) {
        for mut load in scan(&n.text, mode, false, None).loads {
            load.offset = if n.exact { n.offset + load.offset } else { n.offset };
            state.loads.push(load);
        }
    }
    state.loads.sort_by_key(|l| l.offset);
    let csp = state.csp.map(|c| match c.found {
        Some((Csp::Present, at)) => match text_before(&html[..at]) {
            Some(offset) => Csp::After {
                element: "text".into(),
                offset,
            },
            None => Csp::Present,
        },
        Some((csp, _)) => csp,
        None => Csp::Missing,
    });
    Found {
        loads: state.loads,
        csp,
        hole_seen: hole_seen.get(),
    }
}

/// The offset of the first text (other than whitespace and a `<title>`'s) in `prefix`, the
/// page up to its policy `<meta>`: text ends the `<head>`, so a policy after it is in the
/// body, where browsers ignore it. Read with a second, short pass over the prefix only (a
/// tokenizer reads a prefix exactly as it reads the start of the whole page).
fn text_before(prefix: &str) -> Option<usize> {
    let mut first = None;
    let settings = Settings::new().append_document_content_handler(DocumentContentHandlers::default().text(
        |t: &mut TextChunk<'_>| {
            let at = t.source_location().bytes().start;
            if first.is_none() && !t.as_str().bytes().all(|c| c.is_ascii_whitespace()) {
                // Inside <title> (read as text up to `</title`)?
                let before = prefix[..at].to_ascii_lowercase();
                let in_title = before
                    .rfind("<title")
                    .is_some_and(|open| !before[open..].contains("</title"));
                if !in_title {
                    first = Some(at);
                }
            }
            Ok(())
        },
    ));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    // What the whole page's pass could read, this pass can read too.
    let _ = rewriter.write(prefix.as_bytes()).and_then(|()| rewriter.end());
    first
}

/// Elements whose `href` is a link to follow, not something to load.
const LINKING: &[&str] = &["a", "area"];

/// `<link rel>` keywords that only describe a page; every other keyword (even an unknown one)
/// counts as fetching.
const DESCRIBING_RELS: &str = "canonical alternate author license help next prev me bookmark search tag \
     privacy-policy terms-of-service nofollow noopener noreferrer external";

/// SVG presentation attributes that can hold `url(…)`.
fn is_presentation(name: &str) -> bool {
    matches!(
        name,
        "fill"
            | "stroke"
            | "filter"
            | "mask"
            | "clip-path"
            | "cursor"
            | "marker"
            | "marker-start"
            | "marker-mid"
            | "marker-end"
    )
}

/// Whether a `<link>` with this `rel` fetches its `href`: when any keyword is not one that
/// only describes the page.
fn link_fetches(rel: Option<(&str, usize)>) -> bool {
    rel.is_some_and(|(rel, _)| {
        decode(rel).split_ascii_whitespace().any(|r| {
            !DESCRIBING_RELS
                .split_ascii_whitespace()
                .any(|d| d.eq_ignore_ascii_case(r))
        })
    })
}

/// Elements that may come before the policy `<meta>` in a page's head (with `<link>`s that
/// fetch nothing).
fn before_policy_ok(name: &str) -> bool {
    matches!(name, "html" | "head" | "meta" | "title")
}

/// An ASCII name lower-cased into a small buffer (names longer than the buffer are never
/// ones this module looks for, and come back unchanged).
fn lower<'b>(name: &'b str, buf: &'b mut [u8; 24]) -> &'b str {
    if name.len() > buf.len() || !name.bytes().any(|b| b.is_ascii_uppercase()) {
        return name;
    }
    let out = &mut buf[..name.len()];
    out.copy_from_slice(name.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).unwrap_or(name)
}

/// An attribute value decoded as a browser does (character references).
fn decode(raw: &str) -> Cow<'_, str> {
    if raw.contains('&') {
        htmlize::unescape_attribute(raw)
    } else {
        Cow::Borrowed(raw)
    }
}

impl State<'_> {
    fn element(&mut self, el: &Element<'_, '_>) {
        let src = self.src;
        let tag_at = el.source_location().bytes().start;
        let tag = &src[tag_at..];
        let name_len = tag[1..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(tag.len() - 1);
        let mut nbuf = [0u8; 24];
        let name = lower(&tag[1..1 + name_len], &mut nbuf);
        let foreign = el.namespace_uri() != "http://www.w3.org/1999/xhtml";
        if name == "style" {
            self.style.foreign = foreign;
        }
        // The attributes, as (lower-case name, raw value, offset of the value).
        let attr = |a: &lol_html::html_content::Attribute<'_>| {
            let name_at = a.name_source_location().map(|l| l.bytes());
            let (value, at) = match a.value_source_location() {
                Some(l) => {
                    let r = l.bytes();
                    (&src[r.clone()], r.start)
                }
                None => ("", name_at.as_ref().map_or(tag_at, |r| r.start)),
            };
            (name_at.map(|r| &src[r]), value, at)
        };
        let attrs = el.attributes();
        let get = |wanted: &str| {
            attrs
                .iter()
                .map(attr)
                .find_map(|(n, v, at)| n.filter(|n| n.eq_ignore_ascii_case(wanted)).map(|_| (v, at)))
        };
        if let Some(csp) = self.csp.as_mut()
            && csp.found.is_none()
        {
            let is_policy = name == "meta"
                && get("http-equiv")
                    .is_some_and(|(v, _)| decode(v).trim().eq_ignore_ascii_case("content-security-policy"));
            if is_policy {
                let content = get("content").map(|(v, _)| decode(v).into_owned()).unwrap_or_default();
                let found = if content.trim() != meta_csp() {
                    Csp::Different { found: content }
                } else if let Some((element, offset)) = csp.first_loader.take() {
                    Csp::After { element, offset }
                } else {
                    Csp::Present
                };
                csp.found = Some((found, tag_at));
            } else if csp.first_loader.is_none()
                && !(before_policy_ok(name) || name == "link" && !link_fetches(get("rel")))
            {
                csp.first_loader = Some((name.to_owned(), tag_at));
            }
        }
        if attrs.is_empty() {
            return;
        }
        for a in attrs {
            let (Some(raw_name), raw, at) = attr(a) else {
                continue;
            };
            let mut abuf = [0u8; 24];
            let an = lower(raw_name, &mut abuf);
            let load = || Kind::Attribute {
                element: name.to_owned(),
                attribute: an.to_owned(),
            };
            match an {
                "src" | "poster" | "background" | "manifest" | "codebase" => self.url(raw, at, load),
                "data" if name == "object" => self.url(raw, at, load),
                "srcset" | "imagesrcset" => self.srcset(raw, at, load),
                "archive" | "attributionsrc" => self.list(raw, at, load),
                "href" | "xlink:href" => match name {
                    _ if LINKING.contains(&name) => {}
                    "base" => self.url(raw, at, || Kind::Base),
                    "link" => {
                        if link_fetches(get("rel")) {
                            self.url(raw, at, load);
                        }
                    }
                    _ => self.url(raw, at, load),
                },
                "ping" if LINKING.contains(&name) => self.list(raw, at, || Kind::Ping),
                "action" if name == "form" => self.url(raw, at, || Kind::Form {
                    element: name.to_owned(),
                    attribute: an.to_owned(),
                }),
                "formaction" => self.url(raw, at, || Kind::Form {
                    element: name.to_owned(),
                    attribute: an.to_owned(),
                }),
                "content"
                    if name == "meta"
                        && get("http-equiv").is_some_and(|(v, _)| decode(v).trim().eq_ignore_ascii_case("refresh")) =>
                {
                    self.refresh(raw, at)
                }
                "srcdoc" if name == "iframe" => {
                    let text = decode(raw);
                    if self.mode == Mode::Loads || text.contains("{{") {
                        let exact = matches!(text, Cow::Borrowed(_));
                        self.nested.push(Nested {
                            offset: at,
                            text: text.into_owned(),
                            exact,
                        });
                    }
                }
                "style" => self.css_attribute(raw, at),
                _ if is_presentation(an) && raw.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"url(")) => {
                    self.css_attribute(raw, at)
                }
                _ => {}
            }
        }
    }

    /// Records `url` (at byte `at` of the raw value, or `None` when the value was decoded)
    /// when it reaches another site or, in expression mode, is an expression.
    fn check(&mut self, url: &str, at: usize, kind: impl FnOnce() -> Kind) {
        let expression = url.contains("{{");
        let hit = match self.mode {
            Mode::Loads => !expression && is_remote(url),
            Mode::Expressions => expression,
        };
        if hit {
            self.loads.push(RemoteLoad {
                offset: at,
                kind: kind(),
                url: url.trim_matches(|c: char| c <= ' ').to_owned(),
            });
        }
    }

    /// The offset of byte `i` of a decoded value whose raw text starts at `at`: exact when
    /// nothing was decoded, else the start of the value.
    fn offset(exact: bool, at: usize, i: usize) -> usize {
        if exact { at + i } else { at }
    }

    fn url(&mut self, raw: &str, at: usize, kind: impl FnOnce() -> Kind) {
        let v = decode(raw);
        let lead = v.len() - v.trim_start_matches(|c: char| c <= ' ').len();
        self.check(&v, Self::offset(matches!(v, Cow::Borrowed(_)), at, lead), kind);
    }

    /// A list of URLs separated by spaces or commas (`ping`, `archive`, `attributionsrc`).
    fn list(&mut self, raw: &str, at: usize, kind: impl Fn() -> Kind) {
        let v = decode(raw);
        let mut i = 0;
        for part in v.split(|c: char| c.is_ascii_whitespace() || c == ',') {
            if !part.is_empty() {
                self.check(part, Self::offset(matches!(v, Cow::Borrowed(_)), at, i), &kind);
            }
            i += part.len() + 1;
        }
    }

    /// Every candidate of a `srcset`, split the way the HTML standard does.
    fn srcset(&mut self, raw: &str, at: usize, kind: impl Fn() -> Kind) {
        let v = decode(raw);
        let b = v.as_bytes();
        let mut i = 0;
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            let url = v[start..i].trim_end_matches(',');
            let ended = url.len() < i - start;
            self.check(url, Self::offset(matches!(v, Cow::Borrowed(_)), at, start), &kind);
            if !ended {
                // Descriptors, up to a comma outside parentheses.
                let mut depth = 0usize;
                while i < b.len() && !(b[i] == b',' && depth == 0) {
                    match b[i] {
                        b'(' => depth += 1,
                        b')' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    i += 1;
                }
            }
        }
    }

    /// `<meta http-equiv="refresh" content="5; url=…">`.
    /// Read as the HTML standard's "shared declarative refresh steps" read it: a time (digits
    /// and dots), then `;`, `,` or whitespace, then the URL, possibly after `url=` and in quotes.
    fn refresh(&mut self, raw: &str, at: usize) {
        let v = decode(raw);
        let b = v.as_bytes();
        let skip_ws = |i: &mut usize| {
            while *i < b.len() && b[*i].is_ascii_whitespace() {
                *i += 1;
            }
        };
        let mut i = 0;
        skip_ws(&mut i);
        if !b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
            return;
        }
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
            i += 1;
        }
        if !b
            .get(i)
            .is_some_and(|c| matches!(c, b';' | b',') || c.is_ascii_whitespace())
        {
            return;
        }
        skip_ws(&mut i);
        if matches!(b.get(i), Some(b';' | b',')) {
            i += 1;
        }
        skip_ws(&mut i);
        if b.len() >= i + 3 && b[i..i + 3].eq_ignore_ascii_case(b"url") {
            let mut j = i + 3;
            skip_ws(&mut j);
            if b.get(j) == Some(&b'=') {
                i = j + 1;
                skip_ws(&mut i);
            }
        }
        let mut end = b.len();
        if let Some(&q @ (b'"' | b'\'')) = b.get(i) {
            i += 1;
            end = v[i..].find(q as char).map_or(b.len(), |p| i + p);
        }
        let url = &v[i..end];
        self.check(url, Self::offset(matches!(v, Cow::Borrowed(_)), at, i), || {
            Kind::Refresh
        });
    }

    /// CSS in a `style` or presentation attribute.
    fn css_attribute(&mut self, raw: &str, at: usize) {
        if self.mode == Mode::Expressions {
            return;
        }
        let v = decode(raw);
        for mut load in remote_loads_in_css(&v) {
            load.offset = Self::offset(matches!(v, Cow::Borrowed(_)), at, load.offset);
            self.loads.push(load);
        }
    }

    /// The text of a `<style>` element starting at byte `at`.
    fn css(&mut self, text: &str, at: usize, foreign: bool) {
        // In SVG, character references in text are decoded before the CSS is read.
        let v = if foreign && text.contains('&') {
            htmlize::unescape(text)
        } else {
            Cow::Borrowed(text)
        };
        for mut load in remote_loads_in_css(&v) {
            load.offset = Self::offset(matches!(v, Cow::Borrowed(_)), at, load.offset);
            self.loads.push(load);
        }
    }
}
