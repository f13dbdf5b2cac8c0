//! What the editor knows about the site: the list with each file's state, the site's tags and
//! content-note vocabulary, and previews built from a scratch copy of the site.

use std::path::Path;

use serde_json::{Value, json};

use super::Editor;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::BuildOptions;
use crate::scaffold::EntryKind;

/// `story`, `guide` or `page`, by the section folder the file is in.
pub(crate) fn kind_of(editor: &Editor, file: &Path) -> &'static str {
    for (kind, name) in [(EntryKind::Story, "story"), (EntryKind::Guide, "guide")] {
        let folder = crate::scaffold::entry::section_folder(&editor.content, kind);
        if file.parent() == Some(folder.as_path()) {
            return name;
        }
    }
    "page"
}

/// The content-note vocabulary: value → meaning.
pub(crate) fn vocabulary(root: &Path) -> Value {
    crate::config::Config::load(root)
        .map(|c| json!(c.content_notes))
        .unwrap_or(Value::Null)
}

/// Every tag used in the site's front matter, for suggestions.
pub(crate) fn site_tags(content: &Path) -> Vec<String> {
    let mut tags = std::collections::BTreeSet::new();
    for e in walkdir::WalkDir::new(content).into_iter().flatten() {
        if e.path().extension().is_some_and(|x| x == "md")
            && let Ok(t) = std::fs::read_to_string(e.path())
            && let Some((front, _)) = super::yaml::split(&t)
            && let Ok(node) = crate::util::tree::parse_yaml(front)
            && let Some(list) = node.to_json().get("tags").and_then(Value::as_array)
        {
            tags.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
        }
    }
    tags.into_iter().collect()
}

/// The list: every story and guide, with its state from the consent register and the
/// build's own checks.
pub(crate) fn rows(editor: &Editor) -> Value {
    let opts = BuildOptions::new(&editor.root);
    let register = crate::register::Register::read(&opts, 60).ok();
    let problems = check(&editor.root);
    let mut rows = Vec::new();
    for (kind, name) in [(EntryKind::Story, "story"), (EntryKind::Guide, "guide")] {
        let folder = crate::scaffold::entry::section_folder(&editor.content, kind);
        let Ok(dir) = std::fs::read_dir(&folder) else { continue };
        let mut files: Vec<_> = dir.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let fname = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !fname.ends_with(".md") || fname.starts_with('_') || fname.starts_with('.') {
                continue;
            }
            let rel = file
                .strip_prefix(&editor.content)
                .map(crate::util::paths::to_slash)
                .unwrap_or_default();
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let fields = super::yaml::split(&text)
                .and_then(|(f, _)| crate::util::tree::parse_yaml(f).ok())
                .map(|n| n.to_json())
                .unwrap_or(Value::Null);
            let mine = |d: &&Diagnostic| {
                d.file
                    .as_deref()
                    .is_some_and(|f| crate::util::paths::to_slash(f) == format!("content/{rel}"))
            };
            let errors = problems.iter().filter(mine).filter(|d| d.is_error()).count();
            let overdue = problems
                .iter()
                .filter(mine)
                .any(|d| d.message.contains("due for review"));
            let consent = register
                .as_ref()
                .and_then(|r| {
                    r.entries
                        .iter()
                        .find(|e| e.file == rel || e.file == format!("content/{rel}"))
                })
                .map(|e| e.state.name());
            let state = if errors > 0 {
                "errors"
            } else if fields.get("draft").and_then(Value::as_bool) == Some(true) {
                "draft"
            } else if consent == Some("expiring") {
                "expiring"
            } else if overdue {
                "overdue"
            } else {
                "published"
            };
            rows.push(json!({
                "path": rel,
                "kind": name,
                "title": fields.get("title").and_then(Value::as_str).unwrap_or(&rel),
                "state": state,
                "errors": errors,
            }));
        }
    }
    Value::Array(rows)
}

/// Every problem a build of the site at `root` finds (drafts included), without writing.
fn check(root: &Path) -> Vec<Diagnostic> {
    build(root).1
}

/// Builds the site at `root` into memory: its files (when it worked) and its diagnostics.
fn build(root: &Path) -> (std::collections::HashMap<String, axum::body::Bytes>, Vec<Diagnostic>) {
    let mut opts = BuildOptions::new(root);
    opts.drafts = true;
    opts.progress = false;
    let diags = Diagnostics::new();
    let sink = crate::output::sink::MemorySink::default();
    if let Some(prepared) = crate::pipeline::prepare(&opts, &diags) {
        let progress = indicatif::ProgressBar::hidden();
        crate::pipeline::render(root, &prepared, &sink, &diags, &progress);
    }
    (sink.into_files(), diags.into_sorted())
}

