//! Diagnostics are data: a rule, a severity, a message, a span, a help line. Rendering lives in
//! [`crate::render`].

use crate::rules::Rule;
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Information only: never fails a run (`diff` reports harmless changes this way).
    Note,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Note, Severity::Warning, Severity::Error];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// What Firefox's own build does with the problem a diagnostic reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FirefoxVerdict {
    /// Firefox does not check it (team policy, or a quirk Firefox silently accepts).
    Accepted,
    /// A queued ("deferred") parser error: the build fails after every message is printed.
    Deferred,
    /// A fatal parser error: Firefox stops at once and hides every later error.
    Fatal,
    /// Firefox's scripts crash with a Python exception (the build fails, unhelpfully).
    Crash,
    /// The parsers accept it, then a generator or the C++ compiler rejects it.
    Generator,
}

impl FirefoxVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            FirefoxVerdict::Accepted => "accepted",
            FirefoxVerdict::Deferred => "deferred",
            FirefoxVerdict::Fatal => "fatal",
            FirefoxVerdict::Crash => "crash",
            FirefoxVerdict::Generator => "generator",
        }
    }

    /// Whether Firefox's build fails on it.
    pub fn fails_build(self) -> bool {
        !matches!(self, FirefoxVerdict::Accepted)
    }
}

/// A secondary location with its own message.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// The offending value (or the key, when a field is missing). `None` for whole-run problems.
    pub span: Option<Span>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// The probe the diagnostic is about (`NAME`, `category.name` or `category.event`).
    pub probe: Option<String>,
    pub firefox: FirefoxVerdict,
    /// The message Firefox's scripts print for the same problem, when they print one.
    pub firefox_message: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity and Firefox verdict.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            span: None,
            labels: Vec::new(),
            help: rule.help.map(str::to_string),
            probe: None,
            firefox: rule.firefox,
            firefox_message: None,
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn probe(mut self, probe: impl Into<String>) -> Self {
        self.probe = Some(probe.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn firefox(mut self, verdict: FirefoxVerdict) -> Self {
        self.firefox = verdict;
        self
    }

    pub fn firefox_message(mut self, message: impl Into<String>) -> Self {
        self.firefox_message = Some(message.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Where diagnostics are collected.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn notes(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Note)
            .count()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
}
