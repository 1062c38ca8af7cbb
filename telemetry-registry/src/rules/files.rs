//! Whole-file rules: reading and parsing.

super::declare_rules! { FILE_RULES;
    FILE_SYNTAX = "file/syntax", Error, Fatal,
        summary: "The file must parse as JSON (Histograms.json, the allowlist) or YAML (Scalars.yaml, Events.yaml, Processes.yaml).",
        explanation: "Firefox reads Histograms.json with Python's json module and the YAML files with PyYAML's safe_load. A syntax error stops the build before any probe is checked. YAML alias expansion and nesting depth are bounded, so a hostile file cannot exhaust memory or the stack.",
        help: "fix the syntax at the marked position";
    FILE_INVALID_UTF8 = "file/invalid-utf8", Error, Fatal,
        summary: "Definition files must be UTF-8.",
        explanation: "Python decodes the files as UTF-8; an invalid byte sequence stops the build (Events.yaml even crashes the parser).",
        help: "re-save the file as UTF-8";
    FILE_TOP_LEVEL = "file/top-level", Error, Fatal,
        summary: "The top level of a definition file must be a mapping.",
        explanation: "Histograms.json must be a JSON object of histogram names, the YAML files mappings of categories. Firefox fails with \"Histogram parser did not provide an OrderedDict\" or crashes on a YAML list or empty file.";
    FILE_DUPLICATE_KEY = "file/duplicate-key", Error, Deferred,
        summary: "A JSON object must not repeat a key (at any level).",
        explanation: "Firefox's strict histogram loader rejects duplicate keys anywhere in the file, a histogram name or a field inside one definition (\"Found duplicate key\"). Non-strict mode silently keeps the last value.",
        help: "remove one of the two entries";
    YAML_DUPLICATE_KEY = "file/yaml-duplicate-key", Warning, Accepted,
        summary: "A YAML mapping repeats a key; the last value silently wins.",
        explanation: "PyYAML's safe_load keeps the last of duplicate keys without a word, so Firefox builds with the second definition and the first is silently lost. Almost always a copy-paste mistake.",
        help: "remove or rename one of the two entries";
    FILE_DUPLICATE_DEFINITION = "file/duplicate-definition", Error, Deferred,
        summary: "The same histogram name is defined in two input files.",
        explanation: "When several histogram files are loaded, a name defined twice keeps the position of its first definition and the contents of the last; Firefox reports it as an error.";
}
