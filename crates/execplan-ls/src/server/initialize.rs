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
    if let Some(pid) = params.process_id {
        super::parent_process::exit_when_gone(pid);
    }
    state.set_encoding(encoding);
    tracing::info!(?encoding, "negotiated position encoding");
    *state.roots.write().unwrap_or_else(|e| e.into_inner()) = workspace_roots(&params);
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
