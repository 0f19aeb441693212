mod actions;
mod completion;
mod hover;
mod navigation;
mod structure;
mod symbols;
