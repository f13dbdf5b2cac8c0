//! The whole pipeline: config → content → site → render → output, with every problem of a
//! build collected and reported together. A failed build leaves the previous output untouched.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::config::Config;
use crate::content::{self, LoadOptions, model::Excluded};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, atomic};
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
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Published pages.
    pub pages: usize,
    /// Sections.
    pub sections: usize,
    /// Taxonomy terms (all taxonomies).
    pub terms: usize,
    /// Files written, including static files.
    pub files: usize,
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
    /// Where the site was written.
    pub output: PathBuf,
    /// How long it took.
    pub elapsed: Duration,
}

/// A failed build: every error and warning, sorted.
#[derive(Debug)]
pub struct BuildFailure {
    /// Errors first, then warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Today's date, or `TRAILHEAD_TODAY`.
pub fn today() -> Date {
    std::env::var("TRAILHEAD_TODAY")
        .ok()
        .and_then(|s| crate::content::dates::parse_date(&s))
        .unwrap_or_else(|| jiff::Zoned::now().date())
}

/// Loads, validates and assembles a site without writing anything (used by `build` and `check`).
pub fn load_site(opts: &BuildOptions, diags: &Diagnostics) -> Option<Site> {
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
    crisis_freshness(&config, today, diags);
    let content = content::load(
        &opts.root,
        &config,
        LoadOptions {
            drafts: opts.drafts,
            today,
        },
        diags,
    );
    let site = Site::assemble(config, content, diags);
    check_crisis_guide(&site, &opts.root, diags);
    Some(site)
}

/// `[crisis] guide` must name a published page.
fn check_crisis_guide(site: &Site, root: &Path, diags: &Diagnostics) {
    let Some(guide) = site.config.crisis.guide.as_deref() else {
        return;
    };
    let path = guide.trim_start_matches("@/");
    if site.pages.iter().any(|p| p.page.path == path) {
        return;
    }
    let source = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
    let (line, col) = crate::config::find_key(&source, "guide");
    let closest = crate::text::did_you_mean(path, site.pages.iter().map(|p| p.page.path.as_str()));
    diags.push(
        Diagnostic::error(format!(
            "[crisis] guide names content/{path}, which is not a published page"
        ))
        .in_file(crate::config::CONFIG_FILE)
        .at_in(&source, line, col)
        .hint(match closest {
            Some(c) => format!("did you mean \"{c}\"?"),
            None => {
                "give the path of a page under content/, such as \"guides/crisis-lines.md\", or remove `guide`".into()
            }
        }),
    );
}

fn crisis_freshness(config: &Config, today: Date, diags: &Diagnostics) {
    match config.crisis_last_verified() {
        Some(d) if today.since(d).map(|s| s.get_days() > 180).unwrap_or(false) => diags.push(
            Diagnostic::warning(format!(
                "the crisis numbers were last checked on {d}, more than 180 days ago"
            ))
            .in_file(crate::config::CONFIG_FILE)
            .hint("call or text each number in [crisis] to check it still works, then update `last_verified`"),
        ),
        Some(_) => {}
        None => diags.push(
            Diagnostic::warning("the crisis numbers have no `last_verified` date")
                .in_file(crate::config::CONFIG_FILE)
                .hint("check each number in [crisis], then add `last_verified = \"YYYY-MM-DD\"` under [crisis]"),
        ),
    }
}

/// Builds the site. On failure the previous output is left untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    let diags = Diagnostics::new();
    let fail = |diags: Diagnostics| BuildFailure {
        diagnostics: diags.into_sorted(),
    };

    let output = opts.output.clone().unwrap_or_else(|| opts.root.join("public"));
    let output = match atomic::check_output(&opts.root, &output) {
        Ok(o) => o,
        Err(d) => {
            diags.push(d);
            return Err(fail(diags));
        }
    };
    let Some(site) = load_site(opts, &diags) else {
        return Err(fail(diags));
    };
    let fail = |diags: Diagnostics| {
        still_published(&site, &output, &diags);
        fail(diags)
    };
    if diags.has_errors() {
        return Err(fail(diags));
    }
    let renderer = match Renderer::new(&opts.root, &site) {
        Ok(r) => r,
        Err(ds) => {
            diags.extend(ds);
            return Err(fail(diags));
        }
    };
    let staging = match atomic::Staging::begin(&output) {
        Ok(s) => s,
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("cannot create a folder beside {}: {e}", output.display()))
                    .hint("check that the folder is writable"),
            );
            return Err(fail(diags));
        }
    };
    let progress = if opts.progress && site.pages.len() >= 500 {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} rendering {pos}/{len} pages and listings [{bar:30}] {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let sink = output::DirSink::new(&staging.dir);
    let search = output::write_site(&opts.root, &site, &renderer, &sink, &diags, &progress);
    diags.extend(renderer.lookup_warnings());
    let files = sink.written();
    progress.finish_and_clear();
    if diags.has_errors() {
        drop(staging);
        return Err(fail(diags));
    }
    let written = sink.into_written();
    if let Err(e) = staging.prune(&written) {
        diags.push(
            Diagnostic::error(format!("cannot tidy the staging folder {}: {e}", staging.dir.display()))
                .hint("close programs that use files in that folder and build again"),
        );
        return Err(fail(diags));
    }
    if let Err(e) = staging.commit(&written) {
        diags.push(
            Diagnostic::error(format!("cannot replace {}: {e}", output.display()))
                .hint("close programs that use files in that folder and build again"),
        );
        return Err(fail(diags));
    }
    Ok(BuildReport {
        pages: site.pages.len(),
        sections: site.sections.len(),
        terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
        files,
        search_documents: search.documents,
        search_files: search.files,
        search_bytes: search.bytes,
        search_elapsed: search.elapsed,
        warnings: diags.into_sorted(),
        excluded: site.excluded,
        output,
        elapsed: start.elapsed(),
    })
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
