//! The preview: the site built in memory, kept up to date after each change with the smallest
//! rebuild that gives exactly what a full `trailhead build` would.
//!
//! - An edited Markdown page whose address, section, terms and place in every listing stay the
//!   same is read and rendered again alone. If its summary (what listings and feeds show)
//!   changed too, the outputs that show it are rendered again: its listing pages, the pages of
//!   its tags that list it, feeds, and any template that reads its section or looks pages up.
//! - A changed stylesheet, script or image under `static/` is copied again.
//! - Anything else (a new, deleted or renamed file, a changed title that moves a page in a
//!   listing, tags, templates, `trailhead.toml`) rebuilds everything in memory.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::content::model::SortBy;
use crate::content::{self, CONTENT_DIR, LoadOptions, Reloaded};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::addresses::{AddressMap, Recording};
use crate::output::{self, Job, MemorySink};
use crate::pipeline::{self, BuildOptions};
use crate::render::Renderer;
use crate::render::values;
use crate::site::{Site, compare_pages};

/// What one rebuild did.
#[derive(Debug)]
pub struct Outcome {
    /// What kind of rebuild it was, for the log ("story.md edited", "full rebuild").
    pub kind: String,
    /// Outputs rendered or copied again.
    pub rendered: usize,
    /// Files whose bytes changed (new or different), by key.
    pub changed: Vec<String>,
    /// Files that no longer exist, by key.
    pub removed: Vec<String>,
    /// Errors (the previous site is still served) and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// How long it took.
    pub elapsed: Duration,
    /// Page text changed, so the search index must be rebuilt ([`Preview::refresh_search`]).
    pub search_stale: bool,
}

impl Outcome {
    /// A batch that changed nothing of the site (say, an editor's temporary file came and went).
    pub fn nothing() -> Self {
        Outcome {
            kind: String::new(),
            rendered: 0,
            changed: Vec::new(),
            removed: Vec::new(),
            diagnostics: Vec::new(),
            elapsed: Duration::ZERO,
            search_stale: false,
        }
    }

    /// True for [`Outcome::nothing`]: nothing to log or tell the browser.
    pub fn is_nothing(&self) -> bool {
        self.kind.is_empty() && self.rendered == 0 && self.changed.is_empty() && self.diagnostics.is_empty()
    }

    /// True if the rebuild failed.
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

struct Built {
    /// The site in each language, the default first. Shared with the search indexer, which
    /// works on a snapshot; an edit while it runs copies the site (`Arc::make_mut`).
    sites: Vec<Arc<Site>>,
    renderers: Vec<Renderer>,
    /// Every file with its elements' ids, for checking the links of an edited page.
    addresses: AddressMap,
}

impl Built {
    /// The default language's site.
    fn default_site(&self) -> &Site {
        &self.sites[0]
    }
}

/// The site kept in memory for `serve`.
pub struct Preview {
    opts: BuildOptions,
    built: Option<Built>,
    files: HashMap<String, Bytes>,
    /// True when the last rebuild failed: the next change rebuilds everything.
    broken: bool,
    /// Counts changes to the site's pages, so a search index built from an older snapshot
    /// is recognised and dropped.
    generation: u64,
}

impl Preview {
    /// A preview of the site in `opts.root`; nothing is built until [`Preview::full_rebuild`].
    pub fn new(opts: BuildOptions) -> Self {
        Preview {
            opts,
            built: None,
            files: HashMap::new(),
            broken: true,
            generation: 0,
        }
    }

    /// The files of the last good build.
    pub fn files(&self) -> &HashMap<String, Bytes> {
        &self.files
    }

