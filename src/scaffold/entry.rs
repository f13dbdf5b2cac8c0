//! `trailhead new story "Title"` and `trailhead new guide "Title"`: a ready file in an existing
//! site, with every field explained by a comment.
//!
//! A new story leaves its consent for the editor to fill in, so it cannot be published by
//! accident: the build stops with "this story's consent is incomplete" until the storyteller's
//! consent is recorded. An existing file is never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// What `new` can create inside a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A recovery story (needs the storyteller's consent).
    Story,
    /// A resource guide (needs review dates and contacts).
    Guide,
}

impl EntryKind {
    /// `story` or `guide`, as typed after `trailhead new`.
    pub fn from_word(word: &str) -> Option<EntryKind> {
        match word {
            "story" => Some(EntryKind::Story),
            "guide" => Some(EntryKind::Guide),
            _ => None,
        }
    }

    /// The section `type` this kind of file lives under, and the usual folder.
    fn section(self) -> (&'static str, &'static str) {
        match self {
            EntryKind::Story => ("story", "stories"),
            EntryKind::Guide => ("guide", "guides"),
        }
    }
}

const STORY: &str = r#"---
# A new story. Lines starting with # are notes for you; readers never see them.
# This story is not published until its consent below is complete.
title: {title}
# The day the story is published (YYYY-MM-DD).
date: {today}
# One or two calm sentences shown in lists, search and feeds, instead of the story itself.
summary: ""
# Topics readers can browse, e.g. [recovery, housing, peer support].
tags: []
# The name readers see: a pseudonym, a first name or "Anonymous". A real full name only when
# the storyteller agreed in writing (then also add `real_name_consent: true`).
author_display: Anonymous
# Hard topics the story mentions, from the list in trailhead.toml, e.g. [overdose].
# Stories noting suicide or self-harm also need `safe_messaging_reviewed: true`.
content_notes: []
# The storyteller's consent, copied from the signed form. Fill in all four fields:
consent:
  # The day the storyteller signed the consent form (YYYY-MM-DD), e.g. {today}.
  date:
  # Where the story may appear, as agreed: any of web, print, translation, offline.
  scope: []
  # Change to true once the storyteller has read and approved this final text.
  final_text_approved: false
  # The number of the signed form, which is kept offline (never the form itself).
  record_id: ""
  # Optional: the day consent ends (YYYY-MM-DD); the story then leaves the site by itself.
  # expires: {in_two_years}
---

Write the story here, in the storyteller's own words.

## What helped

What helped them, and where readers can find support.
"#;

const GUIDE: &str = r#"---
# A new guide. Lines starting with # are notes for you; readers never see them.
title: {title}
# The day the guide is published (YYYY-MM-DD).
date: {today}
# One or two sentences shown in lists, search and feeds.
summary: ""
# Topics readers can browse, e.g. [housing, crisis support].
tags: []
# The day someone last checked this guide's contacts and facts (YYYY-MM-DD).
last_reviewed: {today}
# How often it must be checked again; leave out to use the site's setting.
# review_every: 12 months
# The services readers can contact. Copy the lines starting with "- name" for each one.
# Phone numbers are checked: a US number like 1-800-662-4357, or 988, 211, 711.
contacts: []
#  - name: "Name of the service"
#    phone: "1-800-662-4357"
#    text: "988"
#    url: https://example.org
#    hours: "Mon-Fri 9am-5pm"
#    languages: [en, es]
---

## What this is for

Explain in short sentences what readers can do, and how.
"#;

/// Writes a new story or guide in the site at `root` and returns its path. Fails with a
/// diagnostic (never overwriting anything) when the site, the title or the file is wrong.
pub fn create_entry(root: &Path, kind: EntryKind, title: &str) -> Result<PathBuf, Diagnostic> {
    if !root.join("trailhead.toml").is_file() {
        return Err(Diagnostic::error(format!(
            "{} is not a Trailhead site: it has no trailhead.toml",
            root.display()
        ))
        .hint("run this in your site's folder, or name it with `--root FOLDER`"));
    }
    let title = title.trim();
    let slug = crate::util::text::slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(format!("\"{title}\" cannot be used to name a file"))
            .hint("give a title with some letters or digits, e.g. `trailhead new story \"Finding my way\"`"));
    }
    let folder = section_folder(&root.join("content"), kind);
    let path = folder.join(format!("{slug}.md"));
    let today = crate::pipeline::today();
    let later = today.checked_add(jiff::Span::new().years(2)).unwrap_or(today);
    let template = match kind {
        EntryKind::Story => STORY,
        EntryKind::Guide => GUIDE,
    };
    let text = template
        .replace("{title}", &yaml_string(title))
        .replace("{today}", &today.to_string())
        .replace("{in_two_years}", &later.to_string());
    let shown = path.strip_prefix(root).unwrap_or(&path).display().to_string();
    std::fs::create_dir_all(&folder).map_err(|e| {
        Diagnostic::error(format!("cannot create the folder {}: {e}", folder.display()))
            .hint("check that you may write to the site's folder")
    })?;
    // `create_new` fails when the file exists, even if it appeared a moment ago.
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(
                Diagnostic::error(format!("{shown} already exists; it was left as it was"))
                    .hint("choose another title, or open the existing file to edit it"),
            );
        }
        Err(e) => {
            return Err(Diagnostic::error(format!("cannot write {shown}: {e}"))
                .hint("check that you may write to the site's folder"));
        }
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::error(format!("cannot write {shown}: {e}")).hint("check the disk has space"))?;
    Ok(path)
}

/// The folder of the first section whose `_index.md` says `type: story` (or `guide`), else
/// `content/stories` (or `content/guides`).
pub(crate) fn section_folder(content: &Path, kind: EntryKind) -> PathBuf {
    let (ty, usual) = kind.section();
    let mut found: Vec<PathBuf> = std::fs::read_dir(content)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            std::fs::read_to_string(p.join("_index.md")).is_ok_and(|t| {
                t.lines()
                    .map(|l| l.trim().replace(['"', '\'', ' '], ""))
                    .any(|l| l == format!("type:{ty}") || l == format!("type={ty}"))
            })
        })
        .collect();
    found.sort();
    if found.iter().any(|p| p.ends_with(usual)) || found.is_empty() {
        return content.join(usual);
    }
    found.swap_remove(0)
}

/// `s` as a double-quoted YAML string.
pub(crate) fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}
