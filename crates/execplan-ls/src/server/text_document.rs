//! `textDocument/didOpen`, `didChange`, `didSave`, `didClose`.
//!
//! tower-lsp-server polls notification handlers concurrently. Each handler therefore
//! applies its change to the document *before its first `.await`*: handlers first run in
//! the order the client sent them, so edits are applied in that order.

use execplan_syntax::{Document, TextEdit};
use tower_lsp_server::ls_types::*;

use super::state::OpenDocument;
use super::{diagnostics, plans, staleness, workspace, Backend};
use crate::position::{self, PositionEncoding};

/// Markdown by language id, or by extension when a client sends another id.
fn is_markdown(uri: &Uri, language_id: &str) -> bool {
    let path = uri.path().as_str().to_ascii_lowercase();
    language_id == "markdown" || path.ends_with(".md") || path.ends_with(".markdown")
}

pub async fn did_open(backend: &Backend, params: DidOpenTextDocumentParams) {
    let item = params.text_document;
    if !is_markdown(&item.uri, &item.language_id) {
        return;
    }
    backend.state.documents.insert(
        item.uri.clone(),
        OpenDocument {
            document: Document::new(&item.text),
            version: item.version,
            revision: 0,
            published: Default::default(),
            analysed: None,
            reusable: None,
            staleness: None,
        },
    );
    plans::document_changed(backend, &item.uri);
    diagnostics::publish(backend, item.uri.clone()).await;
    // After the first diagnostics are out: git must not compete with them for the CPU.
    staleness::update(backend, item.uri, staleness::Head::Known);
}

pub async fn did_change(backend: &Backend, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    {
        let Some(mut open) = backend.state.documents.get_mut(&uri) else {
            tracing::warn!(
                uri = uri.as_str(),
                "didChange for a document that is not open"
            );
            return;
        };
        let encoding = backend.state.encoding();
        apply_changes(&mut open.document, &params.content_changes, encoding);
        open.version = params.text_document.version;
        open.revision += 1;
    }
    plans::document_changed(backend, &uri);
    diagnostics::publish(backend, uri).await;
}

/// Applies a `didChange`'s changes in order, each against the text the previous one
/// left. The property tests drive this same function.
pub fn apply_changes(
    document: &mut Document,
    changes: &[TextDocumentContentChangeEvent],
    encoding: PositionEncoding,
) {
    for change in changes {
        match change.range {
            Some(range) => {
                let range = position::offset_range(document.rope(), range, encoding);
                document.edit(&TextEdit {
                    range,
                    new_text: change.text.clone(),
                });
            }
            None => document.replace_all(&change.text),
        }
    }
}

pub async fn did_save(backend: &Backend, params: DidSaveTextDocumentParams) {
    let uri = params.text_document.uri;
    let path = uri.to_file_path().map(|p| p.into_owned());
    plans::document_changed(backend, &uri);
    if let Some(path) = &path {
        workspace::note_file(&backend.state, path);
        backend.state.reload_markdown(path);
        // A saved standard may name other sections: read it again.
        if workspace::is_settings_file(&backend.state, path) {
            workspace::settings_changed(backend, std::slice::from_ref(path)).await;
            diagnostics::refresh(backend).await;
            return;
        }
    }
    if backend.state.documents.contains_key(&uri) {
        diagnostics::publish(backend, uri.clone()).await;
        // A save often follows a commit made elsewhere: HEAD is looked at again.
        staleness::update(backend, uri, staleness::Head::Recheck);
    }
}

pub async fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    if backend.state.documents.remove(&uri).is_none() {
        return;
    }
    // The copy on disk is the document again: read it, in case it was saved.
    if let Some(path) = uri.to_file_path() {
        backend.state.reload_markdown(&path);
    }
    plans::document_changed(backend, &uri);
    if backend.state.features().pull_diagnostics {
        return;
    }
    // A closed document's diagnostics are cleared, as editors expect.
    backend
        .client
        .publish_diagnostics(uri, Vec::new(), None)
        .await;
}
