//! Splitting a Markdown file into front matter and body, and parsing the front matter
//! (YAML between `---` lines, or TOML between `+++` lines) with absolute error positions.

use std::collections::BTreeMap;
use std::path::Path;

use super::consent::Approval;
use crate::config::{plain_serde_message, unknown_field_hint};
use crate::diagnostics::{Diagnostic, line_col};
use crate::util::dates::{FmDate, Withdrawn};
use crate::util::text::did_you_mean;
use crate::util::tree::{self, Entry, Node, Value};

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
    "language",
    "taxonomies",
    "extra",
    "author_display",
    "real_name_consent",
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
                // A `[` or `{` left open makes the parser trip on a later line: point at it.
                if let Some((line, col, bracket)) = unclosed_bracket(front, loc.line() as usize) {
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
                d = d.at_in(source, fl + loc.line() as usize - 1, loc.column() as usize);
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

/// Reads values out of the tree, noting every problem.
struct Reader<'a> {
    source: &'a str,
    front: &'a str,
    offset: usize,
    file: &'a Path,
    yaml: bool,
    problems: Vec<Diagnostic>,
    unreadable: Vec<String>,
}

impl Reader<'_> {
    fn problem(&mut self, at: usize, message: String, hint: impl Into<String>) {
        self.problems.push(
            Diagnostic::error(message)
                .in_file(self.file)
                .at_offset(self.source, self.offset + at)
                .hint(hint),
        );
    }

    /// A value of the wrong kind: reported at the value, and remembered as unreadable.
    fn wrong(&mut self, path: &str, node: &Node, expected: &str, hint: &str) {
        self.unreadable.push(path.to_owned());
        let found = node.value.describe();
        self.problem(
            node.start,
            format!(
                "wrong kind of value for `{}`: found {found}, expected {expected}",
                display_path(path)
            ),
            hint,
        );
    }

    fn unknown(&mut self, e: &Entry, known: &[&str]) {
        let name = e.key.as_str();
        let hint = match did_you_mean(name, known.iter().copied()) {
            Some(m) => format!("did you mean `{m}`? Known fields here: {}", known.join(", ")),
            None => match did_you_mean(name, known_fields()) {
                Some(m) => format!("did you mean `{m}`? Known fields here: {}", known.join(", ")),
                None => format!(
                    "remove this field, or check its spelling. Known fields here: {}",
                    known.join(", ")
                ),
            },
        };
        self.problem(e.key_start, format!("unknown setting `{name}`"), hint);
    }

    fn duplicate(&mut self, e: &Entry) {
        self.problem(
            e.key_start,
            format!("duplicate field `{}`", e.key),
            "each field may appear only once; remove one of them",
        );
    }

    /// The entries of a table.
    fn table<'n>(&mut self, path: &str, node: &'n Node) -> Option<&'n [Entry]> {
        match &node.value {
            Value::Map(entries) => {
                for (i, e) in entries.iter().enumerate() {
                    if entries[..i].iter().any(|o| o.key == e.key) {
                        self.duplicate(e);
                    }
                }
                Some(entries)
            }
            Value::Null if !path.is_empty() => None,
            _ if path.is_empty() => {
                self.problem(
                    node.start,
                    format!(
                        "the front matter must be fields such as `title: …`, not {}",
                        node.value.describe()
                    ),
                    "write one `key: value` field a line between the fences",
                );
                None
            }
            _ => {
                self.wrong(
                    path,
                    node,
                    "a group of fields",
                    "write its fields on the lines below it, indented, like `  date: 2026-01-15`",
                );
                None
            }
        }
    }

    /// Text. In YAML a plain scalar that looks like a number or true/false is taken as written.
    fn string(&mut self, path: &str, node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Null => None,
            Value::Bool(_) | Value::Int(_) | Value::Float(_) if self.yaml => {
                Some(self.front.get(node.start..node.end).unwrap_or("").trim().to_owned())
            }
            _ => {
                self.wrong(path, node, "text", "write text, in \"quotes\" if it contains a colon");
                None
            }
        }
    }

    fn bool(&mut self, path: &str, node: &Node) -> Option<bool> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            // As serde-saphyr reads a `bool`: YAML 1.1 words too, quoted or not.
            Value::Str(s) if self.yaml && yaml11_bool(s).is_some() => yaml11_bool(s),
            _ => {
                self.wrong(path, node, "true or false", "write `true` or `false`");
                None
            }
        }
    }

    fn int(&mut self, path: &str, node: &Node) -> Option<i64> {
        match &node.value {
            Value::Int(i) => Some(*i),
            Value::Null => None,
            Value::Str(s) if self.yaml && s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            _ => {
                self.wrong(path, node, "a whole number", "write a whole number, such as 10");
                None
            }
        }
    }

    fn date(&mut self, path: &str, node: &Node) -> Option<FmDate> {
        let text = match &node.value {
            Value::Str(s) | Value::Date(s) => s.clone(),
            Value::Null => return None,
            Value::Int(i) => format!("{i}"),
            _ => {
                self.wrong(
                    path,
                    node,
                    "a date written as YYYY-MM-DD",
                    "write dates as YYYY-MM-DD, e.g. 2026-03-14",
                );
                return None;
            }
        };
        let text = match (&node.value, self.yaml) {
            (Value::Int(_), true) => self.front.get(node.start..node.end).unwrap_or(&text).trim().to_owned(),
            _ => text,
        };
        match FmDate::parse(&text) {
            Ok(d) => Some(d),
            Err(message) => {
                self.unreadable.push(path.to_owned());
                self.problem(node.start, message, "write dates as YYYY-MM-DD, e.g. 2026-03-14");
                None
            }
        }
    }

    /// A list of text; each item that is not text is reported on its own.
    fn strings(&mut self, path: &str, node: &Node) -> Option<Vec<String>> {
        match &node.value {
            Value::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    if let Some(s) = self.string(&format!("{path}.{i}"), item) {
                        out.push(s);
                    }
                }
                Some(out)
            }
            Value::Null => None,
            _ => {
                self.wrong(
                    path,
                    node,
                    "a list",
                    "write a list like [a, b], even for one value: [a]",
                );
                None
            }
        }
    }

    fn page_field(&mut self, fm: &mut FrontMatter, e: &Entry) {
        let v = &e.value;
        let k = e.key.as_str();
        match k {
            "title" => fm.title = self.string(k, v),
            "date" => fm.date = self.date(k, v),
            "updated" => fm.updated = self.date(k, v),
            "summary" => fm.summary = self.string(k, v),
            "tags" => fm.tags = self.strings(k, v).unwrap_or_default(),
            "draft" => fm.draft = self.bool(k, v).unwrap_or_default(),
            "slug" => fm.slug = self.string(k, v),
            "weight" => fm.weight = self.int(k, v),
            "template" => fm.template = self.string(k, v),
            "aliases" => fm.aliases = self.strings(k, v).unwrap_or_default(),
            "search" => fm.search = self.bool(k, v),
            "language" => fm.language = self.string(k, v),
            "taxonomies" => {
                if let Some(entries) = self.table(k, v) {
                    for t in entries {
                        if let Some(values) = self.strings(&format!("taxonomies.{}", t.key), &t.value) {
                            fm.taxonomies.insert(t.key.clone(), values);
                        }
                    }
                }
            }
            "extra" => fm.extra = Some(v.to_json()),
            "author_display" => fm.author_display = self.string(k, v),
            "real_name_consent" => fm.real_name_consent = self.bool(k, v),
            "content_notes" => fm.content_notes = self.strings(k, v),
            "collapse" => fm.collapse = self.bool(k, v),
            "safe_messaging_reviewed" => fm.safe_messaging_reviewed = self.bool(k, v),
            "safe_messaging_review" => {
                if let Some(entries) = self.table(k, v) {
                    let mut review = ReviewFm::default();
                    for f in entries {
                        let path = format!("{k}.{}", f.key);
                        match f.key.as_str() {
                            "by" => review.by = self.string(&path, &f.value),
                            "date" => review.date = self.date(&path, &f.value),
                            _ => self.unknown(f, REVIEW_FIELDS),
                        }
                    }
                    fm.safe_messaging_review = Some(review);
                }
            }
            "consent" => {
                if let Some(entries) = self.table(k, v) {
                    fm.consent = Some(self.consent(entries));
                }
            }
            "last_reviewed" => fm.last_reviewed = self.date(k, v),
            "review_every" => fm.review_every = self.string(k, v),
            "audience" => fm.audience = self.strings(k, v),
            "contacts" => match &v.value {
                Value::List(items) => {
                    let mut contacts = Vec::with_capacity(items.len());
                    for (index, item) in items.iter().enumerate() {
                        if let Some(entries) = self.table(&format!("contacts.{index}"), item) {
                            contacts.push(self.contact(index, entries));
                        }
                    }
                    fm.contacts = Some(contacts);
                }
                Value::Null => {}
                _ => self.wrong(
                    k,
                    v,
                    "a list of contacts",
                    "start each contact with `- name: …` on its own line under `contacts:`",
                ),
            },
            "type" => fm.kind = self.string(k, v),
            "sort_by" => fm.sort_by = self.string(k, v),
            "paginate_by" => match &v.value {
                Value::Int(n) if *n >= 0 => fm.paginate_by = usize::try_from(*n).ok(),
                Value::Null => {}
                _ => self.wrong(k, v, "a whole number, 1 or more", "10 is a good size"),
            },
            _ => self.unknown(e, PAGE_FIELDS),
        }
    }

    fn consent(&mut self, entries: &[Entry]) -> ConsentFm {
        let mut c = ConsentFm::default();
        for f in entries {
            let v = &f.value;
            let path = format!("consent.{}", f.key);
            match f.key.as_str() {
                "date" => c.date = self.date(&path, v),
                "scope" => c.scope = self.strings(&path, v),
                "final_text_approved" => {
                    c.final_text_approved = match &v.value {
                        Value::Bool(b) => Some(Approval::Flag(*b)),
                        Value::Null => None,
                        Value::Str(s) => match Approval::parse(s) {
                            Ok(a) => Some(a),
                            Err(message) => {
                                self.unreadable.push(path);
                                self.problem(
                                    v.start,
                                    message,
                                    "write `final_text_approved: true` once the storyteller approved the final text",
                                );
                                None
                            }
                        },
                        _ => {
                            self.wrong(
                                &path,
                                v,
                                "true, false, or the fingerprint of the approved text (\"sha256:…\")",
                                "write `final_text_approved: true` once the storyteller approved the final text",
                            );
                            None
                        }
                    }
                }
                "record_id" => c.record_id = self.string(&path, v),
                "expires" => c.expires = self.date(&path, v),
                // A withdrawal never fails on a typo: anything but true/false or a date counts
                // as withdrawn (with a warning from the story checks).
                "withdrawn" => {
                    c.withdrawn = match &v.value {
                        Value::Null => None,
                        Value::Bool(b) => Some(Withdrawn::Flag(*b)),
                        Value::Str(s) | Value::Date(s) => Some(Withdrawn::from_text(s)),
                        _ => Some(Withdrawn::Unclear),
                    }
                }
                _ => self.unknown(f, CONSENT_FIELDS),
            }
        }
        c
    }

    fn contact(&mut self, index: usize, entries: &[Entry]) -> ContactFm {
        let mut c = ContactFm {
            index,
            ..ContactFm::default()
        };
        for f in entries {
            let v = &f.value;
            let path = format!("contacts.{index}.{}", f.key);
            match f.key.as_str() {
                "name" => c.name = self.string(&path, v),
                "phone" => c.phone = self.string(&path, v),
                "text" => c.text = self.string(&path, v),
                "url" => c.url = self.string(&path, v),
                "hours" => c.hours = self.string(&path, v),
                "languages" => c.languages = self.strings(&path, v).unwrap_or_default(),
                "notes" => c.notes = self.string(&path, v),
                _ => self.unknown(f, CONTACT_FIELDS),
            }
        }
        c
    }
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
mod tests {
    use super::*;

