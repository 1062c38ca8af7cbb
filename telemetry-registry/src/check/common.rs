//! What the three checkers share: Python's regex and type semantics, as Firefox's scripts see
//! their inputs, and the spanned readers that turn tree nodes into model values.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Collection, Spanned};
use crate::rules::{Generation, OPERATING_SYSTEMS, Rule};
use crate::source::Span;
use crate::value::{Entry, Node, Value};

/// Python's `$` matches before one final `\n`: the part of `s` a `^…$` pattern must match.
pub fn py_anchored(s: &str) -> &str {
    s.strip_suffix('\n').unwrap_or(s)
}

/// Python's `\d` on `str` patterns: any Unicode decimal digit (category Nd).
pub fn is_py_digit(c: char) -> bool {
    // The first code point of each block of ten Nd digits (Unicode 15, as Python 3.11 has it).
    const ND_BLOCKS: [u32; 66] = [
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
        0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
        0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
        0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
        0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
        0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
    ];
    let c = c as u32;
    let block = ND_BLOCKS.partition_point(|&start| start <= c);
    block > 0 && c - ND_BLOCKS[block - 1] < 10
}

/// Firefox's expiry pattern: `never`, or `^\d{1,3}$` with Python semantics.
pub fn is_valid_expiry(s: &str) -> bool {
    if s == "never" {
        return true;
    }
    let body = py_anchored(s);
    let count = body.chars().count();
    (1..=3).contains(&count) && body.chars().all(is_py_digit)
}

/// A letter `[a-z]` matches under Python's `re.IGNORECASE` (ASCII letters, plus the four
/// non-ASCII letters whose case folding lands on one: İ ı ſ K).
fn is_py_ignorecase_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{130}' | '\u{131}' | '\u{17F}' | '\u{212A}')
}

/// `^[a-z][a-z0-9_]+[a-z0-9]$`, case-insensitive: histogram names and labels.
pub fn is_histogram_name(s: &str) -> bool {
    let chars: Vec<char> = py_anchored(s).chars().collect();
    if chars.len() < 3 {
        return false;
    }
    let middle_ok = chars[1..chars.len() - 1]
        .iter()
        .all(|&c| is_py_ignorecase_letter(c) || c.is_ascii_digit() || c == '_');
    let last = chars[chars.len() - 1];
    is_py_ignorecase_letter(chars[0])
        && middle_ok
        && (is_py_ignorecase_letter(last) || last.is_ascii_digit())
}

/// Firefox's event identifier pattern `^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$`.
pub fn is_event_identifier(s: &str) -> bool {
    let chars: Vec<char> = py_anchored(s).chars().collect();
    if chars.len() < 2 {
        return false;
    }
    let last = chars[chars.len() - 1];
    chars[0].is_ascii_alphabetic()
        && chars[1..chars.len() - 1]
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && last.is_ascii_alphanumeric()
}

/// Python's `len()` of a string: code points.
pub fn py_len(s: &str) -> usize {
    s.chars().count()
}

/// The items Python's `for item in value` yields for a list-typed field: a list's items, a
/// string's characters (each as a one-character string node), a mapping's keys. `None` when the
/// value is not iterable (Python raises `TypeError`).
pub fn py_iter(node: &Node) -> Option<Cow<'_, [Node]>> {
    match &node.value {
        Value::List(items) => Some(Cow::Borrowed(items)),
        Value::Str(s) => Some(Cow::Owned(
            s.chars()
                .map(|c| Node::new(Value::Str(c.to_string()), node.span))
                .collect(),
        )),
        Value::Map(entries) => Some(Cow::Owned(entries.iter().map(|e| e.key.clone()).collect())),
        _ => None,
    }
}

/// Whether a value passes Python's `isinstance(v, int)`: ints, and bools (a Python bool is an
/// int).
pub fn is_py_int(value: &Value) -> bool {
    matches!(value, Value::Int(_) | Value::Bool(_))
}

