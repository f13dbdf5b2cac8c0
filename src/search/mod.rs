//! Site search that works from `file://` as well as over HTTP, with nothing leaving the site.
//!
//! `trailhead build` indexes the text every page already has after Markdown rendering (title,
//! summary, headings, body and taxonomy terms; never re-parsed HTML) into a few files under
//! `/search/`, each a classic script that registers its data with the theme's `search.js`:
//!
//! - `index.js`, the manifest: where each shard starts, stop words, synonyms ([`synonyms`]),
//!   sections, taxonomy terms and the crisis guide's document;
//! - `f.js`, the documents of each taxonomy term (for filter counts), loaded once results are
//!   on screen;
//! - `t.js`, the site's words for typo tolerance and suggestions ([`dictionary`]), loaded only
//!   when a query word matches nothing;
//! - `s<N>.js`, index shards: a range of the sorted word dictionary (word → stem) and the
//!   posting lists of the stems whose first form is in that range ([`shards`]);
//! - `d<N>.js`, stored fields of a run of documents: address, title, section, terms, and the
//!   text an excerpt is cut from.
//!
//! A query loads the manifest, the shards of its words and the stored fields of the results it
//! shows. Stories left out for consent never reach the [`Site`]; pages with `search = false`
//! are skipped here. Output is deterministic.

pub(crate) mod dictionary;
pub(crate) mod index;
pub(crate) mod shards;
pub(crate) mod synonyms;
pub(crate) mod tokenize;

use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::site::Site;

/// Where the search files go, under the output folder.
pub(crate) const DIR: &str = "search";

/// Percentage of the search file budget given to stored-field chunks.
const CHUNK_SHARE: usize = 55;
/// Fewest documents in a stored-field chunk.
const MIN_CHUNK: usize = 12;
/// Smallest index shard target, in bytes.
const MIN_SHARD: usize = 6_000;

/// One page as the index sees it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Document<'a> {
    /// Root-relative URL.
    pub(crate) url: &'a str,
    /// Title.
    pub(crate) title: &'a str,
    /// Index into the manifest's sections.
    pub(crate) section: usize,
    /// Term indexes per taxonomy (in [`Site::taxonomies`] order).
    pub(crate) terms: Vec<Vec<usize>>,
    /// Names of its terms (indexed as a field).
    pub(crate) terms_text: Vec<&'a str>,
    /// BCP 47 language of the page.
    pub(crate) language: &'a str,
    /// Editor-written summary.
    pub(crate) summary: Option<&'a str>,
    /// Heading texts.
    pub(crate) headings: Vec<&'a str>,
    /// The body as plain text.
    pub(crate) body: &'a str,
    /// For a story with content notes: "This story mentions: …". Results then show only this
    /// and the summary, never body text.
    pub(crate) note: Option<String>,
}

/// The search files of a build.
#[derive(Debug, Default)]
pub(crate) struct SearchFiles {
    /// (path under the output folder, contents).
    pub(crate) files: Vec<(String, String)>,
    /// Pages indexed.
    pub(crate) documents: usize,
    /// Total size in bytes.
    pub(crate) bytes: usize,
    /// Time spent building the index.
    pub(crate) elapsed: Duration,
}

