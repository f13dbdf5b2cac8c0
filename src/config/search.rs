//! The `[search]` table (and `[languages.<code>.search]`): synonyms and abbreviations a reader
//! may type, per language, over the theme's default list for that language
//! (`themes/<theme>/search/synonyms.<language>.toml`; the default theme's lists are compiled in
//! for themes without a `search/` folder).
//!
//! A list maps what a reader may type (`narcan`, `"suicide hotline"`) to what pages say
//! (`"naloxone"`, `["crisis line", "helpline"]`). Search finds the pages of the word itself and
//! of each alternative (see `search::synonyms`). An entry in `trailhead.toml` replaces the
//! theme's entry for the same word; `word = []` removes it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, relative};

/// The default theme's synonym lists, compiled in.
const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../themes/default/search/synonyms.en.toml")),
    ("es", include_str!("../../themes/default/search/synonyms.es.toml")),
];

/// Most words a synonym or one of its alternatives may have (the search page looks for
/// phrases of up to this many words).
pub(crate) const MAX_WORDS: usize = 4;

/// The `[search]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct SearchConfig {
    /// What a reader may type → the words pages use instead: `narcan = "naloxone"`,
    /// `aa = ["alcoholics anonymous", "support group"]`. Added to the theme's list for the
    /// language; `word = []` removes the theme's entry.
    pub(crate) synonyms: BTreeMap<String, Alternatives>,
    /// The theme's list for this language (filled in when the site is loaded).
    #[serde(skip)]
    pub(crate) theme_synonyms: Vec<(String, Vec<String>)>,
}

/// One synonym's alternatives: a word or phrase, or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Alternatives {
    /// One word or phrase.
    One(String),
    /// Several (none: remove the theme's entry).
    Many(Vec<String>),
}

impl Alternatives {
    fn list(&self) -> Vec<String> {
        match self {
            Alternatives::One(s) => vec![s.clone()],
            Alternatives::Many(v) => v.clone(),
        }
    }
}

impl SearchConfig {
    /// The synonyms in effect: the theme's, with the site's entries over them (the same words
    /// as search compares them: without case or accents), without the entries the site
    /// empties. Sorted by word.
    pub(crate) fn synonyms(&self) -> Vec<(String, Vec<String>)> {
        let mut all: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        for (k, v) in &self.theme_synonyms {
            all.insert(normal(k), (k.clone(), v.clone()));
        }
        for (k, v) in &self.synonyms {
            all.insert(normal(k), (k.clone(), v.list()));
        }
        all.into_values().filter(|(_, v)| !v.is_empty()).collect()
    }
}

/// The words of a key or alternative, as search splits them (roughly: runs of letters and
/// digits, apostrophes inside words kept).
fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’')))
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

fn words(s: &str) -> usize {
    split(s).count()
}

/// A key or alternative as search compares them: its words, lowercase, without accents.
fn normal(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let words: Vec<String> = split(s)
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .nfd()
                .filter(|c| !is_combining_mark(*c) && !matches!(c, '\'' | '’'))
                .collect()
        })
        .collect();
    words.join(" ")
}

/// Problems of one synonym table, located in `source` (`file`) under `path` (the table's keys,
/// e.g. `["search", "synonyms"]`).
fn check_table(table: &[(String, Vec<String>)], source: &str, file: &Path, path: &[&str]) -> Vec<Diagnostic> {
    let tree = crate::util::tree::parse_toml(source).ok();
    let at = |extra: &[&str]| {
        let full: Vec<&str> = path.iter().chain(extra).copied().collect();
        let offset = tree.as_ref().and_then(|t| t.offset_of(&full)).unwrap_or(0);
        crate::diagnostics::line_col(source, offset)
    };
    let problem = |extra: &[&str], message: String, hint: &str| {
        let (line, col) = at(extra);
        Diagnostic::error(message)
            .in_file(file)
            .at_in(source, line, col)
            .hint(hint.to_owned())
    };
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (key, alternatives) in table {
        let n = words(key);
        if n == 0 {
            out.push(problem(
                &[key],
                format!("the synonym \"{key}\" has no letters or digits to search for"),
                "write the word or phrase a reader may type, e.g. narcan = \"naloxone\"",
            ));
            continue;
        }
        if n > MAX_WORDS {
            out.push(problem(
                &[key],
                format!("the synonym \"{key}\" has {n} words; search looks for at most {MAX_WORDS}"),
                "use the shortest phrase a reader would type",
            ));
        }
        if let Some(other) = seen.insert(normal(key), key) {
            out.push(problem(
                &[key],
                format!(
                    "\"{other}\" and \"{key}\" are the same synonym (search does not tell capitals or accents apart)"
                ),
                "keep one of them",
            ));
        }
        for (i, alt) in alternatives.iter().enumerate() {
            // The item of a list; the key itself for one text (the lookup stops there).
            let index = i.to_string();
            let place = [key.as_str(), &index];
            let m = words(alt);
            if m == 0 {
                out.push(problem(
                    &place,
                    format!("the synonym \"{key}\" has an alternative with no words: \"{alt}\""),
                    "write the words the pages use, e.g. rehab = [\"treatment\", \"detox\"], or remove it",
                ));
            } else if m > MAX_WORDS {
                out.push(problem(
                    &place,
                    format!(
                        "the alternative \"{alt}\" of \"{key}\" has {m} words; search looks for at most {MAX_WORDS}"
                    ),
                    "use the shortest phrase the pages use",
                ));
            } else if normal(alt) == normal(key) {
                out.push(problem(
                    &place,
                    format!("the synonym \"{key}\" lists itself"),
                    "list the other words pages use for it; the word itself is always searched",
                ));
            }
        }
    }
    out
}

