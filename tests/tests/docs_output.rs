//! The docs output without a browser: the hostile fixture yields pages whose every tag and
//! attribute is one the generator writes (no definition text becomes markup), Markdown that
//! carries no raw HTML, and files that all stay inside the output directory; output is
//! deterministic, unchanged files are not rewritten, and stale pages are removed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use telemetry_registry::docs::{self, DocsOptions};
use telemetry_registry::{Inputs, Loaded, Options, load};
use workspace_tests::{corpus_dir, workspace_dir};

fn load_dir(dir: &Path) -> Loaded {
    let inputs = Inputs::discover(&[dir.to_path_buf()]).expect("inputs");
    load(&inputs, &Options::default()).expect("load")
}

fn hostile() -> Loaded {
    load_dir(&workspace_dir().join("tests/fixtures/docs-hostile"))
}

fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("docs-output-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

const TAGS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "header",
    "nav",
    "a",
    "main",
    "footer",
    "code",
    "script",
    "h1",
    "h2",
    "p",
    "span",
    "small",
    "section",
    "dl",
    "dt",
    "dd",
    "pre",
    "figure",
    "figcaption",
    "svg",
    "title",
    "rect",
    "g",
    "text",
    "defs",
    "marker",
    "circle",
    "polyline",
    "line",
    "path",
    "details",
    "summary",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "li",
    "br",
    "form",
    "input",
    "div",
    "label",
    "select",
    "option",
    "optgroup",
    "datalist",
    "button",
    "noscript",
    "strong",
    "em",
];

const ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "http-equiv",
    "content",
    "name",
    "rel",
    "href",
    "class",
    "id",
    "src",
    "type",
    "role",
    "aria-label",
    "aria-labelledby",
    "aria-live",
    "xmlns",
    "viewbox",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "d",
    "fill",
    "stroke",
    "stroke-width",
    "points",
    "text-anchor",
    "font-size",
    "font-family",
    "marker-start",
    "marker-mid",
    "marker-end",
    "refx",
    "refy",
    "markerwidth",
    "markerheight",
    "markerunits",
    "open",
    "colspan",
    "value",
    "label",
    "placeholder",
    "autocomplete",
    "autofocus",
    "list",
    "hidden",
];

/// Every tag of an HTML page: its name and attributes. Definition text is escaped, so every
/// literal `<` opens a tag the generator wrote, and no attribute value holds a `>`.
fn tags(page: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').expect("a closed tag");
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with('/') || tag.eq_ignore_ascii_case("!doctype html") {
            continue;
        }
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        let mut attributes = Vec::new();
        let mut attrs = tag[name_end..].trim();
        while !attrs.is_empty() {
            let key_end = attrs
                .find(|c: char| c == '=' || c.is_whitespace())
                .unwrap_or(attrs.len());
            let key = attrs[..key_end].to_ascii_lowercase();
            attrs = &attrs[key_end..];
            let mut value = String::new();
            if let Some(tail) = attrs.strip_prefix('=') {
                let tail = tail.strip_prefix('"').expect("attribute values are quoted");
                let close = tail.find('"').expect("a closing quote");
                value = tail[..close].to_string();
                attrs = &tail[close + 1..];
            }
            attributes.push((key, value));
            attrs = attrs.trim_start();
        }
        if name == "script"
            && attributes
                .iter()
                .any(|(k, v)| k == "type" && v == "application/json")
        {
            // A data block: its text holds no `<` (escaped as \u003c).
            let close = rest.find("</script>").expect("a closed data block");
            assert!(!rest[..close].contains('<'));
            rest = &rest[close..];
        }
        out.push((name, attributes));
    }
    out
}

fn assert_safe_page(name: &str, page: &str) {
    assert!(page.contains(docs::CSP), "{name}: the CSP meta");
    for (tag, attributes) in tags(page) {
        assert!(
            TAGS.contains(&tag.as_str()),
            "{name}: unexpected tag <{tag}>"
        );
        for (key, value) in &attributes {
            assert!(
                ATTRIBUTES.contains(&key.as_str()),
                "{name}: unexpected attribute {key}=\"{value}\" on <{tag}>"
            );
            assert!(
                !value.contains('<') && !value.contains('\u{202E}'),
                "{name}: {value}"
            );
            if key == "href" || key == "src" {
                let ok = value.starts_with("https://")
                    || value.starts_with("mailto:")
                    || value == "data:,"
                    || !value.contains(':');
                assert!(ok, "{name}: unsafe link {value}");
            }
        }
        if tag == "script" {
            let src = attributes.iter().find(|(k, _)| k == "src").map(|(_, v)| v);
            let data = attributes
                .iter()
                .any(|(k, v)| k == "type" && v == "application/json");
            assert!(
                data || src.is_some_and(
                    |s| s.ends_with("search-index.js") || s.ends_with("assets/search.js")
                ),
                "{name}: a script that is neither a data block nor the site's own file"
            );
        }
    }
    assert!(!page.contains('\u{202E}'), "{name}: a raw RTL override");
}

