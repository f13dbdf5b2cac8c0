//! Phone numbers: validated and normalised so templates can write `tel:` and `sms:` links.
//!
//! Accepted: North American numbers (NANP: 10 digits, optionally with a leading 1 or +1, any
//! punctuation, letters as on a keypad such as `1-800-662-HELP`), N11 service codes (211, 311,
//! 411, 511, 611, 711, 811, 911), 988, and SMS short codes of 5–6 digits (only for texting).

use serde::Serialize;

/// A checked phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Phone {
    /// As the editor wrote it, for people to read.
    pub(crate) display: String,
    /// The dialable form for `tel:`/`sms:` links: `988`, `+18006624357`.
    pub(crate) dial: String,
}

/// What a number will be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use {
    /// Calling.
    Call,
    /// Texting (also allows SMS short codes).
    Text,
}

/// Validates and normalises a number, or explains what is wrong.
pub(crate) fn parse(raw: &str, usage: Use) -> Result<Phone, String> {
    let mut digits = String::new();
    for c in raw.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '+' | '\u{a0}' => {}
            c if c.is_ascii_alphabetic() => digits.push(keypad(c.to_ascii_uppercase())),
            _ => return Err(format!("\"{raw}\" contains '{c}', which is not part of a phone number")),
        }
    }
    let display = raw.trim().to_owned();
    let dial = match digits.len() {
        3 if digits == "988" || (digits.ends_with("11") && digits.as_bytes()[0] >= b'2') => digits,
        5 | 6 if usage == Use::Text => digits,
        10 => nanp(&digits)?,
        11 if digits.starts_with('1') => nanp(&digits[1..])?,
        _ => {
            return Err(format!(
                "\"{raw}\" is not a North American phone number (10 digits), a service code such as 988 or 211{}",
                if usage == Use::Text {
                    ", or a 5–6 digit text short code"
                } else {
                    ""
                }
            ));
        }
    };
    Ok(Phone { display, dial })
}

fn nanp(ten: &str) -> Result<String, String> {
    let b = ten.as_bytes();
    if b[0] < b'2' {
        return Err(format!("the area code {} cannot start with 0 or 1", &ten[..3]));
    }
    if b[3] < b'2' {
        return Err(format!("the exchange {} cannot start with 0 or 1", &ten[3..6]));
    }
    Ok(format!("+1{ten}"))
}

fn keypad(c: char) -> char {
    match c {
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        _ => '9',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_common_forms() {
        for (raw, dial) in [
            ("988", "988"),
            ("211", "211"),
            ("711", "711"),
            ("1-800-662-4357", "+18006624357"),
            ("1-800-662-HELP", "+18006624357"),
            ("(413) 555-0142", "+14135550142"),
            ("+1 413.555.0142", "+14135550142"),
            ("4135550142", "+14135550142"),
        ] {
            assert_eq!(parse(raw, Use::Call).unwrap().dial, dial, "{raw}");
        }
    }

    #[test]
    fn short_codes_only_for_text() {
        assert_eq!(parse("741741", Use::Text).unwrap().dial, "741741");
        assert!(parse("741741", Use::Call).is_err());
    }

    #[test]
    fn rejects_nonsense() {
        assert!(parse("555-0142", Use::Call).is_err());
        assert!(parse("(113) 555-0142", Use::Call).unwrap_err().contains("area code"));
        assert!(parse("413-155-0142", Use::Call).unwrap_err().contains("exchange"));
        assert!(parse("call us!", Use::Call).is_err());
        assert!(parse("011", Use::Call).is_err());
    }
}
