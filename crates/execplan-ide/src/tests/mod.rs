//! Data-driven fixture tests, one module per feature.

mod structure;
