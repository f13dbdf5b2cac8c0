//! Markdown → HTML with pulldown-cmark: heading ids and a table of contents, GitHub-style
//! callouts, internal link rewriting (`../guides/x.md`, `@/guides/x.md`), safe external links,
//! footnotes with collision-free ids, the `<!-- more -->` summary, and plain text for word
//! counts and search. Problems are reported at their absolute `file:line:col`.

mod links;
mod media;
mod phones;
mod raw_html;

use raw_html::RawHtml;

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
use crate::util::text::{count_words, escape_html, push_escaped, slugify};
pub(crate) use links::{AnchorRef, LinkTarget, Resolver, UrlRef, address_of};

/// What the renderer may do with a page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RenderOptions<'a> {
    /// Raw HTML passes through (off for stories unless `allow_html`).
    pub(crate) allow_html: bool,
    /// The page's language's words: callout titles and footnote back-links.
    pub(crate) words: &'a crate::i18n::Words,
}

/// One heading, for the table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct TocEntry {
    /// 2 to 6.
    pub(crate) level: u8,
    /// The heading's id.
    pub(crate) id: String,
    /// Its plain text.
    pub(crate) title: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    /// The body as HTML.
    pub(crate) html: String,
    /// The part before `<!-- more -->`, if the body has the marker.
    pub(crate) summary_html: Option<String>,
    /// Headings, in order.
    pub(crate) toc: Vec<TocEntry>,
    /// The body as plain text (for word counts and search).
    pub(crate) plain: String,
    /// Words in the body.
    pub(crate) word_count: usize,
    /// Minutes to read, at 200 words a minute, at least 1.
    pub(crate) reading_minutes: usize,
    /// Links with `#anchor`s to check once every page is rendered.
    pub(crate) anchor_refs: Vec<AnchorRef>,
    /// Content paths of the site's pages this body links to, published or not (the consent
    /// register lists who links to each story).
    pub(crate) link_targets: Vec<String>,
    /// Links and images to addresses on the site, checked once every file is written.
    pub(crate) url_refs: Vec<UrlRef>,
}

impl Rendered {
    /// True when the body has a heading (or footnote) with this id.
    pub(crate) fn has_anchor(&self, id: &str) -> bool {
        self.toc.iter().any(|t| t.id == id) || id.starts_with("fn-")
    }
}

struct Heading {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    start_index: usize,
    text: String,
    has_link: bool,
    offset: usize,
}

/// A table being rendered: where its scroll wrapper goes and its column headings, which name it.
struct Table {
    start_index: usize,
    headings: Vec<String>,
    in_head: bool,
}

