//! Reading the front matter's values out of its tree, key by key: every unknown key and every
//! value of the wrong kind becomes a problem at its own place, and reading goes on.

use std::path::Path;

use super::*;
use crate::util::tree::{Entry, Node, Value};

/// Reads values out of the tree, noting every problem.
pub(super) struct Reader<'a> {
    pub(super) source: &'a str,
    pub(super) front: &'a str,
    pub(super) offset: usize,
    pub(super) file: &'a Path,
    pub(super) yaml: bool,
    pub(super) problems: Vec<Diagnostic>,
    pub(super) unreadable: Vec<String>,
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
    pub(super) fn table<'n>(&mut self, path: &str, node: &'n Node) -> Option<&'n [Entry]> {
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

    pub(super) fn page_field(&mut self, fm: &mut FrontMatter, e: &Entry) {
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
            "print" => fm.print = self.bool(k, v),
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
            "pull_quote" => fm.pull_quote = self.string(k, v),
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
