//! `telemetry-lint.toml`: a team's policy, read with spans so that every problem in it is a
//! located diagnostic (rule `config/invalid` or `config/unknown-rule`), never a panic or a
//! bare error string. Whatever is valid still applies; what is not falls back to the default.
//!
//! ```toml
//! current_version = "140"          # the app version expiry is judged against
//! rules = "esr140"                 # the Firefox generation (like --rules)
//!
//! [levels]                         # allow | warn | deny, by rule id or `family/*`
//! "hygiene/*" = "warn"
//! "expiry/expires-soon" = "deny"
//!
//! [expiry]
//! warn_within = 2                  # expires-soon: within this many major versions
//! horizon = 6                      # furthest expiry without a data review (opt-in)
//! horizon_opt_out = 6              # … for opt-out probes
//!
//! [bugs]
//! min = 100000                     # plausible bug numbers
//! max = 2500000
//! url_template = "https://bugzilla.mozilla.org/show_bug.cgi?id={bug}"
//!
//! [email]
//! allowed_domains = ["mozilla.com", "mozilla.org"]
//!
//! [[data_review]]                  # the ledger, one entry per review
//! bug = 1000002
//! url = "https://bugzilla.mozilla.org/show_bug.cgi?id=1000002#c4"
//! collection = "opt-out"           # opt-in | opt-out
//! expires = "never"                # or the latest approved major version
//! category = "technical"           # optional: technical | interaction | web-activity | highly-sensitive (or 1-4)
//!
//! [suppress."GC_MS"]               # per probe: rule id = "reason"
//! "hygiene/unit-hint" = "the unit is in the name of the C++ timer"
//!
//! [diff]                           # `telemetry-lint diff`: change class = error|warning|note|off
//! "diff/removed" = "warning"
//! ```

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned as TomlSpanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::LoadError;
use crate::model::Collection;
use crate::rules::{self, Generation, Rule};
use crate::source::{FileId, Span};

/// The file name looked for next to (and above) the definitions.
pub const CONFIG_FILE_NAME: &str = "telemetry-lint.toml";

/// Spans into the config before it joins a run's source map (see [`Config::relocate`]).
pub(crate) const UNPLACED: FileId = FileId(u32::MAX);

/// A rule's level, as a team sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// Not reported at all.
    Allow,
    /// A warning (fails only under `--deny-warnings`).
    Warn,
    /// An error.
    Deny,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "allow" => Some(Level::Allow),
            "warn" => Some(Level::Warn),
            "deny" => Some(Level::Deny),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    /// The severity a reported finding gets (`None`: not reported).
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Warn => Some(Severity::Warning),
            Level::Deny => Some(Severity::Error),
        }
    }
}

/// What a `[levels]` key selects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    /// One rule.
    Rule(&'static Rule),
    /// Every rule of a family (`hygiene/*`) that Firefox's build does not enforce.
    Family(String),
}

impl Selector {
    pub fn matches(&self, rule: &Rule) -> bool {
        match self {
            Selector::Rule(r) => std::ptr::eq(*r, rule),
            Selector::Family(family) => {
                !rule.firefox.fails_build()
                    && rule
                        .id
                        .split_once('/')
                        .is_some_and(|(f, _)| f == family.as_str())
            }
        }
    }
}

/// One `[levels]` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelSetting {
    pub selector: Selector,
    pub level: Level,
    pub span: Span,
}

/// `[expiry]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiryConfig {
    /// `expiry/expires-soon` fires when the expiry is at most this many majors ahead.
    pub warn_within: u64,
    /// The furthest expiry (in majors after the current version) an opt-in probe may have
    /// without a data review.
    pub horizon: u64,
    /// The same for opt-out probes.
    pub horizon_opt_out: u64,
}

impl Default for ExpiryConfig {
    fn default() -> ExpiryConfig {
        ExpiryConfig {
            warn_within: 2,
            horizon: 6,
            horizon_opt_out: 6,
        }
    }
}

/// `[bugs]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BugsConfig {
    pub min: i64,
    pub max: i64,
    /// A URL with `{bug}` where the number goes.
    pub url_template: Option<String>,
}