/// Renders one body. `file`/`source`/`body_offset` locate problems in the original file;
/// `page_path` is the page's path under `content/` for resolving relative links.
pub(crate) fn render(
    ctx: &links::Context<'_>,
    body: &str,
    opts: RenderOptions<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Rendered {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    options.insert(Options::ENABLE_GFM);
    let parser = Parser::new_ext(body, options).into_offset_iter();

    let mut out: Vec<Event<'_>> = Vec::new();
    let mut result = Rendered::default();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<Heading> = None;
    let mut last_level = 1u8;
    let mut more_at = None;
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    // The footnote being written, for its link back to the text.
    let mut in_footnote: Option<String> = None;
    // A task list item's text is its checkbox's label: the span that holds it is open until
    // the item's paragraph or the item ends.
    let mut tasks = 0usize;
    let mut task_open = false;
    let mut link_stack: Vec<bool> = Vec::new();
    let mut raw_html_warned = false;
    // Inside a link or a code block, text is left as it is.
    let mut in_link = 0usize;
    let mut in_code = false;
    // Where the first `<audio>` or `<video>` is written, for the transcript check.
    let mut media_at: Option<usize> = None;
    // Open `<span lang>` and `<div lang>` passages, so only their own closing tags pass.
    let mut lang_open: Vec<&'static str> = Vec::new();
    let mut in_image = 0usize;
    let mut image: Option<ImageAlt> = None;
    let mut table: Option<Table> = None;

    // Raw HTML is read a run of consecutive pieces at a time (a block's lines, an inline
    // tag), so a tag written over several lines is read whole.
    let mut raw_html = RawHtml::default();
    for (event, range) in parser {
        let at = range.start;
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            raw_html.flush(ctx, diags);
        }
        match event {
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                let lvl = level as u8;
                if lvl == 1 {
                    diags.push(
                        ctx.error(
                            at,
                            "a level-1 heading (`#`) in the body: the page title is already the only level-1 heading"
                                .into(),
                            "use `##` for the main headings of the text",
                        ),
                    );
                } else if lvl > last_level + 1 {
                    diags.push(ctx.error(
                        at,
                        format!(
                            "this heading skips a level: `{}` after `{}`",
                            "#".repeat(lvl as usize),
                            "#".repeat(last_level as usize)
                        ),
                        format!(
                            "use `{}` here, so screen-reader users can follow the outline",
                            "#".repeat(last_level as usize + 1)
                        ),
                    ));
                }
                last_level = lvl;
                heading = Some(Heading {
                    level,
                    id: id.map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    start_index: out.len(),
                    text: String::new(),
                    has_link: false,
                    offset: at,
                });
                out.push(Event::Html(CowStr::Borrowed("")));
            }
            Event::End(TagEnd::Heading(level)) => {
                let Some(h) = heading.take() else { continue };
                let base = h.id.clone().unwrap_or_else(|| {
                    let s = slugify(&h.text);
                    if s.is_empty() { "section".to_owned() } else { s }
                });
                let n = used_ids.entry(base.clone()).or_insert(0);
                let id = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
                *n += 1;
                if h.id.is_some() && id != base {
                    diags.push(ctx.error(
                        h.offset,
                        format!("the heading id `{base}` is used twice on this page"),
                        "give each heading a different `{#id}`",
                    ));
                }
                let mut open = format!("<{} id=\"{}\"", level, escape_html(&id));
                if !h.classes.is_empty() {
                    open.push_str(&format!(" class=\"{}\"", escape_html(&h.classes.join(" "))));
                }
                open.push('>');
                if !h.has_link {
                    open.push_str(&format!("<a class=\"heading-link\" href=\"#{}\">", escape_html(&id)));
                }
                out[h.start_index] = Event::Html(CowStr::from(open));
                let close = if h.has_link {
                    format!("</{level}>\n")
                } else {
                    format!("</a></{level}>\n")
                };
                out.push(Event::Html(CowStr::from(close)));
                result.plain.push_str(&h.text);
                result.plain.push('\n');
                result.toc.push(TocEntry {
                    level: h.level as u8,
                    id,
                    title: h.text,
                });
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let class = callout(kind);
                let title = escape_html(opts.words.get(&format!("callout_{class}")));
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html(CowStr::Borrowed("</div>\n"))),
            Event::Start(Tag::Link { dest_url, title, .. }) => {
                in_link += 1;
                if let Some(h) = heading.as_mut() {
                    h.has_link = true;
                }
                let (href, external) = match ctx.link(&dest_url, at, diags, &mut result) {
                    links::Link::Href(href, external) => (href, external),
                    links::Link::Text => {
                        link_stack.push(false);
                        continue;
                    }
                };
                let mut tag = format!("<a href=\"{}\"", escape_href(&href));
                if !title.is_empty() {
                    tag.push_str(&format!(" title=\"{}\"", escape_html(&title)));
                }
                if external {
                    tag.push_str(" rel=\"noopener noreferrer\"");
                }
                tag.push('>');
                link_stack.push(true);
                out.push(Event::Html(CowStr::from(tag)));
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                if link_stack.pop() == Some(true) {
                    out.push(Event::Html(CowStr::Borrowed("</a>")));
                }
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                if crate::privacy::is_remote(&dest_url) {
                    let load = crate::privacy::RemoteLoad {
                        offset: at,
                        kind: crate::privacy::Kind::Attribute {
                            element: "img".into(),
                            attribute: "src".into(),
                        },
                        url: dest_url.trim().to_owned(),
                    };
                    diags.push(ctx.error(at, load.message(), load.hint()));
                    raw_html.reported.push(load.url);
                }
                let written = dest_url.to_string();
                // A file beside the page or in its bundle gets its published address; an
                // address from the site root is checked once every file is written.
                let dest_url = if crate::privacy::is_remote(&dest_url) || dest_url.contains(':') {
                    dest_url
                } else if let Some(file) = ctx.file(&dest_url, &dest_url, at, diags) {
                    CowStr::from(file)
                } else {
                    if let Some(address) = links::address_of(ctx.page_url, &dest_url) {
                        result.url_refs.push(UrlRef {
                            written: dest_url.to_string(),
                            address,
                            anchor: None,
                            offset: ctx.body_offset + at,
                            image: true,
                        });
                    }
                    dest_url
                };
                in_image += 1;
                image = Some(ImageAlt {
                    start: out.len(),
                    offset: at,
                    dest: written,
                    decorative: title.trim().eq_ignore_ascii_case("decorative"),
                    alt: String::new(),
                });
                out.push(Event::Start(Tag::Image {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url,
                    title,
                    id: CowStr::Borrowed(""),
                }));
            }
            Event::End(TagEnd::Image) => {
                in_image -= 1;
                if let Some(img) = image.take() {
                    if let Some(d) = check_alt(ctx, &img) {
                        diags.push(d);
                    }
                    if img.decorative {
                        // Rendered with alt="" and without the marker as a tooltip.
                        if let Event::Start(Tag::Image { title, .. }) = &mut out[img.start] {
                            *title = CowStr::Borrowed("");
                        }
                        out.truncate(img.start + 1);
                    }
                }
                out.push(Event::End(TagEnd::Image));
            }
            Event::FootnoteReference(label) => {
                let next = footnotes.len() + 1;
                let n = *footnotes.entry(label.to_string()).or_insert(next);
                let id = slugify(&label);
                out.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-reference\" id=\"fnref-{id}\"><a href=\"#fn-{id}\">{n}</a></sup>"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let next = footnotes.len() + 1;
                let n = *footnotes.entry(label.to_string()).or_insert(next);
                let id = slugify(&label);
                in_footnote = Some(id.clone());
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"fn-{id}\"><span class=\"footnote-definition-label\">{n}</span>"
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(id) = in_footnote.take() {
                    out.push(Event::Html(CowStr::from(format!(
                        "<a class=\"footnote-backref\" href=\"#fnref-{id}\" aria-label=\"{}\">↩</a>",
                        crate::util::text::escape_html(opts.words.get("footnote_back"))
                    ))));
                }
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::TaskListMarker(done) => {
                tasks += 1;
                task_open = true;
                out.push(Event::Html(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{} aria-labelledby=\"task-{tasks}\"> <span id=\"task-{tasks}\">",
                    if done { " checked" } else { "" }
                ))));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) if task_open => {
                task_open = false;
                out.push(Event::Html(CowStr::Borrowed("</span>")));
                out.push(event);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let trimmed = html.trim();
                if trimmed == "<!-- more -->" || trimmed == "<!--more-->" {
                    more_at = Some(out.len());
                    continue;
                }
                if let Some(tag) = lang_tag(trimmed, &mut lang_open) {
                    // A passage in another language (WCAG 3.1.2): allowed everywhere.
                    let newline = if html.ends_with('\n') { "\n" } else { "" };
                    out.push(Event::Html(CowStr::from(format!("{tag}{newline}"))));
                } else if opts.allow_html {
                    let lower = html.to_ascii_lowercase();
                    if media_at.is_none() && (lower.contains("<audio") || lower.contains("<video")) {
                        media_at = Some(at);
                    }
                    raw_html.push(at, &html);
                    out.push(Event::Html(html));
                } else if trimmed.starts_with("<!--") && trimmed.ends_with("-->") {
                    // Comments are notes for editors: never shown.
                } else {
                    if !raw_html_warned {
                        raw_html_warned = true;
                        diags.push(
                            ctx.error(at, "raw HTML is turned off in stories; it is shown as plain text".into(), "write it in Markdown instead, or set `allow_html = true` in trailhead.toml if you trust every story's author")
                                .as_warning(),
                        );
                    }
                    out.push(Event::Text(html));
                }
            }
            Event::Text(text) => {
                if let Some(img) = image.as_mut() {
                    img.alt.push_str(&text);
                }
                if let Some(cell) = table.as_mut().filter(|t| t.in_head).and_then(|t| t.headings.last_mut()) {
                    cell.push_str(&text);
                }
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&text);
                } else if in_image == 0 {
                    result.plain.push_str(&text);
                }
                // A phone number in running text can be tapped (not in links, headings, code).
                match (in_link == 0 && in_image == 0 && heading.is_none() && !in_code)
                    .then(|| phones::split(&text))
                    .flatten()
                {
                    Some(pieces) => {
                        for piece in pieces {
                            match piece {
                                Ok(plain) => out.push(Event::Text(CowStr::from(plain.to_owned()))),
                                Err((shown, dial)) => {
                                    out.push(Event::Html(CowStr::from(format!("<a href=\"tel:{dial}\">"))));
                                    out.push(Event::Text(CowStr::from(shown.to_owned())));
                                    out.push(Event::Html(CowStr::Borrowed("</a>")));
                                }
                            }
                        }
                    }
                    None => out.push(Event::Text(text)),
                }
            }
            Event::Code(code) => {
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&code);
                } else {
                    result.plain.push_str(&code);
                }
                out.push(Event::Code(code));
            }
            Event::SoftBreak | Event::HardBreak => {
                result.plain.push(' ');
                out.push(event);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                out.push(event);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock) => {
                if matches!(event, Event::End(TagEnd::CodeBlock)) {
                    in_code = false;
                }
                result.plain.push('\n');
                out.push(event);
            }
            // A wide table scrolls inside a named, focusable region (never the page), so keyboard
            // users can scroll it too (WCAG 2.1.1, 1.4.10).
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    start_index: out.len(),
                    headings: Vec::new(),
                    in_head: false,
                });
                out.push(Event::Html(CowStr::Borrowed("")));
                out.push(event);
            }
            Event::Start(Tag::TableHead) | Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.in_head = matches!(event, Event::Start(_));
                }
                out.push(event);
            }
            Event::Start(Tag::TableCell) => {
                if let Some(t) = table.as_mut().filter(|t| t.in_head) {
                    t.headings.push(String::new());
                }
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                if let Some(t) = table.take() {
                    let names: Vec<&str> = t.headings.iter().map(|h| h.trim()).filter(|h| !h.is_empty()).collect();
                    let label = if names.is_empty() {
                        "Table".to_owned()
                    } else {
                        format!("Table: {}", names.join(", "))
                    };
                    out[t.start_index] = Event::Html(CowStr::from(format!(
                        "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">",
                        escape_html(&label)
                    )));
                    out.push(Event::Html(CowStr::Borrowed("</div>\n")));
                }
            }
            other => out.push(other),
        }
    }

    raw_html.flush(ctx, diags);

    let mut html = String::with_capacity(body.len() * 3 / 2);
    match more_at {
        Some(i) => {
            pulldown_cmark::html::push_html(&mut html, out[..i].iter().cloned());
            result.summary_html = Some(html.clone());
            pulldown_cmark::html::push_html(&mut html, out[i..].iter().cloned());
        }
        None => pulldown_cmark::html::push_html(&mut html, out.into_iter()),
    }
    result.html = html;
    raw_html.check_whole(ctx, body, &result.html, diags);
    if let Some(at) = media_at
        && media::lacks_transcript(&result.html)
    {
        diags.push(
            ctx.error(
                at,
                "this page plays sound or video but has no transcript, so people who cannot hear or see it miss what it says".into(),
                "add the words below it in an element with the class `transcript`, e.g. <details class=\"transcript\"><summary>Transcript</summary>…</details>",
            )
            .as_warning(),
        );
    }
    result.word_count = count_words(&result.plain);
    result.reading_minutes = result.word_count.div_ceil(200).max(1);
    result
}