    /// Builds everything again in memory.
    pub fn full_rebuild(&mut self, why: &str) -> Outcome {
        let start = Instant::now();
        let diags = Diagnostics::new();
        let Some(prepared) = pipeline::prepare(&self.opts, &diags) else {
            return self.fail(why, diags, start);
        };
        let sink = MemorySink::default();
        let (_, addresses) = pipeline::render(
            &self.opts.root,
            &prepared,
            &sink,
            &diags,
            &indicatif::ProgressBar::hidden(),
        );
        if diags.has_errors() {
            return self.fail(why, diags, start);
        }
        let built = Built {
            sites: prepared.sites.into_iter().map(Arc::new).collect(),
            renderers: prepared.renderers,
            addresses,
        };
        let files = sink.into_files();
        let rendered = files.len();
        let mut changed: Vec<String> = files
            .iter()
            .filter(|(k, v)| self.files.get(*k) != Some(*v))
            .map(|(k, _)| k.clone())
            .collect();
        let mut removed: Vec<String> = self.files.keys().filter(|k| !files.contains_key(*k)).cloned().collect();
        changed.sort();
        removed.sort();
        self.files = files;
        self.built = Some(built);
        self.broken = false;
        self.generation += 1;
        Outcome {
            kind: why.to_owned(),
            rendered,
            changed,
            removed,
            diagnostics: diags.into_sorted(),
            elapsed: start.elapsed(),
            search_stale: false,
        }
    }

    /// The site as it is now (every language), for building the search index elsewhere, with
    /// its generation.
    pub(crate) fn snapshot(&self) -> Option<(u64, Vec<Arc<Site>>)> {
        self.built
            .as_ref()
            .map(|b| (self.generation, b.sites.iter().map(Arc::clone).collect()))
    }

    /// The generation of the site's pages (see `Preview::snapshot`).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Rebuilds the search index now (tests and benchmarks; `serve` builds it on another
    /// thread from a `Preview::snapshot` and hands it to [`Preview::accept_search`]).
    pub fn refresh_search(&mut self) -> Outcome {
        // Built and accepted in one go, so the generation always matches; without a site
        // (before the first good build) there is nothing to index.
        let start = Instant::now();
        let Some((generation, sites)) = self.snapshot() else {
            return Outcome::nothing();
        };
        let (files, diags) = search_files(&sites);
        let mut o = self.accept_search(generation, files).unwrap_or_else(Outcome::nothing);
        o.diagnostics.extend(diags.into_sorted());
        o.elapsed = start.elapsed();
        o
    }

    /// Puts a search index built from the snapshot of `generation` in place, unless the site
    /// changed since (then None: a newer index is on its way).
    pub fn accept_search(&mut self, generation: u64, files: HashMap<String, Bytes>) -> Option<Outcome> {
        if generation != self.generation {
            return None;
        }
        let start = Instant::now();
        let mut removed: Vec<String> = self
            .files
            .keys()
            .filter(|k| is_search_file(k) && !files.contains_key(*k))
            .cloned()
            .collect();
        removed.sort();
        for k in &removed {
            self.files.remove(k);
        }
        let rendered = files.len();
        let changed = self.merge_files(files);
        Some(Outcome {
            kind: "search index".into(),
            rendered,
            changed,
            removed,
            diagnostics: Vec::new(),
            elapsed: start.elapsed(),
            search_stale: false,
        })
    }

    fn fail(&mut self, why: &str, diags: Diagnostics, start: Instant) -> Outcome {
        self.broken = true;
        Outcome {
            kind: why.to_owned(),
            rendered: 0,
            changed: Vec::new(),
            removed: Vec::new(),
            diagnostics: diags.into_sorted(),
            elapsed: start.elapsed(),
            search_stale: false,
        }
    }

