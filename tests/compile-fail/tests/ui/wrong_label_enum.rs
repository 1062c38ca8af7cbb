// A categorical histogram takes its own label enum, not another one.
use instrumented_example::probes::histograms::{DEVICE_RESET_REASON, GfxCompositorInitMsKey};

fn main() {
    DEVICE_RESET_REASON.accumulate(GfxCompositorInitMsKey::Basic);
}
