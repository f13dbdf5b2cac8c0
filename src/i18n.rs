//! The words readers see, in their language: one table per language, read from the theme's
//! `i18n/<language>.toml` (a site's own `i18n/<language>.toml` changes any of its keys). Every
//! string Trailhead puts on a page comes from here: the templates' `t()`, and what the Rust code
//! writes itself (dates, content-note sentences, the page an old address shows).
//!
//! The tables sit below every stage that writes words (render, output, search, content notes),
//! beside the configuration, so none of those stages has to reach into another for them.
//!
//! A theme without an `i18n/` folder uses the default theme's words. A key that one language
//! of the site has and another lacks is an error naming the key, the language and the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, relative};

/// The default theme's word files, compiled in: the words of themes that have none.
const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../themes/default/i18n/en.toml")),
    ("es", include_str!("../themes/default/i18n/es.toml")),
];

/// Keys the Rust code itself uses: every language must have them, whatever the templates use.
pub(crate) const CODE_KEYS: &[&str] = &[
    "language_name",
    "date_format",
    "month_1",
    "month_2",
    "month_3",
    "month_4",
    "month_5",
    "month_6",
    "month_7",
    "month_8",
    "month_9",
    "month_10",
    "month_11",
    "month_12",
    "content_notes",
    "list_and",
    "moved_title",
    "moved_to",
    "feed_everything",
];

/// The words of one language.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    /// The language's code as the site names it (`en`, `es`, `en-US`).
    pub(crate) language: String,
    /// The file the words came from, for messages (`themes/default/i18n/es.toml`).
    pub(crate) file: PathBuf,
    table: HashMap<String, String>,
}

impl Words {
    /// The text of `key`, or the key itself when it is missing (loading reports missing keys,
    /// so a build never gets this far with one).
    pub(crate) fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.table.get(key).map_or(key, String::as_str)
    }

    /// True when the language has `key`.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub(crate) fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// A date as readers of this language write it ("October 1, 2026", "1 de octubre de 2026").
    pub(crate) fn date(&self, d: jiff::civil::Date) -> String {
        let month = self.get(&format!("month_{}", d.month())).to_owned();
        fill(
            self.get("date_format"),
            &[
                ("day", &d.day().to_string()),
                ("month", &month),
                ("year", &d.year().to_string()),
            ],
        )
    }

    /// A list read as one phrase: "a", "a and b", "a, b and c"; when an item holds the word
    /// for "and" itself ("death and grief") the items are separated by semicolons instead.
    pub(crate) fn list(&self, items: &[&str]) -> String {
        let and = self.get("list_and");
        let spaced = format!(" {and} ");
        match items {
            [] => String::new(),
            [one] => (*one).to_owned(),
            _ if items.iter().any(|n| n.contains(&spaced)) => items.join("; "),
            [rest @ .., last] => format!("{}{spaced}{last}", rest.join(", ")),
        }
    }
}

/// `text` with each `{name}` of `args` replaced by its value; other braces stay.
pub(crate) fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if args.iter().any(|(k, _)| *k == name) => {
                let value = args.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| v);
                out.push_str(value);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The file names that may hold a language's words, most specific first: `es-MX` looks for
/// `es-MX.toml`, then `es.toml`.
fn candidates(language: &str) -> Vec<String> {
    let mut names = vec![format!("{language}.toml")];
    if let Some((primary, _)) = language.split_once('-') {
        names.push(format!("{primary}.toml"));
    }
    names
}

/// The default theme's words for `language` (or English), to go on checking templates after
/// the site's own words had problems (which are reported).
pub(crate) fn built_in(language: &str) -> Words {
    let code = candidates(language)
        .into_iter()
        .map(|n| n.trim_end_matches(".toml").to_owned())
        .find(|c| BUILT_IN.iter().any(|(b, _)| b == c))
        .unwrap_or_else(|| "en".to_owned());
    let text = BUILT_IN.iter().find(|(b, _)| *b == code).map_or("", |(_, t)| t);
    let file = PathBuf::from(format!("themes/default/i18n/{code}.toml"));
    Words {
        language: language.to_owned(),
        table: read_table(Path::new(""), &file, text).unwrap_or_default(),
        file,
    }
}

/// One word file read: its keys and texts, or its problems.
fn read_table(root: &Path, path: &Path, text: &str) -> Result<HashMap<String, String>, Diagnostic> {
    let shown = relative(root, path);
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| crate::config::toml_diagnostic(&e, text, &shown.to_string_lossy()))?;
    let mut out = HashMap::with_capacity(table.len());
    for (k, v) in table {
        match v {
            toml::Value::String(s) => {
                out.insert(k, s);
            }
            // The local editor's words (`trailhead serve --edit`), never used by pages.
            toml::Value::Table(_) if k == "editor" => {}
            other => {
                let (line, col) = crate::config::find_key(text, &k);
                return Err(Diagnostic::error(format!(
                    "the words file has `{k}` = {}, but every value must be text in quotes",
                    other.type_str()
                ))
                .in_file(shown)
                .at_in(text, line, col)
                .hint(format!("write it as `{k} = \"…\"`")));
            }
        }
    }
    Ok(out)
}

