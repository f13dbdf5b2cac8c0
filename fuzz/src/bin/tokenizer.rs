//! The tokenizer parser on its own (fast): see `invariants::check_tokenizer`.
#[path = "../../../tests/testsuite/invariants.rs"]
mod invariants;

fn main() {
    afl::fuzz!(|data: &[u8]| invariants::check_tokenizer(data));
}
