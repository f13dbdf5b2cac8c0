//! The validated content model: pages (plain, story, guide) and sections.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::util::phone::Phone;

/// What kind of content a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentType {
    /// Ordinary pages.
    Page,
    /// Lived-experience recovery stories.
    Story,
    /// Practical resource guides.
    Guide,
}

impl ContentType {
    /// The name used in templates and front matter.
    pub fn name(self) -> &'static str {
        match self {
            ContentType::Page => "page",
            ContentType::Story => "story",
            ContentType::Guide => "guide",
        }
    }
}

/// A story's extra fields.
#[derive(Debug, Clone)]
pub struct Story {
    /// Pseudonym, first name or "Anonymous".
    pub author_display: String,
    /// Content-note keys from the vocabulary.
    pub content_notes: Vec<String>,
    /// Body behind `<details>`.
    pub collapse: bool,
    /// Consent date.
    pub consent_date: Date,
    /// The consent record; [`super::consent::decide`] reads it for every output.
    pub consent: super::consent::Consent,
}

/// A guide's extra fields.
#[derive(Debug, Clone)]
pub struct Guide {
    /// When the contacts were last checked.
    pub last_reviewed: Date,
    /// When they are due to be checked again.
    pub review_due: Date,
    /// The review date has passed.
    pub overdue: bool,
    /// People and services to contact.
    pub contacts: Vec<Contact>,
}

/// One contact in a guide, validated.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Contact {
    /// Service or person.
    pub name: String,
    /// Number to call.
    pub phone: Option<Phone>,
    /// Number to text.
    pub text: Option<Phone>,
    /// Web address.
    pub url: Option<String>,
    /// Opening hours.
    pub hours: Option<String>,
    /// Languages (BCP 47).
    pub languages: Vec<String>,
    /// Anything else.
    pub notes: Option<String>,
}

/// The type-specific part of a page.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A plain page.
    Page,
    /// A story.
    Story(Story),
    /// A guide.
    Guide(Guide),
}

/// A page ready for Markdown rendering.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path under `content/`, with `/` separators: `stories/finding-work.md`.
    pub path: String,
    /// Path from the site root, for messages: `content/stories/finding-work.md`.
    pub file: PathBuf,
    /// The whole file.
    pub source: String,
    /// Where the Markdown body starts in `source`.
    pub body_offset: usize,
    /// The section's path under `content/` (`""` for the root).
    pub section: String,
    /// Root-relative URL ending in `/`: `/stories/finding-work/`.
    pub url: String,
    /// Title.
    pub title: String,
    /// Publication date.
    pub date: Option<Date>,
    /// Last update.
    pub updated: Option<Date>,
    /// Editor-written summary.
    pub summary: Option<String>,
    /// Terms per taxonomy name, as written.
    pub terms: BTreeMap<String, Vec<String>>,
    /// Sort weight.
    pub weight: Option<i64>,
    /// Template override.
    pub template: Option<String>,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// In the search index.
    pub search: bool,
    /// The page's language (BCP 47) when it differs from the site's `language`.
    pub language: Option<String>,
    /// Free-form template data.
    pub extra: serde_json::Value,
    /// Draft (only built with `--drafts`).
    pub draft: bool,
    /// Type-specific fields.
    pub kind: Kind,
}

impl Page {
    /// The story fields, if this is a story.
    pub fn story(&self) -> Option<&Story> {
        match &self.kind {
            Kind::Story(s) => Some(s),
            _ => None,
        }
    }

    /// True for a story with content notes: listings must never show its body.
    pub fn has_content_notes(&self) -> bool {
        self.story().is_some_and(|s| !s.content_notes.is_empty())
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }
}

/// A folder under `content/`, with the settings from its `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    /// Path under `content/` (`""` for the root, `stories` …).
    pub path: String,
    /// `_index.md` path from the site root, if the section has one.
    pub file: Option<PathBuf>,
    /// The `_index.md` text (empty without one).
    pub source: String,
    /// Where its Markdown body starts.
    pub body_offset: usize,
    /// Root-relative URL: `/stories/`.
    pub url: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: Option<String>,
    /// The content type of its pages.
    pub content_type: ContentType,
    /// `date`, `title` or `weight`.
    pub sort_by: SortBy,
    /// Listing size.
    pub paginate_by: Option<usize>,
    /// Template override.
    pub template: Option<String>,
    /// Sort weight among sections.
    pub weight: Option<i64>,
    /// Free-form template data.
    pub extra: serde_json::Value,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// Newest first.
    Date,
    /// A to Z.
    Title,
    /// Lowest weight first.
    Weight,
}

/// A story left out of the website, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    /// Path under `content/`.
    pub path: String,
    /// The address it would have had.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Why, in plain words.
    pub reason: String,
}

/// A file under `content/` that is not Markdown (an image, a PDF), and where it is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Its path under `content/`.
    pub src: String,
    /// Its path in the output: the same path, or, for a file of a page bundle
    /// (`stories/x/photo.jpg` beside `stories/x.md`), the page's folder (`stories/x/photo.jpg`
    /// under the page's address).
    pub out: String,
}
