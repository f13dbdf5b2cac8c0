//! The `[crisis]` table: the lines every page offers, the organization's own warmline, the
//! support lines offered beside stories by content note, and when the numbers were last
//! checked. Every number is validated here, with its place in `trailhead.toml`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Deserialize;

use super::{CONFIG_FILE, Config, find_key};
use crate::diagnostics::Diagnostic;
use crate::util::dates;
use crate::util::phone::{self, Use};

/// Crisis help: the `[crisis]` table. What it leaves out comes from the interface words of
/// the site's language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct CrisisConfig {
    /// Heading of the crisis region.
    pub(crate) heading: Option<String>,
    /// One sentence shown before the lines.
    pub(crate) intro: Option<String>,
    /// When someone last checked that these numbers work (`YYYY-MM-DD`).
    pub(crate) last_verified: Option<String>,
    /// A page with more crisis options (`guides/crisis-lines.md`), linked from the support box
    /// beside stories with a suicide, self-harm or overdose note, and from the compact band.
    pub(crate) guide: Option<String>,
    /// The lines to show (none written: 988, 911 and SAMHSA's helpline).
    pub(crate) lines: Vec<CrisisLine>,
    /// The organization's own line for talking to a peer when it is not an emergency, shown in
    /// the band after the crisis lines.
    pub(crate) warmline: Option<CrisisLine>,
    /// Lines offered beside a story, by content note (`[[crisis.support.eating-disorder]]`).
    /// A story whose notes have none here offers the first crisis line when one of its notes
    /// is suicide, self-harm or overdose.
    pub(crate) support: BTreeMap<String, Vec<CrisisLine>>,
}

/// One crisis line.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CrisisLine {
    /// Who answers, e.g. "988 Suicide & Crisis Lifeline".
    pub(crate) name: String,
    /// Number to call.
    pub(crate) phone: Option<String>,
    /// Number to text.
    pub(crate) text: Option<String>,
    /// Web address (chat).
    pub(crate) url: Option<String>,
    /// A short description.
    pub(crate) description: Option<String>,
}

/// Notes whose stories always offer crisis help beside them, configured or not.
pub(crate) const CRISIS_NOTES: [&str; 3] = ["suicide", "self-harm", "overdose"];

impl CrisisConfig {
    /// The lines to show: the configured ones, or the national lines every US site starts
    /// with, named in the reader's language.
    pub(crate) fn lines_or_default(&self, words: &crate::i18n::Words) -> Vec<CrisisLine> {
        if !self.lines.is_empty() {
            return self.lines.clone();
        }
        let line = |name: &str, phone: &str, text: Option<&str>, url: Option<&str>, about: &str| CrisisLine {
            name: words.get(name).to_owned(),
            phone: Some(phone.to_owned()),
            text: text.map(str::to_owned),
            url: url.map(str::to_owned),
            description: Some(words.get(about).to_owned()),
        };
        vec![
            line(
                "crisis_988",
                "988",
                Some("988"),
                Some("https://988lifeline.org"),
                "crisis_988_about",
            ),
            line("crisis_911", "911", None, None, "crisis_911_about"),
            line("crisis_samhsa", "1-800-662-4357", None, None, "crisis_samhsa_about"),
        ]
    }

    /// The lines offered beside a story with these content notes: the configured lines of
    /// each note (each once, in the notes' order), and the first crisis line when a note is
    /// one of [`CRISIS_NOTES`] or a note's lines are not configured but the story has a
    /// crisis note. None for a story whose notes need no support box.
    pub(crate) fn support_lines(&self, words: &crate::i18n::Words, notes: &[String]) -> Vec<CrisisLine> {
        let mut out: Vec<CrisisLine> = Vec::new();
        if notes.iter().any(|n| CRISIS_NOTES.contains(&n.as_str()))
            && let Some(first) = self.lines_or_default(words).into_iter().next()
        {
            out.push(first);
        }
        for note in notes {
            for line in self.support.get(note).into_iter().flatten() {
                if !out.contains(line) {
                    out.push(line.clone());
                }
            }
        }
        out
    }
}

