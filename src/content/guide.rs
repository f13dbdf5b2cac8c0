//! Guides: review dates and contacts with checked phone numbers.

use super::LoadOptions;
use super::frontmatter::{ContactFm, FrontMatter};
use super::model::{Contact, Guide, Kind};
use super::validate::Locator;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::util::dates::ReviewPeriod;
use crate::util::phone::{self, Use};
use crate::util::text::is_bcp47;

pub(super) fn guide(
    fm: &mut FrontMatter,
    loc: &Locator<'_>,
    config: &Config,
    opts: LoadOptions,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Kind {
    let period_text = fm.review_every.clone().unwrap_or_else(|| config.review_every.clone());
    let period = ReviewPeriod::parse(&period_text).unwrap_or_else(|| {
        errors.push(loc.err(
            &["review_every"],
            format!("`review_every: {period_text}` is not a period of time"),
            "write it like `12 months`, `6 months`, `1 year` or `90 days`",
        ));
        ReviewPeriod::parse("12 months").expect("valid period")
    });
    let last_reviewed = match fm.last_reviewed {
        Some(d) => d.0,
        None if fm.unreadable("last_reviewed") => opts.today,
        None => {
            errors.push(loc.err(
                &["title"],
                "this guide has no `last_reviewed` date".into(),
                "add the date someone last checked its contacts and facts, e.g. `last_reviewed: 2026-11-01`",
            ));
            opts.today
        }
    };
    if last_reviewed > opts.today {
        errors.push(loc.err(
            &["last_reviewed"],
            format!("`last_reviewed` ({last_reviewed}) is in the future"),
            "use the date the guide was actually checked",
        ));
    }
    let review_due = period.after(last_reviewed);
    let overdue = review_due <= opts.today;
    if overdue && fm.last_reviewed.is_some() {
        warnings.push(loc.warn(
            &["last_reviewed"],
            format!("this guide was due for review on {review_due}"),
            "check its contacts and facts, then update `last_reviewed`; until then readers see that it is being re-checked",
        ));
    }
    let mut contacts = Vec::new();
    for c in fm.contacts.take().unwrap_or_default() {
        let unreadable_name = fm.unreadable(&format!("contacts.{}.name", c.index));
        if let Some(contact) = contact(c, unreadable_name, loc, errors) {
            contacts.push(contact);
        }
    }
    Kind::Guide(Guide {
        last_reviewed,
        review_due,
        overdue,
        contacts,
    })
}

fn contact(c: ContactFm, unreadable_name: bool, loc: &Locator<'_>, errors: &mut Vec<Diagnostic>) -> Option<Contact> {
    let index = c.index;
    let name = c.name.as_deref().map(str::trim).unwrap_or("").to_owned();
    let item = index.to_string();
    let at = |field: &str, value: &str| loc.value(&["contacts", &item, field], value);
    let label = if name.is_empty() {
        format!("contact {}", index + 1)
    } else {
        format!("contact \"{name}\"")
    };
    let mut ok = true;
    if name.is_empty() {
        if !unreadable_name {
            errors.push(loc.err(
                &["contacts", &item],
                format!("{label} has no `name`"),
                "add `name:` with the service or person to contact",
            ));
        }
        ok = false;
    }
    if c.phone.is_none() && c.text.is_none() && c.url.is_none() {
        errors.push(loc.error_at(
            at("name", &name),
            format!("{label} has no way to reach it"),
            "add a `phone`, `text` or `url`",
        ));
        ok = false;
    }
    let mut number = |raw: &Option<String>, usage: Use, field: &str| -> Option<crate::util::phone::Phone> {
        let raw = raw.as_ref()?;
        match phone::parse(raw, usage) {
            Ok(p) => Some(p),
            Err(why) => {
                errors.push(loc.error_at(
                    at(field, raw),
                    format!("the {field} number of {label} is not valid: {why}"),
                    "write a 10-digit number such as (413) 555-0142 or 1-800-662-4357, or a service code such as 988, 211 or 711",
                ));
                ok = false;
                None
            }
        }
    };
    let phone = number(&c.phone, Use::Call, "phone");
    let text = number(&c.text, Use::Text, "text");
    if let Some(u) = &c.url
        && !(u.starts_with("https://") || u.starts_with("http://") || u.starts_with("mailto:") || u.starts_with('/'))
    {
        errors.push(loc.error_at(
            at("url", u),
            format!("the url of {label} is not a web address: \"{u}\""),
            "start it with https://",
        ));
        ok = false;
    }
    for l in &c.languages {
        if !is_bcp47(l) {
            errors.push(loc.error_at(
                at("languages", l),
                format!("\"{l}\" in the languages of {label} is not a language code"),
                "use codes such as en, es, vi, zh-Hant or ase (American Sign Language)",
            ));
            ok = false;
        }
    }
    ok.then_some(Contact {
        name,
        phone,
        text,
        url: c.url,
        hours: c.hours,
        languages: c.languages,
        notes: c.notes,
    })
}
