//! The workspace as a whole: indexing the folders in the background (with `$/progress`),
//! folders added and removed (`workspace/didChangeWorkspaceFolders`), file events
//! (`workspace/didChangeWatchedFiles`, registered dynamically when the client can), and
//! telling clients when diagnostics must be computed again.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use tower_lsp_server::ls_types::*;

use super::{diagnostics, Backend};
use crate::settings::CONFIG_FILE;
use crate::workspace::{index_root, is_markdown};

/// How long a client may take to accept a progress token.
const PROGRESS_ANSWER: std::time::Duration = std::time::Duration::from_secs(5);

/// Indexes `roots` on blocking threads, reporting `$/progress` to clients that accept
/// work-done progress; requests and `didChange` are served meanwhile. When done,
/// diagnostics are pushed (or a refresh is asked for) for what waited on the index.
pub fn start_indexing(backend: &Backend, roots: Vec<PathBuf>) {
    if roots.is_empty() {
        return;
    }
    let backend = backend.clone();
    tokio::spawn(async move {
        static NEXT_TOKEN: AtomicU64 = AtomicU64::new(1);
        let token = NumberOrString::String(format!(
            "execplan/index/{}",
            NEXT_TOKEN.fetch_add(1, Ordering::Relaxed)
        ));
        // A client that never answers must not hold the index (and the diagnostics
        // waiting on it) back: give it a few seconds, then index without progress.
        let created = tokio::time::timeout(
            PROGRESS_ANSWER,
            backend.client.create_work_done_progress(token.clone()),
        );
        let progress =
            if backend.state.features().work_done_progress && matches!(created.await, Ok(Ok(()))) {
                Some(
                    backend
                        .client
                        .progress(token, "Indexing ExecPlans")
                        .with_percentage(0)
                        .begin()
                        .await,
                )
            } else {
                None
            };
        let count = roots.len();
        for (done, root) in roots.into_iter().enumerate() {
            let walked = root.clone();
            let started = std::time::Instant::now();
            let index = match tokio::task::spawn_blocking(move || index_root(&walked)).await {
                Ok(index) => index,
                Err(error) => {
                    tracing::error!(%error, root = %root.display(), "indexing failed");
                    backend.state.forget_root(&root);
                    continue;
                }
            };
            tracing::info!(
                root = %root.display(),
                files = index.files.len(),
                markdown = index.documents.len(),
                elapsed = ?started.elapsed(),
                "indexed"
            );
            backend.state.install_index(&root, index);
            if let Some(progress) = &progress {
                let percentage = ((done + 1) * 100 / count) as u32;
                progress
                    .report_with_message(format!("{}", root.display()), percentage)
                    .await;
            }
        }
        if let Some(progress) = progress {
            progress.finish_with_message("indexed").await;
        }
        super::plans::workspace_changed(&backend);
        diagnostics::refresh(&backend).await;
    });
}

/// Asks the client to watch what diagnostics depend on: markdown (plans and links),
/// `.execplan.toml`, the standard, and every file (a referenced path's existence).
pub async fn register_watchers(backend: &Backend) {
    if !backend.state.features().watch_files {
        return;
    }
    let globs = [
        "**/*.md",
        "**/*.markdown",
        "**/.execplan.toml",
        "**/PLANS.md",
        "**/*",
    ];
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: globs
            .iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_string()),
                kind: None,
            })
            .collect(),
    };
    let registration = Registration {
        id: "execplan/watched-files".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(error) = backend.client.register_capability(vec![registration]).await {
        tracing::warn!(%error, "the client refused to watch files");
    }
}

pub async fn did_change_workspace_folders(
    backend: &Backend,
    params: DidChangeWorkspaceFoldersParams,
) {
    let paths = |folders: Vec<WorkspaceFolder>| -> Vec<PathBuf> {
        folders
            .into_iter()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect()
    };
    let removed = paths(params.event.removed);
    let added = paths(params.event.added);
    {
        let mut roots = backend
            .state
            .roots
            .write()
            .unwrap_or_else(|e| e.into_inner());
        roots.retain(|r| !removed.contains(r));
        for root in &added {
            if !roots.contains(root) {
                roots.push(root.clone());
            }
        }
    }
    for root in &removed {
        backend.state.forget_root(root);
    }
    backend
        .state
        .indexing
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .extend(added.iter().cloned());
    // Which root holds a document, and so its settings, may have changed.
    backend.state.forget_repos();
    start_indexing(backend, added);
    super::plans::workspace_changed(backend);
    diagnostics::refresh(backend).await;
}

