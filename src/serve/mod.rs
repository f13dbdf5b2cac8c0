//! `trailhead serve`: the site built in memory and served on loopback, rebuilt when a source
//! changes, with live reload over a WebSocket and the build's problems shown in the browser.
//!
//! Nothing is written to disk: the user's `public/` folder is never touched. A failed rebuild
//! keeps the last good site in service underneath an overlay that names the file, line and fix.

pub mod http;
pub mod preview;
pub mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, mpsc};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::diagnostics::Diagnostic;
use crate::pipeline::BuildOptions;
use http::Resolved;
use preview::{Outcome, Preview};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site folder, drafts, base URL, date.
    pub build: BuildOptions,
    /// Address to listen on; loopback unless asked otherwise.
    pub bind: IpAddr,
    /// Port to try first; the next free one is used if it is taken.
    pub port: u16,
    /// Open the site in the default browser once it is ready.
    pub open: bool,
}

/// One problem as the browser overlay shows it.
#[derive(Debug, Serialize)]
struct Problem {
    file: Option<String>,
    line: usize,
    col: usize,
    message: String,
    hint: Option<String>,
    snippet: Option<String>,
}

/// A message to every open page.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Notice {
    Reload { paths: Vec<String> },
    Css { paths: Vec<String> },
    Error { diagnostics: Vec<Problem> },
    Ok,
}

/// What the HTTP side shares with the rebuild loop.
struct Shared {
    files: RwLock<Arc<HashMap<String, Bytes>>>,
    /// The errors of the last rebuild; empty when it worked.
    errors: RwLock<Vec<Diagnostic>>,
    notices: broadcast::Sender<String>,
}

/// Binds the first free port from `port` on `bind` (trying the next 20). Says so when the
/// asked-for port was taken.
pub fn bind(bind: IpAddr, port: u16) -> std::io::Result<TcpListener> {
    let mut last = None;
    for p in port..port.saturating_add(20) {
        match TcpListener::bind(SocketAddr::new(bind, p)) {
            Ok(l) => {
                if p != port {
                    eprintln!(
                        "Port {port} is already in use (is another preview running?), so this one uses port {p}."
                    );
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free port")))
}

/// Runs the preview until interrupted.
pub fn run(mut opts: ServeOptions) -> anyhow::Result<()> {
    opts.build.root = std::fs::canonicalize(&opts.build.root)
        .map_err(|e| anyhow::anyhow!("cannot open the site folder {}: {e}", opts.build.root.display()))?;
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} lets other computers on your network open this preview, drafts included. Leave out --bind to keep it on this computer.",
            opts.bind
        );
    }
    let listener = bind(opts.bind, opts.port)?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let root = opts.build.root.clone();

    let mut preview = Preview::new(opts.build.clone());
    let first = preview.full_rebuild("first build");
    let (notices, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        files: RwLock::new(Arc::new(preview.files().clone())),
        errors: RwLock::new(Vec::new()),
        notices,
    });
    report(&first, &shared);
    let url = format!("http://{addr}/");
    println!("Serving the preview at {url} (press Ctrl+C to stop).");
    println!("Watching {} for changes.", root.display());

    let watcher = watch::SourceWatcher::start(&root)?;
    let indexer = Indexer::start(Arc::clone(&shared))?;
    indexer.generation.store(preview.generation(), Ordering::SeqCst);
    let loop_shared = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("trailhead-rebuild".into())
        .spawn(move || {
            while let Some(batch) = watcher.next_batch() {
                indexer.collect(&mut preview);
                let outcome = preview.apply(&batch);
                if outcome.is_nothing() {
                    continue;
                }
                if !outcome.failed() {
                    indexer.generation.store(preview.generation(), Ordering::SeqCst);
                    publish(&outcome.changed, &outcome.removed, preview.files(), &loop_shared);
                }
                report(&outcome, &loop_shared);
                if outcome.search_stale && !outcome.failed() {
                    indexer.request(&preview);
                }
            }
        })?;

    if opts.open {
        open_browser(&url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, router(shared))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })?;
    Ok(())
}

/// Copies what a rebuild changed into the files being served; requests in flight keep their
/// snapshot.
fn publish(changed: &[String], removed: &[String], from: &HashMap<String, Bytes>, shared: &Shared) {
    let mut files = shared.files.write().unwrap_or_else(|e| e.into_inner());
    let files = Arc::make_mut(&mut files);
    for key in changed {
        if let Some(bytes) = from.get(key) {
            files.insert(key.clone(), bytes.clone());
        }
    }
    for key in removed {
        files.remove(key);
    }
}

/// A finished search index: the site generation it was built from, and its files.
type Built = (u64, HashMap<String, Bytes>);

/// Builds the search index on its own thread, from a snapshot of the site, so that a large
/// index never delays the next edit. Only the newest request is built; an index that is out
/// of date by the time it is done is dropped.
struct Indexer {
    jobs: mpsc::Sender<(u64, Vec<Arc<crate::site::Site>>)>,
    done: Arc<Mutex<Option<Built>>>,
    generation: Arc<AtomicU64>,
}

