//! `telemetry-lint diff` change classes: what changed between two definition sets, and whether
//! it breaks recording code, stored data or dashboards. Breaking changes are errors, risky ones
//! warnings, harmless ones notes; the config (`[diff]` severities) can change each.

super::declare_rules! { DIFF_RULES;
    DIFF_ADDED = "diff/added", Note, Accepted,
        summary: "A probe was added.",
        explanation: "A new histogram, scalar or event. Nothing that exists breaks; new data collection needs a data review.";
    DIFF_REMOVED = "diff/removed", Error, Accepted,
        summary: "A probe was removed.",
        explanation: "Code that records the probe no longer compiles (or, in Firefox, records into nothing), and the data series ends. Let a probe expire instead, or remove it deliberately after its consumers have moved.",
        help: "restore the probe, or let it expire (expires_in_version / expires) before removing it";
    DIFF_RENAMED = "diff/renamed", Error, Accepted,
        summary: "A probe was renamed: one was removed and another with the same shape added.",
        explanation: "A removed and an added probe of the same type and shape (kind, bucket parameters, labels, keys, or event methods, objects and extra keys) are taken as a rename. The name is what pings and dashboards key on: the old series ends and a new one starts, and recording code must change.",
        help: "keep the old name, or treat the rename as a removal plus an addition with its consumers";
    DIFF_KIND_CHANGED = "diff/kind-changed", Error, Accepted,
        summary: "A histogram's kind or a scalar's type changed.",
        explanation: "The kind decides how values are recorded, stored and aggregated (a boolean histogram is not an exponential one; a uint scalar is not a string one). Old and new data cannot be combined, and recording calls change type.",
        help: "add a new probe with the new kind instead of changing this one";
    DIFF_BUCKETS_CHANGED = "diff/buckets-changed", Error, Accepted,
        summary: "A histogram's bucket layout changed (low, high, n_buckets or n_values).",
        explanation: "Aggregations add histograms bucket by bucket; a different layout makes old and new data incompatible and breaks every dashboard that combines versions.",
        help: "add a new histogram with the new layout instead of changing this one";
    DIFF_LABELS_REMOVED = "diff/labels-removed", Error, Accepted,
        summary: "Labels were removed from a categorical histogram.",
        explanation: "A categorical histogram stores the index of a label. Removing a label shifts every later label's index, so old and new data disagree, and code that records the removed label no longer compiles.",
        help: "keep the label (it may stay unused)";
    DIFF_LABELS_REORDERED = "diff/labels-reordered", Error, Accepted,
        summary: "A categorical histogram's labels changed order, or a label was inserted before existing ones.",
        explanation: "A categorical histogram stores label indices (the C++ and Rust enum values). A new order or an insertion gives existing labels new indices, so data recorded before and after means different things.",
        help: "keep the existing labels in place and append new ones at the end";
    DIFF_LABELS_APPENDED = "diff/labels-appended", Note, Accepted,
        summary: "Labels were appended to a categorical histogram.",
        explanation: "Appending keeps every existing label's index: compatible.";
    DIFF_KEYED_CHANGED = "diff/keyed-changed", Error, Accepted,
        summary: "A probe became keyed or stopped being keyed.",
        explanation: "Keyed and plain probes are stored in different sections of the ping and recorded with different calls; flipping `keyed` breaks both code and data consumers.",
        help: "add a new probe instead of flipping `keyed`";
    DIFF_KEYS_REMOVED = "diff/keys-removed", Error, Accepted,
        summary: "Declared keys were removed, or a probe that accepted any key now declares a list.",
        explanation: "Recording a key that is no longer declared fails (Firefox drops it with an error; the generated Rust enum loses the variant), and the key's data series ends.",
        help: "keep the keys";
    DIFF_KEYS_ADDED = "diff/keys-added", Note, Accepted,
        summary: "Declared keys were added, or a probe now accepts any key.",
        explanation: "Adding keys is compatible: existing keys keep recording.";
    DIFF_PROCESSES_NARROWED = "diff/processes-narrowed", Error, Accepted,
        summary: "A probe records in fewer processes.",
        explanation: "Recording from a process that is no longer listed is dropped, so the data from that process ends (`all` is every process, `all_children` every process but main).",
        help: "keep the processes, or confirm nothing records from them any more";
    DIFF_PROCESSES_WIDENED = "diff/processes-widened", Note, Accepted,
        summary: "A probe records in more processes.",
        explanation: "Compatible: existing data continues; new processes add data.";
    DIFF_PRODUCTS_NARROWED = "diff/products-narrowed", Error, Accepted,
        summary: "A probe records in fewer products.",
        explanation: "A product that is no longer listed stops collecting the probe. Sets without a `products` field (2017 files) are not compared.",
        help: "keep the products, or confirm the product's consumers no longer need the data";
    DIFF_PRODUCTS_WIDENED = "diff/products-widened", Note, Accepted,
        summary: "A probe records in more products.",
        explanation: "Compatible: existing data continues; new products add data.";
    DIFF_STORES_NARROWED = "diff/stores-narrowed", Error, Accepted,
        summary: "A probe is sent in fewer stores (pings).",
        explanation: "`record_into_store` decides which pings carry the probe; a store that is no longer listed stops receiving it (the default is `main`).",
        help: "keep the stores";
    DIFF_STORES_WIDENED = "diff/stores-widened", Note, Accepted,
        summary: "A probe is sent in more stores (pings).",
        explanation: "Compatible: existing pings keep the probe.";
    DIFF_COLLECTION_NARROWED = "diff/collection-narrowed", Error, Accepted,
        summary: "Collection moved from opt-out (all channels) to opt-in (pre-release only).",
        explanation: "An opt-in probe is not collected on the release channel by default, so release data ends.",
        help: "keep release_channel_collection: opt-out, or confirm release data is no longer needed";
    DIFF_COLLECTION_WIDENED = "diff/collection-widened", Warning, Accepted,
        summary: "Collection moved from opt-in (pre-release only) to opt-out (all channels, release included).",
        explanation: "Compatible for consumers, but collecting on release is a new data collection and needs a data review.",
        help: "make sure the change has a data review";
    DIFF_EXPIRY_SHORTENED = "diff/expiry-shortened", Warning, Accepted,
        summary: "A probe now expires earlier.",
        explanation: "The data series ends sooner than before (`never` is later than any version). Expiries written as `default` or as a date are not compared.",
        help: "confirm the probe's consumers know it ends earlier";
    DIFF_EXPIRY_EXTENDED = "diff/expiry-extended", Note, Accepted,
        summary: "A probe now expires later (or never).",
        explanation: "Compatible: the data series continues for longer.";
    DIFF_METHODS_REMOVED = "diff/methods-removed", Error, Accepted,
        summary: "Methods were removed from an event.",
        explanation: "Recording the removed method fails (the generated function disappears) and its data ends.",
        help: "keep the methods";
    DIFF_METHODS_ADDED = "diff/methods-added", Note, Accepted,
        summary: "Methods were added to an event.",
        explanation: "Compatible: existing methods keep recording.";
    DIFF_OBJECTS_REMOVED = "diff/objects-removed", Error, Accepted,
        summary: "Objects were removed from an event.",
        explanation: "Recording the removed object fails (the generated function disappears) and its data ends.",
        help: "keep the objects";
    DIFF_OBJECTS_ADDED = "diff/objects-added", Note, Accepted,
        summary: "Objects were added to an event.",
        explanation: "Compatible: existing objects keep recording.";
    DIFF_EXTRA_KEYS_REMOVED = "diff/extra-keys-removed", Error, Accepted,
        summary: "Extra keys were removed from an event.",
        explanation: "Recording the removed extra key fails (Firefox rejects unknown extras; the generated extras struct loses the field) and its data ends.",
        help: "keep the extra keys";
    DIFF_EXTRA_KEYS_ADDED = "diff/extra-keys-added", Note, Accepted,
        summary: "Extra keys were added to an event.",
        explanation: "Compatible: existing extras keep recording.";
}
