//! The JSON parser against serde_json, random and mutated input, extreme input and the real
//! corpus files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use telemetry_registry::parse::ParseError;
use telemetry_registry::parse::json::parse;
use telemetry_registry::value::{Node, Value};
use telemetry_registry::{FileId, corpus};

const FILE: FileId = FileId(0);

// --- helpers ---

/// Compares our tree with serde_json's, returning the path of the first difference.
///
/// Objects are compared as Python sees them: a duplicate key keeps the position of its first
/// occurrence and the value of its last, which is also what serde_json's ordered map does.
fn compare(ours: &Node, theirs: &serde_json::Value, path: &str) -> Result<(), String> {
    use serde_json::Value as J;
    let mismatch = || {
        Err(format!(
            "{path}: ours {:?} vs serde_json {theirs}",
            ours.value
        ))
    };
    match (&ours.value, theirs) {
        (Value::Null, J::Null) => Ok(()),
        (Value::Bool(a), J::Bool(b)) if a == b => Ok(()),
        (Value::Int(i), J::Number(n)) => {
            let equal = if let Some(n) = n.as_i64() {
                i.exact && i.value == i128::from(n)
            } else if let Some(n) = n.as_u64() {
                i.exact && i.value == i128::from(n)
            } else {
                // serde_json reads integers beyond u64 as floats.
                n.as_f64() == Some(i.value as f64)
            };
            if equal { Ok(()) } else { mismatch() }
        }
        (Value::Float(a), J::Number(n)) if n.is_f64() && n.as_f64() == Some(*a) => Ok(()),
        (Value::Str(a), J::String(b)) if a == b => Ok(()),
        (Value::List(a), J::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(x, y, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Map(entries), J::Object(b)) => {
            let dict = python_dict(entries);
            if dict.len() != b.len() {
                return mismatch();
            }
            for ((key, value), (their_key, their_value)) in dict.iter().zip(b) {
                if key != their_key {
                    return Err(format!("{path}: key {key:?} vs serde_json {their_key:?}"));
                }
                compare(value, their_value, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        _ => mismatch(),
    }
}

/// The entries of a mapping as a Python dict holds them.
fn python_dict(entries: &[telemetry_registry::value::Entry]) -> Vec<(&str, &Node)> {
    let mut dict: Vec<(&str, &Node)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for entry in entries {
        let key = entry.key.as_str().expect("JSON keys are strings");
        match index.get(key) {
            Some(&i) => dict[i].1 = &entry.value,
            None => {
                index.insert(key, dict.len());
                dict.push((key, &entry.value));
            }
        }
    }
    dict
}

fn has_duplicate_keys(node: &Node) -> bool {
    match &node.value {
        Value::List(items) => items.iter().any(has_duplicate_keys),
        Value::Map(entries) => {
            let mut seen = std::collections::HashSet::new();
            entries
                .iter()
                .any(|e| !seen.insert(e.key.as_str()) || has_duplicate_keys(&e.value))
        }
        _ => false,
    }
}

/// Same value, ignoring spans (NaN equals NaN).
fn same_value(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Float(x), Value::Float(y)) => {
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(a, b)| same_value(&a.key, &b.key) && same_value(&a.value, &b.value))
        }
        (x, y) => x == y,
    }
}

/// Every node's span covers exactly its own source text: re-parsing that text gives the same
/// value, and every key span is a quoted string.
fn check_spans(text: &str, node: &Node) {
    let own = &text[node.span.range()];
    let reparsed = parse(own, FILE).unwrap_or_else(|e| panic!("span text {own:?}: {e}"));
    assert!(
        same_value(node, &reparsed),
        "span text {own:?} gives another value"
    );
    match &node.value {
        Value::List(items) => items.iter().for_each(|n| check_spans(text, n)),
        Value::Map(entries) => {
            for entry in entries {
                let key = &text[entry.key.span.range()];
                assert!(key.starts_with('"') && key.ends_with('"') && key.len() >= 2);
                check_spans(text, &entry.key);
                check_spans(text, &entry.value);
            }
        }
        _ => {}
    }
}

/// An error's span lies in the text, on char boundaries, and covers at most one character.
fn check_error(text: &str, error: &ParseError) {
    let (start, end) = (error.span.start as usize, error.span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{error:?} outside {text:?}"
    );
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    assert!(
        text[start..end].chars().count() <= 1,
        "{error:?} is wider than a character"
    );
    assert!(!error.message.is_empty());
    assert!(!error.message.contains("internal error"), "{error:?}");
}

/// Parses without panicking and checks the result's invariants either way.
fn parse_checked(text: &str) -> Result<Node, ParseError> {
    let result = parse(text, FILE);
    match &result {
        Ok(node) => {
            assert!(node.span.end as usize <= text.len());
        }
        Err(error) => check_error(text, error),
    }
    result
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value as J;
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        any::<u64>().prop_map(J::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(J::from),
        any::<String>().prop_map(J::String),
        "[a-z\\\\\"/\u{0}-\u{1f}\u{202e}\u{fffd}😀]{0,12}".prop_map(J::String),
    ];
    leaf.prop_recursive(6, 80, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(J::Array),
            prop::collection::vec((any::<String>(), inner), 0..8)
                .prop_map(|entries| J::Object(entries.into_iter().collect())),
        ]
    })
}

