//! The site: every page rendered to HTML, sections with their sorted pages, taxonomies with
//! their terms, and the link checks that need the whole site (duplicate URLs, anchors).

mod languages;
pub(crate) mod paginate;
pub(crate) mod taxonomy;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::model::{Excluded, Page, Section, SortBy};
use crate::content::{Content, content_file};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, LinkTarget, RenderOptions, Rendered, Resolver};
use crate::util::text::did_you_mean;
pub(crate) use languages::{LanguageLink, Shared, Translations, Version};
pub(crate) use taxonomy::{Taxonomy, Term};

/// A page with its rendered body and its place in the site.
#[derive(Debug, Clone)]
pub(crate) struct SitePage {
    /// The validated page.
    pub(crate) page: Page,
    /// Its rendered body.
    pub(crate) rendered: Rendered,
    /// Index of its section in [`Site::sections`].
    pub(crate) section: usize,
    /// Its terms: (taxonomy index, term index).
    pub(crate) terms: Vec<(usize, usize)>,
}

/// A section with its rendered text and its pages in display order.
#[derive(Debug, Clone)]
pub(crate) struct SiteSection {
    /// The validated section.
    pub(crate) section: Section,
    /// Its rendered `_index.md` body.
    pub(crate) rendered: Rendered,
    /// Its pages (indexes into [`Site::pages`]), in the section's order.
    pub(crate) pages: Vec<usize>,
    /// Its direct subsections (indexes into [`Site::sections`]).
    pub(crate) subsections: Vec<usize>,
}

/// Everything the renderer needs.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    /// Configuration.
    pub(crate) config: Config,
    /// Published pages, sorted by path. Shared (`Arc`) so a copy of the site is cheap.
    pub(crate) pages: Vec<Arc<SitePage>>,
    /// Sections, sorted by path; the root is first.
    pub(crate) sections: Vec<SiteSection>,
    /// Taxonomies in config order.
    pub(crate) taxonomies: Vec<Taxonomy>,
    /// Stories left out, and why.
    pub(crate) excluded: Vec<Excluded>,
    /// Pages that are not published (drafts, withdrawn stories), by path, with the reason.
    pub(crate) unpublished: HashMap<String, String>,
    /// The addresses those pages would have had → their path.
    pub(crate) unpublished_urls: HashMap<String, String>,
    /// Every story whose front matter could be read, published or not (the consent register).
    pub(crate) stories: Vec<crate::content::consent::StoryRecord>,
    /// Addresses of pages that have errors (see [`Content::failed_urls`]).
    pub(crate) failed_urls: Vec<String>,
    /// Pages not published because of their own errors, with their rendered Markdown: only
    /// their links are checked.
    pub(crate) failed_pages: Vec<(Page, Rendered)>,
    /// The interface words of the site's language.
    pub(crate) words: Arc<crate::i18n::Words>,
    /// The site's languages and which pages are translations of each other.
    pub(crate) translations: Arc<Translations>,
    /// The day of the build (the print pack says when it was made).
    pub(crate) today: jiff::civil::Date,
    /// Where Markdown links point, for re-rendering one page.
    pub(crate) links: Arc<LinkTable>,
    /// Files under content/ that are not Markdown, and where they are published.
    pub(crate) assets: Vec<crate::content::model::Asset>,
}

/// Every address a Markdown link can point at, computed once per build and kept for `serve`.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkTable {
    /// Content path (`stories/a.md`, `stories/_index.md`, `stories`) → URL.
    urls: HashMap<String, String>,
    /// URL → content path of the page or section `_index.md` there.
    paths: HashMap<String, String>,
    /// Content path of a published file (`stories/x/photo.jpg`) → its address.
    assets: HashMap<String, String>,
    /// Paths of all published pages, for "did you mean".
    all: Vec<String>,
}

