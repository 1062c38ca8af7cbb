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

    /// A stable identity for the finding, for baselines, SARIF `partialFingerprints` and GitLab
    /// code-quality fingerprints: 16 lower-case hex digits.
    ///
    /// It hashes the rule id, the probe and the message with whitespace collapsed and any
    /// position inside a file (`byte N`, `line N`, `column N`) blanked, and nothing else: no
    /// line, column or file path. Editing other definitions, moving this one, re-indenting the
    /// file or checking it from another directory keeps the fingerprint; changing the
    /// offending value (the message quotes it) makes a new finding. Identical findings share a
    /// fingerprint, so a baseline counts them.
    pub fn fingerprint(&self) -> String {
        let mut hash = Fnv1a64::new();
        hash.write(b"v1\0");
        hash.write(self.rule.id.as_bytes());
        hash.write(b"\0");
        hash.write(self.probe.as_deref().unwrap_or("").as_bytes());
        hash.write(b"\0");
        hash.write(normalized_message(&self.message).as_bytes());
        format!("{:016x}", hash.finish())
    }
}

/// The message as [`Diagnostic::fingerprint`] sees it: whitespace runs collapsed to one space,
/// and the number after `byte`, `line` or `column` replaced by `#`.
fn normalized_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut previous = "";
    for word in message.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let digits = word.trim_end_matches(|c: char| !c.is_ascii_digit());
        let is_position = matches!(previous, "byte" | "line" | "column")
            && !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit());
        if is_position {
            out.push('#');
            out.push_str(&word[digits.len()..]);
        } else {
            out.push_str(word);
        }
        previous = word;
    }
    out
}

/// 64-bit FNV-1a: tiny, dependency-free and stable across Rust versions and platforms (unlike
/// `std`'s `DefaultHasher`), which a fingerprint stored in a file needs.
struct Fnv1a64(u64);

impl Fnv1a64 {
    fn new() -> Fnv1a64 {
        Fnv1a64(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;
    use crate::source::{FileId, Span};

    fn diagnostic(message: &str) -> Diagnostic {
        Diagnostic::new(&rules::FILE_SYNTAX, message).probe("GC_MS")
    }

    #[test]
    fn fingerprints_ignore_positions_and_whitespace() {
        let a = diagnostic("bad value  \"x\"").at(Span::new(FileId(0), 1, 2));
        let b = diagnostic("bad value \"x\"").at(Span::new(FileId(3), 100, 200));
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint().len(), 16);
        assert_eq!(
            diagnostic("invalid byte sequence at byte 12)").fingerprint(),
            diagnostic("invalid byte sequence at byte 977)").fingerprint()
        );
    }

    #[test]
    fn fingerprints_tell_rules_probes_and_values_apart() {
        let base = diagnostic("bad value \"x\"");
        assert_ne!(
            base.fingerprint(),
            diagnostic("bad value \"y\"").fingerprint()
        );
        assert_ne!(
            base.fingerprint(),
            base.clone().probe("OTHER").fingerprint()
        );
        let other_rule = Diagnostic {
            rule: &rules::FILE_TOP_LEVEL,
            ..base.clone()
        };
        assert_ne!(base.fingerprint(), other_rule.fingerprint());
    }

    #[test]
    fn fingerprints_are_stable_across_releases() {
        // A stored baseline depends on this exact value: change it only with a new "v2" prefix.
        assert_eq!(
            Diagnostic::new(&rules::FILE_SYNTAX, "m")
                .probe("P")
                .fingerprint(),
            format!("{:016x}", {
                let mut h = Fnv1a64::new();
                h.write(b"v1\0file/syntax\0P\0m");
                h.finish()
            })
        );
    }
}
