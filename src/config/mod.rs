//! `trailhead.toml` → [`Config`]. Unknown keys are errors with a "did you mean" hint.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;

mod crisis;
mod languages;
pub(crate) mod search;
use crate::util::dates::ReviewPeriod;
use crate::util::text::did_you_mean;
pub(crate) use crisis::{CrisisConfig, CrisisLine};
pub(crate) use languages::{Lang, LanguageConfig};
pub(crate) use search::SearchConfig;

/// The name of the configuration file at the site root.
pub(crate) const CONFIG_FILE: &str = "trailhead.toml";

/// The whole site configuration. Every key is documented in `docs/configuration.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Config {
    /// The site's name, shown in the header and in feeds.
    pub(crate) title: String,
    /// The public address of the site, used only where a standard needs absolute URLs
    /// (canonical links, feeds, sitemap).
    pub(crate) base_url: String,
    /// The site's language as a BCP 47 tag, e.g. `en-US`.
    pub(crate) language: String,
    /// One or two sentences about the site, for the home page and feeds.
    pub(crate) description: String,
    /// The theme folder under `themes/`.
    pub(crate) theme: String,
    /// How many pages a section or topic listing shows before it continues on a next page.
    pub(crate) paginate_by: usize,
    /// Taxonomies: ways to group pages. Default: `tags`.
    pub(crate) taxonomies: Vec<TaxonomyConfig>,
    /// Write Atom feeds for the site, each section and each taxonomy term.
    pub(crate) feeds: bool,
    /// Write `sitemap.xml`.
    pub(crate) sitemap: bool,
    /// Allow raw HTML in stories (off: stories may come from outside contributors).
    pub(crate) allow_html: bool,
    /// Collapse the body of every story with content notes behind a `<details>` control.
    pub(crate) collapse_content_notes: bool,
    /// How often guides are re-checked unless they say otherwise, e.g. `12 months`.
    pub(crate) review_every: String,
    /// The content-note vocabulary: value used in front matter → words readers see.
    pub(crate) content_notes: BTreeMap<String, String>,
    /// Crisis help shown on every page.
    pub(crate) crisis: CrisisConfig,
    /// The quick-exit control shown on every page.
    pub(crate) quick_exit: QuickExitConfig,
    /// Free-form values for themes, available as `config.extra`.
    pub(crate) extra: BTreeMap<String, toml::Value>,
    /// The print pack's cover.
    pub(crate) print: PrintConfig,
    /// Site search: synonyms a reader may type, over the theme's list for the language.
    pub(crate) search: SearchConfig,
    /// Build a copy that works from a folder or USB stick (as `trailhead build --portable`).
    pub(crate) portable: bool,
    /// Zola's name for `language`; either may be written.
    pub(crate) default_language: Option<String>,
    /// The site's other languages, by code: `[languages.es]`.
    pub(crate) languages: BTreeMap<String, LanguageConfig>,
    /// The language these settings are for (see [`Config::for_language`]).
    #[serde(skip)]
    pub(crate) lang: Lang,
}

/// One taxonomy, written either as a name (`"tags"`) or a table.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum TaxonomyConfig {
    /// Just the name, with default settings.
    Name(String),
    /// Full settings.
    Full(TaxonomySettings),
}

/// Settings of one taxonomy.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaxonomySettings {
    /// The front-matter field and URL prefix, e.g. `tags` → `/tags/`.
    pub(crate) name: String,
    /// Heading shown on its pages; default: the name with a capital letter.
    pub(crate) title: Option<String>,
    /// Listing size for its term pages; default: the site's `paginate_by`.
    pub(crate) paginate_by: Option<usize>,
    /// Write an Atom feed per term; default: the site's `feeds`.
    pub(crate) feed: Option<bool>,
    /// Terms' display names by slug (`lgbtq = "LGBTQ+"`); others are shown in title case
    /// (in English; other languages capitalise the first word), as written when they have
    /// capitals of their own.
    #[serde(default)]
    pub(crate) names: BTreeMap<String, String>,
}

impl TaxonomyConfig {
    /// The settings, with defaults filled in.
    pub(crate) fn settings(&self) -> TaxonomySettings {
        match self {
            TaxonomyConfig::Name(name) => TaxonomySettings {
                name: name.clone(),
                title: None,
                paginate_by: None,
                feed: None,
                names: BTreeMap::new(),
            },
            TaxonomyConfig::Full(s) => s.clone(),
        }
    }
}

/// The `[print]` table: what the print pack's cover says besides the site's name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct PrintConfig {
    /// How to reach the organization (address, phone, opening hours), one line each.
    pub(crate) contact: Option<String>,
}

/// The `[quick_exit]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct QuickExitConfig {
    /// A neutral page to go to, never a personalised one.
    pub(crate) url: String,
    /// The button's words, when not the language's "Exit this page".
    pub(crate) label: Option<String>,
}

impl Default for QuickExitConfig {
    fn default() -> Self {
        QuickExitConfig {
            url: "https://www.bbc.co.uk/weather".into(),
            label: None,
        }
    }
}

