//! The generator's own checks, run with every check of the definitions (see
//! [`crate::check`]): Rust name collisions, layouts the runtime cannot store, keyed string
//! scalars. Everything here reads the model only, and is cheap.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Histogram, HistogramKind, Registry, Scalar, ScalarKind};
use crate::naming::{self, fixed};
use crate::rules;
use crate::source::Span;

/// Where a name lives: a module path and a namespace, or the members of one enum or struct.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Scope {
    /// Statics and functions of a module.
    Values(String),
    /// Types and modules of a module.
    Types(String),
    /// Variants of an enum, or fields of a struct (its path).
    Members(String),
}

impl Scope {
    fn describe(&self) -> String {
        match self {
            Scope::Values(path) | Scope::Types(path) => format!("module `{path}`"),
            Scope::Members(path) => format!("`{path}`"),
        }
    }
}

struct Seen {
    what: String,
    span: Option<Span>,
    /// The text the name was made from: equal texts are duplicates, which other rules report.
    source: String,
}

/// Collects every generated name and reports the second of two equal ones.
#[derive(Default)]
struct Names {
    scopes: HashMap<Scope, HashMap<String, Seen>>,
    diagnostics: Vec<Diagnostic>,
}

impl Names {
    /// A name of ours (a fixed module or item): it takes the name without a probe.
    fn reserve(&mut self, scope: Scope, name: &str) {
        self.scopes.entry(scope).or_default().insert(
            name.to_string(),
            Seen {
                what: "a name the generator reserves".to_string(),
                span: None,
                source: String::new(),
            },
        );
    }

    fn add(&mut self, scope: Scope, rust: String, what: String, span: Span, probe: &str) {
        self.add_from(scope, rust, what, span, probe, None);
    }

    /// Like `add`, for a name made from `source`: a second name from the same text is a
    /// duplicate (reported by the rules of the definitions), not a collision.
    fn add_from(
        &mut self,
        scope: Scope,
        rust: String,
        what: String,
        span: Span,
        probe: &str,
        source: Option<&str>,
    ) {
        let names = self.scopes.entry(scope.clone()).or_default();
        match names.get(&rust) {
            Some(first) if source.is_some_and(|s| s == first.source) => {}
            Some(first) => {
                let mut diagnostic = Diagnostic::new(
                    &rules::CODEGEN_NAME_COLLISION,
                    format!(
                        "{what} and {} both become `{rust}` in {}",
                        first.what,
                        scope.describe()
                    ),
                )
                .at(span)
                .probe(probe);
                if let Some(first_span) = first.span {
                    diagnostic = diagnostic.label(first_span, format!("{} is here", first.what));
                }
                self.diagnostics.push(diagnostic);
            }
            None => {
                let source = source.unwrap_or_default().to_string();
                names.insert(
                    rust,
                    Seen {
                        what,
                        span: Some(span),
                        source,
                    },
                );
            }
        }
    }
}

fn path(parts: &[&str]) -> String {
    parts.join("::")
}

fn module_path(family: &str, category: &str) -> String {
    let mut parts = vec![fixed::ROOT.to_string(), family.to_string()];
    parts.extend(naming::category_modules(category));
    parts.join("::")
}

/// Reserves the hidden modules of a generated module.
fn reserve_module(names: &mut Names, module: &str, events: bool) {
    names.reserve(Scope::Types(module.to_string()), fixed::META);
    names.reserve(Scope::Types(module.to_string()), fixed::STORAGE);
    if events {
        names.reserve(Scope::Types(module.to_string()), fixed::EVENT_PROBES);
    }
}

/// Every parent module of a category module holds it as a child module.
fn add_category_modules(names: &mut Names, family: &str, category: &str, span: Span, probe: &str) {
    let parts = naming::category_modules(category);
    let mut parent = path(&[fixed::ROOT, family]);
    for part in parts {
        // The same module reached twice is fine; only a type of that name would clash.
        let scope = Scope::Types(parent.clone());
        let entry = names.scopes.entry(scope).or_default();
        match entry.get(&part) {
            Some(seen) if seen.what.starts_with("the module of category") => {}
            _ => names.add(
                Scope::Types(parent.clone()),
                part.clone(),
                format!("the module of category `{category}`"),
                span,
                probe,
            ),
        }
        parent = format!("{parent}::{part}");
    }
}

fn members(
    names: &mut Names,
    owner: &str,
    items: &[crate::model::Spanned<String>],
    what: &str,
    probe: &str,
) {
    for item in items {
        names.add_from(
            Scope::Members(owner.to_string()),
            naming::variant(&item.value),
            format!("{what} `{}`", item.value),
            item.span,
            probe,
            Some(&item.value),
        );
    }
}

