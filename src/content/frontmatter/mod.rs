//! Splitting a Markdown file into front matter and body, and parsing the front matter
//! (YAML between `---` lines, or TOML between `+++` lines) with absolute error positions.

use std::collections::BTreeMap;
use std::path::Path;

use super::consent::Approval;
use crate::config::{plain_serde_message, unknown_field_hint};
use crate::diagnostics::{Diagnostic, line_col};
use crate::util::dates::{FmDate, Withdrawn};
use crate::util::text::did_you_mean;
use crate::util::tree::{self, Node};

mod reader;
use reader::Reader;

/// The front matter's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `---` … `---`
    Yaml,
    /// `+++` … `+++`
    Toml,
}

/// A file split into its parts.
#[derive(Debug, Clone)]
pub(crate) struct Split<'a> {
    /// YAML or TOML, `None` when the file has no front matter.
    pub(crate) format: Option<Format>,
    /// The front-matter text, without its fences.
    pub(crate) front: &'a str,
    /// Byte offset of `front` in the file.
    pub(crate) front_offset: usize,
    /// The Markdown body.
    #[allow(dead_code, reason = "the split is complete; tests and tools read the body this way")]
    pub(crate) body: &'a str,
    /// Byte offset of `body` in the file.
    pub(crate) body_offset: usize,
}

/// Splits a file. An opening fence without a closing one is an error at line 1.
pub(crate) fn split(source: &str) -> Result<Split<'_>, Diagnostic> {
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
#[derive(Debug, Default)]
pub(crate) struct FrontMatter {
    /// Required on pages.
    pub(crate) title: Option<String>,
    /// Publication date.
    pub(crate) date: Option<FmDate>,
    /// Last meaningful update.
    pub(crate) updated: Option<FmDate>,
    /// Editor-written summary for listings, feeds and search.
    pub(crate) summary: Option<String>,
    /// Topics.
    pub(crate) tags: Vec<String>,
    /// Left out of the build unless `--drafts`.
    pub(crate) draft: bool,
    /// Overrides the file name in the URL.
    pub(crate) slug: Option<String>,
    /// Sort order (lower first) in sections sorted by weight.
    pub(crate) weight: Option<i64>,
    /// A template other than the type's default.
    pub(crate) template: Option<String>,
    /// Old URLs that should redirect here.
    pub(crate) aliases: Vec<String>,
    /// `false` keeps the page out of search.
    pub(crate) search: Option<bool>,
    /// `true` puts the page in the print pack (`/print/`).
    pub(crate) print: Option<bool>,
    /// The page's language (BCP 47) when it differs from the site's.
    pub(crate) language: Option<String>,
    /// Values of extra taxonomies (beyond `tags` and `audience`).
    pub(crate) taxonomies: BTreeMap<String, Vec<String>>,
    /// Free-form values for templates.
    pub(crate) extra: Option<serde_json::Value>,

    /// Story: the name readers see.
    pub(crate) author_display: Option<String>,
    /// Story: the storyteller agreed to show their real name.
    pub(crate) real_name_consent: Option<bool>,
    /// Story: a sentence in the storyteller's words, shown above a collapsed story.
    pub(crate) pull_quote: Option<String>,
    /// Story: content notes from the configured vocabulary.
    pub(crate) content_notes: Option<Vec<String>>,
    /// Story: put the body behind a `<details>` control.
    pub(crate) collapse: Option<bool>,
    /// Story: a person checked it against safe-messaging guidance (the old form; use
    /// `safe_messaging_review`).
    pub(crate) safe_messaging_reviewed: Option<bool>,
    /// Story: who checked it against safe-messaging guidance, and when.
    pub(crate) safe_messaging_review: Option<ReviewFm>,
    /// Story: the storyteller's consent.
    pub(crate) consent: Option<ConsentFm>,

    /// Guide: when the contacts were last checked.
    pub(crate) last_reviewed: Option<FmDate>,
    /// Guide: how often to check again.
    pub(crate) review_every: Option<String>,
    /// Guide: who it is for.
    pub(crate) audience: Option<Vec<String>>,
    /// Guide: people and services to contact.
    pub(crate) contacts: Option<Vec<ContactFm>>,

    /// Section: `story`, `guide` or `page`.
    pub(crate) kind: Option<String>,
    /// Section: `date` (newest first), `title` or `weight`.
    pub(crate) sort_by: Option<String>,
    /// Section: listing size.
    pub(crate) paginate_by: Option<usize>,

