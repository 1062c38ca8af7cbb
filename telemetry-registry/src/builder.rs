//! The [`Builder`] of build scripts: definitions in, `$OUT_DIR/probes.rs` out.
//!
//! ```no_run
//! // build.rs: `fn main() { … }` around this.
//! telemetry_registry::Builder::new()
//!     .definitions("definitions")
//!     .current_version("130.0a1")
//!     .generate()
//!     .unwrap();
//! // lib.rs: include!(concat!(env!("OUT_DIR"), "/probes.rs"));
//! ```
//!
//! It runs the same pipeline as `telemetry-lint check` and `generate` (every rule), and talks
//! to cargo:
//!
//! - `cargo::rerun-if-changed=FILE` for every definition file read (not for directories: a
//!   new file in a definitions directory is not noticed until one of the files changes), and
//!   `cargo::rerun-if-env-changed=TELEMETRY_CURRENT_VERSION`;
//! - warnings as `cargo::warning=` lines, one per diagnostic;
//! - errors as `cargo::error=` lines: the rustc-style report, with the file, line, column and
//!   the snippet of the definition. Cargo older than 1.84 does not know `cargo::error`, so
//!   there the same lines are `cargo:warning=` lines. Either way [`Builder::generate`] returns
//!   the error (its `Display` and `Debug` are the report), so `.unwrap()` fails the build.
//!
//! The output is compact by default: one line per item (a static, a function, an enum, …),
//! indented by module depth, so a compiler error in it points at the line of one item. This
//! is several times faster than formatting (on Firefox's definitions, the whole build script
//! stays well under 100 ms); [`Builder::pretty`] formats it with `prettyplease` instead, for
//! reading the generated file.
//!
//! The output is written only when its content changed (so an unchanged build does not
//! recompile the crate), through a temporary file renamed into place; a failed generation
//! leaves the previous output untouched.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::codegen::{self, CodegenOptions, InvalidVersion, Version};
use crate::load::{InputKind, Inputs, LoadError, Options};
use crate::policy::Policy;
use crate::render;
use crate::rules::Generation;

/// The environment variable that sets the application version (it wins over
/// [`Builder::current_version`]).
pub const VERSION_ENV: &str = "TELEMETRY_CURRENT_VERSION";

/// Generates the probe module of a crate from its definition files, in a build script.
///
/// The module is compact by default (one line per item, cheap to generate, and a compiler
/// error points at one item); [`Builder::pretty`]`(true)` formats it with `prettyplease`.
#[derive(Clone, Debug)]
pub struct Builder {
    paths: Vec<PathBuf>,
    explicit: Vec<(InputKind, PathBuf)>,
    current_version: Option<String>,
    /// `None`: the config's `rules`, else ESR 140.
    generation: Option<Generation>,
    strict: bool,
    output: PathBuf,
    pretty: bool,
    deny_warnings: bool,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder::new()
    }
}

/// What a successful generation did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    /// The generated file.
    pub output: PathBuf,
    /// `false` when the file already had this content (it was left alone).
    pub written: bool,
    /// The definition files read.
    pub inputs: Vec<PathBuf>,
    /// Probes that expired at the current version (they compile to nothing).
    pub expired: Vec<String>,
    /// Warnings of the definitions.
    pub warnings: usize,
}

/// Why generation failed.
pub enum BuildError {
    /// Neither `OUT_DIR` (set by cargo for build scripts) nor an absolute output path.
    NoOutDir,
    /// No definition file was given.
    NoInputs,
    /// The version given (or in `TELEMETRY_CURRENT_VERSION`) is not a Firefox version.
    Version(InvalidVersion),
    /// A definition file is missing or unreadable.
    Load(LoadError),
    /// The definitions have errors (or warnings, with [`Builder::deny_warnings`]): the
    /// rustc-style report.
    Definitions {
        report: String,
        errors: usize,
        warnings: usize,
    },
    /// The output could not be written.
    Write { path: PathBuf, source: io::Error },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoOutDir => write!(
                f,
                "OUT_DIR is not set (run from a build script, or give an absolute output path)"
            ),
            BuildError::NoInputs => write!(f, "no definition files were given"),
            BuildError::Version(error) => write!(f, "{error}"),
            BuildError::Load(error) => write!(f, "{error}"),
            BuildError::Definitions { report, .. } => write!(f, "{report}"),
            BuildError::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
        }
    }
}

/// The report itself, so that `.unwrap()` in a build script prints it readably.
impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\n{self}")
    }
}

impl std::error::Error for BuildError {}

impl Builder {
    pub fn new() -> Builder {
        Builder {
            paths: Vec::new(),
            explicit: Vec::new(),
            current_version: None,
            generation: None,
            strict: true,
            output: PathBuf::from("probes.rs"),
            pretty: false,
            deny_warnings: false,
        }
    }

