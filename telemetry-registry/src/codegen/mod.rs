//! Rust code generation: the typed, zero-cost recording API of a set of definitions.
//!
//! One model, one emitter: the [`Builder`](crate::Builder) of build scripts, the
//! `telemetry_derive::probes!` macro and `telemetry-lint generate` all call [`generate`] (or
//! [`generate_tokens`]) on a [`Loaded`] run, so they produce the same module:
//!
//! ```text
//! pub mod probes {
//!     pub mod histograms { GC_MS, DeviceResetReason, … }          // one static per histogram
//!     pub mod scalars { pub mod normandy { RECIPE_FRESHNESS, … } } // scalars::<category>
//!     pub mod events { pub mod normandy { enroll_preference_study(…), EnrollExtra, … } }
//!     pub static PROBES: telemetry_runtime::ProbeSet = …;          // every live probe
//!     pub fn register() -> bool { … }                              // adds PROBES to snapshots
//! }
//! ```
//!
//! The code is built from tokens (`quote!`) and formatted with `prettyplease`; it refers to
//! the runtime as `::telemetry_runtime`. Identifiers come only from [`crate::naming`], which
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
    /// Format the code with `prettyplease` (the default). Without it the module is one line of
    /// tokens: the same items, generated several times faster (see the crate docs).
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

/// One family module (`histograms`, `scalars`, `events`) and what the root needs from it.
struct Family {
    module: TokenStream,
    /// The shared bound tables (histograms only).
    bounds: Vec<TokenStream>,
    /// Paths of the live probes, from the root module.
    registered: Vec<Vec<String>>,
    expired: Vec<String>,
    inert_used: bool,
}

impl Family {
    fn from_ctx(module: TokenStream, ctx: Ctx<'_>) -> Family {
        Family {
            module,
            bounds: ctx.bounds_items,
            registered: ctx.registered,
            expired: ctx.expired,
            inert_used: ctx.inert_used,
        }
    }
}

