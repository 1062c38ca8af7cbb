//! The two sides of `diff`: a directory or file on disk, or `REF:PATH` read from git.
//!
//! `git` is run directly (no shell), with the revision and path as one argument each; a
//! revision starting with `-` is refused so it cannot be read as an option.

use std::path::{Path, PathBuf};
use std::process::Command;

use telemetry_registry::load::{self, InputKind, InputText};
use telemetry_registry::{Inputs, LoadError};

use crate::error::CliError;

/// Where one side's definitions come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A directory or file on disk.
    Path(PathBuf),
    /// `REF:PATH`: PATH at revision REF of the git repository around the current directory.
    Git { rev: String, path: String },
}

impl Side {
    /// An existing path is a path, even with a `:` in its name; otherwise `REF:PATH` with a
    /// non-empty REF is a git revision.
    pub fn parse(arg: &str) -> Side {
        if Path::new(arg).exists() {
            return Side::Path(PathBuf::from(arg));
        }
        match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() => Side::Git {
                rev: rev.to_string(),
                path: path.to_string(),
            },
            _ => Side::Path(PathBuf::from(arg)),
        }
    }
}

/// The files of a side, read into memory, and the display name of each (`REF:PATH` for git).
pub struct SideFiles {
    pub texts: Vec<InputText>,
    pub names: Vec<String>,
}

pub fn read(side: &Side) -> Result<SideFiles, CliError> {
    match side {
        Side::Path(path) => read_path(path),
        Side::Git { rev, path } => read_git(rev, path),
    }
}

fn read_path(path: &Path) -> Result<SideFiles, CliError> {
    let inputs = Inputs::discover(&[path.to_path_buf()])?;
    let texts = load::read_inputs(&inputs)?;
    let names = texts.iter().map(|t| t.path.display().to_string()).collect();
    Ok(SideFiles { texts, names })
}

/// Runs `git ARGS` and returns its stdout, or a one-line error.
fn git(args: &[&str]) -> Result<Vec<u8>, CliError> {
    let output = Command::new("git")
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| CliError::Git(format!("cannot run git: {e}")))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("git failed")
            .trim()
            .to_string();
        Err(CliError::Git(first))
    }
}

fn read_git(rev: &str, path: &str) -> Result<SideFiles, CliError> {
    if rev.starts_with('-') {
        return Err(CliError::Git(format!(
            "`{rev}` is not a revision (it starts with `-`)"
        )));
    }
    let path = path.trim_end_matches('/');
    let object = format!("{rev}:{path}");
    let kind = git(&["cat-file", "-t", &object])?;
    let mut texts = Vec::new();
    let mut names = Vec::new();
    match String::from_utf8_lossy(&kind).trim() {
        "tree" => {
            let listing = git(&["ls-tree", "--name-only", "-z", &object])?;
            let mut found: Vec<(InputKind, String)> = listing
                .split(|b| *b == 0)
                .filter_map(|name| std::str::from_utf8(name).ok())
                .filter_map(|name| InputKind::from_file_name(name).map(|k| (k, name.to_string())))
                .collect();
            // The same order a directory search uses.
            let order = |k: InputKind| match k {
                InputKind::Histograms => 0,
                InputKind::Scalars => 1,
                InputKind::Events => 2,
                InputKind::Allowlist => 3,
                InputKind::Processes => 4,
            };
            found.sort_by_key(|(k, name)| (order(*k), name.clone()));
            // One allowlist, as in a directory search (the modern name first).
            let mut seen_allowlist = false;
            for (kind, name) in found {
                if kind == InputKind::Allowlist {
                    if seen_allowlist {
                        continue;
                    }
                    seen_allowlist = true;
                }
                let file = if path.is_empty() {
                    name
                } else {
                    format!("{path}/{name}")
                };
                let bytes = git(&["cat-file", "blob", &format!("{rev}:{file}")])?;
                names.push(format!("{rev}:{file}"));
                texts.push(InputText::new(kind, file, bytes));
            }
            if texts.is_empty() {
                return Err(CliError::Git(format!(
                    "{object}: no definition files found in this directory"
                )));
            }
        }
        "blob" => {
            let name = Path::new(path)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("");
            let kind = InputKind::from_file_name(name)
                .ok_or_else(|| CliError::Load(LoadError::UnknownFile(PathBuf::from(&object))))?;
            let bytes = git(&["cat-file", "blob", &object])?;
            names.push(object.clone());
            texts.push(InputText::new(kind, path, bytes));
        }
        other => {
            return Err(CliError::Git(format!(
                "{object} is a {other}, not a file or directory"
            )));
        }
    }
    Ok(SideFiles { texts, names })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existing_paths_win_over_revisions() {
        assert_eq!(Side::parse("."), Side::Path(PathBuf::from(".")));
        assert_eq!(
            Side::parse("main:definitions"),
            Side::Git {
                rev: "main".into(),
                path: "definitions".into()
            }
        );
        assert_eq!(
            Side::parse("HEAD~1:"),
            Side::Git {
                rev: "HEAD~1".into(),
                path: String::new()
            }
        );
        assert_eq!(Side::parse(":x"), Side::Path(PathBuf::from(":x")));
    }

    #[test]
    fn option_like_revisions_are_refused() {
        let error = read_git("--output=/tmp/x", "defs").err().expect("refused");
        assert!(error.to_string().contains("not a revision"), "{error}");
    }
}
