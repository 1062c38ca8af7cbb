//! Rules of the Rust code generator: definitions Firefox accepts but that cannot become the
//! typed Rust API as written. They run with every check, so `telemetry-lint check` reports them
//! before a build script does.

super::declare_rules! { CODEGEN_RULES;
    CODEGEN_NAME_COLLISION = "codegen/name-collision", Error, Accepted,
        summary: "Two probes, labels, keys or extra keys become the same Rust name.",
        explanation: "The generated API names every probe after its definition (`GC_MS`, `scalars::normandy::RECIPE_FRESHNESS`, `events::normandy::enroll_failed_addon_study`), every categorical label and declared key an enum variant, and every extra key a struct field. Names that differ only in case or punctuation (`fooBar` and `foo_bar`, `a-b` and `a_b`) become the same Rust identifier in the same module, enum or struct, which would not compile. Firefox's C++ generator happens to accept some of these.",
        help: "rename one of the two so that they differ in more than case or punctuation";
    CODEGEN_UNSUPPORTED_LAYOUT = "codegen/unsupported-layout", Error, Accepted,
        summary: "A histogram's bucket layout does not fit the runtime's 32-bit bounds.",
        explanation: "The runtime stores the bucket lower bounds as unsigned 32-bit integers, like Firefox's C++ table of `int` bounds. A `low`, `high` or `n_buckets` beyond that range (such as a `high` that passes Firefox's INT_MAX check only by wrapping) cannot become a bound table. Repeated bounds are fine: a linear histogram narrower than its bucket count is stored and reported as Firefox does.",
        help: "keep low, high and n_buckets below 2^31";
    CODEGEN_KEYED_STRING_SCALAR = "codegen/keyed-string-scalar", Warning, Accepted,
        summary: "A keyed string scalar never records anything.",
        explanation: "Firefox never creates the storage of a keyed `string` scalar, so recording into it does nothing and it never appears in a ping (TelemetryScalar.cpp). The generated handle keeps the API but compiles to nothing.",
        help: "make it a plain string scalar, or a keyed uint or boolean scalar";
}
