//! Event rules (rules.md §4), and the `process/` rules of Processes.yaml.

super::declare_rules! { EVENT_RULES;
    EVENT_NON_STRING_NAME = "event/non-string-name", Error, Crash,
        summary: "Category and event names must be strings.",
        explanation: "YAML 1.1 reads unquoted `on`, `off`, `yes`, `no`, `true`, `false`, numbers and dates as non-strings. Firefox's parser measures names as strings and crashes on such a key.",
        help: "quote the name, e.g. 'on':";
    EVENT_CATEGORY_NOT_A_MAPPING = "event/category-not-a-mapping", Error, Crash,
        summary: "An event category must be a mapping of event names to definitions.",
        explanation: "Events.yaml is a two-level mapping: category → event name → definition. Firefox's parser crashes on a category whose value is a list, a string or a number.",
        help: "indent the event definitions under the category";
    EVENT_EMPTY_CATEGORY = "event/empty-category", Error, Fatal,
        summary: "An event category must contain at least one event.",
        explanation: "Firefox stops at once on a category with no events (`{}` or null), hiding every later error.",
        help: "add an event to the category or remove it";
    EVENT_NOT_A_MAPPING = "event/not-a-mapping", Error, Crash,
        summary: "An event definition must be a mapping of fields.",
        explanation: "Firefox's parser crashes on an event whose definition is null, a list or a string.";
    EVENT_INVALID_CATEGORY = "event/invalid-category", Error, Deferred,
        summary: "A category must be 1–30 characters matching ^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$.",
        explanation: "Categories become C++ identifiers (split on `.`, capitalised). Firefox checks the length and the pattern separately, in both modes, so an empty category gets two errors. The pattern needs at least 2 characters.",
        help: "rename the category, e.g. my.component";
    EVENT_INVALID_NAME = "event/invalid-name", Error, Deferred,
        summary: "An event name must be 1–20 characters matching ^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$.",
        explanation: "Firefox checks the length and the pattern separately, in both modes. The name is also the default method, so it becomes part of C++ enumerators.",
        help: "rename the event";
    EVENT_MISSING_FIELD = "event/missing-field", Error, Fatal,
        summary: "An event lacks a required field (objects, bug_numbers, notification_emails, record_in_processes, description, products).",
        explanation: "Firefox stops at once, in both modes, listing every missing field, and hides every later error. `products` is required even in non-strict mode (it did not exist in the 2017 generation).",
        help: "add the missing fields";
    EVENT_UNKNOWN_FIELD = "event/unknown-field", Error, Crash,
        summary: "An event has a field Firefox does not know.",
        explanation: "Both modes accept only objects, bug_numbers, notification_emails, record_in_processes, description, products, methods, release_channel_collection, expiry_version, extra_keys and operating_systems. Firefox reports unknown fields, then crashes looking up their type checker. The pre-2018 `expiry_date` is one of them.",
        help: "remove the field or fix its spelling";
    EVENT_FIELD_TYPE = "event/field-type", Error, Deferred,
        summary: "An event field or list item has the wrong type.",
        explanation: "description, release_channel_collection and expiry_version are strings; bug_numbers holds ints; the other list fields hold strings; extra_keys maps strings to strings. Firefox checks this in both modes. A non-string expiry, process, product, method, object or extra key, or a list field that is a number or null, also crashes the parser.";
    EVENT_EMPTY_LIST = "event/empty-list", Error, Fatal,
        summary: "A list field (or extra_keys) of an event must not be empty.",
        explanation: "Firefox stops at once on an empty objects, bug_numbers, notification_emails, record_in_processes, products, methods or operating_systems list, or an empty extra_keys mapping, in both modes.",
        help: "add a value or remove the optional field";
    EVENT_STRING_AS_LIST = "event/string-as-list", Warning, Accepted,
        summary: "A string (or mapping) is given where a list is expected; Firefox iterates it item by item.",
        explanation: "Firefox's event list checks only iterate the value, so `objects: \"abc\"` means the three objects a, b and c, and a mapping means its keys. It may build, but certainly not as meant.",
        help: "write a list: [\"…\"]";
    EVENT_BOOL_AS_INT = "event/bool-as-int", Warning, Accepted,
        summary: "`true`/`false` is given as a bug number; Python counts it as 1/0.",
        explanation: "Python's bool is an int, so Firefox's type check accepts `true` in bug_numbers. It builds, but the bug number is meaningless.",
        help: "write the bug number";
    EVENT_INVALID_METHOD = "event/invalid-method", Error, Deferred,
        summary: "A method must be 1–20 characters matching the identifier pattern.",
        explanation: "Strict mode checks every method (the event name when `methods` is absent) against ^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$ and the 20-character limit, so one-character methods fail.",
        help: "rename the method";
    EVENT_INVALID_OBJECT = "event/invalid-object", Error, Deferred,
        summary: "An object must be 1–20 characters matching the identifier pattern.",
        explanation: "Strict mode checks every object against ^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$ and the 20-character limit, so one-character objects fail.",
        help: "rename the object";
    EVENT_UNKNOWN_COLLECTION = "event/unknown-collection", Error, Deferred,
        summary: "release_channel_collection must be opt-in or opt-out.",
        explanation: "opt-in (the default) records on pre-release channels only, opt-out on all channels. Firefox rejects anything else in both modes, including an empty string and `none`.",
        help: "use opt-in or opt-out (or remove the field for opt-in)";
    EVENT_UNKNOWN_PROCESS = "event/unknown-process", Error, Deferred,
        summary: "record_in_processes values must be known process names.",
        explanation: "ESR 140 knows all, all_children, main, content, gpu, rdd, socket, utility and the historical all_childs (Firefox 76 had no utility; 2017 only all, all_childs, main, content, gpu). Checked in both modes.",
        help: "use a known process name, e.g. main or all";
    EVENT_UNKNOWN_PRODUCT = "event/unknown-product", Error, Deferred,
        summary: "products values must be firefox, fennec or thunderbird.",
        explanation: "geckoview and geckoview_streaming were valid in Firefox 76 and were removed later. Values are checked in strict mode only.",
        help: "use one of: firefox, fennec, thunderbird";
    EVENT_OBSOLETE_OPERATING_SYSTEMS = "event/obsolete-operating-systems", Error, Deferred,
        summary: "`operating_systems` is obsolete (ESR 140).",
        explanation: "ESR 140 generates every event for every OS; the field's presence is an error in strict mode. Its values are still checked in both modes. Firefox 76 still allowed it.",
        help: "remove the field";
    EVENT_UNKNOWN_OPERATING_SYSTEM = "event/unknown-operating-system", Error, Deferred,
        summary: "operating_systems values must be mac, linux, windows, android, unix or all.",
        explanation: "Firefox checks each value against the known OS names, in both modes.",
        help: "use one of: mac, linux, windows, android, unix, all";
    EVENT_TOO_MANY_EXTRA_KEYS = "event/too-many-extra-keys", Error, Deferred,
        summary: "An event may have at most 10 extra keys.",
        explanation: "Firefox limits extra_keys to 10 per event, in both modes.",
        help: "split the event or drop some extra keys";
    EVENT_INVALID_EXTRA_KEY = "event/invalid-extra-key", Error, Deferred,
        summary: "An extra key must be 1–15 characters matching the identifier pattern.",
        explanation: "Firefox checks each extra key against ^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$ and the 15-character limit, in both modes.",
        help: "rename the extra key";
    EVENT_EXPIRY_MISSING = "event/expiry-missing", Error, Deferred,
        summary: "An event needs an expiry_version.",
        explanation: "Firefox reports a missing expiry_version (both modes) and then assumes `never`. The 2017 generation accepted expiry_date instead.",
        help: "add `expiry_version: never` or a major version";
    EVENT_EXPIRY_INVALID = "event/expiry-invalid", Error, Fatal,
        summary: "expiry_version must be `never` or a major version of 1–3 digits.",
        explanation: "Strict mode stops at once on an expiry_version other than `never` or `^\\d{1,3}$` (`60.0` and `58.0a1` fail). In the 2017 generation expiry_date had to be `never` or a YYYY-MM-DD date.",
        help: "write e.g. \"60\" or never";
    EVENT_EXPIRY_QUIRK = "event/expiry-quirk", Warning, Accepted,
        summary: "An expiry with a leading zero passes Firefox's pattern but is not normalised.",
        explanation: "`060` matches `^\\d{1,3}$`, but Firefox's normalisation only rewrites `[1-9][0-9]*`, so it stays `060` instead of becoming `60.0a1` and confuses every tool that reads versions.",
        help: "write the plain major version, e.g. \"60\"";
    EVENT_ENUM_COLLISION = "event/enum-collision", Error, Generator,
        summary: "Two method/object pairs generate the same C++ enumerator.",
        explanation: "Each (method, object) pair becomes `<Category>_<Method>_<Object>` in `enum class EventID`, with every part capitalised Python-style (first letter upper, the rest lower) and `_`/`.` separators removed from the category. Duplicate methods or objects, `openIt`/`openit`, or two events with the same pairs in categories that map to the same C++ name all produce duplicate enumerators. Firefox's parser accepts them; the C++ compile fails.",
        help: "rename or remove one of the duplicates";
    EVENT_STRING_TABLE_COMMENT = "event/string-table-comment", Error, Generator,
        summary: "A string that goes into the C++ string table contains `*/`.",
        explanation: "Firefox's generator writes each string of the event table (category, expiry, methods, objects, extra keys) after a C comment and raises on `*/`. In non-strict mode methods and objects are not checked, so the parser accepts it.",
        help: "remove `*/` from the string";
    EVENT_STRING_TABLE_CHAR = "event/string-table-char", Error, Generator,
        summary: "A string that goes into the C++ string table contains a character the generator cannot write (newline, backslash, non-ASCII).",
        explanation: "Firefox's generator writes every character of the table as a C++ char literal, escaping only `'`. A newline or a backslash makes an unterminated literal and a non-ASCII character a multi-byte one; the C++ compile fails. Identifiers and expiries ending in a newline pass the parser's patterns (Python's `$`).",
        help: "use printable ASCII only";

    PROCESS_NON_STRING_NAME = "process/non-string-name", Error, Crash,
        summary: "Process names in Processes.yaml must be strings.",
        explanation: "Firefox's process generators sort and title-case the names; a YAML key read as a boolean or a number (`on:`, `123:`) crashes them.",
        help: "quote the name";
    PROCESS_NOT_A_MAPPING = "process/not-a-mapping", Error, Crash,
        summary: "A process entry must be a mapping with gecko_enum and description.",
        explanation: "Firefox's process generators read `gecko_enum` from each entry and crash on any other value.";
    PROCESS_MISSING_GECKO_ENUM = "process/missing-gecko-enum", Error, Crash,
        summary: "A process entry needs a gecko_enum.",
        explanation: "gecko_enum names the GeckoProcessType the process maps to (ProcessIDToGeckoProcessType[]). Firefox's generator crashes with a KeyError without it.",
        help: "add e.g. `gecko_enum: GeckoProcessType_Content`";
    PROCESS_INVALID_GECKO_ENUM = "process/invalid-gecko-enum", Error, Generator,
        summary: "gecko_enum must be a C++ identifier (a GeckoProcessType constant).",
        explanation: "Firefox's generator prints the value verbatim into ProcessIDToGeckoProcessType[]. A list, a number or a string that is not an identifier is accepted by the script and breaks the C++ compile.",
        help: "write the constant, e.g. GeckoProcessType_GPU";
    PROCESS_INVALID_NAME = "process/invalid-name", Error, Generator,
        summary: "A process name must be usable as a C++ enumerator (ASCII letters, digits, `_`; not starting with a digit).",
        explanation: "Firefox title-cases the name and removes `_` to make the ProcessID enumerator (`all_children` → `AllChildren`) and writes the name into a C string. Other characters break the C++ compile.",
        help: "rename the process";
    PROCESS_ENUM_COLLISION = "process/enum-collision", Error, Generator,
        summary: "Two process names generate the same ProcessID enumerator.",
        explanation: "The enumerator is the name title-cased with `_` removed, so `gpu_a` and `gpu__a` (or `a1_b` and `a1b`) collide, and `count` clashes with the `Count` sentinel. The C++ compile fails.",
        help: "rename one of the processes";
    PROCESS_UNKNOWN_FIELD = "process/unknown-field", Warning, Accepted,
        summary: "A process entry has a field other than gecko_enum and description.",
        explanation: "Firefox's generators ignore every other field, so it has no effect.",
        help: "remove the field or fix its spelling";
    PROCESS_DESCRIPTION = "process/description", Warning, Accepted,
        summary: "A process entry should have a string description.",
        explanation: "The description documents the process for the data pipeline. Firefox does not read it, so a missing or non-string description builds.",
        help: "add `description: …`";
}
