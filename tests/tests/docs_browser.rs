//! The docs site in a real headless Chromium (Debian's `chromium` and `chromium-driver`,
//! installed by `.ci/run`), driven through chromedriver's W3C WebDriver API.
//!
//! For the sample `definitions/` and the modern corpus set: open the index from `file://`,
//! type a query and check the result count, apply two filters, go back, reopen the shared
//! link, open a probe page and check its bucket chart, check the console has no error, and
//! time the search. For the hostile fixture: open every page, search, and check that nothing
//! injected ran and that each page's JSON data block parses back to the exact definition.
//! The `definitions/` site is also checked over `http://` from a tiny static server.
//!
//! Screenshots go to `$CARGO_TARGET_TMPDIR/docs-browser/`. Without Chromium and chromedriver
//! the test prints a note and passes.

mod webdriver;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use telemetry_registry::docs::{self, Catalog, Def, DocsOptions, DocsReport};
use telemetry_registry::{Inputs, Loaded, Options, load};
use webdriver::{Browser, StaticServer};
use workspace_tests::{corpus_dir, workspace_dir};

fn load_dir(dir: &Path) -> Loaded {
    let inputs = Inputs::discover(&[dir.to_path_buf()]).expect("inputs");
    load(&inputs, &Options::default()).expect("load")
}

struct Site {
    name: &'static str,
    loaded: Loaded,
    options: DocsOptions,
    dir: PathBuf,
    report: DocsReport,
}

impl Site {
    fn generate(name: &'static str, definitions: &Path, out: &Path) -> Site {
        let loaded = load_dir(definitions);
        let options = DocsOptions {
            current_version: Some(140),
            ..DocsOptions::default()
        };
        let dir = out.join(name);
        let report = docs::write_docs(&loaded, &options, &dir).expect("write docs");
        Site {
            name,
            loaded,
            options,
            dir,
            report,
        }
    }

    fn url(&self, page: &str) -> String {
        let path = self.dir.canonicalize().expect("site dir").join(page);
        format!("file://{}", path.display())
    }

    /// The number of probes the search should find: the same rules as `search.js`,
    /// implemented independently.
    fn expected(&self, query: &str, filters: &[(&str, &str)]) -> usize {
        let catalog = Catalog::new(&self.loaded, &self.options);
        let query = query.to_lowercase();
        let tokens: Vec<&str> = query.split_whitespace().collect();
        catalog
            .probes
            .iter()
            .filter(|p| {
                let description = p
                    .description
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let bugs: Vec<String> = p.bugs.iter().map(|b| b.to_string()).collect();
                let text = format!(
                    "{}\n{}\n{}\n{}",
                    p.id,
                    description,
                    p.owners.join(" "),
                    bugs.join(" ")
                )
                .to_lowercase();
                tokens.iter().all(|t| text.contains(t))
                    && filters.iter().all(|&(name, value)| match name {
                        "kind" => match value.split_once(':') {
                            Some((family, kind)) => p.family.as_str() == family && p.kind == kind,
                            None => p.family.as_str() == value,
                        },
                        "keyed" => p.keyed == (value == "yes"),
                        "process" => {
                            let has = |name: &str| p.processes.contains(&name);
                            has(value)
                                || (!["all", "all_children", "all_childs"].contains(&value)
                                    && (has("all")
                                        || (value != "main"
                                            && (has("all_children") || has("all_childs")))))
                        }
                        "product" => p.products.iter().flatten().any(|x| *x == value),
                        "collection" => p.collection.as_str() == value,
                        "expiry" => p.expiry.status.as_str() == value,
                        other => panic!("unknown filter {other}"),
                    })
            })
            .count()
    }
}

const READY: &str = "return document.documentElement.getAttribute('data-search-ready') === '1'";
const COUNT: &str = "var c = document.getElementById('count'); \
                     return c ? Number(c.getAttribute('data-count')) : -1";
