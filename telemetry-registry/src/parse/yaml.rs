//! YAML with PyYAML `safe_load` (YAML 1.1) semantics.
//!
//! Syntax comes from the event parser of `libyaml-safer` (a safe Rust port of libyaml, the C twin
//! of PyYAML's pure-Python parser); this module is the composer and constructor on top of it:
//!
//! - **Implicit types** follow PyYAML's `SafeLoader` resolvers (YAML 1.1), for plain scalars only:
//!   `yes`/`no`/`on`/`off` are bools, `010` is octal 8, `1:30` is 90, `1e3` stays a string,
//!   `2018-01-01` is a date ([`Value::Date`], kept as written). Quoted and block scalars are
//!   strings. The non-specific tag `!` resolves like a plain scalar (as in PyYAML).
//! - **Explicit tags**: `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!timestamp`, `!!seq`,
//!   `!!map` are honoured; `!!set` is read as a mapping (PyYAML builds a Python `set` of its
//!   keys); `!!binary`, `!!omap` and `!!pairs` are rejected as unsupported; any other tag is an
//!   error, as with `safe_load` ("could not determine a constructor for the tag ...").
//! - **Values PyYAML resolves but then fails to build** (`2018-02-30`, `0x_`, `!!int abc`) are
//!   errors here, where `safe_load` raises a bare Python exception.
//! - **Mappings** keep every entry in order, duplicates included (the caller reports them). Keys
//!   are typed (`on:` is `true`, `123:` the int 123); a list or mapping as a key is an error
//!   ("found unhashable key"), as in Python.
//! - **Merge keys** (`<<: *base`, `<<: [*a, *b]`) are expanded as PyYAML does: the merged entries
//!   come first, an explicit key of the mapping overrides a merged one, an earlier mapping in a
//!   merge list overrides a later one, and a key keeps the position of its first occurrence, as
//!   in the Python dict. An overridden merged entry is replaced (an explicit key overriding one
//!   moves to its position), so it is not reported as a duplicate; explicit duplicates remain.
//! - **Anchors and aliases**: an alias is a copy of the anchored node. The copy's root carries the
//!   alias's own span (where the value is used); the nodes inside keep the spans of the anchored
//!   text. A recursive alias (one inside the node it names) is an error, since the tree cannot
//!   hold a cycle (PyYAML builds a self-referencing list). Alias expansion is capped at
//!   `max(1,000,000, 16 × input length)` nodes and `max(64 MiB, 16 × input length)` bytes of
//!   strings, so a "billion laughs" document fails fast.
//! - **One document**: an empty stream (or only comments) is `null`; a second document is an error
//!   ("expected a single document in the stream"), as with `safe_load`.
//! - **Depth**: nesting deeper than [`MAX_DEPTH`] (aliases included) is an error. Nothing here
//!   recurses on the input: the composer keeps an explicit stack, and libyaml-safer's parser is a
//!   state machine.
//! - **Syntax**: where PyYAML's pure-Python scanner is stricter than libyaml, so are we, so that a
//!   file we accept is one Firefox's build accepts: a tab is allowed only inside quoted scalars,
//!   block scalar content and comments (`a:\t1`, `a: 1\t` fail); `?` inside an unquoted value in
//!   a flow collection fails (`[a?b]`); a block scalar header needs a space before a comment
//!   (`|#c` fails). A leading byte-order mark is ignored.
//! - **Known differences from PyYAML** (all rare, none in Firefox's files): libyaml rejects a
//!   `:` directly followed by `,[]{}` inside a flow collection (`{a:[b]}`, `[a:]`) and a tab right
//!   after the indentation of a block scalar's first line, which PyYAML accepts; `"\uD800"` (a
//!   lone surrogate) is an error, since a Rust string cannot hold it; the unsupported tags above;
//!   a tag on a merged mapping is checked (PyYAML ignores it); explicit-tag integers read ASCII
//!   digits only.
//! - **Spans**: a scalar's span covers its text (quotes and block indicators included, and its
//!   anchor and tag when it has them); a flow collection's span runs from its opening to its
//!   closing bracket; a block collection's from its first key or `-` to the end of its last value.
//!   An implicit empty value (`key:` with nothing after it) is a zero-width span right after the
//!   `:`. `Mark::index` in libyaml-safer counts UTF-8 bytes, so marks are byte offsets.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use libyaml_safer::{
    Encoding, Event, EventData, MappingStyle, Mark, Parser, ScalarStyle, SequenceStyle,
};

use super::{MAX_DEPTH, ParseError};
use crate::source::{FileId, Span, floor_char_boundary};
use crate::value::{Entry, Int, IntAccumulator, Node, Value};

/// The prefix of the standard YAML tags (`!!int` is `tag:yaml.org,2002:int`).
const YAML_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// Parses one YAML document.
pub fn parse(text: &str, file: FileId) -> Result<Node, ParseError> {
    // A leading byte-order mark is skipped here: libyaml-safer's scanner would count it as a
    // column and then misread the indentation of the first line (PyYAML ignores it).
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[base..];
    // libyaml-safer panics on a block scalar (`|`, `>`) whose last line runs to the end of the
    // text without a line break, where C libyaml reads the end as an empty line break. So such a
    // text gets a final '\n', and the one scalar that may have taken it in is fixed afterwards
    // (see `extra_newline_at_eof`). Nothing else in YAML reads differently with it.
    let padded;
    let input = if body.is_empty() || body.ends_with(is_line_break) {
        body
    } else {
        padded = format!("{body}\n");
        padded.as_str()
    };
    let mut bytes = input.as_bytes();
    let mut parser = Parser::new();
    parser.set_input_string(&mut bytes);
    // The text is already UTF-8. Setting the encoding also skips libyaml-safer's byte-order-mark
    // sniffing, which rejects any text starting with a byte 0xEF that is not a BOM (e.g. U+F000).
    // Marks are then byte offsets into `body`.
    parser.set_encoding(Encoding::Utf8);
    let mut composer = Composer::new(text, file);
    composer.base = base;
    composer.padded = input.len() > body.len();
    composer.run(&mut parser)
}

/// Where the line holding byte `offset` starts.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_line_break(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The characters YAML (and libyaml) read as line breaks.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Builds the [`Node`] tree from parser events, iteratively.
struct Composer<'a> {
    text: &'a str,
    file: FileId,
    /// Open collections, innermost last.
    stack: Vec<Frame>,
    /// Completed anchored nodes, by anchor name.
    anchors: HashMap<String, Anchored>,
    /// Nodes and string bytes produced so far (alias copies included), against `limit`.
    produced: Size,
    limit: Size,
    /// The completed top-level node of the document.
    root: Option<Node>,
    /// End of the last event read, to place an error the parser itself cannot place.
    last_offset: usize,
    /// Where the parser's input starts in `text` (after a byte-order mark).
    base: usize,
    /// Whether the parser's input got a final line break `text` does not have.
    padded: bool,
    /// Where the scalars are, in text order, when the text has tabs to check.
    scalar_ranges: Option<Vec<ScalarRange>>,
}

/// Where a scalar is written, and from where on a tab inside it is content.
struct ScalarRange {
    start: usize,
    end: usize,
    /// Start of the part where PyYAML reads a tab as content (`end` for a plain scalar).
    tabs_from: usize,
}

impl ScalarRange {
    fn new(text: &str, span: Span, style: ScalarStyle) -> ScalarRange {
        let end = span.end as usize;
        // The anchor and tag are not part of the scalar: between them, tabs are checked as
        // anywhere between tokens.
        let body = skip_properties(text, span.start as usize, end);
        let tabs_from = match style {
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => body,
            // After the header line (`|-  # comment`), or from its comment on.
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let header_end = text[body..end]
                    .find(is_line_break)
                    .map_or(end, |i| body + i);
                text[body..header_end]
                    .find(" #")
                    .map_or(header_end, |i| body + i + 1)
            }
            _ => end,
        };
        ScalarRange {
            start: body,
            end,
            tabs_from,
        }
    }
}