/// The integer value of an int-or-bool node, if it fits `i64`.
pub fn int_value(node: &Node) -> Option<i64> {
    match &node.value {
        Value::Int(i) => i.as_i64(),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// A string node as a spanned model string.
pub fn spanned_str(node: &Node) -> Option<Spanned<String>> {
    node.as_str()
        .map(|s| Spanned::new(s.to_string(), node.span))
}

/// The string items of a list-typed field (non-string items skipped: the type check reports
/// them).
pub fn string_items(node: &Node) -> Vec<Spanned<String>> {
    match &node.value {
        Value::List(items) => items.iter().filter_map(spanned_str).collect(),
        _ => py_iter(node)
            .unwrap_or_default()
            .iter()
            .filter_map(spanned_str)
            .collect(),
    }
}

/// The int items of a list-typed field (non-int items skipped).
pub fn int_items(node: &Node) -> Vec<Spanned<i64>> {
    py_iter(node)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| int_value(n).map(|v| Spanned::new(v, n.span)))
        .collect()
}

/// A short, safe rendering of a user value for messages: quoted, escaped, and cut at 60
/// characters (names can be a megabyte long).
pub fn quote(s: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        out.extend(c.escape_debug());
    }
    out.push('"');
    out
}

/// The pair ordered so that the one written later (file, then offset) comes first.
pub fn later_first<'t, T>(a: &'t T, b: &'t T, span: impl Fn(&T) -> Span) -> (&'t T, &'t T) {
    let key = |x: &T| {
        let s = span(x);
        (s.file, s.start)
    };
    if key(a) >= key(b) { (a, b) } else { (b, a) }
}

/// The collection policy: `opt-out` when so written, else the default `opt-in`.
pub fn collection(entry: Option<&Entry>, default_span: Span) -> Spanned<Collection> {
    match entry {
        Some(e) if e.value.as_str() == Some("opt-out") => {
            Spanned::new(Collection::OptOut, e.value.span)
        }
        Some(e) => Spanned::new(Collection::OptIn, e.value.span),
        None => Spanned::new(Collection::OptIn, default_span),
    }
}

// ----------------------------------------------------------------------------------------------
// Definition fields with Python dict semantics, and names.

/// A definition's fields with Python dict semantics (see [`dict_entries`]).
pub struct Fields<'a>(pub &'a [&'a Entry]);

impl<'a> Fields<'a> {
    pub fn get(&self, field: &str) -> Option<&'a Entry> {
        self.0
            .iter()
            .copied()
            .find(|e| e.key.as_str() == Some(field))
    }
}

/// A YAML mapping as the Python dict PyYAML builds from it: one entry per distinct key, at the
/// position of its first occurrence, holding the value of its last.
pub fn dict_entries(entries: &[Entry]) -> Vec<&Entry> {
    let mut out: Vec<&Entry> = Vec::with_capacity(entries.len());
    let mut positions: HashMap<KeyIdentity<'_>, usize> = HashMap::new();
    for entry in entries {
        let identity = KeyIdentity::of(&entry.key.value);
        // Definitions have a dozen fields: a scan beats hashing them.
        let seen = if entries.len() <= SMALL_MAP {
            out.iter()
                .position(|e| KeyIdentity::of(&e.key.value) == identity)
        } else {
            positions.get(&identity).copied()
        };
        match seen {
            Some(at) => out[at] = entry,
            None => {
                if entries.len() > SMALL_MAP {
                    positions.insert(identity, out.len());
                }
                out.push(entry);
            }
        }
    }
    out
}

/// Up to this many entries, maps are searched linearly.
pub const SMALL_MAP: usize = 24;

/// What makes two mapping keys the same key: type and value (Python's dict equality, minus the
/// `1 == True` coincidence, which no definition file relies on).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum KeyIdentity<'a> {
    Str(&'a str),
    Other(String),
}

