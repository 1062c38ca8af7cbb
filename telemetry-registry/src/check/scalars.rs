//! Scalars.yaml (rules.md §3).
//!
//! The checks follow `parse_scalars.py` of Firefox ESR 140 in its order (names, then in strict
//! mode missing/unknown fields, types, e-mails, lists, keys, then the values), but every problem
//! is reported: where Firefox crashes or stops, the diagnostic says so and checking goes on.
//!

use std::collections::HashMap;

use super::common::{
    Fields, collection, dict_entries, key_text, later_first, non_string_name, sorted_names,
    table_string_diagnostic,
};
use super::common::{
    int_items, is_py_digit, is_py_int, is_valid_expiry, py_anchored, py_iter, py_len, quote,
    spanned_str, string_items,
};
use crate::diagnostic::{Diagnostic, Diagnostics, FirefoxVerdict};
use crate::load::Options;
use crate::model::{Expiry, Scalar, ScalarKind, Spanned};
use crate::rules::{self, Generation, OPERATING_SYSTEMS, Rule};
use crate::source::Span;
use crate::value::{Entry, Node, Value};

/// The documentation page Firefox's scalar messages point to.
const DOC_URL: &str = "https://firefox-source-docs.mozilla.org/toolkit/components/telemetry/telemetry/collection/scalars.html";

const MAX_NAME_LENGTH: usize = 40;
const MAX_KEY_COUNT: usize = 100;
const MAX_KEY_LENGTH: usize = 72;

/// The Python type a field must have.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldType {
    Str,
    List,
    Bool,
}

impl FieldType {
    fn matches(self, value: &Value) -> bool {
        match self {
            FieldType::Str => matches!(value, Value::Str(_)),
            FieldType::List => matches!(value, Value::List(_)),
            FieldType::Bool => matches!(value, Value::Bool(_)),
        }
    }

    /// `str(type)` as Firefox prints it.
    fn python(self) -> &'static str {
        match self {
            FieldType::Str => "<class 'str'>",
            FieldType::List => "<class 'list'>",
            FieldType::Bool => "<class 'bool'>",
        }
    }

    fn english(self) -> &'static str {
        match self {
            FieldType::Str => "a string",
            FieldType::List => "a list",
            FieldType::Bool => "a boolean (true/false)",
        }
    }
}

/// The type of the items of a list field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemType {
    Int,
    Str,
}

impl ItemType {
    fn matches(self, value: &Value) -> bool {
        match self {
            ItemType::Int => is_py_int(value),
            ItemType::Str => matches!(value, Value::Str(_)),
        }
    }

    fn python(self) -> &'static str {
        match self {
            ItemType::Int => "<class 'int'>",
            ItemType::Str => "<class 'str'>",
        }
    }

    fn english(self) -> &'static str {
        match self {
            ItemType::Int => "integers",
            ItemType::Str => "strings",
        }
    }
}

struct FieldSpec {
    name: &'static str,
    ty: FieldType,
    item: Option<ItemType>,
    required: bool,
}

const fn spec(
    name: &'static str,
    ty: FieldType,
    item: Option<ItemType>,
    required: bool,
) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        item,
        required,
    }
}

/// ESR 140 and Firefox 76: `REQUIRED_FIELDS` then `OPTIONAL_FIELDS`, in Firefox's order.
const FIELDS: &[FieldSpec] = &[
    spec("bug_numbers", FieldType::List, Some(ItemType::Int), true),
    spec("description", FieldType::Str, None, true),
    spec("expires", FieldType::Str, None, true),
    spec("kind", FieldType::Str, None, true),
    spec(
        "notification_emails",
        FieldType::List,
        Some(ItemType::Str),
        true,
    ),
    spec(
        "record_in_processes",
        FieldType::List,
        Some(ItemType::Str),
        true,
    ),
    spec("products", FieldType::List, Some(ItemType::Str), true),
    spec("release_channel_collection", FieldType::Str, None, false),
    spec("keyed", FieldType::Bool, None, false),
    spec("keys", FieldType::List, Some(ItemType::Str), false),
    spec(
        "operating_systems",
        FieldType::List,
        Some(ItemType::Str),
        false,
    ),
    spec(
        "record_into_store",
        FieldType::List,
        Some(ItemType::Str),
        false,
    ),
];

/// The 2017 parser: no products, keys, operating_systems or record_into_store; `cpp_guard`.
const FIELDS_2017: &[FieldSpec] = &[
    spec("bug_numbers", FieldType::List, Some(ItemType::Int), true),
    spec("description", FieldType::Str, None, true),
    spec("expires", FieldType::Str, None, true),
    spec("kind", FieldType::Str, None, true),
    spec(
        "notification_emails",
        FieldType::List,
        Some(ItemType::Str),
        true,
    ),
    spec(
        "record_in_processes",
        FieldType::List,
        Some(ItemType::Str),
        true,
    ),
    spec("release_channel_collection", FieldType::Str, None, false),
    spec("keyed", FieldType::Bool, None, false),
    spec("cpp_guard", FieldType::Str, None, false),
];

fn field_specs(generation: Generation) -> &'static [FieldSpec] {
    match generation {
        Generation::Legacy2017 => FIELDS_2017,
        Generation::Esr140 | Generation::Firefox76 => FIELDS,
    }
}

/// List fields whose non-string items crash Firefox's parser after the type error (they are
/// iterated and looked up or measured as strings).
const ITEMS_CRASH: &[&str] = &[
    "notification_emails",
    "keys",
    "record_in_processes",
    "products",
    "operating_systems",
];

pub(super) fn check(
    files: &[&Node],
    options: &Options,
    diagnostics: &mut Diagnostics,
) -> Vec<Scalar> {
    let mut checker = Checker {
        options,
        diagnostics,
    };
    let mut scalars = Vec::new();
    for root in files {
        let Some(entries) = super::top_level_map(root, "Scalars.yaml", checker.diagnostics) else {
            continue;
        };
        // Firefox sorts each file's scalars, then concatenates the files in argument order.
        scalars.extend(checker.check_file(entries));
    }
    checker.check_enum_collisions(&scalars);
    scalars
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NameKind {
    Category,
    Probe,
}

struct Checker<'a> {
    options: &'a Options,
    diagnostics: &'a mut Diagnostics,
}

