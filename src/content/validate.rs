//! Front matter → model, with every problem located at its line in the file.

use super::address::{logical_path, page_stem, url_path};
use super::consent::{StoryRecord, Withheld};
use super::frontmatter::{self, Parsed, Split};
use super::model::{ContentType, Excluded, Kind, Page, Section, SortBy};
use super::{LoadOptions, content_file, page_terms};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::util::text::{did_you_mean, slugify};
use crate::util::tree::{Node, Value};

/// What became of one Markdown file.
pub(super) enum PageOutcome {
    /// Published, with warnings.
    Published(Box<Page>, Vec<Diagnostic>),
    /// A draft, not built: its path, the address it would have had, and its problems as
    /// warnings.
    Draft(String, String, Vec<Diagnostic>),
    /// A story left out because of consent.
    Excluded(Excluded, Vec<Diagnostic>),
    /// Errors, and the page as far as it could be read when its front matter could (its body
    /// is still rendered, so its links are checked too).
    Failed(Vec<Diagnostic>, Option<Box<Page>>),
}

/// Points at the keys and values of the front matter by their spans in the file, so that
/// checks after reading can report the exact line and column.
pub(super) struct Locator<'a> {
    pub(super) source: &'a str,
    pub(super) split: &'a Split<'a>,
    /// The front matter's tree (`None` without front matter).
    pub(super) tree: Option<&'a Node>,
    pub(super) file: std::path::PathBuf,
}

impl Locator<'_> {
    /// Line and column of a byte offset in the front-matter text.
    fn at(&self, offset: usize) -> (usize, usize) {
        line_col(self.source, self.split.front_offset + offset)
    }

    /// The deepest key (or list item) of `path` that is written, and the value under it.
    /// A path segment that is a number picks an item of a list (`contacts`, `0`, `phone`).
    fn find(&self, path: &[&str]) -> Option<(usize, &Node)> {
        self.tree?.find(path)
    }

    /// Line and column of a field's key, following nested keys (`consent`, `date`); the
    /// deepest one written, or the opening fence when none is.
    pub(super) fn field(&self, path: &[&str]) -> (usize, usize) {
        match self.find(path) {
            Some((start, _)) => self.at(start),
            None => {
                let (first_line, _) = line_col(self.source, self.split.front_offset);
                (first_line.saturating_sub(1).max(1), 1)
            }
        }
    }

    /// Line and column of `value` under a field: the list item written as `value`, or the
    /// field's own value; the field's key when neither is found.
    pub(super) fn value(&self, path: &[&str], value: &str) -> (usize, usize) {
        let Some((key, node)) = self.find(path) else {
            return self.field(path);
        };
        let is = |n: &Node| match &n.value {
            Value::Str(s) => s == value,
            Value::List(_) | Value::Map(_) => false,
            _ => self
                .split
                .front
                .get(n.start..n.end)
                .is_some_and(|raw| raw.trim() == value),
        };
        match &node.value {
            Value::List(items) => items.iter().find(|n| is(n)).map_or(self.at(key), |n| self.at(n.start)),
            Value::Map(_) => self.at(key),
            _ => self.at(node.start),
        }
    }

    pub(super) fn error_at(&self, (line, col): (usize, usize), msg: String, hint: impl Into<String>) -> Diagnostic {
        Diagnostic::error(msg)
            .in_file(&self.file)
            .at_in(self.source, line, col)
            .hint(hint)
    }

    pub(super) fn err(&self, path: &[&str], msg: String, hint: impl Into<String>) -> Diagnostic {
        self.error_at(self.field(path), msg, hint)
    }

    pub(super) fn warn(&self, path: &[&str], msg: String, hint: impl Into<String>) -> Diagnostic {
        let mut d = self.err(path, msg, hint);
        d.severity = crate::diagnostics::Severity::Warning;
        d
    }
}