const NOT_PWNED: &str = "return [typeof window.__pwned, document.title]";

fn count(browser: &Browser) -> usize {
    browser
        .execute(COUNT, json!([]))
        .expect("count")
        .as_u64()
        .unwrap_or(u64::MAX) as usize
}

fn wait_count(browser: &Browser, expected: usize, what: &str) {
    let check = format!(
        "var c = document.getElementById('count'); \
         return c && Number(c.getAttribute('data-count')) === {expected}"
    );
    if let Err(error) = browser.wait_for(&check, what) {
        panic!(
            "{error}: expected {expected} results, the page shows {}",
            count(browser)
        );
    }
}

fn assert_clean_console(browser: &Browser, where_: &str) {
    let entries = browser.console().expect("console log");
    let errors: Vec<_> = entries
        .iter()
        .filter(|(level, _)| level == "SEVERE" || level == "ERROR")
        .collect();
    assert!(errors.is_empty(), "console errors on {where_}: {errors:#?}");
}

fn assert_not_pwned(browser: &Browser, where_: &str) {
    let value = browser.execute(NOT_PWNED, json!([])).expect("probe state");
    assert_eq!(
        value[0],
        json!("undefined"),
        "injected script ran on {where_}"
    );
    assert_ne!(value[1], json!("pwned"), "injected script ran on {where_}");
}

fn select(browser: &Browser, control: &str, value: &str) {
    let option = browser
        .find(&format!("#{control} option[value=\"{value}\"]"))
        .unwrap_or_else(|e| panic!("option {value} of {control}: {e}"));
    browser.click(&option).expect("select option");
}

/// Times the search in the page: input event → results in the DOM → layout done.
fn measure_search(browser: &Browser, queries: &[&str]) -> Vec<f64> {
    let script = "var q = document.getElementById('q'); var times = []; \
        for (var round = 0; round < 3; round++) { \
          for (var i = 0; i < arguments[0].length; i++) { \
            q.value = arguments[0][i]; var t0 = performance.now(); \
            q.dispatchEvent(new Event('input', {bubbles: true})); \
            void document.body.offsetHeight; \
            times.push(performance.now() - t0); } } \
        q.value = ''; q.dispatchEvent(new Event('input', {bubbles: true})); \
        return times;";
    let value = browser.execute(script, json!([queries])).expect("timing");
    value
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

struct Scenario<'a> {
    query: &'a str,
    filters: [(&'a str, &'a str); 2],
}

