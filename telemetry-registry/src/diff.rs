//! `telemetry-lint diff BASE HEAD`: every change between two definition sets, classified field
//! by field per probe, each class a `diff/` rule of the catalogue ([`crate::rules::DIFF_RULES`])
//! with a default severity (breaking changes are errors).
//!
//! Probes are matched by identity (`NAME` for histograms, `category.name` for scalars and
//! events). A probe only in BASE and one only in HEAD, of the same type and the same *shape*
//! (kind, bucket parameters, labels, keys; an event's methods, objects and extra keys), whose
//! names are close (edit distance at most a third of the name) or whose descriptions are
//! identical, are a rename when the pairing is unambiguous. A renamed pair is then compared
//! field by field like any other pair.
//!
//! Both sides are compared as loaded, whatever diagnostics their checks produced: the model keeps
//! a best-effort reading of every probe.
//!
//! [`diff`] returns a [`DiffReport`]: the changes, and one [`SourceMap`] holding the files of
//! both sides, so that [`DiffReport::diagnostics`] can be rendered by every renderer unchanged.
//! The primary span of a change is in HEAD when the probe exists there, else in BASE; the other
//! side's span is a secondary label.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Loaded;
use crate::model::{Collection, Event, Expiry, Histogram, HistogramKind, Scalar, Spanned};
use crate::render::Summary;
use crate::rules::{self, Rule};
use crate::source::{FileId, SourceMap, Span};

/// The three probe types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProbeType {
    Histogram,
    Scalar,
    Event,
}

impl ProbeType {
    pub fn as_str(self) -> &'static str {
        match self {
            ProbeType::Histogram => "histogram",
            ProbeType::Scalar => "scalar",
            ProbeType::Event => "event",
        }
    }
}

/// How changes are reported.
#[derive(Clone, Debug, Default)]
pub struct DiffOptions {
    /// Severity overrides by change class (`diff/removed` → warning, …). The integration point
    /// for the `[diff]` section of the config file.
    pub severities: HashMap<String, Severity>,
    /// Change classes not reported at all.
    pub disabled: HashSet<String>,
    /// Probe types not compared (e.g. because a side's file of that type did not parse).
    pub skip: HashSet<ProbeType>,
}

impl DiffOptions {
    fn severity(&self, rule: &Rule) -> Severity {
        self.severities
            .get(rule.id)
            .copied()
            .unwrap_or(rule.severity)
    }
}

/// One classified change of one probe.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The change class (a `diff/` rule).
    pub rule: &'static Rule,
    pub severity: Severity,
    pub probe_type: ProbeType,
    /// The probe's identity in HEAD (in BASE for a removed probe).
    pub probe: String,
    pub message: String,
    /// Where the changed value is in BASE (a span of the BASE [`Loaded`]).
    pub base: Option<Span>,
    /// Where the changed value is in HEAD (a span of the HEAD [`Loaded`]).
    pub head: Option<Span>,
}

/// The changes between two sets, with the files of both sides.
#[derive(Debug)]
pub struct DiffReport {
    /// BASE's files, then HEAD's.
    pub sources: SourceMap,
    pub changes: Vec<Change>,
    /// Distinct probes compared (in either set).
    pub probes: usize,
    head_offset: u32,
}

impl DiffReport {
    /// A span of the HEAD [`Loaded`] moved into [`DiffReport::sources`].
    pub fn head_span(&self, span: Span) -> Span {
        Span {
            file: FileId(span.file.0.saturating_add(self.head_offset)),
            ..span
        }
    }

    /// The changes as diagnostics over [`DiffReport::sources`], for any renderer.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.changes
            .iter()
            .map(|change| {
                let mut diagnostic = Diagnostic::new(change.rule, change.message.clone())
                    .severity(change.severity)
                    .probe(change.probe.clone());
                match (change.base, change.head) {
                    (base, Some(head)) => {
                        diagnostic = diagnostic.at(self.head_span(head));
                        if let Some(base) = base {
                            diagnostic = diagnostic.label(base, "before");
                        }
                    }
                    (Some(base), None) => diagnostic = diagnostic.at(base),
                    (None, None) => {}
                }
                diagnostic
            })
            .collect()
    }

    pub fn summary(&self) -> Summary {
        let count = |s| self.changes.iter().filter(|c| c.severity == s).count();
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            notes: count(Severity::Note),
            probes: self.probes,
        }
    }

    /// The number of changes of each class, by rule id.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for change in &self.changes {
            *counts.entry(change.rule.id).or_insert(0) += 1;
        }
        counts
    }
}

