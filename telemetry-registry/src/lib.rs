//! The probe registry: Firefox telemetry definitions (`Histograms.json`, `Scalars.yaml`,
//! `Events.yaml`, the histogram allowlist and `Processes.yaml`) parsed with exact spans into one
//! typed model, validated exactly as Firefox's build scripts do, with bucket layouts computed
//! bit-for-bit.
//!
//! Pipeline: files → [`parse`] (spanned trees) → [`check`](mod@check) (Firefox's rules,
//! building the [`model`]) → [`policy`] (the team's rules, suppressions, levels, baseline) →
//! emitters ([`render`], [`resolve`]). [`check()`] runs all of it; the CLI, the build script
//! and the proc-macro call it, so none re-implements a step.

pub mod buckets;
pub mod builder;
pub mod check;
pub mod codegen;
#[doc(hidden)]
pub mod corpus;
pub mod diagnostic;
pub mod diff;
pub mod docs;
pub mod load;
pub mod model;
pub mod naming;
pub mod parse;
pub mod policy;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod source;
pub mod value;

pub use builder::{BuildError, Builder, Built};
pub use diagnostic::{Diagnostic, Diagnostics, FirefoxVerdict, Severity};
pub use load::{Inputs, LoadError, Loaded, Options, check, check_sources, load, load_sources};
pub use model::Registry;
pub use policy::{Baseline, Config, Policy};
pub use rules::Generation;
pub use source::{FileId, SourceMap, Span};
