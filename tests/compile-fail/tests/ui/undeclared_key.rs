// A keyed histogram with declared keys takes only those keys.
use instrumented_example::probes::histograms::{GFX_COMPOSITOR_INIT_MS, GfxCompositorInitMsKey};

fn main() {
    GFX_COMPOSITOR_INIT_MS.accumulate(GfxCompositorInitMsKey::Vulkan, 12);
}
