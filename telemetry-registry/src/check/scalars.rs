//! Scalars.yaml (rules.md §3).
//!
//! The checks follow `parse_scalars.py` of Firefox ESR 140 in its order (names, then in strict
//! mode missing/unknown fields, types, e-mails, lists, keys, then the values), but every problem
//! is reported: where Firefox crashes or stops, the diagnostic says so and checking goes on.
//!

use std::collections::HashMap;

use super::common::{
    ALL_GENERATIONS, FieldSpec, Fields, KnownValue, NOT_2017, ONLY_2017, Probe, ProbeFileChecker,
    ProbeFileKind, Schema, check_probe_files, collection, expiry_has_leading_zero, key_text,
    later_first, missing_fields_message, unknown_fields_diagnostic,
};
use super::common::{
    int_items, is_py_digit, is_py_int, is_valid_expiry, py_anchored, py_iter, py_len, quote,
    spanned_str, string_items,
};
use crate::diagnostic::{Diagnostic, Diagnostics, FirefoxVerdict};
use crate::load::Options;
use crate::model::{Expiry, Scalar, ScalarKind, Spanned};
use crate::rules::{self, Generation};
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
    /// A list, of items of this type.
    List(ItemType),
    Bool,
}

impl FieldType {
    fn matches(self, value: &Value) -> bool {
        match self {
            FieldType::Str => matches!(value, Value::Str(_)),
            FieldType::List(_) => matches!(value, Value::List(_)),
            FieldType::Bool => matches!(value, Value::Bool(_)),
        }
    }

