//! Output: every page, listing, taxonomy and feed rendered in parallel and written into the
//! staging folder; then static files, sitemap, robots.txt and `_headers`.

pub(crate) mod addresses;
pub(crate) mod atomic;
pub(crate) mod feeds;
pub(crate) mod images;
pub(crate) mod meta;
pub(crate) mod portable;
pub(crate) mod sink;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::{Context, Value};
use walkdir::WalkDir;

use crate::content::CONTENT_DIR;
use crate::diagnostics::{Diagnostic, Diagnostics, relative};
use crate::render::{Renderer, values};
use crate::site::Site;
use crate::site::paginate::{pager, pager_count};
pub(crate) use sink::{DirSink, MemorySink, NullSink, Sink};

/// One unit of output. Listings are split by page so that `serve` can re-render only the
/// part of a long listing that changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Job {
    /// A page.
    Page(usize),
    /// Page `pager` (1-based) of a section's listing.
    Section(usize, usize),
    /// A section's Atom feed.
    SectionFeed(usize),
    /// A taxonomy's index of terms.
    TaxonomyIndex(usize),
    /// Page `pager` of a term's listing: (taxonomy, term, pager).
    Term(usize, usize, usize),
    /// A term's Atom feed.
    TermFeed(usize, usize),
    /// The 404 page.
    NotFound,
    /// The search page (the index itself is written by [`write_search`]).
    SearchPage,
    /// The print pack (`/print/`): every page marked `print: true`, in one document.
    PrintPack,
    /// The site's Atom feed.
    SiteFeed,
    /// Aliases, sitemap, robots.txt and `_headers`.
    Extras,
}

/// How many items a section lists per page.
pub(crate) fn section_page_size(site: &Site, i: usize) -> usize {
    let sec = &site.sections[i].section;
    if sec.path.is_empty() {
        usize::MAX
    } else {
        sec.paginate_by.unwrap_or(site.config.paginate_by)
    }
}

/// Every output of the site.
pub(crate) fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    for (i, s) in site.sections.iter().enumerate() {
        let count = pager_count(s.pages.len(), section_page_size(site, i));
        jobs.extend((1..=count).map(|n| Job::Section(i, n)));
        if site.config.feeds && !s.section.path.is_empty() {
            jobs.push(Job::SectionFeed(i));
        }
    }
    for (ti, t) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyIndex(ti));
        for (te, term) in t.terms.iter().enumerate() {
            let count = pager_count(term.pages.len(), t.paginate_by);
            jobs.extend((1..=count).map(|n| Job::Term(ti, te, n)));
            if t.feed && !site.config.portable {
                jobs.push(Job::TermFeed(ti, te));
            }
        }
    }
    // A portable copy has no server to show a 404 page or follow an old address.
    if site.config.lang.default && !site.config.portable {
        jobs.push(Job::NotFound);
    }
    jobs.push(Job::SearchPage);
    if site.pages.iter().any(|p| p.page.print) {
        jobs.push(Job::PrintPack);
    }
    if site.config.feeds {
        jobs.push(Job::SiteFeed);
    }
    if !site.config.portable {
        jobs.push(Job::Extras);
    }
    jobs
}

/// What the search index came to.
#[derive(Debug, Default, Clone)]
pub(crate) struct SearchStats {
    /// Pages in the index.
    pub(crate) documents: usize,
    /// Index files (under `search/`).
    pub(crate) files: usize,
    /// Their total size in bytes.
    pub(crate) bytes: usize,
    /// Time spent building it.
    pub(crate) elapsed: std::time::Duration,
}

impl SearchStats {
    /// Adds another language's index to these figures.
    pub(crate) fn add(&mut self, other: &SearchStats) {
        self.documents += other.documents;
        self.files += other.files;
        self.bytes += other.bytes;
        self.elapsed += other.elapsed;
    }
}

/// Writes the site in one language: every job, then its search index.
pub(crate) fn write_site(
    _root: &Path,
    site: &Site,
    renderer: &Renderer,
    sink: &dyn Sink,
    diags: &Diagnostics,
    progress: &indicatif::ProgressBar,
) -> SearchStats {
    let jobs = all_jobs(site);
    render_jobs(site, renderer, &jobs, sink, diags, progress);
    // After rendering rather than beside it, so its time in the build summary is its own.
    write_search(site, sink, diags)
}

