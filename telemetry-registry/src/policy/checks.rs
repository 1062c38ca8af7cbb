//! The policy rules, over the validated model. Every finding points at the offending value
//! (the expiry, the e-mail item, the bug number, the collection policy), or at the probe's name
//! when something is missing.

use super::config::{ApprovedExpiry, Config, DataReview};
use super::email;
use crate::check::common::quote;
use crate::diagnostic::Diagnostic;
use crate::load::Options;
use crate::model::{Collection, Expiry, Histogram, HistogramKind, Registry, Spanned};
use crate::rules::{self, Generation};
use crate::source::Span;

/// What the policy checks need to know about the run.
pub(crate) struct Context<'a> {
    pub config: &'a Config,
    pub sources: &'a crate::source::SourceMap,
    pub current_version: Option<u64>,
    pub options: &'a Options,
    pub baseline: Option<&'a super::Baseline>,
}

/// A probe of any of the three kinds, as policy sees it.
struct Probe<'a> {
    /// `NAME`, `category.name`.
    id: std::borrow::Cow<'a, str>,
    /// What it is, for messages ("histogram", "scalar", "event").
    what: &'static str,
    name_span: Span,
    description: Option<&'a Spanned<String>>,
    expires: Option<&'a Expiry>,
    bug_numbers: Option<&'a [Spanned<i64>]>,
    emails: Option<&'a [Spanned<String>]>,
    emails_field: &'static str,
    collection: &'a Spanned<Collection>,
    is_test: bool,
    keyed: bool,
    has_keys: bool,
    /// Histograms: in the bug_numbers / alert_emails allowlist.
    bugs_allowlisted: bool,
    emails_allowlisted: bool,
}

pub(crate) fn run(registry: &Registry, context: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(registry.probe_count() * 2);
    // Whether Firefox's own checks already report a histogram lacking bug_numbers/alert_emails.
    let firefox_requires_fields =
        context.options.strict && context.options.generation != Generation::Legacy2017;
    let allowlisted = |list: &str, name: &str| {
        registry
            .allowlist
            .as_ref()
            .is_some_and(|a| a.contains(list, name))
    };
    for histogram in &registry.histograms {
        let name = &histogram.name.value;
        let probe = Probe {
            id: name.as_str().into(),
            what: "histogram",
            name_span: histogram.name.span,
            description: histogram.description.as_ref(),
            expires: histogram.expires.as_ref(),
            bug_numbers: histogram.bug_numbers.as_deref(),
            emails: histogram.alert_emails.as_deref(),
            emails_field: "alert_emails",
            collection: &histogram.collection,
            is_test: histogram.is_test_probe(),
            keyed: histogram.keyed,
            has_keys: !histogram.keys.is_empty(),
            bugs_allowlisted: allowlisted("bug_numbers", name)
                || (histogram.bug_numbers.is_none() && firefox_requires_fields),
            emails_allowlisted: allowlisted("alert_emails", name)
                || (histogram.alert_emails.is_none() && firefox_requires_fields),
        };
        check_probe(&probe, context, &mut out);
        check_histogram(histogram, &mut out);
    }
    for scalar in &registry.scalars {
        let probe = Probe {
            id: scalar.label().into(),
            what: "scalar",
            name_span: scalar.name.span,
            description: scalar.description.as_ref(),
            expires: scalar.expires.as_ref(),
            bug_numbers: Some(&scalar.bug_numbers),
            emails: Some(&scalar.notification_emails),
            emails_field: "notification_emails",
            collection: &scalar.collection,
            is_test: scalar.is_test_probe(),
            keyed: scalar.keyed,
            has_keys: !scalar.keys.is_empty(),
            // Firefox requires both, non-empty: it reports them itself.
            bugs_allowlisted: scalar.bug_numbers.is_empty(),
            emails_allowlisted: scalar.notification_emails.is_empty(),
        };
        check_probe(&probe, context, &mut out);
    }
    for event in &registry.events {
        let id = format!("{}.{}", event.category.value, event.name.value);
        let probe = Probe {
            id: id.as_str().into(),
            what: "event",
            name_span: event.name.span,
            description: event.description.as_ref(),
            expires: event.expires.as_ref(),
            bug_numbers: Some(&event.bug_numbers),
            emails: Some(&event.notification_emails),
            emails_field: "notification_emails",
            collection: &event.collection,
            is_test: event.is_test_probe(),
            keyed: false,
            has_keys: false,
            bugs_allowlisted: event.bug_numbers.is_empty(),
            emails_allowlisted: event.notification_emails.is_empty(),
        };
        check_probe(&probe, context, &mut out);
        for extra in &event.extra_keys {
            if looks_like_url_key(&extra.name.value) {
                out.push(
                    Diagnostic::new(
                        &rules::HYGIENE_URL_EXTRA_KEY,
                        format!(
                            "extra key {} of event {id} looks like it records a URL",
                            quote(&extra.name.value)
                        ),
                    )
                    .at(extra.name.span)
                    .probe(&id),
                );
            }
        }
    }
    check_allowlist(registry, context, &mut out);
    out
}

