//! What the three checkers share: Python's regex and type semantics, as Firefox's scripts see
//! their inputs, and the spanned readers that turn tree nodes into model values.

use crate::model::Spanned;
use crate::value::{Node, Value};

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
pub fn py_iter(node: &Node) -> Option<Vec<Node>> {
    match &node.value {
        Value::List(items) => Some(items.clone()),
        Value::Str(s) => Some(
            s.chars()
                .map(|c| Node::new(Value::Str(c.to_string()), node.span))
                .collect(),
        ),
        Value::Map(entries) => Some(entries.iter().map(|e| e.key.clone()).collect()),
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
    py_iter(node)
        .unwrap_or_default()
        .iter()
        .filter_map(spanned_str)
        .collect()
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
