//! `serve` under faults: its port taken, the watched `content/` folder replaced (as `git
//! checkout` of another branch does), a thousand saves in a row, and files deleted or renamed
//! while it reads them. Each time: a clear message, no panic, and the preview ends on what is on
//! disk.

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::common::{Fixture, story};
use crate::serve_client::{command, get, serve};

const WITHIN: Duration = Duration::from_secs(20);

#[test]
fn a_taken_port_named_with_port_is_a_clear_error() {
    let f = Fixture::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = command(&f, &["--port", &port])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > WITHIN {
            let _ = child.kill();
            panic!("serve kept running on a taken port");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(&format!("error: port {port} on 127.0.0.1 is already in use")) && err.contains("--port"),
        "{err}"
    );
    drop(taken);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for e in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

#[test]
fn the_content_folder_replaced_like_a_branch_checkout_is_followed() {
    let f = Fixture::new();
    let mut server = serve(&f, &[]);
    let saved = tempfile::tempdir().unwrap();
    copy_dir(&f.path("content"), saved.path());

    // Deleted, then created again with another branch's files.
    std::fs::remove_dir_all(f.path("content")).unwrap();
    server.wait_for_log("there is no `content` folder", WITHIN);
    let (status, _, _) = get(&server.addr, "/stories/first/");
    assert_eq!(status, 200, "the last good site stays while the folder is gone");
    copy_dir(saved.path(), &f.path("content"));
    std::fs::rename(f.path("content/stories/first.md"), f.path("content/stories/branch.md")).unwrap();
    f.write(
        "content/stories/branch.md",
        &story("A story from another branch", "", "Checked out."),
    );
    server.poll("/stories/branch/", WITHIN, |s, b| {
        s == 200 && b.contains("another branch")
    });
    server.poll("/stories/first/", WITHIN, |s, _| s == 404);
    // The new folder is watched: an edit in it shows.
    f.write(
        "content/stories/branch.md",
        &story("A story from another branch", "", "Edited after the checkout."),
    );
    server.poll("/stories/branch/", WITHIN, |_, b| {
        b.contains("Edited after the checkout.")
    });

    // Renamed away and replaced by a folder renamed into place.
    let next = f.path("content-next");
    copy_dir(&f.path("content"), &next);
    std::fs::write(
        next.join("stories/branch.md"),
        story("A story from a third branch", "", "Renamed into place."),
    )
    .unwrap();
    std::fs::rename(f.path("content"), f.path("content-old")).unwrap();
    std::fs::rename(&next, f.path("content")).unwrap();
    server.poll("/stories/branch/", WITHIN, |_, b| b.contains("a third branch"));
    f.write(
        "content/stories/branch.md",
        &story("A story from a third branch", "", "Edited in the new folder."),
    );
    server.poll("/stories/branch/", WITHIN, |_, b| {
        b.contains("Edited in the new folder.")
    });
    // The old folder is no longer watched: a change there changes nothing.
    std::fs::write(
        f.path("content-old/stories/branch.md"),
        story("Old folder", "", "Not the site."),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let (_, _, body) = get(&server.addr, "/stories/branch/");
    assert!(String::from_utf8_lossy(&body).contains("Edited in the new folder."));
    server.assert_healthy();
}

#[test]
fn a_thousand_rapid_saves_end_on_the_last_version() {
    let f = Fixture::new();
    let mut server = serve(&f, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    // A reader all along: every answer is a whole page, and quick.
    let reader = {
        let (addr, stop) = (server.addr.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let (mut slowest, mut n) = (Duration::ZERO, 0);
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let (status, _, body) = get(&addr, "/stories/first/");
                slowest = slowest.max(t.elapsed());
                n += 1;
                assert_eq!(status, 200);
                assert!(String::from_utf8_lossy(&body).trim_end().ends_with("</html>"));
            }
            (slowest, n)
        })
    };
    let start = Instant::now();
    for i in 0..1000 {
        f.write(
            "content/stories/first.md",
            &story("First story", "", &format!("## Start\n\nSave number {i}.")),
        );
    }
    let saving = start.elapsed();
    server.poll("/stories/first/", WITHIN, |_, b| b.contains("Save number 999."));
    let settled = start.elapsed();
    stop.store(true, Ordering::Relaxed);
    let (slowest, reads) = reader.join().unwrap();
    eprintln!(
        "1,000 saves in {saving:.2?}; the last one served after {settled:.2?}; {reads} reads meanwhile, the slowest {slowest:.2?}"
    );
    assert!(slowest < Duration::from_secs(2), "a read took {slowest:?}");
    server.assert_healthy();
}

#[test]
fn files_deleted_or_renamed_while_serve_reads_them_give_clear_messages() {
    let f = Fixture::new();
    let mut server = serve(&f, &[]);
    // A link to nowhere: the walk names it (a file that goes while it is read gets the
    // "deleted or renamed" hint, tested beside `read_source`).
    std::os::unix::fs::symlink(f.path("nowhere.md"), f.path("content/stories/ghost.md")).unwrap();
    server.wait_for_log("content/stories/ghost.md", WITHIN);
    server.wait_for_log("The last good version is still being served", WITHIN);
    let printed = server.printed();
    let line = printed
        .lines()
        .skip_while(|l| !l.contains("content/stories/ghost.md"))
        .take(6)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        line.contains("this is a link to")
            && line.contains("which does not exist")
            && line.contains("fix the link or remove it"),
        "{line}"
    );
    let (status, _, _) = get(&server.addr, "/stories/first/");
    assert_eq!(status, 200, "the last good site is still served");
    // Its going is the fix, even though it was never part of a good build.
    f.remove("content/stories/ghost.md");
    server.wait_for_log("content/stories/ghost.md changed; full rebuild: re-rendered", WITHIN);

    // Files that come and go while the preview rebuilds, so that some of its reads find a
    // file listed a moment before already gone.
    let start = Instant::now();
    for i in 0..300 {
        let a = format!("content/stories/churn-{}.md", i % 4);
        let b = format!("content/stories/churn-renamed-{}.md", i % 4);
        f.write(&a, &story(&format!("Churn {i}"), "", "Here and gone."));
        std::fs::rename(f.path(&a), f.path(&b)).unwrap();
        if i % 3 == 0 {
            f.remove(&b);
        }
        if i % 10 == 0 {
            f.write_bytes("static/churn.txt", b"x");
            std::fs::remove_file(f.path("static/churn.txt")).unwrap();
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    for e in std::fs::read_dir(f.path("content/stories")).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap().to_string_lossy().starts_with("churn") {
            std::fs::remove_file(p).unwrap();
        }
    }
    server.poll("/stories/churn-renamed-1/", WITHIN, |s, _| s == 404);
    server.poll("/stories/first/", WITHIN, |s, b| s == 200 && b.contains("First story"));
    let printed = server.printed();
    let gone: Vec<&str> = printed
        .lines()
        .filter(|l| (l.contains("cannot read") || l.contains("cannot copy")) && !l.contains("ghost"))
        .collect();
    eprintln!(
        "churn for {:.2?}: {} messages about files that went away",
        start.elapsed(),
        gone.len()
    );
    for l in &gone {
        assert!(
            l.contains("content/stories/churn") || l.contains("static/churn"),
            "names the file: {l}"
        );
    }
    server.assert_healthy();
}