/// The pages to index, in document-id order (section, then first topic, then address, so
/// related pages sit near each other in the stored-field chunks), and the section labels.
pub(crate) fn documents(site: &Site) -> (Vec<Document<'_>>, Vec<String>) {
    let mut order: Vec<usize> = (0..site.pages.len()).filter(|&i| site.pages[i].page.search).collect();
    let first_term = |i: usize| {
        site.pages[i]
            .terms
            .first()
            .map(|&(ti, te)| site.taxonomies[ti].terms[te].slug.as_str())
            .unwrap_or("")
    };
    order.par_sort_unstable_by_key(|&i| (site.pages[i].section, first_term(i), site.pages[i].page.url.as_str()));
    let mut sections: Vec<usize> = order.iter().map(|&i| site.pages[i].section).collect();
    sections.dedup();
    let labels = sections
        .iter()
        .map(|&s| {
            let sec = &site.sections[s].section;
            if sec.path.is_empty() {
                "Pages".to_owned()
            } else {
                sec.title.clone()
            }
        })
        .collect();
    let docs = order
        .par_iter()
        .map(|&i| {
            let sp = &site.pages[i];
            let p = &sp.page;
            let mut terms = vec![Vec::new(); site.taxonomies.len()];
            let mut terms_text = Vec::new();
            for &(ti, te) in &sp.terms {
                terms[ti].push(te);
                terms_text.push(site.taxonomies[ti].terms[te].name.as_str());
            }
            let notes = crate::content::notes::note_labels(&site.config, &site.words, p);
            Document {
                url: &p.url,
                title: &p.title,
                section: sections.iter().position(|&s| s == sp.section).unwrap_or(0),
                terms,
                terms_text,
                language: p.language.as_deref().unwrap_or(&site.config.language),
                summary: p.summary.as_deref(),
                headings: sp.rendered.toc.iter().map(|t| t.title.as_str()).collect(),
                body: &sp.rendered.plain,
                note: (!notes.is_empty()).then(|| crate::content::notes::notes_sentence(&site.words, &notes)),
            }
        })
        .collect();
    (docs, labels)
}

