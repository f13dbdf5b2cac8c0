//! The editor's requests: the page, the list, opening, previewing, saving, new files, images.

use std::path::Path;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::wire::{Json, Query};
use super::{Editor, paths, refuse, yaml};
use crate::scaffold::EntryKind;

fn version(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..12].iter().map(|b| format!("{b:02x}")).collect()
}

fn bad(text: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": text }))).into_response()
}

#[allow(clippy::result_large_err, reason = "the refusal is sent as it is")]
fn page_file(editor: &Editor, rel: &str) -> Result<std::path::PathBuf, Response> {
    paths::confine(&editor.content, rel, &["md"]).map_err(bad)
}

pub(super) async fn page(
    State(editor): State<Arc<Editor>>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Response {
    let lang = super::strings::language(&editor.root, q.get("lang").map(String::as_str));
    let html = super::strings::page_html(&editor.root, &lang);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

pub(super) async fn script() -> Response {
    asset("text/javascript; charset=utf-8", include_str!("editor.js"))
}

pub(super) async fn style() -> Response {
    asset("text/css; charset=utf-8", include_str!("editor.css"))
}

fn asset(ty: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, ty)], body).into_response()
}

/// Every story and guide with its state, for the list.
pub(super) async fn list(State(editor): State<Arc<Editor>>) -> Response {
    let editor = Arc::clone(&editor);
    let rows = tokio::task::spawn_blocking(move || super::state::rows(&editor)).await;
    match rows {
        Ok(rows) => Json(rows).into_response(),
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, "The list could not be made."),
    }
}

#[derive(Deserialize)]
pub(super) struct PathQuery {
    path: String,
}

/// A file's text, its version (to notice changes on disk) and its front matter as JSON.
pub(super) async fn open(State(editor): State<Arc<Editor>>, Query(q): Query<PathQuery>) -> Response {
    let file = match page_file(&editor, &q.path) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Ok(text) = std::fs::read_to_string(&file) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": format!("content/{} cannot be read", q.path) })),
        )
            .into_response();
    };
    let (front, body) = yaml::split(&text).unwrap_or(("", &text));
    let fields = crate::util::tree::parse_yaml(front)
        .map(|n| n.to_json())
        .unwrap_or(Value::Null);
    Json(json!({
        "path": q.path,
        "kind": super::state::kind_of(&editor, &file),
        "version": version(text.as_bytes()),
        "fields": fields,
        "body": body,
        "vocabulary": super::state::vocabulary(&editor.root),
        "tags": super::state::site_tags(&editor.content),
    }))
    .into_response()
}

#[derive(Deserialize)]
pub(super) struct Draft {
    path: String,
    #[serde(default)]
    version: Option<String>,
    fields: serde_json::Map<String, Value>,
    body: String,
}

impl Draft {
    /// The whole file as it would be saved: the file on disk with the form's keys replaced.
    fn text(&self, file: &Path) -> String {
        let old = std::fs::read_to_string(file).unwrap_or_default();
        let front = yaml::split(&old).map(|(f, _)| f).unwrap_or("");
        format!("---\n{}---\n{}", yaml::merge(front, &self.fields), self.body)
    }
}

/// The page as the build renders it, with the build's diagnostics by field and line.
pub(super) async fn preview(State(editor): State<Arc<Editor>>, Json(d): Json<Draft>) -> Response {
    let file = match page_file(&editor, &d.path) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let text = d.text(&file);
    let ed = Arc::clone(&editor);
    let path = d.path.clone();
    match tokio::task::spawn_blocking(move || super::state::preview(&ed, &path, &text)).await {
        Ok(v) => Json(v).into_response(),
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, "The preview could not be built."),
    }
}

/// The last preview of a page, for the frame beside the form.
pub(super) async fn render(State(editor): State<Arc<Editor>>, Query(q): Query<PathQuery>) -> Response {
    let html = super::state::rendered(&editor, &q.path).unwrap_or_default();
    let mut r = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; base-uri 'self'; form-action 'none'; frame-ancestors 'self'",
        ),
    );
    r
}