/// Writes what every language shares: static files, the sitemap (with each page's
/// translations), `robots.txt` and `_headers`.
pub(crate) fn write_shared(root: &Path, default: &Site, sites: &[Site], sink: &dyn Sink, diags: &Diagnostics) {
    copy_static(root, default, sink, diags);
    if default.config.portable {
        // Feeds, the sitemap, robots.txt and _headers are for a website.
        return;
    }
    let write = |rel: &str, bytes: Vec<u8>| {
        if let Err(e) = sink.put(rel, bytes) {
            diags.push(write_failed(rel, &e));
        }
    };
    if default.config.sitemap {
        write("sitemap.xml", meta::sitemap(sites).into_bytes());
    }
    write("robots.txt", meta::robots(default).into_bytes());
    write("_headers", meta::headers().into_bytes());
}

/// What a failed write says. A full disk or a read-only one is one message for the whole build
/// (identical diagnostics are reported once), not one per file.
pub(crate) fn write_failed(rel: &str, e: &std::io::Error) -> Diagnostic {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            Diagnostic::error("the disk is full, so the site could not be written")
                .hint("a build needs room for a new copy of the site beside the old one: free some space on the disk (or choose another --output folder), then build again; the previous output was left as it was")
        }
        ErrorKind::ReadOnlyFilesystem => Diagnostic::error("the output folder is on a disk that cannot be written to (it is read-only)")
            .hint("choose another folder with --output, or make the disk writable"),
        ErrorKind::PermissionDenied => Diagnostic::error("Trailhead is not allowed to write in the output folder")
            .hint("choose another folder with --output, or give your user permission to write there"),
        _ => Diagnostic::error(format!("cannot write {rel}: {e}"))
            .hint("check that the disk has space and the folder is writable"),
    }
}

/// Builds the search index from the rendered pages and writes its files under `search/`
/// (`es/search/` for another language).
pub(crate) fn write_search(site: &Site, sink: &dyn Sink, diags: &Diagnostics) -> SearchStats {
    let search = crate::search::build(site);
    let prefix = site.config.lang.prefix.trim_start_matches('/');
    for (rel, text) in &search.files {
        let rel = if prefix.is_empty() {
            rel.clone()
        } else {
            format!("{prefix}/{rel}")
        };
        if let Err(e) = sink.put(&rel, text.as_bytes().to_vec()) {
            diags.push(write_failed(&rel, &e));
        }
    }
    SearchStats {
        documents: search.documents,
        files: search.files.len(),
        bytes: search.bytes,
        elapsed: search.elapsed,
    }
}

