//! Compile-fail (trybuild) tests of the generated probe API and of `telemetry_derive::probes!`:
//! see `tests/ui/`.
