//! `telemetry-lint rules --format …` and `--help-uri`.

use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_telemetry-lint");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run telemetry-lint")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn rules_prints_text_markdown_and_json() {
    let text = run(&["rules"]);
    assert!(text.status.success());
    let text = stdout(&text);
    assert!(text.lines().any(|l| l.starts_with("file/syntax ")));

    let markdown = run(&["rules", "--format", "markdown"]);
    assert!(markdown.status.success());
    assert_eq!(
        stdout(&markdown),
        telemetry_registry::rules::reference::markdown()
    );

    let json = run(&["rules", "--format", "json"]);
    assert!(json.status.success());
    let list: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("json");
    let list = list.as_array().expect("an array");
    assert_eq!(list.len(), text.lines().count());
    let syntax = list
        .iter()
        .find(|r| r["id"] == "file/syntax")
        .expect("file/syntax");
    assert_eq!(syntax["severity"], "error");
    assert_eq!(syntax["firefox"], "fatal");
    assert_eq!(syntax["policy"], false);
    assert!(
        syntax["explanation"]
            .as_str()
            .is_some_and(|e| !e.is_empty())
    );
    let policy = list
        .iter()
        .find(|r| r["id"] == "expiry/expired")
        .expect("expiry/expired");
    assert_eq!(policy["policy"], true);

    let bad = run(&["rules", "--format", "yaml"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn help_uri_sets_the_sarif_rule_links() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rules-cli-help-uri");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    // No `kind`: one Firefox error.
    std::fs::write(
        dir.join("Histograms.json"),
        r#"{"A_B": {"expires_in_version": "never", "description": "x"}}"#,
    )
    .expect("write");
    let path = dir.to_string_lossy().into_owned();
    let sarif = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec![
            "check",
            path.as_str(),
            "--firefox-only",
            "--format",
            "sarif",
        ];
        args.extend_from_slice(extra);
        let output = run(&args);
        assert_eq!(output.status.code(), Some(1));
        serde_json::from_str(&stdout(&output)).expect("sarif json")
    };
    // (rule id, helpUri) of every rule the SARIF run describes.
    let uris = |doc: &serde_json::Value| -> Vec<(String, String)> {
        doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .map(|r| {
                let field = |f: &str| r[f].as_str().unwrap_or_default().to_string();
                (field("id"), field("helpUri"))
            })
            .collect()
    };
    let default = uris(&sarif(&[]));
    assert!(!default.is_empty());
    for (id, uri) in &default {
        assert!(
            uri.ends_with(&format!("docs/rules.md#{}", id.replace('/', "-"))),
            "{id}: {uri}"
        );
    }
    let custom = uris(&sarif(&["--help-uri", "https://lint.example/{id}"]));
    for (id, uri) in &custom {
        assert_eq!(uri, &format!("https://lint.example/{id}"));
    }
}
