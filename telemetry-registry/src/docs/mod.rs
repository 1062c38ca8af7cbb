//! Documentation for every probe: Markdown pages (for a repository or an mdBook) and a static,
//! offline, searchable site.
//!
//! ```text
//! OUT/
//!   index.html              search and filters over every probe (assets/search.js)
//!   histograms/NAME.html    one page per probe, at a stable URL
//!   scalars/category.name.html
//!   events/category.name.html
//!   histograms/index.html   static lists per family (work without script)
//!   scalars/index.html, events/index.html
//!   expiry.html             the expiry calendar
//!   probes.json             the resolved registry (as `telemetry-lint resolve`)
//!   search-index.js         the search index, a script (fetch() of local files fails on file://)
//!   assets/search.js, assets/style.css
//!   markdown/README.md, SUMMARY.md, histograms.md, scalars.md, events.md, expiry.md
//! ```
//!
//! Output is deterministic (sorted, no timestamps): the same input gives the same bytes. Files
//! whose bytes did not change are not rewritten, and files a previous run wrote that are no
//! longer produced are removed (only those: the run keeps a manifest). Everything is rendered
//! in memory before the first write, so a run that fails before writing leaves the previous
//! output as it was.
//!
//! Safety: every text from a definition goes through a context-specific function of
//! [`escape`]; descriptions are shown as escaped text (paragraphs and `http(s)` links only,
//! see [`text`]); pages carry a strict Content-Security-Policy and no inline script.

pub mod escape;
pub mod markdown;
mod site;
pub use site::CSP;
pub mod svg;
pub mod text;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::load::Loaded;
use crate::model::{Collection, Event, Expiry, Histogram, HistogramKind, Scalar};
use crate::source::{SourceMap, Span};

/// The search script and the style sheet, written as files (the pages load no inline script).
pub const SEARCH_JS: &str = include_str!("../../assets/search.js");
pub const STYLE_CSS: &str = include_str!("../../assets/style.css");

/// The default bug link: Bugzilla.
pub const DEFAULT_BUG_URL: &str = "https://bugzilla.mozilla.org/show_bug.cgi?id={id}";

/// The name of the manifest of files a run wrote (used to remove stale pages).
pub const MANIFEST: &str = ".telemetry-docs-manifest";

/// What to generate, and how.
#[derive(Clone, Debug)]
pub struct DocsOptions {
    /// The site's title.
    pub title: String,
    /// The Firefox major version the expiry status is relative to (`140`). Without it, probes
    /// with a version are only "expires in Firefox N".
    pub current_version: Option<u64>,
    /// "Expiring" means: expires within this many versions after the current one.
    pub expiring_within: u64,
    /// A bug link: an `http(s)` URL with `{id}` where the bug number goes.
    pub bug_url: String,
    /// A link to a definition's source: an `http(s)` URL with `{path}` (the file as given) and
    /// `{line}`. `None`: the source is shown as text.
    pub source_url: Option<String>,
    /// Write the Markdown pages (`markdown/`).
    pub markdown: bool,
    /// Write the static site.
    pub site: bool,
}

impl Default for DocsOptions {
    fn default() -> DocsOptions {
        DocsOptions {
            title: "Telemetry probes".to_string(),
            current_version: None,
            expiring_within: 5,
            bug_url: DEFAULT_BUG_URL.to_string(),
            source_url: None,
            markdown: true,
            site: true,
        }
    }
}

/// What a run wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocsReport {
    pub probes: usize,
    /// Files whose bytes changed (or are new) and were written.
    pub written: usize,
    /// Files that already had the right bytes and were left alone.
    pub unchanged: usize,
    /// Stale files of a previous run that were removed.
    pub removed: usize,
    /// Total size of the site (every file but `markdown/`).
    pub site_bytes: u64,
    /// Size of `search-index.js`.
    pub search_index_bytes: u64,
    /// Total size of `markdown/`.
    pub markdown_bytes: u64,
    /// Every file of the output, relative to the output directory, sorted.
    pub files: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: exists and is not a directory")]
    NotADirectory(PathBuf),
    #[error(
        "invalid {what} `{template}`: expected an http:// or https:// URL containing {placeholder}"
    )]
    InvalidTemplate {
        what: &'static str,
        template: String,
        placeholder: &'static str,
    },
}

/// Reads a Firefox version as its major number: `140`, `140.0`, `140.0a1`, `140.12.0esr`.
pub fn parse_major_version(version: &str) -> Option<u64> {
    let head: String = version
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    head.parse().ok().filter(|&major| major > 0)
}

