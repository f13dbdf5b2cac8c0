//! `bench`: Trailhead's benchmark (see bench/README.md).
//!
//! - `bench generate --pages N --out DIR [--hugo DIR]` writes a deterministic synthetic
//!   peer-support library as a Trailhead site, and optionally the same pages as a Hugo site.
//! - `bench run [--pages 1000,10000] [--runs 3] [--out target/bench] [--hugo PATH]…` builds the
//!   release `trailhead`, generates (cached), times cold and warm builds of it, of each Hugo and
//!   Pagefind where installed, and prints a Markdown table.
//! - `bench profile-search SITE [RUNS] [full|index|tokenize]` times the search index build alone.
//!
//! Modules: [`rng`] (seeded PRNG), [`corpus`] (words and sentences), [`library`] (pages and the
//! Trailhead site), [`hugo`] (the Hugo site), [`measure`] (child processes, sizes), [`peers`]
//! (finding the binaries), [`run`], [`profile`].

mod corpus;
mod hugo;
mod library;
mod measure;
mod peers;
mod profile;
mod rng;
mod run;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use rayon::prelude::*;

/// Bumped whenever generated output changes, to invalidate cached libraries.
const GENERATOR_VERSION: u32 = 5;

#[derive(Parser)]
#[command(
    name = "bench",
    about = "Trailhead's benchmark: synthetic libraries, timed builds, peers"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write a synthetic library as a Trailhead site (and optionally a Hugo site).
    Generate {
        /// Number of stories and guides.
        #[arg(long, default_value_t = 1000)]
        pages: usize,
        /// Folder for the Trailhead site (must be empty or missing).
        #[arg(long)]
        out: PathBuf,
        /// Folder for the equivalent Hugo site.
        #[arg(long)]
        hugo: Option<PathBuf>,
        /// PRNG seed.
        #[arg(long, default_value_t = library::DEFAULT_SEED)]
        seed: u64,
    },
    /// Generate (cached), build and time Trailhead and its peers; print a Markdown table.
    Run {
        /// Library sizes, comma separated (e.g. 1000,10000,100000).
        #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
        pages: Vec<usize>,
        /// Repetitions of each timed build (medians are reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Work folder for libraries, outputs and logs.
        #[arg(long, default_value = "target/bench")]
        out: PathBuf,
        /// PRNG seed.
        #[arg(long, default_value_t = library::DEFAULT_SEED)]
        seed: u64,
        /// The trailhead binary to measure (default: build this workspace's release binary
        /// first, `cargo build --release -p trailhead`, and measure that).
        #[arg(long)]
        trailhead: Option<PathBuf>,
        /// A Hugo binary to compare with; repeat for several (default: `hugo` on PATH and
        /// `target/hugo-venv/bin/hugo`, whichever exist).
        #[arg(long = "hugo", value_name = "PATH")]
        hugos: Vec<PathBuf>,
        /// Skip Hugo even if installed.
        #[arg(long, conflicts_with = "hugos")]
        no_hugo: bool,
        /// Repetitions of the Pagefind indexing (slow: about 10 ms a page).
        #[arg(long, default_value_t = 1)]
        pagefind_runs: usize,
        /// Skip Pagefind even if installed.
        #[arg(long)]
        no_pagefind: bool,
        /// Do not try to drop the page cache before cold builds.
        #[arg(long)]
        no_drop_caches: bool,
    },
    /// Time the search index build of a library alone (the site is loaded once).
    ProfileSearch {
        /// The site's folder (e.g. target/bench/pages-10000/trailhead).
        site: PathBuf,
        /// Repetitions (the median CPU time and the best wall time are printed).
        #[arg(default_value_t = 5)]
        runs: usize,
        /// The step to time.
        #[arg(value_enum, default_value_t = profile::Step::Full)]
        step: profile::Step,
    },
}

