//! Rust code generation: the typed, zero-cost recording API of a set of definitions.
//!
//! One model, one emitter: the [`Builder`](crate::Builder) of build scripts, the
//! `telemetry_derive::probes!` macro and `telemetry-lint generate` all call [`generate`] (or
//! [`generate_tokens`]) on a [`Loaded`] run, so they produce the same module:
//!
//! ```text
//! pub mod probes {
//!     pub mod histograms { GC_MS, DeviceResetReason, … }          // one const handle per histogram
//!     pub mod scalars { pub mod normandy { RECIPE_FRESHNESS, … } } // scalars::<category>
//!     pub mod events { pub mod normandy { enroll_preference_study(…), EnrollExtra, … } }
//!     pub static PROBES: telemetry_runtime::ProbeSet = …;          // every live probe
//!     pub fn register() -> bool { … }                              // adds PROBES to snapshots
//! }
//! ```
//!
//! The code is built from tokens (`quote!`) and laid out either formatted with `prettyplease`
//! or compact, one item per line (see `render.rs`); it refers to the runtime as
//! `::telemetry_runtime`. Identifiers come only from [`crate::naming`], which
//! makes a valid identifier of any input; every other text from the definitions (names as
//! the ping spells them, labels, keys, descriptions, addresses) becomes a string literal or
//! a doc comment, never code (see `docs.rs` for how doc text is neutralised).
//!
//! Generation refuses to run when the definitions have errors (the run's diagnostics include
//! the generator's own checks: name collisions, layouts the runtime cannot store). Probes whose
//! expiry version is at or below [`CodegenOptions::current_version`] (test probes excepted)
//! compile to zero-sized, `#[deprecated]` handles whose methods do nothing.

mod docs;
mod events;
mod histograms;
mod inert;
mod names;
mod render;
mod scalars;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use crate::diagnostic::Diagnostic;
use crate::load::Loaded;
use crate::model::{Collection, Expiry, Spanned};
use crate::naming::fixed;

pub use names::check;

/// A Firefox application version: `130.0a1`, `128.0b3`, `140.12.0`, `130`. Only its major
/// version matters to expiry (Firefox's `test_no_expired_probes`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Version {
    raw: String,
    major: u64,
}

/// A version string that is not a Firefox version.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a Firefox version (expected a version such as 130.0a1, 128.0 or 130)")]
pub struct InvalidVersion(pub String);

impl Version {
    pub fn parse(text: &str) -> Result<Version, InvalidVersion> {
        let trimmed = text.trim();
        let head = trimmed.split('.').next().unwrap_or("");
        let valid_rest = trimmed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.');
        match head.parse::<u64>() {
            Ok(major)
                if !head.is_empty() && head.bytes().all(|b| b.is_ascii_digit()) && valid_rest =>
            {
                Ok(Version {
                    raw: trimmed.to_string(),
                    major,
                })
            }
            _ => Err(InvalidVersion(text.to_string())),
        }
    }

    pub fn major(&self) -> u64 {
        self.major
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl std::str::FromStr for Version {
    type Err = InvalidVersion;
    fn from_str(s: &str) -> Result<Version, InvalidVersion> {
        Version::parse(s)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.raw)
    }
}

/// How to generate.
#[derive(Clone, Debug)]
pub struct CodegenOptions {
    /// The application version the code is built for. Probes that have expired at it compile to
    /// nothing; `None` expires nothing.
    pub current_version: Option<Version>,
    /// Format the code with `prettyplease` (the default here; the [`Builder`](crate::Builder)'s
    /// default is compact). Without it each item is one line of tokens, indented by depth: the
    /// same items, generated several times faster.
    pub pretty: bool,
}

impl Default for CodegenOptions {
    fn default() -> CodegenOptions {
        CodegenOptions {
            current_version: None,
            pretty: true,
        }
    }
}

impl CodegenOptions {
    pub fn new() -> CodegenOptions {
        CodegenOptions::default()
    }

