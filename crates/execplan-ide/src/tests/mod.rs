//! Data-driven fixture tests, one module per feature.

mod actions;
mod completion;
mod config;
mod content;
mod hover;
mod navigation;
mod paths;
mod real_layouts;
mod rename;
mod reuse;
mod robustness;
mod structure;
mod suppression;
mod symbols;
