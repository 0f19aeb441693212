//! What the server holds: open documents and what was negotiated at `initialize`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use dashmap::DashMap;
use execplan_ide::{AnalysisConfig, RepoFiles, Settings};
use execplan_syntax::{Document, SourceFile};
use ropey::Rope;
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
    /// Whether `shutdown` was requested: the exit code is 0 only then.
    pub shutdown_requested: AtomicBool,
    /// What the client said it can do, at `initialize`.
    pub features: OnceLock<ClientFeatures>,
    /// The editor's `execplan` settings (`initializationOptions`, then
    /// `workspace/didChangeConfiguration`); `.execplan.toml` wins over them.
    pub editor_settings: RwLock<Settings>,
    /// Repository settings by document directory and by repository, loaded once each, so
    /// a keystroke never reads the disk.
    pub repos_by_dir: DashMap<PathBuf, Arc<RepoSettings>>,
    pub repos_by_root: DashMap<PathBuf, Arc<RepoSettings>>,
    /// One file index per repository root, built once and kept current from saves and
    /// file events, so no request walks the disk. Diagnostics and editing features
    /// share it.
    pub repos: RwLock<HashMap<PathBuf, Arc<RepoFiles>>>,
    /// Workspace roots whose index is being built in the background. Until it is ready
    /// their documents are analysed without path rules (never against a partial index),
    /// and push clients get no diagnostics for them yet.
    pub indexing: Mutex<HashSet<PathBuf>>,
    /// The markdown files of the workspace roots as they are on disk, parsed, kept
    /// current from file events: the workspace's plans for `workspace/diagnostic`,
    /// references, workspace symbols and renames. An open document wins over its entry.
    pub disk: RwLock<HashMap<PathBuf, SourceFile>>,
    /// Woken whenever a root leaves `indexing` (its index installed or the root removed).
    pub index_changed: tokio::sync::Notify,
    /// Each repository root's commit history at its last known HEAD, for `stale-plan`.
    pub histories: DashMap<PathBuf, Arc<super::staleness::RootHistory>>,
    /// Each plan's stale commits (0 when it is not stale), by absolute path, for the code
    /// lens and `execplan/plans`: found in the background with the history.
    pub stale_counts: DashMap<PathBuf, u32>,
    /// The rows of `execplan/plans` last computed, by document, so a change is announced
    /// (`execplan/plansChanged`) only when a row differs.
    pub plan_rows: Mutex<HashMap<Uri, super::plans::PlanRow>>,
    /// Documents changed since the last `execplan/plansChanged` check.
    pub plans_dirty: Mutex<HashSet<Uri>>,
    /// Something that may change every row changed since the last check.
    pub plans_all_dirty: AtomicBool,
    /// Counts changes, so only the last of a burst sends the notification.
    pub plans_generation: AtomicU64,
}

/// How long a request that needs a workspace folder's index waits for it to be built;
/// after that it is answered from what is known (and a warning logged).
pub const INDEX_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Client capabilities the editing features depend on.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientFeatures {
    pub snippets: bool,
    pub document_changes: bool,
    pub create_files: bool,
    /// `textDocument.diagnostic`: diagnostics are pulled, never pushed.
    pub pull_diagnostics: bool,
    /// `workspace.diagnostics.refreshSupport`.
    pub diagnostic_refresh: bool,
    /// `workspace.didChangeWatchedFiles.dynamicRegistration`.
    pub watch_files: bool,
    /// `window.workDoneProgress`.
    pub work_done_progress: bool,
    /// `workspace.inlayHint.refreshSupport`.
    pub inlay_hint_refresh: bool,
}

/// An open document as one request sees it.
pub struct Snapshot {
    pub file: SourceFile,
    pub rope: Rope,
    pub version: i32,
    /// The server's own change counter for this text (see [`OpenDocument::revision`]).
    pub revision: u64,
    /// This text's diagnostics, when they were already computed (for publishing or a
    /// pull), so code actions need not analyse it again.
    pub diagnostics: Option<Arc<Vec<execplan_ide::Diagnostic>>>,
}

/// What a request about an open document works with: its snapshot, repository and
/// configuration, taken together so every handler sees the same state.
pub struct RequestContext {
    pub snapshot: Snapshot,
    pub repo: Option<RepoContext>,
    pub config: AnalysisConfig,
    pub encoding: PositionEncoding,
}