    pub fn pretty(mut self, pretty: bool) -> CodegenOptions {
        self.pretty = pretty;
        self
    }

    pub fn current_version(mut self, version: Version) -> CodegenOptions {
        self.current_version = Some(version);
        self
    }
}

/// The generated module, before formatting.
#[derive(Clone, Debug)]
pub struct Generated {
    pub tokens: TokenStream,
    /// The probes that expired (`GC_MS`, `category.name`), in generation order.
    pub expired: Vec<String>,
    /// How many live probes the module records into.
    pub live: usize,
}

/// Probes per unit of work: enough units to share out among the cores, each large enough that
/// formatting its runs of items in one go stays cheap.
const CHUNK: usize = 64;

/// At most this many worker threads.
const MAX_WORKERS: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FamilyKind {
    Histograms,
    Scalars,
    Events,
}

/// A unit of work: consecutive probes of one family.
#[derive(Clone, Copy, Debug)]
struct Job {
    family: FamilyKind,
    start: usize,
    end: usize,
}

fn jobs(loaded: &Loaded, chunk: usize) -> Vec<Job> {
    let registry = &loaded.registry;
    let mut jobs = Vec::new();
    for (family, len) in [
        (FamilyKind::Histograms, registry.histograms.len()),
        (FamilyKind::Scalars, registry.scalars.len()),
        (FamilyKind::Events, registry.events.len()),
    ] {
        let mut start = 0;
        while start < len {
            let end = len.min(start + chunk.max(1));
            jobs.push(Job { family, start, end });
            start = end;
        }
    }
    jobs
}

/// What a job made, rendered to text in its thread (tokens are not `Send`).
struct Chunk {
    family: FamilyKind,
    tree: render::TreeText,
    /// The shared bound tables it made, one text each (chunks repeat tables; merged by text).
    bounds: Vec<String>,
    /// Paths of the live probes, from the root module.
    registered: Vec<Vec<String>>,
    expired: Vec<String>,
    inert_used: bool,
}

/// Items of a family module (`probes::histograms::…`) are two modules below the file.
const FAMILY_ITEMS: usize = 2;

fn run_job(loaded: &Loaded, options: &CodegenOptions, pretty: bool, job: Job) -> Chunk {
    let registry = &loaded.registry;
    let mut ctx = Ctx::new(options);
    let mut tree = Tree::new(FAMILY_ITEMS, pretty);
    match job.family {
        FamilyKind::Histograms => {
            for histogram in registry
                .histograms
                .get(job.start..job.end)
                .unwrap_or_default()
            {
                let out = histograms::generate(&mut ctx, histogram);
                tree.push(out.items, out.meta, TokenStream::new());
                tree.push_storage(out.storage);
            }
        }
        FamilyKind::Scalars => {
            for scalar in registry.scalars.get(job.start..job.end).unwrap_or_default() {
                scalars::generate(&mut ctx, &mut tree, scalar);
            }
        }
        FamilyKind::Events => {
            for event in registry.events.get(job.start..job.end).unwrap_or_default() {
                events::generate(&mut ctx, &mut tree, event);
            }
        }
    }
    let bounds = std::mem::take(&mut ctx.bounds_items)
        .into_iter()
        .map(|item| render::items(item, FAMILY_ITEMS, pretty))
        .collect();
    Chunk {
        family: job.family,
        tree: tree.render(),
        bounds,
        registered: ctx.registered,
        expired: ctx.expired,
        inert_used: ctx.inert_used,
    }
}

/// Runs the jobs on up to `workers` threads (taking the next job as each finishes) and returns
/// their chunks in job order: the output does not depend on the number of threads.
fn run_jobs(
    loaded: &Loaded,
    options: &CodegenOptions,
    pretty: bool,
    jobs: &[Job],
    workers: usize,
) -> Vec<Chunk> {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let slots: Vec<OnceLock<Chunk>> = jobs.iter().map(|_| OnceLock::new()).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let (Some(job), Some(slot)) = (jobs.get(index), slots.get(index)) else {
                break;
            };
            let _ = slot.set(run_job(loaded, options, pretty, *job));
        }
    };
    // Worker threads even for one worker: inside a proc-macro, tokens made on the macro's own
    // thread go through the compiler, which is slower.
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.clamp(1, MAX_WORKERS))
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        if handles.is_empty() {
            work();
        }
        // Joined by hand so that a worker's panic does not propagate here.
        for handle in handles {
            let _ = handle.join();
        }
    });
    // The job of a worker that panicked (a generator bug) runs again here, where the panic
    // surfaces as the caller's own.
    slots
        .into_iter()
        .zip(jobs)
        .map(|(slot, job)| {
            slot.into_inner()
                .unwrap_or_else(|| run_job(loaded, options, pretty, *job))
        })
        .collect()
}

