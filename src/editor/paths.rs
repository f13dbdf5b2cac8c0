//! Every path the editor touches is confined to the site's `content/` folder: relative, no
//! `..`, no absolute or drive paths, no hidden names, and no symlink anywhere on the way out.

use std::path::{Component, Path, PathBuf};

/// Why a path was refused, in plain words.
pub(crate) type Refusal = String;

/// The file `rel` (slash-separated, relative to `content/`) inside `content`, which must be
/// canonical. Checks the text first, then every existing part of the path on disk.
pub(crate) fn confine(content: &Path, rel: &str, extensions: &[&str]) -> Result<PathBuf, Refusal> {
    if rel.is_empty() || rel.len() > 400 {
        return Err("the file name is empty or too long".into());
    }
    if rel.contains('\\') || rel.contains('\0') || rel.contains(':') {
        return Err(format!("{rel:?} is not a file name inside content/"));
    }
    let path = Path::new(rel);
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => {
                let p = p.to_str().ok_or("the file name is not valid text")?;
                if p.starts_with('.') {
                    return Err(format!("{rel:?} names a hidden file or folder"));
                }
                parts.push(p);
            }
            _ => return Err(format!("{rel:?} leaves the content/ folder or is not relative")),
        }
    }
    let name = parts.last().ok_or("no file name")?;
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !extensions.contains(&ext.as_str()) {
        return Err(format!("{rel:?} is not a {} file", extensions.join(" or ")));
    }
    // No part of the way may be a symlink: a link could point anywhere on the computer.
    let mut at = content.to_path_buf();
    for p in &parts {
        at.push(p);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(format!("{rel:?} goes through a link, which the editor does not follow"));
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    let full = content.join(path);
    // Belt and braces: whatever exists of the parent must resolve inside content/.
    let mut existing = full.parent().map(Path::to_path_buf).unwrap_or_default();
    while !existing.exists() {
        match existing.parent() {
            Some(p) => existing = p.to_path_buf(),
            None => break,
        }
    }
    match std::fs::canonicalize(&existing) {
        Ok(c) if c.starts_with(content) => Ok(full),
        _ => Err(format!("{rel:?} is outside the content/ folder")),
    }
}

#[cfg(test)]
mod tests {
    use super::confine;

    #[test]
    fn only_plain_relative_paths_inside_content() {
        let dir = tempfile::tempdir().unwrap();
        let content = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(content.join("stories")).unwrap();
        assert!(confine(&content, "stories/a.md", &["md"]).is_ok());
        assert!(confine(&content, "new/a.md", &["md"]).is_ok());
        for bad in [
            "../a.md",
            "/etc/a.md",
            "stories/../../a.md",
            "a.txt",
            "",
            ".git/a.md",
            "c:/a.md",
            "a\\..\\b.md",
        ] {
            assert!(confine(&content, bad, &["md"]).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/tmp", content.join("out")).unwrap();
            assert!(confine(&content, "out/a.md", &["md"]).is_err());
        }
    }
}
