//! Consent: the one place that decides whether a story may appear in an output.
//!
//! A storyteller stays in control of their story. Every output that can show a story (the
//! website, the print pack, the portable copy for a USB stick, a translation) asks
//! [`decide`] and nothing else. A story appears only when its consent record is complete, not
//! withdrawn, not expired on the build's date, and its `scope` names that output.
//!
//! The register (`trailhead consent`) reads the same records through [`StoryRecord`] and
//! [`State`], so what it reports is what the build does.

use std::fmt;

use jiff::civil::Date;
use serde::Serialize;
use serde::de::{self, Deserializer, Visitor};
use sha2::{Digest, Sha256};

pub use crate::util::dates::Withdrawn;

/// The outputs a story can appear in, each named by a `consent.scope` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Output {
    /// The website.
    Web,
    /// Printed material: the print pack.
    Print,
    /// The portable copy of the site (USB stick, a computer without internet).
    Offline,
    /// A translated version of the story.
    Translation,
}

impl Output {
    /// Every output, in the order scopes are listed in messages.
    pub const ALL: [Output; 4] = [Output::Web, Output::Print, Output::Translation, Output::Offline];

    /// The `scope` value that allows this output.
    pub fn scope(self) -> &'static str {
        match self {
            Output::Web => "web",
            Output::Print => "print",
            Output::Offline => "offline",
            Output::Translation => "translation",
        }
    }

    /// The output a scope value names.
    pub fn from_scope(s: &str) -> Option<Output> {
        Output::ALL.into_iter().find(|o| o.scope() == s)
    }

    /// The output in plain words, for messages.
    fn words(self) -> &'static str {
        match self {
            Output::Web => "the web",
            Output::Print => "print",
            Output::Offline => "the offline copy",
            Output::Translation => "translation",
        }
    }
}

/// `final_text_approved`: `true`/`false`, or the fingerprint of the text the storyteller
/// approved (`"sha256:3f9a1c2b7d4e"`), so a later change to the text is noticed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approval {
    /// `true` or `false`.
    Flag(bool),
    /// The fingerprint of the approved text.
    Fingerprint(String),
}

impl Approval {
    /// True when the storyteller approved a text.
    pub fn approved(&self) -> bool {
        !matches!(self, Approval::Flag(false))
    }
}

struct ApprovalVisitor;

impl<'de> Visitor<'de> for ApprovalVisitor {
    type Value = Approval;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("true, false, or the fingerprint of the approved text (\"sha256:…\")")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Approval, E> {
        Ok(Approval::Flag(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Approval, E> {
        Approval::parse(v).map_err(E::custom)
    }
}

impl Approval {
    /// Reads `final_text_approved` written as text: `true`/`yes`, `false`/`no`, or a
    /// fingerprint. The error is a message for the editor.
    pub fn parse(v: &str) -> Result<Approval, String> {
        let v = v.trim();
        match v {
            "true" | "yes" => Ok(Approval::Flag(true)),
            "false" | "no" => Ok(Approval::Flag(false)),
            _ if is_fingerprint(v) => Ok(Approval::Fingerprint(v.to_ascii_lowercase())),
            _ => Err(format!(
                "\"{v}\" is neither true, false nor a text fingerprint such as \"sha256:3f9a1c2b7d4e\""
            )),
        }
    }
}

impl<'de> de::Deserialize<'de> for Approval {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ApprovalVisitor)
    }
}

fn is_fingerprint(v: &str) -> bool {
    v.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("sha256:"))
        && v.len() >= 7 + 8
        && v[7..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The fingerprint of a story's text: SHA-256 of the body with line endings and trailing
/// spaces normalized (so re-saving in another editor does not change it), first 12 hex digits.
pub fn fingerprint(body: &str) -> String {
    let mut hasher = Sha256::new();
    let mut lines: Vec<&str> = body.lines().map(str::trim_end).collect();
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    for l in lines {
        hasher.update(l.as_bytes());
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// A story's consent record as written in its front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consent {
    /// When consent was given.
    pub date: Option<Date>,
    /// Where the story may appear.
    pub scope: Vec<String>,
    /// The storyteller approved the final text.
    pub approval: Option<Approval>,
    /// Pointer to the signed form kept offline.
    pub record_id: Option<String>,
    /// Consent ends on this date.
    pub expires: Option<Date>,
    /// Consent was withdrawn.
    pub withdrawn: Option<Withdrawn>,
}

impl Consent {
    /// True when every required field is there and the text is approved.
    pub fn complete(&self) -> bool {
        self.date.is_some()
            && !self.scope.is_empty()
            && self.approval.as_ref().is_some_and(Approval::approved)
            && self.record_id.as_deref().is_some_and(|r| !r.trim().is_empty())
            && self.scope.iter().all(|s| Output::from_scope(s).is_some())
    }

    /// True when the scope names `output`.
    pub fn covers(&self, output: Output) -> bool {
        self.scope.iter().any(|s| s == output.scope())
    }
}

/// Why a story may not appear in an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    /// The consent record is missing fields (the build reports each one as an error).
    Incomplete,
    /// Consent was withdrawn (on a date, if one was given).
    Withdrawn(Option<Date>),
    /// Consent ended on this date.
    Expired(Date),
    /// The scope does not name this output.
    OutOfScope(Output),
}

impl fmt::Display for Withheld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Withheld::Incomplete => f.write_str("its consent record is incomplete"),
            Withheld::Withdrawn(Some(d)) => write!(f, "consent was withdrawn on {d}"),
            Withheld::Withdrawn(None) => f.write_str("consent was withdrawn"),
            Withheld::Expired(d) => write!(f, "consent expired on {d}"),
            Withheld::OutOfScope(o) => write!(
                f,
                "consent does not include {} (`scope` has no `{}`)",
                o.words(),
                o.scope()
            ),
        }
    }
}

