//! Rendering with Tera: the theme's templates (a site's own `templates/` folder overrides any of
//! them), the functions templates can call (`get_taxonomy`, `get_taxonomy_term`, `get_page`,
//! `get_section`, `get_url`), and template errors turned into located diagnostics.

pub(crate) mod deps;
pub(crate) mod values;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard};

use serde::Serialize;
use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};
use walkdir::WalkDir;

use crate::config::CrisisLine;
use crate::diagnostics::{Diagnostic, relative};
use crate::site::Site;
use crate::util::phone::{self, Phone, Use};
pub(crate) use deps::TemplateUse;
use deps::template_uses;

/// Templates every theme must have.
pub(crate) const REQUIRED_TEMPLATES: [&str; 9] = [
    "index.html",
    "section.html",
    "page.html",
    "story.html",
    "guide.html",
    "taxonomy.html",
    "term.html",
    "404.html",
    "search.html",
];

/// The loaded templates and the data templates can look up.
pub(crate) struct Renderer {
    tera: Tera,
    files: HashMap<String, PathBuf>,
    lookups: Arc<RwLock<Lookups>>,
    uses: HashMap<String, TemplateUse>,
    /// Template sources by name, sorted, for locating problems found in rendered pages.
    sources: std::collections::BTreeMap<String, String>,
    /// Summary values of every page, by page index.
    pub(crate) summaries: Arc<Vec<Value>>,
    /// Section values (with their pages), by section index.
    pub(crate) sections: Vec<Value>,
}

