//! The language server: the only code that knows the protocol. Each LSP method family has
//! its own module; each handler converts, calls `execplan-ide`, and converts back.

mod custom;
mod diagnostics;
mod initialize;
mod panic_guard;
mod state;
mod text_document;

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use self::state::State;

pub struct Backend {
    client: Client,
    state: Arc<State>,
}

/// Serves LSP on stdin/stdout until `exit` or the end of input.
pub fn run() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be built");
    runtime.block_on(async {
        let (service, socket) = LspService::build(|client| Backend {
            client,
            state: Arc::new(State::default()),
        })
        .custom_method(custom::DOCUMENT_TEXT, Backend::document_text)
        .finish();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // Do not wait for stdin reads still blocked in tokio's blocking pool after `exit`.
    runtime.shutdown_background();
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(initialize::initialize(&self.state, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("client initialized");
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        text_document::did_open(self, params).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        text_document::did_change(self, params).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        text_document::did_save(self, params).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        text_document::did_close(self, params).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        *self
            .state
            .editor_settings
            .write()
            .unwrap_or_else(|e| e.into_inner()) = initialize::editor_settings(&params.settings);
        self.state.forget_repos();
        let uris: Vec<Uri> = self
            .state
            .documents
            .iter()
            .map(|d| d.key().clone())
            .collect();
        for uri in uris {
            diagnostics::publish(self, uri).await;
        }
    }
}
