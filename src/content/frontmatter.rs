//! Splitting a Markdown file into front matter and body, and parsing the front matter
//! (YAML between `---` lines, or TOML between `+++` lines) with absolute error positions.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::dates::{FmDate, Withdrawn};
use crate::config::{plain_serde_message, unknown_field_hint};
use crate::diagnostics::{Diagnostic, line_col};
use crate::text::did_you_mean;

/// The front matter's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` … `---`
    Yaml,
    /// `+++` … `+++`
    Toml,
}

/// A file split into its parts.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    /// YAML or TOML, `None` when the file has no front matter.
    pub format: Option<Format>,
    /// The front-matter text, without its fences.
    pub front: &'a str,
    /// Byte offset of `front` in the file.
    pub front_offset: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Splits a file. An opening fence without a closing one is an error at line 1.
pub fn split(source: &str) -> Result<Split<'_>, Diagnostic> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &source[start..];
    let first_line = text.lines().next().unwrap_or("");
    let (format, fence) = match first_line.trim_end() {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ => {
            return Ok(Split {
                format: None,
                front: "",
                front_offset: start,
                body: text,
                body_offset: start,
            });
        }
    };
    let front_offset = start + first_line.len() + usize::from(text[first_line.len()..].starts_with("\r\n")) + 1;
    let mut pos = front_offset;
    for line in source[front_offset.min(source.len())..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == fence || (format == Format::Yaml && bare == "...") {
            let body_offset = pos + line.len();
            return Ok(Split {
                format: Some(format),
                front: &source[front_offset..pos],
                front_offset,
                body: &source[body_offset.min(source.len())..],
                body_offset: body_offset.min(source.len()),
            });
        }
        pos += line.len();
    }
    Err(Diagnostic::error(format!(
        "the front matter starts with `{fence}` on line 1 but never ends"
    ))
    .at_in(source, 1, 1)
    .hint(format!(
        "add a line with only `{fence}` after the last field, before the text of the page"
    )))
}

/// Everything a page or section may say in its front matter.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Required on pages.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<FmDate>,
    /// Last meaningful update.
    pub updated: Option<FmDate>,
    /// Editor-written summary for listings, feeds and search.
    pub summary: Option<String>,
    /// Topics.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Overrides the file name in the URL.
    pub slug: Option<String>,
    /// Sort order (lower first) in sections sorted by weight.
    pub weight: Option<i64>,
    /// A template other than the type's default.
    pub template: Option<String>,
    /// Old URLs that should redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `false` keeps the page out of search.
    pub search: Option<bool>,
    /// The page's language (BCP 47) when it differs from the site's.
    pub language: Option<String>,
    /// Values of extra taxonomies (beyond `tags` and `audience`).
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Free-form values for templates.
    pub extra: Option<serde_json::Value>,

    /// Story: the name readers see.
    pub author_display: Option<String>,
    /// Story: the storyteller agreed to show their real name.
    pub real_name_consent: Option<bool>,
    /// Story: content notes from the configured vocabulary.
    pub content_notes: Option<Vec<String>>,
    /// Story: put the body behind a `<details>` control.
    pub collapse: Option<bool>,
    /// Story: a person checked it against safe-messaging guidance (the old form; use
    /// `safe_messaging_review`).
    pub safe_messaging_reviewed: Option<bool>,
    /// Story: who checked it against safe-messaging guidance, and when.
    pub safe_messaging_review: Option<ReviewFm>,
    /// Story: the storyteller's consent.
    pub consent: Option<ConsentFm>,

    /// Guide: when the contacts were last checked.
    pub last_reviewed: Option<FmDate>,
    /// Guide: how often to check again.
    pub review_every: Option<String>,
    /// Guide: who it is for.
    pub audience: Option<Vec<String>>,
    /// Guide: people and services to contact.
    pub contacts: Option<Vec<ContactFm>>,

    /// Section: `story`, `guide` or `page`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Section: `date` (newest first), `title` or `weight`.
    pub sort_by: Option<String>,
    /// Section: listing size.
    pub paginate_by: Option<usize>,
}

/// A story's consent record.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentFm {
    /// When consent was given.
    pub date: Option<FmDate>,
    /// Where the story may appear: web, print, translation, offline.
    pub scope: Option<Vec<String>>,
    /// The storyteller approved the final text: `true`, or the fingerprint of that text.
    pub final_text_approved: Option<super::consent::Approval>,
    /// Pointer to the signed form kept offline.
    pub record_id: Option<String>,
    /// Consent ends on this date.
    pub expires: Option<FmDate>,
    /// Consent was withdrawn.
    pub withdrawn: Option<Withdrawn>,
}

/// A review: who did it and when.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFm {
    /// Who reviewed it: a name or role.
    pub by: Option<String>,
    /// When.
    pub date: Option<FmDate>,
}

/// One contact in a guide.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactFm {
    /// Service or person.
    pub name: Option<String>,
    /// Number to call.
    pub phone: Option<String>,
    /// Number to text.
    pub text: Option<String>,
    /// Web address.
    pub url: Option<String>,
    /// Opening hours.
    pub hours: Option<String>,
    /// Languages (BCP 47).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Anything else.
    pub notes: Option<String>,
}