    /// `str(type)` as Firefox prints it.
    fn python(self) -> &'static str {
        match self {
            FieldType::Str => "<class 'str'>",
            FieldType::List(_) => "<class 'list'>",
            FieldType::Bool => "<class 'bool'>",
        }
    }

    fn english(self) -> &'static str {
        match self {
            FieldType::Str => "a string",
            FieldType::List(_) => "a list",
            FieldType::Bool => "a boolean (true/false)",
        }
    }

    /// The type of a list field's items.
    fn item(self) -> Option<ItemType> {
        match self {
            FieldType::List(item) => Some(item),
            FieldType::Str | FieldType::Bool => None,
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

const LIST_OF_INT: FieldType = FieldType::List(ItemType::Int);
const LIST_OF_STR: FieldType = FieldType::List(ItemType::Str);

/// Firefox's scalar fields, `REQUIRED_FIELDS` then `OPTIONAL_FIELDS` in its order, and the
/// generations that have each: the 2017 parser has no products, keys, operating_systems or
/// record_into_store, but `cpp_guard`.
const FIELDS: &[FieldSpec<FieldType>] = &[
    FieldSpec::required("bug_numbers", LIST_OF_INT, ALL_GENERATIONS),
    FieldSpec::required("description", FieldType::Str, ALL_GENERATIONS),
    FieldSpec::required("expires", FieldType::Str, ALL_GENERATIONS),
    FieldSpec::required("kind", FieldType::Str, ALL_GENERATIONS),
    FieldSpec::required("notification_emails", LIST_OF_STR, ALL_GENERATIONS),
    FieldSpec::required("record_in_processes", LIST_OF_STR, ALL_GENERATIONS),
    FieldSpec::required("products", LIST_OF_STR, NOT_2017),
    FieldSpec::optional(
        "release_channel_collection",
        FieldType::Str,
        ALL_GENERATIONS,
    ),
    FieldSpec::optional("keyed", FieldType::Bool, ALL_GENERATIONS),
    FieldSpec::optional("keys", LIST_OF_STR, NOT_2017),
    FieldSpec::optional("operating_systems", LIST_OF_STR, NOT_2017),
    FieldSpec::optional("record_into_store", LIST_OF_STR, NOT_2017),
    FieldSpec::optional("cpp_guard", FieldType::Str, ONLY_2017),
];

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
    check_probe_files(
        &mut Checker {
            options,
            diagnostics,
        },
        files,
    )
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

impl ProbeFileChecker for Checker<'_> {
    type Probe = Scalar;
    const KIND: ProbeFileKind = ProbeFileKind {
        file_name: "Scalars.yaml",
        probe_noun: "scalar",
        non_string_name: &rules::SCALAR_NON_STRING_NAME,
        category_not_a_mapping: &rules::SCALAR_CATEGORY_NOT_A_MAPPING,
        not_a_mapping: &rules::SCALAR_NOT_A_MAPPING,
        string_table_comment: &rules::SCALAR_STRING_TABLE_COMMENT,
        string_table_char: &rules::SCALAR_STRING_TABLE_CHAR,
        obsolete_operating_systems: &rules::SCALAR_OBSOLETE_OPERATING_SYSTEMS,
        unknown_process: &rules::SCALAR_UNKNOWN_PROCESS,
        unknown_product: &rules::SCALAR_UNKNOWN_PRODUCT,
        unknown_operating_system: &rules::SCALAR_UNKNOWN_OPERATING_SYSTEM,
    };

    fn diagnostics(&mut self) -> &mut Diagnostics {
        self.diagnostics
    }

    fn generation(&self) -> Generation {
        self.options.generation
    }

    fn check_category_name(&mut self, category: &str, key: &Node) {
        if self.check_name(category, key, NameKind::Category, category) {
            self.check_table_string("category", category, key.span, category);
        }
    }

    fn empty_category(category: &str, key: &Node, value: &Value) -> Diagnostic {
        // `{}`, `[]` and `""` are reported; null and other false-y values then crash
        // `sorted(category)`.
        let crashes = !matches!(value, Value::Map(_) | Value::List(_) | Value::Str(_));
        let diagnostic = Diagnostic::new(
            &rules::SCALAR_EMPTY_CATEGORY,
            format!(
                "category {} has no scalars{}",
                quote(category),
                if crashes {
                    format!(" (its value is {})", value.type_name())
                } else {
                    String::new()
                }
            ),
        )
        .at(key.span)
        .probe(category)
        .firefox_message(format!(
            "Category \"{category}\" must have at least one probe in it.\nSee: {DOC_URL}"
        ));
        if crashes {
            diagnostic.firefox(FirefoxVerdict::Crash)
        } else {
            diagnostic
        }
    }

    fn check_probe_name(&mut self, probe: &Probe<'_>) -> bool {
        self.check_name(probe.name, &probe.entry.key, NameKind::Probe, &probe.label)
    }

    fn shown_name(probe: &Probe<'_>) -> String {
        probe.label.clone()
    }

    fn check_definition(
        &mut self,
        probe: &Probe<'_>,
        name_ok: bool,
        fields: &Fields<'_>,
    ) -> Scalar {
        let key_span = probe.entry.key.span;
        if self.options.strict {
            self.check_fields(probe, fields);
            self.check_values(probe, fields);
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
                            key_span,
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
            self.check_table_string("scalar name", probe.name, key_span, &probe.label);
        }
        self.check_table_strings(probe, fields);
        build_scalar(probe, fields)
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

impl Checker<'_> {
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

    /// `validate_types` (strict mode).
    fn check_fields(&mut self, probe: &Probe<'_>, fields: &Fields<'_>) {
        let schema = Schema::new(FIELDS, self.generation());
        let name = probe.name;

        // Missing required fields: one message listing them all.
        let missing = schema.missing(fields);
        if !missing.is_empty() {
            let crashes = missing
                .iter()
                .any(|f| matches!(*f, "kind" | "expires" | "notification_emails"));
            let mut diagnostic = probe
                .diag(
                    &rules::SCALAR_MISSING_FIELD,
                    missing_fields_message("scalar", &probe.label, &missing),
                    probe.entry.key.span,
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
        if let Some(diagnostic) = unknown_fields_diagnostic(
            probe,
            &rules::SCALAR_UNKNOWN_FIELD,
            &schema.unknown(fields),
            |names| format!("{name} - unknown fields: {names}.\nSee: {DOC_URL}#required-fields"),
        ) {
            self.push(diagnostic);
        }

        // Field types: one message listing every wrong field.
        let wrong: Vec<(&FieldSpec<FieldType>, &Entry)> = fields
            .0
            .iter()
            .filter_map(|e| schema.spec(&e.key).map(|s| (s, *e)))
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
            let Some(item_type) = schema.spec(&entry.key).and_then(|s| s.ty.item()) else {
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

        if let Some(systems) = fields.get("operating_systems") {
            if generation == Generation::Esr140 {
                self.push(
                    Self::obsolete_operating_systems(probe, systems).firefox_message(format!(
                        "{name} - uses obsolete field 'operating_systems'."
                    )),
                );
            }
        }
        self.check_known_values(probe, fields, KnownValue::OperatingSystem, |text| {
            format!(
                "{name} - invalid entry in operating_systems: {text}.\nSee: {DOC_URL}#optional-fields"
            )
        });
        self.check_known_values(probe, fields, KnownValue::Process, |text| {
            format!("{name} - unknown value in record_in_processes: {text}.\nSee: {DOC_URL}")
        });
        self.check_known_values(probe, fields, KnownValue::Product, |text| {
            format!("{name} - unknown value in products: {text}.\nSee: {DOC_URL}")
        });

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
                    } else if expiry_has_leading_zero(text) {
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
}

/// A scalar's crash after its wrong-type report (see rules.md §1).
fn wrong_type_crashes(spec: &FieldSpec<FieldType>, value: &Node) -> bool {
    match (spec.name, &value.value) {
        // A non-empty list in a non-list field: its items' type lookup fails.
        (_, Value::List(items)) if spec.ty.item().is_none() => !items.is_empty(),
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
fn build_scalar(probe: &Probe<'_>, fields: &Fields<'_>) -> Scalar {
    let key_span = probe.entry.key.span;
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
        category: Spanned::new(probe.category.to_string(), probe.category_key.span),
        name: Spanned::new(probe.name.to_string(), key_span),
        span: probe.entry.value.span,
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
mod tests {
    use super::*;
    use crate::check::common::tests::{
        STRUCTURE_PROBLEMS, definition_json, every_mode, first_line, ids, options,
        structure_problem_rules, tree,
    };
    use crate::diagnostic::Severity;
    use crate::model::Collection;
    use crate::source::Span;

    fn run(json: &str, options: &Options) -> (Vec<Scalar>, Diagnostics) {
        let root = tree(json);
        let mut diagnostics = Diagnostics::default();
        let scalars = check(&[&root], options, &mut diagnostics);
        (scalars, diagnostics)
    }

    fn strict() -> Options {
        options(true, Generation::Esr140)
    }

    /// A minimal valid uint scalar (Firefox's test fixture), with `extra` fields merged in.
    fn scalar_json(extra: &str) -> String {
        let base = r#""bug_numbers": [12345], "description": "A nice one-line description.",
            "expires": "never", "kind": "uint", "notification_emails": ["test01@mozilla.com"],
            "products": ["firefox"], "record_in_processes": ["main"]"#;
        definition_json("category", "probe", base, extra)
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
        let (scalars, diagnostics) = run(STRUCTURE_PROBLEMS, &options(false, Generation::Esr140));
        assert!(scalars.is_empty());
        assert_eq!(ids(&diagnostics), structure_problem_rules("scalar"));
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
            for options in every_mode() {
                let _ = run(json, &options);
            }
        }
    }
}
