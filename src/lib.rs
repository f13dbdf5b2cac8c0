//! Trailhead: a static-site generator for peer-support resource libraries.
//!
//! The build is a one-way pipeline, one module per step: `config` → `content` (walk, front
//! matter with spans, model, validation, the [`consent`] decision) → `markdown` → `site`
//! (sections, taxonomies, pagination, links) → `render` (Tera) → `output` (pages, feeds,
//! sitemap, search index) → a sink. [`pipeline`] wires the stages once, for [`build()`] (a
//! folder, swapped in atomically), [`serve`] (memory) and [`check()`] (nothing); [`scaffold`]
//! creates a new site and [`register`] lists every story's consent. Every problem a user can
//! cause is a [`Diagnostic`] with a file, line, column and hint. Everything else is internal
//! (`pub(crate)`): the API is what a user of the library calls.

#[cfg(feature = "bench-internals")]
#[doc(hidden)]
pub mod bench_api;
pub(crate) mod config;
pub(crate) mod content;
pub mod diagnostics;
pub(crate) mod editor;
#[doc(hidden)]
pub mod fuzz_api;
pub(crate) mod i18n;
pub(crate) mod markdown;
pub(crate) mod output;
pub mod pipeline;
pub(crate) mod privacy;
pub mod register;
pub(crate) mod render;
pub mod scaffold;
pub(crate) mod search;
pub mod serve;
pub(crate) mod site;
pub(crate) mod util;

pub use content::consent;
pub use content::model::Excluded;
pub use diagnostics::{Diagnostic, Severity};
pub use output::meta::CSP;
pub use pipeline::{BuildFailure, BuildOptions, BuildReport, build, check};
