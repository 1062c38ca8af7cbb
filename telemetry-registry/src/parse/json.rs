//! JSON with the semantics of Python's `json` module (see the module docs of [`parse`](super)).

use super::ParseError;
use crate::source::{FileId, Span};
use crate::value::Node;

/// Parses one JSON document.
pub fn parse(text: &str, file: FileId) -> Result<Node, ParseError> {
    Err(ParseError::new(
        format!("JSON parsing is not implemented yet ({} bytes)", text.len()),
        Span::new(file, 0, 0),
    ))
}
