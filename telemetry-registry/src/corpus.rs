//! Test and benchmark support: where the conformance corpus of real Firefox definition files is
//! (three generations' sets, e.g. `firefox-modern/`, and `pipeline-schemas/`), and what the
//! benchmarks run on it.

use std::path::PathBuf;

use crate::load::{InputText, Inputs, read_inputs};

/// The corpus directory: `$TELEMETRY_CORPUS`, else `shared/corpus` beside the workspace.
/// `None` when it holds no `firefox-modern` set, so that what needs the corpus can skip.
pub fn locate() -> Option<PathBuf> {
    let dir = std::env::var_os("TELEMETRY_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    dir.join("firefox-modern").is_dir().then_some(dir)
}

/// The definition files of one of the corpus's sets (`firefox-modern`, …), read. `None` when
/// the corpus is not found or the set cannot be read.
pub fn read_set(set: &str) -> Option<Vec<InputText>> {
    let files = Inputs::discover(&[locate()?.join(set)]).ok()?;
    read_inputs(&files).ok()
}

/// A team config that turns every policy rule on for the corpus sets: levels, bug numbers,
/// allowed e-mail domains, a data-review ledger, a suppression and a current version.
pub const POLICY_CONFIG: &str = r#"
current_version = "140"
[levels]
"hygiene/*" = "deny"
[bugs]
min = 100000
max = 2500000
url_template = "https://bugzilla.mozilla.org/show_bug.cgi?id={bug}"
[email]
allowed_domains = ["mozilla.com", "mozilla.org"]
[[data_review]]
bug = 1443560
url = "https://bugzilla.mozilla.org/show_bug.cgi?id=1443560"
collection = "opt-out"
expires = "never"
[[data_review]]
bug = 1578661
url = "https://bugzilla.mozilla.org/show_bug.cgi?id=1578661"
collection = "opt-in"
expires = "150"
[suppress."GC_MS"]
"hygiene/unit-hint" = "benchmark"
"#;
