//! Goldens of the generated code: one small definition set per probe kind, formatted with
//! prettyplease and snapshotted with insta. The instrumented example crate compiles every
//! golden (`tests/instrumented/tests/goldens.rs`), so they are checked as Rust, not only as
//! text.

use telemetry_registry::codegen::{self, CodegenOptions, Version};
use telemetry_registry::load::{InputKind, InputText};
use telemetry_registry::{Generation, Options, load_sources, render};

const HISTOGRAM: &str = r#"
    "record_in_processes": ["main", "content"],
    "products": ["firefox"],
    "alert_emails": ["owner@example.com"],
    "bug_numbers": [1000001],
    "expires_in_version": "never",
    "releaseChannelCollection": "opt-out""#;

fn histograms(body: &str) -> InputText {
    InputText::new(
        InputKind::Histograms,
        "Histograms.json",
        body.replace("$COMMON", HISTOGRAM),
    )
}

fn allowlist(kind: &[&str]) -> InputText {
    let kinds: Vec<String> = kind.iter().map(|k| format!("\"{k}\"")).collect();
    InputText::new(
        InputKind::Allowlist,
        "histogram-allowlists.json",
        format!(
            r#"{{"alert_emails": [], "bug_numbers": [], "n_buckets": [], "expiry_default": [], "kind": [{}]}}"#,
            kinds.join(", ")
        ),
    )
}

fn scalars(body: &str) -> InputText {
    InputText::new(InputKind::Scalars, "Scalars.yaml", body)
}

fn events(body: &str) -> InputText {
    InputText::new(InputKind::Events, "Events.yaml", body)
}

fn generate_with(texts: Vec<InputText>, options: &Options, pretty: bool) -> String {
    let loaded = load_sources(texts, options);
    let codegen = CodegenOptions::new()
        .pretty(pretty)
        .current_version(Version::parse("130.0a1").unwrap());
    match codegen::generate(&loaded, &codegen) {
        Ok(code) => code,
        Err(diagnostics) => panic!("{}", render::concise(&loaded.sources, &diagnostics)),
    }
}

/// The tokens of a file without its doc attributes and without trailing commas (which
/// prettyplease adds where it wraps), and the text of its docs in order.
fn normalise(code: &str) -> (String, String) {
    use proc_macro2::{TokenStream, TokenTree};
    fn walk(stream: TokenStream, tokens: &mut Vec<String>, docs: &mut Vec<String>) {
        let trees: Vec<TokenTree> = stream.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Punct(p) if p.as_char() == '#' => {
                    if let Some(TokenTree::Group(g)) = trees.get(i + 1) {
                        let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                        if matches!(inner.first(), Some(TokenTree::Ident(id)) if id == "doc")
                            && inner.len() == 3
                        {
                            let lit: syn::LitStr =
                                syn::parse_str(&inner[2].to_string()).expect("doc literal");
                            docs.push(lit.value());
                            i += 2;
                            continue;
                        }
                    }
                    tokens.push("#".into());
                }
                TokenTree::Punct(p) if p.as_char() == ',' => {
                    let next_closes = match trees.get(i + 1) {
                        None => true,
                        Some(TokenTree::Punct(q)) => q.as_char() == '>',
                        _ => false,
                    };
                    if !next_closes {
                        tokens.push(",".into());
                    }
                }
                TokenTree::Group(g) => {
                    tokens.push(format!("{:?}(", g.delimiter()));
                    walk(g.stream(), tokens, docs);
                    tokens.push(")".into());
                }
                other => tokens.push(other.to_string()),
            }
            i += 1;
        }
    }
    let stream: TokenStream = code.parse().expect("generated code lexes");
    let (mut tokens, mut docs) = (Vec::new(), Vec::new());
    walk(stream, &mut tokens, &mut docs);
    (tokens.join(" "), docs.join("\n"))
}

fn golden(name: &str, texts: Vec<InputText>, options: &Options) {
    let pretty = generate_with(texts.clone(), options, true);
    let _: syn::File = syn::parse_file(&pretty).expect("generated code parses");
    // The compact output (what the proc-macro expands to) is the same module: the same tokens
    // and the same documentation, only laid out differently.
    let compact = generate_with(texts, options, false);
    assert_eq!(
        normalise(&pretty),
        normalise(&compact),
        "{name}: pretty and compact differ"
    );
    insta::assert_snapshot!(name, pretty);
}

