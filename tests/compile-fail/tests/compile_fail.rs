//! A wrong call into the generated API does not compile, and a bad definition fails the
//! build with a message that points at the definition (trybuild UI tests; the expected
//! compiler output is in `tests/ui/*.stderr`).

#[test]
fn wrong_calls_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