/// May a story with this consent appear in `output` on `today`? The only place this is decided.
pub fn decide(consent: &Consent, output: Output, today: Date) -> Result<(), Withheld> {
    match consent.withdrawn {
        Some(Withdrawn::Flag(true) | Withdrawn::Unclear) => return Err(Withheld::Withdrawn(None)),
        Some(Withdrawn::On(d)) => return Err(Withheld::Withdrawn(Some(d))),
        Some(Withdrawn::Flag(false)) | None => {}
    }
    if let Some(e) = consent.expires
        && e <= today
    {
        return Err(Withheld::Expired(e));
    }
    if !consent.complete() {
        return Err(Withheld::Incomplete);
    }
    if !consent.covers(output) {
        return Err(Withheld::OutOfScope(output));
    }
    Ok(())
}

/// Stories whose consent ends within this many days get a warning on every build.
pub const EXPIRY_WARNING_DAYS: i64 = 60;

/// True when consent ends within `days` days of `today` (and has not ended yet).
pub fn expires_within(consent: &Consent, today: Date, days: i64) -> bool {
    consent
        .expires
        .is_some_and(|e| e > today && e <= today.checked_add(jiff::Span::new().days(days)).unwrap_or(Date::MAX))
}

/// Where a story stands, for the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// On the website.
    Published,
    /// On the website, but consent ends within the register's window.
    Expiring,
    /// Consent was withdrawn.
    Withdrawn,
    /// Consent ended.
    Expired,
    /// The scope has no `web` (for a translation: no `translation`).
    NotForWeb,
    /// Marked `draft: true`.
    Draft,
    /// Consent fields are missing or wrong: the build stops until they are fixed.
    Incomplete,
}

impl State {
    /// The state's name as the register prints it.
    pub fn name(self) -> &'static str {
        match self {
            State::Published => "published",
            State::Expiring => "expiring",
            State::Withdrawn => "withdrawn",
            State::Expired => "expired",
            State::NotForWeb => "not-for-web",
            State::Draft => "draft",
            State::Incomplete => "incomplete",
        }
    }
}

/// One story as the register sees it: every story file whose front matter could be read,
/// published or not.
#[derive(Debug, Clone)]
pub struct StoryRecord {
    /// Path under `content/`.
    pub path: String,
    /// The story's address on the website (whether or not it is published).
    pub url: String,
    /// Its title.
    pub title: String,
    /// The name readers see.
    pub display_name: String,
    /// The consent record.
    pub consent: Consent,
    /// Marked `draft: true`.
    pub draft: bool,
    /// The story has errors (in its consent or elsewhere), so the build stops.
    pub has_errors: bool,
    /// The fingerprint of the story's text as it is now.
    pub fingerprint: String,
    /// The original's path when this is a translation (its consent is the original's, for
    /// the `translation` output).
    pub translation_of: Option<String>,
}

