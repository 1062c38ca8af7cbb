//! Test and benchmark support: where the conformance corpus of real Firefox definition files is
//! (three generations' sets, e.g. `firefox-modern/`, and `pipeline-schemas/`).

use std::path::PathBuf;

/// The corpus directory: `$TELEMETRY_CORPUS`, else `shared/corpus` beside the workspace.
/// `None` when it holds no `firefox-modern` set, so that what needs the corpus can skip.
pub fn locate() -> Option<PathBuf> {
    let dir = std::env::var_os("TELEMETRY_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    dir.join("firefox-modern").is_dir().then_some(dir)
}