/// A callout's class; its title is the word `callout_<class>` of the page's language.
fn callout(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// Escapes a URL for an `href` attribute.
fn escape_href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    push_escaped(&mut out, url);
    out
}

/// A path for messages, re-exported for callers that build a [`links::Context`].
pub(crate) fn context<'a>(
    file: &'a Path,
    source: &'a str,
    body_offset: usize,
    page_path: &'a str,
    page_key: &'a str,
    page_url: &'a str,
    resolver: &'a dyn Resolver,
) -> links::Context<'a> {
    links::Context {
        file,
        source,
        body_offset,
        page_path,
        page_key,
        page_url,
        resolver,
    }
}

#[cfg(test)]
mod tests;

/// An image being read: where it starts and the alt text gathered so far.
struct ImageAlt {
    start: usize,
    offset: usize,
    dest: String,
    decorative: bool,
    alt: String,
}

/// Alt text rules: every image says what it shows; empty only when marked decorative; never
/// just the file name.
fn check_alt(ctx: &links::Context<'_>, img: &ImageAlt) -> Option<Diagnostic> {
    let alt = img.alt.trim();
    let file = img
        .dest
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("");
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if img.decorative {
        return (!alt.is_empty()).then(|| {
            ctx.error(
                img.offset,
                "this image is marked \"decorative\" but also has alt text".into(),
                "keep the alt text and remove \"decorative\" if the image shows something readers need; otherwise empty the brackets: ![](…)",
            )
        });
    }
    if alt.is_empty() {
        return Some(ctx.error(
            img.offset,
            "this image has no alt text, so people who use a screen reader will not know what it shows".into(),
            format!(
                "describe the image in the brackets, e.g. ![Two people talking on a park bench]({}); if it is only decoration, write ![]({} \"decorative\")",
                img.dest, img.dest
            ),
        ));
    }
    let same = |name: &str| !name.is_empty() && alt.eq_ignore_ascii_case(name);
    (same(file) || same(stem) || same(&stem.replace(['-', '_'], " "))).then(|| {
        ctx.error(
            img.offset,
            format!(
                "the alt text of this image is its file name (\"{alt}\"), which tells a screen-reader user nothing"
            ),
            "describe what the image shows, in a short sentence",
        )
    })
}

/// `<span lang="es">`, `<div lang="es">` and their closing tags, written again in one form;
/// `None` for any other HTML. A closing tag passes only when its passage is open.
fn lang_tag(html: &str, open: &mut Vec<&'static str>) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    for element in ["span", "div"] {
        if lower == format!("</{element}>") {
            return match open.last() {
                Some(&e) if e == element => {
                    open.pop();
                    Some(format!("</{element}>"))
                }
                _ => None,
            };
        }
        let Some(rest) = lower.strip_prefix(&format!("<{element} lang=")) else {
            continue;
        };
        let value = rest.strip_suffix('>')?.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        if !crate::util::text::is_bcp47(value) {
            return None;
        }
        open.push(element);
        return Some(format!("<{element} lang=\"{value}\">"));
    }
    None
}
