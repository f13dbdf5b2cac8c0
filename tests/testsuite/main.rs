//! Trailhead's integration tests, in one test binary: each module builds fixture sites in
//! temporary folders (helpers in `common`) or runs the `trailhead` command, and asserts on the
//! output and on the full text of diagnostics.

mod bad_files;
mod bad_input;
mod bad_input_table;
mod build;
mod check;
mod cli;
mod common;
mod consent;
mod crisis;
mod diagnostics;
mod faults;
mod frontmatter;
mod fuzz_regressions;
mod invariants;
mod languages;
mod links;
mod new_entry;
mod portable;
mod print;
mod remote_loads;
mod search;
mod serve;
mod serve_client;
mod serve_faults;
mod serve_guard;
mod serve_load;
mod wording;
