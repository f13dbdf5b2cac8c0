//! Rendering with Tera: the theme's templates (a site's own `templates/` folder overrides any of
//! them) loaded and checked, and pages rendered with them. The functions templates can call are
//! in [`functions`], the `config` they see in [`globals`], the values of pages and listings in
//! [`values`], and template errors become located diagnostics in [`errors`].

pub(crate) mod deps;
mod errors;
mod functions;
mod globals;
pub(crate) mod values;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tera::{Context, Tera, Value};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, relative};
use crate::site::Site;
pub(crate) use deps::TemplateUse;
use deps::template_uses;
use errors::template_error;
use functions::{Lookups, read, register, section_key, section_value, term_entry};
use globals::ConfigView;

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
        register(
            &mut tera,
            &lookups,
            std::sync::Arc::clone(&site.words),
            std::sync::Arc::clone(&site.translations),
            site.config.language.clone(),
        );
        tera.global_context().insert("config", &ConfigView::new(site));
        // `<html lang>`: the site's language; a page written in another sets its own.
        tera.global_context().insert("lang", &site.config.language);
        // The page's versions in other languages (pages and listings set their own) and the
        // language switcher's links: to the translation, or to the other language's home.
        tera.global_context()
            .insert("translations", &Vec::<crate::site::Version>::new());
        tera.global_context().insert("switch", &values::switcher(site, &[]));
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
        // Written as the address itself, or as the page `url_for` finds it by
        // (`/about/` → `url_for(path="about.md")`).
        let page = needle.trim_matches('/');
        let mut quoted = vec![format!("\"{needle}\"")];
        if !page.is_empty() && !page.contains('#') {
            quoted.push(format!("\"{page}.md\""));
            quoted.push(format!("\"{page}/_index.md\""));
        }
        quoted.iter().find_map(|q| {
            self.sources.iter().find_map(|(name, src)| {
                let at = src.find(q.as_str()).map(|p| p + 1)?;
                Some((self.files[name].as_path(), src.as_str(), at))
            })
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