/// Compares BASE with HEAD (the report holds copies of both sides' files).
pub fn diff(base: &Loaded, head: &Loaded, options: &DiffOptions) -> DiffReport {
    let (changes, probes) = classify(base, head, options);
    let mut sources = base.sources.clone();
    let head_offset = sources.append(head.sources.clone());
    DiffReport {
        sources,
        changes,
        probes,
        head_offset,
    }
}

/// [`diff`], moving the sides' files into the report instead of copying them. The sides keep
/// their models and diagnostics, for the caller to drop when it likes (a command-line run ends
/// without freeing them: that costs more than the whole comparison).
pub fn diff_moving_sources(
    base: &mut Loaded,
    head: &mut Loaded,
    options: &DiffOptions,
) -> DiffReport {
    let (changes, probes) = classify(base, head, options);
    let mut sources = std::mem::take(&mut base.sources);
    let head_offset = sources.append(std::mem::take(&mut head.sources));
    DiffReport {
        sources,
        changes,
        probes,
        head_offset,
    }
}

/// The changes, and the number of distinct probes compared.
fn classify(base: &Loaded, head: &Loaded, options: &DiffOptions) -> (Vec<Change>, usize) {
    let mut out = Changes {
        options,
        changes: Vec::new(),
    };
    let mut probes = 0;
    let types = [
        (
            ProbeType::Histogram,
            views_of(&base.registry.histograms, View::histogram),
            views_of(&head.registry.histograms, View::histogram),
        ),
        (
            ProbeType::Scalar,
            views_of(&base.registry.scalars, View::scalar),
            views_of(&head.registry.scalars, View::scalar),
        ),
        (
            ProbeType::Event,
            views_of(&base.registry.events, View::event),
            views_of(&head.registry.events, View::event),
        ),
    ];
    for (probe_type, base_views, head_views) in types {
        if options.skip.contains(&probe_type) {
            continue;
        }
        probes += compare_sets(&mut out, &base_views, &head_views);
    }
    (out.changes, probes)
}

// ---- a uniform view of the three probe types --------------------------------------------------

/// What the diff reads of a probe, whatever its type.
struct View<'a> {
    probe_type: ProbeType,
    id: String,
    name: Span,
    description: Option<&'a str>,
    /// Histogram kind or scalar type.
    kind: Option<Spanned<&'static str>>,
    histogram: Option<&'a Histogram>,
    keyed: Option<bool>,
    keys: &'a [Spanned<String>],
    processes: &'a [Spanned<String>],
    products: Option<&'a [Spanned<String>]>,
    stores: Option<&'a [Spanned<String>]>,
    collection: &'a Spanned<Collection>,
    expires: Option<&'a Expiry>,
    methods: &'a [Spanned<String>],
    objects: &'a [Spanned<String>],
    extra_keys: Vec<&'a Spanned<String>>,
}

fn views_of<'a, T>(items: &'a [T], view: fn(&'a T) -> View<'a>) -> Vec<View<'a>> {
    items.iter().map(view).collect()
}

