//! Who may talk to the preview: the one place that decides which `Host` names it answers, which
//! pages may open its live-reload socket, and which headers every response carries.
//!
//! The preview serves drafts and unpublished stories, and its socket carries the build's
//! problems with lines of their source. A web page open in the editor's browser must not reach
//! either:
//! - **DNS rebinding**: a page on `evil.example` makes its own name resolve to 127.0.0.1 and then
//!   reads the preview as if it were its own site. The browser still sends `Host: evil.example`,
//!   so only the names the preview was started for are answered; everything else gets 403 with
//!   a sentence saying how to allow a name on purpose (`--allowed-host`). An IP address cannot be
//!   rebound, so with `--bind 0.0.0.0` any address of this computer is answered.
//! - **Cross-site sockets**: WebSockets are not bound by the same-origin policy, so the socket
//!   refuses an upgrade whose `Origin` is not one of the preview's own addresses.
//! - **Cross-site includes**: `Cross-Origin-Resource-Policy: same-origin` stops another site from
//!   loading the preview's files (say, a search shard, a classic script) with `<script src>`,
//!   and every response carries `nosniff` and a strict Content-Security-Policy.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The policy of the preview's own assets (the live-reload script and the overlay's
/// stylesheet): they load nothing and may not be framed.
pub(crate) const ASSET_CSP: &str = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// How many refused names are reported in the terminal (each once), so a flood of requests
/// cannot flood it.
const REPORTED_MAX: usize = 16;

/// The names the preview answers to.
#[derive(Debug)]
pub(crate) struct Hosts {
    /// The port it listens on.
    port: u16,
    /// `localhost`, `127.0.0.1`, `[::1]` and the `--bind` address: only with the port.
    own: Vec<String>,
    /// `--allowed-host` names: with the port they were given with, or any port.
    extra: Vec<(String, Option<u16>)>,
    /// Bound to every address (`0.0.0.0`, `::`): any IP address of this computer is fine.
    any_ip: bool,
    /// Names already reported as refused.
    reported: Mutex<HashSet<String>>,
}

/// A `Host` value split into a lowercase name and an optional port.
fn split_authority(authority: &str) -> Option<(String, Option<u16>)> {
    let a = authority.trim();
    let (name, port) = if let Some(rest) = a.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        inside.parse::<Ipv6Addr>().ok()?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (format!("[{inside}]"), port)
    } else {
        match a.rsplit_once(':') {
            Some((n, p)) => (n.to_owned(), Some(p)),
            None => (a.to_owned(), None),
        }
    };
    let port = match port {
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse::<u16>().ok()?),
        Some(_) => return None,
        None => None,
    };
    let name = name.to_ascii_lowercase();
    let name = name.strip_suffix('.').unwrap_or(&name).to_owned();
    let valid = !name.is_empty()
        && (name.starts_with('[')
            || name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')));
    valid.then_some((name, port))
}

/// True for a name that is an IP address (which DNS rebinding cannot forge).
fn is_ip(name: &str) -> bool {
    name.parse::<Ipv4Addr>().is_ok()
        || name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .is_some_and(|n| n.parse::<Ipv6Addr>().is_ok())
}

/// Checks one `--allowed-host` value: a host name or address, optionally with a port.
pub(crate) fn parse_allowed(value: &str) -> Result<(String, Option<u16>), String> {
    split_authority(value).ok_or_else(|| {
        format!(
            "--allowed-host {value:?} is not a host name; give the name alone, as in `--allowed-host preview.example.org` (a port may follow: `preview.example.org:8080`)"
        )
    })
}