fn check_probe(probe: &Probe<'_>, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    check_bugs(probe, context, out);
    check_emails(probe, context, out);
    if !probe.is_test {
        check_expiry_and_review(probe, context, out);
    }
    check_description(probe, out);
    if probe.keyed && !probe.has_keys {
        out.push(
            Diagnostic::new(
                &rules::HYGIENE_UNBOUNDED_KEYS,
                format!(
                    "keyed {} {} declares no `keys`, so it accepts any key",
                    probe.what, probe.id
                ),
            )
            .at(probe.name_span)
            .probe(probe.id.as_ref()),
        );
    }
}

fn check_bugs(probe: &Probe<'_>, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bugs = probe.bug_numbers.unwrap_or_default();
    if bugs.is_empty() {
        if !probe.bugs_allowlisted {
            let message = match probe.bug_numbers {
                None => format!("{} {} has no bug_numbers", probe.what, probe.id),
                Some(_) => format!("{} {} has an empty bug_numbers list", probe.what, probe.id),
            };
            out.push(
                Diagnostic::new(&rules::BUGS_MISSING, message)
                    .at(probe.name_span)
                    .probe(probe.id.as_ref()),
            );
        }
        return;
    }
    let limits = &context.config.bugs;
    // Lists are short: a linear scan beats hashing.
    let mut seen: Vec<(i64, Span)> = Vec::new();
    for bug in bugs {
        let n = bug.value;
        let text = context.text_of(bug.span);
        if n <= 0 || text == "true" || text == "false" {
            let shown = if text.is_empty() {
                n.to_string()
            } else {
                text.to_string()
            };
            out.push(
                Diagnostic::new(
                    &rules::BUGS_INVALID,
                    format!(
                        "bug number {shown} of {} is not a positive integer",
                        probe.id
                    ),
                )
                .at(bug.span)
                .probe(probe.id.as_ref()),
            );
            continue;
        }
        if n < limits.min || n > limits.max {
            let mut diagnostic = Diagnostic::new(
                &rules::BUGS_IMPLAUSIBLE,
                format!(
                    "bug number {n} of {} is outside the plausible range {}..={}",
                    probe.id, limits.min, limits.max
                ),
            )
            .at(bug.span)
            .probe(probe.id.as_ref());
            if let Some(url) = limits.url(n) {
                diagnostic = diagnostic.help(format!("check {url}, or widen [bugs] min/max"));
            }
            out.push(diagnostic);
        }
        if let Some(&(_, first)) = seen.iter().find(|(m, _)| *m == n) {
            out.push(
                Diagnostic::new(
                    &rules::BUGS_DUPLICATE,
                    format!("bug number {n} is listed twice for {}", probe.id),
                )
                .at(bug.span)
                .label(first, "first listed here")
                .probe(probe.id.as_ref()),
            );
        } else {
            seen.push((n, bug.span));
        }
    }
}