/// A small document using every feature, for mutation tests.
const SMALL_DOC: &str = r#"{
  "A_HISTOGRAM": {
    "record_in_processes": ["main", "content"],
    "expires_in_version": "never",
    "kind": "exponential",
    "high": 60000, "n_buckets": 50, "low": -0, "big": 18446744073709551621,
    "f": [1.5e3, -0.25, NaN, Infinity, -Infinity, true, false, null],
    "description": "Time (ms) \"quoted\" \\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00 é€😀",
    "A_HISTOGRAM": {}
  }
}
"#;

// --- property tests ---

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_checked(&text);
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let _ = parse_checked(&text);
    }

    #[test]
    fn json_like_strings_never_panic(text in "[\\[\\]{}\",:0-9eE.+\\-\\\\u a-zA-Z\n\t\u{0}\u{feff}é]{0,64}") {
        if let Ok(node) = parse_checked(&text) {
            check_spans(&text, &node);
        }
    }

    #[test]
    fn agrees_with_serde_json(value in json_value()) {
        for text in [
            serde_json::to_string(&value).expect("serializes"),
            serde_json::to_string_pretty(&value).expect("serializes"),
        ] {
            let node = parse_checked(&text)
                .unwrap_or_else(|e| panic!("{text:?}: {} at {:?}", e.message, e.span));
            if let Err(difference) = compare(&node, &value, "$") {
                panic!("{text}\n{difference}");
            }
            check_spans(&text, &node);
        }
    }

    #[test]
    fn byte_flips_never_panic(index in 0..SMALL_DOC.len(), byte in any::<u8>()) {
        let mut bytes = SMALL_DOC.as_bytes().to_vec();
        bytes[index] = byte;
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(node) = parse_checked(&text) {
            check_spans(&text, &node);
        }
    }

    #[test]
    fn insertions_and_deletions_never_panic(
        index in 0..SMALL_DOC.len(),
        length in 0usize..8,
        insert in "[\\[\\]{}\",:0-9\\\\u\u{0}\u{202e}é ]{0,4}",
    ) {
        let bytes = SMALL_DOC.as_bytes();
        let mut mutated = bytes[..index].to_vec();
        mutated.extend_from_slice(insert.as_bytes());
        mutated.extend_from_slice(&bytes[(index + length).min(bytes.len())..]);
        let text = String::from_utf8_lossy(&mutated);
        let _ = parse_checked(&text);
    }
}

// --- mutations and extreme input ---

#[test]
fn small_doc_parses_with_exact_spans() {
    let node = parse_checked(SMALL_DOC).expect("parses");
    check_spans(SMALL_DOC, &node);
    let histogram = &node.as_map().expect("map")[0];
    assert_eq!(histogram.key.as_str(), Some("A_HISTOGRAM"));
    let inner = histogram.value.as_map().expect("map");
    assert_eq!(inner.len(), 10);
    assert_eq!(inner[9].key.as_str(), Some("A_HISTOGRAM"));
}

#[test]
fn every_truncation_fails_cleanly() {
    let bytes = SMALL_DOC.trim_end().as_bytes();
    for length in 0..bytes.len() {
        let text = String::from_utf8_lossy(&bytes[..length]);
        let error = parse_checked(&text).expect_err("a truncated document is an error");
        // Every prefix is cut inside the outer object, so the error is at (or near) the end.
        assert!(
            error.span.start as usize + "-Infinity".len() >= text.len(),
            "{length}: {error:?} not at the end of {text:?}"
        );
    }
}

#[test]
fn ten_thousand_deep_nesting_is_an_error_not_a_crash() {
    for (open, close) in [("[", "]"), ("{\"k\":", "}"), ("[{\"k\":", "}]")] {
        let text = format!("{}1{}", open.repeat(10_000), close.repeat(10_000));
        let error = parse_checked(&text).expect_err("too deep");
        assert!(error.message.contains("too deeply nested"), "{error:?}");
        // Unclosed, too.
        let error = parse_checked(&open.repeat(10_000)).expect_err("too deep");
        assert!(error.message.contains("too deeply nested"), "{error:?}");
    }
}

