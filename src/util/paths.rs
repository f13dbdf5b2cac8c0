//! Paths as the site shows them: relative, with `/` separators on every system.

use std::path::Path;

/// A relative path with `/` separators.
pub(crate) fn to_slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Pages larger than this are refused: no reader on a phone gets through 4 MB of text, and
/// such a file is almost always something else saved as `.md` (a log, an export).
pub(crate) const MAX_PAGE_BYTES: u64 = 4 * 1024 * 1024;
/// Files copied to the site larger than this bring a warning: a reader on a slow phone
/// connection may never finish loading them.
pub(crate) const LARGE_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// What a walked entry is, once links are followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// A folder (not a link to one).
    Dir,
    /// A regular file, or a link to one, of this many bytes.
    File(u64),
}

/// Sorts out an entry found by walking `content/`, `static/` or a theme: folders and regular
/// files (directly or through a link) pass; anything that cannot be read safely is a problem in
/// plain words: a link to nothing, a link to a folder (which can loop forever), a named pipe,
/// socket or device (reading one can wait forever).
pub(crate) fn entry_kind(entry: &walkdir::DirEntry) -> Result<EntryKind, (String, &'static str)> {
    let ft = entry.file_type();
    if ft.is_dir() {
        return Ok(EntryKind::Dir);
    }
    if ft.is_symlink() {
        let target = std::fs::read_link(entry.path())
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        return match std::fs::metadata(entry.path()) {
            Err(_) => Err((
                format!("this is a link to `{target}`, which does not exist"),
                "fix the link or remove it",
            )),
            Ok(m) if m.is_dir() => Err((
                format!(
                    "this is a link to the folder `{target}`: Trailhead does not follow links to folders (they can lead in circles)"
                ),
                "put the folder itself here instead of a link, or remove the link",
            )),
            Ok(m) if m.is_file() => Ok(EntryKind::File(m.len())),
            Ok(_) => Err((
                format!("this is a link to `{target}`, which is not an ordinary file"),
                "remove the link",
            )),
        };
    }
    if ft.is_file() {
        return Ok(EntryKind::File(entry.metadata().map(|m| m.len()).unwrap_or(0)));
    }
    Err((
        "this is not an ordinary file (a named pipe, socket or device): reading it could wait forever".into(),
        "remove it from the site's folders",
    ))
}

/// "3.2 MB", "740 KB": a size in words a person reads.
pub(crate) fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
