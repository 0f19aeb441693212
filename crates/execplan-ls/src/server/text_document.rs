//! `textDocument/didOpen`, `didChange`, `didSave`, `didClose`.
//!
//! tower-lsp-server polls notification handlers concurrently. Each handler therefore
//! applies its change to the document *before its first `.await`*: handlers first run in
//! the order the client sent them, so edits are applied in that order.

use execplan_syntax::{Document, TextEdit};
use tower_lsp_server::ls_types::*;

use super::state::OpenDocument;
use super::{diagnostics, Backend};
use crate::position;

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
        let open = &mut *open;
        for change in &params.content_changes {
            match change.range {
                // Each range refers to the text the previous change left.
                Some(range) => {
                    let range = position::offset_range(open.document.rope(), range, encoding);
                    open.document.edit(&TextEdit {
                        range,
                        new_text: change.text.clone(),
                    });
                }
                None => open.document.replace_all(&change.text),
            }
        }
        open.document.reparse();
        open.version = params.text_document.version;
    }
    diagnostics::publish(backend, uri).await;
}

pub async fn did_save(backend: &Backend, params: DidSaveTextDocumentParams) {
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