/// A collection being built.
struct Frame {
    kind: FrameKind,
    start: usize,
    flow: bool,
    anchor: Option<String>,
    /// `Composer::produced` when the collection opened, to size it for alias expansion.
    produced_before: Size,
    /// Collection height of the deepest child (0 when every child is a scalar).
    child_height: usize,
    /// End of the last child, which is where a block collection ends.
    last_end: usize,
    /// For a block collection, libyaml's indentation column for it (its first key or `-`).
    indent_column: i64,
}

enum FrameKind {
    Seq(Vec<Node>),
    Map(MapFrame),
}

#[derive(Default)]
struct MapFrame {
    entries: Vec<Entry>,
    /// The key waiting for its value.
    key: Option<PendingKey>,
    /// Values of `<<` merge keys, in order.
    merges: Vec<Node>,
}

enum PendingKey {
    Node(Node),
    /// A `<<` merge key.
    Merge,
}

/// A completed anchored node.
struct Anchored {
    node: Node,
    /// Collection height: 0 for a scalar, 1 for a flat list, ...
    height: usize,
    size: Size,
}

/// How much a node holds: what an alias copies.
#[derive(Clone, Copy, Debug, Default)]
struct Size {
    nodes: usize,
    /// Bytes of strings (keys and values): a few aliases of a long string add up too.
    bytes: usize,
}

impl Size {
    fn scalar(value: &Value) -> Size {
        let bytes = match value {
            Value::Str(s) | Value::Date(s) => s.len(),
            _ => 0,
        };
        Size { nodes: 1, bytes }
    }

    fn since(self, before: Size) -> Size {
        Size {
            nodes: self.nodes - before.nodes,
            bytes: self.bytes - before.bytes,
        }
    }
}

