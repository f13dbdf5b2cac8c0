//! Content: walking `content/`, splitting and parsing front matter, and validating it into the
//! [`model`] (sections, plain pages, stories, guides). Stories whose consent is withdrawn,
//! expired or does not cover the web are left out here, so no later stage ever sees them.

mod address;
pub mod consent;
pub(crate) mod frontmatter;
mod guide;
pub(crate) mod model;
pub(crate) mod notes;
mod story;
mod validate;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::util::paths::{EntryKind, LARGE_FILE_BYTES, MAX_PAGE_BYTES, human_size};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use model::{Excluded, Page, Section};

/// The content folder's name.
pub(crate) const CONTENT_DIR: &str = "content";

/// Choices that change what is loaded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoadOptions {
    /// Include pages marked `draft`.
    pub(crate) drafts: bool,
    /// The date used for consent expiry and review checks.
    pub(crate) today: Date,
    /// Where the site goes: the website, or a copy for a folder or USB stick (`--portable`),
    /// which holds only stories whose consent covers `offline`.
    pub(crate) output: consent::Output,
}

/// All content of a site, validated.
#[derive(Debug, Default)]
pub(crate) struct Content {
    /// Published pages, sorted by path.
    pub(crate) pages: Vec<Page>,
    /// Sections (every folder), sorted by path; the root section `""` first.
    pub(crate) sections: Vec<Section>,
    /// Stories left out, and why.
    pub(crate) excluded: Vec<Excluded>,
    /// Pages that exist but are not published (drafts, left-out stories) → why.
    pub(crate) unpublished: HashMap<String, String>,
    /// The addresses those pages would have had → their path, so a link written as an
    /// address (`/stories/x/`) is caught too.
    pub(crate) unpublished_urls: HashMap<String, String>,
    /// Every story whose front matter could be read, published or not, for the register.
    pub(crate) stories: Vec<consent::StoryRecord>,
    /// The addresses of pages that have errors (from their file names): links to them are
    /// not reported as dead on top of their own errors.
    pub(crate) failed_urls: Vec<String>,
    /// Pages with errors whose front matter could be read: not published, but their bodies
    /// are rendered so their links are checked in the same run.
    pub(crate) failed_pages: Vec<Page>,
    /// Non-Markdown files under `content/` (images and such) that are published, and where.
    /// Files of a page bundle whose page is not published are not among them.
    pub(crate) assets: Vec<model::Asset>,
}

/// The other language a Markdown file is written in, by the end of its name
/// (`naloxone.es.md` → `es`); `None` for the default language's files.
pub(crate) fn language_of<'a>(rel: &str, config: &'a Config) -> Option<&'a str> {
    let stem = rel.trim_end_matches(".md");
    config
        .languages
        .keys()
        .find(|code| stem.strip_suffix(code.as_str()).is_some_and(|s| s.ends_with('.')))
        .map(String::as_str)
}

