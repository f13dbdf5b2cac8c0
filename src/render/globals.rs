//! The `config` every template sees: the site's title, navigation, crisis lines and quick exit.

use serde::Serialize;

use super::values::CrisisLineView;
use crate::site::Site;

#[derive(Serialize)]
struct NavItem<'a> {
    name: &'a str,
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
pub(super) struct ConfigView<'a> {
    title: &'a str,
    base_url: &'a str,
    language: &'a str,
    description: &'a str,
    feeds: bool,
    nav: Vec<NavItem<'a>>,
    taxonomies: Vec<NavItem<'a>>,
    crisis_heading: &'a str,
    crisis_intro: &'a str,
    crisis_lines: Vec<CrisisLineView>,
    /// The organization's warmline, after the crisis lines.
    crisis_warmline: Option<CrisisLineView>,
    quick_exit_url: &'a str,
    quick_exit_label: &'a str,
    /// The language's home page (`/`, `/es/`) and search page.
    home_url: String,
    search_url: String,
    /// The print pack's address, when the site has one.
    print_url: Option<String>,
    /// Every language of the site (for a switcher): code, name, home.
    languages: &'a [crate::site::LanguageLink],
    crisis_guide_url: Option<&'a str>,
    extra: &'a std::collections::BTreeMap<String, toml::Value>,
}

impl<'a> ConfigView<'a> {
    pub(super) fn new(site: &'a Site) -> Self {
        let c = &site.config;
        let words = &site.words;
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
            crisis_heading: c.crisis.heading.as_deref().unwrap_or(words.get("crisis_heading")),
            crisis_intro: c.crisis.intro.as_deref().unwrap_or(words.get("crisis_intro")),
            crisis_lines: c
                .crisis
                .lines_or_default(words)
                .into_iter()
                .map(CrisisLineView::from)
                .collect(),
            crisis_warmline: c.crisis.warmline.clone().map(CrisisLineView::from),
            quick_exit_url: &c.quick_exit.url,
            quick_exit_label: c.quick_exit.label.as_deref().unwrap_or(words.get("quick_exit")),
            home_url: c.lang.home(),
            search_url: format!("{}search/", c.lang.home()),
            print_url: site
                .pages
                .iter()
                .any(|p| p.page.print)
                .then(|| format!("{}print/", c.lang.home())),
            languages: &site.translations.languages,
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
