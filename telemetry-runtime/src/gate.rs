//! Processes, products, datasets and the global recording switches.
//!
//! All four switches live in one `AtomicU32`, so the gate check on the recording path is a
//! single relaxed load and one mask test.

use core::sync::atomic::{AtomicU32, Ordering};

/// A Firefox process type, as named in the ping (`payload.processes.<name>`).
///
/// The storage of a probe is the storage of the OS process it runs in; the runtime reports it
/// under the process set with [`set_current_process`] (set it once, at start-up).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Process {
    /// The main process (`"main"` in `record_in_processes`, `parent` in the ping).
    Parent = 0,
    Content = 1,
    /// The WebExtension process: a content process whose data is reported separately. Probes
    /// recording in `content` record here too.
    Extension = 2,
    Gpu = 3,
    /// The remote data decoder process. Firefox collects its data but never copies it into the
    /// main ping.
    Rdd = 4,
    Socket = 5,
    Utility = 6,
}

impl Process {
    /// Every process, in the order Firefox lists them.
    pub const ALL: [Process; 7] = [
        Process::Parent,
        Process::Content,
        Process::Extension,
        Process::Gpu,
        Process::Rdd,
        Process::Socket,
        Process::Utility,
    ];

    /// The name used in the ping.
    pub const fn name(self) -> &'static str {
        match self {
            Process::Parent => "parent",
            Process::Content => "content",
            Process::Extension => "extension",
            Process::Gpu => "gpu",
            Process::Rdd => "rdd",
            Process::Socket => "socket",
            Process::Utility => "utility",
        }
    }

    /// The process of a ping name (`parent`, `content`, ...).
    pub fn from_name(name: &str) -> Option<Process> {
        Process::ALL.into_iter().find(|p| p.name() == name)
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The processes a probe records in (`record_in_processes`), as a bitmask.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProcessSet(u8);

impl ProcessSet {
    pub const NONE: ProcessSet = ProcessSet(0);
    /// `main`.
    pub const MAIN: ProcessSet = ProcessSet(Process::Parent.bit());
    /// `content`: content processes, including the extension process.
    pub const CONTENT: ProcessSet = ProcessSet(Process::Content.bit() | Process::Extension.bit());
    pub const GPU: ProcessSet = ProcessSet(Process::Gpu.bit());
    pub const RDD: ProcessSet = ProcessSet(Process::Rdd.bit());
    pub const SOCKET: ProcessSet = ProcessSet(Process::Socket.bit());
    pub const UTILITY: ProcessSet = ProcessSet(Process::Utility.bit());
    /// `all`.
    pub const ALL: ProcessSet = ProcessSet(0x7f);
    /// `all_children` (and the historical `all_childs`).
    pub const ALL_CHILDREN: ProcessSet = ProcessSet(0x7f & !Process::Parent.bit());

    pub const fn union(self, other: ProcessSet) -> ProcessSet {
        ProcessSet(self.0 | other.0)
    }

    pub const fn contains(self, process: Process) -> bool {
        self.0 & process.bit() != 0
    }

    pub const fn bits(self) -> u8 {
        self.0
    }

    /// One `record_in_processes` entry: `main`, `content`, `gpu`, `rdd`, `socket`, `utility`,
    /// `all`, `all_children`, `all_childs`.
    pub fn from_name(name: &str) -> Option<ProcessSet> {
        Some(match name {
            "main" => ProcessSet::MAIN,
            "content" => ProcessSet::CONTENT,
            "gpu" => ProcessSet::GPU,
            "rdd" => ProcessSet::RDD,
            "socket" => ProcessSet::SOCKET,
            "utility" => ProcessSet::UTILITY,
            "all" => ProcessSet::ALL,
            "all_children" | "all_childs" => ProcessSet::ALL_CHILDREN,
            _ => return None,
        })
    }
}

/// The running product (`products` in the definitions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Product {
    Firefox = 0,
    Fennec = 1,
    Thunderbird = 2,
    /// 2018–2020 definition files only.
    Geckoview = 3,
    /// 2018–2020 definition files only.
    GeckoviewStreaming = 4,
}

