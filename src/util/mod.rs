//! Helpers several stages share, at the bottom of the pipeline: dates (front matter and config),
//! phone numbers (guides' contacts and the crisis lines), text (slugs, escaping, word counts,
//! "did you mean"), paths, and YAML and TOML read as a tree with every key's place (front matter
//! and the configuration file). Nothing here knows about pages, sites or templates, so every
//! stage may use it and it uses none of them.

pub(crate) mod dates;
pub(crate) mod paths;
pub(crate) mod phone;
pub(crate) mod text;
pub(crate) mod tree;
