//! The Markdown pages: `markdown/README.md` (the index), one page per probe family
//! (`histograms.md`, `scalars.md`, `events.md`), `expiry.md`, and `SUMMARY.md` so the directory
//! is an mdBook source as it is. Every definition text is escaped ([`escape::markdown`]);
//! Markdown renderers that pass HTML through (GitHub, mdBook) get none from a definition.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Catalog, Def, ExpiryStatus, Family, Probe, escape, svg, text};
use crate::model::{Event, Histogram, HistogramKind};
use crate::naming;

/// Adds the Markdown files under `markdown/`.
pub fn render(catalog: &Catalog<'_>, files: &mut BTreeMap<String, Vec<u8>>) {
    let mut add = |name: &str, text: String| {
        files.insert(format!("markdown/{name}"), text.into_bytes());
    };
    add("README.md", index(catalog));
    add("SUMMARY.md", summary(catalog));
    for family in Family::ALL {
        add(
            &format!("{}.md", family.dir()),
            family_page(catalog, family),
        );
    }
    add("expiry.md", expiry(catalog));
}

/// The anchor GitHub and mdBook give a heading: lower-cased, letters, digits, `_` and `-`
/// kept, spaces as `-`, everything else dropped.
pub fn anchor(heading: &str) -> String {
    heading
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchor of a probe's section on its family page.
pub fn probe_anchor(probe: &Probe<'_>) -> String {
    anchor(&escape::visible(&probe.id))
}

fn link(text: &str, url: &str) -> String {
    // `<…>` destinations may hold parentheses; every URL here is percent-encoded or checked
    // by `is_safe_http_url`, so none holds `<`, `>` or a line break.
    format!("[{}](<{url}>)", escape::markdown(text))
}

fn list(items: &[&str]) -> String {
    if items.is_empty() {
        "—".to_string()
    } else {
        items
            .iter()
            .map(|s| escape::markdown(s))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A code fence long enough that `code` cannot close it.
fn fence(code: &str, language: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    format!("{ticks}{language}\n{}\n{ticks}\n", escape::visible(code))
}

fn index(catalog: &Catalog<'_>) -> String {
    let mut out = format!("# {}\n\n", escape::markdown(&catalog.options.title));
    let count = |f| catalog.family(f).count();
    let _ = writeln!(
        out,
        "{} probes: {} histograms, {} scalars, {} events. See also the \
         [expiry calendar](expiry.md).\n",
        catalog.probes.len(),
        count(Family::Histogram),
        count(Family::Scalar),
        count(Family::Event),
    );
    for family in Family::ALL {
        let _ = writeln!(out, "## {}\n", family.title());
        if count(family) == 0 {
            out.push_str("None.\n\n");
            continue;
        }
        out.push_str("| Probe | Kind | Expiry | Description |\n| --- | --- | --- | --- |\n");
        for probe in catalog.family(family) {
            let target = format!("{}.md#{}", family.dir(), probe_anchor(probe));
            let _ = writeln!(
                out,
                "| {} | {}{} | {} | {} |",
                link(&probe.id, &target),
                probe.kind,
                if probe.keyed { " (keyed)" } else { "" },
                escape::markdown(&probe.expiry.short),
                escape::markdown(&text::summary(probe.description.unwrap_or(""))),
            );
        }
        out.push('\n');
    }
    out
}

fn summary(catalog: &Catalog<'_>) -> String {
    let mut out = String::from("# Summary\n\n");
    let _ = writeln!(
        out,
        "[{}](README.md)\n",
        escape::markdown(&catalog.options.title)
    );
    for family in Family::ALL {
        let _ = writeln!(out, "- [{}]({}.md)", family.title(), family.dir());
    }
    out.push_str("- [Expiry calendar](expiry.md)\n");
    out
}

fn family_page(catalog: &Catalog<'_>, family: Family) -> String {
    let mut out = format!("# {}\n\n", family.title());
    let probes: Vec<&Probe<'_>> = catalog.family(family).collect();
    if probes.is_empty() {
        out.push_str("None.\n");
        return out;
    }
    let _ = writeln!(out, "{} {}.\n", probes.len(), family.dir());
    for probe in probes {
        out.push_str(&probe_section(catalog, probe));
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// One probe's section: its heading, description, a table of its fields, the Rust call,
/// the bucket layout, labels, keys, the method × object table, extra keys and lint findings.
pub fn probe_section(catalog: &Catalog<'_>, probe: &Probe<'_>) -> String {
    let bug_url = |bug: i64| catalog.bug_url(bug);
    let mut out = format!("## {}\n\n", escape::markdown(&probe.id));
    match probe.description {
        Some(description) if !description.trim().is_empty() => {
            out.push_str(&text::markdown(description, &bug_url));
            out.push_str("\n\n");
        }
        _ => out.push_str("*No description.*\n\n"),
    }

    out.push_str("| Field | Value |\n| --- | --- |\n");
    let mut row = |field: &str, value: String| {
        let _ = writeln!(out, "| {field} | {value} |");
    };
    let kind = match probe.def {
        Def::Histogram(h) => escape::markdown(&super::histogram_parameters(h)),
        Def::Scalar(_) => format!("scalar: {}", probe.kind),
        Def::Event(e) => format!(
            "event: {} × {}",
            super::plural(e.methods.len(), "method"),
            super::plural(e.objects.len(), "object"),
        ),
    };
    row("Kind", kind);
    if probe.family != Family::Event {
        row("Keyed", super::keyed_words(probe));
    }
    let owners: Vec<String> = probe
        .owners
        .iter()
        .map(|o| link(o, &escape::mailto(o)))
        .collect();
    row(
        "Owners",
        if owners.is_empty() {
            "—".to_string()
        } else {
            owners.join(", ")
        },
    );
    let bugs: Vec<String> = probe
        .bugs
        .iter()
        .map(|&b| link(&b.to_string(), &catalog.bug_url(b)))
        .collect();
    row(
        "Bugs",
        if bugs.is_empty() {
            "—".to_string()
        } else {
            bugs.join(", ")
        },
    );
    row("Expiry", escape::markdown(&probe.expiry.words));
    row("Processes", list(&probe.processes));
    row(
        "Products",
        match &probe.products {
            Some(products) => list(products),
            None => "— (not declared)".to_string(),
        },
    );
    if probe.family != Family::Event {
        row("Stores", list(&probe.stores));
    }
    row(
        "Collection",
        escape::markdown(super::collection_words(probe.collection)),
    );
    if probe.operating_systems != ["all"] && !probe.operating_systems.is_empty() {
        row("Operating systems", list(&probe.operating_systems));
    }
    if let Def::Histogram(h) = probe.def
        && let Some(guard) = &h.cpp_guard
    {
        row("C++ guard", escape::markdown(&guard.value));
    }
    let source = match &probe.source {
        Some(source) => {
            let text = format!("{}:{}", source.file, source.line);
            match catalog.source_url(source) {
                Some(url) => link(&text, &url),
                None => escape::markdown(&text),
            }
        }
        None => "—".to_string(),
    };
    row("Source", source);
    out.push('\n');

    out.push_str("Record it:\n\n");
    out.push_str(&fence(&super::rust_calls(probe.def).join("\n"), "rust"));
    out.push('\n');

    match probe.def {
        Def::Histogram(h) => histogram_details(&mut out, h),
        Def::Scalar(s) => {
            if !s.keys.is_empty() {
                keys_table(
                    &mut out,
                    &naming::scalar_key_enum(s),
                    s.keys.iter().map(|k| k.value.as_str()),
                );
            }
        }
        Def::Event(e) => event_details(&mut out, e),
    }

    if !probe.findings.is_empty() {
        out.push_str("Lint findings:\n\n");
        for finding in &probe.findings {
            let at = finding
                .span
                .and_then(|s| catalog.loaded.sources.line_col(s))
                .map(|p| format!(" (line {}, column {})", p.line, p.column))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- **{}** `{}`: {}{}",
                finding.severity.as_str(),
                finding.rule.id,
                escape::markdown(&finding.message),
                at
            );
        }
        out.push('\n');
    }
    out
}

fn keys_table<'a>(out: &mut String, enum_name: &str, keys: impl Iterator<Item = &'a str>) {
    let _ = writeln!(
        out,
        "Keys (enum `{}`):\n\n| Key | Rust variant |\n| --- | --- |",
        escape::visible(enum_name)
    );
    for key in keys {
        let _ = writeln!(
            out,
            "| {} | `{}` |",
            escape::markdown(key),
            naming::variant(key)
        );
    }
    out.push('\n');
}

fn histogram_details(out: &mut String, h: &Histogram) {
    match h.buckets() {
        Ok(buckets) => {
            let shown: Vec<String> = if buckets.len() <= 200 {
                buckets.iter().map(|b| b.to_string()).collect()
            } else {
                let mut shown: Vec<String> = buckets[..100].iter().map(|b| b.to_string()).collect();
                shown.push("…".to_string());
                shown.extend(buckets[buckets.len() - 10..].iter().map(|b| b.to_string()));
                shown
            };
            let _ = writeln!(
                out,
                "Buckets ({} lower bounds{}): `{}`\n",
                buckets.len(),
                if buckets.len() > 200 {
                    "; the first 100 and the last 10"
                } else {
                    ""
                },
                shown.join(", ")
            );
            if buckets.len() >= 2 {
                let last = buckets[buckets.len() - 1];
                let _ = writeln!(
                    out,
                    "Bucket 0 counts values below {}; the last bucket counts {} and above.\n",
                    svg::format_int(buckets[1]),
                    svg::format_int(last)
                );
            }
        }
        Err(error) => {
            let _ = writeln!(
                out,
                "Buckets: cannot be computed ({}).\n",
                escape::markdown(&error.to_string())
            );
        }
    }
    if h.kind.value == HistogramKind::Categorical && !h.labels.is_empty() {
        let _ = writeln!(
            out,
            "Labels (enum `{}`):\n\n| Index | Label | Rust variant |\n| --- | --- | --- |",
            escape::visible(&naming::histogram_label_enum(h))
        );
        for (i, label) in h.labels.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {i} | {} | `{}` |",
                escape::markdown(&label.value),
                naming::variant(&label.value)
            );
        }
        out.push('\n');
    }
    if h.keyed && !h.keys.is_empty() {
        keys_table(
            out,
            &naming::histogram_key_enum(h),
            h.keys.iter().map(|k| k.value.as_str()),
        );
    }
}

fn event_details(out: &mut String, e: &Event) {
    if !e.methods.is_empty() && !e.objects.is_empty() {
        out.push_str("Methods × objects (the Rust function for each pair):\n\n| Method |");
        for object in &e.objects {
            let _ = write!(out, " {} |", escape::markdown(&object.value));
        }
        out.push_str("\n| --- |");
        out.push_str(&" --- |".repeat(e.objects.len()));
        out.push('\n');
        for method in &e.methods {
            let _ = write!(out, "| {} |", escape::markdown(&method.value));
            for object in &e.objects {
                let _ = write!(
                    out,
                    " `{}` |",
                    naming::event_function(&method.value, &object.value)
                );
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if !e.extra_keys.is_empty() {
        let _ = writeln!(
            out,
            "Extra keys (struct `{}`):\n\n| Key | Rust field | Description |\n| --- | --- | --- |",
            escape::visible(&naming::event_extra_struct(e))
        );
        for key in &e.extra_keys {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} |",
                escape::markdown(&key.name.value),
                naming::extra_field(&key.name.value),
                escape::markdown(key.description.as_ref().map_or("", |d| d.value.as_str()))
            );
        }
        out.push('\n');
    }
}

fn expiry(catalog: &Catalog<'_>) -> String {
    let mut out = String::from("# Expiry calendar\n\n");
    if let Some(current) = catalog.options.current_version {
        let _ = writeln!(
            out,
            "Relative to Firefox {current}; \"expiring\" means within {} versions.\n",
            catalog.options.expiring_within
        );
    }
    let calendar = super::site::calendar(catalog);
    for (version, probes) in &calendar.versions {
        let status = probes[0].expiry.status;
        let note = match status {
            ExpiryStatus::Expired => " (expired)",
            ExpiryStatus::Expiring => " (expiring)",
            _ => "",
        };
        let _ = writeln!(out, "## Firefox {version}{note}\n");
        for probe in probes {
            let target = format!("{}.md#{}", probe.family.dir(), probe_anchor(probe));
            let _ = writeln!(
                out,
                "- {} ({})",
                link(&probe.id, &target),
                probe.family.as_str()
            );
        }
        out.push('\n');
    }
    for (title, probes) in [
        ("Other expiry values", &calendar.other),
        ("Never expire", &calendar.never),
    ] {
        if probes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {title}\n\n{} probes.\n", probes.len());
        for probe in probes {
            let target = format!("{}.md#{}", probe.family.dir(), probe_anchor(probe));
            let _ = writeln!(
                out,
                "- {}: {}",
                link(&probe.id, &target),
                escape::markdown(&probe.expiry.words)
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_follow_github_and_mdbook() {
        assert_eq!(anchor("GC_MS"), "gc_ms");
        assert_eq!(
            anchor("normandy.recipe_freshness"),
            "normandyrecipe_freshness"
        );
        assert_eq!(anchor("a b-c"), "a-b-c");
    }

    #[test]
    fn fences_outlast_backticks() {
        assert_eq!(fence("x", "rust"), "```rust\nx\n```\n");
        assert_eq!(fence("a ```` b", ""), "`````\na ```` b\n`````\n");
    }
}
