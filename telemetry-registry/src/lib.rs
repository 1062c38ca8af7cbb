//! The probe registry: Firefox telemetry definitions (`Histograms.json`, `Scalars.yaml`,
//! `Events.yaml`, the histogram allowlist and `Processes.yaml`) parsed with exact spans into one
//! typed model, validated exactly as Firefox's build scripts do, with bucket layouts computed
//! bit-for-bit.
//!
//! Pipeline: files → [`parse`] (spanned trees) → [`check`] (Firefox's rules, building the
//! [`model`]) → emitters ([`render`], [`resolve`]).

pub mod buckets;
pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod docs;
pub mod load;
pub mod model;
pub mod naming;
pub mod parse;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod source;
pub mod value;

pub use diagnostic::{Diagnostic, Diagnostics, FirefoxVerdict, Severity};
pub use load::{Inputs, LoadError, Loaded, Options, load, load_sources};
pub use model::Registry;
pub use rules::Generation;
pub use source::{FileId, SourceMap, Span};
