//! Measuring one child process (wall time and peak resident memory through `wait4`), dropping
//! the page cache, sizing output folders, and medians.

use std::fs::File;
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// One run of a command.
#[derive(Debug, Clone)]
pub(crate) struct Sample {
    /// Wall-clock time from spawn to exit.
    pub(crate) wall: Duration,
    /// Peak resident set size of the child (`ru_maxrss`), in KiB.
    pub(crate) max_rss_kib: u64,
    /// Exit status.
    pub(crate) status: ExitStatus,
}

impl Sample {
    /// Did the command succeed?
    pub(crate) fn ok(&self) -> bool {
        self.status.success()
    }
}

/// Runs `cmd` with stdout and stderr going to `log` (truncated), and measures it.
pub(crate) fn run(cmd: &mut Command, log: &Path) -> io::Result<Sample> {
    let out = File::create(log)?;
    let err = out.try_clone()?;
    cmd.stdin(Stdio::null()).stdout(out).stderr(err);
    let start = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data; zeroed is a valid value for it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, not yet reaped (we never call `Child::wait`); the
        // pointers are to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    let wall = start.elapsed();
    // The child is reaped: dropping `child` does not wait (std never waits on drop).
    drop(child);
    Ok(Sample {
        wall,
        max_rss_kib: usage.ru_maxrss.max(0) as u64,
        status: ExitStatus::from_raw(status),
    })
}

/// Writes dirty pages to disk and waits for it.
pub(crate) fn sync() {
    // SAFETY: `sync` has no preconditions.
    unsafe { libc::sync() };
}

/// Writes dirty pages and drops the page cache (needs root and a writable
/// `/proc/sys/vm/drop_caches`). Returns whether it worked.
pub(crate) fn drop_caches() -> bool {
    sync();
    std::fs::write("/proc/sys/vm/drop_caches", "3\n").is_ok()
}

/// Number of files and total bytes under `dir` (0, 0 when missing).
pub(crate) fn tree_size(dir: &Path) -> (u64, u64) {
    let mut files = 0;
    let mut bytes = 0;
    for e in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        if e.file_type().is_file() {
            files += 1;
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    (files, bytes)
}

/// Trailhead's own search index in a built site: every non-HTML file under a top-level entry whose
/// name starts with `search` (`search/index.json`, `search_index.en.json`, …). `None` when the
/// output has none (no search index yet).
pub(crate) fn search_index_size(out: &Path) -> Option<(u64, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    for top in std::fs::read_dir(out).ok()?.filter_map(Result::ok) {
        if !top.file_name().to_string_lossy().starts_with("search") {
            continue;
        }
        for e in walkdir::WalkDir::new(top.path()).into_iter().filter_map(Result::ok) {
            let html = e.path().extension().is_some_and(|x| x == "html");
            if e.file_type().is_file() && !html {
                files += 1;
                bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    (files > 0).then_some((files, bytes))
}

/// The median (upper median for an even count) of non-empty `v`.
pub(crate) fn median<T: Copy + Ord>(v: &[T]) -> T {
    let mut s = v.to_vec();
    s.sort();
    s[s.len() / 2]
}

/// `1234567` → `1.23 s`-style human durations (ms below 10 s).
pub(crate) fn fmt_dur(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 10_000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// Bytes as MB (10⁶) or kB.
pub(crate) fn fmt_bytes(b: u64) -> String {
    if b >= 1_000_000 {
        format!("{:.1} MB", b as f64 / 1e6)
    } else {
        format!("{:.1} kB", b as f64 / 1e3)
    }
}

/// KiB of RSS as MB (10⁶ bytes, like `fmt_bytes`).
pub(crate) fn fmt_rss(kib: u64) -> String {
    format!("{:.0} MB", kib as f64 * 1024.0 / 1e6)
}

/// Thousands separators: 10000 → "10,000".
pub(crate) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_a_child() {
        let dir = tempfile::tempdir().unwrap();
        let s = run(Command::new("true").arg("x"), &dir.path().join("log")).unwrap();
        assert!(s.ok());
        assert!(s.max_rss_kib > 0);
        let s = run(&mut Command::new("false"), &dir.path().join("log")).unwrap();
        assert!(!s.ok());
    }

    #[test]
    fn formats() {
        assert_eq!(median(&[3, 1, 2]), 2);
        assert_eq!(thousands(100000), "100,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(fmt_bytes(2_500_000), "2.5 MB");
    }
}
