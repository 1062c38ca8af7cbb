//! Rust names for probes: the one place that decides what the generated API calls things, so
//! the code generator, the docs ("the Rust call that records it") and diagnostics agree.
//!
//! Every function returns a valid Rust identifier (or path segment) for any input: characters
//! outside `[A-Za-z0-9_]` become `_`, a leading digit gets a `_` prefix, and keywords become raw
//! identifiers (`r#type`) or, where Rust forbids that (`self`, `crate`, …), get a `_` suffix.
//! The checker has already rejected names Firefox does not accept; these rules only make sure
//! that no text from a definition can ever become anything but an identifier.

use crate::model::{Event, Histogram, Scalar};

/// Strict and reserved keywords of Rust 2024.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Every keyword is 1 to 8 ASCII letters (or `_`); most names are not, and skip the lookup.
fn could_be_keyword(candidate: &str) -> bool {
    candidate.len() <= 8
        && candidate
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'_')
}

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Splits a name into lower-case words at `_`, `.`, `-`, other punctuation, and camelCase
/// boundaries (`enrollFailed` → `enroll`, `failed`; `HTTPRequest` → `http`, `request`).
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let boundary = c.is_ascii_uppercase()
            && !current.is_empty()
            && i > 0
            && (chars[i - 1].is_ascii_lowercase()
                || chars[i - 1].is_ascii_digit()
                || (chars[i - 1].is_ascii_uppercase()
                    && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())));
        if boundary {
            words.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Makes `candidate` (already `[A-Za-z0-9_]*`) a usable identifier.
fn finish(candidate: String) -> String {
    let candidate = if candidate.is_empty() {
        "_".to_string()
    } else if candidate.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{candidate}")
    } else {
        candidate
    };
    if !could_be_keyword(&candidate) {
        candidate
    } else if NOT_RAW.contains(&candidate.as_str()) {
        format!("{candidate}_")
    } else if KEYWORDS.contains(&candidate.as_str()) {
        format!("r#{candidate}")
    } else {
        candidate
    }
}

/// `snake_case`.
pub fn snake_case(name: &str) -> String {
    finish(words(name).join("_"))
}

/// `SCREAMING_SNAKE_CASE`.
pub fn screaming_snake_case(name: &str) -> String {
    finish(words(name).join("_").to_ascii_uppercase())
}

/// `UpperCamelCase`.
pub fn upper_camel_case(name: &str) -> String {
    let joined: String = words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect();
    finish(joined)
}

/// The static of a histogram: `probes::histograms::<this>`. Histogram names are already
/// upper-case C++ identifiers; they are kept as written, upper-cased.
pub fn histogram_static(histogram: &Histogram) -> String {
    let name: String = histogram
        .name
        .value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    finish(name)
}

/// The enum of a categorical histogram's labels (or an enumerated histogram's declared
/// labels): `GC_REASON` → `GcReason`.
pub fn histogram_label_enum(histogram: &Histogram) -> String {
    upper_camel_case(&histogram.name.value)
}

/// The enum of a keyed histogram's declared keys: `GC_MS` → `GcMsKey`.
pub fn histogram_key_enum(histogram: &Histogram) -> String {
    finish(format!(
        "{}Key",
        upper_camel_case(&histogram.name.value).trim_start_matches("r#")
    ))
}

/// A variant of a label or key enum: `ok` → `Ok`, `NOT_FOUND` → `NotFound`.
pub fn variant(label: &str) -> String {
    upper_camel_case(label)
}

/// The module path of a scalar or event category: `browser.engagement` →
/// `["browser", "engagement"]`.
pub fn category_modules(category: &str) -> Vec<String> {
    category.split('.').map(snake_case).collect()
}

/// The static of a scalar: `probes::scalars::<category modules>::<this>`.
pub fn scalar_static(scalar: &Scalar) -> String {
    screaming_snake_case(&scalar.name.value)
}

/// The enum of a keyed scalar's declared keys.
pub fn scalar_key_enum(scalar: &Scalar) -> String {
    finish(format!(
        "{}Key",
        upper_camel_case(&scalar.name.value).trim_start_matches("r#")
    ))
}

/// The recording function of one (method, object) pair of an event:
/// `probes::events::<category modules>::<this>` — `enrollFailed` × `addon_study` →
/// `enroll_failed_addon_study`.
pub fn event_function(method: &str, object: &str) -> String {
    let mut parts = words(method);
    parts.extend(words(object));
    finish(parts.join("_"))
}

/// The typed extras struct of an event: `normandy` `enroll` → `EnrollExtra`.
pub fn event_extra_struct(event: &Event) -> String {
    finish(format!(
        "{}Extra",
        upper_camel_case(&event.name.value).trim_start_matches("r#")
    ))
}

/// A field of an extras struct: `enrollmentId` → `enrollment_id`.
pub fn extra_field(key: &str) -> String {
    snake_case(key)
}

/// The hidden static of an event definition (its runtime probe and metadata):
/// `probes::events::<category modules>::__events::<this>` — `enroll_failed` → `ENROLL_FAILED`.
pub fn event_static(event: &Event) -> String {
    screaming_snake_case(&event.name.value)
}

