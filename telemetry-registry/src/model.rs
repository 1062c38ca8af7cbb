//! The typed, validated model: what every emitter (lint output, `resolve`, code generation, docs)
//! reads. Built by [`crate::check`] from the spanned document trees; every value keeps its span.

use crate::source::Span;

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Everything one run loaded.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    /// In file order (a name defined twice keeps its first position and its last definition).
    pub histograms: Vec<Histogram>,
    /// Sorted by category, then name, by code point (Firefox's order).
    pub scalars: Vec<Scalar>,
    /// Sorted by category, then name, by code point (Firefox's order).
    pub events: Vec<Event>,
    /// `Processes.yaml`, when one was given.
    pub processes: Vec<ProcessInfo>,
    /// The histogram allowlist file as written (its lists of names, with spans), when one was
    /// given and parsed as an object.
    pub allowlist: Option<Allowlist>,
}

/// The histogram allowlist file (`histogram-allowlists.json`), list by list, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allowlist {
    pub lists: Vec<AllowlistList>,
}

/// One list of the allowlist file: its name (`n_buckets`, `kind`, …) and the histogram names
/// in it (string items only; other items are reported by the histogram checks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowlistList {
    pub name: Spanned<String>,
    pub entries: Vec<Spanned<String>>,
}

impl Allowlist {
    /// Whether list `list` names histogram `name`.
    pub fn contains(&self, list: &str, name: &str) -> bool {
        self.lists
            .iter()
            .filter(|l| l.name.value == list)
            .any(|l| l.entries.iter().any(|e| e.value == name))
    }
}

impl Registry {
    pub fn probe_count(&self) -> usize {
        self.histograms.len() + self.scalars.len() + self.events.len()
    }
}

/// Release-channel collection ("dataset").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Collection {
    /// Pre-release channels only (`opt-in`, the default): extended/"base" collection off on release.
    #[default]
    OptIn,
    /// All channels, release included (`opt-out`).
    OptOut,
}

impl Collection {
    pub fn as_str(self) -> &'static str {
        match self {
            Collection::OptIn => "opt-in",
            Collection::OptOut => "opt-out",
        }
    }

    /// Firefox's dataset constant.
    pub fn dataset(self) -> &'static str {
        match self {
            Collection::OptIn => "nsITelemetry::DATASET_PRERELEASE_CHANNELS",
            Collection::OptOut => "nsITelemetry::DATASET_ALL_CHANNELS",
        }
    }
}

/// An expiry as written, and as Firefox normalises it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expiry {
    pub raw: Spanned<String>,
    /// `N` → `N.0a1`, `N.0` → `N.0a1`; everything else as written (rules.md §5).
    pub normalized: String,
}

impl Expiry {
    pub fn new(raw: Spanned<String>) -> Expiry {
        let normalized = normalize_expiry(&raw.value);
        Expiry { raw, normalized }
    }

    pub fn is_never(&self) -> bool {
        self.normalized == "never"
    }

    pub fn is_default(&self) -> bool {
        self.normalized == "default"
    }

    /// The integer before the first `.`, which Firefox compares with the app's major version.
    pub fn major(&self) -> Option<u64> {
        if self.is_never() || self.is_default() {
            return None;
        }
        let head = self.normalized.split('.').next().unwrap_or("");
        head.trim_end_matches('\n').parse().ok()
    }

    /// Firefox's `test_no_expired_probes` rule: expired when `app_major` ≥ the expiry's major.
    pub fn is_expired_at(&self, app_major: u64) -> bool {
        self.major().is_some_and(|major| app_major >= major)
    }
}

/// Firefox's `add_expiration_postfix`: `^[1-9][0-9]*$` gets `.0a1`, `^[1-9][0-9]*\.0$` gets `a1`,
/// with Python's `$` (a single trailing `\n` is allowed before the end).
pub fn normalize_expiry(raw: &str) -> String {
    let body = raw.strip_suffix('\n').unwrap_or(raw);
    let is_version = |s: &str| {
        let mut chars = s.chars();
        matches!(chars.next(), Some('1'..='9')) && chars.all(|c| c.is_ascii_digit())
    };
    if is_version(body) {
        format!("{raw}.0a1")
    } else if body.strip_suffix(".0").is_some_and(is_version) {
        format!("{raw}a1")
    } else {
        raw.to_string()
    }
}

/// Histogram kinds. `Flag` exists only in the 2020 and 2017 generations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HistogramKind {
    Boolean,
    Flag,
    Count,
    Enumerated,
    Categorical,
    Linear,
    Exponential,
}

