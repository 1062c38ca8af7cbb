//! Finding, reading and parsing the definition files of one run, then checking them.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Registry;
use crate::parse::{self, ParseError};
use crate::policy::{self, Policy};
use crate::rules::{self, Generation};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::value::Node;

/// How the definitions are checked.
#[derive(Clone, Debug)]
pub struct Options {
    pub generation: Generation,
    /// Firefox's build-time mode (`strict_type_checks=True`). Non-strict is the pipeline mode
    /// for historical files.
    pub strict: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            generation: Generation::Esr140,
            strict: true,
        }
    }
}

/// What a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputKind {
    Histograms,
    Scalars,
    Events,
    Allowlist,
    Processes,
}

impl InputKind {
    /// Classifies a file by its name, as a directory search does.
    pub fn from_file_name(name: &str) -> Option<InputKind> {
        match name {
            "Histograms.json" => Some(InputKind::Histograms),
            "Scalars.yaml" => Some(InputKind::Scalars),
            "Events.yaml" => Some(InputKind::Events),
            "histogram-allowlists.json" | "histogram-whitelists.json" => Some(InputKind::Allowlist),
            "Processes.yaml" => Some(InputKind::Processes),
            _ => None,
        }
    }

    fn is_json(self) -> bool {
        matches!(self, InputKind::Histograms | InputKind::Allowlist)
    }
}

/// The files of one run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    pub histograms: Vec<PathBuf>,
    pub scalars: Vec<PathBuf>,
    pub events: Vec<PathBuf>,
    pub allowlist: Option<PathBuf>,
    pub processes: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: no such file or directory")]
    NotFound(PathBuf),
    #[error(
        "{0}: not a definition file (expected Histograms.json, Scalars.yaml, Events.yaml, \
         histogram-allowlists.json, histogram-whitelists.json or Processes.yaml; \
         use --histograms/--scalars/--events/--allowlist for other names)"
    )]
    UnknownFile(PathBuf),
    #[error("{0}: no definition files found in this directory")]
    EmptyDirectory(PathBuf),
}

impl Inputs {
    /// Searches directories for the definition files by name; classifies files by name.
    pub fn discover(paths: &[PathBuf]) -> Result<Inputs, LoadError> {
        let mut inputs = Inputs::default();
        for path in paths {
            if path.is_dir() {
                let before = inputs.clone();
                for name in [
                    "Histograms.json",
                    "Scalars.yaml",
                    "Events.yaml",
                    "histogram-allowlists.json",
                    "histogram-whitelists.json",
                    "Processes.yaml",
                ] {
                    let file = path.join(name);
                    if file.is_file() {
                        inputs.add(file)?;
                    }
                }
                if inputs == before {
                    return Err(LoadError::EmptyDirectory(path.clone()));
                }
            } else if path.exists() {
                inputs.add(path.clone())?;
            } else {
                return Err(LoadError::NotFound(path.clone()));
            }
        }
        Ok(inputs)
    }

    fn add(&mut self, path: PathBuf) -> Result<(), LoadError> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match InputKind::from_file_name(name) {
            Some(kind) => {
                self.push(kind, path);
                Ok(())
            }
            None => Err(LoadError::UnknownFile(path)),
        }
    }

    /// Adds a file of a known kind (the explicit `--histograms F` style).
    pub fn push(&mut self, kind: InputKind, path: PathBuf) {
        match kind {
            InputKind::Histograms => self.histograms.push(path),
            InputKind::Scalars => self.scalars.push(path),
            InputKind::Events => self.events.push(path),
            // A second allowlist (e.g. both names in one directory): the first wins.
            InputKind::Allowlist => {
                self.allowlist.get_or_insert(path);
            }
            InputKind::Processes => self.processes = Some(path),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.histograms.is_empty()
            && self.scalars.is_empty()
            && self.events.is_empty()
            && self.allowlist.is_none()
            && self.processes.is_none()
    }

    /// Every file of the run, histograms first (then scalars, events, the allowlist and
    /// Processes.yaml).
    pub fn files(&self) -> Vec<&Path> {
        self.all().into_iter().map(|(_, path)| path).collect()
    }

    fn all(&self) -> Vec<(InputKind, &Path)> {
        let mut all = Vec::new();
        all.extend(
            self.histograms
                .iter()
                .map(|p| (InputKind::Histograms, p.as_path())),
        );
        all.extend(
            self.scalars
                .iter()
                .map(|p| (InputKind::Scalars, p.as_path())),
        );
        all.extend(self.events.iter().map(|p| (InputKind::Events, p.as_path())));
        all.extend(
            self.allowlist
                .iter()
                .map(|p| (InputKind::Allowlist, p.as_path())),
        );
        all.extend(
            self.processes
                .iter()
                .map(|p| (InputKind::Processes, p.as_path())),
        );
        all
    }
}

