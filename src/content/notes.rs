//! Content notes as readers see them: the labels of a story's notes from the site's
//! vocabulary, and the one calm sentence listings, feeds, search and the page itself show.
//! Kept with the content so every output (render, feeds, search) reads them from one place.

use super::model::Page;
use crate::config::Config;

/// The labels of a story's content notes ("overdose", "death and grief"), in its order; none
/// for other pages.
pub(crate) fn note_labels<'a>(config: &'a Config, page: &'a Page) -> Vec<&'a str> {
    page.story()
        .map(|s| {
            s.content_notes
                .iter()
                .map(|k| config.content_notes.get(k).map_or(k.as_str(), String::as_str))
                .collect()
        })
        .unwrap_or_default()
}

/// "This story mentions: overdose and substance use."
pub(crate) fn notes_sentence(notes: &[&str]) -> String {
    // Labels may contain "and" themselves ("death and grief"); then a list joined with "and"
    // reads wrongly, so such lists use semicolons.
    let list = match notes {
        [] => return String::new(),
        [one] => (*one).to_owned(),
        _ if notes.iter().any(|n| n.contains(" and ")) => notes.join("; "),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    format!("This story mentions: {list}.")
}

#[cfg(test)]
mod tests {
    use super::notes_sentence;

    #[test]
    fn notes_read_as_one_calm_sentence() {
        assert_eq!(notes_sentence(&[]), "");
        assert_eq!(notes_sentence(&["overdose"]), "This story mentions: overdose.");
        assert_eq!(
            notes_sentence(&["overdose", "self-harm", "hospital stays"]),
            "This story mentions: overdose, self-harm and hospital stays."
        );
        assert_eq!(
            notes_sentence(&["substance use", "death and grief"]),
            "This story mentions: substance use; death and grief."
        );
    }
}
