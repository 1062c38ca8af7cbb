//! Team policy rules (`telemetry-lint.toml`): what a team enforces on every change beyond what
//! Firefox's build enforces. Firefox accepts everything these rules report.
//!
//! Without a config file every policy rule runs as a warning (see [`crate::policy`]); the
//! severities below apply once a team has a config, and its `[levels]` override them.

super::declare_rules! { POLICY_RULES;
    EXPIRY_EXPIRED = "expiry/expired", Error, Accepted,
        summary: "The probe has expired at the current version.",
        explanation: "Firefox stops recording a probe once the app's major version reaches the major version of its expiry (`never` and `default` never expire), and its CI test `test_no_expired_probes` fails on any expired probe that is still defined. Histograms named TELEMETRY_TEST_* and probes in the telemetry.test category are exempt. The current version is an input (`--current-version V` or `current_version` in the config); nothing reads the clock, so the result is reproducible.",
        help: "remove the probe, or extend its expiry (a new expiry may need a data review)";
    EXPIRY_EXPIRES_SOON = "expiry/expires-soon", Warning, Accepted,
        summary: "The probe expires within the warning horizon.",
        explanation: "A probe that expires within `[expiry] warn_within` major versions of the current version (default 2) will stop recording soon. Decide now whether to renew it (with a data review if needed) or to let it expire and remove it.",
        help: "renew the expiry, or plan the probe's removal";
    EXPIRY_BEYOND_HORIZON = "expiry/beyond-horizon", Error, Accepted,
        summary: "The expiry is further out than the team allows without a data review.",
        explanation: "A probe may expire at most `[expiry] horizon` major versions after the current version (default 6; `horizon_opt_out` for opt-out probes, default the same). A longer-lived probe needs a data review that approves that expiry: list it in the config's `[[data_review]]` ledger and cite its bug in the probe's bug_numbers.",
        help: "shorten the expiry, or cite a data review that approves it in bug_numbers";
    EXPIRY_NEVER_NEEDS_REVIEW = "expiry/never-needs-review", Error, Accepted,
        summary: "A probe that never expires needs a data review that approves permanent collection.",
        explanation: "`never` makes collection permanent. That needs a data review approving it: an entry of the config's `[[data_review]]` ledger with `expires = \"never\"`, whose bug the probe cites in bug_numbers.",
        help: "give the probe a version expiry, or cite a data review approving `never` in bug_numbers";
    BUGS_MISSING = "bugs/missing", Error, Accepted,
        summary: "A probe must name at least one bug.",
        explanation: "bug_numbers links a probe to the discussion that introduced it and its data review. Firefox accepts an empty list for histograms; policy does not. Histograms still in the bug_numbers allowlist are legacy and exempt (and Firefox itself reports a missing field otherwise).",
        help: "add the bug that introduced the probe";
    BUGS_INVALID = "bugs/invalid", Error, Accepted,
        summary: "A bug number must be a positive integer.",
        explanation: "Firefox's type check accepts any int, including 0, negative numbers and `true` (Python counts it as 1). None of those names a bug.",
        help: "write the bug's number";
    BUGS_IMPLAUSIBLE = "bugs/implausible", Warning, Accepted,
        summary: "A bug number is outside the plausible range of the team's tracker.",
        explanation: "Bug numbers outside `[bugs] min`..`max` (default 1 to 3,000,000) are almost always typos, a pasted phabricator revision or a placeholder such as 12345678.",
        help: "check the bug number, or widen [bugs] min/max in telemetry-lint.toml";
    BUGS_DUPLICATE = "bugs/duplicate", Warning, Accepted,
        summary: "A bug number is listed twice.",
        explanation: "A repeated bug number adds nothing and usually hides a typo in the number that was meant.",
        help: "remove the repeated number";
    EMAIL_MISSING = "email/missing", Error, Accepted,
        summary: "A probe must have at least one alert / notification e-mail.",
        explanation: "alert_emails (histograms) and notification_emails (scalars, events) say who is told when the probe misbehaves or is about to expire. Firefox accepts an empty histogram list; policy does not. Histograms still in the alert_emails allowlist are legacy and exempt.",
        help: "add a monitored address, ideally a list rather than one person";
    EMAIL_INVALID = "email/invalid", Error, Accepted,
        summary: "An alert / notification e-mail is not a syntactically valid address.",
        explanation: "Each item must be one address, `local@domain`: a dot-atom local part of at most 64 characters (letters, digits and !#$%&'*+-/=?^_`{|}~, dots only between characters), and a domain of at least two dot-separated labels of letters, digits and inner hyphens. Firefox checks only that scalar e-mails contain no comma or space, and histogram e-mails not at all; a string instead of a list even passes as its characters.",
        help: "write one address per list item, e.g. my-team-alerts@example.com";
    EMAIL_DOMAIN_NOT_ALLOWED = "email/domain-not-allowed", Error, Accepted,
        summary: "An e-mail's domain is not one of the team's allowed domains.",
        explanation: "When `[email] allowed_domains` is set, every address must be at one of those domains (or a subdomain), so alerts reach a monitored, organisational mailbox rather than a personal one.",
        help: "use an address at an allowed domain";
    EMAIL_DUPLICATE = "email/duplicate", Warning, Accepted,
        summary: "An e-mail address is listed twice.",
        explanation: "Addresses are compared case-insensitively. A repeated address adds nothing.",
        help: "remove the repeated address";
    DATA_REVIEW_MISSING = "data-review/missing", Error, Accepted,
        summary: "A probe that collects on release (opt-out) cites no data review.",
        explanation: "opt-out collection records on every channel, release included. That needs a data review: an entry of the config's `[[data_review]]` ledger (bug number, review URL, approved collection, longest approved expiry) whose bug the probe cites in bug_numbers.",
        help: "request a data review, add it to the [[data_review]] ledger and cite its bug in bug_numbers";
    DATA_REVIEW_EXCEEDED = "data-review/exceeded", Error, Accepted,
        summary: "A probe collects more than the data review it cites approved.",
        explanation: "The probe cites ledger reviews through its bug_numbers, but none of them covers it: it is opt-out while the reviews approved opt-in (pre-release) collection only, or it expires later than the latest approved expiry (`never` is later than any version). The message names the reviews.",
        help: "bring the probe within its review, or get a new review and cite it";
    HYGIENE_ALLOWLIST_GREW = "hygiene/allowlist-grew", Error, Accepted,
        summary: "A histogram was added to the allowlist; allowlists may only shrink.",
        explanation: "histogram-allowlists.json exempts legacy histograms from newer rules. New histograms must follow the rules instead of joining it. With `--baseline FILE` the allowlist recorded in the baseline is the reference: any entry not in it is new.",
        help: "make the histogram meet the rule instead of allowlisting it";
    HYGIENE_DESCRIPTION = "hygiene/description", Warning, Accepted,
        summary: "The description is empty or a placeholder (TODO, tbd, …).",
        explanation: "The description is what analysts and the docs site show. Firefox accepts an empty string; a placeholder such as `TODO`, `tbd`, `fixme`, `xxx` or `-` says nothing either.",
        help: "describe what is measured, in which unit, and when it is recorded";
    HYGIENE_UNIT_HINT = "hygiene/unit-hint", Warning, Accepted,
        summary: "A timing or memory histogram does not say its unit.",
        explanation: "A linear or exponential histogram whose name speaks of time (TIME, DURATION, LATENCY, DELAY, …) or memory (MEMORY, SIZE, HEAP, RSS, …) must say its unit in the name (…_MS, …_KB) or the description (\"in milliseconds\", \"(bytes)\"). Without it, every analysis starts by reading the source code.",
        help: "add the unit to the name (e.g. _MS, _KB) or the description";
    HYGIENE_WASTED_BUCKETS = "hygiene/wasted-buckets", Warning, Accepted,
        summary: "An exponential histogram's range is too small for its bucket count: half its buckets or more are 1 wide.",
        explanation: "Firefox's exponential layout spaces buckets geometrically from `low` to `high`, and falls back to width 1 wherever the geometric step is below 1. When `high` is small for `n_buckets` (the extreme, `high` ≤ `n_buckets`, does not even compile), half of the buckets or more end up 1 wide: the histogram is a linear one in disguise, and its buckets (and payload) are wasted.",
        help: "use a linear or enumerated histogram, or fewer buckets";
    HYGIENE_UNBOUNDED_KEYS = "hygiene/unbounded-keys", Warning, Accepted,
        summary: "A keyed probe declares no keys, so any key is accepted.",
        explanation: "A keyed histogram or scalar without `keys` accepts arbitrary keys: storage and payload grow with every new key, and free-form keys risk collecting data nobody reviewed. Declaring the keys bounds both.",
        help: "list the accepted keys in `keys`";
    HYGIENE_URL_EXTRA_KEY = "hygiene/url-extra-key", Warning, Accepted,
        summary: "An event extra key looks like it records a URL.",
        explanation: "An extra key named like `url`, `pageUri` or `target_href` suggests the event records URLs, which are web-activity data (category 3) and need a data review that approves them, or should be reduced to something less identifying (a scheme, a boolean, a category).",
        help: "record something less identifying, or suppress with the data review as the reason";
}

super::declare_rules! { CONFIG_RULES;
    CONFIG_INVALID = "config/invalid", Error, Accepted,
        summary: "telemetry-lint.toml cannot be used as written.",
        explanation: "The config must be valid TOML with the documented tables and keys (see the README): a syntax error, an unknown key, a value of the wrong type or out of range, a level that would hide an error of Firefox's own build, or a suppression without a reason is reported here, at the offending spot. The rest of the config still applies.",
        help: "fix the config at the marked position";
    CONFIG_UNKNOWN_RULE = "config/unknown-rule", Warning, Accepted,
        summary: "The config names a rule that does not exist.",
        explanation: "A `[levels]` entry or a suppression names a rule id (or `family/*`) that is not in the catalogue, so it has no effect. Usually a typo; `telemetry-lint rules` lists every id.",
        help: "fix the rule id (see `telemetry-lint rules`)";
    CONFIG_UNUSED_SUPPRESSION = "config/unused-suppression", Warning, Accepted,
        summary: "A suppression matches no finding.",
        explanation: "A `[suppress.\"PROBE\"]` entry hides one rule's findings for one probe. When the probe no longer exists or no longer has that finding, the suppression is stale: remove it so it cannot hide a future problem.",
        help: "remove the suppression";
}
