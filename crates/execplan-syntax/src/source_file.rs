//! An immutable, analysable snapshot of a text.

use std::sync::Arc;

use crate::Outline;

/// A text with its outline. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SourceFile {
    text: Arc<str>,
    outline: Arc<Outline>,
}

impl SourceFile {
    /// Outlines `text` into a snapshot.
    pub fn parse(text: &str) -> SourceFile {
        SourceFile::from_string(text.to_string())
    }

    /// Outlines `text` into a snapshot, taking the string without copying it.
    pub fn from_string(text: String) -> SourceFile {
        let outline = Outline::parse(&text);
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
