//! Whole files through the one pipeline: the input is cut at 0xFF bytes into trailhead.toml,
//! the home page, a story, a guide, a page, a Spanish translation and a page template (see
//! `invariants::SLOTS`), written over a small valid site and built into memory, twice.
#[path = "../../../tests/testsuite/invariants.rs"]
mod invariants;
#[path = "../shared.rs"]
mod shared;

fn main() {
    let root = shared::scratch("site");
    afl::fuzz!(|data: &[u8]| {
        invariants::write_site(&root, trailhead::scaffold::DEFAULT_THEME, data);
        invariants::check_site(&root);
    });
}
