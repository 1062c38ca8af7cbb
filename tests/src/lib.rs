//! Helpers shared by the workspace integration tests in `tests/`.

use std::path::PathBuf;

/// The conformance corpus: `$TELEMETRY_CORPUS`, else `../shared/corpus` beside the workspace.
/// `None` (and a note on stderr) when neither exists, so corpus tests skip instead of failing.
pub fn corpus_dir() -> Option<PathBuf> {
    let candidate = match std::env::var_os("TELEMETRY_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    };
    if candidate.join("firefox-modern").is_dir() {
        Some(candidate)
    } else {
        eprintln!(
            "note: corpus not found at {} (set TELEMETRY_CORPUS); skipping corpus test",
            candidate.display()
        );
        None
    }
}

/// The workspace root.
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}