impl<'a> Composer<'a> {
    fn new(text: &'a str, file: FileId) -> Composer<'a> {
        Composer {
            text,
            file,
            stack: Vec::new(),
            anchors: HashMap::new(),
            produced: Size::default(),
            limit: Size {
                nodes: text.len().saturating_mul(16).max(1_000_000),
                bytes: text.len().saturating_mul(16).max(64 << 20),
            },
            root: None,
            last_offset: 0,
            base: 0,
            padded: false,
            scalar_ranges: text.contains('\t').then(Vec::new),
        }
    }

    fn run(mut self, parser: &mut Parser<&mut &[u8]>) -> Result<Node, ParseError> {
        let mut documents = 0usize;
        loop {
            let event = self.next_event(parser)?;
            let span = self.span(event.start_mark, event.end_mark);
            match event.data {
                EventData::StreamStart { .. } | EventData::DocumentEnd { .. } => {}
                EventData::DocumentStart { .. } => {
                    documents += 1;
                    if documents > 1 {
                        return Err(ParseError::new(
                            "expected a single document in the stream, but found another \
                             document (a second `---`)",
                            span,
                        ));
                    }
                }
                EventData::StreamEnd => {
                    self.check_tabs()?;
                    return Ok(self
                        .root
                        .take()
                        .unwrap_or_else(|| Node::new(Value::Null, span.start_point())));
                }
                EventData::Alias { anchor } => self.alias(&anchor, span)?,
                EventData::Scalar {
                    anchor,
                    tag,
                    mut value,
                    style,
                    ..
                } => {
                    if self.padded
                        && matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
                        && self.base as u64 + event.end_mark.index > self.text.len() as u64
                        && extra_newline_at_eof(
                            self.text,
                            span.start as usize,
                            self.parent_indent(),
                        )
                        && value.ends_with('\n')
                    {
                        value.pop();
                    }
                    self.scalar(anchor, tag.as_deref(), value, style, span)?;
                }
                EventData::SequenceStart {
                    anchor, tag, style, ..
                } => {
                    check_collection_tag(tag.as_deref(), CollectionKind::Sequence)
                        .map_err(|message| ParseError::new(message, span))?;
                    let flow = style == SequenceStyle::Flow;
                    // An indentless sequence's event covers its first `-`; libyaml's indentation
                    // for it is that `-`'s column, as for a sequence whose event is empty at `-`.
                    let dash = span.end > span.start
                        && self.text.as_bytes().get(span.end as usize - 1) == Some(&b'-');
                    let column = event.end_mark.column as i64 - i64::from(dash);
                    self.open(FrameKind::Seq(Vec::new()), anchor, flow, span, column)?;
                }
                EventData::MappingStart {
                    anchor, tag, style, ..
                } => {
                    check_collection_tag(tag.as_deref(), CollectionKind::Mapping)
                        .map_err(|message| ParseError::new(message, span))?;
                    let flow = style == MappingStyle::Flow;
                    // A block mapping's event ends at its first key, libyaml's indentation.
                    let column = event.end_mark.column as i64;
                    self.open(
                        FrameKind::Map(MapFrame::default()),
                        anchor,
                        flow,
                        span,
                        column,
                    )?;
                }
                EventData::SequenceEnd | EventData::MappingEnd => self.close(span)?,
            }
        }
    }

    /// The next parser event, with libyaml's errors turned into [`ParseError`]s.
    fn next_event(&mut self, parser: &mut Parser<&mut &[u8]>) -> Result<Event, ParseError> {
        // libyaml-safer panics on a few inputs instead of failing: a tag directly followed by
        // `,` inside a flow collection (`[!!str, a]`) hits a `panic!("TODO")` in its scanner, and
        // it has other internal `expect`s. Parsing must never take the process down, so a panic
        // in the parser becomes a syntax error at the last position read. The parser is not used
        // again after a panic, so its possibly broken state does not matter.
        match catch_unwind(AssertUnwindSafe(|| parser.parse())) {
            Ok(Ok(event)) => {
                self.last_offset = self.offset(event.end_mark);
                Ok(event)
            }
            Ok(Err(error)) => Err(self.syntax_error(&error)),
            Err(_) => Err(self.panic_error()),
        }
    }

    /// The error for a panic in libyaml-safer. Its known panic is a tag directly followed by `,`
    /// in a flow collection (`[!!str, a]`), which PyYAML rejects too ("expected ' '"), so point
    /// at such a `,` after the last good event when there is one.
    fn panic_error(&self) -> ParseError {
        let rest = &self.text[self.last_offset..];
        let tag_comma = rest.match_indices('!').find_map(|(i, _)| {
            let tag = &rest[i..];
            let len = tag.find(|c: char| c.is_whitespace() || c == ',')?;
            tag[len..]
                .starts_with(',')
                .then_some(self.last_offset + i + len)
        });
        match tag_comma {
            Some(comma) => ParseError::new(
                "expected a space after the tag, but found ','",
                self.char_span(comma),
            ),
            None => ParseError::new(
                "the YAML parser (libyaml-safer) failed on the text after this point",
                self.char_span(self.last_offset),
            ),
        }
    }

    fn scalar(
        &mut self,
        anchor: Option<String>,
        tag: Option<&str>,
        value: String,
        style: ScalarStyle,
        span: Span,
    ) -> Result<(), ParseError> {
        if let Some(scalars) = &mut self.scalar_ranges {
            scalars.push(ScalarRange::new(self.text, span, style));
        }
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            check_block_scalar_header(self.text, span)?;
        }
        if style == ScalarStyle::Plain
            && self.stack.last().is_some_and(|f| f.flow)
            && value.contains('?')
        {
            // PyYAML ends a plain scalar at `?` inside `[...]`/`{...}` and then fails (`[a?b]`,
            // `[http://x?y]`); libyaml reads on.
            let at = self.text[span.range()]
                .find('?')
                .map_or(span.start as usize, |i| span.start as usize + i);
            return Err(ParseError::new(
                "found '?' inside an unquoted value in a flow collection (`[...]` or `{...}`); \
                 PyYAML rejects it, so quote the value",
                Span::new(self.file, at, at + 1),
            ));
        }
        let kind = scalar_kind(tag, style, &value).map_err(|m| ParseError::new(m, span))?;
        let in_key_position = matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Map(MapFrame { key: None, .. }),
                ..
            })
        );
        let value = match kind {
            ScalarKind::Merge if in_key_position => {
                if anchor.is_some() {
                    return Err(ParseError::new(
                        "an anchor on a merge key `<<` is not supported",
                        span,
                    ));
                }
                self.count(Size { nodes: 1, bytes: 0 }, span)?;
                if let Some(Frame {
                    kind: FrameKind::Map(map),
                    ..
                }) = self.stack.last_mut()
                {
                    map.key = Some(PendingKey::Merge);
                }
                return Ok(());
            }
            // PyYAML turns the `=` "value key" into the string "=" only as a mapping key.
            ScalarKind::ValueKey if in_key_position => Value::Str(value),
            ScalarKind::Merge | ScalarKind::ValueKey => {
                let tag = if kind == ScalarKind::Merge {
                    "merge"
                } else {
                    "value"
                };
                return Err(ParseError::new(
                    format!(
                        "could not determine a constructor for the tag \
                         '{YAML_TAG_PREFIX}{tag}' (`{value}` is only meaningful as a mapping key)"
                    ),
                    span,
                ));
            }
            _ => construct_scalar(kind, value).map_err(|m| ParseError::new(m, span))?,
        };
        self.check_anchor(anchor.as_deref(), span)?;
        let size = Size::scalar(&value);
        self.count(size, span)?;
        self.complete(Node::new(value, span), 0, anchor, size)
    }

    fn alias(&mut self, name: &str, span: Span) -> Result<(), ParseError> {
        let Some(anchored) = self.anchors.get(name) else {
            let message = if self.is_open_anchor(name) {
                format!(
                    "the alias '*{name}' refers to a node that contains it; recursive \
                     structures are not supported"
                )
            } else {
                format!("found undefined alias '*{name}' (no `&{name}` before it)")
            };
            return Err(ParseError::new(message, span));
        };
        let (height, size) = (anchored.height, anchored.size);
        if self.stack.len() + height > MAX_DEPTH {
            return Err(too_deep(span));
        }
        self.count(size, span)?;
        let Some(anchored) = self.anchors.get(name) else {
            return Err(ParseError::new(
                format!("found undefined alias '*{name}'"),
                span,
            ));
        };
        let mut node = anchored.node.clone();
        node.span = span;
        self.complete(node, height, None, size)
    }

    fn open(
        &mut self,
        kind: FrameKind,
        anchor: Option<String>,
        flow: bool,
        span: Span,
        indent_column: i64,
    ) -> Result<(), ParseError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(too_deep(span));
        }
        self.check_anchor(anchor.as_deref(), span)?;
        let produced_before = self.produced;
        self.count(Size { nodes: 1, bytes: 0 }, span)?;
        self.stack.push(Frame {
            kind,
            start: span.start as usize,
            flow,
            anchor,
            produced_before,
            child_height: 0,
            last_end: span.end as usize,
            indent_column,
        });
        Ok(())
    }

    fn close(&mut self, end_span: Span) -> Result<(), ParseError> {
        let Some(frame) = self.stack.pop() else {
            return Err(ParseError::new("unexpected end of a collection", end_span));
        };
        // A flow collection ends at its bracket; libyaml puts a block collection's end at the
        // next token, possibly lines later, so it ends with its last child instead.
        let end = if frame.flow {
            end_span.end as usize
        } else {
            frame.last_end
        };
        let span = Span::new(self.file, frame.start, end);
        let value = match frame.kind {
            FrameKind::Seq(items) => Value::List(items),
            FrameKind::Map(map) => Value::Map(finish_mapping(map)),
        };
        let size = self.produced.since(frame.produced_before);
        self.complete(
            Node::new(value, span),
            frame.child_height + 1,
            frame.anchor,
            size,
        )
    }

    /// Registers a finished node's anchor and hands the node to its parent.
    fn complete(
        &mut self,
        node: Node,
        height: usize,
        anchor: Option<String>,
        size: Size,
    ) -> Result<(), ParseError> {
        if let Some(anchor) = anchor {
            self.anchors.insert(
                anchor,
                Anchored {
                    node: node.clone(),
                    height,
                    size,
                },
            );
        }
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        parent.child_height = parent.child_height.max(height);
        parent.last_end = parent.last_end.max(node.span.end as usize);
        match &mut parent.kind {
            FrameKind::Seq(items) => items.push(node),
            FrameKind::Map(map) => match map.key.take() {
                None => {
                    if matches!(node.value, Value::List(_) | Value::Map(_)) {
                        return Err(ParseError::new(
                            format!(
                                "found unhashable key: a {} cannot be a mapping key",
                                node.value.type_name()
                            ),
                            node.span,
                        ));
                    }
                    map.key = Some(PendingKey::Node(node));
                }
                Some(PendingKey::Node(key)) => map.entries.push(Entry { key, value: node }),
                Some(PendingKey::Merge) => {
                    check_merge_value(&node)?;
                    map.merges.push(node);
                }
            },
        }
        Ok(())
    }

    /// PyYAML rejects an anchor defined twice in one document, even inside itself.
    fn check_anchor(&self, anchor: Option<&str>, span: Span) -> Result<(), ParseError> {
        match anchor {
            Some(name) if self.anchors.contains_key(name) || self.is_open_anchor(name) => Err(
                ParseError::new(format!("found duplicate anchor '&{name}'"), span),
            ),
            _ => Ok(()),
        }
    }

    /// PyYAML is stricter than libyaml about tabs: its scanner skips only spaces between tokens,
    /// so a tab is allowed only inside a quoted scalar, in the content of a block scalar, or in
    /// a comment. `a:\t1`, `a: 1\t`, `a: x\ty` and `[a,\tb]` all fail with "found character
    /// '\t' that cannot start any token", and so must they here: Firefox's build would fail.
    fn check_tabs(&self) -> Result<(), ParseError> {
        let Some(scalars) = &self.scalar_ranges else {
            return Ok(());
        };
        // The scalar containing `offset`, if any.
        let scalar_at = |offset: usize| {
            let index = scalars.partition_point(|s| s.end <= offset);
            scalars.get(index).filter(|s| s.start <= offset)
        };
        // Tabs come in text order, so the line start and the line's comment are found by
        // scanning forward once (linear even for a long line full of tabs).
        let mut scanned = 0;
        let mut line_start = 0;
        // The line's comment `#` (start of the comment), once one is found before a tab.
        let mut comment: Option<usize> = None;
        for (offset, _) in self.text.match_indices('\t') {
            let segment = &self.text[scanned..offset];
            if let Some((i, c)) = segment
                .char_indices()
                .rev()
                .find(|&(_, c)| is_line_break(c))
            {
                line_start = scanned + i + c.len_utf8();
                comment = None;
            }
            if comment.is_none() {
                let from = scanned.max(line_start);
                comment = self.text[from..offset]
                    .match_indices('#')
                    .map(|(i, _)| from + i)
                    .find(|&hash| {
                        scalar_at(hash).is_none()
                            && (hash == line_start
                                || self.text[..hash].ends_with(char::is_whitespace))
                    });
            }
            scanned = offset;
            match scalar_at(offset) {
                Some(scalar) if offset >= scalar.tabs_from => continue,
                None if comment.is_some() => continue,
                _ => {}
            }
            return Err(ParseError::new(
                "found a tab character that cannot start any token (PyYAML allows tabs only \
                 inside quoted strings, block scalars and comments; indent and separate with \
                 spaces)",
                self.char_span(offset),
            ));
        }
        Ok(())
    }

    /// libyaml's indentation where a block scalar starts: its innermost block collection's.
    fn parent_indent(&self) -> i64 {
        self.stack
            .iter()
            .rev()
            .find(|f| !f.flow)
            .map_or(-1, |f| f.indent_column)
    }

    fn is_open_anchor(&self, name: &str) -> bool {
        self.stack.iter().any(|f| f.anchor.as_deref() == Some(name))
    }

    /// Adds a node (or an alias's copy) to what the document has produced, failing once alias
    /// copies grow it beyond the limit ("billion laughs").
    fn count(&mut self, size: Size, span: Span) -> Result<(), ParseError> {
        let nodes = self.produced.nodes.saturating_add(size.nodes);
        let bytes = self.produced.bytes.saturating_add(size.bytes);
        if nodes > self.limit.nodes {
            return Err(ParseError::new(
                format!(
                    "YAML aliases expand to more than {} nodes (an alias bomb?)",
                    self.limit.nodes
                ),
                span,
            ));
        }
        // The text's own scalars never exceed the limit; only alias copies can.
        if bytes > self.limit.bytes {
            return Err(ParseError::new(
                format!(
                    "YAML aliases expand to more than {} bytes of text (an alias bomb?)",
                    self.limit.bytes
                ),
                span,
            ));
        }
        self.produced = Size { nodes, bytes };
        Ok(())
    }

    /// The byte offset of a mark, clamped to the text.
    fn offset(&self, mark: Mark) -> usize {
        let index = usize::try_from(mark.index)
            .unwrap_or(usize::MAX)
            .saturating_add(self.base);
        floor_char_boundary(self.text, index.min(self.text.len()))
    }

    /// 1-based line and character column of a byte offset (as `SourceFile::line_col` counts).
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }

    fn span(&self, start: Mark, end: Mark) -> Span {
        Span::new(self.file, self.offset(start), self.offset(end))
    }

    /// The span of the one character at `offset` (empty at the end of the text).
    fn char_span(&self, offset: usize) -> Span {
        let width = self.text[offset..].chars().next().map_or(0, char::len_utf8);
        Span::new(self.file, offset, offset + width)
    }

    fn syntax_error(&self, error: &libyaml_safer::Error) -> ParseError {
        let Some(mark) = error.problem_mark() else {
            return self.reader_error(error);
        };
        let offset = self.offset(mark);
        let here = self.text[offset..].chars().next();
        let mut message = humanize_problem(error.problem(), here);
        if let (Some(context), Some(context_mark)) = (error.context(), error.context_mark()) {
            let (line, column) = self.line_col(self.offset(context_mark));
            message.push_str(&format!(
                " ({context} that starts at line {line}, column {column})"
            ));
        }
        ParseError::new(message, self.char_span(offset))
    }

    /// A reader error carries no public position; the only reader error on `&str` input is a
    /// character YAML does not allow, so find it ourselves.
    fn reader_error(&self, error: &libyaml_safer::Error) -> ParseError {
        match self.text.char_indices().find(|&(_, c)| !is_printable(c)) {
            Some((offset, c)) => ParseError::new(
                format!(
                    "unacceptable character #x{:04x}: special characters are not allowed in YAML",
                    u32::from(c)
                ),
                self.char_span(offset),
            ),
            None => ParseError::new(
                format!("cannot read the YAML text: {error}"),
                Span::new(self.file, 0, 0),
            ),
        }
    }
}