/// Validates one section folder and its optional `_index.md` (`_index.es.md` for another
/// language). `original` is the same folder in the default language, whose type and title a
/// translation keeps unless its own file says otherwise.
pub(super) fn section(
    rel: &str,
    source: Option<String>,
    parent: Option<ContentType>,
    original: Option<&Section>,
    config: &Config,
    diags: &Diagnostics,
) -> Section {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let default_type = match (name, original) {
        (_, Some(o)) => o.content_type,
        ("stories", _) => ContentType::Story,
        ("guides", _) => ContentType::Guide,
        _ => parent.unwrap_or(ContentType::Page),
    };
    let prefix = &config.lang.prefix;
    let url = if rel.is_empty() {
        format!("{prefix}/")
    } else {
        format!("{prefix}/{}/", url_path(rel))
    };
    let mut section = Section {
        path: rel.to_owned(),
        file: None,
        source: String::new(),
        body_offset: 0,
        url,
        title: match original {
            _ if rel.is_empty() => config.title.clone(),
            Some(o) => o.title.clone(),
            None => capitalize(&name.replace(['-', '_'], " ")),
        },
        summary: None,
        content_type: default_type,
        sort_by: SortBy::Date,
        paginate_by: None,
        template: None,
        weight: None,
        extra: serde_json::Value::Null,
    };
    let Some(source) = source else { return section };
    let index = format!("_index{}.md", config.lang.suffix().unwrap_or_default());
    let file = content_file(&if rel.is_empty() {
        index
    } else {
        format!("{rel}/{index}")
    });
    let split = match frontmatter::split(&source) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d.in_file(&file));
            return section;
        }
    };
    let Parsed { fm, tree, problems } = match frontmatter::parse(&source, &split, &file) {
        Ok(p) => p,
        Err(d) => {
            diags.push(d);
            return section;
        }
    };
    diags.extend(problems);
    let loc = Locator {
        source: &source,
        split: &split,
        tree: tree.as_ref(),
        file: file.clone(),
    };
    if let Some(kind) = &fm.kind {
        match kind.as_str() {
            "story" => section.content_type = ContentType::Story,
            "guide" => section.content_type = ContentType::Guide,
            "page" => section.content_type = ContentType::Page,
            other => diags.push(loc.err(
                &["type"],
                format!("unknown section type \"{other}\""),
                "use `type: story`, `type: guide` or `type: page`",
            )),
        }
    }
    if let Some(sort) = &fm.sort_by {
        match sort.as_str() {
            "date" => section.sort_by = SortBy::Date,
            "title" => section.sort_by = SortBy::Title,
            "weight" => section.sort_by = SortBy::Weight,
            other => diags.push(loc.err(
                &["sort_by"],
                format!("unknown sort order \"{other}\""),
                "use `sort_by: date` (newest first), `title` (A to Z) or `weight`",
            )),
        }
    }
    if fm.paginate_by == Some(0) {
        diags.push(loc.err(
            &["paginate_by"],
            "`paginate_by` must be at least 1".into(),
            "10 is a good size",
        ));
    }
    for (field, used) in [
        ("consent", fm.consent.is_some()),
        ("contacts", fm.contacts.is_some()),
        ("author_display", fm.author_display.is_some()),
        ("last_reviewed", fm.last_reviewed.is_some()),
    ] {
        if used {
            diags.push(loc.err(
                &[field],
                format!("`{field}` belongs in a story or guide, not in a section's _index.md"),
                "move it to the page it describes",
            ));
        }
    }
    if let Some(t) = fm.title {
        section.title = t;
    }
    section.summary = fm.summary;
    section.paginate_by = fm.paginate_by.filter(|n| *n > 0);
    section.template = fm.template;
    section.weight = fm.weight;
    section.extra = fm.extra.unwrap_or(serde_json::Value::Null);
    section.body_offset = split.body_offset;
    section.file = Some(file);
    section.source = source;
    section
}

