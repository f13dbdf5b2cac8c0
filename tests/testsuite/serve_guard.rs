//! `serve` is not a door into drafts: it answers only the host names it was started for (DNS
//! rebinding), opens its live-reload socket only for its own pages, and sends `nosniff`, a
//! strict Content-Security-Policy and `Cross-Origin-Resource-Policy` on every response.

use crate::common::Fixture;
use crate::serve_client::{get, get_as, open_socket, raw, serve};

/// The fixture with a draft, which only the preview shows.
fn site_with_a_draft() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/unpublished-plans.md",
        "---\ntitle: Unpublished plans\ndraft: true\n---\nA secret draft.\n",
    );
    f
}

fn assert_refused(addr: &str, host: &str) {
    let (status, head, body) = get_as(addr, host, "/unpublished-plans/");
    let body = String::from_utf8_lossy(&body);
    assert_eq!(status, 403, "Host {host:?} was answered:\n{head}\n{body}");
    assert!(!body.contains("secret draft"), "{body}");
    assert!(head.contains("content-type: text/plain"), "{head}");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    assert!(
        body.contains("only at its own addresses") && body.contains("trailhead serve --allowed-host"),
        "the refusal says how to allow a name: {body}"
    );
}

#[test]
fn only_the_preview_s_own_host_names_are_answered() {
    let f = site_with_a_draft();
    let mut server = serve(&f, &[]);
    let port = server.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _, body) = get_as(&server.addr, &host, "/unpublished-plans/");
        assert_eq!(status, 200, "{host}");
        assert!(String::from_utf8_lossy(&body).contains("secret draft"), "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_owned(),
        "localhost".to_owned(),
        format!("localhost:{}", port.wrapping_add(1)),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("192.168.1.20:{port}"),
        "".to_owned(),
    ] {
        assert_refused(&server.addr, &host);
    }
    // The refusal says which name to allow, in the body and (once) in the terminal.
    let (_, _, body) = get_as(&server.addr, &format!("evil.example:{port}"), "/");
    assert!(
        String::from_utf8_lossy(&body).contains("--allowed-host evil.example\n"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    server.wait_for_log("--allowed-host evil.example.", std::time::Duration::from_secs(5));

    // The host of an absolute request target counts, not a Host header that disagrees with it.
    let (status, _, _) = raw(
        &server.addr,
        format!("GET http://evil.example:{port}/unpublished-plans/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 403);
    // A request that names no host at all (HTTP/1.0) is not answered either.
    let (status, _, body) = raw(&server.addr, b"GET /unpublished-plans/ HTTP/1.0\r\n\r\n");
    assert_eq!(status, 400);
    assert!(!String::from_utf8_lossy(&body).contains("secret draft"));
    // Two Host headers: refused, whichever comes first.
    let (status, _, _) = raw(
        &server.addr,
        format!("GET / HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert!(status == 400 || status == 403, "{status}");
    server.assert_healthy();
}

#[test]
fn allowed_host_and_bind_add_names() {
    let f = site_with_a_draft();
    let server = serve(
        &f,
        &[
            "--bind",
            "127.0.0.2",
            "--allowed-host",
            "preview.example.org",
            "--allowed-host",
            "tunnel.example:8443",
        ],
    );
    assert!(server.addr.starts_with("127.0.0.2:"), "{}", server.addr);
    let port = server.port();
    for host in [
        format!("127.0.0.2:{port}"),
        format!("localhost:{port}"),
        "preview.example.org".to_owned(),
        format!("PREVIEW.example.org:{port}"),
        "tunnel.example:8443".to_owned(),
    ] {
        let (status, _, _) = get_as(&server.addr, &host, "/unpublished-plans/");
        assert_eq!(status, 200, "{host}");
    }
    for host in [
        "tunnel.example".to_owned(),
        "sub.preview.example.org".to_owned(),
        format!("127.0.0.1.example:{port}"),
    ] {
        assert_refused(&server.addr, &host);
    }
}

#[test]
fn a_malformed_allowed_host_is_refused_at_start() {
    let f = Fixture::new();
    let out = crate::serve_client::command(&f, &["--port", "0", "--allowed-host", "http://x.example/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--allowed-host \"http://x.example/\" is not a host name"),
        "{err}"
    );
}

#[test]
fn live_reload_follows_only_the_preview_s_own_pages() {
    let f = Fixture::new();
    let server = serve(&f, &["--allowed-host", "preview.example.org"]);
    let port = server.port();
    for origin in [
        Some(format!("http://127.0.0.1:{port}")),
        Some(format!("http://localhost:{port}")),
        Some("https://preview.example.org".to_owned()),
        // Not a browser (browsers always send Origin); the Host check still applies.
        None,
    ] {
        let (status, _) = open_socket(&server.addr, origin.as_deref());
        assert_eq!(status, 101, "{origin:?}");
    }
    for origin in [
        "http://evil.example".to_owned(),
        format!("http://evil.example:{port}"),
        format!("http://127.0.0.1:{}", port.wrapping_add(1)),
        "null".to_owned(),
        "file://".to_owned(),
    ] {
        let (status, _) = open_socket(&server.addr, Some(&origin));
        assert_eq!(status, 403, "{origin}");
    }
}

#[test]
fn every_response_carries_nosniff_and_a_strict_policy() {
    let f = Fixture::new();
    let server = serve(&f, &[]);
    for (path, want) in [
        ("/__trailhead/livereload.js", "default-src 'none'"),
        ("/__trailhead/overlay.css", "default-src 'none'"),
        ("/", "default-src 'none'"),
        ("/style.css", "default-src 'none'"),
        ("/no-such-page/", "default-src 'none'"),
        ("/%2e%2e/x", "default-src 'none'"),
        ("/stories", "default-src 'none'"),
    ] {
        let (status, head, _) = get(&server.addr, path);
        assert!(status != 0, "{path}");
        assert!(head.contains("x-content-type-options: nosniff"), "{path}: {head}");
        assert!(
            head.contains(&format!("content-security-policy: {want}")),
            "{path}: {head}"
        );
        assert!(
            head.contains("cross-origin-resource-policy: same-origin"),
            "{path}: {head}"
        );
    }
    let (_, head, _) = get(&server.addr, "/__trailhead/livereload.js");
    assert!(head.contains("frame-ancestors 'none'"), "{head}");
    assert!(head.contains("content-type: text/javascript"), "{head}");
    let (_, head, _) = get_as(&server.addr, "evil.example", "/");
    assert!(head.contains("content-security-policy: default-src 'none'"), "{head}");
}
