//! The pipeline, wired once: config → content (walk, front matter, model, validation, consent)
//! → markdown → site (sections, taxonomies, links) → render (Tera) → output (pages, feeds,
//! sitemap, search index) → a sink. Every problem of a run is collected and reported together.
//!
//! Three sinks take the output, and nothing else differs between the commands that use them:
//! - a folder (`trailhead build`): written into a staging folder and swapped in only when
//!   everything succeeded, so a failed build leaves the previous output untouched;
//! - memory (`trailhead serve`, through `prepare` and `render`);
//! - nothing (`trailhead check`): every page and listing is rendered and checked, and the
//!   bytes are dropped. So `check` fails exactly when `build` fails, with the same diagnostics.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::config::Config;
use crate::content::{self, LoadOptions, model::Excluded};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::addresses::{AddressMap, Recording};
use crate::output::{self, DirSink, NullSink, SearchStats, Sink, atomic};
use crate::render::Renderer;
use crate::site::Site;

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `trailhead.toml`).
    pub root: PathBuf,
    /// The output folder; default `public` inside the site folder.
    pub output: Option<PathBuf>,
    /// Include drafts.
    pub drafts: bool,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    /// The date used for consent expiry and review checks; default today, or the
    /// `TRAILHEAD_TODAY` environment variable (`YYYY-MM-DD`) for reproducible builds.
    pub today: Option<Date>,
    /// Show a progress bar on a terminal.
    pub progress: bool,
}

impl BuildOptions {
    /// Options for building the site in `root` with defaults.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: false,
            base_url: None,
            today: None,
            progress: false,
        }
    }

    /// The output folder: `--output`, or `public` in the site folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful run did.
#[derive(Debug)]
pub struct BuildReport {
    /// Published pages.
    pub pages: usize,
    /// Sections.
    pub sections: usize,
    /// Taxonomy terms (all taxonomies).
    pub terms: usize,
    /// Files written (or, for `check`, that would have been), including static files.
    pub files: usize,
    /// Of those, files an earlier build had already written with the same bytes, which were
    /// left as they were (always 0 for `check`).
    pub unchanged: usize,
    /// Pages in the search index.
    pub search_documents: usize,
    /// Search index files (under `search/`).
    pub search_files: usize,
    /// Their total size in bytes.
    pub search_bytes: usize,
    /// Time spent building the search index.
    pub search_elapsed: Duration,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Stories left out, and why.
    pub excluded: Vec<Excluded>,
    /// Where the site was written (`None` for `check`).
    pub output: Option<PathBuf>,
    /// How long it took.
    pub elapsed: Duration,
}

/// A failed run: every error and warning, sorted.
#[derive(Debug)]
pub struct BuildFailure {
    /// Errors first, then warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Stories left out, when the site could be read that far.
    pub excluded: Vec<Excluded>,
}

/// Where a run's output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The output folder, swapped in atomically (`build`).
    Folder,
    /// Nowhere: everything is rendered and checked, nothing is written (`check`).
    Nothing,
}

/// Today's date, or `TRAILHEAD_TODAY`.
pub fn today() -> Date {
    std::env::var("TRAILHEAD_TODAY")
        .ok()
        .and_then(|s| crate::util::dates::parse_date(&s))
        .unwrap_or_else(|| jiff::Zoned::now().date())
}

