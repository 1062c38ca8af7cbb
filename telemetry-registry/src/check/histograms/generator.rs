//! What Firefox's parser accepts but its generators or the C++ compiler reject (rules.md §2.5):
//! string-table characters, the static asserts on bucket parameters, and table limits.

use super::*;

impl Checker<'_, '_> {
    /// Strings that go into the generated C++ string table: no `*/`, and only characters a
    /// C++ char literal can hold.
    pub(super) fn check_generator_strings(&mut self, name: &str, definition: &Node) {
        for field in ["expires_in_version", "labels", "keys", "record_into_store"] {
            let Some(entry) = definition.get(field) else {
                continue;
            };
            let strings: Vec<Spanned<String>> = match &entry.value.value {
                Value::Str(s) if field == "expires_in_version" => {
                    vec![Spanned::new(s.clone(), entry.value.span)]
                }
                _ if field == "expires_in_version" => Vec::new(),
                _ => string_items(&entry.value),
            };
            for string in &strings {
                if let Some(diagnostic) = table_string_diagnostic(
                    &rules::HISTOGRAM_STRING_TABLE_COMMENT,
                    &rules::HISTOGRAM_STRING_TABLE_CHAR,
                    field,
                    &string.value,
                    string.span,
                ) {
                    self.push(diagnostic.probe(name));
                }
            }
        }
    }

