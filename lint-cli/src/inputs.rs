//! Turning the PATH arguments and file options into the [`Inputs`] of one run.

use std::path::PathBuf;

use telemetry_registry::load::{InputKind, Options};
use telemetry_registry::{Generation, Inputs};

use crate::args::InputArgs;
use crate::error::CliError;

/// The files to read. Directories are searched by file name; explicit `--histograms`,
/// `--scalars` and `--events` files are added, and `--allowlist`/`--processes` replace any
/// found in a directory. With no PATH and no file option, the current directory is searched.
pub fn collect(args: &InputArgs) -> Result<Inputs, CliError> {
    let explicit = !args.histograms.is_empty()
        || !args.scalars.is_empty()
        || !args.events.is_empty()
        || args.allowlist.is_some()
        || args.processes.is_some();
    let paths = if args.paths.is_empty() && !explicit {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut inputs = Inputs::discover(&paths)?;
    for (kind, files) in [
        (InputKind::Histograms, &args.histograms),
        (InputKind::Scalars, &args.scalars),
        (InputKind::Events, &args.events),
    ] {
        for file in files {
            inputs.push(kind, file.clone());
        }
    }
    if let Some(file) = &args.allowlist {
        inputs.allowlist = Some(file.clone());
    }
    if let Some(file) = &args.processes {
        inputs.processes = Some(file.clone());
    }
    // The same file named twice (a directory and an explicit option) is read once.
    for list in [
        &mut inputs.histograms,
        &mut inputs.scalars,
        &mut inputs.events,
    ] {
        dedup_keep_first(list);
    }
    if inputs.is_empty() {
        return Err(CliError::NoInputs);
    }
    Ok(inputs)
}

/// The checking options the arguments ask for; the generation is `--rules`, else the config's
/// `rules`, else ESR 140.
// `..Options::default()` keeps this compiling when the options grow.
#[allow(clippy::needless_update)]
pub fn options(args: &InputArgs, config_generation: Option<Generation>) -> Options {
    Options {
        generation: args.generation.or(config_generation).unwrap_or_default(),
        strict: !args.non_strict,
        ..Options::default()
    }
}

fn dedup_keep_first(list: &mut Vec<PathBuf>) {
    let mut seen = Vec::with_capacity(list.len());
    list.retain(|path| {
        if seen.contains(path) {
            false
        } else {
            seen.push(path.clone());
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedup_keeps_the_first_occurrence() {
        let mut list = vec![PathBuf::from("a"), PathBuf::from("b"), PathBuf::from("a")];
        dedup_keep_first(&mut list);
        assert_eq!(list, [PathBuf::from("a"), PathBuf::from("b")]);
    }
}