/// True for files editors' tools leave behind: hidden files, backups, swap files.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// Reads and validates everything under `root/content` written in `config.lang`: for the
/// default language every file not named for another language, for another language its
/// `<name>.<code>.md` files. `originals` is the default language's content, when loading
/// another (its sections' types and titles carry over).
pub(crate) fn load(
    root: &Path,
    config: &Config,
    opts: LoadOptions,
    originals: Option<&Content>,
    diags: &Diagnostics,
) -> Content {
    let dir = root.join(CONTENT_DIR);
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error("there is no `content` folder")
                .in_file(CONTENT_DIR)
                .hint("create a folder named `content` beside trailhead.toml and put your Markdown files in it"),
        );
        return Content::default();
    }
    let mut dirs = Vec::new();
    let mut files = Vec::new();
    let mut assets = Vec::new();
    let walker = WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e
                    .path()
                    .map(|p| crate::diagnostics::relative(root, p))
                    .unwrap_or_default();
                diags.push(Diagnostic::error(format!("cannot read this folder or file: {e}")).in_file(file));
                continue;
            }
        };
        let rel = match entry.path().strip_prefix(&dir) {
            Ok(r) => to_slash(r),
            Err(_) => continue,
        };
        let shown = Path::new(CONTENT_DIR).join(&rel);
        let kind = match crate::util::paths::entry_kind(&entry) {
            Ok(kind) => kind,
            Err((message, hint)) => {
                if config.lang.default {
                    diags.push(Diagnostic::error(message).in_file(&shown).hint(hint));
                }
                continue;
            }
        };
        if kind == EntryKind::Dir {
            dirs.push(rel);
        } else if rel.ends_with(".md") {
            if let EntryKind::File(len) = kind
                && len > MAX_PAGE_BYTES
            {
                if language_of(&rel, config) == (!config.lang.default).then_some(config.lang.code.as_str()) {
                    diags.push(
                        Diagnostic::error(format!(
                            "this page is {}, more than the {} a page may be",
                            human_size(len),
                            human_size(MAX_PAGE_BYTES)
                        ))
                        .in_file(&shown)
                        .hint("split it into several pages; if it is not a page (a log or an export), give it another extension or move it out of content/"),
                    );
                }
                continue;
            }
            let other = language_of(&rel, config);
            if other == (!config.lang.default).then_some(config.lang.code.as_str()) {
                if let Some(folder) = rel
                    .strip_suffix("/index.md")
                    .or_else(|| (rel == "index.md").then_some(""))
                {
                    // Zola and Hugo's page bundles (`x/index.md`) are written `x.md` beside `x/` here.
                    let name = folder.rsplit('/').next().unwrap_or(folder);
                    diags.push(
                        Diagnostic::warning(format!(
                            "`index.md` is a page of its own here, published at {}index/, not the page of its folder",
                            if folder.is_empty() { "/".to_owned() } else { format!("/{folder}/") }
                        ))
                        .in_file(&shown)
                        .hint(if folder.is_empty() {
                            "the home page is content/_index.md: rename this file to _index.md".to_owned()
                        } else {
                            format!("for a page with its own files, name it content/{folder}.md beside the folder content/{folder}/; for the text of the section {name}/, name it _index.md")
                        }),
                    );
                }
                files.push(rel);
            }
        } else if config.lang.default {
            if let EntryKind::File(len) = kind
                && len > LARGE_FILE_BYTES
            {
                diags.push(
                    Diagnostic::warning(format!(
                        "this file is {}: a reader on a slow phone connection may never finish loading it",
                        human_size(len)
                    ))
                    .in_file(&shown)
                    .hint("make it smaller (compress the video or audio, export the document again), or link to where it can be downloaded"),
                );
            }
            assets.push(rel);
        }
    }
    // Another language's files are found by their logical names (`_index.es.md` is the
    // folder's `_index.md`, `naloxone.es.md` stands beside `naloxone.md`).
    let suffix = config.lang.suffix();
    let logical = |rel: &str| address::logical_path(rel, &config.lang);

    let read = |rel: &str| read_source(&dir, rel);

    // Page bundles: a folder beside a page of the same name (`stories/x/` beside `stories/x.md`)
    // that holds no Markdown is that page's files, published beside the page, not a section.
    let logical_files: Vec<String> = files.iter().map(|f| logical(f)).collect();
    let bundles: Vec<String> = dirs
        .iter()
        .filter(|d| {
            !d.is_empty()
                && logical_files.contains(&format!("{d}.md"))
                && !files
                    .iter()
                    .any(|f| f.strip_prefix(d.as_str()).is_some_and(|r| r.starts_with('/')))
        })
        .cloned()
        .collect();
    dirs.retain(|d| !bundles.contains(d));

    // Sections first: pages need their section's content type.
    let mut sections: Vec<Section> = Vec::with_capacity(dirs.len());
    for rel in &dirs {
        let index_name = format!("_index{}.md", suffix.as_deref().unwrap_or(""));
        let index = if rel.is_empty() {
            index_name
        } else {
            format!("{rel}/{index_name}")
        };
        let source = if files.contains(&index) {
            match read(&index) {
                Ok(s) => Some(s),
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        } else {
            None
        };
        let parent = sections
            .iter()
            .rev()
            .find(|s| is_parent(&s.path, rel))
            .map(|s| s.content_type);
        let original = originals.and_then(|o| o.sections.iter().find(|s| s.path == *rel));
        sections.push(validate::section(rel, source, parent, original, config, diags));
    }
    let section_types: HashMap<&str, model::ContentType> =
        sections.iter().map(|s| (s.path.as_str(), s.content_type)).collect();

    let results: Vec<(&String, (validate::PageOutcome, Option<consent::StoryRecord>))> = files
        .par_iter()
        .filter(|rel| !logical(rel).ends_with("_index.md"))
        .map(|rel| {
            let source = match read(rel) {
                Ok(s) => s,
                Err(d) => return (rel, (validate::PageOutcome::Failed(vec![d], None), None)),
            };
            let section = parent_of(rel);
            let content_type = section_types.get(section).copied().unwrap_or(model::ContentType::Page);
            // A story's translation: its original's consent decides.
            let key = logical(rel);
            let original = originals
                .filter(|_| content_type == model::ContentType::Story)
                .and_then(|o| o.stories.iter().find(|s| s.path == key));
            (
                rel,
                validate::page(rel, section, source, content_type, config, opts, original),
            )
        })
        .collect();

    let mut content = Content {
        sections,
        ..Content::default()
    };
    for (rel, (outcome, record)) in results {
        content.stories.extend(record);
        match outcome {
            validate::PageOutcome::Published(page, warnings) => {
                diags.extend(warnings);
                content.pages.push(*page);
            }
            validate::PageOutcome::Draft(path, url, warnings) => {
                diags.extend(warnings);
                content.unpublished.insert(path.clone(), "it is a draft".into());
                content.unpublished_urls.insert(url, path);
            }
            validate::PageOutcome::Excluded(ex, warnings) => {
                diags.extend(warnings);
                content.unpublished.insert(ex.path.clone(), ex.reason.clone());
                content.unpublished_urls.insert(ex.url.clone(), ex.path.clone());
                content.excluded.push(ex);
            }
            validate::PageOutcome::Failed(ds, page) => {
                diags.extend(ds);
                content.failed_urls.push(address::default_url(rel, &config.lang));
                content.failed_pages.extend(page.map(|p| *p));
            }
        }
    }
    content.pages.sort_by(|a, b| a.path.cmp(&b.path));
    content.excluded.sort_by(|a, b| a.path.cmp(&b.path));
    content.stories.sort_by(|a, b| a.path.cmp(&b.path));
    content.assets = place_assets(assets, &bundles, &content.pages);
    if let Some(originals) = originals {
        withhold_orphans(&mut content, originals);
        // Another language has the folders where it has pages or its own `_index.<code>.md`.
        let used: Vec<&str> = content.pages.iter().map(|p| p.section.as_str()).collect();
        content.sections.retain(|s| {
            s.path.is_empty() || s.file.is_some() || used.iter().any(|u| is_parent(&s.path, u) || *u == s.path)
        });
    }
    // A published page can take the address a left-out story would have had.
    for p in &content.pages {
        content.unpublished_urls.remove(&p.url);
    }
    content
}