fn esr140() -> Options {
    Options::default()
}

#[test]
fn histogram_exponential() {
    let texts = vec![
        histograms(
            r#"{"GC_MS": {$COMMON, "kind": "exponential", "high": 10000, "n_buckets": 10,
            "description": "Time spent running the JS garbage collector (ms)."}}"#,
        ),
        allowlist(&[]),
    ];
    golden("histogram_exponential", texts, &esr140());
}

#[test]
fn histogram_linear() {
    let texts = vec![
        histograms(
            r#"{"PAGE_SCROLL_PERCENT": {$COMMON, "kind": "linear", "low": 1, "high": 100, "n_buckets": 11,
            "description": "How far down a page the user scrolled (percent)."}}"#,
        ),
        allowlist(&[]),
    ];
    golden("histogram_linear", texts, &esr140());
}

#[test]
fn histogram_enumerated() {
    let texts = vec![
        histograms(
            r#"{"HTTP_RESPONSE_VERSION": {$COMMON, "kind": "enumerated", "n_values": 5,
            "description": "HTTP version of a response."}}"#,
        ),
        allowlist(&[]),
    ];
    golden("histogram_enumerated", texts, &esr140());
}

#[test]
fn histogram_categorical() {
    let texts = vec![
        histograms(
            r#"{"DEVICE_RESET_REASON": {$COMMON, "kind": "categorical",
            "labels": ["success", "hung", "driver_error"],
            "description": "Why the GPU device was reset."}}"#,
        ),
        allowlist(&[]),
    ];
    golden("histogram_categorical", texts, &esr140());
}

#[test]
fn histogram_boolean() {
    let texts = vec![
        histograms(
            r#"{"STARTUP_CRASH_DETECTED": {$COMMON, "kind": "boolean",
            "description": "Whether the previous startup crashed."}}"#,
        ),
        allowlist(&[]),
    ];
    golden("histogram_boolean", texts, &esr140());
}

#[test]
fn histogram_count() {
    let texts = vec![
        histograms(
            r#"{"PAGE_LOADS": {$COMMON, "kind": "count",
            "description": "Pages loaded."}}"#,
        ),
        allowlist(&["PAGE_LOADS"]),
    ];
    golden("histogram_count", texts, &esr140());
}

#[test]
fn histogram_flag() {
    let texts = vec![
        histograms(
            r#"{"STARTED_ONCE": {$COMMON, "kind": "flag",
            "description": "Set once the application started (a legacy flag histogram)."}}"#,
        ),
        allowlist(&["STARTED_ONCE"]),
    ];
    let options = Options {
        generation: Generation::Firefox76,
        ..Options::default()
    };
    golden("histogram_flag", texts, &options);
}

#[test]
fn histogram_keyed() {
    let texts = vec![
        histograms(
            r#"{"SEARCH_COUNTS": {$COMMON, "kind": "count", "keyed": true,
                "description": "Searches, keyed by engine and source."},
            "COMPOSITOR_INIT_MS": {$COMMON, "kind": "exponential", "keyed": true,
                "keys": ["webrender", "software"], "high": 1000, "n_buckets": 5,
                "description": "Compositor start-up time, keyed by compositor."},
            "TAB_STATE": {$COMMON, "kind": "categorical", "keyed": true,
                "keys": ["pinned", "regular"], "labels": ["loaded", "unloaded"],
                "description": "Tab state at close, keyed by tab kind."}}"#,
        ),
        allowlist(&["SEARCH_COUNTS"]),
    ];
    golden("histogram_keyed", texts, &esr140());
}

const SCALAR: &str = "
    bug_numbers: [1000101]
    expires: never
    notification_emails: [owner@example.com]
    release_channel_collection: opt-out
    products: [firefox]
    record_in_processes: [main]";

#[test]
fn scalars_plain() {
    let body = format!(
        "normandy:
  recipe_count:
    description: Recipes evaluated.
    kind: uint{SCALAR}
  last_recipe_slug:
    description: The last recipe applied.
    kind: string{SCALAR}
  studies_enabled:
    description: Whether studies may run.
    kind: boolean{SCALAR}
"
    );
    golden("scalars_plain", vec![scalars(&body)], &esr140());
}

