//! The workspace's plans at a glance: `execplan/plans`, a request of ours, and the
//! `execplan/plansChanged` notification that tells clients to ask again.
//!
//! `execplan/plans` (params `{}`) answers every plan of the workspace folders, open or
//! not, from the workspace index (it waits for the index, as other workspace requests
//! do), stalest unfinished first (unfinished before finished, then most stale commits,
//! then oldest last entry, then by URI):
//!
//! ```json
//! { "plans": [{ "uri": "file:///…/plan.md", "title": "ExecPlan: Ship it",
//!   "status": "in_progress", "statusKind": "in_progress", "unfinished": true,
//!   "done": 7, "total": 12, "lastEntry": "2026-11-22 09:15Z",
//!   "lastEntryAge": "3 days ago", "staleCommits": null,
//!   "progressLine": "7 of 12 done · last entry 3 days ago",
//!   "progressRange": { "start": …, "end": … } }] }
//! ```
//!
//! `status` is the plan's own word (`null` without one); `statusKind` one of `done`,
//! `planned`, `in_progress`, `blocked`, `other`; `done`/`total` count Progress's
//! checkboxes (0 without a Progress section, when `progressLine` and `progressRange`, the
//! Progress heading, are `null`); `staleCommits` is `null` until staleness is known.
//!
//! `execplan/plansChanged` (params `{}`) is sent, debounced, when what `execplan/plans`
//! would answer may have changed: a plan opened, edited, saved or closed so that its row
//! differs from the last one computed, or any markdown file created, changed or deleted
//! on disk, the settings changed, or an index finished.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use execplan_ide::living::{summarize, PlanSummary};
use execplan_ide::{glance, AnalysisConfig, UtcMinute};
use execplan_syntax::SourceFile;
use ropey::Rope;
use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::{Range, Uri};

use super::diagnostics::file_name;
use super::panic_guard::guarded;
use super::state::State;
use super::Backend;
use crate::position::{self, PositionEncoding};

pub const PLANS: &str = "execplan/plans";

/// How long changes are gathered before one `execplan/plansChanged` is sent.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// The number of commits that made the plan at `path` stale (0 when it is not), or
/// `None` when unknown (no git history, or not measured yet). Every surface shows
/// "stale: N commits" when it is `Some(N)` with N above 0. Called on the request path, it
/// answers from what the background measured with the history (`staleness.rs`), never
/// running git.
pub fn stale_commits(state: &State, path: Option<&Path>) -> Option<u32> {
    state.stale_counts.get(path?).map(|n| *n)
}

/// The analysis configuration of `file` at `uri` when it is a plan (detected, or named by
/// the `plans` setting, and not excluded), as diagnostics decide it.
pub fn plan_config(state: &State, uri: &Uri, file: &SourceFile) -> Option<AnalysisConfig> {
    let path = uri.to_file_path().map(|p| p.into_owned());
    let Some(path) = path else {
        let config = state.config_for(uri);
        let is_plan = execplan_ide::detect_plan(file, &file_name(uri), &config).is_plan();
        return is_plan.then_some(config);
    };
    let settings = state.repo_settings(&path).0;
    if settings.is_excluded(&path) {
        return None;
    }
    let config = state.analysis_config(&settings, &path);
    let is_plan = settings.is_configured_plan(&path)
        || execplan_ide::detect_plan(file, &file_name(uri), &config).is_plan();
    is_plan.then_some(config)
}

#[derive(Deserialize)]
pub struct PlansParams {}

#[derive(Serialize)]
pub struct PlansResult {
    plans: Vec<PlanRow>,
}

#[derive(Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PlanRow {
    uri: Uri,
    title: Option<String>,
    status: Option<String>,
    status_kind: Option<&'static str>,
    unfinished: bool,
    done: usize,
    total: usize,
    last_entry: Option<String>,
    last_entry_age: Option<String>,
    stale_commits: Option<u32>,
    progress_line: Option<String>,
    progress_range: Option<Range>,
}

/// A plan's row, with its summary for ordering; `None` when the document is no plan.
fn row(
    state: &State,
    uri: &Uri,
    file: &SourceFile,
    rope: Option<&Rope>,
    now: UtcMinute,
    encoding: PositionEncoding,
) -> Option<(PlanRow, PlanSummary)> {
    let config = plan_config(state, uri, file)?;
    let summary = summarize(file, &config);
    let path = uri.to_file_path();
    let stale = stale_commits(state, path.as_deref());
    let progress_range = summary.progress.as_ref().map(|p| match rope {
        Some(rope) => position::range(rope, p.heading.clone(), encoding),
        None => position::range(&Rope::from_str(file.text()), p.heading.clone(), encoding),
    });
    let row = PlanRow {
        uri: uri.clone(),
        title: summary.title.clone(),
        status: summary.status.as_ref().map(|s| s.text.clone()),
        status_kind: summary.status.as_ref().map(|s| s.kind.as_str()),
        unfinished: summary.is_unfinished(),
        done: summary.progress.as_ref().map_or(0, |p| p.done),
        total: summary.progress.as_ref().map_or(0, |p| p.total()),
        last_entry: summary.last_entry.as_ref().map(|l| l.text.clone()),
        last_entry_age: summary
            .last_entry
            .as_ref()
            .map(|l| glance::entry_age(l.at, now)),
        stale_commits: stale,
        progress_line: glance::progress_line(&summary, now, stale),
        progress_range,
    };
    Some((row, summary))
}

