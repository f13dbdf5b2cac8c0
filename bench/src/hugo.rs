//! The same library as a Hugo site: `hugo.toml` (one `tags` taxonomy, RSS and sitemap on as by
//! default), the same pages with YAML front matter (story and guide fields become `.Params`), and
//! templates equivalent to Trailhead's default theme: a base with header, crisis lines and footer;
//! single pages with title, date, story/guide details, tag links and the 5 latest pages of their
//! section; paginated section and term listings with cards; a term index with counts.
//!
//! Internal links are written as plain addresses (`/stories/x/#anchor`), the usual Hugo style;
//! Hugo does not check them (Trailhead does), which favours Hugo slightly.

use std::io;
use std::path::Path;

use super::library::{self, FIXED, Plan};

const CONFIG: &str = r##"# A synthetic library written by `bench generate` (Trailhead's benchmark).
baseURL = "https://bench.example.org/"
languageCode = "en-US"
title = "Bench Peer Support Library"
# Trailhead's feeds have the 20 newest entries; Hugo's default is every page.
[services.rss]
limit = 20

[taxonomies]
tag = "tags"

[params]
description = "A synthetic peer-support library for benchmarking: recovery stories and resource guides."

[[params.crisis]]
name = "988 Suicide & Crisis Lifeline"
phone = "988"
description = "Call, text or chat, 24/7. Free and confidential."

[[params.crisis]]
name = "In immediate danger"
phone = "911"

[[params.crisis]]
name = "SAMHSA National Helpline"
phone = "1-800-662-4357"
description = "Free, confidential treatment referral, 24/7, English and Spanish."
"##;

const BASEOF: &str = r##"<!doctype html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="/style.css">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><div class="wrap header-inner">
  <a class="site-title" href="/">{{ site.Title }}</a>
  <nav class="site-nav" aria-label="Main"><ul>
    <li><a href="/stories/">Stories</a></li><li><a href="/guides/">Guides</a></li><li><a href="/tags/">Topics</a></li>
  </ul></nav>
</div></header>
<aside class="crisis" aria-label="Get help now"><div class="wrap">
  <h2 class="crisis-heading">Get help now</h2>
  <ul class="crisis-lines">{{ range site.Params.crisis }}<li><strong>{{ .name }}</strong> <a href="tel:{{ .phone }}">Call {{ .phone }}</a>{{ with .description }} <span>{{ . }}</span>{{ end }}</li>{{ end }}</ul>
</div></aside>
<main id="main" tabindex="-1"><div class="wrap">
{{ block "main" . }}{{ end }}
</div></main>
<footer class="site-footer"><div class="wrap">
  <nav aria-label="Footer"><ul><li><a href="/about/">About us</a></li><li><a href="/tags/">Browse topics</a></li><li><a href="/index.xml">News feed (RSS)</a></li></ul></nav>
  <p>{{ site.Params.description }}</p>
</div></footer>
</body>
</html>
"##;

