//! The data templates see, built once per page, section and taxonomy and shared by reference
//! (Tera values are reference-counted), so listings never copy page bodies.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use crate::config::CrisisLine;
use crate::content::model::{Contact, Kind};
use crate::content::notes::{note_labels, notes_sentence};
use crate::markdown::TocEntry;
use crate::site::{Site, SitePage, SiteSection};
use crate::util::phone::{self, Phone, Use};
use crate::util::text::first_words;

/// A crisis or support line as templates see it: its numbers parsed for `tel:`/`sms:` links
/// and shown as readers write them.
#[derive(Serialize)]
pub(super) struct CrisisLineView {
    name: String,
    phone: Option<Phone>,
    text: Option<Phone>,
    url: Option<String>,
    description: Option<String>,
}

impl From<CrisisLine> for CrisisLineView {
    fn from(l: CrisisLine) -> Self {
        CrisisLineView {
            phone: l.phone.as_deref().and_then(|p| phone::parse(p, Use::Call).ok()),
            text: l.text.as_deref().and_then(|p| phone::parse(p, Use::Text).ok()),
            name: l.name,
            url: l.url,
            description: l.description,
        }
    }
}

/// A link to a taxonomy term.
#[derive(Serialize)]
struct TermLink<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
}

/// What listings, feeds and `get_page` show of a page: never the body of a noted story.
#[derive(Serialize)]
struct Summary<'a> {
    title: &'a str,
    url: &'a str,
    permalink: String,
    path: &'a str,
    section: &'a str,
    kind: &'static str,
    date: Option<String>,
    date_display: Option<String>,
    updated: Option<String>,
    updated_display: Option<String>,
    summary: Option<&'a str>,
    summary_html: Option<&'a str>,
    description: String,
    content_notes: Vec<std::borrow::Cow<'a, str>>,
    content_notes_text: Option<String>,
    author_display: Option<&'a str>,
    /// The storyteller chose to stay anonymous ("Anonymous", "Anónimo"): the byline says
    /// "Shared anonymously" rather than naming "Anonymous".
    anonymous: bool,
    reading_minutes: usize,
    word_count: usize,
    terms: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    tags: Vec<TermLink<'a>>,
    last_reviewed: Option<String>,
    last_reviewed_display: Option<String>,
    review_overdue: bool,
    weight: Option<i64>,
    extra: &'a serde_json::Value,
}

/// The full page, for its own template.
#[derive(Serialize)]
struct Full<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    content: &'a str,
    toc: &'a [TocEntry],
    contacts: &'a [Contact],
    collapse: bool,
    pull_quote: Option<&'a str>,
    /// The lines offered beside a story for its content notes (none: no support box).
    support_lines: Vec<CrisisLineView>,
    consent_date_display: Option<String>,
}

fn summary<'a>(site: &'a Site, p: &'a SitePage) -> Summary<'a> {
    let page = &p.page;
    let notes = note_labels(&site.config, &site.words, page);
    let noted = !notes.is_empty();
    let mut terms: BTreeMap<&str, Vec<TermLink<'_>>> = BTreeMap::new();
    for &(ti, te) in &p.terms {
        let t = &site.taxonomies[ti];
        let term = &t.terms[te];
        terms.entry(t.name.as_str()).or_default().push(TermLink {
            name: &term.name,
            slug: &term.slug,
            url: &term.url,
        });
    }
    let tags = terms
        .get("tags")
        .map(|v| {
            v.iter()
                .map(|t| TermLink {
                    name: t.name,
                    slug: t.slug,
                    url: t.url,
                })
                .collect()
        })
        .unwrap_or_default();
    let description = match &page.summary {
        Some(s) => s.clone(),
        None if noted => notes_sentence(&site.words, &notes),
        None => first_words(&p.rendered.plain, 155),
    };
    let guide = match &page.kind {
        Kind::Guide(g) => Some(g),
        _ => None,
    };
    Summary {
        title: &page.title,
        url: &page.url,
        permalink: format!("{}{}", site.config.base(), page.url),
        path: &page.path,
        section: &page.section,
        kind: match page.kind {
            Kind::Page => "page",
            Kind::Story(_) => "story",
            Kind::Guide(_) => "guide",
        },
        date: page.date.map(|d| d.to_string()),
        date_display: page.date.map(|d| site.words.date(d)),
        updated: page.updated.map(|d| d.to_string()),
        updated_display: page.updated.map(|d| site.words.date(d)),
        summary: page.summary.as_deref(),
        summary_html: if noted {
            None
        } else {
            p.rendered.summary_html.as_deref()
        },
        description,
        content_notes_text: noted.then(|| notes_sentence(&site.words, &notes)),
        content_notes: notes,
        author_display: page.story().map(|s| s.author_display.as_str()),
        anonymous: page.story().is_some_and(|s| {
            matches!(
                s.author_display.trim().to_lowercase().as_str(),
                "anonymous" | "anon" | "anónimo" | "anónima" | "anonimo" | "anonima" | "anónime"
            )
        }),
        reading_minutes: p.rendered.reading_minutes,
        word_count: p.rendered.word_count,
        terms,
        tags,
        last_reviewed: guide.map(|g| g.last_reviewed.to_string()),
        last_reviewed_display: guide.map(|g| site.words.date(g.last_reviewed)),
        review_overdue: guide.is_some_and(|g| g.overdue),
        weight: page.weight,
        extra: &page.extra,
    }
}