    /// Required parameters, the bucket limit, and the generator's static asserts.
    pub(super) fn check_bucket_parameters(
        &mut self,
        histogram: &Histogram,
        key: &Node,
        definition: &Node,
    ) {
        let name = histogram.name.value.as_str();
        let kind = histogram.kind.value;
        let required: &[&str] = match kind {
            HistogramKind::Linear | HistogramKind::Exponential => &["high", "n_buckets"],
            HistogramKind::Enumerated => &["n_values"],
            HistogramKind::Categorical => &["labels"],
            _ => &[],
        };
        let mut missing = false;
        for field in required {
            if definition.get(field).is_none() {
                missing = true;
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_MISSING_FIELD,
                        format!("a {} histogram needs `{field}`", kind.as_str()),
                    )
                    .at(key.span)
                    .probe(name),
                );
            }
        }
        if missing {
            return;
        }
        let (low, high, n_buckets) = histogram.parameters();
        let declared_n_buckets = match kind {
            HistogramKind::Linear | HistogramKind::Exponential => histogram.n_buckets.is_some(),
            HistogramKind::Enumerated => histogram.n_values.is_some(),
            _ => true,
        };
        if declared_n_buckets && self.allowlist.is_some() {
            let limit = if matches!(kind, HistogramKind::Enumerated | HistogramKind::Categorical) {
                101
            } else {
                100
            };
            if n_buckets > limit && !self.allowlisted("n_buckets", name) {
                let span = histogram
                    .n_buckets
                    .as_ref()
                    .or(histogram.n_values.as_ref())
                    .map_or(histogram.kind.span, |s| s.span);
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_TOO_MANY_BUCKETS,
                        format!("{n_buckets} buckets; new histograms may have at most {limit}"),
                    )
                    .at(span)
                    .probe(name)
                    .firefox_message(format!(
                        "New histogram \"{name}\" is not permitted to have more than 100 buckets.\nHistograms with large numbers of buckets use disproportionately high amounts of resources. Contact a Telemetry peer (e.g. in #telemetry) if you think an exception ought to be made:\nhttps://wiki.mozilla.org/Modules/Toolkit#Telemetry"
                    )),
                );
            }
        }
        // Parameters that were not ints were reported by the type check.
        let parameters_known = match kind {
            HistogramKind::Linear | HistogramKind::Exponential => {
                histogram.high.is_some()
                    && histogram.n_buckets.is_some()
                    && (definition.get("low").is_none() || histogram.low.is_some())
            }
            HistogramKind::Enumerated => histogram.n_values.is_some(),
            _ => true,
        };
        if !parameters_known {
            return;
        }
        let at = |p: &Option<Spanned<i64>>| p.as_ref().map_or(histogram.kind.span, |s| s.span);
        let mut asserts: Vec<(String, Span)> = Vec::new();
        match kind {
            HistogramKind::Linear | HistogramKind::Exponential => {
                if low < 1 {
                    asserts.push((
                        format!("low must be at least 1, found {low}"),
                        at(&histogram.low),
                    ));
                }
                if low >= high {
                    asserts.push((
                        format!("low ({low}) must be below high ({high})"),
                        at(&histogram.high),
                    ));
                }
                if n_buckets < 3 {
                    asserts.push((
                        format!("n_buckets must be at least 3, found {n_buckets}"),
                        at(&histogram.n_buckets),
                    ));
                }
                if high <= n_buckets {
                    asserts.push((
                        format!("high ({high}) must exceed n_buckets ({n_buckets}); you may want an enumerated histogram"),
                        at(&histogram.high),
                    ));
                }
            }
            HistogramKind::Enumerated if high <= 2 => {
                asserts.push((
                    format!("n_values must be at least 3, found {high}"),
                    at(&histogram.n_values),
                ));
            }
            _ => {}
        }
        // Past the static asserts, the bucket computation only fails on a size no table holds.
        if asserts.is_empty() && n_buckets > crate::buckets::MAX_BUCKETS {
            asserts.push((
                crate::buckets::BucketError::TooManyBuckets(n_buckets).to_string(),
                at(&histogram.n_buckets),
            ));
        }
        for (message, span) in asserts {
            self.push(
                Diagnostic::new(&rules::HISTOGRAM_BUCKET_LAYOUT, message)
                    .at(span)
                    .probe(name),
            );
        }
    }

    /// The generator's table limits, over all histograms.
    pub(super) fn check_tables(&mut self, histograms: &[Histogram]) {
        let labels: usize = histograms.iter().map(|h| h.labels.len()).sum();
        let keys: usize = histograms.iter().map(|h| h.keys.len()).sum();
        let stores: usize = histograms
            .iter()
            .filter(|h| !(h.record_into_store.len() == 1 && h.record_into_store[0].value == "main"))
            .map(|h| h.record_into_store.len())
            .sum();
        let bounds = bounds_table_size(histograms);
        let span = histograms.first().map(|h| h.name.span);
        for (what, count, limit) in [
            ("labels", labels, MAX_TABLE_ENTRIES),
            ("declared keys", keys, MAX_TABLE_ENTRIES),
            ("non-default stores", stores, MAX_TABLE_ENTRIES),
            ("bucket-bound entries", bounds, MAX_BOUNDS_TABLE),
        ] {
            if count > limit {
                let diagnostic = Diagnostic::new(
                    &rules::HISTOGRAM_TABLE_LIMITS,
                    format!(
                        "{count} {what} across all histograms; Firefox's generated tables hold at most {limit}"
                    ),
                );
                self.push(match span {
                    Some(span) => diagnostic.at(span),
                    None => diagnostic,
                });
            }
        }
    }
}

/// Entries of Firefox's `gHistogramBucketLowerBounds`: 4, plus (length + 1) per *distinct*
/// ranges array. Distinct parameters bound it from above cheaply; the arrays themselves are
/// compared only when that bound exceeds the table.
fn bounds_table_size(histograms: &[Histogram]) -> usize {
    let layout = |h: &Histogram| {
        let (low, high, n_buckets) = h.parameters();
        (
            h.kind.value == HistogramKind::Exponential,
            low,
            high,
            n_buckets,
        )
    };
    let by_parameters: HashSet<_> = histograms.iter().map(layout).collect();
    let upper_bound = 4 + by_parameters
        .iter()
        .map(|&(_, _, _, n)| usize::try_from(n).unwrap_or(0) + 1)
        .sum::<usize>();
    if upper_bound <= MAX_BOUNDS_TABLE {
        return upper_bound;
    }
    let distinct: HashSet<Vec<i64>> = histograms.iter().filter_map(|h| h.buckets().ok()).collect();
    4 + distinct.iter().map(|r| r.len() + 1).sum::<usize>()
}