impl LinkTable {
    /// The addresses of every language's sections, pages (and pages that failed, which are
    /// still targets: their own errors say why they are missing) and files.
    pub(crate) fn new<'a>(
        sections: impl Iterator<Item = &'a Section>,
        pages: impl Iterator<Item = &'a Page> + Clone,
        assets: &[crate::content::model::Asset],
    ) -> Self {
        let mut urls: HashMap<String, String> = HashMap::new();
        let mut paths: HashMap<String, String> = HashMap::new();
        for s in sections {
            // Sections of every language: `guides/_index.es.md` by its own file; a folder
            // link (`guides`) and a section without a file of its own go to the first
            // language's (the default one comes first).
            let index = match &s.file {
                Some(f) => crate::content::to_slash(f.strip_prefix(crate::content::CONTENT_DIR).unwrap_or(f)),
                None => section_index_path(&s.path),
            };
            urls.entry(index.clone()).or_insert_with(|| s.url.clone());
            paths.insert(s.url.clone(), index);
            if !s.path.is_empty() {
                urls.entry(s.path.clone()).or_insert_with(|| s.url.clone());
            }
        }
        for p in pages.clone() {
            urls.insert(p.path.clone(), p.url.clone());
            paths.insert(p.url.clone(), p.path.clone());
        }
        LinkTable {
            urls,
            paths,
            assets: assets.iter().map(|a| (a.src.clone(), format!("/{}", a.out))).collect(),
            all: pages.map(|p| p.path.clone()).collect(),
        }
    }
}

struct Links<'a> {
    table: &'a LinkTable,
    unpublished: &'a HashMap<String, String>,
    unpublished_urls: &'a HashMap<String, String>,
}

/// The `_index.md` path of a section.
fn section_index_path(path: &str) -> String {
    if path.is_empty() {
        "_index.md".to_owned()
    } else {
        format!("{path}/_index.md")
    }
}

impl Resolver for Links<'_> {
    fn resolve(&self, path: &str) -> LinkTarget {
        let path = path.trim_end_matches('/');
        if let Some(url) = self.table.urls.get(path) {
            return LinkTarget::Url(url.clone());
        }
        if let Some(why) = self.unpublished.get(path) {
            return LinkTarget::Unpublished(why.clone());
        }
        let all = self.table.all.iter().map(String::as_str);
        let name = path.rsplit('/').next().unwrap_or(path);
        let closest = did_you_mean(path, all.clone())
            .or_else(|| all.clone().find(|p| p.rsplit('/').next() == Some(name)))
            .map(str::to_owned);
        LinkTarget::Missing(closest)
    }

    fn resolve_url(&self, url: &str) -> Option<(String, LinkTarget)> {
        if let Some(path) = self.table.paths.get(url) {
            return Some((path.clone(), LinkTarget::Url(url.to_owned())));
        }
        let path = self.unpublished_urls.get(url)?;
        let why = self.unpublished.get(path).cloned().unwrap_or_default();
        Some((path.clone(), LinkTarget::Unpublished(why)))
    }

    fn asset(&self, path: &str) -> Option<String> {
        self.table.assets.get(path).cloned()
    }
}

