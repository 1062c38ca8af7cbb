//! Rules of the Rust code generator: definitions Firefox accepts but that cannot become the
//! typed Rust API as written. They run with every check, so `telemetry-lint check` reports them
//! before a build script does.

super::declare_rules! { CODEGEN_RULES;
    CODEGEN_NAME_COLLISION = "codegen/name-collision", Error, Accepted,
        summary: "Two probes, labels, keys or extra keys become the same Rust name.",
        explanation: "The generated API names every probe after its definition (`GC_MS`, `scalars::normandy::RECIPE_FRESHNESS`, `events::normandy::enroll_failed_addon_study`), every categorical label and declared key an enum variant, and every extra key a struct field. Names that differ only in case or punctuation (`fooBar` and `foo_bar`, `a-b` and `a_b`) become the same Rust identifier in the same module, enum or struct, which would not compile. Firefox's C++ generator happens to accept some of these.",
        help: "rename one of the two so that they differ in more than case or punctuation";
    CODEGEN_UNSUPPORTED_LAYOUT = "codegen/unsupported-layout", Error, Accepted,
        summary: "A histogram's bucket layout cannot be stored by the runtime (repeated bounds, or values beyond 32 bits).",
        explanation: "The runtime stores one counter per bucket and finds a sample's bucket by binary search, so the bucket lower bounds must strictly increase and fit an unsigned 32-bit integer. A linear histogram whose range (high − low) is smaller than n_buckets − 2 repeats bounds: Firefox accepts it, but some of its buckets can never receive a sample.",
        help: "widen the range or reduce n_buckets so that every bucket has its own lower bound";
    CODEGEN_KEYED_STRING_SCALAR = "codegen/keyed-string-scalar", Warning, Accepted,
        summary: "A keyed string scalar never records anything.",
        explanation: "Firefox never creates the storage of a keyed `string` scalar, so recording into it does nothing and it never appears in a ping (TelemetryScalar.cpp). The generated handle keeps the API but compiles to nothing.",
        help: "make it a plain string scalar, or a keyed uint or boolean scalar";
}