/// Writes the docs for everything `loaded` modelled (definitions with errors included) into
/// `out_dir`, creating it if needed.
pub fn write_docs(
    loaded: &Loaded,
    options: &DocsOptions,
    out_dir: &Path,
) -> Result<DocsReport, DocsError> {
    validate(options)?;
    let files = render(loaded, options);
    let mut report = write_files(out_dir, &files)?;
    report.probes = loaded.registry.probe_count();
    Ok(report)
}

/// Every file of the docs, in memory: path relative to the output directory → bytes.
pub fn render(loaded: &Loaded, options: &DocsOptions) -> BTreeMap<String, Vec<u8>> {
    let catalog = Catalog::new(loaded, options);
    let mut files = BTreeMap::new();
    if options.site {
        site::render(&catalog, &mut files);
    }
    if options.markdown {
        markdown::render(&catalog, &mut files);
    }
    files
}

/// `items.iter().map(f)`, spread over the available cores (in order).
pub(crate) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .min(8);
    if threads <= 1 || items.len() < 64 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for handle in handles {
            match handle.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

fn validate(options: &DocsOptions) -> Result<(), DocsError> {
    let check = |what, template: &str, placeholder| {
        let sample = template.replace("{id}", "1").replace("{line}", "1");
        let sample = sample.replace("{path}", "x");
        if template.contains(placeholder) && escape::is_safe_http_url(&sample) {
            Ok(())
        } else {
            Err(DocsError::InvalidTemplate {
                what,
                template: template.to_string(),
                placeholder,
            })
        }
    };
    check("bug URL template", &options.bug_url, "{id}")?;
    if let Some(template) = &options.source_url {
        check("source URL template", template, "{path}")?;
    }
    Ok(())
}

/// The probe families, in the order the docs list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Histogram,
    Scalar,
    Event,
}

impl Family {
    pub const ALL: [Family; 3] = [Family::Histogram, Family::Scalar, Family::Event];

    pub fn as_str(self) -> &'static str {
        match self {
            Family::Histogram => "histogram",
            Family::Scalar => "scalar",
            Family::Event => "event",
        }
    }

    /// The directory of its pages, and the name of its Markdown page.
    pub fn dir(self) -> &'static str {
        match self {
            Family::Histogram => "histograms",
            Family::Scalar => "scalars",
            Family::Event => "events",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Family::Histogram => "Histograms",
            Family::Scalar => "Scalars",
            Family::Event => "Events",
        }
    }
}

/// Where an expiry stands relative to the current version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExpiryStatus {
    /// The current version is at or past the expiry version (Firefox stops recording).
    Expired,
    /// Expires within [`DocsOptions::expiring_within`] versions.
    Expiring,
    /// Expires later (or at a version, when no current version is known).
    Later,
    /// `never` (or `default`).
    Never,
    /// No expiry, or one that is not a version Firefox can compare.
    Unknown,
}

impl ExpiryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ExpiryStatus::Expired => "expired",
            ExpiryStatus::Expiring => "expiring",
            ExpiryStatus::Later => "later",
            ExpiryStatus::Never => "never",
            ExpiryStatus::Unknown => "unknown",
        }
    }
}

/// An expiry, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiryInfo {
    pub status: ExpiryStatus,
    /// The major version it expires in.
    pub version: Option<u64>,
    /// The sentence: "expires in Firefox 145, 5 versions after 140".
    pub words: String,
    /// A short form for tables: `145`, `never`, `—`.
    pub short: String,
}

/// `1 method`, `3 methods`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn versions(n: u64) -> String {
    plural(usize::try_from(n).unwrap_or(usize::MAX), "version")
}

