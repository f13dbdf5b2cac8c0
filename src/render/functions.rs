//! The functions templates can call (`get_taxonomy`, `get_taxonomy_term`, `get_page`,
//! `get_section`, `get_url`, `url_for`, `t`) and filters, with the lookup tables behind them.

use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard};

use tera::{Kwargs, State, Tera, Value};

use super::values;
use crate::site::Site;

/// What the template functions look up, filled by the renderer.
pub(super) struct Lookups {
    pub(super) taxonomies: HashMap<String, Value>,
    pub(super) terms: HashMap<(String, String), Value>,
    pub(super) pages: HashMap<String, Value>,
    pub(super) sections: HashMap<String, Value>,
    /// Pages that are not published (a withdrawn story, a draft) → why. `get_page` gives
    /// nothing for them, and the paths asked for are kept for a warning after rendering.
    pub(super) unpublished: HashMap<String, String>,
    pub(super) asked_unpublished: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

pub(super) fn read(l: &RwLock<Lookups>) -> RwLockReadGuard<'_, Lookups> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

/// The key `get_section` finds a section by.
pub(super) fn section_key(path: &str) -> String {
    if path.is_empty() {
        "_index.md".to_owned()
    } else {
        format!("{path}/_index.md")
    }
}

/// A section's value with its pages.
pub(super) fn section_value(site: &Site, i: usize, summaries: &[Value]) -> Value {
    let s = &site.sections[i];
    values::with(
        values::section(site, s),
        vec![("pages", values::list(summaries, &s.pages))],
    )
}

/// A term's lookup entry with its pages.
pub(super) fn term_entry(site: &Site, ti: usize, te: usize, summaries: &[Value]) -> ((String, String), Value) {
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

pub(super) fn register(
    tera: &mut Tera,
    lookups: &Arc<RwLock<Lookups>>,
    words: Arc<crate::i18n::Words>,
    translations: Arc<crate::site::Translations>,
    language: String,
) {
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
    // `url_for(path="about.md")`: the address of that page in the page's language when it
    // has a translation, else in the default language.
    tera.register_function(
        "url_for",
        move |kwargs: Kwargs, _: &State<'_>| -> tera::TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            let path = path.trim_start_matches("@/").trim_start_matches('/');
            let url = translations.pages.get(path).and_then(|versions| {
                versions
                    .iter()
                    .find(|v| v.code == language)
                    .or_else(|| versions.first())
                    .map(|v| v.url.clone())
            });
            Ok(Value::from(url.unwrap_or_else(|| {
                format!("/{}/", path.trim_end_matches(".md").trim_end_matches("/_index"))
            })))
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
    let w = Arc::clone(&words);
    tera.register_filter(
        "human_date",
        move |s: &str, _: Kwargs, _: &State<'_>| -> tera::TeraResult<String> {
            crate::util::dates::parse_date(s)
                .map(|d| w.date(d))
                .ok_or_else(|| tera::Error::message(format!("human_date: \"{s}\" is not a date")))
        },
    );
    // `language_names(codes=["en", "es"])`: "English, Spanish" in the page's language (the words
    // `lang_en`, `lang_es`…), a code the words do not name as it is.
    let w = Arc::clone(&words);
    tera.register_function(
        "language_names",
        move |kwargs: Kwargs, _: &State<'_>| -> tera::TeraResult<String> {
            let codes: Vec<String> = kwargs.must_get("codes")?;
            let names: Vec<String> = codes
                .iter()
                .map(|c| {
                    let primary = c.split('-').next().unwrap_or(c).to_ascii_lowercase();
                    let key = format!("lang_{primary}");
                    if w.has(&key) { w.get(&key).to_owned() } else { c.clone() }
                })
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            Ok(w.list(&names))
        },
    );
    // `t(key="…")`: the interface words of the site's language; other arguments fill the
    // `{name}` places, and `n` picks `key_one` or `key_other`.
    tera.register_function("t", move |kwargs: Kwargs, _: &State<'_>| -> tera::TeraResult<String> {
        let key: &str = kwargs.must_get("key")?;
        let mut args: Vec<(String, String)> = Vec::new();
        let mut n = None;
        for (name, value) in kwargs.iter() {
            let name = name.to_string();
            if name == "key" {
                continue;
            }
            let text = match &value {
                v if v.is_number() => {
                    if name == "n" {
                        n = v.as_i128().and_then(|i| usize::try_from(i).ok());
                    }
                    v.to_string()
                }
                v => v.as_str().map_or_else(|| v.to_string(), str::to_owned),
            };
            args.push((name, text));
        }
        let key = match n {
            Some(n) if !words.has(key) => format!("{key}_{}", if n == 1 { "one" } else { "other" }),
            _ => key.to_owned(),
        };
        if !words.has(&key) {
            return Err(tera::Error::message(format!(
                "t: there is no interface text `{key}` for the language \"{}\" (in {})",
                words.language,
                words.file.display()
            )));
        }
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        Ok(words.fill(&key, &pairs))
    });
}