/// The default content-note vocabulary. Its labels are empty: readers see the words of their
/// language for each (`note_overdose` in the theme's `i18n/` files).
pub(crate) fn default_content_notes() -> BTreeMap<String, String> {
    [
        "suicide",
        "self-harm",
        "overdose",
        "substance-use",
        "sexual-violence",
        "domestic-violence",
        "eating-disorder",
        "psychiatric-hospitalization",
        "child-abuse",
        "death-and-grief",
    ]
    .into_iter()
    .map(|k| (k.to_owned(), String::new()))
    .collect()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Our resource library".into(),
            base_url: "http://127.0.0.1:1111".into(),
            language: "en".into(),
            description: String::new(),
            theme: "default".into(),
            paginate_by: 10,
            taxonomies: vec![TaxonomyConfig::Name("tags".into())],
            feeds: true,
            sitemap: true,
            allow_html: false,
            collapse_content_notes: false,
            review_every: "12 months".into(),
            content_notes: default_content_notes(),
            crisis: CrisisConfig::default(),
            quick_exit: QuickExitConfig::default(),
            extra: BTreeMap::new(),
            portable: false,
            print: PrintConfig::default(),
            search: SearchConfig::default(),
            default_language: None,
            languages: BTreeMap::new(),
            lang: Lang {
                code: "en".into(),
                default: true,
                prefix: String::new(),
            },
        }
    }
}

impl Config {
    /// Reads `trailhead.toml` from the site root. A missing file gives the defaults.
    pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let source = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(_) => {
                    return Err(vec![
                        Diagnostic::error("the configuration file is not valid UTF-8 text")
                            .in_file(CONFIG_FILE)
                            .hint("save the file with UTF-8 encoding"),
                    ]);
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(vec![
                    Diagnostic::error(format!(
                        "no {CONFIG_FILE} in {}: this folder is not a Trailhead site",
                        root.display()
                    ))
                    .hint("run this command in your site's folder, pass --root DIR, or create a site with `trailhead new DIR`"),
                ]);
            }
            Err(e) => {
                return Err(vec![
                    Diagnostic::error(format!("cannot read the configuration file: {e}")).in_file(CONFIG_FILE),
                ]);
            }
        };
        Config::parse(&source)
    }

    /// Parses configuration text and validates it.
    pub(crate) fn parse(source: &str) -> Result<Config, Vec<Diagnostic>> {
        let mut config: Config = toml::from_str(source).map_err(|e| vec![toml_diagnostic(&e, source, CONFIG_FILE)])?;
        let mut problems = Vec::new();
        if let Some(d) = config.default_language.clone() {
            if source.lines().any(|l| l.trim_start().starts_with("language")) && d != config.language {
                let (line, col) = find_key(source, "default_language");
                problems.push(
                    Diagnostic::error(format!(
                        "`default_language = \"{d}\"` and `language = \"{}\"` disagree",
                        config.language
                    ))
                    .in_file(CONFIG_FILE)
                    .at_in(source, line, col)
                    .hint("they are two names for the same setting: keep one"),
                );
            }
            config.language = d;
        }
        config.lang = Lang {
            code: config.language.clone(),
            default: true,
            prefix: String::new(),
        };
        problems.extend(config.validate(source));
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        Ok(config)
    }

    fn validate(&self, source: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let at = |key: &str, msg: String, hint: &str| {
            let (line, col) = find_key(source, key);
            Diagnostic::error(msg)
                .in_file(CONFIG_FILE)
                .at_in(source, line, col)
                .hint(hint.to_owned())
        };
        if !crate::util::text::is_bcp47(&self.language) {
            out.push(at(
                "language",
                format!("`language = \"{}\"` is not a BCP 47 language tag", self.language),
                "use a tag such as \"en\", \"en-US\" or \"es\"",
            ));
        }
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            out.push(at(
                "base_url",
                format!("`base_url = \"{}\"` must start with http:// or https://", self.base_url),
                "write the site's public address, e.g. \"https://example.org\"",
            ));
        }
        if self.paginate_by == 0 {
            out.push(at(
                "paginate_by",
                "`paginate_by` must be at least 1".into(),
                "10 is a good size",
            ));
        }
        if ReviewPeriod::parse(&self.review_every).is_none() {
            out.push(at(
                "review_every",
                format!("`review_every = \"{}\"` is not a period of time", self.review_every),
                "write it like \"12 months\", \"6 months\", \"1 year\" or \"90 days\"",
            ));
        }
        for code in self.languages.keys() {
            if !crate::util::text::is_bcp47(code) || *code == self.language {
                let why = if *code == self.language {
                    format!("`[languages.{code}]` is the site's default language")
                } else {
                    format!("`[languages.{code}]`: \"{code}\" is not a BCP 47 language tag")
                };
                out.push(at(
                    &format!("languages.{code}"),
                    why,
                    "name each other language by its code, e.g. [languages.es]; the default language's settings are the top-level ones",
                ));
            }
        }
        out.extend(self.check_crisis(source));
        out.extend(self.check_search(source));
        let mut seen = std::collections::HashSet::new();
        for t in &self.taxonomies {
            let s = t.settings();
            let slug = crate::util::text::slugify(&s.name);
            if slug.is_empty() || slug != s.name {
                out.push(at(
                    "taxonomies",
                    format!(
                        "taxonomy name \"{}\" must be lowercase letters, digits and hyphens",
                        s.name
                    ),
                    "use a name like \"tags\" or \"audience\"",
                ));
            }
            if !seen.insert(s.name.clone()) {
                out.push(at(
                    "taxonomies",
                    format!("taxonomy \"{}\" is listed twice", s.name),
                    "remove one of them",
                ));
            }
            if matches!(s.name.as_str(), "stories" | "guides" | "search" | "static") {
                out.push(at(
                    "taxonomies",
                    format!("taxonomy name \"{}\" would clash with a built-in address", s.name),
                    "choose another name",
                ));
            }
        }
        out
    }

    /// The base URL without a trailing slash.
    pub(crate) fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