/// Renders the given jobs in parallel into `sink`.
pub(crate) fn render_jobs(
    site: &Site,
    renderer: &Renderer,
    jobs: &[Job],
    sink: &dyn Sink,
    diags: &Diagnostics,
    progress: &indicatif::ProgressBar,
) {
    let write = |rel: &str, bytes: Vec<u8>| {
        if let Err(e) = sink.put(rel.trim_start_matches('/'), bytes) {
            diags.push(write_failed(rel, &e));
        }
    };
    let html_path = |url: &str| format!("{url}index.html");
    jobs.par_iter().for_each(|job| {
        match *job {
            Job::Page(i) => render_page(site, renderer, i, &write, diags),
            Job::Section(i, n) => render_section(site, renderer, i, n, &write, diags),
            Job::SectionFeed(i) => {
                let s = &site.sections[i];
                let title = format!("{} · {}", s.section.title, site.config.title);
                let mut by_date = s.pages.clone();
                crate::site::sort_pages(&mut by_date, &site.pages, crate::content::model::SortBy::Date);
                write(
                    &format!("{}atom.xml", s.section.url),
                    feeds::atom(site, &title, &s.section.url, &by_date).into_bytes(),
                );
            }
            Job::TaxonomyIndex(ti) => {
                let t = &site.taxonomies[ti];
                let mut ctx = Context::new();
                ctx.insert_value("taxonomy", values::taxonomy(t));
                ctx.insert("current_url", &t.url);
                match renderer.render("taxonomy.html", &ctx, &format!("the {} index", t.name)) {
                    Ok(html) => write(&html_path(&t.url), html.into_bytes()),
                    Err(d) => diags.push(d),
                }
            }
            Job::Term(ti, te, n) => {
                let t = &site.taxonomies[ti];
                let term = &t.terms[te];
                let pager = pager(&term.url, &term.pages, t.paginate_by, n);
                let mut ctx = Context::new();
                ctx.insert_value("taxonomy", values::taxonomy(t));
                ctx.insert_value("term", values::term(term));
                ctx.insert_value("paginator", paginator(renderer, &pager));
                ctx.insert("current_url", &pager.url);
                match renderer.render("term.html", &ctx, &format!("the {} page \"{}\"", t.name, term.name)) {
                    Ok(html) => write(&html_path(&pager.url), html.into_bytes()),
                    Err(d) => diags.push(d),
                }
            }
            Job::TermFeed(ti, te) => {
                let t = &site.taxonomies[ti];
                let term = &t.terms[te];
                let title = format!("{} · {}", term.name, site.config.title);
                write(
                    &format!("{}atom.xml", term.url),
                    feeds::atom(site, &title, &term.url, &term.pages).into_bytes(),
                );
            }
            Job::NotFound => {
                let mut ctx = Context::new();
                ctx.insert("current_url", "/404.html");
                match renderer.render("404.html", &ctx, "the 404 page") {
                    Ok(html) => write("404.html", html.into_bytes()),
                    Err(d) => diags.push(d),
                }
            }
            Job::PrintPack => {
                let url = format!("{}/print/", site.config.lang.prefix);
                let mut printed: Vec<&crate::site::SitePage> =
                    site.pages.iter().map(AsRef::as_ref).filter(|p| p.page.print).collect();
                printed
                    .sort_by(|a, b| crate::site::compare_pages(&a.page, &b.page, crate::content::model::SortBy::Title));
                let mut ctx = Context::new();
                ctx.insert("current_url", &url);
                ctx.insert_value(
                    "pages",
                    tera::Value::from(printed.iter().map(|p| values::page_full(site, p)).collect::<Vec<_>>()),
                );
                ctx.insert("made_on", &site.words.date(site.today));
                ctx.insert("made_on_iso", &site.today.to_string());
                ctx.insert(
                    "contact_lines",
                    &site
                        .config
                        .print
                        .contact
                        .as_deref()
                        .map(|c| c.lines().collect::<Vec<_>>()),
                );
                if renderer.has_template("print.html") {
                    match renderer.render("print.html", &ctx, "the print pack") {
                        Ok(html) => write(&format!("{url}index.html"), html.into_bytes()),
                        Err(d) => diags.push(d),
                    }
                }
            }
            Job::SearchPage => {
                // The search page finds its scripts relative to itself, so it also works
                // opened straight from a folder or USB stick (file://).
                let mut ctx = Context::new();
                let url = format!("{}/search/", site.config.lang.prefix);
                ctx.insert("current_url", &url);
                ctx.insert("root", if site.config.lang.default { "../" } else { "../../" });
                match renderer.render("search.html", &ctx, "the search page") {
                    Ok(html) => write(&format!("{url}index.html"), html.into_bytes()),
                    Err(d) => diags.push(d),
                }
            }
            Job::SiteFeed => {
                let mut all: Vec<usize> = (0..site.pages.len()).collect();
                crate::site::sort_pages(&mut all, &site.pages, crate::content::model::SortBy::Date);
                let home = site.config.lang.home();
                write(
                    &format!("{home}atom.xml"),
                    feeds::atom(site, &site.config.title, &home, &all).into_bytes(),
                );
            }
            Job::Extras => write_extras(site, &write),
        }
        progress.inc(1);
    });
}

fn write_extras(site: &Site, write: &(dyn Fn(&str, Vec<u8>) + Sync)) {
    for p in &site.pages {
        for a in &p.page.aliases {
            let rel = if a.ends_with(".html") {
                a.clone()
            } else {
                format!("{}/index.html", a.trim_end_matches('/'))
            };
            write(&rel, meta::alias(site, &p.page.url).into_bytes());
        }
    }
}

