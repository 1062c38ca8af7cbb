//! What the three checkers share: Python's regex and type semantics, as Firefox's scripts see
//! their inputs, and the spanned readers that turn tree nodes into model values.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::model::{Collection, Spanned};
use crate::rules::Rule;
use crate::source::Span;
use crate::value::{Entry, Node, Value};

/// Python's `$` matches before one final `\n`: the part of `s` a `^…$` pattern must match.
pub fn py_anchored(s: &str) -> &str {
    s.strip_suffix('\n').unwrap_or(s)
}

/// Python's `\d` on `str` patterns: any Unicode decimal digit (category Nd).
pub fn is_py_digit(c: char) -> bool {
    // The first code point of each block of ten Nd digits (Unicode 15, as Python 3.11 has it).
    const ND_BLOCKS: [u32; 66] = [
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
        0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
        0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
        0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
        0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
        0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
    ];
    let c = c as u32;
    let block = ND_BLOCKS.partition_point(|&start| start <= c);
    block > 0 && c - ND_BLOCKS[block - 1] < 10
}

/// Firefox's expiry pattern: `never`, or `^\d{1,3}$` with Python semantics.
pub fn is_valid_expiry(s: &str) -> bool {
    if s == "never" {
        return true;
    }
    let body = py_anchored(s);
    let count = body.chars().count();
    (1..=3).contains(&count) && body.chars().all(is_py_digit)
}

/// A letter `[a-z]` matches under Python's `re.IGNORECASE` (ASCII letters, plus the four
/// non-ASCII letters whose case folding lands on one: İ ı ſ K).
fn is_py_ignorecase_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{130}' | '\u{131}' | '\u{17F}' | '\u{212A}')
}

/// `^[a-z][a-z0-9_]+[a-z0-9]$`, case-insensitive: histogram names and labels.
pub fn is_histogram_name(s: &str) -> bool {
    let chars: Vec<char> = py_anchored(s).chars().collect();
    if chars.len() < 3 {
        return false;
    }
    let middle_ok = chars[1..chars.len() - 1]
        .iter()
        .all(|&c| is_py_ignorecase_letter(c) || c.is_ascii_digit() || c == '_');
    let last = chars[chars.len() - 1];
    is_py_ignorecase_letter(chars[0])
        && middle_ok
        && (is_py_ignorecase_letter(last) || last.is_ascii_digit())
}

/// Firefox's event identifier pattern `^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$`.
pub fn is_event_identifier(s: &str) -> bool {
    let chars: Vec<char> = py_anchored(s).chars().collect();
    if chars.len() < 2 {
        return false;
    }
    let last = chars[chars.len() - 1];
    chars[0].is_ascii_alphabetic()
        && chars[1..chars.len() - 1]
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && last.is_ascii_alphanumeric()
}

/// Python's `len()` of a string: code points.
pub fn py_len(s: &str) -> usize {
    s.chars().count()
}

/// The items Python's `for item in value` yields for a list-typed field: a list's items, a
/// string's characters (each as a one-character string node), a mapping's keys. `None` when the
/// value is not iterable (Python raises `TypeError`).
pub fn py_iter(node: &Node) -> Option<Cow<'_, [Node]>> {
    match &node.value {
        Value::List(items) => Some(Cow::Borrowed(items)),
        Value::Str(s) => Some(Cow::Owned(
            s.chars()
                .map(|c| Node::new(Value::Str(c.to_string()), node.span))
                .collect(),
        )),
        Value::Map(entries) => Some(Cow::Owned(entries.iter().map(|e| e.key.clone()).collect())),
        _ => None,
    }
}

/// Whether a value passes Python's `isinstance(v, int)`: ints, and bools (a Python bool is an
/// int).
pub fn is_py_int(value: &Value) -> bool {
    matches!(value, Value::Int(_) | Value::Bool(_))
}

