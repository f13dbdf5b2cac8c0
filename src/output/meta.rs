//! Small files beside the pages: `sitemap.xml`, `robots.txt`, `_headers` and alias redirects.

use crate::site::Site;
use crate::site::paginate::page_url;
use crate::util::text::escape_html;

/// The Content-Security-Policy every page runs under.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// `sitemap.xml`: pages, section listings, taxonomy indexes and term pages (first pages only).
pub(crate) fn sitemap(site: &Site) -> String {
    let base = site.config.base();
    let mut urls: Vec<(String, Option<String>)> = Vec::new();
    for s in &site.sections {
        urls.push((s.section.url.clone(), None));
    }
    for p in &site.pages {
        urls.push((
            p.page.url.clone(),
            p.page.updated.or(p.page.date).map(|d| d.to_string()),
        ));
    }
    for t in &site.taxonomies {
        urls.push((t.url.clone(), None));
        for term in &t.terms {
            urls.push((page_url(&term.url, 1), None));
        }
    }
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in urls {
        out.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape_html(&format!("{base}{url}"))
        ));
        if let Some(d) = lastmod {
            out.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
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
