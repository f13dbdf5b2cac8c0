//! The synthetic library: a deterministic plan for every page (kind, address, title, date, tags,
//! headings), the Markdown body and front matter of each page, and the Trailhead site around them.
//!
//! Every page is generated from its own PRNG stream (`seed`, index), so page 7 is identical in a
//! 1,000-page and a 100,000-page library, and generation never depends on iteration order.
//! Dates are chosen so a build with `TRAILHEAD_TODAY=2026-11-22` ([`TODAY`]) has no errors and no
//! warnings: consent is complete and not near expiry, guides were reviewed in 2026.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use jiff::ToSpan;
use jiff::civil::{Date, date};

use super::corpus::{self, TAGS};
use super::rng::Rng;

/// The "today" a benchmark build runs with (`TRAILHEAD_TODAY`).
pub(crate) const TODAY: &str = "2026-11-22";
/// The default seed.
pub(crate) const DEFAULT_SEED: u64 = 0x0007_EA11_1EAD_2026;

const STREAM_PLAN: u64 = 1;
const STREAM_BODY: u64 = 2;
/// First possible publication date; pages are spread over ~11 years.
const EPOCH: (i16, i8, i8) = (2016, 1, 1);
const SPAN_DAYS: usize = 3_950;

/// Story or guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `content/stories/`.
    Story,
    /// `content/guides/`.
    Guide,
}

impl Kind {
    /// The section folder.
    pub(crate) fn section(self) -> &'static str {
        match self {
            Kind::Story => "stories",
            Kind::Guide => "guides",
        }
    }
}

/// What other pages need to know about a page (to link to it and its headings).
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Story or guide.
    pub(crate) kind: Kind,
    /// File stem and address segment (unique: ends with the page number).
    pub(crate) slug: String,
    /// Title.
    pub(crate) title: String,
    /// Publication date.
    pub(crate) date: Date,
    /// 2–5 distinct topic tags.
    pub(crate) tags: Vec<&'static str>,
    /// The `##` headings, in order; the first three are always written.
    pub(crate) headings: Vec<&'static str>,
}

impl Plan {
    /// `stories/slug.md`.
    pub(crate) fn path(&self) -> String {
        format!("{}/{}.md", self.kind.section(), self.slug)
    }
}

/// The cumulative Zipf-like weights (1/rank) of [`TAGS`].
fn tag_weights() -> Vec<u64> {
    let mut acc = 0;
    (0..TAGS.len())
        .map(|i| {
            acc += 100_000 / (i as u64 + 2);
            acc
        })
        .collect()
}

/// The plan of page `index`.
pub(crate) fn plan(seed: u64, index: usize, weights: &[u64]) -> Plan {
    let mut r = Rng::for_item(seed, STREAM_PLAN, index as u64);
    let kind = if r.chance(60) { Kind::Story } else { Kind::Guide };
    let title = match kind {
        Kind::Story => corpus::story_title(&mut r),
        Kind::Guide => corpus::guide_title(&mut r),
    };
    let slug = format!("{}-{index}", trailhead::bench_api::slugify(&title));
    let date = day(r.below(SPAN_DAYS));
    let count = r.range(2, 5);
    let tags = r
        .distinct_weighted(weights, count)
        .into_iter()
        .map(|i| TAGS[i])
        .collect();
    let pool: &[&'static str] = match kind {
        Kind::Story => &corpus::STORY_HEADINGS,
        Kind::Guide => &corpus::GUIDE_HEADINGS,
    };
    let headings = r.sample(pool, 9).into_iter().copied().collect();
    Plan {
        kind,
        slug,
        title,
        date,
        tags,
        headings,
    }
}

/// Day `n` after [`EPOCH`].
fn day(n: usize) -> Date {
    date(EPOCH.0, EPOCH.1, EPOCH.2)
        .checked_add((n as i64).days())
        .expect("date in range")
}

/// All plans of a library of `pages` pages.
pub(crate) fn plans(seed: u64, pages: usize) -> Vec<Plan> {
    let w = tag_weights();
    (0..pages).map(|i| plan(seed, i, &w)).collect()
}

/// Front matter fields and body of one page, independent of the target generator.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// YAML lines after `title`/`date`/`tags` (stories: consent etc.; guides: contacts).
    pub(crate) extra_yaml: String,
    /// `updated`, when set.
    pub(crate) updated: Option<Date>,
    /// One-sentence summary.
    pub(crate) summary: String,
    /// Markdown body with Trailhead links (`@/x.md`, `../x.md`, `x.md`).
    pub(crate) body: String,
}

