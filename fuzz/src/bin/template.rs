//! A site's own template (`templates/page.html`, over the theme's) through the pipeline.
#[path = "../../../tests/testsuite/invariants.rs"]
mod invariants;
#[path = "../shared.rs"]
mod shared;

fn main() {
    let root = shared::scratch("template");
    afl::fuzz!(|data: &[u8]| {
        invariants::write_site(&root, trailhead::scaffold::DEFAULT_THEME, &shared::as_template(data));
        invariants::check_site(&root);
    });
}