fn check_emails(probe: &Probe<'_>, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let emails = probe.emails.unwrap_or_default();
    if emails.is_empty() {
        if !probe.emails_allowlisted {
            let message = match probe.emails {
                None => format!("{} {} has no {}", probe.what, probe.id, probe.emails_field),
                Some(_) => format!(
                    "{} {} has an empty {} list",
                    probe.what, probe.id, probe.emails_field
                ),
            };
            out.push(
                Diagnostic::new(&rules::EMAIL_MISSING, message)
                    .at(probe.name_span)
                    .probe(probe.id.as_ref()),
            );
        }
        return;
    }
    // A string given instead of a list reads as one-character items sharing its span; Firefox's
    // own rules warn about that (`*/string-as-list`), so judge the string as written, once.
    let mut seen: Vec<(&str, Span)> = Vec::new();
    for (i, item) in emails.iter().enumerate() {
        if emails[..i].iter().any(|e| e.span == item.span) {
            continue;
        }
        let shares_span = emails[i + 1..].iter().any(|e| e.span == item.span);
        let address: &str = if shares_span {
            context.text_of(item.span).trim_matches(['"', '\''])
        } else {
            &item.value
        };
        // Firefox's own rules already report a comma or a space in histogram and scalar e-mails.
        let reported_by_firefox_rules = probe.what != "event" && address.contains([',', ' ']);
        if reported_by_firefox_rules {
            continue;
        }
        if let Err(reason) = email::check_address(address) {
            out.push(
                Diagnostic::new(
                    &rules::EMAIL_INVALID,
                    format!(
                        "{} of {} is not a valid e-mail address: {reason}",
                        quote(address),
                        probe.id
                    ),
                )
                .at(item.span)
                .probe(probe.id.as_ref()),
            );
            continue;
        }
        let allowed = &context.config.email.allowed_domains;
        if let Some((_, domain)) = address.rsplit_once('@') {
            if !allowed.is_empty() && !email::domain_allowed(domain, allowed) {
                out.push(
                    Diagnostic::new(
                        &rules::EMAIL_DOMAIN_NOT_ALLOWED,
                        format!(
                            "{} of {} is not at an allowed domain ({})",
                            quote(address),
                            probe.id,
                            allowed.join(", ")
                        ),
                    )
                    .at(item.span)
                    .probe(probe.id.as_ref()),
                );
            }
        }
        if let Some(&(_, first)) = seen.iter().find(|(a, _)| a.eq_ignore_ascii_case(address)) {
            out.push(
                Diagnostic::new(
                    &rules::EMAIL_DUPLICATE,
                    format!("{} is listed twice for {}", quote(address), probe.id),
                )
                .at(item.span)
                .label(first, "first listed here")
                .probe(probe.id.as_ref()),
            );
        } else {
            seen.push((address, item.span));
        }
    }
}

