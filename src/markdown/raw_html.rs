//! Raw HTML in a page's Markdown, checked for anything it would load from another website:
//! run by run (consecutive pieces read together, so a tag split over events is whole), then the
//! rendered body as a whole.

use super::links;
use crate::diagnostics::Diagnostic;

/// Raw HTML of a body, checked for loads from other websites.
#[derive(Default)]
pub(super) struct RawHtml {
    /// The current run: its text and, for each piece, (offset in `text`, offset in the body).
    text: String,
    pieces: Vec<(usize, usize)>,
    /// URLs reported so far.
    pub(super) reported: Vec<String>,
    /// Whether the body had raw HTML at all.
    any: bool,
}

impl RawHtml {
    pub(super) fn push(&mut self, at: usize, html: &str) {
        self.any = true;
        self.pieces.push((self.text.len(), at));
        self.text.push_str(html);
    }

    /// Checks the current run.
    pub(super) fn flush(&mut self, ctx: &links::Context<'_>, diags: &mut Vec<Diagnostic>) {
        if self.pieces.is_empty() {
            return;
        }
        for load in crate::privacy::remote_loads_in_html(&self.text) {
            let i = self
                .pieces
                .partition_point(|&(start, _)| start <= load.offset)
                .saturating_sub(1);
            let (start, at) = self.pieces[i];
            diags.push(ctx.error(at + (load.offset - start), load.message(), load.hint()));
            self.reported.push(load.url);
        }
        self.text.clear();
        self.pieces.clear();
    }

    /// Checks the whole rendered body once more: raw HTML split by Markdown (a tag opened in
    /// one block and closed in another) is read here as the browser reads it. What the runs
    /// did not find is reported where its URL is written.
    pub(super) fn check_whole(&self, ctx: &links::Context<'_>, body: &str, html: &str, diags: &mut Vec<Diagnostic>) {
        if !self.any {
            return;
        }
        for load in crate::privacy::remote_loads_in_html(html) {
            if !self.reported.contains(&load.url) {
                let at = body.find(load.url.as_str()).unwrap_or(0);
                diags.push(ctx.error(at, load.message(), load.hint()));
            }
        }
    }
}