#[test]
fn hostile_definitions_produce_inert_pages() {
    let loaded = hostile();
    assert!(loaded.diagnostics.errors() > 0, "the fixture is invalid");
    assert!(loaded.registry.probe_count() >= 7, "…and modelled anyway");
    let out = out_dir("hostile");
    let report = docs::write_docs(&loaded, &DocsOptions::default(), &out).expect("docs");
    assert_eq!(report.probes, loaded.registry.probe_count());

    let root = out.canonicalize().expect("out dir");
    let mut html_pages = 0;
    for file in &report.files {
        let path = root.join(file).canonicalize().expect("a written file");
        assert!(
            path.starts_with(&root),
            "{file} escapes the output directory"
        );
        let text = std::fs::read_to_string(&path).expect("utf-8");
        if file.ends_with(".html") {
            assert_safe_page(file, &text);
            html_pages += 1;
        }
        if file.ends_with(".md") {
            // No raw HTML: every `<` is escaped (or opens an autolink of an http URL).
            for (i, _) in text.match_indices('<') {
                // `[text](<destination>)`: a link destination, not markup.
                let escaped = text[..i].ends_with('\\') || text[..i].ends_with("](");
                let autolink = text[i + 1..].starts_with("http://")
                    || text[i + 1..].starts_with("https://")
                    || text[i + 1..].starts_with("mailto:");
                assert!(
                    escaped || autolink,
                    "{file}: raw `<` in {}",
                    &text[i..(i + 40).min(text.len())]
                );
            }
            assert!(!text.contains('\u{202E}'), "{file}: a raw RTL override");
            assert!(!text.contains("](javascript"), "{file}: a javascript: link");
            assert!(
                !text.contains("](<javascript"),
                "{file}: a javascript: link"
            );
        }
        if file == "search-index.js" {
            assert!(text.is_ascii(), "the search index is ASCII");
            let body = text.lines().nth(1).expect("the assignment");
            assert!(
                body.starts_with("window.TELEMETRY_DOCS = JSON.parse(\"") && body.ends_with("\");")
            );
            // The string literal is a JSON string too: it decodes to the index document.
            let literal = &body["window.TELEMETRY_DOCS = JSON.parse(".len()..body.len() - 2];
            let json: String = serde_json::from_str(literal).expect("a string literal");
            let index: serde_json::Value = serde_json::from_str(&json).expect("JSON");
            assert_eq!(
                index["probes"].as_array().map(Vec::len),
                Some(report.probes)
            );
        }
    }
    assert!(html_pages >= 12);
    // Hostile names get hashed, contained file names.
    for file in &report.files {
        assert!(
            file.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b)),
            "{file}"
        );
    }
}

fn read_all(dir: &Path, files: &[String]) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .map(|f| (f.clone(), std::fs::read(dir.join(f)).expect("read")))
        .collect()
}

#[test]
fn output_is_deterministic_and_only_changed_files_are_written() {
    let loaded = load_dir(&workspace_dir().join("definitions"));
    let options = DocsOptions {
        current_version: Some(140),
        ..DocsOptions::default()
    };
    let a = out_dir("det-a");
    let b = out_dir("det-b");
    let first = docs::write_docs(&loaded, &options, &a).expect("docs");
    let second = docs::write_docs(
        &load_dir(&workspace_dir().join("definitions")),
        &options,
        &b,
    )
    .expect("docs");
    assert_eq!(first.files, second.files);
    assert_eq!(read_all(&a, &first.files), read_all(&b, &second.files));
    assert_eq!(first.written, first.files.len());

    // A second run over the same directory writes nothing.
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let page = a.join("histograms/GC_MS.html");
    let before = modified(&page);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = docs::write_docs(&loaded, &options, &a).expect("docs");
    assert_eq!(again.written, 0);
    assert_eq!(again.unchanged, first.files.len());
    assert_eq!(
        modified(&page),
        before,
        "an unchanged page is not rewritten"
    );

    // Stable URLs.
    for page in [
        "histograms/GC_MS.html",
        "scalars/normandy.recipe_freshness.html",
        "events/normandy.enroll.html",
        "index.html",
        "expiry.html",
        "probes.json",
        "markdown/SUMMARY.md",
    ] {
        assert!(first.files.iter().any(|f| f == page), "{page}");
    }

    // A probe that disappears takes its page along; other files stay.
    let mut fewer = load_dir(&workspace_dir().join("definitions"));
    fewer
        .registry
        .histograms
        .retain(|h| h.name.value != "GC_MS");
    let after = docs::write_docs(&fewer, &options, &a).expect("docs");
    assert!(after.removed >= 1);
    assert!(!page.exists());
    assert!(a.join("histograms/DEVICE_RESET_REASON.html").exists());
    // Files the run did not write are left alone.
    std::fs::write(a.join("mine.txt"), "keep").expect("write");
    docs::write_docs(&loaded, &options, &a).expect("docs");
    assert!(a.join("mine.txt").exists());
    assert!(page.exists());
}

#[test]
fn the_modern_set_documents_every_probe() {
    let Some(corpus) = corpus_dir() else { return };
    let loaded = load_dir(&corpus.join("firefox-modern"));
    let files = docs::render(&loaded, &DocsOptions::default());
    let pages = files
        .keys()
        .filter(|f| {
            f.ends_with(".html")
                && !f.ends_with("/index.html")
                && (f.starts_with("histograms/")
                    || f.starts_with("scalars/")
                    || f.starts_with("events/"))
        })
        .count();
    assert_eq!(pages, 1706);
    for (name, bytes) in &files {
        if name.ends_with(".html") {
            assert_safe_page(name, std::str::from_utf8(bytes).expect("utf-8"));
        }
    }
}