impl Default for BugsConfig {
    fn default() -> BugsConfig {
        BugsConfig {
            min: 1,
            max: 3_000_000,
            url_template: None,
        }
    }
}

impl BugsConfig {
    /// The tracker link of a bug, when a URL template is configured.
    pub fn url(&self, bug: i64) -> Option<String> {
        self.url_template
            .as_ref()
            .map(|t| t.replace("{bug}", &bug.to_string()))
    }
}

/// `[email]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmailConfig {
    /// Lower-cased; empty = any domain.
    pub allowed_domains: Vec<String>,
}

/// The longest expiry a data review approved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ApprovedExpiry {
    /// Up to and including this major version.
    Version(u64),
    Never,
}

impl ApprovedExpiry {
    pub fn describe(self) -> String {
        match self {
            ApprovedExpiry::Version(v) => format!("version {v}"),
            ApprovedExpiry::Never => "never".to_string(),
        }
    }
}

/// One entry of the data-review ledger (`[[data_review]]`).
#[derive(Clone, Debug, PartialEq)]
pub struct DataReview {
    pub bug: i64,
    pub url: String,
    pub collection: Collection,
    pub expires: ApprovedExpiry,
    /// The data category (`technical`, `interaction`, `web-activity`, `highly-sensitive`).
    pub category: Option<String>,
    pub span: Span,
}

impl DataReview {
    /// `the data review of bug N (URL)`.
    pub fn describe(&self) -> String {
        format!("the data review of bug {} ({})", self.bug, self.url)
    }
}

/// One per-probe suppression: `[suppress."PROBE"] "rule/id" = "reason"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Suppression {
    pub probe: String,
    pub rule: &'static Rule,
    pub reason: String,
    /// The rule key inside the probe's table.
    pub span: Span,
}

/// A team's `telemetry-lint.toml`, parsed.
#[derive(Clone, Debug)]
pub struct Config {
    pub path: PathBuf,
    pub text: String,
    pub current_version: Option<u64>,
    pub generation: Option<Generation>,
    pub levels: Vec<LevelSetting>,
    pub expiry: ExpiryConfig,
    pub bugs: BugsConfig,
    pub email: EmailConfig,
    pub data_reviews: Vec<DataReview>,
    pub suppressions: Vec<Suppression>,
    /// `[diff]`: change class → severity (`None`: off), for `telemetry-lint diff`.
    pub diff_severities: Vec<(String, Option<Severity>)>,
    /// What is wrong with the file (spans not yet placed in a source map).
    pub(crate) problems: Vec<Diagnostic>,
}

impl Config {
    /// A config with every default (what a run without a config file uses).
    pub fn empty(path: impl Into<PathBuf>) -> Config {
        Config {
            path: path.into(),
            text: String::new(),
            current_version: None,
            generation: None,
            levels: Vec::new(),
            expiry: ExpiryConfig::default(),
            bugs: BugsConfig::default(),
            email: EmailConfig::default(),
            data_reviews: Vec::new(),
            suppressions: Vec::new(),
            diff_severities: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Reads and parses a config file. Only I/O problems are errors; problems in the text are
    /// diagnostics of the run that uses the config.
    pub fn read(path: &Path) -> Result<Config, LoadError> {
        let bytes = crate::load::read_file(path)?;
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let mut config =
                    Config::parse(path, String::from_utf8_lossy(error.as_bytes()).into_owned());
                let at = error.utf8_error().valid_up_to();
                config.problems.insert(
                    0,
                    Diagnostic::new(&rules::CONFIG_INVALID, "the config is not valid UTF-8")
                        .at(Span::new(UNPLACED, at, at + 1)),
                );
                return Ok(config);
            }
        };
        Ok(Config::parse(path, text))
    }

