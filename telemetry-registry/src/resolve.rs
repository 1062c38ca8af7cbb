//! The resolved registry as JSON (`telemetry-lint resolve --format json`).
