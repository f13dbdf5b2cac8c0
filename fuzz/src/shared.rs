//! What the pipeline targets share: a scratch folder per target, and the input placed in the
//! file the target is about.
#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;

/// A folder of this process's own for the site (AFL runs one process per core).
pub fn scratch(target: &str) -> PathBuf {
    std::env::temp_dir().join(format!("trailhead-fuzz-{target}-{}", std::process::id()))
}

/// The input as the body of the guide and of the story (their front matter stays valid).
pub fn as_bodies(data: &[u8]) -> Vec<u8> {
    let site = crate::invariants::base_site();
    let with_body = |slot: &str| {
        let text = &site[slot];
        let end = find(text, b"\n---\n").map_or(text.len(), |i| i + 5);
        let mut out = text[..end].to_vec();
        out.extend_from_slice(data);
        out
    };
    // Slots 0 and 1 (settings, home) keep theirs: empty parts.
    let mut input = vec![0xFF, 0xFF];
    input.extend(with_body("content/stories/a.md"));
    input.push(0xFF);
    input.extend(with_body("content/guides/b.md"));
    input
}

/// The input as `templates/page.html` (slot 6), the other files as they are.
pub fn as_template(data: &[u8]) -> Vec<u8> {
    let mut input = vec![0xFF; 6];
    input.extend_from_slice(data);
    input
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