/// A synonym table as written: keys with their alternatives.
fn entries(table: &BTreeMap<String, Alternatives>) -> Vec<(String, Vec<String>)> {
    table.iter().map(|(k, v)| (k.clone(), v.list())).collect()
}

impl Config {
    /// Problems of the `[search]` tables: the site's and each language's.
    pub(super) fn check_search(&self, source: &str) -> Vec<Diagnostic> {
        let file = Path::new(CONFIG_FILE);
        let mut out = check_table(&entries(&self.search.synonyms), source, file, &["search", "synonyms"]);
        for (code, l) in &self.languages {
            if let Some(s) = &l.search {
                out.extend(check_table(
                    &entries(&s.synonyms),
                    source,
                    file,
                    &["languages", code, "search", "synonyms"],
                ));
            }
        }
        out
    }
}

/// The file names that may hold a language's list, most specific first: `es-MX` looks for
/// `synonyms.es-MX.toml`, then `synonyms.es.toml`.
fn candidates(language: &str) -> Vec<String> {
    let mut names = vec![language.to_owned()];
    if let Some((primary, _)) = language.split_once(['-', '_']) {
        names.push(primary.to_owned());
    }
    names
}

/// Reads one list: every key with its alternatives, or its problems.
fn read_list(text: &str, shown: &Path) -> Result<Vec<(String, Vec<String>)>, Vec<Diagnostic>> {
    let table: BTreeMap<String, Alternatives> =
        toml::from_str(text).map_err(|e| vec![super::toml_diagnostic(&e, text, &shown.to_string_lossy())])?;
    let list = entries(&table);
    let problems = check_table(&list, text, shown, &[]);
    if problems.is_empty() { Ok(list) } else { Err(problems) }
}

/// The theme's synonym list for `language`: `search/synonyms.<language>.toml` in the theme
/// folder, or the default theme's built-in list when the theme has no `search/` folder. None
/// for a language the theme has no list for.
pub(crate) fn theme_synonyms(
    root: &Path,
    theme_dir: &Path,
    language: &str,
) -> Result<Vec<(String, Vec<String>)>, Vec<Diagnostic>> {
    let dir = theme_dir.join("search");
    let lower = language.to_ascii_lowercase();
    for code in candidates(&lower) {
        if !dir.is_dir() {
            if let Some((_, text)) = BUILT_IN.iter().find(|(c, _)| *c == code) {
                return read_list(text, Path::new(&format!("themes/default/search/synonyms.{code}.toml")));
            }
            continue;
        }
        let path = dir.join(format!("synonyms.{code}.toml"));
        if let Ok(text) = std::fs::read_to_string(&path) {
            return read_list(&text, &relative(root, &path));
        }
    }
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_adds_replaces_and_removes_theme_synonyms() {
        let mut c = Config::parse(
            "[search.synonyms]\nnarcan = \"naloxone spray\"\nrehab = []\n\"food stamps\" = [\"snap\", \"food bank\"]\n",
        )
        .unwrap();
        c.search.theme_synonyms = vec![
            ("narcan".into(), vec!["naloxone".into()]),
            ("rehab".into(), vec!["treatment".into()]),
            ("aa".into(), vec!["support group".into()]),
        ];
        let got = c.search.synonyms();
        let keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["aa", "food stamps", "narcan"]);
        assert_eq!(got[1].1, ["snap", "food bank"]);
        assert_eq!(got[2].1, ["naloxone spray"]);
    }

    #[test]
    fn bad_synonyms_are_located_with_a_hint() {
        let src = "title = \"x\"\n\n[search.synonyms]\nrehab = [\"treatment\", \"!!\"]\n\"one two three four five\" = \"x\"\nnarcan = \"Narcan\"\n";
        let err = Config::parse(src).unwrap_err();
        let got: Vec<(usize, &str)> = err.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            got.iter()
                .any(|(l, m)| *l == 4 && m.contains("alternative with no words: \"!!\"")),
            "{got:?}"
        );
        assert!(got.iter().any(|(l, m)| *l == 5 && m.contains("has 5 words")), "{got:?}");
        assert!(
            got.iter().any(|(l, m)| *l == 6 && m.contains("lists itself")),
            "{got:?}"
        );
        assert!(err.iter().all(|d| d.hint.is_some() && d.col > 0));
    }

    #[test]
    fn a_language_has_its_own_synonyms() {
        let err = Config::parse("[languages.es.search]\nsynonyms = { alquiler = \"\" }\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].line, 2);
        let es = Config::parse("[languages.es.search]\nsynonyms = { alquiler = \"vivienda\" }\n").unwrap();
        let lang = es.langs().into_iter().find(|l| l.code == "es").unwrap();
        let c = es.for_language(&lang);
        assert_eq!(c.search.synonyms().len(), 1);
        // The default language's table is not the other's.
        let en = Config::parse("[search.synonyms]\nrehab = \"treatment\"\n[languages.es]\ntitle = \"x\"\n").unwrap();
        let lang = en.langs().into_iter().find(|l| l.code == "es").unwrap();
        assert!(en.for_language(&lang).search.synonyms().is_empty());
    }

    #[test]
    fn the_default_lists_are_valid_in_both_languages() {
        for (code, text) in BUILT_IN {
            let list = read_list(text, Path::new("x.toml")).unwrap_or_else(|e| panic!("{code}: {e:?}"));
            assert!(list.len() >= 20, "{code}: {}", list.len());
        }
        let missing = theme_synonyms(Path::new("/nowhere"), Path::new("/nowhere/themes/x"), "es-MX").unwrap();
        assert!(missing.iter().any(|(k, _)| k == "alquiler"));
        assert!(
            theme_synonyms(Path::new("/nowhere"), Path::new("/nowhere/themes/x"), "fr")
                .unwrap()
                .is_empty()
        );
    }
}
