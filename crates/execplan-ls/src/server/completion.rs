//! `textDocument/completion`.

use execplan_ide::completion::{completions, CompletionKind};
use execplan_ide::{detect_plan, EditContext, UtcMinute};
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
    let Some(snapshot) = state.snapshot(uri) else {
        return Ok(None);
    };
    let repo = state.repo_for(uri);
    let config = state.config_for(uri);
    let encoding = state.encoding();
    let features = state.features();
    // A file the configuration's `plans` globs name is a plan from its first keystroke.
    let configured_plan = uri.to_file_path().is_some_and(|path| {
        let (settings, _) = state.repo_settings(&path);
        settings.is_configured_plan(&path)
    });
    guarded("completion", || {
        let offset = position::offset(
            &snapshot.rope,
            params.text_document_position.position,
            encoding,
        );
        let mut ctx = EditContext::new(&config, UtcMinute::now());
        ctx.snippets = features.snippets;
        ctx.repo = repo.as_ref().map(|r| &*r.files);
        ctx.doc_dir = repo.as_ref().map(|r| r.doc_dir.as_str());
        let text = snapshot.file.text();
        ctx.is_plan = text.trim().is_empty()
            || configured_plan
            || detect_plan(&snapshot.file, &file_name(uri), &config.standard).is_plan();
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
