//! What the server holds: open documents and what was negotiated at `initialize`.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock, RwLock};

use dashmap::DashMap;
use execplan_ide::AnalysisConfig;
use execplan_syntax::Document;
use tower_lsp_server::ls_types::Uri;

use crate::position::PositionEncoding;

#[derive(Default)]
pub struct State {
    pub documents: DashMap<Uri, OpenDocument>,
    encoding: OnceLock<PositionEncoding>,
    pub config: AnalysisConfig,
    /// The workspace folders the client named at `initialize` (or its root URI).
    pub roots: RwLock<Vec<PathBuf>>,
    /// Whether `shutdown` was requested: the exit code is 0 only then.
    pub shutdown_requested: AtomicBool,
}

impl State {
    pub fn encoding(&self) -> PositionEncoding {
        self.encoding.get().copied().unwrap_or_default()
    }

    pub fn set_encoding(&self, encoding: PositionEncoding) {
        let _ = self.encoding.set(encoding);
    }
}

/// An open document: its text and tree, the client's version, and which revision's
/// diagnostics were last published, so an older result never overwrites a newer one.
pub struct OpenDocument {
    pub document: Document,
    /// The client's version number, echoed in published diagnostics.
    pub version: i32,
    /// Counts the changes applied here. Unlike the client's version it always increases,
    /// even when a confused client sends a lower version.
    pub revision: u64,
    pub published: Arc<tokio::sync::Mutex<Option<u64>>>,
}
