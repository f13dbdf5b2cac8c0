//! Faults: a build killed at random moments, a disk that fills, an output folder that cannot be
//! written, and byte-identical output whatever the thread count or the folder. The `trailhead`
//! binary is run as an editor runs it; it never panics (exit 101).
//!
//! `TRAILHEAD_SLOW=1` runs the long versions (more kills, a bigger site).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Fixture, story};

fn slow() -> bool {
    std::env::var_os("TRAILHEAD_SLOW").is_some()
}

fn trailhead() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_trailhead"));
    c.env("TRAILHEAD_TODAY", "2026-11-22")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Runs the binary to the end: its exit code and what it printed on stderr. Exit 101 (a panic)
/// fails the test whatever was expected.
fn run(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().expect("the trailhead binary runs");
    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_ne!(code, 101, "trailhead panicked:\n{stderr}");
    (code, stderr)
}

/// Every file under `dir`, by relative path, as bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Names in `dir` that a build leaves beside its output, other than the output and its spare.
fn debris(dir: &Path, output: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{output}.trailhead")) && !n.ends_with(".trailhead-spare"))
        .collect()
}

/// A site big enough that a build takes a while: `n` stories besides the fixture's pages.
fn site_with(n: usize, version: &str) -> Fixture {
    let f = Fixture::new();
    write_version(&f, n, version);
    f
}

fn write_version(f: &Fixture, n: usize, version: &str) {
    for i in 0..n {
        let body = format!(
            "## Part one\n\nStory {i}, version {version}. {}\n\n## Part two\n\nThe end.\n",
            "Words of a story. ".repeat(60)
        );
        f.write(
            &format!("content/stories/s{i:04}.md"),
            &story(&format!("Story {i} {version}"), "", &body),
        );
    }
}

/// A small deterministic generator (xorshift), so a failing run can be repeated.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_whole_and_the_next_build_cleans_up() {
    let (kills, pages) = if slow() { (200, 400) } else { (50, 60) };
    // The two complete outputs the site can have: version A and version B of every story.
    let f = site_with(pages, "A");
    let build = |f: &Fixture| {
        let (code, err) = run(trailhead().args(["build", "--root"]).arg(f.root()));
        assert_eq!(code, 0, "{err}");
    };
    build(&f);
    let a = snapshot(&f.path("public"));
    write_version(&f, pages, "B");
    // A rebuild (the kind the loop kills) takes this long, start-up included.
    let started = Instant::now();
    build(&f);
    let full = started.elapsed();
    let b = snapshot(&f.path("public"));
    assert_ne!(a, b);

    let mut rng = Rng(0x5eed_cafe);
    let mut current = b.clone();
    let mut killed_midway = 0;
    let mut bound = full;
    for round in 0..kills {
        let next = if round % 2 == 0 { "A" } else { "B" };
        write_version(&f, pages, next);
        let mut child = trailhead()
            .args(["build", "--root"])
            .arg(f.root())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Anywhere from the start to the end of a build. How long a build takes varies with
        // what else the machine does (other tests run beside this one), so the bound follows
        // what the last rounds saw: shorter after a build that finished before its kill.
        let wait = Duration::from_micros(rng.below(bound.as_micros() as u64));
        std::thread::sleep(wait);
        if child.try_wait().unwrap().is_none() {
            killed_midway += 1;
            bound = (bound * 11 / 10).min(full * 2);
        } else {
            bound = (bound * 3 / 4).max(Duration::from_millis(2));
        }
        child.kill().ok(); // SIGKILL
        let status = child.wait().unwrap();
        assert_ne!(status.code(), Some(101), "round {round}: the build panicked");
        let now = snapshot(&f.path("public"));
        let wanted = if next == "A" { &a } else { &b };
        assert!(
            now == current || now == *wanted,
            "round {round}: after a kill at {wait:?} the output is neither the previous one nor the new one ({} files)",
            now.len()
        );
        current = now;
    }
    assert!(
        killed_midway >= kills / 2,
        "only {killed_midway} of {kills} builds were killed while running"
    );
    // The next build succeeds, gives the current version and leaves nothing of the killed ones.
    build(&f);
    let last = if kills % 2 == 1 { &a } else { &b };
    assert!(
        snapshot(&f.path("public")) == *last,
        "the build after the kills is not whole"
    );
    assert_eq!(debris(f.root(), "public"), Vec::<String>::new());
    eprintln!(
        "{kills} builds killed ({killed_midway} midway) of a {}-file site whose build takes {full:?}",
        a.len()
    );
}