fn render_page(
    site: &Site,
    renderer: &Renderer,
    i: usize,
    write: &(dyn Fn(&str, Vec<u8>) + Sync),
    diags: &Diagnostics,
) {
    let sp = &site.pages[i];
    let p = &sp.page;
    let template = page_template(p).to_owned();
    if !renderer.has_template(&template) {
        let (line, col) = p.place("template");
        diags.push(
            Diagnostic::error(format!("the template `{template}` does not exist"))
                .in_file(&p.file)
                .at_in(&p.source, line, col)
                .hint(format!("templates available: {}", renderer.template_names().join(", "))),
        );
        return;
    }
    let mut ctx = Context::new();
    ctx.insert_value("page", values::page_full(site, sp));
    ctx.insert_value("section", renderer.sections[sp.section].clone());
    ctx.insert("current_url", &p.url);
    // (A site in one language keeps the empty defaults of the global context.)
    let versions = site.translations.of_page(&p.key);
    if !versions.is_empty() {
        ctx.insert("translations", versions);
        ctx.insert("switch", &values::switcher(site, versions));
    }
    if let Some(language) = &p.language {
        ctx.insert("lang", language);
    }
    match renderer.render_with_body(&template, &ctx, &p.file.display().to_string(), &sp.rendered.html) {
        Ok(html) => write(&format!("{}index.html", p.url), html.into_bytes()),
        Err(d) => diags.push(d),
    }
}

fn render_section(
    site: &Site,
    renderer: &Renderer,
    i: usize,
    n: usize,
    write: &(dyn Fn(&str, Vec<u8>) + Sync),
    diags: &Diagnostics,
) {
    let s = &site.sections[i];
    let sec = &s.section;
    let what = sec.file.as_ref().map_or_else(
        || format!("the section content/{}", sec.path),
        |f| f.display().to_string(),
    );
    let template = section_template(site, i);
    if !renderer.has_template(&template) {
        if n == 1 {
            diags.push(
                Diagnostic::error(format!("the template `{template}` does not exist"))
                    .in_file(
                        sec.file
                            .clone()
                            .unwrap_or_else(|| PathBuf::from(CONTENT_DIR).join(&sec.path)),
                    )
                    .hint(format!("templates available: {}", renderer.template_names().join(", "))),
            );
        }
        return;
    }
    let pager = pager(&sec.url, &s.pages, section_page_size(site, i), n);
    let mut ctx = Context::new();
    ctx.insert_value("section", renderer.sections[i].clone());
    ctx.insert_value("paginator", paginator(renderer, &pager));
    ctx.insert("current_url", &pager.url);
    let versions = site.translations.of_section(&sec.path);
    if n == 1 && !versions.is_empty() {
        ctx.insert("translations", versions);
        ctx.insert("switch", &values::switcher(site, versions));
    }
    match renderer.render_with_body(&template, &ctx, &what, &s.rendered.html) {
        Ok(html) => write(&format!("{}index.html", pager.url), html.into_bytes()),
        Err(d) => diags.push(d),
    }
}

/// The template a section's listing uses.
pub(crate) fn section_template(site: &Site, i: usize) -> String {
    let sec = &site.sections[i].section;
    sec.template.clone().unwrap_or_else(|| {
        if sec.path.is_empty() {
            "index.html".into()
        } else {
            "section.html".into()
        }
    })
}

/// The template a page uses.
pub(crate) fn page_template(p: &crate::content::model::Page) -> &str {
    p.template.as_deref().unwrap_or(match p.kind {
        crate::content::model::Kind::Story(_) => "story.html",
        crate::content::model::Kind::Guide(_) => "guide.html",
        crate::content::model::Kind::Page => "page.html",
    })
}

fn paginator(renderer: &Renderer, pager: &crate::site::paginate::Pager<'_>) -> Value {
    let mut map = tera::Map::default();
    map.insert("current_index".into(), Value::from(pager.index));
    map.insert("number_pagers".into(), Value::from(pager.count));
    map.insert("current_url".into(), Value::from(pager.url.as_str()));
    map.insert("previous".into(), Value::from(pager.previous.clone()));
    map.insert("next".into(), Value::from(pager.next.clone()));
    map.insert("pages".into(), values::list(&renderer.summaries, pager.items));
    Value::from(map)
}

