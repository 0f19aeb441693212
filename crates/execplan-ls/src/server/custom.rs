//! Requests of our own, outside LSP, for debugging and tests.

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::Uri;

use super::panic_guard::guarded;
use super::Backend;

/// `execplan/documentText`: the server's copy of an open document and its version, so a
/// client can check that its edits arrived intact and in order.
pub const DOCUMENT_TEXT: &str = "execplan/documentText";

#[derive(Deserialize)]
pub struct DocumentTextParams {
    uri: Uri,
}

#[derive(Serialize)]
pub struct DocumentTextResult {
    version: i32,
    text: String,
}

impl Backend {
    pub async fn document_text(&self, params: DocumentTextParams) -> Result<DocumentTextResult> {
        let open =
            self.state.documents.get(&params.uri).ok_or_else(|| {
                Error::invalid_params(format!("{} is not open", params.uri.as_str()))
            })?;
        guarded(DOCUMENT_TEXT, || DocumentTextResult {
            version: open.version,
            text: open.document.rope().to_string(),
        })
    }
}