/// The integer value of an int-or-bool node, if it fits `i64`.
pub fn int_value(node: &Node) -> Option<i64> {
    match &node.value {
        Value::Int(i) => i.as_i64(),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// A string node as a spanned model string.
pub fn spanned_str(node: &Node) -> Option<Spanned<String>> {
    node.as_str()
        .map(|s| Spanned::new(s.to_string(), node.span))
}

/// The string items of a list-typed field (non-string items skipped: the type check reports
/// them).
pub fn string_items(node: &Node) -> Vec<Spanned<String>> {
    match &node.value {
        Value::List(items) => items.iter().filter_map(spanned_str).collect(),
        _ => py_iter(node)
            .unwrap_or_default()
            .iter()
            .filter_map(spanned_str)
            .collect(),
    }
}

/// The int items of a list-typed field (non-int items skipped).
pub fn int_items(node: &Node) -> Vec<Spanned<i64>> {
    py_iter(node)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| int_value(n).map(|v| Spanned::new(v, n.span)))
        .collect()
}

/// A short, safe rendering of a user value for messages: quoted, escaped, and cut at 60
/// characters (names can be a megabyte long).
pub fn quote(s: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        out.extend(c.escape_debug());
    }
    out.push('"');
    out
}

/// The pair ordered so that the one written later (file, then offset) comes first.
pub fn later_first<'t, T>(a: &'t T, b: &'t T, span: impl Fn(&T) -> Span) -> (&'t T, &'t T) {
    let key = |x: &T| {
        let s = span(x);
        (s.file, s.start)
    };
    if key(a) >= key(b) { (a, b) } else { (b, a) }
}

/// The collection policy: `opt-out` when so written, else the default `opt-in`.
pub fn collection(entry: Option<&Entry>, default_span: Span) -> Spanned<Collection> {
    match entry {
        Some(e) if e.value.as_str() == Some("opt-out") => {
            Spanned::new(Collection::OptOut, e.value.span)
        }
        Some(e) => Spanned::new(Collection::OptIn, e.value.span),
        None => Spanned::new(Collection::OptIn, default_span),
    }
}

// ----------------------------------------------------------------------------------------------
// Shared with events.rs and processes.rs (candidates for check::common).

/// A definition's fields with Python dict semantics (see [`dict_entries`]).
pub struct Fields<'a>(pub &'a [&'a Entry]);

impl<'a> Fields<'a> {
    pub fn get(&self, field: &str) -> Option<&'a Entry> {
        self.0
            .iter()
            .copied()
            .find(|e| e.key.as_str() == Some(field))
    }
}

/// A YAML mapping as the Python dict PyYAML builds from it: one entry per distinct key, at the
/// position of its first occurrence, holding the value of its last.
pub fn dict_entries(entries: &[Entry]) -> Vec<&Entry> {
    let mut out: Vec<&Entry> = Vec::with_capacity(entries.len());
    let mut positions: HashMap<KeyIdentity<'_>, usize> = HashMap::new();
    for entry in entries {
        let identity = KeyIdentity::of(&entry.key.value);
        // Definitions have a dozen fields: a scan beats hashing them.
        let seen = if entries.len() <= SMALL_MAP {
            out.iter()
                .position(|e| KeyIdentity::of(&e.key.value) == identity)
        } else {
            positions.get(&identity).copied()
        };
        match seen {
            Some(at) => out[at] = entry,
            None => {
                if entries.len() > SMALL_MAP {
                    positions.insert(identity, out.len());
                }
                out.push(entry);
            }
        }
    }
    out
}

/// Up to this many entries, maps are searched linearly.
pub const SMALL_MAP: usize = 24;

/// What makes two mapping keys the same key: type and value (Python's dict equality, minus the
/// `1 == True` coincidence, which no definition file relies on).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum KeyIdentity<'a> {
    Str(&'a str),
    Other(String),
}