fn histogram_names(names: &mut Names, histogram: &Histogram) {
    let module = path(&[fixed::ROOT, fixed::HISTOGRAMS]);
    let probe = histogram.name.value.as_str();
    let span = histogram.name.span;
    names.add(
        Scope::Values(module.clone()),
        naming::histogram_static(histogram),
        format!("histogram `{probe}`"),
        span,
        probe,
    );
    if histogram.kind.value == HistogramKind::Categorical && !histogram.labels.is_empty() {
        let name = naming::histogram_label_enum(histogram);
        names.add(
            Scope::Types(module.clone()),
            name.clone(),
            format!("the label enum of histogram `{probe}`"),
            span,
            probe,
        );
        members(
            names,
            &format!("{module}::{name}"),
            &histogram.labels,
            "label",
            probe,
        );
    }
    if histogram.keyed && !histogram.keys.is_empty() {
        let name = naming::histogram_key_enum(histogram);
        names.add(
            Scope::Types(module.clone()),
            name.clone(),
            format!("the key enum of histogram `{probe}`"),
            span,
            probe,
        );
        members(
            names,
            &format!("{module}::{name}"),
            &histogram.keys,
            "key",
            probe,
        );
    }
}

fn scalar_names(names: &mut Names, scalar: &Scalar) {
    let module = module_path(fixed::SCALARS, &scalar.category.value);
    let label = scalar.label();
    let span = scalar.name.span;
    add_category_modules(names, fixed::SCALARS, &scalar.category.value, span, &label);
    reserve_module(names, &module, false);
    names.add(
        Scope::Values(module.clone()),
        naming::scalar_static(scalar),
        format!("scalar `{label}`"),
        span,
        &label,
    );
    if scalar.keyed && !scalar.keys.is_empty() {
        let name = naming::scalar_key_enum(scalar);
        names.add(
            Scope::Types(module.clone()),
            name.clone(),
            format!("the key enum of scalar `{label}`"),
            span,
            &label,
        );
        members(
            names,
            &format!("{module}::{name}"),
            &scalar.keys,
            "key",
            &label,
        );
    }
}

fn event_names(names: &mut Names, event: &crate::model::Event) {
    let module = module_path(fixed::EVENTS, &event.category.value);
    let id = format!("{}.{}", event.category.value, event.name.value);
    let span = event.name.span;
    add_category_modules(names, fixed::EVENTS, &event.category.value, span, &id);
    reserve_module(names, &module, true);
    names.add(
        Scope::Values(format!("{module}::{}", fixed::EVENT_PROBES)),
        naming::event_static(event),
        format!("event `{id}`"),
        span,
        &id,
    );
    for method in &event.methods {
        for object in &event.objects {
            names.add_from(
                Scope::Values(module.clone()),
                naming::event_function(&method.value, &object.value),
                format!(
                    "the function of event `{id}` for method `{}` and object `{}`",
                    method.value, object.value
                ),
                object.span,
                &id,
                Some(&format!("{id}#{}#{}", method.value, object.value)),
            );
        }
    }
    if !event.extra_keys.is_empty() {
        let name = naming::event_extra_struct(event);
        names.add(
            Scope::Types(module.clone()),
            name.clone(),
            format!("the extras struct of event `{id}`"),
            span,
            &id,
        );
        for key in &event.extra_keys {
            names.add_from(
                Scope::Members(format!("{module}::{name}")),
                naming::extra_field(&key.name.value),
                format!("extra key `{}`", key.name.value),
                key.name.span,
                &id,
                Some(&key.name.value),
            );
        }
    }
}

/// Every bound must fit the runtime's `u32` table. (Repeated bounds — a linear layout narrower
/// than its bucket count — are stored as Firefox stores them.)
pub(crate) fn layout_problem(histogram: &Histogram) -> Option<String> {
    let (low, high, n_buckets) = histogram.parameters();
    let fits = |v: i64| u32::try_from(v).is_ok();
    if !fits(low) || !fits(high) || !fits(n_buckets) {
        return Some(format!(
            "the layout (low {low}, high {high}, {n_buckets} buckets) does not fit the runtime's 32-bit bounds"
        ));
    }
    None
}

/// The generator's checks over a whole registry.
pub fn check(registry: &Registry, diagnostics: &mut Diagnostics) {
    let mut names = Names::default();
    for hidden in [fixed::META, fixed::STORAGE] {
        names.reserve(
            Scope::Types(path(&[fixed::ROOT, fixed::HISTOGRAMS])),
            hidden,
        );
    }
    for histogram in &registry.histograms {
        histogram_names(&mut names, histogram);
        if let Some(problem) = layout_problem(histogram) {
            let span = histogram
                .n_buckets
                .as_ref()
                .or(histogram.high.as_ref())
                .map_or(histogram.kind.span, |s| s.span);
            diagnostics.push(
                Diagnostic::new(&rules::CODEGEN_UNSUPPORTED_LAYOUT, problem)
                    .at(span)
                    .probe(&histogram.name.value),
            );
        }
    }
    for scalar in &registry.scalars {
        scalar_names(&mut names, scalar);
        if scalar.keyed && scalar.kind.value == ScalarKind::String {
            diagnostics.push(
                Diagnostic::new(
                    &rules::CODEGEN_KEYED_STRING_SCALAR,
                    format!(
                        "keyed string scalar `{}` never records: Firefox creates no storage for it",
                        scalar.label()
                    ),
                )
                .at(scalar.kind.span)
                .probe(scalar.label()),
            );
        }
    }
    for event in &registry.events {
        event_names(&mut names, event);
    }
    for diagnostic in names.diagnostics {
        diagnostics.push(diagnostic);
    }
}
