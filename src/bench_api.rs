//! What the benchmark (`bench/`, an unpublished member of this workspace) uses of Trailhead
//! beyond its public API ([`crate::build()`], [`crate::BuildOptions`], [`crate::scaffold`]).
//!
//! Compiled only with the `bench-internals` feature, which only `bench` enables, and hidden from
//! the docs: this is not part of Trailhead's API and changes whenever the benchmark needs it to.
//! Everything here is a thin wrapper, so the modules it reaches into can stay (or become)
//! private to the crate. Keep it small:
//!
//! - [`slugify`]: the slug Trailhead gives a title, so generated pages can link to each other;
//! - [`Preview`]: the in-memory site of `trailhead serve`, for the one-story-edit timing;
//! - [`LoadedSite`] and [`SearchStep`]: a site loaded once, then one step of the search index
//!   build run on it, for `bench profile-search`.

use std::path::PathBuf;

use crate::BuildOptions;
use crate::diagnostics::Diagnostics;

/// The slug of `title` (lowercase ASCII words joined by `-`), as in page addresses and anchors.
pub fn slugify(title: &str) -> String {
    crate::util::text::slugify(title)
}

/// The site that `trailhead serve` keeps in memory and rebuilds after each change.
pub struct Preview(crate::serve::preview::Preview);

impl Preview {
    /// A preview of the site in `opts.root`; nothing is built until [`Preview::full_rebuild`].
    pub fn new(opts: BuildOptions) -> Self {
        Preview(crate::serve::preview::Preview::new(opts))
    }

    /// Builds everything in memory; false if the build failed.
    pub fn full_rebuild(&mut self) -> bool {
        !self.0.full_rebuild("bench").failed()
    }

    /// Brings the preview up to date after `changed` (paths of edited files) changed on disk,
    /// as the watcher of `serve` would; false if the rebuild failed.
    pub fn apply(&mut self, changed: &[PathBuf]) -> bool {
        !self.0.apply(changed).failed()
    }

    /// The bytes of an output file of the last good build, by key (`stories/x/index.html`).
    pub fn file(&self, key: &str) -> Option<&[u8]> {
        self.0.files().get(key).map(|b| &b[..])
    }
}

/// A site loaded, validated and assembled as `trailhead build` does before writing anything.
pub struct LoadedSite(crate::site::Site);

impl LoadedSite {
    /// Loads the site in `opts.root`, or returns its errors, one a line.
    pub fn load(opts: &BuildOptions) -> Result<Self, String> {
        let diags = Diagnostics::new();
        match crate::pipeline::load_site(opts, &diags) {
            // The default language's site (the benchmark's libraries have one language).
            Some(sites) => sites
                .into_iter()
                .next()
                .map(LoadedSite)
                .ok_or_else(|| "the site has no language".to_owned()),
            None => Err(diags.into_sorted().iter().map(|d| format!("{d}\n")).collect()),
        }
    }

    /// Runs one step of the search index build on the site and returns a figure of the work
    /// done (bytes of words read, documents indexed, bytes of index files), so the work cannot be
    /// optimised away.
    pub fn search(&self, step: SearchStep) -> usize {
        match step {
            SearchStep::Tokenize => {
                let (docs, _) = crate::search::documents(&self.0);
                let mut n = 0usize;
                for d in &docs {
                    crate::search::tokenize::each_word_ref(d.body, |w, _| n += w.len());
                }
                n
            }
            SearchStep::Index => {
                let (docs, _) = crate::search::documents(&self.0);
                let index = crate::search::index::build(&docs);
                std::hint::black_box(&index);
                docs.len()
            }
            SearchStep::Full => crate::search::build(&self.0).bytes,
        }
    }
}

/// One step of the search index build, for [`LoadedSite::search`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchStep {
    /// Collect the searchable documents and read every word of their bodies.
    Tokenize,
    /// Collect the documents and build the in-memory index (no files).
    Index,
    /// The whole search index build, files included (nothing is written to disk).
    Full,
}
