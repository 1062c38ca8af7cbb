//! YAML with PyYAML `safe_load` (YAML 1.1) semantics.

use super::ParseError;
use crate::source::{FileId, Span};
use crate::value::Node;

/// Parses one YAML document.
pub fn parse(text: &str, file: FileId) -> Result<Node, ParseError> {
    Err(ParseError::new(
        format!("YAML parsing is not implemented yet ({} bytes)", text.len()),
        Span::new(file, 0, 0),
    ))
}
