//! The built site's address map, and the link checks that need it.
//!
//! Every file the build writes passes through [`Recording`], which notes its path, the ids of
//! an HTML page's elements, and the addresses the page links to. Once everything is written:
//! - links and images in Markdown to an address on the site (`/guides/x/`, `../x/#a`,
//!   `/files/form.pdf`) are checked and reported at their line in the Markdown;
//! - links the templates put on pages (`<a href="/about/">` in a footer) are checked on the
//!   rendered pages and reported against the template, with the pages they appear on.
//!
//! Static files, feeds, the search index and copied content files are addresses too.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxHashMap;

use super::Sink;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::Renderer;
use crate::site::Site;

/// Stands for every id on a page whose own errors kept it from being rendered.
const ANY_ID: &str = "*";

/// The ids of one page's elements, in one string (`\nmain\ncall\n`): one allocation a page.
#[derive(Debug, Default)]
struct Ids(String);

impl Ids {
    fn push(&mut self, id: &str) {
        if self.0.is_empty() {
            self.0.push('\n');
        }
        self.0.push_str(id);
        self.0.push('\n');
    }

    fn contains(&self, id: &str) -> bool {
        self.0.contains(&format!("\n{id}\n"))
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split('\n').filter(|i| !i.is_empty())
    }
}

impl<'a> FromIterator<&'a str> for Ids {
    fn from_iter<T: IntoIterator<Item = &'a str>>(iter: T) -> Self {
        let mut ids = Ids::default();
        for i in iter {
            ids.push(i);
        }
        ids
    }
}

/// Every file of a built site by its output path, with the ids of an HTML page's elements.
#[derive(Debug, Default)]
pub(crate) struct AddressMap(FxHashMap<String, Ids>);

/// A sink that passes files on and notes what the address checks need.
pub(crate) struct Recording<'a> {
    inner: &'a dyn Sink,
    /// Output path → ids of its elements (none for files that are not HTML).
    files: Mutex<FxHashMap<String, Ids>>,
    /// `address#anchor` → (pages that link to it, the first such page's path).
    links: Mutex<FxHashMap<String, (usize, String)>>,
    /// Output paths written more than once, with the source file of a copy.
    twice: Mutex<Vec<(String, Option<PathBuf>)>>,
}

impl<'a> Recording<'a> {
    /// Records what is written to `inner`.
    pub(crate) fn new(inner: &'a dyn Sink) -> Self {
        Recording {
            inner,
            files: Mutex::default(),
            links: Mutex::default(),
            twice: Mutex::default(),
        }
    }

