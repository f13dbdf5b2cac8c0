//! Sites in the reader's language: interface words from the theme's `i18n/` tables, dates as
//! the language writes them, `<html lang>` per page, and a missing word named.

use crate::common::{Fixture, bilingual_site, guide, render, story};

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
        // Language names appear in the switcher in their own language, on purpose.
        if text == spanish || key == "language_name" || key.starts_with("lang_") {
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

#[test]
fn a_bilingual_site_serves_each_language_with_its_own_listings_and_links_between_them() {
    let f = bilingual_site();
    f.build_ok();
    let home = f.out("es/index.html");
    assert!(home.contains("<html lang=\"es\">"), "{home}");
    assert!(home.contains("Biblioteca de prueba"));
    let es_story = f.out("es/stories/first/index.html");
    assert!(es_story.contains("<html lang=\"es\">"));
    // Reciprocal alternates, with x-default at the default language's version.
    for page in [&es_story, &f.out("stories/first/index.html")] {
        assert!(
            page.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/stories/first/\">"),
            "{page}"
        );
        assert!(
            page.contains("<link rel=\"alternate\" hreflang=\"es\" href=\"https://example.org/es/stories/first/\">")
        );
        assert!(
            page.contains(
                "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/stories/first/\">"
            )
        );
    }
    // The switcher goes to the translation, in the target language; without one, to its home.
    assert!(
        f.out("stories/first/index.html")
            .contains("<a href=\"/es/stories/first/\" hreflang=\"es\" lang=\"es\">Español</a>")
    );
    assert!(es_story.contains("<a href=\"/stories/first/\" hreflang=\"en\" lang=\"en\">English</a>"));
    assert!(
        f.out("stories/second/index.html")
            .contains("<a href=\"/es/\" hreflang=\"es\" lang=\"es\">Español</a>")
    );
    // Each language has its own listings, tags, feeds and search index.
    let es_stories = f.out("es/stories/index.html");
    assert!(es_stories.contains("Mi primera historia") && es_stories.contains("Solo en español"));
    assert!(
        !es_stories.contains("Second story"),
        "no English pages in Spanish listings"
    );
    assert!(f.out_exists("es/tags/recuperacion/index.html"));
    assert!(f.out_exists("es/tags/index.html"));
    assert!(f.out("es/tags/index.html").contains("<h1>Temas</h1>"));
    assert!(f.out_exists("es/atom.xml") && f.out_exists("es/stories/atom.xml"));
    assert!(f.out_exists("es/search/index.html") && f.out_exists("es/search/index.js"));
    assert!(
        !f.out("stories/index.html").contains("Mi primera historia"),
        "no Spanish pages in English listings"
    );
    // Crisis help in Spanish, from the Spanish settings.
    assert!(home.contains("Para español, oprima 2."));
    assert!(!home.contains("SAMHSA National Helpline"));
    // The sitemap lists both with alternates.
    let sitemap = f.out("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml"));
    assert!(sitemap.contains("<loc>https://example.org/es/stories/first/</loc>"));
    assert!(
        sitemap
            .contains("<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://example.org/es/stories/first/\"/>")
    );
    // Links between languages resolve.
    let about = f.out("es/about/index.html");
    assert!(
        about.contains("href=\"/es/guides/crisis/\"") && about.contains("href=\"/stories/first/\""),
        "{about}"
    );
    // One 404 page, robots.txt and _headers; the 404 page offers each language's home in that
    // language.
    assert!(!f.out_exists("es/404.html"));
    let not_found = f.out("404.html");
    assert!(
        not_found.contains("<a href=\"/es/\" hreflang=\"es\" lang=\"es\">Ir a la página de inicio (Español)</a>"),
        "{not_found}"
    );
}

#[test]
fn no_spanish_page_of_a_bilingual_site_has_english_interface_text() {
    let f = bilingual_site();
    f.build_ok();
    let pieces = english_pieces();
    let mut pages = 0;
    for (path, text) in f.all_output() {
        if !path.starts_with("es/") || !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        assert!(text.contains("<html lang=\"es\">"), "{path}");
        for piece in &pieces {
            assert!(!text.contains(piece.as_str()), "{path} has the English “{piece}”");
        }
    }
    assert!(pages >= 8, "{pages}");
}

#[test]
fn a_translation_needs_its_originals_consent_for_translation_and_leaves_with_it() {
    let f = bilingual_site();
    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Start\n\nI began."),
    );
    let report = f.build_ok();
    assert!(!f.out_exists("es/stories/first/index.html"));
    let ex = report
        .excluded
        .iter()
        .find(|e| e.path == "stories/first.es.md")
        .expect("listed as left out");
    assert!(ex.reason.contains("translation"), "{}", ex.reason);
    assert!(f.out_exists("stories/first/index.html"));

    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Start\n\nI began.")
            .replace("scope: [web]", "scope: [web, translation]\n  withdrawn: 2026-11-01"),
    );
    f.build_ok();
    assert!(!f.out_exists("stories/first/index.html"));
    assert!(
        !f.out_exists("es/stories/first/index.html"),
        "withdrawing the original removes its translation"
    );
    assert!(
        !f.all_output()
            .iter()
            .any(|(_, text)| text.contains("Mi primera historia")),
        "nowhere, not even in listings or search"
    );
}