/// What the root module is made of, besides the three family modules.
struct RootParts<'a> {
    registered: [&'a [Vec<String>]; 3],
    inert_used: bool,
    expired: usize,
}

/// `pub static PROBES`, `pub fn register`, and (when used) the `__inert` module.
fn root_items(parts: &RootParts<'_>) -> TokenStream {
    let rt = runtime();
    let set = ident(fixed::PROBE_SET);
    let register = ident(fixed::REGISTER);
    // `[&a::B, &c::D, …]`, built in one stream (interpolating a stream per path copied each).
    let paths = |list: &[Vec<String>]| {
        let mut items = TokenStream::new();
        for (i, path) in list.iter().enumerate() {
            if i > 0 {
                items.extend(quote!(,));
            }
            let segments = path.iter().map(|s| ident(s));
            items.extend(quote!(&#(#segments)::*));
        }
        proc_macro2::Group::new(proc_macro2::Delimiter::Bracket, items)
    };
    let [h, s, e] = parts.registered.map(paths);
    let inert_module = if parts.inert_used {
        inert::module()
    } else {
        TokenStream::new()
    };
    quote! {
        /// Every live probe of this module, for [`telemetry_runtime::snapshot`]: call
        /// [`register`] once at start-up. Expired probes are not in it (they have no storage).
        pub static #set: #rt::ProbeSet = #rt::ProbeSet::new(
            &#h,
            &#s,
            &#e,
        );

        /// Adds [`PROBES`] to the runtime's snapshots; returns `false` if it already was.
        /// Recording works without it; only snapshots need it.
        pub fn #register() -> ::core::primitive::bool {
            #rt::register(&#set)
        }

        #inert_module
    }
}

/// The attributes of the root module: its documentation and the lints generated code allows.
fn root_attrs(
    loaded: &Loaded,
    options: &CodegenOptions,
    expired: usize,
) -> (TokenStream, TokenStream) {
    let doc = header_doc(loaded, options, expired).attrs(options.pretty);
    let allow = quote! {
        #[allow(
            dead_code,
            unused_imports,
            non_camel_case_types,
            non_snake_case,
            non_upper_case_globals,
            unreachable_pub,
            missing_docs,
            clippy::all,
            clippy::pedantic,
            clippy::nursery,
            rustdoc::bare_urls
        )]
    };
    (doc, allow)
}

/// The generated file and what generating it found.
struct Text {
    code: String,
    expired: Vec<String>,
    live: usize,
}

