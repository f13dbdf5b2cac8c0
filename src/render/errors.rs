//! Template errors (Tera's, found while loading or rendering) turned into diagnostics at the
//! template's line and column, in plain words.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tera::ErrorKind;

use crate::diagnostics::{Diagnostic, relative};

pub(super) fn template_error(
    root: &Path,
    files: &HashMap<String, PathBuf>,
    e: &tera::Error,
    what: Option<&str>,
) -> Diagnostic {
    let file_of = |name: &str| {
        files
            .get(name)
            .map(|p| relative(root, p))
            .unwrap_or_else(|| PathBuf::from(name))
    };
    let during = what.map(|w| format!(" (while rendering {w})")).unwrap_or_default();
    let mut d = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let mut message = r.message().to_owned();
            let mut source = e.source_chain_text();
            if !source.is_empty() {
                message.push_str(": ");
                message.push_str(&std::mem::take(&mut source));
            }
            let file = file_of(r.filename());
            let line_text = std::fs::read_to_string(
                files
                    .get(r.filename())
                    .map(|p| if p.is_absolute() { p.clone() } else { root.join(p) })
                    .unwrap_or_default(),
            )
            .ok()
            .and_then(|s| s.lines().nth(r.span().start_line.saturating_sub(1)).map(str::to_owned));
            let mut d = Diagnostic::error(format!("template problem: {message}{during}"))
                .in_file(file)
                .at(r.span().start_line, r.span().start_col + 1);
            d.snippet = line_text;
            d
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(format!("the template `{name}` does not exist{during}")),
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(format!(
            "the template `{current}` extends `{parent}`, which does not exist{during}"
        ))
        .in_file(file_of(current)),
        _ => {
            // Some errors (an unknown filter or test, say) carry their place only in the text:
            // "error: Unknown filter `x` --> base.html:38:36 | …".
            let text = e.to_string();
            let place = text.split_once("--> ").and_then(|(_, rest)| {
                let spot = rest.split_whitespace().next()?;
                let mut parts = spot.rsplitn(3, ':');
                let col: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                let name = parts.next()?;
                files.contains_key(name).then(|| (name.to_owned(), line, col))
            });
            let headline = text
                .split("-->")
                .next()
                .unwrap_or(&text)
                .trim()
                .trim_start_matches("error: ")
                .to_owned();
            match place {
                Some((name, line, col)) => {
                    let path = files.get(&name).cloned().unwrap_or_default();
                    let full = if path.is_absolute() {
                        path.clone()
                    } else {
                        root.join(&path)
                    };
                    let mut d = Diagnostic::error(format!("template problem: {headline}{during}"))
                        .in_file(file_of(&name))
                        .at(line, col);
                    d.snippet = std::fs::read_to_string(full)
                        .ok()
                        .and_then(|s| s.lines().nth(line.saturating_sub(1)).map(str::to_owned));
                    d
                }
                None => Diagnostic::error(format!("template problem: {text}{during}")),
            }
        }
    };
    let text = d.message.clone();
    d.hint = Some(match e.kind() {
        _ if text.contains("Unknown filter") || text.contains("Unknown test") || text.contains("Unknown function") => {
            "check the spelling: templates can use Tera's own filters, tests and functions plus `human_date`, `json_string`, `get_page`, `get_section`, `get_taxonomy`, `get_taxonomy_term` and `get_url` (see docs/templates.md)".to_owned()
        }
        ErrorKind::SyntaxError(_) => "check the template syntax: every {% if %}/{% for %}/{% block %} needs its {% end… %}, and {{ }} must be balanced".to_owned(),
        _ => "check the template at that line; variables that may be missing can use `x or \"default\"` or `x?.y`".to_owned(),
    });
    d
}

pub(super) trait SourceChain {
    fn source_chain_text(&self) -> String;
}

impl SourceChain for tera::Error {
    fn source_chain_text(&self) -> String {
        let mut parts = Vec::new();
        let mut cur = std::error::Error::source(self);
        while let Some(s) = cur {
            parts.push(s.to_string());
            cur = s.source();
        }
        parts.join(": ")
    }
}