impl StoryRecord {
    /// The story's state on `today`, with "expiring" meaning within `days` days.
    pub fn state(&self, today: Date, days: i64) -> State {
        let web = decide(&self.consent, Output::Web, today);
        let decision = match &self.translation_of {
            Some(_) => web.and_then(|()| decide(&self.consent, Output::Translation, today)),
            None => web,
        };
        match decision {
            Err(Withheld::Withdrawn(_)) => State::Withdrawn,
            Err(Withheld::Expired(_)) => State::Expired,
            Err(Withheld::Incomplete) => State::Incomplete,
            _ if self.has_errors => State::Incomplete,
            Err(Withheld::OutOfScope(_)) => State::NotForWeb,
            Ok(()) if self.draft => State::Draft,
            Ok(()) if expires_within(&self.consent, today, days) => State::Expiring,
            Ok(()) => State::Published,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn full(scope: &[&str]) -> Consent {
        Consent {
            date: Some(d("2026-01-01")),
            scope: scope.iter().map(|s| s.to_string()).collect(),
            approval: Some(Approval::Flag(true)),
            record_id: Some("F-1".into()),
            expires: None,
            withdrawn: None,
        }
    }

    #[test]
    fn one_decision_for_every_output() {
        let today = d("2026-11-22");
        let c = full(&["web", "print"]);
        assert_eq!(decide(&c, Output::Web, today), Ok(()));
        assert_eq!(decide(&c, Output::Print, today), Ok(()));
        assert_eq!(
            decide(&c, Output::Offline, today),
            Err(Withheld::OutOfScope(Output::Offline))
        );
        assert_eq!(
            decide(&c, Output::Translation, today),
            Err(Withheld::OutOfScope(Output::Translation))
        );
        let withdrawn = Consent {
            withdrawn: Some(Withdrawn::On(d("2026-11-01"))),
            ..full(&["web", "print", "offline", "translation"])
        };
        for o in Output::ALL {
            assert_eq!(
                decide(&withdrawn, o, today),
                Err(Withheld::Withdrawn(Some(d("2026-11-01"))))
            );
        }
        let expired = Consent {
            expires: Some(today),
            ..full(&["web"])
        };
        assert_eq!(decide(&expired, Output::Web, today), Err(Withheld::Expired(today)));
        let tomorrow = Consent {
            expires: Some(d("2026-11-23")),
            ..full(&["web"])
        };
        assert_eq!(decide(&tomorrow, Output::Web, today), Ok(()));
        let unapproved = Consent {
            approval: Some(Approval::Flag(false)),
            ..full(&["web"])
        };
        assert_eq!(decide(&unapproved, Output::Web, today), Err(Withheld::Incomplete));
        let fingerprinted = Consent {
            approval: Some(Approval::Fingerprint("sha256:0123456789ab".into())),
            ..full(&["web"])
        };
        assert_eq!(decide(&fingerprinted, Output::Web, today), Ok(()));
    }

    #[test]
    fn reasons_read_as_plain_words() {
        assert_eq!(
            Withheld::Withdrawn(Some(d("2026-11-29"))).to_string(),
            "consent was withdrawn on 2026-11-29"
        );
        assert_eq!(
            Withheld::OutOfScope(Output::Web).to_string(),
            "consent does not include the web (`scope` has no `web`)"
        );
        assert_eq!(
            Withheld::OutOfScope(Output::Offline).to_string(),
            "consent does not include the offline copy (`scope` has no `offline`)"
        );
    }

    #[test]
    fn expiring_within_a_window() {
        let today = d("2026-11-22");
        let c = Consent {
            expires: Some(d("2027-01-10")),
            ..full(&["web"])
        };
        assert!(expires_within(&c, today, 60));
        assert!(!expires_within(&c, today, 30));
        assert!(!expires_within(&full(&["web"]), today, 60));
    }

    #[test]
    fn fingerprints_ignore_line_endings_and_trailing_space() {
        let a = fingerprint("\nI began.  \r\n\r\nThen I kept going.\n\n");
        let b = fingerprint("I began.\nThen I kept going.");
        assert_ne!(a, b, "a removed blank line between paragraphs is a change");
        assert_eq!(a, fingerprint("I began.\n\nThen I kept going.\n"));
        assert!(a.starts_with("sha256:") && a.len() == 7 + 12);
        assert!(is_fingerprint(&a));
        assert!(!is_fingerprint("sha256:xyz"));
    }
}