    /// Fields that are written but whose value could not be read (already reported), as
    /// dotted paths (`consent.date`, `contacts.1.phone`): later checks do not call them missing.
    pub(crate) unreadable: Vec<String>,
}

impl FrontMatter {
    /// True when the field at `path` is written but its value could not be read.
    pub(crate) fn unreadable(&self, path: &str) -> bool {
        self.unreadable.iter().any(|p| p == path)
    }
}

/// A story's consent record.
#[derive(Debug, Default)]
pub(crate) struct ConsentFm {
    /// When consent was given.
    pub(crate) date: Option<FmDate>,
    /// Where the story may appear: web, print, translation, offline.
    pub(crate) scope: Option<Vec<String>>,
    /// The storyteller approved the final text: `true`, or the fingerprint of that text.
    pub(crate) final_text_approved: Option<super::consent::Approval>,
    /// Pointer to the signed form kept offline.
    pub(crate) record_id: Option<String>,
    /// Consent ends on this date.
    pub(crate) expires: Option<FmDate>,
    /// Consent was withdrawn.
    pub(crate) withdrawn: Option<Withdrawn>,
}

/// A review: who did it and when.
#[derive(Debug, Default)]
pub(crate) struct ReviewFm {
    /// Who reviewed it: a name or role.
    pub(crate) by: Option<String>,
    /// When.
    pub(crate) date: Option<FmDate>,
}

/// One contact in a guide.
#[derive(Debug, Default)]
pub(crate) struct ContactFm {
    /// Its place in the `contacts` list (from 0).
    pub(crate) index: usize,
    /// Service or person.
    pub(crate) name: Option<String>,
    /// Number to call.
    pub(crate) phone: Option<String>,
    /// Number to text.
    pub(crate) text: Option<String>,
    /// Web address.
    pub(crate) url: Option<String>,
    /// Opening hours.
    pub(crate) hours: Option<String>,
    /// Languages (BCP 47).
    pub(crate) languages: Vec<String>,
    /// Anything else.
    pub(crate) notes: Option<String>,
}

/// The fields of a page's or section's front matter.
const PAGE_FIELDS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "tags",
    "draft",
    "slug",
    "weight",
    "template",
    "aliases",
    "search",
    "print",
    "language",
    "taxonomies",
    "extra",
    "author_display",
    "real_name_consent",
    "pull_quote",
    "content_notes",
    "collapse",
    "safe_messaging_reviewed",
    "safe_messaging_review",
    "consent",
    "last_reviewed",
    "review_every",
    "audience",
    "contacts",
    "type",
    "sort_by",
    "paginate_by",
];
/// The fields of `consent`.
const CONSENT_FIELDS: &[&str] = &[
    "date",
    "scope",
    "final_text_approved",
    "record_id",
    "expires",
    "withdrawn",
];
/// The fields of `safe_messaging_review`.
const REVIEW_FIELDS: &[&str] = &["by", "date"];
/// The fields of each of `contacts`.
const CONTACT_FIELDS: &[&str] = &["name", "phone", "text", "url", "hours", "languages", "notes"];

/// Front matter read from a file: the values that could be read, the tree with every key's
/// and value's place (for later checks), and every problem found while reading.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// The readable values.
    pub(crate) fm: FrontMatter,
    /// The tree, `None` without front matter.
    pub(crate) tree: Option<Node>,
    /// Unknown keys and values of the wrong kind, each at its place.
    pub(crate) problems: Vec<Diagnostic>,
}

