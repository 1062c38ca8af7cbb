//! Scalars rules.

super::declare_rules! { SCALAR_RULES;
}