impl<'a> KeyIdentity<'a> {
    pub fn of(value: &'a Value) -> KeyIdentity<'a> {
        match value {
            Value::Str(s) => KeyIdentity::Str(s),
            other => KeyIdentity::Other(format!("{other:?}")),
        }
    }
}

/// The string-keyed entries sorted by code point (Python's `sorted`), and the entries whose key
/// is not a string (on which Firefox crashes).
pub fn sorted_names(entries: &[Entry]) -> (Vec<(&str, &Entry)>, Vec<&Entry>) {
    let mut names = Vec::new();
    let mut others = Vec::new();
    for entry in dict_entries(entries) {
        match entry.key.as_str() {
            Some(name) => names.push((name, entry)),
            None => others.push(entry),
        }
    }
    // Rust orders `str` by its UTF-8 bytes, which is code-point order, as Python's `sorted`.
    names.sort_by(|a, b| a.0.cmp(b.0));
    (names, others)
}

/// How a non-string YAML key reads (for messages).
pub fn key_text(key: &Node) -> String {
    match &key.value {
        Value::Str(s) => s.clone(),
        Value::Null => "null".to_string(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Value::Int(i) if i.exact => i.value.to_string(),
        Value::Int(_) => "a huge integer".to_string(),
        Value::Float(f) => f.to_string(),
        Value::Date(d) => d.clone(),
        Value::List(_) => "a list".to_string(),
        Value::Map(_) => "a mapping".to_string(),
    }
}

/// The error for a category or probe name that YAML did not read as a string.
pub fn non_string_name(
    rule: &'static Rule,
    what: &str,
    entry: &Entry,
    category: Option<&str>,
) -> Diagnostic {
    let read_as = match &entry.key.value {
        Value::Bool(b) => format!(
            "the boolean {b} (YAML 1.1 reads unquoted on, off, yes, no, true and false as \
             booleans)"
        ),
        Value::Null => "null".to_string(),
        Value::Int(_) => format!("the integer {}", key_text(&entry.key)),
        Value::Float(_) => format!("the number {}", key_text(&entry.key)),
        Value::Date(d) => format!("the date {d}"),
        other => format!("a {}", other.type_name()),
    };
    let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let diagnostic = Diagnostic::new(
        rule,
        format!(
            "{article} {what} name is read as {read_as}, not as a string; Firefox's scripts \
             crash on it"
        ),
    )
    .at(entry.key.span);
    match category {
        Some(category) => diagnostic.probe(category),
        None => diagnostic,
    }
}

/// Python's `type(value).__name__`.
pub fn py_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Date(d) if d.len() > 10 => "datetime",
        Value::Date(_) => "date",
        Value::List(_) => "list",
        Value::Map(_) => "dict",
    }
}

/// What Firefox's string-table writer cannot put out: `*/` (it raises), and characters that do
/// not make a valid C++ char literal (newline, backslash, non-ASCII).
pub fn table_string_diagnostic(
    comment_rule: &'static Rule,
    char_rule: &'static Rule,
    what: &str,
    text: &str,
    span: Span,
) -> Option<Diagnostic> {
    if text.contains("*/") {
        return Some(
            Diagnostic::new(
                comment_rule,
                format!(
                    "{what} {} contains `*/`, which Firefox's C++ generator cannot write",
                    quote(text)
                ),
            )
            .at(span)
            .firefox_message(format!(
                "String in string table contains unexpected sequence '*/': {text}"
            )),
        );
    }
    let problem = if text.contains(['\n', '\r']) {
        if py_anchored(text) != text && !py_anchored(text).contains(['\n', '\r']) {
            "ends in a line break (which Firefox's patterns let through)".to_string()
        } else {
            "contains a line break".to_string()
        }
    } else if text.contains('\\') {
        "contains a backslash".to_string()
    } else if let Some(c) = text.chars().find(|c| !c.is_ascii()) {
        format!("contains the non-ASCII character {}", quote(&c.to_string()))
    } else {
        return None;
    };
    Some(
        Diagnostic::new(
            char_rule,
            format!(
                "{what} {} {problem}: Firefox's generator writes it as C++ char literals, which \
                 do not compile",
                quote(text)
            ),
        )
        .at(span),
    )
}

// ----------------------------------------------------------------------------------------------
// Scalars.yaml and Events.yaml: both map category names to probe names to definitions, and
// Firefox walks both the same way.