/// Describes an expiry (`expires` as modelled; `date` is a 2017 event's `expiry_date`).
pub fn expiry_info(
    expires: Option<&Expiry>,
    date: Option<&str>,
    options: &DocsOptions,
) -> ExpiryInfo {
    let info = |status, version, words: String, short: String| ExpiryInfo {
        status,
        version,
        words,
        short,
    };
    if let Some(date) = date.filter(|d| *d != "never") {
        return info(
            ExpiryStatus::Unknown,
            None,
            format!("expires on {date}"),
            date.to_string(),
        );
    }
    let Some(expires) = expires else {
        return info(
            ExpiryStatus::Unknown,
            None,
            "no expiry declared".to_string(),
            "—".to_string(),
        );
    };
    if expires.is_never() {
        return info(
            ExpiryStatus::Never,
            None,
            "never expires".to_string(),
            "never".to_string(),
        );
    }
    if expires.is_default() {
        return info(
            ExpiryStatus::Never,
            None,
            "never expires (`default`, allowed by the histogram allowlist)".to_string(),
            "never".to_string(),
        );
    }
    let raw = expires.raw.value.as_str();
    let Some(major) = expires.major() else {
        return info(
            ExpiryStatus::Unknown,
            None,
            format!("expiry `{raw}` is not a version Firefox can compare"),
            raw.to_string(),
        );
    };
    let written = if raw == major.to_string() {
        String::new()
    } else {
        format!(" (written `{raw}`)")
    };
    let Some(current) = options.current_version else {
        return info(
            ExpiryStatus::Later,
            Some(major),
            format!("expires in Firefox {major}{written}"),
            major.to_string(),
        );
    };
    let (status, relative) = if major > current {
        let ahead = major - current;
        let status = if ahead <= options.expiring_within {
            ExpiryStatus::Expiring
        } else {
            ExpiryStatus::Later
        };
        (
            status,
            format!(
                "expires in Firefox {major}, {} after {current}",
                versions(ahead)
            ),
        )
    } else if major == current {
        (
            ExpiryStatus::Expired,
            format!("expired in Firefox {major}, the current version"),
        )
    } else {
        (
            ExpiryStatus::Expired,
            format!(
                "expired in Firefox {major}, {} before {current}",
                versions(current - major)
            ),
        )
    };
    info(
        status,
        Some(major),
        format!("{relative}{written}"),
        major.to_string(),
    )
}

/// A source location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLoc {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

fn source_loc(span: Span, sources: &SourceMap) -> Option<SourceLoc> {
    let file = sources.get(span.file)?;
    let at = sources.line_col(span)?;
    Some(SourceLoc {
        file: file.name.clone(),
        line: at.line,
        column: at.column,
    })
}

/// A definition of any family.
#[derive(Clone, Copy, Debug)]
pub enum Def<'a> {
    Histogram(&'a Histogram),
    Scalar(&'a Scalar),
    Event(&'a Event),
}

/// One probe, as every page shows it.
#[derive(Debug)]
pub struct Probe<'a> {
    pub def: Def<'a>,
    pub family: Family,
    /// `NAME` or `category.name`.
    pub id: String,
    /// The page's file name without `.html`.
    pub stem: String,
    /// `exponential`, `uint`, `event`, …
    pub kind: &'static str,
    pub description: Option<&'a str>,
    pub owners: Vec<&'a str>,
    pub bugs: Vec<i64>,
    pub keyed: bool,
    pub processes: Vec<&'a str>,
    /// `None` when the definition has no `products` (legacy files).
    pub products: Option<Vec<&'a str>>,
    pub stores: Vec<&'a str>,
    pub operating_systems: Vec<&'a str>,
    pub collection: Collection,
    pub expiry: ExpiryInfo,
    pub source: Option<SourceLoc>,
    /// The lint findings about this probe, in source order.
    pub findings: Vec<&'a Diagnostic>,
}

impl Probe<'_> {
    /// The page, relative to the site root: `histograms/GC_MS.html`.
    pub fn page(&self) -> String {
        format!("{}/{}.html", self.family.dir(), self.stem)
    }

    /// `histogram`, `histogram:exponential`-style filter value.
    pub fn kind_filter(&self) -> String {
        match self.family {
            Family::Event => "event".to_string(),
            family => format!("{}:{}", family.as_str(), self.kind),
        }
    }
}

fn strs(list: &[crate::model::Spanned<String>]) -> Vec<&str> {
    list.iter().map(|s| s.value.as_str()).collect()
}

/// Every probe of a run, sorted (histograms by name, scalars and events by `category.name`),
/// with its page assigned.
pub struct Catalog<'a> {
    pub probes: Vec<Probe<'a>>,
    pub options: &'a DocsOptions,
    pub loaded: &'a Loaded,
}

impl<'a> Catalog<'a> {
    pub fn new(loaded: &'a Loaded, options: &'a DocsOptions) -> Catalog<'a> {
        let mut findings: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
        for diagnostic in &loaded.diagnostics.items {
            if let Some(probe) = &diagnostic.probe {
                findings.entry(probe.as_str()).or_default().push(diagnostic);
            }
        }
        let sources = &loaded.sources;
        let position = |d: &Diagnostic| {
            d.span
                .and_then(|s| sources.line_col(s).map(|p| (s.file.0, p.line, p.column)))
        };
        for list in findings.values_mut() {
            list.sort_by(|a, b| {
                position(a)
                    .cmp(&position(b))
                    .then_with(|| a.rule.id.cmp(b.rule.id))
                    .then_with(|| a.message.cmp(&b.message))
            });
        }
        let mut take = |id: &str| findings.remove(id).unwrap_or_default();