    /// Brings the preview up to date after `paths` (absolute or relative to the site root)
    /// changed on disk.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Outcome {
        let root = self.opts.root.clone();
        let rels: BTreeSet<String> = paths
            .iter()
            .map(|p| content::to_slash(p.strip_prefix(&root).unwrap_or(p)))
            .collect();
        // A file that is gone and was never part of the site is an editor's temporary file,
        // unless the last rebuild failed: it may have failed on that very file (deleted while
        // it was being read), and its going is the fix. A link to nowhere is still there.
        let rels: BTreeSet<String> = rels
            .into_iter()
            .filter(|r| self.broken || root.join(r).symlink_metadata().is_ok() || self.knows(r))
            .collect();
        if rels.is_empty() {
            return Outcome::nothing();
        }
        let names = rels.iter().cloned().collect::<Vec<_>>().join(", ");
        if self.broken || self.built.is_none() {
            return self.full_rebuild(&format!("{names} changed; full rebuild"));
        }
        let theme_static = format!(
            "themes/{}/static/",
            self.built.as_ref().map_or("", |b| &b.default_site().config.theme)
        );
        let is_static = |r: &str| r.starts_with("static/") || r.starts_with(&theme_static);
        if rels.iter().all(|r| is_static(r) && root.join(r).is_file()) {
            return self.recopy_static(&names);
        }
        let pages: Option<Vec<(usize, usize)>> = rels
            .iter()
            .map(|r| {
                let rel = r.strip_prefix(&format!("{CONTENT_DIR}/"))?;
                let built = self.built.as_ref()?;
                let (l, i) = built
                    .sites
                    .iter()
                    .enumerate()
                    .find_map(|(l, site)| site.pages.iter().position(|p| p.page.path == rel).map(|i| (l, i)))?;
                // A story with translations, or a translation: its consent decides for
                // pages in other languages too, so the whole site is built again.
                let page = &built.sites[l].pages[i].page;
                let shared = page.story().is_some()
                    && built
                        .sites
                        .iter()
                        .filter(|s| s.pages.iter().any(|p| p.page.key == page.key))
                        .count()
                        > 1;
                (root.join(r).is_file() && !shared).then_some((l, i))
            })
            .collect();
        let Some(pages) = pages else {
            return self.full_rebuild(&format!("{names} changed; full rebuild"));
        };
        let start = Instant::now();
        let mut outcome: Option<Outcome> = None;
        for (l, i) in pages {
            match self.edit_page(l, i, start) {
                Edit::Done(o) => outcome = Some(merge(outcome, o)),
                Edit::Failed(diags) => return self.fail(&format!("{names} edited"), diags, start),
                Edit::Full => return self.full_rebuild(&format!("{names} changed; full rebuild")),
            }
        }
        let mut o = outcome.unwrap_or_else(|| self.fail(&names, Diagnostics::new(), start));
        o.kind = format!("{names} edited");
        o.elapsed = start.elapsed();
        o
    }

    /// True if the source at `rel` (relative to the site root) was part of the last build.
    fn knows(&self, rel: &str) -> bool {
        let Some(b) = &self.built else {
            return true;
        };
        if let Some(path) = rel.strip_prefix("content/") {
            if !path.ends_with(".md") {
                return self.files.contains_key(path);
            }
            let index = path.rsplit('/').next().is_some_and(|n| n.starts_with("_index."));
            return b.sites.iter().any(|site| {
                site.pages.iter().any(|p| p.page.path == path)
                    || site.unpublished.contains_key(path)
                    || (index
                        && site
                            .sections
                            .iter()
                            .any(|x| x.section.file.as_deref().is_some_and(|f| f.ends_with(path))))
            }) || index;
        }
        let theme_static = format!("themes/{}/static/", b.default_site().config.theme);
        if let Some(key) = rel
            .strip_prefix("static/")
            .or_else(|| rel.strip_prefix(theme_static.as_str()))
        {
            return self.files.contains_key(key);
        }
        true
    }

    fn recopy_static(&mut self, names: &str) -> Outcome {
        let start = Instant::now();
        let diags = Diagnostics::new();
        let sink = MemorySink::default();
        if let Some(b) = &self.built {
            output::copy_static(&self.opts.root, b.default_site(), &sink, &diags);
        }
        if diags.has_errors() {
            return self.fail(names, diags, start);
        }
        let files = sink.into_files();
        let rendered = files.len();
        let changed = self.merge_files(files);
        Outcome {
            kind: format!("{names} changed"),
            rendered,
            changed,
            removed: Vec::new(),
            diagnostics: diags.into_sorted(),
            elapsed: start.elapsed(),
            search_stale: false,
        }
    }

