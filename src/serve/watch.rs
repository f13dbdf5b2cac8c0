//! Watching the site's sources (notify) and gathering a burst of events into one batch of
//! changed paths.
//!
//! Editors save in several steps (write a temporary file, rename it over the old one) and a
//! `git checkout` touches many files at once: events are collected until the tree has been
//! quiet for a moment. Access events (reading a file, as the preview itself does) are ignored,
//! or every page view would trigger a rebuild; so are hidden and temporary editor files and
//! anything outside the watched sources.
//!
//! A watched folder that is deleted and created again (`git checkout` of a branch, a sync tool
//! replacing `content/`) loses its watch with the old folder: the site root is watched too, and
//! a folder that appears, disappears or is renamed there is watched again and rebuilds the site.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::content::is_ignored_name;

/// How long the tree must be quiet before a batch is handed over.
pub const QUIET: Duration = Duration::from_millis(12);
/// A batch is handed over after this long even if events keep coming.
pub const MAX_WAIT: Duration = Duration::from_millis(400);

/// A running watcher over a site's sources.
pub struct SourceWatcher {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
}

/// The folders of a site whose contents `serve` watches.
const FOLDERS: [&str; 4] = ["content", "themes", "templates", "static"];

/// The folders and files of a site that `serve` watches.
pub fn watched(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut out = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in FOLDERS {
        let p = root.join(dir);
        if p.is_dir() {
            out.push((p, RecursiveMode::Recursive));
        }
    }
    out
}

impl SourceWatcher {
    /// Starts watching the site in `root`.
    pub fn start(root: &Path) -> notify::Result<Self> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        for (path, mode) in watched(root) {
            watcher.watch(&path, mode)?;
        }
        Ok(SourceWatcher {
            watcher,
            events,
            root: root.to_path_buf(),
        })
    }

    /// Waits for the next batch of relevant changes. Returns None when the watcher stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut batch: Vec<PathBuf> = Vec::new();
        while batch.is_empty() {
            let event = self.events.recv().ok()?;
            self.take(event, &mut batch);
        }
        let started = Instant::now();
        while started.elapsed() < MAX_WAIT {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => self.take(event, &mut batch),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        batch.sort();
        batch.dedup();
        Some(batch)
    }

    fn take(&mut self, event: notify::Result<notify::Event>, batch: &mut Vec<PathBuf>) {
        let Ok(event) = event else {
            return;
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let moved = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(notify::event::ModifyKind::Name(_))
        );
        for path in event.paths {
            if moved && path.parent() == Some(self.root.as_path()) && is_folder(&self.root, &path) {
                self.watch_again(&path);
            }
            if relevant(&self.root, &path) {
                batch.push(path);
            }
        }
    }

    /// Drops the watch of a folder that was deleted, renamed or replaced, and watches the
    /// folder now at `path`, if there is one. Files written into it before this are seen by the
    /// full rebuild its event causes.
    fn watch_again(&mut self, path: &Path) {
        let _ = self.watcher.unwatch(path);
        if path.is_dir()
            && let Err(e) = self.watcher.watch(path, RecursiveMode::Recursive)
        {
            eprintln!(
                "warning: cannot watch {} again ({e}); restart the preview to see its changes.",
                path.display()
            );
        }
    }
}

/// True for a path whose change can alter the site: `trailhead.toml`, the folders `content/`,
/// `themes/`, `templates/` and `static/`, or a file in them that is not hidden or temporary.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [] => false,
        [one] => one == crate::config::CONFIG_FILE || FOLDERS.contains(&one.as_str()),
        [top, rest @ ..] => {
            matches!(top.as_str(), "content" | "themes" | "templates" | "static")
                && rest.iter().all(|p| !is_ignored_name(p) && !is_editor_temp(p))
        }
    }
}

/// True for `root/content` and the other watched folders themselves.
fn is_folder(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root)
        .is_ok_and(|rel| FOLDERS.iter().any(|f| rel == Path::new(f)))
}

/// Names editors use for a moment while saving: vim's `4913` probe, `foo.md.swp`,
/// `.#foo.md`, `foo.md~`, `foo.md.tmp.1234` and similar.
fn is_editor_temp(name: &str) -> bool {
    name == "4913" || name.contains(".tmp") || name.ends_with(".swo") || name.ends_with(".crswap")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/site");
        for yes in [
            "trailhead.toml",
            "content/stories/a.md",
            "themes/default/static/style.css",
            "templates/base.html",
            "static/logo.png",
            "content",
        ] {
            assert!(relevant(root, &root.join(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            "README.md",
            "target/debug/x",
            "content/stories/.a.md.swp",
            "content/stories/a.md~",
            "content/stories/4913",
            "content/.git/index",
            "content/stories/a.md.tmp.123",
            "/elsewhere/content/a.md",
        ] {
            assert!(!relevant(root, &root.join(no)), "{no}");
        }
    }
}
