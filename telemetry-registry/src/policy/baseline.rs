//! Baselines: today's findings, recorded so that CI fails only on new ones.
//!
//! A baseline is a JSON file:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {"fingerprint": "3f1c0c2a9d7e4b15", "rule": "hygiene/unit-hint", "probe": "GC_MS",
//!      "message": "..."}
//!   ],
//!   "allowlist": {"n_buckets": ["LEGACY_HISTOGRAM"]}
//! }
//! ```
//!
//! Findings are matched by [`Diagnostic::fingerprint`] (rule, probe and message; never a line
//! number), as a multiset: a baseline holding one finding hides one occurrence of it. `rule`,
//! `probe` and `message` are there for the people reviewing the file. `allowlist` records the
//! histogram allowlist so that `hygiene/allowlist-grew` can report entries added since.
//!
//! Findings of Firefox's own build rules are never baselined: the build fails on them anyway.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Registry;

/// The baseline format version this library reads and writes.
pub const BASELINE_VERSION: u64 = 1;

/// One recorded finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    pub probe: Option<String>,
    pub message: String,
}

/// Recorded findings, and the allowlist as it was.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    pub findings: Vec<BaselineEntry>,
    /// Allowlist list name → histogram names. `None` when the baseline was recorded without an
    /// allowlist file (then `hygiene/allowlist-grew` does not run).
    pub allowlist: Option<BTreeMap<String, Vec<String>>>,
}

impl Baseline {
    /// Whether a finding may be baselined (and suppressed): everything Firefox's build accepts.
    pub fn can_hold(diagnostic: &Diagnostic) -> bool {
        !diagnostic.rule.firefox.fails_build()
    }

    /// Records a run's findings (those that can be baselined) and its allowlist.
    pub fn record(diagnostics: &[Diagnostic], registry: &Registry) -> Baseline {
        let mut findings: Vec<BaselineEntry> = diagnostics
            .iter()
            .filter(|d| Baseline::can_hold(d))
            .map(|d| BaselineEntry {
                fingerprint: d.fingerprint(),
                rule: d.rule.id.to_string(),
                probe: d.probe.clone(),
                message: d.message.clone(),
            })
            .collect();
        findings.sort_by(|a, b| {
            (&a.rule, &a.probe, &a.fingerprint).cmp(&(&b.rule, &b.probe, &b.fingerprint))
        });
        let allowlist = registry.allowlist.as_ref().map(|allowlist| {
            let mut lists: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for list in &allowlist.lists {
                let names = lists.entry(list.name.value.clone()).or_default();
                names.extend(list.entries.iter().map(|e| e.value.clone()));
                names.sort();
                names.dedup();
            }
            lists
        });
        Baseline {
            findings,
            allowlist,
        }
    }

    /// Whether the recorded allowlist's list `list` holds `name` (`None`: no allowlist was
    /// recorded).
    pub fn allowlist_contains(&self, list: &str, name: &str) -> Option<bool> {
        let lists = self.allowlist.as_ref()?;
        Some(
            lists
                .get(list)
                .is_some_and(|names| names.iter().any(|n| n == name)),
        )
    }