impl Site {
    /// Renders Markdown, checks links and groups pages. Errors go to `diags`.
    pub(crate) fn assemble(
        config: Config,
        words: Arc<crate::i18n::Words>,
        content: Content,
        shared: &Shared,
        diags: &Diagnostics,
    ) -> Site {
        let Content {
            pages,
            sections,
            excluded,
            unpublished: _,
            unpublished_urls: _,
            stories,
            failed_urls,
            failed_pages,
            assets,
        } = content;
        let Shared {
            links: link_table,
            unpublished,
            unpublished_urls,
            translations,
        } = shared.clone();
        let links = Links {
            table: &link_table,
            unpublished: &unpublished,
            unpublished_urls: &unpublished_urls,
        };

        let allow_html = config.allow_html;
        let rendered_pages: Vec<(Rendered, Vec<Diagnostic>)> = pages
            .par_iter()
            .chain(failed_pages.par_iter())
            .map(|p| {
                let ctx = markdown::context(&p.file, &p.source, p.body_offset, &p.path, &p.key, &p.url, &links);
                let html_ok = allow_html || p.story().is_none();
                let mut d = Vec::new();
                let r = markdown::render(
                    &ctx,
                    p.body(),
                    RenderOptions {
                        allow_html: html_ok,
                        words: &words,
                    },
                    &mut d,
                );
                (r, d)
            })
            .collect();
        let rendered_sections: Vec<Rendered> = sections
            .iter()
            .map(|s| match &s.file {
                Some(file) => {
                    let index = section_index_path(&s.path);
                    let ctx = markdown::context(file, &s.source, s.body_offset, &index, &index, &s.url, &links);
                    let mut d = Vec::new();
                    let r = markdown::render(
                        &ctx,
                        &s.source[s.body_offset..],
                        RenderOptions {
                            allow_html: true,
                            words: &words,
                        },
                        &mut d,
                    );
                    diags.extend(d);
                    r
                }
                None => Rendered::default(),
            })
            .collect();

        let mut rendered = Vec::with_capacity(pages.len());
        for (r, d) in rendered_pages {
            diags.extend(d);
            rendered.push(r);
        }
        let failed_rendered = rendered.split_off(pages.len());
        let pairs: Vec<(&Page, &Rendered)> = pages
            .iter()
            .zip(&rendered)
            .chain(failed_pages.iter().zip(&failed_rendered))
            .collect();
        check_anchors(&pairs, diags);
        drop(pairs);
        let failed_pages: Vec<(Page, Rendered)> = failed_pages.into_iter().zip(failed_rendered).collect();

        let section_of: HashMap<&str, usize> = sections.iter().enumerate().map(|(i, s)| (s.path.as_str(), i)).collect();
        let mut site_sections: Vec<SiteSection> = Vec::with_capacity(sections.len());
        let mut site_pages: Vec<SitePage> = Vec::with_capacity(pages.len());
        let page_sections: Vec<usize> = pages
            .iter()
            .map(|p| section_of.get(p.section.as_str()).copied().unwrap_or(0))
            .collect();
        let parents: Vec<Option<usize>> = sections
            .iter()
            .map(|s| {
                if s.path.is_empty() {
                    None
                } else {
                    section_of.get(crate::content::parent_of(&s.path)).copied()
                }
            })
            .collect();
        for (s, r) in sections.into_iter().zip(rendered_sections) {
            site_sections.push(SiteSection {
                section: s,
                rendered: r,
                pages: Vec::new(),
                subsections: Vec::new(),
            });
        }
        for (i, parent) in parents.iter().enumerate() {
            if let Some(p) = parent {
                site_sections[*p].subsections.push(i);
            }
        }
        for ((page, r), section) in pages.into_iter().zip(rendered).zip(page_sections) {
            site_pages.push(SitePage {
                page,
                rendered: r,
                section,
                terms: Vec::new(),
            });
        }
        for (i, p) in site_pages.iter().enumerate() {
            site_sections[p.section].pages.push(i);
        }
        for s in &mut site_sections {
            sort_pages(&mut s.pages, &site_pages, s.section.sort_by);
        }
        let subsection_weights: Vec<(Option<i64>, String)> = site_sections
            .iter()
            .map(|s| (s.section.weight, s.section.title.clone()))
            .collect();
        for s in &mut site_sections {
            s.subsections.sort_by(|a, b| {
                let (wa, ta) = &subsection_weights[*a];
                let (wb, tb) = &subsection_weights[*b];
                (wa.unwrap_or(i64::MAX), ta).cmp(&(wb.unwrap_or(i64::MAX), tb))
            });
        }

        let taxonomies = taxonomy::build(&config, &words, &mut site_pages, diags);
        Site {
            config,
            pages: site_pages.into_iter().map(Arc::new).collect(),
            sections: site_sections,
            taxonomies,
            excluded,
            unpublished,
            unpublished_urls,
            stories,
            failed_urls,
            failed_pages,
            words,
            translations,
            today: jiff::civil::Date::default(),
            assets,
            links: link_table,
        }
    }

