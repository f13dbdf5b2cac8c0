//! `bench run`: for each scale, generate (cached) the Trailhead and Hugo libraries, time cold and
//! warm builds of both, index Trailhead's output with Pagefind, and print a Markdown table.
//!
//! Layout of the work folder (default `target/bench`), per scale:
//!
//! ```text
//! pages-10000/stamp            seed, pages and generator version of the cached libraries
//! pages-10000/trailhead/       the Trailhead site          pages-10000/hugo/      the Hugo site
//! pages-10000/out-trailhead/   Trailhead's output
//! pages-10000/out-hugo-0.111.3/   the output of each Hugo measured, by version
//! pages-10000/pagefind/        Pagefind's index of out-trailhead
//! pages-10000/logs/            stdout+stderr of the last run of each tool
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use trailhead::bench_api::Preview;

use super::library::TODAY;
use super::measure::{self, Sample, fmt_bytes, fmt_dur, fmt_rss, median, thousands};
use super::peers::Hugo;

/// What `bench run` was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct RunOptions {
    /// Library sizes.
    pub(crate) scales: Vec<usize>,
    /// Repetitions of each timed build.
    pub(crate) runs: usize,
    /// Work folder.
    pub(crate) out: PathBuf,
    /// Generator seed.
    pub(crate) seed: u64,
    /// The `trailhead` binary to measure.
    pub(crate) trailhead: PathBuf,
    /// The Hugos to compare with (none when not found or disabled).
    pub(crate) hugos: Vec<Hugo>,
    /// `pagefind`, when found and not disabled.
    pub(crate) pagefind: Option<PathBuf>,
    /// Repetitions of the Pagefind indexing.
    pub(crate) pagefind_runs: usize,
    /// Drop the page cache before cold builds (when permitted).
    pub(crate) drop_caches: bool,
    /// Peers left out on request (`--no-hugo`, `--no-pagefind`), for the table's wording.
    pub(crate) skipped: Vec<&'static str>,
}

/// Timings of one tool at one scale.
#[derive(Debug, Default, Clone)]
struct Timed {
    cold: Vec<Sample>,
    warm: Vec<Sample>,
    /// Trailhead's own split of each cold build, from its summary: (search index, the rest).
    split: Vec<(Duration, Duration)>,
    files: u64,
    bytes: u64,
}

impl Timed {
    fn cold_median(&self) -> Option<Duration> {
        (!self.cold.is_empty()).then(|| median(&self.cold.iter().map(|s| s.wall).collect::<Vec<_>>()))
    }
    fn warm_median(&self) -> Option<Duration> {
        (!self.warm.is_empty()).then(|| median(&self.warm.iter().map(|s| s.wall).collect::<Vec<_>>()))
    }
    fn peak_rss(&self) -> Option<u64> {
        self.cold.iter().chain(&self.warm).map(|s| s.max_rss_kib).max()
    }
}

/// Everything measured at one scale.
#[derive(Debug, Default)]
struct Scale {
    pages: usize,
    trailhead: Timed,
    search: Option<(u64, u64)>,
    serve_edit: Option<Duration>,
    /// One per Hugo of [`RunOptions::hugos`], in the same order.
    hugos: Vec<Timed>,
    pagefind: Option<(Vec<Sample>, u64, u64)>,
}

/// One-story edit through the serve machinery: the site is built in memory by the same
/// [`Preview`] that `trailhead serve` uses, then one story file is rewritten `runs` times
/// (a sentence appended, so its word count and summary change too) and each time the clock runs
/// from just before the write until the preview holds the rebuilt page. Median of the runs.
/// The watcher's quiet period (12 ms) and the browser come on top: `bench/serve-latency.mjs`
/// measures save-to-screen in Chromium.
pub(crate) fn serve_edit(_trailhead: &Path, site: &Path, runs: usize) -> Option<Duration> {
    let mut opts = trailhead::BuildOptions::new(site);
    opts.today = TODAY.parse().ok();
    let mut preview = Preview::new(opts);
    if !preview.full_rebuild() {
        return None;
    }
    let stories = site.join("content/stories");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&stories)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    names.sort();
    let file = names.get(names.len() / 2)?.clone();
    let original = std::fs::read_to_string(&file).ok()?;
    let key = format!("stories/{}/index.html", file.file_stem()?.to_string_lossy());
    let mut times = Vec::with_capacity(runs.max(1) * 10);
    for i in 0..runs.max(1) * 10 {
        let marker = format!("Benchmark sentence number {i}.");
        let start = std::time::Instant::now();
        std::fs::write(&file, format!("{}\n\n{marker}\n", original.trim_end())).ok()?;
        let ok = preview.apply(std::slice::from_ref(&file));
        let elapsed = start.elapsed();
        let ready = preview
            .file(&key)
            .is_some_and(|b| String::from_utf8_lossy(b).contains(&marker));
        if !ok || !ready {
            let _ = std::fs::write(&file, &original);
            return None;
        }
        // The search index is refreshed after the page is served; it is not timed here.
        times.push(elapsed);
    }
    let _ = std::fs::write(&file, &original);
    times.sort();
    Some(times[times.len() / 2])
}