impl Config {
    /// Problems of the `[crisis]` tables (the site's and each language's): numbers that cannot
    /// be dialled, dates that are not dates, support lines for notes the vocabulary lacks.
    pub(super) fn check_crisis(&self, source: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut tables = vec![(String::from("crisis"), &self.crisis)];
        for (code, l) in &self.languages {
            if let Some(c) = &l.crisis {
                tables.push((format!("languages.{code}.crisis"), c));
            }
        }
        for (place, crisis) in tables {
            if let Some(v) = &crisis.last_verified
                && dates::parse_date(v).is_none()
            {
                let (l, c) = find_key(source, &format!("{place}.last_verified"));
                out.push(
                    Diagnostic::error(format!("`last_verified = \"{v}\"` is not a date"))
                        .in_file(CONFIG_FILE)
                        .at_in(source, l, c)
                        .hint("write the date as YYYY-MM-DD, e.g. \"2026-11-01\""),
                );
            }
            let mut lines: Vec<(String, &CrisisLine)> = crisis
                .lines
                .iter()
                .enumerate()
                .map(|(n, l)| (format!("{place}.lines.{n}"), l))
                .collect();
            lines.extend(crisis.warmline.iter().map(|l| (format!("{place}.warmline"), l)));
            for (note, list) in &crisis.support {
                if !self.content_notes.contains_key(note) {
                    let (l, c) = find_key(source, &format!("{place}.support.{note}"));
                    let known: Vec<&str> = self.content_notes.keys().map(String::as_str).collect();
                    let hint = match crate::util::text::did_you_mean(note, known.iter().copied()) {
                        Some(m) => format!("did you mean `{m}`? The content notes are: {}", known.join(", ")),
                        None => format!("the content notes are: {}", known.join(", ")),
                    };
                    out.push(
                        Diagnostic::error(format!(
                            "support lines for \"{note}\", which is not a content note of this site"
                        ))
                        .in_file(CONFIG_FILE)
                        .at_in(source, l, c)
                        .hint(hint),
                    );
                }
                lines.extend(
                    list.iter()
                        .enumerate()
                        .map(|(n, l)| (format!("{place}.support.{note}.{n}"), l)),
                );
            }
            for (place, line) in lines {
                for (raw, usage, field) in [(&line.phone, Use::Call, "phone"), (&line.text, Use::Text, "text")] {
                    if let Some(raw) = raw
                        && let Err(why) = phone::parse(raw, usage)
                    {
                        let (l, c) = find_key(source, &format!("{place}.{field}"));
                        out.push(
                            Diagnostic::error(format!(
                                "the line \"{}\" has a {field} number that is not valid: {why}",
                                line.name
                            ))
                            .in_file(CONFIG_FILE)
                            .at_in(source, l, c)
                            .hint(
                                "write a 10-digit number such as 1-800-662-4357, or a service code such as 988 or 911",
                            ),
                        );
                    }
                }
            }
        }
        out
    }

    /// Warnings when the crisis numbers have not been checked for 180 days, or never.
    pub(crate) fn check_crisis_freshness(&self, today: Date) -> Vec<Diagnostic> {
        match self.crisis_last_verified() {
            Some(d) if today.since(d).map(|s| s.get_days() > 180).unwrap_or(false) => vec![
                Diagnostic::warning(format!(
                    "the crisis numbers were last checked on {d}, more than 180 days ago"
                ))
                .in_file(CONFIG_FILE)
                .hint("call or text each number in [crisis] to check it still works, then update `last_verified`"),
            ],
            Some(_) => Vec::new(),
            None => vec![
                Diagnostic::warning("the crisis numbers have no `last_verified` date")
                    .in_file(CONFIG_FILE)
                    .hint("check each number in [crisis], then add `last_verified = \"YYYY-MM-DD\"` under [crisis]"),
            ],
        }
    }

    /// The date the crisis numbers were last checked.
    pub(crate) fn crisis_last_verified(&self) -> Option<Date> {
        self.crisis.last_verified.as_deref().and_then(dates::parse_date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crisis_numbers_are_checked() {
        let err = Config::parse("[[crisis.lines]]\nname = \"X\"\nphone = \"12\"\n").unwrap_err();
        assert_eq!(err[0].line, 3);
        assert!(err[0].message.contains("not valid"));
    }

    #[test]
    fn warmline_and_support_numbers_are_checked_where_written() {
        let src = "[crisis.warmline]\nname = \"W\"\nphone = \"555\"\n\n[[crisis.support.eating-disorder]]\nname = \"E\"\nphone = \"1-888-375-7767\"\ntext = \"12\"\n";
        let err = Config::parse(src).unwrap_err();
        let places: Vec<(usize, &str)> = err.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(err.len(), 2, "{places:?}");
        assert_eq!(err[0].line, 3, "{places:?}");
        assert!(err[0].message.contains("\"W\" has a phone number"), "{places:?}");
        assert_eq!(err[1].line, 8, "{places:?}");
        assert!(err[1].message.contains("\"E\" has a text number"), "{places:?}");
    }

    #[test]
    fn support_for_an_unknown_note_is_an_error_with_a_suggestion() {
        let err = Config::parse("[[crisis.support.eating-disorders]]\nname = \"E\"\nphone = \"988\"\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].line, 1);
        assert!(
            err[0]
                .message
                .contains("\"eating-disorders\", which is not a content note")
        );
        assert!(
            err[0]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `eating-disorder`?")
        );
    }

    #[test]
    fn support_lines_follow_the_notes() {
        let c = Config::parse(
            "[[crisis.lines]]\nname = \"Main\"\nphone = \"988\"\n[[crisis.support.eating-disorder]]\nname = \"ED\"\nphone = \"1-888-375-7767\"\n",
        )
        .unwrap();
        let words = crate::i18n::built_in("en");
        let names = |notes: &[&str]| -> Vec<String> {
            let notes: Vec<String> = notes.iter().map(|s| s.to_string()).collect();
            c.crisis
                .support_lines(&words, &notes)
                .into_iter()
                .map(|l| l.name)
                .collect()
        };
        assert_eq!(names(&["eating-disorder"]), ["ED"]);
        assert_eq!(names(&["substance-use"]), Vec::<String>::new());
        assert_eq!(names(&["overdose", "eating-disorder"]), ["Main", "ED"]);
        assert_eq!(names(&["suicide", "self-harm"]), ["Main"]);
    }
}
