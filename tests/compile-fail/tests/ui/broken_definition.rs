// The proc-macro on a broken definition: the error names the file, line and column and shows
// the line of the definition.
telemetry_derive::probes!("broken-definitions");

fn main() {}