const SINGLE: &str = r##"{{ define "main" }}
<article class="prose">
  <h1>{{ .Title }}</h1>
  {{ with .Params.author_display }}<p class="byline">Shared by {{ . }}</p>{{ end }}
  <p class="meta">{{ if .Params.last_reviewed }}Last checked <time>{{ time.Format "January 2, 2006" .Params.last_reviewed }}</time>{{ else }}Published <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time>{{ end }} · {{ .ReadingTime }} min read</p>
  {{ with .Params.content_notes }}<p class="content-note">This story mentions: {{ delimit . ", " }}.</p>{{ end }}
  {{ if .Params.collapse }}<details class="story-body"><summary>Show the story</summary>{{ .Content }}</details>{{ else }}<div class="story-body">{{ .Content }}</div>{{ end }}
  {{ with .Params.contacts }}<section class="contacts"><h2 id="contacts-heading">Who to contact</h2><ul class="contact-list">
  {{ range . }}<li class="contact"><h3 class="contact-name">{{ .name }}</h3><p class="contact-actions">{{ with .phone }}<a class="button" href="tel:{{ . }}">Call {{ . }}</a>{{ end }}{{ with .text }} <a class="button" href="sms:{{ . }}">Text {{ . }}</a>{{ end }}{{ with .url }} <a class="button" href="{{ . }}" rel="noopener noreferrer">Website</a>{{ end }}</p>{{ with .hours }}<p><strong>Hours:</strong> {{ . }}</p>{{ end }}{{ with .languages }}<p><strong>Languages:</strong> {{ delimit . ", " }}</p>{{ end }}{{ with .notes }}<p>{{ . }}</p>{{ end }}</li>
  {{ end }}</ul></section>{{ end }}
  {{ with .GetTerms "tags" }}<section class="page-topics"><h2 id="topics-heading">Topics</h2><ul class="tag-list">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></section>{{ end }}
  <section class="latest"><h2 id="latest-heading">Latest in {{ .CurrentSection.Title }}</h2><ul>{{ range first 5 .CurrentSection.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time></li>{{ end }}</ul></section>
</article>
{{ end }}
"##;

const CARD: &str = r##"<article class="card">
  <h2 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
  <p class="meta">{{ with .Params.author_display }}Shared by {{ . }} · {{ end }}{{ if .Params.last_reviewed }}Last checked {{ time.Format "January 2, 2006" .Params.last_reviewed }}{{ else }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time>{{ end }} · {{ .ReadingTime }} min read</p>
  {{ with .Params.content_notes }}<p class="content-note">This story mentions: {{ delimit . ", " }}.</p>{{ end }}
  {{ with .Params.summary }}<p class="card-summary">{{ . }}</p>{{ end }}
  {{ with .GetTerms "tags" }}<ul class="tag-list" aria-label="Topics">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
</article>
"##;

const PAGER: &str = r##"{{ $p := .Paginator }}{{ if gt $p.TotalPages 1 }}<nav class="pagination" aria-label="More pages">{{ with $p.Prev }}<a href="{{ .URL }}" rel="prev">← Newer</a>{{ end }} <span>Page {{ $p.PageNumber }} of {{ $p.TotalPages }}</span> {{ with $p.Next }}<a href="{{ .URL }}" rel="next">Older →</a>{{ end }}</nav>{{ end }}"##;

const LIST: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
{{ if eq .Paginator.PageNumber 1 }}<div class="prose">{{ .Content }}</div>{{ end }}
<div class="cards">{{ range .Paginator.Pages }}{{ partial "card.html" . }}{{ end }}</div>
{{ partial "pager.html" . }}
{{ end }}
"##;

const TERM: &str = r##"{{ define "main" }}
<p class="breadcrumb"><a href="/tags/">Topics</a></p>
<h1>{{ .Title }}</h1>
<p class="lead">{{ len .Pages }} stories and guides about {{ .Title }}, newest first.</p>
<div class="cards">{{ range .Paginator.Pages }}{{ partial "card.html" . }}{{ end }}</div>
{{ partial "pager.html" . }}
{{ end }}
"##;

const TERMS: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<h2>A to Z</h2>
<ul class="term-list">{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">{{ .Count }} pages</span></li>
{{ end }}</ul>
<h2>Most used</h2>
<ol class="term-list">{{ range first 10 .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">{{ .Count }} pages</span></li>
{{ end }}</ol>
{{ end }}
"##;

const HOME: &str = r##"{{ define "main" }}
<div class="hero"><h1>{{ .Title }}</h1>{{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}</div>
<div class="prose">{{ .Content }}</div>
{{ range .Sections }}<section class="home-section"><h2>{{ .Title }}</h2>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
<div class="cards">{{ range first 3 .RegularPages }}{{ partial "card.html" . }}{{ end }}</div>
<p><a class="more" href="{{ .RelPermalink }}">All {{ len .RegularPages }} {{ lower .Title }}</a></p></section>
{{ end }}
<section class="home-section"><h2>Browse by topic</h2><ul class="term-cloud">{{ range site.Taxonomies.tags.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }} <span class="count">({{ .Count }})</span></a></li>{{ end }}</ul></section>
{{ end }}
"##;

/// Rewrites Trailhead's file links (`@/a/b.md`, `../a/b.md`, `b.md`, each with an optional
/// `#anchor`) in `body` of a page in `section` to Hugo addresses (`/a/b/#anchor`).
pub(crate) fn hugo_links(body: &str, section: &str) -> String {
    let mut out = String::with_capacity(body.len() + 64);
    let mut rest = body;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        let dest = &rest[..end];
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, format!("#{a}")),
            None => (dest, String::new()),
        };
        let target = if let Some(p) = path.strip_prefix("@/") {
            Some(p.to_owned())
        } else if let Some(p) = path.strip_prefix("../") {
            Some(p.to_owned())
        } else if path.ends_with(".md") && !path.contains('/') {
            Some(format!("{section}/{path}"))
        } else {
            None
        };
        match target.and_then(|t| t.strip_suffix(".md").map(str::to_owned)) {
            Some(t) => {
                out.push('/');
                out.push_str(&t);
                out.push('/');
                out.push_str(&anchor);
            }
            None => out.push_str(dest),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The page as a Hugo Markdown file (same front matter, Hugo links).
pub(crate) fn hugo_file(plan: &Plan, page: &library::Page) -> String {
    let mut p = page.clone();
    p.body = hugo_links(&page.body, plan.kind.section());
    library::trailhead_file(plan, &p)
}

/// Writes everything of the Hugo site but the generated pages: `hugo.toml`, layouts, the
/// stylesheet, the home, section and about pages.
pub(crate) fn write_hugo_site(dir: &Path) -> io::Result<()> {
    use library::write;
    write(&dir.join("hugo.toml"), CONFIG)?;
    let l = dir.join("layouts");
    write(&l.join("_default/baseof.html"), BASEOF)?;
    write(&l.join("_default/single.html"), SINGLE)?;
    write(&l.join("_default/list.html"), LIST)?;
    write(&l.join("_default/term.html"), TERM)?;
    write(&l.join("_default/terms.html"), TERMS)?;
    write(&l.join("index.html"), HOME)?;
    write(&l.join("partials/card.html"), CARD)?;
    write(&l.join("partials/pager.html"), PAGER)?;
    for (name, text) in trailhead::scaffold::DEFAULT_THEME {
        if let Some(file) = name.strip_prefix("static/") {
            write(&dir.join("static").join(file), text)?;
        }
    }
    for (path, fm, body) in FIXED {
        write(&dir.join("content").join(path), &format!("---\n{fm}\n---\n\n{body}"))?;
    }
    Ok(())
}