/// The user's walk through one site. Returns a line for the report.
fn exercise(browser: &Browser, site: &Site, scenario: &Scenario<'_>, shots: &Path) -> String {
    let total = site.loaded.registry.probe_count();
    browser.goto(&site.url("index.html")).expect("open index");
    browser.wait_for(READY, "search.js").expect("search ready");
    assert_eq!(count(browser), total, "{}: every probe listed", site.name);

    // Results as you type.
    let q = browser.find("#q").expect("search box");
    browser.type_text(&q, scenario.query).expect("type");
    let after_query = site.expected(scenario.query, &[]);
    wait_count(browser, after_query, "query results");
    assert!(after_query > 0, "{}: the query finds something", site.name);

    // Two filters.
    let [(f1, v1), (f2, v2)] = scenario.filters;
    select(browser, &format!("f-{f1}"), v1);
    let after_one = site.expected(scenario.query, &[(f1, v1)]);
    wait_count(browser, after_one, "first filter");
    select(browser, &format!("f-{f2}"), v2);
    let after_two = site.expected(scenario.query, &[(f1, v1), (f2, v2)]);
    wait_count(browser, after_two, "second filter");
    assert!(after_two > 0, "{}: the filters leave something", site.name);
    let shared = browser.url().expect("url");
    for part in [
        format!("q={}", scenario.query),
        format!("{f1}="),
        format!("{f2}="),
    ] {
        assert!(shared.contains(&part), "{shared} keeps {part}");
    }
    browser
        .screenshot(&shots.join(format!("{}-index.png", site.name)))
        .expect("screenshot");

    // The back button undoes the second filter.
    browser.back().expect("back");
    wait_count(browser, after_one, "back button");
    let second = browser
        .execute(
            &format!("return document.getElementById('f-{f2}').value"),
            json!([]),
        )
        .expect("filter value");
    assert_eq!(second, json!(""), "back restores the filter");

    // The shared link restores the whole search.
    browser.goto("about:blank").expect("blank");
    browser.goto(&shared).expect("shared link");
    browser.wait_for(READY, "search.js").expect("search ready");
    wait_count(browser, after_two, "shared link");
    let restored = browser
        .execute("return document.getElementById('q').value", json!([]))
        .expect("query value");
    assert_eq!(restored, json!(scenario.query));

    // A probe page with its bucket chart.
    let first = browser.find("#results-body a").expect("a result");
    browser.click(&first).expect("open probe");
    browser
        .wait_for(
            "return document.querySelector('h1.probe-name') !== null",
            "probe page",
        )
        .expect("probe page");
    let chart = browser
        .execute(
            "var s = document.getElementById('bucket-chart'); \
             return s ? [s.tagName.toLowerCase(), s.getBoundingClientRect().width, \
             s.querySelectorAll('polyline').length] : null",
            json!([]),
        )
        .expect("chart");
    assert_eq!(
        chart[0],
        json!("svg"),
        "{}: the bucket chart is there",
        site.name
    );
    assert!(
        chart[1].as_f64().unwrap_or(0.0) > 100.0,
        "the chart is drawn"
    );
    let page = browser.url().expect("url");
    browser
        .screenshot(&shots.join(format!("{}-probe.png", site.name)))
        .expect("screenshot");
    assert_clean_console(browser, &format!("{} ({page})", site.name));

    // Search latency over the full index.
    browser.goto(&site.url("index.html")).expect("open index");
    browser.wait_for(READY, "search.js").expect("search ready");
    let mut times = measure_search(
        browser,
        &[
            "g",
            "gc",
            "gc_ms",
            "network",
            "e",
            "zzzz",
            "",
            scenario.query,
        ],
    );
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    let max = times.last().copied().unwrap_or(0.0);
    assert_clean_console(browser, &format!("{} (timing)", site.name));
    format!(
        "{}: {total} probes; \"{}\" → {after_query}, +{f1}={v1} → {after_one}, +{f2}={v2} → \
         {after_two}; search median {median:.1} ms, max {max:.1} ms over {} runs; site {} KiB, \
         search index {} KiB",
        site.name,
        scenario.query,
        times.len(),
        site.report.site_bytes / 1024,
        site.report.search_index_bytes / 1024,
    )
}

