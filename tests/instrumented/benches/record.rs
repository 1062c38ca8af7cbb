//! Recording cost of the generated API against a hand-written floor, beside `prometheus` and
//! `metrics`: one list of cases, measured by criterion in one group (`record`) and by an
//! interleaved table of ratios, then the static memory of each probe kind.
//!
//! The floor is what a hand-written histogram costs: `static [AtomicU32; 50]` + `AtomicU64`
//! sum, the bucket found by `partition_point` over a const table of GC_MS's bounds (exponential
//! 1..10000, 50 buckets). Every case records one input per iteration from a cycling table.
//!
//! `one_atomic_add` is a bound, not a probe: one relaxed `fetch_add` on a static counter at the
//! input's index, with no gate. Every direct kind (enumerated, categorical, boolean, count) must
//! do at least that per sample to keep its counts in shared atomics without losing any, so its
//! ratio to the floor is the lowest any of them can reach on the machine at hand; the table
//! shows each case against it too.
//!
//! Run: `cargo bench -p instrumented-example --bench record` (criterion, then the table), or
//! `… -- zzz` to skip criterion's cases and print only the interleaved table (a few seconds).

use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, RwLock};

use criterion::Criterion;
use instrumented_example::extra::probes as x;
use instrumented_example::probes::histograms as h;
use telemetry_runtime::{Process, set_current_process, set_extended_collection};

/// GC_MS's bucket lower bounds.
const BOUNDS: [u32; 50] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 17, 20, 24, 29, 34, 40, 48, 57, 68, 81, 96, 114, 135,
    160, 190, 226, 268, 318, 378, 449, 533, 633, 752, 893, 1061, 1260, 1496, 1777, 2111, 2507,
    2978, 3537, 4201, 4990, 5927, 7040, 8362, 10000,
];

static FLOOR_COUNTS: [AtomicU32; 50] = [const { AtomicU32::new(0) }; 50];
static FLOOR_SUM: AtomicU64 = AtomicU64::new(0);

#[inline]
fn floor(sample: u32) {
    let index = BOUNDS.partition_point(|&b| b <= sample).saturating_sub(1);
    FLOOR_COUNTS[index].fetch_add(1, Relaxed);
    FLOOR_SUM.fetch_add(u64::from(sample), Relaxed);
}

/// Samples: a fixed pseudo-random sequence over the whole range (and beyond), so that branch
/// prediction sees the same thing in every case.
fn samples() -> Box<[u32; 1024]> {
    let mut state = 0x2545_f491_u32;
    Box::new(std::array::from_fn(|_| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state % 12_000
    }))
}

/// A simple `metrics` recorder: histograms with the same buckets, stored in atomics; handles
/// looked up by name in a map (what `metrics::histogram!` does on every call).
struct AtomicHistogram {
    counts: [AtomicU32; 50],
    sum: AtomicU64,
}

impl metrics::HistogramFn for AtomicHistogram {
    fn record(&self, value: f64) {
        let v = value as u32;
        let index = BOUNDS.partition_point(|&b| b <= v).saturating_sub(1);
        self.counts[index].fetch_add(1, Relaxed);
        self.sum.fetch_add(u64::from(v), Relaxed);
    }
}

#[derive(Default)]
struct SimpleRecorder {
    histograms: RwLock<HashMap<String, Arc<AtomicHistogram>>>,
}

impl metrics::Recorder for SimpleRecorder {
    fn describe_counter(
        &self,
        _: metrics::KeyName,
        _: Option<metrics::Unit>,
        _: metrics::SharedString,
    ) {
    }
    fn describe_gauge(
        &self,
        _: metrics::KeyName,
        _: Option<metrics::Unit>,
        _: metrics::SharedString,
    ) {
    }
    fn describe_histogram(
        &self,
        _: metrics::KeyName,
        _: Option<metrics::Unit>,
        _: metrics::SharedString,
    ) {
    }
    fn register_counter(&self, _: &metrics::Key, _: &metrics::Metadata<'_>) -> metrics::Counter {
        metrics::Counter::noop()
    }
    fn register_gauge(&self, _: &metrics::Key, _: &metrics::Metadata<'_>) -> metrics::Gauge {
        metrics::Gauge::noop()
    }
    fn register_histogram(
        &self,
        key: &metrics::Key,
        _: &metrics::Metadata<'_>,
    ) -> metrics::Histogram {
        if let Some(h) = self.histograms.read().unwrap().get(key.name()) {
            return metrics::Histogram::from_arc(h.clone());
        }
        let h = self
            .histograms
            .write()
            .unwrap()
            .entry(key.name().to_string())
            .or_insert_with(|| {
                Arc::new(AtomicHistogram {
                    counts: [const { AtomicU32::new(0) }; 50],
                    sum: AtomicU64::new(0),
                })
            })
            .clone();
        metrics::Histogram::from_arc(h)
    }
}