impl Product {
    pub const ALL: [Product; 5] = [
        Product::Firefox,
        Product::Fennec,
        Product::Thunderbird,
        Product::Geckoview,
        Product::GeckoviewStreaming,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Product::Firefox => "firefox",
            Product::Fennec => "fennec",
            Product::Thunderbird => "thunderbird",
            Product::Geckoview => "geckoview",
            Product::GeckoviewStreaming => "geckoview_streaming",
        }
    }

    pub fn from_name(name: &str) -> Option<Product> {
        Product::ALL.into_iter().find(|p| p.name() == name)
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The products a probe records in, as a bitmask.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProductSet(u8);

impl ProductSet {
    pub const NONE: ProductSet = ProductSet(0);
    pub const FIREFOX: ProductSet = ProductSet(Product::Firefox.bit());
    pub const FENNEC: ProductSet = ProductSet(Product::Fennec.bit());
    pub const THUNDERBIRD: ProductSet = ProductSet(Product::Thunderbird.bit());
    pub const GECKOVIEW: ProductSet = ProductSet(Product::Geckoview.bit());
    pub const GECKOVIEW_STREAMING: ProductSet = ProductSet(Product::GeckoviewStreaming.bit());
    /// Every product: what a definition without `products` (legacy files) means.
    pub const ALL: ProductSet = ProductSet(0x1f);

    pub const fn union(self, other: ProductSet) -> ProductSet {
        ProductSet(self.0 | other.0)
    }

    pub const fn contains(self, product: Product) -> bool {
        self.0 & product.bit() != 0
    }

    pub const fn bits(self) -> u8 {
        self.0
    }

    pub fn from_name(name: &str) -> Option<ProductSet> {
        Product::from_name(name).map(|p| ProductSet(p.bit()))
    }
}

/// The dataset of a probe (`releaseChannelCollection` / `release_channel_collection`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Collection {
    /// Pre-release ("extended") collection only: records and is reported only while
    /// [`set_extended_collection`] is on. Firefox's default for every probe type.
    #[default]
    OptIn,
    /// Base collection: records whenever recording is enabled.
    OptOut,
}

const PROCESS_SHIFT: u32 = 0;
const PRODUCT_SHIFT: u32 = 8;
/// Set while extended collection is off.
const EXTENDED_OFF: u32 = 1 << 30;
/// Set while recording is off.
const RECORDING_OFF: u32 = 1 << 31;

const INITIAL: u32 = EXTENDED_OFF
    | ((Process::Parent.bit() as u32) << PROCESS_SHIFT)
    | ((Product::Firefox.bit() as u32) << PRODUCT_SHIFT);

/// recording off (bit 31) | extended off (bit 30) | current product bit (8..16) | current
/// process bit (0..8).
///
/// The switches are stored as "off" bits and the process and product as exactly one bit each,
/// so that every gate is "no bit of this probe's mask is set": the current process is in a set
/// exactly when its one bit is outside the set's complement. With a probe's sets known at
/// compile time the mask is an immediate, and the gate one `test` of the loaded word.
static GATES: AtomicU32 = AtomicU32::new(INITIAL);

fn update(f: impl Fn(u32) -> u32) {
    // `fetch_update` with a closure that always returns `Some` cannot fail.
    let _ = GATES.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |g| Some(f(g)));
}

/// Turns all recording on or off (Firefox's base recording, `canRecordBase`). On by default.
pub fn set_recording_enabled(enabled: bool) {
    update(|g| {
        if enabled {
            g & !RECORDING_OFF
        } else {
            g | RECORDING_OFF
        }
    });
}

pub fn recording_enabled() -> bool {
    GATES.load(Ordering::Relaxed) & RECORDING_OFF == 0
}

/// Turns extended (pre-release, "opt-in") collection on or off (`canRecordExtended`). Off by
/// default, like Firefox on the release channel: opt-in probes — the default for every probe
/// type — record nothing and are left out of snapshots until this is turned on.
pub fn set_extended_collection(enabled: bool) {
    update(|g| {
        if enabled {
            g & !EXTENDED_OFF
        } else {
            g | EXTENDED_OFF
        }
    });
}

