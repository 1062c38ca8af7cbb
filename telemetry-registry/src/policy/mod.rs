//! Team policy: the rules a team enforces on every change to its definitions, beyond what
//! Firefox's build enforces (expiry, bug numbers, alert e-mails, data-review bounds, hygiene),
//! configured by `telemetry-lint.toml`, with per-probe suppressions and baselines.
//!
//! The pipeline ([`crate::check`]) runs, after Firefox's rules:
//!
//! 1. the policy rules over the validated model ([`checks`]);
//! 2. without a config file, every policy finding is capped at *warning* (a first run informs
//!    without blocking; Firefox's build rules stay the only errors). The one exception is
//!    `expiry/expired` when the current version was given explicitly (`--current-version`):
//!    it is then an error, as in Firefox's own CI test;
//! 3. suppressions (`[suppress."PROBE"]`), then `config/unused-suppression` for those that
//!    matched nothing;
//! 4. `[levels]` (`allow` drops a rule's findings, `warn`/`deny` set their severity);
//! 5. the baseline: findings it records are hidden.
//!
//! Findings of Firefox's build rules (anything Firefox's build fails on) cannot be lowered,
//! suppressed or baselined: a file this tool accepts is a file Firefox's build accepts.

pub mod baseline;
mod checks;
pub mod config;
pub mod email;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use baseline::Baseline;
pub use config::{CONFIG_FILE_NAME, Config, Level, parse_major_version};

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::load::{Inputs, Options};
use crate::model::Registry;
use crate::rules;
use crate::source::{FileId, SourceFile, SourceMap};

/// How policy runs: the team's config, the current version and the baseline.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// The team's `telemetry-lint.toml`; `None` runs the defaults, every finding a warning.
    pub config: Option<Config>,
    /// The app version expiry is judged against; overrides the config's `current_version`.
    /// Without either, the expiry rules that need it do not run.
    pub current_version: Option<u64>,
    /// Findings recorded earlier, hidden from this run.
    pub baseline: Option<Baseline>,
}

impl Policy {
    /// The policy a run of these inputs gets when nothing else is said: the
    /// `telemetry-lint.toml` found by [`discover_config`] (or the defaults when there is none),
    /// with the config's current version. What the CLI, a build script or the proc-macro use.
    /// Only an unreadable config file is an error.
    pub fn discover(inputs: &Inputs) -> Result<Policy, crate::LoadError> {
        let config = discover_config(inputs)
            .map(|path| Config::read(&path))
            .transpose()?;
        Ok(Policy {
            config,
            ..Policy::default()
        })
    }

    /// The Firefox generation the config asks for (`rules = …`), if any: callers put it in
    /// [`Options::generation`] unless the user chose one explicitly.
    pub fn generation(&self) -> Option<crate::Generation> {
        self.config.as_ref().and_then(|c| c.generation)
    }
}

/// What policy hid, for the summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Whether policy ran at all (`false` in Firefox-only mode).
    pub ran: bool,
    /// The config file in the run's source map, when one was used.
    pub config_file: Option<FileId>,
    /// Findings hidden by a suppression.
    pub suppressed: usize,
    /// Findings of rules set to `allow`.
    pub allowed: usize,
    /// Findings hidden by the baseline.
    pub baselined: usize,
}

/// Runs policy over a run already loaded with Firefox's rules only ([`crate::load`]): adds the
/// config file to its sources and the policy findings to its diagnostics, then applies
/// suppressions, levels and the baseline to every diagnostic. [`crate::check()`] is load + this.
pub fn apply(loaded: &mut crate::Loaded, options: &Options, policy: &Policy) {
    loaded.policy = run(
        policy,
        options,
        &mut loaded.sources,
        &loaded.registry,
        &mut loaded.diagnostics,
    );
}

