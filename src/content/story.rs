//! Stories: the storyteller's name, content notes, the safe-messaging review and the consent
//! record. A story with incomplete consent is an error; whether a complete one may appear on
//! the website is decided by [`consent::decide`].

use super::LoadOptions;
use super::consent::{self, Approval, Consent, Output, Withheld, fingerprint};
use super::frontmatter::FrontMatter;
use super::model::{Kind, Story};
use super::validate::Locator;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::util::dates::Withdrawn;
use crate::util::text::did_you_mean;

/// The text a story's fields are checked against.
pub(super) struct StoryText<'a> {
    /// The body, for the approval fingerprint.
    pub(super) body: &'a str,
    /// For a translation, the original story (whose consent decides).
    pub(super) original: Option<&'a super::consent::StoryRecord>,
}

pub(super) fn story(
    fm: &mut FrontMatter,
    loc: &Locator<'_>,
    config: &Config,
    opts: LoadOptions,
    StoryText { body, original }: StoryText<'_>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> StoryOutcome {
    let author_display = match fm.author_display.take().map(|a| a.trim().to_owned()) {
        Some(a) if !a.is_empty() => a,
        _ if fm.unreadable("author_display") => String::new(),
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
    safe_messaging(fm, &notes, loc, errors, warnings);
    let missing = |what: &str, errors: &mut Vec<Diagnostic>, path: &[&str], example: &str| {
        errors.push(loc.err(
            path,
            format!("this story's consent is incomplete: {what}"),
            format!("a story is only published with complete consent; add {example} under `consent:` (or set `draft: true` until it is complete)"),
        ));
    };
    // A translation is published under its original's consent: the storyteller agreed (or
    // not) to `translation` there, and withdrawing it there removes every translation.
    if let Some(original) = original {
        if fm.consent.take().is_some() {
            errors.push(loc.err(
                &["consent"],
                format!(
                    "a translation takes its consent from the original story, content/{}; this `consent:` is not used",
                    original.path
                ),
                format!(
                    "remove `consent:` here and keep the storyteller's consent in content/{}",
                    original.path
                ),
            ));
        }
        let consent = original.consent.clone();
        let withheld = match consent::decide(&consent, opts.output, opts.today)
            .and_then(|()| consent::decide(&consent, Output::Translation, opts.today))
        {
            Ok(()) | Err(Withheld::Incomplete) => None,
            Err(w) => Some(w),
        };
        return StoryOutcome {
            kind: Kind::Story(story_fields(fm, config, opts, &author_display, notes, &consent)),
            withheld,
            consent,
            display_name: author_display,
        };
    }
    let Some(consent_fm) = fm.consent.take() else {
        // `consent:` written as something other than a group of fields is reported already.
        if !fm.unreadable("consent") {
            errors.push(loc.err(
            &["author_display"],
            "this story has no `consent` record".into(),
            "a story is only published with the storyteller's consent; add:\n  consent:\n    date: 2026-01-15\n    scope: [web]\n    final_text_approved: true\n    record_id: FORM-2026-001",
            ));
        }
        return StoryOutcome {
            kind: Kind::Page,
            withheld: None,
            consent: Consent::default(),
            display_name: author_display,
        };
    };
    let consent = Consent {
        date: consent_fm.date.map(|d| d.0),
        scope: consent_fm.scope.unwrap_or_default(),
        approval: consent_fm.final_text_approved,
        record_id: consent_fm.record_id.map(|r| r.trim().to_owned()),
        expires: consent_fm.expires.map(|d| d.0),
        withdrawn: consent_fm.withdrawn,
    };
    // A field written with a value that could not be read is reported already, not as missing.
    let unreadable = |field: &str| fm.unreadable(&format!("consent.{field}"));
    if consent.date.is_none() && !unreadable("date") {
        missing("no `date`", errors, &["consent"], "`date: YYYY-MM-DD`");
    }
    if consent.scope.is_empty() && !unreadable("scope") {
        missing(
            "no `scope`",
            errors,
            &["consent"],
            "`scope: [web]` (and print, translation, offline if agreed)",
        );
    }
    let scopes: Vec<&str> = Output::ALL.iter().map(|o| o.scope()).collect();
    for s in &consent.scope {
        if Output::from_scope(s).is_none() {
            let hint = match did_you_mean(s, scopes.iter().copied()) {
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
    match &consent.approval {
        Some(Approval::Flag(true)) => {}
        Some(Approval::Fingerprint(approved)) => {
            let now = fingerprint(body);
            if *approved != now {
                warnings.push(loc.warn(
                    &["consent", "final_text_approved"],
                    format!("the text of this story changed since the storyteller approved it (approved {approved}, now {now})"),
                    format!("share the new text with the storyteller; once they approve it, set `final_text_approved: \"{now}\"`"),
                ));
            }
        }
        Some(Approval::Flag(false)) => errors.push(loc.err(
            &["consent", "final_text_approved"],
            "the storyteller has not approved the final text".into(),
            "share the final text with the storyteller; set `final_text_approved: true` once they approve (until then, `draft: true`)",
        )),
        None if unreadable("final_text_approved") => {}
        None => missing("no `final_text_approved`", errors, &["consent"], "`final_text_approved: true` once the storyteller approved the final text"),
    }
    if consent.record_id.as_deref().is_none_or(str::is_empty) && !unreadable("record_id") {
        missing(
            "no `record_id`",
            errors,
            &["consent"],
            "`record_id:` pointing to the signed form kept offline, e.g. `record_id: FORM-2026-001`",
        );
    }
    if let (Some(d), Some(e)) = (consent.date, consent.expires)
        && e <= d
    {
        errors.push(loc.err(
            &["consent", "expires"],
            "consent expires before it was given".into(),
            "check `consent.date` and `consent.expires`",
        ));
    }
    if consent.withdrawn == Some(Withdrawn::Unclear) {
        warnings.push(loc.warn(
            &["consent", "withdrawn"],
            "`withdrawn` is neither a date nor true, so the story is treated as withdrawn".into(),
            "write the day consent was withdrawn as YYYY-MM-DD, e.g. `withdrawn: 2026-11-29`, or `withdrawn: true`",
        ));
    }
    let withheld = match consent::decide(&consent, opts.output, opts.today) {
        Ok(()) | Err(Withheld::Incomplete) => None,
        Err(w) => Some(w),
    };
    if withheld.is_none()
        && let Some(e) = consent.expires
        && consent::expires_within(&consent, opts.today, consent::EXPIRY_WARNING_DAYS)
    {
        warnings.push(loc.warn(
            &["consent", "expires"],
            format!("consent for this story expires on {e}"),
            "renew consent with the storyteller soon; after that date the story will be left out of the site (`trailhead consent` lists every story's expiry)",
        ));
    }
    let kind = Kind::Story(story_fields(fm, config, opts, &author_display, notes, &consent));
    StoryOutcome {
        kind,
        withheld,
        consent,
        display_name: author_display,
    }
}

/// The story's fields as readers see them, once its consent is known (its own, or for a
/// translation its original's).
fn story_fields(
    fm: &mut FrontMatter,
    config: &Config,
    opts: LoadOptions,
    author_display: &str,
    content_notes: Vec<String>,
    consent: &Consent,
) -> Story {
    Story {
        author_display: author_display.to_owned(),
        content_notes,
        collapse: fm.collapse.unwrap_or(config.collapse_content_notes),
        pull_quote: fm
            .pull_quote
            .take()
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty()),
        consent_date: consent.date.unwrap_or(opts.today),
        consent: consent.clone(),
    }
}

/// What reading a story's own fields gave.
pub(super) struct StoryOutcome {
    /// The page kind (a story, or a plain page when consent is missing entirely).
    pub(super) kind: Kind,
    /// Why it may not appear on the website, when consent says so.
    pub(super) withheld: Option<Withheld>,
    /// The consent record as written (empty when missing).
    pub(super) consent: Consent,
    /// The name readers see.
    pub(super) display_name: String,
}

/// A story that mentions suicide or self-harm needs a safe-messaging review: who and when.
fn safe_messaging(
    fm: &mut FrontMatter,
    notes: &[String],
    loc: &Locator<'_>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let needed = notes.iter().any(|n| n == "suicide" || n == "self-harm");
    let example = "safe_messaging_review:\n    by: \"J. Rivera, CPS\"\n    date: 2026-10-01";
    if let Some(review) = fm.safe_messaging_review.take() {
        if review.by.as_deref().is_none_or(|b| b.trim().is_empty()) && !fm.unreadable("safe_messaging_review.by") {
            errors.push(loc.err(
                &["safe_messaging_review"],
                "the safe-messaging review does not say who did it".into(),
                format!("add `by:` with the reviewer's name or role:\n  {example}"),
            ));
        }
        if review.date.is_none() && !fm.unreadable("safe_messaging_review.date") {
            errors.push(loc.err(
                &["safe_messaging_review"],
                "the safe-messaging review has no date".into(),
                format!("add `date:` with the day of the review:\n  {example}"),
            ));
        }
        if fm.safe_messaging_reviewed.is_some() {
            warnings.push(loc.warn(
                &["safe_messaging_reviewed"],
                "`safe_messaging_reviewed` is not needed beside `safe_messaging_review`".into(),
                "remove the line `safe_messaging_reviewed: …`",
            ));
        }
        return;
    }
    match fm.safe_messaging_reviewed {
        Some(true) => warnings.push(loc.warn(
            &["safe_messaging_reviewed"],
            "`safe_messaging_reviewed: true` does not record who reviewed the story, or when".into(),
            format!("replace it with:\n  {example}"),
        )),
        _ if needed => errors.push(loc.err(
            &["content_notes"],
            "a story that mentions suicide or self-harm needs a safe-messaging review".into(),
            format!("have someone check it against safe-messaging guidance (no method or location details, a focus on help and hope), then record who and when:\n  {example}"),
        )),
        _ => {}
    }
}