/// The rules and words in which the walks of Scalars.yaml and Events.yaml differ.
pub struct ProbeFileKind {
    /// The file's usual name (for the top-level error).
    pub file_name: &'static str,
    /// What the file defines (`scalar`, `event`).
    pub probe_noun: &'static str,
    pub non_string_name: &'static Rule,
    pub category_not_a_mapping: &'static Rule,
    pub not_a_mapping: &'static Rule,
    pub string_table_comment: &'static Rule,
    pub string_table_char: &'static Rule,
    pub obsolete_operating_systems: &'static Rule,
    pub unknown_process: &'static Rule,
    pub unknown_product: &'static Rule,
    pub unknown_operating_system: &'static Rule,
}

/// A probe definition under check.
pub struct Probe<'a> {
    pub category: &'a str,
    /// The category's key (where the typed probe's category is).
    pub category_key: &'a Node,
    /// The probe's name in its category.
    pub name: &'a str,
    /// `category.name`: the probe its diagnostics are about.
    pub label: String,
    /// The name (key) and the definition (value).
    pub entry: &'a Entry,
}

impl Probe<'_> {
    pub fn diag(&self, rule: &'static Rule, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::new(rule, message).at(span).probe(&self.label)
    }
}

/// The checks of Scalars.yaml or Events.yaml that differ by file, called by the walk they
/// share ([`check_probe_files`]) in Firefox's order.
pub trait ProbeFileChecker {
    /// The typed probe a definition becomes.
    type Probe;
    const KIND: ProbeFileKind;

    fn diagnostics(&mut self) -> &mut Diagnostics;

    fn generation(&self) -> Generation;

    /// Checks a category's name (Firefox's rules, then as a string-table entry).
    fn check_category_name(&mut self, category: &str, key: &Node);

    /// The error for a category whose value is false-y (`{}`, null, …).
    fn empty_category(category: &str, key: &Node, value: &Value) -> Diagnostic;

