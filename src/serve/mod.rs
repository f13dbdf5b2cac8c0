//! `trailhead serve`: the site built in memory and served on loopback, rebuilt when a source
//! changes, with live reload over a WebSocket and the build's problems shown in the browser.
//!
//! Nothing is written to disk: the user's `public/` folder is never touched. A failed rebuild
//! keeps the last good site in service underneath an overlay that names the file, line and fix.

pub(crate) mod guard;
pub mod http;
pub mod preview;
pub(crate) mod server;
pub mod watch;

pub use server::bind;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, mpsc};

use axum::body::Bytes;
use serde::Serialize;
use tokio::sync::{Semaphore, broadcast};

use crate::diagnostics::Diagnostic;
use crate::pipeline::BuildOptions;
use preview::{Outcome, Preview};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site folder, drafts, base URL, date.
    pub build: BuildOptions,
    /// Address to listen on; loopback unless asked otherwise.
    pub bind: IpAddr,
    /// Port to listen on (0: any free one).
    pub port: u16,
    /// The port was named by the user: fail if it is taken, rather than use the next free one.
    pub fixed_port: bool,
    /// More names the preview answers to (`--allowed-host`), besides its own addresses.
    pub allowed_hosts: Vec<String>,
    /// Open the site in the default browser once it is ready.
    pub open: bool,
    /// Also serve the local editor under `/_edit/TOKEN/`.
    pub edit: bool,
    /// Allow the editor on a non-loopback `--bind` (after a warning).
    pub edit_on_network: bool,
}

/// One problem as the browser overlay shows it.
#[derive(Debug, Serialize)]
pub(crate) struct Problem {
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
pub(crate) enum Notice {
    Reload { paths: Vec<String> },
    Css { paths: Vec<String> },
    Error { diagnostics: Vec<Problem> },
    Ok,
}

/// What the HTTP side shares with the rebuild loop.
pub(crate) struct Shared {
    files: RwLock<Arc<HashMap<String, Bytes>>>,
    /// The errors of the last rebuild; empty when it worked.
    errors: RwLock<Vec<Diagnostic>>,
    notices: broadcast::Sender<String>,
    /// Places for pages following the live-reload socket.
    sockets: Arc<Semaphore>,
}

/// Runs the preview until interrupted.
pub fn run(mut opts: ServeOptions) -> anyhow::Result<()> {
    opts.build.root = std::fs::canonicalize(&opts.build.root)
        .map_err(|e| anyhow::anyhow!("cannot open the site folder {}: {e}", opts.build.root.display()))?;
    if opts.edit && !opts.bind.is_loopback() {
        if !opts.edit_on_network {
            anyhow::bail!(
                "the editor can change your site's files, so it only runs on this computer (--bind 127.0.0.1), not on {}.\n  hint: leave out --bind; to allow other computers anyway, add --edit-on-network (anyone who gets the editor's address can then change your content)",
                opts.bind
            );
        }
        eprintln!(
            "warning: --edit-on-network: anyone on your network who learns the editor's address can change this site's content. Stop it when you are done."
        );
    }
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} lets other computers on your network open this preview, drafts included. Leave out --bind to keep it on this computer.",
            opts.bind
        );
    }
    let allowed = opts
        .allowed_hosts
        .iter()
        .map(|h| guard::parse_allowed(h))
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::msg)?;
    let listener = bind(opts.bind, opts.port, opts.fixed_port)?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let hosts = Arc::new(guard::Hosts::new(opts.bind, addr.port(), allowed));
    let root = opts.build.root.clone();

    // Watching starts before the first build, so that nothing saved while it runs is missed.
    let mut watcher = watch::SourceWatcher::start(&root)?;
    let mut preview = Preview::new(opts.build.clone());
    let first = preview.full_rebuild("first build");
    let (notices, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        files: RwLock::new(Arc::new(preview.files().clone())),
        errors: RwLock::new(Vec::new()),
        notices,
        sockets: Arc::new(Semaphore::new(server::MAX_SOCKETS)),
    });
    report(&first, &shared);
    let url = format!("http://{addr}/");
    let editor = if opts.edit {
        Some(Arc::new(crate::editor::Editor::new(root.clone(), Arc::clone(&hosts))?))
    } else {
        None
    };
    println!("Serving the preview at {url} (press Ctrl+C to stop).");
    if let Some(e) = &editor {
        let shown = match addr {
            std::net::SocketAddr::V4(_) => format!("http://{addr}"),
            std::net::SocketAddr::V6(_) => format!("http://{addr}"),
        };
        println!(
            "Editor at {shown}{} (keep this address private: it lets anyone who has it change the site).",
            e.base()
        );
    }
    println!("Watching {} for changes.", root.display());

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
        server::listen(listener, server::router(shared, hosts, editor)).await
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

pub(crate) fn problem(d: &Diagnostic) -> Problem {
    Problem {
        file: d.file.as_ref().map(|f| crate::content::to_slash(f)),
        line: d.line,
        col: d.col,
        message: d.message.clone(),
        hint: d.hint.clone(),
        snippet: d.snippet.clone(),
    }
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