/// Where a node's own text starts, after the anchor and tag its event's span starts with (and
/// any space, line break or comment between them).
fn skip_properties(text: &str, start: usize, end: usize) -> usize {
    let mut body = start;
    while matches!(text.as_bytes().get(body), Some(b'&' | b'!')) && body < end {
        body = text[body..end]
            .find(char::is_whitespace)
            .map_or(end, |i| body + i);
        loop {
            body = text[body..end]
                .find(|c: char| !c.is_whitespace())
                .map_or(end, |i| body + i);
            if text.as_bytes().get(body) != Some(&b'#') || body >= end {
                break;
            }
            body = text[body..end]
                .find(is_line_break)
                .map_or(end, |i| body + i);
        }
    }
    body
}

/// PyYAML wants a space or a line break right after a block scalar's indicators (`|-2`);
/// libyaml also takes `|#comment`.
fn check_block_scalar_header(text: &str, span: Span) -> Result<(), ParseError> {
    let body = skip_properties(text, span.start as usize, span.end as usize);
    let after = text[body..]
        .char_indices()
        .skip(1)
        .find(|&(_, c)| !matches!(c, '+' | '-' | '0'..='9'))
        .filter(|(i, _)| *i <= 3);
    match after {
        Some((i, c)) if c != ' ' && !is_line_break(c) => Err(ParseError::new(
            format!(
                "expected chomping or indentation indicators, but found {c:?} (a comment after \
                 `|` or `>` needs a space before its `#`)"
            ),
            Span::new(span.file, body + i, body + i + c.len_utf8()),
        )),
        _ => Ok(()),
    }
}

/// Whether a block scalar that runs to the end of a text lacking a final line break took one
/// '\n' too many into its value from the break `parse` added.
///
/// C libyaml and PyYAML read the end of the text as an empty line break. With a real break
/// instead, the value gains one '\n' when the last line is content (unless chomping is `-`), or
/// when the last line is blank and chomping is `+` (the break is then a kept trailing break).
/// A last line of only spaces is content when it is indented deeper than the block.
/// `header` is where the scalar's event starts (its `|`/`>`, or an anchor or tag before it).
fn extra_newline_at_eof(text: &str, header: usize, parent_indent: i64) -> bool {
    let indicator = skip_properties(text, header, text.len());
    if !matches!(text.as_bytes().get(indicator), Some(b'|' | b'>')) {
        return false;
    }
    let mut keep = false;
    let mut increment = None;
    for c in text[indicator + 1..].chars().take(2) {
        match c {
            '-' => return false,
            '+' => keep = true,
            '1'..='9' => increment = c.to_digit(10).map(i64::from),
            _ => break,
        }
    }
    let last_line_start = line_start(text, text.len());
    if last_line_start <= indicator {
        // The header is on the last line: the added break ended it, and any '\n' in the value
        // (`|+` keeps it) came from there.
        return true;
    }
    let last_line = &text[last_line_start..];
    if keep || last_line.bytes().any(|b| b != b' ') {
        return true;
    }
    // Chomping `clip` and a last line of spaces: find the block's indentation as libyaml does.
    let indent = match increment {
        Some(increment) if parent_indent >= 0 => parent_indent + increment,
        Some(increment) => increment,
        None => {
            // The deepest leading blank line or the first content line sets it.
            let body_start = text[indicator..]
                .find(is_line_break)
                .map_or(text.len(), |i| indicator + i);
            let mut max_indent = 0;
            let mut found_content = false;
            for line in text[body_start..last_line_start].split(is_line_break) {
                let spaces = line.bytes().take_while(|&b| b == b' ').count();
                max_indent = max_indent.max(spaces as i64);
                if spaces < line.len() {
                    found_content = true;
                    break;
                }
            }
            if !found_content {
                return false;
            }
            max_indent.max(parent_indent + 1).max(1)
        }
    };
    last_line.len() as i64 > indent
}

fn too_deep(span: Span) -> ParseError {
    ParseError::new(
        format!("the document nests deeper than {MAX_DEPTH} levels"),
        span,
    )
}

/// The characters YAML 1.1 (and PyYAML's reader) accept.
fn is_printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// libyaml's problem text, in PyYAML's words where they are clearer.
fn humanize_problem(problem: &str, here: Option<char>) -> String {
    match problem {
        "mapping values are not allowed in this context" => {
            "mapping values are not allowed here (is a `: ` missing quotes, or is the \
             indentation off?)"
                .to_string()
        }
        "block sequence entries are not allowed in this context" => {
            "block sequence entries are not allowed here".to_string()
        }
        "mapping keys are not allowed in this context" => {
            "mapping keys are not allowed here".to_string()
        }
        "found character that cannot start any token" => match here {
            Some('\t') => {
                "found a tab character that cannot start any token (YAML indents with spaces)"
                    .to_string()
            }
            Some(c) => format!("found character {c:?} that cannot start any token"),
            None => problem.to_string(),
        },
        "did not find expected key" => {
            "did not find the expected key (is the indentation of this line right?)".to_string()
        }
        _ => problem.to_string(),
    }
}

