//! `textDocument/didOpen`, `didChange`, `didSave`, `didClose`.
//!
//! tower-lsp-server polls notification handlers concurrently. Each handler therefore
//! applies its change to the document *before its first `.await`*: handlers first run in
//! the order the client sent them, so edits are applied in that order.

use execplan_syntax::{Document, TextEdit};
use tower_lsp_server::ls_types::*;

use super::state::OpenDocument;
use super::{diagnostics, Backend};
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
        },
    );
    diagnostics::publish(backend, item.uri).await;
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
    diagnostics::publish(backend, uri).await;
}

/// Applies a `didChange`'s changes in order, each against the text the previous one
/// left, then reparses once. The property tests drive this same function.
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
    document.reparse();
}

pub async fn did_save(backend: &Backend, params: DidSaveTextDocumentParams) {
    if let Some(path) = params.text_document.uri.to_file_path() {
        note_file(backend, &path);
    }
    // A saved standard may name other sections: read it again (the index with it).
    if params
        .text_document
        .uri
        .path()
        .as_str()
        .ends_with("PLANS.md")
    {
        backend.state.forget_repos();
    }
    if backend
        .state
        .documents
        .contains_key(&params.text_document.uri)
    {
        diagnostics::publish(backend, params.text_document.uri).await;
    }
}

pub async fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    if backend.state.documents.remove(&uri).is_some() {
        // A closed document's diagnostics are cleared, as editors expect.
        backend
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }
}

/// Keeps the repository indexes current as files are created and deleted.
pub fn did_change_watched_files(backend: &Backend, params: DidChangeWatchedFilesParams) {
    for change in params.changes {
        if let Some(path) = change.uri.to_file_path() {
            note_file(backend, &path);
        }
    }
}

/// A regular file (never a symlink) is indexed; anything else is dropped from the index.
fn note_file(backend: &Backend, path: &std::path::Path) {
    let exists = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    backend.state.note_file(path, exists);
}
