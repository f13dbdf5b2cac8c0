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
    /// Write a copy that works from any folder or USB stick with no server (relative links,
    /// only stories whose consent includes `offline`); `portable = true` in trailhead.toml
    /// does the same.
    pub portable: bool,
    /// Also write the portable copy as this zip archive (implies `portable`).
    pub zip: Option<PathBuf>,
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
            portable: false,
            zip: None,
        }
    }

    /// The output folder: `--output`, or `public` in the site folder (`portable` for a
    /// portable copy, so it never replaces the website's files).
    pub fn output_dir(&self) -> PathBuf {
        let default = if self.portable || self.zip.is_some() {
            "portable"
        } else {
            "public"
        };
        self.output.clone().unwrap_or_else(|| self.root.join(default))
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

/// Config, content, Markdown and the site's own checks: everything before rendering, for each
/// of the site's languages (the default first). `None` only when `trailhead.toml` cannot be
/// read.
pub(crate) fn load_site(opts: &BuildOptions, diags: &Diagnostics) -> Option<Vec<Site>> {
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
    config.portable |= opts.portable || opts.zip.is_some();
    if config.portable {
        // Feeds and the sitemap name the public address; a copy on a stick has none.
        config.feeds = false;
        config.sitemap = false;
    }
    let today = opts.today.unwrap_or_else(today);
    let load_opts = LoadOptions {
        output: if config.portable {
            content::consent::Output::Offline
        } else {
            content::consent::Output::Web
        },
        drafts: opts.drafts,
        today,
    };
    let langs = config.langs();
    let mut configs: Vec<Config> = langs.iter().map(|l| config.for_language(l)).collect();
    let theme = crate::render::theme_dir(&opts.root, &config.theme);
    for c in &mut configs {
        match crate::config::search::theme_synonyms(&opts.root, &theme, &c.language) {
            Ok(list) => c.search.theme_synonyms = list,
            Err(ds) => diags.extend(ds),
        }
    }
    let codes: Vec<&str> = langs.iter().map(|l| l.code.as_str()).collect();
    let words = match crate::i18n::load(&opts.root, &theme, &codes) {
        Ok(w) => w,
        Err(ds) => {
            diags.extend(ds);
            codes.iter().map(|c| crate::i18n::built_in(c)).collect()
        }
    };
    let mut contents: Vec<content::Content> = Vec::with_capacity(configs.len());
    for c in &configs {
        diags.extend(c.check_crisis_freshness(today));
        let loaded = content::load(&opts.root, c, load_opts, contents.first(), diags);
        contents.push(loaded);
    }
    for (c, content) in configs.iter().zip(&mut contents) {
        crate::site::check_duplicate_urls(c, &mut content.pages, &content.sections, diags);
    }
    let languages = langs
        .iter()
        .zip(&words)
        .map(|(l, w)| crate::site::LanguageLink {
            code: l.code.clone(),
            name: w.get("language_name").to_owned(),
            url: l.home(),
            home_label: w.get("go_home").to_owned(),
        })
        .collect();
    let shared = crate::site::Shared::new(&contents, languages);
    let sites: Vec<Site> = configs
        .into_iter()
        .zip(words)
        .zip(contents)
        .map(|((c, w), content)| {
            let mut site = Site::assemble(c, std::sync::Arc::new(w), content, &shared, diags);
            site.today = today;
            site
        })
        .collect();
    for site in &sites {
        site.check_crisis_guide(&opts.root, diags);
    }
    Some(sites)
}

/// The site in each language, ready to render: loaded, checked, and its templates read.
pub(crate) struct Prepared {
    /// The site in each language, the default first.
    pub(crate) sites: Vec<Site>,
    /// Their templates (one environment a language: each has its own words and settings).
    pub(crate) renderers: Vec<Renderer>,
}

impl Prepared {
    /// Reads the templates for each language's site.
    pub(crate) fn new(root: &Path, sites: Vec<Site>) -> Result<Prepared, (Vec<Diagnostic>, Vec<Site>)> {
        let mut renderers = Vec::with_capacity(sites.len());
        for site in &sites {
            match Renderer::new(root, site) {
                Ok(r) => renderers.push(r),
                Err(ds) => return Err((ds, sites)),
            }
        }
        Ok(Prepared { sites, renderers })
    }

    /// Pages of every language.
    pub(crate) fn page_count(&self) -> usize {
        self.sites.iter().map(|s| s.pages.len()).sum()
    }
}

/// Loads the site and its templates. `None` when there are errors (they are in `diags`).
pub(crate) fn prepare(opts: &BuildOptions, diags: &Diagnostics) -> Option<Prepared> {
    let sites = load_site(opts, diags)?;
    if diags.has_errors() {
        return None;
    }
    match Prepared::new(&opts.root, sites) {
        Ok(p) => Some(p),
        Err((ds, _)) => {
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
    // A portable copy's pages are rewritten for a folder after the address checks saw them.
    let portable = output::portable::PortableSink::new(sink);
    let sink: &dyn Sink = if prepared.sites.first().is_some_and(|s| s.config.portable) {
        &portable
    } else {
        sink
    };
    let recording = Recording::new(sink);
    progress.set_length(prepared.sites.iter().map(|s| output::all_jobs(s).len() as u64).sum());
    let mut search = SearchStats::default();
    for (site, renderer) in prepared.sites.iter().zip(&prepared.renderers) {
        let s = output::write_site(root, site, renderer, &recording, diags, progress);
        search.add(&s);
        diags.extend(renderer.lookup_warnings());
    }
    if let Some(default) = prepared.sites.first() {
        output::write_shared(root, default, &prepared.sites, &recording, diags);
    }
    let map = recording.check(root, &prepared.sites, &prepared.renderers, diags);
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
    let Some(sites) = load_site(opts, &diags) else {
        return Err(fail(diags, Vec::new()));
    };
    // The site a failed run leaves in place: `check` looks at it too, so both say the same.
    let old_output = match &output {
        Some(o) => Some(o.clone()),
        None => atomic::check_output(&opts.root, &opts.output_dir()).ok(),
    };
    let fail = |diags: Diagnostics, sites: Vec<Site>| {
        if let Some(output) = &old_output {
            for site in &sites {
                still_published(site, output, &diags);
            }
        }
        fail(diags, sites.into_iter().flat_map(|s| s.excluded).collect())
    };
    let prepared = match Prepared::new(&opts.root, sites) {
        Ok(p) => p,
        Err((ds, sites)) => {
            diags.extend(ds);
            return Err(fail(diags, sites));
        }
    };
    if diags.has_errors() {
        // Still render what can be rendered, into nothing, so the problems templates and links
        // would show come in this run too, not the next.
        render(
            &opts.root,
            &prepared,
            &NullSink::default(),
            &diags,
            &progress_bar(false),
        );
        return Err(fail(diags, prepared.sites));
    }
    let progress = progress_bar(opts.progress && prepared.page_count() >= 500);

    let Some(output) = output else {
        let sink = NullSink::default();
        let (search, _) = render(&opts.root, &prepared, &sink, &diags, &progress);
        progress.finish_and_clear();
        if diags.has_errors() {
            return Err(fail(diags, prepared.sites));
        }
        return Ok(report(prepared.sites, (sink.count(), 0), search, diags, None, start));
    };

    let staging = match atomic::Staging::begin(&output) {
        Ok(s) => s,
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("cannot create a folder beside {}: {e}", output.display()))
                    .hint("check that the folder is writable"),
            );
            return Err(fail(diags, prepared.sites));
        }
    };
    let sink = DirSink::new(&staging.dir);
    let (search, _) = render(&opts.root, &prepared, &sink, &diags, &progress);
    let files = (sink.written(), sink.unchanged());
    progress.finish_and_clear();
    if diags.has_errors() {
        drop(staging);
        return Err(fail(diags, prepared.sites));
    }
    let written = sink.into_written();
    if let Err(e) = staging.prune(&written) {
        diags.push(
            Diagnostic::error(format!("cannot tidy the staging folder {}: {e}", staging.dir.display()))
                .hint("close programs that use files in that folder and build again"),
        );
        return Err(fail(diags, prepared.sites));
    }
    if let Err(e) = staging.commit(&written) {
        diags.push(
            Diagnostic::error(format!("cannot replace {}: {e}", output.display()))
                .hint("close programs that use files in that folder and build again"),
        );
        return Err(fail(diags, prepared.sites));
    }
    if let Some(zip) = &opts.zip
        && let Err(e) = output::portable::write_zip(&output, zip)
    {
        diags.push(
            Diagnostic::error(format!("cannot write the archive {}: {e}", display_path(zip)))
                .hint("check that the folder exists and is writable; the portable folder itself was written"),
        );
        return Err(fail(diags, prepared.sites));
    }
    Ok(report(prepared.sites, files, search, diags, Some(output), start))
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
    sites: Vec<Site>,
    (files, unchanged): (usize, usize),
    search: SearchStats,
    diags: Diagnostics,
    output: Option<PathBuf>,
    start: Instant,
) -> BuildReport {
    BuildReport {
        pages: sites.iter().map(|s| s.pages.len()).sum(),
        sections: sites.iter().map(|s| s.sections.len()).sum(),
        terms: sites.iter().flat_map(|s| &s.taxonomies).map(|t| t.terms.len()).sum(),
        files,
        unchanged,
        search_documents: search.documents,
        search_files: search.files,
        search_bytes: search.bytes,
        search_elapsed: search.elapsed,
        warnings: diags.into_sorted(),
        excluded: sites.into_iter().flat_map(|s| s.excluded).collect(),
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