/// The shared static bound table of a bucket layout, named by its parameters only:
/// `EXPONENTIAL_1_10000_50`, `LINEAR_1_100_20`, and `IDENTITY_11` for the layouts whose bucket
/// `i` is the value `i` (enumerated, categorical, boolean, count, flag).
pub fn bounds_table(
    kind: crate::model::HistogramKind,
    low: i64,
    high: i64,
    n_buckets: i64,
) -> String {
    use crate::model::HistogramKind as Kind;
    let number = |n: i64| n.to_string().replace('-', "M");
    match kind {
        Kind::Exponential => format!(
            "EXPONENTIAL_{}_{}_{}",
            number(low),
            number(high),
            number(n_buckets)
        ),
        Kind::Linear => format!(
            "LINEAR_{}_{}_{}",
            number(low),
            number(high),
            number(n_buckets)
        ),
        _ => format!("IDENTITY_{}", number(n_buckets)),
    }
}

/// The fixed names of the generated module. None of them can come out of the functions above
/// for a probe (they start with `__`, or live where no probe name goes), so they never collide
/// with a probe; the collision check verifies it anyway.
pub mod fixed {
    /// The module the generated file defines: `probes::…`.
    pub const ROOT: &str = "probes";
    pub const HISTOGRAMS: &str = "histograms";
    pub const SCALARS: &str = "scalars";
    pub const EVENTS: &str = "events";
    /// Hidden metadata statics, one module per generated module.
    pub const META: &str = "__meta";
    /// Hidden storage statics (the cells of histograms), one module per generated module.
    pub const STORAGE: &str = "__storage";
    /// Hidden event probe statics, one module per event category module.
    pub const EVENT_PROBES: &str = "__events";
    /// Hidden shared bound tables, in the root module.
    pub const BOUNDS: &str = "__bounds";
    /// Hidden zero-sized handles of expired (and never-recorded) probes, in the root module.
    pub const INERT: &str = "__inert";
    /// The probe set of the whole module, and the function that registers it.
    pub const PROBE_SET: &str = "PROBES";
    pub const REGISTER: &str = "register";
}

/// The Rust call that records into a histogram, as the docs show it.
pub fn histogram_call(histogram: &Histogram) -> String {
    use crate::model::HistogramKind as Kind;
    let target = format!("probes::histograms::{}", histogram_static(histogram));
    let sample = match histogram.kind.value {
        Kind::Boolean => "true".to_string(),
        Kind::Flag => String::new(),
        Kind::Categorical => match histogram.labels.first() {
            Some(label) => format!("{}::{}", histogram_label_enum(histogram), variant(label)),
            None => "0".to_string(),
        },
        _ => "value".to_string(),
    };
    // A flag is set (`set()`), every other kind accumulates.
    let flag = histogram.kind.value == Kind::Flag;
    if !histogram.keyed {
        return if flag {
            format!("{target}.set();")
        } else {
            format!("{target}.accumulate({sample});")
        };
    }
    let key = match histogram.keys.first() {
        Some(key) => format!("{}::{}", histogram_key_enum(histogram), variant(key)),
        None => "\"key\"".to_string(),
    };
    if flag {
        format!("{target}.set({key});")
    } else {
        format!("{target}.accumulate({key}, {sample});")
    }
}

/// The Rust call that records into a scalar, as the docs show it.
pub fn scalar_call(scalar: &Scalar) -> String {
    use crate::model::ScalarKind as Kind;
    let mut path = vec!["probes".to_string(), "scalars".to_string()];
    path.extend(category_modules(&scalar.category.value));
    path.push(scalar_static(scalar));
    let (method, value) = match scalar.kind.value {
        Kind::Uint => ("add", "1"),
        Kind::String => ("set", "\"value\""),
        Kind::Boolean => ("set", "true"),
    };
    if scalar.keyed {
        let key = match scalar.keys.first() {
            Some(key) => format!("{}::{}", scalar_key_enum(scalar), variant(key)),
            None => "\"key\"".to_string(),
        };
        format!("{}.{method}({key}, {value});", path.join("::"))
    } else {
        format!("{}.{method}({value});", path.join("::"))
    }
}

/// The Rust calls that record an event, one per (method, object) pair.
pub fn event_calls(event: &Event) -> Vec<String> {
    let mut module = vec!["probes".to_string(), "events".to_string()];
    module.extend(category_modules(&event.category.value));
    let module = module.join("::");
    let extra = if event.extra_keys.is_empty() {
        String::new()
    } else {
        format!(", {}::{} {{ .. }}", module, event_extra_struct(event))
    };
    event
        .methods
        .iter()
        .flat_map(|method| {
            let module = &module;
            let extra = &extra;
            event.objects.iter().map(move |object| {
                format!(
                    "{module}::{}(Some(\"value\"){extra});",
                    event_function(method, object)
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_case_and_punctuation() {
        assert_eq!(words("enrollFailed"), ["enroll", "failed"]);
        assert_eq!(words("HTTPRequest_count"), ["http", "request", "count"]);
        assert_eq!(words("a11y.theme"), ["a11y", "theme"]);
        assert_eq!(words("GC_MS"), ["gc", "ms"]);
    }

    #[test]
    fn names_are_always_identifiers() {
        assert_eq!(snake_case("enrollFailed"), "enroll_failed");
        assert_eq!(snake_case("type"), "r#type");
        assert_eq!(snake_case("self"), "self_");
        assert_eq!(snake_case("123abc"), "_123abc");
        assert_eq!(snake_case("</script>"), "script");
        assert_eq!(snake_case("\u{202E}"), "__");
        assert_eq!(upper_camel_case("NOT_FOUND"), "NotFound");
        assert_eq!(upper_camel_case("self"), "Self_");
        assert_eq!(screaming_snake_case("recipe_freshness"), "RECIPE_FRESHNESS");
        assert_eq!(
            event_function("enrollFailed", "addon_study"),
            "enroll_failed_addon_study"
        );
        assert_eq!(
            category_modules("browser.engagement"),
            ["browser", "engagement"]
        );
    }
}