fn run(
    policy: &Policy,
    options: &Options,
    sources: &mut SourceMap,
    registry: &Registry,
    diagnostics: &mut Diagnostics,
) -> Outcome {
    let defaults;
    let (config, config_file) = match &policy.config {
        Some(config) => {
            let file = sources.add(SourceFile::new(config.path.clone(), config.text.clone()));
            (config, Some(file))
        }
        None => {
            defaults = Config::empty(CONFIG_FILE_NAME);
            (&defaults, None)
        }
    };
    if let Some(file) = config_file {
        diagnostics.items.extend(config.problems(file));
    }

    let context = checks::Context {
        config,
        sources,
        current_version: policy.current_version.or(config.current_version),
        options,
        baseline: policy.baseline.as_ref(),
    };
    let mut findings = checks::run(registry, &context);
    if config_file.is_none() {
        let explicit_version = policy.current_version.is_some();
        for finding in &mut findings {
            if !(explicit_version && std::ptr::eq(finding.rule, &rules::EXPIRY_EXPIRED)) {
                finding.severity = Severity::Warning;
            }
        }
    }
    diagnostics.items.reserve(findings.len());
    diagnostics.items.extend(findings);

    let mut outcome = Outcome {
        ran: true,
        config_file,
        ..Outcome::default()
    };

    // Suppressions.
    let mut used = vec![false; config.suppressions.len()];
    let before = diagnostics.items.len();
    diagnostics.items.retain(|d| {
        let (true, Some(probe)) = (Baseline::can_hold(d), &d.probe) else {
            return true;
        };
        match config
            .suppressions
            .iter()
            .position(|s| std::ptr::eq(s.rule, d.rule) && s.probe == *probe)
        {
            Some(i) => {
                used[i] = true;
                false
            }
            None => true,
        }
    });
    outcome.suppressed = before - diagnostics.items.len();
    if let Some(file) = config_file {
        for (suppression, used) in config.suppressions.iter().zip(used) {
            if used {
                continue;
            }
            let message = if has_probe(registry, &suppression.probe) {
                format!(
                    "the suppression of `{}` for {} matches no finding",
                    suppression.rule.id, suppression.probe
                )
            } else {
                format!(
                    "the suppression of `{}` names {}, which is not a probe of this run",
                    suppression.rule.id, suppression.probe
                )
            };
            diagnostics.push(
                Diagnostic::new(&rules::CONFIG_UNUSED_SUPPRESSION, message)
                    .at(config::relocate(suppression.span, file))
                    .probe(&suppression.probe),
            );
        }

        // Levels.
        let before = diagnostics.items.len();
        diagnostics.items.retain_mut(|d| {
            if d.rule.firefox.fails_build() {
                return true;
            }
            match config.level(d.rule).map(Level::severity) {
                Some(None) => false,
                Some(Some(severity)) => {
                    d.severity = severity;
                    true
                }
                None => true,
            }
        });
        outcome.allowed = before - diagnostics.items.len();
    }

    if let Some(baseline) = &policy.baseline {
        outcome.baselined = baseline.apply(diagnostics);
    }
    outcome
}

/// Whether the registry has a probe of this id, as diagnostics name them (`NAME`,
/// `category.name`).
fn has_probe(registry: &Registry, id: &str) -> bool {
    let dotted = |category: &str, name: &str| {
        id.len() == category.len() + 1 + name.len()
            && id.starts_with(category)
            && id[category.len()..].starts_with('.')
            && id.ends_with(name)
    };
    registry.histograms.iter().any(|h| h.name.value == id)
        || registry
            .scalars
            .iter()
            .any(|s| dotted(&s.category.value, &s.name.value))
        || registry
            .events
            .iter()
            .any(|e| dotted(&e.category.value, &e.name.value))
}

/// Finds `telemetry-lint.toml` for a run: in the directory of the first input file, then in
/// each directory above it up to the file-system root. The path is returned as found from the
/// input's (possibly relative) path where it can be, so diagnostics name it the same way.
pub fn discover_config(inputs: &Inputs) -> Option<PathBuf> {
    let first = inputs.files().into_iter().next()?;
    let dir = first.parent().unwrap_or(Path::new(""));
    let as_dir = |d: &Path| -> PathBuf {
        if d.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            d.to_path_buf()
        }
    };
    let mut visited = HashSet::new();
    let mut current = Some(dir);
    while let Some(d) = current {
        let candidate = if d.as_os_str().is_empty() {
            PathBuf::from(CONFIG_FILE_NAME)
        } else {
            d.join(CONFIG_FILE_NAME)
        };
        if candidate.is_file() {
            return Some(candidate);
        }
        if let Ok(canonical) = std::fs::canonicalize(as_dir(d)) {
            visited.insert(canonical);
        }
        current = d.parent();
    }
    let absolute = std::fs::canonicalize(as_dir(dir)).ok()?;
    absolute
        .ancestors()
        .filter(|a| !visited.contains(*a))
        .map(|a| a.join(CONFIG_FILE_NAME))
        .find(|candidate| candidate.is_file())
}