    fn note(&self, rel: &str, bytes: &[u8], src: Option<&Path>) {
        let rel = rel.trim_start_matches('/').to_owned();
        let mut ids = Ids::default();
        if rel.ends_with(".html")
            && let Ok(html) = std::str::from_utf8(bytes)
        {
            let page_url = page_url_of(&rel);
            let mut found: Vec<Cow<'_, str>> = Vec::new();
            for (name, value) in attribute_values(html) {
                match name {
                    "id" => ids.push(value),
                    _ => found.extend(internal_link(&page_url, value)),
                }
            }
            found.sort_unstable();
            found.dedup();
            let mut links = self.links.lock().unwrap_or_else(|e| e.into_inner());
            for key in found {
                match links.get_mut(key.as_ref()) {
                    Some(entry) => {
                        entry.0 += 1;
                        // The first page in order, whichever thread wrote it first.
                        if rel < entry.1 {
                            entry.1.clone_from(&rel);
                        }
                    }
                    None => {
                        links.insert(key.into_owned(), (1, rel.clone()));
                    }
                }
            }
        }
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        match files.entry(rel) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let mut twice = self.twice.lock().unwrap_or_else(|e| e.into_inner());
                twice.push((e.key().clone(), src.map(Path::to_path_buf)));
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(ids);
            }
        }
    }

    /// Checks every link against what was written: Markdown links at their lines, template
    /// links against their template. Returns the site's address map, which `serve` keeps.
    pub(crate) fn check(self, root: &Path, sites: &[Site], renderers: &[Renderer], diags: &Diagnostics) -> AddressMap {
        let mut map = AddressMap::default();
        if let Some(renderer) = renderers.first() {
            let sites: Vec<&Site> = sites.iter().collect();
            self.check_into(&mut map, root, &sites, renderer, diags, None);
        }
        map
    }

    /// Checks after a partial render (`serve`, page `only` edited): the files written now
    /// replace theirs in `map`; the template links of the files written now are checked, and
    /// the Markdown links of that page and of every page or section that links to its address
    /// (its ids may have changed). Other links cannot have changed: an edit that moves a page
    /// is a full rebuild. `None` checks every page's links. `sites` are every language's;
    /// `only` is (language, page); `renderer` finds templates' lines (every language's
    /// templates are the same files).
    pub(crate) fn check_into(
        self,
        map: &mut AddressMap,
        root: &Path,
        sites: &[&Site],
        renderer: &Renderer,
        diags: &Diagnostics,
        only: Option<(usize, usize)>,
    ) {
        let mut twice = self.twice.into_inner().unwrap_or_else(|e| e.into_inner());
        twice.sort();
        twice.dedup();
        for (rel, src) in twice {
            let d = Diagnostic::error(format!(
                "two parts of this site are written to the same file, /{rel}, so one would replace the other"
            ))
            .hint("a file in `static/` (or the theme's `static/`) or beside a page has the same path as a page, a listing or an alias: rename or move one of them");
            diags.push(match src {
                Some(src) => d.in_file(crate::diagnostics::relative(root, &src)),
                None => d,
            });
        }
        let files = &mut map.0;
        files.extend(self.files.into_inner().unwrap_or_else(|e| e.into_inner()));
        // A page that failed to render or to validate (its own errors are reported) is still
        // an address. (After an edit, the map has them from the full build.)
        if only.is_none() {
            for site in sites {
                for url in &site.failed_urls {
                    files
                        .entry(format!("{}index.html", url.trim_start_matches('/')))
                        .or_insert_with(|| [ANY_ID].into_iter().collect());
                }
                for p in &site.pages {
                    let rel = format!("{}index.html", p.page.url.trim_start_matches('/'));
                    files
                        .entry(rel)
                        .or_insert_with(|| p.rendered.toc.iter().map(|t| t.id.as_str()).collect());
                }
            }
        }
        let files = &*files;
        let links = self.links.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut from_markdown: HashSet<String> = HashSet::new();
        let edited = only.map(|(l, i)| ((l, i), sites[l].pages[i].page.url.as_str()));
        let in_scope = |index: Option<(usize, usize)>, rendered: &crate::markdown::Rendered| match edited {
            None => true,
            Some((at, url)) => index == Some(at) || rendered.url_refs.iter().any(|r| r.address == url),
        };
        let bodies = sites.iter().enumerate().flat_map(|(l, site)| {
            site.pages
                .iter()
                .enumerate()
                .filter(move |(i, p)| in_scope(Some((l, *i)), &p.rendered))
                .map(|(_, p)| (&p.page.file, &p.page.source, &p.rendered))
                .chain(
                    site.failed_pages
                        .iter()
                        .filter(move |(_, r)| in_scope(None, r))
                        .map(|(p, r)| (&p.file, &p.source, r)),
                )
                .chain(
                    site.sections
                        .iter()
                        .filter(move |s| in_scope(None, &s.rendered))
                        .filter_map(|s| s.section.file.as_ref().map(|f| (f, &s.section.source, &s.rendered))),
                )
        });
        let url_of: HashMap<&str, &str> = sites
            .iter()
            .flat_map(|site| site.pages.iter())
            .map(|p| (p.page.path.as_str(), p.page.url.as_str()))
            .collect();
        for (file, source, rendered) in bodies {
            // `#anchor` and `page.md#anchor` links are checked with the Markdown already.
            for a in &rendered.anchor_refs {
                if let Some(url) = url_of.get(a.target.as_str()) {
                    from_markdown.insert(format!("{url}#{}", a.anchor));
                }
            }
            for r in &rendered.url_refs {
                let key = match &r.anchor {
                    Some(a) => format!("{}#{a}", r.address),
                    None => r.address.clone(),
                };
                from_markdown.insert(key);
                if let Some(problem) = problem(files, &r.address, r.anchor.as_deref()) {
                    let what = if r.image { "the image" } else { "the link" };
                    diags.push(
                        Diagnostic::error(format!(
                            "{what} `{}` {}",
                            r.written,
                            problem.said(&r.address, r.anchor.as_deref())
                        ))
                        .in_file(file)
                        .at_offset(source, r.offset)
                        .hint(match problem {
                            Problem::NoAnchor => ids_hint(files, &r.address),
                            Problem::Missing => hint(files, &r.address, r.image),
                        }),
                    );
                }
            }
        }
        // Template links: one error per address, against the template that writes it.
        let mut dead: BTreeMap<String, (usize, String)> = BTreeMap::new();
        for (key, (count, page)) in links {
            if from_markdown.contains(&key) {
                continue;
            }
            let (address, anchor) = match key.split_once('#') {
                Some((a, x)) => (a.to_owned(), Some(x.to_owned())),
                None => (key.clone(), None),
            };
            if problem(files, &address, anchor.as_deref()).is_some() {
                dead.insert(key, (count, page));
            }
        }
        for (key, (count, page)) in dead {
            let (address, anchor) = match key.split_once('#') {
                Some((a, x)) => (a, Some(x)),
                None => (key.as_str(), None),
            };
            let page = page.trim_end_matches("index.html");
            let pages = if count == 1 {
                format!("on /{page}")
            } else {
                format!("on {count} pages (such as /{page})")
            };
            let message = match problem(files, address, anchor) {
                Some(Problem::NoAnchor) => format!(
                    "a template links to `{key}` {pages}, but {address} has no element with the id `{}`",
                    anchor.unwrap_or_default()
                ),
                _ => format!("a template links to `{key}` {pages}, but that is not a page or file of this site"),
            };
            let d = Diagnostic::error(message).hint(hint(files, address, false));
            diags.push(match renderer.locate(&key).or_else(|| renderer.locate(address)) {
                Some((file, source, offset)) => d.in_file(file).at_offset(source, offset),
                None => d,
            });
        }
    }
}

