//! The synonyms of a site's language as the search page looks them up: the theme's list with
//! the site's entries over it (`config::search`), folded like queries are, and only what the
//! index can answer.
//!
//! The browser reads them from the manifest: a query's words (or run of up to four words)
//! found among the keys also stand for each alternative, a phrase searched with all its words
//! and ranked a little below the words themselves. So an alternative is kept only when every
//! word of it (stop words aside) is on the site, each written as a form the index holds: the
//! list's "disorder" becomes "disorders" on a site that only has the plural.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::index::Index;
use super::tokenize::{Analyzer, each_word_ref, fold};

/// A phrase's words, lowercase (accents kept, as the stemmer expects them).
fn lower_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word_ref(text, |w, _| out.push(w.to_owned()));
    out
}

/// Whether `form`, of the same stem as `word`, is another form of it and not a word stemming
/// happens to join with it: one of the two begins the other, which is at most two letters
/// longer ("disorder", "disorders"; not "snap", "snapped").
fn close_forms(word: &str, form: &str) -> bool {
    let (short, long) = if word.len() <= form.len() {
        (word, form)
    } else {
        (form, word)
    };
    long.starts_with(short) && long.chars().count() <= short.chars().count() + 2
}

/// Folded key (its words joined by spaces) → the alternatives the index can answer, each as
/// words the index holds joined by spaces. Keys without any are left out.
pub(crate) fn table(
    list: &[(String, Vec<String>)],
    index: &Index,
    analyzer: &Analyzer,
) -> BTreeMap<String, Vec<String>> {
    let indexed = |w: &str| index.words.binary_search_by(|x| x.word.as_str().cmp(w)).is_ok();
    // Stems of alternative words the index lacks in that form, found in one pass over stems.
    let mut wanted: HashSet<String> = HashSet::new();
    for (_, alternatives) in list {
        for w in alternatives.iter().flat_map(|a| lower_words(a)) {
            let f = fold(&w);
            if !analyzer.is_stop(&f) && !indexed(&f) {
                wanted.insert(analyzer.stem(&w));
            }
        }
    }
    let mut form_of: HashMap<&str, &str> = HashMap::new();
    if !wanted.is_empty() {
        for s in &index.stems {
            if wanted.contains(&s.stem)
                && let Some(&first) = s.forms.first()
            {
                // Forms are most frequent first.
                form_of.insert(s.stem.as_str(), index.words[first as usize].word.as_str());
            }
        }
    }
    let mut out = BTreeMap::new();
    for (key, alternatives) in list {
        let key: Vec<String> = lower_words(key).iter().map(|w| fold(w)).collect();
        if key.is_empty() {
            continue;
        }
        let mut found: Vec<String> = Vec::new();
        'alternative: for alt in alternatives {
            let mut words = Vec::new();
            for w in lower_words(alt) {
                let f = fold(&w);
                if analyzer.is_stop(&f) || indexed(&f) {
                    words.push(f);
                } else if let Some(form) = form_of.get(analyzer.stem(&w).as_str())
                    && close_forms(&f, form)
                {
                    words.push((*form).to_owned());
                } else {
                    continue 'alternative;
                }
            }
            let phrase = words.join(" ");
            if words.iter().any(|w| !analyzer.is_stop(w)) && !found.contains(&phrase) && phrase != key.join(" ") {
                found.push(phrase);
            }
        }
        if !found.is_empty() {
            out.insert(key.join(" "), found);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Document;

    #[test]
    fn keeps_what_the_index_can_answer_in_forms_it_holds() {
        let docs = [
            Document {
                title: "Eating disorders",
                body: "Naloxone saves lives. A support group meets at the clínica. It snapped.",
                language: "en",
                ..Document::default()
            },
            Document {
                title: "Crisis lines",
                body: "Call 988.",
                language: "en",
                ..Document::default()
            },
        ];
        let index = crate::search::index::build(&docs);
        let list = |k: &str, v: &[&str]| (k.to_owned(), v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let got = table(
            &[
                list("Narcan", &["naloxone", "nasal spray"]),
                list("Anorexia", &["eating disorder"]),
                list("AA", &["Alcoholics Anonymous", "a support group"]),
                list("Suicide Hotline", &["crisis line", "988"]),
                list("rehab", &["treatment"]),
                list("Clinic", &["clínica"]),
                list("food stamps", &["snap"]),
            ],
            &index,
            &Analyzer::new("en"),
        );
        let expected: BTreeMap<String, Vec<String>> = [
            ("aa", vec!["a support group"]),
            ("anorexia", vec!["eating disorders"]),
            ("clinic", vec!["clinica"]),
            ("narcan", vec!["naloxone"]),
            ("suicide hotline", vec!["crisis lines", "988"]),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
        .collect();
        assert_eq!(got, expected);
    }
}
