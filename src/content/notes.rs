//! Content notes as readers see them: the labels of a story's notes in the reader's language,
//! and the one calm sentence listings, feeds, search and the page itself show. Kept with the
//! content so every output (render, feeds, search) reads them from one place.

use std::borrow::Cow;

use super::model::Page;
use crate::config::Config;
use crate::i18n::Words;

/// How one note of the vocabulary reads: the label `trailhead.toml` gives it (for this
/// language), else the theme's words for it (`note_overdose`), else its key.
pub(crate) fn note_label<'a>(config: &'a Config, words: &'a Words, key: &'a str) -> Cow<'a, str> {
    match config.content_notes.get(key) {
        Some(label) if !label.is_empty() => Cow::Borrowed(label),
        _ => {
            let word = format!("note_{key}");
            if words.has(&word) {
                Cow::Owned(words.get(&word).to_owned())
            } else {
                Cow::Borrowed(key)
            }
        }
    }
}

/// The labels of a story's content notes ("overdose", "death and grief"), in its order; none
/// for other pages.
pub(crate) fn note_labels<'a>(config: &'a Config, words: &'a Words, page: &'a Page) -> Vec<Cow<'a, str>> {
    page.story()
        .map(|s| s.content_notes.iter().map(|k| note_label(config, words, k)).collect())
        .unwrap_or_default()
}

/// "This story mentions: overdose and substance use."
pub(crate) fn notes_sentence(words: &Words, notes: &[Cow<'_, str>]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let labels: Vec<&str> = notes.iter().map(AsRef::as_ref).collect();
    words.fill("content_notes", &[("list", &words.list(&labels))])
}