struct Lookups {
    taxonomies: HashMap<String, Value>,
    terms: HashMap<(String, String), Value>,
    pages: HashMap<String, Value>,
    sections: HashMap<String, Value>,
    /// Pages that are not published (a withdrawn story, a draft) → why. `get_page` gives
    /// nothing for them, and the paths asked for are kept for a warning after rendering.
    unpublished: HashMap<String, String>,
    asked_unpublished: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

/// The theme folder a site uses.
pub(crate) fn theme_dir(root: &Path, theme: &str) -> PathBuf {
    root.join("themes").join(theme)
}

impl Renderer {
    /// Loads the theme's and the site's templates and prepares the lookup functions.
    pub(crate) fn new(root: &Path, site: &Site) -> Result<Renderer, Vec<Diagnostic>> {
        let theme = theme_dir(root, &site.config.theme);
        if !theme.join("templates").is_dir() {
            let available: Vec<String> = std::fs::read_dir(root.join("themes"))
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .filter(|e| e.path().is_dir())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            let hint = if available.is_empty() {
                "put a theme under themes/ (a new site from `trailhead new` has the default theme)".to_owned()
            } else {
                format!("themes available: {}", available.join(", "))
            };
            let (line, col) = crate::config::find_key(
                &std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default(),
                "theme",
            );
            return Err(vec![
                Diagnostic::error(format!(
                    "the theme \"{}\" was not found: there is no folder {}",
                    site.config.theme,
                    relative(root, &theme.join("templates")).display()
                ))
                .in_file(crate::config::CONFIG_FILE)
                .at(line, col)
                .hint(hint),
            ]);
        }
        let mut files: HashMap<String, PathBuf> = HashMap::new();
        for dir in [theme.join("templates"), root.join("templates")] {
            for entry in WalkDir::new(&dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                if entry.file_type().is_file() && !crate::content::is_ignored_name(&entry.file_name().to_string_lossy())
                {
                    let name = crate::content::to_slash(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
                    files.insert(name, entry.path().to_path_buf());
                }
            }
        }
        let mut problems = Vec::new();
        for name in REQUIRED_TEMPLATES {
            if !files.contains_key(name) {
                problems.push(
                    Diagnostic::error(format!("the theme has no template `{name}`"))
                        .in_file(relative(root, &theme.join("templates")))
                        .hint(format!(
                            "add templates/{name} to your site or the theme (copy it from themes/default/templates/)"
                        )),
                );
            }
        }
        let mut sources = Vec::new();
        for (name, path) in &files {
            match std::fs::read_to_string(path) {
                Ok(s) => sources.push((name.clone(), s)),
                Err(e) => problems
                    .push(Diagnostic::error(format!("cannot read this template: {e}")).in_file(relative(root, path))),
            }
        }
        for (name, source) in &sources {
            for load in crate::privacy::remote_loads_in_html(source) {
                problems.push(
                    remote_load_error(&load)
                        .in_file(relative(root, &files[name]))
                        .at_offset(source, load.offset),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        sources.sort();

        let summaries = Arc::new(values::page_summaries(site));
        let sections: Vec<Value> = (0..site.sections.len())
            .map(|i| section_value(site, i, &summaries))
            .collect();
        let lookups = Arc::new(RwLock::new(Lookups {
            taxonomies: site
                .taxonomies
                .iter()
                .map(|t| (t.name.clone(), values::taxonomy(t)))
                .collect(),
            terms: site
                .taxonomies
                .iter()
                .enumerate()
                .flat_map(|(ti, t)| {
                    let summaries = &summaries;
                    (0..t.terms.len()).map(move |te| term_entry(site, ti, te, summaries))
                })
                .collect(),
            pages: site
                .pages
                .iter()
                .zip(summaries.iter())
                .map(|(p, v)| (p.page.path.clone(), v.clone()))
                .collect(),
            sections: site
                .sections
                .iter()
                .zip(&sections)
                .map(|(s, v)| (section_key(&s.section.path), v.clone()))
                .collect(),
            unpublished: site.unpublished.clone(),
            asked_unpublished: Default::default(),
        }));
        let uses = sources
            .iter()
            .map(|(name, _)| (name.clone(), template_uses(name, &sources)))
            .collect();

        let mut tera = Tera::new();
        register(&mut tera, &lookups);
        tera.global_context().insert("config", &ConfigView::new(site));
        // The Content-Security-Policy for the page's `<meta>` element (see `crate::privacy`).
        tera.global_context().insert("csp", crate::privacy::meta_csp());
        if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str()))) {
            return Err(vec![template_error(root, &files, &e, None)]);
        }
        let files = files.into_iter().map(|(n, p)| (n, relative(root, &p))).collect();
        Ok(Renderer {
            tera,
            files,
            lookups,
            uses,
            sources: sources.into_iter().collect(),
            summaries,
            sections,
        })
    }

    /// What template `name` reads beyond its own context (see [`deps`]).
    pub(crate) fn uses(&self, name: &str) -> TemplateUse {
        self.uses.get(name).copied().unwrap_or(TemplateUse {
            section: true,
            lookups: true,
        })
    }

    /// After page `i`'s summary changed, but not its address, section, terms or place in any
    /// listing: refreshes every value that holds the summary.
    pub(crate) fn refresh_page(&mut self, site: &Site, i: usize) {
        let sp = &site.pages[i];
        let value = values::page_summary(site, sp);
        Arc::make_mut(&mut self.summaries)[i] = value.clone();
        self.sections[sp.section] = section_value(site, sp.section, &self.summaries);
        let mut l = self.lookups.write().unwrap_or_else(|e| e.into_inner());
        l.pages.insert(sp.page.path.clone(), value);
        let s = &site.sections[sp.section].section;
        l.sections
            .insert(section_key(&s.path), self.sections[sp.section].clone());
        for &(ti, te) in &sp.terms {
            let (key, v) = term_entry(site, ti, te, &self.summaries);
            l.terms.insert(key, v);
        }
    }

    /// Warnings for the pages templates asked for with `get_page` that are not published: one
    /// per page, at the template line that names it. Each call reports what was asked since.
    pub(crate) fn lookup_warnings(&self) -> Vec<Diagnostic> {
        let l = read(&self.lookups);
        let asked = std::mem::take(&mut *l.asked_unpublished.lock().unwrap_or_else(|e| e.into_inner()));
        asked
            .into_iter()
            .map(|path| {
                let why = l.unpublished.get(&path).cloned().unwrap_or_default();
                let d = Diagnostic::warning(format!(
                    "a template asks for content/{path} with get_page, but it is not published ({why}), so it gets nothing"
                ))
                .hint("this does not stop the build; show the page only when it exists: {% set p = get_page(path=\"…\") %}{% if p %}…{% endif %}");
                match self.sources.iter().find_map(|(name, src)| src.find(&path).map(|at| (name, src, at))) {
                    Some((name, src, at)) => d.in_file(&self.files[name]).at_offset(src, at),
                    None => d,
                }
            })
            .collect()
    }

    /// The template file, its text and the offset where it writes `needle` (a link's
    /// address), for messages about what a template put on its pages.
    pub(crate) fn locate(&self, needle: &str) -> Option<(&Path, &str, usize)> {
        let quoted = format!("\"{needle}\"");
        self.sources.iter().find_map(|(name, src)| {
            let at = src.find(&quoted).map(|p| p + 1)?;
            Some((self.files[name].as_path(), src.as_str(), at))
        })
    }

    /// True if a template of that name is loaded.
    pub(crate) fn has_template(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Names of all templates, sorted.
    pub(crate) fn template_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.files.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// Renders a template; `what` names the page being rendered in error messages.
    pub(crate) fn render(&self, template: &str, ctx: &Context, what: &str) -> Result<String, Diagnostic> {
        self.render_with_body(template, ctx, what, "")
    }

    /// Renders a template for a page whose rendered Markdown `body` it shows. The output is
    /// checked for anything that would load from another website; loads that come from the
    /// body were already reported at their line in the Markdown, so they are not repeated.
    pub(crate) fn render_with_body(
        &self,
        template: &str,
        ctx: &Context,
        what: &str,
        body: &str,
    ) -> Result<String, Diagnostic> {
        let html = self
            .tera
            .render(template, ctx)
            .map_err(|e| template_error(Path::new(""), &self.files, &e, Some(what)))?;
        // One read of the page for both checks (around the body, which was checked already).
        let scan = crate::privacy::scan_page_around(&html, body);
        if scan.csp != crate::privacy::Csp::Present {
            return Err(self.csp_error(template, &scan.csp));
        }
        if let Some(load) = scan.loads.into_iter().find(|l| !body.contains(l.url.as_str())) {
            // Blame the template (this one first, then the ones it may extend or include) with
            // a loading attribute of the same kind whose value is an expression.
            let blame = std::iter::once(template)
                .chain(self.sources.keys().map(String::as_str))
                .find_map(|name| {
                    let source = self.sources.get(name)?;
                    // Expressions that build the site's own addresses are not the culprit.
                    let own = |v: &str| {
                        let v = v.trim_start_matches(['{', ' ']);
                        ["root", "config.base_url", "get_url", "current_url"]
                            .iter()
                            .any(|p| v.starts_with(p))
                    };
                    let at = crate::privacy::template_loaders(source)
                        .into_iter()
                        .find(|l| l.kind == load.kind && !own(&l.url))?;
                    Some((name, source, at.offset))
                });
            let d = match blame {
                Some((name, source, offset)) => remote_load_error(&load)
                    .in_file(&self.files[name])
                    .at_offset(source, offset),
                None => remote_load_error(&load).in_file(
                    self.files
                        .get(template)
                        .cloned()
                        .unwrap_or_else(|| PathBuf::from(template)),
                ),
            };
            let message = if load.kind == crate::privacy::Kind::Unreadable {
                format!("{} (while rendering {what})", d.message)
            } else {
                format!(
                    "{} (it comes from a value this template shows while rendering {what}, such as the config's `extra` or the page's front matter)",
                    d.message
                )
            };
            return Err(Diagnostic { message, ..d });
        }
        Ok(html)
    }
}

/// The diagnostic for a template, page or file that would load something from another website.
pub(crate) fn remote_load_error(load: &crate::privacy::RemoteLoad) -> Diagnostic {
    Diagnostic::error(load.message()).hint(load.hint())
}

/// The line a template needs for the page's Content-Security-Policy.
pub(crate) const CSP_META_LINE: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"{{ csp }}\">";

impl Renderer {
    /// The template that writes the `<head>` of pages rendered with `template` (itself or one
    /// it extends) and the offset of its `<head` tag.
    fn head_template<'a>(&'a self, template: &'a str) -> (&'a str, Option<usize>) {
        let mut name = template;
        for _ in 0..16 {
            let Some(source) = self.sources.get(name) else { break };
            let lower = source.to_ascii_lowercase();
            if let Some(i) = lower
                .match_indices("<head")
                .map(|(i, _)| i)
                .find(|&i| matches!(lower.as_bytes().get(i + 5), Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')))
            {
                return (name, Some(i));
            }
            let parent = source.find("extends").and_then(|i| {
                let rest = source[i + 7..].trim_start();
                let q = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
                let rest = &rest[1..];
                rest.find(q).map(|end| &rest[..end])
            });
            match parent {
                Some(p) if p != name => name = p,
                _ => break,
            }
        }
        (template, None)
    }

    /// The diagnostic for pages whose Content-Security-Policy `<meta>` element is missing,
    /// late or different.
    fn csp_error(&self, template: &str, csp: &crate::privacy::Csp) -> Diagnostic {
        use crate::privacy::Csp;
        let (head, offset) = self.head_template(template);
        let shown = format!(
            "`{template}`{}",
            if head == template {
                String::new()
            } else {
                format!(" (its <head> is in `{head}`)")
            }
        );
        let message = match csp {
            Csp::Present => String::new(),
            Csp::Missing => format!(
                "pages rendered with the template {shown} have no Content-Security-Policy <meta> element in their <head>, so nothing stops them loading from other websites where the site is served without its _headers file (GitHub Pages, a plain web server, a copy opened from a folder)"
            ),
            Csp::After { element, .. } if element == "text" => format!(
                "in pages rendered with the template {shown} the Content-Security-Policy <meta> element comes after text, which ends the <head>, so browsers ignore the policy"
            ),
            Csp::After { element, .. } => format!(
                "in pages rendered with the template {shown} the Content-Security-Policy <meta> element comes after <{element}>, which the browser may load before the policy applies (or which ends the <head>)"
            ),
            Csp::Different { found } => format!(
                "pages rendered with the template {shown} carry another Content-Security-Policy than the site's (`{found}`)"
            ),
        };
        let mut d = Diagnostic::error(message).hint(format!(
            "add the line `{CSP_META_LINE}` right after `<meta charset=\"utf-8\">`, before any <link>, <script> or <style>, in the <head> of {}",
            self.files.get(head).map_or_else(|| head.to_owned(), |p| p.display().to_string())
        ));
        if let Some(file) = self.files.get(head) {
            d = d.in_file(file);
            if let (Some(offset), Some(source)) = (offset, self.sources.get(head)) {
                d = d.at_offset(source, offset);
            }
        }
        d
    }
}

fn template_error(root: &Path, files: &HashMap<String, PathBuf>, e: &tera::Error, what: Option<&str>) -> Diagnostic {
    let file_of = |name: &str| {
        files
            .get(name)
            .map(|p| relative(root, p))
            .unwrap_or_else(|| PathBuf::from(name))
    };
    let during = what.map(|w| format!(" (while rendering {w})")).unwrap_or_default();
    let mut d = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let mut message = r.message().to_owned();
            let mut source = e.source_chain_text();
            if !source.is_empty() {
                message.push_str(": ");
                message.push_str(&std::mem::take(&mut source));
            }
            let file = file_of(r.filename());
            let line_text = std::fs::read_to_string(
                files
                    .get(r.filename())
                    .map(|p| if p.is_absolute() { p.clone() } else { root.join(p) })
                    .unwrap_or_default(),
            )
            .ok()
            .and_then(|s| s.lines().nth(r.span().start_line.saturating_sub(1)).map(str::to_owned));
            let mut d = Diagnostic::error(format!("template problem: {message}{during}"))
                .in_file(file)
                .at(r.span().start_line, r.span().start_col + 1);
            d.snippet = line_text;
            d
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(format!("the template `{name}` does not exist{during}")),
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(format!(
            "the template `{current}` extends `{parent}`, which does not exist{during}"
        ))
        .in_file(file_of(current)),
        _ => {
            // Some errors (an unknown filter or test, say) carry their place only in the text:
            // "error: Unknown filter `x` --> base.html:38:36 | …".
            let text = e.to_string();
            let place = text.split_once("--> ").and_then(|(_, rest)| {
                let spot = rest.split_whitespace().next()?;
                let mut parts = spot.rsplitn(3, ':');
                let col: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                let name = parts.next()?;
                files.contains_key(name).then(|| (name.to_owned(), line, col))
            });
            let headline = text
                .split("-->")
                .next()
                .unwrap_or(&text)
                .trim()
                .trim_start_matches("error: ")
                .to_owned();
            match place {
                Some((name, line, col)) => {
                    let path = files.get(&name).cloned().unwrap_or_default();
                    let full = if path.is_absolute() {
                        path.clone()
                    } else {
                        root.join(&path)
                    };
                    let mut d = Diagnostic::error(format!("template problem: {headline}{during}"))
                        .in_file(file_of(&name))
                        .at(line, col);
                    d.snippet = std::fs::read_to_string(full)
                        .ok()
                        .and_then(|s| s.lines().nth(line.saturating_sub(1)).map(str::to_owned));
                    d
                }
                None => Diagnostic::error(format!("template problem: {text}{during}")),
            }
        }
    };
    let text = d.message.clone();
    d.hint = Some(match e.kind() {
        _ if text.contains("Unknown filter") || text.contains("Unknown test") || text.contains("Unknown function") => {
            "check the spelling: templates can use Tera's own filters, tests and functions plus `human_date`, `json_string`, `get_page`, `get_section`, `get_taxonomy`, `get_taxonomy_term` and `get_url` (see docs/templates.md)".to_owned()
        }
        ErrorKind::SyntaxError(_) => "check the template syntax: every {% if %}/{% for %}/{% block %} needs its {% end… %}, and {{ }} must be balanced".to_owned(),
        _ => "check the template at that line; variables that may be missing can use `x or \"default\"` or `x?.y`".to_owned(),
    });
    d
}

trait SourceChain {
    fn source_chain_text(&self) -> String;
}

impl SourceChain for tera::Error {
    fn source_chain_text(&self) -> String {
        let mut parts = Vec::new();
        let mut cur = std::error::Error::source(self);
        while let Some(s) = cur {
            parts.push(s.to_string());
            cur = s.source();
        }
        parts.join(": ")
    }
}

fn read(l: &RwLock<Lookups>) -> RwLockReadGuard<'_, Lookups> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

/// The key `get_section` finds a section by.
fn section_key(path: &str) -> String {
    if path.is_empty() {
        "_index.md".to_owned()
    } else {
        format!("{path}/_index.md")
    }
}

/// A section's value with its pages.
fn section_value(site: &Site, i: usize, summaries: &[Value]) -> Value {
    let s = &site.sections[i];
    values::with(
        values::section(site, s),
        vec![("pages", values::list(summaries, &s.pages))],
    )
}

/// A term's lookup entry with its pages.
fn term_entry(site: &Site, ti: usize, te: usize, summaries: &[Value]) -> ((String, String), Value) {
    let t = &site.taxonomies[ti];
    let term = &t.terms[te];
    (
        (t.name.clone(), term.slug.clone()),
        values::with(
            values::term(term),
            vec![("pages", values::list(summaries, &term.pages))],
        ),
    )
}

fn register(tera: &mut Tera, lookups: &Arc<RwLock<Lookups>>) {
    let l = Arc::clone(lookups);
    tera.register_function(
        "get_taxonomy",
        move |kwargs: Kwargs, _: &State<'_>| -> tera::TeraResult<Value> {
            let kind: &str = kwargs.must_get("kind")?;
            read(&l)
                .taxonomies
                .get(kind)
                .cloned()
                .ok_or_else(|| tera::Error::message(format!("get_taxonomy: there is no taxonomy `{kind}`")))
        },
    );
    let l = Arc::clone(lookups);
    tera.register_function(
        "get_taxonomy_term",
        move |kwargs: Kwargs, _: &State<'_>| -> tera::TeraResult<Value> {
            let kind: &str = kwargs.must_get("kind")?;
            let term: &str = kwargs.must_get("term")?;
            let slug = crate::util::text::slugify(term);
            read(&l)
                .terms
                .get(&(kind.to_owned(), slug))
                .cloned()
                .ok_or_else(|| tera::Error::message(format!("get_taxonomy_term: `{kind}` has no term `{term}`")))
        },
    );
    let l = Arc::clone(lookups);
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, _: &State<'_>| -> tera::TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            let key = path.trim_start_matches("@/");
            let lookups = read(&l);
            if let Some(v) = lookups.pages.get(key) {
                return Ok(v.clone());
            }
            if lookups.unpublished.contains_key(key) {
                // A withdrawn story (or a draft) never makes another page fail: nothing is
                // returned, and a warning names the template afterwards.
                lookups
                    .asked_unpublished
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key.to_owned());
                return Ok(Value::none());
            }
            Err(tera::Error::message(format!(
                "get_page: there is no published page content/{path}"
            )))
        },
    );
    let l = Arc::clone(lookups);
    tera.register_function(
        "get_section",
        move |kwargs: Kwargs, _: &State<'_>| -> tera::TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            read(&l)
                .sections
                .get(path.trim_start_matches("@/"))
                .cloned()
                .ok_or_else(|| tera::Error::message(format!("get_section: there is no section content/{path}")))
        },
    );
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, _: &State<'_>| -> tera::TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            Ok(Value::from(format!("/{}", path.trim_start_matches('/'))))
        },
    );
    tera.register_filter("json_string", |s: &str, _: Kwargs, _: &State<'_>| -> String {
        // Safe inside <script type="application/ld+json">: no `<`, `>` or `&` can end or
        // confuse the element.
        serde_json::to_string(s)
            .unwrap_or_default()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    });
    tera.register_filter(
        "human_date",
        |s: &str, _: Kwargs, _: &State<'_>| -> tera::TeraResult<String> {
            crate::util::dates::parse_date(s)
                .map(crate::util::text::human_date)
                .ok_or_else(|| tera::Error::message(format!("human_date: \"{s}\" is not a date")))
        },
    );
}