/// Copies the theme's `static/`, then the site's `static/` (which wins), then non-Markdown
/// files under `content/` to the same place in the output.
pub(crate) fn copy_static(root: &Path, site: &Site, sink: &dyn Sink, diags: &Diagnostics) {
    let theme = crate::render::theme_dir(root, &site.config.theme).join("static");
    let mut files: std::collections::BTreeMap<String, PathBuf> = std::collections::BTreeMap::new();
    for base in [theme, root.join("static")] {
        if !base.is_dir() {
            continue;
        }
        for e in WalkDir::new(&base).sort_by_file_name() {
            let e = match e {
                Ok(e) => e,
                Err(err) => {
                    let shown = err.path().map(|p| relative(root, p)).unwrap_or_default();
                    diags.push(Diagnostic::error(format!("cannot read this folder or file: {err}")).in_file(shown));
                    continue;
                }
            };
            if crate::content::is_ignored_name(&e.file_name().to_string_lossy()) && !e.file_type().is_dir() {
                continue;
            }
            match crate::util::paths::entry_kind(&e) {
                Ok(crate::util::paths::EntryKind::File(_)) => {
                    let rel = crate::content::to_slash(e.path().strip_prefix(&base).unwrap_or(e.path()));
                    files.insert(rel, e.path().to_path_buf());
                }
                Ok(crate::util::paths::EntryKind::Dir) => {}
                Err((message, hint)) => {
                    diags.push(Diagnostic::error(message).in_file(relative(root, e.path())).hint(hint))
                }
            }
        }
    }
    for a in &site.assets {
        files.insert(a.out.clone(), root.join(CONTENT_DIR).join(&a.src));
    }
    files.par_iter().for_each(|(rel, src)| {
        let shown = relative(root, src);
        let lower = rel.to_ascii_lowercase();
        if lower.ends_with(".css") {
            check_stylesheet(src, &shown, diags);
        } else if lower.ends_with(".svg") {
            check_svg(src, &shown, diags);
        }
        let res = if images::is_image(rel) {
            std::fs::read(src).and_then(|bytes| match images::strip_metadata(rel, bytes) {
                Ok(clean) => sink.put(rel, clean),
                Err(why) => {
                    diags.push(
                        Diagnostic::error(format!(
                            "{why}, so its hidden details (such as where a photo was taken) cannot be removed"
                        ))
                        .in_file(&shown)
                        .hint("open the image in an editor and export it again as JPEG, PNG or WebP"),
                    );
                    Ok(())
                }
            })
        } else {
            sink.copy(rel, src)
        };
        if let Err(e) = res {
            diags.push(match e.kind() {
                std::io::ErrorKind::StorageFull
                | std::io::ErrorKind::ReadOnlyFilesystem
                | std::io::ErrorKind::QuotaExceeded => write_failed(rel, &e),
                _ => Diagnostic::error(format!("cannot copy this file: {e}")).in_file(shown),
            });
        }
    });
}

/// A stylesheet must not load fonts, images or other stylesheets from another website.
fn check_stylesheet(src: &Path, shown: &Path, diags: &Diagnostics) {
    let Ok(css) = std::fs::read_to_string(src) else {
        return;
    };
    for load in crate::privacy::remote_loads_in_css(&css) {
        diags.push(
            crate::render::remote_load_error(&load)
                .in_file(shown)
                .at_offset(&css, load.offset),
        );
    }
}

/// An SVG image must not load images, fonts or stylesheets from another website (read as
/// markup, the way a browser reads an SVG opened on its own).
fn check_svg(src: &Path, shown: &Path, diags: &Diagnostics) {
    let Ok(svg) = std::fs::read_to_string(src) else {
        return;
    };
    for load in crate::privacy::remote_loads_in_html(&svg) {
        diags.push(
            crate::render::remote_load_error(&load)
                .in_file(shown)
                .at_offset(&svg, load.offset),
        );
    }
}
