//! `probes!("definitions")`: the typed recording API of a set of Firefox telemetry
//! definitions, generated at compile time.
//!
//! ```ignore
//! telemetry_derive::probes!("definitions");
//! // or: probes!("definitions", current_version = "130.0a1");
//!
//! probes::histograms::GC_MS.accumulate(42);
//! ```
//!
//! A thin shim over the library: it runs the same pipeline as
//! `telemetry_registry::Builder` (every rule, then [`telemetry_registry::codegen::generate`])
//! and expands to the same `pub mod probes`, so the two are interchangeable. Paths are files
//! or directories, relative to the crate's `Cargo.toml` (or, when nothing is there, to the
//! file that calls the macro). Arguments after the paths: `current_version = "…"` (the
//! `TELEMETRY_CURRENT_VERSION` environment variable wins), `rules = "esr140" | "2020" |
//! "2017"`, `strict = false`.
//!
//! Cargo rebuilds the crate when a definition file changes (the expansion holds an
//! `include_bytes!` of each) or when `TELEMETRY_CURRENT_VERSION` changes (an `option_env!`).
//! A definition error becomes a `compile_error!` holding the rustc-style report: the file,
//! line and column, and the snippet of the definition.

use std::path::{Path, PathBuf};

use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use telemetry_registry::codegen::{self, CodegenOptions, Version};
use telemetry_registry::{Generation, Inputs, Options, Policy};

/// Generates `pub mod probes` from definition files or directories; see the crate docs.
#[proc_macro]
pub fn probes(input: TokenStream) -> TokenStream {
    // Generation builds tokens with proc-macro2 on several threads; its fallback
    // implementation works off the compiler's thread (and is faster than the bridge).
    proc_macro2::fallback::force();
    let result = expand(input);
    proc_macro2::fallback::unforce();
    match result {
        Ok(tokens) => tokens,
        Err(message) => compile_error(&message),
    }
}

struct Args {
    paths: Vec<String>,
    current_version: Option<String>,
    generation: Option<Generation>,
    strict: bool,
}

fn string_literal(token: &TokenTree) -> Option<String> {
    let TokenTree::Literal(literal) = token else {
        return None;
    };
    syn::parse_str::<syn::LitStr>(&literal.to_string())
        .ok()
        .map(|l| l.value())
}

fn parse_args(input: TokenStream) -> Result<Args, String> {
    let usage = "expected probes!(\"PATH\", ... [, current_version = \"130.0a1\"] [, rules = \"esr140\"] [, strict = false])";
    let mut args = Args {
        paths: Vec::new(),
        current_version: None,
        generation: None,
        strict: true,
    };
    let tokens: Vec<TokenTree> = input.into_iter().collect();
    for part in tokens.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
        match part {
            [] => {}
            [literal] => match string_literal(literal) {
                Some(path) => args.paths.push(path),
                None => return Err(usage.to_string()),
            },
            [TokenTree::Ident(key), TokenTree::Punct(eq), value] if eq.as_char() == '=' => {
                let key = key.to_string();
                match key.as_str() {
                    "current_version" => {
                        args.current_version = Some(string_literal(value).ok_or(usage)?)
                    }
                    "rules" => {
                        let name = string_literal(value).ok_or(usage)?;
                        args.generation = Some(
                            Generation::parse(&name)
                                .ok_or_else(|| format!("unknown rules generation `{name}`"))?,
                        );
                    }
                    "strict" => {
                        args.strict = match value.to_string().as_str() {
                            "true" => true,
                            "false" => false,
                            _ => return Err(usage.to_string()),
                        }
                    }
                    _ => return Err(format!("unknown argument `{key}`; {usage}")),
                }
            }
            _ => return Err(usage.to_string()),
        }
    }
    if args.paths.is_empty() {
        return Err(usage.to_string());
    }
    Ok(args)
}

/// A path as written, made absolute, with the directory it is relative to: the crate root,
/// else (when nothing is there) the directory of the calling file.
fn resolve(path: &str, manifest_dir: &Path) -> (PathBuf, PathBuf) {
    let written = Path::new(path);
    if written.is_absolute() {
        return (written.to_path_buf(), PathBuf::new());
    }
    let from_manifest = manifest_dir.join(written);
    if from_manifest.exists() {
        return (from_manifest, manifest_dir.to_path_buf());
    }
    let file_dir = Span::call_site()
        .local_file()
        .and_then(|file| file.parent().map(Path::to_path_buf))
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                manifest_dir.join(dir)
            }
        });
    match file_dir {
        Some(dir) if dir.join(written).exists() => (dir.join(written), dir),
        _ => (from_manifest, manifest_dir.to_path_buf()),
    }
}

