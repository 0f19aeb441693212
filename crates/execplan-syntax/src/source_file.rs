//! An immutable, analysable snapshot of a text.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::blocks::{Resync, Scanned};
use crate::rescan::Dirty;
use crate::{Outline, TextRange};

/// A text with its outline. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SourceFile {
    text: Arc<String>,
    outline: Arc<Outline>,
    /// Where a rescan of an edited copy may restart: see `blocks::Resync`.
    resync: Arc<Resync>,
    /// Unique to this snapshot: what a later snapshot's [`Changed::from`] names.
    id: u64,
    changed: Option<Changed>,
}

/// How a snapshot differs from the one it was rescanned from: outside `window` the two
/// outlines are the same, with everything from `window.end` on moved by `delta` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The [`SourceFile::id`] of the earlier snapshot.
    pub from: u64,
    /// The rescanned part of this snapshot's text; it starts and ends at line starts.
    pub window: TextRange,
    /// This text's length minus the earlier one's.
    pub delta: isize,
}

/// What a document keeps of its last snapshot to rescan the next one: the outline and
/// restart points, not the text (so the text can be edited in place).
#[derive(Debug, Clone)]
pub(crate) struct Base {
    outline: Arc<Outline>,
    resync: Arc<Resync>,
    id: u64,
}

fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl SourceFile {
    /// Outlines `text` into a snapshot.
    pub fn parse(text: &str) -> SourceFile {
        SourceFile::from_shared(Arc::new(text.to_string()))
    }

    /// Outlines a text shared with the document it is a snapshot of.
    pub(crate) fn from_shared(text: Arc<String>) -> SourceFile {
        let scanned = Outline::parse_scanned(&text);
        SourceFile::new(text, scanned, None)
    }

    /// Outlines `text`, which is `base`'s text changed by `dirty`, rescanning only around
    /// the change. The base's outline is reworked in place when nothing else holds it.
    pub(crate) fn reparse(text: Arc<String>, base: Base, dirty: Dirty) -> SourceFile {
        let previous = Scanned {
            outline: Arc::try_unwrap(base.outline).unwrap_or_else(|shared| (*shared).clone()),
            resync: Arc::try_unwrap(base.resync).unwrap_or_else(|shared| (*shared).clone()),
            lines_scanned: 0,
        };
        let base_id = base.id;
        let (scanned, window) = Outline::reparse(&text, previous, dirty);
        let changed = window.map(|window| Changed {
            from: base_id,
            window,
            delta: dirty.new_end as isize - dirty.old_end as isize,
        });
        SourceFile::new(text, scanned, changed)
    }

    fn new(text: Arc<String>, scanned: Scanned, changed: Option<Changed>) -> SourceFile {
        SourceFile {
            text,
            outline: Arc::new(scanned.outline),
            resync: Arc::new(scanned.resync),
            id: next_id(),
            changed,
        }
    }

    /// What a document keeps of this snapshot once its text is edited.
    pub(crate) fn base(&self) -> Base {
        Base {
            outline: Arc::clone(&self.outline),
            resync: Arc::clone(&self.resync),
            id: self.id,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn outline(&self) -> &Outline {
        &self.outline
    }

    /// Unique to this snapshot.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// How this snapshot differs from the one it was rescanned from, when it was.
    pub fn changed(&self) -> Option<&Changed> {
        self.changed.as_ref()
    }
}