impl Backend {
    /// `execplan/plans`.
    pub async fn plans(&self, _: PlansParams) -> Result<PlansResult> {
        self.state.index_ready(None).await;
        let state = &self.state;
        let documents = state.workspace_documents();
        let now = UtcMinute::now();
        let encoding = state.encoding();
        guarded(PLANS, || {
            let mut rows: Vec<(PlanRow, PlanSummary)> = documents
                .iter()
                .filter(|d| d.path.as_deref().is_none_or(|p| !state.awaits_index(p)))
                .filter_map(|d| row(state, &d.uri, &d.file, None, now, encoding))
                .collect();
            rows.sort_by(|a, b| {
                glance::listing_order((&a.1, a.0.stale_commits), (&b.1, b.0.stale_commits))
                    .then_with(|| a.0.uri.as_str().cmp(b.0.uri.as_str()))
            });
            // What the client now knows: a later change is announced when it differs.
            let mut known = state.plan_rows.lock().unwrap_or_else(|e| e.into_inner());
            *known = rows
                .iter()
                .map(|(row, _)| (row.uri.clone(), row.clone()))
                .collect::<HashMap<_, _>>();
            PlansResult {
                plans: rows.into_iter().map(|(row, _)| row).collect(),
            }
        })
    }
}

/// `execplan/plansChanged`.
pub enum PlansChanged {}

#[derive(Serialize, Deserialize)]
pub struct PlansChangedParams {}

impl Notification for PlansChanged {
    type Params = PlansChangedParams;
    const METHOD: &'static str = "execplan/plansChanged";
}

/// The open document `uri` changed (opened, edited, saved, closed): clients hear of it,
/// after the debounce, if its row is no longer the one last computed.
pub fn document_changed(backend: &Backend, uri: &Uri) {
    backend
        .state
        .plans_dirty
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(uri.clone());
    schedule(backend);
}

/// Something that may change any row changed (files on disk, settings, an index):
/// clients hear of it after the debounce.
pub fn workspace_changed(backend: &Backend) {
    backend.state.plans_all_dirty.store(true, Ordering::SeqCst);
    schedule(backend);
}

/// Sends one `execplan/plansChanged` once no change has come for [`DEBOUNCE`].
fn schedule(backend: &Backend) {
    let generation = backend
        .state
        .plans_generation
        .fetch_add(1, Ordering::SeqCst)
        + 1;
    let backend = backend.clone();
    tokio::spawn(async move {
        tokio::time::sleep(DEBOUNCE).await;
        let state = &backend.state;
        if state.plans_generation.load(Ordering::SeqCst) != generation {
            return; // a later change restarted the wait
        }
        let all = state.plans_all_dirty.swap(false, Ordering::SeqCst);
        let dirty: Vec<Uri> = state
            .plans_dirty
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain()
            .collect();
        // Off the runtime's thread: a row reads the whole plan, and keystrokes must not
        // wait behind it.
        let changed = all || {
            let state = backend.state.clone();
            tokio::task::spawn_blocking(move || {
                guarded("execplan/plansChanged", || rows_changed(&state, &dirty)).unwrap_or(true)
            })
            .await
            .unwrap_or(true)
        };
        if changed {
            backend
                .client
                .send_notification::<PlansChanged>(PlansChangedParams {})
                .await;
        }
    });
}

/// Whether any of the documents `uris` now has another row than the one last computed
/// (or sent), remembering the new ones.
fn rows_changed(state: &State, uris: &[Uri]) -> bool {
    let now = UtcMinute::now();
    let encoding = state.encoding();
    let roots = state.roots();
    let mut changed = false;
    for uri in uris {
        // Only the workspace folders' plans are listed.
        let inside = uri
            .to_file_path()
            .is_some_and(|p| roots.iter().any(|r| p.starts_with(r)));
        if !inside {
            continue;
        }
        // An open document's text and rope (a cheap clone), else its copy on disk.
        let (file, rope) = match state.documents.get(uri) {
            Some(open) => (open.document.snapshot(), Some(open.document.rope().clone())),
            None => (
                uri.to_file_path().and_then(|path| {
                    state
                        .disk
                        .read()
                        .unwrap_or_else(|e| e.into_inner())
                        .get(path.as_ref())
                        .cloned()
                }),
                None,
            ),
        };
        let row = file
            .and_then(|file| row(state, uri, &file, rope.as_ref(), now, encoding).map(|(r, _)| r));
        let mut known = state.plan_rows.lock().unwrap_or_else(|e| e.into_inner());
        if known.get(uri) != row.as_ref() {
            changed = true;
            match row {
                Some(row) => known.insert(uri.clone(), row),
                None => known.remove(uri),
            };
        }
    }
    changed
}
