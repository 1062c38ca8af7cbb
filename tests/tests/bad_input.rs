//! Hostile and random definitions: every run ends in diagnostics with valid locations, never a
//! panic. Definitions are generated from the fields Firefox knows, with values drawn from the
//! troublesome ones (huge numbers, wrong types, hostile strings), then rendered as JSON text
//! (valid YAML too, so the same trees exercise the scalar and event checks).

use proptest::prelude::*;
use telemetry_registry::load::{InputKind, InputText};
use telemetry_registry::{Loaded, Options, load_sources};

/// A JSON value as text, so numbers beyond any Rust type can be written.
#[derive(Clone, Debug)]
enum Json {
    Raw(String),
    Str(String),
    List(Vec<Json>),
    Map(Vec<(String, Json)>),
}

impl Json {
    fn render(&self, out: &mut String) {
        match self {
            Json::Raw(text) => out.push_str(text),
            Json::Str(s) => out.push_str(&serde_json::to_string(s).expect("string")),
            Json::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.render(out);
                }
                out.push(']');
            }
            Json::Map(entries) => {
                out.push_str("{\n");
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(",\n");
                    }
                    out.push_str(&serde_json::to_string(key).expect("key"));
                    out.push_str(": ");
                    value.render(out);
                }
                out.push_str("\n}");
            }
        }
    }
}

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("never".to_string()),
        Just("default".to_string()),
        Just("60".to_string()),
        Just("060".to_string()),
        Just("60\n".to_string()),
        Just("٦٠".to_string()),
        Just("opt-out".to_string()),
        Just("main".to_string()),
        Just("firefox".to_string()),
        Just("exponential".to_string()),
        Just("categorical".to_string()),
        Just("flag".to_string()),
        Just("a*/b".to_string()),
        Just("</script><img src=x onerror=alert(1)>".to_string()),
        Just("\u{202E}evil\u{0}nul".to_string()),
        Just("K\u{212A}LVIN".to_string()),
        Just("x".repeat(100_000)),
        "[a-zA-Z0-9_.#*/ -]{0,30}",
        any::<String>(),
    ]
}

fn scalar_json() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Raw("true".into())),
        Just(Json::Raw("false".into())),
        Just(Json::Raw("null".into())),
        Just(Json::Raw("0".into())),
        Just(Json::Raw("-1".into())),
        Just(Json::Raw("18446744073709551616".into())),
        Just(Json::Raw("4294967301".into())),
        Just(Json::Raw("2147483648".into())),
        Just(Json::Raw("1e400".into())),
        Just(Json::Raw("NaN".into())),
        Just(Json::Raw("-Infinity".into())),
        Just(Json::Raw("1.5".into())),
        (-5i64..200).prop_map(|n| Json::Raw(n.to_string())),
        hostile_string().prop_map(Json::Str),
    ]
}

fn value_json() -> impl Strategy<Value = Json> {
    scalar_json().prop_recursive(3, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::List),
            prop::collection::vec((field_name(), inner), 0..4).prop_map(Json::Map),
        ]
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("kind".to_string()),
        Just("description".to_string()),
        Just("expires_in_version".to_string()),
        Just("expires".to_string()),
        Just("expiry_version".to_string()),
        Just("alert_emails".to_string()),
        Just("notification_emails".to_string()),
        Just("bug_numbers".to_string()),
        Just("keyed".to_string()),
        Just("keys".to_string()),
        Just("labels".to_string()),
        Just("low".to_string()),
        Just("high".to_string()),
        Just("n_buckets".to_string()),
        Just("n_values".to_string()),
        Just("record_in_processes".to_string()),
        Just("record_into_store".to_string()),
        Just("products".to_string()),
        Just("operating_systems".to_string()),
        Just("releaseChannelCollection".to_string()),
        Just("release_channel_collection".to_string()),
        Just("methods".to_string()),
        Just("objects".to_string()),
        Just("extra_keys".to_string()),
        Just("cpp_guard".to_string()),
        hostile_string(),
    ]
}

fn definition() -> impl Strategy<Value = Json> {
    prop::collection::vec((field_name(), value_json()), 0..12).prop_map(Json::Map)
}