/// A translated story whose original is not published (a draft, left out, or with errors)
/// is left out too: a translation never outlives its original.
fn withhold_orphans(content: &mut Content, originals: &Content) {
    let mut kept = Vec::with_capacity(content.pages.len());
    for page in std::mem::take(&mut content.pages) {
        let orphan = page.story().is_some()
            && originals.stories.iter().any(|s| s.path == page.key)
            && !originals.pages.iter().any(|o| o.path == page.key);
        if !orphan {
            kept.push(page);
            continue;
        }
        let why = originals
            .unpublished
            .get(&page.key)
            .cloned()
            .unwrap_or_else(|| "it has errors".to_owned());
        let reason = format!("its original, content/{}, is not published ({why})", page.key);
        content.unpublished.insert(page.path.clone(), reason.clone());
        content.unpublished_urls.insert(page.url.clone(), page.path.clone());
        content.excluded.push(Excluded {
            path: page.path,
            url: page.url,
            title: page.title,
            reason,
        });
    }
    content.pages = kept;
    content.excluded.sort_by(|a, b| a.path.cmp(&b.path));
}

/// Where each file under `content/` is published: beside its page for a bundle's files (and
/// not at all when that page is not published), else at the same path.
fn place_assets(assets: Vec<String>, bundles: &[String], pages: &[Page]) -> Vec<model::Asset> {
    let urls: HashMap<&str, &str> = pages.iter().map(|p| (p.path.as_str(), p.url.as_str())).collect();
    assets
        .into_iter()
        .filter_map(|src| {
            let bundle = bundles
                .iter()
                .filter(|b| src.strip_prefix(b.as_str()).is_some_and(|r| r.starts_with('/')))
                .max_by_key(|b| b.len());
            let out = match bundle {
                Some(b) => {
                    let url = urls.get(format!("{b}.md").as_str())?;
                    format!("{}{}", url.trim_start_matches('/'), &src[b.len() + 1..])
                }
                None => src.clone(),
            };
            Some(model::Asset { src, out })
        })
        .collect()
}

