//! Markdown with raw HTML through the pipeline: the input is the body of a guide (raw HTML
//! allowed) and of a story (raw HTML escaped), under valid front matter.
#[path = "../../../tests/testsuite/invariants.rs"]
mod invariants;
#[path = "../shared.rs"]
mod shared;

fn main() {
    let root = shared::scratch("markdown");
    afl::fuzz!(|data: &[u8]| {
        invariants::write_site(&root, trailhead::scaffold::DEFAULT_THEME, &shared::as_bodies(data));
        invariants::check_site(&root);
    });
}
