//! Sites in the reader's language: interface words from the theme's `i18n/` tables, dates as
//! the language writes them, `<html lang>` per page, and a missing word named.

use crate::common::{Fixture, render, story};

/// The English interface texts of the default theme, in pieces long enough to be sure they are
/// interface words when they appear on a page (placeholders cut them up).
fn english_pieces() -> Vec<String> {
    let en: toml::Table = include_str!("../../themes/default/i18n/en.toml").parse().unwrap();
    let es: toml::Table = include_str!("../../themes/default/i18n/es.toml").parse().unwrap();
    let mut pieces = Vec::new();
    for (key, value) in &en {
        let (Some(text), Some(spanish)) = (value.as_str(), es.get(key).and_then(|v| v.as_str())) else {
            continue;
        };
        if text == spanish || key == "language_name" {
            continue;
        }
        for piece in text.split(['{', '}']) {
            let piece = piece.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == ',');
            if piece.contains(' ') && piece.len() >= 8 && !spanish.contains(piece) {
                pieces.push(piece.replace('\'', "&#39;"));
            }
        }
        if !text.contains(' ') && text.len() >= 5 && !text.contains('{') && !spanish.contains(text) {
            pieces.push(format!(">{text}<"));
        }
    }
    pieces
}

/// A small site written in Spanish.
fn spanish_site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "trailhead.toml",
        &crate::common::CONFIG.replace("language = \"en\"", "language = \"es\""),
    );
    f.write("content/_index.md", "---\ntitle: Inicio\n---\nBienvenida.\n");
    f.write(
        "content/about.md",
        "---\ntitle: Quiénes somos\n---\n## Quiénes somos\n\nPares.\n",
    );
    f.write(
        "content/staying-safer-online.md",
        "---\ntitle: Más seguridad en línea\n---\nTexto.\n",
    );
    f.write("content/stories/_index.md", "---\ntitle: Historias\n---\n");
    f.write("content/guides/_index.md", "---\ntitle: Guías\n---\n");
    f.write(
        "content/stories/first.md",
        &story(
            "Mi primera historia",
            "content_notes: [overdose, substance-use]\nsummary: \"Una historia.\"\n",
            "## Inicio\n\nEmpecé.",
        )
        .replace("summary: \"A story.\"\n", "")
        .replace("[recovery]", "[recuperación]"),
    );
    f.write(
        "content/stories/second.md",
        &story("Segunda historia", "", "Otra.")
            .replace("summary: \"A story.\"", "summary: \"Otra historia.\"")
            .replace("[recovery]", "[familia, recuperación]"),
    );
    f.write(
        "content/guides/housing.md",
        &crate::common::guide("Vivienda", "", "## Pasos\n\nLlame.").replace("[housing]", "[vivienda]"),
    );
    f
}

#[test]
fn a_spanish_site_has_no_english_interface_text() {
    let f = spanish_site();
    f.build_ok();
    let pieces = english_pieces();
    assert!(pieces.len() > 60, "{} pieces", pieces.len());
    let mut pages = 0;
    for (path, text) in f.all_output() {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        assert!(text.contains("<html lang=\"es\">"), "{path}");
        for piece in &pieces {
            assert!(!text.contains(piece.as_str()), "{path} has the English “{piece}”");
        }
    }
    assert!(pages >= 10, "{pages} pages");
    let story = f.out("stories/first/index.html");
    assert!(
        story.contains("Esta historia menciona: sobredosis y consumo de sustancias."),
        "{story}"
    );
    assert!(story.contains("1 de marzo de 2026"), "dates in Spanish");
    let feed = f.out("atom.xml");
    assert!(feed.contains("Esta historia menciona"), "feeds use the same words");
    let search = f.out("search/index.html");
    assert!(search.contains("data-none=\"No hay resultados"), "{search}");
}

#[test]
fn a_page_in_another_language_says_so() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: Sobre nosotros\nlanguage: es\n---\n## Quiénes somos\n\nPares.\n",
    );
    f.build_ok();
    assert!(f.out("about/index.html").contains("<html lang=\"es\">"));
    assert!(f.out("stories/first/index.html").contains("<html lang=\"en\">"));
}

#[test]
fn a_missing_interface_word_is_named_with_its_language_and_file() {
    let f = spanish_site();
    let es = include_str!("../../themes/default/i18n/es.toml");
    let without: String = es
        .lines()
        .filter(|l| !l.starts_with("search_more =") && !l.starts_with("month_3 ="))
        .map(|l| format!("{l}\n"))
        .collect();
    f.write("themes/default/i18n/es.toml", &without);
    let errors = f.build_err();
    let text = render(&errors);
    assert_eq!(errors.len(), 2, "{text}");
    assert!(
        text.contains(
            "error: themes/default/i18n/es.toml: the interface text `month_3` is missing for the language \"es\""
        ),
        "{text}"
    );
    assert!(text.contains("`search_more`"), "{text}");
    assert!(
        text.contains("add `search_more = \"…\"` to themes/default/i18n/es.toml"),
        "{text}"
    );
}

#[test]
fn a_site_changes_theme_words_in_its_own_i18n_folder() {
    let f = Fixture::new();
    f.write(
        "i18n/en.toml",
        "quick_exit = \"Leave now\"\nshared_by = \"Told by {name}\"\n",
    );
    f.build_ok();
    let story = f.out("stories/first/index.html");
    assert!(story.contains("Told by Sam"), "{story}");
    assert!(story.contains("Leave now"));
}

#[test]
fn a_template_asking_for_a_word_that_does_not_exist() {
    let f = Fixture::new();
    let page = include_str!("../../themes/default/templates/page.html").replace(
        "<h1>{{ page.title }}</h1>",
        "<h1>{{ page.title }}</h1><p>{{ t(key=\"no_such_words\") }}</p>",
    );
    f.write("themes/default/templates/page.html", &page);
    let errors = f.build_err();
    let text = render(&errors);
    assert!(text.contains("no_such_words"), "{text}");
    assert!(text.contains("themes/default/i18n/en.toml"), "{text}");
}
