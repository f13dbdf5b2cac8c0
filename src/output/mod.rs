//! Output: every page, listing, taxonomy and feed rendered in parallel and written into the
//! staging folder; then static files, sitemap, robots.txt and `_headers`.

pub mod atomic;
pub mod feeds;
pub mod meta;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use tera::{Context, Value};
use walkdir::WalkDir;

use crate::content::CONTENT_DIR;
use crate::diagnostics::{Diagnostic, Diagnostics, relative};
use crate::render::{Renderer, values};
use crate::site::Site;
use crate::site::paginate::paginate;

/// One unit of rendering work.
#[derive(Debug, Clone, Copy)]
enum Job {
    Page(usize),
    Section(usize),
    TaxonomyIndex(usize),
    Term(usize, usize),
    NotFound,
    Search,
}

/// What [`write_site`] wrote.
#[derive(Debug, Default)]
pub struct Written {
    /// Files written, search files included.
    pub files: usize,
    /// Pages in the search index.
    pub search_documents: usize,
    /// Search index files written.
    pub search_files: usize,
    /// Their total size in bytes.
    pub search_bytes: usize,
    /// Time spent building the search index.
    pub search_elapsed: std::time::Duration,
}

/// Writes the whole site into `dir`, the search index included.
pub fn write_site(
    root: &Path,
    site: &Site,
    renderer: &Renderer,
    dir: &Path,
    diags: &Diagnostics,
    progress: &indicatif::ProgressBar,
) -> Written {
    let written = AtomicUsize::new(0);
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    jobs.extend((0..site.sections.len()).map(Job::Section));
    for (ti, t) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyIndex(ti));
        jobs.extend((0..t.terms.len()).map(|te| Job::Term(ti, te)));
    }
    jobs.push(Job::NotFound);
    jobs.push(Job::Search);
    progress.set_length(jobs.len() as u64);

    let write = |rel: &str, bytes: &[u8]| {
        let path = dir.join(rel.trim_start_matches('/'));
        let res = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, bytes));
        match res {
            Ok(()) => {
                written.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => diags.push(
                Diagnostic::error(format!("cannot write {}: {e}", path.display()))
                    .hint("check that the disk has space and the folder is writable"),
            ),
        }
    };
    let html_path = |url: &str| format!("{}index.html", url);

    jobs.par_iter()
        .for_each(|job| render_job(site, renderer, *job, &write, &html_path, diags, progress));
    // After rendering rather than beside it, so its time in the build summary is its own.
    let search = crate::search::build(site);
    for (rel, text) in &search.files {
        write(rel, text.as_bytes());
    }

    for p in &site.pages {
        for a in &p.page.aliases {
            let rel = if a.ends_with(".html") {
                a.clone()
            } else {
                format!("{}/index.html", a.trim_end_matches('/'))
            };
            write(&rel, meta::alias(site, &p.page.url).as_bytes());
        }
    }
    if site.config.feeds {
        let mut all: Vec<usize> = (0..site.pages.len()).collect();
        crate::site::sort_pages(&mut all, &site.pages, crate::content::model::SortBy::Date);
        write("atom.xml", feeds::atom(site, &site.config.title, "/", &all).as_bytes());
    }
    if site.config.sitemap {
        write("sitemap.xml", meta::sitemap(site).as_bytes());
    }
    write("robots.txt", meta::robots(site).as_bytes());
    write("_headers", meta::headers().as_bytes());
    copy_static(root, site, dir, diags, &written);
    Written {
        files: written.load(Ordering::Relaxed),
        search_documents: search.documents,
        search_files: search.files.len(),
        search_bytes: search.bytes,
        search_elapsed: search.elapsed,
    }
}

#[allow(clippy::too_many_arguments)]
fn render_job(
    site: &Site,
    renderer: &Renderer,
    job: Job,
    write: &(dyn Fn(&str, &[u8]) + Sync),
    html_path: &(dyn Fn(&str) -> String + Sync),
    diags: &Diagnostics,
    progress: &indicatif::ProgressBar,
) {
    match job {
        Job::Page(i) => render_page(site, renderer, i, &write, diags),
        Job::Section(i) => render_section(site, renderer, i, &write, &html_path, diags),
        Job::TaxonomyIndex(ti) => {
            let t = &site.taxonomies[ti];
            let mut ctx = Context::new();
            ctx.insert_value("taxonomy", values::taxonomy(t));
            ctx.insert("current_url", &t.url);
            match renderer.render("taxonomy.html", &ctx, &format!("the {} index", t.name)) {
                Ok(html) => write(&html_path(&t.url), html.as_bytes()),
                Err(d) => diags.push(d),
            }
        }
        Job::Term(ti, te) => {
            let t = &site.taxonomies[ti];
            let term = &t.terms[te];
            let tax = values::taxonomy(t);
            for pager in paginate(&term.url, &term.pages, t.paginate_by) {
                let mut ctx = Context::new();
                ctx.insert_value("taxonomy", tax.clone());
                ctx.insert_value("term", values::term(term));
                ctx.insert_value("paginator", paginator(renderer, &pager));
                ctx.insert("current_url", &pager.url);
                match renderer.render("term.html", &ctx, &format!("the {} page \"{}\"", t.name, term.name)) {
                    Ok(html) => write(&html_path(&pager.url), html.as_bytes()),
                    Err(d) => diags.push(d),
                }
            }
            if t.feed {
                let title = format!("{} · {}", term.name, site.config.title);
                write(
                    &format!("{}atom.xml", term.url),
                    feeds::atom(site, &title, &term.url, &term.pages).as_bytes(),
                );
            }
        }
        Job::NotFound => {
            let mut ctx = Context::new();
            ctx.insert("current_url", "/404.html");
            match renderer.render("404.html", &ctx, "the 404 page") {
                Ok(html) => write("404.html", html.as_bytes()),
                Err(d) => diags.push(d),
            }
        }
        Job::Search => {
            // The search page finds its scripts relative to itself, so it also works
            // opened straight from a folder or USB stick (file://).
            let mut ctx = Context::new();
            ctx.insert("current_url", "/search/");
            ctx.insert("root", "../");
            match renderer.render("search.html", &ctx, "the search page") {
                Ok(html) => write("search/index.html", html.as_bytes()),
                Err(d) => diags.push(d),
            }
        }
    }
    progress.inc(1);
}