#[test]
fn a_translation_with_its_own_consent_is_told_where_consent_lives() {
    let f = bilingual_site();
    f.write(
        "content/stories/first.es.md",
        &story("Mi primera historia", "", "Empecé."),
    );
    let errors = f.build_err();
    let text = render(&errors);
    assert!(
        text.contains("a translation takes its consent from the original story, content/stories/first.md"),
        "{text}"
    );
}

#[test]
fn the_demo_library_is_bilingual() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let mut o = trailhead::BuildOptions::new(root);
    o.output = Some(out.path().join("public"));
    o.today = Some(jiff::civil::date(2026, 11, 22));
    if let Err(e) = trailhead::build(&o) {
        panic!("{}", render(&e.diagnostics));
    }
    let public = out.path().join("public");
    let read = |rel: &str| std::fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    for rel in [
        "es/index.html",
        "es/about/index.html",
        "es/guides/crisis-lines/index.html",
        "es/guides/naloxone/index.html",
        "es/guides/find-a-support-group/index.html",
        "es/guides/first-peer-support-meeting/index.html",
        "es/guides/harm-reduction-basics/index.html",
        "es/stories/why-i-carry-naloxone/index.html",
        "es/stories/finding-people-who-get-it/index.html",
        "es/stories/when-panic-kept-me-home/index.html",
        "es/stories/la-familia-tambien-se-recupera/index.html",
        "es/tags/index.html",
        "es/search/index.html",
        "es/atom.xml",
        "es/search/index.js",
    ] {
        assert!(public.join(rel).exists(), "the demo lacks {rel}");
    }
    let pieces = english_pieces();
    let mut pages = 0;
    for e in walkdir::WalkDir::new(public.join("es"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "html") {
            continue;
        }
        pages += 1;
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains("<html lang=\"es\">"), "{}", path.display());
        for piece in &pieces {
            assert!(
                !text.contains(piece.as_str()),
                "{} has the English “{piece}”",
                path.display()
            );
        }
    }
    assert!(pages >= 30, "{pages} Spanish pages");
    // The story written in Spanish has no English version, so no alternates and a switcher to
    // the English home.
    let solo = read("es/stories/la-familia-tambien-se-recupera/index.html");
    assert!(!solo.contains("hreflang=\"x-default\""));
    assert!(
        solo.contains("<a href=\"/\" hreflang=\"en-US\" lang=\"en-US\">English</a>"),
        "{solo}"
    );
    // A translated guide and its original point at each other.
    let en = read("guides/naloxone/index.html");
    let es = read("es/guides/naloxone/index.html");
    assert!(en.contains("hreflang=\"es\" href=\"https://riverbend-peers.example.org/es/guides/naloxone/\""));
    assert!(es.contains("hreflang=\"en-US\" href=\"https://riverbend-peers.example.org/guides/naloxone/\""));
    assert!(read("es/index.html").contains("Para español, oprima 2"));
}

#[test]
fn contact_languages_are_named_in_the_readers_language() {
    let f = bilingual_site();
    let with_languages = |title: &str| {
        crate::common::guide(title, "", "Text.").replace(
            "    phone: \"1-800-662-4357\"\n",
            "    phone: \"1-800-662-4357\"\n    languages: [en, es, tl, xx]\n",
        )
    };
    f.write("content/guides/crisis.md", &with_languages("Crisis lines"));
    f.write(
        "content/guides/crisis.es.md",
        &with_languages("Líneas de crisis").replace("[housing]", "[crisis]"),
    );
    f.build_ok();
    assert!(
        f.out("guides/crisis/index.html")
            .contains("English, Spanish, Tagalog and xx")
    );
    assert!(
        f.out("es/guides/crisis/index.html")
            .contains("inglés, español, tagalo y xx")
    );
}

#[test]
fn a_translation_uses_its_originals_bundle_folder() {
    let f = crate::common::bilingual_site();
    f.write_bytes("content/guides/crisis/map.png", b"\x89PNG\r\n\x1a\n");
    f.write(
        "content/guides/crisis.md",
        &guide("Crisis lines", "", "## Call\n\n[The map](map.png)"),
    );
    f.write(
        "content/guides/crisis.es.md",
        &guide("Líneas de crisis", "", "## Llame\n\n[El mapa](map.png)").replace("[housing]", "[crisis]"),
    );
    f.build_ok();
    assert!(
        f.out("guides/crisis/index.html")
            .contains("<a href=\"/guides/crisis/map.png\">The map</a>")
    );
    // One copy of the file, shared: the Spanish page links to the original's.
    let es = f.out("es/guides/crisis/index.html");
    assert!(es.contains("<a href=\"/guides/crisis/map.png\">El mapa</a>"), "{es}");
    assert!(f.out_exists("guides/crisis/map.png"));
}
