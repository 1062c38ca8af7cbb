//! JSON with the semantics of Python's `json` module, which is what Firefox's build scripts use
//! to read `Histograms.json` and the allowlist.
//!
//! What that means, beyond RFC 8259:
//! - integers have no size limit (kept as an [`Int`](crate::value::Int): exact low 32 bits,
//!   saturated value), `-0` is the int 0, and a number with a fraction or exponent is a float
//!   (`1e400` is infinity, as Python's `float` gives);
//! - the literals `NaN`, `Infinity` and `-Infinity` are floats;
//! - raw control characters (U+0000 to U+001F) inside strings are errors (`strict=True`);
//! - a leading UTF-8 byte order mark is an error ("Unexpected UTF-8 BOM");
//! - objects keep every entry in source order, duplicate keys included (Python keeps the last;
//!   the rules decide what to report).
//!
//! The parser is iterative (an explicit stack of open containers), so no input can overflow the
//! call stack; nesting deeper than [`MAX_DEPTH`] is an error. It works on bytes: every token
//! boundary it slices at is an ASCII byte, which is always a `char` boundary in UTF-8.
//!
//! Python (3.11 and later) also refuses integer literals longer than 4,300 digits; we accept
//! them, saturated, since the checks report out-of-range values anyway.

use super::{MAX_DEPTH, ParseError};
use crate::source::{FileId, Span, floor_char_boundary};
use crate::value::{Entry, IntAccumulator, Node, Value};

/// Parses one JSON document.
pub fn parse(text: &str, file: FileId) -> Result<Node, ParseError> {
    Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        file,
    }
    .document()
}

/// A container whose closing bracket has not been read yet.
enum Frame {
    Array {
        start: usize,
        items: Vec<Node>,
    },
    Object {
        start: usize,
        entries: Vec<Entry>,
        /// The key whose value is being parsed.
        key: Node,
    },
}

impl Frame {
    fn kind_and_start(&self) -> (&'static str, usize) {
        match self {
            Frame::Array { start, .. } => ("array", *start),
            Frame::Object { start, .. } => ("object", *start),
        }
    }
}

/// Bytes that end the fast scan of a string's content: the closing quote, a backslash, or a
/// control character (an error under Python's `strict=True`).
static STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    file: FileId,
}

