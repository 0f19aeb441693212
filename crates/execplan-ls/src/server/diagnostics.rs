//! Diagnostics in one model per client: pushed (`textDocument/publishDiagnostics`) to
//! clients that do not declare `textDocument.diagnostic`, pulled (`textDocument/diagnostic`
//! and `workspace/diagnostic`) by those that do — never both.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use execplan_ide::{analyze_reusing, Severity};
use execplan_syntax::SourceFile;
use ropey::Rope;
use tower_lsp_server::ls_types::*;

use super::panic_guard::guarded;
use super::state::State;
use super::Backend;
use crate::position::{self, PositionEncoding};
use crate::settings::CONFIG_FILE;

/// Analyses the document's current version and publishes the result, unless a newer
/// version's result was published first. Only for push clients: a client that pulls
/// diagnostics never gets them pushed. A document of a root still being indexed waits
/// for the index (`refresh` publishes it then), so its first diagnostics are complete.
pub async fn publish(backend: &Backend, uri: Uri) {
    if backend.state.features().pull_diagnostics {
        return;
    }
    let path = uri.to_file_path().map(|p| p.into_owned());
    if path
        .as_deref()
        .is_some_and(|p| backend.state.awaits_index(p))
    {
        return;
    }
    // Snapshot and analyse synchronously: the analysis is pure and takes well under a
    // millisecond on a plan, so it needs no thread of its own.
    let mut config_errors = None;
    let (version, revision, published, diagnostics) = {
        let Some(open) = backend.state.documents.get(&uri) else {
            return;
        };
        let Some(file) = open.document.snapshot() else {
            let too_large = too_large_diagnostic(open.document.len());
            let version = open.version;
            drop(open);
            backend
                .client
                .publish_diagnostics(uri, vec![too_large], Some(version))
                .await;
            return;
        };
        let rope = open.document.rope().clone();
        let version = open.version;
        let revision = open.revision;
        let published = open.published.clone();
        drop(open);
        if let Some(path) = &path {
            if let (settings, true) = backend.state.repo_settings(path) {
                config_errors = Some(settings);
            }
        }
        let Ok(analysed) = analyse(
            &backend.state,
            &uri,
            &file,
            "textDocument/publishDiagnostics",
        ) else {
            return;
        };
        backend
            .state
            .remember_diagnostics(&uri, revision, &analysed.diagnostics);
        let diagnostics = to_lsp(&uri, &rope, backend.state.encoding(), &analysed.diagnostics);
        (version, revision, published, diagnostics)
    };
    if let Some(settings) = config_errors {
        publish_config_errors(backend, &settings).await;
    }
    let mut last = published.lock().await;
    let current = backend.state.documents.get(&uri).map(|d| d.revision);
    if current != Some(revision) || last.is_some_and(|l| l > revision) {
        return;
    }
    backend
        .client
        .publish_diagnostics(uri, diagnostics, Some(version))
        .await;
    *last = Some(revision);
}

/// What the analysis makes of one document of the workspace.
pub struct Analysed {
    /// Detected as a plan, or named one by the `plans` setting (and not excluded).
    pub is_plan: bool,
    pub diagnostics: Vec<execplan_ide::Diagnostic>,
}

