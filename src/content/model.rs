//! The validated content model: pages (plain, story, guide) and sections.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::util::phone::Phone;

/// What kind of content a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContentType {
    /// Ordinary pages.
    Page,
    /// Lived-experience recovery stories.
    Story,
    /// Practical resource guides.
    Guide,
}

impl ContentType {
    /// The name used in templates and front matter.
    pub(crate) fn name(self) -> &'static str {
        match self {
            ContentType::Page => "page",
            ContentType::Story => "story",
            ContentType::Guide => "guide",
        }
    }
}

/// A story's extra fields.
#[derive(Debug, Clone)]
pub(crate) struct Story {
    /// Pseudonym, first name or "Anonymous".
    pub(crate) author_display: String,
    /// Content-note keys from the vocabulary.
    pub(crate) content_notes: Vec<String>,
    /// Body behind `<details>`.
    pub(crate) collapse: bool,
    /// A sentence in the storyteller's words, shown above the story when it is collapsed.
    pub(crate) pull_quote: Option<String>,
    /// Consent date.
    pub(crate) consent_date: Date,
    /// The consent record; [`super::consent::decide`] reads it for every output.
    pub(crate) consent: super::consent::Consent,
}

/// A guide's extra fields.
#[derive(Debug, Clone)]
pub(crate) struct Guide {
    /// When the contacts were last checked.
    pub(crate) last_reviewed: Date,
    /// When they are due to be checked again.
    #[allow(dead_code, reason = "part of the guide model; templates get `overdue`")]
    pub(crate) review_due: Date,
    /// The review date has passed.
    pub(crate) overdue: bool,
    /// People and services to contact.
    pub(crate) contacts: Vec<Contact>,
}

/// One contact in a guide, validated.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Contact {
    /// Service or person.
    pub(crate) name: String,
    /// Number to call.
    pub(crate) phone: Option<Phone>,
    /// Number to text.
    pub(crate) text: Option<Phone>,
    /// Web address.
    pub(crate) url: Option<String>,
    /// Opening hours.
    pub(crate) hours: Option<String>,
    /// Languages (BCP 47).
    pub(crate) languages: Vec<String>,
    /// Anything else.
    pub(crate) notes: Option<String>,
}

/// The type-specific part of a page.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// A plain page.
    Page,
    /// A story.
    Story(Story),
    /// A guide.
    Guide(Guide),
}

/// A page ready for Markdown rendering.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// Path under `content/`, with `/` separators: `stories/finding-work.md`.
    pub(crate) path: String,
    /// Path from the site root, for messages: `content/stories/finding-work.md`.
    pub(crate) file: PathBuf,
    /// The whole file.
    pub(crate) source: String,
    /// Where the Markdown body starts in `source`.
    pub(crate) body_offset: usize,
    /// The section's path under `content/` (`""` for the root).
    pub(crate) section: String,
    /// Root-relative URL ending in `/`: `/stories/finding-work/`.
    pub(crate) url: String,
    /// Title.
    pub(crate) title: String,
    /// Publication date.
    pub(crate) date: Option<Date>,
    /// Last update.
    pub(crate) updated: Option<Date>,
    /// Editor-written summary.
    pub(crate) summary: Option<String>,
    /// Terms per taxonomy name, as written.
    pub(crate) terms: BTreeMap<String, Vec<String>>,
    /// Sort weight.
    pub(crate) weight: Option<i64>,
    /// Template override.
    pub(crate) template: Option<String>,
    /// Old URLs that redirect here.
    pub(crate) aliases: Vec<String>,
    /// In the search index.
    pub(crate) search: bool,
    /// In the print pack (`print: true`; for a story, only when its consent includes print).
    pub(crate) print: bool,
    /// The page's language (BCP 47) when it differs from the site's `language`.
    pub(crate) language: Option<String>,
    /// Free-form template data.
    pub(crate) extra: serde_json::Value,
    /// Draft (only built with `--drafts`).
    #[allow(dead_code, reason = "part of the page model, for previews that mark drafts")]
    pub(crate) draft: bool,
    /// Type-specific fields.
    pub(crate) kind: Kind,
    /// The page's name in every language: its path without the language (`guides/naloxone.md`
    /// for `guides/naloxone.es.md` too), which makes translations of each other.
    pub(crate) key: String,
    /// Where a few front-matter keys and values are written (byte offsets in `source`), for
    /// checks after reading: `slug`, `template`, `aliases` and each alias (`aliases.0`, …).
    pub(crate) places: Vec<(String, usize)>,
}

impl Page {
    /// Line and column of the front-matter key or list item `path` (`aliases.1`), else of the
    /// key it belongs to (`aliases`), else of the first line.
    pub(crate) fn place(&self, path: &str) -> (usize, usize) {
        let parent = path.split_once('.').map(|(k, _)| k);
        let found = self
            .places
            .iter()
            .find(|(k, _)| k == path)
            .or_else(|| parent.and_then(|p| self.places.iter().find(|(k, _)| k == p)));
        match found {
            Some(&(_, offset)) => crate::diagnostics::line_col(&self.source, offset),
            None => (1, 1),
        }
    }

    /// The story fields, if this is a story.
    pub(crate) fn story(&self) -> Option<&Story> {
        match &self.kind {
            Kind::Story(s) => Some(s),
            _ => None,
        }
    }

    /// True for a story with content notes: listings must never show its body.
    pub(crate) fn has_content_notes(&self) -> bool {
        self.story().is_some_and(|s| !s.content_notes.is_empty())
    }

    /// The Markdown body.
    pub(crate) fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }
}

/// A folder under `content/`, with the settings from its `_index.md`.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// Path under `content/` (`""` for the root, `stories` …).
    pub(crate) path: String,
    /// `_index.md` path from the site root, if the section has one.
    pub(crate) file: Option<PathBuf>,
    /// The `_index.md` text (empty without one).
    pub(crate) source: String,
    /// Where its Markdown body starts.
    pub(crate) body_offset: usize,
    /// Root-relative URL: `/stories/`.
    pub(crate) url: String,
    /// Title.
    pub(crate) title: String,
    /// Summary.
    pub(crate) summary: Option<String>,
    /// The content type of its pages.
    pub(crate) content_type: ContentType,
    /// `date`, `title` or `weight`.
    pub(crate) sort_by: SortBy,
    /// Listing size.
    pub(crate) paginate_by: Option<usize>,
    /// Template override.
    pub(crate) template: Option<String>,
    /// Sort weight among sections.
    pub(crate) weight: Option<i64>,
    /// Free-form template data.
    pub(crate) extra: serde_json::Value,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SortBy {
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
pub(crate) struct Asset {
    /// Its path under `content/`.
    pub(crate) src: String,
    /// Its path in the output: the same path, or, for a file of a page bundle
    /// (`stories/x/photo.jpg` beside `stories/x.md`), the page's folder (`stories/x/photo.jpg`
    /// under the page's address).
    pub(crate) out: String,
}
