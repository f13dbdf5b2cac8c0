//! Taxonomies: terms slugified and merged, each with its pages newest first.

use std::collections::BTreeMap;

use super::SitePage;
use crate::config::Config;
use crate::content::model::SortBy;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::text::slugify;

/// One taxonomy (e.g. `tags`) with its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Name and URL segment: `tags`.
    pub name: String,
    /// Heading for its pages: `Topics`.
    pub title: String,
    /// `/tags/`.
    pub url: String,
    /// Listing size of its term pages.
    pub paginate_by: usize,
    /// Write a feed per term.
    pub feed: bool,
    /// Terms sorted by slug.
    pub terms: Vec<Term>,
}

/// One term (e.g. "harm reduction").
#[derive(Debug, Clone)]
pub struct Term {
    /// The name as first written (by file path order).
    pub name: String,
    /// `harm-reduction`.
    pub slug: String,
    /// `/tags/harm-reduction/`.
    pub url: String,
    /// Pages, newest first.
    pub pages: Vec<usize>,
}

/// Builds every taxonomy and records each page's terms in `pages`.
pub fn build(config: &Config, pages: &mut [SitePage], diags: &Diagnostics) -> Vec<Taxonomy> {
    let mut out = Vec::new();
    for (ti, t) in config.taxonomies.iter().enumerate() {
        let settings = t.settings();
        // slug → (name, first file, pages)
        let mut terms: BTreeMap<String, (String, usize, Vec<usize>)> = BTreeMap::new();
        for (pi, p) in pages.iter().enumerate() {
            let Some(values) = p.page.terms.get(&settings.name) else {
                continue;
            };
            for v in values {
                let slug = slugify(v);
                if slug.is_empty() {
                    continue;
                }
                let entry = terms.entry(slug).or_insert_with(|| (v.clone(), pi, Vec::new()));
                if entry.0 != *v {
                    let first = &pages[entry.1].page;
                    diags.push(
                        Diagnostic::warning(format!(
                            "the {} \"{}\" here and \"{}\" in {} are treated as one topic",
                            settings.name,
                            v,
                            entry.0,
                            first.file.display()
                        ))
                        .in_file(&p.page.file)
                        .at_in(&p.page.source, line_of(&p.page.source, v), 1)
                        .hint(format!("spell it the same way everywhere, e.g. \"{}\"", entry.0)),
                    );
                }
                if entry.2.last() != Some(&pi) {
                    entry.2.push(pi);
                }
            }
        }
        let title = settings.title.clone().unwrap_or_else(|| default_title(&settings.name));
        let url = format!("/{}/", settings.name);
        let mut list = Vec::with_capacity(terms.len());
        for (slug, (name, _, mut term_pages)) in terms {
            super::sort_pages(&mut term_pages, pages, SortBy::Date);
            list.push(Term {
                url: format!("{url}{slug}/"),
                name,
                slug,
                pages: term_pages,
            });
        }
        for (term_index, term) in list.iter().enumerate() {
            for &pi in &term.pages {
                pages[pi].terms.push((ti, term_index));
            }
        }
        out.push(Taxonomy {
            name: settings.name.clone(),
            title,
            url,
            paginate_by: settings.paginate_by.unwrap_or(config.paginate_by).max(1),
            feed: settings.feed.unwrap_or(config.feeds),
            terms: list,
        });
    }
    out
}

fn default_title(name: &str) -> String {
    match name {
        "tags" => "Topics".to_owned(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
                .replace('-', " ")
        }
    }
}

fn line_of(source: &str, needle: &str) -> usize {
    source.lines().position(|l| l.contains(needle)).map_or(1, |i| i + 1)
}
