//! `trailhead new DIR`: a small working site with the default theme, ready to build, and a
//! GitHub Actions workflow that checks, builds and publishes it on every push and every day
//! (docs/deploy.md).

pub(crate) mod entry;

use std::path::Path;

pub use entry::{EntryKind, create_entry};

use crate::diagnostics::Diagnostic;

/// The default theme, embedded so `trailhead new` works from anywhere.
pub const DEFAULT_THEME: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

const CONFIG: &str = r#"# Settings for your site. Every key is explained in Trailhead's docs/configuration.md.
title = "Our peer support library"
base_url = "https://example.org"
language = "en-US"
description = "Recovery stories and practical guides from our peer support community."
theme = "default"
paginate_by = 10
taxonomies = ["tags"]

[crisis]
last_verified = "{today}"

[quick_exit]
url = "https://www.bbc.co.uk/weather"
"#;

const HOME: &str =
    "---\ntitle: Welcome\n---\n\nThis is your library's home page. Edit `content/_index.md` to change this text.\n";

const ABOUT: &str = "---\ntitle: About us\nsummary: Who we are and how we work.\n---\n\n## Who we are\n\nWe are a peer-run organization. Write a few sentences here about your group, where you are and how people can reach you.\n";

const SAFETY: &str = "---\ntitle: Exit this page and staying safer online\nsummary: How the quick exit button works, and other ways to keep your browsing more private.\n---\n\n## The \"Exit this page\" button\n\nEvery page has an **Exit this page** button at the top. It opens a weather website. The Back button can still return to this page.\n\n## What it cannot do\n\nLeaving this page does not erase your browsing history. Someone who looks at your history can still see that you visited this site.\n\n## Browsing more privately\n\n- Use a private window (\"Incognito\" or \"Private Browsing\"). Pages you visit there are not saved in your history.\n- On a shared computer, close the browser when you are done and sign out of any accounts.\n";

const STORIES: &str = "---\ntitle: Recovery stories\ntype: story\nsummary: Experiences of recovery, shared with permission.\n---\n\nEvery story here is shared with the storyteller's permission. Names are changed.\n";

const STORY: &str = "---\ntitle: \"A first story\"\ndate: {today}\nsummary: \"A short example story. Replace it with a real one once you have the storyteller's consent.\"\ntags: [recovery, peer support]\nauthor_display: Anonymous\ncontent_notes: []\nconsent:\n  date: {today}\n  scope: [web]\n  final_text_approved: true\n  record_id: EXAMPLE-001\n---\n\nThis is where a storyteller's words go. Keep their voice; fix only what they agree to.\n\n## What helped\n\nTalking with someone who had been there too.\n";

const GUIDES: &str = "---\ntitle: Resource guides\ntype: guide\nsummary: Practical guides to getting support.\n---\n\nContact details are checked regularly, but they can change.\n";

const GUIDE: &str = "---\ntitle: \"How to reach a crisis line\"\ndate: {today}\nsummary: \"Who to call or text when things feel like too much.\"\ntags: [crisis support]\nlast_reviewed: {today}\ncontacts:\n  - name: 988 Suicide & Crisis Lifeline\n    phone: \"988\"\n    text: \"988\"\n    url: https://988lifeline.org\n    hours: \"24/7\"\n    languages: [en, es]\n---\n\n## When to reach out\n\nYou do not need to be in danger to call. You can call if you feel overwhelmed, or if you are worried about someone else.\n";

/// Everything the build writes beside the site's files. None of it belongs in version control:
/// an old copy can hold a story whose consent has since ended.
pub const GITIGNORE: &str = "# Written by `trailhead build`. Never commit these folders: an old copy can hold a\n# story whose consent has since been withdrawn or has expired.\n/public/\n/.public.trailhead-*/\n/portable/\n/.portable.trailhead-*/\n";

/// `.github/workflows/site.yml`: on every push, every day and on request, checks the site,
/// warns about consent that ends within 60 days, builds it and publishes `public/` on GitHub
/// Pages. The daily run is what takes a story off the site when its consent ends on a day
/// nobody edits anything. docs/deploy.md describes the same steps.
pub const WORKFLOW: &str = r#"# Builds this site and publishes it on GitHub Pages: on every push, once a day and on request.
#
# Keep this repository PRIVATE. Everything in it can be read by anyone when it is public: draft
# stories, stories that were withdrawn or have expired, and each story's consent record ids.
# This workflow publishes only the built website (the public/ folder), never the source.
# Publishing from a private repository needs a GitHub plan that allows it; Trailhead's
# docs/deploy.md explains this and the other ways to publish.
#
# Before the first run: set TRAILHEAD_GIT and TRAILHEAD_TAG below, and in the repository's
# Settings > Pages choose "GitHub Actions" as the source.
name: Build and publish the site