fn render_page(site: &Site, renderer: &Renderer, i: usize, write: &(dyn Fn(&str, &[u8]) + Sync), diags: &Diagnostics) {
    let sp = &site.pages[i];
    let p = &sp.page;
    let template = p.template.clone().unwrap_or_else(|| match p.kind {
        crate::content::model::Kind::Story(_) => "story.html".into(),
        crate::content::model::Kind::Guide(_) => "guide.html".into(),
        crate::content::model::Kind::Page => "page.html".into(),
    });
    if !renderer.has_template(&template) {
        let (line, col) = crate::config::find_key(&p.source, "template");
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
    match renderer.render(&template, &ctx, &p.file.display().to_string()) {
        Ok(html) => write(&format!("{}index.html", p.url), html.as_bytes()),
        Err(d) => diags.push(d),
    }
}

fn render_section(
    site: &Site,
    renderer: &Renderer,
    i: usize,
    write: &(dyn Fn(&str, &[u8]) + Sync),
    html_path: &(dyn Fn(&str) -> String + Sync),
    diags: &Diagnostics,
) {
    let s = &site.sections[i];
    let sec = &s.section;
    let what = sec.file.as_ref().map_or_else(
        || format!("the section content/{}", sec.path),
        |f| f.display().to_string(),
    );
    let is_root = sec.path.is_empty();
    let template = sec.template.clone().unwrap_or_else(|| {
        if is_root {
            "index.html".into()
        } else {
            "section.html".into()
        }
    });
    if !renderer.has_template(&template) {
        diags.push(
            Diagnostic::error(format!("the template `{template}` does not exist"))
                .in_file(
                    sec.file
                        .clone()
                        .unwrap_or_else(|| PathBuf::from(CONTENT_DIR).join(&sec.path)),
                )
                .hint(format!("templates available: {}", renderer.template_names().join(", "))),
        );
        return;
    }
    let size = if is_root {
        usize::MAX
    } else {
        sec.paginate_by.unwrap_or(site.config.paginate_by)
    };
    for pager in paginate(&sec.url, &s.pages, size) {
        let mut ctx = Context::new();
        ctx.insert_value("section", renderer.sections[i].clone());
        ctx.insert_value("paginator", paginator(renderer, &pager));
        ctx.insert("current_url", &pager.url);
        match renderer.render(&template, &ctx, &what) {
            Ok(html) => write(&html_path(&pager.url), html.as_bytes()),
            Err(d) => diags.push(d),
        }
    }
    if site.config.feeds && !is_root {
        let title = format!("{} · {}", sec.title, site.config.title);
        let mut by_date = s.pages.clone();
        crate::site::sort_pages(&mut by_date, &site.pages, crate::content::model::SortBy::Date);
        write(
            &format!("{}atom.xml", sec.url),
            feeds::atom(site, &title, &sec.url, &by_date).as_bytes(),
        );
    }
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
fn copy_static(root: &Path, site: &Site, dir: &Path, diags: &Diagnostics, written: &AtomicUsize) {
    let theme = crate::render::theme_dir(root, &site.config.theme).join("static");
    let mut files: std::collections::BTreeMap<String, PathBuf> = std::collections::BTreeMap::new();
    for base in [theme, root.join("static")] {
        for e in WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() && !crate::content::is_ignored_name(&e.file_name().to_string_lossy()) {
                let rel = crate::content::to_slash(e.path().strip_prefix(&base).unwrap_or(e.path()));
                files.insert(rel, e.path().to_path_buf());
            }
        }
    }
    for a in &site.assets {
        files.insert(a.clone(), root.join(CONTENT_DIR).join(a));
    }
    files.par_iter().for_each(|(rel, src)| {
        let dest = dir.join(rel);
        let res = dest
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::copy(src, &dest).map(|_| ()));
        match res {
            Ok(()) => {
                written.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => diags.push(Diagnostic::error(format!("cannot copy this file: {e}")).in_file(relative(root, src))),
        }
    });
}