/// Analyses `file` as the document at `uri`, with its repository's settings and index.
/// The one analysis behind pushed, pulled and workspace diagnostics.
pub fn analyse(
    state: &State,
    uri: &Uri,
    file: &SourceFile,
    method: &str,
) -> tower_lsp_server::jsonrpc::Result<Analysed> {
    let name = file_name(uri);
    let path = uri.to_file_path().map(|p| p.into_owned());
    let repo = path.as_deref().map(|p| state.repo_settings(p).0);
    let excluded = match (&repo, &path) {
        (Some(settings), Some(path)) => settings.is_excluded(path),
        _ => false,
    };
    guarded(method, || {
        if excluded {
            return Analysed {
                is_plan: false,
                diagnostics: Vec::new(),
            };
        }
        let (config, force) = match (&repo, &path) {
            (Some(settings), Some(path)) => (
                std::borrow::Cow::Owned(state.analysis_config(settings, path)),
                settings.is_configured_plan(path),
            ),
            _ => (std::borrow::Cow::Owned(state.config_for(uri)), false),
        };
        // What the analysis of the document's previous snapshot left: it serves when this
        // snapshot was rescanned from that one, and is otherwise ignored.
        let previous = state
            .documents
            .get(uri)
            .and_then(|open| open.reusable.clone());
        let (analysis, reusable) =
            analyze_reusing(file, &name, &config, force, previous.as_deref());
        let mut stale = None;
        if let Some(mut open) = state.documents.get_mut(uri) {
            if let Some(reusable) = reusable {
                open.reusable = Some(Arc::new(reusable));
            }
            stale = open.staleness.clone();
        }
        let is_plan = force || analysis.detection.is_plan();
        let mut diagnostics = analysis.diagnostics;
        // A document that is no plan may be the repository's index of them (PLANS.md's
        // "Active ExecPlan Index", an INDEX.md): compared with the workspace's plans.
        if !is_plan && !execplan_ide::index::index_bodies(file).is_empty() {
            if let Some(root) = repo.as_ref().and_then(|r| r.root.clone()) {
                let plans = plan_facts(state, &root);
                diagnostics.extend(execplan_ide::index::index_findings(file, &config, &plans));
                diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
            }
        }
        // Found in the background; re-anchored on this snapshot.
        if let Some(stale) = stale.filter(|_| is_plan) {
            if let Some(finding) = super::staleness::finding(file, &config, &stale) {
                diagnostics.push(finding);
                diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
            }
        }
        Analysed {
            is_plan,
            diagnostics,
        }
    })
}

/// The plans of the workspace under `root`, as the index check compares them.
fn plan_facts(state: &State, root: &std::path::Path) -> Vec<execplan_ide::index::PlanFacts> {
    let mut facts = Vec::new();
    for document in state.workspace_documents() {
        let Some(path) = document.path.as_deref().filter(|p| p.starts_with(root)) else {
            continue;
        };
        let settings = state.repo_settings(path).0;
        if settings.is_excluded(path) {
            continue;
        }
        let config = state.analysis_config(&settings, path);
        let Some(relative) = config.document_path.clone() else {
            continue;
        };
        let name = file_name(&document.uri);
        let detection = execplan_ide::detect_plan(&document.file, &name, &config);
        if detection.is_plan() || settings.is_configured_plan(path) {
            facts.push(execplan_ide::index::PlanFacts::of(
                &document.file,
                &config,
                &relative,
            ));
        }
    }
    facts
}

/// Something diagnostics depend on changed (a file created or deleted, the config, the
/// standard, an index finished): push clients get every open document's diagnostics
/// again, pull clients a `workspace/diagnostic/refresh` when they support it.
pub async fn refresh(backend: &Backend) {
    let features = backend.state.features();
    if features.pull_diagnostics {
        if features.diagnostic_refresh {
            if let Err(error) = backend.client.workspace_diagnostic_refresh().await {
                tracing::warn!(%error, "workspace/diagnostic/refresh failed");
            }
        }
        return;
    }
    let uris: Vec<Uri> = backend
        .state
        .documents
        .iter()
        .map(|d| d.key().clone())
        .collect();
    for uri in uris {
        publish(backend, uri).await;
    }
}