fn check_expiry_and_review(probe: &Probe<'_>, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let config = context.config;
    let bugs = probe.bug_numbers.unwrap_or_default();
    let cited: Vec<&DataReview> = if config.data_reviews.is_empty() {
        Vec::new()
    } else {
        config
            .data_reviews
            .iter()
            .filter(|review| bugs.iter().any(|b| b.value == review.bug))
            .collect()
    };
    let opt_out = probe.collection.value == Collection::OptOut;

    // Collection on release.
    if opt_out {
        if cited.is_empty() {
            out.push(
                Diagnostic::new(
                    &rules::DATA_REVIEW_MISSING,
                    format!(
                        "{} {} collects on release (opt-out) but cites no data review of the \
                         ledger in its bug_numbers",
                        probe.what, probe.id
                    ),
                )
                .at(probe.collection.span)
                .probe(probe.id.as_ref()),
            );
        } else if !cited.iter().any(|r| r.collection == Collection::OptOut) {
            out.push(
                Diagnostic::new(
                    &rules::DATA_REVIEW_EXCEEDED,
                    format!(
                        "{} {} collects on release (opt-out), but {} approved pre-release \
                         (opt-in) collection only",
                        probe.what,
                        probe.id,
                        describe_reviews(&cited)
                    ),
                )
                .at(probe.collection.span)
                .probe(probe.id.as_ref()),
            );
        }
    }

    let Some(expiry) = probe.expires else {
        return;
    };
    let span = expiry.raw.span;
    let wanted = if expiry.is_never() {
        ApprovedExpiry::Never
    } else {
        match expiry.major() {
            Some(major) => ApprovedExpiry::Version(major),
            // `default` (allowlisted legacy) and values Firefox rejects: nothing to judge.
            None => return,
        }
    };
    let approved = cited.iter().map(|r| r.expires).max();

    if let (ApprovedExpiry::Version(major), Some(current)) = (wanted, context.current_version) {
        if major <= current {
            out.push(
                Diagnostic::new(
                    &rules::EXPIRY_EXPIRED,
                    format!(
                        "{} {} has expired: it expires in version {major}, and the current \
                         version is {current}",
                        probe.what, probe.id
                    ),
                )
                .at(span)
                .probe(probe.id.as_ref()),
            );
            return;
        }
        let warn_within = config.expiry.warn_within;
        if major <= current.saturating_add(warn_within) {
            out.push(
                Diagnostic::new(
                    &rules::EXPIRY_EXPIRES_SOON,
                    format!(
                        "{} {} expires in version {major}, within {warn_within} of the current \
                         version {current}",
                        probe.what, probe.id
                    ),
                )
                .at(span)
                .probe(probe.id.as_ref()),
            );
        }
        let horizon = if opt_out {
            config.expiry.horizon_opt_out
        } else {
            config.expiry.horizon
        };
        let limit = current.saturating_add(horizon);
        if major > limit && cited.is_empty() {
            out.push(
                Diagnostic::new(
                    &rules::EXPIRY_BEYOND_HORIZON,
                    format!(
                        "{} {} expires in version {major}, beyond the {horizon}-version horizon \
                         (version {limit}), and cites no data review that allows it",
                        probe.what, probe.id
                    ),
                )
                .at(span)
                .probe(probe.id.as_ref()),
            );
        }
    }
    if wanted == ApprovedExpiry::Never && cited.is_empty() {
        out.push(
            Diagnostic::new(
                &rules::EXPIRY_NEVER_NEEDS_REVIEW,
                format!(
                    "{} {} never expires but cites no data review of the ledger in its \
                     bug_numbers",
                    probe.what, probe.id
                ),
            )
            .at(span)
            .probe(probe.id.as_ref()),
        );
    }
    if let Some(approved) = approved {
        if wanted > approved {
            let shown = match wanted {
                ApprovedExpiry::Never => "never expires".to_string(),
                ApprovedExpiry::Version(v) => format!("expires in version {v}"),
            };
            out.push(
                Diagnostic::new(
                    &rules::DATA_REVIEW_EXCEEDED,
                    format!(
                        "{} {} {shown}, but {} approved collection until {} at the latest",
                        probe.what,
                        probe.id,
                        describe_reviews(&cited),
                        approved.describe()
                    ),
                )
                .at(span)
                .probe(probe.id.as_ref()),
            );
        }
    }
}

