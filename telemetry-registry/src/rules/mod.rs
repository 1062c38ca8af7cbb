//! The rule catalogue: every rule has a stable id, a default severity, what Firefox does about it,
//! a one-line summary, an explanation, and a help line. Checks live beside the input they check
//! ([`crate::check`]); this module is only the data.

use crate::diagnostic::{FirefoxVerdict, Severity};

mod codegen;
mod diff;
mod events;
mod files;
mod histograms;
mod policy;
pub mod reference;
mod scalars;

pub use codegen::*;
pub use diff::*;
pub use events::*;
pub use files::*;
pub use histograms::*;
pub use policy::*;
pub use scalars::*;

/// A rule of the catalogue.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable, lower-case `family/name`.
    pub id: &'static str,
    pub severity: Severity,
    pub firefox: FirefoxVerdict,
    pub summary: &'static str,
    pub explanation: &'static str,
    pub help: Option<&'static str>,
}

/// Declares rules as `pub static` items and collects them in a family list.
macro_rules! declare_rules {
    ($list:ident; $( $(#[$meta:meta])* $name:ident = $id:literal, $severity:ident, $firefox:ident,
        summary: $summary:literal, explanation: $explanation:literal $(, help: $help:literal)? ; )* ) => {
        $(
            $(#[$meta])*
            pub static $name: $crate::rules::Rule = $crate::rules::Rule {
                id: $id,
                severity: $crate::diagnostic::Severity::$severity,
                firefox: $crate::diagnostic::FirefoxVerdict::$firefox,
                summary: $summary,
                explanation: $explanation,
                help: $crate::rules::declare_rules!(@help $($help)?),
            };
        )*
        pub(crate) static $list: &[&$crate::rules::Rule] = &[ $( &$name ),* ];
    };
    (@help $help:literal) => { Some($help) };
    (@help) => { None };
}
pub(crate) use declare_rules;

/// Every rule, in catalogue order.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    files::FILE_RULES
        .iter()
        .chain(histograms::HISTOGRAM_RULES)
        .chain(scalars::SCALAR_RULES)
        .chain(events::EVENT_RULES)
        .chain(codegen::CODEGEN_RULES)
        .chain(policy::POLICY_RULES)
        .chain(policy::CONFIG_RULES)
        .chain(diff::DIFF_RULES)
        .copied()
}

/// Whether a rule is team policy (the `expiry`, `bugs`, `email`, `data-review`, `hygiene` and
/// `config` families), as opposed to one of Firefox's own rules.
pub fn is_policy(rule: &Rule) -> bool {
    policy::POLICY_RULES
        .iter()
        .chain(policy::CONFIG_RULES)
        .any(|r| std::ptr::eq(*r, rule))
}

/// The rule families of team policy.
pub const POLICY_FAMILIES: [&str; 6] = [
    "expiry",
    "bugs",
    "email",
    "data-review",
    "hygiene",
    "config",
];

/// The `diff/` change classes, in catalogue order.
pub fn diff_rules() -> impl Iterator<Item = &'static Rule> {
    diff::DIFF_RULES.iter().copied()
}

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    all().find(|r| r.id == id)
}

/// The rules that differ between Firefox generations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Generation {
    /// Firefox ESR 140 (mozilla-esr140, 2025–2026): the default.
    #[default]
    Esr140,
    /// Firefox 76 (2020): `flag`, geckoview products, `operating_systems` allowed.
    Firefox76,
    /// mozilla-central 56.0a1 (2017): `cpp_guard`, no products, `histogram-whitelists.json`.
    Legacy2017,
}

impl Generation {
    pub const ALL: [Generation; 3] = [
        Generation::Esr140,
        Generation::Firefox76,
        Generation::Legacy2017,
    ];

    /// The name used on the command line and in configs.
    pub fn name(self) -> &'static str {
        match self {
            Generation::Esr140 => "esr140",
            Generation::Firefox76 => "2020",
            Generation::Legacy2017 => "2017",
        }
    }

    pub fn parse(name: &str) -> Option<Generation> {
        match name.to_ascii_lowercase().as_str() {
            "esr140" | "140" | "modern" | "default" => Some(Generation::Esr140),
            "2020" | "76" | "firefox76" | "ff76" => Some(Generation::Firefox76),
            "2017" | "56" | "legacy" | "firefox56" | "ff56" => Some(Generation::Legacy2017),
            _ => None,
        }
    }

    /// Known process names (rules.md §5).
    pub fn processes(self) -> &'static [&'static str] {
        match self {
            Generation::Esr140 => &[
                "all",
                "all_children",
                "all_childs",
                "main",
                "content",
                "gpu",
                "rdd",
                "socket",
                "utility",
            ],
            Generation::Firefox76 => &[
                "all",
                "all_children",
                "all_childs",
                "main",
                "content",
                "gpu",
                "rdd",
                "socket",
            ],
            Generation::Legacy2017 => &["all", "all_childs", "main", "content", "gpu"],
        }
    }

    /// Known products; `None` when the generation has no `products` field.
    pub fn products(self) -> Option<&'static [&'static str]> {
        match self {
            Generation::Esr140 => Some(&["firefox", "fennec", "thunderbird"]),
            Generation::Firefox76 => Some(&[
                "firefox",
                "fennec",
                "geckoview",
                "geckoview_streaming",
                "thunderbird",
            ]),
            Generation::Legacy2017 => None,
        }
    }

    /// The allowlist file's name in this generation.
    pub fn allowlist_file_name(self) -> &'static str {
        match self {
            Generation::Legacy2017 => "histogram-whitelists.json",
            _ => "histogram-allowlists.json",
        }
    }
}

/// Known operating-system names (rules.md §5).
pub const OPERATING_SYSTEMS: &[&str] = &["mac", "linux", "windows", "android", "unix", "all"];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn rule_ids_are_unique_lower_case_family_slash_name() {
        let mut seen = HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            let (family, name) = rule.id.split_once('/').expect("family/name");
            for part in [family, name] {
                assert!(!part.is_empty());
                assert!(
                    part.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "{}",
                    rule.id
                );
            }
            assert!(!rule.summary.is_empty() && !rule.explanation.is_empty());
        }
    }
}