/// Generates the file: the probes in chunks on worker threads, each chunk's items rendered to
/// text there, then the skeleton (module headers and the root items) with the chunks' text
/// spliced in.
fn generate_text(
    loaded: &Loaded,
    options: &CodegenOptions,
    pretty: bool,
    chunk: usize,
    workers: usize,
) -> Result<Text, Vec<Diagnostic>> {
    if loaded.diagnostics.errors() > 0 {
        return Err(loaded.diagnostics.items.clone());
    }
    let jobs = jobs(loaded, chunk);
    let chunks = run_jobs(loaded, options, pretty, &jobs, workers);

    let mut trees: [render::TreeText; 3] = Default::default();
    let mut registered: [Vec<Vec<String>>; 3] = Default::default();
    let mut expired = Vec::new();
    let mut inert_used = false;
    let mut bounds = render::Pieces::default();
    let mut seen_bounds = std::collections::HashSet::new();
    for chunk in chunks {
        let family = chunk.family as usize;
        trees[family].merge(chunk.tree);
        registered[family].extend(chunk.registered);
        expired.extend(chunk.expired);
        inert_used |= chunk.inert_used;
        for table in chunk.bounds {
            if !seen_bounds.contains(&table) {
                seen_bounds.insert(table.clone());
                bounds.push(table);
            }
        }
    }

    let parts = RootParts {
        registered: [&registered[0], &registered[1], &registered[2]],
        inert_used,
        expired: expired.len(),
    };
    let live = parts.registered.iter().map(|r| r.len()).sum();
    let (doc, allow) = root_attrs(loaded, options, parts.expired);
    let mut slots = render::Slots::default();
    let mut body = TokenStream::new();
    let [h, s, e] = trees;
    let name = ident(fixed::HISTOGRAMS);
    body.extend(h.skeleton(
        quote! {
            #[doc = " Histograms (`Histograms.json`): one constant handle per histogram (its cells are a hidden static), plus the enums of categorical labels and declared keys."]
            pub mod #name
        },
        &mut slots,
    ));
    let name = ident(fixed::SCALARS);
    body.extend(s.skeleton(
        quote! {
            #[doc = " Scalars (`Scalars.yaml`): one module per category, one static per scalar."]
            pub mod #name
        },
        &mut slots,
    ));
    let name = ident(fixed::EVENTS);
    body.extend(e.skeleton(
        quote! {
            #[doc = " Events (`Events.yaml`): one module per category, one function per method and object, and a struct of each event's extra keys."]
            pub mod #name
        },
        &mut slots,
    ));
    if !bounds.is_empty() {
        let name = ident(fixed::BOUNDS);
        body.extend(render::module_skeleton(
            quote! {
                /// The bucket lower bounds, one table per distinct layout, shared.
                #[doc(hidden)]
                pub mod #name
            },
            bounds,
            &mut slots,
        ));
    }
    body.extend(root_items(&parts));
    let body = render::braced(body);
    let skeleton = quote! {
        #doc
        #allow
        pub mod probes #body
    };
    let mut code = String::from(BANNER);
    code.push_str(&render::file(skeleton, slots, pretty));
    Ok(Text {
        code,
        expired,
        live,
    })
}

fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Generates the module as tokens: the compact text (see [`generate`]), lexed. Refuses
/// (returning every diagnostic of the run) when the run has errors.
pub fn generate_tokens(
    loaded: &Loaded,
    options: &CodegenOptions,
) -> Result<Generated, Vec<Diagnostic>> {
    let text = generate_text(loaded, options, false, CHUNK, workers())?;
    let tokens = text.code.parse::<TokenStream>().unwrap_or_else(|error| {
        // Only a generator bug gets here.
        let message = format!(
            "telemetry-registry generated code that does not lex ({error}); please report it"
        );
        quote!(::core::compile_error!(#message);)
    });
    Ok(Generated {
        tokens,
        expired: text.expired,
        live: text.live,
    })
}

/// Generates the module as Rust source: formatted with `prettyplease` unless
/// [`CodegenOptions::pretty`] is off, in which case each item is one line (indented by depth),
/// several times faster. The probes are generated and rendered in chunks on up to as many
/// threads as the machine has cores; the text is the same however many run.
pub fn generate(loaded: &Loaded, options: &CodegenOptions) -> Result<String, Vec<Diagnostic>> {
    generate_text(loaded, options, options.pretty, CHUNK, workers()).map(|text| text.code)
}

const BANNER: &str =
    "// @generated by telemetry-registry from telemetry probe definitions. Do not edit.\n\n";

/// Formats generated tokens with `prettyplease`, after the generated-file banner.
pub fn format_tokens(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => format!("{BANNER}{}", prettyplease::unparse(&file)),
        // Only a generator bug gets here; the unformatted tokens still compile (or point at it).
        Err(_) => format!("{BANNER}{tokens}\n"),
    }
}

/// What the generation of one module collects on the way.
pub(crate) struct Ctx<'a> {
    options: &'a CodegenOptions,
    bounds_names: std::collections::HashSet<String>,
    bounds_items: Vec<TokenStream>,
    /// Paths (from the root module) of the live probes.
    pub(crate) registered: Vec<Vec<String>>,
    pub(crate) inert_used: bool,
    expired: Vec<String>,
}