    /// Removes the findings the baseline holds; returns how many.
    pub fn apply(&self, diagnostics: &mut Diagnostics) -> usize {
        let mut budget: HashMap<&str, usize> = HashMap::new();
        for entry in &self.findings {
            *budget.entry(entry.fingerprint.as_str()).or_default() += 1;
        }
        let before = diagnostics.items.len();
        diagnostics.items.retain(|d| {
            if !Baseline::can_hold(d) {
                return true;
            }
            match budget.get_mut(d.fingerprint().as_str()) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    false
                }
                _ => true,
            }
        });
        before - diagnostics.items.len()
    }

    /// The file's JSON text (pretty, with a final newline, stable order).
    pub fn to_json(&self) -> String {
        let findings: Vec<Value> = self
            .findings
            .iter()
            .map(|f| {
                json!({
                    "fingerprint": f.fingerprint,
                    "rule": f.rule,
                    "probe": f.probe,
                    "message": f.message,
                })
            })
            .collect();
        let mut document = json!({
            "version": BASELINE_VERSION,
            "findings": findings,
        });
        if let (Some(lists), Some(map)) = (&self.allowlist, document.as_object_mut()) {
            map.insert("allowlist".to_string(), json!(lists));
        }
        let mut text =
            serde_json::to_string_pretty(&document).unwrap_or_else(|_| document.to_string());
        text.push('\n');
        text
    }

    /// Reads a baseline file's text. `Err` says what is wrong.
    pub fn from_json(text: &str) -> Result<Baseline, String> {
        let document: Value =
            serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
        let object = document
            .as_object()
            .ok_or("not a telemetry-lint baseline (expected a JSON object)")?;
        match object.get("version").and_then(Value::as_u64) {
            Some(BASELINE_VERSION) => {}
            Some(other) => {
                return Err(format!(
                    "baseline version {other} is not supported (this telemetry-lint reads \
                     version {BASELINE_VERSION})"
                ));
            }
            None => return Err("not a telemetry-lint baseline (no \"version\")".to_string()),
        }
        let findings = object
            .get("findings")
            .and_then(Value::as_array)
            .ok_or("not a telemetry-lint baseline (no \"findings\" list)")?;
        let mut baseline = Baseline::default();
        for (i, finding) in findings.iter().enumerate() {
            let text = |key: &str| finding.get(key).and_then(Value::as_str).map(str::to_string);
            let fingerprint = text("fingerprint")
                .ok_or_else(|| format!("finding {} has no \"fingerprint\" string", i + 1))?;
            baseline.findings.push(BaselineEntry {
                fingerprint,
                rule: text("rule").unwrap_or_default(),
                probe: text("probe"),
                message: text("message").unwrap_or_default(),
            });
        }
        if let Some(lists) = object.get("allowlist") {
            let lists = lists
                .as_object()
                .ok_or("\"allowlist\" must be an object of lists")?;
            let mut recorded = BTreeMap::new();
            for (name, names) in lists {
                let names = names
                    .as_array()
                    .ok_or_else(|| format!("allowlist list \"{name}\" must be a list"))?
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect();
                recorded.insert(name.clone(), names);
            }
            baseline.allowlist = Some(recorded);
        }
        Ok(baseline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    fn finding(probe: &str, message: &str) -> Diagnostic {
        Diagnostic::new(&rules::HYGIENE_UNIT_HINT, message).probe(probe)
    }

    #[test]
    fn round_trip_and_multiset_matching() {
        let recorded = vec![finding("A", "m"), finding("A", "m"), finding("B", "m")];
        let registry = Registry {
            allowlist: Some(crate::model::Allowlist::default()),
            ..Registry::default()
        };
        let baseline = Baseline::record(&recorded, &registry);
        let read = Baseline::from_json(&baseline.to_json()).expect("reads back");
        assert_eq!(read, baseline);

        let mut now = Diagnostics::default();
        for d in [
            finding("A", "m"),
            finding("A", "m"),
            finding("A", "m"),
            finding("B", "m"),
            finding("C", "m"),
            Diagnostic::new(&rules::FILE_SYNTAX, "m").probe("A"),
        ] {
            now.push(d);
        }
        assert_eq!(read.apply(&mut now), 3);
        let left: Vec<_> = now
            .items
            .iter()
            .map(|d| (d.rule.id, d.probe.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            left,
            [
                ("hygiene/unit-hint", "A".to_string()),
                ("hygiene/unit-hint", "C".to_string()),
                ("file/syntax", "A".to_string()),
            ]
        );
    }

    #[test]
    fn build_errors_are_never_recorded() {
        let baseline = Baseline::record(
            &[Diagnostic::new(&rules::FILE_SYNTAX, "m")],
            &Registry::default(),
        );
        assert!(baseline.findings.is_empty());
        assert_eq!(baseline.allowlist, None);
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        for text in [
            "",
            "[]",
            "{}",
            "{\"version\": 2, \"findings\": []}",
            "{\"version\": 1}",
            "{\"version\": 1, \"findings\": [{}]}",
            "{\"version\": 1, \"findings\": [], \"allowlist\": []}",
        ] {
            assert!(Baseline::from_json(text).is_err(), "{text}");
        }
    }
}