/// `textDocument/diagnostic`: an open document's current text, else its copy on disk;
/// `.execplan.toml` reports its own errors. The result id is a digest of the report, so
/// an unchanged report is answered `unchanged`.
pub fn document_diagnostic(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> tower_lsp_server::jsonrpc::Result<DocumentDiagnosticReportResult> {
    let state = &backend.state;
    let uri = &params.text_document.uri;
    let encoding = state.encoding();
    let items = if let Some(snapshot) = state.snapshot(uri) {
        let analysed = analyse(state, uri, &snapshot.file, "textDocument/diagnostic")?;
        state.remember_diagnostics(uri, snapshot.revision, &analysed.diagnostics);
        to_lsp(uri, &snapshot.rope, encoding, &analysed.diagnostics)
    } else if let Some(open) = state.documents.get(uri) {
        vec![too_large_diagnostic(open.document.len())]
    } else if let Some(path) = uri.to_file_path().map(|p| p.into_owned()) {
        if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
            let (settings, _) = state.repo_settings(&path);
            match config_diagnostics(&settings, encoding) {
                Some((config_uri, items)) if config_uri == *uri => items,
                _ => Vec::new(),
            }
        } else {
            let disk = state
                .disk
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .get(&path)
                .cloned();
            match disk {
                Some(file) => {
                    let rope = Rope::from_str(file.text());
                    to_lsp(
                        uri,
                        &rope,
                        encoding,
                        &analyse(state, uri, &file, "textDocument/diagnostic")?.diagnostics,
                    )
                }
                None => Vec::new(),
            }
        }
    } else {
        Vec::new()
    };
    let result_id = result_id(&items);
    if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        return Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            }),
        ));
    }
    Ok(DocumentDiagnosticReportResult::Report(
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items,
            },
        }),
    ))
}

/// `workspace/diagnostic`: every plan of the workspace (open documents as the editor
/// holds them, the rest as on disk) and every `.execplan.toml` in use. Documents whose
/// previous result id still matches are reported `unchanged`; a document reported
/// before that is no longer a plan gets an empty report, which clears it.
pub fn workspace_diagnostic(
    backend: &Backend,
    params: WorkspaceDiagnosticParams,
) -> tower_lsp_server::jsonrpc::Result<WorkspaceDiagnosticReportResult> {
    let state = &backend.state;
    let encoding = state.encoding();
    let previous: HashMap<Uri, String> = params
        .previous_result_ids
        .into_iter()
        .map(|p| (p.uri, p.value))
        .collect();
    let mut reports: Vec<(Uri, Option<i64>, Vec<Diagnostic>)> = Vec::new();
    for document in state.workspace_documents() {
        if document
            .path
            .as_deref()
            .is_some_and(|p| state.awaits_index(p))
        {
            continue;
        }
        let analysed = analyse(state, &document.uri, &document.file, "workspace/diagnostic")?;
        if !analysed.is_plan {
            continue;
        }
        let rope = Rope::from_str(document.file.text());
        let items = to_lsp(&document.uri, &rope, encoding, &analysed.diagnostics);
        reports.push((document.uri, document.version.map(i64::from), items));
    }
    let mut configs: Vec<Arc<crate::settings::RepoSettings>> = state
        .repos_by_root
        .iter()
        .map(|r| r.value().clone())
        .collect();
    configs.sort_by(|a, b| a.config_file.cmp(&b.config_file));
    for settings in configs {
        if let Some((uri, items)) = config_diagnostics(&settings, encoding) {
            reports.push((uri, None, items));
        }
    }
    let reported: HashSet<Uri> = reports.iter().map(|(uri, _, _)| uri.clone()).collect();
    for uri in previous.keys().filter(|uri| !reported.contains(*uri)) {
        reports.push((uri.clone(), None, Vec::new()));
    }
    let items = reports
        .into_iter()
        .map(|(uri, version, items)| {
            let result_id = result_id(&items);
            if previous.get(&uri) == Some(&result_id) {
                return WorkspaceDocumentDiagnosticReport::Unchanged(
                    WorkspaceUnchangedDocumentDiagnosticReport {
                        uri,
                        version,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                            result_id,
                        },
                    },
                );
            }
            WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                uri,
                version,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items,
                },
            })
        })
        .collect();
    Ok(WorkspaceDiagnosticReportResult::Report(
        WorkspaceDiagnosticReport { items },
    ))
}