/// Generates page `index` (front matter details and body).
pub(crate) fn page(seed: u64, index: usize, plans: &[Plan]) -> Page {
    let me = &plans[index];
    let mut r = Rng::for_item(seed, STREAM_BODY, index as u64);
    let guide = me.kind == Kind::Guide;
    let mut y = String::new();
    let mut updated = None;
    let today = TODAY.parse::<Date>().expect("date");
    match me.kind {
        Kind::Story => {
            let _ = writeln!(y, "author_display: \"{}\"", r.pick(&corpus::AUTHORS));
            if r.chance(35) {
                let count = r.range(1, 2);
                let notes = r.sample(&corpus::NOTES, count);
                let list: Vec<&str> = notes.iter().map(|n| **n).collect();
                let _ = writeln!(y, "content_notes: [{}]", list.join(", "));
                if list.iter().any(|n| *n == "suicide" || *n == "self-harm") {
                    let reviewed = me.date.checked_sub(3.days()).expect("date");
                    let _ = writeln!(
                        y,
                        "safe_messaging_review:\n  by: \"Peer review team\"\n  date: {reviewed}"
                    );
                }
                if r.chance(30) {
                    y.push_str("collapse: true\n");
                }
            }
            let given = me.date.checked_sub((r.range(7, 120) as i64).days()).expect("date");
            let scope = *r.pick(&["[web]", "[web, print]", "[web, print, translation]", "[web, offline]"]);
            let _ = write!(
                y,
                "consent:\n  date: {given}\n  scope: {scope}\n  final_text_approved: true\n  record_id: BENCH-{}-{index:06}\n",
                given.year()
            );
            if r.chance(50) {
                // Well after TODAY + 30 days, so no "expires soon" warning.
                let expires = date(2027, 2, 1)
                    .checked_add((r.below(1500) as i64).days())
                    .expect("date");
                let _ = writeln!(y, "  expires: {expires}");
            }
            if r.chance(25) {
                let days = today.since(me.date).map(|s| s.get_days()).unwrap_or(0).max(1);
                updated = Some(
                    me.date
                        .checked_add((r.below(days as usize) as i64).days())
                        .expect("date"),
                );
            }
        }
        Kind::Guide => {
            let reviewed = date(2026, 1, 1)
                .checked_add((r.below(320) as i64).days())
                .expect("date");
            let _ = writeln!(y, "last_reviewed: {reviewed}");
            if r.chance(30) {
                y.push_str("review_every: \"18 months\"\n");
            }
            y.push_str("contacts:\n");
            for c in 0..r.range(1, 4) {
                contact(&mut r, &mut y, c);
            }
            if me.date < reviewed {
                updated = Some(reviewed);
            }
        }
    }
    let summary = format!(
        "{} {}",
        corpus::sentence(&mut r, guide).replace(['*', '"'], ""),
        corpus::sentence(&mut r, guide).replace(['*', '"'], "")
    );
    let body = body(&mut r, index, plans);
    Page {
        extra_yaml: y,
        updated,
        summary,
        body,
    }
}

fn contact(r: &mut Rng, y: &mut String, n: usize) {
    const NAMES: [&str; 8] = [
        "Riverbend drop-in center",
        "County crisis team",
        "Warmline (peer-run)",
        "Housing help desk",
        "Legal aid clinic",
        "Family support line",
        "Recovery community center",
        "Benefits counselor",
    ];
    let _ = writeln!(y, "  - name: \"{} {}\"", r.pick(&NAMES), n + 1);
    match r.below(4) {
        0 => y.push_str("    phone: \"988\"\n"),
        1 => {
            let _ = writeln!(y, "    phone: \"1-800-{}-{:04}\"", r.range(200, 999), r.below(10_000));
        }
        _ => {
            let _ = writeln!(y, "    phone: \"(413) 555-{:04}\"", r.range(100, 199));
        }
    }
    if r.chance(30) {
        y.push_str("    text: \"741741\"\n");
    }
    if r.chance(60) {
        let _ = writeln!(y, "    url: https://help{}.example.org/", r.below(500));
    }
    y.push_str("    hours: \"Mon–Fri 9am–5pm\"\n");
    if r.chance(50) {
        y.push_str("    languages: [en, es]\n");
    }
    if r.chance(50) {
        y.push_str("    notes: \"No referral needed. Free.\"\n");
    }
}

/// A Markdown link to another page, in one of the three forms Trailhead accepts, sometimes with
/// an `#anchor` to one of its first (always written) headings.
fn internal_link(r: &mut Rng, from: &Plan, to: &Plan) -> String {
    let anchor = if r.chance(30) {
        format!("#{}", trailhead::bench_api::slugify(to.headings[r.below(2)]))
    } else {
        String::new()
    };
    let dest = match r.below(3) {
        0 => format!("@/{}", to.path()),
        _ if from.kind == to.kind => format!("{}.md", to.slug),
        _ => format!("../{}", to.path()),
    };
    format!("[{}]({dest}{anchor})", to.title.to_lowercase())
}

/// A paragraph of 3–7 sentences, sometimes with an internal or external link.
fn paragraph(r: &mut Rng, index: usize, plans: &[Plan], out: &mut String) {
    let me = &plans[index];
    let guide = me.kind == Kind::Guide;
    for i in 0..r.range(3, 7) {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&corpus::sentence(r, guide));
    }
    if plans.len() > 1 && r.chance(22) {
        let mut j = r.below(plans.len() - 1);
        if j >= index {
            j += 1;
        }
        let link = internal_link(r, me, &plans[j]);
        let lead = *r.pick(&["There is more in", "See also", "It helped to read", "Compare with"]);
        let _ = write!(out, " {lead} {link}.");
    }
    if r.chance(7) {
        let (text, url) = r.pick(&corpus::EXTERNAL);
        let _ = write!(out, " You can also look at [{text}]({url}).");
    }
    out.push_str("\n\n");
}