/// Reads the front matter of `split`. Only front matter that is not valid YAML or TOML at all
/// is an `Err` (its first syntax error); everything else is read key by key, and every unknown
/// key and unreadable value is one of `problems`, at its absolute position in `source`.
pub(crate) fn parse(source: &str, split: &Split<'_>, file: &Path) -> Result<Parsed, Diagnostic> {
    let front = split.front;
    let tree = match split.format {
        None => return Ok(Parsed::default()),
        Some(_) if front.trim().is_empty() => return Ok(Parsed::default()),
        Some(Format::Yaml) => tree::parse_yaml(front).map_err(|e| {
            let inner = e.without_snippet();
            let raw = inner.to_string();
            let message = strip_location(&raw);
            let mut d = Diagnostic::error(plain_serde_message(&message)).in_file(file);
            if let Some(loc) = e.location() {
                let (fl, _) = line_col(source, split.front_offset);
                // The parser's own line count takes a lone carriage return for a line break;
                // lines here are counted as everywhere else, from the byte offset.
                let span = loc.span();
                let byte = span.byte_offset().map(|b| b as usize).or_else(|| {
                    let chars = span.offset() as usize;
                    Some(front.char_indices().nth(chars).map_or(front.len(), |(i, _)| i))
                });
                let (line, col) = match byte {
                    Some(b) if loc.line() > 0 => line_col(front, b.min(front.len())),
                    _ => (loc.line() as usize, loc.column() as usize),
                };
                // A `[` or `{` left open makes the parser trip on a later line: point at it.
                if let Some((line, col, bracket)) = unclosed_bracket(front, line) {
                    let close = if bracket == '[' { ']' } else { '}' };
                    return Diagnostic::error(format!(
                        "this `{bracket}` is never closed, so the lines after it cannot be read"
                    ))
                    .in_file(file)
                    .at_in(source, fl + line - 1, col)
                    .hint(format!(
                        "close it with `{close}` on the same line, e.g. `tags: [housing, family]`; if the `{bracket}` is part of the text, put the whole value in \"quotes\""
                    ));
                }
                d = d.at_in(source, fl + line - 1, col);
            }
            let hint = match unknown_field_hint(&message) {
                Some(h) if h.contains("Known fields") => h,
                Some(_) => unknown_hint(&message),
                None => yaml_hint(&message),
            };
            d.hint(hint)
        })?,
        Some(Format::Toml) => tree::parse_toml(front).map_err(|e| {
            let message = e.message().trim().to_owned();
            let mut d = Diagnostic::error(plain_serde_message(&message)).in_file(file);
            if let Some(span) = e.span() {
                d = d.at_offset(source, split.front_offset + span.start);
            }
            d.hint(unknown_field_hint(&message).unwrap_or_else(|| {
                "check the TOML syntax: `key = \"text\"`, lists in [brackets], dates as 2026-03-14".into()
            }))
        })?,
    };
    let mut r = Reader {
        source,
        front,
        offset: split.front_offset,
        file,
        yaml: split.format == Some(Format::Yaml),
        problems: Vec::new(),
        unreadable: Vec::new(),
    };
    let mut fm = FrontMatter::default();
    if let Some(entries) = r.table("", &tree) {
        for e in entries {
            r.page_field(&mut fm, e);
        }
    }
    fm.unreadable = r.unreadable;
    Ok(Parsed {
        fm,
        tree: Some(tree),
        problems: r.problems,
    })
}

/// `true`/`yes`/`y`/`on` and `false`/`no`/`n`/`off`, in any case.
fn yaml11_bool(s: &str) -> Option<bool> {
    let t = s.trim();
    if ["true", "yes", "y", "on"].iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if ["false", "no", "n", "off"].iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(false)
    } else {
        None
    }
}

/// A dotted path as editors count: `contacts.0.phone` → `contacts[1].phone`.
fn display_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, part) in path.split('.').enumerate() {
        match part.parse::<usize>() {
            Ok(n) => out.push_str(&format!("[{}]", n + 1)),
            Err(_) if i == 0 => out.push_str(part),
            Err(_) => {
                out.push('.');
                out.push_str(part);
            }
        }
    }
    out
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

/// Every field name front matter knows, for "did you mean" hints.
pub(crate) fn known_fields() -> Vec<&'static str> {
    let mut v = PAGE_FIELDS.to_vec();
    v.extend(CONSENT_FIELDS);
    v.extend(REVIEW_FIELDS);
    v.extend(CONTACT_FIELDS);
    v
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

/// The first `[` or `{` still open (outside quotes and comments) when the parser failed on
/// `error_line` (1-based, in `front`): (line, column, the bracket).
fn unclosed_bracket(front: &str, error_line: usize) -> Option<(usize, usize, char)> {
    let mut open: Vec<(usize, usize, char)> = Vec::new();
    for (i, line) in front.lines().take(error_line.saturating_sub(1)).enumerate() {
        let mut quote = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            let after_space = prev.is_whitespace();
            prev = c;
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if after_space => break,
                (None, '[' | '{') => open.push((i + 1, col + 1, c)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    open.first().copied()
}

#[cfg(test)]
mod tests;