fn describe_reviews(reviews: &[&DataReview]) -> String {
    match reviews {
        [one] => one.describe(),
        many => format!(
            "its data reviews ({})",
            many.iter()
                .map(|r| format!("bug {} {}", r.bug, r.url))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// Descriptions that say nothing.
fn is_placeholder(description: &str) -> bool {
    // Placeholders are short, or start with one of a few words: look at the start only.
    let trimmed = description.trim_start();
    let description = match trimmed.char_indices().nth(24) {
        Some((end, _)) => &trimmed[..end],
        None => trimmed,
    };
    let normalized = description
        .trim()
        .trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .to_ascii_lowercase();
    const PLACEHOLDERS: [&str; 12] = [
        "",
        "todo",
        "tbd",
        "tbc",
        "fixme",
        "xxx",
        "description",
        "placeholder",
        "n/a",
        "na",
        "none",
        "desc",
    ];
    if PLACEHOLDERS.contains(&normalized.as_str()) {
        return true;
    }
    ["todo", "tbd", "fixme", "xxx"].iter().any(|p| {
        normalized
            .strip_prefix(p)
            .is_some_and(|rest| rest.starts_with(|c: char| !c.is_ascii_alphanumeric()))
    })
}

fn check_description(probe: &Probe<'_>, out: &mut Vec<Diagnostic>) {
    let Some(description) = probe.description else {
        // Firefox requires the field: its own rules report it missing.
        return;
    };
    if is_placeholder(&description.value) {
        let message = if description.value.trim().is_empty() {
            format!("the description of {} is empty", probe.id)
        } else {
            format!(
                "the description of {} is a placeholder: {}",
                probe.id,
                quote(description.value.trim())
            )
        };
        out.push(
            Diagnostic::new(&rules::HYGIENE_DESCRIPTION, message)
                .at(description.span)
                .probe(probe.id.as_ref()),
        );
    }
}

/// Name words that make a numeric histogram a timing one.
const TIME_WORDS: [&str; 11] = [
    "TIME", "TIMES", "DURATION", "LATENCY", "DELAY", "ELAPSED", "TIMING", "UPTIME", "LAG", "JANK",
    "WAIT",
];
/// Name words that make it a memory one.
const MEMORY_WORDS: [&str; 10] = [
    "MEMORY",
    "SIZE",
    "RSS",
    "USS",
    "HEAP",
    "VSIZE",
    "RESIDENT",
    "FOOTPRINT",
    "ALLOC",
    "ALLOCATED",
];
/// Name words that state a unit (or that the value is a count, a ratio or a percentage).
const UNIT_WORDS: [&str; 32] = [
    "MS",
    "US",
    "NS",
    "SEC",
    "SECS",
    "SECONDS",
    "S",
    "MIN",
    "MINS",
    "MINUTES",
    "HOURS",
    "DAYS",
    "KB",
    "MB",
    "GB",
    "KIB",
    "MIB",
    "GIB",
    "BYTES",
    "B",
    "MILLISECONDS",
    "MICROSECONDS",
    "PERCENT",
    "PCT",
    "COUNT",
    "RATIO",
    "RATE",
    "NUM",
    "NUMBER",
    "PAGES",
    "FPS",
    "PERCENTAGE",
];
/// Description words that state a unit, or that the value is a count.
const DESCRIPTION_UNITS: [&str; 45] = [
    "ms",
    "msec",
    "msecs",
    "millisecond",
    "milliseconds",
    "microsecond",
    "microseconds",
    "us",
    "µs",
    "μs",
    "ns",
    "nanosecond",
    "nanoseconds",
    "second",
    "seconds",
    "sec",
    "secs",
    "minute",
    "minutes",
    "mins",
    "hour",
    "hours",
    "day",
    "days",
    "byte",
    "bytes",
    "kb",
    "kib",
    "mb",
    "mib",
    "gb",
    "gib",
    "kilobytes",
    "kilobyte",
    "megabytes",
    "megabyte",
    "gigabytes",
    "kibibytes",
    "mebibytes",
    "percent",
    "percentage",
    "%",
    "count",
    "number",
    "pages",
];

fn check_histogram(histogram: &Histogram, out: &mut Vec<Diagnostic>) {
    let name = &histogram.name.value;
    if !matches!(
        histogram.kind.value,
        HistogramKind::Linear | HistogramKind::Exponential
    ) {
        return;
    }
    let words: Vec<&str> = name.split('_').collect();
    let timing = words.iter().any(|w| TIME_WORDS.contains(w));
    let memory = words.iter().any(|w| MEMORY_WORDS.contains(w));
    if (timing || memory)
        && !words.iter().any(|w| UNIT_WORDS.contains(w))
        && !histogram
            .description
            .as_ref()
            .is_some_and(|d| description_states_unit(&d.value))
    {
        let what = if timing { "timing" } else { "memory" };
        let span = histogram
            .description
            .as_ref()
            .map_or(histogram.name.span, |d| d.span);
        out.push(
            Diagnostic::new(
                &rules::HYGIENE_UNIT_HINT,
                format!("{what} histogram {name} does not say its unit in its name or description"),
            )
            .at(span)
            .label(histogram.name.span, "the histogram")
            .probe(name),
        );
    }
    if histogram.kind.value == HistogramKind::Exponential {
        let (low, high, n_buckets) = histogram.parameters();
        // Unit-wide buckets come first (the geometric step grows with the value). If half of
        // them are 1 wide, the last of those, at c ≤ low + n, still steps by less than 1 over
        // the remaining n/2 buckets: (high/c)^(2/n) < 1 + 2/n, so high < e·c < 3·(low + n).
        // Only then is the layout (up to 10,000 logarithms) worth computing.
        let candidate = high < low.max(1).saturating_add(n_buckets).saturating_mul(3);
        if candidate && high > n_buckets {
            if let Ok(buckets) = histogram.buckets() {
                // Bucket 0 is the underflow; count the buckets from low on that are 1 wide.
                let unit = buckets
                    .windows(2)
                    .skip(1)
                    .filter(|w| w[1] - w[0] == 1)
                    .count();
                if buckets.len() >= 3 && unit * 2 >= buckets.len() {
                    let span = histogram
                        .n_buckets
                        .as_ref()
                        .map_or(histogram.name.span, |n| n.span);
                    out.push(
                        Diagnostic::new(
                            &rules::HYGIENE_WASTED_BUCKETS,
                            format!(
                                "{unit} of the {} buckets of exponential histogram {name} are 1 \
                                 wide: high ({high}) is too small for n_buckets ({n_buckets})",
                                buckets.len()
                            ),
                        )
                        .at(span)
                        .probe(name),
                    );
                }
            }
        }
    }
}

fn description_states_unit(description: &str) -> bool {
    if description.contains('%') {
        return true;
    }
    let lower = description.to_lowercase();
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == 'µ' || c == 'μ'))
        .filter(|w| !w.is_empty())
        .any(|word| {
            let word = word.trim_start_matches(|c: char| c.is_ascii_digit());
            DESCRIPTION_UNITS.contains(&word)
        })
        || lower.contains("how many")
}

/// `url`, `pageUrl`, `pageURL`, `target_uri`, `linkHref`: an extra key whose last word is a URL
/// word (words split at `_`, `.`, `-` and lower-to-upper case changes).
fn looks_like_url_key(key: &str) -> bool {
    let mut last_word = String::new();
    let mut previous: Option<char> = None;
    for c in key.chars() {
        if matches!(c, '_' | '.' | '-') {
            last_word.clear();
        } else {
            if c.is_uppercase() && previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit())
            {
                last_word.clear();
            }
            last_word.extend(c.to_lowercase());
        }
        previous = Some(c);
    }
    matches!(
        last_word.as_str(),
        "url" | "urls" | "uri" | "uris" | "href" | "hrefs"
    )
}