impl<'a> View<'a> {
    fn histogram(h: &'a Histogram) -> View<'a> {
        View {
            probe_type: ProbeType::Histogram,
            id: h.name.value.clone(),
            name: h.name.span,
            description: h.description.as_ref().map(|d| d.value.as_str()),
            kind: Some(Spanned::new(h.kind.value.as_str(), h.kind.span)),
            histogram: Some(h),
            keyed: Some(h.keyed),
            keys: &h.keys,
            processes: &h.record_in_processes,
            products: h.products.as_deref(),
            stores: Some(&h.record_into_store),
            collection: &h.collection,
            expires: h.expires.as_ref(),
            methods: &[],
            objects: &[],
            extra_keys: Vec::new(),
        }
    }

    fn scalar(s: &'a Scalar) -> View<'a> {
        View {
            probe_type: ProbeType::Scalar,
            id: s.label(),
            name: s.name.span,
            description: s.description.as_ref().map(|d| d.value.as_str()),
            kind: Some(Spanned::new(s.kind.value.as_str(), s.kind.span)),
            histogram: None,
            keyed: Some(s.keyed),
            keys: &s.keys,
            processes: &s.record_in_processes,
            products: s.products.as_deref(),
            stores: Some(&s.record_into_store),
            collection: &s.collection,
            expires: s.expires.as_ref(),
            methods: &[],
            objects: &[],
            extra_keys: Vec::new(),
        }
    }

    fn event(e: &'a Event) -> View<'a> {
        View {
            probe_type: ProbeType::Event,
            id: format!("{}.{}", e.category.value, e.name.value),
            name: e.name.span,
            description: e.description.as_ref().map(|d| d.value.as_str()),
            kind: None,
            histogram: None,
            keyed: None,
            keys: &[],
            processes: &e.record_in_processes,
            products: e.products.as_deref(),
            stores: None,
            collection: &e.collection,
            expires: e.expires.as_ref(),
            methods: &e.methods,
            objects: &e.objects,
            extra_keys: e.extra_keys.iter().map(|k| &k.name).collect(),
        }
    }

    /// What a rename keeps: the type, kind, keys, bucket parameters and labels, or an event's
    /// methods, objects and extra keys.
    fn shape(&self) -> String {
        let list = |items: &[Spanned<String>]| {
            items
                .iter()
                .map(|i| format!("{:?}", i.value))
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut shape = format!(
            "{}|{}|{:?}|keys[{}]",
            self.probe_type.as_str(),
            self.kind.as_ref().map(|k| k.value).unwrap_or(""),
            self.keyed,
            list(self.keys)
        );
        if let Some(h) = self.histogram {
            let (low, high, n_buckets) = h.parameters();
            shape.push_str(&format!(
                "|{low},{high},{n_buckets}|labels[{}]",
                list(&h.labels)
            ));
        }
        if self.probe_type == ProbeType::Event {
            let extras: Vec<String> = self
                .extra_keys
                .iter()
                .map(|k| format!("{:?}", k.value))
                .collect();
            shape.push_str(&format!(
                "|methods[{}]|objects[{}]|extras[{}]",
                list(self.methods),
                list(self.objects),
                extras.join(",")
            ));
        }
        shape
    }
}

// ---- matching -----------------------------------------------------------------------------------

struct Changes<'o> {
    options: &'o DiffOptions,
    changes: Vec<Change>,
}

impl Changes<'_> {
    fn push(
        &mut self,
        rule: &'static Rule,
        view: &View<'_>,
        message: String,
        base: Option<Span>,
        head: Option<Span>,
    ) {
        if self.options.disabled.contains(rule.id) {
            return;
        }
        // Defaults filled in by the checks carry no span: point at the probe's name instead
        // (HEAD), or leave the label out (BASE).
        let absent = Span::default();
        let head = head.map(|s| if s == absent { view.name } else { s });
        let base = base.filter(|s| *s != absent);
        self.changes.push(Change {
            rule,
            severity: self.options.severity(rule),
            probe_type: view.probe_type,
            probe: view.id.clone(),
            message,
            base,
            head,
        });
    }
}

/// Compares the probes of one type; returns the number of distinct probes.
fn compare_sets(out: &mut Changes<'_>, base: &[View<'_>], head: &[View<'_>]) -> usize {
    let base_by_id: HashMap<&str, &View<'_>> = base.iter().map(|v| (v.id.as_str(), v)).collect();
    let head_ids: HashSet<&str> = head.iter().map(|v| v.id.as_str()).collect();
    let removed: Vec<&View<'_>> = base
        .iter()
        .filter(|v| !head_ids.contains(v.id.as_str()))
        .collect();
    let added: Vec<&View<'_>> = head
        .iter()
        .filter(|v| !base_by_id.contains_key(v.id.as_str()))
        .collect();
    let renames = match_renames(&removed, &added);
    let renamed_from: HashMap<&str, &View<'_>> = renames
        .iter()
        .map(|(old, new)| (new.id.as_str(), *old))
        .collect();
    let renamed_old: HashSet<&str> = renames.iter().map(|(old, _)| old.id.as_str()).collect();

    for new in head {
        if let Some(old) = base_by_id.get(new.id.as_str()) {
            compare_probe(out, old, new);
        } else if let Some(old) = renamed_from.get(new.id.as_str()) {
            out.push(
                &rules::DIFF_RENAMED,
                new,
                format!(
                    "{} {:?} is renamed to {:?} (the same shape)",
                    new.probe_type.as_str(),
                    old.id,
                    new.id
                ),
                Some(old.name),
                Some(new.name),
            );
            compare_probe(out, old, new);
        } else {
            out.push(
                &rules::DIFF_ADDED,
                new,
                format!("new {} {:?}", new.probe_type.as_str(), new.id),
                None,
                Some(new.name),
            );
        }
    }
    for old in &removed {
        if !renamed_old.contains(old.id.as_str()) {
            out.push(
                &rules::DIFF_REMOVED,
                old,
                format!("{} {:?} is removed", old.probe_type.as_str(), old.id),
                Some(old.name),
                None,
            );
        }
    }
    base.len() + added.len()
}

/// Unambiguous (removed, added) pairs of the same shape whose names are close (an edit distance
/// of at most a third of the longer name) or whose descriptions are identical. A pair is taken
/// only when neither probe has another candidate.
fn match_renames<'v, 'a>(
    removed: &[&'v View<'a>],
    added: &[&'v View<'a>],
) -> Vec<(&'v View<'a>, &'v View<'a>)> {
    type Group<'v, 'a> = (Vec<&'v View<'a>>, Vec<&'v View<'a>>);
    let mut groups: HashMap<String, Group<'v, 'a>> = HashMap::new();
    for view in removed {
        groups.entry(view.shape()).or_default().0.push(view);
    }
    for view in added {
        if let Some(group) = groups.get_mut(&view.shape()) {
            group.1.push(view);
        }
    }
    let mut pairs = Vec::new();
    for (olds, news) in groups.values() {
        if olds.is_empty() || news.is_empty() {
            continue;
        }
        let candidates: Vec<(usize, usize)> = olds
            .iter()
            .enumerate()
            .flat_map(|(i, old)| {
                news.iter()
                    .enumerate()
                    .filter(|(_, new)| related(old, new))
                    .map(move |(j, _)| (i, j))
            })
            .collect();
        for &(i, j) in &candidates {
            let old_alone = candidates.iter().filter(|c| c.0 == i).count() == 1;
            let new_alone = candidates.iter().filter(|c| c.1 == j).count() == 1;
            if old_alone && new_alone {
                pairs.push((olds[i], news[j]));
            }
        }
    }
    // In the order of the removed probes' definitions.
    pairs.sort_by_key(|(old, _)| (old.name.file, old.name.start, old.id.clone()));
    pairs
}

/// Whether two probes of the same shape are plausibly one renamed.
fn related(old: &View<'_>, new: &View<'_>) -> bool {
    if old.description.is_some() && old.description == new.description {
        return true;
    }
    // The limit follows the names without their category (a long shared category says nothing).
    let short = |id: &str| id.rsplit('.').next().unwrap_or(id).len();
    let limit = short(&old.id).max(short(&new.id)) / 3;
    edit_distance_within(old.id.as_bytes(), new.id.as_bytes(), limit)
}

/// Whether the Levenshtein distance of `a` and `b` is at most `limit` (banded, so cheap for a
/// small limit).
fn edit_distance_within(a: &[u8], b: &[u8], limit: usize) -> bool {
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    let big = limit + 1;
    // Probe names are short: two rows on the stack avoid an allocation per compared pair
    // (rename matching compares every removed probe with every added one of the same shape).
    const STACK: usize = 128;
    let (mut previous_stack, mut current_stack) = ([0usize; STACK], [0usize; STACK]);
    let (mut previous_heap, mut current_heap) = (Vec::new(), Vec::new());
    let (mut previous, mut current): (&mut [usize], &mut [usize]) = if b.len() < STACK {
        (
            &mut previous_stack[..=b.len()],
            &mut current_stack[..=b.len()],
        )
    } else {
        previous_heap.resize(b.len() + 1, 0);
        current_heap.resize(b.len() + 1, 0);
        (&mut previous_heap[..], &mut current_heap[..])
    };
    for (j, slot) in previous.iter_mut().enumerate() {
        *slot = j.min(big);
    }
    for i in 1..=a.len() {
        let from = i.saturating_sub(limit).max(1);
        let to = (i + limit).min(b.len());
        current.iter_mut().for_each(|c| *c = big);
        current[0] = i.min(big);
        let mut best = current[0];
        for j in from..=to {
            let substitute = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let value = substitute
                .min(previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(big);
            current[j] = value;
            best = best.min(value);
        }
        if best > limit {
            return false;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()] <= limit
}

// ---- field-level comparison -------------------------------------------------------------------

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("{i:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural<'s>(n: usize, one: &'s str, many: &'s str) -> &'s str {
    if n == 1 { one } else { many }
}

/// The span of a list: from its first to its last element (`None` when empty).
fn list_span(items: &[Spanned<String>]) -> Option<Span> {
    let absent = Span::default();
    let first = items.iter().map(|i| i.span).find(|s| *s != absent)?;
    let last = items.iter().map(|i| i.span).rfind(|s| *s != absent)?;
    if first.file != last.file || last.end < first.start {
        return Some(first);
    }
    Some(Span {
        end: last.end,
        ..first
    })
}

fn compare_probe(out: &mut Changes<'_>, old: &View<'_>, new: &View<'_>) {
    let kind_changed = match (&old.kind, &new.kind) {
        (Some(a), Some(b)) if a.value != b.value => {
            let what = match new.probe_type {
                ProbeType::Scalar => "type",
                _ => "kind",
            };
            out.push(
                &rules::DIFF_KIND_CHANGED,
                new,
                format!("the {what} changes from {:?} to {:?}", a.value, b.value),
                Some(a.span),
                Some(b.span),
            );
            true
        }
        _ => false,
    };
    if let (Some(a), Some(b), false) = (old.histogram, new.histogram, kind_changed) {
        compare_buckets(out, new, a, b);
        if a.kind.value == HistogramKind::Categorical {
            compare_labels(out, new, a, b);
        }
    }
    let keyed_changed = match (old.keyed, new.keyed) {
        (Some(a), Some(b)) if a != b => {
            out.push(
                &rules::DIFF_KEYED_CHANGED,
                new,
                if b {
                    "the probe becomes keyed".to_string()
                } else {
                    "the probe is no longer keyed".to_string()
                },
                Some(old.name),
                Some(new.name),
            );
            true
        }
        _ => false,
    };
    if !keyed_changed && old.keyed == Some(true) {
        compare_keys(out, old, new);
    }
    compare_processes(out, old, new);
    if let (Some(a), Some(b)) = (old.products, new.products) {
        compare_sets_of(
            out,
            new,
            (a, b),
            "products",
            (
                &rules::DIFF_PRODUCTS_NARROWED,
                &rules::DIFF_PRODUCTS_WIDENED,
            ),
            |s| vec![s.to_string()],
        );
    }
    if let (Some(a), Some(b)) = (old.stores, new.stores) {
        compare_sets_of(
            out,
            new,
            (a, b),
            "stores",
            (&rules::DIFF_STORES_NARROWED, &rules::DIFF_STORES_WIDENED),
            |s| vec![s.to_string()],
        );
    }
    compare_collection(out, old, new);
    compare_expiry(out, old, new);
    if new.probe_type == ProbeType::Event {
        compare_event_lists(out, old, new);
    }
}

fn compare_buckets(out: &mut Changes<'_>, view: &View<'_>, a: &Histogram, b: &Histogram) {
    let value = |p: &Option<Spanned<i64>>| p.as_ref().map(|s| s.value);
    let mut changed: Vec<String> = Vec::new();
    let mut base_span = None;
    let mut head_span = None;
    let mut note = |name: &str,
                    before: Option<i64>,
                    after: Option<i64>,
                    spans: (Option<Span>, Option<Span>)| {
        if before != after {
            let show = |v: Option<i64>| v.map_or("(none)".to_string(), |v| v.to_string());
            changed.push(format!("{name} {} → {}", show(before), show(after)));
            base_span = base_span.or(spans.0);
            head_span = head_span.or(spans.1);
        }
    };
    let span = |p: &Option<Spanned<i64>>| p.as_ref().map(|s| s.span);
    match a.kind.value {
        HistogramKind::Linear | HistogramKind::Exponential => {
            let (low_a, high_a, n_a) = a.parameters();
            let (low_b, high_b, n_b) = b.parameters();
            note(
                "low",
                Some(low_a),
                Some(low_b),
                (span(&a.low), span(&b.low)),
            );
            note(
                "high",
                Some(high_a),
                Some(high_b),
                (span(&a.high), span(&b.high)),
            );
            note(
                "n_buckets",
                Some(n_a),
                Some(n_b),
                (span(&a.n_buckets), span(&b.n_buckets)),
            );
        }
        HistogramKind::Enumerated | HistogramKind::Categorical => note(
            "n_values",
            value(&a.n_values),
            value(&b.n_values),
            (span(&a.n_values), span(&b.n_values)),
        ),
        HistogramKind::Boolean | HistogramKind::Flag | HistogramKind::Count => {}
    }
    if !changed.is_empty() {
        out.push(
            &rules::DIFF_BUCKETS_CHANGED,
            view,
            format!("the bucket layout changes: {}", changed.join(", ")),
            base_span.or(Some(a.kind.span)),
            head_span.or(Some(b.kind.span)),
        );
    }
}

fn compare_labels(out: &mut Changes<'_>, view: &View<'_>, a: &Histogram, b: &Histogram) {
    let before: Vec<&str> = a.labels.iter().map(|l| l.value.as_str()).collect();
    let after: Vec<&str> = b.labels.iter().map(|l| l.value.as_str()).collect();
    if before == after {
        return;
    }
    let after_index: HashMap<&str, usize> = after
        .iter()
        .enumerate()
        .rev()
        .map(|(i, l)| (*l, i))
        .collect();
    let before_set: HashSet<&str> = before.iter().copied().collect();
    let removed: Vec<&str> = before
        .iter()
        .copied()
        .filter(|l| !after_index.contains_key(l))
        .collect();
    let head_span = list_span(&b.labels).or(Some(b.kind.span));
    let base_span = list_span(&a.labels).or(Some(a.kind.span));
    if !removed.is_empty() {
        out.push(
            &rules::DIFF_LABELS_REMOVED,
            view,
            format!(
                "{} {} {} removed; the indices of the labels after {} shift",
                plural(removed.len(), "the label", "the labels"),
                quoted(&removed),
                plural(removed.len(), "is", "are"),
                plural(removed.len(), "it", "them"),
            ),
            base_span,
            head_span,
        );
    }
    // Kept labels: in BASE order, with their HEAD index.
    let kept: Vec<(usize, &str, usize)> = before
        .iter()
        .enumerate()
        .filter_map(|(i, l)| after_index.get(l).map(|j| (i, *l, *j)))
        .collect();
    let order_changed = kept.windows(2).any(|w| w[0].2 > w[1].2);
    let moved: Vec<(usize, &str, usize)> =
        kept.iter().copied().filter(|(i, _, j)| i != j).collect();
    if order_changed || (removed.is_empty() && !moved.is_empty()) {
        let examples: Vec<String> = moved
            .iter()
            .take(3)
            .map(|(i, l, j)| format!("{l:?} {i} → {j}"))
            .collect();
        let more = if moved.len() > 3 {
            format!(" and {} more", moved.len() - 3)
        } else {
            String::new()
        };
        out.push(
            &rules::DIFF_LABELS_REORDERED,
            view,
            format!(
                "the labels' indices change ({}{more}); recorded data changes meaning",
                examples.join(", ")
            ),
            base_span,
            head_span,
        );
    }
    let last_kept = kept.iter().map(|(_, _, j)| *j).max();
    let appended: Vec<&str> = after
        .iter()
        .enumerate()
        .filter(|(j, l)| !before_set.contains(*l) && last_kept.is_none_or(|k| *j > k))
        .map(|(_, l)| *l)
        .collect();
    if !appended.is_empty() && removed.is_empty() && !order_changed && moved.is_empty() {
        let first = b.labels.len() - appended.len();
        out.push(
            &rules::DIFF_LABELS_APPENDED,
            view,
            format!(
                "{} {} {} appended",
                plural(appended.len(), "the label", "the labels"),
                quoted(&appended),
                plural(appended.len(), "is", "are"),
            ),
            base_span,
            list_span(&b.labels[first..]).or(head_span),
        );
    }
}

fn compare_keys(out: &mut Changes<'_>, old: &View<'_>, new: &View<'_>) {
    let before: Vec<&str> = old.keys.iter().map(|k| k.value.as_str()).collect();
    let after: Vec<&str> = new.keys.iter().map(|k| k.value.as_str()).collect();
    let base_span = list_span(old.keys).or(Some(old.name));
    let head_span = list_span(new.keys).or(Some(new.name));
    match (before.is_empty(), after.is_empty()) {
        (true, true) => {}
        (true, false) => out.push(
            &rules::DIFF_KEYS_REMOVED,
            new,
            format!("the probe accepted any key and now only {}", quoted(&after)),
            base_span,
            head_span,
        ),
        (false, true) => out.push(
            &rules::DIFF_KEYS_ADDED,
            new,
            "the probe declared its keys and now accepts any key".to_string(),
            base_span,
            head_span,
        ),
        (false, false) => compare_items(
            out,
            new,
            ("key", "keys"),
            (&before, &after),
            (&rules::DIFF_KEYS_REMOVED, &rules::DIFF_KEYS_ADDED),
            (base_span, head_span),
        ),
    }
}

/// Concrete processes; `all` is every one, `all_children`/`all_childs` every one but `main`.
const PROCESSES: &[&str] = &["main", "content", "gpu", "rdd", "socket", "utility"];

fn expand_process(name: &str) -> Vec<String> {
    match name {
        "all" => PROCESSES.iter().map(|p| p.to_string()).collect(),
        "all_children" | "all_childs" => PROCESSES[1..].iter().map(|p| p.to_string()).collect(),
        other => vec![other.to_string()],
    }
}

fn compare_processes(out: &mut Changes<'_>, old: &View<'_>, new: &View<'_>) {
    compare_sets_of(
        out,
        new,
        (old.processes, new.processes),
        "processes",
        (
            &rules::DIFF_PROCESSES_NARROWED,
            &rules::DIFF_PROCESSES_WIDENED,
        ),
        expand_process,
    );
}

/// Narrowed/widened for a set-valued field, after expanding each item.
fn compare_sets_of(
    out: &mut Changes<'_>,
    view: &View<'_>,
    (before, after): (&[Spanned<String>], &[Spanned<String>]),
    what: &str,
    (narrowed, widened): (&'static Rule, &'static Rule),
    expand: fn(&str) -> Vec<String>,
) {
    let set = |items: &[Spanned<String>]| -> BTreeSet<String> {
        items.iter().flat_map(|i| expand(&i.value)).collect()
    };
    let (a, b) = (set(before), set(after));
    if a == b {
        return;
    }
    let removed: Vec<&str> = a.difference(&b).map(String::as_str).collect();
    let added: Vec<&str> = b.difference(&a).map(String::as_str).collect();
    let base_span = list_span(before);
    let head_span = list_span(after).or(Some(view.name));
    if !removed.is_empty() {
        out.push(
            narrowed,
            view,
            format!("no longer recorded in the {what} {}", quoted(&removed)),
            base_span,
            head_span,
        );
    }
    if !added.is_empty() {
        out.push(
            widened,
            view,
            format!("now also recorded in the {what} {}", quoted(&added)),
            base_span,
            head_span,
        );
    }
}

fn compare_collection(out: &mut Changes<'_>, old: &View<'_>, new: &View<'_>) {
    let (a, b) = (old.collection.value, new.collection.value);
    if a == b {
        return;
    }
    let rule = match b {
        Collection::OptIn => &rules::DIFF_COLLECTION_NARROWED,
        Collection::OptOut => &rules::DIFF_COLLECTION_WIDENED,
    };
    let what = match b {
        Collection::OptIn => "pre-release channels only",
        Collection::OptOut => "every channel, release included",
    };
    out.push(
        rule,
        new,
        format!(
            "collection moves from {} to {} ({what})",
            a.as_str(),
            b.as_str()
        ),
        Some(old.collection.span),
        Some(new.collection.span),
    );
}

/// An expiry's place in time: `never` is after every version; `default`, dates and unparsable
/// values are not comparable.
fn expiry_rank(expiry: &Expiry) -> Option<u64> {
    if expiry.is_never() {
        Some(u64::MAX)
    } else {
        expiry.major()
    }
}

fn compare_expiry(out: &mut Changes<'_>, old: &View<'_>, new: &View<'_>) {
    let (Some(a), Some(b)) = (old.expires, new.expires) else {
        return;
    };
    let (Some(rank_a), Some(rank_b)) = (expiry_rank(a), expiry_rank(b)) else {
        return;
    };
    if rank_a == rank_b {
        return;
    }
    let rule = if rank_b < rank_a {
        &rules::DIFF_EXPIRY_SHORTENED
    } else {
        &rules::DIFF_EXPIRY_EXTENDED
    };
    let verb = if rank_b < rank_a {
        "now expires earlier"
    } else {
        "now expires later"
    };
    out.push(
        rule,
        new,
        format!("{verb}: {:?} → {:?}", a.raw.value, b.raw.value),
        Some(a.raw.span),
        Some(b.raw.span),
    );
}

fn compare_event_lists(out: &mut Changes<'_>, old: &View<'_>, new: &View<'_>) {
    let owned = |items: &[&Spanned<String>]| items.iter().map(|s| (*s).clone()).collect::<Vec<_>>();
    type List = (
        (&'static str, &'static str),
        Vec<Spanned<String>>,
        Vec<Spanned<String>>,
        &'static Rule,
        &'static Rule,
    );
    let lists: [List; 3] = [
        (
            ("method", "methods"),
            old.methods.to_vec(),
            new.methods.to_vec(),
            &rules::DIFF_METHODS_REMOVED,
            &rules::DIFF_METHODS_ADDED,
        ),
        (
            ("object", "objects"),
            old.objects.to_vec(),
            new.objects.to_vec(),
            &rules::DIFF_OBJECTS_REMOVED,
            &rules::DIFF_OBJECTS_ADDED,
        ),
        (
            ("extra key", "extra keys"),
            owned(&old.extra_keys),
            owned(&new.extra_keys),
            &rules::DIFF_EXTRA_KEYS_REMOVED,
            &rules::DIFF_EXTRA_KEYS_ADDED,
        ),
    ];
    for ((one, many), before, after, removed_rule, added_rule) in lists {
        let a: Vec<&str> = before.iter().map(|s| s.value.as_str()).collect();
        let b: Vec<&str> = after.iter().map(|s| s.value.as_str()).collect();
        compare_items(
            out,
            new,
            (one, many),
            (&a, &b),
            (removed_rule, added_rule),
            (
                list_span(&before).or(Some(old.name)),
                list_span(&after).or(Some(new.name)),
            ),
        );
    }
}

/// The items of a list that HEAD dropped (`removed_rule`) and those it introduced
/// (`added_rule`), in list order; `one` and `many` name an item and several.
fn compare_items(
    out: &mut Changes<'_>,
    view: &View<'_>,
    (one, many): (&str, &str),
    (before, after): (&[&str], &[&str]),
    (removed_rule, added_rule): (&'static Rule, &'static Rule),
    (base_span, head_span): (Option<Span>, Option<Span>),
) {
    let removed: Vec<&str> = before
        .iter()
        .copied()
        .filter(|item| !after.contains(item))
        .collect();
    let added: Vec<&str> = after
        .iter()
        .copied()
        .filter(|item| !before.contains(item))
        .collect();
    for (rule, items, verb) in [
        (removed_rule, removed, "removed"),
        (added_rule, added, "added"),
    ] {
        if !items.is_empty() {
            out.push(
                rule,
                view,
                format!(
                    "the {} {} {} {verb}",
                    plural(items.len(), one, many),
                    quoted(&items),
                    plural(items.len(), "is", "are")
                ),
                base_span,
                head_span,
            );
        }
    }
}