#[test]
fn scalars_keyed() {
    let body = format!(
        "browser.engagement:
  recipe_freshness:
    description: Last-modified time per recipe.
    kind: uint
    keyed: true{SCALAR}
  uptake:
    description: Uptake per status.
    kind: uint
    keyed: true
    keys: [success, network_error]{SCALAR}
  feature_flags:
    description: Whether a feature is on.
    kind: boolean
    keyed: true{SCALAR}
  sync_engines:
    description: Which sync engines are on.
    kind: boolean
    keyed: true
    keys: [bookmarks, history]{SCALAR}
"
    );
    golden("scalars_keyed", vec![scalars(&body)], &esr140());
}

const EVENT: &str = "
    bug_numbers: [1000201]
    notification_emails: [owner@example.com]
    products: [firefox]
    record_in_processes: [main]
    release_channel_collection: opt-out
    expiry_version: never";

#[test]
fn events_with_and_without_extras() {
    let body = format!(
        "normandy:
  enroll:
    objects: [preference_study, addon_study]
    description: A recipe was applied.
    extra_keys:
      branch: The branch chosen.
      enrollmentId: The enrollment.{EVENT}
  enroll_failed:
    methods: [enrollFailed]
    objects: [addon_study]
    description: Applying a recipe failed.
    extra_keys:
      reason: Why.{EVENT}
example.ui:
  click:
    objects: [button]
    description: A click, no extras.{EVENT}
"
    );
    golden("events", vec![events(&body)], &esr140());
}

#[test]
fn expired() {
    let texts = vec![
        histograms(
            r#"{"OLD_LOAD_MS": {"record_in_processes": ["main"], "products": ["firefox"],
                "alert_emails": ["owner@example.com"], "bug_numbers": [1], "expires_in_version": "100",
                "kind": "exponential", "high": 1000, "n_buckets": 5, "description": "Expired."},
            "OTHER_STORE_MS": {"record_in_processes": ["main"], "products": ["firefox"],
                "alert_emails": ["owner@example.com"], "bug_numbers": [1], "expires_in_version": "never",
                "record_into_store": ["other"],
                "kind": "linear", "high": 100, "n_buckets": 5, "description": "Another store only."},
            "TELEMETRY_TEST_OLD": {"record_in_processes": ["main"], "products": ["firefox"],
                "alert_emails": ["owner@example.com"], "bug_numbers": [1], "expires_in_version": "100",
                "kind": "boolean", "description": "A test probe: exempt from expiry."}}"#,
        ),
        allowlist(&[]),
        scalars(
            "example:
  old_count:
    bug_numbers: [1]
    description: Expired.
    expires: '100'
    kind: uint
    notification_emails: [owner@example.com]
    products: [firefox]
    record_in_processes: [main]
",
        ),
        events(
            "example:
  old_open:
    objects: [panel]
    description: Expired.
    extra_keys:
      source: Where from.
    bug_numbers: [1]
    notification_emails: [owner@example.com]
    products: [firefox]
    record_in_processes: [main]
    expiry_version: '100'
",
        ),
    ];
    golden("expired", texts, &esr140());
}

/// Hostile text in names, labels and descriptions (non-strict mode lets odd names through):
/// it stays in string literals and neutralised doc comments.
#[test]
fn hostile_text() {
    let texts = vec![InputText::new(
        InputKind::Histograms,
        "Histograms.json",
        r#"{"EVIL\"); } fn main() { //": {"record_in_processes": ["main"], "products": ["firefox"],
            "alert_emails": ["a@b.c */ fn x() {} /*"], "bug_numbers": [1], "expires_in_version": "never",
            "kind": "categorical", "labels": ["okay", "type", "self"],
            "description": "Line one\r\n```\nstd::process::exit(1)\n```\n\n        indented code\n<script>alert(1)</script> [x](javascript:alert(1)) \u202e */ /* \u0000"}}"#,
    )];
    let options = Options {
        strict: false,
        ..Options::default()
    };
    let code = generate_with(texts.clone(), &options, true);
    // Outside string literals and docs, no text of the definitions is left.
    let (tokens, docs) = normalise(&code);
    assert!(
        !tokens.split(' ').any(|t| t == "main" || t == "x"),
        "a name became code:\n{code}"
    );
    assert!(!docs.contains("```") && !docs.contains("<script>") && !docs.contains('\u{202e}'));
    assert!(!docs.contains("    indented"));
    golden("hostile_text", texts, &options);
}