fn check_allowlist(registry: &Registry, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(allowlist), Some(baseline)) = (&registry.allowlist, context.baseline) else {
        return;
    };
    for list in &allowlist.lists {
        for entry in &list.entries {
            if baseline.allowlist_contains(&list.name.value, &entry.value) == Some(false) {
                out.push(
                    Diagnostic::new(
                        &rules::HYGIENE_ALLOWLIST_GREW,
                        format!(
                            "{} was added to the {} allowlist since the baseline",
                            quote(&entry.value),
                            quote(&list.name.value)
                        ),
                    )
                    .at(entry.span)
                    .probe(&entry.value),
                );
            }
        }
    }
}

impl Context<'_> {
    /// The source text of a span (set by the runner, which has the source map).
    fn text_of(&self, span: Span) -> &str {
        self.sources.text(span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_like_extra_keys() {
        for yes in [
            "url",
            "pageUrl",
            "page_url",
            "pageURL",
            "target_uri",
            "linkHref",
            "urls",
        ] {
            assert!(looks_like_url_key(yes), "{yes}");
        }
        for no in [
            "uri_type",
            "urlbar",
            "reason",
            "curl",
            "hurl_count",
            "branch",
            "host",
        ] {
            assert!(!looks_like_url_key(no), "{no}");
        }
    }

    #[test]
    fn placeholders() {
        for yes in [
            "",
            "  ",
            "TODO",
            "todo.",
            "TBD",
            "tbd: later",
            "FIXME",
            "-",
            "...",
            "N/A",
        ] {
            assert!(is_placeholder(yes), "{yes:?}");
        }
        for no in [
            "Time to first paint (ms).",
            "todos completed",
            "Number of tabs",
        ] {
            assert!(!is_placeholder(no), "{no:?}");
        }
    }

    #[test]
    fn units_in_descriptions() {
        for yes in [
            "Time to first paint (ms).",
            "Duration in milliseconds",
            "size, in KB",
            "Scrolled 50%",
            "Number of slots",
            "How many times",
            "took 10ms",
        ] {
            assert!(description_states_unit(yes), "{yes:?}");
        }
        for no in [
            "How long it takes",
            "Size of the queue",
            "Time spent waiting",
        ] {
            assert!(!description_states_unit(no), "{no:?}");
        }
    }
}
