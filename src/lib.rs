//! Trailhead: a static-site generator for peer-support resource libraries.
//!
//! The build is a one-way pipeline, one module per step:
//! [`config`] → [`content`] (walk, front matter, model, validation) → [`markdown`] →
//! [`site`] (sections, taxonomies, pagination, links) → [`render`] (Tera) → [`output`]
//! (pages, feeds, sitemap, atomic write). [`build`] runs the whole pipeline;
//! [`scaffold`] creates a new site. Every problem a user can cause is a
//! [`diagnostics::Diagnostic`] with a file, line, column and hint.
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]

#[cfg(feature = "bench-internals")]
#[doc(hidden)]
pub mod bench_api;
pub mod build;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod output;
pub(crate) mod privacy;
pub mod register;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;

pub use build::{BuildOptions, BuildReport, build};
pub use diagnostics::{Diagnostic, Severity};