impl Sink for Recording<'_> {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.note(rel, &bytes, None);
        self.inner.put(rel, bytes)
    }

    fn copy(&self, rel: &str, src: &Path) -> std::io::Result<()> {
        self.note(rel, &[], Some(src));
        self.inner.copy(rel, src)
    }
}

/// `stories/x/index.html` → `/stories/x/`; `404.html` → `/`.
fn page_url_of(rel: &str) -> String {
    match rel.rfind('/') {
        Some(i) => format!("/{}/", &rel[..i]),
        None => "/".to_owned(),
    }
}

/// What is wrong with a link.
enum Problem {
    /// No page or file has the address.
    Missing,
    /// The page has no element with the anchor's id.
    NoAnchor,
}

impl Problem {
    /// "points to …" for a link written in Markdown.
    fn said(&self, address: &str, anchor: Option<&str>) -> String {
        match self {
            Problem::Missing => format!("points to {address}, which is not a page or file of this site"),
            Problem::NoAnchor => format!(
                "points to `#{}` on {address}, which has no element with that id",
                anchor.unwrap_or_default()
            ),
        }
    }
}

/// What is wrong with a link to `address` (and `#anchor`), if anything.
fn problem(files: &FxHashMap<String, Ids>, address: &str, anchor: Option<&str>) -> Option<Problem> {
    let Some(file) = file_of(files, address) else {
        return Some(Problem::Missing);
    };
    match anchor {
        Some(a) if !a.is_empty() && !files[file].contains(a) && !files[file].contains(ANY_ID) && a != "top" => {
            Some(Problem::NoAnchor)
        }
        _ => None,
    }
}