    /// Renders the Markdown of page `i` after its file changed, with the same link resolution
    /// as a full build. The caller puts the result in place.
    pub(crate) fn render_page_markdown(&self, page: &Page, diags: &mut Vec<Diagnostic>) -> Rendered {
        let links = Links {
            table: &self.links,
            unpublished: &self.unpublished,
            unpublished_urls: &self.unpublished_urls,
        };
        let ctx = markdown::context(
            &page.file,
            &page.source,
            page.body_offset,
            &page.path,
            &page.key,
            &page.url,
            &links,
        );
        let html_ok = self.config.allow_html || page.story().is_none();
        let opts = RenderOptions {
            allow_html: html_ok,
            words: &self.words,
        };
        markdown::render(&ctx, page.body(), opts, diags)
    }

    /// Checks the `#anchor` links that involve page `i` after it changed: its own, and those
    /// of other pages into it.
    pub(crate) fn check_anchors_of(&self, i: usize, diags: &Diagnostics) {
        let target = self.pages[i].page.path.as_str();
        let own: Vec<&str> = self.pages[i]
            .rendered
            .anchor_refs
            .iter()
            .map(|a| a.target.as_str())
            .collect();
        let pairs: Vec<(&Page, &Rendered)> = self
            .pages
            .iter()
            .enumerate()
            .filter(|(j, p)| {
                *j == i
                    || own.contains(&p.page.path.as_str())
                    || p.rendered.anchor_refs.iter().any(|a| a.target == target)
            })
            .map(|(_, p)| (&p.page, &p.rendered))
            .collect();
        check_anchors(&pairs, diags);
    }

    /// `[crisis] guide` must name a published page.
    pub(crate) fn check_crisis_guide(&self, root: &std::path::Path, diags: &Diagnostics) {
        let Some(guide) = self.config.crisis.guide.as_deref() else {
            return;
        };
        let path = guide.trim_start_matches("@/");
        if self.pages.iter().any(|p| p.page.path == path) {
            return;
        }
        let source = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
        let (line, col) = crate::config::find_key(&source, "crisis.guide");
        let closest = did_you_mean(path, self.pages.iter().map(|p| p.page.path.as_str()));
        diags.push(
            Diagnostic::error(format!(
                "[crisis] guide names content/{path}, which is not a published page"
            ))
            .in_file(crate::config::CONFIG_FILE)
            .at_in(&source, line, col)
            .hint(match closest {
                Some(c) => format!("did you mean \"{c}\"?"),
                None => "give the path of a page under content/, such as \"guides/crisis-lines.md\", or remove `guide`"
                    .into(),
            }),
        );
    }
}

/// Newest first; undated pages last; ties by title then path so output is deterministic.
pub(crate) fn sort_pages<P: std::borrow::Borrow<SitePage>>(list: &mut [usize], pages: &[P], by: SortBy) {
    list.sort_by(|&a, &b| compare_pages(&pages[a].borrow().page, &pages[b].borrow().page, by));
}

/// The order of two pages in a listing sorted `by`.
pub(crate) fn compare_pages(pa: &Page, pb: &Page, by: SortBy) -> std::cmp::Ordering {
    let primary = match by {
        SortBy::Date => pb.date.cmp(&pa.date),
        SortBy::Title => pa.title.to_lowercase().cmp(&pb.title.to_lowercase()),
        SortBy::Weight => pa.weight.unwrap_or(i64::MAX).cmp(&pb.weight.unwrap_or(i64::MAX)),
    };
    primary
        .then_with(|| pa.title.cmp(&pb.title))
        .then_with(|| pa.path.cmp(&pb.path))
}

