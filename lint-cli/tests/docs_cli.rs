//! `telemetry-lint docs`: exit codes, the output directory and the options.

mod common;

use std::path::{Path, PathBuf};

use common::{definitions, run, stderr};

fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("docs-cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn docs_writes_the_site_and_the_markdown() {
    let out = out_dir("ok");
    let output = run(&[
        "docs",
        definitions().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--current-version",
        "140.0a1",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert!(stderr(&output).contains("docs: 20 probes"));
    for file in [
        "index.html",
        "expiry.html",
        "probes.json",
        "search-index.js",
        "assets/search.js",
        "assets/style.css",
        "histograms/GC_MS.html",
        "scalars/normandy.recipe_freshness.html",
        "events/normandy.enroll.html",
        "markdown/README.md",
        "markdown/SUMMARY.md",
        "markdown/histograms.md",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    // Again: nothing changes.
    let again = run(&[
        "docs",
        definitions().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--current-version",
        "140",
    ]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stderr(&again).contains("(0 files written"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn only_the_site_or_only_the_markdown() {
    let out = out_dir("site-only");
    let output = run(&[
        "docs",
        definitions().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-markdown",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(out.join("index.html").is_file());
    assert!(!out.join("markdown").exists());

    let out = out_dir("markdown-only");
    let output = run(&[
        "docs",
        definitions().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-site",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(out.join("markdown/README.md").is_file());
    assert!(!out.join("index.html").exists());
}

#[test]
fn bad_options_are_usage_errors() {
    let out = out_dir("bad");
    let defs = definitions();
    let defs = defs.to_str().unwrap();
    let out = out.to_str().unwrap();
    for args in [
        vec![
            "docs",
            defs,
            "--out",
            out,
            "--bug-url",
            "javascript:alert({id})",
        ],
        vec![
            "docs",
            defs,
            "--out",
            out,
            "--bug-url",
            "https://bugs.example/",
        ],
        vec!["docs", defs, "--out", out, "--current-version", "soon"],
        vec!["docs", defs],
        vec!["docs", "/no/such/dir", "--out", out],
    ] {
        let output = run(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn the_output_must_be_a_directory() {
    let out = out_dir("file");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, "not a directory").unwrap();
    let output = run(&[
        "docs",
        definitions().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a directory"),
        "{}",
        stderr(&output)
    );
    let _ = std::fs::remove_file(&out);
}

#[test]
fn definitions_with_errors_are_documented_and_exit_1() {
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/docs-hostile");
    let out = out_dir("errors");
    let output = run(&[
        "docs",
        hostile.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--color",
        "never",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error["));
    assert!(
        out.join("histograms/HOSTILE_SCRIPT_DESCRIPTION.html")
            .is_file()
    );
}