    /// Checks a probe's name by Firefox's rules; returns whether it passed.
    fn check_probe_name(&mut self, probe: &Probe<'_>) -> bool;

    /// The probe as our messages name it.
    fn shown_name(probe: &Probe<'_>) -> String;

    /// Checks a definition that is a mapping (`fields`), and builds the typed probe.
    fn check_definition(
        &mut self,
        probe: &Probe<'_>,
        name_ok: bool,
        fields: &Fields<'_>,
    ) -> Self::Probe;

    /// Checks the probes of every file together (the C++ enumerators they generate).
    fn check_enum_collisions(&mut self, probes: &[Self::Probe]);

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics().push(diagnostic);
    }

    /// Checks a string that Firefox's generator writes into its C++ string table.
    fn check_table_string(&mut self, what: &str, text: &str, span: Span, probe: &str) {
        if let Some(diagnostic) = table_string_diagnostic(
            Self::KIND.string_table_comment,
            Self::KIND.string_table_char,
            what,
            text,
            span,
        ) {
            self.push(diagnostic.probe(probe));
        }
    }

    /// Checks the values of a list field that must come from a known set (if the definition
    /// has the field, and the generation's parser checks it): one error for each string value
    /// (iterated as Python does) not in the set; the type check reports the other values.
    fn check_known_values(
        &mut self,
        probe: &Probe<'_>,
        fields: &Fields<'_>,
        value: KnownValue,
        firefox_message: impl Fn(&str) -> String,
    ) {
        let (Some(field), Some(known)) =
            (fields.get(value.field()), value.known(self.generation()))
        else {
            return;
        };
        let rule = match value {
            KnownValue::Process => Self::KIND.unknown_process,
            KnownValue::Product => Self::KIND.unknown_product,
            KnownValue::OperatingSystem => Self::KIND.unknown_operating_system,
        };
        for item in py_iter(&field.value).unwrap_or_default().iter() {
            if let Some(text) = item.as_str().filter(|text| !known.contains(text)) {
                self.push(
                    probe
                        .diag(rule, value.message(text, known), item.span)
                        .firefox_message(firefox_message(text)),
                );
            }
        }
    }

    /// The warning that `operating_systems` is obsolete (ESR 140 records on every OS).
    fn obsolete_operating_systems(probe: &Probe<'_>, field: &Entry) -> Diagnostic {
        probe.diag(
            Self::KIND.obsolete_operating_systems,
            format!(
                "`operating_systems` is obsolete: {}s are recorded on every OS",
                Self::KIND.probe_noun
            ),
            field.key.span,
        )
    }
}

/// Checks Scalars.yaml or Events.yaml files: in each, the categories and then their probes in
/// sorted order (Firefox sorts each file's probes, then concatenates the files in argument
/// order); then all the probes together.
pub fn check_probe_files<C: ProbeFileChecker>(checker: &mut C, files: &[&Node]) -> Vec<C::Probe> {
    let mut probes = Vec::new();
    for root in files {
        let Some(entries) = super::top_level_map(root, C::KIND.file_name, checker.diagnostics())
        else {
            continue;
        };
        check_categories(checker, entries, &mut probes);
    }
    checker.check_enum_collisions(&probes);
    probes
}

fn check_categories<C: ProbeFileChecker>(
    checker: &mut C,
    entries: &[Entry],
    probes: &mut Vec<C::Probe>,
) {
    let kind = &C::KIND;
    let (categories, others) = sorted_names(entries);
    for entry in others {
        checker.push(non_string_name(
            kind.non_string_name,
            "category",
            entry,
            None,
        ));
    }
    for (category, entry) in categories {
        checker.check_category_name(category, &entry.key);
        let definitions = match &entry.value.value {
            Value::Map(definitions) if !definitions.is_empty() => definitions,
            other if !other.is_truthy() => {
                checker.push(C::empty_category(category, &entry.key, other));
                continue;
            }
            other => {
                checker.push(
                    Diagnostic::new(
                        kind.category_not_a_mapping,
                        format!(
                            "category {} must be a mapping of {} names to definitions, found {}",
                            quote(category),
                            kind.probe_noun,
                            other.type_name()
                        ),
                    )
                    .at(entry.value.span)
                    .probe(category),
                );
                continue;
            }
        };
        let (names, others) = sorted_names(definitions);
        for definition in others {
            checker.push(non_string_name(
                kind.non_string_name,
                kind.probe_noun,
                definition,
                Some(category),
            ));
        }
        for (name, definition) in names {
            let probe = Probe {
                category,
                category_key: &entry.key,
                name,
                label: format!("{category}.{name}"),
                entry: definition,
            };
            if let Some(typed) = check_probe(checker, &probe) {
                probes.push(typed);
            }
        }
    }
}

/// One probe: its name, then its definition, which must be a mapping.
fn check_probe<C: ProbeFileChecker>(checker: &mut C, probe: &Probe<'_>) -> Option<C::Probe> {
    let name_ok = checker.check_probe_name(probe);
    let definition = &probe.entry.value;
    let Some(map) = definition.as_map() else {
        checker.push(probe.diag(
            C::KIND.not_a_mapping,
            format!(
                "the definition of {} {} must be a mapping of fields, found {}",
                C::KIND.probe_noun,
                quote(&C::shown_name(probe)),
                definition.value.type_name()
            ),
            definition.span,
        ));
        return None;
    };
    let fields = dict_entries(map);
    Some(checker.check_definition(probe, name_ok, &Fields(&fields)))
}

/// A field of a definition as Firefox's parsers declare it; `T` is how they check its type.
pub struct FieldSpec<T> {
    pub name: &'static str,
    pub ty: T,
    pub required: bool,
    /// The generations whose parser has the field.
    pub generations: &'static [Generation],
}

/// Fields every generation's parser has.
pub const ALL_GENERATIONS: &[Generation] = &Generation::ALL;
/// Fields of the ESR 140 and Firefox 76 parsers, not of the 2017 one.
pub const NOT_2017: &[Generation] = &[Generation::Esr140, Generation::Firefox76];
/// Fields only the 2017 parser has.
pub const ONLY_2017: &[Generation] = &[Generation::Legacy2017];

impl<T> FieldSpec<T> {
    pub const fn required(name: &'static str, ty: T, generations: &'static [Generation]) -> Self {
        FieldSpec {
            name,
            ty,
            required: true,
            generations,
        }
    }