/// Reports pages and aliases whose address is already taken. A page that clashes is left out
/// and an alias that clashes is dropped (after its error), so the page that holds the address
/// is still rendered and checked as it is.
pub(crate) fn check_duplicate_urls(config: &Config, pages: &mut Vec<Page>, sections: &[Section], diags: &Diagnostics) {
    let mut seen: HashMap<String, std::path::PathBuf> = HashMap::new();
    for s in sections {
        let file = s.file.clone().unwrap_or_else(|| content_file(&s.path));
        seen.insert(s.url.clone(), file);
    }
    seen.insert(
        format!("{}/search/", config.lang.prefix),
        std::path::PathBuf::from(format!(
            "themes/{}/templates/search.html (the search page)",
            config.theme
        )),
    );
    for t in &config.taxonomies {
        let name = t.settings().name;
        if let Some(other) = seen.get(&format!("{}/{name}/", config.lang.prefix)) {
            diags.push(
                Diagnostic::error(format!(
                    "the folder {} has the same address as the `{name}` taxonomy (/{name}/)",
                    other.display()
                ))
                .in_file(other.clone())
                .hint("rename the folder, or the taxonomy in trailhead.toml"),
            );
        }
    }
    // Pages that chose their address with `slug` go last, so a clash is reported on them.
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_key(|&i| {
        (
            pages[i].source[..pages[i].body_offset].contains("\nslug"),
            pages[i].path.clone(),
        )
    });
    let mut clashing = Vec::new();
    for i in order {
        let p = &pages[i];
        let mut check = |url: &str, alias: Option<usize>| -> bool {
            let Some(other) = seen.get(url) else {
                seen.insert(url.to_owned(), p.file.clone());
                return true;
            };
            let (what, (line, col), hint) = match alias {
                Some(n) => (
                    "alias",
                    p.place(&format!("aliases.{n}")),
                    "an alias is an old address that sends readers here; remove it, or the other page could never be reached",
                ),
                None => (
                    "address",
                    p.place("slug"),
                    "two pages cannot share an address: rename one file, or give one a different `slug`",
                ),
            };
            diags.push(
                Diagnostic::error(format!(
                    "this page's {what} {url} is the same as the address of {}",
                    other.display()
                ))
                .in_file(&p.file)
                .at_in(&p.source, line, col)
                .hint(hint),
            );
            false
        };
        if !check(&p.url, None) {
            clashing.push(i);
            continue;
        }
        let keep: Vec<bool> = p
            .aliases
            .iter()
            .enumerate()
            .map(|(n, a)| {
                let a = if a.ends_with('/') || a.ends_with(".html") {
                    a.clone()
                } else {
                    format!("{a}/")
                };
                check(&a, Some(n))
            })
            .collect();
        let mut keep = keep.into_iter();
        pages[i].aliases.retain(|_| keep.next().unwrap_or(true));
    }
    clashing.sort_unstable();
    for i in clashing.into_iter().rev() {
        pages.remove(i);
    }
}

fn check_anchors(pages: &[(&Page, &Rendered)], diags: &Diagnostics) {
    let by_path: HashMap<&str, usize> = pages.iter().enumerate().map(|(i, p)| (p.0.path.as_str(), i)).collect();
    for &(page, r) in pages {
        for a in &r.anchor_refs {
            let Some(&target) = by_path.get(a.target.as_str()) else {
                continue;
            };
            let tr = pages[target].1;
            if !tr.has_anchor(&a.anchor) {
                let ids: Vec<&str> = tr.toc.iter().map(|t| t.id.as_str()).collect();
                let hint = match did_you_mean(&a.anchor, ids.iter().copied()) {
                    Some(m) => format!("did you mean `#{m}`?"),
                    None if ids.is_empty() => format!("content/{} has no headings to link to", a.target),
                    None => format!(
                        "the headings of content/{} are: {}",
                        a.target,
                        ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
                    ),
                };
                diags.push(
                    Diagnostic::error(format!(
                        "the link points to `#{}`, but content/{} has no heading with that id",
                        a.anchor, a.target
                    ))
                    .in_file(&page.file)
                    .at_offset(&page.source, a.offset)
                    .hint(hint),
                );
            }
        }
    }
}
