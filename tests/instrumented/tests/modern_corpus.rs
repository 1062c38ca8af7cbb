//! The whole modern corpus (Firefox ESR 140.12.0: 1,101 histograms, 401 scalars, 204 events)
//! generates, and a crate that includes the generated module, formatted and compact, compiles
//! with `#![deny(warnings)]`. Prints the generation time, the module's size and the build time.
//! Skips (with a note) when the corpus is absent.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use telemetry_registry::codegen::{self, CodegenOptions, Version};
use telemetry_registry::{Inputs, Options};

/// The corpus's modern set; `None` (with a note) when the corpus is absent.
fn corpus() -> Option<PathBuf> {
    let Some(corpus) = telemetry_registry::corpus::locate() else {
        eprintln!(
            "note: corpus not found (set TELEMETRY_CORPUS); skipping the modern-corpus build"
        );
        return None;
    };
    Some(corpus.join("firefox-modern"))
}

#[test]
fn the_whole_modern_corpus_generates_and_compiles() {
    let Some(modern) = corpus() else {
        return;
    };
    let inputs = Inputs::discover(&[modern]).expect("corpus files");
    let texts = telemetry_registry::load::read_inputs(&inputs).expect("read corpus");
    let options = CodegenOptions::new().current_version(Version::parse("140.12.0").unwrap());
    let started = Instant::now();
    let (loaded, result) = codegen::pipeline(texts, &Options::default(), None, &options);
    let pipeline_time = started.elapsed();
    let code = result.unwrap_or_else(|d| panic!("{} diagnostics, first: {:?}", d.len(), d.first()));
    assert_eq!(loaded.registry.probe_count(), 1_706);
    let started = Instant::now();
    let compact = codegen::generate(&loaded, &options.clone().pretty(false)).expect("compact");
    let compact_time = started.elapsed();

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("modern-corpus");
    std::fs::create_dir_all(dir.join("src")).expect("temp crate dir");
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../telemetry-runtime")
        .canonicalize()
        .expect("runtime path");
    let manifest = format!(
        "[package]\nname = \"modern-corpus-probes\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ntelemetry-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        runtime.to_string_lossy()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write manifest");
    std::fs::write(
        dir.join("src/lib.rs"),
        "#![deny(warnings)]\ninclude!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/probes.rs\"));\n\
         /// The compact layout (the Builder's default) of the same module.\n\
         pub mod compact {\n    include!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/probes_compact.rs\"));\n}\n",
    )
    .expect("write lib.rs");
    telemetry_registry::builder::write_if_changed(&dir.join("probes.rs"), code.as_bytes())
        .expect("write probes.rs");
    telemetry_registry::builder::write_if_changed(
        &dir.join("probes_compact.rs"),
        compact.as_bytes(),
    )
    .expect("write probes_compact.rs");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(["build", "--quiet", "--offline"])
        .current_dir(&dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("modern-corpus-target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo build");
    let build_time = started.elapsed();
    assert!(
        output.status.success(),
        "the generated module does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!(
        "modern corpus: {} probes; load + check + generate (formatted): {:.0?}; \
         generate compact: {:.0?}; module {} bytes formatted, {} bytes compact; \
         cargo build (debug, runtime included): {:.1?}",
        loaded.registry.probe_count(),
        pipeline_time,
        compact_time,
        code.len(),
        compact.len(),
        build_time
    );
}