        let registry = &loaded.registry;
        let mut probes = Vec::with_capacity(registry.probe_count());
        let mut histograms: Vec<&Histogram> = registry.histograms.iter().collect();
        histograms.sort_by(|a, b| a.name.value.cmp(&b.name.value));
        for h in histograms {
            let id = h.name.value.clone();
            probes.push(Probe {
                def: Def::Histogram(h),
                family: Family::Histogram,
                findings: take(&id),
                stem: escape::file_stem(&id),
                id,
                kind: h.kind.value.as_str(),
                description: h.description.as_ref().map(|d| d.value.as_str()),
                owners: h.alert_emails.as_deref().map(strs).unwrap_or_default(),
                bugs: h
                    .bug_numbers
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .map(|b| b.value)
                    .collect(),
                keyed: h.keyed,
                processes: strs(&h.record_in_processes),
                products: h.products.as_deref().map(strs),
                stores: strs(&h.record_into_store),
                operating_systems: strs(&h.operating_systems),
                collection: h.collection.value,
                expiry: expiry_info(h.expires.as_ref(), None, options),
                source: source_loc(h.name.span, sources),
            });
        }
        for s in &registry.scalars {
            let id = s.label();
            probes.push(Probe {
                def: Def::Scalar(s),
                family: Family::Scalar,
                findings: take(&id),
                stem: escape::file_stem(&id),
                id,
                kind: s.kind.value.as_str(),
                description: s.description.as_ref().map(|d| d.value.as_str()),
                owners: strs(&s.notification_emails),
                bugs: s.bug_numbers.iter().map(|b| b.value).collect(),
                keyed: s.keyed,
                processes: strs(&s.record_in_processes),
                products: s.products.as_deref().map(strs),
                stores: strs(&s.record_into_store),
                operating_systems: strs(&s.operating_systems),
                collection: s.collection.value,
                expiry: expiry_info(s.expires.as_ref(), None, options),
                source: source_loc(s.name.span, sources),
            });
        }
        for e in &registry.events {
            let id = format!("{}.{}", e.category.value, e.name.value);
            probes.push(Probe {
                def: Def::Event(e),
                family: Family::Event,
                findings: take(&id),
                stem: escape::file_stem(&id),
                id,
                kind: "event",
                description: e.description.as_ref().map(|d| d.value.as_str()),
                owners: strs(&e.notification_emails),
                bugs: e.bug_numbers.iter().map(|b| b.value).collect(),
                keyed: false,
                processes: strs(&e.record_in_processes),
                products: e.products.as_deref().map(strs),
                stores: Vec::new(),
                operating_systems: strs(&e.operating_systems),
                collection: e.collection.value,
                expiry: expiry_info(
                    e.expires.as_ref(),
                    e.expiry_date.as_ref().map(|d| d.value.as_str()),
                    options,
                ),
                source: source_loc(e.name.span, sources),
            });
        }
        probes.sort_by(|a, b| (a.family, &a.id).cmp(&(b.family, &b.id)));
        // The same page for two probes (two names equal but for case, on a case-insensitive
        // file system): later ones get a hash suffix.
        // Each family directory's own list page is `index.html`: a histogram named `INDEX`
        // must not take it.
        let mut taken: HashSet<String> = Family::ALL
            .iter()
            .map(|f| format!("{}/index", f.dir()))
            .collect();
        for probe in &mut probes {
            let key = |stem: &str| format!("{}/{}", probe.family.dir(), stem.to_lowercase());
            if !taken.insert(key(&probe.stem)) {
                let mut n = 0u32;
                loop {
                    let candidate = format!(
                        "{}-{:08x}",
                        probe.stem,
                        escape::short_hash(&format!("{}#{n}", probe.id))
                    );
                    if taken.insert(key(&candidate)) {
                        probe.stem = candidate;
                        break;
                    }
                    n += 1;
                }
            }
        }
        Catalog {
            probes,
            options,
            loaded,
        }
    }

    pub fn family(&self, family: Family) -> impl Iterator<Item = &Probe<'a>> {
        self.probes.iter().filter(move |p| p.family == family)
    }

    /// A bug's link.
    pub fn bug_url(&self, bug: i64) -> String {
        self.options.bug_url.replace("{id}", &bug.to_string())
    }

    /// A source location's link, when a template is set.
    pub fn source_url(&self, source: &SourceLoc) -> Option<String> {
        let template = self.options.source_url.as_ref()?;
        let path: Vec<String> = source
            .file
            .split(['/', '\\'])
            .map(escape::url_component)
            .collect();
        Some(
            template
                .replace("{path}", &path.join("/"))
                .replace("{line}", &source.line.to_string()),
        )
    }
}