pub fn extended_collection() -> bool {
    GATES.load(Ordering::Relaxed) & EXTENDED_OFF == 0
}

/// The process this program runs as (default [`Process::Parent`]). Probes whose
/// `record_in_processes` exclude it drop their samples, and snapshots report under its name.
pub fn set_current_process(process: Process) {
    update(|g| (g & !(0xff << PROCESS_SHIFT)) | ((process.bit() as u32) << PROCESS_SHIFT));
}

pub fn current_process() -> Process {
    let bits = (GATES.load(Ordering::Relaxed) >> PROCESS_SHIFT) & 0xff;
    let index = bits.trailing_zeros() as usize;
    Process::ALL.get(index).copied().unwrap_or(Process::Parent)
}

/// The running product (default [`Product::Firefox`]). Probes whose `products` exclude it
/// drop their samples.
pub fn set_product(product: Product) {
    update(|g| (g & !(0xff << PRODUCT_SHIFT)) | ((product.bit() as u32) << PRODUCT_SHIFT));
}

pub fn current_product() -> Product {
    let bits = (GATES.load(Ordering::Relaxed) >> PRODUCT_SHIFT) & 0xff;
    let index = bits.trailing_zeros() as usize;
    Product::ALL.get(index).copied().unwrap_or(Product::Firefox)
}

/// The bits of the gate word that stop a probe with these sets: any process or product bit
/// outside them, and extended collection being off for an opt-in probe.
#[inline(always)]
const fn blocking_bits(record_in: ProcessSet, products: ProductSet, collection: Collection) -> u32 {
    let dataset = match collection {
        Collection::OptIn => EXTENDED_OFF,
        Collection::OptOut => 0,
    };
    dataset
        | ((!record_in.0 & ProcessSet::ALL.0) as u32) << PROCESS_SHIFT
        | ((!products.0 & ProductSet::ALL.0) as u32) << PRODUCT_SHIFT
}

/// The recording gate: recording on, extended collection on for opt-in probes, the current
/// process in `record_in`, the current product in `products`. One relaxed load and one mask
/// test.
#[inline(always)]
pub(crate) fn can_record(
    record_in: ProcessSet,
    products: ProductSet,
    collection: Collection,
) -> bool {
    let mask = RECORDING_OFF | blocking_bits(record_in, products, collection);
    GATES.load(Ordering::Relaxed) & mask == 0
}

/// The snapshot filter: dataset, process and product (recording on/off does not matter).
pub(crate) fn can_report(
    record_in: ProcessSet,
    products: ProductSet,
    collection: Collection,
) -> bool {
    GATES.load(Ordering::Relaxed) & blocking_bits(record_in, products, collection) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gate word the setters build for these switches.
    fn word(recording: bool, extended: bool, process: Process, product: Product) -> u32 {
        (if recording { 0 } else { RECORDING_OFF })
            | (if extended { 0 } else { EXTENDED_OFF })
            | (process.bit() as u32) << PROCESS_SHIFT
            | (product.bit() as u32) << PRODUCT_SHIFT
    }

    /// The one-mask gates agree with the rules spelled out, for every process set, product set,
    /// dataset, current process and product, and switch state.
    #[test]
    fn mask_gates_match_the_rules() {
        for record_in in 0..=ProcessSet::ALL.0 {
            for products in 0..=ProductSet::ALL.0 {
                let (record_in, products) = (ProcessSet(record_in), ProductSet(products));
                for collection in [Collection::OptIn, Collection::OptOut] {
                    let record_mask =
                        RECORDING_OFF | blocking_bits(record_in, products, collection);
                    let report_mask = blocking_bits(record_in, products, collection);
                    for process in Process::ALL {
                        for product in Product::ALL {
                            for (recording, extended) in
                                [(false, false), (false, true), (true, false), (true, true)]
                            {
                                let g = word(recording, extended, process, product);
                                let reportable = (collection == Collection::OptOut || extended)
                                    && record_in.contains(process)
                                    && products.contains(product);
                                assert_eq!(g & report_mask == 0, reportable);
                                assert_eq!(g & record_mask == 0, reportable && recording);
                            }
                        }
                    }
                }
            }
        }
    }
}
