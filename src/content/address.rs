//! Where a content file is published: its name without the language (`naloxone.es.md` is the
//! Spanish `naloxone.md`), and the address its path gives it (`/es/guides/naloxone/`).

use crate::config::Lang;
use crate::util::text::slugify;

/// A page file's name without `.md` and without its language's suffix (`naloxone.es.md` →
/// `naloxone`).
pub(crate) fn page_stem<'a>(rel: &'a str, lang: &Lang) -> &'a str {
    let stem = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".md");
    match lang.suffix() {
        Some(suffix) => stem.strip_suffix(suffix.as_str()).unwrap_or(stem),
        None => stem,
    }
}

/// A file's path without its language's suffix (`guides/naloxone.es.md` → `guides/naloxone.md`).
pub(crate) fn logical_path(rel: &str, lang: &Lang) -> String {
    match lang.suffix() {
        Some(sfx) => rel
            .strip_suffix(&format!("{sfx}.md"))
            .map_or_else(|| rel.to_owned(), |r| format!("{r}.md")),
        None => rel.to_owned(),
    }
}

/// The address a page gets from its file name alone (without a `slug`).
pub(crate) fn default_url(rel: &str, lang: &Lang) -> String {
    let section = super::parent_of(rel);
    let stem = slugify(page_stem(rel, lang));
    let prefix = &lang.prefix;
    if section.is_empty() {
        format!("{prefix}/{stem}/")
    } else {
        format!("{prefix}/{}/{stem}/", url_path(section))
    }
}

/// A section path as a URL path: each segment slugified.
pub(crate) fn url_path(rel: &str) -> String {
    rel.split('/').map(slugify).collect::<Vec<_>>().join("/")
}
