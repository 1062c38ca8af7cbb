//! Histograms.json and the allowlist (rules.md §2).

use crate::diagnostic::Diagnostics;
use crate::load::Options;
use crate::model::Histogram;
use crate::value::Node;

pub(super) fn check(
    _files: &[&Node],
    _allowlist: Option<&Node>,
    _options: &Options,
    _diagnostics: &mut Diagnostics,
) -> Vec<Histogram> {
    Vec::new()
}