/// The inputs every case reads: recording `i` reads entry `i % 1024` of its case's table.
///
/// The loop keeps `i` in a register and reads the tables without `black_box` (their contents
/// are unknown to the compiler anyway), so an iteration stores nothing but what the recording
/// stores. A store per iteration would make the timings depend on where the stack lies relative
/// to the probes' statics (a load that aliases a pending store modulo 4 KiB waits for it), which
/// moves with address randomisation from one run to the next.
struct Inputs {
    samples: Box<[u32; 1024]>,
    /// Labels cycling over the categorical's seven.
    labels: Box<[h::DeviceResetReason; 1024]>,
    /// Enumerated values in range (0..=9 of n_values 10), what an enumerated probe records; an
    /// out-of-range value (the overflow bucket) costs a second add, measured separately.
    enumerated: Box<[u32; 1024]>,
    /// (key, sample) pairs: one load per recording, like the other cases' one sample.
    keyed: Box<[(h::GfxCompositorInitMsKey, u32); 1024]>,
}

impl Inputs {
    fn new() -> Inputs {
        let samples = samples();
        Inputs {
            labels: Box::new(std::array::from_fn(|i| {
                h::DeviceResetReason::ALL[samples[i] as usize % 7]
            })),
            enumerated: Box::new(std::array::from_fn(|i| samples[i] % 10)),
            keyed: Box::new(std::array::from_fn(|i| {
                (
                    h::GfxCompositorInitMsKey::ALL[samples[i] as usize % 3],
                    samples[i],
                )
            })),
            samples,
        }
    }
}

/// Runs `record` for recordings `0..count` and returns the time taken.
#[inline(always)]
fn timed(count: u64, record: &mut impl FnMut(usize)) -> std::time::Duration {
    let start = std::time::Instant::now();
    for i in 0..count {
        record(i as usize % 1024);
    }
    start.elapsed()
}

/// One atomic increment at the label's index and nothing else: what any recording that keeps
/// its counts in shared atomics must at least do per sample, so no direct kind can cost less.
static ONE_ADD_COUNTS: [AtomicU32; 8] = [const { AtomicU32::new(0) }; 8];

/// What a run does with each case: criterion measures it, or a round of the interleaved table
/// times it.
trait Runner {
    /// Measures one case. `target`: the ratio to the floor that issue 5 asks of it, if any.
    fn measure(&mut self, id: &'static str, target: Option<f64>, record: impl FnMut(usize));

    /// [`Runner::measure`] with `process` (the process the probe records in) set around it.
    fn case(
        &mut self,
        id: &'static str,
        target: Option<f64>,
        process: Process,
        record: impl FnMut(usize),
    ) {
        set_current_process(process);
        self.measure(id, target, record);
        set_current_process(Process::Parent);
    }
}

/// Every case, once, for both runners. The first is the floor.
fn cases(run: &mut impl Runner, inputs: &Inputs, prometheus: &prometheus::Histogram) {
    use Process::{Content, Parent};
    let metrics_handle = metrics::histogram!("gc_ms");
    let Inputs {
        samples,
        labels,
        enumerated,
        keyed,
    } = inputs;
    run.case("floor", None, Parent, |i| floor(samples[i]));
    run.case("exponential", Some(1.10), Parent, |i| {
        h::GC_MS.accumulate(samples[i])
    });
    run.case("linear", Some(1.10), Content, |i| {
        h::PAGE_SCROLL_PERCENT.accumulate(samples[i])
    });
    run.case("enumerated", Some(0.5), Parent, |i| {
        h::HTTP_RESPONSE_VERSION.accumulate(enumerated[i])
    });
    run.case("enumerated_overflow", None, Parent, |i| {
        h::HTTP_RESPONSE_VERSION.accumulate(samples[i])
    });
    run.case("categorical", Some(0.5), Parent, |i| {
        h::DEVICE_RESET_REASON.accumulate(labels[i])
    });
    run.case("boolean", Some(0.5), Parent, |i| {
        h::STARTUP_CRASH_DETECTED.accumulate(samples[i] & 1 == 1)
    });
    run.case("count", Some(0.5), Parent, |_| {
        x::histograms::EXAMPLE_PAGE_LOADS.add()
    });
    run.case("count_accumulate", None, Parent, |i| {
        x::histograms::EXAMPLE_PAGE_LOADS.accumulate(samples[i])
    });
    run.case("keyed_declared", Some(1.15), Parent, |i| {
        let (key, sample) = keyed[i];
        h::GFX_COMPOSITOR_INIT_MS.accumulate(key, sample)
    });
    run.case("one_atomic_add", None, Parent, |i| {
        ONE_ADD_COUNTS[labels[i] as usize].fetch_add(1, Relaxed);
    });
    run.case("prometheus", None, Parent, |i| {
        prometheus.observe(f64::from(samples[i]))
    });
    run.case("metrics_handle", None, Parent, |i| {
        metrics_handle.record(f64::from(samples[i]))
    });
    run.case("metrics_macro", None, Parent, |i| {
        metrics::histogram!("gc_ms").record(f64::from(samples[i]))
    });
}

/// The criterion group; it keeps the ids and targets for the report read from criterion's
/// estimates.
struct CriterionRun<'a> {
    group: criterion::BenchmarkGroup<'a, criterion::measurement::WallTime>,
    cases: Vec<(&'static str, Option<f64>)>,
}

impl Runner for CriterionRun<'_> {
    fn measure(&mut self, id: &'static str, target: Option<f64>, mut record: impl FnMut(usize)) {
        self.group
            .bench_function(id, |b| b.iter_custom(|count| timed(count, &mut record)));
        self.cases.push((id, target));
    }
}

