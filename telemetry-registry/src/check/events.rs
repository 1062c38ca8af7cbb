//! Events.yaml (rules.md §4).

use crate::diagnostic::Diagnostics;
use crate::load::Options;
use crate::model::Event;
use crate::value::Node;

pub(super) fn check(
    _files: &[&Node],
    _options: &Options,
    _diagnostics: &mut Diagnostics,
) -> Vec<Event> {
    Vec::new()
}
