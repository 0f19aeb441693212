//! An immutable, analysable snapshot of a text.

use std::sync::Arc;

use crate::blocks::{Dirty, Previous, Resync, Scanned};
use crate::Outline;

/// A text with its outline. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SourceFile {
    text: Arc<str>,
    outline: Arc<Outline>,
    /// Where a rescan of an edited copy may restart: see `blocks::Resync`.
    resync: Arc<Resync>,
}

impl SourceFile {
    /// Outlines `text` into a snapshot.
    pub fn parse(text: &str) -> SourceFile {
        SourceFile::from_string(text.to_string())
    }

    /// Outlines `text` into a snapshot.
    pub fn from_string(text: String) -> SourceFile {
        let scanned = Outline::parse_scanned(&text);
        SourceFile::new(text, scanned)
    }

    /// Outlines `text`, which is `previous`'s text changed by `dirty`, rescanning only
    /// around the change.
    pub(crate) fn reparse(text: String, previous: &SourceFile, dirty: Dirty) -> SourceFile {
        let previous = Previous {
            outline: &previous.outline,
            resync: &previous.resync,
        };
        let scanned = Outline::reparse(&text, previous, dirty);
        SourceFile::new(text, scanned)
    }

    fn new(text: String, scanned: Scanned) -> SourceFile {
        SourceFile {
            text: text.into(),
            outline: Arc::new(scanned.outline),
            resync: Arc::new(scanned.resync),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn outline(&self) -> &Outline {
        &self.outline
    }
}
