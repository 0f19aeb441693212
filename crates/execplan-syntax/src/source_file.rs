//! An immutable, analysable snapshot of a text.

use std::sync::Arc;

use tree_sitter::Tree;

use crate::parse::parse_block_tree;
use crate::Outline;

/// A text with its outline. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SourceFile {
    text: Arc<str>,
    outline: Arc<Outline>,
}

impl SourceFile {
    /// A fresh parse, as `check` and tests use.
    pub fn parse(text: &str) -> SourceFile {
        let tree = parse_block_tree(text);
        SourceFile::from_tree(text.to_string(), tree)
    }

    /// A snapshot of a document whose block tree is already up to date.
    pub fn from_tree(text: String, tree: Tree) -> SourceFile {
        let outline = Outline::new(&text, &tree);
        SourceFile {
            text: text.into(),
            outline: Arc::new(outline),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn outline(&self) -> &Outline {
        &self.outline
    }
}