    fn parsed(src: &str) -> Result<Parsed, Diagnostic> {
        let s = split(src)?;
        parse(src, &s, Path::new("x.md"))
    }

    fn fm(src: &str) -> FrontMatter {
        let p = parsed(src).unwrap();
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        p.fm
    }

    /// The one problem reading `src` gives.
    fn problem(src: &str) -> Diagnostic {
        let mut p = parsed(src).unwrap().problems;
        assert_eq!(p.len(), 1, "{p:?}");
        p.remove(0)
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
    fn yaml_problems_have_absolute_lines_and_columns() {
        let e = problem("---\ntitle: A\ndate: 2026-13-01\n---\n");
        assert_eq!((e.line, e.col), (3, 7), "{e}");
        assert!(e.message.contains("not a date"), "{e}");
        let e = problem("---\ntitle: A\ntgas: [x]\n---\n");
        assert_eq!((e.line, e.col), (3, 1), "{e}");
        assert!(e.hint.as_deref().unwrap().contains("did you mean `tags`?"), "{e}");
    }

    #[test]
    fn yaml_syntax_errors_stop_reading() {
        let e = parsed("---\ntitle: A\nsummary: [unclosed\n---\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn every_problem_is_reported() {
        let p = parsed("---\ntitle: [A]\ndraft: maybe\nconsent:\n  dat: 2026-01-01\n  expires: soon\n---\n").unwrap();
        let at: Vec<(usize, usize)> = p.problems.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, [(2, 8), (3, 8), (5, 3), (6, 12)], "{:?}", p.problems);
        assert!(p.fm.unreadable("title") && p.fm.unreadable("consent.expires"));
        assert!(p.fm.consent.is_some());
    }

    #[test]
    fn yaml_plain_numbers_are_text_where_text_is_expected() {
        let f = fm("---\ntitle: 1984\nconsent:\n  record_id: 007\n---\n");
        assert_eq!(f.title.as_deref(), Some("1984"));
        assert_eq!(f.consent.unwrap().record_id.as_deref(), Some("007"));
    }

    #[test]
    fn toml_problems_have_absolute_lines() {
        let e = problem("+++\ntitle = \"A\"\n\ndraft = \"yes\"\n+++\n");
        assert_eq!((e.line, e.col), (4, 9), "{e}");
        let f = fm("+++\ntitle = \"A\"\ndate = 2026-03-14\n+++\n");
        assert_eq!(f.date.unwrap().0, jiff::civil::date(2026, 3, 14));
        let e = problem("+++\ntitle = \"A\"\n[consent]\nscope = [\"web\"]\nrecord = \"F\"\n+++\n");
        assert_eq!((e.line, e.col), (5, 1), "{e}");
        assert!(e.hint.as_deref().unwrap().contains("did you mean `record_id`?"), "{e}");
    }

    #[test]
    fn withdrawn_accepts_bool_or_date() {
        let f = fm("---\nconsent:\n  withdrawn: 2026-10-02\n---\n");
        assert!(matches!(f.consent.unwrap().withdrawn, Some(Withdrawn::On(_))));
        let f = fm("---\nconsent:\n  withdrawn: true\n---\n");
        assert_eq!(f.consent.unwrap().withdrawn, Some(Withdrawn::Flag(true)));
        let f = fm("---\nconsent:\n  withdrawn: [x]\n---\n");
        assert_eq!(f.consent.unwrap().withdrawn, Some(Withdrawn::Unclear));
        let f = fm("+++\n[consent]\nwithdrawn = 2026-10-02\n+++\n");
        assert!(matches!(f.consent.unwrap().withdrawn, Some(Withdrawn::On(_))));
    }

    #[test]
    fn final_text_approved_is_a_flag_or_a_fingerprint() {
        let f = fm("---\nconsent:\n  final_text_approved: \"sha256:0123456789ab\"\n---\n");
        assert!(matches!(
            f.consent.unwrap().final_text_approved,
            Some(Approval::Fingerprint(_))
        ));
        let e = problem("---\nconsent:\n  final_text_approved: maybe\n---\n");
        assert!(e.message.contains("neither true, false"), "{e}");
    }
}