/// The interleaved table: each round times the floor and every case back to back, and the
/// median of the per-round ratios is reported. A drift in the machine's load (other builds on a
/// shared machine) then hits both sides of a ratio, which separate criterion runs cannot ensure.
#[derive(Default)]
struct Interleaved {
    /// Per case: id, target, and its time in each round.
    cases: Vec<(&'static str, Option<f64>, Vec<f64>)>,
    /// The index of the next case in the current round.
    position: usize,
}

impl Interleaved {
    const ROUNDS: usize = 41;
    const ITERATIONS: u64 = 100_000;

    fn run(inputs: &Inputs, prometheus: &prometheus::Histogram) {
        let mut table = Interleaved::default();
        for _ in 0..Interleaved::ROUNDS {
            table.position = 0;
            cases(&mut table, inputs, prometheus);
        }
        table.report();
    }

    fn report(&self) {
        println!(
            "\nrecord, interleaved: median of {} per-round ratios to the floor ({} recordings each)",
            Interleaved::ROUNDS,
            Interleaved::ITERATIONS
        );
        let Some((_, _, floor)) = self.cases.first() else {
            return;
        };
        let one_add = self.cases.iter().find(|c| c.0 == "one_atomic_add");
        /// Median and quartiles of the per-round ratios `times / base`.
        fn ratios(times: &[f64], base: &[f64]) -> [f64; 3] {
            let mut r: Vec<f64> = times.iter().zip(base).map(|(t, b)| t / b).collect();
            r.sort_by(f64::total_cmp);
            [r[r.len() / 2], r[r.len() / 4], r[3 * r.len() / 4]]
        }
        println!(
            "  {:<20} {:>6}  {:<20}  {:>10}  target",
            "case", "floor", "(quartiles)", "one add"
        );
        for (id, target, times) in &self.cases[1..] {
            let [median, low, high] = ratios(times, floor);
            let to_one_add = one_add.map_or(f64::NAN, |(_, _, base)| ratios(times, base)[0]);
            let verdict = match target {
                Some(t) if median <= *t => format!("≤ {t:.2}×: met"),
                Some(t) => format!("≤ {t:.2}×: MISSED"),
                None => String::new(),
            };
            println!(
                "  {id:<20} {median:>5.2}×  ({low:.2}–{high:.2}){:<9}  {to_one_add:>9.2}×  {verdict}",
                ""
            );
        }
    }
}

impl Runner for Interleaved {
    fn measure(&mut self, id: &'static str, target: Option<f64>, mut record: impl FnMut(usize)) {
        let elapsed = timed(Interleaved::ITERATIONS, &mut record).as_secs_f64();
        if self.position == self.cases.len() {
            self.cases
                .push((id, target, Vec::with_capacity(Interleaved::ROUNDS)));
        }
        self.cases[self.position].2.push(elapsed);
        self.position += 1;
    }
}

/// Runs the criterion group and the interleaved table; returns the cases with their targets.
fn bench(c: &mut Criterion) -> Vec<(&'static str, Option<f64>)> {
    set_extended_collection(true);
    // Opaque once, so that the compiler cannot know a table's contents.
    let inputs = black_box(Inputs::new());
    let buckets: Vec<f64> = BOUNDS[1..].iter().map(|&b| f64::from(b)).collect();
    let prometheus = prometheus::Histogram::with_opts(
        prometheus::HistogramOpts::new("gc_ms", "GC time").buckets(buckets),
    )
    .expect("prometheus histogram");
    let _ = metrics::set_global_recorder(SimpleRecorder::default());

    let mut run = CriterionRun {
        group: c.benchmark_group("record"),
        cases: Vec::new(),
    };
    cases(&mut run, &inputs, &prometheus);
    run.group.finish();
    Interleaved::run(&inputs, &prometheus);
    run.cases
}

/// `<target>/criterion`: beside the bench executable (`<target>/release/deps/record-…`).
fn output_directory() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(|t| t.join("criterion")))
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

