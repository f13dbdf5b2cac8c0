//! What a template can show besides its own context: used by `serve` to decide which outputs
//! an edit can change.
//!
//! The analysis is by text and errs on the side of "uses": a template (with everything it
//! extends, includes or imports) *uses the section* when its Tera code mentions `section`, and
//! *uses lookups* when it calls `get_page`, `get_section`, `get_taxonomy` or
//! `get_taxonomy_term`, which can return any page.

use std::collections::BTreeSet;

/// What a template reads beyond the page or listing it renders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TemplateUse {
    /// It reads `section` (for a page: its section's value, which lists the section's pages).
    pub(crate) section: bool,
    /// It calls a lookup function that can return any page, section or term.
    pub(crate) lookups: bool,
}

/// The use of template `name`, following `extends`, `include` and `import` through `sources`.
pub(crate) fn template_uses(name: &str, sources: &[(String, String)]) -> TemplateUse {
    let mut seen = BTreeSet::new();
    let mut todo = vec![name.to_owned()];
    let mut uses = TemplateUse::default();
    while let Some(n) = todo.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        let Some((_, source)) = sources.iter().find(|(s, _)| *s == n) else {
            continue;
        };
        for code in tera_code(source) {
            let words = words(code);
            uses.section |= words.contains(&"section");
            uses.lookups |= words
                .iter()
                .any(|w| matches!(*w, "get_page" | "get_section" | "get_taxonomy" | "get_taxonomy_term"));
            if words.iter().any(|w| matches!(*w, "extends" | "include" | "import")) {
                todo.extend(quoted(code));
            }
        }
    }
    uses
}

/// The Tera code of a template: the inside of every `{{ … }}` and `{% … %}`.
fn tera_code(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let body = &after[1..];
        let end = body.find(close).unwrap_or(body.len());
        out.push(&body[..end]);
        rest = &body[end..];
    }
    out
}

fn words(code: &str) -> Vec<&str> {
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn quoted(code: &str) -> Vec<String> {
    code.split(['"', '\'']).skip(1).step_by(2).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn follows_extends_and_includes() {
        let s = src(&[
            (
                "story.html",
                "{% extends \"base.html\" %}{% block content %}{{ page.title }}{% endblock %}",
            ),
            ("base.html", "<section>{% include \"partials/nav.html\" %}</section>"),
            (
                "partials/nav.html",
                "{% set s = get_section(path=\"stories/_index.md\") %}",
            ),
            (
                "page.html",
                "<section class=\"section\">{{ page.content | safe }}</section>",
            ),
            ("list.html", "{% for p in section.pages %}{{ p.title }}{% endfor %}"),
        ]);
        assert_eq!(
            template_uses("story.html", &s),
            TemplateUse {
                section: false,
                lookups: true
            }
        );
        assert_eq!(
            template_uses("page.html", &s),
            TemplateUse::default(),
            "HTML <section> is not Tera code"
        );
        assert_eq!(
            template_uses("list.html", &s),
            TemplateUse {
                section: true,
                lookups: false
            }
        );
    }

    #[test]
    fn cycles_and_missing_templates_end() {
        let s = src(&[
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "{% include \"a.html\" %}{% include \"nope.html\" %}"),
        ]);
        assert_eq!(template_uses("a.html", &s), TemplateUse::default());
    }
}
