//! Scalars.yaml (rules.md §3).

use crate::diagnostic::Diagnostics;
use crate::load::Options;
use crate::model::Scalar;
use crate::value::Node;

pub(super) fn check(
    _files: &[&Node],
    _options: &Options,
    _diagnostics: &mut Diagnostics,
) -> Vec<Scalar> {
    Vec::new()
}