/// A histogram's kind and parameters, in words.
pub fn histogram_parameters(h: &Histogram) -> String {
    let (low, high, n_buckets) = h.parameters();
    match h.kind.value {
        HistogramKind::Boolean => "boolean: false or true (3 buckets)".to_string(),
        HistogramKind::Flag => {
            "flag: false until set once to true, then stays true (3 buckets)".to_string()
        }
        HistogramKind::Count => "count: a single counter (3 buckets)".to_string(),
        HistogramKind::Enumerated => format!(
            "enumerated: values 0 to {} (n_values {high}), {n_buckets} buckets",
            high.saturating_sub(1)
        ),
        HistogramKind::Categorical => format!(
            "categorical: {} labels, {n_buckets} buckets",
            h.labels.len()
        ),
        HistogramKind::Linear => {
            format!("linear: low {low}, high {high}, {n_buckets} buckets")
        }
        HistogramKind::Exponential => {
            format!("exponential: low {low}, high {high}, {n_buckets} buckets")
        }
    }
}

/// The Rust calls that record a probe (from [`crate::naming`], the one place that names
/// things).
pub fn rust_calls(def: Def<'_>) -> Vec<String> {
    match def {
        Def::Histogram(h) => vec![crate::naming::histogram_call(h)],
        Def::Scalar(s) => vec![crate::naming::scalar_call(s)],
        Def::Event(e) => crate::naming::event_calls(e),
    }
}

/// Whether a probe is keyed, in words: `no`, `yes, any key`, `yes, 3 declared keys`.
pub fn keyed_words(probe: &Probe<'_>) -> String {
    let declared = match probe.def {
        Def::Histogram(h) => h.keys.len(),
        Def::Scalar(s) => s.keys.len(),
        Def::Event(_) => 0,
    };
    match (probe.keyed, declared) {
        (false, _) => "no".to_string(),
        (true, 0) => "yes, any key".to_string(),
        (true, n) => format!("yes, {}", plural(n, "declared key")),
    }
}

/// What a collection policy means.
pub fn collection_words(collection: Collection) -> &'static str {
    match collection {
        Collection::OptIn => "opt-in: pre-release channels only (Nightly, Beta)",
        Collection::OptOut => "opt-out: all channels, release included",
    }
}