// ----------------------------------------------------------------------------------------------
// Tags and merge keys

#[derive(Clone, Copy, PartialEq, Eq)]
enum CollectionKind {
    Sequence,
    Mapping,
}

/// The short form of a standard tag (`!!int`), or the tag as libyaml resolved it.
fn tag_suffix(tag: &str) -> Option<&str> {
    tag.strip_prefix(YAML_TAG_PREFIX)
}

fn unknown_tag(tag: &str) -> String {
    format!(
        "could not determine a constructor for the tag '{tag}' (safe_load only knows the \
         standard YAML tags)"
    )
}

fn unsupported_tag(suffix: &str) -> String {
    format!("the tag !!{suffix} is not supported in telemetry definition files")
}

/// Checks the tag of a sequence or mapping (PyYAML's constructor messages).
fn check_collection_tag(tag: Option<&str>, kind: CollectionKind) -> Result<(), String> {
    let found = match kind {
        CollectionKind::Sequence => "sequence",
        CollectionKind::Mapping => "mapping",
    };
    let Some(tag) = tag.filter(|t| *t != "!") else {
        return Ok(());
    };
    match (tag_suffix(tag), kind) {
        (Some("seq"), CollectionKind::Sequence) => Ok(()),
        // `!!set` becomes a mapping of its keys to null (PyYAML: a Python set).
        (Some("map" | "set"), CollectionKind::Mapping) => Ok(()),
        (Some(suffix @ ("omap" | "pairs" | "binary")), _) => Err(unsupported_tag(suffix)),
        (Some("seq"), _) => Err(format!("expected a sequence node, but found a {found}")),
        (Some("map" | "set"), _) => Err(format!("expected a mapping node, but found a {found}")),
        (Some("str" | "int" | "float" | "bool" | "null" | "timestamp"), _) => {
            Err(format!("expected a scalar node, but found a {found}"))
        }
        _ => Err(unknown_tag(tag)),
    }
}

/// PyYAML's check of a `<<` value: a mapping or a list of mappings.
fn check_merge_value(node: &Node) -> Result<(), ParseError> {
    match &node.value {
        Value::Map(_) => Ok(()),
        Value::List(items) => match items.iter().find(|i| !matches!(i.value, Value::Map(_))) {
            Some(item) => Err(ParseError::new(
                format!(
                    "expected a mapping for merging, but found a {}",
                    item.value.type_name()
                ),
                item.span,
            )),
            None => Ok(()),
        },
        other => Err(ParseError::new(
            format!(
                "expected a mapping or list of mappings for merging, but found a {}",
                other.type_name()
            ),
            node.span,
        )),
    }
}

/// The entries of a finished mapping, with its merge keys expanded (see the module docs).
fn finish_mapping(map: MapFrame) -> Vec<Entry> {
    if map.merges.is_empty() {
        return map.entries;
    }
    // PyYAML: each `<<` value in order; a list of mappings in reverse, so the earlier ones win.
    let mut merged = Vec::new();
    for source in map.merges {
        match source.value {
            Value::Map(entries) => merged.extend(entries),
            Value::List(items) => {
                for item in items.into_iter().rev() {
                    if let Value::Map(entries) = item.value {
                        merged.extend(entries);
                    }
                }
            }
            _ => {}
        }
    }
    // As a Python dict built from `merged + explicit`: a key keeps the position of its first
    // occurrence and the value of its last. A merged entry is replaced, not followed, by a later
    // one with its key, so only explicit duplicates remain for the caller to report.
    let mut entries: Vec<Entry> = Vec::with_capacity(merged.len() + map.entries.len());
    // Slot of each merged key, and whether an explicit entry has taken the slot yet.
    let mut slots: HashMap<KeyIdentity, (usize, bool)> = HashMap::new();
    for entry in merged {
        match KeyIdentity::of(&entry.key.value) {
            Some(identity) => match slots.get(&identity) {
                Some(&(slot, _)) => entries[slot] = entry,
                None => {
                    slots.insert(identity, (entries.len(), false));
                    entries.push(entry);
                }
            },
            None => entries.push(entry),
        }
    }
    for entry in map.entries {
        let slot = KeyIdentity::of(&entry.key.value)
            .and_then(|identity| slots.get_mut(&identity))
            .filter(|(_, taken)| !*taken);
        match slot {
            Some((slot, taken)) => {
                *taken = true;
                entries[*slot] = entry;
            }
            None => entries.push(entry),
        }
    }
    entries
}

/// A mapping key as Python's dict compares it: `1`, `1.0` and `true` are the same key.
#[derive(Clone, PartialEq, Eq, Hash)]
enum KeyIdentity {
    Null,
    Int(i128, bool, u32),
    FloatBits(u64),
    Str(String),
    Date(String),
}

impl KeyIdentity {
    /// None for a key equal to nothing (NaN) or not a valid key.
    fn of(value: &Value) -> Option<KeyIdentity> {
        Some(match value {
            Value::Null => KeyIdentity::Null,
            Value::Bool(b) => KeyIdentity::Int(i128::from(*b), true, u32::from(*b)),
            Value::Int(i) => KeyIdentity::Int(i.value, i.exact, i.low32),
            Value::Float(f) if f.is_nan() => return None,
            Value::Float(f) => {
                // An integral float equals the int of the same value.
                if f.fract() == 0.0 && f.abs() < 1e38 {
                    let whole = *f as i128; // exact: integral and within range
                    KeyIdentity::Int(whole, true, whole as u32)
                } else {
                    // -0.0 == 0.0 is handled above; other floats compare by value.
                    KeyIdentity::FloatBits(f.to_bits())
                }
            }
            Value::Str(s) => KeyIdentity::Str(s.clone()),
            Value::Date(d) => KeyIdentity::Date(d.clone()),
            Value::List(_) | Value::Map(_) => return None,
        })
    }
}

// ----------------------------------------------------------------------------------------------
// Scalars: PyYAML's resolvers and constructors

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScalarKind {
    Null,
    Bool,
    Int,
    Float,
    Str,
    Timestamp,
    /// `<<`, the merge key.
    Merge,
    /// `=`, PyYAML's "value key".
    ValueKey,
}

/// What a scalar is, from its tag, or from its text when it is plain and untagged.
fn scalar_kind(tag: Option<&str>, style: ScalarStyle, value: &str) -> Result<ScalarKind, String> {
    match tag {
        None if style == ScalarStyle::Plain => Ok(implicit_kind(value)),
        None => Ok(ScalarKind::Str),
        // PyYAML resolves the non-specific tag `!` like a plain scalar, even when quoted.
        Some("!") => Ok(implicit_kind(value)),
        Some(tag) => match tag_suffix(tag) {
            Some("str") => Ok(ScalarKind::Str),
            Some("int") => Ok(ScalarKind::Int),
            Some("float") => Ok(ScalarKind::Float),
            Some("bool") => Ok(ScalarKind::Bool),
            Some("null") => Ok(ScalarKind::Null),
            Some("timestamp") => Ok(ScalarKind::Timestamp),
            Some("merge") => Ok(ScalarKind::Merge),
            Some(suffix @ ("binary" | "omap" | "pairs")) => Err(unsupported_tag(suffix)),
            Some("seq") => Err("expected a sequence node, but found a scalar".to_string()),
            Some("map" | "set") => Err("expected a mapping node, but found a scalar".to_string()),
            _ => Err(unknown_tag(tag)),
        },
    }
}

/// PyYAML's implicit resolvers (YAML 1.1), in its order.
fn implicit_kind(value: &str) -> ScalarKind {
    if value.is_empty() {
        return ScalarKind::Null;
    }
    // Python's `$` also matches before one final newline (reachable only through the `!` tag).
    let probe = value.strip_suffix('\n').unwrap_or(value);
    if probe.is_empty() {
        return ScalarKind::Str;
    }
    if is_bool_word(probe) {
        ScalarKind::Bool
    } else if is_float_text(probe) {
        ScalarKind::Float
    } else if is_int_text(probe) {
        ScalarKind::Int
    } else if probe == "<<" {
        ScalarKind::Merge
    } else if matches!(probe, "~" | "null" | "Null" | "NULL") {
        ScalarKind::Null
    } else if is_timestamp_text(probe) {
        ScalarKind::Timestamp
    } else if probe == "=" {
        ScalarKind::ValueKey
    } else {
        ScalarKind::Str
    }
}

