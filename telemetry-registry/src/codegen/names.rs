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

/// A probe: `NAME` (histograms) or `category.name`.
#[derive(Clone, Copy)]
struct ProbeId<'a> {
    category: Option<&'a str>,
    name: &'a str,
}

impl std::fmt::Display for ProbeId<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.category {
            Some(category) => write!(f, "{category}.{}", self.name),
            None => f.write_str(self.name),
        }
    }
}

/// What a generated name stands for. Put in words only when two names collide, so that the
/// check allocates nothing per name beyond the name itself.
#[derive(Clone, Copy)]
enum What<'a> {
    Reserved,
    CategoryModule(&'a str),
    Histogram(ProbeId<'a>),
    LabelEnum(ProbeId<'a>),
    HistogramKeyEnum(ProbeId<'a>),
    Scalar(ProbeId<'a>),
    ScalarKeyEnum(ProbeId<'a>),
    Event(ProbeId<'a>),
    EventFunction {
        event: ProbeId<'a>,
        method: &'a str,
        object: &'a str,
    },
    ExtrasStruct(ProbeId<'a>),
    /// A label, key or extra key: its kind and its text.
    Member(&'static str, &'a str),
}

impl What<'_> {
    fn describe(&self) -> String {
        match self {
            What::Reserved => "a name the generator reserves".to_string(),
            What::CategoryModule(category) => format!("the module of category `{category}`"),
            What::Histogram(probe) => format!("histogram `{probe}`"),
            What::LabelEnum(probe) => format!("the label enum of histogram `{probe}`"),
            What::HistogramKeyEnum(probe) => format!("the key enum of histogram `{probe}`"),
            What::Scalar(probe) => format!("scalar `{probe}`"),
            What::ScalarKeyEnum(probe) => format!("the key enum of scalar `{probe}`"),
            What::Event(probe) => format!("event `{probe}`"),
            What::EventFunction {
                event,
                method,
                object,
            } => format!(
                "the function of event `{event}` for method `{method}` and object `{object}`"
            ),
            What::ExtrasStruct(probe) => format!("the extras struct of event `{probe}`"),
            What::Member(kind, value) => format!("{kind} `{value}`"),
        }
    }
}

/// The text a name was made from: two names from equal texts are duplicates, which other rules
/// report, not a collision.
type Source<'a> = [&'a str; 4];

struct Seen<'a> {
    what: What<'a>,
    span: Option<Span>,
    source: Option<Source<'a>>,
}

/// Collects every generated name and reports the second of two equal ones.
#[derive(Default)]
struct Names<'a> {
    scopes: HashMap<Scope, HashMap<String, Seen<'a>>>,
    /// The module path of each (family, category) already added: categories repeat for every
    /// probe in them, their modules are added once.
    categories: HashMap<(&'static str, &'a str), String>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Names<'a> {
    /// A name of ours (a fixed module or item): it takes the name without a probe.
    fn reserve(&mut self, scope: Scope, name: &str) {
        self.scope(scope).insert(
            name.to_string(),
            Seen {
                what: What::Reserved,
                span: None,
                source: None,
            },
        );
    }

    /// The module of a scalar or event category, adding it (and its parents) on first use.
    fn category_module(
        &mut self,
        family: &'static str,
        category: &'a str,
        span: Span,
        probe: ProbeId<'a>,
        events: bool,
    ) -> String {
        if let Some(module) = self.categories.get(&(family, category)) {
            return module.clone();
        }
        let module = module_path(family, category);
        add_category_modules(self, family, category, span, probe);
        reserve_module(self, &module, events);
        self.categories.insert((family, category), module.clone());
        module
    }

    fn scope(&mut self, scope: Scope) -> &mut HashMap<String, Seen<'a>> {
        self.scopes.entry(scope).or_default()
    }

    fn add(&mut self, scope: &Scope, rust: String, what: What<'a>, span: Span, probe: ProbeId<'a>) {
        self.add_from(scope, rust, what, span, probe, None);
    }

    /// Like `add`, for a name made from `source`: a second name from the same text is a
    /// duplicate (reported by the rules of the definitions), not a collision.
    fn add_from(
        &mut self,
        scope: &Scope,
        rust: String,
        what: What<'a>,
        span: Span,
        probe: ProbeId<'a>,
        source: Option<Source<'a>>,
    ) {
        let names = match self.scopes.get_mut(scope) {
            Some(names) => names,
            None => self.scopes.entry(scope.clone()).or_default(),
        };
        match names.get(&rust) {
            Some(first) if source.is_some() && source == first.source => {}
            Some(first) => {
                let first_what = first.what.describe();
                let mut diagnostic = Diagnostic::new(
                    &rules::CODEGEN_NAME_COLLISION,
                    format!(
                        "{} and {first_what} both become `{rust}` in {}",
                        what.describe(),
                        scope.describe()
                    ),
                )
                .at(span)
                .probe(probe.to_string());
                if let Some(first_span) = first.span {
                    diagnostic = diagnostic.label(first_span, format!("{first_what} is here"));
                }
                self.diagnostics.push(diagnostic);
            }
            None => {
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
fn reserve_module(names: &mut Names<'_>, module: &str, events: bool) {
    let scope = Scope::Types(module.to_string());
    names.reserve(scope.clone(), fixed::META);
    names.reserve(scope.clone(), fixed::STORAGE);
    if events {
        names.reserve(scope, fixed::EVENT_PROBES);
    }
}

/// Every parent module of a category module holds it as a child module.
fn add_category_modules<'a>(
    names: &mut Names<'a>,
    family: &str,
    category: &'a str,
    span: Span,
    probe: ProbeId<'a>,
) {
    let parts = naming::category_modules(category);
    let mut parent = path(&[fixed::ROOT, family]);
    for part in parts {
        // The same module reached twice is fine; only a type of that name would clash.
        let scope = Scope::Types(parent.clone());
        let is_module = names
            .scopes
            .get(&scope)
            .and_then(|entry| entry.get(&part))
            .is_some_and(|seen| matches!(seen.what, What::CategoryModule(_)));
        if !is_module {
            names.add(
                &scope,
                part.clone(),
                What::CategoryModule(category),
                span,
                probe,
            );
        }
        parent.push_str("::");
        parent.push_str(&part);
    }
}

fn members<'a>(
    names: &mut Names<'a>,
    owner: String,
    items: &'a [crate::model::Spanned<String>],
    kind: &'static str,
    probe: ProbeId<'a>,
) {
    let scope = Scope::Members(owner);
    for item in items {
        names.add_from(
            &scope,
            naming::variant(&item.value),
            What::Member(kind, &item.value),
            item.span,
            probe,
            Some([&item.value, "", "", ""]),
        );
    }
}

fn histogram_names<'a>(names: &mut Names<'a>, module: &Scope, histogram: &'a Histogram) {
    let Scope::Types(types) = module else {
        return;
    };
    let probe = ProbeId {
        category: None,
        name: &histogram.name.value,
    };
    let span = histogram.name.span;
    names.add(
        &Scope::Values(types.clone()),
        naming::histogram_static(histogram),
        What::Histogram(probe),
        span,
        probe,
    );
    if histogram.kind.value == HistogramKind::Categorical && !histogram.labels.is_empty() {
        let name = naming::histogram_label_enum(histogram);
        let owner = format!("{types}::{name}");
        names.add(module, name, What::LabelEnum(probe), span, probe);
        members(names, owner, &histogram.labels, "label", probe);
    }
    if histogram.keyed && !histogram.keys.is_empty() {
        let name = naming::histogram_key_enum(histogram);
        let owner = format!("{types}::{name}");
        names.add(module, name, What::HistogramKeyEnum(probe), span, probe);
        members(names, owner, &histogram.keys, "key", probe);
    }
}

fn scalar_names<'a>(names: &mut Names<'a>, scalar: &'a Scalar) {
    let probe = ProbeId {
        category: Some(&scalar.category.value),
        name: &scalar.name.value,
    };
    let span = scalar.name.span;
    let module = names.category_module(fixed::SCALARS, &scalar.category.value, span, probe, false);
    names.add(
        &Scope::Values(module.clone()),
        naming::scalar_static(scalar),
        What::Scalar(probe),
        span,
        probe,
    );
    if scalar.keyed && !scalar.keys.is_empty() {
        let name = naming::scalar_key_enum(scalar);
        let owner = format!("{module}::{name}");
        names.add(
            &Scope::Types(module),
            name,
            What::ScalarKeyEnum(probe),
            span,
            probe,
        );
        members(names, owner, &scalar.keys, "key", probe);
    }
}

fn event_names<'a>(names: &mut Names<'a>, event: &'a crate::model::Event) {
    let probe = ProbeId {
        category: Some(&event.category.value),
        name: &event.name.value,
    };
    let span = event.name.span;
    let module = names.category_module(fixed::EVENTS, &event.category.value, span, probe, true);
    names.add(
        &Scope::Values(format!("{module}::{}", fixed::EVENT_PROBES)),
        naming::event_static(event),
        What::Event(probe),
        span,
        probe,
    );
    let functions = Scope::Values(module.clone());
    for method in &event.methods {
        for object in &event.objects {
            names.add_from(
                &functions,
                naming::event_function(&method.value, &object.value),
                What::EventFunction {
                    event: probe,
                    method: &method.value,
                    object: &object.value,
                },
                object.span,
                probe,
                // The same event (category and name) with the same pair.
                Some([
                    &event.category.value,
                    &event.name.value,
                    &method.value,
                    &object.value,
                ]),
            );
        }
    }
    if !event.extra_keys.is_empty() {
        let name = naming::event_extra_struct(event);
        let owner = format!("{module}::{name}");
        names.add(
            &Scope::Types(module),
            name,
            What::ExtrasStruct(probe),
            span,
            probe,
        );
        let scope = Scope::Members(owner);
        for key in &event.extra_keys {
            names.add_from(
                &scope,
                naming::extra_field(&key.name.value),
                What::Member("extra key", &key.name.value),
                key.name.span,
                probe,
                Some([&key.name.value, "", "", ""]),
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
    let histograms = Scope::Types(path(&[fixed::ROOT, fixed::HISTOGRAMS]));
    for hidden in [fixed::META, fixed::STORAGE] {
        names.reserve(histograms.clone(), hidden);
    }
    for histogram in &registry.histograms {
        histogram_names(&mut names, &histograms, histogram);
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
