//! Safe output: the build writes into a staging folder beside the output and swaps it in only
//! when everything succeeded. Nothing outside the output folder is ever deleted, and a folder
//! Trailhead did not make is never replaced.
//!
//! The folder the swap replaces is not deleted but kept beside the output as a *spare*
//! (`.public.trailhead-spare`), and the next build writes into it: most files are overwritten
//! in place and only files this build did not write are removed. Creating and deleting every
//! file and folder again costs far more than the rendering on a large site.
//!
//! The spare never holds a story that is no longer published: right after the swap, when the
//! replaced output has a page this build did not write (a story withdrawn, expired, made a
//! draft or deleted), every file in it that this build did not write is removed and every other
//! file is emptied (truncated), so no title, address or text of that story stays behind. When
//! no page went away, the spare is kept as it is, which costs nothing (one walk of its names).
//! A failed build's staging folder is always emptied before it becomes the spare.
//!
//! A build that is killed (power cut, CI timeout) leaves its staging folder behind. Each
//! staging folder's marker file is locked while its build runs, so the next build knows a
//! folder whose lock it can take is debris: it reuses one as its own staging folder (when there
//! is no spare) and removes the rest.

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The marker file that says "this folder was made by Trailhead and may be replaced".
pub(crate) const MARKER: &str = ".trailhead-output";

/// A staging folder that becomes the output on [`Staging::commit`].
#[derive(Debug)]
pub(crate) struct Staging {
    /// Where files are written during the build.
    pub(crate) dir: PathBuf,
    output: PathBuf,
    committed: bool,
    /// The staging folder is a recycled spare that may hold files of an older build.
    recycled: bool,
    /// The marker file, locked while this build runs (released by the process's death too).
    lock: Option<std::fs::File>,
}

/// The name of `output`'s last component (`public`).
fn output_name(output: &Path) -> String {
    output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into())
}

/// Staging folders beside `output` whose build is no longer running (killed builds).
fn dead_staging_folders(output: &Path) -> Vec<PathBuf> {
    let parent = output.parent().unwrap_or(Path::new("."));
    let prefix = format!(".{}.trailhead-new-", output_name(output));
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut dead: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .filter(|dir| {
            // Only folders Trailhead made, and only when no running build holds the lock.
            std::fs::File::open(dir.join(MARKER)).is_ok_and(|f| f.try_lock().is_ok())
        })
        .collect();
    dead.sort();
    dead
}

/// The spare folder kept beside `output`.
fn spare_of(output: &Path) -> PathBuf {
    let parent = output.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{}.trailhead-spare", output_name(output)))
}

fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut abs = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                abs.pop();
            }
            std::path::Component::CurDir => {}
            other => abs.push(other),
        }
    }
    // Canonicalize the longest existing ancestor so `..` and symlinks can't fool the checks.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_owned()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    out
}

/// Refuses output folders that would destroy the site or other data.
pub(crate) fn check_output(root: &Path, output: &Path) -> Result<PathBuf, Diagnostic> {
    let root = absolute(root);
    let out = absolute(output);
    let refuse = |why: &str| {
        Err(
            Diagnostic::error(format!("refusing to build into {}: {why}", output.display()))
                .hint("choose an output folder of its own, such as `public` (the default): `--output public`"),
        )
    };
    if out == root {
        return refuse("that is the site folder itself, and the build replaces its output folder");
    }
    if root.starts_with(&out) {
        return refuse("that folder contains the site, and the build replaces its output folder");
    }
    for (inside, what) in [
        ("content", "the content folder"),
        ("themes", "the themes folder"),
        ("static", "the static folder"),
        ("templates", "the templates folder"),
    ] {
        let dir = root.join(inside);
        if out.starts_with(&dir) {
            return refuse(&format!("that is inside {what}, which holds your work"));
        }
    }
    if out.is_file() {
        return refuse("that is a file");
    }
    if out.is_dir() && !out.join(MARKER).exists() {
        let empty = std::fs::read_dir(&out).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(format!(
                "refusing to replace {}: the folder exists and was not made by Trailhead",
                output.display()
            ))
            .hint("move or rename that folder, or choose another with --output; Trailhead only replaces folders it built itself"));
        }
    }
    Ok(out)
}