    /// A definitions directory (searched for `Histograms.json`, `Scalars.yaml`, `Events.yaml`,
    /// the allowlist and `Processes.yaml` by name) or a definition file named as Firefox names
    /// it. Repeatable. Relative paths are relative to the package (where cargo runs build
    /// scripts).
    pub fn definitions(mut self, path: impl Into<PathBuf>) -> Builder {
        self.paths.push(path.into());
        self
    }

    /// A histogram definition file of any name (repeatable).
    pub fn histograms(mut self, path: impl Into<PathBuf>) -> Builder {
        self.explicit.push((InputKind::Histograms, path.into()));
        self
    }

    /// A scalar definition file of any name (repeatable).
    pub fn scalars(mut self, path: impl Into<PathBuf>) -> Builder {
        self.explicit.push((InputKind::Scalars, path.into()));
        self
    }

    /// An event definition file of any name (repeatable).
    pub fn events(mut self, path: impl Into<PathBuf>) -> Builder {
        self.explicit.push((InputKind::Events, path.into()));
        self
    }

    /// The histogram allowlist file.
    pub fn allowlist(mut self, path: impl Into<PathBuf>) -> Builder {
        self.explicit.push((InputKind::Allowlist, path.into()));
        self
    }

    /// The application version the crate is built for (`130.0a1`): probes expired at it
    /// compile to nothing. `TELEMETRY_CURRENT_VERSION`, when set, wins. Without either,
    /// nothing expires.
    pub fn current_version(mut self, version: impl Into<String>) -> Builder {
        self.current_version = Some(version.into());
        self
    }

    /// The Firefox generation whose rules apply (default: the `rules` of a
    /// `telemetry-lint.toml` beside the definitions, else ESR 140).
    pub fn generation(mut self, generation: Generation) -> Builder {
        self.generation = Some(generation);
        self
    }

    /// Firefox's strict mode (the default) or the non-strict pipeline mode.
    pub fn strict(mut self, strict: bool) -> Builder {
        self.strict = strict;
        self
    }

    /// The output file: relative to `$OUT_DIR` (default `probes.rs`), or absolute.
    pub fn output(mut self, path: impl Into<PathBuf>) -> Builder {
        self.output = path.into();
        self
    }

    /// Format the code with `prettyplease` (default `false`: compact, one line per item, which
    /// generates several times faster; on Firefox's definitions formatting costs more than the
    /// rest of the build script together). Turn it on to read the generated file.
    pub fn pretty(mut self, pretty: bool) -> Builder {
        self.pretty = pretty;
        self
    }

    /// Fail on warnings too.
    pub fn deny_warnings(mut self, deny: bool) -> Builder {
        self.deny_warnings = deny;
        self
    }

    /// Generates, printing cargo's directives on stdout.
    pub fn generate(self) -> Result<Built, BuildError> {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        let result = self.generate_to(&mut out);
        let _ = out.flush();
        result
    }

