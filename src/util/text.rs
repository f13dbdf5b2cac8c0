//! Small string helpers shared by every stage: HTML escaping, slugs, word counts and "did you
//! mean". (Dates as readers see them are in `i18n`, in their language.)

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s);
    out
}

/// Appends `s` to `out`, escaping the five HTML-significant characters.
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Turns any text into a URL-safe ASCII slug: Unicode is folded to ASCII, everything but
/// letters and digits becomes a single hyphen. "Harm Reduction" → `harm-reduction`,
/// "LGBTQ+" → `lgbtq`, "Café" → `cafe`.
pub(crate) fn slugify(s: &str) -> String {
    slug::slugify(s)
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Counts words the way readers do: runs of letters or digits (apostrophes inside words kept).
pub(crate) fn count_words(s: &str) -> usize {
    // One pass: a word starts at the first letter or digit after a separator. Apostrophes
    // join ("don't" is one word). ASCII bytes are classified without decoding.
    let mut words = 0;
    let mut in_word = false;
    let mut joined = false;
    for c in s.chars() {
        let (alnum, apostrophe) = if c.is_ascii() {
            (c.is_ascii_alphanumeric(), c == '\'')
        } else {
            (c.is_alphanumeric(), c == '’')
        };
        if alnum {
            if !in_word && !joined {
                words += 1;
            }
            in_word = true;
            joined = false;
        } else if apostrophe {
            // Part of the word only when letters follow; "rock 'n' roll" still counts "n".
            joined = in_word || joined;
            in_word = false;
        } else {
            in_word = false;
            joined = false;
        }
    }
    words
}

/// The first `max` characters of `text` with whitespace collapsed, cut at a word with `…`.
/// Reads only as far as it needs (bodies can be long; excerpts are short).
pub(crate) fn first_words(text: &str, max: usize) -> String {
    let mut flat = String::new();
    let mut chars = 0;
    let mut over = false;
    for word in text.split_whitespace() {
        if !flat.is_empty() {
            flat.push(' ');
            chars += 1;
        }
        flat.push_str(word);
        chars += word.chars().count();
        if chars > max {
            over = true;
            break;
        }
    }
    if !over {
        return flat;
    }
    let end = flat.char_indices().nth(max).map_or(flat.len(), |(i, _)| i);
    let cut = &flat[..end];
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

/// True for a plausible BCP 47 tag: a 2–3 letter language, then 1–8 character subtags.
pub(crate) fn is_bcp47(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_words_collapse_whitespace_and_cut_at_a_word() {
        assert_eq!(first_words("  One\n two\tthree  ", 40), "One two three");
        assert_eq!(first_words("One two three", 13), "One two three");
        assert_eq!(first_words("One two three", 12), "One two…");
        assert_eq!(first_words("One two three", 7), "One…");
        assert_eq!(first_words("One two three", 6), "One…");
        assert_eq!(first_words("Unbreakable", 4), "Unbr…");
        assert_eq!(first_words("Niño café ñandú", 9), "Niño…");
        assert_eq!(first_words("", 5), "");
    }

    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn slugs_fold_unicode_and_punctuation() {
        assert_eq!(slugify("Harm Reduction"), "harm-reduction");
        assert_eq!(slugify("LGBTQ+"), "lgbtq");
        assert_eq!(slugify("Café niño"), "cafe-nino");
        assert_eq!(slugify("Grief and loss"), "grief-and-loss");
    }

    #[test]
    fn suggests_close_words_only() {
        let c = ["title", "base_url", "language"];
        assert_eq!(did_you_mean("titel", c), Some("title"));
        assert_eq!(did_you_mean("langauge", c), Some("language"));
        assert_eq!(did_you_mean("zzz", c), None);
    }

    #[test]
    fn counts_words() {
        assert_eq!(count_words("It's a long road — but I'm here, 2 years on."), 10);
        // The one-pass count agrees with splitting on everything but letters, digits and
        // apostrophes.
        let reference = |s: &str| {
            s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        };
        for text in [
            "rock 'n' roll",
            "a''b ''c d''",
            "don’t stop — café au lait, naïve 3.5 km/h",
            "' ' '' ’’ x",
            "Ünïcödé wörds ŝtay whole; 日本語 も",
            "under_scores and-hyphens",
            "",
        ] {
            assert_eq!(count_words(text), reference(text), "{text:?}");
        }
    }
}