impl Hosts {
    /// The names for a preview bound to `bind`:`port`, plus `allowed` (already checked with
    /// [`parse_allowed`]).
    pub(crate) fn new(bind: IpAddr, port: u16, allowed: Vec<(String, Option<u16>)>) -> Self {
        let mut own = vec!["localhost".to_owned(), "127.0.0.1".to_owned(), "[::1]".to_owned()];
        let any_ip = bind.is_unspecified();
        if !any_ip {
            let shown = match bind {
                IpAddr::V4(a) => a.to_string(),
                IpAddr::V6(a) => format!("[{a}]"),
            };
            if !own.contains(&shown) {
                own.push(shown);
            }
        }
        Hosts {
            port,
            own,
            extra: allowed,
            any_ip,
            reported: Mutex::new(HashSet::new()),
        }
    }

    /// True if a request for `authority` (a `Host` value, `name[:port]`) may be answered.
    pub(crate) fn allows(&self, authority: &str) -> bool {
        split_authority(authority).is_some_and(|(name, port)| self.allows_name(&name, port.unwrap_or(80)))
    }

    fn allows_name(&self, name: &str, port: u16) -> bool {
        if port == self.port && (self.own.iter().any(|n| n == name) || (self.any_ip && is_ip(name))) {
            return true;
        }
        self.extra.iter().any(|(n, p)| n == name && p.is_none_or(|p| p == port))
    }

    /// True if a page at `origin` (an `Origin` header) is one of the preview's own.
    pub(crate) fn allows_origin(&self, origin: &str) -> bool {
        let Some((scheme, rest)) = origin.split_once("://") else {
            return false;
        };
        let default = match scheme.to_ascii_lowercase().as_str() {
            "http" => 80,
            "https" => 443,
            _ => return false,
        };
        !rest.contains('/')
            && split_authority(rest).is_some_and(|(name, port)| self.allows_name(&name, port.unwrap_or(default)))
    }

    /// True if `origin` is `http://` one of the preview's own loopback or bind names with its
    /// port (not an `--allowed-host` name): the only pages the editor accepts changes from.
    pub(crate) fn allows_own_origin(&self, origin: &str) -> bool {
        origin.strip_prefix("http://").is_some_and(|rest| {
            !rest.contains('/')
                && split_authority(rest).is_some_and(|(name, port)| {
                    port == Some(self.port) && (self.own.contains(&name) || (self.any_ip && is_ip(&name)))
                })
        })
    }