fn is_bool_word(s: &str) -> bool {
    matches!(
        s,
        "yes"
            | "Yes"
            | "YES"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    )
}

fn strip_sign(s: &[u8]) -> &[u8] {
    match s.first() {
        Some(b'-' | b'+') => &s[1..],
        _ => s,
    }
}

fn all_of(s: &[u8], allowed: impl Fn(u8) -> bool) -> bool {
    s.iter().all(|&b| allowed(b))
}

fn digit_or_underscore(b: u8) -> bool {
    b.is_ascii_digit() || b == b'_'
}

/// `[0-9][0-9_]*`: the length matched at the start of `s` (0 if none).
fn leading_digits(s: &[u8]) -> usize {
    match s.first() {
        Some(b) if b.is_ascii_digit() => {
            1 + s[1..]
                .iter()
                .take_while(|&&b| digit_or_underscore(b))
                .count()
        }
        _ => 0,
    }
}

/// `(?::[0-5]?[0-9])+` matching all of `s`.
fn is_sexagesimal_tail(s: &[u8]) -> bool {
    if s.first() != Some(&b':') {
        return false;
    }
    s[1..].split(|&b| b == b':').all(|part| match part {
        [d] => d.is_ascii_digit(),
        [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
        _ => false,
    })
}

/// `(?:[eE][-+][0-9]+)?` matching all of `s`.
fn is_optional_exponent(s: &[u8]) -> bool {
    match s {
        [] => true,
        [b'e' | b'E', b'-' | b'+', digits @ ..] => {
            !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// PyYAML's int resolver:
/// `[-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ |
/// [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+`.
fn is_int_text(s: &str) -> bool {
    let body = strip_sign(s.as_bytes());
    match body {
        [b'0', b'b', rest @ ..] if !rest.is_empty() => {
            all_of(rest, |b| matches!(b, b'0' | b'1' | b'_'))
        }
        [b'0', b'x', rest @ ..] if !rest.is_empty() => {
            all_of(rest, |b| b.is_ascii_hexdigit() || b == b'_')
        }
        [b'0'] => true,
        [b'0', rest @ ..] => all_of(rest, |b| matches!(b, b'0'..=b'7' | b'_')),
        [b'1'..=b'9', ..] => {
            let digits = leading_digits(body);
            digits == body.len() || is_sexagesimal_tail(&body[digits..])
        }
        _ => false,
    }
}

/// PyYAML's float resolver (6.x: `.5` needs a digit after the dot, so `._` is a string):
/// `[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)? | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)? |
/// [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)`.
fn is_float_text(s: &str) -> bool {
    let bytes = s.as_bytes();
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    // `.5`: no sign allowed in this alternative.
    if let [b'.', rest @ ..] = bytes {
        let fraction = leading_digits(rest);
        if fraction > 0 && is_optional_exponent(&rest[fraction..]) {
            return true;
        }
    }
    let body = strip_sign(bytes);
    if matches!(body, b".inf" | b".Inf" | b".INF") {
        return true;
    }
    let digits = leading_digits(body);
    if digits == 0 {
        return false;
    }
    let after = &body[digits..];
    match after {
        [b'.', rest @ ..] => {
            let fraction = rest.iter().take_while(|&&b| digit_or_underscore(b)).count();
            is_optional_exponent(&rest[fraction..])
        }
        [b':', ..] => match after.iter().position(|&b| b == b'.') {
            Some(dot) => {
                is_sexagesimal_tail(&after[..dot]) && all_of(&after[dot + 1..], digit_or_underscore)
            }
            None => false,
        },
        _ => false,
    }
}

/// The parts of a timestamp, as PyYAML's constructor regex reads them.
#[derive(Debug, Default)]
struct Timestamp {
    year: u32,
    month: u32,
    day: u32,
    /// Hour, minute, second, when there is a time.
    time: Option<(u32, u32, u32)>,
    /// Offset in minutes, when there is a numeric time zone.
    tz_minutes: Option<u32>,
}

/// Reads `s` with PyYAML's constructor regex
/// `YYYY-M?M-D?D(?:(?:[Tt]|[ \t]+)H?H:MM:SS(?:\.F*)?(?:[ \t]*(?:Z|[-+]H?H(?::MM)?))?)?$`.
fn read_timestamp(s: &str) -> Option<Timestamp> {
    struct Cursor<'b>(&'b [u8]);
    impl Cursor<'_> {
        fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
            let n = self
                .0
                .iter()
                .take(max)
                .take_while(|b| b.is_ascii_digit())
                .count();
            if n < min {
                return None;
            }
            let value = self.0[..n]
                .iter()
                .fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
            self.0 = &self.0[n..];
            Some(value)
        }
        fn eat(&mut self, byte: u8) -> bool {
            if self.0.first() == Some(&byte) {
                self.0 = &self.0[1..];
                true
            } else {
                false
            }
        }
        fn blanks(&mut self) -> usize {
            let n = self
                .0
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            self.0 = &self.0[n..];
            n
        }
    }

    let mut c = Cursor(s.as_bytes());
    let mut ts = Timestamp {
        year: c.digits(4, 4)?,
        ..Timestamp::default()
    };
    if !c.eat(b'-') {
        return None;
    }
    ts.month = c.digits(1, 2)?;
    if !c.eat(b'-') {
        return None;
    }
    ts.day = c.digits(1, 2)?;
    if c.0.is_empty() {
        return Some(ts);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.blanks() > 0) {
        return None;
    }
    let hour = c.digits(1, 2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2, 2)?;
    if !c.eat(b':') {
        return None;
    }
    let second = c.digits(2, 2)?;
    ts.time = Some((hour, minute, second));
    if c.eat(b'.') {
        c.0 = &c.0[c.0.iter().take_while(|b| b.is_ascii_digit()).count()..];
    }
    if c.0.is_empty() {
        return Some(ts);
    }
    c.blanks();
    if c.eat(b'Z') {
        return c.0.is_empty().then_some(ts);
    }
    if !(c.eat(b'-') || c.eat(b'+')) {
        return None;
    }
    let tz_hour = c.digits(1, 2)?;
    let tz_minute = if c.eat(b':') { c.digits(2, 2)? } else { 0 };
    ts.tz_minutes = Some(tz_hour * 60 + tz_minute);
    c.0.is_empty().then_some(ts)
}

/// PyYAML's timestamp resolver: `YYYY-MM-DD` exactly, or the full form with a time.
fn is_timestamp_text(s: &str) -> bool {
    if !s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    match read_timestamp(s) {
        Some(Timestamp { time: Some(_), .. }) => true,
        Some(_) => {
            let b = s.as_bytes();
            b.len() == 10 && b[4] == b'-' && b[7] == b'-'
        }
        None => false,
    }
}

/// Checks a timestamp the way Python's `datetime` would build it.
fn check_timestamp(text: &str) -> Result<(), String> {
    let probe = text.strip_suffix('\n').unwrap_or(text);
    let invalid = |why: &str| format!("invalid date '{probe}': {why}");
    let Some(ts) = read_timestamp(probe) else {
        return Err(invalid("not a YAML timestamp"));
    };
    if ts.year == 0 {
        return Err(invalid("year 0 is out of range"));
    }
    if !(1..=12).contains(&ts.month) {
        return Err(invalid("month must be in 1..12"));
    }
    let leap = ts.year % 4 == 0 && (ts.year % 100 != 0 || ts.year % 400 == 0);
    let days = match ts.month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=days).contains(&ts.day) {
        return Err(invalid("day is out of range for month"));
    }
    if let Some((hour, minute, second)) = ts.time {
        if hour > 23 {
            return Err(invalid("hour must be in 0..23"));
        }
        if minute > 59 {
            return Err(invalid("minute must be in 0..59"));
        }
        if second > 59 {
            return Err(invalid("second must be in 0..59"));
        }
    }
    if ts.tz_minutes.is_some_and(|m| m >= 24 * 60) {
        return Err(invalid(
            "the time zone offset must be strictly between -24 and 24 hours",
        ));
    }
    Ok(())
}