impl<'a> KeyIdentity<'a> {
    pub fn of(value: &'a Value) -> KeyIdentity<'a> {
        match value {
            Value::Str(s) => KeyIdentity::Str(s),
            other => KeyIdentity::Other(format!("{other:?}")),
        }
    }
}

/// The string-keyed entries sorted by code point (Python's `sorted`), and the entries whose key
/// is not a string (on which Firefox crashes).
pub fn sorted_names(entries: &[Entry]) -> (Vec<(&str, &Entry)>, Vec<&Entry>) {
    let mut names = Vec::new();
    let mut others = Vec::new();
    for entry in dict_entries(entries) {
        match entry.key.as_str() {
            Some(name) => names.push((name, entry)),
            None => others.push(entry),
        }
    }
    // Rust orders `str` by its UTF-8 bytes, which is code-point order, as Python's `sorted`.
    names.sort_by(|a, b| a.0.cmp(b.0));
    (names, others)
}

/// How a non-string YAML key reads (for messages).
pub fn key_text(key: &Node) -> String {
    match &key.value {
        Value::Str(s) => s.clone(),
        Value::Null => "null".to_string(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Value::Int(i) if i.exact => i.value.to_string(),
        Value::Int(_) => "a huge integer".to_string(),
        Value::Float(f) => f.to_string(),
        Value::Date(d) => d.clone(),
        Value::List(_) => "a list".to_string(),
        Value::Map(_) => "a mapping".to_string(),
    }
}

/// The error for a category or probe name that YAML did not read as a string.
pub fn non_string_name(
    rule: &'static Rule,
    what: &str,
    entry: &Entry,
    category: Option<&str>,
) -> Diagnostic {
    let read_as = match &entry.key.value {
        Value::Bool(b) => format!(
            "the boolean {b} (YAML 1.1 reads unquoted on, off, yes, no, true and false as \
             booleans)"
        ),
        Value::Null => "null".to_string(),
        Value::Int(_) => format!("the integer {}", key_text(&entry.key)),
        Value::Float(_) => format!("the number {}", key_text(&entry.key)),
        Value::Date(d) => format!("the date {d}"),
        other => format!("a {}", other.type_name()),
    };
    let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let diagnostic = Diagnostic::new(
        rule,
        format!(
            "{article} {what} name is read as {read_as}, not as a string; Firefox's scripts \
             crash on it"
        ),
    )
    .at(entry.key.span);
    match category {
        Some(category) => diagnostic.probe(category),
        None => diagnostic,
    }
}

/// Python's `type(value).__name__`.
pub fn py_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Date(d) if d.len() > 10 => "datetime",
        Value::Date(_) => "date",
        Value::List(_) => "list",
        Value::Map(_) => "dict",
    }
}

/// What Firefox's string-table writer cannot put out: `*/` (it raises), and characters that do
/// not make a valid C++ char literal (newline, backslash, non-ASCII).
pub fn table_string_diagnostic(
    comment_rule: &'static Rule,
    char_rule: &'static Rule,
    what: &str,
    text: &str,
    span: Span,
) -> Option<Diagnostic> {
    if text.contains("*/") {
        return Some(
            Diagnostic::new(
                comment_rule,
                format!(
                    "{what} {} contains `*/`, which Firefox's C++ generator cannot write",
                    quote(text)
                ),
            )
            .at(span)
            .firefox_message(format!(
                "String in string table contains unexpected sequence '*/': {text}"
            )),
        );
    }
    let problem = if text.contains(['\n', '\r']) {
        if py_anchored(text) != text && !py_anchored(text).contains(['\n', '\r']) {
            "ends in a line break (which Firefox's patterns let through)".to_string()
        } else {
            "contains a line break".to_string()
        }
    } else if text.contains('\\') {
        "contains a backslash".to_string()
    } else if let Some(c) = text.chars().find(|c| !c.is_ascii()) {
        format!("contains the non-ASCII character {}", quote(&c.to_string()))
    } else {
        return None;
    };
    Some(
        Diagnostic::new(
            char_rule,
            format!(
                "{what} {} {problem}: Firefox's generator writes it as C++ char literals, which \
                 do not compile",
                quote(text)
            ),
        )
        .at(span),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_pattern_has_python_semantics() {
        for ok in ["never", "1", "60", "060", "999", "60\n", "٦٠"] {
            assert!(is_valid_expiry(ok), "{ok:?}");
        }
        for bad in ["Never", "60.0", "1000", "", "\n", "6a", "60\n\n", "default"] {
            assert!(!is_valid_expiry(bad), "{bad:?}");
        }
    }

    #[test]
    fn histogram_name_pattern() {
        for ok in ["abc", "A_B", "GC_MS", "a1b", "abc\n", "\u{212A}AB"] {
            assert!(is_histogram_name(ok), "{ok:?}");
        }
        for bad in ["ab", "_ab", "abc_", "1ab", "a-b", "a b", "abé"] {
            assert!(!is_histogram_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn event_identifier_pattern() {
        for ok in ["ab", "a.b", "a_b", "enroll", "x1"] {
            assert!(is_event_identifier(ok), "{ok:?}");
        }
        for bad in ["a", "1a", "a_", "a.", "a-b", ""] {
            assert!(!is_event_identifier(bad), "{bad:?}");
        }
    }

    #[test]
    fn quote_escapes_and_truncates() {
        assert_eq!(quote("a\"b\u{202E}"), "\"a\\\"b\\u{202e}\"");
        assert_eq!(quote(&"x".repeat(100)).chars().count(), 63);
    }
}
