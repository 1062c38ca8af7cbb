//! Scalar rules (rules.md §3).

super::declare_rules! { SCALAR_RULES;
    SCALAR_NON_STRING_NAME = "scalar/non-string-name", Error, Crash,
        summary: "Category and scalar names must be strings.",
        explanation: "YAML 1.1 reads unquoted `on`, `off`, `yes`, `no`, `true`, `false`, numbers and dates as non-strings. Firefox's parser sorts and measures names as strings and crashes on such a key.",
        help: "quote the name, e.g. 'on':";
    SCALAR_CATEGORY_NOT_A_MAPPING = "scalar/category-not-a-mapping", Error, Crash,
        summary: "A scalar category must be a mapping of scalar names to definitions.",
        explanation: "Scalars.yaml is a two-level mapping: category → scalar name → definition. Firefox's parser crashes on a category whose value is a list, a string or a number.",
        help: "indent the scalar definitions under the category";
    SCALAR_EMPTY_CATEGORY = "scalar/empty-category", Error, Deferred,
        summary: "A scalar category must contain at least one scalar.",
        explanation: "Firefox rejects a category with no scalars (`{}`). A category whose value is null is reported the same way and then crashes the parser.",
        help: "add a scalar to the category or remove it";
    SCALAR_NOT_A_MAPPING = "scalar/not-a-mapping", Error, Crash,
        summary: "A scalar definition must be a mapping of fields.",
        explanation: "Firefox's parser crashes on a scalar whose definition is null, a list or a string, in both modes.";
    SCALAR_NAME_TOO_LONG = "scalar/name-too-long", Error, Deferred,
        summary: "Category and scalar names must be at most 40 characters.",
        explanation: "Firefox limits both the category and the scalar name to 40 characters (checked in both modes).",
        help: "shorten the name";
    SCALAR_NAME_CHARACTERS = "scalar/name-characters", Error, Deferred,
        summary: "Category names use ASCII letters, digits and `.`; scalar names ASCII letters, digits and `_`.",
        explanation: "Names become C++ enumerators (`CATEGORY_NAME`) and JavaScript identifiers. Firefox checks `^[a-zA-Z0-9.]+$` for categories and `^[a-zA-Z0-9_]+$` for scalar names, in both modes. An empty name fails this check.",
        help: "rename it using only the allowed characters";
    SCALAR_NAME_EDGE = "scalar/name-edge", Error, Deferred,
        summary: "Category and scalar names must not start or end with a digit, `.` or `_`.",
        explanation: "Firefox rejects names matching `(^[\\d._])|([\\d._])$`, in both modes: `foo2`, `a1`, `_x` and `x.` all fail. A one-character name such as `c` is fine.",
        help: "rename it so it starts and ends with a letter";
    SCALAR_MISSING_FIELD = "scalar/missing-field", Error, Deferred,
        summary: "A scalar lacks a required field (bug_numbers, description, expires, kind, notification_emails, record_in_processes, products).",
        explanation: "Firefox reports every missing required field in one message (strict mode). A missing `kind`, `expires` or `notification_emails` then crashes the parser; a missing `expires` crashes it in non-strict mode too. `products` does not exist in the 2017 generation.",
        help: "add the missing fields";
    SCALAR_UNKNOWN_FIELD = "scalar/unknown-field", Error, Crash,
        summary: "A scalar has a field Firefox does not know.",
        explanation: "Strict mode accepts only the documented fields (bug_numbers, description, expires, kind, notification_emails, record_in_processes, products, release_channel_collection, keyed, keys, operating_systems, record_into_store). Firefox reports unknown fields, then crashes looking up their type.",
        help: "remove the field or fix its spelling";
    SCALAR_FIELD_TYPE = "scalar/field-type", Error, Deferred,
        summary: "A scalar field has the wrong type.",
        explanation: "description, expires, kind and release_channel_collection are strings; keyed is a real bool (the string \"true\" is not); bug_numbers is a list of ints; the other list fields are lists of strings. Scalars, unlike histograms and events, need a real list. Some wrong types also crash Firefox's parser right after the report (a non-string kind or expires, a non-list list field that is iterated).";
    SCALAR_BOOL_AS_INT = "scalar/bool-as-int", Warning, Accepted,
        summary: "`true`/`false` is given as a bug number; Python counts it as 1/0.",
        explanation: "Python's bool is an int, so Firefox's type check accepts `true` in bug_numbers. It builds, but the bug number is meaningless.",
        help: "write the bug number";
    SCALAR_EMAIL_SEPARATOR = "scalar/email-separator", Error, Deferred,
        summary: "A notification e-mail must not contain `,` or a space.",
        explanation: "Each e-mail goes in its own list item. Firefox rejects items containing a comma or a space (no other format check is made).",
        help: "split the addresses into separate list items";
    SCALAR_EMPTY_LIST = "scalar/empty-list", Error, Deferred,
        summary: "A list field of a scalar must not be empty.",
        explanation: "Firefox rejects an empty list in any field (bug_numbers, notification_emails, record_in_processes, products, keys, operating_systems, record_into_store), one error per field.",
        help: "add a value or remove the field";
    SCALAR_KEYS_NOT_KEYED = "scalar/keys-not-keyed", Error, Deferred,
        summary: "`keys` is only valid on a keyed scalar.",
        explanation: "Declared keys restrict the keys of a keyed scalar; Firefox rejects them when `keyed` is not true.",
        help: "add `keyed: true` or remove `keys`";
    SCALAR_TOO_MANY_KEYS = "scalar/too-many-keys", Error, Deferred,
        summary: "A scalar may declare at most 100 keys.",
        explanation: "Firefox limits declared scalar keys to 100.";
    SCALAR_KEY_TOO_LONG = "scalar/key-too-long", Error, Deferred,
        summary: "A declared scalar key must be at most 72 characters.",
        explanation: "Firefox limits declared scalar keys to 72 characters and reports all offending keys in one message.",
        help: "shorten the key";
    SCALAR_UNKNOWN_KIND = "scalar/unknown-kind", Error, Deferred,
        summary: "A scalar's kind must be uint, string or boolean.",
        explanation: "The kind maps to nsITelemetry::SCALAR_TYPE_COUNT, _STRING or _BOOLEAN; Firefox rejects anything else.",
        help: "use one of: uint, string, boolean";
    SCALAR_UNKNOWN_COLLECTION = "scalar/unknown-collection", Error, Deferred,
        summary: "release_channel_collection must be opt-in or opt-out.",
        explanation: "opt-in (the default) collects on pre-release channels only, opt-out on all channels. Firefox rejects other values. An empty string passes Firefox's parser unnoticed and then crashes its data generator, so it is an error here too.",
        help: "use opt-in or opt-out (or remove the field for opt-in)";
    SCALAR_OBSOLETE_OPERATING_SYSTEMS = "scalar/obsolete-operating-systems", Error, Deferred,
        summary: "`operating_systems` is obsolete (ESR 140).",
        explanation: "ESR 140 generates every scalar for every OS; the field's mere presence is an error in strict mode (its values are still checked). Firefox 76 still allowed it.",
        help: "remove the field";
    SCALAR_UNKNOWN_OPERATING_SYSTEM = "scalar/unknown-operating-system", Error, Deferred,
        summary: "operating_systems values must be mac, linux, windows, android, unix or all.",
        explanation: "Firefox checks each value against the known OS names (strict mode).",
        help: "use one of: mac, linux, windows, android, unix, all";
    SCALAR_UNKNOWN_PROCESS = "scalar/unknown-process", Error, Deferred,
        summary: "record_in_processes values must be known process names.",
        explanation: "ESR 140 knows all, all_children, main, content, gpu, rdd, socket, utility and the historical all_childs (Firefox 76 had no utility; 2017 only all, all_childs, main, content, gpu).",
        help: "use a known process name, e.g. main or all";
    SCALAR_UNKNOWN_PRODUCT = "scalar/unknown-product", Error, Deferred,
        summary: "products values must be firefox, fennec or thunderbird.",
        explanation: "geckoview and geckoview_streaming were valid in Firefox 76 and were removed later; ESR 140 rejects them, and `all`.",
        help: "use one of: firefox, fennec, thunderbird";
    SCALAR_EXPIRY_INVALID = "scalar/expiry-invalid", Error, Deferred,
        summary: "`expires` must be `never` or a major version of 1–3 digits.",
        explanation: "Firefox (strict mode, since 2018) accepts `never` or `^\\d{1,3}$`; `60.0`, `60.0a1`, `1000` and `Never` are rejected. The value is normalised to `N.0a1`. The 2017 parsers did not check it.",
        help: "write e.g. \"60\" or never";
    SCALAR_EXPIRY_QUIRK = "scalar/expiry-quirk", Warning, Accepted,
        summary: "An expiry with a leading zero passes Firefox's pattern but is not normalised.",
        explanation: "`060` matches `^\\d{1,3}$`, but Firefox's normalisation only rewrites `[1-9][0-9]*`, so it stays `060` instead of becoming `60.0a1` and confuses every tool that reads versions.",
        help: "write the plain major version, e.g. \"60\"";
    SCALAR_GECKOVIEW_STREAMING = "scalar/geckoview-streaming", Error, Deferred,
        summary: "A geckoview_streaming scalar must not be keyed (Firefox 76).",
        explanation: "In the 2020 generation, scalars streamed to GeckoView could not be keyed; Firefox 76 rejected keyed scalars with the geckoview_streaming product.",
        help: "remove `keyed` or the geckoview_streaming product";
    SCALAR_ENUM_COLLISION = "scalar/enum-collision", Error, Generator,
        summary: "Two scalars generate the same C++ enumerator.",
        explanation: "The enumerator is `category.name` upper-cased with `.` → `_`: `B.x` and `b.x`, or `a.b`/`c` and `a`/`b_c`, both give the same ScalarID. Firefox's parser and generators accept both, and the C++ compile then fails on the duplicate enumerator. A scalar defined in two files collides with itself.",
        help: "rename one of the scalars";
    SCALAR_STRING_TABLE_COMMENT = "scalar/string-table-comment", Error, Generator,
        summary: "A string that goes into the C++ string table contains `*/`.",
        explanation: "Firefox's generator writes each string of the table (labels, expiry, keys, store names) after a C comment and raises on `*/`. Keys and store names are not otherwise checked, so the parser accepts them.",
        help: "remove `*/` from the string";
    SCALAR_STRING_TABLE_CHAR = "scalar/string-table-char", Error, Generator,
        summary: "A string that goes into the C++ string table contains a character the generator cannot write (newline, backslash, non-ASCII).",
        explanation: "Firefox's generator writes every character of the table as a C++ char literal, escaping only `'`. A newline or a backslash makes an unterminated literal and a non-ASCII character a multi-byte one; the C++ compile fails. Names and expiries ending in a newline pass the parser's patterns (Python's `$`), and keys and store names are not checked at all.",
        help: "use printable ASCII only";
}