/// Criterion's median time of a case: on a shared machine a burst of load inflates the mean of
/// whichever case it hits; the median keeps the ratios comparable.
fn median_ns(dir: &std::path::Path, id: &str) -> Option<f64> {
    let text =
        std::fs::read_to_string(dir.join("record").join(id).join("new/estimates.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn report(dir: &std::path::Path, cases: &[(&str, Option<f64>)]) {
    let Some(floor) = median_ns(dir, "floor") else {
        return;
    };
    println!("\nrecord: median time per recording, and ratio to the floor ({floor:.2} ns)");
    for &(id, target) in cases.iter().skip(1) {
        let Some(ns) = median_ns(dir, id) else {
            continue;
        };
        let ratio = ns / floor;
        let verdict = match target {
            Some(t) if ratio <= t => format!("target ≤ {t:.2}×: met"),
            Some(t) => format!("target ≤ {t:.2}×: MISSED"),
            None => String::new(),
        };
        println!("  {id:<20} {ns:>7.2} ns  {ratio:>5.2}×  {verdict}");
    }
    println!("\nstatic memory per probe (bytes: its storage static; the handle is a const):");
    let sizes: [(&str, usize); 10] = [
        (
            "exponential, 50 buckets",
            std::mem::size_of_val(h::GC_MS.storage()),
        ),
        (
            "linear, 20 buckets",
            std::mem::size_of_val(h::PAGE_SCROLL_PERCENT.storage()),
        ),
        (
            "enumerated, 11 buckets",
            std::mem::size_of_val(h::HTTP_RESPONSE_VERSION.storage()),
        ),
        (
            "categorical, 51 buckets",
            std::mem::size_of_val(h::DEVICE_RESET_REASON.storage()),
        ),
        (
            "boolean",
            std::mem::size_of_val(h::STARTUP_CRASH_DETECTED.storage()),
        ),
        (
            "count",
            std::mem::size_of_val(x::histograms::EXAMPLE_PAGE_LOADS.storage()),
        ),
        (
            "flag",
            std::mem::size_of_val(x::histograms::EXAMPLE_STARTUP_FLAG.storage()),
        ),
        (
            "keyed exp., 3 keys × 30",
            std::mem::size_of_val(h::GFX_COMPOSITOR_INIT_MS.storage()),
        ),
        (
            "keyed count, open keys",
            std::mem::size_of_val(h::SEARCH_COUNTS.storage()),
        ),
        (
            "floor (50 buckets)",
            std::mem::size_of_val(&FLOOR_COUNTS) + 8,
        ),
    ];
    for (kind, bytes) in sizes {
        println!("  {kind:<26} {bytes:>6}");
    }
    use instrumented_example::probes::scalars::normandy as sc;
    println!(
        "  uint scalar {}, boolean scalar {}, string scalar {}, keyed uint (4 keys) {}, keyed uint (open) {}",
        std::mem::size_of_val(&sc::UPTAKE_RECIPE_COUNT),
        std::mem::size_of_val(&sc::STUDIES_ENABLED),
        std::mem::size_of_val(&sc::LAST_RECIPE_SLUG),
        std::mem::size_of_val(&sc::UPTAKE_RUNNER),
        std::mem::size_of_val(&sc::RECIPE_FRESHNESS),
    );
}

fn main() {
    let dir = output_directory();
    let mut criterion = Criterion::default()
        .output_directory(&dir)
        .configure_from_args();
    let cases = bench(&mut criterion);
    criterion.final_summary();
    report(&dir, &cases);
}
