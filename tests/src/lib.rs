//! Helpers shared by the workspace integration tests in `tests/`.

use std::path::PathBuf;

/// The conformance corpus ([`telemetry_registry::corpus::locate`]). `None` (and a note on
/// stderr) when it is not found, so corpus tests skip instead of failing.
pub fn corpus_dir() -> Option<PathBuf> {
    let corpus = telemetry_registry::corpus::locate();
    if corpus.is_none() {
        eprintln!("note: corpus not found (set TELEMETRY_CORPUS); skipping corpus test");
    }
    corpus
}

/// The workspace root.
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}