/// Reads a Markdown file under `content/` as UTF-8 text.
fn read_source(dir: &Path, rel: &str) -> Result<String, Diagnostic> {
    let file = Path::new(CONTENT_DIR).join(rel);
    let bytes = std::fs::read(dir.join(rel)).map_err(|e| {
        let d = Diagnostic::error(format!("cannot read the file: {e}")).in_file(&file);
        if e.kind() == std::io::ErrorKind::NotFound {
            // Listed a moment ago: deleted or renamed while it was being read.
            d.hint("it was deleted or renamed while Trailhead was reading it; if that was on purpose, nothing needs doing (the next build, or the preview's next rebuild, goes without it)")
        } else {
            d
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, col) = line_col(&text, valid);
        Diagnostic::error("this file is not UTF-8 text")
            .in_file(&file)
            .at(line, col)
            .hint("save the file as UTF-8 (in most editors: File → Save with encoding → UTF-8)")
    })?;
    match forbidden_character(&text) {
        None => Ok(text),
        Some((offset, c)) => {
            let more = text[offset + c.len_utf8()..]
                .chars()
                .filter(|&c| is_forbidden(c))
                .count();
            Err(Diagnostic::error(format!(
                "this file contains an invisible control character (U+{:04X}), which cannot be part of a web page{}",
                c as u32,
                match more {
                    0 => String::new(),
                    1 => " (and 1 more after it)".to_owned(),
                    n => format!(" (and {n} more after it)"),
                }
            ))
            .in_file(&file)
            .at_offset(&text, offset)
            .hint("delete it: such characters come from copying out of a PDF, a word processor or a broken file; if this is not a text file, move it out of content/"))
        }
    }
}