/// Parses the front matter of `split` into `T`; errors carry absolute positions in `source`.
pub fn parse<T: DeserializeOwned + Default>(source: &str, split: &Split<'_>, file: &Path) -> Result<T, Diagnostic> {
    let front = split.front;
    match split.format {
        None => Ok(T::default()),
        Some(_) if front.trim().is_empty() => Ok(T::default()),
        Some(Format::Yaml) => serde_saphyr::from_str::<T>(front).map_err(|e| {
            let inner = e.without_snippet();
            let raw = inner.to_string();
            let message = strip_location(&raw);
            let mut d = Diagnostic::error(plain_serde_message(&message)).in_file(file);
            if let Some(loc) = e.location() {
                let (fl, _) = line_col(source, split.front_offset);
                d = d.at_in(source, fl + loc.line() as usize - 1, loc.column() as usize);
            }
            let hint = match unknown_field_hint(&message) {
                Some(h) if h.contains("Known fields") => h,
                Some(_) => unknown_hint(&message),
                None => yaml_hint(&message),
            };
            d.hint(hint)
        }),
        Some(Format::Toml) => toml::from_str::<T>(front).map_err(|e| {
            let message = e.message().trim().to_owned();
            let mut d = Diagnostic::error(plain_serde_message(&message)).in_file(file);
            if let Some(span) = e.span() {
                d = d.at_offset(source, split.front_offset + span.start);
            }
            d.hint(unknown_field_hint(&message).unwrap_or_else(|| {
                "check the TOML syntax: `key = \"text\"`, lists in [brackets], dates as 2026-03-14".into()
            }))
        }),
    }
}

/// serde-saphyr puts "line L column C" into some messages; the diagnostic shows that already.
fn strip_location(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let first = match first.find(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    first.strip_prefix("error: ").unwrap_or(first).trim().to_owned()
}

fn unknown_hint(message: &str) -> String {
    let name = message.split('`').nth(1).unwrap_or("");
    match did_you_mean(name, known_fields()) {
        Some(m) => format!("did you mean `{m}`? Otherwise remove this field"),
        None => "remove this field, or check its spelling (see docs/content.md for the fields you can use)".into(),
    }
}

/// Every field name the front-matter structs know, for "did you mean" hints.
pub fn known_fields() -> Vec<&'static str> {
    let mut v = fields_of::<FrontMatter>();
    v.extend(fields_of::<ConsentFm>());
    v.extend(fields_of::<ReviewFm>());
    v.extend(fields_of::<ContactFm>());
    v
}

/// The field names a serde struct declares, captured from `deserialize_struct`.
fn fields_of<T: DeserializeOwned>() -> Vec<&'static str> {
    struct Capture(Vec<&'static str>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl serde::de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> serde::Deserializer<'de> for &mut Capture {
        type Error = Stop;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0.extend_from_slice(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let mut c = Capture(Vec::new());
    let _ = T::deserialize(&mut c);
    c.0
}

fn yaml_hint(message: &str) -> String {
    if message.contains("date") {
        "write dates as YYYY-MM-DD, e.g. 2026-03-14".into()
    } else if message.contains("indicator") || message.contains("mapping") || message.contains("scan") {
        "check the YAML syntax: `key: value` on each line, a space after the colon, text with a colon inside \"quotes\""
            .into()
    } else {
        "check the field's value: text, a list like [a, b], true/false, or a date".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(src: &str) -> Result<FrontMatter, Diagnostic> {
        let s = split(src)?;
        parse(src, &s, Path::new("x.md"))
    }

    #[test]
    fn knows_its_fields() {
        let f = known_fields();
        assert!(f.contains(&"author_display") && f.contains(&"final_text_approved") && f.contains(&"hours"));
    }

    #[test]
    fn splits_yaml_and_toml() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.front, "title: A\n");
        assert_eq!(s.body, "Body\n");
        let s = split("+++\ntitle = \"A\"\n+++\n\nBody").unwrap();
        assert_eq!(s.format, Some(Format::Toml));
        assert_eq!(s.body, "\nBody");
        let s = split("Just text").unwrap();
        assert_eq!(s.format, None);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("---\ntitle: A\nBody\n").unwrap_err();
        assert!(e.message.contains("never ends"));
    }

    #[test]
    fn yaml_errors_have_absolute_lines() {
        let e = fm("---\ntitle: A\ndate: 2026-13-01\n---\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("not a date"), "{e}");
        let e = fm("---\ntitle: A\ntgas: [x]\n---\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.hint.as_deref().unwrap().contains("did you mean `tags`?"), "{e}");
    }

    #[test]
    fn toml_errors_have_absolute_lines() {
        let e = fm("+++\ntitle = \"A\"\n\ndraft = \"yes\"\n+++\n").unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        let f = fm("+++\ntitle = \"A\"\ndate = 2026-03-14\n+++\n").unwrap();
        assert_eq!(f.date.unwrap().0, jiff::civil::date(2026, 3, 14));
    }

    #[test]
    fn withdrawn_accepts_bool_or_date() {
        let f = fm("---\nconsent:\n  withdrawn: 2026-10-02\n---\n").unwrap();
        assert!(matches!(f.consent.unwrap().withdrawn, Some(Withdrawn::On(_))));
        let f = fm("---\nconsent:\n  withdrawn: true\n---\n").unwrap();
        assert_eq!(f.consent.unwrap().withdrawn, Some(Withdrawn::Flag(true)));
    }
}