    /// Puts `files` in place; returns the keys whose bytes changed, sorted.
    fn merge_files(&mut self, files: HashMap<String, Bytes>) -> Vec<String> {
        let mut changed = Vec::new();
        for (k, v) in files {
            if self.files.get(&k) != Some(&v) {
                changed.push(k.clone());
                self.files.insert(k, v);
            }
        }
        changed.sort();
        changed
    }

    /// Re-reads and re-renders page `i` alone, or says that the edit needs a full rebuild
    /// (the page moved, changed its terms or address, or is no longer published).
    fn edit_page(&mut self, l: usize, i: usize, start: Instant) -> Edit {
        let Some(built) = self.built.as_mut() else {
            return Edit::Full;
        };
        let site = Arc::make_mut(&mut built.sites[l]);
        let renderer = &mut built.renderers[l];
        let old = &site.pages[i];
        let content_type = site.sections[old.section].section.content_type;
        let opts = LoadOptions {
            output: crate::content::consent::Output::Web,
            drafts: self.opts.drafts,
            today: self.opts.today.unwrap_or_else(crate::pipeline::today),
        };
        let diags = Diagnostics::new();
        let page = match content::reload_page(&self.opts.root, &site.config, &old.page.path, content_type, opts) {
            Reloaded::Published(page, warnings) => {
                diags.extend(warnings);
                page
            }
            Reloaded::Failed(ds) => {
                diags.extend(ds);
                return Edit::Failed(diags);
            }
            Reloaded::Unpublished => return Edit::Full,
        };
        let same_place = page.url == old.page.url
            && page.aliases == old.page.aliases
            && page.title == old.page.title
            && page.date == old.page.date
            && page.updated == old.page.updated
            && page.weight == old.page.weight
            && page.template == old.page.template
            && page.terms == old.page.terms;
        if !same_place {
            return Edit::Full;
        }
        let mut md = Vec::new();
        let rendered = site.render_page_markdown(&page, &mut md);
        diags.extend(md);
        let sp = Arc::make_mut(&mut site.pages[i]);
        sp.page = *page;
        sp.rendered = rendered;
        site.check_anchors_of(i, &diags);
        // Rendered and checked even after an error, so the editor sees every problem a full
        // build would report; nothing is served until they are fixed.
        let summary = values::page_summary(site, &site.pages[i]);
        let summary_changed = renderer.summaries[i] != summary;
        if summary_changed {
            renderer.refresh_page(site, i);
        }
        let jobs = affected_jobs(site, renderer, i, summary_changed);
        let sink = MemorySink::default();
        let recording = Recording::new(&sink);
        output::render_jobs(
            site,
            renderer,
            &jobs,
            &recording,
            &diags,
            &indicatif::ProgressBar::hidden(),
        );
        diags.extend(renderer.lookup_warnings());
        let all: Vec<&Site> = built.sites.iter().map(AsRef::as_ref).collect();
        recording.check_into(
            &mut built.addresses,
            &self.opts.root,
            &all,
            &built.renderers[l],
            &diags,
            Some((l, i)),
        );
        if diags.has_errors() {
            return Edit::Failed(diags);
        }
        let changed = self.merge_files(sink.into_files());
        self.generation += 1;
        Edit::Done(Outcome {
            kind: String::new(),
            rendered: jobs.len(),
            changed,
            removed: Vec::new(),
            diagnostics: diags.into_sorted(),
            elapsed: start.elapsed(),
            search_stale: true,
        })
    }
}

/// What became of an edited page.
enum Edit {
    Done(Outcome),
    Failed(Diagnostics),
    Full,
}