/// The written file an address serves: `/a/b/` → `a/b/index.html`, `/a/b.css` → `a/b.css`,
/// `/a/b` → `a/b` or `a/b/index.html`.
fn file_of<'m>(files: &'m FxHashMap<String, Ids>, address: &str) -> Option<&'m String> {
    let path = address.trim_start_matches('/');
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_owned(), format!("{path}/index.html")]
    };
    candidates.iter().find_map(|c| files.get_key_value(c).map(|(k, _)| k))
}

fn ids_hint(files: &FxHashMap<String, Ids>, address: &str) -> String {
    let mut ids: Vec<&str> = file_of(files, address)
        .map(|f| files[f].iter().collect())
        .unwrap_or_default();
    ids.sort_unstable();
    let shown: Vec<String> = ids.iter().take(12).map(|i| format!("#{i}")).collect();
    if shown.is_empty() {
        format!("{address} has no elements with ids to link to")
    } else {
        format!("the ids on {address} include: {}", shown.join(", "))
    }
}

fn hint(files: &FxHashMap<String, Ids>, address: &str, image: bool) -> String {
    let pages = files
        .keys()
        .filter(|f| f.ends_with("index.html"))
        .map(|f| format!("/{}", f.trim_end_matches("index.html")));
    let closest = crate::util::text::did_you_mean(address, pages.collect::<Vec<_>>().iter().map(String::as_str))
        .map(str::to_owned);
    match closest {
        Some(c) if !image => format!(
            "did you mean `{c}`? Links to pages are best written to their file (`../guides/naloxone.md`), so they stay right when an address changes"
        ),
        _ if image => "put the image beside the page (or in its folder) and write its file name, or put it under static/ and write /its/path".to_owned(),
        _ => "check the address; links to pages are best written to their file (`../guides/naloxone.md`), so they stay right when an address changes".to_owned(),
    }
}

/// A link on a page to an address on this site, as `address#anchor` (`#anchor` alone is
/// resolved to the page itself). `None` for links elsewhere and for `mailto:`/`tel:`. Most
/// links are already plain addresses from the root, and are borrowed as they are.
fn internal_link<'v>(page_url: &str, value: &'v str) -> Option<Cow<'v, str>> {
    let value = value.trim();
    if value.is_empty() || crate::privacy::is_remote(value) {
        return None;
    }
    let (path, anchor) = match value.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (value, None),
    };
    if path.contains(':') {
        return None;
    }
    let plain = path.starts_with('/') && !path.contains(['?', '&', '\\']) && !path.contains("/.");
    if plain && anchor.is_none_or(str::is_empty) {
        return Some(Cow::Borrowed(path));
    }
    let address = if path.is_empty() {
        page_url.to_owned()
    } else if plain {
        path.to_owned()
    } else {
        crate::markdown::address_of(page_url, &path.replace("&amp;", "&"))?
    };
    Some(Cow::Owned(match anchor {
        Some(a) if !a.is_empty() => format!("{address}#{a}"),
        _ => address,
    }))
}

/// `(name, value)` of every `id`, `href` and `src` attribute written with double quotes (as
/// the renderer and Tera write them; a template's own single-quoted attributes are not read).
fn attribute_values(html: &str) -> impl Iterator<Item = (&'static str, &str)> {
    let bytes = html.as_bytes();
    memchr::memmem::find_iter(bytes, b"=\"").filter_map(move |at| {
        let name = if at >= 3 && &bytes[at - 3..at] == b" id" {
            "id"
        } else if at >= 5 && &bytes[at - 5..at] == b" href" {
            "href"
        } else if at >= 4 && &bytes[at - 4..at] == b" src" {
            "src"
        } else {
            return None;
        };
        let start = at + 2;
        let end = memchr::memchr(b'"', &bytes[start..]).map(|p| start + p)?;
        Some((name, &html[start..end]))
    })
}