/// Every page of the hostile site: nothing runs, and the data blocks are exact.
fn exercise_hostile(browser: &Browser, site: &Site) -> String {
    let catalog = Catalog::new(&site.loaded, &site.options);
    assert!(catalog.probes.len() >= 7, "the hostile fixture is modelled");
    let mut pages = 0;
    for file in site.report.files.iter().filter(|f| f.ends_with(".html")) {
        browser.goto(&site.url(file)).expect("open page");
        assert_not_pwned(browser, file);
        pages += 1;
    }
    for probe in &catalog.probes {
        let page = probe.page();
        browser.goto(&site.url(&page)).expect("open probe page");
        assert_not_pwned(browser, &page);
        let data = browser
            .execute(
                "return JSON.parse(document.getElementById('probe-data').textContent)",
                json!([]),
            )
            .expect("data block");
        let sources = &site.loaded.sources;
        let want = match probe.def {
            Def::Histogram(h) => telemetry_registry::resolve::histogram(h, sources),
            Def::Scalar(s) => telemetry_registry::resolve::scalar(s, sources),
            Def::Event(e) => telemetry_registry::resolve::event(e, sources),
        };
        assert_eq!(data, want, "{page}: the data block round-trips");
    }
    // Search results render hostile text as text.
    browser.goto(&site.url("index.html")).expect("open index");
    browser.wait_for(READY, "search.js").expect("search ready");
    let q = browser.find("#q").expect("search box");
    browser.type_text(&q, "pwned").expect("type");
    wait_count(browser, site.expected("pwned", &[]), "hostile results");
    let links = browser
        .execute(
            "return Array.prototype.map.call(document.querySelectorAll('#results-body a'), \
             function (a) { return a.getAttribute('href'); })",
            json!([]),
        )
        .expect("links");
    for link in links.as_array().into_iter().flatten() {
        let link = link.as_str().unwrap_or_default();
        assert!(
            link.starts_with("histograms/")
                || link.starts_with("scalars/")
                || link.starts_with("events/"),
            "{link}"
        );
    }
    for page in ["index.html", "expiry.html"] {
        browser.goto(&site.url(page)).expect("open");
        assert_not_pwned(browser, page);
    }
    assert_not_pwned(browser, "the search results");
    assert_clean_console(browser, "the hostile site");
    format!(
        "hostile fixture: {} probes, {pages} pages opened, nothing executed, data blocks exact",
        catalog.probes.len()
    )
}

fn exercise_http(browser: &Browser, site: &Site) -> String {
    let server = StaticServer::start(&site.dir);
    let base = format!("http://127.0.0.1:{}/", server.port);
    browser
        .goto(&format!("{base}index.html#q=normandy&kind=event"))
        .expect("open over http");
    browser.wait_for(READY, "search.js").expect("search ready");
    let expected = site.expected("normandy", &[("kind", "event")]);
    wait_count(browser, expected, "http search");
    let first = browser.find("#results-body a").expect("a result");
    browser.click(&first).expect("open probe");
    browser
        .wait_for(
            "return document.querySelector('table.matrix') !== null",
            "event page",
        )
        .expect("event page");
    assert_clean_console(browser, "the site over http");
    drop(server);
    format!("definitions over http://: normandy + event → {expected}")
}

#[test]
fn docs_site_in_headless_chromium() {
    let Some((chromium, chromedriver)) = webdriver::find_browser() else {
        eprintln!(
            "note: chromium and chromedriver not found (apt-get install chromium \
             chromium-driver); skipping the browser test"
        );
        return;
    };
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("docs-browser");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("output dir");
    let browser = Browser::start(&chromium, &chromedriver, &out).expect("start the browser");
    let mut report = Vec::new();

    let definitions = Site::generate("definitions", &workspace_dir().join("definitions"), &out);
    report.push(exercise(
        &browser,
        &definitions,
        &Scenario {
            query: "ms",
            filters: [("kind", "histogram:exponential"), ("process", "gpu")],
        },
        &out,
    ));
    report.push(exercise_http(&browser, &definitions));

    if let Some(corpus) = corpus_dir() {
        let modern = Site::generate("modern", &corpus.join("firefox-modern"), &out);
        assert_eq!(modern.loaded.registry.probe_count(), 1706);
        report.push(exercise(
            &browser,
            &modern,
            &Scenario {
                query: "gc",
                filters: [("kind", "histogram:exponential"), ("collection", "opt-out")],
            },
            &out,
        ));
    }

    let hostile = Site::generate(
        "hostile",
        &workspace_dir().join("tests/fixtures/docs-hostile"),
        &out,
    );
    report.push(exercise_hostile(&browser, &hostile));

    let mut text = format!("docs browser test (screenshots in {}):\n", out.display());
    for line in &report {
        text.push_str(&format!("  {line}\n"));
    }
    eprintln!("\n{text}");
    // Passing tests' output is captured: CI prints this file.
    std::fs::write(out.join("report.txt"), text).expect("write the report");
}
