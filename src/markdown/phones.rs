//! Phone numbers written in body text ("call us at (413) 555-0142") become `tel:` links, so a
//! reader on a phone can tap them. Only whole North American numbers (ten digits, or eleven
//! with the leading 1) that the phone module reads are linked; short codes such as 988 stay
//! text here (the crisis band and contacts link them), and so does anything that only looks
//! like a number (dates, years, record ids).

use crate::util::phone::{self, Use};

/// The pieces of `text`: plain runs and linked numbers (`Err` holds (shown, dial)).
pub(super) fn split(text: &str) -> Option<Vec<Result<&str, (&str, String)>>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let starts = (c.is_ascii_digit() || c == b'(' || c == b'+')
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'-' || bytes[i - 1] == b'/'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && j - i < 20 && b"0123456789 -.()+".contains(&bytes[j]) {
            j += 1;
        }
        // Trailing spaces, dots and dashes belong to the sentence.
        while j > i && !bytes[j - 1].is_ascii_digit() {
            j -= 1;
        }
        let candidate = &text[i..j];
        let digits = candidate.bytes().filter(u8::is_ascii_digit).count();
        let separated = candidate.bytes().any(|b| !b.is_ascii_digit());
        let next_ok = j == bytes.len() || !bytes[j].is_ascii_alphanumeric();
        if (10..=11).contains(&digits)
            && separated
            && next_ok
            && let Ok(p) = phone::parse(candidate, Use::Call)
            && p.dial.starts_with("+1")
        {
            if plain_from < i {
                out.push(Ok(&text[plain_from..i]));
            }
            out.push(Err((candidate, p.dial)));
            plain_from = j;
            i = j;
        } else {
            i = j.max(i + 1);
        }
    }
    if out.is_empty() {
        return None;
    }
    if plain_from < text.len() {
        out.push(Ok(&text[plain_from..]));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::split;

    fn links(text: &str) -> Vec<(String, String)> {
        split(text)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| p.err().map(|(s, d)| (s.to_owned(), d)))
            .collect()
    }

    #[test]
    fn numbers_in_text_are_found_and_nothing_else() {
        assert_eq!(
            links("Call us at (413) 555-0142, or just walk in."),
            [("(413) 555-0142".to_owned(), "+14135550142".to_owned())]
        );
        assert_eq!(
            links("The helpline, 1-800-662-4357, is free."),
            [("1-800-662-4357".to_owned(), "+18006624357".to_owned())]
        );
        for plain in [
            "Call or text 988 any time.",
            "On 2026-11-22 we met.",
            "Record RPSC-2025-021 is kept offline.",
            "We have 1500 members and 20 groups.",
            "Open 10am-6pm.",
        ] {
            assert!(links(plain).is_empty(), "{plain}");
        }
    }
}