/// Validates one page. Stories also give their record for the consent register.
pub(super) fn page(
    rel: &str,
    section: &str,
    source: String,
    content_type: ContentType,
    config: &Config,
    opts: LoadOptions,
    original: Option<&StoryRecord>,
) -> (PageOutcome, Option<StoryRecord>) {
    let file = content_file(rel);
    // A story whose front matter cannot be read is still listed by the register.
    let unreadable = || {
        (content_type == ContentType::Story).then(|| StoryRecord {
            path: rel.to_owned(),
            url: String::new(),
            title: String::new(),
            display_name: String::new(),
            consent: Default::default(),
            draft: false,
            has_errors: true,
            fingerprint: String::new(),
            translation_of: None,
        })
    };
    let split = match frontmatter::split(&source) {
        Ok(s) => s,
        Err(d) => return (PageOutcome::Failed(vec![d.in_file(&file)], None), unreadable()),
    };
    // Unknown keys and unreadable values are reported, and every other check still runs on
    // what could be read.
    let Parsed {
        mut fm,
        tree,
        problems: mut errors,
    } = match frontmatter::parse(&source, &split, &file) {
        Ok(p) => p,
        Err(d) => return (PageOutcome::Failed(vec![d], None), unreadable()),
    };
    // Front matter that could not be read whole (unknown keys, values of the wrong kind) stops
    // the build even for a draft, as it always has; a draft's other problems are warnings.
    let read_problems = errors.len();
    let loc = Locator {
        source: &source,
        split: &split,
        tree: tree.as_ref(),
        file: file.clone(),
    };
    let mut warnings = Vec::new();

    let title = match fm.title.take().map(|t| t.trim().to_owned()) {
        Some(t) if !t.is_empty() => t,
        _ if fm.unreadable("title") => String::new(),
        _ => {
            let (line, col) = if split.format.is_some() {
                loc.field(&["title"])
            } else {
                (1, 1)
            };
            errors.push(loc.error_at(
                (line, col),
                "this page has no title".into(),
                if split.format.is_some() {
                    "add a line like `title: How to find a support group` to the front matter"
                } else {
                    "start the file with front matter:\n  ---\n  title: Your page title\n  ---"
                },
            ));
            String::new()
        }
    };
    for (field, used) in [
        ("type", fm.kind.is_some()),
        ("sort_by", fm.sort_by.is_some()),
        ("paginate_by", fm.paginate_by.is_some()),
    ] {
        if used {
            errors.push(loc.err(
                &[field],
                format!("`{field}` is a section setting and only works in a folder's _index.md"),
                "move it to _index.md in this folder, or remove it",
            ));
        }
    }
    if let Some(l) = &fm.language
        && !crate::util::text::is_bcp47(l)
    {
        errors.push(loc.err(
            &["language"],
            format!("`language: {l}` is not a BCP 47 language tag"),
            "use a code like `es`, `en-US` or `pt-BR`",
        ));
    }
    if let (Some(d), Some(u)) = (fm.date, fm.updated)
        && u < d
    {
        warnings.push(loc.warn(
            &["updated"],
            "`updated` is earlier than `date`".into(),
            "check both dates",
        ));
    }
    let stem = page_stem(rel, &config.lang);
    let slug = match &fm.slug {
        Some(s) => {
            let clean = slugify(s);
            if clean.is_empty() || clean != *s {
                errors.push(loc.err(
                    &["slug"],
                    format!("the slug \"{s}\" can't be used in a web address"),
                    if clean.is_empty() {
                        "use lowercase letters, digits and hyphens".to_owned()
                    } else {
                        format!("use `slug: {clean}`")
                    },
                ));
            }
            clean
        }
        None => slugify(stem),
    };
    if slug.is_empty() {
        errors.push(loc.err(
            &["title"],
            format!("the file name \"{stem}\" gives an empty web address"),
            "rename the file with letters or digits, or add a `slug`",
        ));
    }
    let prefix = &config.lang.prefix;
    let url = if section.is_empty() {
        format!("{prefix}/{slug}/")
    } else {
        format!("{prefix}/{}/{slug}/", url_path(section))
    };

    let terms = page_terms(&mut fm, config);
    for (name, values) in &terms {
        for v in values {
            if slugify(v).is_empty() {
                let path = if name == "tags" || name == "audience" {
                    vec![name.as_str()]
                } else {
                    vec!["taxonomies", name.as_str()]
                };
                errors.push(loc.error_at(
                    loc.value(&path, v),
                    format!("the {name} value \"{v}\" has no letters or digits"),
                    "write a word, such as `housing`",
                ));
            }
        }
    }
    if !fm.tags.is_empty() {
        errors.push(loc.err(
            &["tags"],
            "this site has no `tags` taxonomy".into(),
            "add \"tags\" to `taxonomies` in trailhead.toml, or remove `tags`",
        ));
    }
    let known: Vec<String> = config.taxonomies.iter().map(|t| t.settings().name).collect();
    for name in fm.taxonomies.keys() {
        let hint = match did_you_mean(name, known.iter().map(String::as_str)) {
            Some(m) => format!("did you mean `{m}`? Taxonomies are listed in trailhead.toml"),
            None => "add it to `taxonomies` in trailhead.toml, or remove it".to_owned(),
        };
        errors.push(loc.err(&["taxonomies", name], format!("unknown taxonomy `{name}`"), hint));
    }
    for a in &fm.aliases {
        if !a.starts_with('/') || a.contains("..") {
            errors.push(loc.error_at(
                loc.value(&["aliases"], a),
                format!("the alias \"{a}\" is not a path on this site"),
                "write old addresses as paths from the site root, e.g. /old/page/",
            ));
        }
    }

    let story_fields = [
        ("author_display", fm.author_display.is_some()),
        ("content_notes", fm.content_notes.is_some()),
        ("consent", fm.consent.is_some()),
        ("collapse", fm.collapse.is_some()),
        ("safe_messaging_reviewed", fm.safe_messaging_reviewed.is_some()),
        ("safe_messaging_review", fm.safe_messaging_review.is_some()),
        ("real_name_consent", fm.real_name_consent.is_some()),
        ("pull_quote", fm.pull_quote.is_some()),
    ];
    let guide_fields = [
        ("last_reviewed", fm.last_reviewed.is_some()),
        ("review_every", fm.review_every.is_some()),
        ("contacts", fm.contacts.is_some()),
    ];
    let misplaced = |fields: &[(&str, bool)], owner: &str, errors: &mut Vec<Diagnostic>| {
        for (field, used) in fields {
            if *used {
                errors.push(loc.err(
                    &[field],
                    format!(
                        "`{field}` only applies to {owner}, and this page is in a section of type \"{}\"",
                        content_type.name()
                    ),
                    format!("remove it, or move the page into a section of {owner}"),
                ));
            }
        }
    };

    let mut withheld = None;
    let mut record = None;
    let kind = match content_type {
        ContentType::Page => {
            misplaced(&story_fields, "stories", &mut errors);
            misplaced(&guide_fields, "guides", &mut errors);
            Kind::Page
        }
        ContentType::Guide => {
            misplaced(&story_fields, "stories", &mut errors);
            super::guide::guide(&mut fm, &loc, config, opts, &mut errors, &mut warnings)
        }
        ContentType::Story => {
            misplaced(&guide_fields, "guides", &mut errors);
            let body = &source[split.body_offset..];
            let story = super::story::story(
                &mut fm,
                &loc,
                config,
                opts,
                super::story::StoryText { body, original },
                &mut errors,
                &mut warnings,
            );
            withheld = story.withheld;
            record = Some(StoryRecord {
                path: rel.to_owned(),
                url: url.clone(),
                title: title.clone(),
                display_name: story.display_name,
                consent: story.consent,
                draft: fm.draft,
                has_errors: !errors.is_empty(),
                fingerprint: super::consent::fingerprint(body),
                translation_of: original.map(|o| o.path.clone()),
            });
            story.kind
        }
    };
    // A withdrawn or expired story is left out even when the file has other problems: a
    // storyteller's withdrawal never waits for an editor to fix the file first.
    // A draft that is not built may still be incomplete (consent is often gathered while the
    // story is written): its problems are warnings until it is published.
    // The print pack: a story only when its storyteller agreed to print.
    let print = match (&kind, fm.print) {
        (Kind::Story(st), Some(true)) => {
            match super::consent::decide(&st.consent, super::consent::Output::Print, opts.today) {
                Ok(()) => true,
                Err(why) => {
                    warnings.push(loc.warn(
                    &["print"],
                    format!("this story is marked `print: true`, but {why}, so it is left out of the print pack"),
                    "ask the storyteller whether their story may be printed; with their agreement add `print` to `consent.scope`, else remove `print: true`",
                ));
                    false
                }
            }
        }
        (_, p) => p.unwrap_or(false),
    };
    let summary_warning = match &kind {
        Kind::Story(st) if !st.content_notes.is_empty() && fm.summary.is_none() => Some(loc.warn(
            &["content_notes"],
            "this story has content notes but no `summary`".into(),
            "listings never show the body of a story with content notes; add a calm one-sentence `summary` so readers know what it is about",
        )),
        _ => None,
    };
    let body_offset = split.body_offset;
    drop(loc);
    let page = Box::new(Page {
        path: rel.to_owned(),
        file,
        body_offset,
        section: section.to_owned(),
        url,
        title,
        date: fm.date.map(|d| d.0),
        updated: fm.updated.map(|d| d.0),
        summary: fm.summary,
        terms,
        weight: fm.weight,
        template: fm.template,
        aliases: fm.aliases,
        search: fm.search.unwrap_or(true),
        print,
        language: fm.language,
        extra: fm.extra.unwrap_or(serde_json::Value::Null),
        draft: fm.draft,
        kind,
        places: places(tree.as_ref(), split.front_offset),
        key: logical_path(rel, &config.lang),
        source,
    });
    let gone = matches!(withheld, Some(Withheld::Withdrawn(_) | Withheld::Expired(_)));
    let left_out_draft = fm.draft && !opts.drafts;
    if !errors.is_empty() && !gone && !left_out_draft {
        // Its body is still rendered and its links checked, for the editor.
        return (PageOutcome::Failed(errors, Some(page)), record);
    }
    let why = if gone {
        "the story is left out"
    } else {
        "the page is a draft"
    };
    if left_out_draft && !gone && read_problems > 0 {
        let mut all: Vec<Diagnostic> = errors.drain(..read_problems).collect();
        for mut e in errors.into_iter().chain(warnings) {
            if e.is_error() {
                e.severity = crate::diagnostics::Severity::Warning;
                e.message = format!("{} ({why}, so this does not stop the build)", e.message);
            }
            all.push(e);
        }
        return (PageOutcome::Failed(all, None), record);
    }
    for mut e in errors {
        e.severity = crate::diagnostics::Severity::Warning;
        e.message = format!("{} ({why}, so this does not stop the build)", e.message);
        warnings.push(e);
    }
    if left_out_draft && !gone {
        return (PageOutcome::Draft(page.path, page.url, warnings), record);
    }
    if let Some(w) = withheld {
        return (
            PageOutcome::Excluded(
                Excluded {
                    path: page.path,
                    url: page.url,
                    title: page.title,
                    reason: w.to_string(),
                },
                warnings,
            ),
            record,
        );
    }
    warnings.extend(summary_warning);
    (PageOutcome::Published(page, warnings), record)
}

/// The places of the keys that later checks point at (see [`Page::place`]).
fn places(tree: Option<&Node>, front_offset: usize) -> Vec<(String, usize)> {
    let Some(Node {
        value: Value::Map(entries),
        ..
    }) = tree
    else {
        return Vec::new();
    };
    let mut places = Vec::new();
    for e in entries
        .iter()
        .filter(|e| matches!(e.key.as_str(), "slug" | "template" | "aliases"))
    {
        places.push((e.key.clone(), front_offset + e.key_start));
        if let Value::List(items) = &e.value.value {
            for (i, item) in items.iter().enumerate() {
                places.push((format!("{}.{i}", e.key), front_offset + item.start));
            }
        }
    }
    places
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