    /// Generates, writing cargo's directives to `directives` instead of stdout.
    pub fn generate_to(self, directives: &mut dyn Write) -> Result<Built, BuildError> {
        let mut say = |line: String| {
            let _ = writeln!(directives, "{line}");
        };
        say(format!("cargo::rerun-if-env-changed={VERSION_ENV}"));
        let output = match (self.output.is_absolute(), std::env::var_os("OUT_DIR")) {
            (true, _) => self.output.clone(),
            (false, Some(dir)) => PathBuf::from(dir).join(&self.output),
            (false, None) => return Err(BuildError::NoOutDir),
        };
        let version = match std::env::var(VERSION_ENV) {
            Ok(v) if !v.trim().is_empty() => Some(v),
            _ => self.current_version.clone(),
        };
        let version = version
            .map(|v| Version::parse(&v))
            .transpose()
            .map_err(BuildError::Version)?;

        let mut inputs = Inputs::discover(&self.paths).map_err(BuildError::Load)?;
        for (kind, path) in &self.explicit {
            match kind {
                InputKind::Allowlist => inputs.allowlist = Some(path.clone()),
                _ => inputs.push(*kind, path.clone()),
            }
        }
        if inputs.is_empty() {
            return Err(BuildError::NoInputs);
        }
        // The team's policy (a `telemetry-lint.toml` found beside the definitions), as
        // `telemetry-lint check` runs it. Expiry is the generator's business here (expired
        // probes compile to nothing), so the version is not handed to policy, which would make
        // them errors; a version in the config still applies.
        let policy = Policy::discover(&inputs).map_err(BuildError::Load)?;
        if let Some(config) = crate::policy::discover_config(&inputs) {
            say(format!("cargo::rerun-if-changed={}", config.display()));
        }
        let options = Options {
            generation: self.generation.or(policy.generation()).unwrap_or_default(),
            strict: self.strict,
        };
        let texts = crate::load::read_inputs(&inputs).map_err(BuildError::Load)?;
        let files: Vec<PathBuf> = texts.iter().map(|t| t.path.clone()).collect();
        for file in &files {
            say(format!("cargo::rerun-if-changed={}", file.display()));
        }

        let mut codegen = CodegenOptions::new().pretty(self.pretty);
        codegen.current_version = version.clone();
        // `codegen::pipeline`, with the warnings' text made on another thread while the code
        // generates (it keeps a core busy while generation's own threads wait on each other).
        let loaded = crate::load::check_sources(texts, &options, Some(&policy));
        let (result, concise) = std::thread::scope(|scope| {
            let concise = std::thread::Builder::new()
                .spawn_scoped(scope, || {
                    render::concise(&loaded.sources, &loaded.diagnostics.items)
                })
                .ok();
            let result = codegen::generate(&loaded, &codegen);
            (result, concise.and_then(|thread| thread.join().ok()))
        });
        let warnings = loaded.diagnostics.warnings();
        let code = match result {
            Ok(code) if !(self.deny_warnings && warnings > 0) => code,
            other => {
                let diagnostics = match other {
                    Err(diagnostics) => diagnostics,
                    Ok(_) => loaded.diagnostics.items.clone(),
                };
                let report = codegen::failure_report(&loaded, &diagnostics);
                let prefix = if cargo_knows_error() {
                    "cargo::error="
                } else {
                    "cargo:warning="
                };
                for line in report.lines() {
                    say(format!("{prefix}{line}"));
                }
                let summary = render::Summary::new(&diagnostics, loaded.registry.probe_count());
                return Err(BuildError::Definitions {
                    report,
                    errors: summary.errors,
                    warnings: summary.warnings,
                });
            }
        };
        let concise =
            concise.unwrap_or_else(|| render::concise(&loaded.sources, &loaded.diagnostics.items));
        for line in concise.lines() {
            say(format!("cargo::warning={line}"));
        }
        let expired = expired_names(&loaded, version.as_ref());
        if let Some(version) = &version {
            if !expired.is_empty() {
                let shown: Vec<&str> = expired.iter().take(5).map(String::as_str).collect();
                let more = if expired.len() > 5 { ", …" } else { "" };
                say(format!(
                    "cargo::warning={} probes expired at version {version} compile to nothing: {}{more}",
                    expired.len(),
                    shown.join(", ")
                ));
            }
        }
        let written = write_if_changed(&output, code.as_bytes())?;
        Ok(Built {
            output,
            written,
            inputs: files,
            expired,
            warnings,
        })
    }
}

/// The probes that expired, in the generator's order (histograms, scalars, events).
fn expired_names(loaded: &crate::load::Loaded, version: Option<&Version>) -> Vec<String> {
    let Some(version) = version else {
        return Vec::new();
    };
    let major = version.major();
    let registry = &loaded.registry;
    let expired = |e: Option<&crate::model::Expiry>, test: bool| {
        !test && e.is_some_and(|e| e.is_expired_at(major))
    };
    let mut names = Vec::new();
    for h in &registry.histograms {
        if expired(h.expires.as_ref(), h.is_test_probe()) {
            names.push(h.name.value.clone());
        }
    }
    for s in &registry.scalars {
        if expired(s.expires.as_ref(), s.is_test_probe()) {
            names.push(s.label());
        }
    }
    for e in &registry.events {
        if expired(e.expires.as_ref(), e.is_test_probe()) {
            names.push(format!("{}.{}", e.category.value, e.name.value));
        }
    }
    names
}

/// Whether the cargo running this build script understands `cargo::error=` (1.84 and later).
/// Unknown (no `CARGO`, or an unparsable version): assume it does.
fn cargo_knows_error() -> bool {
    let Some(cargo) = std::env::var_os("CARGO") else {
        return true;
    };
    let Ok(output) = std::process::Command::new(cargo).arg("-V").output() else {
        return true;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    // "cargo 1.84.0 (…)"
    let mut numbers = text
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .split('.')
        .map(|n| n.parse::<u64>().ok());
    match (numbers.next().flatten(), numbers.next().flatten()) {
        (Some(major), Some(minor)) => (major, minor) >= (1, 84),
        _ => true,
    }
}

/// Writes `bytes` to `path` unless it already holds them: into a temporary file beside it,
/// then renamed over it, so the file is never seen half-written.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, BuildError> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let error = |source| BuildError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(error)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".tmp{}", std::process::id()));
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes).map_err(error)?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        error(e)
    })?;
    Ok(true)
}
