// A uint scalar takes integers.
use instrumented_example::probes::scalars::normandy::UPTAKE_RECIPE_COUNT;

fn main() {
    UPTAKE_RECIPE_COUNT.add("3");
}