/// `{name: definition}` or, for the YAML files, `{category: {name: definition}}`.
fn file(nested: bool) -> impl Strategy<Value = String> {
    let entries = prop::collection::vec((hostile_string(), definition()), 0..4);
    entries.prop_map(move |entries| {
        let top = if nested {
            Json::Map(vec![("category".to_string(), Json::Map(entries))])
        } else {
            Json::Map(entries)
        };
        let mut out = String::new();
        top.render(&mut out);
        out
    })
}

fn assert_well_formed(loaded: &Loaded) {
    for diagnostic in &loaded.diagnostics.items {
        assert!(!diagnostic.message.is_empty());
        if let Some(span) = diagnostic.span {
            let file = loaded
                .sources
                .get(span.file)
                .expect("span names a loaded file");
            assert!(
                span.end as usize <= file.text.len(),
                "span past the end: {diagnostic:?}"
            );
            assert!(loaded.sources.line_col(span).is_some());
        }
    }
}

fn run(histograms: &str, scalars: &str, events: &str, strict: bool) -> Loaded {
    let inputs = vec![
        InputText::new(InputKind::Histograms, "Histograms.json", histograms),
        InputText::new(
            InputKind::Allowlist,
            "histogram-allowlists.json",
            "{\"kind\": [\"A\"]}",
        ),
        InputText::new(InputKind::Scalars, "Scalars.yaml", scalars),
        InputText::new(InputKind::Events, "Events.yaml", events),
    ];
    let options = Options {
        strict,
        ..Options::default()
    };
    let loaded = load_sources(inputs, &options);
    assert_well_formed(&loaded);
    loaded
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_definitions_give_diagnostics_not_panics(
        histograms in file(false),
        scalars in file(true),
        events in file(true),
        strict in any::<bool>(),
    ) {
        run(&histograms, &scalars, &events, strict);
    }

    #[test]
    fn arbitrary_bytes_give_diagnostics_not_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let inputs = vec![
            InputText::new(InputKind::Histograms, "Histograms.json", bytes.clone()),
            InputText::new(InputKind::Scalars, "Scalars.yaml", bytes.clone()),
            InputText::new(InputKind::Events, "Events.yaml", bytes.clone()),
            InputText::new(InputKind::Allowlist, "histogram-allowlists.json", bytes.clone()),
            InputText::new(InputKind::Processes, "Processes.yaml", bytes),
        ];
        let loaded = load_sources(inputs, &Options::default());
        assert_well_formed(&loaded);
    }
}

#[test]
fn extreme_inputs_are_reported_with_locations() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
                g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n";
    let huge_name = format!("{{\"{}\": {{\"kind\": \"boolean\"}}}}", "A".repeat(1 << 20));
    let cases: Vec<(&str, String, String)> = vec![
        ("deep JSON", deep.clone(), "{}".into()),
        ("deep YAML", "{}".into(), deep),
        ("YAML alias bomb", "{}".into(), bomb.to_string()),
        (
            "truncated JSON",
            "{\"A_B\": {\"kind\": \"boo".into(),
            "{}".into(),
        ),
        (
            "2^64",
            "{\"A_B\": {\"kind\": \"linear\", \"high\": 18446744073709551616, \"n_buckets\": 10}}"
                .into(),
            "{}".into(),
        ),
        (
            "1e400",
            "{\"A_B\": {\"kind\": \"linear\", \"high\": 1e400, \"n_buckets\": 10}}".into(),
            "{}".into(),
        ),
        ("1 MB name", huge_name, "{}".into()),
        (
            "NUL and RTL",
            "{\"A\u{202E}B\": {\"kind\": \"boolean\", \"description\": \"x\\u0000y\"}}".into(),
            "{}".into(),
        ),
    ];
    for (what, histograms, scalars) in cases {
        let loaded = run(&histograms, &scalars, "{}", true);
        assert!(
            loaded.diagnostics.errors() > 0,
            "{what}: expected an error diagnostic"
        );
        for diagnostic in &loaded.diagnostics.items {
            assert!(diagnostic.message.len() < 2_000, "{what}: message too long");
        }
    }
    let bad_utf8 = load_sources(
        vec![InputText::new(
            InputKind::Histograms,
            "Histograms.json",
            b"{\"A\xff\": 1}".to_vec(),
        )],
        &Options::default(),
    );
    let first = &bad_utf8.diagnostics.items[0];
    assert_eq!(first.rule.id, "file/invalid-utf8");
    let at = bad_utf8
        .sources
        .line_col(first.span.expect("located"))
        .expect("line");
    assert_eq!((at.line, at.column), (1, 4));
}
