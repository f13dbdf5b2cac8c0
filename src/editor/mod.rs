//! The local editor (`trailhead serve --edit`): forms for stories and guides under
//! `/_edit/TOKEN/`, served by the preview on this computer only.
//!
//! Security, in the order requests meet it: the preview's own host check (no DNS rebinding);
//! the per-run secret token in every editor address (`guard`); for anything that writes, an
//! `Origin` equal to the editor's own address and a JSON body (no cross-site forms); every
//! path confined to `content/` ([`paths`]); size limits on bodies and uploads; the strict
//! CSP on every editor response. Nothing of the editor is ever part of a built site: it lives
//! only in this module, which only `serve` uses.

mod api;
mod paths;
mod state;
mod strings;
mod wire;
mod yaml;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::serve::guard::Hosts;

/// Largest JSON request (a page's text and its fields).
const MAX_JSON: usize = 2 * 1024 * 1024;
/// Largest image upload.
pub(crate) const MAX_IMAGE: usize = 8 * 1024 * 1024;

/// The editor pages' policy: only the editor's own script and style, no framing by others,
/// the preview frame from this origin only.
pub(crate) const EDITOR_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/// What the editor's handlers share.
pub(crate) struct Editor {
    /// The per-run secret in every editor address.
    pub(crate) token: String,
    /// The site folder (canonical).
    pub(crate) root: PathBuf,
    /// `content/` (canonical).
    pub(crate) content: PathBuf,
    pub(crate) hosts: Arc<Hosts>,
    /// One save at a time, so the "changed on disk" check and the write do not interleave.
    pub(crate) writing: Mutex<()>,
    /// The last preview of each open page, for the frame beside the form.
    pub(crate) rendered: Mutex<std::collections::HashMap<String, String>>,
}

impl Editor {
    /// The editor for the site at `root` (canonical), with a fresh token.
    pub(crate) fn new(root: PathBuf, hosts: Arc<Hosts>) -> std::io::Result<Editor> {
        let content = std::fs::canonicalize(root.join("content"))?;
        Ok(Editor {
            token: new_token(),
            root,
            content,
            hosts,
            writing: Mutex::new(()),
            rendered: Mutex::new(Default::default()),
        })
    }

    /// The editor's address path, with the token.
    pub(crate) fn base(&self) -> String {
        format!("/_edit/{}/", self.token)
    }
}

/// 128 unpredictable bits as hex: from the operating system's random source where there is
/// one, mixed with std's randomly keyed hasher (itself seeded from the OS).
fn new_token() -> String {
    use sha2::{Digest, Sha256};
    use std::hash::{BuildHasher, Hasher};
    let mut h = Sha256::new();
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        let mut buf = [0u8; 32];
        if std::io::Read::read_exact(&mut f, &mut buf).is_ok() {
            h.update(buf);
        }
    }
    for i in 0..4u64 {
        let mut s = std::collections::hash_map::RandomState::new().build_hasher();
        s.write_u64(i);
        h.update(s.finish().to_le_bytes());
    }
    h.update(format!("{:?}{}", std::time::SystemTime::now(), std::process::id()));
    h.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The editor's routes (all under `/_edit/TOKEN/`), plus a refusal for every other `/_edit`
/// address.
pub(crate) fn router(editor: Arc<Editor>) -> Router {
    let b = editor.base();
    Router::new()
        .route(&b, get(api::page))
        .route(&format!("{b}editor.js"), get(api::script))
        .route(&format!("{b}editor.css"), get(api::style))
        .route(&format!("{b}favicon.ico"), get(|| async { StatusCode::NO_CONTENT }))
        .route(&format!("{b}api/list"), get(api::list))
        .route(&format!("{b}api/open"), get(api::open))
        .route(&format!("{b}api/render"), get(api::render))
        .route(&format!("{b}api/preview"), post(api::preview))
        .route(&format!("{b}api/save"), post(api::save))
        .route(&format!("{b}api/new"), post(api::create))
        .route(
            &format!("{b}api/image"),
            post(api::image).layer(DefaultBodyLimit::max(MAX_IMAGE)),
        )
        .route("/_edit", axum::routing::any(no_token))
        .route("/_edit/", axum::routing::any(no_token))
        .route("/_edit/{*rest}", axum::routing::any(no_token))
        .layer(DefaultBodyLimit::max(MAX_JSON))
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&editor), same_origin))
        .with_state(editor)
}

async fn no_token() -> Response {
    refuse(
        StatusCode::FORBIDDEN,
        "This editor address has no valid token. Use the address `trailhead serve --edit` printed.",
    )
}

pub(crate) fn refuse(status: StatusCode, text: &str) -> Response {
    let mut r = (status, [(header::CACHE_CONTROL, "no-store")], format!("{text}\n")).into_response();
    r.headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(EDITOR_CSP));
    r
}

/// Anything but GET must come from the editor's own page: an `Origin` that is the editor's
/// own address and names the same host the request was sent to.
async fn same_origin(State(editor): State<Arc<Editor>>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok());
        let ok = match (origin, host) {
            (Some(o), Some(h)) => {
                editor.hosts.allows_own_origin(o)
                    && o.strip_prefix("http://").is_some_and(|o| o.eq_ignore_ascii_case(h))
            }
            _ => false,
        };
        if !ok {
            return refuse(
                StatusCode::FORBIDDEN,
                "Changes are accepted only from the editor's own page (this request came from another address).",
            );
        }
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(EDITOR_CSP));
    }
    res
}