#[derive(Serialize)]
struct CrisisLineView<'a> {
    name: &'a str,
    phone: Option<Phone>,
    text: Option<Phone>,
    url: Option<&'a str>,
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct NavItem<'a> {
    name: &'a str,
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct ConfigView<'a> {
    title: &'a str,
    base_url: &'a str,
    language: &'a str,
    description: &'a str,
    feeds: bool,
    nav: Vec<NavItem<'a>>,
    taxonomies: Vec<NavItem<'a>>,
    crisis_heading: &'a str,
    crisis_intro: &'a str,
    crisis_lines: Vec<CrisisLineView<'a>>,
    quick_exit_url: &'a str,
    crisis_guide_url: Option<&'a str>,
    extra: &'a std::collections::BTreeMap<String, toml::Value>,
}

impl<'a> ConfigView<'a> {
    fn new(site: &'a Site) -> Self {
        let c = &site.config;
        let line = |l: &'a CrisisLine| CrisisLineView {
            name: &l.name,
            phone: l.phone.as_deref().and_then(|p| phone::parse(p, Use::Call).ok()),
            text: l.text.as_deref().and_then(|p| phone::parse(p, Use::Text).ok()),
            url: l.url.as_deref(),
            description: l.description.as_deref(),
        };
        let root_subsections = site.sections.first().map(|r| r.subsections.clone()).unwrap_or_default();
        ConfigView {
            title: &c.title,
            base_url: c.base(),
            language: &c.language,
            description: &c.description,
            feeds: c.feeds,
            nav: root_subsections
                .iter()
                .map(|&i| NavItem {
                    name: &site.sections[i].section.path,
                    title: &site.sections[i].section.title,
                    url: &site.sections[i].section.url,
                })
                .collect(),
            taxonomies: site
                .taxonomies
                .iter()
                .map(|t| NavItem {
                    name: &t.name,
                    title: &t.title,
                    url: &t.url,
                })
                .collect(),
            crisis_heading: &c.crisis.heading,
            crisis_intro: &c.crisis.intro,
            crisis_lines: c.crisis.lines.iter().map(line).collect(),
            quick_exit_url: &c.quick_exit.url,
            crisis_guide_url: c.crisis.guide.as_deref().and_then(|g| {
                let g = g.trim_start_matches("@/");
                site.pages
                    .iter()
                    .find(|p| p.page.path == g)
                    .map(|p| p.page.url.as_str())
            }),
            extra: &c.extra,
        }
    }
}
