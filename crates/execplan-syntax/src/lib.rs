//! Text and parse layer of execplan-ls.
//!
//! A [`Document`] is an editable text (a ropey rope). A [`SourceFile`] is an immutable
//! snapshot of a text with its typed [`Outline`]: title, headings with their sections,
//! list items, code blocks, as a line scanner of markdown's block structure finds them
//! (checked against tree-sitter-md in the tests). Nothing here knows about LSP, positions
//! in UTF-16, or tokio.

mod block_starts;
mod blocks;
mod document;
pub mod inline;
#[cfg(test)]
mod inline_oracle;
#[cfg(test)]
mod oracle;
mod outline;
mod rescan;
mod source_file;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
#[cfg(test)]
mod tests;

pub use document::{Document, TextEdit, MAX_PARSED_LEN};
pub use outline::{CodeBlock, FrontMatter, Heading, ListItem, Outline, TaskState};
pub use source_file::{Changed, SourceFile};

/// A byte range into a text. Always on `char` boundaries.
pub type TextRange = std::ops::Range<usize>;