/// Writes `files` under `out_dir`: only files whose bytes differ, and removes files the
/// previous run's manifest lists that this run does not produce.
pub fn write_files(
    out_dir: &Path,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<DocsReport, DocsError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DocsError::Io { path, source }
    };
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(DocsError::NotADirectory(out_dir.to_path_buf()));
    }
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let mut report = DocsReport::default();
    let dirs: std::collections::BTreeSet<PathBuf> = files
        .keys()
        .filter_map(|relative| out_dir.join(relative).parent().map(Path::to_path_buf))
        .collect();
    for dir in &dirs {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    // Sequentially: parallel creates in one directory contend in the file system and are
    // slower (measured).
    for (relative, bytes) in files {
        let path = out_dir.join(relative);
        if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
            report.unchanged += 1;
        } else {
            std::fs::write(&path, bytes).map_err(io(&path))?;
            report.written += 1;
        }
        let size = bytes.len() as u64;
        if relative.starts_with("markdown/") {
            report.markdown_bytes += size;
        } else {
            report.site_bytes += size;
        }
        if relative == "search-index.js" {
            report.search_index_bytes = size;
        }
        report.files.push(relative.clone());
    }

    // Stale files of the previous run.
    let manifest_path = out_dir.join(MANIFEST);
    if let Ok(previous) = std::fs::read_to_string(&manifest_path) {
        for relative in previous.lines() {
            let safe = !relative.is_empty()
                && !relative.starts_with('/')
                && !relative.contains('\\')
                && relative.split('/').all(|part| part != ".." && part != ".");
            if safe && !files.contains_key(relative) {
                let path = out_dir.join(relative);
                if path.is_file() {
                    std::fs::remove_file(&path).map_err(io(&path))?;
                    report.removed += 1;
                }
            }
        }
    }
    let mut manifest = String::new();
    for relative in files.keys() {
        manifest.push_str(relative);
        manifest.push('\n');
    }
    if std::fs::read_to_string(&manifest_path).ok().as_deref() != Some(manifest.as_str()) {
        std::fs::write(&manifest_path, manifest).map_err(io(&manifest_path))?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Spanned;

    fn expiry(raw: &str) -> Expiry {
        Expiry::new(Spanned::new(raw.to_string(), Span::default()))
    }

    #[test]
    fn expiry_in_words() {
        let options = DocsOptions {
            current_version: Some(140),
            ..DocsOptions::default()
        };
        let words = |raw: &str| expiry_info(Some(&expiry(raw)), None, &options);
        let later = words("145");
        assert_eq!(later.words, "expires in Firefox 145, 5 versions after 140");
        assert_eq!(later.status, ExpiryStatus::Expiring);
        assert_eq!(words("146").status, ExpiryStatus::Later);
        assert_eq!(
            words("141").words,
            "expires in Firefox 141, 1 version after 140"
        );
        assert_eq!(words("140").status, ExpiryStatus::Expired);
        assert_eq!(
            words("130.0a1").words,
            "expired in Firefox 130, 10 versions before 140 (written `130.0a1`)"
        );
        assert_eq!(words("never").status, ExpiryStatus::Never);
        assert_eq!(words("default").status, ExpiryStatus::Never);
        assert_eq!(words("٦٠").status, ExpiryStatus::Unknown);
        assert_eq!(
            expiry_info(None, None, &options).status,
            ExpiryStatus::Unknown
        );
        assert_eq!(
            expiry_info(None, Some("2017-10-01"), &options).words,
            "expires on 2017-10-01"
        );
        let no_current = expiry_info(Some(&expiry("145")), None, &DocsOptions::default());
        assert_eq!(no_current.words, "expires in Firefox 145");
        assert_eq!(no_current.status, ExpiryStatus::Later);
    }

    #[test]
    fn pages_never_collide() {
        use crate::load::{InputKind, InputText, load_sources};
        let histogram = |name: &str| {
            format!(
                "\"{name}\": {{\"record_in_processes\": [\"main\"], \"products\": [\"firefox\"], \
                 \"alert_emails\": [\"a@example.com\"], \"bug_numbers\": [1], \
                 \"expires_in_version\": \"never\", \"kind\": \"boolean\", \
                 \"description\": \"d\"}}"
            )
        };
        let text = format!(
            "{{{}, {}, {}}}",
            histogram("INDEX"),
            histogram("GC_MS"),
            histogram("gc_ms")
        );
        let loaded = load_sources(
            vec![InputText::new(
                InputKind::Histograms,
                "Histograms.json",
                text,
            )],
            &crate::load::Options::default(),
        );
        assert_eq!(loaded.registry.histograms.len(), 3);
        let options = DocsOptions::default();
        let catalog = Catalog::new(&loaded, &options);
        let pages: HashSet<String> = catalog
            .probes
            .iter()
            .map(|p| p.page().to_lowercase())
            .collect();
        assert_eq!(pages.len(), 3);
        assert!(!pages.contains("histograms/index.html"));
        assert!(pages.contains("histograms/gc_ms.html"));
    }

    #[test]
    fn versions_parse_to_their_major() {
        assert_eq!(parse_major_version("140"), Some(140));
        assert_eq!(parse_major_version("140.0a1"), Some(140));
        assert_eq!(parse_major_version("140.12.0esr"), Some(140));
        assert_eq!(parse_major_version("x"), None);
        assert_eq!(parse_major_version("0"), None);
    }

    #[test]
    fn templates_must_be_http_with_their_placeholder() {
        let mut options = DocsOptions::default();
        assert!(validate(&options).is_ok());
        options.bug_url = "javascript:alert({id})".to_string();
        assert!(validate(&options).is_err());
        options.bug_url = "https://bugs.example.com/".to_string();
        assert!(validate(&options).is_err());
        options.bug_url = "https://bugs.example.com/{id}".to_string();
        options.source_url = Some("https://hg.example.com/{path}#l{line}".to_string());
        assert!(validate(&options).is_ok());
        options.source_url = Some("https://hg.example.com/\"{path}".to_string());
        assert!(validate(&options).is_err());
    }
}
