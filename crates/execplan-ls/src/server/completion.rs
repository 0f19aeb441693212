//! `textDocument/completion`.

use execplan_ide::completion::{completions, CompletionKind};
use execplan_ide::detect_plan;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::diagnostics::file_name;
use super::panic_guard::guarded;
use super::Backend;
use crate::position;

pub fn completion(
    backend: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let uri = &params.text_document_position.text_document.uri;
    let state = &backend.state;
    let Some(request) = state.request(uri) else {
        return Ok(None);
    };
    let (snapshot, config, encoding) = (&request.snapshot, &request.config, request.encoding);
    let features = state.features();
    // A file the configuration's `plans` globs name is a plan from its first keystroke.
    let configured_plan = uri.to_file_path().is_some_and(|path| {
        let (settings, _) = state.repo_settings(&path);
        settings.is_configured_plan(&path)
    });
    guarded("completion", || {
        let offset = request.offset(params.text_document_position.position);
        let mut ctx = request.edit_context();
        ctx.snippets = features.snippets;
        let text = snapshot.file.text();
        ctx.is_plan = text.trim().is_empty()
            || configured_plan
            || detect_plan(&snapshot.file, &file_name(uri), config).is_plan();
        let found = completions(&snapshot.file, offset, &ctx);
        if found.items.is_empty() {
            return None;
        }
        let items = found
            .items
            .into_iter()
            .enumerate()
            .map(|(i, item)| CompletionItem {
                label: item.label,
                kind: Some(match item.kind {
                    CompletionKind::Section => CompletionItemKind::MODULE,
                    CompletionKind::Entry => CompletionItemKind::SNIPPET,
                    CompletionKind::File => CompletionItemKind::FILE,
                    CompletionKind::Folder => CompletionItemKind::FOLDER,
                    CompletionKind::Status => CompletionItemKind::ENUM_MEMBER,
                }),
                detail: item.detail,
                sort_text: Some(format!("{i:05}")),
                filter_text: item.filter_text,
                insert_text_format: Some(if item.is_snippet {
                    InsertTextFormat::SNIPPET
                } else {
                    InsertTextFormat::PLAIN_TEXT
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: position::range(&snapshot.rope, item.range, encoding),
                    new_text: item.insert_text,
                })),
                command: item.retrigger.then(|| Command {
                    title: "Suggest".to_string(),
                    command: "editor.action.triggerSuggest".to_string(),
                    arguments: None,
                }),
                ..Default::default()
            })
            .collect();
        Some(CompletionResponse::List(CompletionList {
            is_incomplete: found.is_incomplete,
            items,
        }))
    })
}
