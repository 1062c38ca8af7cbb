//! Histogram and allowlist rules (rules.md §2).

super::declare_rules! { HISTOGRAM_RULES;
    HISTOGRAM_NOT_AN_OBJECT = "histogram/not-an-object", Error, Crash,
        summary: "A histogram definition must be a JSON object.",
        explanation: "Each entry of Histograms.json maps a histogram name to an object of fields. Firefox's parser crashes on any other value.";
    HISTOGRAM_MISSING_FIELD = "histogram/missing-field", Error, Crash,
        summary: "A histogram lacks a field its kind requires (kind, description, high, n_buckets, n_values, labels).",
        explanation: "Every histogram needs `kind` and `description`; linear and exponential histograms need `high` and `n_buckets`, enumerated ones `n_values`, categorical ones `labels`. Firefox's parser crashes with a KeyError when one is missing.",
        help: "add the missing field";
    HISTOGRAM_UNKNOWN_KIND = "histogram/unknown-kind", Error, Fatal,
        summary: "The kind must be boolean, count, enumerated, categorical, linear or exponential (plus flag before ESR 140).",
        explanation: "Firefox aborts the whole histogram load on an unknown kind, even in non-strict mode. `flag` was removed after Firefox 76: use a boolean histogram or a boolean scalar.",
        help: "use one of: boolean, count, enumerated, categorical, linear, exponential";
    HISTOGRAM_NAME_HASH = "histogram/name-hash", Error, Deferred,
        summary: "A histogram name must not contain `#`.",
        explanation: "`#` separates names in Firefox's keyed lookups; Firefox rejects it in both modes.";
    HISTOGRAM_NAME_LABELS_PREFIX = "histogram/name-labels-prefix", Error, Deferred,
        summary: "A histogram name must not start with `LABELS_`.",
        explanation: "Firefox generates a `LABELS_<NAME>` C++ enum for every categorical histogram; a histogram named `LABELS_…` could clash with one.";
    HISTOGRAM_NAME_PATTERN = "histogram/name-pattern", Error, Deferred,
        summary: "A histogram name must match ^[a-z][a-z0-9_]+[a-z0-9]$ (case-insensitive).",
        explanation: "Names become C++ identifiers: ASCII letters, digits and `_`, at least 3 characters, starting with a letter and not ending with `_`. Checked in strict mode only.",
        help: "rename the histogram, e.g. MY_COMPONENT_LOAD_MS";
    HISTOGRAM_NON_ASCII_NAME = "histogram/non-ascii-name", Error, Generator,
        summary: "A histogram name passes the case-insensitive pattern with a non-ASCII letter (İ ı ſ K) but breaks the perfect-hash generator.",
        explanation: "Python's re.IGNORECASE lets four non-ASCII letters match [a-z]. The parser accepts such a name; gen_histogram_phf.py then fails on the non-ASCII byte.";
    HISTOGRAM_FIELD_NOT_ALLOWED = "histogram/field-not-allowed", Error, Deferred,
        summary: "A field is not allowed for this histogram kind.",
        explanation: "Each kind accepts a fixed set of fields (strict mode): the common ones, plus n_values (enumerated), labels and n_values (categorical), low/high/n_buckets (linear, exponential). `cpp_guard` and `extended_statistics_ok` are historical and rejected since 2018.",
        help: "remove the field";
    HISTOGRAM_KEYS_NOT_KEYED = "histogram/keys-not-keyed", Error, Crash,
        summary: "`keys` is only allowed on a keyed histogram.",
        explanation: "Declared keys restrict a keyed histogram's keys. Firefox raises a bare ValueError when `keys` is set and `keyed` is not true.",
        help: "add \"keyed\": true or remove \"keys\"";
    HISTOGRAM_KEYS_EMPTY = "histogram/keys-empty", Error, Crash,
        summary: "A histogram's `keys` list must not be empty.",
        explanation: "An empty key list would make the histogram unrecordable. Firefox raises a bare ValueError.";
    HISTOGRAM_TOO_MANY_KEYS = "histogram/too-many-keys", Error, Crash,
        summary: "A histogram may declare at most 30 keys.",
        explanation: "Firefox limits declared keys to 30 (raising a ValueError past that).";
    HISTOGRAM_KEY_TOO_LONG = "histogram/key-too-long", Error, Crash,
        summary: "A declared histogram key must be at most 20 characters.",
        explanation: "Firefox limits declared keys to 20 characters (raising a ValueError past that).";
    HISTOGRAM_FIELD_TYPE = "histogram/field-type", Error, Deferred,
        summary: "A histogram field has the wrong type.",
        explanation: "n_buckets, n_values, low and high are ints; keyed is a bool; expires_in_version, kind, description and releaseChannelCollection are strings; list fields hold ints (bug_numbers) or strings (the others). A non-int `high` also crashes the INT_MAX check.";
    HISTOGRAM_STRING_AS_LIST = "histogram/string-as-list", Warning, Accepted,
        summary: "A string is given where a list is expected; Firefox iterates it character by character.",
        explanation: "Firefox's list checks only iterate the value, so `\"alert_emails\": \"a@b.c\"` passes as the list of its characters. It builds, but certainly not as meant.",
        help: "wrap the value in a list: [\"…\"]";
    HISTOGRAM_BOOL_AS_INT = "histogram/bool-as-int", Warning, Accepted,
        summary: "`true`/`false` is given where an int is expected; Python counts it as 1/0.",
        explanation: "Python's bool is an int, so Firefox's type checks accept `true` as 1. In a bucket parameter it reaches the generated C++ as `True` and breaks the build (an error); elsewhere it builds with the value 1/0.",
        help: "write the number";
    HISTOGRAM_HIGH_INT_MAX = "histogram/high-int-max", Error, Deferred,
        summary: "`high` must be a positive 32-bit C int.",
        explanation: "Firefox squeezes `high` into a C int (its low 32 bits) and rejects it unless the result is > 0: 0, negatives, 2^31 and 2^64 fail. A value that passes only by wrapping (2^32+5) is accepted by the parser and then written unwrapped into C++, so it is an error here too.",
        help: "use a value between 1 and 2147483647";
    HISTOGRAM_KIND_NOT_ALLOWLISTED = "histogram/kind-not-allowlisted", Error, Fatal,
        summary: "New `count` (and `flag`) histograms are not allowed: use a scalar.",
        explanation: "Firefox only accepts count and flag histograms listed in the allowlist's `kind` list (legacy probes). New counters should be uint scalars.",
        help: "use a uint scalar in Scalars.yaml instead";
    HISTOGRAM_MISSING_ALERT_EMAILS = "histogram/missing-alert-emails", Error, Deferred,
        summary: "A new histogram must have `alert_emails`.",
        explanation: "Every histogram names who is alerted about changes in its data, unless it is a legacy histogram in the allowlist's `alert_emails` list.",
        help: "add \"alert_emails\": [\"team@example.com\"]";
    HISTOGRAM_MISSING_BUG_NUMBERS = "histogram/missing-bug-numbers", Error, Deferred,
        summary: "A new histogram must have `bug_numbers`.",
        explanation: "Every histogram cites the bug that added it, unless it is a legacy histogram in the allowlist's `bug_numbers` list.",
        help: "add \"bug_numbers\": [1234567]";
    HISTOGRAM_EMAIL_SEPARATOR = "histogram/email-separator", Warning, Accepted,
        summary: "An alert e-mail contains a comma or a space: probably several addresses in one string.",
        explanation: "Firefox does not check histogram e-mails at all (it does for scalars), so `\"a@x, b@y\"` builds as one address that no mail system delivers.",
        help: "give each address as its own list item";
    HISTOGRAM_EXPIRY_DEFAULT = "histogram/expiry-default", Error, Deferred,
        summary: "`expires_in_version: \"default\"` is only allowed for allowlisted legacy histograms.",
        explanation: "New histograms must state a real expiry: a major version or `never`.",
        help: "use a major version such as \"150\", or \"never\"";
    HISTOGRAM_EXPIRY_INVALID = "histogram/expiry-invalid", Error, Deferred,
        summary: "`expires_in_version` must be `never` or a major version of 1–3 digits.",
        explanation: "Strict mode accepts `never` or ^\\d{1,3}$ (Python semantics). `60.0`, `1000` and `Never` are rejected. The value is normalised to `N.0a1`.",
        help: "write a major version such as \"150\", or \"never\"";
    HISTOGRAM_EXPIRY_QUIRK = "histogram/expiry-quirk", Warning, Accepted,
        summary: "An expiry passes Firefox's pattern only thanks to a leading zero.",
        explanation: "`060` passes `^\\d{1,3}$` but is not normalised to `N.0a1`, and confuses every tool that reads versions. (A trailing newline or non-ASCII digits also pass the pattern, but then break the generated C++: see histogram/string-table-char.)",
        help: "write the plain major version, e.g. \"60\"";
    HISTOGRAM_EXPIRY_MISSING = "histogram/expiry-missing", Error, Generator,
        summary: "A histogram has no `expires_in_version` (or it is null).",
        explanation: "Firefox's parser skips the expiry check when the field is absent, but the data generator then crashes looking the missing value up in its string table.",
        help: "add \"expires_in_version\": \"never\" or a major version";
    HISTOGRAM_LABEL_TOO_LONG = "histogram/label-too-long", Error, Deferred,
        summary: "A categorical label must be at most 20 characters.",
        explanation: "Labels become C++ enumerators and payload keys; Firefox limits them to 20 characters.";
    HISTOGRAM_TOO_MANY_LABELS = "histogram/too-many-labels", Error, Fatal,
        summary: "A categorical histogram may have at most 100 labels.",
        explanation: "Firefox aborts the load when a histogram has more than 100 labels.";
    HISTOGRAM_LABEL_PATTERN = "histogram/label-pattern", Error, Deferred,
        summary: "A label must match ^[a-z][a-z0-9_]+[a-z0-9]$ (case-insensitive, at least 3 characters).",
        explanation: "Labels become C++ enumerators, so they follow the histogram-name pattern. `ok` is too short.",
        help: "rename the label, e.g. \"Success\"";
    HISTOGRAM_DUPLICATE_LABEL = "histogram/duplicate-label", Error, Generator,
        summary: "A categorical histogram repeats a label.",
        explanation: "Firefox's parser accepts duplicate labels, but they become duplicate enumerators of the generated LABELS_ enum and the C++ build fails.";
    HISTOGRAM_MISSING_PROCESSES = "histogram/missing-processes", Error, Deferred,
        summary: "A histogram must have a non-empty `record_in_processes`.",
        explanation: "Firefox needs to know which processes may record the histogram (strict mode). A missing field also crashes the parser right after the error.",
        help: "add \"record_in_processes\": [\"main\"]";
    HISTOGRAM_UNKNOWN_PROCESS = "histogram/unknown-process", Error, Deferred,
        summary: "An entry of `record_in_processes` is not a known process.",
        explanation: "Known: all, all_children, main, content, gpu, rdd, socket, utility (and the alias all_childs).";
    HISTOGRAM_MISSING_PRODUCTS = "histogram/missing-products", Error, Fatal,
        summary: "A histogram must have a non-empty `products` list.",
        explanation: "Since 2018 every histogram states the products it records on; Firefox aborts the load when the field is missing or empty.",
        help: "add \"products\": [\"firefox\"]";
    HISTOGRAM_UNKNOWN_PRODUCT = "histogram/unknown-product", Error, Deferred,
        summary: "An entry of `products` is not a known product.",
        explanation: "ESR 140 knows firefox, fennec and thunderbird; geckoview and geckoview_streaming were removed, and `all` was never valid.";
    HISTOGRAM_OBSOLETE_OPERATING_SYSTEMS = "histogram/obsolete-operating-systems", Error, Deferred,
        summary: "`operating_systems` is obsolete.",
        explanation: "ESR 140 rejects the field in strict mode (it still reads it to decide whether a probe is generated for the target OS).",
        help: "remove the field";
    HISTOGRAM_UNKNOWN_OPERATING_SYSTEM = "histogram/unknown-operating-system", Error, Deferred,
        summary: "An entry of `operating_systems` is not a known OS (Firefox 76 generation).",
        explanation: "Known: mac, linux, windows, android, unix, all.";
    HISTOGRAM_GECKOVIEW_STREAMING = "histogram/geckoview-streaming", Error, Deferred,
        summary: "geckoview_streaming histograms must be linear, exponential, boolean or categorical, and not keyed (Firefox 76 generation).",
        explanation: "Firefox 76's GeckoView streaming telemetry supported only some kinds and no keyed histograms.";
    HISTOGRAM_EMPTY_STORES = "histogram/empty-stores", Error, Deferred,
        summary: "`record_into_store`, when present, must not be empty.",
        explanation: "The field defaults to [\"main\"]; an empty list would record nowhere.";
    HISTOGRAM_TOO_MANY_BUCKETS = "histogram/too-many-buckets", Error, Deferred,
        summary: "A new histogram may have at most 100 buckets (101 for enumerated and categorical).",
        explanation: "Histograms with many buckets use disproportionate resources; only allowlisted legacy histograms may exceed the limit.",
        help: "reduce n_buckets / n_values";
    HISTOGRAM_UNKNOWN_COLLECTION = "histogram/unknown-collection", Error, Crash,
        summary: "`releaseChannelCollection` must be `opt-in` or `opt-out`.",
        explanation: "Firefox reports any other value and then crashes on the dataset lookup.",
        help: "use \"opt-in\" (pre-release channels) or \"opt-out\" (all channels)";
    HISTOGRAM_BUCKET_LAYOUT = "histogram/bucket-layout", Error, Generator,
        summary: "The bucket parameters fail Firefox's generated static asserts (or its bucket computation).",
        explanation: "The parser does not relate low, high and n_buckets; the generated C++ asserts low ≥ 1, low < high, n_buckets ≥ 3 and high > n_buckets for linear and exponential histograms, and n_values ≥ 3 for enumerated ones. Some specs even crash the bucket computation (division by zero, log of 0).",
        help: "for linear/exponential use 1 ≤ low < high ≤ 2147483647 and 3 ≤ n_buckets < high";
    HISTOGRAM_STRING_TABLE_COMMENT = "histogram/string-table-comment", Error, Generator,
        summary: "A string that goes into the C++ string table contains `*/`.",
        explanation: "Firefox's generator writes each string after a C comment and raises on `*/`. Keys and store names are not otherwise checked, so the parser accepts them.";
    HISTOGRAM_STRING_TABLE_CHAR = "histogram/string-table-char", Error, Generator,
        summary: "A string that goes into the C++ string table contains a line break, a backslash or a non-ASCII character.",
        explanation: "Firefox's generator writes each string as C++ char literals, one per character, escaping only `'`. A line break or backslash breaks the literal, and a non-ASCII character does not fit a char, so the build fails although the parser accepted the value (an expiry \"60\\n\" passes Python's `$`).";
    HISTOGRAM_CPP_RESERVED = "histogram/cpp-reserved", Error, Generator,
        summary: "A histogram name or label is a C++ keyword or clashes with a generated identifier (HistogramCount).",
        explanation: "Names and labels become C++ enumerators; a keyword or `HistogramCount` (the enum's sentinel) does not compile.";
    HISTOGRAM_NONE_DEFINED = "histogram/none-defined", Error, Generator,
        summary: "A histogram file defines no histograms.",
        explanation: "The parser accepts `{}`, but the perfect-hash generator asserts there is at least one histogram.";
    HISTOGRAM_TABLE_LIMITS = "histogram/table-limits", Error, Generator,
        summary: "The generated C++ tables overflow (labels, keys, stores or bucket bounds).",
        explanation: "Label, key and store index tables are limited to 16,383 entries each; the bucket-bounds table to 32,767 entries (int16 offsets).";
    HISTOGRAM_NON_STRICT_COERCION = "histogram/non-strict-coercion", Warning, Accepted,
        summary: "Non-strict mode evaluates a string bucket parameter as a Python expression.",
        explanation: "Historical files wrote \"16 * 1024\" or C++ constants; the pipeline's non-strict mode evaluates them. Modern files must use numbers.";
    ALLOWLIST_MISSING = "allowlist/missing", Warning, Fatal,
        summary: "No histogram allowlist file was found; strict checks treat every list as empty.",
        explanation: "Firefox's strict mode loads histogram-allowlists.json beside its scripts and fails without it. Outside Firefox's tree a project may have none: then every histogram must meet the current rules.";
    ALLOWLIST_MALFORMED = "allowlist/malformed", Error, Crash,
        summary: "The allowlist must be an object of lists of histogram names.",
        explanation: "Firefox crashes on an allowlist whose top level is not an object, and on a list it needs that is missing.";
    ALLOWLIST_ORPHANED = "allowlist/orphaned", Error, Deferred,
        summary: "An allowlist entry names no existing histogram.",
        explanation: "When a histogram is removed, its allowlist entries must go too; Firefox lists every orphan in one error.",
        help: "remove the entry from the allowlist";
    ALLOWLIST_NOT_NEEDED = "allowlist/not-needed", Error, Deferred,
        summary: "A histogram is still in the alert_emails/bug_numbers allowlist although it has the field.",
        explanation: "Allowlists only shrink: once a histogram has the field, Firefox requires its allowlist entry to be removed.",
        help: "remove the histogram from that allowlist";
}
