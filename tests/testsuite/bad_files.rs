//! Bad files and bad settings: what the file system can hand Trailhead (pipes, links to nothing
//! or in circles, huge files) and settings that cannot work. Each is a located, plain-words
//! diagnostic, and a failed build leaves the previous output as it was.

use crate::bad_input::assert_fails;
use crate::common::{CONFIG, Fixture};

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_waiting_for_it() {
    assert_fails(
        "A named pipe among the pages",
        |f| {
            let path = f.root().join("content/stories/pipe.md");
            let made = std::process::Command::new("mkfifo").arg(&path).status().unwrap();
            assert!(made.success());
        },
        "content/stories/pipe.md",
        0,
        "not an ordinary file",
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_folder_is_refused_so_it_cannot_loop() {
    assert_fails(
        "A link to a folder (a loop)",
        |f| std::os::unix::fs::symlink("..", f.root().join("content/stories/loop")).unwrap(),
        "content/stories/loop",
        0,
        "Trailhead does not follow links to folders",
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_nothing_names_its_target() {
    assert_fails(
        "A link to a file that does not exist",
        |f| std::os::unix::fs::symlink("../drafts/gone.md", f.root().join("content/stories/gone.md")).unwrap(),
        "content/stories/gone.md",
        0,
        "a link to `../drafts/gone.md`, which does not exist",
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_in_static_is_refused_too() {
    assert_fails(
        "A named pipe in static/",
        |f| {
            std::fs::create_dir_all(f.root().join("static")).unwrap();
            let made = std::process::Command::new("mkfifo")
                .arg(f.root().join("static/feed"))
                .status()
                .unwrap();
            assert!(made.success());
        },
        "static/feed",
        0,
        "not an ordinary file",
    );
}

#[test]
fn a_page_of_many_megabytes_is_refused_unread() {
    assert_fails(
        "A page of more than 4 MB",
        |f| {
            let mut text = String::from("---\ntitle: Log\n---\n");
            text.push_str(&"a line of a log someone saved as Markdown\n".repeat(110_000));
            f.write("content/log.md", &text);
        },
        "content/log.md",
        0,
        "this page is 4.4 MB, more than the 4.0 MB a page may be",
    );
}

#[test]
fn a_huge_file_to_copy_is_a_warning_about_slow_phones() {
    let f = Fixture::new();
    let big = vec![0u8; 51 * 1024 * 1024];
    f.write_bytes("content/guides/video.mp4", &big);
    let report = f.build_ok();
    let w = report
        .warnings
        .iter()
        .find(|w| w.message.contains("slow phone connection"))
        .expect("a warning");
    assert_eq!(
        w.message,
        "this file is 51.0 MB: a reader on a slow phone connection may never finish loading it"
    );
    crate::bad_input_table::check_row("A file of more than 50 MB to copy", w, "builds (a warning)");
    assert!(f.out_exists("guides/video.mp4"));
}

#[test]
fn a_base_url_without_a_scheme() {
    assert_fails(
        "A base_url without http:// or https://",
        |f| {
            f.write("trailhead.toml", &CONFIG.replace("https://example.org", "example.org"));
        },
        "trailhead.toml",
        2,
        "must start with http:// or https://",
    );
}

#[test]
fn a_crisis_number_that_cannot_be_dialled() {
    assert_fails(
        "A crisis number that cannot be dialled",
        |f| {
            f.write(
                "trailhead.toml",
                &format!("{CONFIG}\n[[crisis.lines]]\nname = \"Local line\"\nphone = \"555-01\"\n"),
            );
        },
        "trailhead.toml",
        12,
        "the line \"Local line\" has a phone number that is not valid",
    );
}

#[test]
fn support_lines_for_a_note_the_site_lacks() {
    assert_fails(
        "Support lines for a content note the site does not have",
        |f| {
            f.write(
                "trailhead.toml",
                &format!("{CONFIG}\n[[crisis.support.self_harm]]\nname = \"X\"\nphone = \"988\"\n"),
            );
        },
        "trailhead.toml",
        10,
        "\"self_harm\", which is not a content note",
    );
}

#[test]
fn a_review_period_that_is_not_a_period() {
    assert_fails(
        "A review period that is not a length of time",
        |f| {
            f.write("trailhead.toml", &format!("review_every = \"yearly\"\n{CONFIG}"));
        },
        "trailhead.toml",
        1,
        "is not a period of time",
    );
}

#[test]
fn a_language_that_is_not_a_language_tag() {
    assert_fails(
        "Another language named by a word, not a code",
        |f| {
            f.write(
                "trailhead.toml",
                &format!("{CONFIG}\n[languages.spanish]\ntitle = \"x\"\n"),
            );
        },
        "trailhead.toml",
        10,
        "\"spanish\" is not a BCP 47 language tag",
    );
}

#[test]
fn front_matter_that_never_closes() {
    assert_fails(
        "Front matter that is never closed",
        |f| {
            f.write("content/about.md", "---\ntitle: About\n\nWho we are.\n");
        },
        "content/about.md",
        1,
        "",
    );
}

#[test]
fn an_index_md_written_as_in_zola_or_hugo_is_a_warning_with_the_way_to_do_it() {
    let f = Fixture::new();
    f.write(
        "content/guides/forms/index.md",
        "---\ntitle: Forms\nlast_reviewed: 2026-10-01\ncontacts: []\n---\nText.\n",
    );
    let report = f.build_ok();
    let w = report
        .warnings
        .iter()
        .find(|w| w.message.contains("`index.md`"))
        .expect("a warning");
    assert_eq!(
        w.file.as_deref(),
        Some(std::path::Path::new("content/guides/forms/index.md"))
    );
    assert!(
        w.hint
            .as_deref()
            .unwrap()
            .contains("content/guides/forms.md beside the folder content/guides/forms/")
    );
    crate::bad_input_table::check_row(
        "A page bundle written as folder/index.md (Zola, Hugo)",
        w,
        "builds (a warning)",
    );
}

#[test]
fn an_invisible_control_character_in_a_page() {
    // Found by fuzzing: a NUL went through to the page, where HTML forbids it.
    let e = assert_fails(
        "An invisible control character (NUL) in a page",
        |f| {
            f.write("content/about.md", "---\ntitle: About\n---\n\nWho\0 we are.\u{7}\n");
        },
        "content/about.md",
        5,
        "invisible control character (U+0000)",
    );
    assert_eq!(e[0].col, 4);
    assert!(e[0].message.ends_with("(and 1 more after it)"), "{}", e[0]);
}
