//! Spanned parsers: JSON with Python's `json` semantics, YAML with PyYAML `safe_load` (YAML 1.1)
//! semantics. Both produce the same [`Node`](crate::value::Node) tree.

pub mod json;
pub mod yaml;

use crate::source::Span;

/// Deepest nesting either parser accepts (Python's own recursion limit is about 1,000).
pub const MAX_DEPTH: usize = 512;

/// A syntax error: the file cannot be read as a document at all.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

impl ParseError {
    pub fn new(message: impl Into<String>, span: Span) -> ParseError {
        ParseError {
            message: message.into(),
            span,
        }
    }
}