    /// Parses config text. Never fails: problems are recorded as diagnostics.
    pub fn parse(path: impl Into<PathBuf>, text: impl Into<String>) -> Config {
        let mut config = Config::empty(path);
        config.text = text.into();
        let text = config.text.clone();
        let mut reader = Reader {
            config: &mut config,
        };
        match DeTable::parse(&text) {
            Ok(root) => reader.root(root.get_ref()),
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                let message = error.message().trim().to_string();
                reader.invalid(span, format!("the config is not valid TOML: {message}"));
            }
        }
        config
    }

    /// The problems found in the file (rules `config/invalid` and `config/unknown-rule`), with
    /// spans placed in `file`.
    pub fn problems(&self, file: FileId) -> Vec<Diagnostic> {
        self.problems
            .iter()
            .cloned()
            .map(|d| relocate_diagnostic(d, file))
            .collect()
    }

    /// The level a rule has in this config, if an entry sets one (an exact rule id wins over a
    /// family).
    pub fn level(&self, rule: &Rule) -> Option<Level> {
        let exact = self
            .levels
            .iter()
            .rev()
            .find(|l| matches!(l.selector, Selector::Rule(_)) && l.selector.matches(rule));
        exact
            .or_else(|| self.levels.iter().rev().find(|l| l.selector.matches(rule)))
            .map(|l| l.level)
    }

    /// The ledger entries a probe cites through its bug numbers.
    pub fn reviews_for<'a>(&'a self, bugs: &'a [i64]) -> impl Iterator<Item = &'a DataReview> {
        self.data_reviews
            .iter()
            .filter(move |review| bugs.contains(&review.bug))
    }
}

/// A span of the config placed in `file`.
pub(crate) fn relocate(span: Span, file: FileId) -> Span {
    if span.file == UNPLACED {
        Span { file, ..span }
    } else {
        span
    }
}

fn relocate_diagnostic(mut diagnostic: Diagnostic, file: FileId) -> Diagnostic {
    diagnostic.span = diagnostic.span.map(|s| relocate(s, file));
    for label in &mut diagnostic.labels {
        label.span = relocate(label.span, file);
    }
    diagnostic
}

