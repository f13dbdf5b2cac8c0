//! Atom feeds for the site, each section and each taxonomy term. Feeds show the editor's
//! summary (or the content note), never the body of a story with content notes.

use crate::site::Site;
use crate::util::text::escape_html;

/// How many entries a feed holds.
pub(crate) const FEED_LIMIT: usize = 20;

/// An Atom feed of `items` (page indexes, newest first). `url` is the listing's own URL.
pub(crate) fn atom(site: &Site, title: &str, url: &str, items: &[usize]) -> String {
    let base = site.config.base();
    let dated: Vec<usize> = items
        .iter()
        .copied()
        .filter(|&i| site.pages[i].page.date.is_some())
        .take(FEED_LIMIT)
        .collect();
    let updated = dated
        .iter()
        .filter_map(|&i| {
            let p = &site.pages[i].page;
            p.updated.or(p.date)
        })
        .max();
    let mut out = String::with_capacity(1024 + dated.len() * 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    out.push_str(&escape_html(&site.config.language));
    out.push_str("\">\n");
    out.push_str(&format!("  <title>{}</title>\n", escape_html(title)));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_html(&format!("{base}{url}"))
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_html(&format!("{base}{url}atom.xml"))
    ));
    out.push_str(&format!("  <id>{}</id>\n", escape_html(&format!("{base}{url}"))));
    out.push_str(&format!(
        "  <updated>{}T00:00:00Z</updated>\n",
        updated.map(|d| d.to_string()).unwrap_or_else(|| "1970-01-01".into())
    ));
    if !site.config.description.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape_html(&site.config.description)
        ));
    }
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_html(&site.config.title)
    ));
    for i in dated {
        let sp = &site.pages[i];
        let p = &sp.page;
        let link = format!("{base}{}", p.url);
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", escape_html(&p.title)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_html(&link)
        ));
        out.push_str(&format!("    <id>{}</id>\n", escape_html(&link)));
        if let Some(d) = p.date {
            out.push_str(&format!("    <published>{d}T00:00:00Z</published>\n"));
        }
        out.push_str(&format!(
            "    <updated>{}T00:00:00Z</updated>\n",
            p.updated.or(p.date).map(|d| d.to_string()).unwrap_or_default()
        ));
        if let Some(s) = p.story() {
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape_html(&s.author_display)
            ));
        }
        for &(ti, te) in &sp.terms {
            let term = &site.taxonomies[ti].terms[te];
            out.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                escape_html(&term.slug),
                escape_html(&term.name)
            ));
        }
        let mut summary = String::new();
        let labels = crate::content::notes::note_labels(&site.config, &site.words, p);
        if !labels.is_empty() {
            summary.push_str(&crate::content::notes::notes_sentence(&site.words, &labels));
            summary.push(' ');
        }
        if let Some(text) = &p.summary {
            summary.push_str(text);
        } else if !p.has_content_notes()
            && let Some(html) = &sp.rendered.summary_html
        {
            out.push_str(&format!("    <summary type=\"html\">{}</summary>\n", escape_html(html)));
        }
        let summary = summary.trim();
        if !summary.is_empty() {
            out.push_str(&format!("    <summary>{}</summary>\n", escape_html(summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