impl<'a> Parser<'a> {
    fn document(mut self) -> Result<Node, ParseError> {
        if self.text.starts_with('\u{feff}') {
            return Err(ParseError::new(
                "the file starts with a UTF-8 byte order mark (U+FEFF), which Python's `json` \
                 module rejects (\"Unexpected UTF-8 BOM\"); save the file without it",
                self.char_span(0),
            ));
        }
        self.skip_whitespace();
        if self.pos >= self.bytes.len() {
            return Err(ParseError::new(
                "the file is empty: expected a JSON value",
                self.char_span(self.pos),
            ));
        }
        let root = self.value()?;
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            return Err(ParseError::new(
                format!(
                    "unexpected {} after the end of the JSON value (extra data); a file holds \
                     exactly one value",
                    self.found(self.pos)
                ),
                self.char_span(self.pos),
            ));
        }
        Ok(root)
    }

    /// Parses one value and everything nested in it, without recursion.
    fn value(&mut self) -> Result<Node, ParseError> {
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            // Here a value must start (after optional whitespace).
            self.skip_whitespace();
            let start = self.pos;
            let mut node = match self.peek() {
                Some(b'[') => {
                    self.check_depth(stack.len())?;
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        self.node(Value::List(Vec::new()), start)
                    } else {
                        stack.push(Frame::Array {
                            start,
                            items: Vec::new(),
                        });
                        continue 'value;
                    }
                }
                Some(b'{') => {
                    self.check_depth(stack.len())?;
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        self.node(Value::Map(Vec::new()), start)
                    } else {
                        let key = self.key(start, false)?;
                        stack.push(Frame::Object {
                            start,
                            entries: Vec::new(),
                            key,
                        });
                        continue 'value;
                    }
                }
                _ => self.scalar(stack.last())?,
            };

            // `node` is complete: add it to its container, then read what follows it. Each
            // closing bracket completes another container, so this loops until a `,` asks for
            // the next value (or the root is complete).
            loop {
                let Some(frame) = stack.last_mut() else {
                    return Ok(node);
                };
                self.skip_whitespace();
                let after = self.pos;
                match frame {
                    Frame::Array { start, items } => {
                        items.push(node);
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_whitespace();
                                if self.peek() == Some(b']') {
                                    return Err(self.trailing_comma(after, "array"));
                                }
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let (start, items) = (*start, std::mem::take(items));
                                stack.pop();
                                node = self.node(Value::List(items), start);
                            }
                            _ => {
                                return Err(self.bad_separator("array", *start, "an array item"));
                            }
                        }
                    }
                    Frame::Object {
                        start,
                        entries,
                        key,
                    } => {
                        // The placeholder is overwritten by the next key or dropped with the frame.
                        let placeholder = Node::new(Value::Null, Span::default());
                        entries.push(Entry {
                            key: std::mem::replace(key, placeholder),
                            value: node,
                        });
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_whitespace();
                                *key = self.key(*start, true)?;
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let (start, entries) = (*start, std::mem::take(entries));
                                stack.pop();
                                node = self.node(Value::Map(entries), start);
                            }
                            _ => {
                                return Err(self.bad_separator(
                                    "object",
                                    *start,
                                    "an object entry",
                                ));
                            }
                        }
                    }
                }
            }
        }
    }

    /// An object key and the `:` after it. `open` is where the object starts.
    fn key(&mut self, open: usize, after_comma: bool) -> Result<Node, ParseError> {
        let start = self.pos;
        match self.peek() {
            Some(b'"') => {}
            None => return Err(self.unclosed("object", open)),
            Some(b'}') if after_comma => {
                // Report the comma, which is the actual mistake.
                let comma = self.bytes[..start]
                    .iter()
                    .rposition(|&b| b == b',')
                    .unwrap_or(start);
                return Err(self.trailing_comma(comma, "object"));
            }
            Some(b) => {
                let hint = match b {
                    b'\'' => "; JSON strings use double quotes",
                    b'/' => "; JSON does not allow comments",
                    _ => "",
                };
                return Err(ParseError::new(
                    format!(
                        "expected an object key (a string in double quotes), found {}{hint}",
                        self.found(start)
                    ),
                    self.char_span(start),
                ));
            }
        }
        let text = self.string()?;
        let key = self.node(Value::Str(text), start);
        self.skip_whitespace();
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok(key)
            }
            None => Err(self.unclosed("object", open)),
            Some(_) => Err(ParseError::new(
                format!(
                    "expected `:` after the object key, found {}",
                    self.found(self.pos)
                ),
                self.char_span(self.pos),
            )),
        }
    }

    /// A value that is not a container. `enclosing` is the innermost open container.
    fn scalar(&mut self, enclosing: Option<&Frame>) -> Result<Node, ParseError> {
        let start = self.pos;
        let value = match self.peek() {
            Some(b'"') => Value::Str(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b'n') if self.eat_word("null") => Value::Null,
            Some(b't') if self.eat_word("true") => Value::Bool(true),
            Some(b'f') if self.eat_word("false") => Value::Bool(false),
            Some(b'N') if self.eat_word("NaN") => Value::Float(f64::NAN),
            Some(b'I') if self.eat_word("Infinity") => Value::Float(f64::INFINITY),
            None => {
                return Err(match enclosing {
                    Some(frame) => {
                        let (kind, open) = frame.kind_and_start();
                        self.unclosed(kind, open)
                    }
                    None => ParseError::new(
                        "unexpected end of file: expected a JSON value",
                        self.char_span(start),
                    ),
                });
            }
            Some(_) => return Err(self.not_a_value(start)),
        };
        Ok(self.node(value, start))
    }

    /// A number, at `-` or a digit. Grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`,
    /// plus `-Infinity`.
    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
            if self.eat_word("Infinity") {
                return Ok(Value::Float(f64::NEG_INFINITY));
            }
        }
        let mut int = IntAccumulator::new(10);
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    // Python stops the number after the `0` and then fails on the next digit.
                    return Err(ParseError::new(
                        "a number cannot have leading zeros (write `0` alone, or drop the zeros)",
                        self.char_span(self.pos),
                    ));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(digit @ b'0'..=b'9') = self.peek() {
                    int.push_digit(u32::from(digit - b'0'));
                    self.pos += 1;
                }
            }
            _ => {
                return Err(ParseError::new(
                    format!("expected a digit after `-`, found {}", self.found(self.pos)),
                    self.char_span(self.pos),
                ));
            }
        }

        let mut is_float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.digits("after the decimal point")?;
            is_float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits("in the exponent")?;
            is_float = true;
        }

        if is_float {
            // Rust's `f64` parsing is correctly rounded like Python's `float()`, and overflows to
            // infinity the same way. The grammar above is a subset of what it accepts.
            let literal = self.slice(start, self.pos)?;
            literal.parse::<f64>().map(Value::Float).map_err(|_| {
                ParseError::new(
                    format!("internal error: cannot read `{literal}` as a number"),
                    Span::new(self.file, start, self.pos),
                )
            })
        } else {
            Ok(Value::Int(int.finish(negative)))
        }
    }

    /// One or more ASCII digits (Python's C scanner only takes ASCII digits in numbers).
    fn digits(&mut self, place: &str) -> Result<(), ParseError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(ParseError::new(
                format!("expected a digit {place}, found {}", self.found(self.pos)),
                self.char_span(self.pos),
            ));
        }
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        Ok(())
    }

    /// A string, at its opening quote; leaves `pos` after the closing quote.
    fn string(&mut self) -> Result<String, ParseError> {
        let open = self.pos;
        self.pos += 1;
        let content_start = self.pos;
        self.skip_plain_string_bytes();
        if self.peek() == Some(b'"') {
            // Fast path: no escapes, one allocation.
            let content = self.slice(content_start, self.pos)?;
            self.pos += 1;
            return Ok(content.to_owned());
        }

        let mut out = String::with_capacity(self.pos - content_start + 16);
        out.push_str(self.slice(content_start, self.pos)?);
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(open, &mut out)?,
                Some(control) if control < 0x20 => return Err(self.control_character(control)),
                Some(_) => {
                    let run_start = self.pos;
                    self.skip_plain_string_bytes();
                    out.push_str(self.slice(run_start, self.pos)?);
                }
                None => return Err(self.unterminated_string(open)),
            }
        }
    }

    /// Advances over string content that needs no attention.
    fn skip_plain_string_bytes(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if STRING_STOP[usize::from(b)] {
                break;
            }
            self.pos += 1;
        }
    }

    /// One escape sequence, at its backslash, appended to `out`.
    fn escape(&mut self, open: usize, out: &mut String) -> Result<(), ParseError> {
        self.pos += 1;
        let decoded = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                out.push(self.code_point(unit)?);
                return Ok(());
            }
            Some(_) => {
                return Err(ParseError::new(
                    format!(
                        "invalid escape `\\{}` in string; the escapes are \\\" \\\\ \\/ \\b \\f \
                         \\n \\r \\t and \\uXXXX",
                        self.char_at(self.pos).unwrap_or('?')
                    ),
                    self.char_span(self.pos),
                ));
            }
            None => return Err(self.unterminated_string(open)),
        };
        self.pos += 1;
        out.push(decoded);
        Ok(())
    }

    /// The character of a `\uXXXX` escape whose code unit was just read, joining a UTF-16
    /// surrogate pair written as two escapes.
    ///
    /// Python also accepts a lone surrogate (`"\ud800"`) and keeps it in the string, but a Rust
    /// string cannot hold one: it becomes U+FFFD REPLACEMENT CHARACTER.
    fn code_point(&mut self, unit: u32) -> Result<char, ParseError> {
        if (0xD800..0xDC00).contains(&unit) && self.bytes[self.pos..].starts_with(b"\\u") {
            let second_escape = self.pos;
            self.pos += 2;
            // An invalid second escape is an error either way, as in Python.
            let low = self.hex4()?;
            if (0xDC00..0xE000).contains(&low) {
                let joined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                return Ok(char::from_u32(joined).unwrap_or('\u{FFFD}'));
            }
            // Not a low surrogate: the high one stands alone, and the second escape is read
            // again on its own.
            self.pos = second_escape;
        }
        Ok(char::from_u32(unit).unwrap_or('\u{FFFD}'))
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| {
                    ParseError::new(
                        format!(
                            "invalid \\u escape: expected 4 hex digits, found {}",
                            self.found(self.pos)
                        ),
                        self.char_span(self.pos),
                    )
                })?;
            unit = unit * 16 + digit;
            self.pos += 1;
        }
        Ok(unit)
    }

    // --- small helpers ---

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        // Python's json: space, tab, line feed and carriage return only.
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Consumes `word` if the input continues with it.
    fn eat_word(&mut self, word: &str) -> bool {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn node(&self, value: Value, start: usize) -> Node {
        Node::new(value, Span::new(self.file, start, self.pos))
    }

    /// The text between two offsets. They always sit at ASCII bytes (or the ends), which are
    /// char boundaries; the check only turns a parser bug into an error instead of a panic.
    fn slice(&self, start: usize, end: usize) -> Result<&'a str, ParseError> {
        self.text.get(start..end).ok_or_else(|| {
            ParseError::new(
                "internal error: the JSON parser split a character",
                Span::new(self.file, start, end),
            )
        })
    }

    fn check_depth(&self, open_containers: usize) -> Result<(), ParseError> {
        if open_containers >= MAX_DEPTH {
            return Err(ParseError::new(
                format!("too deeply nested: more than {MAX_DEPTH} levels of arrays and objects"),
                self.char_span(self.pos),
            ));
        }
        Ok(())
    }

    // --- errors ---

    /// The character starting at (or containing) byte `pos`.
    fn char_at(&self, pos: usize) -> Option<char> {
        let pos = floor_char_boundary(self.text, pos.min(self.text.len()));
        self.text[pos..].chars().next()
    }

    /// The span of the character at `pos`, or the empty span at the end of the input.
    fn char_span(&self, pos: usize) -> Span {
        let pos = floor_char_boundary(self.text, pos.min(self.text.len()));
        let width = self.char_at(pos).map_or(0, char::len_utf8);
        Span::new(self.file, pos, pos + width)
    }

    /// How a message names the character at `pos`. Invisible and bidirectional-control
    /// characters are named by code point, never printed raw.
    fn found(&self, pos: usize) -> String {
        match self.char_at(pos) {
            None => "the end of the file".to_string(),
            Some(c) if c.is_ascii_graphic() => format!("`{c}`"),
            Some(' ') => "a space".to_string(),
            Some(c) if !c.is_ascii() && c.is_alphanumeric() => {
                format!("`{c}` (U+{:04X})", u32::from(c))
            }
            Some('\u{feff}') => "U+FEFF (byte order mark)".to_string(),
            Some(c) => format!("U+{:04X}", u32::from(c)),
        }
    }

    /// 1-based line and column (in characters) of byte `pos`, for messages that name a second
    /// place.
    fn line_col(&self, pos: usize) -> (usize, usize) {
        let pos = floor_char_boundary(self.text, pos.min(self.text.len()));
        let before = &self.text[..pos];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        (line, before[line_start..].chars().count() + 1)
    }

    fn unclosed(&self, kind: &str, open: usize) -> ParseError {
        let (line, column) = self.line_col(open);
        ParseError::new(
            format!(
                "unexpected end of file: the {kind} opened at line {line}, column {column} was \
                 never closed"
            ),
            self.char_span(self.bytes.len()),
        )
    }

    fn unterminated_string(&self, open: usize) -> ParseError {
        let (line, column) = self.line_col(open);
        ParseError::new(
            format!(
                "unterminated string: the string opened at line {line}, column {column} has no \
                 closing `\"`"
            ),
            self.char_span(self.bytes.len()),
        )
    }

    fn control_character(&self, byte: u8) -> ParseError {
        let written = match byte {
            b'\n' => "\\n".to_string(),
            b'\r' => "\\r".to_string(),
            b'\t' => "\\t".to_string(),
            _ => format!("\\u{byte:04X}"),
        };
        let hint = if byte == b'\n' {
            " (or is the closing `\"` missing?)"
        } else {
            ""
        };
        ParseError::new(
            format!("control character U+{byte:04X} in string; write it as {written}{hint}"),
            self.char_span(self.pos),
        )
    }

    fn trailing_comma(&self, comma: usize, kind: &str) -> ParseError {
        ParseError::new(
            format!("trailing comma: JSON does not allow a `,` after the last item of an {kind}"),
            self.char_span(comma),
        )
    }

    /// After an item of the container opened at `open`, neither `,` nor the closing bracket.
    fn bad_separator(&self, kind: &str, open: usize, item: &str) -> ParseError {
        if self.pos >= self.bytes.len() {
            return self.unclosed(kind, open);
        }
        let close = if kind == "array" { ']' } else { '}' };
        let hint = match self.peek() {
            Some(b']' | b'}') => {
                let (line, column) = self.line_col(open);
                format!(
                    " (mismatched brackets: the {kind} opened at line {line}, column {column} \
                     needs `{close}`)"
                )
            }
            Some(b'"' | b'[' | b'{' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                " (missing `,`?)".to_string()
            }
            _ => String::new(),
        };
        ParseError::new(
            format!(
                "expected `,` or `{close}` after {item}, found {}{hint}",
                self.found(self.pos)
            ),
            self.char_span(self.pos),
        )
    }

    /// Something that cannot start a value, at `pos`.
    fn not_a_value(&self, pos: usize) -> ParseError {
        let word_end = self.bytes[pos..]
            .iter()
            .take(24)
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(self.bytes.len().min(pos + 24), |n| pos + n);
        let word = self.text.get(pos..word_end).unwrap_or("");
        let hint = match word {
            "True" => "; JSON writes it `true`".to_string(),
            "False" => "; JSON writes it `false`".to_string(),
            "None" | "NULL" | "Null" => "; JSON writes it `null`".to_string(),
            "" => match self.peek() {
                Some(b'\'') => "; JSON strings use double quotes".to_string(),
                Some(b'/') => "; JSON does not allow comments".to_string(),
                Some(b'+') => "; a number cannot start with `+`".to_string(),
                Some(b'.') => "; a number needs a digit before the decimal point".to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        let found = if word.len() > 1 {
            format!("`{word}`")
        } else {
            self.found(pos)
        };
        ParseError::new(
            format!(
                "expected a value (a string, number, object, array, `true`, `false` or `null`), \
                 found {found}{hint}"
            ),
            self.char_span(pos),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{LineCol, SourceFile};
    use crate::value::Int;

    const FILE: FileId = FileId(3);

    fn ok(text: &str) -> Node {
        match parse(text, FILE) {
            Ok(node) => node,
            Err(e) => panic!("{text:?} failed: {} at {:?}", e.message, e.span),
        }
    }

    fn value(text: &str) -> Value {
        ok(text).value
    }

    fn int(text: &str) -> Int {
        match value(text) {
            Value::Int(i) => i,
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    fn float(text: &str) -> f64 {
        match value(text) {
            Value::Float(f) => f,
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    fn string(text: &str) -> String {
        match value(text) {
            Value::Str(s) => s,
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    /// The error, with its span's byte range.
    fn err(text: &str) -> (String, std::ops::Range<usize>) {
        match parse(text, FILE) {
            Ok(node) => panic!("{text:?} parsed as {node:?}"),
            Err(e) => {
                assert_eq!(e.span.file, FILE);
                (e.message, e.span.range())
            }
        }
    }

    /// Asserts the message contains `needle` and the span is `range`.
    fn assert_err(text: &str, needle: &str, range: std::ops::Range<usize>) {
        let (message, span) = err(text);
        assert!(
            message.contains(needle),
            "{text:?}: message {message:?} lacks {needle:?}"
        );
        assert_eq!(span, range, "{text:?}: span of {message:?}");
    }

    fn source_text(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    #[test]
    fn spans_of_values_and_keys() {
        let text = "{\n  \"a\": [1, -2.5e1, \"x\"],\n  \"b\": {\"c\": null},\n  \"a\": true\n}\n";
        let source = SourceFile::new("t.json", text.to_string());
        let root = ok(text);
        assert_eq!(root.span.file, FILE);
        assert_eq!(source_text(text, root.span), text.trim_end());
        let map = root.as_map().expect("map");
        assert_eq!(map.len(), 3);

        let keys: Vec<_> = map.iter().map(|e| e.key.as_str().unwrap_or("?")).collect();
        assert_eq!(keys, ["a", "b", "a"], "duplicate keys kept in order");

        let a = &map[0];
        assert_eq!(source_text(text, a.key.span), "\"a\"");
        assert_eq!(
            source.line_col(a.key.span.start as usize),
            LineCol { line: 2, column: 3 }
        );
        assert_eq!(source_text(text, a.value.span), "[1, -2.5e1, \"x\"]");
        assert_eq!(
            source.line_col(a.value.span.start as usize),
            LineCol { line: 2, column: 8 }
        );
        let items = a.value.as_list().expect("list");
        let texts: Vec<_> = items.iter().map(|n| source_text(text, n.span)).collect();
        assert_eq!(texts, ["1", "-2.5e1", "\"x\""]);
        assert_eq!(
            source.line_col(items[2].span.start as usize),
            LineCol {
                line: 2,
                column: 20
            }
        );

        let b = &map[1];
        assert_eq!(source_text(text, b.value.span), "{\"c\": null}");
        let c = &b.value.as_map().expect("map")[0];
        assert_eq!(source_text(text, c.key.span), "\"c\"");
        assert_eq!(source_text(text, c.value.span), "null");
        assert_eq!(
            source.line_col(c.value.span.start as usize),
            LineCol {
                line: 3,
                column: 14
            }
        );

        let last = &map[2];
        assert_eq!(
            source.line_col(last.key.span.start as usize),
            LineCol { line: 4, column: 3 }
        );
        assert_eq!(last.value.value, Value::Bool(true));
        // `get` follows Python: the last duplicate wins.
        assert_eq!(
            root.get("a").map(|e| &e.value.value),
            Some(&Value::Bool(true))
        );
    }

    #[test]
    fn spans_count_characters_after_non_ascii_text() {
        let text = "{\"é€😀\": \"ü\", \"k\": 1}";
        let source = SourceFile::new("t.json", text.to_string());
        let map = ok(text).value;
        let Value::Map(entries) = map else {
            panic!("not a map")
        };
        assert_eq!(source_text(text, entries[0].key.span), "\"é€😀\"");
        assert_eq!(source_text(text, entries[0].value.span), "\"ü\"");
        assert_eq!(
            source.line_col(entries[1].key.span.start as usize),
            LineCol {
                line: 1,
                column: 14
            }
        );
    }

    #[test]
    fn literals() {
        assert_eq!(value("null"), Value::Null);
        assert_eq!(value(" true "), Value::Bool(true));
        assert_eq!(value("\t\r\nfalse\n"), Value::Bool(false));
        assert!(float("NaN").is_nan());
        assert_eq!(float("Infinity"), f64::INFINITY);
        assert_eq!(float("-Infinity"), f64::NEG_INFINITY);
        assert_eq!(value("[]"), Value::List(vec![]));
        assert_eq!(value("{}"), Value::Map(vec![]));
        assert_eq!(value("[ ]"), Value::List(vec![]));
        assert_eq!(value("{ \n}"), Value::Map(vec![]));
    }

    #[test]
    fn integers_of_any_size() {
        assert_eq!(int("0"), Int::new(0));
        assert_eq!(int("-0"), Int::new(0));
        assert_eq!(int("42"), Int::new(42));
        assert_eq!(int("-7"), Int::new(-7));
        assert_eq!(int("-7").as_c_int(), -7);
        assert_eq!(int("2147483648").as_c_int(), i32::MIN);

        // 2**32 + 5: exact, and c_int keeps 5.
        let i = int("4294967301");
        assert!(i.exact);
        assert_eq!(i.value, 4_294_967_301);
        assert_eq!(i.low32, 5);

        // 2**64 and 2**64 + 5 still fit i128.
        assert_eq!(int("18446744073709551616").value, 1 << 64);
        let i = int("18446744073709551621");
        assert!(i.exact);
        assert_eq!(i.low32, 5);
        assert_eq!(i.as_i64(), None);

        // 2**200 (+5, negated): saturated, low 32 bits exact.
        let two_200 = "1606938044258990275541962092341162602522202993782792835301376";
        let i = int(two_200);
        assert!(!i.exact);
        assert_eq!(i.value, i128::MAX);
        assert_eq!(i.low32, 0);
        let i = int("1606938044258990275541962092341162602522202993782792835301381");
        assert_eq!(i.low32, 5);
        let i = int("-1606938044258990275541962092341162602522202993782792835301381");
        assert!(!i.exact);
        assert_eq!(i.value, i128::MIN);
        assert_eq!(i.as_c_int(), -5);
    }

    #[test]
    fn floats() {
        assert_eq!(float("1.5"), 1.5);
        assert_eq!(float("-0.0").to_bits(), (-0.0f64).to_bits());
        assert_eq!(float("1e3"), 1000.0);
        assert_eq!(float("1E+3"), 1000.0);
        assert_eq!(float("25e-1"), 2.5);
        assert_eq!(
            float("1.0"),
            1.0,
            "a fraction makes a float even when integral"
        );
        assert_eq!(float("0.1"), 0.1);
        assert_eq!(float("1e400"), f64::INFINITY);
        assert_eq!(float("-1e400"), f64::NEG_INFINITY);
        assert_eq!(float("1e-400"), 0.0);
        assert_eq!(float("2.2250738585072011e-308"), 2.225_073_858_507_201e-308);
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(string(r#""""#), "");
        assert_eq!(string(r#""plain text""#), "plain text");
        assert_eq!(
            string(r#""a\"b\\c\/d\be\ff\ng\rh\ti""#),
            "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti"
        );
        assert_eq!(string(r#""\u00e9\u20AC""#), "é€");
        assert_eq!(string(r#""\u0000""#), "\0", "an escaped NUL is fine");
        assert_eq!(string(r#""\ud83d\ude00""#), "😀", "surrogate pair");
        assert_eq!(string(r#""x😀é""#), "x😀é");
        // Lone surrogates (Python keeps them; Rust strings cannot): U+FFFD.
        assert_eq!(string(r#""\ud800""#), "\u{FFFD}");
        assert_eq!(string(r#""\udc00x""#), "\u{FFFD}x");
        assert_eq!(string(r#""\ud800\u0041""#), "\u{FFFD}A");
        assert_eq!(string(r#""\ud800\ud83d\ude00""#), "\u{FFFD}😀");
        assert_eq!(string("\"\u{202e}evil\u{202c}\""), "\u{202e}evil\u{202c}");
        assert_eq!(
            string("\"\u{7f}\""),
            "\u{7f}",
            "DEL is not a control character here"
        );
    }

    #[test]
    fn structure() {
        let root = ok(r#"[1, {"a": [true, {"b": []}]}, "s", [[]]]"#);
        let list = root.as_list().expect("list");
        assert_eq!(list.len(), 4);
        let inner = list[1].get("a").expect("a").value.as_list().expect("list");
        assert_eq!(inner[0].value, Value::Bool(true));
        assert_eq!(
            inner[1].get("b").map(|e| &e.value.value),
            Some(&Value::List(vec![]))
        );
        assert_eq!(list[3].as_list().map(<[_]>::len), Some(1));
    }

    #[test]
    fn document_level_errors() {
        assert_err("", "the file is empty", 0..0);
        assert_err(" \n\t ", "the file is empty", 4..4);
        assert_err("\u{feff}{}", "byte order mark", 0..3);
        assert_err("{} {}", "extra data", 3..4);
        assert_err("1 2", "unexpected `2` after the end", 2..3);
        assert_err("nullx", "unexpected `x`", 4..5);
        assert_err("[]]", "unexpected `]`", 2..3);
        // Only four whitespace characters.
        assert_err("\u{c}1", "found U+000C", 0..1);
        assert_err("\u{a0}1", "found U+00A0", 0..2);
        assert_err("1\u{b}", "extra data", 1..2);
    }

    #[test]
    fn value_errors() {
        assert_err("[1, nul]", "found `nul`", 4..5);
        assert_err("True", "JSON writes it `true`", 0..1);
        assert_err("{\"a\": None}", "JSON writes it `null`", 6..7);
        assert_err("['a']", "double quotes", 1..2);
        assert_err("[1, // c\n2]", "comments", 4..5);
        assert_err("[-NaN]", "expected a digit after `-`, found `N`", 2..3);
        assert_err("[-infinity]", "found `i`", 2..3);
        assert_err("[1,,2]", "found `,`", 3..4);
        assert_err("{\"a\": }", "found `}`", 6..7);
        assert_err("[\u{202e}]", "found U+202E", 1..4);
        assert_err("[é]", "`é` (U+00E9)", 1..3);
    }

    #[test]
    fn number_errors() {
        assert_err("01", "leading zeros", 1..2);
        assert_err("[-012]", "leading zeros", 3..4);
        assert_err("00", "leading zeros", 1..2);
        assert_err("+1", "cannot start with `+`", 0..1);
        assert_err(".5", "digit before the decimal point", 0..1);
        assert_err(
            "-",
            "expected a digit after `-`, found the end of the file",
            1..1,
        );
        assert_err("[-]", "expected a digit after `-`, found `]`", 2..3);
        assert_err("1.", "expected a digit after the decimal point", 2..2);
        assert_err(
            "1.e5",
            "expected a digit after the decimal point, found `e`",
            2..3,
        );
        assert_err("1e", "expected a digit in the exponent", 2..2);
        assert_err("[1e+]", "expected a digit in the exponent, found `]`", 4..5);
        assert_err("0x10", "unexpected `x`", 1..2);
        assert_err(
            "[0x10]",
            "expected `,` or `]` after an array item, found `x`",
            2..3,
        );
        // Only ASCII digits.
        assert_err("[1٦]", "found `٦` (U+0666)", 2..4);
    }

    #[test]
    fn string_errors() {
        assert_err("\"abc", "unterminated string", 4..4);
        assert_err("[\"abc\\", "unterminated string", 6..6);
        assert_err("[\"a\\u12", "invalid \\u escape", 7..7);
        assert_err(r#""\u12G4""#, "expected 4 hex digits, found `G`", 5..6);
        assert_err(
            r#""\ud800\u12""#,
            "expected 4 hex digits, found `\"`",
            11..12,
        );
        assert_err(r#""\x41""#, "invalid escape `\\x`", 2..3);
        assert_err("\"\\é\"", "invalid escape `\\é`", 2..4);
        assert_err(
            "\"a\0b\"",
            "control character U+0000 in string; write it as \\u0000",
            2..3,
        );
        assert_err("\"a\tb\"", "write it as \\t", 2..3);
        assert_err("\"a\u{1f}b\"", "U+001F", 2..3);
        assert_err(
            "{\"a\": \"no end\n}",
            "control character U+000A in string; write it as \\n (or is the closing",
            13..14,
        );
        assert_err("[\"ok\", 'no']", "double quotes", 7..8);
    }

    #[test]
    fn container_errors() {
        assert_err(
            "{\n  \"a\": [1, 2\n",
            "the array opened at line 2, column 8 was never closed",
            15..15,
        );
        assert_err(
            "{\"a\": 1",
            "the object opened at line 1, column 1 was never closed",
            7..7,
        );
        assert_err("{", "the object opened at line 1, column 1", 1..1);
        assert_err("[", "the array opened at line 1, column 1", 1..1);
        assert_err("[1,", "the array opened at line 1, column 1", 3..3);
        assert_err("{\"a\"", "the object opened", 4..4);
        assert_err("{\"a\":", "the object opened", 5..5);
        assert_err("{\"a\": 1,", "the object opened", 8..8);
        assert_err(
            "{\"a\": 1]",
            "expected `,` or `}` after an object entry, found `]` (mismatched brackets",
            7..8,
        );
        assert_err(
            "[1}",
            "expected `,` or `]` after an array item, found `}`",
            2..3,
        );
        assert_err("[1 2]", "found `2` (missing `,`?)", 3..4);
        assert_err("{\"a\": 1 \"b\": 2}", "(missing `,`?)", 8..9);
        assert_err("[1, 2, ]", "trailing comma", 5..6);
        assert_err("{\"a\": 1 , }", "trailing comma", 8..9);
        assert_err(
            "{\"a\" 1}",
            "expected `:` after the object key, found `1`",
            5..6,
        );
        assert_err("{a: 1}", "expected an object key", 1..2);
        assert_err("{'a': 1}", "double quotes", 1..2);
        assert_err(
            "{1: 1}",
            "expected an object key (a string in double quotes)",
            1..2,
        );
        assert_err("{\"a\": 1, 2: 3}", "expected an object key", 9..10);
    }

    #[test]
    fn depth_limit() {
        let ok_depth = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok_depth, FILE).is_ok());
        let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_err(&too_deep, "too deeply nested", MAX_DEPTH..MAX_DEPTH + 1);
        let objects = "{\"a\":".repeat(MAX_DEPTH + 1);
        assert_err(
            &objects,
            "too deeply nested",
            5 * MAX_DEPTH..5 * MAX_DEPTH + 1,
        );
        // Far deeper than any call stack would survive.
        let huge = "[".repeat(1_000_000);
        assert_err(&huge, "too deeply nested", MAX_DEPTH..MAX_DEPTH + 1);
    }
}
