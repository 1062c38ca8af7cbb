//! The build-script `Builder`: cargo directives, write-if-changed, and failures that leave the
//! previous output untouched with a rustc-style report as `cargo::error=` lines.

use std::fs;
use std::path::{Path, PathBuf};

use telemetry_registry::{BuildError, Builder};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("telemetry-builder-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A copy of the sample definitions.
fn definitions(into: &Path) {
    for entry in fs::read_dir("../definitions")
        .expect("definitions")
        .flatten()
    {
        fs::copy(entry.path(), into.join(entry.file_name())).expect("copy");
    }
}

fn run(builder: Builder) -> (Result<telemetry_registry::Built, BuildError>, String) {
    let mut directives = Vec::new();
    let result = builder.generate_to(&mut directives);
    (result, String::from_utf8(directives).expect("utf-8"))
}

#[test]
fn generates_once_then_leaves_an_unchanged_output_alone() {
    let dir = temp_dir("ok");
    let defs = dir.join("definitions");
    fs::create_dir_all(&defs).unwrap();
    definitions(&defs);
    let output = dir.join("out/probes.rs");
    let builder = || {
        Builder::new()
            .definitions(&defs)
            .current_version("130.0a1")
            .output(&output)
    };

    let (result, directives) = run(builder());
    let built = result.expect("generates");
    assert!(built.written);
    assert!(built.expired.is_empty());
    let code = fs::read_to_string(&output).expect("written");
    assert!(code.contains("pub mod probes") && code.contains("pub const GC_MS"));
    // One rerun-if-changed per file read (never the directory), and the version variable.
    for name in [
        "Histograms.json",
        "Scalars.yaml",
        "Events.yaml",
        "histogram-allowlists.json",
    ] {
        let line = format!("cargo::rerun-if-changed={}", defs.join(name).display());
        assert!(
            directives.lines().any(|l| l == line),
            "{line} missing in:\n{directives}"
        );
    }
    assert!(
        !directives
            .lines()
            .any(|l| l == format!("cargo::rerun-if-changed={}", defs.display()))
    );
    assert!(directives.contains("cargo::rerun-if-env-changed=TELEMETRY_CURRENT_VERSION"));

    let (result, _) = run(builder());
    assert!(
        !result.expect("generates again").written,
        "unchanged output rewritten"
    );
    assert_eq!(fs::read_to_string(&output).unwrap(), code);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_generation_reports_and_keeps_the_previous_output() {
    let dir = temp_dir("broken");
    let defs = dir.join("definitions");
    fs::create_dir_all(&defs).unwrap();
    definitions(&defs);
    let output = dir.join("probes.rs");
    fs::write(&output, "// the previous output\n").unwrap();
    let histograms = defs.join("Histograms.json");
    let text = fs::read_to_string(&histograms).unwrap();
    fs::write(
        &histograms,
        text.replacen("\"kind\": \"boolean\"", "\"kind\": \"bool\"", 1),
    )
    .unwrap();

    let (result, directives) = run(Builder::new().definitions(&defs).output(&output));
    let Err(BuildError::Definitions { report, errors, .. }) = result else {
        panic!("expected a definitions error")
    };
    assert!(errors >= 1);
    // The report points at the value, with the snippet, and so do the directives.
    assert!(report.contains("Histograms.json:32:13"), "{report}");
    assert!(report.contains("\"kind\": \"bool\""), "{report}");
    assert!(
        directives.contains("cargo::error=error[histogram/unknown-kind]"),
        "{directives}"
    );
    assert!(directives.contains("Histograms.json:32:13"));
    assert_eq!(
        fs::read_to_string(&output).unwrap(),
        "// the previous output\n"
    );
    // `.unwrap()` in a build script prints the report itself.
    let debug = format!(
        "{:?}",
        BuildError::Definitions {
            report: report.clone(),
            errors,
            warnings: 0
        }
    );
    assert!(debug.contains("Histograms.json:32:13"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn bad_options_are_errors_not_panics() {
    let dir = temp_dir("options");
    let (result, _) = run(Builder::new()
        .definitions("../definitions")
        .current_version("not a version")
        .output(dir.join("p.rs")));
    if std::env::var_os("TELEMETRY_CURRENT_VERSION").is_none() {
        assert!(matches!(result, Err(BuildError::Version(_))));
    }
    let (result, _) = run(Builder::new().output(dir.join("p.rs")));
    assert!(matches!(result, Err(BuildError::NoInputs)));
    let (result, _) = run(Builder::new()
        .definitions(dir.join("missing"))
        .output(dir.join("p.rs")));
    assert!(matches!(result, Err(BuildError::Load(_))));
    let _ = fs::remove_dir_all(&dir);
}