/// Builds a scalar's value (PyYAML's `construct_yaml_*`).
fn construct_scalar(kind: ScalarKind, text: String) -> Result<Value, String> {
    Ok(match kind {
        ScalarKind::Null => Value::Null,
        ScalarKind::Bool => Value::Bool(construct_bool(&text)?),
        ScalarKind::Int => Value::Int(construct_int(&text)?),
        ScalarKind::Float => Value::Float(construct_float(&text)?),
        ScalarKind::Timestamp => {
            check_timestamp(&text)?;
            Value::Date(text)
        }
        ScalarKind::Str | ScalarKind::Merge | ScalarKind::ValueKey => Value::Str(text),
    })
}

fn construct_bool(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "true" | "on" => Ok(true),
        "no" | "false" | "off" => Ok(false),
        _ => Err(format!("invalid boolean '{text}'")),
    }
}

fn invalid_int(text: &str) -> String {
    format!("invalid integer '{text}'")
}

/// PyYAML's `construct_yaml_int`: `_` removed, a sign, then `0b` binary, `0x` hex, a leading
/// `0` octal, `:` sexagesimal (base 60), else decimal.
fn construct_int(text: &str) -> Result<Int, String> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, body) = match cleaned.as_bytes().first() {
        Some(b'-') => (true, &cleaned[1..]),
        Some(b'+') => (false, &cleaned[1..]),
        Some(_) => (false, cleaned.as_str()),
        None => return Err(invalid_int(text)),
    };
    let magnitude = if body == "0" {
        Some(Int::new(0))
    } else if let Some(digits) = body.strip_prefix("0b") {
        python_int(digits, 2)
    } else if let Some(digits) = body.strip_prefix("0x") {
        python_int(digits, 16)
    } else if body.starts_with('0') {
        python_int(body, 8)
    } else if body.contains(':') {
        body.split(':').try_fold(Int::new(0), |total, part| {
            python_int(part, 10).map(|part| int_mul_add(total, 60, part))
        })
    } else {
        python_int(body, 10)
    }
    .ok_or_else(|| invalid_int(text))?;
    Ok(if negative {
        int_negate(magnitude)
    } else {
        magnitude
    })
}

/// Python's `int(s, base)` (ASCII digits; `_` already removed).
fn python_int(s: &str, radix: u32) -> Option<Int> {
    let s = s.trim();
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let prefix = match radix {
        2 => Some("0b"),
        8 => Some("0o"),
        16 => Some("0x"),
        _ => None,
    };
    let s = match prefix {
        Some(prefix) if s.len() >= 2 && s[..2].eq_ignore_ascii_case(prefix) => &s[2..],
        _ => s,
    };
    if s.is_empty() {
        return None;
    }
    let mut accumulator = IntAccumulator::new(radix);
    for c in s.chars() {
        accumulator.push_digit(c.to_digit(radix)?);
    }
    Some(accumulator.finish(negative))
}

/// `total * factor + addend`, exact while it fits an `i128`, and always exact modulo 2^32.
fn int_mul_add(total: Int, factor: u32, addend: Int) -> Int {
    let low32 = total.low32.wrapping_mul(factor).wrapping_add(addend.low32);
    let exact_value = if total.exact && addend.exact {
        total
            .value
            .checked_mul(i128::from(factor))
            .and_then(|v| v.checked_add(addend.value))
    } else {
        None
    };
    match exact_value {
        Some(value) => Int {
            value,
            exact: true,
            low32,
        },
        None => Int {
            // Saturate toward the sign of the dominant term.
            value: if total.value > 0 || (total.value == 0 && addend.value > 0) {
                i128::MAX
            } else {
                i128::MIN
            },
            exact: false,
            low32,
        },
    }
}

fn int_negate(i: Int) -> Int {
    let low32 = i.low32.wrapping_neg();
    match i.value.checked_neg().filter(|_| i.exact) {
        Some(value) => Int {
            value,
            exact: true,
            low32,
        },
        None => Int {
            value: if i.value > 0 { i128::MIN } else { i128::MAX },
            exact: false,
            low32,
        },
    }
}

/// PyYAML's `construct_yaml_float`: `_` removed, lowercased, `.inf`/`.nan`, sexagesimal, else
/// Python's `float()`.
fn construct_float(text: &str) -> Result<f64, String> {
    let invalid = || format!("invalid float '{text}'");
    let cleaned: String = text
        .chars()
        .filter(|&c| c != '_')
        .collect::<String>()
        .to_lowercase();
    let (sign, body) = match cleaned.as_bytes().first() {
        Some(b'-') => (-1.0, &cleaned[1..]),
        Some(b'+') => (1.0, &cleaned[1..]),
        Some(_) => (1.0, cleaned.as_str()),
        None => return Err(invalid()),
    };
    if body == ".inf" {
        return Ok(sign * f64::INFINITY);
    }
    if body == ".nan" {
        return Ok(f64::NAN);
    }
    if body.contains(':') {
        // Python sums from the least significant part up; keep its rounding.
        let mut value = 0.0;
        let mut base = 1.0;
        for part in body.rsplit(':') {
            value += python_float(part).ok_or_else(invalid)? * base;
            base *= 60.0;
        }
        return Ok(sign * value);
    }
    python_float(body).map(|v| sign * v).ok_or_else(invalid)
}

