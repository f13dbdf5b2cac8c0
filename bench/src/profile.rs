//! `bench profile-search SITE [RUNS] [full|index|tokenize]`: times the search index build of a
//! library apart from the rest of the build. The site is loaded once, then the chosen step runs
//! `runs` times; prints the median CPU time and the best wall time, for before/after comparisons
//! on a noisy machine.

use std::path::Path;
use std::time::{Duration, Instant};

use clap::ValueEnum;
use trailhead::bench_api::{LoadedSite, SearchStep};

/// The step to time (see [`SearchStep`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Step {
    /// The whole search index build, files included (nothing is written).
    Full,
    /// The documents and the in-memory index, without the files.
    Index,
    /// The documents and reading their words, without the index.
    Tokenize,
}

impl Step {
    fn api(self) -> SearchStep {
        match self {
            Step::Full => SearchStep::Full,
            Step::Index => SearchStep::Index,
            Step::Tokenize => SearchStep::Tokenize,
        }
    }
}

/// Loads the site in `root` and times `step` `runs` times; the result goes to stderr.
pub(crate) fn profile_search(root: &Path, runs: usize, step: Step) -> anyhow::Result<()> {
    let opts = trailhead::BuildOptions::new(root);
    let site = LoadedSite::load(&opts).map_err(|e| anyhow::anyhow!("{} does not load:\n{e}", root.display()))?;
    let runs = runs.max(1);
    let mut best = Duration::MAX;
    let mut cpu = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let c = cpu_time();
        let work = site.search(step.api());
        anyhow::ensure!(work > 0, "the site has nothing to index");
        best = best.min(t.elapsed());
        cpu.push(cpu_time() - c);
    }
    cpu.sort();
    let name = step
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_owned());
    eprintln!(
        "{name}: cpu median {:?}, wall best of {runs}: {best:?}",
        cpu[cpu.len() / 2]
    );
    Ok(())
}

/// User and system time this process has used.
fn cpu_time() -> Duration {
    // SAFETY: `rusage` is plain old data, zeroed is a valid value; getrusage only writes the
    // struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_runs_on_a_generated_library() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        crate::generate(20, crate::library::DEFAULT_SEED, &site, None).unwrap();
        let mut opts = trailhead::BuildOptions::new(&site);
        opts.today = crate::library::TODAY.parse().ok();
        let loaded = LoadedSite::load(&opts).unwrap();
        for step in Step::value_variants() {
            assert!(loaded.search(step.api()) > 0, "{step:?} did no work");
        }
        assert!(LoadedSite::load(&trailhead::BuildOptions::new(tmp.path().join("none"))).is_err());
    }
}
