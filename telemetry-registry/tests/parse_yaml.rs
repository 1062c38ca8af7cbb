//! The YAML parser: spans, mappings, aliases, robustness and the real corpus.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use telemetry_registry::corpus;
use telemetry_registry::parse::{MAX_DEPTH, yaml};
use telemetry_registry::source::{FileId, LineCol, SourceFile};
use telemetry_registry::value::{Node, Value};

fn parse(text: &str) -> Result<Node, telemetry_registry::parse::ParseError> {
    yaml::parse(text, FileId(0))
}

fn parse_ok(text: &str) -> Node {
    match parse(text) {
        Ok(node) => node,
        Err(e) => panic!("{text:?} failed at {:?}: {}", e.span, e.message),
    }
}

/// A value in Python's `repr` style, without spans.
fn show(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.value.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::Str(s) => format!("'{s}'"),
        Value::Date(d) => format!("date({d})"),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(|n| show(&n.value)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Map(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|e| format!("{}: {}", show(&e.key.value), show(&e.value.value)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

fn lc(line: usize, column: usize) -> LineCol {
    LineCol { line, column }
}

/// (start, end) of a node as line/columns, and the text it covers.
fn place(file: &SourceFile, node: &Node) -> (LineCol, LineCol, String) {
    (
        file.line_col(node.span.start as usize),
        file.line_col(node.span.end as usize),
        file.text[node.span.range()].to_string(),
    )
}

#[test]
fn spans_of_a_block_mapping() {
    let text = "cat:\n  probe: 'quoted'\n  n: 12\n  ünï: çà # comment\nnext: [a, \"é\", {k: v}]\n";
    let file = SourceFile::new("x.yaml", text.to_string());
    let root = parse_ok(text);
    assert_eq!(place(&file, &root).0, lc(1, 1));
    let top = root.as_map().unwrap();
    let cat = &top[0];
    assert_eq!(place(&file, &cat.key), (lc(1, 1), lc(1, 4), "cat".into()));
    // A block mapping runs from its first key to the end of its last value.
    assert_eq!(
        place(&file, &cat.value),
        (
            lc(2, 3),
            lc(4, 10),
            "probe: 'quoted'\n  n: 12\n  ünï: çà".into()
        )
    );
    let inner = cat.value.as_map().unwrap();
    assert_eq!(
        place(&file, &inner[0].key),
        (lc(2, 3), lc(2, 8), "probe".into())
    );
    assert_eq!(
        place(&file, &inner[0].value),
        (lc(2, 10), lc(2, 18), "'quoted'".into())
    );
    assert_eq!(
        place(&file, &inner[1].value),
        (lc(3, 6), lc(3, 8), "12".into())
    );
    // Non-ASCII: byte spans, character columns.
    assert_eq!(
        place(&file, &inner[2].key),
        (lc(4, 3), lc(4, 6), "ünï".into())
    );
    assert_eq!(
        place(&file, &inner[2].value),
        (lc(4, 8), lc(4, 10), "çà".into())
    );
    // Flow collections run bracket to bracket.
    let next = &top[1].value;
    assert_eq!(
        place(&file, next),
        (lc(5, 7), lc(5, 23), "[a, \"é\", {k: v}]".into())
    );
    let items = next.as_list().unwrap();
    assert_eq!(place(&file, &items[0]), (lc(5, 8), lc(5, 9), "a".into()));
    assert_eq!(
        place(&file, &items[1]),
        (lc(5, 11), lc(5, 14), "\"é\"".into())
    );
    assert_eq!(
        place(&file, &items[2]),
        (lc(5, 16), lc(5, 22), "{k: v}".into())
    );
    let k = &items[2].as_map().unwrap()[0];
    assert_eq!(place(&file, &k.key), (lc(5, 17), lc(5, 18), "k".into()));
    assert_eq!(place(&file, &k.value), (lc(5, 20), lc(5, 21), "v".into()));
}

#[test]
fn spans_of_block_sequences_and_empty_values() {
    let text = "a:\n- x\n- y\nb:\nc: |\n  text\n";
    let file = SourceFile::new("x.yaml", text.to_string());
    let root = parse_ok(text);
    let top = root.as_map().unwrap();
    assert_eq!(
        place(&file, &top[0].value),
        (lc(2, 1), lc(3, 4), "- x\n- y".into())
    );
    // `b:` with nothing after it: null, zero-width, right after the colon.
    assert_eq!(top[1].value.value, Value::Null);
    assert_eq!(top[1].value.span.start, top[1].value.span.end);
    assert_eq!(file.line_col(top[1].value.span.start as usize), lc(4, 3));
    assert_eq!(place(&file, &top[2].value).2, "|\n  text\n");
    // CRLF line ends and a byte-order mark keep byte offsets right.
    let text = "\u{feff}a: 1\r\nb: é\r\n";
    let file = SourceFile::new("x.yaml", text.to_string());
    let root = parse_ok(text);
    let top = root.as_map().unwrap();
    assert_eq!(place(&file, &top[0].key).2, "a");
    assert_eq!(
        place(&file, &top[1].value),
        (lc(2, 4), lc(2, 5), "é".into())
    );
}

#[test]
fn duplicate_keys_are_kept_and_keys_are_typed() {
    let root = parse_ok("a: 1\nb: 2\na: 3\non: x\n123: y\n~: z\n2018-01-01: d\n1.5: f\n");
    assert_eq!(
        show(&root.value),
        "{'a': 1, 'b': 2, 'a': 3, True: 'x', 123: 'y', None: 'z', date(2018-01-01): 'd', 1.5: 'f'}"
    );
    // The last of duplicate keys is what Python sees.
    assert_eq!(show(&root.get("a").unwrap().value.value), "3");
    let err = parse("? [a]\n: b\n").unwrap_err();
    assert!(err.message.contains("unhashable key"), "{}", err.message);
    assert_eq!(err.span.start, 2);
}

#[test]
fn empty_documents_and_multiple_documents() {
    for text in ["", "# only a comment\n", "\n\n", "---\n", "--- ~\n...\n"] {
        assert_eq!(parse_ok(text).value, Value::Null, "{text:?}");
    }
    let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
    assert!(
        err.message.contains("expected a single document"),
        "{}",
        err.message
    );
    assert_eq!(err.span.range(), 5..8);
}

#[test]
fn anchors_and_aliases() {
    let text = "base: &b\n  x: [1, 2]\ncopy: *b\nlist: [&s str, *s]\n";
    let root = parse_ok(text);
    assert_eq!(
        show(&root.value),
        "{'base': {'x': [1, 2]}, 'copy': {'x': [1, 2]}, 'list': ['str', 'str']}"
    );
    // The copy's root sits at the alias; its insides at the anchored text.
    let copy = &root.get("copy").unwrap().value;
    assert_eq!(&text[copy.span.range()], "*b");
    let x = &copy.as_map().unwrap()[0].key;
    assert_eq!(&text[x.span.range()], "x");
    assert_eq!(x.span.start, 11);

    let err = parse("a: *nope\n").unwrap_err();
    assert!(err.message.contains("undefined alias"), "{}", err.message);
    assert_eq!(&"a: *nope\n"[err.span.range()], "*nope");
    let err = parse("a: &x [1, *x]\n").unwrap_err();
    assert!(err.message.contains("recursive"), "{}", err.message);
    let err = parse("a: &x 1\nb: &x 2\n").unwrap_err();
    assert!(err.message.contains("duplicate anchor"), "{}", err.message);
}

#[test]
fn merge_keys() {
    let text = "\
defaults: &defaults
  kind: uint
  expires: never
probe:
  <<: *defaults
  expires: '100'
";
    let root = parse_ok(text);
    assert_eq!(
        show(&root.get("probe").unwrap().value.value),
        "{'kind': 'uint', 'expires': '100'}"
    );
    let root = parse_ok("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc: {<<: [*a, *b]}\n");
    assert_eq!(
        show(&root.get("c").unwrap().value.value),
        "{'x': 1, 'y': 2}"
    );
    // `<<` as a quoted key is an ordinary string key.
    let root = parse_ok("'<<': 1\n");
    assert_eq!(show(&root.value), "{'<<': 1}");
    // The mapping's own keys win over merged ones; the keys come in PyYAML's order.
    let root = parse_ok(
        "base: &b {x: 1, y: 2}\nother: &o {y: 5, z: 6}\nm:\n  y: 3\n  <<: [*b, *o]\n  w: 4\n",
    );
    assert_eq!(
        show(&root.get("m").unwrap().value.value),
        "{'y': 3, 'z': 6, 'x': 1, 'w': 4}"
    );
    assert_eq!(
        show(&parse_ok("a: &a {k: 1}\nb:\n  <<: *a\n  <<: {k: 2}\n").value),
        "{'a': {'k': 1}, 'b': {'k': 2}}"
    );
    // 1, 1.0 and True are one key for Python.
    assert_eq!(
        show(&parse_ok("- &a {1: a}\n- {<<: *a, true: b}").value),
        "[{1: 'a'}, {True: 'b'}]"
    );
    assert!(parse("a: &a [1]\nb: {<<: *a}").is_err());
    assert!(parse("b: {<<: 3}").is_err());
    assert!(parse("b: {<<: [{a: 1}, 3]}").is_err());
}

#[test]
fn alias_bomb_fails_fast() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (prev, next) = (pair[0], pair[1]);
        text.push_str(&format!(
            "{next}: &{next} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    let started = Instant::now();
    let err = parse(&text).unwrap_err();
    assert!(
        err.message.contains("aliases expand to more than"),
        "{}",
        err.message
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    // So do the bytes of long strings copied many times.
    let text = format!(
        "a: &a {}\nb: [{}]\n",
        "x".repeat(1 << 20),
        vec!["*a"; 100].join(", ")
    );
    let err = parse(&text).unwrap_err();
    assert!(err.message.contains("bytes of text"), "{}", err.message);
    // A few copies are fine.
    let text = format!(
        "a: &a {}\nb: [{}]\n",
        "x".repeat(1 << 20),
        ["*a"; 10].join(", ")
    );
    parse_ok(&text);
    // Depth through aliases counts too.
    let deep = format!(
        "a: &a {}{}\nb: {}*a{}\n",
        "[".repeat(400),
        "]".repeat(400),
        "[".repeat(200),
        "]".repeat(200)
    );
    let err = parse(&deep).unwrap_err();
    assert!(err.message.contains("deeper than"), "{}", err.message);
}

#[test]
fn deep_nesting_fails_cleanly() {
    for text in [
        "[".repeat(10_000),
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        "{a: ".repeat(10_000),
        "- ".repeat(10_000) + "x",
        "? ".repeat(10_000) + "x",
        // Nested block mappings by indentation.
        (0..2_000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect::<String>(),
    ] {
        let started = Instant::now();
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("deeper than"), "{}", err.message);
        assert!(started.elapsed() < Duration::from_secs(20));
    }
    // Exactly MAX_DEPTH levels are fine.
    let text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    parse_ok(&text);
}

#[test]
fn syntax_errors_point_at_the_problem() {
    let text = "a: b: c\n";
    let err = parse(text).unwrap_err();
    assert!(
        err.message
            .starts_with("mapping values are not allowed here")
    );
    assert_eq!(err.span.range(), 4..5);

    let text = "a:\n\tb: 1\n";
    let err = parse(text).unwrap_err();
    assert!(err.message.contains("tab"), "{}", err.message);

    let text = "a: [1, 2\nb: 3\n";
    let err = parse(text).unwrap_err();
    assert!(
        err.message
            .contains("flow sequence that starts at line 1, column 4"),
        "{}",
        err.message
    );

    let text = "a: \"é\u{7}\"\n";
    let err = parse(text).unwrap_err();
    assert!(err.message.contains("#x0007"), "{}", err.message);
    assert_eq!(&text[err.span.range()], "\u{7}");

    // libyaml-safer panics on a tag followed by `,` in a flow collection (PyYAML rejects it
    // too): still just an error, at the comma.
    let text = "a: [x, !!str, b]";
    let err = parse(text).unwrap_err();
    assert!(err.message.contains("after the tag"), "{}", err.message);
    assert_eq!(err.span.range(), 12..13);
}

#[test]
fn tabs_follow_pyyaml() {
    // PyYAML's scanner skips only spaces between tokens.
    for bad in [
        "a:\t1",
        "a: 1\t",
        "a: 1 \t# c",
        "\ta: 1",
        "a: hello\tworld",
        "[a,\tb]",
        "a: 1\n\t\nb: 2",
    ] {
        let err = parse(bad).unwrap_err();
        assert!(err.message.contains("tab"), "{bad:?}: {}", err.message);
        assert_eq!(&bad[err.span.range()], "\t", "{bad:?}");
    }
    // Tabs are fine inside quotes, block scalar content and comments.
    let root = parse_ok("a: \"x\ty\"\nb: 'p\tq'\nc: |\n  x\ty\n# c\td\nd: 1 # e\tf\n");
    assert_eq!(
        show(&root.value),
        "{'a': 'x\ty', 'b': 'p\tq', 'c': 'x\ty\n', 'd': 1}"
    );
    parse_ok("a: | # c\td\n  x\n");
    assert!(parse("a: |\t# c\n  x\n").is_err());
    // A comment full of tabs is checked in linear time.
    parse_ok(&format!("a: 1 # {}\n", "\t".repeat(1 << 20)));
    // A tab in a comment between a node's properties and its text is fine too.
    assert_eq!(show(&parse_ok("a: &x #\tc\n  b\n").value), "{'a': 'b'}");
    assert_eq!(show(&parse_ok("! #c\n|-\n  1").value), "1");
    // PyYAML wants a space between a block scalar's indicators and a comment.
    assert!(parse("a: |#c\n  x\n").is_err());
    parse_ok("a: | #c\n  x\n");
}

#[test]
fn question_marks_in_flow_plain_scalars_follow_pyyaml() {
    for bad in ["[a?b]", "[http://x?y=1]", "{a: b?}"] {
        let err = parse(bad).unwrap_err();
        assert!(err.message.contains("'?'"), "{bad:?}: {}", err.message);
        assert_eq!(&bad[err.span.range()], "?");
    }
    assert_eq!(
        show(&parse_ok("a: b?c\nl: ['x?y', [? k]]").value),
        "{'a': 'b?c', 'l': ['x?y', [{'k': None}]]}"
    );
}

#[test]
fn block_scalars_at_the_end_of_a_text_without_a_final_newline() {
    // libyaml-safer panics here; C libyaml and PyYAML read the end as an empty line break.
    let cases = [
        ("a: >\n  x", "{'a': 'x'}"),
        ("a: >\n  x\n  y", "{'a': 'x y'}"),
        ("a: |\n  x", "{'a': 'x'}"),
        ("a: |+\n  x", "{'a': 'x'}"),
        ("a: |-\n  x", "{'a': 'x'}"),
        ("a: |\n  x\n  ", "{'a': 'x\n'}"),
        ("a: |+\n  x\n  ", "{'a': 'x\n'}"),
        ("a: |\n  x\n     ", "{'a': 'x\n   '}"),
        ("- |2\n   x\n    ", "[' x\n  ']"),
        ("l:\n- |\n  x", "{'l': ['x']}"),
        ("a: |\n  x\n", "{'a': 'x\n'}"),
    ];
    for (text, expected) in cases {
        assert_eq!(show(&parse_ok(text).value), expected, "{text:?}");
    }
}

#[test]
fn the_events_yaml_flow_sequence_quirk_is_accepted() {
    // Firefox's Events.yaml: the closing `]` sits at the key's indentation.
    let text = "cat:\n  expose:\n    objects: [\n      \"nimbus_experiment\",\n    ]\n    methods: [\"expose\"]\n";
    let root = parse_ok(text);
    assert_eq!(
        show(&root.value),
        "{'cat': {'expose': {'objects': ['nimbus_experiment'], 'methods': ['expose']}}}"
    );
}

#[test]
fn odd_inputs_do_not_panic() {
    let big = format!("a: {}\n", "x".repeat(1 << 20));
    let root = parse_ok(&big);
    assert_eq!(
        root.get("a").unwrap().value.as_str().map(str::len),
        Some(1 << 20)
    );
    for text in [
        "\0",
        "a: \0",
        "a: \u{202e}evil\u{202c}\n",
        "\u{202e}: 1",
        "\u{f000}: 1",
        "\u{feff}",
        "\u{85}",
        "a: \u{2028}b",
        "\r",
        "---\n---\n",
        "...",
        "%YAML 1.1\n--- a",
        "%YAML 2.0\n--- a",
        "%TAG ! tag:example.com,2000:\n--- !x a",
        "&a",
        "*a",
        "!",
        "? ? ?",
        "{? a: b}: c",
        "[a: b, c: d]",
        "{a: [}",
        "'unterminated",
        "\"\\uD800\"",
        "\"\\x\"",
        "key: >\n  folded\n   more\n",
        "- |0\n  x",
        "a: !<!> b",
        "[!!str , a]",
        "{!!str : a}",
        "[&a, *a]",
    ] {
        let _ = parse(text);
    }
    assert_eq!(
        show(&parse_ok("a: \u{202e}evil\u{202c}\n").value),
        "{'a': '\u{202e}evil\u{202c}'}"
    );
}

const SAMPLE: &str = "\
# comment
category:
  probe_one: &p
    kind: uint
    expires: \"never\"
    bug_numbers: [1, 0x10, 010]
    keyed: yes
    description: >
      Folded
      text.
    record_in_processes:
      - main
      - 'content'
  probe_two: *p
other: {a: [1.5, .inf, ~], 2018-01-01: on}
";

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = parse(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse(&text);
    }

    #[test]
    fn yaml_like_text_never_panics(text in "[-:?!&*\\[\\]{},#'\"|>%@` \n\ta-z0-9.~<=]{0,120}") {
        let _ = parse(&text);
    }

    #[test]
    fn mutations_never_panic(
        position in 0usize..SAMPLE.len(),
        replacement in "[-:?!&*\\[\\]{},#'\"|>%\\\\ \n\t\0\u{202e}é]{0,3}",
        delete in 0usize..4,
    ) {
        let mut text = SAMPLE.to_string();
        let start = floor(&text, position);
        let end = floor(&text, (start + delete).min(text.len()));
        text.replace_range(start..end, &replacement);
        let _ = parse(&text);
    }

    #[test]
    fn spans_are_in_bounds_on_char_boundaries(text in "[-:?!&*\\[\\],'\" \n\ta-zé0-9]{0,80}") {
        if let Ok(node) = parse(&text) {
            let mut stack = vec![&node];
            while let Some(node) = stack.pop() {
                let range = node.span.range();
                prop_assert!(range.start <= range.end && range.end <= text.len());
                prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                match &node.value {
                    Value::List(items) => stack.extend(items),
                    Value::Map(entries) => {
                        for entry in entries {
                            stack.push(&entry.key);
                            stack.push(&entry.value);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

fn floor(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[test]
fn every_prefix_of_a_valid_document_is_handled() {
    for end in 0..=SAMPLE.len() {
        if SAMPLE.is_char_boundary(end) {
            let _ = parse(&SAMPLE[..end]);
        }
    }
    let root = parse_ok(SAMPLE);
    let category = &root.get("category").unwrap().value;
    assert_eq!(
        show(&category.get("probe_one").unwrap().value.value),
        "{'kind': 'uint', 'expires': 'never', 'bug_numbers': [1, 16, 8], 'keyed': True, \
         'description': 'Folded text.\n', 'record_in_processes': ['main', 'content']}"
    );
    assert_eq!(
        show(&root.get("other").unwrap().value.value),
        "{'a': [1.5, inf, None], date(2018-01-01): True}"
    );
}

// ----------------------------------------------------------------------------------------------
// The corpus of real Firefox files

/// (categories, second-level entries) of a Scalars/Events file.
fn count_probes(root: &Node) -> (usize, usize) {
    let categories = root.as_map().expect("top level is a mapping");
    let probes = categories
        .iter()
        .map(|c| c.value.as_map().expect("a category is a mapping").len())
        .sum();
    (categories.len(), probes)
}

#[test]
fn corpus_files_parse() {
    let Some(dir) = corpus::locate() else {
        eprintln!("note: no corpus (set TELEMETRY_CORPUS); skipping");
        return;
    };
    let expected = [
        ("firefox-modern", "Scalars.yaml", Some((80, 401))),
        ("firefox-modern", "Events.yaml", Some((57, 204))),
        ("firefox-modern", "Processes.yaml", None),
        ("firefox-2020", "Scalars.yaml", Some((88, 250))),
        ("firefox-2020", "Events.yaml", Some((24, 99))),
        ("firefox-2020", "Processes.yaml", None),
        ("firefox-legacy", "Scalars.yaml", Some((16, 46))),
        ("firefox-legacy", "Events.yaml", Some((3, 10))),
        ("firefox-legacy", "Processes.yaml", None),
    ];
    let mut parsed = 0;
    for (generation, name, counts) in expected {
        let path = dir.join(generation).join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("note: {} is missing", path.display());
            continue;
        };
        let root = match yaml::parse(&text, FileId(0)) {
            Ok(root) => root,
            Err(e) => {
                let file = SourceFile::new(&path, text.clone());
                panic!(
                    "{}:{:?}: {}",
                    path.display(),
                    file.line_col(e.span.start as usize),
                    e.message
                );
            }
        };
        parsed += 1;
        match counts {
            Some(counts) => assert_eq!(count_probes(&root), counts, "{}", path.display()),
            None => assert!(!root.as_map().unwrap().is_empty()),
        }
    }
    assert!(parsed >= 6, "only {parsed} corpus files found");
}

/// Release-mode timing: `cargo test --release -p telemetry-registry --test parse_yaml -- --ignored
/// --nocapture`.
#[test]
#[ignore = "timing report, not a test"]
fn corpus_parse_times() {
    let Some(corpus) = corpus::locate() else {
        eprintln!("note: no corpus (set TELEMETRY_CORPUS)");
        return;
    };
    let dir = corpus.join("firefox-modern");
    for name in ["Scalars.yaml", "Events.yaml"] {
        let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
            continue;
        };
        // One warm-up parse, then the average of many.
        std::hint::black_box(yaml::parse(&text, FileId(0)).expect("parses"));
        let runs = 100;
        let started = Instant::now();
        for _ in 0..runs {
            let root = yaml::parse(&text, FileId(0)).expect("parses");
            std::hint::black_box(root);
        }
        eprintln!(
            "{name}: {} bytes, {:.2} ms per parse",
            text.len(),
            started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
        );
    }
}
