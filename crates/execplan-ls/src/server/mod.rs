//! The language server: the only code that knows the protocol. Each LSP method family has
//! its own module; each handler converts, calls `execplan-ide`, and converts back.

mod custom;
mod diagnostics;
mod initialize;
mod panic_guard;
mod parent_process;
mod state;
pub mod text_document;
mod transport;

use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use self::state::State;

pub struct Backend {
    client: Client,
    state: Arc<State>,
}

/// Serves LSP on stdin/stdout until `exit` or the end of input. The exit code is 0 when
/// the client asked for `shutdown` first, else 1, as LSP specifies.
pub fn run() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be built");
    let state = Arc::new(State::default());
    runtime.block_on(async {
        let (service, socket) = LspService::build(|client| Backend {
            client,
            state: state.clone(),
        })
        .custom_method(custom::DOCUMENT_TEXT, Backend::document_text)
        .finish();
        let (pipes, writer) = transport::start(tokio::io::stdin(), tokio::io::stdout());
        Server::new(pipes.input, pipes.output, socket)
            .serve(service)
            .await;
        // Everything the server wrote reaches the client before the process ends.
        let _ = writer.await;
    });
    // Do not wait for stdin reads still blocked in tokio's blocking pool after `exit`.
    runtime.shutdown_background();
    if state.shutdown_requested.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(initialize::initialize(&self.state, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("client initialized");
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shutdown_requested.store(true, Ordering::SeqCst);
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
}