impl HistogramKind {
    pub const ALL: [HistogramKind; 7] = [
        HistogramKind::Boolean,
        HistogramKind::Flag,
        HistogramKind::Count,
        HistogramKind::Enumerated,
        HistogramKind::Categorical,
        HistogramKind::Linear,
        HistogramKind::Exponential,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HistogramKind::Boolean => "boolean",
            HistogramKind::Flag => "flag",
            HistogramKind::Count => "count",
            HistogramKind::Enumerated => "enumerated",
            HistogramKind::Categorical => "categorical",
            HistogramKind::Linear => "linear",
            HistogramKind::Exponential => "exponential",
        }
    }

    pub fn parse(s: &str) -> Option<HistogramKind> {
        HistogramKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The nsITelemetry constant (enumerated maps to LINEAR, as in Firefox's generator).
    pub fn ns_kind(self) -> &'static str {
        match self {
            HistogramKind::Boolean => "nsITelemetry::HISTOGRAM_BOOLEAN",
            HistogramKind::Flag => "nsITelemetry::HISTOGRAM_FLAG",
            HistogramKind::Count => "nsITelemetry::HISTOGRAM_COUNT",
            HistogramKind::Enumerated | HistogramKind::Linear => "nsITelemetry::HISTOGRAM_LINEAR",
            HistogramKind::Categorical => "nsITelemetry::HISTOGRAM_CATEGORICAL",
            HistogramKind::Exponential => "nsITelemetry::HISTOGRAM_EXPONENTIAL",
        }
    }
}

/// A histogram. Values that failed validation keep their best-effort reading (so one run can
/// report everything); the diagnostics say what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub name: Spanned<String>,
    /// The whole definition object.
    pub span: Span,
    pub kind: Spanned<HistogramKind>,
    pub description: Option<Spanned<String>>,
    /// `None` when absent (Firefox's parser accepts that; its generator crashes on it).
    pub expires: Option<Expiry>,
    pub alert_emails: Option<Vec<Spanned<String>>>,
    pub bug_numbers: Option<Vec<Spanned<i64>>>,
    pub keyed: bool,
    /// Declared keys (`keys`), empty for open keys.
    pub keys: Vec<Spanned<String>>,
    /// Categorical labels, in order.
    pub labels: Vec<Spanned<String>>,
    /// The parameters as declared.
    pub low: Option<Spanned<i64>>,
    pub high: Option<Spanned<i64>>,
    pub n_buckets: Option<Spanned<i64>>,
    pub n_values: Option<Spanned<i64>>,
    pub record_in_processes: Vec<Spanned<String>>,
    /// Default `["main"]`.
    pub record_into_store: Vec<Spanned<String>>,
    /// `None` when absent (legacy files have no products).
    pub products: Option<Vec<Spanned<String>>>,
    /// Obsolete in ESR 140; default `["all"]`.
    pub operating_systems: Vec<Spanned<String>>,
    pub collection: Spanned<Collection>,
    /// 2017 only.
    pub cpp_guard: Option<Spanned<String>>,
}

impl Histogram {
    /// `(low, high, n_buckets)` exactly as Firefox derives them (rules.md §2.4).
    pub fn parameters(&self) -> (i64, i64, i64) {
        let value = |p: &Option<Spanned<i64>>| p.as_ref().map(|s| s.value);
        match self.kind.value {
            HistogramKind::Boolean | HistogramKind::Flag | HistogramKind::Count => (1, 2, 3),
            HistogramKind::Enumerated => {
                let n = value(&self.n_values).unwrap_or(0);
                (1, n, n.saturating_add(1))
            }
            HistogramKind::Categorical => {
                let labels = i64::try_from(self.labels.len()).unwrap_or(i64::MAX);
                let n = labels.max(value(&self.n_values).unwrap_or(0)).max(50);
                (1, n, n.saturating_add(1))
            }
            HistogramKind::Linear | HistogramKind::Exponential => (
                value(&self.low).unwrap_or(1),
                value(&self.high).unwrap_or(0),
                value(&self.n_buckets).unwrap_or(0),
            ),
        }
    }

    /// The bucket lower bounds (`ranges()`), or why they cannot be computed.
    pub fn buckets(&self) -> Result<Vec<i64>, crate::buckets::BucketError> {
        let (low, high, n_buckets) = self.parameters();
        crate::buckets::ranges(self.kind.value, low, high, n_buckets)
    }