on:
  push:
    branches: [main] # the branch the site is published from
  schedule:
    # Every day at 04:17 (UTC), even when nobody changed anything: a story whose consent has
    # ended is taken off the site, and guides past their review date are marked as such.
    - cron: "17 4 * * *"
  workflow_dispatch: # a "Run workflow" button on the Actions tab

# What the job may do: read this repository and publish to GitHub Pages, nothing else.
permissions:
  contents: read
  pages: write
  id-token: write

# One publication at a time; a newer one waits instead of being cancelled halfway.
concurrency:
  group: pages
  cancel-in-progress: false

env:
  # Where your Trailhead comes from: the Git address of its source and the release to use
  # (ask whoever set Trailhead up for you). Do not use `cargo install trailhead`: on
  # crates.io that name belongs to a different program.
  TRAILHEAD_GIT: ""
  TRAILHEAD_TAG: ""

jobs:
  site:
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Get the site's files
        uses: actions/checkout@v5

      - name: Install Rust, the language Trailhead is written in
        uses: dtolnay/rust-toolchain@stable

      - name: Install Trailhead
        run: |
          if [ -z "$TRAILHEAD_GIT" ] || [ -z "$TRAILHEAD_TAG" ]; then
            echo "::error::Set TRAILHEAD_GIT and TRAILHEAD_TAG near the top of .github/workflows/site.yml."
            exit 1
          fi
          cargo install --locked --git "$TRAILHEAD_GIT" --tag "$TRAILHEAD_TAG" trailhead

      # Stops here when the site has a problem to fix (the log names the file and line).
      # Nothing is published then, and the website stays as it was.
      - name: Check the site
        run: trailhead check

      # Lists every story's consent. When some consent ends within 60 days, the command exits
      # with code 3 and this step is marked failed, but the job goes on: it is a reminder to
      # ask the storyteller whether to renew, not a problem with the site.
      - name: Warn about consent that ends within 60 days
        run: trailhead consent --within 60
        continue-on-error: true

      # Writes the website into public/, leaving out stories whose consent has ended.
      - name: Build the site
        run: trailhead build

      # Publishes public/, and only public/, on GitHub Pages.
      - name: Package the website
        uses: actions/upload-pages-artifact@v5
        with:
          path: public
      - name: Publish on GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v5
"#;

/// Creates a new site in `dir`, which must be missing or empty: the settings, a home page,
/// an about page, a story, a guide, the default theme, a `.gitignore` for the build's output
/// and the workflow [`WORKFLOW`] that publishes the site.
pub fn create(dir: &Path) -> Result<(), Diagnostic> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !dir.is_dir() || !empty {
            return Err(
                Diagnostic::error(format!("{} already exists and is not empty", dir.display()))
                    .hint("choose a new folder name, e.g. `trailhead new my-library`"),
            );
        }
    }
    let today = crate::pipeline::today().to_string();
    let mut files: Vec<(String, String)> = vec![
        ("trailhead.toml".into(), CONFIG.replace("{today}", &today)),
        ("content/_index.md".into(), HOME.into()),
        ("content/about.md".into(), ABOUT.into()),
        ("content/staying-safer-online.md".into(), SAFETY.into()),
        ("content/stories/_index.md".into(), STORIES.into()),
        (
            "content/stories/a-first-story.md".into(),
            STORY.replace("{today}", &today),
        ),
        ("content/guides/_index.md".into(), GUIDES.into()),
        (
            "content/guides/reach-a-crisis-line.md".into(),
            GUIDE.replace("{today}", &today),
        ),
        ("static/.gitkeep".into(), String::new()),
        (".gitignore".into(), GITIGNORE.into()),
        (".github/workflows/site.yml".into(), WORKFLOW.into()),
    ];
    for (path, text) in DEFAULT_THEME {
        files.push((format!("themes/default/{path}"), (*text).to_owned()));
    }
    for (rel, text) in files {
        let path = dir.join(&rel);
        let res = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, text));
        if let Err(e) = res {
            return Err(Diagnostic::error(format!("cannot write {}: {e}", path.display()))
                .hint("check that you may write to that folder"));
        }
    }
    Ok(())
}
