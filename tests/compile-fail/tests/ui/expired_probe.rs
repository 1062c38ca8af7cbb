// Recording into an expired probe warns (it compiles to nothing); denied here to fail.
#![deny(deprecated)]

use instrumented_example::extra::probes::histograms::EXAMPLE_OLD_LOAD_MS;

fn main() {
    EXAMPLE_OLD_LOAD_MS.accumulate(5);
}