impl RequestContext {
    /// The analysis's editing context, stamped now, with the repository's files.
    pub fn edit_context(&self) -> execplan_ide::EditContext<'_> {
        let mut ctx = execplan_ide::EditContext::new(&self.config, execplan_ide::UtcMinute::now());
        ctx.repo = self.repo.as_ref().map(|r| &*r.files);
        ctx.doc_dir = self.repo.as_ref().map(|r| r.doc_dir.as_str());
        ctx
    }

    pub fn offset(&self, position: tower_lsp_server::ls_types::Position) -> usize {
        crate::position::offset(&self.snapshot.rope, position, self.encoding)
    }
}

/// The repository an open document belongs to.
pub struct RepoContext {
    pub root: PathBuf,
    pub files: Arc<RepoFiles>,
    /// The document's folder, relative to the root.
    pub doc_dir: String,
}

impl State {
    pub fn encoding(&self) -> PositionEncoding {
        self.encoding.get().copied().unwrap_or_default()
    }

    pub fn set_encoding(&self, encoding: PositionEncoding) {
        let _ = self.encoding.set(encoding);
    }

    pub fn features(&self) -> ClientFeatures {
        self.features.get().copied().unwrap_or_default()
    }

    /// The analysis configuration for a document: its repository's settings and
    /// standard over the editor's, and its repository's file index. Diagnostics and
    /// every editing feature use this one configuration.
    pub fn config_for(&self, uri: &Uri) -> AnalysisConfig {
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            let mut config = self.config.clone();
            // "Now" moves on while the server runs.
            config.now = execplan_ide::UtcMinute::now();
            let editor = self
                .editor_settings
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            config.apply(&editor, execplan_ide::Standard::default());
            return config;
        };
        self.analysis_config(&self.repo_settings(&path).0, &path)
    }

    /// `settings.analysis_config(path)` with the live file index of its repository.
    pub fn analysis_config(
        &self,
        settings: &RepoSettings,
        path: &std::path::Path,
    ) -> AnalysisConfig {
        let mut config = settings.analysis_config(path);
        if let Some(root) = &settings.root {
            if !self.is_indexing(root) {
                config.repo = Some(self.repo_index(root));
            }
        }
        config
    }

    /// The current text of an open document; `None` when it is not open or too large
    /// to parse.
    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let open = self.documents.get(uri)?;
        let diagnostics = open
            .analysed
            .as_ref()
            .filter(|(revision, _)| *revision == open.revision)
            .map(|(_, found)| found.clone());
        Some(Snapshot {
            file: open.document.snapshot()?,
            rope: open.document.rope().clone(),
            version: open.version,
            revision: open.revision,
            diagnostics,
        })
    }

    /// The context for a request about the open document `uri`; `None` when it is not
    /// open (or too large to parse).
    pub fn request(&self, uri: &Uri) -> Option<RequestContext> {
        Some(RequestContext {
            snapshot: self.snapshot(uri)?,
            repo: self.repo_for(uri),
            config: self.config_for(uri),
            encoding: self.encoding(),
        })
    }

    /// Keeps the diagnostics computed for revision `revision` of an open document, unless
    /// it has changed since.
    pub fn remember_diagnostics(
        &self,
        uri: &Uri,
        revision: u64,
        found: &[execplan_ide::Diagnostic],
    ) {
        if let Some(mut open) = self.documents.get_mut(uri) {
            if open.revision == revision {
                open.analysed = Some((revision, Arc::new(found.to_vec())));
            }
        }
    }

    /// The repository holding `uri`, its index built on first use.
    pub fn repo_for(&self, uri: &Uri) -> Option<RepoContext> {
        let path = uri.to_file_path()?.into_owned();
        let roots = self.roots.read().unwrap_or_else(|e| e.into_inner()).clone();
        let root = crate::workspace::repo_root(&path, &roots)?;
        let doc_dir = path
            .parent()
            .and_then(|p| p.strip_prefix(&root).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        Some(RepoContext {
            files: self.repo_index(&root),
            root,
            doc_dir,
        })
    }

    /// The file index of `root`; an empty one while the background indexer builds it, so
    /// a request never walks the disk twice or waits for the walk.
    pub fn repo_index(&self, root: &PathBuf) -> Arc<RepoFiles> {
        if self.is_indexing(root) {
            return Arc::default();
        }
        if let Some(found) = self
            .repos
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(root)
        {
            return found.clone();
        }
        let built = Arc::new(crate::workspace::index_repo(root));
        self.repos
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .entry(root.clone())
            .or_insert(built)
            .clone()
    }

    pub fn is_indexing(&self, root: &Path) -> bool {
        self.indexing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(root)
    }

    /// Whether the document at `path` belongs to a root still being indexed.
    pub fn awaits_index(&self, path: &Path) -> bool {
        self.indexing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(|root| path.starts_with(root))
    }

    /// Waits until the index of the root holding `path` (of every root, for `None`) is
    /// built, so a request that needs it never answers from a partial one. Bounded by
    /// [`INDEX_WAIT`]; a request cancelled by `$/cancelRequest` stops waiting with it
    /// (the request's future is dropped).
    pub async fn index_ready(&self, path: Option<&Path>) {
        let deadline = tokio::time::Instant::now() + INDEX_WAIT;
        loop {
            let changed = self.index_changed.notified();
            tokio::pin!(changed);
            // Registered before looking, so an index installed in between is not missed.
            changed.as_mut().enable();
            let waiting = match path {
                Some(path) => self.awaits_index(path),
                None => !self
                    .indexing
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .is_empty(),
            };
            if !waiting {
                return;
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                tracing::warn!(
                    waited = ?INDEX_WAIT,
                    "the workspace index is still being built; answering without it"
                );
                return;
            }
        }
    }

    /// [`State::index_ready`] for the document `uri` (a document that is no file uses
    /// no index).
    pub async fn index_ready_for(&self, uri: &Uri) {
        if let Some(path) = uri.to_file_path() {
            self.index_ready(Some(&path)).await;
        }
    }

    /// The workspace roots, as the client named them.
    pub fn roots(&self) -> Vec<PathBuf> {
        self.roots.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Installs the index the background indexer built for `root`.
    pub fn install_index(&self, root: &Path, index: crate::workspace::RootIndex) {
        if !self.roots().iter().any(|r| r == root) {
            // The folder was removed while it was indexed.
            return;
        }
        self.repos
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(root.to_path_buf(), Arc::new(index.files));
        {
            let mut disk = self.disk.write().unwrap_or_else(|e| e.into_inner());
            disk.retain(|path, _| !path.starts_with(root));
            disk.extend(index.documents);
        }
        self.indexing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(root);
        self.index_changed.notify_waiters();
    }

    /// Forgets everything known about a workspace folder the client removed.
    pub fn forget_root(&self, root: &Path) {
        self.repos
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(root);
        self.disk
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|path, _| !path.starts_with(root));
        self.indexing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(root);
        self.index_changed.notify_waiters();
    }

    /// Re-reads a markdown file of a workspace root into the disk index, or drops it.
    pub fn reload_markdown(&self, path: &Path) {
        let root = self.roots().into_iter().find(|r| path.starts_with(r));
        let parsed = root.and_then(|root| crate::workspace::read_markdown(&root, path));
        let mut disk = self.disk.write().unwrap_or_else(|e| e.into_inner());
        match parsed {
            Some(file) => {
                disk.insert(path.to_path_buf(), file);
            }
            None => {
                disk.remove(path);
            }
        }
    }

    /// Drops from the indexes everything under `path`, a folder that was deleted.
    pub fn forget_under(&self, path: &Path) {
        self.disk
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|p, _| !p.starts_with(path));
        let mut repos = self.repos.write().unwrap_or_else(|e| e.into_inner());
        for (root, files) in repos.iter_mut() {
            let Ok(relative) = path.strip_prefix(root) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if !relative.is_empty() && files.is_dir(&relative) {
                Arc::make_mut(files).remove_dir(&relative);
            }
        }
    }

    /// Every markdown document of the workspace: open documents (their current text and
    /// version) and, for the rest, the disk index. Sorted by path.
    pub fn workspace_documents(&self) -> Vec<WorkspaceDocument> {
        let mut out: HashMap<Uri, WorkspaceDocument> = HashMap::new();
        for (path, file) in self.disk.read().unwrap_or_else(|e| e.into_inner()).iter() {
            if let Some(uri) = Uri::from_file_path(path) {
                out.insert(
                    uri.clone(),
                    WorkspaceDocument {
                        uri,
                        path: Some(path.clone()),
                        file: file.clone(),
                        version: None,
                    },
                );
            }
        }
        let roots = self.roots();
        for open in self.documents.iter() {
            let path = open.key().to_file_path().map(|p| p.into_owned());
            let inside = path
                .as_ref()
                .is_some_and(|p| roots.iter().any(|r| p.starts_with(r)));
            let Some(file) = open.document.snapshot().filter(|_| inside) else {
                continue;
            };
            out.insert(
                open.key().clone(),
                WorkspaceDocument {
                    uri: open.key().clone(),
                    path,
                    file,
                    version: Some(open.version),
                },
            );
        }
        let mut out: Vec<WorkspaceDocument> = out.into_values().collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// Records that `path` now exists (`true`) or not, in the index of its repository.
    pub fn note_file(&self, path: &std::path::Path, exists: bool) {
        let mut repos = self.repos.write().unwrap_or_else(|e| e.into_inner());
        for (root, files) in repos.iter_mut() {
            let Ok(relative) = path.strip_prefix(root) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            let files = Arc::make_mut(files);
            if exists {
                files.insert_file(&relative);
            } else {
                files.remove_file(&relative);
            }
        }
    }

    /// The settings of the repository holding the file at `path`, loaded on first use. The second value is true when they were just loaded.
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
        // The file index is not loaded here: `repo_index` keeps one per root, shared
        // with the editing features and kept current from file events.
        let loaded = RepoSettings::load(path, &roots, &editor, false);
        let key = loaded
            .config_file
            .clone()
            .or(loaded.root.clone())
            .unwrap_or_else(|| dir.clone());
        let mut fresh = false;
        let settings = self
            .repos_by_root
            .entry(key)
            .or_insert_with(|| {
                fresh = true;
                Arc::new(loaded)
            })
            .clone();
        self.repos_by_dir.insert(dir, settings.clone());
        (settings, fresh)
    }

    /// The settings `repo_settings` would give, without caching them when they are not
    /// loaded yet: for background work, which must not take the first load (and so the
    /// publishing of the configuration's errors) from the document's own analysis.
    pub fn repo_settings_peek(&self, path: &std::path::Path) -> Arc<RepoSettings> {
        let dir = path
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        if let Some(found) = self.repos_by_dir.get(&dir) {
            return found.clone();
        }
        let roots = self.roots.read().unwrap_or_else(|e| e.into_inner()).clone();
        let editor = self
            .editor_settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        Arc::new(RepoSettings::load(path, &roots, &editor, false))
    }

    /// Forgets every repository's settings and index (the settings changed).
    pub fn forget_repos(&self) {
        crate::settings::forget_standards();
        self.repos_by_dir.clear();
        self.repos_by_root.clear();
    }
}

/// A markdown document of the workspace as a request sees it.
pub struct WorkspaceDocument {
    pub uri: Uri,
    pub path: Option<PathBuf>,
    pub file: SourceFile,
    /// The editor's version when the document is open.
    pub version: Option<i32>,
}

/// An open document: its text (and outline), the client's version, and which revision's
/// diagnostics were last published, so an older result never overwrites a newer one.
pub struct OpenDocument {
    pub document: Document,
    /// The client's version number, echoed in published diagnostics.
    pub version: i32,
    /// Counts the changes applied here. Unlike the client's version it always increases,
    /// even when a confused client sends a lower version.
    pub revision: u64,
    pub published: Arc<tokio::sync::Mutex<Option<u64>>>,
    /// The last diagnostics computed and the revision they belong to.
    pub analysed: Option<(u64, Arc<Vec<execplan_ide::Diagnostic>>)>,
    /// What the last analysis leaves for the next one (`execplan_ide::Reusable`).
    pub reusable: Option<Arc<execplan_ide::Reusable>>,
    /// The plan's staleness, found in the background (`staleness::update`).
    pub staleness: Option<Arc<execplan_ide::history::Staleness>>,
}