/// Every page's summary value, by page index.
pub(crate) fn page_summaries(site: &Site) -> Vec<Value> {
    site.pages
        .iter()
        .map(|p| Value::from_serializable(&summary(site, p)))
        .collect()
}

/// One page's summary value.
pub(crate) fn page_summary(site: &Site, p: &SitePage) -> Value {
    Value::from_serializable(&summary(site, p))
}

/// One page's full value, for its own template.
pub(crate) fn page_full(site: &Site, p: &SitePage) -> Value {
    let story = p.page.story();
    let full = Full {
        summary: summary(site, p),
        content: &p.rendered.html,
        toc: &p.rendered.toc,
        contacts: match &p.page.kind {
            Kind::Guide(g) => &g.contacts,
            _ => &[],
        },
        collapse: story.is_some_and(|s| s.collapse && !s.content_notes.is_empty()),
        pull_quote: story.and_then(|s| s.pull_quote.as_deref()),
        support_lines: story
            .map(|s| site.config.crisis.support_lines(&site.words, &s.content_notes))
            .unwrap_or_default()
            .into_iter()
            .map(CrisisLineView::from)
            .collect(),
        consent_date_display: story.map(|s| site.words.date(s.consent_date)),
    };
    Value::from_serializable(&full)
}

#[derive(Serialize)]
struct SectionValue<'a> {
    title: &'a str,
    url: &'a str,
    permalink: String,
    path: &'a str,
    kind: &'static str,
    summary: Option<&'a str>,
    content: &'a str,
    page_count: usize,
    extra: &'a serde_json::Value,
    subsections: Vec<SectionLink<'a>>,
}

#[derive(Serialize)]
struct SectionLink<'a> {
    title: &'a str,
    url: &'a str,
    path: &'a str,
    page_count: usize,
}

/// A section's value (without its pages; listings add those).
pub(crate) fn section(site: &Site, s: &SiteSection) -> Value {
    let sec = &s.section;
    Value::from_serializable(&SectionValue {
        title: &sec.title,
        url: &sec.url,
        permalink: format!("{}{}", site.config.base(), sec.url),
        path: &sec.path,
        kind: sec.content_type.name(),
        summary: sec.summary.as_deref(),
        content: &s.rendered.html,
        page_count: s.pages.len(),
        extra: &sec.extra,
        subsections: s
            .subsections
            .iter()
            .map(|&i| {
                let sub = &site.sections[i];
                SectionLink {
                    title: &sub.section.title,
                    url: &sub.section.url,
                    path: &sub.section.path,
                    page_count: sub.pages.len(),
                }
            })
            .collect(),
    })
}

/// Adds entries to a map value.
pub(crate) fn with(value: Value, entries: Vec<(&'static str, Value)>) -> Value {
    let mut map = value.into_map().unwrap_or_default();
    for (k, v) in entries {
        map.insert(k.into(), v);
    }
    Value::from(map)
}

/// A list of page values by index.
pub(crate) fn list(summaries: &[Value], items: &[usize]) -> Value {
    Value::from(items.iter().map(|&i| summaries[i].clone()).collect::<Vec<_>>())
}

#[derive(Serialize)]
struct TermValue<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    page_count: usize,
}

/// A taxonomy with its terms and counts (no page lists).
pub(crate) fn taxonomy(t: &crate::site::Taxonomy) -> Value {
    #[derive(Serialize)]
    struct Tax<'a> {
        name: &'a str,
        title: &'a str,
        url: &'a str,
        terms: Vec<TermValue<'a>>,
    }
    Value::from_serializable(&Tax {
        name: &t.name,
        title: &t.title,
        url: &t.url,
        terms: t.terms.iter().map(|term| term_value(term)).collect(),
    })
}

fn term_value(term: &crate::site::Term) -> TermValue<'_> {
    TermValue {
        name: &term.name,
        slug: &term.slug,
        url: &term.url,
        page_count: term.pages.len(),
    }
}

/// One term (no page list).
pub(crate) fn term(term: &crate::site::Term) -> Value {
    Value::from_serializable(&term_value(term))
}

/// One link of the language switcher.
#[derive(Serialize)]
pub(crate) struct Switch<'a> {
    /// The language's code (`lang` and `hreflang` of the link).
    code: &'a str,
    /// Its name in its own words.
    name: &'a str,
    /// The translation of this page, or the language's home.
    url: &'a str,
}

/// The language switcher's links from a page with these `versions`: every other language,
/// to the page's translation when there is one, else to that language's home.
pub(crate) fn switcher<'a>(site: &'a Site, versions: &'a [crate::site::Version]) -> Vec<Switch<'a>> {
    site.translations
        .languages
        .iter()
        .filter(|l| l.code != site.config.language)
        .map(|l| Switch {
            code: &l.code,
            name: &l.name,
            url: versions.iter().find(|v| v.code == l.code).map_or(&l.url, |v| &v.url),
        })
        .collect()
}