impl<'a> Ctx<'a> {
    fn new(options: &'a CodegenOptions) -> Ctx<'a> {
        Ctx {
            options,
            bounds_names: Default::default(),
            bounds_items: Vec::new(),
            registered: Vec::new(),
            inert_used: false,
            expired: Vec::new(),
        }
    }

    /// The doc attributes of a doc: one per line for formatted output (`///` comments), one
    /// for compact output (fewer tokens; the same documentation).
    pub(crate) fn doc(&self, doc: &docs::Doc) -> TokenStream {
        doc.attrs(self.options.pretty)
    }

    /// The expiry of a probe that has expired at the current version.
    pub(crate) fn expired(
        &mut self,
        name: &str,
        expires: Option<&Expiry>,
        test_probe: bool,
    ) -> Option<Expired> {
        let version = self.options.current_version.as_ref()?;
        let expiry = expires?;
        if test_probe || !expiry.is_expired_at(version.major()) {
            return None;
        }
        self.expired.push(name.to_string());
        self.inert_used = true;
        Some(Expired {
            note: format!(
                "`{name}` expired in version {} (this build is {version}): recording into it compiles to nothing",
                expiry.raw.value
            ),
            doc: format!(
                "**Expired** in version {} (this build is {}): recording into it compiles to nothing.",
                docs::inline(&expiry.raw.value),
                docs::inline(version.as_str())
            ),
        })
    }
}

/// An expired probe: the note of its `#[deprecated]` attribute and its doc line.
pub(crate) struct Expired {
    pub note: String,
    pub doc: String,
}

impl Expired {
    pub(crate) fn attr(&self) -> TokenStream {
        let note = &self.note;
        quote!(#[deprecated(note = #note)])
    }
}

/// Scalar and event categories: a tree of modules, whose items are rendered to text as they
/// come (compact), or per module once the chunk is done (formatted: one parse for many items).
pub(crate) struct Tree {
    /// How many modules below the file this module's items are.
    depth: usize,
    pretty: bool,
    items: Run,
    meta: Run,
    /// The cells of histograms (`__storage`).
    storage: Run,
    events: Run,
    children: Vec<(String, Tree)>,
}

/// Items of one kind in one module.
#[derive(Default)]
struct Run {
    tokens: TokenStream,
    text: String,
}

impl Run {
    fn push(&mut self, tokens: TokenStream, depth: usize, pretty: bool) {
        if pretty {
            self.tokens.extend(tokens);
        } else if !tokens.is_empty() {
            // Rendered at once, while small: the memory is reused hot.
            render::compact(tokens, depth, &mut self.text);
        }
    }

    fn finish(self, depth: usize, pretty: bool) -> String {
        if pretty {
            render::items(self.tokens, depth, true)
        } else {
            self.text
        }
    }
}

impl Tree {
    fn new(depth: usize, pretty: bool) -> Tree {
        Tree {
            depth,
            pretty,
            items: Run::default(),
            meta: Run::default(),
            storage: Run::default(),
            events: Run::default(),
            children: Vec::new(),
        }
    }

    /// The module of a category path (created on first use).
    pub(crate) fn module(&mut self, path: &[String]) -> &mut Tree {
        let Some((first, rest)) = path.split_first() else {
            return self;
        };
        let index = match self.children.iter().position(|(name, _)| name == first) {
            Some(index) => index,
            None => {
                let child = Tree::new(self.depth + 1, self.pretty);
                self.children.push((first.clone(), child));
                self.children.len() - 1
            }
        };
        self.children[index].1.module(rest)
    }