/// The body: an introduction, then `##` sections (some with `###`), lists, quotes or callouts,
/// until the page has 600–1200 words and at least three sections.
fn body(r: &mut Rng, index: usize, plans: &[Plan]) -> String {
    let me = &plans[index];
    let guide = me.kind == Kind::Guide;
    let target = r.range(600, 1200);
    let mut out = String::with_capacity(target * 7);
    paragraph(r, index, plans, &mut out);
    for (h, heading) in me.headings.iter().enumerate() {
        if h >= 3 && corpus::words(&out) >= target {
            break;
        }
        let _ = writeln!(out, "## {heading}\n");
        for _ in 0..r.range(1, 3) {
            paragraph(r, index, plans, &mut out);
        }
        if r.chance(40) {
            let numbered = guide && r.chance(50);
            for n in 1..=r.range(3, 6) {
                let item = corpus::list_item(r, guide);
                if numbered {
                    let _ = writeln!(out, "{n}. {item}");
                } else {
                    let _ = writeln!(out, "- {item}");
                }
            }
            out.push('\n');
        }
        if r.chance(20) {
            if guide {
                let kind = *r.pick(&["NOTE", "TIP", "IMPORTANT"]);
                let _ = writeln!(out, "> [!{kind}]\n> {}\n", corpus::sentence(r, true));
            } else {
                let _ = writeln!(out, "> {} {}\n", corpus::sentence(r, false), corpus::sentence(r, false));
            }
        }
        if r.chance(25) {
            let _ = writeln!(out, "### {}\n", r.pick(&corpus::SUBHEADINGS));
            paragraph(r, index, plans, &mut out);
        }
    }
    out
}

/// The page as a Trailhead Markdown file.
pub(crate) fn trailhead_file(plan: &Plan, page: &Page) -> String {
    let mut s = String::with_capacity(page.body.len() + 1024);
    let _ = writeln!(s, "---\ntitle: \"{}\"\ndate: {}", plan.title, plan.date);
    if let Some(u) = page.updated {
        let _ = writeln!(s, "updated: {u}");
    }
    let _ = writeln!(s, "summary: \"{}\"", page.summary);
    let tags: Vec<String> = plan.tags.iter().map(|t| format!("\"{t}\"")).collect();
    let _ = writeln!(s, "tags: [{}]", tags.join(", "));
    s.push_str(&page.extra_yaml);
    s.push_str("---\n\n");
    s.push_str(&page.body);
    s
}

const CONFIG: &str = r#"# A synthetic library written by `bench generate` (Trailhead's benchmark).
title = "Bench Peer Support Library"
base_url = "https://bench.example.org"
language = "en-US"
description = "A synthetic peer-support library for benchmarking: recovery stories and resource guides."
theme = "default"
paginate_by = 10
taxonomies = ["tags"]
feeds = true
sitemap = true

[crisis]
last_verified = "2026-11-02"
"#;

/// Section and home pages shared by both generators: (path under content/, front matter, body).
pub(crate) const FIXED: [(&str, &str, &str); 5] = [
    (
        "_index.md",
        "title: \"You are not alone\"\nsummary: \"Recovery stories and practical guides from people who have been there.\"",
        "This library is generated for benchmarking. Every story and guide in it is synthetic.\n",
    ),
    (
        "stories/_index.md",
        "title: \"Recovery stories\"\nsummary: \"Real experiences of recovery, shared in people's own words.\"",
        "Each person chose to share their story and approved the final text.\n",
    ),
    (
        "guides/_index.md",
        "title: \"Resource guides\"\nsummary: \"Practical, plain-language guides to getting support, written by peers.\"",
        "We check the phone numbers, hours and websites in every guide on a regular schedule.\n",
    ),
    (
        "about.md",
        "title: \"About us\"\nsummary: \"Who we are and how we work.\"",
        "## Who we are\n\nA peer-run organization, invented for this benchmark.\n",
    ),
    (
        "staying-safer-online.md",
        "title: \"Staying safer online\"\nsummary: \"How the quick exit works, and other ways to browse more privately.\"",
        "## The exit button\n\nEvery page has an Exit this page button at the top.\n",
    ),
];

/// Writes `content` to `path`, creating folders.
pub(crate) fn write(path: &Path, content: &str) -> io::Result<()> {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)?;
    }
    std::fs::write(path, content)
}

/// Writes everything of the Trailhead site but the generated pages: `trailhead.toml`, the
/// default theme, the home, section and about pages.
pub(crate) fn write_trailhead_site(dir: &Path) -> io::Result<()> {
    write(&dir.join("trailhead.toml"), CONFIG)?;
    for (path, text) in trailhead::scaffold::DEFAULT_THEME {
        write(&dir.join("themes/default").join(path), text)?;
    }
    for (path, fm, body) in FIXED {
        write(&dir.join("content").join(path), &format!("---\n{fm}\n---\n\n{body}"))?;
    }
    Ok(())
}