/// Python's `float()` on ASCII text.
fn python_float(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Value {
        match parse(text, FileId(0)) {
            Ok(node) => node.value,
            Err(e) => panic!("{text:?} failed: {}", e.message),
        }
    }

    fn int(v: i128) -> Value {
        Value::Int(Int::new(v))
    }

    fn s(text: &str) -> Value {
        Value::Str(text.to_string())
    }

    #[test]
    fn implicit_resolution_matches_pyyaml() {
        let cases: Vec<(&str, Value)> = vec![
            // null
            ("~", Value::Null),
            ("null", Value::Null),
            ("Null", Value::Null),
            ("NULL", Value::Null),
            ("", Value::Null),
            ("nULL", s("nULL")),
            // bool
            ("yes", Value::Bool(true)),
            ("Yes", Value::Bool(true)),
            ("YES", Value::Bool(true)),
            ("no", Value::Bool(false)),
            ("No", Value::Bool(false)),
            ("NO", Value::Bool(false)),
            ("true", Value::Bool(true)),
            ("True", Value::Bool(true)),
            ("TRUE", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("False", Value::Bool(false)),
            ("FALSE", Value::Bool(false)),
            ("on", Value::Bool(true)),
            ("On", Value::Bool(true)),
            ("ON", Value::Bool(true)),
            ("off", Value::Bool(false)),
            ("Off", Value::Bool(false)),
            ("OFF", Value::Bool(false)),
            ("y", s("y")),
            ("n", s("n")),
            ("Y", s("Y")),
            ("yEs", s("yEs")),
            // int
            ("0", int(0)),
            ("-0", int(0)),
            ("42", int(42)),
            ("+42", int(42)),
            ("-42", int(-42)),
            ("010", int(8)),
            ("-010", int(-8)),
            ("00", int(0)),
            ("0_", int(0)),
            ("08", s("08")),
            ("0x10", int(16)),
            ("0xfF", int(255)),
            ("-0x10", int(-16)),
            ("0X10", s("0X10")),
            ("0b11", int(3)),
            ("-0b1_1", int(-3)),
            ("0b12", s("0b12")),
            ("1_000", int(1000)),
            ("1:30", int(90)),
            ("-1:30", int(-90)),
            ("1:0:0", int(3600)),
            ("1:60", s("1:60")),
            ("1:5", int(65)),
            ("0:30", s("0:30")),
            // float
            ("1e3", s("1e3")),
            ("1.5e+3", Value::Float(1500.0)),
            ("1.0e+3", Value::Float(1000.0)),
            ("1.5e3", s("1.5e3")),
            ("1.", Value::Float(1.0)),
            ("1.5", Value::Float(1.5)),
            ("-1.5", Value::Float(-1.5)),
            (".5", Value::Float(0.5)),
            ("-.5", s("-.5")),
            ("1_0.2_5", Value::Float(10.25)),
            (".inf", Value::Float(f64::INFINITY)),
            ("-.Inf", Value::Float(f64::NEG_INFINITY)),
            ("+.INF", Value::Float(f64::INFINITY)),
            (".iNf", s(".iNf")),
            ("1:30.5", Value::Float(90.5)),
            (".", s(".")),
            // timestamps
            ("2018-01-01", Value::Date("2018-01-01".into())),
            ("2018-1-1", s("2018-1-1")),
            (
                "2001-12-14t21:59:43.10-05:00",
                Value::Date("2001-12-14t21:59:43.10-05:00".into()),
            ),
            (
                "2001-12-14 21:59:43.10 -5",
                Value::Date("2001-12-14 21:59:43.10 -5".into()),
            ),
            (
                "2001-12-15T02:59:43.1Z",
                Value::Date("2001-12-15T02:59:43.1Z".into()),
            ),
            ("2001-12-15T02:59", s("2001-12-15T02:59")),
            // strings
            ("never", s("never")),
            ("opt-in", s("opt-in")),
            ("<<x", s("<<x")),
            ("\"yes\"", s("yes")),
            ("'010'", s("010")),
            ("\"~\"", s("~")),
            ("|\n  yes\n", s("yes\n")),
            (">\n  12\n", s("12\n")),
        ];
        for (text, expected) in cases {
            let got = value(text);
            match (&got, &expected) {
                (Value::Float(a), Value::Float(b)) => assert!(
                    a == b || (a.is_nan() && b.is_nan()),
                    "{text:?}: {got:?} != {expected:?}"
                ),
                _ => assert_eq!(got, expected, "{text:?}"),
            }
        }
        assert!(matches!(value(".nan"), Value::Float(f) if f.is_nan()));
        assert!(matches!(value(".NaN"), Value::Float(f) if f.is_nan()));
        assert_eq!(value("-.nan"), s("-.nan"));
    }

    #[test]
    fn big_ints_keep_low_bits() {
        let Value::Int(i) = value("18446744073709551616") else {
            panic!("not an int")
        };
        assert_eq!((i.value, i.exact, i.low32), (1 << 64, true, 0));
        // 2^100 still fits an i128.
        let Value::Int(i) = value("1267650600228229401496703205376") else {
            panic!("not an int")
        };
        assert_eq!((i.value, i.exact, i.low32), (1 << 100, true, 0));
        // 2^200 does not.
        let two_200 = "1606938044258990275541962092341162602522202993782792835301376";
        let Value::Int(i) = value(two_200) else {
            panic!("not an int")
        };
        assert_eq!((i.value, i.exact, i.low32), (i128::MAX, false, 0));
        let Value::Int(i) = value(&format!(
            "-{}",
            "1606938044258990275541962092341162602522202993782792835301381"
        )) else {
            panic!("not an int")
        };
        assert!(!i.exact);
        assert_eq!(i.low32, 5u32.wrapping_neg());
        assert_eq!(i.value, i128::MIN);
        let Value::Int(i) = value("4294967301") else {
            panic!("not an int")
        };
        assert_eq!(i.as_c_int(), 5);
        // 2^100 in hex and in base 60 as well.
        let Value::Int(i) = value("0x10000000000000000000000000") else {
            panic!("not an int")
        };
        assert_eq!((i.value, i.exact, i.low32), (1 << 100, true, 0));
        let Value::Int(i) = value(&format!("0x1{}", "0".repeat(50))) else {
            panic!("not an int")
        };
        assert!(!i.exact && i.low32 == 0);
        let Value::Int(i) = value("1:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:1") else {
            panic!("not an int")
        };
        assert!(!i.exact);
        assert_eq!(i.low32, 60u32.wrapping_pow(24).wrapping_add(1));
    }

    #[test]
    fn explicit_tags() {
        assert_eq!(value("!!str 010"), s("010"));
        assert_eq!(value("!!str"), s(""));
        assert_eq!(value("!!int '010'"), int(8));
        assert_eq!(value("!!int \"1_000\""), int(1000));
        assert_eq!(value("!!float '1'"), Value::Float(1.0));
        assert_eq!(value("!!float 1e3"), Value::Float(1000.0));
        assert_eq!(value("!!bool 'YeS'"), Value::Bool(true));
        assert_eq!(value("!!null 'anything'"), Value::Null);
        assert_eq!(
            value("!!timestamp '2018-01-01'"),
            Value::Date("2018-01-01".into())
        );
        assert_eq!(value("!<tag:yaml.org,2002:int> 7"), int(7));
        assert_eq!(value("! 12"), int(12));
        assert_eq!(value("! '12'"), int(12));
        assert!(
            matches!(value("!!seq [1]"), Value::List(l) if l.len() == 1 && l[0].value == int(1))
        );
        assert!(matches!(value("!!map {a: 1}"), Value::Map(m) if m.len() == 1));
        assert!(matches!(value("!!set {a, b}"), Value::Map(m) if m.len() == 2));
        for bad in [
            "!!int abc",
            "!!int ''",
            "!!bool maybe",
            "!!float x",
            "!!timestamp 2018",
            "!!binary aGVsbG8=",
            "!!omap [a: 1]",
            "!!python/tuple [1, 2]",
            "!foo bar",
            "!!str [a]",
            "!!map [a]",
            "!!seq {a: 1}",
            "!!seq a",
            "!!int {a: 1}",
            "a: !!merge x",
            "- <<",
            "- =",
        ] {
            assert!(parse(bad, FileId(0)).is_err(), "{bad:?} should fail");
        }
        let err = parse("!foo bar", FileId(0)).unwrap_err();
        assert!(
            err.message
                .contains("could not determine a constructor for the tag '!foo'")
        );
        assert!(matches!(
            value("=: 1"),
            Value::Map(m) if m.len() == 1 && m[0].key.value == s("=") && m[0].value.value == int(1)
        ));
    }

    #[test]
    fn invalid_implicit_values_are_errors() {
        for bad in [
            "2018-02-30",
            "2018-13-01",
            "0000-01-01",
            "0x_",
            "0b_",
            "2001-12-14 25:00:00",
        ] {
            let err = parse(bad, FileId(0)).unwrap_err();
            assert!(err.message.starts_with("invalid"), "{bad}: {}", err.message);
            assert_eq!(err.span.range(), 0..bad.len());
        }
        assert_eq!(value("2016-02-29"), Value::Date("2016-02-29".into()));
        assert_eq!(value("2000-02-29"), Value::Date("2000-02-29".into()));
        assert!(parse("1900-02-29", FileId(0)).is_err());
    }

    #[test]
    fn resolver_helpers() {
        for yes in ["0b1", "-0b_", "0_7", "+0", "1_2:3", "0x_F"] {
            assert!(is_int_text(yes), "{yes}");
        }
        for no in ["", "-", "0b", "0x", "1:", "1:123", "_1", "0o7", "1.0"] {
            assert!(!is_int_text(no), "{no}");
        }
        for yes in ["0.", ".1_", "1_.e+1", "1:2:3.", "-1:2.5", ".1E-2"] {
            assert!(is_float_text(yes), "{yes}");
        }
        for no in [
            "", ".", "._", "._1", "1e+3", "1.e3", "1.e+", "+.nan", "1:2", ":1.0", "-._",
        ] {
            assert!(!is_float_text(no), "{no}");
        }
        // `!!float ._` is read as a float, and Python's float('.') fails.
        assert!(parse("!!float ._", FileId(0)).is_err());
    }
}