/// What one batch of file events changed.
#[derive(Default)]
struct Changed {
    /// Anything a diagnostic depends on.
    diagnostics: bool,
    /// `.execplan.toml` or the standard: settings are read again.
    settings: Vec<PathBuf>,
    /// A markdown file (a plan, perhaps): the plans listed may have changed.
    markdown: bool,
}

/// Keeps the file index and the disk copies of markdown current, re-reads settings when
/// the config or the standard changed, then has diagnostics computed again.
pub async fn did_change_watched_files(backend: &Backend, params: DidChangeWatchedFilesParams) {
    let state = backend.state.clone();
    // New commits (HEAD or a ref moved) change staleness, not the files the plans name.
    let mut moved: Vec<PathBuf> = Vec::new();
    let mut changes = params.changes;
    changes.retain(|change| {
        let path = change.uri.to_file_path();
        let root = path.as_deref().and_then(super::staleness::moved_root);
        let in_git = path.is_some_and(|p| p.components().any(|c| c.as_os_str() == ".git"));
        if let Some(root) = root {
            if !moved.contains(&root) {
                moved.push(root);
            }
        }
        !in_git
    });
    for root in &moved {
        super::staleness::history_moved(backend, root);
    }
    let changed = tokio::task::spawn_blocking(move || {
        let mut changed = Changed::default();
        for change in changes {
            let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
                continue;
            };
            if !state.roots().iter().any(|r| path.starts_with(r)) {
                continue;
            }
            if change.typ != FileChangeType::CHANGED {
                note_file(&state, &path);
                changed.diagnostics = true;
            }
            let name = path.to_string_lossy();
            if is_markdown(&name) {
                state.reload_markdown(&path);
                changed.diagnostics = true;
                changed.markdown = true;
            }
            if is_settings_file(&state, &path) {
                changed.settings.push(path);
                changed.diagnostics = true;
            }
        }
        changed
    })
    .await
    .unwrap_or_default();
    if !changed.settings.is_empty() {
        settings_changed(backend, &changed.settings).await;
    }
    if changed.markdown || !changed.settings.is_empty() {
        super::plans::workspace_changed(backend);
    }
    if changed.diagnostics {
        diagnostics::refresh(backend).await;
    }
}

/// `.execplan.toml` or a standard changed: every repository's settings are read again,
/// and a push client gets the config's errors (or an empty list, which clears them).
pub async fn settings_changed(backend: &Backend, files: &[PathBuf]) {
    backend.state.forget_repos();
    for file in files {
        if file.file_name().is_some_and(|n| n == CONFIG_FILE) {
            if file.is_file() {
                let (settings, _) = backend.state.repo_settings(file);
                diagnostics::publish_config_errors(backend, &settings).await;
            } else if let Some(uri) = Uri::from_file_path(file) {
                if !backend.state.features().pull_diagnostics {
                    backend
                        .client
                        .publish_diagnostics(uri, Vec::new(), None)
                        .await;
                }
            }
        }
    }
}

/// `.execplan.toml`, a `PLANS.md`, or the file a repository's `standard` setting names.
pub fn is_settings_file(state: &super::state::State, path: &Path) -> bool {
    if path
        .file_name()
        .is_some_and(|n| n == CONFIG_FILE || n == "PLANS.md")
    {
        return true;
    }
    state
        .repos_by_root
        .iter()
        .any(|repo| match (&repo.root, &repo.settings.standard) {
            (Some(root), Some(standard)) => root.join(standard) == path,
            _ => false,
        })
}

/// A regular file (never a symlink) is indexed; a folder that appeared is walked and its
/// files indexed (its markdown read); anything else is dropped from the index, with
/// everything under it.
pub fn note_file(state: &super::state::State, path: &Path) {
    let meta = std::fs::symlink_metadata(path).ok();
    if meta.as_ref().is_some_and(|m| m.is_dir()) {
        let found = crate::workspace::index_repo(path);
        for file in found.files() {
            let file = path.join(file);
            state.note_file(&file, true);
            if is_markdown(&file.to_string_lossy()) {
                state.reload_markdown(&file);
            }
        }
        return;
    }
    let exists = meta.is_some_and(|m| m.is_file());
    if !exists {
        state.forget_under(path);
    }
    state.note_file(path, exists);
}