    pub const fn optional(name: &'static str, ty: T, generations: &'static [Generation]) -> Self {
        FieldSpec {
            name,
            ty,
            required: false,
            generations,
        }
    }
}

/// The fields one generation's parser knows, from a table of every generation's.
pub struct Schema<T: 'static> {
    table: &'static [FieldSpec<T>],
    generation: Generation,
}

impl<T> Schema<T> {
    pub fn new(table: &'static [FieldSpec<T>], generation: Generation) -> Self {
        Schema { table, generation }
    }

    /// The fields, in the parser's order.
    pub fn specs(&self) -> impl Iterator<Item = &'static FieldSpec<T>> + '_ {
        self.table
            .iter()
            .filter(|spec| spec.generations.contains(&self.generation))
    }

    /// The spec of a field, if the parser knows it.
    pub fn spec(&self, key: &Node) -> Option<&'static FieldSpec<T>> {
        let key = key.as_str()?;
        self.specs().find(|spec| spec.name == key)
    }

    /// The required fields a definition lacks, in the parser's order.
    pub fn missing(&self, fields: &Fields<'_>) -> Vec<&'static str> {
        self.specs()
            .filter(|spec| spec.required && fields.get(spec.name).is_none())
            .map(|spec| spec.name)
            .collect()
    }

    /// The fields of a definition that the parser does not know, in definition order.
    pub fn unknown<'f>(&self, fields: &Fields<'f>) -> Vec<&'f Entry> {
        fields
            .0
            .iter()
            .copied()
            .filter(|entry| self.spec(&entry.key).is_none())
            .collect()
    }
}

/// Our message for a definition's missing required fields: one listing them all.
pub fn missing_fields_message(noun: &str, shown: &str, missing: &[&str]) -> String {
    let listed = missing
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "{noun} {} is missing required field{} {listed}",
        quote(shown),
        if missing.len() == 1 { "" } else { "s" }
    )
}

/// The one error for a definition's unknown fields (at the first, labelling the others), with
/// Firefox's message, made from their names joined, when every key is a string. `None` when
/// there are none.
pub fn unknown_fields_diagnostic(
    probe: &Probe<'_>,
    rule: &'static Rule,
    unknown: &[&Entry],
    firefox_message: impl FnOnce(&str) -> String,
) -> Option<Diagnostic> {
    let first = unknown.first()?;
    let names: Vec<String> = unknown.iter().map(|e| key_text(&e.key)).collect();
    let mut diagnostic = probe.diag(
        rule,
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
        diagnostic = diagnostic.firefox_message(firefox_message(&names.join(", ")));
    }
    Some(diagnostic)
}

/// The list fields whose values must come from a known set, by what a value is.
#[derive(Clone, Copy)]
pub enum KnownValue {
    Process,
    Product,
    OperatingSystem,
}

impl KnownValue {
    fn field(self) -> &'static str {
        match self {
            KnownValue::Process => "record_in_processes",
            KnownValue::Product => "products",
            KnownValue::OperatingSystem => "operating_systems",
        }
    }

    /// The known values; `None` where the generation's parser does not check them (the 2017
    /// parser knows no products and no operating systems).
    fn known(self, generation: Generation) -> Option<&'static [&'static str]> {
        match self {
            KnownValue::Process => Some(generation.processes()),
            KnownValue::Product => generation.products(),
            KnownValue::OperatingSystem => {
                (generation != Generation::Legacy2017).then_some(OPERATING_SYSTEMS)
            }
        }
    }

    /// Our message for `text`, which is not among `known`.
    fn message(self, text: &str, known: &[&str]) -> String {
        let (what, field) = match self {
            KnownValue::Process => ("process", " in record_in_processes"),
            KnownValue::Product => ("product", ""),
            KnownValue::OperatingSystem => ("operating system", ""),
        };
        format!(
            "unknown {what} {}{field}; use one of: {}",
            quote(text),
            known.join(", ")
        )
    }
}