fn trailhead_cmd(opts: &RunOptions, site: &Path, out: &Path) -> Command {
    let mut c = Command::new(&opts.trailhead);
    c.arg("build").arg("--root").arg(site).arg("--output").arg(out);
    c.env("TRAILHEAD_TODAY", TODAY);
    c
}

fn hugo_cmd(hugo: &Path, site: &Path, out: &Path) -> Command {
    let mut c = Command::new(hugo);
    c.arg("--quiet").arg("-s").arg(site).arg("-d").arg(out);
    c
}

/// A build to time: its name, output folder, log file and command for an output folder.
struct Tool<'a> {
    name: String,
    out: PathBuf,
    log: PathBuf,
    make: Box<dyn Fn(&Path) -> Command + 'a>,
}

/// Times `runs` cold builds (fresh output folder, page cache dropped when possible), then `runs`
/// warm rebuilds (output and file cache from the previous build, after an untimed `sync`) of
/// each tool. The tools take
/// turns run by run, so load from other processes on a shared machine hits them alike.
fn time_builds(opts: &RunOptions, tools: &[Tool<'_>]) -> anyhow::Result<Vec<Timed>> {
    let mut timed = vec![Timed::default(); tools.len()];
    for kind in ["cold", "warm"] {
        for r in 0..opts.runs {
            for (tool, t) in tools.iter().zip(&mut timed) {
                if kind == "cold" {
                    let _ = std::fs::remove_dir_all(&tool.out);
                    if opts.drop_caches {
                        measure::drop_caches();
                    }
                } else {
                    // Untimed: let the previous build's output reach the disk first. Without it,
                    // deleting or overwriting that output waits for its writeback, and the
                    // timing depends on how long ago the previous build ran.
                    measure::sync();
                }
                let s = measure::run(&mut (tool.make)(&tool.out), &tool.log)?;
                if !s.ok() {
                    anyhow::bail!("{} failed ({}); see {}", tool.name, s.status, tool.log.display());
                }
                eprintln!(
                    "  {} {kind} {}/{}: {}, peak RSS {}",
                    tool.name,
                    r + 1,
                    opts.runs,
                    fmt_dur(s.wall),
                    fmt_rss(s.max_rss_kib)
                );
                if kind == "cold" {
                    if let Some(split) = search_split(&tool.log) {
                        t.split.push(split);
                    }
                    t.cold.push(s);
                } else {
                    t.warm.push(s);
                }
            }
        }
    }
    for (tool, t) in tools.iter().zip(&mut timed) {
        (t.files, t.bytes) = measure::tree_size(&tool.out);
    }
    Ok(timed)
}

/// The search index's build time and the rest of the build's, from a Trailhead build's
/// summary ("… in 2719 ms." and "Search index: … built in 900 ms.").
fn search_split(log: &Path) -> Option<(Duration, Duration)> {
    let text = std::fs::read_to_string(log).ok()?;
    let ms_before = |line: &str, tail: &str| -> Option<u64> {
        let head = line.strip_suffix(tail)?;
        head.rsplit(' ').next()?.parse().ok()
    };
    let total = text.lines().find(|l| l.starts_with("Built "))?;
    let total = ms_before(total, " ms.")?;
    let search = text.lines().find(|l| l.starts_with("Search index:"))?;
    let search = ms_before(search, " ms.")?;
    Some((
        Duration::from_millis(search),
        Duration::from_millis(total.saturating_sub(search)),
    ))
}

/// Runs the whole benchmark and prints the table.
pub(crate) fn run(opts: &RunOptions) -> anyhow::Result<()> {
    let can_drop = opts.drop_caches && measure::drop_caches();
    eprintln!(
        "cold builds: {}",
        if can_drop {
            "page cache dropped (sync; echo 3 > /proc/sys/vm/drop_caches) and a fresh output folder"
        } else {
            "fresh output folder (the page cache could not be dropped: not root?)"
        }
    );
    // Absolute, because Hugo resolves `-d` against its `-s` folder.
    std::fs::create_dir_all(&opts.out)?;
    let opts = &RunOptions {
        drop_caches: can_drop,
        out: std::fs::canonicalize(&opts.out)?,
        ..opts.clone()
    };
    let mut results = Vec::new();
    for &pages in &opts.scales {
        eprintln!("== {} pages", thousands(pages as u64));
        let dir = opts.out.join(format!("pages-{pages}"));
        let logs = dir.join("logs");
        super::ensure_generated(&dir, pages, opts.seed, !opts.hugos.is_empty())?;
        std::fs::create_dir_all(&logs)?;
        let site = dir.join("trailhead");
        let out = dir.join("out-trailhead");
        let mut s = Scale {
            pages,
            ..Scale::default()
        };
        let hsite = dir.join("hugo");
        let mut tools = vec![Tool {
            name: "trailhead".to_owned(),
            out: out.clone(),
            log: logs.join("trailhead.log"),
            make: Box::new(|o: &Path| trailhead_cmd(opts, &site, o)),
        }];
        for hugo in &opts.hugos {
            tools.push(Tool {
                name: format!("hugo {}", hugo.version),
                out: dir.join(format!("out-hugo-{}", hugo.version)),
                log: logs.join(format!("hugo-{}.log", hugo.version)),
                make: Box::new(|o: &Path| hugo_cmd(&hugo.path, &hsite, o)),
            });
        }
        let mut timed = time_builds(opts, &tools)?.into_iter();
        s.trailhead = timed.next().unwrap_or_default();
        s.hugos = timed.collect();
        let log = std::fs::read_to_string(logs.join("trailhead.log")).unwrap_or_default();
        if let Some(line) = log.lines().find(|l| l.starts_with("Built ")) {
            eprintln!("  {line}");
            if !line.contains(" 0 warnings") {
                eprintln!(
                    "  note: the build reported warnings; see {}",
                    logs.join("trailhead.log").display()
                );
            }
        }
        s.search = measure::search_index_size(&out);
        s.serve_edit = serve_edit(&opts.trailhead, &site, opts.runs);
        if let Some(pf) = &opts.pagefind {
            let idx = dir.join("pagefind");
            let mut samples = Vec::new();
            for r in 0..opts.pagefind_runs {
                let _ = std::fs::remove_dir_all(&idx);
                let mut c = Command::new(pf);
                c.arg("--site").arg(&out).arg("--output-path").arg(&idx);
                let sm = measure::run(&mut c, &logs.join("pagefind.log"))?;
                if !sm.ok() {
                    anyhow::bail!("pagefind failed; see {}", logs.join("pagefind.log").display());
                }
                eprintln!("  pagefind {}/{}: {}", r + 1, opts.pagefind_runs, fmt_dur(sm.wall));
                samples.push(sm);
            }
            let (files, bytes) = measure::tree_size(&idx);
            s.pagefind = Some((samples, files, bytes));
        }
        results.push(s);
    }
    println!("{}", table(opts, &results));
    Ok(())
}

/// The results as a Markdown table: one row per measure, one column per scale.
fn table(opts: &RunOptions, results: &[Scale]) -> String {
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut row = |name: &str, f: &dyn Fn(&Scale) -> String| {
        rows.push((name.to_owned(), results.iter().map(f).collect()));
    };
    let na = |s: &str| s.to_owned();
    let d = |x: Option<Duration>| x.map_or_else(|| "n/a".to_owned(), fmt_dur);
    let cold_label = if opts.drop_caches {
        "Trailhead cold full build (caches dropped, fresh output)"
    } else {
        "Trailhead cold full build (cold = fresh output dir)"
    };
    row(cold_label, &|s| d(s.trailhead.cold_median()));
    row("Trailhead warm rebuild", &|s| d(s.trailhead.warm_median()));
    row("One-story edit through serve", &|s| match s.serve_edit {
        Some(t) => fmt_dur(t),
        None => na("n/a (the preview failed)"),
    });
    row("Trailhead peak RSS", &|s| {
        s.trailhead.peak_rss().map_or(na("n/a"), fmt_rss)
    });
    row("Trailhead peak RSS per 1,000 pages", &|s| {
        s.trailhead
            .peak_rss()
            .map_or(na("n/a"), |k| fmt_rss(k * 1000 / s.pages.max(1) as u64))
    });
    row("Trailhead output", &|s| {
        format!(
            "{} files, {}",
            thousands(s.trailhead.files),
            fmt_bytes(s.trailhead.bytes)
        )
    });
    row(
        "Trailhead search index build, cold (median; share of the rest of the build, target < 25%)",
        &|s| {
            let split = &s.trailhead.split;
            if split.is_empty() {
                return na("n/a");
            }
            let index = median(&split.iter().map(|x| x.0).collect::<Vec<_>>());
            let mut shares: Vec<f64> = split
                .iter()
                .map(|(i, r)| i.as_secs_f64() / r.as_secs_f64().max(1e-9))
                .collect();
            shares.sort_by(f64::total_cmp);
            format!("{} ({:.0}%)", fmt_dur(index), 100.0 * shares[shares.len() / 2])
        },
    );
    row("Trailhead search index", &|s| match s.search {
        Some((f, b)) => format!("{} files, {}", thousands(f), fmt_bytes(b)),
        None => na("n/a (no search index yet)"),
    });
    let missing = |what: &str| {
        if opts.skipped.contains(&what) {
            format!("n/a (skipped with --no-{what})")
        } else {
            format!("n/a ({what} not installed)")
        }
    };
    if opts.hugos.is_empty() {
        for name in [
            "Hugo cold full build",
            "Hugo warm rebuild",
            "Ratio Trailhead / Hugo, cold",
        ] {
            row(name, &|_| missing("hugo"));
        }
    }
    // Trailhead's median over this Hugo's, cold or warm.
    let ratio = |s: &Scale, h: usize, pick: fn(&Timed) -> Option<Duration>, bold: bool| match (
        pick(&s.trailhead),
        s.hugos.get(h).and_then(pick),
    ) {
        (Some(t), Some(hd)) if !hd.is_zero() => {
            let r = t.as_secs_f64() / hd.as_secs_f64();
            if bold { format!("**{r:.2}**") } else { format!("{r:.2}") }
        }
        _ => na("n/a"),
    };
    for (h, hugo) in opts.hugos.iter().enumerate() {
        let label = hugo.label();
        row(&format!("{label} cold full build"), &|s| {
            d(s.hugos.get(h).and_then(Timed::cold_median))
        });
        row(&format!("{label} warm rebuild"), &|s| {
            d(s.hugos.get(h).and_then(Timed::warm_median))
        });
        row(&format!("{label} peak RSS"), &|s| {
            s.hugos.get(h).and_then(Timed::peak_rss).map_or(na("n/a"), fmt_rss)
        });
        row(&format!("{label} output"), &|s| match s.hugos.get(h) {
            Some(t) => format!("{} files, {}", thousands(t.files), fmt_bytes(t.bytes)),
            None => na("n/a"),
        });
    }
    for (h, hugo) in opts.hugos.iter().enumerate() {
        let label = hugo.label();
        row(&format!("**Ratio Trailhead / {label}, cold** (target ≤ 0.5)"), &|s| {
            ratio(s, h, Timed::cold_median, true)
        });
        row(&format!("Ratio Trailhead / {label}, warm"), &|s| {
            ratio(s, h, Timed::warm_median, false)
        });
    }
    let pf_label = format!(
        "Pagefind index of Trailhead's output (median of {})",
        opts.pagefind_runs
    );
    row(&pf_label, &|s| match &s.pagefind {
        Some((sm, f, b)) => format!(
            "{}; {} files, {}",
            fmt_dur(median(&sm.iter().map(|x| x.wall).collect::<Vec<_>>())),
            thousands(*f),
            fmt_bytes(*b)
        ),
        None => missing("pagefind"),
    });
    let mut t = String::from("| measure (median of ");
    t.push_str(&format!("{} runs) |", opts.runs));
    for s in results {
        t.push_str(&format!(" {} pages |", thousands(s.pages as u64)));
    }
    t.push_str("\n|---|");
    for _ in results {
        t.push_str("---:|");
    }
    t.push('\n');
    for (name, cells) in rows {
        t.push_str(&format!("| {name} |"));
        for c in cells {
            t.push_str(&format!(" {c} |"));
        }
        t.push('\n');
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_search_split_from_a_build_summary() {
        let dir = std::env::temp_dir().join(format!("trailhead-bench-split-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("build.log");
        std::fs::write(
            &log,
            "Built 10001 pages, 3 sections and 60 topics into out: 15422 files, 0 warnings, in 2719 ms.\n\
             Search index: 10001 pages in 817 files, 6729.4 KB in total, built in 900 ms.\n",
        )
        .unwrap();
        assert_eq!(
            search_split(&log),
            Some((Duration::from_millis(900), Duration::from_millis(1819)))
        );
        std::fs::write(&log, "error: no such folder\n").unwrap();
        assert_eq!(search_split(&log), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