/// Reads the words of `languages` (the site's, default first) for the theme at `theme_dir`,
/// with the site's own `i18n/` files over them. Every missing key is one error.
pub(crate) fn load(root: &Path, theme_dir: &Path, languages: &[&str]) -> Result<Vec<Words>, Vec<Diagnostic>> {
    let theme_i18n = theme_dir.join("i18n");
    let site_i18n = root.join("i18n");
    let built_in = !theme_i18n.is_dir();
    let mut problems = Vec::new();
    let mut all = Vec::new();
    for &language in languages {
        let mut base: Option<(PathBuf, HashMap<String, String>)> = None;
        for name in candidates(language) {
            if built_in {
                let code = name.trim_end_matches(".toml");
                if let Some((_, text)) = BUILT_IN.iter().find(|(c, _)| *c == code) {
                    let file = PathBuf::from(format!("themes/default/i18n/{name}"));
                    match read_table(Path::new(""), &file, text) {
                        Ok(t) => base = Some((file, t)),
                        Err(d) => problems.push(d),
                    }
                    break;
                }
                continue;
            }
            let path = theme_i18n.join(&name);
            if let Ok(text) = std::fs::read_to_string(&path) {
                match read_table(root, &path, &text) {
                    Ok(t) => base = Some((relative(root, &path), t)),
                    Err(d) => problems.push(d),
                }
                break;
            }
        }
        // The site's own words: its file for the language, if any.
        let mut own = None;
        for name in candidates(language) {
            let path = site_i18n.join(&name);
            if let Ok(text) = std::fs::read_to_string(&path) {
                match read_table(root, &path, &text) {
                    Ok(t) => own = Some((relative(root, &path), t)),
                    Err(d) => problems.push(d),
                }
                break;
            }
        }
        let (file, mut table) = match (base, own) {
            (Some((file, mut t)), own) => {
                if let Some((_, o)) = own {
                    t.extend(o);
                }
                (file, t)
            }
            (None, Some((file, t))) => (file, t),
            (None, None) => {
                let expected = if built_in {
                    site_i18n.join(format!("{language}.toml"))
                } else {
                    theme_i18n.join(format!("{language}.toml"))
                };
                problems.push(
                    Diagnostic::error(format!(
                        "there are no interface words for the language \"{language}\": {} does not exist",
                        relative(root, &expected).display()
                    ))
                    .in_file(crate::config::CONFIG_FILE)
                    .hint(format!(
                        "copy the English file (themes/default/i18n/en.toml) to {} and translate its values",
                        relative(root, &expected).display()
                    )),
                );
                continue;
            }
        };
        table.shrink_to_fit();
        all.push(Words {
            language: language.to_owned(),
            file,
            table,
        });
    }
    // Every language needs every key the theme has in any language, and the keys the code uses.
    let mut reference: Vec<(String, HashMap<String, String>)> = Vec::new();
    if built_in {
        for (code, text) in BUILT_IN {
            reference.extend(
                read_table(Path::new(""), Path::new(""), text)
                    .ok()
                    .map(|t| ((*code).to_owned(), t)),
            );
        }
    } else if let Ok(dir) = std::fs::read_dir(&theme_i18n) {
        let mut files: Vec<PathBuf> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for path in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "toml")) {
            let code = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Ok(t) = std::fs::read_to_string(&path)
                .map_err(|_| ())
                .and_then(|text| read_table(root, &path, &text).map_err(|_| ()))
            {
                reference.push((code, t));
            }
        }
    }
    let mut keys: Vec<&str> = CODE_KEYS.to_vec();
    for (_, t) in &reference {
        keys.extend(t.keys().map(String::as_str));
    }
    for w in &all {
        keys.extend(w.table.keys().map(String::as_str));
    }
    keys.sort_unstable();
    keys.dedup();
    for w in &all {
        for key in &keys {
            if w.has(key) {
                continue;
            }
            let example = reference
                .iter()
                .find_map(|(code, t)| t.get(*key).map(|v| format!(" ({code}.toml has `{key} = \"{v}\"`)")))
                .unwrap_or_default();
            problems.push(
                Diagnostic::error(format!(
                    "the interface text `{key}` is missing for the language \"{}\"",
                    w.language
                ))
                .in_file(w.file.clone())
                .hint(format!("add `{key} = \"…\"` to {}{example}", w.file.display())),
            );
        }
    }
    if problems.is_empty() { Ok(all) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(lang: &str) -> Words {
        let text = BUILT_IN.iter().find(|(c, _)| *c == lang).unwrap().1;
        Words {
            language: lang.into(),
            file: PathBuf::new(),
            table: read_table(Path::new(""), Path::new("x.toml"), text).unwrap(),
        }
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let d = jiff::civil::date(2026, 10, 1);
        assert_eq!(words("en").date(d), "October 1, 2026");
        assert_eq!(words("es").date(d), "1 de octubre de 2026");
        let d = jiff::civil::date(2025, 1, 31);
        assert_eq!(words("en").date(d), "January 31, 2025");
        assert_eq!(words("es").date(d), "31 de enero de 2025");
    }

    #[test]
    fn placeholders_counts_and_lists() {
        let en = words("en");
        assert_eq!(fill("{a} and {b} {c}", &[("a", "x"), ("b", "y")]), "x and y {c}");
        assert_eq!(en.list(&["overdose"]), "overdose");
        assert_eq!(en.list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(
            en.list(&["substance use", "death and grief"]),
            "substance use; death and grief"
        );
        let es = words("es");
        assert_eq!(es.list(&["a", "b"]), "a y b");
    }

    #[test]
    fn both_built_in_languages_have_the_same_keys() {
        let en = words("en");
        let es = words("es");
        let mut a: Vec<&str> = en.table.keys().map(String::as_str).collect();
        let mut b: Vec<&str> = es.table.keys().map(String::as_str).collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
        for k in CODE_KEYS {
            assert!(en.has(k), "{k}");
        }
    }
}