    pub(crate) fn push(&mut self, items: TokenStream, meta: TokenStream, events: TokenStream) {
        let (depth, pretty) = (self.depth, self.pretty);
        self.items.push(items, depth, pretty);
        // `__meta` and `__events` are one module further down.
        self.meta.push(meta, depth + 1, pretty);
        self.events.push(events, depth + 1, pretty);
    }

    /// Items of the hidden `__storage` module.
    pub(crate) fn push_storage(&mut self, storage: TokenStream) {
        self.storage.push(storage, self.depth + 1, self.pretty);
    }

    /// The content as text.
    fn render(self) -> render::TreeText {
        let (depth, pretty) = (self.depth, self.pretty);
        render::TreeText {
            items: self.items.finish(depth, pretty).into(),
            meta: self.meta.finish(depth + 1, pretty).into(),
            storage: self.storage.finish(depth + 1, pretty).into(),
            events: self.events.finish(depth + 1, pretty).into(),
            children: self
                .children
                .into_iter()
                .map(|(name, tree)| (name, tree.render()))
                .collect(),
        }
    }
}

fn header_doc(loaded: &Loaded, options: &CodegenOptions, expired: usize) -> docs::Doc {
    let registry = &loaded.registry;
    let mut doc = docs::Doc::new();
    doc.markdown(
        "Telemetry probes, generated by `telemetry-registry` from the definitions. Do not edit.",
    );
    doc.blank();
    let files: Vec<&str> = loaded
        .sources
        .files()
        .map(|(_, f)| f.name.as_str())
        .collect();
    if !files.is_empty() {
        doc.markdown(format!("Definitions: {}.", docs::list(files)));
        doc.blank();
    }
    doc.markdown(format!(
        "{} histograms, {} scalars, {} events.",
        registry.histograms.len(),
        registry.scalars.len(),
        registry.events.len()
    ));
    if let Some(version) = &options.current_version {
        doc.markdown(format!(
            "Built for version {}: {expired} expired probes compile to nothing.",
            docs::inline(version.as_str()),
        ));
    }
    doc.blank();
    doc.markdown("Call [`register`](probes::register) once at start-up so that `telemetry_runtime::snapshot` includes these probes.");
    doc
}

/// An identifier from a name made by [`crate::naming`] (raw identifiers keep their `r#`).
pub(crate) fn ident(name: &str) -> Ident {
    let span = proc_macro2::Span::call_site();
    let valid = |s: &str| {
        !s.is_empty()
            && !s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    match name.strip_prefix("r#") {
        Some(raw) if valid(raw) => Ident::new_raw(raw, span),
        _ if valid(name) => Ident::new(name, span),
        // `naming` never makes anything else; a bug must not become a panic.
        _ => Ident::new("__invalid_name", span),
    }
}

/// `::telemetry_runtime`.
pub(crate) fn runtime() -> TokenStream {
    quote!(::telemetry_runtime)
}

/// `super::super::…` (`depth` times): the root module from a module `depth` levels below it.
pub(crate) fn to_root(depth: usize) -> TokenStream {
    let supers = std::iter::repeat_n(quote!(super), depth);
    quote!(#(#supers)::*)
}

pub(crate) fn uint(n: u64) -> Literal {
    Literal::u64_unsuffixed(n)
}

pub(crate) fn usize_lit(n: usize) -> Literal {
    Literal::usize_unsuffixed(n)
}

/// `record_in_processes` as a `ProcessSet` expression (inside a `__meta` module, which
/// glob-imports the runtime).
pub(crate) fn process_set(names: &[Spanned<String>]) -> TokenStream {
    let mut sets: Vec<&'static str> = Vec::new();
    for name in names {
        let set = match name.value.as_str() {
            "main" => "MAIN",
            "content" => "CONTENT",
            "gpu" => "GPU",
            "rdd" => "RDD",
            "socket" => "SOCKET",
            "utility" => "UTILITY",
            "all" => "ALL",
            "all_children" | "all_childs" => "ALL_CHILDREN",
            // The checks reject unknown processes; one that slipped through records nowhere.
            _ => continue,
        };
        if !sets.contains(&set) {
            sets.push(set);
        }
    }
    chain_union("ProcessSet", &sets)
}

/// `products` as a `ProductSet` expression (absent: every product, as legacy files mean).
pub(crate) fn product_set(products: Option<&[Spanned<String>]>) -> TokenStream {
    let Some(products) = products else {
        return quote!(ProductSet::ALL);
    };
    let mut sets: Vec<&'static str> = Vec::new();
    for name in products {
        let set = match name.value.as_str() {
            "firefox" => "FIREFOX",
            "fennec" => "FENNEC",
            "thunderbird" => "THUNDERBIRD",
            "geckoview" => "GECKOVIEW",
            "geckoview_streaming" => "GECKOVIEW_STREAMING",
            _ => continue,
        };
        if !sets.contains(&set) {
            sets.push(set);
        }
    }
    chain_union("ProductSet", &sets)
}

/// `Ty::A.union(Ty::B)…`, built in one stream (folding with `quote!` copied it at each step).
fn chain_union(ty: &str, sets: &[&str]) -> TokenStream {
    let ty = ident(ty);
    let Some((first, rest)) = sets.split_first() else {
        return quote!(#ty::NONE);
    };
    let first = ident(first);
    let mut chain = quote!(#ty::#first);
    for set in rest {
        let set = ident(set);
        chain.extend(quote!(.union(#ty::#set)));
    }
    chain
}

pub(crate) fn collection(collection: Collection) -> TokenStream {
    match collection {
        Collection::OptIn => quote!(Collection::OptIn),
        Collection::OptOut => quote!(Collection::OptOut),
    }
}

/// `&["a", "b"]`.
pub(crate) fn str_slice<'s>(items: impl IntoIterator<Item = &'s str>) -> TokenStream {
    let items = items.into_iter();
    quote!(&[#(#items),*])
}

/// The common documentation lines of every probe.
pub(crate) struct Common<'a> {
    pub expires: Option<&'a Expiry>,
    pub owners: Vec<&'a str>,
    pub bugs: Vec<i64>,
    pub processes: Vec<&'a str>,
    pub products: Option<Vec<&'a str>>,
    pub collection: Collection,
}

impl Common<'_> {
    pub(crate) fn write(&self, doc: &mut docs::Doc) {
        let expiry = match self.expires {
            None => "never (no expiry given)".to_string(),
            Some(e) if e.is_never() => "never".to_string(),
            Some(e) if e.is_default() => "`default` (legacy)".to_string(),
            Some(e) => format!("in version {}", docs::inline(&e.raw.value)),
        };
        doc.markdown(format!("- **Expires:** {expiry}"));
        doc.markdown(format!(
            "- **Collection:** {}",
            match self.collection {
                Collection::OptOut => "opt-out (release and pre-release channels)",
                Collection::OptIn => "opt-in (pre-release channels: extended collection only)",
            }
        ));
        doc.markdown(format!(
            "- **Processes:** {}",
            docs::list(self.processes.iter().copied())
        ));
        match &self.products {
            Some(products) => doc.markdown(format!(
                "- **Products:** {}",
                docs::list(products.iter().copied())
            )),
            None => doc.markdown("- **Products:** all"),
        }
        if !self.owners.is_empty() {
            doc.markdown(format!(
                "- **Owners:** {}",
                docs::list(self.owners.iter().copied())
            ));
        }
        if !self.bugs.is_empty() {
            let bugs: Vec<String> = self.bugs.iter().map(|b| b.to_string()).collect();
            doc.markdown(format!("- **Bugs:** {}", bugs.join(", ")));
        }
    }
}

/// The whole pipeline of every front end (the [`Builder`](crate::Builder), the
/// `telemetry_derive::probes!` macro, `telemetry-lint generate`): parse, check every rule
/// (Firefox's, the generator's and, when `policy` is given, the team's: [`crate::check()`]),
/// then generate. Returns the run (for its warnings and source map) and the code, or the
/// diagnostics that stopped it.
pub fn pipeline(
    texts: Vec<crate::load::InputText>,
    options: &crate::load::Options,
    policy: Option<&crate::policy::Policy>,
    codegen: &CodegenOptions,
) -> (Loaded, Result<String, Vec<Diagnostic>>) {
    let loaded = crate::load::check_sources(texts, options, policy);
    let result = generate(&loaded, codegen);
    (loaded, result)
}

/// The report of the diagnostics that stop a front end (the Builder's cargo messages, the
/// macro's compile error): the human rendering without colour, and the summary line.
pub fn failure_report(loaded: &Loaded, diagnostics: &[Diagnostic]) -> String {
    let summary = crate::render::Summary::new(diagnostics, loaded.registry.probe_count());
    crate::render::human_string(
        &loaded.sources,
        diagnostics,
        Some(&summary),
        crate::render::ColorChoice::Never,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(dir: &std::path::Path) -> Option<Loaded> {
        let inputs = crate::load::Inputs::discover(&[dir.to_path_buf()]).ok()?;
        let texts = crate::load::read_inputs(&inputs).ok()?;
        Some(crate::load::load_sources(
            texts,
            &crate::load::Options::default(),
        ))
    }

    /// The text does not depend on how the probes are cut into chunks nor on how many threads
    /// render them.
    fn same_however_chunked(loaded: &Loaded, chunks: &[usize]) {
        let version = Version::parse("130.0a1").expect("a version");
        for pretty in [false, true] {
            let options = CodegenOptions::new()
                .pretty(pretty)
                .current_version(version.clone());
            let reference = generate(loaded, &options).expect("generates");
            for &chunk in chunks {
                for workers in [1, 3] {
                    let text =
                        generate_text(loaded, &options, pretty, chunk, workers).expect("generates");
                    assert!(
                        text.code == reference,
                        "pretty {pretty}, chunk {chunk}, {workers} workers: the text differs"
                    );
                }
            }
        }
    }

    #[test]
    fn chunks_and_threads_do_not_change_the_text() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../definitions");
        let loaded = load(&dir).expect("the sample definitions");
        same_however_chunked(&loaded, &[1, 2, 5, 1000]);
    }

    #[test]
    fn chunks_and_threads_do_not_change_the_text_of_the_modern_corpus() {
        let corpus = std::env::var_os("TELEMETRY_CORPUS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
            })
            .join("firefox-modern");
        let Some(loaded) = load(&corpus) else {
            eprintln!("note: corpus not found (set TELEMETRY_CORPUS); skipping");
            return;
        };
        same_however_chunked(&loaded, &[7, 100_000]);
    }

    #[test]
    fn compact_is_one_item_per_line() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../definitions");
        let loaded = load(&dir).expect("the sample definitions");
        let code = generate(&loaded, &CodegenOptions::new().pretty(false)).expect("generates");
        let line = |part: &str| {
            code.lines()
                .find(|l| l.contains(part))
                .unwrap_or_else(|| panic!("no line holds {part}"))
        };
        assert!(line("pub mod histograms {").starts_with("    # [doc"));
        assert!(line("pub const GC_MS :").starts_with("        # [doc"));
        assert!(line("pub const GC_MS :").ends_with(';'));
        assert_eq!(line("mod __meta {"), "        mod __meta {");
        assert_eq!(
            line("use :: telemetry_runtime :: * ;"),
            "            use :: telemetry_runtime :: * ;"
        );
        // Every line is a whole item, a module's opening or a closing brace.
        let _: TokenStream = code.parse().expect("lexes");
        for l in code.lines().skip(2) {
            let trimmed = l.trim();
            assert!(
                trimmed.ends_with(';') || trimmed.ends_with('{') || trimmed.ends_with('}'),
                "{trimmed}"
            );
        }
    }
}