fn expand(input: TokenStream) -> Result<TokenStream, String> {
    let args = parse_args(input)?;
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let resolved: Vec<(PathBuf, PathBuf)> = args
        .paths
        .iter()
        .map(|p| resolve(p, &manifest_dir))
        .collect();
    let paths: Vec<PathBuf> = resolved.iter().map(|(path, _)| path.clone()).collect();
    let bases: Vec<&PathBuf> = resolved.iter().map(|(_, base)| base).collect();
    let inputs = Inputs::discover(&paths).map_err(|e| e.to_string())?;
    let mut texts = telemetry_registry::load::read_inputs(&inputs).map_err(|e| e.to_string())?;
    let absolute: Vec<PathBuf> = texts.iter().map(|t| t.path.clone()).collect();
    // Diagnostics and docs name the files as the user wrote them: relative to the directory
    // their path was resolved against.
    for text in &mut texts {
        let relative = bases
            .iter()
            .filter(|base| !base.as_os_str().is_empty())
            .find_map(|base| text.path.strip_prefix(base).ok());
        if let Some(relative) = relative {
            text.path = relative.to_path_buf();
        }
    }

    let version = match std::env::var("TELEMETRY_CURRENT_VERSION") {
        Ok(v) if !v.trim().is_empty() => Some(v),
        _ => args.current_version,
    };
    let mut options = CodegenOptions::new().pretty(false);
    if let Some(version) = version {
        options.current_version = Some(Version::parse(&version).map_err(|e| e.to_string())?);
    }
    // The team's policy beside the definitions, as the Builder runs it (expiry is the
    // generator's business: the version is not handed to policy).
    let policy = Policy::discover(&inputs).map_err(|e| e.to_string())?;
    let load_options = Options {
        generation: args.generation.or(policy.generation()).unwrap_or_default(),
        strict: args.strict,
    };
    let mut tracked = absolute.clone();
    tracked.extend(telemetry_registry::policy::discover_config(&inputs));
    let (loaded, result) = codegen::pipeline(texts, &load_options, Some(&policy), &options);
    let code = result.map_err(|diagnostics| {
        let report = codegen::failure_report(&loaded, &diagnostics);
        format!("the telemetry definitions have errors\n\n{report}")
    })?;
    let mut tokens: TokenStream = code
        .parse()
        .map_err(|e| format!("internal error: the generated code does not lex: {e}"))?;
    for file in &tracked {
        tokens.extend(track_file(file));
    }
    tokens.extend(track_env("TELEMETRY_CURRENT_VERSION"));
    Ok(tokens)
}

fn punct(c: char) -> TokenTree {
    TokenTree::Punct(Punct::new(c, Spacing::Alone))
}

fn joint(c: char) -> TokenTree {
    TokenTree::Punct(Punct::new(c, Spacing::Joint))
}

fn ident(name: &str) -> TokenTree {
    TokenTree::Ident(Ident::new(name, Span::call_site()))
}

/// `::core::NAME!(ARG)`.
fn core_macro(name: &str, arg: Literal) -> Vec<TokenTree> {
    vec![
        joint(':'),
        punct(':'),
        ident("core"),
        joint(':'),
        punct(':'),
        ident(name),
        punct('!'),
        TokenTree::Group(Group::new(
            Delimiter::Parenthesis,
            TokenStream::from(TokenTree::Literal(arg)),
        )),
    ]
}

/// `const _: &[u8] = ::core::include_bytes!("FILE");`: cargo rebuilds when the file changes.
fn track_file(path: &Path) -> TokenStream {
    let mut tokens = vec![
        ident("const"),
        ident("_"),
        punct(':'),
        punct('&'),
        TokenTree::Group(Group::new(
            Delimiter::Bracket,
            TokenStream::from(ident("u8")),
        )),
        punct('='),
    ];
    tokens.extend(core_macro(
        "include_bytes",
        Literal::string(&path.to_string_lossy()),
    ));
    tokens.push(punct(';'));
    tokens.into_iter().collect()
}

/// `const _: Option<&str> = ::core::option_env!("VAR");`: cargo rebuilds when it changes.
fn track_env(var: &str) -> TokenStream {
    let mut tokens = vec![ident("const"), ident("_"), punct(':')];
    tokens.extend([
        joint(':'),
        punct(':'),
        ident("core"),
        joint(':'),
        punct(':'),
        ident("option"),
        joint(':'),
        punct(':'),
        ident("Option"),
        punct('<'),
        punct('&'),
        joint('\''),
        ident("static"),
        ident("str"),
        punct('>'),
        punct('='),
    ]);
    tokens.extend(core_macro("option_env", Literal::string(var)));
    tokens.push(punct(';'));
    tokens.into_iter().collect()
}

/// `::core::compile_error!("MESSAGE");`
fn compile_error(message: &str) -> TokenStream {
    let mut tokens = core_macro("compile_error", Literal::string(message));
    tokens.push(punct(';'));
    tokens.into_iter().collect()
}