/// A digest of a report: equal reports have equal ids, so `unchanged` is exact. It hashes
/// what a report shows (ranges, severities, codes, sources, messages) field by field, so
/// a keystroke does not serialise the report twice.
fn result_id(items: &[Diagnostic]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    items.len().hash(&mut hasher);
    for item in items {
        let Range { start, end } = item.range;
        (start.line, start.character, end.line, end.character).hash(&mut hasher);
        // DiagnosticSeverity has no Hash; its order is as good.
        [
            DiagnosticSeverity::ERROR,
            DiagnosticSeverity::WARNING,
            DiagnosticSeverity::INFORMATION,
            DiagnosticSeverity::HINT,
        ]
        .iter()
        .position(|s| item.severity == Some(*s))
        .hash(&mut hasher);
        match &item.code {
            Some(NumberOrString::String(code)) => code.hash(&mut hasher),
            Some(NumberOrString::Number(code)) => code.hash(&mut hasher),
            None => 0u8.hash(&mut hasher),
        }
        item.source.hash(&mut hasher);
        item.message.hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// Diagnostics on `.execplan.toml` for what it says that was not understood (an empty
/// list clears earlier ones).
pub async fn publish_config_errors(backend: &Backend, settings: &crate::settings::RepoSettings) {
    if backend.state.features().pull_diagnostics {
        return;
    }
    let Some((uri, diagnostics)) = config_diagnostics(settings, backend.state.encoding()) else {
        return;
    };
    backend
        .client
        .publish_diagnostics(uri, diagnostics, None)
        .await;
}

/// The errors of a repository's `.execplan.toml`, on that file; `None` without one.
fn config_diagnostics(
    settings: &crate::settings::RepoSettings,
    encoding: PositionEncoding,
) -> Option<(Uri, Vec<Diagnostic>)> {
    let (Some(file), Some(text)) = (&settings.config_file, &settings.config_text) else {
        return None;
    };
    let uri = Uri::from_file_path(file)?;
    let rope = Rope::from_str(text);
    let diagnostics = settings
        .errors
        .iter()
        .map(|e| Diagnostic {
            range: position::range(&rope, e.range.clone().unwrap_or(0..0), encoding),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("execplan".to_string()),
            message: format!("{} (the defaults stay in force for it)", e.message),
            ..Default::default()
        })
        .collect();
    Some((uri, diagnostics))
}

/// The document's file name, for detection (`PLANS.md` is special). Non-file URIs, such
/// as an editor's unsaved buffers, use their last path segment.
pub(super) fn file_name(uri: &Uri) -> String {
    if let Some(name) = uri
        .to_file_path()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
    {
        return name;
    }
    let path = uri.path().as_str();
    path.rsplit('/').next().unwrap_or(path).to_string()
}

fn to_lsp(
    uri: &Uri,
    rope: &Rope,
    encoding: PositionEncoding,
    diagnostics: &[execplan_ide::Diagnostic],
) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .map(|d| Diagnostic {
            range: position::range(rope, d.range.clone(), encoding),
            severity: Some(match d.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
                Severity::Information => DiagnosticSeverity::INFORMATION,
                Severity::Hint => DiagnosticSeverity::HINT,
            }),
            code: Some(NumberOrString::String(d.rule.code().to_string())),
            source: Some("execplan".to_string()),
            message: d.message.clone(),
            related_information: (!d.related.is_empty()).then(|| {
                d.related
                    .iter()
                    .map(|note| DiagnosticRelatedInformation {
                        location: Location {
                            uri: uri.clone(),
                            range: position::range(rope, note.range.clone(), encoding),
                        },
                        message: note.message.clone(),
                    })
                    .collect()
            }),
            ..Default::default()
        })
        .collect()
}

/// Shown instead of the analysis on a document too large to parse.
fn too_large_diagnostic(len: usize) -> Diagnostic {
    Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String("too-large".to_string())),
        source: Some("execplan".to_string()),
        message: format!(
            "Not analysed: {} MB is over the {} MB that execplan-ls parses",
            len / (1024 * 1024),
            execplan_syntax::MAX_PARSED_LEN / (1024 * 1024)
        ),
        ..Default::default()
    }
}
