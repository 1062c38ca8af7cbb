//! Processes.yaml: process name → gecko_enum, description.

use crate::diagnostic::Diagnostics;
use crate::model::ProcessInfo;
use crate::value::Node;

pub(super) fn check(_root: &Node, _diagnostics: &mut Diagnostics) -> Vec<ProcessInfo> {
    Vec::new()
}