#[test]
fn one_megabyte_key_and_string() {
    let big = "k".repeat(1 << 20);
    let text = format!("{{\"{big}\": \"{big}\"}}");
    let node = parse_checked(&text).expect("parses");
    let entry = &node.as_map().expect("map")[0];
    assert_eq!(entry.key.as_str().map(str::len), Some(1 << 20));
    assert_eq!(entry.key.span.range(), 1..(1 << 20) + 3);
    assert_eq!(entry.value.as_str().map(str::len), Some(1 << 20));

    // With escapes: the slow path.
    let escaped = "\\u00e9\\n".repeat(1 << 17);
    let text = format!("{{\"{escaped}\": 1}}");
    let node = parse_checked(&text).expect("parses");
    let key = node.as_map().expect("map")[0].key.as_str().expect("str");
    assert_eq!(key, "é\n".repeat(1 << 17));
}

#[test]
fn nul_bytes() {
    assert_eq!(
        parse_checked("\"a\\u0000b\"")
            .expect("escaped NUL")
            .as_str(),
        Some("a\0b")
    );
    let error = parse_checked("\"a\0b\"").expect_err("raw NUL in a string");
    assert!(error.message.contains("U+0000"), "{error:?}");
    assert_eq!(error.span.range(), 2..3);
    let error = parse_checked("[1,\0 2]").expect_err("raw NUL between values");
    assert_eq!(error.span.range(), 3..4);
    let error = parse_checked("{}\0").expect_err("NUL after the value");
    assert!(error.message.contains("extra data"), "{error:?}");
    let error = parse_checked("\0").expect_err("only NUL");
    assert_eq!(error.span.range(), 0..1);
}

#[test]
fn bidirectional_overrides_are_kept_in_strings_and_never_printed_raw() {
    let text = "{\"a\u{202e}b\": \"\u{202e}\u{2066}x\u{2069}\u{202c}\"}";
    let node = parse_checked(text).expect("parses");
    let entry = &node.as_map().expect("map")[0];
    assert_eq!(entry.key.as_str(), Some("a\u{202e}b"));
    assert_eq!(
        entry.value.as_str(),
        Some("\u{202e}\u{2066}x\u{2069}\u{202c}")
    );

    let error = parse_checked("[1, \u{202e}2]").expect_err("not a value");
    assert!(error.message.contains("U+202E"), "{error:?}");
    assert!(!error.message.contains('\u{202e}'), "{error:?}");
    assert_eq!(error.span.range(), 4..7);
}

// --- the corpus ---

fn json_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            json_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "json") {
            found.push(path);
        }
    }
}

#[test]
fn corpus_files_parse_like_serde_json() {
    let Some(dir) = corpus::locate() else {
        eprintln!("note: no corpus (set TELEMETRY_CORPUS); skipping");
        return;
    };
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    assert!(!files.is_empty(), "no *.json files under {}", dir.display());
    let mut compared = 0;
    for path in &files {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let node = parse_checked(&text)
            .unwrap_or_else(|e| panic!("{}: {} at {:?}", path.display(), e.message, e.span));
        assert_eq!(
            &text[node.span.range()],
            text.trim_matches([' ', '\t', '\n', '\r']),
            "{}: the root span covers the document",
            path.display()
        );
        if has_duplicate_keys(&node) {
            eprintln!("note: {} has duplicate keys", path.display());
        }
        // Compared Python-style even with duplicate keys (see `compare`).
        let theirs: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: serde_json: {e}", path.display()));
        if let Err(difference) = compare(&node, &theirs, "$") {
            panic!("{}: {difference}", path.display());
        }
        compared += 1;
    }
    eprintln!("parsed and compared {compared} corpus files");
}

/// Not a test: prints how long the modern Histograms.json takes to parse, against serde_json.
/// Run with `cargo test --release -p telemetry-registry --test parse_json -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_modern_histograms() {
    let Some(corpus) = corpus::locate() else {
        eprintln!("note: no corpus (set TELEMETRY_CORPUS)");
        return;
    };
    let path = corpus.join("firefox-modern/Histograms.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("note: {} missing", path.display());
        return;
    };
    let rounds = 200;
    let time = |f: &dyn Fn()| {
        let mut samples: Vec<f64> = (0..rounds)
            .map(|_| {
                let start = std::time::Instant::now();
                f();
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        (samples[0], samples[rounds / 2])
    };
    let ours = time(&|| {
        std::hint::black_box(parse(std::hint::black_box(&text), FILE).expect("parses"));
    });
    let serde = time(&|| {
        std::hint::black_box(
            serde_json::from_str::<serde_json::Value>(std::hint::black_box(&text)).expect("parses"),
        );
    });
    eprintln!(
        "{} ({} bytes): ours min {:.3} ms / median {:.3} ms; serde_json::Value min {:.3} ms / \
         median {:.3} ms; ratio min {:.2}, median {:.2}",
        path.display(),
        text.len(),
        ours.0,
        ours.1,
        serde.0,
        serde.1,
        ours.0 / serde.0,
        ours.1 / serde.1
    );
}
