mod config;
mod content;
mod paths;
mod structure;
mod suppression;
