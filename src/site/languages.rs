//! What the sites of every language share: one link table (so links work across languages),
//! which pages are not published, and which pages and sections are translations of each other
//! (for `hreflang` links, the sitemap's alternates and the language switcher).

use std::collections::HashMap;
use std::sync::Arc;

use super::LinkTable;
use crate::content::Content;

/// What every language's site shares: where each page and file is, which pages are not
/// published, and which pages are translations of each other.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shared {
    /// Every address a link can point at, in every language.
    pub(crate) links: Arc<LinkTable>,
    /// Pages that exist but are not published (any language) → why.
    pub(crate) unpublished: HashMap<String, String>,
    /// The addresses those pages would have had → their path.
    pub(crate) unpublished_urls: HashMap<String, String>,
    /// The languages and each page's and section's versions in them.
    pub(crate) translations: Arc<Translations>,
}

/// One language of the site, for language switchers.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct LanguageLink {
    /// Its code (`es`).
    pub(crate) code: String,
    /// Its name in its own words ("Español").
    pub(crate) name: String,
    /// Its home page (`/es/`).
    pub(crate) url: String,
    /// "Go to the home page" in its own words, for pages every language shares (the 404 page).
    pub(crate) home_label: String,
}

/// A page or section in one language.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Version {
    /// The language's code.
    pub(crate) code: String,
    /// The address in that language.
    pub(crate) url: String,
}

/// Which pages and sections are translations of each other.
#[derive(Debug, Clone, Default)]
pub(crate) struct Translations {
    /// Every language, the default first.
    pub(crate) languages: Vec<LanguageLink>,
    /// A page's logical path (`guides/naloxone.md`) → its published versions, in language order.
    pub(crate) pages: HashMap<String, Vec<Version>>,
    /// A section's folder → its versions.
    pub(crate) sections: HashMap<String, Vec<Version>>,
}

impl Shared {
    /// What the languages' sites share, from every language's content (the default first).
    pub(crate) fn new(contents: &[Content], languages: Vec<LanguageLink>) -> Shared {
        let sections = contents.iter().flat_map(|c| c.sections.iter());
        let pages = contents.iter().flat_map(|c| c.pages.iter().chain(&c.failed_pages));
        let assets = contents.first().map_or(&[][..], |c| &c.assets[..]);
        let links = LinkTable::new(sections, pages, assets);
        let mut unpublished = HashMap::new();
        let mut unpublished_urls = HashMap::new();
        let mut translations = Translations {
            languages,
            ..Translations::default()
        };
        for (i, c) in contents.iter().enumerate() {
            unpublished.extend(c.unpublished.iter().map(|(k, v)| (k.clone(), v.clone())));
            unpublished_urls.extend(c.unpublished_urls.iter().map(|(k, v)| (k.clone(), v.clone())));
            let code = translations
                .languages
                .get(i)
                .map(|l| l.code.clone())
                .unwrap_or_default();
            for p in &c.pages {
                translations.pages.entry(p.key.clone()).or_default().push(Version {
                    code: code.clone(),
                    url: p.url.clone(),
                });
            }
            for sec in &c.sections {
                translations
                    .sections
                    .entry(sec.path.clone())
                    .or_default()
                    .push(Version {
                        code: code.clone(),
                        url: sec.url.clone(),
                    });
            }
        }
        // A published page takes the address a left-out page would have had.
        for c in contents {
            for p in &c.pages {
                unpublished_urls.remove(&p.url);
            }
        }
        Shared {
            links: Arc::new(links),
            unpublished,
            unpublished_urls,
            translations: Arc::new(translations),
        }
    }
}

impl Translations {
    /// The versions of a page, when it has one in another language.
    pub(crate) fn of_page(&self, key: &str) -> &[Version] {
        self.pages.get(key).filter(|v| v.len() > 1).map_or(&[], Vec::as_slice)
    }

    /// The versions of a section, when it has one in another language.
    pub(crate) fn of_section(&self, path: &str) -> &[Version] {
        self.sections
            .get(path)
            .filter(|v| v.len() > 1)
            .map_or(&[], Vec::as_slice)
    }
}