    /// Firefox's `test_no_expired_probes` exemption.
    pub fn is_test_probe(&self) -> bool {
        self.name.value.starts_with("TELEMETRY_TEST_")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScalarKind {
    Uint,
    String,
    Boolean,
}

impl ScalarKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScalarKind::Uint => "uint",
            ScalarKind::String => "string",
            ScalarKind::Boolean => "boolean",
        }
    }

    pub fn parse(s: &str) -> Option<ScalarKind> {
        [ScalarKind::Uint, ScalarKind::String, ScalarKind::Boolean]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// The nsITelemetry constant.
    pub fn ns_kind(self) -> &'static str {
        match self {
            ScalarKind::Uint => "nsITelemetry::SCALAR_TYPE_COUNT",
            ScalarKind::String => "nsITelemetry::SCALAR_TYPE_STRING",
            ScalarKind::Boolean => "nsITelemetry::SCALAR_TYPE_BOOLEAN",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub category: Spanned<String>,
    pub name: Spanned<String>,
    pub span: Span,
    pub kind: Spanned<ScalarKind>,
    pub description: Option<Spanned<String>>,
    pub expires: Option<Expiry>,
    pub bug_numbers: Vec<Spanned<i64>>,
    pub notification_emails: Vec<Spanned<String>>,
    /// Default `["main"]` (reachable only in non-strict mode).
    pub record_in_processes: Vec<Spanned<String>>,
    pub products: Option<Vec<Spanned<String>>>,
    pub collection: Spanned<Collection>,
    pub keyed: bool,
    pub keys: Vec<Spanned<String>>,
    /// Default `["main"]`.
    pub record_into_store: Vec<Spanned<String>>,
    /// Default `["all"]`.
    pub operating_systems: Vec<Spanned<String>>,
}

impl Scalar {
    /// `category.name`.
    pub fn label(&self) -> String {
        format!("{}.{}", self.category.value, self.name.value)
    }

    /// The C++ enum label: upper-cased, `.` → `_`.
    pub fn enum_label(&self) -> String {
        self.label().to_uppercase().replace('.', "_")
    }

    pub fn is_test_probe(&self) -> bool {
        self.category.value == "telemetry.test"
    }
}

/// One extra key of an event, with its description.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtraKey {
    pub name: Spanned<String>,
    pub description: Option<Spanned<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub category: Spanned<String>,
    pub name: Spanned<String>,
    pub span: Span,
    pub description: Option<Spanned<String>>,
    /// Default `[name]`.
    pub methods: Vec<Spanned<String>>,
    pub objects: Vec<Spanned<String>>,
    /// Sorted by code point (Firefox exports them sorted).
    pub extra_keys: Vec<ExtraKey>,
    pub bug_numbers: Vec<Spanned<i64>>,
    pub notification_emails: Vec<Spanned<String>>,
    pub record_in_processes: Vec<Spanned<String>>,
    pub products: Option<Vec<Spanned<String>>>,
    pub collection: Spanned<Collection>,
    /// `expiry_version` (or, in 2017 files, `expiry_date`); `never` when absent.
    pub expires: Option<Expiry>,
    /// 2017: `expiry_date` (`YYYY-MM-DD` or `never`).
    pub expiry_date: Option<Spanned<String>>,
    /// Default `["all"]`.
    pub operating_systems: Vec<Spanned<String>>,
}

impl Event {
    /// `category#name`.
    pub fn identifier(&self) -> String {
        format!("{}#{}", self.category.value, self.name.value)
    }

    /// The C++ category: split on `.`, Python-capitalise each part, join.
    pub fn cpp_category(&self) -> String {
        self.category.value.split('.').map(py_capitalize).collect()
    }

    /// `Method_Object` for every pair, methods outer, objects inner (Firefox's enum order).
    pub fn enum_labels(&self) -> Vec<String> {
        let part = |s: &str| s.split('_').map(py_capitalize).collect::<String>();
        self.methods
            .iter()
            .flat_map(|m| {
                self.objects
                    .iter()
                    .map(move |o| format!("{}_{}", part(m), part(o)))
            })
            .collect()
    }

    pub fn is_test_probe(&self) -> bool {
        self.category.value == "telemetry.test"
    }
}

/// Python's `str.capitalize`: first character upper-cased, the rest lower-cased.
pub fn py_capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// One entry of `Processes.yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessInfo {
    pub name: Spanned<String>,
    pub gecko_enum: Vec<Spanned<String>>,
    pub description: Option<Spanned<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_normalisation_follows_firefox() {
        for (raw, want) in [
            ("60", "60.0a1"),
            ("60.0", "60.0a1"),
            ("never", "never"),
            ("default", "default"),
            ("060", "060"),
            ("0", "0"),
            ("4.0a1", "4.0a1"),
            ("60\n", "60\n.0a1"),
            ("٦٠", "٦٠"),
        ] {
            assert_eq!(normalize_expiry(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn python_capitalize_lowercases_the_rest() {
        assert_eq!(py_capitalize("catName"), "Catname");
        assert_eq!(py_capitalize("a.b"), "A.b");
        assert_eq!(py_capitalize(""), "");
    }
}