/// The probe being checked: `name` is what Firefox prints, `label` what we print.
struct Probe<'a> {
    name: &'a str,
    label: String,
    key: &'a Node,
}

impl Probe<'_> {
    fn diag(&self, rule: &'static Rule, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::new(rule, message).at(span).probe(&self.label)
    }
}

impl<'a> Checker<'a> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn generation(&self) -> Generation {
        self.options.generation
    }

    fn check_file(&mut self, entries: &'a [Entry]) -> Vec<Scalar> {
        let mut scalars = Vec::new();
        let (categories, others) = sorted_names(entries);
        for entry in others {
            self.push(non_string_name(
                &rules::SCALAR_NON_STRING_NAME,
                "category",
                entry,
                None,
            ));
        }
        for (category, entry) in categories {
            let category_ok = self.check_name(category, &entry.key, NameKind::Category, category);
            if category_ok {
                self.check_table_string("category", category, entry.key.span, category);
            }
            let probes = match &entry.value.value {
                Value::Map(probes) if !probes.is_empty() => probes,
                other if !other.is_truthy() => {
                    // `{}`, `[]` and `""` are reported; null and other false-y values then crash
                    // `sorted(category)`.
                    let crashes = !matches!(other, Value::Map(_) | Value::List(_) | Value::Str(_));
                    let mut diagnostic = Diagnostic::new(
                        &rules::SCALAR_EMPTY_CATEGORY,
                        format!(
                            "category {} has no scalars{}",
                            quote(category),
                            if crashes {
                                format!(" (its value is {})", other.type_name())
                            } else {
                                String::new()
                            }
                        ),
                    )
                    .at(entry.key.span)
                    .probe(category)
                    .firefox_message(format!(
                        "Category \"{category}\" must have at least one probe in it.\nSee: {DOC_URL}"
                    ));
                    if crashes {
                        diagnostic = diagnostic.firefox(FirefoxVerdict::Crash);
                    }
                    self.push(diagnostic);
                    continue;
                }
                other => {
                    self.push(
                        Diagnostic::new(
                            &rules::SCALAR_CATEGORY_NOT_A_MAPPING,
                            format!(
                                "category {} must be a mapping of scalar names to definitions, \
                                 found {}",
                                quote(category),
                                other.type_name()
                            ),
                        )
                        .at(entry.value.span)
                        .probe(category),
                    );
                    continue;
                }
            };
            let (names, others) = sorted_names(probes);
            for probe in others {
                self.push(non_string_name(
                    &rules::SCALAR_NON_STRING_NAME,
                    "scalar",
                    probe,
                    Some(category),
                ));
            }
            for (name, probe) in names {
                if let Some(scalar) = self.check_scalar(category, &entry.key, name, probe) {
                    scalars.push(scalar);
                }
            }
        }
        scalars
    }

    /// Firefox's `validate_names` for one name (both modes). Returns whether it passed.
    fn check_name(&mut self, name: &str, key: &Node, kind: NameKind, probe: &str) -> bool {
        let (what, extra, prefix, allowed) = match kind {
            NameKind::Category => (
                "category name",
                '.',
                "Category",
                "ASCII letters, digits and `.`",
            ),
            NameKind::Probe => ("scalar name", '_', "Probe", "ASCII letters, digits and `_`"),
        };
        let mut ok = true;
        let length = py_len(name);
        if length > MAX_NAME_LENGTH {
            ok = false;
            self.push(
                Diagnostic::new(
                    &rules::SCALAR_NAME_TOO_LONG,
                    format!(
                        "{what} {} is {length} characters long; the limit is {MAX_NAME_LENGTH}",
                        quote(name)
                    ),
                )
                .at(key.span)
                .probe(probe)
                .firefox_message(format!(
                    "Name '{name}' exceeds maximum name length of {MAX_NAME_LENGTH} characters.\n\
                     See: {DOC_URL}#the-yaml-definition-file"
                )),
            );
        }
        let body = py_anchored(name);
        if body.is_empty()
            || !body
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == extra)
        {
            ok = false;
            let message = if name.is_empty() {
                format!("the {what} is empty")
            } else {
                format!("{what} {} may only contain {allowed}", quote(name))
            };
            self.push(
                Diagnostic::new(&rules::SCALAR_NAME_CHARACTERS, message)
                    .at(key.span)
                    .probe(probe)
                    .firefox_message(format!(
                        "{prefix} name must be alpha-numeric. Got: '{name}'.\n\
                         See: {DOC_URL}#the-yaml-definition-file"
                    )),
            );
        }
        let edge = |c: char| is_py_digit(c) || c == '.' || c == '_';
        if name.chars().next().is_some_and(edge) || body.chars().next_back().is_some_and(edge) {
            ok = false;
            self.push(
                Diagnostic::new(
                    &rules::SCALAR_NAME_EDGE,
                    format!(
                        "{what} {} must not start or end with a digit, `.` or `_`",
                        quote(name)
                    ),
                )
                .at(key.span)
                .probe(probe)
                .firefox_message(format!(
                    "{prefix} name must not have a leading/trailing digit, a dot or underscore. \
                     Got: '{name}'.\n See: {DOC_URL}#the-yaml-definition-file"
                )),
            );
        }
        ok
    }

    fn check_scalar(
        &mut self,
        category: &str,
        category_key: &Node,
        name: &'a str,
        entry: &'a Entry,
    ) -> Option<Scalar> {
        let probe = Probe {
            name,
            label: format!("{category}.{name}"),
            key: &entry.key,
        };
        let name_ok = self.check_name(name, &entry.key, NameKind::Probe, &probe.label);
        let definition = &entry.value;
        let Some(map) = definition.as_map() else {
            self.push(probe.diag(
                &rules::SCALAR_NOT_A_MAPPING,
                format!(
                    "the definition of scalar {} must be a mapping of fields, found {}",
                    quote(&probe.label),
                    definition.value.type_name()
                ),
                definition.span,
            ));
            return None;
        };
        let fields = dict_entries(map);
        let fields = Fields(&fields);

        if self.options.strict {
            self.check_fields(&probe, &fields);
            self.check_values(&probe, &fields);
        } else {
            // Non-strict mode checks nothing but names; it still reads `expires` as a string.
            match fields.get("expires") {
                None => self.push(
                    probe
                        .diag(
                            &rules::SCALAR_MISSING_FIELD,
                            format!(
                                "scalar {} has no `expires`; Firefox's parser crashes without it",
                                quote(&probe.label)
                            ),
                            entry.key.span,
                        )
                        .firefox(FirefoxVerdict::Crash),
                ),
                Some(expires) if expires.value.as_str().is_none() => self.push(
                    probe
                        .diag(
                            &rules::SCALAR_FIELD_TYPE,
                            format!(
                                "`expires` must be a string, found {}; Firefox's parser crashes \
                                 on it",
                                expires.value.value.type_name()
                            ),
                            expires.value.span,
                        )
                        .firefox(FirefoxVerdict::Crash),
                ),
                Some(_) => {}
            }
        }
        if name_ok {
            self.check_table_string("scalar name", name, entry.key.span, &probe.label);
        }
        self.check_table_strings(&probe, &fields);

        Some(build_scalar(category, category_key, name, entry, &fields))
    }

    /// `validate_types` (strict mode).
    fn check_fields(&mut self, probe: &Probe<'_>, fields: &Fields<'_>) {
        let specs = field_specs(self.generation());
        let spec_of = |key: &Node| -> Option<&'static FieldSpec> {
            let key = key.as_str()?;
            specs.iter().find(|s| s.name == key)
        };
        let name = probe.name;

        // Missing required fields: one message listing them all.
        let missing: Vec<&str> = specs
            .iter()
            .filter(|s| s.required && fields.get(s.name).is_none())
            .map(|s| s.name)
            .collect();
        if !missing.is_empty() {
            let crashes = missing
                .iter()
                .any(|f| matches!(*f, "kind" | "expires" | "notification_emails"));
            let listed = missing
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut diagnostic = probe
                .diag(
                    &rules::SCALAR_MISSING_FIELD,
                    format!(
                        "scalar {} is missing required field{} {listed}",
                        quote(&probe.label),
                        if missing.len() == 1 { "" } else { "s" }
                    ),
                    probe.key.span,
                )
                .firefox_message(format!(
                    "{name} - missing required fields: {}.\nSee: {DOC_URL}#required-fields",
                    missing.join(", ")
                ));
            if crashes {
                diagnostic = diagnostic.firefox(FirefoxVerdict::Crash);
            }
            self.push(diagnostic);
        }

        // Unknown fields: one message (then Firefox crashes looking up their type).
        let unknown: Vec<&Entry> = fields
            .0
            .iter()
            .copied()
            .filter(|e| spec_of(&e.key).is_none())
            .collect();
        if let Some(first) = unknown.first() {
            let names: Vec<String> = unknown.iter().map(|e| key_text(&e.key)).collect();
            let mut diagnostic = probe.diag(
                &rules::SCALAR_UNKNOWN_FIELD,
                format!(
                    "unknown field{} {}",
                    if unknown.len() == 1 { "" } else { "s" },
                    names
                        .iter()
                        .map(|n| quote(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                first.key.span,
            );
            for other in &unknown[1..] {
                diagnostic = diagnostic.label(other.key.span, "unknown field");
            }
            if unknown.iter().all(|e| e.key.as_str().is_some()) {
                diagnostic = diagnostic.firefox_message(format!(
                    "{name} - unknown fields: {}.\nSee: {DOC_URL}#required-fields",
                    names.join(", ")
                ));
            }
            self.push(diagnostic);
        }

        // Field types: one message listing every wrong field.
        let wrong: Vec<(&FieldSpec, &Entry)> = fields
            .0
            .iter()
            .filter_map(|e| spec_of(&e.key).map(|s| (s, *e)))
            .filter(|(s, e)| !s.ty.matches(&e.value.value))
            .collect();
        if let Some((_, first)) = wrong.first() {
            let crashes = wrong.iter().any(|(s, e)| wrong_type_crashes(s, &e.value));
            let ours = wrong
                .iter()
                .map(|(s, e)| {
                    format!(
                        "`{}` must be {}, found {}",
                        s.name,
                        s.ty.english(),
                        e.value.value.type_name()
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            let firefox = wrong
                .iter()
                .map(|(s, _)| format!("{} must be {}", s.name, s.ty.python()))
                .collect::<Vec<_>>()
                .join(", ");
            let mut diagnostic = probe
                .diag(&rules::SCALAR_FIELD_TYPE, ours, first.value.span)
                .firefox_message(format!(
                    "{name} - {firefox}.\nSee: {DOC_URL}#required-fields"
                ));
            for (s, e) in &wrong[1..] {
                diagnostic =
                    diagnostic.label(e.value.span, format!("`{}` has the wrong type", s.name));
            }
            if crashes {
                diagnostic = diagnostic.firefox(FirefoxVerdict::Crash);
            }
            self.push(diagnostic);
        }

        // E-mails (iterated whatever their type: a string as its characters).
        if let Some(emails) = fields.get("notification_emails") {
            for email in py_iter(&emails.value).unwrap_or_default().iter() {
                if let Some(text) = email.as_str() {
                    if text.contains([',', ' ']) {
                        self.push(
                            probe
                                .diag(
                                    &rules::SCALAR_EMAIL_SEPARATOR,
                                    format!(
                                        "notification e-mail {} contains a comma or a space; \
                                         list each address separately",
                                        quote(text)
                                    ),
                                    email.span,
                                )
                                .firefox_message(format!(
                                    "{name} - invalid email address: {text}.\nSee: {DOC_URL}"
                                )),
                        );
                    }
                }
            }
        }

        // Every list field: not empty, items of the right type.
        for entry in fields.0 {
            let Value::List(items) = &entry.value.value else {
                continue;
            };
            let field = key_text(&entry.key);
            if items.is_empty() {
                self.push(
                    probe
                        .diag(
                            &rules::SCALAR_EMPTY_LIST,
                            format!("{} must not be an empty list", quote(&field)),
                            entry.value.span,
                        )
                        .firefox_message(format!(
                            "Field '{field}' for probe '{name}' must not be empty.\n\
                             See: {DOC_URL}#required-fields)"
                        )),
                );
                continue;
            }
            let Some(item_type) = spec_of(&entry.key).and_then(|s| s.item) else {
                continue; // a list in a non-list or unknown field: reported above (a crash)
            };
            let bad: Vec<&Node> = items
                .iter()
                .filter(|i| !item_type.matches(&i.value))
                .collect();
            if let Some(first) = bad.first() {
                let mut diagnostic = probe
                    .diag(
                        &rules::SCALAR_FIELD_TYPE,
                        format!(
                            "{} must only contain {}, found {}",
                            quote(&field),
                            item_type.english(),
                            first.value.type_name()
                        ),
                        first.span,
                    )
                    .firefox_message(format!(
                        "Field '{field}' for probe '{name}' must only contain values of type {}.\n\
                         See: {DOC_URL}#the-yaml-definition-file)",
                        item_type.python()
                    ));
                for other in &bad[1..] {
                    diagnostic = diagnostic.label(other.span, "wrong type");
                }
                if ITEMS_CRASH.contains(&field.as_str()) {
                    diagnostic = diagnostic.firefox(FirefoxVerdict::Crash);
                }
                if field == "notification_emails" {
                    // Firefox's e-mail check crashes on the item before this message.
                    diagnostic.firefox_message = None;
                }
                self.push(diagnostic);
            }
            if item_type == ItemType::Int {
                for item in items.iter().filter(|i| matches!(i.value, Value::Bool(_))) {
                    self.push(probe.diag(
                        &rules::SCALAR_BOOL_AS_INT,
                        format!(
                            "`{field}` holds a boolean, which Firefox accepts as the number {}",
                            i32::from(matches!(item.value, Value::Bool(true)))
                        ),
                        item.span,
                    ));
                }
            }
        }

        // Declared keys.
        if let Some(keys) = fields.get("keys").filter(|e| e.value.value != Value::Null) {
            if self.generation() != Generation::Legacy2017 {
                self.check_keys(probe, fields, keys);
            }
        }
    }

    fn check_keys(&mut self, probe: &Probe<'_>, fields: &Fields<'_>, keys: &Entry) {
        let name = probe.name;
        let keyed = fields.get("keyed").is_some_and(|e| e.value.is_truthy());
        if !keyed {
            self.push(
                probe
                    .diag(
                        &rules::SCALAR_KEYS_NOT_KEYED,
                        "`keys` is only valid on a keyed scalar (`keyed: true`)",
                        keys.key.span,
                    )
                    .firefox_message(format!(
                        "{name}- invalid field: \n`keys` field only valid for keyed histograms"
                    )),
            );
        }
        let Some(items) = py_iter(&keys.value) else {
            return; // not measurable: the type error above, then a crash
        };
        if items.len() > MAX_KEY_COUNT {
            self.push(
                probe
                    .diag(
                        &rules::SCALAR_TOO_MANY_KEYS,
                        format!(
                            "{} keys are declared; the limit is {MAX_KEY_COUNT}",
                            items.len()
                        ),
                        keys.value.span,
                    )
                    .firefox_message(format!(
                        "{name} - exceeding key count: \n`keys` values count  must not exceed \
                         {MAX_KEY_COUNT}"
                    )),
            );
        }
        let long: Vec<&Node> = items
            .iter()
            .filter(|k| k.as_str().is_some_and(|s| py_len(s) > MAX_KEY_LENGTH))
            .collect();
        if let Some(first) = long.first() {
            let texts: Vec<&str> = long.iter().filter_map(|k| k.as_str()).collect();
            let mut diagnostic = probe
                .diag(
                    &rules::SCALAR_KEY_TOO_LONG,
                    format!(
                        "key {} is {} characters long; the limit is {MAX_KEY_LENGTH}{}",
                        quote(texts[0]),
                        py_len(texts[0]),
                        if long.len() > 1 {
                            format!(" ({} keys are too long)", long.len())
                        } else {
                            String::new()
                        }
                    ),
                    first.span,
                )
                .firefox_message(format!(
                    "{name} - invalid key value\n `keys` values are exceeding length \
                     {MAX_KEY_LENGTH}:{}",
                    texts.join(", ")
                ));
            for other in &long[1..] {
                diagnostic = diagnostic.label(other.span, "too long");
            }
            self.push(diagnostic);
        }
    }

    /// `validate_values` (strict mode).
    fn check_values(&mut self, probe: &Probe<'_>, fields: &Fields<'_>) {
        let name = probe.name;
        let generation = self.generation();

        if let Some(kind) = fields.get("kind") {
            if let Some(text) = kind.value.as_str() {
                if ScalarKind::parse(text).is_none() {
                    self.push(
                        probe
                            .diag(
                                &rules::SCALAR_UNKNOWN_KIND,
                                format!(
                                    "unknown scalar kind {}; use uint, string or boolean",
                                    quote(text)
                                ),
                                kind.value.span,
                            )
                            .firefox_message(format!(
                                "{name} - unknown scalar kind: {text}.\nSee: {DOC_URL}"
                            )),
                    );
                }
            }
        }

        if let Some(collection) = fields.get("release_channel_collection") {
            match collection.value.as_str() {
                Some("") => self.push(
                    probe
                        .diag(
                            &rules::SCALAR_UNKNOWN_COLLECTION,
                            "`release_channel_collection` is empty: Firefox's parser lets it \
                             pass, then its data generator crashes on it",
                            collection.value.span,
                        )
                        .firefox(FirefoxVerdict::Generator),
                ),
                Some(text) if text != "opt-in" && text != "opt-out" => self.push(
                    probe
                        .diag(
                            &rules::SCALAR_UNKNOWN_COLLECTION,
                            format!(
                                "unknown release_channel_collection {}; use opt-in or opt-out",
                                quote(text)
                            ),
                            collection.value.span,
                        )
                        .firefox_message(format!("{name} - unknown collection policy: {text}.\nSee: {DOC_URL}#optional-fields")),
                ),
                _ => {}
            }
        }

        if generation != Generation::Legacy2017 {
            if let Some(systems) = fields.get("operating_systems") {
                if generation == Generation::Esr140 {
                    self.push(
                        probe
                            .diag(
                                &rules::SCALAR_OBSOLETE_OPERATING_SYSTEMS,
                                "`operating_systems` is obsolete: scalars are recorded on every \
                                 OS",
                                systems.key.span,
                            )
                            .firefox_message(format!(
                                "{name} - uses obsolete field 'operating_systems'."
                            )),
                    );
                }
                for os in py_iter(&systems.value).unwrap_or_default().iter() {
                    if let Some(text) = os.as_str() {
                        if !OPERATING_SYSTEMS.contains(&text) {
                            self.push(
                                probe
                                    .diag(
                                        &rules::SCALAR_UNKNOWN_OPERATING_SYSTEM,
                                        format!(
                                            "unknown operating system {}; use one of: {}",
                                            quote(text),
                                            OPERATING_SYSTEMS.join(", ")
                                        ),
                                        os.span,
                                    )
                                    .firefox_message(format!(
                                        "{name} - invalid entry in operating_systems: {text}.\nSee: {DOC_URL}#optional-fields"
                                    )),
                            );
                        }
                    }
                }
            }
        }

        if let Some(processes) = fields.get("record_in_processes") {
            let known = generation.processes();
            for process in py_iter(&processes.value).unwrap_or_default().iter() {
                if let Some(text) = process.as_str() {
                    if !known.contains(&text) {
                        self.push(
                            probe
                                .diag(
                                    &rules::SCALAR_UNKNOWN_PROCESS,
                                    format!(
                                        "unknown process {} in record_in_processes; use one of: \
                                         {}",
                                        quote(text),
                                        known.join(", ")
                                    ),
                                    process.span,
                                )
                                .firefox_message(format!(
                                    "{name} - unknown value in record_in_processes: {text}.\nSee: {DOC_URL}"
                                )),
                        );
                    }
                }
            }
        }

        if let (Some(known), Some(products)) = (generation.products(), fields.get("products")) {
            for product in py_iter(&products.value).unwrap_or_default().iter() {
                if let Some(text) = product.as_str() {
                    if !known.contains(&text) {
                        self.push(
                            probe
                                .diag(
                                    &rules::SCALAR_UNKNOWN_PRODUCT,
                                    format!(
                                        "unknown product {}; use one of: {}",
                                        quote(text),
                                        known.join(", ")
                                    ),
                                    product.span,
                                )
                                .firefox_message(format!(
                                    "{name} - unknown value in products: {text}.\nSee: {DOC_URL}"
                                )),
                        );
                    }
                }
            }
        }

        if let Some(expires) = fields.get("expires") {
            if let Some(text) = expires.value.as_str() {
                if generation != Generation::Legacy2017 {
                    if !is_valid_expiry(text) {
                        self.push(
                            probe
                                .diag(
                                    &rules::SCALAR_EXPIRY_INVALID,
                                    format!(
                                        "invalid expiry {}: use `never` or a major version of \
                                         1–3 digits",
                                        quote(text)
                                    ),
                                    expires.value.span,
                                )
                                .firefox_message(format!("{name} - invalid expires: {text}.\nSee: {DOC_URL}#required-fields")),
                        );
                    } else if text.starts_with('0') && text.len() > 1 && text.is_ascii() {
                        self.push(probe.diag(
                            &rules::SCALAR_EXPIRY_QUIRK,
                            format!(
                                "expiry {} has a leading zero: it is not normalised to N.0a1",
                                quote(text)
                            ),
                            expires.value.span,
                        ));
                    }
                }
            }
        }

        if generation == Generation::Firefox76 {
            let streaming = fields.get("products").is_some_and(|p| {
                py_iter(&p.value)
                    .unwrap_or_default()
                    .iter()
                    .any(|i| i.as_str() == Some("geckoview_streaming"))
            });
            if let Some(keyed) = fields.get("keyed").filter(|k| k.value.is_truthy()) {
                if streaming {
                    self.push(probe.diag(
                        &rules::SCALAR_GECKOVIEW_STREAMING,
                        "a scalar with the geckoview_streaming product must not be keyed",
                        keyed.value.span,
                    ));
                }
            }
        }
    }

    /// Strings of this scalar that go into the generated C++ string table.
    fn check_table_strings(&mut self, probe: &Probe<'_>, fields: &Fields<'_>) {
        if let Some(expires) = fields.get("expires") {
            if let Some(text) = expires.value.as_str() {
                // An invalid expiry is already an error in strict mode.
                let reported = self.options.strict
                    && self.generation() != Generation::Legacy2017
                    && !is_valid_expiry(text);
                if !reported {
                    self.check_table_string("expiry", text, expires.value.span, &probe.label);
                }
            }
        }
        for field in ["keys", "record_into_store"] {
            if let Some(entry) = fields.get(field) {
                for item in py_iter(&entry.value).unwrap_or_default().iter() {
                    if let Some(text) = item.as_str() {
                        let what = if field == "keys" { "key" } else { "store name" };
                        self.check_table_string(what, text, item.span, &probe.label);
                    }
                }
            }
        }
    }

    fn check_table_string(&mut self, what: &str, text: &str, span: Span, probe: &str) {
        if let Some(diagnostic) = table_string_diagnostic(
            &rules::SCALAR_STRING_TABLE_COMMENT,
            &rules::SCALAR_STRING_TABLE_CHAR,
            what,
            text,
            span,
        ) {
            self.push(diagnostic.probe(probe));
        }
    }

    /// Two scalars with the same `CATEGORY_NAME` enumerator break the C++ compile.
    fn check_enum_collisions(&mut self, scalars: &[Scalar]) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (index, scalar) in scalars.iter().enumerate() {
            let enumerator = scalar.enum_label();
            let Some(&first) = seen.get(&enumerator) else {
                seen.insert(enumerator, index);
                continue;
            };
            let first = &scalars[first];
            let shown = quote(&format!("ScalarID::{enumerator}"));
            let message = if first.label() == scalar.label() {
                format!(
                    "scalar {} is defined again (in another file); both definitions generate \
                     the C++ enumerator {}",
                    quote(&scalar.label()),
                    shown
                )
            } else {
                format!(
                    "scalars {} and {} both generate the C++ enumerator {}",
                    quote(&first.label()),
                    quote(&scalar.label()),
                    shown
                )
            };
            // Point at whichever of the two comes later in the files.
            let (here, there) = later_first(scalar, first, |s| s.name.span);
            self.push(
                Diagnostic::new(&rules::SCALAR_ENUM_COLLISION, message)
                    .at(here.name.span)
                    .label(there.name.span, "the other scalar")
                    .probe(here.label()),
            );
        }
    }
}

/// A scalar's crash after its wrong-type report (see rules.md §1).
fn wrong_type_crashes(spec: &FieldSpec, value: &Node) -> bool {
    match (spec.name, &value.value) {
        // A non-empty list in a non-list field: its items' type lookup fails.
        (_, Value::List(items)) if spec.ty != FieldType::List => !items.is_empty(),
        ("kind" | "expires", _) => true,
        ("release_channel_collection", v) => v.is_truthy(),
        ("notification_emails" | "record_in_processes" | "products" | "operating_systems", v) => {
            py_iter(value).is_none_or(|items| items.iter().any(|i| i.as_str().is_none()))
                || matches!(v, Value::Null)
        }
        ("keys", _) => py_iter(value).is_none(),
        _ => false,
    }
}

/// The typed scalar, with Firefox's defaults.
fn build_scalar(
    category: &str,
    category_key: &Node,
    name: &str,
    entry: &Entry,
    fields: &Fields<'_>,
) -> Scalar {
    let key_span = entry.key.span;
    let string = |field: &str| fields.get(field).and_then(|e| spanned_str(&e.value));
    let strings = |field: &str| fields.get(field).map(|e| string_items(&e.value));
    let default = |value: &str| vec![Spanned::new(value.to_string(), key_span)];
    let kind = fields
        .get("kind")
        .and_then(|e| {
            e.value
                .as_str()
                .and_then(ScalarKind::parse)
                .map(|k| Spanned::new(k, e.value.span))
        })
        .unwrap_or_else(|| Spanned::new(ScalarKind::Uint, key_span));
    Scalar {
        category: Spanned::new(category.to_string(), category_key.span),
        name: Spanned::new(name.to_string(), key_span),
        span: entry.value.span,
        kind,
        description: string("description"),
        expires: string("expires").map(Expiry::new),
        bug_numbers: fields
            .get("bug_numbers")
            .map(|e| int_items(&e.value))
            .unwrap_or_default(),
        notification_emails: strings("notification_emails").unwrap_or_default(),
        record_in_processes: strings("record_in_processes").unwrap_or_else(|| default("main")),
        products: strings("products"),
        collection: collection(fields.get("release_channel_collection"), key_span),
        keyed: fields.get("keyed").is_some_and(|e| e.value.is_truthy()),
        keys: strings("keys").unwrap_or_default(),
        record_into_store: strings("record_into_store").unwrap_or_else(|| default("main")),
        operating_systems: strings("operating_systems").unwrap_or_else(|| default("all")),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::model::Collection;
    use crate::source::FileId;

    /// Builds a node tree from JSON (spans: a running counter, so every node is distinct).
    /// A string `"!date:…"` becomes a YAML date, `"!null"`/`"!bool:…"`/`"!int:…"` keys become
    /// non-string keys.
    pub(in crate::check) fn tree(json: &str) -> Node {
        let value: serde_json::Value = serde_json::from_str(json).expect("test JSON");
        let mut counter = 0;
        build(&value, &mut counter)
    }

    fn next_span(counter: &mut usize) -> Span {
        *counter += 10;
        Span::new(FileId(0), *counter, *counter + 5)
    }

    fn special(s: &str) -> Value {
        if let Some(d) = s.strip_prefix("!date:") {
            Value::Date(d.to_string())
        } else if s == "!null" {
            Value::Null
        } else if let Some(b) = s.strip_prefix("!bool:") {
            Value::Bool(b == "true")
        } else if let Some(i) = s.strip_prefix("!int:") {
            Value::Int(crate::value::Int::new(i.parse().expect("int")))
        } else {
            Value::Str(s.to_string())
        }
    }

    fn build(value: &serde_json::Value, counter: &mut usize) -> Node {
        let span = next_span(counter);
        let value = match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(crate::value::Int::new(i128::from(i))),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => special(s),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(|i| build(i, counter)).collect())
            }
            serde_json::Value::Object(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| {
                        let key = Node::new(special(k), next_span(counter));
                        Entry {
                            key,
                            value: build(v, counter),
                        }
                    })
                    .collect(),
            ),
        };
        Node::new(value, span)
    }

    pub(in crate::check) fn options(strict: bool, generation: Generation) -> Options {
        Options { generation, strict }
    }

    fn run(json: &str, options: &Options) -> (Vec<Scalar>, Diagnostics) {
        let root = tree(json);
        let mut diagnostics = Diagnostics::default();
        let scalars = check(&[&root], options, &mut diagnostics);
        (scalars, diagnostics)
    }

    fn strict() -> Options {
        options(true, Generation::Esr140)
    }

    /// The first line of Firefox's message (the rest is a documentation link).
    pub(in crate::check) fn first_line(diagnostic: &Diagnostic) -> Option<&str> {
        diagnostic
            .firefox_message
            .as_deref()
            .and_then(|m| m.lines().next())
    }

    fn ids(diagnostics: &Diagnostics) -> Vec<&'static str> {
        diagnostics.items.iter().map(|d| d.rule.id).collect()
    }

    /// A minimal valid uint scalar (Firefox's test fixture), with `extra` fields merged in.
    fn scalar_json(extra: &str) -> String {
        let base = r#""bug_numbers": [12345], "description": "A nice one-line description.",
            "expires": "never", "kind": "uint", "notification_emails": ["test01@mozilla.com"],
            "products": ["firefox"], "record_in_processes": ["main"]"#;
        let mut fields: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&format!("{{{base}}}")).unwrap();
        let extra: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&format!("{{{extra}}}")).unwrap();
        for (k, v) in extra {
            if v == serde_json::Value::String("!remove".into()) {
                fields.remove(&k);
            } else {
                fields.insert(k, v);
            }
        }
        serde_json::json!({"category": {"probe": fields}}).to_string()
    }

    fn one(extra: &str) -> (Vec<Scalar>, Diagnostics) {
        run(&scalar_json(extra), &strict())
    }

    #[test]
    fn minimal_scalar_is_clean_with_defaults() {
        let (scalars, diagnostics) = one("");
        assert!(diagnostics.items.is_empty(), "{:?}", ids(&diagnostics));
        let s = &scalars[0];
        assert_eq!(s.label(), "category.probe");
        assert_eq!(s.kind.value, ScalarKind::Uint);
        assert!(!s.keyed);
        assert!(s.keys.is_empty());
        assert_eq!(s.operating_systems[0].value, "all");
        assert_eq!(s.collection.value, Collection::OptIn);
        assert_eq!(s.expires.as_ref().unwrap().normalized, "never");
    }

    #[test]
    fn firefox_case_19_two_emails_are_accepted() {
        let (scalars, diagnostics) =
            one(r#""notification_emails": ["test01@mozilla.com", "test02@mozilla.com"]"#);
        assert!(diagnostics.items.is_empty());
        let emails: Vec<&str> = scalars[0]
            .notification_emails
            .iter()
            .map(|e| e.value.as_str())
            .collect();
        assert_eq!(emails, ["test01@mozilla.com", "test02@mozilla.com"]);
    }

    #[test]
    fn firefox_case_20_one_string_with_two_emails_is_an_error() {
        let (_, diagnostics) =
            one(r#""notification_emails": ["test01@mozilla.com, test02@mozilla.com"]"#);
        assert_eq!(ids(&diagnostics), ["scalar/email-separator"]);
        assert_eq!(
            first_line(&diagnostics.items[0]),
            Some("probe - invalid email address: test01@mozilla.com, test02@mozilla.com.")
        );
    }

    #[test]
    fn firefox_cases_21_to_23_stores() {
        let (scalars, diagnostics) = one("");
        assert!(diagnostics.items.is_empty());
        assert_eq!(scalars[0].record_into_store.len(), 1);
        assert_eq!(scalars[0].record_into_store[0].value, "main");

        let (scalars, diagnostics) = one(r#""record_into_store": ["main", "sync"]"#);
        assert!(diagnostics.items.is_empty());
        let stores: Vec<&str> = scalars[0]
            .record_into_store
            .iter()
            .map(|s| s.value.as_str())
            .collect();
        assert_eq!(stores, ["main", "sync"]);

        let (_, diagnostics) = one(r#""record_into_store": []"#);
        assert_eq!(ids(&diagnostics), ["scalar/empty-list"]);
        assert_eq!(
            first_line(&diagnostics.items[0]),
            Some("Field 'record_into_store' for probe 'probe' must not be empty.")
        );
    }

    #[test]
    fn firefox_cases_24_25_products() {
        let (scalars, diagnostics) = one(r#""products": "!remove""#);
        assert_eq!(ids(&diagnostics), ["scalar/missing-field"]);
        let d = &diagnostics.items[0];
        assert_eq!(d.firefox, FirefoxVerdict::Deferred);
        assert_eq!(
            first_line(d),
            Some("probe - missing required fields: products.")
        );
        assert_eq!(scalars[0].products, None);

        let (_, diagnostics) = one(r#""products": []"#);
        assert_eq!(ids(&diagnostics), ["scalar/empty-list"]);
    }

    #[test]
    fn missing_kind_crashes_firefox() {
        let (scalars, diagnostics) = one(r#""kind": "!remove", "expires": "!remove""#);
        assert_eq!(ids(&diagnostics), ["scalar/missing-field"]);
        assert_eq!(diagnostics.items[0].firefox, FirefoxVerdict::Crash);
        assert_eq!(
            first_line(&diagnostics.items[0]),
            Some("probe - missing required fields: expires, kind.")
        );
        assert_eq!(scalars.len(), 1);
    }

    #[test]
    fn keyed_must_be_a_real_bool() {
        let (scalars, diagnostics) = one(r#""keyed": "true""#);
        assert_eq!(ids(&diagnostics), ["scalar/field-type"]);
        assert_eq!(
            first_line(&diagnostics.items[0]),
            Some("probe - keyed must be <class 'bool'>.")
        );
        assert_eq!(diagnostics.items[0].firefox, FirefoxVerdict::Deferred);
        assert!(scalars[0].keyed, "Firefox's generator reads it as truthy");
    }

    #[test]
    fn wrong_types_are_one_message_in_definition_order() {
        let (_, diagnostics) = one(r#""description": 5, "kind": ["uint"]"#);
        let d = diagnostics
            .items
            .iter()
            .find(|d| d.rule.id == "scalar/field-type")
            .unwrap();
        assert_eq!(
            first_line(d),
            Some("probe - description must be <class 'str'>, kind must be <class 'str'>.")
        );
        assert_eq!(d.firefox, FirefoxVerdict::Crash);
        assert_eq!(d.labels.len(), 1);
    }

    #[test]
    fn keys_rules() {
        let keys: Vec<String> = (0..101).map(|i| format!("k{i}")).collect();
        let long = "x".repeat(73);
        let json = format!(
            r#""keys": {}"#,
            serde_json::to_string(&[keys, vec![long]].concat()).unwrap()
        );
        let (_, diagnostics) = one(&json);
        assert_eq!(
            ids(&diagnostics),
            [
                "scalar/keys-not-keyed",
                "scalar/too-many-keys",
                "scalar/key-too-long"
            ]
        );
        let (scalars, diagnostics) = one(r#""keyed": true, "keys": ["a", "b"]"#);
        assert!(diagnostics.items.is_empty());
        assert_eq!(scalars[0].keys.len(), 2);
    }

    #[test]
    fn values_are_checked_against_the_generation() {
        let (_, diagnostics) = one(
            r#""kind": "counter", "release_channel_collection": "opt-maybe",
               "record_in_processes": ["main", "utility", "sandbox"],
               "products": ["firefox", "geckoview"], "expires": "60.0",
               "operating_systems": ["windows", "beos"]"#,
        );
        assert_eq!(
            ids(&diagnostics),
            [
                "scalar/unknown-kind",
                "scalar/unknown-collection",
                "scalar/obsolete-operating-systems",
                "scalar/unknown-operating-system",
                "scalar/unknown-process",
                "scalar/unknown-product",
                "scalar/expiry-invalid"
            ]
        );
        let options = options(true, Generation::Firefox76);
        let (_, diagnostics) = run(
            &scalar_json(
                r#""record_in_processes": ["main", "utility"], "products": ["geckoview"],
                   "operating_systems": ["windows"]"#,
            ),
            &options,
        );
        assert_eq!(ids(&diagnostics), ["scalar/unknown-process"]);
    }

    #[test]
    fn legacy_generation_has_no_products_and_no_expiry_check() {
        let options = options(true, Generation::Legacy2017);
        let (scalars, diagnostics) = run(
            &scalar_json(r#""products": "!remove", "expires": "4.0a1""#),
            &options,
        );
        assert!(diagnostics.items.is_empty(), "{:?}", ids(&diagnostics));
        assert_eq!(scalars[0].products, None);
        let (_, diagnostics) = run(&scalar_json(""), &options);
        assert_eq!(ids(&diagnostics), ["scalar/unknown-field"]);
    }

    #[test]
    fn empty_collection_passes_the_parser_but_not_the_generator() {
        let (_, diagnostics) = one(r#""release_channel_collection": """#);
        assert_eq!(ids(&diagnostics), ["scalar/unknown-collection"]);
        assert_eq!(diagnostics.items[0].firefox, FirefoxVerdict::Generator);
        assert!(diagnostics.items[0].firefox_message.is_none());
    }

    #[test]
    fn name_rules() {
        let json = r#"{"a_b": {"foo2": {}, "ok": {}},
                       "c": {"x": {}},
                       "abcdefghijabcdefghijabcdefghijabcdefghijk": {"y": {}}}"#;
        let (_, diagnostics) = run(json, &options(false, Generation::Esr140));
        let names: Vec<(&str, Option<&str>)> = diagnostics
            .items
            .iter()
            .filter(|d| d.rule.id.starts_with("scalar/name"))
            .map(|d| (d.rule.id, first_line(d)))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "scalar/name-characters",
                    Some("Category name must be alpha-numeric. Got: 'a_b'.")
                ),
                (
                    "scalar/name-edge",
                    Some(
                        "Probe name must not have a leading/trailing digit, a dot or underscore. \
                         Got: 'foo2'."
                    )
                ),
                (
                    "scalar/name-too-long",
                    Some(
                        "Name 'abcdefghijabcdefghijabcdefghijabcdefghijk' exceeds maximum name \
                         length of 40 characters."
                    )
                ),
            ]
        );
    }

    #[test]
    fn non_strict_checks_only_names_and_expires() {
        let (scalars, diagnostics) = run(
            r#"{"cat": {"a": {"expires": "never", "kind": 5},
                        "b": {"kind": "uint"},
                        "c": {"expires": 5}}}"#,
            &options(false, Generation::Esr140),
        );
        assert_eq!(
            ids(&diagnostics),
            ["scalar/missing-field", "scalar/field-type"]
        );
        assert!(
            diagnostics
                .items
                .iter()
                .all(|d| d.firefox == FirefoxVerdict::Crash)
        );
        assert_eq!(scalars.len(), 3);
        assert_eq!(scalars[0].record_in_processes[0].value, "main");
    }

    #[test]
    fn structure_problems_are_clean_errors() {
        let (scalars, diagnostics) = run(
            r#"{"!bool:true": {"x": {}}, "empty": {}, "nul": "!null", "list": [1],
                "cat": {"!int:123": {}, "def": "text"}}"#,
            &options(false, Generation::Esr140),
        );
        assert!(scalars.is_empty());
        assert_eq!(
            ids(&diagnostics),
            [
                "scalar/non-string-name",
                "scalar/non-string-name",
                "scalar/not-a-mapping",
                "scalar/empty-category",
                "scalar/category-not-a-mapping",
                "scalar/empty-category",
            ]
        );
        assert_eq!(diagnostics.items[5].firefox, FirefoxVerdict::Crash);
        assert!(
            diagnostics
                .items
                .iter()
                .all(|d| d.severity == Severity::Error)
        );
    }

    #[test]
    fn sorting_is_by_code_point() {
        assert!("B" < "a" && "aB" < "a_b" && "Z" < "_" && "_" < "a");
        assert!("é" > "z" && "\u{FFFF}" < "\u{10000}");
        let (scalars, _) = run(
            r#"{"b": {"x": {"expires": "never"}}, "B": {"y": {"expires": "never"}},
                "a": {"a_b": {"expires": "never"}, "aB": {"expires": "never"}}}"#,
            &options(false, Generation::Esr140),
        );
        let labels: Vec<String> = scalars.iter().map(Scalar::label).collect();
        assert_eq!(labels, ["B.y", "a.aB", "a.a_b", "b.x"]);
    }

    #[test]
    fn enum_label_collisions_are_generator_errors() {
        let (_, diagnostics) = run(
            r#"{"B": {"x": {"expires": "never"}}, "b": {"x": {"expires": "never"}},
                "a.b": {"c": {"expires": "never"}}, "a": {"b_c": {"expires": "never"}}}"#,
            &options(false, Generation::Esr140),
        );
        let collisions: Vec<&Diagnostic> = diagnostics
            .items
            .iter()
            .filter(|d| d.rule.id == "scalar/enum-collision")
            .collect();
        assert_eq!(collisions.len(), 2);
        assert!(
            collisions
                .iter()
                .all(|d| d.firefox == FirefoxVerdict::Generator)
        );
        assert!(collisions[0].message.contains("ScalarID::A_B_C"));
    }

    #[test]
    fn string_table_problems() {
        let (_, diagnostics) = one(
            r#""keyed": true, "keys": ["a*/b", "café"], "record_into_store": ["x\\y"],
               "expires": "60\n""#,
        );
        assert_eq!(
            ids(&diagnostics),
            [
                "scalar/string-table-char",
                "scalar/string-table-comment",
                "scalar/string-table-char",
                "scalar/string-table-char",
            ]
        );
    }

    #[test]
    fn duplicate_yaml_keys_keep_the_last_value() {
        let root = Node::new(
            Value::Map(vec![
                Entry {
                    key: Node::new(Value::Str("cat".into()), Span::default()),
                    value: tree(r#"{"gone": {"expires": "never"}}"#),
                },
                Entry {
                    key: Node::new(Value::Str("cat".into()), Span::default()),
                    value: tree(r#"{"kept": {"expires": "never"}}"#),
                },
            ]),
            Span::default(),
        );
        let mut diagnostics = Diagnostics::default();
        let scalars = check(
            &[&root],
            &options(false, Generation::Esr140),
            &mut diagnostics,
        );
        assert_eq!(scalars.len(), 1);
        assert_eq!(scalars[0].name.value, "kept");
    }

    #[test]
    fn never_panics_on_odd_trees() {
        for json in [
            "null",
            "[]",
            "5",
            r#"{"c": {"p": {"keys": 5, "keyed": true, "notification_emails": 5,
                "record_in_processes": "main", "products": {"firefox": 1}, "kind": null,
                "expires": "!date:2018-01-01", "bug_numbers": "12"}}}"#,
            r#"{"c": {"p": {"keys": null, "operating_systems": [1, [2]], "description": []}}}"#,
        ] {
            for strict in [true, false] {
                for generation in Generation::ALL {
                    let _ = run(json, &options(strict, generation));
                }
            }
        }
    }
}