/// Whether a valid expiry has a leading zero, which Firefox does not normalise to `N.0a1`.
pub fn expiry_has_leading_zero(text: &str) -> bool {
    text.starts_with('0') && text.len() > 1 && text.is_ascii()
}

#[cfg(test)]
pub(in crate::check) mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::load::Options;
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

    /// Strict and non-strict mode in every generation.
    pub(in crate::check) fn every_mode() -> impl Iterator<Item = Options> {
        [true, false].into_iter().flat_map(|strict| {
            Generation::ALL
                .into_iter()
                .map(move |generation| options(strict, generation))
        })
    }

    /// The first line of Firefox's message (the rest is a documentation link).
    pub(in crate::check) fn first_line(diagnostic: &Diagnostic) -> Option<&str> {
        diagnostic
            .firefox_message
            .as_deref()
            .and_then(|m| m.lines().next())
    }

    pub(in crate::check) fn ids(diagnostics: &Diagnostics) -> Vec<&'static str> {
        diagnostics.items.iter().map(|d| d.rule.id).collect()
    }

    /// A Scalars.yaml or Events.yaml with every problem of structure the shared walk reports.
    pub(in crate::check) const STRUCTURE_PROBLEMS: &str = r#"{"!bool:true": {"x": {}},
        "empty": {}, "nul": "!null", "list": [1], "cat": {"!int:123": {}, "def": "text"}}"#;

    /// The rules [`STRUCTURE_PROBLEMS`] breaks, in order, in a rule family (`scalar`, `event`).
    pub(in crate::check) fn structure_problem_rules(family: &str) -> Vec<String> {
        [
            "non-string-name",
            "non-string-name",
            "not-a-mapping",
            "empty-category",
            "category-not-a-mapping",
            "empty-category",
        ]
        .map(|rule| format!("{family}/{rule}"))
        .to_vec()
    }

    /// A file with one definition: the fields of `base`, with the fields of `extra` (both JSON
    /// object members) set over them, and removed where `extra` gives `"!remove"`.
    pub(in crate::check) fn definition_json(
        category: &str,
        name: &str,
        base: &str,
        extra: &str,
    ) -> String {
        let mut fields: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&format!("{{{base}}}")).expect("test JSON");
        let extra: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&format!("{{{extra}}}")).expect("test JSON");
        for (k, v) in extra {
            if v == serde_json::Value::String("!remove".into()) {
                fields.remove(&k);
            } else {
                fields.insert(k, v);
            }
        }
        serde_json::json!({ category: { name: fields } }).to_string()
    }

    #[test]
    fn expiry_pattern_has_python_semantics() {
        for ok in ["never", "1", "60", "060", "999", "60\n", "٦٠"] {
            assert!(is_valid_expiry(ok), "{ok:?}");
        }
        for bad in ["Never", "60.0", "1000", "", "\n", "6a", "60\n\n", "default"] {
            assert!(!is_valid_expiry(bad), "{bad:?}");
        }
    }

    #[test]
    fn histogram_name_pattern() {
        for ok in ["abc", "A_B", "GC_MS", "a1b", "abc\n", "\u{212A}AB"] {
            assert!(is_histogram_name(ok), "{ok:?}");
        }
        for bad in ["ab", "_ab", "abc_", "1ab", "a-b", "a b", "abé"] {
            assert!(!is_histogram_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn event_identifier_pattern() {
        for ok in ["ab", "a.b", "a_b", "enroll", "x1"] {
            assert!(is_event_identifier(ok), "{ok:?}");
        }
        for bad in ["a", "1a", "a_", "a.", "a-b", ""] {
            assert!(!is_event_identifier(bad), "{bad:?}");
        }
    }

    #[test]
    fn quote_escapes_and_truncates() {
        assert_eq!(quote("a\"b\u{202E}"), "\"a\\\"b\\u{202e}\"");
        assert_eq!(quote(&"x".repeat(100)).chars().count(), 63);
    }
}
