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
#[derive(Debug)]
pub(crate) struct DirSink {
    dir: PathBuf,
    written: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl DirSink {
    /// Output into `dir`.
    pub(crate) fn new(dir: &Path) -> Self {
        DirSink {
            dir: dir.to_path_buf(),
            written: Default::default(),
        }
    }

    /// How many files were written.
    pub(crate) fn written(&self) -> usize {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// The paths written, relative to the folder.
    pub(crate) fn into_written(self) -> std::collections::HashSet<String> {
        self.written.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// The path for `rel`, with its folder made. An older build may have left a file where a
    /// folder is needed or a folder where this file goes: those are removed.
    fn target(&self, rel: &str) -> std::io::Result<PathBuf> {
        let rel = rel.trim_start_matches('/');
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent()
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
        }
        if path.is_dir() {
            std::fs::remove_dir_all(&path)?;
        }
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_owned());
        Ok(path)
    }
}

impl Sink for DirSink {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        std::fs::write(self.target(rel)?, bytes)
    }

    fn copy(&self, rel: &str, src: &Path) -> std::io::Result<()> {
        std::fs::copy(src, self.target(rel)?).map(|_| ())
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