/// Builds every search file of the site.
pub(crate) fn build(site: &Site) -> SearchFiles {
    let start = Instant::now();
    let (docs, sections) = documents(site);
    let n = docs.len();
    let index = index::build(&docs);

    // At most one search file per ten pages on big sites: a manifest, the filter data, chunks
    // of stored fields ([`CHUNK_SHARE`] percent of them), and the rest for index shards. A first
    // query loads five stored-field chunks and two or three shards, so chunks get the larger
    // share.
    let budget = (n / 10).max(4);
    let per_chunk = (100 * n).div_ceil(CHUNK_SHARE * budget).max(MIN_CHUNK);
    let chunks = n.div_ceil(per_chunk).max(1);
    let shard_budget = budget.saturating_sub(2 + chunks).max(1);
    let pieces = shards::Pieces::new(&index);
    let total = pieces.total_size();
    let mut target = (total / shard_budget + total / shard_budget / 20).max(MIN_SHARD);
    let mut plan = shards::plan(&index, &pieces, target);
    while plan.len() > shard_budget && target < total {
        target += target / 5;
        plan = shards::plan(&index, &pieces, target);
    }
    let cut = shards::build(&index, &pieces, &plan);

    let mut files = Vec::new();
    let script = |key: &str, data: &Value| format!("trailheadSearch({key:?},{data});\n");
    let mut languages: Vec<&str> = docs.iter().map(|d| d.language).collect();
    languages.sort_unstable();
    languages.dedup();
    let mut stop: Vec<&str> = languages
        .iter()
        .flat_map(|l| tokenize::stop_words(l))
        .copied()
        .collect();
    stop.sort_unstable();
    stop.dedup();
    let mut section_ranges: Vec<Value> = Vec::new();
    for (si, label) in sections.iter().enumerate() {
        let first = docs.iter().position(|d| d.section == si).unwrap_or(0);
        let end = docs.iter().rposition(|d| d.section == si).map_or(0, |e| e + 1);
        section_ranges.push(json!([label, first, end]));
    }
    // Taxonomy terms by name in the manifest; their documents (for filter counts) in `f.js`,
    // which the client loads once results are on screen.
    let mut members: Vec<Vec<Vec<u32>>> = site
        .taxonomies
        .iter()
        .map(|t| vec![Vec::new(); t.terms.len()])
        .collect();
    for (i, d) in docs.iter().enumerate() {
        for (ti, terms) in d.terms.iter().enumerate() {
            for &te in terms {
                members[ti][te].push(i as u32);
            }
        }
    }
    let facets: Vec<Value> = members
        .iter()
        .map(|t| t.iter().map(|ids| shards::encode_members(ids)).collect())
        .collect();
    let taxonomies: Vec<Value> = site
        .taxonomies
        .iter()
        .map(|t| {
            json!([
                t.name,
                t.title,
                t.terms.iter().map(|term| &term.name).collect::<Vec<_>>()
            ])
        })
        .collect();
    let synonyms = synonyms::table(
        &site.config.search.synonyms(),
        &index,
        &tokenize::Analyzer::new(&site.config.language),
    );
    // The crisis guide comes first for a query that says someone may be in danger.
    let crisis = site.config.crisis.guide.as_deref().and_then(|g| {
        let g = g.trim_start_matches("@/");
        let url = site.pages.iter().find(|p| p.page.path == g)?.page.url.as_str();
        docs.iter().position(|d| d.url == url)
    });
    let manifest = json!({
        "v": 4,
        "n": n,
        "k1": index::K1,
        "text_max": index::TEXT_MAX,
        "chunk": per_chunk,
        "chunks": chunks,
        "shards": cut.iter().map(|s| json!([s.first_word, s.first_stem])).collect::<Vec<_>>(),
        "stop": stop,
        "sections": section_ranges,
        "taxonomies": taxonomies,
        "syn": synonyms,
        "crisis": crisis,
    });
    files.push((format!("{DIR}/index.js"), script("index", &manifest)));
    files.push((format!("{DIR}/f.js"), script("f", &Value::Array(facets))));
    files.push((
        format!("{DIR}/t.js"),
        script("t", &Value::String(dictionary::encode(&index))),
    ));
    for (i, s) in cut.iter().enumerate() {
        files.push((
            format!("{DIR}/s{i}.js"),
            format!("trailheadSearch(\"s{i}\",{});\n", s.data),
        ));
    }
    {
        let chunk_files: Vec<(String, String)> = docs
            .par_chunks(per_chunk)
            .enumerate()
            .map(|(c, chunk)| {
                let records: Vec<Value> = chunk.iter().map(record).collect();
                (
                    format!("{DIR}/d{c}.js"),
                    script(&format!("d{c}"), &Value::Array(records)),
                )
            })
            .collect();
        files.extend(chunk_files);
    }
    let bytes = files.iter().map(|(_, c)| c.len()).sum();
    SearchFiles {
        files,
        documents: n,
        bytes,
        elapsed: start.elapsed(),
    }
}

/// A document's stored fields: `[url, title, section, terms, text, headings, note?]`. A story
/// with content notes stores its note and summary only, never body text or headings.
fn record(d: &Document<'_>) -> Value {
    let terms = Value::from(d.terms.iter().map(|t| json!(t)).collect::<Vec<_>>());
    match &d.note {
        Some(note) => json!([d.url, d.title, d.section, terms, d.summary.unwrap_or(""), "", note]),
        None => {
            let text = match d.summary {
                Some(s) => s.to_owned(),
                None => crate::util::text::first_words(d.body, 240),
            };
            let headings = crate::util::text::first_words(&d.headings.join(" · "), 120);
            json!([d.url, d.title, d.section, terms, text, headings])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noted_stories_store_no_body_text() {
        let d = Document {
            url: "/stories/a/",
            title: "A",
            body: "Private body words.",
            summary: Some("A calm summary."),
            headings: vec!["The night it happened"],
            note: Some("This story mentions: overdose.".into()),
            ..Document::default()
        };
        let r = record(&d).to_string();
        assert!(!r.contains("Private") && !r.contains("night"), "{r}");
        assert!(r.contains("A calm summary.") && r.contains("overdose"));
        let plain = Document {
            note: None,
            summary: None,
            ..d
        };
        assert!(record(&plain).to_string().contains("Private body words."));
    }
}