/// Line and column of the key at the dotted `path` (`crisis.guide`) in the configuration text,
/// or of the deepest part of it that is written; (1, 1) when none is.
pub(crate) fn find_key(source: &str, path: &str) -> (usize, usize) {
    let segments: Vec<&str> = path.split('.').collect();
    crate::util::tree::parse_toml(source)
        .ok()
        .and_then(|tree| tree.offset_of(&segments))
        .map_or((1, 1), |offset| crate::diagnostics::line_col(source, offset))
}

/// Turns a TOML parse error into a diagnostic with an absolute position.
pub(crate) fn toml_diagnostic(e: &toml::de::Error, source: &str, file: &str) -> Diagnostic {
    let message = e.message().trim().to_owned();
    let d = Diagnostic::error(plain_serde_message(&message)).in_file(file);
    let d = match e.span() {
        Some(span) => d.at_offset(source, span.start),
        None => d,
    };
    match unknown_field_hint(&message) {
        Some(h) => d.hint(h),
        None => d.hint("check the spelling and the value's type; text goes in \"quotes\", lists in [brackets]"),
    }
}

/// Rewords serde's messages for people who do not program.
pub(crate) fn plain_serde_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    if let Some(rest) = first.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        return format!("unknown setting `{name}`");
    }
    if let Some(rest) = first.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        return format!("missing required field `{name}`");
    }
    first
        .replace("invalid type: ", "wrong kind of value: found ")
        .replace("sequence", "a list")
}

/// "did you mean" for serde's `unknown field `x`, expected one of `a`, `b`` messages.
pub(crate) fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (name, tail) = rest.split_once('`')?;
    let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
    let mut hint = match did_you_mean(name, expected.iter().copied()) {
        Some(m) => format!("did you mean `{m}`? "),
        None => String::new(),
    };
    if !expected.is_empty() {
        hint.push_str(&format!("Known fields here: {}", expected.join(", ")));
    } else {
        hint.push_str("remove this field");
    }
    Some(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        let c = Config::parse("title = \"x\"").unwrap();
        assert_eq!(c.paginate_by, 10);
        assert_eq!(c.taxonomies.len(), 1);
        assert!(
            c.crisis.lines.is_empty(),
            "the default lines come with the language's words"
        );
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let err = Config::parse("title = \"x\"\nlangauge = \"en\"\n").unwrap_err();
        assert_eq!(err[0].line, 2);
        assert!(err[0].message.contains("unknown setting `langauge`"), "{}", err[0]);
        assert!(err[0].hint.as_deref().unwrap().contains("did you mean `language`?"));
    }

    #[test]
    fn unknown_key_in_a_table() {
        let err = Config::parse("[crisis]\nlast_verifed = \"2026-01-01\"\n").unwrap_err();
        assert_eq!(err[0].line, 2);
        assert!(err[0].hint.as_deref().unwrap().contains("`last_verified`"));
    }

    #[test]
    fn bad_values_are_located() {
        let err = Config::parse("title = \"x\"\nlanguage = \"english!\"\n").unwrap_err();
        assert_eq!((err[0].line, err[0].col), (2, 1));
        let err = Config::parse("review_every = \"sometimes\"\n").unwrap_err();
        assert!(err[0].message.contains("not a period"));
    }

    #[test]
    fn taxonomies_as_names_or_tables() {
        let c = Config::parse("taxonomies = [\"tags\", { name = \"audience\", paginate_by = 5 }]").unwrap();
        assert_eq!(c.taxonomies[1].settings().paginate_by, Some(5));
    }

    #[test]
    fn bcp47() {
        assert!(crate::util::text::is_bcp47("en"));
        assert!(crate::util::text::is_bcp47("en-US"));
        assert!(crate::util::text::is_bcp47("zh-Hant-TW"));
        assert!(!crate::util::text::is_bcp47("english"));
        assert!(!crate::util::text::is_bcp47(""));
    }
}
