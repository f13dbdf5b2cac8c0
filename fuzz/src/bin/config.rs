//! The config parser on its own (fast): see `invariants::check_config`.
#[path = "../../../tests/testsuite/invariants.rs"]
mod invariants;

fn main() {
    afl::fuzz!(|data: &[u8]| invariants::check_config(data));
}