/// Characters HTML forbids in a page (the parser reports each as an error and browsers show
/// them as boxes or drop them): NUL and other control characters but tab, line feed, form
/// feed and carriage return, C1 controls, and Unicode noncharacters.
fn is_forbidden(c: char) -> bool {
    let n = c as u32;
    (n < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\x0C'))
        || (0x7F..=0x9F).contains(&n)
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// The first forbidden character of `text` and its byte offset. Every page passes here, so
/// its bytes are scanned first: only a control byte, or the lead byte of a C1 control (0xC2) or
/// of a noncharacter (0xEF, 0xF0 and up), makes the characters worth decoding.
fn forbidden_character(text: &str) -> Option<(usize, char)> {
    let suspect = text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F || b == 0xC2 || b >= 0xEF);
    if !suspect {
        return None;
    }
    text.char_indices().find(|&(_, c)| is_forbidden(c))
}

/// One page read again after an edit (for `serve`).
#[derive(Debug)]
pub(crate) enum Reloaded {
    /// Still published, with its warnings.
    Published(Box<Page>, Vec<Diagnostic>),
    /// Now a draft, withdrawn, expired or out of scope: a wider rebuild is needed.
    Unpublished,
    /// It has errors.
    Failed(Vec<Diagnostic>),
}

/// Reads and validates the page at `rel` (under `content/`) again.
pub(crate) fn reload_page(
    root: &Path,
    config: &Config,
    rel: &str,
    content_type: model::ContentType,
    opts: LoadOptions,
) -> Reloaded {
    let source = match read_source(&root.join(CONTENT_DIR), rel) {
        Ok(s) => s,
        Err(d) => return Reloaded::Failed(vec![d]),
    };
    match validate::page(rel, parent_of(rel), source, content_type, config, opts, None).0 {
        validate::PageOutcome::Published(page, warnings) => Reloaded::Published(page, warnings),
        validate::PageOutcome::Failed(ds, _) => Reloaded::Failed(ds),
        validate::PageOutcome::Draft(..) | validate::PageOutcome::Excluded(..) => Reloaded::Unpublished,
    }
}

/// The section path a content path belongs to (`stories/a.md` → `stories`, `about.md` → ``).
pub(crate) fn parent_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

fn is_parent(parent: &str, child: &str) -> bool {
    parent.is_empty() || child.strip_prefix(parent).is_some_and(|r| r.starts_with('/'))
}

/// A relative path with `/` separators.
pub(crate) use crate::util::paths::to_slash;

/// Terms of every configured taxonomy, keyed by taxonomy name, from a page's front matter.
pub(crate) fn page_terms(fm: &mut frontmatter::FrontMatter, config: &Config) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for t in &config.taxonomies {
        let name = t.settings().name;
        let values = match name.as_str() {
            "tags" => std::mem::take(&mut fm.tags),
            "audience" => fm.audience.clone().unwrap_or_default(),
            other => fm.taxonomies.remove(other).unwrap_or_default(),
        };
        out.insert(name, values);
    }
    out
}

/// A path from the site root for messages.
pub(crate) fn content_file(rel: &str) -> PathBuf {
    Path::new(CONTENT_DIR).join(rel)
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_and_noncharacters_are_found_and_ordinary_text_is_not() {
        for ok in [
            "plain",
            "tab\tcr\r\nff\x0C",
            "Niño ¿qué? — “quotes” ½ ￼ 😀",
            "\u{A0}\u{FEFF}",
        ] {
            assert_eq!(super::forbidden_character(ok), None, "{ok:?}");
        }
        for (bad, at) in [
            ("a\0b", 1),
            ("ab\x07", 2),
            ("x\x7F", 1),
            ("é\u{85}", 2),
            ("\u{FDD0}", 0),
            ("z\u{FFFE}", 1),
            ("\u{1FFFF}", 0),
        ] {
            assert_eq!(super::forbidden_character(bad).map(|(o, _)| o), Some(at), "{bad:?}");
        }
    }

    #[test]
    fn a_file_gone_when_read_says_it_was_deleted_or_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let d = super::read_source(dir.path(), "stories/gone.md").unwrap_err();
        assert_eq!(d.file.as_deref(), Some(std::path::Path::new("content/stories/gone.md")));
        assert!(d.message.starts_with("cannot read the file: "), "{d}");
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .starts_with("it was deleted or renamed while Trailhead was reading it"),
            "{d}"
        );
    }
}
