//! Times the search index build of a library, apart from the rest of the build:
//! `search_profile <site> [runs] [tokenize|index|full]`.
use std::time::{Duration, Instant};

use trailhead::diagnostics::Diagnostics;
use trailhead::pipeline::{BuildOptions, load_site};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().expect("site folder");
    let runs: usize = args.next().map_or(5, |r| r.parse().expect("runs"));
    let what = args.next().unwrap_or_else(|| "full".into());
    let opts = BuildOptions::new(root);
    let diags = Diagnostics::default();
    let site = load_site(&opts, &diags).expect("site");
    let mut best = Duration::MAX;
    let mut cpu = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let c = cpu_time();
        match what.as_str() {
            "tokenize" => {
                let (docs, _) = trailhead::search::documents(&site);
                let mut n = 0usize;
                for d in &docs {
                    trailhead::search::tokenize::each_word_ref(d.body, |w, _| n += w.len());
                }
                assert!(n > 0);
            }
            "index" => {
                let (docs, _) = trailhead::search::documents(&site);
                drop(trailhead::search::index::build(&docs));
            }
            _ => drop(trailhead::search::build(&site)),
        }
        best = best.min(t.elapsed());
        cpu.push(cpu_time() - c);
    }
    cpu.sort();
    eprintln!(
        "{what}: cpu median {:?}, wall best of {runs}: {best:?}",
        cpu[cpu.len() / 2]
    );
}

/// User and system time this process has used.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}
