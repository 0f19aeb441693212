use std::path::PathBuf;

use tower_lsp_server::ls_types::*;

use super::state::{ClientFeatures, State};
use crate::position::PositionEncoding;

pub fn initialize(state: &State, params: InitializeParams) -> InitializeResult {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref());
    let encoding = PositionEncoding::negotiate(offered);
    if let Some(pid) = params.process_id {
        super::parent_process::exit_when_gone(pid);
    }
    state.set_encoding(encoding);
    tracing::info!(?encoding, "negotiated position encoding");
    let roots = workspace_roots(&params);
    // Marked now, before any `didOpen`, so no document is analysed against a partial
    // index; `initialized` starts the indexing.
    state
        .indexing
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .extend(roots.iter().cloned());
    *state.roots.write().unwrap_or_else(|e| e.into_inner()) = roots;
    let features = client_features(&params.capabilities);
    let _ = state.features.set(features);
    if let Some(options) = &params.initialization_options {
        *state
            .editor_settings
            .write()
            .unwrap_or_else(|e| e.into_inner()) = editor_settings(options);
    }
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(
                    ["`", "/", "#", "(", "[", " ", ":"]
                        .iter()
                        .map(|c| c.to_string())
                        .collect(),
                ),
                ..Default::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::REFACTOR,
                    CodeActionKind::REFACTOR_REWRITE,
                    CodeActionKind::SOURCE_FIX_ALL,
                    CodeActionKind::new(super::code_action::FIX_ALL_KIND),
                ]),
                ..Default::default()
            })),
            definition_provider: Some(OneOf::Left(true)),
            document_link_provider: Some(DocumentLinkOptions {
                resolve_provider: Some(false),
                work_done_progress_options: Default::default(),
            }),
            references_provider: Some(OneOf::Left(true)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            code_lens_provider: Some(CodeLensOptions {
                resolve_provider: Some(false),
            }),
            inlay_hint_provider: Some(OneOf::Left(true)),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![super::code_lens::ADD_PROGRESS_ENTRY.to_string()],
                work_done_progress_options: Default::default(),
            }),
            diagnostic_provider: features.pull_diagnostics.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("execplan".to_string()),
                    // A plan's diagnostics depend on other files (paths, the standard).
                    inter_file_dependencies: true,
                    workspace_diagnostics: true,
                    work_done_progress_options: Default::default(),
                })
            }),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: Some(WorkspaceFileOperationsServerCapabilities {
                    will_rename: Some(FileOperationRegistrationOptions {
                        filters: vec![FileOperationFilter {
                            scheme: Some("file".to_string()),
                            pattern: FileOperationPattern {
                                glob: "**/*".to_string(),
                                matches: None,
                                options: None,
                            },
                        }],
                    }),
                    ..Default::default()
                }),
            }),
            ..Default::default()
        },
        server_info: Some(ServerInfo {
            name: "execplan-ls".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        offset_encoding: None,
    }
}

/// The workspace folders, else the deprecated root URI, as local paths.
#[allow(deprecated)] // `root_uri` is still what many clients send
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = params.workspace_folders.iter().flatten().map(|f| &f.uri);
    let uris: Vec<&Uri> = match &params.root_uri {
        Some(root)
            if params
                .workspace_folders
                .as_ref()
                .is_none_or(|f| f.is_empty()) =>
        {
            vec![root]
        }
        _ => folders.collect(),
    };
    uris.into_iter()
        .filter_map(|uri| uri.to_file_path())
        .map(|path| path.into_owned())
        .collect()
}

fn client_features(capabilities: &ClientCapabilities) -> ClientFeatures {
    let snippets = capabilities
        .text_document
        .as_ref()
        .and_then(|t| t.completion.as_ref())
        .and_then(|c| c.completion_item.as_ref())
        .and_then(|i| i.snippet_support)
        .unwrap_or(false);
    let workspace_edit = capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.workspace_edit.as_ref());
    let document_changes = workspace_edit
        .and_then(|e| e.document_changes)
        .unwrap_or(false);
    let create_files = document_changes
        && workspace_edit
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create));
    let workspace = capabilities.workspace.as_ref();
    ClientFeatures {
        snippets,
        document_changes,
        create_files,
        pull_diagnostics: capabilities
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some()),
        diagnostic_refresh: workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        watch_files: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        work_done_progress: capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        inlay_hint_refresh: workspace
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|i| i.refresh_support)
            .unwrap_or(false),
    }
}

/// The editor's settings: the `execplan` object of `initializationOptions` or of
/// `workspace/didChangeConfiguration`'s settings (or the object itself, when it has no
/// `execplan` key). Keys are those of `.execplan.toml`; what is not understood is logged
/// and left at its default.
pub fn editor_settings(value: &serde_json::Value) -> execplan_ide::Settings {
    let value = value.get("execplan").unwrap_or(value);
    // An empty Lua table (Neovim's `settings = { execplan = {} }`) arrives as `[]`.
    if value.is_null() || value.as_array().is_some_and(|a| a.is_empty()) {
        return execplan_ide::Settings::default();
    }
    let table: toml::Table = match serde_json::from_value(value.clone()) {
        Ok(table) => table,
        Err(error) => {
            tracing::warn!(%error, "the editor's execplan settings are not an object of settings");
            return execplan_ide::Settings::default();
        }
    };
    let (settings, errors) = execplan_ide::Settings::from_table(&table);
    for (key, message) in errors {
        tracing::warn!(key, message, "editor setting not understood");
    }
    settings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_settings_as_an_empty_object_array_or_null_are_the_defaults() {
        let defaults = execplan_ide::Settings::default();
        for value in [
            serde_json::json!({ "execplan": [] }),
            serde_json::json!({ "execplan": {} }),
            serde_json::json!([]),
            serde_json::json!(null),
        ] {
            assert_eq!(editor_settings(&value), defaults, "{value}");
        }
    }
}
