//! The histogram allowlist (`histogram-allowlists.json`, formerly `histogram-whitelists.json`):
//! reading it, consulting it, and the orphan check (rules.md §2.3).

use super::*;

/// The allowlist file, read into sets.
pub(super) struct Allowlist<'a> {
    lists: HashMap<&'a str, HashSet<&'a str>>,
    file_name: &'static str,
    root_span: Option<Span>,
    /// Lists already reported missing (reported once each).
    reported_missing: std::cell::RefCell<HashSet<&'static str>>,
}

impl<'a> Checker<'a, '_> {
    pub(super) fn read_allowlist(&mut self, input: AllowlistInput<'a>) -> Allowlist<'a> {
        let root = match input {
            AllowlistInput::Parsed(root) => Some(root),
            AllowlistInput::Absent | AllowlistInput::Unreadable => None,
        };
        let file_name = self.generation().allowlist_file_name();
        let mut allowlist = Allowlist {
            lists: HashMap::new(),
            file_name,
            root_span: root.map(|r| r.span),
            reported_missing: Default::default(),
        };
        let Some(root) = root else {
            if matches!(input, AllowlistInput::Unreadable) {
                // Its syntax error is reported already; treat every list as empty.
                return allowlist;
            }
            self.push(
                Diagnostic::new(
                    &rules::ALLOWLIST_MISSING,
                    format!(
                        "no {file_name} was given; every histogram must meet the current rules"
                    ),
                )
                .firefox_message(format!("Unable to parse allowlist: {file_name}.")),
            );
            return allowlist;
        };
        let Some(entries) = root.as_map() else {
            self.push(
                Diagnostic::new(
                    &rules::ALLOWLIST_MALFORMED,
                    format!(
                        "the allowlist must be an object of lists, found {}",
                        root.value.type_name()
                    ),
                )
                .at(root.span),
            );
            // Reported once: no further "has no … list" for each list consulted.
            allowlist.root_span = None;
            return allowlist;
        };
        for entry in entries {
            let Some(list_name) = entry.key.as_str() else {
                continue;
            };
            let mut names = HashSet::new();
            match entry.value.as_list() {
                Some(items) => {
                    for item in items {
                        match item.as_str() {
                            Some(name) => {
                                names.insert(name);
                            }
                            None => self.push(
                                Diagnostic::new(
                                    &rules::ALLOWLIST_MALFORMED,
                                    format!(
                                        "allowlist {} holds a {}, not a histogram name",
                                        quote(list_name),
                                        item.value.type_name()
                                    ),
                                )
                                .at(item.span),
                            ),
                        }
                    }
                }
                None => self.push(
                    Diagnostic::new(
                        &rules::ALLOWLIST_MALFORMED,
                        format!(
                            "allowlist {} must be a list of histogram names, found {}",
                            quote(list_name),
                            entry.value.value.type_name()
                        ),
                    )
                    .at(entry.value.span),
                ),
            }
            allowlist.lists.entry(list_name).or_default().extend(names);
        }
        allowlist
    }

    /// Whether `name` is in allowlist `list`. A list the file lacks crashes Firefox when it is
    /// consulted: reported once, then treated as empty.
    pub(super) fn allowlisted(&mut self, list: &'static str, name: &str) -> bool {
        let Some(allowlist) = &self.allowlist else {
            return false;
        };
        if let Some(set) = allowlist.lists.get(list) {
            return set.contains(name);
        }
        if allowlist.root_span.is_some() && allowlist.reported_missing.borrow_mut().insert(list) {
            let diagnostic = Diagnostic::new(
                &rules::ALLOWLIST_MALFORMED,
                format!("{} has no {} list", allowlist.file_name, quote(list)),
            );
            let diagnostic = match allowlist.root_span {
                Some(span) => diagnostic.at(span.start_point()),
                None => diagnostic,
            };
            self.push(diagnostic);
        }
        false
    }

    pub(super) fn check_orphans(&mut self, definitions: &[(&Node, &Node)], allowlist_root: &Node) {
        if self.allowlist.is_none() {
            return;
        }
        let Some(entries) = allowlist_root.as_map() else {
            return;
        };
        let names: HashSet<&str> = definitions.iter().filter_map(|(k, _)| k.as_str()).collect();
        let orphans: Vec<&Node> = entries
            .iter()
            .filter_map(|e| e.value.as_list())
            .flatten()
            .filter(|item| item.as_str().is_some_and(|n| !names.contains(n)))
            .collect();
        if orphans.is_empty() {
            return;
        }
        let mut sorted: Vec<&str> = orphans.iter().filter_map(|n| n.as_str()).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let file_name = self.generation().allowlist_file_name();
        let firefox = format!(
            "The following entries are orphaned and should be removed from {file_name}:\n{}",
            sorted.join(", ")
        );
        for orphan in orphans {
            let name = orphan.as_str().unwrap_or_default();
            self.push(
                Diagnostic::new(
                    &rules::ALLOWLIST_ORPHANED,
                    format!(
                        "allowlist entry {} names no existing histogram",
                        quote(name)
                    ),
                )
                .at(orphan.span)
                .probe(name)
                .firefox_message(firefox.clone()),
            );
        }
    }
}
