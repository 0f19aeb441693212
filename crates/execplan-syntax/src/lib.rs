//! Text and parse layer of execplan-ls.
//!
//! A [`Document`] is an editable text (a ropey rope) with a tree-sitter-md block tree that
//! is edited and reparsed incrementally. A [`SourceFile`] is an immutable snapshot of a text
//! with its typed [`Outline`]: title, headings with their sections, list items, code blocks.
//! Nothing here knows about LSP, positions in UTF-16, or tokio.

mod document;
mod outline;
mod parse;
mod source_file;

pub use document::{Document, TextEdit, MAX_PARSED_LEN};
pub use outline::{CodeBlock, FrontMatter, Heading, ListItem, Outline, TaskState};
pub use parse::{parse_block_tree, tree_fingerprint};
pub use source_file::SourceFile;

/// A byte range into a text. Always on `char` boundaries.
pub type TextRange = std::ops::Range<usize>;
