//! Events rules.

super::declare_rules! { EVENT_RULES;
}
