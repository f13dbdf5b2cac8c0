//! The editor's words, from the theme's i18n tables (`[editor]` at the end of
//! `themes/default/i18n/en.toml` and `es.toml`): the site's own theme first, then the
//! embedded default theme.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::text::escape_html;

/// `en` or `es`: the one asked for if the theme has it, else the site's language.
pub(crate) fn language(root: &Path, asked: Option<&str>) -> String {
    if let Some(a) = asked.filter(|a| matches!(*a, "en" | "es")) {
        return a.to_owned();
    }
    let site = crate::config::Config::load(root)
        .map(|c| c.language)
        .unwrap_or_default();
    site.split('-').next().filter(|l| *l == "es").unwrap_or("en").to_owned()
}

/// The `[editor]` table in `lang`.
pub(crate) fn table(root: &Path, lang: &str) -> BTreeMap<String, String> {
    let name = format!("i18n/{lang}.toml");
    let theme = crate::config::Config::load(root)
        .map(|c| c.theme)
        .unwrap_or_else(|_| "default".into());
    let text = std::fs::read_to_string(root.join("themes").join(theme).join(&name))
        .ok()
        .filter(|t| t.contains("[editor]"))
        .or_else(|| {
            crate::scaffold::DEFAULT_THEME
                .iter()
                .find(|(p, _)| *p == name)
                .map(|(_, t)| (*t).to_owned())
        })
        .unwrap_or_default();
    let value: toml::Table = toml::from_str(&text).unwrap_or_default();
    value
        .get("editor")
        .and_then(|e| e.as_table())
        .map(|t| {
            t.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// The editor page: its words filled in (escaped), and the whole table as JSON data for the
/// script (JSON in a non-executed `<script type="application/json">`, `<` escaped).
pub(crate) fn page_html(root: &Path, lang: &str) -> String {
    let t = table(root, lang);
    let mut html = include_str!("editor.html").replace("{lang}", lang);
    for (k, v) in &t {
        html = html.replace(&format!("{{{{{k}}}}}"), &escape_html(v));
    }
    let json = serde_json::to_string(&t).unwrap_or_default().replace('<', "\\u003c");
    html.replace("{strings}", &json)
}
