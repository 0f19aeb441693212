//! `stale-plan` in the editor. The repository's history is read with git in the
//! background, once per HEAD (HEAD is asked for when a plan is saved and when the client
//! reports a change under `.git/` to HEAD or the refs; a plan opened uses the history
//! known, shortly after its first answers), and each open plan's staleness is found then.
//! A keystroke only re-anchors the finding already found
//! (`execplan_ide::history::stale_finding`): it never runs git or scans the plan.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use execplan_ide::history::{plan_staleness, stale_count, RepoHistory, Staleness};
use tower_lsp_server::ls_types::Uri;

use super::state::State;
use super::{diagnostics, Backend};

/// A root's history as of one HEAD.
pub struct RootHistory {
    pub head: String,
    pub history: Arc<RepoHistory>,
}

/// How long after a plan opens its staleness is looked for: the editor's first requests
/// on a new document come in this window, and git must not compete with them.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(250);

/// When the history is looked for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// The plan was opened: a history already read serves (HEAD moving is watched).
    Known,
    /// Saved, or HEAD or a ref moved: ask git where HEAD is now.
    Recheck,
}

/// Finds the staleness of the open plan at `uri` in the background, then publishes its
/// diagnostics again when the finding changed.
pub fn update(backend: &Backend, uri: Uri, head: Head) {
    let backend = backend.clone();
    tokio::spawn(async move {
        if head == Head::Known {
            tokio::time::sleep(SETTLE).await;
        }
        let state = backend.state.clone();
        let key = uri.clone();
        let (changed, counts_changed) =
            tokio::task::spawn_blocking(move || find(&state, &key, head))
                .await
                .unwrap_or((false, false));
        if counts_changed {
            super::plans::workspace_changed(&backend);
        }
        if changed {
            if backend.state.features().pull_diagnostics {
                diagnostics::refresh(&backend).await;
            } else {
                diagnostics::publish(&backend, uri).await;
            }
        }
    });
}

/// HEAD or the refs of `root` moved: every open plan under it is measured again.
pub fn history_moved(backend: &Backend, root: &Path) {
    let uris: Vec<Uri> = backend
        .state
        .documents
        .iter()
        .filter(|d| d.key().to_file_path().is_some_and(|p| p.starts_with(root)))
        .map(|d| d.key().clone())
        .collect();
    for uri in uris {
        update(backend, uri, Head::Recheck);
    }
}

/// Whether a watched path is git's record of HEAD or of a ref, and so of new commits;
/// with the repository root it belongs to.
pub fn moved_root(path: &Path) -> Option<PathBuf> {
    let text = path.to_string_lossy().replace('\\', "/");
    let (root, inside) = text.split_once("/.git/")?;
    let moved = inside == "HEAD"
        || inside == "packed-refs"
        || inside.starts_with("refs/")
        || inside == "ORIG_HEAD";
    moved.then(|| PathBuf::from(root))
}

/// Computes and stores the document's staleness; whether it changed, and whether the
/// stale counts of the workspace's plans changed (a new history measures them all).
fn find(state: &State, uri: &Uri, head: Head) -> (bool, bool) {
    let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
        return (false, false);
    };
    let settings = state.repo_settings_peek(&path);
    let mut counts_changed = false;
    let found = settings.root.as_deref().and_then(|root| {
        let (history, fresh) = history_of(state, root, head)?;
        if fresh {
            counts_changed |= measure_workspace(state, root, &history);
        }
        let snapshot = state.snapshot(uri)?;
        let config = state.analysis_config(&settings, &path);
        let plan_path = config.document_path.clone()?;
        let found = plan_staleness(&snapshot.file, &config, &history, &plan_path)?;
        let count = stale_count(&snapshot.file, &config, &found);
        counts_changed |= state.stale_counts.insert(path.clone(), count) != Some(count);
        Some(Arc::new(found))
    });
    let Some(mut open) = state.documents.get_mut(uri) else {
        return (false, counts_changed);
    };
    let same = match (&open.staleness, &found) {
        (Some(a), Some(b)) => a == b,
        (None, None) => true,
        _ => false,
    };
    open.staleness = found;
    (!same, counts_changed)
}

/// Measures every plan of the workspace under `root` against a newly read history, for
/// the code lens and `execplan/plans`; whether a count changed.
fn measure_workspace(state: &State, root: &Path, history: &RepoHistory) -> bool {
    let mut changed = false;
    for document in state.workspace_documents() {
        let Some(path) = document.path.as_deref().filter(|p| p.starts_with(root)) else {
            continue;
        };
        // Peeked, not loaded: see `find`.
        let settings = state.repo_settings_peek(path);
        if settings.is_excluded(path) {
            continue;
        }
        let config = state.analysis_config(&settings, path);
        let name = super::diagnostics::file_name(&document.uri);
        let is_plan = execplan_ide::detect_plan(&document.file, &name, &config).is_plan()
            || settings.is_configured_plan(path);
        if !is_plan {
            continue;
        }
        let Some(plan_path) = config.document_path.clone() else {
            continue;
        };
        let count = plan_staleness(&document.file, &config, history, &plan_path)
            .map_or(0, |found| stale_count(&document.file, &config, &found));
        changed |= state.stale_counts.insert(path.to_path_buf(), count) != Some(count);
    }
    changed
}

/// The history of `root`: the one known (`Head::Known`), else at the HEAD git names now,
/// read again only when HEAD moved; and whether it was just read.
fn history_of(state: &State, root: &Path, recheck: Head) -> Option<(Arc<RepoHistory>, bool)> {
    if recheck == Head::Known {
        if let Some(known) = state.histories.get(root) {
            return Some((known.history.clone(), false));
        }
    }
    let head = crate::history::head(root)?;
    if let Some(known) = state.histories.get(root) {
        if known.head == head {
            return Some((known.history.clone(), false));
        }
    }
    let history = Arc::new(crate::history::read(root)?);
    state.histories.insert(
        root.to_path_buf(),
        Arc::new(RootHistory {
            head,
            history: history.clone(),
        }),
    );
    Some((history, true))
}

/// The finding for the current snapshot, from the staleness found earlier.
pub fn finding(
    file: &execplan_syntax::SourceFile,
    config: &execplan_ide::AnalysisConfig,
    staleness: &Staleness,
) -> Option<execplan_ide::Diagnostic> {
    execplan_ide::history::stale_finding(file, config, staleness)
}

#[cfg(test)]
mod tests {
    use super::moved_root;
    use std::path::{Path, PathBuf};

    #[test]
    fn head_and_refs_move_the_history() {
        for moved in [
            "/w/repo/.git/HEAD",
            "/w/repo/.git/refs/heads/main",
            "/w/repo/.git/packed-refs",
        ] {
            assert_eq!(moved_root(Path::new(moved)), Some(PathBuf::from("/w/repo")));
        }
        for not in [
            "/w/repo/.git/objects/ab/cdef",
            "/w/repo/src/HEAD",
            "/w/repo/.git/index",
        ] {
            assert_eq!(moved_root(Path::new(not)), None, "{not}");
        }
    }
}
