//! `textDocument/codeLens`: on a plan's Progress heading, "7 of 12 done · last entry 3
//! days ago" (and "· stale: N commits" when known). Clicking it runs
//! [`ADD_PROGRESS_ENTRY`], a command of the server (`workspace/executeCommand`), which
//! asks the client to apply "Add progress entry (now)" (`workspace/applyEdit`), so it
//! works in any client that runs a lens's command, VS Code and Neovim among them.

use execplan_ide::glance::progress_line;
use execplan_ide::living::summarize;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::panic_guard::guarded;
use super::plans::{plan_config, stale_commits};
use super::Backend;
use crate::position;

/// The server's command behind the lens: its one argument is the document's URI.
pub const ADD_PROGRESS_ENTRY: &str = "execplan-ls.addProgressEntry";

pub fn code_lens(backend: &Backend, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let uri = &params.text_document.uri;
    let state = &backend.state;
    let Some(snapshot) = state.snapshot(uri) else {
        return Ok(None);
    };
    let encoding = state.encoding();
    let path = uri.to_file_path().map(|p| p.into_owned());
    guarded("codeLens", || {
        let config = plan_config(state, uri, &snapshot.file)?;
        let summary = summarize(&snapshot.file, &config);
        let stale = stale_commits(state, path.as_deref());
        let title = progress_line(&summary, config.now, stale)?;
        let heading = summary.progress?.heading;
        Some(vec![CodeLens {
            range: position::range(&snapshot.rope, heading, encoding),
            command: Some(Command {
                title,
                command: ADD_PROGRESS_ENTRY.to_string(),
                arguments: Some(vec![serde_json::Value::String(uri.as_str().to_string())]),
            }),
            data: None,
        }])
    })
}

/// `workspace/executeCommand` for [`ADD_PROGRESS_ENTRY`]: the entry's edit goes to the
/// client as `workspace/applyEdit`.
pub async fn execute_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<LSPAny>> {
    if params.command != ADD_PROGRESS_ENTRY {
        return Err(tower_lsp_server::jsonrpc::Error::invalid_params(format!(
            "unknown command {}",
            params.command
        )));
    }
    let uri = params
        .arguments
        .first()
        .and_then(|a| a.as_str())
        .and_then(|a| a.parse::<Uri>().ok())
        .ok_or_else(|| {
            tower_lsp_server::jsonrpc::Error::invalid_params(
                "the command's argument is the document's URI",
            )
        })?;
    let edit = guarded(ADD_PROGRESS_ENTRY, || {
        super::code_action::progress_entry_edit(backend, &uri)
    })?;
    let Some(edit) = edit else {
        tracing::warn!(
            uri = uri.as_str(),
            "{ADD_PROGRESS_ENTRY}: the document is not open"
        );
        return Ok(None);
    };
    let params = ApplyWorkspaceEditParams {
        label: Some(execplan_ide::actions::ADD_PROGRESS_ENTRY.to_string()),
        edit,
    };
    match backend
        .client
        .send_request::<request::ApplyWorkspaceEdit>(params)
        .await
    {
        Ok(response) if !response.applied => {
            tracing::warn!(reason = ?response.failure_reason, "the client did not apply the progress entry");
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "workspace/applyEdit failed"),
    }
    Ok(None)
}
