//! The site's languages: the default one (`language`, or `default_language` as Zola writes it)
//! and each `[languages.<code>]` table, with what it changes of the site's settings. The default
//! language is served at `/`, every other under `/<code>/`; a page's translation is the file
//! beside its original named `<name>.<code>.md` (sections: `_index.<code>.md`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Config, CrisisConfig};

/// One `[languages.<code>]` table: what differs in that language. Everything left out is the
/// site's own setting, or the language's interface words.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct LanguageConfig {
    /// The site's name in this language.
    pub(crate) title: Option<String>,
    /// The site's description in this language.
    pub(crate) description: Option<String>,
    /// Crisis help for readers of this language (heading, text, lines, guide); without it the
    /// language's default lines and words.
    pub(crate) crisis: Option<CrisisConfig>,
    /// The quick exit's words in this language (its address stays the site's).
    pub(crate) quick_exit_label: Option<String>,
    /// Taxonomies' headings in this language, by taxonomy name (`tags = "Temas"`).
    pub(crate) taxonomies: BTreeMap<String, String>,
    /// Content-note labels in this language, by note (`overdose = "sobredosis"`).
    pub(crate) content_notes: BTreeMap<String, String>,
    /// The print pack's cover in this language (else the site's).
    pub(crate) print: Option<super::PrintConfig>,
    /// Search in this language: its synonyms (the site's `[search]` is the default
    /// language's).
    pub(crate) search: Option<super::SearchConfig>,
}

/// One language of the site, as the stages see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lang {
    /// The code (`en-US`, `es`): `<html lang>`, the words file, file names' suffix.
    pub(crate) code: String,
    /// True for the site's default language.
    pub(crate) default: bool,
    /// Where its pages live: `` for the default language, `/es` for the others.
    pub(crate) prefix: String,
}

impl Lang {
    /// The file-name suffix of this language's pages (`.es` in `naloxone.es.md`); none for the
    /// default language.
    pub(crate) fn suffix(&self) -> Option<String> {
        (!self.default).then(|| format!(".{}", self.code))
    }

    /// The home page's address (`/`, `/es/`).
    pub(crate) fn home(&self) -> String {
        format!("{}/", self.prefix)
    }
}

impl Config {
    /// Every language of the site, the default first, then the others by code.
    pub(crate) fn langs(&self) -> Vec<Lang> {
        let mut all = vec![Lang {
            code: self.language.clone(),
            default: true,
            prefix: String::new(),
        }];
        all.extend(self.languages.keys().filter(|c| **c != self.language).map(|code| Lang {
            code: code.clone(),
            default: false,
            prefix: format!("/{code}"),
        }));
        all
    }

    /// The settings as readers of `lang` see them: its title, description, crisis help, quick
    /// exit words, taxonomy headings and content-note labels over the site's.
    pub(crate) fn for_language(&self, lang: &Lang) -> Config {
        let mut c = self.clone();
        c.lang = lang.clone();
        if lang.default {
            return c;
        }
        c.language = lang.code.clone();
        // Synonyms are words of one language: the default language's never apply to another.
        c.search = super::SearchConfig::default();
        let Some(l) = self.languages.get(&lang.code) else {
            return c;
        };
        if let Some(search) = &l.search {
            c.search = search.clone();
        }
        if let Some(t) = &l.title {
            c.title = t.clone();
        }
        if let Some(d) = &l.description {
            c.description = d.clone();
        }
        // Crisis help in another language never falls back to the default language's lines:
        // the language's own, or its words' defaults.
        c.crisis = match &l.crisis {
            Some(crisis) => CrisisConfig {
                last_verified: crisis
                    .last_verified
                    .clone()
                    .or_else(|| self.crisis.last_verified.clone()),
                ..crisis.clone()
            },
            None => CrisisConfig {
                last_verified: self.crisis.last_verified.clone(),
                ..CrisisConfig::default()
            },
        };
        c.quick_exit.label = l.quick_exit_label.clone();
        if let Some(print) = &l.print {
            c.print = print.clone();
        }
        for t in &mut c.taxonomies {
            let name = t.settings().name;
            if let Some(title) = l.taxonomies.get(&name) {
                let mut s = t.settings();
                s.title = Some(title.clone());
                *t = super::TaxonomyConfig::Full(s);
            } else if let super::TaxonomyConfig::Full(s) = t {
                // The default language's heading is not this language's.
                s.title = None;
            }
        }
        for label in c.content_notes.values_mut() {
            label.clear();
        }
        for (k, v) in &l.content_notes {
            c.content_notes.insert(k.clone(), v.clone());
        }
        c
    }
}