/// One input already in memory.
#[derive(Clone, Debug)]
pub struct InputText {
    pub kind: InputKind,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl InputText {
    pub fn new(kind: InputKind, path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Self {
        InputText {
            kind,
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// The result of a run: the files, the model and every diagnostic.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub sources: SourceMap,
    pub registry: Registry,
    pub diagnostics: Diagnostics,
    /// What team policy did (all zero when it did not run).
    pub policy: policy::Outcome,
}

/// Reads, parses and checks the inputs with Firefox's rules only. Only I/O problems are `Err`
/// (exit code 2); everything wrong with the definitions is a diagnostic.
pub fn load(inputs: &Inputs, options: &Options) -> Result<Loaded, LoadError> {
    check(inputs, options, None)
}

/// The whole pipeline, as `telemetry-lint check`, the build script and the proc-macro run it:
/// reads, parses and checks the inputs with Firefox's rules, then, when `policy` is given, the
/// team's policy rules, suppressions, levels and baseline ([`crate::policy`]). `None` is the
/// Firefox-only (conformance) mode.
pub fn check(
    inputs: &Inputs,
    options: &Options,
    policy: Option<&Policy>,
) -> Result<Loaded, LoadError> {
    Ok(check_sources(read_inputs(inputs)?, options, policy))
}

/// Reads a file into memory; a missing file is [`LoadError::NotFound`], any other failure
/// [`LoadError::Io`].
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    std::fs::read(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            LoadError::NotFound(path.to_path_buf())
        } else {
            LoadError::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    })
}

/// Reads every input into memory (what [`check`] does before parsing).
pub fn read_inputs(inputs: &Inputs) -> Result<Vec<InputText>, LoadError> {
    let mut texts = Vec::new();
    for (kind, path) in inputs.all() {
        let bytes = read_file(path)?;
        texts.push(InputText::new(kind, path, bytes));
    }
    Ok(texts)
}

/// A parsed document of one input.
pub(crate) struct Document {
    pub kind: InputKind,
    pub root: Option<Node>,
}

/// Parses and checks inputs already in memory, with Firefox's rules only.
pub fn load_sources(texts: Vec<InputText>, options: &Options) -> Loaded {
    check_sources(texts, options, None)
}

/// [`check`] for inputs already in memory.
pub fn check_sources(texts: Vec<InputText>, options: &Options, policy: Option<&Policy>) -> Loaded {
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::default();
    let mut pending = Vec::new();
    for input in texts {
        let (text, utf8_error) = match String::from_utf8(input.bytes) {
            Ok(text) => (text, None),
            Err(error) => {
                let valid_up_to = error.utf8_error().valid_up_to();
                let bad = error.utf8_error().error_len().unwrap_or(1);
                (
                    String::from_utf8_lossy(error.as_bytes()).into_owned(),
                    Some((valid_up_to, bad)),
                )
            }
        };
        let file = sources.add(SourceFile::new(input.path, text));
        if let Some((offset, len)) = utf8_error {
            diagnostics.push(
                Diagnostic::new(
                    &rules::FILE_INVALID_UTF8,
                    format!("the file is not valid UTF-8 (invalid byte sequence at byte {offset})"),
                )
                .at(Span::new(file, offset, offset + len.min(3))),
            );
            pending.push((input.kind, file, None));
        } else {
            pending.push((input.kind, file, Some(())));
        }
    }

    let documents = parse_all(&sources, &pending, &mut diagnostics);
    let registry = crate::check::run(&documents, &sources, options, &mut diagnostics);
    let mut loaded = Loaded {
        sources,
        registry,
        diagnostics,
        policy: policy::Outcome::default(),
    };
    if let Some(policy) = policy {
        policy::apply(&mut loaded, options, policy);
    }
    loaded
}

/// Parses every readable file, in parallel when there is enough to share.
fn parse_all(
    sources: &SourceMap,
    pending: &[(InputKind, FileId, Option<()>)],
    diagnostics: &mut Diagnostics,
) -> Vec<Document> {
    let parse_one = |kind: InputKind, file: FileId| -> Result<Node, ParseError> {
        let text = sources.get(file).map(|f| f.text.as_str()).unwrap_or("");
        if kind.is_json() {
            parse::json::parse(text, file)
        } else {
            parse::yaml::parse(text, file)
        }
    };
    let total: usize = pending
        .iter()
        .filter_map(|(_, file, _)| sources.get(*file))
        .map(|f| f.text.len())
        .sum();
    let results: Vec<Option<Result<Node, ParseError>>> = if total > 256 * 1024 && pending.len() > 1
    {
        std::thread::scope(|scope| {
            let handles: Vec<_> = pending
                .iter()
                .map(|&(kind, file, readable)| {
                    scope.spawn(move || readable.map(|()| parse_one(kind, file)))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Some(Err(ParseError::new(
                            "internal error: the parser panicked",
                            Span::default(),
                        )))
                    })
                })
                .collect()
        })
    } else {
        pending
            .iter()
            .map(|&(kind, file, readable)| readable.map(|()| parse_one(kind, file)))
            .collect()
    };

    pending
        .iter()
        .zip(results)
        .map(|(&(kind, _, _), result)| {
            let root = match result {
                Some(Ok(node)) => Some(node),
                Some(Err(error)) => {
                    diagnostics
                        .push(Diagnostic::new(&rules::FILE_SYNTAX, error.message).at(error.span));
                    None
                }
                None => None,
            };
            Document { kind, root }
        })
        .collect()
}
