//! Analysing an open document and publishing its diagnostics.

use execplan_ide::{analyze, Severity};
use ropey::Rope;
use tower_lsp_server::ls_types::*;

use super::panic_guard::guarded;
use super::Backend;
use crate::position::{self, PositionEncoding};

/// Analyses the document's current version and publishes the result, unless a newer
/// version's result was published first.
pub async fn publish(backend: &Backend, uri: Uri) {
    // Snapshot and analyse synchronously: the analysis is pure and takes well under a
    // millisecond on a plan, so it needs no thread of its own.
    let mut config_errors = Vec::new();
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
        let name = file_name(&uri);
        let encoding = backend.state.encoding();
        let path = uri.to_file_path().map(|p| p.into_owned());
        let repo = path.as_deref().map(|p| backend.state.repo_settings(p));
        if let Some((settings, true)) = &repo {
            config_errors.push(settings.clone());
        }
        let excluded = match (&repo, &path) {
            (Some((settings, _)), Some(path)) => settings.is_excluded(path),
            _ => false,
        };
        let result = guarded("textDocument/publishDiagnostics", || {
            if excluded {
                return Vec::new();
            }
            let (config, force) = match (&repo, &path) {
                (Some((settings, _)), Some(path)) => (
                    std::borrow::Cow::Owned(backend.state.analysis_config(settings, path)),
                    settings.is_configured_plan(path),
                ),
                _ => (std::borrow::Cow::Borrowed(&backend.state.config), false),
            };
            let analysis = analyze(&file, &name, &config, force);
            to_lsp(&rope, encoding, &analysis.diagnostics)
        });
        match result {
            Ok(diagnostics) => (version, revision, published, diagnostics),
            Err(_) => return,
        }
    };
    for settings in config_errors {
        publish_config_errors(backend, &settings).await;
    }
    park_idle_documents(backend);

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

/// How many documents keep their block tree for incremental reparsing: the ones being
/// edited. A 2,000-line plan's tree takes about 7 MB, so fifty open plans would otherwise
/// hold hundreds of megabytes; a parked document's next edit parses it afresh.
const KEPT_TREES: usize = 3;

/// Parks every document but the [`KEPT_TREES`] most recently changed.
fn park_idle_documents(backend: &Backend) {
    let mut with_trees: Vec<(u64, Uri)> = backend
        .state
        .documents
        .iter()
        .filter(|d| d.document.has_tree())
        .map(|d| (d.document.last_changed(), d.key().clone()))
        .collect();
    if with_trees.len() <= KEPT_TREES {
        return;
    }
    with_trees.sort_unstable_by_key(|(changed, _)| std::cmp::Reverse(*changed));
    for (_, uri) in &with_trees[KEPT_TREES..] {
        if let Some(mut open) = backend.state.documents.get_mut(uri) {
            open.document.park();
        }
    }
}

/// Diagnostics on `.execplan.toml` for what it says that was not understood (an empty
/// list clears earlier ones).
async fn publish_config_errors(backend: &Backend, settings: &crate::settings::RepoSettings) {
    let (Some(file), Some(text)) = (&settings.config_file, &settings.config_text) else {
        return;
    };
    let Some(uri) = Uri::from_file_path(file) else {
        return;
    };
    let rope = Rope::from_str(text);
    let encoding = backend.state.encoding();
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
    backend
        .client
        .publish_diagnostics(uri, diagnostics, None)
        .await;
}

/// The document's file name, for detection (`PLANS.md` is special). Non-file URIs, such
/// as an editor's unsaved buffers, use their last path segment.
fn file_name(uri: &Uri) -> String {
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