impl Indexer {
    fn start(shared: Arc<Shared>) -> std::io::Result<Self> {
        let (jobs, rx) = mpsc::channel::<(u64, Vec<Arc<crate::site::Site>>)>();
        let done = Arc::new(Mutex::new(None));
        let generation = Arc::new(AtomicU64::new(0));
        let (out, current) = (Arc::clone(&done), Arc::clone(&generation));
        std::thread::Builder::new()
            .name("trailhead-search".into())
            .spawn(move || {
                while let Ok(mut job) = rx.recv() {
                    while let Ok(newer) = rx.try_recv() {
                        job = newer;
                    }
                    let (generation, sites) = job;
                    let start = std::time::Instant::now();
                    let (files, diags) = preview::search_files(&sites);
                    drop(sites);
                    if diags.has_errors() || current.load(Ordering::SeqCst) != generation {
                        continue;
                    }
                    let served = Arc::clone(&shared.files.read().unwrap_or_else(|e| e.into_inner()));
                    let mut changed: Vec<String> = files
                        .iter()
                        .filter(|(k, v)| served.get(*k) != Some(*v))
                        .map(|(k, _)| k.clone())
                        .collect();
                    changed.sort();
                    let removed: Vec<String> = served
                        .keys()
                        .filter(|k| preview::is_search_file(k) && !files.contains_key(*k))
                        .cloned()
                        .collect();
                    publish(&changed, &removed, &files, &shared);
                    println!(
                        "search index updated: {} file{} changed ({:.0} ms).",
                        changed.len(),
                        if changed.len() == 1 { "" } else { "s" },
                        start.elapsed().as_secs_f64() * 1000.0
                    );
                    *out.lock().unwrap_or_else(|e| e.into_inner()) = Some((generation, files));
                }
            })?;
        Ok(Indexer { jobs, done, generation })
    }

    /// Asks for an index of the site as it is now.
    fn request(&self, preview: &Preview) {
        if let Some(job) = preview.snapshot() {
            let _ = self.jobs.send(job);
        }
    }

    /// Hands a finished index to the preview, so its files stay equal to a full build's.
    fn collect(&self, preview: &mut Preview) {
        if let Some((generation, files)) = self.done.lock().unwrap_or_else(|e| e.into_inner()).take() {
            preview.accept_search(generation, files);
        }
    }
}

/// Logs a rebuild to the terminal and tells every open page.
fn report(outcome: &Outcome, shared: &Shared) {
    for d in &outcome.diagnostics {
        eprint!("{d}");
    }
    let ms = outcome.elapsed.as_secs_f64() * 1000.0;
    if outcome.failed() {
        let n = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
        println!(
            "{}: {n} problem{} ({ms:.0} ms). The last good version is still being served.",
            outcome.kind,
            if n == 1 { "" } else { "s" }
        );
        let errors: Vec<Diagnostic> = outcome.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
        let notice = Notice::Error {
            diagnostics: errors.iter().map(problem).collect(),
        };
        *shared.errors.write().unwrap_or_else(|e| e.into_inner()) = errors;
        let _ = shared.notices.send(serde_json::to_string(&notice).unwrap_or_default());
        return;
    }
    println!(
        "{}: re-rendered {} output{}, {} changed ({ms:.1} ms).",
        outcome.kind,
        outcome.rendered,
        if outcome.rendered == 1 { "" } else { "s" },
        outcome.changed.len()
    );
    shared.errors.write().unwrap_or_else(|e| e.into_inner()).clear();
    let css_only = !outcome.changed.is_empty() && outcome.changed.iter().all(|k| k.ends_with(".css"));
    let paths: Vec<String> = outcome
        .changed
        .iter()
        .chain(&outcome.removed)
        .map(|k| http::url_of(k))
        .collect();
    let notice = if css_only {
        Notice::Css { paths }
    } else if paths.is_empty() {
        Notice::Ok
    } else {
        Notice::Reload { paths }
    };
    let _ = shared.notices.send(serde_json::to_string(&notice).unwrap_or_default());
}

fn problem(d: &Diagnostic) -> Problem {
    Problem {
        file: d.file.as_ref().map(|f| crate::content::to_slash(f)),
        line: d.line,
        col: d.col,
        message: d.message.clone(),
        hint: d.hint.clone(),
        snippet: d.snippet.clone(),
    }
}

fn router(shared: Arc<Shared>) -> Router {
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
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn socket(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    ws.on_upgrade(move |socket| follow(socket, shared))
}

/// Sends every notice to one open page; a page that opens while the site is broken is told
/// at once.
async fn follow(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut notices = shared.notices.subscribe();
    let errors: Vec<Problem> = shared
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
    loop {
        tokio::select! {
            notice = notices.recv() => match notice {
                Ok(text) => if socket.send(Message::Text(text.into())).await.is_err() { return },
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
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

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("Could not open a browser ({e}); open {url} yourself.");
    }
}
