use std::path::PathBuf;

use tower_lsp_server::ls_types::*;

use super::state::State;
use crate::position::PositionEncoding;

pub fn initialize(state: &State, params: InitializeParams) -> InitializeResult {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref());
    let encoding = PositionEncoding::negotiate(offered);
    state.set_encoding(encoding);
    tracing::info!(?encoding, "negotiated position encoding");
    *state.roots.write().unwrap_or_else(|e| e.into_inner()) = workspace_roots(&params);
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

/// The editor's settings: the `execplan` object of `initializationOptions` or of
/// `workspace/didChangeConfiguration`'s settings (or the object itself, when it has no
/// `execplan` key). Keys are those of `.execplan.toml`; what is not understood is logged
/// and left at its default.
pub fn editor_settings(value: &serde_json::Value) -> execplan_ide::Settings {
    let value = value.get("execplan").unwrap_or(value);
    if value.is_null() {
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