/// The major version of a version string: `140`, `140.0`, `140.0a1`, `140.12.0esr` → 140.
pub fn parse_major_version(text: &str) -> Option<u64> {
    let text = text.trim();
    let head = text.split('.').next().unwrap_or("");
    if head.is_empty() || !head.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = &text[head.len()..];
    let rest_ok = rest.is_empty()
        || (rest.starts_with('.')
            && rest[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.'));
    if !rest_ok {
        return None;
    }
    head.parse().ok()
}

type Value<'i> = TomlSpanned<DeValue<'i>>;

fn span_of(range: Range<usize>) -> Span {
    Span::new(UNPLACED, range.start, range.end)
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn integer(value: &DeValue<'_>) -> Option<i64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

/// Reads the spanned TOML tree into a [`Config`], recording every problem.
struct Reader<'c> {
    config: &'c mut Config,
}

impl Reader<'_> {
    fn invalid(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.config
            .problems
            .push(Diagnostic::new(&rules::CONFIG_INVALID, message).at(span_of(span)));
    }

    fn unknown_key(
        &mut self,
        table: &str,
        key: &TomlSpanned<std::borrow::Cow<'_, str>>,
        known: &[&str],
    ) {
        let place = if table.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in [{table}]")
        };
        self.config.problems.push(
            Diagnostic::new(
                &rules::CONFIG_INVALID,
                format!("unknown key `{}` {place}", key.get_ref()),
            )
            .at(span_of(key.span()))
            .help(format!("known keys: {}", known.join(", "))),
        );
    }

    fn wrong_type(&mut self, what: &str, expected: &str, value: &Value<'_>) {
        self.invalid(
            value.span(),
            format!(
                "{what} must be {expected}, found {}",
                type_name(value.get_ref())
            ),
        );
    }

    fn table<'v, 'i>(&mut self, what: &str, value: &'v Value<'i>) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.wrong_type(what, "a table", value);
                None
            }
        }
    }

    fn string<'v>(&mut self, what: &str, value: &'v Value<'_>) -> Option<&'v str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => {
                self.wrong_type(what, "a string", value);
                None
            }
        }
    }

    /// A non-negative integer within `min..=max`.
    fn count(&mut self, what: &str, value: &Value<'_>, min: i64, max: i64) -> Option<i64> {
        match integer(value.get_ref()) {
            Some(n) if (min..=max).contains(&n) => Some(n),
            Some(n) => {
                self.invalid(
                    value.span(),
                    format!("{what} must be between {min} and {max}, found {n}"),
                );
                None
            }
            None if matches!(value.get_ref(), DeValue::Integer(_)) => {
                self.invalid(
                    value.span(),
                    format!("{what} must be between {min} and {max}"),
                );
                None
            }
            None => {
                self.wrong_type(what, "an integer", value);
                None
            }
        }
    }

    /// A version: an integer or a string such as "140" or "140.0a1".
    fn version(&mut self, what: &str, value: &Value<'_>) -> Option<u64> {
        let parsed = match value.get_ref() {
            DeValue::Integer(_) => integer(value.get_ref()).and_then(|n| u64::try_from(n).ok()),
            DeValue::String(s) => parse_major_version(s),
            _ => {
                self.wrong_type(what, "a version such as \"140\"", value);
                return None;
            }
        };
        if parsed.is_none() {
            self.invalid(
                value.span(),
                format!("{what} must be a version such as \"140\" or \"140.0a1\""),
            );
        }
        parsed
    }

    fn root(&mut self, root: &DeTable<'_>) {
        const KNOWN: &[&str] = &[
            "current_version",
            "rules",
            "levels",
            "expiry",
            "bugs",
            "email",
            "data_review",
            "suppress",
            "diff",
        ];
        for (key, value) in root.iter() {
            match key.get_ref().as_ref() {
                "current_version" => {
                    self.config.current_version = self.version("current_version", value);
                }
                "rules" => {
                    if let Some(name) = self.string("rules", value) {
                        match Generation::parse(name) {
                            Some(generation) => self.config.generation = Some(generation),
                            None => {
                                let known: Vec<_> =
                                    Generation::ALL.iter().map(|g| g.name()).collect();
                                self.invalid(
                                    value.span(),
                                    format!(
                                        "unknown rules generation `{name}` (expected one of: {})",
                                        known.join(", ")
                                    ),
                                );
                            }
                        }
                    }
                }
                "levels" => {
                    if let Some(table) = self.table("[levels]", value) {
                        self.levels(table);
                    }
                }
                "expiry" => {
                    if let Some(table) = self.table("[expiry]", value) {
                        self.expiry(table);
                    }
                }
                "bugs" => {
                    if let Some(table) = self.table("[bugs]", value) {
                        self.bugs(table);
                    }
                }
                "email" => {
                    if let Some(table) = self.table("[email]", value) {
                        self.email(table);
                    }
                }
                "data_review" => match value.get_ref() {
                    DeValue::Array(items) => {
                        for item in items.iter() {
                            if let Some(table) = self.table("each [[data_review]]", item) {
                                self.data_review(table, item.span());
                            }
                        }
                    }
                    _ => self.wrong_type(
                        "data_review",
                        "an array of tables ([[data_review]])",
                        value,
                    ),
                },
                "suppress" => {
                    if let Some(table) = self.table("[suppress]", value) {
                        self.suppress(table);
                    }
                }
                "diff" => {
                    if let Some(table) = self.table("[diff]", value) {
                        self.diff(table);
                    }
                }
                _ => self.unknown_key("", key, KNOWN),
            }
        }
    }

    fn levels(&mut self, table: &DeTable<'_>) {
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let Some(level_text) = self.string(&format!("the level of `{name}`"), value) else {
                continue;
            };
            let Some(level) = Level::parse(level_text) else {
                self.invalid(
                    value.span(),
                    format!("unknown level `{level_text}` (expected allow, warn or deny)"),
                );
                continue;
            };
            let selector = if let Some(family) = name.strip_suffix("/*") {
                if !rules::all().any(|r| r.id.split_once('/').is_some_and(|(f, _)| f == family)) {
                    self.unknown_rule(key.span(), format!("no rule family `{family}`"));
                    continue;
                }
                Selector::Family(family.to_string())
            } else {
                let Some(rule) = rules::find(name) else {
                    self.unknown_rule(key.span(), format!("no rule `{name}`"));
                    continue;
                };
                if rule.firefox.fails_build() && level != Level::Deny {
                    self.invalid(
                        value.span(),
                        format!(
                            "`{name}` is one of Firefox's build rules: the build fails on it \
                             whatever the level, so it cannot be set to `{}`",
                            level.as_str()
                        ),
                    );
                    continue;
                }
                Selector::Rule(rule)
            };
            self.config.levels.push(LevelSetting {
                selector,
                level,
                span: span_of(value.span()),
            });
        }
    }

    /// `[diff]`: `"diff/removed" = "warning"`, `"diff/added" = "off"`.
    fn diff(&mut self, table: &DeTable<'_>) {
        for (key, value) in table.iter() {
            let class = key.get_ref().as_ref();
            if !rules::diff_rules().any(|r| r.id == class) {
                self.unknown_rule(key.span(), format!("no change class `{class}`"));
                continue;
            }
            let Some(level) = self.string(&format!("the severity of `{class}`"), value) else {
                continue;
            };
            let severity = match level {
                "off" => None,
                other => match Severity::parse(other) {
                    Some(severity) => Some(severity),
                    None => {
                        self.invalid(
                            value.span(),
                            format!(
                                "unknown severity `{other}` (expected error, warning, note or off)"
                            ),
                        );
                        continue;
                    }
                },
            };
            self.config
                .diff_severities
                .push((class.to_string(), severity));
        }
    }

    fn unknown_rule(&mut self, span: Range<usize>, message: String) {
        self.config
            .problems
            .push(Diagnostic::new(&rules::CONFIG_UNKNOWN_RULE, message).at(span_of(span)));
    }

    fn expiry(&mut self, table: &DeTable<'_>) {
        const KNOWN: &[&str] = &["warn_within", "horizon", "horizon_opt_out"];
        let mut horizon_opt_out = None;
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "warn_within" => {
                    if let Some(n) = self.count("expiry.warn_within", value, 0, 1000) {
                        self.config.expiry.warn_within = n as u64;
                    }
                }
                "horizon" => {
                    if let Some(n) = self.count("expiry.horizon", value, 0, 1000) {
                        self.config.expiry.horizon = n as u64;
                    }
                }
                "horizon_opt_out" => {
                    horizon_opt_out = self.count("expiry.horizon_opt_out", value, 0, 1000);
                }
                _ => self.unknown_key("expiry", key, KNOWN),
            }
        }
        self.config.expiry.horizon_opt_out =
            horizon_opt_out.map_or(self.config.expiry.horizon, |n| n as u64);
    }

    fn bugs(&mut self, table: &DeTable<'_>) {
        const KNOWN: &[&str] = &["min", "max", "url_template"];
        let mut min_span = None;
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "min" => {
                    if let Some(n) = self.count("bugs.min", value, 1, i64::MAX) {
                        self.config.bugs.min = n;
                        min_span = Some(value.span());
                    }
                }
                "max" => {
                    if let Some(n) = self.count("bugs.max", value, 1, i64::MAX) {
                        self.config.bugs.max = n;
                    }
                }
                "url_template" => {
                    if let Some(url) = self.string("bugs.url_template", value) {
                        if url.contains("{bug}") {
                            self.config.bugs.url_template = Some(url.to_string());
                        } else {
                            self.invalid(
                                value.span(),
                                "bugs.url_template must contain `{bug}` where the number goes",
                            );
                        }
                    }
                }
                _ => self.unknown_key("bugs", key, KNOWN),
            }
        }
        if self.config.bugs.min > self.config.bugs.max {
            let (min, max) = (self.config.bugs.min, self.config.bugs.max);
            self.invalid(
                min_span.unwrap_or(0..0),
                format!("bugs.min ({min}) is above bugs.max ({max})"),
            );
            self.config.bugs = BugsConfig {
                url_template: self.config.bugs.url_template.take(),
                ..BugsConfig::default()
            };
        }
    }

    fn email(&mut self, table: &DeTable<'_>) {
        const KNOWN: &[&str] = &["allowed_domains"];
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "allowed_domains" => {
                    let DeValue::Array(items) = value.get_ref() else {
                        self.wrong_type("email.allowed_domains", "an array of domains", value);
                        continue;
                    };
                    for item in items.iter() {
                        let Some(domain) = self.string("each allowed domain", item) else {
                            continue;
                        };
                        let domain = domain.trim_start_matches('@').to_ascii_lowercase();
                        match super::email::check_domain(&domain) {
                            Ok(()) => self.config.email.allowed_domains.push(domain),
                            Err(reason) => self.invalid(
                                item.span(),
                                format!("`{domain}` is not a valid domain: {reason}"),
                            ),
                        }
                    }
                }
                _ => self.unknown_key("email", key, KNOWN),
            }
        }
    }

    fn data_review(&mut self, table: &DeTable<'_>, span: Range<usize>) {
        const KNOWN: &[&str] = &["bug", "url", "collection", "expires", "category"];
        let mut bug = None;
        let mut url = None;
        let mut collection = None;
        let mut expires = None;
        let mut category = None;
        let mut ok = true;
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "bug" => {
                    bug = self.count("data_review.bug", value, 1, i64::MAX);
                    ok &= bug.is_some();
                }
                "url" => {
                    url = self.string("data_review.url", value).map(str::to_string);
                    ok &= url.is_some();
                }
                "collection" => {
                    collection = match self.string("data_review.collection", value) {
                        Some("opt-in") => Some(Collection::OptIn),
                        Some("opt-out") => Some(Collection::OptOut),
                        Some(other) => {
                            self.invalid(
                                value.span(),
                                format!(
                                    "unknown collection `{other}` (expected opt-in or opt-out)"
                                ),
                            );
                            None
                        }
                        None => None,
                    };
                    ok &= collection.is_some();
                }
                "expires" => {
                    expires = match value.get_ref() {
                        DeValue::String(s) if s.as_ref() == "never" => Some(ApprovedExpiry::Never),
                        _ => self
                            .version("data_review.expires", value)
                            .map(ApprovedExpiry::Version),
                    };
                    ok &= expires.is_some();
                }
                "category" => {
                    category = self.category(value);
                    ok &= category.is_some();
                }
                _ => {
                    self.unknown_key("[data_review]", key, KNOWN);
                }
            }
        }
        let missing: Vec<&str> = [
            ("bug", bug.is_none() && ok),
            ("url", url.is_none() && ok),
            ("collection", collection.is_none() && ok),
            ("expires", expires.is_none() && ok),
        ]
        .into_iter()
        .filter_map(|(name, missing)| missing.then_some(name))
        .collect();
        if !missing.is_empty() {
            self.invalid(
                span.clone(),
                format!(
                    "this [[data_review]] entry lacks {}",
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            return;
        }
        let (Some(bug), Some(url), Some(collection), Some(expires)) =
            (bug, url, collection, expires)
        else {
            return;
        };
        if self.config.data_reviews.iter().any(|r| r.bug == bug) {
            self.invalid(
                span,
                format!("bug {bug} is already in the data-review ledger; merge the two entries"),
            );
            return;
        }
        self.config.data_reviews.push(DataReview {
            bug,
            url,
            collection,
            expires,
            category,
            span: span_of(span),
        });
    }

    fn category(&mut self, value: &Value<'_>) -> Option<String> {
        const NAMES: [&str; 4] = [
            "technical",
            "interaction",
            "web-activity",
            "highly-sensitive",
        ];
        let name = match value.get_ref() {
            DeValue::Integer(_) => integer(value.get_ref())
                .and_then(|n| usize::try_from(n).ok())
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| NAMES.get(i).copied()),
            DeValue::String(s) => NAMES.iter().copied().find(|n| *n == s.as_ref()),
            _ => None,
        };
        if name.is_none() {
            self.invalid(
                value.span(),
                "data_review.category must be 1-4 or one of technical, interaction, \
                 web-activity, highly-sensitive",
            );
        }
        name.map(str::to_string)
    }

    fn suppress(&mut self, table: &DeTable<'_>) {
        for (probe, rules_value) in table.iter() {
            let probe_name = probe.get_ref().to_string();
            let what = format!("[suppress.\"{probe_name}\"]");
            let Some(rules_table) = self.table(&what, rules_value) else {
                continue;
            };
            for (rule_key, reason) in rules_table.iter() {
                let id = rule_key.get_ref().as_ref();
                let Some(rule) = rules::find(id) else {
                    self.unknown_rule(
                        rule_key.span(),
                        format!("the suppression for {probe_name} names no rule `{id}`"),
                    );
                    continue;
                };
                if rule.firefox.fails_build() {
                    self.invalid(
                        rule_key.span(),
                        format!(
                            "`{id}` is one of Firefox's build rules: suppressing it would hide \
                             a failure of Firefox's own build"
                        ),
                    );
                    continue;
                }
                let Some(reason_text) = self.string(
                    &format!("the reason for suppressing `{id}` on {probe_name}"),
                    reason,
                ) else {
                    continue;
                };
                if reason_text.trim().is_empty() {
                    self.invalid(
                        reason.span(),
                        format!("the suppression of `{id}` on {probe_name} needs a reason"),
                    );
                    continue;
                }
                self.config.suppressions.push(Suppression {
                    probe: probe_name.clone(),
                    rule,
                    reason: reason_text.to_string(),
                    span: span_of(rule_key.span()),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Config {
        Config::parse("telemetry-lint.toml", text)
    }

    fn problems(config: &Config) -> Vec<(String, String)> {
        config
            .problems
            .iter()
            .map(|d| {
                let span = d.span.expect("located");
                (d.rule.id.to_string(), config.text[span.range()].to_string())
            })
            .collect()
    }

    const FULL: &str = r#"
current_version = "140.0a1"
rules = "esr140"

[levels]
"hygiene/*" = "deny"
"hygiene/unit-hint" = "allow"

[expiry]
warn_within = 3
horizon = 8

[bugs]
min = 1000
max = 2000000
url_template = "https://bugzilla.example.com/{bug}"

[email]
allowed_domains = ["Example.com", "@example.org"]

[[data_review]]
bug = 1000002
url = "https://bugzilla.example.com/1000002#c4"
collection = "opt-out"
expires = "never"
category = 1

[[data_review]]
bug = 1000003
url = "https://bugzilla.example.com/1000003#c2"
collection = "opt-in"
expires = 150

[suppress."GC_MS"]
"hygiene/unit-hint" = "the unit is in the name"

[diff]
"diff/removed" = "warning"
"diff/added" = "off"
"#;

    #[test]
    fn a_full_config_parses() {
        let config = parse(FULL);
        assert!(config.problems.is_empty(), "{:?}", problems(&config));
        assert_eq!(config.current_version, Some(140));
        assert_eq!(config.generation, Some(Generation::Esr140));
        assert_eq!(config.expiry.warn_within, 3);
        assert_eq!(config.expiry.horizon, 8);
        assert_eq!(config.expiry.horizon_opt_out, 8);
        assert_eq!(config.bugs.min, 1000);
        assert_eq!(
            config.bugs.url(42).as_deref(),
            Some("https://bugzilla.example.com/42")
        );
        assert_eq!(config.email.allowed_domains, ["example.com", "example.org"]);
        assert_eq!(config.data_reviews.len(), 2);
        assert_eq!(config.data_reviews[0].expires, ApprovedExpiry::Never);
        assert_eq!(
            config.data_reviews[0].category.as_deref(),
            Some("technical")
        );
        assert_eq!(config.data_reviews[1].expires, ApprovedExpiry::Version(150));
        assert_eq!(config.data_reviews[1].collection, Collection::OptIn);
        assert_eq!(config.suppressions.len(), 1);
        assert_eq!(config.suppressions[0].probe, "GC_MS");
        assert_eq!(
            config.diff_severities,
            [
                ("diff/added".to_string(), None),
                ("diff/removed".to_string(), Some(Severity::Warning))
            ]
        );
        // The exact id wins over the family.
        assert_eq!(config.level(&rules::HYGIENE_UNIT_HINT), Some(Level::Allow));
        assert_eq!(config.level(&rules::HYGIENE_DESCRIPTION), Some(Level::Deny));
        assert_eq!(config.level(&rules::EXPIRY_EXPIRED), None);
    }

    #[test]
    fn syntax_errors_are_located() {
        let config = parse("current_version = \"140\"\n[levels\n");
        let found = problems(&config);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "config/invalid");
        assert!(config.problems[0].message.contains("not valid TOML"));
    }

    #[test]
    fn bad_values_are_reported_at_the_value_and_the_rest_applies() {
        let config = parse(
            r#"
current_version = "soon"
colour = 1
[expiry]
horizon = -1
warn_within = 4
[bugs]
url_template = "https://example.com/"
[email]
allowed_domains = ["not a domain"]
[levels]
"hygiene/nope" = "deny"
"histogram/name-pattern" = "allow"
"bugs/*" = "loud"
[[data_review]]
bug = 5
[suppress.GC_MS]
"file/syntax" = "hidden"
"hygiene/unit-hint" = ""
"hygiene/unit-hints" = "typo"
"#,
        );
        let found = problems(&config);
        let texts: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
        assert!(texts.contains(&"\"soon\""), "{found:?}");
        assert!(texts.contains(&"colour"), "{found:?}");
        assert!(texts.contains(&"-1"), "{found:?}");
        assert!(texts.contains(&"\"https://example.com/\""), "{found:?}");
        assert!(texts.contains(&"\"not a domain\""), "{found:?}");
        assert!(found.contains(&("config/unknown-rule".into(), "\"hygiene/nope\"".into())));
        assert!(found.contains(&("config/invalid".into(), "\"allow\"".into())));
        assert!(texts.contains(&"\"loud\""), "{found:?}");
        assert!(texts.contains(&"[[data_review]]"), "{found:?}");
        assert!(found.contains(&("config/invalid".into(), "\"file/syntax\"".into())));
        assert!(texts.contains(&"\"\""), "{found:?}");
        assert!(found.contains(&(
            "config/unknown-rule".into(),
            "\"hygiene/unit-hints\"".into()
        )));
        // What was valid still applies.
        assert_eq!(config.expiry.warn_within, 4);
        assert_eq!(config.expiry.horizon, 6);
        assert!(config.suppressions.is_empty());
    }

    #[test]
    fn versions() {
        for (text, major) in [
            ("140", Some(140)),
            ("140.0", Some(140)),
            ("140.0a1", Some(140)),
            ("140.12.0esr", Some(140)),
            (" 99 ", Some(99)),
            ("", None),
            ("v140", None),
            ("140-beta", None),
            ("never", None),
        ] {
            assert_eq!(parse_major_version(text), major, "{text:?}");
        }
    }

    #[test]
    fn duplicate_ledger_bugs_and_hostile_input_never_panic() {
        let config = parse(
            "[[data_review]]\nbug = 1\nurl = \"u\"\ncollection = \"opt-in\"\nexpires = \"150\"\n\
             [[data_review]]\nbug = 1\nurl = \"u\"\ncollection = \"opt-in\"\nexpires = \"150\"\n",
        );
        assert_eq!(config.data_reviews.len(), 1);
        assert_eq!(config.problems.len(), 1);
        for text in [
            "\u{0}",
            "[[[",
            "a = 99999999999999999999999",
            "a.b.c.d = [[[1]]]",
        ] {
            let _ = parse(text);
        }
        let huge = parse("[expiry]\nhorizon = 99999999999999999999999\n");
        assert!(
            huge.problems[0].message.contains("between"),
            "{}",
            huge.problems[0].message
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_without_panicking(text in "\\PC{0,200}") {
            let config = parse(&text);
            for problem in &config.problems {
                let span = problem.span.expect("config problems are located");
                proptest::prop_assert!(span.end as usize <= config.text.len() + 1);
            }
        }

        #[test]
        fn config_shaped_text_parses_without_panicking(
            key in "(current_version|rules|levels|expiry|bugs|email|data_review|suppress)",
            sub in "(\"[a-z/*-]{0,12}\"|warn_within|horizon|min|max|url_template|allowed_domains|bug|url|collection|expires|category)",
            value in "(\"[a-z0-9/*.{}@-]{0,12}\"|-?[0-9]{1,25}|true|\\[\\]|\\{\\}|\\[\"x\"\\])",
        ) {
            let _ = parse(&format!("{key} = {value}\n"));
            let _ = parse(&format!("[{key}]\n{sub} = {value}\n"));
            let _ = parse(&format!("[[{key}]]\n{sub} = {value}\n"));
            let _ = parse(&format!("[{key}.{sub}]\n{sub} = {value}\n"));
        }
    }
}
