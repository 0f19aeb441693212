//! What the server holds: open documents and what was negotiated at `initialize`.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock, RwLock};

use dashmap::DashMap;
use execplan_ide::{AnalysisConfig, Settings};
use execplan_syntax::Document;
use tower_lsp_server::ls_types::Uri;

use crate::position::PositionEncoding;
use crate::settings::RepoSettings;

#[derive(Default)]
pub struct State {
    pub documents: DashMap<Uri, OpenDocument>,
    encoding: OnceLock<PositionEncoding>,
    pub config: AnalysisConfig,
    /// The workspace folders the client named at `initialize` (or its root URI).
    pub roots: RwLock<Vec<PathBuf>>,
    /// The editor's `execplan` settings (`initializationOptions`, then
    /// `workspace/didChangeConfiguration`); `.execplan.toml` wins over them.
    pub editor_settings: RwLock<Settings>,
    /// Repository settings and file index by document directory, so a keystroke never
    /// walks the disk; each repository's index is built once, on its first document.
    pub repos_by_dir: DashMap<PathBuf, Arc<RepoSettings>>,
    pub repos_by_root: DashMap<PathBuf, Arc<RepoSettings>>,
}

impl State {
    pub fn encoding(&self) -> PositionEncoding {
        self.encoding.get().copied().unwrap_or_default()
    }

    pub fn set_encoding(&self, encoding: PositionEncoding) {
        let _ = self.encoding.set(encoding);
    }

    /// The settings of the repository holding the file at `path`, loaded (and its files
    /// indexed) on first use. The second value is true when they were just loaded.
    pub fn repo_settings(&self, path: &std::path::Path) -> (Arc<RepoSettings>, bool) {
        let dir = path
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        if let Some(found) = self.repos_by_dir.get(&dir) {
            return (found.clone(), false);
        }
        let roots = self.roots.read().unwrap_or_else(|e| e.into_inner()).clone();
        let editor = self
            .editor_settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let light = RepoSettings::load(path, &roots, &editor, false);
        let key = light
            .config_file
            .clone()
            .or(light.root.clone())
            .unwrap_or_else(|| dir.clone());
        let mut fresh = false;
        let settings = self
            .repos_by_root
            .entry(key)
            .or_insert_with(|| {
                fresh = true;
                Arc::new(RepoSettings::load(path, &roots, &editor, true))
            })
            .clone();
        self.repos_by_dir.insert(dir, settings.clone());
        (settings, fresh)
    }

    /// Forgets every repository's settings and index (the settings changed).
    pub fn forget_repos(&self) {
        self.repos_by_dir.clear();
        self.repos_by_root.clear();
    }
}

/// An open document: its text and tree, the client's version, and the version whose
/// diagnostics were last published, so an older result never overwrites a newer one.
pub struct OpenDocument {
    pub document: Document,
    pub version: i32,
    pub published: Arc<tokio::sync::Mutex<Option<i32>>>,
}
