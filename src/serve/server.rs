//! The preview's HTTP side: the port it listens on, the connections it accepts (bounded in
//! number and in how long they may sit idle), the routes, the files of the in-memory site and
//! the live-reload socket.

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{Semaphore, broadcast};

use super::guard::{self, Hosts};
use super::http::{self, Resolved};
use super::{Notice, Shared, problem};

/// How long a connection may wait for the next request (or take to send its headers) before
/// it is closed; `TRAILHEAD_SERVE_IDLE_MS` changes it (for tests).
pub(crate) const IDLE: Duration = Duration::from_secs(30);
/// Connections served at once; the next ones wait in the operating system's queue.
pub(crate) const MAX_CONNECTIONS: usize = 512;
/// Open pages following the live-reload socket at once.
pub(crate) const MAX_SOCKETS: usize = 256;
/// The largest message a page may send on the socket (pages send none; this bounds a hostile one).
const MAX_MESSAGE: usize = 64 * 1024;

/// The idle timeout in force.
pub(crate) fn idle() -> Duration {
    std::env::var("TRAILHEAD_SERVE_IDLE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map_or(IDLE, Duration::from_millis)
}

/// Binds `port` on `addr`. A port the user named (`fixed`) must be free; otherwise, when the
/// default port is taken, the next free one of the following 20 is used, and said so.
pub fn bind(addr: IpAddr, port: u16, fixed: bool) -> anyhow::Result<TcpListener> {
    let last = if fixed || port == 0 {
        port
    } else {
        port.saturating_add(19)
    };
    for p in port..=last {
        match TcpListener::bind(SocketAddr::new(addr, p)) {
            Ok(l) => {
                if p != port {
                    eprintln!(
                        "Port {port} is already in use (is another preview running?), so this one uses port {p}."
                    );
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {}
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => anyhow::bail!(
                "cannot listen on port {p}: ports below 1024 need administrator rights. Choose a port above 1023 with --port, such as --port 1111"
            ),
            Err(e) if e.kind() == std::io::ErrorKind::AddrNotAvailable => anyhow::bail!(
                "cannot listen on {addr}: this computer has no such address. Leave out --bind to keep the preview on 127.0.0.1"
            ),
            Err(e) => anyhow::bail!("cannot listen on {addr} port {p}: {e}"),
        }
    }
    if port == last {
        anyhow::bail!(
            "port {port} on {addr} is already in use (is another preview, or another program, using it?). Stop that program, or choose another port with --port (--port 0 picks any free one)"
        )
    }
    anyhow::bail!(
        "ports {port} to {last} on {addr} are all in use. Stop another preview, or choose a free port with --port (--port 0 picks any free one)"
    )
}

/// Serves `app` on `listener` until Ctrl+C: HTTP/1.1 with keep-alive, a connection closed
/// after [`idle`] without a request, at most [`MAX_CONNECTIONS`] at once. Malformed requests
/// are answered 400 by hyper.
pub(crate) async fn listen(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    let idle = idle();
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&permits).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return Ok(()),
            },
            _ = &mut stop => return Ok(()),
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => return Ok(()),
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(idle)
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            let _ = conn.await;
            drop(permit);
        });
    }
}

/// The preview's routes, behind the host check and the security headers.
pub(crate) fn router(shared: Arc<Shared>, hosts: Arc<Hosts>, editor: Option<Arc<crate::editor::Editor>>) -> Router {
    let editor = editor.map(crate::editor::router).unwrap_or_default();
    Router::new()
        .route(http::SOCKET_PATH, get(socket))
        .route(
            http::SCRIPT_PATH,
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("livereload.js")) }),
        )
        .route(
            http::STYLE_PATH,
            get(|| async { asset("text/css; charset=utf-8", include_str!("overlay.css")) }),
        )
        .fallback(file)
        .with_state(shared)
        .merge(editor)
        .layer(axum::middleware::from_fn_with_state(hosts, guard::check))
        .layer(axum::middleware::from_fn(guard::secure))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, guard::ASSET_CSP),
        ],
        body,
    )
        .into_response()
}

async fn socket(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    let Ok(permit) = Arc::clone(&shared.sockets).try_acquire_owned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{MAX_SOCKETS} pages are already following this preview; close some tabs and reload.\n"),
        )
            .into_response();
    };
    ws.max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |socket| async move {
            follow(socket, shared).await;
            drop(permit);
        })
}

/// Sends every notice to one open page; a page that opens while the site is broken is told
/// at once. A page that stops answering pings (its computer slept, its network went away) is
/// let go.
async fn follow(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut notices = shared.notices.subscribe();
    let errors: Vec<_> = shared
        .errors
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .map(problem)
        .collect();
    if !errors.is_empty() {
        let notice = serde_json::to_string(&Notice::Error { diagnostics: errors }).unwrap_or_default();
        if socket.send(Message::Text(notice.into())).await.is_err() {
            return;
        }
    }
    let every = idle();
    let mut pings = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    let mut answered = true;
    loop {
        tokio::select! {
            notice = notices.recv() => match notice {
                Ok(text) => if socket.send(Message::Text(text.into())).await.is_err() { return },
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => answered = true,
            },
            _ = pings.tick() => {
                if !answered || socket.send(Message::Ping(Bytes::new())).await.is_err() {
                    return;
                }
                answered = false;
            }
        }
    }
}

/// Serves a file of the site from memory, with the site's own security headers.
async fn file(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let files = Arc::clone(&shared.files.read().unwrap_or_else(|e| e.into_inner()));
    let (status, key) = match http::resolve(&files, req.uri().path()) {
        Resolved::File(key) => (StatusCode::OK, key),
        Resolved::Redirect(to) => {
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response();
        }
        Resolved::Refused => return (StatusCode::BAD_REQUEST, "This address is not part of the site.").into_response(),
        Resolved::NotFound => (StatusCode::NOT_FOUND, "404.html".to_owned()),
    };
    let Some(bytes) = files.get(&key) else {
        return not_built(&shared);
    };
    let body = if key.ends_with(".html") {
        Body::from(http::inject(bytes))
    } else {
        Body::from(bytes.clone())
    };
    let mut res = Response::new(body);
    *res.status_mut() = status;
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&http::content_type(&key)) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(headers) = files.get("_headers") {
        for (name, value) in site_headers(headers) {
            if let (Ok(n), Ok(v)) = (
                header::HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) && n != header::STRICT_TRANSPORT_SECURITY
            {
                h.insert(n, v);
            }
        }
    }
    res
}

/// Before the first good build there is no site: a page that shows the problems and updates
/// itself once they are fixed.
fn not_built(shared: &Shared) -> Response {
    let errors = shared.errors.read().unwrap_or_else(|e| e.into_inner());
    let mut html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n{}\n<title>The site could not be built</title>\n</head>\n<body>\n<h1>The site could not be built yet</h1>\n<p>Fix the problems below and save; this page updates by itself.</p>\n<ol>\n",
        crate::privacy::csp_meta_element()
    );
    for d in errors.iter() {
        html.push_str("<li><pre>");
        crate::util::text::push_escaped(&mut html, &d.to_string());
        html.push_str("</pre></li>\n");
    }
    html.push_str("</ol>\n</body>\n</html>\n");
    let body = http::inject(html.as_bytes());
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// The `/*` headers of a `_headers` file.
fn site_headers(file: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(file);
    let mut out = Vec::new();
    let mut all = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            all = line.trim() == "/*";
        } else if all && let Some((k, v)) = line.trim().split_once(':') {
            out.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    out
}
