//! The consent register (`trailhead consent`): every story, published or not, with its consent
//! record, its state on the build's date and the pages that link to it.
//!
//! It reads the site through the same stages as `build` (config, content, Markdown, links),
//! and each story's state comes from [`crate::content::consent`], so the register says what
//! the build does. A scheduled job can run it: it exits 3 when any consent ends soon.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use crate::content::consent::{Approval, State};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::{BuildOptions, load_site};

/// The default window for "expiring soon", in days.
pub const DEFAULT_WITHIN: i64 = crate::content::consent::EXPIRY_WARNING_DAYS;

/// One story in the register.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The file, from the site folder: `content/stories/x.md`.
    pub file: String,
    /// The story's title.
    pub title: String,
    /// The pointer to the signed consent form.
    pub record_id: Option<String>,
    /// The name readers see.
    pub display_name: String,
    /// Where the story may appear.
    pub scope: Vec<String>,
    /// When consent was given.
    pub consent_date: Option<String>,
    /// When consent ends.
    pub expires: Option<String>,
    /// Where it stands today.
    pub state: State,
    /// Its address on the website (whether or not it is published there now).
    pub url: String,
    /// Files whose pages link to it.
    pub linked_from: Vec<String>,
    /// The fingerprint of the story's text as it is now (for `final_text_approved`).
    pub fingerprint: String,
    /// `final_text_approved` holds a fingerprint that no longer matches the text.
    pub text_changed: bool,
    /// For a translation, its original's file (whose consent it is published under).
    pub translation_of: Option<String>,
}

/// The register of a site.
#[derive(Debug)]
pub struct Register {
    /// Every story, by file.
    pub entries: Vec<Entry>,
    /// The date states were computed for.
    pub today: Date,
    /// "Expiring" means within this many days.
    pub within: i64,
    /// Problems the site has (the build would report them too).
    pub diagnostics: Vec<Diagnostic>,
}

impl Register {
    /// Reads the site in `opts.root`. Fails only when the site cannot be read at all
    /// (`trailhead.toml` is broken).
    pub fn read(opts: &BuildOptions, within: i64) -> Result<Register, Vec<Diagnostic>> {
        let today = opts.today.unwrap_or_else(crate::pipeline::today);
        let opts = BuildOptions {
            // Drafts are read too, so their links count and they are listed as drafts.
            drafts: true,
            today: Some(today),
            ..opts.clone()
        };
        let diags = Diagnostics::new();
        let Some(sites) = load_site(&opts, &diags) else {
            return Err(diags.into_sorted());
        };
        let Some(site) = sites.first() else {
            return Err(diags.into_sorted());
        };
        let mut linked_from: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let bodies = sites.iter().flat_map(|site| {
            site.pages.iter().map(|p| (p.page.file.clone(), &p.rendered)).chain(
                site.sections
                    .iter()
                    .filter_map(|s| s.section.file.clone().map(|f| (f, &s.rendered))),
            )
        });
        for (file, rendered) in bodies {
            let file = file.to_string_lossy().replace('\\', "/");
            for target in &rendered.link_targets {
                let list = linked_from.entry(target.as_str()).or_default();
                if !list.contains(&file) {
                    list.push(file.clone());
                }
            }
        }
        let base = site.config.base();
        // Every language's stories: a translation is listed with its original's consent.
        let entries = sites
            .iter()
            .flat_map(|s| s.stories.iter())
            .map(|s| Entry {
                file: format!("content/{}", s.path),
                title: s.title.clone(),
                record_id: s.consent.record_id.clone(),
                display_name: s.display_name.clone(),
                scope: s.consent.scope.clone(),
                consent_date: s.consent.date.map(|d| d.to_string()),
                expires: s.consent.expires.map(|d| d.to_string()),
                state: s.state(today, within),
                url: if s.url.is_empty() {
                    String::new()
                } else {
                    format!("{base}{}", s.url)
                },
                linked_from: linked_from.get(s.path.as_str()).cloned().unwrap_or_default(),
                fingerprint: s.fingerprint.clone(),
                text_changed: matches!(&s.consent.approval, Some(Approval::Fingerprint(f)) if *f != s.fingerprint),
                translation_of: s.translation_of.as_ref().map(|p| format!("content/{p}")),
            })
            .collect();
        Ok(Register {
            entries,
            today,
            within,
            diagnostics: diags.into_sorted(),
        })
    }

    /// True when any story's consent ends within the window (exit code 3).
    pub fn any_expiring(&self) -> bool {
        self.entries.iter().any(|e| e.state == State::Expiring)
    }

    /// The register as one JSON array.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.entries).unwrap_or_else(|_| "[]".into()) + "\n"
    }

    /// The register as text for a person: one block per story, then counts.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Consent register on {}: {} {} (\"expiring\" means consent ends within {} days).\n",
            self.today,
            self.entries.len(),
            if self.entries.len() == 1 { "story" } else { "stories" },
            self.within
        );
        let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
        for e in &self.entries {
            let title = if e.title.is_empty() {
                "(title unreadable)"
            } else {
                &e.title
            };
            let _ = writeln!(out, "{:<11}  {}  \"{}\"", e.state.name(), e.file, title);
            let _ = writeln!(
                out,
                "             record {} · shown as {} · scope {} · consent {} · expires {}",
                dash(&e.record_id),
                if e.display_name.is_empty() {
                    "—"
                } else {
                    &e.display_name
                },
                if e.scope.is_empty() {
                    "—".into()
                } else {
                    e.scope.join(", ")
                },
                dash(&e.consent_date),
                dash(&e.expires),
            );
            if let Some(original) = &e.translation_of {
                let _ = writeln!(
                    out,
                    "             a translation of {original}, published under its consent (scope must include translation)"
                );
            }
            if !e.url.is_empty() {
                let _ = writeln!(out, "             address {}", e.url);
            }
            if !e.linked_from.is_empty() {
                let _ = writeln!(out, "             linked from {}", e.linked_from.join(", "));
            }
            if e.text_changed {
                let _ = writeln!(
                    out,
                    "             the text changed since it was approved (now {})",
                    e.fingerprint
                );
            }
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &self.entries {
            *counts.entry(e.state.name()).or_default() += 1;
        }
        let summary: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
        let _ = writeln!(out, "\nIn all: {}.", summary.join(", "));
        if self.any_expiring() {
            let _ = writeln!(
                out,
                "Consent ends within {} days for at least one story: talk with the storyteller about renewing it.",
                self.within
            );
        }
        out
    }
}