/// Writes the page atomically, unless it changed on disk since it was opened.
pub(super) async fn save(State(editor): State<Arc<Editor>>, Json(d): Json<Draft>) -> Response {
    let file = match page_file(&editor, &d.path) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let _one = editor.writing.lock().unwrap_or_else(|e| e.into_inner());
    let disk = std::fs::read(&file).ok();
    let now = disk.as_deref().map(version);
    if now != d.version {
        return (
            StatusCode::CONFLICT,
            Json(json!({
                "error": "changed",
                "disk": disk.map(|b| String::from_utf8_lossy(&b).into_owned()),
                "yours": d.text(&file),
            })),
        )
            .into_response();
    }
    let text = d.text(&file);
    match write_atomic(&file, text.as_bytes()) {
        Ok(()) => Json(json!({ "version": version(text.as_bytes()) })).into_response(),
        Err(e) => bad(format!("content/{} could not be saved: {e}", d.path)),
    }
}

/// Writes beside the file, then renames over it: readers see the old or the new file, never
/// half of one.
fn write_atomic(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file.parent().ok_or_else(|| std::io::Error::other("no folder"))?;
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("page");
    let tmp = dir.join(format!(".{name}.trailhead-edit-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    let f = std::fs::File::open(&tmp)?;
    f.sync_all()?;
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[derive(Deserialize)]
pub(super) struct NewEntry {
    kind: String,
    title: String,
}

/// "New story" / "New guide": the same file as `trailhead new story "Title"`.
pub(super) async fn create(State(editor): State<Arc<Editor>>, Json(n): Json<NewEntry>) -> Response {
    let Some(kind) = EntryKind::from_word(&n.kind) else {
        return bad("a new file is a story or a guide".into());
    };
    match crate::scaffold::create_entry(&editor.root, kind, &n.title) {
        Ok(path) => {
            let rel = std::fs::canonicalize(&path)
                .ok()
                .and_then(|p| p.strip_prefix(&editor.content).ok().map(crate::util::paths::to_slash));
            match rel {
                Some(rel) => Json(json!({ "path": rel })).into_response(),
                None => bad("the new file is outside content/".into()),
            }
        }
        Err(d) => (
            StatusCode::CONFLICT,
            Json(json!({ "error": d.message, "hint": d.hint })),
        )
            .into_response(),
    }
}

#[derive(Deserialize)]
pub(super) struct ImageQuery {
    page: String,
    name: String,
    #[serde(default)]
    alt: String,
}

/// An image saved beside its page, with its metadata (GPS, camera, time) removed. Alt text
/// is required; an existing file is never replaced.
pub(super) async fn image(State(editor): State<Arc<Editor>>, Query(q): Query<ImageQuery>, body: Bytes) -> Response {
    let alt = q.alt.trim();
    if alt.is_empty() {
        return bad("describe the image for people who cannot see it (alt text)".into());
    }
    let page = match page_file(&editor, &q.page) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let slug = crate::util::text::slugify(q.name.rsplit_once('.').map_or(q.name.as_str(), |(n, _)| n));
    let ext = q
        .name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let dir = Path::new(&q.page)
        .parent()
        .map(crate::util::paths::to_slash)
        .unwrap_or_default();
    let rel = if dir.is_empty() {
        format!("{slug}.{ext}")
    } else {
        format!("{dir}/{slug}.{ext}")
    };
    let file = match paths::confine(&editor.content, &rel, &["jpg", "jpeg", "png", "webp"]) {
        Ok(f) => f,
        Err(e) => return bad(e),
    };
    let _ = page;
    let clean = match crate::output::images::strip_metadata(&rel, body.to_vec()) {
        Ok(b) => b,
        Err(e) => return bad(e),
    };
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &clean));
    match written {
        Ok(()) => {
            Json(json!({ "markdown": format!("![{}]({slug}.{ext})", alt.replace([']', '\n'], " ")) })).into_response()
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => (
            StatusCode::CONFLICT,
            Json(json!({ "error": format!("content/{rel} already exists") })),
        )
            .into_response(),
        Err(e) => bad(format!("content/{rel} could not be saved: {e}")),
    }
}
