//! What the fuzz targets (`fuzz/`, outside the workspace) and their regression tests
//! (`tests/testsuite/fuzz_regressions.rs`) drive: the one pipeline, fed a site folder, with its
//! output kept in memory; and the parsers of user input one at a time, for speed.
//!
//! Hidden from the docs and not part of Trailhead's API. Each function takes what an editor
//! could write and returns what the invariants are checked on; none of them may panic.

use std::collections::BTreeMap;
use std::path::Path;

use crate::BuildOptions;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// A site built from its folder into memory, as `build` would write it.
pub struct Built {
    /// Every output file by path (`stories/a/index.html`); empty when the build failed.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs the whole pipeline (config, content, Markdown, site, render, output) on the site in
/// `root`, into memory. `today` fixes the date so consent and review checks do not drift.
pub fn build_in_memory(root: &Path, today: jiff::civil::Date) -> Built {
    let mut opts = BuildOptions::new(root);
    opts.today = Some(today);
    let diags = Diagnostics::new();
    let sink = crate::output::sink::MemorySink::default();
    if let Some(prepared) = crate::pipeline::prepare(&opts, &diags) {
        let progress = indicatif::ProgressBar::hidden();
        crate::pipeline::render(root, &prepared, &sink, &diags, &progress);
    }
    let diagnostics = diags.into_sorted();
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    Built {
        files: if failed {
            BTreeMap::new()
        } else {
            sink.into_files().into_iter().map(|(k, v)| (k, v.to_vec())).collect()
        },
        diagnostics,
    }
}

/// Parses a page's front matter (YAML between `---` or TOML between `+++`): the diagnostic of
/// the first problem, if any.
pub fn front_matter(source: &str) -> Option<Diagnostic> {
    let file = Path::new("content/page.md");
    let split = match crate::content::frontmatter::split(source) {
        Ok(s) => s,
        Err(d) => return Some(d),
    };
    crate::content::frontmatter::parse(source, &split, file).err()
}

/// Parses `trailhead.toml` and derives each language's settings: the problems found.
pub fn config(source: &str) -> Vec<Diagnostic> {
    match crate::config::Config::parse(source) {
        Ok(c) => {
            for lang in c.langs() {
                let _ = c.for_language(&lang);
            }
            Vec::new()
        }
        Err(ds) => ds,
    }
}

/// The words the search index takes from `text`, as the tokenizer splits and folds them.
pub fn search_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    crate::search::tokenize::each_word_ref(text, |w, _| out.push(crate::search::tokenize::fold(w)));
    out
}

/// A word as the index keeps it (lowercase, accents folded where the language allows).
pub fn fold(word: &str) -> String {
    crate::search::tokenize::fold(word)
}

/// The addresses `html` loads from other websites, by the one tokenizer-based predicate every
/// remote-load check uses.
pub fn remote_loads(html: &str) -> Vec<String> {
    crate::privacy::remote_loads_in_html(html)
        .into_iter()
        .map(|l| l.url)
        .collect()
}
