//! Paths as the site shows them: relative, with `/` separators on every system.

use std::path::Path;

/// A relative path with `/` separators.
pub(crate) fn to_slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
