//! The sinks output goes to: a folder (`build`, inside the staging folder of [`super::atomic`]),
//! memory (`serve`), or nothing (`check`, which renders and checks everything but keeps no
//! bytes). Output code writes to a [`Sink`] and never knows which.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Bytes;

/// Where output goes.
pub(crate) trait Sink: Sync {
    /// Stores one file at `rel` (a path relative to the site root, `/`-separated).
    fn put(&self, rel: &str, bytes: Vec<u8>) -> std::io::Result<()>;

    /// Stores a copy of the file at `src`.
    fn copy(&self, rel: &str, src: &Path) -> std::io::Result<()> {
        self.put(rel, std::fs::read(src)?)
    }
}

/// Writes output files into a folder, possibly over files of an older build, and remembers
/// what it wrote (so the rest can be pruned).
///
/// A file whose bytes are already there is not written again (a copied file: same length and
/// modification time as its source, which the copy is given). On a rebuild most files did not
/// change, and creating and writing files is where the kernel spends most of a build's time.
/// Folders are made only when a write finds its folder missing.
#[derive(Debug)]
pub(crate) struct DirSink {
    dir: PathBuf,
    written: std::sync::Mutex<std::collections::HashSet<String>>,
    unchanged: AtomicUsize,
}

impl DirSink {
    /// Output into `dir`.
    pub(crate) fn new(dir: &Path) -> Self {
        DirSink {
            dir: dir.to_path_buf(),
            written: Default::default(),
            unchanged: AtomicUsize::new(0),
        }
    }

    /// How many files were written.
    pub(crate) fn written(&self) -> usize {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// How many of them were already there, byte for byte, and were left alone.
    pub(crate) fn unchanged(&self) -> usize {
        self.unchanged.load(Ordering::Relaxed)
    }

    /// The paths written, relative to the folder.
    pub(crate) fn into_written(self) -> std::collections::HashSet<String> {
        self.written.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// Records `rel` as written and returns its path.
    fn record(&self, rel: &str) -> PathBuf {
        let rel = rel.trim_start_matches('/');
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_owned());
        self.dir.join(rel)
    }

    /// Runs `write` on `path`; when it fails because the folder is missing, or because an
    /// older build left a file where a folder is needed or a folder where this file goes,
    /// makes the way clear and runs it once more.
    fn write_with(&self, rel: &str, path: &Path, write: impl Fn(&Path) -> std::io::Result<()>) -> std::io::Result<()> {
        let Err(first) = write(path) else {
            return Ok(());
        };
        let rel = rel.trim_start_matches('/');
        if path.is_dir() {
            std::fs::remove_dir_all(path)?;
        } else if let Some(parent) = path.parent()
            && std::fs::create_dir_all(parent).is_err()
        {
            let mut at = self.dir.clone();
            for part in Path::new(rel).parent().into_iter().flat_map(Path::components) {
                at.push(part);
                if at.is_file() {
                    std::fs::remove_file(&at)?;
                }
            }
            std::fs::create_dir_all(parent)?;
        } else if first.kind() != std::io::ErrorKind::NotFound {
            return Err(first);
        }
        write(path)
    }
}

/// True when the file at `path` holds exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if file
        .metadata()
        .map(|m| !m.is_file() || m.len() != bytes.len() as u64)
        .unwrap_or(true)
    {
        return false;
    }
    let mut have = Vec::with_capacity(bytes.len() + 1);
    file.read_to_end(&mut have).is_ok() && have == bytes
}

/// True when `to` is a copy of `from` made by [`DirSink::copy`]: same length, same
/// modification time.
fn is_copy_of(to: &Path, from: &std::fs::Metadata) -> bool {
    let Ok(to) = std::fs::metadata(to) else {
        return false;
    };
    to.is_file() && to.len() == from.len() && matches!((to.modified(), from.modified()), (Ok(a), Ok(b)) if a == b)
}

impl Sink for DirSink {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let path = self.record(rel);
        if holds(&path, &bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.write_with(rel, &path, |p| std::fs::write(p, &bytes))
    }

    fn copy(&self, rel: &str, src: &Path) -> std::io::Result<()> {
        let from = std::fs::metadata(src)?;
        let path = self.record(rel);
        if is_copy_of(&path, &from) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.write_with(rel, &path, |p| {
            std::fs::copy(src, p)?;
            if let Ok(when) = from.modified() {
                // Only a hint for the next build: without it the file is copied again.
                let _ = std::fs::File::options()
                    .write(true)
                    .open(p)
                    .and_then(|f| f.set_modified(when));
            }
            Ok(())
        })
    }
}

/// Output collected in memory.
#[derive(Debug, Default)]
pub(crate) struct MemorySink {
    files: Mutex<HashMap<String, Bytes>>,
}

impl MemorySink {
    /// The files, by key (`stories/a/index.html`).
    pub(crate) fn into_files(self) -> HashMap<String, Bytes> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.trim_start_matches('/').to_owned(), Bytes::from(bytes));
        Ok(())
    }
}

/// Output that is rendered and checked, then dropped (`check`).
#[derive(Debug, Default)]
pub(crate) struct NullSink {
    count: AtomicUsize,
}

impl NullSink {
    /// How many files a build would have written.
    pub(crate) fn count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }
}

impl Sink for NullSink {
    fn put(&self, _rel: &str, _bytes: Vec<u8>) -> std::io::Result<()> {
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn copy(&self, _rel: &str, src: &Path) -> std::io::Result<()> {
        // A file that could not be copied is a problem `build` would report.
        std::fs::metadata(src)?;
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}
