//! Rendering diagnostics: human (codespan-reporting) and machine formats.
