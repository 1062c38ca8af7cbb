//! Generates the example's probe modules with the Builder, and extracts the generator's golden
//! snapshots so that `tests/goldens.rs` compiles them.

use std::path::{Path, PathBuf};

use telemetry_registry::{Builder, Generation};

fn main() {
    // The sample definitions: every histogram kind, Normandy's scalars and events.
    Builder::new()
        .definitions("../../definitions")
        .current_version("130.0a1")
        .generate()
        .unwrap();

    // More shapes under Firefox 76's rules: a flag histogram, a keyed categorical with declared
    // keys, keyed boolean histograms and scalars, events without extras, expired probes.
    Builder::new()
        .definitions("definitions-extra")
        .generation(Generation::Firefox76)
        .current_version("130.0a1")
        .output("extra.rs")
        .generate()
        .unwrap();

    extract_goldens();
}

/// Each `telemetry-registry/tests/snapshots/codegen_goldens__NAME.snap` holds generated code
/// after its insta header; it becomes `$OUT_DIR/goldens/NAME.rs`.
fn extract_goldens() {
    let snapshots = Path::new("../../telemetry-registry/tests/snapshots");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("goldens");
    std::fs::create_dir_all(&out).expect("create goldens dir");
    println!("cargo::rerun-if-changed={}", snapshots.display());
    let Ok(entries) = std::fs::read_dir(snapshots) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(golden) = name
            .strip_prefix("codegen_goldens__")
            .and_then(|n| n.strip_suffix(".snap"))
        else {
            continue;
        };
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("read golden");
        // The insta header is `---` … `---`; the code follows.
        let body = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map_or(text.as_str(), |(_, body)| body);
        telemetry_registry::builder::write_if_changed(
            &out.join(format!("{golden}.rs")),
            body.as_bytes(),
        )
        .expect("write golden");
    }
}
