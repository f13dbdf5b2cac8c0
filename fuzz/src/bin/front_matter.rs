//! The front_matter parser on its own (fast): see `invariants::check_front_matter`.
#[path = "../../../tests/testsuite/invariants.rs"]
mod invariants;

fn main() {
    afl::fuzz!(|data: &[u8]| invariants::check_front_matter(data));
}
