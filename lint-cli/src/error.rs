//! What ends a run with exit status 2: usage and I/O problems (never a problem in the
//! definitions themselves, which are diagnostics).

use std::fmt;
use std::io;
use std::path::PathBuf;

use telemetry_registry::LoadError;

#[derive(Debug)]
pub enum CliError {
    /// A missing, unreadable or unrecognised input.
    Load(LoadError),
    /// Nothing to check.
    NoInputs,
    /// `explain` of an id that is not in the catalogue, with close matches.
    UnknownRule {
        id: String,
        suggestions: Vec<&'static str>,
    },
    /// Writing the output failed.
    Output(io::Error),
    /// Writing the docs failed, or a docs option is invalid.
    Docs(telemetry_registry::docs::DocsError),
    /// A baseline file that cannot be read or written.
    Baseline { path: PathBuf, message: String },
    /// Reading `REF:PATH` from git failed.
    Git(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Load(error) => write!(f, "{error}"),
            CliError::NoInputs => write!(
                f,
                "no definition files to read (give a PATH, or --histograms/--scalars/--events)"
            ),
            CliError::UnknownRule { id, suggestions } => {
                write!(f, "unknown rule `{id}`")?;
                match suggestions.as_slice() {
                    [] => write!(f, "; run `telemetry-lint rules` to list every rule"),
                    [one] => write!(f, "; did you mean `{one}`?"),
                    many => write!(f, "; did you mean one of: {}?", many.join(", ")),
                }
            }
            CliError::Output(error) => write!(f, "cannot write the output: {error}"),
            CliError::Docs(error) => write!(f, "{error}"),
            CliError::Baseline { path, message } => {
                write!(f, "baseline {}: {message}", path.display())
            }
            CliError::Git(message) => write!(f, "git: {message}"),
        }
    }
}

impl std::error::Error for CliError {}

impl From<LoadError> for CliError {
    fn from(error: LoadError) -> CliError {
        CliError::Load(error)
    }
}

impl From<telemetry_registry::docs::DocsError> for CliError {
    fn from(error: telemetry_registry::docs::DocsError) -> CliError {
        CliError::Docs(error)
    }
}

impl From<io::Error> for CliError {
    fn from(error: io::Error) -> CliError {
        CliError::Output(error)
    }
}