/// Builds a scratch copy of the site with `text` as `content/<rel>`: the page as rendered and
/// the diagnostics of that file, each with the form field (or body line) it concerns.
pub(crate) fn preview(editor: &Editor, rel: &str, text: &str) -> Value {
    let Ok(scratch) = scratch_copy(&editor.root) else {
        return json!({ "diagnostics": [], "rendered": false });
    };
    let file = scratch.path().join("content").join(rel);
    let _ = std::fs::write(&file, text);
    let (files, diags) = build(scratch.path());
    let key = format!("content/{rel}");
    let body_start = text
        .match_indices("\n---")
        .next()
        .map_or(0, |(i, _)| text[..i].lines().count() + 1);
    let mine: Vec<Value> = diags
        .iter()
        .filter(|d| {
            d.file
                .as_deref()
                .is_some_and(|f| crate::util::paths::to_slash(f) == key)
        })
        .map(|d| {
            let field = field_at(text, d.line);
            json!({
                "severity": if d.is_error() { "error" } else { "warning" },
                "line": d.line, "col": d.col, "message": d.message, "hint": d.hint,
                "field": field,
                "body_line": (d.line > body_start + 1).then(|| d.line - body_start - 1),
            })
        })
        .collect();
    let out = output_key(rel);
    // The page's own relative links and assets resolve from its real address.
    let base = format!("<head><base href=\"/{}\">", out.trim_end_matches("index.html"));
    let html = files
        .get(&out)
        .map(|b| String::from_utf8_lossy(b).replacen("<head>", &base, 1));
    let rendered = html.is_some();
    if let Some(html) = html {
        editor
            .rendered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_owned(), html);
    }
    json!({ "diagnostics": mine, "rendered": rendered })
}

pub(crate) fn rendered(editor: &Editor, rel: &str) -> Option<String> {
    editor
        .rendered
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(rel)
        .cloned()
}

/// Where the build writes the page for `content/<rel>` (default slug from the file name).
fn output_key(rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    match stem.strip_suffix(".es") {
        Some(s) => format!("es/{s}/index.html"),
        None => format!("{stem}/index.html"),
    }
}

/// The front-matter field a line of the file belongs to: `title`, `consent.scope`,
/// `contacts.0.phone`…, or `body`.
fn field_at(text: &str, line: usize) -> String {
    let mut top = String::new();
    let mut sub = String::new();
    let mut item: i64 = -1;
    for (i, l) in text.lines().enumerate().skip(1) {
        if l.trim_end() == "---" {
            if i < line {
                top = "body".into();
                sub.clear();
            }
            break;
        }
        if i + 1 > line {
            break;
        }
        let indent = l.len() - l.trim_start().len();
        let t = l.trim_start();
        if t.starts_with('#') || t.is_empty() {
            continue;
        }
        if indent == 0 {
            top = t.split(':').next().unwrap_or("").to_owned();
            sub.clear();
            item = -1;
        } else {
            let t2 = t.strip_prefix("- ").inspect(|_| item += 1);
            let t = t2.unwrap_or(t);
            if t.contains(':') {
                sub = t.split(':').next().unwrap_or("").trim().to_owned();
            }
        }
    }
    match (top.as_str(), item, sub.is_empty()) {
        ("body", _, _) => "body".into(),
        (t, i, false) if i >= 0 => format!("{t}.{i}.{sub}"),
        (t, _, false) => format!("{t}.{sub}"),
        (t, _, true) => t.to_owned(),
    }
}

/// A copy of the site's settings, theme and content (not `static/`, not the output) in a
/// temporary folder, for building unsaved text.
fn scratch_copy(root: &Path) -> std::io::Result<Scratch> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = Scratch(std::env::temp_dir().join(format!("trailhead-edit-{}-{n}", std::process::id())));
    let _ = std::fs::remove_dir_all(&dir.0);
    std::fs::create_dir_all(&dir.0)?;
    std::fs::copy(root.join("trailhead.toml"), dir.path().join("trailhead.toml"))?;
    for sub in ["content", "themes", "i18n"] {
        let from = root.join(sub);
        for e in walkdir::WalkDir::new(&from).into_iter().flatten() {
            let Ok(rel) = e.path().strip_prefix(root) else { continue };
            let to = dir.path().join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to)?;
            } else if e.file_type().is_file() {
                std::fs::copy(e.path(), &to)?;
            }
        }
    }
    Ok(dir)
}

/// A scratch folder, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_by_line() {
        let t = "---\ntitle: A\ncontacts:\n  - name: X\n    phone: \"12\"\n  - name: Y\n    phone: \"3\"\nconsent:\n  scope: []\n---\nbody\n";
        assert_eq!(super::field_at(t, 2), "title");
        assert_eq!(super::field_at(t, 5), "contacts.0.phone");
        assert_eq!(super::field_at(t, 7), "contacts.1.phone");
        assert_eq!(super::field_at(t, 9), "consent.scope");
        assert_eq!(super::field_at(t, 11), "body");
    }
}