fn histograms_family(loaded: &Loaded, options: &CodegenOptions) -> Family {
    let mut ctx = Ctx::new(options);
    let mut items = TokenStream::new();
    let mut meta = TokenStream::new();
    let mut storage = TokenStream::new();
    for histogram in &loaded.registry.histograms {
        let out = histograms::generate(&mut ctx, histogram);
        items.extend(out.items);
        meta.extend(out.meta);
        storage.extend(out.storage);
    }
    items.extend(private_module(fixed::STORAGE, storage));
    let module = module_tokens(
        &ident(fixed::HISTOGRAMS),
        quote! { #[doc = " Histograms (`Histograms.json`): one constant handle per histogram (its cells are a hidden static), plus the enums of categorical labels and declared keys."] },
        items,
        meta,
        TokenStream::new(),
    );
    Family::from_ctx(module, ctx)
}

fn scalars_family(loaded: &Loaded, options: &CodegenOptions) -> Family {
    let mut ctx = Ctx::new(options);
    let mut tree = Tree::default();
    for scalar in &loaded.registry.scalars {
        scalars::generate(&mut ctx, &mut tree, scalar);
    }
    let module = tree.tokens(
        &ident(fixed::SCALARS),
        quote! { #[doc = " Scalars (`Scalars.yaml`): one module per category, one static per scalar."] },
    );
    Family::from_ctx(module, ctx)
}

fn events_family(loaded: &Loaded, options: &CodegenOptions) -> Family {
    let mut ctx = Ctx::new(options);
    let mut tree = Tree::default();
    for event in &loaded.registry.events {
        events::generate(&mut ctx, &mut tree, event);
    }
    let module = tree.tokens(
        &ident(fixed::EVENTS),
        quote! { #[doc = " Events (`Events.yaml`): one module per category, one function per method and object, and a struct of each event's extra keys."] },
    );
    Family::from_ctx(module, ctx)
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
    let paths = |list: &[Vec<String>]| -> Vec<TokenStream> {
        list.iter()
            .map(|path| {
                let segments = path.iter().map(|s| ident(s));
                quote!(#(#segments)::*)
            })
            .collect()
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
            &[#(&#h),*],
            &[#(&#s),*],
            &[#(&#e),*],
        );

        /// Adds [`PROBES`] to the runtime's snapshots; returns `false` if it already was.
        /// Recording works without it; only snapshots need it.
        pub fn #register() -> ::core::primitive::bool {
            #rt::register(&#set)
        }

        #inert_module
    }
}

fn bounds_module(bounds: &[TokenStream]) -> TokenStream {
    let name = ident(fixed::BOUNDS);
    quote! {
        /// The bucket lower bounds, one table per distinct layout, shared.
        #[doc(hidden)]
        pub mod #name {
            #(#bounds)*
        }
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

/// Generates the module as tokens (in one thread). Refuses (returning every diagnostic of the
/// run) when the run has errors.
pub fn generate_tokens(
    loaded: &Loaded,
    options: &CodegenOptions,
) -> Result<Generated, Vec<Diagnostic>> {
    if loaded.diagnostics.errors() > 0 {
        return Err(loaded.diagnostics.items.clone());
    }
    let families = [
        histograms_family(loaded, options),
        scalars_family(loaded, options),
        events_family(loaded, options),
    ];
    let [h, s, e] = &families;
    let expired: Vec<String> = families.iter().flat_map(|f| f.expired.clone()).collect();
    let parts = RootParts {
        registered: [&h.registered, &s.registered, &e.registered],
        inert_used: families.iter().any(|f| f.inert_used),
        expired: expired.len(),
    };
    let (doc, allow) = root_attrs(loaded, options, parts.expired);
    let root = root_items(&parts);
    let bounds = bounds_module(&h.bounds);
    let live = parts.registered.iter().map(|r| r.len()).sum();
    let [h, s, e] = families;
    let mut body = h.module;
    body.extend(s.module);
    body.extend(e.module);
    body.extend(bounds);
    body.extend(root);
    let body = braced(body);
    let tokens = quote! {
        #doc
        #allow
        pub mod probes #body
    };
    Ok(Generated {
        tokens,
        expired,
        live,
    })
}

/// A family rendered to text in its own thread (tokens are not `Send`).
struct RenderedFamily {
    text: String,
    bounds: String,
    registered: Vec<Vec<String>>,
    expired: Vec<String>,
    inert_used: bool,
}

/// One item as text: formatted and indented one level (it goes inside `pub mod probes`), or
/// compact.
fn render_item(tokens: TokenStream, pretty: bool) -> String {
    if !pretty {
        return tokens.to_string();
    }
    let formatted = match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => tokens.to_string(),
    };
    // Safe to indent line by line: string literals hold no raw line breaks (they are escaped)
    // and every doc line is its own `///` comment, so every line break is between tokens.
    let mut out = String::with_capacity(formatted.len() + formatted.len() / 8);
    for line in formatted.lines() {
        if !line.is_empty() {
            out.push_str("    ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn render_family(family: Family, pretty: bool) -> RenderedFamily {
    let bounds = if family.bounds.is_empty() {
        String::new()
    } else {
        render_item(bounds_module(&family.bounds), pretty)
    };
    RenderedFamily {
        text: render_item(family.module, pretty),
        bounds,
        registered: family.registered,
        expired: family.expired,
        inert_used: family.inert_used,
    }
}

/// Generates the module as Rust source: formatted with `prettyplease` unless
/// [`CodegenOptions::pretty`] is off. The three family modules are generated and formatted on
/// their own threads when the machine has more than one core; the text is the same either
/// way.
pub fn generate(loaded: &Loaded, options: &CodegenOptions) -> Result<String, Vec<Diagnostic>> {
    if loaded.diagnostics.errors() > 0 {
        return Err(loaded.diagnostics.items.clone());
    }
    let pretty = options.pretty;
    let parallel = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let [h, s, e] = if parallel {
        std::thread::scope(|scope| {
            let histograms =
                scope.spawn(|| render_family(histograms_family(loaded, options), pretty));
            let scalars = render_family(scalars_family(loaded, options), pretty);
            let events = render_family(events_family(loaded, options), pretty);
            let histograms = histograms
                .join()
                .unwrap_or_else(|_| render_family(histograms_family(loaded, options), pretty));
            [histograms, scalars, events]
        })
    } else {
        [
            render_family(histograms_family(loaded, options), pretty),
            render_family(scalars_family(loaded, options), pretty),
            render_family(events_family(loaded, options), pretty),
        ]
    };
    let families = [&h, &s, &e];
    let expired = families.iter().map(|f| f.expired.len()).sum();
    let parts = RootParts {
        registered: [&h.registered, &s.registered, &e.registered],
        inert_used: families.iter().any(|f| f.inert_used),
        expired,
    };
    let (doc, allow) = root_attrs(loaded, options, expired);
    let root = root_items(&parts);
    // The root module, with a placeholder item where the family modules go. Only the doc
    // attributes hold text from the definitions (file names); they come before the module, so
    // the placeholder is found in the part that holds none.
    let placeholder = ident("__GENERATED_FAMILY_MODULES__");
    let skeleton = quote! {
        #allow
        pub mod probes {
            const #placeholder: () = ();
            #root
        }
    };
    let families_text: String = [&h.text, &s.text, &e.text, &h.bounds]
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(if pretty { "" } else { " " });
    let code = if pretty {
        let file = match syn::parse2::<syn::File>(quote!(#doc #skeleton)) {
            Ok(file) => prettyplease::unparse(&file),
            Err(_) => quote!(#doc #skeleton).to_string(),
        };
        // The placeholder is a whole line of its own: doc comments start with `///` and
        // string literals hold no line breaks, so no other line can equal it.
        let mut out = String::with_capacity(file.len() + families_text.len() + BANNER.len());
        out.push_str(BANNER);
        for line in file.lines() {
            if line.trim() == "const __GENERATED_FAMILY_MODULES__: () = ();" {
                out.push_str(&families_text);
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    } else {
        let skeleton = skeleton.to_string();
        let marker = "const __GENERATED_FAMILY_MODULES__ : () = () ;";
        format!(
            "{BANNER}{doc} {}\n",
            skeleton.replacen(marker, &families_text, 1)
        )
    };
    Ok(code)
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

/// Scalar and event categories: a tree of modules.
#[derive(Default)]
pub(crate) struct Tree {
    items: TokenStream,
    meta: TokenStream,
    events: TokenStream,
    children: Vec<(String, Tree)>,
}

impl Tree {
    /// The module of a category path (created on first use).
    pub(crate) fn module(&mut self, path: &[String]) -> &mut Tree {
        let Some((first, rest)) = path.split_first() else {
            return self;
        };
        let index = match self.children.iter().position(|(name, _)| name == first) {
            Some(index) => index,
            None => {
                self.children.push((first.clone(), Tree::default()));
                self.children.len() - 1
            }
        };
        self.children[index].1.module(rest)
    }

    pub(crate) fn push(&mut self, items: TokenStream, meta: TokenStream, events: TokenStream) {
        self.items.extend(items);
        self.meta.extend(meta);
        self.events.extend(events);
    }

    fn tokens(self, name: &Ident, doc: TokenStream) -> TokenStream {
        let mut items = self.items;
        for (child, tree) in self.children {
            items.extend(tree.tokens(&ident(&child), TokenStream::new()));
        }
        module_tokens(name, doc, items, self.meta, self.events)
    }
}

/// A `{ … }` group that takes the stream without copying it. (Interpolating a large stream
/// into `quote!` clones every token; interpolating a group clones one reference.)
fn braced(stream: TokenStream) -> proc_macro2::Group {
    proc_macro2::Group::new(proc_macro2::Delimiter::Brace, stream)
}

/// `mod name { use telemetry_runtime::*; items }`, or nothing without items.
fn private_module(name: &str, items: TokenStream) -> TokenStream {
    if items.is_empty() {
        return TokenStream::new();
    }
    let m = ident(name);
    let rt = runtime();
    let mut body = quote!(use #rt::*;);
    body.extend(items);
    let body = braced(body);
    quote!(mod #m #body)
}

fn module_tokens(
    name: &Ident,
    doc: TokenStream,
    mut items: TokenStream,
    meta: TokenStream,
    events: TokenStream,
) -> TokenStream {
    items.extend(private_module(fixed::META, meta));
    if !events.is_empty() {
        let m = ident(fixed::EVENT_PROBES);
        let body = braced(events);
        items.extend(quote! {
            #[doc(hidden)]
            pub mod #m #body
        });
    }
    let body = braced(items);
    quote! {
        #doc
        pub mod #name #body
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
    chain_union(quote!(ProcessSet), &sets)
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
    chain_union(quote!(ProductSet), &sets)
}

fn chain_union(ty: TokenStream, sets: &[&str]) -> TokenStream {
    let mut iter = sets.iter().map(|s| ident(s));
    let Some(first) = iter.next() else {
        return quote!(#ty::NONE);
    };
    iter.fold(
        quote!(#ty::#first),
        |acc, next| quote!(#acc.union(#ty::#next)),
    )
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
