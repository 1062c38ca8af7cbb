//! Histograms rules.

super::declare_rules! { HISTOGRAM_RULES;
}