/// Config, content, Markdown and the site's own checks: everything before rendering. `None`
/// only when `trailhead.toml` cannot be read.
pub(crate) fn load_site(opts: &BuildOptions, diags: &Diagnostics) -> Option<Site> {
    let mut config = match Config::load(&opts.root) {
        Ok(c) => c,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    let today = opts.today.unwrap_or_else(today);
    diags.extend(config.check_crisis_freshness(today));
    let content = content::load(
        &opts.root,
        &config,
        LoadOptions {
            drafts: opts.drafts,
            today,
        },
        diags,
    );
    let theme = crate::render::theme_dir(&opts.root, &config.theme);
    let words = match crate::i18n::load(&opts.root, &theme, &[config.language.as_str()]) {
        Ok(mut w) => w.remove(0),
        Err(ds) => {
            diags.extend(ds);
            crate::i18n::built_in(&config.language)
        }
    };
    let site = Site::assemble(config, std::sync::Arc::new(words), content, diags);
    site.check_crisis_guide(&opts.root, diags);
    Some(site)
}

/// A site ready to render: loaded, checked, and its templates read.
pub(crate) struct Prepared {
    /// The site.
    pub(crate) site: Site,
    /// Its templates.
    pub(crate) renderer: Renderer,
}

/// Loads the site and its templates. `None` when there are errors (they are in `diags`).
pub(crate) fn prepare(opts: &BuildOptions, diags: &Diagnostics) -> Option<Prepared> {
    let site = load_site(opts, diags)?;
    if diags.has_errors() {
        return None;
    }
    match Renderer::new(&opts.root, &site) {
        Ok(renderer) => Some(Prepared { site, renderer }),
        Err(ds) => {
            diags.extend(ds);
            None
        }
    }
}

/// Renders everything into `sink`: every page, listing, feed, the search index and the static
/// files, with the warnings of template lookups, and checks every link against the address map
/// (which it returns, for `serve`).
pub(crate) fn render(
    root: &Path,
    prepared: &Prepared,
    sink: &dyn Sink,
    diags: &Diagnostics,
    progress: &indicatif::ProgressBar,
) -> (SearchStats, AddressMap) {
    let recording = Recording::new(sink);
    let search = output::write_site(root, &prepared.site, &prepared.renderer, &recording, diags, progress);
    diags.extend(prepared.renderer.lookup_warnings());
    let map = recording.check(root, &prepared.site, &prepared.renderer, diags);
    (search, map)
}

/// Builds the site (`Target::Folder`) or checks it (`Target::Nothing`). On failure the
/// previous output is left untouched.
pub fn run(opts: &BuildOptions, target: Target) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    let diags = Diagnostics::new();
    let fail = |diags: Diagnostics, excluded: Vec<Excluded>| BuildFailure {
        diagnostics: diags.into_sorted(),
        excluded,
    };

    let output = match target {
        Target::Folder => match atomic::check_output(&opts.root, &opts.output_dir()) {
            Ok(o) => Some(o),
            Err(d) => {
                diags.push(d);
                return Err(fail(diags, Vec::new()));
            }
        },
        Target::Nothing => None,
    };
    let Some(site) = load_site(opts, &diags) else {
        return Err(fail(diags, Vec::new()));
    };
    // The site a failed run leaves in place: `check` looks at it too, so both say the same.
    let old_output = match &output {
        Some(o) => Some(o.clone()),
        None => atomic::check_output(&opts.root, &opts.output_dir()).ok(),
    };
    let fail = |diags: Diagnostics, site: Site| {
        if let Some(output) = &old_output {
            still_published(&site, output, &diags);
        }
        fail(diags, site.excluded)
    };
    if diags.has_errors() {
        // Still render what can be rendered, into nothing, so the problems templates and links
        // would show come in this run too, not the next.
        match Renderer::new(&opts.root, &site) {
            Ok(renderer) => {
                let prepared = Prepared { site, renderer };
                render(
                    &opts.root,
                    &prepared,
                    &NullSink::default(),
                    &diags,
                    &progress_bar(false),
                );
                return Err(fail(diags, prepared.site));
            }
            Err(ds) => {
                diags.extend(ds);
                return Err(fail(diags, site));
            }
        }
    }
    let renderer = match Renderer::new(&opts.root, &site) {
        Ok(r) => r,
        Err(ds) => {
            diags.extend(ds);
            return Err(fail(diags, site));
        }
    };
    let prepared = Prepared { site, renderer };
    let progress = progress_bar(opts.progress && prepared.site.pages.len() >= 500);

    let Some(output) = output else {
        let sink = NullSink::default();
        let (search, _) = render(&opts.root, &prepared, &sink, &diags, &progress);
        progress.finish_and_clear();
        if diags.has_errors() {
            return Err(fail(diags, prepared.site));
        }
        return Ok(report(prepared.site, (sink.count(), 0), search, diags, None, start));
    };

    let staging = match atomic::Staging::begin(&output) {
        Ok(s) => s,
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("cannot create a folder beside {}: {e}", output.display()))
                    .hint("check that the folder is writable"),
            );
            return Err(fail(diags, prepared.site));
        }
    };
    let sink = DirSink::new(&staging.dir);
    let (search, _) = render(&opts.root, &prepared, &sink, &diags, &progress);
    let files = (sink.written(), sink.unchanged());
    progress.finish_and_clear();
    if diags.has_errors() {
        drop(staging);
        return Err(fail(diags, prepared.site));
    }
    let written = sink.into_written();
    if let Err(e) = staging.prune(&written) {
        diags.push(
            Diagnostic::error(format!("cannot tidy the staging folder {}: {e}", staging.dir.display()))
                .hint("close programs that use files in that folder and build again"),
        );
        return Err(fail(diags, prepared.site));
    }
    if let Err(e) = staging.commit(&written) {
        diags.push(
            Diagnostic::error(format!("cannot replace {}: {e}", output.display()))
                .hint("close programs that use files in that folder and build again"),
        );
        return Err(fail(diags, prepared.site));
    }
    Ok(report(prepared.site, files, search, diags, Some(output), start))
}

/// Builds the site into its output folder. On failure the previous output is left untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    run(opts, Target::Folder)
}

/// Runs the whole build without writing anything: same checks, same diagnostics.
pub fn check(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    run(opts, Target::Nothing)
}

fn report(
    site: Site,
    (files, unchanged): (usize, usize),
    search: SearchStats,
    diags: Diagnostics,
    output: Option<PathBuf>,
    start: Instant,
) -> BuildReport {
    BuildReport {
        pages: site.pages.len(),
        sections: site.sections.len(),
        terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
        files,
        unchanged,
        search_documents: search.documents,
        search_files: search.files,
        search_bytes: search.bytes,
        search_elapsed: search.elapsed,
        warnings: diags.into_sorted(),
        excluded: site.excluded,
        output,
        elapsed: start.elapsed(),
    }
}

fn progress_bar(show: bool) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages and listings [{bar:30}] {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// A failed build leaves the previous output as it was, and that output may still hold a story
/// this build leaves out (consent withdrawn or expired since). Say so, loudly, for each one.
fn still_published(site: &Site, output: &Path, diags: &Diagnostics) {
    for ex in &site.excluded {
        let page = output.join(ex.url.trim_matches('/')).join("index.html");
        if page.is_file() {
            diags.push(
                Diagnostic::warning(format!(
                    "the site in {} still shows content/{} (\"{}\"), but {}: it is only removed by a build that succeeds",
                    display_path(output),
                    ex.path,
                    ex.title,
                    ex.reason
                ))
                .in_file(crate::content::content_file(&ex.path))
                .hint("fix the problems listed here and build again; if that must wait, delete that story's folder from the published site by hand"),
            );
        }
    }
}

/// Shows `path` relative to the current folder when possible.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
}