/// A tmpfs of `size` mounted at a new folder, unmounted when dropped. Mounting needs root
/// (CI and this project's machines run tests as root); elsewhere the test fails and says so.
/// The mount point, and the temporary folder holding it (removed after the unmount).
struct Tmpfs(PathBuf, #[allow(dead_code)] tempfile::TempDir);
impl Tmpfs {
    fn new(options: &str) -> Tmpfs {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("disk");
        std::fs::create_dir(&at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(&at)
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "this test mounts a small tmpfs to fill a disk, which needs root: run the tests as root (CI does)"
        );
        Tmpfs(at, dir)
    }
}
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// `trailhead build` of the fixture into `out`.
fn build_into(f: &Fixture, out: &Path) -> (i32, String) {
    run(trailhead()
        .args(["build", "--root"])
        .arg(f.root())
        .arg("--output")
        .arg(out))
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_one_clear_error_and_the_previous_output_survives() {
    let disk = Tmpfs::new("size=1m");
    let f = Fixture::new();
    let out = disk.0.join("public");
    let (code, err) = build_into(&f, &out);
    assert_eq!(code, 0, "{err}");
    let before = snapshot(&out);
    // A file bigger than what is left on the disk.
    f.write_bytes("static/brochure.pdf", &vec![7u8; 900 * 1024]);
    let (code, err) = build_into(&f, &out);
    assert_ne!(code, 0, "{err}");
    assert_eq!(
        err.matches("error:").count(),
        1,
        "one message, not one per file:\n{err}"
    );
    assert!(
        err.contains("error: the disk is full, so the site could not be written"),
        "{err}"
    );
    assert!(err.contains("the previous output was left as it was"), "{err}");
    assert!(snapshot(&out) == before, "the previous output changed");
    assert_eq!(debris(&disk.0, "public"), Vec::<String>::new());
    // The same, as `build` reports it, for the table of bad input.
    let failure = trailhead::build(&{
        let mut o = f.options();
        o.output = Some(out.clone());
        o
    })
    .unwrap_err();
    crate::bad_input_table::check_row("A disk that fills during the build", &failure.diagnostics[0], "yes");
    // Room again: the next build works.
    std::fs::remove_file(f.path("static/brochure.pdf")).unwrap();
    let (code, err) = build_into(&f, &out);
    assert_eq!(code, 0, "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_folder_on_a_read_only_disk() {
    let disk = Tmpfs::new("ro,size=100k");
    let f = Fixture::new();
    let mut o = f.options();
    o.output = Some(disk.0.join("public"));
    let failure = trailhead::build(&o).unwrap_err();
    let d = &failure.diagnostics[0];
    assert!(
        d.message.contains("Read-only file system") || d.message.contains("read-only"),
        "{d}"
    );
    crate::bad_input_table::check_row_at("An output folder on a disk that cannot be written", d, "yes", &disk.0);
}

/// The demo library copied to `dir` (its content, theme and settings).
fn copy_demo(dir: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "themes", "static", "i18n"] {
        let from = repo.join(part);
        if !from.exists() {
            continue;
        }
        for e in walkdir::WalkDir::new(&from).into_iter().filter_map(Result::ok) {
            let to = dir.join(part).join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
    }
    std::fs::copy(repo.join("trailhead.toml"), dir.join("trailhead.toml")).unwrap();
}

#[test]
fn the_demo_is_byte_identical_with_one_thread_or_many_and_in_any_folder() {
    let one = tempfile::tempdir().unwrap();
    let many = tempfile::tempdir().unwrap();
    let deeper = many.path().join("a/much/deeper/folder with spaces");
    std::fs::create_dir_all(&deeper).unwrap();
    copy_demo(one.path());
    copy_demo(&deeper);
    let (code, err) = run(trailhead()
        .env("RAYON_NUM_THREADS", "1")
        .args(["build", "--root"])
        .arg(one.path()));
    assert_eq!(code, 0, "{err}");
    let (code, err) = run(trailhead()
        .env("RAYON_NUM_THREADS", "8")
        .args(["build", "--root"])
        .arg(&deeper)
        .arg("--output")
        .arg(deeper.join("site-out")));
    assert_eq!(code, 0, "{err}");
    let a = snapshot(&one.path().join("public"));
    let b = snapshot(&deeper.join("site-out"));
    assert!(a.len() > 150, "{} files", a.len());
    let differ: Vec<&String> = a.keys().filter(|k| a.get(*k) != b.get(*k)).collect();
    assert!(differ.is_empty() && a.len() == b.len(), "files that differ: {differ:?}");
    // The portable copy too (its links are relative, so a folder could leak into them).
    let (code, err) = run(trailhead()
        .env("RAYON_NUM_THREADS", "1")
        .args(["build", "--portable", "--root"])
        .arg(one.path()));
    assert_eq!(code, 0, "{err}");
    let (code, err) = run(trailhead().args(["build", "--portable", "--root"]).arg(&deeper));
    assert_eq!(code, 0, "{err}");
    assert!(snapshot(&one.path().join("portable")) == snapshot(&deeper.join("portable")));
}
