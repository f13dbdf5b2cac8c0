//! Stories: the storyteller's name, content notes and consent. A story with incomplete consent
//! is an error; one whose consent is withdrawn, expired or not for the web is left out.

use super::LoadOptions;
use super::dates::Withdrawn;
use super::frontmatter::FrontMatter;
use super::model::{Kind, Story};
use super::validate::Locator;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::text::did_you_mean;

const SCOPES: [&str; 4] = ["web", "print", "translation", "offline"];

pub(super) fn story(
    fm: &mut FrontMatter,
    loc: &Locator<'_>,
    config: &Config,
    opts: LoadOptions,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> (Kind, Option<String>) {
    let author_display = match fm.author_display.take().map(|a| a.trim().to_owned()) {
        Some(a) if !a.is_empty() => a,
        _ => {
            errors.push(loc.err(
                &["author_display"],
                "this story has no `author_display`".into(),
                "add the name readers should see: a pseudonym, a first name or \"Anonymous\", e.g. `author_display: Anonymous`",
            ));
            String::new()
        }
    };
    let mut notes = Vec::new();
    for n in fm.content_notes.take().unwrap_or_default() {
        if config.content_notes.contains_key(&n) {
            if !notes.contains(&n) {
                notes.push(n);
            }
        } else {
            let hint = match did_you_mean(&n, config.content_notes.keys().map(String::as_str)) {
                Some(m) => format!("did you mean \"{m}\"? "),
                None => String::new(),
            } + &format!(
                "Content notes come from the list in trailhead.toml: {}",
                config.content_notes.keys().cloned().collect::<Vec<_>>().join(", ")
            );
            errors.push(loc.error_at(
                loc.value(&["content_notes"], &n),
                format!("unknown content note \"{n}\""),
                hint,
            ));
        }
    }
    if notes.iter().any(|n| n == "suicide" || n == "self-harm") && fm.safe_messaging_reviewed != Some(true) {
        errors.push(loc.err(
            &["content_notes"],
            "a story that mentions suicide or self-harm needs a safe-messaging review".into(),
            "have someone check it against safe-messaging guidance (no method or location details, a focus on help and hope), then add `safe_messaging_reviewed: true`",
        ));
    }
    let missing = |what: &str, errors: &mut Vec<Diagnostic>, path: &[&str], example: &str| {
        errors.push(loc.err(
            path,
            format!("this story's consent is incomplete: {what}"),
            format!("a story is only published with complete consent; add {example} under `consent:` (or set `draft: true` until it is complete)"),
        ));
    };
    let Some(consent) = fm.consent.take() else {
        errors.push(loc.err(
            &["author_display"],
            "this story has no `consent` record".into(),
            "a story is only published with the storyteller's consent; add:\n  consent:\n    date: 2026-01-15\n    scope: [web]\n    final_text_approved: true\n    record_id: FORM-2026-001",
        ));
        return (Kind::Page, None);
    };
    let date = consent.date.map(|d| d.0);
    if date.is_none() {
        missing("no `date`", errors, &["consent"], "`date: YYYY-MM-DD`");
    }
    let scope = consent.scope.unwrap_or_default();
    if scope.is_empty() {
        missing(
            "no `scope`",
            errors,
            &["consent"],
            "`scope: [web]` (and print, translation, offline if agreed)",
        );
    }
    for s in &scope {
        if !SCOPES.contains(&s.as_str()) {
            let hint = match did_you_mean(s, SCOPES) {
                Some(m) => format!("did you mean \"{m}\"? Scope values are: web, print, translation, offline"),
                None => "scope values are: web, print, translation, offline".into(),
            };
            errors.push(loc.error_at(
                loc.value(&["consent", "scope"], s),
                format!("unknown consent scope \"{s}\""),
                hint,
            ));
        }
    }
    match consent.final_text_approved {
        Some(true) => {}
        Some(false) => errors.push(loc.err(
            &["consent", "final_text_approved"],
            "the storyteller has not approved the final text".into(),
            "share the final text with the storyteller; set `final_text_approved: true` once they approve (until then, `draft: true`)",
        )),
        None => missing("no `final_text_approved`", errors, &["consent"], "`final_text_approved: true` once the storyteller approved the final text"),
    }
    if consent.record_id.as_deref().is_none_or(|r| r.trim().is_empty()) {
        missing(
            "no `record_id`",
            errors,
            &["consent"],
            "`record_id:` pointing to the signed form kept offline, e.g. `record_id: FORM-2026-001`",
        );
    }
    if let (Some(d), Some(e)) = (date, consent.expires)
        && e.0 <= d
    {
        errors.push(loc.err(
            &["consent", "expires"],
            "consent expires before it was given".into(),
            "check `consent.date` and `consent.expires`",
        ));
    }
    let reason = match consent.withdrawn {
        Some(Withdrawn::Flag(true)) => Some("consent was withdrawn".to_owned()),
        Some(Withdrawn::On(d)) => Some(format!("consent was withdrawn on {d}")),
        _ => match consent.expires {
            Some(e) if e.0 <= opts.today => Some(format!("consent expired on {}", e.0)),
            _ if !scope.is_empty() && !scope.iter().any(|s| s == "web") => {
                Some("consent does not include the web (`scope` has no `web`)".to_owned())
            }
            _ => None,
        },
    };
    if reason.is_none()
        && let Some(e) = consent.expires
        && e.0 <= opts.today.checked_add(jiff::ToSpan::days(30)).unwrap_or(opts.today)
    {
        warnings.push(loc.warn(
            &["consent", "expires"],
            format!("consent for this story expires on {}", e.0),
            "renew consent with the storyteller soon; after that date the story will be left out of the site",
        ));
    }
    let kind = Kind::Story(Story {
        author_display,
        content_notes: notes,
        collapse: fm.collapse.unwrap_or(config.collapse_content_notes),
        consent_date: date.unwrap_or(opts.today),
        scope,
        expires: consent.expires.map(|d| d.0),
    });
    (kind, reason)
}