/// Writes the Trailhead site (and the Hugo site) for `pages` pages. Pages are generated in
/// parallel; each comes from its own PRNG stream, so the result does not depend on scheduling.
pub(crate) fn generate(pages: usize, seed: u64, trailhead_dir: &Path, hugo_dir: Option<&Path>) -> anyhow::Result<()> {
    for d in std::iter::once(trailhead_dir).chain(hugo_dir) {
        if d.exists() && std::fs::read_dir(d)?.next().is_some() {
            anyhow::bail!("{} is not empty; choose an empty or new folder", d.display());
        }
    }
    let plans = library::plans(seed, pages);
    library::write_trailhead_site(trailhead_dir)?;
    if let Some(h) = hugo_dir {
        hugo::write_hugo_site(h)?;
    }
    plans
        .par_iter()
        .enumerate()
        .try_for_each(|(i, p)| -> std::io::Result<()> {
            let page = library::page(seed, i, &plans);
            let rel = p.path();
            library::write(
                &trailhead_dir.join("content").join(&rel),
                &library::trailhead_file(p, &page),
            )?;
            if let Some(h) = hugo_dir {
                library::write(&h.join("content").join(&rel), &hugo::hugo_file(p, &page))?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Makes sure `dir` holds the libraries of `pages` pages for `seed` (reusing them when its stamp
/// matches, regenerating otherwise).
pub(crate) fn ensure_generated(dir: &Path, pages: usize, seed: u64, with_hugo: bool) -> anyhow::Result<()> {
    let stamp = format!("generator {GENERATOR_VERSION}, seed {seed}, pages {pages}, hugo {with_hugo}\n");
    let stamp_file = dir.join("stamp");
    let reusable = std::fs::read_to_string(&stamp_file)
        .ok()
        .is_some_and(|s| s == stamp || (!with_hugo && s == stamp.replace("hugo false", "hugo true")));
    if reusable {
        eprintln!("  reusing the libraries in {}", dir.display());
        return Ok(());
    }
    eprintln!("  generating {pages} pages into {}", dir.display());
    let _ = std::fs::remove_file(&stamp_file);
    for sub in ["trailhead", "hugo", "out-trailhead", "pagefind"] {
        let _ = std::fs::remove_dir_all(dir.join(sub));
    }
    // Hugos' outputs: out-hugo-0.111.3, …
    for e in std::fs::read_dir(dir).into_iter().flatten().filter_map(Result::ok) {
        if e.file_name().to_string_lossy().starts_with("out-hugo") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
    let t = std::time::Instant::now();
    let hugo_dir = dir.join("hugo");
    generate(
        pages,
        seed,
        &dir.join("trailhead"),
        with_hugo.then_some(hugo_dir.as_path()),
    )?;
    eprintln!("  generated in {}", measure::fmt_dur(t.elapsed()));
    std::fs::write(&stamp_file, stamp)?;
    Ok(())
}

/// `bench run`: finds (or builds) the binaries, then runs the benchmark. `opts.trailhead` is
/// empty when it is to be built, `opts.hugos` and `opts.pagefind` are filled in here.
fn run_command(mut opts: run::RunOptions, hugos: &[PathBuf]) -> anyhow::Result<()> {
    if opts.trailhead.as_os_str().is_empty() {
        opts.trailhead = peers::build_trailhead()?;
    }
    anyhow::ensure!(opts.trailhead.is_file(), "{} not found", opts.trailhead.display());
    eprintln!(
        "trailhead: {} ({})",
        opts.trailhead.display(),
        peers::version(&opts.trailhead, "--version")
    );
    if !opts.skipped.contains(&"hugo") {
        opts.hugos = peers::find_hugos(hugos)?;
        if opts.hugos.is_empty() {
            eprintln!("hugo: not installed (apt-get install hugo; the PyPI release: see bench/README.md)");
        }
    }
    if !opts.skipped.contains(&"pagefind") {
        opts.pagefind = peers::find_pagefind();
        match &opts.pagefind {
            Some(p) => eprintln!("pagefind: {}", peers::version(p, "--version")),
            None => eprintln!("pagefind: not installed (cd bench && npm i)"),
        }
    }
    run::run(&opts).context("the benchmark failed")
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Cmd::Generate { pages, out, hugo, seed } => generate(pages, seed, &out, hugo.as_deref()).map(|()| {
            println!(
                "Wrote {pages} pages to {}{}.",
                out.display(),
                match &hugo {
                    Some(h) => format!(" and the Hugo site to {}", h.display()),
                    None => String::new(),
                }
            );
        }),
        Cmd::Run {
            pages,
            runs,
            out,
            seed,
            trailhead,
            hugos,
            no_hugo,
            pagefind_runs,
            no_pagefind,
            no_drop_caches,
        } => run_command(
            run::RunOptions {
                scales: pages,
                runs: runs.max(1),
                out,
                seed,
                trailhead: trailhead.unwrap_or_default(),
                hugos: Vec::new(),
                pagefind: None,
                pagefind_runs: pagefind_runs.max(1),
                drop_caches: !no_drop_caches,
                skipped: [("hugo", no_hugo), ("pagefind", no_pagefind)]
                    .into_iter()
                    .filter_map(|(name, skip)| skip.then_some(name))
                    .collect(),
            },
            &hugos,
        ),
        Cmd::ProfileSearch { site, runs, step } => profile::profile_search(&site, runs, step),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_generated_library_builds_without_errors_or_warnings() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        generate(50, library::DEFAULT_SEED, &site, Some(&tmp.path().join("hugo"))).unwrap();
        let mut opts = trailhead::BuildOptions::new(&site);
        opts.output = Some(tmp.path().join("out"));
        opts.today = Some(library::TODAY.parse().unwrap());
        let report = match trailhead::build(&opts) {
            Ok(r) => r,
            Err(f) => panic!("{}", f.diagnostics.iter().map(ToString::to_string).collect::<String>()),
        };
        assert_eq!(report.pages, 52, "50 pages, about.md and staying-safer-online.md");
        let warnings: String = report.warnings.iter().map(ToString::to_string).collect();
        assert!(report.warnings.is_empty(), "{warnings}");
        assert!(report.terms >= 20, "{} tags", report.terms);
    }

    #[test]
    fn generation_is_deterministic() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        generate(40, 7, &a, Some(&tmp.path().join("ha"))).unwrap();
        generate(40, 7, &b, Some(&tmp.path().join("hb"))).unwrap();
        assert_eq!(files(&a), files(&b));
        assert_eq!(files(&tmp.path().join("ha")), files(&tmp.path().join("hb")));
        let c = tmp.path().join("c");
        generate(40, 8, &c, None).unwrap();
        assert_ne!(files(&a), files(&c), "another seed gives another library");
    }

    #[test]
    fn pages_match_the_brief() {
        let plans = library::plans(library::DEFAULT_SEED, 2000);
        let stories = plans.iter().filter(|p| p.kind == library::Kind::Story).count();
        assert!((1100..1300).contains(&stories), "{stories} stories of 2000");
        assert!(plans.iter().all(|p| (2..=5).contains(&p.tags.len())));
        let used: std::collections::BTreeSet<_> = plans.iter().flat_map(|p| p.tags.clone()).collect();
        assert!(used.len() >= 55, "{} tags used", used.len());
        for i in [0, 1, 999] {
            let page = library::page(library::DEFAULT_SEED, i, &plans);
            let words = corpus::words(&page.body);
            assert!((600..1500).contains(&words), "page {i}: {words} words");
        }
    }

    #[test]
    fn hugo_links_are_addresses() {
        let body = "See [a](@/guides/x-1.md#what-it-is), [b](../stories/y-2.md), [c](z-3.md) and [d](https://e.org).";
        assert_eq!(
            hugo::hugo_links(body, "stories"),
            "See [a](/guides/x-1/#what-it-is), [b](/stories/y-2/), [c](/stories/z-3/) and [d](https://e.org)."
        );
    }
}
