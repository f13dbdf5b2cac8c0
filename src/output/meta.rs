//! Small files beside the pages: `sitemap.xml`, `robots.txt`, `_headers` and alias redirects.

use crate::site::Site;
use crate::site::paginate::page_url;
use crate::util::text::escape_html;

/// The Content-Security-Policy every page runs under.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// `sitemap.xml`: pages, section listings, taxonomy indexes and term pages (first pages only)
/// of every language; a page or section with translations lists each of them (and the
/// default language's as `x-default`) as alternates, the same as its `<link hreflang>`.
pub(crate) fn sitemap(sites: &[Site]) -> String {
    let Some(first) = sites.first() else {
        return String::new();
    };
    let base = first.config.base();
    let translations = &first.translations;
    let mut urls: Vec<(String, Option<String>, &[crate::site::Version])> = Vec::new();
    for site in sites {
        for s in &site.sections {
            urls.push((s.section.url.clone(), None, translations.of_section(&s.section.path)));
        }
        for p in &site.pages {
            urls.push((
                p.page.url.clone(),
                p.page.updated.or(p.page.date).map(|d| d.to_string()),
                translations.of_page(&p.page.key),
            ));
        }
        for t in &site.taxonomies {
            urls.push((t.url.clone(), None, &[]));
            for term in &t.terms {
                urls.push((page_url(&term.url, 1), None, &[]));
            }
        }
    }
    urls.sort_by(|a, b| a.0.cmp(&b.0));
    urls.dedup_by(|a, b| a.0 == b.0);
    let alternates = urls.iter().any(|u| !u.2.is_empty());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if alternates {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    for (url, lastmod, versions) in urls {
        out.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape_html(&format!("{base}{url}"))
        ));
        if let Some(d) = lastmod {
            out.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
        }
        for v in versions {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_html(&v.code),
                escape_html(&format!("{base}{}", v.url))
            ));
        }
        if let Some(v) = versions.first() {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                escape_html(&format!("{base}{}", v.url))
            ));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`, pointing at the sitemap when there is one.
pub(crate) fn robots(site: &Site) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if site.config.sitemap {
        out.push_str(&format!("\nSitemap: {}/sitemap.xml\n", site.config.base()));
    }
    out
}

/// `_headers` (Netlify, Cloudflare Pages): strict security and privacy headers for every path.
pub(crate) fn headers() -> String {
    format!(
        "/*\n  Content-Security-Policy: {CSP}\n  Referrer-Policy: no-referrer\n  X-Content-Type-Options: nosniff\n  Strict-Transport-Security: max-age=31536000\n  Permissions-Policy: accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()\n  Cross-Origin-Opener-Policy: same-origin\n"
    )
}

/// A page that sends readers from an old address to the new one.
pub(crate) fn alias(site: &Site, to: &str) -> String {
    let full = format!("{}{to}", site.config.base());
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n{csp}\n<title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<link rel=\"canonical\" href=\"{full}\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n<p>{moved_to} <a href=\"{to}\">{to}</a>.</p>\n</body>\n</html>\n",
        lang = escape_html(&site.config.language),
        title = escape_html(site.words.get("moved_title")),
        moved_to = escape_html(site.words.get("moved_to")),
        csp = crate::privacy::csp_meta_element(),
        full = escape_html(&full),
        to = escape_html(to),
    )
}
