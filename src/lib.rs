//! Trailhead: a static-site generator for peer-support resource libraries.
//!
//! The build is a one-way pipeline, one module per step:
//! [`config`] → [`content`] (walk, front matter, model, validation) → [`markdown`] →
//! [`site`] (sections, taxonomies, pagination, links) → [`render`] (Tera) → [`output`]
//! (pages, feeds, sitemap, search index) → a sink. [`pipeline`] wires the stages once, for
//! `build` (a folder, swapped in atomically), `serve` (memory) and `check` (nothing);
//! [`scaffold`] creates a new site. Every problem a user can cause is a
//! [`diagnostics::Diagnostic`] with a file, line, column and hint.

#[cfg(feature = "bench-internals")]
#[doc(hidden)]
pub mod bench_api;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub(crate) mod privacy;
pub mod register;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod util;

pub use diagnostics::{Diagnostic, Severity};
pub use pipeline::{BuildFailure, BuildOptions, BuildReport, build, check};
