//! Taxonomies: terms slugified and merged, each with its pages newest first.

use std::collections::BTreeMap;

use super::SitePage;
use crate::config::Config;
use crate::content::model::SortBy;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::util::text::slugify;

/// One taxonomy (e.g. `tags`) with its terms.
#[derive(Debug, Clone)]
pub(crate) struct Taxonomy {
    /// Name and URL segment: `tags`.
    pub(crate) name: String,
    /// Heading for its pages: `Topics`.
    pub(crate) title: String,
    /// `/tags/`.
    pub(crate) url: String,
    /// Listing size of its term pages.
    pub(crate) paginate_by: usize,
    /// Write a feed per term.
    pub(crate) feed: bool,
    /// Terms sorted by slug.
    pub(crate) terms: Vec<Term>,
}

/// One term (e.g. "harm reduction").
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// The most used spelling (on a tie, the first in sort order).
    pub(crate) name: String,
    /// `harm-reduction`.
    pub(crate) slug: String,
    /// `/tags/harm-reduction/`.
    pub(crate) url: String,
    /// Pages, newest first.
    pub(crate) pages: Vec<usize>,
}

/// Builds every taxonomy and records each page's terms in `pages`.
///
/// Values whose slugs collide (`Family`, `family`) are one term, shown with its most used
/// spelling; every other spelling gets one warning, however many pages use it.
pub(crate) fn build(
    config: &Config,
    words: &crate::i18n::Words,
    pages: &mut [SitePage],
    diags: &Diagnostics,
) -> Vec<Taxonomy> {
    let mut out = Vec::new();
    for (ti, t) in config.taxonomies.iter().enumerate() {
        let settings = t.settings();
        // slug → spelling → pages using it, in page order
        let mut terms: BTreeMap<String, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
        for (pi, p) in pages.iter().enumerate() {
            let Some(values) = p.page.terms.get(&settings.name) else {
                continue;
            };
            for v in values {
                let slug = slugify(v);
                if slug.is_empty() {
                    continue;
                }
                let users = terms.entry(slug).or_default().entry(v.as_str()).or_default();
                if users.last() != Some(&pi) {
                    users.push(pi);
                }
            }
        }
        let terms: Vec<(String, String, Vec<usize>)> = terms
            .into_iter()
            .map(|(slug, spellings)| {
                let name = most_used(&spellings);
                if spellings.len() > 1 {
                    diags.extend(variant_warnings(&settings.name, name, &spellings, pages));
                }
                let mut all: Vec<usize> = spellings.into_values().flatten().collect();
                all.sort_unstable();
                all.dedup();
                (slug, name.to_owned(), all)
            })
            .collect();
        let title = settings
            .title
            .clone()
            .unwrap_or_else(|| default_title(words, &settings.name));
        let url = format!("{}/{}/", config.lang.prefix, settings.name);
        let mut list = Vec::with_capacity(terms.len());
        for (slug, name, mut term_pages) in terms {
            super::sort_pages(&mut term_pages, pages, SortBy::Date);
            let name = match settings.names.get(&slug) {
                Some(shown) => shown.clone(),
                None => display_name(&name, &config.language),
            };
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

/// How a term written all in small letters is shown: "Harm Reduction" in English (small words
/// such as "and" stay small after the first), "Reducción de daños" in other languages, whose
/// headings capitalise the first word only. A term written with capitals of its own ("LGBTQ+",
/// "DBT") is shown as written.
pub(crate) fn display_name(name: &str, language: &str) -> String {
    if name.chars().any(char::is_uppercase) {
        return name.to_owned();
    }
    let capital = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    if !language.to_ascii_lowercase().starts_with("en") {
        return capital(name);
    }
    const SMALL: [&str; 12] = ["a", "an", "and", "as", "at", "for", "in", "of", "on", "or", "the", "to"];
    name.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && SMALL.contains(&w) {
                w.to_owned()
            } else {
                capital(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A taxonomy's heading when `trailhead.toml` gives none: the language's words for it
/// (`taxonomy_tags`), else its name with a capital letter.
fn default_title(words: &crate::i18n::Words, name: &str) -> String {
    let key = format!("taxonomy_{name}");
    match name {
        _ if words.has(&key) => words.get(&key).to_owned(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
                .replace('-', " ")
        }
    }
}

/// The spelling used on the most pages; on a tie, the first in sort order.
fn most_used<'a>(spellings: &BTreeMap<&'a str, Vec<usize>>) -> &'a str {
    let mut best: Option<(&str, usize)> = None;
    for (&spelling, users) in spellings {
        if best.is_none_or(|(_, n)| users.len() > n) {
            best = Some((spelling, users.len()));
        }
    }
    best.map_or("", |(s, _)| s)
}

/// One warning per spelling of a term other than `name`, at the first file (by path) that
/// uses it, with every spelling's page count and up to three more files.
fn variant_warnings(
    taxonomy: &str,
    name: &str,
    spellings: &BTreeMap<&str, Vec<usize>>,
    pages: &[SitePage],
) -> Vec<Diagnostic> {
    let clear_winner = spellings
        .iter()
        .all(|(&s, u)| s == name || u.len() < spellings[name].len());
    let mut out = Vec::new();
    for (&variant, users) in spellings {
        if variant == name {
            continue;
        }
        let mut files: Vec<&SitePage> = users.iter().map(|&pi| &pages[pi]).collect();
        files.sort_by(|a, b| a.page.file.cmp(&b.page.file));
        let first = &files[0].page;
        // This spelling, the suggested one, then any others in sort order.
        let mut counts = vec![(variant, users.len()), (name, spellings[name].len())];
        counts.extend(
            spellings
                .iter()
                .filter(|(s, _)| **s != variant && **s != name)
                .map(|(s, u)| (*s, u.len())),
        );
        let counts: Vec<String> = counts
            .iter()
            .map(|(s, n)| format!("\"{s}\" ({})", pages_count(*n)))
            .collect();
        let mut message = format!("the {taxonomy} {} are treated as one topic", and_list(&counts));
        if files.len() > 1 {
            let mut more: Vec<String> = files[1..]
                .iter()
                .take(3)
                .map(|p| p.page.file.display().to_string())
                .collect();
            if files.len() > 4 {
                more.push(format!("{} other files", group_digits(files.len() - 4)));
            }
            message.push_str(&format!("; \"{variant}\" is also written in {}", and_list(&more)));
        }
        let (line, col) = value_position(&first.source, first.body_offset, taxonomy, variant);
        let hint = if clear_winner {
            format!("spell it \"{name}\" everywhere, as most pages do")
        } else {
            format!("spell it the same way everywhere, e.g. \"{name}\"")
        };
        out.push(
            Diagnostic::warning(message)
                .in_file(&first.file)
                .at_in(&first.source, line, col)
                .hint(hint),
        );
    }
    out
}

/// `1 page`, `6,000 pages`.
fn pages_count(n: usize) -> String {
    if n == 1 {
        "1 page".to_owned()
    } else {
        format!("{} pages", group_digits(n))
    }
}

/// `6000` as `6,000`.
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// 1-based line and column of `value` written under the front matter key `key`: the first
/// place after the key where it stands as a whole value (`[Family]`, `- Family`, `"Family"`),
/// so `Family` in a title or in `Family support` is passed over; else the first line that
/// mentions it, at column 1.
fn value_position(source: &str, body_offset: usize, key: &str, value: &str) -> (usize, usize) {
    let front = &source[..body_offset.min(source.len())];
    let is_key = |l: &str| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with([':', '=']))
    };
    let from = front.lines().position(is_key).unwrap_or(0);
    let whole = |l: &str| {
        l.match_indices(value).map(|(i, _)| i).find(|&i| {
            let before = l[..i].trim_end().chars().next_back();
            let after = l[i + value.len()..].trim_start().chars().next();
            before.is_none_or(|c| matches!(c, '[' | ',' | '"' | '\'' | '-' | ':' | '='))
                && after.is_none_or(|c| matches!(c, ']' | ',' | '"' | '\'' | '#'))
        })
    };
    let lines: Vec<&str> = front.lines().collect();
    let hit = (from..lines.len())
        .chain(0..from)
        .find_map(|n| whole(lines[n]).map(|i| (n + 1, lines[n][..i].chars().count() + 1)));
    hit.unwrap_or_else(|| (line_of(source, value), 1))
}

fn line_of(source: &str, needle: &str) -> usize {
    source.lines().position(|l| l.contains(needle)).map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_used_spelling_wins_and_ties_go_to_sort_order() {
        let spellings = BTreeMap::from([("FAMILY", vec![9]), ("Family", vec![1, 2]), ("family", vec![3, 4, 5])]);
        assert_eq!(most_used(&spellings), "family");
        let tie = BTreeMap::from([("recovery", vec![1]), ("Recovery", vec![2])]);
        assert_eq!(most_used(&tie), "Recovery");
    }

    #[test]
    fn counts_and_lists_read_as_words() {
        assert_eq!(pages_count(1), "1 page");
        assert_eq!(pages_count(6000), "6,000 pages");
        assert_eq!(group_digits(885), "885");
        assert_eq!(group_digits(1_234_567), "1,234,567");
        let items = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(and_list(&items(&["a"])), "a");
        assert_eq!(and_list(&items(&["a", "b"])), "a and b");
        assert_eq!(and_list(&items(&["a", "b", "c"])), "a, b and c");
    }

    #[test]
    fn value_is_found_under_its_key_as_a_whole_value() {
        let yaml = "---\ntitle: Family matters\ntags: [family, Family]\n---\nFamily.\n";
        assert_eq!(value_position(yaml, yaml.len() - 8, "tags", "Family"), (3, 16));
        let block = "---\ntitle: Family\ntags:\n  - Family support\n  - Family\n---\n";
        assert_eq!(value_position(block, block.len(), "tags", "Family"), (5, 5));
        let toml = "+++\ntitle = \"x\"\ntags = [\"Family\"]\n+++\n";
        assert_eq!(value_position(toml, toml.len(), "tags", "Family"), (3, 10));
        // Not found as a whole value: the first line that mentions it, column 1.
        let odd = "---\ntags: [Family-ish]\n---\n";
        assert_eq!(value_position(odd, odd.len(), "tags", "Family"), (2, 1));
    }
}

#[cfg(test)]
mod display_tests {
    use super::display_name;

    #[test]
    fn terms_are_shown_in_the_case_of_their_language() {
        assert_eq!(display_name("harm reduction", "en-US"), "Harm Reduction");
        assert_eq!(display_name("family and friends", "en"), "Family and Friends");
        assert_eq!(display_name("reducción de daños", "es"), "Reducción de daños");
        assert_eq!(display_name("LGBTQ+", "en"), "LGBTQ+");
        assert_eq!(display_name("iPhone help", "en"), "iPhone help");
    }
}