fn merge(a: Option<Outcome>, b: Outcome) -> Outcome {
    match a {
        None => b,
        Some(mut a) => {
            a.rendered += b.rendered;
            a.changed.extend(b.changed);
            a.changed.sort();
            a.changed.dedup();
            a.diagnostics.extend(b.diagnostics);
            a.search_stale |= b.search_stale;
            a
        }
    }
}

/// The outputs that can show page `i` after its body changed while its place in every
/// listing stayed the same. Other pages, listings and feeds see a page only through its summary
/// (title, summary, word count, …), so when that did not change only the page itself is
/// rendered again.
fn affected_jobs(site: &Site, renderer: &Renderer, i: usize, summary_changed: bool) -> Vec<Job> {
    let mut jobs = vec![Job::Page(i)];
    if !summary_changed {
        return jobs;
    }
    let sp = &site.pages[i];
    let section = &site.sections[sp.section];
    if site.config.feeds {
        if in_feed(site, (0..site.pages.len()).collect::<Vec<_>>().as_slice(), i) {
            jobs.push(Job::SiteFeed);
        }
        if !section.section.path.is_empty() && in_feed(site, &section.pages, i) {
            jobs.push(Job::SectionFeed(sp.section));
        }
    }
    for &(ti, te) in &sp.terms {
        if site.taxonomies[ti].feed && in_feed(site, &site.taxonomies[ti].terms[te].pages, i) {
            jobs.push(Job::TermFeed(ti, te));
        }
    }
    let term_lookups = renderer.uses("term.html").lookups;
    for job in output::all_jobs(site) {
        let hit = match job {
            Job::Page(j) => {
                let p = &site.pages[j];
                let u = renderer.uses(output::page_template(&p.page));
                u.lookups || (u.section && p.section == sp.section)
            }
            Job::Section(s, n) => {
                renderer.uses(&output::section_template(site, s)).lookups
                    || (s == sp.section && pager_of(&section.pages, i, output::section_page_size(site, s)) == n)
            }
            Job::Term(ti, te, n) => {
                term_lookups
                    || (sp.terms.contains(&(ti, te))
                        && pager_of(&site.taxonomies[ti].terms[te].pages, i, site.taxonomies[ti].paginate_by) == n)
            }
            Job::TaxonomyIndex(_) => renderer.uses("taxonomy.html").lookups,
            Job::NotFound => renderer.uses("404.html").lookups,
            _ => false,
        };
        if hit {
            jobs.push(job);
        }
    }
    jobs.sort();
    jobs.dedup();
    jobs
}

/// True if page `i` is among the entries of a feed of `items`: the newest dated pages, up to
/// the feed's limit. Counted in one pass, without sorting.
fn in_feed(site: &Site, items: &[usize], i: usize) -> bool {
    let me = &site.pages[i].page;
    if me.date.is_none() {
        return false;
    }
    let newer = items
        .iter()
        .filter(|&&j| {
            let p = &site.pages[j].page;
            j != i && p.date.is_some() && compare_pages(p, me, SortBy::Date).is_lt()
        })
        .count();
    newer < crate::output::feeds::FEED_LIMIT
}

/// The listing page (1-based) that shows item `i`.
fn pager_of(items: &[usize], i: usize, size: usize) -> usize {
    items.iter().position(|&x| x == i).map_or(0, |p| p / size.max(1) + 1)
}

/// The search index files of every language's site, built in memory.
pub(crate) fn search_files(sites: &[Arc<Site>]) -> (HashMap<String, Bytes>, Diagnostics) {
    let diags = Diagnostics::new();
    let sink = MemorySink::default();
    for site in sites {
        output::write_search(site, &sink, &diags);
    }
    (sink.into_files(), diags)
}

/// True for the files of a search index (`search/…`, `es/search/…`; not the search page).
pub fn is_search_file(key: &str) -> bool {
    let in_search =
        key.starts_with("search/") || key.split_once('/').is_some_and(|(_, rest)| rest.starts_with("search/"));
    in_search && !key.ends_with("index.html")
}
