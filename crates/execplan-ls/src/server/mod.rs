//! The language server: the only code that knows the protocol. Each LSP method family has
//! its own module; each handler converts, calls `execplan-ide`, and converts back.

mod code_action;
mod code_lens;
mod completion;
mod custom;
mod definition;
mod diagnostics;
mod hover;
mod initialize;
mod inlay_hint;
mod panic_guard;
mod parent_process;
mod plans;
mod rename;
mod staleness;
mod state;
mod stdio;
mod symbols;
pub mod text_document;
mod transport;
mod workspace;

use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use self::state::State;

/// How many messages are handled at once (tower-lsp-server's default is 4).
const MAX_IN_FLIGHT: usize = 64;

#[derive(Clone)]
pub struct Backend {
    client: Client,
    state: Arc<State>,
}

/// Serves LSP on stdin/stdout until `exit` or the end of input. The exit code is 0 when
/// the client asked for `shutdown` first, else 1, as LSP specifies.
pub fn run() -> ExitCode {
    // One thread: a message passes from the stdin reader through the framing layer to the
    // handler and back without waking another thread at each step (on two cores that
    // halved a keystroke's round trip). Handlers do little work each; directory walks run
    // on the blocking pool.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be built");
    let state = Arc::new(State::default());
    let stdout_thread = runtime.block_on(async {
        let (service, socket) = LspService::build(|client| Backend {
            client,
            state: state.clone(),
        })
        .custom_method(custom::DOCUMENT_TEXT, Backend::document_text)
        .custom_method(plans::PLANS, Backend::plans)
        .finish();
        let (stdout, stdout_thread) = stdio::ThreadStdout::spawn();
        let (pipes, writer) = transport::start(stdio::ThreadStdin::spawn(), stdout);
        // Requests waiting for the workspace index must not hold back the messages behind
        // them (a `didChange`, another request): room for many in flight at once.
        Server::new(pipes.input, pipes.output, socket)
            .concurrency_level(MAX_IN_FLIGHT)
            .serve(service)
            .await;
        // Everything the server wrote reaches the client before the process ends: the
        // framing task hands it to the stdout thread, which ends once it has written it.
        let _ = writer.await;
        stdout_thread
    });
    if let Some(thread) = stdout_thread {
        let _ = thread.join();
    }
    // Do not wait for directory walks still running on the blocking pool after `exit`
    // (the stdin thread, perhaps blocked reading, ends with the process).
    runtime.shutdown_background();
    if state.shutdown_requested.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Requests that need a workspace folder's index (paths, other plans, the first pull of
/// diagnostics) wait for it (`State::index_ready`) rather than answer from a partial one;
/// the outline and folding need only the document and never wait.
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(initialize::initialize(&self.state, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("client initialized");
        // Index the workspace folders in the background: requests are answered meanwhile.
        workspace::start_indexing(self, self.state.roots());
        let backend = self.clone();
        tokio::spawn(async move { workspace::register_watchers(&backend).await });
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

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        workspace::did_change_watched_files(self, params).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        workspace::did_change_workspace_folders(self, params).await;
    }

    async fn will_rename_files(&self, params: RenameFilesParams) -> Result<Option<WorkspaceEdit>> {
        self.state.index_ready(None).await;
        rename::will_rename_files(self, params)
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        self.state.index_ready_for(&params.text_document.uri).await;
        diagnostics::document_diagnostic(self, params)
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        self.state.index_ready(None).await;
        diagnostics::workspace_diagnostic(self, params)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = &params.text_document_position.text_document.uri;
        self.state.index_ready_for(uri).await;
        completion::completion(self, params)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.state.index_ready_for(&params.text_document.uri).await;
        code_action::code_action(self, params)
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let uri = &params.text_document_position_params.text_document.uri;
        self.state.index_ready_for(uri).await;
        definition::definition(self, params)
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.state.index_ready_for(&params.text_document.uri).await;
        definition::document_links(self, params)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.state.index_ready(None).await;
        definition::references(self, params)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = &params.text_document_position_params.text_document.uri;
        self.state.index_ready_for(uri).await;
        hover::hover(self, params)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        symbols::document_symbols(self, params)
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        symbols::folding_ranges(self, params)
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.state.index_ready(None).await;
        symbols::workspace_symbols(self, params)
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        code_lens::code_lens(self, params)
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        code_lens::execute_command(self, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        inlay_hint::inlay_hints(self, params)
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        *self
            .state
            .editor_settings
            .write()
            .unwrap_or_else(|e| e.into_inner()) = initialize::editor_settings(&params.settings);
        self.state.forget_repos();
        plans::workspace_changed(self);
        if self.state.features().inlay_hint_refresh {
            if let Err(error) = self.client.inlay_hint_refresh().await {
                tracing::warn!(%error, "workspace/inlayHint/refresh failed");
            }
        }
        diagnostics::refresh(self).await;
    }
}
