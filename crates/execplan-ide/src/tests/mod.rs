mod actions;
mod completion;
mod navigation;
mod structure;