    /// The address to suggest, for messages.
    fn home(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Prints a refused name in the terminal, the first time it is seen.
    fn report(&self, name: &str) {
        let mut seen = self.reported.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() < REPORTED_MAX && seen.insert(name.to_owned()) {
            eprintln!(
                "Refused a request for {name:?}: the preview answers only at its own addresses ({}), so other websites cannot read your drafts. To open it under that name on purpose, start it with --allowed-host {}.",
                self.home(),
                allow_hint(name)
            );
        }
    }
}

/// The `--allowed-host` value to suggest for a refused `Host` (its name without the port).
fn allow_hint(authority: &str) -> String {
    split_authority(authority).map_or_else(|| "NAME".to_owned(), |(name, _)| name)
}

/// A refusal in plain words.
fn refuse(status: StatusCode, text: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

/// A value shown back in a message: printable ASCII, at most 100 characters.
fn shown(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(100)
        .collect()
}

/// Answers a request only if its `Host` (or the authority of an absolute request target) is
/// one of the preview's, and opens the live-reload socket only for the preview's own pages.
pub(crate) async fn check(State(hosts): State<Arc<Hosts>>, req: Request, next: Next) -> Response {
    let authority = match req.uri().authority() {
        Some(a) => Some(a.as_str().to_owned()),
        None => req
            .headers()
            .get(header::HOST)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
    };
    let Some(authority) = authority else {
        return refuse(
            StatusCode::BAD_REQUEST,
            format!(
                "This request names no host. Open the preview at {} in a browser.\n",
                hosts.home()
            ),
        );
    };
    if !hosts.allows(&authority) {
        let name = shown(&authority);
        hosts.report(&name);
        return refuse(
            StatusCode::FORBIDDEN,
            format!(
                "This Trailhead preview answers only at its own addresses, such as {}, so that other websites cannot read your drafts.\nIt was asked for {name:?}.\nTo open the preview under that name on purpose, stop it and start it again with:\n\n    trailhead serve --allowed-host {}\n",
                hosts.home(),
                allow_hint(&name)
            ),
        );
    }
    if req.uri().path() == super::http::SOCKET_PATH
        && let Some(origin) = req.headers().get(header::ORIGIN)
        && !hosts.allows_origin(&String::from_utf8_lossy(origin.as_bytes()))
    {
        return refuse(
            StatusCode::FORBIDDEN,
            format!(
                "Live reload is only for the preview's own pages; a page from {:?} may not follow it.\n",
                shown(&String::from_utf8_lossy(origin.as_bytes()))
            ),
        );
    }
    next.run(req).await
}

/// Headers every response carries (the site's own `_headers` values win where they set one):
/// no content sniffing, a strict Content-Security-Policy, no embedding by other sites.
pub(crate) async fn secure(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    add_defaults(res.headers_mut());
    res
}

fn add_defaults(h: &mut HeaderMap) {
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        header::HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::output::meta::CSP),
        );
    }
    if !h.contains_key(header::REFERRER_POLICY) {
        h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bind: &str, extra: &[&str]) -> Hosts {
        let extra = extra.iter().map(|e| parse_allowed(e).unwrap()).collect();
        Hosts::new(bind.parse().unwrap(), 1111, extra)
    }

    #[test]
    fn only_the_preview_s_own_names_with_its_port() {
        let h = hosts("127.0.0.1", &[]);
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "localhost.:1111",
            "[::1]:1111",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for no in [
            "evil.example",
            "evil.example:1111",
            "localhost",
            "127.0.0.1",
            "localhost:1112",
            "127.0.0.1:80",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "localhost:1111:1111",
            "user@localhost:1111",
            "[::1]",
            "[::2]:1111",
            "[zz]:1111",
            "192.168.1.5:1111",
            "",
            ":1111",
            "localhost:",
            "localhost:99999",
            "local host:1111",
        ] {
            assert!(!h.allows(no), "{no:?}");
        }
    }

    #[test]
    fn the_bind_address_and_allowed_hosts() {
        let h = hosts("127.0.0.2", &["preview.example.org", "tunnel.example:8443"]);
        assert!(h.allows("127.0.0.2:1111"));
        assert!(h.allows("preview.example.org"));
        assert!(h.allows("preview.example.org:443"));
        assert!(h.allows("Preview.Example.Org:1111"));
        assert!(h.allows("tunnel.example:8443"));
        assert!(!h.allows("tunnel.example"));
        assert!(!h.allows("tunnel.example:1111"));
        assert!(!h.allows("sub.preview.example.org"));
        let v6 = hosts("::1", &[]);
        assert!(v6.allows("[::1]:1111"));
        // Every address: any IP literal (rebinding needs a name), never a name.
        let all = hosts("0.0.0.0", &[]);
        assert!(all.allows("192.168.1.5:1111"));
        assert!(all.allows("[fe80::1]:1111"));
        assert!(!all.allows("192.168.1.5:1112"));
        assert!(!all.allows("evil.example:1111"));
        for bad in ["", "http://x", "a/b", "a b", "x:y"] {
            assert!(parse_allowed(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_the_preview_s_own_pages_may_follow_it() {
        let h = hosts("127.0.0.1", &["preview.example.org"]);
        for ok in [
            "http://127.0.0.1:1111",
            "http://localhost:1111",
            "http://[::1]:1111",
            "https://preview.example.org",
            "http://preview.example.org:8080",
        ] {
            assert!(h.allows_origin(ok), "{ok}");
        }
        for no in [
            "null",
            "http://evil.example",
            "http://evil.example:1111",
            "http://127.0.0.1:1112",
            "https://127.0.0.1",
            "file://",
            "chrome-extension://abc",
            "http://127.0.0.1:1111/path",
            "",
        ] {
            assert!(!h.allows_origin(no), "{no:?}");
        }
    }
}