impl Staging {
    /// Creates a staging folder beside `output` (which must have passed [`check_output`]):
    /// the spare when there is one, or the folder of a killed build, or a new one. Folders
    /// left by other killed builds are removed.
    pub(crate) fn begin(output: &Path) -> io::Result<Staging> {
        let parent = output.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{}.trailhead-new-{}", output_name(output), std::process::id()));
        let mut debris = dead_staging_folders(output);
        debris.retain(|d| *d != dir);
        if dir.exists() && dir.join(MARKER).exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        let spare = spare_of(output);
        let mut recycled = spare.join(MARKER).is_file() && std::fs::rename(&spare, &dir).is_ok();
        for old in debris {
            if !recycled && std::fs::rename(&old, &dir).is_ok() {
                recycled = true;
            } else {
                std::fs::remove_dir_all(&old)?;
            }
        }
        if !recycled {
            std::fs::create_dir_all(&dir)?;
        }
        let mut marker = std::fs::File::create(dir.join(MARKER))?;
        io::Write::write_all(
            &mut marker,
            b"Built by Trailhead. This whole folder is replaced on every build.\n",
        )?;
        // Advisory: a file system without locks still builds, only without debris detection.
        let lock = marker.lock().ok().map(|()| marker);
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
            recycled,
            lock,
        })
    }

    /// Removes every file (and then empty folder) of a recycled staging folder that this build
    /// did not write. `written` holds paths relative to the folder, `/`-separated.
    pub(crate) fn prune(&self, written: &std::collections::HashSet<String>) -> io::Result<usize> {
        if !self.recycled {
            return Ok(0);
        }
        let mut removed = 0;
        let mut dirs = Vec::new();
        for entry in walkdir::WalkDir::new(&self.dir).min_depth(1) {
            let entry = entry.map_err(io::Error::other)?;
            let rel = crate::content::to_slash(entry.path().strip_prefix(&self.dir).unwrap_or(entry.path()));
            if entry.file_type().is_dir() {
                dirs.push(entry.path().to_path_buf());
            } else if rel != MARKER && !written.contains(&rel) {
                std::fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        // Deepest first, so a folder emptied of folders goes too.
        for d in dirs.iter().rev() {
            if std::fs::read_dir(d)?.next().is_none() {
                std::fs::remove_dir(d)?;
            }
        }
        Ok(removed)
    }

    /// Swaps the staging folder in for the output. The replaced output becomes the spare and
    /// is scrubbed at once: files not in `written` are removed, the others emptied, so nothing
    /// this build left out stays on disk.
    pub(crate) fn commit(mut self, written: &std::collections::HashSet<String>) -> io::Result<()> {
        let spare = spare_of(&self.output);
        let had_old = self.output.exists();
        if had_old {
            if spare.exists() && spare.join(MARKER).exists() {
                std::fs::remove_dir_all(&spare)?;
            }
            std::fs::rename(&self.output, &spare)?;
        }
        self.lock = None;
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_old {
                let _ = std::fs::rename(&spare, &self.output);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old
            && let Err(e) = lost_pages(&spare, written).and_then(|lost| match lost {
                true => scrub(&spare, Some(written)),
                false => Ok(()),
            })
        {
            // Never keep an unscrubbed copy: drop it whole (the next build is slower, that's all).
            std::fs::remove_dir_all(&spare).map_err(|e2| io::Error::other(format!("{e}; then {e2}")))?;
        }
        Ok(())
    }
}

/// True when the folder holds a file that `written` does not: a page this build no longer
/// makes (a story withdrawn, expired, made a draft or deleted; a listing page fewer).
fn lost_pages(dir: &Path, written: &std::collections::HashSet<String>) -> io::Result<bool> {
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = crate::content::to_slash(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        if rel != MARKER && !written.contains(&rel) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Empties a spare folder: files not in `keep` are removed and the others truncated to
/// nothing (without `keep`, every file is truncated); folders left empty are removed. The
/// marker stays.
pub(crate) fn scrub(dir: &Path, keep: Option<&std::collections::HashSet<String>>) -> io::Result<()> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(|path| {
        let rel = crate::content::to_slash(path.strip_prefix(dir).unwrap_or(path));
        if rel == MARKER {
            Ok(())
        } else if keep.is_none_or(|k| k.contains(&rel)) {
            std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(path)
                .map(drop)
        } else {
            std::fs::remove_file(path)
        }
    })?;
    for d in dirs.iter().rev() {
        if std::fs::read_dir(d)?.next().is_none() {
            std::fs::remove_dir(d)?;
        }
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed || !self.dir.join(MARKER).exists() {
            return;
        }
        // A failed build: a recycled folder is emptied and goes back to being the spare (the
        // next build prunes it); a new one is removed.
        self.lock = None;
        let spare = spare_of(&self.output);
        if !(self.recycled
            && !spare.exists()
            && scrub(&self.dir, None).is_ok()
            && std::fs::rename(&self.dir, &spare).is_ok())
        {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output(&root, &root).is_err());
        assert!(check_output(&root, &root.join("content")).is_err());
        assert!(check_output(&root, &root.join("content/x")).is_err());
        assert!(check_output(&root, &root.join("themes/default")).is_err());
        assert!(check_output(&root, tmp.path()).is_err());
        assert!(check_output(&root, &root.join("public/../content")).is_err());
        assert!(check_output(&root, &root.join("public")).is_ok());
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/notes.txt"), "mine").unwrap();
        let e = check_output(&root, &root.join("docs")).unwrap_err();
        assert!(e.message.contains("was not made by Trailhead"));
    }

    #[test]
    fn commit_swaps_and_drop_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::begin(&out).unwrap();
        std::fs::write(s.dir.join("a.txt"), "1").unwrap();
        s.commit(&["a.txt".to_string()].into()).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "1");
        let s = Staging::begin(&out).unwrap();
        let staging = s.dir.clone();
        drop(s);
        assert!(!staging.exists());
        assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "1");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_replaced_output_is_recycled_and_pruned() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for files in [vec!["a.txt", "old/x.html"], vec!["b.txt", "old/x.html"], vec!["b.txt"]] {
            let s = Staging::begin(&out).unwrap();
            let mut written = std::collections::HashSet::new();
            for f in &files {
                let p = s.dir.join(f);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, f).unwrap();
                written.insert(f.to_string());
            }
            s.prune(&written).unwrap();
            s.commit(&written).unwrap();
            let mut now: Vec<String> = walkdir::WalkDir::new(&out)
                .min_depth(1)
                .into_iter()
                .filter_map(Result::ok)
                .map(|e| crate::content::to_slash(e.path().strip_prefix(&out).unwrap()))
                .filter(|p| p != MARKER)
                .collect();
            now.sort();
            let mut want: Vec<String> = files.iter().map(|f| f.to_string()).collect();
            if files.contains(&"old/x.html") {
                want.push("old".into());
            }
            want.sort();
            assert_eq!(now, want);
        }
        assert!(
            spare_of(&out).join(MARKER).exists(),
            "the previous output is kept as the spare"
        );
    }

    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| {
                let rel = crate::content::to_slash(e.path().strip_prefix(dir).unwrap());
                let text = if e.file_type().is_file() {
                    std::fs::read_to_string(e.path()).unwrap()
                } else {
                    "/".into()
                };
                (rel, text)
            })
            .filter(|(rel, _)| rel != MARKER)
            .collect();
        v.sort();
        v
    }

    fn build_once(out: &Path, files: &[(&str, &str)]) {
        let s = Staging::begin(out).unwrap();
        let mut written = std::collections::HashSet::new();
        for (f, text) in files {
            let p = s.dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
            written.insert(f.to_string());
        }
        s.prune(&written).unwrap();
        s.commit(&written).unwrap();
    }

    #[test]
    fn the_spare_keeps_no_text_and_no_page_left_out() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build_once(
            &out,
            &[
                ("index.html", "Maria's story"),
                ("stories/maria/index.html", "Maria's words"),
            ],
        );
        build_once(&out, &[("index.html", "Only guides now")]);
        assert_eq!(tree(&out), [("index.html".to_string(), "Only guides now".to_string())]);
        let spare = spare_of(&out);
        assert_eq!(
            tree(&spare),
            [("index.html".to_string(), String::new())],
            "the old output is emptied and the withdrawn page is gone"
        );
        // The next build still recycles it.
        build_once(&out, &[("index.html", "Again")]);
        assert_eq!(tree(&out), [("index.html".to_string(), "Again".to_string())]);
    }

    #[test]
    fn a_failed_build_leaves_an_empty_spare() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build_once(&out, &[("a/index.html", "Maria")]);
        build_once(&out, &[("a/index.html", "Sam")]);
        let s = Staging::begin(&out).unwrap();
        assert!(s.recycled);
        drop(s);
        assert_eq!(
            tree(&spare_of(&out)),
            [("a".into(), "/".into()), ("a/index.html".into(), String::new())]
        );
        assert_eq!(
            tree(&out),
            [("a".into(), "/".into()), ("a/index.html".into(), "Sam".into())]
        );
    }

    #[test]
    fn folders_of_killed_builds_are_reused_or_removed_but_never_a_running_one() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build_once(&out, &[("index.html", "v1")]);
        assert!(!spare_of(&out).exists(), "a first build has no spare");
        let killed = |pid: u32, text: &str| {
            let d = tmp.path().join(format!(".public.trailhead-new-{pid}"));
            std::fs::create_dir_all(d.join("stories/x")).unwrap();
            std::fs::write(d.join(MARKER), "").unwrap();
            std::fs::write(d.join("stories/x/index.html"), text).unwrap();
            d
        };
        let a = killed(999_991, "withdrawn words");
        let b = killed(999_992, "more withdrawn words");
        let running = killed(999_993, "a build in progress");
        let held = std::fs::File::open(running.join(MARKER)).unwrap();
        held.lock().unwrap();
        build_once(&out, &[("index.html", "v2")]);
        assert!(!a.exists() && !b.exists(), "debris is gone");
        assert!(running.exists(), "a folder whose build still runs is left alone");
        assert_eq!(tree(&out), [("index.html".to_string(), "v2".to_string())]);
        assert_eq!(
            tree(&spare_of(&out)),
            [("index.html".to_string(), "v1".to_string())],
            "no page went away, so the spare is kept as it was"
        );
        drop(held);
    }
}
