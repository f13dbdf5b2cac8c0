//! Dates in front matter and config: `YYYY-MM-DD` (or a full timestamp), and review periods
//! such as `12 months`.

use std::fmt;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// Parses `YYYY-MM-DD`, or the date part of an RFC 3339 timestamp.
pub(crate) fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let day = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    day.parse::<Date>().ok()
}

/// A date written in front matter. Accepts YAML strings and TOML dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct FmDate(pub Date);

impl FmDate {
    /// Reads a date written as text; the error is a message for the editor (the hint on how
    /// to write dates is the caller's).
    pub(crate) fn parse(v: &str) -> Result<FmDate, String> {
        parse_date(v).map(FmDate).ok_or_else(|| {
            let shaped = v.len() >= 10
                && v.bytes().take(10).enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                });
            if shaped {
                format!("\"{v}\" is not a date of the calendar (check the month and the day)")
            } else {
                format!("\"{v}\" is not a date")
            }
        })
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = FmDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date written as YYYY-MM-DD")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<FmDate, E> {
        FmDate::parse(v).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FmDate, A::Error> {
        // TOML dates arrive as a one-entry map holding the date's text.
        let Some((_key, value)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::custom("expected a date written as YYYY-MM-DD"));
        };
        self.visit_str(&value)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FmDate, E> {
        Err(E::custom(format!("{v} is not a date")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FmDate, E> {
        self.visit_i64(v as i64)
    }
}

impl<'de> de::Deserialize<'de> for FmDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

/// `withdrawn:` in a story's consent: `true`, or the date consent was withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawn {
    /// `true`/`false`.
    Flag(bool),
    /// The date it was withdrawn.
    On(Date),
    /// Something that is neither a date nor true/false (`withdrawn: 29/11/2026`). A withdrawal
    /// must never fail on a typo, so this counts as withdrawn, with a warning.
    Unclear,
}

impl Withdrawn {
    /// Reads `withdrawn:` written as text: `true`/`yes`, `false`/`no`, a date, or anything
    /// else, which counts as withdrawn ([`Withdrawn::Unclear`]).
    pub(crate) fn from_text(v: &str) -> Withdrawn {
        match v {
            "true" | "yes" => Withdrawn::Flag(true),
            "false" | "no" => Withdrawn::Flag(false),
            _ => parse_date(v).map_or(Withdrawn::Unclear, Withdrawn::On),
        }
    }
}

struct WithdrawnVisitor;

impl<'de> Visitor<'de> for WithdrawnVisitor {
    type Value = Withdrawn;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("true, or the date consent was withdrawn (YYYY-MM-DD)")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Withdrawn, E> {
        Ok(Withdrawn::Flag(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Withdrawn, E> {
        Ok(Withdrawn::from_text(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Withdrawn, A::Error> {
        DateVisitor.visit_map(map).map(|d| Withdrawn::On(d.0))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Withdrawn, E> {
        Ok(Withdrawn::Unclear)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Withdrawn, E> {
        Ok(Withdrawn::Unclear)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Withdrawn, E> {
        Ok(Withdrawn::Unclear)
    }
}

impl<'de> de::Deserialize<'de> for Withdrawn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(WithdrawnVisitor)
    }
}

/// How often something is re-checked: a number of days, weeks, months or years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReviewPeriod {
    amount: i64,
    unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

impl ReviewPeriod {
    /// Parses `12 months`, `1 year`, `6 weeks`, `90 days`.
    pub(crate) fn parse(s: &str) -> Option<ReviewPeriod> {
        let mut parts = s.split_whitespace();
        let amount: i64 = parts.next()?.parse().ok()?;
        let unit = match parts.next()?.to_lowercase().trim_end_matches('s') {
            "day" => Unit::Days,
            "week" => Unit::Weeks,
            "month" => Unit::Months,
            "year" => Unit::Years,
            _ => return None,
        };
        if parts.next().is_some() || !(1..=100_000).contains(&amount) {
            return None;
        }
        Some(ReviewPeriod { amount, unit })
    }

    /// The date one period after `d`.
    pub(crate) fn after(&self, d: Date) -> Date {
        let span = match self.unit {
            Unit::Days => self.amount.days(),
            Unit::Weeks => self.amount.weeks(),
            Unit::Months => self.amount.months(),
            Unit::Years => self.amount.years(),
        };
        d.checked_add(span).unwrap_or(Date::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-03-14"), Some(date(2026, 3, 14)));
        assert_eq!(parse_date("2026-03-14T10:00:00Z"), Some(date(2026, 3, 14)));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("14/03/2026"), None);
        assert_eq!(parse_date("2026-03-145"), None);
    }

    #[test]
    fn periods() {
        let p = ReviewPeriod::parse("12 months").unwrap();
        assert_eq!(p.after(date(2026, 1, 31)), date(2027, 1, 31));
        assert_eq!(
            ReviewPeriod::parse("1 year").unwrap().after(date(2024, 2, 29)),
            date(2025, 2, 28)
        );
        assert_eq!(
            ReviewPeriod::parse("90 days").unwrap().after(date(2026, 1, 1)),
            date(2026, 4, 1)
        );
        assert!(ReviewPeriod::parse("often").is_none());
        assert!(ReviewPeriod::parse("12 fortnights").is_none());
    }
}
